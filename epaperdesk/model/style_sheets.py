"""The edition's style sheets as a layout editor manages them: paragraph and character styles
based on one another, and swatches with their tints — new, changed, duplicated, renamed and
deleted (with a replacement), each as one edit that also carries the change wherever it
reaches: styles based on a changed style, tints of a changed swatch, text in a deleted style,
frames in a deleted colour.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterator, Mapping
from typing import Any, TypeVar

from epaperdesk.model.edition import Edition
from epaperdesk.model.edits import (
    CompositeEdit,
    Edit,
    EditError,
    SetEditionField,
    SetFrameProperty,
    SetParagraphStyle,
    SetStyle,
    SpliceText,
)
from epaperdesk.model.frames import BoxFrame, RuleFrame
from epaperdesk.model.overrides import split_paragraph_entry
from epaperdesk.model.story import Fragment
from epaperdesk.model.styles import (
    CHARACTER_INHERITED,
    PARAGRAPH_INHERITED,
    CharacterStyle,
    JumpSettings,
    ParagraphStyle,
    Swatch,
)

KINDS = ("paragraph", "character", "swatch")
PROTECTED_SWATCHES = ("Black", "Paper")  # every edition has them
_StyleT = TypeVar("_StyleT", ParagraphStyle, CharacterStyle)


def table(edition: Edition, kind: str) -> dict[str, Any]:
    if kind == "paragraph":
        return edition.paragraph_styles
    if kind == "character":
        return edition.character_styles
    if kind == "swatch":
        return edition.swatches
    raise EditError(f"unknown kind of style {kind!r}")


def _inherited(kind: str) -> tuple[str, ...]:
    return PARAGRAPH_INHERITED if kind == "paragraph" else CHARACTER_INHERITED


def ancestors(styles: Mapping[str, Any], name: str) -> list[str]:
    """The chain of styles `name` is based on, nearest first (EditError on a loop)."""
    chain: list[str] = []
    current = styles.get(name)
    while current is not None and current.based_on is not None:
        if current.based_on in chain or current.based_on == name:
            raise EditError(f"style {name!r} is based on itself through {' → '.join(chain)}")
        chain.append(current.based_on)
        current = styles.get(current.based_on)
    return chain


def children(styles: Mapping[str, Any], name: str) -> list[str]:
    """The styles based directly on `name`, in table order."""
    return [other for other, style in styles.items() if getattr(style, "based_on", None) == name]


def inherit(style: _StyleT, parent: _StyleT | None, kind: str) -> _StyleT:
    """`style` with every field it does not set itself taken from `parent`."""
    if parent is None or style.based_on is None:
        return style
    taken = {f: getattr(parent, f) for f in _inherited(kind) if f not in style.own}
    return dataclasses.replace(style, **taken)


def own_fields(style: _StyleT, parent: _StyleT | None, kind: str) -> tuple[str, ...]:
    """The fields in which `style` differs from `parent` (what it sets itself)."""
    if parent is None:
        return ()
    return tuple(f for f in _inherited(kind) if getattr(style, f) != getattr(parent, f))


# -- changing styles --------------------------------------------------------------------------


def set_style(edition: Edition, kind: str, name: str, style: _StyleT) -> Edit:
    """Add or change a paragraph or character style (as the style dialog made it): its
    inherited fields follow what it is based on, and every style based on it follows it."""
    styles = table(edition, kind)
    if style.name != name:
        raise EditError(f"a style named {style.name!r} cannot be stored as {name!r}")
    _check_links(edition, kind, style)
    parent = styles.get(style.based_on) if style.based_on else None
    new = inherit(style, parent, kind)
    edits: list[Edit] = []
    current = dict(styles)
    _replace(current, kind, name, new, edits)
    return CompositeEdit(tuple(edits), "New style" if name not in styles else "Change style")


def _replace(current: dict[str, Any], kind: str, name: str, new: Any, edits: list[Edit]) -> None:
    """Set `name` to `new` in the working table `current` and carry it on to the styles based
    on it, recording the edits."""
    old = current.get(name)
    if old != new:
        edits.append(SetStyle(kind, name, old, new))
        current[name] = new
    for child in children(current, name):
        _replace(current, kind, child, inherit(current[child], new, kind), edits)


def _check_links(edition: Edition, kind: str, style: Any) -> None:
    styles = table(edition, kind)
    if style.based_on is not None:
        if style.based_on not in styles:
            raise EditError(f"{kind} style {style.name!r} is based on {style.based_on!r}, which does not exist")
        if style.name in [style.based_on, *ancestors(styles, style.based_on)]:
            raise EditError(f"{kind} style {style.name!r} cannot be based on {style.based_on!r}: that is based on it")
    if kind == "paragraph" and style.next_style is not None and style.next_style not in styles:
        if style.next_style != style.name:
            raise EditError(f"paragraph style {style.name!r}: next style {style.next_style!r} does not exist")
    color = getattr(style, "color", None)
    if color is not None and color not in edition.swatches:
        raise EditError(f"{kind} style {style.name!r} uses the colour {color!r}, which is not a swatch")


def new_style_name(edition: Edition, kind: str, wanted: str) -> str:
    """`wanted`, or `wanted 2`, `wanted 3`… — a name the table does not have yet."""
    styles = table(edition, kind)
    if wanted not in styles:
        return wanted
    number = 2
    while f"{wanted} {number}" in styles:
        number += 1
    return f"{wanted} {number}"


def duplicate_style(edition: Edition, kind: str, name: str) -> tuple[Edit, str]:
    """A copy of a style ("body copy"), based on what the original is based on."""
    styles = table(edition, kind)
    original = styles.get(name)
    if original is None:
        raise EditError(f"no {kind} style {name!r}")
    copy_name = new_style_name(edition, kind, f"{name} copy")
    duplicate = dataclasses.replace(original, name=copy_name)
    if kind == "swatch":
        return SetStyle(kind, copy_name, None, duplicate), copy_name
    return set_style(edition, kind, copy_name, duplicate), copy_name


# -- deleting and renaming ---------------------------------------------------------------------


def delete_style(edition: Edition, kind: str, name: str, replacement: str | None) -> Edit:
    """Delete a paragraph or character style; the text in it takes `replacement` (required for
    paragraph styles; None for a character style leaves its text unstyled), styles based on
    it keep their look, based on its own parent, and references to it move to `replacement`."""
    styles = table(edition, kind)
    if name not in styles:
        raise EditError(f"no {kind} style {name!r}")
    if replacement == name:
        raise EditError(f"{name!r} cannot replace itself")
    if replacement is not None and replacement not in styles:
        raise EditError(f"no {kind} style {replacement!r} to put in place of {name!r}")
    if kind == "paragraph" and replacement is None:
        raise EditError("the text in a deleted paragraph style needs another style")
    if kind == "paragraph" and len(styles) == 1:
        raise EditError("an edition needs at least one paragraph style")
    edits: list[Edit] = list(_retarget_text(edition, kind, name, replacement))
    edits.extend(_rebase_children(edition, kind, name))
    if kind == "paragraph":
        edits.extend(_retarget_paragraph_links(edition, name, replacement))
    edits.append(SetStyle(kind, name, styles[name], None))
    return CompositeEdit(tuple(edits), f"Delete {kind} style")


def rename_style(edition: Edition, kind: str, name: str, new_name: str) -> Edit:
    """Give a style another name; everything that uses it follows."""
    styles = table(edition, kind)
    if name not in styles:
        raise EditError(f"no {kind} style {name!r}")
    if new_name in styles:
        raise EditError(f"there is a {kind} style {new_name!r} already")
    try:
        renamed = dataclasses.replace(styles[name], name=new_name, based_on=styles[name].based_on)
    except ValueError as error:
        raise EditError(str(error)) from None
    edits: list[Edit] = [SetStyle(kind, new_name, None, renamed)]
    edits.extend(_retarget_text(edition, kind, name, new_name))
    for child in children(styles, name):
        edits.append(SetStyle(kind, child, styles[child], dataclasses.replace(styles[child], based_on=new_name)))
    if kind == "paragraph":
        edits.extend(_retarget_paragraph_links(edition, name, new_name))
    edits.append(SetStyle(kind, name, styles[name], None))
    return CompositeEdit(tuple(edits), f"Rename {kind} style")


def _retarget_text(edition: Edition, kind: str, name: str, replacement: str | None) -> Iterator[Edit]:
    """Edits that put the text of style `name` into `replacement` (keeping local overrides)."""
    for story in edition.stories.values():
        if kind == "paragraph":
            entries = list(story.paragraph_styles)
            changed = False
            for index, entry in enumerate(entries):
                base, _ = split_paragraph_entry(entry)
                if base == name and replacement is not None:
                    entries[index] = replacement + entry[len(base) :]
                    changed = True
            if changed:
                whole = story.fragment(0, len(story.text))
                yield _restyled(story.id, whole, entries, story.text, None, story.paragraph_styles[-1])
        elif name in story.spans:
            whole = story.fragment(0, len(story.text))
            spans = [(style, s, e) for style, s, e in whole.spans if style != name]
            if replacement is not None:
                spans += [(replacement, s, e) for style, s, e in whole.spans if style == name]
            entries = list(story.paragraph_styles)
            yield _restyled(story.id, whole, entries, story.text, _merge_spans(spans), entries[-1])


def _restyled(
    story_id: str,
    whole: Fragment,
    entries: list[str],
    text: str,
    spans: tuple[tuple[str, int, int], ...] | None,
    last: str,
) -> Edit:
    """A splice of a whole story onto itself with other paragraph styles or spans (anchors of
    corrections stay where they are); the last paragraph, which has no mark, apart."""
    inserted = Fragment(text, tuple(entries[:-1]), whole.spans if spans is None else spans, whole.anchors)
    edits: list[Edit] = [SpliceText(story_id, 0, whole, inserted)]
    if entries[-1] != last:
        edits.append(SetParagraphStyle(story_id, len(entries) - 1, last, entries[-1]))
    return CompositeEdit(tuple(edits), "Restyle story")


def _merge_spans(spans: list[tuple[str, int, int]]) -> tuple[tuple[str, int, int], ...]:
    """Spans of one style that now touch or overlap, merged (the canonical form stories keep)."""
    by_style: dict[str, list[tuple[int, int]]] = {}
    for style, s, e in spans:
        by_style.setdefault(style, []).append((s, e))
    result: list[tuple[str, int, int]] = []
    for style, intervals in by_style.items():
        merged: list[list[int]] = []
        for s, e in sorted(intervals):
            if merged and s <= merged[-1][1]:
                merged[-1][1] = max(merged[-1][1], e)
            else:
                merged.append([s, e])
        result.extend((style, s, e) for s, e in merged)
    return tuple(sorted(result))


def _rebase_children(edition: Edition, kind: str, name: str) -> Iterator[Edit]:
    """Styles based on `name` become based on its parent, keeping every value they have."""
    styles = table(edition, kind)
    parent_name = styles[name].based_on
    parent = styles.get(parent_name) if parent_name else None
    for child in children(styles, name):
        style = styles[child]
        rebased = dataclasses.replace(style, based_on=parent_name, own=own_fields(style, parent, kind))
        yield SetStyle(kind, child, style, rebased)


def _retarget_paragraph_links(edition: Edition, name: str, replacement: str | None) -> Iterator[Edit]:
    """Next-style links and the jump-line styles that named `name` name `replacement`."""
    styles = edition.paragraph_styles
    for other, style in styles.items():
        if other != name and style.next_style == name:
            yield SetStyle("paragraph", other, style, dataclasses.replace(style, next_style=replacement))
    jumps = edition.jumps
    see = replacement if jumps.see_style == name else jumps.see_style
    continued = replacement if jumps.continued_style == name else jumps.continued_style
    if (see, continued) != (jumps.see_style, jumps.continued_style) and see and continued:
        yield SetEditionField(
            "jumps", jumps, JumpSettings(jumps.see, jumps.continued, see_style=see, continued_style=continued)
        )


# -- swatches -------------------------------------------------------------------------------------


def tinted(base: Swatch, name: str, tint: float, rgb: str) -> Swatch:
    """A tint swatch: `tint` % of `base` (CMYK scaled; the preview colour is given)."""
    factor = tint / 100.0
    return Swatch(
        name,
        round(base.cyan * factor, 2),
        round(base.magenta * factor, 2),
        round(base.yellow * factor, 2),
        round(base.black * factor, 2),
        rgb,
        base.spot,
        base.name,
        tint,
    )


def set_swatch(edition: Edition, name: str, swatch: Swatch, preview: Mapping[str, str] | None = None) -> Edit:
    """Add or change a swatch; tints of it follow (`preview` gives their new preview colours
    by name, where the caller can compute them)."""
    if swatch.name != name:
        raise EditError(f"a swatch named {swatch.name!r} cannot be stored as {name!r}")
    swatches = edition.swatches
    if swatch.base is not None:
        base = swatches.get(swatch.base)
        if base is None:
            raise EditError(f"swatch {name!r} is a tint of {swatch.base!r}, which does not exist")
        if base.base is not None:
            raise EditError(f"swatch {name!r}: a tint is made of a colour, not of another tint ({swatch.base!r})")
        swatch = tinted(base, name, swatch.tint, swatch.rgb)
    edits: list[Edit] = []
    if swatches.get(name) != swatch:
        edits.append(SetStyle("swatch", name, swatches.get(name), swatch))
    for other, tint in swatches.items():
        if tint.base == name:
            rgb = (preview or {}).get(other, tint.rgb)
            updated = tinted(swatch, other, tint.tint, rgb)
            if updated != tint:
                edits.append(SetStyle("swatch", other, tint, updated))
    return CompositeEdit(tuple(edits), "New swatch" if name not in swatches else "Change swatch")


def swatch_users(edition: Edition, name: str) -> list[str]:
    """What uses a swatch, in words (for the delete dialog)."""
    users = [f"paragraph style {s.name!r}" for s in edition.paragraph_styles.values() if s.color == name]
    users += [f"character style {s.name!r}" for s in edition.character_styles.values() if s.color == name]
    users += [f"tint {s.name!r}" for s in edition.swatches.values() if s.base == name]
    for _, frame in edition.all_frames():
        if isinstance(frame, RuleFrame) and frame.color == name:
            users.append(f"rule {frame.id!r}")
        if isinstance(frame, BoxFrame) and name in (frame.fill, frame.stroke):
            users.append(f"box {frame.id!r}")
    return users


def _recolour_frames(edition: Edition, name: str, replacement: str) -> Iterator[Edit]:
    """Rules and boxes in colour `name` take `replacement` (fill and stroke alike)."""
    for _, frame in edition.all_frames():
        if isinstance(frame, RuleFrame) and frame.color == name:
            yield SetFrameProperty(frame.id, "color", name, replacement)
        if isinstance(frame, BoxFrame):
            for part in ("fill", "stroke"):
                if getattr(frame, part) == name:
                    yield SetFrameProperty(frame.id, part, name, replacement)


Preview = Callable[[Swatch], str]  # the screen colour of a swatch (the caller's colour management)


def delete_swatch(edition: Edition, name: str, replacement: str, preview: Preview | None = None) -> Edit:
    """Delete a swatch; whatever used it uses `replacement`, its tints become tints of it
    (their screen colour from `preview` when given)."""
    swatches = edition.swatches
    if name not in swatches:
        raise EditError(f"no swatch {name!r}")
    if name in PROTECTED_SWATCHES:
        raise EditError(f"{name} is part of every edition and cannot be deleted")
    if replacement not in swatches or replacement == name:
        raise EditError(f"no swatch {replacement!r} to put in place of {name!r}")
    edits = list(_swatch_moves(edition, name, swatches[replacement], preview))
    edits.append(SetStyle("swatch", name, swatches[name], None))
    return CompositeEdit(tuple(edits), "Delete swatch")


def rename_swatch(edition: Edition, name: str, new_name: str) -> Edit:
    """Give a swatch another name; styles, frames and tints follow."""
    swatches = edition.swatches
    if name not in swatches:
        raise EditError(f"no swatch {name!r}")
    if name in PROTECTED_SWATCHES:
        raise EditError(f"{name} is part of every edition and cannot be renamed")
    if new_name in swatches:
        raise EditError(f"there is a swatch {new_name!r} already")
    try:
        renamed = dataclasses.replace(swatches[name], name=new_name)
    except ValueError as error:
        raise EditError(str(error)) from None
    edits: list[Edit] = [SetStyle("swatch", new_name, None, renamed)]
    edits.extend(_swatch_moves(edition, name, renamed, None))
    edits.append(SetStyle("swatch", name, swatches[name], None))
    return CompositeEdit(tuple(edits), "Rename swatch")


def _swatch_moves(edition: Edition, name: str, replacement: Swatch, preview: Preview | None) -> Iterator[Edit]:
    """Styles, frames and tints of swatch `name` moved to `replacement`."""
    for style in edition.paragraph_styles.values():
        if style.color == name:
            yield SetStyle("paragraph", style.name, style, dataclasses.replace(style, color=replacement.name))
    for char in edition.character_styles.values():
        if char.color == name:
            yield SetStyle("character", char.name, char, dataclasses.replace(char, color=replacement.name))
    yield from _recolour_frames(edition, name, replacement.name)
    for other, tint in edition.swatches.items():
        if tint.base == name:
            if replacement.base is None:
                updated = tinted(replacement, other, tint.tint, tint.rgb)
            else:
                updated = dataclasses.replace(tint, base=None, tint=100.0)
            if preview is not None and updated != tint:
                updated = dataclasses.replace(updated, rgb=preview(updated))
            yield SetStyle("swatch", other, tint, updated)
