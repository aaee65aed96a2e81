"""Preflight: checks that nothing will go wrong at the press, grouped in profiles.

A profile is data (JSON): which rules run, with what severity (error, warning, info) and
parameters, and whether export refuses on errors. The shipped profiles (resources/preflight:
newsprint, magazine) can be copied into the user's folder and edited there; a copy with the
same name wins. Every finding names its rule, page and the frame or story range to locate.

Each rule is a small function registered with `@preflight_rule(id, title)`: it takes a
`RuleContext` (the edition, its layout, the profile's settings for the rule, and what several
rules share, computed once per run in a `PreflightContext`) and yields its findings.
`run_preflight` walks the registry (`REGISTRY`, in registration order) for the rules the profile
turns on. `export_verdict` decides, from the findings, whether an export goes ahead, asks or is
refused: the window and the command line both call it.
"""

from __future__ import annotations

import io
import json
import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any, Literal, NamedTuple, TypedDict

import platformdirs
from PIL import Image

from epaperdesk.atomic import write_atomic
from epaperdesk.geometry import Rect, mm
from epaperdesk.model.edition import Edition, ImageAsset
from epaperdesk.model.frames import BoxFrame, ImageFrame, TextFrame
from epaperdesk.model.page import Page
from epaperdesk.model.story import Story
from epaperdesk.model.styles import Swatch
from epaperdesk.proof.breaks import find_bad_breaks
from epaperdesk.proof.check import page_of
from epaperdesk.proof.spellcheck import SpellChecker
from epaperdesk.render.colour import image_for_output
from epaperdesk.resources import resource
from epaperdesk.typeset.displaylist import BoxItem, DrawItem, GlyphRun, ImageItem, PageDisplayList, RuleItem
from epaperdesk.typeset.layout import EditionLayout, effective_ppi

SEVERITIES = ("error", "warning", "info")
RULES: dict[str, str] = {}  # rule id → title, in registration order (filled by @preflight_rule below)

Settings = Mapping[str, Any]  # one rule's entry in a profile: severity, enabled, parameters


class ProfileError(Exception):
    """A preflight profile that cannot be read; the message names the file and the fault."""


@dataclass
class Profile:
    name: str
    description: str = ""
    on_error: str = "refuse"  # "refuse": export stops on errors; "warn": export asks
    rules: dict[str, dict[str, Any]] = field(default_factory=dict)
    path: Path | None = None

    def to_json(self) -> str:
        return json.dumps(
            {"name": self.name, "description": self.description, "on_error": self.on_error, "rules": self.rules},
            indent=2,
            ensure_ascii=False,
        )

    def settings(self, rule: str) -> Settings | None:
        """The settings of `rule` when the profile turns it on (listed and not disabled)."""
        settings = self.rules.get(rule)
        return settings if settings is not None and settings.get("enabled", True) else None


@dataclass(frozen=True)
class Finding:
    rule: str
    severity: str
    message: str
    page: int | None = None  # 1-based
    frame_id: str | None = None
    story_id: str | None = None
    start: int = 0
    end: int = 0

    def as_dict(self) -> dict[str, Any]:
        return {
            "rule": self.rule,
            "severity": self.severity,
            "message": self.message,
            "page": self.page,
            "frame": self.frame_id,
            "story": self.story_id,
            "start": self.start,
            "end": self.end,
        }


# -- profiles ------------------------------------------------------------------------------------


def user_profiles_folder() -> Path:
    return Path(platformdirs.user_config_dir("epaperdesk")) / "preflight"


def shipped_profiles_folder() -> Path:
    return resource("preflight")


def parse_profile(text: str, path: Path | None = None) -> Profile:
    label = path.name if path else "profile"
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise ProfileError(f"{label} is not valid JSON ({error.msg} at line {error.lineno})") from None
    if not isinstance(data, dict) or not isinstance(data.get("name"), str) or not isinstance(data.get("rules"), dict):
        raise ProfileError(f"{label}: a profile needs a name and a table of rules")
    for rule, settings in data["rules"].items():
        if rule not in RULES:
            raise ProfileError(f"{label}: unknown rule {rule!r} (known: {', '.join(RULES)})")
        if not isinstance(settings, dict) or settings.get("severity", "warning") not in SEVERITIES:
            raise ProfileError(f"{label}: rule {rule!r} needs a severity of {', '.join(SEVERITIES)}")
        for key in ("pattern",):
            if key in settings:
                try:
                    re.compile(settings[key])
                except re.error as error:
                    raise ProfileError(f"{label}: rule {rule!r} has a bad pattern: {error}") from None
    on_error = data.get("on_error", "refuse")
    if on_error not in ("refuse", "warn"):
        raise ProfileError(f"{label}: on_error must be refuse or warn")
    return Profile(data["name"], str(data.get("description", "")), on_error, data["rules"], path)


def list_profiles() -> dict[str, Path]:
    """Profile names (file stems) and their files: the user's copies win over shipped ones."""
    found: dict[str, Path] = {}
    for folder in (shipped_profiles_folder(), user_profiles_folder()):
        if folder.is_dir():
            for path in sorted(folder.glob("*.json")):
                found[path.stem] = path
    return found


def load_profile(name_or_path: str | Path) -> Profile:
    path = Path(name_or_path)
    if not path.suffix:
        available = list_profiles()
        if str(name_or_path) not in available:
            raise ProfileError(
                f"no preflight profile {str(name_or_path)!r} (there are: {', '.join(available) or 'none'})"
            )
        path = available[str(name_or_path)]
    try:
        return parse_profile(path.read_text(encoding="utf-8"), path)
    except OSError as error:
        raise ProfileError(f"{path.name} cannot be read: {error.strerror or error}") from None


def save_user_profile(profile: Profile, stem: str) -> Path:
    """Write a profile into the user's folder (replaced whole, never half-written) and return
    its file. Raises ProfileError naming the file and the reason when it cannot be written."""
    folder = user_profiles_folder()
    path = folder / f"{stem}.json"
    try:
        folder.mkdir(parents=True, exist_ok=True)
        write_atomic(path, profile.to_json().encode("utf-8"))
    except OSError as error:
        raise ProfileError(f"cannot write {path}: {error.strerror or error}") from None
    return path


# -- the registry ----------------------------------------------------------------------------------


class PageView(NamedTuple):
    number: int  # 1-based
    page: Page
    display: PageDisplayList | None  # None: a page the layout did not set


class LaidOutPage(NamedTuple):
    number: int
    page: Page
    display: PageDisplayList


class PreflightContext:
    """What the rules of one run look at: the edition and its layout, and what several rules
    share, computed once and only when a rule asks (the pages, image modes, the spell checker)."""

    def __init__(self, edition: Edition, layout: EditionLayout, checker: SpellChecker | None = None) -> None:
        self.edition = edition
        self.layout = layout
        self._checker = checker
        self._image_modes: dict[str, str | None] = {}

    @cached_property
    def pages(self) -> tuple[PageView, ...]:
        """Every page with its number and display list."""
        return tuple(
            PageView(i + 1, page, display)
            for i, (page, display) in enumerate(zip(self.edition.pages, self.layout.pages))
        )

    @cached_property
    def laid_out(self) -> tuple[LaidOutPage, ...]:
        """The pages the layout has set (rules that look at what prints)."""
        return tuple(LaidOutPage(v.number, v.page, v.display) for v in self.pages if v.display is not None)

    @property
    def checker(self) -> SpellChecker:
        if self._checker is None:
            self._checker = SpellChecker()
        return self._checker

    def image_mode(self, name: str) -> str | None:
        """The PIL mode of the edition's image `name`; None when it is missing or unreadable."""
        if name not in self._image_modes:
            asset = self.edition.images.get(name)
            self._image_modes[name] = _image_mode(asset) if asset is not None else None
        return self._image_modes[name]

    def page_of(self, story_id: str, position: int) -> int | None:
        return page_of(self.layout, story_id, position)


@dataclass(frozen=True)
class RuleContext:
    """One rule's view of a run: the shared context plus the rule and its profile settings."""

    shared: PreflightContext
    rule: PreflightRule
    settings: Settings

    @property
    def edition(self) -> Edition:
        return self.shared.edition

    @property
    def layout(self) -> EditionLayout:
        return self.shared.layout

    @property
    def severity(self) -> str:
        return str(self.settings.get("severity", self.rule.default_severity))

    def number(self, key: str, default: float) -> float:
        """A numeric parameter of the rule."""
        return float(self.settings.get(key, default))

    def finding(
        self,
        message: str,
        *,
        page: int | None = None,
        frame_id: str | None = None,
        story_id: str | None = None,
        start: int = 0,
        end: int = 0,
    ) -> Finding:
        return Finding(self.rule.id, self.severity, message, page, frame_id, story_id, start, end)

    def text_finding(self, message: str, story_id: str, start: int, end: int) -> Finding:
        """A finding about a range of a story, on the page where the range starts."""
        return self.finding(message, page=self.shared.page_of(story_id, start), story_id=story_id, start=start, end=end)


RuleCheck = Callable[[RuleContext], Iterable[Finding]]


@dataclass(frozen=True)
class PreflightRule:
    id: str
    title: str
    check: RuleCheck
    default_severity: str = "warning"  # when the profile's entry names none


REGISTRY: dict[str, PreflightRule] = {}


def preflight_rule(rule_id: str, title: str, *, default_severity: str = "warning") -> Callable[[RuleCheck], RuleCheck]:
    """Register the decorated function as the check of rule `rule_id`."""

    def register(check: RuleCheck) -> RuleCheck:
        if rule_id in REGISTRY:
            raise ValueError(f"preflight rule {rule_id!r} is registered twice")
        if default_severity not in SEVERITIES:
            raise ValueError(f"preflight rule {rule_id!r}: default severity {default_severity!r}")
        REGISTRY[rule_id] = PreflightRule(rule_id, title, check, default_severity)
        RULES[rule_id] = title
        return check

    return register


_SEVERITY_ORDER = {"error": 0, "warning": 1, "info": 2}


def run_preflight(
    edition: Edition, layout: EditionLayout, profile: Profile, checker: SpellChecker | None = None
) -> list[Finding]:
    """Every finding of the profile's rules on the laid-out edition, errors first."""
    shared = PreflightContext(edition, layout, checker)
    findings: list[Finding] = []
    for rule in REGISTRY.values():
        settings = profile.settings(rule.id)
        if settings is not None:
            findings.extend(rule.check(RuleContext(shared, rule, settings)))
    findings.sort(key=lambda f: (_SEVERITY_ORDER[f.severity], f.page or 10**6, f.rule))
    return findings


# -- helpers of the rules --------------------------------------------------------------------------


def _ink(swatch: Swatch | None, tint: float = 100.0) -> float:
    if swatch is None:
        return 0.0
    return (swatch.cyan + swatch.magenta + swatch.yellow + swatch.black) * tint / 100.0


def _inks_used(swatch: Swatch) -> int:
    return sum(1 for v in (swatch.cyan, swatch.magenta, swatch.yellow, swatch.black) if v > 0.5)


_image_ink_cache: dict[tuple[str, str, float | None], float] = {}


INK_CHECK_PIXELS = 400  # the picture is separated this small to read its ink (never at full size)


def image_total_ink(asset: ImageAsset, profile_path: Path | None = None, ink_limit: float | None = None) -> float:
    """The highest total ink (C+M+Y+K, %) of an image as it will print: converted to CMYK the
    way the export converts it (with the job's ink limit), looked at on a small copy (the
    averaging of the downsampling stands in for the dot gain of a few pixels)."""
    key = (asset.name, str(profile_path), ink_limit)
    found = _image_ink_cache.get(key)
    if found is not None:
        return found
    data, _ = image_for_output(asset, "cmyk", profile_path, ink_limit, longest=INK_CHECK_PIXELS)

    with Image.open(io.BytesIO(data)) as opened:
        opened.draft("CMYK", (200, 200))
        image = opened.convert("CMYK")
    image.thumbnail((160, 160))
    pixels = image.tobytes()  # C, M, Y, K bytes of every pixel
    total = max((sum(pixels[i : i + 4]) for i in range(0, len(pixels), 4)), default=0) / 255 * 100
    _image_ink_cache[key] = total
    return total


def _page_of_frame(edition: Edition, frame_id: str | None) -> int | None:
    if frame_id is None:
        return None
    try:
        page, _ = edition.find_frame(frame_id)
    except KeyError:
        return None
    return edition.pages.index(page) + 1 if page in edition.pages else None


def _image_mode(asset: ImageAsset) -> str | None:
    try:
        with Image.open(io.BytesIO(asset.data)) as image:
            return image.mode
    except Exception:
        return None


def _styled_paragraphs(edition: Edition, styles: set[str]) -> Iterator[tuple[Story, int, int, str]]:
    """(story, start, end, text) of every paragraph with text in one of `styles` (all when empty)."""
    for story in edition.stories.values():
        for start, end, style in story.paragraphs():
            if styles and style not in styles:
                continue
            text = story.text[start:end]
            if text.strip():
                yield story, start, end, text


# -- the rules, in the order profiles and the panel list them ---------------------------------------


@preflight_rule("image-resolution", "Effective image resolution")
def check_image_resolution(ctx: RuleContext) -> Iterator[Finding]:
    minimum = ctx.number("min_ppi", 170)
    for number, _, display in ctx.shared.laid_out:
        for item in display.items:
            if not isinstance(item, ImageItem):
                continue
            ppi = effective_ppi(item.pixel_width, item.placed)
            if ppi + 0.5 < minimum:
                yield ctx.finding(
                    f"image in {item.frame_id} is {ppi:.0f} ppi at its placed size (at least {minimum:.0f} needed)",
                    page=number,
                    frame_id=item.frame_id,
                )


def _item_ink(edition: Edition, item: DrawItem, limit: float) -> tuple[float, str] | None:
    """The total ink an item prints and how to name it; None for what the rule passes over."""
    if isinstance(item, GlyphRun):
        return _ink(item.color), f"type in {item.color.name}"
    if isinstance(item, BoxItem):
        return max(_ink(item.fill, item.tint), _ink(item.stroke)), "a box"
    if isinstance(item, RuleItem):
        return _ink(item.color, item.tint), "a rule"
    asset = edition.images.get(item.image)
    try:
        # an RGB image is separated at export within the profile's limit; a CMYK one as it is
        return (image_total_ink(asset, None, limit) if asset else 0.0), "an image"
    except Exception:
        return None  # an unreadable image is the missing-images rule's business


@preflight_rule("total-ink", "Total ink coverage")
def check_total_ink(ctx: RuleContext) -> Iterator[Finding]:
    limit = ctx.number("max_percent", 240)
    seen: set[tuple[int, str, str]] = set()
    for number, _, display in ctx.shared.laid_out:
        for item in display.items:
            measured = _item_ink(ctx.edition, item, limit)
            if measured is None:
                continue
            ink, what = measured
            key = (number, item.frame_id, what)
            if ink > limit + 0.5 and key not in seen:
                seen.add(key)
                yield ctx.finding(
                    f"{what} in {item.frame_id} prints {ink:.0f} % total ink (at most {limit:.0f} %)",
                    page=number,
                    frame_id=item.frame_id,
                )


def _on_a_dark_box(run: GlyphRun, boxes: list[BoxItem]) -> bool:
    return any(b.rect.x <= run.x <= b.rect.right and b.rect.y <= run.baseline <= b.rect.bottom for b in boxes)


@preflight_rule("type-size", "Smallest type")
def check_type_size(ctx: RuleContext) -> Iterator[Finding]:
    smallest = ctx.number("min_pt", 6)
    demanding = ctx.number("min_pt_reversed_or_multi_ink", 10)
    for number, _, display in ctx.shared.laid_out:
        boxes = [
            i for i in display.items if isinstance(i, BoxItem) and i.fill is not None and _ink(i.fill, i.tint) > 30
        ]
        reported: set[str] = set()
        for run in display.glyph_runs():
            reversed_ = run.color.name == "Paper" or _ink(run.color) < 1
            multi = _inks_used(run.color) > 1
            limit = demanding if (reversed_ or multi) else smallest
            if reversed_ and not _on_a_dark_box(run, boxes):
                continue  # white type on white paper is not printed at all
            if run.size + 1e-6 < limit and run.frame_id not in reported:
                reported.add(run.frame_id)
                why = "reversed" if reversed_ else f"in {_inks_used(run.color)} inks" if multi else ""
                yield ctx.finding(
                    f"{run.size:g} pt type {why} in {run.frame_id} (at least {limit:g} pt)".replace("  ", " "),
                    page=number,
                    frame_id=run.frame_id,
                    story_id=run.story_id or None,
                    start=run.start,
                    end=run.end,
                )


@preflight_rule("rule-weight", "Thinnest rule")
def check_rule_weight(ctx: RuleContext) -> Iterator[Finding]:
    thinnest = ctx.number("min_pt", 0.5)
    for number, _, display in ctx.shared.laid_out:
        for item in display.items:
            if isinstance(item, RuleItem) and item.weight + 1e-6 < thinnest:
                yield ctx.finding(
                    f"rule {item.frame_id} is {item.weight:g} pt (at least {thinnest:g} pt)",
                    page=number,
                    frame_id=item.frame_id,
                )


@preflight_rule("cmyk-only", "CMYK only (no spot colours)")
def check_cmyk_only(ctx: RuleContext) -> Iterator[Finding]:
    used: set[str] = set()
    for _, _, display in ctx.shared.laid_out:
        for item in display.items:
            if isinstance(item, GlyphRun | RuleItem):
                used.add(item.color.name)
            elif isinstance(item, BoxItem) and item.fill:
                used.add(item.fill.name)
    for name in sorted(used):
        swatch = ctx.edition.swatches.get(name)
        if swatch is not None and swatch.spot:
            yield ctx.finding(f"spot colour {name} is used; this job prints CMYK only")


@preflight_rule("overset", "Overset text")
def check_overset(ctx: RuleContext) -> Iterator[Finding]:
    for story_id, report in ctx.layout.stories.items():
        if report.overset_lines:
            frame = report.frames[-1] if report.frames else None
            yield ctx.finding(
                f"“{ctx.edition.stories[story_id].name or story_id}” is {report.overset_lines} lines overset",
                page=_page_of_frame(ctx.edition, frame),
                frame_id=frame,
                story_id=story_id,
            )


@preflight_rule("empty-frames", "Empty frames")
def check_empty_frames(ctx: RuleContext) -> Iterator[Finding]:
    for number, page, _ in ctx.shared.pages:
        for frame in page.frames:
            if isinstance(frame, ImageFrame) and frame.image is None:
                yield ctx.finding(f"photo frame {frame.id} is empty", page=number, frame_id=frame.id)
            elif (
                isinstance(frame, TextFrame)
                and frame.story_id is None
                and ctx.edition.previous_in_thread(frame.id) is None
            ):
                yield ctx.finding(f"text frame {frame.id} holds no story", page=number, frame_id=frame.id)


def _photos(ctx: RuleContext) -> Iterator[tuple[int, ImageFrame, str | None]]:
    """(page number, frame, image mode) of every photo frame with an image; the mode is None
    when the image is missing or cannot be read."""
    for number, page, _ in ctx.shared.pages:
        for frame in page.frames:
            if isinstance(frame, ImageFrame) and frame.image is not None:
                yield number, frame, ctx.shared.image_mode(frame.image)


@preflight_rule("missing-images", "Missing or unreadable images")
def check_missing_images(ctx: RuleContext) -> Iterator[Finding]:
    for number, frame, mode in _photos(ctx):
        if mode is None:
            yield ctx.finding(f"the image of {frame.id} is missing or cannot be read", page=number, frame_id=frame.id)


@preflight_rule("rgb-images", "RGB images in a CMYK job")
def check_rgb_images(ctx: RuleContext) -> Iterator[Finding]:
    for number, frame, mode in _photos(ctx):
        if mode not in (None, "CMYK", "L", "1"):
            yield ctx.finding(
                f"the image of {frame.id} is {mode}: converted to CMYK at export", page=number, frame_id=frame.id
            )


@preflight_rule("missing-fonts", "Missing fonts")
def check_missing_fonts(ctx: RuleContext) -> Iterator[Finding]:
    for wanted, used in sorted(ctx.layout.font_substitutions.items(), key=str):
        yield ctx.finding(f"font {wanted} is missing: set in {used} instead")


def _too_close_to_trim(run: GlyphRun, page: Page, margin: float) -> bool:
    """Whether a run prints inside the trim but within `margin` of its edge."""
    right = run.x + run.width
    top, bottom = run.baseline - run.size * 0.75, run.baseline + run.size * 0.2
    inside_trim = right > 0 and run.x < page.width and bottom > 0 and top < page.height
    unsafe = run.x < margin or right > page.width - margin or top < margin or bottom > page.height - margin
    return inside_trim and unsafe


@preflight_rule("safety-margin", "Text outside the safety margin")
def check_safety_margin(ctx: RuleContext) -> Iterator[Finding]:
    margin = mm(ctx.number("margin_mm", 5))
    for number, page, display in ctx.shared.laid_out:
        reported: set[str] = set()
        for run in display.glyph_runs():
            if run.frame_id not in reported and _too_close_to_trim(run, page, margin):
                reported.add(run.frame_id)
                yield ctx.finding(
                    f"type in {run.frame_id} comes within {ctx.settings.get('margin_mm', 5)} mm of the trim",
                    page=number,
                    frame_id=run.frame_id,
                )


def _side_short_of_bleed(page: Page, r: Rect, near: float) -> str | None:
    """The first side on which a frame ends at (or just short of) the trim edge without running
    into the bleed; None when it bleeds properly or keeps clear of the edges."""
    for side, distance, beyond in (
        ("left", r.left, -r.left),
        ("top", r.top, -r.top),
        ("right", page.width - r.right, r.right - page.width),
        ("bottom", page.height - r.bottom, r.bottom - page.height),
    ):
        if 0 <= distance < near or (0 <= beyond < page.bleed - 0.5 and distance <= 0):
            return side
    return None


@preflight_rule("bleed", "Objects that should bleed")
def check_bleed(ctx: RuleContext) -> Iterator[Finding]:
    near = ctx.number("near_pt", 6)
    for number, page, _ in ctx.shared.pages:
        for draw_id, frame, _master in ctx.edition.placed_frames(page):
            if not isinstance(frame, BoxFrame | ImageFrame):
                continue
            side = _side_short_of_bleed(page, frame.rect, near)
            if side is not None:
                yield ctx.finding(
                    f"{draw_id} ends at the {side} trim edge without running into the "
                    f"{page.bleed / 72 * 25.4:.0f} mm bleed",
                    page=number,
                    frame_id=frame.id,
                )


@preflight_rule("open-corrections", "Open corrections")
def check_open_corrections(ctx: RuleContext) -> Iterator[Finding]:
    for correction in ctx.edition.corrections.values():
        if correction.status in ("open", "accepted"):
            story = ctx.edition.stories.get(correction.story_id)
            start, end = story.anchors.get(correction.id, (0, 0)) if story else (0, 0)
            yield ctx.text_finding(
                f"{correction.status} correction {correction.id}: {correction.label}", correction.story_id, start, end
            )


@preflight_rule("unknown-words", "Unknown words")
def check_unknown_words(ctx: RuleContext) -> Iterator[Finding]:
    for miss in ctx.shared.checker.check_edition(ctx.edition):
        yield ctx.text_finding(f"unknown word “{miss.word}”", miss.story_id, miss.start, miss.end)


@preflight_rule("bad-breaks", "Bad breaks")
def check_bad_breaks(ctx: RuleContext) -> Iterator[Finding]:
    for bad in find_bad_breaks(ctx.edition, ctx.layout):
        if bad.severity == "warning":
            yield ctx.finding(
                bad.message,
                page=bad.page,
                frame_id=bad.frame_id,
                story_id=bad.story_id,
                start=bad.start,
                end=bad.end,
            )


_JUMP_WORDING = re.compile(r"\b(see|continued (?:from|on)) page (\d+)\b", re.IGNORECASE)


@preflight_rule("jump-lines", "Broken jump lines", default_severity="error")
def check_jump_lines(ctx: RuleContext) -> Iterator[Finding]:
    """Jump lines typed into stories by hand ("See page 4") that do not name the page the
    story really continues on (the typesetter's own jump lines are always right)."""
    real: dict[str, set[int]] = {}
    for display in ctx.layout.pages:
        for jump in display.jumps if display else ():
            real.setdefault(jump.story_id, set()).add(jump.page)
    anywhere = set().union(*real.values()) if real else set()
    for story in ctx.edition.stories.values():
        for match in _JUMP_WORDING.finditer(story.text):
            number = int(match.group(2))
            targets = real.get(story.id) or anywhere
            if number > len(ctx.edition.pages) or number not in targets:
                yield ctx.text_finding(
                    f"“{match.group(0)}” in {story.name or story.id}: no story jumps to or from page {number}",
                    story.id,
                    match.start(),
                    match.end(),
                )


def _house_form(ctx: RuleContext) -> Iterator[Finding]:
    """Paragraphs of the rule's styles whose text does not match its pattern whole."""
    pattern = re.compile(ctx.settings.get("pattern", "."))
    for story, start, end, text in _styled_paragraphs(ctx.edition, set(ctx.settings.get("styles", []))):
        if pattern.fullmatch(text.strip()) is None:
            yield ctx.text_finding(
                f"{ctx.settings.get('message', ctx.rule.title)}: “{text[:50]}”", story.id, start, end
            )


@preflight_rule("house-credit", "Photo credits in the house form")
def check_house_credit(ctx: RuleContext) -> Iterator[Finding]:
    return _house_form(ctx)


@preflight_rule("house-byline", "Bylines in the house form")
def check_house_byline(ctx: RuleContext) -> Iterator[Finding]:
    return _house_form(ctx)


@preflight_rule("qa-speaker-bold", "Q&A speaker names in bold")
def check_qa_speaker_bold(ctx: RuleContext) -> Iterator[Finding]:
    styles = set(ctx.settings.get("styles", []))
    bold = set(ctx.settings.get("bold_styles", ["bold"]))
    for story in ctx.edition.stories.values():
        for start, end, style in story.paragraphs():
            if style not in styles:
                continue
            colon = story.text.find(":", start, end)
            if colon < 0 or colon - start > 60:
                yield ctx.text_finding(
                    f"Q&A paragraph without a speaker name: “{story.text[start : start + 40]}”", story.id, start, end
                )
            elif not all(bold & story.styles_at(i) for i in range(start, colon)):
                yield ctx.text_finding(
                    f"{ctx.settings.get('message', ctx.rule.title)}: “{story.text[start:colon]}”",
                    story.id,
                    start,
                    colon,
                )


_PLACEHOLDER = re.compile(r"\{\{[a-z-]+\}\}")  # {{page}} and friends: typed by us, not the writer


@preflight_rule("typewriter-characters", "Straight quotes and double spaces")
def check_typewriter_characters(ctx: RuleContext) -> Iterator[Finding]:
    pattern = re.compile(ctx.settings.get("pattern", "."))
    for story, start, end, text in _styled_paragraphs(ctx.edition, set(ctx.settings.get("styles", []))):
        if pattern.search(_PLACEHOLDER.sub("x", text)) is not None:
            yield ctx.text_finding(
                f"{ctx.settings.get('message', ctx.rule.title)}: “{text[:50]}”", story.id, start, end
            )


# -- what the findings mean for an export ----------------------------------------------------------


class ExportOptions(TypedDict, total=False):
    """PdfOptions fields a profile sets (the export layer's `PdfOptions(**options)`)."""

    ink_limit: float


def export_options(profile: Profile) -> ExportOptions:
    """What a profile asks of the export: the total ink images are separated to."""
    settings = profile.settings("total-ink")
    if settings is not None:
        return {"ink_limit": float(settings.get("max_percent", 300))}
    return {}


def _counted(count: int, noun: str) -> str:
    return f"{count} {noun}{'' if count == 1 else 's'}"


def summary(findings: list[Finding]) -> str:
    counts = {s: sum(1 for f in findings if f.severity == s) for s in SEVERITIES}
    if not findings:
        return "Preflight: clean"
    return "Preflight: " + ", ".join(_counted(n, s) for s, n in counts.items() if n)


VerdictAction = Literal["go", "ask", "refuse"]
MESSAGE_LINES = 12  # findings listed in a verdict's message before "and N more"


@dataclass(frozen=True)
class ExportVerdict:
    """Whether an export goes ahead after preflight: "go" (nothing to say), "ask" (warnings,
    or errors under a profile that only warns: the user decides) or "refuse" (errors under a
    profile that refuses). Information findings never stop an export or ask."""

    action: VerdictAction
    errors: tuple[Finding, ...] = ()
    warnings: tuple[Finding, ...] = ()
    profile_name: str = ""

    def counts(self) -> str:
        """ "2 errors and 1 warning" (only what there is; "nothing" when clean)."""
        parts = [
            _counted(len(found), noun) for found, noun in ((self.errors, "error"), (self.warnings, "warning")) if found
        ]
        return " and ".join(parts) or "nothing"

    def headline(self) -> str:
        """One sentence saying what the verdict is and why."""
        profile = f"the {self.profile_name} profile" if self.profile_name else "the preflight profile"
        if self.action == "refuse":
            return f"Export refused by {profile}: {self.counts()}."
        if self.action == "ask":
            return f"Preflight with {profile} found {self.counts()}."
        return f"Preflight with {profile} found nothing that stops the export."

    def message(self, limit: int | None = MESSAGE_LINES) -> str:
        """The errors under an "Errors" heading and the warnings under a "Warnings" heading,
        one line each with its page where known; at most `limit` findings in all (None: every
        one), the rest counted as "… and N more". Empty when there is nothing to list."""
        shown_errors, shown_warnings = _share(len(self.errors), len(self.warnings), limit)
        lines: list[str] = []
        for heading, found, shown in (
            ("Errors", self.errors, shown_errors),
            ("Warnings", self.warnings, shown_warnings),
        ):
            if not found:
                continue
            if lines:
                lines.append("")
            lines.append(f"{heading} ({len(found)}):")
            lines.extend(f"• {f.message}" + (f" (page {f.page})" if f.page else "") for f in found[:shown])
            if len(found) > shown:
                lines.append(f"… and {len(found) - shown} more")
        return "\n".join(lines)


def _share(errors: int, warnings: int, limit: int | None) -> tuple[int, int]:
    """How many errors and warnings a message of `limit` lines lists: errors first, but a
    quarter of the lines stay for warnings when there are both."""
    if limit is None:
        return errors, warnings
    limit = max(limit, 0)
    shown_warnings = min(warnings, max(limit - errors, limit // 4))
    return min(errors, limit - shown_warnings), shown_warnings


def export_verdict(findings: Iterable[Finding], profile: Profile | None) -> ExportVerdict:
    """The verdict of preflight on an export: errors under a profile with on_error "refuse"
    refuse it; other errors, or any warnings, ask; otherwise (infos only, or no profile) it goes."""
    if profile is None:
        return ExportVerdict("go")
    found = list(findings)
    errors = tuple(f for f in found if f.severity == "error")
    warnings = tuple(f for f in found if f.severity == "warning")
    action: VerdictAction = "go"
    if errors and profile.on_error == "refuse":
        action = "refuse"
    elif errors or warnings:
        action = "ask"
    return ExportVerdict(action, errors, warnings, profile.name)
