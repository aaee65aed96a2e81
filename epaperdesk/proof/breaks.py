"""Bad breaks on the laid-out pages: what a proofreader circles in narrow justified columns.

Warnings: hyphen ladders longer than the style allows, a hyphen on the last line of a column
(or page), a hyphenated proper noun (not a compound broken at its own hyphen: "China-" /
"Africa" is accepted practice), a word split with no hyphen (a word wider than the measure
broken anywhere), a widow or an orphan, a word broken across a jump.
Notes: lines looser or tighter than the H&J limits, and the same word starting consecutive
lines (a stack). Each finding names its story range, so it can be located and fixed."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass

from epaperdesk.model.edition import Edition
from epaperdesk.model.overrides import paragraph_style
from epaperdesk.model.story import PARAGRAPH_SEPARATOR, Story
from epaperdesk.model.styles import ParagraphStyle
from epaperdesk.typeset.displaylist import LineRecord
from epaperdesk.typeset.hyphenate import HARD_HYPHENS
from epaperdesk.typeset.layout import EditionLayout

WARNING, NOTE = "warning", "note"
MASTER_ITEM = "~"  # a master item drawn on a page has the id PAGE~FRAME


@dataclass(frozen=True)
class BadBreak:
    kind: str  # ladder, column-foot, page-foot, proper-noun, no-hyphen, widow, orphan, jump, loose, tight, stack
    severity: str
    story_id: str
    start: int
    end: int
    page: int  # 1-based page number
    frame_id: str
    message: str


def _broken_word(text: str, line_end: int) -> tuple[int, int, str]:
    """The word a hyphenated line ends inside: (start, end, word)."""
    start = line_end
    while start > 0 and not text[start - 1].isspace():
        start -= 1
    end = line_end
    while end < len(text) and not text[end].isspace():
        end += 1
    return start, end, text[start:end].strip("\"“”‘’'().,;:!?")


def _first_word(text: str, start: int, end: int) -> str:
    word = text[start:end].split(maxsplit=1)
    return word[0].strip("\"“”‘’'().,;:!?—–").lower() if word else ""


def find_bad_breaks(edition: Edition, layout: EditionLayout) -> list[BadBreak]:
    """Every bad break on the laid-out pages, by page, story and position."""
    found = [bad for line in _story_lines(edition, layout) for check in LINE_CHECKS for bad in check(line)]
    found.sort(key=lambda b: (b.page, b.story_id, b.start))
    return found


Placed = tuple[int, LineRecord]  # (1-based page number, line)


@dataclass(frozen=True)
class _Line:
    """One laid-out line as the checks see it: its story, style and neighbours in story order."""

    story: Story
    text: str
    page: int
    record: LineRecord
    paragraph: int  # index of the paragraph the line starts in
    style: ParagraphStyle | None
    previous: Placed | None
    following: Placed | None
    run: int  # hyphenated lines in a row, this one the last (0: this line is not hyphenated)

    def bad(self, kind: str, severity: str, start: int, end: int, message: str) -> BadBreak:
        return BadBreak(kind, severity, self.record.story_id, start, end, self.page, self.record.frame_id, message)

    def same_paragraph(self, other: Placed | None) -> bool:
        return other is not None and self.story.paragraph_index_at(other[1].start) == self.paragraph


def _story_lines(edition: Edition, layout: EditionLayout) -> Iterator[_Line]:
    """The lines of every story on the laid-out pages, each story's in story order. A master
    page's story is set anew on every page that uses the master: each page's copy apart."""
    by_story: dict[tuple[str, int], list[Placed]] = {}
    for page_number, display in enumerate(layout.pages, start=1):
        if display is None:
            continue
        for record in display.lines:
            copy = page_number if MASTER_ITEM in record.frame_id else 0
            by_story.setdefault((record.story_id, copy), []).append((page_number, record))
    for (story_id, _copy), lines in by_story.items():
        story = edition.stories.get(story_id)
        if story is None:
            continue
        lines.sort(key=lambda item: item[1].start)
        run = 0
        for index, (page, line) in enumerate(lines):
            paragraph = story.paragraph_index_at(line.start)
            run = run + 1 if line.hyphenated else 0
            yield _Line(
                story,
                story.text,
                page,
                line,
                paragraph,
                paragraph_style(edition.paragraph_styles, story.paragraph_styles[paragraph]),
                lines[index - 1] if index > 0 else None,
                lines[index + 1] if index + 1 < len(lines) else None,
                run,
            )


def _ladder(line: _Line) -> Iterator[BadBreak]:
    """More hyphenated lines in a row than the style allows."""
    if not line.run:
        return
    w_start, w_end, _word = _broken_word(line.text, line.record.end)
    limit = line.style.hyphenation.max_consecutive if line.style else 2
    if line.run == limit + 1:
        yield line.bad("ladder", WARNING, w_start, w_end, f"{line.run} hyphens in a row (the style allows {limit})")
    elif line.run > limit + 1:
        yield line.bad("ladder", WARNING, w_start, w_end, f"{line.run} hyphens in a row")


def _hyphen_at_foot(line: _Line) -> Iterator[BadBreak]:
    """A word broken across a jump, or a hyphen on the last line of a column or page."""
    record, following, page = line.record, line.following, line.page
    if not record.hyphenated:
        return
    w_start, w_end, word = _broken_word(line.text, record.end)
    if following is not None and following[0] != page:
        yield line.bad(
            "jump", WARNING, w_start, w_end, f"“{word}” is broken across a jump (page {page} to {following[0]})"
        )
    elif record.last_of_column:
        last_on_page = following is None or following[0] != page or following[1].frame_id != record.frame_id
        yield line.bad(
            "page-foot" if last_on_page else "column-foot",
            WARNING,
            w_start,
            w_end,
            f"hyphen at the foot of a {'page' if last_on_page else 'column'} (“{word}”)",
        )


def _proper_noun(line: _Line) -> Iterator[BadBreak]:
    """A capitalised word broken that does not merely start a sentence. Of a compound, the
    part broken counts ("pro-Bei-" / "jing"); a break at the compound's own hard hyphen
    ("China-" / "Africa") is none."""
    end = line.record.end
    text = line.text
    if not line.record.hyphenated or (end > 0 and text[end - 1] in HARD_HYPHENS):
        return
    w_start, w_end, word = _broken_word(text, end)
    part_start, part = _broken_part(text, w_start, w_end, end)
    if part_start > w_start:
        if part[:1].isupper():
            yield line.bad("proper-noun", WARNING, w_start, w_end, f"hyphenated proper noun “{part}”")
        return
    paragraph_start = text.rfind(PARAGRAPH_SEPARATOR, 0, w_start) + 1
    if word[:1].isupper() and w_start > paragraph_start and text[:w_start].rstrip()[-1:] not in '.!?:"“':
        yield line.bad("proper-noun", WARNING, w_start, w_end, f"hyphenated proper noun “{word}”")


def _broken_part(text: str, w_start: int, w_end: int, at: int) -> tuple[int, str]:
    """The part of a compound, between its hard hyphens, that a break at `at` falls in:
    (its start, the part without punctuation)."""
    hyphen_at = max(text.rfind(hyphen, w_start, at) for hyphen in HARD_HYPHENS)
    start = hyphen_at + 1 if hyphen_at >= 0 else w_start
    ends = [i for i in (text.find(hyphen, at, w_end) for hyphen in HARD_HYPHENS) if i >= 0]
    return start, text[start : min(ends, default=w_end)].strip("\"“”‘’'().,;:!?")


def _split_without_hyphen(line: _Line) -> Iterator[BadBreak]:
    """A word broken between two letters with no hyphen: the emergency break of a word wider
    than the measure, which a reader takes for two words."""
    record, text = line.record, line.text
    end = record.end
    if record.hyphenated or not 0 < end < len(text) or not (text[end - 1].isalnum() and text[end].isalnum()):
        return
    w_start, w_end, word = _broken_word(text, end)
    yield line.bad(
        "no-hyphen",
        WARNING,
        w_start,
        w_end,
        f"“{word}” is split with no hyphen (“{text[w_start:end]}” / “{text[end:w_end]}”)",
    )


def _orphan(line: _Line) -> Iterator[BadBreak]:
    """A paragraph's first line alone at a column foot."""
    record = line.record
    if line.same_paragraph(line.following) and not line.same_paragraph(line.previous) and record.last_of_column:
        yield line.bad(
            "orphan", WARNING, record.start, record.end, "orphan: a paragraph's first line alone at a column foot"
        )


def _widow(line: _Line) -> Iterator[BadBreak]:
    """A paragraph's last line alone at a column head."""
    record, previous = line.record, line.previous
    new_column = previous is None or (previous[1].frame_id, previous[1].column) != (record.frame_id, record.column)
    if record.last_of_paragraph and line.same_paragraph(previous) and new_column:
        yield line.bad(
            "widow", WARNING, record.start, record.end, "widow: a paragraph's last line alone at a column head"
        )


def _spacing(line: _Line) -> Iterator[BadBreak]:
    """Word spaces beyond the H&J limits (justified lines; the last line of a paragraph is free)."""
    record, style = line.record, line.style
    if style is None or record.alignment != "justify" or record.last_of_paragraph or not record.space_ratio:
        return
    ratio = record.space_ratio * 100
    limits = style.justification
    if ratio > limits.word_space_max + 0.5:
        yield line.bad(
            "loose",
            NOTE,
            record.start,
            record.end,
            f"loose line: word spaces at {ratio:.0f} % (limit {limits.word_space_max:.0f} %)",
        )
    elif ratio < limits.word_space_min - 0.5:
        yield line.bad(
            "tight",
            NOTE,
            record.start,
            record.end,
            f"tight line: word spaces at {ratio:.0f} % (limit {limits.word_space_min:.0f} %)",
        )


def _stack(line: _Line) -> Iterator[BadBreak]:
    """The same word starting this line and the next in one column."""
    record, following = line.record, line.following
    if following is None or (following[1].frame_id, following[1].column) != (record.frame_id, record.column):
        return
    below = following[1]
    first = _first_word(line.text, record.start, record.end)
    if len(first) > 1 and first == _first_word(line.text, below.start, below.end):
        yield line.bad("stack", NOTE, below.start, below.end, f"“{first}” starts two lines in a row")


LINE_CHECKS: tuple[Callable[[_Line], Iterator[BadBreak]], ...] = (
    _ladder,
    _hyphen_at_foot,
    _proper_noun,
    _split_without_hyphen,
    _orphan,
    _widow,
    _spacing,
    _stack,
)
