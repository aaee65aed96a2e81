"""Comments in, step one: the review annotations of a proof PDF, read with pikepdf, and each
page's word map, still packed.

A proof comes from outside: every count is checked against comment_limits before the work
it costs, every value is checked for its type and range, and nothing named inside the file
(a font, a path) is ever opened. An annotation that cannot be read becomes a Comment with
its `problem` (reported as not placed); a file over a limit is refused with CommentError.
"""

from __future__ import annotations

import math
import os
import stat
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import BinaryIO

import pikepdf

from epaperdesk.model.corrections import KINDS, STATUSES
from epaperdesk.proof import comment_limits as limits
from epaperdesk.proof.comment_format import MARKUP, PRIVATE_KEY, iso_date
from epaperdesk.proof.comment_limits import Limit


class CommentError(Exception):
    """A proof PDF that cannot be read; the message names it and why."""


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
    symbol: str = ""  # a caret's /Sy: "P" when it asks for a new paragraph


@dataclass(frozen=True)
class WordMap:
    """A page's word map as found in our proof, still packed: it is unpacked (within the
    limits) only when a comment on the page needs it. `problem` says why it cannot be used."""

    page: int  # 0-based
    packed: bytes
    where: str  # "proof.pdf, page 2", for messages
    problem: str = ""


class Skip(Exception):
    """An annotation or word map that is malformed: skipped, with this reason."""


def enforce(limit: Limit, count: int, where: str) -> None:
    """Refuse the proof when `count` is over `limit`: the message names where, what, the
    limit and how far over."""
    if count > limit.value:
        raise CommentError(
            f"{where}: {count:,} {limit.what}, over the limit of {limit.value:,} by {count - limit.value:,}"
        )


class Tally:
    """A running count against one limit (for a whole file): each step is counted before
    the work it stands for is done."""

    def __init__(self, limit: Limit) -> None:
        self.limit = limit
        self.count = 0

    def add(self, amount: int, where: str) -> None:
        self.count += amount
        enforce(self.limit, self.count, where)


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
        enforce(limits.PROOF_BYTES, info.st_size, path.name)
        with _parse_pdf(handle, path.name) as pdf:
            yield pdf


def _parse_pdf(handle: BinaryIO, name: str) -> pikepdf.Pdf:
    """The PDF library's view of the file; CommentError when it is no PDF or is locked."""
    # The file checked above, by its descriptor: qpdf reads a path itself, three times faster
    # than through a Python file object (where /proc is missing, the object it is).
    by_descriptor = f"/proc/self/fd/{handle.fileno()}"
    source: BinaryIO | str = by_descriptor if os.path.exists(by_descriptor) else handle
    try:
        return pikepdf.open(source)
    except pikepdf.PasswordError:
        raise CommentError(f"{name} is password-protected: save a copy without the password and import that") from None
    except (pikepdf.PdfError, OSError, ValueError) as error:
        raise CommentError(f"{name} is not a readable PDF: {error}") from None


def _read_pdf(pdf: pikepdf.Pdf, name: str) -> tuple[list[Comment], dict[int, WordMap]]:
    """Counts first (pages, annotations), then each page's annotations and word map."""
    enforce(limits.PAGES, len(pdf.pages), name)
    pages = [page.obj for page in pdf.pages]
    entries = [_annotation_entries(page) for page in pages]
    enforce(limits.ANNOTATIONS_PER_FILE, sum(len(e) for e in entries), name)
    reader = _AnnotationReader(name)
    packed = Tally(limits.WORD_MAP_BYTES_PER_FILE)
    comments: list[Comment] = []
    maps: dict[int, WordMap] = {}
    for index, (page, listed) in enumerate(zip(pages, entries)):
        where = f"{name}, page {index + 1}"
        enforce(limits.ANNOTATIONS_PER_PAGE, len(listed), where)
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
        self.quad_points = Tally(limits.QUAD_POINTS_PER_FILE)

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
        except Skip as reason:
            return _broken(page, number, str(reason))
        except pikepdf.PdfError as error:
            return _broken(page, number, f"damaged ({error})")


def _broken(page: int, number: int, problem: str) -> Comment:
    """An annotation that cannot be read, kept to be reported."""
    return Comment(
        page, "", (0, 0, 0, 0), [], "", "", "", "", ("broken", page, number), None, "", number=number, problem=problem
    )


def _comment(
    page: int, number: int, annotation: pikepdf.Dictionary, key: tuple, where: str, quad_points: Tally
) -> Comment | None:
    """The annotation as a Comment; None when it is no markup (a link, a popup); Skip
    when it is malformed. Counts are checked before the values are read."""
    subtype = annotation.get("/Subtype")
    if not isinstance(subtype, pikepdf.Name):
        raise Skip("no /Subtype name")
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
        symbol=_name(annotation.get("/Sy"), "/")[1:],
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
        raise Skip("/Rect is not four numbers within a page")
    left, bottom, right, top = numbers
    return min(left, right), min(bottom, top), max(left, right), max(bottom, top)


def _quad_boxes(value: object, where: str, quad_points: Tally) -> list[tuple[float, float, float, float]]:
    """(left, bottom, right, top) of each quadrilateral; the count is checked before a
    number is read."""
    if value is None:
        return []
    if not isinstance(value, pikepdf.Array):
        raise Skip("/QuadPoints is not a list of numbers")
    enforce(limits.QUAD_POINTS_PER_ANNOTATION, len(value), where)
    quad_points.add(len(value), where)
    points = _numbers(value)
    if points is None:
        raise Skip("/QuadPoints holds something other than numbers within a page")
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
    enforce(limit, len(text), where)
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
        enforce(limits.WORD_MAP_BYTES, length, f"{where}, packed word map")
    try:
        packed = stream.read_raw_bytes()
    except pikepdf.PdfError as error:
        return WordMap(index, b"", where, f"it cannot be read ({error})")
    enforce(limits.WORD_MAP_BYTES, len(packed), f"{where}, packed word map")
    return WordMap(index, packed, where)


def _packed_as_we_write(stream: pikepdf.Stream) -> bool:
    """Plain Flate and nothing else: any other filter would be decoded by the PDF library
    with no limit on what it makes."""
    packing = stream.stream_dict.get("/Filter")
    if isinstance(packing, pikepdf.Array) and len(packing) == 1:
        packing = packing[0]
    return packing == pikepdf.Name.FlateDecode and stream.stream_dict.get("/DecodeParms") is None
