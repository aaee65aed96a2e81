"""Document and page setup: the size, margins, column grid, bleed and baseline grid of pages,
changed as one edit. Frames and guides keep their place relative to the margins (or, on
request, are scaled with the type area), and the caller is told what now falls off the page.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass

from epaperdesk.geometry import Rect
from epaperdesk.model.edition import Edition
from epaperdesk.model.edits import CompositeEdit, Edit, EditError, SetFrameRect, SetGuides
from epaperdesk.model.frames import MAX_EXTENT
from epaperdesk.model.page import PAGE_PRESETS, ColumnGrid, Guide, Margins, Page

EDGE = 1.0  # points: an edge this close to a margin or the trim counts as on it


@dataclass(frozen=True)
class PageGeometry:
    """What page setup changes on a page."""

    width: float
    height: float
    size_preset: str = "custom"
    margins: Margins = Margins()
    grid: ColumnGrid = ColumnGrid()
    bleed: float = 0.0
    baseline_grid: float = 0.0

    def problems(self) -> list[str]:
        """What is wrong with these values, in words a dialog can show next to the field."""
        found: list[str] = []
        if not (0 < self.width <= MAX_EXTENT and 0 < self.height <= MAX_EXTENT):
            found.append("the page needs a width and a height above 0 (and below 7 m)")
            return found
        m = self.margins
        if min(m.top, m.bottom, m.inside, m.outside) < 0:
            found.append("margins cannot be negative")
        type_width = self.width - m.inside - m.outside
        type_height = self.height - m.top - m.bottom
        if type_width <= 0 or type_height <= 0:
            found.append("the margins leave no room on the page")
        elif self.grid.gutter * (self.grid.count - 1) >= type_width:
            found.append("the gutters are wider than the type area: fewer columns or a narrower gutter")
        elif (type_width - self.grid.gutter * (self.grid.count - 1)) / self.grid.count < self.grid.gutter:
            found.append("a column would be narrower than the gutter between columns")
        if not 0 <= self.bleed <= 10 * 72 / 25.4 + 1e-9:
            found.append("the bleed must be 0–10 mm")
        if self.baseline_grid < 0 or 0 < self.baseline_grid < 1:
            found.append("the baseline grid must be 0 (none) or at least 1 pt")
        if self.size_preset != "custom" and self.size_preset not in PAGE_PRESETS:
            found.append(f"unknown page size {self.size_preset!r}")
        return found


def geometry_of(page: Page) -> PageGeometry:
    return PageGeometry(
        page.width, page.height, page.size_preset, page.margins, page.grid, page.bleed, page.baseline_grid
    )


def with_orientation(width: float, height: float, landscape: bool) -> tuple[float, float]:
    """(width, height) turned to the orientation asked for."""
    short, long = sorted((width, height))
    return (long, short) if landscape else (short, long)


@dataclass(frozen=True)
class SetPageGeometry(Edit):
    """Change a page's (or master page's) size, margins, grid, bleed and baseline grid."""

    page_id: str
    old: PageGeometry
    new: PageGeometry
    label = "Page setup"

    def apply(self, edition: Edition) -> None:
        try:
            page = edition.page_by_id(self.page_id)
        except KeyError:
            raise EditError(f"no page {self.page_id!r}") from None
        if geometry_of(page) != self.old:
            raise EditError(f"page {self.page_id!r} is not set up as this edit expects")
        problems = self.new.problems()
        if problems:
            raise EditError(problems[0])
        for name in ("width", "height", "size_preset", "margins", "grid", "bleed", "baseline_grid"):
            setattr(page, name, getattr(self.new, name))

    def inverse(self) -> SetPageGeometry:
        return SetPageGeometry(self.page_id, self.new, self.old)


def _place(
    low: float, high: float, old: tuple[float, float, float], new: tuple[float, float, float], scale: bool
) -> tuple[float, float]:
    """Where an interval [low, high] of one axis goes when the page's extent on that axis
    changes from `old` to `new` = (type area start, type area end, page size)."""
    a0, b0, size0 = old
    a1, b1, size1 = new
    if scale and b0 > a0:
        factor = (b1 - a1) / (b0 - a0)
        return a1 + (low - a0) * factor, a1 + (high - a0) * factor
    at_start = low <= EDGE  # on or beyond the trim: stays with the trim
    at_end = high >= size0 - EDGE
    if at_start and at_end:  # across the whole page (bands, backgrounds): stretch with it
        return low, high + (size1 - size0)
    on_a, on_b = abs(low - a0) <= EDGE, abs(high - b0) <= EDGE
    if on_a and on_b:  # across the type area: stretch with it
        return a1 + (low - a0), b1 + (high - b0)
    if at_start:
        return low, high
    if at_end:
        return low + (size1 - size0), high + (size1 - size0)
    middle = (low + high) / 2
    if middle - a0 <= b0 - middle:  # nearer the start margin: keep the distance to it
        return low + (a1 - a0), high + (a1 - a0)
    return low + (b1 - b0), high + (b1 - b0)


def _axes(geometry: PageGeometry) -> tuple[tuple[float, float, float], tuple[float, float, float]]:
    m = geometry.margins
    return (m.inside, geometry.width - m.outside, geometry.width), (m.top, geometry.height - m.bottom, geometry.height)


def moved_rect(rect: Rect, old: PageGeometry, new: PageGeometry, scale: bool = False) -> Rect:
    """Where a frame goes when its page's setup changes from `old` to `new`."""
    (x_old, y_old), (x_new, y_new) = _axes(old), _axes(new)
    left, right = _place(rect.left, rect.right, x_old, x_new, scale)
    top, bottom = _place(rect.top, rect.bottom, y_old, y_new, scale)
    return Rect(left, top, max(0.0, right - left), max(0.0, bottom - top))


def _moved_guides(guides: Sequence[Guide], old: PageGeometry, new: PageGeometry, scale: bool) -> tuple[Guide, ...]:
    (x_old, y_old), (x_new, y_new) = _axes(old), _axes(new)
    moved = []
    for guide in guides:
        axis_old, axis_new = (x_old, x_new) if guide.orientation == "v" else (y_old, y_new)
        position, _ = _place(guide.position, guide.position, axis_old, axis_new, scale)
        moved.append(dataclasses.replace(guide, position=round(position, 2)))
    return tuple(moved)


@dataclass(frozen=True)
class SetupResult:
    edit: Edit | None
    outside: tuple[str, ...]  # "frame 'ad-box' on page 2" — what now lies off the page and its bleed


def set_up_pages(
    edition: Edition,
    changes: dict[str, object],
    page_ids: Sequence[str] | None = None,
    scale: bool = False,
) -> SetupResult:
    """Change page setup fields (`changes`: width, height, size_preset, margins, grid, bleed,
    baseline_grid) on the pages and master pages named (None: all of them), moving their
    frames and guides. The size is the same for every page of an edition, so a new size
    changes every page."""
    unknown = set(changes) - {f.name for f in dataclasses.fields(PageGeometry)}
    if unknown:
        raise EditError(f"page setup has no field {sorted(unknown)[0]!r}")
    all_pages = [*edition.pages, *edition.masters]
    resizing = any(name in changes for name in ("width", "height"))
    chosen = all_pages if page_ids is None or resizing else [edition.page_by_id(p) for p in page_ids]
    edits: list[Edit] = []
    outside: list[str] = []
    for page in chosen:
        old = geometry_of(page)
        new = dataclasses.replace(old, **changes)  # type: ignore[arg-type]  # checked by PageGeometry
        problems = new.problems()
        if problems:
            raise EditError(problems[0])
        if new == old:
            continue
        edits.append(SetPageGeometry(page.id, old, new))
        label = _page_label(edition, page)
        for frame in page.frames:
            rect = moved_rect(frame.rect, old, new, scale)
            if rect != frame.rect:
                edits.append(SetFrameRect(frame.id, frame.rect, rect))
            if not _on_page(rect, new):
                outside.append(f"{frame.kind} frame {frame.id!r} on {label}")
        if page.guides:
            guides = _moved_guides(page.guides, old, new, scale)
            if guides != tuple(page.guides):
                edits.append(SetGuides(page.id, tuple(page.guides), guides))
    edit = CompositeEdit(tuple(edits), "Page setup") if edits else None
    return SetupResult(edit, tuple(outside))


def _on_page(rect: Rect, geometry: PageGeometry) -> bool:
    """Whether a frame lies within the page and its bleed."""
    b = geometry.bleed
    return (
        rect.left >= -b - EDGE
        and rect.top >= -b - EDGE
        and rect.right <= geometry.width + b + EDGE
        and rect.bottom <= geometry.height + b + EDGE
    )


def _page_label(edition: Edition, page: Page) -> str:
    if page in edition.pages:
        return f"page {edition.pages.index(page) + 1}"
    return f"master page {page.name or page.id!r}"


def margin_box(edition: Edition, page: Page) -> Rect:
    """The type area of a page: with facing pages, an even page (a left-hand page) has its
    inside margin on the right."""
    m = page.margins
    left_hand = edition.facing_pages and page in edition.pages and edition.pages.index(page) % 2 == 1
    left = m.outside if left_hand else m.inside
    right = m.inside if left_hand else m.outside
    return Rect(left, m.top, max(0.0, page.width - left - right), max(0.0, page.height - m.top - m.bottom))


def column_positions(edition: Edition, page: Page) -> list[tuple[float, float]]:
    """(left, right) of each grid column of a page, on the right side of a facing page."""
    box = margin_box(edition, page)
    grid = page.grid
    width = (box.width - grid.gutter * (grid.count - 1)) / grid.count
    return [(box.x + i * (width + grid.gutter), box.x + i * (width + grid.gutter) + width) for i in range(grid.count)]
