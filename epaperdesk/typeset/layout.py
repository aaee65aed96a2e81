"""The typesetter: lays out a whole edition into one display list per page, reusing every
story, paragraph and line break that an edit did not touch."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import overload

from epaperdesk.geometry import Rect
from epaperdesk.model.edition import Edition
from epaperdesk.model.frames import BoxFrame, Frame, ImageFrame, RuleFrame, TextFrame
from epaperdesk.model.overrides import character_style, paragraph_style
from epaperdesk.model.page import Page
from epaperdesk.model.story import Story
from epaperdesk.model.styles import BUILTIN_SWATCHES, CharacterStyle, ParagraphStyle, Swatch
from epaperdesk.typeset.compose import ComposedParagraph, Composer, place_line
from epaperdesk.typeset.displaylist import (
    BoxItem,
    DrawItem,
    FrameOutline,
    GlyphRun,
    ImageItem,
    JumpLine,
    LineRecord,
    OversetMarker,
    PageDisplayList,
    RuleItem,
    rule_dash,
)
from epaperdesk.typeset.flow import BreakCache, Column, Metrics, PlacedLine, StoryFlow, flow_story
from epaperdesk.typeset.fonts import FontFace, FontRegistry, edition_font_file
from epaperdesk.typeset.linebreak import Line, break_greedy
from epaperdesk.typeset.variables import page_values, uses_variables

_BLACK = BUILTIN_SWATCHES[0]
FALLBACK_STYLE = ParagraphStyle("body")


@dataclass
class StoryReport:
    """Copyfit of one story: lines over (overset) or under (empty space) its frames."""

    story_id: str
    frames: list[str]
    overset_lines: int
    overset_words: int
    lines_under: int
    wrapped_by: tuple[str, ...] = ()  # frames whose text wrap takes room from the story's frames

    @property
    def copyfit(self) -> int:
        """Positive: lines over; negative: lines under; zero: it fits exactly."""
        return self.overset_lines if self.overset_lines else -self.lines_under

    def describe(self) -> str:
        """The copyfit in words: "3 lines over", "1 line under", "fits"."""
        lines = abs(self.copyfit)
        if lines == 0:
            return "fits"
        said = f"{lines} line{'s' if lines > 1 else ''} {'over' if self.copyfit > 0 else 'under'}"
        if self.copyfit > 0 and self.wrapped_by:
            said += f" (text wraps around {', '.join(self.wrapped_by)})"
        return said


@dataclass
class EditionLayout:
    pages: list[PageDisplayList | None]  # None: a page not asked for
    stories: dict[str, StoryReport]
    flows: dict[str, StoryFlow] = field(repr=False, default_factory=dict)
    font_substitutions: dict[tuple[str, int, bool], FontFace] = field(default_factory=dict)
    missing_styles: set[str] = field(default_factory=set)
    masters: list[PageDisplayList] = field(default_factory=list)  # the master pages, page numbers as "#"


@dataclass
class _FrameText:
    runs: list[GlyphRun]
    records: list[LineRecord]


_Variables = tuple[tuple[str, str], ...]  # (name, value) of the page variables a story shows
_JumpStep = tuple[str, str, int, int]  # frame leaving, frame entered, page left, page entered
_FlowKey = tuple[object, ...]  # everything a story's flow depends on (compared, never unpacked)
# a glyph run of a line template: x from the line start, text, font file, size, letter
# spacing, horizontal scale, colour name, story range relative to the paragraph, width
# x, text, font, size, letter spacing, glyph scale, colour, start, end, width, rise
_TemplateRun = tuple[float, str, Path, float, float, float, str, int, int, float, float]


@dataclass
class _LayoutRun:
    """What one call of `Typesetter.layout` gathers on its way to the display lists."""

    edition: Edition
    composer: Composer
    pages: set[str] | None  # page ids asked for (None: all)
    result: EditionLayout = field(default_factory=lambda: EditionLayout([], {}))
    frame_text: dict[str, _FrameText] = field(default_factory=dict)  # draw id → its text
    overset: dict[str, OversetMarker] = field(default_factory=dict)  # frame id → its marker
    jumps: dict[str, list[JumpLine]] = field(default_factory=dict)  # page id → its jump lines
    live: set[str] = field(default_factory=set)  # flow cache ids still in use


def _story_of(edition: Edition, frame: Frame) -> Story | None:
    """The story a text frame names, when the edition has it."""
    if isinstance(frame, TextFrame) and frame.story_id is not None:
        return edition.stories.get(frame.story_id)
    return None


class Typesetter:
    """Keeps the caches between layouts of the same edition."""

    def __init__(self, fonts: FontRegistry | None = None, draft: bool = False) -> None:
        self.fonts = fonts or FontRegistry()
        self.draft = draft
        self._composer: Composer | None = None
        self._exceptions: dict[str, str | None] | None = None
        self._font_names: tuple[str, ...] = ()
        self._breaks = BreakCache()
        self._lines = LineCache()
        self._flows: dict[str, tuple[_FlowKey, StoryFlow, dict[str, _FrameText]]] = {}

    def _composer_for(self, edition: Edition) -> Composer:
        fonts = tuple(sorted(edition.fonts))
        if self._composer is None or self._exceptions != edition.hyphenation_exceptions or fonts != self._font_names:
            if not set(self._font_names) <= set(fonts):  # a font was taken out: start afresh
                self.fonts = FontRegistry()
                self._font_names = ()
            for name in fonts:
                if name not in self._font_names:
                    asset = edition.fonts[name]
                    self.fonts.add_file(edition_font_file(asset.name, asset.data))
            self._font_names = fonts
            self._exceptions = dict(edition.hyphenation_exceptions)
            self._composer = Composer(self.fonts, self._exceptions)
            self._breaks = BreakCache()
            self._flows.clear()
        return self._composer

    # -- threads and columns ------------------------------------------------------------------

    def _columns(
        self, edition: Edition, head: TextFrame, jumps: dict[str, tuple[float, float]] | None = None
    ) -> list[Column]:
        """The columns of a thread; `jumps` (frame id → (room at the head, room at the foot))
        takes room from a frame's first column's head and last column's foot for jump lines."""
        columns: list[Column] = []
        for frame in edition.thread(head.id):
            page, _ = edition.find_frame(frame.id)
            columns.extend(
                _frame_columns(page, frame, frame.id, (jumps or {}).get(frame.id, (0.0, 0.0)), _exclusions(page, frame))
            )
        return columns

    def _jump_plan(self, edition: Edition, head: TextFrame) -> list[_JumpStep]:
        """(frame leaving, frame entered, page left, page entered) for every place where a
        thread goes on to another page (1-based page numbers)."""
        page_number = {page.id: i + 1 for i, page in enumerate(edition.pages)}
        plan: list[_JumpStep] = []
        for frame in edition.thread(head.id):
            if frame.next_frame_id is None:
                continue
            here = page_number.get(edition.find_frame(frame.id)[0].id)
            there = page_number.get(edition.find_frame(frame.next_frame_id)[0].id)
            if here is not None and there is not None and here != there:
                plan.append((frame.id, frame.next_frame_id, here, there))
        return plan

    def _jump_room(self, edition: Edition, plan: list[_JumpStep]) -> dict[str, tuple[float, float]]:
        settings = edition.jumps
        see = edition.paragraph_styles.get(settings.see_style, FALLBACK_STYLE)
        continued = edition.paragraph_styles.get(settings.continued_style, FALLBACK_STYLE)
        room: dict[str, list[float]] = {}
        for leaving, entered, _, _ in plan:
            room.setdefault(leaving, [0.0, 0.0])[1] = see.leading + see.size * 0.4
            room.setdefault(entered, [0.0, 0.0])[0] = continued.leading + continued.size * 0.4
        return {k: (v[0], v[1]) for k, v in room.items()}

    def _set_jump_line(
        self, edition: Edition, composer: Composer, kind: str, page: int, column: Column, story: Story, frame_id: str
    ) -> tuple[list[GlyphRun], JumpLine]:
        settings = edition.jumps
        style = edition.paragraph_styles.get(
            settings.see_style if kind == "see" else settings.continued_style, FALLBACK_STYLE
        )
        text = settings.wording(kind, page)
        paragraph = composer.compose(text, (), style, story.language, column.width)
        lines = break_greedy(paragraph.items, lambda _: column.width, paragraph.limits)
        template = _LineTemplate(paragraph, lines[0], column.width, True) if lines else None
        if kind == "see":
            baseline = column.bottom + style.leading + style.size * 0.4 - style.size * 0.45
        else:
            baseline = column.top - style.leading - style.size * 0.4 + style.size * 0.95
        runs = []
        if template is not None:
            swatch = _swatch(edition, style.color) or _BLACK
            for x, chars, font, size, spacing, scale, color, _a, _b, width, _rise in template.runs:
                runs.append(
                    GlyphRun(
                        column.x + x,
                        baseline,
                        chars,
                        font,
                        size,
                        spacing,
                        scale,
                        _swatch(edition, color) or swatch,
                        "",
                        0,
                        0,
                        frame_id,
                        width,
                    )
                )
        rect = Rect(column.x, baseline - style.size, column.width, style.size * 1.3)
        return runs, JumpLine(story.id, frame_id, kind, page, text, rect)

    # -- layout -----------------------------------------------------------------------------------

    def layout(self, edition: Edition, pages: set[str] | None = None) -> EditionLayout:
        """Lay out every story and draw every page; with `pages` (page ids), only the stories
        that reach those pages and only those pages' display lists (the others are None).
        Master pages are drawn too (in `masters`), their page numbers shown as "#"."""
        run = _LayoutRun(edition, self._composer_for(edition), pages)
        self._set_threads(run)
        self._set_master_items(run)
        run.result.masters = self._draw_masters(run)
        if pages is None:
            for story_id in list(self._flows):
                if story_id not in run.live:
                    del self._flows[story_id]
        for page in edition.pages:
            drawn = pages is None or page.id in pages
            run.result.pages.append(
                self._draw_page(edition, page, run.frame_text, run.overset, run.jumps) if drawn else None
            )
        run.result.font_substitutions = dict(self.fonts.substitutions)
        return run.result

    def _set_threads(self, run: _LayoutRun) -> None:
        """Set the story of every thread (of the threads reaching the pages asked for)."""
        edition = run.edition
        wanted = None
        if run.pages is not None:
            wanted = {f.id for page in edition.pages if page.id in run.pages for f in page.frames}
        page_index = {page.id: i for i, page in enumerate(edition.pages)}
        for page, frame in edition.frames():
            if not isinstance(frame, TextFrame) or frame.story_id is None:
                continue
            if wanted is not None and not any(f.id in wanted for f in edition.thread(frame.id)):
                continue
            story = edition.stories.get(frame.story_id)
            if story is None:
                continue
            variables = page_values(edition, page_index[page.id]) if uses_variables(story.text) else ()
            self._set_thread(run, frame, story, variables)

    def _set_thread(self, run: _LayoutRun, head: TextFrame, story: Story, variables: _Variables) -> None:
        """Flow a story through its thread, with jump lines where it goes on to another page,
        and report its copyfit (and overset)."""
        edition, composer, result = run.edition, run.composer, run.result
        plan = self._jump_plan(edition, head)
        columns = self._columns(edition, head, self._jump_room(edition, plan))
        flow, texts = self._flow(edition, story, columns, composer, result.missing_styles, variables)
        reached = {columns[p.slot.column].frame_id for p in flow.lines}
        real = [step for step in plan if step[1] in reached]
        if len(real) != len(plan):  # the story ends before a jump: no jump line there
            plan = real
            columns = self._columns(edition, head, self._jump_room(edition, plan))
            flow, texts = self._flow(edition, story, columns, composer, result.missing_styles, variables)
        run.live.add(story.id)
        result.flows[story.id] = flow
        texts = dict(texts)
        self._add_jump_lines(run, plan, columns, story, texts)
        run.frame_text.update(texts)
        thread = [c.frame_id for c in columns]
        frames = list(dict.fromkeys(thread))
        wrapped_by = tuple(dict.fromkeys(w for frame_id in frames for w in _wrapping(edition, frame_id)))
        result.stories[story.id] = StoryReport(
            story.id, frames, flow.overset_lines, flow.overset_words, flow.lines_under, wrapped_by
        )
        if flow.overset_start is not None and frames:
            last = edition.frame_by_id(frames[-1])
            run.overset[last.id] = OversetMarker(
                last.id, last.rect.right - 8, last.rect.bottom - 8, story.id, flow.overset_lines, flow.overset_words
            )

    def _add_jump_lines(
        self, run: _LayoutRun, plan: list[_JumpStep], columns: list[Column], story: Story, texts: dict[str, _FrameText]
    ) -> None:
        """ "See page N" at the foot of the frame a story leaves, "Continued from page N" at
        the head of the frame it enters (added to `texts` and to the pages' jump lines)."""
        for leaving, entered, here, there in plan:
            for kind, frame_id, target, column in (
                ("see", leaving, there, [c for c in columns if c.frame_id == leaving][-1]),
                ("continued", entered, here, [c for c in columns if c.frame_id == entered][0]),
            ):
                runs, record = self._set_jump_line(run.edition, run.composer, kind, target, column, story, frame_id)
                text = texts.get(frame_id)
                texts[frame_id] = _FrameText((text.runs if text else []) + runs, text.records if text else [])
                run.jumps.setdefault(column.page_id, []).append(record)

    def _set_master_items(self, run: _LayoutRun) -> None:
        """Master items: each page sets its master's stories with its own page number."""
        edition = run.edition
        for index, page in enumerate(edition.pages):
            if page.master is None or (run.pages is not None and page.id not in run.pages):
                continue
            for draw_id, frame, is_master in edition.placed_frames(page):
                story = _story_of(edition, frame) if is_master else None
                if isinstance(frame, TextFrame) and story is not None:
                    self._set_master_text(run, page, frame, story, draw_id, page_values(edition, index))

    def _draw_masters(self, run: _LayoutRun) -> list[PageDisplayList]:
        """The master pages themselves, their page numbers shown as "#" (a partial layout
        leaves the masters as they were: none are drawn)."""
        edition = run.edition
        masters: list[PageDisplayList] = []
        for master in edition.masters if run.pages is None else ():
            for frame in master.frames:
                story = _story_of(edition, frame)
                if isinstance(frame, TextFrame) and story is not None:
                    self._set_master_text(run, master, frame, story, frame.id, page_values(edition, None))
            masters.append(self._draw_page(edition, master, run.frame_text, run.overset, {}))
        return masters

    def _set_master_text(
        self, run: _LayoutRun, page: Page, frame: TextFrame, story: Story, draw_id: str, variables: _Variables
    ) -> None:
        """A master page's text frame as it stands on one page (or on the master itself)."""
        result = run.result
        columns = _frame_columns(page, frame, draw_id, (0.0, 0.0), ())
        cache_id = f"{story.id}@{page.id}"
        flow, texts = self._flow(
            run.edition,
            story,
            columns,
            run.composer,
            result.missing_styles,
            variables if uses_variables(story.text) else (),
            cache_id,
        )
        run.live.add(cache_id)
        run.frame_text.update(texts)
        if story.id not in result.stories:
            result.stories[story.id] = StoryReport(
                story.id, [frame.id], flow.overset_lines, flow.overset_words, flow.lines_under
            )

    def _flow(
        self,
        edition: Edition,
        story: Story,
        columns: list[Column],
        composer: Composer,
        missing: set[str],
        variables: _Variables = (),
        cache_id: str | None = None,
    ) -> tuple[StoryFlow, dict[str, _FrameText]]:
        cache_id = cache_id or story.id
        used = sorted(set(story.paragraph_styles))
        key: _FlowKey = (
            story.text,
            tuple(story.paragraph_styles),
            tuple((k, tuple(v)) for k, v in sorted(story.spans.items())),
            story.language,
            story.fit,
            tuple(columns),
            tuple((p.margins.top, p.baseline_grid) for p in edition.pages),
            tuple(paragraph_style(edition.paragraph_styles, n) for n in used),
            tuple(character_style(edition.character_styles, n) for n in sorted(story.spans)),
            tuple(sorted(edition.swatches.items())),
            self.draft,
            variables,
        )
        cached = self._flows.get(cache_id)
        if cached is not None and cached[0] == key:
            return cached[1], cached[2]
        narrowest = min((c.width for c in columns), default=100.0)
        paragraphs: list[ComposedParagraph] = []
        starts: list[int] = []
        styles: list[ParagraphStyle] = []
        for start, end, name in story.paragraphs():
            style = paragraph_style(edition.paragraph_styles, name)
            if style is None:
                missing.add(name)
                style = edition.paragraph_styles.get("body", FALLBACK_STYLE)
            style = story.fit.apply(style)
            spans: list[tuple[int, int, CharacterStyle]] = []
            for char_name, intervals in story.spans.items():
                char_style = character_style(edition.character_styles, char_name)
                if char_style is None:
                    continue
                for s, e in intervals:
                    if s < end and e > start:
                        spans.append((max(s, start) - start, min(e, end) - start, char_style))
            spans.sort(key=lambda t: (t[0], t[1], t[2].name))
            paragraphs.append(
                composer.compose(story.text[start:end], tuple(spans), style, story.language, narrowest, variables)
            )
            starts.append(start)
            styles.append(style)
        grid = None
        if columns:
            page = edition.page_by_id(columns[0].page_id)
            if page.baseline_grid > 0:
                grid = (page.margins.top, page.baseline_grid)
        flow = flow_story(story, paragraphs, starts, styles, columns, composer, grid, self._breaks, self.draft)
        _align_vertically(edition, flow, columns, composer, styles)
        texts = _set_text(edition, story, flow, columns, self._lines)
        self._flows[cache_id] = (key, flow, texts)
        return flow, texts

    def _draw_page(
        self,
        edition: Edition,
        page: Page,
        frame_text: dict[str, _FrameText],
        overset: dict[str, OversetMarker],
        jumps: dict[str, list[JumpLine]],
    ) -> PageDisplayList:
        items: list[DrawItem] = []
        lines: list[LineRecord] = []
        outlines: list[FrameOutline] = []
        markers: list[OversetMarker] = []
        for draw_id, frame, is_master in edition.placed_frames(page):
            if isinstance(frame, BoxFrame):
                items.append(
                    BoxItem(
                        frame.rect,
                        _swatch(edition, frame.fill),
                        frame.tint,
                        _swatch(edition, frame.stroke),
                        frame.stroke_weight,
                        draw_id,
                    )
                )
            elif isinstance(frame, RuleFrame):
                r = frame.rect
                colour = _swatch(edition, frame.color) or _BLACK
                dash, round_cap = rule_dash(frame.dash, frame.weight)
                if r.width >= r.height:
                    y = r.y + r.height / 2
                    ends = (r.left, y, r.right, y)
                else:
                    x = r.x + r.width / 2
                    ends = (x, r.top, x, r.bottom)
                items.append(RuleItem(*ends, frame.weight, colour, frame.tint, draw_id, dash, round_cap))
            elif isinstance(frame, ImageFrame):
                asset = edition.images.get(frame.image) if frame.image else None
                if asset is not None:
                    items.append(
                        ImageItem(
                            asset.name,
                            place_image(frame, asset.width, asset.height, asset.ppi),
                            frame.rect,
                            asset.width,
                            asset.height,
                            draw_id,
                        )
                    )
            elif isinstance(frame, TextFrame):
                text = frame_text.get(draw_id)
                if text is not None:
                    items.extend(text.runs)
                    lines.extend(text.records)
            columns: tuple[tuple[float, float], ...] = ()
            if isinstance(frame, TextFrame):
                inner = frame.rect.inset(frame.insets.left, frame.insets.top, frame.insets.right, frame.insets.bottom)
                width = (inner.width - frame.gutter * (frame.columns - 1)) / frame.columns
                columns = tuple(
                    (inner.x + i * (width + frame.gutter), inner.x + i * (width + frame.gutter) + width)
                    for i in range(frame.columns)
                )
            outlines.append(
                FrameOutline(draw_id, frame.rect, "master-" + frame.kind if is_master else frame.kind, columns)
            )
            if draw_id in overset:
                markers.append(overset[draw_id])
        return PageDisplayList(
            page.id,
            page.width,
            page.height,
            page.bleed,
            tuple(items),
            tuple(lines),
            tuple(outlines),
            tuple(markers),
            tuple(jumps.get(page.id, ())),
        )


def _frame_columns(
    page: Page, frame: TextFrame, draw_id: str, room: tuple[float, float], exclusions: tuple[Rect, ...]
) -> list[Column]:
    """A text frame's columns (tagged `draw_id`), less `room` (head, foot) for jump lines."""
    inner = frame.rect.inset(frame.insets.left, frame.insets.top, frame.insets.right, frame.insets.bottom)
    count = frame.columns
    width = max(1.0, (inner.width - frame.gutter * (count - 1)) / count)
    head, foot = room
    columns = []
    for index in range(count):
        x = inner.x + index * (width + frame.gutter)
        top = inner.top + (head if index == 0 else 0.0)
        bottom = inner.bottom - (foot if index == count - 1 else 0.0)
        columns.append(Column(page.id, draw_id, index, index == 0, x, width, top, max(top + 1.0, bottom), exclusions))
    return columns


@overload
def _swatch(edition: Edition, name: str) -> Swatch: ...
@overload
def _swatch(edition: Edition, name: str | None) -> Swatch | None: ...
def _swatch(edition: Edition, name: str | None) -> Swatch | None:
    if name is None:
        return None
    return edition.swatches.get(name, _BLACK)


def _wrapping(edition: Edition, frame_id: str) -> list[str]:
    """The frames stacked above a text frame whose text wrap reaches into it."""
    page, frame = edition.find_frame(frame_id)
    index = page.frames.index(frame) if frame in page.frames else len(page.frames)
    return [other.id for other in page.frames[index + 1 :] if other.wrap and other.rect.intersects(frame.rect)]


def _exclusions(page: Page, frame: TextFrame) -> tuple[Rect, ...]:
    """Areas taken out of a text frame's lines by wrapping frames stacked above it."""
    index = page.frames.index(frame)
    result = []
    for other in page.frames[index + 1 :]:
        if other.wrap and other.rect.intersects(frame.rect):
            o = other.wrap_offset
            r = other.rect
            result.append(Rect(r.x - o, r.y - o, r.width + 2 * o, r.height + 2 * o))
    return tuple(result)


def place_image(frame: ImageFrame, pixel_width: int, pixel_height: int, ppi: float = 72.0) -> Rect:
    """Where the whole image goes for the frame's fit mode (then clipped to the frame)."""
    r = frame.rect
    if frame.fit == "stretch" or pixel_width <= 0 or pixel_height <= 0:
        return r
    if frame.fit in ("none", "actual", "center"):
        natural = 1.0 if frame.fit == "none" else 72.0 / (ppi if ppi > 0 else 72.0)
        width, height = pixel_width * natural * frame.scale, pixel_height * natural * frame.scale
        if frame.fit == "center":
            return Rect(
                r.x + (r.width - width) / 2 + frame.crop_x, r.y + (r.height - height) / 2 + frame.crop_y, width, height
            )
        return Rect(r.x + frame.crop_x, r.y + frame.crop_y, width, height)
    fill = frame.fit == "fill"
    factor = (max if fill else min)(r.width / pixel_width, r.height / pixel_height) * frame.scale
    width, height = pixel_width * factor, pixel_height * factor
    return Rect(r.x + (r.width - width) / 2 + frame.crop_x, r.y + (r.height - height) / 2 + frame.crop_y, width, height)


def effective_ppi(pixel_width: int, placed: Rect) -> float:
    """The image's resolution at its placed size: pixels per inch on the page."""
    return pixel_width / (placed.width / 72.0) if placed.width > 0 else 0.0


def _align_vertically(
    edition: Edition, flow: StoryFlow, columns: list[Column], composer: Composer, styles: list[ParagraphStyle]
) -> None:
    """Move lines down for frames aligned centre, bottom or justified."""
    if not flow.lines:
        return
    modes: dict[str, str] = {}
    for column in columns:
        frame = edition.frame_by_id(column.frame_id.split("~", 1)[-1])  # "PAGE~FRAME": a master item on a page
        if isinstance(frame, TextFrame) and frame.vertical_align != "top":
            modes[column.frame_id] = frame.vertical_align
    if not modes:
        return
    by_column: dict[int, list[PlacedLine]] = {}
    for placed in flow.lines:
        by_column.setdefault(placed.slot.column, []).append(placed)
    for number, placed_lines in by_column.items():
        column = columns[number]
        mode = modes.get(column.frame_id)
        if mode is None:
            continue
        last = placed_lines[-1]
        metrics = Metrics(composer, styles[last.paragraph])
        free = column.bottom - (last.slot.baseline + metrics.descent)
        if free <= 0:
            continue
        for i, placed in enumerate(placed_lines):
            if mode == "center":
                shift = free / 2
            elif mode == "bottom":
                shift = free
            else:  # justify: spread the space between the lines
                shift = free * i / (len(placed_lines) - 1) if len(placed_lines) > 1 else 0.0
            slot = placed.slot
            placed.slot = type(slot)(slot.column, slot.x, slot.width, slot.baseline + shift)


class _LineTemplate:
    """A set line independent of where it stands: the runs with x from the line start and
    story positions relative to the paragraph. Reused while paragraph and breaks are."""

    __slots__ = ("paragraph", "line", "runs", "ink", "space_ratio")

    def __init__(self, paragraph: ComposedParagraph, line: Line, measure: float, last: bool) -> None:
        self.paragraph, self.line = paragraph, line
        pieces, self.ink, self.space_ratio = place_line(paragraph, line, measure, last)
        alignment = paragraph.style.alignment
        shift = (
            (measure - self.ink) if alignment == "right" else (measure - self.ink) / 2 if alignment == "center" else 0.0
        )
        runs: list[_TemplateRun] = []
        end_x: float | None = None
        for pp in pieces:
            piece = pp.piece
            x = shift + pp.x
            advance = piece.glyph_width * pp.scale + pp.letter_spacing * len(piece.text)
            if runs and end_x is not None:
                run_x, text, font, size, spacing, scale, color, start, end, _width, rise = runs[-1]
                # the pieces of a hyphenated word (or any touching pieces set alike) make one run
                if (
                    abs(end_x - x) < 1e-9
                    and end == piece.start
                    and font == piece.font.path
                    and size == piece.size
                    and spacing == pp.letter_spacing
                    and scale == pp.scale
                    and color == piece.color
                    and rise == piece.rise
                    and piece.end > piece.start
                ):
                    end_x = x + advance
                    runs[-1] = (
                        run_x,
                        text + piece.text,
                        font,
                        size,
                        spacing,
                        scale,
                        color,
                        start,
                        piece.end,
                        end_x - run_x,
                        rise,
                    )
                    continue
            runs.append(
                (
                    x,
                    piece.text,
                    piece.font.path,
                    piece.size,
                    pp.letter_spacing,
                    pp.scale,
                    piece.color,
                    piece.start,
                    piece.end,
                    advance,
                    piece.rise,
                )
            )
            end_x = x + advance
        self.runs = runs


class LineCache:
    """Line templates by (paragraph, line break, measure): an edit re-places only new lines."""

    def __init__(self) -> None:
        self._templates: dict[tuple[int, int, float, bool], _LineTemplate] = {}
        self._placed: dict[tuple[int, float, float, int, str, str], tuple[_LineTemplate, list[GlyphRun]]] = {}

    def placed(
        self, template: _LineTemplate, x: float, baseline: float, offset: int, frame_id: str, story_id: str
    ) -> list[GlyphRun] | None:
        """The runs of a line set at the same place as last time: the very same objects, so
        the canvas can tell at a glance that the line did not change."""
        found = self._placed.get((id(template), x, baseline, offset, frame_id, story_id))
        if found is not None and found[0] is template:
            return found[1]
        return None

    def remember(
        self,
        template: _LineTemplate,
        x: float,
        baseline: float,
        offset: int,
        frame_id: str,
        story_id: str,
        runs: list[GlyphRun],
    ) -> None:
        if len(self._placed) > 20000:
            self._placed.clear()
        self._placed[(id(template), x, baseline, offset, frame_id, story_id)] = (template, runs)

    def get(self, paragraph: ComposedParagraph, line: Line, measure: float, last: bool) -> _LineTemplate:
        key = (id(paragraph), id(line), measure, last)
        found = self._templates.get(key)
        if found is None or found.paragraph is not paragraph or found.line is not line:
            if len(self._templates) > 20000:
                self._templates.clear()
            found = self._templates[key] = _LineTemplate(paragraph, line, measure, last)
        return found


def _set_text(
    edition: Edition, story: Story, flow: StoryFlow, columns: list[Column], templates: LineCache
) -> dict[str, _FrameText]:
    """Glyph runs and line records of a flowed story, per frame."""
    texts: dict[str, _FrameText] = {}
    placed_lines = flow.lines
    swatches: dict[str, Swatch] = {}
    story_id = story.id
    for n, placed in enumerate(placed_lines):
        paragraph = flow.paragraphs[placed.paragraph]
        offset = flow.paragraph_starts[placed.paragraph]
        slot = placed.slot
        column = columns[slot.column]
        frame_id = column.frame_id
        template = templates.get(paragraph, placed.line, slot.width, placed.last_of_paragraph)
        text = texts.get(frame_id)
        if text is None:
            text = texts[frame_id] = _FrameText([], [])
        x0, baseline = slot.x, slot.baseline
        placed_runs = templates.placed(template, x0, baseline, offset, frame_id, story_id)
        if placed_runs is None:
            placed_runs = []
            for x, chars, font, size, spacing, scale, color, a, b, width, rise in template.runs:
                swatch = swatches.get(color)
                if swatch is None:
                    swatch = swatches[color] = _swatch(edition, color) or _BLACK
                placed_runs.append(
                    GlyphRun(
                        x0 + x,
                        baseline - rise,
                        chars,
                        font,
                        size,
                        spacing,
                        scale,
                        swatch,
                        story_id,
                        offset + a,
                        offset + b,
                        frame_id,
                        width,
                    )
                )
            templates.remember(template, x0, baseline, offset, frame_id, story_id, placed_runs)
        text.runs.extend(placed_runs)
        line = placed.line
        start = offset + paragraph.sources[line.start] if line.start < len(paragraph.sources) else offset
        following = placed_lines[n + 1] if n + 1 < len(placed_lines) else None
        if placed.last_of_paragraph:
            end = paragraph.end + offset
        elif following is not None:
            next_paragraph = flow.paragraphs[following.paragraph]
            end = flow.paragraph_starts[following.paragraph] + next_paragraph.sources[following.line.start]
        else:
            end = flow.overset_start if flow.overset_start is not None else offset + paragraph.end
        last_of_column = following is None or following.slot.column != slot.column
        adjustment = line.adjustment
        alignment = paragraph.style.alignment
        text.records.append(
            LineRecord(
                story_id,
                start,
                end,
                frame_id,
                column.index,
                x0,
                baseline,
                slot.width,
                template.ink,
                "left" if alignment == "justify" and placed.last_of_paragraph else alignment,
                template.space_ratio,
                adjustment.letter_spacing,
                adjustment.scale,
                line.hyphenated,
                placed.last_of_paragraph,
                last_of_column,
                adjustment.overfull,
            )
        )
    return texts
