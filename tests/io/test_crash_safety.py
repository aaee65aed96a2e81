"""Never lose work at the file level: kill -9 at every step of a save and at random moments
during saves, and two desks saving one edition. (Recovery copies: test_recovery.py; lock
files: test_locks.py.)"""

import copy
import io
import multiprocessing
import os
import random
import signal
import sys
import time

import pytest

from epaperdesk.io.epd import load_edition, save_edition

TRIALS = int(os.environ.get("EPAPERDESK_KILL_TRIALS", "200"))


# the calls through which a save reaches the file system: the child is killed before each in turn
FILE_SYSTEM_CALLS = {"open", "write", "flush", "fsync", "close", "__exit__", "chown", "chmod", "unlink", "link"}
FILE_SYSTEM_CALLS |= {"rename", "replace", "ftruncate", "truncate"}


def _save_killed_at(path: str, edition, step: int) -> None:
    """Child: save `edition` to `path`, killing itself with SIGKILL just before the save's
    `step`-th call into the file system (os functions and writes to real files); a save that
    makes fewer calls completes and the child exits normally."""
    calls = 0

    def watch(frame, event, function):
        nonlocal calls
        if event != "c_call" or function.__name__ not in FILE_SYSTEM_CALLS:
            return
        owner = getattr(function, "__self__", None)
        if getattr(function, "__module__", None) == "posix" or isinstance(owner, io.FileIO | io.BufferedWriter):
            if calls == step:
                os.kill(os.getpid(), signal.SIGKILL)
            calls += 1

    sys.setprofile(watch)
    save_edition(edition, path)
    sys.setprofile(None)


def test_kill_at_every_step_of_a_save_leaves_the_old_or_the_new_version(sample_path, tmp_path):
    """Deterministic: the save is killed before its first, second, … call into the file
    system until a save runs to the end. Up to some step the old version is on disk, from
    then on the new one; never anything else, and the backup is always a whole edition."""
    old = load_edition(sample_path)
    new = copy.deepcopy(old)
    new.stories["lead"].text = new.stories["lead"].text.replace("Kestrel", "Osprey")
    path = tmp_path / "page.epd"
    backup = path.with_name(path.name + ".bak")
    context = multiprocessing.get_context("fork")
    outcomes = []
    killed_with_temporary = 0
    for step in range(200):
        save_edition(old, path)
        save_edition(old, path)  # the backup holds the old version too
        assert temporaries(tmp_path) == [], "the next save removes what a killed save left"
        child = context.Process(target=_save_killed_at, args=(str(path), new, step))
        child.start()
        child.join(120)  # a hang guard only: a save takes a fraction of a second
        assert child.exitcode is not None, "the save hung"
        killed_with_temporary += bool(temporaries(tmp_path)) and child.exitcode != 0
        loaded = load_edition(path)  # must open: never a torn file
        outcomes.append("old" if loaded == old else "new" if loaded == new else "other")
        assert load_edition(backup) in (old, new)
        if child.exitcode == 0:  # this save made fewer calls than `step`: it ran to the end
            break
        assert child.exitcode == -signal.SIGKILL
    else:
        pytest.fail("the save was still being killed after 200 steps")
    assert "other" not in outcomes
    assert outcomes[0] == "old" and outcomes[-1] == "new"
    switch = outcomes.index("new")
    assert outcomes[switch:] == ["new"] * (len(outcomes) - switch), f"the old version came back: {outcomes}"
    assert switch >= 3, f"the kills did not reach into the save's writes: {outcomes}"
    assert killed_with_temporary > 0, "some kills landed after the temporary was made"
    assert temporaries(tmp_path) == [], "the save that ran to the end removed the killed saves' temporaries"


def temporaries(folder) -> list[str]:
    """Temporary files of saves in `folder` (ours are `.NAME.*.tmp`)."""
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".tmp"))


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
    # the clock only paces the kills (spread over a few saves); nothing here asserts a duration
    began = time.perf_counter()
    save_edition(old, path)
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
    leftovers = temporaries(tmp_path)
    # a killed save may leave its temporary file: never in place of the edition, and the
    # next save removes it (its writer is gone)
    assert all(name.startswith(".page.epd.") for name in leftovers)
    save_edition(old, path)
    assert temporaries(tmp_path) == [], f"the next save left {leftovers}"
    assert load_edition(path) == old


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


@pytest.mark.slow
def test_kill_during_save_many_more_trials(sample_path, tmp_path, monkeypatch):
    """The same, 1,000 trials (select with -m slow)."""
    import sys

    monkeypatch.setattr(sys.modules[__name__], "TRIALS", 1000)
    test_kill_during_save_leaves_the_old_or_the_new_version(sample_path, tmp_path)
