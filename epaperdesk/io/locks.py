"""Locks on shared folders: a lock file beside an open edition says who has it open, on which
host, since when; it is refreshed while the edition is open, so a lock left by a crashed or
unreachable desk goes stale. Works on any network file system, with no server of our own."""

from __future__ import annotations

import datetime
import getpass
import json
import os
import socket
import time
from dataclasses import dataclass
from pathlib import Path

STALE_AFTER = 10 * 60  # seconds without a refresh
REFRESH_EVERY = 60


@dataclass(frozen=True)
class LockInfo:
    user: str
    host: str
    pid: int
    since: datetime.datetime
    refreshed: float  # the lock file's modification time

    def describe(self) -> str:
        return f"{self.user} on {self.host}, since {self.since.astimezone().strftime('%Y-%m-%d %H:%M')}"


def lock_path(edition_path: Path) -> Path:
    path = Path(edition_path)
    return path.with_name(f".~lock.{path.name}#")


def read_lock(edition_path: Path) -> LockInfo | None:
    """The lock on an edition, or None when there is none (or it cannot be read)."""
    path = lock_path(edition_path)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return LockInfo(
            str(data["user"]),
            str(data["host"]),
            int(data["pid"]),
            datetime.datetime.fromisoformat(data["since"]),
            path.stat().st_mtime,
        )
    except (OSError, ValueError, KeyError, TypeError):
        return None


def is_stale(info: LockInfo, now: float | None = None) -> bool:
    """A lock whose holder is gone: not refreshed for STALE_AFTER, or (on this host) its
    process no longer runs."""
    if (now or time.time()) - info.refreshed > STALE_AFTER:
        return True
    if info.host == socket.gethostname():
        try:
            os.kill(info.pid, 0)
        except ProcessLookupError:
            return True
        except PermissionError:
            return False
    return False


def is_mine(info: LockInfo) -> bool:
    return info.host == socket.gethostname() and info.pid == os.getpid()


def write_lock(edition_path: Path, since: datetime.datetime | None = None) -> None:
    """Take (or refresh) the lock for this process."""
    path = lock_path(edition_path)
    data = {
        "user": getpass.getuser(),
        "host": socket.gethostname(),
        "pid": os.getpid(),
        "since": (since or datetime.datetime.now(datetime.UTC)).isoformat(),
    }
    partial = path.with_name(path.name + f".{os.getpid()}.part")
    partial.write_text(json.dumps(data), encoding="utf-8")
    partial.replace(path)


def release_lock(edition_path: Path) -> None:
    """Remove our lock (never someone else's)."""
    info = read_lock(edition_path)
    if info is not None and is_mine(info):
        try:
            lock_path(edition_path).unlink()
        except FileNotFoundError:
            pass
