"""Bad breaks: each rule on lines made to break it and on real layouts, and none on the
sample. (Their fixes: test_fixes.py.)"""

from epaperdesk.geometry import Rect
from epaperdesk.model import Edition, ParagraphStyle, Story, TextFrame
from epaperdesk.model.page import Page
from epaperdesk.model.styles import HyphenationSettings
from epaperdesk.proof.breaks import find_bad_breaks
from epaperdesk.typeset.displaylist import LineRecord, PageDisplayList
from epaperdesk.typeset.layout import EditionLayout, Typesetter


def line(
    start, end, *, frame="f", column=0, baseline=0.0, hyphen=False, last_par=False, last_col=False, ratio=1.0, story="s"
):
    return LineRecord(
        story,
        start,
        end,
        frame,
        column,
        0.0,
        baseline,
        100.0,
        100.0,
        "justify",
        ratio,
        0.0,
        1.0,
        hyphen,
        last_par,
        last_col,
        0.0,
    )


def layout_of(*pages):
    return EditionLayout(
        [PageDisplayList(f"p{i}", 600, 800, 0, (), tuple(lines), (), ()) for i, lines in enumerate(pages)], {}
    )


def edition_with(text):
    e = Edition(paragraph_styles={"body": ParagraphStyle("body", hyphenation=HyphenationSettings(max_consecutive=2))})
    e.stories["s"] = Story("s", text, ["body"] * (text.count("\n") + 1))
    return e


def kinds(found):
    return sorted((b.kind, b.severity) for b in found)


def test_ladder_foot_proper_noun_and_jump():
    text = "aaaa bbbbbbbb cccccccc dddddddd Eeeeeeeee ffff gggggggg hhhh"
    e = edition_with(text)
    # lines end inside words: 7 (bbbb|bbbb), 16, 25 → three hyphens in a row
    lines = [
        line(0, 9, hyphen=True),
        line(9, 18, hyphen=True, baseline=10),
        line(18, 27, hyphen=True, baseline=20),
        line(27, 36, baseline=30, hyphen=True, last_col=True),
    ]
    found = find_bad_breaks(e, layout_of(lines, [line(36, len(text), last_par=True)]))
    ladders = [b for b in found if b.kind == "ladder"]
    assert ladders and "3 hyphens in a row" in ladders[0].message
    assert any(b.kind == "jump" and "page 1 to 2" in b.message for b in found)
    e2 = edition_with(text)
    found = find_bad_breaks(
        e2, layout_of([line(0, 35, last_col=True, hyphen=True), line(35, len(text), column=1, last_par=True)])
    )
    assert any(b.kind in ("column-foot", "page-foot") for b in found)
    assert any(b.kind == "proper-noun" and "Eeeeeeeee" in b.message for b in found)


def test_widow_orphan_loose_tight_and_stack():
    text = "one two three four five six\nthe cat sat the dog sat"
    e = edition_with(text)
    lines = [
        line(0, 10, last_col=True),
        line(10, 28, column=1, last_par=True),  # orphan, then widow
        line(28, 40, column=2, ratio=1.9),
        line(40, 51, column=2, last_par=True, baseline=10),
    ]
    found = find_bad_breaks(e, layout_of(lines))
    assert ("orphan", "warning") in kinds(found) and ("widow", "warning") in kinds(found)
    assert ("loose", "note") in kinds(found)
    tight = find_bad_breaks(e, layout_of([line(28, 40, ratio=0.6), line(40, 51, last_par=True)]))
    assert ("tight", "note") in kinds(tight)
    assert ("stack", "note") in kinds(find_bad_breaks(e, layout_of([line(28, 40), line(40, 51, last_par=True)])))


def test_the_sample_has_no_bad_break_warnings(sample_path):
    from epaperdesk.io.epd import load_edition

    edition = load_edition(sample_path)
    found = find_bad_breaks(edition, Typesetter().layout(edition))
    assert [b for b in found if b.severity == "warning"] == []


def laid_out(text, width, hyphenate=True):
    """An edition with `text` in one frame `width` points wide, and its real layout."""
    style = ParagraphStyle("body", hyphenation=HyphenationSettings(enabled=hyphenate))
    e = Edition(paragraph_styles={"body": style})
    e.stories["s"] = Story("s", text, ["body"] * (text.count("\n") + 1))
    e.pages.append(Page("p1", 300, 400, frames=[TextFrame("f", Rect(20, 20, width, 300), story_id="s")]))
    return e, Typesetter().layout(e)


def test_a_break_at_a_compounds_own_hyphen_is_no_hyphenated_proper_noun():
    text = "Delegates of the Sino China-Africa summit met pro-Beijing groups"
    e = edition_with(text)
    china = text.index("Africa")  # a line ends after "China-"
    beijing = text.index("jing")  # a line ends inside "Bei-jing"
    lines = [line(0, china, hyphen=True), line(china, beijing, hyphen=True, baseline=10)]
    found = find_bad_breaks(e, layout_of([*lines, line(beijing, len(text), baseline=20, last_par=True)]))
    assert [b.message for b in found if b.kind == "proper-noun"] == ["hyphenated proper noun “Beijing”"]
    # as the typesetter breaks it: "Sino China-" / "Africa summit"
    e, layout = laid_out("The Sino China-Africa summit met at the hall", 60)
    broken = [r for d in layout.pages for r in d.lines if r.hyphenated]
    assert broken and e.stories["s"].text[broken[0].end - 1] == "-"
    assert not [b for b in find_bad_breaks(e, layout) if b.kind == "proper-noun"]


def test_a_word_split_with_no_hyphen_is_a_warning():
    word = "Llanfairpwllgwyngyllgogerychwyrndrobwll"
    e, layout = laid_out(f"The talks at {word} went on.", 60, hyphenate=False)
    text = e.stories["s"].text
    split = [r for d in layout.pages for r in d.lines if text[r.end - 1 : r.end + 1].isalpha()]
    assert split and not any(r.hyphenated for r in split)  # the typesetter broke it without a hyphen
    found = [b for b in find_bad_breaks(e, layout) if b.kind == "no-hyphen"]
    assert len(found) == len(split) and all(b.severity == "warning" and word in b.message for b in found)
    assert (found[0].start, found[0].end) == (text.index(word), text.index(word) + len(word))
    # lines ending between words, at a hyphen added ("sum-") or at a hard hyphen are no such split
    e, layout = laid_out("Delegates of the Sino China-Africa summit discussed the agreements today", 60)
    ends = [e.stories["s"].text[r.start : r.end] for d in layout.pages for r in d.lines]
    assert "the Sino China-" in ends and "Africa sum" in ends
    assert not [b for b in find_bad_breaks(e, layout) if b.kind == "no-hyphen"]
