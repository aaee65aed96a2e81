"""Pages: size (with newspaper presets), margins, column grid, bleed, and the frames on it."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from epaperdesk.geometry import mm
from epaperdesk.model.frames import Frame

# Trim sizes in points, portrait. Newspaper formats vary by press; these are the common ones.
PAGE_PRESETS: dict[str, tuple[float, float]] = {
    "tabloid": (mm(280), mm(430)),
    "berliner": (mm(315), mm(470)),
    "broadsheet": (mm(381), mm(578)),
    "a3": (mm(297), mm(420)),
    "a4": (mm(210), mm(297)),
}


def page_size(preset: str) -> tuple[float, float]:
    """(width, height) in points of a named page preset."""
    try:
        return PAGE_PRESETS[preset]
    except KeyError:
        raise ValueError(f"unknown page size {preset!r}; presets are {', '.join(PAGE_PRESETS)} or custom") from None


@dataclass(frozen=True)
class Margins:
    top: float = mm(12)
    bottom: float = mm(12)
    inside: float = mm(12)
    outside: float = mm(12)


@dataclass(frozen=True)
class ColumnGrid:
    count: int = 6
    gutter: float = 9.0

    def __post_init__(self) -> None:
        if not 1 <= self.count <= 40:
            raise ValueError("a column grid needs 1–40 columns")
        if self.gutter < 0:
            raise ValueError("column gutter must not be negative")


@dataclass(frozen=True)
class Guide:
    """A ruler guide: a vertical line at x (orientation "v") or a horizontal one at y ("h")."""

    orientation: str
    position: float

    def __post_init__(self) -> None:
        if self.orientation not in ("h", "v"):
            raise ValueError(f"guide orientation {self.orientation!r} is not 'h' or 'v'")


@dataclass
class Page:
    id: str
    width: float
    height: float
    size_preset: str = "custom"
    margins: Margins = field(default_factory=Margins)
    grid: ColumnGrid = field(default_factory=ColumnGrid)
    bleed: float = mm(3)
    baseline_grid: float = 0.0  # increment of the baseline grid from the top margin; 0 = none
    guides: tuple[Guide, ...] = ()
    frames: list[Frame] = field(default_factory=list)
    master: str | None = None  # the master page whose items show on this page
    hidden_master_frames: tuple[str, ...] = ()  # master items overridden (detached) on this page
    section: str = ""  # the paper's section this page belongs to ("Science", "Opinion")
    name: str = ""  # a master page's name ("front", "inside")

    def __post_init__(self) -> None:
        if not (0 < self.width <= 20000 and 0 < self.height <= 20000):
            raise ValueError(f"page {self.id!r}: size must be positive and at most 20000 pt")
        if self.size_preset != "custom" and self.size_preset not in PAGE_PRESETS:
            raise ValueError(f"page {self.id!r}: unknown size preset {self.size_preset!r}")
        if not 0 <= self.bleed <= mm(10) + 1e-9:
            raise ValueError(f"page {self.id!r}: bleed must be 0–10 mm")
        if self.baseline_grid < 0 or 0 < self.baseline_grid < 1:
            raise ValueError(f"page {self.id!r}: baseline grid must be 0 (none) or at least 1 pt")

    @classmethod
    def from_preset(cls, page_id: str, preset: str, **kwargs: Any) -> Page:
        width, height = page_size(preset)
        return cls(page_id, width, height, size_preset=preset, **kwargs)

    def column_positions(self) -> list[tuple[float, float]]:
        """(left, right) of each grid column between the margins (right-hand page layout)."""
        left = self.margins.inside
        usable = self.width - self.margins.inside - self.margins.outside
        width = (usable - self.grid.gutter * (self.grid.count - 1)) / self.grid.count
        return [
            (left + i * (width + self.grid.gutter), left + i * (width + self.grid.gutter) + width)
            for i in range(self.grid.count)
        ]
