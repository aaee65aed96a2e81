"""The dialogs of the Swatches dock: a process or spot colour (CMYK) or a tint of one, with its
screen preview (through the press profile) and its total ink against the press's limit; and
the question a delete asks — which colour takes the place of the one deleted."""

from __future__ import annotations

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QColor, QIcon, QPainter, QPaintEvent, QPen, QPixmap
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QPushButton,
    QSlider,
    QSpacerItem,
    QVBoxLayout,
    QWidget,
)

from epaperdesk.model.edition import Edition
from epaperdesk.model.style_sheets import PROTECTED_SWATCHES, new_style_name, swatch_users, tinted
from epaperdesk.model.styles import STYLE_NAME_FORBIDDEN, Swatch
from epaperdesk.render.colour import preview_rgb
from epaperdesk.ui.fields import ERROR_STYLE, ProblemLabel

CHANNELS = (("cyan", "Cyan", "C"), ("magenta", "Magenta", "M"), ("yellow", "Yellow", "Y"), ("black", "Black", "K"))
DEFAULT_INK_LIMIT = 240.0
WARNING_COLOUR = "#b00020"
QUIET_STYLE = "color: #5f5f5f;"


def percent(value: float) -> str:
    """A percentage as the panel and dialogs write it: at most one decimal, no trailing zero."""
    text = f"{value:.1f}".rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


def cmyk_of(swatch: Swatch) -> tuple[float, float, float, float]:
    return (swatch.cyan, swatch.magenta, swatch.yellow, swatch.black)


def swatch_preview(swatch: Swatch) -> str:
    """The screen colour of a swatch's CMYK values through the press profile."""
    return preview_rgb(*cmyk_of(swatch))


def ink_verdict(ink: float, limit: float, condition: str = "") -> str:
    """ "284 % — over the 240 % limit of newsprint", or "" when within the limit."""
    if ink <= limit + 1e-9:
        return ""
    return f"{percent(ink)} % — over the {percent(limit)} % limit" + (f" of {condition}" if condition else "")


def kind_of(swatch: Swatch) -> str:
    """Process, spot, or "tint N % of X" (the percentage first: it survives a narrow column)."""
    if swatch.base is not None:
        return f"tint {percent(swatch.tint)} % of {swatch.base}"
    return "spot" if swatch.spot else "process"


def chip_pixmap(rgb: str, size: QSize, spot: bool = False) -> QPixmap:
    """A colour chip with a hairline border (white paper shows), a dot in the corner for a spot ink."""
    pixmap = QPixmap(size)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(QPen(QColor("#8a8a8a"), 1))
    painter.setBrush(QColor(rgb))
    painter.drawRect(QRectF(0.5, 0.5, size.width() - 1, size.height() - 1))
    if spot:
        painter.setPen(QPen(QColor("#8a8a8a"), 1))
        painter.setBrush(QColor("white"))
        d = max(4.0, size.height() / 3)
        painter.drawEllipse(QRectF(size.width() - d - 2, size.height() - d - 2, d, d))
    painter.end()
    return pixmap


def chip_icon(swatch: Swatch) -> QIcon:
    return QIcon(chip_pixmap(swatch.rgb, QSize(22, 14), swatch.spot))


class ColourChip(QWidget):
    """The large preview of the colour being made; when editing, the colour as it was shows in
    a band along the bottom, to compare."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.rgb = "#ffffff"
        self.before: str | None = None
        self.setFixedSize(132, 132)
        self.setAccessibleName("Colour preview")

    def set_colours(self, rgb: str, before: str | None) -> None:
        self.rgb, self.before = rgb, before
        self.setToolTip(f"On screen {rgb}" + (f" (was {before})" if before and before != rgb else ""))
        self.update()

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        rect = QRectF(self.rect()).adjusted(0.5, 0.5, -0.5, -0.5)
        painter.setPen(QPen(QColor("#8a8a8a"), 1))
        painter.setBrush(QColor(self.rgb))
        if self.before is None or self.before == self.rgb:
            painter.drawRect(rect)
        else:
            split = rect.top() + rect.height() * 0.72
            painter.drawRect(QRectF(rect.left(), rect.top(), rect.width(), split - rect.top()))
            painter.setBrush(QColor(self.before))
            painter.drawRect(QRectF(rect.left(), split, rect.width(), rect.bottom() - split))
        painter.end()


class PercentField(QWidget):
    """A percentage: a spin box with one decimal and a slider beside it, kept together."""

    def __init__(self, label: str, minimum: float, maximum: float, value: float, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.spin = QDoubleSpinBox()
        self.spin.setRange(minimum, maximum)
        self.spin.setDecimals(1)
        self.spin.setSingleStep(1.0)
        self.spin.setSuffix(" %")
        self.spin.setKeyboardTracking(True)
        self.spin.setAlignment(Qt.AlignmentFlag.AlignRight)
        self.spin.setAccessibleName(label)
        self.spin.setMinimumWidth(84)
        self.slider = QSlider(Qt.Orientation.Horizontal)
        self.slider.setRange(round(minimum * 10), round(maximum * 10))
        self.slider.setPageStep(100)
        self.slider.setAccessibleName(f"{label} slider")
        self.slider.setMinimumWidth(140)
        self.spin.setValue(value)
        self.slider.setValue(round(value * 10))
        self.spin.valueChanged.connect(self._spun)
        self.slider.valueChanged.connect(self._slid)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.slider, 1)
        layout.addWidget(self.spin)

    def value(self) -> float:
        return round(self.spin.value(), 1)

    def set_value(self, value: float) -> None:
        self.spin.setValue(value)

    def _spun(self, value: float) -> None:
        self.slider.blockSignals(True)
        self.slider.setValue(round(value * 10))
        self.slider.blockSignals(False)

    def _slid(self, tenths: int) -> None:
        self.spin.setValue(tenths / 10)


class SwatchDialog(QDialog):
    """A new or changed swatch. A colour has CMYK values (0–100 %, one decimal) and may be a
    spot ink; a tint is a percentage of a colour (its CMYK follows the colour). The preview
    chip, the total ink and the problems follow what is typed; OK waits until the fields make
    a swatch. `result_swatch()` is the swatch (its screen colour through the press profile)."""

    def __init__(
        self,
        edition: Edition,
        swatch: Swatch | None,
        tint_of: str | None = None,
        ink_limit: float = DEFAULT_INK_LIMIT,
        parent: QWidget | None = None,
        condition: str = "",
    ) -> None:
        super().__init__(parent)
        self.edition = edition
        self.original = swatch
        self.ink_limit = ink_limit
        self.condition = condition
        self.is_tint = (swatch.base is not None) if swatch is not None else tint_of is not None
        base_name = swatch.base if swatch is not None and swatch.base is not None else tint_of
        what = "Tint" if self.is_tint else "Colour"
        self.setWindowTitle(f"Edit {what}: {swatch.name}" if swatch is not None else f"New {what}")
        self._auto_name = swatch is None  # a new swatch's name follows its values until typed

        self.name_edit = QLineEdit(swatch.name if swatch is not None else "")
        self.name_edit.setAccessibleName("Swatch name")
        self.name_edit.setMinimumWidth(220)
        self.name_edit.textEdited.connect(self._name_typed)
        if swatch is not None and swatch.name in PROTECTED_SWATCHES:
            self.name_edit.setReadOnly(True)
            self.name_edit.setToolTip(f"{swatch.name} is part of every edition: its name stays")

        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        form.setHorizontalSpacing(12)
        form.addRow("&Name:", self.name_edit)

        self.channels: dict[str, PercentField] = {}
        self.spot_box = QCheckBox("&Spot colour (printed with its own ink)")
        self.spot_box.setToolTip(
            "A spot colour prints from its own plate; its CMYK values are the process equivalent "
            "used for the screen and for proofs"
        )
        self.base_box = QComboBox()
        self.base_box.setAccessibleName("Base colour")
        self.tint_field = PercentField("Tint", 1.0, 100.0, swatch.tint if swatch is not None else 50.0)
        self.values_label = QLabel("")
        self.values_label.setAccessibleName("Process values")
        form.addItem(QSpacerItem(0, 6))
        if self.is_tint:
            self._fill_bases(base_name)
            self.base_box.currentIndexChanged.connect(self._changed)
            self.tint_field.spin.valueChanged.connect(self._changed)
            form.addRow("&Base colour:", self.base_box)
            form.addRow("&Tint:", self.tint_field)
            form.addRow("Prints as:", self.values_label)
        else:
            start = cmyk_of(swatch) if swatch is not None else (0.0, 0.0, 0.0, 0.0)
            for (channel, label, _), value in zip(CHANNELS, start):
                field = PercentField(label, 0.0, 100.0, value)
                field.spin.valueChanged.connect(self._changed)
                self.channels[channel] = field
                form.addRow(f"&{label}:", field)
            self.spot_box.setChecked(bool(swatch and swatch.spot))
            self.spot_box.toggled.connect(self._changed)
            form.addRow("", self.spot_box)

        self.chip = ColourChip()
        self.screen_label = QLabel("")
        self.screen_label.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        self.screen_label.setStyleSheet(QUIET_STYLE)
        self.screen_label.setToolTip("The colour on screen, through the press profile")
        self.ink_label = QLabel("")
        self.ink_label.setAccessibleName("Total ink")
        self.ink_label.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        self.limit_label = QLabel("")
        self.limit_label.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        self.limit_label.setToolTip("The press's total-ink limit (C + M + Y + K) from the preflight profile")
        preview = QVBoxLayout()
        preview.addWidget(self.chip, 0, Qt.AlignmentFlag.AlignHCenter)
        preview.addWidget(self.screen_label)
        preview.addSpacing(6)
        preview.addWidget(self.ink_label)
        preview.addWidget(self.limit_label)
        preview.addStretch(1)

        self.problems = ProblemLabel()
        self.problems.setVisible(False)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setAccessibleName("OK")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)

        fields = QVBoxLayout()
        fields.addLayout(form)
        fields.addStretch(1)
        grid = QGridLayout()
        grid.setHorizontalSpacing(18)
        grid.addLayout(fields, 0, 0)
        grid.addLayout(preview, 0, 1)
        grid.setColumnStretch(0, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(grid)
        layout.addWidget(self.problems)
        layout.addWidget(self.buttons)
        if swatch is None:
            self._name_follows()
        self._changed()
        self.name_edit.setFocus()
        self.name_edit.selectAll()

    # -- fields ---------------------------------------------------------------------------------

    def _fill_bases(self, wanted: str | None) -> None:
        """The colours a tint can be made of (not tints, not Paper); the wanted one even when
        it is neither, so that the problem can be said."""
        swatches = self.edition.swatches
        names = [n for n, s in swatches.items() if s.base is None and n != "Paper"]
        if wanted is not None and wanted in swatches and wanted not in names:
            names.append(wanted)
        for name in names:
            self.base_box.addItem(chip_icon(swatches[name]), name, name)
        index = self.base_box.findData(wanted) if wanted is not None else -1
        self.base_box.setCurrentIndex(index if index >= 0 else 0)

    def _name_typed(self, _text: str) -> None:
        self._auto_name = False
        self._changed()

    def _name_follows(self) -> None:
        """A new swatch's name, until the user types one: the colour's values or the tint's base."""
        if not self._auto_name:
            return
        if self.is_tint:
            wanted = f"{self.base_name() or 'Tint'} {percent(self.tint_field.value())}%"
        else:
            c, m, y, k = (percent(f.value()) for f in self.channels.values())
            wanted = f"C{c} M{m} Y{y} K{k}"  # "=" is not allowed in names
        self.name_edit.setText(new_style_name(self.edition, "swatch", wanted))

    def base_name(self) -> str | None:
        data = self.base_box.currentData()
        return data if isinstance(data, str) else None

    def cmyk(self) -> tuple[float, float, float, float]:
        """The values the swatch prints with (a tint's: its base's, scaled)."""
        if not self.is_tint:
            c, m, y, k = (f.value() for f in self.channels.values())
            return (c, m, y, k)
        base = self.edition.swatches.get(self.base_name() or "")
        if base is None:
            return (0.0, 0.0, 0.0, 0.0)
        scaled = tinted(base, "preview", self.tint_field.value(), "#ffffff")
        return cmyk_of(scaled)

    def problem_list(self) -> list[str]:
        name = self.name_edit.text().strip()
        problems: list[str] = []
        if not name:
            problems.append("The swatch needs a name.")
        elif any(c in name for c in STYLE_NAME_FORBIDDEN):
            problems.append(f"A swatch name cannot hold {' '.join(STYLE_NAME_FORBIDDEN)}.")
        elif name in self.edition.swatches and (self.original is None or name != self.original.name):
            problems.append(f"There is a swatch named “{name}” already.")
        if self.is_tint:
            base = self.edition.swatches.get(self.base_name() or "")
            if base is None:
                problems.append("Choose the colour the tint is made of.")
            elif base.base is not None:
                problems.append(
                    f"“{base.name}” is itself a tint (of {base.base}): a tint is made of a colour, not of another tint."
                )
            elif self.original is not None and base.name == self.original.name:
                problems.append("A swatch cannot be a tint of itself.")
        return problems

    def _changed(self, *_args: object) -> None:
        self._name_follows()
        cmyk = self.cmyk()
        rgb = self._rgb(cmyk)
        before = self.original.rgb if self.original is not None else None
        self.chip.set_colours(rgb, before)
        self.screen_label.setText(rgb)
        if self.is_tint:
            self.values_label.setText("   ".join(f"{short} {percent(v)}" for (_, _, short), v in zip(CHANNELS, cmyk)))
        ink = sum(cmyk)
        verdict = ink_verdict(ink, self.ink_limit, self.condition)
        self.ink_label.setText(f"Total ink {percent(ink)} %" + (" ⚠" if verdict else ""))
        self.ink_label.setStyleSheet(ERROR_STYLE + " font-weight: bold;" if verdict else "")
        self.ink_label.setToolTip(verdict or f"Within the {percent(self.ink_limit)} % limit")
        of = f" ({self.condition})" if self.condition else ""
        limit = percent(self.ink_limit)
        self.limit_label.setText(f"over the {limit} % limit{of}" if verdict else f"Limit {limit} %{of}")
        self.limit_label.setStyleSheet(ERROR_STYLE if verdict else "")
        problems = self.problem_list()
        self.problems.show_problems(problems)
        self.ok_button.setEnabled(not problems)

    def _rgb(self, cmyk: tuple[float, float, float, float]) -> str:
        """The screen colour: the original's own when its values did not change (a preview set
        by hand or by another program stays), otherwise through the press profile."""
        original = self.original
        if original is not None and cmyk_of(original) == cmyk:
            return original.rgb
        return preview_rgb(*cmyk)

    # -- result ---------------------------------------------------------------------------------

    def accept(self) -> None:
        if self.problem_list():
            return
        super().accept()

    def result_swatch(self) -> Swatch:
        """The swatch the fields make (ValueError while they have problems)."""
        problems = self.problem_list()
        if problems:
            raise ValueError(" ".join(problems))
        name = self.name_edit.text().strip()
        cmyk = self.cmyk()
        rgb = self._rgb(cmyk)
        if self.is_tint:
            return tinted(self.edition.swatches[self.base_name() or ""], name, self.tint_field.value(), rgb)
        return Swatch(name, *cmyk, rgb, spot=self.spot_box.isChecked())


class DeleteSwatchDialog(QDialog):
    """Which colour takes the place of a deleted swatch, with what uses it listed."""

    def __init__(self, edition: Edition, name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"Delete Swatch: {name}")
        swatches = edition.swatches
        users = swatch_users(edition, name)
        question = QLabel(f"Delete the swatch <b>{name}</b>?")
        used = QLabel(
            f"It is used by {len(users)} item{'s' if len(users) != 1 else ''}:" if users else "Nothing uses it."
        )
        self.users = QListWidget()
        self.users.setAccessibleName("What uses the swatch")
        self.users.addItems([u[0].upper() + u[1:] for u in users])
        self.users.setVisible(bool(users))
        self.users.setMinimumHeight(120 if users else 0)
        self.replacement_box = QComboBox()
        self.replacement_box.setAccessibleName("Replace with")
        self.replacement_box.setMinimumWidth(200)
        for other, swatch in swatches.items():
            if other != name:
                self.replacement_box.addItem(chip_icon(swatch), other, other)
        deleted = swatches.get(name)
        default = deleted.base if deleted is not None and deleted.base else "Black"
        self.replacement_box.setCurrentIndex(max(0, self.replacement_box.findData(default)))
        form = QFormLayout()
        form.addRow("&Replace with:", self.replacement_box)
        note = QLabel("Styles, rules and boxes in this colour take the replacement; its tints become tints of it.")
        note.setWordWrap(True)
        note.setStyleSheet(QUIET_STYLE)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.delete_button = QPushButton("Delete")
        self.delete_button.setAccessibleName("Delete the swatch")
        buttons.addButton(self.delete_button, QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(question)
        layout.addWidget(used)
        layout.addWidget(self.users, 1)
        layout.addLayout(form)
        if users:
            layout.addWidget(note)
        layout.addWidget(buttons)
        self.resize(420, 360 if users else 160)

    def replacement(self) -> str:
        data = self.replacement_box.currentData()
        return data if isinstance(data, str) else "Black"


__all__ = [
    "DEFAULT_INK_LIMIT",
    "DeleteSwatchDialog",
    "SwatchDialog",
    "chip_icon",
    "ink_verdict",
    "kind_of",
    "percent",
    "swatch_preview",
]
