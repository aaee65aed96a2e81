"""A new edition from a setup and a template: pages as asked, the template's house style
and master pages fitted to the new size, problems named before anything is made."""

import datetime

import pytest

from epaperdesk.geometry import mm
from epaperdesk.model.new_edition import EditionSetup, default_geometry, new_edition
from epaperdesk.model.page import ColumnGrid
from epaperdesk.model.validate import find_problems


def test_a_blank_edition(small_edition):
    edition = new_edition(EditionSetup(default_geometry("a4", 4), pages=3, title="Parish News"))
    assert [p.id for p in edition.pages] == ["p1", "p2", "p3"]
    assert edition.pages[0].grid.count == 4 and edition.pages[0].size_preset == "a4"
    assert edition.masters == [] and find_problems(edition) == []


def test_from_a_template_page_one_takes_the_front_master(sample_path):
    from epaperdesk.io.epd import load_edition

    template = load_edition(sample_path)
    geometry = default_geometry("tabloid", 5)
    edition = new_edition(EditionSetup(geometry, 4, True, "Harbour Gazette", date=datetime.date(2027, 1, 8)), template)
    assert [p.master for p in edition.pages] == ["front", "inside", "inside", "inside"]
    assert edition.facing_pages and edition.date == datetime.date(2027, 1, 8)
    assert edition.paragraph_styles == template.paragraph_styles
    front = next(m for m in edition.masters if m.name == "front")
    band = next(f for f in front.frames if f.id == "front-footer-band")
    assert band.rect.width == pytest.approx(geometry.width + 2 * geometry.bleed)  # bleed to bleed, as in the template
    assert band.rect.bottom == pytest.approx(geometry.height + geometry.bleed)
    assert set(edition.stories) == {
        "footer",
        "folio",
        "running-head",
        "running-section",
        "footer-inside",
        "folio-inside",
    }
    assert find_problems(edition) == []


@pytest.mark.parametrize(
    "setup, message",
    [
        (EditionSetup(default_geometry(), pages=0), "1–200 pages"),
        (EditionSetup(default_geometry(), title=" "), "needs a title"),
        (EditionSetup(default_geometry().__class__(100, 100, grid=ColumnGrid(6, mm(10)))), "gutter"),
    ],
)
def test_problems_are_named(setup, message):
    with pytest.raises(ValueError, match=message):
        new_edition(setup)
