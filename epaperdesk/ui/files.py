"""The file side of the window: opening, saving, the recent-files list, the lock that tells
other desks the edition is open here, the autosave copy, and restoring after a crash.

An edition is opened whole before the window switches to it: read, checked, its lock taken or
the reason it is read-only known (`Opening`). A document the user may not save in place (a
read-only file, folder or file system, or another desk's live lock) is shown read-only with
the reason; its changes need Save As. Another desk's lock is never removed or replaced unless
the user chooses Take Over; a crash copy goes back into its original only when the original is
what the autosave started from."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QSettings
from PySide6.QtWidgets import QFileDialog, QMenu, QMessageBox

from epaperdesk.atomic import remove_stale_temporaries
from epaperdesk.io.epd import EpdError, SaveError, load_edition
from epaperdesk.io.locks import LockError, LockHeld, foreign_holder, lock_path
from epaperdesk.io.recovery import (
    FileBasis,
    Recovery,
    discard_recovery,
    measure_basis,
    why_not_in_place,
)
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


def read_only_problem(path: Path) -> str | None:
    """Why an edition cannot be saved in place — a read-only file, folder or file system —
    or None. (A save replaces the file through a new file in its folder: both must be writable.)"""
    path = Path(path)
    folder = path.parent if str(path.parent) else Path(".")
    if os.access(path, os.W_OK) and os.access(folder, os.W_OK | os.X_OK):
        return None
    return f"{path.name} is read-only: saved changes need Save As"


def read_document(path: Path | str) -> tuple[Document, FileBasis]:
    """An edition file as a document, with the basis it was read at (one read: the conflict
    check of a later save compares with exactly these bytes). EpdError names the problem."""
    return Document.read(path)


def same_lock(first: Path, second: Path) -> bool:
    return lock_path(Path(first).absolute()) == lock_path(Path(second).absolute())


@dataclass
class Opening:
    """A document read and checked, ready for the window to switch to."""

    document: Document
    basis: FileBasis | None = None  # its file when it was read
    lock: EditionLock | None = None  # the lock taken for it
    notice: str = ""  # why it is read-only (said when the window shows it)


class FileLifecycle(QObject):
    """Open, save, save as, recent files, lock and autosave of the window's document."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.lock: EditionLock | None = None
        self.autosaver: Autosaver | None = None
        self.read_only_reason = ""
        self._opening: Opening | None = None  # the opening being switched to

    @property
    def document(self) -> Document:
        return self.window.document

    def attach(self, document: Document) -> None:
        """Start looking after a document the window now shows: its autosave and its lock
        (a document the window got without an Opening is checked here, asking nothing)."""
        opening = self._opening if self._opening and self._opening.document is document else None
        opening = opening or self.quiet_opening(document)
        self.autosaver = Autosaver(document, self.window.preferences.autosave_minutes)
        self.autosaver.failed.connect(lambda message: self.window.show_message(message, 10000))
        self.autosaver.basis = opening.basis
        self.lock = opening.lock
        self.read_only_reason = opening.notice
        if opening.notice:
            self.window.show_message(opening.notice, 15000)

    def release(self, document: Document) -> None:
        """Let go of a document being closed: its lock (unless the next document keeps it: the
        same file opened again), and (if nothing is unsaved) its recovery copy."""
        lock, self.lock = self.lock, None
        if lock is not None and not (self._opening is not None and self._opening.lock is lock):
            lock.release()
            lock.deleteLater()
        if not document.is_modified and self.autosaver is not None:
            self.autosaver.discard()

    def folder(self) -> Path:
        """Where file dialogs start: the document's folder, else the folder of the edition
        opened last, else home."""
        path = self.document.path
        if path is not None:
            return path.parent
        for recent in recent_files():
            folder = Path(recent).parent
            if folder.is_dir():
                return folder
        return Path.home()

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
        """Open an edition in the window. It is read and its lock settled first; on any
        failure or a cancel the window keeps the document it had."""
        path = Path(path)
        try:
            document, basis = read_document(path)
        except EpdError as error:
            QMessageBox.warning(self.window, "Cannot open", str(error))
            return False
        opening = self.prepare(document, basis, ask=True)
        if opening is None:
            document.deleteLater()
            return False
        self.switch_to(opening)
        remember(path)
        return True

    def quiet_opening(self, document: Document) -> Opening:
        """The opening of a document the window was given directly (at start, or new): its
        basis measured, its lock taken unless another desk holds it (then read-only)."""
        if document.path is None:
            return Opening(document)
        basis = self.measured_basis(document)
        if document.read_only:
            return Opening(document, basis)
        return self.prepare(document, basis, ask=False) or Opening(document, basis)

    def measured_basis(self, document: Document) -> FileBasis | None:
        """The document's file now, when it still holds what the document was read from or
        saved as; None (unknown: a restore will not write over the file) otherwise."""
        if document.path is None:
            return None
        try:
            basis = measure_basis(document.path)
        except OSError:
            return None
        return basis if basis is not None and basis.sha256 == document.disk_hash else None

    def prepare(self, document: Document, basis: FileBasis | None, ask: bool) -> Opening | None:
        """Settle how a document with a file opens: our stale temporaries beside it removed;
        read-only when its file, folder or file system is, or when another desk has it open
        (`ask`: the user chooses read-only, take over or cancel — None); else its lock taken."""
        path = document.path
        if path is None:
            return Opening(document, basis)
        remove_stale_temporaries(path)
        opening = Opening(document, basis)
        problem = read_only_problem(path)
        if problem is not None:
            return self.mark_read_only(opening, problem)
        holder = foreign_holder(path)
        take_over = False
        if holder is not None:
            choice = self.ask_locked(path, holder.describe()) if ask else "read-only"
            if choice == "cancel":
                return None
            if choice == "read-only":
                return self.mark_read_only(opening, self.held_notice(path, holder.describe()))
            take_over = True
        try:
            opening.lock = self.take_lock(path, take_over)
        except LockHeld as held:
            return self.mark_read_only(opening, self.held_notice(path, held.holder.describe()))
        except LockError as error:
            return self.mark_read_only(opening, f"{error}: opened read-only, saved changes need Save As")
        return opening

    @staticmethod
    def held_notice(path: Path, who: str) -> str:
        return f"{path.name} is open read-only: {who} has it open; saved changes need Save As"

    @staticmethod
    def mark_read_only(opening: Opening, notice: str) -> Opening:
        """The opening as read-only, saying why."""
        opening.document.read_only = True
        opening.notice = notice
        return opening

    def take_lock(self, path: Path, take_over: bool) -> EditionLock:
        """Our lock on `path`: the one we hold when it is the same file, else a new one
        (LockHeld or LockError when it cannot be had)."""
        if self.lock is not None and same_lock(self.lock.path, path) and self.lock.held():
            return self.lock
        lock = EditionLock(path, self, take_over=take_over)
        lock.lost.connect(lambda who, lock=lock: self.lock_lost(lock, who))
        return lock

    def lock_lost(self, lock: EditionLock, who: str) -> None:
        """Another desk took our edition over: their lock stands, ours is read-only now."""
        if lock is not self.lock or self.document.path is None:
            return
        self.lock = None
        lock.deleteLater()
        self.document.read_only = True
        self.read_only_reason = f"{self.document.path.name} was taken over by {who}: saved changes need Save As"
        self.window.show_message(self.read_only_reason, 15000)
        self.window.update_title()

    def switch_to(self, opening: Opening) -> None:
        """Show a document that is fully opened (the window switches in one step)."""
        self._opening = opening
        try:
            self.window.set_document(opening.document)
        finally:
            self._opening = None

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

    def take_over(self) -> bool:
        """This desk takes an edition another desk has open (the user chose to: their lock is
        replaced). Not possible for a read-only file or folder, or when the lock cannot be
        written; then the document stays read-only and the user is told why."""
        document = self.document
        if document.path is None:
            return False
        problem = read_only_problem(document.path)
        try:
            if problem is not None:
                raise LockError(problem)
            lock = self.take_lock(document.path, take_over=True)
        except LockError as error:
            QMessageBox.warning(self.window, "Cannot take over", str(error))
            return False
        if self.lock is not None and self.lock is not lock:
            self.lock.release()
            self.lock.deleteLater()
        self.lock = lock
        document.read_only = False
        self.read_only_reason = ""
        self.window.update_title()
        return True

    # -- restoring --------------------------------------------------------------------------

    def restore(self, entry: Recovery) -> bool:
        """Open an autosaved copy left by a crash: as unsaved changes to its original file when
        that is exactly what the autosave started from and nobody else has it open; otherwise
        (another desk saved or holds it, it is gone or read-only) as a new, untitled edition
        that the user saves with Save As — nothing is written over the original, no lock of
        another desk is touched."""
        try:
            edition = load_edition(entry.copy)
        except EpdError as error:
            QMessageBox.warning(self.window, "Cannot restore", str(error))
            return False
        problem = self.restore_problem(entry)
        opening = self.restored_opening(edition, entry, problem)
        opening.document.undo_stack.resetClean()  # what was restored is not saved yet
        self.switch_to(opening)
        self.keep_restored(entry)
        self.window.update_title()
        if problem is not None and self.ask_save_as(
            "Restored as a new edition",
            f"{problem}.\n\nThe autosaved copy is open as a new, untitled edition; nothing was written over "
            "the original. Use Save As… to keep it under a name of its own.",
        ):
            self.save_as()
        return True

    def restore_problem(self, entry: Recovery) -> str | None:
        """Why the copy cannot go back into its original (None: it can, or has none)."""
        if entry.original is None:
            return None
        return why_not_in_place(entry) or read_only_problem(entry.original)

    def restored_opening(self, edition: Edition, entry: Recovery, problem: str | None) -> Opening:
        """The restored document: untitled, or on its unchanged original with the original's
        basis (a later save still refuses if another desk saves meanwhile)."""
        if entry.original is None or entry.basis is None or problem is not None:
            return Opening(Document(edition))
        document = Document(edition)
        document.path = entry.original
        document.disk_hash = entry.basis.sha256
        return self.prepare(document, entry.basis, ask=False) or Opening(document, entry.basis)

    def keep_restored(self, entry: Recovery) -> None:
        """Autosave the restored document at once, then drop the crash copy (kept when the
        autosave failed, so it is offered again)."""
        if self.autosaver is None or not self.autosaver.autosave():
            return
        if all(written.copy != entry.copy for written in self.autosaver.written):
            discard_recovery(entry)

    def ask_save_as(self, title: str, message: str) -> bool:
        """Tell the user something that Save As resolves; True when they choose Save As."""
        box = QMessageBox(QMessageBox.Icon.Warning, title, message, parent=self.window)
        save_as = box.addButton("Save As…", QMessageBox.ButtonRole.AcceptRole)
        box.addButton("Later", QMessageBox.ButtonRole.RejectRole)
        box.exec()
        return box.clickedButton() is save_as

    def fill_recent(self, menu: QMenu) -> None:
        menu.clear()
        for entry in recent_files():
            action = menu.addAction(entry)
            action.triggered.connect(lambda _=False, p=entry: self.maybe_save() and self.open_path(Path(p)))
        if menu.isEmpty():
            menu.addAction("(none)").setEnabled(False)

    # -- saving -----------------------------------------------------------------------------

    def save(self) -> bool:
        path = self.document.path
        if path is None:
            return self.save_as()
        if self.document.read_only:
            reason = self.read_only_reason or f"{path.name} is open read-only: saved changes need Save As"
            QMessageBox.warning(
                self.window,
                "Cannot save",
                f"{reason}.\n\nUse File → Save As…; the edition is still open, nothing was lost.",
            )
            return False
        return self.save_to(path)

    def save_as(self) -> bool:
        from epaperdesk.ui.export_dialog import default_file_name

        document = self.document
        name = document.path.name if document.path else default_file_name(document.edition, ".epd")
        path, _ = QFileDialog.getSaveFileName(self.window, "Save edition as", str(self.folder() / name), FILE_FILTER)
        if not path:
            return False
        if not path.endswith(".epd"):
            path += ".epd"
        return self.save_to(Path(path))

    def save_to(self, path: Path) -> bool:
        holder = foreign_holder(path)
        if holder is not None:  # (our own file: another desk took it over since the last refresh)
            QMessageBox.warning(
                self.window,
                "Cannot save",
                f"{path.name} is open on another desk ({holder.describe()}): saved changes need Save As "
                "under another name.\n\nThe edition is still open; nothing was lost.",
            )
            return False
        try:
            self.document.save(path)
        except SaveConflict as error:
            return self._resolve_conflict(str(error))
        except SaveError as error:
            QMessageBox.warning(self.window, "Cannot save", f"{error}\n\nThe edition is still open; nothing was lost.")
            return False
        if self.autosaver is not None:
            self.autosaver.discard()
            self.autosaver.basis = self.measured_basis(self.document)
        self.relock(path)
        remember(path)
        self.window.update_title()
        self.window.show_message(f"Saved {path}", 4000)
        return True

    def relock(self, path: Path) -> None:
        """After a save: hold the lock of the file saved to (Save As moves it to the new name)."""
        if self.document.read_only:
            return
        self.read_only_reason = ""
        old = self.lock
        try:
            self.lock = self.take_lock(path, take_over=False)
        except LockError as error:
            self.lock = None
            self.window.show_message(f"Saved, but {error}", 10000)
        if old is not None and old is not self.lock:
            old.release()
            old.deleteLater()

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
