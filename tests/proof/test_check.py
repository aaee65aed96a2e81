"""The proof check as `epaperdesk check` prints it: every finding names its page, story, frame
column and line and the line's words; overset text is a finding; the sample's findings."""

import re
import subprocess
import sys

from epaperdesk.geometry import Rect
from epaperdesk.model import Edition, ParagraphStyle, Story, TextFrame
from epaperdesk.model.edits import SetEditionField, splice_text
from epaperdesk.model.page import Page
from epaperdesk.proof.check import check_edition, format_findings
from epaperdesk.typeset.layout import Typesetter

FINDING = re.compile(
    r"^(page \d+|not on a page), “[^”]+”(, frame \S+ column \d+ line \d+)?: (warning|note) \(\w+\) .+ — “.+”$"
)


def overset_edition():
    text = "The council met on Tuesday. " * 12 + "Work on the new wall starts in spring."
    e = Edition(paragraph_styles={"body": ParagraphStyle("body")})
    e.stories["s"] = Story("s", text, ["body"], name="Harbour")
    e.pages.append(Page("p1", 300, 400, frames=[TextFrame("f", Rect(20, 20, 120, 40), story_id="s")]))
    return e


def test_overset_text_is_a_finding_on_the_page_of_the_last_frame():
    e = overset_edition()
    layout = Typesetter().layout(e)
    report = layout.stories["s"]
    assert report.overset_lines > 0
    findings, _ = check_edition(e, layout)
    (overset,) = [f for f in findings if f.category == "overset"]
    text = e.stories["s"].text
    set_end = max(r.end for d in layout.pages for r in d.lines)
    assert (overset.page, overset.frame_id, overset.severity) == (1, "f", "warning")
    assert overset.start == set_end and overset.end == len(text) and overset.text == text[set_end:]
    assert overset.message == f"overset: {report.overset_lines} lines ({report.overset_words} words) after frame f"
    assert overset.line_text == " ".join(text[set_end:].split()[:8]) + "…"
    printed = format_findings(findings, [], e, notes=False).splitlines()
    assert printed[0] == f"page 1, “Harbour”: warning (overset) {overset.message} — “{overset.line_text}”"
    assert printed[-1].startswith("1 finding (")  # notes on stacks are counted, not shown
    assert not [f for f in check_edition(e, Typesetter().layout(e))[0] if f.page is None]


def test_a_story_that_fits_has_no_overset_finding():
    e = overset_edition()
    e.pages[0].frames[0] = TextFrame("f", Rect(20, 20, 260, 300), story_id="s")
    findings, _ = check_edition(e, Typesetter().layout(e))
    assert not [f for f in findings if f.category == "overset"]


def test_check_prints_every_finding_with_page_story_line_and_words(sample_path, tmp_path):
    from epaperdesk.io.epd import load_edition, save_edition

    edition = load_edition(sample_path)
    words = [*edition.dictionary_words, "WeChat"]  # the sample's footer: "WECHAT"
    SetEditionField("dictionary_words", edition.dictionary_words, words).apply(edition)
    soil = edition.stories["soil"]
    splice_text(edition, "soil", 0, 0, "Teh the the coop- eration GOVERMENT NATO ").apply(edition)
    path = tmp_path / "bad.epd"
    save_edition(edition, path)
    result = subprocess.run(
        [sys.executable, "-m", "epaperdesk", "check", str(path), "--notes"], capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 1, result.stderr
    *findings, summary = result.stdout.splitlines()
    assert findings and re.fullmatch(r"\d+ findings?", summary)
    for printed in findings:
        assert FINDING.match(printed), printed
    first = Typesetter().layout(edition)
    line = next(r for d in first.pages for r in d.lines if r.story_id == "soil" and r.start == 0)
    words_set = " ".join(soil.text[line.start : line.end].split()) + ("-" if line.hyphenated else "")
    ours = [p for p in findings if f"“{soil.name}”" in p and f"— “{words_set}" in p]
    messages = " | ".join(ours)
    for expected in (
        "warning (spelling) unknown word “Teh”",
        "warning (spelling) repeated word “the the”",
        "warning (paste) word split by a hyphen and a space “coop- eration”: join as “cooperation”",
        "warning (spelling) unknown word “GOVERMENT”",
    ):
        assert expected in messages, (expected, findings)
    assert "unknown word “NATO”" not in messages  # an initialism
    loose = [p for p in findings if "loose line" in p]
    assert loose and all(re.search(r"column \d+ line \d+: note \(break\) loose line.* — “\S+ \S+", p) for p in loose)
