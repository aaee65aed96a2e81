"""The whole proof check of an edition, as `epaperdesk check` prints it: unknown and repeated
words, breaks pasted copy kept, bad breaks, overset text and open corrections. Every finding
names its page, story, frame column and line and the words of that line as set, so that a
proof desk finds it on the page without the window."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass, replace

from epaperdesk.model.edition import Edition
from epaperdesk.proof.breaks import NOTE, WARNING, find_bad_breaks
from epaperdesk.proof.pdf_breaks import find_copy_breaks
from epaperdesk.proof.repeats import find_repeated_words
from epaperdesk.proof.spellcheck import SpellChecker, accepted_words, joined_words
from epaperdesk.proof.tokens import SOFT_HYPHEN
from epaperdesk.typeset.displaylist import LineRecord
from epaperdesk.typeset.hyphenate import HARD_HYPHENS
from epaperdesk.typeset.layout import EditionLayout

LINES_SHOWN = 3  # lines of a finding quoted at most (a repeat or a split spans two)
EXCERPT = 40  # characters either side of a finding quoted when it is not on a page
OVERSET_WORDS_SHOWN = 8


@dataclass(frozen=True)
class Finding:
    category: str  # spelling, paste, break, overset, correction
    kind: str
    severity: str  # warning or note
    page: int | None  # 1-based; None: the text is not on a page (overset or unplaced)
    story_id: str
    start: int
    end: int
    text: str
    message: str
    frame_id: str = ""
    column: int | None = None  # 1-based, within its frame
    line: int | None = None  # 1-based, within its column
    line_text: str = ""  # the words of the line(s) as set; an excerpt of the story when not set

    def as_dict(self) -> dict:
        return asdict(self)


@dataclass(frozen=True)
class _SetLine:
    page: int
    number: int  # 1-based, within its frame column
    record: LineRecord


def page_of(layout: EditionLayout, story_id: str, position: int) -> int | None:
    """The page on which a story position is set (None when it is not set anywhere)."""
    for number, display in enumerate(layout.pages, start=1):
        if display is None:
            continue
        for line in display.lines:
            if line.story_id == story_id and line.start <= position <= line.end:
                return number
    return None


def check_edition(
    edition: Edition, layout: EditionLayout, checker: SpellChecker | None = None
) -> tuple[list[Finding], list[str]]:
    """Every finding, by page and story, and the problems that kept a check from running
    (a missing dictionary)."""
    checker = checker or SpellChecker()
    lines = _set_lines(layout)
    findings = [
        *_spelling(edition, checker),
        *_repeats(edition),
        *_copy_breaks(edition, checker),
        *_bad_breaks(edition, layout),
        *_overset(edition, layout, lines),
        *_corrections(edition),
    ]
    findings = [_located(finding, edition, lines) for finding in findings]
    findings.sort(key=lambda f: (f.page if f.page is not None else 10**6, f.story_id, f.start, f.category))
    return findings, list(checker.problems)


def _spelling(edition: Edition, checker: SpellChecker) -> Iterator[Finding]:
    """Unknown words; one that copy split from its neighbour names the joined word."""
    tests: dict[str, Callable[[str], bool]] = {}
    accepted = accepted_words(edition)
    for miss in checker.check_edition(edition):
        story = edition.stories[miss.story_id]
        if story.language not in tests:
            tests[story.language] = checker.word_test(story.language, accepted)
        joined = joined_words(story.text, miss.start, miss.end, tests[story.language])
        hint = f" (split from “{joined[0]}”?)" if joined else ""
        message = f"unknown word “{miss.word}”{hint}"
        yield Finding(
            "spelling", "unknown-word", WARNING, None, miss.story_id, miss.start, miss.end, miss.word, message
        )


def _repeats(edition: Edition) -> Iterator[Finding]:
    for story in edition.stories.values():
        for repeat in find_repeated_words(story):
            text = story.text[repeat.start : repeat.end]
            yield Finding(
                "spelling", "repeated-word", WARNING, None, story.id, repeat.start, repeat.end, text, repeat.message
            )


def _copy_breaks(edition: Edition, checker: SpellChecker) -> Iterator[Finding]:
    accepted = accepted_words(edition)
    for story in edition.stories.values():
        for found in find_copy_breaks(story, checker.word_test(story.language, accepted)):
            text = story.text[found.start : found.end]
            yield Finding("paste", found.kind, WARNING, None, story.id, found.start, found.end, text, found.message)


def _bad_breaks(edition: Edition, layout: EditionLayout) -> Iterator[Finding]:
    for bad in find_bad_breaks(edition, layout):
        text = edition.stories[bad.story_id].text[bad.start : bad.end]
        yield Finding(
            "break", bad.kind, bad.severity, bad.page, bad.story_id, bad.start, bad.end, text, bad.message, bad.frame_id
        )


def _overset(edition: Edition, layout: EditionLayout, lines: dict[str, list[_SetLine]]) -> Iterator[Finding]:
    """Text that does not fit its frames: where it starts, on the page of the last frame."""
    for story_id, report in layout.stories.items():
        story = edition.stories.get(story_id)
        if story is None or not report.overset_lines:
            continue
        set_lines = lines.get(story_id, [])
        last = max(set_lines, key=lambda line: line.record.end, default=None)
        start = last.record.end if last else 0
        while start < len(story.text) and story.text[start].isspace():
            start += 1
        frame = report.frames[-1] if report.frames else ""
        page = last.page if last else _page_of_frame(edition, frame)
        count = report.overset_lines
        message = (
            f"overset: {count} line{'s' if count != 1 else ''} ({report.overset_words} words) "
            f"after frame {frame or '(none)'}"
        )
        text = story.text[start:]
        shown = " ".join(text.split()[:OVERSET_WORDS_SHOWN]) + ("…" if len(text.split()) > OVERSET_WORDS_SHOWN else "")
        end = len(story.text)
        yield Finding("overset", "overset", WARNING, page, story_id, start, end, text, message, frame, line_text=shown)


def _page_of_frame(edition: Edition, frame_id: str) -> int | None:
    try:
        page, _ = edition.find_frame(frame_id)
    except KeyError:
        return None
    return edition.pages.index(page) + 1 if page in edition.pages else None


def _corrections(edition: Edition) -> Iterator[Finding]:
    for correction in edition.corrections.values():
        if correction.status not in ("open", "accepted"):
            continue
        story = edition.stories.get(correction.story_id)
        start, end = story.anchors.get(correction.id, (0, 0)) if story else (0, 0)
        yield Finding(
            "correction",
            correction.kind,
            WARNING,
            None,
            correction.story_id,
            start,
            end,
            story.text[start:end] if story else "",
            f"{correction.status} correction {correction.id} by {correction.author or 'unknown'}: {correction.label}",
        )


# -- where a finding is set ------------------------------------------------------------------


def _set_lines(layout: EditionLayout) -> dict[str, list[_SetLine]]:
    """Every set line by story, in story order, numbered within its frame column."""
    by_story: dict[str, list[_SetLine]] = {}
    for page_number, display in enumerate(layout.pages, start=1):
        if display is None:
            continue
        columns: dict[tuple[str, int], list[LineRecord]] = {}
        for record in display.lines:
            columns.setdefault((record.frame_id, record.column), []).append(record)
        for records in columns.values():
            for number, record in enumerate(sorted(records, key=lambda r: r.baseline), start=1):
                by_story.setdefault(record.story_id, []).append(_SetLine(page_number, number, record))
    for story_lines in by_story.values():
        story_lines.sort(key=lambda line: (line.page, line.record.start))
    return by_story


def _lines_over(lines: list[_SetLine], start: int, end: int, page: int | None) -> list[_SetLine]:
    """The set lines a story range falls on, on one page (the finding's, or the first)."""
    over = [
        line
        for line in lines
        if (page is None or line.page == page)
        and (line.record.start <= start <= line.record.end if start == end else line.record.start < end)
        and line.record.end > start
    ]
    return [line for line in over if line.page == over[0].page][:LINES_SHOWN] if over else []


def _located(finding: Finding, edition: Edition, lines: dict[str, list[_SetLine]]) -> Finding:
    """The finding with its page, frame, column, line and the line's words filled in."""
    story = edition.stories.get(finding.story_id)
    if story is None:
        return finding
    over = _lines_over(lines.get(finding.story_id, []), finding.start, finding.end, finding.page)
    if not over:
        return replace(finding, line_text=finding.line_text or _excerpt(story.text, finding.start, finding.end))
    first = over[0].record
    return replace(
        finding,
        page=over[0].page,
        frame_id=first.frame_id,
        column=first.column + 1,
        line=over[0].number,
        line_text=" / ".join(_line_words(story.text, line.record) for line in over),
    )


def _line_words(text: str, record: LineRecord) -> str:
    """A line's words as set: white space collapsed, the hyphen a break adds shown."""
    words = " ".join(text[record.start : record.end].replace(SOFT_HYPHEN, "").split())
    if record.hyphenated and not words.endswith(tuple(HARD_HYPHENS)):
        words += "-"
    return words


def _excerpt(text: str, start: int, end: int) -> str:
    """The words around a range, within its paragraph (for text on no page)."""
    paragraph_start = text.rfind("\n", 0, start) + 1
    paragraph_end = text.find("\n", max(end, start))
    paragraph_end = len(text) if paragraph_end < 0 else paragraph_end
    a, b = max(paragraph_start, start - EXCERPT), min(max(paragraph_end, start), end + EXCERPT)
    words = " ".join(text[a:b].split())
    return ("…" if a > paragraph_start else "") + words + ("…" if b < paragraph_end else "")


# -- the text output ---------------------------------------------------------------------------


def format_findings(findings: list[Finding], problems: list[str], edition: Edition, notes: bool) -> str:
    """One line a finding: where (page, story, frame column and line), what, and the
    line's words; then what could not be checked and the count."""
    lines = [_format_finding(f, edition) for f in findings if notes or f.severity != NOTE]
    warnings = sum(1 for f in findings if f.severity == WARNING)
    hidden = sum(1 for f in findings if f.severity == NOTE) if not notes else 0
    for problem in problems:
        lines.append(f"cannot check: {problem}")
    summary = f"{warnings} finding{'s' if warnings != 1 else ''}"
    if hidden:
        summary += f" ({hidden} notes on spacing and stacks not shown: --notes)"
    lines.append(summary if warnings or problems else "clean" + (f" ({hidden} notes: --notes)" if hidden else ""))
    return "\n".join(lines)


def _format_finding(finding: Finding, edition: Edition) -> str:
    story = edition.stories.get(finding.story_id)
    where = [f"page {finding.page}" if finding.page is not None else "not on a page"]
    where.append(f"“{story.name if story and story.name else finding.story_id}”")
    if finding.column is not None and finding.line is not None:
        where.append(f"frame {finding.frame_id} column {finding.column} line {finding.line}")
    quoted = f" — “{finding.line_text}”" if finding.line_text else ""
    return f"{', '.join(where)}: {finding.severity} ({finding.category}) {finding.message}{quoted}"
