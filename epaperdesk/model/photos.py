"""Placing photos and keeping their captions: the edits for putting an image into a frame
(or a new frame), for a photo's caption, credit and alt text, and the house credit form."""

from __future__ import annotations

import re

from epaperdesk.geometry import Rect
from epaperdesk.model.edition import Edition, ImageAsset
from epaperdesk.model.edits import (
    AddFrame,
    AddImage,
    AddStory,
    CompositeEdit,
    Edit,
    EditError,
    SetFrameProperty,
    SetFrameRect,
    SetParagraphStyle,
    SpliceText,
)
from epaperdesk.model.frames import ImageFrame, TextFrame
from epaperdesk.model.story import Fragment, Story

CAPTION_STYLE = "caption"
CREDIT_STYLE = "credit"
CAPTION_GAP = 4.0  # points between a photo and its caption frame
CAPTION_HEIGHT = 30.0
HOUSE_CREDIT = "(PHOTO: {})"


def house_credit(text: str) -> str:
    """A credit in the house form: "Reuters" → "(PHOTO: REUTERS)"; a credit already in
    parentheses ("(Photo provided by …)") is kept as written."""
    text = " ".join(text.split())
    if not text or (text.startswith("(") and text.endswith(")")):
        return text
    text = re.sub(r"^(photo|photograph|picture|credit)\s*[:/]\s*", "", text, flags=re.I)
    return HOUSE_CREDIT.format(text.upper())


def place_image(edition: Edition, asset: ImageAsset, frame_id: str) -> Edit:
    """Put an image into an existing photo frame, fitted proportionally to fill it, with
    any crop and zoom reset (the image is added to the edition when it is new)."""
    frame = edition.frame_by_id(frame_id)
    if not isinstance(frame, ImageFrame):
        raise EditError(f"frame {frame_id!r} is not a photo frame")
    edits: list[Edit] = []
    if asset.name not in edition.images:
        edits.append(AddImage(asset))
    for name, value in (("image", asset.name), ("crop_x", 0.0), ("crop_y", 0.0), ("scale", 1.0)):
        if getattr(frame, name) != value:
            edits.append(SetFrameProperty(frame_id, name, getattr(frame, name), value))
    if frame.fit == "stretch":
        edits.append(SetFrameProperty(frame_id, "fit", frame.fit, "fill"))
    return CompositeEdit(tuple(edits), "Place photo")


def new_photo_frame(
    edition: Edition, asset: ImageAsset, page_id: str, x: float, y: float, width: float | None = None
) -> tuple[Edit, str]:
    """A new photo frame with the image, its top-left at (x, y): as wide as `width` or three
    columns of the page grid (never wider than the page's type area), as tall as the
    picture's proportions make it."""
    page = edition.page_by_id(page_id)
    if width is None:
        grid = page.grid
        column = (page.width - page.margins.inside - page.margins.outside - grid.gutter * (grid.count - 1)) / grid.count
        width = min(3 * column + 2 * grid.gutter, page.width - page.margins.inside - page.margins.outside)
    height = width * asset.height / asset.width if asset.width else width
    x = max(-page.bleed, min(x, page.width - width))
    y = max(-page.bleed, min(y, page.height - height))
    frame_id = edition.new_id("photo")
    frame = ImageFrame(frame_id, Rect(x, y, width, height), image=asset.name, fit="fill")
    edits: list[Edit] = []
    if asset.name not in edition.images:
        edits.append(AddImage(asset))
    edits.append(AddFrame(page_id, len(page.frames), frame))
    return CompositeEdit(tuple(edits), "Place photo"), frame_id


def caption_parts(edition: Edition, frame: ImageFrame) -> tuple[str, str]:
    """(caption, credit) of a photo: its caption story's paragraphs, the credit paragraphs
    (style "credit") apart."""
    story = edition.caption_of(frame)
    if story is None:
        return "", ""
    caption: list[str] = []
    credit: list[str] = []
    for start, end, style in story.paragraphs():
        (credit if style == CREDIT_STYLE else caption).append(story.text[start:end])
    return "\n".join(p for p in caption if p), " ".join(p for p in credit if p)


def set_caption(edition: Edition, frame_id: str, caption: str, credit: str) -> Edit | None:
    """The edit that makes a photo's caption story read `caption` then `credit` (creating the
    story, and a caption frame under the photo, when the photo has none). None: no change."""
    frame = edition.frame_by_id(frame_id)
    if not isinstance(frame, ImageFrame):
        raise EditError(f"frame {frame_id!r} is not a photo frame")
    caption = "\n".join(" ".join(line.split()) for line in caption.splitlines() if line.strip())
    credit = " ".join(credit.split())
    caption_style = CAPTION_STYLE if CAPTION_STYLE in edition.paragraph_styles else "body"
    credit_style = CREDIT_STYLE if CREDIT_STYLE in edition.paragraph_styles else caption_style
    paragraphs = [(p, caption_style) for p in caption.split("\n") if p] + ([(credit, credit_style)] if credit else [])
    if not paragraphs:
        paragraphs = [("", caption_style)]
    text = "\n".join(p for p, _ in paragraphs)
    styles = [s for _, s in paragraphs]
    story = edition.caption_of(frame)
    if story is not None:
        if story.text == text and story.paragraph_styles == styles:
            return None
        # the whole text replaced; the last paragraph's style is set apart (it has no mark)
        edits: list[Edit] = [
            SpliceText(story.id, 0, story.fragment(0, len(story.text)), Fragment(text, tuple(styles[:-1])))
        ]
        last_index = len(styles) - 1
        after_last = story.paragraph_styles[-1]
        if after_last != styles[-1]:
            edits.append(SetParagraphStyle(story.id, last_index, after_last, styles[-1]))
        return CompositeEdit(tuple(edits), "Edit caption")
    if not text:
        return None
    page, _ = edition.find_frame(frame_id)
    story_id = edition.new_id(f"{frame_id}-caption")
    new_story = Story(story_id, text, styles, {}, edition.language, f"Caption of {frame_id}")
    r = frame.rect
    caption_frame = TextFrame(
        edition.new_id(f"{frame_id}-caption-frame"),
        Rect(r.x, r.bottom + CAPTION_GAP, r.width, CAPTION_HEIGHT),
        story_id=story_id,
    )
    return CompositeEdit(
        (
            AddStory(new_story),
            SetFrameProperty(frame_id, "caption_story_id", None, story_id),
            AddFrame(page.id, len(page.frames), caption_frame),
        ),
        "Add caption",
    )


def followers(edition: Edition, frame_ids: list[str]) -> list[str]:
    """The caption frames that move with the photos among `frame_ids` (on the same page,
    not locked, not already in the list)."""
    result = []
    for frame_id in frame_ids:
        try:
            page, frame = edition.find_frame(frame_id)
        except KeyError:
            continue
        if not isinstance(frame, ImageFrame):
            continue
        caption = edition.caption_frame(frame)
        if caption is None or caption.locked or caption.id in frame_ids or caption.id in result:
            continue
        if caption in page.frames:
            result.append(caption.id)
    return result


def caption_after_reshape(edition: Edition, photo_id: str, old: Rect, new: Rect) -> list[SetFrameRect]:
    """When a photo is moved or resized, its caption frame keeps its place beside it."""
    edits: list[SetFrameRect] = []
    for caption_id in followers(edition, [photo_id]):
        rect = edition.frame_by_id(caption_id).rect
        moved = caption_rect(rect, old, new)
        if moved != rect:
            edits.append(SetFrameRect(caption_id, rect, moved))
    return edits


def caption_rect(rect: Rect, old: Rect, new: Rect) -> Rect:
    """Where a caption frame at `rect` goes when its photo goes from `old` to `new`: the same
    gap to the edge it sits under (or over), the same offset from the left edge, and the
    photo's width when it had it. A caption elsewhere (beside the photo) keeps its offset."""
    x = new.x + (rect.x - old.x)
    width = new.width if abs(rect.width - old.width) < 0.5 and abs(rect.x - old.x) < 0.5 else rect.width
    if rect.y >= old.bottom - 0.5:  # under the photo
        y = new.bottom + (rect.y - old.bottom)
    elif rect.bottom <= old.y + 0.5:  # over it
        y = new.y - (old.y - rect.bottom) - rect.height
    else:
        y = new.y + (rect.y - old.y)
    return Rect(x, y, width, rect.height)
