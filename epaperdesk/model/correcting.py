"""Marking and applying corrections: the edits a proofreader's mark makes (one undoable
step each), and the text change each kind of mark asks for."""

from __future__ import annotations

import copy
import datetime
import re
from collections.abc import Callable
from typing import NamedTuple

from epaperdesk.model.corrections import (
    KINDS,
    NEEDS_TEXT,
    NO_TEXT_CHANGE,
    Correction,
    CorrectionError,
    Reply,
    closed_up,
    transposed,
)
from epaperdesk.model.edition import Edition
from epaperdesk.model.edits import (
    AddCorrection,
    CompositeEdit,
    Edit,
    EditError,
    SetCorrection,
    SpliceText,
    format_text,
)
from epaperdesk.model.story import PARAGRAPH_SEPARATOR, Fragment, Story


def now() -> str:
    return datetime.datetime.now(datetime.UTC).replace(microsecond=0).isoformat()


def mark_correction(
    edition: Edition,
    story_id: str,
    start: int,
    end: int,
    kind: str,
    text: str = "",
    author: str = "",
    time: str | None = None,
) -> AddCorrection:
    """The edit that marks a new correction on [start, end) of a story."""
    story = edition.stories.get(story_id)
    if story is None:
        raise EditError(f"no story {story_id!r}")
    if kind not in KINDS:
        raise EditError(f"{kind!r} is not a kind of correction")
    if kind in NEEDS_TEXT and not text.strip():
        raise EditError(f"{KINDS[kind].lower()} needs the text {'to put in' if kind != 'query' else 'of the question'}")
    if kind not in ("insert", "new-paragraph", "query") and end <= start:
        raise EditError(f"{KINDS[kind].lower()} marks some text: select it first")
    used = set(edition.corrections) | {a for s in edition.stories.values() for a in s.anchors}
    number = len(used) + 1
    while f"c{number}" in used:
        number += 1
    correction = Correction(
        f"c{number}", story_id, kind, text, author, time or now(), "open", (), story.text[start:end][:200]
    )
    return AddCorrection(correction, start, end)


def reply_to(edition: Edition, correction_id: str, author: str, text: str, time: str | None = None) -> SetCorrection:
    old = _correction(edition, correction_id)
    return SetCorrection(old, old.with_reply(Reply(author, time or now(), text)))


def set_status(edition: Edition, correction_id: str, status: str) -> SetCorrection:
    old = _correction(edition, correction_id)
    try:
        return SetCorrection(old, old.with_status(status))
    except ValueError as error:
        raise EditError(str(error)) from None


def _correction(edition: Edition, correction_id: str) -> Correction:
    correction = edition.corrections.get(correction_id)
    if correction is None:
        raise EditError(f"no correction {correction_id!r}")
    return correction


def _plain(story: Story, start: int, text: str) -> Fragment:
    """New text styled like the character it replaces (or the one before)."""
    at = start if start < len(story.text) and story.text[start] != PARAGRAPH_SEPARATOR else start - 1
    names = sorted(story.styles_at(at)) if at >= 0 else []
    paragraph = story.paragraph_styles[story.paragraph_index_at(start)]
    spans = tuple((name, 0, len(text)) for name in names) if text else ()
    return Fragment(text, (paragraph,) * text.count(PARAGRAPH_SEPARATOR), spans)


def _splice(story: Story, start: int, end: int, text: str) -> SpliceText:
    return SpliceText(story.id, start, story.fragment(start, end), _plain(story, start, text))


def text_change(edition: Edition, correction: Correction) -> Edit | None:
    """The edit that makes the change a correction asks for (None for stet and query)."""
    if correction.kind in NO_TEXT_CHANGE:
        return None
    story = edition.stories.get(correction.story_id)
    if story is None:
        raise EditError(f"correction {correction.id!r}: its story {correction.story_id!r} is gone")
    start, end = story.anchors[correction.id]
    change = _CHANGES.get(correction.kind)
    if change is None:
        raise EditError(f"correction {correction.id!r}: cannot apply {correction.kind!r}")
    try:
        return change(_Marked(edition, story, correction, start, end))
    except CorrectionError as error:
        raise EditError(f"correction {correction.id!r}: {error}") from None


class _Marked(NamedTuple):
    """What a correction marks: the story range its anchor holds now."""

    edition: Edition
    story: Story
    correction: Correction
    start: int
    end: int

    @property
    def text(self) -> str:
        return self.story.text[self.start : self.end]


def _delete(m: _Marked) -> Edit:
    """The marked text out, with one space beside it when words were deleted (so that no
    double space, or space before punctuation, is left)."""
    if m.end <= m.start:
        raise CorrectionError("the text to delete was deleted already")
    start, end = _with_a_space(m.story.text, m.start, m.end)
    return _splice(m.story, start, end, "")


_CLOSING = frozenset(",.;:!?)]}”’…")


def _with_a_space(text: str, start: int, end: int) -> tuple[int, int]:
    """[start, end) widened by the one space that would be left over once it is deleted: the
    one after it, or, before punctuation or a paragraph's end, the one before it."""
    before = text[start - 1] if start > 0 else "\n"
    after = text[end] if end < len(text) else "\n"
    if text[start:end].strip() == "" or not (before in " \n" or after in " \n"):
        return start, end  # a space or a part of a word: exactly what was marked
    if after == " " and before in " \n":
        return start, end + 1
    if before == " " and (after == "\n" or after in _CLOSING):
        return start - 1, end
    return start, end


def _insert(m: _Marked) -> Edit:
    return _splice(m.story, m.end, m.end, m.correction.text)


def _replace(m: _Marked) -> Edit:
    return _splice(m.story, m.start, m.end, m.correction.text)


def _transpose(m: _Marked) -> Edit:
    return _tidy_splice(m, transposed(m.text))


def _capitals(m: _Marked) -> Edit:
    return _splice(m.story, m.start, m.end, m.text.upper())


def _close_up(m: _Marked) -> Edit:
    return _tidy_splice(m, closed_up(m.text))


def _tidy_splice(m: _Marked, new: str) -> Edit:
    """The marked text replaced by `new`, without a space doubling one beside the mark."""
    text = m.story.text
    if new.startswith(" ") and m.start > 0 and text[m.start - 1].isspace():
        new = new[1:]
    if new.endswith(" ") and m.end < len(text) and text[m.end].isspace():
        new = new[:-1]
    return _splice(m.story, m.start, m.end, new)


def _style_on(m: _Marked) -> Edit:
    """Bold or italic: the correction's kind is the character style set."""
    return format_text(m.edition, m.story.id, m.start, m.end, m.correction.kind, True)


def _roman(m: _Marked) -> Edit:
    removed = m.story.fragment(m.start, m.end)
    kept = tuple(span for span in removed.spans if span[0] not in ("bold", "italic"))
    return SpliceText(
        m.story.id, m.start, removed, Fragment(removed.text, removed.paragraph_styles, kept, removed.anchors)
    )


def _new_paragraph(m: _Marked) -> Edit:
    if m.start < m.end and m.text.strip() == "":
        return _splice(m.story, m.start, m.end, PARAGRAPH_SEPARATOR)
    return _splice(m.story, m.start, m.start, PARAGRAPH_SEPARATOR)


def _run_on(m: _Marked) -> Edit:
    """The paragraph breaks marked (or the one just before the mark) become one space each,
    with the spaces around them."""
    text = m.story.text
    if PARAGRAPH_SEPARATOR in m.text:
        start, end = _spaces_around(text, m.start, m.end)
        joined = re.sub(r"[ \t]*\n[ \t]*", " ", text[start:end])
        return _tidy_splice(_Marked(m.edition, m.story, m.correction, start, end), joined)
    if m.start > 0 and text[m.start - 1] == PARAGRAPH_SEPARATOR:
        start, end = _spaces_around(text, m.start - 1, m.start)
        return _splice(m.story, start, end, " ")
    raise CorrectionError("run on marks the break between two paragraphs")


def _spaces_around(text: str, start: int, end: int) -> tuple[int, int]:
    """[start, end) widened over the spaces and tabs on either side."""
    while start > 0 and text[start - 1] in " \t":
        start -= 1
    while end < len(text) and text[end] in " \t":
        end += 1
    return start, end


# the text change of each kind of mark that changes text
_CHANGES: dict[str, Callable[[_Marked], Edit]] = {
    "delete": _delete,
    "insert": _insert,
    "replace": _replace,
    "transpose": _transpose,
    "capitals": _capitals,
    "close-up": _close_up,
    "bold": _style_on,
    "italic": _style_on,
    "roman": _roman,
    "new-paragraph": _new_paragraph,
    "run-on": _run_on,
}


def apply_correction(edition: Edition, correction_id: str) -> Edit:
    """The change a correction asks for and its status set to applied (stet and queries:
    done), as one edit."""
    correction = _correction(edition, correction_id)
    if correction.status in ("applied", "rejected", "done"):
        raise EditError(f"correction {correction_id!r} is {correction.status} already")
    change = text_change(edition, correction)
    status = SetCorrection(correction, correction.with_status("done" if change is None else "applied"))
    edits = ([change] if change is not None else []) + [status]
    return CompositeEdit(tuple(edits), f"Apply {correction.label}")


def apply_all(edition: Edition, status: str = "accepted") -> tuple[Edit | None, list[str]]:
    """One edit applying every correction with `status`, later positions first (so that one
    change does not move the next); and the messages of those that could not be applied."""
    chosen = [c for c in edition.corrections.values() if c.status == status and c.kind not in NO_TEXT_CHANGE]
    chosen.sort(key=lambda c: (c.story_id, edition.stories[c.story_id].anchors[c.id]), reverse=True)
    edits: list[Edit] = []
    problems: list[str] = []
    trial = copy.deepcopy(edition)
    for correction in chosen:
        try:
            edit = apply_correction(trial, correction.id)
            edit.apply(trial)
            edits.append(edit)
        except EditError as error:
            problems.append(str(error))
    if not edits:
        return None, problems
    return CompositeEdit(tuple(edits), f"Apply {len(edits)} corrections"), problems
