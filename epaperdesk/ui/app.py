"""Starting the desktop application, and the headless screenshot mode."""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import QEventLoop, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from epaperdesk.io.epd import EpdError
from epaperdesk.model.edition import Edition
from epaperdesk.model.page import Page
from epaperdesk.ui.document import Document
from epaperdesk.ui.main_window import MainWindow


def application() -> QApplication:
    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setOrganizationName("EpaperDesk")
    app.setApplicationName("EpaperDesk")
    app.setApplicationDisplayName("EpaperDesk")
    return app


def new_document() -> Document:
    """An empty edition with one tabloid page."""
    edition = Edition(title="Untitled")
    edition.pages = [Page.from_preset("p1", "tabloid")]
    return Document(edition)


def open_window(path: Path | None) -> MainWindow:
    """The main window on `path` (or an empty edition); a file that cannot be opened is
    reported and an empty edition shown instead."""
    document = None
    error = None
    if path is not None:
        try:
            document = Document.open(path)
        except EpdError as problem:
            error = str(problem)
    window = MainWindow(document or new_document())
    if error:
        QTimer.singleShot(0, lambda: QMessageBox.warning(window, "Cannot open", error))
    elif path is not None:
        window._remember(Path(path))
    return window


def wait_for_paint(window: MainWindow, timeout_ms: int = 10000) -> None:
    """Process events until the canvas has painted the fitted page once."""
    loop = QEventLoop()
    painted = {"done": False}
    viewport = window.view.viewport()
    original = window.view.drawForeground

    def draw_foreground(painter, rect):
        original(painter, rect)
        painted["done"] = True

    window.view.drawForeground = draw_foreground
    deadline = QTimer()
    deadline.setSingleShot(True)
    deadline.timeout.connect(loop.quit)
    deadline.start(timeout_ms)
    poll = QTimer()
    poll.timeout.connect(lambda: painted["done"] and loop.quit())
    poll.start(20)
    viewport.update()
    loop.exec()
    poll.stop()
    window.view.drawForeground = original


def take_screenshot(window: MainWindow, output: Path) -> None:
    window.view.fit_page()
    wait_for_paint(window)
    QApplication.processEvents()
    window.grab().save(str(output))


def run(path: Path | None, screenshot: Path | None = None) -> int:
    app = application()
    window = open_window(path)
    window.resize(1400, 1000)
    window.show()
    if screenshot is not None:
        take_screenshot(window, screenshot)
        window.document.undo_stack.setClean()
        window.close()
        return 0 if screenshot.exists() else 1
    return app.exec()
