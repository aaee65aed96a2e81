"""Two desks on one shared folder, as two real processes: each desk is a `python -c` child
using the lock, recovery and .epd functions the window uses (and, to restore, the window
itself, offscreen). Desk A is killed with SIGKILL after it autosaved; desk B opens, edits and
saves; A starts again and restores. B's saved work survives, no lock is stolen or removed by
anyone but its owner, and no temporary file is left in the folder."""

import json
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from epaperdesk.io import locks
from epaperdesk.io.epd import load_edition, save_edition

ROOT = Path(__file__).resolve().parents[2]

# One desk at work, told what to do by argv: (action, edition path, title to give it). Actions:
# autosave (then wait to be killed), save (and close), save-and-hold, hold (open, no save).
DESK = r"""
import json, sys, time
from pathlib import Path
from epaperdesk.io import locks
from epaperdesk.io.epd import edition_from_bytes, save_edition
from epaperdesk.io.recovery import read_with_basis, write_recovery

action, path, title = sys.argv[1], Path(sys.argv[2]), sys.argv[3]

def say(**what):
    print(json.dumps(what), flush=True)

try:
    locks.acquire_lock(path)
except locks.LockHeld as held:
    say(locked_by=held.holder.user)
    sys.exit(0)
data, basis = read_with_basis(path)
edition = edition_from_bytes(data)
edition.title = title
if action == "autosave":  # changes autosaved, never saved: then killed
    write_recovery(edition, path, basis)
    say(autosaved=True)
    time.sleep(600)
else:
    if action != "hold":
        save_edition(edition, path)
    say(saved=action != "hold")
    if action != "save":
        sys.stdin.read()  # keeps the edition open (and locked) until the test closes stdin
    say(released=locks.release_lock(path))
"""

# Desk A started again: the window offers the orphaned autosave and restores it; what the
# window did is printed. Save As is declined: the user decides later.
RESTORE = r"""
import json
from PySide6.QtWidgets import QMessageBox
from epaperdesk.io.recovery import orphaned_recoveries
from epaperdesk.ui.app import application, new_document
from epaperdesk.ui.files import FileLifecycle
from epaperdesk.ui.main_window import MainWindow

told = []
FileLifecycle.ask_save_as = lambda self, title, text: told.append(text) or False
QMessageBox.warning = lambda *a, **k: told.append(a[2])
application()
window = MainWindow(new_document())
entries = orphaned_recoveries()
restored = bool(entries) and window.files.restore(entries[0])
document = window.document
result = {
    "entries": len(entries),
    "restored": restored,
    "path": str(document.path) if document.path else None,
    "title": document.edition.title,
    "modified": document.is_modified,
    "locked": window.files.lock is not None,
    "told": told,
}
document.undo_stack.setClean()
window.close()
print(json.dumps(result), flush=True)
"""


@pytest.fixture
def share(tmp_path, sample_path):
    """The shared folder with the edition, saved once (so a backup exists, as on a desk)."""
    folder = tmp_path / "share"
    folder.mkdir()
    path = folder / "edition.epd"
    save_edition(load_edition(sample_path), path)
    return path


def desk_env(tmp_path, name):
    """A desk's own user folders (autosave copies, settings): A and A-restarted share them."""
    home = tmp_path / f"desk-{name}"
    return {
        **os.environ,
        "XDG_DATA_HOME": str(home / "data"),
        "XDG_CONFIG_HOME": str(home / "config"),
        "QT_QPA_PLATFORM": "offscreen",
        "PYTHONPATH": str(ROOT),
    }


def start(code, env, *args):
    return subprocess.Popen(
        [sys.executable, "-c", code, *map(str, args)],
        cwd=ROOT,
        env=env,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def said(process):
    """The next thing a desk printed (a JSON line); its stderr when it died instead."""
    line = process.stdout.readline()
    assert line, f"the desk ended without a word: {process.stderr.read()}"
    return json.loads(line)


def finish(process, timeout=120):
    """Close the desk's stdin (a holding desk closes the edition), wait, and return what it
    printed from then on."""
    out, err = process.communicate(timeout=timeout)
    assert process.returncode == 0, err
    return [json.loads(line) for line in out.splitlines()]


def crash_desk_a(share, tmp_path):
    """Desk A opens the edition, changes it, autosaves — and is killed with SIGKILL."""
    desk_a = start(DESK, desk_env(tmp_path, "a"), "autosave", share, "A's unsaved work")
    assert said(desk_a) == {"autosaved": True}
    os.kill(desk_a.pid, signal.SIGKILL)
    desk_a.wait(60)
    assert desk_a.returncode == -signal.SIGKILL
    assert json.loads(locks.lock_path(share).read_text())["pid"] == desk_a.pid, "A's lock stays behind, stale"


def leftovers(folder):
    return sorted(p.name for p in folder.iterdir() if p.name.endswith((".tmp", ".part")))


B_DOES = {
    "B saved and closed": ("save", "was saved by another desk"),
    "B saved, still open": ("save-and-hold", "was saved by another desk"),
    "B open, not saved": ("hold", "is open on another desk"),
}


@pytest.mark.parametrize(("action", "told"), B_DOES.values(), ids=B_DOES.keys())
def test_b_saved_work_survives_a_restore_after_a_kill(share, tmp_path, action, told):
    crash_desk_a(share, tmp_path)
    on_disk = share.read_bytes()
    desk_b = start(DESK, desk_env(tmp_path, "b"), action, share, "B's saved work")
    assert said(desk_b) == {"saved": action != "hold"}, "B takes over A's stale lock (A's process is gone)"
    if action == "save":
        assert finish(desk_b) == [{"released": True}]
    else:
        their_lock = locks.lock_path(share).read_bytes()
    saved_by_b = share.read_bytes()
    assert (saved_by_b != on_disk) == (action != "hold")

    restart = start(RESTORE, desk_env(tmp_path, "a"))
    (result,) = finish(restart)
    assert result["entries"] == 1 and result["restored"]
    assert result["path"] is None, "restored as a new, untitled edition"
    assert result["title"] == "A's unsaved work" and result["modified"]
    assert not result["locked"]
    assert told in result["told"][0] and "Save As" in result["told"][0]
    assert share.read_bytes() == saved_by_b, "B's saved work survives A's restore"
    if action != "save":
        assert locks.lock_path(share).read_bytes() == their_lock, "B's lock is left alone"
        assert finish(desk_b) == [{"released": True}], "and B, its owner, removes it (on closing)"
    assert not locks.lock_path(share).exists()
    assert leftovers(share.parent) == []


def test_a_restore_with_nobody_else_goes_back_into_the_file(share, tmp_path):
    crash_desk_a(share, tmp_path)
    restart = start(RESTORE, desk_env(tmp_path, "a"))
    (result,) = finish(restart)
    assert result["restored"] and result["told"] == []
    assert result["path"] == str(share.resolve()) and result["modified"] and result["locked"]
    assert not locks.lock_path(share).exists(), "the restarted desk released its lock on closing"
    assert leftovers(share.parent) == []


def test_a_live_lock_is_not_stolen(share, tmp_path):
    desk_a = start(DESK, desk_env(tmp_path, "a"), "save-and-hold", share, "A's saved work")
    assert said(desk_a) == {"saved": True}
    lock = locks.lock_path(share)
    before = (lock.read_bytes(), os.stat(lock).st_ino, os.stat(lock).st_mtime_ns)
    desk_b = start(DESK, desk_env(tmp_path, "b"), "save", share, "B's work")
    assert finish(desk_b) == [{"locked_by": locks.read_lock(share).user}]
    assert (lock.read_bytes(), os.stat(lock).st_ino, os.stat(lock).st_mtime_ns) == before
    assert load_edition(share).title == "A's saved work"
    assert finish(desk_a) == [{"released": True}]  # (finish closes its stdin: A closes the edition)
    desk_b = start(DESK, desk_env(tmp_path, "b"), "save", share, "B's work")
    assert finish(desk_b) == [{"saved": True}, {"released": True}], "free again once A let go"
    assert load_edition(share).title == "B's work"
    assert not lock.exists() and leftovers(share.parent) == []
