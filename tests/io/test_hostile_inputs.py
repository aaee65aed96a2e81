"""Every hostile file is refused with our own error, in bounded time and memory.

Each hostile picture and Word file is built here, written to a file and read in a child
process held to RLIMIT_AS (1 GB of address space) and RLIMIT_CPU (5 s): a hang is killed
by SIGXCPU and a blow-up dies of MemoryError, and either fails the test. No time is
measured (benchmarks/hostile.py does that); the child's limits are the bounds.

The large members are made without holding their bytes: a deflate stream of one block
repeated (each block compressed on its own and flushed), in a zip written by hand. Their
CRCs are left at zero, because a reader that stays within its limits stops (or never
starts) long before the end, where zipfile would check the CRC."""

import io
import json
import os
import re
import struct
import subprocess
import sys
import zipfile
import zlib
from pathlib import Path

import docx
import pytest
from PIL import Image, PngImagePlugin

from epaperdesk.io.images import (
    MAX_EXIF_BYTES,
    MAX_JPEG_SEGMENTS,
    MAX_PHOTOSHOP_BYTES,
    MAX_PNG_CHUNKS,
    MAX_TIFF_DIRECTORIES,
    MAX_TIFF_TAGS,
    MAX_TIFF_VALUES,
)
from epaperdesk.io.importers import MAX_COPY_PARAGRAPHS, MAX_DOCX_DEPTH, MAX_DOCX_MEMBERS, MAX_DOCX_XML_BYTES

pytestmark = pytest.mark.skipif(sys.platform != "linux", reason="RLIMIT_AS is enforced on Linux only")

ROOT = Path(__file__).resolve().parents[2]
MEMORY_LIMIT = 1 << 30  # bytes of address space
CPU_LIMIT = 5  # seconds

CHILD = f"""
import json, resource, sys
resource.setrlimit(resource.RLIMIT_AS, ({MEMORY_LIMIT}, {MEMORY_LIMIT}))
resource.setrlimit(resource.RLIMIT_CPU, ({CPU_LIMIT}, {CPU_LIMIT}))
kind, path = sys.argv[1], sys.argv[2]
if kind == "picture":
    from epaperdesk.io.images import ImageError as Refusal, read_image_file
    try:
        asset = read_image_file(path)
    except Refusal as error:
        print(json.dumps({{"refused": str(error)}}))
    else:
        print(json.dumps({{"read": [asset.width, asset.height], "caption": asset.caption}}))
else:
    from epaperdesk.io.importers import CopyError as Refusal, read_copy
    try:
        copy = read_copy(path)
    except Refusal as error:
        print(json.dumps({{"refused": str(error)}}))
    else:
        print(json.dumps({{"read": [p.text for p in copy.paragraphs], "notes": copy.notes}}))
"""


def read_in_child(kind: str, path: Path) -> dict:
    """What reading `path` gave in a child held to the limits; the test fails when the
    child was killed or died of anything but our own error."""
    environment = dict(os.environ, PYTHONPATH=str(ROOT))
    done = subprocess.run(
        [sys.executable, "-c", CHILD, kind, str(path)], capture_output=True, text=True, env=environment, timeout=60
    )
    assert done.returncode == 0, f"the child ended with {done.returncode}: {done.stderr[-2000:]}"
    return json.loads(done.stdout)


# -- building blocks --------------------------------------------------------------------------


def encode(image: Image.Image, kind: str, **options) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, kind, **options)
    return buffer.getvalue()


def png_chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)


def png_with(chunks: bytes, width: int = 8, height: int = 8) -> bytes:
    """A grey PNG of `width` x `height` with `chunks` before its pixel data."""
    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    pixels = zlib.compress((b"\0" + b"\x80" * width) * height)
    return (
        b"\x89PNG\r\n\x1a\n"
        + png_chunk(b"IHDR", header)
        + chunks
        + png_chunk(b"IDAT", pixels)
        + png_chunk(b"IEND", b"")
    )


def jpeg_claiming(width: int, height: int) -> bytes:
    """A whole JPEG (it ends with its end marker) whose header promises `width` x `height`
    pixels while its coded data is that of 16 x 16: a few hundred bytes."""
    data = bytearray(encode(Image.new("L", (16, 16), 128), "JPEG"))
    frame = data.index(b"\xff\xc0")
    struct.pack_into(">HH", data, frame + 5, height, width)
    return bytes(data)


def photoshop_segment() -> bytes:
    """One APP13 segment of the largest size: 64 kB of Photoshop resources."""
    return b"\xff\xed\xff\xff" + b"Photoshop 3.0\0".ljust(0xFFFD, b"\0")


def jpeg_with_segments(segment: bytes, count: int) -> bytes:
    small = encode(Image.new("RGB", (16, 16), "red"), "JPEG")
    return small[:2] + segment * count + small[2:]


def tiff_with_directories(count: int) -> bytes:
    """A 1 x 1 grey TIFF whose chain holds `count` directories, all pointing at one pixel."""
    size = 2 + 12 * 9 + 4
    pixel_at = 8 + count * size
    fields = ((256, 1), (257, 1), (258, 8), (259, 1), (262, 1), (273, pixel_at), (277, 1), (278, 1), (279, 1))
    table = struct.pack("<H", 9) + b"".join(struct.pack("<HHII", tag, 4, 1, value) for tag, value in fields)
    chain = [table + struct.pack("<I", 8 + (index + 1) * size) for index in range(count - 1)]
    return b"II*\x00" + struct.pack("<I", 8) + b"".join(chain) + table + struct.pack("<I", 0) + b"\x80"


def tiff_with_entry(kind: int, count: int, big: bool = False) -> bytes:
    """A TIFF whose first directory holds one entry of `count` values of type `kind`
    (a BigTIFF when `big`), and claims `count` entries when `kind` is 0."""
    if big:
        header = b"II+\x00" + struct.pack("<HHQ", 8, 0, 16)
        if kind == 0:
            return header + struct.pack("<Q", count) + b"\0" * 64
        return header + struct.pack("<Q", 1) + struct.pack("<HHQQ", 273, kind, count, 64) + struct.pack("<Q", 0)
    return (
        b"II*\x00"
        + struct.pack("<I", 8)
        + struct.pack("<H", 1)
        + struct.pack("<HHII", 273, kind, count, 26)
        + b"\0" * 8
    )


def raw_deflate(data: bytes, final: bool = True) -> bytes:
    packer = zlib.compressobj(9, zlib.DEFLATED, -15)
    return packer.compress(data) + packer.flush(zlib.Z_FINISH if final else zlib.Z_FULL_FLUSH)


def repeated_deflate(prefix: bytes, block: bytes, times: int, suffix: bytes) -> tuple[bytes, int]:
    """A raw deflate stream of prefix + block * times + suffix, and its unpacked size,
    made without ever holding the unpacked bytes."""
    packed = raw_deflate(prefix, False) + raw_deflate(block, False) * times + raw_deflate(suffix)
    return packed, len(prefix) + len(block) * times + len(suffix)


Member = tuple[str, bytes, int, int, int]  # name, packed bytes, method, CRC, unpacked size


def deflated(name: str, data: bytes) -> Member:
    return name, raw_deflate(data), 8, zlib.crc32(data) & 0xFFFFFFFF, len(data)


def zip_bytes(members: list[Member]) -> bytes:
    """A zip written by hand, so that a member's packed bytes can be made by hand."""
    local, central, offset = [], [], 0
    for name, packed, method, crc, size in members:
        encoded = name.encode()
        fields = (20, 0, method, 0, 0x21, crc, len(packed), size, len(encoded), 0)  # version … extra length
        header = struct.pack("<4s5H3I2H", b"PK\x03\x04", *fields) + encoded
        central.append(struct.pack("<4sH5H3I2H3H2I", b"PK\x01\x02", 20, *fields, 0, 0, 0, 0, offset) + encoded)
        local.append(header + packed)
        offset += len(header) + len(packed)
    directory = b"".join(central)
    count = min(len(members), 0xFFFF)
    end = struct.pack("<4s4H2IH", b"PK\x05\x06", 0, 0, count, count, len(directory), offset, 0)
    return b"".join(local) + directory + end


def word_members(with_picture: bool = False) -> dict[str, bytes]:
    """The members of a small Word file made by python-docx, by name."""
    document = docx.Document()
    document.add_paragraph("Hostile files are refused.")
    if with_picture:
        document.add_picture(io.BytesIO(encode(Image.new("RGB", (8, 8), "blue"), "PNG")))
    buffer = io.BytesIO()
    document.save(buffer)
    with zipfile.ZipFile(buffer) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def word_file(members: dict[str, bytes], extra: list[Member] | None = None) -> bytes:
    """The members deflated into a zip, with `extra` members packed by hand in place of theirs."""
    extra = extra or []
    replaced = {member[0] for member in extra}
    return zip_bytes([deflated(name, data) for name, data in members.items() if name not in replaced] + extra)


def body_split(members: dict[str, bytes]) -> tuple[bytes, bytes]:
    """document.xml cut in two just inside <w:body>."""
    xml = members["word/document.xml"]
    cut = xml.index(b"<w:body>") + len(b"<w:body>")
    return xml[:cut], xml[cut:]


# -- pictures -----------------------------------------------------------------------------------


def png_bomb() -> bytes:
    """A PNG whose header claims 60,000 x 60,000 pixels, with hardly any data."""
    header = struct.pack(">IIBBBBB", 60_000, 60_000, 8, 0, 0, 0, 0)
    chunks = png_chunk(b"IHDR", header) + png_chunk(b"IDAT", zlib.compress(b"\0" * 64)) + png_chunk(b"IEND", b"")
    return b"\x89PNG\r\n\x1a\n" + chunks


def xmp_png() -> bytes:
    """A 1 MB XMP packet of unclosed <dc:description tags: a backtracking pattern takes
    quadratic time over it."""
    info = PngImagePlugin.PngInfo()
    info.add_itxt("XML:com.adobe.xmp", "<dc:description " * 60_000)
    return encode(Image.new("RGB", (8, 8)), "PNG", pnginfo=info)


def text_bomb_png() -> bytes:
    """A compressed text chunk that unpacks to 20 MB."""
    packed = zlib.compress(b"a" * 20_000_000, 9)
    return png_with(png_chunk(b"zTXt", b"Comment\0\0" + packed))


PICTURES = {
    "a 1 MB XMP packet": (xmp_png, None),
    "200,000 TIFF directories": (
        lambda: tiff_with_directories(200_000),
        f"more than the {MAX_TIFF_DIRECTORIES} TIFF directories",
    ),
    "a 12,000 x 12,000 JPEG of a few hundred bytes": (lambda: jpeg_claiming(12_000, 12_000), "144 million"),
    "the same JPEG cut short": (lambda: jpeg_claiming(12_000, 12_000)[:-40], "144 million"),
    "a 9,000 x 9,000 JPEG whose data ends early": (lambda: jpeg_claiming(9_000, 9_000), "cut short"),
    "a JPEG cut short": (lambda: encode(Image.effect_noise((64, 64), 40), "JPEG")[:-300], "cut short"),
    "100,000 JPEG segments": (
        lambda: jpeg_with_segments(b"\xff\xe5\x00\x02", 100_000),
        f"more than the {MAX_JPEG_SEGMENTS:,} JPEG marker segments",
    ),
    "2 MB of Photoshop resources": (
        lambda: jpeg_with_segments(photoshop_segment(), 32),
        f"more than the {MAX_PHOTOSHOP_BYTES:,} allowed",
    ),
    "300,000 PNG chunks": (
        lambda: png_with(png_chunk(b"prVt", b"") * 300_000),
        f"more than the {MAX_PNG_CHUNKS:,} PNG chunks",
    ),
    "a 60,000 x 60,000 PNG": (png_bomb, "3,600,000,000 pixels"),
    "a 2 MB EXIF chunk": (lambda: png_with(png_chunk(b"eXIf", b"MM\0*" + b"\0" * 2_000_000)), f"{MAX_EXIF_BYTES:,}"),
    "a text chunk that unpacks to 20 MB": (text_bomb_png, "to unpack in its zTXt chunk 'Comment'"),
    "a TIFF directory of 2**40 entries": (lambda: tiff_with_entry(0, 2**40, big=True), f"{MAX_TIFF_TAGS:,}"),
    "a TIFF strip table of 50 million numbers": (lambda: tiff_with_entry(4, 50_000_000), f"{MAX_TIFF_VALUES:,}"),
}


@pytest.mark.parametrize("case", list(PICTURES))
def test_hostile_pictures_are_refused_within_limits(case, tmp_path):
    build, expected = PICTURES[case]
    path = tmp_path / "hostile-picture"
    path.write_bytes(build())
    result = read_in_child("picture", path)
    if expected is None:  # nothing to refuse: read, and the packet is not a caption
        assert result == {"read": [8, 8], "caption": ""}
    else:
        assert "refused" in result, f"{case} was read: {result}"
        assert result["refused"].startswith("hostile-picture ") and expected in result["refused"]


# -- Word files -------------------------------------------------------------------------------

PWNED = b'<!DOCTYPE w:document [<!ENTITY pwned "PWNED">]>'


def utf16_doctype() -> bytes:
    """document.xml in UTF-16 (declared and with a byte-order mark), a DOCTYPE declaring an
    entity, and the entity used in the text."""
    members = word_members()
    xml = re.sub(r"encoding=.UTF-8.", 'encoding="UTF-16"', members["word/document.xml"].decode(), count=1)
    xml = xml.replace("?>", "?>" + PWNED.decode(), 1)
    members["word/document.xml"] = xml.replace("Hostile", "&pwned;").encode("utf-16")
    return word_file(members)


def upper_case_main_part() -> bytes:
    """The main document at word/evil.XML (the relationships point there) with a DOCTYPE; a
    harmless word/document.xml stays beside it."""
    members = word_members()
    members["word/evil.XML"] = members["word/document.xml"].replace(b"?>", b"?>" + PWNED, 1)
    members["_rels/.rels"] = members["_rels/.rels"].replace(b"word/document.xml", b"word/evil.XML")
    members["[Content_Types].xml"] = members["[Content_Types].xml"].replace(b"/word/document.xml", b"/word/evil.XML")
    members["word/_rels/evil.XML.rels"] = members["word/_rels/document.xml.rels"]
    return word_file(members)


def doctype_in_a_part_nobody_reads() -> bytes:
    members = word_members()
    members["customXml/item1.xml"] = b'<?xml version="1.0"?>' + PWNED.replace(b"w:document", b"x") + b"<x>&pwned;</x>"
    return word_file(members)


def four_million_paragraphs() -> bytes:
    members = word_members()
    head, tail = body_split(members)
    packed, size = repeated_deflate(head, b"<w:p><w:r><w:t>x</w:t></w:r></w:p>" * 40_000, 100, tail)
    return word_file(members, [("word/document.xml", packed, 8, 0, size)])


def media_bomb() -> bytes:
    """The picture the document shows is 2 GB of zeros (2 MB packed)."""
    members = word_members(with_picture=True)
    media = next(name for name in members if name.startswith("word/media/"))
    packed, size = repeated_deflate(b"", b"\0" * (1 << 20), 2048, b"")
    return word_file(members, [(media, packed, 8, 0, size)])


def comment_bomb() -> bytes:
    """document.xml unpacks to 1 GB, most of it one comment (no element, no text)."""
    members = word_members()
    head, tail = body_split(members)
    packed, size = repeated_deflate(head + b"<!--", b"a" * (1 << 20), 1024, b"-->" + tail)
    return word_file(members, [("word/document.xml", packed, 8, 0, size)])


def nesting_bomb() -> bytes:
    members = word_members()
    head, tail = body_split(members)
    packed, size = repeated_deflate(head, b"<w:customXml>" * 100_000, 10, tail)
    return word_file(members, [("word/document.xml", packed, 8, 0, size)])


def many_members() -> bytes:
    stored = [(f"x/{index}", b"", 0, 0, 0) for index in range(100_000)]
    return word_file(word_members(), stored)


WORD_FILES = {
    "a DOCTYPE in UTF-16": (utf16_doctype, "word/document.xml declares a DOCTYPE"),
    "an upper-case extension": (upper_case_main_part, "word/evil.XML declares a DOCTYPE"),
    "a DOCTYPE in a part nobody reads": (doctype_in_a_part_nobody_reads, "customXml/item1.xml declares a DOCTYPE"),
    "4 million paragraphs": (four_million_paragraphs, f"more than {MAX_COPY_PARAGRAPHS:,} paragraphs"),
    "a 2 GB picture": (media_bomb, None),
    "a 1 GB document.xml": (comment_bomb, f"decompresses to more than {MAX_DOCX_XML_BYTES:,} bytes"),
    "elements nested a million deep": (nesting_bomb, f"more than {MAX_DOCX_DEPTH:,} deep"),
    "100,000 members": (many_members, f"more than the {MAX_DOCX_MEMBERS:,} allowed"),
}


@pytest.mark.parametrize("case", list(WORD_FILES))
def test_hostile_word_files_are_refused_within_limits(case, tmp_path):
    build, expected = WORD_FILES[case]
    path = tmp_path / "HOSTILE.DOCX"  # the extension is read whatever its case
    path.write_bytes(build())
    result = read_in_child("copy", path)
    if expected is None:  # nothing to refuse: the text comes across, the picture is never unpacked
        assert result == {"read": ["Hostile files are refused."], "notes": ["pictures left out (place them as photos)"]}
    else:
        assert "refused" in result, f"{case} was read: {result}"
        assert result["refused"].startswith("HOSTILE.DOCX") and expected in result["refused"]
