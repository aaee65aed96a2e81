"""Whatever a file may hold within the model's limits, laying it out finishes with every
character accounted for: extreme sizes, leadings, columns, frames and tracking.

What keeps the work bounded is a count, not a clock: a paragraph of more than
GREEDY_ABOVE_ITEMS items is never given to the total-fit breaker but set first fit. The tests
check that count and the layout's result; how long hostile layouts take is measured in
benchmarks/hostile.py, against laying out the sample edition in the same run."""

from collections.abc import Iterator
from contextlib import contextmanager
from unittest import mock

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from epaperdesk.geometry import Rect
from epaperdesk.model import Edition, Page, ParagraphStyle, Story, TextFrame
from epaperdesk.model.styles import HyphenationSettings, JustificationSettings
from epaperdesk.typeset import flow
from epaperdesk.typeset.layout import Typesetter

WORD = "hyphenation"


def hostile_edition(size, leading, columns, width, height, tracking, words, word_max, alignment) -> Edition:
    style = ParagraphStyle(
        "body",
        size=size,
        leading=leading,
        tracking=tracking,
        alignment=alignment,
        hyphenation=HyphenationSettings(min_word_length=3),
        justification=JustificationSettings(word_space_max=word_max),
    )
    edition = Edition(paragraph_styles={"body": style})
    edition.stories["s"] = Story("s", " ".join([WORD] * words), ["body"])
    page = Page("p", 20000, 20000)
    page.frames = [TextFrame("f", Rect(0, 0, width, height), story_id="s", columns=columns, gutter=9.0)]
    edition.pages = [page]
    return edition


@contextmanager
def paragraph_sizes() -> Iterator[dict[str, list[int]]]:
    """The item counts of the paragraphs given to each line breaker during the block."""
    sizes: dict[str, list[int]] = {"total fit": [], "first fit": []}

    def recording(name, breaker):
        def record(items, *args, **kwargs):
            sizes[name].append(len(items))
            return breaker(items, *args, **kwargs)

        return record

    with (
        mock.patch.object(flow, "break_lines", recording("total fit", flow.break_lines)),
        mock.patch.object(flow, "break_greedy", recording("first fit", flow.break_greedy)),
    ):
        yield sizes


def check_accounted_for(edition: Edition, layout) -> None:
    """Every character is on a line, in order, and drawn, or it is overset; the overset is
    counted exactly when there is one; every line is inside the frame."""
    text = edition.stories["s"].text
    frame = edition.pages[0].frames[0].rect
    story_flow, report = layout.flows["s"], layout.stories["s"]
    lines = sorted(layout.pages[0].lines, key=lambda r: r.start)
    position = 0
    for record in lines:
        assert record.start >= position, "lines overlap"
        assert text[position : record.start].strip() == "", f"text {text[position : record.start]!r} is on no line"
        position = record.end
    if story_flow.overset_start is None:
        assert text[position:].strip() == "", "text after the last line is lost without being overset"
        assert report.overset_lines == 0 and report.overset_words == 0
    else:
        assert story_flow.overset_start >= position and text[position : story_flow.overset_start].strip() == ""
        assert report.overset_lines > 0, "an overset that is not counted"
        assert report.overset_words > 0 or not text.strip()
    drawn = "".join(r.text for r in layout.pages[0].glyph_runs() if r.story_id == "s" and r.end > r.start)
    kept = text if story_flow.overset_start is None else text[: story_flow.overset_start]
    assert drawn.replace(" ", "") == kept.replace(" ", ""), "the lines do not draw the text they cover"
    for record in lines:
        assert frame.left - 1e-6 <= record.x and record.x + record.measure <= frame.right + 1e-6
        assert frame.top - 1e-6 <= record.baseline <= frame.bottom + 1e-6


@settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck))
@given(
    size=st.floats(1, 1000),
    leading=st.floats(1, 2000),
    columns=st.integers(1, 40),
    width=st.floats(1, 20000),
    height=st.floats(1, 20000),
    tracking=st.floats(-300, 1000),
    words=st.integers(0, 3000),
    word_max=st.floats(100, 400),
    alignment=st.sampled_from(["justify", "left", "center", "right"]),
)
def test_extreme_values_lay_out_completely_inside_the_frame(
    size, leading, columns, width, height, tracking, words, word_max, alignment
):
    edition = hostile_edition(size, leading, columns, width, height, tracking, words, word_max, alignment)
    with paragraph_sizes() as sizes:
        layout = Typesetter().layout(edition)
    check_accounted_for(edition, layout)
    assert max(sizes["total fit"], default=0) <= flow.GREEDY_ABOVE_ITEMS


def test_a_huge_paragraph_is_set_first_fit_and_kept_whole():
    """4,000 hyphenatable words in one paragraph (six items each): more items than the
    total-fit breaker is given, so the paragraph goes to the first-fit breaker, and nothing is
    lost."""
    edition = hostile_edition(9.0, 10.5, 5, 700.0, 1100.0, 0.0, 4000, 200.0, "justify")
    with paragraph_sizes() as sizes:
        layout = Typesetter().layout(edition)
    items = len(layout.flows["s"].paragraphs[0].items)
    assert items > flow.GREEDY_ABOVE_ITEMS, "the paragraph is too short to test the limit"
    assert items in sizes["first fit"]
    assert max(sizes["total fit"], default=0) <= flow.GREEDY_ABOVE_ITEMS
    check_accounted_for(edition, layout)
    assert layout.stories["s"].overset_lines > 0  # 4,000 words do not fit five columns of 1,100 pt
