"""Replacing a file whole, never leaving half of one: the one way EpaperDesk writes a file.

The new bytes go to a temporary file beside the target (created exclusively, so nobody else's
file or link is written through), are flushed and synced, take the target's mode (and owner
and group where the user may set them), and are renamed over the target; then the folder is
synced. A target that is a symbolic link keeps its link: the file it points to is replaced.
Optionally the previous file is kept as `NAME.bak`. Errors are OSError; callers turn them
into their own messages. Pure standard library: every layer may use it.

A write killed half-way leaves its temporary `.NAME.<host>-<pid>-<random>.tmp` behind. Every
write removes the ones of its target that are stale: regular files of this user whose writer
is known to be gone (a dead process on this host) or that are older than an hour (a writer on
another host, or an older EpaperDesk that did not put its process in the name).
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import socket
import stat
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO

TEMP_SUFFIX = ".tmp"
BACKUP_SUFFIX = ".bak"
STALE_TEMPORARY_AGE = 3600.0  # seconds: a temporary this old is nobody's write in progress
WRITER = re.compile(r"([0-9a-f]{8})-([0-9]{1,10})-")  # host tag and process id in a temporary's name
PID_LIMIT = 2**31

Writer = Callable[[BinaryIO], object]


def temporary_prefix(target: Path) -> str:
    """The name our temporary files for `target` start with (`.NAME.`)."""
    return f".{target.name}."


def writer_tag() -> str:
    """This process in a temporary's name (`<host>-<pid>-`), so that a later write on this host
    can tell that the writer of a leftover temporary is gone."""
    return f"{host_tag()}-{os.getpid()}-"


def host_tag() -> str:
    """Eight hex digits standing for this host (names may be long and hold any character)."""
    return hashlib.sha256(socket.gethostname().encode("utf-8", "replace")).hexdigest()[:8]


def resolve_target(path: str | os.PathLike[str]) -> Path:
    """The file that a write to `path` replaces: the end of a chain of symbolic links."""
    path = Path(path)
    if path.is_symlink():
        return Path(os.path.realpath(path))
    return path


def write_atomic(
    path: str | os.PathLike[str],
    data: bytes | Writer,
    *,
    backup: bool = False,
    sync: bool = True,
) -> Path:
    """Replace the file at `path` with `data` (bytes, or a function writing to a binary file)
    in one step; returns the file written (the link's target when `path` is a symlink)."""
    target = resolve_target(path)
    folder = target.parent if str(target.parent) else Path(".")
    previous = _stat_or_none(target)
    if previous is not None and not _is_regular(previous):
        raise IsADirectoryError(21, f"{target} is not a regular file", str(target))
    fd, temporary = tempfile.mkstemp(prefix=temporary_prefix(target) + writer_tag(), suffix=TEMP_SUFFIX, dir=folder)
    try:
        with os.fdopen(fd, "wb") as handle:
            if isinstance(data, bytes | bytearray | memoryview):
                handle.write(data)
            else:
                data(handle)
            handle.flush()
            if sync:
                os.fsync(handle.fileno())
        _take_attributes(temporary, previous)
        if backup and previous is not None:
            keep_backup(target)
        os.replace(temporary, target)
        temporary = ""
        if sync:
            sync_folder(folder)
    finally:
        if temporary:
            try:
                os.unlink(temporary)
            except OSError:
                pass
    remove_stale_temporaries(target)
    return target


def backup_path(path: Path) -> Path:
    return path.with_name(path.name + BACKUP_SUFFIX)


def keep_backup(target: Path) -> Path:
    """Keep the current file as NAME.bak (a hard link where the file system allows it)."""
    backup = backup_path(target)
    if backup.is_dir() and not backup.is_symlink():
        raise IsADirectoryError(21, f"a folder named {backup.name} is in the way of the backup copy", str(backup))
    fresh = backup.with_name(backup.name + ".new")
    try:
        fresh.unlink()
    except FileNotFoundError:
        pass
    try:
        os.link(target, fresh)
    except OSError:
        shutil.copy2(target, fresh)
    os.replace(fresh, backup)
    return backup


def sync_folder(folder: Path) -> None:
    """Make a rename in `folder` durable (where folders can be opened)."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def remove_stale_temporaries(target: str | os.PathLike[str], older_than: float = STALE_TEMPORARY_AGE) -> int:
    """Remove temporary files that killed writes to `target` left behind: ours only (named
    `.NAME.*.tmp`, regular files owned by this user), and only when their writer is gone or
    they are `older_than` seconds old, so a save in progress on another desk is left alone.
    Never raises; returns how many were removed."""
    target = resolve_target(target)
    folder = target.parent if str(target.parent) else Path(".")
    prefix = temporary_prefix(target)
    try:
        names = os.listdir(folder)
    except OSError:
        return 0
    removed = 0
    for name in names:
        if (
            name.startswith(prefix)
            and name.endswith(TEMP_SUFFIX)
            and _remove_if_stale(folder / name, prefix, older_than)
        ):
            removed += 1
    return removed


def _remove_if_stale(candidate: Path, prefix: str, older_than: float) -> bool:
    """Unlink one of our temporaries when it is stale (a link is never followed: lstat, and
    unlinking a name removes only the name)."""
    try:
        info = os.lstat(candidate)
        if not _is_regular(info) or info.st_uid != os.getuid():
            return False
        old = time.time() - info.st_mtime >= older_than
        if not (old or _writer_is_gone(candidate.name[len(prefix) :])):
            return False
        candidate.unlink()
    except OSError:
        return False
    return True


def _writer_is_gone(rest: str) -> bool:
    """Whether the process named at the start of a temporary's name (after `.NAME.`) ran on
    this host and has ended. Unknown writers (older names, other hosts) are not gone."""
    match = WRITER.match(rest)
    if match is None or match.group(1) != host_tag():
        return False
    pid = int(match.group(2))
    if not 0 < pid < PID_LIMIT or pid == os.getpid():
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    except OSError:
        return False
    return False


def _stat_or_none(path: Path) -> os.stat_result | None:
    try:
        return os.stat(path)
    except FileNotFoundError:
        return None


def _is_regular(info: os.stat_result) -> bool:
    return stat.S_ISREG(info.st_mode)


def _take_attributes(temporary: str, previous: os.stat_result | None) -> None:
    """Give the new file the old one's mode, owner and group (as far as allowed), or the
    mode a new file gets under the user's umask."""
    if previous is None:
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(temporary, 0o666 & ~umask)
        return
    try:
        os.chown(temporary, previous.st_uid, previous.st_gid)
    except OSError:
        try:
            os.chown(temporary, -1, previous.st_gid)  # a group the user belongs to
        except OSError:
            pass
    os.chmod(temporary, previous.st_mode & 0o7777)
