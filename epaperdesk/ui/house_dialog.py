"""House Settings: the edition's copyfit limits (how far Fit may go) and the wording and
styles of the jump lines. One undoable edit for what changed."""

from __future__ import annotations

import dataclasses

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from epaperdesk.model.edition import Edition
from epaperdesk.model.edits import CompositeEdit, Edit, SetEditionField
from epaperdesk.model.styles import CopyfitLimits, JumpSettings


def _spin(low: float, high: float, value: float, step: float, decimals: int = 2, suffix: str = "") -> QDoubleSpinBox:
    box = QDoubleSpinBox()
    box.setRange(low, high)
    box.setDecimals(decimals)
    box.setSingleStep(step)
    box.setValue(value)
    box.setSuffix(suffix)
    return box


class HouseSettingsDialog(QDialog):
    def __init__(self, edition: Edition, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("House Settings")
        self.edition = edition
        fit = edition.copyfit
        self.tracking_min = _spin(-100, 0, fit.tracking_min, 1, 0, " /1000 em")
        self.tracking_max = _spin(0, 100, fit.tracking_max, 1, 0, " /1000 em")
        self.allow_size = QCheckBox("Fit may change the type size")
        self.allow_size.setChecked(fit.allow_size)
        self.size_min = _spin(-3, 0, fit.size_min, 0.05, 2, " pt")
        self.size_max = _spin(0, 3, fit.size_max, 0.05, 2, " pt")
        self.allow_leading = QCheckBox("Fit may change the leading")
        self.allow_leading.setChecked(fit.allow_leading)
        self.leading_min = _spin(-3, 0, fit.leading_min, 0.05, 2, " pt")
        self.leading_max = _spin(0, 3, fit.leading_max, 0.05, 2, " pt")
        self.max_lines = QSpinBox()
        self.max_lines.setRange(0, 1000)
        self.max_lines.setValue(fit.max_lines)
        copyfit = QGroupBox("Copyfit (Type ▸ Fit Story)")
        form = QFormLayout(copyfit)
        form.addRow("Tighten tracking down to", self.tracking_min)
        form.addRow("Loosen tracking up to", self.tracking_max)
        form.addRow(self.allow_size)
        form.addRow("Size from", self.size_min)
        form.addRow("Size to", self.size_max)
        form.addRow(self.allow_leading)
        form.addRow("Leading from", self.leading_min)
        form.addRow("Leading to", self.leading_max)
        form.addRow("Fit no story more than (lines)", self.max_lines)
        jumps = edition.jumps
        styles = sorted(edition.paragraph_styles)
        self.see_text = QLineEdit(jumps.see)
        self.continued_text = QLineEdit(jumps.continued)
        self.see_style = QComboBox()
        self.see_style.addItems(styles)
        self.see_style.setCurrentText(jumps.see_style)
        self.continued_style = QComboBox()
        self.continued_style.addItems(styles)
        self.continued_style.setCurrentText(jumps.continued_style)
        jump_box = QGroupBox("Jump lines ({page} is the page number)")
        jump_form = QFormLayout(jump_box)
        jump_form.addRow("At the foot of a frame", self.see_text)
        jump_form.addRow("Its style", self.see_style)
        jump_form.addRow("At the head of the continuation", self.continued_text)
        jump_form.addRow("Its style", self.continued_style)
        self.status = QLabel("")
        self.status.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self._accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(copyfit)
        layout.addWidget(jump_box)
        layout.addWidget(self.status)
        layout.addWidget(buttons)
        self.edit: Edit | None = None

    def _values(self) -> tuple[CopyfitLimits, JumpSettings]:
        limits = CopyfitLimits(
            self.tracking_min.value(),
            self.tracking_max.value(),
            self.allow_size.isChecked(),
            self.size_min.value(),
            self.size_max.value(),
            self.allow_leading.isChecked(),
            self.leading_min.value(),
            self.leading_max.value(),
            self.max_lines.value(),
        )
        jumps = dataclasses.replace(
            self.edition.jumps,
            see=self.see_text.text(),
            continued=self.continued_text.text(),
            see_style=self.see_style.currentText(),
            continued_style=self.continued_style.currentText(),
        )
        return limits, jumps

    def _accept(self) -> None:
        try:
            limits, jumps = self._values()
        except ValueError as error:
            self.status.setText(str(error))
            return
        edits = []
        if limits != self.edition.copyfit:
            edits.append(SetEditionField("copyfit", self.edition.copyfit, limits))
        if jumps != self.edition.jumps:
            edits.append(SetEditionField("jumps", self.edition.jumps, jumps))
        self.edit = (edits[0] if len(edits) == 1 else CompositeEdit(tuple(edits), "House settings")) if edits else None
        self.accept()
