"""Spelling in the window: red wavy underlines in the story editor (a syntax highlighter
that changes no text), and suggestions computed in a worker thread, never on the GUI
thread (hunspell takes tens of milliseconds a word)."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QColor, QSyntaxHighlighter, QTextCharFormat, QTextDocument

from epaperdesk.model.edition import Edition
from epaperdesk.proof.spellcheck import SpellChecker, accepted_words
from epaperdesk.proof.spelling import SpellingError, speller
from epaperdesk.proof.tokens import words


class Suggestions(QObject):
    """Suggestions for words, looked up one at a time in a worker thread and cached."""

    ready = Signal(str, str, list)  # language, word, suggestions

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="suggest")
        self._cache: dict[tuple[str, str], list[str]] = {}
        self._pending: set[tuple[str, str]] = set()
        self._lock = threading.Lock()

    def cached(self, language: str, word: str) -> list[str] | None:
        return self._cache.get((language, word))

    def request(self, language: str, word: str) -> None:
        key = (language, word)
        with self._lock:
            if key in self._cache or key in self._pending:
                if key in self._cache:
                    self.ready.emit(language, word, self._cache[key])
                return
            self._pending.add(key)
        self._pool.submit(self._look_up, language, word)

    def _look_up(self, language: str, word: str) -> None:
        try:
            found = speller(language).suggest(word)
        except SpellingError:
            found = []
        with self._lock:
            self._cache[(language, word)] = found
            self._pending.discard((language, word))
        self.ready.emit(language, word, found)  # queued to the GUI thread

    def shutdown(self) -> None:
        self._pool.shutdown(wait=False, cancel_futures=True)


class SpellingHighlighter(QSyntaxHighlighter):
    """Underlines unknown words in the galley (paragraph by paragraph, as Qt asks)."""

    def __init__(self, document: QTextDocument, checker: SpellChecker) -> None:
        super().__init__(document)
        self.checker = checker
        self.language = "en_US"
        self.accepted: frozenset[str] = frozenset()
        self.enabled = True
        self.marks: list[tuple[int, int, str]] = []  # correction anchors of the story: (start, end, kind)

    def configure(self, edition: Edition, language: str) -> None:
        accepted = accepted_words(edition)
        if accepted != self.accepted or language != self.language:
            self.accepted, self.language = accepted, language
            self.rehighlight()

    def set_marks(self, marks: list[tuple[int, int, str]]) -> None:
        if marks != self.marks:
            self.marks = marks
            self.rehighlight()

    def _mark_format(self, kind: str) -> QTextCharFormat:
        fmt = QTextCharFormat()
        if kind in ("delete", "replace"):
            fmt.setFontStrikeOut(True)
            fmt.setForeground(QColor(200, 0, 0))
        elif kind == "query":
            fmt.setBackground(QColor(255, 225, 80))
        else:
            fmt.setUnderlineStyle(QTextCharFormat.UnderlineStyle.SingleUnderline)
            fmt.setUnderlineColor(QColor(0, 140, 60))
            fmt.setBackground(QColor(215, 245, 225))
        return fmt

    def highlightBlock(self, text: str) -> None:
        block_start = self.currentBlock().position()
        for start, end, kind in self.marks:
            a, b = max(start, block_start), min(end, block_start + len(text))
            if a < b:
                self.setFormat(a - block_start, b - a, self._mark_format(kind))
        if not self.enabled or not text:
            return
        try:
            checker = speller(self.language)
        except SpellingError:
            return
        for start, end, word in words(text, self.checker.skip_capitals):
            if word in self.accepted or word.lower() in self.accepted:
                continue
            if checker.check(word):
                continue
            if word.endswith("'s") and (word[:-2] in self.accepted or checker.check(word[:-2])):
                continue
            for i in range(start, end):  # keep a mark's colours, add the wavy line
                fmt = QTextCharFormat(self.format(i))
                fmt.setUnderlineStyle(QTextCharFormat.UnderlineStyle.SpellCheckUnderline)
                fmt.setUnderlineColor(QColor(220, 0, 0))
                self.setFormat(i, 1, fmt)


__all__ = ["SpellingHighlighter", "Suggestions"]
