"""The .epd file: a zip container holding `mimetype`, `document.json` and `images/`.

Saving is atomic and keeps the previous version as FILE.bak; the bytes are deterministic
(fixed order and timestamps), so save → load → save gives the same file. Loading reads
everything into memory, never extracts to disk, counts decompressed bytes itself (headers
are not trusted) and rejects a bad file with one EpdError that names the problem.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import re
import stat
import zipfile
from pathlib import Path

from epaperdesk.atomic import BACKUP_SUFFIX as BACKUP_SUFFIX  # (re-exported: the .bak name callers look for)
from epaperdesk.atomic import backup_path as backup_path
from epaperdesk.atomic import write_atomic
from epaperdesk.io.epd_limits import (  # (module names here: tests lower them)
    MAX_DOCUMENT_BYTES,
    MAX_FILE_BYTES,
    MAX_JSON_OBJECTS,
    MAX_MEMBERS,
    MAX_TOTAL_BYTES,
    over,
)
from epaperdesk.io.files import ReadBudget
from epaperdesk.io.images import ImageError, read_image
from epaperdesk.io.schema import JSON, SchemaError, document_to_edition, edition_to_document
from epaperdesk.model.edition import Edition, FontAsset, ImageAsset
from epaperdesk.typeset.fonts import FontError, describe_font_data

MIMETYPE = "application/x-epaperdesk"
DOCUMENT = "document.json"
IMAGE_DIR = "images/"
FONT_DIR = "fonts/"
ZIP_TIME = (1980, 1, 1, 0, 0, 0)
IMAGE_NAME = re.compile(r"^[0-9a-f]{64}\.(jpg|png|tif|webp)$")
FONT_NAME = re.compile(r"^[0-9a-f]{64}\.ttf$")


class EpdError(Exception):
    """An .epd file cannot be opened; the message names the file and the problem."""


class SaveError(Exception):
    """An edition could not be saved; the previous file is untouched."""


# -- writing --------------------------------------------------------------------------------


def _member(name: str, compress: int) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name, date_time=ZIP_TIME)
    info.compress_type = compress
    info.create_system = 3
    info.external_attr = 0o644 << 16
    return info


def edition_to_bytes(edition: Edition) -> bytes:
    """The .epd bytes of an edition: deterministic for equal editions."""
    document = json.dumps(edition_to_document(edition), ensure_ascii=False, indent=1) + "\n"
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(_member("mimetype", zipfile.ZIP_STORED), MIMETYPE)
        archive.writestr(_member(DOCUMENT, zipfile.ZIP_DEFLATED), document.encode("utf-8"))
        for name in sorted(edition.images):
            archive.writestr(_member(IMAGE_DIR + name, zipfile.ZIP_STORED), edition.images[name].data)
        for name in sorted(edition.fonts):
            archive.writestr(_member(FONT_DIR + name, zipfile.ZIP_DEFLATED), edition.fonts[name].data)
    return buffer.getvalue()


def save_edition(edition: Edition, path: str | os.PathLike[str], *, backup: bool = True) -> bytes:
    """Write the edition to `path` atomically, keeping the old file as `path`.bak (unless
    `backup` is false); returns the bytes written.

    The new file is written beside the target, flushed and synced, then renamed over it,
    and the folder is synced (epaperdesk.atomic); at no moment is there a half-written file
    at `path`.
    """
    path = Path(path)
    try:
        data = edition_to_bytes(edition)
    except Exception as error:
        raise SaveError(f"cannot save {path.name}: the edition could not be serialised ({error})") from error
    try:
        write_atomic(path, data, backup=backup)
    except OSError as error:
        reason = error.strerror or str(error)
        raise SaveError(f"cannot save {path}: {reason}; the previous file is unchanged") from error
    return data  # (what the file now holds: a caller keeping its hash need not read it back)


# -- reading --------------------------------------------------------------------------------


def _check_member_name(name: str) -> None:
    if "\\" in name:
        raise EpdError(f"member {name!r} has a backslash in its name")
    if name.startswith("/") or re.match(r"^[A-Za-z]:", name):
        raise EpdError(f"member {name!r} has an absolute path")
    if ".." in name.split("/"):
        raise EpdError(f"member {name!r} points outside the container (..)")
    if "\x00" in name:
        raise EpdError(f"member {name!r} has a NUL character in its name")


def edition_from_bytes(data: bytes, label: str = "the file") -> Edition:
    """Validate and read an .epd held in memory."""
    try:
        return _read_container(data)
    except EpdError as error:
        raise EpdError(f"{label}: {error}") from None
    except (SchemaError, ImageError) as error:
        raise EpdError(f"{label}: {error}") from None
    except zipfile.BadZipFile as error:
        raise EpdError(f"{label}: the container is damaged ({error})") from None
    except Exception as error:  # anything else a hostile file provokes is still a bad file
        raise EpdError(f"{label}: the file is damaged ({type(error).__name__}: {error})") from None


def load_edition(path: str | os.PathLike[str]) -> Edition:
    """Open an .epd file."""
    path = Path(path)
    try:
        data = _read_file(path)
    except OSError as error:
        raise EpdError(f"{path}: cannot be read ({error.strerror or error})") from None
    return edition_from_bytes(data, str(path))


def _read_file(path: Path) -> bytes:
    """The bytes of a regular file no bigger than MAX_FILE_BYTES (a FIFO, a device or a
    folder is refused before it is read: opened without blocking, checked, then read)."""
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    with os.fdopen(fd, "rb") as handle:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise EpdError(f"{path}: not a regular file")
        if info.st_size > MAX_FILE_BYTES:
            raise EpdError(f"{path}: the file is too big: {over(info.st_size, MAX_FILE_BYTES)} bytes")
        data = handle.read(info.st_size + 1)  # (what fstat says, not the limit: no 4 GB buffer up front)
        if len(data) > MAX_FILE_BYTES:
            raise EpdError(f"{path}: the file is too big: more than {MAX_FILE_BYTES:,} bytes")
        return data


def _read_container(data: bytes) -> Edition:
    if not zipfile.is_zipfile(io.BytesIO(data)):
        raise EpdError("not an EpaperDesk edition (not a zip container)")
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        members = _checked_members(archive)
        budget = ReadBudget(MAX_TOTAL_BYTES, EpdError)
        if "mimetype" in members:
            mimetype = budget.read(archive, members["mimetype"], 256)
            if mimetype != MIMETYPE.encode():
                raise EpdError(f"mimetype is {mimetype[:64]!r}, not {MIMETYPE!r}")
        if DOCUMENT not in members:
            raise EpdError(f"{DOCUMENT} is missing")
        document = _parse_document(budget.read(archive, members[DOCUMENT], MAX_DOCUMENT_BYTES))
        assets = _Assets(archive, members, budget)
        return document_to_edition(document, assets.image, assets.font)


def _checked_members(archive: zipfile.ZipFile) -> dict[str, zipfile.ZipInfo]:
    """The container's members by name, each checked: a safe name, once only, not
    encrypted, a supported compression, and a place in an edition."""
    infos = archive.infolist()
    if len(infos) > MAX_MEMBERS:
        raise EpdError(f"the container has {len(infos):,} members, more than the {MAX_MEMBERS:,} allowed")
    members: dict[str, zipfile.ZipInfo] = {}
    for info in infos:
        _check_member_name(info.filename)
        if info.filename in members:
            raise EpdError(f"member {info.filename!r} appears twice")
        if info.flag_bits & 0x1:
            raise EpdError(f"member {info.filename!r} is encrypted")
        if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
            raise EpdError(f"member {info.filename!r} uses an unsupported compression method")
        if info.filename not in ("mimetype", DOCUMENT) and not info.filename.startswith((IMAGE_DIR, FONT_DIR)):
            raise EpdError(f"member {info.filename!r} does not belong in an edition")
        members[info.filename] = info
    return members


def _parse_document(raw: bytes) -> object:
    """The JSON data of document.json (its schema is checked later)."""
    objects = 0

    def count(pairs: list[tuple[str, object]]) -> dict[str, object]:
        nonlocal objects
        objects += 1
        if objects > MAX_JSON_OBJECTS:
            raise EpdError(f"{DOCUMENT} holds more than {MAX_JSON_OBJECTS:,} objects")
        return dict(pairs)

    try:
        return json.loads(raw.decode("utf-8"), object_pairs_hook=count)
    except UnicodeDecodeError as error:
        raise EpdError(f"{DOCUMENT} is not UTF-8 text ({error.reason} at byte {error.start})") from None
    except json.JSONDecodeError as error:
        raise EpdError(
            f"{DOCUMENT} is not valid JSON ({error.msg} at line {error.lineno}, column {error.colno})"
        ) from None
    except RecursionError:
        raise EpdError(f"{DOCUMENT} is nested too deeply") from None
    except ValueError as error:  # a whole number of more than 4,300 digits
        raise EpdError(f"{DOCUMENT} holds a number that is too long ({error})") from None


class _Assets:
    """Reads the images and fonts that document.json names from the container, checking
    each against what the document says about it."""

    def __init__(self, archive: zipfile.ZipFile, members: dict[str, zipfile.ZipInfo], budget: ReadBudget) -> None:
        self.archive = archive
        self.members = members
        self.budget = budget

    def member_bytes(self, entry: JSON, path: str, kind: str, pattern: re.Pattern[str], folder: str) -> bytes:
        """The bytes of the image or font an entry names (checked name, present member)."""
        name = entry["name"]
        if not pattern.match(name):
            raise EpdError(f"{path}.name: {name!r} is not a content-hash {kind} name")
        member = self.members.get(folder + name)
        if member is None:
            raise EpdError(f"{path}: {kind} {name!r} is not in the container")
        return self.budget.read(self.archive, member, MAX_TOTAL_BYTES)

    def image(self, entry: JSON, path: str) -> ImageAsset:
        name = entry["name"]
        content = self.member_bytes(entry, path, "image", IMAGE_NAME, IMAGE_DIR)
        asset = read_image(content, entry["source"], f"image {name!r}")
        if asset.name != name:
            raise EpdError(f"{path}: image {name!r} does not match its content (hash or type differs)")
        if asset.media_type != entry["media_type"]:
            raise EpdError(f"{path}.media_type: image {name!r} is {asset.media_type}, not {entry['media_type']}")
        if (asset.width, asset.height) != (entry["width"], entry["height"]):
            raise EpdError(
                f"{path}: image {name!r} is {asset.width} x {asset.height} pixels, not {entry['width']} x {entry['height']}"
            )
        return asset

    def font(self, entry: JSON, path: str) -> FontAsset:
        name = entry["name"]
        content = self.member_bytes(entry, path, "font", FONT_NAME, FONT_DIR)
        if hashlib.sha256(content).hexdigest() + ".ttf" != name:
            raise EpdError(f"{path}: font {name!r} does not match its content")
        try:
            face = describe_font_data(content)
        except FontError as error:
            raise EpdError(f"{path}: {error}") from None
        if (face.family, face.weight, face.italic) != (entry["family"], entry["weight"], entry["italic"]):
            raise EpdError(
                f"{path}: font {name!r} is {face.family} {face.weight}"
                f"{' italic' if face.italic else ''}, not what the document says"
            )
        return FontAsset(name, face.family, face.weight, face.italic, content)
