"""Never lose work at the file level: kill -9 during save, recovery copies, locks, and two
desks saving one edition."""

import copy
import datetime
import multiprocessing
import os
import random
import signal
import time

import pytest

from epaperdesk.io import locks
from epaperdesk.io.epd import EpdError, load_edition, save_edition
from epaperdesk.io.recovery import discard_recovery, orphaned_recoveries, recovery_folder, write_recovery

TRIALS = int(os.environ.get("EPAPERDESK_KILL_TRIALS", "200"))


def _save_forever(path: str, editions) -> None:
    """Child: save the two versions one after the other until killed."""
    n = 0
    while True:
        save_edition(editions[n % 2], path)
        n += 1


def test_kill_during_save_leaves_the_old_or_the_new_version(sample_path, tmp_path):
    old = load_edition(sample_path)
    new = copy.deepcopy(old)
    new.stories["lead"].text = new.stories["lead"].text.replace("Kestrel", "Osprey")
    path = tmp_path / "page.epd"
    save_edition(old, path)
    context = multiprocessing.get_context("fork")
    rng = random.Random(2026)
    began = time.perf_counter()
    save_edition(old, path)  # how long one save takes here: the kills are spread over a few saves
    one_save = time.perf_counter() - began
    outcomes = {"old": 0, "new": 0, "other": 0}
    for _ in range(TRIALS):
        child = context.Process(target=_save_forever, args=(str(path), (new, old)))
        child.start()
        time.sleep(rng.uniform(0.0, 4 * one_save + 0.005))
        os.kill(child.pid, signal.SIGKILL)
        child.join()
        loaded = load_edition(path)  # must open: never a torn file
        outcomes["old" if loaded == old else "new" if loaded == new else "other"] += 1
        backup = path.with_name(path.name + ".bak")
        if backup.exists():
            assert load_edition(backup) in (old, new)
    assert outcomes["other"] == 0
    assert outcomes["old"] > 0 and outcomes["new"] > 0, f"the kills did not land during saves: {outcomes}"
    leftovers = [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")]
    # a killed save may leave its temporary file: never in place of the edition
    assert all(name.startswith(".page.epd.") for name in leftovers)


def test_recovery_copy_is_found_after_a_crash(small_edition, tmp_path, monkeypatch):
    original = tmp_path / "page.epd"
    save_edition(small_edition, original)
    small_edition.title = "Changed after the last save"
    entry = write_recovery(small_edition, original)
    assert entry.copy.parent == recovery_folder() and entry.copy != original
    assert load_edition(original).title != small_edition.title, "never written over the user's file"
    assert orphaned_recoveries() == [], "our own live autosave is not an orphan"
    # the process that wrote it is gone
    note = entry.note.read_text().replace(f'"pid": {os.getpid()}', '"pid": 999999999')
    entry.note.write_text(note)
    found = orphaned_recoveries()
    assert len(found) == 1 and found[0].original == original.resolve()
    assert load_edition(found[0].copy) == small_edition
    assert "page.epd, autosaved" in found[0].describe()
    discard_recovery(found[0])
    assert orphaned_recoveries() == []


def test_torn_recovery_notes_are_ignored(tmp_path):
    recovery_folder().mkdir(parents=True, exist_ok=True)
    (recovery_folder() / "junk.json").write_text("{not json")
    assert orphaned_recoveries() == []


def test_locks_say_who_and_go_stale(tmp_path, monkeypatch):
    path = tmp_path / "page.epd"
    assert locks.read_lock(path) is None
    locks.write_lock(path)
    info = locks.read_lock(path)
    assert locks.is_mine(info) and not locks.is_stale(info)
    assert info.user and info.host and "since" in info.describe()
    # an old lock from another host is stale; a fresh one is not
    other = locks.LockInfo("ana", "desk-7", 42, datetime.datetime.now(datetime.UTC), time.time())
    assert not locks.is_stale(other)
    assert locks.is_stale(other, now=time.time() + locks.STALE_AFTER + 1)
    # a dead process on this host leaves a stale lock at once
    dead = locks.LockInfo("ana", info.host, 999999999, info.since, time.time())
    assert locks.is_stale(dead)
    locks.release_lock(path)
    assert locks.read_lock(path) is None


def _open_edit_save(path: str, word: str, ready, go, result) -> None:
    """Child: open the edition, wait for the other desk, change a story, save."""
    from PySide6.QtCore import QCoreApplication

    from epaperdesk.ui.document import Document, SaveConflict

    QCoreApplication.instance() or QCoreApplication([])
    document = Document.open(path)
    ready.set()
    go.wait(30)
    story = document.edition.stories["lead"]
    story.text = story.text.replace("Kestrel", word, 1)
    try:
        document.save()
        result.put((word, "saved"))
    except SaveConflict:
        result.put((word, "conflict"))


def test_two_desks_saving_one_edition_lose_no_update(sample_path, tmp_path):
    path = tmp_path / "shared.epd"
    save_edition(load_edition(sample_path), path)
    context = multiprocessing.get_context("spawn")
    result = context.Queue()
    desks = []
    for word in ("Osprey", "Merlin"):
        ready, go = context.Event(), context.Event()
        process = context.Process(target=_open_edit_save, args=(str(path), word, ready, go, result))
        process.start()
        assert ready.wait(60)
        desks.append((process, go))
    desks[0][1].set()  # the first desk saves first
    first = result.get(timeout=60)
    desks[1][1].set()
    second = result.get(timeout=60)
    for process, _ in desks:
        process.join(60)
    assert first == ("Osprey", "saved")
    assert second == ("Merlin", "conflict"), "the second desk must not overwrite the first one's save"
    assert "Osprey" in load_edition(path).stories["lead"].text


def test_unreadable_file_gives_a_clear_error(tmp_path):
    path = tmp_path / "gone.epd"
    with pytest.raises(EpdError, match="cannot be read"):
        load_edition(path)


@pytest.mark.slow
def test_kill_during_save_many_more_trials(sample_path, tmp_path, monkeypatch):
    """The same, 1,000 trials (select with -m slow)."""
    import sys

    monkeypatch.setattr(sys.modules[__name__], "TRIALS", 1000)
    test_kill_during_save_leaves_the_old_or_the_new_version(sample_path, tmp_path)
