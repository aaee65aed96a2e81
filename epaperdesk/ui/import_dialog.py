"""Import Copy: a text, Markdown or Word file into a new story, in place of a story, or at
the story editor's cursor; the source's paragraph styles mapped to house styles through a
table the user edits (remembered between sessions); optional house clean-up."""

from __future__ import annotations

import json
from pathlib import Path

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QTableWidget,
    QVBoxLayout,
    QWidget,
)

from epaperdesk.io.importers import DEFAULT_STYLE_MAP, FORMATS, CopyError, ImportedCopy, ImportOptions, read_copy
from epaperdesk.model.cleanup import CleanupOptions
from epaperdesk.model.edition import Edition

COPY_FILTER = "Copy (" + " ".join(f"*{e}" for e in FORMATS) + ")"
SETTINGS_KEY = "import/style_map"


def saved_style_map() -> dict[str, str]:
    """The user's mapping (the defaults where they never changed one)."""
    mapping = dict(DEFAULT_STYLE_MAP)
    raw = QSettings().value(SETTINGS_KEY, "")
    try:
        stored = json.loads(raw) if isinstance(raw, (str, bytes, bytearray)) and raw else {}
    except ValueError:
        stored = {}
    if isinstance(stored, dict):
        mapping.update({str(k): str(v) for k, v in stored.items()})
    return mapping


def save_style_map(mapping: dict[str, str]) -> None:
    QSettings().setValue(SETTINGS_KEY, json.dumps(mapping, sort_keys=True))


class ImportDialog(QDialog):
    def __init__(
        self, edition: Edition, path: str | None, can_replace: bool, can_insert: bool, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Import Copy")
        self.edition = edition
        self.copy: ImportedCopy | None = None
        self.path_edit = QLineEdit(path or "")
        self.path_edit.setAccessibleName("File")
        self.path_edit.editingFinished.connect(self._read)
        browse = QPushButton("Browse…")
        browse.clicked.connect(self._browse)
        path_row = QHBoxLayout()
        path_row.addWidget(self.path_edit, 1)
        path_row.addWidget(browse)
        self.new_button = QRadioButton("Into a new story")
        self.replace_button = QRadioButton("In place of the story in the editor")
        self.insert_button = QRadioButton("At the cursor in the story editor")
        self.replace_button.setEnabled(can_replace)
        self.insert_button.setEnabled(can_insert)
        (self.insert_button if can_insert else self.new_button).setChecked(True)
        self.table = QTableWidget(0, 2)
        self.table.setHorizontalHeaderLabels(["Style in the file", "House style"])
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.table.verticalHeader().hide()
        self.table.setAccessibleName("Style mapping")
        self._rows: list[tuple[QLabel, QComboBox]] = []  # the table's cells: style in the file, house style
        self.quotes_box = QCheckBox("Typographic quotes (\" ' → “ ” ‘ ’)")
        self.dashes_box = QCheckBox("Double hyphens to dashes (-- → —)")
        self.spaces_box = QCheckBox("One space where there are several")
        self.first_box = QCheckBox("First body paragraph after a heading in style “first”")
        for box in (self.quotes_box, self.dashes_box, self.spaces_box, self.first_box):
            box.setChecked(True)
        self.first_box.setEnabled("first" in edition.paragraph_styles)
        self.status = QLabel("")
        self.status.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self._accept)
        buttons.rejected.connect(self.reject)
        self.ok_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        layout = QVBoxLayout(self)
        layout.addLayout(path_row)
        for widget in (
            self.new_button,
            self.replace_button,
            self.insert_button,
            self.table,
            self.quotes_box,
            self.dashes_box,
            self.spaces_box,
            self.first_box,
            self.status,
            buttons,
        ):
            layout.addWidget(widget)
        self.resize(520, 520)
        self._read()

    def _browse(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self, "Import Copy", str(Path(self.path_edit.text() or ".").parent), COPY_FILTER
        )
        if path:
            self.path_edit.setText(path)
            self._read()

    def _read(self) -> None:
        """Read the file now, so that its styles can be mapped and errors show at once."""
        path = self.path_edit.text().strip()
        self.copy = None
        self.table.setRowCount(0)
        self._rows = []
        if not path:
            self.status.setText("Choose a text, Markdown or Word file")
            self.ok_button.setEnabled(False)
            return
        try:
            self.copy = read_copy(path)
        except CopyError as error:
            self.status.setText(f"<b>Cannot import:</b> {error}")
            self.ok_button.setEnabled(False)
            return
        mapping = saved_style_map()
        houses = sorted(self.edition.paragraph_styles)
        for source in self.copy.source_styles():
            row = self.table.rowCount()
            self.table.insertRow(row)
            label = QLabel(source)
            self.table.setCellWidget(row, 0, label)
            box = QComboBox()
            box.addItems(houses)
            wanted = mapping.get(source, "body")
            box.setCurrentText(wanted if wanted in houses else ("body" if "body" in houses else houses[0]))
            self.table.setCellWidget(row, 1, box)
            self._rows.append((label, box))
        words = sum(len(p.text.split()) for p in self.copy.paragraphs)
        notes = f" ({'; '.join(self.copy.notes)})" if self.copy.notes else ""
        self.status.setText(f"{len(self.copy.paragraphs)} paragraphs, {words} words{notes}")
        self.ok_button.setEnabled(bool(self.copy.paragraphs))

    def mapping(self) -> dict[str, str]:
        return {label.text(): box.currentText() for label, box in self._rows}

    def options(self) -> ImportOptions:
        cleanup = CleanupOptions(self.quotes_box.isChecked(), self.dashes_box.isChecked(), self.spaces_box.isChecked())
        style_map = saved_style_map()
        style_map.update(self.mapping())
        return ImportOptions(
            style_map,
            cleanup if (cleanup.quotes or cleanup.dashes or cleanup.spaces) else None,
            "first" if self.first_box.isChecked() and self.first_box.isEnabled() else None,
        )

    def target(self) -> str:
        return "insert" if self.insert_button.isChecked() else "replace" if self.replace_button.isChecked() else "new"

    def _accept(self) -> None:
        if self.copy is None:
            return
        stored = saved_style_map()
        stored.update(self.mapping())
        save_style_map(stored)
        self.accept()
