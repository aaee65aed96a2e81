"""Going to things: a page, a story, a range of text, a preflight finding, the master pages;
and what the docks show for the selection on the canvas."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from epaperdesk.model.frames import ImageFrame, TextFrame
from epaperdesk.typeset.hittest import range_boxes

if TYPE_CHECKING:
    from epaperdesk.ui.actions.registry import Workspace as MainWindow


def go_to_page(window: MainWindow, index: int) -> None:
    """Show page `index` (leaving the master pages if they are shown)."""
    if window.view.scene_.masters_mode:
        window.docks.pages_panel.masters_button.setChecked(False)
    window.view.go_to_page(index)
    window.status.update_page()


def step_page(window: MainWindow, step: int) -> None:
    go_to_page(window, window.view.current_page() + step)


def edit_masters(window: MainWindow, on: bool) -> None:
    """Show the master pages on the canvas (to edit their items), or the pages again."""
    view = window.view
    view.set_selection([])
    view.scene_.set_masters_mode(on)
    view.go_to_page(0)
    window.show_message(
        "Editing master pages: what you change shows on every page that uses them" if on else "Back to the pages",
        6000,
    )
    window.status.update_page()


def go_to_story(window: MainWindow, story_id: str) -> None:
    """Select a story's first frame on its page and open it in the story editor."""
    edition = window.document.edition
    frames = edition.story_frames(story_id)
    view = window.view
    if frames and not view.scene_.masters_mode:
        page, frame = edition.find_frame(frames[0].id)
        if page in edition.pages:
            r = frame.rect
            view.show_page_point(edition.pages.index(page), r.x + r.width / 2, r.y + r.height / 2)
            view.set_selection([frame.id])
    window.docks.story_dock.show()
    window.docks.story_editor.open_story(story_id)


def show_text(window: MainWindow, story_id: str, start: int, end: int) -> None:
    """Go to a story range: selected in the story editor, the page scrolled to it."""
    window.docks.story_dock.show()
    window.docks.story_editor.open_story(story_id, start, end)
    for index, display in enumerate(window.document.layout.pages):
        if display is None:
            continue
        boxes = range_boxes(display, story_id, start, max(end, start + 1))
        if boxes:
            window.view.show_page_point(index, boxes[0].x, boxes[0].y)
            break


def show_finding(window: MainWindow, finding: Any) -> None:
    """Go to what a preflight finding is about: its text, or its frame on its page."""
    if finding.story_id and not finding.frame_id:
        show_text(window, finding.story_id, finding.start, finding.end)
        return
    if finding.frame_id:
        frame_id = finding.frame_id.split("~", 1)[-1]
        if finding.page:
            window.view.go_to_page(finding.page - 1)
        try:
            window.document.edition.frame_by_id(frame_id)
        except KeyError:
            return
        window.view.set_selection([frame_id])
        if finding.story_id:
            window.docks.story_dock.show()
            window.docks.story_editor.open_story(finding.story_id)
    elif finding.page:
        window.view.go_to_page(finding.page - 1)


def edit_story_at(window: MainWindow, story_id: str, position: int) -> None:
    """Open the story editor on a story, the cursor at `position` (-1: where it was)."""
    docks = window.docks
    docks.story_dock.show()
    docks.story_dock.raise_()
    docks.story_editor.open_story(story_id, position if position >= 0 else None)
    docks.story_editor.galley.setFocus()


def show_selection_in_docks(window: MainWindow, selected: list[str]) -> None:
    """A selected text frame shows its story in the editor; a photo frame its picture and
    caption in the photo panel (and its caption story in the editor)."""
    docks = window.docks
    edition = window.document.edition
    frame = None
    if len(selected) == 1:
        try:
            frame = edition.frame_by_id(selected[0])
        except KeyError:
            frame = None
    docks.photo_panel.show_frame(frame.id if isinstance(frame, ImageFrame) else None)
    if not isinstance(frame, TextFrame) and not docks.story_editor.galley.hasFocus():
        window.view.set_text_highlight(None)  # the editor's caret is not left drawn on the page
    if isinstance(frame, ImageFrame):
        if frame.caption_story_id:
            docks.story_editor.open_story(frame.caption_story_id)
        docks.photo_dock.raise_()
    elif isinstance(frame, TextFrame):
        story_id = edition.thread_head(frame).story_id  # None: an empty frame shows no story
        if story_id != docks.story_editor.story_id:
            docks.story_editor.open_story(story_id)
