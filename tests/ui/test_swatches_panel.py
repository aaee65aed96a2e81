"""The Swatches dock, driven as a layout editor drives it: rows clicked, buttons pressed, values
typed into the dialogs (their `exec` answered in place of the modal loop)."""

import shutil

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor

from epaperdesk.io.epd import load_edition
from epaperdesk.model.frames import BoxFrame
from epaperdesk.model.style_sheets import set_swatch
from epaperdesk.model.styles import Swatch
from epaperdesk.render.colour import preview_rgb
from epaperdesk.typeset.displaylist import BoxItem
from epaperdesk.ui.document import Document
from epaperdesk.ui.swatch_dialog import DeleteSwatchDialog, SwatchDialog
from epaperdesk.ui.swatches_panel import INK, KIND, NAME, M, SwatchesPanel


@pytest.fixture
def document(sample_path, tmp_path):
    path = tmp_path / "edition.epd"
    shutil.copy(sample_path, path)
    return Document.open(path)


@pytest.fixture
def panel(qtbot, document):
    panel = SwatchesPanel(document)
    qtbot.addWidget(panel)
    panel.resize(460, 420)
    panel.show()
    qtbot.waitExposed(panel)
    panel.refresh()
    return panel


def click_row(qtbot, panel, name, double=False):
    item = panel.item_of(name)
    assert item is not None, f"no row for {name!r}"
    pos = panel.tree.visualItemRect(item).center()
    qtbot.mouseClick(panel.tree.viewport(), Qt.MouseButton.LeftButton, pos=pos)
    if double:
        qtbot.mouseDClick(panel.tree.viewport(), Qt.MouseButton.LeftButton, pos=pos)
    assert panel.current_swatch() == name


def answer(monkeypatch, qtbot, dialog_class, fill):
    """The next dialog of `dialog_class` is shown, filled in by `fill(dialog)` as a user would,
    and closed with whatever button `fill` pressed. The dialogs met are collected."""
    seen = []

    def exec_(dialog):
        seen.append(dialog)
        dialog.show()
        fill(dialog)
        return dialog.result()

    monkeypatch.setattr(dialog_class, "exec", exec_)
    return seen


def type_into(qtbot, widget, text):
    widget.setFocus()
    widget.selectAll()
    qtbot.keyClicks(widget, text)


def type_values(qtbot, dialog, **values):
    for channel, value in values.items():
        type_into(qtbot, dialog.channels[channel].spin, value)


def ok(qtbot, dialog):
    assert dialog.ok_button.isEnabled(), dialog.problems.text()
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)


def fills_of(document, frame_id):
    """The fill swatches the display list draws for a box (on whichever page it stands)."""
    return [
        item.fill
        for display in document.layout.pages
        if display is not None
        for item in display.items
        if isinstance(item, BoxItem) and item.frame_id == frame_id
    ]


def add_tint(document, name="Blue 40%", base="Meridian Blue", tint=40.0):
    swatch = Swatch(name, 0, 0, 0, 0, "#ffffff", base=base, tint=tint)
    document.push(set_swatch(document.edition, name, swatch), "New tint")


# -- new ------------------------------------------------------------------------------------------


def test_new_spot_colour_and_a_tint_of_it(qtbot, panel, document, monkeypatch):
    def colour(dialog):
        type_into(qtbot, dialog.name_edit, "Pantone 286 C")
        type_values(qtbot, dialog, cyan="100", magenta="66", yellow="0", black="2")
        qtbot.mouseClick(dialog.spot_box, Qt.MouseButton.LeftButton)
        assert dialog.chip.rgb == preview_rgb(100, 66, 0, 2)
        assert "168 %" in dialog.ink_label.text()
        ok(qtbot, dialog)

    answer(monkeypatch, qtbot, SwatchDialog, colour)
    qtbot.mouseClick(panel.new_colour_button, Qt.MouseButton.LeftButton)
    spot = document.edition.swatches["Pantone 286 C"]
    assert (spot.cyan, spot.magenta, spot.yellow, spot.black, spot.spot) == (100, 66, 0, 2, True)
    assert spot.rgb == preview_rgb(100, 66, 0, 2)
    assert panel.current_swatch() == "Pantone 286 C"
    assert panel.item_of("Pantone 286 C").text(KIND) == "spot"

    def tint(dialog):
        assert dialog.base_box.currentText() == "Pantone 286 C"  # the selected colour
        type_into(qtbot, dialog.tint_field.spin, "30")
        assert dialog.name_edit.text() == "Pantone 286 C 30%"  # follows the tint until typed
        assert dialog.values_label.text().split() == ["C", "30", "M", "19.8", "Y", "0", "K", "0.6"]
        ok(qtbot, dialog)

    answer(monkeypatch, qtbot, SwatchDialog, tint)
    qtbot.mouseClick(panel.new_tint_button, Qt.MouseButton.LeftButton)
    made = document.edition.swatches["Pantone 286 C 30%"]
    assert (made.base, made.tint, made.cyan, made.magenta, made.spot) == ("Pantone 286 C", 30, 30, 19.8, True)
    assert made.rgb == preview_rgb(30, 19.8, 0, 0.6)
    row = panel.item_of("Pantone 286 C 30%")
    assert row.text(KIND) == "tint 30 % of Pantone 286 C" and row.text(INK) == "50.4 %"
    names = [panel.tree.topLevelItem(i).text(NAME) for i in range(panel.tree.topLevelItemCount())]
    assert names.index("Pantone 286 C 30%") == names.index("Pantone 286 C") + 1  # a tint under its colour
    document.undo_stack.undo()
    document.undo_stack.undo()
    assert "Pantone 286 C" not in document.edition.swatches
    qtbot.waitUntil(lambda: panel.item_of("Pantone 286 C") is None)  # the panel follows once the user pauses


def test_dialog_says_what_is_wrong_in_place(qtbot, document):
    dialog = SwatchDialog(document.edition, None, None, 240.0)
    qtbot.addWidget(dialog)
    for typed, problem in (
        ("", "needs a name"),
        ("Black", "already"),
        ("Blue+Red", "cannot hold"),
        ("A;B", "cannot hold"),
        ("x=1", "cannot hold"),
    ):
        dialog.name_edit.selectAll()
        qtbot.keyClick(dialog.name_edit, Qt.Key.Key_Backspace)
        qtbot.keyClicks(dialog.name_edit, typed)
        assert problem in dialog.problems.text() and not dialog.ok_button.isEnabled(), typed
    type_into(qtbot, dialog.name_edit, "Ochre")
    assert dialog.problems.text() == "" and dialog.ok_button.isEnabled()
    add_tint(document)
    of_a_tint = SwatchDialog(document.edition, None, "Blue 40%", 240.0)
    qtbot.addWidget(of_a_tint)
    assert "not of another tint" in of_a_tint.problems.text() and not of_a_tint.ok_button.isEnabled()
    of_a_tint.base_box.setCurrentIndex(of_a_tint.base_box.findData("Meridian Blue"))
    assert of_a_tint.ok_button.isEnabled()
    assert "Blue 40%" not in [dialog.base_box.itemData(i) for i in range(dialog.base_box.count())]


# -- edit -----------------------------------------------------------------------------------------


def test_editing_a_colour_changes_its_tints_and_the_page_and_one_undo_restores(qtbot, panel, document, monkeypatch):
    add_tint(document)
    panel.refresh()
    blue, tint = document.edition.swatches["Meridian Blue"], document.edition.swatches["Blue 40%"]
    assert fills_of(document, "masthead-band") == [blue]

    def more_magenta(dialog):
        assert dialog.original == blue
        type_values(qtbot, dialog, magenta="90")
        assert dialog.chip.rgb == preview_rgb(100, 90, 0, 32) and dialog.chip.before == blue.rgb
        ok(qtbot, dialog)

    answer(monkeypatch, qtbot, SwatchDialog, more_magenta)
    click_row(qtbot, panel, "Meridian Blue", double=True)  # double-click edits
    changed = document.edition.swatches["Meridian Blue"]
    assert changed.magenta == 90 and changed.rgb == preview_rgb(100, 90, 0, 32)
    tinted = document.edition.swatches["Blue 40%"]
    assert (tinted.magenta, tinted.rgb) == (36, preview_rgb(40, 36, 0, 12.8))
    assert fills_of(document, "masthead-band") == [changed]  # the page follows
    assert panel.item_of("Blue 40%").text(M) == "36"
    document.undo_stack.undo()
    assert document.edition.swatches["Meridian Blue"] == blue and document.edition.swatches["Blue 40%"] == tint
    assert fills_of(document, "masthead-band") == [blue]


def test_renaming_a_colour_takes_its_users_along(qtbot, panel, document, monkeypatch):
    def rename(dialog):
        type_into(qtbot, dialog.name_edit, "Sky")
        assert dialog.chip.rgb == "#e3eef9"  # values unchanged: the preview stays as it was set
        ok(qtbot, dialog)

    answer(monkeypatch, qtbot, SwatchDialog, rename)
    click_row(qtbot, panel, "Sky Tint")
    qtbot.mouseClick(panel.edit_button, Qt.MouseButton.LeftButton)
    assert "Sky Tint" not in document.edition.swatches and document.edition.swatches["Sky"].rgb == "#e3eef9"
    assert document.edition.frame_by_id("sky-box").fill == "Sky"
    assert fills_of(document, "sky-box")[0].name == "Sky"
    document.undo_stack.undo()
    assert document.edition.frame_by_id("sky-box").fill == "Sky Tint" and "Sky" not in document.edition.swatches


def test_duplicate(qtbot, panel, document):
    click_row(qtbot, panel, "Meridian Blue")
    qtbot.mouseClick(panel.duplicate_button, Qt.MouseButton.LeftButton)
    copy = document.edition.swatches["Meridian Blue copy"]
    assert copy.cyan == 100 and copy.rgb == "#16407a" and panel.current_swatch() == "Meridian Blue copy"


# -- the press's limit ------------------------------------------------------------------------------


def test_a_colour_over_the_ink_limit_is_flagged(qtbot, panel, document, monkeypatch):
    def heavy(dialog):
        type_into(qtbot, dialog.name_edit, "Muddy")
        type_values(qtbot, dialog, cyan="100", magenta="100", yellow="100")
        assert "300 %" in dialog.ink_label.text()
        assert dialog.limit_label.text() == "over the 240 % limit (newsprint)"
        ok(qtbot, dialog)  # a warning, not a refusal: the colour may be meant for the e-paper

    answer(monkeypatch, qtbot, SwatchDialog, heavy)
    qtbot.mouseClick(panel.new_colour_button, Qt.MouseButton.LeftButton)
    row = panel.item_of("Muddy")
    assert row.text(INK) == "300 %"
    assert row.toolTip(INK) == "300 % — over the 240 % limit of newsprint"
    assert row.foreground(INK).color() == QColor("#b00020") and not row.icon(INK).isNull()
    within = panel.item_of("Meridian Blue")
    assert within.text(INK) == "200 %" and within.icon(INK).isNull() and "within" in within.toolTip(INK)
    panel.set_ink_limit(320.0, "magazine")
    assert panel.item_of("Muddy").icon(INK).isNull() and "magazine" in panel.limit_label.text()
    panel.set_ink_limit(260.0, "coldset")
    assert panel.item_of("Muddy").toolTip(INK) == "300 % — over the 260 % limit of coldset"


# -- delete ---------------------------------------------------------------------------------------


def test_delete_puts_the_replacement_everywhere_and_one_undo_restores(qtbot, panel, document, monkeypatch):
    add_tint(document)
    edition = document.edition
    swatches, kicker = dict(edition.swatches), edition.paragraph_styles["kicker"]
    panel.refresh()

    def replace_with_grey(dialog):
        users = [dialog.users.item(i).text() for i in range(dialog.users.count())]
        assert "Box 'masthead-band'" in users and "Tint 'Blue 40%'" in users
        assert "Paragraph style 'kicker'" in users
        assert dialog.replacement_box.currentData() == "Black"
        assert dialog.replacement_box.findData("Meridian Blue") == -1  # not itself
        dialog.replacement_box.setCurrentIndex(dialog.replacement_box.findData("Rule Grey"))
        qtbot.mouseClick(dialog.delete_button, Qt.MouseButton.LeftButton)

    seen = answer(monkeypatch, qtbot, DeleteSwatchDialog, replace_with_grey)
    click_row(qtbot, panel, "Meridian Blue")
    qtbot.mouseClick(panel.delete_button, Qt.MouseButton.LeftButton)
    assert len(seen) == 1
    assert "Meridian Blue" not in edition.swatches and panel.item_of("Meridian Blue") is None
    assert edition.frame_by_id("masthead-band").fill == "Rule Grey"
    assert edition.paragraph_styles["kicker"].color == "Rule Grey"
    tint = edition.swatches["Blue 40%"]
    assert (tint.base, tint.black, tint.rgb) == ("Rule Grey", 18, preview_rgb(0, 0, 0, 18))  # a grey tint now
    assert fills_of(document, "masthead-band")[0].name == "Rule Grey"
    assert panel.current_swatch() == "Rule Grey"
    document.undo_stack.undo()
    assert edition.swatches == swatches and edition.paragraph_styles["kicker"] == kicker
    assert edition.frame_by_id("masthead-band").fill == "Meridian Blue"
    assert fills_of(document, "masthead-band") == [swatches["Meridian Blue"]]


def test_cancelling_a_delete_changes_nothing(qtbot, panel, document, monkeypatch):
    answer(monkeypatch, qtbot, DeleteSwatchDialog, lambda d: d.reject())
    click_row(qtbot, panel, "Rule Grey")
    qtbot.mouseClick(panel.delete_button, Qt.MouseButton.LeftButton)
    assert "Rule Grey" in document.edition.swatches and document.undo_stack.count() == 0


@pytest.mark.parametrize("name", ["Black", "Paper"])
def test_black_and_paper_cannot_be_deleted(qtbot, panel, document, monkeypatch, name):
    seen = answer(monkeypatch, qtbot, DeleteSwatchDialog, lambda d: pytest.fail("no delete dialog"))
    messages = []
    panel.message.connect(messages.append)
    click_row(qtbot, panel, name)
    assert not panel.delete_button.isEnabled()
    assert panel.delete_button.toolTip() == f"{name} is part of every edition and cannot be deleted"
    assert panel.edit_button.isEnabled() and panel.duplicate_button.isEnabled()
    panel.tree.setFocus()
    qtbot.keyClick(panel.tree, Qt.Key.Key_Delete)  # the key asks too, and is told why not
    assert seen == [] and messages == [f"{name} is part of every edition and cannot be deleted"]
    assert name in document.edition.swatches
    click_row(qtbot, panel, "Rule Grey")
    assert panel.delete_button.isEnabled()


def test_a_protected_swatch_keeps_its_name(qtbot, document):
    dialog = SwatchDialog(document.edition, document.edition.swatches["Black"], None, 240.0)
    qtbot.addWidget(dialog)
    assert dialog.name_edit.isReadOnly()


# -- the file -------------------------------------------------------------------------------------


def test_swatches_survive_save_and_load(qtbot, panel, document, monkeypatch, tmp_path):
    def colour(dialog):
        type_into(qtbot, dialog.name_edit, "Ochre")
        type_values(qtbot, dialog, cyan="0", magenta="35.5", yellow="90", black="10")
        ok(qtbot, dialog)

    answer(monkeypatch, qtbot, SwatchDialog, colour)
    qtbot.mouseClick(panel.new_colour_button, Qt.MouseButton.LeftButton)
    assert document.edition.swatches["Ochre"].magenta == 35.5

    def tint(dialog):
        type_into(qtbot, dialog.tint_field.spin, "25")
        ok(qtbot, dialog)

    answer(monkeypatch, qtbot, SwatchDialog, tint)
    qtbot.mouseClick(panel.new_tint_button, Qt.MouseButton.LeftButton)
    assert document.edition.swatches["Ochre 25%"].base == "Ochre"
    saved = document.save(tmp_path / "saved.epd")
    assert load_edition(saved).swatches == document.edition.swatches


def test_panel_follows_another_document(qtbot, panel, document, sample_path, tmp_path):
    add_tint(document)
    assert isinstance(document.edition.frame_by_id("masthead-band"), BoxFrame)
    other_path = tmp_path / "other.epd"
    shutil.copy(sample_path, other_path)
    panel.set_document(Document.open(other_path))
    panel.refresh()
    assert panel.item_of("Blue 40%") is None and panel.item_of("Meridian Blue") is not None
