"""Autosave recovery copies: written beside the user's data, never over the user's file,
found again after the process that wrote them is gone, and restored into their original only
while it is what the autosave started from."""

import json
import os
import shutil
import signal

import pytest

from epaperdesk.io import locks
from epaperdesk.io.epd import EpdError, load_edition, save_edition
from epaperdesk.io.recovery import (
    FileBasis,
    discard_recovery,
    measure_basis,
    orphaned_recoveries,
    read_with_basis,
    recovery_folder,
    why_not_in_place,
    write_recovery,
)


def orphan(entry, **fields):
    """Make a note look written by a process that is gone (999999999 never runs)."""
    data = json.loads(entry.note.read_text())
    data.update({"pid": 999999999, **fields})
    entry.note.write_text(json.dumps(data))


def test_recovery_copy_is_found_after_a_crash(small_edition, tmp_path):
    original = tmp_path / "page.epd"
    save_edition(small_edition, original)
    small_edition.title = "Changed after the last save"
    entry = write_recovery(small_edition, original)
    assert entry.copy.parent == recovery_folder() and entry.copy != original
    assert load_edition(original).title != small_edition.title, "never written over the user's file"
    assert orphaned_recoveries() == [], "our own live autosave is not an orphan"
    orphan(entry)
    found = orphaned_recoveries()
    assert len(found) == 1 and found[0].original == original.resolve()
    assert load_edition(found[0].copy) == small_edition
    assert "page.epd, autosaved" in found[0].describe()
    discard_recovery(found[0])
    assert orphaned_recoveries() == []


def test_torn_recovery_notes_are_ignored():
    recovery_folder().mkdir(parents=True, exist_ok=True)
    (recovery_folder() / "junk.json").write_text("{not json")
    assert orphaned_recoveries() == []


@pytest.mark.parametrize(
    "fields",
    [{"pid": 2**70}, {"pid": -1}, {"pid": True}, {"saved_at": "0001-01-01T00:00:00+05:00"}, {"title": 7}],
    ids=["pid beyond C long", "pid negative", "pid a bool", "year 1", "title a number"],
)
def test_hostile_notes_are_ignored_never_an_error(small_edition, tmp_path, fields):
    """Was: a note naming this host with a pid beyond C long raised OverflowError in os.kill."""
    original = tmp_path / "page.epd"
    save_edition(small_edition, original)
    entry = write_recovery(small_edition, original)
    orphan(entry, **fields)
    assert orphaned_recoveries() == []


def test_the_note_keeps_what_the_autosave_started_from(small_edition, tmp_path):
    original = tmp_path / "page.epd"
    save_edition(small_edition, original)
    data, basis = read_with_basis(original)
    assert basis == measure_basis(original) and basis.size == len(data) == original.stat().st_size
    assert basis.mtime_ns == original.stat().st_mtime_ns
    small_edition.title = "Unsaved"
    orphan(write_recovery(small_edition, original, basis))
    (found,) = orphaned_recoveries()
    assert found.basis == basis
    assert why_not_in_place(found) is None, "unchanged and not locked: restored in place"


@pytest.fixture
def crashed(small_edition, tmp_path):
    """An autosave of shared/page.epd whose process is gone, based on the file as saved."""
    folder = tmp_path / "shared"
    folder.mkdir()
    original = folder / "page.epd"
    save_edition(small_edition, original)
    _, basis = read_with_basis(original)
    small_edition.title = "A's unsaved work"
    orphan(write_recovery(small_edition, original, basis))
    (entry,) = orphaned_recoveries()
    return entry


def test_a_save_by_another_desk_since_is_found(crashed, small_edition):
    theirs = load_edition(crashed.original)
    theirs.title = "B's saved work"
    save_edition(theirs, crashed.original)
    assert "was saved by another desk" in why_not_in_place(crashed)
    assert load_edition(crashed.original).title == "B's saved work"


def test_the_same_bytes_saved_again_lose_nothing(crashed):
    os.utime(crashed.original, (1, 1))  # touched or copied: another time, the same bytes
    assert why_not_in_place(crashed) is None


def test_a_live_lock_of_another_desk_is_found(crashed):
    lock = locks.lock_path(crashed.original)
    lock.write_text(json.dumps({"user": "bo", "host": "desk-9", "pid": 7, "since": "2026-03-05T10:00:00+00:00"}))
    assert "is open on another desk: bo on desk-9" in why_not_in_place(crashed)


def test_a_gone_file_or_folder_is_found(crashed):
    crashed.original.unlink()
    assert "no longer exists" in why_not_in_place(crashed)
    shutil.rmtree(crashed.original.parent)
    assert "is not available (not mounted, moved or deleted)" in why_not_in_place(crashed)


def test_an_older_note_without_a_basis_is_never_restored_in_place(crashed):
    orphan(crashed, basis=None)
    (entry,) = orphaned_recoveries()
    assert entry.basis is None
    assert "cannot be compared" in why_not_in_place(entry)
    orphan(crashed, basis={"size": "big", "mtime_ns": 1, "sha256": "x"})
    assert orphaned_recoveries()[0].basis is None


def test_reading_a_fifo_as_an_edition_fails_at_once(tmp_path):
    fifo = tmp_path / "page.epd"
    os.mkfifo(fifo)

    def hung(signum, frame):
        raise TimeoutError("opening the FIFO blocked")

    previous = signal.signal(signal.SIGALRM, hung)
    signal.alarm(10)
    try:
        with pytest.raises(EpdError, match=r"page\.epd: cannot be read \(not a regular file\)"):
            read_with_basis(fifo)
        with pytest.raises(OSError, match="not a regular file"):
            measure_basis(fifo)
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)
    assert measure_basis(tmp_path / "missing.epd") is None


def test_basis_from_a_note_is_checked():
    good = {"size": 3, "mtime_ns": 5, "sha256": "a" * 64}
    assert FileBasis.from_json(good) == FileBasis(3, 5, "a" * 64)
    for bad in (None, [], {**good, "size": -1}, {**good, "size": True}, {**good, "sha256": "A" * 64}):
        assert FileBasis.from_json(bad) is None
