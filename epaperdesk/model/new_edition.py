"""A new edition from File → New or `epaperdesk new`: pages of the chosen size and grid, and,
from a template, its house styles, swatches, fonts, house settings and master pages (their
furniture moved onto the new page size as page setup moves frames)."""

from __future__ import annotations

import copy
import dataclasses
import datetime
from dataclasses import dataclass

from epaperdesk.model.edition import LANGUAGES, Edition
from epaperdesk.model.frames import TextFrame
from epaperdesk.model.page import ColumnGrid, Margins, Page
from epaperdesk.model.page_setup import PageGeometry, geometry_of, moved_rect
from epaperdesk.model.validate import find_problems

MAX_NEW_PAGES = 200
FRONT, INSIDE = "front", "inside"  # the masters page 1 and the other pages take, when a template has them


@dataclass(frozen=True)
class EditionSetup:
    """What the New Edition dialog asks."""

    geometry: PageGeometry
    pages: int = 1
    facing_pages: bool = False
    title: str = "Untitled"
    language: str | None = None  # None: the template's (or US English)
    date: datetime.date | None = None

    def problems(self) -> list[str]:
        found = list(self.geometry.problems())
        if not 1 <= self.pages <= MAX_NEW_PAGES:
            found.append(f"an edition starts with 1–{MAX_NEW_PAGES} pages")
        if self.language is not None and self.language not in LANGUAGES:
            found.append(f"language {self.language!r} is not one of {', '.join(LANGUAGES)}")
        if not self.title.strip():
            found.append("the edition needs a title")
        return found


def new_edition(setup: EditionSetup, template: Edition | None = None) -> Edition:
    """A new edition as set up. Raises ValueError naming the first problem of the setup."""
    problems = setup.problems()
    if problems:
        raise ValueError(problems[0])
    geometry = setup.geometry
    edition = Edition(title=setup.title.strip())
    if setup.date is not None:
        edition.date = setup.date
    if template is not None:
        _take_house_style(edition, template)
        edition.masters = [_fitted_master(master, geometry) for master in template.masters]
        for frame in (f for master in edition.masters for f in master.frames):
            if isinstance(frame, TextFrame) and frame.story_id is not None:
                edition.stories[frame.story_id] = copy.deepcopy(template.stories[frame.story_id])
    edition.language = setup.language or (template.language if template is not None else "en_US")
    edition.facing_pages = setup.facing_pages
    names = {master.name or master.id: master.id for master in edition.masters}
    first_master = edition.masters[0].id if edition.masters else None
    for number in range(1, setup.pages + 1):
        wanted = FRONT if number == 1 else INSIDE
        master = names.get(wanted, first_master)
        edition.pages.append(_page(f"p{number}", geometry, master))
    problems = find_problems(edition)
    if problems:
        raise ValueError(f"the template makes an edition that is not sound: {problems[0]}")
    return edition


def _take_house_style(edition: Edition, template: Edition) -> None:
    """Styles, swatches, fonts, dictionary, hyphenation exceptions and house settings."""
    for name in (
        "paragraph_styles",
        "character_styles",
        "swatches",
        "fonts",
        "dictionary_words",
        "hyphenation_exceptions",
        "copyfit",
        "jumps",
        "edition_line",
        "volume",
    ):
        setattr(edition, name, copy.deepcopy(getattr(template, name)))


def _page(page_id: str, geometry: PageGeometry, master: str | None) -> Page:
    return Page(
        page_id,
        geometry.width,
        geometry.height,
        size_preset=geometry.size_preset,
        margins=geometry.margins,
        grid=geometry.grid,
        bleed=geometry.bleed,
        baseline_grid=geometry.baseline_grid,
        master=master,
    )


def _fitted_master(master: Page, geometry: PageGeometry) -> Page:
    """A template's master page on the new page size and grid, its items moved with it."""
    old = geometry_of(master)
    fitted = copy.deepcopy(master)
    for name in ("width", "height", "size_preset", "margins", "grid", "bleed", "baseline_grid"):
        setattr(fitted, name, getattr(geometry, name))
    fitted.frames = [dataclasses.replace(f, rect=moved_rect(f.rect, old, geometry)) for f in fitted.frames]
    return fitted


def default_geometry(preset: str = "tabloid", columns: int = 5) -> PageGeometry:
    """A newspaper page as most houses start: 12 mm margins, 4 mm gutters, 3 mm bleed."""
    from epaperdesk.geometry import mm
    from epaperdesk.model.page import page_size

    width, height = page_size(preset)
    return PageGeometry(width, height, preset, Margins(), ColumnGrid(columns, mm(4)), mm(3), 0.0)
