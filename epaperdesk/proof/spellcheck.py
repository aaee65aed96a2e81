"""Spell-checking stories: unknown words with their story ranges, skipping the edition's
dictionary and ignore list. Results are memoised per paragraph, so after a keystroke only
the paragraph it touched is checked again; words are memoised by the speller."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from epaperdesk.model.edition import Edition
from epaperdesk.model.story import Story
from epaperdesk.proof.spelling import Speller, SpellingError, speller
from epaperdesk.proof.tokens import words


@dataclass(frozen=True)
class Misspelling:
    story_id: str
    start: int
    end: int
    word: str


class SpellChecker:
    """Checks an edition's stories; keep one per open document (its memo follows edits)."""

    def __init__(self, skip_capitals: bool = True) -> None:
        self.skip_capitals = skip_capitals
        self._paragraphs: dict[tuple, tuple[tuple[int, int, str], ...]] = {}
        self.problems: list[str] = []

    def _speller(self, language: str) -> Speller | None:
        try:
            return speller(language)
        except SpellingError as error:
            if str(error) not in self.problems:
                self.problems.append(str(error))
            return None

    def check_story(self, story: Story, accepted: frozenset[str] = frozenset()) -> list[Misspelling]:
        checker = self._speller(story.language)
        if checker is None:
            return []
        found: list[Misspelling] = []
        for start, end, _ in story.paragraphs():
            text = story.text[start:end]
            key = (text, story.language, accepted, self.skip_capitals)
            unknown = self._paragraphs.get(key)
            if unknown is None:
                unknown = tuple((a, b, word) for a, b, word in words(text, self.skip_capitals)
                                if not _known(word, accepted, checker))
                if len(self._paragraphs) > 50_000:
                    self._paragraphs.clear()
                self._paragraphs[key] = unknown
            found.extend(Misspelling(story.id, start + a, start + b, word) for a, b, word in unknown)
        return found

    def check_edition(self, edition: Edition, story_ids: list[str] | None = None) -> list[Misspelling]:
        accepted = accepted_words(edition)
        result = []
        for story_id in story_ids if story_ids is not None else list(edition.stories):
            story = edition.stories.get(story_id)
            if story is not None:
                result.extend(self.check_story(story, accepted))
        return result


def accepted_words(edition: Edition) -> frozenset[str]:
    """The edition's dictionary and ignore list (as written and in lower case)."""
    words_ = set(edition.dictionary_words) | set(edition.ignored_words)
    return frozenset(words_ | {w.lower() for w in words_})


def _known(word: str, accepted: frozenset[str], checker: Speller) -> bool:
    if _accepted(word, accepted) or checker.check(word):
        return True
    if word.endswith("'s") and len(word) > 3:  # a possessive of a name in the house dictionary
        return _accepted(word[:-2], accepted) or checker.check(word[:-2])
    return False


def _accepted(word: str, accepted: frozenset[str]) -> bool:
    return bool(accepted) and (word in accepted or word.lower() in accepted)


def unknown_word_counts(found: list[Misspelling]) -> list[tuple[str, int]]:
    """Every unknown word with how often it occurs, most frequent first."""
    return sorted(Counter(m.word for m in found).items(), key=lambda item: (-item[1], item[0].lower()))


__all__ = ["Misspelling", "SpellChecker", "SpellingError", "accepted_words", "unknown_word_counts"]
