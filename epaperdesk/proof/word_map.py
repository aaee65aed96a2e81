"""Comments in, step two: a page's word map, unpacked within the limits — the glyph runs of
the page as they were when the proof was made (position, size, font, story range, text) and
the text of each story around them — or, for a PDF without one, the current layout."""

from __future__ import annotations

import bisect
import json
import math
import re
import zlib
from functools import cached_property
from itertools import accumulate
from pathlib import Path, PureWindowsPath

from epaperdesk.model.edition import Edition
from epaperdesk.model.styles import BUILTIN_SWATCHES
from epaperdesk.proof import comment_limits as limits
from epaperdesk.proof.comment_reading import CommentError, Skip, Tally, WordMap, enforce
from epaperdesk.typeset.displaylist import GlyphRun, PageDisplayList
from epaperdesk.typeset.fonts import FALLBACK_FAMILY, FontError, edition_font_file, installed_faces
from epaperdesk.typeset.hittest import char_offsets

_JSON_STRING = re.compile(rb'"[^"\\]*(?:\\.[^"\\]*)*(?:"|\\?\Z)', re.DOTALL)  # never fails: linear
_ALL_BUT_BRACKETS = bytes(b for b in range(256) if b not in b"[]{}")
_BRACKET_STEP = tuple(1 if b in b"[{" else -1 for b in range(256))  # for the brackets only
_RUN_FIELDS = "[story, start, end, x, baseline, size, spacing, scale, font, text]"
_APPROXIMATE = " (the proof names fonts this copy of EpaperDesk does not have: positions are approximate)"


class _FontKeys:
    """The fonts a word map may name, by file name: the shipped faces and the edition's own.
    A name from a PDF is only looked up here, never opened; an unknown one is measured in
    the default face."""

    def __init__(self, edition: Edition) -> None:
        self.files = {face.path.name: face.path for face in installed_faces().values()}
        for asset in edition.fonts.values():
            try:
                self.files[asset.name] = edition_font_file(asset.name, asset.data)
            except OSError:
                continue
        fallback = installed_faces().get((FALLBACK_FAMILY, 400, False))
        self.default = fallback.path if fallback is not None else next(iter(self.files.values()), None)
        self._memo: dict[str, Path | None] = {}

    def find(self, key: str) -> Path | None:
        """The known font a key names; an old proof's full path counts by its base name."""
        if key not in self._memo:
            self._memo[key] = self.files.get(PureWindowsPath(key).name)  # splits at / and \
        return self._memo[key]


def _unpack(word_map: WordMap, unpacked: Tally) -> bytes:
    """The map's JSON text, unpacked no further than the limit."""
    inflater = zlib.decompressobj()
    try:
        text = inflater.decompress(word_map.packed, limits.WORD_MAP_BYTES.value + 1)
    except zlib.error as error:
        raise Skip(f"it cannot be unpacked ({error})") from None
    if len(text) > limits.WORD_MAP_BYTES.value:
        raise CommentError(
            f"{word_map.where}: the word map unpacks to more than the limit of {limits.WORD_MAP_BYTES.value:,} bytes "
            "(unpacking stopped there)"
        )
    if not inflater.eof:
        raise Skip("it is cut short")
    unpacked.add(len(text), word_map.where)
    return text


def _check_json_shape(text: bytes, where: str) -> None:
    """Count the lists and objects of JSON text (one per run) and its nesting before it is
    parsed: nothing is built for a map over a limit, and deep nesting never reaches the
    parser. Brackets inside strings are counted first (an upper bound, and quick); only a
    text that seems over a limit is counted again with its strings taken out."""
    opened, depth = _bracket_shape(text.translate(None, _ALL_BUT_BRACKETS))
    over = opened > limits.WORD_MAP_RUNS.value + 2 or depth > limits.JSON_DEPTH.value
    if over and b'"' in text:
        opened, depth = _bracket_shape(_JSON_STRING.sub(b"", text).translate(None, _ALL_BUT_BRACKETS))
    enforce(limits.JSON_DEPTH, depth, f"{where}, word map")
    enforce(limits.WORD_MAP_RUNS, max(opened - 2, 0), f"{where}, word map")  # less the map and its list


def _bracket_shape(brackets: bytes) -> tuple[int, int]:
    """Lists and objects opened, and the deepest nesting, of a text's brackets."""
    opened = brackets.count(b"[") + brackets.count(b"{")
    return opened, max(accumulate(map(_BRACKET_STEP.__getitem__, brackets)), default=0)


def _map_contents(text: bytes, where: str) -> tuple[float, list, dict[str, tuple[int, str]]]:
    """The page height, the list of runs and the story texts of a map's JSON text."""
    _check_json_shape(text, where)
    try:
        data = json.loads(text)
    except ValueError as error:
        raise Skip(f"it is not JSON ({error})") from None
    if not isinstance(data, dict) or not isinstance(data.get("runs"), list):
        raise Skip("it has no list of runs")
    height = _json_number(data.get("height"))
    if height is None or height <= 0:
        raise Skip("its page height is not a positive number")
    enforce(limits.WORD_MAP_RUNS, len(data["runs"]), f"{where}, word map")
    return height, data["runs"], _story_texts(data.get("texts"))


def _story_texts(value: object) -> dict[str, tuple[int, str]]:
    """The map's story texts, {story: (offset, text)}; entries that are not that are left
    out (the runs alone then give the text, approximately), as are all from older proofs."""
    if not isinstance(value, dict):
        return {}
    texts = {}
    for story_id, entry in value.items():
        if isinstance(entry, list) and len(entry) == 2 and _json_index(entry[0]) and isinstance(entry[1], str):
            texts[story_id] = (entry[0], entry[1])
    return texts


def _json_number(value: object) -> float | None:
    """A JSON number as a float when it is finite and could be a place on a page."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    try:
        number = float(value)
    except OverflowError:  # an integer of hundreds of digits
        return None
    return number if math.isfinite(number) and abs(number) <= limits.MAX_COORDINATE else None


def _json_index(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and 0 <= value <= 2**31


def _glyph_run(item: object, fonts: _FontKeys) -> tuple[GlyphRun, bool]:
    """One run of a map and whether its font is one we know; Skip when it is malformed."""
    if not isinstance(item, list) or len(item) != 10:
        raise Skip(f"a run is not {_RUN_FIELDS}")
    story_id, start, end, x, baseline, size, spacing, scale, key, text = item
    numbers = [_json_number(v) for v in (x, baseline, size, spacing, scale)]
    if (
        not (isinstance(story_id, str) and len(story_id) <= limits.SHORT_TEXT_CHARS.value)
        or not (isinstance(key, str) and len(key) <= limits.SHORT_TEXT_CHARS.value and isinstance(text, str))
        or not (_json_index(start) and _json_index(end) and start <= end)
        or None in numbers
        or not (0 < float(size) <= limits.MAX_TYPE_SIZE and 0 < float(scale) <= 100)
    ):
        raise Skip(f"a run is not {_RUN_FIELDS} with values that fit a page")
    font = fonts.find(key)
    path = font or fonts.default
    if path is None:
        raise Skip("no font is installed to measure it with")
    x, baseline, size, spacing, scale = (float(v) for v in (x, baseline, size, spacing, scale))
    run = GlyphRun(x, baseline, text, path, size, spacing, scale, BUILTIN_SWATCHES[0], story_id, start, end, "")
    return run, font is not None


def _page_from_map(word_map: WordMap, fonts: _FontKeys, unpacked: Tally, runs_read: Tally) -> PageRuns:
    """The runs of a word map, each count checked before the work it costs."""
    if word_map.problem:
        raise Skip(word_map.problem)
    height, items, texts = _map_contents(_unpack(word_map, unpacked), word_map.where)
    runs_read.add(len(items), word_map.where)
    read = [_glyph_run(item, fonts) for item in items]
    approximate = not all(known for _, known in read)
    return PageRuns(height, [run for run, _ in read], True, _APPROXIMATE if approximate else "", texts)


def _line_of(run: GlyphRun) -> float:
    """Where a mark over the run's line has its middle (page space, y down)."""
    return run.baseline - run.size * 0.3


class PageRuns:
    """A page's glyph runs ordered by the height of their lines, so that a mark is compared
    with the runs of its own lines only; widths are measured when first needed."""

    def __init__(
        self,
        height: float,
        runs: list[GlyphRun],
        from_map: bool,
        note: str = "",
        texts: dict[str, tuple[int, str]] | None = None,
    ) -> None:
        self.height = height
        self.runs = sorted((r for r in runs if r.story_id), key=_line_of)  # not jump lines: no story's text
        self.lines = [_line_of(r) for r in self.runs]
        self.tallest = max((r.size for r in self.runs), default=0.0)
        self.widths: list[float | None] = [r.width if r.width else None for r in self.runs]
        self.from_map = from_map  # positions as they were when the proof was made
        self.note = note  # why placing on this page may go wrong, for the not-placed list
        self.texts = texts or {}  # story id → (offset, text): each story's text as it was

    def between(self, low: float, high: float) -> range:
        """The runs whose line lies within [low, high]."""
        return range(bisect.bisect_left(self.lines, low), bisect.bisect_right(self.lines, high))

    def width(self, i: int, budget: Tally, where: str) -> float:
        found = self.widths[i]
        if found is None:
            found = self.widths[i] = _measure(self.runs[i], budget, where)
        return found

    def story_text(self, story_id: str, start: int, end: int, reach: int, budget: Tally, where: str) -> tuple[int, str]:
        """(offset, text): the story's text as it was when the proof was made, from `reach`
        characters before [start, end) to as many after — as the map keeps it, or for a map
        without it (an older proof) put together from the runs, gaps as spaces."""
        kept = self.texts.get(story_id)
        if kept is not None and kept[0] <= start and end <= kept[0] + len(kept[1]):
            offset, text = kept
            low, high = max(offset, start - reach), min(offset + len(text), end + reach)
            return low, text[low - offset : high - offset]
        low, high = max(0, start - reach), end + reach
        runs = self.story_runs.get(story_id, [])
        budget.add(len(runs) + high - low, where)
        return low, _text_from_runs(runs, low, high)

    @cached_property
    def story_runs(self) -> dict[str, list[GlyphRun]]:
        """Each story's runs that hold its characters as they are (a line-end hyphen is no
        story character), for an older proof's map."""
        found: dict[str, list[GlyphRun]] = {}
        for run in self.runs:
            if run.end - run.start == len(run.text):
                found.setdefault(run.story_id, []).append(run)
        return found


def _text_from_runs(runs: list[GlyphRun], low: int, high: int) -> str:
    """The characters of [low, high) the runs hold; the rest spaces."""
    chars = [" "] * (high - low)
    for run in runs:
        first, last = max(run.start, low), min(run.end, high)
        if first < last:
            chars[first - low : last - low] = run.text[first - run.start : last - run.start]
    return "".join(chars)


def _measure(run: GlyphRun, budget: Tally, where: str) -> float:
    offsets = counted_offsets(run, budget, where)
    return offsets[-1] - offsets[0] if offsets else 0.0


def counted_offsets(run: GlyphRun, budget: Tally, where: str) -> list[float]:
    """char_offsets, counted against the budget; none when the font cannot be read."""
    budget.add(len(run.text), where)
    try:
        return char_offsets(run)
    except FontError:
        return []


class PageSource:
    """Where the words of each page were: the proof's word map when it has a usable one,
    else the current layout. Maps are unpacked one page at a time (comments come page by
    page), within the limits of the file."""

    def __init__(self, edition: Edition, maps: dict[int, WordMap], current: list[PageDisplayList | None]) -> None:
        self.edition = edition
        self.maps = maps
        self.current = current
        self.unpacked = Tally(limits.WORD_MAP_BYTES_PER_FILE)
        self.runs_read = Tally(limits.WORD_MAP_RUNS_PER_FILE)
        self.kept: tuple[int, PageRuns] | None = None

    @cached_property
    def fonts(self) -> _FontKeys:
        return _FontKeys(self.edition)

    def page(self, index: int) -> PageRuns:
        if self.kept is None or self.kept[0] != index:
            self.kept = (index, self._read(index))
        return self.kept[1]

    def _read(self, index: int) -> PageRuns:
        note = ""
        word_map = self.maps.get(index)
        if word_map is not None:
            try:
                return _page_from_map(word_map, self.fonts, self.unpacked, self.runs_read)
            except Skip as reason:
                note = f" (the proof's word map for this page was not used: {reason})"
        display = self.current[index] if 0 <= index < len(self.current) else None
        if display is None:
            return PageRuns(0.0, [], False, note)
        return PageRuns(display.height, display.glyph_runs(), False, note)
