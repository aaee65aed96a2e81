"""Flow: a story through its thread of text frames, column by column, frame by frame.

Leading, space before and after, paragraphs that start in the next column or frame, keep
with next (a headline never ends a column), widow and orphan control, no hyphen at the foot
of a column, an optional baseline grid, text wrap around frames marked to wrap, vertical
alignment, and overset (with how many lines and words did not fit).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field

from epaperdesk.geometry import Rect
from epaperdesk.model.story import Story, count_words
from epaperdesk.model.styles import ParagraphStyle
from epaperdesk.typeset.compose import ComposedParagraph, Composer
from epaperdesk.typeset.linebreak import INF_BAD, Items, Line, break_greedy, break_lines

MIN_SEGMENT_EMS = 3.0  # a line squeezed by a wrap into less than this many ems is skipped
WIDOWS = ORPHANS = 2
GREEDY_ABOVE_ITEMS = 20000  # longer paragraphs are set first-fit (bounded time and memory)


@dataclass(frozen=True)
class Column:
    page_id: str
    frame_id: str
    index: int  # column within its frame
    frame_first: bool  # the first column of its frame
    x: float
    width: float
    top: float
    bottom: float
    exclusions: tuple[Rect, ...] = ()


@dataclass(frozen=True)
class Slot:
    column: int  # index into the thread's columns
    x: float
    width: float
    baseline: float


@dataclass(frozen=True)
class FlowState:
    column: int
    baseline: float | None  # of the previous line in this column; None at the column top
    pending: float = 0.0  # space after the previous paragraph


@dataclass
class PlacedLine:
    line: Line
    slot: Slot
    paragraph: int
    last_of_paragraph: bool


@dataclass
class ParagraphResult:
    lines: list[PlacedLine]
    state_after: FlowState
    overset_from: int | None  # index into the paragraph's lines where overset starts


@dataclass
class StoryFlow:
    story_id: str
    lines: list[PlacedLine] = field(default_factory=list)
    paragraphs: list[ComposedParagraph] = field(default_factory=list)
    paragraph_starts: list[int] = field(default_factory=list)
    overset_start: int | None = None  # story position where overset begins
    overset_lines: int = 0
    overset_words: int = 0
    lines_under: int = 0  # empty line slots left in the thread (when not overset)


class Metrics:
    """Vertical metrics of a paragraph style in points."""

    def __init__(self, composer: Composer, style: ParagraphStyle) -> None:
        font = composer.fonts.metrics(style.font_family, style.weight, style.italic)
        self.ascent = font.ascent * style.size / font.units_per_em
        self.descent = font.descent * style.size / font.units_per_em
        self.leading = style.leading


class SlotStream:
    """The line slots a paragraph can take from a state on, generated as needed."""

    def __init__(
        self,
        columns: list[Column],
        state: FlowState,
        style: ParagraphStyle,
        metrics: Metrics,
        grid: tuple[float, float] | None,
        stops: dict[int, float],
    ) -> None:
        self.columns = columns
        self.style = style
        self.metrics = metrics
        self.grid = grid
        self.stops = stops  # column → lowest baseline allowed there (widow control)
        self.slots: list[Slot] = []
        self._column = state.column
        self._baseline = state.baseline
        self._first_extra = state.pending + style.space_before
        self._done = state.column >= len(columns)

    def _snap(self, baseline: float) -> float:
        if self.grid is None or not self.style.align_to_grid:
            return baseline
        start, step = self.grid
        return start + math.ceil((baseline - start) / step - 1e-6) * step

    def _next(self) -> Slot | None:
        m = self.metrics
        while not self._done:
            column = self.columns[self._column]
            if self._baseline is None:
                baseline = column.top + m.ascent
            else:
                baseline = self._baseline + m.leading + (self._first_extra if not self.slots else 0.0)
            baseline = self._snap(baseline)
            limit = self.stops.get(self._column, math.inf)
            left, right = self.style.left_indent, self.style.right_indent
            while baseline + m.descent <= column.bottom + 0.01 and baseline <= limit + 0.01:
                segment = _free_segment(column, baseline - m.ascent, baseline + m.descent)
                if segment is not None and segment[1] - left - right >= MIN_SEGMENT_EMS * self.style.size:
                    self._baseline = baseline
                    return Slot(self._column, segment[0] + left, segment[1] - left - right, baseline)
                baseline = self._snap(baseline + m.leading)
            self._column += 1
            self._baseline = None
            self._done = self._column >= len(self.columns)
        return None

    def slot(self, number: int) -> Slot | None:
        """Slot of line `number` (1-based), None when the thread is full."""
        number = max(1, number)
        while len(self.slots) < number:
            slot = self._next()
            if slot is None:
                return None
            self.slots.append(slot)
        return self.slots[number - 1]


def _free_segment(column: Column, top: float, bottom: float) -> tuple[float, float] | None:
    """(x, width) of the widest part of the column's measure free of wrap exclusions."""
    segments = [(column.x, column.x + column.width)]
    for rect in column.exclusions:
        if rect.top >= bottom or rect.bottom <= top:
            continue
        cut = []
        for a, b in segments:
            if rect.right <= a or rect.left >= b:
                cut.append((a, b))
                continue
            if rect.left > a:
                cut.append((a, rect.left))
            if rect.right < b:
                cut.append((rect.right, b))
        segments = cut
    if not segments:
        return None
    a, b = max(segments, key=lambda s: s[1] - s[0])
    return a, b - a


class BreakCache:
    """Line breaks per composed paragraph, reused when the measures it saw are the same."""

    def __init__(self) -> None:
        self._entries: dict[int, list[tuple[ComposedParagraph, tuple[float, ...], frozenset[int], list[Line]]]] = {}
        self.hits = self.misses = 0

    def get(
        self, paragraph: ComposedParagraph, width_of: Callable[[int], float], no_hyphen: frozenset[int]
    ) -> list[Line] | None:
        for owner, widths, constraint, lines in self._entries.get(id(paragraph), ()):
            if (
                owner is paragraph
                and constraint == no_hyphen
                and all(abs(width_of(n + 1) - w) < 1e-6 for n, w in enumerate(widths))
            ):
                self.hits += 1
                return lines
        return None

    def put(
        self, paragraph: ComposedParagraph, widths: tuple[float, ...], no_hyphen: frozenset[int], lines: list[Line]
    ) -> None:
        self.misses += 1
        entries = self._entries.setdefault(id(paragraph), [])
        entries.insert(0, (paragraph, widths, no_hyphen, lines))
        del entries[4:]
        if len(self._entries) > 4096:
            self._entries.clear()


def break_paragraph(
    paragraph: ComposedParagraph,
    width_of: Callable[[int], float],
    no_hyphen: frozenset[int],
    cache: BreakCache,
    draft: bool = False,
) -> list[Line]:
    """Lines of a paragraph: total fit in passes of growing tolerance (without hyphens,
    with hyphens, emergency), or first fit for drafts and for huge paragraphs."""
    found = cache.get(paragraph, width_of, no_hyphen)
    if found is not None:
        return found
    seen: dict[int, float] = {}

    def measure(n: int) -> float:
        if n not in seen:
            seen[n] = width_of(n)
        return seen[n]

    style = paragraph.style
    items = paragraph.items
    max_run = style.hyphenation.max_consecutive
    if draft or len(items) > GREEDY_ABOVE_ITEMS:
        lines = break_greedy(items, measure, paragraph.limits, max_hyphen_run=max_run)
    else:
        easy = _easy_line(measure, items)
        # one total-fit pass with a generous tolerance (the demerits keep loose lines away
        # whenever better ones exist), then the emergency pass
        total: list[Line] | None = None
        for tolerance, emergency in ((2000.0, False), (INF_BAD, True)):
            total = break_lines(
                items,
                measure,
                paragraph.limits,
                tolerance=tolerance,
                max_hyphen_run=max_run,
                no_hyphen_lines=no_hyphen,
                easy_line=easy,
                emergency=emergency,
            )
            if total is not None:
                break
        if total is None:
            total = break_greedy(items, measure, paragraph.limits, max_hyphen_run=max_run)
        lines = total
    widths = tuple(seen[n] for n in range(1, max(seen, default=0) + 1) if n in seen)
    if len(widths) == max(seen, default=0):
        cache.put(paragraph, widths, no_hyphen, lines)
    return lines


def _easy_line(measure: Callable[[int], float], items: Items) -> int:
    """The line from which on all measures are equal, looked at only as far as this
    paragraph could reach (half again its natural length in lines of the first measure)."""
    first = max(measure(1), 1.0)
    horizon = max(1, min(int(sum(items.width) / first * 1.5) + 3, 400))
    last = measure(horizon)
    easy = horizon
    for n in range(horizon - 1, 0, -1):
        if abs(measure(n) - last) > 1e-6:
            break
        easy = n
    return easy


def place_paragraph(
    paragraph: ComposedParagraph,
    index: int,
    columns: list[Column],
    state: FlowState,
    metrics: Metrics,
    grid: tuple[float, float] | None,
    cache: BreakCache,
    draft: bool,
) -> ParagraphResult:
    """Set one paragraph from `state`, honouring widows, orphans and no hyphen at a column foot."""
    style = paragraph.style
    no_hyphen: frozenset[int] = frozenset()
    stops: dict[int, float] = {}
    last_width = columns[-1].width if columns else 100.0
    for _attempt in range(8):
        stream = SlotStream(columns, state, style, metrics, grid, stops)

        def width_of(n: int, stream: SlotStream = stream) -> float:
            slot = stream.slot(n)
            return slot.width if slot is not None else last_width

        lines = break_paragraph(paragraph, width_of, no_hyphen, cache, draft)
        slots = [stream.slot(n + 1) for n in range(len(lines))]
        fitting = next((i for i, s in enumerate(slots) if s is None), len(lines))
        fitted = [s for s in slots[:fitting] if s is not None]  # all of them: the first None is at `fitting`
        # no hyphen at the foot of a column (or at the end of the thread)
        feet = set()
        for i in range(fitting):
            following = slots[i + 1] if i + 1 < len(slots) else stream.slot(i + 2)
            if lines[i].hyphenated and (following is None or following.column != fitted[i].column):
                feet.add(i + 1)
        if feet - no_hyphen:
            no_hyphen = no_hyphen | feet
            continue
        # widows and orphans
        counts: list[tuple[int, int]] = []  # (column, lines in it)
        for slot in fitted:
            if counts and counts[-1][0] == slot.column:
                counts[-1] = (slot.column, counts[-1][1] + 1)
            else:
                counts.append((slot.column, 1))
        total = len(lines)
        at_top = state.baseline is None
        if len(counts) > 1 and style.keep_lines_together and not at_top:
            state = FlowState(counts[1][0], None, 0.0)  # the whole paragraph to the next column
            stops = {}
            continue
        if len(counts) > 1 and counts[0][1] < min(ORPHANS, total) and not at_top:
            state = FlowState(counts[1][0], None, 0.0)
            stops = {}
            continue
        if len(counts) > 1 and fitting == total and counts[-1][1] < min(WIDOWS, total):
            move = WIDOWS - counts[-1][1]
            column, in_column = counts[-2]
            keep = in_column - move
            if keep >= 1 and (len(counts) > 2 or keep >= ORPHANS or at_top):
                first_of_column = sum(c for _, c in counts[:-2])
                stops[column] = fitted[first_of_column + keep - 1].baseline
                continue
            if not at_top:
                state = FlowState(counts[1][0], None, 0.0)
                stops = {}
                continue
        break
    placed = [PlacedLine(lines[i], fitted[i], index, i == total - 1) for i in range(fitting)]
    if fitting < total:
        return ParagraphResult(placed, FlowState(len(columns), None, 0.0), fitting)
    last = fitted[fitting - 1] if fitting else None
    after = FlowState(last.column, last.baseline, style.space_after) if last else state
    return ParagraphResult(placed, after, None)


def flow_story(
    story: Story,
    paragraphs: list[ComposedParagraph],
    starts: list[int],
    styles: list[ParagraphStyle],
    columns: list[Column],
    composer: Composer,
    grid: tuple[float, float] | None,
    cache: BreakCache,
    draft: bool = False,
) -> StoryFlow:
    """Set a story's paragraphs through the columns of its thread."""
    flow = StoryFlow(story.id, paragraphs=paragraphs, paragraph_starts=starts)
    results: list[ParagraphResult | None] = [None] * len(paragraphs)
    states: list[FlowState] = [FlowState(0, None, 0.0)] * (len(paragraphs) + 1)
    metrics_cache: dict[ParagraphStyle, Metrics] = {}
    kept_back: set[int] = set()  # paragraphs already pushed to a new column for keep-with-next
    i = 0
    overset_at: tuple[int, ParagraphResult] | None = None  # the paragraph that did not fit, as far as it went
    while i < len(paragraphs):
        style = styles[i]
        state = states[i]
        state = _apply_start(style, state, columns, _block_column(i, styles, results, state))
        metrics = metrics_cache.get(style) or metrics_cache.setdefault(style, Metrics(composer, style))
        result = place_paragraph(paragraphs[i], i, columns, state, metrics, grid, cache, draft)
        # keep with next: the previous paragraphs marked "keep" end in the column this one starts in
        chain = i
        while chain > 0 and styles[chain - 1].keep_with_next and styles[i].start == "anywhere" and results[chain - 1]:
            chain -= 1
        if chain < i and result.lines and chain not in kept_back:
            previous, head = results[i - 1], results[chain]  # both set: the chain stops at a paragraph not set
            if (
                previous is not None
                and head is not None
                and previous.lines
                and previous.lines[-1].slot.column != result.lines[0].slot.column
            ):
                first = head.lines[0].slot if head.lines else None
                if first is not None and states[chain].baseline is not None:
                    kept_back.add(chain)
                    states[chain] = FlowState(first.column + 1, None, 0.0)
                    for stale in range(chain, len(paragraphs)):  # set again from the chain on
                        results[stale] = None
                    i = chain
                    continue
        results[i] = result
        states[i + 1] = result.state_after
        if result.overset_from is not None:
            overset_at = (i, result)
            break
        i += 1
    last = overset_at[0] if overset_at is not None else len(paragraphs) - 1
    for done in results[: last + 1]:
        if done is not None:
            flow.lines.extend(done.lines)
    if overset_at is not None:
        p, lines = overset_at
        paragraph = paragraphs[p]
        start_item = lines.lines[-1].line.end + 1 if lines.lines else 0
        flow.overset_start = starts[p] + (paragraph.sources[start_item] if start_item < len(paragraph.sources) else 0)
        if not lines.lines:
            flow.overset_start = starts[p]
        width = columns[-1].width if columns else 100.0
        # the rest of this paragraph, set at the last column's measure (first fit: an estimate)
        items = paragraph.items
        rest = Items(
            items.kind[start_item:],
            items.width[start_item:],
            items.stretch[start_item:],
            items.shrink[start_item:],
            items.penalty[start_item:],
            items.flagged[start_item:],
            items.letters[start_item:],
        )
        remaining = max(1, len(break_greedy(rest, lambda n: width, paragraph.limits)))
        for q in range(p + 1, len(paragraphs)):
            remaining += len(break_paragraph(paragraphs[q], lambda n: width, frozenset(), cache, True))
        flow.overset_lines = remaining
        flow.overset_words = count_words(story.text[flow.overset_start :])
    else:
        flow.lines_under = _lines_left(
            columns, states[len(paragraphs)] if paragraphs else FlowState(0, None), styles[-1] if styles else None
        )
    return flow


def _block_column(
    index: int, styles: list[ParagraphStyle], results: list[ParagraphResult | None], state: FlowState
) -> int:
    """The column where the run of keep-with-next paragraphs before paragraph `index` began
    (a kicker, headline and deck), or the current column when there is none."""
    first = index
    while first > 0 and styles[first - 1].keep_with_next:
        first -= 1
    result = results[first] if first < index else None
    if result is not None and result.lines:
        return result.lines[0].slot.column
    return state.column


def _apply_start(style: ParagraphStyle, state: FlowState, columns: list[Column], block: int | None = None) -> FlowState:
    """Move to the next column or frame for paragraphs whose style says so. "Next frame" is the
    frame after the one the heading block before it began in (`block`): when the headline and
    deck have already run over into the next frame, the byline follows them there instead of
    skipping a whole frame."""
    if state.column >= len(columns):
        return state
    if style.start == "next-column" and state.baseline is not None:
        return FlowState(state.column + 1, None, 0.0)
    if style.start == "next-frame" and not (state.baseline is None and columns[state.column].frame_first):
        anchor = state.column if block is None else min(block, state.column)
        frame = columns[anchor].frame_id
        n = anchor + 1
        while n < len(columns) and columns[n].frame_id == frame:
            n += 1
        return state if state.column >= n else FlowState(n, None, 0.0)
    return state


def _lines_left(columns: list[Column], state: FlowState, style: ParagraphStyle | None) -> int:
    if style is None or state.column >= len(columns):
        return 0
    leading = style.leading
    left = 0
    for n in range(state.column, len(columns)):
        column = columns[n]
        top = state.baseline if (n == state.column and state.baseline is not None) else column.top
        left += max(0, int((column.bottom - top) // leading))
    return left
