"""The undo history of an edition: apply edits, undo and redo them, tell listeners.

The Qt undo stack in ui/ wraps this; autosave and the canvas listen to it.
"""

from __future__ import annotations

from collections.abc import Callable

from epaperdesk.model.edition import Edition
from epaperdesk.model.edits import Edit

Listener = Callable[[Edit], None]


class History:
    def __init__(self, edition: Edition) -> None:
        self.edition = edition
        self._done: list[Edit] = []
        self._undone: list[Edit] = []
        self._listeners: list[Listener] = []
        self._clean_index: int | None = 0

    def listen(self, listener: Listener) -> None:
        """Call `listener(edit)` with every edit applied to the edition (inverses included)."""
        self._listeners.append(listener)

    def _run(self, edit: Edit) -> None:
        edit.apply(self.edition)
        for listener in self._listeners:
            listener(edit)

    def do(self, edit: Edit) -> None:
        self._run(edit)
        self._done.append(edit)
        if self._clean_index is not None and self._clean_index > len(self._done) - 1:
            self._clean_index = None  # the saved state can no longer be reached by redo
        self._undone.clear()

    def undo(self) -> Edit | None:
        if not self._done:
            return None
        edit = self._done.pop()
        self._run(edit.inverse())
        self._undone.append(edit)
        return edit

    def redo(self) -> Edit | None:
        if not self._undone:
            return None
        edit = self._undone.pop()
        self._run(edit)
        self._done.append(edit)
        return edit

    @property
    def can_undo(self) -> bool:
        return bool(self._done)

    @property
    def can_redo(self) -> bool:
        return bool(self._undone)

    def mark_clean(self) -> None:
        """Remember the current state as the saved one."""
        self._clean_index = len(self._done)

    @property
    def is_modified(self) -> bool:
        return self._clean_index != len(self._done)
