"""The main window: menus, toolbars, the canvas with rulers, the undo history, the status bar,
and the file commands (open, save, save as, recent files, export)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings, Qt, QTimer
from PySide6.QtGui import QAction, QActionGroup, QKeySequence
from PySide6.QtWidgets import (
    QDockWidget,
    QFileDialog,
    QGridLayout,
    QLabel,
    QMainWindow,
    QMessageBox,
    QUndoView,
    QWidget,
)

from epaperdesk import __version__
from epaperdesk.geometry import Rect, from_points
from epaperdesk.io.epd import EpdError, SaveError, load_edition
from epaperdesk.io.images import ImageError
from epaperdesk.io.importers import import_edit
from epaperdesk.io.locks import is_mine, is_stale, read_lock
from epaperdesk.io.recovery import discard_recovery
from epaperdesk.model.corrections import KINDS, NEEDS_TEXT
from epaperdesk.model.edits import EditError, SetFrameProperty
from epaperdesk.model.frames import ImageFrame, TextFrame
from epaperdesk.model.pages import detach_master_frame
from epaperdesk.proof.spellcheck import SpellChecker
from epaperdesk.typeset.hittest import range_boxes
from epaperdesk.typeset.variables import NAMES as VARIABLE_NAMES
from epaperdesk.ui.budget_panel import BudgetPanel
from epaperdesk.ui.canvas import CanvasView
from epaperdesk.ui.document import Document, SaveConflict
from epaperdesk.ui.import_dialog import ImportDialog
from epaperdesk.ui.pages_panel import PagesPanel
from epaperdesk.ui.photo_panel import PhotoPanel
from epaperdesk.ui.placing import IMAGE_FILTER, drop_files, place_picture
from epaperdesk.ui.preferences import PreferencesDialog, apply_theme, load_preferences, save_preferences
from epaperdesk.ui.preflight_panel import PreflightPanel
from epaperdesk.ui.proof_panel import ProofPanel
from epaperdesk.ui.rulers import RULER, Ruler
from epaperdesk.ui.safety import Autosaver, EditionLock
from epaperdesk.ui.spelling import Suggestions
from epaperdesk.ui.story_editor import StoryEditor

MAX_RECENT = 8
FILE_FILTER = "EpaperDesk editions (*.epd)"


def about_text() -> str:
    """Versions of EpaperDesk and what it is built on, and the licences of what it ships."""
    import platform
    from importlib.metadata import PackageNotFoundError, version

    from PySide6.QtCore import qVersion

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


def shortcut_list(window) -> list[tuple[str, str]]:
    """(command, keys) for every action of the window, in menu order, without duplicates."""
    rows, seen = [], set()
    for menu_action in window.menuBar().actions():
        menu = menu_action.menu()
        if menu is None:
            continue
        for action in menu.actions():
            if action.isSeparator() or action.menu() is not None or id(action) in seen:
                continue
            seen.add(id(action))
            keys = action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
            rows.append((f"{menu_action.text().replace('&', '')} → {action.text().replace('&', '')}", keys or "—"))
    return rows


def settings() -> QSettings:
    return QSettings("EpaperDesk", "EpaperDesk")


def recent_files() -> list[str]:
    """The recent-files list (QSettings returns a lone entry as a plain string)."""
    value = settings().value("recent", []) or []
    return [value] if isinstance(value, str) else [str(v) for v in value]


class MainWindow(QMainWindow):
    def __init__(self, document: Document) -> None:
        super().__init__()
        self.document: Document | None = None
        self.view: CanvasView | None = None
        self.preferences = load_preferences()
        self.unit = self.preferences.units
        self.setMinimumSize(800, 600)
        self.setAccessibleName("EpaperDesk")
        apply_theme(self.preferences.high_contrast)
        self._build_status_bar()
        self._build_actions()
        self._build_menus()
        self.set_document(document)

    # -- document -------------------------------------------------------------------------------

    def set_document(self, document: Document) -> None:
        old = self.document
        if old is not None:
            self._release(old)
        self.document = document
        self.autosaver = Autosaver(document)
        self.draft_action.setChecked(False)  # a new document is set with total fit
        self.autosaver.failed.connect(lambda message: self.statusBar().showMessage(message, 10000))
        self.lock = EditionLock(document.path, self) if (document.path and not document.read_only) else None
        self.view = CanvasView(document, self)
        self.view.snapping = self.preferences.snapping
        self.view.pointer_moved.connect(self._show_pointer)
        self.view.zoom_changed.connect(
            lambda z: self.zoom_label.setText(f"{z * 72 / self.view.logicalDpiX() * 100:.0f} %")
        )
        self.view.selection_changed.connect(self._selection_changed)
        self.view.text_double_clicked.connect(self.edit_story_at)
        self.view.verticalScrollBar().valueChanged.connect(lambda _: self._update_page_label())
        self.view.files_dropped.connect(lambda paths, i, x, y, f: drop_files(self, paths, i, x, y, f))
        self._attach_panels(document)
        self.hruler = Ruler(self.view, Qt.Orientation.Horizontal, self.unit)
        self.vruler = Ruler(self.view, Qt.Orientation.Vertical, self.unit)
        central = QWidget()
        grid = QGridLayout(central)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setSpacing(0)
        corner = QWidget()
        corner.setFixedSize(RULER, RULER)
        grid.addWidget(corner, 0, 0)
        grid.addWidget(self.hruler, 0, 1)
        grid.addWidget(self.vruler, 1, 0)
        grid.addWidget(self.view, 1, 1)
        self.setCentralWidget(central)
        self.undo_view.setStack(document.undo_stack)
        document.modified_changed.connect(self._update_title)
        document.path_changed.connect(lambda _: self._update_title())
        document.layout_changed.connect(self._update_page_label)
        self._rebind_undo_actions()
        self._update_title()
        self._update_page_label()
        self._selection_changed([])
        if old is not None:
            old.deleteLater()
        QTimer.singleShot(0, self.view.fit_page)

    def _attach_panels(self, document: Document) -> None:
        """The story editor and photo panel docks (made once, shown the new document)."""
        if getattr(self, "story_editor", None) is None:
            self.spell_checker = SpellChecker()
            self.suggestions = Suggestions(self)
            self.story_editor = StoryEditor(document, checker=self.spell_checker, suggestions=self.suggestions)
            self.story_editor.author = self.preferences.user_name
            self.story_editor.message.connect(lambda text: self.statusBar().showMessage(text, 8000))
            self.story_editor.new_story_requested.connect(self.new_story)
            self.story_dock = QDockWidget("Story Editor", self)
            self.story_dock.setObjectName("story-editor")
            self.story_dock.setWidget(self.story_editor)
            self.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.story_dock)
            self.photo_panel = PhotoPanel(document)
            self.photo_panel.message.connect(lambda text: self.statusBar().showMessage(text, 8000))
            self.photo_panel.place_requested.connect(self.place_photo)
            self.photo_dock = QDockWidget("Photo", self)
            self.photo_dock.setObjectName("photo")
            self.photo_dock.setWidget(self.photo_panel)
            self.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.photo_dock)
            self.splitDockWidget(self.story_dock, self.history_dock, Qt.Orientation.Vertical)
            self.tabifyDockWidget(self.history_dock, self.photo_dock)
            self.proof_panel = ProofPanel(document, self.spell_checker, self.suggestions)
            self.proof_panel.author = self.preferences.user_name
            self.proof_panel.message.connect(lambda text: self.statusBar().showMessage(text, 8000))
            self.proof_panel.locate.connect(self.show_text)
            self.proof_panel.refreshed.connect(self._update_proof_marks)
            self.proof_panel.capitals_changed.connect(lambda: self.story_editor.highlighter.rehighlight())
            self.proof_dock = QDockWidget("Proof", self)
            self.proof_dock.setObjectName("proof")
            self.proof_dock.setWidget(self.proof_panel)
            self.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.proof_dock)
            self.tabifyDockWidget(self.photo_dock, self.proof_dock)
            self.preflight_panel = PreflightPanel(document, self.spell_checker)
            self.preflight_panel.locate.connect(self.show_finding)
            self.preflight_panel.changed.connect(self._preflight_changed)
            self.preflight_panel.message.connect(lambda text: self.statusBar().showMessage(text, 8000))
            self.preflight_dock = QDockWidget("Preflight", self)
            self.preflight_dock.setObjectName("preflight")
            self.preflight_dock.setWidget(self.preflight_panel)
            self.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.preflight_dock)
            self.tabifyDockWidget(self.proof_dock, self.preflight_dock)
            self.pages_panel = PagesPanel(document)
            self.pages_panel.page_chosen.connect(self._go_to_page)
            self.pages_panel.masters_toggled.connect(self.edit_masters)
            self.pages_panel.message.connect(lambda text: self.statusBar().showMessage(text, 8000))
            self.pages_dock = QDockWidget("Pages", self)
            self.pages_dock.setObjectName("pages")
            self.pages_dock.setWidget(self.pages_panel)
            self.addDockWidget(Qt.DockWidgetArea.LeftDockWidgetArea, self.pages_dock)
            self.budget_panel = BudgetPanel(document)
            self.budget_panel.story_chosen.connect(self.go_to_story)
            self.budget_panel.message.connect(lambda text: self.statusBar().showMessage(text, 8000))
            self.budget_dock = QDockWidget("Story Budget", self)
            self.budget_dock.setObjectName("budget")
            self.budget_dock.setWidget(self.budget_panel)
            self.addDockWidget(Qt.DockWidgetArea.LeftDockWidgetArea, self.budget_dock)
            self.tabifyDockWidget(self.pages_dock, self.budget_dock)
            self.pages_dock.raise_()
            QTimer.singleShot(
                0, lambda: self.resizeDocks([self.pages_dock, self.story_dock], [220, 420], Qt.Orientation.Horizontal)
            )
            self.resizeDocks([self.story_dock, self.history_dock], [640, 300], Qt.Orientation.Vertical)
            self.resizeDocks([self.story_dock], [440], Qt.Orientation.Horizontal)
            self._build_panel_menu()
        else:
            self.story_editor.set_document(document)
            self.photo_panel.set_document(document)
            self.proof_panel.set_document(document)
            self.pages_panel.set_document(document)
            self.budget_panel.set_document(document)
            self.preflight_panel.set_document(document)
            self.pages_panel.masters_button.setChecked(False)
        self.story_editor.text_selected.connect(self.view.set_text_highlight)

    def _release(self, document: Document) -> None:
        """Let go of a document being closed: its lock, and (if nothing is unsaved) its
        recovery copy."""
        if getattr(self, "lock", None) is not None:
            self.lock.release()
            self.lock.deleteLater()
            self.lock = None
        if not document.is_modified:
            self.autosaver.discard()

    def restore(self, entry) -> bool:
        """Open an autosaved copy left by a crash, as unsaved changes to its original file."""
        try:
            edition = load_edition(entry.copy)
        except EpdError as error:
            QMessageBox.warning(self, "Cannot restore", str(error))
            return False
        document = Document(edition, entry.original)
        document.undo_stack.resetClean()  # what was restored is not saved yet
        self.set_document(document)
        discard_recovery(entry)
        self.autosaver.autosave()
        self._update_title()
        return True

    def _update_title(self, *_args) -> None:
        name = self.document.path.name if self.document.path else "Untitled"
        if self.document.read_only:
            name += " (read-only)"
        self.setWindowTitle(f"{name}[*] — EpaperDesk")
        self.setWindowModified(self.document.is_modified)

    def _update_page_label(self) -> None:
        if self.view.scene_.masters_mode:
            masters = self.document.edition.masters
            index = self.view.current_page()
            name = masters[index].name or masters[index].id if 0 <= index < len(masters) else ""
            self.page_label.setText(f"Master page {index + 1} of {len(masters)} ({name})")
            return
        count = len(self.document.edition.pages)
        current = self.view.current_page() + 1 if count else 0
        overset = sum(1 for r in self.document.layout.stories.values() if r.overset_lines)
        self.page_label.setText(f"Page {current} of {count}" + (f" · {overset} overset" if overset else ""))

    def _show_pointer(self, x: float, y: float) -> None:
        self.position_label.setText(f"x {from_points(x, self.unit):.1f}  y {from_points(y, self.unit):.1f} {self.unit}")

    def _selection_changed(self, selected: list) -> None:
        has = bool(selected)
        for action in (
            self.delete_action,
            self.duplicate_action,
            self.lock_action,
            self.forward_action,
            self.backward_action,
            self.unlink_action,
        ):
            action.setEnabled(has)
        self.link_action.setEnabled(len(selected) in (1, 2))
        self._show_in_panels(selected)
        if len(selected) == 1:
            frame = self.document.edition.frame_by_id(selected[0])
            r = frame.rect
            u = self.unit
            self.statusBar().showMessage(
                f"{frame.kind} frame {frame.id}: {from_points(r.width, u):.1f} × {from_points(r.height, u):.1f} {u}"
                + (" (locked)" if frame.locked else ""),
                4000,
            )
        self._update_page_label()

    def _show_in_panels(self, selected: list) -> None:
        """A selected text frame shows its story in the editor; a photo frame its picture
        and caption in the photo panel (and its caption story in the editor)."""
        if getattr(self, "story_editor", None) is None:
            return
        frame = None
        if len(selected) == 1:
            try:
                frame = self.document.edition.frame_by_id(selected[0])
            except KeyError:
                frame = None
        self.photo_panel.show_frame(frame.id if isinstance(frame, ImageFrame) else None)
        if isinstance(frame, ImageFrame):
            if frame.caption_story_id:
                self.story_editor.open_story(frame.caption_story_id)
            self.photo_dock.raise_()
        elif isinstance(frame, TextFrame):
            story_id = self.document.edition.thread_head(frame).story_id
            if story_id is not None and story_id != self.story_editor.story_id:
                self.story_editor.open_story(story_id)

    def new_story(self) -> str:
        """A new, empty story: placed in the selected text frame when that frame is empty
        (one undoable step), opened in the story editor."""
        from epaperdesk.model.edits import AddStory
        from epaperdesk.model.story import Story

        edition = self.document.edition
        story_id = edition.new_id("story")
        style = "body" if "body" in edition.paragraph_styles else next(iter(edition.paragraph_styles))
        frame = self._empty_selected_text_frame()
        stack = self.document.undo_stack
        stack.beginMacro("New story")
        try:
            self.document.push(AddStory(Story(story_id, "", [style], {}, edition.language, "New story")), "New story")
            if frame is not None:
                self.document.push(SetFrameProperty(frame, "story_id", None, story_id), "Place story")
        finally:
            stack.endMacro()
        self.edit_story_at(story_id, 0)
        return story_id

    def _go_to_page(self, index: int) -> None:
        if self.view.scene_.masters_mode:
            self.pages_panel.masters_button.setChecked(False)
        self.view.go_to_page(index)
        self._update_page_label()

    def edit_masters(self, on: bool) -> None:
        """Show the master pages on the canvas (to edit their items), or the pages again."""
        self.view.set_selection([])
        self.view.scene_.set_masters_mode(on)
        self.view.go_to_page(0)
        self.statusBar().showMessage(
            "Editing master pages: what you change shows on every page that uses them" if on else "Back to the pages",
            6000,
        )
        self._update_page_label()

    def go_to_story(self, story_id: str) -> None:
        """Select a story's first frame on its page and open it in the story editor."""
        frames = self.document.edition.story_frames(story_id)
        if frames and not self.view.scene_.masters_mode:
            page, frame = self.document.edition.find_frame(frames[0].id)
            if page in self.document.edition.pages:
                index = self.document.edition.pages.index(page)
                origin = self.view.scene_.page_origin(index)
                self.view.centerOn(
                    origin.x() + frame.rect.x + frame.rect.width / 2, origin.y() + frame.rect.y + frame.rect.height / 2
                )
                self.view.set_selection([frame.id])
        self.story_dock.show()
        self.story_editor.open_story(story_id)

    def override_master_item(self) -> None:
        """Detach a master item on the current page: it becomes the page's own, to edit here."""
        from PySide6.QtWidgets import QInputDialog

        if self.view.scene_.masters_mode:
            return
        edition = self.document.edition
        page = edition.pages[self.view.current_page()]
        master = edition.master_of(page)
        if master is None:
            self.statusBar().showMessage("This page uses no master page", 5000)
            return
        choices = [f"{f.id} ({f.kind})" for f in master.frames if f.id not in page.hidden_master_frames]
        if not choices:
            self.statusBar().showMessage("Every master item is overridden on this page already", 5000)
            return
        choice, ok = QInputDialog.getItem(
            self,
            "Override Master Item",
            f"Which item of master “{master.name or master.id}” becomes this page's own?",
            choices,
            0,
            False,
        )
        if not ok:
            return
        try:
            edit, frame_id = detach_master_frame(edition, page.id, choice.split(" ")[0])
            self.document.push(edit, "Override master item")
        except EditError as error:
            self.statusBar().showMessage(str(error), 6000)
            return
        self.view.set_selection([frame_id])

    def insert_variable(self, name: str) -> None:
        self.story_dock.show()
        if self.story_editor.story is None:
            self.statusBar().showMessage("Open a story in the story editor first", 5000)
            return
        self.story_editor.galley.insertPlainText("{{" + name + "}}")
        self.story_editor.galley.setFocus()

    def show_text(self, story_id: str, start: int, end: int) -> None:
        """Go to a story range: selected in the story editor, the page scrolled to it."""
        self.story_dock.show()
        self.story_editor.open_story(story_id, start, end)
        for index, display in enumerate(self.document.layout.pages):
            if display is None:
                continue
            boxes = range_boxes(display, story_id, start, max(end, start + 1))
            if boxes:
                origin = self.view.scene_.page_origin(index)
                self.view.centerOn(origin.x() + boxes[0].x, origin.y() + boxes[0].y)
                break

    def _update_proof_marks(self) -> None:
        """Boxes for the proof view: unknown words, bad breaks and open corrections."""
        layout, edition = self.document.layout, self.document.edition
        marks = []
        wanted = []
        for miss in self.proof_panel.misspellings:
            wanted.append((miss.story_id, miss.start, miss.end, "spelling", ""))
        for bad in self.proof_panel.bad_breaks:
            if bad.severity == "warning":
                wanted.append((bad.story_id, bad.start, bad.end, "break", ""))
        number = 0
        for correction in edition.corrections.values():
            if correction.status not in ("open", "accepted"):
                continue
            number += 1
            start, end = edition.stories[correction.story_id].anchors[correction.id]
            wanted.append((correction.story_id, start, end, correction.kind, f"{correction.id}: {correction.label}"))
        for index, display in enumerate(layout.pages):
            if display is None:
                continue
            stories_here = {line.story_id for line in display.lines}
            for story_id, start, end, kind, note in wanted:
                if story_id not in stories_here:
                    continue
                for i, box in enumerate(range_boxes(display, story_id, start, end)):
                    marks.append((index, kind, box, note if i == 0 else ""))
        self.view.set_proof_marks(marks)

    def _toggle_proof_view(self, on: bool) -> None:
        self.view.proof_view = on
        if on:
            self.proof_panel.refresh()
        self.view.viewport().update()

    def check_spelling(self) -> None:
        self.proof_dock.show()
        self.proof_dock.raise_()
        self.proof_panel.tabs.setCurrentIndex(0)
        self.proof_panel.refresh()

    def export_proof(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, "Export Proof PDF", str(self._folder()), "PDF (*.pdf)")
        if not path:
            return
        from epaperdesk.export import ExportError
        from epaperdesk.export.proof_pdf import export_proof

        try:
            count = export_proof(self.document.edition, path, self.document.typesetter)
        except ExportError as error:
            QMessageBox.warning(self, "Cannot export the proof", str(error))
            return
        self.statusBar().showMessage(f"Exported {path} with {count} corrections as PDF comments", 6000)

    def import_comments(self, path: str | None = None) -> None:
        """Turn the comments of an annotated proof PDF into corrections (one undoable step)."""
        if path is None:
            path, _ = QFileDialog.getOpenFileName(self, "Import PDF Comments", str(self._folder()), "PDF (*.pdf)")
            if not path:
                return
        from epaperdesk.export.proof_pdf import CommentError, import_comments

        try:
            result = import_comments(self.document.edition, path, self.document.typesetter, self.preferences.user_name)
        except CommentError as error:
            QMessageBox.warning(self, "Cannot import comments", str(error))
            return
        if result.edit is not None:
            self.document.push(result.edit, f"Import {len(result.corrections)} PDF comments")
        lines = [f"{len(result.corrections)} comments became corrections."]
        if result.skipped:
            lines.append(f"{len(result.skipped)} were already in the edition.")
        if result.unplaced:
            lines.append("Not placed:\n" + "\n".join(result.unplaced))
        self.proof_dock.show()
        self.proof_panel.tabs.setCurrentIndex(2)
        self.proof_panel.refresh()
        QMessageBox.information(self, "PDF comments", "\n\n".join(lines))

    def edit_story_at(self, story_id: str, position: int) -> None:
        """Open the story editor on a story, the cursor at `position` (-1: where it was)."""
        self.story_dock.show()
        self.story_dock.raise_()
        self.story_editor.open_story(story_id, position if position >= 0 else None)
        self.story_editor.galley.setFocus()

    def _editor_action(self, method: str, *args) -> None:
        self.story_dock.show()
        getattr(self.story_editor, method)(*args)

    # -- bringing files in ---------------------------------------------------------------------------

    def place_photo(self) -> None:
        """Place a picture into the selected photo frame, or as a new frame on the page."""
        path, _ = QFileDialog.getOpenFileName(self, "Place Photo", str(self._folder()), IMAGE_FILTER)
        if path:
            self.place_photo_file(path)

    def place_photo_file(self, path: str) -> str | None:
        selected = self.view.selected
        target = None
        if len(selected) == 1 and isinstance(self.document.edition.frame_by_id(selected[0]), ImageFrame):
            target = selected[0]
        index = self.view.current_page()
        page = self.document.edition.pages[index]
        try:
            frame_id = place_picture(self.document, path, index, page.margins.inside, page.margins.top, target)
        except (ImageError, EditError) as error:
            self.report_problems("Cannot place the picture", [str(error)])
            return None
        self.view.set_selection([frame_id])
        return frame_id

    def import_copy(self, path: str | None = None, frame_id: str | None = None) -> bool:
        """Import a text, Markdown or Word file (asks where and how in a dialog)."""
        editor = self.story_editor
        if frame_id:
            frame = self.document.edition.frame_by_id(frame_id)
            story_id = self.document.edition.thread_head(frame).story_id if isinstance(frame, TextFrame) else None
            if story_id:
                editor.open_story(story_id)
        dialog = ImportDialog(self.document.edition, path, editor.story is not None, editor.story is not None, self)
        if not dialog.exec():
            return False
        start, end = editor.selection()
        try:
            edit, story_id = import_edit(
                self.document.edition,
                dialog.copy,
                dialog.options(),
                dialog.target(),
                editor.story_id,
                start,
                end,
                Path(dialog.path_edit.text()).stem,
            )
            self.document.undo_stack.beginMacro("Import copy")
            try:
                self.document.push(edit, "Import copy")
                empty = self._empty_selected_text_frame()
                if dialog.target() == "new" and empty is not None:
                    self.document.push(SetFrameProperty(empty, "story_id", None, story_id), "Place story")
            finally:
                self.document.undo_stack.endMacro()
        except EditError as error:
            self.report_problems("Cannot import", [str(error)])
            return False
        self.edit_story_at(story_id, -1)
        self.statusBar().showMessage(f"Imported {Path(dialog.path_edit.text()).name}", 5000)
        return True

    def _empty_selected_text_frame(self) -> str | None:
        if len(self.view.selected) != 1:
            return None
        frame = self.document.edition.frame_by_id(self.view.selected[0])
        if (
            isinstance(frame, TextFrame)
            and frame.story_id is None
            and self.document.edition.previous_in_thread(frame.id) is None
        ):
            return frame.id
        return None

    def report_problems(self, title: str, problems: list[str]) -> None:
        QMessageBox.warning(self, title, "\n\n".join(problems))

    # -- building ---------------------------------------------------------------------------------

    def _preflight_changed(self, text: str, worst: str) -> None:
        colour = {"error": "#c00000", "warning": "#b06000"}.get(worst, "#207020")
        self.preflight_button.setText(("● " if worst else "✓ ") + text)
        self.preflight_button.setStyleSheet(f"color: {colour}; border: none; padding: 0 6px;")
        self.preflight_button.setAccessibleDescription(text)

    def show_finding(self, finding) -> None:
        """Go to what a preflight finding is about: its text, or its frame on its page."""
        if finding.story_id and not finding.frame_id:
            self.show_text(finding.story_id, finding.start, finding.end)
            return
        if finding.frame_id:
            frame_id = finding.frame_id.split("~", 1)[-1]
            if finding.page:
                self.view.go_to_page(finding.page - 1)
            try:
                self.document.edition.frame_by_id(frame_id)
            except KeyError:
                return
            self.view.set_selection([frame_id])
            if finding.story_id:
                self.story_dock.show()
                self.story_editor.open_story(finding.story_id)
        elif finding.page:
            self.view.go_to_page(finding.page - 1)

    def _build_status_bar(self) -> None:
        from PySide6.QtWidgets import QToolButton

        self.preflight_button = QToolButton()
        self.preflight_button.setAccessibleName("Preflight status")
        self.preflight_button.setToolTip("Preflight: click for the findings")
        self.preflight_button.clicked.connect(lambda: (self.preflight_dock.show(), self.preflight_dock.raise_()))
        self.preflight_button.setText("Preflight: checking…")
        self.statusBar().addPermanentWidget(self.preflight_button)
        self.position_label = QLabel("")
        self.zoom_label = QLabel("")
        self.page_label = QLabel("")
        for label in (self.page_label, self.zoom_label, self.position_label):
            self.statusBar().addPermanentWidget(label)
        self.undo_view = QUndoView()
        self.undo_view.setAccessibleName("Undo history")
        dock = QDockWidget("History", self)
        dock.setObjectName("history")
        dock.setWidget(self.undo_view)
        self.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, dock)
        self.history_dock = dock

    def _action(self, text: str, slot, shortcut=None, tip: str = "", checkable: bool = False) -> QAction:
        action = QAction(text, self)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        if tip:
            action.setStatusTip(tip)
            action.setToolTip(tip)
        action.setCheckable(checkable)
        action.triggered.connect(slot)
        self.addAction(action)
        return action

    def _build_actions(self) -> None:
        K = QKeySequence.StandardKey
        self.open_action = self._action("&Open…", self.open_file, K.Open, "Open an edition")
        self.save_action = self._action("&Save", self.save, K.Save, "Save the edition")
        self.save_as_action = self._action("Save &As…", self.save_as, K.SaveAs, "Save the edition under a new name")
        self.export_action = self._action("&Export PDF…", self.export_pdf, "Ctrl+E", "Export a print PDF")
        self.quit_action = self._action("&Quit", self.close, K.Quit, "Quit EpaperDesk")
        self.undo_action = QAction("&Undo", self)
        self.redo_action = QAction("&Redo", self)
        self.delete_action = self._action(
            "&Delete", lambda: self.view.delete_selection(), K.Delete, "Delete the selected frames"
        )
        self.duplicate_action = self._action(
            "D&uplicate", lambda: self.view.duplicate_selection(), "Ctrl+D", "Duplicate the selected frames"
        )
        self.select_all_action = self._action(
            "Select &All", self.select_all, K.SelectAll, "Select every frame on the page"
        )
        self.lock_action = self._action(
            "&Lock or Unlock", lambda: self.view.toggle_lock(), "Ctrl+L", "Lock frames against moving"
        )
        self.zoom_in_action = self._action("Zoom &In", lambda: self.view.zoom_by(1.25), K.ZoomIn)
        self.zoom_out_action = self._action("Zoom &Out", lambda: self.view.zoom_by(0.8), K.ZoomOut)
        self.fit_page_action = self._action("Fit &Page", lambda: self.view.fit_page(), "Ctrl+0")
        self.fit_width_action = self._action("Fit &Width", lambda: self.view.fit_width(), "Ctrl+Shift+0")
        self.actual_action = self._action("&Actual Size", lambda: self.view.actual_size(), "Ctrl+1")
        self.next_page_action = self._action("&Next Page", lambda: self._go(1), "Ctrl+PgDown")
        self.previous_page_action = self._action("P&revious Page", lambda: self._go(-1), "Ctrl+PgUp")
        self.snap_action = self._action("&Snap to Guides and Frames", self._toggle_snap, "Ctrl+;", checkable=True)
        self.snap_action.setChecked(True)
        self.threads_action = self._action("Show &Threads", self._toggle_threads, "Ctrl+Alt+Y", checkable=True)
        self.threads_action.setChecked(True)
        self.text_frame_action = self._action(
            "New &Text Frame", lambda: self._new_frame("text"), "Ctrl+Shift+T", "Add a text frame to the page"
        )
        self.image_frame_action = self._action(
            "New &Photo Frame", lambda: self._new_frame("image"), "Ctrl+Shift+F", "Add a photo frame to the page"
        )
        self.link_action = self._action("&Link Frames", self._link, "Ctrl+K", "Continue the story in another frame")
        self.unlink_action = self._action("U&nlink Frame", lambda: self.view.unlink_selection(), "Ctrl+Shift+K")
        self.forward_action = self._action("Bring &Forward", lambda: self.view.restack(1), "Ctrl+]")
        self.backward_action = self._action("Send &Backward", lambda: self.view.restack(-1), "Ctrl+[")
        self.content_action = self._action(
            "Edit Image in &Frame",
            self._toggle_content,
            "Ctrl+Return",
            "Pan and scale the picture inside a photo frame",
            checkable=True,
        )
        self.image_larger_action = self._action("Scale Image &Up", lambda: self.view.scale_image(1.05), "Ctrl+Alt+=")
        self.image_smaller_action = self._action(
            "Scale Image Do&wn", lambda: self.view.scale_image(1 / 1.05), "Ctrl+Alt+-"
        )
        self.place_action = self._action(
            "&Place Photo…",
            self.place_photo,
            "Ctrl+Shift+D",
            "Put a picture into the selected photo frame, or onto the page",
        )
        self.import_action = self._action(
            "&Import Copy…",
            lambda: self.import_copy(),
            "Ctrl+Shift+I",
            "Bring in a text, Markdown or Word file as a story",
        )
        self.find_action = self._action(
            "&Find and Replace…",
            lambda: self._editor_action("show_find"),
            K.Find,
            "Find and replace in the story or the whole edition",
        )
        self.bold_action = self._action(
            "&Bold", lambda: self._editor_action("toggle_character_style", "bold"), "Ctrl+B"
        )
        self.italic_action = self._action(
            "&Italic", lambda: self._editor_action("toggle_character_style", "italic"), "Ctrl+I"
        )
        self.small_caps_action = self._action(
            "&Small Caps", lambda: self._editor_action("toggle_character_style", "small-caps"), "Ctrl+Alt+C"
        )
        self.fit_action = self._action(
            "&Fit Story",
            lambda: self._editor_action("fit"),
            "Ctrl+Alt+F",
            "Bring the story a few lines over or under into its space",
        )
        self.proof_view_action = self._action(
            "&Proof View",
            self._toggle_proof_view,
            "Ctrl+Alt+P",
            "Show unknown words, bad breaks and corrections on the page",
            checkable=True,
        )
        self.spelling_action = self._action(
            "Check &Spelling", self.check_spelling, "F7", "List the edition's unknown words, bad breaks and corrections"
        )
        self.epaper_action = self._action(
            "Export E-&paper Edition…",
            lambda: self.export_epaper(),
            "Ctrl+Alt+W",
            "RGB PDF with bookmarks and jump links, page images, the article package",
        )
        self.preflight_action = self._action(
            "P&reflight",
            lambda: (self.preflight_dock.show(), self.preflight_dock.raise_(), self.preflight_panel.refresh()),
            "Ctrl+Alt+K",
            "Check the edition against the chosen preflight profile",
        )
        self.export_proof_action = self._action(
            "E&xport Proof PDF…",
            self.export_proof,
            "Ctrl+Alt+E",
            "A PDF with the corrections as comments any viewer shows",
        )
        self.import_comments_action = self._action(
            "&Import PDF Comments…",
            lambda: self.import_comments(),
            "Ctrl+Alt+M",
            "Turn a proofreader's PDF comments into corrections",
        )
        self.mark_actions = {}
        mark_keys = {"delete": "Ctrl+Alt+X", "insert": "Ctrl+Alt+N", "replace": "Ctrl+Alt+R", "query": "Ctrl+Alt+Q"}
        for kind, label in KINDS.items():
            self.mark_actions[kind] = self._action(
                label + ("…" if kind in NEEDS_TEXT else ""),
                lambda _=False, k=kind: self._editor_action("mark", k),
                mark_keys.get(kind),
                "Mark a correction on the story editor's selection",
            )
        self.override_action = self._action(
            "&Override Master Item…",
            self.override_master_item,
            "Ctrl+Alt+O",
            "Make a master item this page's own, to change it here alone",
        )
        self.variable_actions = [
            self._action(
                label,
                lambda _=False, n=name: self.insert_variable(n),
                None,
                f"Insert {{{{{name}}}}}: set as its value on each page",
            )
            for name, label in VARIABLE_NAMES.items()
        ]
        self.about_action = self._action("&About EpaperDesk", self.about)
        self.shortcuts_action = self._action(
            "&Keyboard Shortcuts", self.show_shortcuts, "F1", "List every command and its keys"
        )
        self.house_action = self._action(
            "&House Settings…",
            self.edit_house_settings,
            "Ctrl+Alt+U",
            "Copyfit limits and the wording of jump lines for this edition",
        )
        self.preferences_action = self._action(
            "&Preferences…", self.edit_preferences, "Ctrl+,", "Name, units, language, autosave, snapping, H&J defaults"
        )
        self.contrast_action = self._action(
            "&High Contrast",
            self._toggle_contrast,
            "Ctrl+Alt+H",
            "White on black for the window; the page stays paper white",
            checkable=True,
        )
        self.contrast_action.setChecked(self.preferences.high_contrast)
        self.draft_action = self._action(
            "&Draft Typesetting",
            self._toggle_draft,
            "Ctrl+Alt+D",
            "Set lines first-fit for speed (the PDF export always uses total fit)",
            checkable=True,
        )
        tools = QActionGroup(self)
        self.tool_actions = {}
        for name, text, shortcut in (
            ("select", "Select", "V"),
            ("text", "Draw Text Frame", "T"),
            ("image", "Draw Photo Frame", "F"),
            ("link", "Link Tool", "K"),
        ):
            action = QAction(text, self, checkable=True)
            action.setShortcut(QKeySequence(shortcut))
            action.triggered.connect(lambda _=False, n=name: self.set_tool(n))
            tools.addAction(action)
            self.addAction(action)
            self.tool_actions[name] = action
        self.tool_actions["select"].setChecked(True)

    def _build_menus(self) -> None:
        menu = self.menuBar()
        file = menu.addMenu("&File")
        file.addAction(self.open_action)
        self.recent_menu = file.addMenu("Open &Recent")
        self.recent_menu.aboutToShow.connect(self._fill_recent)
        file.addSeparator()
        for action in (self.save_action, self.save_as_action, self.export_action, self.epaper_action):
            file.addAction(action)
        file.addSeparator()
        file.addAction(self.place_action)
        file.addAction(self.import_action)
        file.addSeparator()
        file.addAction(self.quit_action)
        self.edit_menu = menu.addMenu("&Edit")
        view = menu.addMenu("&View")
        for action in (
            self.zoom_in_action,
            self.zoom_out_action,
            self.fit_page_action,
            self.fit_width_action,
            self.actual_action,
        ):
            view.addAction(action)
        view.addSeparator()
        for action in (self.next_page_action, self.previous_page_action):
            view.addAction(action)
        view.addSeparator()
        view.addAction(self.snap_action)
        view.addAction(self.threads_action)
        view.addAction(self.contrast_action)
        view.addAction(self.draft_action)
        history = self.history_dock.toggleViewAction()
        history.setText("&History Panel")
        history.setShortcut(QKeySequence("Ctrl+Shift+H"))
        view.addAction(history)
        self.view_menu = view
        text_menu = menu.addMenu("&Type")
        for action in (self.bold_action, self.italic_action, self.small_caps_action):
            text_menu.addAction(action)
        text_menu.addSeparator()
        text_menu.addAction(self.fit_action)
        variables = text_menu.addMenu("Insert &Variable")
        for action in self.variable_actions:
            variables.addAction(action)
        self.type_menu = text_menu
        proof = menu.addMenu("&Proof")
        for action in (self.proof_view_action, self.spelling_action, self.preflight_action):
            proof.addAction(action)
        marks = proof.addMenu("&Mark Correction")
        for action in self.mark_actions.values():
            marks.addAction(action)
        proof.addSeparator()
        for action in (self.export_proof_action, self.import_comments_action):
            proof.addAction(action)
        self.proof_menu = proof
        obj = menu.addMenu("&Object")
        for action in (self.text_frame_action, self.image_frame_action):
            obj.addAction(action)
        obj.addSeparator()
        for action in self.tool_actions.values():
            obj.addAction(action)
        obj.addSeparator()
        for action in (
            self.link_action,
            self.unlink_action,
            self.forward_action,
            self.backward_action,
            self.lock_action,
        ):
            obj.addAction(action)
        obj.addSeparator()
        for action in (self.content_action, self.image_larger_action, self.image_smaller_action):
            obj.addAction(action)
        obj.addSeparator()
        obj.addAction(self.override_action)
        help_menu = menu.addMenu("&Help")
        help_menu.addAction(self.shortcuts_action)
        help_menu.addAction(self.about_action)
        toolbar = self.addToolBar("Main")
        toolbar.setObjectName("main-toolbar")
        for action in (self.open_action, self.save_action):
            toolbar.addAction(action)
        toolbar.addSeparator()
        self.toolbar_undo_anchor = toolbar.addSeparator()
        for action in self.tool_actions.values():
            toolbar.addAction(action)
        toolbar.addSeparator()
        for action in (self.zoom_out_action, self.zoom_in_action, self.fit_page_action):
            toolbar.addAction(action)
        self.main_toolbar = toolbar

    def _build_panel_menu(self) -> None:
        pages = self.pages_dock.toggleViewAction()
        pages.setText("&Pages Panel")
        pages.setShortcut(QKeySequence("Ctrl+Alt+G"))
        budget = self.budget_dock.toggleViewAction()
        budget.setText("Story &Budget")
        budget.setShortcut(QKeySequence("Ctrl+Alt+B"))
        story = self.story_dock.toggleViewAction()
        story.setText("&Story Editor")
        story.setShortcut(QKeySequence("Ctrl+Shift+E"))
        photo = self.photo_dock.toggleViewAction()
        photo.setText("P&hoto Panel")
        photo.setShortcut(QKeySequence("Ctrl+Shift+P"))
        self.view_menu.addSeparator()
        for action in (pages, budget, story, photo):
            self.view_menu.addAction(action)
            self.addAction(action)

    def _rebind_undo_actions(self) -> None:
        """Undo and redo follow the document's stack (replaced when a file is opened)."""
        stack = self.document.undo_stack
        for old in (self.undo_action, self.redo_action):
            self.edit_menu.removeAction(old)
            self.main_toolbar.removeAction(old)
            self.removeAction(old)
        self.undo_action = stack.createUndoAction(self, "&Undo")
        self.undo_action.setShortcut(QKeySequence.StandardKey.Undo)
        self.redo_action = stack.createRedoAction(self, "&Redo")
        self.redo_action.setShortcut(QKeySequence.StandardKey.Redo)
        self.addAction(self.undo_action)
        self.addAction(self.redo_action)
        self.edit_menu.clear()
        for action in (self.undo_action, self.redo_action):
            self.edit_menu.addAction(action)
        self.edit_menu.addSeparator()
        for action in (self.delete_action, self.duplicate_action, self.select_all_action, self.lock_action):
            self.edit_menu.addAction(action)
        self.edit_menu.addSeparator()
        self.edit_menu.addAction(self.find_action)
        self.edit_menu.addSeparator()
        self.edit_menu.addAction(self.house_action)
        self.edit_menu.addAction(self.preferences_action)
        self.main_toolbar.insertAction(self.toolbar_undo_anchor, self.undo_action)
        self.main_toolbar.insertAction(self.toolbar_undo_anchor, self.redo_action)

    # -- commands ---------------------------------------------------------------------------------

    def set_tool(self, name: str) -> None:
        self.view.tool = name
        self.tool_actions[name].setChecked(True)
        self.view.setFocus()

    def _new_frame(self, kind: str) -> None:
        index = self.view.current_page()
        page = self.view.scene_.pages()[index]
        m = page.margins
        self.view.add_frame(page, Rect(m.inside, m.top, min(240.0, page.width / 3), 160.0), kind)

    def _link(self) -> None:
        if len(self.view.selected) == 2:
            self.view.link_selection()
        else:
            self.set_tool("link")
            self.statusBar().showMessage("Click the frame the story continues in", 5000)

    def _toggle_snap(self, on: bool) -> None:
        self.view.snapping = on

    def _toggle_threads(self, on: bool) -> None:
        self.view.show_threads = on
        self.view.viewport().update()

    def _toggle_content(self, on: bool) -> None:
        self.view.content_mode = on
        self.view.viewport().update()

    def _go(self, step: int) -> None:
        self.view.go_to_page(self.view.current_page() + step)
        self._update_page_label()

    def select_all(self) -> None:
        page = self.view.scene_.pages()[self.view.current_page()]
        self.view.set_selection([f.id for f in page.frames])

    def maybe_save(self) -> bool:
        """Ask what to do with unsaved changes; False when the user cancels."""
        if not self.document.is_modified:
            return True
        answer = QMessageBox.question(
            self,
            "Unsaved changes",
            f"Save the changes to {self.document.path.name if self.document.path else 'the edition'}?",
            QMessageBox.StandardButton.Save | QMessageBox.StandardButton.Discard | QMessageBox.StandardButton.Cancel,
        )
        if answer == QMessageBox.StandardButton.Save:
            return self.save()
        if answer == QMessageBox.StandardButton.Discard:
            self.autosaver.discard()  # the user let these changes go: nothing to recover
            return True
        return False

    def open_file(self) -> None:
        if not self.maybe_save():
            return
        path, _ = QFileDialog.getOpenFileName(self, "Open edition", str(self._folder()), FILE_FILTER)
        if path:
            self.open_path(Path(path))

    def open_path(self, path: Path | str) -> bool:
        path = Path(path)
        try:
            document = Document.open(path)
        except EpdError as error:
            QMessageBox.warning(self, "Cannot open", str(error))
            return False
        info = read_lock(path)
        if info is not None and not is_mine(info) and not is_stale(info):
            choice = self.ask_locked(path, info.describe())
            if choice == "cancel":
                return False
            document.read_only = choice == "read-only"
        self.set_document(document)
        self._remember(path)
        return True

    def ask_locked(self, path: Path, who: str) -> str:
        """'read-only', 'take-over' or 'cancel' for an edition someone else has open."""
        box = QMessageBox(
            QMessageBox.Icon.Warning, "Edition in use", f"{path.name} is open on another desk: {who}.", parent=self
        )
        read_only = box.addButton("Open Read-Only", QMessageBox.ButtonRole.AcceptRole)
        take_over = box.addButton("Take Over", QMessageBox.ButtonRole.DestructiveRole)
        box.addButton(QMessageBox.StandardButton.Cancel)
        box.exec()
        clicked = box.clickedButton()
        return "read-only" if clicked is read_only else "take-over" if clicked is take_over else "cancel"

    def save(self) -> bool:
        if self.document.path is None:
            return self.save_as()
        return self.save_to(self.document.path)

    def save_as(self) -> bool:
        path, _ = QFileDialog.getSaveFileName(self, "Save edition as", str(self._folder()), FILE_FILTER)
        if not path:
            return False
        if not path.endswith(".epd"):
            path += ".epd"
        return self.save_to(Path(path))

    def save_to(self, path: Path) -> bool:
        try:
            self.document.save(path)
        except SaveConflict as error:
            return self._resolve_conflict(str(error))
        except SaveError as error:
            QMessageBox.warning(self, "Cannot save", f"{error}\n\nThe edition is still open; nothing was lost.")
            return False
        self.autosaver.discard()
        if self.lock is None and not self.document.read_only:
            self.lock = EditionLock(path, self)
        self._remember(path)
        self._update_title()
        self.statusBar().showMessage(f"Saved {path}", 4000)
        return True

    def _resolve_conflict(self, message: str) -> bool:
        """The file changed on disk: save under another name, or reload it (losing ours)."""
        box = QMessageBox(QMessageBox.Icon.Warning, "Changed on disk", message, parent=self)
        save_as = box.addButton("Save As…", QMessageBox.ButtonRole.AcceptRole)
        reload = box.addButton("Reload Theirs", QMessageBox.ButtonRole.DestructiveRole)
        box.addButton(QMessageBox.StandardButton.Cancel)
        box.exec()
        if box.clickedButton() is save_as:
            return self.save_as()
        if box.clickedButton() is reload:
            path = self.document.path
            self.document.undo_stack.setClean()
            return self.open_path(path)
        return False

    def preflight_allows_export(self) -> bool:
        """Preflight before a print export: errors stop it (or ask, as the profile says),
        warnings ask."""
        panel = self.preflight_panel
        panel.refresh()
        profile = panel.profile
        if profile is None:
            return True
        errors = panel.errors()
        warnings = [f for f in panel.findings if f.severity == "warning"]
        listing = "\n".join(
            f"• {f.message}" + (f" (page {f.page})" if f.page else "") for f in (errors + warnings)[:12]
        )
        if errors and profile.on_error == "refuse":
            QMessageBox.warning(
                self, "Export refused", f"The {profile.name} profile refuses to export with errors:\n\n{listing}"
            )
            self.preflight_dock.show()
            self.preflight_dock.raise_()
            return False
        if errors or warnings:
            answer = QMessageBox.question(
                self, "Export anyway?", f"Preflight ({profile.name}) found:\n\n{listing}\n\nExport anyway?"
            )
            return answer == QMessageBox.StandardButton.Yes
        return True

    def export_pdf(self) -> None:
        if not self.preflight_allows_export():
            return
        path, _ = QFileDialog.getSaveFileName(self, "Export print PDF", str(self._folder()), "PDF (*.pdf)")
        if not path:
            return
        from epaperdesk.export import ExportError, PdfOptions, export_pdf  # ReportLab loads only when needed
        from epaperdesk.export.preflight import export_options

        try:
            typesetter = None if self.document.typesetter.draft else self.document.typesetter
            profile = self.preflight_panel.profile
            options = PdfOptions(**(export_options(profile) if profile else {}))
            export_pdf(self.document.edition, path, options, typesetter=typesetter)
        except ExportError as error:
            QMessageBox.warning(self, "Cannot export", str(error))
            return
        self.statusBar().showMessage(f"Exported {path}", 5000)

    def edit_house_settings(self) -> bool:
        from epaperdesk.ui.house_dialog import HouseSettingsDialog

        dialog = HouseSettingsDialog(self.document.edition, self)
        if not dialog.exec() or dialog.edit is None:
            return False
        try:
            self.document.push(dialog.edit, "House settings")
        except EditError as error:
            QMessageBox.warning(self, "House settings", str(error))
            return False
        return True

    def export_epaper(self, folder: str | None = None) -> None:
        """The e-paper edition into a folder: RGB PDF with links, page images, articles.json."""
        if folder is None:
            folder = QFileDialog.getExistingDirectory(self, "Export E-paper Edition", str(self._folder()))
            if not folder:
                return
        from epaperdesk.export import ExportError
        from epaperdesk.export.epaper import export_epaper

        try:
            result = export_epaper(self.document.edition, folder, typesetter=self.document.typesetter)
        except ExportError as error:
            QMessageBox.warning(self, "Cannot export the e-paper edition", str(error))
            return
        self.statusBar().showMessage(
            f"E-paper edition in {result.folder}: {result.articles} articles, {len(result.page_images)} page images",
            8000,
        )

    def about(self) -> None:
        QMessageBox.about(self, "About EpaperDesk", about_text())

    def show_shortcuts(self) -> None:
        """Every command of the window and its keys, in a table."""
        from PySide6.QtWidgets import QDialog, QTableWidget, QTableWidgetItem, QVBoxLayout

        dialog = QDialog(self)
        dialog.setWindowTitle("Keyboard Shortcuts")
        table = QTableWidget(0, 2, dialog)
        table.setHorizontalHeaderLabels(["Command", "Keys"])
        table.setAccessibleName("Keyboard shortcuts")
        for text, keys in shortcut_list(self):
            row = table.rowCount()
            table.insertRow(row)
            table.setItem(row, 0, QTableWidgetItem(text))
            table.setItem(row, 1, QTableWidgetItem(keys))
        table.resizeColumnsToContents()
        layout = QVBoxLayout(dialog)
        layout.addWidget(table)
        dialog.resize(520, 640)
        dialog.exec()

    def edit_preferences(self) -> None:
        dialog = PreferencesDialog(self.preferences, self)
        if dialog.exec():
            self.apply_preferences(dialog.preferences())

    def apply_preferences(self, preferences) -> None:
        """Store and use new preferences at once."""
        save_preferences(preferences)
        self.preferences = preferences
        self.unit = preferences.units
        self.hruler.set_unit(self.unit)
        self.vruler.set_unit(self.unit)
        self.view.snapping = preferences.snapping
        self.snap_action.setChecked(preferences.snapping)
        self.contrast_action.setChecked(preferences.high_contrast)
        apply_theme(preferences.high_contrast)
        self.autosaver.set_minutes(preferences.autosave_minutes)
        self.story_editor.author = preferences.user_name
        self.proof_panel.author = preferences.user_name

    def _toggle_draft(self, on: bool) -> None:
        """First-fit line breaking on the canvas while working on a slow machine."""
        from epaperdesk.typeset.layout import Typesetter

        self.document.typesetter = Typesetter(draft=on)
        self.document.relayout()

    def _toggle_contrast(self, on: bool) -> None:
        from dataclasses import replace

        self.apply_preferences(replace(self.preferences, high_contrast=on))

    def _folder(self) -> Path:
        return self.document.path.parent if self.document and self.document.path else Path.home()

    def _remember(self, path: Path) -> None:
        store = settings()
        entry = str(Path(path).resolve())
        recent = [entry] + [p for p in recent_files() if p != entry]
        store.setValue("recent", recent[:MAX_RECENT])

    def _fill_recent(self) -> None:
        self.recent_menu.clear()
        for entry in recent_files():
            action = self.recent_menu.addAction(entry)
            action.triggered.connect(lambda _=False, p=entry: self.maybe_save() and self.open_path(Path(p)))
        if self.recent_menu.isEmpty():
            self.recent_menu.addAction("(none)").setEnabled(False)

    def closeEvent(self, event) -> None:
        if self.maybe_save():
            self._release(self.document)
            self.suggestions.shutdown()
            event.accept()
        else:
            event.ignore()
