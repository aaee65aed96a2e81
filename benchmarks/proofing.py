"""Proofreading benchmark: spell-checking the whole sample page cold (tokenizing, the
edition dictionary, memo empty) against enchant checking the page's distinct words
straight through, in the same run (target: at most 1.3×); the re-check after one
keystroke; the bad-break scan."""

from __future__ import annotations

from pathlib import Path

from benchmarks.timing import median_time
from epaperdesk.io.epd import load_edition
from epaperdesk.model.edits import splice_text
from epaperdesk.proof.breaks import find_bad_breaks
from epaperdesk.proof.spellcheck import SpellChecker
from epaperdesk.proof.spelling import raw_dictionary, speller
from epaperdesk.proof.tokens import words
from epaperdesk.typeset.layout import Typesetter


def bench_proofing(sample_path: Path) -> dict:
    edition = load_edition(sample_path)
    language = next(iter(edition.stories.values())).language
    distinct = sorted({w for story in edition.stories.values() for _, _, w in words(story.text)})
    _, dictionary = raw_dictionary(language)  # loading the dictionary is not timed, on either side
    shared = speller(language)

    def ours() -> None:
        shared._known.clear()
        SpellChecker().check_edition(edition)

    def baseline() -> None:
        for word in distinct:
            dictionary.check(word)

    cold = median_time(ours, 7)
    raw = median_time(baseline, 7)
    checker = SpellChecker()
    checker.check_edition(edition)
    story = edition.stories["lead"]
    position = story.text.index("Twelve") + 6
    typed = []

    def keystroke() -> None:
        edit = splice_text(edition, "lead", position + len(typed), 0, "x")
        edit.apply(edition)
        typed.append(edit)
        checker.check_edition(edition)

    after_key = median_time(keystroke, 21)
    layout = Typesetter().layout(edition)
    breaks = median_time(lambda: find_bad_breaks(edition, layout), 7)
    return {
        "distinct words on the page": len(distinct),
        "raw enchant check of them (ms)": raw * 1000,
        "whole page checked cold (ms)": cold * 1000,
        "cold check / raw enchant": cold / raw,
        "re-check after a keystroke (ms)": after_key * 1000,
        "keystroke re-check / cold check": after_key / cold,
        "bad-break scan of the page (ms)": breaks * 1000,
    }


__all__ = ["bench_proofing"]
