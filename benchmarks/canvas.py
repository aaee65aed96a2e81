"""Canvas benchmarks: a full repaint of the sample page against per-word QPainter.drawText
of the same words, the latency of a drag that reflows a story, and the time from start to
the first painted window against a bare PySide6 QMainWindow."""

from __future__ import annotations

import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QColor, QFont, QFontDatabase, QImage, QPainter
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from benchmarks.timing import median_time
from epaperdesk.io.epd import load_edition
from epaperdesk.render.qt import QtPageRenderer
from epaperdesk.typeset.displaylist import GlyphRun
from epaperdesk.typeset.layout import Typesetter

BARE = """
import sys, time
from PySide6.QtWidgets import QApplication, QMainWindow, QLabel
app = QApplication(sys.argv[:1])
window = QMainWindow(); window.setCentralWidget(QLabel("EpaperDesk")); window.resize(1400, 1000); window.show()
app.processEvents()
window.grab().save(sys.argv[1])
"""


def bench_canvas(sample_path: Path) -> dict:
    app = QApplication.instance() or QApplication([])
    results: dict[str, float] = {}
    edition = load_edition(sample_path)
    page = Typesetter().layout(edition).pages[0]
    dpi = app.primaryScreen().logicalDotsPerInch()
    scale = dpi / 72.0  # 100 %
    image = QImage(round(page.width * scale), round(page.height * scale), QImage.Format.Format_ARGB32_Premultiplied)
    renderer = QtPageRenderer(edition.images)
    runs = [item for item in page.items if isinstance(item, GlyphRun)]

    def ours() -> None:
        image.fill(QColor("white"))
        painter = QPainter(image)
        painter.scale(scale, scale)
        renderer.draw(painter, page)
        painter.end()

    fonts: dict = {}
    for run in runs:
        if run.font not in fonts:
            font_id = QFontDatabase.addApplicationFont(str(run.font))
            fonts[run.font] = QFontDatabase.applicationFontFamilies(font_id)[0]

    def baseline() -> None:
        image.fill(QColor("white"))
        painter = QPainter(image)
        painter.setRenderHint(QPainter.RenderHint.TextAntialiasing)
        painter.scale(scale, scale)
        for run in runs:
            font = QFont(fonts[run.font])
            font.setPointSizeF(run.size)
            painter.setFont(font)
            painter.drawText(QPointF(run.x, run.baseline), run.text)
        painter.end()

    cold = median_time(lambda: QtPageRenderer(edition.images).draw(QPainter(image), page), 1)
    ours()
    warm = median_time(ours)
    base = median_time(baseline)
    results["words on the page"] = len(runs)
    results["per-word drawText (ms)"] = base * 1000
    results["full repaint, outlines cached (ms)"] = warm * 1000
    results["full repaint / drawText"] = warm / base
    results["first paint, nothing cached (ms)"] = cold * 1000

    # drag latency: resize a frame of the lead story (about 600 words) by mouse moves
    from epaperdesk.ui.document import Document
    from epaperdesk.ui.main_window import MainWindow

    with tempfile.TemporaryDirectory() as folder:
        copy = Path(folder) / "drag.epd"
        shutil.copy(sample_path, copy)
        window = MainWindow(Document.open(copy))
        window.resize(1400, 1000)
        window.show()
        QTest.qWaitForWindowExposed(window)
        view = window.view
        view.set_zoom(scale)
        view.snapping = False
        view.set_selection(["lead-body-1"])
        handle = view.handle_rects("lead-body-1")["b"].center()
        view.centerOn(handle)
        app.processEvents()
        start = view.mapFromScene(handle)
        viewport = view.viewport()
        QTest.mousePress(viewport, Qt.MouseButton.LeftButton, pos=start)
        latencies = []
        for step in range(1, 41):
            point = start + QPoint(0, -step * 2)
            began = time.perf_counter()
            QTest.mouseMove(viewport, pos=point)
            window.document.relayout()  # what the 15 ms reflow timer does
            viewport.repaint()
            latencies.append(time.perf_counter() - began)
        QTest.mouseRelease(viewport, Qt.MouseButton.LeftButton, pos=start + QPoint(0, -80))
        window.document.undo_stack.setClean()
        window.close()
        words = window.document.edition.stories["lead"].word_count()
    results["drag: story words reflowed"] = words
    results["drag: move to repainted frame, median (ms)"] = statistics.median(latencies) * 1000
    results["drag: 90th percentile (ms)"] = sorted(latencies)[int(len(latencies) * 0.9)] * 1000

    with tempfile.TemporaryDirectory() as folder:
        env = {**__import__("os").environ, "QT_QPA_PLATFORM": "offscreen"}
        ours_start = median_time(
            lambda: subprocess.run(
                [sys.executable, "-m", "epaperdesk", str(sample_path), "--screenshot", str(Path(folder) / "a.png")],
                check=True,
                capture_output=True,
                env=env,
            ),
            3,
        )
        bare = median_time(
            lambda: subprocess.run(
                [sys.executable, "-c", BARE, str(Path(folder) / "b.png")], check=True, capture_output=True, env=env
            ),
            3,
        )
    results["start to first painted window (ms)"] = ours_start * 1000
    results["bare QMainWindow (ms)"] = bare * 1000
    results["start / bare QMainWindow"] = ours_start / bare
    return results


__all__ = ["bench_canvas"]
