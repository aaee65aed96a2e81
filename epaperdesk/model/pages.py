"""Pages of an edition: new pages (the size and grid every page shares), duplicates,
master pages applied, and master items overridden (detached) on one page."""

from __future__ import annotations

import copy
import dataclasses

from epaperdesk.model.edition import Edition
from epaperdesk.model.edits import AddFrame, AddPage, AddStory, CompositeEdit, Edit, EditError, SetPageProperty
from epaperdesk.model.frames import ImageFrame, TextFrame


def new_page(edition: Edition, index: int, master: str | None = None) -> tuple[AddPage, str]:
    """An empty page like the others (size, margins, grid, bleed, baseline grid), using
    `master` (by default the master of the page before it)."""
    pattern = (
        edition.pages[min(index, len(edition.pages)) - 1]
        if edition.pages and index > 0
        else (edition.pages[0] if edition.pages else None)
    )
    if pattern is None:
        raise EditError("an edition needs a page to take the size from")
    page_id = edition.new_id("page")
    if master is None:
        master = pattern.master
    page = dataclasses.replace(
        copy.deepcopy(pattern), id=page_id, frames=[], guides=(), master=master, hidden_master_frames=(), name=""
    )
    return AddPage(index, page), page_id


def apply_master(edition: Edition, page_id: str, master_id: str | None) -> Edit:
    """Use another master on a page (its overrides of the old master's items are dropped)."""
    page = edition.page_by_id(page_id)
    edits: list[Edit] = []
    if page.hidden_master_frames:
        edits.append(SetPageProperty(page_id, "hidden_master_frames", page.hidden_master_frames, ()))
    edits.append(SetPageProperty(page_id, "master", page.master, master_id))
    return CompositeEdit(tuple(edits), "Apply master")


def detach_master_frame(edition: Edition, page_id: str, frame_id: str) -> tuple[Edit, str]:
    """Override a master item on one page: a copy of it becomes the page's own (a text frame
    with a copy of its story, to be edited there alone) and the master's item is hidden on
    that page. Returns the edit and the new frame's id."""
    page = edition.page_by_id(page_id)
    master = edition.master_of(page)
    if master is None:
        raise EditError(f"page {page_id!r} uses no master page")
    original = next((f for f in master.frames if f.id == frame_id), None)
    if original is None:
        raise EditError(f"{frame_id!r} is not an item of master {master.name or master.id!r}")
    if frame_id in page.hidden_master_frames:
        raise EditError(f"{frame_id!r} is overridden on this page already")
    new_id = edition.new_id(f"{page_id}-{frame_id}-")
    frame = dataclasses.replace(copy.deepcopy(original), id=new_id, locked=False)
    edits: list[Edit] = []
    if isinstance(frame, TextFrame) and frame.story_id is not None:
        story = edition.stories[frame.story_id]
        story_id = edition.new_id(f"{story.id}-{page_id}-")
        edits.append(
            AddStory(
                dataclasses.replace(
                    copy.deepcopy(story),
                    id=story_id,
                    anchors={},
                    name=f"{story.name or story.id} (page {edition.page_index(page_id) + 1})",
                )
            )
        )
        frame = dataclasses.replace(frame, story_id=story_id)
    if isinstance(frame, ImageFrame):
        frame = dataclasses.replace(frame, caption_story_id=None)
    edits.append(AddFrame(page_id, 0, frame))  # under the page's own items, where the master's was
    edits.append(
        SetPageProperty(
            page_id, "hidden_master_frames", page.hidden_master_frames, page.hidden_master_frames + (frame_id,)
        )
    )
    return CompositeEdit(tuple(edits), "Override master item"), new_id


def duplicate_page(edition: Edition, page_id: str) -> tuple[Edit, str]:
    """A copy of a page after it: its frames copied; a story wholly on the page is copied
    with its thread, a thread that leaves the page is cut (the copies start empty)."""
    page = edition.page_by_id(page_id)
    index = edition.page_index(page_id) + 1
    new_page_id = edition.new_id("page")
    used = (
        {p.id for p in edition.pages}
        | {p.id for p in edition.masters}
        | {f.id for _, f in edition.all_frames()}
        | set(edition.stories)
        | {new_page_id}
    )
    ids: dict[str, str] = {}
    for frame in page.frames:
        n = 1
        while f"{frame.id}-copy{n}" in used:
            n += 1
        ids[frame.id] = f"{frame.id}-copy{n}"
        used.add(ids[frame.id])
    on_page = {f.id for f in page.frames}
    whole = {
        f.id
        for f in page.frames
        if isinstance(f, TextFrame) and f.story_id is not None and all(t.id in on_page for t in edition.thread(f.id))
    }
    edits: list[Edit] = []
    frames = []
    for frame in page.frames:
        clone = dataclasses.replace(copy.deepcopy(frame), id=ids[frame.id])
        if isinstance(frame, TextFrame) and isinstance(clone, TextFrame):  # (the clone is a copy of the frame)
            if edition.thread_head(frame).id in whole:
                story_id = None
                if frame.story_id is not None:
                    story = edition.stories[frame.story_id]
                    n = 1
                    while f"{story.id}-copy{n}" in used:
                        n += 1
                    story_id = f"{story.id}-copy{n}"
                    used.add(story_id)
                    edits.append(AddStory(dataclasses.replace(copy.deepcopy(story), id=story_id, anchors={})))
                following = None if frame.next_frame_id is None else ids.get(frame.next_frame_id)
                clone = dataclasses.replace(clone, story_id=story_id, next_frame_id=following)
            else:  # a thread that leaves the page: the copy starts empty
                clone = dataclasses.replace(clone, story_id=None, next_frame_id=None)
        if isinstance(clone, ImageFrame):
            clone = dataclasses.replace(clone, caption_story_id=None)
        frames.append(clone)
    clone_page = dataclasses.replace(copy.deepcopy(page), id=new_page_id, frames=frames)
    edits.append(AddPage(index, clone_page))
    return CompositeEdit(tuple(edits), "Duplicate page"), new_page_id
