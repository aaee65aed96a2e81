"""The Swatches dock: the paper's colours — CMYK process colours, spot colours and tints of
them — each with its chip (the screen preview), its values and its total ink against the
press's total-ink limit (from the preflight profile, given by the window). New, edit,
duplicate and delete (with a replacement) are each one undoable step; the page follows."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QSize, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont, QFontMetrics, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QGridLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QStyle,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from epaperdesk.model.edition import Edition
from epaperdesk.model.edits import CompositeEdit, Edit, EditError
from epaperdesk.model.style_sheets import (
    PROTECTED_SWATCHES,
    delete_swatch,
    duplicate_style,
    rename_swatch,
    set_swatch,
    tinted,
)
from epaperdesk.model.styles import Swatch, total_ink
from epaperdesk.ui.document import Document
from epaperdesk.ui.panel import DocumentPanel
from epaperdesk.ui.swatch_dialog import (
    CHANNELS,
    DEFAULT_INK_LIMIT,
    WARNING_COLOUR,
    DeleteSwatchDialog,
    SwatchDialog,
    chip_icon,
    cmyk_of,
    ink_verdict,
    kind_of,
    percent,
    swatch_preview,
)

ROLE = Qt.ItemDataRole.UserRole
# the kind comes last: in a narrow dock it is what gives way (the chip and the name say most of it)
NAME, C, M, Y, K, INK, KIND = range(7)
HEADERS = ("Name", "C", "M", "Y", "K", "Ink", "Kind")
DEFAULT_CONDITION = "newsprint"  # the condition the default limit belongs to


def swatch_order(edition: Edition) -> list[Swatch]:
    """The edition's swatches in its own order, each tint right after the colour it is made of."""
    swatches = edition.swatches
    ordered: list[Swatch] = []
    for swatch in swatches.values():
        if swatch.base is None or swatch.base not in swatches:
            ordered.append(swatch)
            ordered.extend(s for s in swatches.values() if s.base == swatch.name and s.name != swatch.name)
    ordered.extend(s for s in swatches.values() if s not in ordered)  # a tint of a tint (a damaged file)
    return ordered


def change_swatch(edition: Edition, name: str, swatch: Swatch) -> Edit:
    """The one step that makes swatch `name` into `swatch`: its tints follow (with their screen
    colours); a new name is taken by everything that used the old one (the core decides both)."""
    current = edition.swatches.get(name)
    if current is None or swatch.name == name:
        preview: dict[str, str] = {}
        if current is not None and cmyk_of(current) != cmyk_of(swatch):
            preview = {o: swatch_preview(tint_of(swatch, t)) for o, t in edition.swatches.items() if t.base == name}
        return set_swatch(edition, swatch.name, swatch, preview)
    renamed = rename_swatch(edition, name, swatch.name)
    renamed.apply(edition)  # the change of values is planned on the renamed swatch, then taken back
    try:
        changed = change_swatch(edition, swatch.name, swatch)
    finally:
        renamed.inverse().apply(edition)
    return CompositeEdit((renamed, changed), "Change swatch")


def tint_of(base: Swatch, tint: Swatch) -> Swatch:
    return tinted(base, tint.name, tint.tint, tint.rgb)


class SwatchesPanel(DocumentPanel):
    """The swatches of the open edition. The window gives the press's limit with
    `set_ink_limit(limit, condition)`; `swatch_chosen` says which swatch the user picked."""

    swatch_chosen = Signal(str)
    swatch_clicked = Signal(str)  # a click on a swatch: it colours the frames selected on the page

    def __init__(self, document: Document, parent: QWidget | None = None, ink_limit: float = DEFAULT_INK_LIMIT) -> None:
        super().__init__(document, 300, parent)
        self.ink_limit = ink_limit
        self.condition = DEFAULT_CONDITION if ink_limit == DEFAULT_INK_LIMIT else ""
        self.tree = QTreeWidget()
        self.tree.setColumnCount(len(HEADERS))
        self.tree.setHeaderLabels(list(HEADERS))
        self.tree.setRootIsDecorated(False)
        self.tree.setUniformRowHeights(True)
        self.tree.setAllColumnsShowFocus(True)
        self.tree.setAlternatingRowColors(True)
        self.tree.setIconSize(QSize(22, 14))
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.tree.setAccessibleName("Swatches")
        header = self.tree.header()
        header.setMinimumSectionSize(24)
        self.tree.setColumnWidth(KIND, 40)  # the kind, stretched over what is left, may be as narrow as this
        header.setStretchLastSection(True)
        header.setSectionResizeMode(NAME, QHeaderView.ResizeMode.Interactive)
        metrics = self.tree.fontMetrics()
        number = max(metrics.horizontalAdvance(t) for t in ("100", "88.8")) + 8  # at most one decimal
        for column in (C, M, Y, K, INK):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Fixed)
            self.tree.setColumnWidth(column, number)
            self.tree.headerItem().setTextAlignment(column, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        bold = QFont(self.tree.font())
        bold.setBold(True)
        # the warning icon and a bold "300 %"
        self.tree.setColumnWidth(INK, QFontMetrics(bold).horizontalAdvance("400 %") + 16 + 12)
        for column, (_, label, _) in zip((C, M, Y, K), CHANNELS):
            self.tree.headerItem().setToolTip(column, f"{label}, %")
        self.tree.headerItem().setToolTip(INK, "Total ink: C + M + Y + K, %")
        self.tree.viewport().installEventFilter(self)  # the names give way when the dock narrows
        self.tree.currentItemChanged.connect(self._current_changed)
        self.tree.itemClicked.connect(lambda item, _column=0: self.swatch_clicked.emit(item.data(NAME, ROLE)))
        self.tree.itemDoubleClicked.connect(lambda item, _column=0: self.edit_swatch(item.data(NAME, ROLE)))
        for key, slot in (
            (Qt.Key.Key_Return, self.edit_swatch),
            (Qt.Key.Key_Enter, self.edit_swatch),
            (Qt.Key.Key_Delete, self.delete_swatch),
        ):
            shortcut = QShortcut(QKeySequence(key), self.tree)
            shortcut.setContext(Qt.ShortcutContext.WidgetShortcut)
            shortcut.activated.connect(lambda s=slot: s())

        self.new_colour_button = self._button("New Colour…", "A new process or spot colour (CMYK)", self.new_colour)
        self.new_tint_button = self._button(
            "New Tint…", "A new tint: a percentage of the selected colour", self.new_tint
        )
        self.duplicate_button = self._button("Duplicate", "A copy of the selected swatch", self.duplicate)
        self.edit_button = self._button(
            "Edit…", "Change the selected swatch (its tints and the page follow)", self.edit_swatch
        )
        self.delete_button = self._button(
            "Delete…", "Delete the selected swatch, putting another in its place", self.delete_swatch
        )
        buttons = QGridLayout()
        buttons.setSpacing(4)
        buttons.addWidget(self.new_colour_button, 0, 0)
        buttons.addWidget(self.new_tint_button, 0, 1)
        buttons.addWidget(self.duplicate_button, 0, 2)
        buttons.addWidget(self.edit_button, 1, 0)
        buttons.addWidget(self.delete_button, 1, 1)
        self.limit_label = QLabel("")
        self.limit_label.setAccessibleName("Total-ink limit")
        self.limit_label.setToolTip("The press's total-ink limit, from the preflight profile")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.tree, 1)
        layout.addLayout(buttons)
        layout.addWidget(self.limit_label)
        self._show_limit()
        self._update_buttons()

    def _button(self, text: str, tip: str, slot: Callable[[], None]) -> QPushButton:
        button = QPushButton(text)
        button.setToolTip(tip)
        button.setAccessibleName(text.rstrip("…"))
        button.setAccessibleDescription(tip)
        button.clicked.connect(lambda _checked=False: slot())
        return button

    # -- the press ------------------------------------------------------------------------------------

    def set_ink_limit(self, limit: float, condition: str = "") -> None:
        """The total-ink limit (%) swatches are measured against, and the name of the print
        condition or preflight profile it comes from ("newsprint"), for the warnings."""
        self.ink_limit = float(limit)
        self.condition = condition
        self._show_limit()
        self.refresh()

    def _show_limit(self) -> None:
        self.limit_label.setText(
            f"Total-ink limit: {percent(self.ink_limit)} %" + (f" ({self.condition})" if self.condition else "")
        )

    # -- the list -------------------------------------------------------------------------------------

    def forget(self) -> None:
        self.tree.clear()
        self._update_buttons()

    def refresh(self) -> None:
        self._timer.stop()
        current = self.current_swatch()
        self.tree.blockSignals(True)
        self.tree.clear()
        chosen: QTreeWidgetItem | None = None
        for swatch in swatch_order(self.document.edition):
            item = self._item(swatch)
            self.tree.addTopLevelItem(item)
            if swatch.name == current:
                chosen = item
        if chosen is not None:
            self.tree.setCurrentItem(chosen)
        self.tree.blockSignals(False)
        self._fit_name_column()
        self._update_buttons()

    def _fit_name_column(self) -> None:
        """Names as wide as the longest, but leaving the kind a little room in a narrow dock."""
        tree = self.tree
        wanted = max(tree.sizeHintForColumn(NAME), tree.header().sectionSizeHint(NAME)) + 6
        numbers = sum(tree.columnWidth(column) for column in (C, M, Y, K, INK))
        kind = tree.fontMetrics().horizontalAdvance("proc…") + 12  # the kind may shrink to this
        room = tree.viewport().width() - numbers - kind
        tree.setColumnWidth(NAME, max(72, min(wanted, room)))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.tree.viewport() and event.type() == QEvent.Type.Resize:
            self._fit_name_column()
        return super().eventFilter(watched, event)

    def _item(self, swatch: Swatch) -> QTreeWidgetItem:
        ink = total_ink(swatch)
        values = [percent(v) for v in cmyk_of(swatch)]
        texts = {NAME: swatch.name, C: values[0], M: values[1], Y: values[2], K: values[3], INK: f"{percent(ink)} %"}
        texts[KIND] = kind_of(swatch)
        item = QTreeWidgetItem([texts[column] for column in range(len(HEADERS))])
        item.setData(NAME, ROLE, swatch.name)
        item.setIcon(NAME, chip_icon(swatch))
        described = "   ".join(f"{short} {v}" for (_, _, short), v in zip(CHANNELS, values))
        protected = " — part of every edition" if swatch.name in PROTECTED_SWATCHES else ""
        item.setToolTip(NAME, f"{swatch.name}: {described}, on screen {swatch.rgb}{protected}")
        item.setToolTip(KIND, kind_of(swatch).capitalize())
        for column in (C, M, Y, K, INK):
            item.setTextAlignment(column, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        verdict = ink_verdict(ink, self.ink_limit, self.condition)
        if verdict:
            item.setForeground(INK, QBrush(QColor(WARNING_COLOUR)))
            font = QFont(item.font(INK))
            font.setBold(True)
            item.setFont(INK, font)
            item.setIcon(INK, self.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning))
            item.setToolTip(INK, verdict)
            item.setData(INK, Qt.ItemDataRole.AccessibleTextRole, verdict)
        else:
            item.setToolTip(INK, f"{percent(ink)} % — within the {percent(self.ink_limit)} % limit")
        return item

    def current_swatch(self) -> str | None:
        item = self.tree.currentItem()
        data = item.data(NAME, ROLE) if item is not None else None
        return data if isinstance(data, str) else None

    def select(self, name: str) -> None:
        """Make `name` the current swatch (when it is in the list)."""
        item = self.item_of(name)
        if item is not None:
            self.tree.setCurrentItem(item)
            self.tree.scrollToItem(item)

    def item_of(self, name: str) -> QTreeWidgetItem | None:
        """The row of swatch `name`."""
        for row in range(self.tree.topLevelItemCount()):
            item = self.tree.topLevelItem(row)
            if item is not None and item.data(NAME, ROLE) == name:
                return item
        return None

    def _current_changed(self, current: QTreeWidgetItem | None, _previous: QTreeWidgetItem | None) -> None:
        self._update_buttons()
        if current is not None:
            self.swatch_chosen.emit(current.data(NAME, ROLE))

    def _update_buttons(self) -> None:
        name = self.current_swatch()
        chosen = name is not None and name in self.document.edition.swatches
        for button in (self.duplicate_button, self.edit_button):
            button.setEnabled(chosen)
        protected = name in PROTECTED_SWATCHES
        self.delete_button.setEnabled(chosen and not protected)
        self.delete_button.setToolTip(
            f"{name} is part of every edition and cannot be deleted"
            if protected
            else "Delete the selected swatch, putting another in its place"
        )

    # -- commands -------------------------------------------------------------------------------------

    def _ask(self, dialog: SwatchDialog) -> Swatch | None:
        """The swatch the user made in the dialog, or None when cancelled."""
        if not dialog.exec():
            return None
        try:
            return dialog.result_swatch()
        except ValueError as error:
            self.message.emit(str(error))
            return None

    def new_colour(self) -> None:
        dialog = SwatchDialog(self.document.edition, None, None, self.ink_limit, self, self.condition)
        swatch = self._ask(dialog)
        if swatch is not None and self._push(change_swatch(self.document.edition, swatch.name, swatch), "New colour"):
            self.select(swatch.name)

    def new_tint(self) -> None:
        """A tint of the selected colour (of the colour the selected tint is made of)."""
        swatches = self.document.edition.swatches
        chosen = swatches.get(self.current_swatch() or "")
        base = chosen.base if chosen is not None and chosen.base is not None else (chosen.name if chosen else None)
        if base is None or base == "Paper" or base not in swatches:
            base = next((n for n, s in swatches.items() if s.base is None and n not in PROTECTED_SWATCHES), "Black")
        dialog = SwatchDialog(self.document.edition, None, base, self.ink_limit, self, self.condition)
        swatch = self._ask(dialog)
        if swatch is not None and self._push(change_swatch(self.document.edition, swatch.name, swatch), "New tint"):
            self.select(swatch.name)

    def edit_swatch(self, name: str | None = None) -> None:
        edition = self.document.edition
        name = name or self.current_swatch()
        original = edition.swatches.get(name or "")
        if name is None or original is None:
            return
        dialog = SwatchDialog(edition, original, None, self.ink_limit, self, self.condition)
        swatch = self._ask(dialog)
        if swatch is None or swatch == original:
            return
        try:
            edit = change_swatch(edition, name, swatch)
        except EditError as error:
            self.message.emit(str(error))
            return
        if self._push(edit, f"Change swatch {name}"):
            self.select(swatch.name)

    def duplicate(self) -> None:
        name = self.current_swatch()
        if name is None or name not in self.document.edition.swatches:
            return
        edit, copy_name = duplicate_style(self.document.edition, "swatch", name)
        if self._push(edit, "Duplicate swatch"):
            self.select(copy_name)

    def delete_swatch(self, name: str | None = None) -> None:
        """Ask for the colour to put in its place (listing what uses it), then delete as one step."""
        edition = self.document.edition
        name = name or self.current_swatch()
        if name is None or name not in edition.swatches:
            return
        if name in PROTECTED_SWATCHES:
            self.message.emit(f"{name} is part of every edition and cannot be deleted")
            return
        dialog = DeleteSwatchDialog(edition, name, self)
        if not dialog.exec():
            return
        replacement = dialog.replacement()
        try:
            edit = delete_swatch(edition, name, replacement, swatch_preview)
        except EditError as error:
            self.message.emit(str(error))
            return
        if self._push(edit, f"Delete swatch {name}"):
            self.select(replacement)


__all__ = ["SwatchesPanel", "change_swatch", "swatch_order"]
