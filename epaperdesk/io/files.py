"""Reading what users bring in with limits: a file with a size limit, zip members with a
budget of decompressed bytes (counted while reading, never taken from the zip's headers)."""

from __future__ import annotations

import zipfile
from collections.abc import Generator
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


class ReadBudget:
    """Decompressed bytes still allowed across a container's members; `error` is raised,
    naming the member, when one member or the whole goes over."""

    def __init__(self, total: int, error: type[Exception]) -> None:
        self.total = total
        self.left = total
        self.error = error

    def read(self, archive: zipfile.ZipFile, info: zipfile.ZipInfo, limit: int) -> bytes:
        """The member's bytes, at most `limit` of them."""
        return b"".join(self.chunks(archive, info, limit))

    def chunks(
        self, archive: zipfile.ZipFile, info: zipfile.ZipInfo, limit: int, size: int = 1 << 16
    ) -> Generator[bytes, None, None]:
        """The member's bytes in pieces of `size`, each counted as it is decompressed, so
        a reader that parses as it goes (XML) never holds the member whole; the count stops
        at the first piece over a limit, whatever the zip's headers claim."""
        read = 0
        with archive.open(info) as member:
            while chunk := member.read(size):
                read += len(chunk)
                if read > limit:
                    raise self.error(
                        f"member {info.filename!r} decompresses to more than {limit:,} bytes (stopped at {read:,})"
                    )
                if len(chunk) > self.left:
                    raise self.error(
                        f"the container decompresses to more bytes than allowed ({self.total:,}): "
                        f"member {info.filename!r} went over"
                    )
                self.left -= len(chunk)
                yield chunk
