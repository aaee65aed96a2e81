"""What the Properties panel's fields mean, without a window: the values a selection shares,
one edit per change (its inverse restores), locked frames left alone, captions following
their photos, and impossible values refused in words before anything is built."""

import copy

import pytest

from epaperdesk.geometry import Rect
from epaperdesk.model.edits import EditError
from epaperdesk.model.frame_properties import (
    MIXED,
    all_fields,
    check_value,
    common_values,
    describe_selection,
    set_frame_field,
)
from epaperdesk.model.frames import Insets, RuleFrame, TextFrame
from tests.model.edit_checks import round_trip as applied


@pytest.fixture
def edition(small_edition):
    """The small edition with a rule and a caption frame under the photo."""
    page = small_edition.pages[0]
    page.frames.append(RuleFrame("r1", Rect(34, 440, 300, 2), weight=0.5, color="Black"))
    page.frames.append(TextFrame("cap-frame", Rect(34, 654, 300, 30), story_id="cap"))
    return small_edition


# -- what the selection shares --------------------------------------------------------------


def test_one_text_frame_shows_every_field_of_its_kind(edition):
    values = common_values(edition, ["t1"])
    assert values["x"] == 34 and values["width"] == 300 and values["height"] == 400
    assert values["columns"] == 2 and values["gutter"] == 9.0 and values["vertical_align"] == "top"
    assert values["inset_top"] == 0.0 and values["story"] == "s1"
    assert "weight" not in values and "fit" not in values and "fill" not in values


def test_a_continuation_frame_shows_the_story_of_its_thread(edition):
    assert common_values(edition, ["t2"])["story"] == "s1"
    assert common_values(edition, ["t3"])["story"] is None


def test_fields_the_frames_differ_on_are_mixed(edition):
    values = common_values(edition, ["t1", "t2"])
    assert values["x"] is MIXED and values["columns"] is MIXED
    assert values["y"] == 34 and values["width"] == 300 and values["gutter"] == 9.0


def test_each_kind_brings_its_own_fields(edition):
    values = common_values(edition, ["i1", "r1", "b1"])
    assert values["fit"] == "fill" and values["scale"] == 1.0
    assert values["weight"] == 0.5 and values["dash"] == "solid" and values["color"] == "Black"
    assert values["fill"] == "Black" and values["stroke"] is None
    assert values["tint"] is MIXED  # the rule's 100 and the box's 20
    assert "columns" not in values


def test_no_frames_no_fields(edition):
    assert common_values(edition, []) == {}
    assert common_values(edition, ["gone"]) == {}


def test_the_selection_in_words(edition):
    assert describe_selection(edition, ["t2"]) == "text frame t2"
    assert describe_selection(edition, ["i1"]) == "photo frame i1"
    assert describe_selection(edition, ["t1", "t2", "t3"]) == "3 text frames"
    assert describe_selection(edition, ["t1", "b1", "r1"]) == "3 frames"
    assert describe_selection(edition, []) == "No selection"


# -- setting --------------------------------------------------------------------------------


def test_columns_on_one_frame_is_one_edit_named_columns(edition):
    edit = set_frame_field(edition, ["t3"], "columns", 4)
    assert edit is not None and edit.label == "Columns"
    applied(edition, edit)
    assert edition.frame_by_id("t3").columns == 4


def test_a_value_typed_for_several_frames_sets_all_and_one_undo_restores_them(edition):
    before = copy.deepcopy(edition)
    edition.frame_by_id("t2").rect = Rect(340, 34, 250, 400)
    before.frame_by_id("t2").rect = Rect(340, 34, 250, 400)
    edit = set_frame_field(edition, ["t1", "t2"], "width", 280.0)
    assert edit is not None and edit.label == "Resize"
    applied(edition, edit)
    assert [edition.frame_by_id(f).rect.width for f in ("t1", "t2")] == [280.0, 280.0]
    assert edition.frame_by_id("t1").rect.x == 34  # resized from the top-left corner
    edit.inverse().apply(edition)
    assert edition == before


def test_moving_a_photo_moves_its_caption_by_as_much(edition):
    edit = set_frame_field(edition, ["i1"], "x", 100.0)
    assert edit is not None and edit.label == "Move"
    applied(edition, edit)
    assert edition.frame_by_id("i1").rect.x == 100
    assert edition.frame_by_id("cap-frame").rect.x == 100  # 34 + 66
    applied(edition, set_frame_field(edition, ["i1"], "y", 500.0))
    assert edition.frame_by_id("cap-frame").rect.y == 704  # 654 + 50


def test_a_selected_caption_is_set_not_moved_twice(edition):
    applied(edition, set_frame_field(edition, ["i1", "cap-frame"], "x", 60.0))
    assert edition.frame_by_id("cap-frame").rect.x == 60


def test_resizing_a_photo_keeps_its_caption_under_it(edition):
    photo, caption = edition.frame_by_id("i1").rect, edition.frame_by_id("cap-frame").rect
    gap = caption.y - photo.bottom
    applied(edition, set_frame_field(edition, ["i1"], "height", 150.0))
    photo = edition.frame_by_id("i1").rect
    assert edition.frame_by_id("cap-frame").rect == Rect(caption.x, photo.bottom + gap, caption.width, caption.height)


def test_insets_are_set_one_side_at_a_time(edition):
    edit = set_frame_field(edition, ["t1", "t4"], "inset_left", 6.0)
    assert edit is not None and edit.label == "Insets"
    applied(edition, edit)
    assert edition.frame_by_id("t1").insets == Insets(0, 6, 0, 0)
    assert edition.frame_by_id("t4").insets == Insets(0, 6, 0, 0)


@pytest.mark.parametrize(
    ("ids", "field", "value", "check"),
    [
        (["t1"], "gutter", 12.0, lambda e: e.frame_by_id("t1").gutter == 12.0),
        (["t1"], "vertical_align", "justify", lambda e: e.frame_by_id("t1").vertical_align == "justify"),
        (["t1"], "wrap", True, lambda e: e.frame_by_id("t1").wrap),
        (["t1"], "wrap_offset", 6.0, lambda e: e.frame_by_id("t1").wrap_offset == 6.0),
        (["i1"], "fit", "fit", lambda e: e.frame_by_id("i1").fit == "fit"),
        (["i1"], "scale", 1.5, lambda e: e.frame_by_id("i1").scale == 1.5),
        (["i1"], "crop_x", -20.0, lambda e: e.frame_by_id("i1").crop_x == -20.0),
        (["i1"], "alt_text", "A harbour", lambda e: e.frame_by_id("i1").alt_text == "A harbour"),
        (["r1"], "weight", 2.0, lambda e: e.frame_by_id("r1").weight == 2.0),
        (["r1"], "dash", "dotted", lambda e: e.frame_by_id("r1").dash == "dotted"),
        (["r1"], "color", "Paper", lambda e: e.frame_by_id("r1").color == "Paper"),
        (["r1", "b1"], "tint", 50.0, lambda e: e.frame_by_id("r1").tint == e.frame_by_id("b1").tint == 50.0),
        (["b1"], "fill", None, lambda e: e.frame_by_id("b1").fill is None),
        (["b1"], "stroke", "Black", lambda e: e.frame_by_id("b1").stroke == "Black"),
        (["b1"], "stroke_weight", 1.0, lambda e: e.frame_by_id("b1").stroke_weight == 1.0),
        (["r1"], "height", 1.0, lambda e: e.frame_by_id("r1").rect.height == 1.0),  # a rule may be thin
    ],
)
def test_every_field_applies_and_its_inverse_restores(edition, ids, field, value, check):
    edit = set_frame_field(edition, ids, field, value)
    assert edit is not None
    applied(edition, edit)
    assert check(edition)


def test_every_field_is_known_to_the_checks(edition):
    for field in all_fields():
        if field in ("story", "image"):
            continue
        value = common_values(edition, ["t1", "i1", "r1", "b1"])[field]
        if value is not MIXED:
            assert check_value(edition, field, value) == value


def test_only_the_frames_that_have_the_field_change(edition):
    edit = set_frame_field(edition, ["t1", "b1", "r1"], "columns", 3)
    applied(edition, edit)
    assert edition.frame_by_id("t1").columns == 3
    assert set_frame_field(edition, ["b1", "r1"], "columns", 3) is None


def test_locked_frames_are_left_alone(edition):
    edition.frame_by_id("t2").locked = True
    applied(edition, set_frame_field(edition, ["t1", "t2"], "columns", 4))
    assert edition.frame_by_id("t1").columns == 4 and edition.frame_by_id("t2").columns == 1
    assert set_frame_field(edition, ["t2"], "x", 0.0) is None
    assert set_frame_field(edition, ["t2"], "gutter", 20.0) is None


def test_a_locked_photo_keeps_its_caption_where_it_is(edition):
    edition.frame_by_id("cap-frame").locked = True
    applied(edition, set_frame_field(edition, ["i1"], "x", 50.0))
    assert edition.frame_by_id("cap-frame").rect.x == 34


def test_locked_itself_reaches_locked_frames(edition):
    edition.frame_by_id("t2").locked = True
    edit = set_frame_field(edition, ["t1", "t2"], "locked", False)
    assert edit is not None and edit.label == "Unlock"
    applied(edition, edit)
    assert not edition.frame_by_id("t2").locked
    edit = set_frame_field(edition, ["t1", "t2"], "locked", True)
    assert edit is not None and edit.label == "Lock"


def test_nothing_to_change_is_none(edition):
    assert set_frame_field(edition, ["t1"], "columns", 2) is None
    assert set_frame_field(edition, ["t1"], "x", 34.0) is None
    assert set_frame_field(edition, [], "columns", 3) is None
    assert set_frame_field(edition, ["gone"], "columns", 3) is None


# -- refusing -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("ids", "field", "value", "message"),
    [
        (["t1"], "columns", 0, "columns: 1–40"),
        (["t1"], "columns", 41, "columns: 1–40"),
        (["t1"], "columns", 2.5, "columns: 1–40"),
        (["t1"], "columns", True, "columns: 1–40"),
        (["t1"], "gutter", 299.0, "the gutters leave no room for the columns (gutter: at most 298 pt)"),
        (["t1"], "gutter", -1.0, "gutter: 0–1000 pt"),
        (["t1"], "columns", 35, "the gutters leave no room for the columns (columns: 1–30 in this frame)"),
        (["t1"], "width", 10.0, "width: at least 11 pt for 2 columns"),
        (["t1"], "inset_left", 290.0, "the insets leave no room for the columns"),
        (["t1"], "inset_top", 399.5, "the insets leave no room for the text"),
        (["t1"], "width", 5.0, "width: 6–20000 pt"),
        (["b1"], "height", 0.0, "height: 6–20000 pt"),
        (["t1"], "x", 30000.0, "x: -20000–20000 pt"),
        (["t1"], "x", float("nan"), "x: a number, not nan"),
        (["t1"], "x", "12p6", "x: a number, not '12p6'"),
        (["t1"], "wrap_offset", 2000.0, "wrap offset: 0–1000 pt"),
        (["t1"], "wrap", "yes", "wrap: on or off"),
        (["t1"], "vertical_align", "middle", "vertical alignment: top, center, bottom or justify"),
        (["i1"], "fit", "cover", "fit: fill, fit, actual, center, stretch or none"),
        (["i1"], "scale", 0.0, "scale: 1–10000 %"),
        (["r1"], "tint", 101.0, "tint: 0–100 %"),
        (["b1"], "tint", -5.0, "tint: 0–100 %"),
        (["r1"], "weight", 0.0, "weight: more than 0, at most 1000 pt"),
        (["r1"], "dash", "dash-dot", "dash: solid, dashed or dotted"),
        (["r1"], "color", None, "colour: no swatch None in this edition"),
        (["b1"], "fill", "Nonesuch", "fill: no swatch 'Nonesuch' in this edition"),
        (["b1"], "stroke_weight", -1.0, "stroke weight: 0–1000 pt"),
        (["t1"], "story", "s2", "story: shown here, changed by placing a story into the frame"),
        (["t1"], "next_frame_id", None, "'next_frame_id' is not a field of a frame"),
    ],
)
def test_impossible_values_are_refused_in_words_and_change_nothing(edition, ids, field, value, message):
    before = copy.deepcopy(edition)
    with pytest.raises(EditError) as refused:
        set_frame_field(edition, ids, field, value)
    assert str(refused.value) == message
    assert edition == before


def test_one_impossible_frame_refuses_the_whole_change(edition):
    edition.frame_by_id("t2").columns = 3
    edition.frame_by_id("t2").rect = Rect(340, 34, 30, 400)  # 3 columns of 4 pt
    with pytest.raises(EditError, match="gutters leave no room"):
        set_frame_field(edition, ["t1", "t2"], "gutter", 14.0)
    assert edition.frame_by_id("t1").gutter == 9.0


def test_a_frame_already_too_narrow_can_still_be_moved(edition):
    edition.frame_by_id("t1").rect = Rect(34, 34, 6, 400)  # two columns that cannot fit
    applied(edition, set_frame_field(edition, ["t1"], "y", 50.0))
    applied(edition, set_frame_field(edition, ["t1"], "columns", 1))
