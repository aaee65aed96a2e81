"""Composition of one paragraph: from styled text to line-breaking items, and from broken
lines to positioned glyph runs.

The measurement here is the only one in EpaperDesk: widths are sums of the font file's own
advances (no kerning, no shaping), plus tracking and, per line, the letter spacing and glyph
scaling the line breaker chose. The renderers reproduce exactly these positions.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple

from epaperdesk.model.overrides import is_local, merged
from epaperdesk.model.styles import CharacterStyle, HyphenationSettings, ParagraphStyle
from epaperdesk.typeset.fonts import FontMetrics, FontRegistry
from epaperdesk.typeset.hyphenate import HARD_HYPHENS, SOFT_HYPHEN, Hyphenator
from epaperdesk.typeset.linebreak import BOX, GLUE, INFINITY, PENALTY, Items, Limits, Line
from epaperdesk.typeset.variables import resolve

HYPHEN_PENALTY = 50.0
EXPLICIT_HYPHEN_PENALTY = 50.0
DASH_BREAK_PENALTY = 100.0
EMERGENCY_PENALTY = 5000.0  # between the letters of a word wider than the column
PARFILL_STRETCH = 100000.0
RAG_EMS = 3.0  # ragged lines: how far short of the measure a line may end, in ems
SMALL_CAP_SCALE = 0.78
BREAKING_SPACES = " \t\u2009\u2002\u2003"
DASHES = "\u2014\u2013"


class Piece(NamedTuple):
    """A run of characters in one font inside a box: what a glyph run is made of."""

    text: str  # as drawn (case transformed, soft hyphens removed)
    start: int  # story range it came from
    end: int
    font: FontMetrics
    size: float
    tracking: float  # points added after every character
    color: str
    glyph_width: float  # the advances alone, in points
    rise: float = 0.0  # baseline shift, points up

    @property
    def natural_width(self) -> float:
        return self.glyph_width + self.tracking * len(self.text)


def make_piece(
    text: str, start: int, end: int, font: FontMetrics, size: float, tracking: float, color: str, rise: float = 0.0
) -> Piece:
    return Piece(text, start, end, font, size, tracking, color, font.text_units(text) * size / font.units_per_em, rise)


@dataclass
class ComposedParagraph:
    """The items of a paragraph and what each box draws."""

    items: Items
    pieces: dict[int, tuple[Piece, ...]]  # box item index → its pieces
    hyphen: dict[int, Piece]  # flagged penalty index → the hyphen piece drawn at the line end
    sources: list[int]  # item index → story position (for glue: the space; for boxes: start)
    start: int  # story range of the paragraph (without its mark)
    end: int
    limits: Limits
    style: ParagraphStyle


# text, spans, style, language, narrowest measure (rounded), variables
_ParagraphKey = tuple[
    str, tuple[tuple[int, int, CharacterStyle], ...], ParagraphStyle, str, float, tuple[tuple[str, str], ...]
]


class Composer:
    """Itemizes paragraphs. Holds the font registry and hyphenators; results are cached by
    everything they depend on, so re-setting an unchanged paragraph costs a lookup."""

    def __init__(self, fonts: FontRegistry, exceptions: dict[str, str | None] | None = None) -> None:
        self.fonts = fonts
        self._exceptions = dict(exceptions or {})
        self._hyphenators: dict[str, Hyphenator] = {}
        self._cache: dict[_ParagraphKey, ComposedParagraph] = {}
        self._faces: dict[tuple[ParagraphStyle, CharacterStyle | None], tuple[FontMetrics, bool, str]] = {}
        self._merged: dict[tuple[CharacterStyle, ...], CharacterStyle | None] = {}
        self._cuts: dict[tuple[str, bool, bool, HyphenationSettings, str], tuple[tuple[int, bool], ...]] = {}

    def hyphenator(self, language: str) -> Hyphenator:
        found = self._hyphenators.get(language)
        if found is None:
            found = self._hyphenators[language] = Hyphenator(language, self._exceptions)
        return found

    def compose(
        self,
        text: str,
        spans: tuple[tuple[int, int, CharacterStyle], ...],
        style: ParagraphStyle,
        language: str,
        narrowest: float,
        variables: tuple[tuple[str, str], ...] = (),
    ) -> ComposedParagraph:
        """Items for the paragraph `text`; `spans` are (start, end, character style) in it;
        `narrowest` is the narrowest measure it may be set in (longer words get emergency
        breaks). Positions in the result are relative to the paragraph's start, so an edit
        earlier in the story does not invalidate it."""
        if variables and "{{" not in text:
            variables = ()
        key = (text, spans, style, language, round(narrowest, 2), variables)
        found = self._cache.get(key)
        if found is None:
            if len(self._cache) > 2048:
                self._cache.clear()
            found = self._cache[key] = self._compose(text, 0, spans, style, language, narrowest, dict(variables))
        return found

    # -- itemizing --------------------------------------------------------------------------

    def _face(self, style: ParagraphStyle, char_style: CharacterStyle | None) -> tuple[FontMetrics, bool, str]:
        key = (style, char_style)
        found = self._faces.get(key)
        if found is None:
            found = self._faces[key] = self._resolve_face(style, char_style)
        return found

    def _resolve_face(self, style: ParagraphStyle, char_style: CharacterStyle | None) -> tuple[FontMetrics, bool, str]:
        family, weight, italic = style.font_family, style.weight, style.italic
        small_caps, color = style.small_caps, style.color
        if char_style is not None:
            family = char_style.font_family or family
            weight = char_style.weight if char_style.weight is not None else weight
            italic = char_style.italic if char_style.italic is not None else italic
            small_caps = small_caps or char_style.small_caps
            color = char_style.color or color
        return self.fonts.metrics(family, weight, italic), small_caps, color

    def _compose(
        self,
        text: str,
        start: int,
        spans: tuple[tuple[int, int, CharacterStyle], ...],
        style: ParagraphStyle,
        language: str,
        narrowest: float,
        variables: dict[str, str] | None = None,
    ) -> ComposedParagraph:
        size = style.size
        tracking = style.tracking / 1000.0 * size
        limits = _limits(style)
        items = Items.empty()
        pieces: dict[int, tuple[Piece, ...]] = {}
        hyphens: dict[int, Piece] = {}
        sources: list[int] = []
        styles_at, no_break_at = self._character_styles(text, spans)

        plain_face = self._face(style, None)
        plain = not spans and not plain_face[1] and not style.uppercase and not variables

        def pieces_for(a: int, b: int) -> list[Piece]:
            """Pieces for text[a:b], split where font, size or colour change."""
            if plain:
                chunk = text[a:b]
                if SOFT_HYPHEN in chunk:
                    chunk = chunk.replace(SOFT_HYPHEN, "")
                return (
                    [make_piece(chunk, start + a, start + b, plain_face[0], size, tracking, plain_face[2])]
                    if chunk
                    else []
                )
            return self._styled_pieces(text, a, b, start, style, styles_at, variables)

        def add_box(a: int, b: int) -> None:
            box_pieces = pieces_for(a, b)
            width = sum(p.natural_width for p in box_pieces)
            letters = sum(len(p.text) for p in box_pieces)
            pieces[len(items)] = tuple(box_pieces)
            sources.append(start + a)
            items.add_box(width, letters)

        if style.first_line_indent > 0 and text:
            sources.append(start)
            pieces[len(items)] = ()
            items.add_box(style.first_line_indent, 0)

        words = _split_words(text)
        hyphenator = self.hyphenator(language)
        for number, (a, b) in enumerate(words):
            if number > 0:
                gap_start = words[number - 1][1]
                gap_style = styles_at[gap_start]
                gap_size = gap_style.size if gap_style is not None and gap_style.size is not None else size
                gap = self._face(style, gap_style)[0].char_width(" ", gap_size)
                no_break = no_break_at is not None and no_break_at[gap_start]
                _add_word_space(items, sources, start + gap_start, gap, style, no_break)
            word = text[a:b]
            sentence_start = number == 0 or text[words[number - 1][1] - 1] in ".!?:"
            cuts = self._cached_cuts(word, hyphenator, style, language, sentence_start, number == len(words) - 1)
            if (no_break_at is not None and any(no_break_at[a:b])) or (variables and "{{" in word):
                cuts = []
            wide = (
                plain_face[0].text_units(word) * size / plain_face[0].units_per_em + tracking * len(word)
                if plain
                else sum(p.natural_width for p in pieces_for(a, b))
            ) > narrowest
            emergency = wide
            if wide:
                cuts = _with_every_letter(cuts, len(word))
            previous = 0
            for offset, adds_hyphen in cuts:
                if offset <= previous or offset >= len(word):
                    continue
                add_box(a + previous, a + offset)
                last_piece = pieces[len(items) - 1][-1] if pieces[len(items) - 1] else None
                sources.append(start + a + offset)
                if adds_hyphen and last_piece is not None:
                    hyphen = make_piece(
                        "-",
                        start + a + offset,
                        start + a + offset,
                        last_piece.font,
                        last_piece.size,
                        last_piece.tracking,
                        last_piece.color,
                        last_piece.rise,
                    )
                    hyphens[len(items)] = hyphen
                    items.add_penalty(hyphen.natural_width, HYPHEN_PENALTY, True, 1)
                else:
                    explicit = word[offset - 1] in HARD_HYPHENS
                    items.add_penalty(0.0, _cut_penalty(explicit, emergency), explicit)
                previous = offset
            add_box(a + previous, b)
        sources.extend([start + len(text)] * 3)
        items.add_penalty(0.0, INFINITY, False)  # as in TeX: the paragraph-end glue is no break
        items.add_glue(0.0, PARFILL_STRETCH, 0.0)
        items.add_penalty(0.0, -INFINITY, False)
        return ComposedParagraph(items, pieces, hyphens, sources, start, start + len(text), limits, style)

    def _styled_pieces(
        self,
        text: str,
        a: int,
        b: int,
        start: int,
        style: ParagraphStyle,
        styles_at: list[CharacterStyle | None],
        variables: dict[str, str] | None,
    ) -> list[Piece]:
        """Pieces for text[a:b] (story positions from `start`), split where the character
        style changes: each in its font, size, tracking, case, colour and baseline shift,
        variables set as their values."""
        result: list[Piece] = []
        i = a
        while i < b:
            char = styles_at[i]
            font, small_caps, color = self._face(style, char)
            size = char.size if char is not None and char.size is not None else style.size
            tracking_em = char.tracking if char is not None and char.tracking is not None else style.tracking
            tracking = tracking_em / 1000.0 * size
            upper = char.uppercase if char is not None and char.uppercase is not None else style.uppercase
            rise = char.baseline_shift if char is not None else 0.0
            j = i + 1
            while j < b and styles_at[j] is char:
                j += 1
            chunk = text[i:j]
            if SOFT_HYPHEN in chunk:
                chunk = chunk.replace(SOFT_HYPHEN, "")
            if variables and "{{" in chunk:  # a variable is set as its value, over its own story range
                chunk = resolve(chunk, variables)
            if upper:
                chunk = _upper(chunk)
            if small_caps:
                result.extend(_small_caps(chunk, start + i, start + j, font, size, tracking, color, rise))
            elif chunk:
                result.append(make_piece(chunk, start + i, start + j, font, size, tracking, color, rise))
            i = j
        return result

    def _character_styles(
        self, text: str, spans: tuple[tuple[int, int, CharacterStyle], ...]
    ) -> tuple[list[CharacterStyle | None], list[bool] | None]:
        """The character style of every position — the styles of all spans over it merged
        (named styles first, local formatting last) — and which positions must not break (None:
        no position)."""
        layers: list[tuple[CharacterStyle, ...]] = [()] * len(text)
        for s, e, char_style in sorted(spans, key=lambda t: (is_local(t[2].name), t[2].name, t[0])):
            for i in range(max(0, s), min(len(text), e)):
                layers[i] = layers[i] + (char_style,)
        styles_at: list[CharacterStyle | None] = []
        no_break_at: list[bool] | None = None
        for i, layer in enumerate(layers):
            found = self._merged.get(layer)
            if found is None and layer:
                found = self._merged[layer] = merged(layer)
            styles_at.append(found)
            if found is not None and found.no_break:
                if no_break_at is None:
                    no_break_at = [False] * len(text)
                no_break_at[i] = True
        return styles_at, no_break_at

    def _cached_cuts(
        self,
        word: str,
        hyphenator: Hyphenator,
        style: ParagraphStyle,
        language: str,
        sentence_start: bool,
        last_word: bool,
    ) -> list[tuple[int, bool]]:
        """_word_cuts, remembered per word, hyphenation settings and language."""
        cut_key = (word, sentence_start, last_word, style.hyphenation, language)
        found_cuts = self._cuts.get(cut_key)
        if found_cuts is None:
            found_cuts = self._cuts[cut_key] = _word_cuts(
                word, hyphenator, style.hyphenation, sentence_start, last_word
            )
        return list(found_cuts)


def _limits(style: ParagraphStyle) -> Limits:
    """How far a line may letter-space and scale beyond its word spaces (justified text only)."""
    size = style.size
    justify = style.alignment == "justify"
    spec = style.justification
    return Limits(
        letter_stretch=max(0.0, spec.letter_space_max) / 100.0 * size if justify else 0.0,
        letter_shrink=max(0.0, -spec.letter_space_min) / 100.0 * size if justify else 0.0,
        scale_stretch=max(0.0, spec.glyph_scale_max - 100.0) / 100.0 if justify else 0.0,
        scale_shrink=max(0.0, 100.0 - spec.glyph_scale_min) / 100.0 if justify else 0.0,
    )


def _add_word_space(
    items: Items, sources: list[int], position: int, gap: float, style: ParagraphStyle, no_break: bool
) -> None:
    """The items of the space between two words (at story `position`, natural width `gap`)."""
    if no_break:
        sources.append(position)
        items.add_penalty(0.0, INFINITY, False)  # glue after a penalty is no breakpoint
    if style.alignment == "justify":
        spec = style.justification
        sources.append(position)
        items.add_glue(
            gap * spec.word_space_opt / 100.0,
            gap * max(0.0, spec.word_space_max - spec.word_space_opt) / 100.0,
            gap * max(0.0, spec.word_space_opt - spec.word_space_min) / 100.0,
        )
    else:  # ragged: stretch at the line end only (Knuth–Plass ragged-right)
        rag = RAG_EMS * style.size
        sources.extend([position] * 3)
        items.add_glue(0.0, rag, 0.0)
        items.add_penalty(0.0, 0.0, False)
        items.add_glue(gap, -rag, 0.0)


def _with_every_letter(cuts: list[tuple[int, bool]], length: int) -> list[tuple[int, bool]]:
    """A word wider than the narrowest measure may also break between any two letters."""
    taken = {c for c, _ in cuts}
    cuts += [(i, False) for i in range(1, length) if i not in taken]
    cuts.sort()
    return cuts


def _cut_penalty(explicit: bool, emergency: bool) -> float:
    """The penalty of a break inside a word that adds no hyphen."""
    return EXPLICIT_HYPHEN_PENALTY if explicit else (DASH_BREAK_PENALTY if not emergency else EMERGENCY_PENALTY)


def _split_words(text: str) -> list[tuple[int, int]]:
    """(start, end) of every run of non-breaking characters."""
    words = []
    i, n = 0, len(text)
    while i < n:
        while i < n and text[i] in BREAKING_SPACES:
            i += 1
        j = i
        while j < n and text[j] not in BREAKING_SPACES:
            j += 1
        if j > i:
            words.append((i, j))
        i = j
    return words


def _segments(word: str) -> list[tuple[int, int]]:
    """The parts of a word between hard hyphens and dashes."""
    parts, start = [], 0
    for i, char in enumerate(word):
        if char in HARD_HYPHENS or char in DASHES or char == "/":
            parts.append((start, i))
            start = i + 1
    parts.append((start, len(word)))
    return [(a, b) for a, b in parts if b > a]


def _core(word: str) -> tuple[int, int]:
    """The letters of a word without the punctuation around it (and without a possessive)."""
    a, b = 0, len(word)
    while a < b and not word[a].isalpha():
        a += 1
    while b > a and not word[b - 1].isalpha():
        b -= 1
    if b - a > 2 and word[b - 2] in "'’" and word[b - 1] in "sS":
        b -= 2
    core = word[a:b]
    if not core.replace(SOFT_HYPHEN, "").isalpha():
        return a, a  # mixed letters and digits or inner punctuation: no pattern breaks
    return a, b


def _word_cuts(
    word: str, hyphenator: Hyphenator, settings: HyphenationSettings, sentence_start: bool, last_word: bool
) -> tuple[tuple[int, bool], ...]:
    """Where a word may break: (offset, adds a hyphen), from patterns (not in a paragraph's
    last word), after hard hyphens and after dashes."""
    cuts: list[tuple[int, bool]] = []
    if not last_word:
        for seg_a, seg_b in _segments(word):  # parts of compounds hyphenate on their own
            core_a, core_b = _core(word[seg_a:seg_b])
            core = word[seg_a + core_a : seg_a + core_b]
            if core:
                found = hyphenator.breaks(core, settings, sentence_start and seg_a == 0)
                cuts += [(seg_a + core_a + p, True) for p in found]
    for i, char in enumerate(word[:-1]):
        if char in HARD_HYPHENS and 0 < i and word[i + 1].isalpha():
            cuts.append((i + 1, False))
        elif char in DASHES and 0 < i:
            cuts.append((i + 1, False))
    cuts.sort()
    return tuple(cuts)


def _upper(text: str) -> str:
    """Upper case, one character for one (so positions keep matching the story)."""
    return "".join(c.upper() if len(c.upper()) == 1 else c for c in text)


def _small_caps(
    text: str, start: int, end: int, font: FontMetrics, size: float, tracking: float, color: str, rise: float = 0.0
) -> list[Piece]:
    """Lower-case letters as reduced capitals, the rest unchanged."""
    result, i = [], 0
    while i < len(text):
        lower = text[i].islower()
        j = i + 1
        while j < len(text) and text[j].islower() == lower:
            j += 1
        chunk = _upper(text[i:j]) if lower else text[i:j]
        result.append(
            make_piece(
                chunk, start + i, start + j, font, size * SMALL_CAP_SCALE if lower else size, tracking, color, rise
            )
        )
        i = j
    if result and result[-1].end != end:
        last = result[-1]
        result[-1] = last._replace(end=end)
    return result


class PlacedPiece(NamedTuple):
    piece: Piece
    x: float  # from the line start
    letter_spacing: float  # total, tracking included
    scale: float


def place_line(
    paragraph: ComposedParagraph, line: Line, measure: float, last_line: bool
) -> tuple[list[PlacedPiece], float, float]:
    """Positions of the pieces of one line (x from the line's start), the width its ink
    takes, and its word-space ratio to the natural space (1.0 = natural; ragged lines 1.0).

    A justified line (not the last) is closed exactly to the measure: what rounding and
    tracking leave over is shared among its word spaces."""
    items = paragraph.items
    adjustment = line.adjustment
    ls, scale, ratio = adjustment.letter_spacing, adjustment.scale, adjustment.glue_ratio
    justify = paragraph.style.alignment == "justify"
    placed: list[PlacedPiece] = []
    gaps: list[int] = []  # index into `placed` where each word space is followed
    x = ink = 0.0
    end = line.end
    kinds, widths, stretch, shrink = items.kind, items.width, items.stretch, items.shrink
    spaces_natural = spaces_set = 0.0
    for i in range(line.start, end + 1):
        kind = kinds[i]
        if kind == BOX:
            box_pieces = paragraph.pieces.get(i, ())
            for piece in box_pieces:
                placed.append(PlacedPiece(piece, x, piece.tracking + ls, scale))
                x += piece.glyph_width * scale + (piece.tracking + ls) * len(piece.text)
            if not box_pieces:  # an indent: scaled like the boxes, as the line breaker counted it
                x += widths[i] * scale
            ink = x
        elif kind == GLUE and i < end:
            amount = widths[i] + (ratio * stretch[i] if ratio >= 0 else ratio * shrink[i])
            if justify and widths[i] > 0:
                spaces_natural += widths[i]
                spaces_set += amount
                gaps.append(len(placed))
            x += amount
        elif kind == PENALTY and i == end and line.hyphenated and i in paragraph.hyphen:
            hyphen = paragraph.hyphen[i]
            placed.append(PlacedPiece(hyphen, x, hyphen.tracking + ls, scale))
            x += hyphen.glyph_width * scale + hyphen.tracking + ls
            ink = x
    if justify and not last_line and gaps and adjustment.overfull == 0.0:
        remainder = measure - ink
        if abs(remainder) > 1e-9:
            share = remainder / len(gaps)
            shifted = []
            for index, item in enumerate(placed):
                moved = sum(1 for g in gaps if g <= index)
                shifted.append(PlacedPiece(item.piece, item.x + share * moved, item.letter_spacing, item.scale))
            placed = shifted
            spaces_set += remainder
            ink = measure
    space_ratio = spaces_set / spaces_natural if spaces_natural else 1.0
    return placed, ink, space_ratio
