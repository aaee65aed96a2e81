"""Breaks that copy pasted out of a PDF keeps: a word hyphenated at a line end and cut at a
paragraph end ("coop-" ¶ "eration"), the same with the line end become a space
("coop- eration"), and a sentence cut by a paragraph end (a paragraph ending without
punctuation, the next starting in lower case). Each is found with the join that mends it
(fixes.join_split); the joined word keeps its hyphen only when it is a compound
("Xinjiang-" ¶ "based"), judged by a word test (the spelling dictionary)."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from epaperdesk.model.story import Story
from epaperdesk.proof.tokens import normal, without_links

SPLIT_PARAGRAPH, SPLIT_SPACE, BROKEN_PARAGRAPH = "split-paragraph", "split-space", "broken-paragraph"
# "pre- and post-war", "two- to three-year": a hyphen left hanging on purpose
SUSPENDED = frozenset({"and", "or", "nor", "to", "but", "through", "than"})
_SPACE_SPLIT = re.compile(r"(?<![\w-])([^\W\d_]+)-([ \t\u00a0]+)([^\W\d_]+)")
_LAST_WORD = re.compile(r"([^\W\d_]+(?:['\u2019\u02bc\u00ad][^\W\d_]+)*)(-?)[ \t]*$")
_FIRST_WORD = re.compile(r"[ \t]*(\w+)")

WordTest = Callable[[str], bool]


@dataclass(frozen=True)
class CopyBreak:
    story_id: str
    kind: str  # split-paragraph, split-space, broken-paragraph; split-word: a spelling suggestion
    start: int  # the first word's start
    end: int  # the second word's end
    cut_start: int  # [cut_start, cut_end) is what the join replaces by `joint`
    cut_end: int
    joint: str  # "" (one word), "-" (a compound) or " " (one paragraph)
    head: str
    tail: str

    @property
    def joined(self) -> str:
        return self.head + self.joint + self.tail

    @property
    def message(self) -> str:
        if self.kind == SPLIT_PARAGRAPH:
            return f"word split across a paragraph end “{self.head}-¶{self.tail}”: join as “{self.joined}”"
        if self.kind == SPLIT_SPACE:
            return f"word split by a hyphen and a space “{self.head}- {self.tail}”: join as “{self.joined}”"
        if self.kind == BROKEN_PARAGRAPH:
            return f"paragraph ends inside a sentence “{self.head}¶{self.tail}”: join the paragraphs"
        return f"join “{self.head}” and “{self.tail}” as “{self.joined}”"


def find_copy_breaks(story: Story, is_known: WordTest = lambda word: True) -> list[CopyBreak]:
    """Every break of pasted copy in a story, in story order."""
    found = [*_paragraph_breaks(story, is_known), *_space_splits(story, is_known)]
    found.sort(key=lambda b: b.start)
    return found


def _paragraph_breaks(story: Story, is_known: WordTest) -> Iterator[CopyBreak]:
    """A paragraph ending in a word (hyphenated or not) whose sentence the next one, starting
    in lower case, goes on with: of any style after a hyphen (an import may have styled the
    first paragraph "first" and the rest "body"), of the same style after a whole word."""
    paragraphs = story.paragraphs()
    text = story.text
    for (start, end, style), (next_start, next_end, next_style) in zip(paragraphs, paragraphs[1:]):
        last = _LAST_WORD.search(text, start, end)
        first = _FIRST_WORD.match(text, next_start, next_end)
        if last is None or first is None or not first.group(1)[:1].islower():
            continue
        if style != next_style and not last.group(2):
            continue
        head, tail = normal(last.group(1)), normal(first.group(1))
        if last.group(2):
            cut_start, joint, kind = last.end(1), _joint(head, tail, is_known), SPLIT_PARAGRAPH
        else:
            cut_start, joint, kind = last.end(1), " ", BROKEN_PARAGRAPH
        yield CopyBreak(story.id, kind, last.start(1), first.end(1), cut_start, first.start(1), joint, head, tail)


def _space_splits(story: Story, is_known: WordTest) -> Iterator[CopyBreak]:
    """ "coop- eration" inside a paragraph (not a suspended hyphen: "pre- and post-war")."""
    for match in _SPACE_SPLIT.finditer(without_links(story.text)):
        head, tail = normal(match.group(1)), normal(match.group(3))
        if tail.lower() in SUSPENDED:
            continue
        yield CopyBreak(
            story.id,
            SPLIT_SPACE,
            match.start(1),
            match.end(3),
            match.end(1),
            match.start(3),
            _joint(head, tail, is_known),
            head,
            tail,
        )


def _joint(head: str, tail: str, is_known: WordTest) -> str:
    """ "" when head and tail make a word (or nothing better is known), "-" when they make
    no word but the tail is one (a compound: "Xinjiang-based")."""
    if is_known(head + tail) or not is_known(tail):
        return ""
    return "-"


__all__ = ["BROKEN_PARAGRAPH", "SPLIT_PARAGRAPH", "SPLIT_SPACE", "SUSPENDED", "CopyBreak", "find_copy_breaks"]
