"""Hyphenation: where a word may break, by pyphen patterns per language, the edition's
exceptions, soft hyphens typed in the text, and the paragraph style's settings."""

from __future__ import annotations

from functools import lru_cache

import pyphen

from epaperdesk.model.styles import HyphenationSettings

SOFT_HYPHEN = "\u00ad"
HARD_HYPHENS = "-\u2010"  # a break after these needs no added hyphen
PATTERN_LANGUAGES = {"en_US": "en_US", "en_GB": "en_GB"}


@lru_cache(maxsize=8)
def _dictionary(language: str) -> pyphen.Pyphen:
    try:
        return pyphen.Pyphen(lang=PATTERN_LANGUAGES.get(language, language), left=1, right=1)
    except KeyError:
        raise ValueError(f"no hyphenation patterns for language {language!r}") from None


class Hyphenator:
    """Break points of words for one language and one set of edition exceptions. Results
    are memoised per (word, settings): a story re-set after an edit costs dictionary lookups."""

    def __init__(self, language: str = "en_US", exceptions: dict[str, str | None] | None = None) -> None:
        self.language = language
        self._patterns = _dictionary(language)
        self._exceptions = {word.lower(): breaks for word, breaks in (exceptions or {}).items()}
        self._memo: dict[tuple[str, HyphenationSettings, bool], tuple[int, ...]] = {}

    def breaks(self, word: str, settings: HyphenationSettings, sentence_start: bool = False) -> tuple[int, ...]:
        """Offsets in `word` (letters only, no punctuation around it) after which a hyphen
        may be inserted. A word with soft hyphens breaks only there (offsets point after
        the soft hyphen); the edition's exceptions win over the patterns. With capitalised
        words off, a capitalised word is left whole unless it merely starts a sentence."""
        key = (word, settings, sentence_start)
        found = self._memo.get(key)
        if found is None:
            found = self._memo[key] = self._breaks(word, settings, sentence_start)
        return found

    def _breaks(self, word: str, settings: HyphenationSettings, sentence_start: bool) -> tuple[int, ...]:
        if SOFT_HYPHEN in word:
            return tuple(i + 1 for i, c in enumerate(word) if c == SOFT_HYPHEN and 0 < i < len(word) - 1)
        if not settings.enabled or len(word) < settings.min_word_length:
            return ()
        if word.isupper() and len(word) > 1:
            return ()  # abbreviations and acronyms
        if not settings.capitalized and word[:1].isupper() and not (sentence_start and word[1:].islower()):
            return ()
        if not word.isalpha():
            return ()  # digits, codes, mixed tokens: never hyphenated
        exception = self._exceptions.get(word.lower(), "")
        if exception is None:
            return ()
        if exception:
            positions: list[int] = []
            letters = 0
            for char in exception:
                if char == "-":
                    positions.append(letters)
                else:
                    letters += 1
        else:
            positions = self._patterns.positions(word.lower())
        return tuple(p for p in positions if p >= settings.min_before and len(word) - p >= settings.min_after)
