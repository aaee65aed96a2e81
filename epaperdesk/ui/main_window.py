"""The main window: the canvas with its rulers in the middle, the docks around it, menus and
toolbars made from the command registry (ui/actions), the status bar. The window only wires
these together; what commands do lives in ui/actions, the file lifecycle in ui/files.py, the
docks in ui/docks.py, and decisions about the document in the core."""

from __future__ import annotations

from PySide6.QtCore import QByteArray, QObject, QPoint, Qt, QTimer
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import QDockWidget, QGridLayout, QMainWindow, QMenu, QToolBar, QWidget

from epaperdesk.ui import navigation
from epaperdesk.ui.actions import ActionSet
from epaperdesk.ui.actions.file import drop_files
from epaperdesk.ui.canvas import CanvasView
from epaperdesk.ui.docks import Docks
from epaperdesk.ui.document import Document
from epaperdesk.ui.files import FileLifecycle, settings
from epaperdesk.ui.icons import forget_drawn_icons
from epaperdesk.ui.preferences import Preferences, apply_theme, load_preferences, save_preferences
from epaperdesk.ui.rulers import RULER, Ruler
from epaperdesk.ui.statusbar import StatusBar

TOOLBARS = {"main": "Main", "tools": "Tools"}
TOOLBAR_AREAS = {"tools": Qt.ToolBarArea.LeftToolBarArea}
LAYOUT_VERSION = 2  # the saved window layout is used only when it was saved by this layout
CONTEXT_COMMANDS = (
    "edit.cut",
    "edit.copy",
    "edit.paste",
    "edit.duplicate",
    "edit.delete",
    None,
    "object.lock",
    "object.forward",
    "object.backward",
    "object.group",
    "object.ungroup",
    None,
    "object.link",
    "object.unlink",
    "object.image_mode",
    "file.place_photo",
    "file.import_copy",
    None,
    "object.override_master",
    "view.properties_panel",
)


class MainWindow(QMainWindow):
    def __init__(self, document: Document) -> None:
        super().__init__()
        self._document = document
        self.preferences: Preferences = load_preferences()
        self.unit = self.preferences.units
        self.setMinimumSize(800, 600)
        self.setAccessibleName("EpaperDesk")
        apply_theme(self.preferences.high_contrast)
        self._view = CanvasView(document, self)
        self._view.snapping = self.preferences.snapping
        self.hruler = Ruler(self._view, Qt.Orientation.Horizontal, self.unit)
        self.vruler = Ruler(self._view, Qt.Orientation.Vertical, self.unit)
        self.setCentralWidget(self._canvas_with_rulers())
        self.status = StatusBar(self)
        self.files = FileLifecycle(self)
        self.commands = ActionSet(self, self)
        self.docks = Docks(self, document)
        self.commands.build_menus()
        self.commands.build_toolbars(TOOLBARS, TOOLBAR_AREAS)
        self._hidden_panels: list[QWidget] = []
        self._connect_view()
        self._attach(document)
        self._restore_layout()

    # -- what commands work on ----------------------------------------------------------------

    @property
    def document(self) -> Document:
        return self._document

    @property
    def view(self) -> CanvasView:
        return self._view

    def widget(self) -> QWidget:
        return self

    def show_message(self, text: str, milliseconds: int = 5000) -> None:
        self.statusBar().showMessage(text, milliseconds)

    # -- building ----------------------------------------------------------------------------

    def _canvas_with_rulers(self) -> QWidget:
        central = QWidget()
        grid = QGridLayout(central)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setSpacing(0)
        corner = QWidget()
        corner.setFixedSize(RULER, RULER)
        grid.addWidget(corner, 0, 0)
        grid.addWidget(self.hruler, 0, 1)
        grid.addWidget(self.vruler, 1, 0)
        grid.addWidget(self._view, 1, 1)
        return central

    def _connect_view(self) -> None:
        view = self._view
        view.pointer_moved.connect(self.status.show_pointer)
        view.zoom_changed.connect(lambda _zoom: self.status.show_zoom())
        view.selection_changed.connect(self._selection_changed)
        view.tool_changed.connect(lambda _tool: self.commands.refresh())
        view.message.connect(lambda text: self.show_message(text, 5000))
        view.text_double_clicked.connect(lambda story, position: navigation.edit_story_at(self, story, position))
        view.verticalScrollBar().valueChanged.connect(lambda _value: self._page_shown())
        view.horizontalScrollBar().valueChanged.connect(lambda _value: self._page_shown())  # spreads
        view.files_dropped.connect(lambda paths, i, x, y, frame: drop_files(self, paths, i, x, y, frame))
        view.panels_toggle_requested.connect(self.toggle_panels)
        view.context_menu_requested.connect(self._context_menu)
        for name in (
            "story",
            "photo",
            "proof",
            "preflight",
            "pages",
            "budget",
            "history",
            "swatches",
            "styles",
            "properties",
        ):
            self.docks.dock(name).visibilityChanged.connect(lambda _visible: self.commands.schedule_refresh())

    # -- the document ------------------------------------------------------------------------

    def set_document(self, document: Document) -> None:
        """Show another document (opened or restored): the canvas, docks and file handling
        follow it; the window itself stays as it is."""
        old = self._document
        if document is old:
            return
        self.files.release(old)
        self._detach()
        self._document = document
        self._view.set_document(document)
        self.docks.set_document(document)
        self._attach(document)
        old.deleteLater()

    def _attach(self, document: Document) -> None:
        self.files.attach(document)
        self._connections = [
            document.modified_changed.connect(self.update_title),
            document.path_changed.connect(self.update_title),
            document.layout_changed.connect(self.status.update_page),
            document.undo_stack.indexChanged.connect(self.commands.refresh),
        ]
        self.update_title()
        self.status.update_page()
        self._selection_changed([])
        QTimer.singleShot(0, self._view, self._view.fit_page)  # (cancelled with the view)

    def _detach(self) -> None:
        """Stop following the document's signals (it is being replaced or closed)."""
        for connection in self._connections:
            QObject.disconnect(connection)
        self._connections = []

    def update_title(self) -> None:
        document = self._document
        name = document.path.name if document.path else "Untitled"
        if document.read_only:
            name += " (read-only)"
        self.setWindowTitle(f"{name}[*] — EpaperDesk")
        self.setWindowModified(document.is_modified)

    def _page_shown(self) -> None:
        """Scrolling: the status bar and the pages panel follow the page in view."""
        self.status.update_page()
        if not self._view.scene_.masters_mode:
            self.docks.pages_panel.show_page(self._view.current_page())

    def _selection_changed(self, selected: list[str]) -> None:
        self.commands.refresh()
        navigation.show_selection_in_docks(self, selected)
        self.status.show_selection(selected)
        self.status.update_page()

    # -- preferences --------------------------------------------------------------------------

    def apply_preferences(self, preferences: Preferences) -> None:
        """Store and use new preferences at once."""
        save_preferences(preferences)
        self.preferences = preferences
        self.unit = preferences.units
        self.hruler.set_unit(self.unit)
        self.vruler.set_unit(self.unit)
        self._view.snapping = preferences.snapping
        apply_theme(preferences.high_contrast)
        forget_drawn_icons()
        self.commands.refresh_icons()
        if self.files.autosaver is not None:
            self.files.autosaver.set_minutes(preferences.autosave_minutes)
        self.docks.set_author(preferences.user_name)
        self.docks.styles_panel.set_unit(preferences.units)
        self.commands.refresh()

    # -- the window's layout ------------------------------------------------------------------

    def toggle_panels(self) -> None:
        """Tab on the canvas: the docks and toolbars out of the way, or back as they were."""
        if self._hidden_panels:
            for widget in self._hidden_panels:
                widget.show()
            self._hidden_panels = []
        else:
            shown = [w for w in (*self.findChildren(QDockWidget), *self.findChildren(QToolBar)) if w.isVisible()]
            for widget in shown:
                widget.hide()
            self._hidden_panels = shown
        self.commands.refresh()

    def panels_hidden(self) -> bool:
        return bool(self._hidden_panels)

    def _context_menu(self, point: QPoint) -> None:
        self.commands.refresh()
        self.popup_menu(self.commands.context_menu(CONTEXT_COMMANDS, self), point)

    def popup_menu(self, menu: QMenu, point: QPoint) -> None:
        """Show a menu until the user chooses (tests answer it themselves)."""
        menu.exec(point)

    def _restore_layout(self) -> None:
        """The docks and toolbars as the user left them (first start: the page gets most of
        the window, docks narrow and tabbed)."""
        store = settings()
        state = store.value("window/state")
        if store.value("window/layout") == LAYOUT_VERSION and isinstance(state, QByteArray):
            self.restoreState(state, LAYOUT_VERSION)

    def _save_layout(self) -> None:
        if self._hidden_panels:
            self.toggle_panels()
        store = settings()
        store.setValue("window/state", self.saveState(LAYOUT_VERSION))
        store.setValue("window/layout", LAYOUT_VERSION)

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.files.maybe_save():
            self._save_layout()
            self.files.release(self._document)
            self._detach()
            self.docks.shutdown()
            event.accept()
        else:
            event.ignore()
