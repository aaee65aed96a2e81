"""The Fit command: a story a few lines over is brought in within the house limits."""

from dataclasses import replace

from epaperdesk.io.epd import load_edition
from epaperdesk.model.edits import resize_frame
from epaperdesk.model.styles import CopyfitLimits, StoryFit
from epaperdesk.typeset.copyfit import fit_story
from epaperdesk.typeset.layout import Typesetter


def few_lines_over(sample_path, shorter: float = 20.0):
    """The sample with the soil story's body frame shorter: 20 pt, a line over; 25 pt, four."""
    edition = load_edition(sample_path)
    frame = edition.frame_by_id("soil-body")
    resize_frame(edition, "soil-body", frame.rect.width, frame.rect.height - shorter).apply(edition)
    return edition


def test_a_story_lines_over_is_fitted_by_tracking_within_limits(sample_path):
    edition = few_lines_over(sample_path)
    typesetter = Typesetter()
    assert typesetter.layout(edition).stories["soil"].overset_lines > 0
    result = fit_story(edition, "soil", typesetter)
    assert result.edit is not None, result.message
    assert result.before > 0 and result.after <= 0
    new = result.edit.new
    assert edition.copyfit.tracking_min <= new.tracking < 0 and new.size == 0 and new.leading == 0
    result.edit.apply(edition)
    assert typesetter.layout(edition).stories["soil"].overset_lines == 0
    result.edit.inverse().apply(edition)
    assert edition.stories["soil"].fit == StoryFit()


def test_fit_says_why_it_cannot(sample_path):
    edition = few_lines_over(sample_path, 25)
    edition.copyfit = CopyfitLimits(tracking_min=-1, tracking_max=1)
    result = fit_story(edition, "soil")
    assert result.edit is None and "cannot fit within the house limits" in result.message
    edition.copyfit = replace(edition.copyfit, max_lines=2)
    result = fit_story(edition, "soil")
    assert result.edit is None and "more than the 2 lines" in result.message
    assert (
        "not placed" in fit_story(edition, "nonexistent").message
        or "no story" in fit_story(edition, "nonexistent").message
    )


def test_size_is_used_only_when_the_house_allows_it(sample_path):
    """The soil story's body is locked to the baseline grid, so leading cannot bring it in;
    a smaller size can, once the house allows it."""
    edition = few_lines_over(sample_path, 25)
    edition.copyfit = CopyfitLimits(tracking_min=-1, tracking_max=1, allow_leading=True, leading_min=-0.5)
    result = fit_story(edition, "soil")
    assert result.edit is None and "(tracking, leading)" in result.message
    edition.copyfit = CopyfitLimits(tracking_min=-1, tracking_max=1, allow_size=True, size_min=-0.5)
    result = fit_story(edition, "soil")
    assert result.edit is not None and result.after <= 0
    assert result.edit.new.tracking == -1 and -0.5 <= result.edit.new.size < 0
