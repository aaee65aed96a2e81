"""The line breaker with fixed-width fake metrics: every character 1 pt, a space 1 pt that
may stretch by 0.5 and shrink by 0.33."""

import pytest

from epaperdesk.typeset.linebreak import INFINITY, Items, Limits, break_greedy, break_lines


def itemize(text: str, hyphens: dict[str, list[int]] | None = None) -> Items:
    items = Items.empty()
    for i, word in enumerate(text.split()):
        if i:
            items.add_glue(1.0, 0.5, 0.33)
        cuts = (hyphens or {}).get(word, [])
        previous = 0
        for cut in cuts:
            items.add_box(cut - previous, cut - previous)
            items.add_penalty(1.0, 50.0, True)
            previous = cut
        items.add_box(len(word) - previous, len(word) - previous)
    items.add_glue(0.0, 100000.0, 0.0)
    items.add_penalty(0.0, -INFINITY, False)
    return items


def words_of(text, items, lines):
    """The words on each line (box counts mapped back to the words)."""
    words = text.split()
    result, index = [], 0
    for line in lines:
        boxes = sum(1 for i in range(line.start, line.end) if items.kind[i] == 0)
        result.append(" ".join(words[index : index + boxes]))
        index += boxes
    return result


TEXT = "aaa bb cccc d eeeee ff ggg hhhh ii jjjjj k llll mm nnn"


def test_pinned_breakpoints():
    items = itemize(TEXT)
    lines = break_lines(items, lambda n: 13.0, tolerance=1000)
    assert words_of(TEXT, items, lines) == ["aaa bb cccc d", "eeeee ff ggg", "hhhh ii jjjjj", "k llll mm nnn"]
    assert [round(line.adjustment.glue_ratio, 3) for line in lines[:-1]] == [0.0, 1.0, 0.0]


def test_total_fit_beats_first_fit():
    """First fit leaves one very loose line; total fit spreads the space."""
    text = "aaaaaa b ccc ddddd eeeeee ffffff gg hhhhhh"
    items = itemize(text)
    greedy = break_greedy(items, lambda n: 12.0)
    best = break_lines(items, lambda n: 12.0, tolerance=10000)
    worst = lambda lines: max(abs(line.adjustment.glue_ratio) for line in lines[:-1])  # noqa: E731
    assert worst(greedy) > 2.0 and worst(best) < 1.0


def test_variable_measures_per_line():
    items = itemize(TEXT)
    lines = break_lines(items, lambda n: 8.0 if n == 1 else 20.0, tolerance=10000)
    first = words_of(TEXT, items, lines)[0]
    assert len(first) <= 8.0 + 1


def test_hyphen_ladders_are_limited():
    text = "xxxxxxxx " * 12
    cuts = {"xxxxxxxx": [4]}
    items = itemize(text, cuts)
    lines = break_lines(items, lambda n: 13.0, tolerance=10000, max_hyphen_run=1, emergency=True)
    runs = run = 0
    for line in lines:
        run = run + 1 if line.hyphenated else 0
        runs = max(runs, run)
    assert runs <= 1


def test_no_hyphen_on_named_lines():
    text = "xxxxxxxx " * 6
    items = itemize(text, {"xxxxxxxx": [4]})
    lines = break_lines(items, lambda n: 13.0, tolerance=10000, no_hyphen_lines=frozenset({1, 2}), emergency=True)
    assert not lines[0].hyphenated and not lines[1].hyphenated


def test_letter_spacing_only_after_word_spacing_is_spent():
    items = itemize("aaaa bbbb cccc dddddddddddddd")
    limits = Limits(letter_stretch=0.1, scale_stretch=0.02)
    lines = break_lines(items, lambda n: 15.0, limits, tolerance=10000)
    assert lines[0].adjustment.letter_spacing == 0.0  # 1 pt of need: two spaces give it
    lines = break_lines(items, lambda n: 15.8, limits, tolerance=10000)
    adjustment = lines[0].adjustment
    assert adjustment.glue_ratio == pytest.approx(1.0) and adjustment.letter_spacing > 0


def test_impossible_line_without_emergency_is_reported():
    items = itemize("a " + "x" * 40 + " b")
    assert break_lines(items, lambda n: 10.0, tolerance=200) is None
    lines = break_lines(items, lambda n: 10.0, emergency=True)
    assert any(line.adjustment.overfull > 0 for line in lines)


def test_greedy_keeps_every_word_of_a_long_paragraph():
    """First fit loses nothing. (Its speed is a benchmark figure: the stress page in draft mode.)"""
    text = " ".join(["word"] * 5000)
    items = itemize(text)
    lines = break_greedy(items, lambda n: 40.0)
    assert sum(len(w.split()) for w in words_of(text, items, lines)) == 5000
