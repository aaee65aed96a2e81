"""The open document: the edition, its file, its undo stack and its current layout.

Everything that changes the edition goes through `push` (an undoable step) or, while the
user drags, `preview` (applied now, taken back before the drag's one undoable step is pushed).
The canvas listens to `layout_changed`."""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Literal

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtGui import QUndoStack

from epaperdesk.io.epd import SaveError, edition_from_bytes, save_edition
from epaperdesk.io.recovery import FileBasis, read_with_basis
from epaperdesk.model.edition import Edition
from epaperdesk.model.edits import CompositeEdit, Edit, EditError, SpliceText
from epaperdesk.typeset.layout import EditionLayout, Typesetter
from epaperdesk.ui.undo import EditCommand


class SaveConflict(SaveError):
    """The file changed on disk since it was opened (another desk saved it): saving over it
    would lose their work."""


class Document(QObject):
    layout_changed = Signal()
    edited = Signal(object)  # the edit just applied (or the inverse, on undo), before relayout
    modified_changed = Signal(bool)
    path_changed = Signal(str)

    def __init__(self, edition: Edition, path: Path | None = None) -> None:
        super().__init__()
        self.edition = edition
        self.path = Path(path) if path else None
        self.undo_stack = QUndoStack(self)
        self.undo_stack.cleanChanged.connect(self._clean_changed)
        self.undo_stack.indexChanged.connect(self._index_changed)
        self._pending: set[str] | None | Literal[False] = False  # pages to lay out again (None: all; False: nothing)
        self.typesetter = Typesetter()
        self.layout: EditionLayout = self.typesetter.layout(edition)
        self._previews: list[Edit] = []
        self.read_only = False
        self.disk_hash = _file_hash(self.path) if self.path else None
        self._relayout_timer = QTimer(self)
        self._relayout_timer.setSingleShot(True)
        self._relayout_timer.setInterval(15)  # live reflow while dragging, at most ~60 times a second
        self._relayout_timer.timeout.connect(self.relayout)

    def _clean_changed(self, clean: bool) -> None:
        self.modified_changed.emit(not clean)

    @classmethod
    def open(cls, path: str | Path) -> Document:
        """Load a file (EpdError names what is wrong with it)."""
        return cls.read(path)[0]

    @classmethod
    def read(cls, path: str | Path) -> tuple[Document, FileBasis]:
        """Load a file, with the basis it was read at: one read of the file, whose hash is
        what a later save's conflict check compares with."""
        data, basis = read_with_basis(Path(path))
        document = cls(edition_from_bytes(data, str(path)))
        document.path = Path(path)
        document.disk_hash = basis.sha256
        return document, basis

    # -- changes ----------------------------------------------------------------------------

    def push(self, edit: Edit, text: str | None = None, typing: bool = False) -> None:
        """Apply `edit` as one undoable step (keystrokes with `typing` merge into one). An
        edit that does not fit the model raises EditError here and never reaches the undo
        stack (the model is unchanged)."""
        self.end_preview()
        edit.apply(self.edition)
        self.undo_stack.push(EditCommand(self.edition, edit, self._edited, text, applied=True, typing=typing))

    def preview(self, edit: Edit) -> None:
        """Apply a step of a drag now (relaid out at most every 15 ms); `commit_preview` turns
        all of them into one undoable step, `end_preview` takes them back."""
        edit.apply(self.edition)
        self._previews.append(edit)
        if not self._relayout_timer.isActive():
            self._relayout_timer.start()

    def end_preview(self, relayout: bool = True) -> list[Edit]:
        """Take back the previewed edits; returns them (in the order they were applied).
        Without `relayout` the caller is about to preview the next step of the same drag."""
        previews, self._previews = self._previews, []
        for edit in reversed(previews):
            edit.inverse().apply(self.edition)
        if previews and relayout:
            self.relayout()
        return previews

    def commit_preview(self, edit: Edit | None, text: str | None = None) -> None:
        """Replace the previewed edits by `edit` (the whole gesture) as one undoable step."""
        self.end_preview()
        if edit is not None:
            self.push(edit, text)

    def _edited(self, edit: Edit) -> None:
        """An edit was applied, undone or redone. The layout follows once the undo stack
        settles (indexChanged): jumping back twenty steps in the history lays out once."""
        self.edited.emit(edit)
        pages = self._pages_of_text_edit(edit)
        if pages is None or self._pending is None:
            self._pending = None
        elif self._pending is False:
            self._pending = set(pages)
        else:
            self._pending |= pages
        QTimer.singleShot(0, self, self._settle)  # in case the stack reports no index change

    def _index_changed(self, _index: int) -> None:
        self._settle()

    def _settle(self) -> None:
        pending, self._pending = self._pending, False
        if pending is False:
            return
        if pending is None:
            self.relayout()
        else:
            self.relayout_pages(pending)

    def _pages_of_text_edit(self, edit: Edit) -> set[str] | None:
        """The pages a change of one story's text can change (its thread's pages), or None
        when the edit may change anything (frames, pages, styles, a master page's story)."""
        parts = edit.edits if isinstance(edit, CompositeEdit) else (edit,)
        splices = [p for p in parts if isinstance(p, SpliceText)]
        if not parts or len(splices) != len(parts):
            return None
        story_ids = {p.story_id for p in splices}
        if len(story_ids) != 1:
            return None
        edition = self.edition
        frames = edition.story_frames(next(iter(story_ids)))
        if not frames:
            return set()
        pages: set[str] = set()
        for frame in frames:
            page, _ = edition.find_frame(frame.id)
            if page not in edition.pages:  # a story on a master page shows on many pages
                return None
            pages.add(page.id)
        return pages

    def relayout_pages(self, pages: set[str]) -> None:
        """Lay out again only the stories on these pages and draw only these pages; the rest
        of the layout stays as it was (a keystroke in a 48-page edition costs one page)."""
        self._relayout_timer.stop()
        old = self.layout
        if len(old.pages) != len(self.edition.pages) or any(
            (display is None) or display.page_id != page.id for display, page in zip(old.pages, self.edition.pages)
        ):
            self.relayout()
            return
        new = self.typesetter.layout(self.edition, pages)
        new.pages = [fresh if fresh is not None else kept for fresh, kept in zip(new.pages, old.pages)]
        new.stories = {**old.stories, **new.stories}
        new.flows = {**old.flows, **new.flows}
        new.masters = old.masters
        new.missing_styles |= old.missing_styles
        self.layout = new
        self.layout_changed.emit()

    def relayout(self) -> None:
        self._relayout_timer.stop()
        self.layout = self.typesetter.layout(self.edition)
        self.layout_changed.emit()

    # -- file -------------------------------------------------------------------------------

    @property
    def is_modified(self) -> bool:
        return not self.undo_stack.isClean()

    def save(self, path: Path | None = None) -> Path:
        """Save (atomically) to `path` or the document's own file. Refuses, with SaveConflict,
        to overwrite its own file when that changed on disk since it was opened or saved, and
        with SaveError to overwrite it when the document was opened read-only."""
        self.end_preview()
        target = Path(path) if path else self.path
        if target is None:
            raise ValueError("the document has no file yet: save it as")
        same = self.path is not None and target.resolve() == self.path.resolve()
        if same and self.read_only:
            raise SaveError(f"{target.name} is open read-only: save it under another name")
        if same and target.exists() and _file_hash(target) != self.disk_hash:
            raise SaveConflict(
                f"{target.name} was changed on disk since you opened it; saving would overwrite "
                "those changes: save under another name or reload"
            )
        written = save_edition(self.edition, target)
        if not same:
            self.read_only = False
        self.path = target
        self.disk_hash = hashlib.sha256(written).hexdigest()  # the bytes just written, not read back
        self.undo_stack.setClean()
        self.path_changed.emit(str(target))
        return target


def _file_hash(path: Path) -> str | None:
    try:
        return hashlib.sha256(Path(path).read_bytes()).hexdigest()
    except OSError:
        return None


__all__ = ["Document", "EditError", "SaveConflict"]
