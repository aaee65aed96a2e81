"""Screen = print: the Qt renderer's image of the sample page and the exported PDF rendered
to pixels (pypdfium2), both at 150 dpi, agree word by word: every word's ink box within 1 px.

Words are measured in two passes, every other word in each, so that a neighbour's overhang (an
italic f's tail, a full stop a tight space away) never falls inside the word being measured.
On failure a diff image marking the words that disagree is written next to the test's files."""

import dataclasses
import io
from pathlib import Path

import pypdfium2 as pdfium
import pytest
from PIL import Image, ImageChops, ImageDraw

from epaperdesk.export import PdfOptions
from epaperdesk.export.finish import finish_pdf
from epaperdesk.export.print_pdf import render_document
from epaperdesk.io.epd import load_edition
from epaperdesk.typeset.displaylist import GlyphRun
from epaperdesk.typeset.fonts import read_metrics
from epaperdesk.typeset.layout import Typesetter

DPI = 150
SCALE = DPI / 72.0


def qimage_to_pil(image) -> Image.Image:
    from PySide6.QtCore import QBuffer, QIODevice

    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    return Image.open(io.BytesIO(bytes(buffer.data()))).convert("RGB")


def ink_box(image: Image.Image, box: tuple[int, int, int, int], fringe: float = 0.015):
    """The ink box (page pixels) of what differs from the region's background colour, with
    edges where the ink mass, summed column by column and row by row, passes `fringe` and
    1 - `fringe` of the whole. Measured so, the box follows the word and not its faint
    fringes, which each rasteriser (pdfium hints TrueType; Qt draws outlines) shades its own way."""
    region = image.crop(box)
    background = max(region.getcolors(region.width * region.height))[1]
    difference = ImageChops.difference(region, Image.new("RGB", region.size, background)).convert("L")
    width, height = difference.size
    values = list(difference.tobytes())  # one byte per pixel (mode L)
    total = sum(values)
    if total < 255 * 3:  # less than about three pixels of ink: nothing here
        return None
    columns = [sum(values[x::width]) for x in range(width)]
    rows = [sum(values[y * width : (y + 1) * width]) for y in range(height)]

    def edges(sums):
        running, first, last = 0, None, None
        for i, v in enumerate(sums):
            running += v
            if first is None and running > fringe * total:
                first = i
            if last is None and running >= (1 - fringe) * total:
                last = i
        return first, last + 1

    left, right = edges(columns)
    top, bottom = edges(rows)
    return left + box[0], top + box[1], right + box[0], bottom + box[1]


def render_both(edition, page, tmp_path: Path, name: str):
    """(screen, print) images of a display list at DPI, on the same pixel grid."""
    from PySide6.QtGui import QColor, QImage, QPainter

    from epaperdesk.render.qt import QtPageRenderer

    options = PdfOptions(colour="rgb", marks=False, bleed=0.0)
    raw = render_document(edition, [page], [1], options, None)
    data = finish_pdf(
        raw,
        title="test",
        moment=__import__("datetime").datetime(2026, 1, 1, tzinfo=__import__("datetime").timezone.utc),
        pdfx="none",
        profile=None,
    )
    (tmp_path / f"{name}.pdf").write_bytes(data)
    printed = pdfium.PdfDocument(data)[0].render(scale=SCALE).to_pil().convert("RGB")
    # pdfium rounds the page up to whole pixels and anchors the PDF's bottom edge there (y is
    # up in PDF): draw the screen image on the same pixel grid
    offset = printed.height - page.height * SCALE
    image = QImage(printed.width, printed.height, QImage.Format.Format_RGB32)
    image.fill(QColor("white"))
    painter = QPainter(image)
    painter.translate(0.0, offset)
    painter.scale(SCALE, SCALE)
    QtPageRenderer(edition.images).draw(painter, page)
    painter.end()
    return qimage_to_pil(image), printed, offset


@pytest.mark.usefixtures("qapp")
def test_screen_equals_print(sample_path, tmp_path):
    edition = load_edition(sample_path)
    page = Typesetter().layout(edition).pages[0]
    runs = [item for item in page.items if isinstance(item, GlyphRun)]
    others = tuple(item for item in page.items if not isinstance(item, GlyphRun))
    bad, checked, images = [], 0, []
    for parity in (0, 1):
        chosen = [run for i, run in enumerate(runs) if i % 2 == parity]
        part = dataclasses.replace(page, items=others + tuple(chosen))
        screen, printed, offset = render_both(edition, part, tmp_path, f"words-{parity}")
        images.append((screen, printed))
        width, height = printed.width, printed.height
        for run in chosen:
            if not run.text.strip():
                continue
            metrics = read_metrics(run.font)
            ascent = max(metrics.ascent, metrics.cap_height) * run.size / metrics.units_per_em
            descent = metrics.descent * run.size / metrics.units_per_em
            top, bottom = (run.baseline - ascent) * SCALE + offset, (run.baseline + descent) * SCALE + offset
            box = (
                max(0, int(run.x * SCALE) - 2),
                max(0, int(top)),
                min(width, int((run.x + run.width) * SCALE) + 3),
                min(height, int(bottom) + 1),
            )
            a, b = ink_box(screen, box), ink_box(printed, box)
            if a is None and b is None:
                continue
            checked += 1
            if a is None or b is None or max(abs(p - q) for p, q in zip(a, b)) > 1:
                bad.append((run, box, a, b, parity))
    if bad:
        for parity, (screen, printed) in enumerate(images):
            diff = ImageChops.difference(screen, printed)
            draw = ImageDraw.Draw(diff)
            for _, box, _, _, p in bad:
                if p == parity:
                    draw.rectangle(box, outline=(255, 0, 0))
            diff.save(tmp_path / f"screen-vs-print-diff-{parity}.png")
        sample = ", ".join(f"{r.text!r} screen {a} print {b}" for r, _, a, b, _ in bad[:5])
        pytest.fail(
            f"{len(bad)} of {checked} words differ by more than 1 px ({sample}); "
            f"diff images: {tmp_path}/screen-vs-print-diff-*.png"
        )
    assert checked > 2500
