"""Autosave copies for crash recovery, kept in the user's data folder — never over the
user's own file. Each copy is an .epd plus a small JSON note saying what it is a copy of,
when it was written and by which process."""

from __future__ import annotations

import datetime
import hashlib
import json
import os
import socket
from dataclasses import dataclass
from pathlib import Path

import platformdirs

from epaperdesk.atomic import backup_path, write_atomic
from epaperdesk.io.epd import save_edition
from epaperdesk.model.edition import Edition


def recovery_folder() -> Path:
    return Path(platformdirs.user_data_dir("epaperdesk")) / "recovery"


@dataclass(frozen=True)
class Recovery:
    copy: Path  # the autosaved .epd
    original: Path | None  # the file it is a copy of (None: never saved)
    title: str
    saved_at: datetime.datetime
    pid: int
    host: str

    @property
    def note(self) -> Path:
        return self.copy.with_suffix(".json")

    def describe(self) -> str:
        what = str(self.original) if self.original else f"the unsaved edition “{self.title}”"
        return f"{what}, autosaved {self.saved_at.astimezone().strftime('%Y-%m-%d %H:%M:%S')}"


def _key(original: Path | None, title: str) -> str:
    basis = str(Path(original).resolve()) if original else f"untitled-{os.getpid()}-{title}"
    return hashlib.sha256(basis.encode()).hexdigest()[:20]


def write_recovery(edition: Edition, original: Path | None) -> Recovery:
    """Write (atomically) the autosave copy of a document; SaveError if it cannot."""
    folder = recovery_folder()
    folder.mkdir(parents=True, exist_ok=True)
    key = _key(original, edition.title)
    copy = folder / f"{key}.epd"
    save_edition(edition, copy, backup=False)  # the recovery folder keeps one copy per document
    backup_path(copy).unlink(missing_ok=True)  # (a backup an older EpaperDesk kept here)
    entry = Recovery(
        copy,
        Path(original).resolve() if original else None,
        edition.title,
        datetime.datetime.now(datetime.UTC),
        os.getpid(),
        socket.gethostname(),
    )
    note = {
        "original": str(entry.original) if entry.original else None,
        "title": entry.title,
        "saved_at": entry.saved_at.isoformat(),
        "pid": entry.pid,
        "host": entry.host,
    }
    write_atomic(entry.note, json.dumps(note).encode("utf-8"))
    return entry


def discard_recovery(entry: Recovery) -> None:
    for path in (entry.copy, entry.note):
        try:
            path.unlink()
        except FileNotFoundError:
            pass


def discard_recovery_for(original: Path | None, title: str) -> None:
    """Remove the autosave copy of a document (after a save or a clean close)."""
    key = _key(original, title)
    folder = recovery_folder()
    for path in (folder / f"{key}.epd", folder / f"{key}.json"):
        try:
            path.unlink()
        except FileNotFoundError:
            pass


def _process_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def orphaned_recoveries() -> list[Recovery]:
    """Autosave copies left by processes that are gone (a crash): what to offer to restore.
    Copies of a process still running on this host are its live autosaves, not orphans."""
    folder = recovery_folder()
    if not folder.is_dir():
        return []
    found = []
    host = socket.gethostname()
    for note in sorted(folder.glob("*.json")):
        try:
            data = json.loads(note.read_text(encoding="utf-8"))
            entry = Recovery(
                note.with_suffix(".epd"),
                Path(data["original"]) if data["original"] else None,
                str(data["title"]),
                datetime.datetime.fromisoformat(data["saved_at"]),
                int(data["pid"]),
                str(data["host"]),
            )
        except (OSError, ValueError, KeyError, TypeError):
            continue  # a torn or foreign note is not offered
        if not entry.copy.exists():
            continue
        if entry.host == host and entry.pid != os.getpid() and _process_alive(entry.pid):
            continue
        if entry.host == host and entry.pid == os.getpid():
            continue
        found.append(entry)
    return sorted(found, key=lambda e: e.saved_at, reverse=True)
