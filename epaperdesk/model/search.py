"""Find and replace in stories: plain text or regular expressions, one story or the whole
edition. Replacing is one undoable edit made of splices (last match first, so that the
positions of the earlier matches stay true)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from epaperdesk.model.edition import Edition
from epaperdesk.model.edits import CompositeEdit, Edit, EditError, SpliceText
from epaperdesk.model.story import PARAGRAPH_SEPARATOR, Fragment, Story

MAX_MATCHES = 100_000


class SearchError(ValueError):
    """A search that cannot run (an invalid regular expression); the message says why."""


@dataclass(frozen=True)
class Query:
    text: str
    regex: bool = False
    case_sensitive: bool = False
    whole_words: bool = False

    def compile(self) -> re.Pattern[str]:
        if not self.text:
            raise SearchError("nothing to find")
        pattern = self.text if self.regex else re.escape(self.text)
        if self.whole_words:
            pattern = rf"(?<!\w)(?:{pattern})(?!\w)"
        try:
            return re.compile(pattern, 0 if self.case_sensitive else re.IGNORECASE)
        except re.error as error:
            raise SearchError(f"the regular expression is not valid: {error}") from None


@dataclass(frozen=True)
class Match:
    story_id: str
    start: int
    end: int
    text: str


def find_matches(edition: Edition, query: Query, story_ids: list[str] | None = None) -> list[Match]:
    """Every match, stories in edition order (or the order given), empty matches skipped."""
    pattern = query.compile()
    ids = story_ids if story_ids is not None else list(edition.stories)
    found: list[Match] = []
    for story_id in ids:
        story = edition.stories.get(story_id)
        if story is None:
            continue
        for m in pattern.finditer(story.text):
            if m.end() > m.start():
                found.append(Match(story_id, m.start(), m.end(), m.group(0)))
                if len(found) >= MAX_MATCHES:
                    return found
    return found


def replacement_text(query: Query, match_text: str, replacement: str) -> str:
    """What a match becomes: the replacement as typed, or with \\1 and \\g<name> expanded."""
    if not query.regex:
        return replacement
    m = query.compile().fullmatch(match_text) or query.compile().search(match_text)
    try:
        return m.expand(replacement) if m else replacement
    except (re.error, IndexError) as error:
        raise SearchError(f"the replacement is not valid: {error}") from None


def replace_match(edition: Edition, query: Query, match: Match, replacement: str) -> SpliceText:
    """The splice that replaces one match; the new text takes the character styles of the
    first character it replaces, new paragraph marks the style of the paragraph."""
    story = edition.stories.get(match.story_id)
    if story is None or story.text[match.start : match.end] != match.text:
        raise EditError("the text found has changed since: search again")
    new_text = replacement_text(query, match.text, replacement)
    return SpliceText(
        story.id, match.start, story.fragment(match.start, match.end), _styled_like(story, match.start, new_text)
    )


def replace_all(
    edition: Edition, query: Query, replacement: str, story_ids: list[str] | None = None
) -> tuple[Edit | None, int]:
    """One edit replacing every match (None when nothing matches), and the match count."""
    matches = find_matches(edition, query, story_ids)
    splices = [replace_match(edition, query, m, replacement) for m in reversed(matches)]
    splices = [s for s in splices if s.removed != s.inserted]
    if not splices:
        return None, len(matches)
    return CompositeEdit(tuple(splices), f"Replace {len(matches)} × “{query.text[:30]}”"), len(matches)


def _styled_like(story: Story, position: int, text: str) -> Fragment:
    styles = story.styles_at(position) if position < len(story.text) else set()
    paragraph = story.paragraph_styles[story.paragraph_index_at(position)]
    spans = tuple((name, 0, len(text)) for name in sorted(styles)) if text else ()
    return Fragment(text, (paragraph,) * text.count(PARAGRAPH_SEPARATOR), spans)
