"""The Pages dock: the edition's pages as live thumbnails (drawn from the same display lists
as the canvas), to add, duplicate, delete and reorder (drag, or the buttons), with each
page's master and section; and the master pages, which the canvas can show for editing."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QColor, QDropEvent, QIcon, QImage, QPainter, QPixmap
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListView,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from epaperdesk.model.edits import AddMaster, EditError, MovePage, RemoveMaster, SetPageProperty, remove_page
from epaperdesk.model.page import Page
from epaperdesk.model.pages import apply_master, duplicate_page, new_page
from epaperdesk.render.qt import QtPageRenderer
from epaperdesk.ui.document import Document
from epaperdesk.ui.panel import DocumentPanel

THUMB_WIDTH = 110


class PageList(QListWidget):
    """Thumbnails that can be dragged into a new order; a drop becomes one MovePage edit."""

    moved = Signal(int, int)  # old index, new index

    def dropEvent(self, event: QDropEvent) -> None:
        item = self.currentItem()
        if item is None:
            super().dropEvent(event)
            return
        page_id, old = item.data(Qt.ItemDataRole.UserRole), self.currentRow()
        super().dropEvent(event)  # the list shows the new order at once; the edit follows
        new = next(
            (row for row in range(self.count()) if self.item(row).data(Qt.ItemDataRole.UserRole) == page_id), old
        )
        if old != new:
            self.moved.emit(old, new)


class PagesPanel(DocumentPanel):
    page_chosen = Signal(int)
    masters_toggled = Signal(bool)

    def __init__(self, document: Document, parent: QWidget | None = None) -> None:
        super().__init__(document, 300, parent)  # thumbnails follow edits once typing pauses
        self._thumbs: dict[str, tuple[tuple, QPixmap]] = {}
        self._shown = 0  # the page the canvas shows, highlighted whenever the list is filled
        self.renderer = QtPageRenderer({})
        self.list = PageList()
        self.list.setViewMode(QListView.ViewMode.IconMode)
        self.list.setIconSize(QSize(THUMB_WIDTH, int(THUMB_WIDTH * 1.5)))
        self.list.setMovement(QListView.Movement.Snap)
        self.list.setResizeMode(QListView.ResizeMode.Adjust)
        self.list.setDragDropMode(QAbstractItemView.DragDropMode.InternalMove)
        self.list.setDefaultDropAction(Qt.DropAction.MoveAction)
        self.list.setSpacing(6)
        self.list.setMinimumHeight(int(THUMB_WIDTH * 1.5) + 40)  # one whole thumbnail and its number
        self.list.setAccessibleName("Pages")
        self.list.moved.connect(self.move_page)
        self.list.currentRowChanged.connect(self._row_changed)
        self.list.itemActivated.connect(lambda item: self.page_chosen.emit(self.list.row(item)))
        self.list.itemDoubleClicked.connect(lambda item: self.page_chosen.emit(self.list.row(item)))
        buttons = QHBoxLayout()
        moves = QHBoxLayout()
        for row, text, slot, tip in (
            (buttons, "Add", self.add_page, "A new page after the selected one"),
            (buttons, "Duplicate", self.duplicate, "A copy of the selected page after it"),
            (buttons, "Delete", self.delete, "Delete the page (its threaded stories go overset, not lost)"),
            (moves, "Move Up", lambda: self.step(-1), "Move the page up"),
            (moves, "Move Down", lambda: self.step(1), "Move the page down"),
        ):
            button = QPushButton(text)
            button.setToolTip(tip)
            button.setAccessibleName(tip)
            button.clicked.connect(slot)
            row.addWidget(button)
        self.master_box = QComboBox()
        self.master_box.setAccessibleName("Master page")
        self.master_box.activated.connect(self._master_chosen)
        self.section_edit = QLineEdit()
        self.section_edit.setAccessibleName("Section")
        self.section_edit.setPlaceholderText("Section of the paper")
        self.section_edit.editingFinished.connect(self._section_set)
        self.page_label = QLabel("")
        self.page_label.setAccessibleName("The page the fields below set up")
        form = QFormLayout()
        form.addRow(self.page_label)
        form.addRow("&Master:", self.master_box)
        form.addRow("S&ection:", self.section_edit)
        self.masters_button = QPushButton("Edit Master Pages")
        self.masters_button.setCheckable(True)
        self.masters_button.setToolTip("Show the master pages on the canvas to edit their items")
        self.masters_button.toggled.connect(self.masters_toggled)
        master_buttons = QHBoxLayout()
        for text, slot in (("New Master", self.add_master), ("Delete Master", self.delete_master)):
            button = QPushButton(text)
            button.clicked.connect(slot)
            master_buttons.addWidget(button)
        self.masters_list = QListWidget()
        self.masters_list.setAccessibleName("Master pages")
        self.masters_list.setMaximumHeight(90)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.list, 1)
        layout.addLayout(buttons)
        layout.addLayout(moves)
        layout.addLayout(form)
        layout.addWidget(self.masters_button)
        layout.addWidget(self.masters_list)
        layout.addLayout(master_buttons)

    # -- document ----------------------------------------------------------------------------------

    def forget(self) -> None:
        self._thumbs.clear()
        self.list.clear()
        self._shown = 0

    def thumbnail(self, index: int) -> QPixmap:
        """A page drawn small from its display list (cached until the list changes)."""
        edition, layout = self.document.edition, self.document.layout
        page = edition.pages[index]
        display = layout.pages[index] if index < len(layout.pages) else None
        items = display.items if display is not None else ()
        found = self._thumbs.get(page.id)
        if found is not None and found[0] is items or (found is not None and found[0] == items):
            return found[1]
        scale = THUMB_WIDTH / page.width
        image = QImage(THUMB_WIDTH, max(1, round(page.height * scale)), QImage.Format.Format_RGB32)
        image.fill(QColor("white"))
        if display is not None:
            painter = QPainter(image)
            painter.scale(scale, scale)
            self.renderer.set_images(edition.images)
            self.renderer.draw(painter, display)
            painter.end()
        pixmap = QPixmap.fromImage(image)
        self._thumbs[page.id] = (items, pixmap)
        return pixmap

    def refresh(self) -> None:
        self._timer.stop()
        edition = self.document.edition
        current = self.list.currentRow() if self.list.count() else self._shown
        self.list.blockSignals(True)
        self.list.clear()
        masters = {m.id: (m.name or m.id) for m in edition.masters}
        for index, page in enumerate(edition.pages):
            label = f"{index + 1}" + (f" · {masters.get(page.master, '?')}" if page.master else "")
            item = QListWidgetItem(QIcon(self.thumbnail(index)), label)
            item.setData(Qt.ItemDataRole.UserRole, page.id)
            item.setToolTip(
                f"Page {index + 1}"
                + (f", {page.section}" if page.section else "")
                + (f", master {masters.get(page.master)}" if page.master else "")
            )
            self.list.addItem(item)
        for page_id in list(self._thumbs):
            if all(p.id != page_id for p in edition.pages):
                del self._thumbs[page_id]
        self.list.setCurrentRow(min(max(current, 0), self.list.count() - 1))
        self.list.blockSignals(False)
        self.masters_list.clear()
        for master in edition.masters:
            users = sum(1 for p in edition.pages if p.master == master.id)
            self.masters_list.addItem(f"{master.name or master.id} ({users} page{'s' if users != 1 else ''})")
        self._row_changed(self.list.currentRow())

    def show_page(self, index: int) -> None:
        """Highlight the page the canvas shows (without asking the canvas to go there)."""
        self._shown = index
        if 0 <= index < self.list.count() and index != self.list.currentRow():
            self.list.blockSignals(True)
            self.list.setCurrentRow(index)
            self.list.blockSignals(False)
            self._row_changed(index)

    def _row_changed(self, row: int) -> None:
        edition = self.document.edition
        page = edition.pages[row] if 0 <= row < len(edition.pages) else None
        self.page_label.setText(f"<b>Page {row + 1}</b>" + (f" ({page.id})" if page else "") if page else "")
        self.master_box.blockSignals(True)
        self.master_box.clear()
        self.master_box.addItem("(none)", None)
        for master in edition.masters:
            self.master_box.addItem(master.name or master.id, master.id)
        self.master_box.setCurrentIndex(max(0, self.master_box.findData(page.master if page else None)))
        self.master_box.blockSignals(False)
        if not self.section_edit.hasFocus():
            self.section_edit.setText(page.section if page else "")

    # -- commands --------------------------------------------------------------------------------------

    def current_index(self) -> int:
        row = self.list.currentRow()
        return row if row >= 0 else min(self._shown, max(0, len(self.document.edition.pages) - 1))

    def add_page(self) -> None:
        index = self.current_index() + 1
        try:
            edit, _ = new_page(self.document.edition, index)
        except EditError as error:
            self.message.emit(str(error))
            return
        if self._push(edit, "Add page"):
            self.list.setCurrentRow(index)
            self.page_chosen.emit(index)

    def duplicate(self) -> None:
        edition = self.document.edition
        index = self.current_index()
        edit, _ = duplicate_page(edition, edition.pages[index].id)
        if self._push(edit, "Duplicate page"):
            self.list.setCurrentRow(index + 1)

    def delete(self) -> bool:
        """Delete the highlighted page, after saying what goes with it."""
        edition = self.document.edition
        if len(edition.pages) <= 1:
            self.message.emit("An edition keeps at least one page")
            return False
        index = self.current_index()
        page = edition.pages[index]
        answer = QMessageBox.question(
            self,
            "Delete page",
            f"Delete page {index + 1} with its {len(page.frames)} frame{'s' if len(page.frames) != 1 else ''}? "
            "Stories threaded through it stay in the edition (overset where they no longer fit). "
            "Edit → Undo brings the page back.",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Cancel,
        )
        if answer != QMessageBox.StandardButton.Yes:
            return False
        return self._push(remove_page(edition, page.id), "Delete page")

    def move_page(self, old: int, new: int) -> None:
        if self._push(MovePage(old, new), "Move page"):
            self.list.setCurrentRow(new)

    def step(self, delta: int) -> None:
        old = self.current_index()
        new = old + delta
        if 0 <= new < len(self.document.edition.pages):
            self.move_page(old, new)

    def _master_chosen(self, index: int) -> None:
        edition = self.document.edition
        page = edition.pages[self.current_index()]
        master = self.master_box.itemData(index)
        if master != page.master:
            self._push(apply_master(edition, page.id, master), "Apply master")

    def _section_set(self) -> None:
        edition = self.document.edition
        page = edition.pages[self.current_index()]
        text = " ".join(self.section_edit.text().split())
        if text != page.section:
            self._push(SetPageProperty(page.id, "section", page.section, text), "Section")

    def add_master(self) -> None:
        """A new, empty master page (the size every page shares)."""
        edition = self.document.edition
        pattern = edition.pages[0]
        master_id = edition.new_id("master")
        master = Page(
            master_id,
            pattern.width,
            pattern.height,
            pattern.size_preset,
            pattern.margins,
            pattern.grid,
            pattern.bleed,
            pattern.baseline_grid,
            name=f"master {len(edition.masters) + 1}",
        )
        self._push(AddMaster(len(edition.masters), master), "New master page")

    def delete_master(self) -> None:
        edition = self.document.edition
        row = self.masters_list.currentRow()
        if 0 <= row < len(edition.masters):
            self._push(RemoveMaster(row, edition.masters[row]), "Delete master page")
