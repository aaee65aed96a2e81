import copy
import dataclasses

import pytest

from epaperdesk.geometry import Rect
from epaperdesk.io.epd import edition_from_bytes, edition_to_bytes
from epaperdesk.model import Page, ParagraphStyle, TextFrame
from epaperdesk.model.edits import (
    AddFrame,
    AddPage,
    CompositeEdit,
    EditError,
    MovePage,
    SetEditionField,
    SetFrameProperty,
    SetParagraphStyle,
    SetStoryProperty,
    SetStyle,
    format_text,
    link_frames,
    move_frame,
    remove_frame,
    remove_page,
    resize_frame,
    splice_text,
    unlink_frames,
)
from epaperdesk.model.styles import StoryFit
from tests.model.edit_checks import round_trip


def test_typing_inherits_formatting_and_paragraph_style(small_edition):
    edit = splice_text(small_edition, "s1", 4, 0, "XX")
    round_trip(small_edition, edit)
    story = small_edition.stories["s1"]
    assert story.text.startswith("HeadXXline")
    assert story.spans["bold"] == [(0, 10)]


def test_enter_splits_a_paragraph_with_its_style(small_edition):
    edit = splice_text(small_edition, "s1", 14, 0, "\n")
    round_trip(small_edition, edit)
    assert small_edition.stories["s1"].paragraph_styles == ["headline", "body", "body", "body"]


def test_splice_refuses_text_that_is_not_there(small_edition):
    edit = splice_text(small_edition, "s1", 0, 4, "Foot")
    edit.apply(small_edition)
    with pytest.raises(EditError, match="does not hold"):
        edit.apply(small_edition)


def test_splice_refuses_unknown_styles(small_edition):
    edit = splice_text(small_edition, "s2", 0, 0, "x\n", paragraph_style="nonexistent")
    with pytest.raises(EditError, match="no paragraph style"):
        edit.apply(small_edition)


def test_format_text_sets_and_clears_a_style(small_edition):
    round_trip(small_edition, format_text(small_edition, "s2", 0, 7, "italic"))
    assert small_edition.stories["s2"].spans == {"italic": [(0, 7)]}
    round_trip(small_edition, format_text(small_edition, "s2", 2, 4, "italic", on=False))
    assert small_edition.stories["s2"].spans == {"italic": [(0, 2), (4, 7)]}


def test_paragraph_style_change(small_edition):
    round_trip(small_edition, SetParagraphStyle("s1", 2, "body", "headline"))
    with pytest.raises(EditError):
        SetParagraphStyle("s1", 2, "body", "headline").apply(small_edition)


def test_move_and_resize(small_edition):
    round_trip(small_edition, move_frame(small_edition, "t1", 10.5, -4))
    assert small_edition.frame_by_id("t1").rect == Rect(44.5, 30, 300, 400)
    edit = resize_frame(small_edition, "t1", 200, 100)
    assert edit.label == "Resize frame"
    round_trip(small_edition, edit)
    with pytest.raises(EditError):
        resize_frame(small_edition, "t1", -1, 100)


def test_frame_property_uses_the_frames_own_checks(small_edition):
    round_trip(small_edition, SetFrameProperty("t1", "columns", 2, 3))
    with pytest.raises(EditError, match="needs 1–40 columns"):
        SetFrameProperty("t1", "columns", 3, 0).apply(small_edition)
    with pytest.raises(EditError, match="not a property"):
        SetFrameProperty("t1", "id", "t1", "x").apply(small_edition)


def test_add_and_remove_frame(small_edition):
    frame = TextFrame("t9", Rect(0, 0, 50, 50))
    round_trip(small_edition, AddFrame("p2", 0, frame))
    with pytest.raises(EditError, match="exists already"):
        AddFrame("p1", 0, frame).apply(small_edition)


def test_link_and_unlink(small_edition):
    round_trip(small_edition, link_frames(small_edition, "t2", "t3"))
    assert [f.id for f in small_edition.story_frames("s1")] == ["t1", "t2", "t3"]
    round_trip(small_edition, unlink_frames(small_edition, "t2"))
    assert [f.id for f in small_edition.story_frames("s1")] == ["t1", "t2"]


def test_linking_refuses_loops_and_frames_with_stories(small_edition):
    with pytest.raises(EditError, match="holds a story"):
        link_frames(small_edition, "t2", "t4").apply(small_edition)
    with pytest.raises(EditError, match="holds a story"):
        link_frames(small_edition, "t2", "t1").apply(small_edition)
    AddFrame("p2", 0, TextFrame("t5", Rect(0, 0, 50, 50))).apply(small_edition)
    link_frames(small_edition, "t3", "t5").apply(small_edition)
    with pytest.raises(EditError, match="loop"):
        link_frames(small_edition, "t5", "t3").apply(small_edition)
    with pytest.raises(EditError, match="already continues"):
        link_frames(small_edition, "t2", "t5").apply(small_edition)


def test_removing_the_head_of_a_thread_moves_its_story_on(small_edition):
    edited = round_trip(small_edition, remove_frame(small_edition, "t1"))
    assert edited.frame_by_id("t2").story_id == "s1"
    assert "s1" in edited.stories


def test_removing_the_middle_of_a_thread_joins_it(small_edition):
    link_frames(small_edition, "t2", "t3").apply(small_edition)
    edited = round_trip(small_edition, remove_frame(small_edition, "t2"))
    assert [f.id for f in edited.story_frames("s1")] == ["t1", "t3"]


def test_deleting_a_page_holding_part_of_a_thread_keeps_the_story(small_edition):
    link_frames(small_edition, "t2", "t3").apply(small_edition)
    edited = round_trip(small_edition, remove_page(small_edition, "p2"))
    assert [p.id for p in edited.pages] == ["p1"]
    assert [f.id for f in edited.story_frames("s1")] == ["t1", "t2"]
    # s2 lived only on the deleted page: it is unplaced, not lost
    assert edited.stories["s2"].text == "Another story."
    assert edited.story_frames("s2") == []


def test_pages_add_and_move(small_edition):
    round_trip(small_edition, AddPage(1, Page.from_preset("p3", "tabloid")))
    round_trip(small_edition, MovePage(0, 2))
    assert [p.id for p in small_edition.pages] == ["p3", "p2", "p1"]
    with pytest.raises(EditError):
        MovePage(0, 5).apply(small_edition)


def test_styles_add_change_remove(small_edition):
    deck = ParagraphStyle("deck", italic=True, size=13, leading=15)
    round_trip(small_edition, SetStyle("paragraph", "deck", None, deck))
    bigger = ParagraphStyle("deck", italic=True, size=14, leading=16)
    round_trip(small_edition, SetStyle("paragraph", "deck", deck, bigger))
    round_trip(small_edition, SetStyle("paragraph", "deck", bigger, None))
    assert "deck" not in small_edition.paragraph_styles


def test_edition_fields(small_edition):
    round_trip(small_edition, SetEditionField("number", 7, 8))
    with pytest.raises(EditError):
        SetEditionField("language", "en_US", "xx").apply(small_edition)


def test_composite_is_all_or_nothing(small_edition):
    original = copy.deepcopy(small_edition)
    good = move_frame(small_edition, "t1", 5, 5)
    bad = SetParagraphStyle("s1", 0, "body", "headline")  # paragraph 0 is a headline
    with pytest.raises(EditError):
        CompositeEdit((good, bad)).apply(small_edition)
    assert small_edition == original


def test_edits_that_bring_dangling_references_are_refused(small_edition):
    original = copy.deepcopy(small_edition)
    with pytest.raises(EditError, match="missing story 'ghost'"):
        AddFrame("p1", 0, TextFrame("t9", Rect(0, 0, 10, 10), story_id="ghost")).apply(small_edition)
    with pytest.raises(EditError, match="placed in two threads"):
        SetFrameProperty("t3", "story_id", None, "s2").apply(small_edition)
    with pytest.raises(EditError, match="not in the edition"):
        SetFrameProperty("i1", "image", None, "missing.png").apply(small_edition)
    page = Page.from_preset("p9", "tabloid")
    page.frames = [TextFrame("t9", Rect(0, 0, 10, 10), next_frame_id="t1")]
    with pytest.raises(EditError):
        AddPage(0, page).apply(small_edition)
    assert small_edition == original


def test_reorder_frames_and_guides(small_edition):
    from epaperdesk.model import Guide
    from epaperdesk.model.edits import ReorderFrame, SetGuides

    round_trip(small_edition, ReorderFrame("p1", 0, 3))
    assert [f.id for f in small_edition.page_by_id("p1").frames] == ["t2", "i1", "b1", "t1"]
    guides = (Guide("v", 100.0), Guide("h", 250.5))
    round_trip(small_edition, SetGuides("p1", (), guides))
    assert small_edition.page_by_id("p1").guides == guides
    with pytest.raises(EditError):
        SetGuides("p1", (), ()).apply(small_edition)
    with pytest.raises(ValueError):
        Guide("x", 1.0)


def test_story_fit_is_an_edit_and_survives_save_and_load(small_edition):
    edition = small_edition
    story_id = next(iter(edition.stories))
    edit = SetStoryProperty(story_id, "fit", StoryFit(), StoryFit(tracking=-6))
    edit.apply(edition)
    loaded = edition_from_bytes(edition_to_bytes(edition))
    assert loaded.stories[story_id].fit == StoryFit(tracking=-6)
    with pytest.raises(EditError):
        SetStoryProperty(story_id, "text", "", "x").apply(edition)
    with pytest.raises(ValueError):
        StoryFit(tracking=500)


def test_every_page_shares_the_size(small_edition):
    odd = dataclasses.replace(small_edition.pages[1], id="odd", frames=[], width=500.0)
    with pytest.raises(EditError, match="same size"):
        AddPage(2, odd).apply(small_edition)
