"""Story editor benchmark: one keystroke in the galley of a 600-word story, through the
model splice, the incremental relayout and the repaint of the page canvas and the galley,
against a keystroke in a bare QTextEdit holding the same text (Qt's own editor, which
lays out nothing but itself). Target: the median under one 60 Hz frame (16.7 ms)."""

from __future__ import annotations

import shutil
import statistics
import tempfile
import time
from pathlib import Path

from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QTextEdit

from epaperdesk.model.edits import splice_text

WORDS = 600
KEYS = "the survey team will repeat it next winter with a wider camera and more time "


def _cut_to(story_text: str, words: int) -> int:
    """The position after the `words`-th word."""
    count = 0
    in_word = False
    for index, char in enumerate(story_text):
        if char.isspace():
            if in_word:
                count += 1
                if count == words:
                    return index
            in_word = False
        else:
            in_word = True
    return len(story_text)


def bench_editor(sample_path: Path) -> dict:
    app = QApplication.instance() or QApplication([])
    from epaperdesk.ui.document import Document
    from epaperdesk.ui.main_window import MainWindow

    results: dict[str, float] = {}
    with tempfile.TemporaryDirectory() as folder:
        copy = Path(folder) / "typing.epd"
        shutil.copy(sample_path, copy)
        document = Document.open(copy)
        story = document.edition.stories["lead"]
        cut = _cut_to(story.text, WORDS)
        document.push(splice_text(document.edition, "lead", cut, len(story.text) - cut, ""))
        document.undo_stack.clear()
        window = MainWindow(document)
        window.resize(1400, 1000)
        window.show()
        QTest.qWaitForWindowExposed(window)
        window.view.set_zoom(app.primaryScreen().logicalDotsPerInch() / 72.0)
        window.view.set_selection(["lead-body-1"])
        editor = window.docks.story_editor
        galley = editor.galley
        middle = story.text.index("\n", len(story.text) // 2)
        cursor = galley.textCursor()
        cursor.setPosition(middle)
        galley.setTextCursor(cursor)
        galley.setFocus()
        window.view.centerOn(window.view.scene_.page_rect(0).center())
        app.processEvents()
        results["story words"] = story.word_count()
        latencies = []
        for char in KEYS:
            began = time.perf_counter()
            QTest.keyClick(galley, char)
            window.view.viewport().repaint()
            galley.viewport().repaint()
            latencies.append(time.perf_counter() - began)
        assert KEYS in story.text  # the keystrokes reached the model
        document.undo_stack.setClean()
        window.close()
        plain_text = story.text

    bare = QTextEdit()
    bare.setPlainText(plain_text)
    bare.resize(420, 700)
    bare.show()
    QTest.qWaitForWindowExposed(bare)
    cursor = bare.textCursor()
    cursor.setPosition(len(plain_text) // 2)
    bare.setTextCursor(cursor)
    baseline = []
    for char in KEYS:
        began = time.perf_counter()
        QTest.keyClick(bare, char)
        bare.viewport().repaint()
        baseline.append(time.perf_counter() - began)
    bare.close()
    ours, base = statistics.median(latencies), statistics.median(baseline)
    results["keystroke to repainted page, median (ms)"] = ours * 1000
    results["90th percentile (ms)"] = sorted(latencies)[int(len(latencies) * 0.9)] * 1000
    results["bare QTextEdit keystroke (ms)"] = base * 1000
    results["keystroke / bare QTextEdit"] = ours / base
    results["one 60 Hz frame (ms)"] = 1000 / 60
    return results


__all__ = ["bench_editor"]
