"""Help menu: the list of every command and its keys, and About."""

from __future__ import annotations

import platform
from importlib.metadata import PackageNotFoundError, version

from PySide6.QtCore import qVersion
from PySide6.QtWidgets import QDialog, QMessageBox, QTableWidget, QTableWidgetItem, QVBoxLayout

from epaperdesk import __version__
from epaperdesk.ui.actions.registry import Command, Workspace, shortcut_rows


def about_text() -> str:
    """Versions of EpaperDesk and what it is built on, and the licences of what it ships."""

    def v(name: str) -> str:
        try:
            return version(name)
        except PackageNotFoundError:
            return "not installed"

    return (
        f"<b>EpaperDesk {__version__}</b> — newspaper pages: layout, typesetting, print PDF."
        f"<p>Python {platform.python_version()}, Qt {qVersion()} (PySide6 {v('PySide6-Essentials')}), "
        f"ReportLab {v('reportlab')}, pikepdf {v('pikepdf')}, pyphen {v('pyphen')}, fontTools {v('fonttools')}, "
        f"Pillow {v('pillow')}.</p>"
        "<p>EpaperDesk is free software under the GNU GPL, version 3 or later.</p>"
        "<p>Fonts: Source Serif Pro and Source Sans Pro, © Adobe, SIL Open Font License 1.1 "
        "(from the font-source-serif-pro and font-source-sans-pro packages). CMYK profile: basICColor "
        "ISO Coated v2, zlib licence. Hyphenation patterns: pyphen (Hyphen dictionaries, LGPL/MPL). "
        "The sample edition's text and photographs are original to EpaperDesk, CC0.</p>"
    )


def all_shortcut_rows() -> list[tuple[str, str]]:
    """Every command with its keys, then the keys the canvas handles itself."""
    from epaperdesk.ui.canvas import CANVAS_KEYS

    return shortcut_rows() + [(f"Canvas → {what}", keys) for keys, what in CANVAS_KEYS]


def show_shortcuts(ctx: Workspace) -> None:
    """Every command of the window and its keys, in a table."""
    dialog = QDialog(ctx.widget())
    dialog.setWindowTitle("Keyboard Shortcuts")
    rows = all_shortcut_rows()
    table = QTableWidget(len(rows), 2, dialog)
    table.setHorizontalHeaderLabels(["Command", "Keys"])
    table.setAccessibleName("Keyboard shortcuts")
    for row, (text, keys) in enumerate(rows):
        table.setItem(row, 0, QTableWidgetItem(text))
        table.setItem(row, 1, QTableWidgetItem(keys))
    table.resizeColumnsToContents()
    table.horizontalHeader().setStretchLastSection(True)
    layout = QVBoxLayout(dialog)
    layout.addWidget(table)
    dialog.resize(620, 640)
    dialog.exec()


COMMANDS = (
    Command(
        "help.shortcuts",
        "&Keyboard Shortcuts",
        show_shortcuts,
        "help",
        0,
        keys=("F1",),
        tip="List every command and its keys",
    ),
    Command(
        "help.about",
        "&About EpaperDesk",
        lambda ctx: QMessageBox.about(ctx.widget(), "About EpaperDesk", about_text()),
        "help",
        0,
        icon="help-about",
    ),
)
