"""The file side of the window: opening, saving, the recent-files list, the lock that tells
other desks the edition is open here, the autosave copy, and restoring after a crash."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QSettings
from PySide6.QtWidgets import QFileDialog, QMenu, QMessageBox

from epaperdesk.io.epd import EpdError, SaveError, load_edition
from epaperdesk.io.locks import is_mine, is_stale, read_lock
from epaperdesk.io.recovery import Recovery, discard_recovery
from epaperdesk.model.edition import Edition
from epaperdesk.ui.document import Document, SaveConflict
from epaperdesk.ui.safety import Autosaver, EditionLock

if TYPE_CHECKING:
    from epaperdesk.ui.main_window import MainWindow

MAX_RECENT = 8
FILE_FILTER = "EpaperDesk editions (*.epd)"


def settings() -> QSettings:
    return QSettings("EpaperDesk", "EpaperDesk")


def recent_files() -> list[str]:
    """The recent-files list (QSettings returns a lone entry as a plain string)."""
    value = settings().value("recent", []) or []
    return [value] if isinstance(value, str) else [str(v) for v in value]  # type: ignore[attr-defined]


def remember(path: Path) -> None:
    """Put a file at the top of the recent-files list."""
    entry = str(Path(path).resolve())
    recent = [entry] + [p for p in recent_files() if p != entry]
    settings().setValue("recent", recent[:MAX_RECENT])


class FileLifecycle(QObject):
    """Open, save, save as, recent files, lock and autosave of the window's document."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.lock: EditionLock | None = None
        self.autosaver: Autosaver | None = None

    @property
    def document(self) -> Document:
        return self.window.document

    def attach(self, document: Document) -> None:
        """Start looking after a document the window now shows: its autosave and its lock."""
        self.autosaver = Autosaver(document, self.window.preferences.autosave_minutes)
        self.autosaver.failed.connect(lambda message: self.window.show_message(message, 10000))
        self.lock = EditionLock(document.path, self) if (document.path and not document.read_only) else None

    def release(self, document: Document) -> None:
        """Let go of a document being closed: its lock, and (if nothing is unsaved) its
        recovery copy."""
        if self.lock is not None:
            self.lock.release()
            self.lock.deleteLater()
            self.lock = None
        if not document.is_modified and self.autosaver is not None:
            self.autosaver.discard()

    def folder(self) -> Path:
        """Where file dialogs start: the document's folder, or home."""
        path = self.document.path
        return path.parent if path else Path.home()

    # -- opening ----------------------------------------------------------------------------

    def maybe_save(self) -> bool:
        """Ask what to do with unsaved changes; False when the user cancels."""
        if not self.document.is_modified:
            return True
        name = self.document.path.name if self.document.path else "the edition"
        answer = QMessageBox.question(
            self.window,
            "Unsaved changes",
            f"Save the changes to {name}?",
            QMessageBox.StandardButton.Save | QMessageBox.StandardButton.Discard | QMessageBox.StandardButton.Cancel,
        )
        if answer == QMessageBox.StandardButton.Save:
            return self.save()
        if answer == QMessageBox.StandardButton.Discard:
            if self.autosaver is not None:
                self.autosaver.discard()  # the user let these changes go: nothing to recover
            return True
        return False

    def open_file(self) -> None:
        if not self.maybe_save():
            return
        path, _ = QFileDialog.getOpenFileName(self.window, "Open edition", str(self.folder()), FILE_FILTER)
        if path:
            self.open_path(Path(path))

    def open_path(self, path: Path | str) -> bool:
        path = Path(path)
        try:
            document = Document.open(path)
        except EpdError as error:
            QMessageBox.warning(self.window, "Cannot open", str(error))
            return False
        info = read_lock(path)
        if info is not None and not is_mine(info) and not is_stale(info):
            choice = self.ask_locked(path, info.describe())
            if choice == "cancel":
                return False
            document.read_only = choice == "read-only"
        self.window.set_document(document)
        remember(path)
        return True

    def revert(self) -> bool:
        """Throw away the changes since the last save, after asking."""
        path = self.document.path
        if path is None or not self.document.is_modified:
            return False
        answer = QMessageBox.question(
            self.window,
            "Revert",
            f"Go back to {path.name} as it was last saved? The changes since then are lost (they cannot be undone).",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Cancel,
        )
        if answer != QMessageBox.StandardButton.Yes:
            return False
        if self.autosaver is not None:
            self.autosaver.discard()
        self.document.undo_stack.setClean()
        return self.open_path(path)

    def close_edition(self) -> bool:
        """Close the edition (asking about unsaved changes); an empty untitled page remains."""
        if not self.maybe_save():
            return False
        from epaperdesk.model.new_edition import EditionSetup, default_geometry, new_edition

        self.start_new(new_edition(EditionSetup(default_geometry())))
        return True

    def start_new(self, edition: Edition) -> None:
        """Show a new, untitled edition (the caller has dealt with unsaved changes)."""
        self.window.set_document(Document(edition))

    def ask_locked(self, path: Path, who: str) -> str:
        """'read-only', 'take-over' or 'cancel' for an edition someone else has open."""
        box = QMessageBox(
            QMessageBox.Icon.Warning,
            "Edition in use",
            f"{path.name} is open on another desk: {who}.",
            parent=self.window,
        )
        read_only = box.addButton("Open Read-Only", QMessageBox.ButtonRole.AcceptRole)
        take_over = box.addButton("Take Over", QMessageBox.ButtonRole.DestructiveRole)
        box.addButton(QMessageBox.StandardButton.Cancel)
        box.exec()
        clicked = box.clickedButton()
        return "read-only" if clicked is read_only else "take-over" if clicked is take_over else "cancel"

    def take_over(self) -> None:
        """This desk takes an edition another desk has open (their lock is replaced)."""
        document = self.document
        if document.path is None:
            return
        document.read_only = False
        self.lock = EditionLock(document.path, self)
        self.window.update_title()

    def restore(self, entry: Recovery) -> bool:
        """Open an autosaved copy left by a crash, as unsaved changes to its original file."""
        try:
            edition = load_edition(entry.copy)
        except EpdError as error:
            QMessageBox.warning(self.window, "Cannot restore", str(error))
            return False
        document = Document(edition, entry.original)
        document.undo_stack.resetClean()  # what was restored is not saved yet
        self.window.set_document(document)
        discard_recovery(entry)
        if self.autosaver is not None:
            self.autosaver.autosave()
        self.window.update_title()
        return True

    def fill_recent(self, menu: QMenu) -> None:
        menu.clear()
        for entry in recent_files():
            action = menu.addAction(entry)
            action.triggered.connect(lambda _=False, p=entry: self.maybe_save() and self.open_path(Path(p)))
        if menu.isEmpty():
            menu.addAction("(none)").setEnabled(False)

    # -- saving -----------------------------------------------------------------------------

    def save(self) -> bool:
        if self.document.path is None:
            return self.save_as()
        return self.save_to(self.document.path)

    def save_as(self) -> bool:
        path, _ = QFileDialog.getSaveFileName(self.window, "Save edition as", str(self.folder()), FILE_FILTER)
        if not path:
            return False
        if not path.endswith(".epd"):
            path += ".epd"
        return self.save_to(Path(path))

    def save_to(self, path: Path) -> bool:
        try:
            self.document.save(path)
        except SaveConflict as error:
            return self._resolve_conflict(str(error))
        except SaveError as error:
            QMessageBox.warning(self.window, "Cannot save", f"{error}\n\nThe edition is still open; nothing was lost.")
            return False
        if self.autosaver is not None:
            self.autosaver.discard()
        if self.lock is None and not self.document.read_only:
            self.lock = EditionLock(path, self)
        remember(path)
        self.window.update_title()
        self.window.show_message(f"Saved {path}", 4000)
        return True

    def _resolve_conflict(self, message: str) -> bool:
        """The file changed on disk: save under another name, or reload it (losing ours)."""
        box = QMessageBox(QMessageBox.Icon.Warning, "Changed on disk", message, parent=self.window)
        save_as = box.addButton("Save As…", QMessageBox.ButtonRole.AcceptRole)
        reload = box.addButton("Reload Theirs", QMessageBox.ButtonRole.DestructiveRole)
        box.addButton(QMessageBox.StandardButton.Cancel)
        box.exec()
        if box.clickedButton() is save_as:
            return self.save_as()
        if box.clickedButton() is reload and self.document.path is not None:
            path = self.document.path
            self.document.undo_stack.setClean()
            return self.open_path(path)
        return False
