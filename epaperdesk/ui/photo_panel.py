"""The photo panel: for the selected photo frame, its picture (pixels, the file's own and
the effective resolution at the placed size), fit mode and zoom, caption, credit in the
house form, and alt text for the e-paper. Every change is one undoable model edit."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QFocusEvent
from PySide6.QtWidgets import (
    QComboBox,
    QDoubleSpinBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from epaperdesk.model.edits import CompositeEdit, Edit, EditError, SetFrameProperty
from epaperdesk.model.frames import ImageFrame
from epaperdesk.model.photos import caption_parts, house_credit, set_caption
from epaperdesk.typeset.displaylist import ImageItem
from epaperdesk.typeset.layout import effective_ppi
from epaperdesk.ui.document import Document

FIT_LABELS = {
    "fill": "Fill the frame",
    "fit": "Fit proportionally",
    "actual": "Actual size",
    "center": "Centre (actual size)",
    "stretch": "Stretch to the frame",
    "none": "One pixel a point",
}
LOW_PPI = 170.0  # newsprint needs about this much at the placed size


class CaptionEdit(QPlainTextEdit):
    """Caption text committed when the user leaves the field (or pauses typing)."""

    finished = Signal()

    def focusOutEvent(self, event: QFocusEvent) -> None:
        super().focusOutEvent(event)
        self.finished.emit()


class PhotoPanel(QWidget):
    place_requested = Signal()
    message = Signal(str)

    def __init__(self, document: Document, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.document: Document = document
        self.frame_id: str | None = None
        self._loading = False
        self.info = QLabel("Select a photo frame")
        self.info.setWordWrap(True)
        self.info.setTextFormat(Qt.TextFormat.RichText)
        self.info.setAccessibleName("Photo information")
        self.fit_box = QComboBox()
        for mode, label in FIT_LABELS.items():
            self.fit_box.addItem(label, mode)
        self.fit_box.setAccessibleName("Fit")
        self.fit_box.activated.connect(self._fit_chosen)
        self.zoom_box = QDoubleSpinBox()
        self.zoom_box.setRange(5.0, 2000.0)
        self.zoom_box.setSuffix(" %")
        self.zoom_box.setDecimals(1)
        self.zoom_box.setAccessibleName("Zoom in frame")
        self.zoom_box.editingFinished.connect(self._zoom_chosen)
        self.reset_button = QPushButton("Reset crop")
        self.reset_button.setToolTip("Centre the picture again at 100 % of its fit")
        self.reset_button.clicked.connect(self.reset_crop)
        self.place_button = QPushButton("Place…")
        self.place_button.setToolTip("Put a picture file into this frame")
        self.place_button.clicked.connect(self.place_requested)
        self.caption_edit = CaptionEdit()
        self.caption_edit.setAccessibleName("Caption")
        self.caption_edit.setPlaceholderText("Caption")
        self.caption_edit.setFixedHeight(90)
        self.caption_edit.finished.connect(self._commit_caption)
        self._caption_timer = QTimer(self)
        self._caption_timer.setSingleShot(True)
        self._caption_timer.setInterval(800)
        self._caption_timer.timeout.connect(self._commit_caption)
        self._caption_dirty = False  # only what the user typed is committed, never text shown from the model
        self.caption_edit.textChanged.connect(self._caption_typed)
        self.credit_edit = QLineEdit()
        self.credit_edit.setAccessibleName("Credit")
        self.credit_edit.setPlaceholderText("Agency or photographer — becomes (PHOTO: AGENCY)")
        self.credit_edit.textEdited.connect(lambda _: setattr(self, "_caption_dirty", True))
        self.credit_edit.editingFinished.connect(self._commit_caption)
        self.alt_edit = QLineEdit()
        self.alt_edit.setAccessibleName("Alt text")
        self.alt_edit.setPlaceholderText("What the picture shows, for readers who cannot see it")
        self._alt_dirty = False
        self.alt_edit.textEdited.connect(lambda _: setattr(self, "_alt_dirty", True))
        self.alt_edit.editingFinished.connect(self._commit_alt)
        form = QFormLayout()
        form.addRow("Fit", self.fit_box)
        zoom_row = QHBoxLayout()
        zoom_row.addWidget(self.zoom_box, 1)
        zoom_row.addWidget(self.reset_button)
        form.addRow("Zoom", zoom_row)
        form.addRow("Caption", self.caption_edit)
        form.addRow("Credit", self.credit_edit)
        form.addRow("Alt text", self.alt_edit)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addWidget(self.info)
        layout.addWidget(self.place_button)
        layout.addLayout(form)
        layout.addStretch(1)
        document.layout_changed.connect(self.refresh)
        self.show_frame(None)

    def set_document(self, document: Document) -> None:
        """Follow another document (the window opened or reverted a file)."""
        try:
            self.document.layout_changed.disconnect(self.refresh)
        except (RuntimeError, TypeError):
            pass  # the old document is already gone
        self.document = document
        document.layout_changed.connect(self.refresh)
        self.show_frame(None)

    @property
    def frame(self) -> ImageFrame | None:
        if self.frame_id is None:
            return None
        try:
            frame = self.document.edition.frame_by_id(self.frame_id)
        except KeyError:
            return None
        return frame if isinstance(frame, ImageFrame) else None

    def show_frame(self, frame_id: str | None) -> None:
        self._commit_caption()
        self._commit_alt()
        self.frame_id = frame_id
        self.refresh()

    def placed_item(self) -> ImageItem | None:
        frame = self.frame
        if frame is None:
            return None
        for display in self.document.layout.pages:
            if display is None:
                continue
            for item in display.items:
                if isinstance(item, ImageItem) and item.frame_id == frame.id:
                    return item
        return None

    def effective_ppi(self) -> float | None:
        item = self.placed_item()
        return effective_ppi(item.pixel_width, item.placed) if item is not None else None

    def refresh(self) -> None:
        frame = self.frame
        enabled = frame is not None
        for widget in (
            self.fit_box,
            self.zoom_box,
            self.reset_button,
            self.place_button,
            self.caption_edit,
            self.credit_edit,
            self.alt_edit,
        ):
            widget.setEnabled(enabled)
        self._loading = True
        try:
            if frame is None:
                self.info.setText("Select a photo frame to see its picture, caption, credit and alt text")
                self.caption_edit.setPlainText("")
                self.credit_edit.setText("")
                self.alt_edit.setText("")
                return
            asset = self.document.edition.images.get(frame.image) if frame.image else None
            if asset is None:
                self.info.setText(f"<b>{frame.id}</b>: empty — place a picture (File ▸ Place Photo, or drop a file)")
            else:
                ppi = self.effective_ppi() or 0.0
                colour = "#c00" if ppi < LOW_PPI else "inherit"
                kind = asset.media_type.split("/")[1].upper()
                self.info.setText(
                    f"<b>{frame.id}</b>: {kind} {asset.width} × {asset.height} px, {asset.ppi:.0f} ppi in the file"
                    f"<br>Effective resolution: <b style='color:{colour}'>{ppi:.0f} ppi</b>"
                    + (" — too low for newsprint" if ppi < LOW_PPI else "")
                )
            self.fit_box.setCurrentIndex(max(0, self.fit_box.findData(frame.fit)))
            self.zoom_box.setValue(frame.scale * 100)
            if not self.caption_edit.hasFocus():
                caption, credit = caption_parts(self.document.edition, frame)
                self.caption_edit.setPlainText(caption)
                if not self.credit_edit.hasFocus():
                    self.credit_edit.setText(credit)
            if not self.alt_edit.hasFocus():
                self.alt_edit.setText(frame.alt_text)
        finally:
            self._loading = False

    # -- edits ------------------------------------------------------------------------------------

    def _push(self, edit: Edit, text: str) -> None:
        try:
            self.document.push(edit, text)
        except EditError as error:
            self.message.emit(str(error))

    def _fit_chosen(self, index: int) -> None:
        frame = self.frame
        mode = self.fit_box.itemData(index)
        if frame is not None and mode != frame.fit:
            self._push(
                CompositeEdit(
                    (
                        SetFrameProperty(frame.id, "fit", frame.fit, mode),
                        SetFrameProperty(frame.id, "crop_x", frame.crop_x, 0.0),
                        SetFrameProperty(frame.id, "crop_y", frame.crop_y, 0.0),
                    ),
                    "Fit photo",
                ),
                "Fit photo",
            )

    def _zoom_chosen(self) -> None:
        frame = self.frame
        scale = self.zoom_box.value() / 100
        if frame is not None and abs(scale - frame.scale) > 1e-6:
            self._push(SetFrameProperty(frame.id, "scale", frame.scale, scale), "Zoom photo")

    def reset_crop(self) -> None:
        frame = self.frame
        if frame is None:
            return
        edits = [
            SetFrameProperty(frame.id, name, getattr(frame, name), value)
            for name, value in (("crop_x", 0.0), ("crop_y", 0.0), ("scale", 1.0))
            if getattr(frame, name) != value
        ]
        if edits:
            self._push(CompositeEdit(tuple(edits), "Reset crop"), "Reset crop")

    def _caption_typed(self) -> None:
        if not self._loading:
            self._caption_dirty = True
            self._caption_timer.start()

    def _commit_caption(self) -> None:
        self._caption_timer.stop()
        frame = self.frame
        if frame is None or self._loading or not self._caption_dirty:
            return
        self._caption_dirty = False
        credit = house_credit(self.credit_edit.text())
        try:
            edit = set_caption(self.document.edition, frame.id, self.caption_edit.toPlainText(), credit)
        except EditError as error:
            self.message.emit(str(error))
            return
        if edit is not None:
            self._push(edit, "Edit caption")
        if self.credit_edit.text() != credit and not self.credit_edit.hasFocus():
            self.credit_edit.setText(credit)

    def _commit_alt(self) -> None:
        frame = self.frame
        if frame is None or self._loading or not self._alt_dirty:
            return
        self._alt_dirty = False
        text = " ".join(self.alt_edit.text().split())
        if text != frame.alt_text:
            self._push(SetFrameProperty(frame.id, "alt_text", frame.alt_text, text), "Alt text")
