"""Corrections out, as PDF comments: every correction on a page becomes a standard annotation
that every viewer shows — StrikeOut for delete, Caret for insert, Caret + StrikeOut grouped
(/IRT, /RT /Group) for replace, Highlight with its question for a query, Underline with the
instruction for the other marks — each with an appearance stream (so it looks the same
everywhere), author (/T), dates, its full text (/Contents), its replies as Text annotations in
reply to it and its status as a review-state reply. Each page also carries its word map
(/PieceInfo /EpaperDesk): the positions of its words with their story ranges, and the text of
each story around them, so that comments find their words again after the story changed."""

from __future__ import annotations

import datetime
import json
import zlib

import pikepdf

from epaperdesk.geometry import Rect
from epaperdesk.model.corrections import KINDS, NEEDS_TEXT, Correction, Reply
from epaperdesk.model.edition import Edition
from epaperdesk.proof.comment_format import COLOURS, PRIVATE_KEY, REVIEW_STATES, pdf_date
from epaperdesk.typeset.displaylist import GlyphRun, PageDisplayList
from epaperdesk.typeset.hittest import range_boxes

TEXT_MARGIN = 400  # characters of story text kept beyond the page's words on each side: the context of a mark


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
    _attach_word_map(pdf, page, display, edition)
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
        text = _full_text(correction)
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
    contents = _full_text(correction)
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


def _full_text(correction: Correction) -> str:
    """What a comment says: the text to put in, or the question, in full; else the mark's name."""
    return correction.text if correction.kind in NEEDS_TEXT and correction.text else KINDS[correction.kind]


def _attach_word_map(pdf, page, display: PageDisplayList, edition: Edition) -> None:
    """The page's word positions, their story ranges and the story text around them (zlib
    JSON in /PieceInfo), for the way back. A run's font is named by its file name only: the
    sender's folders stay private, and the reader looks the name up among the fonts it knows."""
    glyph_runs = display.glyph_runs()
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
        for r in glyph_runs
    ]
    content = {"height": display.height, "runs": runs, "texts": _story_texts(glyph_runs, edition)}
    data = zlib.compress(json.dumps(content, separators=(",", ":")).encode("utf-8"))
    stream = pikepdf.Stream(pdf, data)
    stream.Filter = pikepdf.Name.FlateDecode
    modified = _word_map_date(edition)
    piece = pikepdf.Dictionary(LastModified=pikepdf.String(modified), Private=pdf.make_indirect(stream))
    page.obj.PieceInfo = pikepdf.Dictionary({PRIVATE_KEY: piece})


def _story_texts(runs: list[GlyphRun], edition: Edition) -> dict[str, list]:
    """For each story set on the page: [offset, text], its text from TEXT_MARGIN characters
    before its first word on the page to as many after its last. A glyph run holds what was
    drawn (capitals, a line-end hyphen); this is what the story said, to read a mark's words
    and the words around it from."""
    spans: dict[str, tuple[int, int]] = {}
    for run in runs:
        if run.story_id in edition.stories:
            low, high = spans.get(run.story_id, (run.start, run.end))
            spans[run.story_id] = (min(low, run.start), max(high, run.end))
    texts = {}
    for story_id, (low, high) in sorted(spans.items()):
        text = edition.stories[story_id].text
        start, end = max(0, low - TEXT_MARGIN), min(len(text), high + TEXT_MARGIN)
        texts[story_id] = [start, text[start:end]]
    return texts


def _word_map_date(edition: Edition) -> str:
    """When the edition's corrections last changed, or its date when that is later: a date
    the same edition always gives, so that two exports of one proof are byte-identical."""
    issued = datetime.datetime.combine(edition.date, datetime.time(), datetime.UTC).isoformat()
    times = [c.time for c in edition.corrections.values()]
    times += [r.time for c in edition.corrections.values() for r in c.replies]
    return max([pdf_date(issued)] + [pdf_date(t) for t in times if t])
