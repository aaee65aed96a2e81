"""Printer's marks drawn by us outside the bleed: crop marks, registration marks and an
information line, all in the registration colour (/Separation /All)."""

from __future__ import annotations

from reportlab.pdfgen.canvas import Canvas

from epaperdesk.render.pdf import font_name, registration_colour
from epaperdesk.typeset.fonts import find_face

MARK_WEIGHT = 0.25
MARK_GAP = 3.0  # between the bleed edge and a mark


def draw_marks(canvas: Canvas, trim: tuple[float, float, float, float], bleed: float, slug: float, info: str) -> None:
    """Marks around the trim box (x, y, width, height in PDF points, y up)."""
    x, y, w, h = trim
    offset = bleed + MARK_GAP
    length = max(6.0, min(18.0, slug - MARK_GAP - 2.0))
    colour = registration_colour()
    canvas.saveState()
    canvas.setStrokeColor(colour)
    canvas.setFillColor(colour)
    canvas.setLineWidth(MARK_WEIGHT)
    for cx, sx in ((x, -1), (x + w, 1)):
        for cy, sy in ((y, -1), (y + h, 1)):
            canvas.line(cx + sx * offset, cy, cx + sx * (offset + length), cy)  # horizontal
            canvas.line(cx, cy + sy * offset, cx, cy + sy * (offset + length))  # vertical
    radius = min(5.0, length / 3)
    centre = offset + length / 2
    for mx, my in (
        (x + w / 2, y + h + centre),
        (x + w / 2, y - centre),
        (x - centre, y + h / 2),
        (x + w + centre, y + h / 2),
    ):
        canvas.circle(mx, my, radius, stroke=1, fill=0)
        canvas.line(mx - length / 2, my, mx + length / 2, my)
        canvas.line(mx, my - length / 2, mx, my + length / 2)
    if info:
        text = canvas.beginText()
        text.setFont(font_name(find_face("Source Sans Pro", 400, False).path), 6.0)
        text.setTextOrigin(x, y - offset - length + 1.0)
        text.textOut(info)
        canvas.drawText(text)
    canvas.restoreState()
