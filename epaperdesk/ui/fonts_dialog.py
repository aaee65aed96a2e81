"""Type → Fonts: the faces the edition's styles ask for, where each comes from (installed
with EpaperDesk, added to the edition) or, when missing, what it is set in instead; the
fonts added to the edition, which can be taken out again when nothing uses them."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from epaperdesk.model.edits import EditError, RemoveFont
from epaperdesk.typeset.fonts import installed_faces
from epaperdesk.ui.document import Document

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


def face_name(family: str, weight: int, italic: bool) -> str:
    return f"{family} {WEIGHT_NAMES.get(weight, str(weight))}{' Italic' if italic else ''}"


def faces_in_use(document: Document) -> list[tuple[str, int, bool]]:
    """The faces the edition's styles ask for (paragraph styles, and character styles over them)."""
    edition = document.edition
    wanted: set[tuple[str, int, bool]] = set()
    for style in edition.paragraph_styles.values():
        wanted.add((style.font_family, style.weight, style.italic))
        for char in edition.character_styles.values():
            wanted.add(
                (
                    char.font_family or style.font_family,
                    char.weight if char.weight is not None else style.weight,
                    char.italic if char.italic is not None else style.italic,
                )
            )
    return sorted(wanted)


class FontsDialog(QDialog):
    def __init__(self, document: Document, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Fonts")
        self.document = document
        self.used = QTableWidget(0, 2)
        self.used.setAccessibleName("Fonts the styles use")
        self.used.setHorizontalHeaderLabels(["Face the styles ask for", "Set in"])
        self.added = QTableWidget(0, 2)
        self.added.setAccessibleName("Fonts added to the edition")
        self.added.setHorizontalHeaderLabels(["Font added to the edition", "File"])
        for table in (self.used, self.added):
            table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
            table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
            table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.remove_button = QPushButton("&Remove from the Edition")
        self.remove_button.clicked.connect(self.remove_selected)
        self.message = QLabel()
        self.message.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.used, 2)
        layout.addWidget(self.added, 1)
        row = QHBoxLayout()
        row.addWidget(self.message, 1)
        row.addWidget(self.remove_button)
        layout.addLayout(row)
        layout.addWidget(buttons)
        self.resize(720, 520)
        self.refresh()

    def refresh(self) -> None:
        installed = installed_faces()
        edition = self.document.edition
        added = {(f.family, f.weight, f.italic): f for f in edition.fonts.values()}
        substitutions = self.document.layout.font_substitutions
        faces = faces_in_use(self.document)
        self.used.setRowCount(len(faces))
        missing = 0
        for row, face in enumerate(faces):
            if face in added:
                source = f"added to the edition ({added[face].name[:12]}…)"
            elif face in installed:
                source = "installed with EpaperDesk"
            elif face in substitutions:
                used = substitutions[face]
                source = f"MISSING — set in {face_name(used.family, used.weight, used.italic)}"
                missing += 1
            else:
                source = "MISSING — set in the nearest face (not used on a page yet)"
                missing += 1
            self.used.setItem(row, 0, QTableWidgetItem(face_name(*face)))
            self.used.setItem(row, 1, QTableWidgetItem(source))
        fonts = sorted(edition.fonts.values(), key=lambda f: (f.family, f.weight, f.italic))
        self.added.setRowCount(len(fonts))
        for row, font in enumerate(fonts):
            item = QTableWidgetItem(face_name(font.family, font.weight, font.italic))
            item.setData(256, font.name)
            self.added.setItem(row, 0, item)
            self.added.setItem(row, 1, QTableWidgetItem(f"{font.name[:16]}… ({len(font.data) // 1024} kB)"))
        self.message.setText(
            f"{missing} face{'s' if missing != 1 else ''} missing: add the font files with Type → Add Font."
            if missing
            else "Every face the styles ask for is available."
        )

    def remove_selected(self) -> bool:
        """Take the selected added font out of the edition, unless a style still uses it."""
        row = self.added.currentRow()
        item = self.added.item(row, 0) if row >= 0 else None
        if item is None:
            self.message.setText("Choose an added font first.")
            return False
        font = self.document.edition.fonts[str(item.data(256))]
        if (font.family, font.weight, font.italic) in faces_in_use(self.document):
            self.message.setText(f"{face_name(font.family, font.weight, font.italic)} is used by a style.")
            return False
        try:
            self.document.push(RemoveFont(font), "Remove font")
        except EditError as error:
            self.message.setText(str(error))
            return False
        self.refresh()
        return True
