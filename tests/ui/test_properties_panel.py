"""The Properties dock, driven as a layout editor drives it: frames selected (as the window
passes the canvas selection on), values typed into the fields and confirmed with Return, list
items chosen, boxes clicked — and the page, the undo history and the panel following."""

import shutil

import pytest
from PySide6.QtCore import Qt

from epaperdesk.model.edits import SetFrameProperty
from epaperdesk.ui.document import Document
from epaperdesk.ui.properties_panel import NONE_SWATCH, PropertiesPanel


@pytest.fixture
def document(sample_path, tmp_path):
    path = tmp_path / "edition.epd"
    shutil.copy(sample_path, path)
    return Document.open(path)


@pytest.fixture
def panel(qtbot, document):
    panel = PropertiesPanel(document, "pt")
    qtbot.addWidget(panel)
    panel.resize(280, 760)
    panel.show()
    qtbot.waitExposed(panel)
    panel.activateWindow()
    return panel


def frame(document, frame_id):
    return document.edition.frame_by_id(frame_id)


def type_into(qtbot, field, text, confirm=True):
    """Click into the field, select what it holds, type, and press Return."""
    qtbot.mouseClick(field, Qt.MouseButton.LeftButton)
    field.setFocus()
    qtbot.keyClick(field, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(field, text)
    if confirm:
        qtbot.keyClick(field, Qt.Key.Key_Return)


def choose(qtbot, combo, text):
    """Open the list and click the item."""
    index = combo.findText(text)
    assert index >= 0, f"{text!r} is not in the list"
    combo.showPopup()
    view = combo.view()
    qtbot.waitUntil(view.isVisible)
    rect = view.visualRect(view.model().index(index, 0))
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.waitUntil(lambda: not view.isVisible())


def shown_sections(panel):
    return {key for key, section in panel.sections.items() if not section.box.isHidden()}


def line_columns(document, frame_id):
    document.relayout()
    return {line.column for page in document.layout.pages for line in page.lines if line.frame_id == frame_id}


# -- what is shown ------------------------------------------------------------------------------


def test_a_text_frame_shows_its_fields_and_story(panel, document):
    panel.show_frames(["lead-body-1"])
    assert panel.selection_label.text() == "text frame lead-body-1"
    assert shown_sections(panel) == {"frame", "text"}
    assert panel.field_widget("columns").text() == "3"
    assert panel.field_widget("gutter").text() == "9 pt"
    assert panel.field_widget("vertical_align").currentText() == "Top"
    story = document.edition.stories["lead"]
    assert panel.story_label.text() == f"{story.name or 'lead'} (frame 2 of 3)"


def test_each_kind_shows_its_own_section(panel):
    panel.show_frames(["lead-photo"])
    assert shown_sections(panel) == {"frame", "image"}
    assert panel.field_widget("fit").currentText() == "Fill the frame"
    assert panel.field_widget("scale").text() == "100"
    panel.show_frames(["masthead-rule"])
    assert shown_sections(panel) == {"frame", "rule"}
    assert panel.field_widget("weight").text() == "2 pt"
    panel.show_frames(["sky-box"])
    assert shown_sections(panel) == {"frame", "box"}
    assert panel.field_widget("stroke").currentText() == NONE_SWATCH
    panel.show_frames(["briefs", "rail-rule"])
    assert panel.selection_label.text() == "2 frames"
    assert shown_sections(panel) == {"frame", "text", "rule"}
    assert "1 of 2" in panel.sections["text"].title.text()
    panel.show_frames([])
    assert shown_sections(panel) == set() and panel.selection_label.text() == "No selection"


# -- changing -----------------------------------------------------------------------------------


def test_four_columns_reflow_the_story(qtbot, panel, document):
    assert line_columns(document, "lead-head") == {0}
    panel.show_frames(["lead-head"])
    type_into(qtbot, panel.field_widget("columns"), "4")
    assert frame(document, "lead-head").columns == 4
    assert line_columns(document, "lead-head") == {0, 1, 2, 3}
    assert document.undo_stack.undoText() == "Columns"
    assert panel.field_widget("columns").text() == "4"
    document.undo_stack.undo()
    assert frame(document, "lead-head").columns == 1
    qtbot.waitUntil(lambda: panel.field_widget("columns").text() == "1")  # the panel follows undo


def test_x_typed_in_picas_moves_the_frame(qtbot, panel, document):
    panel.set_unit("pica")
    panel.show_frames(["briefs"])
    x = panel.field_widget("x")
    assert x.text() == "2p10.02"
    type_into(qtbot, x, "12p6")
    assert frame(document, "briefs").rect.x == 150
    assert x.text() == "12p6"
    assert document.undo_stack.undoText() == "Move"


def test_moving_a_photo_takes_its_caption_along(qtbot, panel, document):
    caption_x = frame(document, "lead-caption").rect.x
    panel.show_frames(["lead-photo"])
    type_into(qtbot, panel.field_widget("x"), "200")
    assert frame(document, "lead-photo").rect.x == 200
    assert frame(document, "lead-caption").rect.x == pytest.approx(caption_x + 200 - 161.63681102362204)


def test_two_widths_are_mixed_and_one_typed_width_sets_both(qtbot, panel, document):
    widths = [frame(document, f).rect.width for f in ("briefs", "imprint")]
    assert widths[0] != widths[1]
    panel.show_frames(["briefs", "imprint"])
    width = panel.field_widget("width")
    assert width.text() == "" and width.placeholderText() == "mixed"
    assert panel.field_widget("height").text() == ""  # 620 and 80
    assert panel.field_widget("columns").text() == "1"  # both one column
    type_into(qtbot, width, "200")
    assert [frame(document, f).rect.width for f in ("briefs", "imprint")] == [200, 200]
    assert width.text() == "200 pt"
    document.undo_stack.undo()
    assert [frame(document, f).rect.width for f in ("briefs", "imprint")] == widths


def test_a_rules_dash_and_weight(qtbot, panel, document):
    panel.show_frames(["masthead-rule"])
    choose(qtbot, panel.field_widget("dash"), "Dashed")
    assert frame(document, "masthead-rule").dash == "dashed"
    type_into(qtbot, panel.field_widget("weight"), "0.75")
    assert frame(document, "masthead-rule").weight == 0.75
    choose(qtbot, panel.field_widget("color"), "Meridian Blue")
    assert frame(document, "masthead-rule").color == "Meridian Blue"
    assert document.undo_stack.count() == 3  # one step each


def test_a_boxs_fill_and_tint(qtbot, panel, document):
    panel.show_frames(["sky-box"])
    fill = panel.field_widget("fill")
    assert fill.currentText() == "Sky Tint"
    choose(qtbot, fill, "Meridian Blue")
    assert frame(document, "sky-box").fill == "Meridian Blue"
    choose(qtbot, fill, NONE_SWATCH)
    assert frame(document, "sky-box").fill is None
    type_into(qtbot, panel.field_widget("tint", "box"), "40")
    assert frame(document, "sky-box").tint == 40
    assert document.undo_stack.undoText() == "Tint"


def test_a_photos_fit_and_scale(qtbot, panel, document):
    panel.show_frames(["soil-photo"])
    choose(qtbot, panel.field_widget("fit"), "Fit proportionally")
    assert frame(document, "soil-photo").fit == "fit"
    type_into(qtbot, panel.field_widget("scale"), "150")
    assert frame(document, "soil-photo").scale == 1.5


def test_insets_and_wrap(qtbot, panel, document):
    panel.show_frames(["imprint"])
    type_into(qtbot, panel.field_widget("inset_left"), "6")
    assert frame(document, "imprint").insets.left == 6
    qtbot.mouseClick(panel.field_widget("wrap"), Qt.MouseButton.LeftButton)
    assert frame(document, "imprint").wrap
    choose(qtbot, panel.field_widget("vertical_align"), "Bottom")
    assert frame(document, "imprint").vertical_align == "bottom"


# -- refused ------------------------------------------------------------------------------------


def test_zero_columns_is_refused_in_place(qtbot, panel, document):
    panel.show_frames(["imprint"])
    steps = document.undo_stack.count()
    columns = panel.field_widget("columns")
    type_into(qtbot, columns, "0")
    problem = panel.sections["text"].problem
    assert problem.isVisible() and problem.text() == "columns: 1–40"
    assert frame(document, "imprint").columns == 1
    assert document.undo_stack.count() == steps
    type_into(qtbot, columns, "2")  # a good value clears the message
    assert frame(document, "imprint").columns == 2
    assert not problem.isVisible()


def test_a_gutter_wider_than_the_frame_is_refused(qtbot, panel, document):
    panel.show_frames(["lead-body-1"])
    steps = document.undo_stack.count()
    gutter = panel.field_widget("gutter")
    type_into(qtbot, gutter, "400")
    problem = panel.sections["text"].problem
    assert problem.isVisible()
    assert problem.text().startswith("the gutters leave no room for the columns")
    assert frame(document, "lead-body-1").gutter == 9.0
    assert document.undo_stack.count() == steps
    assert gutter.text() == "400"  # what was typed stays, to be corrected
    qtbot.keyClick(gutter, Qt.Key.Key_Escape)  # or put back
    assert gutter.text() == "9 pt" and not problem.isVisible()


def test_text_that_is_not_a_length_is_refused(qtbot, panel, document):
    panel.show_frames(["imprint"])
    type_into(qtbot, panel.field_widget("height"), "tall")
    assert "not a length" in panel.sections["frame"].problem.text()
    assert frame(document, "imprint").rect.height == 80


def test_a_locked_frame_is_read_only_until_unlocked(qtbot, panel, document):
    document.push(SetFrameProperty("imprint", "locked", False, True))
    panel.show_frames(["imprint"])
    for name in ("x", "width", "columns", "gutter", "inset_top", "vertical_align", "wrap"):
        assert not panel.field_widget(name).isEnabled(), name
    locked = panel.field_widget("locked")
    assert locked.isEnabled() and locked.isChecked()
    qtbot.mouseClick(locked, Qt.MouseButton.LeftButton)
    assert not frame(document, "imprint").locked
    assert document.undo_stack.undoText() == "Unlock"
    assert panel.field_widget("x").isEnabled()


# -- following the document ---------------------------------------------------------------------


def test_a_field_being_typed_in_is_not_overwritten(qtbot, panel, document):
    panel.show_frames(["imprint"])
    x = panel.field_widget("x")
    type_into(qtbot, x, "99", confirm=False)
    assert x.hasFocus()
    document.push(SetFrameProperty("imprint", "columns", 1, 2))  # a change made elsewhere
    panel.refresh()
    assert panel.field_widget("columns").text() == "2"
    assert x.text() == "99"
    qtbot.keyClick(x, Qt.Key.Key_Return)
    assert frame(document, "imprint").rect.x == 99


def test_a_frame_deleted_elsewhere_leaves_the_panel_empty(panel, document):
    from epaperdesk.model.frame_edits import delete_frames

    panel.show_frames(["imprint"])
    document.push(delete_frames(document.edition, ["imprint"]))
    panel.refresh()
    assert shown_sections(panel) == set()


def test_mixed_columns_and_wrap_take_one_value_for_all(qtbot, panel, document):
    panel.show_frames(["interview-quote", "imprint"])  # one wraps, one does not; 1 column each
    wrap = panel.field_widget("wrap")
    assert wrap.checkState() == Qt.CheckState.PartiallyChecked
    qtbot.mouseClick(wrap, Qt.MouseButton.LeftButton)
    assert frame(document, "interview-quote").wrap and frame(document, "imprint").wrap
    assert wrap.checkState() == Qt.CheckState.Checked
    panel.show_frames(["lead-body-1", "imprint"])  # 3 and 1 columns
    columns = panel.field_widget("columns")
    assert columns.text() == ""
    type_into(qtbot, columns, "2")
    assert frame(document, "lead-body-1").columns == frame(document, "imprint").columns == 2


def test_locked_frames_among_the_selection_are_left_alone(qtbot, panel, document):
    document.push(SetFrameProperty("imprint", "locked", False, True))
    panel.show_frames(["imprint", "calendar"])
    assert "1 locked" in panel.sections["frame"].title.text()
    assert panel.field_widget("gutter").isEnabled()
    type_into(qtbot, panel.field_widget("gutter"), "12")
    assert frame(document, "calendar").gutter == 12 and frame(document, "imprint").gutter == 9


def test_lengths_follow_the_users_unit_but_weights_stay_in_points(panel):
    panel.show_frames(["masthead-rule"])
    assert panel.field_widget("y").text() == "126.5 pt"
    panel.set_unit("mm")
    assert panel.field_widget("y").text() == "44.63 mm"
    assert panel.field_widget("weight").text() == "2 pt"
    panel.set_unit("pica")
    assert panel.field_widget("y").text() == "10p6.5"
