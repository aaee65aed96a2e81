"""Never lose work in the window: autosave and restore, locks, conflicts, failed saves, and a
state machine driving the commands in random order."""

import copy
import datetime
import errno
import json
import os
import shutil
import time

import pytest
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    initialize,
    invariant,
    rule,
    run_state_machine_as_test,
)
from PySide6.QtWidgets import QMessageBox

from epaperdesk.io import epd, locks
from epaperdesk.io.epd import load_edition, save_edition
from epaperdesk.io.recovery import orphaned_recoveries
from epaperdesk.model.edits import format_text, splice_text
from epaperdesk.model.validate import find_problems
from epaperdesk.ui.document import Document
from epaperdesk.ui.files import FileLifecycle
from epaperdesk.ui.main_window import MainWindow


@pytest.fixture
def edition_path(sample_path, tmp_path):
    path = tmp_path / "edition.epd"
    shutil.copy(sample_path, path)
    return path


@pytest.fixture
def window(qtbot, edition_path):
    window = MainWindow(Document.open(edition_path))
    window.resize(1200, 900)
    window.show()
    qtbot.waitExposed(window)
    yield window
    window.document.undo_stack.setClean()
    window.close()
    window.deleteLater()


def test_autosave_then_restore_after_a_crash(window, edition_path):
    window.view.set_selection(["soil-photo"])
    window.view.nudge(7, 0)
    assert window.files.autosaver.autosave()
    assert (
        load_edition(edition_path).frame_by_id("soil-photo").rect.x
        != window.document.edition.frame_by_id("soil-photo").rect.x
    )
    changed = copy.deepcopy(window.document.edition)
    assert orphaned_recoveries() == []  # still ours while we run
    from epaperdesk.io.recovery import recovery_folder

    # the process that wrote it died
    for path in recovery_folder().glob("*.json"):
        data = json.loads(path.read_text())
        data["pid"] = 999999999
        path.write_text(json.dumps(data))
    entries = orphaned_recoveries()
    assert len(entries) == 1 and "edition.epd" in entries[0].describe()
    window.document.undo_stack.setClean()
    assert window.files.restore(entries[0])
    assert window.document.edition == changed
    assert window.document.path == edition_path.resolve()
    assert window.isWindowModified()


def test_a_clean_close_leaves_no_recovery_copy(qtbot, edition_path):
    window = MainWindow(Document.open(edition_path))
    window.view.set_selection(["soil-photo"])
    window.view.nudge(3, 0)
    window.files.autosaver.autosave()
    window.files.save()
    window.close()
    from epaperdesk.io.recovery import recovery_folder

    assert list(recovery_folder().glob("*.epd")) == []
    assert locks.read_lock(edition_path) is None, "the lock is released on close"


def test_saving_over_a_file_changed_on_disk_is_refused(window, edition_path, monkeypatch):
    theirs = load_edition(edition_path)
    theirs.title = "Saved by another desk"
    save_edition(theirs, edition_path)
    conflicts = []
    monkeypatch.setattr(FileLifecycle, "_resolve_conflict", lambda self, message: conflicts.append(message) or False)
    window.view.set_selection(["soil-photo"])
    window.view.nudge(5, 0)
    assert not window.files.save()
    assert "changed on disk" in conflicts[0]
    assert load_edition(edition_path).title == "Saved by another desk", "their save survives"
    assert window.isWindowModified(), "ours is still open, unsaved"


def test_an_edition_open_elsewhere_opens_read_only(qtbot, window, edition_path, tmp_path, monkeypatch):
    other = tmp_path / "other.epd"
    shutil.copy(edition_path, other)
    lock = locks.lock_path(other)
    lock.write_text(
        json.dumps(
            {
                "user": "ana",
                "host": "desk-7",
                "pid": 42,
                "since": datetime.datetime.now(datetime.UTC).isoformat(),
            }
        )
    )
    asked = []
    monkeypatch.setattr(FileLifecycle, "ask_locked", lambda self, path, who: asked.append(who) or "read-only")
    warnings = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *a, **k: warnings.append(a[2]))
    assert window.files.open_path(other)
    assert "ana on desk-7" in asked[0]
    assert window.document.read_only and "(read-only)" in window.windowTitle()
    window.view.set_selection(["soil-photo"])
    window.view.nudge(5, 0)
    assert not window.files.save()
    assert "read-only" in warnings[0]
    assert json.loads(lock.read_text())["user"] == "ana", "their lock is untouched"


def test_a_stale_lock_is_taken_over_silently(window, edition_path, tmp_path, monkeypatch):
    other = tmp_path / "stale.epd"
    shutil.copy(edition_path, other)
    lock = locks.lock_path(other)
    lock.write_text(json.dumps({"user": "ana", "host": "desk-7", "pid": 42, "since": "2020-01-01T00:00:00+00:00"}))
    old = time.time() - locks.STALE_AFTER - 60
    os.utime(lock, (old, old))
    monkeypatch.setattr(FileLifecycle, "ask_locked", lambda *a: pytest.fail("a stale lock must not ask"))
    assert window.files.open_path(other)
    assert not window.document.read_only
    assert locks.is_mine(locks.read_lock(other))


def test_disk_full_is_reported_and_nothing_is_lost(window, edition_path, monkeypatch):
    before = edition_path.read_bytes()
    warnings = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *a, **k: warnings.append(a[2]))

    def full(*args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(epd.os, "replace", full)
    window.view.set_selection(["soil-photo"])
    window.view.nudge(5, 0)
    assert not window.files.save()
    assert "No space left on device" in warnings[0] and "nothing was lost" in warnings[0]
    assert edition_path.read_bytes() == before
    assert window.isWindowModified()


# Commands of the registry the state machine runs: every one that works on the selection or
# the document without asking for a file name or opening a dialog.
MACHINE_COMMANDS = (
    "edit.undo",
    "edit.redo",
    "edit.delete",
    "edit.duplicate",
    "edit.select_all",
    "object.lock",
    "object.forward",
    "object.backward",
    "object.link",
    "object.unlink",
    "object.new_text_frame",
    "object.new_photo_frame",
    "object.image_larger",
    "object.image_smaller",
    "view.zoom_in",
    "view.next_page",
    "view.snap",
    "type.new_story",
)


class WindowCommands(RuleBasedStateMachine):
    """Random sequences of what a layout editor does, through the window's command registry
    and the canvas: select, move, resize, type, style, run commands (link, delete, duplicate,
    lock, restack, undo, redo…), save, reload. The edition stays valid, and undoing
    everything restores it."""

    @initialize()
    def open_window(self):
        import tempfile

        from tests.conftest import SAMPLE

        self.folder = tempfile.mkdtemp()
        self.path = os.path.join(self.folder, "edition.epd")
        shutil.copy(SAMPLE, self.path)
        self.window = MainWindow(Document.open(self.path))
        self.original = copy.deepcopy(self.window.document.edition)

    def teardown(self):
        self.window.document.undo_stack.setClean()
        self.window.close()
        self.window.deleteLater()
        shutil.rmtree(self.folder, ignore_errors=True)

    @property
    def document(self):
        return self.window.document

    def frame_ids(self):
        return [f.id for _, f in self.document.edition.frames()]

    @rule(data=st.data())
    def select(self, data):
        ids = self.frame_ids()
        if ids:
            chosen = data.draw(st.lists(st.sampled_from(ids), min_size=1, max_size=3))
            self.window.view.set_selection(chosen)

    @rule(data=st.data())
    def move(self, data):
        self.window.view.nudge(data.draw(st.floats(-20, 20)), data.draw(st.floats(-20, 20)))

    @rule(data=st.data())
    def resize(self, data):
        self.window.view.resize_selection(data.draw(st.floats(-30, 30)), data.draw(st.floats(-30, 30)))

    @rule(command=st.sampled_from(MACHINE_COMMANDS))
    def run_command(self, command):
        self.window.commands.trigger(command)

    @rule(data=st.data())
    def type_text(self, data):
        story = self.document.edition.stories[data.draw(st.sampled_from(sorted(self.document.edition.stories)))]
        position = data.draw(st.integers(0, len(story.text)))
        length = data.draw(st.integers(0, min(5, len(story.text) - position)))
        self.document.push(
            splice_text(
                self.document.edition, story.id, position, length, data.draw(st.text(alphabet="ab \n", max_size=4))
            )
        )

    @rule(data=st.data())
    def style(self, data):
        story = self.document.edition.stories[data.draw(st.sampled_from(sorted(self.document.edition.stories)))]
        start = data.draw(st.integers(0, len(story.text)))
        end = data.draw(st.integers(start, len(story.text)))
        self.document.push(format_text(self.document.edition, story.id, start, end, "italic"))

    @rule()
    def save_and_reload(self):
        assert self.window.files.save()
        saved = copy.deepcopy(self.document.edition)
        assert load_edition(self.path) == saved
        # a reload is a new undo history: undo-all is measured from here on
        assert self.window.files.open_path(self.path)
        assert self.document.edition == saved
        self.original = copy.deepcopy(saved)

    @invariant()
    def valid(self):
        assert find_problems(self.document.edition) == []

    @invariant()
    def undo_all_restores(self):
        stack = self.document.undo_stack
        index = stack.index()
        current = copy.deepcopy(self.document.edition)
        stack.setIndex(0)
        assert self.document.edition == self.original
        stack.setIndex(index)
        assert self.document.edition == current


def test_the_state_machine_runs_real_commands():
    from epaperdesk.ui.actions import all_commands

    ids = {c.id for c in all_commands()}
    assert set(MACHINE_COMMANDS) <= ids


@pytest.mark.usefixtures("qapp")
def test_window_commands_state_machine(monkeypatch):
    monkeypatch.setattr(QMessageBox, "warning", lambda *a, **k: None)
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Discard)
    run_state_machine_as_test(
        WindowCommands,
        settings=settings(
            max_examples=12, stateful_step_count=20, deadline=None, suppress_health_check=list(HealthCheck)
        ),
    )


def test_take_over_an_edition_someone_else_has_open(window, edition_path, tmp_path, monkeypatch):
    other = tmp_path / "taken.epd"
    shutil.copy(edition_path, other)
    locks.lock_path(other).write_text(
        json.dumps({"user": "ana", "host": "desk-7", "pid": 42, "since": "2026-11-26T20:00:00+00:00"})
    )
    monkeypatch.setattr(FileLifecycle, "ask_locked", lambda *a: "take-over")
    assert window.files.open_path(other)
    assert not window.document.read_only
    assert locks.is_mine(locks.read_lock(other))


def test_the_next_start_offers_to_restore(qtbot, window, edition_path, monkeypatch):
    from epaperdesk.io.recovery import recovery_folder
    from epaperdesk.ui.app import offer_recovery

    window.view.set_selection(["soil-photo"])
    window.view.nudge(9, 0)
    window.files.autosaver.autosave()
    changed = copy.deepcopy(window.document.edition)
    window.document.undo_stack.setClean()
    for note in recovery_folder().glob("*.json"):
        data = json.loads(note.read_text())
        data["pid"] = 999999999
        note.write_text(json.dumps(data))
    asked = []
    monkeypatch.setattr(
        QMessageBox, "question", lambda parent, title, text, *a: asked.append(text) or QMessageBox.StandardButton.Yes
    )
    offer_recovery(window)
    assert "edition.epd, autosaved" in asked[0]
    assert window.document.edition == changed and window.isWindowModified()
