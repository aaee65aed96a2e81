"""Pictures in the print PDF as on the screen: EXIF rotation applied, TIFF and WebP
converted, CMYK kept CMYK."""

import io

import pikepdf
import pypdfium2
from PIL import Image

from epaperdesk.export import export_pdf
from epaperdesk.export.options import PdfOptions
from epaperdesk.io.images import read_image
from epaperdesk.model.photos import new_photo_frame


def encode(image, kind, **options):
    buffer = io.BytesIO()
    image.save(buffer, kind, **options)
    return buffer.getvalue()


def test_rotated_and_webp_pictures_print_as_they_show(tmp_path, small_edition):
    edition = small_edition
    page = edition.pages[0]
    page.frames = [f for f in page.frames if f.kind != "image"]
    for frame in page.frames:
        if getattr(frame, "caption_story_id", None):
            frame.caption_story_id = None
    stored = Image.new("RGB", (300, 100), "white")
    stored.paste((255, 0, 0), (0, 0, 100, 100))  # red at the left as stored ...
    exif = Image.Exif()
    exif[0x0112] = 6  # ... at the top as displayed
    turned = read_image(encode(stored, "JPEG", exif=exif, quality=95), label="turned.jpg")
    edit, turned_id = new_photo_frame(edition, turned, page.id, 400, 500, width=100)
    edit.apply(edition)
    webp = read_image(encode(Image.new("RGB", (200, 100), (0, 0, 255)), "WEBP", lossless=True), label="blue.webp")
    edit, webp_id = new_photo_frame(edition, webp, page.id, 550, 500, width=100)
    edit.apply(edition)
    out = tmp_path / "pictures.pdf"
    export_pdf(edition, out, PdfOptions(colour="rgb", marks=False, bleed=0.0))
    bitmap = pypdfium2.PdfDocument(str(out))[0].render(scale=2).to_pil().convert("RGB")

    def pixel(x, y):
        return bitmap.getpixel((round(x * 2), round(y * 2)))

    frame = edition.frame_by_id(turned_id)
    top = pixel(frame.rect.x + 50, frame.rect.y + 15)
    bottom = pixel(frame.rect.x + 50, frame.rect.bottom - 15)
    assert top[0] > 200 and top[1] < 80 and min(bottom) > 200  # red on top, white below
    frame = edition.frame_by_id(webp_id)
    blue = pixel(frame.rect.x + 50, frame.rect.y + 25)
    assert blue[2] > 200 and blue[0] < 60


def test_a_cmyk_jpeg_goes_into_a_cmyk_pdf_untouched(tmp_path, small_edition):
    edition = small_edition
    data = encode(Image.new("CMYK", (120, 80), (0, 255, 255, 0)), "JPEG")
    asset = read_image(data, label="press.jpg")
    edit, _ = new_photo_frame(edition, asset, edition.pages[0].id, 400, 700, width=120)
    edit.apply(edition)
    out = tmp_path / "cmyk.pdf"
    export_pdf(edition, out, PdfOptions(colour="cmyk", marks=False))
    with pikepdf.open(out) as pdf:
        images = [obj for obj in pdf.objects if isinstance(obj, pikepdf.Stream) and obj.get("/Subtype") == "/Image"]
        assert any(obj.get("/ColorSpace") == "/DeviceCMYK" and obj.read_raw_bytes() == data for obj in images)
