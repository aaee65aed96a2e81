"""Frames on a page: text frames, image frames, rules and tinted boxes.

Every frame has an id unique in its edition, a rectangle in page coordinates (points, y
down), and text-wrap settings: a frame that wraps pushes text out of the frames below it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from epaperdesk.geometry import Rect

VERTICAL_ALIGNMENTS = ("top", "center", "bottom", "justify")
# fill: cover the frame; fit: show all of the picture; actual: 100 % at the file's own
# resolution from the frame's top-left corner; center: 100 % centred; stretch: distort to the
# frame; none: one pixel a point (kept for older files). `scale` zooms in every mode.
FIT_MODES = ("fill", "fit", "actual", "center", "stretch", "none")


MAX_COLUMNS = 40
RULE_DASHES = ("solid", "dashed", "dotted")
MAX_EXTENT = 20000.0  # points (about 7 m): frames and pages beyond this are refused


@dataclass(frozen=True)
class Insets:
    """Space between a text frame's edges and its text, in points (0 to MAX_EXTENT)."""

    top: float = 0.0
    left: float = 0.0
    bottom: float = 0.0
    right: float = 0.0

    def __post_init__(self) -> None:
        for name in ("top", "left", "bottom", "right"):
            value = getattr(self, name)
            if not 0.0 <= value <= MAX_EXTENT:  # (NaN fails too)
                raise ValueError(f"the {name} inset must be 0–{MAX_EXTENT:.0f} pt, not {value:g}")


@dataclass
class Frame:
    id: str
    rect: Rect
    wrap: bool = False
    wrap_offset: float = 0.0
    locked: bool = False  # a locked frame cannot be moved, resized or deleted on the canvas
    group: str = ""  # frames of one group are selected and moved together ("" for none)

    kind = "frame"

    def __post_init__(self) -> None:
        r = self.rect
        if max(abs(r.x), abs(r.y), r.width, r.height) > MAX_EXTENT:
            raise ValueError(f"frame {self.id!r}: rectangle beyond {MAX_EXTENT:.0f} pt")
        if not 0 <= self.wrap_offset <= 1000:
            raise ValueError(f"frame {self.id!r}: wrap offset must be 0–1000 pt")


@dataclass
class TextFrame(Frame):
    """A rectangle that text flows into. Only the first frame of a thread names its story;
    the frames after it (reached through `next_frame_id`) continue the same story."""

    story_id: str | None = None
    columns: int = 1
    gutter: float = 9.0
    insets: Insets = field(default_factory=Insets)
    vertical_align: str = "top"
    next_frame_id: str | None = None

    kind = "text"

    def __post_init__(self) -> None:
        super().__post_init__()
        if not 1 <= self.columns <= MAX_COLUMNS:
            raise ValueError(f"text frame {self.id!r}: needs 1–{MAX_COLUMNS} columns")
        if not 0 <= self.gutter <= 1000:
            raise ValueError(f"text frame {self.id!r}: gutter must be 0–1000 pt")
        if self.vertical_align not in VERTICAL_ALIGNMENTS:
            raise ValueError(
                f"text frame {self.id!r}: vertical alignment {self.vertical_align!r} is not one of {VERTICAL_ALIGNMENTS}"
            )


@dataclass
class ImageFrame(Frame):
    """A picture. `image` names an ImageAsset of the edition (or None while empty).
    With fit "none" the image is placed at `scale` and shifted by the crop offset;
    "fill" covers the frame, "fit" shows all of the image, "stretch" distorts to the frame."""

    image: str | None = None
    fit: str = "fill"
    crop_x: float = 0.0
    crop_y: float = 0.0
    scale: float = 1.0
    caption_story_id: str | None = None
    alt_text: str = ""

    kind = "image"

    def __post_init__(self) -> None:
        super().__post_init__()
        if self.fit not in FIT_MODES:
            raise ValueError(f"image frame {self.id!r}: fit {self.fit!r} is not one of {FIT_MODES}")
        if not 0 < self.scale <= 100:
            raise ValueError(f"image frame {self.id!r}: scale must be positive")


@dataclass
class RuleFrame(Frame):
    """A straight rule along the longer side of its rectangle, centred across the shorter:
    a horizontal rule when the rectangle is wider than tall, a column rule otherwise."""

    weight: float = 0.5
    color: str = "Black"
    tint: float = 100.0
    dash: str = "solid"  # solid, dashed or dotted

    kind = "rule"

    def __post_init__(self) -> None:
        super().__post_init__()
        if not 0 < self.weight <= 1000:
            raise ValueError(f"rule {self.id!r}: weight must be positive")
        if self.dash not in RULE_DASHES:
            raise ValueError(f"rule {self.id!r}: dash {self.dash!r} is not one of {', '.join(RULE_DASHES)}")
        if not 0 <= self.tint <= 100:
            raise ValueError(f"rule {self.id!r}: tint must be 0–100 %")


@dataclass
class BoxFrame(Frame):
    """A tinted box (masthead and footer bands, panels behind briefs)."""

    fill: str | None = "Black"
    tint: float = 100.0
    stroke: str | None = None
    stroke_weight: float = 0.0

    kind = "box"

    def __post_init__(self) -> None:
        super().__post_init__()
        if not 0 <= self.tint <= 100:
            raise ValueError(f"box {self.id!r}: tint must be 0–100 %")
        if self.stroke_weight < 0:
            raise ValueError(f"box {self.id!r}: stroke weight must not be negative")


FRAME_KINDS: dict[str, type[Frame]] = {cls.kind: cls for cls in (TextFrame, ImageFrame, RuleFrame, BoxFrame)}
