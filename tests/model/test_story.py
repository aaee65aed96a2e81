import pytest

from epaperdesk.model.story import Fragment, Story, count_words


def test_paragraphs_and_styles_line_up():
    story = Story("s", "Head\nBody one\nBody two", ["headline", "body", "body"])
    assert story.paragraphs() == [(0, 4, "headline"), (5, 13, "body"), (14, 22, "body")]
    assert story.paragraph_index_at(0) == 0
    assert story.paragraph_index_at(5) == 1
    assert story.paragraph_index_at(21) == 2


def test_story_rejects_style_count_mismatch():
    with pytest.raises(ValueError, match="2 paragraphs but 1 paragraph styles"):
        Story("s", "a\nb", ["body"])


def test_story_rejects_overlapping_spans():
    with pytest.raises(ValueError, match="overlap"):
        Story("s", "abcdef", ["body"], {"bold": [(0, 3), (3, 5)]})


def test_fragment_carries_marks_and_spans():
    story = Story("s", "Head\nBody text", ["headline", "body"], {"bold": [(2, 7)]})
    fragment = story.fragment(3, 8)
    assert fragment == Fragment("d\nBod", ("headline",), (("bold", 0, 4),))


def test_replace_removes_and_inserts_paragraph_marks():
    story = Story("s", "Head\nBody", ["headline", "body"])
    story.replace(4, 1, Fragment(" "))  # join the paragraphs: the mark's style goes with it
    assert story.text == "Head Body"
    assert story.paragraph_styles == ["body"]
    story.replace(4, 1, Fragment.plain("\n", "headline"))
    assert story.text == "Head\nBody"
    assert story.paragraph_styles == ["headline", "body"]


def test_inserted_text_inside_a_span_splits_it_unless_styled():
    story = Story("s", "abcdef", ["body"], {"bold": [(0, 6)]})
    story.replace(3, 0, Fragment("XY"))
    assert story.spans == {"bold": [(0, 3), (5, 8)]}
    story.replace(3, 2, Fragment("XY", (), (("bold", 0, 2),)))
    assert story.spans == {"bold": [(0, 8)]}


def test_remove_then_reinsert_restores_spans_exactly():
    story = Story("s", "one two three", ["body"], {"bold": [(0, 3), (8, 13)], "italic": [(4, 9)]})
    before = (story.text, list(story.paragraph_styles), dict(story.spans))
    removed = story.fragment(2, 10)
    story.replace(2, 8, Fragment("zz"))
    story.replace(2, 2, removed)
    assert (story.text, story.paragraph_styles, story.spans) == before


def test_fragment_checks_its_own_consistency():
    with pytest.raises(ValueError, match="paragraph marks"):
        Fragment("a\nb", ())
    with pytest.raises(ValueError, match="outside"):
        Fragment("ab", (), (("bold", 1, 5),))


@pytest.mark.parametrize(
    "text, words",
    [("", 0), ("one", 1), ("two words", 2), ("a — dash", 2), ("1.2 million", 2), ("end.\nNext", 2)],
)
def test_count_words(text, words):
    assert count_words(text) == words
