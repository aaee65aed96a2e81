"""Points, rectangles and unit conversion.

Every length inside EpaperDesk is in PostScript points (1/72 inch); other units exist
only at the edges (the UI, files from elsewhere). y grows downwards, as on the screen.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

POINTS_PER_INCH = 72.0
POINTS_PER_MM = 72.0 / 25.4
POINTS_PER_PICA = 12.0

UNITS = {
    "pt": 1.0,
    "mm": POINTS_PER_MM,
    "cm": POINTS_PER_MM * 10.0,
    "in": POINTS_PER_INCH,
    "pica": POINTS_PER_PICA,
}


def to_points(value: float, unit: str) -> float:
    """Convert `value` in `unit` (pt, mm, cm, in, pica) to points."""
    try:
        return value * UNITS[unit]
    except KeyError:
        raise ValueError(f"unknown unit {unit!r}; expected one of {', '.join(UNITS)}") from None


def from_points(value: float, unit: str) -> float:
    """Convert `value` in points to `unit` (pt, mm, cm, in, pica)."""
    try:
        return value / UNITS[unit]
    except KeyError:
        raise ValueError(f"unknown unit {unit!r}; expected one of {', '.join(UNITS)}") from None


_LENGTH = re.compile(r"\s*(-?[0-9]*\.?[0-9]+)\s*(mm|cm|in|pt|pica|p)?\s*(-?[0-9]*\.?[0-9]+)?\s*")
_SHORT_UNITS = {"p": "pica"}


def parse_length(text: str, default_unit: str = "mm") -> float:
    """A length as people type it, in points: "3mm", "0.125in", "9pt", "1pica", picas and
    points as "12p6" (12 picas 6 points), "p6" (6 points); a bare number is in `default_unit`.
    ValueError names what could not be read."""
    cleaned = text.strip().lower()
    if cleaned.startswith("p") and cleaned[1:].replace(".", "", 1).isdigit():
        return float(cleaned[1:])  # "p6": points only, as in InDesign
    match = _LENGTH.fullmatch(cleaned)
    if match is None:
        raise ValueError(f"{text!r} is not a length such as 3mm, 12p6, 0.5in or 9pt")
    number, unit, points = match.groups()
    if points is not None and unit != "p":
        raise ValueError(f"{text!r} is not a length such as 3mm, 12p6, 0.5in or 9pt")
    value = to_points(float(number), _SHORT_UNITS.get(unit or "", unit or default_unit))
    if points is not None:
        value += float(points) if not number.startswith("-") else -float(points)
    if not math.isfinite(value):
        raise ValueError(f"{text!r} is not a finite length")
    return value


def format_length(points: float, unit: str, decimals: int = 2) -> str:
    """A length for people to read in `unit`: picas as 12p6 (picas and points), other units
    as a number with the unit ("3 mm")."""
    if unit == "pica":
        sign = "-" if points < 0 else ""
        whole, rest = divmod(abs(points), POINTS_PER_PICA)
        rest = round(rest, decimals)
        if rest >= POINTS_PER_PICA:
            whole, rest = whole + 1, 0.0
        return f"{sign}{int(whole)}p{rest:g}"
    value = round(from_points(points, unit), decimals)
    return f"{value:g} {unit}"


def mm(value: float) -> float:
    """Millimetres to points."""
    return value * POINTS_PER_MM


@dataclass(frozen=True)
class Point:
    x: float
    y: float

    def moved(self, dx: float, dy: float) -> Point:
        return Point(self.x + dx, self.y + dy)


@dataclass(frozen=True)
class Rect:
    """An axis-aligned rectangle: top-left corner plus width and height, in points."""

    x: float
    y: float
    width: float
    height: float

    def __post_init__(self) -> None:
        for name in ("x", "y", "width", "height"):
            value = getattr(self, name)
            if not isinstance(value, (int, float)) or isinstance(value, bool) or not math.isfinite(value):
                raise ValueError(f"rectangle {name} must be a finite number, not {value!r}")
        if self.width < 0 or self.height < 0:
            raise ValueError(f"rectangle size must not be negative ({self.width} x {self.height})")

    @property
    def left(self) -> float:
        return self.x

    @property
    def top(self) -> float:
        return self.y

    @property
    def right(self) -> float:
        return self.x + self.width

    @property
    def bottom(self) -> float:
        return self.y + self.height

    def moved(self, dx: float, dy: float) -> Rect:
        return Rect(self.x + dx, self.y + dy, self.width, self.height)

    def resized(self, width: float, height: float) -> Rect:
        return Rect(self.x, self.y, width, height)

    def inset(self, left: float, top: float, right: float, bottom: float) -> Rect:
        """The rectangle shrunk by the given amounts (never below zero size)."""
        width = max(0.0, self.width - left - right)
        height = max(0.0, self.height - top - bottom)
        return Rect(self.x + left, self.y + top, width, height)

    def intersects(self, other: Rect) -> bool:
        return (
            self.left < other.right and other.left < self.right and self.top < other.bottom and other.top < self.bottom
        )

    def contains(self, other: Rect) -> bool:
        return (
            self.left <= other.left
            and self.top <= other.top
            and other.right <= self.right
            and other.bottom <= self.bottom
        )

    def as_list(self) -> list[float]:
        return [self.x, self.y, self.width, self.height]
