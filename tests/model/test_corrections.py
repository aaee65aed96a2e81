"""Corrections: anchors that move with the text, the changes each mark makes."""

import copy

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from epaperdesk.model import Edition, ParagraphStyle, Story
from epaperdesk.model.correcting import apply_all, apply_correction, mark_correction, reply_to, set_status
from epaperdesk.model.edits import EditError, splice_text

TEXT = "The quick brown fox jumps over the lazy dog.\nSecond paragraph here."


def edition_with(text: str = TEXT) -> Edition:
    edition = Edition(paragraph_styles={"body": ParagraphStyle("body")})
    edition.stories["s"] = Story("s", text, ["body"] * (text.count("\n") + 1))
    return edition


def marked(edition, start, end, kind="query", text="why?"):
    edit = mark_correction(edition, "s", start, end, kind, text, "ann", "2026-11-30T10:00:00+00:00")
    edit.apply(edition)
    return edit.correction.id


@settings(max_examples=300, deadline=None)
@given(st.data())
def test_a_marked_range_keeps_its_words_through_edits_before_inside_and_after(data):
    text = TEXT
    edition = edition_with(text)
    start = data.draw(st.integers(0, len(text) - 1))
    end = data.draw(st.integers(start + 1, len(text)))
    correction = marked(edition, start, end)
    story = edition.stories["s"]
    original = copy.deepcopy(edition)
    words_before = story.text[start:end]
    expected_length = len(words_before)
    done = []
    for _ in range(data.draw(st.integers(1, 6))):
        where = data.draw(st.sampled_from(["before", "inside", "after"]))
        s, e = story.anchors[correction]
        if where == "before":
            position = data.draw(st.integers(0, s))
        elif where == "after":
            position = data.draw(st.integers(e, len(story.text)))
        else:
            if e - s < 2:
                continue
            position = data.draw(st.integers(s + 1, e - 1))
        inserted = data.draw(st.text(alphabet="xy ", min_size=1, max_size=4))
        edit = splice_text(edition, "s", position, 0, inserted)
        edit.apply(edition)
        done.append(edit)
        s2, e2 = story.anchors[correction]
        if where == "before":
            assert (s2, e2) == (s + len(inserted), e + len(inserted))
        elif where == "after":
            assert (s2, e2) == (s, e)
        else:
            assert (s2, e2) == (s, e + len(inserted))
            expected_length += len(inserted)
    s, e = story.anchors[correction]
    # the marked words are still there, with only the insertions made inside them
    assert e - s == expected_length
    assert "".join(c for c in story.text[s:e] if c not in "xy ") == "".join(c for c in words_before if c not in "xy ")
    for edit in reversed(done):
        edit.inverse().apply(edition)
    assert edition.stories == original.stories and edition.corrections == original.corrections


@settings(max_examples=300, deadline=None)
@given(st.data())
def test_deleting_across_a_mark_and_undoing_restores_it_exactly(data):
    edition = edition_with()
    story = edition.stories["s"]
    n = len(story.text)
    a = data.draw(st.integers(0, n))
    b = data.draw(st.integers(a, n))
    point = data.draw(st.booleans()) or a == b
    correction = marked(edition, a, a if point else b, "insert" if point else "delete", "x")
    original = copy.deepcopy(edition)
    s = data.draw(st.integers(0, n))
    e = data.draw(st.integers(s, n))
    edit = splice_text(edition, "s", s, e - s, data.draw(st.text(alphabet="zq\n", max_size=3)))
    edit.apply(edition)
    ms, me = story.anchors[correction]
    assert 0 <= ms <= me <= len(story.text)
    edit.inverse().apply(edition)
    assert story.anchors == original.stories["s"].anchors and story.text == original.stories["s"].text


@pytest.mark.parametrize(
    "kind,start_text,mark,text,result",
    [
        ("delete", "quick ", None, "", "The brown fox"),
        ("replace", "quick", None, "slow", "The slow brown"),
        ("transpose", "quick brown", None, "", "The brown quick fox"),
        ("capitals", "fox", None, "", "brown FOX jumps"),
        ("close-up", "over the", "ver t", "", "overthe lazy"),
    ],
)
def test_applying_text_marks(kind, start_text, mark, text, result):
    edition = edition_with()
    story = edition.stories["s"]
    target = mark or start_text
    start = story.text.index(target)
    correction = marked(edition, start, start + len(target), kind, text)
    edit = apply_correction(edition, correction)
    edit.apply(edition)
    assert result in story.text
    assert edition.corrections[correction].status == "applied"
    edit.inverse().apply(edition)
    assert story.text == TEXT and edition.corrections[correction].status == "open"


def test_insert_bold_italic_roman_paragraphs_stet_and_query():
    edition = edition_with()
    story = edition.stories["s"]
    at = story.text.index("fox") + 3
    c = marked(edition, at, at, "insert", " (red)")
    apply_correction(edition, c).apply(edition)
    assert "fox (red) jumps" in story.text
    start = story.text.index("lazy")
    c = marked(edition, start, start + 4, "bold", "")
    apply_correction(edition, c).apply(edition)
    assert (start, start + 4) in story.spans["bold"]
    c = marked(edition, start, start + 4, "roman", "")
    apply_correction(edition, c).apply(edition)
    assert "bold" not in story.spans
    space = story.text.index(" ", story.text.index("jumps"))
    c = marked(edition, space, space + 1, "new-paragraph", "")
    apply_correction(edition, c).apply(edition)
    assert story.text.count("\n") == 2 and len(story.paragraph_styles) == 3
    mark_start = story.text.index("\n")
    c = marked(edition, mark_start, mark_start + 1, "run-on", "")
    apply_correction(edition, c).apply(edition)
    assert story.text.count("\n") == 1
    before = story.text
    c = marked(edition, 0, 3, "stet", "")
    apply_correction(edition, c).apply(edition)
    assert story.text == before and edition.corrections[c].status == "done"
    q = marked(edition, 0, 3, "query", "Is this the house style?")
    reply_to(edition, q, "ed", "Yes.", "2026-11-30T11:00:00+00:00").apply(edition)
    assert edition.corrections[q].replies[0].text == "Yes."
    with pytest.raises(EditError, match="transpose marks two words"):
        c = marked(edition, 0, 3, "transpose", "")
        apply_correction(edition, c)


def test_apply_all_accepted_applies_them_all_back_to_front():
    edition = edition_with()
    story = edition.stories["s"]
    first = marked(edition, 4, 10, "delete", "")  # "quick "
    second = marked(edition, story.text.index("lazy"), story.text.index("lazy") + 4, "replace", "sleepy")
    third = marked(edition, 0, 3, "capitals", "")
    for c in (first, second):
        set_status(edition, c, "accepted").apply(edition)
    edit, problems = apply_all(edition)
    edit.apply(edition)
    assert not problems
    assert story.text.startswith("The brown fox jumps over the sleepy dog.")
    assert edition.corrections[third].status == "open"
    edit.inverse().apply(edition)
    assert story.text == TEXT


def test_marks_need_what_they_mark():
    edition = edition_with()
    with pytest.raises(EditError, match="needs the text"):
        mark_correction(edition, "s", 0, 3, "replace", "")
    with pytest.raises(EditError, match="select it first"):
        mark_correction(edition, "s", 3, 3, "delete")
