"""The story budget: every story of the edition with its page(s), words, lines over or
under, status (editing, proofing, ready) and who it is assigned to. Click to go there."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QHBoxLayout,
    QInputDialog,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from epaperdesk.model.edits import SetStoryProperty
from epaperdesk.model.story import STORY_STATUSES
from epaperdesk.ui.document import Document
from epaperdesk.ui.fields import fit_columns
from epaperdesk.ui.panel import DocumentPanel

ROLE = Qt.ItemDataRole.UserRole


def story_pages(document: Document) -> dict[str, list[int]]:
    """The pages (1-based) each story's lines stand on."""
    pages: dict[str, set[int]] = {}
    for number, display in enumerate(document.layout.pages, start=1):
        if display is None:
            continue
        for line in display.lines:
            pages.setdefault(line.story_id, set()).add(number)
    return {story_id: sorted(numbers) for story_id, numbers in pages.items()}


class BudgetPanel(DocumentPanel):
    story_chosen = Signal(str)

    def __init__(self, document: Document, parent: QWidget | None = None) -> None:
        super().__init__(document, 300, parent)
        self.tree = QTreeWidget()
        self.tree.setHeaderLabels(["Story", "Pages", "Words", "Fit", "Status", "Assigned to"])
        self.tree.setRootIsDecorated(False)
        self.tree.setSortingEnabled(True)
        self.tree.setAccessibleName("Story budget")
        self.tree.itemActivated.connect(lambda item, _c=0: self.story_chosen.emit(item.data(0, ROLE)))
        self.tree.itemClicked.connect(lambda item, _c=0: self.story_chosen.emit(item.data(0, ROLE)))
        buttons = QHBoxLayout()
        for status in STORY_STATUSES:
            button = QPushButton(status.capitalize())
            button.setToolTip(f"Mark the selected story as {status}")
            button.clicked.connect(lambda _=False, s=status: self.set_status(s))
            buttons.addWidget(button)
        assign = QPushButton("Assign…")
        assign.clicked.connect(self.assign)
        buttons.addWidget(assign)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.tree, 1)
        layout.addLayout(buttons)

    def forget(self) -> None:
        self.tree.clear()

    def refresh(self) -> None:
        self._timer.stop()
        edition, layout = self.document.edition, self.document.layout
        current = self.current_story()
        pages = story_pages(self.document)
        self.tree.setSortingEnabled(False)
        self.tree.clear()
        for story in edition.stories.values():
            report = layout.stories.get(story.id)
            fit = report.describe() if report is not None else "not placed"
            item = QTreeWidgetItem(
                [
                    story.name or story.id,
                    ", ".join(map(str, pages.get(story.id, []))) or "–",
                    "",
                    fit,
                    story.status,
                    story.assignee,
                ]
            )
            item.setData(2, Qt.ItemDataRole.DisplayRole, story.word_count())
            item.setData(0, ROLE, story.id)
            if report is not None and report.copyfit > 0:
                item.setForeground(3, QColor(200, 0, 0))
            self.tree.addTopLevelItem(item)
            if story.id == current:
                self.tree.setCurrentItem(item)
        fit_columns(self.tree, stretch=0)
        self.tree.setSortingEnabled(True)

    def current_story(self) -> str | None:
        item = self.tree.currentItem()
        return item.data(0, ROLE) if item is not None else None

    def set_status(self, status: str) -> None:
        story_id = self.current_story()
        story = self.document.edition.stories.get(story_id) if story_id else None
        if story is not None and story.status != status:
            self._push(SetStoryProperty(story.id, "status", story.status, status), f"Story {status}")

    def assign(self) -> None:
        story_id = self.current_story()
        story = self.document.edition.stories.get(story_id) if story_id else None
        if story is None:
            return
        name, ok = QInputDialog.getText(
            self, "Assign story", f"Who works on “{story.name or story.id}”?", text=story.assignee
        )
        if ok and name.strip() != story.assignee:
            self._push(SetStoryProperty(story.id, "assignee", story.assignee, name.strip()), "Assign story")
