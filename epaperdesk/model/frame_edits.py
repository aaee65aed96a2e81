"""What the frame commands of the window do to an edition, as edits: new frames and stories,
duplicate, delete, move, resize, restack, lock, unthread.

The window only chooses which frames; these functions decide what changes (which ids a copy
gets, which caption frames follow their photo, how threads are joined around a deleted frame)
and return one edit for the whole command, or None when there is nothing to do. They never
change the edition themselves.
"""

from __future__ import annotations

import copy
import dataclasses
import re
from collections.abc import Iterable, Sequence

from epaperdesk.geometry import Rect
from epaperdesk.model.edition import Edition
from epaperdesk.model.edits import (
    AddFrame,
    AddStory,
    CompositeEdit,
    Edit,
    EditError,
    ReorderFrame,
    SetFrameProperty,
    SetFrameRect,
    SetThreadLink,
    remove_frame,
)
from epaperdesk.model.frames import BoxFrame, Frame, ImageFrame, RuleFrame, TextFrame
from epaperdesk.model.photos import caption_after_reshape, followers
from epaperdesk.model.story import Story

MIN_FRAME = 6.0  # points: no frame is resized below this
DUPLICATE_OFFSET = 12.0  # points right and down from the original
_NUMBERED = re.compile(r"^(.*?)-(\d+)$")
_PREFIXES = {"text": "text-", "image": "photo-", "rule": "rule-", "box": "box-"}


def combine(edits: Sequence[Edit], label: str) -> Edit | None:
    """One edit for a command made of several (None when there were none)."""
    if not edits:
        return None
    return edits[0] if len(edits) == 1 else CompositeEdit(tuple(edits), label)


def used_ids(edition: Edition) -> set[str]:
    """Every id of the edition's namespace: pages, master pages, frames, stories."""
    return (
        {p.id for p in edition.pages}
        | {p.id for p in edition.masters}
        | {f.id for _, f in edition.all_frames()}
        | set(edition.stories)
    )


def copy_id(original: str, taken: set[str]) -> str:
    """An id for a copy of `original`: its name numbered ("house-ad" → "house-ad-2", a copy of
    "house-ad-2" → "house-ad-3"), the lowest number not in `taken`."""
    match = _NUMBERED.match(original)
    base = match.group(1) if match and match.group(1) else original
    number = 2
    while f"{base}-{number}" in taken:
        number += 1
    return f"{base}-{number}"


def _frames(edition: Edition, frame_ids: Iterable[str]) -> list[tuple[str, Frame]]:
    """(page id, frame) for the ids that name frames, in the order given, without repeats."""
    found: list[tuple[str, Frame]] = []
    for frame_id in dict.fromkeys(frame_ids):
        try:
            page, frame = edition.find_frame(frame_id)
        except KeyError:
            continue
        found.append((page.id, frame))
    return found


def with_followers(edition: Edition, frame_ids: Sequence[str]) -> list[str]:
    """The frames and the caption frames that go with the photos among them."""
    ids = list(dict.fromkeys(frame_ids))
    return ids + [f for f in followers(edition, ids) if f not in ids]


RULE_WEIGHT = 0.5  # points: a new rule
BOX_TINT = 15.0  # %: a new box is a light tint of black, the usual panel behind briefs


def rule_rect(start_x: float, start_y: float, end_x: float, end_y: float, weight: float = RULE_WEIGHT) -> Rect:
    """The rectangle of a rule drawn from one point to another: straight along the axis the
    drag mostly went, centred on the starting point across it, as thick as the rule."""
    if abs(end_x - start_x) >= abs(end_y - start_y):
        left = min(start_x, end_x)
        return Rect(left, start_y - weight / 2, max(abs(end_x - start_x), weight), weight)
    top = min(start_y, end_y)
    return Rect(start_x - weight / 2, top, weight, max(abs(end_y - start_y), weight))


def new_frame(edition: Edition, page_id: str, rect: Rect, kind: str, gutter: float | None = None) -> tuple[Edit, str]:
    """A new frame on a page, on top of the others: an empty text or photo frame, a rule (along
    the rectangle's longer side) or a tinted box."""
    page = edition.page_by_id(page_id)
    if kind not in _PREFIXES:
        raise EditError(f"cannot draw a frame of kind {kind!r}")
    frame_id = edition.new_id(_PREFIXES[kind])
    frame: Frame
    if kind == "text":
        frame = TextFrame(frame_id, rect, columns=1, gutter=page.grid.gutter if gutter is None else gutter)
    elif kind == "image":
        frame = ImageFrame(frame_id, rect)
    elif kind == "rule":
        frame = RuleFrame(frame_id, rect, weight=min(rect.width, rect.height) or RULE_WEIGHT)
    else:
        frame = BoxFrame(frame_id, rect, fill="Black", tint=BOX_TINT)
    labels = {"text": "New text frame", "image": "New photo frame", "rule": "New rule", "box": "New box"}
    return CompositeEdit((AddFrame(page_id, len(page.frames), frame),), labels[kind]), frame_id


def default_paragraph_style(edition: Edition) -> str:
    """The style new text gets: "body" when the edition has it, else its first style."""
    if "body" in edition.paragraph_styles:
        return "body"
    return next(iter(edition.paragraph_styles))


def empty_text_frame(edition: Edition, frame_ids: Sequence[str]) -> str | None:
    """The one selected text frame that can take a new story (it starts no story and
    continues none), or None."""
    if len(frame_ids) != 1:
        return None
    try:
        frame = edition.frame_by_id(frame_ids[0])
    except KeyError:
        return None
    if isinstance(frame, TextFrame) and frame.story_id is None and edition.previous_in_thread(frame.id) is None:
        return frame.id
    return None


def new_story(edition: Edition, frame_id: str | None = None, name: str | None = None) -> tuple[Edit, str]:
    """An empty story in the edition's language and default style, placed in `frame_id` (an
    empty text frame) when one is given. Unnamed, it is "Story N", N one more than any so far,
    so the story list and the budget tell new stories apart (the name can be changed there)."""
    story_id = edition.new_id("story")
    if name is None:
        numbers = [int(m.group(1)) for s in edition.stories.values() if (m := re.fullmatch(r"Story (\d+)", s.name))]
        name = f"Story {max(numbers, default=0) + 1}"
    story = Story(story_id, "", [default_paragraph_style(edition)], {}, edition.language, name)
    steps: list[Edit] = [AddStory(story)]
    if frame_id is not None:
        if empty_text_frame(edition, [frame_id]) != frame_id:
            raise EditError(f"frame {frame_id!r} is not an empty text frame")
        steps.append(SetFrameProperty(frame_id, "story_id", None, story_id))
    return CompositeEdit(tuple(steps), "New story"), story_id


def duplicate_frames(
    edition: Edition, frame_ids: Sequence[str], dx: float = DUPLICATE_OFFSET, dy: float = DUPLICATE_OFFSET
) -> tuple[Edit | None, list[str]]:
    """Copies of the frames, moved by (dx, dy), on top of their pages, unlocked and empty of
    stories and captions (a copy of a text frame starts no thread). Returns the edit and the
    copies' ids, in the order of `frame_ids`."""
    taken = used_ids(edition)
    edits: list[AddFrame] = []
    new_ids: list[str] = []
    added_per_page: dict[str, int] = {}
    for page_id, frame in _frames(edition, frame_ids):
        new_id = copy_id(frame.id, taken)
        taken.add(new_id)
        clone = dataclasses.replace(copy.deepcopy(frame), id=new_id, rect=frame.rect.moved(dx, dy), locked=False)
        if isinstance(clone, TextFrame):
            clone = dataclasses.replace(clone, story_id=None, next_frame_id=None)
        if isinstance(clone, ImageFrame):
            clone = dataclasses.replace(clone, caption_story_id=None)
        page = edition.page_by_id(page_id)
        index = len(page.frames) + added_per_page.get(page_id, 0)
        added_per_page[page_id] = added_per_page.get(page_id, 0) + 1
        edits.append(AddFrame(page_id, index, clone))
        new_ids.append(new_id)
    return combine(edits, "Duplicate"), new_ids


def delete_frames(edition: Edition, frame_ids: Sequence[str]) -> Edit | None:
    """Delete the frames that are not locked, with the caption frames of deleted photos;
    threads through them are joined around them, so no story is lost (it may go overset)."""
    done: list[Edit] = []
    try:
        # each removal is planned on the edition as the ones before it left it, then taken back
        for frame_id in with_followers(edition, frame_ids):
            try:
                frame = edition.frame_by_id(frame_id)
            except KeyError:
                continue
            if frame.locked:
                continue
            step = remove_frame(edition, frame_id)
            step.apply(edition)
            done.append(step)
    finally:
        for undone in reversed(done):
            undone.inverse().apply(edition)
    return combine(done, "Delete frames")


def move_frames(edition: Edition, frame_ids: Sequence[str], dx: float, dy: float) -> Edit | None:
    """Move the frames that are not locked, and the captions of the photos among them."""
    edits = [
        SetFrameRect(frame.id, frame.rect, frame.rect.moved(dx, dy))
        for _, frame in _frames(edition, with_followers(edition, frame_ids))
        if not frame.locked
    ]
    return combine(edits, "Nudge")


def resize_frames(edition: Edition, frame_ids: Sequence[str], dw: float, dh: float) -> Edit | None:
    """Grow (or shrink, never below MIN_FRAME) the frames that are not locked."""
    edits: list[Edit] = []
    for _, frame in _frames(edition, frame_ids):
        if frame.locked:
            continue
        new = frame.rect.resized(max(MIN_FRAME, frame.rect.width + dw), max(MIN_FRAME, frame.rect.height + dh))
        edits.append(SetFrameRect(frame.id, frame.rect, new))
        if isinstance(frame, ImageFrame):
            edits += [
                e for e in caption_after_reshape(edition, frame.id, frame.rect, new) if e.frame_id not in frame_ids
            ]
    return combine(edits, "Resize")


def restack_frames(edition: Edition, frame_ids: Sequence[str], step: int) -> Edit | None:
    """Bring the frames forward (step > 0) or send them backward (step < 0) by `step` places
    in their page's stacking order, each as far as the page allows."""
    order: dict[str, list[str]] = {}
    edits: list[Edit] = []
    chosen = _frames(edition, frame_ids)
    # the frame nearest the end it moves towards goes first, so the others keep their order
    chosen.sort(key=lambda pf: _stack_index(edition, pf), reverse=step > 0)
    for page_id, frame in chosen:
        ids = order.setdefault(page_id, [f.id for f in edition.page_by_id(page_id).frames])
        position = ids.index(frame.id)
        target = max(0, min(len(ids) - 1, position + step))
        if target == position:
            continue
        ids.insert(target, ids.pop(position))
        edits.append(ReorderFrame(page_id, position, target))
    return combine(edits, "Bring forward" if step > 0 else "Send backward")


def _stack_index(edition: Edition, page_frame: tuple[str, Frame]) -> int:
    page_id, frame = page_frame
    return [f.id for f in edition.page_by_id(page_id).frames].index(frame.id)


def toggle_lock(edition: Edition, frame_ids: Sequence[str]) -> Edit | None:
    """Lock the frames, or unlock them when all are locked already."""
    frames = [frame for _, frame in _frames(edition, frame_ids)]
    lock = not all(frame.locked for frame in frames)
    edits = [SetFrameProperty(f.id, "locked", f.locked, lock) for f in frames if f.locked != lock]
    return combine(edits, "Lock" if lock else "Unlock")


def unthread_frames(edition: Edition, frame_ids: Sequence[str]) -> Edit | None:
    """End the thread after each of the text frames (the text after it goes overset)."""
    edits = [
        SetThreadLink(frame.id, frame.next_frame_id, None)
        for _, frame in _frames(edition, frame_ids)
        if isinstance(frame, TextFrame) and frame.next_frame_id is not None
    ]
    return combine(edits, "Unthread frames")


def pan_images(edition: Edition, frame_ids: Sequence[str], dx: float, dy: float) -> Edit | None:
    """Move the pictures inside their photo frames (the frames stay)."""
    edits: list[Edit] = []
    for _, frame in _frames(edition, frame_ids):
        if isinstance(frame, ImageFrame):
            edits.append(SetFrameProperty(frame.id, "crop_x", frame.crop_x, frame.crop_x + dx))
            edits.append(SetFrameProperty(frame.id, "crop_y", frame.crop_y, frame.crop_y + dy))
    return combine(edits, "Move image in frame")


def scale_images(edition: Edition, frame_ids: Sequence[str], factor: float) -> Edit | None:
    """Scale the pictures inside their photo frames by `factor` (never below 5 %)."""
    edits: list[Edit] = [
        SetFrameProperty(frame.id, "scale", frame.scale, max(0.05, frame.scale * factor))
        for _, frame in _frames(edition, frame_ids)
        if isinstance(frame, ImageFrame)
    ]
    return combine(edits, "Scale image in frame")
