"""Edit menu: undo and redo, frame selection commands, find, house settings, preferences."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QMessageBox

from epaperdesk.model.edits import EditError
from epaperdesk.ui.actions.registry import Command, Workspace


def has_selection(ctx: Workspace) -> bool:
    return bool(ctx.view.selected)


def edit_house_settings(ctx: Workspace) -> bool:
    """Copyfit limits and jump-line wording for the edition, as one undoable edit."""
    from epaperdesk.ui.house_dialog import HouseSettingsDialog

    dialog = HouseSettingsDialog(ctx.document.edition, ctx.widget())
    if not dialog.exec() or dialog.edit is None:
        return False
    try:
        ctx.document.push(dialog.edit, "House settings")
    except EditError as error:
        QMessageBox.warning(ctx.widget(), "House settings", str(error))
        return False
    return True


def edit_preferences(ctx: Workspace) -> None:
    from epaperdesk.ui.preferences import PreferencesDialog

    dialog = PreferencesDialog(ctx.preferences, ctx.widget())
    if dialog.exec():
        ctx.apply_preferences(dialog.preferences())


def _story_editor(ctx: Workspace, method: str) -> None:
    ctx.docks.story_dock.show()
    getattr(ctx.docks.story_editor, method)()


def _clipboard(name: str) -> Callable[[Workspace], object]:
    """A clipboard function, imported when first used (it loads the PDF exporter)."""

    def run(ctx: Workspace) -> object:
        from epaperdesk.ui import clipboard

        return getattr(clipboard, name)(ctx)

    return run


def _paste_in_place(ctx: Workspace) -> object:
    from epaperdesk.ui.clipboard import paste

    return paste(ctx, in_place=True)


def _can_paste(ctx: Workspace) -> bool:
    from epaperdesk.ui.clipboard import can_paste

    return can_paste()


COMMANDS = (
    Command(
        "edit.undo",
        "&Undo",
        lambda ctx: ctx.document.undo_stack.undo(),
        "edit",
        0,
        keys=("StandardKey.Undo",),
        enabled=lambda ctx: ctx.document.undo_stack.canUndo(),
        describe=lambda ctx: f"Undo {ctx.document.undo_stack.undoText()}".strip(),
        toolbar="main",
        icon="edit-undo",
    ),
    Command(
        "edit.redo",
        "&Redo",
        lambda ctx: ctx.document.undo_stack.redo(),
        "edit",
        0,
        keys=("StandardKey.Redo",),
        enabled=lambda ctx: ctx.document.undo_stack.canRedo(),
        describe=lambda ctx: f"Redo {ctx.document.undo_stack.redoText()}".strip(),
        toolbar="main",
        icon="edit-redo",
    ),
    Command(
        "edit.cut",
        "Cu&t",
        _clipboard("cut_selection"),
        "edit",
        1,
        keys=("StandardKey.Cut",),
        tip="Cut the selected frames, with their stories and pictures",
        enabled=has_selection,
        icon="edit-cut",
    ),
    Command(
        "edit.copy",
        "&Copy",
        _clipboard("copy_selection"),
        "edit",
        1,
        keys=("StandardKey.Copy",),
        tip="Copy the selected frames (for another edition too; as a picture and a PDF for other programs)",
        enabled=has_selection,
        icon="edit-copy",
    ),
    Command(
        "edit.paste",
        "&Paste",
        _clipboard("paste"),
        "edit",
        1,
        keys=("StandardKey.Paste",),
        tip="Paste frames onto the page shown",
        enabled=_can_paste,
        icon="edit-paste",
    ),
    Command(
        "edit.paste_in_place",
        "Paste in Pl&ace",
        _paste_in_place,
        "edit",
        1,
        keys=("Ctrl+Alt+Shift+V",),
        tip="Paste frames where they were on their page",
        enabled=_can_paste,
    ),
    Command(
        "edit.step_and_repeat",
        "Step and &Repeat…",
        _clipboard("step_and_repeat_dialog"),
        "edit",
        1,
        keys=("Ctrl+Alt+Shift+U",),
        tip="Copies of the selected frames, each moved on by the same distance",
        enabled=has_selection,
    ),
    Command(
        "edit.delete",
        "&Delete",
        lambda ctx: ctx.view.delete_selection(),
        "edit",
        1,
        keys=("StandardKey.Delete",),
        tip="Delete the selected frames",
        enabled=has_selection,
        icon="edit-delete",
    ),
    Command(
        "edit.duplicate",
        "D&uplicate",
        lambda ctx: ctx.view.duplicate_selection(),
        "edit",
        1,
        keys=("Ctrl+D",),
        tip="Duplicate the selected frames",
        enabled=has_selection,
    ),
    Command(
        "edit.select_all",
        "Select &All",
        lambda ctx: ctx.view.select_all(),
        "edit",
        1,
        keys=("StandardKey.SelectAll",),
        tip="Select every frame on the page",
        icon="edit-select-all",
    ),
    Command(
        "edit.select_next",
        "Select &Next Frame",
        lambda ctx: ctx.view.select_next(),
        "edit",
        1,
        keys=("Ctrl+Alt+]",),
        tip="Select the next frame of the page shown",
    ),
    Command(
        "edit.select_previous",
        "Select Pre&vious Frame",
        lambda ctx: ctx.view.select_next(backwards=True),
        "edit",
        1,
        keys=("Ctrl+Alt+[",),
        tip="Select the previous frame of the page shown",
    ),
    Command(
        "edit.find",
        "&Find and Replace…",
        lambda ctx: _story_editor(ctx, "show_find"),
        "edit",
        2,
        keys=("StandardKey.Find",),
        tip="Find and replace in the story or the whole edition",
        icon="edit-find-replace",
    ),
    Command(
        "edit.house_settings",
        "&House Settings…",
        edit_house_settings,
        "edit",
        3,
        keys=("Ctrl+Alt+U",),
        tip="Copyfit limits and the wording of jump lines for this edition",
    ),
    Command(
        "edit.preferences",
        "&Preferences…",
        edit_preferences,
        "edit",
        3,
        keys=("Ctrl+,",),
        tip="Name, units, language, autosave, snapping, H&J defaults",
        icon="preferences-system",
    ),
)
