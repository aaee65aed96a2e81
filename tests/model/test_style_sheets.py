"""Style sheets as a layout editor keeps them: styles based on others, deleted with a
replacement, renamed, duplicated; swatches with tints; local formatting over styles."""

import dataclasses

import pytest

from epaperdesk.geometry import Rect
from epaperdesk.model import BoxFrame, CharacterStyle, ParagraphStyle, Swatch
from epaperdesk.model.edits import EditError, SetParagraphStyle, format_text, splice_text
from epaperdesk.model.overrides import (
    OverrideError,
    character_style,
    local_span,
    merged,
    paragraph_entry,
    paragraph_style,
    split_paragraph_entry,
    style_name,
)
from epaperdesk.model.style_sheets import (
    delete_style,
    delete_swatch,
    duplicate_style,
    rename_style,
    rename_swatch,
    set_style,
    set_swatch,
    swatch_users,
)
from tests.model.edit_checks import round_trip as applied


@pytest.fixture
def styled(small_edition):
    """The small edition with a deck based on the headline, and a tint."""
    styles = small_edition.paragraph_styles
    deck = ParagraphStyle("deck", based_on="headline", own=("size", "leading"), size=14, leading=16)
    applied(small_edition, set_style(small_edition, "paragraph", "deck", deck))
    small_edition.swatches["Blue"] = Swatch("Blue", 100, 60, 0, 10, "#0050a0")
    assert styles["deck"].weight == 700 and styles["deck"].alignment == "left"  # taken from the headline
    return small_edition


def test_a_style_follows_what_it_is_based_on(styled):
    headline = dataclasses.replace(styled.paragraph_styles["headline"], font_family="Source Sans Pro", size=30)
    applied(styled, set_style(styled, "paragraph", "headline", headline))
    deck = styled.paragraph_styles["deck"]
    assert deck.font_family == "Source Sans Pro"  # inherited
    assert deck.size == 14  # its own


def test_grandchildren_follow_too_and_loops_are_refused(styled):
    sub = ParagraphStyle("subdeck", based_on="deck", own=("italic",), italic=True)
    applied(styled, set_style(styled, "paragraph", "subdeck", sub))
    headline = dataclasses.replace(styled.paragraph_styles["headline"], color="Paper")
    applied(styled, set_style(styled, "paragraph", "headline", headline))
    assert styled.paragraph_styles["subdeck"].color == "Paper"
    looped = dataclasses.replace(styled.paragraph_styles["headline"], based_on="subdeck")
    with pytest.raises(EditError, match="based on it"):
        set_style(styled, "paragraph", "headline", looped)
    with pytest.raises(EditError, match="does not exist"):
        set_style(styled, "paragraph", "x", ParagraphStyle("x", based_on="nothing"))


def test_deleting_a_style_moves_its_text_and_keeps_the_look_of_styles_based_on_it(styled):
    story = styled.stories["s1"]
    story.paragraph_styles[1] = "headline+leading=30"
    styled.paragraph_styles["body"] = dataclasses.replace(styled.paragraph_styles["body"], next_style="headline")
    before_deck = styled.paragraph_styles["deck"]
    applied(styled, delete_style(styled, "paragraph", "headline", "body"))
    assert "headline" not in styled.paragraph_styles
    assert story.paragraph_styles[:2] == ["body", "body+leading=30"]  # overrides kept
    deck = styled.paragraph_styles["deck"]
    assert deck.based_on is None and dataclasses.replace(deck, based_on="headline", own=before_deck.own) == before_deck
    assert styled.paragraph_styles["body"].next_style == "body"


def test_the_last_paragraph_style_and_jump_styles_follow_a_rename(styled):
    story = styled.stories["s1"]
    story.paragraph_styles[-1] = "headline"
    applied(styled, rename_style(styled, "paragraph", "headline", "head"))
    assert story.paragraph_styles == ["head", "body", "head"]
    assert styled.paragraph_styles["deck"].based_on == "head"
    with pytest.raises(EditError):
        rename_style(styled, "paragraph", "head", "body")


def test_duplicate_names_are_numbered(styled):
    edit, name = duplicate_style(styled, "paragraph", "deck")
    applied(styled, edit)
    assert name == "deck copy" and styled.paragraph_styles[name].based_on == "headline"
    edit, name = duplicate_style(styled, "paragraph", "deck")
    assert name == "deck copy 2"


def test_a_paragraph_style_cannot_go_without_a_replacement(styled):
    with pytest.raises(EditError):
        delete_style(styled, "paragraph", "body", None)
    with pytest.raises(EditError):
        delete_style(styled, "paragraph", "body", "body")


def test_deleting_a_character_style_unstyles_or_restyles_its_text(styled):
    applied(styled, delete_style(styled, "character", "bold", None))
    assert "bold" not in styled.stories["s1"].spans
    styled = styled
    applied(styled, format_text(styled, "s2", 0, 7, "italic"))
    applied(styled, delete_style(styled, "character", "italic", "small-caps"))
    assert styled.stories["s2"].spans == {"small-caps": [(0, 7)]}


def test_tints_follow_their_colour_and_deleting_a_colour_replaces_it_everywhere(styled):
    tint = Swatch("Blue 30", 0, 0, 0, 0, "#b3cbe3", base="Blue", tint=30)
    applied(styled, set_swatch(styled, "Blue 30", tint))
    assert styled.swatches["Blue 30"].cyan == 30 and styled.swatches["Blue 30"].magenta == 18
    applied(styled, set_swatch(styled, "Blue", dataclasses.replace(styled.swatches["Blue"], magenta=100)))
    assert styled.swatches["Blue 30"].magenta == 30
    styled.pages[0].frames.append(BoxFrame("panel", Rect(0, 0, 100, 100), fill="Blue"))
    styled.paragraph_styles["deck"] = dataclasses.replace(styled.paragraph_styles["deck"], color="Blue")
    assert set(swatch_users(styled, "Blue")) == {"paragraph style 'deck'", "tint 'Blue 30'", "box 'panel'"}
    applied(styled, delete_swatch(styled, "Blue", "Black"))
    assert styled.frame_by_id("panel").fill == "Black" and styled.paragraph_styles["deck"].color == "Black"
    assert styled.swatches["Blue 30"].base == "Black" and styled.swatches["Blue 30"].black == 30
    with pytest.raises(EditError):
        delete_swatch(styled, "Paper", "Black")


def test_paragraph_overrides_are_written_and_read_back_exactly():
    entry = paragraph_entry("body", {"leading": 11, "alignment": "left"})
    assert entry == "body+leading=11;alignment=left"
    assert split_paragraph_entry(entry) == ("body", {"leading": 11.0, "alignment": "left"})
    assert style_name(entry) == "body"
    styles = {"body": ParagraphStyle("body")}
    resolved = paragraph_style(styles, entry)
    assert (resolved.leading, resolved.alignment, resolved.size) == (11.0, "left", 9.0)
    for bad in ("body+", "body+leading=huge", "body+size=3", "body+alignment=diagonal", "body+leading=1;leading=2"):
        assert paragraph_style(styles, bad) is None
    with pytest.raises(OverrideError):
        paragraph_entry("body", {"leading": 0.1})


def test_local_character_formatting_merges_over_named_styles():
    bold = CharacterStyle("bold", weight=700)
    size = character_style({}, local_span("size", 12.5))
    font = character_style({}, local_span("font_family", "Source Sans Pro"))
    assert size.size == 12.5 and font.font_family == "Source Sans Pro"
    both = merged([bold, size, font])
    assert (both.weight, both.size, both.font_family) == (700, 12.5, "Source Sans Pro")
    assert character_style({}, "local:size=0") is None and character_style({}, "local:colour=red") is None
    with pytest.raises(ValueError):
        CharacterStyle("my+style")


def test_splices_carry_local_formatting_and_refuse_nonsense(small_edition):
    edit = splice_text(small_edition, "s2", 0, 0, "Big ")
    applied(small_edition, edit)
    story = small_edition.stories["s2"]
    applied(small_edition, format_text(small_edition, "s2", 0, 3, local_span("size", 20)))
    assert story.spans == {"local:size=20": [(0, 3)]}
    applied(small_edition, SetParagraphStyle("s2", 0, "body", "body+alignment=center"))
    with pytest.raises(EditError):
        SetParagraphStyle("s2", 0, "body+alignment=center", "body+alignment=sideways").apply(small_edition)


def test_local_formatting_on_a_selection_and_clearing_it(small_edition):
    from epaperdesk.model.local_formatting import (
        clear_overrides,
        local_values,
        set_character_local,
        set_paragraph_local,
    )

    applied(small_edition, set_character_local(small_edition, "s1", 9, 14, "size", 12))
    applied(small_edition, set_character_local(small_edition, "s1", 11, 20, "size", 14))  # over part of it
    story = small_edition.stories["s1"]
    assert story.spans["local:size=12"] == [(9, 11)] and story.spans["local:size=14"] == [(11, 20)]
    applied(small_edition, set_paragraph_local(small_edition, "s1", 12, 40, "alignment", "center"))
    assert story.paragraph_styles == ["headline", "body+alignment=center", "body+alignment=center"]
    assert local_values(small_edition, "s1", 12) == {"size": 14.0, "alignment": "center"}
    assert set_character_local(small_edition, "s1", 11, 20, "size", 14) is None  # nothing changes
    with pytest.raises(EditError):
        set_character_local(small_edition, "s1", 0, 3, "size", 5000)
    applied(small_edition, clear_overrides(small_edition, "s1", 0, len(story.text)))
    assert story.paragraph_styles == ["headline", "body", "body"]
    assert not any(name.startswith("local:") for name in story.spans)


def test_renaming_a_swatch_moves_everything_and_deleting_recolours_moved_tints(styled):
    applied(styled, set_swatch(styled, "Blue 30", Swatch("Blue 30", 0, 0, 0, 0, "#b3cbe3", base="Blue", tint=30)))
    styled.pages[0].frames.append(BoxFrame("panel", Rect(0, 0, 100, 100), fill="Blue", stroke="Blue"))
    applied(styled, rename_swatch(styled, "Blue", "Harbour Blue"))
    assert "Blue" not in styled.swatches and styled.swatches["Harbour Blue"].cyan == 100
    assert styled.frame_by_id("panel").fill == styled.frame_by_id("panel").stroke == "Harbour Blue"
    assert styled.swatches["Blue 30"].base == "Harbour Blue"
    with pytest.raises(EditError):
        rename_swatch(styled, "Black", "Ink")
    applied(styled, delete_swatch(styled, "Harbour Blue", "Black", preview=lambda s: "#4d4d4d"))
    assert styled.swatches["Blue 30"].rgb == "#4d4d4d" and styled.swatches["Blue 30"].black == 30
