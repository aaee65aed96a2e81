"""The whole proof check of an edition, as `epaperdesk check` prints it: unknown words, bad
breaks and open corrections, each with its page and story."""

from __future__ import annotations

from dataclasses import asdict, dataclass

from epaperdesk.model.edition import Edition
from epaperdesk.proof.breaks import NOTE, WARNING, find_bad_breaks
from epaperdesk.proof.spellcheck import SpellChecker
from epaperdesk.typeset.layout import EditionLayout


@dataclass(frozen=True)
class Finding:
    category: str  # spelling, break, correction
    kind: str
    severity: str  # warning or note
    page: int | None  # 1-based; None: the text is not on a page (overset or unplaced)
    story_id: str
    start: int
    end: int
    text: str
    message: str

    def as_dict(self) -> dict:
        return asdict(self)


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
    findings: list[Finding] = []
    for miss in checker.check_edition(edition):
        findings.append(
            Finding(
                "spelling",
                "unknown-word",
                WARNING,
                page_of(layout, miss.story_id, miss.start),
                miss.story_id,
                miss.start,
                miss.end,
                miss.word,
                f"unknown word “{miss.word}”",
            )
        )
    for bad in find_bad_breaks(edition, layout):
        text = edition.stories[bad.story_id].text[bad.start : bad.end]
        findings.append(
            Finding("break", bad.kind, bad.severity, bad.page, bad.story_id, bad.start, bad.end, text, bad.message)
        )
    for correction in edition.corrections.values():
        if correction.status not in ("open", "accepted"):
            continue
        story = edition.stories.get(correction.story_id)
        start, end = story.anchors.get(correction.id, (0, 0)) if story else (0, 0)
        findings.append(
            Finding(
                "correction",
                correction.kind,
                WARNING,
                page_of(layout, correction.story_id, start),
                correction.story_id,
                start,
                end,
                story.text[start:end] if story else "",
                f"{correction.status} correction {correction.id} by {correction.author or 'unknown'}: "
                f"{correction.label}",
            )
        )
    findings.sort(key=lambda f: (f.page if f.page is not None else 10**6, f.story_id, f.start, f.category))
    return findings, list(checker.problems)


def format_findings(findings: list[Finding], problems: list[str], edition: Edition, notes: bool) -> str:
    lines = []
    shown = [f for f in findings if notes or f.severity != NOTE]
    current = None
    for finding in shown:
        heading = (finding.page, finding.story_id)
        if heading != current:
            current = heading
            story = edition.stories.get(finding.story_id)
            where = f"page {finding.page}" if finding.page is not None else "not on a page"
            lines.append(f"{where} — {story.name if story and story.name else finding.story_id}")
        lines.append(f"  {finding.severity:7} {finding.category:10} {finding.message}")
    warnings = sum(1 for f in findings if f.severity == WARNING)
    hidden = sum(1 for f in findings if f.severity == NOTE) if not notes else 0
    for problem in problems:
        lines.append(f"cannot check: {problem}")
    summary = f"{warnings} finding{'s' if warnings != 1 else ''}"
    if hidden:
        summary += f" ({hidden} notes on spacing and stacks not shown: --notes)"
    lines.append(summary if warnings or problems else "clean" + (f" ({hidden} notes: --notes)" if hidden else ""))
    return "\n".join(lines)
