"""Where the proof view draws its marks: unknown words, bad breaks and open corrections as
boxes on the pages where their text is set (taken from the display list, so they follow
reflow), with a numbered note for each correction's first box."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from epaperdesk.geometry import Rect
from epaperdesk.model.edition import Edition
from epaperdesk.proof.breaks import BadBreak
from epaperdesk.proof.spellcheck import Misspelling
from epaperdesk.typeset.hittest import range_boxes
from epaperdesk.typeset.layout import EditionLayout

SHOWN_STATUSES = ("open", "accepted")  # corrections still to be made


@dataclass(frozen=True)
class ProofMark:
    page_index: int
    kind: str  # "spelling", "break", or a correction kind ("delete", "insert", …)
    box: Rect  # page points; a box of no width is a point (a caret)
    note: str = ""  # "C3: Delete “the”" on a correction's first box, else ""


def marked_ranges(
    edition: Edition, misspellings: Iterable[Misspelling], bad_breaks: Iterable[BadBreak]
) -> list[tuple[str, int, int, str, str]]:
    """(story id, start, end, kind, note) of everything the proof view marks: unknown words,
    bad breaks that are warnings (notes such as loose lines are left to the panel), and the
    corrections still to be made, numbered."""
    wanted = [(m.story_id, m.start, m.end, "spelling", "") for m in misspellings]
    wanted += [(b.story_id, b.start, b.end, "break", "") for b in bad_breaks if b.severity == "warning"]
    for correction in edition.corrections.values():
        if correction.status not in SHOWN_STATUSES:
            continue
        story = edition.stories.get(correction.story_id)
        anchor = story.anchors.get(correction.id) if story is not None else None
        if anchor is None:
            continue
        start, end = anchor
        wanted.append((correction.story_id, start, end, correction.kind, f"{correction.id}: {correction.label}"))
    return wanted


def proof_marks(
    edition: Edition, layout: EditionLayout, misspellings: Iterable[Misspelling], bad_breaks: Iterable[BadBreak]
) -> list[ProofMark]:
    """Every box the proof view draws, page by page."""
    wanted = marked_ranges(edition, misspellings, bad_breaks)
    marks: list[ProofMark] = []
    for index, display in enumerate(layout.pages):
        if display is None:
            continue
        stories_here = {line.story_id for line in display.lines}
        for story_id, start, end, kind, note in wanted:
            if story_id not in stories_here:
                continue
            for number, box in enumerate(range_boxes(display, story_id, start, end)):
                marks.append(ProofMark(index, kind, box, note if number == 0 else ""))
    return marks
