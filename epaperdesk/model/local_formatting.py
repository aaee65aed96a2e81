"""The edits of local formatting on a story's selection: a font, size or tracking on the
characters, a leading or alignment on the paragraphs, and clearing all of it (back to what
the styles say). See model/overrides.py for how overrides are written."""

from __future__ import annotations

from epaperdesk.model.edition import Edition
from epaperdesk.model.edits import CompositeEdit, Edit, EditError, SetParagraphStyle, SpliceText
from epaperdesk.model.overrides import (
    CHARACTER_LOCAL,
    PARAGRAPH_LOCAL,
    is_local,
    local_span,
    paragraph_entry,
    split_local_span,
    split_paragraph_entry,
)
from epaperdesk.model.story import Fragment, Story


def _story(edition: Edition, story_id: str) -> Story:
    story = edition.stories.get(story_id)
    if story is None:
        raise EditError(f"no story {story_id!r}")
    return story


def set_character_local(
    edition: Edition, story_id: str, start: int, end: int, field: str, value: object | None
) -> Edit | None:
    """Set `field` (font_family, size, tracking) to `value` on [start, end) of a story, over
    any local value it had there (None: take the local value away). None when nothing changes."""
    if field not in CHARACTER_LOCAL:
        raise EditError(f"{field!r} cannot be set on characters (only {', '.join(CHARACTER_LOCAL)})")
    story = _story(edition, story_id)
    if not 0 <= start < end <= len(story.text):
        return None
    removed = story.fragment(start, end)
    kept = [span for span in removed.spans if not (is_local(span[0]) and split_local_span(span[0])[0] == field)]
    if value is not None:
        try:
            kept.append((local_span(field, value), 0, end - start))
        except ValueError as error:
            raise EditError(str(error)) from None
    inserted = Fragment(removed.text, removed.paragraph_styles, tuple(sorted(kept)), removed.anchors)
    if inserted.spans == removed.spans:
        return None
    return SpliceText(story_id, start, removed, inserted)


def _paragraph_indexes(story: Story, start: int, end: int) -> range:
    first = story.paragraph_index_at(start)
    last = story.paragraph_index_at(max(start, end - 1)) if end > start else first
    return range(first, last + 1)


def set_paragraph_local(
    edition: Edition, story_id: str, start: int, end: int, field: str, value: object | None
) -> Edit | None:
    """Set `field` (leading, alignment) on every paragraph the selection [start, end) touches
    (None: take the local value away)."""
    if field not in PARAGRAPH_LOCAL:
        raise EditError(f"{field!r} cannot be set on paragraphs (only {', '.join(PARAGRAPH_LOCAL)})")
    story = _story(edition, story_id)
    edits: list[Edit] = []
    for index in _paragraph_indexes(story, start, end):
        entry = story.paragraph_styles[index]
        name, overrides = split_paragraph_entry(entry)
        if value is None:
            overrides.pop(field, None)
        else:
            overrides[field] = value  # type: ignore[assignment]  # checked by paragraph_entry
        try:
            new = paragraph_entry(name, overrides)
        except ValueError as error:
            raise EditError(str(error)) from None
        if new != entry:
            edits.append(SetParagraphStyle(story_id, index, entry, new))
    return CompositeEdit(tuple(edits), "Local formatting") if edits else None


def clear_overrides(edition: Edition, story_id: str, start: int, end: int) -> Edit | None:
    """Take away all local formatting from the selection's characters and paragraphs."""
    story = _story(edition, story_id)
    edits: list[Edit] = []
    if start < end:
        removed = story.fragment(start, end)
        spans = tuple(span for span in removed.spans if not is_local(span[0]))
        if spans != removed.spans:
            edits.append(
                SpliceText(
                    story_id, start, removed, Fragment(removed.text, removed.paragraph_styles, spans, removed.anchors)
                )
            )
    for index in _paragraph_indexes(story, start, end):
        entry = story.paragraph_styles[index]
        name, overrides = split_paragraph_entry(entry)
        if overrides:
            edits.append(SetParagraphStyle(story_id, index, entry, name))
    return CompositeEdit(tuple(edits), "Clear overrides") if edits else None


def local_values(edition: Edition, story_id: str, position: int) -> dict[str, object]:
    """The local formatting at a position (character fields, and the paragraph's)."""
    story = _story(edition, story_id)
    values: dict[str, object] = {}
    for name, intervals in story.spans.items():
        if is_local(name) and any(s <= position < e for s, e in intervals):
            field, value = split_local_span(name)
            values[field] = value
    entry = story.paragraph_styles[story.paragraph_index_at(position)]
    values.update(split_paragraph_entry(entry)[1])
    return values
