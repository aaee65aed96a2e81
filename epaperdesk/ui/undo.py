"""QUndoCommand adapters: the Qt undo stack wraps the model's edits; it does not own data."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtGui import QUndoCommand

from epaperdesk.model.edition import Edition
from epaperdesk.model.edits import CompositeEdit, Edit, SpliceText

TYPING_ID = 1


class EditCommand(QUndoCommand):
    """One undoable step: redo applies the edit, undo its inverse; `changed` is told either way.
    Typing commands (`typing=True`) merge with the one before while the keystrokes run on
    in the same story: a typed sentence is one step to undo, as in any word processor."""

    def __init__(
        self,
        edition: Edition,
        edit: Edit,
        changed: Callable[[Edit], None],
        text: str | None = None,
        applied: bool = False,
        typing: bool = False,
    ) -> None:
        super().__init__(text or edit.label)
        self.edition = edition
        self.edit = edit
        self._parts: list[SpliceText] = [edit] if typing and isinstance(edit, SpliceText) else []
        self._changed = changed
        self._applied = applied  # the edit was applied (and checked) before the push

    def id(self) -> int:
        return TYPING_ID if self._parts else -1

    def mergeWith(self, other: QUndoCommand) -> bool:
        if not isinstance(other, EditCommand) or not other._parts or not self._parts:
            return False
        last, new = self._parts[-1], other._parts[0]
        if new.story_id != last.story_id or "\n" in new.inserted.text or "\n" in new.removed.text:
            return False
        typed_on = not new.removed.text and new.position == last.position + len(last.inserted.text)
        deleted_back = not new.inserted.text and new.position + len(new.removed.text) == last.position + (
            len(last.inserted.text) if last.inserted.text else 0
        )
        deleted_forward = not new.inserted.text and not last.inserted.text and new.position == last.position
        if not (typed_on or deleted_back or deleted_forward):
            return False
        self._parts.extend(other._parts)
        self.edit = CompositeEdit(tuple(self._parts), "Typing")
        return True

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
