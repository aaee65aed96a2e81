import shutil

import pytest
from fontTools.ttLib import TTFont

from epaperdesk.typeset.fonts import FALLBACK_FAMILY, FontError, FontRegistry, find_face, read_metrics


def test_widths_are_the_font_files_advances():
    face = find_face("Source Serif Pro", 400, False)
    metrics = read_metrics(face.path)
    font = TTFont(face.path)
    cmap, hmtx = font.getBestCmap(), font["hmtx"]
    expected = sum(hmtx[cmap[ord(c)]][0] for c in "Typeset") * 9 / font["head"].unitsPerEm
    assert metrics.text_width("Typeset", 9) == pytest.approx(expected)
    assert metrics.units_per_em == font["head"].unitsPerEm
    assert metrics.ascent == font["OS/2"].sTypoAscender
    assert metrics.cap_height == font["OS/2"].sCapHeight and metrics.x_height == font["OS/2"].sxHeight


def test_metrics_are_cached():
    face = find_face("Source Sans Pro", 700, False)
    assert read_metrics(face.path) is read_metrics(face.path)


def test_missing_family_falls_back_and_is_recorded():
    registry = FontRegistry()
    face = registry.resolve("Helvetica Neue", 700, True)
    assert face.family == FALLBACK_FAMILY and face.weight == 700 and face.italic
    assert ("Helvetica Neue", 700, True) in registry.substitutions


def test_missing_weight_takes_the_nearest():
    registry = FontRegistry()
    assert registry.resolve("Source Sans Pro", 500, False).weight in (400, 600)
    assert ("Source Sans Pro", 500, False) in registry.substitutions


def test_user_added_font_file(tmp_path):
    copy = tmp_path / "House-Bold.ttf"
    shutil.copy(find_face("Source Sans Pro", 700, False).path, copy)
    registry = FontRegistry([copy])
    assert registry.resolve("Source Sans Pro", 700, False).path == copy
    assert registry.substitutions == {}


def test_unusable_font_file_is_refused_with_its_name(tmp_path):
    bad = tmp_path / "Broken.ttf"
    bad.write_bytes(b"\x00\x01\x00\x00not really a font")
    with pytest.raises(FontError, match="Broken.ttf"):
        FontRegistry([bad])
    otf = tmp_path / "Cff.otf"
    shutil.copy(find_face("Source Serif Pro").path.with_suffix(".otf"), otf)
    with pytest.raises(FontError, match="no TrueType outlines"):
        read_metrics(otf)
