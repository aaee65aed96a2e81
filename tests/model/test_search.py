"""Find and replace across stories: whole words, case, regular expressions with groups,
one undoable edit."""

import pytest

from epaperdesk.model.search import Query, SearchError, find_matches, replace_all
from epaperdesk.model.story import Fragment


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
