"""Preferences, kept in QSettings: who the user is (for corrections), units, language,
autosave, snapping, the H&J defaults for new paragraph styles, and the high-contrast theme."""

from __future__ import annotations

from dataclasses import asdict, dataclass, fields
from typing import get_type_hints

from PySide6.QtCore import QSettings
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QGroupBox,
    QLineEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from epaperdesk.model.edition import LANGUAGES
from epaperdesk.model.styles import HyphenationSettings, JustificationSettings

UNIT_CHOICES = {"mm": "Millimetres", "pt": "Points", "pica": "Picas", "in": "Inches"}


@dataclass
class Preferences:
    user_name: str = ""
    initials: str = ""
    units: str = "mm"
    language: str = "en_US"
    autosave_minutes: float = 2.0
    snapping: bool = True
    high_contrast: bool = False
    word_space_min: float = JustificationSettings.word_space_min
    word_space_opt: float = JustificationSettings.word_space_opt
    word_space_max: float = JustificationSettings.word_space_max
    letter_space_min: float = JustificationSettings.letter_space_min
    letter_space_max: float = JustificationSettings.letter_space_max
    glyph_scale_min: float = JustificationSettings.glyph_scale_min
    glyph_scale_max: float = JustificationSettings.glyph_scale_max
    hyphen_min_word: int = HyphenationSettings.min_word_length
    hyphen_min_before: int = HyphenationSettings.min_before
    hyphen_min_after: int = HyphenationSettings.min_after

    def justification(self) -> JustificationSettings:
        """The H&J defaults for new paragraph styles."""
        return JustificationSettings(
            self.word_space_min,
            self.word_space_opt,
            self.word_space_max,
            self.letter_space_min,
            self.letter_space_max,
            self.glyph_scale_min,
            self.glyph_scale_max,
        )

    def hyphenation(self) -> HyphenationSettings:
        return HyphenationSettings(
            min_word_length=self.hyphen_min_word, min_before=self.hyphen_min_before, min_after=self.hyphen_min_after
        )


def store() -> QSettings:
    return QSettings("EpaperDesk", "EpaperDesk")


Setting = str | bool | int | float  # the types of the fields of Preferences


def _convert(raw: object, kind: type[Setting]) -> Setting:
    """A stored value as a field's type (QSettings hands back strings from INI files and the
    registry). Raises TypeError or ValueError when it cannot be one."""
    if kind is bool:
        return raw if isinstance(raw, bool) else str(raw).lower() in ("true", "1", "yes")
    if kind is str:
        return str(raw)
    if not isinstance(raw, (str, int, float)):
        raise TypeError(f"not a number: {raw!r}")
    if kind is int:
        return int(raw)
    if kind is float:
        return float(raw)
    raise TypeError(f"no setting of type {kind!r}")


def load_preferences() -> Preferences:
    """The saved preferences; anything missing or unreadable falls back to its default."""
    settings = store()
    defaults = Preferences()
    preferences = Preferences()
    kinds = get_type_hints(Preferences)
    for field in fields(Preferences):
        try:
            value = _convert(settings.value(field.name, getattr(defaults, field.name)), kinds[field.name])
        except (TypeError, ValueError):
            continue  # keeps the default
        setattr(preferences, field.name, value)
    if preferences.units not in UNIT_CHOICES:
        preferences.units = defaults.units
    if preferences.language not in LANGUAGES:
        preferences.language = defaults.language
    return preferences


def save_preferences(preferences: Preferences) -> None:
    settings = store()
    for name, value in asdict(preferences).items():
        settings.setValue(name, value)
    settings.sync()


def apply_theme(high_contrast: bool) -> None:
    """White on black with yellow highlights for the window (the page stays paper white,
    since it shows what prints), or the platform's own palette."""
    app = QApplication.instance()
    if not isinstance(app, QApplication):  # no GUI application (yet): nothing to theme
        return
    if not high_contrast:
        app.setPalette(app.style().standardPalette())
        return
    palette = QPalette()
    black, white, yellow = QColor("black"), QColor("white"), QColor("#ffd400")
    for role, colour in (
        (QPalette.ColorRole.Window, black),
        (QPalette.ColorRole.WindowText, white),
        (QPalette.ColorRole.Base, black),
        (QPalette.ColorRole.AlternateBase, QColor("#202020")),
        (QPalette.ColorRole.Text, white),
        (QPalette.ColorRole.Button, black),
        (QPalette.ColorRole.ButtonText, white),
        (QPalette.ColorRole.Highlight, yellow),
        (QPalette.ColorRole.HighlightedText, black),
        (QPalette.ColorRole.ToolTipBase, black),
        (QPalette.ColorRole.ToolTipText, white),
        (QPalette.ColorRole.Link, yellow),
    ):
        palette.setColor(role, colour)
    app.setPalette(palette)


class PreferencesDialog(QDialog):
    def __init__(self, preferences: Preferences, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Preferences")
        self.setAccessibleName("Preferences")
        layout = QVBoxLayout(self)

        def group(title: str) -> QFormLayout:
            box = QGroupBox(title)
            form = QFormLayout(box)
            layout.addWidget(box)
            return form

        you = group("You")
        self.user_name = QLineEdit(preferences.user_name)
        self.initials = QLineEdit(preferences.initials)
        self.initials.setMaxLength(4)
        you.addRow("&Name (on corrections):", self.user_name)
        you.addRow("&Initials:", self.initials)

        work = group("Work")
        self.units = QComboBox()
        for key, label in UNIT_CHOICES.items():
            self.units.addItem(label, key)
        self.units.setCurrentIndex(list(UNIT_CHOICES).index(preferences.units))
        self.language = QComboBox()
        for language in LANGUAGES:
            self.language.addItem({"en_US": "English (US)", "en_GB": "English (UK)"}.get(language, language), language)
        self.language.setCurrentIndex(list(LANGUAGES).index(preferences.language))
        self.autosave = QDoubleSpinBox()
        self.autosave.setRange(0, 60)
        self.autosave.setSuffix(" min")
        self.autosave.setSpecialValueText("off")
        self.autosave.setValue(preferences.autosave_minutes)
        self.snapping = QCheckBox("&Snap frames to guides, columns and other frames")
        self.snapping.setChecked(preferences.snapping)
        self.high_contrast = QCheckBox("&High-contrast theme")
        self.high_contrast.setChecked(preferences.high_contrast)
        work.addRow("&Units:", self.units)
        work.addRow("&Language of new stories:", self.language)
        work.addRow("&Autosave every:", self.autosave)
        work.addRow(self.snapping)
        work.addRow(self.high_contrast)

        hj = group("Justification and hyphenation of new styles")
        self.float_spins: dict[str, QDoubleSpinBox] = {}
        self.int_spins: dict[str, QSpinBox] = {}
        self.spins: dict[str, QDoubleSpinBox | QSpinBox] = {}  # both, by field name
        for name, label, low, high, suffix in (
            ("word_space_min", "Word space mi&nimum", 50, 100, " %"),
            ("word_space_opt", "Word space &optimum", 70, 150, " %"),
            ("word_space_max", "Word space ma&ximum", 100, 300, " %"),
            ("letter_space_min", "Letter spacing minimum", -10, 0, " % em"),
            ("letter_space_max", "Letter spacing maximum", 0, 10, " % em"),
            ("glyph_scale_min", "Glyph scaling minimum", 90, 100, " %"),
            ("glyph_scale_max", "Glyph scaling maximum", 100, 110, " %"),
        ):
            spin = QDoubleSpinBox()
            spin.setRange(low, high)
            spin.setDecimals(1)
            spin.setSuffix(suffix)
            spin.setValue(getattr(preferences, name))
            spin.setAccessibleName(label.replace("&", ""))
            hj.addRow(label + ":", spin)
            self.float_spins[name] = self.spins[name] = spin
        for name, label, low, high in (
            ("hyphen_min_word", "Hyphenate words of at least", 3, 20),
            ("hyphen_min_before", "Letters before a hyphen", 1, 10),
            ("hyphen_min_after", "Letters after a hyphen", 1, 10),
        ):
            int_spin = QSpinBox()
            int_spin.setRange(low, high)
            int_spin.setValue(getattr(preferences, name))
            int_spin.setAccessibleName(label)
            hj.addRow(label + ":", int_spin)
            self.int_spins[name] = self.spins[name] = int_spin

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def preferences(self) -> Preferences:
        real, whole = self.float_spins, self.int_spins
        return Preferences(
            user_name=self.user_name.text().strip(),
            initials=self.initials.text().strip().upper(),
            units=self.units.currentData(),
            language=self.language.currentData(),
            autosave_minutes=self.autosave.value(),
            snapping=self.snapping.isChecked(),
            high_contrast=self.high_contrast.isChecked(),
            word_space_min=real["word_space_min"].value(),
            word_space_opt=real["word_space_opt"].value(),
            word_space_max=real["word_space_max"].value(),
            letter_space_min=real["letter_space_min"].value(),
            letter_space_max=real["letter_space_max"].value(),
            glyph_scale_min=real["glyph_scale_min"].value(),
            glyph_scale_max=real["glyph_scale_max"].value(),
            hyphen_min_word=whole["hyphen_min_word"].value(),
            hyphen_min_before=whole["hyphen_min_before"].value(),
            hyphen_min_after=whole["hyphen_min_after"].value(),
        )
