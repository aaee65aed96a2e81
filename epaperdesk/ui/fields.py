"""Input fields the dialogs and panels share: lengths typed in the user's unit (picas as
12p6), with the problem said in place instead of an exception."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtGui import QFocusEvent
from PySide6.QtWidgets import QHeaderView, QLabel, QLineEdit, QTreeWidget, QWidget

from epaperdesk.geometry import format_length, parse_length

ERROR_STYLE = "color: #b00020;"
BAD_FIELD_STYLE = "QLineEdit { border: 1px solid #b00020; }"


class LengthEdit(QLineEdit):
    """A length in points, shown and typed in a unit ("mm", "pt", "pica", "in", "cm"); any
    unit can be typed ("3mm", "12p6", "0.5in"), a bare number is in the field's unit.
    `value()` is None while the text is not a length; `changed` says when it becomes one."""

    changed = Signal(float)

    def __init__(
        self,
        points: float = 0.0,
        unit: str = "mm",
        minimum: float | None = 0.0,
        maximum: float | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.unit = unit
        self.minimum = minimum
        self.maximum = maximum
        self._value: float | None = points
        self.problem = ""
        self.setText(format_length(points, unit))
        self.textEdited.connect(self._read)
        self.setMinimumWidth(70)

    def value(self) -> float | None:
        return self._value

    def set_value(self, points: float) -> None:
        self._value = points
        self.problem = ""
        self.setStyleSheet("")
        self.setToolTip("")
        self.setText(format_length(points, self.unit))

    def set_unit(self, unit: str) -> None:
        self.unit = unit
        if self._value is not None:
            self.setText(format_length(self._value, unit))

    def _read(self, text: str) -> None:
        try:
            points = parse_length(text, self.unit)
        except ValueError as error:
            self._fail(str(error))
            return
        if self.minimum is not None and points < self.minimum - 1e-9:
            self._fail(f"at least {format_length(self.minimum, self.unit)}")
            return
        if self.maximum is not None and points > self.maximum + 1e-9:
            self._fail(f"at most {format_length(self.maximum, self.unit)}")
            return
        self._value = points
        self.problem = ""
        self.setStyleSheet("")
        self.setToolTip("")
        self.changed.emit(points)

    def _fail(self, message: str) -> None:
        self._value = None
        self.problem = message
        self.setStyleSheet(BAD_FIELD_STYLE)
        self.setToolTip(message)
        self.changed.emit(float("nan"))

    def focusOutEvent(self, event: QFocusEvent) -> None:
        """Show the length as the program writes it once the user leaves the field."""
        super().focusOutEvent(event)
        if self._value is not None:
            self.setText(format_length(self._value, self.unit))


class ProblemLabel(QLabel):
    """Where a dialog says what is wrong with its fields, in words (empty when nothing is)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setStyleSheet(ERROR_STYLE)
        self.setWordWrap(True)
        self.setAccessibleName("Problems")

    def show_problems(self, problems: list[str]) -> None:
        self.setText("\n".join(problems))
        self.setVisible(bool(problems))


def fit_columns(tree: QTreeWidget, stretch: int) -> None:
    """Columns as wide as what they hold, column `stretch` taking the rest of the width (no
    text cut off where there is room; a cut one shows whole in its tooltip)."""
    header = tree.header()
    for column in range(tree.columnCount()):
        mode = QHeaderView.ResizeMode.Stretch if column == stretch else QHeaderView.ResizeMode.ResizeToContents
        header.setSectionResizeMode(column, mode)
    header.setStretchLastSection(stretch == tree.columnCount() - 1)
    for index in range(tree.topLevelItemCount()):
        item = tree.topLevelItem(index)
        if item is not None:
            for column in range(tree.columnCount()):
                if not item.toolTip(column):
                    item.setToolTip(column, item.text(column))
