"""Spelling: exactly the unknown words are flagged, the edition dictionary and ignore list
are honoured, the tokenizer skips what is not a word, re-checks are memoised; capitals are
checked (initialisms pass); suggestions offer the word copy split and never an offensive one."""

import pytest

from epaperdesk.model import Edition, ParagraphStyle, Story
from epaperdesk.model.edits import SetEditionField, splice_text
from epaperdesk.proof.fixes import join_split
from epaperdesk.proof.offensive import is_offensive, without_offensive
from epaperdesk.proof.spellcheck import SpellChecker, joined_suggestions, suggestions, unknown_word_counts
from epaperdesk.proof.spelling import PROVIDER_ORDER, SpellingError, raw_dictionary, speller
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


def test_tokenizer_skips_numbers_urls_mail_and_initialisms_and_keeps_apostrophes():
    found = {w for _, _, w in words(TEXT)}
    assert {"Don't", "it's", "lab's", "well", "known", "metre"} <= found
    assert not {"NASA", "ESA", "desk", "https", "meridian", "example", "2.4"} & found
    capitals = "XINHUA said NATO, the MPs and ESA's REUTERS"
    assert [w for _, _, w in words(capitals)] == ["XINHUA", "said", "the", "and", "REUTERS"]
    assert [w for _, _, w in words(capitals, skip_capitals=True)] == ["said", "the", "and"]
    # capitals between dots are an initialism's letters, however many
    assert [w for _, _, w in words("ZXQWVY and K.ZXQWVY")] == ["ZXQWVY", "and"]


def test_capitals_are_checked_by_default_and_initialisms_pass():
    text = "XINHUA said the GOVERMENT, NATO, the MPs, ESA's staff and U.S.A. officials met REUTERS."
    story = Story("a", text, ["body"], {}, "en_US")
    assert SpellChecker().skip_capitals is False
    assert [m.word for m in SpellChecker().check_story(story)] == ["XINHUA", "GOVERMENT"]
    assert SpellChecker(skip_capitals=True).check_story(story) == []  # the option is kept
    e = Edition(paragraph_styles={"body": ParagraphStyle("body")}, dictionary_words=["Xinhua"])
    e.stories["a"] = story
    assert [m.word for m in SpellChecker().check_edition(e)] == ["GOVERMENT"]  # in the edition dictionary


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

    edition = load_edition(sample_path)
    assert unknown_word_counts(SpellChecker(skip_capitals=True).check_edition(edition)) == []
    # with capitals checked, its footer's "WECHAT" needs "WeChat" in the house dictionary
    SetEditionField("dictionary_words", edition.dictionary_words, [*edition.dictionary_words, "WeChat"]).apply(edition)
    assert unknown_word_counts(SpellChecker().check_edition(edition)) == []


@pytest.mark.parametrize(
    ("text", "word", "joined"),
    [
        ("The coop-\neration of both sides", "eration", "cooperation"),  # pasted: a paragraph break
        ("The coop- eration of both sides", "eration", "cooperation"),  # pasted: a line end become a space
        ("The coop eration of both sides", "eration", "cooperation"),  # the tail of a split, no hyphen
        ("The gover- nment said", "gover", "government"),  # the head of a split
    ],
)
def test_suggestions_offer_the_joined_word_first(text, word, joined):
    e = Edition(paragraph_styles={"body": ParagraphStyle("body")})
    e.stories["s"] = Story("s", text, ["body"] * (text.count("\n") + 1), {}, "en_US")
    (miss,) = [m for m in SpellChecker().check_edition(e) if m.word == word]
    (join,) = joined_suggestions(e, miss)
    assert join.joined == joined
    offered = suggestions(e, miss)
    assert offered[0] == joined and len(offered) > 1  # then the dictionary's own
    join_split(e, join).apply(e)  # taken: the parts are joined, not the word replaced
    assert e.stories["s"].text.split()[1] == joined and SpellChecker().check_edition(e) == []


def test_no_joined_word_is_offered_for_an_ordinary_misspelling():
    e = edition()
    miss = next(m for m in SpellChecker().check_edition(e) if m.word == "definately")
    assert joined_suggestions(e, miss) == [] and "definitely" in suggestions(e, miss)


def test_offensive_words_are_never_suggested():
    _, dictionary = raw_dictionary("en_US")
    assert "Kike" in dictionary.suggest("Kikee")  # hunspell's own list for an unknown name holds a slur
    offered = speller("en_US").suggest("Kikee")
    assert offered and not [w for w in offered if is_offensive(w)] and "Kike" not in offered
    assert without_offensive(["Kent", "FUCK", "Kike e", "shit-faced", "Dick", "Scunthorpe"]) == [
        "Kent",
        "Dick",
        "Scunthorpe",
    ]


def test_the_offensive_filter_leaves_the_copy_alone():
    text = "The minister called the plan shit, then left."
    e = Edition(paragraph_styles={"body": ParagraphStyle("body")})
    e.stories["s"] = Story("s", text, ["body"], {}, "en_US")
    assert SpellChecker().check_edition(e) == [] and e.stories["s"].text == text
    e.stories["s"].text = "The shit- ty plan"  # a joined word from the copy is the copy's own
    (miss,) = SpellChecker().check_edition(e)
    assert [join.joined for join in joined_suggestions(e, miss)] == ["shitty"]
