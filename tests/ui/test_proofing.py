"""Proofreading in the window: wavy underlines as you type, the spelling panel, marks made
in the story editor and applied, the proof view, proof PDF out and comments back in."""

from PySide6.QtGui import QTextCharFormat, QTextCursor

from epaperdesk.ui.actions import proof as proof_actions


def underlined(editor, position):
    block = editor.galley.document().findBlock(position)
    for fmt in block.layout().formats():
        if fmt.start <= position - block.position() < fmt.start + fmt.length:
            return fmt.format.underlineStyle() == QTextCharFormat.UnderlineStyle.SpellCheckUnderline
    return False


def test_typing_a_misspelling_underlines_it_and_lists_it(qtbot, window):
    window.view.set_selection(["lead-body-1"])
    editor = window.docks.story_editor
    story = window.document.edition.stories["lead"]
    at = story.text.index("Twelve") + 6
    cursor = editor.galley.textCursor()
    cursor.setPosition(at)
    editor.galley.setTextCursor(cursor)
    editor.galley.setFocus()
    qtbot.keyClicks(editor.galley, " whitout")
    assert underlined(editor, at + 3) and not underlined(editor, at - 3)
    proof_actions.check_spelling(window)
    panel = window.docks.proof_panel
    words = [panel.word_list.topLevelItem(i).text(0) for i in range(panel.word_list.topLevelItemCount())]
    assert words == ["whitout"]
    panel.word_list.setCurrentItem(panel.word_list.topLevelItem(0))
    qtbot.waitUntil(
        lambda: panel.suggestion_list.count() and panel.suggestion_list.item(0).text() != "Looking up…", timeout=10000
    )
    suggestions = [panel.suggestion_list.item(i).text() for i in range(panel.suggestion_list.count())]
    assert "without" in suggestions
    panel.replacement.setText("without")
    panel.replace_word()
    assert "Twelve without months" in story.text and panel.word_list.topLevelItemCount() == 0


def test_add_to_dictionary_and_ignore_stop_the_underline(qtbot, window):
    window.view.set_selection(["lead-body-1"])
    editor = window.docks.story_editor
    story = window.document.edition.stories["lead"]
    cursor = editor.galley.textCursor()
    cursor.setPosition(0)
    editor.galley.setTextCursor(cursor)
    qtbot.keyClicks(editor.galley, "Zorbex Quillon ")
    assert underlined(editor, 2) and underlined(editor, 9)
    editor.add_word("Zorbex")
    editor.ignore_word("Quillon")
    assert not underlined(editor, 2) and not underlined(editor, 9)
    assert "Zorbex" in window.document.edition.dictionary_words
    window.document.undo_stack.undo()
    assert underlined(editor, 9)
    del story


def test_marks_from_the_editor_apply_and_show_in_the_proof_view(qtbot, window):
    window.view.set_selection(["lead-body-1"])
    editor = window.docks.story_editor
    edition = window.document.edition
    story = edition.stories["lead"]
    start = story.text.index("catalogue")
    cursor = editor.galley.textCursor()
    cursor.setPosition(start)
    cursor.setPosition(start + len("catalogue"), QTextCursor.MoveMode.KeepAnchor)
    editor.galley.setTextCursor(cursor)
    correction = editor.mark("replace", "list")
    assert edition.corrections[correction].author == window.preferences.user_name
    window.commands.trigger("proof.view")
    window.docks.proof_panel.refresh()
    assert any(m.kind == "replace" and m.note.startswith(correction) for m in window.view.proof_marks)
    panel = window.docks.proof_panel
    panel.tabs.setCurrentIndex(panel.tabs.indexOf(panel.corrections_page))
    item = panel.correction_list.topLevelItem(0)
    panel.correction_list.setCurrentItem(item)
    panel.set_status("accepted")
    panel.apply_accepted()
    assert "released a list of" in story.text and edition.corrections[correction].status == "applied"
    window.document.undo_stack.undo()
    assert "released a catalogue of" in story.text


def test_proof_pdf_out_and_comments_back_in(qtbot, window, tmp_path, monkeypatch):
    window.view.set_selection(["lead-body-1"])
    editor = window.docks.story_editor
    story = window.document.edition.stories["lead"]
    start = story.text.index("shutter")
    editor.open_story("lead", start, start + 7)
    editor.mark("query", "Shutter or aperture?")
    path = tmp_path / "proof.pdf"
    from PySide6.QtWidgets import QFileDialog

    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(path), ""))
    proof_actions.export_proof(window)
    assert path.exists()
    window.document.undo_stack.undo()  # the mark is gone from the edition ...
    assert not window.document.edition.corrections
    proof_actions.import_comments(window, str(path))  # ... and comes back from the PDF
    (correction,) = window.document.edition.corrections.values()
    assert correction.kind == "query" and story.anchors[correction.id] == (start, start + 7)


def test_capitals_can_be_checked_too(qtbot, window):
    panel = window.docks.proof_panel
    from epaperdesk.model.edits import splice_text

    window.document.push(splice_text(window.document.edition, "briefs", 0, 0, "QWRTZX NATO "))
    panel.refresh()
    found = [m.word for m in panel.misspellings]
    assert "QWRTZX" in found and "NATO" not in found  # capitals are checked by default; initialisms pass
    assert not panel.capitals_box.isChecked()
    panel.capitals_box.setChecked(True)
    assert "QWRTZX" not in [m.word for m in panel.misspellings]
    panel.capitals_box.setChecked(False)
    assert "QWRTZX" in [m.word for m in panel.misspellings]


def test_the_copy_tab_lists_repeated_words_and_pasted_breaks_and_fixes_them(qtbot, window):
    from epaperdesk.model.edits import splice_text

    panel = window.docks.proof_panel
    edition = window.document.edition
    story = edition.stories["briefs"]
    end = story.text.index("\n")
    window.document.push(splice_text(edition, "briefs", end, 0, " Talks on the the new coop- eration went on"))
    panel.refresh()
    found = {item.message for item in panel.copy_problems if item.story_id == "briefs"}
    assert any("the the" in message for message in found)
    assert any("cooperation" in message for message in found)
    panel.tabs.setCurrentIndex(2)
    assert panel.copy_list.topLevelItemCount() == len(panel.copy_problems)
    panel.fix_all_copy()
    text = edition.stories["briefs"].text
    assert "on the new cooperation went on" in text and "the the" not in text
    window.commands.trigger("edit.undo")
    assert "the the new coop- eration" in edition.stories["briefs"].text


def test_a_comment_not_placed_is_placed_by_hand_on_the_selection(qtbot, window):
    from epaperdesk.model.corrections import Reply
    from epaperdesk.proof.placing import Unplaced

    panel = window.docks.proof_panel
    editor = window.docks.story_editor
    reply = Reply("Desk", "2026-11-20T10:00:00+00:00", "agreed")
    item = Unplaced(
        1,
        "page 1: replace “camera”: fits equally well at 2 places",
        "replace",
        "lens",
        "Proofreader",
        "2026-11-20T09:00:00+00:00",
        (reply,),
    )
    panel.show_to_place([item])
    assert panel.to_place_list.count() == 1 and not panel.place_button.isHidden()
    story = window.document.edition.stories["lead"]
    start = story.text.index("shutter")
    editor.open_story("lead", start, start + 7)
    panel.to_place_list.setCurrentRow(0)
    panel.place_on_selection()
    (correction,) = window.document.edition.corrections.values()
    assert (correction.kind, correction.text, correction.author) == ("replace", "lens", "Proofreader")
    assert correction.replies == (reply,) and story.anchors[correction.id] == (start, start + 7)
    assert panel.to_place_list.count() == 0 and panel.place_button.isHidden()
