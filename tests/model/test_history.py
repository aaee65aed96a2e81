"""Undo and redo of model edits, the modified flag and the listeners."""

import copy

from epaperdesk.model.edits import move_frame, splice_text
from epaperdesk.model.history import History


def test_history_undo_redo_and_modified_flag(small_edition):
    history = History(small_edition)
    seen = []
    history.listen(seen.append)
    original = copy.deepcopy(small_edition)
    assert not history.is_modified
    history.do(move_frame(small_edition, "t1", 1, 1))
    history.do(splice_text(small_edition, "s2", 0, 0, "Yet "))
    assert history.is_modified
    history.mark_clean()
    assert not history.is_modified
    history.undo()
    assert history.is_modified
    history.undo()
    assert small_edition == original
    assert history.undo() is None
    history.redo()
    history.redo()
    assert not history.is_modified
    assert len(seen) == 6
