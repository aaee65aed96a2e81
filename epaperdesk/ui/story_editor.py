"""The story editor: a story as galley text beside the page (like InCopy's story view).

The galley is a QTextEdit whose document mirrors one story: one block per paragraph (the
block carries its paragraph style's name), character formats carrying the names of their
character styles. Every change Qt reports (`contentsChange`) becomes one model splice
pushed on the document's undo stack, so the page reflows as the user types; changes made
elsewhere (undo, find/replace, the photo panel) reload the galley from the model. The galley
has no undo of its own: Ctrl+Z undoes through the document.
"""

from __future__ import annotations

from collections.abc import Iterator

from PySide6.QtCore import QPoint, QRect, QSize, Qt, QTimer, Signal
from PySide6.QtGui import (
    QAction,
    QColor,
    QFont,
    QKeyEvent,
    QKeySequence,
    QPainter,
    QPaintEvent,
    QResizeEvent,
    QTextBlock,
    QTextBlockFormat,
    QTextCharFormat,
    QTextCursor,
    QTextFormat,
    QTextFragment,
)
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMenu,
    QPushButton,
    QTextEdit,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from epaperdesk.model.cleanup import CleanupOptions, clean_text
from epaperdesk.model.correcting import mark_correction
from epaperdesk.model.corrections import KINDS, NEEDS_TEXT
from epaperdesk.model.edits import (
    CompositeEdit,
    Edit,
    EditError,
    SetEditionField,
    SetParagraphStyle,
    SetStoryProperty,
    SpliceText,
    format_text,
)
from epaperdesk.model.local_formatting import (
    clear_overrides,
    local_values,
    set_character_local,
    set_paragraph_local,
)
from epaperdesk.model.overrides import character_style, has_overrides, is_local, paragraph_style, style_name
from epaperdesk.model.search import Query, SearchError, find_matches, replace_all, replace_match
from epaperdesk.model.story import PARAGRAPH_SEPARATOR, Fragment, Story
from epaperdesk.model.styles import NO_FIT
from epaperdesk.proof.spellcheck import SpellChecker, accepted_words
from epaperdesk.proof.tokens import words as spelling_words
from epaperdesk.typeset.copyfit import fit_story
from epaperdesk.ui.document import Document
from epaperdesk.ui.spelling import SpellingHighlighter, Suggestions
from epaperdesk.ui.type_strip import TypeStrip, font_families

STYLE_PROPERTY = QTextFormat.Property.UserProperty + 1  # block: the paragraph style's name
CHARS_PROPERTY = QTextFormat.Property.UserProperty + 2  # characters: their character styles, space-separated
STYLE_COLUMN = 92  # pixels at the galley's left for the paragraph style names
LOCAL_FORMAT_COLOUR = QColor(255, 236, 179)  # behind text with local formatting
SHORTCUTS = {"bold": "Ctrl+B", "italic": "Ctrl+I", "small-caps": "Ctrl+Alt+C"}


def snapshot(story: Story) -> tuple:
    """What the galley shows of a story (to tell whether the model changed underneath)."""
    return story.text, tuple(story.paragraph_styles), tuple((k, tuple(v)) for k, v in sorted(story.spans.items()))


class StyleColumn(QWidget):
    """The paragraph style of each paragraph, written beside it (InCopy's galley column)."""

    def __init__(self, galley: Galley) -> None:
        super().__init__(galley)
        self.galley = galley

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.fillRect(self.rect(), self.palette().alternateBase())
        painter.setPen(self.palette().mid().color())
        painter.drawLine(self.width() - 1, 0, self.width() - 1, self.height())
        document = self.galley.document()
        layout = document.documentLayout()
        offset = self.galley.verticalScrollBar().value()
        font = QFont(self.font())
        font.setPointSizeF(max(6.0, font.pointSizeF() * 0.85))
        painter.setFont(font)
        painter.setPen(self.palette().text().color())
        metrics = painter.fontMetrics()
        block = document.firstBlock()
        while block.isValid():
            rect = layout.blockBoundingRect(block)
            y = rect.top() - offset
            if y > self.height():
                break
            if rect.bottom() - offset >= 0:
                entry = str(block.blockFormat().property(STYLE_PROPERTY) or "")
                name = style_name(entry) + ("+" if has_overrides(entry) else "")
                text = metrics.elidedText(str(name), Qt.TextElideMode.ElideRight, self.width() - 8)
                painter.drawText(
                    QRect(4, int(y) + 2, self.width() - 8, metrics.height()), Qt.AlignmentFlag.AlignLeft, text
                )
            block = block.next()


class Galley(QTextEdit):
    undo_requested = Signal()
    redo_requested = Signal()
    leave_requested = Signal()  # Escape: back to the page (where one-letter tool keys work)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setUndoRedoEnabled(False)  # undo goes through the document's stack
        self.setAcceptRichText(False)  # pasted text takes the formatting where it lands
        self.setViewportMargins(STYLE_COLUMN, 0, 0, 0)
        self.column = StyleColumn(self)
        self.verticalScrollBar().valueChanged.connect(self.column.update)
        self.document().contentsChanged.connect(self.column.update)
        self.setAccessibleName("Story text")
        self.typographer_quotes = True  # typed quotes come out curly, as in InDesign by default

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        r = self.contentsRect()
        self.column.setGeometry(QRect(r.left(), r.top(), STYLE_COLUMN, r.height()))

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.matches(QKeySequence.StandardKey.Undo):
            self.undo_requested.emit()
            return
        if event.matches(QKeySequence.StandardKey.Redo):
            self.redo_requested.emit()
            return
        if event.key() == Qt.Key.Key_Escape:
            self.leave_requested.emit()
            return
        if self.typographer_quotes and event.text() in ("'", '"') and not _command_modifiers(event):
            self._type_quote(event.text())
            return
        super().keyPressEvent(event)

    def _type_quote(self, straight: str) -> None:
        """A typed ' or " becomes the typographic quote the house wants: opening after a space,
        a bracket or a dash, closing (or an apostrophe) after a letter, as clean-up does."""
        cursor = self.textCursor()
        start = cursor.selectionStart()
        before = self.document().characterAt(start - 1) if start > 0 else ""
        cursor.insertText(clean_text(straight, before, QUOTES_ONLY))
        self.setTextCursor(cursor)

    def sizeHint(self) -> QSize:
        return QSize(420, 500)


QUOTES_ONLY = CleanupOptions(quotes=True, dashes=False, spaces=False)


def _command_modifiers(event: QKeyEvent) -> bool:
    mods = event.modifiers()
    return bool(mods & (Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier))


class StoryEditor(QWidget):
    """The dock's contents: story picker, style picker, B/I/SC, copyfit, Fit, find and
    replace, and the galley."""

    text_selected = Signal(str, int, int)  # story id, start, end (start == end: the caret)
    message = Signal(str)
    new_story_requested = Signal()
    story_changed = Signal(str)  # the story shown ("" for none)
    style_at_cursor = Signal(str)  # the paragraph style of the paragraph at the cursor
    leave_requested = Signal()  # the user pressed Escape in the galley

    def __init__(
        self,
        document: Document,
        parent: QWidget | None = None,
        checker: SpellChecker | None = None,
        suggestions: Suggestions | None = None,
    ) -> None:
        super().__init__(parent)
        self.document: Document = document
        self.story_id: str | None = None
        self.author = ""  # who marks corrections here (from the preferences)
        self.checker = checker or SpellChecker()
        self.suggestions = suggestions or Suggestions(self)
        self.suggestions.ready.connect(self._suggestions_ready)
        self._menu: QMenu | None = None
        self._mirror: tuple | None = None
        self._updating = False
        self._pushing = False
        self._build()
        document.layout_changed.connect(self._model_changed)
        self._show_document()

    # -- building -----------------------------------------------------------------------------

    def _build(self) -> None:
        self.story_box = QComboBox()
        self.story_box.setAccessibleName("Story")
        self.story_box.setToolTip("The story shown; selecting a text frame on the page shows its story")
        self.story_box.activated.connect(lambda i: self.open_story(self.story_box.itemData(i)))
        self.copyfit_label = QLabel("")
        self.copyfit_label.setAccessibleName("Copyfit")
        self.style_box = QComboBox()
        self.style_box.setAccessibleName("Paragraph style")
        self.style_box.setToolTip("Paragraph style of the paragraphs at the cursor or in the selection")
        self.style_box.activated.connect(lambda i: self.set_paragraph_style(self.style_box.itemText(i)))
        self.style_buttons: dict[str, QToolButton] = {}
        row = QHBoxLayout()
        row.addWidget(self.style_box, 1)
        for name, text, tip in (("bold", "B", "Bold"), ("italic", "I", "Italic"), ("small-caps", "Sc", "Small caps")):
            button = QToolButton()
            button.setText(text)
            button.setCheckable(True)
            button.setToolTip(f"{tip} ({SHORTCUTS[name]})")
            button.setAccessibleName(tip)
            font = button.font()
            font.setBold(name == "bold")
            font.setItalic(name == "italic")
            button.setFont(font)
            button.clicked.connect(lambda _=False, n=name: self.toggle_character_style(n))
            row.addWidget(button)
            self.style_buttons[name] = button
        self.fit_button = QPushButton("Fit")
        self.fit_button.setToolTip(
            "Bring a story a few lines over or under into its space (tracking, within the house limits)"
        )
        self.fit_button.clicked.connect(self.fit)
        self.unfit_button = QPushButton("Unfit")
        self.unfit_button.setToolTip("Take back the story's copyfit adjustment")
        self.unfit_button.clicked.connect(self.unfit)
        self.new_button = QPushButton("New")
        self.new_button.setToolTip("Start a new story (in the selected empty text frame, if there is one)")
        self.new_button.clicked.connect(self.new_story_requested)
        top = QHBoxLayout()
        top.addWidget(self.story_box, 1)
        top.addWidget(self.new_button)
        fit_row = QHBoxLayout()
        fit_row.addWidget(self.copyfit_label, 1)
        fit_row.addWidget(self.fit_button)
        fit_row.addWidget(self.unfit_button)
        self.galley = Galley()
        self.galley.leave_requested.connect(self.leave_requested)
        self.galley.undo_requested.connect(lambda: self.document.undo_stack.undo())
        self.galley.redo_requested.connect(lambda: self.document.undo_stack.redo())
        self.galley.document().contentsChange.connect(self._contents_changed)
        self.galley.cursorPositionChanged.connect(self._cursor_moved)
        self.galley.selectionChanged.connect(self._cursor_moved)
        self.galley.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.galley.customContextMenuRequested.connect(self._context_menu)
        self.highlighter = SpellingHighlighter(self.galley.document(), self.checker)
        self.find_bar = self._build_find_bar()
        self.type_strip = TypeStrip()
        self.type_strip.character_changed.connect(self.set_character_local)
        self.type_strip.paragraph_changed.connect(self.set_paragraph_local)
        self.type_strip.clear_requested.connect(self.clear_overrides)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(top)
        layout.addLayout(fit_row)
        layout.addLayout(row)
        layout.addWidget(self.type_strip)
        layout.addWidget(self.find_bar)
        layout.addWidget(self.galley, 1)
        self.find_bar.hide()

    def _build_find_bar(self) -> QWidget:
        bar = QWidget()
        grid = QGridLayout(bar)
        grid.setContentsMargins(0, 0, 0, 0)
        self.find_edit = QLineEdit()
        self.find_edit.setPlaceholderText("Find")
        self.find_edit.setAccessibleName("Find")
        self.find_edit.returnPressed.connect(self.find_next)
        self.replace_edit = QLineEdit()
        self.replace_edit.setPlaceholderText("Replace with")
        self.replace_edit.setAccessibleName("Replace with")
        self.regex_box = QCheckBox("Regular expression")
        self.case_box = QCheckBox("Match case")
        self.words_box = QCheckBox("Whole words")
        self.scope_box = QComboBox()
        self.scope_box.addItems(["This story", "Whole edition"])
        self.scope_box.setAccessibleName("Search in")
        buttons = QHBoxLayout()
        for text, slot in (
            ("Next", self.find_next),
            ("Replace", self.replace_one),
            ("Replace All", self.replace_everywhere),
        ):
            button = QPushButton(text)
            button.clicked.connect(slot)
            buttons.addWidget(button)
        self.find_status = QLabel("")
        grid.addWidget(self.find_edit, 0, 0, 1, 2)
        grid.addWidget(self.replace_edit, 1, 0, 1, 2)
        grid.addWidget(self.regex_box, 2, 0)
        grid.addWidget(self.case_box, 2, 1)
        grid.addWidget(self.words_box, 3, 0)
        grid.addWidget(self.scope_box, 3, 1)
        grid.addLayout(buttons, 4, 0, 1, 2)
        grid.addWidget(self.find_status, 5, 0, 1, 2)
        return bar

    # -- document and story ---------------------------------------------------------------------

    def set_document(self, document: Document) -> None:
        """Follow another document (the window opened or reverted a file)."""
        try:
            self.document.layout_changed.disconnect(self._model_changed)
        except (RuntimeError, TypeError):
            pass  # the old document is already gone
        self.document = document
        document.layout_changed.connect(self._model_changed)
        self._show_document()

    def _show_document(self) -> None:
        """The story list and styles of the document just given, and no story open yet."""
        self.story_id = None
        self._fill_story_box()
        self._fill_styles()
        self.type_strip.set_families(font_families(self.document.edition))
        self._load()

    def _fill_story_box(self) -> None:
        edition = self.document.edition
        self.story_box.blockSignals(True)
        self.story_box.clear()
        self.story_box.addItem("(no story)", None)
        for story in edition.stories.values():
            self.story_box.addItem(f"{story.name or story.id}  ·  {story.word_count()} words", story.id)
        index = self.story_box.findData(self.story_id)
        self.story_box.setCurrentIndex(max(0, index))
        self.story_box.blockSignals(False)
        self._story_ids = tuple(edition.stories)

    def _fill_styles(self) -> None:
        names = tuple(self.document.edition.paragraph_styles)
        if getattr(self, "_style_names", None) == names:
            return
        self._style_names = names
        self.style_box.blockSignals(True)
        self.style_box.clear()
        self.style_box.addItems(list(names))
        self.style_box.blockSignals(False)

    @property
    def story(self) -> Story | None:
        return self.document.edition.stories.get(self.story_id) if self.story_id else None

    def open_story(self, story_id: str | None, position: int | None = None, end: int | None = None) -> None:
        """Show a story; with `position`, put the cursor there (and select up to `end`)."""
        if story_id != self.story_id:
            self.story_id = story_id if story_id in self.document.edition.stories else None
            self._load()
            index = self.story_box.findData(self.story_id)
            self.story_box.setCurrentIndex(max(0, index))
            self.story_changed.emit(self.story_id or "")
        if position is not None and self.story is not None:
            length = len(self.story.text)
            cursor = self.galley.textCursor()
            cursor.setPosition(max(0, min(position, length)))
            if end is not None:
                cursor.setPosition(max(0, min(end, length)), QTextCursor.MoveMode.KeepAnchor)
            self.galley.setTextCursor(cursor)
            self.galley.ensureCursorVisible()
            self.galley.setFocus()

    # -- galley ⇄ model ------------------------------------------------------------------------

    def _char_format(self, names: frozenset[str] | set[str]) -> QTextCharFormat:
        edition = self.document.edition
        fmt = QTextCharFormat()
        fmt.setProperty(CHARS_PROPERTY, " ".join(sorted(names)))
        weight, italic, caps, local = 400, False, False, False
        for name in names:
            style = character_style(edition.character_styles, name)
            if style is None:
                continue
            local = local or is_local(name)
            weight = style.weight or weight
            italic = italic or bool(style.italic)
            caps = caps or style.small_caps
        fmt.setFontWeight(QFont.Weight.Bold if weight >= 600 else QFont.Weight.Normal)
        fmt.setFontItalic(italic)
        fmt.setFontCapitalization(QFont.Capitalization.SmallCaps if caps else QFont.Capitalization.MixedCase)
        if local:  # local formatting over the styles: marked, as the galley does not set type
            fmt.setBackground(LOCAL_FORMAT_COLOUR)
            fmt.setToolTip("Local formatting: " + ", ".join(n[len("local:") :] for n in sorted(names) if is_local(n)))
        return fmt

    def _block_format(self, style: str) -> QTextBlockFormat:
        fmt = QTextBlockFormat()
        fmt.setProperty(STYLE_PROPERTY, style)
        fmt.setBottomMargin(4)
        return fmt

    def _load(self) -> None:
        """Rebuild the galley from the model, keeping the cursor, selection and scroll."""
        story = self.story
        old_cursor = self.galley.textCursor()
        anchor, position = old_cursor.anchor(), old_cursor.position()
        scroll = self.galley.verticalScrollBar().value()
        self._updating = True
        try:
            document = self.galley.document()
            document.clear()
            self.galley.setReadOnly(story is None)
            self._enable_story_controls(story is not None)
            if story is None:
                self._mirror = None
                self.galley.setPlaceholderText(
                    "No story here.\n\nSelect a text frame that holds one, pick a story above, "
                    "or start one with New (in an empty frame it is placed there)."
                )
                return
            cursor = QTextCursor(document)
            cursor.beginEditBlock()
            for index, (start, end, style) in enumerate(story.paragraphs()):
                if index:
                    cursor.insertBlock(self._block_format(style))
                else:
                    cursor.setBlockFormat(self._block_format(style))
                for a, b, names in _runs(story, start, end):
                    cursor.insertText(story.text[a:b], self._char_format(names))
                if start == end:  # an empty paragraph still carries its format for typing
                    cursor.setCharFormat(self._char_format(frozenset()))
            cursor.endEditBlock()
            self._mirror = snapshot(story)
            length = len(story.text)
            restored = self.galley.textCursor()
            restored.setPosition(min(anchor, length))
            restored.setPosition(min(position, length), QTextCursor.MoveMode.KeepAnchor)
            self.galley.setTextCursor(restored)
            self.galley.verticalScrollBar().setValue(scroll)
        finally:
            self._updating = False
        self._configure_highlighter()
        self._update_copyfit()
        self._cursor_moved()

    def _fragment(self, start: int, end: int) -> Fragment:
        """The galley's text between two positions as a model fragment."""
        document = self.galley.document()
        text_parts: list[str] = []
        marks: list[str] = []
        spans: list[tuple[str, int, int]] = []
        offset = 0
        block = document.findBlock(start)
        while block.isValid() and block.position() <= end:
            block_start = block.position()
            block_end = block_start + block.length() - 1  # the separator's position
            for fragment in _fragments(block):
                if not fragment.isValid():
                    continue
                a = max(start, fragment.position())
                b = min(end, fragment.position() + fragment.length())
                if a >= b:
                    continue
                piece = fragment.text()[a - fragment.position() : b - fragment.position()]
                names = str(fragment.charFormat().property(CHARS_PROPERTY) or "").split()
                for name in names:
                    spans.append((name, offset, offset + len(piece)))
                text_parts.append(piece)
                offset += len(piece)
            if start <= block_end < end and block.next().isValid():
                text_parts.append(PARAGRAPH_SEPARATOR)
                marks.append(str(block.blockFormat().property(STYLE_PROPERTY) or "body"))
                offset += 1
            block = block.next()
        text = "".join(text_parts).replace("\u2028", " ").replace("\u2029", PARAGRAPH_SEPARATOR)
        return Fragment(text, tuple(marks), _merge_spans(spans))

    def _contents_changed(self, position: int, removed: int, added: int) -> None:
        if self._updating or self.story is None:
            return
        story = self.story
        galley_length = self.galley.document().characterCount() - 1
        if position + removed > len(story.text) or galley_length != len(story.text) - removed + added:
            position, removed, added = _difference(story.text, self.galley.toPlainText().replace("\u2029", "\n"))
        inserted = self._fragment(position, position + added)
        old = story.fragment(position, position + removed)
        if inserted.text == old.text:
            if inserted.without_anchors() == old.without_anchors():
                return
            inserted = Fragment(inserted.text, inserted.paragraph_styles, inserted.spans, old.anchors)  # marks stay
        edition = self.document.edition
        unknown = [name for name, _, _ in inserted.spans if character_style(edition.character_styles, name) is None]
        if unknown:
            inserted = Fragment(
                inserted.text,
                inserted.paragraph_styles,
                tuple(s for s in inserted.spans if s[0] not in unknown),
            )
        typing = removed + added <= 2 and PARAGRAPH_SEPARATOR not in inserted.text
        edit = self._with_next_style(SpliceText(story.id, position, old, inserted))
        if edit is not None:
            self._push_and_reload(edit)
            return
        self._pushing = True
        try:
            self.document.push(SpliceText(story.id, position, old, inserted), "Typing", typing=typing)
        except EditError as error:
            self.message.emit(f"Cannot change the story: {error}")
            self._pushing = False
            QTimer.singleShot(0, self, self._load)  # (cancelled if the editor is gone)
            return
        finally:
            self._pushing = False
        self._mirror = snapshot(story)
        self._update_copyfit()

    def _with_next_style(self, splice: SpliceText) -> Edit | None:
        """A paragraph break typed at the end of a paragraph whose style names a next style:
        the new paragraph takes that style (a headline is followed by body text)."""
        story = self.story
        if story is None or splice.inserted.text != PARAGRAPH_SEPARATOR or splice.removed.text:
            return None
        index = story.paragraph_index_at(splice.position)
        start, end, entry = story.paragraphs()[index]
        style = paragraph_style(self.document.edition.paragraph_styles, entry)
        if style is None or style.next_style is None or splice.position != end or style.next_style == entry:
            return None
        marked = SpliceText(splice.story_id, splice.position, splice.removed, Fragment("\n", (entry,)))
        return CompositeEdit((marked, SetParagraphStyle(story.id, index + 1, entry, style.next_style)), "New paragraph")

    def _push_and_reload(self, edit: Edit) -> None:
        """Push an edit made from the galley that the galley does not show yet, then show it."""
        cursor = self.galley.textCursor().position()
        try:
            self.document.push(edit, edit.label)
        except EditError as error:
            self.message.emit(f"Cannot change the story: {error}")
        self._load()
        restored = self.galley.textCursor()
        restored.setPosition(min(cursor, self.galley.document().characterCount() - 1))
        self.galley.setTextCursor(restored)

    def _enable_story_controls(self, on: bool) -> None:
        """Styles, B, I, Sc, Fit and the type strip work on a story: off while there is none."""
        widgets = (self.style_box, self.fit_button, self.unfit_button, self.type_strip, *self.style_buttons.values())
        for widget in widgets:
            widget.setEnabled(on)
        if not on:
            self.type_strip.show_nothing()
        else:
            self._update_copyfit()  # Fit and Unfit as the story stands

    def _refresh_word_count(self) -> None:
        """The story list says how long each story is: the open story's entry follows typing."""
        story = self.story
        index = self.story_box.findData(self.story_id) if story is not None else -1
        if story is not None and index >= 0:
            self.story_box.setItemText(index, f"{story.name or story.id}  ·  {story.word_count()} words")

    def _model_changed(self) -> None:
        if self._pushing:
            self._refresh_word_count()
            return
        edition = self.document.edition
        if tuple(edition.stories) != getattr(self, "_story_ids", ()):
            if self.story_id not in edition.stories:
                self.story_id = None
            self._fill_story_box()
        self._refresh_word_count()
        self._fill_styles()
        story = self.story
        if story is None:
            if self._mirror is not None:
                self._load()
        elif snapshot(story) != self._mirror:
            self._load()
        self._configure_highlighter()
        self._update_copyfit()

    def _configure_highlighter(self) -> None:
        story = self.story
        if story is None:
            self.highlighter.set_marks([])
            return
        corrections = self.document.edition.corrections
        marks = sorted(
            (a, b, corrections[cid].kind)
            for cid, (a, b) in story.anchors.items()
            if cid in corrections and corrections[cid].status in ("open", "accepted")
        )
        self.highlighter.configure(self.document.edition, story.language)
        self.highlighter.set_marks(marks)

    # -- spelling and marks in the context menu --------------------------------------------------

    def word_at(self, position: int) -> tuple[int, int, str] | None:
        """The checked word (story range, word) at a galley position."""
        story = self.story
        if story is None:
            return None
        index = story.paragraph_index_at(position)
        start, end, _ = story.paragraphs()[index]
        for a, b, word in spelling_words(story.text[start:end], self.checker.skip_capitals):
            if start + a <= position <= start + b:
                return start + a, start + b, word
        return None

    def is_unknown(self, word: str) -> bool:
        story = self.story
        if story is None:
            return False
        found = self.checker.check_story(
            Story("probe", word, ["body"], {}, story.language), accepted_words(self.document.edition)
        )
        return bool(found)

    def _context_menu(self, point: QPoint) -> None:
        cursor = self.galley.cursorForPosition(point)
        menu = self.galley.createStandardContextMenu(point)
        story = self.story
        found = self.word_at(cursor.position()) if not self.galley.textCursor().hasSelection() else None
        if story is not None and found is not None and self.is_unknown(found[2]):
            start, end, word = found
            first = menu.actions()[0] if menu.actions() else None
            spelling = QMenu(menu)
            language = story.language
            cached = self.suggestions.cached(language, word)
            self._menu_word = (language, word, start, end, spelling)
            if cached is None:
                waiting = spelling.addAction("Looking up suggestions…")
                waiting.setEnabled(False)
                self.suggestions.request(language, word)
            else:
                self._fill_suggestions(spelling, cached, start, end, word)
            for action in spelling.actions():
                _insert_action(menu, first, action)
            self._spelling_actions = spelling
            if first is None:
                menu.addSeparator()
            else:
                menu.insertSeparator(first)
            add = menu.addAction(f"Add “{word}” to the Edition Dictionary")
            add.triggered.connect(lambda: self.add_word(word))
            ignore = menu.addAction(f"Ignore “{word}” in this Edition")
            ignore.triggered.connect(lambda: self.ignore_word(word))
        marks = menu.addMenu("Mark Correction")
        for kind, label in KINDS.items():
            action = marks.addAction(label + ("…" if kind in NEEDS_TEXT else ""))
            action.triggered.connect(lambda _=False, k=kind: self.mark(k))
        self._menu = menu
        menu.exec(self.galley.viewport().mapToGlobal(point))
        self._menu = None

    def _fill_suggestions(self, menu: QMenu, suggestions: list[str], start: int, end: int, word: str) -> None:
        if not suggestions:
            none = menu.addAction("(no suggestions)")
            none.setEnabled(False)
        for suggestion in suggestions:
            action = menu.addAction(suggestion)
            action.triggered.connect(lambda _=False, s=suggestion: self.replace_range(start, end, word, s))

    def _suggestions_ready(self, language: str, word: str, suggestions: list[str]) -> None:
        pending = getattr(self, "_menu_word", None)
        if self._menu is None or pending is None or pending[:2] != (language, word):
            return
        _, _, start, end, _ = pending
        actions = self._menu.actions()
        waiting = next((a for a in actions if a.text() == "Looking up suggestions…"), None)
        holder = QMenu(self._menu)
        self._fill_suggestions(holder, list(suggestions), start, end, word)
        for action in holder.actions():
            _insert_action(self._menu, waiting, action)
        if waiting is not None:
            self._menu.removeAction(waiting)
        self._spelling_actions = holder

    def replace_range(self, start: int, end: int, old: str, new: str) -> None:
        story = self.story
        if story is None or story.text[start:end].replace("\u2019", "'") != old.replace("\u2019", "'"):
            return
        removed = story.fragment(start, end)
        spans = tuple((name, 0, len(new)) for name in sorted(story.styles_at(start)))
        self.document.push(SpliceText(story.id, start, removed, Fragment(new, (), spans)), f"Correct “{old}”")

    def add_word(self, word: str) -> None:
        edition = self.document.edition
        if word not in edition.dictionary_words:
            self.document.push(
                SetEditionField(
                    "dictionary_words", list(edition.dictionary_words), list(edition.dictionary_words) + [word]
                ),
                f"Add “{word}” to the dictionary",
            )

    def ignore_word(self, word: str) -> None:
        edition = self.document.edition
        if word not in edition.ignored_words:
            self.document.push(
                SetEditionField("ignored_words", list(edition.ignored_words), list(edition.ignored_words) + [word]),
                f"Ignore “{word}”",
            )

    def mark(self, kind: str, text: str | None = None) -> str | None:
        """Mark a correction of `kind` on the selection (asks for the text an insert, a
        replacement or a query needs). Returns the new correction's id."""
        story = self.story
        if story is None:
            return None
        start, end = self.selection()
        if kind in NEEDS_TEXT and text is None:
            prompt = {"insert": "Text to insert:", "replace": "Replace with:", "query": "Question for the editor:"}[
                kind
            ]
            text, ok = QInputDialog.getText(self, KINDS[kind], prompt)
            if not ok:
                return None
        try:
            edit = mark_correction(self.document.edition, story.id, start, end, kind, text or "", self.author)
            self.document.push(edit, f"Mark: {KINDS[kind]}")
        except EditError as error:
            self.message.emit(f"Cannot mark: {error}")
            return None
        return edit.correction.id

    def _update_copyfit(self) -> None:
        story = self.story
        if story is None:
            self.copyfit_label.setText("")
            self.fit_button.setEnabled(False)
            self.unfit_button.setEnabled(False)
            return
        report = self.document.layout.stories.get(story.id)
        words = f"{story.word_count()} words"
        state = "not placed" if report is None else report.describe()
        if report is not None and report.copyfit > 0:
            state = f"<b style='color:#c00'>{state}</b>"
        fit = story.fit
        adjusted = (
            ""
            if fit == NO_FIT
            else f" · fitted: tracking {fit.tracking:+.0f}"
            + (f", leading {fit.leading:+.2f}" if fit.leading else "")
            + (f", size {fit.size:+.2f}" if fit.size else "")
        )
        self.copyfit_label.setText(f"{words} · {state}{adjusted}")
        self.fit_button.setEnabled(report is not None and report.copyfit != 0)
        self.unfit_button.setEnabled(fit != NO_FIT)

    def _cursor_moved(self) -> None:
        if self._updating or self.story is None:
            return
        cursor = self.galley.textCursor()
        block = cursor.block()
        entry = str(block.blockFormat().property(STYLE_PROPERTY) or "")
        self.style_box.blockSignals(True)
        self.style_box.setCurrentText(style_name(entry))
        self.style_box.blockSignals(False)
        self.style_at_cursor.emit(style_name(entry))
        self._show_type_values(cursor.selectionStart())
        names = set(str(cursor.charFormat().property(CHARS_PROPERTY) or "").split())
        for name, button in self.style_buttons.items():
            button.setChecked(name in names)
        self.text_selected.emit(self.story_id, cursor.selectionStart(), cursor.selectionEnd())

    # -- commands --------------------------------------------------------------------------------

    def selection(self) -> tuple[int, int]:
        cursor = self.galley.textCursor()
        return cursor.selectionStart(), cursor.selectionEnd()

    def toggle_character_style(self, name: str, on: bool | None = None) -> None:
        """A character style on the selection (on, off, or the other way round when `on` is
        None); with no selection, for what is typed next."""
        story = self.story
        if story is None or name not in self.document.edition.character_styles:
            return
        start, end = self.selection()
        if start == end:
            cursor = self.galley.textCursor()
            names = set(str(cursor.charFormat().property(CHARS_PROPERTY) or "").split())
            wanted = (name not in names) if on is None else on
            names = names | {name} if wanted else names - {name}
            self.galley.setCurrentCharFormat(self._char_format(names))
            if name in self.style_buttons:
                self.style_buttons[name].setChecked(name in names)
            return
        if on is None:
            on = not all(name in story.styles_at(i) for i in range(start, end) if story.text[i] != PARAGRAPH_SEPARATOR)
        try:
            self.document.push(
                format_text(self.document.edition, story.id, start, end, name, on), f"{'Set' if on else 'Clear'} {name}"
            )
        except EditError as error:
            self.message.emit(str(error))

    def apply_character_style(self, name: str) -> None:
        """A character style chosen in the styles panel: set on the selection."""
        self.toggle_character_style(name, on=True)
        self.galley.setFocus()

    def set_paragraph_style(self, name: str) -> None:
        story = self.story
        if story is None or not name:
            return
        start, end = self.selection()
        first, last = story.paragraph_index_at(start), story.paragraph_index_at(end)
        edits = [  # local overrides stay with the paragraph (Clear Overrides takes them away)
            SetParagraphStyle(story.id, i, story.paragraph_styles[i], name + entry[len(style_name(entry)) :])
            for i, entry in ((i, story.paragraph_styles[i]) for i in range(first, last + 1))
            if style_name(entry) != name
        ]
        if edits:
            self.document.push(
                edits[0] if len(edits) == 1 else CompositeEdit(tuple(edits), "Paragraph style"),
                f"Paragraph style {name}",
            )
        self.galley.setFocus()

    # -- local formatting -----------------------------------------------------------------------------

    def _show_type_values(self, position: int) -> None:
        story = self.story
        self.type_strip.setEnabled(story is not None)
        if story is None or not story.text and position > 0:
            return
        position = min(position, max(0, len(story.text) - 1)) if story.text else 0
        entry = story.paragraph_styles[story.paragraph_index_at(position)]
        style = paragraph_style(self.document.edition.paragraph_styles, entry)
        if style is not None:
            local = local_values(self.document.edition, story.id, position) if story.text else {}
            self.type_strip.show_values(style, local)

    def set_character_local(self, field: str, value: object) -> None:
        """Font, size or tracking on the selected text, over its styles."""
        story = self.story
        if story is None:
            return
        start, end = self.selection()
        if start == end:
            self.message.emit("Select the text to set its font, size or tracking")
            return
        self._push_local(set_character_local(self.document.edition, story.id, start, end, field, value))

    def set_paragraph_local(self, field: str, value: object) -> None:
        """Leading or alignment on the paragraphs of the selection, over their style."""
        story = self.story
        if story is None:
            return
        start, end = self.selection()
        self._push_local(set_paragraph_local(self.document.edition, story.id, start, end, field, value))

    def clear_overrides(self) -> None:
        story = self.story
        if story is None:
            return
        start, end = self.selection()
        self._push_local(clear_overrides(self.document.edition, story.id, start, end))

    def _push_local(self, edit: Edit | None) -> None:
        if edit is None:
            return
        try:
            self.document.push(edit, edit.label)
        except EditError as error:
            self.message.emit(str(error))
        self.galley.setFocus()

    def fit(self) -> None:
        story = self.story
        if story is None:
            return
        result = fit_story(self.document.edition, story.id, self.document.typesetter)
        if result.edit is not None:
            self.document.push(result.edit, "Fit story")
        self.message.emit(f"Fit “{story.name or story.id}”: {result.message}")

    def unfit(self) -> None:
        story = self.story
        if story is not None and story.fit != NO_FIT:
            self.document.push(SetStoryProperty(story.id, "fit", story.fit, NO_FIT), "Remove copyfit")
            self.message.emit(f"Unfit “{story.name or story.id}”: its copyfit adjustment taken back")

    # -- find and replace -----------------------------------------------------------------------

    def show_find(self) -> None:
        self.find_bar.show()
        start, end = self.selection()
        if self.story is not None and 0 < end - start < 80:
            self.find_edit.setText(self.story.text[start:end])
        self.find_edit.setFocus()
        self.find_edit.selectAll()

    def _query(self) -> Query:
        return Query(
            self.find_edit.text(), self.regex_box.isChecked(), self.case_box.isChecked(), self.words_box.isChecked()
        )

    def _scope(self) -> list[str] | None:
        if self.scope_box.currentIndex() == 1:
            return None
        return [self.story_id] if self.story_id else []

    def find_next(self) -> bool:
        """Select the next match after the cursor (wrapping, and on to the next story when
        searching the whole edition)."""
        try:
            matches = find_matches(self.document.edition, self._query(), self._scope())
        except SearchError as error:
            self.find_status.setText(str(error))
            return False
        if not matches:
            self.find_status.setText("Not found")
            return False
        order = list(self.document.edition.stories)
        here = (order.index(self.story_id) if self.story_id in order else -1, self.selection()[1])
        after = [
            m
            for m in matches
            if (order.index(m.story_id), m.start) >= here
            and not (m.story_id == self.story_id and (m.start, m.end) == self.selection())
        ]
        match = (after or matches)[0]
        self.open_story(match.story_id, match.start, match.end)
        self.find_status.setText(f"{matches.index(match) + 1} of {len(matches)}")
        return True

    def replace_one(self) -> None:
        story = self.story
        start, end = self.selection()
        if story is not None and end > start:
            try:
                query = self._query()
                selected = [
                    m
                    for m in find_matches(self.document.edition, query, [story.id])
                    if (m.start, m.end) == (start, end)
                ]
                if selected:
                    edit = replace_match(self.document.edition, query, selected[0], self.replace_edit.text())
                    self.document.push(edit, "Replace")
                    new_end = start + len(edit.inserted.text)
                    self.open_story(story.id, new_end)
            except (SearchError, EditError) as error:
                self.find_status.setText(str(error))
                return
        self.find_next()

    def replace_everywhere(self) -> None:
        try:
            edit, count = replace_all(self.document.edition, self._query(), self.replace_edit.text(), self._scope())
        except (SearchError, EditError) as error:
            self.find_status.setText(str(error))
            return
        if edit is not None:
            self.document.push(edit, f"Replace all ({count})")
        self.find_status.setText(f"{count} replaced" if count else "Not found")


def _runs(story: Story, start: int, end: int) -> Iterator[tuple[int, int, frozenset[str]]]:
    """(start, end, character style names) runs of a paragraph."""
    cuts = {start, end}
    for intervals in story.spans.values():
        for s, e in intervals:
            if s < end and e > start:
                cuts.add(max(s, start))
                cuts.add(min(e, end))
    points = sorted(cuts)
    for a, b in zip(points, points[1:]):
        if a < b:
            names = frozenset(name for name, intervals in story.spans.items() if any(s <= a < e for s, e in intervals))
            yield a, b, names


def _fragments(block: QTextBlock) -> Iterator[QTextFragment]:
    """The fragments of a galley paragraph (QTextBlock.iterator, walked by hand: PySide6's
    stubs give `iter(block)` no element type)."""
    it = block.begin()
    while not it.atEnd():
        yield it.fragment()
        it += 1


def _insert_action(menu: QMenu, before: QAction | None, action: QAction) -> None:
    """Put `action` before `before`, or last in the menu when there is nothing to put it before."""
    if before is None:
        menu.addAction(action)
    else:
        menu.insertAction(before, action)


def _merge_spans(spans: list[tuple[str, int, int]]) -> tuple[tuple[str, int, int], ...]:
    merged: dict[str, list[list[int]]] = {}
    for name, s, e in sorted(spans):
        intervals = merged.setdefault(name, [])
        if intervals and s <= intervals[-1][1]:
            intervals[-1][1] = max(intervals[-1][1], e)
        else:
            intervals.append([s, e])
    return tuple(sorted((name, s, e) for name, intervals in merged.items() for s, e in intervals))


def _difference(old: str, new: str) -> tuple[int, int, int]:
    """(position, removed, added) of the one splice that turns `old` into `new`."""
    limit = min(len(old), len(new))
    prefix = 0
    while prefix < limit and old[prefix] == new[prefix]:
        prefix += 1
    suffix = 0
    while suffix < limit - prefix and old[-1 - suffix] == new[-1 - suffix]:
        suffix += 1
    return prefix, len(old) - prefix - suffix, len(new) - prefix - suffix
