"""Comments in, step three: the story range a comment marks on its page — the characters
under a strike, underline or highlight, or the character boundary at a caret or a note —
read from the page's glyph runs (the word map's, or the current layout's)."""

from __future__ import annotations

from dataclasses import dataclass

from epaperdesk.proof.comment_reading import Tally
from epaperdesk.proof.word_map import PageRuns, counted_offsets


@dataclass(frozen=True)
class Marked:
    """A story range under a comment, in the offsets of the runs it was read from."""

    story_id: str
    start: int
    end: int
    text: str  # the characters as drawn under the comment


def find_marked(
    page: PageRuns, areas: list, point: bool, story_hint: str, reach: float, budget: Tally, where: str
) -> Marked | None:
    """The story range the areas mark (the hinted story's when several are under them)."""
    found = _marked_in_runs(page, areas, point, reach, budget, where)
    if not found:
        return None
    if story_hint:
        for marked in found:
            if marked.story_id == story_hint:
                return marked
    return max(found, key=lambda m: m.end - m.start)


def _marked_in_runs(page: PageRuns, areas: list, point: bool, reach: float, budget: Tally, where: str) -> list[Marked]:
    """Story ranges under areas given in PDF space (y up); for a point (a caret, a note),
    the character boundary nearest to it within `reach` points of a line."""
    if point:
        found = _point_in_runs(page, areas[0], reach, budget, where)
        return [found] if found is not None else []
    pieces: dict[str, list[tuple[int, int, str]]] = {}
    for area in areas:
        for story_id, piece in _pieces_under(page, area, budget, where):
            pieces.setdefault(story_id, []).append(piece)
    return [_joined(story_id, parts) for story_id, parts in pieces.items()]


def _point_in_runs(page: PageRuns, area: tuple, reach: float, budget: Tally, where: str) -> Marked | None:
    left, bottom, right, top = area
    x, y = (left + right) / 2, page.height - (bottom + top) / 2
    window = page.between(y - max(reach, page.tallest), y + max(reach, page.tallest))
    budget.add(len(window), where)
    best: tuple[tuple[float, float], int] | None = None
    for i in window:
        run = page.runs[i]
        dy = abs(y - page.lines[i])
        if dy > max(reach, run.size):
            continue
        width = page.width(i, budget, where)
        dx = 0.0 if run.x <= x <= run.x + width else min(abs(x - run.x), abs(x - run.x - width))
        if dx <= max(reach, run.size) and (best is None or (dy, dx) < best[0]):
            best = ((dy, dx), i)
    if best is None:
        return None
    run = page.runs[best[1]]
    offsets = counted_offsets(run, budget, where)
    if not offsets:
        return None
    i = min(range(len(offsets)), key=lambda k: abs(offsets[k] - x))
    position = min(run.start + i, run.end)
    return Marked(run.story_id, position, position, "")


def _pieces_under(page: PageRuns, area: tuple, budget: Tally, where: str) -> list[tuple[str, tuple[int, int, str]]]:
    """(story id, (start, end, text)) of the characters whose middle is inside the area."""
    left, bottom, right, top = area
    window = page.between(page.height - top - 0.5, page.height - bottom + 0.5)
    budget.add(len(window), where)
    pieces = []
    for i in window:
        run = page.runs[i]
        ends = (run.x, run.x + page.width(i, budget, where))
        if max(ends) + run.size < left - 0.5 or min(ends) - run.size > right + 0.5:
            continue  # not across the area (with room for the odd glyph set outside its advance)
        offsets = counted_offsets(run, budget, where)
        chosen = [k for k in range(len(offsets) - 1) if left - 0.5 <= (offsets[k] + offsets[k + 1]) / 2 <= right + 0.5]
        if chosen:
            a, b = chosen[0], chosen[-1] + 1
            pieces.append((run.story_id, (run.start + a, min(run.start + b, run.end), run.text[a:b])))
    return pieces


def _joined(story_id: str, parts: list[tuple[int, int, str]]) -> Marked:
    """One story's marked pieces as one range, with a space where lines meet."""
    parts.sort()
    chunks: list[str] = []
    previous_end = None
    for a, b, chunk in parts:
        if previous_end is not None and a > previous_end:
            chunks.append(" ")
        chunks.append(chunk)
        previous_end = b
    return Marked(story_id, parts[0][0], parts[-1][1], "".join(chunks))
