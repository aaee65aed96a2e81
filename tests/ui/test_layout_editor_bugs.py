"""Each canvas and window bug a layout editor reported (issue 21), reproduced as they met it,
with input events where they used them. Each test failed before its fix."""

import shutil
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QAbstractItemView, QFileDialog, QHeaderView, QTableWidget, QToolButton, QTreeWidget

from epaperdesk.geometry import Rect
from epaperdesk.io.recovery import orphaned_recoveries, recovery_folder
from epaperdesk.model.edits import AddPage
from epaperdesk.model.frame_edits import move_frames
from epaperdesk.model.page import Page
from epaperdesk.proof.breaks import find_bad_breaks
from tests.ui.test_canvas import centre_on, drag
from tests.ui.test_page_tools import added, frame_ids, page_point

FILE_FILTER = "EpaperDesk editions (*.epd)"


def canvas_share(window) -> float:
    return window.view.viewport().width() / window.width()


def test_opening_another_edition_keeps_the_canvas_its_size(qtbot, window, sample_path, tmp_path):
    """Was: File → Open (or restoring a crash copy) built a new central widget, and the canvas
    shrank to about 60 px at 3 % zoom until a restart."""
    window.view.fit_page()
    share, zoom = canvas_share(window), window.view.zoom
    other = tmp_path / "other.epd"
    shutil.copy(sample_path, other)
    for _ in range(3):
        assert window.files.open_path(other)
        qtbot.wait(10)
        assert window.document.path == other.resolve() or window.document.path == other
        assert canvas_share(window) == pytest.approx(share, abs=0.02)
        assert window.view.viewport().height() > 400
    window.view.fit_page()
    assert window.view.zoom == pytest.approx(zoom, rel=0.05)


def test_save_as_leaves_no_autosave_copy_behind(qtbot, window, tmp_path, monkeypatch):
    """Was: the copy autosaved under the old name stayed, and the next start said the app
    had not closed properly."""
    window.view.set_selection(["soil-photo"])
    window.view.nudge(3, 0)
    assert window.files.autosaver.autosave()
    assert list(recovery_folder().glob("*.json"))
    target = tmp_path / "renamed.epd"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), FILE_FILTER))
    window.commands.trigger("file.save_as")
    assert target.exists() and not window.isWindowModified()
    assert list(recovery_folder().glob("*.json")) == []
    assert orphaned_recoveries() == []


@pytest.mark.parametrize(("command", "tool"), [("object.tool.text", "text"), ("object.tool.image", "image")])
def test_the_draw_tools_stay_on_after_a_frame(qtbot, window, command, tool):
    """Was: after one frame the tool went back to Select while the toolbar still showed the
    draw tool, and the next drag drew nothing."""
    window.view.set_zoom(1.0)
    window.commands.trigger(command)
    made = []
    for x in (60, 260):
        before = frame_ids(window)
        start = page_point(window, x, 1300)
        drag(qtbot, window.view, start, start + QPoint(120, 80))
        made += added(window, before)
        assert window.view.tool == tool and window.commands.actions[command].isChecked()
    assert len(made) == 2


def test_an_empty_text_frame_empties_the_story_editor(qtbot, window):
    """Was: the previous story stayed in the editor, and typing went into it."""
    editor = window.docks.story_editor
    window.view.set_selection(["lead-body-1"])
    assert editor.story_id == "lead"
    lead = window.document.edition.stories["lead"].text
    window.commands.trigger("object.new_text_frame")
    assert editor.story_id is None and editor.galley.toPlainText() == ""
    editor.galley.setFocus()
    qtbot.keyClicks(editor.galley, "stray")
    assert window.document.edition.stories["lead"].text == lead
    assert not editor.fit_button.isEnabled()
    assert not any(button.isEnabled() for button in editor.style_buttons.values())  # B, I, Sc


def test_master_stories_on_two_pages_are_not_widows(window):
    """Was: lines of a master's story were grouped by story across pages, so a second page on
    the same master made a false widow and every export asked "Export anyway?"."""
    document = window.document
    edition = document.edition
    master = edition.pages[1].master
    assert master
    document.push(AddPage(2, Page.from_preset("p-extra", "broadsheet", master=master)))
    assert sum(1 for page in edition.pages if page.master == master) == 2
    masters = {story for m in edition.masters for f in m.frames if (story := getattr(f, "story_id", None))}
    bad = [b for b in find_bad_breaks(edition, document.layout) if b.story_id in masters]
    assert bad == []


def test_a_small_move_of_the_pull_quote_does_not_send_the_interview_away(qtbot, window):
    """Was: dragging the wrapping pull quote 10 pt up made 260 lines of the Editor's Pick
    overset, with nothing saying why."""
    document = window.document
    pages = {i for i, page in enumerate(document.layout.pages) for r in page.lines if r.story_id == "interview"}
    for dy in (-10, 10):
        document.push(move_frames(document.edition, ["interview-quote"], 0, dy))
        report = document.layout.stories["interview"]
        assert report.overset_lines == 0
        now = {i for i, page in enumerate(document.layout.pages) for r in page.lines if r.story_id == "interview"}
        assert now == pages
        assert report.wrapped_by == ("interview-quote",)  # what an overset would name


def test_ctrl_equals_zooms_in(qtbot, window):
    window.view.set_zoom(0.5)
    window.view.setFocus()
    qtbot.keyClick(window.view, Qt.Key.Key_Equal, Qt.KeyboardModifier.ControlModifier)
    assert window.view.zoom > 0.5


def test_the_undo_buttons_keep_their_place(qtbot, window):
    """Was: Undo/Redo carried the command's name, so the toolbar moved after every action."""
    buttons = [b for b in window.findChildren(QToolButton) if b.defaultAction() is window.commands.actions["edit.undo"]]
    assert buttons
    geometry = [b.geometry() for b in buttons]
    window.view.set_selection(["soil-photo"])
    window.view.nudge(4, 0)
    window.view.delete_selection()
    qtbot.wait(10)
    assert [b.geometry() for b in buttons] == geometry
    assert all(b.text() in ("Undo", "") for b in buttons)


def test_the_story_list_counts_words_as_they_are_typed(qtbot, window):
    editor = window.docks.story_editor
    window.view.set_selection(["lead-body-1"])
    index = editor.story_box.findData("lead")
    before = editor.story_box.itemText(index)
    cursor = editor.galley.textCursor()
    cursor.setPosition(0)
    editor.galley.setTextCursor(cursor)
    editor.galley.setFocus()
    qtbot.keyClicks(editor.galley, "Two more ")
    count = window.document.edition.stories["lead"].word_count()
    assert editor.story_box.itemText(index) != before and f"{count} words" in editor.story_box.itemText(index)


def test_the_status_bar_forgets_a_deleted_frame(qtbot, window):
    window.view.set_selection(["soil-photo"])
    assert "soil-photo" in window.status.selection_label.text()
    window.view.delete_selection()
    assert "soil-photo" not in window.status.selection_label.text()


def test_the_highlighted_page_follows_the_page_shown_and_its_fields_set_it(qtbot, window):
    """Was: the thumbnail stayed on the first page, and its Master/Section fields changed the
    highlighted page, not the one on screen."""
    panel = window.docks.pages_panel
    window.view.go_to_page(1)
    qtbot.wait(10)
    assert panel.current_index() == 1
    panel.section_edit.setText("Weather")
    panel._section_set()
    assert window.document.edition.pages[1].section == "Weather"
    assert window.document.edition.pages[0].section != "Weather"
    window.view.go_to_page(0)
    qtbot.wait(10)
    assert panel.current_index() == 0


def test_tool_keys_type_into_the_story_editor_when_it_has_focus(qtbot, window):
    """Was: T, P, R, V… switched the canvas tool instead of typing."""
    editor = window.docks.story_editor
    window.view.set_selection(["lead-body-1"])
    cursor = editor.galley.textCursor()
    cursor.setPosition(0)
    editor.galley.setTextCursor(cursor)
    editor.galley.setFocus()
    qtbot.keyClicks(editor.galley, "tprv")
    assert window.document.edition.stories["lead"].text.startswith("tprv")
    assert window.view.tool == "select"
    qtbot.keyClick(editor.galley, Qt.Key.Key_Escape)  # Escape gives the keys back to the page
    assert window.view.hasFocus()
    qtbot.keyClick(window.view, Qt.Key.Key_T)
    assert window.view.tool == "text"


def test_copy_in_the_story_editor_copies_text_not_frames(qtbot, window):
    from PySide6.QtWidgets import QApplication

    editor = window.docks.story_editor
    window.view.set_selection(["lead-body-1"])
    cursor = editor.galley.textCursor()
    cursor.setPosition(0)
    cursor.setPosition(5, cursor.MoveMode.KeepAnchor)
    editor.galley.setTextCursor(cursor)
    editor.galley.setFocus()
    qtbot.keyClick(editor.galley, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)
    clip = QApplication.clipboard().mimeData()
    assert clip.text() == window.document.edition.stories["lead"].text[:5]
    assert not clip.hasFormat("application/x-epaperdesk-frames")


def test_table_columns_show_their_text(qtbot, window):
    """Was: Preflight, Story Budget and the shortcut list clipped their columns."""
    window.docks.preflight_dock.show()
    window.docks.preflight_dock.raise_()
    window.docks.preflight_panel.refresh()
    qtbot.wait(50)
    checked = 0
    for view in window.findChildren(QAbstractItemView):
        if not isinstance(view, (QTableWidget, QTreeWidget)) or not view.isVisible():
            continue
        header = view.horizontalHeader() if isinstance(view, QTableWidget) else view.header()
        for column in range(header.count() - 1):  # the last one stretches
            mode = header.sectionResizeMode(column)
            fits = mode in (QHeaderView.ResizeMode.ResizeToContents, QHeaderView.ResizeMode.Stretch)
            assert fits or header.sectionSize(column) >= view.sizeHintForColumn(column), (view.accessibleName(), column)
            checked += 1
    assert checked, "no table was looked at"


def test_the_shortcut_for_zoom_in_is_listed_for_ctrl_equals(window):
    keys = [k.toString() for k in window.commands.actions["view.zoom_in"].shortcuts()]
    assert QKeySequence("Ctrl+=").toString() in keys


def test_drag_of_a_text_frame_draws_no_new_frame(qtbot, window):
    """The Select tool is back after Escape: a drag moves, it does not draw."""
    window.view.set_zoom(1.0)
    window.commands.trigger("object.tool.text")
    window.view.setFocus()
    qtbot.keyClick(window.view, Qt.Key.Key_Escape)
    assert window.view.tool == "select"
    before = frame_ids(window)
    start = centre_on(window, "soil-photo")
    drag(qtbot, window.view, start, start + QPoint(10, 10))
    assert frame_ids(window) == before


def test_properties_follow_the_document_after_new_or_open(qtbot, window, sample_path, tmp_path):
    """Found in a user trial: after File → New (or Open, or a restore) the Properties panel
    kept the first document and showed "No selection"."""
    other = tmp_path / "other.epd"
    shutil.copy(sample_path, other)
    assert window.files.open_path(other)
    panel = window.docks.properties_panel
    assert panel.document is window.document
    window.view.set_selection(["soil-photo"])
    qtbot.wait(10)
    assert "soil-photo" in panel.selection_label.text()


def test_panel_keys_bring_a_panel_from_behind_its_tab(qtbot, window):
    """Found in a user trial: F4 did nothing, and F5/F11 hid a panel that was behind a tab
    (it counted as shown), so a key never brought its panel forward."""
    docks = window.docks
    window.commands.trigger("view.styles_panel")  # whatever it was: now in front, or hidden
    if not docks.in_front("styles"):
        window.commands.trigger("view.styles_panel")
    qtbot.wait(10)
    assert docks.in_front("styles")
    window.commands.trigger("view.properties_panel")  # F4: Properties shares the tab group
    qtbot.wait(10)
    assert docks.in_front("properties")
    assert docks.dock("styles") in window.tabifiedDockWidgets(docks.dock("properties"))  # one tab group
    assert not docks.in_front("styles") and docks.dock("styles").isVisible()  # behind its tab
    assert not window.commands.actions["view.styles_panel"].isChecked()
    window.commands.trigger("view.styles_panel")  # brought forward, not hidden
    qtbot.wait(10)
    assert docks.in_front("styles")
    window.commands.trigger("view.styles_panel")  # in front: the key hides it
    assert not docks.dock("styles").isVisible()
    assert [k.toString() for k in window.commands.actions["view.properties_panel"].shortcuts()] == ["F4"]


def caption_gap(window, photo="lead-photo", caption="lead-caption"):
    edition = window.document.edition
    p, c = edition.frame_by_id(photo).rect, edition.frame_by_id(caption).rect
    return round(c.y - p.bottom, 3), round(c.x - p.x, 3), round(c.width - p.width, 3)


def test_the_caption_stays_under_its_photo_when_the_photo_is_resized(qtbot, window):
    """Found in a user trial: the caption followed a move but not a resize, and the photo
    grew over it (H in Properties, the bottom handle, the keyboard)."""
    from epaperdesk.model.frame_properties import set_frame_field

    document = window.document
    gap = caption_gap(window)
    document.push(set_frame_field(document.edition, ["lead-photo"], "height", 350.0))  # Properties: H
    assert caption_gap(window) == gap
    document.push(set_frame_field(document.edition, ["lead-photo"], "width", 480.0))  # W: the caption too
    assert caption_gap(window) == gap
    window.view.set_zoom(1.0)
    view = window.view
    window.view.set_selection(["lead-photo"])
    handle = view.handle_rects("lead-photo")["b"].center()
    view.centerOn(handle)
    start = view.mapFromScene(handle)
    drag(qtbot, view, start, start + QPoint(0, 30))  # the bottom handle
    assert document.edition.frame_by_id("lead-photo").rect.height > 360
    assert caption_gap(window) == gap
    window.view.set_selection(["lead-photo"])
    window.view.resize_selection(0, -20)  # the keyboard
    assert caption_gap(window) == gap
    window.commands.trigger("edit.undo")
    assert caption_gap(window) == gap


def test_a_click_on_a_swatch_colours_the_selected_box_and_rule_in_full(qtbot, window):
    """Found in a user trial: the swatches panel coloured nothing, and a box's fill changed
    in the Properties panel kept the new box's 15 % tint (almost invisible)."""
    from epaperdesk.model.frame_edits import new_frame
    from epaperdesk.model.frame_properties import set_frame_field

    document = window.document
    page = document.edition.pages[0].id
    box_edit, box = new_frame(document.edition, page, Rect(100, 1000, 80, 40), "box")
    document.push(box_edit)
    rule_edit, rule = new_frame(document.edition, page, Rect(100, 1060, 80, 0.5), "rule")
    document.push(rule_edit)
    assert document.edition.frame_by_id(box).tint < 100
    window.view.set_selection([box, rule])
    panel = window.docks.swatches_panel
    panel.refresh()
    item = panel.item_of("Meridian Blue")
    assert item is not None
    panel.tree.scrollToItem(item)
    qtbot.mouseClick(panel.tree.viewport(), Qt.MouseButton.LeftButton, pos=panel.tree.visualItemRect(item).center())
    boxed, ruled = document.edition.frame_by_id(box), document.edition.frame_by_id(rule)
    assert (boxed.fill, boxed.tint) == ("Meridian Blue", 100.0)
    assert ruled.color == "Meridian Blue"
    document.push(set_frame_field(document.edition, [box], "tint", 30.0))
    document.push(set_frame_field(document.edition, [box], "fill", "Black"))  # Properties: Fill
    assert document.edition.frame_by_id(box).tint == 100.0


@pytest.mark.parametrize("tool", ["object.tool.text", "object.tool.box"])
def test_drawing_a_frame_snaps_to_the_margins(qtbot, window, tool):
    """Found in a user trial: frames drawn by hand landed at 36.5 and 33.7 pt beside a margin
    at 34 pt, so every frame needed typed values; moving snapped, drawing did not."""
    window.view.set_zoom(1.0)
    window.view.snapping = True
    page = window.document.edition.pages[1]
    left, top = page.column_positions()[0][0], page.margins.top
    window.commands.trigger(tool)
    before = frame_ids(window)
    start = page_point(window, left + 3.0, 700.0, index=1)
    end = start + QPoint(150, 90)
    drag(qtbot, window.view, start, end)
    (frame,) = added(window, before)
    assert frame.rect.x == pytest.approx(left, abs=0.01)
    assert window.view.snap_lines == ()  # nothing left on the screen
    assert top < frame.rect.y


def test_the_new_edition_dialog_starts_from_the_template(qtbot, window):
    """Found in a user trial: Pages said 4 for a two-page template, facing pages did not
    follow it, and "&Width × height:" showed its ampersand."""
    from PySide6.QtWidgets import QLabel

    from epaperdesk.io.templates import list_templates, load_template
    from epaperdesk.ui.setup_dialogs import NewEditionDialog

    dialog = NewEditionDialog(list_templates(), "mm", window, load=load_template)
    qtbot.addWidget(dialog)
    template = load_template("tabloid")
    assert dialog.template_name() == "tabloid"
    assert dialog.pages_spin.value() == len(template.pages)
    assert dialog.facing_box.isChecked() == template.facing_pages
    (label,) = [w for w in dialog.findChildren(QLabel) if w.text() == "&Width × height:"]
    assert label.buddy() is dialog.form.width_edit


def test_the_story_editor_with_no_story_offers_nothing(qtbot, window):
    """Found in a user trial: Unfit was on with no story and the type strip showed 1.00 pt."""
    editor = window.docks.story_editor
    window.commands.trigger("object.new_text_frame")  # an empty frame: no story
    assert editor.story_id is None
    assert not editor.unfit_button.isEnabled() and not editor.fit_button.isEnabled()
    assert editor.type_strip.size_spin.text().strip() == ""
    window.view.set_selection(["lead-body-1"])
    assert editor.type_strip.size_spin.text().strip().endswith("pt")


def test_the_editor_caret_leaves_the_page_with_the_selection(qtbot, window):
    """Found in a user trial: the story editor's caret stayed drawn on the page after the
    frame was deselected."""
    editor = window.docks.story_editor
    window.view.set_selection(["lead-body-1"])
    cursor = editor.galley.textCursor()
    cursor.setPosition(10)
    editor.galley.setTextCursor(cursor)
    assert window.view.text_highlight is not None
    window.view.setFocus()
    window.view.set_selection([])
    assert window.view.text_highlight is None


def test_bring_to_front_and_send_to_back(qtbot, window):
    page = window.document.edition.pages[0]
    window.view.set_selection(["soil-photo"])
    window.commands.trigger("object.front")
    assert page.frames[-1].id == "soil-photo"
    window.commands.trigger("object.back")
    assert page.frames[0].id == "soil-photo"
    assert window.document.undo_stack.undoText() == "Send to back"


def test_typed_quotes_come_out_typographic(qtbot, window):
    """Found in a user trial: straight quotes typed in the Story Editor stayed straight and
    preflight then warned about them."""
    editor = window.docks.story_editor
    window.view.set_selection(["lead-body-1"])
    cursor = editor.galley.textCursor()
    cursor.setPosition(0)
    editor.galley.setTextCursor(cursor)
    editor.galley.setFocus()
    qtbot.keyClicks(editor.galley, "\"It's here\" (she said 'now') ")
    text = window.document.edition.stories["lead"].text
    assert text.startswith("\u201cIt\u2019s here\u201d (she said \u2018now\u2019) ")


def test_ctrl_click_selects_the_frame_behind(qtbot, window):
    """Found in a user trial: a box under a text frame could not be clicked (the text frame
    on top always won); Ctrl+click steps down through the frames at the point."""
    from epaperdesk.model.frame_edits import new_frame

    window.view.set_zoom(1.0)
    document = window.document
    page = document.edition.pages[0]
    box_edit, box = new_frame(document.edition, page.id, Rect(60, 1250, 200, 100), "box")
    document.push(box_edit)
    text_edit, text = new_frame(document.edition, page.id, Rect(60, 1250, 200, 100), "text")
    document.push(text_edit)
    point = page_point(window, 160, 1300)
    viewport = window.view.viewport()
    qtbot.mouseClick(viewport, Qt.MouseButton.LeftButton, pos=point)
    assert window.view.selected == [text]
    qtbot.mouseClick(viewport, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.ControlModifier, point)
    assert window.view.selected == [box]
    qtbot.mouseClick(viewport, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.ControlModifier, point)
    assert window.view.selected != [box]  # on down, then round to the top


def test_save_as_proposes_a_name_and_a_folder(qtbot, window, monkeypatch, tmp_path):
    """Found in a user trial: Save As of a new edition showed an empty name in the home folder
    (the export dialog already proposed one)."""
    from epaperdesk.model.edition import Edition
    from epaperdesk.model.page import Page

    asked = []
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: asked.append(a[2]) or ("", ""))
    window.commands.trigger("file.save_as")
    assert asked[-1] == str(window.document.path)  # a saved edition: its own name and folder
    edition = Edition(title="The Harbour Herald")
    edition.pages = [Page.from_preset("p1", "tabloid")]
    window.files.start_new(edition)
    window.commands.trigger("file.save_as")
    proposed = Path(asked[-1])
    assert proposed.name == f"the-harbour-herald-{edition.date.isoformat()}.epd"
