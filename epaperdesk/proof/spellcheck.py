"""Spell-checking stories: unknown words with their story ranges, skipping the edition's
dictionary and ignore list. Results are memoised per paragraph, so after a keystroke only
the paragraph it touched is checked again; words are memoised by the speller.

All-capital words are checked by default (agency copy writes names in capitals: "XINHUA");
initialisms pass (tokens.is_initialism). Suggestions put first the word an unknown word makes
with its neighbour when copy split it ("coop-" ¶ "eration": "cooperation")."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass

from epaperdesk.model.edition import Edition
from epaperdesk.model.story import Story
from epaperdesk.proof.pdf_breaks import CopyBreak
from epaperdesk.proof.spelling import Speller, SpellingError, speller
from epaperdesk.proof.tokens import (
    _NORMAL,
    NOT_A_WORD,
    WORDS,
    in_dotted_initialism,
    normal,
    skipped_capitals,
    without_links,
)

# the word before a position, perhaps with a hyphen, then white space (a line or paragraph end)
_HEAD = re.compile(r"([^\W\d_]+)(-?)\s+$")
# a hyphen, white space and the word after a position
_TAIL = re.compile(r"-\s+([^\W\d_]+)")
_CONTEXT = 60  # characters looked at around an unknown word for its split neighbour
SPLIT_WORD = "split-word"  # the kind of a join offered as a suggestion


@dataclass(frozen=True)
class Misspelling:
    story_id: str
    start: int
    end: int
    word: str


class SpellChecker:
    """Checks an edition's stories; keep one per open document (its memo follows edits)."""

    def __init__(self, skip_capitals: bool = False) -> None:
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
                    result = _positions(text, story_unknown)
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
        return list(_positions(text, unknown))

    def _unknown_raw(self, text: str, accepted: frozenset[str], checker: Speller) -> set[str]:
        """The unknown words of a text as written: each distinct word asked about once,
        dictionary first (most words are in it), the edition's words only for what it does
        not know."""
        found = set(WORDS.findall(without_links(text)))
        found.discard("")
        memo, dict_check, skip_capitals = checker._known, checker._dict.check, self.skip_capitals
        # most words are plain letters: sorted out with set operations and comprehensions
        plain = {w for w in found if w.isalpha() and (len(w) > 1 or w in "aAiI")}
        words = {w: w for w in plain if not (w[:2].isupper() and skipped_capitals(w, skip_capitals))}
        for raw in found - plain:  # apostrophes, soft hyphens, digits, capitals
            if NOT_A_WORD.search(raw):
                continue
            word = raw.translate(_NORMAL)
            if len(word) < 2:
                if word.lower() not in ("a", "i"):
                    continue
            elif skipped_capitals(word, skip_capitals):
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

    def word_test(self, language: str, accepted: frozenset[str]) -> Callable[[str], bool]:
        """Whether a word is right in a language, the edition's words included (with no
        dictionary for the language, every word is)."""
        checker = self._speller(language)
        if checker is None:
            return lambda word: True
        return lambda word: _known(word, accepted, checker)


def _positions(text: str, unknown: set[str]) -> tuple[tuple[int, int, str], ...]:
    """(start, end, word) of the unknown words of a paragraph; capitals between dots pass."""
    clean = without_links(text)
    return tuple(
        (m.start(1), m.end(1), normal(m.group(1)))
        for m in WORDS.finditer(clean)
        if m.group(1) in unknown and not (m.group(1).isupper() and in_dotted_initialism(clean, m.start(1), m.end(1)))
    )


def split_joins(story_id: str, text: str, start: int, end: int, is_known: Callable[[str], bool]) -> list[CopyBreak]:
    """The joins that make a known word of the word at [start, end) and a neighbour copy
    split from it: the word before (with or without a hyphen, across a line or paragraph
    end) or, when this word ends in a hyphen, the word after. Each is a fix
    (fixes.join_split): only what lies between the parts changes."""
    found: list[CopyBreak] = []
    head = _HEAD.search(text, max(start - _CONTEXT, 0), start)
    if head:
        found += _joins(story_id, text, head.start(1), head.end(1), start, end, bool(head.group(2)), is_known)
    tail = _TAIL.match(text, end, end + _CONTEXT)
    if tail:
        found += _joins(story_id, text, start, end, tail.start(1), tail.end(1), True, is_known)
    return found


def _joins(
    story_id: str, text: str, a: int, b: int, c: int, d: int, hyphen: bool, is_known: Callable[[str], bool]
) -> list[CopyBreak]:
    """The known ones of head+tail and, across a hyphen, head-tail (head [a, b), tail [c, d))."""
    head, tail = normal(text[a:b]), normal(text[c:d])
    joints = ["", "-"] if hyphen else [""]
    return [
        CopyBreak(story_id, SPLIT_WORD, a, d, b, c, joint, head, tail)
        for joint in joints
        if is_known(head + joint + tail)
    ]


def joined_words(text: str, start: int, end: int, is_known: Callable[[str], bool]) -> list[str]:
    """The known words the word at [start, end) makes with a neighbour (see split_joins)."""
    return list(dict.fromkeys(join.joined for join in split_joins("", text, start, end, is_known)))


def joined_suggestions(edition: Edition, miss: Misspelling, checker: SpellChecker | None = None) -> list[CopyBreak]:
    """The joins to offer first for an unknown word, each with its joined word (`.joined`)
    and applied by fixes.join_split, not by replacing the word: cheap, so asked on the GUI
    thread; hunspell's own suggestions come from Speller.suggest."""
    story = edition.stories.get(miss.story_id)
    if story is None:
        return []
    is_known = (checker or SpellChecker()).word_test(story.language, accepted_words(edition))
    return split_joins(story.id, story.text, miss.start, miss.end, is_known)


def suggestions(edition: Edition, miss: Misspelling, limit: int = 8, checker: SpellChecker | None = None) -> list[str]:
    """What to offer for an unknown word: its joined words, then the dictionary's
    suggestions (offensive words filtered out; slow: call from a worker thread)."""
    story = edition.stories.get(miss.story_id)
    if story is None:
        return []
    joined = [join.joined for join in joined_suggestions(edition, miss, checker)]
    try:
        found = speller(story.language).suggest(miss.word, limit)
    except SpellingError:
        found = []
    return list(dict.fromkeys(joined + found))[:limit]


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


__all__ = [
    "Misspelling",
    "SpellChecker",
    "SpellingError",
    "accepted_words",
    "joined_suggestions",
    "joined_words",
    "split_joins",
    "suggestions",
    "unknown_word_counts",
]
