"""The one atomic-write helper: whole files or none, mode, owner and links kept, our
temporary files only cleaned up."""

from __future__ import annotations

import os
import time

import pytest

from epaperdesk.atomic import backup_path, remove_stale_temporaries, write_atomic


def test_a_new_file_gets_the_umask_mode(tmp_path):
    old = os.umask(0o027)
    try:
        written = write_atomic(tmp_path / "a.bin", b"abc")
    finally:
        os.umask(old)
    assert written.read_bytes() == b"abc"
    assert written.stat().st_mode & 0o777 == 0o640
    assert [p.name for p in tmp_path.iterdir()] == ["a.bin"]


def test_replacing_keeps_the_mode_and_writes_through_a_link(tmp_path):
    real = tmp_path / "real.epd"
    real.write_bytes(b"old")
    real.chmod(0o604)
    link = tmp_path / "link.epd"
    link.symlink_to(real)
    written = write_atomic(link, b"new", backup=True)
    assert written == real
    assert link.is_symlink() and link.resolve() == real
    assert real.read_bytes() == b"new"
    assert real.stat().st_mode & 0o777 == 0o604
    assert backup_path(real).read_bytes() == b"old"


def test_a_writer_function_streams_into_the_file(tmp_path):
    write_atomic(tmp_path / "w.txt", lambda handle: handle.write(b"streamed"))
    assert (tmp_path / "w.txt").read_bytes() == b"streamed"


def test_a_failing_writer_leaves_the_old_file_and_no_temporary(tmp_path):
    target = tmp_path / "keep.txt"
    target.write_bytes(b"precious")

    def broken(handle):
        handle.write(b"half")
        raise OSError(28, "No space left on device")

    with pytest.raises(OSError, match="No space"):
        write_atomic(target, broken)
    assert target.read_bytes() == b"precious"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["keep.txt"]


def test_a_folder_in_the_way_of_the_backup_is_named(tmp_path):
    target = tmp_path / "f.epd"
    target.write_bytes(b"1")
    backup_path(target).mkdir()
    with pytest.raises(IsADirectoryError, match=r"f\.epd\.bak"):
        write_atomic(target, b"2", backup=True)
    assert target.read_bytes() == b"1"


def test_only_our_old_temporaries_are_removed(tmp_path):
    target = tmp_path / "e.epd"
    old = tmp_path / ".e.epd.abc123.tmp"
    fresh = tmp_path / ".e.epd.def456.tmp"
    other = tmp_path / ".other.epd.abc.tmp"
    for path in (old, fresh, other):
        path.write_bytes(b"x")
    past = time.time() - 7200
    os.utime(old, (past, past))
    os.utime(other, (past, past))
    assert remove_stale_temporaries(target, older_than=3600) == 1
    assert not old.exists() and fresh.exists() and other.exists()
