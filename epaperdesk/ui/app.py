"""Starting the desktop application, and the headless screenshot mode."""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import QEventLoop, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from epaperdesk.io.epd import EpdError
from epaperdesk.io.locks import is_mine, is_stale, read_lock
from epaperdesk.io.recovery import discard_recovery, orphaned_recoveries
from epaperdesk.model.edition import Edition
from epaperdesk.model.page import Page
from epaperdesk.ui.document import Document
from epaperdesk.ui.files import remember
from epaperdesk.ui.main_window import MainWindow


def application() -> QApplication:
    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication(sys.argv[:1])
    app.setOrganizationName("EpaperDesk")
    app.setApplicationName("EpaperDesk")
    app.setApplicationDisplayName("EpaperDesk")
    if app.platformName() == "offscreen":
        # the offscreen clipboard lives in this process only, and Qt crashes at exit when
        # it still holds data: empty it on the way out (nothing another program could read)
        app.aboutToQuit.connect(lambda: QApplication.clipboard().clear())
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
    locked_by = None
    if document is not None and document.path is not None:
        info = read_lock(document.path)
        if info is not None and not is_mine(info) and not is_stale(info):
            document.read_only = True  # someone else has it open: read-only unless the user takes over
            locked_by = info.describe()
    window = MainWindow(document or new_document())
    if error:
        QTimer.singleShot(0, lambda: QMessageBox.warning(window, "Cannot open", error))
    elif path is not None:
        remember(Path(path))
    if locked_by is not None:
        window.statusBar().showMessage(f"Opened read-only: {locked_by} has it open", 15000)
    return window


def offer_take_over(window: MainWindow) -> None:
    """An edition opened read-only because another desk holds it: offer to take it over."""
    document = window.document
    info = read_lock(document.path) if document.path else None
    if not document.read_only or info is None or document.path is None:
        return
    if window.files.ask_locked(document.path, info.describe()) == "take-over":
        window.files.take_over()


def wait_for_paint(window: MainWindow, timeout_ms: int = 10000) -> None:
    """Process events until the canvas has painted the fitted page once (or the time is up)."""
    loop = QEventLoop()
    window.view.painted.connect(loop.quit)
    QTimer.singleShot(timeout_ms, loop.quit)
    window.view.viewport().update()
    loop.exec()
    window.view.painted.disconnect(loop.quit)


def take_screenshot(window: MainWindow, output: Path) -> None:
    window.view.fit_page()
    wait_for_paint(window)
    QApplication.processEvents()
    window.grab().save(str(output))


def offer_recovery(window: MainWindow) -> None:
    """After a crash: offer to restore what was autosaved, saying what and from when."""
    for entry in orphaned_recoveries():
        answer = QMessageBox.question(
            window,
            "Restore unsaved work?",
            f"EpaperDesk did not close properly. An autosaved copy is available:\n\n{entry.describe()}\n\n"
            "Restore it? (No deletes the copy.)",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No | QMessageBox.StandardButton.Cancel,
        )
        if answer == QMessageBox.StandardButton.Yes:
            window.files.restore(entry)
            return
        if answer == QMessageBox.StandardButton.No:
            discard_recovery(entry)


def offer_after_start(window: MainWindow) -> None:
    """Once the window is up: take over an edition another desk holds, restore a crash copy."""
    offer_take_over(window)
    offer_recovery(window)


def run(path: Path | None, screenshot: Path | None = None) -> int:
    app = application()
    window = open_window(path)
    window.resize(1400, 1000)
    window.show()
    if screenshot is None:
        QTimer.singleShot(0, lambda: offer_after_start(window))
    else:
        take_screenshot(window, screenshot)
        window.document.undo_stack.setClean()
        window.close()
        return 0 if screenshot.exists() else 1
    return app.exec()
