"""Object menu: new frames, the canvas tools, threads, stacking, locking, pictures in their
frames, master items."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QInputDialog

from epaperdesk.geometry import Rect
from epaperdesk.model.edition import Edition
from epaperdesk.model.edits import Edit, EditError
from epaperdesk.model.frames import TextFrame
from epaperdesk.model.pages import detach_master_frame
from epaperdesk.ui.actions.registry import Command, Workspace

FAR = 1_000_000  # a restack step beyond any page: to the front or the back
NEW_FRAME_SIZE = (240.0, 160.0)  # points; never wider than a third of the page


def has_selection(ctx: Workspace) -> bool:
    return bool(ctx.view.selected)


def add_frame_on_page(ctx: Workspace, kind: str) -> None:
    """A new frame at the top-left margin corner of the page shown."""
    view = ctx.view
    pages = view.scene_.pages()
    if not pages:
        return
    page = pages[view.current_page()]
    m = page.margins
    view.add_frame(page, Rect(m.inside, m.top, min(NEW_FRAME_SIZE[0], page.width / 3), NEW_FRAME_SIZE[1]), kind)


def link(ctx: Workspace) -> None:
    """Link the first selected text frame to the second, or start the link tool."""
    if len(ctx.view.selected) == 2:
        ctx.view.link_selection()
    else:
        set_tool(ctx, "link")
        ctx.show_message("Click the frame the story continues in", 5000)


def set_tool(ctx: Workspace, name: str) -> None:
    ctx.view.set_tool(name)
    ctx.view.setFocus()


def set_image_mode(ctx: Workspace, on: bool) -> None:
    ctx.view.content_mode = on
    ctx.view.viewport().update()


def override_master_item(ctx: Workspace) -> None:
    """Detach a master item on the current page: it becomes the page's own, to edit here."""
    view = ctx.view
    if view.scene_.masters_mode:
        return
    edition = ctx.document.edition
    page = edition.pages[view.current_page()]
    master = edition.master_of(page)
    if master is None:
        ctx.show_message("This page uses no master page", 5000)
        return
    choices = [f"{f.id} ({f.kind})" for f in master.frames if f.id not in page.hidden_master_frames]
    if not choices:
        ctx.show_message("Every master item is overridden on this page already", 5000)
        return
    choice, ok = QInputDialog.getItem(
        ctx.widget(),
        "Override Master Item",
        f"Which item of master “{master.name or master.id}” becomes this page's own?",
        choices,
        0,
        False,
    )
    if not ok:
        return
    try:
        edit, frame_id = detach_master_frame(edition, page.id, choice.split(" ")[0])
        ctx.document.push(edit, "Override master item")
    except EditError as error:
        ctx.show_message(str(error), 6000)
        return
    view.set_selection([frame_id])


ALIGN_TO: dict[str, str] = {"value": "selection"}  # the window's choice: selection, margins or page
ALIGNMENTS = (
    ("left", "Align &Left Edges"),
    ("center", "Align Horizontal &Centres"),
    ("right", "Align &Right Edges"),
    ("top", "Align &Top Edges"),
    ("middle", "Align &Vertical Centres"),
    ("bottom", "Align &Bottom Edges"),
)


def align(ctx: Workspace, edge: str) -> None:
    from epaperdesk.model.arrange import align_frames

    _push(ctx, lambda edition, ids: align_frames(edition, ids, edge, ALIGN_TO["value"]), f"Align {edge}")


def distribute(ctx: Workspace, axis: str, by: str) -> None:
    from epaperdesk.model.arrange import distribute_frames

    _push(ctx, lambda edition, ids: distribute_frames(edition, ids, axis, by), "Distribute")


def group(ctx: Workspace) -> None:
    from epaperdesk.model.arrange import group_frames

    try:
        edit, _name = group_frames(ctx.document.edition, ctx.view.selected)
    except EditError as error:
        ctx.show_message(str(error), 6000)
        return
    if edit is not None:
        ctx.document.push(edit, "Group")
        ctx.view.set_selection(ctx.view.selected)


def ungroup(ctx: Workspace) -> None:
    from epaperdesk.model.arrange import ungroup_frames

    _push(ctx, ungroup_frames, "Ungroup")


def _push(ctx: Workspace, build: Callable[[Edition, list[str]], Edit | None], label: str) -> None:
    try:
        edit = build(ctx.document.edition, list(ctx.view.selected))
        if edit is None:
            ctx.show_message(f"{label}: nothing to do for this selection", 4000)
            return
        ctx.document.push(edit, label)
    except EditError as error:
        ctx.show_message(str(error), 6000)


def _align_command(edge: str, text: str) -> Command:
    return Command(
        f"object.align_{edge}",
        text,
        lambda ctx: align(ctx, edge),
        "object",
        5,
        submenu="&Align and Distribute",
        enabled=has_selection,
    )


def _align_to(choice: str) -> Command:
    return Command(
        f"object.align_to_{choice}",
        {"selection": "Align to &Selection", "margins": "Align to &Margins", "page": "Align to &Page"}[choice],
        lambda ctx: ALIGN_TO.__setitem__("value", choice),
        "object",
        6,
        submenu="&Align and Distribute",
        checkable=True,
        checked=lambda ctx: ALIGN_TO["value"] == choice,
        group="align-to",
    )


def _in_group(ctx: Workspace) -> bool:
    edition = ctx.document.edition
    return any(edition.frame_by_id(f).group for f in ctx.view.selected if _exists(edition, f))


def _exists(edition: Edition, frame_id: str) -> bool:
    try:
        edition.frame_by_id(frame_id)
    except KeyError:
        return False
    return True


def _can_link(ctx: Workspace) -> bool:
    return len(ctx.view.selected) in (1, 2)


def _can_unlink(ctx: Workspace) -> bool:
    edition = ctx.document.edition
    for frame_id in ctx.view.selected:
        try:
            frame = edition.frame_by_id(frame_id)
        except KeyError:
            continue
        if isinstance(frame, TextFrame) and frame.next_frame_id is not None:
            return True
    return False


def _tool(name: str, text: str, key: str, icon: str, tip: str) -> Command:
    return Command(
        f"object.tool.{name}",
        text,
        lambda ctx: set_tool(ctx, name),
        "object",
        1,
        keys=(key,),
        tip=tip,
        checkable=True,
        checked=lambda ctx: ctx.view.tool == name,
        group="tools",
        toolbar="tools",
        icon=icon,
    )


COMMANDS = (
    Command(
        "object.new_text_frame",
        "New &Text Frame",
        lambda ctx: add_frame_on_page(ctx, "text"),
        "object",
        0,
        keys=("Ctrl+Shift+T",),
        tip="Add a text frame to the page",
    ),
    Command(
        "object.new_photo_frame",
        "New &Photo Frame",
        lambda ctx: add_frame_on_page(ctx, "image"),
        "object",
        0,
        keys=("Ctrl+Shift+F",),
        tip="Add a photo frame to the page",
    ),
    _tool("select", "Select", "V", "tool-select", "Select, move and resize frames; a group moves whole (V)"),
    _tool("direct", "Direct Select", "A", "tool-direct", "Select one frame of a group; move a photo's picture (A)"),
    _tool("text", "Draw Text Frame", "T", "tool-text", "Drag out a new text frame (T)"),
    _tool("image", "Draw Photo Frame", "F", "tool-image", "Drag out a new photo frame (F)"),
    _tool("rule", "Draw Rule", "L", "tool-rule", "Drag out a rule, straight across or down (L)"),
    _tool("box", "Draw Box", "M", "tool-box", "Drag out a tinted box; Shift makes it square (M)"),
    _tool("link", "Link Tool", "K", "tool-link", "Click the frame a story continues in (K)"),
    _tool("hand", "Hand", "H", "tool-hand", "Drag the pages around (H)"),
    _tool("zoom", "Zoom Tool", "Z", "tool-zoom", "Click to zoom in, Alt+click out, drag around an area (Z)"),
    Command(
        "object.link",
        "&Link Frames",
        link,
        "object",
        2,
        keys=("Ctrl+K",),
        tip="Continue the story in another frame",
        enabled=_can_link,
    ),
    Command(
        "object.unlink",
        "U&nlink Frame",
        lambda ctx: ctx.view.unlink_selection(),
        "object",
        2,
        keys=("Ctrl+Shift+K",),
        tip="End the thread after the selected frame",
        enabled=_can_unlink,
    ),
    Command(
        "object.forward",
        "Bring &Forward",
        lambda ctx: ctx.view.restack(1),
        "object",
        2,
        keys=("Ctrl+]",),
        enabled=has_selection,
    ),
    Command(
        "object.backward",
        "Send &Backward",
        lambda ctx: ctx.view.restack(-1),
        "object",
        2,
        keys=("Ctrl+[",),
        enabled=has_selection,
    ),
    Command(
        "object.front",
        "Bring to Fron&t",
        lambda ctx: ctx.view.restack(FAR),
        "object",
        2,
        keys=("Ctrl+Shift+]", "Ctrl+}"),
        tip="Put the selected frames above every other frame of their page",
        enabled=has_selection,
    ),
    Command(
        "object.back",
        "Send to Bac&k",
        lambda ctx: ctx.view.restack(-FAR),
        "object",
        2,
        keys=("Ctrl+Shift+[", "Ctrl+{"),
        tip="Put the selected frames below every other frame of their page",
        enabled=has_selection,
    ),
    Command(
        "object.lock",
        "&Lock or Unlock",
        lambda ctx: ctx.view.toggle_lock(),
        "object",
        2,
        keys=("Ctrl+L",),
        tip="Lock frames against moving",
        enabled=has_selection,
    ),
    Command(
        "object.image_mode",
        "Edit Image in &Frame",
        lambda ctx: set_image_mode(ctx, not ctx.view.content_mode),
        "object",
        3,
        keys=("Ctrl+Return",),
        tip="Pan and scale the picture inside a photo frame",
        checkable=True,
        checked=lambda ctx: ctx.view.content_mode,
    ),
    Command(
        "object.image_larger",
        "Scale Image &Up",
        lambda ctx: ctx.view.scale_image(1.05),
        "object",
        3,
        keys=("Ctrl+Alt+=",),
    ),
    Command(
        "object.image_smaller",
        "Scale Image Do&wn",
        lambda ctx: ctx.view.scale_image(1 / 1.05),
        "object",
        3,
        keys=("Ctrl+Alt+-",),
    ),
    *(_align_command(edge, text) for edge, text in ALIGNMENTS),
    Command(
        "object.distribute_horizontal",
        "Distribute &Horizontal Centres",
        lambda ctx: distribute(ctx, "horizontal", "centers"),
        "object",
        6,
        submenu="&Align and Distribute",
        enabled=has_selection,
    ),
    Command(
        "object.distribute_vertical",
        "Distribute Vertical Ce&ntres",
        lambda ctx: distribute(ctx, "vertical", "centers"),
        "object",
        6,
        submenu="&Align and Distribute",
        enabled=has_selection,
    ),
    Command(
        "object.space_horizontal",
        "Space &Evenly Across",
        lambda ctx: distribute(ctx, "horizontal", "spacing"),
        "object",
        6,
        submenu="&Align and Distribute",
        enabled=has_selection,
    ),
    Command(
        "object.space_vertical",
        "Space Evenly &Down",
        lambda ctx: distribute(ctx, "vertical", "spacing"),
        "object",
        6,
        submenu="&Align and Distribute",
        enabled=has_selection,
    ),
    *(_align_to(choice) for choice in ("selection", "margins", "page")),
    Command(
        "object.group",
        "&Group",
        group,
        "object",
        2,
        keys=("Ctrl+G",),
        tip="Make the selected frames one group: selected and moved together",
        enabled=lambda ctx: len(ctx.view.selected) > 1,
    ),
    Command(
        "object.ungroup",
        "Ung&roup",
        ungroup,
        "object",
        2,
        keys=("Ctrl+Shift+G",),
        tip="Take the selected groups apart",
        enabled=_in_group,
    ),
    Command(
        "object.override_master",
        "&Override Master Item…",
        override_master_item,
        "object",
        4,
        keys=("Ctrl+Alt+O",),
        tip="Make a master item this page's own, to change it here alone",
    ),
)
