"""The Pages and Story Budget docks, master pages on the canvas, variables from the menu."""

from PySide6.QtWidgets import QInputDialog, QMessageBox

from epaperdesk.ui import navigation
from epaperdesk.ui.actions import edit as edit_actions
from epaperdesk.ui.actions import objects as object_actions
from epaperdesk.ui.actions import text as text_actions


def labels(panel):
    panel.refresh()
    return [panel.list.item(i).text() for i in range(panel.list.count())]


def jumps(window):
    return [(j.kind, j.page) for d in window.document.layout.pages for j in d.jumps]


def test_pages_panel_adds_duplicates_reorders_and_deletes(qtbot, window, monkeypatch):
    panel = window.docks.pages_panel
    assert labels(panel) == ["1 · front", "2 · inside"]
    assert not panel.list.item(0).icon().isNull()
    panel.list.setCurrentRow(1)
    panel.duplicate()
    assert labels(panel) == ["1 · front", "2 · inside", "3 · inside"]
    panel.list.setCurrentRow(1)
    panel.step(1)  # the continuation page moves to third: the jump line says so
    assert ("see", 3) in jumps(window) and ("continued", 1) in jumps(window)
    panel.list.setCurrentRow(0)
    panel.add_page()
    assert len(window.document.edition.pages) == 4 and panel.list.currentRow() == 1
    assert window.document.edition.pages[1].master == "front"
    asked = []
    monkeypatch.setattr(
        QMessageBox, "question", lambda *a, **k: asked.append(a[2]) or QMessageBox.StandardButton.Cancel
    )
    assert not panel.delete() and len(window.document.edition.pages) == 4  # asked first: cancelled
    assert asked and asked[0].startswith("Delete page 2 with its 0 frames?")
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    assert panel.delete()
    assert len(window.document.edition.pages) == 3
    for _ in range(4):
        window.document.undo_stack.undo()
    assert labels(panel) == ["1 · front", "2 · inside"] and jumps(window) == [("see", 2), ("continued", 1)]


def test_master_and_section_of_a_page(qtbot, window):
    panel = window.docks.pages_panel
    panel.refresh()
    panel.list.setCurrentRow(1)
    panel.section_edit.setText("Opinion")
    panel._section_set()
    running = " ".join(r.text for r in window.document.layout.pages[1].glyph_runs() if r.story_id == "running-section")
    assert running.startswith("OPINION")
    index = panel.master_box.findData("front")
    panel.master_box.setCurrentIndex(index)
    panel._master_chosen(index)
    assert window.document.edition.pages[1].master == "front"
    assert not any(r.story_id == "running-section" for r in window.document.layout.pages[1].glyph_runs())


def test_editing_master_pages_on_the_canvas(qtbot, window):
    window.docks.pages_panel.masters_button.setChecked(True)
    scene = window.view.scene_
    assert scene.masters_mode and scene.pages() == window.document.edition.masters
    assert "Master page" in window.status.page_label.text()
    window.view.set_selection(["inside-head-rule"])
    window.view.nudge(0, 4)
    rule = window.document.edition.frame_by_id("inside-head-rule")
    assert rule.rect.y == 56  # moved on the master ...
    window.docks.pages_panel.masters_button.setChecked(False)
    display = window.document.layout.pages[1]
    assert any(
        i.frame_id == "p2~inside-head-rule" and abs(i.y1 - 57) < 0.01 for i in display.items if hasattr(i, "y1")
    )  # ... and so on the page that uses it


def test_override_a_master_item_from_the_menu(qtbot, window, monkeypatch):
    window.view.go_to_page(1)
    monkeypatch.setattr(QInputDialog, "getItem", lambda *a, **k: ("inside-running-head (text)", True))
    object_actions.override_master_item(window)
    page = window.document.edition.pages[1]
    assert page.hidden_master_frames == ("inside-running-head",)
    (selected,) = window.view.selected
    assert window.document.edition.frame_by_id(selected).story_id.startswith("running-head-p2")


def test_story_budget_lists_and_sets_status(qtbot, window, monkeypatch):
    panel = window.docks.budget_panel
    panel.refresh()
    rows = {
        panel.tree.topLevelItem(i).data(0, 256): panel.tree.topLevelItem(i)
        for i in range(panel.tree.topLevelItemCount())
    }
    interview = rows["interview"]
    assert interview.text(1) == "1, 2" and interview.text(4) == "editing" and int(interview.text(2)) > 1800
    panel.tree.setCurrentItem(interview)
    panel.set_status("proofing")
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: ("Ann", True))
    panel.assign()
    story = window.document.edition.stories["interview"]
    assert (story.status, story.assignee) == ("proofing", "Ann")
    navigation.go_to_story(window, "harbour")
    assert window.view.selected == ["harbour-head"] and window.docks.story_editor.story_id == "harbour"


def test_insert_a_variable_from_the_menu(qtbot, window):
    window.docks.story_editor.open_story("briefs", 0)
    window.commands.trigger("type.variable.page")
    assert window.document.edition.stories["briefs"].text.startswith("{{page}}")
    runs = [r for r in window.document.layout.pages[0].glyph_runs() if r.story_id == "briefs"]
    assert runs[0].text.startswith("1")


def test_a_new_story_in_an_empty_frame_on_a_master(qtbot, window):
    window.docks.pages_panel.masters_button.setChecked(True)
    window.view.go_to_page(1)
    master = window.document.edition.masters[1]
    frame_id = window.view.add_frame(master, master.frames[0].rect.moved(0, 200), "text")
    story_id = text_actions.start_story(window)
    assert window.document.edition.frame_by_id(frame_id).story_id == story_id
    window.docks.story_editor.galley.setFocus()
    qtbot.keyClicks(window.docks.story_editor.galley, "Page {{page}}")
    window.docks.pages_panel.masters_button.setChecked(False)
    runs = [r.text for r in window.document.layout.pages[1].glyph_runs() if r.story_id == story_id]
    assert runs == ["Page", "2"]


def test_house_settings_change_fit_limits_and_jump_wording(qtbot, window, monkeypatch):
    from epaperdesk.ui import house_dialog

    def run(dialog):
        dialog.tracking_min.setValue(-20)
        dialog.see_text.setText("Continued on page {page}")
        dialog._accept()
        return True

    monkeypatch.setattr(house_dialog.HouseSettingsDialog, "exec", run)
    assert edit_actions.edit_house_settings(window)
    edition = window.document.edition
    assert edition.copyfit.tracking_min == -20
    texts = [j.text for d in window.document.layout.pages for j in d.jumps]
    assert "Continued on page 2" in texts
    window.document.undo_stack.undo()
    assert edition.copyfit.tracking_min == -12 and edition.jumps.see == "See page {page}"

    def broken(dialog):
        dialog.see_text.setText("See the next page")
        dialog._accept()
        return False

    monkeypatch.setattr(house_dialog.HouseSettingsDialog, "exec", broken)
    assert not edit_actions.edit_house_settings(window)
