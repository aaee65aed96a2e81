"""Autosave recovery copies: written beside the user's data, never over the user's file, and
found again after the process that wrote them is gone."""

import os

from epaperdesk.io.epd import load_edition, save_edition
from epaperdesk.io.recovery import discard_recovery, orphaned_recoveries, recovery_folder, write_recovery


def test_recovery_copy_is_found_after_a_crash(small_edition, tmp_path):
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


def test_torn_recovery_notes_are_ignored():
    recovery_folder().mkdir(parents=True, exist_ok=True)
    (recovery_folder() / "junk.json").write_text("{not json")
    assert orphaned_recoveries() == []
