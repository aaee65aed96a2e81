"""The status bar: where the pointer is, the zoom, the page shown (and how many stories are
overset), what is selected, and the preflight light that follows the work."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QLabel, QToolButton

from epaperdesk.geometry import format_length, from_points
from epaperdesk.model.arrange import bounds

if TYPE_CHECKING:
    from epaperdesk.ui.main_window import MainWindow

LIGHT_COLOURS = {"error": "#c00000", "warning": "#b06000"}
CLEAN_COLOUR = "#207020"


class StatusBar(QObject):
    """The permanent widgets of the window's status bar and what they say."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        bar = window.statusBar()
        self.preflight_button = QToolButton()
        self.preflight_button.setAccessibleName("Preflight status")
        self.preflight_button.setToolTip("Preflight: click for the findings")
        self.preflight_button.clicked.connect(lambda: window.docks.show("preflight"))
        self.preflight_button.setText("Preflight: checking…")
        bar.addPermanentWidget(self.preflight_button)
        self.selection_label = QLabel("")
        self.selection_label.setAccessibleName("Selection")
        bar.addPermanentWidget(self.selection_label)
        self.position_label = QLabel("")
        self.zoom_label = QLabel("")
        self.page_label = QLabel("")
        for label in (self.page_label, self.zoom_label, self.position_label):
            bar.addPermanentWidget(label)

    def show_pointer(self, x: float, y: float) -> None:
        unit = self.window.unit
        if unit == "pica":
            self.position_label.setText(f"x {format_length(x, unit, 1)}  y {format_length(y, unit, 1)}")
        else:
            self.position_label.setText(f"x {from_points(x, unit):.1f}  y {from_points(y, unit):.1f} {unit}")

    def show_zoom(self) -> None:
        self.zoom_label.setText(f"{self.window.view.zoom_percent():.0f} %")

    def update_page(self) -> None:
        """ "Page 2 of 4 · 1 overset", or the master page shown."""
        window = self.window
        view = window.view
        if view.scene_.masters_mode:
            masters = window.document.edition.masters
            index = view.current_page()
            name = masters[index].name or masters[index].id if 0 <= index < len(masters) else ""
            self.page_label.setText(f"Master page {index + 1} of {len(masters)} ({name})")
            return
        count = len(window.document.edition.pages)
        current = view.current_page() + 1 if count else 0
        overset = sum(1 for r in window.document.layout.stories.values() if r.overset_lines)
        self.page_label.setText(f"Page {current} of {count}" + (f" · {overset} overset" if overset else ""))

    def show_selection(self, selected: list[str]) -> None:
        """Say what is selected and how big (and nothing once it is gone)."""
        edition = self.window.document.edition
        frames = []
        for frame_id in selected:
            try:
                frames.append(edition.frame_by_id(frame_id))
            except KeyError:
                continue
        if not frames:
            self.selection_label.setText("")
            return
        unit = self.window.unit
        box = bounds([f.rect for f in frames])
        size = f"{format_length(box.width, unit, 1)} × {format_length(box.height, unit, 1)}"
        if len(frames) == 1:
            frame = frames[0]
            text = f"{frame.kind} {frame.id}: {size}" + (" (locked)" if frame.locked else "")
        else:
            locked = sum(1 for f in frames if f.locked)
            text = f"{len(frames)} frames: {size}" + (f", {locked} locked" if locked else "")
        self.selection_label.setText(text)

    def show_preflight(self, text: str, worst: str) -> None:
        colour = LIGHT_COLOURS.get(worst, CLEAN_COLOUR)
        self.preflight_button.setText(("● " if worst else "✓ ") + text)
        self.preflight_button.setStyleSheet(f"color: {colour}; border: none; padding: 0 6px;")
        self.preflight_button.setAccessibleDescription(text)
