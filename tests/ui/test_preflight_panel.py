"""Live preflight in the window: the status light, the findings dock, locating a finding,
export refused by the profile, the e-paper export, the profile editor."""

from PySide6.QtWidgets import QFileDialog, QInputDialog

from epaperdesk.model.edits import resize_frame
from epaperdesk.ui import navigation
from epaperdesk.ui.actions import file as file_actions


def test_status_light_follows_the_work(qtbot, window):
    panel = window.docks.preflight_panel
    assert panel.profile.name == "Newsprint"
    qtbot.waitUntil(
        lambda: "3 infos" in window.status.preflight_button.text(), timeout=5000
    )  # checked once the window is up
    frame = window.document.edition.frame_by_id("soil-body")
    window.document.push(resize_frame(window.document.edition, "soil-body", frame.rect.width, 100))
    qtbot.waitUntil(lambda: "error" in window.status.preflight_button.text(), timeout=5000)
    finding = next(f for f in panel.findings if f.rule == "overset")
    navigation.show_finding(window, finding)
    assert window.view.selected == ["soil-body"]
    window.document.undo_stack.undo()
    qtbot.waitUntil(lambda: "error" not in window.status.preflight_button.text(), timeout=5000)


def test_export_is_refused_with_errors_and_applies_the_ink_limit(qtbot, window, tmp_path, monkeypatch):
    frame = window.document.edition.frame_by_id("soil-body")
    window.document.push(resize_frame(window.document.edition, "soil-body", frame.rect.width, 100))
    target = tmp_path / "page.pdf"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    said = []
    monkeypatch.setattr(file_actions, "refused_choice", lambda ctx, text: said.append(text) or "findings")
    file_actions.export_pdf(window)
    assert not target.exists() and said[0].startswith("Export refused by the Newsprint profile: 1 error.")
    assert "Errors (1):" in said[0] and "overset" in said[0]
    assert window.docks.preflight_dock.isVisible()
    monkeypatch.setattr(file_actions, "refused_choice", lambda ctx, text: "anyway")
    proof = tmp_path / "proof-copy.pdf"
    assert file_actions.export_pdf(window, str(proof)) and proof.exists()  # a proof of the overset page
    window.document.undo_stack.undo()
    calls = []
    import epaperdesk.export as export_package

    original = export_package.export_pdf
    monkeypatch.setattr(
        export_package, "export_pdf", lambda e, p, options, **k: calls.append(options) or original(e, p, options, **k)
    )
    from epaperdesk.ui.export_dialog import ExportDialog

    def answer(dialog):  # the options dialog, OK with the profile's defaults into `target`
        dialog.path_edit.setText(str(target))
        dialog.accept()
        return dialog.result()

    monkeypatch.setattr(ExportDialog, "exec", answer)
    assert file_actions.export_pdf(window)
    assert target.exists() and calls[0].ink_limit == 240


def test_epaper_export_from_the_window(qtbot, window, tmp_path):
    file_actions.export_epaper(window, str(tmp_path / "epaper"))
    assert (tmp_path / "epaper" / "articles.json").exists()
    assert "e-paper edition" in window.statusBar().currentMessage().lower()


def test_a_copied_profile_is_edited_and_used(qtbot, window, monkeypatch):
    panel = window.docks.preflight_panel
    from epaperdesk.ui import preflight_panel as module

    def edit(dialog):
        for row in range(dialog.table.rowCount()):
            if dialog.table.item(row, 0).data(256) == "image-resolution":
                dialog.table.item(row, 3).setText('{"min_ppi": 500}')
        dialog._accept()
        return True

    monkeypatch.setattr(module.ProfileDialog, "exec", edit)
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: ("House newsprint", True))
    panel.edit_profile()
    assert panel.profile_box.currentText() == "house-newsprint"
    assert any(f.rule == "image-resolution" for f in panel.findings)
