"""What the new style fields and local formatting do on the page: size, font, tracking and
baseline shift of character styles, side indents, small capitals, keep lines together,
paragraph overrides — and bold and italic together."""

import dataclasses

from epaperdesk.model import CharacterStyle
from epaperdesk.model.edits import format_text
from epaperdesk.model.overrides import local_span
from epaperdesk.typeset.layout import Typesetter


def runs_of(edition, story_id):
    layout = Typesetter().layout(edition)
    return [r for page in layout.pages for r in page.glyph_runs() if r.story_id == story_id]


def lines_of(edition, story_id):
    layout = Typesetter().layout(edition)
    return [line for page in layout.pages for line in page.lines if line.story_id == story_id]


def test_local_size_and_font_change_the_runs(small_edition):
    format_text(small_edition, "s2", 0, 7, local_span("size", 14)).apply(small_edition)
    format_text(small_edition, "s2", 8, 13, local_span("font_family", "Source Sans Pro")).apply(small_edition)
    runs = runs_of(small_edition, "s2")
    assert runs[0].text.startswith("Another") and runs[0].size == 14
    sans = [r for r in runs if "SourceSans" in r.font.name]
    assert sans and sans[0].text.startswith("story") and sans[0].size == 9


def test_baseline_shift_and_tracking_of_a_character_style(small_edition):
    small_edition.character_styles["sup"] = CharacterStyle("sup", size=5, baseline_shift=3, tracking=50)
    format_text(small_edition, "s2", 8, 13, "sup").apply(small_edition)
    runs = runs_of(small_edition, "s2")
    plain = next(r for r in runs if r.start == 0)
    raised = next(r for r in runs if r.start == 8)
    assert raised.baseline == plain.baseline - 3
    assert raised.letter_spacing > plain.letter_spacing


def test_bold_and_italic_together_make_bold_italic(small_edition):
    format_text(small_edition, "s2", 0, 7, "bold").apply(small_edition)
    format_text(small_edition, "s2", 0, 7, "italic").apply(small_edition)
    first = runs_of(small_edition, "s2")[0]
    assert "BoldIt" in first.font.name or "BoldItalic" in first.font.name


def test_indents_narrow_the_measure(small_edition):
    before = lines_of(small_edition, "s1")
    body = small_edition.paragraph_styles["body"]
    small_edition.paragraph_styles["body"] = dataclasses.replace(body, left_indent=20, right_indent=10)
    after = lines_of(small_edition, "s1")
    body_before = [line for line in before if line.start >= 9]
    body_after = [line for line in after if line.start >= 9]
    assert body_after[0].x == body_before[0].x + 20
    assert body_after[0].measure == body_before[0].measure - 30


def test_paragraph_overrides_set_alignment_and_leading(small_edition):
    story = small_edition.stories["s1"]
    story.text = "Headline\n" + "A paragraph long enough to run over several lines of the column. " * 6 + "\nEnd."
    story.paragraph_styles[1] = "body+alignment=right;leading=20"
    lines = [line for line in lines_of(small_edition, "s1") if 9 <= line.start < story.text.index("\nEnd")]
    assert len(lines) > 2
    assert {line.alignment for line in lines} == {"right"}
    assert lines[1].baseline - lines[0].baseline == 20


def test_small_caps_paragraph_style(small_edition):
    body = small_edition.paragraph_styles["body"]
    small_edition.paragraph_styles["body"] = dataclasses.replace(body, small_caps=True)
    runs = [r for r in runs_of(small_edition, "s2")]
    assert any(r.text.isupper() and r.size < 9 for r in runs)
