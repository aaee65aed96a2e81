"""The story editor as a sub-editor uses it: typing reflows the page, undo and redo run
through the document, formatting, styles, find/replace, Fit, the selection shown on the page."""

from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QTextCursor


def story_lines(window, story_id):
    return sum(1 for page in window.document.layout.pages for r in page.lines if r.story_id == story_id)


def put_cursor(editor, position, end=None):
    cursor = editor.galley.textCursor()
    cursor.setPosition(position)
    if end is not None:
        cursor.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
    editor.galley.setTextCursor(cursor)


SENTENCE = " Observers on three continents will repeat the survey next winter with a wider camera."


def test_typing_changes_the_model_and_reflows_the_page(qtbot, window):
    window.view.set_selection(["lead-body-1"])
    editor = window.docks.story_editor
    assert editor.story_id == "lead"
    story = window.document.edition.stories["lead"]
    lines = story_lines(window, "lead")
    end_of_first_body = story.text.index("\n", story.text.index("Twelve months"))
    put_cursor(editor, end_of_first_body)
    editor.galley.setFocus()
    qtbot.keyClicks(editor.galley, SENTENCE)
    assert story.text[end_of_first_body : end_of_first_body + len(SENTENCE)] == SENTENCE
    assert editor.galley.toPlainText().replace("\u2029", "\n") == story.text
    assert story_lines(window, "lead") > lines  # the columns reflowed
    assert "words" in editor.copyfit_label.text()


def test_undo_and_redo_through_the_editor(qtbot, window):
    window.view.set_selection(["lead-body-1"])
    editor = window.docks.story_editor
    story = window.document.edition.stories["lead"]
    original = story.text
    put_cursor(editor, 0)
    editor.galley.setFocus()
    qtbot.keyClicks(editor.galley, "NEW ")
    qtbot.keyClick(editor.galley, Qt.Key.Key_Backspace)
    assert story.text == "NEW" + original
    assert window.document.undo_stack.count() == 1  # typing merges into one step
    qtbot.keyClick(editor.galley, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert story.text == original and editor.galley.toPlainText().replace("\u2029", "\n") == original
    qtbot.keyClick(editor.galley, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert story.text == "NEW" + original and editor.galley.toPlainText().startswith("NEW")


def test_enter_makes_a_paragraph_with_the_same_style_and_delete_joins(qtbot, window):
    window.view.set_selection(["lead-body-1"])
    editor = window.docks.story_editor
    story = window.document.edition.stories["lead"]
    count = len(story.paragraph_styles)
    position = story.text.index("Twelve months") + len("Twelve")
    put_cursor(editor, position)
    editor.galley.setFocus()
    qtbot.keyClick(editor.galley, Qt.Key.Key_Return)
    assert len(story.paragraph_styles) == count + 1 and story.text[position] == "\n"
    assert story.paragraph_styles[story.paragraph_index_at(position)] == "first"
    qtbot.keyClick(editor.galley, Qt.Key.Key_Backspace)
    assert len(story.paragraph_styles) == count and "Twelve months" in story.text


def test_bold_italic_small_caps_and_paragraph_style(qtbot, window):
    window.view.set_selection(["lead-body-1"])
    editor = window.docks.story_editor
    story = window.document.edition.stories["lead"]
    start = story.text.index("Twelve")
    put_cursor(editor, start, start + 6)
    editor.galley.setFocus()
    qtbot.keyClick(editor.galley, Qt.Key.Key_B, Qt.KeyboardModifier.ControlModifier)  # the shortcut, from the galley
    assert (start, start + 6) in story.spans["bold"]
    window.commands.trigger("type.italic")
    assert story.styles_at(start) == {"bold", "italic"}
    window.commands.trigger("type.bold")
    assert story.styles_at(start) == {"italic"}
    window.commands.trigger("type.small_caps")
    assert "small-caps" in story.styles_at(start + 2)
    # typing after turning bold on with no selection types bold
    put_cursor(editor, start)
    editor.toggle_character_style("bold")
    qtbot.keyClicks(editor.galley, "Now")
    assert story.text[start : start + 3] == "Now" and "bold" in story.styles_at(start + 1)
    editor.set_paragraph_style("deck")
    assert story.paragraph_styles[story.paragraph_index_at(start)] == "deck"
    assert editor.style_box.currentText() == "deck"


def test_find_and_replace_in_story_and_edition(qtbot, window):
    window.view.set_selection(["lead-body-1"])
    editor = window.docks.story_editor
    edition = window.document.edition
    window.commands.trigger("edit.find")
    assert editor.find_bar.isVisible()
    editor.find_edit.setText("Kestrel")
    assert editor.find_next()
    start, end = editor.selection()
    assert edition.stories[editor.story_id].text[start:end] == "Kestrel"
    editor.replace_edit.setText("Falcon")
    editor.scope_box.setCurrentIndex(1)
    total = sum(s.text.count("Kestrel") for s in edition.stories.values())
    editor.replace_everywhere()
    assert sum(s.text.count("Falcon") for s in edition.stories.values()) >= total > 0
    assert not any("Kestrel" in s.text for s in edition.stories.values())
    window.document.undo_stack.undo()
    assert sum(s.text.count("Kestrel") for s in edition.stories.values()) == total
    editor.regex_box.setChecked(True)
    editor.find_edit.setText("(")
    editor.replace_everywhere()
    assert "not valid" in editor.find_status.text()


def test_fit_brings_an_overset_story_in(qtbot, window):
    edition = window.document.edition
    frame = edition.frame_by_id("soil-body")
    from epaperdesk.model.edits import resize_frame

    window.document.push(resize_frame(edition, "soil-body", frame.rect.width, frame.rect.height - 20))
    window.view.set_selection(["soil-body"])
    editor = window.docks.story_editor
    assert editor.story_id == "soil" and "over" in editor.copyfit_label.text()
    window.commands.trigger("type.fit")
    assert window.document.layout.stories["soil"].overset_lines == 0
    assert "fitted" in editor.copyfit_label.text() and editor.unfit_button.isEnabled()
    window.document.undo_stack.undo()
    assert window.document.layout.stories["soil"].overset_lines > 0


def test_editor_selection_is_highlighted_and_double_click_opens_the_editor(qtbot, window):
    view = window.view
    window.view.set_selection(["lead-body-1"])
    editor = window.docks.story_editor
    story = window.document.edition.stories["lead"]
    start = story.text.index("Twelve")
    put_cursor(editor, start, start + 6)
    assert view.text_highlight == ("lead", start, start + 6)
    # double-click on a word of the soil story on the canvas
    display = window.document.layout.pages[0]
    run = next(r for r in display.glyph_runs() if r.story_id == "soil" and len(r.text) >= 8 and r.size < 12)
    view.set_zoom(2.0)
    scene = view.scene_.page_origin(0) + QPointF(run.x + 2.5, run.baseline - 2)
    view.centerOn(scene)
    qtbot.mouseDClick(view.viewport(), Qt.MouseButton.LeftButton, pos=view.mapFromScene(scene))
    assert editor.story_id == "soil"
    assert abs(editor.galley.textCursor().position() - run.start) <= 2
