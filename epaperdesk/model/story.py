"""Stories: text, one paragraph style per paragraph, and character spans.

A story's text separates paragraphs with "\\n". Each "\\n" is a paragraph mark that carries
the style of the paragraph it ends; the last paragraph's style is the story's final entry, so
`paragraph_styles` always has `text.count("\\n") + 1` entries.

Character spans are kept per character style as sorted, disjoint, non-touching intervals
`(start, end)`. That canonical form is what makes a splice's inverse exact: removing a range
and inserting the same fragment again gives back equal intervals.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from epaperdesk.model.styles import StoryFit

PARAGRAPH_SEPARATOR = "\n"
MAX_STORY_CHARACTERS = 500_000  # 80,000 words; a long news story is 20,000 characters
STORY_STATUSES = ("editing", "proofing", "ready")
_WORD = re.compile(r"[^\W_]", re.UNICODE)

Interval = tuple[int, int]


@dataclass(frozen=True)
class Fragment:
    """A piece of a story: text, the styles of the paragraph marks in it, and its spans
    (style, start, end) relative to the fragment."""

    text: str = ""
    paragraph_styles: tuple[str, ...] = ()
    spans: tuple[tuple[str, int, int], ...] = ()
    # the parts of correction anchors inside the fragment (id, start, end): a splice carries
    # them away with the text it removes, so that its inverse puts them back exactly
    anchors: tuple[tuple[str, int, int], ...] = ()

    def __post_init__(self) -> None:
        marks = self.text.count(PARAGRAPH_SEPARATOR)
        if len(self.paragraph_styles) != marks:
            raise ValueError(f"fragment has {marks} paragraph marks but {len(self.paragraph_styles)} paragraph styles")
        for style, start, end in self.spans:
            if not (0 <= start < end <= len(self.text)):
                raise ValueError(f"fragment span {style!r} {start}–{end} is outside its {len(self.text)} characters")
        for name, start, end in self.anchors:
            if not (0 <= start <= end <= len(self.text)):
                raise ValueError(f"fragment anchor {name!r} {start}–{end} is outside its {len(self.text)} characters")

    def without_anchors(self) -> Fragment:
        return Fragment(self.text, self.paragraph_styles, self.spans) if self.anchors else self

    @classmethod
    def plain(cls, text: str, paragraph_style: str = "body") -> Fragment:
        """Unformatted text; every paragraph mark in it gets `paragraph_style`."""
        return cls(text, (paragraph_style,) * text.count(PARAGRAPH_SEPARATOR))


@dataclass
class Story:
    id: str
    text: str = ""
    paragraph_styles: list[str] = field(default_factory=lambda: ["body"])
    spans: dict[str, list[Interval]] = field(default_factory=dict)
    language: str = "en_US"
    name: str = ""
    fit: StoryFit = field(default_factory=StoryFit)  # copyfit adjustment made by the Fit command
    # where each correction (by id) is anchored: a range, or an empty range for a point; it
    # moves with every splice (see replace) so that marks survive edits and reflow
    anchors: dict[str, tuple[int, int]] = field(default_factory=dict)
    status: str = "editing"  # the story budget: editing, proofing, ready
    assignee: str = ""  # who works on it

    def __post_init__(self) -> None:
        self.check()

    def check(self) -> None:
        """Raise ValueError if the story's parts disagree with each other."""
        if self.status not in STORY_STATUSES:
            raise ValueError(f"story {self.id!r}: status {self.status!r} is not one of {', '.join(STORY_STATUSES)}")
        marks = self.text.count(PARAGRAPH_SEPARATOR)
        if len(self.paragraph_styles) != marks + 1:
            raise ValueError(
                f"story {self.id!r} has {marks + 1} paragraphs but {len(self.paragraph_styles)} paragraph styles"
            )
        for style, intervals in self.spans.items():
            previous_end = -1
            for start, end in intervals:
                if not (0 <= start < end <= len(self.text)):
                    raise ValueError(f"story {self.id!r}: span {style!r} {start}–{end} is outside the text")
                if start <= previous_end:
                    raise ValueError(f"story {self.id!r}: spans of {style!r} overlap, touch or are unsorted")
                previous_end = end
            if not intervals:
                raise ValueError(f"story {self.id!r}: style {style!r} has an empty span list")
        for name, (start, end) in self.anchors.items():
            if not (0 <= start <= end <= len(self.text)):
                raise ValueError(f"story {self.id!r}: anchor of correction {name!r} {start}–{end} is outside the text")

    # -- reading -----------------------------------------------------------------------

    def paragraphs(self) -> list[tuple[int, int, str]]:
        """(start, end, style) of every paragraph, end excluding its mark."""
        result = []
        start = 0
        for style in self.paragraph_styles:
            end = self.text.find(PARAGRAPH_SEPARATOR, start)
            if end < 0:
                end = len(self.text)
            result.append((start, end, style))
            start = end + 1
        return result

    def paragraph_index_at(self, position: int) -> int:
        """Index of the paragraph that holds character `position`."""
        return self.text.count(PARAGRAPH_SEPARATOR, 0, position)

    def styles_at(self, position: int) -> set[str]:
        """Character styles applied to the character at `position`."""
        return {
            style for style, intervals in self.spans.items() if any(start <= position < end for start, end in intervals)
        }

    def word_count(self) -> int:
        return count_words(self.text)

    def fragment(self, start: int, end: int) -> Fragment:
        """The piece of the story between `start` and `end`, with its styles."""
        if not (0 <= start <= end <= len(self.text)):
            raise ValueError(f"range {start}–{end} is outside story {self.id!r} of {len(self.text)} characters")
        first_mark = self.text.count(PARAGRAPH_SEPARATOR, 0, start)
        text = self.text[start:end]
        marks = text.count(PARAGRAPH_SEPARATOR)
        spans = []
        for style, intervals in self.spans.items():
            for s, e in intervals:
                s2, e2 = max(s, start), min(e, end)
                if s2 < e2:
                    spans.append((style, s2 - start, e2 - start))
        spans.sort()
        anchors = []
        for name, (s, e) in self.anchors.items():
            if s == e:
                if start < s <= end:
                    anchors.append((name, s - start, s - start))
            elif max(s, start) < min(e, end):
                anchors.append((name, max(s, start) - start, min(e, end) - start))
        anchors.sort()
        return Fragment(
            text, tuple(self.paragraph_styles[first_mark : first_mark + marks]), tuple(spans), tuple(anchors)
        )

    # -- changing (called by edits only) -------------------------------------------------

    def replace(self, start: int, removed_length: int, inserted: Fragment) -> None:
        """Remove `removed_length` characters at `start` and insert `inserted` there."""
        end = start + removed_length
        if not (0 <= start <= end <= len(self.text)):
            raise ValueError(f"range {start}–{end} is outside story {self.id!r} of {len(self.text)} characters")
        first_mark = self.text.count(PARAGRAPH_SEPARATOR, 0, start)
        removed_marks = self.text.count(PARAGRAPH_SEPARATOR, start, end)
        self.paragraph_styles[first_mark : first_mark + removed_marks] = list(inserted.paragraph_styles)
        self.text = self.text[:start] + inserted.text + self.text[end:]
        delta = len(inserted.text) - removed_length
        added: dict[str, list[Interval]] = {}
        for style, s, e in inserted.spans:
            added.setdefault(style, []).append((s + start, e + start))
        spans: dict[str, list[Interval]] = {}
        for style in sorted(set(self.spans) | set(added)):
            moved = _splice_intervals(self.spans.get(style, []), start, end, len(inserted.text), delta)
            merged = _merge_intervals(moved + added.get(style, []))
            if merged:
                spans[style] = merged
        self.spans = spans
        if self.anchors or inserted.anchors:
            self.anchors = _splice_anchors(self.anchors, start, end, len(inserted.text), delta, inserted.anchors)


def _splice_anchors(
    anchors: dict[str, tuple[int, int]],
    start: int,
    end: int,
    inserted: int,
    delta: int,
    carried: tuple[tuple[str, int, int], ...],
) -> dict[str, tuple[int, int]]:
    """Anchors after removing [start, end) and inserting `inserted` characters carrying the
    anchor parts `carried`. What lies before stays, what lies after shifts, a range cut by
    the removal keeps its outside parts, a range or point inside the removal collapses to
    the splice's start (the removed fragment carries it, for the inverse)."""
    result: dict[str, tuple[int, int]] = {}
    for name, (s, e) in anchors.items():
        if s == e:
            if start < s <= end:
                result[name] = (start, start)
            elif s > end:
                result[name] = (s + delta, s + delta)
            else:
                result[name] = (s, s)
            continue
        if e <= start:
            result[name] = (s, e)
        elif s >= end:
            result[name] = (s + delta, e + delta)
        else:
            left = s if s < start else None
            right = e + delta if e > end else None
            if left is not None and right is not None:
                result[name] = (left, right)
            elif left is not None:
                result[name] = (left, start)
            elif right is not None:
                result[name] = (start + inserted, right)
            else:
                result[name] = (start, start)
    for name, fs, fe in carried:
        piece = (start + fs, start + fe)
        current = result.get(name)
        if current is None or current[0] == current[1]:
            result[name] = piece
        else:
            result[name] = (min(current[0], piece[0]), max(current[1], piece[1]))
    return result


def _splice_intervals(intervals: list[Interval], start: int, end: int, inserted: int, delta: int) -> list[Interval]:
    """Intervals after removing [start, end) and opening a gap of `inserted` characters there."""
    result = []
    for s, e in intervals:
        if e <= start:
            result.append((s, e))
            continue
        if s >= end:
            result.append((s + delta, e + delta))
            continue
        if s < start:
            result.append((s, start))
        if e > end:
            result.append((start + inserted, e + delta))
    return result


def _merge_intervals(intervals: list[Interval]) -> list[Interval]:
    """Sort and merge overlapping or touching intervals; drop empty ones."""
    merged: list[list[int]] = []
    for s, e in sorted(i for i in intervals if i[0] < i[1]):
        if merged and s <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], e)
        else:
            merged.append([s, e])
    return [(s, e) for s, e in merged]


def count_words(text: str) -> int:
    """Words as a reader counts them: whitespace-separated tokens holding a letter or digit."""
    return sum(1 for token in text.split() if _WORD.search(token))
