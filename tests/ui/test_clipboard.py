"""Cut, copy, paste, paste in place and Step and Repeat in the window, through the system
clipboard: what lands on the page and in the layout, what other programs get (PNG, PDF),
pasting into another edition, refusing what is not ours, and undo."""

from __future__ import annotations

import copy
import datetime
import io
import shutil

import pikepdf
import pypdfium2
import pytest
from PIL import Image
from PySide6.QtCore import QMimeData
from PySide6.QtWidgets import QApplication, QDialogButtonBox

from epaperdesk.model.new_edition import EditionSetup, default_geometry, new_edition
from epaperdesk.model.validate import find_problems
from epaperdesk.ui import clipboard
from epaperdesk.ui.clipboard import (
    FRAMES_MIME,
    PDF_MIME,
    PNG_MIME,
    StepAndRepeatDialog,
    copy_selection,
    cut_selection,
    paste,
    step_and_repeat,
)
from epaperdesk.ui.document import Document
from epaperdesk.ui.main_window import MainWindow
from tests.ui.conftest import release

LEAD = ["lead-head", "lead-body-1", "lead-body-2"]


def message(window) -> str:
    return window.statusBar().currentMessage()


def text_of(document, frame_ids, page_index=0) -> str:
    """What the layout sets in the frames, in order."""
    runs = document.layout.pages[page_index].glyph_runs()
    return "".join(run.text for frame_id in frame_ids for run in runs if run.frame_id == frame_id)


def copied(window, frame_ids) -> None:
    window.view.set_selection(frame_ids)
    assert window.view.selected == frame_ids
    assert copy_selection(window)


def put_on_clipboard(formats: dict[str, bytes]) -> None:
    mime = QMimeData()
    for name, data in formats.items():
        mime.setData(name, data)
    QApplication.clipboard().setMimeData(mime)


@pytest.fixture
def other_window(qtbot, tmp_path):
    """A second window, on a new edition with no styles but "body" (another tabloid)."""
    setup = EditionSetup(default_geometry("tabloid"), pages=2, title="Other", date=datetime.date(2026, 5, 1))
    window = MainWindow(Document(new_edition(setup)))
    window.resize(1200, 900)
    window.show()
    qtbot.waitExposed(window)
    yield window
    window.document.undo_stack.setClean()
    window.close()
    release(window)


def test_copy_and_paste_the_lead_story(window):
    document = window.document
    before = text_of(document, LEAD)
    assert before
    copied(window, LEAD)
    assert "Copied 3 frames" in message(window)
    ids = paste(window)
    assert ids == ["lead-head-2", "lead-body-3", "lead-body-4"]
    assert window.view.selected == ids
    edition = document.edition
    assert find_problems(edition) == []
    head = edition.frame_by_id("lead-head-2")
    assert head.story_id not in (None, "lead")
    assert edition.stories[head.story_id].text == edition.stories["lead"].text
    assert head.rect == edition.frame_by_id("lead-head").rect.moved(12, 12)
    assert text_of(document, ids) == before  # the same text, set the same way, in the copies
    assert document.undo_stack.undoText() == "Paste"


def test_paste_in_place_keeps_positions_and_pasting_again_steps_on(window):
    copied(window, ["lead-photo"])
    edition = window.document.edition
    ids = paste(window, in_place=True)
    assert [edition.frame_by_id(i).rect for i in ids] == [
        edition.frame_by_id(i).rect for i in ("lead-photo", "lead-caption")
    ]
    assert window.document.undo_stack.undoText() == "Paste in Place"
    first = paste(window)
    second = paste(window)
    photo = edition.frame_by_id("lead-photo").rect
    assert edition.frame_by_id(first[0]).rect == photo.moved(12, 12)
    assert edition.frame_by_id(second[0]).rect == photo.moved(24, 24)  # not on top of the first paste


def test_the_clipboard_holds_a_picture_and_a_pdf_for_other_programs(window):
    copied(window, LEAD)
    mime = QApplication.clipboard().mimeData()
    assert {FRAMES_MIME, PNG_MIME, PDF_MIME} <= set(mime.formats())
    edition = window.document.edition
    rects = [edition.frame_by_id(i).rect for i in LEAD]
    left, top = min(r.left for r in rects), min(r.top for r in rects)
    width, height = max(r.right for r in rects) - left, max(r.bottom for r in rects) - top

    picture = Image.open(io.BytesIO(bytes(mime.data(PNG_MIME).data())))
    picture.load()
    assert picture.format == "PNG"
    assert picture.size == pytest.approx((width * 150 / 72, height * 150 / 72), abs=1.5)
    grey = picture.convert("L")
    assert grey.getextrema()[0] < 80  # type is drawn
    assert grey.getpixel((picture.width // 2, picture.height * 2 // 5)) > 240  # on white (where the photo was)

    data = bytes(mime.data(PDF_MIME).data())
    with pikepdf.open(io.BytesIO(data)) as pdf:
        assert len(pdf.pages) == 1
        box = [float(v) for v in pdf.pages[0].mediabox]
        assert box[2] - box[0] == pytest.approx(width, abs=0.01)
        assert box[3] - box[1] == pytest.approx(height, abs=0.01)
        assert "/OutputIntents" not in pdf.Root  # plain RGB, no PDF/X
    document = pypdfium2.PdfDocument(data)
    try:
        text = document[0].get_textpage().get_text_range()
    finally:
        document.close()
    headline = edition.stories["lead"].text.split("\n")[1]
    assert headline.split()[0] in text


def test_paste_into_another_window_brings_story_images_and_styles(window, other_window):
    copied(window, [*LEAD, "lead-photo"])
    source = window.document.edition
    other = other_window.document.edition
    assert "kicker" not in other.paragraph_styles and not other.images
    ids = paste(other_window)
    assert ids and other_window.view.selected == ids
    assert find_problems(other) == []
    head = other.frame_by_id(ids[0])
    assert other.stories[head.story_id].text == source.stories["lead"].text
    photo = other.frame_by_id(next(i for i in ids if other.frame_by_id(i).kind == "image"))
    assert other.images[photo.image] == source.images[photo.image]
    assert {"kicker", "headline", "deck", "byline", "caption", "credit"} <= set(other.paragraph_styles)
    assert "Meridian Blue" in other.swatches
    assert "“body”" in message(other_window)  # the new edition's own body style stays, and it says so
    runs = other_window.document.layout.pages[0].glyph_runs()
    assert any(run.frame_id == head.id for run in runs)
    other_window.document.undo_stack.undo()
    assert "kicker" not in other.paragraph_styles and not other.images and not other.stories


def test_a_second_copy_of_the_sample_gets_the_frames_of_the_first(window, qtbot, tmp_path, sample_path):
    path = tmp_path / "second.epd"
    shutil.copy(sample_path, path)
    second = MainWindow(Document.open(path))
    second.show()
    try:
        copied(window, ["soil-photo"])
        second.view.go_to_page(0)
        ids = paste(second, in_place=True)
        assert ids == ["soil-photo-2", "soil-caption-2"]
        edition = second.document.edition
        assert len(edition.images) == len(window.document.edition.images)  # the photo was there already
        assert message(second) == "Pasted 2 frames."
    finally:
        second.document.undo_stack.setClean()
        second.close()
        release(second)


@pytest.mark.parametrize(
    ("formats", "said"),
    [
        ({FRAMES_MIME: b"garbage"}, "not an EpaperDesk edition"),
        ({FRAMES_MIME: b"PK\x03\x04" + b"\x00" * 60}, "clipboard"),
        ({"text/plain": b"Some words"}, "holds text"),
        ({"image/png": b"\x89PNG"}, "no frames"),
        ({}, "no frames"),
    ],
)
def test_what_is_not_our_frames_is_refused_with_a_message(window, formats, said):
    before = copy.deepcopy(window.document.edition)
    put_on_clipboard(formats)
    assert paste(window) == []
    assert message(window).startswith("Cannot paste")
    assert said in message(window)
    assert window.document.edition == before
    assert not window.document.undo_stack.canUndo()


def test_cut_then_undo_restores(window):
    document = window.document
    before = copy.deepcopy(document.edition)
    window.view.set_selection(["lead-photo"])
    assert cut_selection(window)
    edition = document.edition
    for gone in ("lead-photo", "lead-caption"):  # the caption goes with its photo
        with pytest.raises(KeyError):
            edition.frame_by_id(gone)
    assert window.view.selected == []
    assert document.undo_stack.undoText() == "Cut"
    assert message(window) == "Cut 2 frames."
    assert FRAMES_MIME in QApplication.clipboard().mimeData().formats()
    document.undo_stack.undo()
    assert document.edition == before
    ids = paste(window, in_place=True)  # what was cut is on the clipboard
    assert [edition.frame_by_id(i).rect for i in ids] == [
        before.frame_by_id(i).rect for i in ("lead-photo", "lead-caption")
    ]


def test_cut_leaves_locked_frames_in_place(window):
    document = window.document
    document.edition.frame_by_id("lead-rule").locked = True
    window.view.set_selection(["lead-rule", "rail-rule"])
    assert cut_selection(window)
    assert document.edition.frame_by_id("lead-rule")
    with pytest.raises(KeyError):
        document.edition.frame_by_id("rail-rule")
    assert window.view.selected == ["lead-rule"]
    assert "lead-rule" in message(window)


def test_copy_with_nothing_selected_says_so(window):
    window.view.set_selection([])
    assert not copy_selection(window)
    assert not cut_selection(window)
    assert "Select" in message(window)


def test_step_and_repeat_three_boxes_twenty_points_apart(window):
    document = window.document
    window.view.go_to_page(1)
    box = document.edition.frame_by_id("sky-box").rect
    before = copy.deepcopy(document.edition)
    window.view.set_selection(["sky-box"])
    ids = step_and_repeat(window, 3, 0.0, 20.0)
    assert ids == ["sky-box-2", "sky-box-3", "sky-box-4"]
    assert [document.edition.frame_by_id(i).rect for i in ids] == [box.moved(0, d) for d in (20, 40, 60)]
    assert window.view.selected == ids
    assert document.undo_stack.undoText() == "Step and Repeat"
    document.undo_stack.undo()  # one step takes all the copies back
    assert document.edition == before


def test_step_and_repeat_off_the_page_is_refused_with_a_message(window):
    before = copy.deepcopy(window.document.edition)
    window.view.set_selection(["lead-rule"])
    assert step_and_repeat(window, 10, 0.0, 400.0) == []
    assert "off the page" in message(window)
    assert window.document.edition == before


def test_the_step_and_repeat_dialog_shows_problems_in_place(window, qtbot):
    edition = window.document.edition
    dialog = StepAndRepeatDialog(edition, ["sky-box"], "pt", (3, 0.0, 20.0))
    qtbot.addWidget(dialog)
    ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
    assert dialog.values() == (3, 0.0, 20.0) and ok.isEnabled()
    assert dialog.problem_label.text() == ""
    dialog.vertical.setText("")
    dialog.vertical.textEdited.emit("twenty")
    assert dialog.values() is None and not ok.isEnabled()
    assert "vertical offset" in dialog.problem_label.text()
    dialog.vertical.textEdited.emit("2000")  # in points: the copies leave the page
    assert not ok.isEnabled() and "off the page" in dialog.problem_label.text()
    dialog.vertical.textEdited.emit("1p")  # a pica: any unit can be typed
    assert dialog.values() == (3, 0.0, 12.0) and ok.isEnabled()


def test_the_step_and_repeat_command_remembers_what_was_asked(window, monkeypatch):
    window.view.set_selection(["sky-box"])
    asked = []

    def answer(dialog):
        asked.append(dialog.values())
        dialog.count.setValue(2)
        dialog.horizontal.textEdited.emit("10 pt")
        return 1

    monkeypatch.setattr(StepAndRepeatDialog, "exec", answer)
    monkeypatch.setattr(clipboard, "_last_repeat", (1, 12.0, 12.0))
    ids = clipboard.step_and_repeat_dialog(window)
    assert len(ids) == 2 and asked == [(1, 12.0, 12.0)]
    window.view.set_selection(["sky-box"])
    clipboard.step_and_repeat_dialog(window)
    assert asked[-1] == (2, 10.0, 12.0)
