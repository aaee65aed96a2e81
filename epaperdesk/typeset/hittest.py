"""Between story positions and page positions: which character is under a point of the
page (a double-click opens the story there), and the boxes that cover a story range (the
story editor's selection shown on the canvas). Uses the display list and the font files'
advances only, the way both renderers place glyphs."""

from __future__ import annotations

from epaperdesk.geometry import Rect
from epaperdesk.typeset.displaylist import GlyphRun, PageDisplayList
from epaperdesk.typeset.fonts import read_metrics

ASCENT, DESCENT = 0.8, 0.25  # of the type size, for boxes around a line of type


def char_offsets(run: GlyphRun) -> list[float]:
    """x of every character boundary in a run: len(run.text) + 1 values from run.x."""
    metrics = read_metrics(run.font)
    unit = run.size / metrics.units_per_em * run.h_scale
    advances, missing = metrics.advances, metrics.missing_advance
    x = run.x
    offsets = [x]
    for char in run.text:
        x += advances.get(ord(char), missing) * unit + run.letter_spacing
        offsets.append(x)
    return offsets


def _story_position(run: GlyphRun, index: int) -> int:
    """The story position of character `index` of a run (a run may end in an added hyphen)."""
    return min(run.start + index, run.end)


def position_at(page: PageDisplayList, x: float, y: float, frame_id: str | None = None) -> tuple[str, int] | None:
    """(story id, position) of the character boundary nearest to (x, y) on the line under
    it, or None when no type is there."""
    best: tuple[float, GlyphRun] | None = None
    for item in page.items:
        if not isinstance(item, GlyphRun) or (frame_id is not None and item.frame_id != frame_id):
            continue
        top, bottom = item.baseline - ASCENT * item.size, item.baseline + DESCENT * item.size
        if not top <= y <= bottom:
            continue
        right = item.x + item.width
        distance = 0.0 if item.x <= x <= right else min(abs(x - item.x), abs(x - right))
        if distance <= item.size and (best is None or distance < best[0]):
            best = (distance, item)
    if best is None:
        return None
    run = best[1]
    offsets = char_offsets(run)
    index = min(range(len(offsets)), key=lambda i: abs(offsets[i] - x))
    return run.story_id, _story_position(run, index)


def range_boxes(page: PageDisplayList, story_id: str, start: int, end: int) -> list[Rect]:
    """Rectangles covering story range [start, end) where it is set on this page; an empty
    range gives a caret (a box of no width) where the position is set."""
    boxes: list[Rect] = []
    for item in page.items:
        if not isinstance(item, GlyphRun) or item.story_id != story_id:
            continue
        if start == end:
            if item.start <= start <= item.end:
                offsets = char_offsets(item)
                x = offsets[min(start - item.start, len(item.text))]
                boxes.append(Rect(x, item.baseline - ASCENT * item.size, 0.0, (ASCENT + DESCENT) * item.size))
                break
            continue
        if item.end <= start or item.start >= end:
            continue
        offsets = char_offsets(item)
        a = max(start, item.start) - item.start
        b = min(end, item.end) - item.start
        a, b = min(a, len(item.text)), min(b, len(item.text))
        if b <= a:
            continue
        box = Rect(
            offsets[a], item.baseline - ASCENT * item.size, offsets[b] - offsets[a], (ASCENT + DESCENT) * item.size
        )
        previous = boxes[-1] if boxes else None
        if (
            previous is not None
            and previous.y == box.y
            and previous.height == box.height
            and 0 <= box.x - previous.right <= item.size
        ):
            boxes[-1] = Rect(previous.x, previous.y, box.right - previous.x, previous.height)  # one box per line
        else:
            boxes.append(box)
    return boxes
