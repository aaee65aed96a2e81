"""Schema 5: style sheets (based on, next style, indents, character font and size, baseline
shift, tints, local formatting, facing pages) survive save and load, and version-4 files open
with the new fields at their defaults."""

import json
import zipfile

import pytest

from epaperdesk.io.epd import EpdError, edition_from_bytes, edition_to_bytes, load_edition
from epaperdesk.model import CharacterStyle, ParagraphStyle, Swatch
from epaperdesk.model.edits import format_text
from epaperdesk.model.overrides import local_span
from epaperdesk.model.style_sheets import set_style, set_swatch


def test_style_sheets_round_trip(small_edition):
    set_style(
        small_edition, "paragraph", "deck", ParagraphStyle("deck", based_on="headline", own=("size",), size=14)
    ).apply(small_edition)
    small_edition.paragraph_styles["body"] = ParagraphStyle("body", next_style="body", left_indent=6, small_caps=True)
    small_edition.character_styles["sup"] = CharacterStyle(
        "sup", size=5, baseline_shift=3, font_family="Source Sans Pro"
    )
    small_edition.swatches["Blue"] = Swatch("Blue", 100, 60, 0, 10, "#0050a0")
    set_swatch(small_edition, "Blue 30", Swatch("Blue 30", 0, 0, 0, 0, "#b3cbe3", base="Blue", tint=30)).apply(
        small_edition
    )
    format_text(small_edition, "s2", 0, 7, local_span("size", 11.5)).apply(small_edition)
    small_edition.stories["s1"].paragraph_styles[1] = "body+alignment=left"
    small_edition.facing_pages = True
    data = edition_to_bytes(small_edition)
    again = edition_from_bytes(data)
    assert again == small_edition
    assert edition_to_bytes(again) == data


def test_a_version_4_file_opens_with_defaults(sample_path, tmp_path):
    with zipfile.ZipFile(sample_path) as archive:
        members = {name: archive.read(name) for name in archive.namelist()}
    document = json.loads(members["document.json"])
    document["version"] = 4
    edition = document["edition"]
    del edition["facing_pages"]
    for style in edition["paragraph_styles"]:
        for key in (
            "left_indent",
            "right_indent",
            "keep_lines_together",
            "small_caps",
            "based_on",
            "next_style",
            "own",
        ):
            del style[key]
    for style in edition["character_styles"]:
        for key in ("font_family", "size", "tracking", "baseline_shift", "uppercase", "based_on", "own"):
            del style[key]
    for swatch in edition["swatches"]:
        del swatch["base"], swatch["tint"]
    for page in edition["pages"] + edition["masters"]:
        for frame in page["frames"]:
            del frame["group"]
            frame.pop("dash", None)
    old = tmp_path / "old.epd"
    with zipfile.ZipFile(old, "w") as archive:
        for name, data in members.items():
            archive.writestr(name, json.dumps(document) if name == "document.json" else data)
    loaded = load_edition(old)
    assert loaded == load_edition(sample_path)


def test_a_style_based_on_a_missing_style_is_refused(small_edition):
    small_edition.paragraph_styles["deck"] = ParagraphStyle("deck", based_on="nowhere")
    with pytest.raises(EpdError, match="based on missing style 'nowhere'"):
        edition_from_bytes(edition_to_bytes(small_edition))
