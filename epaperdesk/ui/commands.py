"""QUndoCommand adapters: the Qt undo stack wraps the model's edits; it does not own data."""

from __future__ import annotations

from typing import Callable

from PySide6.QtGui import QUndoCommand

from epaperdesk.model.edition import Edition
from epaperdesk.model.edits import Edit


class EditCommand(QUndoCommand):
    """One undoable step: redo applies the edit, undo its inverse; `changed` is told either way."""

    def __init__(self, edition: Edition, edit: Edit, changed: Callable[[Edit], None], text: str | None = None,
                 applied: bool = False) -> None:
        super().__init__(text or edit.label)
        self.edition = edition
        self.edit = edit
        self._changed = changed
        self._applied = applied  # the edit was applied (and checked) before the push

    def redo(self) -> None:
        if self._applied:
            self._applied = False
        else:
            self.edit.apply(self.edition)
        self._changed(self.edit)

    def undo(self) -> None:
        inverse = self.edit.inverse()
        inverse.apply(self.edition)
        self._changed(inverse)
