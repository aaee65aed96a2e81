"""Fixes for bad breaks: a hyphenation exception for the edition, no break, a discretionary
hyphen."""

from epaperdesk.proof.fixes import discretionary_hyphen, hyphenation_exception, no_break
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
