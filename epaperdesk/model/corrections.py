"""Corrections: typed proof marks as proofreaders use them (BS 5261 / ISO 5776 practice).

A correction names its story and kind, carries its author, time, status and replies; where
it applies is the story's anchor of the same id (Story.anchors), which moves with every
splice, so a mark stays on its words through editing and reflow. `apply_correction` makes
the text change a mark asks for as one undoable edit.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

KINDS = {
    "delete": "Delete",
    "insert": "Insert",
    "replace": "Replace",
    "transpose": "Transpose",
    "bold": "Change to bold",
    "italic": "Change to italic",
    "roman": "Change to roman",
    "capitals": "Change to capitals",
    "close-up": "Close up",
    "new-paragraph": "New paragraph",
    "run-on": "Run on",
    "stet": "Stet (leave as it was)",
    "query": "Query",
}
NEEDS_TEXT = {"insert", "replace", "query"}
NO_TEXT_CHANGE = {"stet", "query"}
STATUSES = ("open", "accepted", "applied", "rejected", "done")


@dataclass(frozen=True)
class Reply:
    author: str
    time: str  # ISO 8601, UTC
    text: str


@dataclass(frozen=True)
class Correction:
    id: str
    story_id: str
    kind: str
    text: str = ""  # what to insert or put instead; a query's question
    author: str = ""
    time: str = ""  # ISO 8601, UTC
    status: str = "open"
    replies: tuple[Reply, ...] = ()
    marked: str = ""  # the text the mark was made on (to find it again after big changes)

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"correction {self.id!r}: kind {self.kind!r} is not one of {', '.join(KINDS)}")
        if self.status not in STATUSES:
            raise ValueError(f"correction {self.id!r}: status {self.status!r} is not one of {', '.join(STATUSES)}")
        if not self.id or not self.story_id:
            raise ValueError("a correction needs an id and a story")

    @property
    def label(self) -> str:
        label = KINDS[self.kind]
        if self.kind in ("insert", "replace") and self.text:
            return f"{label} “{self.text}”"
        if self.kind == "query" and self.text:
            return f"Query: {self.text}"
        return label

    def with_status(self, status: str) -> Correction:
        return replace(self, status=status)

    def with_reply(self, reply: Reply) -> Correction:
        return replace(self, replies=self.replies + (reply,))


# -- what a correction does to the text -----------------------------------------------------------


class CorrectionError(ValueError):
    """A correction that cannot be applied as it stands; the message says why."""


_WORDS = re.compile(r"^(\s*)(\S+)(\s+)(\S+)(\s*)$")


def transposed(text: str) -> str:
    """Two words (or two characters) in the other order: "form the" → "the form"; spaces
    between them become one."""
    match = _WORDS.match(text)
    if match:
        lead, first, gap, second, tail = match.groups()
        gap = " " if gap.strip(" \t") == "" else gap
        return f"{lead}{second}{gap}{first}{tail}"
    if len(text) == 2:
        return text[1] + text[0]
    raise CorrectionError("transpose marks two words or two letters")


def closed_up(text: str) -> str:
    if not re.search(r"\s", text):
        raise CorrectionError("close up marks a space to take out")
    return re.sub(r"[ \t\u00a0]+", "", text)
