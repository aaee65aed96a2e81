"""Locks on shared folders: a lock file beside an open edition says who has it open, on which
host, since when; it is refreshed while the edition is open, so a lock left by a crashed or
unreachable desk goes stale. Works on any network file system, with no server of our own.

A lock file is never trusted and never followed. It is created with O_EXCL|O_NOFOLLOW (a
link planted at its name makes the creation fail instead of writing through the link); it is
replaced only by a fresh exclusive temporary renamed over it; it is refreshed by touching the
very file that was read and found ours; it is removed only by its owner. Reading opens it
with O_NOFOLLOW|O_NONBLOCK, only when it is a regular file, reads at most 4 KiB and checks
every field's type and range.

A lock file that exists but cannot be used (a link, a FIFO, a folder, too big, not our JSON,
a field out of range, or unreadable for lack of permission) counts as held by an unknown desk:
it may be a real desk's lock that we cannot read (another user's, or a newer format), so
ignoring it could let two desks edit at once. It blocks like a live lock until its
modification time is STALE_AFTER old, and Take Over replaces the name (never what it points
to).
"""

from __future__ import annotations

import datetime
import errno
import getpass
import json
import os
import secrets
import socket
import stat
import time
from dataclasses import dataclass
from pathlib import Path

STALE_AFTER = 10 * 60  # seconds without a refresh
REFRESH_EVERY = 60
MAX_LOCK_BYTES = 4096  # our lock files are about 200 bytes
MAX_TEXT = 255  # user and host names
PID_LIMIT = 2**31  # any system's pids are below (Linux pid_max is at most 2**22)
FIRST_YEAR, LAST_YEAR = 2000, 2200  # what a believable `since` lies between
PROCESS_TOKEN = secrets.token_hex(8)  # tells our lock from one a previous process with our pid left
UNKNOWN_SINCE = datetime.datetime(FIRST_YEAR, 1, 1, tzinfo=datetime.UTC)
READ_FLAGS = os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC
CREATE_FLAGS = os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | os.O_CLOEXEC


class LockError(Exception):
    """A lock cannot be taken or written; the message names the edition and the problem."""


class LockHeld(LockError):
    """Another desk holds the lock (a live lock that is not ours)."""

    def __init__(self, message: str, holder: LockInfo) -> None:
        super().__init__(message)
        self.holder = holder


@dataclass(frozen=True)
class LockInfo:
    user: str
    host: str
    pid: int
    since: datetime.datetime
    refreshed: float  # the lock file's modification time
    token: str = ""  # the writing process's random token (PROCESS_TOKEN)
    usable: bool = True  # False: a lock file that exists but cannot be read or believed
    identity: tuple[int, int] = (0, 0)  # (st_dev, st_ino) of the file read

    def describe(self) -> str:
        if not self.usable:
            return "an unknown desk (its lock file cannot be read)"
        return f"{self.user} on {self.host}, since {self.since.astimezone().strftime('%Y-%m-%d %H:%M')}"


def lock_path(edition_path: Path) -> Path:
    path = Path(edition_path)
    return path.with_name(f".~lock.{path.name}#")


# -- reading --------------------------------------------------------------------------------


def read_lock(edition_path: Path) -> LockInfo | None:
    """The lock on an edition: None when there is no lock file, an unusable LockInfo when
    there is one that cannot be read or believed. Never raises, never blocks, never follows a
    link, never reads more than MAX_LOCK_BYTES."""
    path = lock_path(edition_path)
    try:
        before = os.lstat(path)
    except FileNotFoundError:
        return None
    except OSError:
        return unknown_lock(time.time())
    if not stat.S_ISREG(before.st_mode):
        return unknown_lock(before.st_mtime, before)
    try:
        fd = os.open(path, READ_FLAGS)
    except FileNotFoundError:
        return None
    except OSError:
        return unknown_lock(before.st_mtime, before)
    try:
        return read_open_lock(fd)
    finally:
        os.close(fd)


def read_open_lock(fd: int) -> LockInfo:
    """The lock in an open file: checked to be a regular file, then read and parsed."""
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            return unknown_lock(info.st_mtime, info)
        raw = read_at_most(fd, MAX_LOCK_BYTES)
    except OSError:
        return unknown_lock(time.time())
    parsed = parse_lock(raw, info) if raw is not None else None
    return parsed or unknown_lock(info.st_mtime, info)


def read_at_most(fd: int, limit: int) -> bytes | None:
    """The whole file when it holds at most `limit` bytes, else None."""
    chunks: list[bytes] = []
    size = 0
    while size <= limit:
        chunk = os.read(fd, limit + 1 - size)
        if not chunk:
            return b"".join(chunks)
        chunks.append(chunk)
        size += len(chunk)
    return None


def unknown_lock(mtime: float, info: os.stat_result | None = None) -> LockInfo:
    """An unusable lock: held by an unknown desk, stale once its file is old enough."""
    identity = (info.st_dev, info.st_ino) if info is not None else (0, 0)
    return LockInfo("", "", 0, UNKNOWN_SINCE, mtime, usable=False, identity=identity)


def parse_lock(raw: bytes, info: os.stat_result) -> LockInfo | None:
    """A lock file's JSON, every field checked for type and range; None when any is wrong."""
    try:
        data = json.loads(raw.decode("utf-8"))
    except (ValueError, RecursionError):
        return None
    if not isinstance(data, dict):
        return None
    user, host = check_text(data.get("user")), check_text(data.get("host"))
    pid, since = check_pid(data.get("pid")), parse_timestamp(data.get("since"))
    token = data.get("token", "")
    if user is None or host is None or pid is None or since is None or not is_token(token):
        return None
    return LockInfo(user, host, pid, since, info.st_mtime, token, True, (info.st_dev, info.st_ino))


def check_text(value: object) -> str | None:
    """A user or host name: printable text of 1 to MAX_TEXT characters."""
    if isinstance(value, str) and 0 < len(value) <= MAX_TEXT and value.isprintable():
        return value
    return None


def check_pid(value: object) -> int | None:
    """A process id: a positive int below PID_LIMIT (never a bool, never out of C's range)."""
    if isinstance(value, int) and not isinstance(value, bool) and 0 < value < PID_LIMIT:
        return value
    return None


def parse_timestamp(value: object) -> datetime.datetime | None:
    """A timezone-aware ISO date between FIRST_YEAR and LAST_YEAR, or None (the year is
    checked before anything converts it, so year 1 or 9999 cannot overflow)."""
    if not isinstance(value, str) or len(value) > 64:
        return None
    try:
        moment = datetime.datetime.fromisoformat(value)
    except ValueError:
        return None
    if moment.utcoffset() is None or not FIRST_YEAR <= moment.year <= LAST_YEAR:
        return None
    return moment


def is_token(value: object) -> bool:
    return isinstance(value, str) and len(value) <= 64 and all(c in "0123456789abcdef" for c in value)


# -- judging --------------------------------------------------------------------------------


def is_stale(info: LockInfo, now: float | None = None) -> bool:
    """A lock whose holder is gone: not refreshed for STALE_AFTER, or (on this host) its
    process no longer runs, or it names this very process but another run of it."""
    moment = time.time() if now is None else now
    if moment - info.refreshed > STALE_AFTER:
        return True
    if not info.usable or info.host != this_host():
        return False
    if info.pid == os.getpid():
        return info.token != PROCESS_TOKEN
    return not process_alive(info.pid)


def process_alive(pid: int) -> bool:
    """Whether a process of this host runs; True when that cannot be told."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (OSError, OverflowError, ValueError):
        return True
    return True


def is_mine(info: LockInfo) -> bool:
    return info.usable and info.host == this_host() and info.pid == os.getpid() and info.token == PROCESS_TOKEN


def foreign_holder(edition_path: Path) -> LockInfo | None:
    """The live lock of another desk on an edition, or None (no lock, ours, or stale)."""
    info = read_lock(edition_path)
    if info is None or is_mine(info) or is_stale(info):
        return None
    return info


# -- writing --------------------------------------------------------------------------------


def acquire_lock(edition_path: Path, *, take_over: bool = False) -> LockInfo:
    """Take the lock for this process: create it exclusively, keep it when it is already ours,
    replace it when it is stale (or when `take_over`, the user's choice). LockHeld when
    another desk holds it, LockError when the lock file cannot be written."""
    edition_path = Path(edition_path)
    path = lock_path(edition_path)
    payload = lock_payload()
    try:
        for _ in range(3):
            if try_take(edition_path, payload, take_over):
                return confirm_mine(edition_path)
    except OSError as error:
        raise LockError(
            f"cannot lock {edition_path.name}: {path.name} cannot be written ({error.strerror or error})"
        ) from error
    raise LockError(f"cannot lock {edition_path.name}: its lock file {path.name} keeps appearing and vanishing")


def try_take(edition_path: Path, payload: bytes, take_over: bool) -> bool:
    """One attempt at the lock; False when the lock vanished meanwhile (try again)."""
    path = lock_path(edition_path)
    try:
        create_exclusive(path, payload)
        return True
    except FileExistsError:
        pass
    current = read_lock(edition_path)
    if current is None:
        return False
    if is_mine(current):
        return True
    if not (take_over or is_stale(current)):
        raise LockHeld(f"{edition_path.name} is open on another desk: {current.describe()}", current)
    replace_lock(path, payload)
    return True


def confirm_mine(edition_path: Path) -> LockInfo:
    """The lock just taken, read back: another desk taking it at the same moment wins."""
    info = read_lock(edition_path)
    if info is None or not is_mine(info):
        holder = info or unknown_lock(time.time())
        raise LockHeld(f"{Path(edition_path).name} was locked by another desk at the same moment", holder)
    return info


def lock_payload() -> bytes:
    data = {
        "user": printable(user_name()),
        "host": this_host(),
        "pid": os.getpid(),
        "since": datetime.datetime.now(datetime.UTC).isoformat(),
        "token": PROCESS_TOKEN,
    }
    return json.dumps(data).encode("utf-8")


def create_exclusive(path: Path, payload: bytes) -> None:
    """Write a new file that must not exist yet (a link at its name fails, never followed)."""
    fd = os.open(path, CREATE_FLAGS, 0o644)
    try:
        write_all(fd, payload)
    except OSError:
        os.close(fd)
        path.unlink(missing_ok=True)  # the half-written file is ours: we created it
        raise
    os.close(fd)


def replace_lock(path: Path, payload: bytes) -> None:
    """Replace whatever is at the lock's name by our lock: through a new exclusive temporary
    renamed over it (a link or a FIFO there is replaced as a name, never opened)."""
    partial = path.with_name(f"{path.name}.{os.getpid()}.{secrets.token_hex(6)}.part")
    create_exclusive(partial, payload)
    try:
        os.replace(partial, path)
    except OSError:
        partial.unlink(missing_ok=True)
        raise


def write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view) :]


def refresh_lock(edition_path: Path) -> bool:
    """Keep our lock fresh: touch the very file read and found ours (no rename, no race with
    a desk taking over), or create it again when it vanished. False when it is no longer ours
    (another desk took the edition over): theirs is left alone. OSError when the share is
    unreachable."""
    path = lock_path(edition_path)
    try:
        fd = os.open(path, READ_FLAGS)
    except FileNotFoundError:
        try:
            create_exclusive(path, lock_payload())
        except FileExistsError:
            return False
        return True
    except OSError as error:
        if error.errno != errno.ELOOP:
            raise
        return False  # a link at the lock's name is not ours
    try:
        if not is_mine(read_open_lock(fd)):
            return False
        os.utime(fd)
    finally:
        os.close(fd)
    return True


def release_lock(edition_path: Path) -> bool:
    """Remove our lock (never someone else's, never a link): only when the file read is ours
    and still the one at the lock's name. True when it was removed."""
    path = lock_path(edition_path)
    info = read_lock(edition_path)
    if info is None or not is_mine(info):
        return False
    try:
        now = os.lstat(path)
        if (now.st_dev, now.st_ino) != info.identity:
            return False
        path.unlink()
    except FileNotFoundError:
        return False
    return True


def user_name() -> str:
    try:
        return getpass.getuser()
    except (OSError, KeyError, ImportError):
        return f"uid {os.getuid()}"


def this_host() -> str:
    return printable(socket.gethostname())


def printable(text: str) -> str:
    """A name as check_text accepts it: printable, 1 to MAX_TEXT characters."""
    cleaned = "".join(c if c.isprintable() else "?" for c in text)[:MAX_TEXT]
    return cleaned or "?"
