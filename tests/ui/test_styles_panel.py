"""The Styles dock and the style dialogs, driven as a layout editor drives them: rows clicked,
buttons pressed, values typed into the dialogs (their `exec` answered in place of the modal
loop). What is checked is the model, the layout that follows it, and the undo history."""

import dataclasses
import shutil

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QFontDatabase

from epaperdesk.io.epd import load_edition
from epaperdesk.model.style_sheets import set_style
from epaperdesk.typeset.fonts import FontRegistry
from epaperdesk.ui.document import Document
from epaperdesk.ui.style_dialog import (
    INHERITED_COLOUR,
    CharacterStyleDialog,
    DeleteStyleDialog,
    ParagraphStyleDialog,
    describe_paragraph,
)
from epaperdesk.ui.styles_panel import SETTINGS, USES, StylesPanel


@pytest.fixture
def document(sample_path, tmp_path):
    path = tmp_path / "edition.epd"
    shutil.copy(sample_path, path)
    return Document.open(path)


@pytest.fixture
def panel(qtbot, document):
    panel = StylesPanel(document, unit="pt")
    qtbot.addWidget(panel)
    panel.resize(420, 560)
    panel.show()
    qtbot.waitExposed(panel)
    panel.refresh()
    return panel


def click_row(qtbot, panel, kind, name, double=False):
    styles = panel.lists[kind]
    panel.tabs.setCurrentWidget(styles)
    item = panel.item_of(kind, name)
    assert item is not None, f"no row for {name!r}"
    styles.tree.scrollToItem(item)
    pos = styles.tree.visualItemRect(item).center()
    qtbot.mouseClick(styles.tree.viewport(), Qt.MouseButton.LeftButton, pos=pos)
    if double:
        qtbot.mouseDClick(styles.tree.viewport(), Qt.MouseButton.LeftButton, pos=pos)
    assert panel.current_style(kind) == name


def answer(monkeypatch, dialog_class, fill):
    """The next dialogs of `dialog_class` are shown, filled in by `fill(dialog)` as a user
    would, and closed with whatever button `fill` pressed. The dialogs met are collected."""
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
    if text:
        qtbot.keyClicks(widget, text)
    else:
        qtbot.keyClick(widget, Qt.Key.Key_Backspace)


def choose(box, value):
    index = box.index_of(value)
    assert index >= 0, f"{value!r} is not in {box.accessibleName()}"
    box.setCurrentIndex(index)


def ok(qtbot, dialog):
    assert dialog.ok_button.isEnabled(), dialog.problems.text()
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)


def paragraph_sizes(document, story_id, index):
    """The sizes of the glyph runs of paragraph `index` of a story, as the layout has them."""
    start, end, _ = document.edition.stories[story_id].paragraphs()[index]
    return {
        run.size
        for display in document.layout.pages
        if display is not None
        for run in display.glyph_runs()
        if run.story_id == story_id and run.start < end and run.end > start
    }


def add_based_on(document, name, parent, **values):
    """A style based on `parent` setting `values` itself (as the dialog would store it)."""
    base = document.edition.paragraph_styles[parent]
    style = dataclasses.replace(base, name=name, based_on=parent, own=tuple(values), next_style=None, **values)
    document.push(set_style(document.edition, "paragraph", name, style), "New style")


# -- the lists ------------------------------------------------------------------------------------


def test_one_click_applies_the_style(qtbot, panel):
    with qtbot.waitSignal(panel.apply_paragraph) as applied:
        click_row(qtbot, panel, "paragraph", "headline")
    assert applied.args == ["headline"]
    with qtbot.waitSignal(panel.apply_character) as applied:
        click_row(qtbot, panel, "character", "bold")
    assert applied.args == ["bold"]
    with qtbot.waitSignal(panel.apply_character) as applied:  # Return applies the highlighted style
        panel.characters.tree.setFocus()
        qtbot.keyClick(panel.characters.tree, Qt.Key.Key_Down)
        qtbot.keyClick(panel.characters.tree, Qt.Key.Key_Return)
    assert applied.args == ["italic"]
    for button in (panel.paragraphs.new_button, panel.paragraphs.edit_button, panel.paragraphs.delete_button):
        assert button.accessibleName() and button.toolTip()


def test_the_tree_nests_by_based_on_describes_and_counts(qtbot, panel, document):
    add_based_on(document, "headline-small", "headline", size=30.0, leading=32.0)
    qtbot.waitUntil(lambda: panel.item_of("paragraph", "headline-small") is not None)
    small = panel.item_of("paragraph", "headline-small")
    assert small.parent() is panel.item_of("paragraph", "headline")
    body = panel.item_of("paragraph", "body")
    assert body.text(SETTINGS) == "Source Serif Pro 9/10.5 justify"
    assert body.text(USES) == "25" and "25 paragraphs" in body.toolTip(USES)
    assert small.text(SETTINGS) == "Source Serif Pro Bold 30/32 left" and small.text(USES) == "–"
    assert "Based on headline" in small.toolTip(0)
    speaker = panel.item_of("character", "qa-speaker")
    assert speaker.text(SETTINGS) == "Bold" and speaker.text(USES) == "34"


# -- new ------------------------------------------------------------------------------------------


def test_a_new_style_based_on_body_inherits_and_keeps_its_own_size(qtbot, panel, document, monkeypatch):
    body = document.edition.paragraph_styles["body"]

    def new(dialog):
        assert dialog.name_edit.text() == "New style"
        assert dialog.based_on_box.value() == "body"
        dialog.show_section("Basic Character Formats")
        assert dialog.is_inherited("font_family") and dialog.inherited_note("font_family").text() == "from body"
        assert dialog.field_labels("size")[0].palette().windowText().color().name() == INHERITED_COLOUR
        assert dialog.field_labels("size")[0].font().italic()
        type_into(qtbot, dialog.name_edit, "body-large")
        type_into(qtbot, dialog.size_edit, "11")
        assert not dialog.is_inherited("size") and dialog.reset_button("size").isVisible()
        assert not dialog.field_labels("size")[0].font().italic()
        assert dialog.summary.text() == "body + size: 11 pt"
        ok(qtbot, dialog)

    seen = answer(monkeypatch, ParagraphStyleDialog, new)
    click_row(qtbot, panel, "paragraph", "body")
    qtbot.mouseClick(panel.paragraphs.new_button, Qt.MouseButton.LeftButton)
    assert len(seen) == 1
    made = document.edition.paragraph_styles["body-large"]
    assert (made.based_on, made.own, made.size) == ("body", ("size",), 11.0)
    assert (made.font_family, made.leading, made.hyphenation) == (body.font_family, body.leading, body.hyphenation)
    assert panel.current_style("paragraph") == "body-large"
    assert panel.item_of("paragraph", "body-large").parent() is panel.item_of("paragraph", "body")

    def sans(dialog):
        choose(dialog.family_box, "Source Sans Pro")
        type_into(qtbot, dialog.size_edit, "9.5")
        ok(qtbot, dialog)

    answer(monkeypatch, ParagraphStyleDialog, sans)
    click_row(qtbot, panel, "paragraph", "body", double=True)  # double-click edits
    follows = document.edition.paragraph_styles["body-large"]
    assert (follows.font_family, follows.size) == ("Source Sans Pro", 11.0)  # the font follows, its size stays
    document.undo_stack.undo()
    assert document.edition.paragraph_styles["body"] == body
    assert document.edition.paragraph_styles["body-large"] == made


def test_cancelling_changes_nothing(qtbot, panel, document, monkeypatch):
    def cancel(dialog):
        type_into(qtbot, dialog.size_edit, "20")
        dialog.reject()

    answer(monkeypatch, ParagraphStyleDialog, cancel)
    click_row(qtbot, panel, "paragraph", "deck")
    qtbot.mouseClick(panel.paragraphs.edit_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(panel.paragraphs.new_button, Qt.MouseButton.LeftButton)
    assert document.undo_stack.count() == 0 and document.edition.paragraph_styles["deck"].size == 13


# -- edit -----------------------------------------------------------------------------------------


def test_editing_the_headline_reflows_and_carries_on_to_styles_based_on_it(qtbot, panel, document, monkeypatch):
    add_based_on(document, "headline-small", "headline", leading=32.0)
    edition = document.edition
    styles = dict(edition.paragraph_styles)
    document.relayout()
    assert paragraph_sizes(document, "lead", 1) == {40.0}  # the lead's headline

    def bigger(dialog):
        dialog.show_section("Basic Character Formats")
        type_into(qtbot, dialog.size_edit, "44")
        type_into(qtbot, dialog.leading_edit, "46")
        ok(qtbot, dialog)

    answer(monkeypatch, ParagraphStyleDialog, bigger)
    click_row(qtbot, panel, "paragraph", "headline")
    qtbot.mouseClick(panel.paragraphs.edit_button, Qt.MouseButton.LeftButton)
    assert (edition.paragraph_styles["headline"].size, edition.paragraph_styles["headline"].leading) == (44, 46)
    small = edition.paragraph_styles["headline-small"]
    assert (small.size, small.leading) == (44, 32)  # the size follows, its own leading stays
    qtbot.waitUntil(lambda: paragraph_sizes(document, "lead", 1) == {44.0})
    assert panel.item_of("paragraph", "headline").text(SETTINGS) == "Source Serif Pro Bold 44/46 left"
    assert document.undo_stack.undoText() == "Change paragraph style “headline”"
    document.undo_stack.undo()  # one step takes back the style and the ones based on it
    assert edition.paragraph_styles == styles
    qtbot.waitUntil(lambda: paragraph_sizes(document, "lead", 1) == {40.0})


def test_renaming_a_style_takes_its_text_and_children_along(qtbot, panel, document, monkeypatch):
    add_based_on(document, "kicker-red", "kicker", size=11.0)
    edition = document.edition
    before = [list(s.paragraph_styles) for s in edition.stories.values()]

    def rename(dialog):
        type_into(qtbot, dialog.name_edit, "section-kicker")
        dialog.show_section("Basic Character Formats")
        type_into(qtbot, dialog.tracking_edit, "20")
        ok(qtbot, dialog)

    answer(monkeypatch, ParagraphStyleDialog, rename)
    click_row(qtbot, panel, "paragraph", "kicker")
    qtbot.mouseClick(panel.paragraphs.edit_button, Qt.MouseButton.LeftButton)
    assert "kicker" not in edition.paragraph_styles
    assert edition.paragraph_styles["section-kicker"].tracking == 20
    assert edition.stories["lead"].paragraph_styles[0] == "section-kicker"
    child = edition.paragraph_styles["kicker-red"]
    assert (child.based_on, child.tracking, child.size) == ("section-kicker", 20, 11)
    assert panel.current_style("paragraph") == "section-kicker"
    assert document.undo_stack.count() == 2  # the set-up step and the one change
    document.undo_stack.undo()
    assert [list(s.paragraph_styles) for s in edition.stories.values()] == before
    assert (
        edition.paragraph_styles["kicker-red"].based_on == "kicker" and "section-kicker" not in edition.paragraph_styles
    )


# -- problems said in place -------------------------------------------------------------------------


def test_the_dialog_says_what_is_wrong_and_keeps_ok_disabled(qtbot, document):
    dialog = ParagraphStyleDialog(document.edition, document.edition.paragraph_styles["deck"], "mm")
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.ok_button.isEnabled() and not dialog.problems.isVisible()
    for typed, problem in (
        ("", "needs a name"),
        ("body", "already"),
        ("deck+", "cannot hold"),
        ("a;b", "cannot hold"),
        ("x=1", "cannot hold"),
        ("local:deck", "kept for local formatting"),
    ):
        type_into(qtbot, dialog.name_edit, typed)
        assert problem in dialog.problems.text() and not dialog.ok_button.isEnabled(), typed
    type_into(qtbot, dialog.name_edit, "deck")  # its own name is fine
    assert dialog.ok_button.isEnabled()
    dialog.show_section("Basic Character Formats")
    for edit, typed, problem in (
        (dialog.size_edit, "0", "Size: at least 1 pt"),
        (dialog.size_edit, "1200", "Size: at most 1000 pt"),
        (dialog.size_edit, "big", "not a number"),
        (dialog.leading_edit, "0.5", "Leading: at least 1 pt"),
    ):
        type_into(qtbot, edit, typed)
        assert problem in dialog.problems.text() and not dialog.ok_button.isEnabled(), typed
        type_into(qtbot, edit, "13")
        assert dialog.ok_button.isEnabled(), dialog.problems.text()
    dialog.show_section("Justification")
    type_into(qtbot, dialog.spacing["word_space_min"], "110")
    assert "minimum ≤ desired ≤ maximum" in dialog.problems.text() and not dialog.ok_button.isEnabled()
    type_into(qtbot, dialog.spacing["word_space_min"], "85")
    type_into(qtbot, dialog.spacing["glyph_scale_max"], "99")
    assert "Glyph scaling" in dialog.problems.text() and not dialog.ok_button.isEnabled()
    type_into(qtbot, dialog.spacing["glyph_scale_max"], "103")
    dialog.show_section("Indents and Spacing")
    type_into(qtbot, dialog.left_indent_edit, "-3")
    assert "Left indent" in dialog.problems.text() and not dialog.ok_button.isEnabled()
    type_into(qtbot, dialog.left_indent_edit, "3")
    assert dialog.ok_button.isEnabled()
    style = dialog.result_style()
    assert style.left_indent == pytest.approx(8.5039, abs=1e-3) and style.justification.word_space_min == 85
    assert style.justification.glyph_scale_max == 103


def test_a_name_in_use_is_refused_in_place_when_renaming(qtbot, panel, document, monkeypatch):
    def taken(dialog):
        type_into(qtbot, dialog.name_edit, "headline")
        assert "There is a paragraph style named “headline” already." in dialog.problems.text()
        assert not dialog.ok_button.isEnabled()
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)  # disabled: nothing happens
        assert dialog.isVisible()
        dialog.reject()

    answer(monkeypatch, ParagraphStyleDialog, taken)
    click_row(qtbot, panel, "paragraph", "deck")
    qtbot.mouseClick(panel.paragraphs.edit_button, Qt.MouseButton.LeftButton)
    assert "deck" in document.edition.paragraph_styles and document.undo_stack.count() == 0


# -- inheritance in the dialog ----------------------------------------------------------------------


def test_reset_and_another_parent(qtbot, document):
    add_based_on(document, "headline-small", "headline", size=30.0, leading=32.0)
    edition = document.edition
    dialog = ParagraphStyleDialog(edition, edition.paragraph_styles["headline-small"], "pt")
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.show_section("Basic Character Formats")
    assert dialog.reset_button("size").isVisible() and not dialog.inherited_note("size").isVisible()
    assert dialog.inherited_note("weight").isVisible() and dialog.inherited_note("weight").text() == "from headline"
    qtbot.mouseClick(dialog.reset_button("size"), Qt.MouseButton.LeftButton)
    assert dialog.size_edit.value() == 40 and dialog.is_inherited("size")
    assert dialog.summary.text() == "headline + leading: 32 pt"
    choose(dialog.based_on_box, "headline-secondary")  # 22/24 semibold? 700, left
    assert dialog.size_edit.value() == 22 and dialog.leading_edit.value() == 32  # own leading stays
    assert dialog.inherited_note("size").text() == "from headline-secondary"
    style = dialog.result_style()
    assert (style.based_on, style.own, style.size, style.leading) == ("headline-secondary", ("leading",), 22, 32)
    choose(dialog.based_on_box, None)  # [None]: every field is the style's own, as shown
    assert not dialog.reset_button("leading").isVisible() and not dialog.inherited_note("size").isVisible()
    assert dialog.result_style().own == () and dialog.result_style().size == 22
    choose(dialog.based_on_box, "headline")  # what equals the new parent follows it
    assert dialog.is_inherited("weight") and not dialog.is_inherited("size") and not dialog.is_inherited("leading")
    qtbot.mouseClick(dialog.reset_base_button, Qt.MouseButton.LeftButton)
    assert dialog.summary.text() == "Same as headline" and dialog.size_edit.value() == 40


def test_based_on_offers_no_style_based_on_this_one(qtbot, document):
    add_based_on(document, "headline-small", "headline", size=30.0)
    add_based_on(document, "headline-tiny", "headline-small", size=20.0)
    dialog = ParagraphStyleDialog(document.edition, document.edition.paragraph_styles["headline"], "mm")
    qtbot.addWidget(dialog)
    offered = dialog.based_on_box.values()
    assert None in offered and "body" in offered
    assert not {"headline", "headline-small", "headline-tiny"} & set(offered)


def test_every_paragraph_field_reaches_the_style(qtbot, document):
    edition = document.edition
    dialog = ParagraphStyleDialog(edition, None, "pica")
    qtbot.addWidget(dialog)
    dialog.show()
    type_into(qtbot, dialog.name_edit, "standfirst")
    choose(dialog.next_box, "body")
    dialog.show_section("Basic Character Formats")
    choose(dialog.family_box, "Source Sans Pro")
    choose(dialog.weight_box, 600)
    qtbot.mouseClick(dialog.italic_box, Qt.MouseButton.LeftButton)
    type_into(qtbot, dialog.size_edit, "12")
    type_into(qtbot, dialog.leading_edit, "14.5")
    type_into(qtbot, dialog.tracking_edit, "-10")
    choose(dialog.colour_box, "Meridian Blue")
    qtbot.mouseClick(dialog.small_caps_box, Qt.MouseButton.LeftButton)
    dialog.show_section("Indents and Spacing")
    choose(dialog.alignment_box, "left")
    type_into(qtbot, dialog.first_indent_edit, "1p")
    type_into(qtbot, dialog.space_after_edit, "0p6")
    qtbot.mouseClick(dialog.grid_box, Qt.MouseButton.LeftButton)
    dialog.show_section("Keep Options")
    qtbot.mouseClick(dialog.keep_next_box, Qt.MouseButton.LeftButton)
    choose(dialog.start_box, "next-column")
    dialog.show_section("Hyphenation")
    qtbot.mouseClick(dialog.hyphenate_box, Qt.MouseButton.LeftButton)
    assert not dialog.min_word_spin.isEnabled()
    dialog.show_section("Justification")
    type_into(qtbot, dialog.spacing["letter_space_max"], "5")
    assert "not available" not in dialog.face_note.text()
    style = dialog.result_style()
    assert (style.font_family, style.weight, style.italic, style.size, style.leading) == (
        "Source Sans Pro",
        600,
        True,
        12,
        14.5,
    )
    assert (style.tracking, style.color, style.alignment, style.first_line_indent, style.space_after) == (
        -10,
        "Meridian Blue",
        "left",
        12,
        6,
    )
    assert style.keep_with_next and style.start == "next-column" and style.align_to_grid and style.small_caps
    assert not style.hyphenation.enabled and style.justification.letter_space_max == 5
    assert (style.next_style, style.based_on, style.own) == ("body", None, ())
    assert describe_paragraph(style) == "Source Sans Pro SemiBold Italic 12/14.5 left small caps"
    choose(dialog.weight_box, 500)  # the family has no Medium: the caption says what the typesetter sets it in
    used = FontRegistry().resolve("Source Sans Pro", 500, True)
    assert (used.weight, used.italic) == (400, True)
    assert dialog.face_note.text().endswith("— not available: set in Source Sans Pro Italic")


def test_the_preview_uses_our_font_files(qtbot, document):
    dialog = ParagraphStyleDialog(document.edition, document.edition.paragraph_styles["byline"], "mm")
    qtbot.addWidget(dialog)
    assert "Source Sans Pro" in QFontDatabase.families()
    segment = dialog.preview.segments[0]
    assert segment.font.family() == "Source Sans Pro" and segment.font.weight() == 600
    assert dialog.face_note.text().startswith("Source Sans Pro SemiBold, 7.5 pt")
    for made in (dialog, CharacterStyleDialog(document.edition, None, "mm")):  # they fit a 1400 × 1000 window
        qtbot.addWidget(made)
        hint = made.minimumSizeHint()
        assert hint.width() <= 900 and hint.height() <= 700 and made.width() <= 900 and made.height() <= 700


# -- character styles -------------------------------------------------------------------------------


def test_a_new_character_style_sets_only_what_it_is_given(qtbot, panel, document, monkeypatch):
    def new(dialog):
        assert dialog.size_field.value() is None and not dialog.size_field.number.isEnabled()
        type_into(qtbot, dialog.name_edit, "highlight")
        dialog.show_section("Basic Character Formats")
        choose(dialog.italic_box, True)
        choose(dialog.colour_box, "Meridian Blue")
        qtbot.mouseClick(dialog.size_field.check, Qt.MouseButton.LeftButton)
        type_into(qtbot, dialog.size_field.number, "10.5")
        dialog.show_section("Advanced Character Formats")
        type_into(qtbot, dialog.shift_edit, "-2")
        choose(dialog.case_box, True)
        qtbot.mouseClick(dialog.no_break_box, Qt.MouseButton.LeftButton)
        ok(qtbot, dialog)

    answer(monkeypatch, CharacterStyleDialog, new)
    panel.tabs.setCurrentWidget(panel.characters)
    panel.select("character", None)
    qtbot.mouseClick(panel.characters.new_button, Qt.MouseButton.LeftButton)
    made = document.edition.character_styles["highlight"]
    assert (made.italic, made.color, made.size, made.baseline_shift, made.uppercase, made.no_break) == (
        True,
        "Meridian Blue",
        10.5,
        -2,
        True,
        True,
    )
    assert (made.weight, made.font_family, made.tracking, made.small_caps, made.based_on) == (
        None,
        None,
        None,
        False,
        None,
    )
    row = panel.item_of("character", "highlight")
    assert row.text(SETTINGS) == "Italic, 10.5 pt, Meridian Blue, shift -2 pt, All caps, No break"
    with qtbot.waitSignal(panel.apply_character) as applied:
        click_row(qtbot, panel, "character", "highlight")
    assert applied.args == ["highlight"]


def test_a_character_style_based_on_another(qtbot, document):
    edition = document.edition
    dialog = CharacterStyleDialog(edition, None, "mm", based_on="bold")
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.weight_box.value() == 700 and dialog.is_inherited("weight")
    choose(dialog.italic_box, True)
    style = dialog.result_style()
    assert (style.based_on, style.own, style.weight, style.italic) == ("bold", ("italic",), 700, True)
    choose(dialog.weight_box, None)  # [Paragraph's] is a value of its own, not "inherited"
    assert not dialog.is_inherited("weight") and dialog.result_style().own == ("weight", "italic")


# -- duplicate and delete -----------------------------------------------------------------------------


def test_duplicate(qtbot, panel, document):
    click_row(qtbot, panel, "paragraph", "caption")
    qtbot.mouseClick(panel.paragraphs.duplicate_button, Qt.MouseButton.LeftButton)
    copy = document.edition.paragraph_styles["caption copy"]
    assert copy.size == 7.5 and panel.current_style("paragraph") == "caption copy"


def test_delete_puts_the_replacement_in_and_one_undo_restores(qtbot, panel, document, monkeypatch):
    edition = document.edition
    stories = {sid: (list(s.paragraph_styles), dict(s.spans)) for sid, s in edition.stories.items()}

    def with_body(dialog):
        assert dialog.used_label.text() == "4 paragraphs use it."
        assert dialog.replacement_box.value() == "body"
        assert dialog.replacement_box.index_of("first") == -1
        qtbot.mouseClick(dialog.delete_button, Qt.MouseButton.LeftButton)

    seen = answer(monkeypatch, DeleteStyleDialog, with_body)
    click_row(qtbot, panel, "paragraph", "first")
    qtbot.mouseClick(panel.paragraphs.delete_button, Qt.MouseButton.LeftButton)
    assert len(seen) == 1
    assert "first" not in edition.paragraph_styles and panel.item_of("paragraph", "first") is None
    assert edition.stories["lead"].paragraph_styles[4] == "body"
    assert panel.current_style("paragraph") == "body"
    document.undo_stack.undo()
    assert {sid: (list(s.paragraph_styles), dict(s.spans)) for sid, s in edition.stories.items()} == stories
    assert "first" in edition.paragraph_styles

    def unstyled(dialog):
        assert dialog.replacement_box.value() is None  # [No style]
        qtbot.mouseClick(dialog.delete_button, Qt.MouseButton.LeftButton)

    answer(monkeypatch, DeleteStyleDialog, unstyled)
    click_row(qtbot, panel, "character", "qa-speaker")
    qtbot.mouseClick(panel.characters.delete_button, Qt.MouseButton.LeftButton)
    assert "qa-speaker" not in edition.character_styles and "qa-speaker" not in edition.stories["interview"].spans
    document.undo_stack.undo()
    assert edition.stories["interview"].spans == stories["interview"][1]


def test_the_delete_dialog_for_a_character_style_offers_no_style(qtbot, document):
    dialog = DeleteStyleDialog(document.edition, "character", "qa-speaker")
    qtbot.addWidget(dialog)
    assert dialog.used_label.text() == "34 spans use it."
    assert dialog.replacement_box.itemText(0) == "[No style]" and dialog.replacement() is None
    dialog.replacement_box.setCurrentIndex(dialog.replacement_box.index_of("bold"))
    assert dialog.replacement() == "bold"


# -- the file -------------------------------------------------------------------------------------


def test_styles_survive_save_and_load(qtbot, panel, document, monkeypatch, tmp_path):
    def new(dialog):
        type_into(qtbot, dialog.name_edit, "body-tight")
        dialog.show_section("Justification")
        type_into(qtbot, dialog.spacing["word_space_max"], "120")
        ok(qtbot, dialog)

    answer(monkeypatch, ParagraphStyleDialog, new)
    click_row(qtbot, panel, "paragraph", "body")
    qtbot.mouseClick(panel.paragraphs.new_button, Qt.MouseButton.LeftButton)
    made = document.edition.paragraph_styles["body-tight"]
    assert (made.based_on, made.own, made.justification.word_space_max) == ("body", ("justification",), 120)
    saved = document.save(tmp_path / "saved.epd")
    loaded = load_edition(saved)
    assert loaded.paragraph_styles == document.edition.paragraph_styles
    assert loaded.character_styles == document.edition.character_styles


def test_panel_follows_another_document(qtbot, panel, document, sample_path, tmp_path):
    add_based_on(document, "headline-small", "headline", size=30.0)
    panel.refresh()
    assert panel.item_of("paragraph", "headline-small") is not None
    other = tmp_path / "other.epd"
    shutil.copy(sample_path, other)
    panel.set_document(Document.open(other))
    panel.refresh()
    assert panel.item_of("paragraph", "headline-small") is None and panel.item_of("paragraph", "body") is not None
