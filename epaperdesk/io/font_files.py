"""A font file the user adds to an edition: read with a size limit, checked to be a usable
TrueType face (outlines, metrics), named by its content like every asset of an .epd."""

from __future__ import annotations

import hashlib
from pathlib import Path

from epaperdesk.io.files import read_limited
from epaperdesk.model.edition import FontAsset
from epaperdesk.typeset.fonts import FontError, describe_font_data, edition_font_file, read_metrics

MAX_FONT_BYTES = 32 * 1024**2


def read_font_file(path: str | Path) -> FontAsset:
    """The font asset of a .ttf file; FontError names the file and what is wrong."""
    path = Path(path)
    data = read_limited(path, MAX_FONT_BYTES, FontError, " for a font")
    try:
        face = describe_font_data(data)
    except FontError as error:
        raise FontError(f"{path.name}: {error}") from None
    name = hashlib.sha256(data).hexdigest() + ".ttf"
    try:
        read_metrics(edition_font_file(name, data))  # the typesetter can use it
    except (FontError, OSError) as error:
        raise FontError(f"{path.name} cannot be used: {error}") from None
    return FontAsset(name, face.family, face.weight, face.italic, data)
