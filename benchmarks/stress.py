"""The typesetting stress page: about 6,000 words of English prose (the sample edition's
articles plus benchmarks/stress-essays.txt, all original to this project) in 9 pt Source
Serif on 10.5 pt leading, justified and hyphenated (US English), in 112 pt columns with 9 pt
gutters."""

from __future__ import annotations

import re
from pathlib import Path

from epaperdesk.geometry import Rect
from epaperdesk.model import Edition, Page, ParagraphStyle, Story, TextFrame
from epaperdesk.model.frames import Insets

ROOT = Path(__file__).resolve().parent.parent
SOURCES = [
    ROOT / "resources" / "samples" / "meridian" / name
    for name in ("lead.txt", "soil.txt", "interview.txt", "briefs.txt")
]
ESSAYS = ROOT / "benchmarks" / "stress-essays.txt"
COLUMN, GUTTER, COLUMNS = 112.0, 9.0, 12
BODY = ParagraphStyle("body", size=9.0, leading=10.5, first_line_indent=9.0)


def stress_paragraphs() -> list[str]:
    paragraphs = []
    for path in SOURCES:
        for line in path.read_text(encoding="utf-8").splitlines():
            text = re.sub(r"^\[[a-z-]+\] ", "", line).replace("**", "").strip()
            if len(text.split()) > 12:  # body paragraphs only, no heads or bylines
                paragraphs.append(text)
    paragraphs += [p for p in ESSAYS.read_text(encoding="utf-8").split("\n") if p.strip()]
    return paragraphs


def stress_edition() -> Edition:
    """One tall page with a twelve-column frame holding the whole text."""
    paragraphs = stress_paragraphs()
    text = "\n".join(paragraphs)
    edition = Edition(title="Stress", paragraph_styles={"body": BODY})
    edition.stories["stress"] = Story("stress", text, ["body"] * len(paragraphs))
    width = COLUMNS * COLUMN + (COLUMNS - 1) * GUTTER
    page = Page("p1", width + 40, 1440 + 40)
    page.frames = [
        TextFrame("f1", Rect(20, 20, width, 1440), story_id="stress", columns=COLUMNS, gutter=GUTTER, insets=Insets())
    ]
    edition.pages = [page]
    return edition
