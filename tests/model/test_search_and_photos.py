"""Find/replace across stories, captions and credits of photos, story properties."""

import json

import pytest

from epaperdesk.io import schema
from epaperdesk.io.epd import edition_from_bytes, edition_to_bytes
from epaperdesk.model.edits import EditError, SetStoryProperty
from epaperdesk.model.photos import caption_parts, followers, house_credit, set_caption
from epaperdesk.model.search import Query, SearchError, find_matches, replace_all
from epaperdesk.model.story import Fragment
from epaperdesk.model.styles import StoryFit


def test_replace_all_across_the_edition_is_one_undoable_edit(small_edition):
    edition = small_edition
    before = {k: s.text for k, s in edition.stories.items()}
    query = Query("story", whole_words=True)
    matches = find_matches(edition, query)
    assert [(m.story_id, m.text) for m in matches] == [("s2", "story")]
    query = Query("o", case_sensitive=True)
    matches = find_matches(edition, query)
    assert {m.story_id for m in matches} == {"s1", "s2", "cap"} and len(matches) == 6
    edit, count = replace_all(edition, query, "0")
    assert count == 6
    edit.apply(edition)
    assert edition.stories["s2"].text == "An0ther st0ry."
    assert not find_matches(edition, query)
    edit.inverse().apply(edition)
    assert {k: s.text for k, s in edition.stories.items()} == before


def test_regex_replacement_with_groups_keeps_character_styles(small_edition):
    edition = small_edition
    story_id = next(iter(edition.stories))
    story = edition.stories[story_id]
    story.replace(0, 0, Fragment("12 kg ", (), (("italic", 0, 5),)))
    edit, count = replace_all(edition, Query(r"(\d+) kg", regex=True), r"\1 kilograms", [story_id])
    assert count == 1
    edit.apply(edition)
    assert story.text.startswith("12 kilograms ")
    assert story.spans["italic"][0] == (0, len("12 kilograms"))


def test_invalid_regex_is_a_clear_error(small_edition):
    with pytest.raises(SearchError, match="regular expression is not valid"):
        find_matches(small_edition, Query("(unclosed", regex=True))


def test_caption_and_credit_round_trip_and_house_form(sample_path):
    from epaperdesk.io.epd import load_edition

    edition = load_edition(sample_path)
    frame = edition.frame_by_id("lead-photo")
    caption, credit = caption_parts(edition, frame)
    assert credit == "(PHOTO: HALDEN RIDGE OBSERVATORY / KSS)" and caption.startswith("A small section")
    edit = set_caption(edition, "lead-photo", "New words.", house_credit("photo: Reuters"))
    edit.apply(edition)
    assert caption_parts(edition, frame) == ("New words.", "(PHOTO: REUTERS)")
    assert edition.caption_of(frame).paragraph_styles == ["caption", "credit"]
    edit.inverse().apply(edition)
    assert caption_parts(edition, frame) == (caption, credit)
    assert house_credit("(Photo provided by the lab)") == "(Photo provided by the lab)"


def test_a_photo_without_caption_gets_a_caption_story_and_frame(sample_path):
    from epaperdesk.io.epd import load_edition

    edition = load_edition(sample_path)
    frame = edition.frame_by_id("soil-photo")
    frame.caption_story_id = None
    edit = set_caption(edition, "soil-photo", "Roots.", "(PHOTO: LAB)")
    edit.apply(edition)
    caption_frame = edition.caption_frame(frame)
    assert caption_frame is not None and caption_frame.rect.top > frame.rect.bottom
    assert followers(edition, ["soil-photo"]) == [caption_frame.id]
    edit.inverse().apply(edition)
    assert frame.caption_story_id is None


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


def test_a_version_1_file_is_migrated(small_edition):
    document = schema.edition_to_document(small_edition)
    document["version"] = 1
    del document["edition"]["copyfit"]
    for story in document["edition"]["stories"]:
        del story["fit"]
    migrated = schema.migrate(json.loads(json.dumps(document)))
    assert migrated["version"] == schema.SCHEMA_VERSION
    edition = schema.document_to_edition(migrated, lambda e, p: None, lambda e, p: None)
    assert all(s.fit == StoryFit() for s in edition.stories.values())
