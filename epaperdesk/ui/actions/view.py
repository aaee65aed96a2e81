"""View menu: zoom, pages, what the canvas shows, the typesetting mode, and the panels."""

from __future__ import annotations

from dataclasses import replace

from epaperdesk.ui import navigation
from epaperdesk.ui.actions.registry import Command, Workspace


def set_snapping(ctx: Workspace, on: bool) -> None:
    ctx.view.snapping = on


def set_threads(ctx: Workspace, on: bool) -> None:
    ctx.view.show_threads = on
    ctx.view.viewport().update()


def set_high_contrast(ctx: Workspace, on: bool) -> None:
    ctx.apply_preferences(replace(ctx.preferences, high_contrast=on))


def set_draft(ctx: Workspace, on: bool) -> None:
    """First-fit line breaking on the canvas while working on a slow machine."""
    from epaperdesk.typeset.layout import Typesetter

    ctx.document.typesetter = Typesetter(draft=on)
    ctx.document.relayout()


def panel_command(name: str, dock: str, text: str, keys: str) -> Command:
    """Show or hide a dock."""
    return Command(
        f"view.{name}_panel",
        text,
        lambda ctx: ctx.docks.toggle(dock),
        "view",
        4,
        keys=(keys,),
        checkable=True,
        checked=lambda ctx: ctx.docks.in_front(dock),
    )


COMMANDS = (
    Command(
        "view.zoom_in",
        "Zoom &In",
        lambda ctx: ctx.view.zoom_by(1.25),
        "view",
        0,
        keys=("StandardKey.ZoomIn", "Ctrl+="),
        toolbar="main",
        icon="zoom-in",
    ),
    Command(
        "view.zoom_out",
        "Zoom &Out",
        lambda ctx: ctx.view.zoom_by(0.8),
        "view",
        0,
        keys=("StandardKey.ZoomOut",),
        toolbar="main",
        icon="zoom-out",
    ),
    Command(
        "view.fit_page",
        "Fit &Page",
        lambda ctx: ctx.view.fit_page(),
        "view",
        0,
        keys=("Ctrl+0",),
        toolbar="main",
        icon="zoom-fit-best",
    ),
    Command("view.fit_width", "Fit &Width", lambda ctx: ctx.view.fit_width(), "view", 0, keys=("Ctrl+Shift+0",)),
    Command(
        "view.actual_size",
        "&Actual Size",
        lambda ctx: ctx.view.actual_size(),
        "view",
        0,
        keys=("Ctrl+1",),
        icon="zoom-original",
    ),
    Command(
        "view.next_page",
        "&Next Page",
        lambda ctx: navigation.step_page(ctx, 1),
        "view",
        1,
        keys=("Ctrl+PgDown",),
        icon="go-next",
    ),
    Command(
        "view.previous_page",
        "P&revious Page",
        lambda ctx: navigation.step_page(ctx, -1),
        "view",
        1,
        keys=("Ctrl+PgUp",),
        icon="go-previous",
    ),
    Command(
        "view.preview",
        "Pre&view",
        lambda ctx: ctx.view.set_preview(not ctx.view.preview_mode),
        "view",
        2,
        keys=("W",),
        tip="The pages as they print: no guides, frame edges, threads or markers (W)",
        checkable=True,
        checked=lambda ctx: ctx.view.preview_mode,
    ),
    Command(
        "view.frame_edges",
        "Show &Frame Edges",
        lambda ctx: ctx.view.set_frame_edges(not ctx.view.show_frame_edges),
        "view",
        2,
        keys=("Ctrl+H",),
        tip="Outlines of every frame, and a cross in empty photo frames",
        checkable=True,
        checked=lambda ctx: ctx.view.show_frame_edges,
    ),
    Command(
        "view.hide_panels",
        "Hide &Panels",
        lambda ctx: ctx.toggle_panels(),
        "view",
        2,
        tip="Hide the docks and toolbars to give the page the whole window (Tab on the canvas)",
        checkable=True,
        checked=lambda ctx: ctx.panels_hidden(),
    ),
    Command(
        "view.snap",
        "&Snap to Guides and Frames",
        lambda ctx: set_snapping(ctx, not ctx.view.snapping),
        "view",
        2,
        keys=("Ctrl+;",),
        checkable=True,
        checked=lambda ctx: ctx.view.snapping,
    ),
    Command(
        "view.threads",
        "Show &Threads",
        lambda ctx: set_threads(ctx, not ctx.view.show_threads),
        "view",
        2,
        keys=("Ctrl+Alt+Y",),
        checkable=True,
        checked=lambda ctx: ctx.view.show_threads,
    ),
    Command(
        "view.high_contrast",
        "&High Contrast",
        lambda ctx: set_high_contrast(ctx, not ctx.preferences.high_contrast),
        "view",
        2,
        keys=("Ctrl+Alt+H",),
        tip="White on black for the window; the page stays paper white",
        checkable=True,
        checked=lambda ctx: ctx.preferences.high_contrast,
    ),
    Command(
        "view.draft",
        "&Draft Typesetting",
        lambda ctx: set_draft(ctx, not ctx.document.typesetter.draft),
        "view",
        2,
        keys=("Ctrl+Alt+D",),
        tip="Set lines first-fit for speed (the PDF export always uses total fit)",
        checkable=True,
        checked=lambda ctx: ctx.document.typesetter.draft,
    ),
    panel_command("properties", "properties", "P&roperties", "F4"),
    panel_command("history", "history", "&History Panel", "Ctrl+Shift+H"),
    panel_command("pages", "pages", "&Pages Panel", "Ctrl+Alt+G"),
    panel_command("budget", "budget", "Story &Budget", "Ctrl+Alt+B"),
    panel_command("story", "story", "&Story Editor", "Ctrl+Shift+E"),
    panel_command("photo", "photo", "P&hoto Panel", "Ctrl+Shift+P"),
    panel_command("swatches", "swatches", "S&watches", "F5"),
    panel_command("styles", "styles", "St&yles", "F11"),
)
