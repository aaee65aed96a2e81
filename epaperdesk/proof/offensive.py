"""Offensive words kept out of spelling suggestions: a hunspell dictionary knows slurs and
obscenities, and its nearest match for an unknown name can be one. The list is data
(resources/proof/offensive.txt); only suggestions are filtered, never the copy."""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

from epaperdesk.resources import resource

_PARTS = re.compile(r"[\s\-\u2010/'\u2019]+")


@lru_cache(maxsize=1)
def offensive_words() -> frozenset[str]:
    """The shipped list, lower case (empty lines and # comments left out). A list that
    cannot be read raises OSError: suggestions are then withheld, not left unfiltered."""
    text = resource("proof", "offensive.txt").read_text(encoding="utf-8")
    return frozenset(line.strip().lower() for line in text.splitlines() if line.strip() and not line.startswith("#"))


def is_offensive(suggestion: str) -> bool:
    """Whether a suggestion is, or holds as one of its parts ("Kike e", "Shit-faced"), a
    listed word, in any case."""
    listed = offensive_words()
    return suggestion.lower() in listed or any(part.lower() in listed for part in _PARTS.split(suggestion))


def without_offensive(suggestions: Iterable[str]) -> list[str]:
    """The suggestions with the offensive ones taken out, in their order; none at all when
    the list cannot be read (better no suggestion than an unfiltered slur)."""
    try:
        offensive_words()
    except OSError:
        return []
    return [word for word in suggestions if not is_offensive(word)]


__all__ = ["is_offensive", "offensive_words", "without_offensive"]
