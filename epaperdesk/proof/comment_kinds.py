"""What a comment asks for: the kind of correction a PDF comment (with its group) stands for,
its text, the areas it marks — or, when it asks for nothing, why. Viewers have no mark for
most proof corrections, so the note is read too: an instruction ("stet", "ital", "close up")
makes that mark, and a strike or underline whose note is new text is a replace."""

from __future__ import annotations

import re
from typing import NamedTuple

from epaperdesk.proof.comment_reading import Comment

_INSTRUCTIONS = [
    (r"\bstet\b", "stet"),
    (r"\bclose\s*up\b", "close-up"),
    (r"\btrans(pose)?\b|\btrs\b", "transpose"),
    (r"\bnew\s*par(agraph)?\b|^np$|¶", "new-paragraph"),
    (r"\brun\s*on\b", "run-on"),
    (r"\bital(ic)?s?\b", "italic"),
    (r"\bbold\b", "bold"),
    (r"\brom(an)?\b", "roman"),
    (r"\b(caps|capitals|upper\s*case)\b", "capitals"),
]
# a note of one word that is a remark, not the text to put in
_REMARK_WORD = re.compile(
    r"^(delete|dele|del|remove|omit|cut|drop|out|ok|okay|fine|good|wrong|typo|sp|spelling|check|query|qy|why|"
    r"what|missing|duplicate|duplicated|repeated|twice|space|fix|verify|confirm|x)\W*$",
    re.IGNORECASE,
)
# a longer note that starts with one of these is a remark or a request
_REMARK = re.compile(
    r"^(check|please|pls|plz|is|are|was|were|should(?!\s+be\b)|could|can|why|what|who|when|where|how|query|qy|"
    r"delete|dele|del|remove|omit|cut|take|drop|see|note|fix|spelling|sp|typo|wrong|missing|add|insert|move|"
    r"verify|confirm|ok|okay|fine|good|yes|no|not|this|these|that|duplicate|repeated|twice|space|"
    r"to\s+be|needs?|maybe|perhaps|i|we|you)\b",
    re.IGNORECASE,
)
# "should be X", "replace with X", "read: X", "→ X", "to: X": the new text is X
_PUT_INSTEAD = re.compile(
    r"^(?:should\s+be|replace\s+(?:it\s+)?with|change\s+to|read\s*:|to\s*:|→|->|=>)\s*:?\s*(.+)$", re.I
)
_QUOTES = "\"'“”‘’«»"
NEW_TEXT_CHARS = 80  # a longer note is a remark


class Reading(NamedTuple):
    """What a comment asks for; `kind` None when it asks for nothing (`why` says so)."""

    kind: str | None
    text: str
    areas: list
    point: bool
    why: str = ""
    remark: str = ""  # a note that is neither the text nor the mark: kept as the first reply


def instruction(text: str) -> str | None:
    """The mark a short note names ("stet", "ital", "close up" …), if it names one."""
    lowered = text.strip().lower()
    if len(lowered) > 40:
        return None
    for pattern, kind in _INSTRUCTIONS:
        if re.search(pattern, lowered):
            return kind
    return None


def new_text(note: str) -> str | None:
    """The text a note on struck or underlined words asks to put in their place, when the
    note reads as that ("dim", "should be “dim”", "→ dim"); None for a remark, a question or
    an instruction."""
    text = " ".join(note.split())
    instead = _PUT_INSTEAD.match(text)
    if instead is not None:
        text = instead.group(1)
    elif _REMARK_WORD.match(text) if len(text.split()) == 1 else _REMARK.match(text):
        return None
    text = text.strip(_QUOTES).strip()
    if not text or len(text) > NEW_TEXT_CHARS or "?" in text or instruction(text) is not None:
        return None
    return text


def read_kind(root: Comment, members: list[Comment]) -> Reading:
    """The correction a comment (with its group) stands for."""
    if root.kind:
        return _our_own(root, members)
    strike = next((c for c in [root, *members] if c.subtype == "/StrikeOut"), None)
    caret = next((c for c in [root, *members] if c.subtype == "/Caret"), None)
    if strike is not None and caret is not None:
        return Reading("replace", caret.contents, strike.quads or [strike.rect], False)
    if root.subtype == "/Caret":
        return _caret(root)
    if root.subtype in ("/StrikeOut", "/Underline", "/Squiggly", "/Highlight"):
        return _text_mark(root)
    if root.subtype in ("/Text", "/FreeText"):
        if not root.contents.strip():
            return Reading(None, "", [], True, "an empty note: nothing to correct")
        left, bottom, right, top = root.rect
        return Reading("query", root.contents, [(left, top - 4, left + 4, top)], True)
    return Reading(None, "", [], False, "not a kind of comment EpaperDesk reads")


def _our_own(root: Comment, members: list[Comment]) -> Reading:
    """A comment of our own proof: its kind is written in it."""
    strike = next((c for c in [root, *members] if c.subtype == "/StrikeOut"), None)
    caret = next((c for c in [root, *members] if c.subtype == "/Caret"), None)
    if root.kind == "replace" and strike is not None:
        return Reading("replace", (caret or root).contents, strike.quads or [strike.rect], False)
    areas = root.quads or [root.rect]
    point = root.subtype in ("/Caret", "/Text", "/FreeText") and not root.quads
    text = root.contents if root.kind in ("insert", "replace", "query") else ""
    return Reading(root.kind, text, areas, point)


def _caret(root: Comment) -> Reading:
    """Acrobat's insert text, or its insert paragraph (/Sy /P, no text)."""
    if root.symbol == "P" or instruction(root.contents) == "new-paragraph":
        return Reading("new-paragraph", "", [root.rect], True)
    if not root.contents.strip():
        return Reading(None, "", [root.rect], True, "an empty caret: no text to insert")
    return Reading("insert", root.contents, [root.rect], True)


def _text_mark(root: Comment) -> Reading:
    """A strike, underline, squiggle or highlight, read with its note."""
    areas = root.quads or [root.rect]
    if root.subtype == "/Highlight":
        return Reading("query", root.contents or "(marked)", areas, False)
    named = instruction(root.contents)
    if named is not None:
        return Reading(named, "", areas, False)
    instead = new_text(root.contents)
    if instead is not None:
        return Reading("replace", instead, areas, False)
    if root.subtype == "/StrikeOut":
        return Reading("delete", "", areas, False, remark=root.contents.strip())
    return Reading("query", root.contents or "(marked)", areas, False)
