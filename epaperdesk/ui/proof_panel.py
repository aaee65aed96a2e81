"""The Proof dock: the edition's unknown words (with suggestions, replace all, add, ignore),
its bad breaks (with fixes) and its corrections (filtered by status, author and page; accept,
reject, reply, apply, apply all accepted). Click a line to go to it. Every change is one
undoable edit; the lists follow the document as it changes."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QListWidget,
    QPushButton,
    QTabWidget,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from epaperdesk.model.correcting import apply_all, apply_correction, mark_correction, reply_to, set_status
from epaperdesk.model.corrections import STATUSES, Correction
from epaperdesk.model.edits import (
    AddCorrection,
    CompositeEdit,
    EditError,
    SetEditionField,
    SpliceText,
    remove_correction,
)
from epaperdesk.model.story import Fragment
from epaperdesk.proof.breaks import NOTE, BadBreak, find_bad_breaks
from epaperdesk.proof.check import page_of
from epaperdesk.proof.fixes import (
    delete_repeated_word,
    discretionary_hyphen,
    hyphenation_exception,
    join_split,
    no_break,
)
from epaperdesk.proof.pdf_breaks import CopyBreak, find_copy_breaks
from epaperdesk.proof.placing import Unplaced
from epaperdesk.proof.repeats import RepeatedWord, find_repeated_words
from epaperdesk.proof.spellcheck import (
    Misspelling,
    SpellChecker,
    accepted_words,
    joined_suggestions,
    unknown_word_counts,
)
from epaperdesk.ui.document import Document
from epaperdesk.ui.panel import DocumentPanel
from epaperdesk.ui.spelling import Suggestions

ROLE = Qt.ItemDataRole.UserRole


class ProofPanel(DocumentPanel):
    locate = Signal(str, int, int)  # story id, start, end: show it in the editor and on the page
    refreshed = Signal()
    capitals_changed = Signal()

    def __init__(
        self, document: Document, checker: SpellChecker, suggestions: Suggestions, parent: QWidget | None = None
    ) -> None:
        super().__init__(document, 250, parent)  # after typing settles
        self.checker = checker
        self.suggestions = suggestions
        self.author = ""
        self.misspellings: list[Misspelling] = []
        self.bad_breaks: list[BadBreak] = []
        self.copy_problems: list[RepeatedWord | CopyBreak] = []  # doubled words, breaks pasted copy kept
        self.to_place: list[Unplaced] = []
        # (story id, start, end) of the text selected where the user edits (the Story Editor)
        self.selection_source: Callable[[], tuple[str, int, int] | None] = lambda: None
        self.tabs = QTabWidget()
        self.tabs.addTab(self._build_spelling(), "Spelling")
        self.tabs.addTab(self._build_breaks(), "Breaks")
        self.tabs.addTab(self._build_copy(), "Copy")
        self.tabs.addTab(self._build_corrections(), "Corrections")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.tabs)
        suggestions.ready.connect(self._suggestions_ready)

    # -- building ---------------------------------------------------------------------------------

    def _buttons(self, *pairs: tuple[str, Callable[[], object]]) -> QHBoxLayout:
        row = QHBoxLayout()
        for text, slot in pairs:
            button = QPushButton(text)
            button.clicked.connect(slot)
            row.addWidget(button)
        return row

    def _build_spelling(self) -> QWidget:
        page = QWidget()
        self.word_list = QTreeWidget()
        self.word_list.setHeaderLabels(["Unknown word", "Times"])
        self.word_list.setRootIsDecorated(False)
        self.word_list.setAccessibleName("Unknown words")
        self.word_list.currentItemChanged.connect(self._word_chosen)
        self.word_list.itemActivated.connect(lambda *_: self.find_word())
        self.replacement = QLineEdit()
        self.replacement.setPlaceholderText("Replace with")
        self.replacement.setAccessibleName("Replace with")
        self.suggestion_list = QListWidget()
        self.suggestion_list.setAccessibleName("Suggestions")
        self.suggestion_list.currentTextChanged.connect(self.replacement.setText)
        self.capitals_box = QCheckBox("Skip words in capitals (abbreviations)")
        self.capitals_box.setChecked(self.checker.skip_capitals)
        self.capitals_box.toggled.connect(self._capitals_toggled)
        self.spelling_status = QLabel("")
        layout = QVBoxLayout(page)
        layout.addWidget(self.word_list, 2)
        layout.addWidget(QLabel("Suggestions"))
        layout.addWidget(self.suggestion_list, 1)
        layout.addWidget(self.replacement)
        layout.addLayout(self._buttons(("Find", self.find_word), ("Replace All", self.replace_word)))
        layout.addLayout(self._buttons(("Add to Dictionary", self.add_word), ("Ignore All", self.ignore_word)))
        layout.addWidget(self.capitals_box)
        layout.addWidget(self.spelling_status)
        self._find_index = 0
        self._joins: list[CopyBreak] = []  # joined words offered for a word that pasted copy split
        return page

    def _build_breaks(self) -> QWidget:
        page = QWidget()
        self.break_list = QTreeWidget()
        self.break_list.setHeaderLabels(["Page", "Story", "Problem"])
        self.break_list.setRootIsDecorated(False)
        self.break_list.setAccessibleName("Bad breaks")
        self.break_list.itemActivated.connect(self._go_break)
        self.break_list.itemClicked.connect(self._go_break)
        self.notes_box = QCheckBox("Show loose and tight lines and stacks")
        self.notes_box.toggled.connect(lambda _: self._fill_breaks())
        layout = QVBoxLayout(page)
        layout.addWidget(self.break_list, 1)
        layout.addWidget(self.notes_box)
        layout.addLayout(
            self._buttons(("Discretionary Hyphen…", self.fix_discretionary), ("No Break", self.fix_no_break))
        )
        layout.addLayout(
            self._buttons(("Never Hyphenate Word", self.fix_never), ("Hyphenation Exception…", self.fix_exception))
        )
        return page

    def _build_copy(self) -> QWidget:
        page = QWidget()
        self.copy_list = QTreeWidget()
        self.copy_list.setHeaderLabels(["Page", "Story", "Problem"])
        self.copy_list.setRootIsDecorated(False)
        self.copy_list.setAccessibleName("Repeated words and breaks pasted copy kept")
        self.copy_list.itemActivated.connect(self._go_copy)
        self.copy_list.itemClicked.connect(self._go_copy)
        layout = QVBoxLayout(page)
        layout.addWidget(self.copy_list, 1)
        layout.addLayout(self._buttons(("Fix", self.fix_copy), ("Fix All", self.fix_all_copy)))
        return page

    def _build_corrections(self) -> QWidget:
        page = QWidget()
        self.status_filter = QComboBox()
        self.status_filter.addItems(["All statuses", *STATUSES])
        self.author_filter = QComboBox()
        self.author_filter.addItem("All authors")
        self.page_filter = QComboBox()
        self.page_filter.addItem("All pages")
        for box, name in (
            (self.status_filter, "Status filter"),
            (self.author_filter, "Author filter"),
            (self.page_filter, "Page filter"),
        ):
            box.setAccessibleName(name)
            box.currentIndexChanged.connect(lambda _: self._fill_corrections())
        filters = QHBoxLayout()
        for box in (self.status_filter, self.author_filter, self.page_filter):
            filters.addWidget(box)
        self.correction_list = QTreeWidget()
        self.correction_list.setHeaderLabels(["#", "Page", "Mark", "On", "Author", "Status", "Replies"])
        self.correction_list.setRootIsDecorated(False)
        self.correction_list.setAccessibleName("Corrections")
        self.correction_list.itemClicked.connect(self._go_correction)
        self.correction_list.itemActivated.connect(self._go_correction)
        grid = QGridLayout()
        buttons = [
            ("Accept", lambda: self.set_status("accepted")),
            ("Reject", lambda: self.set_status("rejected")),
            ("Done", lambda: self.set_status("done")),
            ("Reply…", self.reply),
            ("Apply", self.apply_selected),
            ("Apply All Accepted", self.apply_accepted),
            ("Delete", self.delete_selected),
        ]
        for i, (text, slot) in enumerate(buttons):
            button = QPushButton(text)
            button.clicked.connect(slot)
            grid.addWidget(button, i // 4, i % 4)
        self.to_place_list = QListWidget()
        self.to_place_list.setAccessibleName("Comments not placed")
        self.to_place_list.setToolTip(
            "Comments from a proof PDF that could not be placed for sure: select their text in the Story Editor "
            "and place them"
        )
        self.to_place_label = QLabel("Not placed from the last proof: select the text in the Story Editor, then Place")
        self.to_place_label.setWordWrap(True)
        self.place_button = QPushButton("Place on Selection")
        self.place_button.clicked.connect(self.place_on_selection)
        self.corrections_page = page
        layout = QVBoxLayout(page)
        layout.addLayout(filters)
        layout.addWidget(self.correction_list, 1)
        layout.addLayout(grid)
        layout.addWidget(self.to_place_label)
        layout.addWidget(self.to_place_list)
        layout.addWidget(self.place_button)
        self.show_to_place([])
        return page

    # -- comments to place by hand ------------------------------------------------------------------

    def show_to_place(self, items: list[Unplaced]) -> None:
        """The comments of the last import that ask for a correction but could not be placed."""
        self.to_place = list(items)
        self.to_place_list.clear()
        for item in self.to_place:
            self.to_place_list.addItem(item.line)
        for widget in (self.to_place_label, self.to_place_list, self.place_button):
            widget.setVisible(bool(self.to_place))

    def place_on_selection(self) -> None:
        """Mark the chosen unplaced comment on the text selected in the Story Editor (an empty
        selection: a point), with its author, time and replies."""
        row = self.to_place_list.currentRow()
        if not 0 <= row < len(self.to_place):
            self.message.emit("Choose a comment to place first")
            return
        where = self.selection_source()
        if where is None:
            self.message.emit("Select the text the comment is about in the Story Editor first")
            return
        story_id, start, end = where
        item = self.to_place[row]
        try:
            marked = mark_correction(
                self.document.edition, story_id, start, end, item.kind, item.text, item.author, item.time
            )
            correction = dataclasses.replace(marked.correction, replies=item.replies)
            self._push(AddCorrection(correction, marked.start, marked.end), "Place comment")
        except EditError as error:
            self.message.emit(str(error))
            return
        del self.to_place[row]
        self.show_to_place(self.to_place)

    # -- document ------------------------------------------------------------------------------------

    def refresh(self) -> None:
        """Check the edition again (memoised: only changed paragraphs cost anything)."""
        self._timer.stop()
        edition, layout = self.document.edition, self.document.layout
        self.misspellings = self.checker.check_edition(edition)
        self.bad_breaks = find_bad_breaks(edition, layout)
        self.copy_problems = self._find_copy_problems()
        self._fill_words()
        self._fill_breaks()
        self._fill_copy()
        self._fill_corrections()
        self.refreshed.emit()

    # -- spelling ----------------------------------------------------------------------------------

    def _capitals_toggled(self, on: bool) -> None:
        self.checker.skip_capitals = on
        self.refresh()
        self.capitals_changed.emit()

    def _fill_words(self) -> None:
        current = self.current_word()
        self.word_list.clear()
        for word, count in unknown_word_counts(self.misspellings):
            item = QTreeWidgetItem([word, str(count)])
            item.setData(0, ROLE, word)
            self.word_list.addTopLevelItem(item)
            if word == current:
                self.word_list.setCurrentItem(item)
        problems = "; ".join(self.checker.problems)
        count = self.word_list.topLevelItemCount()
        self.spelling_status.setText(
            problems or (f"{count} unknown word{'s' if count != 1 else ''}" if count else "No unknown words")
        )

    def current_word(self) -> str | None:
        item = self.word_list.currentItem()
        return item.data(0, ROLE) if item is not None else None

    def _word_chosen(self, item: QTreeWidgetItem | None, _previous: QTreeWidgetItem | None = None) -> None:
        self.suggestion_list.clear()
        self._find_index = 0
        self._joins = []
        if item is None:
            return
        word = item.data(0, ROLE)
        miss = next((m for m in self.misspellings if m.word == word), None)
        if miss is None:
            return
        self._joins = joined_suggestions(self.document.edition, miss, self.checker)
        language = self.document.edition.stories[miss.story_id].language
        cached = self.suggestions.cached(language, word)
        if cached is None:
            self.suggestion_list.addItem("Looking up…")
            self.suggestions.request(language, word)
        else:
            self._show_suggestions(cached)

    def _suggestions_ready(self, _language: str, word: str, found: list[str]) -> None:
        if word == self.current_word():
            self._show_suggestions(found)

    def _show_suggestions(self, found: list[str]) -> None:
        self.suggestion_list.clear()
        offered = list(dict.fromkeys([join.joined for join in self._joins] + found))
        self.suggestion_list.addItems(offered or ["(no suggestions)"])

    def find_word(self) -> None:
        word = self.current_word()
        places = [m for m in self.misspellings if m.word == word]
        if not places:
            return
        place = places[self._find_index % len(places)]
        self._find_index += 1
        self.locate.emit(place.story_id, place.start, place.end)

    def replace_word(self) -> None:
        word, new = self.current_word(), self.replacement.text()
        if not word or not new or new.startswith("("):
            self.message.emit("Choose a suggestion or type the replacement")
            return
        join = next((j for j in self._joins if j.joined == new), None)
        if join is not None:  # a word pasted copy split: the parts are joined, not the word replaced
            try:
                self._push(join_split(self.document.edition, join), f"Join “{join.joined}”")
            except EditError as error:
                self.message.emit(str(error))
            return
        edition = self.document.edition
        edits = []
        for miss in sorted((m for m in self.misspellings if m.word == word), key=lambda m: (m.story_id, -m.start)):
            story = edition.stories[miss.story_id]
            spans = tuple((name, 0, len(new)) for name in sorted(story.styles_at(miss.start)))
            edits.append(
                SpliceText(story.id, miss.start, story.fragment(miss.start, miss.end), Fragment(new, (), spans))
            )
        if edits:
            self._push(CompositeEdit(tuple(edits), f"Replace “{word}”"), f"Replace all “{word}” with “{new}”")

    def add_word(self) -> None:
        word = self.current_word()
        edition = self.document.edition
        if word and word not in edition.dictionary_words:
            self._push(
                SetEditionField(
                    "dictionary_words", list(edition.dictionary_words), list(edition.dictionary_words) + [word]
                ),
                f"Add “{word}” to the dictionary",
            )

    def ignore_word(self) -> None:
        word = self.current_word()
        edition = self.document.edition
        if word and word not in edition.ignored_words:
            self._push(
                SetEditionField("ignored_words", list(edition.ignored_words), list(edition.ignored_words) + [word]),
                f"Ignore “{word}”",
            )

    # -- breaks ----------------------------------------------------------------------------------------

    # -- copy: repeated words, breaks pasted copy kept ---------------------------------------------

    def _find_copy_problems(self) -> list[RepeatedWord | CopyBreak]:
        edition = self.document.edition
        accepted = accepted_words(edition)
        found: list[RepeatedWord | CopyBreak] = []
        for story in edition.stories.values():
            found += find_repeated_words(story)
            found += find_copy_breaks(story, self.checker.word_test(story.language, accepted))
        return found

    def _fill_copy(self) -> None:
        self.copy_list.clear()
        edition, layout = self.document.edition, self.document.layout
        for problem in self.copy_problems:
            story = edition.stories.get(problem.story_id)
            page = page_of(layout, problem.story_id, problem.start)
            name = (story.name or story.id) if story else problem.story_id
            item = QTreeWidgetItem([str(page) if page else "–", name, problem.message])
            item.setData(0, ROLE, problem)
            self.copy_list.addTopLevelItem(item)

    def _go_copy(self, item: QTreeWidgetItem, _column: int = 0) -> None:
        problem = item.data(0, ROLE)
        self.locate.emit(problem.story_id, problem.start, problem.end)

    def _copy_fix(self, problem: RepeatedWord | CopyBreak) -> SpliceText:
        edition = self.document.edition
        if isinstance(problem, RepeatedWord):
            return delete_repeated_word(edition, problem)
        return join_split(edition, problem)

    def fix_copy(self) -> None:
        """Delete the second of two repeated words, or join what pasted copy broke."""
        item = self.copy_list.currentItem()
        if item is None:
            self.message.emit("Choose a repeated word or a pasted break first")
            return
        problem = item.data(0, ROLE)
        try:
            self._push(self._copy_fix(problem), "Fix repeated word" if isinstance(problem, RepeatedWord) else "Join")
        except EditError as error:
            self.message.emit(str(error))

    def fix_all_copy(self) -> None:
        """Every one listed, as one undo step (the later ones in a story first, so the earlier
        ones' positions still hold)."""
        problems = sorted(self.copy_problems, key=lambda p: (p.story_id, -p.start))
        if not problems:
            return
        try:
            edits = tuple(self._copy_fix(problem) for problem in problems)
            self._push(CompositeEdit(edits, "Fix copy"), f"Fix {len(edits)} repeated words and pasted breaks")
        except EditError as error:
            self.message.emit(str(error))

    def _fill_breaks(self) -> None:
        self.break_list.clear()
        edition = self.document.edition
        for bad in self.bad_breaks:
            if bad.severity == NOTE and not self.notes_box.isChecked():
                continue
            story = edition.stories.get(bad.story_id)
            item = QTreeWidgetItem([str(bad.page), story.name or story.id if story else bad.story_id, bad.message])
            item.setData(0, ROLE, bad)
            self.break_list.addTopLevelItem(item)

    def current_break(self) -> BadBreak | None:
        item = self.break_list.currentItem()
        return item.data(0, ROLE) if item is not None else None

    def _go_break(self, item: QTreeWidgetItem, _column: int = 0) -> None:
        bad = item.data(0, ROLE)
        self.locate.emit(bad.story_id, bad.start, bad.end)

    def _broken_word(self) -> tuple[BadBreak, str] | None:
        bad = self.current_break()
        if bad is None:
            self.message.emit("Choose a bad break first")
            return None
        text = self.document.edition.stories[bad.story_id].text[bad.start : bad.end]
        return bad, text.strip(" \"“”‘’'().,;:!?")

    def fix_discretionary(self) -> None:
        found = self._broken_word()
        if found is None:
            return
        bad, word = found
        shown, ok = QInputDialog.getText(
            self, "Discretionary Hyphen", f"Type “{word}” with a hyphen where it may break:", text=word
        )
        if not ok or "-" not in shown or shown.replace("-", "") != word:
            if ok:
                self.message.emit(f"“{shown}” is not “{word}” with one hyphen")
            return
        story = self.document.edition.stories[bad.story_id]
        offset = story.text.index(word, bad.start) + shown.index("-")
        try:
            self._push(discretionary_hyphen(self.document.edition, bad.story_id, offset), "Discretionary hyphen")
        except EditError as error:
            self.message.emit(str(error))

    def fix_no_break(self) -> None:
        bad = self.current_break()
        if bad is None:
            return
        try:
            self._push(no_break(self.document.edition, bad.story_id, bad.start, bad.end), "No break")
        except EditError as error:
            self.message.emit(str(error))

    def fix_never(self) -> None:
        found = self._broken_word()
        if found is not None:
            self._push(hyphenation_exception(self.document.edition, found[1], None), f"Never hyphenate “{found[1]}”")

    def fix_exception(self) -> None:
        found = self._broken_word()
        if found is None:
            return
        word = found[1]
        breaks, ok = QInputDialog.getText(
            self,
            "Hyphenation Exception",
            f"How “{word}” hyphenates in this edition (hyphens where it may break):",
            text=word,
        )
        if ok:
            try:
                self._push(hyphenation_exception(self.document.edition, word, breaks), f"Hyphenation of “{word}”")
            except EditError as error:
                self.message.emit(str(error))

    # -- corrections -----------------------------------------------------------------------------------

    def _fill_corrections(self) -> None:
        edition = self.document.edition
        selected = self.current_correction()
        authors = sorted({c.author for c in edition.corrections.values() if c.author})
        page_of_correction = {c.id: self._page(c) for c in edition.corrections.values()}  # each looked up once
        pages = sorted({p for p in page_of_correction.values() if p is not None})
        for box, values, first in (
            (self.author_filter, authors, "All authors"),
            (self.page_filter, [str(p) for p in pages], "All pages"),
        ):
            current = box.currentText()
            wanted = [first, *values]
            if [box.itemText(i) for i in range(box.count())] != wanted:
                box.blockSignals(True)
                box.clear()
                box.addItems(wanted)
                box.setCurrentText(current if current in wanted else first)
                box.blockSignals(False)
        status = self.status_filter.currentText()
        author = self.author_filter.currentText()
        page_wanted = self.page_filter.currentText()
        self.correction_list.clear()
        for correction in sorted(
            edition.corrections.values(),
            key=lambda c: (page_of_correction[c.id] or 10**6, c.story_id, edition.stories[c.story_id].anchors[c.id]),
        ):
            page = page_of_correction[correction.id]
            if status != "All statuses" and correction.status != status:
                continue
            if author != "All authors" and correction.author != author:
                continue
            if page_wanted != "All pages" and str(page) != page_wanted:
                continue
            story = edition.stories[correction.story_id]
            start, end = story.anchors[correction.id]
            item = QTreeWidgetItem(
                [
                    correction.id,
                    str(page or "–"),
                    correction.label,
                    story.text[start:end][:40],
                    correction.author,
                    correction.status,
                    str(len(correction.replies)),
                ]
            )
            item.setData(0, ROLE, correction.id)
            tip = "\n".join(f"{r.author}: {r.text}" for r in correction.replies)
            if tip:
                item.setToolTip(6, tip)
            self.correction_list.addTopLevelItem(item)
            if correction.id == selected:
                self.correction_list.setCurrentItem(item)

    def _page(self, correction: Correction) -> int | None:
        story = self.document.edition.stories.get(correction.story_id)
        if story is None or correction.id not in story.anchors:
            return None
        return page_of(self.document.layout, story.id, story.anchors[correction.id][0])

    def current_correction(self) -> str | None:
        item = self.correction_list.currentItem()
        return item.data(0, ROLE) if item is not None else None

    def _go_correction(self, item: QTreeWidgetItem, _column: int = 0) -> None:
        correction = self.document.edition.corrections.get(item.data(0, ROLE))
        if correction is not None:
            start, end = self.document.edition.stories[correction.story_id].anchors[correction.id]
            self.locate.emit(correction.story_id, start, end)

    def set_status(self, status: str) -> None:
        correction_id = self.current_correction()
        if correction_id:
            try:
                self._push(set_status(self.document.edition, correction_id, status), f"Correction {status}")
            except EditError as error:
                self.message.emit(str(error))

    def reply(self) -> None:
        correction_id = self.current_correction()
        if not correction_id:
            return
        text, ok = QInputDialog.getText(self, "Reply", f"Reply to {correction_id}:")
        if ok and text.strip():
            self._push(reply_to(self.document.edition, correction_id, self.author, text.strip()), "Reply")

    def apply_selected(self) -> None:
        correction_id = self.current_correction()
        if correction_id:
            try:
                self._push(apply_correction(self.document.edition, correction_id), "Apply correction")
            except EditError as error:
                self.message.emit(str(error))

    def apply_accepted(self) -> None:
        edit, problems = apply_all(self.document.edition, "accepted")
        if edit is not None:
            self._push(edit, "Apply all accepted corrections")
        if problems:
            self.message.emit("Not applied: " + "; ".join(problems))
        elif edit is None:
            self.message.emit("No accepted corrections to apply")

    def delete_selected(self) -> None:
        correction_id = self.current_correction()
        if correction_id:
            self._push(remove_correction(self.document.edition, correction_id), "Delete correction")
