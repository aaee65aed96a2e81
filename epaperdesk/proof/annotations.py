"""Corrections as PDF comments, both ways — the one name callers import from.

Out (comment_writing.py): every correction on a page becomes a standard annotation that every
viewer shows, with its full text, replies and review state, and each page carries its word
map: the positions of its words, their story ranges and the story text around them.

In: the annotations and packed word maps are read within limits (comment_reading.py); each
page's map is unpacked when a comment on it needs it (word_map.py); a comment's areas give
the story range it marks (marking.py); what it asks for is read from its type and note
(comment_kinds.py); and it is placed on its words, found again by their neighbourhood when
the story has changed (matching.py, placing.py) — or listed as not placed, with why.
"""

from __future__ import annotations

from epaperdesk.proof.comment_format import pdf_date
from epaperdesk.proof.comment_kinds import instruction, new_text
from epaperdesk.proof.comment_reading import Comment, CommentError, WordMap, read_comments
from epaperdesk.proof.comment_writing import annotate_page
from epaperdesk.proof.marking import Marked
from epaperdesk.proof.placing import ImportResult, Unplaced, place_comments

__all__ = [
    "Comment",
    "CommentError",
    "ImportResult",
    "Marked",
    "Unplaced",
    "WordMap",
    "annotate_page",
    "instruction",
    "new_text",
    "pdf_date",
    "place_comments",
    "read_comments",
]
