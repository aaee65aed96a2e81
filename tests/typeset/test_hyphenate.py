from epaperdesk.model.styles import HyphenationSettings
from epaperdesk.typeset.hyphenate import Hyphenator

DEFAULT = HyphenationSettings()


def test_patterns_with_minimum_letters_before_and_after():
    h = Hyphenator("en_US")
    breaks = h.breaks("hyphenation", DEFAULT)
    assert breaks and all(p >= 2 and len("hyphenation") - p >= 3 for p in breaks)
    wide = HyphenationSettings(min_before=4, min_after=5)
    # the same pattern breaks, less those too near either end (and some are left: hyphen-ation)
    assert h.breaks("hyphenation", wide) == tuple(p for p in breaks if p >= 4 and 11 - p >= 5) != ()


def test_short_words_and_disabled_styles_are_never_broken():
    h = Hyphenator("en_US")
    assert h.breaks("table", DEFAULT) == ()  # shorter than 6
    assert h.breaks("tables", HyphenationSettings(min_word_length=7)) == ()
    assert h.breaks("hyphenation", HyphenationSettings(enabled=False)) == ()


def test_capitalised_words_break_only_when_allowed_or_starting_a_sentence():
    h = Hyphenator("en_US")
    assert h.breaks("Brennmark", DEFAULT) == ()
    assert h.breaks("Researchers", DEFAULT, sentence_start=True) != ()
    assert h.breaks("Researchers", DEFAULT) == ()
    assert h.breaks("Researchers", HyphenationSettings(capitalized=True)) != ()
    assert h.breaks("NASA", HyphenationSettings(capitalized=True)) == ()


def test_edition_exceptions_win_over_patterns():
    h = Hyphenator("en_US", {"electrolyte": "elec-tro-lyte", "Kestrel": None, "present": None})
    assert h.breaks("electrolyte", DEFAULT) == (4, 7)
    assert h.breaks("Electrolyte", DEFAULT, sentence_start=True) == (4, 7)
    assert h.breaks("present", DEFAULT) == ()


def test_soft_hyphens_are_the_only_breaks():
    h = Hyphenator("en_US")
    word = "con\u00adtract"
    assert h.breaks(word, DEFAULT) == (4,)
    assert h.breaks(word, HyphenationSettings(enabled=False)) == (4,)


def test_language_per_story():
    us, gb = Hyphenator("en_US"), Hyphenator("en_GB")
    assert us.breaks("laboratory", DEFAULT) != gb.breaks("laboratory", DEFAULT)


def test_results_are_memoised():
    h = Hyphenator("en_US")
    first = h.breaks("negotiation", DEFAULT)
    assert h.breaks("negotiation", DEFAULT) is first
