"""Commands as data: one record per command of the window, and what is made from them —
the QActions with their keys, the menus, the toolbars, the shortcut list (F1), the README's
key table and the check that no two commands share a key.

A command's behaviour is a small function over the workspace (the window's document, canvas,
docks and files); whether it is enabled or checked is a function of the same workspace, asked
again whenever the selection, the tool, the document or the undo history changes.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Protocol

from PySide6.QtCore import QObject, QSize, Qt, QTimer
from PySide6.QtGui import QAction, QActionGroup, QKeySequence
from PySide6.QtWidgets import QMainWindow, QMenu, QToolBar, QWidget

from epaperdesk.ui.icons import icon

if TYPE_CHECKING:
    from epaperdesk.ui.canvas import CanvasView
    from epaperdesk.ui.docks import Docks
    from epaperdesk.ui.document import Document
    from epaperdesk.ui.files import FileLifecycle
    from epaperdesk.ui.preferences import Preferences
    from epaperdesk.ui.statusbar import StatusBar


class Workspace(Protocol):
    """What commands work on: the open document and the parts of the window around it."""

    @property
    def document(self) -> Document: ...

    @property
    def view(self) -> CanvasView: ...

    @property
    def docks(self) -> Docks: ...

    @property
    def files(self) -> FileLifecycle: ...

    @property
    def preferences(self) -> Preferences: ...

    @property
    def status(self) -> StatusBar: ...

    @property
    def commands(self) -> ActionSet: ...

    def widget(self) -> QWidget:
        """The parent for dialogs."""
        ...

    def show_message(self, text: str, milliseconds: int = 5000) -> None: ...

    def apply_preferences(self, preferences: Preferences) -> None: ...

    def toggle_panels(self) -> None: ...

    def panels_hidden(self) -> bool: ...


Run = Callable[[Any], object]
Predicate = Callable[[Any], bool]

MENUS: tuple[tuple[str, str], ...] = (
    ("file", "&File"),
    ("edit", "&Edit"),
    ("view", "&View"),
    ("type", "&Type"),
    ("object", "&Object"),
    ("proof", "&Proof"),
    ("help", "&Help"),
)
MENU_TITLES = dict(MENUS)


@dataclass(frozen=True)
class Command:
    """One command of the window.

    `keys` are key sequences in Qt's portable text ("Ctrl+Shift+E") or the name of a standard
    key ("StandardKey.Save"); the first is shown in menus. `section` separates groups inside a
    menu; `submenu` puts the command in a submenu of that title. `group` makes checkable
    commands exclusive (the canvas tools). A command with `fill` is a submenu filled each
    time it opens (Open Recent)."""

    id: str
    text: str
    run: Run | None = None
    menu: str = ""
    section: int = 0
    submenu: str = ""
    keys: tuple[str, ...] = ()
    tip: str = ""
    checkable: bool = False
    checked: Predicate | None = None
    enabled: Predicate | None = None
    describe: Callable[[Any], str] | None = None  # a tip that follows the workspace ("Undo Move frame")
    group: str = ""
    toolbar: str = ""  # the toolbar it is shown on ("main", "tools"), "" for none
    icon: str = ""  # a freedesktop icon-theme name
    fill: Callable[[Any, QMenu], None] | None = None

    def __post_init__(self) -> None:
        if self.menu and self.menu not in MENU_TITLES:
            raise ValueError(f"command {self.id!r}: no menu {self.menu!r}")
        if (self.run is None) == (self.fill is None):
            raise ValueError(f"command {self.id!r} needs either a function to run or a submenu to fill")

    def key_sequences(self) -> list[QKeySequence]:
        sequences: list[QKeySequence] = []
        for key in self.keys:
            sequences.extend(key_sequences(key))
        return sequences


def key_sequences(key: str) -> list[QKeySequence]:
    """A key in a command's record as Qt's key sequences (a standard key may have several
    on this platform, such as Ctrl+Y and Ctrl+Shift+Z for Redo)."""
    if key.startswith("StandardKey."):
        return list(QKeySequence.keyBindings(getattr(QKeySequence.StandardKey, key.split(".", 1)[1])))
    return [QKeySequence(key)]


def key_text(command: Command, native: bool = False) -> str:
    """The command's keys as people read them ("Ctrl+S, Ctrl+Shift+S"), "" for none."""
    form = QKeySequence.SequenceFormat.NativeText if native else QKeySequence.SequenceFormat.PortableText
    texts = [sequence.toString(form) for sequence in command.key_sequences()]
    return ", ".join(dict.fromkeys(t for t in texts if t))


def all_commands() -> list[Command]:
    """Every command, menu by menu in menu order (commands of no menu last)."""
    from epaperdesk.ui.actions import edit, file, help, objects, proof, text, view

    commands: list[Command] = []
    for module in (file, edit, view, text, objects, proof, help):
        commands.extend(module.COMMANDS)
    ids = [c.id for c in commands]
    duplicates = {i for i in ids if ids.count(i) > 1}
    if duplicates:
        raise ValueError(f"command ids used twice: {sorted(duplicates)}")
    order = {menu: n for n, (menu, _) in enumerate(MENUS)}
    return sorted(commands, key=lambda c: order.get(c.menu, len(order)))


def shortcut_rows(commands: Iterable[Command] | None = None, native: bool = True) -> list[tuple[str, str]]:
    """(where, keys) for every command with a menu place or a key: "View → Zoom In"."""
    rows = []
    for command in commands if commands is not None else all_commands():
        if command.fill is not None:
            continue
        where = _plain(MENU_TITLES.get(command.menu, "Window"))
        if command.submenu:
            where += f" → {_plain(command.submenu)}"
        rows.append((f"{where} → {_plain(command.text)}", key_text(command, native) or "—"))
    return rows


def _plain(text: str) -> str:
    return text.replace("&&", "\0").replace("&", "").replace("\0", "&")


def key_clashes(commands: Iterable[Command] | None = None) -> dict[str, list[str]]:
    """Key sequences claimed by more than one command (there should be none)."""
    owners: dict[str, list[str]] = {}
    for command in commands if commands is not None else all_commands():
        for sequence in command.key_sequences():
            text = sequence.toString(QKeySequence.SequenceFormat.PortableText)
            if text:
                owners.setdefault(text, []).append(command.id)
    return {key: ids for key, ids in owners.items() if len(set(ids)) > 1}


class ActionSet(QObject):
    """The window's QActions made from the commands, kept enabled and checked as the
    workspace says."""

    def __init__(self, workspace: Any, window: QMainWindow, commands: list[Command] | None = None) -> None:
        super().__init__(window)
        self.workspace = workspace
        self.window = window
        self.commands = commands if commands is not None else all_commands()
        self.actions: dict[str, QAction] = {}
        self.menus: dict[str, QMenu] = {}
        self.toolbars: dict[str, QToolBar] = {}
        self._groups: dict[str, QActionGroup] = {}
        self._refresh_timer = QTimer(self)
        self._refresh_timer.setSingleShot(True)
        self._refresh_timer.setInterval(0)
        self._refresh_timer.timeout.connect(self.refresh)
        for command in self.commands:
            if command.fill is None:
                self.actions[command.id] = self._make_action(command)

    def _make_action(self, command: Command) -> QAction:
        action = QAction(command.text, self.window)
        action.setObjectName(command.id)
        sequences = command.key_sequences()
        if sequences:
            action.setShortcuts(sequences)
        if command.tip:
            action.setStatusTip(command.tip)
            action.setToolTip(command.tip)
        if command.icon:
            action.setIcon(icon(command.icon))
        action.setCheckable(command.checkable)
        if command.group:
            group = self._groups.get(command.group)
            if group is None:
                group = self._groups[command.group] = QActionGroup(self.window)
            group.addAction(action)
        action.triggered.connect(lambda _checked=False, c=command: self._run(c))
        self.window.addAction(action)  # the keys work wherever the focus is in the window
        return action

    def _run(self, command: Command) -> None:
        assert command.run is not None
        command.run(self.workspace)
        self.refresh()

    def trigger(self, command_id: str) -> None:
        """Run a command as if chosen from its menu (tests and scripts drive the window so)."""
        action = self.actions[command_id]
        if action.isEnabled():
            action.trigger()

    def build_menus(self) -> None:
        """The menu bar, from the commands' menu places (separators between sections)."""
        bar = self.window.menuBar()
        for menu_id, title in MENUS:
            menu = bar.addMenu(title)
            self.menus[menu_id] = menu
            submenus: dict[str, QMenu] = {}
            section: int | None = None
            for command in (c for c in self.commands if c.menu == menu_id):
                if section is not None and command.section != section and not command.submenu:
                    menu.addSeparator()
                section = command.section
                if command.fill is not None:
                    self._add_dynamic_submenu(menu, command)
                    continue
                target = menu
                if command.submenu:
                    target = submenus.get(command.submenu) or submenus.setdefault(
                        command.submenu, menu.addMenu(command.submenu)
                    )
                target.addAction(self.actions[command.id])

    def _add_dynamic_submenu(self, menu: QMenu, command: Command) -> None:
        submenu = menu.addMenu(command.text)
        submenu.setObjectName(command.id)
        fill = command.fill
        assert fill is not None
        submenu.aboutToShow.connect(lambda: fill(self.workspace, submenu))
        self.menus[command.id] = submenu

    def refresh_icons(self) -> None:
        """Draw the icons again (after the theme changed colour)."""
        for command in self.commands:
            action = self.actions.get(command.id)
            if action is not None and command.icon:
                action.setIcon(icon(command.icon))

    def context_menu(self, command_ids: Iterable[str | None], parent: QWidget) -> QMenu:
        """A menu of some commands (None: a separator), for a right click."""
        menu = QMenu(parent)
        for command_id in command_ids:
            if command_id is None:
                menu.addSeparator()
            elif command_id in self.actions:
                menu.addAction(self.actions[command_id])
        return menu

    def build_toolbars(self, titles: dict[str, str], areas: dict[str, Qt.ToolBarArea] | None = None) -> None:
        """Toolbars with the commands that name them, in command order: icons only, buttons
        that never move (an action's text may change, its button does not)."""
        for name, title in titles.items():
            toolbar = QToolBar(title, self.window)
            self.window.addToolBar((areas or {}).get(name, Qt.ToolBarArea.TopToolBarArea), toolbar)
            toolbar.setObjectName(f"{name}-toolbar")
            toolbar.setMovable(False)
            toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonIconOnly)
            toolbar.setIconSize(QSize(20, 20))
            previous: Command | None = None
            for command in (c for c in self.commands if c.toolbar == name):
                if previous is not None and (previous.menu, previous.section) != (command.menu, command.section):
                    toolbar.addSeparator()
                toolbar.addAction(self.actions[command.id])
                previous = command
            self.toolbars[name] = toolbar

    def schedule_refresh(self) -> None:
        """Refresh once the current event is handled (many signals may ask for it at once)."""
        self._refresh_timer.start()

    def refresh(self) -> None:
        """Enabled and checked states, and tips that follow the workspace, asked again."""
        for command in self.commands:
            action = self.actions.get(command.id)
            if action is None:
                continue
            if command.enabled is not None:
                action.setEnabled(bool(command.enabled(self.workspace)))
            if command.checked is not None:
                state = bool(command.checked(self.workspace))
                if action.isChecked() != state:
                    action.blockSignals(True)
                    action.setChecked(state)
                    action.blockSignals(False)
            if command.describe is not None:
                tip = command.describe(self.workspace)
                action.setStatusTip(tip)
                action.setToolTip(tip)


def readme_key_table(commands: Iterable[Command] | None = None, canvas_keys: Iterable[tuple[str, str]] = ()) -> str:
    """The README's table of keys (checked by a test to stay equal to the commands)."""
    lines = ["| keys | command |", "| --- | --- |"]
    for command in commands if commands is not None else all_commands():
        keys = key_text(command)
        if command.fill is not None or not keys:
            continue
        where = _plain(MENU_TITLES.get(command.menu, "Window"))
        if command.submenu:
            where += f" → {_plain(command.submenu)}"
        lines.append(f"| {keys} | {where} → {_plain(command.text).rstrip('…')} |")
    for keys, what in canvas_keys:
        lines.append(f"| {keys} | Canvas: {what} |")
    return "\n".join(lines) + "\n"
