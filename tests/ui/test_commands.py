"""The command registry: one record per command, and everything made from it — actions,
menus, toolbars, the shortcut list, the README's key table — agrees with it."""

import importlib.util
from pathlib import Path

import pytest
from PySide6.QtGui import QKeySequence

from epaperdesk.ui.actions import Command, all_commands, key_clashes, readme_key_table, shortcut_rows
from epaperdesk.ui.actions.help import all_shortcut_rows
from epaperdesk.ui.canvas import CANVAS_KEYS

ROOT = Path(__file__).resolve().parents[2]


def test_no_two_commands_share_a_key(qapp):
    assert key_clashes() == {}


def test_the_clash_check_catches_a_clash(qapp):
    commands = [
        Command("a.one", "&One", lambda ctx: None, "file", keys=("Ctrl+S",)),
        Command("a.two", "&Two", lambda ctx: None, "edit", keys=("StandardKey.Save",)),
        Command("a.three", "T&hree", lambda ctx: None, "edit", keys=("Ctrl+T",)),
    ]
    assert key_clashes(commands) == {"Ctrl+S": ["a.one", "a.two"]}


def test_command_ids_are_unique_and_named_after_their_menu(qapp):
    commands = all_commands()
    assert len({c.id for c in commands}) == len(commands)
    for command in commands:
        assert command.menu and command.id.split(".")[0] == command.menu, command.id


def test_the_readme_key_table_is_the_registry(qapp):
    spec = importlib.util.spec_from_file_location("readme_keys", ROOT / "scripts" / "readme_keys.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert module.readme_table(readme) == readme_key_table(canvas_keys=CANVAS_KEYS), (
        "the README's key table differs from the commands: run .venv/bin/python scripts/readme_keys.py"
    )


def test_every_menu_entry_of_the_window_is_a_registered_command(window):
    ids = {c.id for c in all_commands()}
    found = set()
    menus = [m for name, m in window.commands.menus.items() if name != "file.recent"]
    while menus:
        for action in menus.pop().actions():
            if action.menu() is not None:
                if action.menu().objectName() != "file.recent":
                    menus.append(action.menu())
            elif not action.isSeparator():
                found.add(action.objectName())
    assert found <= ids
    assert {c.id for c in all_commands() if c.run is not None} <= found


def test_enabled_and_checked_follow_the_workspace(window):
    actions = window.commands.actions
    window.view.set_selection([])
    assert not actions["edit.delete"].isEnabled() and not actions["object.lock"].isEnabled()
    window.view.set_selection(["soil-photo"])
    assert actions["edit.delete"].isEnabled() and actions["object.lock"].isEnabled()
    assert not actions["edit.undo"].isEnabled()
    window.view.nudge(3, 0)
    assert actions["edit.undo"].isEnabled()
    assert actions["edit.undo"].statusTip() == "Undo Nudge"
    window.commands.trigger("object.tool.text")
    assert actions["object.tool.text"].isChecked() and not actions["object.tool.select"].isChecked()
    window.view.set_tool("select")
    assert actions["object.tool.select"].isChecked()


def test_the_shortcut_list_is_made_from_the_registry(window):
    rows = dict(all_shortcut_rows())
    assert rows == {**dict(shortcut_rows()), **{f"Canvas → {what}": keys for keys, what in CANVAS_KEYS}}
    save = QKeySequence(QKeySequence.StandardKey.Save).toString(QKeySequence.SequenceFormat.NativeText)
    assert rows["File → Save"].split(", ")[0] == save
    assert rows["Proof → Mark Correction → Delete"] != "—"


@pytest.mark.parametrize("command_id", ["view.zoom_in", "edit.select_all", "object.new_text_frame"])
def test_commands_run_from_their_keys(qtbot, window, command_id):
    command = next(c for c in all_commands() if c.id == command_id)
    sequence = command.key_sequences()[0]
    window.view.setFocus()
    before = (window.view.zoom, list(window.view.selected), len(window.document.edition.pages[0].frames))
    qtbot.keySequence(window.view, sequence)
    after = (window.view.zoom, list(window.view.selected), len(window.document.edition.pages[0].frames))
    assert after != before


def test_no_two_actions_of_the_window_share_a_key(window):
    from collections import Counter

    from PySide6.QtGui import QAction

    keys = Counter(k.toString() for a in window.findChildren(QAction) for k in a.shortcuts() if not k.isEmpty())
    assert [k for k, n in keys.items() if n > 1] == []
