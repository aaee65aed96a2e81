"""Lock files beside an edition on a shared folder: who has it, and when a lock is stale."""

import datetime
import time

from epaperdesk.io import locks


def test_locks_say_who_and_go_stale(tmp_path):
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
