"""Fonts come from the font packages, not from the system, as TrueType files that ReportLab
and Qt can both use; their metrics are read from the files; a missing face falls back and is
recorded; fonts the user adds are used, and unusable ones refused by name."""

import shutil

import pytest
from fontTools.ttLib import TTFont

from epaperdesk.typeset.fonts import (
    FALLBACK_FAMILY,
    FontError,
    FontNotFound,
    FontRegistry,
    find_face,
    installed_faces,
    read_metrics,
)


@pytest.mark.parametrize("family", ["Source Serif Pro", "Source Sans Pro"])
@pytest.mark.parametrize(
    "weight, italic", [(400, False), (400, True), (600, False), (700, False), (700, True), (900, False)]
)
def test_faces_resolve_to_truetype_files(family, weight, italic):
    face = find_face(family, weight, italic)
    assert "site-packages" in str(face.path) or "dist-packages" in str(face.path)
    font = TTFont(face.path, lazy=True)
    assert "glyf" in font, "TrueType outlines (ReportLab cannot embed CFF)"
    assert font["head"].unitsPerEm > 0


def test_unknown_face_is_reported():
    with pytest.raises(FontNotFound, match="no font file for Comic Sans 400"):
        find_face("Comic Sans", 400, False)


def test_both_families_are_complete():
    families = {family for family, _, _ in installed_faces()}
    assert families == {"Source Serif Pro", "Source Sans Pro"}
    assert len(installed_faces()) == 24


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
