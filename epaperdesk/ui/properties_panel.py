"""The Properties dock (InDesign's Control panel, Scribus's Properties palette): every field of
the frames selected on the canvas, in the user's unit (picas as 12p6).

The window calls `show_frames(ids)` when the canvas selection changes and `set_unit(unit)` when
the preferences do. The panel shows the position and size, wrap and lock of the selection, and
one section for each kind of frame in it (text frame, photo, rule, box). A field the frames
do not agree on is empty; a value typed there is set on all of them. A change is committed
when the field is (Return or leaving a length or number, choosing from a list, clicking a box)
and becomes one undoable step; what it means — which frames it reaches, whether the value is
possible — is decided by `model.frame_properties`. A refused value is said under its section
and changes nothing. The panel follows undo, redo and changes made elsewhere, except in a field
the user is typing in.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont, QKeyEvent, QValidator
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDoubleSpinBox,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QScrollArea,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from epaperdesk.model.edition import Edition
from epaperdesk.model.edits import EditError
from epaperdesk.model.frame_properties import (
    MIXED,
    common_values,
    describe_selection,
    set_frame_field,
)
from epaperdesk.model.frames import MAX_COLUMNS, TextFrame
from epaperdesk.ui.document import Document
from epaperdesk.ui.fields import BAD_FIELD_STYLE, LengthEdit, ProblemLabel
from epaperdesk.ui.panel import DocumentPanel
from epaperdesk.ui.swatch_dialog import QUIET_STYLE, chip_icon

NONE_SWATCH = "[None]"
MIXED_TIP = "The selected frames differ: a value typed here is set on all of them"
BAD_SPIN_STYLE = "QAbstractSpinBox { border: 1px solid #b00020; }"
ALIGN_LABELS = {"top": "Top", "center": "Centre", "bottom": "Bottom", "justify": "Justify"}
FIT_LABELS = {
    "fill": "Fill the frame",
    "fit": "Fit proportionally",
    "actual": "Actual size",
    "center": "Centre, actual size",
    "stretch": "Stretch to the frame",
    "none": "One pixel a point",
}
DASH_LABELS = {"solid": "Solid", "dashed": "Dashed", "dotted": "Dotted"}
SECTIONS = {"frame": "Frame", "text": "Text frame", "image": "Photo", "rule": "Rule", "box": "Box"}
FIELD_WIDTH = 56  # the narrowest a length or number may be: "100p11.5" still shows whole


# -- fields ---------------------------------------------------------------------------------------


class LengthField(LengthEdit):
    """A length of the panel: empty while the frames differ (`show_value(MIXED)`), committed on
    Return or when left after typing (`committed`); Escape puts back what the model says."""

    committed = Signal()
    reverted = Signal()

    def __init__(self, unit: str, follows_unit: bool = True, parent: QWidget | None = None) -> None:
        super().__init__(0.0, unit, minimum=None, parent=parent)  # the core says what is possible
        self.follows_unit = follows_unit  # rule and stroke weights stay in points
        self.dirty = False  # typed in since the model's value was shown
        self.shown: object = 0.0
        self.tip = ""
        self.setMinimumWidth(FIELD_WIDTH)
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)  # columns share alike
        self.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.textEdited.connect(self._typed)
        self.editingFinished.connect(self._finished)

    def show_value(self, value: object) -> None:
        self.dirty = False
        self.shown = value
        if value is MIXED:
            self._value = None
            self.problem = ""
            self.setStyleSheet("")
            self.setText("")
            self.setPlaceholderText("mixed")
            self.setToolTip(MIXED_TIP)
        elif isinstance(value, (int, float)):
            self.setPlaceholderText("")
            self.set_value(float(value))
            self.setToolTip(self.tip)

    def read(self) -> object:
        """The typed length in points (None when it is not one)."""
        return self.value()

    def unchanged(self) -> bool:
        value = self.value()
        return not self.dirty or (value is not None and self.shown is not MIXED and value == self.shown)

    def set_unit(self, unit: str) -> None:
        if self.follows_unit:
            super().set_unit(unit)

    def _typed(self, _text: str) -> None:
        self.dirty = True

    def _finished(self) -> None:
        if self.dirty:
            self.committed.emit()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Escape and self.dirty:
            self.show_value(self.shown)
            self.reverted.emit()
            return
        super().keyPressEvent(event)


class NumberField(QDoubleSpinBox):
    """A number of the panel (columns, tint %, scale %): empty while the frames differ,
    committed on Return, when left after typing, or at each click of its arrows."""

    committed = Signal()
    reverted = Signal()

    def __init__(
        self, low: float, high: float, decimals: int = 0, first: float | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setDecimals(decimals)
        self.setRange(low - 1, high)  # low - 1: the frames differ
        self.first = low if first is None else first
        self.dirty = False
        self.shown: object = None
        self.tip = ""
        self.setKeyboardTracking(True)
        self.setAccelerated(True)
        self.setMinimumWidth(FIELD_WIDTH)
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)  # columns share alike
        self.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.setCorrectionMode(QDoubleSpinBox.CorrectionMode.CorrectToNearestValue)
        self.lineEdit().textEdited.connect(self._typed)
        self.editingFinished.connect(self._finished)

    # the empty text of "the frames differ"

    def textFromValue(self, value: float) -> str:
        if value <= self.minimum():
            return ""
        if self.decimals() == 0:
            return str(round(value))
        return f"{value:.{self.decimals()}f}".rstrip("0").rstrip(".")

    def valueFromText(self, text: str) -> float:
        if not text.strip():
            return self.minimum()
        return super().valueFromText(text.strip())

    def validate(self, text: str, pos: int) -> tuple[QValidator.State, str, int]:
        if not text.strip():
            return QValidator.State.Acceptable, text, pos
        return super().validate(text, pos)

    def is_mixed(self) -> bool:
        return self.value() <= self.minimum()

    def show_value(self, value: object) -> None:
        self.dirty = False
        self.shown = value
        self.setStyleSheet("")
        self.blockSignals(True)
        if value is MIXED or not isinstance(value, (int, float)):
            self.setValue(self.minimum())
            self.setToolTip(MIXED_TIP)
        else:
            self.setValue(float(value))
            self.setToolTip(self.tip)
        self.blockSignals(False)

    def read(self) -> object:
        return MIXED if self.is_mixed() else self.value()

    def unchanged(self) -> bool:
        return self.is_mixed() or self.value() == self.shown

    def stepBy(self, steps: int) -> None:
        if self.is_mixed():
            self.setValue(self.first)
        else:
            self.setValue(max(self.first, self.value() + steps * self.singleStep()))
        self.dirty = True
        self.committed.emit()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Escape and self.dirty:
            self.show_value(self.shown)
            self.reverted.emit()
            return
        super().keyPressEvent(event)

    def _typed(self, _text: str) -> None:
        self.dirty = True

    def _finished(self) -> None:
        if self.dirty:
            self.committed.emit()


class ChoiceField(QComboBox):
    """A choice of the panel (alignment, fit, dash, a swatch): empty while the frames differ,
    committed when the user chooses."""

    committed = Signal()

    def __init__(self, choices: Mapping[str, str] | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.tip = ""
        self.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.setMinimumContentsLength(4)
        self.setMinimumWidth(FIELD_WIDTH)
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)  # columns share alike
        for value, label in (choices or {}).items():
            self.addItem(label, value)
        self.activated.connect(lambda _index: self.committed.emit())

    def show_value(self, value: object) -> None:
        self.blockSignals(True)
        index = -1 if value is MIXED else self.findData(value)
        self.setCurrentIndex(index)
        self.setToolTip(MIXED_TIP if value is MIXED else self.tip)
        self.blockSignals(False)

    def read(self) -> object:
        return self.currentData() if self.currentIndex() >= 0 else MIXED

    def unchanged(self) -> bool:
        return self.currentIndex() < 0


class SwatchField(ChoiceField):
    """A swatch of the edition, with its chip; "[None]" first when no colour is allowed."""

    def __init__(self, none_allowed: bool, parent: QWidget | None = None) -> None:
        super().__init__(None, parent)
        self.none_allowed = none_allowed
        self._listed: list[tuple[str, str, bool]] = []

    def list_swatches(self, edition: Edition) -> None:
        listed = [(s.name, s.rgb, s.spot) for s in edition.swatches.values()]
        if listed == self._listed:
            return
        self._listed = listed
        self.blockSignals(True)
        self.clear()
        if self.none_allowed:
            self.addItem(NONE_SWATCH, None)
        for swatch in edition.swatches.values():
            self.addItem(chip_icon(swatch), swatch.name, swatch.name)
        self.blockSignals(False)


class SwitchField(QCheckBox):
    """On or off for every selected frame; partly checked while they differ (a click then
    switches all on)."""

    committed = Signal()

    def __init__(self, text: str, parent: QWidget | None = None) -> None:
        super().__init__(text, parent)
        self.tip = ""
        self.clicked.connect(lambda _checked=False: self.committed.emit())

    def show_value(self, value: object) -> None:
        self.blockSignals(True)
        if value is MIXED:
            self.setTristate(True)
            self.setCheckState(Qt.CheckState.PartiallyChecked)
            self.setToolTip(MIXED_TIP)
        else:
            self.setTristate(False)
            self.setChecked(bool(value))
            self.setToolTip(self.tip)
        self.blockSignals(False)

    def read(self) -> object:
        state = self.checkState()
        return MIXED if state == Qt.CheckState.PartiallyChecked else state == Qt.CheckState.Checked

    def unchanged(self) -> bool:
        return self.read() is MIXED


Field = LengthField | NumberField | ChoiceField | SwitchField


@dataclass
class Binding:
    """One field of the model shown in one widget of one section. `to_model` turns what the
    widget holds into the model's value (percentages into a scale factor)."""

    name: str
    section: str
    widget: Field
    to_model: Callable[[object], object] = lambda value: value
    from_model: Callable[[object], object] = lambda value: value


@dataclass
class Section:
    """A titled group of rows; hidden when no selected frame has its fields."""

    key: str
    box: QWidget
    title: QLabel
    grid: QGridLayout
    problem: ProblemLabel
    problems: dict[str, str] = field(default_factory=dict)


# -- the panel ------------------------------------------------------------------------------------


class PropertiesPanel(DocumentPanel):
    """The fields of the frames selected on the canvas. `show_frames(ids)` follows the
    selection; `set_unit(unit)` the user's unit ("mm", "pt", "pica", "in", "cm"). Each change
    is one undoable step of the document; `message` (DocumentPanel) reports an edit the
    document refused."""

    def __init__(self, document: Document, unit: str = "mm", parent: QWidget | None = None) -> None:
        super().__init__(document, 120, parent)
        self.unit = unit
        self.frame_ids: list[str] = []
        self.bindings: dict[tuple[str, str], Binding] = {}
        self.sections: dict[str, Section] = {}
        self._label_width = 0

        self.selection_label = QLabel("No selection")
        bold = QFont(self.selection_label.font())
        bold.setBold(True)
        self.selection_label.setFont(bold)
        self.selection_label.setAccessibleName("Selection")
        self.selection_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.hint_label = QLabel("Select frames on the page to see and change their properties.")
        self.hint_label.setWordWrap(True)
        self.hint_label.setStyleSheet(QUIET_STYLE)

        content = QWidget()
        self._column = QVBoxLayout(content)
        self._column.setContentsMargins(6, 6, 6, 6)
        self._column.setSpacing(6)
        self._column.addWidget(self.selection_label)
        self._column.addWidget(self.hint_label)
        self._build_frame_section()
        self._build_text_section()
        self._build_image_section()
        self._build_rule_section()
        self._build_box_section()
        self._column.addStretch(1)
        self._align_labels()

        scroll = QScrollArea()
        scroll.setWidget(content)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(scroll)
        # never narrower than the fields: a narrow dock scrolls down, it does not cut them off
        self.setMinimumWidth(content.minimumSizeHint().width() + scroll.verticalScrollBar().sizeHint().width())
        self.show_frames([])

    # -- building -------------------------------------------------------------------------------

    def _section(self, key: str) -> Section:
        box = QWidget()
        column = QVBoxLayout(box)
        column.setContentsMargins(0, 4, 0, 0)
        column.setSpacing(4)
        heading = QHBoxLayout()
        heading.setSpacing(6)
        title = QLabel(SECTIONS[key])
        font = QFont(title.font())
        font.setBold(True)
        title.setFont(font)
        line = QFrame()
        line.setFrameShape(QFrame.Shape.HLine)
        line.setFrameShadow(QFrame.Shadow.Sunken)
        heading.addWidget(title)
        heading.addWidget(line, 1)
        column.addLayout(heading)
        grid = QGridLayout()
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setHorizontalSpacing(6)
        grid.setVerticalSpacing(4)
        grid.setColumnStretch(1, 1)
        grid.setColumnStretch(3, 1)
        column.addLayout(grid)
        problem = ProblemLabel()
        problem.setAccessibleName(f"{SECTIONS[key]} problems")
        problem.setVisible(False)
        column.addWidget(problem)
        section = Section(key, box, title, grid, problem)
        self.sections[key] = section
        self._column.addWidget(box)
        return section

    def _label(self, text: str, tip: str, buddy: QWidget) -> QLabel:
        label = QLabel(text)
        label.setToolTip(tip)
        label.setBuddy(buddy)
        label.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        self._label_width = max(self._label_width, label.sizeHint().width())
        return label

    def _bind(
        self,
        section: Section,
        name: str,
        widget: Field,
        label: str | None,
        tip: str,
        place: tuple[int, int, int],
        to_model: Callable[[object], object] | None = None,
        from_model: Callable[[object], object] | None = None,
    ) -> Field:
        """Put `widget` at (row, column, columns spanned) of the section's grid, with its label
        in the column before (none for a check box), and bind it to field `name`."""
        row, column, span = place
        widget.tip = tip
        widget.setAccessibleName(tip.split(":")[0])
        widget.setAccessibleDescription(tip)
        widget.setToolTip(tip)
        if label is not None:
            section.grid.addWidget(self._label(label, tip, widget), row, column - 1)
        if isinstance(widget, SwitchField):  # as wide as its box and words: a click beside it does nothing
            section.grid.addWidget(widget, row, column, 1, span, Qt.AlignmentFlag.AlignLeft)
        else:
            section.grid.addWidget(widget, row, column, 1, span)
        binding = Binding(name, section.key, widget)
        if to_model is not None:
            binding.to_model = to_model
        if from_model is not None:
            binding.from_model = from_model
        self.bindings[(section.key, name)] = binding
        widget.committed.connect(lambda b=binding: self._commit(b))
        if isinstance(widget, (LengthField, NumberField)):
            widget.reverted.connect(lambda b=binding: self._clear_problem(b))
        return widget

    def _length(self, follows_unit: bool = True) -> LengthField:
        return LengthField(self.unit if follows_unit else "pt", follows_unit)

    def _build_frame_section(self) -> None:
        s = self._section("frame")
        self._bind(s, "x", self._length(), "X", "X: the frame's left edge, from the page's left edge", (0, 1, 1))
        self._bind(s, "y", self._length(), "Y", "Y: the frame's top edge, from the page's top edge", (0, 3, 1))
        self._bind(s, "width", self._length(), "W", "Width: the frame's width (it grows to the right)", (1, 1, 1))
        self._bind(s, "height", self._length(), "H", "Height: the frame's height (it grows downwards)", (1, 3, 1))
        wrap_tip = "Text wrap: push the text of frames below this one aside"
        self._bind(s, "wrap", SwitchField(""), "Wrap", wrap_tip, (2, 1, 1))
        offset_tip = "Wrap offset: the space kept clear around the frame"
        self._bind(s, "wrap_offset", self._length(), "Offset", offset_tip, (2, 3, 1))
        self._bind(s, "locked", SwitchField(""), "Locked", "Locked: not moved, resized or deleted", (3, 1, 1))

    def _build_text_section(self) -> None:
        s = self._section("text")
        columns = NumberField(1, MAX_COLUMNS, first=1)
        columns.setRange(-1, MAX_COLUMNS)  # 0 can be typed, and is refused in words
        self._bind(s, "columns", columns, "Cols", "Columns: how many text columns the frame has", (0, 1, 1))
        self._bind(s, "gutter", self._length(), "Gutter", "Gutter: the space between the columns", (0, 3, 1))
        self._bind(s, "inset_top", self._length(), "Top", "Inset top: space inside the frame's top edge", (1, 1, 1))
        self._bind(s, "inset_bottom", self._length(), "Bottom", "Inset bottom: space inside the bottom edge", (1, 3, 1))
        self._bind(s, "inset_left", self._length(), "Left", "Inset left: space inside the frame's left edge", (2, 1, 1))
        self._bind(s, "inset_right", self._length(), "Right", "Inset right: space inside the right edge", (2, 3, 1))
        self._bind(
            s,
            "vertical_align",
            ChoiceField(ALIGN_LABELS),
            "Align",
            "Vertical alignment: where the text sits in the frame",
            (3, 1, 3),
        )
        self.story_label = QLabel("")
        self.story_label.setStyleSheet(QUIET_STYLE)
        self.story_label.setAccessibleName("Story")
        self.story_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.story_label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        s.grid.addWidget(self._label("Story", "The story the frame holds", self.story_label), 4, 0)
        s.grid.addWidget(self.story_label, 4, 1, 1, 3)

    def _build_image_section(self) -> None:
        s = self._section("image")
        self._bind(s, "fit", ChoiceField(FIT_LABELS), "Fit", "Fit: how the picture fills the frame", (0, 1, 3))
        self._bind(
            s,
            "scale",
            NumberField(1, 10000, decimals=1, first=100),
            "Scale %",
            "Scale: the picture's size in the frame, % of its fit",
            (1, 1, 1),
            to_model=lambda value: value / 100 if isinstance(value, float) else value,
            from_model=lambda value: value * 100 if isinstance(value, (int, float)) else value,
        )
        self._bind(s, "crop_x", self._length(), "Crop X", "Crop X: the picture moved right in its frame", (2, 1, 1))
        self._bind(s, "crop_y", self._length(), "Crop Y", "Crop Y: the picture moved down in its frame", (2, 3, 1))

    def _build_rule_section(self) -> None:
        s = self._section("rule")
        self._bind(s, "weight", self._length(False), "Weight", "Weight: the rule's thickness, in points", (0, 1, 1))
        self._bind(s, "dash", ChoiceField(DASH_LABELS), "Dash", "Dash: solid, dashed or dotted", (0, 3, 1))
        self._bind(s, "color", SwatchField(False), "Colour", "Colour: the swatch the rule is drawn in", (1, 1, 3))
        self._bind(s, "tint", NumberField(0, 100, decimals=1), "Tint %", "Tint: % of the colour", (2, 1, 1))

    def _build_box_section(self) -> None:
        s = self._section("box")
        self._bind(s, "fill", SwatchField(True), "Fill", "Fill: the box's colour ([None]: no fill)", (0, 1, 3))
        self._bind(s, "tint", NumberField(0, 100, decimals=1), "Tint %", "Tint: % of the fill colour", (1, 1, 1))
        self._bind(s, "stroke", SwatchField(True), "Stroke", "Stroke: the colour of the edge ([None]: none)", (2, 1, 3))
        self._bind(
            s,
            "stroke_weight",
            self._length(False),
            "Weight",
            "Stroke weight: the edge's thickness, in points",
            (3, 1, 1),
        )

    def _align_labels(self) -> None:
        """The label columns of every section equally wide, so the fields line up."""
        for section in self.sections.values():
            section.grid.setColumnMinimumWidth(0, self._label_width)
            section.grid.setColumnMinimumWidth(2, self._label_width)

    # -- what the window sets -------------------------------------------------------------------

    def show_frames(self, frame_ids: Sequence[str]) -> None:
        """Show the frames selected on the canvas (ids of frames that are gone are dropped)."""
        self.frame_ids = list(dict.fromkeys(frame_ids))
        for section in self.sections.values():
            section.problems.clear()
        for binding in self.bindings.values():
            if isinstance(binding.widget, (LengthField, NumberField)):
                binding.widget.dirty = False
        self.refresh()

    def set_unit(self, unit: str) -> None:
        """The user's unit ("mm", "pt", "pica", "in", "cm") for positions, sizes and spacing
        (rule and stroke weights stay in points)."""
        self.unit = unit
        for binding in self.bindings.values():
            if isinstance(binding.widget, LengthField):
                binding.widget.set_unit(unit)

    def forget(self) -> None:
        self.show_frames([])

    # -- showing --------------------------------------------------------------------------------

    def _ids(self, section: str) -> list[str]:
        """The selected frames a section's fields reach (all of them for the frame section)."""
        edition = self.document.edition
        ids = []
        for frame_id in self.frame_ids:
            try:
                frame = edition.frame_by_id(frame_id)
            except KeyError:
                continue
            if section == "frame" or frame.kind == section:
                ids.append(frame_id)
        return ids

    def refresh(self) -> None:
        self._timer.stop()
        edition = self.document.edition
        everything = self._ids("frame")
        self.selection_label.setText(describe_selection(edition, everything))
        self.selection_label.setToolTip(", ".join(everything))
        self.hint_label.setVisible(not everything)
        for key, section in self.sections.items():
            ids = self._ids(key)
            section.box.setVisible(bool(ids))
            if not ids:
                continue
            self._show_section(edition, section, ids, len(everything))
        self._show_story(edition, self._ids("text"))

    def _show_section(self, edition: Edition, section: Section, ids: list[str], selected: int) -> None:
        frames = [edition.frame_by_id(i) for i in ids]
        locked = sum(frame.locked for frame in frames)
        all_locked = locked == len(frames)
        title, tip = SECTIONS[section.key], ""
        if section.key != "frame" and len(ids) < selected:
            title += f"  ({len(ids)} of {selected})"
            tip = f"What is set here reaches the {len(ids)} selected frames of this kind"
        elif section.key == "frame" and all_locked:
            title += "  (locked)"
            tip = "Unlock the frames to change them"
        elif section.key == "frame" and locked:
            title += f"  ({locked} locked)"
            tip = "Locked frames are left as they are"
        section.title.setText(title)
        section.title.setToolTip(tip)
        values = common_values(edition, ids)
        for (key, name), binding in self.bindings.items():
            if key != section.key:
                continue
            widget = binding.widget
            if isinstance(widget, SwatchField):
                widget.list_swatches(edition)
            editable = name == "locked" or not all_locked
            widget.setEnabled(editable)
            if isinstance(widget, (LengthField, NumberField)) and widget.dirty and widget.hasFocus():
                continue  # the user is typing here: the model's value waits
            section.problems.pop(name, None)
            widget.show_value(binding.from_model(values.get(name, MIXED)))
            if not editable:
                widget.setToolTip("Locked: unlock the frame to change it")
        self._show_problems(section)

    def _show_story(self, edition: Edition, ids: list[str]) -> None:
        stories = set()
        where = ""
        for frame_id in ids:
            frame = edition.frame_by_id(frame_id)
            if not isinstance(frame, TextFrame):
                continue
            head = edition.thread_head(frame)
            stories.add(head.story_id)
            try:
                thread = edition.thread(head.id)
            except ValueError:
                thread = [frame]
            ids_in_thread = [f.id for f in thread]
            if len(thread) > 1 and frame.id in ids_in_thread:
                where = f" (frame {ids_in_thread.index(frame.id) + 1} of {len(thread)})"
        if len(stories) > 1:
            text, tip = "Several stories", "The selected text frames hold different stories"
        elif not stories or None in stories:
            text, tip = "None (an empty frame)", "No story flows into this frame"
        else:
            story_id = next(iter(stories))
            story = edition.stories.get(story_id or "")
            name = story.name if story is not None and story.name else (story_id or "")
            text = f"{name}{where if len(ids) == 1 else ''}"
            tip = f"Story {story_id}" + (f": {story.name}" if story is not None and story.name else "")
        self.story_label.setText(text)
        self.story_label.setToolTip(tip)

    def _show_problems(self, section: Section) -> None:
        section.problem.show_problems(list(dict.fromkeys(section.problems.values())))
        for (key, name), binding in self.bindings.items():
            if key == section.key and name not in section.problems and isinstance(binding.widget, NumberField):
                binding.widget.setStyleSheet("")

    # -- changing -------------------------------------------------------------------------------

    def _commit(self, binding: Binding) -> None:
        """Set what the widget holds on the section's frames as one undoable step, or say in
        place why it cannot be."""
        widget = binding.widget
        section = self.sections[binding.section]
        if widget.unchanged():
            self._clear_problem(binding)
            if isinstance(widget, (LengthField, NumberField)) and widget.dirty:
                widget.show_value(widget.shown)  # typed back what the model says
            return
        value = widget.read()
        if value is None and isinstance(widget, LengthField):
            self._refuse(binding, f"{self._field_name(binding)}: {widget.problem or 'not a length'}")
            return
        if value is MIXED:
            return
        try:
            edit = set_frame_field(self.document.edition, self._ids(section.key), binding.name, binding.to_model(value))
        except EditError as error:
            self._refuse(binding, str(error))
            return
        self._clear_problem(binding)
        if isinstance(widget, (LengthField, NumberField)):
            widget.dirty = False
        if edit is None:
            self.refresh()
            return
        self._push(edit, edit.label)

    def _field_name(self, binding: Binding) -> str:
        return binding.widget.accessibleName() or binding.name

    def _refuse(self, binding: Binding, message: str) -> None:
        section = self.sections[binding.section]
        section.problems[binding.name] = message
        self._show_problems(section)
        widget = binding.widget
        if isinstance(widget, LengthField):
            widget.setStyleSheet(BAD_FIELD_STYLE)
            widget.setToolTip(message)
        elif isinstance(widget, NumberField):
            widget.setStyleSheet(BAD_SPIN_STYLE)
            widget.setToolTip(message)
        self.message.emit(message)

    def _clear_problem(self, binding: Binding) -> None:
        section = self.sections[binding.section]
        if section.problems.pop(binding.name, None) is not None:
            widget = binding.widget
            widget.setStyleSheet("")
            if isinstance(widget, (LengthField, NumberField)):
                widget.setToolTip(MIXED_TIP if widget.shown is MIXED else widget.tip)
            self._show_problems(section)

    # -- for tests and the window ---------------------------------------------------------------

    def field_widget(self, name: str, section: str | None = None) -> Field:
        """The widget of field `name` (in `section`, for the fields two sections have: tint)."""
        if section is not None:
            return self.bindings[(section, name)].widget
        for (_key, field_name), binding in self.bindings.items():
            if field_name == name:
                return binding.widget
        raise KeyError(name)

    def problems(self) -> list[str]:
        """The refused values said in the panel now."""
        return [message for section in self.sections.values() for message in section.problems.values()]


__all__ = ["NONE_SWATCH", "PropertiesPanel"]
