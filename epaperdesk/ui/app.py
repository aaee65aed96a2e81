"""Starting the desktop application, and the headless screenshot mode."""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import QEventLoop, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from epaperdesk.io.epd import EpdError
from epaperdesk.io.locks import foreign_holder
from epaperdesk.io.recovery import discard_recovery, orphaned_recoveries
from epaperdesk.model.edition import Edition
from epaperdesk.model.page import Page
from epaperdesk.ui.document import Document
from epaperdesk.ui.files import read_document, read_only_problem, remember
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
    reported and an empty edition shown instead. The window settles the lock itself: an
    edition another desk holds, or a read-only one, opens read-only with the reason shown."""
    document = None
    error = None
    if path is not None:
        try:
            document, _ = read_document(path)
        except EpdError as problem:
            error = str(problem)
    window = MainWindow(document or new_document())
    if error:
        QTimer.singleShot(0, window, lambda: QMessageBox.warning(window, "Cannot open", error))
    elif path is not None:
        remember(Path(path))
    return window


def offer_take_over(window: MainWindow) -> None:
    """An edition opened read-only because another desk holds it: offer to take it over
    (not when the file or folder is read-only: taking the lock would not help)."""
    document = window.document
    if not document.read_only or document.path is None or read_only_problem(document.path):
        return
    holder = foreign_holder(document.path)
    if holder is not None and window.files.ask_locked(document.path, holder.describe()) == "take-over":
        window.files.take_over()


def wait_for_paint(window: MainWindow, timeout_ms: int = 10000) -> None:
    """Process events until the canvas has painted the fitted page once (or the time is up)."""
    loop = QEventLoop()
    window.view.painted.connect(loop.quit)
    QTimer.singleShot(timeout_ms, loop.quit)
    window.view.viewport().update()
    loop.exec()
    window.view.painted.disconnect(loop.quit)


def take_screenshot(window: MainWindow, output: Path) -> bool:
    """Save a picture of the window after its first full paint; False when it cannot be saved."""
    window.view.fit_page()
    wait_for_paint(window)
    QApplication.processEvents()
    return window.grab().save(str(output))


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
    if screenshot is not None:
        return run_screenshot(path, screenshot)
    window = open_window(path)
    window.resize(1400, 1000)
    window.show()
    QTimer.singleShot(0, window, lambda: offer_after_start(window))
    return app.exec()


def run_screenshot(path: Path | None, output: Path) -> int:
    """The headless mode: nobody can answer a message box, so a file that cannot be opened
    (or a picture that cannot be saved) is printed to stderr and the status is 1."""
    document = new_document()
    if path is not None:
        try:
            document, _ = read_document(path)
        except EpdError as error:
            print(f"epaperdesk: cannot open {error}", file=sys.stderr)
            return 1
        remember(Path(path))
    window = MainWindow(document)
    window.resize(1400, 1000)
    window.show()
    saved = take_screenshot(window, output)
    window.document.undo_stack.setClean()
    window.close()
    if not saved:
        print(f"epaperdesk: cannot save the screenshot {output}", file=sys.stderr)
        return 1
    return 0
