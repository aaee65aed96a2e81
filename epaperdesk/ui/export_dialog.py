"""File → Export PDF: the options `epaperdesk export` offers on its command line (pages, bleed,
marks, colour, PDF/X, ICC profile, one file per page), with what is wrong said in place and
the whole set of choices remembered for the user's next export (QSettings, keys "export/…").

The dialog only builds the options; the caller exports:

    dialog = ExportDialog(edition, unit, export_options(profile), parent)
    if dialog.exec() == QDialog.DialogCode.Accepted:
        export_pdf(edition, dialog.output_path(), dialog.options(), jobs=dialog.jobs())
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QStandardItemModel
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QSizePolicy,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from epaperdesk.export.options import OptionError, PdfOptions, parse_pages
from epaperdesk.geometry import format_length, mm
from epaperdesk.model.edition import Edition
from epaperdesk.render.colour import ColourError, check_output_profile, default_cmyk_profile
from epaperdesk.ui.fields import BAD_FIELD_STYLE, LengthEdit, ProblemLabel

SETTINGS_GROUP = "export/"
COLOURS = {"cmyk": "CMYK", "gray": "Grey", "rgb": "RGB"}
PDFX = {"none": "None", "x4": "PDF/X-4", "x1a": "PDF/X-1a"}
# which colour modes each PDF/X flavour allows (as PdfOptions checks them)
PDFX_COLOURS = {"none": ("cmyk", "gray", "rgb"), "x4": ("cmyk", "gray"), "x1a": ("cmyk",)}
PDFX_NOTES = {
    "x4": "PDF/X-4 (PDF 1.6): CMYK or grey; the output profile is its output intent.",
    "x1a": "PDF/X-1a:2003 (PDF 1.4): CMYK only; the output profile is its output intent.",
}
PDF_FILTER = "PDF (*.pdf)"
ICC_FILTER = "ICC profiles (*.icc *.icm);;All files (*)"
NOTE_STYLE = "color: palette(placeholder-text);"


def _store() -> QSettings:
    return QSettings("EpaperDesk", "EpaperDesk")


def _flag(raw: object, default: bool) -> bool:
    """A stored yes/no (INI files hand back "true"/"false" strings)."""
    if isinstance(raw, bool):
        return raw
    if raw is None:
        return default
    text = str(raw).strip().lower()
    if text in ("true", "1", "yes"):
        return True
    if text in ("false", "0", "no"):
        return False
    return default


def _number(raw: object) -> float | None:
    if isinstance(raw, bool) or not isinstance(raw, (str, int, float)) or raw == "":
        return None
    try:
        value = float(raw)
    except ValueError:
        return None
    return value if value == value and abs(value) != float("inf") else None


def _text(raw: object, default: str = "") -> str:
    return raw if isinstance(raw, str) else default


def default_file_name(edition: Edition, suffix: str = ".pdf") -> str:
    """meridian-2026-11-26.pdf: the paper's title and date."""
    slug = re.sub(r"[^a-z0-9]+", "-", edition.title.lower()).strip("-") or "edition"
    return f"{slug}-{edition.date.isoformat()}{suffix}"


def _labelled(field: QWidget | QHBoxLayout, *below: QWidget) -> QWidget:
    """A form field with its notes and problem right under it (hidden ones take no room)."""
    box = QWidget()
    column = QVBoxLayout(box)
    column.setContentsMargins(0, 0, 0, 0)
    column.setSpacing(2)
    if isinstance(field, QHBoxLayout):
        column.addLayout(field)
    else:
        column.addWidget(field)
    for widget in below:
        column.addWidget(widget)
    return box


def _note() -> QLabel:
    label = QLabel()
    label.setWordWrap(True)
    label.setStyleSheet(NOTE_STYLE)
    return label


class ExportDialog(QDialog):
    """The print PDF's options. `options()` is None while something is wrong (OK is disabled
    then, and each problem is said under its field); accepting remembers the choices."""

    def __init__(
        self,
        edition: Edition,
        unit: str,
        profile_options: Mapping[str, Any],
        parent: QWidget | None = None,
        *,
        folder: str | os.PathLike[str] | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Export PDF")
        self.setAccessibleName("Export PDF")
        self.edition = edition
        self.profile_options = dict(profile_options)
        self._options: PdfOptions | None = None
        self._icc_problem = ""
        self.page_count = len(edition.pages)
        self.page_bleed = edition.pages[0].bleed if edition.pages else mm(3)

        # the file
        self.path_edit = QLineEdit()
        self.path_edit.setAccessibleName("Output file")
        self.path_edit.setMinimumWidth(340)
        self.browse_button = QPushButton("&Browse…")
        self.browse_button.clicked.connect(self._browse_output)
        path_row = QHBoxLayout()
        path_row.addWidget(self.path_edit, 1)
        path_row.addWidget(self.browse_button)
        self.path_note = _note()
        self.path_problem = ProblemLabel()

        # pages
        self.all_pages = QRadioButton(f"&All ({self.page_count})")
        self.some_pages = QRadioButton("&Range:")
        group = QButtonGroup(self)
        group.addButton(self.all_pages)
        group.addButton(self.some_pages)
        self.range_edit = QLineEdit()
        self.range_edit.setAccessibleName("Page range")
        self.range_edit.setPlaceholderText("1,3-4")
        self.range_edit.setToolTip("Pages by number, for example 1,3-4")
        self.range_edit.textEdited.connect(lambda _text: self.some_pages.setChecked(True))
        pages_row = QHBoxLayout()
        pages_row.addWidget(self.all_pages)
        pages_row.addWidget(self.some_pages)
        pages_row.addWidget(self.range_edit, 1)
        self.pages_problem = ProblemLabel()

        # bleed and marks
        self.bleed_edit = LengthEdit(self.page_bleed, unit, minimum=0.0, maximum=mm(10))
        self.bleed_edit.setAccessibleName("Bleed")
        self.bleed_edit.setPlaceholderText("each page's own")
        bleeds = sorted({page.bleed for page in edition.pages})
        own = " – ".join(dict.fromkeys(format_length(b, unit) for b in (bleeds[0], bleeds[-1]))) if bleeds else ""
        self.bleed_note = QLabel(f"0–{format_length(mm(10), unit)}; the pages' own: {own}" if own else "")
        self.bleed_note.setStyleSheet(NOTE_STYLE)
        bleed_row = QHBoxLayout()
        bleed_row.addWidget(self.bleed_edit)
        bleed_row.addWidget(self.bleed_note, 1)
        self.bleed_problem = ProblemLabel()
        self.marks_box = QCheckBox("Crop and registration &marks, information line")
        self.marks_box.setChecked(True)

        # colour
        self.colour_box = QComboBox()
        self.colour_box.setAccessibleName("Colour")
        for key, label in COLOURS.items():
            self.colour_box.addItem(label, key)
        self.pdfx_box = QComboBox()
        self.pdfx_box.setAccessibleName("PDF/X")
        for key, label in PDFX.items():
            self.pdfx_box.addItem(label, key)
        self.pdfx_note = _note()
        self.pdfx_problem = ProblemLabel()
        self.icc_edit = QLineEdit()
        self.icc_edit.setAccessibleName("ICC profile")
        try:
            default_profile = f"the installed {default_cmyk_profile().name}"
        except ColourError:
            default_profile = "none installed"
        self.icc_edit.setPlaceholderText(f"Default: {default_profile}")
        self.icc_browse = QPushButton("Bro&wse…")
        self.icc_browse.clicked.connect(self._browse_icc)
        icc_row = QHBoxLayout()
        icc_row.addWidget(self.icc_edit, 1)
        icc_row.addWidget(self.icc_browse)
        self.icc_note = _note()
        self.icc_problem = ProblemLabel()

        # one file per page
        self.split_box = QCheckBox("One &file per page")
        self.jobs_spin = QSpinBox()
        self.jobs_spin.setAccessibleName("Jobs")
        self.jobs_spin.setRange(1, max(1, os.cpu_count() or 1))
        self.jobs_spin.setSuffix(" at once")
        self.jobs_spin.setToolTip("With one file per page: how many pages are exported at the same time")

        self.profile_note = _note()
        ink = self.profile_options.get("ink_limit")
        if isinstance(ink, (int, float)):
            self.profile_note.setText(
                f"Images are separated within the preflight profile's total ink limit: {ink:g} %."
            )
        self.profile_note.setVisible(bool(self.profile_note.text()))
        self.options_problem = ProblemLabel()

        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText("&Export")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)

        for fixed in (self.colour_box, self.pdfx_box, self.jobs_spin, self.bleed_edit):
            fixed.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
        self.colour_box.setMinimumContentsLength(12)
        self.pdfx_box.setMinimumContentsLength(12)
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.setLabelAlignment(Qt.AlignmentFlag.AlignRight)
        for text, field, buddy in (
            ("&Save as:", _labelled(path_row, self.path_note, self.path_problem), self.path_edit),
            ("Pages:", _labelled(pages_row, self.pages_problem), self.all_pages),
            ("B&leed:", _labelled(bleed_row, self.bleed_problem), self.bleed_edit),
            ("", self.marks_box, None),
            ("&Colour:", self.colour_box, self.colour_box),
            ("PDF/&X:", _labelled(self.pdfx_box, self.pdfx_note, self.pdfx_problem), self.pdfx_box),
            ("&ICC profile:", _labelled(icc_row, self.icc_note, self.icc_problem), self.icc_edit),
            ("", self.split_box, None),
            ("&Jobs:", self.jobs_spin, self.jobs_spin),
        ):
            caption = QLabel(text)
            if buddy is not None:
                caption.setBuddy(buddy)
            form.addRow(caption, field)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.profile_note)
        layout.addWidget(self.options_problem)
        layout.addStretch(1)
        layout.addWidget(self.buttons)

        self.setMinimumWidth(580)
        self._restore(folder)
        for signal in (
            self.path_edit.textChanged,
            self.all_pages.toggled,
            self.range_edit.textChanged,
            self.bleed_edit.textChanged,
            self.marks_box.toggled,
            self.colour_box.currentIndexChanged,
            self.pdfx_box.currentIndexChanged,
            self.split_box.toggled,
            self.jobs_spin.valueChanged,
        ):
            signal.connect(lambda *_args: self._check())
        self.split_box.toggled.connect(self._split_toggled)
        self.icc_edit.textChanged.connect(lambda _text: self._icc_changed())
        self._icc_changed()

    # what the caller reads

    def options(self) -> PdfOptions | None:
        """The PdfOptions chosen (with the preflight profile's), or None while something is wrong."""
        return self._options

    def output_path(self) -> str:
        """The PDF to write (with one file per page, the export numbers it: %d or -N)."""
        text = os.path.expanduser(self.path_edit.text().strip())
        if text and Path(text).suffix.lower() != ".pdf":
            text += ".pdf"
        return text

    def jobs(self) -> int:
        """Pages exported at once (1 unless one file per page)."""
        return self.jobs_spin.value() if self.split_box.isChecked() else 1

    def problems(self) -> list[str]:
        """Everything that is wrong, in words (each is also shown under its field)."""
        labels = (
            self.path_problem,
            self.pages_problem,
            self.bleed_problem,
            self.pdfx_problem,
            self.icc_problem,
            self.options_problem,
        )
        return [line for label in labels for line in label.text().splitlines() if line]

    def accept(self) -> None:
        if self._options is None:
            return
        self.remember()
        super().accept()

    # remembering

    def remember(self) -> None:
        """Keep the whole set of choices for the next export (the file's folder, not its name)."""
        settings = _store()
        path = self.output_path()
        values: dict[str, object] = {
            "folder": str(Path(path).parent) if path else "",
            "all_pages": self.all_pages.isChecked(),
            "pages": self.range_edit.text().strip(),
            "bleed": "" if self._bleed() is None else self._bleed(),
            "marks": self.marks_box.isChecked(),
            "colour": self.colour_box.currentData(),
            "pdfx": self.pdfx_box.currentData(),
            "icc": self.icc_edit.text().strip(),
            "split": self.split_box.isChecked(),
            "jobs": self.jobs_spin.value(),
        }
        for key, value in values.items():
            settings.setValue(SETTINGS_GROUP + key, value)
        settings.sync()

    def _restore(self, folder: str | os.PathLike[str] | None) -> None:
        settings = _store()

        def value(key: str) -> object:
            return settings.value(SETTINGS_GROUP + key)

        remembered = Path(_text(value("folder")))
        place = remembered if str(remembered) not in ("", ".") and remembered.is_dir() else None
        if place is None:
            place = Path(folder) if folder else Path.home()
        split = _flag(value("split"), False)
        name = default_file_name(self.edition)
        if split:
            name = name[: -len(".pdf")] + "-%d.pdf"
        self.path_edit.setText(str(place / name))

        pages = _text(value("pages"))
        self.range_edit.setText(pages)
        fits = True
        try:
            parse_pages(pages, self.page_count)
        except OptionError:
            fits = False
        # a range that does not fit this edition is kept in the field, but All is chosen
        (self.all_pages if _flag(value("all_pages"), True) or not fits else self.some_pages).setChecked(True)

        bleed = _number(value("bleed"))
        if bleed is not None and 0 <= bleed <= mm(10) + 1e-9:
            self.bleed_edit.set_value(bleed)
        self.marks_box.setChecked(_flag(value("marks"), True))
        for box, key in ((self.colour_box, "colour"), (self.pdfx_box, "pdfx")):
            index = box.findData(_text(value(key)))
            if index >= 0:
                box.setCurrentIndex(index)
        self.icc_edit.setText(_text(value("icc")))
        self.split_box.setChecked(split)
        jobs = _number(value("jobs"))
        if jobs is not None:
            self.jobs_spin.setValue(int(jobs))

    # checking

    def _bleed(self) -> float | None:
        """The bleed asked for; None: each page's own (an empty field, or the bleed every page has)."""
        if not self.bleed_edit.text().strip():
            return None
        value = self.bleed_edit.value()
        if value is not None and all(abs(page.bleed - value) < 1e-6 for page in self.edition.pages):
            return None
        return value

    def _icc_changed(self) -> None:
        """Read the profile once when its name changes (not at every key stroke elsewhere)."""
        text = os.path.expanduser(self.icc_edit.text().strip())
        self._icc_problem = ""
        if text:
            path = Path(text)
            if not path.is_file():
                self._icc_problem = f"ICC profile: {path.name or text} is not a file"
            else:
                try:
                    check_output_profile(path, "cmyk")  # the export's own check, in place
                except ColourError as error:
                    self._icc_problem = f"ICC profile: {error}"
        self._check()

    def _check(self) -> None:
        """Say what is wrong under each field; enable OK only when the options can be made."""
        colour, pdfx = self.colour_box.currentData(), self.pdfx_box.currentData()
        uses_icc = colour == "cmyk" or pdfx != "none"  # only CMYK output and PDF/X use the profile
        pages, pages_problems = self._check_pages()
        problems = (
            self._check_path()
            + pages_problems
            + self._check_bleed()
            + self._check_colour(colour, pdfx)
            + self._check_icc(colour, pdfx, uses_icc)
        )
        self.jobs_spin.setEnabled(self.split_box.isChecked())
        options: PdfOptions | None = None
        general: list[str] = []
        if not problems:
            icc = self.icc_edit.text().strip()
            try:
                options = PdfOptions(
                    pages=pages,
                    bleed=self._bleed(),
                    marks=self.marks_box.isChecked(),
                    colour=colour,
                    pdfx=pdfx,
                    icc_profile=Path(os.path.expanduser(icc)) if icc and uses_icc else None,
                    split=self.split_box.isChecked(),
                    **self.profile_options,
                )
            except (OptionError, TypeError) as error:  # e.g. a preflight profile's ink limit out of range
                general.append(f"Cannot export with these options: {error}")
        self.options_problem.show_problems(general)
        self._options = options
        self.ok_button.setEnabled(options is not None)

    def _check_path(self) -> list[str]:
        problems: list[str] = []
        notes: list[str] = []
        path = self.output_path()
        split = self.split_box.isChecked()
        if not path:
            problems.append("Choose the PDF to write")
        else:
            target = Path(path)
            if not target.parent.is_dir():
                problems.append(f"The folder {target.parent} does not exist")
            elif target.is_dir():
                problems.append(f"{target} is a folder: add a file name")
            if "%d" in target.name and not split:
                problems.append("%d in the name is for one file per page: tick that, or take %d out")
            if Path(self.path_edit.text().strip()).suffix.lower() != ".pdf":
                notes.append(f"Written as {target.name}.")
            if split and not problems:
                first = (self._page_numbers() or [1])[0]
                if "%d" in target.name:
                    example = target.name.replace("%d", str(first))
                    notes.append(f"One file per page: %d becomes the page number ({example}, …).")
                else:
                    example = f"{target.stem}-{first}{target.suffix}"
                    notes.append(f"One file per page: the name has no %d, so “-%d” is added ({example}, …).")
            elif not split and not problems and target.exists():
                notes.append("This file exists and will be replaced.")
        self.path_note.setText(" ".join(notes))
        self.path_note.setVisible(bool(notes))
        self.path_problem.show_problems(problems)
        self.path_edit.setStyleSheet(BAD_FIELD_STYLE if problems else "")
        return problems

    def _check_pages(self) -> tuple[tuple[int, ...] | None, list[str]]:
        pages: tuple[int, ...] | None = None
        problems: list[str] = []
        if self.page_count == 0:
            problems.append("The edition has no pages to export")
        elif self.some_pages.isChecked():
            try:
                pages = parse_pages(self.range_edit.text(), self.page_count)
            except OptionError as error:
                problems.append(self._page_words(str(error)))
        self.pages_problem.show_problems(problems)
        self.range_edit.setStyleSheet(BAD_FIELD_STYLE if problems and self.some_pages.isChecked() else "")
        return pages, problems

    def _check_bleed(self) -> list[str]:
        problems = []
        if self.bleed_edit.text().strip() and self.bleed_edit.value() is None:
            problems.append(f"Bleed: {self.bleed_edit.problem}")
        self.bleed_problem.show_problems(problems)
        return problems

    def _check_colour(self, colour: str, pdfx: str) -> list[str]:
        """The PDF/X flavour decides which colour modes can go with it: the others are
        disabled in the colour list, and a colour chosen before the flavour is a problem."""
        allowed = PDFX_COLOURS.get(pdfx, tuple(COLOURS))
        model = self.colour_box.model()
        if isinstance(model, QStandardItemModel):
            for row in range(self.colour_box.count()):
                item = model.item(row)
                key = self.colour_box.itemData(row)
                if item is not None:
                    item.setEnabled(key in allowed)
                    item.setToolTip("" if key in allowed else f"{PDFX[pdfx]} cannot hold {COLOURS[key]} output")
        problems = []
        if colour not in allowed:
            need = " or ".join(COLOURS[c] for c in allowed)
            problems.append(f"{PDFX[pdfx]} needs {need} output, not {COLOURS[colour]}: choose {need} under Colour")
        self.pdfx_note.setText(PDFX_NOTES.get(pdfx, ""))
        self.pdfx_note.setVisible(bool(self.pdfx_note.text()))
        self.pdfx_problem.show_problems(problems)
        return problems

    def _check_icc(self, colour: str, pdfx: str, uses_icc: bool) -> list[str]:
        self.icc_edit.setEnabled(uses_icc)
        self.icc_browse.setEnabled(uses_icc)
        self.icc_note.setText("" if uses_icc else f"Not used for {COLOURS[colour]} output without PDF/X.")
        self.icc_note.setVisible(not uses_icc)
        problems = [self._icc_problem] if uses_icc and self._icc_problem else []
        if uses_icc and pdfx != "none" and not self.icc_edit.text().strip():
            try:
                default_cmyk_profile()
            except ColourError:
                problems.append(f"{PDFX[pdfx]} needs an output profile and none is installed: choose one")
        self.icc_problem.show_problems(problems)
        self.icc_edit.setStyleSheet(BAD_FIELD_STYLE if problems else "")
        return problems

    def _split_toggled(self, split: bool) -> None:
        """Back to one file: a "-%d" ending the name (as the dialog suggests it) goes; any other
        %d stays, and is a problem the user solves."""
        path = Path(self.path_edit.text().strip())
        if not split and path.stem.endswith("-%d"):
            self.path_edit.setText(str(path.with_name(path.stem[: -len("-%d")] + path.suffix)))

    def _page_numbers(self) -> list[int]:
        if self.some_pages.isChecked():
            try:
                return list(parse_pages(self.range_edit.text(), self.page_count))
            except OptionError:
                return []
        return list(range(1, self.page_count + 1))

    def _page_words(self, message: str) -> str:
        """parse_pages's message, for people: "Pages: the edition has 2 pages, not 9"."""
        if message.startswith("pages: "):
            message = message[len("pages: ") :]
        if not self.range_edit.text().strip():
            return "Pages: type page numbers like 1,3-4, or choose All"
        return f"Pages: {message}"

    # browsing

    def _browse_output(self) -> None:
        current = self.output_path()
        path, _ = QFileDialog.getSaveFileName(self, "Export PDF", current or str(Path.home()), PDF_FILTER)
        if path:
            self.path_edit.setText(path)

    def _browse_icc(self) -> None:
        current = self.icc_edit.text().strip()
        start = str(Path(current).parent) if current else "/usr/share/color/icc"
        path, _ = QFileDialog.getOpenFileName(self, "CMYK Output Profile", start, ICC_FILTER)
        if path:
            self.icc_edit.setText(path)
