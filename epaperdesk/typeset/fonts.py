"""Fonts: resolve (family, weight, italic) to a TrueType file, and read its metrics.

Font files come from the installed font packages or from files the user adds, never from the
system's font lookup. Advance widths, ascent, descent, cap height and x-height are read from
the file with fontTools and cached: they are the numbers the PDF and the canvas use too, since
both draw the display list the typesetter computes from them. No kerning and no shaping: a
glyph's position is the sum of the advances before it, which both renderers reproduce exactly.
"""

from __future__ import annotations

import importlib
import io
from dataclasses import dataclass, field
from functools import cache, lru_cache
from pathlib import Path

import platformdirs
from fontTools.ttLib import TTFont, TTLibError

from epaperdesk.atomic import write_atomic

# Python packages that carry OFL fonts, and the file-name prefix of their faces.
FONT_PACKAGES = {
    "Source Serif Pro": ("font_source_serif_pro", "SourceSerifPro"),
    "Source Sans Pro": ("font_source_sans_pro", "SourceSansPro"),
}
# What a missing family is set in (same weight and slope where the fallback has them).
FALLBACK_FAMILY = "Source Serif Pro"

# File-name style suffix → (weight, italic)
_STYLES = {
    "ExtraLight": (200, False),
    "ExtraLightIt": (200, True),
    "Light": (300, False),
    "LightIt": (300, True),
    "Regular": (400, False),
    "It": (400, True),
    "Semibold": (600, False),
    "SemiboldIt": (600, True),
    "Bold": (700, False),
    "BoldIt": (700, True),
    "Black": (900, False),
    "BlackIt": (900, True),
}


@dataclass(frozen=True)
class FontFace:
    family: str
    weight: int
    italic: bool
    path: Path


class FontNotFound(Exception):
    """No font file for the requested face."""


class FontError(Exception):
    """A font file that cannot be used; the message names it and says why."""


@cache
def installed_faces() -> dict[tuple[str, int, bool], FontFace]:
    """Every face the font packages provide, keyed by (family, weight, italic)."""
    faces: dict[tuple[str, int, bool], FontFace] = {}
    for family, (module_name, prefix) in FONT_PACKAGES.items():
        try:
            module = importlib.import_module(module_name)
        except ImportError:
            continue
        if module.__file__ is None:  # a namespace package: no folder of its own to look in
            continue
        folder = Path(module.__file__).parent / "files"
        for suffix, (weight, italic) in _STYLES.items():
            path = folder / f"{prefix}-{suffix}.ttf"
            if path.is_file():
                faces[(family, weight, italic)] = FontFace(family, weight, italic, path)
    return faces


def find_face(family: str, weight: int = 400, italic: bool = False) -> FontFace:
    """The installed face for (family, weight, italic); FontNotFound when there is none."""
    face = installed_faces().get((family, weight, italic))
    if face is None:
        raise FontNotFound(f"no font file for {family} {weight}{' italic' if italic else ''}")
    return face


@dataclass(frozen=True)
class FontMetrics:
    """What the typesetter needs of one font file, in font units (and helpers in points)."""

    path: Path
    units_per_em: int
    ascent: int  # typographic ascender, positive
    descent: int  # typographic descender, positive (below the baseline)
    cap_height: int
    x_height: int
    advances: dict[int, int] = field(repr=False)  # code point → advance width
    missing_advance: int = 0  # .notdef, drawn for characters the font lacks
    _memo: dict[str, int] = field(default_factory=dict, repr=False, compare=False, hash=False)

    def char_width(self, char: str, size: float) -> float:
        return self.advances.get(ord(char), self.missing_advance) * size / self.units_per_em

    def text_units(self, text: str) -> int:
        """Sum of the advances of `text`, in font units (memoised per string: words repeat)."""
        found = self._memo.get(text)
        if found is None:
            advances, missing = self.advances, self.missing_advance
            found = sum(advances.get(ord(c), missing) for c in text)
            if len(self._memo) < 200_000:
                self._memo[text] = found
        return found

    def text_width(self, text: str, size: float) -> float:
        return self.text_units(text) * size / self.units_per_em


@lru_cache(maxsize=64)
def read_metrics(path: Path) -> FontMetrics:
    """Read (once per file) the metrics of a TrueType font."""
    try:
        font = TTFont(path, lazy=True)
        if "glyf" not in font:
            raise FontError(f"{path.name} has no TrueType outlines (CFF fonts cannot be embedded in the PDF)")
        cmap = font.getBestCmap() or {}
        hmtx = font["hmtx"].metrics
        os2 = font["OS/2"] if "OS/2" in font else None
        upem = font["head"].unitsPerEm
        ascent = os2.sTypoAscender if os2 is not None else font["hhea"].ascent
        descent = -(os2.sTypoDescender if os2 is not None else font["hhea"].descent)
        cap = getattr(os2, "sCapHeight", 0) or int(ascent * 0.7)
        x_height = getattr(os2, "sxHeight", 0) or int(ascent * 0.5)
        advances = {code: hmtx[name][0] for code, name in cmap.items() if name in hmtx}
        missing = hmtx.get(".notdef", (upem // 2, 0))[0]
        font.close()
    except FontError:
        raise
    except (OSError, TTLibError, KeyError, AttributeError, AssertionError, ValueError, TypeError) as error:
        raise FontError(f"{Path(path).name} cannot be read as a font: {error}") from None
    return FontMetrics(Path(path), upem, ascent, descent, cap, x_height, advances, missing)


def describe_file(path: Path | io.BytesIO) -> FontFace:
    """The family, weight and slope a font file says it has (for fonts the user adds)."""
    label = path.name if isinstance(path, Path) else "font"
    try:
        font = TTFont(path, lazy=True)
        if "glyf" not in font:
            raise FontError(f"{label} has no TrueType outlines (CFF fonts cannot be embedded in the PDF)")
        names = font["name"]
        family = names.getDebugName(16) or names.getDebugName(1)
        os2 = font["OS/2"]
        weight = os2.usWeightClass
        italic = bool(os2.fsSelection & 0x1)
        font.close()
    except FontError:
        raise
    except Exception as error:  # fontTools raises many types for damaged files
        raise FontError(f"{label} cannot be read as a font: {error}") from None
    if not family:
        raise FontError(f"{label} has no family name")
    return FontFace(family, weight, italic, path if isinstance(path, Path) else Path())


def describe_font_data(data: bytes) -> FontFace:
    """describe_file for bytes held in memory (an edition's font)."""
    return describe_file(io.BytesIO(data))


def edition_font_file(name: str, data: bytes) -> Path:
    """A file on disk with an edition font's bytes, so that the typesetter, ReportLab and Qt
    all load the very same file. Kept in the user's cache folder, named by content hash."""
    folder = Path(platformdirs.user_cache_dir("epaperdesk")) / "fonts"
    path = folder / name
    if not path.is_file() or path.stat().st_size != len(data):
        folder.mkdir(parents=True, exist_ok=True)
        write_atomic(path, data)  # synced: only its size is checked when it is found again
    return path


class FontRegistry:
    """Resolves faces from the font packages plus files added to the edition, with a
    documented fallback: an unknown family is set in FALLBACK_FAMILY, a missing weight in the
    nearest weight of the family. Every substitution is recorded for preflight."""

    def __init__(self, extra_files: list[Path] | tuple[Path, ...] = ()) -> None:
        self.faces: dict[tuple[str, int, bool], FontFace] = dict(installed_faces())
        self.substitutions: dict[tuple[str, int, bool], FontFace] = {}
        self._cache: dict[tuple[str, int, bool], FontFace] = {}
        for path in extra_files:
            self.add_file(Path(path))  # refuse unusable files now, not in the middle of a layout

    def add_file(self, path: Path) -> FontFace:
        """Make one more font file available (an edition's font)."""
        face = describe_file(Path(path))
        read_metrics(face.path)
        self.faces[(face.family, face.weight, face.italic)] = face
        self._cache.clear()
        self.substitutions.clear()
        return face

    def resolve(self, family: str, weight: int = 400, italic: bool = False) -> FontFace:
        key = (family, weight, italic)
        face = self._cache.get(key)
        if face is None:
            face = self.faces.get(key) or self._substitute(family, weight, italic)
            self._cache[key] = face
        return face

    def _substitute(self, family: str, weight: int, italic: bool) -> FontFace:
        candidates = [f for (fam, _, _), f in self.faces.items() if fam == family]
        if not candidates:
            candidates = [f for (fam, _, _), f in self.faces.items() if fam == FALLBACK_FAMILY]
        if not candidates:
            raise FontNotFound(f"no font for {family} and no fallback font is installed")
        face = min(candidates, key=lambda f: (f.italic != italic, abs(f.weight - weight), f.weight))
        self.substitutions[(family, weight, italic)] = face
        return face

    def metrics(self, family: str, weight: int = 400, italic: bool = False) -> FontMetrics:
        return read_metrics(self.resolve(family, weight, italic).path)
