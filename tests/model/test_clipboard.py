"""Copy, paste and Step and Repeat of frames as the core decides them (model/clipboard.py), and
the clip's bytes (io/clip.py): what a copy takes along, what a paste adds and under which ids,
and that undo takes a paste back exactly."""

from __future__ import annotations

import copy
import dataclasses
import io
import zipfile

import pytest

from epaperdesk.geometry import Rect
from epaperdesk.io.clip import MAX_CLIP_BYTES, ClipError, clip_from_bytes, clip_to_bytes
from epaperdesk.io.epd import EpdError, edition_to_bytes, load_edition
from epaperdesk.model.clipboard import (
    MAX_REPEAT,
    PASTE_OFFSET,
    PASTEBOARD,
    copy_frames,
    make_clip,
    paste_clip,
    paste_offset,
    repeat_frames,
    repeat_problems,
    step_and_repeat,
)
from epaperdesk.model.edits import AddImage, CompositeEdit, EditError, SetStyle
from epaperdesk.model.frames import BoxFrame, ImageFrame, TextFrame
from epaperdesk.model.page import Page
from epaperdesk.model.styles import ParagraphStyle
from epaperdesk.model.validate import find_problems
from tests.model.edit_checks import round_trip

LEAD = ["lead-head", "lead-body-1", "lead-body-2"]


@pytest.fixture(scope="module")
def sample_edition(sample_path):
    return load_edition(sample_path)


@pytest.fixture
def sample(sample_edition):
    return copy.deepcopy(sample_edition)


def frame(edition, frame_id):
    return edition.frame_by_id(frame_id)


def pasted(edition, clip, page_id="p1", dx=0.0, dy=0.0):
    """Paste and check the edit both ways; the new ids and the notes."""
    edit, ids, notes = paste_clip(edition, clip, page_id, dx, dy)
    assert isinstance(edit, CompositeEdit) and edit.label == "Paste"
    round_trip(edition, edit)
    return ids, notes


# -- copy -------------------------------------------------------------------------------------------


def test_a_clip_is_a_sound_one_page_edition_with_what_the_frames_use(small_edition):
    clip, notes = copy_frames(small_edition, ["t1", "t2", "b1"])
    assert notes == []
    assert find_problems(clip) == []
    assert len(clip.pages) == 1 and clip.masters == []
    page = clip.pages[0]
    assert (page.width, page.height) == (small_edition.pages[0].width, small_edition.pages[0].height)
    assert [f.id for f in page.frames] == ["t1", "t2", "b1"]
    assert [f.rect for f in page.frames] == [frame(small_edition, i).rect for i in ("t1", "t2", "b1")]
    assert list(clip.stories) == ["s1"]
    assert set(clip.paragraph_styles) == {"headline", "body"}
    assert set(clip.character_styles) == {"bold"}
    assert set(clip.swatches) == {"Black", "Paper"}


def test_copying_changes_nothing_in_the_edition(sample):
    before = copy.deepcopy(sample)
    make_clip(sample, [*LEAD, "lead-photo"])
    assert sample == before


def test_a_photo_brings_its_caption_frame_story_and_image(sample):
    clip, notes = copy_frames(sample, ["lead-photo"])
    assert notes == []
    assert [f.id for f in clip.pages[0].frames] == ["lead-photo", "lead-caption"]
    assert list(clip.stories) == ["lead-caption"]
    assert list(clip.images) == [frame(sample, "lead-photo").image]
    assert {"caption", "credit"} <= set(clip.paragraph_styles)


def test_a_clip_takes_the_styles_its_styles_are_based_on_and_their_colours(sample):
    clip = make_clip(sample, LEAD)
    for style in clip.paragraph_styles.values():
        assert style.based_on is None or style.based_on in clip.paragraph_styles
        assert style.next_style is None or style.next_style in clip.paragraph_styles
        assert style.color in clip.swatches
    used = {s for story in clip.stories.values() for s in story.paragraph_styles}
    assert used <= set(clip.paragraph_styles)
    assert set(clip.paragraph_styles) < set(sample.paragraph_styles)  # not the whole style sheet


def test_a_thread_copied_in_part_keeps_the_part_it_has(sample):
    clip, notes = copy_frames(sample, ["lead-head", "lead-body-2"])
    head, body = clip.pages[0].frames
    assert (head.story_id, head.next_frame_id) == ("lead", "lead-body-2")
    assert (body.story_id, body.next_frame_id) == (None, None)
    assert notes == []


def test_a_frame_whose_thread_head_is_not_copied_becomes_empty_and_says_so(small_edition):
    clip, notes = copy_frames(small_edition, ["t2"])
    (copied,) = clip.pages[0].frames
    assert isinstance(copied, TextFrame)
    assert (copied.story_id, copied.next_frame_id) == (None, None)
    assert clip.stories == {}
    assert len(notes) == 1 and "t2" in notes[0] and "empty" in notes[0]


def test_copying_no_frames_is_refused(small_edition):
    with pytest.raises(EditError):
        make_clip(small_edition, ["no-such-frame"])


def test_proof_marks_stay_with_the_original_story(small_edition):
    from epaperdesk.model.corrections import Correction
    from epaperdesk.model.edits import AddCorrection

    AddCorrection(Correction("c1", "s1", "delete", "x"), 0, 4).apply(small_edition)
    clip = make_clip(small_edition, ["t1", "t2"])
    assert clip.stories["s1"].anchors == {} and clip.corrections == {}
    assert find_problems(clip) == []


# -- paste ------------------------------------------------------------------------------------------


def test_a_threaded_pair_pastes_as_a_new_thread_with_a_new_story(small_edition):
    clip = make_clip(small_edition, ["t1", "t2"])
    ids, notes = pasted(small_edition, clip, "p1", 12, 12)
    assert ids == ["t1-2", "t2-2"] and notes == []
    head, follower = frame(small_edition, "t1-2"), frame(small_edition, "t2-2")
    assert head.next_frame_id == "t2-2" and follower.story_id is None
    assert head.story_id not in (None, "s1")
    original, copy_ = small_edition.stories["s1"], small_edition.stories[head.story_id]
    assert (copy_.text, copy_.paragraph_styles, copy_.spans) == (
        original.text,
        original.paragraph_styles,
        original.spans,
    )
    assert head.rect == frame(small_edition, "t1").rect.moved(12, 12)
    assert small_edition.pages[0].frames[-2:] == [head, follower]  # on top, in the clip's order
    assert small_edition.thread("t1") == [frame(small_edition, "t1"), frame(small_edition, "t2")]  # untouched


def test_ids_are_numbered_never_suffixed_again(small_edition):
    clip = make_clip(small_edition, ["t1", "t2"])
    assert pasted(small_edition, clip)[0] == ["t1-2", "t2-2"]
    assert pasted(small_edition, clip)[0] == ["t1-3", "t2-3"]
    again = make_clip(small_edition, ["t1-3", "t2-3"])
    assert pasted(small_edition, again)[0] == ["t1-4", "t2-4"]
    assert set(small_edition.stories) >= {"s1-2", "s1-3", "s1-4"}


def test_a_pasted_photo_shows_its_own_copy_of_the_caption(sample):
    clip = make_clip(sample, ["lead-photo"])
    ids, _ = pasted(sample, clip, "p1", 12, 12)
    photo, caption = (frame(sample, i) for i in ids)
    assert isinstance(photo, ImageFrame) and isinstance(caption, TextFrame)
    assert photo.caption_story_id == caption.story_id
    assert photo.caption_story_id not in (None, "lead-caption")
    assert sample.stories[caption.story_id].text == sample.stories["lead-caption"].text
    assert sample.caption_frame(photo) == caption


def test_pasting_into_the_same_edition_adds_no_image_or_style(sample):
    clip = make_clip(sample, [*LEAD, "lead-photo"])
    edit, _, notes = paste_clip(sample, clip, "p1")
    assert notes == []
    assert not [e for e in edit.edits if isinstance(e, AddImage | SetStyle)]


def test_pasting_into_another_edition_brings_images_and_missing_styles(sample, small_edition):
    clip = make_clip(sample, [*LEAD, "lead-photo"])
    ids, notes = pasted(small_edition, clip, "p2")
    photo = next(frame(small_edition, i) for i in ids if isinstance(frame(small_edition, i), ImageFrame))
    assert photo.image in small_edition.images
    assert small_edition.images[photo.image] == sample.images[photo.image]
    assert {"kicker", "deck", "byline", "caption", "credit"} <= set(small_edition.paragraph_styles)
    assert "Meridian Blue" in small_edition.swatches
    # "body" and "headline" the small edition has already, differently: kept as they were
    assert small_edition.paragraph_styles["body"] == ParagraphStyle("body")
    assert any("“body”" in note and "“headline”" in note for note in notes)
    head = frame(small_edition, ids[0])
    assert small_edition.stories[head.story_id].text == sample.stories["lead"].text


def test_a_style_added_by_a_paste_follows_the_editions_own_parent(small_edition):
    sheet = {"body": ParagraphStyle("body", size=11.0), "quote": ParagraphStyle("quote", size=11.0, based_on="body")}
    source = copy.deepcopy(small_edition)
    source.paragraph_styles = {**source.paragraph_styles, **sheet}
    source.stories["s2"].paragraph_styles = ["quote"]
    clip = make_clip(source, ["t4"])
    pasted(small_edition, clip, "p1")
    quote = small_edition.paragraph_styles["quote"]
    assert quote.based_on == "body" and quote.size == small_edition.paragraph_styles["body"].size == 9.0


def test_pasting_into_the_sample_keeps_its_own_styles(small_edition, sample):
    clip = make_clip(small_edition, ["t1", "t2"])
    before = dict(sample.paragraph_styles)
    ids, notes = pasted(sample, clip, "p2")
    assert sample.paragraph_styles == before
    assert ids == ["t1-2", "t2-2"]
    assert notes


def test_paste_in_place_keeps_positions_and_paste_steps_further_each_time(small_edition):
    clip = make_clip(small_edition, ["b1"])
    assert paste_offset(small_edition, clip, "p1") == PASTE_OFFSET
    ids, _ = pasted(small_edition, clip, "p1", 0, 0)
    assert frame(small_edition, ids[0]).rect == frame(small_edition, "b1").rect
    offset = paste_offset(small_edition, clip, "p1")
    assert offset == PASTE_OFFSET
    pasted(small_edition, clip, "p1", offset, offset)
    assert paste_offset(small_edition, clip, "p1") == 2 * PASTE_OFFSET


def test_pasting_onto_a_smaller_page_keeps_positions_but_stays_near_the_page(sample, small_edition):
    # the sample is 1080 pt wide, the small edition a 793 pt tabloid
    clip = make_clip(sample, ["soil-photo"])  # with its caption below it
    ids, notes = pasted(small_edition, clip, "p1")
    photo, caption = (frame(small_edition, i).rect for i in ids)
    assert photo.y == frame(sample, "soil-photo").rect.y  # it fitted vertically: kept
    assert photo.right == pytest.approx(small_edition.pages[0].width + PASTEBOARD)  # moved in as far as needed
    assert caption.x == photo.x and caption.y == frame(sample, "soil-caption").rect.y  # moved together
    assert notes and "moved" in notes[0]
    small = make_clip(sample, ["rail-rule"])
    ids, notes = pasted(small_edition, small, "p1")
    assert frame(small_edition, ids[0]).rect == frame(sample, "rail-rule").rect and notes == []


def test_pasted_groups_are_groups_of_their_own(small_edition):
    for frame_id in ("t4", "t3"):
        small_edition.frame_by_id(frame_id).group = "group-1"
    clip = make_clip(small_edition, ["t3", "t4"])
    ids, _ = pasted(small_edition, clip, "p2", 12, 12)
    groups = {frame(small_edition, i).group for i in ids}
    assert len(groups) == 1 and groups != {"group-1"} and groups != {""}


def test_pasted_frames_are_unlocked(small_edition):
    small_edition.frame_by_id("b1").locked = True
    ids, _ = pasted(small_edition, make_clip(small_edition, ["b1"]), "p1", 12, 12)
    assert frame(small_edition, ids[0]).locked is False


def test_threads_pasted_on_a_master_page_are_unlinked(small_edition):
    master = Page("m1", small_edition.pages[0].width, small_edition.pages[0].height)
    small_edition.masters.append(master)
    edit, ids, notes = paste_clip(small_edition, make_clip(small_edition, ["t1", "t2"]), "m1")
    round_trip(small_edition, edit)
    head, follower = frame(small_edition, ids[0]), frame(small_edition, ids[1])
    assert head.next_frame_id is None and head.story_id is not None and follower.story_id is None
    assert notes and "master" in notes[0]


def test_paste_refuses_a_page_that_does_not_exist_or_a_damaged_clip(small_edition):
    clip = make_clip(small_edition, ["t1", "t2"])
    with pytest.raises(EditError):
        paste_clip(small_edition, clip, "nowhere")
    clip.pages[0].frames[0].story_id = "missing"
    with pytest.raises(EditError, match="missing"):
        paste_clip(small_edition, clip, "p1")


def test_a_font_the_edition_lacks_comes_along(small_edition, sample):
    from epaperdesk.model.edition import FontAsset

    font = FontAsset("a" * 64 + ".ttf", "House Sans", 400, False, b"not read here")
    small_edition.fonts[font.name] = font
    small_edition.paragraph_styles["body"] = dataclasses.replace(ParagraphStyle("body"), font_family="House Sans")
    clip = make_clip(small_edition, ["t4"])
    assert list(clip.fonts) == [font.name]
    edit, _, _ = paste_clip(sample, clip, "p1")
    edit.apply(sample)
    assert sample.fonts[font.name] == font


def test_every_frame_of_the_sample_pastes_and_undoes_exactly(sample):
    for page in list(sample.pages):
        for original in list(page.frames):
            clip, _ = copy_frames(sample, [original.id])
            edit, ids, _ = paste_clip(sample, clip, page.id, 12, 12)
            round_trip(sample, edit)
            edit.inverse().apply(sample)
            assert ids and ids[0] != original.id


# -- Step and Repeat ----------------------------------------------------------------------------------


def test_step_and_repeat_makes_copies_each_further_on(small_edition):
    edit, ids = step_and_repeat(small_edition, ["b1"], 3, 0, -20)
    round_trip(small_edition, edit)
    assert ids == ["b1-2", "b1-3", "b1-4"]
    y = frame(small_edition, "b1").rect.y
    assert [frame(small_edition, i).rect.y for i in ids] == [y - 20, y - 40, y - 60]
    assert edit.label == "Step and Repeat"


def test_step_and_repeat_copies_stories_too(small_edition):
    edit, ids, notes = repeat_frames(small_edition, ["t1", "t2"], 2, 0, 12)
    round_trip(small_edition, edit)
    heads = [frame(small_edition, i) for i in ids if frame(small_edition, i).story_id]
    assert len(heads) == 2 and len({h.story_id for h in heads}) == 2
    assert all(small_edition.stories[h.story_id].text == small_edition.stories["s1"].text for h in heads)
    assert notes == []


def test_step_and_repeat_refuses_copies_off_the_page_and_odd_counts(small_edition):
    assert repeat_problems(small_edition, ["b1"], 3, 0, 20) == []
    problems = repeat_problems(small_edition, ["b1"], 3, 0, 100)
    assert problems and "copy 2" in problems[0]  # copy 1 still touches the pasteboard
    with pytest.raises(EditError, match="off the page"):
        step_and_repeat(small_edition, ["b1"], 3, 0, 100)
    for count in (0, MAX_REPEAT + 1):
        assert repeat_problems(small_edition, ["b1"], count, 0, 20)
        with pytest.raises(EditError):
            step_and_repeat(small_edition, ["b1"], count, 0, 20)
    assert step_and_repeat(small_edition, ["nothing"], 2, 0, 20) == (None, [])


def test_step_and_repeat_leaves_the_edition_as_it_was_until_applied(small_edition):
    before = copy.deepcopy(small_edition)
    step_and_repeat(small_edition, ["t1", "t2", "i1", "b1"], 4, 3, 3)
    with pytest.raises(EditError):
        step_and_repeat(small_edition, ["b1"], 5, 0, 60)  # copy 5 falls off after 4 were planned
    assert small_edition == before


# -- the clip's bytes -------------------------------------------------------------------------------


def test_a_clip_goes_to_bytes_and_back_whole(sample):
    clip = make_clip(sample, [*LEAD, "lead-photo"])
    data = clip_to_bytes(clip)
    assert clip_from_bytes(data) == clip


@pytest.mark.parametrize(
    "data",
    [b"", b"garbage", b"PK\x03\x04" + b"\x00" * 40, b"\x89PNG\r\n\x1a\n" + b"\x00" * 40],
)
def test_garbage_bytes_are_refused_as_a_bad_file_is(data):
    with pytest.raises(ClipError) as caught:
        clip_from_bytes(data)
    assert isinstance(caught.value, EpdError)
    assert "clipboard" in str(caught.value)


def test_a_damaged_clip_is_refused_with_the_problem_named(small_edition):
    data = clip_to_bytes(make_clip(small_edition, ["t1", "t2"]))
    source = zipfile.ZipFile(io.BytesIO(data))
    document = source.read("document.json").replace(b'"s1"', b'"gone"', 1)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for info in source.infolist():
            archive.writestr(info, document if info.filename == "document.json" else source.read(info))
    with pytest.raises(ClipError, match="clipboard"):
        clip_from_bytes(out.getvalue())


def test_a_whole_edition_is_not_a_clip(small_edition):
    with pytest.raises(ClipError, match="one page"):
        clip_from_bytes(edition_to_bytes(small_edition))


def test_clip_bytes_are_capped(monkeypatch, small_edition):
    with pytest.raises(ClipError, match="MB"):
        clip_from_bytes(b"\x00" * (MAX_CLIP_BYTES + 1))
    monkeypatch.setattr("epaperdesk.io.clip.MAX_CLIP_BYTES", 100)
    with pytest.raises(ClipError, match="copy fewer frames"):
        clip_to_bytes(make_clip(small_edition, ["b1"]))


def test_a_clip_from_a_box_keeps_its_colours(small_edition):
    small_edition.frame_by_id("b1").fill = "Paper"
    box = make_clip(small_edition, ["b1"]).pages[0].frames[0]
    assert isinstance(box, BoxFrame) and box.fill == "Paper"
    assert Rect(0, 1100, 793, 60) == box.rect
