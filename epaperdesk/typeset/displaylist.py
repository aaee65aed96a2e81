"""The display list: an immutable description of one page as positioned glyph runs, rules,
boxes and images, each tagged with where it came from. The canvas and the PDF only draw
this; neither measures or breaks text. Coordinates are page points, y down."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple

from epaperdesk.geometry import Rect
from epaperdesk.model.styles import Swatch


class GlyphRun(NamedTuple):
    """Characters in one font at one size on one baseline. Glyph i sits at
    x + sum over j < i of (advance_j * size / units_per_em * h_scale + letter_spacing)."""

    x: float
    baseline: float
    text: str
    font: Path
    size: float
    letter_spacing: float  # points after every character (tracking included)
    h_scale: float  # horizontal glyph scaling, 1.0 = natural
    color: Swatch
    story_id: str
    start: int  # story range
    end: int
    frame_id: str
    width: float = 0.0  # the run's advance with spacing and scale: what it covers, for hit tests and clipping


@dataclass(frozen=True)
class RuleItem:
    x1: float
    y1: float
    x2: float
    y2: float
    weight: float
    color: Swatch
    tint: float
    frame_id: str
    dash: tuple[float, ...] = ()  # on and off lengths in points (empty: solid)
    round_cap: bool = False  # dotted rules: round dots


def rule_dash(style: str, weight: float) -> tuple[tuple[float, ...], bool]:
    """The dash pattern (points) and cap of a rule style at a weight, as both renderers draw it."""
    if style == "dashed":
        return (3.0 * weight, 2.0 * weight), False
    if style == "dotted":
        return (0.0, 2.0 * weight), True
    return (), False


@dataclass(frozen=True)
class BoxItem:
    rect: Rect
    fill: Swatch | None
    tint: float
    stroke: Swatch | None
    stroke_weight: float
    frame_id: str


@dataclass(frozen=True)
class ImageItem:
    """An image drawn into `placed` (the whole picture, maybe larger than the frame) and
    clipped to `clip` (the frame)."""

    image: str  # the edition's ImageAsset name
    placed: Rect
    clip: Rect
    pixel_width: int
    pixel_height: int
    frame_id: str


class LineRecord(NamedTuple):
    """One set line: for the canvas (selection, carets), proofing and quality reports."""

    story_id: str
    start: int  # story range the line covers (its trailing space included)
    end: int
    frame_id: str
    column: int
    x: float
    baseline: float
    measure: float
    ink: float
    alignment: str
    space_ratio: float  # word spaces as set / natural (justified lines)
    letter_spacing: float
    h_scale: float
    hyphenated: bool
    last_of_paragraph: bool
    last_of_column: bool
    overfull: float


@dataclass(frozen=True)
class FrameOutline:
    frame_id: str
    rect: Rect
    kind: str
    columns: tuple[tuple[float, float], ...] = ()  # (left, right) of each text column


@dataclass(frozen=True)
class OversetMarker:
    frame_id: str
    x: float
    y: float
    story_id: str
    lines: int
    words: int


@dataclass(frozen=True)
class JumpLine:
    """A jump line the typesetter set: "see" at the foot of a frame whose story continues on
    page `page`, "continued" at the head of the frame it continues in (from page `page`)."""

    story_id: str
    frame_id: str
    kind: str  # "see" or "continued"
    page: int  # 1-based: where the story goes to, or comes from
    text: str
    rect: Rect


DrawItem = GlyphRun | RuleItem | BoxItem | ImageItem


@dataclass(frozen=True)
class PageDisplayList:  # items are NamedTuples or frozen dataclasses: nothing in it can change
    page_id: str
    width: float
    height: float
    bleed: float
    items: tuple[DrawItem, ...]  # in drawing order
    lines: tuple[LineRecord, ...]
    outlines: tuple[FrameOutline, ...]  # canvas-only layer
    overset: tuple[OversetMarker, ...]  # canvas-only layer
    jumps: tuple[JumpLine, ...] = ()  # where the jump lines are (their type is among the items)

    def glyph_runs(self) -> list[GlyphRun]:
        return [item for item in self.items if isinstance(item, GlyphRun)]


def _r(value: float) -> str:
    text = f"{value:.2f}"
    return "0.00" if text == "-0.00" else text


def dump_display_list(page: PageDisplayList) -> str:
    """A stable text dump (positions rounded to 0.01 pt) for golden tests and diffs."""
    out = [f"page {page.page_id} {_r(page.width)} x {_r(page.height)} bleed {_r(page.bleed)}"]
    for item in page.items:
        if isinstance(item, GlyphRun):
            out.append(
                f"text {item.frame_id} {_r(item.x)} {_r(item.baseline)} {item.font.stem} {_r(item.size)} "
                f"ls={_r(item.letter_spacing)} hs={item.h_scale:.4f} {item.color.name} "
                f"[{item.story_id} {item.start}-{item.end}] {item.text!r}"
            )
        elif isinstance(item, RuleItem):
            out.append(
                f"rule {item.frame_id} {_r(item.x1)} {_r(item.y1)} {_r(item.x2)} {_r(item.y2)} "
                f"w={_r(item.weight)} {item.color.name} {_r(item.tint)}%"
            )
        elif isinstance(item, BoxItem):
            r = item.rect
            out.append(
                f"box {item.frame_id} {_r(r.x)} {_r(r.y)} {_r(r.width)} {_r(r.height)} "
                f"fill={item.fill.name if item.fill else '-'} {_r(item.tint)}% "
                f"stroke={item.stroke.name if item.stroke else '-'} {_r(item.stroke_weight)}"
            )
        elif isinstance(item, ImageItem):
            p, c = item.placed, item.clip
            out.append(
                f"image {item.frame_id} {item.image[:12]} placed {_r(p.x)} {_r(p.y)} {_r(p.width)} {_r(p.height)} "
                f"clip {_r(c.x)} {_r(c.y)} {_r(c.width)} {_r(c.height)}"
            )
    for jump in page.jumps:
        out.append(f"jump {jump.frame_id} [{jump.story_id}] {jump.kind} page {jump.page} {jump.text!r}")
    for marker in page.overset:
        out.append(f"overset {marker.frame_id} [{marker.story_id}] {marker.lines} lines {marker.words} words")
    return "\n".join(out) + "\n"
