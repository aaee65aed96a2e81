"""Words to check in a story's text: letters with inner apostrophes and soft hyphens,
compounds split at hard hyphens and slashes; numbers (and the number parts of compounds
such as "2.4-metre"), URLs and e-mail addresses skipped, and, as an option, all-capital
abbreviations. Positions are story positions, so results anchor to the text.

One regular expression does the work: at every position it first tries the things to skip,
then a word; only the word is captured."""

from __future__ import annotations

import re

SOFT_HYPHEN = "\u00ad"
APOSTROPHES = "'\u2019\u02bc"
_SKIP = (
    r"(?:[a-z][a-z0-9+.-]*://|www\.)\S+"  # URLs
    r"|[\w.+-]+@[\w-]+(?:\.[\w-]+)+"  # e-mail addresses
)
_LETTER = r"[^\W\d_]"
# a word touching a digit or an underscore ("COVID19", "2nd") is not a word to check
_WORD = rf"(?<![\w\u00ad])({_LETTER}(?:{_LETTER}|\u00ad|['\u2019\u02bc](?={_LETTER}))*)(?![\w\u00ad])"
WORDS = re.compile(_WORD, re.UNICODE)
WITH_LINKS = re.compile(rf"(?:{_SKIP})|{_WORD}", re.IGNORECASE | re.UNICODE)


def pattern_for(text: str) -> re.Pattern:
    """The plain word pattern, or the slower one that also skips URLs and addresses."""
    return WITH_LINKS if ("@" in text or "://" in text or "www." in text) else WORDS
_NORMAL = str.maketrans({"\u00ad": None, "\u2019": "'", "\u02bc": "'"})


def normal(word: str) -> str:
    """A word as the dictionary sees it: soft hyphens out, typographic apostrophes plain."""
    return word.translate(_NORMAL)


def _wanted(word: str, skip_capitals: bool) -> bool:
    if len(word) < 2:
        return word.lower() in ("a", "i")
    return not (skip_capitals and word.isupper())


def words(text: str, skip_capitals: bool = True) -> list[tuple[int, int, str]]:
    """(start, end, word) for every word to check."""
    result = []
    for match in pattern_for(text).finditer(text):
        raw = match.group(1)
        if raw:
            word = normal(raw)
            if _wanted(word, skip_capitals):
                result.append((match.start(1), match.end(1), word))
    return result
