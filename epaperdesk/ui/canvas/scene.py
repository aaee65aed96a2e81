"""The canvas scene: pages one below the other, each a background item (paper, bleed,
margins, columns, guides) and one cached content item per frame, drawn from the document's
display lists. The scene follows the layout; it is never the source of truth."""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QPainter, QPen
from PySide6.QtWidgets import QGraphicsItem, QGraphicsScene, QStyleOptionGraphicsItem, QWidget

from epaperdesk.model.frames import Frame
from epaperdesk.model.page import Page
from epaperdesk.render.qt import QtPageRenderer
from epaperdesk.typeset.displaylist import GlyphRun, PageDisplayList
from epaperdesk.ui.document import Document

PAGE_GAP = 48.0  # points between pages on the canvas
PAPER = QColor("white")
PASTEBOARD = QColor(96, 99, 104)
PREVIEW_PASTEBOARD = QColor(60, 62, 66)
MARGIN_COLOUR = QColor(214, 0, 147, 140)
COLUMN_COLOUR = QColor(120, 80, 220, 90)
BLEED_COLOUR = QColor(220, 40, 40, 160)
GUIDE_COLOUR = QColor(0, 170, 220)


class FrameContent(QGraphicsItem):
    """The display-list items of one frame, drawn by the Qt renderer and cached as pixels
    until they change."""

    def __init__(self, renderer: QtPageRenderer, items: tuple[object, ...], bounds: QRectF) -> None:
        super().__init__()
        self.renderer = renderer
        self.items = items
        self._bounds = bounds
        self.frame_rect: object = None  # the frame's rectangle the bounds were computed for
        self.setCacheMode(QGraphicsItem.CacheMode.DeviceCoordinateCache)
        self.setAcceptedMouseButtons(Qt.MouseButton.NoButton)

    def set_items(self, items: tuple[object, ...], bounds: QRectF) -> None:
        if items == self.items and bounds == self._bounds:
            return
        if bounds != self._bounds:
            self.prepareGeometryChange()
            self._bounds = bounds
        self.items = items
        self.update()

    def boundingRect(self) -> QRectF:
        return self._bounds

    def paint(self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None) -> None:
        self.renderer.draw_items(painter, self.items)


class PageBackground(QGraphicsItem):
    """Paper, bleed line, margins, column guides and ruler guides of one page."""

    def __init__(self, page: Page) -> None:
        super().__init__()
        self.page = page
        self._drawn = self._looks(page)
        self.guides_visible = True  # margins, columns, bleed line and ruler guides (off in preview)
        self.setAcceptedMouseButtons(Qt.MouseButton.NoButton)
        self.setZValue(-1)

    @staticmethod
    def _looks(page: Page) -> tuple[object, ...]:
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

    def paint(self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None) -> None:
        page = self.page
        painter.fillRect(QRectF(0, 0, page.width, page.height), PAPER)
        if not self.guides_visible:
            return
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


def content_bounds(frame: Frame, items: tuple[object, ...]) -> QRectF:
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
        self.guides_visible = True
        self.setBackgroundBrush(QBrush(PASTEBOARD))
        self.sync()
        document.layout_changed.connect(self.sync)

    def set_document(self, document: Document) -> None:
        """Show another document (a file was opened): every item is made again."""
        try:
            self.document.layout_changed.disconnect(self.sync)
        except (RuntimeError, TypeError):
            pass
        self.document = document
        self.masters_mode = False
        self._clear()
        self.sync()
        document.layout_changed.connect(self.sync)

    def set_guides_visible(self, on: bool) -> None:
        """Margins, columns, bleed and ruler guides shown (normal) or not (preview)."""
        self.guides_visible = on
        self.setBackgroundBrush(QBrush(PASTEBOARD if on else PREVIEW_PASTEBOARD))
        for background in self._backgrounds.values():
            background.guides_visible = on
            background.update()

    def pages(self) -> list[Page]:
        """The pages shown: the edition's, or its master pages while they are edited."""
        return self.document.edition.masters if self.masters_mode else self.document.edition.pages

    def displays(self) -> list[PageDisplayList | None]:
        layout = self.document.layout
        return list(layout.masters if self.masters_mode else layout.pages)

    def set_masters_mode(self, on: bool) -> None:
        if on != self.masters_mode:
            self.masters_mode = on
            self._clear()
            self.sync()

    def _clear(self) -> None:
        for item in list(self._backgrounds.values()) + list(self._contents.values()):
            self.removeItem(item)
        self._backgrounds.clear()
        self._contents.clear()

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
        live_pages: set[str] = set()
        live_frames: set[str] = set()
        z = 0.0
        pages = self.pages()
        for index, page in enumerate(pages):
            live_pages.add(page.id)
            origin = self.page_origin(index)
            background = self._backgrounds.get(page.id)
            if background is None:
                background = self._backgrounds[page.id] = PageBackground(page)
                background.guides_visible = self.guides_visible
                self.addItem(background)
            else:
                background.set_page(page)
            background.setPos(origin)
            display = displays[index] if index < len(displays) else None
            by_frame: dict[str, list[object]] = {}
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
                z += 1.0
                self._place_content(draw_id, frame, tuple(by_frame.get(draw_id, ())), origin, z)
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

    def _place_content(self, draw_id: str, frame: Frame, items: tuple[object, ...], origin: QPointF, z: float) -> None:
        """The content item of one frame: kept as it is when nothing it draws changed."""
        content = self._contents.get(draw_id)
        if content is None or content.frame_rect != frame.rect or content.items != items:
            bounds = content_bounds(frame, items)
            if content is None:
                content = self._contents[draw_id] = FrameContent(self.renderer, items, bounds)
                self.addItem(content)
            else:
                content.set_items(items, bounds)
            content.frame_rect = frame.rect
        content.setPos(origin)
        content.setZValue(z)
