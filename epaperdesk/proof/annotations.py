"""Corrections as PDF comments, both ways.

Out: every correction on a page becomes a standard annotation that every viewer shows —
StrikeOut for delete, Caret for insert, Caret + StrikeOut grouped (/IRT, /RT /Group) for
replace, Highlight with its note for a query, Underline with the instruction for the other
marks — each with an appearance stream (so it looks the same everywhere), author (/T),
dates, text (/Contents), its replies as Text annotations in reply to it and its status as a
review-state reply. Each page also carries the positions of its words and their story
ranges (/PieceInfo /EpaperDesk), so comments find their text again after reflow.

In: Text, FreeText, Highlight, StrikeOut, Underline, Squiggly and Caret annotations with
their replies and groups, written by any viewer, are read (pikepdf), matched to the text
they mark — first by the marked area against the exported page's word positions, then by
the text itself in the current story — and turned into typed corrections. A proof comes
from outside: reading it is bounded by the limits in comment_limits.py, and a font the word
map names is only looked up among the fonts we have, never opened.
"""

from __future__ import annotations

import bisect
import datetime
import json
import math
import os
import re
import stat
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cached_property
from itertools import accumulate
from pathlib import Path, PureWindowsPath
from typing import BinaryIO

import pikepdf

from epaperdesk.geometry import Rect
from epaperdesk.model.corrections import KINDS, STATUSES, Correction, Reply
from epaperdesk.model.edition import Edition
from epaperdesk.model.edits import AddCorrection, CompositeEdit, Edit
from epaperdesk.model.styles import BUILTIN_SWATCHES
from epaperdesk.proof import comment_limits as limits
from epaperdesk.proof.comment_limits import Limit
from epaperdesk.typeset.displaylist import GlyphRun, PageDisplayList
from epaperdesk.typeset.fonts import FALLBACK_FAMILY, FontError, edition_font_file, installed_faces
from epaperdesk.typeset.hittest import char_offsets, range_boxes

PRIVATE_KEY = "/EpaperDesk"
COLOURS = {
    "delete": (0.85, 0.1, 0.1),
    "insert": (0.1, 0.35, 0.85),
    "replace": (0.85, 0.1, 0.1),
    "query": (1.0, 0.85, 0.0),
    "other": (0.0, 0.55, 0.25),
}
REVIEW_STATES = {
    "open": "None",
    "accepted": "Accepted",
    "rejected": "Rejected",
    "applied": "Completed",
    "done": "Completed",
}
STATE_STATUS = {
    "None": "open",
    "Accepted": "accepted",
    "Rejected": "rejected",
    "Completed": "applied",
    "Cancelled": "rejected",
}
MARKUP = {"/Text", "/FreeText", "/Highlight", "/StrikeOut", "/Underline", "/Squiggly", "/Caret"}
LISTED_PROBLEMS = 20  # annotations that cannot be read, listed one by one; the rest are counted


class CommentError(Exception):
    """A proof PDF that cannot be read; the message names it and why."""


# -- writing -----------------------------------------------------------------------------------------


def pdf_date(iso: str) -> str:
    """An ISO time as a PDF date string (D:YYYYMMDDHHmmSSZ)."""
    try:
        moment = datetime.datetime.fromisoformat(iso)
    except (TypeError, ValueError):
        moment = datetime.datetime(2000, 1, 1, tzinfo=datetime.UTC)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=datetime.UTC)
    return moment.astimezone(datetime.UTC).strftime("D:%Y%m%d%H%M%SZ")


def iso_date(pdf: str) -> str:
    match = re.match(r"D?:?(\d{4})(\d{2})?(\d{2})?(\d{2})?(\d{2})?(\d{2})?", pdf or "")
    if not match:
        return ""
    year, month, day, hour, minute, second = (int(p) if p else d for p, d in zip(match.groups(), (2000, 1, 1, 0, 0, 0)))
    try:
        return datetime.datetime(year, month, day, hour, minute, second, tzinfo=datetime.UTC).isoformat()
    except ValueError:
        return ""


def _quads(boxes: list[Rect], height: float) -> list[float]:
    """QuadPoints in the order viewers write them: top-left, top-right, bottom-left,
    bottom-right, in PDF space (y up)."""
    points: list[float] = []
    for b in boxes:
        top, bottom = height - b.top, height - b.bottom
        points += [b.left, top, b.right, top, b.left, bottom, b.right, bottom]
    return points


def _bounds(boxes: list[Rect], height: float, pad: float = 1.0) -> list[float]:
    left = min(b.left for b in boxes) - pad
    right = max(b.right for b in boxes) + pad
    top = height - min(b.top for b in boxes) + pad
    bottom = height - max(b.bottom for b in boxes) - pad
    return [left, bottom, right, top]


def _appearance(pdf: pikepdf.Pdf, rect: list[float], content: str, blend: bool = False) -> pikepdf.Stream:
    """A form XObject drawn in page space (the matrix maps its bbox onto the rect)."""
    resources = pikepdf.Dictionary()
    if blend:
        resources.ExtGState = pikepdf.Dictionary(
            GS0=pikepdf.Dictionary(Type=pikepdf.Name.ExtGState, BM=pikepdf.Name.Multiply, CA=1, ca=1)
        )
    stream = pikepdf.Stream(pdf, content.encode("ascii"))
    stream.Type = pikepdf.Name.XObject
    stream.Subtype = pikepdf.Name.Form
    stream.BBox = pikepdf.Array(rect)
    stream.Resources = resources
    return stream


def _markup_drawing(kind: str, boxes: list[Rect], height: float) -> str:
    ops = []
    r, g, b = COLOURS.get(kind, COLOURS["other"])
    for box in boxes:
        top, bottom = height - box.top, height - box.bottom
        if kind == "query":
            ops.append(f"/GS0 gs {r} {g} {b} rg {box.left:.2f} {bottom:.2f} {box.width:.2f} {top - bottom:.2f} re f")
        elif kind in ("delete", "replace"):
            middle = bottom + (top - bottom) * 0.42
            ops.append(f"{r} {g} {b} RG 0.9 w {box.left:.2f} {middle:.2f} m {box.right:.2f} {middle:.2f} l S")
        else:
            under = bottom + (top - bottom) * 0.12
            ops.append(f"{r} {g} {b} RG 0.8 w {box.left:.2f} {under:.2f} m {box.right:.2f} {under:.2f} l S")
    return "\n".join(ops)


def _caret_drawing(x: float, baseline: float, size: float, colour: tuple) -> str:
    r, g, b = colour
    w = size * 0.35
    return (
        f"{r} {g} {b} rg {x - w:.2f} {baseline - size * 0.25:.2f} m {x:.2f} {baseline + size * 0.35:.2f} l "
        f"{x + w:.2f} {baseline - size * 0.25:.2f} l {x + w * 0.5:.2f} {baseline - size * 0.25:.2f} l "
        f"{x:.2f} {baseline + size * 0.1:.2f} l {x - w * 0.5:.2f} {baseline - size * 0.25:.2f} l h f"
    )


def _common(pdf, page, subtype: str, rect: list[float], correction: Correction, contents: str) -> pikepdf.Dictionary:
    annotation = pikepdf.Dictionary(
        Type=pikepdf.Name.Annot,
        Subtype=pikepdf.Name(subtype),
        Rect=pikepdf.Array(rect),
        F=4,
        P=page.obj,
        T=pikepdf.String(correction.author or "EpaperDesk"),
        M=pikepdf.String(pdf_date(correction.time)),
        CreationDate=pikepdf.String(pdf_date(correction.time)),
        NM=pikepdf.String(correction.id),
        Subj=pikepdf.String(KINDS[correction.kind]),
        Contents=pikepdf.String(contents),
        C=pikepdf.Array(list(COLOURS.get(correction.kind, COLOURS["other"]))),
    )
    annotation[PRIVATE_KEY] = pikepdf.Dictionary(
        Kind=pikepdf.Name("/" + correction.kind),
        Story=pikepdf.String(correction.story_id),
        Status=pikepdf.Name("/" + correction.status),
    )
    return annotation


def annotate_page(pdf: pikepdf.Pdf, page: pikepdf.Page, display: PageDisplayList, edition: Edition) -> int:
    """Add the corrections set on this page and the page's word map; returns how many."""
    height = display.height
    annotations = page.obj.get("/Annots")
    if annotations is None:
        annotations = page.obj.Annots = pikepdf.Array()
    count = 0
    for correction in edition.corrections.values():
        story = edition.stories.get(correction.story_id)
        if story is None or correction.id not in story.anchors:
            continue
        start, end = story.anchors[correction.id]
        boxes = range_boxes(display, story.id, start, end)
        if not boxes:
            continue
        made = _annotations_for(pdf, page, correction, boxes, height)
        primary = made[0]
        for annotation in made:
            annotations.append(annotation)
        for reply in correction.replies:
            annotations.append(_reply(pdf, page, primary, correction, reply))
        state = _state(pdf, page, primary, correction)
        if state is not None:
            annotations.append(state)
        count += 1
    _attach_word_map(pdf, page, display, _word_map_date(edition))
    return count


def _annotations_for(pdf, page, correction: Correction, boxes: list[Rect], height: float) -> list:
    kind = correction.kind
    point = all(b.width == 0 for b in boxes)
    if kind in ("insert", "replace") or point:
        # the caret goes at the end of the marked text for insert, at its start for replace
        anchor = boxes[-1] if kind == "insert" else boxes[0]
        x = anchor.right if kind == "insert" else anchor.left
        size = anchor.height / 1.05
        baseline = height - (anchor.bottom - 0.25 * size)
        rect = [x - size * 0.5, baseline - size * 0.4, x + size * 0.5, baseline + size * 0.5]
        text = correction.text if kind in ("insert", "replace") else KINDS[kind]
        caret = pdf.make_indirect(_common(pdf, page, "/Caret", rect, correction, text))
        caret.AP = pikepdf.Dictionary(
            N=_appearance(pdf, rect, _caret_drawing(x, baseline, size, COLOURS.get(kind, COLOURS["other"])))
        )
        caret.RD = pikepdf.Array([0, 0, 0, 0])
        if kind != "replace" or point:
            return [caret]
        strike_rect = _bounds(boxes, height)
        strike = pdf.make_indirect(_common(pdf, page, "/StrikeOut", strike_rect, correction, ""))
        strike.QuadPoints = pikepdf.Array(_quads(boxes, height))
        strike.AP = pikepdf.Dictionary(N=_appearance(pdf, strike_rect, _markup_drawing("replace", boxes, height)))
        strike.IRT = caret
        strike.RT = pikepdf.Name.Group
        return [caret, strike]
    subtype = {"delete": "/StrikeOut", "query": "/Highlight"}.get(kind, "/Underline")
    rect = _bounds(boxes, height)
    contents = correction.text if kind == "query" else KINDS[kind]
    annotation = pdf.make_indirect(_common(pdf, page, subtype, rect, correction, contents))
    annotation.QuadPoints = pikepdf.Array(_quads(boxes, height))
    annotation.AP = pikepdf.Dictionary(N=_appearance(pdf, rect, _markup_drawing(kind, boxes, height), kind == "query"))
    return [annotation]


def _reply(pdf, page, parent, correction: Correction, reply: Reply):
    rect = list(parent.Rect)
    note = pikepdf.Dictionary(
        Type=pikepdf.Name.Annot,
        Subtype=pikepdf.Name.Text,
        Rect=pikepdf.Array(rect),
        F=28,
        P=page.obj,
        T=pikepdf.String(reply.author or "EpaperDesk"),
        M=pikepdf.String(pdf_date(reply.time)),
        CreationDate=pikepdf.String(pdf_date(reply.time)),
        Contents=pikepdf.String(reply.text),
        IRT=parent,
        RT=pikepdf.Name.R,
        Open=False,
        Name=pikepdf.Name.Comment,
    )
    note.AP = pikepdf.Dictionary(N=_appearance(pdf, rect, ""))  # shown in the comment list, not as an icon
    return pdf.make_indirect(note)


def _state(pdf, page, parent, correction: Correction):
    state = REVIEW_STATES[correction.status]
    if state == "None":
        return None
    note = pikepdf.Dictionary(
        Type=pikepdf.Name.Annot,
        Subtype=pikepdf.Name.Text,
        Rect=pikepdf.Array(list(parent.Rect)),
        F=30,
        P=page.obj,
        T=pikepdf.String(correction.author or "EpaperDesk"),
        M=pikepdf.String(pdf_date(correction.time)),
        Contents=pikepdf.String(f"{state} set by {correction.author or 'EpaperDesk'}"),
        IRT=parent,
        State=pikepdf.String(state),
        StateModel=pikepdf.String("Review"),
    )
    note[PRIVATE_KEY] = pikepdf.Dictionary(Status=pikepdf.Name("/" + correction.status))
    note.AP = pikepdf.Dictionary(N=_appearance(pdf, list(parent.Rect), ""))
    return pdf.make_indirect(note)


def _attach_word_map(pdf, page, display: PageDisplayList, modified: str) -> None:
    """The page's word positions and their story ranges (zlib JSON in /PieceInfo), for the
    way back. A run's font is named by its file name only: the sender's folders stay private,
    and the reader looks the name up among the fonts it knows."""
    runs = [
        [
            r.story_id,
            r.start,
            r.end,
            round(r.x, 3),
            round(r.baseline, 3),
            r.size,
            round(r.letter_spacing, 4),
            round(r.h_scale, 5),
            r.font.name,
            r.text,
        ]
        for r in display.glyph_runs()
    ]
    data = zlib.compress(json.dumps({"height": display.height, "runs": runs}, separators=(",", ":")).encode("utf-8"))
    stream = pikepdf.Stream(pdf, data)
    stream.Filter = pikepdf.Name.FlateDecode
    piece = pikepdf.Dictionary(LastModified=pikepdf.String(modified), Private=pdf.make_indirect(stream))
    page.obj.PieceInfo = pikepdf.Dictionary({PRIVATE_KEY: piece})


def _word_map_date(edition: Edition) -> str:
    """When the edition's corrections last changed, or its date when that is later: a date
    the same edition always gives, so that two exports of one proof are byte-identical."""
    issued = datetime.datetime.combine(edition.date, datetime.time(), datetime.UTC).isoformat()
    times = [c.time for c in edition.corrections.values()]
    times += [r.time for c in edition.corrections.values() for r in c.replies]
    return max([pdf_date(issued)] + [pdf_date(t) for t in times if t])


# -- reading -----------------------------------------------------------------------------------------
#
# A proof comes from outside: every count is checked against comment_limits before the work
# it costs, every value is checked for its type and range, and nothing named inside the file
# (a font, a path) is ever opened. An annotation that cannot be read becomes a Comment with
# its `problem` (reported as not placed); a file over a limit is refused with CommentError.


@dataclass
class Comment:
    """One annotation as read from a PDF (PDF space, y up)."""

    page: int  # 0-based
    subtype: str
    rect: tuple[float, float, float, float]
    quads: list[tuple[float, float, float, float]]  # (left, bottom, right, top) per quad
    contents: str
    author: str
    time: str
    name: str
    key: tuple  # object id
    parent: tuple | None
    relation: str  # "R" (reply) or "Group"
    state: str = ""
    kind: str = ""  # from our own export
    status: str = ""
    story: str = ""
    replies: list[Comment] = field(default_factory=list)
    number: int = 0  # 1-based place in the page's /Annots, for messages
    where: str = ""  # "proof.pdf, page 1, annotation 3 (StrikeOut)", for messages
    problem: str = ""  # why the annotation cannot be read (it is then reported, not placed)


@dataclass(frozen=True)
class WordMap:
    """A page's word map as found in our proof, still packed: it is unpacked (within the
    limits) only when a comment on the page needs it. `problem` says why it cannot be used."""

    page: int  # 0-based
    packed: bytes
    where: str  # "proof.pdf, page 2", for messages
    problem: str = ""


class _Skip(Exception):
    """An annotation or word map that is malformed: skipped, with this reason."""


def _enforce(limit: Limit, count: int, where: str) -> None:
    """Refuse the proof when `count` is over `limit`: the message names where, what, the
    limit and how far over."""
    if count > limit.value:
        raise CommentError(
            f"{where}: {count:,} {limit.what}, over the limit of {limit.value:,} by {count - limit.value:,}"
        )


class _Tally:
    """A running count against one limit (for a whole file): each step is counted before
    the work it stands for is done."""

    def __init__(self, limit: Limit) -> None:
        self.limit = limit
        self.count = 0

    def add(self, amount: int, where: str) -> None:
        self.count += amount
        _enforce(self.limit, self.count, where)


def read_comments(path: str | Path) -> tuple[list[Comment], dict[int, WordMap]]:
    """The review annotations of a PDF, and the packed word map of each page with comments
    (when it is our proof). CommentError when the file cannot be read or is over a limit."""
    path = Path(path)
    with _open_pdf(path) as pdf:
        try:
            return _read_pdf(pdf, path.name)
        except pikepdf.PdfError as error:
            raise CommentError(f"{path.name} is a damaged PDF: {error}") from None


@contextmanager
def _open_pdf(path: Path) -> Iterator[pikepdf.Pdf]:
    """The PDF, opened only when it is a regular file within the size limit: a FIFO or a
    device is refused without a byte read from it."""
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    try:
        descriptor = os.open(path, flags)
    except OSError as error:
        raise CommentError(f"{path.name} cannot be opened: {error.strerror or error}") from None
    with os.fdopen(descriptor, "rb") as handle:
        info = os.fstat(descriptor)
        if not stat.S_ISREG(info.st_mode):
            raise CommentError(f"{path.name} is not a regular file")
        _enforce(limits.PROOF_BYTES, info.st_size, path.name)
        with _parse_pdf(handle, path.name) as pdf:
            yield pdf


def _parse_pdf(handle: BinaryIO, name: str) -> pikepdf.Pdf:
    """The PDF library's view of the file; CommentError when it is no PDF or is locked."""
    try:
        return pikepdf.open(handle)
    except pikepdf.PasswordError:
        raise CommentError(f"{name} is password-protected: save a copy without the password and import that") from None
    except (pikepdf.PdfError, OSError, ValueError) as error:
        raise CommentError(f"{name} is not a readable PDF: {error}") from None


def _read_pdf(pdf: pikepdf.Pdf, name: str) -> tuple[list[Comment], dict[int, WordMap]]:
    """Counts first (pages, annotations), then each page's annotations and word map."""
    _enforce(limits.PAGES, len(pdf.pages), name)
    pages = [page.obj for page in pdf.pages]
    entries = [_annotation_entries(page) for page in pages]
    _enforce(limits.ANNOTATIONS_PER_FILE, sum(len(e) for e in entries), name)
    reader = _AnnotationReader(name)
    packed = _Tally(limits.WORD_MAP_BYTES_PER_FILE)
    comments: list[Comment] = []
    maps: dict[int, WordMap] = {}
    for index, (page, listed) in enumerate(zip(pages, entries)):
        where = f"{name}, page {index + 1}"
        _enforce(limits.ANNOTATIONS_PER_PAGE, len(listed), where)
        found = reader.read_page(index, listed)
        comments += found
        word_map = _packed_word_map(page, index, where) if any(not c.problem for c in found) else None
        if word_map is not None:
            packed.add(len(word_map.packed), where)
            maps[index] = word_map
    damage = pdf.get_warnings()
    if damage:
        comments.append(_damage_noted(name, damage))
    return comments, maps


def _damage_noted(name: str, warnings: list[str]) -> Comment:
    """What the PDF library left out of a damaged file, reported: comments may be missing."""
    first = warnings[0].split("): ", 1)[-1]
    first = first if len(first) <= 160 else first[:160] + "…"
    problem = (
        f"the PDF is damaged and parts of it were left out, so comments may be missing "
        f"({len(warnings):,} warning{'s' if len(warnings) != 1 else ''} from the PDF library; the first: {first})"
    )
    return Comment(-1, "", (0, 0, 0, 0), [], "", "", "", "", ("damaged",), None, "", where=name, problem=problem)


def _annotation_entries(page: pikepdf.Dictionary) -> pikepdf.Array | list:
    """The page's /Annots (counted without reading an entry); a lone value where a list
    belongs is one entry (read if it is an annotation, reported if not)."""
    listed = page.get("/Annots")
    if listed is None:
        return []
    return listed if isinstance(listed, pikepdf.Array) else [listed]


class _AnnotationReader:
    """Reads annotations into Comments: QuadPoints are counted against the file's limit,
    and an annotation listed twice is read once."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.seen: set[tuple[int, int]] = set()
        self.quad_points = _Tally(limits.QUAD_POINTS_PER_FILE)

    def read_page(self, page: int, entries: pikepdf.Array | list) -> list[Comment]:
        found = (self.read(page, number, entry) for number, entry in enumerate(entries, 1))
        return [comment for comment in found if comment is not None]

    def read(self, page: int, number: int, entry: object) -> Comment | None:
        """The entry as a Comment; None when it is no comment (a link, a popup, a repeat)."""
        if not isinstance(entry, pikepdf.Dictionary):
            return _broken(page, number, "not an annotation dictionary")
        key: tuple = entry.objgen
        if key in self.seen:
            return None
        if key == (0, 0):  # a direct object: no number of its own
            key = ("direct", page, number)
        else:
            self.seen.add(entry.objgen)
        where = f"{self.name}, page {page + 1}, annotation {number}"
        try:
            return _comment(page, number, entry, key, where, self.quad_points)
        except _Skip as reason:
            return _broken(page, number, str(reason))
        except pikepdf.PdfError as error:
            return _broken(page, number, f"damaged ({error})")


def _broken(page: int, number: int, problem: str) -> Comment:
    """An annotation that cannot be read, kept to be reported."""
    return Comment(
        page, "", (0, 0, 0, 0), [], "", "", "", "", ("broken", page, number), None, "", number=number, problem=problem
    )


def _comment(
    page: int, number: int, annotation: pikepdf.Dictionary, key: tuple, where: str, quad_points: _Tally
) -> Comment | None:
    """The annotation as a Comment; None when it is no markup (a link, a popup); _Skip
    when it is malformed. Counts are checked before the values are read."""
    subtype = annotation.get("/Subtype")
    if not isinstance(subtype, pikepdf.Name):
        raise _Skip("no /Subtype name")
    if str(subtype) not in MARKUP:
        return None
    where += f" ({str(subtype)[1:]})"
    rect = _rect(annotation.get("/Rect"))
    quads = _quad_boxes(annotation.get("/QuadPoints"), where, quad_points)
    parent = _parent_key(annotation.get("/IRT"))
    relation = _name(annotation.get("/RT"), "/R")[1:] if parent is not None else ""
    kind, status, story = _private(annotation.get(PRIVATE_KEY), where)
    short = limits.SHORT_TEXT_CHARS
    when = _string(annotation.get("/M"), short, f"{where} /M") or _string(
        annotation.get("/CreationDate"), short, f"{where} /CreationDate"
    )
    return Comment(
        page,
        str(subtype),
        rect,
        quads,
        _string(annotation.get("/Contents"), limits.CONTENTS_CHARS, f"{where} /Contents"),
        _string(annotation.get("/T"), short, f"{where} /T (author)"),
        iso_date(when),
        _string(annotation.get("/NM"), short, f"{where} /NM"),
        key,
        parent,
        relation,
        _string(annotation.get("/State"), short, f"{where} /State"),
        kind,
        status,
        story,
        number=number,
        where=where,
    )


def _number(value: object) -> float | None:
    """A PDF number as a float when it is finite and could be a place on a page."""
    if isinstance(value, bool) or not isinstance(value, (int, Decimal)):
        return None
    try:
        number = float(value)
    except (ValueError, OverflowError):  # a signalling NaN, an integer beyond any float
        return None
    return number if math.isfinite(number) and abs(number) <= limits.MAX_COORDINATE else None


def _numbers(values: pikepdf.Array) -> list[float] | None:
    numbers = [_number(v) for v in values]
    found = [n for n in numbers if n is not None]
    return found if len(found) == len(numbers) else None


def _rect(value: object) -> tuple[float, float, float, float]:
    numbers = _numbers(value) if isinstance(value, pikepdf.Array) and len(value) == 4 else None
    if numbers is None:
        raise _Skip("/Rect is not four numbers within a page")
    left, bottom, right, top = numbers
    return min(left, right), min(bottom, top), max(left, right), max(bottom, top)


def _quad_boxes(value: object, where: str, quad_points: _Tally) -> list[tuple[float, float, float, float]]:
    """(left, bottom, right, top) of each quadrilateral; the count is checked before a
    number is read."""
    if value is None:
        return []
    if not isinstance(value, pikepdf.Array):
        raise _Skip("/QuadPoints is not a list of numbers")
    _enforce(limits.QUAD_POINTS_PER_ANNOTATION, len(value), where)
    quad_points.add(len(value), where)
    points = _numbers(value)
    if points is None:
        raise _Skip("/QuadPoints holds something other than numbers within a page")
    boxes = []
    for i in range(0, len(points) - 7, 8):
        xs, ys = points[i : i + 8 : 2], points[i + 1 : i + 8 : 2]
        boxes.append((min(xs), min(ys), max(xs), max(ys)))
    return boxes


def _parent_key(value: object) -> tuple | None:
    """The object number of the annotation this one replies to (a direct dictionary cannot
    be found again, so it counts as none)."""
    if isinstance(value, pikepdf.Dictionary) and value.objgen != (0, 0):
        return value.objgen
    return None


def _name(value: object, default: str) -> str:
    return str(value) if isinstance(value, pikepdf.Name) else default


def _string(value: object, limit: Limit, where: str) -> str:
    """A PDF text string as text ("" when it is something else), no longer than the limit;
    an unpaired surrogate becomes U+FFFD so the edition can always be saved."""
    if not isinstance(value, pikepdf.String):
        return ""
    text = str(value)
    _enforce(limit, len(text), where)
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        text = text.encode("utf-16", "surrogatepass").decode("utf-16", "replace")
    return text


def _private(value: object, where: str) -> tuple[str, str, str]:
    """Kind, status and story id from our own export's private dictionary."""
    if not isinstance(value, pikepdf.Dictionary):
        return "", "", ""
    kind = _name(value.get("/Kind"), "/")[1:]
    status = _name(value.get("/Status"), "/")[1:]
    story = _string(value.get("/Story"), limits.SHORT_TEXT_CHARS, f"{where} {PRIVATE_KEY} /Story")
    return (kind if kind in KINDS else ""), (status if status in STATUSES else ""), story


def _packed_word_map(page: pikepdf.Dictionary, index: int, where: str) -> WordMap | None:
    """The page's word map as stored (packed), or None when the page has none."""
    info = page.get("/PieceInfo")
    piece = info.get(PRIVATE_KEY) if isinstance(info, pikepdf.Dictionary) else None
    if not isinstance(piece, pikepdf.Dictionary):
        return None
    stream = piece.get("/Private")
    if not isinstance(stream, pikepdf.Stream):
        return WordMap(index, b"", where, "its /Private is not a stream")
    if not _packed_as_we_write(stream):
        return WordMap(index, b"", where, "it is packed in a way EpaperDesk does not write")
    length = stream.stream_dict.get("/Length")
    if isinstance(length, int):
        _enforce(limits.WORD_MAP_BYTES, length, f"{where}, packed word map")
    try:
        packed = stream.read_raw_bytes()
    except pikepdf.PdfError as error:
        return WordMap(index, b"", where, f"it cannot be read ({error})")
    _enforce(limits.WORD_MAP_BYTES, len(packed), f"{where}, packed word map")
    return WordMap(index, packed, where)


def _packed_as_we_write(stream: pikepdf.Stream) -> bool:
    """Plain Flate and nothing else: any other filter would be decoded by the PDF library
    with no limit on what it makes."""
    packing = stream.stream_dict.get("/Filter")
    if isinstance(packing, pikepdf.Array) and len(packing) == 1:
        packing = packing[0]
    return packing == pikepdf.Name.FlateDecode and stream.stream_dict.get("/DecodeParms") is None


# -- the word map, unpacked --------------------------------------------------------------------------

_JSON_STRING = re.compile(rb'"[^"\\]*(?:\\.[^"\\]*)*(?:"|\\?\Z)', re.DOTALL)  # never fails: linear
_ALL_BUT_BRACKETS = bytes(b for b in range(256) if b not in b"[]{}")
_BRACKET_STEP = tuple(1 if b in b"[{" else -1 for b in range(256))  # for the brackets only
_RUN_FIELDS = "[story, start, end, x, baseline, size, spacing, scale, font, text]"
_APPROXIMATE = " (the proof names fonts this copy of EpaperDesk does not have: positions are approximate)"


class _FontKeys:
    """The fonts a word map may name, by file name: the shipped faces and the edition's own.
    A name from a PDF is only looked up here, never opened; an unknown one is measured in
    the default face."""

    def __init__(self, edition: Edition) -> None:
        self.files = {face.path.name: face.path for face in installed_faces().values()}
        for asset in edition.fonts.values():
            try:
                self.files[asset.name] = edition_font_file(asset.name, asset.data)
            except OSError:
                continue
        fallback = installed_faces().get((FALLBACK_FAMILY, 400, False))
        self.default = fallback.path if fallback is not None else next(iter(self.files.values()), None)
        self._memo: dict[str, Path | None] = {}

    def find(self, key: str) -> Path | None:
        """The known font a key names; an old proof's full path counts by its base name."""
        if key not in self._memo:
            self._memo[key] = self.files.get(PureWindowsPath(key).name)  # splits at / and \
        return self._memo[key]


def _unpack(word_map: WordMap, unpacked: _Tally) -> bytes:
    """The map's JSON text, unpacked no further than the limit."""
    inflater = zlib.decompressobj()
    try:
        text = inflater.decompress(word_map.packed, limits.WORD_MAP_BYTES.value + 1)
    except zlib.error as error:
        raise _Skip(f"it cannot be unpacked ({error})") from None
    if len(text) > limits.WORD_MAP_BYTES.value:
        raise CommentError(
            f"{word_map.where}: the word map unpacks to more than the limit of {limits.WORD_MAP_BYTES.value:,} bytes "
            "(unpacking stopped there)"
        )
    if not inflater.eof:
        raise _Skip("it is cut short")
    unpacked.add(len(text), word_map.where)
    return text


def _check_json_shape(text: bytes, where: str) -> None:
    """Count the lists and objects of JSON text (one per run) and its nesting before it is
    parsed: nothing is built for a map over a limit, and deep nesting never reaches the
    parser. Brackets inside strings are counted first (an upper bound, and quick); only a
    text that seems over a limit is counted again with its strings taken out."""
    opened, depth = _bracket_shape(text.translate(None, _ALL_BUT_BRACKETS))
    over = opened > limits.WORD_MAP_RUNS.value + 2 or depth > limits.JSON_DEPTH.value
    if over and b'"' in text:
        opened, depth = _bracket_shape(_JSON_STRING.sub(b"", text).translate(None, _ALL_BUT_BRACKETS))
    _enforce(limits.JSON_DEPTH, depth, f"{where}, word map")
    _enforce(limits.WORD_MAP_RUNS, max(opened - 2, 0), f"{where}, word map")  # less the map and its list


def _bracket_shape(brackets: bytes) -> tuple[int, int]:
    """Lists and objects opened, and the deepest nesting, of a text's brackets."""
    opened = brackets.count(b"[") + brackets.count(b"{")
    return opened, max(accumulate(map(_BRACKET_STEP.__getitem__, brackets)), default=0)


def _map_contents(text: bytes, where: str) -> tuple[float, list]:
    """The page height and the list of runs of a map's JSON text."""
    _check_json_shape(text, where)
    try:
        data = json.loads(text)
    except ValueError as error:
        raise _Skip(f"it is not JSON ({error})") from None
    if not isinstance(data, dict) or not isinstance(data.get("runs"), list):
        raise _Skip("it has no list of runs")
    height = _json_number(data.get("height"))
    if height is None or height <= 0:
        raise _Skip("its page height is not a positive number")
    _enforce(limits.WORD_MAP_RUNS, len(data["runs"]), f"{where}, word map")
    return height, data["runs"]


def _json_number(value: object) -> float | None:
    """A JSON number as a float when it is finite and could be a place on a page."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    try:
        number = float(value)
    except OverflowError:  # an integer of hundreds of digits
        return None
    return number if math.isfinite(number) and abs(number) <= limits.MAX_COORDINATE else None


def _json_index(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and 0 <= value <= 2**31


def _glyph_run(item: object, fonts: _FontKeys) -> tuple[GlyphRun, bool]:
    """One run of a map and whether its font is one we know; _Skip when it is malformed."""
    if not isinstance(item, list) or len(item) != 10:
        raise _Skip(f"a run is not {_RUN_FIELDS}")
    story_id, start, end, x, baseline, size, spacing, scale, key, text = item
    numbers = [_json_number(v) for v in (x, baseline, size, spacing, scale)]
    if (
        not (isinstance(story_id, str) and len(story_id) <= limits.SHORT_TEXT_CHARS.value)
        or not (isinstance(key, str) and len(key) <= limits.SHORT_TEXT_CHARS.value and isinstance(text, str))
        or not (_json_index(start) and _json_index(end) and start <= end)
        or None in numbers
        or not (0 < float(size) <= limits.MAX_TYPE_SIZE and 0 < float(scale) <= 100)
    ):
        raise _Skip(f"a run is not {_RUN_FIELDS} with values that fit a page")
    font = fonts.find(key)
    path = font or fonts.default
    if path is None:
        raise _Skip("no font is installed to measure it with")
    x, baseline, size, spacing, scale = (float(v) for v in (x, baseline, size, spacing, scale))
    run = GlyphRun(x, baseline, text, path, size, spacing, scale, BUILTIN_SWATCHES[0], story_id, start, end, "")
    return run, font is not None


def _page_from_map(word_map: WordMap, fonts: _FontKeys, unpacked: _Tally, runs_read: _Tally) -> _PageRuns:
    """The runs of a word map, each count checked before the work it costs."""
    if word_map.problem:
        raise _Skip(word_map.problem)
    height, items = _map_contents(_unpack(word_map, unpacked), word_map.where)
    runs_read.add(len(items), word_map.where)
    read = [_glyph_run(item, fonts) for item in items]
    approximate = not all(known for _, known in read)
    return _PageRuns(height, [run for run, _ in read], True, _APPROXIMATE if approximate else "")


# -- placing -----------------------------------------------------------------------------------------


def _line_of(run: GlyphRun) -> float:
    """Where a mark over the run's line has its middle (page space, y down)."""
    return run.baseline - run.size * 0.3


class _PageRuns:
    """A page's glyph runs ordered by the height of their lines, so that a mark is compared
    with the runs of its own lines only; widths are measured when first needed."""

    def __init__(self, height: float, runs: list[GlyphRun], from_map: bool, note: str = "") -> None:
        self.height = height
        self.runs = sorted((r for r in runs if r.story_id), key=_line_of)  # not jump lines: no story's text
        self.lines = [_line_of(r) for r in self.runs]
        self.tallest = max((r.size for r in self.runs), default=0.0)
        self.widths: list[float | None] = [r.width if r.width else None for r in self.runs]
        self.from_map = from_map  # positions as they were when the proof was made
        self.note = note  # why placing on this page may go wrong, for the not-placed list

    def between(self, low: float, high: float) -> range:
        """The runs whose line lies within [low, high]."""
        return range(bisect.bisect_left(self.lines, low), bisect.bisect_right(self.lines, high))

    def width(self, i: int, budget: _Tally, where: str) -> float:
        found = self.widths[i]
        if found is None:
            found = self.widths[i] = _measure(self.runs[i], budget, where)
        return found


def _measure(run: GlyphRun, budget: _Tally, where: str) -> float:
    offsets = _offsets(run, budget, where)
    return offsets[-1] - offsets[0] if offsets else 0.0


def _offsets(run: GlyphRun, budget: _Tally, where: str) -> list[float]:
    """char_offsets, counted against the budget; none when the font cannot be read."""
    budget.add(len(run.text), where)
    try:
        return char_offsets(run)
    except FontError:
        return []


class _PageSource:
    """Where the words of each page were: the proof's word map when it has a usable one,
    else the current layout. Maps are unpacked one page at a time (comments come page by
    page), within the limits of the file."""

    def __init__(self, edition: Edition, maps: dict[int, WordMap], current: list[PageDisplayList | None]) -> None:
        self.edition = edition
        self.maps = maps
        self.current = current
        self.unpacked = _Tally(limits.WORD_MAP_BYTES_PER_FILE)
        self.runs_read = _Tally(limits.WORD_MAP_RUNS_PER_FILE)
        self.kept: tuple[int, _PageRuns] | None = None

    @cached_property
    def fonts(self) -> _FontKeys:
        return _FontKeys(self.edition)

    def page(self, index: int) -> _PageRuns:
        if self.kept is None or self.kept[0] != index:
            self.kept = (index, self._read(index))
        return self.kept[1]

    def _read(self, index: int) -> _PageRuns:
        note = ""
        word_map = self.maps.get(index)
        if word_map is not None:
            try:
                return _page_from_map(word_map, self.fonts, self.unpacked, self.runs_read)
            except _Skip as reason:
                note = f" (the proof's word map for this page was not used: {reason})"
        display = self.current[index] if 0 <= index < len(self.current) else None
        if display is None:
            return _PageRuns(0.0, [], False, note)
        return _PageRuns(display.height, display.glyph_runs(), False, note)


@dataclass(frozen=True)
class Marked:
    story_id: str
    start: int
    end: int
    text: str  # the text as it was where the comment was made
    before: str = ""  # for a point: the characters just before it (to find the place again)


@dataclass
class ImportResult:
    edit: Edit | None
    corrections: list[Correction]
    unplaced: list[str]
    skipped: list[str]


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


def _instruction(text: str) -> str | None:
    lowered = text.strip().lower()
    if len(lowered) > 40:
        return None
    for pattern, kind in _INSTRUCTIONS:
        if re.search(pattern, lowered):
            return kind
    return None


def _marked_in_runs(
    page: _PageRuns, areas: list, point: bool, reach: float, budget: _Tally, where: str
) -> list[Marked]:
    """Story ranges under areas given in PDF space (y up); for a point (a caret, a note),
    the character boundary nearest to it within `reach` points of a line."""
    if point:
        found = _point_in_runs(page, areas[0], reach, budget, where)
        return [found] if found is not None else []
    pieces: dict[str, list[tuple[int, int, str]]] = {}
    for area in areas:
        for story_id, piece in _pieces_under(page, area, budget, where):
            pieces.setdefault(story_id, []).append(piece)
    return [_joined(story_id, parts) for story_id, parts in pieces.items()]


def _point_in_runs(page: _PageRuns, area: tuple, reach: float, budget: _Tally, where: str) -> Marked | None:
    left, bottom, right, top = area
    x, y = (left + right) / 2, page.height - (bottom + top) / 2
    window = page.between(y - max(reach, page.tallest), y + max(reach, page.tallest))
    budget.add(len(window), where)
    best: tuple[tuple[float, float], int] | None = None
    for i in window:
        run = page.runs[i]
        dy = abs(y - page.lines[i])
        if dy > max(reach, run.size):
            continue
        width = page.width(i, budget, where)
        dx = 0.0 if run.x <= x <= run.x + width else min(abs(x - run.x), abs(x - run.x - width))
        if dx <= max(reach, run.size) and (best is None or (dy, dx) < best[0]):
            best = ((dy, dx), i)
    if best is None:
        return None
    run = page.runs[best[1]]
    offsets = _offsets(run, budget, where)
    if not offsets:
        return None
    i = min(range(len(offsets)), key=lambda k: abs(offsets[k] - x))
    position = min(run.start + i, run.end)
    return Marked(run.story_id, position, position, "", run.text[:i][-24:])


def _pieces_under(page: _PageRuns, area: tuple, budget: _Tally, where: str) -> list[tuple[str, tuple[int, int, str]]]:
    """(story id, (start, end, text)) of the characters whose middle is inside the area."""
    left, bottom, right, top = area
    window = page.between(page.height - top - 0.5, page.height - bottom + 0.5)
    budget.add(len(window), where)
    pieces = []
    for i in window:
        run = page.runs[i]
        ends = (run.x, run.x + page.width(i, budget, where))
        if max(ends) + run.size < left - 0.5 or min(ends) - run.size > right + 0.5:
            continue  # not across the area (with room for the odd glyph set outside its advance)
        offsets = _offsets(run, budget, where)
        chosen = [k for k in range(len(offsets) - 1) if left - 0.5 <= (offsets[k] + offsets[k + 1]) / 2 <= right + 0.5]
        if chosen:
            a, b = chosen[0], chosen[-1] + 1
            pieces.append((run.story_id, (run.start + a, min(run.start + b, run.end), run.text[a:b])))
    return pieces


def _joined(story_id: str, parts: list[tuple[int, int, str]]) -> Marked:
    """One story's marked pieces as one range, with a space where lines meet."""
    parts.sort()
    chunks: list[str] = []
    previous_end = None
    for a, b, chunk in parts:
        if previous_end is not None and a > previous_end:
            chunks.append(" ")
        chunks.append(chunk)
        previous_end = b
    return Marked(story_id, parts[0][0], parts[-1][1], "".join(chunks))


def _norm(text: str) -> str:
    return re.sub(r"\s+", " ", text.replace("\u00ad", "")).strip()


def locate(edition: Edition, marked: Marked) -> tuple[int, int] | None:
    """Where the marked text is in the current story: at the same place if the text is still
    there, else the occurrence nearest to it, else None. Text longer than SEARCH_CHARS is
    only looked for at its old place."""
    story = edition.stories.get(marked.story_id)
    if story is None:
        return None
    if marked.start == marked.end:
        p = marked.start
        before = marked.before
        if not before or story.text[max(0, p - len(before)) : p] == before:
            return (p, p) if p <= len(story.text) else None
        places = [m.end() for m in re.finditer(re.escape(before), story.text)]
        if not places:
            return None
        best = min(places, key=lambda q: abs(q - p))
        return best, best
    current = story.text[marked.start : marked.end]
    if _norm(current).casefold() == _norm(marked.text).casefold():  # casefold: styles may set capitals
        return marked.start, marked.end
    wanted = _norm(marked.text)
    if not wanted or len(wanted) > limits.SEARCH_CHARS:
        return None
    pattern = re.compile(r"\s+".join(re.escape(w) for w in wanted.split(" ")), re.IGNORECASE)
    matches = list(pattern.finditer(story.text.replace("\u00ad", "")))
    if not matches:
        return None
    nearest = min(matches, key=lambda m: abs(m.start() - marked.start))
    # soft hyphens were taken out for matching: map back by counting them
    return _with_soft_hyphens(story.text, nearest.start(), nearest.end())


def _with_soft_hyphens(text: str, start: int, end: int) -> tuple[int, int]:
    if "\u00ad" not in text:
        return start, end
    mapping = [i for i, c in enumerate(text) if c != "\u00ad"]
    return mapping[start], (mapping[end - 1] + 1 if end > 0 else 0)


def place_comments(
    edition: Edition,
    comments: list[Comment],
    maps: dict[int, WordMap],
    current_pages: list[PageDisplayList | None],
    author_fallback: str = "",
) -> ImportResult:
    """Typed corrections for the comments (one edit adding them all), with a list of the
    comments that could not be placed and of those already in the edition. CommentError
    when a word map or the work of placing is over a limit."""
    unplaced = _problems_listed([c for c in comments if c.problem])
    roots, group_members, looped = _threads([c for c in comments if not c.problem])
    unplaced += [f"{_label(c)}: its /IRT replies form a loop" for c in looped]
    placer = _Placer(edition, _PageSource(edition, maps, current_pages), author_fallback)
    for root in roots:
        placer.place(root, group_members.get(root.key, []))
    edits = placer.edits
    edit = CompositeEdit(tuple(edits), f"Import {len(edits)} PDF comments") if edits else None
    return ImportResult(edit, placer.made, unplaced + placer.unplaced, placer.skipped)


def _label(comment: Comment) -> str:
    return f"page {comment.page + 1}: {comment.subtype[1:]} “{_norm(comment.contents)[:40]}”"


def _problems_listed(broken: list[Comment]) -> list[str]:
    """One line per annotation that cannot be read, the first LISTED_PROBLEMS of them, then
    how many more (a hostile file may hold thousands)."""
    lines = [_broken_label(c) for c in broken[:LISTED_PROBLEMS]]
    if len(broken) > LISTED_PROBLEMS:
        lines.append(f"… and {len(broken) - LISTED_PROBLEMS:,} more annotations that cannot be read")
    return lines


def _broken_label(comment: Comment) -> str:
    if comment.page < 0:  # the file as a whole
        return f"{comment.where}: {comment.problem}"
    return f"page {comment.page + 1}: annotation {comment.number}: {comment.problem}"


def _threads(comments: list[Comment]) -> tuple[list[Comment], dict[tuple, list[Comment]], list[Comment]]:
    """The comments that start a thread, the members of each group, and the comments whose
    chain of /IRT comes back to itself (those are left out)."""
    by_key = {c.key: c for c in comments}
    looped = _in_loops({c.key: c.parent for c in comments if c.parent in by_key})
    roots: list[Comment] = []
    group_members: dict[tuple, list[Comment]] = {}
    for comment in comments:
        if comment.key in looped:
            continue
        parent = by_key.get(comment.parent) if comment.parent is not None else None
        if parent is None:
            roots.append(comment)
        elif comment.relation == "Group":
            group_members.setdefault(parent.key, []).append(comment)
        else:
            parent.replies.append(comment)
    return roots, group_members, [c for c in comments if c.key in looped]


def _in_loops(parents: dict[tuple, tuple | None]) -> set[tuple]:
    """The keys on a cycle of parent links, each link followed once."""
    state: dict[tuple, bool] = {}  # False: on the path being followed; True: done
    looped: set[tuple] = set()
    for start in parents:
        path = []
        key: tuple | None = start
        while key is not None and key not in state:
            state[key] = False
            path.append(key)
            key = parents.get(key)
        if key is not None and state[key] is False:
            looped.update(path[path.index(key) :])
        state.update(dict.fromkeys(path, True))
    return looped


class _Placer:
    """Turns thread roots into corrections, one at a time, keeping the lists of what was
    made, what was already there and what could not be placed."""

    def __init__(self, edition: Edition, pages: _PageSource, author_fallback: str) -> None:
        self.edition = edition
        self.pages = pages
        self.author_fallback = author_fallback
        self.budget = _Tally(limits.PLACING_STEPS)
        self.edits: list[Edit] = []
        self.made: list[Correction] = []
        self.unplaced: list[str] = []
        self.skipped: list[str] = []
        self.ids = set(edition.corrections) | {a for s in edition.stories.values() for a in s.anchors}

    def place(self, root: Comment, members: list[Comment]) -> None:
        kind, text, areas, point = _kind_of(root, members)
        if kind is None:
            return
        label = _label(root)
        reach = 36.0 if root.subtype in ("/Text", "/FreeText") else 0.0  # a sticky note sits near its words
        page = self.pages.page(root.page)
        marked = _find(page, areas, point, root.story, reach, self.budget, root.where or label)
        if marked is None:
            self.unplaced.append(f"{label}: no text under it{page.note}")
            return
        anchor = locate(self.edition, marked) if page.from_map else (marked.start, marked.end)
        if anchor is None:
            self.unplaced.append(f"{label}: {_why_not_found(marked)}{page.note}")
            return
        story = self.edition.stories.get(marked.story_id)
        if story is None:
            self.unplaced.append(f"{label}: the story it marks is not in the edition")
            return
        existing = self.edition.corrections.get(root.name)
        if existing is not None and story.anchors.get(existing.id) == anchor and existing.kind == kind:
            self.skipped.append(f"{label}: already in the edition as {existing.id}")
            return
        correction = self._correction(root, kind, text, marked.story_id, story.text[anchor[0] : anchor[1]])
        self.edits.append(AddCorrection(correction, anchor[0], anchor[1]))
        self.made.append(correction)

    def _correction(self, root: Comment, kind: str, text: str, story_id: str, marked: str) -> Correction:
        name = root.name
        correction_id = (
            name if name and name not in self.ids and re.match(r"^[\w.-]{1,64}$", name) else _new_id(self.ids)
        )
        self.ids.add(correction_id)
        replies = tuple(
            Reply(r.author or self.author_fallback, r.time, r.contents)
            for r in root.replies
            if not r.state and r.contents
        )
        author = root.author or self.author_fallback
        return Correction(correction_id, story_id, kind, text, author, root.time, _status(root), replies, marked[:200])


def _why_not_found(marked: Marked) -> str:
    if len(_norm(marked.text)) > limits.SEARCH_CHARS:
        return (
            f"the {len(marked.text):,} characters it marks have changed, and text longer than "
            f"{limits.SEARCH_CHARS:,} characters is only looked for where it was"
        )
    return f"“{_norm(marked.text)[:40]}” is no longer in the story"


def _new_id(used: set[str]) -> str:
    n = len(used) + 1
    while f"c{n}" in used:
        n += 1
    return f"c{n}"


def _status(root: Comment) -> str:
    for reply in reversed(root.replies):
        if reply.state:
            return reply.status or STATE_STATUS.get(reply.state, "open")
    return root.status if root.status in REVIEW_STATES else "open"


def _kind_of(root: Comment, members: list[Comment]) -> tuple[str | None, str, list, bool]:
    """The correction a comment (with its group) stands for, its text, the areas it marks
    and whether it marks a point."""
    subtypes = {root.subtype} | {m.subtype for m in members}
    strike = next((c for c in [root, *members] if c.subtype == "/StrikeOut"), None)
    caret = next((c for c in [root, *members] if c.subtype == "/Caret"), None)
    if root.kind:
        if root.kind == "replace" and strike is not None:
            return "replace", (caret or root).contents, strike.quads or [strike.rect], False
        areas = root.quads or [root.rect]
        point = root.subtype in ("/Caret", "/Text", "/FreeText") and not root.quads
        text = root.contents if root.kind in ("insert", "replace", "query") else ""
        return root.kind, text, areas, point
    if strike is not None and caret is not None and subtypes >= {"/StrikeOut", "/Caret"}:
        return "replace", caret.contents, strike.quads or [strike.rect], False
    if root.subtype == "/StrikeOut":
        return "delete", "", root.quads or [root.rect], False
    if root.subtype == "/Caret":
        instruction = _instruction(root.contents)
        if instruction == "new-paragraph":
            return "new-paragraph", "", [root.rect], True
        if not root.contents.strip():
            return None, "", [], True
        return "insert", root.contents, [root.rect], True
    if root.subtype in ("/Underline", "/Squiggly", "/Highlight"):
        instruction = _instruction(root.contents) if root.subtype != "/Highlight" else None
        if instruction is not None:
            return instruction, "", root.quads or [root.rect], False
        return "query", root.contents or "(marked)", root.quads or [root.rect], False
    if root.subtype in ("/Text", "/FreeText"):
        if not root.contents.strip():
            return None, "", [], True
        left, bottom, right, top = root.rect
        return "query", root.contents, [(left, top - 4, left + 4, top)], True
    return None, "", [], False


def _find(
    page: _PageRuns, areas: list, point: bool, story_hint: str, reach: float, budget: _Tally, where: str
) -> Marked | None:
    """The story range the areas mark (the hinted story's when several are under them)."""
    found = _marked_in_runs(page, areas, point, reach, budget, where)
    if not found:
        return None
    if story_hint:
        for marked in found:
            if marked.story_id == story_hint:
                return marked
    return max(found, key=lambda m: m.end - m.start)
