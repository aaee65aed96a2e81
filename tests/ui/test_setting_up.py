"""Setting up a paper in the window: File → New from a template, Document Setup, local
formatting from the type strip, next style, fonts added to the edition, templates saved."""

import shutil

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QInputDialog

from epaperdesk.io.epd import load_edition
from epaperdesk.io.templates import list_templates
from epaperdesk.model.page import Margins
from epaperdesk.typeset.fonts import installed_faces
from epaperdesk.ui.actions import file as file_actions
from epaperdesk.ui.actions import text as text_actions
from epaperdesk.ui.fonts_dialog import FontsDialog
from epaperdesk.ui.setup_dialogs import DocumentSetupDialog, NewEditionDialog


def fill_and_accept(fill):
    """An exec() that fills the dialog as a user would, then presses OK (if it is enabled)."""

    def run(dialog):
        fill(dialog)
        ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
        if not ok.isEnabled():
            return QDialog.DialogCode.Rejected
        dialog.accept()
        return QDialog.DialogCode.Accepted

    return run


def test_file_new_from_the_tabloid_template(qtbot, window, monkeypatch, tmp_path):
    def fill(dialog):
        dialog.title_edit.clear()
        qtbot.keyClicks(dialog.title_edit, "Harbour Gazette")
        dialog.template_box.setCurrentIndex(dialog.template_box.findData("tabloid"))
        dialog.pages_spin.setValue(3)
        dialog.facing_box.setChecked(True)

    monkeypatch.setattr(NewEditionDialog, "exec", fill_and_accept(fill))
    window.document.undo_stack.setClean()
    window.commands.trigger("file.new")
    edition = window.document.edition
    assert edition.title == "Harbour Gazette" and len(edition.pages) == 3 and edition.facing_pages
    assert [p.master for p in edition.pages] == ["front", "inside", "inside"]
    assert window.document.path is None and window.windowTitle().startswith("Untitled")
    assert {"headline", "subhead", "body"} <= set(edition.paragraph_styles)
    masthead = [r for r in window.document.layout.pages[0].glyph_runs() if r.story_id == "masthead"]
    assert masthead and "Harbour" in masthead[0].text  # {{title}} on the front master
    target = tmp_path / "gazette.epd"
    window.files.save_to(target)
    assert load_edition(target) == edition


def test_the_new_dialog_says_what_is_wrong_in_place(qtbot, window):
    dialog = NewEditionDialog(list_templates(), "mm", window)
    qtbot.addWidget(dialog)
    ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
    assert ok.isEnabled()
    dialog.form.columns_spin.setValue(30)
    dialog.form.gutter_edit.clear()
    qtbot.keyClicks(dialog.form.gutter_edit, "20mm")
    assert not ok.isEnabled() and "gutter" in dialog.problem_label.text()
    dialog.form.gutter_edit.clear()
    qtbot.keyClicks(dialog.form.gutter_edit, "0 mm wide")
    assert "gutter:" in dialog.problem_label.text() and "not a length" in dialog.problem_label.text()
    dialog.form.gutter_edit.clear()
    qtbot.keyClicks(dialog.form.gutter_edit, "1p")
    dialog.form.columns_spin.setValue(5)
    assert ok.isEnabled()
    dialog.form.width_edit.clear()
    qtbot.keyClicks(dialog.form.width_edit, "0")
    assert not ok.isEnabled() and "width" in dialog.problem_label.text()


def test_document_setup_of_some_pages_is_one_undo_step(qtbot, window, monkeypatch):
    before = load_edition(window.document.path)

    def fill(dialog):
        dialog.some_pages.setChecked(True)
        dialog.range_edit.setText("2")
        dialog.form.top_edit.clear()
        qtbot.keyClicks(dialog.form.top_edit, "20mm")

    monkeypatch.setattr(DocumentSetupDialog, "exec", fill_and_accept(fill))
    assert file_actions.document_setup(window)
    edition = window.document.edition
    assert edition.pages[1].margins.top == pytest.approx(20 * 72 / 25.4)
    assert edition.pages[0].margins == before.pages[0].margins
    moved = edition.frame_by_id("interview-cont").rect.y - before.frame_by_id("interview-cont").rect.y
    assert moved == pytest.approx(20 * 72 / 25.4 - before.pages[1].margins.top)
    window.commands.trigger("edit.undo")
    assert window.document.edition == before


def test_document_setup_tells_what_falls_off_the_page(qtbot, window):
    dialog = DocumentSetupDialog(window.document.edition, "mm", 0, window)
    qtbot.addWidget(dialog)
    dialog.form.size_box.setCurrentIndex(dialog.form.size_box.findData("a4"))
    assert "Off the page afterwards" in dialog.effect_label.text()
    dialog.scale_box.setChecked(True)
    assert "Off the page" not in dialog.effect_label.text()
    dialog.some_pages.setChecked(True)
    assert "same size" in dialog.problem_label.text()


def select(editor, start, end):
    cursor = editor.galley.textCursor()
    cursor.setPosition(start)
    cursor.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
    editor.galley.setTextCursor(cursor)


def test_local_formatting_from_the_type_strip_and_clearing_it(qtbot, window):
    editor = window.docks.story_editor
    editor.open_story("soil", 0)
    story = window.document.edition.stories["soil"]
    body = story.text.index("\n") + 1
    select(editor, body, body + 20)
    strip = editor.type_strip
    strip.size_spin.setValue(12.0)
    strip.size_spin.editingFinished.emit()
    assert story.spans.get("local:size=12") == [(body, body + 20)]
    runs = [r for p in window.document.layout.pages for r in p.glyph_runs() if r.story_id == "soil" and r.start == body]
    assert runs and runs[0].size == 12
    strip.alignment_buttons["right"].click()
    assert story.paragraph_styles[1].endswith("+alignment=right")
    select(editor, body, body + 1)
    assert strip.size_spin.font().bold()  # the local value is shown as such
    select(editor, 0, len(story.text))
    window.commands.trigger("type.clear_overrides")
    assert not any(name.startswith("local:") for name in story.spans)
    assert "+" not in "".join(story.paragraph_styles)
    window.commands.trigger("edit.undo")
    assert story.paragraph_styles[1].endswith("+alignment=right")


def test_enter_after_a_headline_starts_the_next_style(qtbot, window):
    import dataclasses

    edition = window.document.edition
    edition.paragraph_styles["headline"] = dataclasses.replace(edition.paragraph_styles["headline"], next_style="body")
    editor = window.docks.story_editor
    story = edition.stories["lead"]
    index = story.paragraph_styles.index("headline")
    _, end_of_headline, _ = story.paragraphs()[index]
    following = story.paragraph_styles[index + 1]
    editor.open_story("lead", end_of_headline)
    qtbot.keyClick(editor.galley, Qt.Key.Key_Return)
    assert story.paragraph_styles[index : index + 3] == ["headline", "body", following]
    assert story.text[end_of_headline : end_of_headline + 2] == "\n\n"
    window.commands.trigger("edit.undo")
    assert story.paragraph_styles[index : index + 2] == ["headline", following]


def test_a_font_added_to_the_edition_and_taken_out(qtbot, window, tmp_path):
    face = next(f for f in installed_faces().values() if f.family == "Source Sans Pro" and f.weight == 400)
    copy = tmp_path / "MyHouseSans.ttf"
    shutil.copy(face.path, copy)
    assert text_actions.add_font(window, str(copy))
    assert [f.family for f in window.document.edition.fonts.values()] == ["Source Sans Pro"]
    assert not text_actions.add_font(window, str(copy))  # the same face twice is refused
    assert "in the edition already" in window.warnings[-1] or "already" in window.warnings[-1]
    bad = tmp_path / "broken.ttf"
    bad.write_bytes(b"not a font at all")
    assert not text_actions.add_font(window, str(bad))
    assert "broken.ttf" in window.warnings[-1]
    dialog = FontsDialog(window.document, window)
    qtbot.addWidget(dialog)
    assert dialog.added.rowCount() == 1
    dialog.added.setCurrentCell(0, 0)
    assert not dialog.remove_selected()  # the body style uses Source Sans Pro Regular
    assert "used by a style" in dialog.message.text()


def test_save_as_template_then_start_from_it(qtbot, window, monkeypatch):
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: ("Meridian house", True))
    assert file_actions.save_as_template(window)
    assert "Meridian house" in list_templates()

    def fill(dialog):
        dialog.template_box.setCurrentIndex(dialog.template_box.findData("Meridian house"))
        dialog.pages_spin.setValue(2)

    monkeypatch.setattr(NewEditionDialog, "exec", fill_and_accept(fill))
    window.document.undo_stack.setClean()
    assert file_actions.new_edition(window)
    edition = window.document.edition
    assert edition.pages[0].size_preset == "broadsheet" and edition.pages[0].margins == Margins()
    assert "qa-speaker" in edition.character_styles


def test_styles_panel_applies_to_the_story_editor_and_follows_the_cursor(qtbot, window):
    editor = window.docks.story_editor
    panel = window.docks.styles_panel
    story = window.document.edition.stories["lead"]
    editor.open_story("lead", 0)
    first = story.paragraph_styles.index("first")
    start, end, _ = story.paragraphs()[first]
    select(editor, start + 2, start + 2)
    qtbot.waitUntil(lambda: panel.paragraphs.item_of("body") is not None, timeout=3000)  # filled once up
    assert panel.current_style("paragraph") == "first"  # the panel shows the style at the cursor
    item = panel.paragraphs.item_of("body")
    rect = panel.paragraphs.tree.visualItemRect(item)
    panel.show()
    qtbot.mouseClick(panel.paragraphs.tree.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert story.paragraph_styles[first] == "body"
    select(editor, start, start + 5)
    panel.apply_character.emit("italic")
    assert (start, start + 5) in story.spans["italic"]
    window.commands.trigger("edit.undo")
    window.commands.trigger("edit.undo")
    assert story.paragraph_styles[first] == "first"
    assert (start, start + 5) not in story.spans.get("italic", [])
