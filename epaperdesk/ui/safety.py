"""Keeping work safe while the window is open: autosave copies for crash recovery, and the
lock that tells other desks on a shared folder who has the edition open."""

from __future__ import annotations

import datetime
from pathlib import Path

from PySide6.QtCore import QObject, QTimer, Signal

from epaperdesk.io.epd import SaveError
from epaperdesk.io.locks import REFRESH_EVERY, LockError, acquire_lock, is_mine, read_lock, refresh_lock, release_lock
from epaperdesk.io.recovery import FileBasis, Recovery, discard_recovery, discard_recovery_for, write_recovery
from epaperdesk.ui.document import Document
from epaperdesk.ui.preferences import load_preferences

IDLE_SECONDS = 10  # a modified edition is also autosaved after this long without a change


class Autosaver(QObject):
    """Writes a recovery copy of a modified document every few minutes (preferences:
    `autosave_minutes`, 0 = off) and when the user pauses; never touches the user's file."""

    failed = Signal(str)

    def __init__(self, document: Document, minutes: float | None = None) -> None:
        super().__init__(document)
        self.document = document
        if minutes is None:
            minutes = load_preferences().autosave_minutes
        self.interval = QTimer(self)
        self.interval.timeout.connect(self.autosave)
        self.idle = QTimer(self)
        self.idle.setSingleShot(True)
        self.idle.setInterval(IDLE_SECONDS * 1000)
        self.idle.timeout.connect(self.autosave)
        self.minutes = 0.0
        self.set_minutes(minutes)
        document.undo_stack.indexChanged.connect(lambda _: self.minutes > 0 and self.idle.start())
        self.last: datetime.datetime | None = None
        self.written: set[Recovery] = set()  # the copies this autosaver wrote
        self.basis: FileBasis | None = None  # the file when the document was opened or last saved

    def set_minutes(self, minutes: float) -> None:
        """The autosave interval (0 turns autosave off)."""
        self.minutes = minutes
        self.interval.stop()
        if minutes > 0:
            self.interval.start(int(minutes * 60_000))

    def autosave(self) -> bool:
        if not self.document.is_modified:
            return False
        try:
            self.written.add(write_recovery(self.document.edition, self.document.path, self.basis))
        except (SaveError, OSError) as error:
            self.failed.emit(f"Autosave failed: {error}")
            return False
        self.last = datetime.datetime.now()
        return True

    def discard(self) -> None:
        """The document is saved or closed cleanly: its recovery copies are no longer needed —
        the ones written under an earlier name or title too (Save As renames a document)."""
        for entry in self.written:
            discard_recovery(entry)
        self.written.clear()
        discard_recovery_for(self.document.path, self.document.edition.title)


class EditionLock(QObject):
    """This desk's lock on an edition file, refreshed while it is open. Taking it raises
    LockHeld (another desk has it) or LockError (it cannot be written)."""

    lost = Signal(str)  # another desk took the edition over: who

    def __init__(self, path: Path, parent: QObject | None = None, *, take_over: bool = False) -> None:
        super().__init__(parent)
        self.path = Path(path)
        self.since = acquire_lock(self.path, take_over=take_over).since
        self.timer = QTimer(self)
        self.timer.timeout.connect(self.refresh)
        self.timer.start(REFRESH_EVERY * 1000)

    def held(self) -> bool:
        """Whether the lock file is still ours."""
        info = read_lock(self.path)
        return info is not None and is_mine(info)

    def refresh(self) -> None:
        """Keep the lock fresh; when another desk has taken it over, stop and say who (their
        lock is left alone)."""
        try:
            ours = refresh_lock(self.path)
        except OSError:
            return  # the share went away: the lock goes stale, the document stays open
        if not ours:
            self.timer.stop()
            info = read_lock(self.path)
            self.lost.emit(info.describe() if info is not None else "another desk")

    def release(self) -> None:
        self.timer.stop()
        try:
            release_lock(self.path)
        except (OSError, LockError):
            pass
