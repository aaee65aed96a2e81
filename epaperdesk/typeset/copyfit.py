"""The Fit command: bring a story a few lines over or under into its frames by adjusting
its tracking and, where the house allows, its type size and leading, within the edition's
copyfit limits. Returns one edit (undoable, recorded in the file) or says why it cannot."""

from __future__ import annotations

import copy
from collections.abc import Callable
from dataclasses import dataclass, replace

from epaperdesk.model.edition import Edition
from epaperdesk.model.edits import SetStoryProperty
from epaperdesk.model.styles import StoryFit
from epaperdesk.typeset.layout import StoryReport, Typesetter

TRACKING_STEP = 1.0  # 1/1000 em: finer than anyone can see, coarse enough to search fast
SIZE_STEP = 0.05  # points
LEADING_STEP = 0.05


@dataclass(frozen=True)
class FitResult:
    edit: SetStoryProperty | None  # None: nothing to do, or it cannot be done
    message: str
    before: int  # copyfit before: lines over (+) or under (-)
    after: int


def fit_story(edition: Edition, story_id: str, typesetter: Typesetter | None = None) -> FitResult:
    """Find the smallest adjustment that makes the story fit: no line overset and, when it
    runs short, as few lines under as the limits allow."""
    story = edition.stories.get(story_id)
    if story is None:
        return FitResult(None, f"there is no story {story_id!r}", 0, 0)
    typesetter = typesetter or Typesetter()
    pages = {page.id for page in edition.pages for frame in page.frames if _in_story(edition, frame.id, story_id)}
    if not pages:
        return FitResult(None, "the story is not placed in any frame", 0, 0)
    limits = edition.copyfit

    def report(fit: StoryFit) -> StoryReport:
        trial = copy.copy(edition)
        trial.stories = dict(edition.stories)
        trial.stories[story_id] = replace(story, fit=fit)
        return typesetter.layout(trial, pages).stories[story_id]

    start = report(story.fit)
    before = start.copyfit
    if before == 0:
        return FitResult(None, "the story fits its space already", 0, 0)
    if abs(before) > limits.max_lines:
        side = "over" if before > 0 else "under"
        return FitResult(
            None,
            f"the story is {abs(before)} lines {side}: more than the {limits.max_lines} lines "
            "the house lets Fit take up; cut or add copy",
            before,
            before,
        )

    best = story.fit
    best_report = start
    # tighten while overset, loosen while short; each dimension searched by bisection over
    # its steps (line counts change monotonically with tracking, size and leading)
    dimensions = [("tracking", limits.tracking_min, limits.tracking_max, TRACKING_STEP)]
    if limits.allow_leading:
        dimensions.append(("leading", limits.leading_min, limits.leading_max, LEADING_STEP))
    if limits.allow_size:
        dimensions.append(("size", limits.size_min, limits.size_max, SIZE_STEP))
    for name, low, high, step in dimensions:
        if best_report.copyfit == 0:
            break
        best, best_report = _fit_dimension(best, best_report, report, name, low, high, step)
    after = best_report.copyfit
    if after > 0 or best == story.fit or (before < 0 and after == before):
        limit_words = (
            "tracking" + (", leading" if limits.allow_leading else "") + (", size" if limits.allow_size else "")
        )
        side = "over" if after > 0 else "under"
        return FitResult(
            None, f"cannot fit within the house limits ({limit_words}): {abs(after)} lines still {side}", before, after
        )
    parts = [f"tracking {best.tracking:+.0f}"]
    if best.leading:
        parts.append(f"leading {best.leading:+.2f} pt")
    if best.size:
        parts.append(f"size {best.size:+.2f} pt")
    rest = "fits exactly" if after == 0 else f"{-after} lines still under"
    return FitResult(
        SetStoryProperty(story_id, "fit", story.fit, best), f"fitted with {', '.join(parts)}: {rest}", before, after
    )


def _fit_dimension(
    best: StoryFit,
    best_report: StoryReport,
    report: Callable[[StoryFit], StoryReport],
    name: str,
    low: float,
    high: float,
    step: float,
) -> tuple[StoryFit, StoryReport]:
    """One dimension of the fit (tracking, leading or size) searched by bisection over its
    steps; returns the new fit and its report (the old ones when nothing better is found)."""
    current = getattr(best, name)

    def fits(value: float) -> bool:
        return report(replace(best, **{name: value})).overset_lines == 0

    if best_report.overset_lines:
        # the loosest value at or below the current one that fits
        found = _first(_steps(current, low, step, downward=True), fits)
        fitted = replace(best, **{name: low if found is None else found})
        return fitted, report(fitted)
    # the loosest value at or above the current one that still fits
    found = _last(_steps(current, high, step, downward=False), fits)
    if found is not None and found != current:
        fitted = replace(best, **{name: found})
        return fitted, report(fitted)
    return best, best_report


def _in_story(edition: Edition, frame_id: str, story_id: str) -> bool:
    return any(f.id == frame_id for f in edition.story_frames(story_id))


def _steps(start: float, end: float, step: float, downward: bool) -> list[float]:
    """Values from `start` (excluded) to `end` (included) in `step`s, nearest first."""
    values = []
    v = start
    while (v - step >= end - 1e-9) if downward else (v + step <= end + 1e-9):
        v = round(v - step if downward else v + step, 4)
        values.append(v)
    if values and abs(values[-1] - end) > 1e-9:
        values.append(end)
    elif not values and abs(start - end) > 1e-9:
        values.append(end)
    return values


def _first(values: list[float], ok: Callable[[float], bool]) -> float | None:
    """The first value (nearest the start) for which `ok` holds, by bisection (ok is monotone:
    false … false true … true)."""
    lo, hi = 0, len(values)
    while lo < hi:
        mid = (lo + hi) // 2
        if ok(values[mid]):
            hi = mid
        else:
            lo = mid + 1
    return values[lo] if lo < len(values) else None


def _last(values: list[float], ok: Callable[[float], bool]) -> float | None:
    """The last value for which `ok` holds (ok is monotone: true … true false … false)."""
    lo, hi = 0, len(values)
    while lo < hi:
        mid = (lo + hi) // 2
        if ok(values[mid]):
            lo = mid + 1
        else:
            hi = mid
    return values[lo - 1] if lo > 0 else None
