"""Type menu: character styles on the story editor's selection, copyfit, new stories and
text variables."""

from __future__ import annotations

from epaperdesk.model.edits import EditError
from epaperdesk.model.frame_edits import empty_text_frame, new_story
from epaperdesk.typeset.variables import NAMES as VARIABLE_NAMES
from epaperdesk.ui import navigation
from epaperdesk.ui.actions.registry import Command, Workspace


def start_story(ctx: Workspace) -> str | None:
    """A new, empty story: placed in the selected text frame when that frame is empty (one
    undoable step), opened in the story editor."""
    edition = ctx.document.edition
    try:
        edit, story_id = new_story(edition, empty_text_frame(edition, ctx.view.selected))
        ctx.document.push(edit, "New story")
    except EditError as error:
        ctx.show_message(str(error), 6000)
        return None
    navigation.edit_story_at(ctx, story_id, 0)
    return story_id


def insert_variable(ctx: Workspace, name: str) -> None:
    ctx.docks.story_dock.show()
    editor = ctx.docks.story_editor
    if editor.story is None:
        ctx.show_message("Open a story in the story editor first", 5000)
        return
    editor.galley.insertPlainText("{{" + name + "}}")
    editor.galley.setFocus()


def _in_editor(ctx: Workspace, method: str, *args: str) -> None:
    ctx.docks.story_dock.show()
    getattr(ctx.docks.story_editor, method)(*args)


def story_open(ctx: Workspace) -> bool:
    return ctx.docks.story_editor.story is not None


def _style_command(name: str, text: str, keys: str) -> Command:
    return Command(
        f"type.{name.replace('-', '_')}",
        text,
        lambda ctx: _in_editor(ctx, "toggle_character_style", name),
        "type",
        0,
        keys=(keys,),
        tip=f"{text.replace('&', '')}: the selection in the story editor, or what is typed next",
        enabled=story_open,
    )


def _variable_command(name: str, label: str) -> Command:
    return Command(
        f"type.variable.{name}",
        label,
        lambda ctx: insert_variable(ctx, name),
        "type",
        2,
        submenu="Insert &Variable",
        tip=f"Insert {{{{{name}}}}}: set as its value on each page",
    )


def add_font(ctx: Workspace, path: str | None = None) -> bool:
    """Type → Add Font: a TrueType file into the edition, for its styles to use."""
    from PySide6.QtWidgets import QFileDialog, QMessageBox

    from epaperdesk.io.font_files import read_font_file
    from epaperdesk.model.edits import AddFont
    from epaperdesk.typeset.fonts import FontError
    from epaperdesk.ui.fonts_dialog import face_name

    if path is None:
        path, _ = QFileDialog.getOpenFileName(
            ctx.widget(), "Add Font", str(ctx.files.folder()), "TrueType fonts (*.ttf *.TTF)"
        )
        if not path:
            return False
    try:
        font = read_font_file(path)
        ctx.document.push(AddFont(font), "Add font")
    except (FontError, EditError) as error:
        QMessageBox.warning(ctx.widget(), "Cannot add the font", str(error))
        return False
    ctx.show_message(f"Added {face_name(font.family, font.weight, font.italic)} to the edition", 6000)
    return True


def show_fonts(ctx: Workspace) -> None:
    from epaperdesk.ui.fonts_dialog import FontsDialog

    FontsDialog(ctx.document, ctx.widget()).exec()


def clear_overrides(ctx: Workspace) -> None:
    ctx.docks.story_dock.show()
    ctx.docks.story_editor.clear_overrides()


COMMANDS = (
    _style_command("bold", "&Bold", "Ctrl+B"),
    _style_command("italic", "&Italic", "Ctrl+I"),
    _style_command("small-caps", "&Small Caps", "Ctrl+Alt+C"),
    Command(
        "type.fit",
        "&Fit Story",
        lambda ctx: _in_editor(ctx, "fit"),
        "type",
        1,
        keys=("Ctrl+Alt+F",),
        tip="Bring the story a few lines over or under into its space",
        enabled=story_open,
    ),
    Command(
        "type.clear_overrides",
        "C&lear Overrides",
        clear_overrides,
        "type",
        1,
        keys=("Ctrl+Alt+Shift+C",),
        tip="Take the local font, size, tracking, leading and alignment off the story editor's selection",
        enabled=story_open,
    ),
    Command(
        "type.add_font",
        "&Add Font…",
        add_font,
        "type",
        3,
        tip="Put a TrueType font into the edition for its styles",
    ),
    Command(
        "type.fonts",
        "F&onts…",
        show_fonts,
        "type",
        3,
        tip="The faces the styles use, where they come from, and what is missing",
    ),
    Command(
        "type.new_story",
        "&New Story",
        start_story,
        "type",
        1,
        tip="Start a new story (in the selected empty text frame, if there is one)",
    ),
    *(_variable_command(name, label) for name, label in VARIABLE_NAMES.items()),
)
