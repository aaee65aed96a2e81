"""Words to check in a story's text: letters with inner apostrophes, compounds split at hard
hyphens and slashes; numbers, URLs, e-mail addresses and (optionally) all-capital
abbreviations skipped. Positions are story positions, so results anchor to the text."""

from __future__ import annotations

import re

SOFT_HYPHEN = "\u00ad"
APOSTROPHES = "'\u2019\u02bc"
_TOKEN = re.compile(r"\S+")
_URL = re.compile(r"^(?:[a-z][a-z0-9+.-]*://|www\.)\S+$|^\S+\.(?:com|org|net|edu|gov|io|uk|de|cn)(?:/\S*)?$", re.I)
_EMAIL = re.compile(r"^\S+@\S+\.\S+$")
_WORD = re.compile(r"[^\W\d_](?:[^\W\d_\u00ad]|[\u00ad'\u2019\u02bc](?=[^\W\d_]))*", re.UNICODE)
_PARTS = re.compile(r"[^-‐‑/]+")
_EDGE = "\"“”‘’'«»‹›()[]{}<>.,;:!?…—–*_/"


def words(text: str, skip_capitals: bool = True) -> list[tuple[int, int, str]]:
    """(start, end, word) for every word to check; `word` has soft hyphens taken out and
    typographic apostrophes made plain."""
    result = []
    for token in _TOKEN.finditer(text):
        raw = token.group(0)
        core = raw.strip(_EDGE)
        if not core or _URL.match(core) or _EMAIL.match(core) or "@" in core:
            continue
        offset = token.start()
        # a compound is checked part by part; a part with a digit ("2.4" in "2.4-metre") is skipped
        for part_match in _PARTS.finditer(raw):
            part = part_match.group(0)
            if any(c.isdigit() for c in part):
                continue
            for found in _WORD.finditer(part):
                word = found.group(0).replace(SOFT_HYPHEN, "")
                for a in APOSTROPHES[1:]:
                    word = word.replace(a, "'")
                if len(word) < 2 and word.lower() not in ("a", "i"):
                    continue
                if skip_capitals and len(word) > 1 and word.isupper():
                    continue
                start = offset + part_match.start() + found.start()
                result.append((start, start + len(found.group(0)), word))
    return result
