"""Text variables: {{name}} in any story is set as its value where the story stands —
the edition's title, volume and number, date (as the edition's language writes dates),
the page number and count, the page's section. Unknown names stay visible as typed."""

from __future__ import annotations

import datetime
import re

from epaperdesk.model.edition import Edition

VARIABLE = re.compile(r"\{\{([a-z-]+)\}\}")
NAMES = {
    "title": "Edition title",
    "volume": "Volume",
    "number": "Number",
    "issue": "Volume and number (VOL.1-NO.25)",
    "date": "Date",
    "weekday": "Weekday",
    "edition-line": "Edition line",
    "page": "Page number",
    "pages": "Page count",
    "section": "Section",
}
MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def format_date(date: datetime.date, language: str) -> str:
    """A date as the language writes it: "November 26, 2026" (US), "26 November 2026" (GB)."""
    month = MONTHS[date.month - 1]
    return f"{date.day} {month} {date.year}" if language == "en_GB" else f"{month} {date.day}, {date.year}"


def page_values(edition: Edition, page_index: int | None) -> tuple[tuple[str, str], ...]:
    """The value of every variable on a page (None: a master page, which shows "#")."""
    page = None
    folio = "#"
    if page_index is not None and page_index < len(edition.pages):
        page = edition.pages[page_index]
        folio = str(page_index + 1)
    values = {
        "title": edition.title,
        "volume": str(edition.volume),
        "number": str(edition.number),
        "issue": edition.volume_and_number,
        "date": format_date(edition.date, edition.language),
        "weekday": WEEKDAYS[edition.date.weekday()],
        "edition-line": edition.edition_line,
        "page": folio,
        "pages": str(len(edition.pages)),
        "section": page.section if page is not None else "Section",
    }
    return tuple(sorted(values.items()))


def resolve(text: str, values: dict[str, str]) -> str:
    return VARIABLE.sub(lambda m: values.get(m.group(1), m.group(0)), text)


def uses_variables(text: str) -> bool:
    return "{{" in text and VARIABLE.search(text) is not None
