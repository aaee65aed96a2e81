"""Local formatting: a size, font, tracking, leading or alignment set on some text by hand,
over what its styles say (InDesign's "body+").

Overrides ride on what stories already carry, so splices, undo, copy and save keep them
exactly: a paragraph's entry in `Story.paragraph_styles` is its style's name, followed by
its paragraph overrides (`body+alignment=left;leading=11`), and character overrides are
character spans named `local:size=10.5`. The typesetter and everything else ask this module
for the style such an entry stands for.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Mapping, Sequence

from epaperdesk.model.styles import (
    ALIGNMENTS,
    LOCAL_PREFIX,
    MAX_SIZE,
    MIN_SIZE,
    CharacterStyle,
    ParagraphStyle,
)

OVERRIDE_MARK = "+"
OVERRIDE_SEPARATOR = ";"

# What can be set locally, with the range it must lie in.
PARAGRAPH_LOCAL: dict[str, tuple[type, float, float]] = {
    "leading": (float, MIN_SIZE, 2 * MAX_SIZE),
    "alignment": (str, 0, 0),
}
CHARACTER_LOCAL: dict[str, tuple[type, float, float]] = {
    "font_family": (str, 0, 0),
    "size": (float, MIN_SIZE, MAX_SIZE),
    "tracking": (float, -300, 1000),
}

Value = str | float


class OverrideError(ValueError):
    """A local override that cannot be: unknown field or value out of range."""


def _checked(table: Mapping[str, tuple[type, float, float]], name: str, value: object) -> Value:
    spec = table.get(name)
    if spec is None:
        raise OverrideError(f"{name!r} cannot be set locally (only {', '.join(table)})")
    kind, low, high = spec
    if kind is float:
        if isinstance(value, str):
            try:
                value = float(value)
            except ValueError:
                raise OverrideError(f"{name} must be a number, not {value!r}") from None
        if not isinstance(value, int | float) or isinstance(value, bool) or not math.isfinite(value):
            raise OverrideError(f"{name} must be a number, not {value!r}")
        if not low <= value <= high:
            raise OverrideError(f"{name} must be {low:g}–{high:g}, not {value:g}")
        return round(float(value), 3)
    if not isinstance(value, str) or not value.strip():
        raise OverrideError(f"{name} must be a name, not {value!r}")
    if any(c in value for c in "+;=\n"):
        raise OverrideError(f"{name} {value!r} cannot hold + ; = or a line break")
    if name == "alignment" and value not in ALIGNMENTS:
        raise OverrideError(f"alignment {value!r} is not one of {', '.join(ALIGNMENTS)}")
    return value.strip()


def _written(value: Value) -> str:
    return format(value, "g") if isinstance(value, float) else value


# -- paragraphs -----------------------------------------------------------------------------


def split_paragraph_entry(entry: str) -> tuple[str, dict[str, Value]]:
    """(style name, overrides) of a paragraph's entry; OverrideError when it is malformed."""
    name, mark, rest = entry.partition(OVERRIDE_MARK)
    overrides: dict[str, Value] = {}
    if mark:
        if not rest:
            raise OverrideError(f"paragraph format {entry!r} ends in {OVERRIDE_MARK!r}")
        for part in rest.split(OVERRIDE_SEPARATOR):
            key, equals, value = part.partition("=")
            if not equals:
                raise OverrideError(f"paragraph format {entry!r}: {part!r} is not field=value")
            if key in overrides:
                raise OverrideError(f"paragraph format {entry!r} sets {key} twice")
            overrides[key] = _checked(PARAGRAPH_LOCAL, key, value)
    return name, overrides


def paragraph_entry(name: str, overrides: Mapping[str, object] | None = None) -> str:
    """A paragraph's entry: its style name and overrides, in a fixed order."""
    if not overrides:
        return name
    checked = {key: _checked(PARAGRAPH_LOCAL, key, value) for key, value in overrides.items()}
    parts = [f"{key}={_written(checked[key])}" for key in PARAGRAPH_LOCAL if key in checked]
    return name + OVERRIDE_MARK + OVERRIDE_SEPARATOR.join(parts)


def style_name(entry: str) -> str:
    """The named style of a paragraph's entry ("body" for "body+leading=11")."""
    return entry.partition(OVERRIDE_MARK)[0]


def has_overrides(entry: str) -> bool:
    return OVERRIDE_MARK in entry


def paragraph_style(styles: Mapping[str, ParagraphStyle], entry: str) -> ParagraphStyle | None:
    """The paragraph style an entry stands for, overrides applied (None: no such style, or
    overrides that cannot be read)."""
    try:
        name, overrides = split_paragraph_entry(entry)
    except OverrideError:
        return None
    style = styles.get(name)
    if style is None or not overrides:
        return style
    return dataclasses.replace(style, **overrides)  # type: ignore[arg-type]  # checked per field above


# -- characters -------------------------------------------------------------------------------


def local_span(field: str, value: object) -> str:
    """The name of a character span setting `field` to `value` locally."""
    return f"{LOCAL_PREFIX}{field}={_written(_checked(CHARACTER_LOCAL, field, value))}"


def is_local(span_name: str) -> bool:
    return span_name.startswith(LOCAL_PREFIX)


def split_local_span(span_name: str) -> tuple[str, Value]:
    """(field, value) of a local character span's name; OverrideError when malformed."""
    if not is_local(span_name):
        raise OverrideError(f"{span_name!r} is not local formatting")
    field, equals, value = span_name[len(LOCAL_PREFIX) :].partition("=")
    if not equals:
        raise OverrideError(f"local formatting {span_name!r} is not field=value")
    return field, _checked(CHARACTER_LOCAL, field, value)


def character_style(styles: Mapping[str, CharacterStyle], span_name: str) -> CharacterStyle | None:
    """The character style a span name stands for: a named style, or local formatting."""
    if not is_local(span_name):
        return styles.get(span_name)
    try:
        field, value = split_local_span(span_name)
    except OverrideError:
        return None
    return CharacterStyle(span_name, **{field: value})  # type: ignore[arg-type]  # checked above


def merged(styles: Sequence[CharacterStyle]) -> CharacterStyle | None:
    """One character style doing what several applied to the same text do: later ones win
    field by field (local formatting is applied after named styles)."""
    if not styles:
        return None
    if len(styles) == 1:
        return styles[0]
    values: dict[str, object] = {}
    for style in styles:
        for field in dataclasses.fields(CharacterStyle):
            if field.name in ("name", "based_on", "own"):
                continue
            value = getattr(style, field.name)
            if field.name in ("small_caps", "no_break"):
                values[field.name] = bool(values.get(field.name)) or value
            elif field.name == "baseline_shift":
                values[field.name] = float(values.get(field.name, 0.0)) + value  # type: ignore[arg-type]
            elif value is not None:
                values[field.name] = value
    name = LOCAL_PREFIX + "&".join(s.name for s in styles)  # internal: never stored
    return CharacterStyle(name, **values)  # type: ignore[arg-type]  # fields of CharacterStyle
