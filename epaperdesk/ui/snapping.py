"""Snapping: where a moved or resized frame's edges are pulled to — margins, column edges,
ruler guides and the edges of the other frames on the page."""

from __future__ import annotations

from dataclasses import dataclass

from epaperdesk.geometry import Rect
from epaperdesk.model.page import Page


@dataclass(frozen=True)
class SnapResult:
    dx: float
    dy: float
    lines: tuple[tuple[str, float], ...]  # ("v", x) or ("h", y) lines that caught an edge


def snap_targets(page: Page, ignore: set[str]) -> tuple[list[float], list[float]]:
    """Vertical (x) and horizontal (y) lines edges snap to on `page`."""
    xs = [page.margins.inside, page.width - page.margins.outside, 0.0, page.width]
    ys = [page.margins.top, page.height - page.margins.bottom, 0.0, page.height]
    for left, right in page.column_positions():
        xs += [left, right]
    for guide in page.guides:
        (xs if guide.orientation == "v" else ys).append(guide.position)
    for frame in page.frames:
        if frame.id in ignore:
            continue
        r = frame.rect
        xs += [r.left, r.right]
        ys += [r.top, r.bottom]
    return xs, ys


def _best(edges: list[float], targets: list[float], tolerance: float) -> tuple[float, float | None]:
    best_delta, best_line = 0.0, None
    for edge in edges:
        for target in targets:
            delta = target - edge
            if abs(delta) <= tolerance and (best_line is None or abs(delta) < abs(best_delta)):
                best_delta, best_line = delta, target
    return best_delta, best_line


def snap_move(rect: Rect, page: Page, ignore: set[str], tolerance: float) -> SnapResult:
    """How far to shift a moved rectangle so its nearest edges sit on snap lines."""
    xs, ys = snap_targets(page, ignore)
    dx, x_line = _best([rect.left, rect.right, rect.x + rect.width / 2], xs, tolerance)
    dy, y_line = _best([rect.top, rect.bottom], ys, tolerance)
    lines = tuple((kind, line) for kind, line in (("v", x_line), ("h", y_line)) if line is not None)
    return SnapResult(dx, dy, lines)


def snap_edges(
    left: float | None,
    top: float | None,
    right: float | None,
    bottom: float | None,
    page: Page,
    ignore: set[str],
    tolerance: float,
) -> tuple[dict[str, float], tuple[tuple[str, float], ...]]:
    """Snapped positions for the edges a resize moves (the others are None)."""
    xs, ys = snap_targets(page, ignore)
    result, lines = {}, []
    for name, value, targets, orientation in (
        ("left", left, xs, "v"),
        ("right", right, xs, "v"),
        ("top", top, ys, "h"),
        ("bottom", bottom, ys, "h"),
    ):
        if value is None:
            continue
        delta, line = _best([value], targets, tolerance)
        result[name] = value + delta
        if line is not None:
            lines.append((orientation, line))
    return result, tuple(lines)
