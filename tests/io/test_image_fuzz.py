"""Hostile images: mutated and truncated pictures either load or raise ImageError, never
another exception; a decompression bomb is refused before its pixels are decoded.

Besides two small plain pictures, the fuzzer works on larger ones full of metadata (EXIF,
XMP, IPTC, ICC; PNG text chunks; JPEG APP segments; a two-page TIFF with tags; WebP
chunks), and aims at their structure: segment and chunk lengths, frame headers, TIFF
directory counts, entry types, value counts and offsets are overwritten with extreme
values, and spans are cut out of or pushed into the structure.

The work is bounded by the limits images.py enforces (pixels from the header, segments,
chunks, directories, metadata bytes) and by the number of hypothesis examples, not by a
clock: how long hostile images take to read is measured in benchmarks/hostile.py."""

import io
import struct
from unittest import mock

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PIL import Image, ImageCms, ImageFile, PngImagePlugin

from epaperdesk.io.images import MAX_PIXELS, ImageError, decode_reduced, read_image
from tests.io.test_images import XMP, with_iptc

# Pillow warns about the damage it reads past (truncated tags, odd counts): expected here.
pytestmark = pytest.mark.filterwarnings("ignore::UserWarning:PIL")


def small_jpeg() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (64, 48), (30, 90, 200)).save(buffer, "JPEG", quality=80)
    return buffer.getvalue()


def small_png() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (64, 48), (200, 90, 30)).save(buffer, "PNG")
    return buffer.getvalue()


SOURCES = [small_jpeg(), small_png()]


def encode(image: Image.Image, kind: str, **options) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, kind, **options)
    return buffer.getvalue()


def noise(mode: str = "RGB") -> Image.Image:
    return Image.effect_noise((96, 64), 60).convert(mode)


ICC = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()


def exif() -> bytes:
    data = Image.Exif()
    data[0x0112] = 6
    data[0x010E] = "A description"
    return data.tobytes()


def rich_png() -> bytes:
    info = PngImagePlugin.PngInfo()
    info.add_text("Comment", "plain text chunk")
    info.add_text("Software", "compressed text chunk " * 20, zip=True)
    info.add_itxt("XML:com.adobe.xmp", XMP.decode(), zip=True)
    return encode(noise("RGBA"), "PNG", pnginfo=info, exif=exif(), icc_profile=ICC, dpi=(300, 300))


def rich_tiff() -> bytes:
    pages = [noise(), noise("L")]
    tags = {700: XMP, 33723: b"\x1c\x02\x78\x00\x05hello", 34675: ICC, 274: 6}
    return encode(pages[0], "TIFF", compression="tiff_deflate", tiffinfo=tags, save_all=True, append_images=pages[1:])


RICH = [
    with_iptc(encode(noise(), "JPEG", exif=exif(), xmp=XMP, icc_profile=ICC, quality=80), {120: "A caption"}),
    encode(noise("CMYK"), "JPEG", progressive=True, icc_profile=ICC, xmp=XMP),
    rich_png(),
    rich_tiff(),
    encode(noise(), "WEBP", exif=exif(), xmp=XMP, icc_profile=ICC),
]


def structure_offsets(data: bytes) -> list[int]:
    """Where a picture keeps its structure: JPEG segment markers, lengths and frame header;
    PNG chunk lengths and types; TIFF directory counts, entries and next offsets; RIFF
    chunk sizes. The fuzzer overwrites bytes there."""
    if data[:2] == b"\xff\xd8":
        return _jpeg_offsets(data)
    if data[:4] == b"\x89PNG":
        return _png_offsets(data)
    if data[:4] == b"RIFF":
        return _riff_offsets(data)
    return _tiff_offsets(data)


def _jpeg_offsets(data: bytes) -> list[int]:
    found, pos = [], 2
    while pos + 4 <= len(data) and data[pos] == 0xFF and data[pos + 1] not in (0xD9, 0xDA):
        (length,) = struct.unpack_from(">H", data, pos + 2)
        found += [pos + 1, pos + 2, pos + 3] + ([pos + 5, pos + 7, pos + 9, pos + 13] if data[pos + 1] == 0xC0 else [])
        pos += 2 + length
    return found + [pos + 1, pos + 2, pos + 3, pos + 4]


def _png_offsets(data: bytes) -> list[int]:
    found, pos = [], 8
    while pos + 12 <= len(data):
        (length,) = struct.unpack_from(">I", data, pos)
        found += [pos, pos + 2, pos + 3, pos + 4, pos + 8, pos + 9, pos + 12]
        pos += 12 + length
    return found


def _riff_offsets(data: bytes) -> list[int]:
    found, pos = [4, 5], 12
    while pos + 8 <= len(data):
        (length,) = struct.unpack_from("<I", data, pos + 4)
        found += [pos, pos + 4, pos + 5, pos + 8, pos + 9]
        pos += 8 + length + (length & 1)
    return found


def _tiff_offsets(data: bytes) -> list[int]:
    found, seen = [2, 4, 5], set()
    (offset,) = struct.unpack_from("<I", data, 4)
    while 0 < offset < len(data) - 2 and offset not in seen:
        seen.add(offset)
        (count,) = struct.unpack_from("<H", data, offset)
        entries = [offset + 2 + 12 * i for i in range(count)]
        found += [offset, offset + 1] + [at + k for at in entries for k in (2, 4, 6, 8, 10)]
        next_at = offset + 2 + 12 * count
        found += [next_at, next_at + 1]
        offset = struct.unpack_from("<I", data, next_at)[0] if next_at + 4 <= len(data) else 0
    return [at for at in found if at < len(data)]


OFFSETS = [structure_offsets(data) for data in RICH]
NASTY = st.sampled_from([b"\x00", b"\xff", b"\x7f", b"\x80", b"\x01", b"\xff\xff", b"\x00\x00", b"\x7f\xff\xff\xff"])


def check(data: bytes) -> None:
    """Refused with an ImageError that names the file, or read as a picture within the
    limits that then decodes reduced (as the screen and the export will ask)."""
    try:
        asset = read_image(data, "", "fuzzed image")
    except ImageError as error:
        assert "fuzzed image" in str(error)
        return
    assert asset.media_type in ("image/jpeg", "image/png", "image/tiff", "image/webp")
    assert 0 < asset.width * asset.height <= MAX_PIXELS
    reduced = decode_reduced(asset, 32)
    assert max(reduced.size) <= 32


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from([0, 1]), st.data())
def test_mutated_images(which, data):
    source = bytearray(SOURCES[which])
    for _ in range(data.draw(st.integers(1, 6))):
        source[data.draw(st.integers(0, len(source) - 1))] = data.draw(st.integers(0, 255))
    check(bytes(source))


@settings(max_examples=60, deadline=None)
@given(st.sampled_from([0, 1]), st.integers(0, 2000))
def test_truncated_images(which, length):
    check(SOURCES[which][:length])


@settings(max_examples=250, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(range(len(RICH))), st.data())
def test_pictures_with_metadata_mutated_in_their_structure(which, data):
    """Extreme values written over lengths, counts, types and offsets (or, now and then,
    over any byte of the header and metadata)."""
    source = bytearray(RICH[which])
    for _ in range(data.draw(st.integers(1, 4))):
        if data.draw(st.booleans()):
            at = data.draw(st.sampled_from(OFFSETS[which]))
            value = data.draw(NASTY)
        else:
            at = data.draw(st.integers(0, min(len(source), 8192) - 1))
            value = bytes([data.draw(st.integers(0, 255))])
        source[at : at + len(value)] = value
    check(bytes(source))


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(range(len(RICH))), st.data())
def test_pictures_with_spans_cut_out_or_pushed_in(which, data):
    """A span removed at a structure boundary, or random bytes inserted there, so that
    everything after it is out of place."""
    source = RICH[which]
    at = data.draw(st.sampled_from(OFFSETS[which]))
    if data.draw(st.booleans()):
        mutated = source[:at] + source[at + data.draw(st.integers(1, 64)) :]
    else:
        mutated = source[:at] + data.draw(st.binary(min_size=1, max_size=64)) + source[at:]
    check(mutated)


@settings(max_examples=80, deadline=None)
@given(st.sampled_from(range(len(RICH))), st.floats(0, 1))
def test_pictures_with_metadata_truncated(which, fraction):
    check(RICH[which][: int(len(RICH[which]) * fraction)])


def test_decompression_bomb_is_refused_before_decoding():
    buffer = io.BytesIO()
    Image.new("1", (20000, 20000)).save(buffer, "PNG")  # 400 megapixels, a few kB on disk
    decoded = []
    real_load = ImageFile.ImageFile.load

    def load(image):
        decoded.append(image.size)
        return real_load(image)

    with mock.patch.object(ImageFile.ImageFile, "load", load), pytest.raises(ImageError) as refused:
        read_image(buffer.getvalue(), "", "bomb")
    message = str(refused.value)  # Pillow's own limit or ours: either is read from the header
    assert message.startswith("bomb ") and "400" in message and "decompression bomb" in message
    assert decoded == [], "the bomb's pixels were decoded before it was refused"
