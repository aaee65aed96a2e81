"""Fixes for proof findings, as undoable edits: for bad breaks a discretionary hyphen where
the word should break, no break inside a phrase, or a hyphenation exception for the whole
edition; one click for a repeated word (the second deleted) and for a break pasted copy
kept (joined)."""

from __future__ import annotations

from epaperdesk.model.edition import Edition
from epaperdesk.model.edits import CompositeEdit, Edit, EditError, SetEditionField, SetStyle, SpliceText, splice_text
from epaperdesk.model.story import Fragment, Story
from epaperdesk.model.styles import CharacterStyle
from epaperdesk.proof.pdf_breaks import CopyBreak
from epaperdesk.proof.repeats import RepeatedWord
from epaperdesk.proof.tokens import SOFT_HYPHEN, normal

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


def delete_repeated_word(edition: Edition, repeat: RepeatedWord) -> SpliceText:
    """Delete the second of a doubled word with the space before it ("the the cat" → "the cat")."""
    story = _story_holding(edition, repeat.story_id, repeat.start, repeat.end)
    if normal(story.text[repeat.cut : repeat.end]).strip().lower() != repeat.word.lower():
        raise EditError("the text has changed since the check: check again")
    return splice_text(edition, repeat.story_id, repeat.cut, repeat.end - repeat.cut, "")


def join_split(edition: Edition, found: CopyBreak) -> SpliceText:
    """Mend a break pasted copy kept: what lies between the two parts ("-¶", "- ", "¶")
    becomes the joint ("", "-" or a space), in the styles of the first part."""
    story = _story_holding(edition, found.story_id, found.start, found.end)
    text = story.text
    if (
        normal(text[found.start : found.cut_start]) != found.head
        or normal(text[found.cut_end : found.end]) != found.tail
    ):
        raise EditError("the text has changed since the check: check again")
    return splice_text(edition, found.story_id, found.cut_start, found.cut_end - found.cut_start, found.joint)


def _story_holding(edition: Edition, story_id: str, start: int, end: int) -> Story:
    """The story, if it still reaches [start, end)."""
    story = edition.stories.get(story_id)
    if story is None or not 0 <= start < end <= len(story.text):
        raise EditError("the text has changed since the check: check again")
    return story


__all__ = ["delete_repeated_word", "discretionary_hyphen", "hyphenation_exception", "join_split", "no_break"]
