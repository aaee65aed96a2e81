"""The Styles dock: the paper's paragraph styles and character styles, as InDesign's and
Scribus's panels show them — a tree nested by "based on", each style with a short description
("Source Serif Pro 9/10.5 justify") and how much text uses it.

One click on a style applies it (the panel only says so: `apply_paragraph(name)` and
`apply_character(name)`, which the window gives to the story editor; Return does the same for
the highlighted one); a double-click, Edit… or F2 opens the style's dialog. New (based on the selected style), Duplicate, Edit and
Delete (asking which style the text takes instead) are each one undoable step; the stories in
a changed style reflow by themselves, since the layout follows the model."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import Any

from PySide6.QtCore import QModelIndex, QPoint, Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QGridLayout,
    QHeaderView,
    QMenu,
    QPushButton,
    QTabWidget,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from epaperdesk.model.edition import Edition
from epaperdesk.model.edits import CompositeEdit, Edit, EditError
from epaperdesk.model.style_sheets import delete_style, duplicate_style, rename_style, set_style, table
from epaperdesk.model.styles import LOCAL_PREFIX
from epaperdesk.ui.document import Document
from epaperdesk.ui.panel import DocumentPanel
from epaperdesk.ui.style_dialog import (
    CharacterStyleDialog,
    DeleteStyleDialog,
    ParagraphStyleDialog,
    character_usage,
    describe_character,
    describe_paragraph,
    paragraph_usage,
    usage_words,
)

ROLE = Qt.ItemDataRole.UserRole
NAME, SETTINGS, USES = range(3)
HEADERS = ("Style", "Settings", "Uses")
KINDS = ("paragraph", "character")
TITLES = {"paragraph": "Paragraph", "character": "Character"}


def change_style(edition: Edition, kind: str, name: str, style: Any) -> Edit:
    """The one step that makes style `name` into `style` (as its dialog made it): the styles
    based on it follow; a new name is taken by the text and the styles that used the old one
    (the core decides both)."""
    styles = table(edition, kind)
    if style.name == name or name not in styles:
        return set_style(edition, kind, style.name, style)
    renamed = rename_style(edition, kind, name, style.name)
    renamed.apply(edition)  # the change of values is planned on the renamed style, then taken back
    try:
        changed = set_style(edition, kind, style.name, style)
    finally:
        renamed.inverse().apply(edition)
    return CompositeEdit((renamed, changed), "Change style")


def describe(kind: str, style: Any) -> str:
    return describe_paragraph(style) if kind == "paragraph" else describe_character(style)


def usage(edition: Edition, kind: str) -> dict[str, int]:
    return paragraph_usage(edition) if kind == "paragraph" else character_usage(edition)


def listed_styles(edition: Edition, kind: str) -> dict[str, Any]:
    """The styles of a kind the panel lists (local formatting is not a style to list)."""
    return {name: style for name, style in table(edition, kind).items() if not name.startswith(LOCAL_PREFIX)}


class StyleList(QWidget):
    """One tab of the panel: the styles of one kind in a tree, and the buttons under it."""

    def __init__(self, kind: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.kind = kind
        noun = f"{kind} style"
        self.tree = QTreeWidget()
        self.tree.setColumnCount(len(HEADERS))
        self.tree.setHeaderLabels(list(HEADERS))
        self.tree.setUniformRowHeights(True)
        self.tree.setAllColumnsShowFocus(True)
        self.tree.setAlternatingRowColors(True)
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.tree.setAccessibleName(f"{TITLES[kind]} styles")
        self.tree.setIndentation(14)
        self.tree.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        header = self.tree.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(NAME, QHeaderView.ResizeMode.ResizeToContents)  # names never cut
        header.setSectionResizeMode(SETTINGS, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(USES, QHeaderView.ResizeMode.ResizeToContents)
        self.tree.headerItem().setTextAlignment(USES, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.tree.headerItem().setToolTip(
            USES, "How many paragraphs are set in the style" if kind == "paragraph" else "How many spans of text"
        )
        self.new_button = self._button("New", f"A new {noun}, based on the selected one")
        self.duplicate_button = self._button("Duplicate", f"A copy of the selected {noun}")
        self.edit_button = self._button("Edit…", f"Change the selected {noun} (its text reflows)")
        self.delete_button = self._button("Delete…", f"Delete the selected {noun}, putting another in its place")
        buttons = QGridLayout()
        buttons.setSpacing(4)
        for column, button in enumerate((self.new_button, self.duplicate_button, self.edit_button, self.delete_button)):
            buttons.addWidget(button, 0, column)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 4, 0, 0)
        layout.addWidget(self.tree, 1)
        layout.addLayout(buttons)
        self._shown: list[tuple[str, Any]] = []

    def _button(self, text: str, tip: str) -> QPushButton:
        button = QPushButton(text)
        button.setToolTip(tip)
        button.setAccessibleName(f"{text.rstrip('…')} {self.kind} style")
        button.setAccessibleDescription(tip)
        return button

    def current(self) -> str | None:
        item = self.tree.currentItem()
        data = item.data(NAME, ROLE) if item is not None else None
        return data if isinstance(data, str) else None

    def items(self) -> list[QTreeWidgetItem]:
        """Every row, parents before the styles based on them."""
        found: list[QTreeWidgetItem] = []

        def walk(item: QTreeWidgetItem) -> None:
            found.append(item)
            for index in range(item.childCount()):
                child = item.child(index)
                if child is not None:
                    walk(child)

        for row in range(self.tree.topLevelItemCount()):
            top = self.tree.topLevelItem(row)
            if top is not None:
                walk(top)
        return found

    def item_of(self, name: str) -> QTreeWidgetItem | None:
        return next((item for item in self.items() if item.data(NAME, ROLE) == name), None)

    def show_styles(self, styles: dict[str, Any], counts: dict[str, int]) -> None:
        """Fill the tree (only when the styles changed; otherwise only the counts)."""
        shown = list(styles.items())
        if shown == self._shown:
            for item in self.items():
                self._show_count(item, counts.get(str(item.data(NAME, ROLE)), 0))
            return
        self._shown = shown
        current = self.current()
        self.tree.blockSignals(True)
        self.tree.clear()
        rows: dict[str, QTreeWidgetItem] = {}
        pending = list(styles.values())
        while pending:  # parents first: a style goes under its parent once that has a row
            waiting = []
            for style in pending:
                parent = style.based_on
                if parent is None or parent not in styles or parent in rows:
                    rows[style.name] = self._item(style, counts.get(style.name, 0), rows.get(parent or ""))
                else:
                    waiting.append(style)
            if len(waiting) == len(pending):  # a loop in a damaged file: show them at the top
                for style in waiting:
                    rows[style.name] = self._item(style, counts.get(style.name, 0), None)
                break
            pending = waiting
        self.tree.expandAll()
        chosen = rows.get(current or "")
        if chosen is not None:
            self.tree.setCurrentItem(chosen)
        self.tree.blockSignals(False)

    def _item(self, style: Any, count: int, parent: QTreeWidgetItem | None) -> QTreeWidgetItem:
        text = describe(self.kind, style)
        item = QTreeWidgetItem([style.name, text, ""])
        item.setData(NAME, ROLE, style.name)
        item.setTextAlignment(USES, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        based = f"\nBased on {style.based_on}" if style.based_on else ""
        if style.based_on and style.own:
            based += ", setting " + ", ".join(f.replace("_", " ") for f in style.own)
        item.setToolTip(NAME, f"{style.name}: {text}{based}")
        item.setToolTip(SETTINGS, text)
        item.setData(NAME, Qt.ItemDataRole.AccessibleDescriptionRole, text)
        if parent is None:
            self.tree.addTopLevelItem(item)
        else:
            parent.addChild(item)
        self._show_count(item, count)
        return item

    def _show_count(self, item: QTreeWidgetItem, count: int) -> None:
        item.setText(USES, str(count) if count else "–")
        item.setToolTip(USES, f"{usage_words(self.kind, count).capitalize()} use it" if count else "Not used")


class StylesPanel(DocumentPanel):
    """The paragraph and character styles of the open edition. One click on a style emits
    `apply_paragraph(name)` or `apply_character(name)`; the window gives the user's unit with
    `set_unit(unit)` (lengths in the dialogs) and may show the style at the cursor with
    `select(kind, name)`."""

    apply_paragraph = Signal(str)
    apply_character = Signal(str)

    def __init__(self, document: Document, parent: QWidget | None = None, unit: str = "mm") -> None:
        super().__init__(document, 250, parent)
        self._at_cursor: dict[str, str | None] = {}  # the style at the story editor's cursor
        self.unit = unit
        self.paragraphs = StyleList("paragraph")
        self.characters = StyleList("character")
        self.lists = {"paragraph": self.paragraphs, "character": self.characters}
        self.tabs = QTabWidget()
        self.tabs.setDocumentMode(True)
        self.tabs.addTab(self.paragraphs, "Paragraph")
        self.tabs.addTab(self.characters, "Character")
        self.tabs.setTabToolTip(0, "Paragraph styles: click to apply to the paragraphs of the selection")
        self.tabs.setTabToolTip(1, "Character styles: click to apply to the selected text")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.tabs)
        for kind, styles in self.lists.items():
            self._connect(kind, styles)
        self._update_buttons()

    def _connect(self, kind: str, styles: StyleList) -> None:
        tree = styles.tree
        tree.itemClicked.connect(lambda item, _column, k=kind: self.apply(k, item.data(NAME, ROLE)))
        tree.itemDoubleClicked.connect(lambda item, _column, k=kind: self.edit_style(k, item.data(NAME, ROLE)))
        tree.currentItemChanged.connect(lambda *_args: self._update_buttons())
        tree.customContextMenuRequested.connect(lambda point, k=kind: self._context_menu(k, point))
        styles.new_button.clicked.connect(lambda _checked=False, k=kind: self.new_style(k))
        styles.duplicate_button.clicked.connect(lambda _checked=False, k=kind: self.duplicate_style(k))
        styles.edit_button.clicked.connect(lambda _checked=False, k=kind: self.edit_style(k))
        styles.delete_button.clicked.connect(lambda _checked=False, k=kind: self.delete_style(k))
        keys: tuple[tuple[Qt.Key, Callable[[], None]], ...] = (
            (Qt.Key.Key_Return, partial(self.apply, kind)),
            (Qt.Key.Key_Enter, partial(self.apply, kind)),
            (Qt.Key.Key_F2, partial(self.edit_style, kind)),
            (Qt.Key.Key_Delete, partial(self.delete_style, kind)),
        )
        for key, slot in keys:
            shortcut = QShortcut(QKeySequence(key), tree)
            shortcut.setContext(Qt.ShortcutContext.WidgetShortcut)
            shortcut.activated.connect(slot)

    # -- what the window sets -----------------------------------------------------------------

    def set_unit(self, unit: str) -> None:
        """The user's unit ("mm", "pt", "pica", "in") for indents and spacing in the dialogs."""
        self.unit = unit

    def select(self, kind: str, name: str | None) -> None:
        """Show `name` as the current style of its kind (the style at the cursor) without
        applying it; None clears the selection."""
        self._at_cursor[kind] = name
        styles = self.lists[kind]
        item = styles.item_of(name) if name else None
        styles.tree.blockSignals(True)
        if item is None:
            styles.tree.setCurrentIndex(QModelIndex())
            styles.tree.clearSelection()
        else:
            styles.tree.setCurrentItem(item)
            styles.tree.scrollToItem(item)
        styles.tree.blockSignals(False)
        self._update_buttons()

    def current_style(self, kind: str) -> str | None:
        return self.lists[kind].current()

    def item_of(self, kind: str, name: str) -> QTreeWidgetItem | None:
        return self.lists[kind].item_of(name)

    # -- the lists ----------------------------------------------------------------------------

    def forget(self) -> None:
        for styles in self.lists.values():
            styles._shown = []
            styles.tree.clear()
        self._update_buttons()

    def refresh(self) -> None:
        self._timer.stop()
        edition = self.document.edition
        for kind, styles in self.lists.items():
            styles.show_styles(listed_styles(edition, kind), usage(edition, kind))
            wanted = self._at_cursor.get(kind)
            if wanted is not None and styles.current() is None:
                self.select(kind, wanted)
        self._update_buttons()

    def _update_buttons(self) -> None:
        edition = self.document.edition
        for kind, styles in self.lists.items():
            name = styles.current()
            chosen = name is not None and name in table(edition, kind)
            styles.duplicate_button.setEnabled(chosen)
            styles.edit_button.setEnabled(chosen)
            last = kind == "paragraph" and len(edition.paragraph_styles) <= 1
            styles.delete_button.setEnabled(chosen and not last)
            base = styles.new_button.toolTip().split(",")[0]
            styles.new_button.setToolTip(f"{base}, based on {name}" if chosen else base)

    def _context_menu(self, kind: str, point: QPoint) -> None:
        styles = self.lists[kind]
        item = styles.tree.itemAt(point)
        name = item.data(NAME, ROLE) if item is not None else None
        menu = QMenu(self)
        if item is not None and isinstance(name, str):
            styles.tree.setCurrentItem(item)
            menu.addAction(f"Apply “{name}”", lambda: self.apply(kind, name))
            menu.addAction(f"Edit “{name}”…", lambda: self.edit_style(kind, name))
            menu.addAction(f"New Style Based on “{name}”…", lambda: self.new_style(kind))
            menu.addAction("Duplicate", lambda: self.duplicate_style(kind, name))
            menu.addAction("Delete…", lambda: self.delete_style(kind, name))
        else:
            menu.addAction(f"New {TITLES[kind]} Style…", lambda: self.new_style(kind))
        menu.exec(styles.tree.viewport().mapToGlobal(point))

    # -- commands -----------------------------------------------------------------------------

    def apply(self, kind: str, name: str | None = None) -> None:
        """Apply a style to the text (the window passes it on to the story editor)."""
        name = name or self.current_style(kind)
        if not name or name not in table(self.document.edition, kind):
            return
        (self.apply_paragraph if kind == "paragraph" else self.apply_character).emit(name)

    def _dialog(
        self, kind: str, style: Any, based_on: str | None = None
    ) -> ParagraphStyleDialog | CharacterStyleDialog:
        edition = self.document.edition
        if kind == "paragraph":
            return ParagraphStyleDialog(edition, style, self.unit, self, based_on=based_on)
        return CharacterStyleDialog(edition, style, self.unit, self, based_on=based_on)

    def _ask(self, dialog: ParagraphStyleDialog | CharacterStyleDialog) -> Any:
        """The style the user made in the dialog (ParagraphStyle or CharacterStyle), or None
        when cancelled."""
        if not dialog.exec():
            return None
        try:
            return dialog.result_style()
        except ValueError as error:
            self.message.emit(str(error))
            return None

    def new_style(self, kind: str) -> None:
        """A new style, based on the selected one, as the dialog makes it."""
        edition = self.document.edition
        based_on = self.current_style(kind)
        style = self._ask(self._dialog(kind, None, based_on if based_on in table(edition, kind) else None))
        if style is None:
            return
        try:
            edit = set_style(edition, kind, style.name, style)
        except EditError as error:
            self.message.emit(str(error))
            return
        if self._push(edit, f"New {kind} style “{style.name}”"):
            self.select(kind, style.name)

    def edit_style(self, kind: str, name: str | None = None) -> None:
        edition = self.document.edition
        name = name or self.current_style(kind)
        original = table(edition, kind).get(name or "")
        if name is None or original is None:
            return
        style = self._ask(self._dialog(kind, original))
        if style is None or style == original:
            return
        try:
            edit = change_style(edition, kind, name, style)
        except EditError as error:
            self.message.emit(str(error))
            return
        if self._push(edit, f"Change {kind} style “{name}”"):
            self.select(kind, style.name)

    def duplicate_style(self, kind: str, name: str | None = None) -> None:
        name = name or self.current_style(kind)
        if name is None or name not in table(self.document.edition, kind):
            return
        try:
            edit, copy_name = duplicate_style(self.document.edition, kind, name)
        except EditError as error:
            self.message.emit(str(error))
            return
        if self._push(edit, f"Duplicate {kind} style “{name}”"):
            self.select(kind, copy_name)

    def delete_style(self, kind: str, name: str | None = None) -> None:
        """Ask which style the text takes instead (saying how much text that is), then delete
        as one step."""
        edition = self.document.edition
        name = name or self.current_style(kind)
        if name is None or name not in table(edition, kind):
            return
        if kind == "paragraph" and len(edition.paragraph_styles) <= 1:
            self.message.emit("An edition needs at least one paragraph style.")
            return
        dialog = DeleteStyleDialog(edition, kind, name, self)
        if not dialog.exec():
            return
        replacement = dialog.replacement()
        try:
            edit = delete_style(edition, kind, name, replacement)
        except EditError as error:
            self.message.emit(str(error))
            return
        if self._push(edit, f"Delete {kind} style “{name}”"):
            self.select(kind, replacement)


__all__ = ["StyleList", "StylesPanel", "change_style"]
