"""The page canvas: a QGraphicsScene that follows the document's layout, and the view in
which frames are selected, moved, resized, snapped and nudged.

The scene is a view of the model, never its source: every gesture becomes model edits (one
undoable step per gesture) and the scene redraws from the new display lists. Each frame's
content is its own cached item, so a reflow repaints only the frames whose content changed.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, replace

from PySide6.QtCore import QPointF, QRectF, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QKeySequence, QPainter, QPainterPath, QPen, QTransform
from PySide6.QtWidgets import QGraphicsItem, QGraphicsScene, QGraphicsView

from epaperdesk.geometry import Rect
from epaperdesk.model.edits import (
    AddFrame,
    CompositeEdit,
    EditError,
    ReorderFrame,
    SetFrameProperty,
    SetFrameRect,
    SetGuides,
    link_frames,
    remove_frame,
    unlink_frames,
)
from epaperdesk.model.frames import Frame, ImageFrame, TextFrame
from epaperdesk.model.page import Page
from epaperdesk.model.photos import followers
from epaperdesk.render.qt import QtPageRenderer
from epaperdesk.typeset.displaylist import GlyphRun, ImageItem
from epaperdesk.typeset.hittest import position_at, range_boxes
from epaperdesk.ui.document import Document, combine
from epaperdesk.ui.snapping import snap_edges, snap_move

PAGE_GAP = 48.0  # points between pages on the canvas
HANDLE = 7.0  # handle size in screen pixels
SNAP_PIXELS = 6.0  # snapping distance in screen pixels
MIN_FRAME = 6.0  # points
HANDLES = ("tl", "t", "tr", "r", "br", "b", "bl", "l")

PAPER = QColor("white")
MARGIN_COLOUR = QColor(214, 0, 147, 140)
COLUMN_COLOUR = QColor(120, 80, 220, 90)
BLEED_COLOUR = QColor(220, 40, 40, 160)
GUIDE_COLOUR = QColor(0, 170, 220)
SELECTION_COLOUR = QColor(20, 110, 255)
SNAP_COLOUR = QColor(255, 0, 180)
THREAD_COLOUR = QColor(20, 110, 255, 160)
OVERSET_COLOUR = QColor(220, 0, 0)
HIGHLIGHT_COLOUR = QColor(255, 190, 0, 90)
SPELLING_COLOUR = QColor(220, 0, 0)
BREAK_COLOUR = QColor(255, 120, 0)
MARK_COLOURS = {
    "delete": QColor(215, 25, 25),
    "replace": QColor(215, 25, 25),
    "insert": QColor(25, 90, 215),
    "new-paragraph": QColor(25, 90, 215),
    "query": QColor(255, 200, 0),
    "other": QColor(0, 140, 60),
}
HIGHLIGHT_CARET = QColor(230, 90, 0)


class FrameContent(QGraphicsItem):
    """The display-list items of one frame, drawn by the Qt renderer and cached as pixels
    until they change."""

    def __init__(self, renderer: QtPageRenderer, items: tuple, bounds: QRectF) -> None:
        super().__init__()
        self.renderer = renderer
        self.items = items
        self._bounds = bounds
        self.frame_rect = None  # the frame's rectangle the bounds were computed for
        self.setCacheMode(QGraphicsItem.CacheMode.DeviceCoordinateCache)
        self.setAcceptedMouseButtons(Qt.MouseButton.NoButton)

    def set_items(self, items: tuple, bounds: QRectF) -> None:
        if items == self.items and bounds == self._bounds:
            return
        if bounds != self._bounds:
            self.prepareGeometryChange()
            self._bounds = bounds
        self.items = items
        self.update()

    def boundingRect(self) -> QRectF:
        return self._bounds

    def paint(self, painter: QPainter, option, widget=None) -> None:
        self.renderer.draw_items(painter, self.items)


class PageBackground(QGraphicsItem):
    """Paper, bleed line, margins, column guides and ruler guides of one page."""

    def __init__(self, page: Page) -> None:
        super().__init__()
        self.page = page
        self._drawn = self._looks(page)
        self.setAcceptedMouseButtons(Qt.MouseButton.NoButton)
        self.setZValue(-1)

    @staticmethod
    def _looks(page: Page) -> tuple:
        """Everything this item draws, to repaint only when it changed (not on every reflow)."""
        return (page.width, page.height, page.bleed, page.margins, page.grid, tuple(page.guides))

    def set_page(self, page: Page) -> None:
        looks = self._looks(page)
        if page is self.page and looks == self._drawn:
            return
        self.prepareGeometryChange()
        self.page, self._drawn = page, looks
        self.update()

    def boundingRect(self) -> QRectF:
        b = self.page.bleed + 2
        return QRectF(-b, -b, self.page.width + 2 * b, self.page.height + 2 * b)

    def paint(self, painter: QPainter, option, widget=None) -> None:
        page = self.page
        painter.fillRect(QRectF(0, 0, page.width, page.height), PAPER)
        cosmetic = QPen(BLEED_COLOUR, 0)
        cosmetic.setStyle(Qt.PenStyle.DashLine)
        painter.setPen(cosmetic)
        b = page.bleed
        painter.drawRect(QRectF(-b, -b, page.width + 2 * b, page.height + 2 * b))
        painter.setPen(QPen(MARGIN_COLOUR, 0))
        m = page.margins
        painter.drawRect(QRectF(m.inside, m.top, page.width - m.inside - m.outside, page.height - m.top - m.bottom))
        painter.setPen(QPen(COLUMN_COLOUR, 0))
        for left, right in page.column_positions():
            painter.drawLine(QPointF(left, m.top), QPointF(left, page.height - m.bottom))
            painter.drawLine(QPointF(right, m.top), QPointF(right, page.height - m.bottom))
        painter.setPen(QPen(GUIDE_COLOUR, 0))
        for guide in page.guides:
            if guide.orientation == "v":
                painter.drawLine(QPointF(guide.position, -b), QPointF(guide.position, page.height + b))
            else:
                painter.drawLine(QPointF(-b, guide.position), QPointF(page.width + b, guide.position))


def _bounds(frame: Frame, items: tuple) -> QRectF:
    """Where a frame's content can draw: its rectangle, widened for overhanging type and
    images placed beyond the frame (clipped to it anyway)."""
    left, top, right, bottom = frame.rect.left, frame.rect.top, frame.rect.right, frame.rect.bottom
    for item in items:
        if isinstance(item, GlyphRun):
            size = item.size
            left = min(left, item.x - size)
            right = max(right, item.x + item.width + size)
            top = min(top, item.baseline - size * 1.2)
            bottom = max(bottom, item.baseline + size * 0.4)
    return QRectF(left - 4, top - 4, right - left + 8, bottom - top + 8)


class CanvasScene(QGraphicsScene):
    """Pages one below the other; each page a background item and one content item per frame."""

    def __init__(self, document: Document) -> None:
        super().__init__()
        self.document = document
        self.renderer = QtPageRenderer(document.edition.images)
        self._backgrounds: dict[str, PageBackground] = {}
        self._contents: dict[str, FrameContent] = {}
        self.masters_mode = False  # showing the master pages for editing
        self.setBackgroundBrush(QBrush(QColor(96, 99, 104)))
        self.sync()
        document.layout_changed.connect(self.sync)

    def pages(self) -> list[Page]:
        """The pages shown: the edition's, or its master pages while they are edited."""
        return self.document.edition.masters if self.masters_mode else self.document.edition.pages

    def displays(self) -> list:
        layout = self.document.layout
        return layout.masters if self.masters_mode else layout.pages

    def set_masters_mode(self, on: bool) -> None:
        if on != self.masters_mode:
            self.masters_mode = on
            for item in list(self._backgrounds.values()) + list(self._contents.values()):
                self.removeItem(item)
            self._backgrounds.clear()
            self._contents.clear()
            self.sync()

    def page_origin(self, index: int) -> QPointF:
        y = sum(p.height + PAGE_GAP for p in self.pages()[:index])
        return QPointF(0.0, y)

    def page_rect(self, index: int) -> QRectF:
        page = self.pages()[index]
        origin = self.page_origin(index)
        return QRectF(origin.x(), origin.y(), page.width, page.height)

    def page_at(self, point: QPointF) -> int | None:
        for index, page in enumerate(self.pages()):
            rect = self.page_rect(index).adjusted(-page.bleed - 40, -PAGE_GAP / 2, page.bleed + 40, PAGE_GAP / 2)
            if rect.contains(point):
                return index
        return None

    def sync(self) -> None:
        """Bring the items in line with the document's edition and layout."""
        edition = self.document.edition
        displays = self.displays()
        self.renderer.set_images(edition.images)
        live_pages, live_frames = set(), set()
        z = 0.0
        pages = self.pages()
        for index, page in enumerate(pages):
            live_pages.add(page.id)
            origin = self.page_origin(index)
            background = self._backgrounds.get(page.id)
            if background is None:
                background = self._backgrounds[page.id] = PageBackground(page)
                self.addItem(background)
            else:
                background.set_page(page)
            background.setPos(origin)
            display = displays[index] if index < len(displays) else None
            by_frame: dict[str, list] = {}
            if display is not None:
                for item in display.items:
                    by_frame.setdefault(item.frame_id, []).append(item)
            placed = (
                [(frame.id, frame) for frame in page.frames]
                if self.masters_mode
                else [(draw_id, frame) for draw_id, frame, _ in edition.placed_frames(page)]
            )
            for draw_id, frame in placed:
                live_frames.add(draw_id)
                items = tuple(by_frame.get(draw_id, ()))
                content = self._contents.get(draw_id)
                if content is not None and content.frame_rect == frame.rect and content.items == items:
                    content.setPos(origin)
                    z += 1.0
                    content.setZValue(z)
                    continue
                bounds = _bounds(frame, items)
                if content is None:
                    content = self._contents[draw_id] = FrameContent(self.renderer, items, bounds)
                    self.addItem(content)
                else:
                    content.set_items(items, bounds)
                content.frame_rect = frame.rect
                content.setPos(origin)
                z += 1.0
                content.setZValue(z)
        for page_id in list(self._backgrounds):
            if page_id not in live_pages:
                self.removeItem(self._backgrounds.pop(page_id))
        for frame_id in list(self._contents):
            if frame_id not in live_frames:
                self.removeItem(self._contents.pop(frame_id))
        last = len(pages) - 1
        if last >= 0:
            bottom = self.page_rect(last).bottom()
            width = max(p.width for p in pages)
            self.setSceneRect(QRectF(-200, -200, width + 400, bottom + 400))
        self.update()


@dataclass
class Gesture:
    kind: str  # "move", "resize", "pan-image", "rubber", "draw-text", "draw-image"
    press: QPointF  # scene point where it began
    page_index: int
    originals: dict[str, Rect]
    handle: str | None = None
    crop: tuple[float, float] | None = None
    guide: int | None = None  # index of a guide being dragged
    guides: tuple = ()  # the page's guides when the drag began


class CanvasView(QGraphicsView):
    """Selection and gestures on the canvas, all turned into model edits."""

    selection_changed = Signal(list)
    pointer_moved = Signal(float, float)  # page points
    zoom_changed = Signal(float)
    text_double_clicked = Signal(str, int)  # story id, position: open the story editor there
    files_dropped = Signal(list, int, float, float, str)  # paths, page index, x, y (page points), frame id or ""

    def __init__(self, document: Document, parent=None) -> None:
        self.scene_ = CanvasScene(document)
        super().__init__(self.scene_, parent)
        self.document = document
        self.selected: list[str] = []
        self.snapping = True
        self.show_threads = True
        self.tool = "select"  # "select", "text", "image", "link"
        self.content_mode = False  # inside a photo frame: drag pans, wheel scales
        self._gesture: Gesture | None = None
        self._snap_lines: tuple = ()
        self._rubber: QRectF | None = None
        self.guide_preview: tuple[str, QPointF] | None = None  # a guide being dragged from a ruler
        self.text_highlight: tuple[str, int, int] | None = None  # the story editor's selection
        self.proof_view = False  # show unknown words, corrections and bad breaks on the page
        self.proof_marks: list[tuple[int, str, Rect, str]] = []  # (page index, kind, box, margin note)
        self.setAcceptDrops(True)
        self.setRenderHints(
            QPainter.RenderHint.Antialiasing
            | QPainter.RenderHint.TextAntialiasing
            | QPainter.RenderHint.SmoothPixmapTransform
        )
        self.setDragMode(QGraphicsView.DragMode.NoDrag)
        self.setTransformationAnchor(QGraphicsView.ViewportAnchor.AnchorUnderMouse)
        self.setViewportUpdateMode(QGraphicsView.ViewportUpdateMode.SmartViewportUpdate)
        self.setMouseTracking(True)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setAccessibleName("Page canvas")
        self.setAccessibleDescription("The pages of the edition; frames can be selected, moved and resized")
        self.viewport().grabGesture(Qt.GestureType.PinchGesture)
        document.layout_changed.connect(self._layout_changed)

    # -- geometry helpers -------------------------------------------------------------------

    @property
    def zoom(self) -> float:
        return self.transform().m11()

    def set_zoom(self, factor: float) -> None:
        factor = max(0.05, min(factor, 32.0))
        self.setTransform(QTransform.fromScale(factor, factor))
        self.zoom_changed.emit(factor)

    def zoom_by(self, step: float) -> None:
        self.set_zoom(self.zoom * step)

    def fit_page(self, index: int | None = None) -> None:
        rect = self.scene_.page_rect(self.current_page() if index is None else index)
        self.fitInView(rect.adjusted(-20, -20, 20, 20), Qt.AspectRatioMode.KeepAspectRatio)
        self.zoom_changed.emit(self.zoom)

    def fit_width(self) -> None:
        rect = self.scene_.page_rect(self.current_page())
        factor = (self.viewport().width() - 30) / (rect.width() + 40)
        self.set_zoom(factor)
        self.centerOn(rect.center().x(), rect.top() + self.viewport().height() / 2 / factor - 20)

    def actual_size(self) -> None:
        self.set_zoom(self.logicalDpiX() / 72.0)

    def current_page(self) -> int:
        centre = self.mapToScene(self.viewport().rect().center())
        index = self.scene_.page_at(centre)
        if index is None:
            pages = self.scene_.pages()
            distances = [abs(self.scene_.page_rect(i).center().y() - centre.y()) for i in range(len(pages))]
            index = distances.index(min(distances)) if distances else 0
        return index

    def go_to_page(self, index: int) -> None:
        index = max(0, min(index, len(self.scene_.pages()) - 1))
        rect = self.scene_.page_rect(index)
        self.centerOn(rect.center())

    def to_page(self, scene_point: QPointF, index: int) -> QPointF:
        return scene_point - self.scene_.page_origin(index)

    def frame_page(self, frame_id: str) -> tuple[int, Page, Frame]:
        edition = self.document.edition
        page, frame = edition.find_frame(frame_id)
        pages = self.scene_.pages()
        return (pages.index(page) if page in pages else 0), page, frame

    def frame_at(self, scene_point: QPointF) -> tuple[int, Frame] | None:
        index = self.scene_.page_at(scene_point)
        if index is None:
            return None
        page = self.scene_.pages()[index]
        point = self.to_page(scene_point, index)
        for frame in reversed(page.frames):
            r = frame.rect
            slack = 3.0 / self.zoom
            if r.left - slack <= point.x() <= r.right + slack and r.top - slack <= point.y() <= r.bottom + slack:
                return index, frame
        return None

    def guide_at(self, scene_point: QPointF) -> tuple[int, int] | None:
        """(page index, guide index) of a ruler guide under the pointer."""
        index = self.scene_.page_at(scene_point)
        if index is None:
            return None
        point = self.to_page(scene_point, index)
        slack = 3.0 / self.zoom
        for number, guide in enumerate(self.scene_.pages()[index].guides):
            value = point.x() if guide.orientation == "v" else point.y()
            if abs(value - guide.position) <= slack:
                return index, number
        return None

    def handle_rects(self, frame_id: str) -> dict[str, QRectF]:
        index, _, frame = self.frame_page(frame_id)
        origin = self.scene_.page_origin(index)
        r = frame.rect
        size = HANDLE / self.zoom
        xs = {"l": r.left, "c": r.x + r.width / 2, "r": r.right}
        ys = {"t": r.top, "m": r.y + r.height / 2, "b": r.bottom}
        spots = {
            "tl": ("l", "t"),
            "t": ("c", "t"),
            "tr": ("r", "t"),
            "r": ("r", "m"),
            "br": ("r", "b"),
            "b": ("c", "b"),
            "bl": ("l", "b"),
            "l": ("l", "m"),
        }
        return {
            name: QRectF(origin.x() + xs[x] - size / 2, origin.y() + ys[y] - size / 2, size, size)
            for name, (x, y) in spots.items()
        }

    # -- selection ----------------------------------------------------------------------------

    def set_selection(self, frame_ids: list[str]) -> None:
        frames = {f.id for page in self.scene_.pages() for f in page.frames}  # what the canvas shows
        self.selected = [f for f in dict.fromkeys(frame_ids) if f in frames]
        if not self.selected:
            self.content_mode = False
        self.viewport().update()
        self.setAccessibleDescription(self._describe_selection())
        self.selection_changed.emit(list(self.selected))

    def _describe_selection(self) -> str:
        """What a screen reader says about the canvas: the selected frames."""
        if not self.selected:
            return "The pages of the edition. No frame selected; Tab selects the next frame."
        parts = []
        for frame_id in self.selected:
            _, _, frame = self.frame_page(frame_id)
            r = frame.rect
            parts.append(
                f"{frame.kind} frame {frame.id} at {r.x:.0f}, {r.y:.0f} pt, {r.width:.0f} by {r.height:.0f} pt"
                + (", locked" if frame.locked else "")
            )
        return "Selected: " + "; ".join(parts)

    def _layout_changed(self) -> None:
        self.set_selection(self.selected)

    def select_next(self, backwards: bool = False) -> None:
        """Tab through the frames of the current page."""
        page = self.scene_.pages()[self.current_page()]
        ids = [f.id for f in page.frames]
        if not ids:
            return
        current = ids.index(self.selected[-1]) if self.selected and self.selected[-1] in ids else -1
        step = -1 if backwards else 1
        self.set_selection([ids[(current + step) % len(ids)]])

    # -- mouse ------------------------------------------------------------------------------------

    def mousePressEvent(self, event) -> None:
        if event.button() != Qt.MouseButton.LeftButton:
            super().mousePressEvent(event)
            return
        point = self.mapToScene(event.position().toPoint())
        shift = bool(event.modifiers() & Qt.KeyboardModifier.ShiftModifier)
        index = self.scene_.page_at(point)
        if self.tool in ("text", "image") and index is not None:
            self._gesture = Gesture(f"draw-{self.tool}", point, index, {})
            return
        if len(self.selected) == 1 and not self.content_mode:
            for name, rect in self.handle_rects(self.selected[0]).items():
                if rect.adjusted(-2 / self.zoom, -2 / self.zoom, 2 / self.zoom, 2 / self.zoom).contains(point):
                    i, _, frame = self.frame_page(self.selected[0])
                    if not frame.locked:
                        self._gesture = Gesture("resize", point, i, {frame.id: frame.rect}, handle=name)
                    return
        guide = self.guide_at(point)
        if guide is not None and self.tool == "select":
            page_guides = tuple(self.scene_.pages()[guide[0]].guides)
            self._gesture = Gesture("guide", point, guide[0], {}, guide=guide[1], guides=page_guides)
            return
        hit = self.frame_at(point)
        if hit is None:
            if not shift:
                self.set_selection([])
            self._gesture = Gesture("rubber", point, index if index is not None else 0, {})
            self._rubber = QRectF(point, point)
            return
        page_index, frame = hit
        if self.tool == "link":
            self._link_to(frame)
            return
        if self.content_mode and self.selected == [frame.id] and isinstance(frame, ImageFrame):
            self._gesture = Gesture(
                "pan-image", point, page_index, {frame.id: frame.rect}, crop=(frame.crop_x, frame.crop_y)
            )
            return
        if shift:
            selection = (
                [f for f in self.selected if f != frame.id] if frame.id in self.selected else self.selected + [frame.id]
            )
            self.set_selection(selection)
            return
        if frame.id not in self.selected:
            self.set_selection([frame.id])
        movable = {}
        for frame_id in self.selected + followers(self.document.edition, self.selected):
            i, page, f = self.frame_page(frame_id)
            if i == page_index and not f.locked:
                movable[frame_id] = f.rect
        self._gesture = Gesture("move", point, page_index, movable)

    def mouseDoubleClickEvent(self, event) -> None:
        point = self.mapToScene(event.position().toPoint())
        hit = self.frame_at(point)
        if hit is not None and isinstance(hit[1], ImageFrame):
            self.set_selection([hit[1].id])
            self.content_mode = not self.content_mode
            self.viewport().update()
            return
        if hit is not None and isinstance(hit[1], TextFrame):
            index, frame = hit
            display = self.scene_.displays()[index]
            local = self.to_page(point, index)
            found = position_at(display, local.x(), local.y(), frame.id) if display is not None else None
            story_id = found[0] if found else self.document.edition.thread_head(frame).story_id
            if story_id is not None:
                self.set_selection([frame.id])
                self.text_double_clicked.emit(story_id, found[1] if found else -1)
            return
        super().mouseDoubleClickEvent(event)

    def set_proof_marks(self, marks: list[tuple[int, str, Rect, str]]) -> None:
        """What the proof view draws: boxes in page points by kind ("spelling", "break", or a
        correction kind), with a note for the margin on a correction's first box."""
        self.proof_marks = marks
        if self.proof_view:
            self.viewport().update()

    def set_text_highlight(self, story_id: str | None, start: int = 0, end: int = 0) -> None:
        """Show a story range (the story editor's selection or caret) on the page."""
        value = (story_id, start, end) if story_id else None
        if value != self.text_highlight:
            self.text_highlight = value
            self.viewport().update()

    def _draw_proof(self, painter: QPainter, edition) -> None:
        zoom = self.zoom
        for index, kind, box, note in self.proof_marks:
            if self.scene_.masters_mode or index >= len(edition.pages):
                continue
            origin = self.scene_.page_origin(index)
            r = QRectF(origin.x() + box.x, origin.y() + box.y, box.width, box.height)
            if kind == "spelling":
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
                continue
            if kind == "break":
                painter.setPen(QPen(BREAK_COLOUR, 1.0 / zoom, Qt.PenStyle.DashLine))
                painter.setBrush(Qt.BrushStyle.NoBrush)
                painter.drawRect(r.adjusted(-1, -0.5, 1, 0.5))
                continue
            colour = MARK_COLOURS.get(kind, MARK_COLOURS["other"])
            if kind == "query":
                painter.fillRect(r, QColor(colour.red(), colour.green(), colour.blue(), 90))
            elif kind in ("delete", "replace"):
                painter.setPen(QPen(colour, 1.2 / zoom))
                y = r.top() + r.height() * 0.55
                painter.drawLine(QPointF(r.left(), y), QPointF(r.right(), y))
            elif box.width == 0 or kind in ("insert", "new-paragraph"):
                painter.setPen(QPen(colour, 1.2 / zoom))
                x = r.left() if box.width == 0 else r.right()
                painter.drawLine(QPointF(x - r.height() * 0.2, r.bottom()), QPointF(x, r.bottom() - r.height() * 0.35))
                painter.drawLine(QPointF(x, r.bottom() - r.height() * 0.35), QPointF(x + r.height() * 0.2, r.bottom()))
            else:
                painter.setPen(QPen(colour, 1.2 / zoom))
                painter.drawLine(QPointF(r.left(), r.bottom()), QPointF(r.right(), r.bottom()))
            if note:
                self._draw_margin_note(painter, edition.pages[index], origin, r, box, colour, note)

    def _draw_margin_note(
        self, painter: QPainter, page: Page, origin: QPointF, r: QRectF, box: Rect, colour: QColor, note: str
    ) -> None:
        """A correction's number tagged at the mark, its words in the nearer page margin."""
        tag, _, text = note.partition(": ")
        font = painter.font()
        font.setPointSizeF(4.5)
        painter.setFont(font)
        metrics_width = 4.0 + 2.6 * len(tag)
        tag_rect = QRectF(r.left() - 1, r.top() - 5.5, metrics_width, 5.0)
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
        painter.setPen(QPen(colour, 0.8 / self.zoom))
        painter.drawRect(note_rect)
        painter.setPen(QPen(QColor(30, 30, 30)))
        painter.drawText(note_rect.adjusted(1, 0.5, -1, 0), Qt.TextFlag.TextWordWrap, f"{tag} {text}")

    # -- dropping files -------------------------------------------------------------------------

    def dragEnterEvent(self, event) -> None:
        if event.mimeData().hasUrls() and any(u.isLocalFile() for u in event.mimeData().urls()):
            event.acceptProposedAction()
        else:
            event.ignore()

    def dragMoveEvent(self, event) -> None:
        if event.mimeData().hasUrls():
            event.acceptProposedAction()
        else:
            event.ignore()

    def dropEvent(self, event) -> None:
        paths = [u.toLocalFile() for u in event.mimeData().urls() if u.isLocalFile()]
        point = self.mapToScene(event.position().toPoint())
        index = self.scene_.page_at(point)
        if not paths or index is None:
            event.ignore()
            return
        hit = self.frame_at(point)
        local = self.to_page(point, index)
        event.acceptProposedAction()
        self.files_dropped.emit(paths, index, local.x(), local.y(), hit[1].id if hit else "")

    def mouseMoveEvent(self, event) -> None:
        point = self.mapToScene(event.position().toPoint())
        index = self.scene_.page_at(point)
        if index is not None:
            local = self.to_page(point, index)
            self.pointer_moved.emit(local.x(), local.y())
        gesture = self._gesture
        if gesture is None:
            self._update_cursor(point)
            super().mouseMoveEvent(event)
            return
        delta = point - gesture.press
        if gesture.kind == "rubber":
            self._rubber = QRectF(gesture.press, point).normalized()
            self.viewport().update()
            return
        if gesture.kind.startswith("draw-"):
            self._rubber = QRectF(gesture.press, point).normalized()
            self.viewport().update()
            return
        edit = self._gesture_edit(gesture, delta.x(), delta.y())
        self.document.end_preview(relayout=False)
        if edit is not None:
            try:
                self.document.preview(edit)
            except EditError:
                pass
        self.viewport().update()

    def mouseReleaseEvent(self, event) -> None:
        gesture, self._gesture = self._gesture, None
        if gesture is None:
            super().mouseReleaseEvent(event)
            return
        point = self.mapToScene(event.position().toPoint())
        delta = point - gesture.press
        self._snap_lines = ()
        if gesture.kind == "rubber":
            rect, self._rubber = self._rubber, None
            if rect is not None and rect.width() > 2 and rect.height() > 2:
                self._select_in(rect, bool(event.modifiers() & Qt.KeyboardModifier.ShiftModifier))
            self.viewport().update()
            return
        if gesture.kind.startswith("draw-"):
            rect, self._rubber = self._rubber, None
            self._draw_new_frame(gesture, rect)
            return
        edit = self._gesture_edit(gesture, delta.x(), delta.y())
        self._snap_lines = ()  # the gesture is over: no snap line stays on screen
        moved = abs(delta.x()) * self.zoom > 1 or abs(delta.y()) * self.zoom > 1
        labels = {
            "move": "Move frame",
            "resize": "Resize frame",
            "pan-image": "Move image in frame",
            "guide": "Move guide",
        }
        try:
            self.document.commit_preview(edit if moved else None, labels.get(gesture.kind))
        except EditError:
            self.document.end_preview()
        self.viewport().update()

    def _gesture_edit(self, gesture: Gesture, dx: float, dy: float):
        """The edit a gesture makes for a pointer displacement (snapped)."""
        page = self.scene_.pages()[gesture.page_index]
        tolerance = SNAP_PIXELS / self.zoom
        if gesture.kind == "move":
            if not gesture.originals:
                return None
            union = None
            for rect in gesture.originals.values():
                moved = rect.moved(dx, dy)
                union = (
                    moved
                    if union is None
                    else Rect(
                        min(union.left, moved.left),
                        min(union.top, moved.top),
                        max(union.right, moved.right) - min(union.left, moved.left),
                        max(union.bottom, moved.bottom) - min(union.top, moved.top),
                    )
                )
            if self.snapping:
                snapped = snap_move(union, page, set(gesture.originals), tolerance)
                dx, dy = dx + snapped.dx, dy + snapped.dy
                self._snap_lines = tuple((o, v, gesture.page_index) for o, v in snapped.lines)
            edits = [SetFrameRect(fid, rect, rect.moved(dx, dy)) for fid, rect in gesture.originals.items()]
            return combine(edits, "Move frames")
        if gesture.kind == "resize":
            ((frame_id, rect),) = gesture.originals.items()
            h = gesture.handle
            left, top, right, bottom = rect.left, rect.top, rect.right, rect.bottom
            moving = {"left": "l" in h, "right": "r" in h, "top": h.startswith("t"), "bottom": h.startswith("b")}
            if moving["left"]:
                left += dx
            if moving["right"]:
                right += dx
            if moving["top"]:
                top += dy
            if moving["bottom"]:
                bottom += dy
            if self.snapping:
                snapped, lines = snap_edges(
                    left if moving["left"] else None,
                    top if moving["top"] else None,
                    right if moving["right"] else None,
                    bottom if moving["bottom"] else None,
                    page,
                    {frame_id},
                    tolerance,
                )
                left, top = snapped.get("left", left), snapped.get("top", top)
                right, bottom = snapped.get("right", right), snapped.get("bottom", bottom)
                self._snap_lines = tuple((o, v, gesture.page_index) for o, v in lines)
            if right - left < MIN_FRAME:
                if moving["left"]:
                    left = right - MIN_FRAME
                else:
                    right = left + MIN_FRAME
            if bottom - top < MIN_FRAME:
                if moving["top"]:
                    top = bottom - MIN_FRAME
                else:
                    bottom = top + MIN_FRAME
            return SetFrameRect(frame_id, rect, Rect(left, top, right - left, bottom - top))
        if gesture.kind == "guide":
            page_rect = self.scene_.page_rect(gesture.page_index)
            point = gesture.press + QPointF(dx, dy)
            guides = list(gesture.guides)
            old = guides[gesture.guide]
            outside = not page_rect.adjusted(-page.bleed, -page.bleed, page.bleed, page.bleed).contains(point)
            if outside:  # dragged off the page: the guide goes
                del guides[gesture.guide]
            else:
                local = self.to_page(point, gesture.page_index)
                guides[gesture.guide] = replace(
                    old, position=round(local.x() if old.orientation == "v" else local.y(), 2)
                )
            return SetGuides(page.id, gesture.guides, tuple(guides))
        if gesture.kind == "pan-image":
            ((frame_id, _),) = gesture.originals.items()
            x0, y0 = gesture.crop
            return CompositeEdit(
                (SetFrameProperty(frame_id, "crop_x", x0, x0 + dx), SetFrameProperty(frame_id, "crop_y", y0, y0 + dy)),
                "Move image in frame",
            )
        return None

    def _select_in(self, rect: QRectF, add: bool) -> None:
        chosen = list(self.selected) if add else []
        for index, page in enumerate(self.scene_.pages()):
            origin = self.scene_.page_origin(index)
            for frame in page.frames:
                r = frame.rect
                box = QRectF(origin.x() + r.x, origin.y() + r.y, r.width, r.height)
                if rect.intersects(box):
                    chosen.append(frame.id)
        self.set_selection(chosen)

    def _draw_new_frame(self, gesture: Gesture, rect: QRectF | None) -> None:
        """A new text or photo frame where the user dragged (or a default size for a click)."""
        index = gesture.page_index
        origin = self.scene_.page_origin(index)
        if rect is None or rect.width() * self.zoom < 4 or rect.height() * self.zoom < 4:
            rect = QRectF(gesture.press, gesture.press + QPointF(200, 120))
        page = self.scene_.pages()[index]
        frame_rect = Rect(rect.x() - origin.x(), rect.y() - origin.y(), rect.width(), rect.height())
        self.add_frame(page, frame_rect, self.tool)
        self.tool = "select"
        self.viewport().setCursor(Qt.CursorShape.ArrowCursor)

    def add_frame(self, page: Page, rect: Rect, kind: str) -> str:
        edition = self.document.edition
        frame_id = edition.new_id("text-" if kind == "text" else "photo-")
        frame = (
            TextFrame(frame_id, rect, columns=1, gutter=page.grid.gutter)
            if kind == "text"
            else ImageFrame(frame_id, rect)
        )
        self.document.push(
            AddFrame(page.id, len(page.frames), frame), "New text frame" if kind == "text" else "New photo frame"
        )
        self.set_selection([frame_id])
        return frame_id

    def _link_to(self, target: Frame) -> None:
        self.tool = "select"
        self.viewport().setCursor(Qt.CursorShape.ArrowCursor)
        if len(self.selected) != 1:
            return
        try:
            self.document.push(link_frames(self.document.edition, self.selected[0], target.id))
        except EditError as error:
            self.window().statusBar().showMessage(f"Cannot link: {error}", 5000)

    def _update_cursor(self, point: QPointF) -> None:
        if self.tool != "select":
            self.viewport().setCursor(Qt.CursorShape.CrossCursor)
            return
        if len(self.selected) == 1 and not self.content_mode:
            for name, rect in self.handle_rects(self.selected[0]).items():
                if rect.contains(point):
                    cursors = {
                        "tl": Qt.CursorShape.SizeFDiagCursor,
                        "br": Qt.CursorShape.SizeFDiagCursor,
                        "tr": Qt.CursorShape.SizeBDiagCursor,
                        "bl": Qt.CursorShape.SizeBDiagCursor,
                        "t": Qt.CursorShape.SizeVerCursor,
                        "b": Qt.CursorShape.SizeVerCursor,
                        "l": Qt.CursorShape.SizeHorCursor,
                        "r": Qt.CursorShape.SizeHorCursor,
                    }
                    self.viewport().setCursor(cursors[name])
                    return
        guide = self.guide_at(point)
        if guide is not None:
            orientation = self.scene_.pages()[guide[0]].guides[guide[1]].orientation
            self.viewport().setCursor(
                Qt.CursorShape.SplitHCursor if orientation == "v" else Qt.CursorShape.SplitVCursor
            )
            return
        hit = self.frame_at(point)
        if hit is not None and self.content_mode and isinstance(hit[1], ImageFrame):
            self.viewport().setCursor(Qt.CursorShape.OpenHandCursor)
        elif hit is not None and not hit[1].locked:
            self.viewport().setCursor(Qt.CursorShape.SizeAllCursor)
        else:
            self.viewport().setCursor(Qt.CursorShape.ArrowCursor)

    def wheelEvent(self, event) -> None:
        if event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            self.zoom_by(1.0 + event.angleDelta().y() / 1200.0)
            return
        if self.content_mode and len(self.selected) == 1:
            frame = self.frame_page(self.selected[0])[2]
            if isinstance(frame, ImageFrame):
                self.scale_image(1.0 + event.angleDelta().y() / 2400.0)
                return
        super().wheelEvent(event)

    def event(self, event) -> bool:
        if event.type() == event.Type.Gesture:
            pinch = event.gesture(Qt.GestureType.PinchGesture)
            if pinch is not None:
                self.zoom_by(pinch.scaleFactor())
                return True
        return super().event(event)

    # -- keyboard operations -----------------------------------------------------------------------

    def keyPressEvent(self, event) -> None:
        key = event.key()
        arrows = {Qt.Key.Key_Left: (-1, 0), Qt.Key.Key_Right: (1, 0), Qt.Key.Key_Up: (0, -1), Qt.Key.Key_Down: (0, 1)}
        if key in arrows and self.selected:
            step = 10.0 if event.modifiers() & Qt.KeyboardModifier.ShiftModifier else 1.0
            dx, dy = arrows[key]
            if event.modifiers() & Qt.KeyboardModifier.AltModifier:
                self.resize_selection(dx * step, dy * step)
            elif self.content_mode:
                self.pan_image(dx * step, dy * step)
            else:
                self.nudge(dx * step, dy * step)
            return
        if key == Qt.Key.Key_Escape:
            self.tool = "select"
            self.content_mode = False
            self.set_selection([])
            return
        if key == Qt.Key.Key_Tab:
            self.select_next()
            return
        if key == Qt.Key.Key_Backtab:
            self.select_next(backwards=True)
            return
        if event.matches(QKeySequence.StandardKey.Delete) or key == Qt.Key.Key_Backspace:
            self.delete_selection()
            return
        super().keyPressEvent(event)

    def focusNextPrevChild(self, forward: bool) -> bool:
        return False  # Tab cycles frames on the canvas

    def _frames(self) -> list[tuple[int, Page, Frame]]:
        return [self.frame_page(f) for f in self.selected]

    def nudge(self, dx: float, dy: float) -> None:
        moving = self._frames() + [self.frame_page(f) for f in followers(self.document.edition, self.selected)]
        edits = [SetFrameRect(f.id, f.rect, f.rect.moved(dx, dy)) for _, _, f in moving if not f.locked]
        edit = combine(edits, "Nudge")
        if edit is not None:
            self.document.push(edit, "Nudge")

    def resize_selection(self, dw: float, dh: float) -> None:
        edits = [
            SetFrameRect(
                f.id, f.rect, f.rect.resized(max(MIN_FRAME, f.rect.width + dw), max(MIN_FRAME, f.rect.height + dh))
            )
            for _, _, f in self._frames()
            if not f.locked
        ]
        edit = combine(edits, "Resize")
        if edit is not None:
            self.document.push(edit, "Resize frame")

    def pan_image(self, dx: float, dy: float) -> None:
        for _, _, frame in self._frames():
            if isinstance(frame, ImageFrame):
                self.document.push(
                    CompositeEdit(
                        (
                            SetFrameProperty(frame.id, "crop_x", frame.crop_x, frame.crop_x + dx),
                            SetFrameProperty(frame.id, "crop_y", frame.crop_y, frame.crop_y + dy),
                        ),
                        "Move image in frame",
                    ),
                    "Move image in frame",
                )

    def scale_image(self, factor: float) -> None:
        for _, _, frame in self._frames():
            if isinstance(frame, ImageFrame):
                self.document.push(
                    SetFrameProperty(frame.id, "scale", frame.scale, max(0.05, frame.scale * factor)),
                    "Scale image in frame",
                )

    def delete_selection(self) -> None:
        edits = []
        edition = copy.deepcopy(self.document.edition)
        for frame_id in list(self.selected) + followers(edition, self.selected):  # a photo takes its caption along
            frame = edition.frame_by_id(frame_id)
            if frame.locked:
                continue
            edit = remove_frame(edition, frame_id)
            edit.apply(edition)
            edits.append(edit)
        edit = combine(edits, "Delete frames")
        if edit is not None:
            self.document.push(edit, "Delete")
            self.set_selection([])

    def duplicate_selection(self) -> None:
        edition = self.document.edition
        new_ids, edits = [], []
        used = (
            {f.id for _, f in edition.all_frames()}
            | set(edition.stories)
            | {p.id for p in edition.pages}
            | {p.id for p in edition.masters}
        )
        for _index, page, frame in self._frames():
            n = 1
            while f"{frame.id}-copy{n}" in used:
                n += 1
            new_id = f"{frame.id}-copy{n}"
            used.add(new_id)
            clone = replace(copy.deepcopy(frame), id=new_id, rect=frame.rect.moved(12, 12), locked=False)
            if isinstance(clone, TextFrame):
                clone = replace(clone, story_id=None, next_frame_id=None)
            if isinstance(clone, ImageFrame):
                clone = replace(clone, caption_story_id=None)
            edits.append(AddFrame(page.id, len(page.frames) + len([e for e in edits if e.page_id == page.id]), clone))
            new_ids.append(new_id)
        edit = combine(edits, "Duplicate")
        if edit is not None:
            self.document.push(edit, "Duplicate")
            self.set_selection(new_ids)

    def toggle_lock(self) -> None:
        edits = [SetFrameProperty(f.id, "locked", f.locked, not f.locked) for _, _, f in self._frames()]
        edit = combine(edits, "Lock")
        if edit is not None:
            self.document.push(edit, "Lock or unlock")

    def restack(self, step: int) -> None:
        """Bring the selection forward (step 1) or send it backward (-1)."""
        for _index, page, frame in self._frames():
            position = page.frames.index(frame)
            target = max(0, min(len(page.frames) - 1, position + step))
            if target != position:
                self.document.push(ReorderFrame(page.id, position, target))

    def unlink_selection(self) -> None:
        for _, _, frame in self._frames():
            if isinstance(frame, TextFrame) and frame.next_frame_id is not None:
                self.document.push(unlink_frames(self.document.edition, frame.id))

    def link_selection(self) -> None:
        """Link the first selected text frame to the second (keyboard way of the link tool)."""
        if len(self.selected) == 2:
            try:
                self.document.push(link_frames(self.document.edition, self.selected[0], self.selected[1]))
            except EditError as error:
                self.window().statusBar().showMessage(f"Cannot link: {error}", 5000)

    # -- overlays -----------------------------------------------------------------------------------

    def drawForeground(self, painter: QPainter, rect: QRectF) -> None:
        edition = self.document.edition
        pages, displays = self.scene_.pages(), self.scene_.displays()
        zoom = self.zoom
        # threads
        if self.show_threads:
            pen = QPen(THREAD_COLOUR, 1.5 / zoom)
            painter.setPen(pen)
            for index, page in enumerate(pages):
                origin = self.scene_.page_origin(index)
                for frame in page.frames:
                    if (
                        isinstance(frame, TextFrame)
                        and frame.next_frame_id
                        and (frame.id in self.selected or frame.next_frame_id in self.selected)
                    ):
                        target_index, _, target = self.frame_page(frame.next_frame_id)
                        target_origin = self.scene_.page_origin(target_index)
                        a = origin + QPointF(frame.rect.right, frame.rect.bottom)
                        b = target_origin + QPointF(target.rect.left, target.rect.top)
                        painter.drawLine(a, b)
                        painter.drawEllipse(b, 3 / zoom, 3 / zoom)
        # overset markers
        painter.setPen(QPen(OVERSET_COLOUR, 1.5 / zoom))
        for index, display in enumerate(displays):
            if display is None:
                continue
            origin = self.scene_.page_origin(index)
            for marker in display.overset:
                size = 9 / zoom
                frame = edition.frame_by_id(marker.frame_id)
                corner = origin + QPointF(frame.rect.right - size - 2 / zoom, frame.rect.bottom - size - 2 / zoom)
                box = QRectF(corner.x(), corner.y(), size, size)
                painter.fillRect(box, QColor("white"))
                painter.drawRect(box)
                painter.drawLine(
                    QPointF(box.center().x(), box.top() + 2 / zoom), QPointF(box.center().x(), box.bottom() - 2 / zoom)
                )
                painter.drawLine(
                    QPointF(box.left() + 2 / zoom, box.center().y()), QPointF(box.right() - 2 / zoom, box.center().y())
                )
        # selection
        for frame_id in self.selected:
            index, _, frame = self.frame_page(frame_id)
            origin = self.scene_.page_origin(index)
            r = frame.rect
            colour = QColor(160, 160, 160) if frame.locked else SELECTION_COLOUR
            pen = QPen(colour, 1.0 / zoom)
            if self.content_mode and isinstance(frame, ImageFrame):
                pen.setStyle(Qt.PenStyle.DashLine)
            painter.setPen(pen)
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRect(QRectF(origin.x() + r.x, origin.y() + r.y, r.width, r.height))
            if isinstance(frame, TextFrame) and frame.columns > 1:
                inner = r.inset(frame.insets.left, frame.insets.top, frame.insets.right, frame.insets.bottom)
                width = (inner.width - frame.gutter * (frame.columns - 1)) / frame.columns
                faint = QPen(QColor(colour.red(), colour.green(), colour.blue(), 90), 1.0 / zoom)
                painter.setPen(faint)
                for i in range(1, frame.columns):
                    x = origin.x() + inner.x + i * (width + frame.gutter)
                    painter.drawLine(
                        QPointF(x - frame.gutter, origin.y() + inner.top),
                        QPointF(x - frame.gutter, origin.y() + inner.bottom),
                    )
                    painter.drawLine(QPointF(x, origin.y() + inner.top), QPointF(x, origin.y() + inner.bottom))
            if len(self.selected) == 1 and not frame.locked and not self.content_mode:
                painter.setPen(QPen(SELECTION_COLOUR, 1.0 / zoom))
                painter.setBrush(QColor("white"))
                for handle in self.handle_rects(frame_id).values():
                    painter.drawRect(handle)
                painter.setBrush(Qt.BrushStyle.NoBrush)
            if self.content_mode and isinstance(frame, ImageFrame) and frame.image:
                placed = (
                    next(
                        (
                            i
                            for i in (displays[index] or ()).items
                            if isinstance(i, ImageItem) and i.frame_id == frame.id
                        ),
                        None,
                    )
                    if displays[index] is not None
                    else None
                )
                if placed is not None:
                    p = placed.placed
                    painter.setPen(QPen(QColor(230, 140, 0), 1.0 / zoom))
                    painter.drawRect(QRectF(origin.x() + p.x, origin.y() + p.y, p.width, p.height))
        if self.proof_view:
            self._draw_proof(painter, edition)
        # the story editor's selection (or caret) on the page
        if self.text_highlight is not None:
            story_id, start, end = self.text_highlight
            for index, display in enumerate(displays):
                if display is None:
                    continue
                origin = self.scene_.page_origin(index)
                for box in range_boxes(display, story_id, start, end):
                    r = QRectF(origin.x() + box.x, origin.y() + box.y, box.width, box.height)
                    if box.width == 0:
                        painter.setPen(QPen(HIGHLIGHT_CARET, 1.5 / zoom))
                        painter.drawLine(r.topLeft(), r.bottomLeft())
                    else:
                        painter.fillRect(r, HIGHLIGHT_COLOUR)
        # snap lines
        painter.setPen(QPen(SNAP_COLOUR, 1.0 / zoom))
        for orientation, value, index in self._snap_lines:
            origin = self.scene_.page_origin(index)
            page = pages[index]
            if orientation == "v":
                painter.drawLine(
                    QPointF(origin.x() + value, origin.y() - 20),
                    QPointF(origin.x() + value, origin.y() + page.height + 20),
                )
            else:
                painter.drawLine(
                    QPointF(origin.x() - 20, origin.y() + value),
                    QPointF(origin.x() + page.width + 20, origin.y() + value),
                )
        # a guide on its way out of a ruler
        if self.guide_preview is not None:
            orientation, point = self.guide_preview
            pen = QPen(GUIDE_COLOUR, 1.0 / zoom)
            pen.setStyle(Qt.PenStyle.DashLine)
            painter.setPen(pen)
            if orientation == "v":
                painter.drawLine(QPointF(point.x(), rect.top()), QPointF(point.x(), rect.bottom()))
            else:
                painter.drawLine(QPointF(rect.left(), point.y()), QPointF(rect.right(), point.y()))
        # rubber band
        if self._rubber is not None:
            pen = QPen(SELECTION_COLOUR, 1.0 / zoom)
            pen.setStyle(Qt.PenStyle.DashLine)
            painter.setPen(pen)
            painter.setBrush(QColor(20, 110, 255, 30))
            painter.drawRect(self._rubber)
            painter.setBrush(Qt.BrushStyle.NoBrush)


__all__ = ["CanvasScene", "CanvasView", "PAGE_GAP"]
