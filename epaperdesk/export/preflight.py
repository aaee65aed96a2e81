"""Preflight: checks that nothing will go wrong at the press, grouped in profiles.

A profile is data (JSON): which rules run, with what severity (error, warning, info) and
parameters, and whether export refuses on errors. The shipped profiles (resources/preflight:
newsprint, magazine) can be copied into the user's folder and edited there; a copy with the
same name wins. Every finding names its rule, page and the frame or story range to locate.
"""

from __future__ import annotations

import io
import json
import re
from dataclasses import dataclass, field
from pathlib import Path

import platformdirs
from PIL import Image

from epaperdesk.geometry import mm
from epaperdesk.model.edition import Edition
from epaperdesk.model.frames import BoxFrame, ImageFrame, TextFrame
from epaperdesk.model.styles import Swatch
from epaperdesk.proof.breaks import find_bad_breaks
from epaperdesk.proof.check import page_of
from epaperdesk.proof.spellcheck import SpellChecker
from epaperdesk.render.colour import image_for_output
from epaperdesk.resources import resource
from epaperdesk.typeset.displaylist import BoxItem, GlyphRun, ImageItem, RuleItem
from epaperdesk.typeset.layout import EditionLayout, effective_ppi

SEVERITIES = ("error", "warning", "info")
RULES = {
    "image-resolution": "Effective image resolution",
    "total-ink": "Total ink coverage",
    "type-size": "Smallest type",
    "rule-weight": "Thinnest rule",
    "cmyk-only": "CMYK only (no spot colours)",
    "overset": "Overset text",
    "empty-frames": "Empty frames",
    "missing-images": "Missing or unreadable images",
    "rgb-images": "RGB images in a CMYK job",
    "missing-fonts": "Missing fonts",
    "safety-margin": "Text outside the safety margin",
    "bleed": "Objects that should bleed",
    "open-corrections": "Open corrections",
    "unknown-words": "Unknown words",
    "bad-breaks": "Bad breaks",
    "jump-lines": "Broken jump lines",
    "house-credit": "Photo credits in the house form",
    "house-byline": "Bylines in the house form",
    "qa-speaker-bold": "Q&A speaker names in bold",
    "typewriter-characters": "Straight quotes and double spaces",
}


class ProfileError(Exception):
    """A preflight profile that cannot be read; the message names the file and the fault."""


@dataclass
class Profile:
    name: str
    description: str = ""
    on_error: str = "refuse"  # "refuse": export stops on errors; "warn": export asks
    rules: dict[str, dict] = field(default_factory=dict)
    path: Path | None = None

    def to_json(self) -> str:
        return json.dumps(
            {"name": self.name, "description": self.description, "on_error": self.on_error, "rules": self.rules},
            indent=2,
            ensure_ascii=False,
        )


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

    def as_dict(self) -> dict:
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
    """Write a profile into the user's folder (atomically) and return its file."""
    folder = user_profiles_folder()
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{stem}.json"
    partial = path.with_suffix(".part")
    partial.write_text(profile.to_json(), encoding="utf-8")
    partial.replace(path)
    return path


# -- the checks ------------------------------------------------------------------------------------


def _ink(swatch: Swatch | None, tint: float = 100.0) -> float:
    if swatch is None:
        return 0.0
    return (swatch.cyan + swatch.magenta + swatch.yellow + swatch.black) * tint / 100.0


def _inks_used(swatch: Swatch) -> int:
    return sum(1 for v in (swatch.cyan, swatch.magenta, swatch.yellow, swatch.black) if v > 0.5)


_image_ink_cache: dict[tuple[str, str], float] = {}


def image_total_ink(asset, profile_path: Path | None = None, ink_limit: float | None = None) -> float:
    """The highest total ink (C+M+Y+K, %) of an image as it will print: converted to CMYK the
    way the export converts it (with the job's ink limit), looked at on a small copy (the
    averaging of the downsampling stands in for the dot gain of a few pixels)."""
    key = (asset.name, str(profile_path), ink_limit)
    found = _image_ink_cache.get(key)
    if found is not None:
        return found
    data, _ = image_for_output(asset, "cmyk", profile_path, ink_limit)

    with Image.open(io.BytesIO(data)) as image:
        image.draft("CMYK", (200, 200))
        image = image.convert("CMYK")
        image.thumbnail((160, 160))
        pixels = image.get_flattened_data() if hasattr(image, "get_flattened_data") else image.getdata()
        total = max((sum(pixel) for pixel in pixels), default=0) / 255 * 100
    _image_ink_cache[key] = total
    return total


def run_preflight(
    edition: Edition, layout: EditionLayout, profile: Profile, checker: SpellChecker | None = None
) -> list[Finding]:
    """Every finding of the profile's rules on the laid-out edition, errors first."""
    findings: list[Finding] = []
    rules = profile.rules

    def on(rule: str) -> dict | None:
        settings = rules.get(rule)
        return settings if settings is not None and settings.get("enabled", True) else None

    def add(rule: str, message: str, **where) -> None:
        findings.append(Finding(rule, rules[rule].get("severity", "warning"), message, **where))

    pages = [(i + 1, page, display) for i, (page, display) in enumerate(zip(edition.pages, layout.pages))]

    if (settings := on("image-resolution")) is not None:
        minimum = float(settings.get("min_ppi", 170))
        for number, _, display in pages:
            for item in (i for i in display.items if isinstance(i, ImageItem)):
                ppi = effective_ppi(item.pixel_width, item.placed)
                if ppi + 0.5 < minimum:
                    add(
                        "image-resolution",
                        f"image in {item.frame_id} is {ppi:.0f} ppi at its placed size (at least {minimum:.0f} needed)",
                        page=number,
                        frame_id=item.frame_id,
                    )

    if (settings := on("total-ink")) is not None:
        limit = float(settings.get("max_percent", 240))
        seen: set[tuple] = set()
        for number, _, display in pages:
            for item in display.items:
                if isinstance(item, GlyphRun):
                    ink, what = _ink(item.color), f"type in {item.color.name}"
                elif isinstance(item, BoxItem):
                    ink, what = max(_ink(item.fill, item.tint), _ink(item.stroke)), "a box"
                elif isinstance(item, RuleItem):
                    ink, what = _ink(item.color, item.tint), "a rule"
                elif isinstance(item, ImageItem):
                    asset = edition.images.get(item.image)
                    try:
                        # an RGB image is separated at export within the profile's limit; a CMYK one as it is
                        ink, what = (image_total_ink(asset, None, limit) if asset else 0.0), "an image"
                    except Exception:
                        continue  # an unreadable image is the missing-images rule's business
                else:
                    continue
                key = (number, item.frame_id, what)
                if ink > limit + 0.5 and key not in seen:
                    seen.add(key)
                    add(
                        "total-ink",
                        f"{what} in {item.frame_id} prints {ink:.0f} % total ink (at most {limit:.0f} %)",
                        page=number,
                        frame_id=item.frame_id,
                    )

    if (settings := on("type-size")) is not None:
        smallest = float(settings.get("min_pt", 6))
        demanding = float(settings.get("min_pt_reversed_or_multi_ink", 10))
        for number, _page, display in pages:
            boxes = [
                i for i in display.items if isinstance(i, BoxItem) and i.fill is not None and _ink(i.fill, i.tint) > 30
            ]
            reported: set[str] = set()
            for run in display.glyph_runs():
                reversed_ = run.color.name == "Paper" or _ink(run.color) < 1
                multi = _inks_used(run.color) > 1
                limit = demanding if (reversed_ or multi) else smallest
                if reversed_ and not any(
                    b.rect.x <= run.x <= b.rect.right and b.rect.y <= run.baseline <= b.rect.bottom for b in boxes
                ):
                    continue  # white type on white paper is not printed at all
                if run.size + 1e-6 < limit and run.frame_id not in reported:
                    reported.add(run.frame_id)
                    why = "reversed" if reversed_ else f"in {_inks_used(run.color)} inks" if multi else ""
                    add(
                        "type-size",
                        f"{run.size:g} pt type {why} in {run.frame_id} (at least {limit:g} pt)".replace("  ", " "),
                        page=number,
                        frame_id=run.frame_id,
                        story_id=run.story_id or None,
                        start=run.start,
                        end=run.end,
                    )

    if (settings := on("rule-weight")) is not None:
        thinnest = float(settings.get("min_pt", 0.5))
        for number, _, display in pages:
            for item in display.items:
                if isinstance(item, RuleItem) and item.weight + 1e-6 < thinnest:
                    add(
                        "rule-weight",
                        f"rule {item.frame_id} is {item.weight:g} pt (at least {thinnest:g} pt)",
                        page=number,
                        frame_id=item.frame_id,
                    )

    if on("cmyk-only") is not None:
        used = {r.color.name for _, _, d in pages for r in d.glyph_runs()}
        used |= {i.fill.name for _, _, d in pages for i in d.items if isinstance(i, BoxItem) and i.fill}
        used |= {i.color.name for _, _, d in pages for i in d.items if isinstance(i, RuleItem)}
        for name in sorted(used):
            swatch = edition.swatches.get(name)
            if swatch is not None and swatch.spot:
                add("cmyk-only", f"spot colour {name} is used; this job prints CMYK only")

    if on("overset") is not None:
        for story_id, report in layout.stories.items():
            if report.overset_lines:
                frame = report.frames[-1] if report.frames else None
                add(
                    "overset",
                    f"“{edition.stories[story_id].name or story_id}” is {report.overset_lines} lines overset",
                    page=_page_of_frame(edition, frame),
                    frame_id=frame,
                    story_id=story_id,
                )

    if on("empty-frames") is not None:
        for number, page, _ in pages:
            for frame in page.frames:
                if isinstance(frame, ImageFrame) and frame.image is None:
                    add("empty-frames", f"photo frame {frame.id} is empty", page=number, frame_id=frame.id)
                elif (
                    isinstance(frame, TextFrame)
                    and frame.story_id is None
                    and edition.previous_in_thread(frame.id) is None
                ):
                    add("empty-frames", f"text frame {frame.id} holds no story", page=number, frame_id=frame.id)

    if on("missing-images") is not None or on("rgb-images") is not None:
        for number, page, _ in pages:
            for frame in page.frames:
                if not isinstance(frame, ImageFrame) or frame.image is None:
                    continue
                asset = edition.images.get(frame.image)
                mode = _image_mode(asset) if asset is not None else None
                if mode is None and on("missing-images") is not None:
                    add(
                        "missing-images",
                        f"the image of {frame.id} is missing or cannot be read",
                        page=number,
                        frame_id=frame.id,
                    )
                elif mode not in (None, "CMYK", "L", "1") and on("rgb-images") is not None:
                    add(
                        "rgb-images",
                        f"the image of {frame.id} is {mode}: converted to CMYK at export",
                        page=number,
                        frame_id=frame.id,
                    )

    if on("missing-fonts") is not None:
        for wanted, used in sorted(layout.font_substitutions.items(), key=str):
            add("missing-fonts", f"font {wanted} is missing: set in {used} instead")

    if (settings := on("safety-margin")) is not None:
        margin = mm(float(settings.get("margin_mm", 5)))
        for number, page, display in pages:
            reported = set()
            for run in display.glyph_runs():
                right = run.x + run.width
                top, bottom = run.baseline - run.size * 0.75, run.baseline + run.size * 0.2
                inside_trim = right > 0 and run.x < page.width and bottom > 0 and top < page.height
                unsafe = run.x < margin or right > page.width - margin or top < margin or bottom > page.height - margin
                if inside_trim and unsafe and run.frame_id not in reported:
                    reported.add(run.frame_id)
                    add(
                        "safety-margin",
                        f"type in {run.frame_id} comes within {settings.get('margin_mm', 5)} mm of the trim",
                        page=number,
                        frame_id=run.frame_id,
                    )

    if (settings := on("bleed")) is not None:
        near = float(settings.get("near_pt", 6))
        for number, page, _ in pages:
            for draw_id, frame, _master in edition.placed_frames(page):
                if not isinstance(frame, (BoxFrame, ImageFrame)):
                    continue
                r = frame.rect
                for side, distance, beyond in (
                    ("left", r.left, -r.left),
                    ("top", r.top, -r.top),
                    ("right", page.width - r.right, r.right - page.width),
                    ("bottom", page.height - r.bottom, r.bottom - page.height),
                ):
                    if 0 <= distance < near or (0 <= beyond < page.bleed - 0.5 and distance <= 0):
                        add(
                            "bleed",
                            f"{draw_id} ends at the {side} trim edge without running into the "
                            f"{page.bleed / 72 * 25.4:.0f} mm bleed",
                            page=number,
                            frame_id=frame.id,
                        )
                        break

    if on("open-corrections") is not None:
        for correction in edition.corrections.values():
            if correction.status in ("open", "accepted"):
                story = edition.stories.get(correction.story_id)
                start, end = story.anchors.get(correction.id, (0, 0)) if story else (0, 0)
                add(
                    "open-corrections",
                    f"{correction.status} correction {correction.id}: {correction.label}",
                    page=page_of(layout, correction.story_id, start),
                    story_id=correction.story_id,
                    start=start,
                    end=end,
                )

    if on("unknown-words") is not None:
        checker = checker or SpellChecker()
        for miss in checker.check_edition(edition):
            add(
                "unknown-words",
                f"unknown word “{miss.word}”",
                page=page_of(layout, miss.story_id, miss.start),
                story_id=miss.story_id,
                start=miss.start,
                end=miss.end,
            )

    if on("bad-breaks") is not None:
        for bad in find_bad_breaks(edition, layout):
            if bad.severity == "warning":
                add(
                    "bad-breaks",
                    bad.message,
                    page=bad.page,
                    frame_id=bad.frame_id,
                    story_id=bad.story_id,
                    start=bad.start,
                    end=bad.end,
                )

    if on("jump-lines") is not None:
        findings.extend(_broken_jumps(edition, layout, rules["jump-lines"].get("severity", "error")))

    for rule in ("house-credit", "house-byline", "typewriter-characters"):
        if (settings := on(rule)) is not None:
            pattern = re.compile(settings.get("pattern", "."))
            styles = set(settings.get("styles", []))
            for story in edition.stories.values():
                for start, end, style in story.paragraphs():
                    if styles and style not in styles:
                        continue
                    text = story.text[start:end]
                    if not text.strip():
                        continue
                    if rule == "typewriter-characters":
                        match = pattern.search(re.sub(r"\{\{[a-z-]+\}\}", "x", text))
                        bad = match is not None
                    else:
                        bad = pattern.fullmatch(text.strip()) is None
                    if bad:
                        add(
                            rule,
                            f"{settings.get('message', RULES[rule])}: “{text[:50]}”",
                            page=page_of(layout, story.id, start),
                            story_id=story.id,
                            start=start,
                            end=end,
                        )

    if (settings := on("qa-speaker-bold")) is not None:
        styles = set(settings.get("styles", []))
        bold = set(settings.get("bold_styles", ["bold"]))
        for story in edition.stories.values():
            for start, end, style in story.paragraphs():
                if style not in styles:
                    continue
                colon = story.text.find(":", start, end)
                if colon < 0 or colon - start > 60:
                    add(
                        "qa-speaker-bold",
                        f"Q&A paragraph without a speaker name: “{story.text[start : start + 40]}”",
                        page=page_of(layout, story.id, start),
                        story_id=story.id,
                        start=start,
                        end=end,
                    )
                    continue
                if not all(bold & story.styles_at(i) for i in range(start, colon)):
                    add(
                        "qa-speaker-bold",
                        f"{settings.get('message', RULES['qa-speaker-bold'])}: “{story.text[start:colon]}”",
                        page=page_of(layout, story.id, start),
                        story_id=story.id,
                        start=start,
                        end=colon,
                    )

    order = {"error": 0, "warning": 1, "info": 2}
    findings.sort(key=lambda f: (order[f.severity], f.page or 10**6, f.rule))
    return findings


def _page_of_frame(edition: Edition, frame_id: str | None) -> int | None:
    if frame_id is None:
        return None
    try:
        page, _ = edition.find_frame(frame_id)
    except KeyError:
        return None
    return edition.pages.index(page) + 1 if page in edition.pages else None


def _image_mode(asset) -> str | None:
    try:
        with Image.open(io.BytesIO(asset.data)) as image:
            return image.mode
    except Exception:
        return None


_JUMP_WORDING = re.compile(r"\b(see|continued (?:from|on)) page (\d+)\b", re.IGNORECASE)


def _broken_jumps(edition: Edition, layout: EditionLayout, severity: str) -> list[Finding]:
    """Jump lines typed into stories by hand ("See page 4") that do not name the page the
    story really continues on (the typesetter's own jump lines are always right)."""
    findings = []
    real: dict[str, set[int]] = {}
    for display in layout.pages:
        for jump in display.jumps if display else ():
            real.setdefault(jump.story_id, set()).add(jump.page)
    for story in edition.stories.values():
        for match in _JUMP_WORDING.finditer(story.text):
            number = int(match.group(2))
            targets = real.get(story.id) or (set().union(*real.values()) if real else set())
            if number > len(edition.pages) or number not in targets:
                findings.append(
                    Finding(
                        "jump-lines",
                        severity,
                        f"“{match.group(0)}” in {story.name or story.id}: no story jumps to or from page {number}",
                        page=page_of(layout, story.id, match.start()),
                        story_id=story.id,
                        start=match.start(),
                        end=match.end(),
                    )
                )
    return findings


def export_options(profile: Profile) -> dict:
    """What a profile asks of the export: the total ink images are separated to."""
    settings = profile.rules.get("total-ink")
    if settings and settings.get("enabled", True):
        return {"ink_limit": float(settings.get("max_percent", 300))}
    return {}


def summary(findings: list[Finding]) -> str:
    counts = {s: sum(1 for f in findings if f.severity == s) for s in SEVERITIES}
    if not findings:
        return "Preflight: clean"
    return "Preflight: " + ", ".join(f"{n} {s}{'s' if n != 1 else ''}" for s, n in counts.items() if n)
