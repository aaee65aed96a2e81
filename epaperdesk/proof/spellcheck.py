"""Spell-checking stories: unknown words with their story ranges, skipping the edition's
dictionary and ignore list. Results are memoised per paragraph, so after a keystroke only
the paragraph it touched is checked again; words are memoised by the speller."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from epaperdesk.model.edition import Edition
from epaperdesk.model.story import Story
from epaperdesk.proof.spelling import Speller, SpellingError, speller
from epaperdesk.proof.tokens import _NORMAL, NOT_A_WORD, WORDS, normal, without_links


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

    def check_story(
        self, story: Story, accepted: frozenset[str] = frozenset(), known_unknown: set[str] | None = None
    ) -> list[Misspelling]:
        """`known_unknown`: the unknown words of a text holding this story (check_edition
        looks at all stories of a language at once)."""
        checker = self._speller(story.language)
        if checker is None:
            return []
        paragraphs = story.paragraphs()
        keys = [(story.text[start:end], story.language, accepted, self.skip_capitals) for start, end, _ in paragraphs]
        missing = [key for key in keys if key not in self._paragraphs]
        if len(missing) > 1 or (missing and known_unknown is not None):
            # many paragraphs unseen (a story opened or checked cold): look at the story's
            # distinct words once, then find positions only in paragraphs that hold an unknown one
            story_unknown = (
                known_unknown if known_unknown is not None else self._unknown_raw(story.text, accepted, checker)
            )
            for key in missing:
                text = key[0]
                if story_unknown and any(raw in text for raw in story_unknown):
                    result = tuple(
                        (m.start(1), m.end(1), normal(m.group(1)))
                        for m in WORDS.finditer(without_links(text))
                        if m.group(1) in story_unknown
                    )
                else:
                    result = ()
                self._remember(key, result)
        found: list[Misspelling] = []
        for (start, _, _), key in zip(paragraphs, keys):
            unknown = self._paragraphs.get(key)
            if unknown is None:
                unknown = tuple(self._unknown(key[0], accepted, checker))
                self._remember(key, unknown)
            found.extend(Misspelling(story.id, start + a, start + b, word) for a, b, word in unknown)
        return found

    def _remember(self, key: tuple, result: tuple) -> None:
        if len(self._paragraphs) > 50_000:
            self._paragraphs.clear()
        self._paragraphs[key] = result

    def _unknown(self, text: str, accepted: frozenset[str], checker: Speller) -> list[tuple[int, int, str]]:
        """Unknown words of a paragraph with their positions."""
        unknown = self._unknown_raw(text, accepted, checker)
        if not unknown:
            return []
        return [
            (m.start(1), m.end(1), normal(m.group(1)))
            for m in WORDS.finditer(without_links(text))
            if m.group(1) in unknown
        ]

    def _unknown_raw(self, text: str, accepted: frozenset[str], checker: Speller) -> set[str]:
        """The unknown words of a text as written: each distinct word asked about once,
        dictionary first (most words are in it), the edition's words only for what it does
        not know."""
        found = set(WORDS.findall(without_links(text)))
        found.discard("")
        memo, dict_check, skip_capitals = checker._known, checker._dict.check, self.skip_capitals
        # most words are plain letters: sorted out with set operations and comprehensions
        plain = {w for w in found if w.isalpha() and (len(w) > 1 or w in "aAiI")}
        if skip_capitals:
            plain = {w for w in plain if not (len(w) > 1 and w.isupper())}
        words = {w: w for w in plain}
        for raw in found - plain:  # apostrophes, soft hyphens, digits, capitals
            if NOT_A_WORD.search(raw):
                continue
            word = raw.translate(_NORMAL)
            if len(word) < 2:
                if word.lower() not in ("a", "i"):
                    continue
            elif skip_capitals and word.isupper():
                continue
            words[raw] = word
        for word in {w for w in words.values() if w not in memo}:
            try:
                memo[word] = bool(dict_check(word))
            except Exception:
                memo[word] = True  # a word hunspell cannot take is not flagged (as Speller.check)
        unknown = {raw for raw, word in words.items() if not memo[word] and not _known(word, accepted, checker)}
        return unknown

    def check_edition(self, edition: Edition, story_ids: list[str] | None = None) -> list[Misspelling]:
        accepted = accepted_words(edition)
        stories = [
            edition.stories[i]
            for i in (story_ids if story_ids is not None else list(edition.stories))
            if i in edition.stories
        ]
        # stories with unseen paragraphs, by language: their distinct words are asked about once
        shared: dict[str, set[str] | None] = {}
        unseen: dict[str, list[Story]] = {}
        for story in stories:
            if any(
                (story.text[a:b], story.language, accepted, self.skip_capitals) not in self._paragraphs
                for a, b, _ in story.paragraphs()
            ):
                unseen.setdefault(story.language, []).append(story)
        for language, group in unseen.items():
            checker = self._speller(language)
            if checker is not None and len(group) > 1:
                shared[language] = self._unknown_raw("\n".join(s.text for s in group), accepted, checker)
        result = []
        for story in stories:
            result.extend(self.check_story(story, accepted, shared.get(story.language)))
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
