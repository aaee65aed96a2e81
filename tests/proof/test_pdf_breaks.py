"""Breaks pasted PDF copy keeps: a word hyphenated at a paragraph end, a word hyphenated
before a space, a sentence cut by a paragraph end; each with its join, reported by the
check. (The join itself: test_fixes.py.)"""

from epaperdesk.model import Edition, ParagraphStyle, Story
from epaperdesk.proof.check import check_edition
from epaperdesk.proof.pdf_breaks import BROKEN_PARAGRAPH, SPLIT_PARAGRAPH, SPLIT_SPACE, find_copy_breaks
from epaperdesk.proof.spellcheck import SpellChecker
from epaperdesk.typeset.layout import EditionLayout


def story(text, styles=None):
    return Story("s", text, styles or ["body"] * (text.count("\n") + 1), {}, "en_US")


def known():
    """The dictionary's word test, as the check uses it."""
    return SpellChecker().word_test("en_US", frozenset())


def breaks(text, styles=None):
    return [(b.kind, b.head, b.tail, b.joined) for b in find_copy_breaks(story(text, styles), known())]


def test_a_word_hyphenated_at_a_paragraph_end_is_found():
    assert breaks("The coop-\neration of both sides.") == [(SPLIT_PARAGRAPH, "coop", "eration", "cooperation")]
    # a compound keeps its hyphen: the tail is a word, the two together are none
    assert breaks("Plants run by Xinjiang- \n based firms.") == [
        (SPLIT_PARAGRAPH, "Xinjiang", "based", "Xinjiang-based")
    ]


def test_a_word_hyphenated_before_a_space_is_found_but_not_a_suspended_hyphen():
    assert breaks("The coop- eration is well- known.") == [
        (SPLIT_SPACE, "coop", "eration", "cooperation"),
        (SPLIT_SPACE, "well", "known", "well-known"),
    ]
    assert breaks("Pre- and post-war plans, two- to three-year terms, first- or second-class seats.") == []


def test_a_sentence_cut_by_a_paragraph_end_is_found():
    assert breaks("The minister\nsaid on Tuesday that it was over.") == [
        (BROKEN_PARAGRAPH, "minister", "said", "minister said")
    ]
    # not: a paragraph ending with punctuation, the next starting with a capital or of another style
    assert breaks("It was over.\nand so on.\nThe minister\nSaid so.") == []
    assert breaks("Market report\nthe prices rose.", ["head", "body"]) == []


def test_the_positions_cover_both_parts_and_what_the_join_replaces():
    text = "The coop-\neration and the minister\nsaid so."
    first, second = find_copy_breaks(story(text), known())
    assert text[first.start : first.end] == "coop-\neration" and text[first.cut_start : first.cut_end] == "-\n"
    assert text[second.start : second.end] == "minister\nsaid" and text[second.cut_start : second.cut_end] == "\n"


def test_the_check_reports_pasted_breaks_and_names_the_joined_word():
    text = "The coop-\neration of both sides is well- known, says the\nagency."
    edition = Edition(paragraph_styles={"body": ParagraphStyle("body")})
    edition.stories["s"] = story(text)
    findings, _ = check_edition(edition, EditionLayout([], {}))
    pasted = [(f.kind, f.message) for f in findings if f.category == "paste"]
    assert pasted == [
        (SPLIT_PARAGRAPH, "word split across a paragraph end “coop-¶eration”: join as “cooperation”"),
        (SPLIT_SPACE, "word split by a hyphen and a space “well- known”: join as “well-known”"),
        (BROKEN_PARAGRAPH, "paragraph ends inside a sentence “the¶agency”: join the paragraphs"),
    ]
    (unknown,) = [f for f in findings if f.kind == "unknown-word"]
    assert unknown.message == "unknown word “eration” (split from “cooperation”?)"
    assert all(f.severity == "warning" and f.page is None and f.line_text for f in findings)
