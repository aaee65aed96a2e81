"""Build the sample edition `meridian-weekly.epd` from the texts and photos in meridian/.

The texts are plain files, one paragraph a line, each line optionally starting with its
paragraph style in brackets ("[headline] …"; no tag means "body"); **double asterisks**
mark bold (in Q&A paragraphs: the speaker's name). All text and both photos are original
to this project. Usage: python build_sample.py [OUTPUT.epd]
"""

from __future__ import annotations

import datetime
import re
import sys
from pathlib import Path

from epaperdesk.geometry import Rect
from epaperdesk.io.epd import save_edition
from epaperdesk.io.images import read_image
from epaperdesk.model import (
    BoxFrame,
    CharacterStyle,
    ColumnGrid,
    Edition,
    HyphenationSettings,
    ImageFrame,
    Insets,
    Page,
    ParagraphStyle,
    RuleFrame,
    Story,
    Swatch,
    TextFrame,
)
from epaperdesk.model.styles import BUILTIN_CHARACTER_STYLES, BUILTIN_SWATCHES, JumpSettings

HERE = Path(__file__).parent
SOURCES = HERE / "meridian"
OUTPUT = HERE / "meridian-weekly.epd"

SERIF, SANS = "Source Serif Pro", "Source Sans Pro"
NO_HYPHENS = HyphenationSettings(enabled=False)
BLUE = "Meridian Blue"

PARAGRAPH_STYLES = [
    ParagraphStyle("body", first_line_indent=9.0, align_to_grid=True),
    ParagraphStyle("first", align_to_grid=True),
    ParagraphStyle(
        "kicker",
        font_family=SANS,
        weight=700,
        size=10,
        leading=12,
        alignment="left",
        uppercase=True,
        tracking=60,
        color=BLUE,
        space_after=2,
        keep_with_next=True,
        hyphenation=NO_HYPHENS,
    ),
    ParagraphStyle(
        "headline",
        weight=700,
        size=40,
        leading=42,
        alignment="left",
        space_after=6,
        keep_with_next=True,
        hyphenation=NO_HYPHENS,
    ),
    ParagraphStyle(
        "headline-secondary",
        weight=700,
        size=22,
        leading=24,
        alignment="left",
        space_after=6,
        keep_with_next=True,
        hyphenation=NO_HYPHENS,
    ),
    ParagraphStyle(
        "headline-feature",
        weight=600,
        italic=True,
        size=28,
        leading=30,
        alignment="left",
        space_after=6,
        keep_with_next=True,
        hyphenation=NO_HYPHENS,
    ),
    ParagraphStyle(
        "deck",
        italic=True,
        size=13,
        leading=15.5,
        alignment="left",
        space_after=4,
        keep_with_next=True,
        hyphenation=NO_HYPHENS,
    ),
    ParagraphStyle(
        "byline",
        font_family=SANS,
        weight=600,
        size=7.5,
        leading=9,
        alignment="left",
        uppercase=True,
        tracking=40,
        space_after=6,
        start="next-frame",
        hyphenation=NO_HYPHENS,
    ),
    ParagraphStyle(
        "source",
        font_family=SANS,
        italic=True,
        size=7.5,
        leading=9,
        alignment="left",
        space_before=4,
        hyphenation=NO_HYPHENS,
    ),
    ParagraphStyle("caption", font_family=SANS, size=7.5, leading=9, alignment="left"),
    ParagraphStyle(
        "credit",
        font_family=SANS,
        weight=600,
        size=6.5,
        leading=8,
        alignment="left",
        space_before=1,
        hyphenation=NO_HYPHENS,
    ),
    ParagraphStyle("qa-question", weight=600, space_before=5, align_to_grid=True),
    ParagraphStyle("qa-answer", align_to_grid=True),
    ParagraphStyle(
        "brief-head",
        font_family=SANS,
        weight=900,
        size=11,
        leading=13,
        alignment="left",
        uppercase=True,
        tracking=80,
        color=BLUE,
        space_after=6,
        keep_with_next=True,
        hyphenation=NO_HYPHENS,
    ),
    ParagraphStyle("brief", size=8.5, leading=10, space_after=6),
    ParagraphStyle(
        "masthead", weight=900, size=76, leading=76, alignment="center", tracking=-10, hyphenation=NO_HYPHENS
    ),
    ParagraphStyle("masthead-tagline", italic=True, size=11, leading=13, alignment="center", hyphenation=NO_HYPHENS),
    ParagraphStyle(
        "masthead-line",
        font_family=SANS,
        weight=700,
        size=10,
        leading=12,
        alignment="center",
        uppercase=True,
        tracking=120,
        color="Paper",
        hyphenation=NO_HYPHENS,
    ),
    ParagraphStyle(
        "pull-quote",
        weight=600,
        italic=True,
        size=17,
        leading=20,
        alignment="center",
        color=BLUE,
        space_after=4,
        hyphenation=NO_HYPHENS,
    ),
    ParagraphStyle(
        "pull-quote-credit",
        font_family=SANS,
        weight=600,
        size=7.5,
        leading=9,
        alignment="center",
        uppercase=True,
        tracking=60,
        hyphenation=NO_HYPHENS,
    ),
    ParagraphStyle(
        "jump",
        font_family=SANS,
        weight=700,
        italic=True,
        size=7.5,
        leading=9,
        alignment="right",
        hyphenation=NO_HYPHENS,
    ),
    ParagraphStyle(
        "footer",
        font_family=SANS,
        weight=600,
        size=10,
        leading=12,
        alignment="left",
        tracking=30,
        color="Paper",
        hyphenation=NO_HYPHENS,
    ),
    ParagraphStyle(
        "folio",
        font_family=SANS,
        weight=700,
        size=10,
        leading=11,
        alignment="right",
        color="Paper",
        hyphenation=NO_HYPHENS,
    ),
    ParagraphStyle(
        "jump-from",
        font_family=SANS,
        weight=700,
        italic=True,
        size=7.5,
        leading=9,
        alignment="left",
        hyphenation=NO_HYPHENS,
    ),
    ParagraphStyle(
        "running-head",
        font_family=SANS,
        weight=700,
        size=10,
        leading=12,
        alignment="left",
        uppercase=True,
        tracking=80,
        color=BLUE,
        hyphenation=NO_HYPHENS,
    ),
    ParagraphStyle(
        "running-section",
        font_family=SANS,
        weight=600,
        size=8,
        leading=10,
        alignment="right",
        uppercase=True,
        tracking=80,
        hyphenation=NO_HYPHENS,
    ),
    ParagraphStyle(
        "headline-inside",
        weight=700,
        size=32,
        leading=34,
        alignment="left",
        space_after=4,
        keep_with_next=True,
        hyphenation=NO_HYPHENS,
    ),
    ParagraphStyle(
        "ad-head",
        weight=900,
        size=44,
        leading=46,
        alignment="center",
        color="Paper",
        space_after=8,
        hyphenation=NO_HYPHENS,
    ),
    ParagraphStyle(
        "ad-text", size=16, leading=21, alignment="center", color="Paper", space_after=10, hyphenation=NO_HYPHENS
    ),
    ParagraphStyle(
        "ad-small",
        font_family=SANS,
        weight=700,
        size=10,
        leading=13,
        alignment="center",
        uppercase=True,
        tracking=60,
        color="Paper",
        hyphenation=NO_HYPHENS,
    ),
]
CHARACTER_STYLES = [*BUILTIN_CHARACTER_STYLES, CharacterStyle("qa-speaker", weight=700)]
SWATCHES = [
    *BUILTIN_SWATCHES,
    Swatch(BLUE, 100, 68, 0, 32, "#16407a"),
    Swatch("Rule Grey", 0, 0, 0, 45, "#a0a0a0"),
    Swatch("Sky Tint", 12, 4, 0, 0, "#e3eef9"),
]

# story id → (source file, story name)
STORIES = {
    "masthead": ("masthead.txt", "Masthead"),
    "masthead-line": ("masthead-line.txt", "Masthead line"),
    "lead": ("lead.txt", "Kestrel survey"),
    "lead-caption": ("lead-caption.txt", "Kestrel survey photo caption"),
    "soil": ("soil.txt", "Glowing soil microbes"),
    "soil-caption": ("soil-caption.txt", "Soil microbes photo caption"),
    "interview": ("interview.txt", "Editor's Pick: Varga-Holm interview"),
    "interview-quote": ("pull-quote.txt", "Interview pull quote"),
    "briefs": ("briefs.txt", "In Brief"),
    "footer": ("footer.txt", "Footer"),
    "folio": ("folio.txt", "Folio"),
    "running-head": ("running-head.txt", "Running head"),
    "running-section": ("running-section.txt", "Running head: section and page"),
    "harbour": ("harbour.txt", "Listening to the harbour"),
    "harbour-caption": ("harbour-caption.txt", "Harbour sound chart caption"),
    "sky": ("sky.txt", "Sky notes"),
    "letters": ("letters.txt", "Letters"),
    "calendar": ("calendar.txt", "Calendar"),
    "house-ad": ("house-ad.txt", "House advertisement: e-paper"),
    "decibel": ("decibel.txt", "Explainer: what is a decibel?"),
    "quiz": ("quiz.txt", "Quiz of the week"),
    "imprint": ("imprint.txt", "Imprint"),
}
MASTER_STORIES = {"footer", "folio", "running-head", "running-section"}

_TAG = re.compile(r"^\[([a-z-]+)\] ")
_BOLD = re.compile(r"\*\*(.+?)\*\*")


def read_story(story_id: str, filename: str, name: str) -> Story:
    """Parse one source file into a story."""
    paragraphs, styles, spans = [], [], []
    offset = 0
    for line in (SOURCES / filename).read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        match = _TAG.match(line)
        style = match.group(1) if match else "body"
        text = line[match.end() :] if match else line
        bold_style = "qa-speaker" if style.startswith("qa-") else "bold"
        plain = ""
        last = 0
        for bold in _BOLD.finditer(text):
            plain += text[last : bold.start()]
            spans.append((offset + len(plain), offset + len(plain) + len(bold.group(1)), bold_style))
            plain += bold.group(1)
            last = bold.end()
        plain += text[last:]
        paragraphs.append(plain)
        styles.append(style)
        offset += len(plain) + 1
    by_style: dict[str, list[tuple[int, int]]] = {}
    for start, end, style in spans:
        by_style.setdefault(style, []).append((start, end))
    return Story(story_id, "\n".join(paragraphs), styles, by_style, "en_GB", name)  # British spelling


def build_edition() -> Edition:
    edition = Edition(
        title="Meridian",
        volume=1,
        number=25,
        date=datetime.date(2026, 11, 26),
        edition_line="WEEKLY EDITION",
        language="en_GB",
        paragraph_styles={s.name: s for s in PARAGRAPH_STYLES},
        character_styles={s.name: s for s in CHARACTER_STYLES},
        swatches={s.name: s for s in SWATCHES},
        # names and words of this edition that no general dictionary knows (the spelling
        # check passes the sample clean)
        dictionary_words=[
            "Kestrel",
            "Brennmark",
            "Varga-Holm",
            "Varga",
            "Holm",
            "Okonkwo",
            "Skarholm",
            "Varnes",
            "Halden",
            "Osei",
            "Adaeze",
            "Duarte",
            "Hana",
            "Lindqvist",
            "Okafor",
            "Sunniva",
            "MeridianWeekly",
            "epaper",
            "Pseudomonas",
            "delaminated",
            "Ines",
            "streetlights",
            "Halvard",
            "Marit",
            "Geminid",
            "Geminids",
            "hydrophone",
            "hydrophones",
            "EpaperDesk",
            "WeChat",
        ],
        hyphenation_exceptions={"Kestrel": None, "electrolyte": "elec-tro-lyte", "Brennmark": "Brenn-mark"},
    )
    for story_id, (filename, name) in STORIES.items():
        edition.stories[story_id] = read_story(story_id, filename, name)

    deep = read_image((SOURCES / "deep-field.jpg").read_bytes(), "Generated by resources/samples/make_photos.py; CC0")
    soil = read_image(
        (SOURCES / "soil-bacteria.jpg").read_bytes(), "Generated by resources/samples/make_photos.py; CC0"
    )
    harbour = read_image(
        (SOURCES / "harbour-sound.jpg").read_bytes(), "Generated by resources/samples/make_photos.py; CC0"
    )
    edition.images = {deep.name: deep, soil.name: soil, harbour.name: harbour}

    page = Page.from_preset("p1", "broadsheet", grid=ColumnGrid(8, 9.0), baseline_grid=10.5)
    cols = page.column_positions()

    def span(first: int, count: int, top: float, bottom: float) -> Rect:
        left, right = cols[first][0], cols[first + count - 1][1]
        return Rect(left, top, right - left, bottom - top)

    full_left, full_right = cols[0][0], cols[-1][1]
    gutter_mid = lambda col: cols[col][0] - page.grid.gutter / 2  # noqa: E731
    bottom = page.height - page.margins.bottom

    def text(frame_id, rect, story=None, columns=1, **kw):
        return TextFrame(frame_id, rect, story_id=story, columns=columns, gutter=page.grid.gutter, **kw)

    frames = [
        # masthead
        text("masthead", span(0, 8, 34, 124), "masthead"),
        RuleFrame("masthead-rule", Rect(full_left, 126.5, full_right - full_left, 3), weight=2.0),
        BoxFrame("masthead-band", span(0, 8, 132, 150), fill=BLUE),
        text("masthead-line", span(0, 8, 132, 150), "masthead-line", vertical_align="center"),
        # rail: briefs beside the lead
        text("briefs", span(0, 1, 160, 780), "briefs"),
        RuleFrame("rail-rule", Rect(gutter_mid(1) - 1, 160, 2, 620), weight=0.5, color="Rule Grey"),
        # lead story
        text("lead-head", span(1, 7, 160, 284), "lead", next_frame_id="lead-body-1"),
        ImageFrame(
            "lead-photo",
            span(1, 4, 290, 622),
            image=deep.name,
            fit="fill",
            caption_story_id="lead-caption",
            alt_text="A dark sky crowded with hundreds of small, faint galaxies in orange and blue, "
            "several spiral galaxies and a few bright foreground stars.",
        ),
        text("lead-caption", span(1, 4, 626, 664), "lead-caption"),
        text("lead-body-1", span(5, 3, 290, 780), columns=3, next_frame_id="lead-body-2"),
        text("lead-body-2", span(1, 4, 670, 780), columns=4),
        RuleFrame("lead-rule", Rect(full_left, 786, full_right - full_left, 4), weight=1.0),
        # Editor's Pick interview, continued on page 2 (the typesetter sets the jump lines)
        text("interview-head", span(0, 5, 796, 892), "interview", next_frame_id="interview-body"),
        text("interview-body", span(0, 5, 896, 1562), columns=5, next_frame_id="interview-cont"),
        # pull quote: the interview's columns wrap around it
        RuleFrame("quote-rule-top", span(1, 2, 1190, 1192), weight=1.0, color=BLUE),
        RuleFrame("quote-rule-bottom", span(1, 2, 1304, 1306), weight=1.0, color=BLUE),
        text(
            "interview-quote",
            span(1, 2, 1188, 1308),
            "interview-quote",
            insets=Insets(top=8, bottom=8),
            wrap=True,
            wrap_offset=6.0,
            vertical_align="center",
        ),
        RuleFrame("lower-rule", Rect(gutter_mid(5) - 1, 796, 2, 766), weight=0.5, color="Rule Grey"),
        # second story with photo
        text("soil-head", span(5, 3, 796, 862), "soil", next_frame_id="soil-body"),
        ImageFrame(
            "soil-photo",
            span(5, 3, 866, 1190),
            image=soil.name,
            fit="fill",
            caption_story_id="soil-caption",
            alt_text="Bright green rod-shaped bacteria scattered over the blue surface of a plant root.",
        ),
        text("soil-caption", span(5, 3, 1194, 1226), "soil-caption"),
        text("soil-body", span(5, 3, 1232, 1562), columns=3),
    ]
    page.frames = frames
    page.master, page.section = "front", "Front page"

    # master pages: the footer band on both, the running head inside
    def footer_items(prefix: str) -> list:
        # the footer band runs out to the bleed on three sides
        return [
            BoxFrame(
                f"{prefix}-footer-band",
                Rect(-page.bleed, bottom - 32, page.width + 2 * page.bleed, page.height - bottom + 32 + page.bleed),
                fill=BLUE,
            ),
            text(
                f"{prefix}-footer",
                span(0, 7, bottom - 32, bottom),
                "footer" if prefix == "front" else None,
                insets=Insets(top=12),
            ),
            text(
                f"{prefix}-folio",
                span(7, 1, bottom - 32, bottom),
                "folio" if prefix == "front" else None,
                insets=Insets(top=10),
            ),
        ]

    front = Page.from_preset("front", "broadsheet", grid=ColumnGrid(8, 9.0), baseline_grid=10.5, name="front")
    front.frames = footer_items("front")
    inside = Page.from_preset("inside", "broadsheet", grid=ColumnGrid(8, 9.0), baseline_grid=10.5, name="inside")
    inside.frames = [
        text("inside-running-head", span(0, 5, 34, 50), "running-head"),
        text("inside-running-section", span(5, 3, 34, 50), "running-section"),
        RuleFrame("inside-head-rule", Rect(full_left, 52, full_right - full_left, 2), weight=1.0, color=BLUE),
        *footer_items("inside"),
    ]
    # a story stands in one frame only: the inside master's footer and folio show the same
    # stories through copies
    edition.stories["footer-inside"] = read_story("footer-inside", "footer.txt", "Footer (inside pages)")
    edition.stories["folio-inside"] = read_story("folio-inside", "folio.txt", "Folio (inside pages)")
    inside.frames[4].story_id = "footer-inside"
    inside.frames[5].story_id = "folio-inside"
    edition.masters = [front, inside]
    edition.jumps = JumpSettings(continued_style="jump-from")

    page2 = Page.from_preset(
        "p2", "broadsheet", grid=ColumnGrid(8, 9.0), baseline_grid=10.5, master="inside", section="Science & society"
    )
    page2.frames = [
        # top: the interview goes on from page 1 (the typesetter sets the jump lines); sky notes
        text("interview-cont", span(0, 5, 62, P2["top"]), columns=5),
        BoxFrame("sky-box", span(5, 3, 62, P2["top"]), fill="Sky Tint"),
        text("sky", span(5, 3, 62, P2["top"]), "sky", insets=Insets(8, 10, 8, 10)),
        RuleFrame("p2-top-rule", Rect(full_left, P2["top"] + 6, full_right - full_left, 3), weight=1.0),
        # the feature: headline across the page, the chart, the text beside it, an explainer
        text("harbour-head", span(0, 8, P2["top"] + 16, P2["photo"] - 6), "harbour", next_frame_id="harbour-body"),
        ImageFrame(
            "harbour-photo",
            span(0, 5, P2["photo"], P2["caption"] - 4),
            image=harbour.name,
            fit="fill",
            caption_story_id="harbour-caption",
            alt_text="A chart of a month of harbour sound: thirty rows, one a day; bright streaks each morning "
            "and afternoon where ferries pass, fine speckle at night, a dense patch in the third week.",
        ),
        text("harbour-caption", span(0, 5, P2["caption"], P2["middle"]), "harbour-caption"),
        text("harbour-body", span(5, 3, P2["photo"], P2["explainer"] - 8), columns=3),
        RuleFrame(
            "p2-explainer-rule", span(5, 3, P2["explainer"] - 4, P2["explainer"] - 3), weight=0.5, color="Rule Grey"
        ),
        BoxFrame("decibel-box", span(5, 3, P2["explainer"], P2["middle"]), fill="Sky Tint"),
        text("decibel", span(5, 3, P2["explainer"], P2["middle"]), "decibel", columns=2, insets=Insets(6, 8, 6, 8)),
        RuleFrame("p2-mid-rule", Rect(full_left, P2["middle"] + 6, full_right - full_left, 2), weight=1.0),
        # letters and the calendar, the quiz and the imprint
        text("letters", span(0, 5, P2["middle"] + 14, P2["quiz"] - 8), "letters", columns=5),
        RuleFrame(
            "p2-lower-rule",
            Rect(gutter_mid(5) - 1, P2["middle"] + 14, 2, P2["ad"] - P2["middle"] - 28),
            weight=0.5,
            color="Rule Grey",
        ),
        text("calendar", span(5, 3, P2["middle"] + 14, P2["quiz"] - 8), "calendar", columns=2),
        RuleFrame("p2-quiz-rule", span(0, 8, P2["quiz"] - 4, P2["quiz"] - 3), weight=0.5, color="Rule Grey"),
        text("quiz", span(0, 5, P2["quiz"], P2["ad"] - 12), "quiz", columns=5),
        text("imprint", span(5, 3, P2["quiz"], P2["ad"] - 12), "imprint"),
        # the house advertisement across the foot of the page
        BoxFrame("ad-box", span(0, 8, P2["ad"], bottom - 40), fill=BLUE),
        text(
            "house-ad",
            span(0, 8, P2["ad"], bottom - 40),
            "house-ad",
            insets=Insets(20, 150, 20, 150),
            vertical_align="center",
        ),
    ]
    edition.pages = [page, page2]
    return edition


# page 2 geometry (points from the top of the page), tuned so that every story fills its space
P2 = {"top": 290, "photo": 384, "caption": 904, "explainer": 750, "middle": 950, "quiz": 1098, "ad": 1190}


def main() -> None:
    output = Path(sys.argv[1]) if len(sys.argv) > 1 else OUTPUT
    save_edition(build_edition(), output)
    print(f"wrote {output}")


if __name__ == "__main__":
    main()
