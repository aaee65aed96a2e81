"""The paragraph and character style dialogs, laid out as a layout editor who knows InDesign or
Scribus expects them: the style's name on top, its sections in a list on the left (General,
Basic Character Formats, Indents and Spacing, Keep Options, Hyphenation, Justification), the
fields of the chosen section on the right, and a preview of the type along the bottom.

A style based on another takes every field it does not set itself from it. Such fields are
shown inherited (their label grey and italic, "from headline" beside them); changing one makes
it the style's own, ↺ makes it inherited again (the parent's value comes back), and choosing
another "based on" takes the inherited fields from the new parent. Problems are said in place
and keep OK disabled, never raised. `result_style()` is the style to store; its `own` is
exactly the fields in which it differs from its parent (style_sheets.own_fields).

Also here: the question a delete asks (which style the text takes instead), and the short
descriptions the Styles panel shows ("Source Serif Pro 9/10.5 justify")."""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QPointF, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QFocusEvent,
    QFont,
    QFontDatabase,
    QFontMetricsF,
    QIcon,
    QKeyEvent,
    QPainter,
    QPaintEvent,
    QPalette,
)
from PySide6.QtWidgets import (
    QAbstractButton,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QPushButton,
    QSpinBox,
    QStackedWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from epaperdesk.geometry import format_length
from epaperdesk.model.edition import Edition
from epaperdesk.model.edits import EditError
from epaperdesk.model.overrides import style_name
from epaperdesk.model.style_sheets import ancestors, children, inherit, new_style_name, own_fields, table
from epaperdesk.model.styles import (
    ALIGNMENTS,
    CHARACTER_INHERITED,
    LOCAL_PREFIX,
    MAX_SIZE,
    MIN_SIZE,
    PARAGRAPH_INHERITED,
    STARTS,
    STYLE_NAME_FORBIDDEN,
    WEIGHTS,
    CharacterStyle,
    HyphenationSettings,
    JustificationSettings,
    ParagraphStyle,
)
from epaperdesk.typeset.fonts import FALLBACK_FAMILY, edition_font_file, installed_faces
from epaperdesk.ui.fields import BAD_FIELD_STYLE, LengthEdit, ProblemLabel
from epaperdesk.ui.swatch_dialog import QUIET_STYLE, chip_icon
from epaperdesk.ui.type_strip import alignment_icon, font_families

WEIGHT_NAMES = {
    100: "Thin",
    200: "ExtraLight",
    300: "Light",
    400: "Regular",
    500: "Medium",
    600: "SemiBold",
    700: "Bold",
    800: "ExtraBold",
    900: "Black",
}
ALIGNMENT_LABELS = {"justify": "Justify", "left": "Align left", "right": "Align right", "center": "Centre"}
START_LABELS = {"anywhere": "Anywhere", "next-column": "In next column", "next-frame": "In next frame"}
FIELD_LABELS = {
    "font_family": "Font",
    "weight": "Weight",
    "italic": "Italic",
    "size": "Size",
    "leading": "Leading",
    "alignment": "Alignment",
    "first_line_indent": "First-line indent",
    "left_indent": "Left indent",
    "right_indent": "Right indent",
    "space_before": "Space before",
    "space_after": "Space after",
    "keep_with_next": "Keep with next",
    "keep_lines_together": "Keep lines together",
    "start": "Start",
    "align_to_grid": "Align to baseline grid",
    "uppercase": "All caps",
    "small_caps": "Small caps",
    "tracking": "Tracking",
    "color": "Colour",
    "hyphenation": "Hyphenation",
    "justification": "Justification",
    "baseline_shift": "Baseline shift",
    "no_break": "No break",
}
NO_STYLE = "[None]"
NO_CHARACTER_STYLE = "[No style]"
PARAGRAPHS = "[Paragraph's]"
SAME_STYLE = "[Same style]"
SAMPLE = "Harbour dredging resumes as the tide turns"
INHERITED_COLOUR = "#7a7a7a"
NOTE_STYLE = f"color: {INHERITED_COLOUR}; font-style: italic;"
PREVIEW_ZOOM = 2.0  # the preview shows type at 200 % (a 9 pt body is legible)…
PREVIEW_MAX_PX = 36  # …but no larger than this (the caption says so)
NUMBER_WIDTH = 104


# -- words --------------------------------------------------------------------------------------


def number(value: float, decimals: int = 2) -> str:
    """A number as the dialogs write it: no trailing zeros, no "-0"."""
    text = f"{round(value, decimals):g}"
    return "0" if text == "-0" else text


def signed(value: float) -> str:
    return ("+" if value > 0 else "") + number(value)


def weight_label(weight: int) -> str:
    """ "700 Bold" (how the weight menus list a weight)."""
    return f"{weight} {WEIGHT_NAMES.get(weight, '')}".strip()


def face_words(weight: int | None, italic: bool | None) -> list[str]:
    words = [] if weight is None or weight == 400 else [WEIGHT_NAMES.get(weight, str(weight))]
    if italic:
        words.append("Italic")
    return words


def describe_paragraph(style: ParagraphStyle) -> str:
    """ "Source Serif Pro Bold 40/42 left" — family, face, size/leading, alignment."""
    face = " ".join([style.font_family, *face_words(style.weight, style.italic)])
    extras = [word for flag, word in ((style.uppercase, "caps"), (style.small_caps, "small caps")) if flag]
    text = f"{face} {number(style.size)}/{number(style.leading)} {style.alignment}"
    return " ".join([text, *extras])


def describe_character(style: CharacterStyle) -> str:
    """The fields a character style sets, in words ("Bold", "Italic, Meridian Blue")."""
    parts: list[str] = []
    if style.font_family is not None:
        parts.append(style.font_family)
    if style.weight is not None:
        parts.append(WEIGHT_NAMES.get(style.weight, str(style.weight)))
    if style.italic is not None:
        parts.append("Italic" if style.italic else "Upright")
    if style.size is not None:
        parts.append(f"{number(style.size)} pt")
    if style.tracking is not None:
        parts.append(f"tracking {signed(style.tracking)}")
    if style.color is not None:
        parts.append(style.color)
    if style.baseline_shift:
        parts.append(f"shift {signed(style.baseline_shift)} pt")
    if style.uppercase is not None:
        parts.append("All caps" if style.uppercase else "Normal case")
    for flag, word in ((style.small_caps, "Small caps"), (style.no_break, "No break")):
        if flag:
            parts.append(word)
    return ", ".join(parts) if parts else "Sets nothing"


def describe_hyphenation(settings: HyphenationSettings) -> str:
    if not settings.enabled:
        return "off"
    text = (
        f"words of {settings.min_word_length}+ letters, {settings.min_before} before, {settings.min_after} after, "
        f"at most {settings.max_consecutive} in a row"
    )
    return text + (", capitalized words too" if settings.capitalized else "")


def describe_justification(settings: JustificationSettings) -> str:
    s = settings
    return (
        f"word spaces {number(s.word_space_min)}/{number(s.word_space_opt)}/{number(s.word_space_max)} %, "
        f"letters {number(s.letter_space_min)}/{number(s.letter_space_max)} %, "
        f"glyphs {number(s.glyph_scale_min)}/{number(s.glyph_scale_max)} %"
    )


def value_text(name: str, value: object, unit: str) -> str:
    """One field's value in words, for the style settings summary."""
    if value is None:
        return "paragraph's"
    if isinstance(value, bool):
        return "on" if value else "off"
    if isinstance(value, HyphenationSettings):
        return describe_hyphenation(value)
    if isinstance(value, JustificationSettings):
        return describe_justification(value)
    if name == "weight" and isinstance(value, int):
        return WEIGHT_NAMES.get(value, str(value))
    if name in ("alignment", "start") and isinstance(value, str):
        return {**ALIGNMENT_LABELS, **START_LABELS}.get(value, value).lower()
    if isinstance(value, float | int) and name in ("size", "leading", "baseline_shift"):
        return f"{number(value)} pt"
    if isinstance(value, float | int) and name == "tracking":
        return signed(value)
    if isinstance(value, float | int):
        return format_length(value, unit)
    return str(value)


def paragraph_usage(edition: Edition) -> dict[str, int]:
    """How many paragraphs are set in each paragraph style (local overrides count as the style)."""
    counts: dict[str, int] = {}
    for story in edition.stories.values():
        for entry in story.paragraph_styles:
            name = style_name(entry)
            counts[name] = counts.get(name, 0) + 1
    return counts


def character_usage(edition: Edition) -> dict[str, int]:
    """How many spans of text each character style is applied to."""
    counts: dict[str, int] = {}
    for story in edition.stories.values():
        for name, intervals in story.spans.items():
            counts[name] = counts.get(name, 0) + len(intervals)
    return counts


def usage_words(kind: str, count: int) -> str:
    noun = "paragraph" if kind == "paragraph" else "span"
    return f"{count} {noun}{'s' if count != 1 else ''}"


# -- fonts as Qt sees them ----------------------------------------------------------------------

_REGISTERED: set[str] = set()


def register_fonts(edition: Edition) -> None:
    """Make the installed faces and the edition's own known to Qt (once per file), so that the
    previews show the very files the typesetter sets with, not whatever the system has."""
    paths = [str(face.path) for face in installed_faces().values()]
    for asset in edition.fonts.values():
        try:
            paths.append(str(edition_font_file(asset.name, asset.data)))
        except OSError:
            continue  # no preview in that face; the Fonts dialog says what is wrong with it
    for path in paths:
        if path not in _REGISTERED:
            _REGISTERED.add(path)
            QFontDatabase.addApplicationFont(path)


def faces_of(edition: Edition) -> set[tuple[str, int, bool]]:
    """(family, weight, italic) of every face a style can be set in."""
    return set(installed_faces()) | {(f.family, f.weight, f.italic) for f in edition.fonts.values()}


def face_set_in(faces: set[tuple[str, int, bool]], family: str, weight: int, italic: bool) -> tuple[str, int, bool]:
    """The face the typesetter sets (family, weight, italic) in: itself, or the nearest weight
    of the family, or of the fallback family (as typeset.fonts.FontRegistry decides)."""
    if (family, weight, italic) in faces:
        return (family, weight, italic)
    candidates = [f for f in faces if f[0] == family] or [f for f in faces if f[0] == FALLBACK_FAMILY]
    if not candidates:
        return (family, weight, italic)
    return min(candidates, key=lambda f: (f[2] != italic, abs(f[1] - weight), f[1]))


def preview_font(family: str, weight: int, italic: bool, size: float) -> QFont:
    font = QFont(family)
    font.setWeight(QFont.Weight(weight))
    font.setItalic(italic)
    font.setPixelSize(max(6, round(min(size * PREVIEW_ZOOM, PREVIEW_MAX_PX))))
    return font


# -- fields -------------------------------------------------------------------------------------


class NumberEdit(QLineEdit):
    """A number typed with its unit shown ("9 pt", "100 %"); Up and Down step it (with Shift,
    ten steps). `value()` is None while the text is not a number in range, and `problem` says
    why (the field is outlined in red, the reason in its tooltip)."""

    changed = Signal()

    def __init__(
        self,
        value: float,
        suffix: str,
        minimum: float,
        maximum: float,
        step: float = 1.0,
        decimals: int = 2,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.suffix = suffix
        self.minimum = minimum
        self.maximum = maximum
        self.step = step
        self.decimals = decimals
        self.help = ""
        self.problem = ""
        self._value: float | None = value
        self.setText(self.written(value))
        self.textEdited.connect(self._read)
        self.setFixedWidth(NUMBER_WIDTH)

    def written(self, value: float) -> str:
        text = number(value, self.decimals)
        return f"{text} {self.suffix}" if self.suffix else text

    def value(self) -> float | None:
        return self._value

    def set_value(self, value: float) -> None:
        self._value = float(value)
        self.problem = ""
        self.setStyleSheet("")
        self.setToolTip(self.help)
        self.setText(self.written(value))

    def set_help(self, text: str) -> None:
        self.help = text
        if not self.problem:
            self.setToolTip(text)

    def _read(self, text: str) -> None:
        cleaned = text.strip().replace("−", "-")
        if self.suffix and cleaned.endswith(self.suffix):
            cleaned = cleaned[: -len(self.suffix)].strip()
        try:
            value = float(cleaned)
        except ValueError:
            self._fail(f"“{text.strip()}” is not a number" if text.strip() else "a number is needed")
            return
        if not math.isfinite(value):
            self._fail("a number is needed")
        elif value < self.minimum - 1e-9:
            self._fail(f"at least {self.written(self.minimum)}")
        elif value > self.maximum + 1e-9:
            self._fail(f"at most {self.written(self.maximum)}")
        else:
            self._value = value
            self.problem = ""
            self.setStyleSheet("")
            self.setToolTip(self.help)
            self.changed.emit()

    def _fail(self, message: str) -> None:
        self._value = None
        self.problem = message
        self.setStyleSheet(BAD_FIELD_STYLE)
        self.setToolTip(message)
        self.changed.emit()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        if key in (Qt.Key.Key_Up, Qt.Key.Key_Down) and self._value is not None:
            steps = 10 if event.modifiers() & Qt.KeyboardModifier.ShiftModifier else 1
            delta = self.step * steps * (1 if key == Qt.Key.Key_Up else -1)
            value = min(self.maximum, max(self.minimum, round(self._value + delta, self.decimals)))
            self.setText(self.written(value))
            self._read(self.text())
            event.accept()
            return
        super().keyPressEvent(event)

    def focusOutEvent(self, event: QFocusEvent) -> None:
        """Show the number as the program writes it once the user leaves the field."""
        super().focusOutEvent(event)
        if self._value is not None:
            self.setText(self.written(self._value))


class OptionalNumber(QWidget):
    """A number a character style may leave to the paragraph: ticked, the style sets it."""

    changed = Signal()

    def __init__(self, label: str, default: float, suffix: str, minimum: float, maximum: float, step: float) -> None:
        super().__init__()
        self.check = QCheckBox("Set")
        self.check.setAccessibleName(f"Set the {label.lower()}")
        self.check.setToolTip(f"Ticked: the style sets the {label.lower()}; unticked: the paragraph's")
        self.number = NumberEdit(default, suffix, minimum, maximum, step)
        self.number.setAccessibleName(label)
        self.number.setEnabled(False)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(8)
        layout.addWidget(self.check)
        layout.addWidget(self.number)
        layout.addStretch(1)
        self.check.toggled.connect(self._toggled)
        self.number.changed.connect(self.changed)

    def _toggled(self, on: bool) -> None:
        self.number.setEnabled(on)
        self.changed.emit()

    @property
    def problem(self) -> str:
        return self.number.problem if self.check.isChecked() else ""

    def value(self) -> float | None:
        return self.number.value() if self.check.isChecked() else None

    def set_value(self, value: float | None) -> None:
        if value is not None:
            self.number.set_value(value)
        self.check.setChecked(value is not None)
        self.number.setEnabled(value is not None)


class ValueCombo(QComboBox):
    """A menu of values, each with its own text; a value not in the menu (a missing font or
    colour) is added as "name (missing)" so that it is shown, not lost."""

    def __init__(self, name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._values: list[object] = []
        self.setAccessibleName(name)

    def add(self, text: str, value: object, icon: QIcon | None = None) -> int:
        self._values.append(value)
        if icon is not None:
            self.addItem(icon, text)
        else:
            self.addItem(text)
        return self.count() - 1

    def clear_values(self) -> None:
        self._values = []
        self.clear()

    def values(self) -> list[object]:
        return list(self._values)

    def index_of(self, value: object) -> int:
        for index, known in enumerate(self._values):
            if type(known) is type(value) and known == value:
                return index
        return -1

    def value(self) -> Any:
        index = self.currentIndex()
        return self._values[index] if 0 <= index < len(self._values) else None

    def set_value(self, value: object) -> None:
        index = self.index_of(value)
        if index < 0:
            index = self.add(f"{value} (missing)", value)
        self.setCurrentIndex(index)


@dataclass(frozen=True)
class Segment:
    """A piece of preview text in one font and colour, raised by `shift` pixels."""

    text: str
    font: QFont
    colour: QColor
    shift: float = 0.0


class TypePreview(QFrame):
    """A line of sample type in the style, as large as fits (set in the fonts the typesetter uses)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setMinimumHeight(66)
        self.setAccessibleName("Preview")
        self.segments: list[Segment] = []
        self.alignment = "left"
        self.background = QColor("white")

    def show_segments(self, segments: list[Segment], alignment: str, background: QColor) -> None:
        self.segments = segments
        self.alignment = alignment
        self.background = background
        self.setAccessibleDescription("".join(s.text for s in segments))
        self.update()

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setRenderHint(QPainter.RenderHint.TextAntialiasing)
        painter.fillRect(self.contentsRect(), self.background)
        area = self.contentsRect().adjusted(12, 4, -12, -4)
        metrics = [QFontMetricsF(s.font) for s in self.segments]
        widths = [m.horizontalAdvance(s.text) for m, s in zip(metrics, self.segments)]
        total = sum(widths)
        room = float(area.width())
        x = float(area.left())
        if total < room and self.alignment in ("center", "right"):
            x += (room - total) / (2 if self.alignment == "center" else 1)
        ascent = max((m.ascent() for m in metrics), default=0.0)
        descent = max((m.descent() for m in metrics), default=0.0)
        baseline = area.top() + (area.height() + ascent - descent) / 2
        for segment, measure, width in zip(self.segments, metrics, widths):
            left = area.left() + room - x
            if left <= 0:
                break
            text = segment.text
            if width > left:
                text = measure.elidedText(text, Qt.TextElideMode.ElideRight, left)
            painter.setFont(segment.font)
            painter.setPen(segment.colour)
            painter.drawText(QPointF(x, baseline - segment.shift), text)
            x += measure.horizontalAdvance(text)
        painter.end()
        super().paintEvent(event)


@dataclass
class _Field:
    """One field of the style in the dialog: how to read and show it, the widgets that say
    whether it is inherited (its labels), its ↺ button and its "from headline" note."""

    name: str
    read: Callable[[], Any]
    write: Callable[[Any], None]
    labels: list[QWidget]
    reset: QToolButton
    note: QLabel
    problems: Callable[[], list[str]]


def _marked(widget: QWidget, inherited: bool, normal: QColor) -> None:
    font = QFont(widget.font())
    font.setItalic(inherited)
    widget.setFont(font)
    palette = QPalette(widget.palette())
    palette.setColor(QPalette.ColorRole.WindowText, QColor(INHERITED_COLOUR) if inherited else normal)
    widget.setPalette(palette)


def _caption(text: str, buddy: QWidget | None = None) -> QLabel:
    label = QLabel(text)
    label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
    if buddy is not None:
        label.setBuddy(buddy)
    return label


# -- the dialogs --------------------------------------------------------------------------------


class _StyleDialog(QDialog):
    """What the paragraph and character style dialogs share: name, based on, sections,
    inheritance, problems, preview."""

    kind = "paragraph"
    noun = "paragraph style"
    inherited: tuple[str, ...] = PARAGRAPH_INHERITED
    initial_size = (800, 580)

    def __init__(self, edition: Edition, style: Any, unit: str, parent: QWidget | None, based_on: str | None) -> None:
        super().__init__(parent)
        self.edition = edition
        self.unit = unit
        self.original = style
        self.styles: dict[str, Any] = table(edition, self.kind)
        register_fonts(edition)
        self.faces = faces_of(edition)
        self._fields: dict[str, _Field] = {}
        self._loading = True
        self._normal = self.palette().color(QPalette.ColorRole.WindowText)
        start = style if style is not None else self._new(based_on)
        self.start = start
        self._own: set[str] = set(start.own) if start.based_on else set()
        self._parent_name: str | None = start.based_on
        what = self.noun.title()
        self.setWindowTitle(f"{what} Options: {style.name}" if style is not None else f"New {what}")
        self._build_frame()
        self._build_general()
        self._build_sections()
        self._load(start)
        self._loading = False
        self.sections.setCurrentRow(0)
        self._update()
        self.name_edit.setFocus()
        self.name_edit.selectAll()
        self.resize(self.initial_size[0], self.initial_size[1])

    # -- to be given by the kinds -------------------------------------------------------------

    def _blank(self, name: str, based_on: str | None) -> Any:
        raise NotImplementedError

    def _make(self, name: str, values: dict[str, Any], based_on: str | None) -> Any:
        raise NotImplementedError

    def _build_sections(self) -> None:
        raise NotImplementedError

    def _segments(self) -> tuple[list[Segment], str, str]:
        """The preview: segments, alignment, and a caption saying the face used."""
        raise NotImplementedError

    def _value_problems(self, values: dict[str, Any]) -> list[str]:
        return []

    # -- building -----------------------------------------------------------------------------

    def _new(self, based_on: str | None) -> Any:
        parent = self.styles.get(based_on) if based_on else None
        blank = self._blank(new_style_name(self.edition, self.kind, "New style"), parent.name if parent else None)
        return inherit(blank, parent, self.kind)

    def _build_frame(self) -> None:
        self.name_edit = QLineEdit()
        self.name_edit.setAccessibleName("Style name")
        self.name_edit.setToolTip("The style's name as the panels and the story editor show it")
        self.name_edit.textEdited.connect(lambda _text: self._update())
        top = QFormLayout()
        top.addRow("Style &name:", self.name_edit)
        self.sections = QListWidget()
        self.sections.setAccessibleName("Sections")
        self.sections.setFixedWidth(200)
        self.sections.setStyleSheet("QListWidget::item { padding: 3px 4px; }")
        self.pages = QStackedWidget()
        self.sections.currentRowChanged.connect(self.pages.setCurrentIndex)
        middle = QHBoxLayout()
        middle.setSpacing(12)
        middle.addWidget(self.sections)
        middle.addWidget(self.pages, 1)
        self.preview = TypePreview()
        self.face_note = QLabel("")
        self.face_note.setStyleSheet(QUIET_STYLE)
        self.face_note.setAccessibleName("Face used")
        self.problems = ProblemLabel()
        self.problems.setVisible(False)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setAccessibleName("OK")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addSpacing(4)
        layout.addLayout(middle, 1)
        layout.addWidget(self.preview)
        layout.addWidget(self.face_note)
        layout.addWidget(self.problems)
        layout.addWidget(self.buttons)

    def _page(self, title: str) -> QGridLayout:
        """A section: its title in the list and over its fields, and the grid of the fields
        (label | field | inherited or ↺)."""
        page = QWidget()
        outer = QVBoxLayout(page)
        outer.setContentsMargins(4, 0, 0, 0)
        heading = QLabel(title)
        font = QFont(heading.font())
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.15)
        heading.setFont(font)
        outer.addWidget(heading)
        outer.addSpacing(6)
        grid = QGridLayout()
        grid.setHorizontalSpacing(10)
        grid.setVerticalSpacing(7)
        grid.setColumnStretch(3, 1)
        grid.setColumnMinimumWidth(0, 150)
        outer.addLayout(grid)
        outer.addStretch(1)
        self.sections.addItem(title)
        self.pages.addWidget(page)
        return grid

    def _build_general(self) -> None:
        grid = self._page("General")
        self.based_on_box = ValueCombo("Based on")
        self.based_on_box.setMinimumWidth(240)
        self.based_on_box.setToolTip("The style this one takes every field it does not set itself from")
        self._fill_based_on()
        self.based_on_box.currentIndexChanged.connect(self._based_on_changed)
        grid.addWidget(_caption("&Based on:", self.based_on_box), 0, 0)
        grid.addWidget(self.based_on_box, 0, 1)
        self._general_rows(grid)
        self.summary = QLabel("")
        self.summary.setWordWrap(True)
        self.summary.setAccessibleName("Style settings")
        self.summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.summary.setFrameShape(QFrame.Shape.StyledPanel)
        self.summary.setMinimumHeight(72)
        self.summary.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.summary.setMargin(6)
        row = grid.rowCount()
        settings_caption = _caption("Style settings:")
        settings_caption.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
        grid.addWidget(settings_caption, row, 0)
        grid.addWidget(self.summary, row, 1, 1, 3)
        self.reset_base_button = QPushButton("&Reset to Base")
        self.reset_base_button.setAccessibleName("Reset to base")
        self.reset_base_button.setToolTip("Make every field follow the style this one is based on")
        self.reset_base_button.clicked.connect(lambda _checked=False: self.reset_to_base())
        grid.addWidget(self.reset_base_button, row + 1, 1, Qt.AlignmentFlag.AlignLeft)
        hint = QLabel(
            "Fields in grey italics follow the style this one is based on; change one to set it on this "
            "style, ↺ to follow again."
        )
        hint.setWordWrap(True)
        hint.setStyleSheet(QUIET_STYLE)
        grid.addWidget(hint, row + 2, 1, 1, 3)

    def _general_rows(self, grid: QGridLayout) -> None:
        """More rows of the General section (the paragraph style's next style)."""

    def _fill_based_on(self) -> None:
        """[None] and the styles this one may be based on: not itself, nor one based on it."""
        box = self.based_on_box
        box.add(NO_STYLE, None)
        own_name = self.original.name if self.original is not None else None
        for name in self.styles:
            if name.startswith(LOCAL_PREFIX) or name == own_name:
                continue
            if own_name is not None and self._descends_from(name, own_name):
                continue
            box.add(name, name)

    def _descends_from(self, name: str, ancestor: str) -> bool:
        try:
            return ancestor in ancestors(self.styles, name)
        except EditError:
            return True  # a loop in a damaged file: not offered

    def _field(
        self,
        name: str,
        read: Callable[[], Any],
        write: Callable[[Any], None],
        labels: list[QWidget],
        watch: Sequence[QWidget],
        problems: Callable[[], list[str]] | None = None,
    ) -> QWidget:
        """Register a field; returns the widget that shows ↺ or "from …", for the caller to place."""
        reset = QToolButton()
        reset.setText("↺")
        reset.setAutoRaise(True)
        reset.setAccessibleName(f"Reset {FIELD_LABELS[name].lower()}")
        reset.clicked.connect(lambda _checked=False: self.reset_field(name))
        note = QLabel("")
        note.setStyleSheet(NOTE_STYLE)
        marker = QWidget()
        row = QHBoxLayout(marker)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(4)
        row.addWidget(reset)
        row.addWidget(note)
        row.addStretch(1)
        marker.setMinimumWidth(reset.sizeHint().width())
        self._fields[name] = _Field(name, read, write, labels, reset, note, problems or (lambda: []))
        for widget in watch:
            self._watch(name, widget)
        return marker

    def _watch(self, name: str, widget: QWidget) -> None:
        def touched(*_args: object) -> None:
            self._touched(name)

        if isinstance(widget, NumberEdit | OptionalNumber):
            widget.changed.connect(touched)
        elif isinstance(widget, LengthEdit):
            widget.changed.connect(touched)
        elif isinstance(widget, QComboBox):
            widget.currentIndexChanged.connect(touched)
        elif isinstance(widget, QAbstractButton):
            widget.toggled.connect(touched)
        elif isinstance(widget, QSpinBox):
            widget.valueChanged.connect(touched)

    def _place(self, grid: QGridLayout, label: str, editor: QWidget, wide: bool = False) -> tuple[QLabel, int]:
        row = grid.rowCount()
        caption = _caption(label, editor)
        grid.addWidget(caption, row, 0)
        if wide:
            grid.addWidget(editor, row, 1)
        else:
            grid.addWidget(editor, row, 1, Qt.AlignmentFlag.AlignLeft)
        return caption, row

    def _number(
        self,
        grid: QGridLayout,
        name: str,
        label: str,
        suffix: str,
        limits: tuple[float, float],
        step: float,
        tip: str,
    ) -> NumberEdit:
        edit = NumberEdit(0.0, suffix, limits[0], limits[1], step)
        edit.setAccessibleName(label.replace("&", "").rstrip(":"))
        edit.set_help(tip)
        caption, row = self._place(grid, label, edit)

        def problems() -> list[str]:
            return [f"{FIELD_LABELS[name]}: {edit.problem}."] if edit.problem else []

        marker = self._field(name, edit.value, edit.set_value, [caption], [edit], problems)
        grid.addWidget(marker, row, 2)
        return edit

    def _length(
        self, grid: QGridLayout, name: str, label: str, limits: tuple[float, float], tip: str, unit: str | None = None
    ) -> LengthEdit:
        edit = LengthEdit(0.0, unit or self.unit, limits[0], limits[1])
        edit.setFixedWidth(NUMBER_WIDTH)
        edit.setAccessibleName(label.replace("&", "").rstrip(":"))
        edit.setToolTip(tip)
        caption, row = self._place(grid, label, edit)

        def problems() -> list[str]:
            return [f"{FIELD_LABELS[name]}: {edit.problem}."] if edit.value() is None else []

        marker = self._field(name, edit.value, edit.set_value, [caption], [edit], problems)
        grid.addWidget(marker, row, 2)
        return edit

    def _check(self, grid: QGridLayout, name: str, text: str, tip: str) -> QCheckBox:
        box = QCheckBox(text)
        box.setToolTip(tip)
        row = grid.rowCount()
        grid.addWidget(box, row, 1, Qt.AlignmentFlag.AlignLeft)
        marker = self._field(name, box.isChecked, lambda v: box.setChecked(bool(v)), [box], [box])
        grid.addWidget(marker, row, 2)
        return box

    def _choice(
        self, grid: QGridLayout, name: str, label: str, items: Sequence[tuple[str, object]], tip: str
    ) -> ValueCombo:
        box = ValueCombo(label.replace("&", "").rstrip(":"))
        box.setToolTip(tip)
        for text, value in items:
            box.add(text, value)
        caption, row = self._place(grid, label, box)
        marker = self._field(name, box.value, box.set_value, [caption], [box])
        grid.addWidget(marker, row, 2)
        return box

    def _family_choice(self, grid: QGridLayout, name: str, first: tuple[str, object] | None) -> ValueCombo:
        items = ([first] if first else []) + [(family, family) for family in font_families(self.edition)]
        box = self._choice(grid, name, "&Font family:", items, "The typeface (installed, or added to the edition)")
        box.setMinimumWidth(240)
        for index, value in enumerate(box.values()):
            if isinstance(value, str):
                box.setItemData(index, QFont(value), Qt.ItemDataRole.FontRole)
        return box

    def _weight_items(self, first: tuple[str, object] | None) -> list[tuple[str, object]]:
        return ([first] if first else []) + [(weight_label(w), w) for w in WEIGHTS]

    def _colour_choice(self, grid: QGridLayout, name: str, first: tuple[str, object] | None) -> ValueCombo:
        box = self._choice(grid, name, "&Colour:", [first] if first else [], "The colour of the type (a swatch)")
        for swatch_name, swatch in self.edition.swatches.items():
            box.add(swatch_name, swatch_name, chip_icon(swatch))
        box.setMinimumWidth(200)
        return box

    # -- values ---------------------------------------------------------------------------------

    def _load(self, style: Any) -> None:
        loading, self._loading = self._loading, True
        self.name_edit.setText(style.name)
        self.based_on_box.set_value(style.based_on)
        for name, field in self._fields.items():
            field.write(getattr(style, name))
        self._load_links(style)
        self._loading = loading

    def _load_links(self, style: Any) -> None:
        """Fields outside the inherited ones (the paragraph style's next style)."""

    def values(self) -> dict[str, Any]:
        """The inherited fields as the dialog shows them (None where a field cannot be read)."""
        return {name: field.read() for name, field in self._fields.items()}

    def parent_style(self) -> Any:
        """The style this one is based on, as the dialog has it (None: none)."""
        name = self.based_on_box.value()
        return self.styles.get(name) if isinstance(name, str) else None

    def own(self) -> set[str]:
        """The fields shown as set on the style itself."""
        return set(self._own) if self.parent_style() is not None else set(self.inherited)

    def is_inherited(self, name: str) -> bool:
        return self.parent_style() is not None and name not in self._own

    def reset_button(self, name: str) -> QToolButton:
        """The ↺ of a field (shown while the field is the style's own)."""
        return self._fields[name].reset

    def inherited_note(self, name: str) -> QLabel:
        """The "from headline" beside a field (shown while the field is inherited)."""
        return self._fields[name].note

    def field_labels(self, name: str) -> list[QWidget]:
        return list(self._fields[name].labels)

    def show_section(self, title: str) -> None:
        """Turn to a section ("Basic Character Formats")."""
        for row in range(self.sections.count()):
            item = self.sections.item(row)
            if item is not None and item.text() == title:
                self.sections.setCurrentRow(row)
                return
        raise KeyError(title)

    def _take_from(self, parent: Any) -> None:
        """Show the parent's values in every field the style does not set itself."""
        loading, self._loading = self._loading, True
        for name, field in self._fields.items():
            if name not in self._own:
                field.write(getattr(parent, name))
        self._loading = loading

    # -- what the user does ------------------------------------------------------------------

    def _touched(self, name: str) -> None:
        if self._loading:
            return
        if self.parent_style() is not None:
            self._own.add(name)
        self._update()

    def reset_field(self, name: str) -> None:
        """↺: the field follows the parent again, showing its value."""
        parent = self.parent_style()
        if parent is None:
            return
        self._own.discard(name)
        loading, self._loading = self._loading, True
        self._fields[name].write(getattr(parent, name))
        self._loading = loading
        self._update()

    def reset_to_base(self) -> None:
        """Every field follows the parent."""
        parent = self.parent_style()
        if parent is None:
            return
        self._own.clear()
        self._take_from(parent)
        self._update()

    def _based_on_changed(self, _index: int) -> None:
        if self._loading:
            return
        parent = self.parent_style()
        if parent is None:
            self._own = set()
        elif self._parent_name is None:  # newly based on a style: what equals it follows it
            values = self.values()
            self._own = {name for name in self.inherited if values.get(name) != getattr(parent, name)}
        self._parent_name = parent.name if parent is not None else None
        if parent is not None:
            self._take_from(parent)
        self._update()

    # -- showing ------------------------------------------------------------------------------

    def _update(self) -> None:
        parent = self.parent_style()
        for name, field in self._fields.items():
            inherited = parent is not None and name not in self._own
            for widget in field.labels:
                _marked(widget, inherited, self._normal)
            field.reset.setVisible(parent is not None and not inherited)
            field.reset.setToolTip(
                f"Take the {FIELD_LABELS[name].lower()} from “{parent.name}” again" if parent else ""
            )
            field.note.setVisible(inherited)
            field.note.setText(f"from {parent.name}" if parent is not None else "")
        self.reset_base_button.setEnabled(parent is not None and bool(self._own))
        problems = self.problem_list()
        self.problems.show_problems(problems)
        self.ok_button.setEnabled(not problems)
        self.summary.setText(self._summary() if not problems else "")
        segments, alignment, caption = self._segments()
        light = all(s.colour.lightnessF() > 0.85 for s in segments) if segments else False
        self.preview.show_segments(segments, alignment, QColor("#4a4a4a" if light else "white"))
        self.face_note.setText(caption)

    def _summary(self) -> str:
        try:
            style = self.build()
        except (ValueError, TypeError):
            return ""
        parent = self.parent_style()
        if parent is None:
            return self._describe(style)
        own = own_fields(style, parent, self.kind)
        if not own:
            return f"Same as {parent.name}"
        parts = [f"{FIELD_LABELS[f].lower()}: {value_text(f, getattr(style, f), self.unit)}" for f in own]
        return " + ".join([parent.name, *parts])

    def _describe(self, style: Any) -> str:
        raise NotImplementedError

    def value_or_start(self, name: str) -> Any:
        """A field's value, or the style's starting value while the field cannot be read."""
        value = self._fields[name].read()
        if value is None and getattr(self.start, name) is not None and self._fields[name].problems():
            return getattr(self.start, name)
        return value

    def name_problems(self) -> list[str]:
        name = self.name_edit.text().strip()
        if not name:
            return ["The style needs a name."]
        if any(c in name for c in STYLE_NAME_FORBIDDEN):
            return [f"A style name cannot hold {' '.join(STYLE_NAME_FORBIDDEN)}."]
        if name.startswith(LOCAL_PREFIX):
            return [f"Names beginning with “{LOCAL_PREFIX}” are kept for local formatting."]
        if name in self.styles and (self.original is None or name != self.original.name):
            return [f"There is a {self.noun} named “{name}” already."]
        return []

    def problem_list(self) -> list[str]:
        """What keeps the fields from making a style, in words (empty when nothing does)."""
        problems = self.name_problems()
        for field in self._fields.values():
            problems.extend(field.problems())
        if problems:
            return problems
        values = self.values()
        problems = self._value_problems(values)
        if not problems:
            try:
                self.build()
            except (ValueError, TypeError) as error:
                problems.append(str(error))
        return problems

    def build(self) -> Any:
        """The style the fields make (ValueError when they make none)."""
        parent = self.parent_style()
        style = self._make(self.name_edit.text().strip(), self.values(), parent.name if parent is not None else None)
        if parent is not None:
            style = dataclasses.replace(style, own=own_fields(style, parent, self.kind))
        return style

    # -- result -------------------------------------------------------------------------------

    def accept(self) -> None:
        if self.problem_list():
            return
        super().accept()

    def result_style(self) -> Any:
        """The style to store (ValueError while the fields have problems)."""
        problems = self.problem_list()
        if problems:
            raise ValueError(" ".join(problems))
        return self.build()


class ParagraphStyleDialog(_StyleDialog):
    """A new or changed paragraph style: every field of ParagraphStyle in six sections.
    `result_style()` is the ParagraphStyle to store (set_style / the panel's change_style)."""

    kind = "paragraph"
    noun = "paragraph style"
    inherited = PARAGRAPH_INHERITED

    def __init__(
        self,
        edition: Edition,
        style: ParagraphStyle | None,
        unit: str = "mm",
        parent: QWidget | None = None,
        based_on: str | None = None,
    ) -> None:
        super().__init__(edition, style, unit, parent, based_on)

    def _blank(self, name: str, based_on: str | None) -> ParagraphStyle:
        return ParagraphStyle(name, based_on=based_on)

    def _make(self, name: str, values: dict[str, Any], based_on: str | None) -> ParagraphStyle:
        return ParagraphStyle(name, based_on=based_on, next_style=self._next_style(name), **values)

    def _describe(self, style: Any) -> str:
        return describe_paragraph(style)

    def result_style(self) -> ParagraphStyle:
        style = super().result_style()
        assert isinstance(style, ParagraphStyle)
        return style

    # -- general: next style --------------------------------------------------------------------

    def _general_rows(self, grid: QGridLayout) -> None:
        self.next_box = ValueCombo("Next style")
        self.next_box.setMinimumWidth(240)
        self.next_box.setToolTip("The style a new paragraph typed after one in this style gets")
        self.next_box.add(SAME_STYLE, None)
        own_name = self.original.name if self.original is not None else None
        for name in self.styles:
            if name != own_name:
                self.next_box.add(name, name)
        self.next_box.currentIndexChanged.connect(lambda _i: None if self._loading else self._update())
        grid.addWidget(_caption("Ne&xt style:", self.next_box), 1, 0)
        grid.addWidget(self.next_box, 1, 1)

    def _load_links(self, style: Any) -> None:
        wanted = style.next_style
        if wanted is not None and wanted == style.name:
            wanted = None
        self.next_box.set_value(wanted)

    def _next_style(self, name: str) -> str | None:
        chosen = self.next_box.value()
        original = self.original
        if chosen is None and original is not None and original.next_style == original.name == name:
            return name  # "the same style", as the file said it
        return chosen if isinstance(chosen, str) else None

    # -- sections -------------------------------------------------------------------------------

    def _build_sections(self) -> None:
        self._basic_formats(self._page("Basic Character Formats"))
        self._indents(self._page("Indents and Spacing"))
        self._keeps(self._page("Keep Options"))
        self._hyphenation(self._page("Hyphenation"))
        self._justification(self._page("Justification"))

    def _basic_formats(self, grid: QGridLayout) -> None:
        self.family_box = self._family_choice(grid, "font_family", None)
        self.weight_box = self._choice(
            grid, "weight", "&Weight:", self._weight_items(None), "How heavy the type is (100 Thin … 900 Black)"
        )
        self.italic_box = self._check(grid, "italic", "&Italic", "Set the paragraph in the italic of its family")
        self.size_edit = self._number(
            grid, "size", "&Size:", "pt", (MIN_SIZE, MAX_SIZE), 0.5, "Type size, in points (1–1000)"
        )
        self.leading_edit = self._number(
            grid, "leading", "&Leading:", "pt", (MIN_SIZE, 2 * MAX_SIZE), 0.5, "Baseline to baseline, in points"
        )
        self.tracking_edit = self._number(
            grid, "tracking", "&Tracking:", "/1000 em", (-300, 1000), 5, "Space added between all letters, 1/1000 em"
        )
        self.colour_box = self._colour_choice(grid, "color", None)
        self.uppercase_box = self._check(grid, "uppercase", "All &caps", "Set the text in capitals")
        self.small_caps_box = self._check(grid, "small_caps", "S&mall caps", "Set lower-case letters as small capitals")

    def _indents(self, grid: QGridLayout) -> None:
        items = [(ALIGNMENT_LABELS[a], a) for a in ALIGNMENTS]
        self.alignment_box = self._choice(grid, "alignment", "&Alignment:", items, "How lines sit in the column")
        for index, alignment in enumerate(ALIGNMENTS):
            self.alignment_box.setItemIcon(index, alignment_icon(alignment, self._normal))
        self.first_indent_edit = self._length(
            grid,
            "first_line_indent",
            "&First-line indent:",
            (-1000, 1000),
            "Indent of the first line (may be negative)",
        )
        self.left_indent_edit = self._length(grid, "left_indent", "L&eft indent:", (0, 1000), "Indent of every line")
        self.right_indent_edit = self._length(
            grid, "right_indent", "&Right indent:", (0, 1000), "Indent from the right edge of the column"
        )
        self.space_before_edit = self._length(
            grid, "space_before", "Space &before:", (0, 1000), "Space above the paragraph"
        )
        self.space_after_edit = self._length(
            grid, "space_after", "Space a&fter:", (0, 1000), "Space below the paragraph"
        )
        self.grid_box = self._check(
            grid, "align_to_grid", "Align to baseline &grid", "Snap the baselines to the page's baseline grid"
        )

    def _keeps(self, grid: QGridLayout) -> None:
        self.keep_next_box = self._check(
            grid, "keep_with_next", "Keep with &next paragraph", "Never end a column after this paragraph"
        )
        self.keep_together_box = self._check(
            grid, "keep_lines_together", "Keep all &lines together", "Never split the paragraph across columns"
        )
        items = [(START_LABELS[s], s) for s in STARTS]
        self.start_box = self._choice(grid, "start", "&Start paragraph:", items, "Where the paragraph may start")

    def _hyphenation(self, grid: QGridLayout) -> None:
        self.hyphenate_box = QCheckBox("&Hyphenate")
        self.hyphenate_box.setToolTip("Break words at the end of lines with a hyphen")
        spins: list[QSpinBox] = []
        for low, high, suffix, name in (
            (2, 30, " letters", "Words with at least"),
            (1, 15, " letters", "After first"),
            (1, 15, " letters", "Before last"),
            (1, 10, " hyphens", "Hyphen limit"),
        ):
            spin = QSpinBox()
            spin.setRange(low, high)
            spin.setSuffix(suffix)
            spin.setAccessibleName(name)
            spin.setFixedWidth(NUMBER_WIDTH)
            spins.append(spin)
        self.min_word_spin, self.min_before_spin, self.min_after_spin, self.limit_spin = spins
        self.capitalized_box = QCheckBox("Hyphenate &capitalized words")
        self.min_word_spin.setToolTip("Shorter words are never hyphenated")
        self.min_before_spin.setToolTip("Letters a hyphen leaves on the line, at least")
        self.min_after_spin.setToolTip("Letters a hyphen carries to the next line, at least")
        self.limit_spin.setToolTip("Hyphens on consecutive lines, at most")
        grid.addWidget(self.hyphenate_box, 0, 1)
        labels: list[QWidget] = [self.hyphenate_box]
        for text, spin in zip(("&Words with at least:", "After &first:", "Before &last:", "Hyphen li&mit:"), spins):
            caption, _row = self._place(grid, text, spin)
            labels.append(caption)
        grid.addWidget(self.capitalized_box, grid.rowCount(), 1, 1, 3)  # not widening the fields' column
        labels.append(self.capitalized_box)
        self.hyphenate_box.toggled.connect(self._hyphenation_enabled)
        marker = self._field(
            "hyphenation",
            self._read_hyphenation,
            self._write_hyphenation,
            labels,
            [self.hyphenate_box, *spins, self.capitalized_box],
        )
        grid.addWidget(marker, 0, 2)

    def _read_hyphenation(self) -> HyphenationSettings:
        return HyphenationSettings(
            enabled=self.hyphenate_box.isChecked(),
            min_word_length=self.min_word_spin.value(),
            min_before=self.min_before_spin.value(),
            min_after=self.min_after_spin.value(),
            capitalized=self.capitalized_box.isChecked(),
            max_consecutive=self.limit_spin.value(),
        )

    def _write_hyphenation(self, settings: HyphenationSettings) -> None:
        self.hyphenate_box.setChecked(settings.enabled)
        self.min_word_spin.setValue(settings.min_word_length)
        self.min_before_spin.setValue(settings.min_before)
        self.min_after_spin.setValue(settings.min_after)
        self.limit_spin.setValue(settings.max_consecutive)
        self.capitalized_box.setChecked(settings.capitalized)
        self._hyphenation_enabled(settings.enabled)

    def _hyphenation_enabled(self, on: bool) -> None:
        for widget in (self.min_word_spin, self.min_before_spin, self.min_after_spin, self.limit_spin):
            widget.setEnabled(on)
        self.capitalized_box.setEnabled(on)

    def _justification(self, grid: QGridLayout) -> None:
        """InDesign's table: word spacing, letter spacing, glyph scaling × minimum, desired, maximum."""
        self.spacing: dict[str, NumberEdit] = {}
        headers = ("Minimum", "Desired", "Maximum")
        table_grid = QGridLayout()
        table_grid.setHorizontalSpacing(10)
        table_grid.setVerticalSpacing(7)
        for column, header in enumerate(headers, start=1):
            table_grid.addWidget(QLabel(header), 0, column, Qt.AlignmentFlag.AlignLeft)
        labels: list[QWidget] = []
        rows = (
            ("&Word spacing:", "word_space", (0.0, 1000.0), ("min", "opt", "max"), "100 %"),
            ("L&etter spacing:", "letter_space", (-100.0, 500.0), ("min", None, "max"), "0 %"),
            ("&Glyph scaling:", "glyph_scale", (50.0, 200.0), ("min", None, "max"), "100 %"),
        )
        for row, (text, stem, limits, parts, desired) in enumerate(rows, start=1):
            caption = _caption(text)
            table_grid.addWidget(caption, row, 0)
            labels.append(caption)
            for column, part in enumerate(parts, start=1):
                if part is None:
                    fixed = QLabel(desired)
                    fixed.setStyleSheet(QUIET_STYLE)
                    fixed.setToolTip(
                        "Letters and glyphs are at their natural spacing and width unless a line needs more"
                    )
                    table_grid.addWidget(fixed, row, column)
                    continue
                edit = NumberEdit(0.0, "%", limits[0], limits[1], 1.0, 1)
                edit.setAccessibleName(f"{text.replace('&', '').rstrip(':')} {headers[column - 1].lower()}")
                table_grid.addWidget(edit, row, column)
                if column == 1:
                    caption.setBuddy(edit)
                self.spacing[f"{stem}_{part}"] = edit
        self.spacing["word_space_min"].set_help("The narrowest a word space may be, % of its natural width")
        self.spacing["word_space_max"].set_help("The widest a word space may be, % of its natural width")
        grid.addLayout(table_grid, 0, 0, 1, 2)
        note = QLabel("Spacing limits apply to justified paragraphs; letter spacing in % of an em.")
        note.setStyleSheet(QUIET_STYLE)
        note.setWordWrap(True)
        grid.addWidget(note, 1, 0, 1, 4)
        marker = self._field(
            "justification",
            self._read_justification,
            self._write_justification,
            labels,
            list(self.spacing.values()),
            self._spacing_problems,
        )
        grid.addWidget(marker, 0, 2, Qt.AlignmentFlag.AlignTop)

    def _read_justification(self) -> JustificationSettings | None:
        values = {name: edit.value() for name, edit in self.spacing.items()}
        if any(v is None for v in values.values()):
            return None
        return JustificationSettings(**values)  # type: ignore[arg-type]  # None ruled out above

    def _write_justification(self, settings: JustificationSettings) -> None:
        for name, edit in self.spacing.items():
            edit.set_value(getattr(settings, name))

    def _spacing_problems(self) -> list[str]:
        labels = {"word_space": "Word spacing", "letter_space": "Letter spacing", "glyph_scale": "Glyph scaling"}
        names = {"min": "minimum", "opt": "desired", "max": "maximum"}
        problems = []
        for name, edit in self.spacing.items():
            if edit.problem:
                stem, _, part = name.rpartition("_")
                problems.append(f"{labels[stem]} {names[part]}: {edit.problem}.")
        return problems

    def _value_problems(self, values: dict[str, Any]) -> list[str]:
        spacing = values.get("justification")
        if not isinstance(spacing, JustificationSettings):
            return []
        s = spacing
        problems = []
        if not s.word_space_min <= s.word_space_opt <= s.word_space_max:
            problems.append(
                "Word spacing must be minimum ≤ desired ≤ maximum "
                f"(now {number(s.word_space_min)} %, {number(s.word_space_opt)} %, {number(s.word_space_max)} %)."
            )
        if not s.letter_space_min <= 0 <= s.letter_space_max:
            problems.append("Letter spacing: the minimum must be 0 % or less, the maximum 0 % or more.")
        if not s.glyph_scale_min <= 100 <= s.glyph_scale_max:
            problems.append("Glyph scaling: the minimum must be 100 % or less, the maximum 100 % or more.")
        return problems

    # -- preview --------------------------------------------------------------------------------

    def _segments(self) -> tuple[list[Segment], str, str]:
        family = str(self.value_or_start("font_family"))
        weight = int(self.value_or_start("weight"))
        italic = bool(self.value_or_start("italic"))
        size = float(self.value_or_start("size"))
        font = preview_font(family, weight, italic, size)
        tracking = float(self.value_or_start("tracking"))
        font.setLetterSpacing(QFont.SpacingType.AbsoluteSpacing, tracking / 1000 * font.pixelSize())
        if self.value_or_start("uppercase"):
            font.setCapitalization(QFont.Capitalization.AllUppercase)
        elif self.value_or_start("small_caps"):
            font.setCapitalization(QFont.Capitalization.SmallCaps)
        swatch = self.edition.swatches.get(str(self.value_or_start("color")))
        colour = QColor(swatch.rgb if swatch is not None else "black")
        alignment = str(self.value_or_start("alignment"))
        caption = _face_caption(self.faces, family, weight, italic, size)
        return [Segment(SAMPLE, font, colour)], "left" if alignment == "justify" else alignment, caption


class CharacterStyleDialog(_StyleDialog):
    """A new or changed character style: what it sets over the paragraph's formats, each
    field "[Paragraph's]" (unset) or a value. `result_style()` is the CharacterStyle to store."""

    kind = "character"
    noun = "character style"
    inherited = CHARACTER_INHERITED
    initial_size = (720, 500)

    def __init__(
        self,
        edition: Edition,
        style: CharacterStyle | None,
        unit: str = "mm",
        parent: QWidget | None = None,
        based_on: str | None = None,
    ) -> None:
        super().__init__(edition, style, unit, parent, based_on)

    def _blank(self, name: str, based_on: str | None) -> CharacterStyle:
        return CharacterStyle(name, based_on=based_on)

    def _make(self, name: str, values: dict[str, Any], based_on: str | None) -> CharacterStyle:
        return CharacterStyle(name, based_on=based_on, **values)

    def _describe(self, style: Any) -> str:
        return describe_character(style)

    def result_style(self) -> CharacterStyle:
        style = super().result_style()
        assert isinstance(style, CharacterStyle)
        return style

    def _build_sections(self) -> None:
        self._basic_formats(self._page("Basic Character Formats"))
        self._advanced(self._page("Advanced Character Formats"))

    def _basic_formats(self, grid: QGridLayout) -> None:
        self.family_box = self._family_choice(grid, "font_family", (PARAGRAPHS, None))
        self.weight_box = self._choice(
            grid, "weight", "&Weight:", self._weight_items((PARAGRAPHS, None)), "How heavy the type is"
        )
        self.italic_box = self._choice(
            grid,
            "italic",
            "&Italic:",
            [(PARAGRAPHS, None), ("Italic", True), ("Upright", False)],
            "Italic, upright, or as the paragraph is set",
        )
        self.size_field = self._optional(grid, "size", "&Size:", 9.0, "pt", (MIN_SIZE, MAX_SIZE), 0.5)
        self.tracking_field = self._optional(grid, "tracking", "&Tracking:", 0.0, "/1000 em", (-300, 1000), 5)
        self.colour_box = self._colour_choice(grid, "color", (PARAGRAPHS, None))

    def _optional(
        self,
        grid: QGridLayout,
        name: str,
        label: str,
        default: float,
        suffix: str,
        limits: tuple[float, float],
        step: float,
    ) -> OptionalNumber:
        field = OptionalNumber(FIELD_LABELS[name], default, suffix, limits[0], limits[1], step)
        caption, row = self._place(grid, label, field)
        caption.setBuddy(field.check)

        def problems() -> list[str]:
            return [f"{FIELD_LABELS[name]}: {field.problem}."] if field.problem else []

        marker = self._field(name, field.value, field.set_value, [caption], [field], problems)
        grid.addWidget(marker, row, 2)
        return field

    def _advanced(self, grid: QGridLayout) -> None:
        self.shift_edit = self._length(
            grid, "baseline_shift", "&Baseline shift:", (-1000, 1000), "Raise (or, negative, lower) the text", "pt"
        )
        self.case_box = self._choice(
            grid,
            "uppercase",
            "&Case:",
            [(PARAGRAPHS, None), ("All caps", True), ("Normal case", False)],
            "Capitals, as typed, or as the paragraph is set",
        )
        self.small_caps_box = self._check(grid, "small_caps", "S&mall caps", "Set lower-case letters as small capitals")
        self.no_break_box = self._check(
            grid, "no_break", "&No break", "Never hyphenate or break a line inside text in this style"
        )

    def _segments(self) -> tuple[list[Segment], str, str]:
        base = self._base_paragraph()
        family = self.value_or_start("font_family") or base.font_family
        weight = self.value_or_start("weight") or base.weight
        italic = self.value_or_start("italic")
        italic = base.italic if italic is None else bool(italic)
        size = self.value_or_start("size") or base.size
        font = preview_font(family, weight, italic, size)
        tracking = self.value_or_start("tracking")
        tracking = base.tracking if tracking is None else tracking
        font.setLetterSpacing(QFont.SpacingType.AbsoluteSpacing, tracking / 1000 * font.pixelSize())
        uppercase = self.value_or_start("uppercase")
        if base.uppercase if uppercase is None else uppercase:
            font.setCapitalization(QFont.Capitalization.AllUppercase)
        elif self.value_or_start("small_caps") or base.small_caps:
            font.setCapitalization(QFont.Capitalization.SmallCaps)
        swatch = self.edition.swatches.get(self.value_or_start("color") or base.color)
        colour = QColor(swatch.rgb if swatch is not None else "black")
        base_swatch = self.edition.swatches.get(base.color)
        base_colour = QColor(base_swatch.rgb if base_swatch is not None else "black")
        plain = preview_font(base.font_family, base.weight, base.italic, base.size)
        shift = float(self.value_or_start("baseline_shift") or 0.0)
        pixel = font.pixelSize() / max(size, 1.0)
        segments = [
            Segment(f"Text in {base.name} with ", plain, base_colour),
            Segment("these words", font, colour, shift * pixel),
            Segment(" in the style.", plain, base_colour),
        ]
        caption = _face_caption(self.faces, family, weight, italic, size) + f" — over “{base.name}”"
        return segments, "left", caption

    def _base_paragraph(self) -> ParagraphStyle:
        styles = self.edition.paragraph_styles
        return styles.get("body") or next(iter(styles.values()), ParagraphStyle("body"))


def _face_caption(faces: set[tuple[str, int, bool]], family: str, weight: int, italic: bool, size: float) -> str:
    """ "Source Serif Pro Bold, 40 pt (shown at 90 %)" — and the face really used when the
    family lacks the one asked for."""
    wanted = " ".join([family, *face_words(weight, italic)]) or family
    used = face_set_in(faces, family, weight, italic)
    text = f"{wanted}, {number(size)} pt"
    shown = min(size * PREVIEW_ZOOM, PREVIEW_MAX_PX) / size * 100
    text += f" (shown at {number(shown, 0)} %)"
    if used != (family, weight, italic):
        text += f" — not available: set in {' '.join([used[0], *face_words(used[1], used[2])])}"
    return text


# -- deleting -----------------------------------------------------------------------------------


class DeleteStyleDialog(QDialog):
    """Which style the text of a deleted style takes, saying how much text that is (and for a
    character style, [No style]: its text is left unstyled)."""

    def __init__(self, edition: Edition, kind: str, name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        noun = f"{kind} style"
        self.setWindowTitle(f"Delete {noun.title()}: {name}")
        styles = table(edition, kind)
        count = (paragraph_usage(edition) if kind == "paragraph" else character_usage(edition)).get(name, 0)
        question = QLabel(f"Delete the {noun} <b>{name}</b>?")
        self.used_label = QLabel(f"{usage_words(kind, count).capitalize()} use it." if count else "No text uses it.")
        self.used_label.setAccessibleName("Text in the style")
        self.replacement_box = ValueCombo("Replace with")
        self.replacement_box.setMinimumWidth(220)
        if kind == "character":
            self.replacement_box.add(NO_CHARACTER_STYLE, None)
        for other in styles:
            if other != name and not other.startswith(LOCAL_PREFIX):
                self.replacement_box.add(other, other)
        deleted = styles.get(name)
        default = deleted.based_on if deleted is not None else None
        if kind == "paragraph" and default is None:
            default = "body" if name != "body" and "body" in styles else None
        index = self.replacement_box.index_of(default)
        self.replacement_box.setCurrentIndex(max(0, index))
        form = QFormLayout()
        form.addRow("&Replace with:", self.replacement_box)
        based = children(styles, name)
        note = QLabel(
            (f"Styles based on it ({', '.join(based)}) keep their look. " if based else "")
            + "One step: Undo brings the style and its text back."
        )
        note.setWordWrap(True)
        note.setStyleSheet(QUIET_STYLE)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.delete_button = QPushButton("Delete")
        self.delete_button.setAccessibleName("Delete the style")
        buttons.addButton(self.delete_button, QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        if self.replacement_box.count() == 0:
            self.delete_button.setEnabled(False)
            note.setText("The edition needs at least one paragraph style.")
        layout = QVBoxLayout(self)
        layout.addWidget(question)
        layout.addWidget(self.used_label)
        layout.addLayout(form)
        layout.addWidget(note)
        layout.addWidget(buttons)
        self.setMinimumWidth(400)

    def replacement(self) -> str | None:
        value = self.replacement_box.value()
        return value if isinstance(value, str) else None


__all__ = [
    "CharacterStyleDialog",
    "DeleteStyleDialog",
    "NumberEdit",
    "ParagraphStyleDialog",
    "character_usage",
    "describe_character",
    "describe_paragraph",
    "paragraph_usage",
    "register_fonts",
]
