"""Repeated words ("the the"): the same word twice with only white space between, in any
case, across a line break too (a line break is a space in the story); never across a
paragraph end. Doubles that English means ("had had", "that that", "bye bye") and names
written twice in title case ("Bora Bora") pass. Fixed by deleting the second word
(fixes.delete_repeated_word)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from epaperdesk.model.story import PARAGRAPH_SEPARATOR, Story
from epaperdesk.proof.tokens import NOT_A_WORD, WORDS, normal, without_links

# doubles that are grammar or idiom, not a slip of the keyboard
ALLOWED_DOUBLES = frozenset({"had", "that", "is", "bye", "ha", "ho", "no", "knock", "tut", "chop", "yada"})


@dataclass(frozen=True)
class RepeatedWord:
    story_id: str
    start: int  # the first word's start
    end: int  # the second word's end
    cut: int  # the first word's end: [cut, end) is what the fix deletes
    word: str

    @property
    def message(self) -> str:
        return f"repeated word “{self.word} {self.word}”"


def find_repeated_words(story: Story) -> list[RepeatedWord]:
    """Every doubled word of a story, in story order."""
    found = []
    previous: re.Match[str] | None = None
    for match in WORDS.finditer(without_links(story.text)):
        if previous is not None and _doubled(story.text, previous, match):
            found.append(
                RepeatedWord(story.id, previous.start(1), match.end(1), previous.end(1), normal(previous.group(1)))
            )
        previous = match
    return found


def _doubled(text: str, first: re.Match[str], second: re.Match[str]) -> bool:
    """Two words alike with white space only between them (in the story's own text: a
    link blanked out between them is no space), within one paragraph."""
    a, b = normal(first.group(1)), normal(second.group(1))
    if a.lower() != b.lower() or NOT_A_WORD.search(a) or a.lower() in ALLOWED_DOUBLES:
        return False
    gap = text[first.end(1) : second.start(1)]
    return gap.isspace() and PARAGRAPH_SEPARATOR not in gap and not (_title_case(a) and _title_case(b))


def _title_case(word: str) -> bool:
    """ "Bora": a name's form (a capital, then not all capitals)."""
    return word[:1].isupper() and not word.isupper()


__all__ = ["ALLOWED_DOUBLES", "RepeatedWord", "find_repeated_words"]
