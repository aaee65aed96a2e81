"""Draw a display list with QtGui. Only draws: glyphs come from the very font files the
typesetter measured (QRawFont, no hinting), at the positions the display list gives, with
no kerning and no shaping, so the screen shows what the PDF prints."""

from __future__ import annotations

import math
from collections import OrderedDict
from pathlib import Path

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QFont, QGlyphRun, QImage, QPainter, QPainterPath, QPen, QRawFont

from epaperdesk.model.edition import ImageAsset
from epaperdesk.model.styles import Swatch
from epaperdesk.render.proxy import PROXY_MAX_PIXELS, proxy_bytes
from epaperdesk.typeset.displaylist import BoxItem, GlyphRun, ImageItem, PageDisplayList, RuleItem
from epaperdesk.typeset.fonts import read_metrics

# Qt's glyph cache snaps glyphs to whole pixels vertically (and draws nothing above about 64
# device pixels), so text is drawn as the glyphs' outlines: the same shapes at the exact
# fractional positions the PDF has. Below this size on screen (type too small to read, as in
# a whole broadsheet page in a window) the glyph cache is used, for speed.
SMALLEST_OUTLINED_GLYPH = 9.0
LINE_CACHE_BYTES = 48 * 1024 * 1024  # rasterised lines kept, least recently drawn dropped first


def swatch_colour(swatch: Swatch | None, tint: float = 100.0) -> QColor:
    """The screen preview of a swatch at a tint (over white paper)."""
    if swatch is None:
        return QColor(0, 0, 0, 0)
    t = tint / 100.0
    r, g, b = (int(swatch.rgb[i : i + 2], 16) for i in (1, 3, 5))
    return QColor(round(255 - t * (255 - r)), round(255 - t * (255 - g)), round(255 - t * (255 - b)))


class QtPageRenderer:
    """Draws display lists with a QPainter in page points (the caller sets the transform).
    Keeps caches: raw fonts per (file, size), a glyph run per display-list run, image proxies."""

    def __init__(self, images: dict[str, ImageAsset] | None = None) -> None:
        self.images = images or {}
        self._fonts: dict[tuple[Path, float], QRawFont] = {}
        self._runs: dict[GlyphRun, QGlyphRun] = {}
        self._paths: dict[GlyphRun, QPainterPath] = {}
        self._lines: OrderedDict[tuple, tuple[tuple, QImage]] = OrderedDict()
        self._line_bytes = 0
        self._proxies: dict[str, QImage | None] = {}

    def set_images(self, images: dict[str, ImageAsset]) -> None:
        self.images = images

    def _raw_font(self, path: Path, size: float) -> QRawFont:
        key = (path, size)
        font = self._fonts.get(key)
        if font is None:
            font = QRawFont(str(path), size, QFont.HintingPreference.PreferNoHinting)
            self._fonts[key] = font
        return font

    def glyph_run(self, run: GlyphRun) -> QGlyphRun:
        """The Qt glyph run of a display-list run, positioned from the font file's advances
        (cached: a run is immutable)."""
        found = self._runs.get(run)
        if found is None:
            if len(self._runs) > 20_000:
                self._runs.clear()
            raw = self._raw_font(run.font, run.size)
            metrics = read_metrics(run.font)
            unit = run.size / metrics.units_per_em
            spacing = run.letter_spacing / run.h_scale  # positions are in the horizontally scaled space
            positions, x = [], 0.0
            advances, missing = metrics.advances, metrics.missing_advance
            for char in run.text:
                positions.append(QPointF(x, 0.0))
                x += advances.get(ord(char), missing) * unit + spacing
            found = QGlyphRun()
            found.setRawFont(raw)
            found.setGlyphIndexes(raw.glyphIndexesForString(run.text))
            found.setPositions(positions)
            self._runs[run] = found
        return found

    def glyph_path(self, run: GlyphRun) -> QPainterPath:
        """The outlines of a run at its positions (for type too large for the glyph cache)."""
        found = self._paths.get(run)
        if found is None:
            glyphs = self.glyph_run(run)
            raw = glyphs.rawFont()
            found = QPainterPath()
            for index, position in zip(glyphs.glyphIndexes(), glyphs.positions()):
                found.addPath(raw.pathForGlyph(index).translated(position))
            if len(self._paths) > 20_000:
                self._paths.clear()
            self._paths[run] = found
        return found

    def _fill_run(self, painter: QPainter, run: GlyphRun) -> None:
        painter.save()
        painter.translate(run.x, run.baseline)
        painter.scale(run.h_scale, 1.0)
        painter.fillPath(self.glyph_path(run), swatch_colour(run.color))
        painter.restore()

    def _draw_cached_glyphs(self, painter: QPainter, run: GlyphRun) -> None:
        painter.setPen(swatch_colour(run.color))
        if run.h_scale == 1.0:
            painter.drawGlyphRun(QPointF(run.x, run.baseline), self.glyph_run(run))
            return
        painter.save()
        painter.translate(run.x, run.baseline)
        painter.scale(run.h_scale, 1.0)
        painter.drawGlyphRun(QPointF(0.0, 0.0), self.glyph_run(run))
        painter.restore()

    def _draw_line_image(self, painter: QPainter, device, line: tuple) -> None:
        """A line of type rasterised once from its outlines at this scale and sub-pixel offset,
        then copied: repaints cost a blit, and a reflow re-rasterises only the lines it changed."""
        first, last = line[0], line[-1]
        size = max(run.size for run in line)
        x0 = first.x - size * 0.5
        x1 = last.x + last.width + size * 0.6
        y0, y1 = first.baseline - size * 1.15, first.baseline + size * 0.45
        sx, sy = device.m11(), device.m22()
        dx, dy = device.map(x0, y0)
        ix, iy = math.floor(dx), math.floor(dy)
        fx, fy = round(dx - ix, 3), round(dy - iy, 3)
        # keyed by what the line looks like, not where it is: a line that reflow only moved
        # (to the next baseline, the next column) is blitted again, not re-rasterised
        key = (
            tuple(
                (round(run.x - first.x, 3), run.text, run.font, run.size, run.letter_spacing, run.h_scale, run.color)
                for run in line
            ),
            round(sx, 6),
            round(sy, 6),
            fx,
            fy,
        )
        cached = self._lines.get(key)
        if cached is not None:
            self._lines.move_to_end(key)
        else:
            width = max(1, math.ceil((x1 - x0) * abs(sx)) + 2)
            height = max(1, math.ceil((y1 - y0) * abs(sy)) + 2)
            image = QImage(width, height, QImage.Format.Format_ARGB32_Premultiplied)
            image.fill(0)
            line_painter = QPainter(image)
            line_painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
            line_painter.translate(fx, fy)
            line_painter.scale(sx, sy)
            line_painter.translate(-x0, -y0)
            for run in line:
                self._fill_run(line_painter, run)
            line_painter.end()
            cached = self._lines[key] = (key, image)
            self._line_bytes += image.sizeInBytes()
            while self._line_bytes > LINE_CACHE_BYTES and len(self._lines) > 1:
                self._drop_line(next(iter(self._lines)))
        painter.save()
        painter.resetTransform()
        painter.drawImage(ix, iy, cached[1])
        painter.restore()

    def _drop_line(self, key: tuple) -> None:
        _, image = self._lines.pop(key)
        self._line_bytes -= image.sizeInBytes()

    def proxy(self, name: str) -> QImage | None:
        """A decoded, screen-sized copy of an image (cached)."""
        if name not in self._proxies:
            asset = self.images.get(name)
            image = None
            if asset is not None:
                data = proxy_bytes(asset, PROXY_MAX_PIXELS)
                image = QImage.fromData(data) if data else None
                if image is not None and image.isNull():
                    image = None
            self._proxies[name] = image
        return self._proxies[name]

    def draw(self, painter: QPainter, page: PageDisplayList, clip: QRectF | None = None) -> None:
        """Draw the page's items (not the paper) in page points; `clip` (page points) skips
        what lies outside it."""
        self.draw_items(painter, page.items, clip)

    @staticmethod
    def _draw_box(painter: QPainter, item: BoxItem) -> None:
        r = item.rect
        rect = QRectF(r.x, r.y, r.width, r.height)
        if item.fill is not None:
            painter.fillRect(rect, swatch_colour(item.fill, item.tint))
        if item.stroke is not None and item.stroke_weight > 0:
            painter.setPen(QPen(swatch_colour(item.stroke), item.stroke_weight))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRect(rect)

    @staticmethod
    def _draw_rule(painter: QPainter, item: RuleItem) -> None:
        pen = QPen(swatch_colour(item.color, item.tint), item.weight)
        pen.setCapStyle(Qt.PenCapStyle.RoundCap if item.round_cap else Qt.PenCapStyle.FlatCap)
        if item.dash:  # Qt's dash lengths are in pen widths, the display list's in points
            pen.setDashPattern([max(length / item.weight, 1e-3) for length in item.dash])
        painter.setPen(pen)
        painter.drawLine(QPointF(item.x1, item.y1), QPointF(item.x2, item.y2))

    def _draw_image(self, painter: QPainter, item: ImageItem) -> None:
        image = self.proxy(item.image)
        if image is None:
            return
        painter.save()
        c, p = item.clip, item.placed
        painter.setClipRect(QRectF(c.x, c.y, c.width, c.height), Qt.ClipOperation.IntersectClip)
        painter.drawImage(QRectF(p.x, p.y, p.width, p.height), image)
        painter.restore()

    def draw_items(self, painter: QPainter, items, clip: QRectF | None = None) -> None:
        """Draw display-list items in page points (the canvas draws one frame's at a time)."""
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        painter.setRenderHint(QPainter.RenderHint.TextAntialiasing, True)
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform, True)
        device = painter.deviceTransform()
        device_scale = abs(device.m22()) or 1.0
        axis_aligned = device.m12() == 0.0 and device.m21() == 0.0
        index, count = 0, len(items)
        while index < count:
            item = items[index]
            if isinstance(item, GlyphRun):
                # the runs of one line follow each other in the display list
                end = index + 1
                while (
                    end < count
                    and isinstance(items[end], GlyphRun)
                    and items[end].baseline == item.baseline
                    and items[end].frame_id == item.frame_id
                ):
                    end += 1
                line = items[index:end]
                index = end
                if clip is not None and not (clip.top() - item.size <= item.baseline <= clip.bottom() + item.size):
                    continue
                if item.size * device_scale >= SMALLEST_OUTLINED_GLYPH:
                    if axis_aligned:
                        self._draw_line_image(painter, device, line)
                    else:
                        for run in line:
                            self._fill_run(painter, run)
                else:
                    for run in line:
                        self._draw_cached_glyphs(painter, run)
                continue
            index += 1
            if isinstance(item, BoxItem):
                self._draw_box(painter, item)
            elif isinstance(item, RuleItem):
                self._draw_rule(painter, item)
            elif isinstance(item, ImageItem):
                self._draw_image(painter, item)
        painter.setBrush(QBrush())
