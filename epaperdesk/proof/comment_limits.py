"""How much of a proof PDF import-comments reads, in one place. Each limit is checked while
the file is read, before the work it would cost is done; a proof over one is refused with a
message naming the file, the page or annotation, the limit and how far over. The numbers are
far beyond a real proof (a broadsheet page: about 3,000 word-map runs, a few hundred comments)
and low enough that a hostile file cannot hold the machine."""

from __future__ import annotations

from typing import NamedTuple


class Limit(NamedTuple):
    """A largest allowed count and what is counted, worded for messages."""

    value: int
    what: str


# the file
PROOF_BYTES = Limit(1024**3, "bytes in the proof file")
PAGES = Limit(10_000, "pages")

# annotations
ANNOTATIONS_PER_PAGE = Limit(2_000, "annotations on one page")
ANNOTATIONS_PER_FILE = Limit(20_000, "annotations in the file")
QUAD_POINTS_PER_ANNOTATION = Limit(4_000, "QuadPoints numbers in one annotation")  # 500 marked lines
QUAD_POINTS_PER_FILE = Limit(400_000, "QuadPoints numbers in the file")
CONTENTS_CHARS = Limit(10_000, "characters of /Contents")  # no more than an .epd keeps in a correction
SHORT_TEXT_CHARS = Limit(1_000, "characters")  # /T (the author), /NM, /M, /State and our story id

# the word map (our own, per page: the positions of the words when the proof was made)
WORD_MAP_BYTES = Limit(16 * 1024**2, "bytes of word map")  # packed and unpacked, each
WORD_MAP_BYTES_PER_FILE = Limit(64 * 1024**2, "bytes of word maps in the file")  # packed, and unpacked
WORD_MAP_RUNS = Limit(30_000, "word-map runs on one page")
WORD_MAP_RUNS_PER_FILE = Limit(600_000, "word-map runs in the file")
JSON_DEPTH = Limit(8, "levels of JSON nesting")  # the map itself needs three

# placing the comments on the words
PLACING_STEPS = Limit(2_000_000, "runs looked at and characters measured")
SEARCH_CHARS = 10_000  # marked text longer than this is only looked for where it was

# positions: a PDF page is at most 14,400 units wide; beyond this a number is not a place on a page
MAX_COORDINATE = 1_000_000.0
MAX_TYPE_SIZE = 5_000.0  # points, for a run in the word map
