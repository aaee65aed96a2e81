"""Draw a display list with QtGui. Only draws: glyphs come from the very font files the
typesetter measured (QRawFont, no hinting), at the positions the display list gives, with
no kerning and no shaping, so the screen shows what the PDF prints."""

from __future__ import annotations

import io
from pathlib import Path

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QFont, QGlyphRun, QImage, QPainter, QPainterPath, QPen, QRawFont

from epaperdesk.model.edition import ImageAsset
from epaperdesk.model.styles import Swatch
from epaperdesk.typeset.displaylist import BoxItem, GlyphRun, ImageItem, PageDisplayList, RuleItem
from epaperdesk.typeset.fonts import read_metrics

PROXY_MAX_PIXELS = 2000  # image frames draw a screen-resolution proxy, never the original
# Qt's glyph cache snaps glyphs to whole pixels vertically (and draws nothing above about 64
# device pixels), so text is drawn as the glyphs' outlines: the same shapes at the exact
# fractional positions the PDF has. Below this size (type too small to read) the glyph cache
# is used, for speed.
SMALLEST_OUTLINED_GLYPH = 4.0


def swatch_colour(swatch: Swatch | None, tint: float = 100.0) -> QColor:
    """The screen preview of a swatch at a tint (over white paper)."""
    if swatch is None:
        return QColor(0, 0, 0, 0)
    t = tint / 100.0
    r, g, b = (int(swatch.rgb[i:i + 2], 16) for i in (1, 3, 5))
    return QColor(round(255 - t * (255 - r)), round(255 - t * (255 - g)), round(255 - t * (255 - b)))


class QtPageRenderer:
    """Draws display lists with a QPainter in page points (the caller sets the transform).
    Keeps caches: raw fonts per (file, size), a glyph run per display-list run, image proxies."""

    def __init__(self, images: dict[str, ImageAsset] | None = None) -> None:
        self.images = images or {}
        self._fonts: dict[tuple[Path, float], QRawFont] = {}
        self._runs: dict[GlyphRun, QGlyphRun] = {}
        self._paths: dict[GlyphRun, QPainterPath] = {}
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
            if len(self._runs) > 100_000:
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
            self._paths[run] = found
        return found

    def proxy(self, name: str) -> QImage | None:
        """A decoded, screen-sized copy of an image (cached)."""
        if name not in self._proxies:
            asset = self.images.get(name)
            image = None
            if asset is not None:
                image = QImage.fromData(asset.data)
                if image.isNull():
                    image = None
                elif max(image.width(), image.height()) > PROXY_MAX_PIXELS:
                    image = image.scaled(PROXY_MAX_PIXELS, PROXY_MAX_PIXELS, Qt.AspectRatioMode.KeepAspectRatio,
                                         Qt.TransformationMode.SmoothTransformation)
            self._proxies[name] = image
        return self._proxies[name]

    def draw(self, painter: QPainter, page: PageDisplayList, clip: QRectF | None = None) -> None:
        """Draw the page's items (not the paper) in page points; `clip` (page points) skips
        what lies outside it."""
        self.draw_items(painter, page.items, clip)

    def draw_items(self, painter: QPainter, items, clip: QRectF | None = None) -> None:
        """Draw display-list items in page points (the canvas draws one frame's at a time)."""
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        painter.setRenderHint(QPainter.RenderHint.TextAntialiasing, True)
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform, True)
        device_scale = abs(painter.worldTransform().m22()) or 1.0
        for item in items:
            if isinstance(item, GlyphRun):
                if clip is not None and not (clip.top() - item.size <= item.baseline <= clip.bottom() + item.size):
                    continue
                colour = swatch_colour(item.color)
                if item.size * device_scale >= SMALLEST_OUTLINED_GLYPH:
                    painter.save()
                    painter.translate(item.x, item.baseline)
                    painter.scale(item.h_scale, 1.0)
                    painter.fillPath(self.glyph_path(item), colour)
                    painter.restore()
                    continue
                painter.setPen(colour)
                if item.h_scale == 1.0:
                    painter.drawGlyphRun(QPointF(item.x, item.baseline), self.glyph_run(item))
                else:
                    painter.save()
                    painter.translate(item.x, item.baseline)
                    painter.scale(item.h_scale, 1.0)
                    painter.drawGlyphRun(QPointF(0.0, 0.0), self.glyph_run(item))
                    painter.restore()
            elif isinstance(item, BoxItem):
                r = item.rect
                rect = QRectF(r.x, r.y, r.width, r.height)
                if item.fill is not None:
                    painter.fillRect(rect, swatch_colour(item.fill, item.tint))
                if item.stroke is not None and item.stroke_weight > 0:
                    painter.setPen(QPen(swatch_colour(item.stroke), item.stroke_weight))
                    painter.setBrush(Qt.BrushStyle.NoBrush)
                    painter.drawRect(rect)
            elif isinstance(item, RuleItem):
                pen = QPen(swatch_colour(item.color, item.tint), item.weight)
                pen.setCapStyle(Qt.PenCapStyle.FlatCap)
                painter.setPen(pen)
                painter.drawLine(QPointF(item.x1, item.y1), QPointF(item.x2, item.y2))
            elif isinstance(item, ImageItem):
                image = self.proxy(item.image)
                if image is None:
                    continue
                painter.save()
                c, p = item.clip, item.placed
                painter.setClipRect(QRectF(c.x, c.y, c.width, c.height), Qt.ClipOperation.IntersectClip)
                painter.drawImage(QRectF(p.x, p.y, p.width, p.height), image)
                painter.restore()
        painter.setBrush(QBrush())


def render_page_image(page: PageDisplayList, images: dict[str, ImageAsset], dpi: float,
                      renderer: QtPageRenderer | None = None) -> QImage:
    """The page (trim size) as an image at `dpi`, on white paper: for tests and thumbnails."""
    scale = dpi / 72.0
    image = QImage(round(page.width * scale), round(page.height * scale), QImage.Format.Format_RGB32)
    image.fill(QColor("white"))
    painter = QPainter(image)
    painter.scale(scale, scale)
    (renderer or QtPageRenderer(images)).draw(painter, page)
    painter.end()
    return image
