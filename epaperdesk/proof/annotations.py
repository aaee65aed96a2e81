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
the text itself in the current story — and turned into typed corrections.
"""

from __future__ import annotations

import datetime
import json
import re
import zlib
from dataclasses import dataclass, field
from pathlib import Path

import pikepdf

from epaperdesk.geometry import Rect
from epaperdesk.model.corrections import KINDS, Correction, Reply
from epaperdesk.model.edition import Edition
from epaperdesk.model.edits import AddCorrection, CompositeEdit, Edit
from epaperdesk.typeset.displaylist import GlyphRun, PageDisplayList
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
    _attach_word_map(pdf, page, display)
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


def _attach_word_map(pdf, page, display: PageDisplayList) -> None:
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
            str(r.font),
            r.text,
        ]
        for r in display.glyph_runs()
    ]
    data = zlib.compress(json.dumps({"height": display.height, "runs": runs}, separators=(",", ":")).encode("utf-8"))
    stream = pikepdf.Stream(pdf, data)
    stream.Filter = pikepdf.Name.FlateDecode
    piece = pikepdf.Dictionary(
        LastModified=pikepdf.String(pdf_date(datetime.datetime.now(datetime.UTC).isoformat())),
        Private=pdf.make_indirect(stream),
    )
    page.obj.PieceInfo = pikepdf.Dictionary({PRIVATE_KEY: piece})


# -- reading -----------------------------------------------------------------------------------------


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


def _text(value) -> str:
    try:
        return str(value) if value is not None else ""
    except Exception:
        return ""


def _key(obj) -> tuple:
    try:
        return obj.objgen
    except Exception:
        return (id(obj), 0)


def read_comments(path: str | Path) -> tuple[list[Comment], dict[int, dict]]:
    """The review annotations of a PDF, and each page's word map (when it is our proof)."""
    try:
        pdf = pikepdf.open(path)
    except (pikepdf.PdfError, OSError, ValueError) as error:
        raise CommentError(f"{Path(path).name} is not a readable PDF: {error}") from None
    comments: list[Comment] = []
    maps: dict[int, dict] = {}
    with pdf:
        for index, page in enumerate(pdf.pages):
            maps_data = _word_map(page)
            if maps_data is not None:
                maps[index] = maps_data
            for annotation in page.obj.get("/Annots", pikepdf.Array()) or ():
                try:
                    comment = _comment(index, annotation)
                except (KeyError, ValueError, TypeError, pikepdf.PdfError):
                    continue
                if comment is not None:
                    comments.append(comment)
    return comments, maps


def _comment(page: int, annotation) -> Comment | None:
    subtype = str(annotation.get("/Subtype", ""))
    if subtype not in MARKUP:
        return None
    rect = tuple(float(v) for v in annotation.get("/Rect", [0, 0, 0, 0]))
    rect = (min(rect[0], rect[2]), min(rect[1], rect[3]), max(rect[0], rect[2]), max(rect[1], rect[3]))
    quads = []
    points = [float(v) for v in annotation.get("/QuadPoints", [])]
    for i in range(0, len(points) - 7, 8):
        xs, ys = points[i : i + 8 : 2], points[i + 1 : i + 8 : 2]
        quads.append((min(xs), min(ys), max(xs), max(ys)))
    parent = annotation.get("/IRT")
    private = annotation.get(PRIVATE_KEY)
    kind = status = story = ""
    if isinstance(private, pikepdf.Dictionary):
        kind = str(private.get("/Kind", ""))[1:]
        status = str(private.get("/Status", ""))[1:]
        story = _text(private.get("/Story"))
    relation = str(annotation.get("/RT", "/R"))[1:] if parent is not None else ""
    return Comment(
        page,
        subtype,
        rect,
        quads,
        _text(annotation.get("/Contents")),
        _text(annotation.get("/T")),
        iso_date(_text(annotation.get("/M") or annotation.get("/CreationDate"))),
        _text(annotation.get("/NM")),
        _key(annotation),
        _key(parent) if parent is not None else None,
        relation,
        _text(annotation.get("/State")),
        kind if kind in KINDS else "",
        status,
        story,
    )


def _word_map(page) -> dict | None:
    try:
        piece = page.obj.PieceInfo[PRIVATE_KEY]
        data = json.loads(piece.Private.read_bytes().decode("utf-8"))
        return data if isinstance(data, dict) and isinstance(data.get("runs"), list) else None
    except (KeyError, AttributeError, ValueError, TypeError, pikepdf.PdfError):
        return None


# -- placing -----------------------------------------------------------------------------------------


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


def _runs_from_map(data: dict) -> list[GlyphRun]:
    from epaperdesk.model.styles import BUILTIN_SWATCHES

    runs = []
    for item in data.get("runs", []):
        try:
            story_id, start, end, x, baseline, size, spacing, scale, font, text = item
            runs.append(
                GlyphRun(
                    float(x),
                    float(baseline),
                    str(text),
                    Path(font),
                    float(size),
                    float(spacing),
                    float(scale),
                    BUILTIN_SWATCHES[0],
                    str(story_id),
                    int(start),
                    int(end),
                    "",
                    0.0,
                )
            )
        except (ValueError, TypeError):
            continue
    return runs


def _marked_in_runs(
    runs: list[GlyphRun], areas: list[tuple[float, float, float, float]], height: float, point: bool, reach: float = 0.0
) -> list[Marked]:
    """Story ranges under areas given in PDF space (y up); for a point (a caret, a note),
    the character boundary nearest to it within `reach` points of a line."""
    if point:
        left, bottom, right, top = areas[0]
        x, y = (left + right) / 2, height - (bottom + top) / 2
        best = None
        for run in runs:
            dy = abs(y - (run.baseline - run.size * 0.3))
            dx = 0.0 if run.x <= x <= run.x + _run_width(run) else min(abs(x - run.x), abs(x - run.x - _run_width(run)))
            if dy <= max(reach, run.size) and dx <= max(reach, run.size) and (best is None or (dy, dx) < best[0]):
                best = ((dy, dx), run)
        if best is None:
            return []
        run = best[1]
        offsets = char_offsets(run)
        i = min(range(len(offsets)), key=lambda k: abs(offsets[k] - x))
        position = min(run.start + i, run.end)
        return [Marked(run.story_id, position, position, "", run.text[:i][-24:])]
    pieces: dict[str, list[tuple[int, int, str]]] = {}
    for left, bottom, right, top in areas:
        y_top, y_bottom = height - top, height - bottom
        for run in runs:
            if not (y_top - 0.5 <= run.baseline - run.size * 0.3 <= y_bottom + 0.5):
                continue
            try:
                offsets = char_offsets(run)
            except Exception:
                continue
            chosen = [i for i in range(len(run.text)) if left - 0.5 <= (offsets[i] + offsets[i + 1]) / 2 <= right + 0.5]
            if chosen:
                a, b = chosen[0], chosen[-1] + 1
                pieces.setdefault(run.story_id, []).append((run.start + a, min(run.start + b, run.end), run.text[a:b]))
    result = []
    for story_id, parts in pieces.items():
        parts.sort()
        text = ""
        previous_end = None
        for a, b, chunk in parts:
            if previous_end is not None and a > previous_end:
                text += " "
            text += chunk
            previous_end = b
        result.append(Marked(story_id, parts[0][0], parts[-1][1], text))
    return result


def _run_width(run: GlyphRun) -> float:
    if run.width:
        return run.width
    try:
        offsets = char_offsets(run)
        return offsets[-1] - offsets[0]
    except Exception:
        return run.size * len(run.text) * 0.5


def _norm(text: str) -> str:
    return re.sub(r"\s+", " ", text.replace("\u00ad", "")).strip()


def locate(edition: Edition, marked: Marked) -> tuple[int, int] | None:
    """Where the marked text is in the current story: at the same place if the text is still
    there, else the occurrence nearest to it, else None."""
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
    if not wanted:
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
    maps: dict[int, dict],
    current_pages: list[PageDisplayList | None],
    author_fallback: str = "",
) -> ImportResult:
    """Typed corrections for the comments (one edit adding them all), with a list of the
    comments that could not be placed and of those already in the edition."""
    by_key = {c.key: c for c in comments}
    roots: list[Comment] = []
    group_members: dict[tuple, list[Comment]] = {}
    for comment in comments:
        parent = by_key.get(comment.parent) if comment.parent is not None else None
        if parent is None:
            roots.append(comment)
        elif comment.relation == "Group":
            group_members.setdefault(parent.key, []).append(comment)
        else:
            parent.replies.append(comment)
    edits: list[Edit] = []
    made: list[Correction] = []
    unplaced: list[str] = []
    skipped: list[str] = []
    used = set(edition.corrections) | {a for s in edition.stories.values() for a in s.anchors}
    trial_ids = set(used)
    for root in roots:
        members = group_members.get(root.key, [])
        kind, text, areas, point = _kind_of(root, members)
        if kind is None:
            continue
        label = f"page {root.page + 1}: {root.subtype[1:]} “{_norm(root.contents)[:40]}”"
        reach = 36.0 if root.subtype in ("/Text", "/FreeText") else 0.0  # a sticky note sits near its words
        marked = _find(root.page, areas, point, maps, current_pages, root.story, reach)
        if marked is None:
            unplaced.append(f"{label}: no text under it")
            continue
        anchor = locate(edition, marked) if root.page in maps else (marked.start, marked.end)
        if anchor is None:
            unplaced.append(f"{label}: “{_norm(marked.text)[:40]}” is no longer in the story")
            continue
        story = edition.stories[marked.story_id]
        existing = edition.corrections.get(root.name)
        if existing is not None and story.anchors.get(existing.id) == anchor and existing.kind == kind:
            skipped.append(f"{label}: already in the edition as {existing.id}")
            continue
        correction_id = (
            root.name
            if root.name and root.name not in trial_ids and re.match(r"^[\w.-]{1,64}$", root.name)
            else _new_id(trial_ids)
        )
        trial_ids.add(correction_id)
        status = _status(root)
        replies = tuple(
            Reply(r.author or author_fallback, r.time, r.contents) for r in root.replies if not r.state and r.contents
        )
        correction = Correction(
            correction_id,
            marked.story_id,
            kind,
            text,
            root.author or author_fallback,
            root.time,
            status,
            replies,
            story.text[anchor[0] : anchor[1]][:200],
        )
        edits.append(AddCorrection(correction, anchor[0], anchor[1]))
        made.append(correction)
    edit = CompositeEdit(tuple(edits), f"Import {len(edits)} PDF comments") if edits else None
    return ImportResult(edit, made, unplaced, skipped)


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
    page: int,
    areas: list,
    point: bool,
    maps: dict[int, dict],
    current: list[PageDisplayList | None],
    story_hint: str,
    reach: float = 0.0,
) -> Marked | None:
    if page in maps:
        data = maps[page]
        runs = _runs_from_map(data)
        height = float(data.get("height", 0))
    else:
        display = current[page] if page < len(current) else None
        if display is None:
            return None
        runs = display.glyph_runs()
        height = display.height
    found = _marked_in_runs(runs, areas, height, point, reach)
    if not found:
        return None
    if story_hint:
        for marked in found:
            if marked.story_id == story_hint:
                return marked
    return max(found, key=lambda m: m.end - m.start)
