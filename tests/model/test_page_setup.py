"""Document setup: size, margins, grid, bleed and baseline grid changed as one edit; frames
keep their place relative to the margins (or scale with the type area); what falls off the
page is named; nonsense is refused with a message a dialog can show."""

import dataclasses

import pytest

from epaperdesk.geometry import Rect, mm
from epaperdesk.model import BoxFrame, ColumnGrid, Margins, TextFrame
from epaperdesk.model.edits import EditError
from epaperdesk.model.page_setup import (
    PageGeometry,
    column_positions,
    geometry_of,
    margin_box,
    moved_rect,
    set_up_pages,
)
from tests.model.edit_checks import round_trip


def test_a_bigger_page_keeps_frames_at_their_margins(small_edition):
    page = small_edition.pages[0]
    old = geometry_of(page)
    result = set_up_pages(small_edition, {"width": old.width + 100, "height": old.height + 50, "size_preset": "custom"})
    round_trip(small_edition, result.edit)
    assert all(p.width == old.width + 100 for p in small_edition.pages)
    assert small_edition.frame_by_id("t1").rect.x == 34  # near the left margin: stays
    band = small_edition.frame_by_id("b1")
    assert band.rect.y == 1100 + 50  # near the foot: moves down with it
    assert result.outside == ()


def test_across_the_type_area_and_the_page_stretch():
    old = PageGeometry(600, 800, margins=Margins(30, 30, 30, 30))
    new = dataclasses.replace(old, width=700, margins=Margins(30, 30, 40, 40))
    assert moved_rect(Rect(30, 100, 540, 50), old, new) == Rect(40, 100, 620, 50)  # margin to margin
    assert moved_rect(Rect(-9, 700, 618, 109), old, new) == Rect(-9, 700, 718, 109)  # bleed to bleed
    assert moved_rect(Rect(400, 100, 100, 50), old, new).right == 700 - 40 - 70  # kept to the right margin
    scaled = moved_rect(Rect(30, 30, 270, 370), old, new, scale=True)
    assert scaled.width == pytest.approx(310) and scaled.x == 40


def test_margins_of_some_pages_only(small_edition):
    result = set_up_pages(small_edition, {"margins": Margins(mm(20), mm(20), mm(20), mm(20))}, ["p2"])
    round_trip(small_edition, result.edit)
    assert small_edition.pages[0].margins == Margins()
    assert small_edition.pages[1].margins.top == mm(20)


def test_what_falls_off_the_page_is_named(small_edition):
    small_edition.pages[0].frames.append(BoxFrame("edge", Rect(40, 1000, 600, 50)))
    result = set_up_pages(small_edition, {"width": 500.0, "size_preset": "custom"}, scale=False)
    assert any("'edge' on page 1" in line for line in result.outside)


@pytest.mark.parametrize(
    "changes, message",
    [
        ({"width": 0.0}, "width and a height"),
        ({"margins": Margins(700, 700, 10, 10)}, "no room"),
        ({"grid": ColumnGrid(20, 60)}, "gutters are wider"),
        ({"bleed": mm(20)}, "0–10 mm"),
        ({"baseline_grid": 0.5}, "at least 1 pt"),
    ],
)
def test_nonsense_is_refused_in_words(small_edition, changes, message):
    with pytest.raises(EditError, match=message):
        set_up_pages(small_edition, changes)


def test_facing_pages_mirror_the_margins_of_left_pages(small_edition):
    for page in small_edition.pages:
        page.margins = Margins(30, 30, 50, 20)
    small_edition.facing_pages = True
    right_hand, left_hand = small_edition.pages
    assert margin_box(small_edition, right_hand).x == 50
    assert margin_box(small_edition, left_hand).x == 20
    assert column_positions(small_edition, left_hand)[0][0] == 20
    assert isinstance(small_edition.frame_by_id("t1"), TextFrame)
