"""Working on the page as a layout editor does: rules and boxes drawn with the mouse, the
draw tools staying on, align and distribute, groups, the right-click menu, frame edges,
preview, hiding the panels, the status bar, File → Close and Revert."""

import pytest
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtWidgets import QMessageBox

from epaperdesk.model import ImageFrame, RuleFrame
from tests.ui.test_canvas import drag


@pytest.fixture
def window(window):
    window.view.set_zoom(1.0)
    return window


def page_point(window, x, y, index=0):
    view = window.view
    scene = view.scene_.page_origin(index) + QPointF(x, y)
    view.centerOn(scene)
    return view.mapFromScene(scene)


def new_frames(window, kind):
    """Frames of a kind, newest (highest-numbered id) last."""
    frames = [f for _, f in window.document.edition.frames() if isinstance(f, kind)]
    return sorted(
        frames,
        key=lambda f: (
            f.id.rsplit("-", 1)[0],
            int(f.id.rsplit("-", 1)[-1]) if f.id.rsplit("-", 1)[-1].isdigit() else -1,
        ),
    )


def added(window, before):
    """The frames made since `before` (a set of ids)."""
    return [f for _, f in window.document.edition.frames() if f.id not in before]


def frame_ids(window):
    return {f.id for _, f in window.document.edition.frames()}


def test_rules_are_drawn_straight_and_the_tool_stays_on(qtbot, window):
    window.view.snapping = False  # (measured exactly: snapping is tested on its own)
    before = frame_ids(window)
    window.commands.trigger("object.tool.rule")
    start = page_point(window, 100, 1000)
    drag(qtbot, window.view, start, start + QPoint(200, 13))  # a little off the straight
    (rule,) = added(window, before)
    assert isinstance(rule, RuleFrame)
    assert rule.rect.width == pytest.approx(200 / window.view.zoom, abs=0.5) and rule.rect.height == rule.weight
    assert window.view.tool == "rule" and window.commands.actions["object.tool.rule"].isChecked()
    before = frame_ids(window)
    start = page_point(window, 500, 900)
    drag(qtbot, window.view, start, start + QPoint(-5, 120))  # mostly down: a column rule
    (rule,) = added(window, before)
    assert rule.rect.height == pytest.approx(120 / window.view.zoom, abs=0.5) and rule.rect.width == rule.weight


def test_boxes_and_square_boxes(qtbot, window):
    window.commands.trigger("object.tool.box")
    before = frame_ids(window)
    start = page_point(window, 100, 1000)
    drag(qtbot, window.view, start, start + QPoint(120, 60))
    (box,) = added(window, before)
    zoom = window.view.zoom
    assert (round(box.rect.width * zoom), round(box.rect.height * zoom)) == (120, 60)
    assert box.fill == "Black" and box.tint < 100
    before = frame_ids(window)
    viewport = window.view.viewport()
    start = page_point(window, 300, 1000)
    qtbot.mousePress(viewport, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.ShiftModifier, start)
    qtbot.mouseMove(viewport, start + QPoint(90, 40))
    qtbot.mouseRelease(viewport, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.ShiftModifier, start + QPoint(90, 40))
    (square,) = added(window, before)
    assert square.rect.width == pytest.approx(square.rect.height)
    window.commands.trigger("edit.undo")
    assert square.id not in frame_ids(window) and box.id in frame_ids(window)


def test_align_and_group_from_the_menus(qtbot, window):
    view = window.view
    view.set_selection(["lead-photo", "soil-photo"])
    window.commands.trigger("object.align_left")
    edition = window.document.edition
    assert edition.frame_by_id("soil-photo").rect.x == edition.frame_by_id("lead-photo").rect.x
    window.commands.trigger("edit.undo")
    window.commands.trigger("object.group")
    view.set_selection([])
    start = page_point(
        window, edition.frame_by_id("soil-photo").rect.x + 20, edition.frame_by_id("soil-photo").rect.y + 20
    )
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=start)
    assert set(view.selected) >= {"lead-photo", "soil-photo"}  # one click selects the group
    window.commands.trigger("object.tool.direct")
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=start)
    assert view.selected == ["soil-photo"]  # the direct tool picks one frame of it
    window.commands.trigger("object.ungroup")
    assert not edition.frame_by_id("lead-photo").group


def test_the_right_click_menu_holds_the_frame_commands(qtbot, window, monkeypatch):
    shown = []
    monkeypatch.setattr(window, "popup_menu", lambda menu, point: shown.append([a.text() for a in menu.actions()]))
    start = page_point(window, 100, 1000)
    frame = window.view.frame_at(window.view.mapToScene(start))
    assert frame is not None
    window.view.contextMenuEvent(_context_event(window, start))
    assert window.view.selected == [frame[1].id]
    texts = [t.replace("&", "") for t in shown[-1]]
    assert "Duplicate" in texts and "Lock or Unlock" in texts and "Bring Forward" in texts


def _context_event(window, point):
    from PySide6.QtGui import QContextMenuEvent

    return QContextMenuEvent(QContextMenuEvent.Reason.Mouse, point, window.view.viewport().mapToGlobal(point))


def test_frame_edges_preview_and_hiding_the_panels(qtbot, window):
    view = window.view
    assert view.show_frame_edges
    window.commands.trigger("view.frame_edges")
    assert not view.show_frame_edges
    window.commands.trigger("view.preview")
    assert view.preview_mode and not view.scene_.guides_visible
    view.setFocus()
    assert window.docks.story_dock.isVisible()
    qtbot.keyClick(view, Qt.Key.Key_Tab)
    assert not window.docks.story_dock.isVisible() and window.panels_hidden()
    qtbot.keyClick(view, Qt.Key.Key_Tab)
    assert window.docks.story_dock.isVisible()


def test_empty_photo_frames_are_drawn_as_placeholders(qtbot, window):
    window.commands.trigger("object.new_photo_frame")
    frame = window.document.edition.frame_by_id(window.view.selected[0])
    assert isinstance(frame, ImageFrame) and frame.image is None
    window.view.set_selection([])
    r = frame.rect
    window.view.centerOn(window.view.scene_.page_origin(0) + QPointF(r.x + r.width / 2, r.y + r.height / 2))

    def ink() -> int:
        image = window.view.viewport().grab().toImage()
        centre = window.view.viewport().rect().center()
        size = round(min(r.width, r.height) * window.view.zoom / 3)
        return sum(
            1
            for dx in range(-size, size)
            for dy in range(-size, size)
            if image.pixelColor(centre.x() + dx, centre.y() + dy).lightness() < 235
        )

    with_cross = ink()
    window.commands.trigger("view.frame_edges")
    assert with_cross > ink() + 10  # the cross shows where a picture goes; off, the frame is blank


def test_status_bar_says_what_is_selected_in_the_users_unit(qtbot, window):
    window.apply_preferences(__import__("dataclasses").replace(window.preferences, units="pica"))
    window.view.set_selection(["lead-photo", "soil-photo"])
    assert window.status.selection_label.text().startswith("2 frames: ")
    assert "p" in window.status.selection_label.text()
    window.status.show_pointer(150.0, 13.0)
    assert window.status.position_label.text() == "x 12p6  y 1p1"
    window.view.delete_selection()
    assert window.status.selection_label.text() == ""


def test_revert_and_close(qtbot, window, monkeypatch):
    saved = window.document.edition.frame_by_id("soil-photo").rect
    window.view.set_selection(["soil-photo"])
    window.view.nudge(20, 0)
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    window.commands.trigger("file.revert")
    assert window.document.edition.frame_by_id("soil-photo").rect == saved and not window.isWindowModified()
    window.commands.trigger("file.close")
    assert window.document.path is None and window.document.edition.title == "Untitled"
    assert window.view.width() > 400  # the canvas keeps its size through another document
