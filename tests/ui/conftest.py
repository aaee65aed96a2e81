"""The window on a copy of the sample edition, as the GUI tests use it: shown, its message
boxes answered (warnings are collected in `window.warnings`), its preflight profiles in a
folder of the test's own."""

import gc
import shutil

import pytest
from PySide6.QtCore import QCoreApplication, QEvent
from PySide6.QtWidgets import QApplication, QMessageBox

from epaperdesk.ui.document import Document
from epaperdesk.ui.main_window import MainWindow


@pytest.fixture(autouse=True)
def empty_clipboard(qapp):
    """Each test starts and ends with an empty clipboard: what one test copied never reaches
    the next, and offscreen Qt crashes at exit when the clipboard still holds data."""
    QApplication.clipboard().clear()
    yield
    QApplication.clipboard().clear()


@pytest.fixture
def window(qtbot, sample_path, tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    path = tmp_path / "edition.epd"
    shutil.copy(sample_path, path)
    window = MainWindow(Document.open(path))
    window.resize(1400, 1000)
    window.show()
    qtbot.waitExposed(window)
    warnings = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *args: warnings.append(args[2]))
    monkeypatch.setattr(QMessageBox, "information", lambda *args: None)
    # a question no test answers fails at once (offscreen, a modal box would wait for ever)
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: pytest.fail(f"unanswered question: {a[2]!r}"))
    monkeypatch.setattr(QMessageBox, "exec", lambda self: pytest.fail(f"unanswered message box: {self.text()!r}"))
    window.warnings = warnings
    yield window
    window.document.undo_stack.setClean()  # closing must not ask about the test's changes
    window.close()
    release(window)


def release(window) -> None:
    """Free a closed window now (its document, layout, caches and widgets): deleteLater alone
    waits for an event loop the tests never run, and 250 windows held 12 GB."""
    document = window.document  # (no Qt parent: its signals' slots would keep the window alive)
    window.deleteLater()
    document.deleteLater()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    gc.collect()
