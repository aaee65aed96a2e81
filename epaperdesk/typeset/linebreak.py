"""Line breaking: Knuth–Plass total fit over boxes, glue and penalties, and a greedy draft.

The paragraph is a list of items (boxes: words or pieces of words; glue: word spaces;
penalties: possible breaks, flagged when they add a hyphen). Total fit chooses the breaks
for the whole paragraph at once, minimising demerits summed over the lines.

Beyond TeX, a line can also stretch or shrink by letter spacing and glyph scaling within the
style's limits, but only after its word spaces are at their limit: the badness of a line
grows with its word-space ratio first, and letter spacing and scaling count as a further,
dearer range. A line's stretch is realised in the same order (see `LineAdjustment`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

BOX, GLUE, PENALTY = 0, 1, 2
INFINITY = 10000  # a penalty this high forbids a break, this low (negated) forces one
INF_BAD = 10000  # badness of a line beyond every limit (only the emergency pass takes it)
LETTER_TIER = 0.26  # ratio added over the word-space range when letter spacing is exhausted


@dataclass
class Items:
    """A paragraph's items in parallel lists (fast to scan)."""

    kind: list[int]
    width: list[float]
    stretch: list[float]
    shrink: list[float]
    penalty: list[float]
    flagged: list[bool]
    letters: list[int]  # characters in a box: each can take letter spacing

    @classmethod
    def empty(cls) -> Items:
        return cls([], [], [], [], [], [], [])

    def add_box(self, width: float, letters: int) -> None:
        self._add(BOX, width, 0.0, 0.0, 0.0, False, letters)

    def add_glue(self, width: float, stretch: float, shrink: float) -> None:
        self._add(GLUE, width, stretch, shrink, 0.0, False, 0)

    def add_penalty(self, width: float, penalty: float, flagged: bool, letters: int = 0) -> None:
        """A possible break; `width` and `letters` are what it adds at a line end (a hyphen)."""
        self._add(PENALTY, width, 0.0, 0.0, penalty, flagged, letters)

    def _add(
        self, kind: int, width: float, stretch: float, shrink: float, penalty: float, flagged: bool, letters: int
    ) -> None:
        self.kind.append(kind)
        self.width.append(width)
        self.stretch.append(stretch)
        self.shrink.append(shrink)
        self.penalty.append(penalty)
        self.flagged.append(flagged)
        self.letters.append(letters)

    def __len__(self) -> int:
        return len(self.kind)


@dataclass(frozen=True)
class Limits:
    """How far a justified line may go beyond its word spaces, per character (letter
    spacing, in points) and per point of box width (glyph scaling, as a fraction)."""

    letter_stretch: float = 0.0
    letter_shrink: float = 0.0
    scale_stretch: float = 0.0
    scale_shrink: float = 0.0


@dataclass(frozen=True)
class Demerits:
    line_penalty: float = 10.0
    double_hyphen: float = 10000.0
    final_hyphen: float = 5000.0
    fitness_jump: float = 10000.0


@dataclass(frozen=True)
class LineAdjustment:
    """How one line is set: extra per point of glue stretch (negative: per point of shrink),
    letter spacing added after every character (points), and horizontal glyph scale."""

    glue_ratio: float = 0.0
    letter_spacing: float = 0.0
    scale: float = 1.0
    overfull: float = 0.0  # points the line is too long by (emergency only)


@dataclass(frozen=True)
class Line:
    start: int  # first item of the line
    end: int  # the break item (excluded from the line unless a penalty with width)
    adjustment: LineAdjustment
    hyphenated: bool


class _Node:
    __slots__ = (
        "position",
        "line",
        "fitness",
        "run",
        "demerits",
        "previous",
        "adjustment",
        "hyphenated",
        "start",
        "w",
        "y",
        "z",
        "c",
        "b",
    )

    position: int
    line: int
    fitness: int
    run: int
    demerits: float
    previous: _Node | None
    # (natural, target) until the line is chosen; its LineAdjustment is computed then
    adjustment: LineAdjustment | tuple[float, float]
    hyphenated: bool
    start: int
    w: float
    y: float
    z: float
    c: int
    b: float

    def __init__(
        self,
        position: int,
        line: int,
        fitness: int,
        run: int,
        demerits: float,
        previous: _Node | None,
        adjustment: LineAdjustment | tuple[float, float],
        hyphenated: bool,
    ) -> None:
        self.position = position
        self.line = line
        self.fitness = fitness
        self.run = run
        self.demerits = demerits
        self.previous = previous
        self.adjustment = adjustment
        self.hyphenated = hyphenated

    def begin(self, start: int, sums: _Sums) -> None:
        """Record where the next line starts and the running sums there."""
        self.start = start
        self.w, self.y, self.z = sums.width[start], sums.stretch[start], sums.shrink[start]
        self.c, self.b = sums.letters[start], sums.box[start]


class _Sums:
    """Prefix sums over the items, so any line's totals cost a subtraction."""

    def __init__(self, items: Items) -> None:
        n = len(items)
        self.width = w = [0.0] * (n + 1)
        self.stretch = y = [0.0] * (n + 1)
        self.shrink = z = [0.0] * (n + 1)
        self.letters = c = [0] * (n + 1)
        self.box = b = [0.0] * (n + 1)
        kinds = items.kind
        for i in range(n):
            kind = kinds[i]
            width = items.width[i]
            w[i + 1] = w[i] + (width if kind != PENALTY else 0.0)
            y[i + 1] = y[i] + items.stretch[i]
            z[i + 1] = z[i] + items.shrink[i]
            c[i + 1] = c[i] + (items.letters[i] if kind == BOX else 0)
            b[i + 1] = b[i] + (width if kind == BOX else 0.0)
        # where the line after a break at i begins: skip glue and penalties
        self.after = after = [n] * (n + 1)
        next_box = n
        for i in range(n - 1, -1, -1):
            after[i] = next_box
            if kinds[i] == BOX:
                next_box = i
        after[n] = n
        self.first_box = next_box


def _fit(
    natural: float, target: float, word_stretch: float, word_shrink: float, letters: int, boxes: float, limits: Limits
) -> tuple[float, LineAdjustment] | None:
    """The equivalent word-space ratio of a line and how to set it; None if it cannot be
    shrunk to fit. Ratio 1 = word spaces at their maximum; letter spacing and scaling take
    the ratio from 1 to 1 + LETTER_TIER; beyond that only word spaces grow."""
    if natural < target:
        need = target - natural
        extra = letters * limits.letter_stretch + boxes * limits.scale_stretch
        if need <= word_stretch:
            return need / word_stretch, LineAdjustment(glue_ratio=need / word_stretch)
        rest = need - word_stretch
        if rest <= extra:
            share = rest / extra
            return 1.0 + LETTER_TIER * share, LineAdjustment(
                1.0 if word_stretch else 0.0, share * limits.letter_stretch, 1.0 + share * limits.scale_stretch
            )
        rest -= extra
        ratio = 1.0 + LETTER_TIER + (rest / word_stretch if word_stretch else 100.0)
        glue = 1.0 + rest / word_stretch if word_stretch else 0.0
        return ratio, LineAdjustment(glue, limits.letter_stretch, 1.0 + limits.scale_stretch)
    if natural > target:
        need = natural - target
        extra = letters * limits.letter_shrink + boxes * limits.scale_shrink
        if need <= word_shrink:
            return -need / word_shrink, LineAdjustment(glue_ratio=-need / word_shrink)
        rest = need - word_shrink
        if rest <= extra + 1e-9:
            share = rest / extra if extra else 0.0
            return -1.0 - LETTER_TIER * share, LineAdjustment(
                -1.0 if word_shrink else 0.0, -share * limits.letter_shrink, 1.0 - share * limits.scale_shrink
            )
        return None
    return 0.0, LineAdjustment()


def break_lines(
    items: Items,
    line_width: Callable[[int], float],
    limits: Limits = Limits(),
    *,
    tolerance: float = 200.0,
    max_hyphen_run: int = 2,
    no_hyphen_lines: frozenset[int] = frozenset(),
    easy_line: int = 1,
    demerits: Demerits = Demerits(),
    allow_hyphens: bool = True,
    emergency: bool = False,
) -> list[Line] | None:
    """Knuth–Plass total fit. `line_width(n)` is the measure of line n (1-based); from
    `easy_line` on every line has the same measure, which lets equivalent breaks merge.
    Returns the lines, or None if no breaks within `tolerance` exist (unless `emergency`,
    which accepts any line and, where nothing fits, an overfull one)."""
    n = len(items)
    if n == 0:
        return []
    sums = _Sums(items)
    W, Y, Z, C, B, after = sums.width, sums.stretch, sums.shrink, sums.letters, sums.box, sums.after
    kinds, widths, penalties, flagged = items.kind, items.width, items.penalty, items.flagged
    letter_stretch, letter_shrink = limits.letter_stretch, limits.letter_shrink
    scale_stretch, scale_shrink = limits.scale_stretch, limits.scale_shrink
    line_penalty, double_hyphen = demerits.line_penalty, demerits.double_hyphen
    final_hyphen, fitness_jump = demerits.final_hyphen, demerits.fitness_jump
    start = _Node(0, 0, 1, 0, 0.0, None, LineAdjustment(), False)
    start.begin(sums.first_box, sums)
    active: list[_Node] = [start]
    measures: list[float] = [0.0]

    for b in range(n):
        kind = kinds[b]
        if kind == BOX:
            continue
        if kind == GLUE:
            if kinds[b - 1] != BOX or b == 0:
                continue
            penalty, is_flagged, extra_width = 0.0, False, 0.0
        else:
            penalty = penalties[b]
            if penalty >= INFINITY:
                continue
            is_flagged = flagged[b]
            if is_flagged and not allow_hyphens:
                continue
            extra_width = widths[b]
        forced = kind == PENALTY and penalty <= -INFINITY
        # a hyphen at the line end takes letter spacing and scaling like the letters before it
        wb, yb, zb, cb, bb = W[b] + extra_width, Y[b], Z[b], C[b] + items.letters[b], B[b] + extra_width
        best: dict[tuple[int, int, int], _Node] = {}
        survivors: list[_Node] = []
        last_resort: _Node | None = None
        for node in active:
            line = node.line + 1
            while len(measures) <= line:
                measures.append(line_width(len(measures)))
            target = measures[line]
            natural = wb - node.w
            # the equivalent word-space ratio (see _fit), inlined: this loop is the hot path
            if natural < target:
                need = target - natural
                word = yb - node.y
                if need <= word:
                    ratio = need / word
                else:
                    extra = (cb - node.c) * letter_stretch + (bb - node.b) * scale_stretch
                    rest = need - word
                    if rest <= extra:
                        ratio = 1.0 + LETTER_TIER * rest / extra
                    else:
                        ratio = 1.0 + LETTER_TIER + ((rest - extra) / word if word else 100.0)
            elif natural > target:
                need = natural - target
                word = zb - node.z
                if need <= word:
                    ratio = -need / word
                else:
                    extra = (cb - node.c) * letter_shrink + (bb - node.b) * scale_shrink
                    rest = need - word
                    if rest > extra + 1e-9:  # too long: no later break can help this node
                        if emergency and (last_resort is None or node.demerits < last_resort.demerits):
                            last_resort = node
                        continue
                    ratio = -1.0 - (LETTER_TIER * rest / extra if extra else 0.0)
            else:
                ratio = 0.0
            survivors.append(node)
            r = ratio if ratio >= 0 else -ratio
            bad = 100.0 * r * r * r
            if not emergency and bad > INF_BAD:
                bad = INF_BAD
            if bad > tolerance and not forced and not emergency:
                continue
            run = node.run + 1 if is_flagged else 0
            if run > max_hyphen_run or (is_flagged and line in no_hyphen_lines):
                continue
            d = (line_penalty + bad) ** 2
            if penalty >= 0:
                d += penalty * penalty
            elif penalty > -INFINITY:
                d -= penalty * penalty
            if is_flagged and node.hyphenated:
                d += double_hyphen
            if forced and node.hyphenated:
                d += final_hyphen
            fitness = 0 if ratio < -0.5 else 1 if ratio <= 0.5 else 2 if ratio <= 1.0 else 3
            if fitness - node.fitness > 1 or node.fitness - fitness > 1:
                d += fitness_jump
            total = node.demerits + d
            key = (line if line < easy_line else easy_line, fitness, run)
            current = best.get(key)
            if current is None or total < current.demerits:
                best[key] = _Node(b, line, fitness, run, total, node, (natural, target), is_flagged)
        if emergency and not survivors and last_resort is not None and not best:
            # nothing fits: set the line overfull rather than lose the text
            line = last_resort.line + 1
            overflow = wb - last_resort.w - measures[line]
            best[(line, 1, 0)] = _Node(
                b, line, 1, 0, last_resort.demerits + 1e9, last_resort, LineAdjustment(overfull=overflow), is_flagged
            )
        active = [] if forced else survivors
        if best:
            start_at = after[b]
            for node in best.values():
                node.begin(start_at, sums)
                active.append(node)
        if not active:
            return None
    final = min((node for node in active if node.position == n - 1), key=lambda node: node.demerits, default=None)
    if final is None:
        return None
    lines: list[Line] = []
    node = final
    while node.previous is not None:
        previous = node.previous
        adjustment = node.adjustment
        if not isinstance(adjustment, LineAdjustment):  # computed once per chosen line
            natural, target = adjustment
            s = previous.start
            p = node.position
            fit = _fit(
                natural,
                target,
                Y[p] - Y[s],
                Z[p] - Z[s],
                C[p] - C[s] + items.letters[p],
                B[p] - B[s] + (widths[p] if kinds[p] == PENALTY else 0.0),
                limits,
            )
            adjustment = fit[1] if fit is not None else LineAdjustment(overfull=natural - target)
        lines.append(Line(previous.start, node.position, adjustment, node.hyphenated))
        node = previous
    lines.reverse()
    return lines


def break_greedy(
    items: Items, line_width: Callable[[int], float], limits: Limits = Limits(), *, max_hyphen_run: int = 2
) -> list[Line]:
    """First fit: fill each line as far as it will go (using the shrink), break at the
    last possible point. Fast and bounded; the draft mode and the fallback for huge paragraphs."""
    n = len(items)
    sums = _Sums(items)
    W, Y, Z, C, B, after = sums.width, sums.stretch, sums.shrink, sums.letters, sums.box, sums.after
    kinds, widths, penalties, flagged = items.kind, items.width, items.penalty, items.flagged
    lines: list[Line] = []
    s = b = sums.first_box
    run = 0
    candidate: Line | None = None
    while b < n:
        kind = kinds[b]
        legal = (kind == GLUE and b > 0 and kinds[b - 1] == BOX) or (kind == PENALTY and penalties[b] < INFINITY)
        if not legal:
            b += 1
            continue
        is_flagged = kind == PENALTY and flagged[b]
        extra = widths[b] if kind == PENALTY else 0.0
        target = line_width(len(lines) + 1)
        natural = W[b] - W[s] + extra
        forced = kind == PENALTY and penalties[b] <= -INFINITY
        fit = _fit(natural, target, Y[b] - Y[s], Z[b] - Z[s], C[b] - C[s], B[b] - B[s], limits)
        if fit is not None:
            if not (is_flagged and run >= max_hyphen_run):
                candidate = Line(s, b, fit[1], is_flagged)
                if forced:
                    lines.append(candidate)
                    break
            b += 1
            continue
        if candidate is None:  # one piece longer than the line: set it overfull
            candidate = Line(s, b, LineAdjustment(overfull=natural - target), is_flagged)
        lines.append(candidate)
        run = run + 1 if candidate.hyphenated else 0
        s = b = after[candidate.end]
        candidate = None
    return lines
