"""The Fit command: bring a story a few lines over or under into its frames by adjusting
its tracking and, where the house allows, its type size and leading, within the edition's
copyfit limits. Returns one edit (undoable, recorded in the file) or says why it cannot."""

from __future__ import annotations

import copy
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

    def fits(r: StoryReport) -> bool:
        return r.overset_lines == 0

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
        current = getattr(best, name)
        if best_report.overset_lines:
            # the loosest value at or below the current one that fits
            candidates = _steps(current, low, step, downward=True)
            found = _first(candidates, lambda v, best=best, name=name: fits(report(replace(best, **{name: v}))))
            if found is None:
                trial = replace(best, **{name: low})
                best, best_report = trial, report(trial)
                continue
            best = replace(best, **{name: found})
            best_report = report(best)
        else:
            # the loosest value at or above the current one that still fits
            candidates = _steps(current, high, step, downward=False)
            found = _last(candidates, lambda v, best=best, name=name: fits(report(replace(best, **{name: v}))))
            if found is not None and found != current:
                best = replace(best, **{name: found})
                best_report = report(best)
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


def _first(values: list[float], ok) -> float | None:
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


def _last(values: list[float], ok) -> float | None:
    """The last value for which `ok` holds (ok is monotone: true … true false … false)."""
    lo, hi = 0, len(values)
    while lo < hi:
        mid = (lo + hi) // 2
        if ok(values[mid]):
            lo = mid + 1
        else:
            hi = mid
    return values[lo - 1] if lo > 0 else None
