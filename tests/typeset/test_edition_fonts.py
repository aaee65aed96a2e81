"""Fonts the user adds to an edition travel inside the .epd and are used by the typesetter.
(The loader's checks of the font members: tests/io/test_epd.py.)"""

import hashlib
import io

from fontTools.ttLib import TTFont

from epaperdesk.geometry import Rect
from epaperdesk.io.epd import edition_from_bytes, edition_to_bytes
from epaperdesk.model import Edition, FontAsset, Page, ParagraphStyle, Story, TextFrame
from epaperdesk.typeset.fonts import find_face
from epaperdesk.typeset.layout import Typesetter


def house_font(family: str = "House Sans") -> bytes:
    """Source Sans Pro Bold renamed: a font only this edition has."""
    font = TTFont(find_face("Source Sans Pro", 700, False).path)
    for record in font["name"].names:
        if record.nameID in (1, 16):
            record.string = family
    buffer = io.BytesIO()
    font.save(buffer)
    return buffer.getvalue()


def edition_with_house_font() -> Edition:
    data = house_font()
    asset = FontAsset(hashlib.sha256(data).hexdigest() + ".ttf", "House Sans", 700, False, data)
    edition = Edition(paragraph_styles={"body": ParagraphStyle("body", font_family="House Sans", weight=700)})
    edition.fonts[asset.name] = asset
    edition.stories["s"] = Story("s", "Set in the house font.", ["body"])
    page = Page("p", 400, 400)
    page.frames = [TextFrame("t", Rect(10, 10, 300, 100), story_id="s")]
    edition.pages = [page]
    return edition


def test_edition_font_round_trips_and_is_used():
    edition = edition_with_house_font()
    loaded = edition_from_bytes(edition_to_bytes(edition))
    assert loaded == edition
    typesetter = Typesetter()
    layout = typesetter.layout(loaded)
    runs = layout.pages[0].glyph_runs()
    assert runs and all(TTFont(run.font)["name"].getDebugName(1) == "House Sans" for run in runs)
    assert layout.font_substitutions == {}


def test_without_the_font_the_fallback_is_recorded():
    edition = edition_with_house_font()
    edition.fonts.clear()
    layout = Typesetter().layout(edition)
    assert ("House Sans", 700, False) in layout.font_substitutions
