"""Bad breaks: each rule on lines made to break it, and none on the sample. (Their fixes:
test_fixes.py.)"""

from epaperdesk.model import Edition, ParagraphStyle, Story
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
