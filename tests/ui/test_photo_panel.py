"""The photo panel and photos on the page: placing into a frame, crop and zoom, caption,
credit and alt text, captions that follow their photo, CMYK pictures."""

import pytest
from PIL import Image

from epaperdesk.ui.actions import file as file_actions


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


def test_deleting_a_photo_takes_its_caption_frame_but_keeps_the_story(qtbot, window):
    edition = window.document.edition
    caption = edition.caption_frame(edition.frame_by_id("lead-photo"))
    window.view.set_selection(["lead-photo"])
    window.view.delete_selection()
    ids = {f.id for _, f in edition.frames()}
    assert "lead-photo" not in ids and caption.id not in ids and "lead-caption" in edition.stories
    window.document.undo_stack.undo()
    assert {"lead-photo", caption.id} <= {f.id for _, f in edition.frames()}


def test_cmyk_jpeg_places_and_exports(qtbot, window, tmp_path):
    path = jpeg(tmp_path / "press.jpg", (800, 600), "CMYK", (0, 200, 255, 0))
    window.view.set_selection([])
    frame_id = file_actions.place_photo_file(window, str(path))
    asset = window.document.edition.images[window.document.edition.frame_by_id(frame_id).image]
    assert asset.media_type == "image/jpeg"
    from epaperdesk.export import export_pdf

    export_pdf(window.document.edition, tmp_path / "out.pdf")
    assert (tmp_path / "out.pdf").stat().st_size > 10000
