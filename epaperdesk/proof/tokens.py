"""Words to check in a story's text: letters with inner apostrophes and soft hyphens,
compounds split at hard hyphens and slashes; numbers (and the number parts of compounds
such as "2.4-metre"), URLs and e-mail addresses skipped. All-capital words are checked
("XINHUA"), except initialisms: two to five capitals ("NATO", "MPs", "ESA's") or capitals
between dots ("U.S.A."); skipping every all-capital word is an option. Positions are story
positions, so results anchor to the text.

A regular expression finds runs of word characters (in C); links are blanked out first,
found with str.find; what is not a word is sorted out per distinct token."""

from __future__ import annotations

import re

SOFT_HYPHEN = "\u00ad"
APOSTROPHES = "'\u2019\u02bc"
# runs of word characters joined by apostrophes and soft hyphens; a run holding a digit or an
# underscore ("COVID19", "2nd", the "2" and "4" of "2.4-metre") is not a word to check
_WORD = r"(\w+(?:['\u2019\u02bc\u00ad]\w+)*)"
WORDS = re.compile(_WORD, re.UNICODE)
NOT_A_WORD = re.compile(r"[\d_]")
_NORMAL = str.maketrans({"\u00ad": None, "\u2019": "'", "\u02bc": "'"})


def normal(word: str) -> str:
    """A word as the dictionary sees it: soft hyphens out, typographic apostrophes plain."""
    return word.translate(_NORMAL)


def without_links(text: str) -> str:
    """The text with URLs and e-mail addresses blanked out (same length, same positions):
    every whitespace-delimited token holding "@" or "://", or starting "www.", is blanked.
    Found with str.find, so text without them costs three scans in C."""
    if "@" not in text and "://" not in text and "www." not in text:
        return text
    chars = list(text)
    for marker in ("@", "://", "www."):
        at = text.find(marker)
        while at >= 0:
            start = at
            while start > 0 and not text[start - 1].isspace():
                start -= 1
            end = at + len(marker)
            while end < len(text) and not text[end].isspace():
                end += 1
            chars[start:end] = " " * (end - start)
            at = text.find(marker, end)
    return "".join(chars)


def is_initialism(word: str) -> bool:
    """Two to five capitals, perhaps with a plural or possessive "s" ("NATO", "MPs",
    "ESA's"): an abbreviation no dictionary is expected to know."""
    if not word[:2].isupper():
        return False
    core = word[:-2] if word.endswith("'s") else word[:-1] if word.endswith("s") else word
    return 2 <= len(core) <= 5 and core.isalpha() and core.isupper()


def skipped_capitals(word: str, skip_capitals: bool) -> bool:
    """Whether a word passes unchecked for its capitals: an initialism always, any
    all-capital word when capitals are skipped."""
    return is_initialism(word) or (skip_capitals and len(word) > 1 and word.isupper())


def in_dotted_initialism(text: str, start: int, end: int) -> bool:
    """Whether the word at [start, end) is one part of capitals between dots ("U.S.A.")."""
    after = text[end : end + 2]
    before = text[max(start - 2, 0) : start]
    return (len(after) == 2 and after[0] == "." and after[1].isupper()) or (
        len(before) == 2 and before[1] == "." and before[0].isupper()
    )


def _wanted(word: str, skip_capitals: bool) -> bool:
    if NOT_A_WORD.search(word):
        return False
    if len(word) < 2:
        return word.lower() in ("a", "i")
    return not skipped_capitals(word, skip_capitals)


def words(text: str, skip_capitals: bool = False) -> list[tuple[int, int, str]]:
    """(start, end, word) for every word to check."""
    result = []
    clean = without_links(text)
    for match in WORDS.finditer(clean):
        raw = match.group(1)
        if raw:
            word = normal(raw)
            start, end = match.start(1), match.end(1)
            if _wanted(word, skip_capitals) and not (word.isupper() and in_dotted_initialism(clean, start, end)):
                result.append((start, end, word))
    return result
