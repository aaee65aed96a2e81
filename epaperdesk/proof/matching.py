"""Finding a mark again in a story that may have changed since the proof was made: by the
words it marks and the words around them, read from the story text the proof kept, compared
with soft hyphens, case and runs of white space set aside (a line-end hyphen is no story
character, so it is never compared). Every place the words are is ranked by how much of
their neighbourhood still matches — never by how near it is to where the mark was. When two
places fit equally, or none fits well enough, there is no place but a reason."""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from epaperdesk.proof.comment_reading import Tally

CONTEXT_CHARS = 240  # how far the neighbourhood of a mark reaches on each side (some 40 words)
MOST_CANDIDATES = 5_000  # places looked at for one mark; a mark found at more is not placed
WORDS_NEEDED = 4  # words (marked, and matching around it) a place needs, when the story has that many
_LAST_WORD = re.compile(r"\S+ ?\Z")
_FIRST_WORD = re.compile(r"\A ?\S+")


@dataclass(frozen=True)
class Folded:
    """Text as it is compared: soft hyphens out, white space one space, lower case; with the
    index in the original of each character kept (and the original's length at the end)."""

    text: str
    origin: tuple[int, ...]

    def index(self, original: int) -> int:
        """The folded index of an original index (the next kept character's)."""
        return bisect.bisect_left(self.origin, original)

    def span(self, start: int, end: int) -> tuple[int, int]:
        """The original range of a folded range."""
        if end <= start:
            return self.origin[start], self.origin[start]
        return self.origin[start], self.origin[end - 1] + 1


def fold(text: str) -> Folded:
    """The text as it is compared, with the way back to the original."""
    chars: list[str] = []
    origin: list[int] = []
    for i, char in enumerate(text):
        if char == "\u00ad":
            continue
        if char.isspace():
            if chars and chars[-1] == " ":
                continue
            char = " "
        lower = char.lower()
        chars.append(lower if len(lower) == 1 else char)
        origin.append(i)
    origin.append(len(text))
    return Folded("".join(chars), tuple(origin))


@dataclass(frozen=True)
class Sought:
    """A mark as the proof had it, folded: the words before, the marked text ("" for a
    point) and the words after."""

    before: str
    marked: str
    after: str

    @property
    def shown(self) -> str:
        """The mark for a message: its text, or the words either side of the point."""
        if self.marked.strip():
            text = self.marked.strip()
            return f"“{text[:40]}{'…' if len(text) > 40 else ''}”"
        return f"the place “{self.before[-20:].lstrip()}‸{self.after[:20].rstrip()}”"


def sought_at(offset: int, old_text: str, start: int, end: int) -> Sought:
    """The mark on [start, end) of a story whose text from `offset` was `old_text`."""
    old = fold(old_text)
    a, b = old.index(start - offset), old.index(end - offset)
    return Sought(old.text[max(0, a - CONTEXT_CHARS) : a], old.text[a:b], old.text[b : b + CONTEXT_CHARS])


@dataclass(frozen=True)
class Placement:
    """Where a mark is in the current story (original offsets), or why it has no place."""

    span: tuple[int, int] | None
    reason: str = ""


def find_place(sought: Sought, story: Folded, budget: Tally, where: str) -> Placement:
    """The one place in the story where the mark's words are with more of their old
    neighbourhood than anywhere else, and enough of it; else the reason there is none."""
    candidates = _candidates(sought, story.text, budget, where)
    if not candidates:
        return Placement(None, f"{sought.shown} is no longer in the story")
    if len(candidates) > MOST_CANDIDATES:
        return Placement(None, f"{sought.shown} is in the story at more than {MOST_CANDIDATES:,} places")
    scored = {place: _context_words(sought, story.text, *place, budget, where) for place in candidates}
    place = max(scored, key=lambda p: sum(scored[p]))
    left, right = scored[place]
    marked_words = len(sought.marked.split())
    needed = min(WORDS_NEEDED, marked_words + len(sought.before.split()) + len(sought.after.split()))
    if left + right + marked_words < needed:
        return Placement(None, f"{sought.shown} is in the story, but not among the words that were around it")
    rivals = [sum(words) for other, words in scored.items() if other != place and _rivals(words, (left, right))]
    if rivals:
        equal = all(total == left + right for total in rivals)
        how, why = ("equally", "the same words around each") if equal else ("about as", "each has part of its words")
        return Placement(None, f"{sought.shown} fits {how} well at {len(rivals) + 1} places in the story ({why})")
    return Placement(story.span(*place))


def _rivals(other: tuple[int, int], best: tuple[int, int]) -> bool:
    """Whether a place fits about as well as the best one: as many words around it, or more
    than half as many and more on one side (the best may have more only because the story
    changed beside the other)."""
    total, best_total = sum(other), sum(best)
    if total == best_total:
        return True
    return 2 * total >= best_total and total >= WORDS_NEEDED and (other[0] > best[0] or other[1] > best[1])


def _candidates(sought: Sought, text: str, budget: Tally, where: str) -> list[tuple[int, int]]:
    """Folded ranges where the marked text is; for a point, the places after the word
    before it and before the word after it."""
    if sought.marked:
        size = len(sought.marked)
        return [(i, i + size) for i in _occurrences(text, sought.marked, budget, where)]
    left = _LAST_WORD.search(sought.before)
    right = _FIRST_WORD.search(sought.after)
    places: set[int] = set()
    if left is not None:
        places.update(i + len(left.group()) for i in _occurrences(text, left.group(), budget, where))
    if right is not None:
        places.update(_occurrences(text, right.group(), budget, where))
    return [(p, p) for p in sorted(places)]


def _occurrences(text: str, needle: str, budget: Tally, where: str) -> list[int]:
    """Where the needle starts in the text (overlapping ones too), up to one more than
    MOST_CANDIDATES."""
    found: list[int] = []
    i = text.find(needle)
    while i >= 0 and len(found) <= MOST_CANDIDATES:
        found.append(i)
        i = text.find(needle, i + 1)
    budget.add(len(found) + 1, where)
    return found


def _context_words(sought: Sought, text: str, start: int, end: int, budget: Tally, where: str) -> tuple[int, int]:
    """How many whole words of the old neighbourhood are still before and after [start, end)."""
    before = text[max(0, start - len(sought.before)) : start]
    after = text[end : end + len(sought.after)]
    k = _common_suffix(sought.before, before)
    m = _common_prefix(sought.after, after)
    budget.add(1 + k + m, where)
    return _words_before(sought.before, k), _words_after(sought.after, m)


def _common_prefix(a: str, b: str) -> int:
    n = 0
    for x, y in zip(a, b):
        if x != y:
            break
        n += 1
    return n


def _common_suffix(a: str, b: str) -> int:
    n = 0
    for x, y in zip(reversed(a), reversed(b)):
        if x != y:
            break
        n += 1
    return n


def _words_before(before: str, matched: int) -> int:
    """The whole words in the last `matched` characters of `before` (the farthest one
    counts only when it matched from its start)."""
    if matched == 0:
        return 0
    part = before[len(before) - matched :]
    words = len(part.split())
    cut = matched < len(before) and not part[0].isspace() and not before[len(before) - matched - 1].isspace()
    return words - 1 if cut else words


def _words_after(after: str, matched: int) -> int:
    """The whole words in the first `matched` characters of `after`."""
    if matched == 0:
        return 0
    part = after[:matched]
    words = len(part.split())
    cut = matched < len(after) and not part[-1].isspace() and not after[matched].isspace()
    return words - 1 if cut else words
