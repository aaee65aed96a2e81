"""document.json: the edition as JSON data, and back, with validation that names the
field at fault, and the migrations from older schema versions."""

from __future__ import annotations

import dataclasses
import datetime
import functools
import math
import types
import typing
from collections.abc import Callable
from typing import Any, ClassVar, Protocol, TypeVar

from epaperdesk.geometry import Rect
from epaperdesk.io import epd_limits as limits
from epaperdesk.model.corrections import Correction
from epaperdesk.model.edition import Edition, FontAsset, ImageAsset
from epaperdesk.model.frames import FRAME_KINDS, Frame
from epaperdesk.model.page import Page
from epaperdesk.model.story import Interval, Story
from epaperdesk.model.styles import CharacterStyle, CopyfitLimits, JumpSettings, ParagraphStyle, StoryFit, Swatch
from epaperdesk.model.validate import find_problems

FORMAT_NAME = "epaperdesk-edition"
SCHEMA_VERSION = 5

JSON = dict[str, Any]  # a JSON object


class _Dataclass(Protocol):
    __dataclass_fields__: ClassVar[dict[str, Any]]


class _Named(_Dataclass, Protocol):
    @property
    def name(self) -> str: ...


_T = TypeVar("_T", bound=_Dataclass)
_NamedT = TypeVar("_NamedT", bound=_Named)


def _v1_to_v2(document: JSON) -> JSON:
    """Version 2 added the house copyfit limits and each story's copyfit adjustment."""
    edition = document.get("edition")
    if isinstance(edition, dict):
        edition.setdefault("copyfit", _plain(CopyfitLimits()))
        for story in edition.get("stories") or ():
            if isinstance(story, dict):
                story.setdefault("fit", _plain(StoryFit()))
    return document


def _v2_to_v3(document: JSON) -> JSON:
    """Version 3 added corrections (with their anchors in the stories), the edition's
    ignored words, and the no-break switch of character styles."""
    edition = document.get("edition")
    if isinstance(edition, dict):
        edition.setdefault("ignored_words", [])
        edition.setdefault("corrections", [])
        for story in edition.get("stories") or ():
            if isinstance(story, dict):
                story.setdefault("anchors", {})
        for style in edition.get("character_styles") or ():
            if isinstance(style, dict):
                style.setdefault("no_break", False)
    return document


def _v3_to_v4(document: JSON) -> JSON:
    """Version 4 added master pages, page sections, jump-line wording, and each story's
    budget status and assignee."""
    edition = document.get("edition")
    if isinstance(edition, dict):
        edition.setdefault("masters", [])
        edition.setdefault("jumps", _plain(JumpSettings()))
        for page in edition.get("pages") or ():
            if isinstance(page, dict):
                page.setdefault("master", None)
                page.setdefault("hidden_master_frames", [])
                page.setdefault("section", "")
                page.setdefault("name", "")
        for story in edition.get("stories") or ():
            if isinstance(story, dict):
                story.setdefault("status", "editing")
                story.setdefault("assignee", "")
    return document


def _v4_to_v5(document: JSON) -> JSON:
    """Version 5 added style sheets as a layout editor keeps them: paragraph styles based on
    others, with a next style, side indents, keep-lines-together and small capitals;
    character styles with font, size, tracking, baseline shift and case; tint swatches;
    facing pages; groups of frames and dashed or dotted rules."""
    edition = document.get("edition")
    if isinstance(edition, dict):
        edition.setdefault("facing_pages", False)
        paragraph = {"left_indent": 0.0, "right_indent": 0.0, "keep_lines_together": False, "small_caps": False}
        for style in edition.get("paragraph_styles") or ():
            if isinstance(style, dict):
                paragraph_fields: JSON = {**paragraph, "based_on": None, "next_style": None, "own": []}
                for key, value in paragraph_fields.items():
                    style.setdefault(key, value)
        character = {"font_family": None, "size": None, "tracking": None, "baseline_shift": 0.0, "uppercase": None}
        for style in edition.get("character_styles") or ():
            if isinstance(style, dict):
                character_fields: JSON = {**character, "based_on": None, "own": []}
                for key, value in character_fields.items():
                    style.setdefault(key, value)
        for swatch in edition.get("swatches") or ():
            if isinstance(swatch, dict):
                swatch.setdefault("base", None)
                swatch.setdefault("tint", 100.0)
        for page in [*(edition.get("pages") or ()), *(edition.get("masters") or ())]:
            for frame in page.get("frames") or () if isinstance(page, dict) else ():
                if isinstance(frame, dict):
                    frame.setdefault("group", "")
                    if frame.get("kind") == "rule":
                        frame.setdefault("dash", "solid")
    return document


# Migrations: MIGRATIONS[n] turns a version-n document into a version n+1 document.
# Add one with every schema change; loading runs them in order up to SCHEMA_VERSION.
MIGRATIONS: dict[int, Callable[[JSON], JSON]] = {1: _v1_to_v2, 2: _v2_to_v3, 3: _v3_to_v4, 4: _v4_to_v5}


class SchemaError(Exception):
    """document.json does not describe a valid edition; the message names the field."""


# -- writing --------------------------------------------------------------------------------


def _plain(value: Any) -> Any:
    """JSON data for a model value. Numbers in float fields are written as floats, so that
    a value read back (always a float) is written again with the same bytes."""
    if isinstance(value, Rect):
        return [float(v) for v in value.as_list()]
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        hints = _hints(type(value))
        return {f.name: _plain_field(hints[f.name], getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    return value


@functools.cache
def _hints(cls: type) -> dict[str, Any]:
    return typing.get_type_hints(cls)


def _plain_field(hint: Any, value: Any) -> Any:
    floaty = hint is float or (
        typing.get_origin(hint) in (typing.Union, types.UnionType) and float in typing.get_args(hint)
    )
    if floaty and isinstance(value, int) and not isinstance(value, bool):
        return float(value)
    return _plain(value)


def _frame_data(frame: Frame) -> JSON:
    return {"kind": frame.kind, **_plain(frame)}


def edition_to_document(edition: Edition) -> JSON:
    """The JSON data of an edition (image bytes excepted: they are container members)."""

    def page_data(page: Page) -> JSON:
        data = {k: v for k, v in _plain(dataclasses.replace(page, frames=[])).items() if k != "frames"}
        data["frames"] = [_frame_data(frame) for frame in page.frames]
        return data

    pages = [page_data(page) for page in edition.pages]
    stories: list[JSON] = []
    for story in edition.stories.values():
        data = _plain(story)
        data["spans"] = {name: [list(i) for i in intervals] for name, intervals in story.spans.items()}
        data["anchors"] = {name: list(anchor) for name, anchor in story.anchors.items()}
        stories.append(data)
    return {
        "format": FORMAT_NAME,
        "version": SCHEMA_VERSION,
        "edition": {
            "title": edition.title,
            "volume": edition.volume,
            "number": edition.number,
            "date": edition.date.isoformat(),
            "edition_line": edition.edition_line,
            "language": edition.language,
            "facing_pages": edition.facing_pages,
            "dictionary_words": list(edition.dictionary_words),
            "hyphenation_exceptions": dict(edition.hyphenation_exceptions),
            "copyfit": _plain(edition.copyfit),
            "ignored_words": list(edition.ignored_words),
            "corrections": [_plain(c) for c in edition.corrections.values()],
            "masters": [page_data(page) for page in edition.masters],
            "jumps": _plain(edition.jumps),
            "swatches": [_plain(s) for s in edition.swatches.values()],
            "paragraph_styles": [_plain(s) for s in edition.paragraph_styles.values()],
            "character_styles": [_plain(s) for s in edition.character_styles.values()],
            "images": [
                {"name": a.name, "media_type": a.media_type, "width": a.width, "height": a.height, "source": a.source}
                for a in edition.images.values()
            ],
            "fonts": [
                {"name": f.name, "family": f.family, "weight": f.weight, "italic": f.italic}
                for f in edition.fonts.values()
            ],
            "stories": stories,
            "pages": pages,
        },
    }


# -- reading --------------------------------------------------------------------------------


def _fail(path: str, message: str) -> typing.NoReturn:
    raise SchemaError(f"{path}: {message}")


def _type_name(value: Any) -> str:
    return {dict: "an object", list: "a list", str: "a string", bool: "true/false", type(None): "null"}.get(
        type(value), "a number" if isinstance(value, (int, float)) else type(value).__name__
    )


def _expect_object(value: Any, path: str, fields: list[str]) -> JSON:
    if not isinstance(value, dict):
        _fail(path, f"expected an object, found {_type_name(value)}")
    missing = [name for name in fields if name not in value]
    if missing:
        _fail(path, f"missing field{'s' if len(missing) > 1 else ''} {', '.join(missing)}")
    unknown = sorted(set(value) - set(fields))
    if unknown:
        _fail(path, f"unknown field{'s' if len(unknown) > 1 else ''} {', '.join(map(str, unknown))}")
    return value


def _expect_list(value: Any, path: str, limit: int = limits.MAX_LIST_ITEMS) -> list[Any]:
    if not isinstance(value, list):
        _fail(path, f"expected a list, found {_type_name(value)}")
    if len(value) > limit:
        _fail(path, f"too many items: {limits.over(len(value), limit)}")
    return value


def _read_value(hint: Any, value: Any, path: str) -> Any:
    """Check `value` against a type annotation and build the model value."""
    origin = typing.get_origin(hint)
    if origin in (typing.Union, types.UnionType):
        options = typing.get_args(hint)
        if value is None and type(None) in options:
            return None
        real = [o for o in options if o is not type(None)]
        return _read_value(real[0], value, path)
    if origin is tuple:
        item_hint = typing.get_args(hint)[0]
        items = _expect_list(value, path)
        return tuple(_read_value(item_hint, v, f"{path}[{i}]") for i, v in enumerate(items))
    for kind, read in _READERS:
        if hint is kind:
            return read(value, path)
    if isinstance(hint, type) and dataclasses.is_dataclass(hint):
        return _read_dataclass(hint, value, path)
    _fail(path, f"cannot read a value of type {hint}")  # a bug in the schema, not in the file


def _read_bool(value: Any, path: str) -> bool:
    if not isinstance(value, bool):
        _fail(path, f"expected true/false, found {_type_name(value)}")
    return value


def _read_int(value: Any, path: str) -> int:
    if not isinstance(value, int) or isinstance(value, bool):
        _fail(path, f"expected a whole number, found {_type_name(value)}")
    if abs(value) > limits.MAX_WHOLE_NUMBER:
        _fail(path, f"the number is out of range (limit ±{limits.MAX_WHOLE_NUMBER:,})")
    return value


def _read_float(value: Any, path: str) -> float:
    if not isinstance(value, (int, float)) or isinstance(value, bool):
        _fail(path, f"expected a number, found {_type_name(value)}")
    if isinstance(value, int) and abs(value) > limits.MAX_WHOLE_NUMBER:
        _fail(path, f"the number is out of range (limit ±{limits.MAX_NUMBER:,.0f})")
    if not math.isfinite(value):
        _fail(path, f"expected a finite number, found {value}")
    if abs(value) > limits.MAX_NUMBER:
        _fail(path, f"the number {value:g} is out of range (limit ±{limits.MAX_NUMBER:,.0f})")
    return float(value)


def _read_str(value: Any, path: str, limit: int = limits.MAX_STRING_CHARACTERS) -> str:
    """A string no longer than `limit` that can be written back: a lone surrogate (which
    JSON's \\u escapes can smuggle in) would make every later save fail, so it is refused."""
    if not isinstance(value, str):
        _fail(path, f"expected a string, found {_type_name(value)}")
    if len(value) > limit:
        _fail(path, f"the text is too long: {limits.over(len(value), limit)} characters")
    try:
        value.encode("utf-8")
    except UnicodeEncodeError as error:
        _fail(path, f"holds a lone surrogate (U+{ord(value[error.start]):04X}) at character {error.start:,}, not text")
    return value


def _read_rect(value: Any, path: str) -> Rect:
    items = _expect_list(value, path)
    if len(items) != 4:
        _fail(path, "expected [x, y, width, height]")
    numbers = [_read_float(v, f"{path}[{i}]") for i, v in enumerate(items)]
    try:
        return Rect(*numbers)
    except ValueError as error:
        _fail(path, str(error))


# the types read by a function of their own (checked in this order, by identity)
_READERS: tuple[tuple[type, Callable[[Any, str], Any]], ...] = (
    (bool, _read_bool),
    (int, _read_int),
    (float, _read_float),
    (str, _read_str),
    (Rect, _read_rect),
)


def _read_dataclass(cls: type[_T], value: Any, path: str, exclude: tuple[str, ...] = ()) -> _T:
    hints = _hints(cls)
    names = [f.name for f in dataclasses.fields(cls) if f.name not in exclude]
    data = _expect_object(value, path, names)
    kwargs = {name: _read_value(hints[name], data[name], f"{path}.{name}") for name in names}
    try:
        return cls(**kwargs)
    except (ValueError, TypeError) as error:
        _fail(path, str(error))


def _read_frame(value: Any, path: str) -> Frame:
    if not isinstance(value, dict):
        _fail(path, f"expected an object, found {_type_name(value)}")
    kind = value.get("kind")
    cls = FRAME_KINDS.get(kind) if isinstance(kind, str) else None
    if cls is None:
        _fail(f"{path}.kind", f"expected one of {', '.join(FRAME_KINDS)}, found {kind!r}")
    rest = {k: v for k, v in value.items() if k != "kind"}
    return _read_dataclass(cls, rest, path)


def _read_page(value: Any, path: str) -> Page:
    if not isinstance(value, dict):
        _fail(path, f"expected an object, found {_type_name(value)}")
    frames = [
        _read_frame(f, f"{path}.frames[{i}]") for i, f in enumerate(_expect_list(value.get("frames"), f"{path}.frames"))
    ]
    page = _read_dataclass(Page, {k: v for k, v in value.items() if k != "frames"}, path, exclude=("frames",))
    page.frames = frames
    return page


def _read_story(value: Any, path: str) -> Story:
    data = _expect_object(value, path, [f.name for f in dataclasses.fields(Story)])
    text = _read_str(data["text"], f"{path}.text", limits.MAX_STORY_CHARACTERS)
    variables = text.count("{{")
    if variables > limits.MAX_VARIABLES:
        _fail(f"{path}.text", f"too many text variables: {limits.over(variables, limits.MAX_VARIABLES)}")
    styles = [
        _read_value(str, s, f"{path}.paragraph_styles[{i}]")
        for i, s in enumerate(_expect_list(data["paragraph_styles"], f"{path}.paragraph_styles"))
    ]
    spans_data = data["spans"]
    if not isinstance(spans_data, dict):
        _fail(f"{path}.spans", f"expected an object, found {_type_name(spans_data)}")
    spans: dict[str, list[Interval]] = {}
    for name, intervals in spans_data.items():
        where = f"{path}.spans.{_read_str(name, f'{path}.spans')}"
        pairs: list[Interval] = []
        for i, pair in enumerate(_expect_list(intervals, where)):
            if not (isinstance(pair, list) and len(pair) == 2):
                _fail(f"{where}[{i}]", "expected [start, end]")
            pairs.append((_read_value(int, pair[0], f"{where}[{i}][0]"), _read_value(int, pair[1], f"{where}[{i}][1]")))
        spans[name] = pairs
    anchors_data = data["anchors"]
    if not isinstance(anchors_data, dict):
        _fail(f"{path}.anchors", f"expected an object, found {_type_name(anchors_data)}")
    anchors: dict[str, tuple[int, int]] = {}
    if len(anchors_data) > limits.MAX_LIST_ITEMS:
        _fail(f"{path}.anchors", f"too many anchors: {limits.over(len(anchors_data), limits.MAX_LIST_ITEMS)}")
    for name, pair in anchors_data.items():
        where = f"{path}.anchors.{_read_str(name, f'{path}.anchors')}"
        if not (isinstance(pair, list) and len(pair) == 2):
            _fail(where, "expected [start, end]")
        anchors[name] = (_read_value(int, pair[0], f"{where}[0]"), _read_value(int, pair[1], f"{where}[1]"))
    try:
        return Story(
            id=_read_value(str, data["id"], f"{path}.id"),
            text=text,
            paragraph_styles=styles,
            spans=spans,
            language=_read_value(str, data["language"], f"{path}.language"),
            name=_read_value(str, data["name"], f"{path}.name"),
            fit=_read_value(StoryFit, data["fit"], f"{path}.fit"),
            anchors=anchors,
            status=_read_value(str, data["status"], f"{path}.status"),
            assignee=_read_value(str, data["assignee"], f"{path}.assignee"),
        )
    except ValueError as error:
        _fail(path, str(error))


def _read_corrections(value: Any) -> dict[str, Correction]:
    table: dict[str, Correction] = {}
    for i, item in enumerate(_expect_list(value, "edition.corrections")):
        correction = _read_dataclass(Correction, item, f"edition.corrections[{i}]")
        if correction.id in table:
            _fail(f"edition.corrections[{i}]", f"the correction id {correction.id!r} is used twice")
        table[correction.id] = correction
    return table


def _read_named(cls: type[_NamedT], value: Any, path: str, limit: int) -> dict[str, _NamedT]:
    table: dict[str, _NamedT] = {}
    for i, item in enumerate(_expect_list(value, path, limit)):
        obj = _read_dataclass(cls, item, f"{path}[{i}]")
        if obj.name in table:
            _fail(f"{path}[{i}]", f"the name {obj.name!r} is used twice")
        table[obj.name] = obj
    return table


EDITION_FIELDS = [
    "title",
    "volume",
    "number",
    "date",
    "edition_line",
    "language",
    "facing_pages",
    "dictionary_words",
    "hyphenation_exceptions",
    "copyfit",
    "ignored_words",
    "corrections",
    "masters",
    "jumps",
    "swatches",
    "paragraph_styles",
    "character_styles",
    "images",
    "fonts",
    "stories",
    "pages",
]
IMAGE_FIELDS = ["name", "media_type", "width", "height", "source"]
FONT_FIELDS = ["name", "family", "weight", "italic"]


def migrate(document: Any) -> JSON:
    """Bring a document of any supported version up to SCHEMA_VERSION."""
    if not isinstance(document, dict):
        raise SchemaError(f"document.json: expected an object, found {_type_name(document)}")
    if document.get("format") != FORMAT_NAME:
        raise SchemaError(f"document.json: format is {document.get('format')!r}, not {FORMAT_NAME!r}")
    version = document.get("version")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise SchemaError(f"document.json: version must be a positive whole number, found {version!r}")
    if version > SCHEMA_VERSION:
        raise SchemaError(
            f"document.json: schema version {version} is newer than this EpaperDesk supports "
            f"(up to {SCHEMA_VERSION}); open it with a newer EpaperDesk"
        )
    data: JSON = document
    while version < SCHEMA_VERSION:
        data = MIGRATIONS[version](data)
        version += 1
        data["version"] = version
    return data


def _read_exceptions(exceptions: Any) -> dict[str, str | None]:
    if not isinstance(exceptions, dict):
        _fail("edition.hyphenation_exceptions", f"expected an object, found {_type_name(exceptions)}")
    if len(exceptions) > limits.MAX_LIST_ITEMS:
        _fail(
            "edition.hyphenation_exceptions", f"too many words: {limits.over(len(exceptions), limits.MAX_LIST_ITEMS)}"
        )
    for word, breaks in exceptions.items():
        _read_str(word, "edition.hyphenation_exceptions")
        if breaks is not None:
            _read_str(breaks, f"edition.hyphenation_exceptions.{word}")
    return dict(exceptions)


def _read_images(value: Any, image_data: Callable[[JSON, str], ImageAsset]) -> dict[str, ImageAsset]:
    images: dict[str, ImageAsset] = {}
    for i, entry in enumerate(_expect_list(value, "edition.images")):
        path = f"edition.images[{i}]"
        _expect_object(entry, path, IMAGE_FIELDS)
        for name in ("name", "media_type", "source"):
            _read_value(str, entry[name], f"{path}.{name}")
        for name in ("width", "height"):
            _read_value(int, entry[name], f"{path}.{name}")
        if entry["name"] in images:
            _fail(path, f"the image {entry['name']!r} is listed twice")
        images[entry["name"]] = image_data(entry, path)
    return images


def _read_fonts(value: Any, font_data: Callable[[JSON, str], FontAsset]) -> dict[str, FontAsset]:
    fonts: dict[str, FontAsset] = {}
    for i, entry in enumerate(_expect_list(value, "edition.fonts")):
        path = f"edition.fonts[{i}]"
        _expect_object(entry, path, FONT_FIELDS)
        for name in ("name", "family"):
            _read_value(str, entry[name], f"{path}.{name}")
        _read_value(int, entry["weight"], f"{path}.weight")
        _read_value(bool, entry["italic"], f"{path}.italic")
        if entry["name"] in fonts:
            _fail(path, f"the font {entry['name']!r} is listed twice")
        fonts[entry["name"]] = font_data(entry, path)
    return fonts


def _read_stories(value: Any) -> dict[str, Story]:
    stories: dict[str, Story] = {}
    characters = 0
    for i, item in enumerate(_expect_list(value, "edition.stories", limits.MAX_STORIES)):
        story = _read_story(item, f"edition.stories[{i}]")
        characters += len(story.text)
        if characters > limits.MAX_TEXT_CHARACTERS:
            _fail("edition.stories", f"too much text: more than {limits.MAX_TEXT_CHARACTERS:,} characters in all")
        if story.id in stories:
            _fail(f"edition.stories[{i}]", f"the story id {story.id!r} is used twice")
        stories[story.id] = story
    return stories


def _count_frames(data: JSON) -> None:
    """Refuse an edition with too many frames before any of them is read."""
    count = 0
    for key in ("pages", "masters"):
        pages = data.get(key)
        for page in pages if isinstance(pages, list) else ():
            frames = page.get("frames") if isinstance(page, dict) else None
            count += len(frames) if isinstance(frames, list) else 0
    if count > limits.MAX_FRAMES:
        _fail("edition.pages", f"too many frames: {limits.over(count, limits.MAX_FRAMES)}")


def document_to_edition(
    document: Any, image_data: Callable[[JSON, str], ImageAsset], font_data: Callable[[JSON, str], FontAsset]
) -> Edition:
    """Validate a whole document and build its edition. `image_data(entry, path)` and
    `font_data(entry, path)` return the assets for image and font entries (the container
    reads and checks the bytes)."""
    document = migrate(document)
    _expect_object(document, "document.json", ["format", "version", "edition"])
    data = _expect_object(document["edition"], "edition", EDITION_FIELDS)
    try:
        date = datetime.date.fromisoformat(_read_value(str, data["date"], "edition.date"))
    except ValueError:
        _fail("edition.date", f"expected a date as YYYY-MM-DD, found {data['date']!r}")
    words = [
        _read_value(str, w, f"edition.dictionary_words[{i}]")
        for i, w in enumerate(_expect_list(data["dictionary_words"], "edition.dictionary_words"))
    ]
    exceptions = _read_exceptions(data["hyphenation_exceptions"])
    _count_frames(data)
    stories = _read_stories(data["stories"])
    images = _read_images(data["images"], image_data)  # (decoding pictures costs most: last)
    fonts = _read_fonts(data["fonts"], font_data)
    edition = Edition(
        title=_read_value(str, data["title"], "edition.title"),
        volume=_read_value(int, data["volume"], "edition.volume"),
        number=_read_value(int, data["number"], "edition.number"),
        date=date,
        edition_line=_read_value(str, data["edition_line"], "edition.edition_line"),
        language=_read_value(str, data["language"], "edition.language"),
        facing_pages=_read_value(bool, data["facing_pages"], "edition.facing_pages"),
        pages=[
            _read_page(p, f"edition.pages[{i}]")
            for i, p in enumerate(_expect_list(data["pages"], "edition.pages", limits.MAX_PAGES))
        ],
        stories=stories,
        paragraph_styles=_read_named(
            ParagraphStyle, data["paragraph_styles"], "edition.paragraph_styles", limits.MAX_STYLES
        ),
        character_styles=_read_named(
            CharacterStyle, data["character_styles"], "edition.character_styles", limits.MAX_STYLES
        ),
        swatches=_read_named(Swatch, data["swatches"], "edition.swatches", limits.MAX_SWATCHES),
        images=images,
        fonts=fonts,
        dictionary_words=words,
        hyphenation_exceptions=exceptions,
        copyfit=_read_value(CopyfitLimits, data["copyfit"], "edition.copyfit"),
        ignored_words=[
            _read_value(str, w, f"edition.ignored_words[{i}]")
            for i, w in enumerate(_expect_list(data["ignored_words"], "edition.ignored_words"))
        ],
        corrections=_read_corrections(data["corrections"]),
        masters=[
            _read_page(p, f"edition.masters[{i}]")
            for i, p in enumerate(_expect_list(data["masters"], "edition.masters", limits.MAX_MASTERS))
        ],
        jumps=_read_value(JumpSettings, data["jumps"], "edition.jumps"),
    )
    problems = find_problems(edition)
    if problems:
        more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
        raise SchemaError(f"edition: {problems[0]}{more}")
    return edition
