"""Autosave copies for crash recovery, kept in the user's data folder — never over the
user's own file. Each copy is an .epd plus a small JSON note saying what it is a copy of,
what that file was when the document was opened or last saved (its basis: size, mtime_ns and
sha256), when the copy was written and by which process.

The basis is what makes a restore safe on a shared folder: a copy goes back into its
original file as unsaved changes only while that file still holds the bytes the autosave
started from and no other desk has it open (`why_not_in_place`); otherwise another desk's
saved work would be overwritten, and the copy is opened as a new, untitled edition instead.
"""

from __future__ import annotations

import datetime
import errno
import hashlib
import json
import os
import re
import socket
import stat
from dataclasses import dataclass
from pathlib import Path

import platformdirs

from epaperdesk.atomic import backup_path, write_atomic
from epaperdesk.io.epd import EpdError, save_edition
from epaperdesk.io.locks import PID_LIMIT, foreign_holder, parse_timestamp, process_alive
from epaperdesk.model.edition import Edition

SHA256 = re.compile(r"^[0-9a-f]{64}$")
CHUNK = 1024 * 1024


def recovery_folder() -> Path:
    return Path(platformdirs.user_data_dir("epaperdesk")) / "recovery"


@dataclass(frozen=True)
class FileBasis:
    """An edition file as a document last knew it (opened or saved)."""

    size: int
    mtime_ns: int
    sha256: str

    def same_content(self, other: FileBasis) -> bool:
        """The same bytes (the modification time may differ: a copy or a touch loses nothing)."""
        return self.size == other.size and self.sha256 == other.sha256

    def to_json(self) -> dict[str, object]:
        return {"size": self.size, "mtime_ns": self.mtime_ns, "sha256": self.sha256}

    @classmethod
    def from_json(cls, data: object) -> FileBasis | None:
        """The basis in a note, or None when it is missing or malformed (unknown basis)."""
        if not isinstance(data, dict):
            return None
        size, mtime_ns, sha256 = data.get("size"), data.get("mtime_ns"), data.get("sha256")
        if not (isinstance(size, int) and not isinstance(size, bool) and size >= 0):
            return None
        if not (isinstance(mtime_ns, int) and not isinstance(mtime_ns, bool)):
            return None
        if not (isinstance(sha256, str) and SHA256.match(sha256)):
            return None
        return cls(size, mtime_ns, sha256)


def open_regular(path: Path) -> tuple[int, os.stat_result]:
    """An open descriptor on a regular file (a FIFO is opened without blocking, then refused)."""
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC)
    info = os.fstat(fd)
    if not stat.S_ISREG(info.st_mode):
        os.close(fd)
        raise OSError(errno.EINVAL, "not a regular file", str(path))
    return fd, info


def measure_basis(path: Path) -> FileBasis | None:
    """What the file at `path` is now; None when there is no file. OSError when it cannot be
    read or is not a regular file."""
    try:
        fd, info = open_regular(path)
    except FileNotFoundError:
        return None
    digest = hashlib.sha256()
    with os.fdopen(fd, "rb") as handle:
        while chunk := handle.read(CHUNK):
            digest.update(chunk)
    return FileBasis(info.st_size, info.st_mtime_ns, digest.hexdigest())


def read_with_basis(path: Path) -> tuple[bytes, FileBasis]:
    """An edition file's bytes and its basis, from one open file (a save by another desk in
    between cannot make them disagree). EpdError names the file and the problem."""
    try:
        fd, info = open_regular(Path(path))
        with os.fdopen(fd, "rb") as handle:
            data = handle.read()
    except OSError as error:
        raise EpdError(f"{path}: cannot be read ({error.strerror or error})") from None
    return data, FileBasis(len(data), info.st_mtime_ns, hashlib.sha256(data).hexdigest())


@dataclass(frozen=True)
class Recovery:
    copy: Path  # the autosaved .epd
    original: Path | None  # the file it is a copy of (None: never saved)
    title: str
    saved_at: datetime.datetime
    pid: int
    host: str
    basis: FileBasis | None = None  # the original when the document was opened or last saved

    @property
    def note(self) -> Path:
        return self.copy.with_suffix(".json")

    def describe(self) -> str:
        what = str(self.original) if self.original else f"the unsaved edition “{self.title}”"
        return f"{what}, autosaved {self.saved_at.astimezone().strftime('%Y-%m-%d %H:%M:%S')}"


def _key(original: Path | None, title: str) -> str:
    """The copy's name: one per document of this process (two desks, or two windows, editing
    the same file never overwrite each other's copies)."""
    what = str(Path(original).resolve()) if original else f"untitled-{title}"
    basis = f"{socket.gethostname()}:{os.getpid()}:{what}"
    return hashlib.sha256(basis.encode("utf-8", "replace")).hexdigest()[:20]


def write_recovery(edition: Edition, original: Path | None, basis: FileBasis | None = None) -> Recovery:
    """Write (atomically) the autosave copy of a document, with the basis its original had
    when the document was opened or last saved; SaveError if it cannot."""
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
        basis if original else None,
    )
    note = {
        "original": str(entry.original) if entry.original else None,
        "title": entry.title,
        "saved_at": entry.saved_at.isoformat(),
        "pid": entry.pid,
        "host": entry.host,
        "basis": entry.basis.to_json() if entry.basis else None,
    }
    write_atomic(entry.note, json.dumps(note).encode("utf-8"))
    return entry


def why_not_in_place(entry: Recovery) -> str | None:
    """Why the copy cannot go back into its original file as unsaved changes, or None when
    it can (or has no original). Checked against the basis: the original's folder or file is
    gone, it cannot be read, it holds other bytes than the autosave started from (another desk
    saved it), the basis is unknown (an older note), or another desk has it open."""
    original = entry.original
    if original is None:
        return None
    if not original.parent.is_dir():
        return f"the folder of {original} is not available (not mounted, moved or deleted)"
    try:
        now = measure_basis(original)
    except OSError as error:
        return f"{original} cannot be read ({error.strerror or error})"
    if now is None:
        return f"{original} no longer exists"
    if entry.basis is None:
        return f"{original} cannot be compared with the version the autosave started from"
    if not entry.basis.same_content(now):
        return f"{original} was saved by another desk after the autosave started from it"
    holder = foreign_holder(original)
    if holder is not None:
        return f"{original} is open on another desk: {holder.describe()}"
    return None


def discard_recovery(entry: Recovery) -> None:
    for path in (entry.copy, entry.note):
        try:
            path.unlink()
        except FileNotFoundError:
            pass


def discard_recovery_for(original: Path | None, title: str) -> None:
    """Remove this process's autosave copy of a document (after a save or a clean close)."""
    key = _key(original, title)
    folder = recovery_folder()
    for path in (folder / f"{key}.epd", folder / f"{key}.json"):
        try:
            path.unlink()
        except FileNotFoundError:
            pass


def read_note(note: Path) -> Recovery | None:
    """The recovery a note describes, or None for a torn or foreign note (every field
    checked: a pid in range, a believable timezone-aware date)."""
    try:
        data = json.loads(note.read_text(encoding="utf-8"))
    except (OSError, ValueError, RecursionError):
        return None
    if not isinstance(data, dict):
        return None
    original, title, host = data.get("original"), data.get("title"), data.get("host")
    pid, saved_at = data.get("pid"), parse_timestamp(data.get("saved_at"))
    if not (isinstance(original, str | None) and isinstance(title, str) and isinstance(host, str)):
        return None
    if not (isinstance(pid, int) and not isinstance(pid, bool) and 0 < pid < PID_LIMIT) or saved_at is None:
        return None
    basis = FileBasis.from_json(data.get("basis"))
    return Recovery(note.with_suffix(".epd"), Path(original) if original else None, title, saved_at, pid, host, basis)


def orphaned_recoveries() -> list[Recovery]:
    """Autosave copies left by processes that are gone (a crash): what to offer to restore.
    Copies of a process still running on this host are its live autosaves, not orphans."""
    folder = recovery_folder()
    if not folder.is_dir():
        return []
    found = []
    host = socket.gethostname()
    for note in sorted(folder.glob("*.json")):
        entry = read_note(note)
        if entry is None or not entry.copy.is_file():
            continue
        if entry.host == host and (entry.pid == os.getpid() or process_alive(entry.pid)):
            continue
        found.append(entry)
    return sorted(found, key=lambda e: e.saved_at, reverse=True)
