"""Fixes: for bad breaks a hyphenation exception for the edition, no break, a discretionary
hyphen; one click for a repeated word and for a break pasted copy kept."""

import pytest

from epaperdesk.model import Edition, ParagraphStyle, Story
from epaperdesk.model.edits import EditError, splice_text
from epaperdesk.proof.fixes import (
    delete_repeated_word,
    discretionary_hyphen,
    hyphenation_exception,
    join_split,
    no_break,
)
from epaperdesk.proof.pdf_breaks import find_copy_breaks
from epaperdesk.proof.repeats import find_repeated_words
from epaperdesk.proof.spellcheck import SpellChecker
from epaperdesk.typeset.layout import Typesetter


def test_fixes_change_how_words_break(sample_path):
    from epaperdesk.io.epd import load_edition

    edition = load_edition(sample_path)
    typesetter = Typesetter()
    before = typesetter.layout(edition)
    hyphenated = next(r for d in before.pages for r in d.lines if r.hyphenated and r.story_id == "lead")
    story = edition.stories["lead"]
    start = story.text.rfind(" ", 0, hyphenated.end) + 1
    end = story.text.find(" ", hyphenated.end)
    word = story.text[start:end].strip(".,;:")
    hyphenation_exception(edition, word, None).apply(edition)
    after = typesetter.layout(edition)
    assert not any(
        r.hyphenated and r.story_id == "lead" and start < r.end < start + len(word)
        for d in after.pages
        for r in d.lines
    )
    edit = no_break(edition, "lead", start, start + len(word))
    edit.apply(edition)
    assert "no-break" in story.styles_at(start)
    edit.inverse().apply(edition)
    soft = discretionary_hyphen(edition, "lead", start + 2)
    soft.apply(edition)
    assert story.text[start + 2] == "\u00ad"


def edition_of(text):
    e = Edition(paragraph_styles={"body": ParagraphStyle("body")})
    e.stories["s"] = Story("s", text, ["body"] * (text.count("\n") + 1), {"italic": [(0, 3)]})
    return e


def test_a_repeated_word_goes_in_one_undoable_edit():
    text = "The the the envoy met\tthe the press."
    e = edition_of(text)
    story = e.stories["s"]
    found = find_repeated_words(story)
    assert len(found) == 3
    edits = [delete_repeated_word(e, r) for r in reversed(found)]  # the later first: positions before stay
    for edit in edits:
        edit.apply(e)
    assert story.text == "The envoy met\tthe press." and story.spans == {"italic": [(0, 3)]}
    assert find_repeated_words(story) == []
    with pytest.raises(EditError, match="changed since the check"):
        delete_repeated_word(e, found[-1])
    for edit in reversed(edits):
        edit.inverse().apply(e)
    assert story.text == text


def test_pasted_breaks_are_joined_in_one_undoable_edit():
    text = "The coop-\neration is well- known, says the\nagency."
    e = edition_of(text)
    story = e.stories["s"]
    found = find_copy_breaks(story, SpellChecker().word_test("en_US", frozenset()))
    edits = [join_split(e, b) for b in reversed(found)]  # the later first: positions before it stay
    for edit in edits:
        edit.apply(e)
    assert story.text == "The cooperation is well-known, says the agency."
    assert len(story.paragraph_styles) == 1 and story.spans == {"italic": [(0, 3)]}
    assert find_copy_breaks(story) == []
    for edit in reversed(edits):
        edit.inverse().apply(e)
    assert story.text == text and len(story.paragraph_styles) == 3


def test_a_join_refuses_text_changed_since_the_check():
    e = edition_of("The coop-\neration of both sides.")
    (found,) = find_copy_breaks(e.stories["s"])
    splice_text(e, "s", 4, 4, "team").apply(e)
    with pytest.raises(EditError, match="changed since the check"):
        join_split(e, found)
