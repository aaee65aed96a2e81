"""House clean-up of incoming copy: typewriter quotes to typographic ones, double hyphens
to dashes, runs of spaces to one. Works on runs of text (so formatting is kept) with the
character before each run as context for the quotes."""

from __future__ import annotations

import re
from dataclasses import dataclass

_SPACES = re.compile(r"[ \t\u00a0]{2,}")
_OPENING_CONTEXT = set(" \t\n\u2029([{\u2014\u2013-/\"'\u2018\u201c")


@dataclass(frozen=True)
class CleanupOptions:
    quotes: bool = True
    dashes: bool = True
    spaces: bool = True


def clean_text(text: str, before: str = "", options: CleanupOptions = CleanupOptions()) -> str:
    """`text` cleaned as house style wants it; `before` is the character preceding it."""
    if options.dashes:
        text = text.replace(" -- ", " \u2014 ").replace("---", "\u2014").replace("--", "\u2014")
    if options.spaces:
        text = _SPACES.sub(" ", text)
    if options.quotes and ("'" in text or '"' in text):
        out = []
        previous = before[-1:] if before else ""
        for char in text:
            if char in "'\"":
                opening = previous == "" or previous in _OPENING_CONTEXT
                if char == '"':
                    char = "\u201c" if opening else "\u201d"
                else:
                    char = "\u2018" if opening else "\u2019"  # an apostrophe is a closing quote
            out.append(char)
            previous = char
        text = "".join(out)
    return text


def clean_runs(
    runs: list[tuple[str, frozenset[str]]], options: CleanupOptions = CleanupOptions()
) -> list[tuple[str, frozenset[str]]]:
    """Clean a paragraph given as (text, character styles) runs, quotes seen across runs."""
    result = []
    before = ""
    for text, styles in runs:
        cleaned = clean_text(text, before, options)
        if options.spaces and before.endswith(" ") and cleaned.startswith(" "):
            cleaned = cleaned.lstrip(" ")
        if cleaned:
            result.append((cleaned, styles))
            before = cleaned
    if result and options.spaces:
        first, styles = result[0]
        result[0] = (first.lstrip(" "), styles)
        last, styles = result[-1]
        result[-1] = (last.rstrip(" "), styles)
        result = [(t, s) for t, s in result if t]
    return result
