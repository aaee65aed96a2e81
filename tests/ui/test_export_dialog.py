"""File → Export PDF's options dialog, driven as a user drives it: what it asks for turns into
the PdfOptions the command line would make, what is wrong is said in place (OK disabled), the
choices come back next time, and the options really export."""

import pikepdf
import pytest
from PIL import ImageCms
from PySide6.QtCore import QPoint, QSettings, Qt
from PySide6.QtGui import QStandardItemModel
from PySide6.QtWidgets import QFileDialog

from epaperdesk.export import export_pdf
from epaperdesk.geometry import mm
from epaperdesk.io.epd import load_edition
from epaperdesk.ui.export_dialog import ExportDialog


@pytest.fixture
def edition(sample_path):
    return load_edition(sample_path)


@pytest.fixture
def make_dialog(qtbot, edition, tmp_path):
    def make(profile_options=None, unit="mm"):
        dialog = ExportDialog(edition, unit, profile_options or {}, folder=str(tmp_path))
        qtbot.addWidget(dialog)
        dialog.show()
        qtbot.waitExposed(dialog)
        return dialog

    return make


def retype(qtbot, field, text):
    """Select what the field holds and type over it, as a user does."""
    field.setFocus()
    field.selectAll()
    qtbot.keyClick(field, Qt.Key.Key_Backspace)
    qtbot.keyClicks(field, text)


def pick(qtbot, combo, text):
    """Open a drop-down list and click one of its entries (a disabled one does not take)."""
    combo.showPopup()
    view = combo.view()
    qtbot.waitUntil(view.isVisible)
    row = combo.findText(text)
    assert row >= 0, text
    index = view.model().index(row, combo.modelColumn())
    view.scrollTo(index)
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=view.visualRect(index).center())
    if view.isVisible():  # a click on a disabled entry leaves the list open
        combo.hidePopup()


def tick(qtbot, box):
    """Click a check box on its box."""
    qtbot.mouseClick(box, Qt.MouseButton.LeftButton, pos=QPoint(8, box.height() // 2))


def test_the_options_asked_for_are_the_options_made(qtbot, make_dialog, tmp_path):
    dialog = make_dialog({"ink_limit": 240.0})
    assert dialog.output_path() == str(tmp_path / "meridian-2026-11-26.pdf")
    defaults = dialog.options()
    assert defaults is not None and dialog.ok_button.isEnabled()
    assert (defaults.pages, defaults.bleed, defaults.marks, defaults.colour, defaults.pdfx) == (
        None,
        None,
        True,
        "cmyk",
        "none",
    )
    assert defaults.ink_limit == 240.0  # the preflight profile's, passed through
    assert "240 %" in dialog.profile_note.text()

    qtbot.keyClicks(dialog.range_edit, "2")
    assert dialog.some_pages.isChecked()  # typing a range chooses it
    retype(qtbot, dialog.bleed_edit, "5mm")
    tick(qtbot, dialog.marks_box)
    pick(qtbot, dialog.colour_box, "Grey")
    pick(qtbot, dialog.pdfx_box, "PDF/X-4")
    assert (dialog.colour_box.currentText(), dialog.pdfx_box.currentText()) == ("Grey", "PDF/X-4")
    options = dialog.options()
    assert options is not None and dialog.ok_button.isEnabled() and dialog.problems() == []
    assert options.pages == (2,)
    assert options.bleed == pytest.approx(mm(5))
    assert options.marks is False
    assert (options.colour, options.pdfx, options.split) == ("gray", "x4", False)
    assert options.ink_limit == 240.0 and options.icc_profile is None
    assert dialog.jobs() == 1 and not dialog.jobs_spin.isEnabled()


def test_pages_the_edition_lacks_are_a_problem_in_place(qtbot, make_dialog):
    dialog = make_dialog()
    qtbot.keyClicks(dialog.range_edit, "1,9")
    assert dialog.options() is None and not dialog.ok_button.isEnabled()
    assert dialog.pages_problem.isVisible()
    assert dialog.pages_problem.text() == "Pages: the edition has 2 pages, not 9"
    retype(qtbot, dialog.range_edit, "3-1")
    assert "not a valid range" in dialog.pages_problem.text() and not dialog.ok_button.isEnabled()
    retype(qtbot, dialog.range_edit, "1-2")
    assert dialog.options().pages == (1, 2) and dialog.ok_button.isEnabled()
    assert not dialog.pages_problem.isVisible()
    retype(qtbot, dialog.range_edit, "x")
    qtbot.mouseClick(dialog.all_pages, Qt.MouseButton.LeftButton, pos=dialog.all_pages.rect().center())
    assert dialog.options().pages is None and dialog.ok_button.isEnabled()  # the range no longer counts


def test_bleed_beyond_ten_millimetres_is_a_problem(qtbot, make_dialog):
    dialog = make_dialog(unit="pica")
    assert dialog.bleed_edit.text() == "0p8.5"  # the page's 3 mm, in the user's unit
    retype(qtbot, dialog.bleed_edit, "12mm")
    assert dialog.options() is None and not dialog.ok_button.isEnabled()
    assert dialog.bleed_problem.text().startswith("Bleed: at most")
    retype(qtbot, dialog.bleed_edit, "1p")
    assert dialog.options().bleed == pytest.approx(12)
    dialog.bleed_edit.clear()  # empty: each page's own bleed
    assert dialog.options() is not None and dialog.options().bleed is None


def test_pdfx_1a_with_rgb_is_a_problem_and_rgb_cannot_be_picked_again(qtbot, make_dialog):
    dialog = make_dialog()
    pick(qtbot, dialog.colour_box, "RGB")
    assert not dialog.icc_edit.isEnabled() and "Not used for RGB" in dialog.icc_note.text()
    pick(qtbot, dialog.pdfx_box, "PDF/X-1a")
    assert dialog.options() is None and not dialog.ok_button.isEnabled()
    assert dialog.pdfx_problem.text() == "PDF/X-1a needs CMYK output, not RGB: choose CMYK under Colour"
    assert "CMYK only" in dialog.pdfx_note.text()
    model = dialog.colour_box.model()
    assert isinstance(model, QStandardItemModel)
    enabled = {model.item(row).text(): model.item(row).isEnabled() for row in range(model.rowCount())}
    assert enabled == {"CMYK": True, "Grey": False, "RGB": False}
    pick(qtbot, dialog.colour_box, "Grey")  # disabled: the click does not take
    assert dialog.colour_box.currentText() == "RGB"
    pick(qtbot, dialog.colour_box, "CMYK")
    assert dialog.colour_box.currentText() == "CMYK"
    assert dialog.options().pdfx == "x1a" and dialog.ok_button.isEnabled()
    assert not dialog.pdfx_problem.isVisible()
    pick(qtbot, dialog.pdfx_box, "PDF/X-4")  # grey goes with PDF/X-4, RGB does not
    enabled = {model.item(row).text(): model.item(row).isEnabled() for row in range(model.rowCount())}
    assert enabled == {"CMYK": True, "Grey": True, "RGB": False}


def test_the_output_file_and_one_file_per_page(qtbot, make_dialog, tmp_path, monkeypatch):
    dialog = make_dialog()
    asked = []

    def save_file_name(parent, caption, folder, filter):
        asked.append((caption, folder, filter))
        return str(tmp_path / "front"), filter

    monkeypatch.setattr(QFileDialog, "getSaveFileName", save_file_name)
    qtbot.mouseClick(dialog.browse_button, Qt.MouseButton.LeftButton)
    assert asked and asked[0][2] == "PDF (*.pdf)"
    assert dialog.output_path() == str(tmp_path / "front.pdf") and "Written as front.pdf" in dialog.path_note.text()
    tick(qtbot, dialog.split_box)
    assert dialog.options().split and dialog.jobs_spin.isEnabled()
    assert "“-%d” is added (front-1.pdf" in dialog.path_note.text()
    retype(qtbot, dialog.path_edit, str(tmp_path / "page-%d-proof.pdf"))
    assert "%d becomes the page number (page-1-proof.pdf" in dialog.path_note.text()
    tick(qtbot, dialog.split_box)
    assert dialog.options() is None and "%d in the name is for one file per page" in dialog.path_problem.text()
    assert not dialog.jobs_spin.isEnabled() and dialog.jobs() == 1
    retype(qtbot, dialog.path_edit, str(tmp_path / "front-%d.pdf"))
    tick(qtbot, dialog.split_box)
    assert dialog.output_path() == str(tmp_path / "front-%d.pdf") and dialog.options().split
    tick(qtbot, dialog.split_box)  # the "-%d" ending the name goes with one file per page
    assert dialog.output_path() == str(tmp_path / "front.pdf") and dialog.options() is not None
    retype(qtbot, dialog.path_edit, str(tmp_path / "missing" / "out.pdf"))
    assert dialog.options() is None and "does not exist" in dialog.path_problem.text()
    dialog.path_edit.clear()
    assert dialog.options() is None and dialog.path_problem.text() == "Choose the PDF to write"
    (tmp_path / "old.pdf").write_bytes(b"%PDF-1.4\n")
    qtbot.keyClicks(dialog.path_edit, str(tmp_path / "old.pdf"))
    assert dialog.options() is not None and "will be replaced" in dialog.path_note.text()


def test_the_icc_profile_is_checked_when_chosen(qtbot, make_dialog, tmp_path, monkeypatch):
    dialog = make_dialog()
    qtbot.keyClicks(dialog.icc_edit, str(tmp_path / "nothing.icc"))
    assert dialog.options() is None and dialog.icc_problem.text() == "ICC profile: nothing.icc is not a file"
    (tmp_path / "broken.icc").write_bytes(b"not a profile")
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *args: (str(tmp_path / "broken.icc"), ""))
    qtbot.mouseClick(dialog.icc_browse, Qt.MouseButton.LeftButton)
    assert dialog.options() is None and "broken.icc is not a usable ICC profile" in dialog.icc_problem.text()
    srgb = tmp_path / "srgb.icc"
    srgb.write_bytes(ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes())
    retype(qtbot, dialog.icc_edit, str(srgb))
    assert "is a display profile, not a printing condition's output profile" in dialog.icc_problem.text()
    pick(qtbot, dialog.colour_box, "RGB")  # without PDF/X an RGB export uses no profile: no problem
    assert dialog.options() is not None and dialog.options().icc_profile is None
    assert not dialog.icc_problem.isVisible()


def test_a_profile_option_that_cannot_be_used_is_said_in_words(make_dialog):
    dialog = make_dialog({"ink_limit": 50.0})
    assert dialog.options() is None and not dialog.ok_button.isEnabled()
    assert "total ink limit 50 % is outside 100–400 %" in dialog.options_problem.text()


def test_the_choices_are_remembered_for_the_next_export(qtbot, make_dialog, tmp_path):
    first = make_dialog()
    (tmp_path / "exports").mkdir()
    retype(qtbot, first.path_edit, str(tmp_path / "exports" / "mine.pdf"))
    qtbot.keyClicks(first.range_edit, "2")
    retype(qtbot, first.bleed_edit, "5mm")
    tick(qtbot, first.marks_box)
    pick(qtbot, first.colour_box, "Grey")
    pick(qtbot, first.pdfx_box, "PDF/X-4")
    tick(qtbot, first.split_box)
    first.jobs_spin.setValue(first.jobs_spin.maximum())
    chosen = first.options()
    qtbot.mouseClick(first.ok_button, Qt.MouseButton.LeftButton)
    assert first.result() == first.DialogCode.Accepted

    second = make_dialog()
    assert second.options() == chosen
    assert second.some_pages.isChecked() and second.range_edit.text() == "2"
    assert second.bleed_edit.text() == "5 mm" and not second.marks_box.isChecked()
    assert (second.colour_box.currentText(), second.pdfx_box.currentText()) == ("Grey", "PDF/X-4")
    assert second.split_box.isChecked() and second.jobs() == first.jobs_spin.maximum()
    # the folder is remembered; the name is the edition's, numbered for one file per page
    assert second.output_path() == str(tmp_path / "exports" / "meridian-2026-11-26-%d.pdf")


def test_cancel_forgets_and_a_range_that_does_not_fit_falls_back_to_all(qtbot, make_dialog):
    first = make_dialog()
    pick(qtbot, first.colour_box, "RGB")
    first.reject()
    assert make_dialog().colour_box.currentText() == "CMYK"
    settings = QSettings("EpaperDesk", "EpaperDesk")
    settings.setValue("export/all_pages", "false")  # as an INI file hands them back: strings
    settings.setValue("export/pages", "3-9")
    settings.setValue("export/bleed", "not a number")
    settings.setValue("export/colour", "purple")
    dialog = make_dialog()
    assert dialog.all_pages.isChecked() and dialog.range_edit.text() == "3-9"
    assert dialog.bleed_edit.text() == "3 mm" and dialog.colour_box.currentText() == "CMYK"
    assert dialog.options() is not None


def test_the_dialogs_options_export(qtbot, make_dialog, edition, tmp_path):
    dialog = make_dialog({"ink_limit": 240.0})
    retype(qtbot, dialog.path_edit, str(tmp_path / "page2.pdf"))
    qtbot.keyClicks(dialog.range_edit, "2")
    retype(qtbot, dialog.bleed_edit, "5mm")
    tick(qtbot, dialog.marks_box)
    pick(qtbot, dialog.colour_box, "Grey")
    pick(qtbot, dialog.pdfx_box, "PDF/X-4")
    written = export_pdf(edition, dialog.output_path(), dialog.options(), jobs=dialog.jobs())
    assert written == [tmp_path / "page2.pdf"]
    with pikepdf.open(written[0]) as pdf:
        assert len(pdf.pages) == 1
        assert str(pdf.docinfo["/GTS_PDFXVersion"]) == "PDF/X-4"
        trim = [float(v) for v in pdf.pages[0].TrimBox]
        bleed = [float(v) for v in pdf.pages[0].BleedBox]
        assert trim[0] - bleed[0] == pytest.approx(mm(5), abs=0.01)  # no marks: the bleed is the edge

    retype(qtbot, dialog.range_edit, "1-2")
    tick(qtbot, dialog.split_box)
    retype(qtbot, dialog.path_edit, str(tmp_path / "split.pdf"))
    written = export_pdf(edition, dialog.output_path(), dialog.options(), jobs=dialog.jobs())
    assert written == [tmp_path / "split-1.pdf", tmp_path / "split-2.pdf"]
    for path in written:
        with pikepdf.open(path) as pdf:
            assert len(pdf.pages) == 1
