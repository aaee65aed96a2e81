"""File → New and File → Document Setup: the page size (presets or custom, in the user's
unit), orientation, margins, column grid, baseline grid and bleed; for a new edition also the
template, title, pages and facing pages; for a change of setup the pages it applies to, and
what the change does to the frames on them, said before it is made."""

from __future__ import annotations

import dataclasses
import datetime
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QDate, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QRadioButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from epaperdesk.geometry import from_points
from epaperdesk.model.edition import LANGUAGES, Edition
from epaperdesk.model.edits import Edit, EditError, SetFrameRect
from epaperdesk.model.new_edition import MAX_NEW_PAGES, EditionSetup, default_geometry
from epaperdesk.model.page import PAGE_PRESETS, ColumnGrid, Margins
from epaperdesk.model.page_setup import PageGeometry, geometry_of, set_up_pages, with_orientation
from epaperdesk.ui.fields import LengthEdit, ProblemLabel

PRESET_NAMES = {"tabloid": "Tabloid", "berliner": "Berliner", "broadsheet": "Broadsheet", "a3": "A3", "a4": "A4"}
CUSTOM = "custom"
LANGUAGE_NAMES = {"en_US": "English (US)", "en_GB": "English (UK)"}


class PageSetupForm(QWidget):
    """Size, orientation, margins, grid, baseline grid and bleed of a page."""

    changed = Signal()

    def __init__(self, geometry: PageGeometry, unit: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.unit = unit
        self.size_box = QComboBox()
        self.size_box.setAccessibleName("Page size")
        for key, name in PRESET_NAMES.items():
            width, height = PAGE_PRESETS[key]
            self.size_box.addItem(f"{name} ({from_points(width, 'mm'):.0f} × {from_points(height, 'mm'):.0f} mm)", key)
        self.size_box.addItem("Custom", CUSTOM)
        self.width_edit = LengthEdit(geometry.width, unit, minimum=1.0)
        self.height_edit = LengthEdit(geometry.height, unit, minimum=1.0)
        self.portrait = QRadioButton("&Portrait")
        self.landscape = QRadioButton("&Landscape")
        orientation = QButtonGroup(self)
        orientation.addButton(self.portrait)
        orientation.addButton(self.landscape)
        m = geometry.margins
        self.top_edit = LengthEdit(m.top, unit)
        self.bottom_edit = LengthEdit(m.bottom, unit)
        self.inside_edit = LengthEdit(m.inside, unit)
        self.outside_edit = LengthEdit(m.outside, unit)
        self.columns_spin = QSpinBox()
        self.columns_spin.setRange(1, 40)
        self.columns_spin.setValue(geometry.grid.count)
        self.gutter_edit = LengthEdit(geometry.grid.gutter, unit)
        self.baseline_edit = LengthEdit(geometry.baseline_grid, "pt")
        self.baseline_edit.setToolTip("The baseline grid's increment from the top margin; 0 for none")
        self.bleed_edit = LengthEdit(geometry.bleed, unit)
        self._build()
        self.set_geometry(geometry)
        self.size_box.currentIndexChanged.connect(self._preset_chosen)
        self.portrait.toggled.connect(self._orientation_chosen)
        self.columns_spin.valueChanged.connect(lambda _v: self.changed.emit())
        for edit in self.lengths():
            edit.changed.connect(lambda _v: self.changed.emit())
        self.width_edit.changed.connect(lambda _v: self._size_typed())
        self.height_edit.changed.connect(lambda _v: self._size_typed())

    def lengths(self) -> list[LengthEdit]:
        return [
            self.width_edit,
            self.height_edit,
            self.top_edit,
            self.bottom_edit,
            self.inside_edit,
            self.outside_edit,
            self.gutter_edit,
            self.baseline_edit,
            self.bleed_edit,
        ]

    def _build(self) -> None:
        size = QGroupBox("Page size")
        form = QFormLayout(size)
        form.addRow("&Size:", self.size_box)
        dimensions = QHBoxLayout()
        dimensions.addWidget(self.width_edit)
        dimensions.addWidget(QLabel("×"))
        dimensions.addWidget(self.height_edit)
        # (a row of two fields has no buddy of its own: without one the & would show)
        form.addRow(_buddy("&Width × height:", self.width_edit), dimensions)
        turn = QHBoxLayout()
        turn.addWidget(self.portrait)
        turn.addWidget(self.landscape)
        turn.addStretch(1)
        form.addRow("Orientation:", turn)
        margins = QGroupBox("Margins")
        grid = QGridLayout(margins)
        for row, (label, edit) in enumerate(
            (("&Top:", self.top_edit), ("&Bottom:", self.bottom_edit)),
        ):
            grid.addWidget(_buddy(label, edit), row, 0)
            grid.addWidget(edit, row, 1)
        for row, (label, edit) in enumerate((("&Inside:", self.inside_edit), ("&Outside:", self.outside_edit))):
            grid.addWidget(_buddy(label, edit), row, 2)
            grid.addWidget(edit, row, 3)
        columns = QGroupBox("Columns and grids")
        form2 = QFormLayout(columns)
        form2.addRow("&Columns:", self.columns_spin)
        form2.addRow("&Gutter:", self.gutter_edit)
        form2.addRow("Baseline &grid:", self.baseline_edit)
        form2.addRow("B&leed:", self.bleed_edit)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(size)
        layout.addWidget(margins)
        layout.addWidget(columns)

    def set_geometry(self, geometry: PageGeometry) -> None:
        self.blockSignals(True)
        index = self.size_box.findData(geometry.size_preset if geometry.size_preset in PAGE_PRESETS else CUSTOM)
        self.size_box.blockSignals(True)
        self.size_box.setCurrentIndex(index)
        self.size_box.blockSignals(False)
        self.width_edit.set_value(geometry.width)
        self.height_edit.set_value(geometry.height)
        self.portrait.blockSignals(True)
        (self.landscape if geometry.width > geometry.height else self.portrait).setChecked(True)
        self.portrait.blockSignals(False)
        m = geometry.margins
        for edit, value in (
            (self.top_edit, m.top),
            (self.bottom_edit, m.bottom),
            (self.inside_edit, m.inside),
            (self.outside_edit, m.outside),
            (self.gutter_edit, geometry.grid.gutter),
            (self.baseline_edit, geometry.baseline_grid),
            (self.bleed_edit, geometry.bleed),
        ):
            edit.set_value(value)
        self.columns_spin.setValue(geometry.grid.count)
        self.blockSignals(False)
        self.changed.emit()

    def _preset_chosen(self) -> None:
        key = self.size_box.currentData()
        if key in PAGE_PRESETS:
            width, height = with_orientation(*PAGE_PRESETS[key], self.landscape.isChecked())
            self.width_edit.set_value(width)
            self.height_edit.set_value(height)
        self.changed.emit()

    def _orientation_chosen(self) -> None:
        width, height = self.width_edit.value(), self.height_edit.value()
        if width is not None and height is not None:
            width, height = with_orientation(width, height, self.landscape.isChecked())
            self.width_edit.set_value(width)
            self.height_edit.set_value(height)
        self.changed.emit()

    def _size_typed(self) -> None:
        """Typing a size that is no preset's makes the page custom."""
        width, height = self.width_edit.value(), self.height_edit.value()
        if width is None or height is None:
            return
        key = self.size_box.currentData()
        if key in PAGE_PRESETS and sorted(PAGE_PRESETS[key]) != sorted((round(width, 3), round(height, 3))):
            preset = next(
                (
                    k
                    for k, size in PAGE_PRESETS.items()
                    if all(abs(a - b) < 0.01 for a, b in zip(sorted(size), sorted((width, height))))
                ),
                CUSTOM,
            )
            self.size_box.blockSignals(True)
            self.size_box.setCurrentIndex(self.size_box.findData(preset))
            self.size_box.blockSignals(False)

    def problems(self) -> list[str]:
        """What is wrong with the fields, in words (nothing when the geometry is good)."""
        names = {
            self.width_edit: "width",
            self.height_edit: "height",
            self.top_edit: "top margin",
            self.bottom_edit: "bottom margin",
            self.inside_edit: "inside margin",
            self.outside_edit: "outside margin",
            self.gutter_edit: "gutter",
            self.baseline_edit: "baseline grid",
            self.bleed_edit: "bleed",
        }
        found = [f"{names[edit]}: {edit.problem}" for edit in self.lengths() if edit.problem]
        geometry = self.page_geometry()
        if geometry is not None:
            found.extend(geometry.problems())
        return found

    def page_geometry(self) -> PageGeometry | None:
        values = [edit.value() for edit in self.lengths()]
        if any(v is None for v in values):
            return None
        width, height, top, bottom, inside, outside, gutter, baseline, bleed = (float(v or 0.0) for v in values)
        preset = self.size_box.currentData()
        return PageGeometry(
            width,
            height,
            preset if preset in PAGE_PRESETS else CUSTOM,
            Margins(top, bottom, inside, outside),
            ColumnGrid(self.columns_spin.value(), gutter),
            bleed,
            baseline,
        )


def _buddy(text: str, widget: QWidget) -> QLabel:
    label = QLabel(text)
    label.setBuddy(widget)
    return label


class NewEditionDialog(QDialog):
    """File → New: a template to start from, the paper's title, the pages and their setup."""

    def __init__(
        self,
        templates: dict[str, Path],
        unit: str,
        parent: QWidget | None = None,
        load: Callable[[str], Edition] | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("New Edition")
        self.templates = templates
        self._load = load
        self.title_edit = QLineEdit("Untitled")
        self.title_edit.setAccessibleName("Title")
        self.template_box = QComboBox()
        self.template_box.setAccessibleName("Template")
        self.template_box.addItem("[None: a blank edition]", None)
        for name in templates:
            self.template_box.addItem(name.capitalize(), name)
        self.pages_spin = QSpinBox()
        self.pages_spin.setRange(1, MAX_NEW_PAGES)
        self.pages_spin.setValue(4)
        self.facing_box = QCheckBox("&Facing pages (inside margins on the spine)")
        self.language_box = QComboBox()
        for code in LANGUAGES:
            self.language_box.addItem(LANGUAGE_NAMES.get(code, code), code)
        self.date_edit = QDateEdit(QDate.currentDate())
        self.date_edit.setCalendarPopup(True)
        self.date_edit.setDisplayFormat("yyyy-MM-dd")
        self.form = PageSetupForm(default_geometry(), unit)
        self.problem_label = ProblemLabel()
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        top = QFormLayout()
        top.addRow("&Title:", self.title_edit)
        top.addRow("T&emplate:", self.template_box)
        top.addRow("&Pages:", self.pages_spin)
        top.addRow("", self.facing_box)
        top.addRow("Lan&guage:", self.language_box)
        top.addRow("&Date:", self.date_edit)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.form)
        layout.addWidget(self.problem_label)
        layout.addWidget(self.buttons)
        self.template_box.currentIndexChanged.connect(self._template_chosen)
        self.form.changed.connect(self._check)
        self.title_edit.textChanged.connect(lambda _t: self._check())
        self.pages_spin.valueChanged.connect(lambda _v: self._check())
        default = self.template_box.findData("tabloid")
        self.template_box.setCurrentIndex(default if default >= 0 else 0)
        self._template_chosen()

    def _template_chosen(self) -> None:
        """A template brings its page setup and language (the fields stay editable)."""
        name = self.template_box.currentData()
        if name is None or self._load is None:
            self._check()
            return
        try:
            template = self._load(name)
        except Exception as error:  # a broken user template: say so, keep the dialog usable
            self.problem_label.show_problems([f"template {name!r} cannot be used: {error}"])
            return
        if template.pages:
            self.form.set_geometry(geometry_of(template.pages[0]))
            self.pages_spin.setValue(len(template.pages))  # what the template holds, until changed
        self.facing_box.setChecked(template.facing_pages)
        index = self.language_box.findData(template.language)
        if index >= 0:
            self.language_box.setCurrentIndex(index)
        self._check()

    def setup(self) -> EditionSetup | None:
        geometry = self.form.page_geometry()
        if geometry is None:
            return None
        date = self.date_edit.date()
        return EditionSetup(
            geometry,
            self.pages_spin.value(),
            self.facing_box.isChecked(),
            self.title_edit.text(),
            self.language_box.currentData(),
            datetime.date(date.year(), date.month(), date.day()),
        )

    def template_name(self) -> str | None:
        name = self.template_box.currentData()
        return str(name) if name is not None else None

    def problems(self) -> list[str]:
        found = self.form.problems()
        setup = self.setup()
        if setup is not None:
            found += [problem for problem in setup.problems() if problem not in found]
        return found

    def _check(self) -> None:
        problems = self.problems()
        self.problem_label.show_problems(problems)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(not problems)


class DocumentSetupDialog(QDialog):
    """File → Document Setup: change the setup of every page, the master pages or some
    pages; frames keep their place at the margins (or scale); what the change does to the
    frames is said before it is made."""

    def __init__(self, edition: Edition, unit: str, page_index: int = 0, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Document Setup")
        self.edition = edition
        pages = edition.pages or edition.masters
        self.initial = geometry_of(pages[min(page_index, len(pages) - 1)])
        self.form = PageSetupForm(self.initial, unit)
        self.all_pages = QRadioButton("&All pages and master pages")
        self.masters_only = QRadioButton("&Master pages")
        self.some_pages = QRadioButton("Pa&ges:")
        self.range_edit = QLineEdit(str(page_index + 1))
        self.range_edit.setAccessibleName("Page range")
        self.range_edit.setToolTip("Pages by number: 1,3-4")
        scope = QButtonGroup(self)
        for button in (self.all_pages, self.masters_only, self.some_pages):
            scope.addButton(button)
        self.all_pages.setChecked(True)
        self.scale_box = QCheckBox("&Scale frames with the type area (otherwise they keep their place at the margins)")
        self.facing_box = QCheckBox("&Facing pages")
        self.facing_box.setChecked(edition.facing_pages)
        self.effect_label = QLabel()
        self.effect_label.setWordWrap(True)
        self.problem_label = ProblemLabel()
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        where = QGroupBox("Apply to")
        where_layout = QGridLayout(where)
        where_layout.addWidget(self.all_pages, 0, 0, 1, 2)
        where_layout.addWidget(self.masters_only, 1, 0, 1, 2)
        where_layout.addWidget(self.some_pages, 2, 0)
        where_layout.addWidget(self.range_edit, 2, 1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.form)
        layout.addWidget(where)
        layout.addWidget(self.facing_box)
        layout.addWidget(self.scale_box)
        layout.addWidget(self.effect_label)
        layout.addWidget(self.problem_label)
        layout.addWidget(self.buttons)
        self.edit: Edit | None = None
        self.outside: tuple[str, ...] = ()
        for signal in (
            self.form.changed,
            self.all_pages.toggled,
            self.masters_only.toggled,
            self.some_pages.toggled,
            self.scale_box.toggled,
            self.facing_box.toggled,
            self.range_edit.textChanged,
        ):
            signal.connect(lambda *_args: self._check())
        self._check()

    def changes(self) -> dict[str, object]:
        """The setup fields that differ from what the dialog started with."""
        geometry = self.form.page_geometry()
        if geometry is None:
            return {}
        return {
            f.name: getattr(geometry, f.name)
            for f in dataclasses.fields(PageGeometry)
            if getattr(geometry, f.name) != getattr(self.initial, f.name)
        }

    def page_ids(self) -> list[str] | None:
        """The pages chosen (None: every page and master)."""
        if self.all_pages.isChecked():
            return None
        if self.masters_only.isChecked():
            return [m.id for m in self.edition.masters]
        from epaperdesk.export.options import OptionError, parse_pages

        try:
            numbers = parse_pages(self.range_edit.text(), len(self.edition.pages))
        except OptionError as error:
            raise EditError(str(error)) from None
        return [self.edition.pages[n - 1].id for n in numbers]

    def _check(self) -> None:
        problems = self.form.problems()
        self.edit, self.outside = None, ()
        resizing = any(name in self.changes() for name in ("width", "height"))
        self.range_edit.setEnabled(self.some_pages.isChecked())
        if resizing and not self.all_pages.isChecked():
            problems.append("every page of an edition has the same size: a new size applies to all pages")
        if not problems:
            try:
                result = set_up_pages(self.edition, self.changes(), self.page_ids(), self.scale_box.isChecked())
                self.edit, self.outside = result.edit, result.outside
            except EditError as error:
                problems.append(str(error))
        self.problem_label.show_problems(problems)
        self.effect_label.setText(self._describe())
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setEnabled(not problems and (self.edit is not None or self.facing_changed()))

    def facing_changed(self) -> bool:
        return self.facing_box.isChecked() != self.edition.facing_pages

    def _describe(self) -> str:
        if self.edit is None:
            return "Nothing changes yet." if not self.facing_changed() else "Facing pages change."
        moved = sum(1 for e in getattr(self.edit, "edits", ()) if isinstance(e, SetFrameRect))
        text = f"{moved} frame{'s' if moved != 1 else ''} move with the margins." if moved else "No frame moves."
        if self.outside:
            listed = "; ".join(self.outside[:6]) + (
                f"; and {len(self.outside) - 6} more" if len(self.outside) > 6 else ""
            )
            text += f" Off the page afterwards: {listed}."
        return text
