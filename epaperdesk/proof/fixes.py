"""Fixes for bad breaks, as undoable edits: a discretionary hyphen where the word should
break, no break inside a phrase, or a hyphenation exception for the whole edition."""

from __future__ import annotations

from epaperdesk.model.edition import Edition
from epaperdesk.model.edits import CompositeEdit, Edit, EditError, SetEditionField, SetStyle, SpliceText
from epaperdesk.model.story import Fragment
from epaperdesk.model.styles import CharacterStyle
from epaperdesk.proof.tokens import SOFT_HYPHEN

NO_BREAK = "no-break"


def discretionary_hyphen(edition: Edition, story_id: str, position: int) -> SpliceText:
    """A soft hyphen at `position`: the word may break there, and only there."""
    story = edition.stories.get(story_id)
    if story is None or not 0 < position < len(story.text):
        raise EditError("no place for a discretionary hyphen there")
    if not (story.text[position - 1].isalpha() and story.text[position].isalpha()):
        raise EditError("a discretionary hyphen goes between two letters of a word")
    styles = tuple((name, 0, 1) for name in sorted(story.styles_at(position - 1)))
    return SpliceText(story_id, position, Fragment(""), Fragment(SOFT_HYPHEN, (), styles))


def no_break(edition: Edition, story_id: str, start: int, end: int) -> Edit:
    """Keep [start, end) on one line (the house "no-break" character style, added to the
    edition when it has none)."""
    if end <= start:
        raise EditError("select the words to keep together")
    edits: list[Edit] = []
    if NO_BREAK not in edition.character_styles:
        edits.append(SetStyle("character", NO_BREAK, None, CharacterStyle(NO_BREAK, no_break=True)))
    story = edition.stories[story_id]
    removed = story.fragment(start, end)
    spans = [s for s in removed.spans if s[0] != NO_BREAK] + [(NO_BREAK, 0, end - start)]
    edits.append(
        SpliceText(
            story_id,
            start,
            removed,
            Fragment(removed.text, removed.paragraph_styles, tuple(sorted(spans)), removed.anchors),
        )
    )
    return edits[0] if len(edits) == 1 else CompositeEdit(tuple(edits), "No break")


def hyphenation_exception(edition: Edition, word: str, breaks: str | None) -> SetEditionField:
    """How `word` hyphenates in this edition: "ex-am-ple", or None for never."""
    word = word.replace(SOFT_HYPHEN, "")
    if breaks is not None and breaks.replace("-", "") != word:
        raise EditError(f"{breaks!r} does not spell {word!r}")
    old = dict(edition.hyphenation_exceptions)
    new = dict(old)
    new[word] = breaks
    return SetEditionField("hyphenation_exceptions", old, new)


__all__ = ["discretionary_hyphen", "hyphenation_exception", "no_break"]
