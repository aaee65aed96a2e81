"""The Type control strip over the galley: font, size, leading, tracking and alignment of the
story editor's selection, set as local formatting over the styles (shown as "body+"), and
Clear Overrides to go back to what the styles say. It shows the values at the cursor."""

from __future__ import annotations

from PySide6.QtCore import QPointF, Qt, Signal
from PySide6.QtGui import QColor, QIcon, QPainter, QPen, QPixmap
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QDoubleSpinBox,
    QHBoxLayout,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from epaperdesk.model.edition import Edition
from epaperdesk.model.styles import ALIGNMENTS, ParagraphStyle
from epaperdesk.typeset.fonts import installed_faces

# line lengths (of 12) of the four lines in each alignment's icon, and where they start
ALIGNMENT_LINES = {
    "left": ((12, 0), (8, 0), (11, 0), (6, 0)),
    "center": ((12, 0), (8, 2), (10, 1), (6, 3)),
    "right": ((12, 0), (8, 4), (11, 1), (6, 6)),
    "justify": ((12, 0), (12, 0), (12, 0), (7, 0)),
}
ALIGNMENT_NAMES = {"left": "Align left", "center": "Centre", "right": "Align right", "justify": "Justify"}


def font_families(edition: Edition) -> list[str]:
    """The families a style or selection can use: installed ones and the edition's own."""
    return sorted({face.family for face in installed_faces().values()} | {f.family for f in edition.fonts.values()})


def alignment_icon(alignment: str, colour: QColor) -> QIcon:
    """Four lines set as the alignment sets them (drawn: no icon theme is needed)."""
    pixmap = QPixmap(16, 16)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setPen(QPen(colour, 1.6))
    for row, (length, start) in enumerate(ALIGNMENT_LINES[alignment]):
        y = 3.5 + row * 3
        painter.drawLine(QPointF(2 + start, y), QPointF(2 + start + length, y))
    painter.end()
    return QIcon(pixmap)


class TypeStrip(QWidget):
    """Emits `character_changed(field, value)` (font_family, size, tracking) and
    `paragraph_changed(field, value)` (leading, alignment) when the user sets one, and
    `clear_requested` for Clear Overrides."""

    character_changed = Signal(str, object)
    paragraph_changed = Signal(str, object)
    clear_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._showing = False
        self._shown: dict[str, object] = {}
        self.font_box = QComboBox()
        self.font_box.setAccessibleName("Font family")
        self.font_box.setToolTip("Font family of the selected text (local formatting)")
        self.font_box.setMinimumContentsLength(12)
        self.size_spin = self._spin("Type size", "Size of the selected text, in points", 1, 1000, 0.5, " pt")
        self.leading_spin = self._spin("Leading", "Leading of the selected paragraphs, in points", 1, 2000, 0.5, " pt")
        self.tracking_spin = self._spin("Tracking", "Tracking of the selected text, in 1/1000 em", -300, 1000, 5, "")
        self.tracking_spin.setDecimals(0)
        self.alignment_buttons: dict[str, QToolButton] = {}
        group = QButtonGroup(self)
        group.setExclusive(True)
        rows = QVBoxLayout(self)  # two rows: it fits a narrow dock
        rows.setContentsMargins(0, 0, 0, 0)
        rows.setSpacing(2)
        top, row = QHBoxLayout(), QHBoxLayout()
        top.setSpacing(3)
        row.setSpacing(3)
        rows.addLayout(top)
        rows.addLayout(row)
        top.addWidget(self.font_box, 1)
        top.addWidget(self.size_spin)
        row.addWidget(self.leading_spin)
        row.addWidget(self.tracking_spin)
        row.addStretch(1)
        for alignment in ALIGNMENTS:
            button = QToolButton()
            button.setIcon(alignment_icon(alignment, self.palette().color(self.foregroundRole())))
            button.setCheckable(True)
            button.setAccessibleName(ALIGNMENT_NAMES[alignment])
            button.setToolTip(ALIGNMENT_NAMES[alignment])
            button.clicked.connect(lambda _=False, a=alignment: self._set_paragraph("alignment", a))
            group.addButton(button)
            row.addWidget(button)
            self.alignment_buttons[alignment] = button
        self.clear_button = QToolButton()
        self.clear_button.setText("¶⃠")
        self.clear_button.setAccessibleName("Clear overrides")
        self.clear_button.setToolTip("Clear overrides: back to what the styles say (Ctrl+Alt+Shift+C)")
        self.clear_button.clicked.connect(self.clear_requested)
        row.addWidget(self.clear_button)
        self.font_box.activated.connect(lambda _i: self._set_character("font_family", self.font_box.currentText()))
        self.size_spin.editingFinished.connect(lambda: self._set_character("size", self.size_spin.value()))
        self.tracking_spin.editingFinished.connect(lambda: self._set_character("tracking", self.tracking_spin.value()))
        self.leading_spin.editingFinished.connect(lambda: self._set_paragraph("leading", self.leading_spin.value()))

    @staticmethod
    def _spin(name: str, tip: str, low: float, high: float, step: float, suffix: str) -> QDoubleSpinBox:
        spin = QDoubleSpinBox()
        spin.setRange(low, high)
        spin.setSingleStep(step)
        spin.setDecimals(2)
        spin.setSuffix(suffix)
        spin.setAccessibleName(name)
        spin.setToolTip(tip)
        spin.setKeyboardTracking(False)
        return spin

    def show_nothing(self) -> None:
        """No story: the fields blank (the minimum of each spin box reads as empty)."""
        self._showing = True
        for spin in (self.size_spin, self.leading_spin, self.tracking_spin):
            spin.setSpecialValueText(" ")
            spin.setValue(spin.minimum())
        self.font_box.setCurrentIndex(-1)
        self._showing = False

    def set_families(self, families: list[str]) -> None:
        current = self.font_box.currentText()
        self.font_box.blockSignals(True)
        self.font_box.clear()
        self.font_box.addItems(families)
        self.font_box.setCurrentText(current)
        self.font_box.blockSignals(False)

    def show_values(self, style: ParagraphStyle, local: dict[str, object]) -> None:
        """What the text at the cursor is set in (its paragraph style, with local formatting)."""
        self._showing = True
        for spin in (self.size_spin, self.leading_spin, self.tracking_spin):
            spin.setSpecialValueText("")
        self._shown = {
            "font_family": local.get("font_family", style.font_family),
            "size": local.get("size", style.size),
            "leading": local.get("leading", style.leading),
            "tracking": local.get("tracking", style.tracking),
            "alignment": local.get("alignment", style.alignment),
        }
        try:
            self.font_box.setCurrentText(str(local.get("font_family", style.font_family)))
            self.size_spin.setValue(float(local.get("size", style.size)))  # type: ignore[arg-type]
            self.leading_spin.setValue(float(local.get("leading", style.leading)))  # type: ignore[arg-type]
            self.tracking_spin.setValue(float(local.get("tracking", style.tracking)))  # type: ignore[arg-type]
            alignment = str(local.get("alignment", style.alignment))
            if alignment in self.alignment_buttons:
                self.alignment_buttons[alignment].setChecked(True)
            for spin, field in (
                (self.size_spin, "size"),
                (self.leading_spin, "leading"),
                (self.tracking_spin, "tracking"),
            ):
                font = spin.font()
                font.setBold(field in local)  # a local value is shown in bold, as InDesign's "+" does
                spin.setFont(font)
            font = self.font_box.font()
            font.setBold("font_family" in local)
            self.font_box.setFont(font)
        finally:
            self._showing = False

    def _set_character(self, field: str, value: object) -> None:
        if not self._showing and self._shown.get(field) != value:
            self._shown[field] = value
            self.character_changed.emit(field, value)

    def _set_paragraph(self, field: str, value: object) -> None:
        if not self._showing and self._shown.get(field) != value:
            self._shown[field] = value
            self.paragraph_changed.emit(field, value)
