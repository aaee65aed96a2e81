"""What comes into the window from files: pictures dropped on the canvas (and bad files
reported), copy imported from a Word file into a new story."""

import docx
from PIL import Image
from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDropEvent

from epaperdesk.model.frames import ImageFrame
from epaperdesk.ui.actions import file as file_actions


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


def test_import_a_word_file_into_a_new_story(qtbot, window, tmp_path, monkeypatch):
    document = docx.Document()
    document.add_heading("Wire story headline", level=1)
    paragraph = document.add_paragraph("Body with ")
    paragraph.add_run("bold").bold = True
    paragraph.add_run(" words.")
    path = tmp_path / "wire.docx"
    document.save(path)
    into_a_new_story(monkeypatch)
    assert file_actions.import_copy(window, str(path))
    story = window.document.edition.stories[window.docks.story_editor.story_id]
    assert story.text == "Wire story headline\nBody with bold words."
    assert story.paragraph_styles == ["headline", "first"]
    assert story.spans == {"bold": [(30, 34)]}
    window.document.undo_stack.undo()
    assert story.id not in window.document.edition.stories


def test_copy_pasted_from_a_pdf_is_noticed_at_import(qtbot, window, tmp_path, monkeypatch):
    path = tmp_path / "wire.txt"
    path.write_text("Talks on the new coop-\neration went on into the night.\n", encoding="utf-8")
    into_a_new_story(monkeypatch)
    assert file_actions.import_copy(window, str(path))
    said = window.statusBar().currentMessage()
    assert "broken as copy from a PDF keeps them" in said and "Copy" in said
    panel = window.docks.proof_panel
    assert any("cooperation" in problem.message for problem in panel.copy_problems)


def into_a_new_story(monkeypatch):
    """The Import Copy dialog answered: into a new story, with the mapping it shows."""
    from epaperdesk.ui import import_dialog

    def run(dialog):
        dialog.new_button.setChecked(True)
        dialog._accept()
        return True

    monkeypatch.setattr(import_dialog.ImportDialog, "exec", run)
