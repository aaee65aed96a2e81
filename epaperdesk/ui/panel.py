"""What the docks that follow the open document share: a refresh once the user pauses after
the layout changes (not on every keystroke), and the first one after the window is up."""

from __future__ import annotations

from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import QWidget

from epaperdesk.model.edits import Edit, EditError
from epaperdesk.ui.document import Document


class DocumentPanel(QWidget):
    """A dock's contents that follow the document; subclasses implement `refresh` and may
    clear what they show in `forget`."""

    message = Signal(str)  # for the status bar

    def __init__(self, document: Document, delay_ms: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.document: Document = document
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(delay_ms)
        self._timer.timeout.connect(self.refresh)
        document.layout_changed.connect(self._timer.start)
        self._timer.start()  # filled in once the window is up, not before it is shown

    def set_document(self, document: Document) -> None:
        """Follow another document (the window opened or reverted a file)."""
        try:
            self.document.layout_changed.disconnect(self._timer.start)
        except (RuntimeError, TypeError):
            pass  # the old document is already gone
        self.document = document
        document.layout_changed.connect(self._timer.start)
        self.forget()
        self._timer.start()

    def forget(self) -> None:
        """Drop what was shown of the previous document."""

    def refresh(self) -> None:
        raise NotImplementedError

    def _push(self, edit: Edit, text: str) -> bool:
        """One undoable step from the panel; a refused edit is reported, not raised."""
        try:
            self.document.push(edit, text)
        except EditError as error:
            self.message.emit(str(error))
            self.refresh()
            return False
        self.refresh()
        return True
