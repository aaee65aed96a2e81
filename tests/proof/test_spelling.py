"""Spelling: exactly the unknown words are flagged, the edition dictionary and ignore list
are honoured, the tokenizer skips what is not a word, re-checks are memoised."""

import pytest

from epaperdesk.model import Edition, ParagraphStyle, Story
from epaperdesk.model.edits import SetEditionField, splice_text
from epaperdesk.proof.spellcheck import SpellChecker, unknown_word_counts
from epaperdesk.proof.spelling import PROVIDER_ORDER, SpellingError, speller
from epaperdesk.proof.tokens import words

TEXT = (
    "The survey recieved its first data on Monday; the teem said it was definately worth the wait.\n"
    "Write to desk@meridian.example or see https://meridian.example/kss — NASA and ESA agree, 2.4-metre "
    "mirrors aside. Don't panic: it's a well-known effect, says Okonkwo, whose lab's results are in."
)


def edition(language="en_US") -> Edition:
    e = Edition(paragraph_styles={"body": ParagraphStyle("body")})
    e.stories["s"] = Story("s", TEXT, ["body", "body"], {}, language)
    return e


def test_exactly_the_misspellings_are_flagged():
    found = SpellChecker().check_edition(edition())
    # "teem" is a word (no spelling check finds it); "metre" is British in an American story
    assert [m.word for m in found] == ["recieved", "definately", "metre", "Okonkwo"]
    for m in found:
        assert TEXT[m.start : m.end] == m.word


def test_edition_dictionary_and_ignore_list_stop_flagging():
    e = edition()
    SetEditionField("dictionary_words", [], ["Okonkwo"]).apply(e)
    SetEditionField("ignored_words", [], ["recieved"]).apply(e)
    words_left = [m.word for m in SpellChecker().check_edition(e)]
    assert "Okonkwo" not in words_left and "recieved" not in words_left and "definately" in words_left


def test_tokenizer_skips_numbers_urls_mail_and_capitals_and_keeps_apostrophes():
    found = {w for _, _, w in words(TEXT)}
    assert {"Don't", "it's", "lab's", "well", "known", "metre"} <= found
    assert not {"NASA", "ESA", "desk", "https", "meridian", "example", "2.4"} & found
    assert "NASA" in {w for _, _, w in words(TEXT, skip_capitals=False)}


def test_british_and_american_dictionaries_differ():
    text = "The colour of the catalogue"
    us = SpellChecker().check_story(Story("a", text, ["body"], {}, "en_US"))
    gb = SpellChecker().check_story(Story("a", text, ["body"], {}, "en_GB"))
    assert {m.word for m in us} == {"colour", "catalogue"} and not gb


def test_hunspell_is_the_provider_and_suggestions_work():
    assert PROVIDER_ORDER.startswith("hunspell")
    assert speller("en_US").provider == "hunspell"
    assert "received" in speller("en_US").suggest("recieved")


def test_a_missing_dictionary_is_named():
    checker = SpellChecker()
    assert checker.check_story(Story("a", "word", ["body"], {}, "xx_XX")) == []
    assert checker.problems and "xx_XX" in checker.problems[0]
    with pytest.raises(SpellingError, match="no spelling dictionary for xx_XX"):
        speller("xx_XX")


def test_a_keystroke_rechecks_only_its_paragraph(monkeypatch):
    e = edition()
    checker = SpellChecker()
    checker.check_edition(e)
    checked = []
    import epaperdesk.proof.spellcheck as module

    original = module.without_links
    monkeypatch.setattr(module, "without_links", lambda text: checked.append(text) or original(text))
    splice_text(e, "s", 4, 0, "x").apply(e)
    found = checker.check_edition(e)
    assert checked and set(checked) == {e.stories["s"].text.split("\n")[0]}
    assert checked[0].startswith("The xsurvey")
    assert "xsurvey" in [m.word for m in found]


def test_the_sample_is_clean(sample_path):
    from epaperdesk.io.epd import load_edition

    assert unknown_word_counts(SpellChecker().check_edition(load_edition(sample_path))) == []
