"""Pictures as they arrive from photographers and agencies: formats, rotation, embedded
captions, bombs and broken files. (Their screen proxies: tests/render/test_proxy.py; their
effective resolution on the page: tests/typeset/test_layout.py.)"""

import io
import re
import struct
import zlib

import pytest
from PIL import Image, ImageFile

from epaperdesk.io.epd import edition_from_bytes, edition_to_bytes
from epaperdesk.io.images import MAX_PIXELS, ImageError, decode_reduced, pixels_needed, read_image, read_image_file
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


def test_a_turned_tiff_is_turned_once():
    """Pillow 11+ turns a TIFF while loading it; the asset must not turn it again."""
    stored = Image.new("RGB", (300, 100), "white")
    stored.paste((255, 0, 0), (0, 0, 100, 100))
    asset = read_image(encode(stored, "TIFF", tiffinfo={0x0112: 6}), label="turned.tif")
    assert (asset.width, asset.height) == (100, 300)
    shown = decode_reduced(asset, 300)
    assert shown.size == (100, 300)
    red, green, blue = shown.convert("RGB").getpixel((50, 20))
    assert red > 200 and green < 60 and blue < 60


def test_a_phone_jpeg_with_several_pictures_is_placed_as_its_first():
    """A multi-picture JPEG (MPO: a depth map or gain map after the photo) is a JPEG."""
    data = encode(Image.new("RGB", (80, 60), "red"), "MPO", save_all=True, append_images=[Image.new("RGB", (80, 60))])
    asset = read_image(data, label="phone.jpg")
    assert (asset.media_type, asset.width, asset.height) == ("image/jpeg", 80, 60)
    assert decode_reduced(asset, 40).convert("RGB").getpixel((5, 5))[0] > 200


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


# -- structure walked within budgets, pixels decoded reduced ----------------------------------------


def test_a_large_jpeg_is_checked_and_decoded_at_a_reduced_scale(monkeypatch):
    """The full-size pixels of a 12-megapixel photo are never held: the check decodes it at
    1/8 scale, decode_reduced at the smallest scale still as large as asked."""
    data = encode(Image.linear_gradient("L").resize((4000, 3000)), "JPEG", quality=70)
    decoded = []
    real_load = ImageFile.ImageFile.load

    def load(image):
        if image.tile:
            decoded.append(image.size)
        return real_load(image)

    monkeypatch.setattr(ImageFile.ImageFile, "load", load)
    asset = read_image(data, label="large.jpg")
    assert (asset.width, asset.height) == (4000, 3000) and decoded == [(500, 375)]
    decoded.clear()
    assert decode_reduced(asset, 900).size == (900, 675)
    assert decoded == [(1000, 750)]  # 1/4 scale: 1/8 would be smaller than asked


def test_decode_reduced_turns_the_picture_and_never_enlarges_it():
    asset = read_image(turned_jpeg(), label="turned.jpg")
    small = decode_reduced(asset, 150)
    assert small.size == (50, 150)
    red, green, blue = small.convert("RGB").getpixel((25, 10))
    assert red > 200 and green < 80 and blue < 80  # red at the top, as displayed
    assert decode_reduced(asset, 1000).size == (100, 300)


def test_decode_reduced_gives_resizable_modes():
    palette = Image.new("P", (400, 200), 1)
    palette.info["transparency"] = 0
    cases = [
        (encode(palette, "PNG", transparency=0), "RGBA"),
        (encode(Image.new("P", (400, 200), 1), "PNG"), "RGB"),
        (encode(Image.new("I;16", (400, 200), 40000), "PNG"), "I"),
        (encode(Image.new("1", (400, 200), 1), "TIFF"), "L"),
    ]
    for data, mode in cases:
        reduced = decode_reduced(read_image(data, label="p"), 100)
        assert (reduced.size, reduced.mode) == ((100, 50), mode)


def test_pixels_needed_for_a_placed_size():
    assert pixels_needed(144, 72, 300) == 600  # two inches wide at 300 ppi
    assert pixels_needed(0, 0, 300) == 1


def cut_tiff() -> bytes:
    data = bytearray(encode(Image.new("RGB", (20, 20), "red"), "TIFF"))
    (offset,) = struct.unpack_from("<I", data, 4)
    return bytes(data[: offset + 20])  # the directory's entry table runs past the end


def looping_tiff() -> bytes:
    data = bytearray(encode(Image.new("RGB", (20, 20), "red"), "TIFF"))
    (offset,) = struct.unpack_from("<I", data, 4)
    (count,) = struct.unpack_from("<H", data, offset)
    struct.pack_into("<I", data, offset + 2 + 12 * count, offset)  # the next directory is this one
    return bytes(data)


def early_end_jpeg() -> bytes:
    data = encode(Image.effect_noise((200, 200), 60).convert("RGB"), "JPEG")
    scan = data.index(b"\xff\xda")
    return data[: scan + 40] + b"\xff\xd9"


JPEG = encode(Image.new("RGB", (40, 30), "teal"), "JPEG")


def arithmetic_jpeg() -> bytes:
    """The frame header marked as arithmetic-coded (SOF9)."""
    frame = JPEG.index(b"\xff\xc0")
    return JPEG[: frame + 1] + b"\xc9" + JPEG[frame + 2 :]


PNG = encode(Image.new("RGB", (40, 30), "teal"), "PNG")
WEBP = encode(Image.new("RGB", (40, 30), "teal"), "WEBP")


@pytest.mark.parametrize(
    "data,message",
    [
        (JPEG[:-2], "cut short (it has no end marker)"),
        (early_end_jpeg(), "bytes of coded data where its pixels need"),
        (PNG[:-12], "cut short (it has no IEND chunk"),
        (PNG[:50], "the 'IDAT' chunk runs past the end"),
        (WEBP[:-10], "the RIFF header promises"),
        (cut_tiff(), "the TIFF directory at byte"),
        (looping_tiff(), "TIFF directories form a loop"),
        (arithmetic_jpeg(), "arithmetic-coded or hierarchical"),
        (encode(Image.new("P", (4, 4)), "GIF"), "a GIF file; JPEG, PNG, TIFF and WebP pictures can be placed"),
    ],
    ids=["jpeg-cut", "jpeg-early-end", "png-no-iend", "png-cut", "webp-cut", "tiff-cut", "tiff-loop", "sof9", "gif"],
)
def test_damaged_pictures_are_refused_by_their_structure_even_if_pillow_would_take_them(monkeypatch, data, message):
    monkeypatch.setattr(ImageFile, "LOAD_TRUNCATED_IMAGES", True)  # Pillow would fill a cut picture in
    with pytest.raises(ImageError, match=re.escape(message)) as refused:
        read_image(data, label="photo")
    assert str(refused.value).startswith("photo ")


def two_page_tiff() -> bytes:
    first = Image.new("RGB", (30, 20), "red")
    return encode(first, "TIFF", save_all=True, append_images=[Image.new("RGB", (5, 5), "blue")])


@pytest.mark.parametrize(
    "limit,value,data,message",
    [
        ("MAX_JPEG_SEGMENTS", 3, JPEG, "more than the 3 JPEG marker segments allowed"),
        ("MAX_PNG_CHUNKS", 2, PNG, "more than the 2 PNG chunks allowed"),
        ("MAX_TIFF_DIRECTORIES", 1, two_page_tiff(), "more than the 1 TIFF directories (pages) allowed"),
        ("MAX_TIFF_TAGS", 5, two_page_tiff(), "entries in a TIFF directory, more than the 5 allowed"),
        ("MAX_TIFF_VALUES", 2, two_page_tiff(), "numbers in its first TIFF directory, more than the 2 allowed"),
        ("MAX_METADATA_BYTES", 100, encode(Image.new("RGB", (4, 4)), "JPEG", xmp=XMP), "bytes of metadata or more"),
        ("MAX_PHOTOSHOP_BYTES", 10, with_iptc(JPEG, {120: "A caption"}), "bytes of Photoshop resources"),
        ("MAX_EXIF_BYTES", 10, turned_jpeg(), "bytes in its EXIF, more than the 10 allowed"),
        ("MAX_ICC_BYTES", 10, encode(Image.new("RGB", (4, 4)), "PNG", icc_profile=b"p" * 64), "colour profile"),
    ],
)
def test_each_picture_limit_names_the_file_and_the_limit(monkeypatch, limit, value, data, message):
    monkeypatch.setattr(f"epaperdesk.io.images.{limit}", value)
    with pytest.raises(ImageError, match=re.escape(message)) as refused:
        read_image(data, label="photo.x")
    assert str(refused.value).startswith("photo.x has")


def test_a_multi_page_tiff_places_its_first_page():
    asset = read_image(two_page_tiff(), label="pages.tif")
    assert (asset.width, asset.height) == (30, 20)


def test_caption_metadata_over_its_budget_is_left_unread_and_the_picture_kept(monkeypatch):
    data = with_iptc(encode(Image.new("RGB", (40, 30)), "JPEG", xmp=XMP), {120: "From IPTC"})
    assert read_image(data, label="x.jpg").caption == "From IPTC"
    monkeypatch.setattr("epaperdesk.io.images.MAX_IPTC_BYTES", 5)
    assert read_image(data, label="x.jpg").caption == "Harvest on the terraces at dawn."
    monkeypatch.setattr("epaperdesk.io.images.MAX_XMP_CHARACTERS", 100)
    asset = read_image(data, label="x.jpg")
    assert (asset.caption, asset.credit, asset.width) == ("", "", 40)


def test_xmp_fields_are_found_in_unusual_but_valid_forms():
    xmp = (
        b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><dc:descriptionX>not this</dc:descriptionX>'
        b"<dc:description>\n<rdf:Alt><rdf:li xml:lang='x-default'>Tide &amp; wind</rdf:li></rdf:Alt>"
        b"</dc:description><dc:creator><rdf:Seq><rdf:li>A. Photographer</rdf:li></rdf:Seq></dc:creator></x:xmpmeta>"
    )
    asset = read_image(encode(Image.new("RGB", (40, 30)), "JPEG", xmp=xmp), label="x.jpg")
    assert (asset.caption, asset.credit) == ("Tide & wind", "A. Photographer")
