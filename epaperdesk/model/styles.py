"""Paragraph styles, character styles and colour swatches.

Styles are immutable values; an edition maps names to them, and changing a style is an edit
that swaps one value for another (see edits.SetStyle).
"""

from __future__ import annotations

from dataclasses import dataclass, field

ALIGNMENTS = ("justify", "left", "right", "center")
MIN_SIZE, MAX_SIZE = 1.0, 1000.0  # points: type outside this is a mistake (or an attack on the typesetter)
# Where a paragraph may start: anywhere, or at the top of the next column or frame
# (a byline starts the body column under a headline that spans the page).
STARTS = ("anywhere", "next-column", "next-frame")
WEIGHTS = (100, 200, 300, 400, 500, 600, 700, 800, 900)
STYLE_NAME_FORBIDDEN = "+;="  # these write local overrides (see model/overrides.py)
LOCAL_PREFIX = "local:"  # character spans of local formatting, not of a named style


@dataclass(frozen=True)
class HyphenationSettings:
    """When and where words in a paragraph may be hyphenated."""

    enabled: bool = True
    min_word_length: int = 6
    min_before: int = 2
    min_after: int = 3
    capitalized: bool = False
    max_consecutive: int = 2


@dataclass(frozen=True)
class JustificationSettings:
    """H&J limits: word spacing in % of the natural space, letter spacing in % of an em,
    glyph scaling in % of the natural width."""

    word_space_min: float = 80.0
    word_space_opt: float = 100.0
    word_space_max: float = 133.0
    letter_space_min: float = -1.0
    letter_space_max: float = 2.5
    glyph_scale_min: float = 98.0
    glyph_scale_max: float = 102.0


@dataclass(frozen=True)
class ParagraphStyle:
    """A paragraph style. Its values are always complete (the typesetter reads them as they
    are); a style `based_on` another takes every field not named in `own` from it, and the
    edits that change a style carry such changes on to the styles based on it."""

    name: str
    font_family: str = "Source Serif Pro"
    weight: int = 400
    italic: bool = False
    size: float = 9.0
    leading: float = 10.5
    alignment: str = "justify"
    first_line_indent: float = 0.0
    left_indent: float = 0.0
    right_indent: float = 0.0
    space_before: float = 0.0
    space_after: float = 0.0
    keep_with_next: bool = False
    keep_lines_together: bool = False  # never split the paragraph across columns
    start: str = "anywhere"
    align_to_grid: bool = False  # snap baselines to the page's baseline grid (when it has one)
    uppercase: bool = False
    small_caps: bool = False
    tracking: float = 0.0  # in 1/1000 em, added between all letters
    color: str = "Black"
    hyphenation: HyphenationSettings = field(default_factory=HyphenationSettings)
    justification: JustificationSettings = field(default_factory=JustificationSettings)
    based_on: str | None = None
    next_style: str | None = None  # the style a new paragraph typed after this one gets
    own: tuple[str, ...] = ()  # with based_on: the fields set on this style itself

    def __post_init__(self) -> None:
        if not self.name:
            raise ValueError("a paragraph style needs a name")
        if any(c in self.name for c in STYLE_NAME_FORBIDDEN):
            raise ValueError(f"paragraph style {self.name!r}: a style name cannot hold {STYLE_NAME_FORBIDDEN!r}")
        unknown = set(self.own) - set(PARAGRAPH_INHERITED)
        if unknown:
            raise ValueError(f"paragraph style {self.name!r}: {sorted(unknown)} are not style fields")
        if self.based_on == self.name:
            raise ValueError(f"paragraph style {self.name!r} cannot be based on itself")
        if not (0 <= self.left_indent <= 1000 and 0 <= self.right_indent <= 1000):
            raise ValueError(f"paragraph style {self.name!r}: indents must be 0–1000 pt")
        if self.alignment not in ALIGNMENTS:
            raise ValueError(f"paragraph style {self.name!r}: alignment {self.alignment!r} is not one of {ALIGNMENTS}")
        if self.start not in STARTS:
            raise ValueError(f"paragraph style {self.name!r}: start {self.start!r} is not one of {STARTS}")
        if self.weight not in WEIGHTS:
            raise ValueError(f"paragraph style {self.name!r}: weight {self.weight} is not one of {WEIGHTS}")
        if not (MIN_SIZE <= self.size <= MAX_SIZE and MIN_SIZE <= self.leading <= 2 * MAX_SIZE):
            raise ValueError(f"paragraph style {self.name!r}: size and leading must be {MIN_SIZE}–{MAX_SIZE} pt")
        if not (
            -300 <= self.tracking <= 1000
            and abs(self.first_line_indent) <= 1000
            and 0 <= self.space_before <= 1000
            and 0 <= self.space_after <= 1000
        ):
            raise ValueError(f"paragraph style {self.name!r}: tracking, indent or spacing out of range")


# Fields a paragraph style based on another inherits (all but its name and its links).
PARAGRAPH_INHERITED = tuple(
    f for f in ParagraphStyle.__dataclass_fields__ if f not in ("name", "based_on", "next_style", "own")
)


@dataclass(frozen=True)
class CopyfitLimits:
    """How far the Fit command may go to bring a story into its space (house rules):
    tracking in 1/1000 em always; type size and leading (in points) only when allowed."""

    tracking_min: float = -12.0
    tracking_max: float = 12.0
    allow_size: bool = False
    size_min: float = -0.25
    size_max: float = 0.25
    allow_leading: bool = False
    leading_min: float = -0.25
    leading_max: float = 0.25
    max_lines: int = 10  # further off than this is a matter for the editor, not for tracking

    def __post_init__(self) -> None:
        if not (-100 <= self.tracking_min <= 0 <= self.tracking_max <= 100):
            raise ValueError("copyfit tracking limits must lie in -100…0…100 (1/1000 em)")
        if not (
            -3 <= self.size_min <= 0 <= self.size_max <= 3 and -3 <= self.leading_min <= 0 <= self.leading_max <= 3
        ):
            raise ValueError("copyfit size and leading limits must lie in -3…0…3 pt")
        if not 0 <= self.max_lines <= 1000:
            raise ValueError("copyfit line limit must be 0–1000")


MAX_JUMP_WORDING = 200  # characters of a jump line's wording


@dataclass(frozen=True)
class JumpSettings:
    """The house wording of jump lines ({page} is the page number) and their paragraph
    styles. Jump lines are set by the typesetter wherever a thread continues on another
    page, so they are always right."""

    see: str = "See page {page}"
    continued: str = "Continued from page {page}"
    see_style: str = "jump"
    continued_style: str = "jump"

    def __post_init__(self) -> None:
        for text in (self.see, self.continued):
            if len(text) > MAX_JUMP_WORDING:
                raise ValueError(f"jump line wording must be at most {MAX_JUMP_WORDING} characters")
            if "{" in text.replace("{page}", "") or "}" in text.replace("{page}", ""):
                raise ValueError(f"jump line wording {text[:60]!r} may use only {{page}}, with no format")
            if "{page}" not in text:
                raise ValueError(f"jump line wording {text[:60]!r} must hold {{page}}")

    def wording(self, kind: str, page: int) -> str:
        """The jump line "see" or "continued" for a page: {page} replaced, nothing else
        interpreted (a format spec such as {page:>2000000000} is refused when loaded)."""
        return (self.see if kind == "see" else self.continued).replace("{page}", str(page))


@dataclass(frozen=True)
class StoryFit:
    """A copyfit adjustment the Fit command applied to a whole story: tracking (1/1000 em)
    and, where the house allows, type size and leading (points), added to every paragraph."""

    tracking: float = 0.0
    size: float = 0.0
    leading: float = 0.0

    def __post_init__(self) -> None:
        if not (-100 <= self.tracking <= 100 and -3 <= self.size <= 3 and -3 <= self.leading <= 3):
            raise ValueError("a story's copyfit adjustment is out of range")

    def apply(self, style: ParagraphStyle) -> ParagraphStyle:
        """The paragraph style as this story sets it."""
        if self == NO_FIT:
            return style
        from dataclasses import replace

        size = min(MAX_SIZE, max(MIN_SIZE, style.size + self.size))
        leading = min(2 * MAX_SIZE, max(MIN_SIZE, style.leading + self.leading))
        tracking = min(1000.0, max(-300.0, style.tracking + self.tracking))
        return replace(style, size=size, leading=leading, tracking=tracking)


NO_FIT = StoryFit()


@dataclass(frozen=True)
class CharacterStyle:
    """Overrides applied to a span of text; None leaves the paragraph style's value."""

    name: str
    weight: int | None = None
    italic: bool | None = None
    small_caps: bool = False
    color: str | None = None
    no_break: bool = False  # never hyphenate or break a line inside text in this style
    font_family: str | None = None
    size: float | None = None  # points
    tracking: float | None = None  # 1/1000 em
    baseline_shift: float = 0.0  # points, up
    uppercase: bool | None = None
    based_on: str | None = None
    own: tuple[str, ...] = ()  # with based_on: the fields set on this style itself

    def __post_init__(self) -> None:
        if not self.name:
            raise ValueError("a character style needs a name")
        if not self.name.startswith(LOCAL_PREFIX) and any(c in self.name for c in STYLE_NAME_FORBIDDEN):
            raise ValueError(f"character style {self.name!r}: a style name cannot hold {STYLE_NAME_FORBIDDEN!r}")
        if self.weight is not None and self.weight not in WEIGHTS:
            raise ValueError(f"character style {self.name!r}: weight {self.weight} is not one of {WEIGHTS}")
        if self.size is not None and not MIN_SIZE <= self.size <= MAX_SIZE:
            raise ValueError(f"character style {self.name!r}: size must be {MIN_SIZE}–{MAX_SIZE} pt")
        if self.tracking is not None and not -300 <= self.tracking <= 1000:
            raise ValueError(f"character style {self.name!r}: tracking must be -300–1000 (1/1000 em)")
        if not -1000 <= self.baseline_shift <= 1000:
            raise ValueError(f"character style {self.name!r}: baseline shift must be -1000–1000 pt")
        unknown = set(self.own) - set(CHARACTER_INHERITED)
        if unknown:
            raise ValueError(f"character style {self.name!r}: {sorted(unknown)} are not style fields")
        if self.based_on == self.name:
            raise ValueError(f"character style {self.name!r} cannot be based on itself")


# Fields a character style based on another inherits.
CHARACTER_INHERITED = tuple(f for f in CharacterStyle.__dataclass_fields__ if f not in ("name", "based_on", "own"))


@dataclass(frozen=True)
class Swatch:
    """A named colour: CMYK percentages for print, an RGB value for the screen preview."""

    name: str
    cyan: float
    magenta: float
    yellow: float
    black: float
    rgb: str  # "#rrggbb", screen preview
    spot: bool = False
    base: str | None = None  # a tint: this percentage of another swatch
    tint: float = 100.0

    def __post_init__(self) -> None:
        if not self.name or any(c in self.name for c in STYLE_NAME_FORBIDDEN):
            raise ValueError(f"swatch {self.name!r}: needs a name without {STYLE_NAME_FORBIDDEN!r}")
        if not 0.0 < self.tint <= 100.0:
            raise ValueError(f"swatch {self.name!r}: tint {self.tint} is outside 0–100 %")
        if self.base == self.name:
            raise ValueError(f"swatch {self.name!r} cannot be a tint of itself")
        for channel in ("cyan", "magenta", "yellow", "black"):
            value = getattr(self, channel)
            if not 0.0 <= value <= 100.0:
                raise ValueError(f"swatch {self.name!r}: {channel} {value} is outside 0–100 %")
        if len(self.rgb) != 7 or self.rgb[0] != "#" or any(c not in "0123456789abcdefABCDEF" for c in self.rgb[1:]):
            raise ValueError(f"swatch {self.name!r}: preview colour {self.rgb!r} is not #rrggbb")


BUILTIN_CHARACTER_STYLES = (
    CharacterStyle("bold", weight=700),
    CharacterStyle("italic", italic=True),
    CharacterStyle("small-caps", small_caps=True),
    CharacterStyle("no-break", no_break=True),
)


def total_ink(swatch: Swatch) -> float:
    """C + M + Y + K of a swatch, in % (what the press's total-ink limit is about)."""
    return swatch.cyan + swatch.magenta + swatch.yellow + swatch.black


BUILTIN_SWATCHES = (
    Swatch("Black", 0, 0, 0, 100, "#231f20"),
    Swatch("Paper", 0, 0, 0, 0, "#ffffff"),
)
