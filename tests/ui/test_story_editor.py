"""The story editor and photo panel as a sub-editor uses them: typing reflows the page,
undo and redo run through the document, formatting, styles, find/replace, Fit, photos
placed and captioned, files dropped, copy imported."""

import docx
import pytest
from PIL import Image
from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDropEvent, QTextCursor

from epaperdesk.model.frames import ImageFrame
from epaperdesk.ui.actions import file as file_actions


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


def jpeg(path, size=(1600, 1000), mode="RGB", colour="orange", **options):
    Image.new(mode, size, colour).save(path, "JPEG", **options)
    return path


def test_place_crop_and_caption_a_photo(qtbot, window, tmp_path):
    view = window.view
    view.set_selection(["soil-photo"])
    frame_id = file_actions.place_photo_file(window, str(jpeg(tmp_path / "new.jpg", dpi=(300, 300))))
    assert frame_id == "soil-photo"
    frame = window.document.edition.frame_by_id("soil-photo")
    asset = window.document.edition.images[frame.image]
    assert (asset.width, asset.height) == (1600, 1000)
    panel = window.docks.photo_panel
    assert panel.frame_id == "soil-photo"
    ppi = panel.effective_ppi()
    assert ppi == pytest.approx(1600 / (max(frame.rect.width / 1600, frame.rect.height / 1000) * 1600 / 72), rel=1e-3)
    panel.zoom_box.setValue(200)
    panel._zoom_chosen()
    assert frame.scale == 2.0 and panel.effective_ppi() == pytest.approx(ppi / 2, rel=1e-3)
    view.content_mode = True
    view.pan_image(10, -5)
    assert (frame.crop_x, frame.crop_y) == (10, -5)
    panel.caption_edit.setPlainText("Roots under the lens.")
    qtbot.keyClicks(panel.credit_edit, "x")  # the user types: the panel commits what it shows
    panel.credit_edit.setText("Okonkwo Lab")
    panel._commit_caption()
    story = window.document.edition.caption_of(frame)
    assert story.text == "Roots under the lens.\n(PHOTO: OKONKWO LAB)"
    qtbot.keyClicks(panel.alt_edit, "x")
    panel.alt_edit.setText("Green glowing threads on a root")
    panel._commit_alt()
    assert frame.alt_text == "Green glowing threads on a root"


def test_caption_frame_moves_with_its_photo(qtbot, window):
    view = window.view
    edition = window.document.edition
    caption = edition.caption_frame(edition.frame_by_id("lead-photo"))
    before = caption.rect
    view.set_selection(["lead-photo"])
    view.nudge(5, 7)
    assert caption.rect == before.moved(5, 7)


def test_dropping_pictures_places_them_and_reports_bad_files(qtbot, window, tmp_path):
    view = window.view
    image = Image.new("RGB", (300, 600), "white")
    exif = Image.Exif()
    exif[0x0112] = 8
    good = tmp_path / "turned.jpg"
    image.save(good, "JPEG", exif=exif)
    bad = tmp_path / "broken.png"
    bad.write_bytes(b"\x89PNG\r\n\x1a\n garbage")
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(good)), QUrl.fromLocalFile(str(bad))])
    view.set_zoom(0.5)
    view.centerOn(view.scene_.page_rect(0).center())
    target = view.mapFromScene(view.scene_.page_origin(0) + QPointF(60, 1300))
    event = QDropEvent(
        QPointF(target), Qt.DropAction.CopyAction, mime, Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier
    )
    view.dropEvent(event)
    placed = [f for _, f in window.document.edition.frames() if isinstance(f, ImageFrame) and f.id.startswith("photo")]
    assert len(placed) == 1
    asset = window.document.edition.images[placed[0].image]
    assert (asset.width, asset.height) == (600, 300)  # EXIF 8: turned a quarter
    assert placed[0].rect.width > placed[0].rect.height
    assert window.warnings and "broken.png" in window.warnings[0]


def test_cmyk_jpeg_places_and_exports(qtbot, window, tmp_path):
    path = jpeg(tmp_path / "press.jpg", (800, 600), "CMYK", (0, 200, 255, 0))
    window.view.set_selection([])
    frame_id = file_actions.place_photo_file(window, str(path))
    asset = window.document.edition.images[window.document.edition.frame_by_id(frame_id).image]
    assert asset.media_type == "image/jpeg"
    from epaperdesk.export import export_pdf

    export_pdf(window.document.edition, tmp_path / "out.pdf")
    assert (tmp_path / "out.pdf").stat().st_size > 10000


def test_import_a_word_file_into_a_new_story(qtbot, window, tmp_path, monkeypatch):
    document = docx.Document()
    document.add_heading("Wire story headline", level=1)
    paragraph = document.add_paragraph("Body with ")
    paragraph.add_run("bold").bold = True
    paragraph.add_run(" words.")
    path = tmp_path / "wire.docx"
    document.save(path)
    from epaperdesk.ui import import_dialog

    def run(dialog):
        dialog.new_button.setChecked(True)
        dialog._accept()
        return True

    monkeypatch.setattr(import_dialog.ImportDialog, "exec", run)
    assert file_actions.import_copy(window, str(path))
    story = window.document.edition.stories[window.docks.story_editor.story_id]
    assert story.text == "Wire story headline\nBody with bold words."
    assert story.paragraph_styles == ["headline", "first"]
    assert story.spans == {"bold": [(30, 34)]}
    window.document.undo_stack.undo()
    assert story.id not in window.document.edition.stories


def test_deleting_a_photo_takes_its_caption_frame_but_keeps_the_story(qtbot, window):
    edition = window.document.edition
    caption = edition.caption_frame(edition.frame_by_id("lead-photo"))
    window.view.set_selection(["lead-photo"])
    window.view.delete_selection()
    ids = {f.id for _, f in edition.frames()}
    assert "lead-photo" not in ids and caption.id not in ids and "lead-caption" in edition.stories
    window.document.undo_stack.undo()
    assert {"lead-photo", caption.id} <= {f.id for _, f in edition.frames()}


def test_no_two_commands_share_a_key(window):
    from collections import Counter

    from PySide6.QtGui import QAction

    keys = Counter(k.toString() for a in window.findChildren(QAction) for k in a.shortcuts() if not k.isEmpty())
    assert [k for k, n in keys.items() if n > 1] == []


def test_a_keystroke_relays_out_only_its_pages_and_equals_a_full_layout(qtbot, window):
    from epaperdesk.model.edits import splice_text
    from epaperdesk.typeset.displaylist import dump_display_list
    from epaperdesk.typeset.layout import Typesetter

    document = window.document
    page2_before = document.layout.pages[1]
    for story_id, position in (("lead", 40), ("interview", 5000), ("soil", 10)):
        document.push(splice_text(document.edition, story_id, position, 0, "extra words here "), typing=True)
        fresh = Typesetter().layout(document.edition)
        for ours, full in zip(document.layout.pages, fresh.pages):
            assert dump_display_list(ours) == dump_display_list(full)
        assert {k: v.copyfit for k, v in document.layout.stories.items()} == {
            k: v.copyfit for k, v in fresh.stories.items()
        }
        if story_id == "lead":
            assert document.layout.pages[1] is page2_before  # page 2 was not drawn again
