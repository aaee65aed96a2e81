"""Arranging frames: align their edges or centres (to the selection, the margins or the page),
distribute them evenly, and group them so that they are selected and moved together. Each
command is one edit; locked frames stay where they are."""

from __future__ import annotations

from collections.abc import Sequence

from epaperdesk.geometry import Rect
from epaperdesk.model.edition import Edition
from epaperdesk.model.edits import Edit, EditError, SetFrameProperty, SetFrameRect
from epaperdesk.model.frame_edits import combine
from epaperdesk.model.frames import Frame
from epaperdesk.model.page import Page
from epaperdesk.model.page_setup import margin_box

EDGES = ("left", "center", "right", "top", "middle", "bottom")
REFERENCES = ("selection", "margins", "page")


def _frames(edition: Edition, frame_ids: Sequence[str]) -> list[tuple[Page, Frame]]:
    found = []
    for frame_id in dict.fromkeys(frame_ids):
        try:
            found.append(edition.find_frame(frame_id))
        except KeyError:
            continue
    return found


def bounds(rects: Sequence[Rect]) -> Rect:
    """The smallest rectangle holding all of them."""
    left, top = min(r.left for r in rects), min(r.top for r in rects)
    right, bottom = max(r.right for r in rects), max(r.bottom for r in rects)
    return Rect(left, top, right - left, bottom - top)


def _reference(edition: Edition, page: Page, rects: Sequence[Rect], reference: str) -> Rect:
    if reference == "selection":
        return bounds(rects)
    if reference == "margins":
        return margin_box(edition, page)
    if reference == "page":
        return Rect(0.0, 0.0, page.width, page.height)
    raise EditError(f"align to {reference!r}? (one of {', '.join(REFERENCES)})")


def _aligned(rect: Rect, box: Rect, edge: str) -> Rect:
    x, y = rect.x, rect.y
    if edge == "left":
        x = box.left
    elif edge == "center":
        x = box.x + (box.width - rect.width) / 2
    elif edge == "right":
        x = box.right - rect.width
    elif edge == "top":
        y = box.top
    elif edge == "middle":
        y = box.y + (box.height - rect.height) / 2
    elif edge == "bottom":
        y = box.bottom - rect.height
    else:
        raise EditError(f"align {edge!r}? (one of {', '.join(EDGES)})")
    return Rect(x, y, rect.width, rect.height)


def align_frames(edition: Edition, frame_ids: Sequence[str], edge: str, reference: str = "selection") -> Edit | None:
    """Line the frames up on an edge or centre of the reference: the selection's bounds (two
    frames or more), or the margins or the page of each frame's page."""
    frames = [(page, frame) for page, frame in _frames(edition, frame_ids) if not frame.locked]
    if not frames or (reference == "selection" and len(frames) < 2):
        return None
    rects = [frame.rect for _, frame in frames]
    edits: list[Edit] = []
    for page, frame in frames:
        box = _reference(edition, page, rects, reference)
        moved = _aligned(frame.rect, box, edge)
        if moved != frame.rect:
            edits.append(SetFrameRect(frame.id, frame.rect, moved))
    return combine(edits, f"Align {edge}")


def distribute_frames(edition: Edition, frame_ids: Sequence[str], axis: str, by: str = "centers") -> Edit | None:
    """Space three or more frames evenly along `axis` ("horizontal" or "vertical"): their
    centres at equal distances, or (by "spacing") equal gaps between them. The first and the
    last frame stay."""
    frames = [frame for _, frame in _frames(edition, frame_ids) if not frame.locked]
    if len(frames) < 3:
        return None
    if axis not in ("horizontal", "vertical"):
        raise EditError(f"distribute {axis!r}? (horizontal or vertical)")
    if by not in ("centers", "spacing"):
        raise EditError(f"distribute by {by!r}? (centers or spacing)")
    horizontal = axis == "horizontal"

    def start(r: Rect) -> float:
        return r.x if horizontal else r.y

    def size(r: Rect) -> float:
        return r.width if horizontal else r.height

    frames.sort(key=lambda f: start(f.rect) + size(f.rect) / 2)
    first, last = frames[0].rect, frames[-1].rect
    edits: list[Edit] = []
    if by == "centers":
        a, b = start(first) + size(first) / 2, start(last) + size(last) / 2
        step = (b - a) / (len(frames) - 1)
        positions = [a + i * step - size(f.rect) / 2 for i, f in enumerate(frames)]
    else:
        total = sum(size(f.rect) for f in frames)
        gap = ((start(last) + size(last)) - start(first) - total) / (len(frames) - 1)
        positions, at = [], start(first)
        for frame in frames:
            positions.append(at)
            at += size(frame.rect) + gap
    for frame, position in zip(frames, positions):
        r = frame.rect
        moved = Rect(position, r.y, r.width, r.height) if horizontal else Rect(r.x, position, r.width, r.height)
        if abs(start(moved) - start(r)) > 1e-9:
            edits.append(SetFrameRect(frame.id, r, moved))
    return combine(edits, "Distribute")


def group_frames(edition: Edition, frame_ids: Sequence[str]) -> tuple[Edit | None, str]:
    """Make the frames (two or more, on one page) one group; a frame already in a group
    brings its whole group in."""
    frames = _frames(edition, group_members(edition, frame_ids))
    if len(frames) < 2:
        raise EditError("a group needs two frames or more")
    if len({page.id for page, _ in frames}) > 1:
        raise EditError("a group's frames stand on one page")
    group = edition.new_id("group-")
    taken = {f.group for _, f in edition.all_frames() if f.group}
    while group in taken:
        group += "x"
    edits = [SetFrameProperty(frame.id, "group", frame.group, group) for _, frame in frames]
    return combine(edits, "Group"), group


def ungroup_frames(edition: Edition, frame_ids: Sequence[str]) -> Edit | None:
    """Take the groups the frames are in apart."""
    frames = _frames(edition, group_members(edition, frame_ids))
    edits = [SetFrameProperty(frame.id, "group", frame.group, "") for _, frame in frames if frame.group]
    return combine(edits, "Ungroup")


def group_members(edition: Edition, frame_ids: Sequence[str]) -> list[str]:
    """The frames with every other frame of the groups they are in (selection follows groups)."""
    chosen = list(dict.fromkeys(frame_ids))
    groups = {frame.group for _, frame in _frames(edition, chosen) if frame.group}
    if not groups:
        return chosen
    for _, frame in [*edition.frames(), *edition.master_frames()]:
        if frame.group in groups and frame.id not in chosen:
            chosen.append(frame.id)
    return chosen
