"""Lock files beside an edition on a shared folder: who has it, when a lock is stale, and that
a lock file is never trusted — never followed, never read whole when it is not a small regular
file, never removed or overwritten by anyone but its owner (or a user's Take Over)."""

import datetime
import json
import os
import signal
import socket
import time

import pytest

from epaperdesk.io import locks


@pytest.fixture
def no_hang():
    """A read that blocks (a FIFO) fails the test after a few seconds instead of hanging."""

    def hung(signum, frame):
        raise TimeoutError("reading the lock file blocked")

    previous = signal.signal(signal.SIGALRM, hung)
    signal.alarm(10)
    yield
    signal.alarm(0)
    signal.signal(signal.SIGALRM, previous)


def other_desk(**fields):
    """The bytes of another desk's lock file (fields override the defaults)."""
    data = {"user": "ana", "host": "desk-7", "pid": 42, "since": datetime.datetime.now(datetime.UTC).isoformat()}
    data.update(fields)
    return json.dumps(data).encode()


def make_old(path, seconds=locks.STALE_AFTER + 60):
    past = time.time() - seconds
    os.utime(path, (past, past), follow_symlinks=False)


def test_locks_say_who_and_go_stale(tmp_path):
    path = tmp_path / "page.epd"
    assert locks.read_lock(path) is None
    locks.acquire_lock(path)
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
    # our own pid but another run of it (a restarted container, pid 1 again): stale too
    previous_run = locks.LockInfo("ana", info.host, os.getpid(), info.since, time.time(), token="0" * 16)
    assert locks.is_stale(previous_run) and not locks.is_mine(previous_run)
    assert locks.release_lock(path)
    assert locks.read_lock(path) is None


def test_a_live_lock_of_another_desk_is_not_taken(tmp_path):
    path = tmp_path / "page.epd"
    lock = locks.lock_path(path)
    lock.write_bytes(other_desk())
    before = os.stat(lock)
    with pytest.raises(locks.LockHeld, match=r"page\.epd is open on another desk: ana on desk-7"):
        locks.acquire_lock(path)
    assert not locks.release_lock(path), "never removed by anyone but its owner"
    assert json.loads(lock.read_bytes())["user"] == "ana"
    assert os.stat(lock).st_ino == before.st_ino and os.stat(lock).st_mtime_ns == before.st_mtime_ns
    # the user's Take Over replaces it; a stale one is taken without asking
    assert locks.is_mine(locks.acquire_lock(path, take_over=True))
    lock.write_bytes(other_desk())
    make_old(lock)
    assert locks.is_mine(locks.acquire_lock(path))


def test_release_removes_only_the_lock_it_read_as_ours(tmp_path):
    path = tmp_path / "page.epd"
    locks.acquire_lock(path)
    lock = locks.lock_path(path)
    theirs = tmp_path / "theirs"
    theirs.write_bytes(other_desk())
    os.replace(theirs, lock)  # another desk took it over
    assert not locks.release_lock(path)
    assert json.loads(lock.read_bytes())["user"] == "ana"


def test_refresh_touches_our_lock_and_leaves_theirs(tmp_path):
    path = tmp_path / "page.epd"
    locks.acquire_lock(path)
    lock = locks.lock_path(path)
    make_old(lock, 120)
    assert locks.refresh_lock(path)
    assert time.time() - lock.stat().st_mtime < 60
    lock.unlink()  # someone removed it: taken again
    assert locks.refresh_lock(path) and locks.is_mine(locks.read_lock(path))
    theirs = tmp_path / "theirs"
    theirs.write_bytes(other_desk())
    make_old(theirs, 120)
    os.replace(theirs, lock)
    assert not locks.refresh_lock(path), "taken over: not ours any more"
    assert json.loads(lock.read_bytes())["user"] == "ana" and time.time() - lock.stat().st_mtime > 100


def test_a_link_at_the_temporary_name_is_never_written_through(tmp_path, monkeypatch):
    """Was: a symlink planted at `.~lock.F#.PID.part` made opening an edition overwrite the
    file it pointed to. Now every lock file is created with O_EXCL|O_NOFOLLOW."""
    victim = tmp_path / "victim.txt"
    victim.write_bytes(b"precious")
    path = tmp_path / "page.epd"
    lock = locks.lock_path(path)
    old_name = lock.with_name(f"{lock.name}.{os.getpid()}.part")
    old_name.symlink_to(victim)
    locks.acquire_lock(path)  # created in place, exclusively
    assert victim.read_bytes() == b"precious" and lock.is_file() and not lock.is_symlink()
    # taking over a stale lock goes through an exclusive temporary: a link there fails the take-over
    lock.write_bytes(other_desk())
    make_old(lock)
    monkeypatch.setattr(locks.secrets, "token_hex", lambda n: "f" * (2 * n))
    planted = lock.with_name(f"{lock.name}.{os.getpid()}.{'f' * 12}.part")
    planted.symlink_to(victim)
    with pytest.raises(locks.LockError, match=r"cannot lock page\.epd"):
        locks.acquire_lock(path)
    assert victim.read_bytes() == b"precious"
    assert planted.is_symlink(), "not ours to remove"
    assert json.loads(lock.read_bytes())["user"] == "ana"


def test_a_link_at_the_lock_name_is_replaced_never_followed(tmp_path):
    victim = tmp_path / "victim.txt"
    victim.write_bytes(b"precious")
    path = tmp_path / "page.epd"
    lock = locks.lock_path(path)
    lock.symlink_to(victim)
    info = locks.read_lock(path)
    assert info is not None and not info.usable and "unknown desk" in info.describe()
    with pytest.raises(locks.LockHeld):
        locks.acquire_lock(path)  # a fresh unknown lock may be a real desk's
    assert not locks.refresh_lock(path) and not locks.release_lock(path)
    assert locks.is_mine(locks.acquire_lock(path, take_over=True))
    assert not lock.is_symlink() and victim.read_bytes() == b"precious"


def plant_zero_link(lock):
    lock.symlink_to("/dev/zero")


def plant_fifo(lock):
    os.mkfifo(lock)


def plant_folder(lock):
    lock.mkdir()


def plant_bytes(data):
    return lambda lock: lock.write_bytes(data)


HERE = socket.gethostname()
HOSTILE = {
    "link to /dev/zero": plant_zero_link,
    "fifo": plant_fifo,
    "folder": plant_folder,
    "5 KiB": plant_bytes(b" " * 5000 + other_desk()),
    "pid beyond C long": plant_bytes(other_desk(host=HERE, pid=2**70)),
    "pid negative": plant_bytes(other_desk(host=HERE, pid=-1)),
    "pid zero": plant_bytes(other_desk(host=HERE, pid=0)),
    "pid a bool": plant_bytes(other_desk(host=HERE, pid=True)),
    "pid a string": plant_bytes(other_desk(pid="42")),
    "pid at 2**31": plant_bytes(other_desk(host=HERE, pid=2**31)),
    "year 1": plant_bytes(other_desk(since="0001-01-01T00:00:00+05:00")),
    "year 9999": plant_bytes(other_desk(since="9999-12-31T23:59:59-05:00")),
    "since without a zone": plant_bytes(other_desk(since="2026-03-05T10:00:00")),
    "since not a date": plant_bytes(other_desk(since="yesterday")),
    "user of 300 characters": plant_bytes(other_desk(user="a" * 300)),
    "host with a newline": plant_bytes(other_desk(host="desk\n7")),
    "user missing": plant_bytes(json.dumps({"host": "h", "pid": 4, "since": "2026-03-05T10:00:00+00:00"}).encode()),
    "a list": plant_bytes(b"[1, 2, 3]"),
    "nested too deep": plant_bytes(b"[" * 4000),
    "not utf-8": plant_bytes(b"\xff\xfe{}"),
    "token not hex": plant_bytes(other_desk(token="<script>")),
}


@pytest.mark.parametrize("plant", HOSTILE.values(), ids=HOSTILE.keys())
def test_an_unusable_lock_is_an_unknown_desk_never_an_error(tmp_path, plant, no_hang):
    """Was: a link to /dev/zero was read until MemoryError, a FIFO hung, a folder raised
    IsADirectoryError, a pid beyond C long raised OverflowError in os.kill, years 1 and 9999
    raised in astimezone. Now each is a lock of an unknown desk: fresh, it blocks like a live
    lock; stale by its modification time, it is taken over (a folder cannot be: LockError)."""
    path = tmp_path / "page.epd"
    lock = locks.lock_path(path)
    plant(lock)
    info = locks.read_lock(path)
    assert info is not None and not info.usable
    assert not locks.is_mine(info) and not locks.is_stale(info)
    assert locks.foreign_holder(path) == info
    assert "unknown desk" in info.describe()
    with pytest.raises(locks.LockHeld):
        locks.acquire_lock(path)
    assert not locks.release_lock(path) and os.path.lexists(lock)
    make_old(lock)
    assert locks.is_stale(locks.read_lock(path)) and locks.foreign_holder(path) is None
    if plant is plant_folder:
        with pytest.raises(locks.LockError, match=r"cannot lock page\.epd: \.~lock\.page\.epd# cannot be written"):
            locks.acquire_lock(path)
        assert lock.is_dir()
    else:
        assert locks.is_mine(locks.acquire_lock(path))
        assert lock.is_file() and not lock.is_symlink()
        assert locks.release_lock(path) and not os.path.lexists(lock)
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".part")] == []


def test_a_good_lock_of_another_desk_is_read_field_by_field(tmp_path):
    path = tmp_path / "page.epd"
    locks.lock_path(path).write_bytes(other_desk(since="2026-11-26T20:00:00+00:00", extra="ignored"))
    info = locks.read_lock(path)
    assert info.usable and (info.user, info.host, info.pid) == ("ana", "desk-7", 42)
    assert info.since == datetime.datetime(2026, 11, 26, 20, tzinfo=datetime.UTC)
    assert info.token == "" and not locks.is_mine(info)
