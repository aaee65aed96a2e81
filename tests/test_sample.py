"""The bundled sample edition: a real front page, not a test fixture."""

import re

import pytest

from epaperdesk.io.epd import edition_to_bytes, load_edition
from epaperdesk.model import BoxFrame, ImageFrame, RuleFrame, TextFrame
from epaperdesk.model.validate import find_problems
from epaperdesk.typeset.fonts import find_face
from epaperdesk.typeset.layout import Typesetter


@pytest.fixture(scope="module")
def sample(sample_path):
    return load_edition(sample_path)


def story_with(sample, style):
    return [s for s in sample.stories.values() if style in s.paragraph_styles]


def paragraphs(story, style):
    return [story.text[a:b] for a, b, s in story.paragraphs() if s == style]


def test_sample_is_sound_and_built_from_its_sources(sample, sample_path, build_sample_module):
    assert find_problems(sample) == []
    assert edition_to_bytes(build_sample_module.build_edition()) == sample_path.read_bytes(), (
        "resources/samples/meridian-weekly.epd is out of date: run `make sample`"
    )


def test_masthead_fields(sample):
    assert sample.title == "Meridian"
    assert sample.volume_and_number == "VOL.1-NO.25"
    assert sample.edition_line == "WEEKLY EDITION"
    assert sample.date.isoformat() == "2026-11-26"
    assert sample.stories["masthead-line"].text == "{{issue}} · {{weekday}}, {{date}} · {{edition-line}}"
    display = Typesetter().layout(sample).pages[0]
    line = " ".join(r.text for r in display.glyph_runs() if r.story_id == "masthead-line")
    assert line == "VOL.1-NO.25 · THURSDAY, 26 NOVEMBER 2026 · WEEKLY EDITION"


def test_size_fills_a_page(sample):
    assert 4500 <= sample.total_words() <= 5500
    assert len(sample.pages) == 2
    for page in sample.pages:
        assert page.size_preset == "broadsheet"
        kinds = {type(f) for f in page.frames}
        assert {TextFrame, ImageFrame, RuleFrame, BoxFrame} <= kinds
    assert [p.master for p in sample.pages] == ["front", "inside"]
    layout = Typesetter().layout(sample)
    for report in layout.stories.values():  # every story fits: nothing overset, at most a few lines short
        assert report.overset_lines == 0


def test_articles_have_headlines_bylines_and_bodies(sample):
    heads = (
        story_with(sample, "headline")
        + story_with(sample, "headline-secondary")
        + story_with(sample, "headline-feature")
    )
    assert len(heads) == 3
    for story in heads:
        assert story.word_count() > 300
        assert len(sample.story_frames(story.id)) >= 2, "head and body frames are threaded"
    bylines = [p for s in heads for p in paragraphs(s, "byline")]
    assert any(b.startswith("Edited by ") for b in bylines)
    assert any(p.startswith("Source: ") for s in heads for p in paragraphs(s, "source"))


def test_photos_have_captions_credits_and_alt_text(sample):
    photos = [f for _, f in sample.frames() if isinstance(f, ImageFrame)]
    assert len(photos) == 3
    credits = []
    for photo in photos:
        assert photo.image in sample.images and photo.alt_text
        asset = sample.images[photo.image]
        assert asset.width / (photo.rect.width / 72) >= 170, "newsprint needs 170 ppi"
        caption = sample.caption_of(photo)
        assert caption is not None and paragraphs(caption, "caption")
        credits += paragraphs(caption, "credit")
        assert sample.story_frames(caption.id), "the caption is placed on the page"
    assert any(re.fullmatch(r"\(PHOTO: [A-Z /]+\)", c) for c in credits)
    assert any(c.startswith("(Photo provided by") for c in credits)


def test_editors_pick_interview_is_qa_with_bold_speakers_and_jumps(sample):
    interview = sample.stories["interview"]
    assert paragraphs(interview, "kicker") == ["Editor’s Pick"]
    qa = [(a, b, s) for a, b, s in interview.paragraphs() if s.startswith("qa-")]
    assert len(qa) >= 10
    bold = interview.spans["qa-speaker"]
    for start, _end, _ in qa:
        name_end = interview.text.index(":", start) + 1
        assert (start, name_end) in bold, f"speaker name at {start} is not bold"
    assert sample.character_styles["qa-speaker"].weight == 700
    layout = Typesetter().layout(sample)
    jumps = [(j.kind, j.page, j.text) for d in layout.pages for j in d.jumps]
    assert jumps == [("see", 2, "See page 2"), ("continued", 1, "Continued from page 1")]


def test_every_style_resolves_to_a_font_file(sample):
    for style in sample.paragraph_styles.values():
        assert find_face(style.font_family, style.weight, style.italic).path.suffix == ".ttf"
        for char_style in sample.character_styles.values():
            find_face(
                style.font_family,
                char_style.weight or style.weight,
                style.italic if char_style.italic is None else char_style.italic,
            )


def test_frames_sit_on_the_page_or_run_to_the_bleed(sample):
    page = sample.pages[0]
    for frame in page.frames:
        r = frame.rect
        assert -page.bleed - 0.01 <= r.left and r.right <= page.width + page.bleed + 0.01, frame.id
        assert -page.bleed - 0.01 <= r.top and r.bottom <= page.height + page.bleed + 0.01, frame.id
