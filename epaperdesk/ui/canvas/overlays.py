"""What the canvas draws over the pages, one class per layer: threads, overset markers, the
selection and its handles, the proof view's marks, the story editor's selection, snap lines,
a guide on its way out of a ruler, and the rubber band. Each layer reads the view's state and
draws in scene coordinates; none of them changes anything."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPainterPath, QPen

from epaperdesk.geometry import Rect
from epaperdesk.model.frames import ImageFrame, TextFrame
from epaperdesk.model.page import Page
from epaperdesk.typeset.displaylist import ImageItem
from epaperdesk.typeset.hittest import range_boxes
from epaperdesk.ui.canvas.scene import GUIDE_COLOUR

if TYPE_CHECKING:
    from epaperdesk.ui.canvas.view import CanvasView

SELECTION_COLOUR = QColor(20, 110, 255)
FRAME_EDGE_COLOUR = QColor(120, 130, 150, 150)
LOCKED_COLOUR = QColor(160, 160, 160)
SNAP_COLOUR = QColor(255, 0, 180)
THREAD_COLOUR = QColor(20, 110, 255, 160)
OVERSET_COLOUR = QColor(220, 0, 0)
HIGHLIGHT_COLOUR = QColor(255, 190, 0, 90)
HIGHLIGHT_CARET = QColor(230, 90, 0)
SPELLING_COLOUR = QColor(220, 0, 0)
BREAK_COLOUR = QColor(255, 120, 0)
PICTURE_BOUNDS_COLOUR = QColor(230, 140, 0)
MARK_COLOURS = {
    "delete": QColor(215, 25, 25),
    "replace": QColor(215, 25, 25),
    "insert": QColor(25, 90, 215),
    "new-paragraph": QColor(25, 90, 215),
    "query": QColor(255, 200, 0),
    "other": QColor(0, 140, 60),
}


class Overlay:
    """One layer drawn over the pages."""

    def draw(self, painter: QPainter, view: CanvasView, rect: QRectF) -> None:
        raise NotImplementedError


def scene_rect(origin: QPointF, r: Rect) -> QRectF:
    return QRectF(origin.x() + r.x, origin.y() + r.y, r.width, r.height)


class FrameEdgesOverlay(Overlay):
    """Every frame's outline in a faint line, and a cross in empty photo frames (as layout
    programs show placeholders); off in preview mode or with View → Show Frame Edges off."""

    def draw(self, painter: QPainter, view: CanvasView, rect: QRectF) -> None:
        if not view.show_frame_edges or view.preview_mode:
            return
        zoom = view.zoom
        edge = QPen(FRAME_EDGE_COLOUR, 0.8 / zoom)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        for index, page in enumerate(view.scene_.pages()):
            origin = view.scene_.page_origin(index)
            page_box = QRectF(
                origin.x() - page.bleed,
                origin.y() - page.bleed,
                page.width + 2 * page.bleed,
                page.height + 2 * page.bleed,
            )
            if not page_box.intersects(rect):
                continue
            for frame in page.frames:
                r = scene_rect(origin, frame.rect)
                if not r.intersects(rect):
                    continue
                painter.setPen(edge)
                painter.drawRect(r)
                if isinstance(frame, ImageFrame) and not frame.image:
                    painter.drawLine(r.topLeft(), r.bottomRight())
                    painter.drawLine(r.topRight(), r.bottomLeft())


class ThreadOverlay(Overlay):
    """Lines from a selected text frame to the frame its story continues in (and from the
    frame before it)."""

    def draw(self, painter: QPainter, view: CanvasView, rect: QRectF) -> None:
        if not view.show_threads or not view.selected or view.preview_mode:
            return
        zoom = view.zoom
        painter.setPen(QPen(THREAD_COLOUR, 1.5 / zoom))
        selected = set(view.selected)
        for index, page in enumerate(view.scene_.pages()):
            origin = view.scene_.page_origin(index)
            for frame in page.frames:
                if not isinstance(frame, TextFrame) or not frame.next_frame_id:
                    continue
                if frame.id not in selected and frame.next_frame_id not in selected:
                    continue
                target_index, _, target = view.frame_page(frame.next_frame_id)
                a = origin + QPointF(frame.rect.right, frame.rect.bottom)
                b = view.scene_.page_origin(target_index) + QPointF(target.rect.left, target.rect.top)
                painter.drawLine(a, b)
                painter.drawEllipse(b, 3 / zoom, 3 / zoom)


class OversetOverlay(Overlay):
    """The red plus in the corner of a frame whose story does not fit."""

    def draw(self, painter: QPainter, view: CanvasView, rect: QRectF) -> None:
        if view.preview_mode:
            return
        zoom = view.zoom
        edition = view.document.edition
        painter.setPen(QPen(OVERSET_COLOUR, 1.5 / zoom))
        size, inset = 9 / zoom, 2 / zoom
        for index, display in enumerate(view.scene_.displays()):
            if display is None:
                continue
            origin = view.scene_.page_origin(index)
            for marker in display.overset:
                try:
                    frame = edition.frame_by_id(marker.frame_id)
                except KeyError:
                    continue
                corner = origin + QPointF(frame.rect.right - size - inset, frame.rect.bottom - size - inset)
                box = QRectF(corner.x(), corner.y(), size, size)
                painter.fillRect(box, QColor("white"))
                painter.drawRect(box)
                middle = box.center()
                painter.drawLine(QPointF(middle.x(), box.top() + inset), QPointF(middle.x(), box.bottom() - inset))
                painter.drawLine(QPointF(box.left() + inset, middle.y()), QPointF(box.right() - inset, middle.y()))


class SelectionOverlay(Overlay):
    """The selected frames' outlines, column guides of text frames, handles, and in image
    mode the bounds of the picture inside its frame."""

    def draw(self, painter: QPainter, view: CanvasView, rect: QRectF) -> None:
        zoom = view.zoom
        displays = view.scene_.displays()
        for frame_id in view.selected:
            index, _, frame = view.frame_page(frame_id)
            origin = view.scene_.page_origin(index)
            colour = LOCKED_COLOUR if frame.locked else SELECTION_COLOUR
            pen = QPen(colour, 1.0 / zoom)
            if view.content_mode and isinstance(frame, ImageFrame):
                pen.setStyle(Qt.PenStyle.DashLine)
            painter.setPen(pen)
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRect(scene_rect(origin, frame.rect))
            if isinstance(frame, TextFrame) and frame.columns > 1:
                self._draw_columns(painter, origin, frame, colour, zoom)
            if len(view.selected) == 1 and not frame.locked and not view.content_mode:
                painter.setPen(QPen(SELECTION_COLOUR, 1.0 / zoom))
                painter.setBrush(QColor("white"))
                for handle in view.handle_rects(frame_id).values():
                    painter.drawRect(handle)
                painter.setBrush(Qt.BrushStyle.NoBrush)
            display = displays[index] if index < len(displays) else None
            if view.content_mode and isinstance(frame, ImageFrame) and frame.image and display is not None:
                placed = next((i for i in display.items if isinstance(i, ImageItem) and i.frame_id == frame.id), None)
                if placed is not None:
                    painter.setPen(QPen(PICTURE_BOUNDS_COLOUR, 1.0 / zoom))
                    painter.drawRect(scene_rect(origin, placed.placed))

    @staticmethod
    def _draw_columns(painter: QPainter, origin: QPointF, frame: TextFrame, colour: QColor, zoom: float) -> None:
        inner = frame.rect.inset(frame.insets.left, frame.insets.top, frame.insets.right, frame.insets.bottom)
        width = (inner.width - frame.gutter * (frame.columns - 1)) / frame.columns
        painter.setPen(QPen(QColor(colour.red(), colour.green(), colour.blue(), 90), 1.0 / zoom))
        top, bottom = origin.y() + inner.top, origin.y() + inner.bottom
        for i in range(1, frame.columns):
            x = origin.x() + inner.x + i * (width + frame.gutter)
            painter.drawLine(QPointF(x - frame.gutter, top), QPointF(x - frame.gutter, bottom))
            painter.drawLine(QPointF(x, top), QPointF(x, bottom))


class ProofOverlay(Overlay):
    """The proof view: wavy lines under unknown words, dashed boxes round bad breaks, proof
    marks for corrections with their number and note in the margin."""

    def draw(self, painter: QPainter, view: CanvasView, rect: QRectF) -> None:
        if not view.proof_view or view.scene_.masters_mode:
            return
        edition = view.document.edition
        zoom = view.zoom
        for mark in view.proof_marks:
            if mark.page_index >= len(edition.pages):
                continue
            origin = view.scene_.page_origin(mark.page_index)
            r = scene_rect(origin, mark.box)
            if mark.kind == "spelling":
                self._draw_wave(painter, r, zoom)
            elif mark.kind == "break":
                painter.setPen(QPen(BREAK_COLOUR, 1.0 / zoom, Qt.PenStyle.DashLine))
                painter.setBrush(Qt.BrushStyle.NoBrush)
                painter.drawRect(r.adjusted(-1, -0.5, 1, 0.5))
            else:
                colour = MARK_COLOURS.get(mark.kind, MARK_COLOURS["other"])
                self._draw_correction(painter, mark.kind, r, mark.box, colour, zoom)
                if mark.note:
                    page = edition.pages[mark.page_index]
                    self._draw_margin_note(painter, page, origin, r, mark.box, colour, mark.note, zoom)

    @staticmethod
    def _draw_wave(painter: QPainter, r: QRectF, zoom: float) -> None:
        path = QPainterPath()
        step = max(1.2, 2.5 / zoom)
        y = r.bottom() - step * 0.3
        x = r.left()
        path.moveTo(x, y)
        up = True
        while x < r.right():
            x = min(r.right(), x + step)
            path.lineTo(x, y - step * 0.6 if up else y)
            up = not up
        painter.setPen(QPen(SPELLING_COLOUR, 1.2 / zoom))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawPath(path)

    @staticmethod
    def _draw_correction(painter: QPainter, kind: str, r: QRectF, box: Rect, colour: QColor, zoom: float) -> None:
        painter.setPen(QPen(colour, 1.2 / zoom))
        if kind == "query":
            painter.fillRect(r, QColor(colour.red(), colour.green(), colour.blue(), 90))
        elif kind in ("delete", "replace"):
            y = r.top() + r.height() * 0.55
            painter.drawLine(QPointF(r.left(), y), QPointF(r.right(), y))
        elif box.width == 0 or kind in ("insert", "new-paragraph"):
            x = r.left() if box.width == 0 else r.right()
            tip = QPointF(x, r.bottom() - r.height() * 0.35)
            painter.drawLine(QPointF(x - r.height() * 0.2, r.bottom()), tip)
            painter.drawLine(tip, QPointF(x + r.height() * 0.2, r.bottom()))
        else:
            painter.drawLine(QPointF(r.left(), r.bottom()), QPointF(r.right(), r.bottom()))

    @staticmethod
    def _draw_margin_note(
        painter: QPainter,
        page: Page,
        origin: QPointF,
        r: QRectF,
        box: Rect,
        colour: QColor,
        note: str,
        zoom: float,
    ) -> None:
        """A correction's number tagged at the mark, its words in the nearer page margin."""
        tag, _, text = note.partition(": ")
        font = painter.font()
        font.setPointSizeF(4.5)
        painter.setFont(font)
        tag_rect = QRectF(r.left() - 1, r.top() - 5.5, 4.0 + 2.6 * len(tag), 5.0)
        painter.fillRect(tag_rect, QColor(colour.red(), colour.green(), colour.blue(), 190))
        painter.setPen(QPen(QColor("white")))
        painter.drawText(tag_rect, Qt.AlignmentFlag.AlignCenter, tag)
        right_side = box.x > page.width / 2
        width = (page.margins.outside if right_side else page.margins.inside) - 4
        if width < 12:
            return
        x = origin.x() + (page.width - page.margins.outside + 2 if right_side else 2)
        note_rect = QRectF(x, r.top() - 1, width, 14.0)
        painter.fillRect(note_rect, QColor(255, 255, 255, 235))
        painter.setPen(QPen(colour, 0.8 / zoom))
        painter.drawRect(note_rect)
        painter.setPen(QPen(QColor(30, 30, 30)))
        painter.drawText(note_rect.adjusted(1, 0.5, -1, 0), Qt.TextFlag.TextWordWrap, f"{tag} {text}")


class TextHighlightOverlay(Overlay):
    """The story editor's selection (or caret) where its text is set on the pages."""

    def draw(self, painter: QPainter, view: CanvasView, rect: QRectF) -> None:
        if view.text_highlight is None:
            return
        story_id, start, end = view.text_highlight
        for index, display in enumerate(view.scene_.displays()):
            if display is None:
                continue
            origin = view.scene_.page_origin(index)
            for box in range_boxes(display, story_id, start, end):
                r = scene_rect(origin, box)
                if box.width == 0:
                    painter.setPen(QPen(HIGHLIGHT_CARET, 1.5 / view.zoom))
                    painter.drawLine(r.topLeft(), r.bottomLeft())
                else:
                    painter.fillRect(r, HIGHLIGHT_COLOUR)


class SnapOverlay(Overlay):
    """The lines an edge snapped to during a drag."""

    def draw(self, painter: QPainter, view: CanvasView, rect: QRectF) -> None:
        painter.setPen(QPen(SNAP_COLOUR, 1.0 / view.zoom))
        pages = view.scene_.pages()
        for orientation, value, index in view.snap_lines:
            origin = view.scene_.page_origin(index)
            page = pages[index]
            if orientation == "v":
                x = origin.x() + value
                painter.drawLine(QPointF(x, origin.y() - 20), QPointF(x, origin.y() + page.height + 20))
            else:
                y = origin.y() + value
                painter.drawLine(QPointF(origin.x() - 20, y), QPointF(origin.x() + page.width + 20, y))


class GuidePreviewOverlay(Overlay):
    """A guide being dragged out of a ruler."""

    def draw(self, painter: QPainter, view: CanvasView, rect: QRectF) -> None:
        if view.guide_preview is None:
            return
        orientation, point = view.guide_preview
        pen = QPen(GUIDE_COLOUR, 1.0 / view.zoom)
        pen.setStyle(Qt.PenStyle.DashLine)
        painter.setPen(pen)
        if orientation == "v":
            painter.drawLine(QPointF(point.x(), rect.top()), QPointF(point.x(), rect.bottom()))
        else:
            painter.drawLine(QPointF(rect.left(), point.y()), QPointF(rect.right(), point.y()))


class RubberBandOverlay(Overlay):
    """The band of a rubber-band selection or of a frame being drawn."""

    def draw(self, painter: QPainter, view: CanvasView, rect: QRectF) -> None:
        if view.rubber_band is None:
            return
        pen = QPen(SELECTION_COLOUR, 1.0 / view.zoom)
        pen.setStyle(Qt.PenStyle.DashLine)
        painter.setPen(pen)
        painter.setBrush(QColor(20, 110, 255, 30))
        painter.drawRect(view.rubber_band)
        painter.setBrush(Qt.BrushStyle.NoBrush)


def default_overlays() -> list[Overlay]:
    """The layers, bottom to top."""
    return [
        FrameEdgesOverlay(),
        ThreadOverlay(),
        OversetOverlay(),
        SelectionOverlay(),
        ProofOverlay(),
        TextHighlightOverlay(),
        SnapOverlay(),
        GuidePreviewOverlay(),
        RubberBandOverlay(),
    ]
