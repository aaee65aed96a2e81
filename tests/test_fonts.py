"""Fonts come from the font packages, not from the system, as TrueType files that ReportLab
and Qt can both use."""

import pytest
from fontTools.ttLib import TTFont

from epaperdesk.typeset.fonts import FontNotFound, find_face, installed_faces


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
