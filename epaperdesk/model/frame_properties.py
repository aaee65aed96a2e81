"""What the Properties panel shows and sets for the selected frames: every field of the model
for each kind of frame, the values the selection shares, and one edit for a change.

Fields are named as the panel names them: `x`, `y`, `width` and `height` are the frame's
rectangle (points); `inset_top`, `inset_left`, `inset_bottom` and `inset_right` are the text
frame's insets, one side each; the others are the frame's own attributes (`columns`, `gutter`,
`fit`, `scale`, `weight`, `fill`, …). `story` (the story a text frame's thread holds) and
`image` (the picture in a photo frame) are shown but not set here.

`set_frame_field` decides what a change means — which frames it reaches (the selected frames
that have the field and are not locked; the captions of moved photos move along) and whether
the value is possible — and returns one edit, or None when nothing would change. An impossible
value is refused with EditError before anything is built, in words that name the field and what
it may be ("columns: 1–40"). It never changes the edition itself.
"""

from __future__ import annotations

import dataclasses
import enum
import math
from collections.abc import Callable, Iterable, Sequence
from typing import Any

from epaperdesk.geometry import Rect
from epaperdesk.model.edition import Edition
from epaperdesk.model.edits import CompositeEdit, Edit, EditError, SetFrameProperty, SetFrameRect
from epaperdesk.model.frame_edits import MIN_FRAME
from epaperdesk.model.frames import (
    FIT_MODES,
    MAX_COLUMNS,
    MAX_EXTENT,
    RULE_DASHES,
    VERTICAL_ALIGNMENTS,
    Frame,
    ImageFrame,
    Insets,
    RuleFrame,
    TextFrame,
)
from epaperdesk.model.photos import caption_after_reshape


class Mixed(enum.Enum):
    """The selected frames do not agree on a field."""

    MIXED = "mixed"

    def __repr__(self) -> str:
        return "MIXED"


MIXED = Mixed.MIXED

MIN_COLUMN = 1.0  # points: the narrowest text column the fields may leave
MAX_LENGTH = 1000.0  # points: gutters, insets, wrap offsets, rule and stroke weights
MIN_SCALE = 0.01  # 1 %
MAX_SCALE = 100.0  # 10 000 %

FRAME_FIELDS = ("x", "y", "width", "height", "locked", "wrap", "wrap_offset")
INSET_FIELDS = {"inset_top": "top", "inset_left": "left", "inset_bottom": "bottom", "inset_right": "right"}
KIND_FIELDS: dict[str, tuple[str, ...]] = {
    "text": ("columns", "gutter", *INSET_FIELDS, "vertical_align", "story"),
    "image": ("fit", "scale", "crop_x", "crop_y", "alt_text", "image"),
    "rule": ("weight", "color", "tint", "dash"),
    "box": ("fill", "tint", "stroke", "stroke_weight"),
}
READ_ONLY = frozenset({"story", "image"})  # shown, set elsewhere (placing a story or a picture)
RECT_FIELDS = ("x", "y", "width", "height")
SWATCH_FIELDS = ("fill", "color")  # the colour a click on a swatch sets: a box's fill, a rule's colour

LABELS = {
    "x": "Move",
    "y": "Move",
    "width": "Resize",
    "height": "Resize",
    "locked": "Lock",
    "wrap": "Text wrap",
    "wrap_offset": "Wrap offset",
    "columns": "Columns",
    "gutter": "Gutter",
    "inset_top": "Insets",
    "inset_left": "Insets",
    "inset_bottom": "Insets",
    "inset_right": "Insets",
    "vertical_align": "Vertical alignment",
    "fit": "Fit",
    "scale": "Scale image",
    "crop_x": "Crop",
    "crop_y": "Crop",
    "alt_text": "Alt text",
    "weight": "Rule weight",
    "color": "Rule colour",
    "tint": "Tint",
    "dash": "Rule dash",
    "fill": "Fill",
    "stroke": "Stroke",
    "stroke_weight": "Stroke weight",
}
# the names the messages use ("inset top: 0–1000 pt")
NAMES = {
    "wrap_offset": "wrap offset",
    "inset_top": "inset top",
    "inset_left": "inset left",
    "inset_bottom": "inset bottom",
    "inset_right": "inset right",
    "vertical_align": "vertical alignment",
    "crop_x": "crop x",
    "crop_y": "crop y",
    "alt_text": "alt text",
    "color": "colour",
    "stroke_weight": "stroke weight",
}
KIND_NAMES = {"text": "text frame", "image": "photo frame", "rule": "rule", "box": "box"}
KIND_PLURALS = {"text": "text frames", "image": "photo frames", "rule": "rules", "box": "boxes"}


def fields_of(frame: Frame) -> tuple[str, ...]:
    """The fields a frame has, in the panel's order."""
    return FRAME_FIELDS + KIND_FIELDS.get(frame.kind, ())


def all_fields() -> tuple[str, ...]:
    """Every field of every kind of frame, each once."""
    return tuple(dict.fromkeys(FRAME_FIELDS + tuple(f for names in KIND_FIELDS.values() for f in names)))


def _frames(edition: Edition, frame_ids: Iterable[str]) -> list[Frame]:
    """The frames the ids name, in order, without repeats (ids of frames gone are skipped)."""
    found: list[Frame] = []
    for frame_id in dict.fromkeys(frame_ids):
        try:
            found.append(edition.frame_by_id(frame_id))
        except KeyError:
            continue
    return found


def story_of(edition: Edition, frame: TextFrame) -> str | None:
    """The story a text frame shows: its own, or the one its thread's first frame names."""
    return edition.thread_head(frame).story_id


def field_value(edition: Edition, frame: Frame, field: str) -> object:
    """The value of one field of one frame (the frame must have it)."""
    if field in RECT_FIELDS:
        return getattr(frame.rect, field)
    if field in INSET_FIELDS and isinstance(frame, TextFrame):
        return getattr(frame.insets, INSET_FIELDS[field])
    if field == "story" and isinstance(frame, TextFrame):
        return story_of(edition, frame)
    return getattr(frame, field)


def common_values(edition: Edition, frame_ids: Sequence[str]) -> dict[str, object]:
    """For each field any of the frames has, the value all the frames that have it share, or
    MIXED when they differ. Fields of kinds not in the selection are left out."""
    values: dict[str, object] = {}
    for frame in _frames(edition, frame_ids):
        for field in fields_of(frame):
            value = field_value(edition, frame, field)
            if field not in values:
                values[field] = value
            elif values[field] is not MIXED and values[field] != value:
                values[field] = MIXED
    return values


def describe_selection(edition: Edition, frame_ids: Sequence[str]) -> str:
    """The selection in words: "text frame lead-body-1", "3 text frames", "4 frames"."""
    frames = _frames(edition, frame_ids)
    if not frames:
        return "No selection"
    if len(frames) == 1:
        frame = frames[0]
        return f"{KIND_NAMES.get(frame.kind, 'frame')} {frame.id}"
    kinds = {frame.kind for frame in frames}
    noun = KIND_PLURALS.get(frames[0].kind, "frames") if len(kinds) == 1 else "frames"
    return f"{len(frames)} {noun}"


# -- checking a value -------------------------------------------------------------------------


def _name(field: str) -> str:
    return NAMES.get(field, field)


def _pt(value: float) -> str:
    return f"{value:g}"


def _number(field: str, value: object) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
        raise EditError(f"{_name(field)}: a number, not {value!r}")
    return float(value)


def _in_range(field: str, value: object, low: float, high: float, unit: str = " pt") -> float:
    number = _number(field, value)
    if not low <= number <= high:
        raise EditError(f"{_name(field)}: {_pt(low)}–{_pt(high)}{unit}")
    return number


def _choice(field: str, value: object, choices: Sequence[str]) -> str:
    if value not in choices:
        raise EditError(f"{_name(field)}: {', '.join(choices[:-1])} or {choices[-1]}")
    assert isinstance(value, str)
    return value


def _swatch(edition: Edition, field: str, value: object, none_allowed: bool) -> str | None:
    if value is None and none_allowed:
        return None
    if not isinstance(value, str) or value not in edition.swatches:
        raise EditError(f"{_name(field)}: no swatch {value!r} in this edition")
    return value


def _switch(field: str, value: object, edition: Edition) -> bool:
    if not isinstance(value, bool):
        raise EditError(f"{_name(field)}: on or off")
    return value


def _columns(field: str, value: object, edition: Edition) -> int:
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= MAX_COLUMNS:
        raise EditError(f"columns: 1–{MAX_COLUMNS}")
    return value


def _scale(field: str, value: object, edition: Edition) -> float:
    number = _number(field, value)
    if not MIN_SCALE <= number <= MAX_SCALE:
        raise EditError(f"scale: {MIN_SCALE * 100:g}–{MAX_SCALE * 100:g} %")
    return number


def _weight(field: str, value: object, edition: Edition) -> float:
    number = _number(field, value)
    if not 0 < number <= MAX_LENGTH:
        raise EditError(f"weight: more than 0, at most {MAX_LENGTH:g} pt")
    return number


def _words(field: str, value: object, edition: Edition) -> str:
    if not isinstance(value, str):
        raise EditError(f"{_name(field)}: words, not {value!r}")
    return value


def _position(field: str, value: object, edition: Edition) -> float:
    return _in_range(field, value, -MAX_EXTENT, MAX_EXTENT)


def _size(field: str, value: object, edition: Edition) -> float:
    return _in_range(field, value, 0.0, MAX_EXTENT)


def _length(field: str, value: object, edition: Edition) -> float:
    return _in_range(field, value, 0.0, MAX_LENGTH)


def _percent(field: str, value: object, edition: Edition) -> float:
    return _in_range(field, value, 0.0, 100.0, " %")


_CHECKS: dict[str, Callable[[str, object, Edition], object]] = {
    **dict.fromkeys(("x", "y", "crop_x", "crop_y"), _position),
    **dict.fromkeys(("width", "height"), _size),
    **dict.fromkeys(("locked", "wrap"), _switch),
    **dict.fromkeys(("wrap_offset", "gutter", "stroke_weight", *INSET_FIELDS), _length),
    "columns": _columns,
    "vertical_align": lambda field, value, _e: _choice(field, value, VERTICAL_ALIGNMENTS),
    "fit": lambda field, value, _e: _choice(field, value, FIT_MODES),
    "dash": lambda field, value, _e: _choice(field, value, RULE_DASHES),
    "scale": _scale,
    "tint": _percent,
    "weight": _weight,
    "color": lambda field, value, edition: _swatch(edition, field, value, none_allowed=False),
    "fill": lambda field, value, edition: _swatch(edition, field, value, none_allowed=True),
    "stroke": lambda field, value, edition: _swatch(edition, field, value, none_allowed=True),
    "alt_text": _words,
}


def check_value(edition: Edition, field: str, value: object) -> object:
    """The value as the model stores it, when it is possible for the field on any frame
    (EditError names the field and what it may be, otherwise). Checks that depend on the
    frame (room for the columns, a frame's smallest size) come in `set_frame_field`."""
    if field in READ_ONLY:
        raise EditError(f"{_name(field)}: shown here, changed by placing a {field} into the frame")
    check = _CHECKS.get(field)
    if check is None:
        raise EditError(f"{field!r} is not a field of a frame")
    return check(field, value, edition)


def _smallest(frame: Frame) -> float:
    """The smallest width or height a frame may have (a rule is as thin as it likes)."""
    return 0.0 if isinstance(frame, RuleFrame) else MIN_FRAME


_ACROSS = ("width", "columns", "gutter", "inset_left", "inset_right")  # what sets the columns' width
_DOWN = ("height", "inset_top", "inset_bottom")  # what sets the room for the text's height


def _check_room(rect: Rect, columns: int, gutter: float, insets: Insets, field: str) -> None:
    """Refuse a change that would leave a text frame's columns narrower than MIN_COLUMN, or
    no height for its text, naming what may be set instead."""
    if field in _ACROSS:
        inner = rect.width - insets.left - insets.right
        gutters = gutter * (columns - 1)
        if (inner - gutters) / columns >= MIN_COLUMN:
            return
        if field == "columns":
            most = max(1, math.floor((inner + gutter) / (MIN_COLUMN + gutter)))
            reason = "the gutters leave" if gutter > 0 else "the frame leaves"
            raise EditError(f"{reason} no room for the columns (columns: 1–{most} in this frame)")
        if field == "gutter" and columns > 1:
            widest = max(0.0, (inner - MIN_COLUMN * columns) / (columns - 1))
            raise EditError(f"the gutters leave no room for the columns (gutter: at most {_pt(round(widest, 2))} pt)")
        if field == "width":
            least = insets.left + insets.right + gutters + MIN_COLUMN * columns
            raise EditError(f"width: at least {_pt(round(least, 2))} pt for {columns} columns")
        raise EditError("the insets leave no room for the columns")
    if field in _DOWN and rect.height - insets.top - insets.bottom < MIN_COLUMN:
        if field == "height":
            least = insets.top + insets.bottom + MIN_COLUMN
            raise EditError(f"height: at least {_pt(round(least, 2))} pt inside these insets")
        raise EditError("the insets leave no room for the text")


def _check_frame(frame: Frame, field: str, value: object) -> None:
    """What is possible for the field on any frame may still not be on this one."""
    if field in ("width", "height") and isinstance(value, float) and value < _smallest(frame):
        raise EditError(f"{field}: {_pt(_smallest(frame))}–{_pt(MAX_EXTENT)} pt")
    if isinstance(frame, TextFrame) and field in _ACROSS + _DOWN:
        rect = _new_rect(frame.rect, field, value)
        columns = value if field == "columns" and isinstance(value, int) else frame.columns
        gutter = value if field == "gutter" and isinstance(value, float) else frame.gutter
        _check_room(rect, columns, gutter, _new_insets(frame.insets, field, value), field)


def _new_rect(rect: Rect, field: str, value: object) -> Rect:
    if field not in RECT_FIELDS:
        return rect
    assert isinstance(value, float)
    return dataclasses.replace(rect, **{field: value})


def _new_insets(insets: Insets, field: str, value: object) -> Insets:
    if field not in INSET_FIELDS:
        return insets
    assert isinstance(value, float)
    return dataclasses.replace(insets, **{INSET_FIELDS[field]: value})


def _checked_rect(frame: Frame, rect: Rect) -> Rect:
    """The frame's new rectangle, as the frame's own checks allow it."""
    try:
        dataclasses.replace(frame, rect=rect)
    except ValueError as error:
        raise EditError(str(error)) from None
    return rect


# -- the edit ---------------------------------------------------------------------------------


def set_frame_field(edition: Edition, frame_ids: Sequence[str], field: str, value: object) -> Edit | None:
    """One edit setting `field` to `value` on every frame of `frame_ids` that has the field
    and is not locked (`locked` itself reaches locked frames too), labelled for the undo menu
    ("Columns", "Move", "Resize"). Moving a photo moves its caption frame by as much. None
    when nothing would change; EditError, before anything is built, for a value that is not
    possible on one of the frames."""
    value = check_value(edition, field, value)
    chosen = [
        frame
        for frame in _frames(edition, frame_ids)
        if field in fields_of(frame) and (field == "locked" or not frame.locked)
    ]
    for frame in chosen:
        _check_frame(frame, field, value)
    if field in RECT_FIELDS:
        return _set_rects(edition, chosen, field, value)
    edits: list[Edit] = []
    for frame in chosen:
        old = field_value(edition, frame, field)
        if old == value:
            continue
        if field in INSET_FIELDS:
            assert isinstance(frame, TextFrame)
            new_insets = _new_insets(frame.insets, field, value)
            edits.append(SetFrameProperty(frame.id, "insets", frame.insets, new_insets))
        else:
            _checked_property(frame, field, value)
            edits.append(SetFrameProperty(frame.id, field, old, value))
            tint = getattr(frame, "tint", 100.0)
            if field in SWATCH_FIELDS and tint != 100.0:
                # a new colour comes in full (a tint of it is a tint swatch, or the tint field after)
                edits.append(SetFrameProperty(frame.id, "tint", tint, 100.0))
    if not edits:
        return None
    label = LABELS[field]
    if field == "locked":
        label = "Lock" if value else "Unlock"
    return CompositeEdit(tuple(edits), label)


def apply_swatch(edition: Edition, frame_ids: Sequence[str], swatch: str) -> Edit | None:
    """A click on a swatch with frames selected: boxes take it as their fill and rules as their
    colour, in full (one undo step); frames of other kinds have no colour of their own."""
    edits: list[Edit] = []
    for field in SWATCH_FIELDS:
        ids = [f.id for f in _frames(edition, frame_ids) if field in fields_of(f)]
        edit = set_frame_field(edition, ids, field, swatch) if ids else None
        if edit is not None:
            edits.append(edit)
    if not edits:
        return None
    return edits[0] if len(edits) == 1 else CompositeEdit(tuple(edits), "Colour")


def _checked_property(frame: Frame, field: str, value: object) -> None:
    """The frame's own checks, run before the edit is built (a backstop for the ones above)."""
    try:
        changes: dict[str, Any] = {field: value}
        dataclasses.replace(frame, **changes)
    except (ValueError, TypeError) as error:
        raise EditError(str(error)) from None


def _set_rects(edition: Edition, frames: list[Frame], field: str, value: object) -> Edit | None:
    """Move (x, y) or resize from the top-left corner (width, height); captions follow their
    photos when they move (unless they are selected themselves, or locked)."""
    edits: list[Edit] = []
    chosen = {frame.id for frame in frames}
    for frame in frames:
        new = _checked_rect(frame, _new_rect(frame.rect, field, value))
        if new == frame.rect:
            continue
        edits.append(SetFrameRect(frame.id, frame.rect, new))
        if isinstance(frame, ImageFrame):  # its caption keeps its place beside it
            for follow in caption_after_reshape(edition, frame.id, frame.rect, new):
                if follow.frame_id not in chosen:
                    caption = edition.frame_by_id(follow.frame_id)
                    edits.append(SetFrameRect(caption.id, caption.rect, _checked_rect(caption, follow.new)))
    if not edits:
        return None
    return CompositeEdit(tuple(edits), LABELS[field])


__all__ = [
    "FRAME_FIELDS",
    "INSET_FIELDS",
    "KIND_FIELDS",
    "MIXED",
    "READ_ONLY",
    "Mixed",
    "all_fields",
    "apply_swatch",
    "check_value",
    "common_values",
    "describe_selection",
    "field_value",
    "fields_of",
    "set_frame_field",
    "story_of",
]
