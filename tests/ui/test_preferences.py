"""Preferences, About, the shortcut list, keyboard reachability, high contrast, 200 % scale."""

import os
import subprocess
import sys
from dataclasses import replace

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QPalette
from PySide6.QtWidgets import QApplication, QDialog

from epaperdesk.ui.actions.help import about_text, all_shortcut_rows
from epaperdesk.ui.preferences import Preferences, PreferencesDialog, apply_theme, load_preferences, save_preferences


@pytest.fixture
def window(window):
    """The shared window (tests/ui/conftest.py); the theme goes back to normal afterwards."""
    yield window
    apply_theme(False)


def test_preferences_persist(qapp):
    chosen = replace(
        Preferences(),
        user_name="Hana Okafor",
        initials="HO",
        units="pica",
        language="en_GB",
        autosave_minutes=5.0,
        snapping=False,
        high_contrast=True,
        word_space_max=140.0,
        hyphen_min_word=7,
    )
    save_preferences(chosen)
    assert load_preferences() == chosen
    assert load_preferences().justification().word_space_max == 140.0
    assert load_preferences().hyphenation().min_word_length == 7


def test_broken_settings_fall_back_to_defaults(qapp):
    from epaperdesk.ui.preferences import store

    settings = store()
    settings.setValue("units", "furlongs")
    settings.setValue("autosave_minutes", "often")
    preferences = load_preferences()
    assert preferences.units == "mm" and preferences.autosave_minutes == 2.0


def test_dialog_round_trip(qapp):
    start = replace(Preferences(), user_name="Tomas", initials="tl", units="in")
    dialog = PreferencesDialog(start)
    assert dialog.preferences() == replace(start, initials="TL")
    dialog.snapping.setChecked(False)
    dialog.spins["word_space_max"].setValue(150)
    result = dialog.preferences()
    assert not result.snapping and result.word_space_max == 150


def test_applying_preferences_changes_the_window(window):
    window.apply_preferences(
        replace(window.preferences, units="pt", snapping=False, high_contrast=True, autosave_minutes=0.0)
    )
    assert window.hruler.unit == "pt" and window.unit == "pt"
    assert not window.view.snapping and not window.commands.actions["view.snap"].isChecked()
    assert QApplication.instance().palette().color(QPalette.ColorRole.Window).name() == "#000000"
    assert not window.files.autosaver.interval.isActive()
    window.status.show_pointer(72.0, 144.0)
    assert window.status.position_label.text() == "x 72.0  y 144.0 pt"
    assert load_preferences().units == "pt"


def test_about_names_versions_and_licences(window):
    text = about_text()
    for needle in ("EpaperDesk 0.1.0", "Qt ", "ReportLab", "SIL Open Font License", "CC0", "GPL"):
        assert needle in text


def test_every_command_is_reachable_from_the_keyboard(window):
    menus = [a for a in window.menuBar().actions() if a.menu() is not None]
    assert all("&" in menu.text() for menu in menus), "every menu has a mnemonic"
    for menu in menus:
        for action in menu.menu().actions():
            if action.isSeparator():
                continue
            assert "&" in action.text() or not action.shortcut().isEmpty() or action.menu() is not None, (
                f"{action.text()!r} has neither a mnemonic nor a shortcut"
            )
    rows = dict(all_shortcut_rows())
    assert rows["Edit → Preferences…"] == QKeySequence("Ctrl+,").toString(QKeySequence.SequenceFormat.NativeText)
    assert rows["Object → Link Frames"] != "—"


def test_shortcuts_work(qtbot, window, monkeypatch):
    window.view.setFocus()
    window.view.set_zoom(2.0)
    qtbot.keyClick(window.view, Qt.Key.Key_0, Qt.KeyboardModifier.ControlModifier)  # fit page
    assert window.view.zoom < 1.0
    opened = []
    monkeypatch.setattr(PreferencesDialog, "exec", lambda self: opened.append(True) or QDialog.DialogCode.Rejected)
    qtbot.keyClick(window.view, Qt.Key.Key_Comma, Qt.KeyboardModifier.ControlModifier)
    assert opened
    monkeypatch.setattr(QDialog, "exec", lambda self: opened.append("shortcuts") or 0)
    qtbot.keyClick(window.view, Qt.Key.Key_F1)
    assert "shortcuts" in opened


def test_widgets_have_accessible_names(window):
    for widget in (window, window.view, window.hruler, window.vruler, window.docks.undo_view):
        assert widget.accessibleName()
    window.view.set_selection(["soil-photo"])
    assert "soil-photo" in window.view.accessibleDescription()


def test_the_window_works_at_double_scale(sample_path, tmp_path):
    out = tmp_path / "double.png"
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "QT_SCALE_FACTOR": "2"}
    result = subprocess.run(
        [sys.executable, "-m", "epaperdesk", str(sample_path), "--screenshot", str(out)],
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
    )
    assert result.returncode == 0, result.stderr
    from PIL import Image

    with Image.open(out) as image:
        assert image.size == (2800, 2000)
        dark = sum(c for c, v in image.convert("L").getcolors(2800 * 2000) if v < 80)
        assert dark > 20_000, "the page and its type are drawn"
