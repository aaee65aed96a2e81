"""Write the hostile-file corpus: tests/data/hostile/ and its MANIFEST.json.

Every file here is something a user could be handed (an edition, a proof PDF back from a
proofreader, a picture inside an edition, a Word file of copy) and that must be refused — or,
where it is legal, handled — in bounded time and memory: never a hang, a traceback, or a read
or write outside what was opened. tests/test_hostile_corpus.py runs each through the
`epaperdesk` command under resource limits.

The corpus stays small on disk (well under 3 MB): the costly cases are compression bombs, and a
file bigger than PACK_OVER is stored xz-compressed (MANIFEST "stored": NAME.xz); the test
unpacks it before the run. The lock-file cases cannot be stored (a symlink to /dev/zero, a
FIFO, a folder): the manifest describes them and the test makes them ("made_by_test").

MANIFEST.json maps the file name the command sees to
  surface   epd, proof-pdf, picture, docx or lock
  what      one line: what is hostile about it
  command   the epaperdesk arguments; {file} is the input, {tmp} a fresh folder for output,
            {sample} a copy (in {tmp}) of the bundled sample edition
  expect    refused (the command's error status, and a message naming the problem), accepted
            (status 0) or either (legal but costly: handled, or refused with a message)
  exit      the exit statuses that pass
  names     a pattern (case-insensitive) a refusal's message must match
  stored    the stored file name, when it is not the same (NAME.xz)
  setup     what the test prepares first: {"fifo": PATH} a FIFO at PATH for the run;
            {"edition": NAME, "lock": KIND} NAME copied to {tmp}/edition.epd with a lock file
            beside it that is a symlink to /dev/zero, a FIFO or a folder
  made_by_test  (lock entries) there is no stored file: the test makes the input
  control   true for the sane inputs that check the harness itself

The output is deterministic: fixed zip times, fixed PDF dates and ids, no randomness. The proof
PDFs start from `epaperdesk proof` of the bundled sample, so they follow the proof format (and
the sample) of the code the script runs with.

Run:  .venv/bin/python scripts/make_hostile.py
"""

from __future__ import annotations

import copy
import datetime
import hashlib
import io
import json
import lzma
import os
import re
import shutil
import struct
import subprocess
import sys
import tempfile
import zipfile
import zlib
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import pikepdf  # noqa: E402
from PIL import Image  # noqa: E402

from epaperdesk.geometry import Rect  # noqa: E402
from epaperdesk.io.schema import edition_to_document  # noqa: E402
from epaperdesk.model import BoxFrame, Edition, ImageFrame, Page, ParagraphStyle, Story, TextFrame  # noqa: E402

OUT = ROOT / "tests" / "data" / "hostile"
SAMPLE = ROOT / "resources" / "samples" / "meridian-weekly.epd"
PACK_OVER = 64 * 1024  # bytes: bigger files are stored xz-compressed
ZIP_TIME = (1980, 1, 1, 0, 0, 0)
PDF_DATE = "D:20261126000000Z"
FIFO = "/tmp/epaperdesk-hostile-fifo"  # the test makes it (and removes it) around the run

# what a refusal exits with, by command (cli.py): check, proof and import-comments use 1 for
# "done, with findings" / "some comments not placed" and 2 for "cannot"; the others use 1
ERROR_STATUS = {"info": 1, "check": 2, "export": 1, "proof": 2, "import-comments": 2, "import": 1, "new": 1}
DONE_WITH_FINDINGS = {"check": 1, "import-comments": 1}

CHECK = ["check", "{file}"]
IMPORT_COMMENTS = ["import-comments", "{sample}", "{file}", "-o", "{tmp}/out.epd"]
IMPORT = ["import", "{sample}", "{file}", "-o", "{tmp}/out.epd"]
SCREENSHOT = ["{file}", "--screenshot", "{tmp}/shot.png"]

MANIFEST: dict[str, dict[str, Any]] = {}
STORED: dict[str, bytes] = {}


# -- the manifest --------------------------------------------------------------------------------


def add(
    name: str,
    data: bytes | None,
    surface: str,
    what: str,
    command: list[str],
    expect: str = "refused",
    names: str = "",
    pack: int = 6,
    **extra: Any,
) -> None:
    """One corpus entry: `data` is stored (xz-compressed with `pack` when big), None for a
    made-by-test one."""
    assert name not in MANIFEST, name
    verb = command[0] if command[0] in ERROR_STATUS else "window"
    error = ERROR_STATUS.get(verb)
    if expect == "refused":
        assert error is not None
        statuses = [error]
    elif expect == "accepted":
        statuses = [0]
    else:
        statuses = sorted({0, DONE_WITH_FINDINGS.get(verb, 0), *([error] if error is not None else [])})
    entry: dict[str, Any] = {"surface": surface, "what": what, "command": command, "expect": expect, "exit": statuses}
    if names:
        entry["names"] = names
    entry.update(extra)
    if data is not None:
        if os.environ.get("MAKE_HOSTILE_VERBOSE"):
            print(f"{name}: {len(data):,} bytes", file=sys.stderr, flush=True)
        if len(data) > PACK_OVER:
            entry["stored"] = name + ".xz"
            STORED[name + ".xz"] = lzma.compress(data, preset=pack)
        else:
            STORED[name] = data
    MANIFEST[name] = entry


# -- .epd containers -----------------------------------------------------------------------------


def zip_bytes(members: list[tuple[str, bytes, int]]) -> bytes:
    """A deterministic zip of (name, data, compression) members."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data, compress in members:
            info = zipfile.ZipInfo(name, date_time=ZIP_TIME)
            info.compress_type = compress
            info.create_system = 3
            info.external_attr = 0o644 << 16
            archive.writestr(info, data)
    return buffer.getvalue()


def base_edition() -> Edition:
    """Two pages, a story threaded across them, a second story, a picture frame and a box:
    a clean edition (`epaperdesk check` finds nothing in it)."""
    edition = Edition(
        title="Hostile Weekly",
        volume=1,
        number=1,
        date=datetime.date(2026, 11, 26),
        edition_line="WEEKLY EDITION",
        paragraph_styles={
            "body": ParagraphStyle("body"),
            "headline": ParagraphStyle("headline", weight=700, size=24, leading=26, alignment="left"),
        },
    )
    edition.stories = {
        "s1": Story(
            "s1",
            "Council approves the new bridge\nThe council voted on Tuesday to build the bridge.\n"
            "Work starts in the spring and should take two years.",
            ["headline", "body", "body"],
        ),
        "s2": Story("s2", "The market opens on Saturday morning.", ["body"]),
        "cap": Story("cap", "The river at dawn.", ["body"]),
    }
    first = Page.from_preset("p1", "tabloid")
    first.frames = [
        TextFrame("t1", Rect(34, 34, 300, 400), story_id="s1", next_frame_id="t2"),
        TextFrame("t2", Rect(340, 34, 300, 400)),
        ImageFrame("i1", Rect(34, 450, 300, 200), caption_story_id="cap"),
        BoxFrame("b1", Rect(0, 1100, 793, 60), fill="Black", tint=20),
    ]
    second = Page.from_preset("p2", "tabloid")
    second.frames = [TextFrame("t3", Rect(34, 34, 300, 400)), TextFrame("t4", Rect(340, 34, 300, 400), story_id="s2")]
    edition.pages = [first, second]
    return edition


BASE: dict[str, Any] = json.loads(json.dumps(edition_to_document(base_edition())))


def document() -> dict[str, Any]:
    """A fresh copy of the base edition's document.json data."""
    return copy.deepcopy(BASE)


def frame(doc: dict[str, Any], frame_id: str) -> dict[str, Any]:
    for page in doc["edition"]["pages"]:
        for item in page["frames"]:
            if item["id"] == frame_id:
                return item
    raise KeyError(frame_id)


def story(doc: dict[str, Any], story_id: str) -> dict[str, Any]:
    return next(s for s in doc["edition"]["stories"] if s["id"] == story_id)


def epd(doc: dict[str, Any] | bytes, extra: list[tuple[str, bytes, int]] | None = None, stored: bool = False) -> bytes:
    """An .epd: mimetype, document.json (deflated, or stored when `stored`: an xz-packed
    corpus file then compresses far better) and further members."""
    raw = doc if isinstance(doc, bytes) else json.dumps(doc, separators=(",", ":")).encode("utf-8")
    members = [
        ("mimetype", b"application/x-epaperdesk", zipfile.ZIP_STORED),
        ("document.json", raw, zipfile.ZIP_STORED if stored else zipfile.ZIP_DEFLATED),
    ]
    return zip_bytes(members + (extra or []))


def with_image(data: bytes, extension: str, media_type: str, width: int, height: int, stored: bool = True) -> bytes:
    """The base edition with one picture (listed, placed in frame i1, stored as a member)."""
    name = hashlib.sha256(data).hexdigest() + extension
    doc = document()
    doc["edition"]["images"] = [
        {"name": name, "media_type": media_type, "width": width, "height": height, "source": "hostile"}
    ]
    frame(doc, "i1")["image"] = name
    return epd(doc, [("images/" + name, data, zipfile.ZIP_STORED if stored else zipfile.ZIP_DEFLATED)])


def epd_entries() -> None:
    edition_check: dict[str, Any] = {"command": CHECK, "surface": "epd"}
    add("base.epd", epd(document()), what="control: the clean two-page edition the .epd cases start from",
        expect="accepted", control=True, **edition_check)  # fmt: skip

    doc = document()
    frame(doc, "t1")["insets"] = {"top": 1e308, "left": 1e308, "bottom": 1e308, "right": 1e308}
    add("insets-1e308.epd", epd(doc), what="a text frame's insets are 1e308 pt", names="inset|number|1e\\+?308",
        **edition_check)  # fmt: skip

    doc = document()
    frame(doc, "t1")["insets"] = {"top": -50.0, "left": -1e6, "bottom": 0.0, "right": -0.5}
    add("insets-negative.epd", epd(doc), what="a text frame's insets are negative", names="inset|negative",
        **edition_check)  # fmt: skip

    doc = document()
    frame(doc, "t1")["rect"] = [float("nan"), 34.0, float("inf"), 400.0]
    frame(doc, "b1")["tint"] = float("-inf")
    add("nan-infinity-rect.epd", epd(doc), what="NaN and Infinity (bare JSON words Python accepts) in a frame "
        "rectangle and a tint", names="nan|inf|finite|number", **edition_check)  # fmt: skip

    doc = document()
    doc["edition"]["paragraph_styles"][0]["size"] = float("inf")
    doc["edition"]["paragraph_styles"][0]["leading"] = float("nan")
    add("nan-infinity-style.epd", epd(doc), what="a paragraph style with size Infinity and leading NaN",
        names="nan|inf|finite|number", **edition_check)  # fmt: skip

    doc = document()
    frame(doc, "t1")["columns"] = "@DIGITS@"
    raw = json.dumps(doc, separators=(",", ":")).replace('"@DIGITS@"', "9" * 5000)
    add("whole-number-5000-digits.epd", epd(raw.encode()), what="a column count with 5,000 digits (Python refuses to "
        "read more than 4,300 as an int)", names="number|digit|long", **edition_check)  # fmt: skip

    doc = document()
    page = doc["edition"]["pages"][0]
    template = frame(doc, "t2")
    count = 100_000
    chain = [
        dict(template, id=f"x{i}", rect=[34.0, 34.0, 20.0, 20.0], next_frame_id=f"x{i + 1}" if i + 1 < count else None)
        for i in range(count)
    ]
    page["frames"] = [f for f in page["frames"] if f["id"] != "t2"] + chain
    frame(doc, "t1")["next_frame_id"] = "x0"
    add("thread-100000-frames.epd", epd(doc, stored=True), what="a thread of 100,000 text frames on one page",
        names="frame|thread|document\\.json|bytes|limit", **edition_check)  # fmt: skip

    doc = document()
    page = doc["edition"]["pages"][0]
    count = 49_000
    small = {"kind": "text", "wrap": False, "wrap_offset": 0, "locked": False, "group": "", "story_id": None,
             "columns": 1, "gutter": 0, "insets": {"top": 0, "left": 0, "bottom": 0, "right": 0}, "vertical_align": "top"}  # fmt: skip
    assert set(small) | {"id", "rect", "next_frame_id"} == set(frame(doc, "t2")), "the text frame's fields changed"
    chain = [
        dict(
            small, id=f"x{i:x}", rect=[34, 34 + i % 100, 20, 20], next_frame_id=f"x{i + 1:x}" if i + 1 < count else None
        )
        for i in range(count)
    ]
    page["frames"] = [f for f in page["frames"] if f["id"] != "t2"] + chain
    frame(doc, "t1")["next_frame_id"] = "x0"
    ids = [f["id"] for p in doc["edition"]["pages"] for f in p["frames"]]
    assert len(set(ids)) == len(ids), "frame ids must stay unique"
    add("thread-49000-frames.epd", epd(doc, stored=True), what="a thread of 49,000 small text frames (compact "
        "JSON: 10 MB), under the 50,000 frames and 16 MB of document.json the loader allows",
        expect="either", names="frame|thread|document\\.json|bytes|limit", **edition_check)  # fmt: skip

    doc = document()
    paragraph = ("All work and no play makes the copy desk a dull desk. " * 19)[:999]
    paragraphs = 10_000
    item = story(doc, "s2")
    item["text"] = "\n".join([paragraph] * paragraphs)
    item["paragraph_styles"] = ["body"] * paragraphs
    add("story-10m-characters.epd", epd(doc), what="a placed story of 10 million characters (10,000 paragraphs; "
        "document.json compresses to kilobytes)", names="character|long|story|text", **edition_check)  # fmt: skip

    doc = document()
    story(doc, "s2")["text"] = "{{page}}" * 500_000
    add("variables-500000.epd", epd(doc), what="a placed story of 500,000 text variables ({{page}})",
        names="variable|character|long", **edition_check)  # fmt: skip

    doc = document()
    stories, frames = doc["edition"]["stories"], doc["edition"]["pages"][1]["frames"]
    template = frame(doc, "t4")
    for i in range(50):
        stories.append(dict(story(doc, "s2"), id=f"v{i}", name=f"variables {i}", text="{{page}} " * 10_000))
        frames.append(
            dict(
                template,
                id=f"v{i}",
                rect=[34.0 + (i % 10) * 70, 450.0 + (i // 10) * 120, 60.0, 110.0],
                story_id=f"v{i}",
            )
        )
    add("variables-500000-in-50-stories.epd", epd(doc), what="500,000 text variables in 50 placed stories of "
        "10,000 each (90,000 characters a story)", expect="either", names="variable|character|long|text",
        **edition_check)  # fmt: skip

    doc = document()
    doc["edition"]["jumps"]["see"] = "See page {page:>2000000000}"
    add("jump-wording-format.epd", epd(doc), what="jump-line wording {page:>2000000000} (a 2 GB str.format pad)",
        names="jump|wording|\\{page", **edition_check)  # fmt: skip

    doc = document()
    doc["edition"]["jumps"]["continued"] = "Continued from {page.__class__}"
    add("jump-wording-attribute.epd", epd(doc), what="jump-line wording {page.__class__} (attribute lookup in "
        "str.format)", names="jump|wording|\\{page", **edition_check)  # fmt: skip

    raw = json.dumps(document(), separators=(",", ":"), ensure_ascii=True)
    raw = raw.replace('"Hostile Weekly"', '"Hostile \\ud800 Weekly"', 1)
    raw = raw.replace("The market opens", "The \\udfff market opens", 1)
    add("lone-surrogate.epd", epd(raw.encode("ascii")), what='a lone surrogate ("\\ud800" escaped in JSON) in '
        "the title and in a story", expect="either", names="surrogate|unicode|character|utf", **edition_check)  # fmt: skip

    add("empty.epd", b"", what="an empty file (0 bytes)", names="zip|empty|edition|container", **edition_check)

    spaces = 500 * 1024 * 1024
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    chunk = b" " * (1 << 20)
    bomb = b"".join(compressor.compress(chunk) for _ in range(spaces >> 20)) + compressor.compress(b"{}")
    bomb += compressor.flush()
    add("document-bomb-500mb.epd", bomb_zip(bomb, spaces + 2), what="document.json is 500 MB of spaces "
        "(compressed to 500 KB)", names="document\\.json|bytes|MB|large|big|limit", **edition_check)  # fmt: skip

    depth = 100_000
    doc = document()
    doc["edition"]["dictionary_words"] = "@NEST@"
    raw = json.dumps(doc, separators=(",", ":")).replace('"@NEST@"', "[" * depth + "]" * depth)
    add("deep-nesting.epd", epd(raw.encode()), what="dictionary_words nested 100,000 lists deep",
        names="nest|deep", **edition_check)  # fmt: skip

    add("member-dotdot.epd", epd(document(), [("../x", b"outside\n", zipfile.ZIP_STORED)]),
        what="a member named ../x", names="\\.\\.|outside|member", **edition_check)  # fmt: skip

    not_a_font = b"This is not a font: a hostile file says it is.\n" * 20
    name = hashlib.sha256(not_a_font).hexdigest() + ".ttf"
    doc = document()
    doc["edition"]["fonts"] = [{"name": name, "family": "Hostile Sans", "weight": 400, "italic": False}]
    add("font-not-a-font.epd", epd(doc, [("fonts/" + name, not_a_font, zipfile.ZIP_DEFLATED)]),
        what="a font member that is text, not a font", names="font", **edition_check)  # fmt: skip

    header = jpeg_header(12_000, 12_000)
    add("image-jpeg-header-12000.epd", with_image(header, ".jpg", "image/jpeg", 12_000, 12_000),
        what=f"an image member that is only the {len(header)}-byte header of a 12,000 x 12,000 JPEG",
        names="image|picture|pixel|damaged|truncated", **edition_check)  # fmt: skip


def bomb_zip(deflated: bytes, size: int) -> bytes:
    """An .epd whose document.json is the given raw-deflate stream (`size` bytes unpacked),
    written by hand: zipfile cannot store data it did not compress itself."""
    mimetype = b"application/x-epaperdesk"
    name = b"document.json"
    crc = crc_of_spaces(size - 2, b"{}")
    entries = [(b"mimetype", mimetype, 0, zlib.crc32(mimetype), len(mimetype)), (name, deflated, 8, crc, size)]
    body = bytearray()
    directory = bytearray()
    for member, data, method, checksum, unpacked in entries:
        offset = len(body)
        body += struct.pack(
            "<IHHHHHIIIHH", 0x04034B50, 20, 0, method, 0, 0x21, checksum, len(data), unpacked, len(member), 0
        )
        body += member + data
        directory += struct.pack(
            "<IHHHHHHIIIHHHHHII", 0x02014B50, 0x031E, 20, 0, method, 0, 0x21, checksum, len(data), unpacked,
            len(member), 0, 0, 0, 0, 0o644 << 16, offset,
        )  # fmt: skip
        directory += member
    end = struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, len(entries), len(entries), len(directory), len(body), 0)
    return bytes(body + directory + end)


def crc_of_spaces(count: int, tail: bytes) -> int:
    crc = 0
    chunk = b" " * (1 << 20)
    for _ in range(count >> 20):
        crc = zlib.crc32(chunk, crc)
    crc = zlib.crc32(b" " * (count & ((1 << 20) - 1)), crc)
    return zlib.crc32(tail, crc)


# -- pictures ------------------------------------------------------------------------------------


def jpeg_header(width: int, height: int) -> bytes:
    """The header of a baseline JPEG (tables, frame, scan header) claiming width x height,
    with no scan data after it."""
    buffer = io.BytesIO()
    Image.new("RGB", (16, 16), (120, 90, 60)).save(buffer, "JPEG", quality=75)
    data = buffer.getvalue()
    sof = data.index(b"\xff\xc0")
    data = data[: sof + 5] + struct.pack(">HH", height, width) + data[sof + 9 :]
    sos = data.index(b"\xff\xda")
    length = struct.unpack(">H", data[sos + 2 : sos + 4])[0]
    return data[: sos + 2 + length]


def png_with_xmp() -> bytes:
    """A 1 x 1 PNG whose compressed iTXt XMP packet unpacks to 1,000,000 bytes of opening
    dc:description tags that never close (the caption reader's pattern backtracks over them)."""
    buffer = io.BytesIO()
    Image.new("RGB", (1, 1), (200, 30, 30)).save(buffer, "PNG")
    png = buffer.getvalue()
    packet = '<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF><rdf:Description>'
    packet += "<dc:description>" * ((1_000_000 - len(packet)) // len("<dc:description>"))
    text = zlib.compress(packet.encode("utf-8"), 9)
    body = b"XML:com.adobe.xmp\x00" + b"\x01\x00" + b"\x00" + b"\x00" + text
    chunk = struct.pack(">I", len(body)) + b"iTXt" + body + struct.pack(">I", zlib.crc32(b"iTXt" + body))
    at = png.index(b"IDAT") - 4
    return png[:at] + chunk + png[at:]


def tiff_with_ifds(count: int) -> bytes:
    """A 1 x 1 grey TIFF with `count` image directories (pages), all valid, chained; built by hand."""
    entries = [(256, 3, 1), (257, 3, 1), (258, 3, 8), (259, 3, 1), (262, 3, 1), (273, 4, 8), (278, 3, 1), (279, 4, 1)]
    out = bytearray(b"II*\x00" + struct.pack("<I", 16) + b"\x80" + b"\x00" * 7)
    stride = 2 + 12 * len(entries) + 4
    for i in range(count):
        following = len(out) + stride if i + 1 < count else 0
        out += struct.pack("<H", len(entries))
        for tag, kind, value in entries:
            out += struct.pack("<HHI", tag, kind, 1) + (
                struct.pack("<HH", value, 0) if kind == 3 else struct.pack("<I", value)
            )
        out += struct.pack("<I", following)
    return bytes(out)


def big_jpeg(width: int, height: int) -> bytes:
    """A complete, valid, flat grey JPEG of width x height (about 1 MB; it deflates to KB)."""
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), (128, 128, 128)).save(buffer, "JPEG", quality=50)
    return buffer.getvalue()


def tiny_png(i: int) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (1, 1), (i % 256, (i // 256) % 256, 7)).save(buffer, "PNG")
    return buffer.getvalue()


def picture_entries() -> None:
    edition_check: dict[str, Any] = {"command": CHECK, "surface": "picture"}
    xmp = png_with_xmp()
    add("png-xmp-1mb.epd", with_image(xmp, ".png", "image/png", 1, 1), what="a 1 x 1 PNG with a 1 MB XMP packet "
        "(compressed iTXt) of unclosed dc:description tags", expect="either", names="image|picture|xmp|text",
        **edition_check)  # fmt: skip
    tiff = tiff_with_ifds(200_000)
    add("tiff-200000-ifds.epd", with_image(tiff, ".tif", "image/tiff", 1, 1), what="a 1 x 1 TIFF with 200,000 "
        "image directories (20 MB, made by hand)", expect="either", names="image|picture|tiff|page|director",
        pack=6 | lzma.PRESET_EXTREME,
        **edition_check)  # fmt: skip
    jpeg = big_jpeg(12_000, 12_000)
    add("jpeg-12000.epd", with_image(jpeg, ".jpg", "image/jpeg", 12_000, 12_000, stored=False),
        what="a complete, valid 12,000 x 12,000 JPEG (144 million pixels: 432 MB decoded)",
        expect="either", names="image|picture|pixel|memory|large", **edition_check)  # fmt: skip
    jpeg = big_jpeg(10_950, 10_950)
    add("jpeg-10950.epd", with_image(jpeg, ".jpg", "image/jpeg", 10_950, 10_950, stored=False),
        what="a complete, valid 10,950 x 10,950 JPEG (119.9 million pixels, just under the loader's 120 million: "
        "360 MB decoded)", expect="either", names="image|picture|pixel|memory|large", **edition_check)  # fmt: skip

    doc = document()
    members = []
    images = []
    for i in range(4_990):
        data = tiny_png(i)
        name = hashlib.sha256(data).hexdigest() + ".png"
        images.append({"name": name, "media_type": "image/png", "width": 1, "height": 1, "source": f"tiny {i}"})
        members.append(("images/" + name, data, zipfile.ZIP_STORED))
    doc["edition"]["images"] = images
    add("images-4990.epd", epd(doc, members, stored=True), what="4,990 tiny pictures (the container allows "
        "5,000 members)", expect="either", names="image|picture|member|many", **edition_check)  # fmt: skip


# -- proof PDFs ----------------------------------------------------------------------------------


class Proof:
    """The sample's real proof PDF (made with `epaperdesk proof`), lightened for the corpus:
    page contents and resources dropped (import-comments reads only the annotations and the
    word maps), the word maps stored uncompressed (the packed corpus file compresses them
    better), dates fixed."""

    def __init__(self, work: Path) -> None:
        path = work / "proof.pdf"
        env = dict(os.environ, XDG_CACHE_HOME=str(work / "cache"), XDG_CONFIG_HOME=str(work / "config"))
        env["XDG_DATA_HOME"] = str(work / "data")
        subprocess.run(
            [sys.executable, "-m", "epaperdesk", "proof", str(SAMPLE), "-o", str(path)],
            check=True, env=env, cwd=work, stdout=subprocess.DEVNULL,
        )  # fmt: skip
        self.real = path.read_bytes()
        with pikepdf.open(io.BytesIO(self.real)) as pdf:
            self.maps = [json.loads(p.obj.PieceInfo["/EpaperDesk"].Private.read_bytes()) for p in pdf.pages]
        runs = self.maps[0]["runs"]
        # the run comments are put on: a plain word of body copy on page 1
        self.target = next(i for i, r in enumerate(runs) if len(r[9]) >= 6 and r[9].isalpha() and r[5] < 12)

    def open(self) -> pikepdf.Pdf:
        pdf = pikepdf.open(io.BytesIO(self.real))
        for page in pdf.pages:
            page.obj.Contents = pdf.make_stream(b"")
            page.obj.Resources = pikepdf.Dictionary()
            page.obj.Annots = pdf.make_indirect(pikepdf.Array())
        for index in range(len(pdf.pages)):
            self.set_map(pdf, index, self.maps[index])
        pdf.docinfo["/CreationDate"] = PDF_DATE
        pdf.docinfo["/ModDate"] = PDF_DATE
        return pdf

    @staticmethod
    def set_map(
        pdf: pikepdf.Pdf, index: int, data: Any, filters: int = 0, raw: bytes | None = None, encoded: int = 0
    ) -> None:
        """Page `index`'s word map: JSON data (or `raw` bytes, already Flate-compressed
        `encoded` times), compressed `filters` more times."""
        payload = raw if raw is not None else json.dumps(data, separators=(",", ":")).encode("utf-8")
        for _ in range(filters):
            payload = zlib.compress(payload, 9)
        stream = pikepdf.Stream(pdf, payload)
        if filters + encoded:
            stream.Filter = pikepdf.Array([pikepdf.Name.FlateDecode] * (filters + encoded))
        piece = pikepdf.Dictionary(LastModified=pikepdf.String(PDF_DATE), Private=pdf.make_indirect(stream))
        pdf.pages[index].obj.PieceInfo = pikepdf.Dictionary({"/EpaperDesk": piece})

    def box(self) -> tuple[float, float, float, float]:
        """(left, bottom, right, top) in PDF space of the target run."""
        x, baseline, size, text = (self.maps[0]["runs"][self.target][k] for k in (3, 4, 5, 9))
        height = self.maps[0]["height"]
        return x, height - baseline - 2.0, x + size * 0.5 * len(text), height - baseline + size

    def highlight(self, pdf: pikepdf.Pdf, contents: str = "check this", name: str = "hostile-1") -> pikepdf.Dictionary:
        left, bottom, right, top = self.box()
        return pikepdf.Dictionary(
            Type=pikepdf.Name.Annot,
            Subtype=pikepdf.Name.Highlight,
            Rect=pikepdf.Array([left, bottom, right, top]),
            QuadPoints=pikepdf.Array([left, top, right, top, left, bottom, right, bottom]),
            Contents=pikepdf.String(contents),
            T=pikepdf.String("Proofreader"),
            M=pikepdf.String(PDF_DATE),
            NM=pikepdf.String(name),
            F=4,
        )

    @staticmethod
    def save(pdf: pikepdf.Pdf, **options: Any) -> bytes:
        buffer = io.BytesIO()
        if "encryption" in options:
            options["static_id"] = True  # (qpdf makes no deterministic id for an encrypted file)
        else:
            options.update(deterministic_id=True, stream_decode_level=pikepdf.StreamDecodeLevel.none)
        pdf.save(
            buffer,
            compress_streams=False,
            object_stream_mode=pikepdf.ObjectStreamMode.disable,
            **options,
        )
        pdf.close()
        return buffer.getvalue()


def incremental(data: bytes, annots: bytes) -> bytes:
    """`data` with an incremental update that redefines page 1's /Annots array as `annots`,
    written as is (anything the PDF syntax allows, whatever pikepdf would write)."""
    previous = int(re.findall(rb"startxref\s+(\d+)", data)[-1])
    with pikepdf.open(io.BytesIO(data)) as pdf:
        size, root = int(pdf.trailer.Size), pdf.Root.objgen[0]
        objects = {pdf.pages[0].obj.Annots.objgen[0]: annots}
    out = bytearray(data if data.endswith(b"\n") else data + b"\n")
    offsets = {}
    for number, text in sorted(objects.items()):
        offsets[number] = len(out)
        out += b"%d 0 obj\n" % number + text + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 1\n0000000000 65535 f \n"
    for number, offset in sorted(offsets.items()):
        out += b"%d 1\n%010d 00000 n \n" % (number, offset)
    out += b"trailer\n<< /Size %d /Root %d 0 R /Prev %d >>\nstartxref\n%d\n%%%%EOF\n" % (size, root, previous, xref)
    return bytes(out)


def proof_entries(work: Path) -> None:
    proof = Proof(work)
    comments: dict[str, Any] = {"command": IMPORT_COMMENTS, "surface": "proof-pdf", "expect": "either"}

    pdf = proof.open()
    pdf.pages[0].obj.Annots.append(pdf.make_indirect(proof.highlight(pdf)))
    add("proof-control.pdf", Proof.save(pdf), what="control: the sample's proof with one highlight on a word of "
        "body copy", control=True, **dict(comments, expect="accepted"))  # fmt: skip

    pdf = proof.open()
    annotation = proof.highlight(pdf)
    pdf.pages[0].obj.Annots = pdf.make_indirect(pikepdf.Array([annotation] * 100_000))
    add("proof-annotations-100000.pdf", Proof.save(pdf), what="100,000 highlight annotations on page 1",
        names="annotation|comment|many", **comments)  # fmt: skip

    pdf = proof.open()
    annotation = proof.highlight(pdf)
    left, bottom, right, top = proof.box()
    annotation.QuadPoints = pikepdf.Array([left, top, right, top, left, bottom, right, bottom] * 100_000)
    pdf.pages[0].obj.Annots.append(pdf.make_indirect(annotation))
    add("proof-quadpoints-800000.pdf", Proof.save(pdf), what="one highlight with 800,000 quad points",
        names="quad|point|annotation|comment", **comments)  # fmt: skip

    wordmap_fonts: list[tuple[str, str, str, dict[str, Any]]] = [
        ("proof-wordmap-etc-passwd.pdf", "/etc/passwd", "a word map naming /etc/passwd as the font of the "
         "highlighted word", {}),
        ("proof-wordmap-fifo.pdf", FIFO, f"a word map naming a FIFO ({FIFO}, made by the test, never written) "
         "as the font of the highlighted word", {"setup": {"fifo": FIFO}}),
    ]  # fmt: skip
    for name, path, what, setup in wordmap_fonts:
        pdf = proof.open()
        data = copy.deepcopy(proof.maps[0])
        data["runs"][proof.target][8] = path
        Proof.set_map(pdf, 0, data)
        pdf.pages[0].obj.Annots.append(pdf.make_indirect(proof.highlight(pdf)))
        add(name, Proof.save(pdf), what=what, names="font|word map|not placed", **comments, **setup)

    pdf = proof.open()
    data = {"height": proof.maps[0]["height"], "runs": [proof.maps[0]["runs"][proof.target]] * 300_000}
    Proof.set_map(pdf, 0, data, filters=1)
    pdf.pages[0].obj.Annots.append(pdf.make_indirect(proof.highlight(pdf)))
    add("proof-wordmap-300000-runs.pdf", Proof.save(pdf), what="a word map of 300,000 runs (page 1)",
        names="word map|run|many|large", **comments)  # fmt: skip

    pdf = proof.open()
    compressor = zlib.compressobj(9)
    once = compressor.compress(b'{"height":1000,"runs":[')
    once += b"".join(compressor.compress(b" " * (1 << 20)) for _ in range(1536))
    once += compressor.compress(b"]}") + compressor.flush()
    Proof.set_map(pdf, 0, None, raw=once, encoded=1, filters=1)  # the stream holds flate(flate(1.5 GB))
    pdf.pages[0].obj.Annots.append(pdf.make_indirect(proof.highlight(pdf)))
    add("proof-wordmap-1.5gb.pdf", Proof.save(pdf), what="a word map that decompresses to 1.5 GB (two Flate "
        "filters over spaces)", names="word map|large|big|bytes|MB|GB|limit", **comments)  # fmt: skip

    pdf = proof.open()
    raw = b'{"height":1000,"runs":' + b"[" * 100_000 + b"]" * 100_000 + b"}"
    Proof.set_map(pdf, 0, None, filters=1, raw=raw)
    pdf.pages[0].obj.Annots.append(pdf.make_indirect(proof.highlight(pdf)))
    add("proof-wordmap-deep-nesting.pdf", Proof.save(pdf), what="a word map whose runs are nested 100,000 lists "
        "deep", names="nest|deep|word map", **comments)  # fmt: skip

    pdf = proof.open()
    pdf.pages[0].obj.Annots.append(pdf.make_indirect(proof.highlight(pdf)))
    base = Proof.save(pdf)
    nested = b"[" * 100_000 + b"0" + b"]" * 100_000
    deep = (b"[<< /Type /Annot /Subtype /Highlight /Rect " + nested + b" /QuadPoints " + nested
            + b" /Contents (deep) /IRT " + nested + b" >>]")  # fmt: skip
    add("proof-deep-nesting.pdf", incremental(base, deep), what="an annotation whose Rect, QuadPoints "
        "and IRT are arrays nested 100,000 deep (an incremental update)", names="nest|deep|PDF", **comments)  # fmt: skip

    pdf = proof.open()
    pdf.pages[0].obj.Annots.append(pdf.make_indirect(proof.highlight(pdf)))
    base = Proof.save(pdf)
    huge = b"1" + b"0" * 308
    over = b"9" * 400
    tiny = b"0." + b"0" * 400 + b"1"
    rects = [
        b"[0 0 " + huge + b" " + huge + b"]",
        b"[-" + huge + b" -" + huge + b" " + huge + b" " + huge + b"]",
        b"[" + over + b" " + over + b" -" + over + b" -" + over + b"]",
        b"[" + tiny + b" " + tiny + b" " + tiny + b" " + tiny + b"]",
        b"[1 2 3]",
        b"[(a) (b) (c) (d)]",
    ]
    items = []
    for i, rect in enumerate(rects):
        for subtype in (b"/Highlight", b"/Caret", b"/Text"):
            items.append(b"<< /Type /Annot /Subtype " + subtype + b" /Rect " + rect + b" /QuadPoints " + rect[:-1]
                         + b" " + rect[1:] + b" /Contents (absurd %d) /NM (absurd-%d) >>" % (i, i))  # fmt: skip
    add("proof-absurd-rects.pdf", incremental(base, b"[" + b"\n".join(items) + b"]"),
        what="annotations with rects of 1e308, 400-digit numbers, 1e-401, three numbers and strings",
        names="rect|annotation|comment|not placed", **comments)  # fmt: skip

    pdf = proof.open()
    pdf.pages[0].obj.Annots = pdf.make_indirect(
        pikepdf.Array([1, 2, 3, pikepdf.String("x"), pikepdf.Name("/Annot"), True, 3.5, proof.highlight(pdf)])
    )
    add("proof-integer-annots.pdf", Proof.save(pdf), what="/Annots holding integers, a string, a name, a "
        "boolean and a real before one real highlight", names="annotation|comment|not placed", **comments)  # fmt: skip

    pdf = proof.open()
    data = copy.deepcopy(proof.maps[0])
    data["height"] = "1638 points"
    Proof.set_map(pdf, 0, data)
    pdf.pages[0].obj.Annots.append(pdf.make_indirect(proof.highlight(pdf)))
    add("proof-height-string.pdf", Proof.save(pdf), what='a word map whose height is a string ("1638 points")',
        names="height|word map|not placed", **comments)  # fmt: skip

    pdf = proof.open()
    for index in range(len(pdf.pages)):  # a short word map: the encrypted file does not compress
        Proof.set_map(pdf, index, {"height": proof.maps[index]["height"], "runs": proof.maps[index]["runs"][:40]})
    pdf.pages[0].obj.Annots.append(pdf.make_indirect(proof.highlight(pdf)))
    encrypted = Proof.save(
        pdf, encryption=pikepdf.Encryption(user="hostile", owner="hostile", R=4, aes=False, metadata=False)
    )
    add("proof-password.pdf", encrypted, what="the proof protected with a user password (RC4)",
        command=IMPORT_COMMENTS, surface="proof-pdf", names="password|encrypt|readable")  # fmt: skip


# -- Word files ----------------------------------------------------------------------------------

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Default Extension="png" ContentType="image/png"/>'
    '<Override PartName="/{main}" '
    'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>'
)
PACKAGE_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
    'officeDocument" Target="{main}"/></Relationships>'
)
IMAGE_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId9" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/image" '
    'Target="media/image1.png"/></Relationships>'
)


def paragraphs_xml(texts: list[str], prolog: str = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n') -> str:
    body = "".join(f"<w:p><w:r><w:t>{t}</w:t></w:r></w:p>" for t in texts)
    return f'{prolog}<w:document xmlns:w="{W}"><w:body>{body}</w:body></w:document>'


def docx(parts: dict[str, bytes], main: str = "word/document.xml") -> bytes:
    members = [
        ("[Content_Types].xml", CONTENT_TYPES.format(main=main).encode(), zipfile.ZIP_DEFLATED),
        ("_rels/.rels", PACKAGE_RELS.format(main=main).encode(), zipfile.ZIP_DEFLATED),
    ]
    return zip_bytes(members + [(name, data, zipfile.ZIP_DEFLATED) for name, data in parts.items()])


def docx_entries() -> None:
    word: dict[str, Any] = {"command": IMPORT, "surface": "docx"}
    plain = paragraphs_xml(["The council voted on Tuesday.", "Work starts in the spring."]).encode()
    add("docx-control.docx", docx({"word/document.xml": plain}), what="control: a two-paragraph Word file",
        expect="accepted", control=True, **word)  # fmt: skip

    entity = '<!DOCTYPE w:document [<!ENTITY xxe SYSTEM "file:///etc/passwd"><!ENTITY word "word">]>\n'
    prolog = '<?xml version="1.0" encoding="UTF-16"?>\n' + entity
    utf16 = paragraphs_xml(["&word; and &xxe;"], prolog).encode("utf-16")  # with its byte-order mark
    add("docx-doctype-utf16.docx", docx({"word/document.xml": utf16}), what="document.xml in UTF-16 declaring a "
        "DOCTYPE with an external entity (file:///etc/passwd)", names="doctype|entit", **word)  # fmt: skip

    prolog = '<?xml version="1.0" encoding="UTF-8"?>\n' + entity
    hidden = paragraphs_xml(["&word; and &xxe;"], prolog).encode()
    add("docx-upper-case.DOCX", docx({"word/document.xml": hidden}), what="an upper-case .DOCX file name; its "
        "document.xml declares a DOCTYPE with an external entity", names="doctype|entit", **word)  # fmt: skip
    add("docx-upper-case-part.docx", docx({"word/document.xml": plain, "word/Main.XML": hidden}, main="word/Main.XML"),
        what="the main part is word/Main.XML (upper-case extension, named by the relationships; word/document.xml "
        "is a decoy) and declares an external entity", names="doctype|entit", **word)  # fmt: skip

    count = 4_000_000
    body = "<w:p><w:r><w:t>Copy.</w:t></w:r></w:p>" * count
    xml = f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:document xmlns:w="{W}"><w:body>{body}</w:body></w:document>'
    add("docx-4000000-paragraphs.docx", docx({"word/document.xml": xml.encode()}), what="4,000,000 paragraphs "
        f"(document.xml is {len(xml) // 10**6} MB, deflated to 150 KB)",
        names="paragraph|character|long|large|many|MB|limit", **word)  # fmt: skip

    add("docx-media-bomb-2gb.docx", media_bomb(plain), what="a picture member (word/media/image1.png, linked from "
        "the document) that unpacks to 2 GB (bzip2, which zip allows); copy needs no pictures, so it may be left "
        "unread", expect="either", names="bomb|large|big|MB|GB|bytes|limit|compression", **word)  # fmt: skip


def media_bomb(document_xml: bytes) -> bytes:
    buffer = io.BytesIO(docx({"word/document.xml": document_xml, "word/_rels/document.xml.rels": IMAGE_RELS.encode()}))
    with zipfile.ZipFile(buffer, "a") as archive:
        info = zipfile.ZipInfo("word/media/image1.png", date_time=ZIP_TIME)
        info.compress_type = zipfile.ZIP_BZIP2
        info.external_attr = 0o644 << 16
        zeros = b"\x00" * (64 << 20)
        with archive.open(info, "w", force_zip64=True) as member:
            for _ in range(2048 // 64):
                member.write(zeros)
    return buffer.getvalue()


# -- lock files (made by the test) ---------------------------------------------------------------


def lock_entries() -> None:
    window: dict[str, Any] = {"command": SCREENSHOT, "surface": "lock", "expect": "accepted"}
    add("window-control", None, what="control: the window opens base.epd (no lock) and saves a screenshot",
        made_by_test="base.epd copied to {tmp}/edition.epd", setup={"edition": "base.epd"}, control=True,
        **window)  # fmt: skip
    for kind, what in (
        ("symlink-dev-zero", "the edition's lock file is a symlink to /dev/zero"),
        ("fifo", "the edition's lock file is a FIFO nobody writes to"),
        ("directory", "the edition's lock file is a folder"),
    ):
        add(f"lock-{kind}", None, what=what + " (the window opens the edition beside it)",
            made_by_test=f"base.epd copied to {{tmp}}/edition.epd, and .~lock.edition.epd# beside it: {kind}",
            setup={"edition": "base.epd", "lock": kind}, **window)  # fmt: skip


# -- writing -------------------------------------------------------------------------------------


def main() -> int:
    builders: list[Callable[[], None]] = [epd_entries, picture_entries, docx_entries, lock_entries]
    with tempfile.TemporaryDirectory(prefix="make-hostile-") as work:
        for build in builders:
            build()
        proof_entries(Path(work))
    OUT.mkdir(parents=True, exist_ok=True)
    for old in OUT.iterdir():
        if old.name not in STORED and old.name != "MANIFEST.json":
            old.unlink() if not old.is_dir() else shutil.rmtree(old)
    for name, data in sorted(STORED.items()):
        (OUT / name).write_bytes(data)
    lines = [
        f"  {json.dumps(name)}: {json.dumps(entry, ensure_ascii=False)}" for name, entry in sorted(MANIFEST.items())
    ]
    (OUT / "MANIFEST.json").write_text("{\n" + ",\n".join(lines) + "\n}\n", encoding="utf-8")  # an entry a line
    total = sum(len(d) for d in STORED.values())
    print(f"{OUT.relative_to(ROOT)}: {len(MANIFEST)} entries, {len(STORED)} files, {total / 1e6:.2f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
