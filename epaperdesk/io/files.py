"""Reading a file the user brings in, with a size limit and a message that names it."""

from __future__ import annotations

from pathlib import Path


def read_limited(path: Path, limit: int, error: type[Exception], what: str = "") -> bytes:
    """The file's bytes; `error` (naming the file) when it is too large or cannot be read."""
    try:
        size = path.stat().st_size
        if size > limit:
            raise error(f"{path.name} is {size / 2**20:.0f} MB, more than the {limit // 2**20} MB allowed{what}")
        return path.read_bytes()
    except OSError as problem:
        raise error(f"{path.name} cannot be read: {problem.strerror or problem}") from None
