"""The canvas tools and the gestures they start: a press with the select tool starts a move,
a resize, a rubber band, a guide drag or (in image mode) a pan of the picture; the frame
tools draw a new frame; the link tool threads a frame to the one clicked.

A gesture lives from press to release. Gestures that change the model preview their edit
while the pointer moves (the document takes it back before the next step) and commit the
whole drag as one undoable step on release.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from PySide6.QtCore import QPointF, QRectF, Qt

from epaperdesk.geometry import Rect
from epaperdesk.model.edits import CompositeEdit, Edit, EditError, SetFrameProperty, SetFrameRect, SetGuides
from epaperdesk.model.frame_edits import MIN_FRAME, RULE_WEIGHT, combine, rule_rect, with_followers
from epaperdesk.model.frames import Frame, ImageFrame
from epaperdesk.model.photos import caption_rect, followers
from epaperdesk.ui.snapping import snap_edges, snap_move

if TYPE_CHECKING:
    from epaperdesk.ui.canvas.view import CanvasView

SNAP_PIXELS = 6.0  # snapping distance in screen pixels


class Gesture:
    """One drag on the canvas, from press to release."""

    def __init__(self, view: CanvasView, press: QPointF, page_index: int) -> None:
        self.view = view
        self.press = press
        self.page_index = page_index

    def update(self, point: QPointF) -> None:
        """The pointer moved to `point` (scene coordinates) with the button down."""

    def finish(self, point: QPointF, modifiers: Qt.KeyboardModifier) -> None:
        """The button was released at `point`."""

    def cancel(self) -> None:
        """The gesture was abandoned (Escape, or the document changed under it)."""


class EditGesture(Gesture):
    """A drag that changes the model: previewed live, one undoable step at the end."""

    label = "Edit"

    def edit_for(self, dx: float, dy: float) -> Edit | None:
        raise NotImplementedError

    def update(self, point: QPointF) -> None:
        delta = point - self.press
        edit = self.edit_for(delta.x(), delta.y())
        document = self.view.document
        document.end_preview(relayout=False)
        if edit is not None:
            try:
                document.preview(edit)
            except EditError:
                pass
        self.view.viewport().update()

    def finish(self, point: QPointF, modifiers: Qt.KeyboardModifier) -> None:
        delta = point - self.press
        edit = self.edit_for(delta.x(), delta.y())
        self.view.snap_lines = ()  # the gesture is over: no snap line stays on screen
        zoom = self.view.zoom
        moved = abs(delta.x()) * zoom > 1 or abs(delta.y()) * zoom > 1
        try:
            self.view.document.commit_preview(edit if moved else None, self.label)
        except EditError:
            self.view.document.end_preview()
        self.view.viewport().update()

    def cancel(self) -> None:
        self.view.snap_lines = ()
        self.view.document.end_preview()

    def snap_tolerance(self) -> float:
        return SNAP_PIXELS / self.view.zoom


class MoveGesture(EditGesture):
    """Drag the selected frames (and the captions of photos among them) on their page."""

    label = "Move frame"

    def __init__(self, view: CanvasView, press: QPointF, page_index: int, originals: dict[str, Rect]) -> None:
        super().__init__(view, press, page_index)
        self.originals = originals

    def edit_for(self, dx: float, dy: float) -> Edit | None:
        if not self.originals:
            return None
        rects = list(self.originals.values())
        left = min(r.left for r in rects) + dx
        top = min(r.top for r in rects) + dy
        union = Rect(left, top, max(r.right for r in rects) + dx - left, max(r.bottom for r in rects) + dy - top)
        view = self.view
        if view.snapping:
            page = view.scene_.pages()[self.page_index]
            snapped = snap_move(union, page, set(self.originals), self.snap_tolerance())
            dx, dy = dx + snapped.dx, dy + snapped.dy
            view.snap_lines = tuple((o, v, self.page_index) for o, v in snapped.lines)
        edits = [SetFrameRect(fid, rect, rect.moved(dx, dy)) for fid, rect in self.originals.items()]
        return combine(edits, "Move frames")


class ResizeGesture(EditGesture):
    """Drag one of the eight handles of the selected frame."""

    label = "Resize frame"

    def __init__(self, view: CanvasView, press: QPointF, page_index: int, frame: Frame, handle: str) -> None:
        super().__init__(view, press, page_index)
        self.frame_id = frame.id
        self.rect = frame.rect
        self.handle = handle
        edition = view.document.edition  # the photo's caption frame, which keeps its place beside it
        captions = followers(edition, [frame.id]) if isinstance(frame, ImageFrame) else []
        self.captions = [(caption_id, edition.frame_by_id(caption_id).rect) for caption_id in captions]

    def edit_for(self, dx: float, dy: float) -> Edit | None:
        h = self.handle
        moving = {"left": "l" in h, "right": "r" in h, "top": h.startswith("t"), "bottom": h.startswith("b")}
        edges = {
            "left": self.rect.left + (dx if moving["left"] else 0.0),
            "right": self.rect.right + (dx if moving["right"] else 0.0),
            "top": self.rect.top + (dy if moving["top"] else 0.0),
            "bottom": self.rect.bottom + (dy if moving["bottom"] else 0.0),
        }
        view = self.view
        if view.snapping:
            page = view.scene_.pages()[self.page_index]
            wanted = {name: (edges[name] if moving[name] else None) for name in edges}
            snapped, lines = snap_edges(
                wanted["left"],
                wanted["top"],
                wanted["right"],
                wanted["bottom"],
                page,
                {self.frame_id},
                self.snap_tolerance(),
            )
            edges.update(snapped)
            view.snap_lines = tuple((o, v, self.page_index) for o, v in lines)
        left, right = _keep_apart(edges["left"], edges["right"], moving["left"])
        top, bottom = _keep_apart(edges["top"], edges["bottom"], moving["top"])
        new = Rect(left, top, right - left, bottom - top)
        edits: list[Edit] = [SetFrameRect(self.frame_id, self.rect, new)]
        edits += [SetFrameRect(cid, rect, caption_rect(rect, self.rect, new)) for cid, rect in self.captions]
        return combine(edits, self.label)


def _keep_apart(low: float, high: float, low_moves: bool) -> tuple[float, float]:
    """Two edges at least MIN_FRAME apart, by moving the edge being dragged."""
    if high - low >= MIN_FRAME:
        return low, high
    return (high - MIN_FRAME, high) if low_moves else (low, low + MIN_FRAME)


class GuideGesture(EditGesture):
    """Drag a ruler guide; dragged off the page it is removed."""

    label = "Move guide"

    def __init__(self, view: CanvasView, press: QPointF, page_index: int, guide: int) -> None:
        super().__init__(view, press, page_index)
        self.guide = guide
        self.guides = tuple(view.scene_.pages()[page_index].guides)

    def edit_for(self, dx: float, dy: float) -> Edit | None:
        view = self.view
        page = view.scene_.pages()[self.page_index]
        page_rect = view.scene_.page_rect(self.page_index)
        point = self.press + QPointF(dx, dy)
        guides = list(self.guides)
        old = guides[self.guide]
        bleed = page.bleed
        if not page_rect.adjusted(-bleed, -bleed, bleed, bleed).contains(point):
            del guides[self.guide]
        else:
            local = view.to_page(point, self.page_index)
            guides[self.guide] = replace(old, position=round(local.x() if old.orientation == "v" else local.y(), 2))
        return SetGuides(page.id, self.guides, tuple(guides))


class PanImageGesture(EditGesture):
    """In image mode: drag the picture inside its photo frame."""

    label = "Move image in frame"

    def __init__(self, view: CanvasView, press: QPointF, page_index: int, frame: ImageFrame) -> None:
        super().__init__(view, press, page_index)
        self.frame_id = frame.id
        self.crop = (frame.crop_x, frame.crop_y)

    def edit_for(self, dx: float, dy: float) -> Edit | None:
        x0, y0 = self.crop
        return CompositeEdit(
            (
                SetFrameProperty(self.frame_id, "crop_x", x0, x0 + dx),
                SetFrameProperty(self.frame_id, "crop_y", y0, y0 + dy),
            ),
            self.label,
        )


class RubberBandGesture(Gesture):
    """Drag over empty space: select the frames the band touches (Shift adds to the selection)."""

    def __init__(self, view: CanvasView, press: QPointF, page_index: int) -> None:
        super().__init__(view, press, page_index)
        view.rubber_band = QRectF(press, press)

    def update(self, point: QPointF) -> None:
        self.view.rubber_band = QRectF(self.press, point).normalized()
        self.view.viewport().update()

    def finish(self, point: QPointF, modifiers: Qt.KeyboardModifier) -> None:
        rect, self.view.rubber_band = self.view.rubber_band, None
        if rect is not None and rect.width() > 2 and rect.height() > 2:
            self.view.select_in(rect, bool(modifiers & Qt.KeyboardModifier.ShiftModifier))
        self.view.viewport().update()

    def cancel(self) -> None:
        self.view.rubber_band = None
        self.view.viewport().update()


class DrawFrameGesture(RubberBandGesture):
    """Drag out a new frame: a text or photo frame or a box (Shift: square), or a rule
    (straight along the axis the drag mostly follows). A click makes one of a default size."""

    DEFAULT_SIZE = (200.0, 120.0)

    def __init__(self, view: CanvasView, press: QPointF, page_index: int, kind: str) -> None:
        super().__init__(view, press, page_index)
        self.kind = kind
        self.shift = False
        self.press = self._snapped(press, start=True)  # the corner starts on a margin, column or guide

    def _snapped(self, point: QPointF, start: bool = False) -> QPointF:
        """A corner of the new frame pulled onto the nearest margin, column edge, guide or
        frame edge within the snapping distance (as moving and resizing do)."""
        view = self.view
        if not view.snapping:
            return point
        origin = view.scene_.page_origin(self.page_index)
        x, y = point.x() - origin.x(), point.y() - origin.y()
        tolerance = SNAP_PIXELS / view.zoom
        page = view.scene_.pages()[self.page_index]
        edges, lines = (
            snap_edges(x, y, None, None, page, set(), tolerance)
            if start
            else snap_edges(None, None, x, y, page, set(), tolerance)
        )
        x = edges.get("left" if start else "right", x)
        y = edges.get("top" if start else "bottom", y)
        view.snap_lines = tuple((o, v, self.page_index) for o, v in lines)
        return QPointF(x + origin.x(), y + origin.y())

    def _band(self, point: QPointF) -> QRectF:
        if not self.shift:
            point = self._snapped(point)
        if self.kind == "rule":
            r = rule_rect(self.press.x(), self.press.y(), point.x(), point.y(), RULE_WEIGHT)
            return QRectF(r.x, r.y, r.width, r.height)
        if self.shift:  # a square, in the direction of the drag
            delta = point - self.press
            side = max(abs(delta.x()), abs(delta.y()))
            point = self.press + QPointF(side if delta.x() >= 0 else -side, side if delta.y() >= 0 else -side)
        return QRectF(self.press, point).normalized()

    def update(self, point: QPointF) -> None:
        self.shift = bool(self.view.keyboard_modifiers() & Qt.KeyboardModifier.ShiftModifier)
        self.view.rubber_band = self._band(point)
        self.view.viewport().update()

    def finish(self, point: QPointF, modifiers: Qt.KeyboardModifier) -> None:
        view = self.view
        self.shift = bool(modifiers & Qt.KeyboardModifier.ShiftModifier)
        view.rubber_band = None
        rect = self._band(point)
        view.snap_lines = ()
        zoom = view.zoom
        if max(rect.width(), rect.height()) * zoom < 4:
            width, height = self.DEFAULT_SIZE
            rect = (
                self._band(self.press + QPointF(width, 0))
                if self.kind == "rule"
                else QRectF(self.press, self.press + QPointF(width, height))
            )
        elif self.kind != "rule" and min(rect.width(), rect.height()) * zoom < 4:
            rect = QRectF(rect.topLeft(), rect.size().expandedTo(rect.size().transposed()))
        origin = view.scene_.page_origin(self.page_index)
        page = view.scene_.pages()[self.page_index]
        frame_rect = Rect(rect.x() - origin.x(), rect.y() - origin.y(), rect.width(), rect.height())
        view.add_frame(page, frame_rect, self.kind)  # the tool stays: the next drag draws another
        view.viewport().update()


class PanGesture(Gesture):
    """The hand tool: drag the pages around in the window."""

    def __init__(self, view: CanvasView, press: QPointF, page_index: int, screen: QPointF) -> None:
        super().__init__(view, press, page_index)
        self.screen = screen

    def update(self, point: QPointF) -> None:
        view = self.view
        now = QPointF(view.mapFromScene(point))
        delta = now - self.screen
        view.horizontalScrollBar().setValue(view.horizontalScrollBar().value() - round(delta.x()))
        view.verticalScrollBar().setValue(view.verticalScrollBar().value() - round(delta.y()))
        self.screen = QPointF(view.mapFromScene(point))


class ZoomGesture(RubberBandGesture):
    """The zoom tool: a click zooms in at the point (Alt: out), a drag zooms to the area."""

    def finish(self, point: QPointF, modifiers: Qt.KeyboardModifier) -> None:
        view = self.view
        rect, view.rubber_band = view.rubber_band, None
        if rect is not None and rect.width() * view.zoom > 8 and rect.height() * view.zoom > 8:
            view.fitInView(rect, Qt.AspectRatioMode.KeepAspectRatio)
            view.zoom_changed.emit(view.zoom)
        else:
            view.zoom_at(point, 0.5 if modifiers & Qt.KeyboardModifier.AltModifier else 2.0)
        view.viewport().update()


class Tool:
    """What a press on the canvas does."""

    name = ""
    cursor = Qt.CursorShape.CrossCursor

    def press(self, view: CanvasView, point: QPointF, modifiers: Qt.KeyboardModifier) -> Gesture | None:
        raise NotImplementedError


class SelectTool(Tool):
    """Select, move and resize frames (a frame in a group brings its group); drag guides;
    in image mode pan the picture."""

    name = "select"
    cursor = Qt.CursorShape.ArrowCursor
    whole_groups = True

    def press(self, view: CanvasView, point: QPointF, modifiers: Qt.KeyboardModifier) -> Gesture | None:
        shift = bool(modifiers & Qt.KeyboardModifier.ShiftModifier)
        handle = view.handle_at(point)
        if handle is not None:
            handle_page, _, handled = view.frame_page(view.selected[0])
            return None if handled.locked else ResizeGesture(view, point, handle_page, handled, handle)
        guide = view.guide_at(point)
        if guide is not None:
            return GuideGesture(view, point, guide[0], guide[1])
        if modifiers & Qt.KeyboardModifier.ControlModifier:
            view.select_behind(point)  # Ctrl+click: the next frame down at this point
            return None
        hit = view.frame_at(point)
        index = view.scene_.page_at(point)
        if hit is None:
            if not shift:
                view.set_selection([])
            return RubberBandGesture(view, point, index if index is not None else 0)
        page_index, frame = hit
        in_content = view.content_mode or not self.whole_groups
        if in_content and view.selected == [frame.id] and isinstance(frame, ImageFrame) and frame.image:
            return PanImageGesture(view, point, page_index, frame)
        if shift:
            selected = view.selected
            view.set_selection(
                [f for f in selected if f not in view.with_group(frame.id, self.whole_groups)]
                if frame.id in selected
                else selected + view.with_group(frame.id, self.whole_groups),
                expand_groups=False,
            )
            return None
        if frame.id not in view.selected or (not self.whole_groups and view.selected != [frame.id]):
            view.set_selection(view.with_group(frame.id, self.whole_groups), expand_groups=False)
        movable = {}
        for frame_id in with_followers(view.document.edition, view.selected):
            i, _, f = view.frame_page(frame_id)
            if i == page_index and not f.locked:
                movable[frame_id] = f.rect
        return MoveGesture(view, point, page_index, movable)


class DirectTool(SelectTool):
    """Select one frame inside a group; a second press on a photo moves the picture in it."""

    name = "direct"
    whole_groups = False


class HandTool(Tool):
    name = "hand"
    cursor = Qt.CursorShape.OpenHandCursor

    def press(self, view: CanvasView, point: QPointF, modifiers: Qt.KeyboardModifier) -> Gesture | None:
        return PanGesture(view, point, 0, QPointF(view.mapFromScene(point)))


class ZoomTool(Tool):
    name = "zoom"
    cursor = Qt.CursorShape.CrossCursor

    def press(self, view: CanvasView, point: QPointF, modifiers: Qt.KeyboardModifier) -> Gesture | None:
        return ZoomGesture(view, point, 0)


class DrawFrameTool(Tool):
    """Drag out a new text or photo frame, rule or box."""

    def __init__(self, kind: str) -> None:
        self.kind = kind
        self.name = kind

    def press(self, view: CanvasView, point: QPointF, modifiers: Qt.KeyboardModifier) -> Gesture | None:
        index = view.scene_.page_at(point)
        return None if index is None else DrawFrameGesture(view, point, index, self.kind)


class LinkTool(Tool):
    """Click the frame the selected frame's story continues in."""

    name = "link"

    def press(self, view: CanvasView, point: QPointF, modifiers: Qt.KeyboardModifier) -> Gesture | None:
        hit = view.frame_at(point)
        if hit is not None:
            view.link_to(hit[1].id)
        view.set_tool("select")
        return None


TOOLS: dict[str, Tool] = {
    tool.name: tool
    for tool in (
        SelectTool(),
        DirectTool(),
        DrawFrameTool("text"),
        DrawFrameTool("image"),
        DrawFrameTool("rule"),
        DrawFrameTool("box"),
        LinkTool(),
        HandTool(),
        ZoomTool(),
    )
}
