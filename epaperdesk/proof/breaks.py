"""Bad breaks on the laid-out pages: what a proofreader circles in narrow justified columns.

Warnings: hyphen ladders longer than the style allows, a hyphen on the last line of a column
(or page), a hyphenated proper noun, a widow or an orphan, a word broken across a jump.
Notes: lines looser or tighter than the H&J limits, and the same word starting consecutive
lines (a stack). Each finding names its story range, so it can be located and fixed."""

from __future__ import annotations

from dataclasses import dataclass

from epaperdesk.model.edition import Edition
from epaperdesk.model.story import PARAGRAPH_SEPARATOR
from epaperdesk.typeset.displaylist import LineRecord
from epaperdesk.typeset.layout import EditionLayout

WARNING, NOTE = "warning", "note"


@dataclass(frozen=True)
class BadBreak:
    kind: str  # ladder, column-foot, page-foot, proper-noun, widow, orphan, jump, loose, tight, stack
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
    found: list[BadBreak] = []
    by_story: dict[str, list[tuple[int, LineRecord]]] = {}
    for page_number, display in enumerate(layout.pages, start=1):
        if display is None:
            continue
        for record in display.lines:
            by_story.setdefault(record.story_id, []).append((page_number, record))
    for story_id, lines in by_story.items():
        story = edition.stories.get(story_id)
        if story is None:
            continue
        lines.sort(key=lambda item: item[1].start)
        text = story.text
        run = 0
        for index, (page, line) in enumerate(lines):
            style = edition.paragraph_styles.get(story.paragraph_styles[story.paragraph_index_at(line.start)])
            nxt = lines[index + 1] if index + 1 < len(lines) else None
            prev = lines[index - 1] if index > 0 else None

            def add(
                kind: str, severity: str, start: int, end: int, message: str, story_id=story_id, page=page, line=line
            ) -> None:
                found.append(BadBreak(kind, severity, story_id, start, end, page, line.frame_id, message))

            if line.hyphenated:
                run += 1
                w_start, w_end, word = _broken_word(text, line.end)
                limit = style.hyphenation.max_consecutive if style else 2
                if run == limit + 1:
                    add("ladder", WARNING, w_start, w_end, f"{run} hyphens in a row (the style allows {limit})")
                elif run > limit + 1:
                    add("ladder", WARNING, w_start, w_end, f"{run} hyphens in a row")
                if nxt is not None and nxt[0] != page:
                    add("jump", WARNING, w_start, w_end, f"“{word}” is broken across a jump (page {page} to {nxt[0]})")
                elif line.last_of_column:
                    last_on_page = nxt is None or nxt[0] != page or nxt[1].frame_id != line.frame_id
                    add(
                        "page-foot" if last_on_page else "column-foot",
                        WARNING,
                        w_start,
                        w_end,
                        f"hyphen at the foot of a {'page' if last_on_page else 'column'} (“{word}”)",
                    )
                paragraph_start = text.rfind(PARAGRAPH_SEPARATOR, 0, w_start) + 1
                if word[:1].isupper() and w_start > paragraph_start and text[:w_start].rstrip()[-1:] not in '.!?:"“':
                    add("proper-noun", WARNING, w_start, w_end, f"hyphenated proper noun “{word}”")
            else:
                run = 0
            # widows and orphans: one line of a paragraph alone in a column
            paragraph = story.paragraph_index_at(line.start)
            same_paragraph_next = nxt is not None and story.paragraph_index_at(nxt[1].start) == paragraph
            same_paragraph_prev = prev is not None and story.paragraph_index_at(prev[1].start) == paragraph
            new_column = prev is None or (prev[1].frame_id, prev[1].column) != (line.frame_id, line.column)
            if same_paragraph_next and not same_paragraph_prev and line.last_of_column:
                add("orphan", WARNING, line.start, line.end, "orphan: a paragraph's first line alone at a column foot")
            if line.last_of_paragraph and same_paragraph_prev and new_column:
                add("widow", WARNING, line.start, line.end, "widow: a paragraph's last line alone at a column head")
            # spacing beyond the H&J limits (justified lines; the last line of a paragraph is free)
            if style is not None and line.alignment == "justify" and not line.last_of_paragraph and line.space_ratio:
                ratio = line.space_ratio * 100
                limits = style.justification
                if ratio > limits.word_space_max + 0.5:
                    add(
                        "loose",
                        NOTE,
                        line.start,
                        line.end,
                        f"loose line: word spaces at {ratio:.0f} % (limit {limits.word_space_max:.0f} %)",
                    )
                elif ratio < limits.word_space_min - 0.5:
                    add(
                        "tight",
                        NOTE,
                        line.start,
                        line.end,
                        f"tight line: word spaces at {ratio:.0f} % (limit {limits.word_space_min:.0f} %)",
                    )
            # a stack: the same word starting this line and the next in one column
            if nxt is not None and (nxt[1].frame_id, nxt[1].column) == (line.frame_id, line.column):
                first = _first_word(text, line.start, line.end)
                if len(first) > 1 and first == _first_word(text, nxt[1].start, nxt[1].end):
                    add("stack", NOTE, nxt[1].start, nxt[1].end, f"“{first}” starts two lines in a row")
    found.sort(key=lambda b: (b.page, b.story_id, b.start))
    return found
