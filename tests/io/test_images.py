"""Pictures as they arrive from photographers and agencies: formats, rotation, embedded
captions, bombs and broken files. (Their screen proxies: tests/render/test_proxy.py; their
effective resolution on the page: tests/typeset/test_layout.py.)"""

import io
import struct
import zlib

import pytest
from PIL import Image

from epaperdesk.io.epd import edition_from_bytes, edition_to_bytes
from epaperdesk.io.images import MAX_PIXELS, ImageError, read_image, read_image_file
from epaperdesk.model.photos import new_photo_frame

XMP = (
    b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
    b'<rdf:Description xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:photoshop="http://ns.adobe.com/photoshop/1.0/"'
    b' photoshop:Credit="Reuters &amp; AP"><dc:description><rdf:Alt><rdf:li xml:lang="x-default">Harvest on the '
    b"terraces at dawn.</rdf:li></rdf:Alt></dc:description></rdf:Description></rdf:RDF></x:xmpmeta>"
)


def encode(image: Image.Image, kind: str, **options) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, kind, **options)
    return buffer.getvalue()


def turned_jpeg() -> bytes:
    """300 x 100 pixels as stored, red on the left; EXIF orientation 6: display it turned 90°
    clockwise (100 x 300, red at the top)."""
    image = Image.new("RGB", (300, 100), "white")
    image.paste((255, 0, 0), (0, 0, 100, 100))
    exif = Image.Exif()
    exif[0x0112] = 6
    return encode(image, "JPEG", exif=exif, quality=95)


def cmyk_jpeg() -> bytes:
    """120 x 80 pixels of press red (no cyan, full magenta and yellow) in a CMYK JPEG."""
    return encode(Image.new("CMYK", (120, 80), (0, 255, 255, 0)), "JPEG")


def png_header_only(width: int, height: int) -> bytes:
    """A PNG that claims `width` x `height` pixels with hardly any data: what a
    decompression bomb looks like from outside."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"\0" * 64)) + chunk(b"IEND", b"")
    )


@pytest.mark.parametrize(
    "kind,media", [("JPEG", "image/jpeg"), ("PNG", "image/png"), ("TIFF", "image/tiff"), ("WEBP", "image/webp")]
)
def test_every_placeable_format_is_read(kind, media):
    asset = read_image(encode(Image.new("RGB", (64, 48), "teal"), kind), label="photo")
    assert (asset.media_type, asset.width, asset.height) == (media, 64, 48)


def test_a_bomb_is_refused_from_its_header_with_a_message_that_says_so():
    side = int(MAX_PIXELS**0.5) + 1000
    with pytest.raises(ImageError) as caught:
        read_image(png_header_only(side, side), label="bomb.png")
    message = str(caught.value)
    assert "bomb.png" in message and "million" in message and "decompression bomb" in message


def test_a_huge_bomb_that_pillow_itself_refuses_gets_our_message():
    with pytest.raises(ImageError, match=r"bomb\.png has [\d,]+ pixels, more than"):
        read_image(png_header_only(60000, 60000), label="bomb.png")


def test_a_corrupt_file_is_named_in_the_message(tmp_path):
    data = encode(Image.new("RGB", (200, 200), "red"), "JPEG")
    path = tmp_path / "agency-0042.jpg"
    path.write_bytes(data[: len(data) // 3])
    with pytest.raises(ImageError, match="agency-0042.jpg is damaged or not a picture"):
        read_image_file(path)
    (tmp_path / "notes.jpg").write_text("not a picture at all")
    with pytest.raises(ImageError, match="notes.jpg"):
        read_image_file(tmp_path / "notes.jpg")


def test_exif_rotation_turns_the_size():
    asset = read_image(turned_jpeg(), label="turned.jpg")  # the camera was turned
    assert (asset.width, asset.height, asset.orientation) == (100, 300, 6)


def test_cmyk_jpeg_is_read():
    asset = read_image(cmyk_jpeg(), label="cmyk.jpg")
    assert (asset.media_type, asset.width, asset.height) == ("image/jpeg", 120, 80)


def test_xmp_caption_and_credit_and_resolution_are_read():
    asset = read_image(encode(Image.new("RGB", (40, 30)), "JPEG", xmp=XMP, dpi=(300, 300)), label="x.jpg")
    assert asset.caption == "Harvest on the terraces at dawn."
    assert asset.credit == "Reuters & AP"
    assert asset.ppi == pytest.approx(300)


def test_xmp_with_a_doctype_is_ignored_not_parsed():
    evil = b'<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>' + XMP.replace(b"Reuters", b"&e;")
    asset = read_image(encode(Image.new("RGB", (40, 30)), "JPEG", xmp=evil), label="x.jpg")
    assert asset.caption == "" and asset.credit == ""


def test_tiff_and_webp_survive_save_and_load(small_edition):
    for kind in ("TIFF", "WEBP"):
        asset = read_image(encode(Image.new("RGB", (50, 40), "navy"), kind), label=kind)
        edit, _ = new_photo_frame(small_edition, asset, small_edition.pages[0].id, 10, 10)
        edit.apply(small_edition)
    loaded = edition_from_bytes(edition_to_bytes(small_edition))
    assert {a.media_type for a in loaded.images.values()} >= {"image/tiff", "image/webp"}


def with_iptc(jpeg: bytes, records: dict[int, str]) -> bytes:
    """A JPEG with an IPTC block (Photoshop APP13, resource 0x0404) as agencies send them."""
    iptc = b"".join(
        b"\x1c\x02" + bytes([number]) + struct.pack(">H", len(text.encode())) + text.encode()
        for number, text in records.items()
    )
    if len(iptc) % 2:
        iptc += b"\0"
    resource = b"8BIM" + struct.pack(">H", 0x0404) + b"\0\0" + struct.pack(">I", len(iptc)) + iptc
    payload = b"Photoshop 3.0\0" + resource
    segment = b"\xff\xed" + struct.pack(">H", len(payload) + 2) + payload
    return jpeg[:2] + segment + jpeg[2:]


def test_iptc_caption_and_credit_are_read():
    data = with_iptc(
        encode(Image.new("RGB", (40, 30)), "JPEG"),
        {120: "Flood water reaches the old bridge.", 110: "Nordic Press Agency"},
    )
    asset = read_image(data, label="agency.jpg")
    assert asset.caption == "Flood water reaches the old bridge."
    assert asset.credit == "Nordic Press Agency"
