"""Bringing files in: pictures placed into a photo frame or onto the page (from the menu
or dropped from the file manager), copy dropped onto a text frame. Reads the files, turns
them into model edits (one undoable step each) and reports problems by name; never lets a
bad file reach the document."""

from __future__ import annotations

from pathlib import Path

from epaperdesk.io.images import EXTENSIONS as IMAGE_EXTENSIONS
from epaperdesk.io.images import read_image_file
from epaperdesk.io.importers import FORMATS as COPY_FORMATS
from epaperdesk.model.edits import SetFrameProperty
from epaperdesk.model.frames import ImageFrame
from epaperdesk.model.photos import caption_parts, house_credit, new_photo_frame, place_image, set_caption
from epaperdesk.ui.document import Document

IMAGE_FILTER = "Pictures (" + " ".join(f"*{e}" for e in IMAGE_EXTENSIONS) + ")"


def is_picture(path: str | Path) -> bool:
    return Path(path).suffix.lower() in IMAGE_EXTENSIONS


def is_copy(path: str | Path) -> bool:
    return Path(path).suffix.lower() in COPY_FORMATS


def place_picture(
    document: Document, path: str | Path, page_index: int, x: float = 0.0, y: float = 0.0, frame_id: str | None = None
) -> str:
    """Place a picture file into photo frame `frame_id`, or as a new frame at (x, y) on the
    page; fill an empty caption from the file's IPTC/XMP caption and credit. One undoable
    step. Returns the frame's id; raises ImageError or EditError with a message for the user."""
    asset = read_image_file(path, source=Path(path).name)
    edition = document.edition
    target = None
    if frame_id:
        frame = edition.frame_by_id(frame_id)
        if isinstance(frame, ImageFrame):
            target = frame.id
    stack = document.undo_stack
    stack.beginMacro(f"Place {Path(path).name}")
    try:
        if target is not None:
            document.push(place_image(edition, asset, target), "Place photo")
        else:
            page = edition.pages[page_index]
            edit, target = new_photo_frame(edition, asset, page.id, x, y)
            document.push(edit, "Place photo")
        placed = edition.frame_by_id(target)
        assert isinstance(placed, ImageFrame), "place_image and new_photo_frame fill a photo frame"
        caption, credit = caption_parts(edition, placed)
        if (asset.caption or asset.credit) and not caption and not credit:
            caption_edit = set_caption(edition, target, asset.caption, house_credit(asset.credit))
            if caption_edit is not None:
                document.push(caption_edit, "Caption from the picture file")
        if asset.caption and not placed.alt_text:
            document.push(SetFrameProperty(target, "alt_text", "", asset.caption[:300]), "Alt text")
    finally:
        stack.endMacro()
    return target
