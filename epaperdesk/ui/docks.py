"""The window's docks: story editor, photo, proof, preflight, pages, story budget and
history. Made once with the window; shown another document when a file is opened."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, QTimer
from PySide6.QtWidgets import QDockWidget, QTabBar, QUndoView, QWidget

from epaperdesk.export.preflight import Profile
from epaperdesk.model.edits import EditError
from epaperdesk.model.frame_properties import apply_swatch
from epaperdesk.proof.marks import proof_marks
from epaperdesk.proof.spellcheck import SpellChecker
from epaperdesk.ui import navigation
from epaperdesk.ui.budget_panel import BudgetPanel
from epaperdesk.ui.document import Document
from epaperdesk.ui.pages_panel import PagesPanel
from epaperdesk.ui.photo_panel import PhotoPanel
from epaperdesk.ui.preflight_panel import PreflightPanel
from epaperdesk.ui.proof_panel import ProofPanel
from epaperdesk.ui.properties_panel import PropertiesPanel
from epaperdesk.ui.spelling import Suggestions
from epaperdesk.ui.story_editor import StoryEditor
from epaperdesk.ui.styles_panel import StylesPanel
from epaperdesk.ui.swatches_panel import SwatchesPanel

if TYPE_CHECKING:
    from epaperdesk.ui.main_window import MainWindow

RIGHT = Qt.DockWidgetArea.RightDockWidgetArea
DOCK_WIDTH = 350  # pixels: the dock column at first start


def apply_swatch_to_selection(window: MainWindow, name: str) -> None:
    """A click on a swatch colours the boxes (fill) and rules selected on the page."""
    frame_ids = window.view.selected
    if not frame_ids:
        return
    try:
        edit = apply_swatch(window.document.edition, frame_ids, name)
    except EditError as error:
        window.show_message(str(error))
        return
    if edit is None:
        window.show_message(f"{name}: the selection has no box or rule to colour, or is that colour already")
        return
    window.document.push(edit)
    window.show_message(f"{name} applied")


class Docks(QObject):
    """The panels around the canvas and their dock widgets."""

    def __init__(self, window: MainWindow, document: Document) -> None:
        super().__init__(window)
        self.window = window
        self.spell_checker = SpellChecker()
        self.suggestions = Suggestions(window)
        author = window.preferences.user_name

        self.story_editor = StoryEditor(document, checker=self.spell_checker, suggestions=self.suggestions)
        self.story_editor.author = author
        self.story_editor.new_story_requested.connect(self._new_story)
        self.story_editor.text_selected.connect(window.view.set_text_highlight)
        self.story_editor.story_changed.connect(lambda _story: window.commands.refresh())
        self.story_editor.leave_requested.connect(window.view.setFocus)
        self.photo_panel = PhotoPanel(document)
        self.photo_panel.place_requested.connect(lambda: window.commands.trigger("file.place_photo"))
        self.proof_panel = ProofPanel(document, self.spell_checker, self.suggestions)
        self.proof_panel.author = author
        self.proof_panel.locate.connect(lambda story, start, end: navigation.show_text(window, story, start, end))
        self.proof_panel.refreshed.connect(self.update_proof_marks)
        self.proof_panel.capitals_changed.connect(lambda: self.story_editor.highlighter.rehighlight())
        self.preflight_panel = PreflightPanel(document, self.spell_checker)
        self.preflight_panel.locate.connect(lambda finding: navigation.show_finding(window, finding))
        self.preflight_panel.changed.connect(window.status.show_preflight)
        self.pages_panel = PagesPanel(document)
        self.pages_panel.page_chosen.connect(lambda index: navigation.go_to_page(window, index))
        self.pages_panel.masters_toggled.connect(lambda on: navigation.edit_masters(window, on))
        self.swatches_panel = SwatchesPanel(document)
        self.styles_panel = StylesPanel(document, unit=window.preferences.units)
        self.properties_panel = PropertiesPanel(document, window.preferences.units)
        window.view.selection_changed.connect(self.properties_panel.show_frames)
        self.swatches_panel.swatch_clicked.connect(lambda name: apply_swatch_to_selection(window, name))
        self.proof_panel.selection_source = self._editor_selection
        self.styles_panel.apply_paragraph.connect(self.story_editor.set_paragraph_style)
        self.styles_panel.apply_character.connect(self.story_editor.apply_character_style)
        self.story_editor.style_at_cursor.connect(lambda name: self.styles_panel.select("paragraph", name))
        self.preflight_panel.profile_changed.connect(self._ink_limit_from)
        self._ink_limit_from(self.preflight_panel.profile)
        self.budget_panel = BudgetPanel(document)
        self.budget_panel.story_chosen.connect(lambda story: navigation.go_to_story(window, story))
        for panel in (
            self.story_editor,
            self.properties_panel,
            self.photo_panel,
            self.proof_panel,
            self.preflight_panel,
            self.pages_panel,
            self.budget_panel,
            self.swatches_panel,
            self.styles_panel,
            self.properties_panel,
        ):
            panel.message.connect(lambda text: window.show_message(text, 8000))
        self.undo_view = QUndoView(document.undo_stack)
        self.undo_view.setAccessibleName("Undo history")

        # one column of docks on the right, as layout programs have it, in two tab groups, so
        # that the page gets most of the window at first start (the user's layout is kept)
        self.story_dock = self._dock("Story Editor", "story-editor", self.story_editor, RIGHT)
        self.styles_dock = self._dock("Styles", "styles", self.styles_panel, RIGHT)
        self.properties_dock = self._dock("Properties", "properties", self.properties_panel, RIGHT)
        self.pages_dock = self._dock("Pages", "pages", self.pages_panel, RIGHT)
        self.swatches_dock = self._dock("Swatches", "swatches", self.swatches_panel, RIGHT)
        self.photo_dock = self._dock("Photo", "photo", self.photo_panel, RIGHT)
        self.proof_dock = self._dock("Proof", "proof", self.proof_panel, RIGHT)
        self.preflight_dock = self._dock("Preflight", "preflight", self.preflight_panel, RIGHT)
        self.budget_dock = self._dock("Story Budget", "budget", self.budget_panel, RIGHT)
        self.history_dock = self._dock("History", "history", self.undo_view, RIGHT)
        window.splitDockWidget(self.story_dock, self.pages_dock, Qt.Orientation.Vertical)
        for dock in (self.properties_dock, self.styles_dock, self.photo_dock):
            window.tabifyDockWidget(self.story_dock, dock)
        for dock in (self.swatches_dock, self.preflight_dock, self.proof_dock, self.budget_dock, self.history_dock):
            window.tabifyDockWidget(self.pages_dock, dock)
        self.story_dock.raise_()
        self.pages_dock.raise_()
        for bar in window.findChildren(QTabBar):  # whole tab names, scrolled rather than cut short
            bar.setElideMode(Qt.TextElideMode.ElideNone)
            bar.setUsesScrollButtons(True)
        window.resizeDocks([self.story_dock, self.pages_dock], [560, 380], Qt.Orientation.Vertical)
        window.resizeDocks([self.story_dock], [DOCK_WIDTH], Qt.Orientation.Horizontal)
        QTimer.singleShot(
            0, window, lambda: window.resizeDocks([self.story_dock], [DOCK_WIDTH], Qt.Orientation.Horizontal)
        )

    def _dock(self, title: str, name: str, widget: QWidget, area: Qt.DockWidgetArea) -> QDockWidget:
        dock = QDockWidget(title, self.window)
        dock.setObjectName(name)
        dock.setWidget(widget)
        self.window.addDockWidget(area, dock)
        return dock

    def dock(self, name: str) -> QDockWidget:
        """A dock by its short name ("story", "photo", "proof", "preflight", "pages",
        "budget", "history")."""
        dock = getattr(self, f"{name}_dock", None)
        if not isinstance(dock, QDockWidget):
            raise KeyError(f"no dock {name!r}")
        return dock

    def show(self, name: str) -> None:
        """Show a dock and bring it to the front of its tabs."""
        dock = self.dock(name)
        dock.show()
        dock.raise_()

    def _editor_selection(self) -> tuple[str, int, int] | None:
        """The story and range selected in the Story Editor, for placing a comment by hand."""
        editor = self.story_editor
        if editor.story_id is None:
            return None
        start, end = editor.selection()
        return editor.story_id, start, end

    def in_front(self, name: str) -> bool:
        """Whether a panel can be seen: shown, and not behind another panel's tab."""
        dock = self.dock(name)
        return dock.isVisible() and not dock.visibleRegion().isEmpty()

    def toggle(self, name: str) -> None:
        """A panel's key: brings it to the front when it is hidden or behind a tab, hides it
        when it is in front (as a layout tool's panel keys do)."""
        dock = self.dock(name)
        if self.in_front(name):
            dock.hide()
            return
        dock.show()
        dock.raise_()

    def set_document(self, document: Document) -> None:
        for panel in (
            self.story_editor,
            self.properties_panel,
            self.photo_panel,
            self.proof_panel,
            self.pages_panel,
            self.budget_panel,
            self.swatches_panel,
            self.styles_panel,
        ):
            panel.set_document(document)
        self.preflight_panel.set_document(document)
        self.pages_panel.masters_button.setChecked(False)
        self.undo_view.setStack(document.undo_stack)

    def _ink_limit_from(self, profile: Profile | None) -> None:
        """The swatches show their total ink against the chosen preflight profile's limit."""
        settings = profile.settings("total-ink") if profile is not None else None
        if profile is not None and settings is not None:
            self.swatches_panel.set_ink_limit(float(settings.get("max_percent", 240)), profile.name)

    def set_author(self, name: str) -> None:
        self.story_editor.author = name
        self.proof_panel.author = name

    def update_proof_marks(self) -> None:
        """The proof view's boxes from the proof panel's latest findings (see proof/marks.py)."""
        window = self.window
        marks = proof_marks(
            window.document.edition,
            window.document.layout,
            self.proof_panel.misspellings,
            self.proof_panel.bad_breaks,
        )
        window.view.set_proof_marks(marks)

    def _new_story(self) -> None:
        self.window.commands.trigger("type.new_story")

    def shutdown(self) -> None:
        self.suggestions.shutdown()
