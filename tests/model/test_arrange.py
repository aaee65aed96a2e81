"""Align, distribute and group frames, decided without a window."""

import pytest

from epaperdesk.geometry import Rect
from epaperdesk.model import BoxFrame
from epaperdesk.model.arrange import align_frames, distribute_frames, group_frames, group_members, ungroup_frames
from epaperdesk.model.edits import EditError
from epaperdesk.model.page_setup import margin_box
from tests.model.edit_checks import round_trip


@pytest.fixture
def boxes(small_edition):
    page = small_edition.pages[1]
    page.frames += [
        BoxFrame("a", Rect(100, 600, 50, 40)),
        BoxFrame("b", Rect(300, 650, 80, 20)),
        BoxFrame("c", Rect(170, 700, 30, 30)),
    ]
    return small_edition


def test_align_to_the_selection_the_margins_and_the_page(boxes):
    round_trip(boxes, align_frames(boxes, ["a", "b", "c"], "left"))
    assert {boxes.frame_by_id(f).rect.x for f in "abc"} == {100}
    round_trip(boxes, align_frames(boxes, ["a", "b", "c"], "bottom"))
    assert {boxes.frame_by_id(f).rect.bottom for f in "abc"} == {730}
    round_trip(boxes, align_frames(boxes, ["b"], "right", "margins"))
    page = boxes.pages[1]
    assert boxes.frame_by_id("b").rect.right == pytest.approx(margin_box(boxes, page).right)
    round_trip(boxes, align_frames(boxes, ["a"], "center", "page"))
    assert boxes.frame_by_id("a").rect.x + 25 == pytest.approx(page.width / 2)
    assert align_frames(boxes, ["a"], "left") is None  # one frame has nothing to align to
    with pytest.raises(EditError):
        align_frames(boxes, ["a", "b"], "diagonal")


def test_distribute_centres_and_spacing(boxes):
    round_trip(boxes, distribute_frames(boxes, ["a", "b", "c"], "horizontal"))
    centres = sorted(boxes.frame_by_id(f).rect.x + boxes.frame_by_id(f).rect.width / 2 for f in "abc")
    assert centres[1] - centres[0] == pytest.approx(centres[2] - centres[1])
    round_trip(boxes, distribute_frames(boxes, ["a", "b", "c"], "vertical", "spacing"))
    rects = sorted((boxes.frame_by_id(f).rect for f in "abc"), key=lambda r: r.y)
    assert rects[1].top - rects[0].bottom == pytest.approx(rects[2].top - rects[1].bottom)
    assert distribute_frames(boxes, ["a", "b"], "horizontal") is None


def test_locked_frames_stay(boxes):
    boxes.frame_by_id("b").locked = True
    round_trip(boxes, align_frames(boxes, ["a", "b", "c"], "top"))
    assert boxes.frame_by_id("b").rect.y == 650


def test_groups_are_selected_together_and_taken_apart(boxes):
    edit, group = group_frames(boxes, ["a", "b"])
    round_trip(boxes, edit)
    assert group_members(boxes, ["a"]) == ["a", "b"]
    edit, outer = group_frames(boxes, ["a", "c"])  # a brings its group: one group of three
    round_trip(boxes, edit)
    assert set(group_members(boxes, ["c"])) == {"a", "b", "c"}
    round_trip(boxes, ungroup_frames(boxes, ["b"]))
    assert group_members(boxes, ["a"]) == ["a"]
    with pytest.raises(EditError, match="one page"):
        group_frames(boxes, ["a", "t1"])
    with pytest.raises(EditError, match="two frames"):
        group_frames(boxes, ["a"])
