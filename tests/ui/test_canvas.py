"""The canvas as a layout editor uses it: drags, snaps, resizes, keys, undo, files."""

import subprocess
import sys

import pytest
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtWidgets import QFileDialog, QMessageBox

from epaperdesk.io.epd import load_edition


@pytest.fixture
def window(window):
    """The shared window (tests/ui/conftest.py) at 100 % zoom."""
    window.view.set_zoom(1.0)
    return window


def centre_on(window, frame_id):
    view = window.view
    index, _, frame = view.frame_page(frame_id)
    origin = view.scene_.page_origin(index)
    r = frame.rect
    scene_point = origin + QPointF(r.x + r.width / 2, r.y + r.height / 2)
    view.centerOn(scene_point)
    return view.mapFromScene(scene_point)


def drag(qtbot, view, start: QPoint, end: QPoint, steps: int = 5):
    viewport = view.viewport()
    qtbot.mousePress(viewport, Qt.MouseButton.LeftButton, pos=start)
    for i in range(1, steps + 1):
        point = start + (end - start) * (i / steps)
        qtbot.mouseMove(viewport, pos=QPoint(round(point.x()), round(point.y())))
    qtbot.mouseRelease(viewport, Qt.MouseButton.LeftButton, pos=end)


def story_lines(window, story_id):
    return sum(1 for page in window.document.layout.pages for r in page.lines if r.story_id == story_id)


def test_drag_moves_the_frame_by_the_distance_and_undo_restores(qtbot, window):
    view = window.view
    view.snapping = False
    before = window.document.edition.frame_by_id("soil-photo").rect
    start = centre_on(window, "soil-photo")
    steps = window.document.undo_stack.count()
    drag(qtbot, view, start, start + QPoint(40, 25))
    after = window.document.edition.frame_by_id("soil-photo").rect
    assert after.x - before.x == pytest.approx(40 / view.zoom, abs=0.01)
    assert after.y - before.y == pytest.approx(25 / view.zoom, abs=0.01)
    assert window.document.undo_stack.count() == steps + 1, "one drag is one undo step"
    assert window.isWindowModified()
    window.commands.trigger("edit.undo")
    assert window.document.edition.frame_by_id("soil-photo").rect == before


def test_drag_snaps_to_a_column_edge(qtbot, window):
    view = window.view
    page = window.document.edition.pages[0]
    frame = window.document.edition.frame_by_id("soil-photo")
    column_left = page.column_positions()[4][0]  # a column edge to the left of the photo
    start = centre_on(window, "soil-photo")
    distance = column_left - frame.rect.left + 3.0  # 3 points short of the edge: within snapping
    drag(qtbot, view, start, start + QPoint(round(distance * view.zoom), 0))
    moved = window.document.edition.frame_by_id("soil-photo").rect
    assert moved.left == pytest.approx(column_left, abs=1e-6)


def test_resizing_a_frame_reflows_its_story(qtbot, window):
    view = window.view
    view.snapping = False
    lines = story_lines(window, "briefs")
    centre_on(window, "briefs")
    view.set_selection(["briefs"])
    handle = view.handle_rects("briefs")["r"].center()
    start = view.mapFromScene(handle)
    drag(qtbot, view, start, start + QPoint(-30, 0))
    assert window.document.edition.frame_by_id("briefs").rect.width < 100
    assert story_lines(window, "briefs") > lines
    window.commands.trigger("edit.undo")
    assert story_lines(window, "briefs") == lines


def test_keyboard_nudges_deletes_and_undoes(qtbot, window):
    view = window.view
    view.setFocus()
    view.set_selection(["soil-photo"])
    before = window.document.edition.frame_by_id("soil-photo").rect
    qtbot.keyClick(view, Qt.Key.Key_Right)
    qtbot.keyClick(view, Qt.Key.Key_Down, Qt.KeyboardModifier.ShiftModifier)
    moved = window.document.edition.frame_by_id("soil-photo").rect
    assert (moved.x - before.x, moved.y - before.y) == pytest.approx((1.0, 10.0))
    qtbot.keyClick(view, Qt.Key.Key_Delete)
    assert "soil-photo" not in {f.id for _, f in window.document.edition.frames()}
    for _ in range(3):
        window.commands.trigger("edit.undo")
    assert window.document.edition.frame_by_id("soil-photo").rect == before


def test_locked_frames_do_not_move(qtbot, window):
    view = window.view
    view.set_selection(["soil-photo"])
    window.commands.trigger("object.lock")
    before = window.document.edition.frame_by_id("soil-photo").rect
    start = centre_on(window, "soil-photo")
    drag(qtbot, view, start, start + QPoint(40, 0))
    assert window.document.edition.frame_by_id("soil-photo").rect == before


def test_rubber_band_selects_frames(qtbot, window):
    view = window.view
    view.set_zoom(0.4)
    centre = centre_on(window, "soil-photo")
    origin = view.mapFromScene(view.scene_.page_origin(0) + QPointF(-20, 790))  # off the page, below the lead
    view.set_selection([])
    drag(qtbot, view, origin, centre)
    assert "soil-photo" in view.selected and "interview-head" in view.selected
    assert "masthead" not in view.selected


def test_guide_from_the_ruler(qtbot, window):
    view = window.view
    point = view.viewport().mapToGlobal(centre_on(window, "soil-photo"))
    assert window.hruler.add_guide_at(point)
    guides = window.document.edition.pages[0].guides
    assert len(guides) == 1 and guides[0].orientation == "h"
    window.commands.trigger("edit.undo")
    assert window.document.edition.pages[0].guides == ()


def test_image_pans_and_scales_inside_its_frame(qtbot, window):
    view = window.view
    view.set_selection(["lead-photo"])
    window.commands.trigger("object.image_mode")
    start = centre_on(window, "lead-photo")
    drag(qtbot, view, start, start + QPoint(20, 10))
    frame = window.document.edition.frame_by_id("lead-photo")
    assert (frame.crop_x, frame.crop_y) == pytest.approx((20 / view.zoom, 10 / view.zoom))
    window.commands.trigger("object.image_larger")
    assert window.document.edition.frame_by_id("lead-photo").scale == pytest.approx(1.05)


def test_new_frames_and_linking(qtbot, window):
    view = window.view
    window.commands.trigger("object.new_text_frame")
    first = view.selected[0]
    window.commands.trigger("object.new_text_frame")
    second = view.selected[0]
    view.set_selection([first, second])
    window.commands.trigger("object.link")
    assert window.document.edition.frame_by_id(first).next_frame_id == second


def test_open_and_save_through_the_window(qtbot, window, tmp_path, monkeypatch):
    view = window.view
    view.set_selection(["soil-photo"])
    view.nudge(5, 0)
    assert window.windowTitle().startswith("edition.epd")
    assert window.isWindowModified()
    window.commands.trigger("file.save")
    assert not window.isWindowModified()
    target = tmp_path / "copy.epd"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), FILE_FILTER))
    window.commands.trigger("file.save_as")
    assert window.document.path == target
    reopened = load_edition(target)
    assert reopened == window.document.edition
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(tmp_path / "edition.epd"), FILE_FILTER))
    window.commands.trigger("file.open")
    assert window.document.path.name == "edition.epd"
    assert window.document.edition.frame_by_id("soil-photo").rect == reopened.frame_by_id("soil-photo").rect


FILE_FILTER = "EpaperDesk editions (*.epd)"


def test_unsaved_changes_are_not_lost_on_close(qtbot, window, monkeypatch):
    window.view.set_selection(["soil-photo"])
    window.view.nudge(5, 0)
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Cancel)
    assert not window.close()
    assert window.isVisible()


def test_open_reports_a_bad_file(qtbot, window, tmp_path, monkeypatch):
    bad = tmp_path / "bad.epd"
    bad.write_bytes(b"rubbish")
    messages = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *a, **k: messages.append(a[2]))
    assert not window.files.open_path(bad)
    assert "not a zip container" in messages[0]
    assert window.document.path.name == "edition.epd"


def test_screenshot_command(sample_path, tmp_path):
    out = tmp_path / "window.png"
    result = subprocess.run(
        [sys.executable, "-m", "epaperdesk", str(sample_path), "--screenshot", str(out)],
        capture_output=True,
        text=True,
        timeout=120,
        env={**__import__("os").environ, "QT_QPA_PLATFORM": "offscreen"},
    )
    assert result.returncode == 0, result.stderr
    from PIL import Image

    with Image.open(out) as image:
        assert image.size == (1400, 1000)
        # the page is on it: plenty of white paper and dark type
        colours = image.convert("L").getcolors(1400 * 1000)
        white = sum(c for c, v in colours if v > 245)
        dark = sum(c for c, v in colours if v < 80)
        assert white > 100_000 and dark > 5_000


def test_guides_move_and_leave_by_dragging(qtbot, window):
    view = window.view
    start = centre_on(window, "soil-photo")
    assert window.hruler.add_guide_at(view.viewport().mapToGlobal(start))
    position = window.document.edition.pages[0].guides[0].position
    # grab it in the page's outer margin, where no frame is
    margin_point = view.scene_.page_origin(0) + QPointF(10, position)
    view.centerOn(margin_point)
    grab = view.mapFromScene(margin_point)
    drag(qtbot, view, grab, grab + QPoint(0, 20))
    moved = window.document.edition.pages[0].guides[0].position
    assert moved == pytest.approx(position + 20 / view.zoom, abs=0.02)
    # dragged off the page, the guide is removed; undo brings it back
    margin_point = view.scene_.page_origin(0) + QPointF(10, moved)
    view.centerOn(margin_point)
    grab = view.mapFromScene(margin_point)
    drag(qtbot, view, grab, grab + QPoint(-400, 0))
    assert window.document.edition.pages[0].guides == ()
    window.commands.trigger("edit.undo")
    assert len(window.document.edition.pages[0].guides) == 1


def test_snap_lines_go_away_when_the_drag_ends(qtbot, window):
    view = window.view
    page = window.document.edition.pages[0]
    frame = window.document.edition.frame_by_id("soil-photo")
    column_left = page.column_positions()[4][0]
    start = centre_on(window, "soil-photo")
    viewport = view.viewport()
    qtbot.mousePress(viewport, Qt.MouseButton.LeftButton, pos=start)
    target = start + QPoint(round((column_left - frame.rect.left + 3.0) * view.zoom), 0)
    qtbot.mouseMove(viewport, pos=target)
    assert view.snap_lines, "a snap line shows while dragging"
    qtbot.mouseRelease(viewport, Qt.MouseButton.LeftButton, pos=target)
    assert view.snap_lines == ()


def test_draft_typesetting_toggle(window):
    window.commands.trigger("view.draft")
    assert window.document.typesetter.draft
    assert sum(1 for r in window.document.layout.pages[0].lines if r.story_id == "lead") > 0
    window.commands.trigger("view.draft")
    assert not window.document.typesetter.draft


def test_a_guide_dragged_from_the_ruler_is_previewed(qtbot, window):
    view = window.view
    ruler = window.hruler
    target = view.viewport().mapToGlobal(centre_on(window, "soil-photo"))
    qtbot.mousePress(ruler, Qt.MouseButton.LeftButton, pos=QPoint(50, 10))
    qtbot.mouseMove(ruler, pos=ruler.mapFromGlobal(target))
    assert view.guide_preview is not None and view.guide_preview[0] == "h"
    qtbot.mouseRelease(ruler, Qt.MouseButton.LeftButton, pos=ruler.mapFromGlobal(target))
    assert view.guide_preview is None
    assert len(window.document.edition.pages[0].guides) == 1
