"""Typesetting benchmarks: speed against Qt's QTextDocument in the same run, and spacing
quality on the stress page."""

from __future__ import annotations

import statistics
import time

from benchmarks.stress import COLUMN, stress_edition, stress_paragraphs
from benchmarks.timing import median_time
from epaperdesk.io.epd import load_edition
from epaperdesk.model.edits import splice_text
from epaperdesk.typeset.displaylist import LineRecord
from epaperdesk.typeset.fonts import find_face
from epaperdesk.typeset.layout import Typesetter


def qtextdocument_time(paragraphs: list[str], width_pt: float, repeat: int = 5) -> float:
    """Qt lays out the same text in the same column width, justified, same font and size."""
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QFont, QFontDatabase, QTextDocument, QTextOption
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication([])  # a widget application: the canvas benchmark needs one
    font_id = QFontDatabase.addApplicationFont(str(find_face("Source Serif Pro").path))
    family = QFontDatabase.applicationFontFamilies(font_id)[0]
    text = "\n".join(paragraphs)

    def layout() -> None:
        document = QTextDocument()
        font = QFont(family)
        font.setPointSizeF(9.0)
        document.setDefaultFont(font)
        option = QTextOption()
        option.setAlignment(Qt.AlignmentFlag.AlignJustify)
        document.setDefaultTextOption(option)
        document.setPlainText(text)
        document.setTextWidth(width_pt * app.primaryScreen().logicalDotsPerInch() / 72.0)
        document.documentLayout().documentSize()

    layout()
    return median_time(layout, repeat)


def spacing_quality(lines: list[LineRecord]) -> dict:
    """Word spaces on justified lines (last lines excluded) as % of the natural space."""
    justified = [r for r in lines if r.alignment == "justify" and not r.last_of_paragraph]
    ratios = sorted(r.space_ratio * 100 for r in justified)
    n = len(ratios)
    run = longest = 0
    for r in lines:
        run = run + 1 if r.hyphenated else 0
        longest = max(longest, run)
    return {
        "justified lines": n,
        "word space median %": ratios[n // 2],
        "word space p95 %": ratios[min(n - 1, int(n * 0.95))],
        "word space max %": ratios[-1],
        "lines > 150 % (share %)": 100 * sum(r > 150 for r in ratios) / n,
        "lines > 200 % (share %)": 100 * sum(r > 200 for r in ratios) / n,
        "lines < 80 %": sum(r < 80 - 1e-6 for r in ratios),
        "lines with letter spacing (share %)": 100 * sum(r.letter_spacing > 0 for r in justified) / n,
        "hyphenated lines": sum(r.hyphenated for r in lines),
        "longest hyphen run": longest,
        "hyphens at a column foot": sum(r.hyphenated and r.last_of_column for r in lines),
        "overfull lines": sum(r.overfull > 0 for r in lines),
    }


def bench_typesetting(sample_path) -> dict:
    results: dict[str, float] = {}
    edition = stress_edition()
    words = edition.total_words()
    qt = qtextdocument_time(stress_paragraphs(), COLUMN)
    ours = median_time(lambda: Typesetter().layout(edition), 5)
    draft = median_time(lambda: Typesetter(draft=True).layout(edition), 5)
    results["stress page words"] = words
    results["QTextDocument layout (ms)"] = qt * 1000
    results["stress page compose (ms)"] = ours * 1000
    results["stress compose / QTextDocument"] = ours / qt
    results["stress draft (greedy) / QTextDocument"] = draft / qt

    sample = load_edition(sample_path)
    front = median_time(lambda: Typesetter().layout(sample), 5)
    results["sample edition (2 pages) compose (ms)"] = front * 1000
    results["sample edition / QTextDocument"] = front / qt

    # a one-character edit in a 600-word story, re-composed incrementally
    typesetter = Typesetter()
    typesetter.layout(sample)
    story = sample.stories["lead"]
    position = story.text.index("The galaxies in the new catalogue")
    timings = []
    for _i in range(9):
        edit = splice_text(sample, "lead", position + 4, 0, "x")
        edit.apply(sample)
        start = time.perf_counter()
        typesetter.layout(sample)
        timings.append(time.perf_counter() - start)
        edit.inverse().apply(sample)
        typesetter.layout(sample)
    edit_time = statistics.median(timings)
    results["lead story words"] = story.word_count()
    results["one-character edit relayout (ms)"] = edit_time * 1000
    results["edit relayout / QTextDocument"] = edit_time / qt

    layout = Typesetter().layout(edition)
    results.update(spacing_quality(list(layout.pages[0].lines)))
    results["stress overset lines"] = layout.stories["stress"].overset_lines
    return results
