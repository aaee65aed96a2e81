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
from tests.ui.conftest import release


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
    release(window)


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
        release(self.window)
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


# -- shared folders: restore, read-only editions, locks, leftovers (issue "Nothing lost on a
# shared folder") ----------------------------------------------------------------------------


def other_desk_lock(path, user="bo", host="desk-9", pid=7):
    """Another desk's live lock on `path`; returns its bytes."""
    data = {"user": user, "host": host, "pid": pid, "since": datetime.datetime.now(datetime.UTC).isoformat()}
    locks.lock_path(path).write_text(json.dumps(data))
    return locks.lock_path(path).read_bytes()


def crashed_autosave(path, title="A's unsaved work"):
    """Desk A opened `path`, changed it and autosaved, then crashed: its orphaned copy."""
    from epaperdesk.io.recovery import read_with_basis, write_recovery

    _, basis = read_with_basis(path)
    ours = load_edition(path)
    ours.title = title
    entry = write_recovery(ours, path, basis)
    data = json.loads(entry.note.read_text())
    data["pid"] = 999999999
    entry.note.write_text(json.dumps(data))
    (found,) = orphaned_recoveries()
    return found


@pytest.fixture
def restarted(qtbot, monkeypatch):
    """Desk A started again: a window on a new edition; what restore tells the user is
    collected, and its offer of Save As answered with `window.choose_save_as`."""
    from epaperdesk.ui.app import new_document

    window = MainWindow(new_document())
    window.show()
    qtbot.waitExposed(window)
    window.told = []
    window.choose_save_as = False
    monkeypatch.setattr(
        FileLifecycle, "ask_save_as", lambda self, title, text: window.told.append(text) or window.choose_save_as
    )
    yield window
    window.document.undo_stack.setClean()
    window.close()
    release(window)


def test_restore_never_overwrites_what_another_desk_saved(restarted, edition_path, tmp_path, monkeypatch):
    """Was: A crashed, B opened, edited and saved; A's restore put A's copy in as unsaved
    changes of the file (no conflict check on the next save), replaced B's lock, then deleted
    it. Now the copy opens untitled, Save As is offered, B's file and lock are left alone."""
    entry = crashed_autosave(edition_path)
    theirs = load_edition(edition_path)
    theirs.title = "B's saved work"
    save_edition(theirs, edition_path)
    their_lock = other_desk_lock(edition_path)
    restarted.choose_save_as = True
    kept = tmp_path / "recovered.epd"
    monkeypatch.setattr("PySide6.QtWidgets.QFileDialog.getSaveFileName", lambda *a, **k: (str(kept), ""))
    assert restarted.files.restore(entry)
    assert "was saved by another desk" in restarted.told[0] and "Save As" in restarted.told[0]
    assert load_edition(kept).title == "A's unsaved work", "the offered Save As kept A's work"
    assert restarted.document.path == kept and locks.is_mine(locks.read_lock(kept))
    restarted.close()
    assert load_edition(edition_path).title == "B's saved work"
    assert locks.lock_path(edition_path).read_bytes() == their_lock, "B's lock is never replaced or removed"


def test_restore_of_an_edition_another_desk_has_open_opens_untitled(restarted, edition_path, monkeypatch):
    entry = crashed_autosave(edition_path)
    their_lock = other_desk_lock(edition_path)
    assert restarted.files.restore(entry)
    assert "is open on another desk: bo on desk-9" in restarted.told[0]
    assert restarted.document.path is None and restarted.isWindowModified()
    assert restarted.document.edition.title == "A's unsaved work"
    assert restarted.files.lock is None
    restarted.document.undo_stack.setClean()  # (the user lets it go: closing asks nothing)
    restarted.close()
    assert locks.lock_path(edition_path).read_bytes() == their_lock
    assert load_edition(edition_path).title != "A's unsaved work"


def test_restore_when_the_folder_is_gone_opens_untitled(restarted, sample_path, tmp_path):
    """Was: the original's folder not mounted: the lock could not be written, and restoring
    raised in the middle of switching the window."""
    share = tmp_path / "share"
    share.mkdir()
    original = share / "page.epd"
    shutil.copy(sample_path, original)
    entry = crashed_autosave(original)
    shutil.rmtree(share)  # unmounted
    assert restarted.files.restore(entry)
    assert "is not available (not mounted, moved or deleted)" in restarted.told[0]
    assert restarted.document.path is None and restarted.document.edition.title == "A's unsaved work"
    assert not share.exists()


def test_restore_in_place_still_refuses_a_later_save_over_another_desk(restarted, edition_path, monkeypatch):
    entry = crashed_autosave(edition_path)
    assert restarted.files.restore(entry)
    assert restarted.told == [] and restarted.document.path == edition_path.resolve()
    assert locks.is_mine(locks.read_lock(edition_path))
    theirs = load_edition(edition_path)
    theirs.title = "Saved by another desk after the restore"
    save_edition(theirs, edition_path)
    conflicts = []
    monkeypatch.setattr(FileLifecycle, "_resolve_conflict", lambda self, message: conflicts.append(message) or False)
    assert not restarted.files.save()
    assert "changed on disk" in conflicts[0]
    assert load_edition(edition_path).title == "Saved by another desk after the restore"


def only_refusing(folder, *paths):
    """os.access saying no to writing in `folder` or to `paths` (the tests run as root, who
    may write anywhere)."""
    real = os.access
    refused = {str(folder), *map(str, paths)}

    def access(path, mode, *args, **kwargs):
        if mode & os.W_OK and str(path) in refused:
            return False
        return real(path, mode, *args, **kwargs)

    return access


@pytest.mark.parametrize("what", ["folder", "file"])
def test_a_read_only_edition_opens_read_only_and_saves_as(window, tmp_path, sample_path, monkeypatch, what):
    folder = tmp_path / "readonly"
    folder.mkdir()
    other = folder / "page.epd"
    shutil.copy(sample_path, other)
    monkeypatch.setattr(os, "access", only_refusing(folder if what == "folder" else tmp_path / "nowhere", other))
    assert window.files.open_path(other)
    assert window.document.path == other and window.document.read_only
    assert "(read-only)" in window.windowTitle()
    assert "page.epd is read-only: saved changes need Save As" in window.statusBar().currentMessage()
    assert not locks.lock_path(other).exists(), "no lock where nothing can be saved"
    warnings = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *a, **k: warnings.append(a[2]))
    window.view.set_selection(["soil-photo"])
    window.view.nudge(5, 0)
    assert not window.files.save()
    assert "is read-only: saved changes need Save As" in warnings[0] and "Save As" in warnings[0]
    mine = tmp_path / "mine.epd"
    monkeypatch.setattr("PySide6.QtWidgets.QFileDialog.getSaveFileName", lambda *a, **k: (str(mine), ""))
    assert window.files.save_as()
    assert not window.document.read_only and locks.is_mine(locks.read_lock(mine))
    assert load_edition(mine) == window.document.edition


def test_a_lock_that_cannot_be_written_opens_read_only(window, edition_path, tmp_path, monkeypatch):
    """Was: on a read-only file system writing the lock raised in the middle of switching the
    window to the new edition (the old one released, the new one half attached)."""
    other = tmp_path / "other.epd"
    shutil.copy(edition_path, other)

    def read_only_file_system(*args):
        raise OSError(errno.EROFS, "Read-only file system")

    monkeypatch.setattr(locks, "create_exclusive", read_only_file_system)
    assert window.files.open_path(other)
    assert window.document.path == other and window.document.read_only
    message = window.statusBar().currentMessage()
    assert "cannot lock other.epd" in message and "Read-only file system" in message and "Save As" in message
    assert window.files.lock is None and not locks.lock_path(other).exists()
    assert locks.read_lock(edition_path) is None, "the previous edition's lock was released"


def test_a_cancelled_open_leaves_the_window_as_it_was(window, edition_path, tmp_path, monkeypatch):
    other = tmp_path / "other.epd"
    shutil.copy(edition_path, other)
    their_lock = other_desk_lock(other, "ana", "desk-7", 42)
    before, lock = window.document, window.files.lock
    monkeypatch.setattr(FileLifecycle, "ask_locked", lambda *a: "cancel")
    assert not window.files.open_path(other)
    assert window.document is before and window.files.lock is lock
    assert locks.is_mine(locks.read_lock(edition_path))
    assert locks.lock_path(other).read_bytes() == their_lock


def test_opening_removes_what_killed_saves_left(window, tmp_path):
    """Was: a save killed mid-write left a full-size hidden `.F.epd.*.tmp` for ever."""
    from epaperdesk.atomic import host_tag

    other = tmp_path / "other.epd"
    shutil.copy(window.document.path, other)
    dead_writer = tmp_path / f".other.epd.{host_tag()}-999999999-k1lled.tmp"
    old = tmp_path / ".other.epd.0ld0ne.tmp"
    in_progress = tmp_path / ".other.epd.fr35h.tmp"  # another desk's save, maybe still running
    not_ours = tmp_path / ".another.epd.0ld0ne.tmp"
    victim = tmp_path / "victim.txt"
    link = tmp_path / ".other.epd.l1nk.tmp"
    for path in (dead_writer, old, in_progress, not_ours, victim):
        path.write_bytes(b"x" * 1000)
    link.symlink_to(victim)
    past = time.time() - 7200
    for path in (old, not_ours, link):
        os.utime(path, (past, past), follow_symlinks=False)
    assert window.files.open_path(other)
    assert not dead_writer.exists() and not old.exists()
    assert in_progress.exists() and not_ours.exists() and link.is_symlink() and victim.exists()


def test_a_desk_that_takes_over_keeps_its_lock(window, edition_path):
    """Another desk took the edition over while it was open here: our refresh leaves their
    lock alone and the edition turns read-only here."""
    their_lock = other_desk_lock(edition_path)
    window.files.lock.refresh()
    assert window.document.read_only and "taken over by bo on desk-9" in window.statusBar().currentMessage()
    assert window.files.lock is None
    window.close()
    assert locks.lock_path(edition_path).read_bytes() == their_lock


def test_save_as_over_an_edition_another_desk_has_open_is_refused(window, edition_path, tmp_path, monkeypatch):
    other = tmp_path / "other.epd"
    save_edition(load_edition(edition_path), other)
    before = other.read_bytes()
    their_lock = other_desk_lock(other)
    warnings = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *a, **k: warnings.append(a[2]))
    monkeypatch.setattr("PySide6.QtWidgets.QFileDialog.getSaveFileName", lambda *a, **k: (str(other), ""))
    assert not window.files.save_as()
    assert "other.epd is open on another desk (bo on desk-9, since" in warnings[0]
    assert other.read_bytes() == before and locks.lock_path(other).read_bytes() == their_lock


@pytest.mark.parametrize("content", [b"not a zip", None], ids=["damaged", "missing"])
def test_a_screenshot_of_a_file_that_cannot_be_opened_fails_at_once(tmp_path, content):
    """Was: `epaperdesk BAD.epd --screenshot OUT.png` waited for ever on a message box no one
    could see. Now the problem goes to stderr and the status is 1."""
    import subprocess
    import sys

    bad = tmp_path / "BAD.epd"
    if content is not None:
        bad.write_bytes(content)
    out = tmp_path / "out.png"
    result = subprocess.run(
        [sys.executable, "-m", "epaperdesk", str(bad), "--screenshot", str(out)],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
    )
    assert result.returncode == 1
    assert "BAD.epd" in result.stderr
    assert ("not a zip container" if content else "No such file") in result.stderr
    assert not out.exists()
