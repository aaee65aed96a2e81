"""Reading image files into ImageAssets: the original bytes kept untouched, named by
content hash, checked by decoding them, with what the file says about itself (resolution,
EXIF orientation, IPTC/XMP caption and credit).

A picture is untrusted until read here. Before Pillow sees it, its structure is walked
within fixed budgets (JPEG marker segments, PNG chunks, TIFF directories), so a file cut
short, a header that promises more pixels than MAX_PIXELS, or metadata beyond its budget
is refused with an ImageError that names the file, the limit and how far over it is,
before anything is decoded. Pixels are decoded reduced wherever the format allows it
(`decode_reduced`): the full-size pixels of a large JPEG are never held."""

from __future__ import annotations

import hashlib
import io
import math
import re
import struct
import warnings
import zlib
from collections.abc import Iterator
from pathlib import Path

from PIL import Image, ImageFile, IptcImagePlugin, PngImagePlugin

from epaperdesk.io.files import read_limited
from epaperdesk.model.edition import ImageAsset

MEDIA_TYPES = {
    "JPEG": ("image/jpeg", ".jpg"),
    "PNG": ("image/png", ".png"),
    "TIFF": ("image/tiff", ".tif"),
    "WEBP": ("image/webp", ".webp"),
}
EXTENSIONS = tuple(sorted({ext for _, ext in MEDIA_TYPES.values()} | {".jpeg", ".tiff"}))

# -- limits (the README's table of picture limits is this list) ----------------------------------
# 120 million pixels admits a 102-megapixel medium-format frame (11,648 x 8,736) and refuses a
# 12,000 x 12,000 picture; more is a mistake or a decompression bomb, refused from the header.
MAX_PIXELS = 120_000_000
MAX_FILE_BYTES = 400 * 1024 * 1024  # the picture file itself
MAX_JPEG_SEGMENTS = 1_000  # marker segments in a JPEG (a camera writes about 20, a progressive file 40)
MAX_PNG_CHUNKS = 200_000  # chunks in a PNG (100 megapixels in 8 kB IDAT chunks is 40,000)
MAX_TIFF_DIRECTORIES = 64  # pages (IFDs) in a TIFF; only the first is placed
MAX_TIFF_TAGS = 1_000  # entries in one TIFF directory (a scanner writes about 30)
MAX_TIFF_VALUES = 500_000  # numbers in the first directory: strip and tile tables, colour maps
MAX_METADATA_BYTES = 16 * 1024 * 1024  # JPEG APPn/COM segments, PNG text, ICC and EXIF chunks (unpacked)
MAX_PHOTOSHOP_BYTES = 1024 * 1024  # JPEG APP13 (Photoshop resources, IPTC), parsed by Pillow entry by entry
MAX_EXIF_BYTES = 1024 * 1024  # an EXIF block (a camera's fits the 64 kB of a JPEG segment)
MAX_ICC_BYTES = 16 * 1024 * 1024  # an embedded colour profile (a press profile is 0.5 to 4 MB)
MAX_XMP_CHARACTERS = 1_000_000  # a larger XMP packet is not read for a caption (the picture is kept)
MAX_IPTC_BYTES = 1024 * 1024  # a larger IPTC block is not read for a caption (the picture is kept)

# The orientations that swap width and height (EXIF 5–8 turn the picture by 90 degrees).
_TRANSPOSED = {5, 6, 7, 8}
_MAGIC = (
    (b"\xff\xd8\xff", "JPEG"),
    (b"\x89PNG\r\n\x1a\n", "PNG"),
    (b"II*\x00", "TIFF"),
    (b"MM\x00*", "TIFF"),
    (b"II+\x00", "TIFF"),
    (b"MM\x00+", "TIFF"),
)
_OTHER_MAGIC = ((b"GIF8", "a GIF"), (b"BM", "a BMP"), (b"%PDF", "a PDF"), (b"8BPS", "a Photoshop (PSD)"))


class ImageError(Exception):
    """An image that cannot be used; the message says which and why."""


def asset_name(data: bytes, extension: str) -> str:
    """The content-hash name an image is stored under."""
    return hashlib.sha256(data).hexdigest() + extension


def read_image_file(path: str | Path, source: str = "") -> ImageAsset:
    """Read and check an image file the user places (the message names the file)."""
    path = Path(path)
    return read_image(read_limited(path, MAX_FILE_BYTES, ImageError), source, path.name)


def read_image(data: bytes, source: str = "", label: str = "image") -> ImageAsset:
    """Identify, walk and decode `data` (JPEG, PNG, TIFF or WebP) and return it as an asset."""
    kind = identify(data, label)
    _check_structure(kind, data, label)
    try:
        with _opened(data, kind) as image:
            width, height = image.size
            _check_size(label, width, height)
            # Decoded first: reading EXIF loads a PNG and would hide its errors; and a TIFF's
            # orientation, which Pillow 11+ applies while loading, then is no longer reported.
            _decode_check(image)
            _check_metadata_sizes(image, label)  # a PNG's chunks after its pixels are read by now
            orientation = _orientation(image)
            ppi = _ppi(image)
            caption, credit = _embedded_caption(image)
    except ImageError:
        raise
    except Image.DecompressionBombError as error:
        raise _bomb_error(label, error) from None
    except Exception as error:  # Pillow raises many types for damaged files
        raise ImageError(f"{label} is damaged or not a picture: {error or type(error).__name__}") from None
    if orientation in _TRANSPOSED:
        width, height = height, width
    media_type, extension = MEDIA_TYPES[kind]
    return ImageAsset(
        asset_name(data, extension),
        media_type,
        width,
        height,
        data,
        source,
        ppi=ppi,
        orientation=orientation,
        caption=caption,
        credit=credit,
    )


def identify(data: bytes, label: str = "image") -> str:
    """The format of `data` from its first bytes: JPEG, PNG, TIFF or WEBP. Pillow is only
    ever asked to open that one format, not to try its every plugin on untrusted bytes."""
    for magic, kind in _MAGIC:
        if data.startswith(magic):
            return kind
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "WEBP"
    for magic, name in _OTHER_MAGIC:
        if data.startswith(magic):
            raise ImageError(f"{label} is {name} file; JPEG, PNG, TIFF and WebP pictures can be placed")
    raise ImageError(f"{label} is damaged or not a picture: it is not a JPEG, PNG, TIFF or WebP file")


def _opened(data: bytes, kind: str) -> ImageFile.ImageFile:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", Image.DecompressionBombWarning)  # our own limit applies
        return Image.open(io.BytesIO(data), formats=[kind])


def _bomb_error(label: str, error: Exception) -> ImageError:
    pixels = re.search(r"\((\d+) pixels\)", str(error))
    count = f"{int(pixels.group(1)):,} pixels" if pixels else "too many pixels"
    return ImageError(
        f"{label} has {count}, more than the {MAX_PIXELS:,} allowed "
        "(a decompression bomb or an oversized scan): scale it down first"
    )


def _check_size(label: str, width: int, height: int) -> None:
    if width <= 0 or height <= 0:
        raise ImageError(f"{label} has no pixels ({width} x {height})")
    if width * height > MAX_PIXELS:
        raise ImageError(
            f"{label} is {width:,} x {height:,} pixels ({width * height / 1e6:.0f} million), more than "
            f"the {MAX_PIXELS / 1e6:.0f} million allowed (a decompression bomb or an oversized scan): "
            "scale it down first"
        )


def _decode_check(image: ImageFile.ImageFile) -> None:
    """Decode the pixels to prove they are there; a JPEG at 1/8 scale (every coded bit is
    still read, but the pixels take 1/64 of the memory)."""
    width, height = image.size
    image.draft(None, (max(1, width // 8), max(1, height // 8)))
    image.load()


# -- the structure, walked within budgets before Pillow reads it -----------------------------


def _check_structure(kind: str, data: bytes, label: str) -> None:
    check = {"JPEG": _check_jpeg, "PNG": _check_png, "TIFF": _check_tiff, "WEBP": _check_webp}[kind]
    try:
        check(data, label)
    except (struct.error, IndexError):
        raise _cut_short(label, "a header runs past the end of the file") from None


def _cut_short(label: str, detail: str) -> ImageError:
    return ImageError(f"{label} is damaged or not a picture: it is cut short ({detail})")


def _over(label: str, what: str, count: int, limit: int, advice: str = "") -> ImageError:
    """`count` (exact, or as far as it was counted: "at least …") of `what` over `limit`."""
    return ImageError(f"{label} has {count:,} {what}, more than the {limit:,} allowed{advice}")


def _too_many(label: str, what: str, limit: int) -> ImageError:
    """A count stopped one past its limit: more is not read to say how many more."""
    return ImageError(f"{label} has more than the {limit:,} {what} allowed (counting stopped there)")


# JPEG: a marker after coded data (FF 00 is a stuffed byte, FF D0–D7 a restart marker, FF FF fill).
_JPEG_MARKER = re.compile(rb"\xff[^\x00\xd0-\xd7\xff]")
_JPEG_STANDALONE = {0x01, 0xD0, 0xD1, 0xD2, 0xD3, 0xD4, 0xD5, 0xD6, 0xD7, 0xD8}
_JPEG_HUFFMAN_FRAMES = {0xC0, 0xC1, 0xC2, 0xC3}  # baseline, extended, progressive, lossless
_JPEG_OTHER_FRAMES = {0xC5, 0xC6, 0xC7, 0xC9, 0xCA, 0xCB, 0xCD, 0xCE, 0xCF}  # hierarchical or arithmetic


def _check_jpeg(data: bytes, label: str) -> None:
    """Walk the marker segments to the end marker: refuse a file cut short, more than
    MAX_JPEG_SEGMENTS segments or MAX_METADATA_BYTES of metadata, a frame over MAX_PIXELS,
    and coded data too short for the frame (an end marker written early: libjpeg would
    fill the rest grey without a word)."""
    segments = metadata = photoshop = coded = bits = 0
    for marker, body, scan_bytes in _jpeg_segments(data, label):
        segments += 1
        if segments > MAX_JPEG_SEGMENTS:
            raise _too_many(label, "JPEG marker segments", MAX_JPEG_SEGMENTS)
        if 0xE0 <= marker <= 0xEF or marker == 0xFE:
            metadata += len(body)
        photoshop += len(body) if marker == 0xED else 0
        if marker in _JPEG_HUFFMAN_FRAMES or marker in _JPEG_OTHER_FRAMES:
            bits = _jpeg_least_bits(marker, body, label)
        coded += scan_bytes
    _check_metadata_total(label, metadata, photoshop)
    if coded * 8 < bits:
        needed = math.ceil(bits / 8)
        raise _cut_short(
            label, f"{coded:,} bytes of coded data where its pixels need {needed:,} at least; the rest would be blank"
        )


def _check_metadata_total(label: str, metadata: int, photoshop: int = 0) -> None:
    if metadata > MAX_METADATA_BYTES:
        raise _over(label, "bytes of metadata or more", metadata, MAX_METADATA_BYTES, ": save it again without them")
    if photoshop > MAX_PHOTOSHOP_BYTES:
        raise _over(
            label, "bytes of Photoshop resources", photoshop, MAX_PHOTOSHOP_BYTES, ": save it again without them"
        )


def _jpeg_segments(data: bytes, label: str) -> Iterator[tuple[int, memoryview, int]]:
    """(marker, body, bytes of coded data after it) of every marker segment up to the end
    marker (EOI); stray bytes between segments are skipped, as libjpeg skips them."""
    view = memoryview(data)
    pos = 2
    while True:
        if data[pos : pos + 1] != b"\xff" or data[pos + 1 : pos + 2] in (b"\x00", b"\xff"):
            pos = _next_jpeg_marker(data, pos, label)
        marker = data[pos + 1] if pos + 1 < len(data) else -1
        if marker < 0:
            raise _cut_short(label, "it has no end marker")
        if marker == 0xD9:
            return
        if marker in _JPEG_STANDALONE:
            pos += 2
            continue
        (length,) = struct.unpack_from(">H", data, pos + 2)
        end = pos + 2 + length
        if length < 2 or end > len(data):
            raise _cut_short(label, f"the segment at byte {pos:,} runs past the end")
        scan_bytes = 0
        if marker == 0xDA:  # start of scan: the coded data runs to the next marker
            after = _next_jpeg_marker(data, end, label)
            scan_bytes, end = after - end, after
        yield marker, view[pos + 4 : pos + 2 + length], scan_bytes
        pos = end


def _next_jpeg_marker(data: bytes, pos: int, label: str) -> int:
    found = _JPEG_MARKER.search(data, pos)
    if found is None:
        raise _cut_short(label, "it has no end marker")
    return found.start()


def _jpeg_least_bits(marker: int, body: memoryview, label: str) -> int:
    """The fewest bits of Huffman-coded data that can hold the frame a header (SOF)
    promises: each 8 x 8 block of every component needs a DC code of at least one bit, and
    in a sequential (not progressive) file an end-of-block or AC code of one more."""
    if marker in _JPEG_OTHER_FRAMES:
        raise ImageError(
            f"{label} is an arithmetic-coded or hierarchical JPEG, which cameras and agencies do not "
            "write and most programs cannot read: save it again as a standard JPEG"
        )
    height, width, count = (int(value) for value in struct.unpack_from(">HHB", body, 1))
    _check_size(label, width, height)
    factors = [(body[7 + 3 * i] >> 4, body[7 + 3 * i] & 15) for i in range(count) if 8 + 3 * i < len(body)]
    if not factors or len(factors) < count or min(min(f) for f in factors) < 1:
        raise ImageError(f"{label} is damaged or not a picture: its JPEG frame header is invalid")
    h_max = max(h for h, _ in factors)
    v_max = max(v for _, v in factors)
    blocks = sum(
        math.ceil(math.ceil(width * h / h_max) / 8) * math.ceil(math.ceil(height * v / v_max) / 8) for h, v in factors
    )
    return blocks * (2 if marker in (0xC0, 0xC1) else 1)


_PNG_METADATA = {b"tEXt", b"zTXt", b"iTXt", b"iCCP", b"eXIf"}


def _check_png(data: bytes, label: str) -> None:
    """Walk the chunks to IEND: refuse a file cut short, more than MAX_PNG_CHUNKS chunks,
    more than MAX_METADATA_BYTES of text, profile and EXIF (unpacked), or a compressed
    text chunk that unpacks to more than Pillow reads (PngImagePlugin.MAX_TEXT_CHUNK)."""
    pos, chunks, metadata = 8, 0, 0
    while True:
        if pos + 12 > len(data):
            raise _cut_short(label, f"it has no IEND chunk; the data stops at byte {len(data):,}")
        length, kind = struct.unpack_from(">I4s", data, pos)
        body = data[pos + 8 : pos + 8 + length] if kind in _PNG_METADATA else b""
        pos += 12 + length
        if pos > len(data):
            raise _cut_short(label, f"the {kind.decode('latin-1')!r} chunk runs past the end")
        chunks += 1
        if chunks > MAX_PNG_CHUNKS:
            raise _too_many(label, "PNG chunks", MAX_PNG_CHUNKS)
        if kind == b"IEND":
            return
        if body:
            metadata += _png_unpacked_size(kind, body, label)
            _check_metadata_total(label, metadata)


def _png_unpacked_size(kind: bytes, body: bytes, label: str) -> int:
    """The size of a metadata chunk's value once unpacked, counted only as far as Pillow
    would unpack it."""
    keyword, _, rest = body.partition(b"\0")
    if kind == b"iTXt":
        if rest[:1] in (b"", b"\0"):
            return len(body)
        rest = rest[2:].split(b"\0", 2)[-1]  # after flag and method: language \0 translated keyword \0
    elif kind in (b"zTXt", b"iCCP"):
        rest = rest[1:]
    else:
        return len(body)
    limit = PngImagePlugin.MAX_TEXT_CHUNK
    try:
        unpacker = zlib.decompressobj()
        size = len(unpacker.decompress(rest, limit + 1))
    except zlib.error:
        return len(body)  # Pillow says how it is damaged
    if size > limit:
        name = keyword[:80].decode("latin-1")
        raise _over(label, f"bytes or more to unpack in its {kind.decode()} chunk {name!r}", size, limit)
    return size


def _check_tiff(data: bytes, label: str) -> None:
    """Follow the chain of directories (IFDs) with a bounded loop: refuse more than
    MAX_TIFF_DIRECTORIES, a loop, an entry table or next-directory offset past the end, more
    than MAX_TIFF_TAGS entries in one directory or MAX_TIFF_VALUES numbers in the first."""
    order = "<" if data[:2] == b"II" else ">"
    big = data[2:4] in (b"+\x00", b"\x00+")
    offset = struct.unpack_from(order + ("Q" if big else "I"), data, 8 if big else 4)[0]
    seen: set[int] = set()
    while offset:
        if offset in seen:
            raise ImageError(f"{label} is damaged or not a picture: its TIFF directories form a loop")
        seen.add(offset)
        if len(seen) > MAX_TIFF_DIRECTORIES:
            raise _too_many(label, "TIFF directories (pages)", MAX_TIFF_DIRECTORIES)
        offset = _tiff_directory(data, offset, order, big, label, first=len(seen) == 1)


_TIFF_UNNUMBERED = {1, 2, 7}  # BYTE, ASCII, UNDEFINED: Pillow keeps them as bytes or text


def _tiff_directory(data: bytes, offset: int, order: str, big: bool, label: str, first: bool) -> int:
    """Check one directory and return the offset of the next (0 at the end)."""
    count_format, entry_size, next_format = ("Q", 20, "Q") if big else ("H", 12, "I")
    (count,) = struct.unpack_from(order + count_format, data, offset)
    if count > MAX_TIFF_TAGS:
        raise _over(label, "entries in a TIFF directory", count, MAX_TIFF_TAGS)
    table = offset + struct.calcsize(count_format)
    end = table + count * entry_size
    if end + struct.calcsize(next_format) > len(data):
        raise _cut_short(label, f"the TIFF directory at byte {offset:,} runs past the end")
    if first:
        entry_format = order + ("HHQ" if big else "HHI")
        numbers = 0
        for position in range(table, end, entry_size):
            _, kind, values = struct.unpack_from(entry_format, data, position)
            numbers += 0 if kind in _TIFF_UNNUMBERED else values
        if numbers > MAX_TIFF_VALUES:
            raise _over(label, "numbers in its first TIFF directory", numbers, MAX_TIFF_VALUES)
    return int(struct.unpack_from(order + next_format, data, end)[0])


def _check_webp(data: bytes, label: str) -> None:
    (size,) = struct.unpack_from("<I", data, 4)
    if 8 + size > len(data):
        raise _cut_short(label, f"the RIFF header promises {8 + size:,} bytes, the file has {len(data):,}")


# -- what the file says about itself -----------------------------------------------------------


def _check_metadata_sizes(image: Image.Image, label: str) -> None:
    for key, what, limit in (("exif", "EXIF", MAX_EXIF_BYTES), ("icc_profile", "colour profile", MAX_ICC_BYTES)):
        value = image.info.get(key)
        if isinstance(value, bytes | str) and len(value) > limit:
            raise _over(label, f"bytes in its {what}", len(value), limit, ": save it again without it")


def _orientation(image: Image.Image) -> int:
    try:
        value = image.getexif().get(0x0112, 1)
    except Exception:
        return 1
    return value if isinstance(value, int) and 1 <= value <= 8 else 1


def _ppi(image: Image.Image) -> float:
    dpi = image.info.get("dpi")
    try:
        x = float(dpi[0]) if dpi else 0.0
    except (TypeError, ValueError, IndexError):
        x = 0.0
    return x if 20.0 <= x <= 10000.0 else 72.0  # nonsense values (0, 1, 65535) mean "unknown"


def _embedded_caption(image: ImageFile.ImageFile) -> tuple[str, str]:
    """Caption and credit written into the file by a photographer or agency: IPTC
    (2:120 caption, 2:110 credit, 2:80 by-line) first, XMP (dc:description,
    photoshop:Credit) when IPTC has none."""
    iptc = _iptc_records(image)
    caption = _iptc_text(iptc.get((2, 120)))
    credit = _iptc_text(iptc.get((2, 110))) or _iptc_text(iptc.get((2, 80)))
    if not (caption and credit):
        xmp = _xmp_packet(image)
        if xmp:
            caption = caption or _xmp_field(xmp, "dc:description")
            credit = credit or _xmp_field(xmp, "photoshop:Credit") or _xmp_field(xmp, "dc:creator")
    return caption[:4000], credit[:500]


def _iptc_records(image: ImageFile.ImageFile) -> dict[tuple[int, int], bytes | list[bytes]]:
    """The IPTC records, read only when the block is within MAX_IPTC_BYTES (Pillow reads it
    record by record)."""
    photoshop = image.info.get("photoshop")
    block = photoshop.get(0x0404, b"") if isinstance(photoshop, dict) else b""
    tags = getattr(getattr(image, "tag_v2", None), "_tagdata", None)  # a TIFF's raw tag bytes
    if isinstance(tags, dict):
        block = tags.get(33723, block)
    if not isinstance(block, bytes) or not block or len(block) > MAX_IPTC_BYTES:
        return {}
    try:
        return IptcImagePlugin.getiptcinfo(image) or {}
    except Exception:
        return {}


def _iptc_text(value: object) -> str:
    if isinstance(value, list):
        value = value[0] if value else b""
    if not isinstance(value, bytes):
        return ""
    for encoding in ("utf-8", "latin-1"):
        try:
            return " ".join(value.decode(encoding).split())
        except UnicodeDecodeError:
            continue
    return ""


def _xmp_packet(image: Image.Image) -> str:
    """The XMP packet as text, or "" when it is larger than MAX_XMP_CHARACTERS or declares
    a DOCTYPE or entities (XMP never needs one)."""
    raw = image.info.get("xmp") or image.info.get("XML:com.adobe.xmp") or b""
    if not isinstance(raw, bytes | str) or len(raw) > MAX_XMP_CHARACTERS:
        return ""
    text = raw.decode("utf-8", "replace") if isinstance(raw, bytes) else raw
    if "<!DOCTYPE" in text or "<!ENTITY" in text:
        return ""
    return text


_XML_ESCAPES = {"&lt;": "<", "&gt;": ">", "&quot;": '"', "&apos;": "'", "&amp;": "&"}


def _xmp_field(xmp: str, name: str) -> str:
    """The first text value of an XMP property, in attribute form or as (alt/seq) elements.
    Found with str.find, each search once from left to right, so the time is linear in the
    packet: the packet is untrusted and only one value is wanted."""
    text = _xmp_attribute(xmp, name)
    if text is None:
        inner = _xmp_element(xmp, name, 0)
        if inner is None:
            return ""
        item = _xmp_element(inner, "rdf:li", 0)
        text = inner if item is None else item
        if "<" in text:
            return ""
    text = re.sub(r"&(lt|gt|quot|apos|amp);", lambda m: _XML_ESCAPES[m.group(0)], text)
    return " ".join(text.split())


def _xmp_attribute(xmp: str, name: str) -> str | None:
    start = xmp.find(f'{name}="')
    if start < 0:
        return None
    start += len(name) + 2
    end = xmp.find('"', start)
    return xmp[start:end] if end >= 0 else None


def _xmp_element(xmp: str, name: str, start: int) -> str | None:
    """The content of the first <name …>…</name> from `start` (None when there is none)."""
    opening = xmp.find(f"<{name}", start)
    while opening >= 0 and xmp[opening + len(name) + 1 : opening + len(name) + 2] not in (">", " ", "\t", "\n", "\r"):
        opening = xmp.find(f"<{name}", opening + 1)
    if opening < 0:
        return None
    content = xmp.find(">", opening)
    end = xmp.find(f"</{name}>", content)
    if content < 0 or end < 0:
        return None
    return xmp[content + 1 : end]


# -- pixels ------------------------------------------------------------------------------------


def decode_oriented(asset: ImageAsset) -> Image.Image:
    """The asset's pixels as they are displayed (EXIF orientation applied), at full size.
    Prefer `decode_reduced` with the size that is needed."""
    image = _opened(asset.data, identify(asset.data, asset.name))
    image.load()
    return orient(image, asset.orientation)


def decode_reduced(asset: ImageAsset, longest: int) -> Image.Image:
    """The asset's pixels as displayed (EXIF orientation applied), no more than `longest`
    pixels on either side (never enlarged). A JPEG is decoded at 1/2, 1/4 or 1/8 scale
    whenever that still gives at least the size asked for, so a large photo's full-size
    pixels are never held; other formats are decoded whole (MAX_PIXELS bounds them) and
    reduced at once. Palette, 1-bit and 16-bit pictures come back as RGB(A), L and I."""
    if longest < 1:
        raise ValueError(f"the longest side must be at least 1 pixel, not {longest}")
    opened = _opened(asset.data, identify(asset.data, asset.name))
    opened.draft(None, fitted_size(opened.size, longest))  # only a JPEG acts on it
    opened.load()
    image = _resizable(opened)
    image.thumbnail((longest, longest), Image.Resampling.LANCZOS, reducing_gap=3.0)
    return orient(image, asset.orientation)


def fitted_size(size: tuple[int, int], longest: int) -> tuple[int, int]:
    """`size` scaled down (never up) so that its longer side is at most `longest`."""
    width, height = size
    scale = min(1.0, longest / max(width, height, 1))
    return max(1, round(width * scale)), max(1, round(height * scale))


def pixels_needed(width: float, height: float, ppi: float) -> int:
    """The longest side in pixels a picture placed at `width` x `height` points needs at
    `ppi` pixels per inch: the `longest` to give decode_reduced."""
    return max(1, math.ceil(max(width, height) / 72.0 * ppi))


def _resizable(image: Image.Image) -> Image.Image:
    if image.mode == "P":
        return image.convert("RGBA" if "transparency" in image.info else "RGB")
    if image.mode == "1":
        return image.convert("L")
    if image.mode.startswith("I;16"):
        return image.convert("I")
    return image


def orient(image: Image.Image, orientation: int) -> Image.Image:
    """Turn decoded pixels the way an EXIF orientation value says."""
    method = {
        2: Image.Transpose.FLIP_LEFT_RIGHT,
        3: Image.Transpose.ROTATE_180,
        4: Image.Transpose.FLIP_TOP_BOTTOM,
        5: Image.Transpose.TRANSPOSE,
        6: Image.Transpose.ROTATE_270,
        7: Image.Transpose.TRANSVERSE,
        8: Image.Transpose.ROTATE_90,
    }.get(orientation)
    return image.transpose(method) if method is not None else image
