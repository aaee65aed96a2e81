"""What EpaperDesk's proof comments hold, shared by the writer and the reader: the private key
of our own annotations, the colours of each kind, review states both ways, the annotation
types read back, and PDF dates."""

from __future__ import annotations

import datetime
import re

PRIVATE_KEY = "/EpaperDesk"
COLOURS = {
    "delete": (0.85, 0.1, 0.1),
    "insert": (0.1, 0.35, 0.85),
    "replace": (0.85, 0.1, 0.1),
    "query": (1.0, 0.85, 0.0),
    "other": (0.0, 0.55, 0.25),
}
REVIEW_STATES = {
    "open": "None",
    "accepted": "Accepted",
    "rejected": "Rejected",
    "applied": "Completed",
    "done": "Completed",
}
STATE_STATUS = {
    "None": "open",
    "Accepted": "accepted",
    "Rejected": "rejected",
    "Completed": "applied",
    "Cancelled": "rejected",
}
MARKUP = {"/Text", "/FreeText", "/Highlight", "/StrikeOut", "/Underline", "/Squiggly", "/Caret"}


def pdf_date(iso: str) -> str:
    """An ISO time as a PDF date string (D:YYYYMMDDHHmmSSZ)."""
    try:
        moment = datetime.datetime.fromisoformat(iso)
    except (TypeError, ValueError):
        moment = datetime.datetime(2000, 1, 1, tzinfo=datetime.UTC)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=datetime.UTC)
    return moment.astimezone(datetime.UTC).strftime("D:%Y%m%d%H%M%SZ")


def iso_date(pdf: str) -> str:
    """A PDF date string as ISO time ("" when it is no date)."""
    match = re.match(r"D?:?(\d{4})(\d{2})?(\d{2})?(\d{2})?(\d{2})?(\d{2})?", pdf or "")
    if not match:
        return ""
    year, month, day, hour, minute, second = (int(p) if p else d for p, d in zip(match.groups(), (2000, 1, 1, 0, 0, 0)))
    try:
        return datetime.datetime(year, month, day, hour, minute, second, tzinfo=datetime.UTC).isoformat()
    except ValueError:
        return ""
