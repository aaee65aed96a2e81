"""Font files: resolve (family, weight, italic) to a TTF file from the installed font
packages. The same file is later registered with ReportLab and with Qt, so both measure
and draw with identical metrics; the system's own font lookup is never used."""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

# Python packages that carry OFL fonts, and the file-name prefix of their faces.
FONT_PACKAGES = {
    "Source Serif Pro": ("font_source_serif_pro", "SourceSerifPro"),
    "Source Sans Pro": ("font_source_sans_pro", "SourceSansPro"),
}
FALLBACK_FAMILY = "Source Serif Pro"

# File-name style suffix → (weight, italic)
_STYLES = {
    "ExtraLight": (200, False), "ExtraLightIt": (200, True),
    "Light": (300, False), "LightIt": (300, True),
    "Regular": (400, False), "It": (400, True),
    "Semibold": (600, False), "SemiboldIt": (600, True),
    "Bold": (700, False), "BoldIt": (700, True),
    "Black": (900, False), "BlackIt": (900, True),
}


@dataclass(frozen=True)
class FontFace:
    family: str
    weight: int
    italic: bool
    path: Path


class FontNotFound(Exception):
    """No font file for the requested face."""


@lru_cache(maxsize=None)
def installed_faces() -> dict[tuple[str, int, bool], FontFace]:
    """Every face the font packages provide, keyed by (family, weight, italic)."""
    faces = {}
    for family, (module_name, prefix) in FONT_PACKAGES.items():
        try:
            module = importlib.import_module(module_name)
        except ImportError:
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
