"""The frame commands' decisions, without a window: ids of copies, what a delete takes along,
locked frames, stacking, new stories."""

import pytest

from epaperdesk.geometry import Rect
from epaperdesk.model.edits import EditError
from epaperdesk.model.frame_edits import (
    copy_id,
    delete_frames,
    duplicate_frames,
    empty_text_frame,
    move_frames,
    new_frame,
    new_story,
    resize_frames,
    restack_frames,
    toggle_lock,
    unthread_frames,
)
from epaperdesk.model.frames import TextFrame
from tests.model.edit_checks import round_trip as applied


def test_copies_are_numbered_not_suffixed_again():
    taken = {"house-ad", "house-ad-2"}
    assert copy_id("house-ad", taken) == "house-ad-3"
    assert copy_id("house-ad-3", taken | {"house-ad-3"}) == "house-ad-4"
    assert copy_id("p1-frame", set()) == "p1-frame-2"


def test_sixteen_duplicates_keep_short_ids(small_edition):
    ids = ["b1"]
    for _ in range(16):
        edit, ids = duplicate_frames(small_edition, ids)
        applied(small_edition, edit)
    assert ids == ["b1-17"]
    frames = {f.id for _, f in small_edition.frames()}
    assert {f"b1-{n}" for n in range(2, 18)} <= frames


def test_a_duplicate_is_empty_unlocked_and_moved(small_edition):
    small_edition.frame_by_id("t1").locked = True
    edit, (copy_of_t1, copy_of_i1) = duplicate_frames(small_edition, ["t1", "i1"], 10, 20)
    applied(small_edition, edit)
    t = small_edition.frame_by_id(copy_of_t1)
    assert isinstance(t, TextFrame) and t.story_id is None and t.next_frame_id is None and not t.locked
    assert (t.rect.x, t.rect.y) == (34 + 10, 34 + 20)
    assert small_edition.frame_by_id(copy_of_i1).caption_story_id is None
    page = small_edition.pages[0]
    assert [f.id for f in page.frames][-2:] == [copy_of_t1, copy_of_i1]


def test_deleting_a_threaded_frame_joins_the_thread_and_keeps_the_story(small_edition):
    edit = delete_frames(small_edition, ["t1"])
    applied(small_edition, edit)
    assert "t1" not in {f.id for _, f in small_edition.frames()}
    assert small_edition.frame_by_id("t2").story_id == "s1"
    assert "s1" in small_edition.stories


def test_deleting_a_whole_thread_in_one_command(small_edition):
    small_edition.frame_by_id("t2").next_frame_id = "t3"
    edit = delete_frames(small_edition, ["t2", "t1", "t3"])
    applied(small_edition, edit)
    assert {"t1", "t2", "t3"}.isdisjoint({f.id for _, f in small_edition.frames()})
    assert "s1" in small_edition.stories  # overset, not lost


def test_deleting_a_photo_takes_its_caption_frame_and_skips_locked_frames(small_edition):
    small_edition.pages[0].frames.append(TextFrame("cap-frame", Rect(34, 660, 300, 30), story_id="cap"))
    small_edition.frame_by_id("b1").locked = True
    edit = delete_frames(small_edition, ["i1", "b1"])
    applied(small_edition, edit)
    ids = {f.id for _, f in small_edition.frames()}
    assert "i1" not in ids and "cap-frame" not in ids and "b1" in ids


def test_nothing_to_do_is_none(small_edition):
    small_edition.frame_by_id("b1").locked = True
    assert delete_frames(small_edition, ["b1"]) is None
    assert move_frames(small_edition, ["b1"], 5, 5) is None
    assert delete_frames(small_edition, ["no-such-frame"]) is None
    assert unthread_frames(small_edition, ["t2"]) is None


def test_move_and_resize_respect_locks_and_minimum_size(small_edition):
    small_edition.frame_by_id("t2").locked = True
    applied(small_edition, move_frames(small_edition, ["t1", "t2"], 5, -3))
    assert small_edition.frame_by_id("t1").rect.x == 39 and small_edition.frame_by_id("t2").rect.x == 340
    applied(small_edition, resize_frames(small_edition, ["t1"], -1000, 10))
    assert small_edition.frame_by_id("t1").rect.width == 6.0
    assert small_edition.frame_by_id("t1").rect.height == 410


def test_restacking_several_frames_keeps_their_order(small_edition):
    applied(small_edition, restack_frames(small_edition, ["t1", "t2"], 1))
    assert [f.id for f in small_edition.pages[0].frames] == ["i1", "t1", "t2", "b1"]
    applied(small_edition, restack_frames(small_edition, ["b1"], -10))
    assert [f.id for f in small_edition.pages[0].frames][0] == "b1"
    assert restack_frames(small_edition, ["b1"], -1) is None


def test_lock_all_then_unlock_all(small_edition):
    small_edition.frame_by_id("t2").locked = True
    applied(small_edition, toggle_lock(small_edition, ["t1", "t2"]))
    assert small_edition.frame_by_id("t1").locked and small_edition.frame_by_id("t2").locked
    applied(small_edition, toggle_lock(small_edition, ["t1", "t2"]))
    assert not small_edition.frame_by_id("t1").locked and not small_edition.frame_by_id("t2").locked


def test_new_frames_and_new_stories(small_edition):
    edit, frame_id = new_frame(small_edition, "p2", Rect(40, 500, 200, 100), "text")
    applied(small_edition, edit)
    assert empty_text_frame(small_edition, [frame_id]) == frame_id
    assert empty_text_frame(small_edition, ["t2"]) is None  # continues a thread
    edit, story_id = new_story(small_edition, frame_id)
    applied(small_edition, edit)
    assert small_edition.frame_by_id(frame_id).story_id == story_id
    assert small_edition.stories[story_id].paragraph_styles == ["body"]
    assert small_edition.stories[story_id].name == "Story 1"
    edit, second = new_story(small_edition)
    applied(small_edition, edit)
    assert small_edition.stories[second].name == "Story 2"  # new stories are told apart
    with pytest.raises(EditError):
        new_story(small_edition, "t4")  # has a story already
    with pytest.raises(EditError):
        new_frame(small_edition, "p2", Rect(0, 0, 10, 10), "table")


def test_unthreading(small_edition):
    applied(small_edition, unthread_frames(small_edition, ["t1", "t2"]))
    assert small_edition.frame_by_id("t1").next_frame_id is None


def test_pictures_pan_and_scale_inside_their_frames(small_edition):
    from epaperdesk.model.frame_edits import pan_images, scale_images

    applied(small_edition, pan_images(small_edition, ["i1", "t1"], 5, -2))
    frame = small_edition.frame_by_id("i1")
    assert (frame.crop_x, frame.crop_y) == (5, -2)
    applied(small_edition, scale_images(small_edition, ["i1"], 0.01))
    assert small_edition.frame_by_id("i1").scale == 0.05
    assert scale_images(small_edition, ["t1"], 2.0) is None
