"""Options of a PDF export, and parsing them from the command line's words."""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, field
from pathlib import Path

from epaperdesk.geometry import mm
from epaperdesk.geometry import parse_length as geometry_parse_length
from epaperdesk.render.colour import COLOUR_MODES

PDFX_FLAVOURS = ("none", "x4", "x1a")


class OptionError(ValueError):
    """An export option that cannot be used; the message names it."""


@dataclass(frozen=True)
class PdfOptions:
    pages: tuple[int, ...] | None = None  # 1-based page numbers; None = all
    bleed: float | None = None  # points; None = each page's own bleed
    marks: bool = True  # crop and registration marks and the information line
    slug: float = mm(12)  # room around the bleed for marks and the information line
    colour: str = "cmyk"
    pdfx: str = "none"
    icc_profile: Path | None = None  # CMYK output profile; None = the installed default
    ink_limit: float | None = None  # total ink (%) for images converted to CMYK (newsprint: 240)
    date: datetime.datetime | None = None  # written as the creation date; None = the edition's date
    split: bool = False  # one file per page (the output name holds %d)
    progress: object = field(default=None, compare=False)  # callable(done, total) or None

    def __post_init__(self) -> None:
        if self.colour not in COLOUR_MODES:
            raise OptionError(f"colour mode {self.colour!r} is not one of {', '.join(COLOUR_MODES)}")
        if self.pdfx not in PDFX_FLAVOURS:
            raise OptionError(f"PDF/X flavour {self.pdfx!r} is not one of {', '.join(PDFX_FLAVOURS)}")
        if self.pdfx == "x1a" and self.colour != "cmyk":
            raise OptionError("PDF/X-1a needs CMYK output")
        if self.pdfx != "none" and self.colour == "rgb":
            raise OptionError("PDF/X output needs CMYK or grey, not RGB")
        if self.ink_limit is not None and not 100 <= self.ink_limit <= 400:
            raise OptionError(f"total ink limit {self.ink_limit:g} % is outside 100–400 %")
        if self.bleed is not None and not 0 <= self.bleed <= mm(10) + 1e-9:
            raise OptionError("bleed must be 0–10 mm")
        if self.slug < 0:
            raise OptionError("slug must not be negative")


def parse_pages(text: str, count: int) -> tuple[int, ...]:
    """'1,3-4' → (1, 3, 4), checked against the edition's page count (an empty list of pages is
    a mistake, not "all pages")."""
    if not text.strip():
        raise OptionError("pages: no page given (leave the option out for every page)")
    pages: list[int] = []
    for part in text.split(","):
        part = part.strip()
        match = re.fullmatch(r"(\d+)(?:-(\d+))?", part)
        if not match:
            raise OptionError(f"pages: {part!r} is not a page number or range like 3-4")
        first, last = int(match.group(1)), int(match.group(2) or match.group(1))
        if first < 1 or last < first:
            raise OptionError(f"pages: {part!r} is not a valid range")
        if last > count:
            raise OptionError(f"pages: the edition has {count} page{'s' if count != 1 else ''}, not {last}")
        pages.extend(range(first, last + 1))
    return tuple(dict.fromkeys(pages))


def parse_length(text: str) -> float:
    """'3mm', '0.125in', '9pt', '1pica', '12p6' or a bare number of mm → points (not negative)."""
    try:
        value = geometry_parse_length(text, "mm")
    except ValueError as error:
        raise OptionError(str(error)) from None
    if value < 0:
        raise OptionError(f"{text!r}: a length here cannot be negative")
    return value
