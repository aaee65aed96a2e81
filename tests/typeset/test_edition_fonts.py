"""Fonts the user adds to an edition travel inside the .epd and are used by the typesetter."""

import hashlib
import io
import zipfile

import pytest
from fontTools.ttLib import TTFont

from epaperdesk.geometry import Rect
from epaperdesk.io.epd import EpdError, edition_from_bytes, edition_to_bytes
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


def members(edition):
    with zipfile.ZipFile(io.BytesIO(edition_to_bytes(edition))) as archive:
        return {i.filename: archive.read(i) for i in archive.infolist()}


def rebuild(parts):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def test_loader_rejects_missing_damaged_and_mislabelled_fonts():
    edition = edition_with_house_font()
    parts = members(edition)
    font_member = next(n for n in parts if n.startswith("fonts/"))
    missing = dict(parts)
    del missing[font_member]
    with pytest.raises(EpdError, match="is not in the container"):
        edition_from_bytes(rebuild(missing))
    damaged = dict(parts)
    damaged[font_member] = parts[font_member][:200]
    with pytest.raises(EpdError, match="does not match its content"):
        edition_from_bytes(rebuild(damaged))
    other = house_font("Other Sans")
    renamed = dict(parts)
    del renamed[font_member]
    name = hashlib.sha256(other).hexdigest() + ".ttf"
    renamed["fonts/" + name] = other
    renamed["document.json"] = parts["document.json"].replace(font_member[6:].encode(), name.encode())
    with pytest.raises(EpdError, match="is Other Sans 700, not what the document says"):
        edition_from_bytes(rebuild(renamed))
    garbage = b"not a font at all" * 10
    gname = hashlib.sha256(garbage).hexdigest() + ".ttf"
    junk = dict(parts)
    del junk[font_member]
    junk["fonts/" + gname] = garbage
    junk["document.json"] = parts["document.json"].replace(font_member[6:].encode(), gname.encode())
    with pytest.raises(EpdError, match="cannot be read as a font"):
        edition_from_bytes(rebuild(junk))
