"""The canvas view: zoom, pages and coordinates, hit testing, the selection, and the input
that becomes model edits — mouse presses go to the current tool (tools.py), keys nudge and
select, files dropped on the canvas are handed to the window. What an edit does is decided
in the core (model/frame_edits.py); the view only chooses the frames."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QPoint, QPointF, QRect, QRectF, Qt, Signal
from PySide6.QtGui import QKeySequence, QPainter, QTransform
from PySide6.QtWidgets import QGraphicsView, QWidget

from epaperdesk.geometry import Rect
from epaperdesk.model import frame_edits
from epaperdesk.model.arrange import group_members
from epaperdesk.model.edits import Edit, EditError, link_frames
from epaperdesk.model.frames import Frame, ImageFrame, TextFrame
from epaperdesk.model.page import Page
from epaperdesk.proof.marks import ProofMark
from epaperdesk.typeset.hittest import position_at
from epaperdesk.ui.canvas.overlays import default_overlays
from epaperdesk.ui.canvas.scene import CanvasScene
from epaperdesk.ui.canvas.tools import TOOLS, Gesture
from epaperdesk.ui.document import Document

HANDLE = 7.0  # handle size in screen pixels
HANDLE_SPOTS = {
    "tl": ("l", "t"),
    "t": ("c", "t"),
    "tr": ("r", "t"),
    "r": ("r", "m"),
    "br": ("r", "b"),
    "b": ("c", "b"),
    "bl": ("l", "b"),
    "l": ("l", "m"),
}
HANDLE_CURSORS = {
    "tl": Qt.CursorShape.SizeFDiagCursor,
    "br": Qt.CursorShape.SizeFDiagCursor,
    "tr": Qt.CursorShape.SizeBDiagCursor,
    "bl": Qt.CursorShape.SizeBDiagCursor,
    "t": Qt.CursorShape.SizeVerCursor,
    "b": Qt.CursorShape.SizeVerCursor,
    "l": Qt.CursorShape.SizeHorCursor,
    "r": Qt.CursorShape.SizeHorCursor,
}
ARROWS = {Qt.Key.Key_Left: (-1, 0), Qt.Key.Key_Right: (1, 0), Qt.Key.Key_Up: (0, -1), Qt.Key.Key_Down: (0, 1)}

# The keys the canvas itself handles (not window commands: they act only while the canvas
# has the focus), for the shortcut list and the README.
CANVAS_KEYS = (
    ("Arrows, Shift+Arrows", "Nudge the selection 1 pt, 10 pt (in image mode: pan the picture)"),
    ("Alt+Arrows", "Resize the selection"),
    ("Tab", "Hide or show the panels"),
    ("Shift (drawing)", "A square box; rules are always straight"),
    ("Delete, Backspace", "Delete the selected frames"),
    ("Escape", "Select tool, leave image mode, select nothing"),
    ("Ctrl+Wheel", "Zoom"),
    ("Ctrl+Click", "Select the frame behind (again: the next one down)"),
)


class CanvasView(QGraphicsView):
    """Selection and gestures on the canvas, all turned into model edits."""

    selection_changed = Signal(list)
    pointer_moved = Signal(float, float)  # page points
    zoom_changed = Signal(float)
    tool_changed = Signal(str)
    text_double_clicked = Signal(str, int)  # story id, position: open the story editor there
    files_dropped = Signal(list, int, float, float, str)  # paths, page index, x, y (page points), frame id or ""
    message = Signal(str)  # for the status bar
    panels_toggle_requested = Signal()  # Tab on the canvas: hide or show the panels
    context_menu_requested = Signal(QPoint)  # a right click: the frame commands, at this screen point
    painted = Signal()  # after each paint of the canvas (the screenshot mode waits for the first)

    def __init__(self, document: Document, parent: QWidget | None = None) -> None:
        self.scene_ = CanvasScene(document)
        super().__init__(self.scene_, parent)
        self.document = document
        self.selected: list[str] = []
        self.snapping = True
        self.show_threads = True
        self._tool = "select"
        self.content_mode = False  # inside a photo frame: drag pans, wheel scales
        self._gesture: Gesture | None = None
        self.snap_lines: tuple[tuple[str, float, int], ...] = ()
        self.rubber_band: QRectF | None = None
        self.guide_preview: tuple[str, QPointF] | None = None  # a guide being dragged from a ruler
        self.text_highlight: tuple[str, int, int] | None = None  # the story editor's selection
        self.proof_view = False  # show unknown words, corrections and bad breaks on the page
        self.proof_marks: list[ProofMark] = []
        self.show_frame_edges = True  # faint outlines of every frame, crosses in empty photo frames
        self.preview_mode = False  # the page as it prints: no guides, edges, threads or markers
        self.overlays = default_overlays()
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

    def set_document(self, document: Document) -> None:
        """Show another document in this view (the view itself, its zoom and rulers stay)."""
        if self._gesture is not None:
            self._gesture.cancel()
            self._gesture = None
        try:
            self.document.layout_changed.disconnect(self._layout_changed)
        except (RuntimeError, TypeError):
            pass
        self.document = document
        self.content_mode = False
        self.proof_marks = []
        self.text_highlight = None
        self.scene_.set_document(document)
        document.layout_changed.connect(self._layout_changed)
        self.set_selection([])

    # -- tools ------------------------------------------------------------------------------

    @property
    def tool(self) -> str:
        return self._tool

    @tool.setter
    def tool(self, name: str) -> None:
        self.set_tool(name)

    def set_tool(self, name: str) -> None:
        if name not in TOOLS:
            raise ValueError(f"no canvas tool {name!r}")
        if name != self._tool:
            self._tool = name
            self.viewport().setCursor(TOOLS[name].cursor)
            self.tool_changed.emit(name)

    # -- zoom and pages -----------------------------------------------------------------------

    @property
    def zoom(self) -> float:
        return float(self.transform().m11())

    def set_zoom(self, factor: float) -> None:
        factor = max(0.05, min(factor, 32.0))
        self.setTransform(QTransform.fromScale(factor, factor))
        self.zoom_changed.emit(factor)

    def zoom_by(self, step: float) -> None:
        self.set_zoom(self.zoom * step)

    def fit_page(self, index: int | None = None) -> None:
        if not self.scene_.pages():
            return
        rect = self.scene_.page_rect(self.current_page() if index is None else index)
        self.fitInView(rect.adjusted(-20, -20, 20, 20), Qt.AspectRatioMode.KeepAspectRatio)
        self.zoom_changed.emit(self.zoom)

    def fit_width(self) -> None:
        if not self.scene_.pages():
            return
        rect = self.scene_.page_rect(self.current_page())
        factor = (self.viewport().width() - 30) / (rect.width() + 40)
        self.set_zoom(factor)
        self.centerOn(rect.center().x(), rect.top() + self.viewport().height() / 2 / factor - 20)

    def actual_size(self) -> None:
        self.set_zoom(self.logicalDpiX() / 72.0)

    def zoom_percent(self) -> float:
        """The zoom as a layout program shows it: 100 % is the page at its real size."""
        return self.zoom * 72 / self.logicalDpiX() * 100

    def current_page(self) -> int:
        centre = self.mapToScene(self.viewport().rect().center())
        index = self.scene_.page_at(centre)
        if index is None:
            pages = self.scene_.pages()
            distances = [abs(self.scene_.page_rect(i).center().y() - centre.y()) for i in range(len(pages))]
            index = distances.index(min(distances)) if distances else 0
        return index

    def go_to_page(self, index: int) -> None:
        pages = self.scene_.pages()
        if not pages:
            return
        index = max(0, min(index, len(pages) - 1))
        self.centerOn(self.scene_.page_rect(index).center())

    def show_page_point(self, index: int, x: float, y: float) -> None:
        """Scroll so that a point of a page (page points) is in the middle of the view."""
        origin = self.scene_.page_origin(index)
        self.centerOn(origin.x() + x, origin.y() + y)

    # -- coordinates and hit testing ------------------------------------------------------------

    def to_page(self, scene_point: QPointF, index: int) -> QPointF:
        return scene_point - self.scene_.page_origin(index)

    def frame_page(self, frame_id: str) -> tuple[int, Page, Frame]:
        page, frame = self.document.edition.find_frame(frame_id)
        pages = self.scene_.pages()
        return (pages.index(page) if page in pages else 0), page, frame

    def frame_at(self, scene_point: QPointF) -> tuple[int, Frame] | None:
        """The topmost frame under a point (with a 3-pixel slack), with its page's index."""
        hits = self.frames_at(scene_point)
        return hits[0] if hits else None

    def frames_at(self, scene_point: QPointF) -> list[tuple[int, Frame]]:
        """Every frame under a point, the topmost first: what Ctrl+click steps through."""
        index = self.scene_.page_at(scene_point)
        if index is None:
            return []
        page = self.scene_.pages()[index]
        point = self.to_page(scene_point, index)
        slack = 3.0 / self.zoom
        hits = []
        for frame in reversed(page.frames):
            r = frame.rect
            if r.left - slack <= point.x() <= r.right + slack and r.top - slack <= point.y() <= r.bottom + slack:
                hits.append((index, frame))
        return hits

    def select_behind(self, scene_point: QPointF) -> None:
        """Ctrl+click: the frame under the selected one at this point (round to the top
        again after the lowest), so a box under a text frame can be reached."""
        hits = [frame.id for _, frame in self.frames_at(scene_point)]
        if not hits:
            return
        current = [i for i, frame_id in enumerate(hits) if frame_id in self.selected]
        chosen = hits[(current[-1] + 1) % len(hits)] if current else hits[0]
        self.set_selection([chosen], expand_groups=False)

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
        return {
            name: QRectF(origin.x() + xs[x] - size / 2, origin.y() + ys[y] - size / 2, size, size)
            for name, (x, y) in HANDLE_SPOTS.items()
        }

    def handle_at(self, scene_point: QPointF) -> str | None:
        """The resize handle of the one selected frame under the pointer."""
        if len(self.selected) != 1 or self.content_mode:
            return None
        slack = 2 / self.zoom
        for name, rect in self.handle_rects(self.selected[0]).items():
            if rect.adjusted(-slack, -slack, slack, slack).contains(scene_point):
                return name
        return None

    # -- selection ----------------------------------------------------------------------------

    def set_selection(self, frame_ids: list[str], expand_groups: bool = True) -> None:
        """Select frames of the pages shown (with the rest of their groups, unless the direct
        selection tool picked one frame out of its group)."""
        frames = {f.id for page in self.scene_.pages() for f in page.frames}  # what the canvas shows
        if expand_groups and self._tool != "direct":
            frame_ids = group_members(self.document.edition, frame_ids)
        self.selected = [f for f in dict.fromkeys(frame_ids) if f in frames]
        if not self.selected:
            self.content_mode = False
        self.viewport().update()
        self.setAccessibleDescription(self._describe_selection())
        self.selection_changed.emit(list(self.selected))

    def with_group(self, frame_id: str, whole: bool = True) -> list[str]:
        """A frame and, with `whole`, the other frames of its group."""
        return group_members(self.document.edition, [frame_id]) if whole else [frame_id]

    def keyboard_modifiers(self) -> Qt.KeyboardModifier:
        from PySide6.QtWidgets import QApplication

        return QApplication.keyboardModifiers()

    def zoom_at(self, scene_point: QPointF, step: float) -> None:
        """Zoom by `step`, keeping `scene_point` in the middle of the view."""
        self.set_zoom(self.zoom * step)
        self.centerOn(scene_point)

    def _describe_selection(self) -> str:
        """What a screen reader says about the canvas: the selected frames."""
        if not self.selected:
            return "The pages of the edition. No frame selected; Ctrl+Alt+] selects the next frame."
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
        pages = self.scene_.pages()
        if not pages:
            return
        ids = [f.id for f in pages[self.current_page()].frames]
        if not ids:
            return
        current = ids.index(self.selected[-1]) if self.selected and self.selected[-1] in ids else -1
        step = -1 if backwards else 1
        self.set_selection([ids[(current + step) % len(ids)]])

    def select_all(self) -> None:
        """Every frame of the page shown."""
        pages = self.scene_.pages()
        if pages:
            self.set_selection([f.id for f in pages[self.current_page()].frames])

    def select_in(self, rect: QRectF, add: bool) -> None:
        """Select the frames a rubber band touches (added to the selection with `add`)."""
        chosen = list(self.selected) if add else []
        for index, page in enumerate(self.scene_.pages()):
            origin = self.scene_.page_origin(index)
            for frame in page.frames:
                r = frame.rect
                if rect.intersects(QRectF(origin.x() + r.x, origin.y() + r.y, r.width, r.height)):
                    chosen.append(frame.id)
        self.set_selection(chosen)

    # -- frame commands (the core decides; the view pushes the edit) ------------------------------

    def _push(self, edit: Edit | None, label: str) -> bool:
        if edit is None:
            return False
        try:
            self.document.push(edit, label)
        except EditError as error:
            self.message.emit(str(error))
            return False
        return True

    def nudge(self, dx: float, dy: float) -> None:
        self._push(frame_edits.move_frames(self.document.edition, self.selected, dx, dy), "Nudge")

    def resize_selection(self, dw: float, dh: float) -> None:
        self._push(frame_edits.resize_frames(self.document.edition, self.selected, dw, dh), "Resize frame")

    def pan_image(self, dx: float, dy: float) -> None:
        self._push(frame_edits.pan_images(self.document.edition, self.selected, dx, dy), "Move image in frame")

    def scale_image(self, factor: float) -> None:
        self._push(frame_edits.scale_images(self.document.edition, self.selected, factor), "Scale image in frame")

    def delete_selection(self) -> None:
        if self._push(frame_edits.delete_frames(self.document.edition, self.selected), "Delete"):
            self.set_selection([])

    def duplicate_selection(self) -> None:
        edit, new_ids = frame_edits.duplicate_frames(self.document.edition, self.selected)
        if self._push(edit, "Duplicate"):
            self.set_selection(new_ids)

    def toggle_lock(self) -> None:
        self._push(frame_edits.toggle_lock(self.document.edition, self.selected), "Lock or unlock")

    def restack(self, step: int) -> None:
        """Bring the selection forward (step 1) or send it backward (-1)."""
        edit = frame_edits.restack_frames(self.document.edition, self.selected, step)
        far = abs(step) > 1
        label = (
            ("Bring to front" if far else "Bring forward") if step > 0 else ("Send to back" if far else "Send backward")
        )
        self._push(edit, label)

    def unlink_selection(self) -> None:
        self._push(frame_edits.unthread_frames(self.document.edition, self.selected), "Unthread frames")

    def link_selection(self) -> None:
        """Link the first selected text frame to the second (keyboard way of the link tool)."""
        if len(self.selected) == 2:
            self.link_to(self.selected[1], self.selected[0])

    def link_to(self, target_id: str, source_id: str | None = None) -> None:
        """Continue the selected frame's story in `target_id`."""
        source = source_id if source_id is not None else (self.selected[0] if len(self.selected) == 1 else None)
        if source is None:
            return
        try:
            self.document.push(link_frames(self.document.edition, source, target_id))
        except EditError as error:
            self.message.emit(f"Cannot link: {error}")

    def add_frame(self, page: Page, rect: Rect, kind: str) -> str:
        edit, frame_id = frame_edits.new_frame(self.document.edition, page.id, rect, kind)
        self.document.push(edit)
        self.set_selection([frame_id])
        return frame_id

    # -- mouse ------------------------------------------------------------------------------------

    def mousePressEvent(self, event: Any) -> None:
        if event.button() != Qt.MouseButton.LeftButton:
            super().mousePressEvent(event)
            return
        point = self.mapToScene(event.position().toPoint())
        self._gesture = TOOLS[self._tool].press(self, point, event.modifiers())

    def mouseMoveEvent(self, event: Any) -> None:
        point = self.mapToScene(event.position().toPoint())
        index = self.scene_.page_at(point)
        if index is not None:
            local = self.to_page(point, index)
            self.pointer_moved.emit(local.x(), local.y())
        if self._gesture is None:
            self._update_cursor(point)
            super().mouseMoveEvent(event)
            return
        self._gesture.update(point)

    def mouseReleaseEvent(self, event: Any) -> None:
        gesture, self._gesture = self._gesture, None
        if gesture is None:
            super().mouseReleaseEvent(event)
            return
        gesture.finish(self.mapToScene(event.position().toPoint()), event.modifiers())

    def mouseDoubleClickEvent(self, event: Any) -> None:
        point = self.mapToScene(event.position().toPoint())
        hit = self.frame_at(point)
        if hit is not None and isinstance(hit[1], ImageFrame):
            self.set_selection([hit[1].id])
            self.content_mode = not self.content_mode
            self.viewport().update()
            return
        if hit is not None and isinstance(hit[1], TextFrame):
            index, frame = hit[0], hit[1]
            display = self.scene_.displays()[index]
            local = self.to_page(point, index)
            found = position_at(display, local.x(), local.y(), frame.id) if display is not None else None
            story_id = found[0] if found else self.document.edition.thread_head(frame).story_id
            if story_id is not None:
                self.set_selection([frame.id])
                self.text_double_clicked.emit(story_id, found[1] if found else -1)
            return
        super().mouseDoubleClickEvent(event)

    def _update_cursor(self, point: QPointF) -> None:
        if self._tool != "select":
            self.viewport().setCursor(TOOLS[self._tool].cursor)
            return
        handle = self.handle_at(point)
        if handle is not None:
            self.viewport().setCursor(HANDLE_CURSORS[handle])
            return
        guide = self.guide_at(point)
        if guide is not None:
            orientation = self.scene_.pages()[guide[0]].guides[guide[1]].orientation
            vertical = orientation == "v"
            self.viewport().setCursor(Qt.CursorShape.SplitHCursor if vertical else Qt.CursorShape.SplitVCursor)
            return
        hit = self.frame_at(point)
        if hit is not None and self.content_mode and isinstance(hit[1], ImageFrame):
            self.viewport().setCursor(Qt.CursorShape.OpenHandCursor)
        elif hit is not None and not hit[1].locked:
            self.viewport().setCursor(Qt.CursorShape.SizeAllCursor)
        else:
            self.viewport().setCursor(Qt.CursorShape.ArrowCursor)

    def wheelEvent(self, event: Any) -> None:
        if event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            self.zoom_by(1.0 + event.angleDelta().y() / 1200.0)
            return
        if self.content_mode and len(self.selected) == 1:
            frame = self.frame_page(self.selected[0])[2]
            if isinstance(frame, ImageFrame):
                self.scale_image(1.0 + event.angleDelta().y() / 2400.0)
                return
        super().wheelEvent(event)

    def event(self, event: Any) -> bool:
        if event.type() == event.Type.Gesture:
            pinch = event.gesture(Qt.GestureType.PinchGesture)
            if pinch is not None:
                self.zoom_by(pinch.scaleFactor())
                return True
        return bool(super().event(event))

    # -- keyboard -------------------------------------------------------------------------------------

    def keyPressEvent(self, event: Any) -> None:
        key = event.key()
        if key in ARROWS and self.selected:
            step = 10.0 if event.modifiers() & Qt.KeyboardModifier.ShiftModifier else 1.0
            dx, dy = ARROWS[key]
            if event.modifiers() & Qt.KeyboardModifier.AltModifier:
                self.resize_selection(dx * step, dy * step)
            elif self.content_mode:
                self.pan_image(dx * step, dy * step)
            else:
                self.nudge(dx * step, dy * step)
            return
        if key == Qt.Key.Key_Escape:
            if self._gesture is not None:
                self._gesture.cancel()
                self._gesture = None
            self.set_tool("select")
            self.content_mode = False
            self.set_selection([])
            return
        if key == Qt.Key.Key_Tab and not event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            self.panels_toggle_requested.emit()
            return
        if event.matches(QKeySequence.StandardKey.Delete) or key == Qt.Key.Key_Backspace:
            self.delete_selection()
            return
        super().keyPressEvent(event)

    def focusNextPrevChild(self, forward: bool) -> bool:
        return False  # Tab on the canvas hides the panels (as in other layout programs)

    def contextMenuEvent(self, event: Any) -> None:
        """A right click selects the frame under it (if it was not selected) and asks for the
        frame commands there."""
        hit = self.frame_at(self.mapToScene(event.pos()))
        if hit is not None and hit[1].id not in self.selected:
            self.set_selection([hit[1].id])
        elif hit is None and self.selected:
            self.set_selection([])
        self.context_menu_requested.emit(event.globalPos())

    # -- proof view and the story editor's selection ----------------------------------------------------

    def set_proof_marks(self, marks: list[ProofMark]) -> None:
        """What the proof view draws (see proof/marks.py)."""
        self.proof_marks = marks
        if self.proof_view:
            self.viewport().update()

    def set_frame_edges(self, on: bool) -> None:
        self.show_frame_edges = on
        self.viewport().update()

    def set_preview(self, on: bool) -> None:
        """Preview: the pages as they will print (no guides, frame edges, threads or markers)."""
        self.preview_mode = on
        self.scene_.set_guides_visible(not on)
        self.viewport().update()

    def set_proof_view(self, on: bool) -> None:
        self.proof_view = on
        self.viewport().update()

    def set_text_highlight(self, story_id: str | None, start: int = 0, end: int = 0) -> None:
        """Show a story range (the story editor's selection or caret) on the page."""
        value = (story_id, start, end) if story_id else None
        if value != self.text_highlight:
            self.text_highlight = value
            self.viewport().update()

    # -- dropping files -------------------------------------------------------------------------

    def dragEnterEvent(self, event: Any) -> None:
        if event.mimeData().hasUrls() and any(u.isLocalFile() for u in event.mimeData().urls()):
            event.acceptProposedAction()
        else:
            event.ignore()

    def dragMoveEvent(self, event: Any) -> None:
        if event.mimeData().hasUrls():
            event.acceptProposedAction()
        else:
            event.ignore()

    def dropEvent(self, event: Any) -> None:
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

    # -- overlays -----------------------------------------------------------------------------------

    def drawForeground(self, painter: QPainter, rect: QRectF | QRect) -> None:
        area = QRectF(rect)
        for overlay in self.overlays:
            overlay.draw(painter, self, area)
        self.painted.emit()
