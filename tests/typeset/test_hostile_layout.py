"""Whatever a file may hold within the model's limits, laying it out finishes in bounded time:
extreme sizes, leadings, columns, frames and tracking."""

import time

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from epaperdesk.geometry import Rect
from epaperdesk.model import Edition, Page, ParagraphStyle, Story, TextFrame
from epaperdesk.model.styles import HyphenationSettings, JustificationSettings
from epaperdesk.typeset.layout import Typesetter

LIMIT = 20.0  # seconds, far above the ordinary tens of milliseconds


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
def test_extreme_values_lay_out_in_bounded_time(
    size, leading, columns, width, height, tracking, words, word_max, alignment
):
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
    text = " ".join(["hyphenation"] * words)
    edition.stories["s"] = Story("s", text, ["body"])
    page = Page("p", 20000, 20000)
    page.frames = [TextFrame("f", Rect(0, 0, width, height), story_id="s", columns=columns, gutter=9.0)]
    edition.pages = [page]
    start = time.perf_counter()
    layout = Typesetter().layout(edition)
    assert time.perf_counter() - start < LIMIT
    assert layout.stories["s"].overset_lines >= 0
