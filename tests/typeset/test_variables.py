"""Text variables: page numbers, sections, the issue line and dates, set per page (a master
page shows a placeholder)."""

import datetime

from epaperdesk.io.epd import load_edition
from epaperdesk.model.pages import duplicate_page
from epaperdesk.typeset.layout import Typesetter
from epaperdesk.typeset.variables import format_date


def words_on(display, story_id):
    return " ".join(r.text for r in display.glyph_runs() if r.story_id == story_id)


def test_variables_resolve_on_every_page(sample_path):
    edition = load_edition(sample_path)
    layout = Typesetter().layout(edition)
    assert words_on(layout.pages[0], "folio") == "1"
    assert words_on(layout.pages[1], "folio-inside") == "2"
    assert words_on(layout.pages[1], "running-section") == "SCIENCE & SOCIETY · PAGE 2 OF 2"
    assert words_on(layout.pages[1], "running-head") == "MERIDIAN · THURSDAY, 26 NOVEMBER 2026"
    edit, _ = duplicate_page(edition, "p2")
    edit.apply(edition)
    layout = Typesetter().layout(edition)
    assert words_on(layout.pages[2], "running-section") == "SCIENCE & SOCIETY · PAGE 3 OF 3"
    assert words_on(layout.pages[1], "running-section") == "SCIENCE & SOCIETY · PAGE 2 OF 3"
    assert [words_on(d, "folio-inside") for d in layout.pages[1:]] == ["2", "3"]
    assert words_on(layout.masters[1], "running-section").endswith("PAGE # OF 3")  # the master shows a placeholder


def test_us_and_british_dates():
    day = datetime.date(2026, 11, 26)
    assert format_date(day, "en_US") == "November 26, 2026" and format_date(day, "en_GB") == "26 November 2026"
