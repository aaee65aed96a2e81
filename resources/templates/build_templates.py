"""Build the shipped templates `tabloid.epd` and `broadsheet.epd`: a newspaper's house style
(the sample edition's styles, with a subhead and the body family based on "body" and the
headlines on "headline") and two master pages — "front" (masthead and its dateline band from
text variables, footer band, footer, folio) and "inside" (running head and rule, footer band,
footer, folio). File → New and `epaperdesk new --template NAME` start from them.
Usage: python resources/templates/build_templates.py [FOLDER]
"""

from __future__ import annotations

import dataclasses
import importlib.util
import sys
from pathlib import Path

from epaperdesk.geometry import Rect
from epaperdesk.io.epd import save_edition
from epaperdesk.model import BoxFrame, ColumnGrid, Edition, Insets, Page, ParagraphStyle, RuleFrame, Story, TextFrame
from epaperdesk.model.style_sheets import own_fields

HERE = Path(__file__).parent
SAMPLE_BUILDER = HERE.parent / "samples" / "build_sample.py"

# name → (page size, columns, gutter, masthead size and leading)
TEMPLATES = {
    "tabloid": ("tabloid", 5, 9.0, (58.0, 60.0)),
    "broadsheet": ("broadsheet", 8, 9.0, (76.0, 76.0)),
}
BODY_FAMILY = ("first", "qa-question", "qa-answer", "brief")
HEADLINE_FAMILY = ("headline-secondary", "headline-feature", "headline-inside")


def sample_builder():
    spec = importlib.util.spec_from_file_location("build_sample", SAMPLE_BUILDER)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def house_styles(sample, masthead: tuple[float, float]) -> dict[str, ParagraphStyle]:
    """The sample's paragraph styles, a subhead, and the families based on body and headline."""
    styles = {s.name: s for s in sample.PARAGRAPH_STYLES}
    styles["masthead"] = dataclasses.replace(styles["masthead"], size=masthead[0], leading=masthead[1])
    styles["subhead"] = ParagraphStyle(
        "subhead",
        font_family=sample.SANS,
        weight=700,
        size=9.5,
        leading=10.5,
        alignment="left",
        space_before=6,
        keep_with_next=True,
        align_to_grid=True,
        hyphenation=sample.NO_HYPHENS,
    )
    for family, parent in ((BODY_FAMILY, "body"), (HEADLINE_FAMILY, "headline")):
        for name in family:
            style = dataclasses.replace(styles[name], based_on=parent)
            styles[name] = dataclasses.replace(
                style, own=own_fields(style, styles[parent], "paragraph"), next_style=None
            )
    styles["subhead"] = dataclasses.replace(styles["subhead"], next_style="body")
    for name in ("headline", *HEADLINE_FAMILY):
        styles[name] = dataclasses.replace(styles[name], next_style="body")
    return styles


def build_template(name: str) -> Edition:
    size, columns, gutter, masthead = TEMPLATES[name]
    sample = sample_builder()
    edition = Edition(
        title="Untitled",
        edition_line="WEEKLY EDITION",
        language="en_GB",
        paragraph_styles=house_styles(sample, masthead),
        character_styles={s.name: s for s in sample.CHARACTER_STYLES},
        swatches={s.name: s for s in sample.SWATCHES},
        jumps=dataclasses.replace(sample.build_edition().jumps),
    )
    page = Page.from_preset("p1", size, grid=ColumnGrid(columns, gutter), baseline_grid=10.5)
    left, right = page.margins.inside, page.width - page.margins.outside
    top, bottom = page.margins.top, page.height - page.margins.bottom
    blue = sample.BLUE

    def text(frame_id: str, rect: Rect, story: str, **kw) -> TextFrame:
        return TextFrame(frame_id, rect, story_id=story, gutter=gutter, **kw)

    def story(story_id: str, name: str, *paragraphs: tuple[str, str]) -> None:
        text_ = "\n".join(t for t, _ in paragraphs)
        edition.stories[story_id] = Story(story_id, text_, [s for _, s in paragraphs], {}, "en_GB", name)

    def footer(prefix: str) -> list:
        story(f"{prefix}-footer", f"Footer ({prefix})", ("{{title}} · {{edition-line}} · {{date}}", "footer"))
        story(f"{prefix}-folio", f"Folio ({prefix})", ("{{page}}", "folio"))
        width = right - left
        return [
            BoxFrame(
                f"{prefix}-footer-band",
                Rect(-page.bleed, bottom - 32, page.width + 2 * page.bleed, page.height - bottom + 32 + page.bleed),
                fill=blue,
            ),
            text(
                f"{prefix}-footer", Rect(left, bottom - 32, width * 0.8, 32), f"{prefix}-footer", insets=Insets(top=12)
            ),
            text(
                f"{prefix}-folio",
                Rect(left + width * 0.8, bottom - 32, width * 0.2, 32),
                f"{prefix}-folio",
                insets=Insets(top=10),
            ),
        ]

    height = masthead[1] + 14
    story("masthead", "Masthead", ("{{title}}", "masthead"))
    story(
        "masthead-line", "Masthead dateline", ("{{issue}} · {{weekday}}, {{date}} · {{edition-line}}", "masthead-line")
    )
    front = Page.from_preset("front", size, grid=ColumnGrid(columns, gutter), baseline_grid=10.5, name="front")
    front.frames = [
        text("masthead", Rect(left, top, right - left, height), "masthead"),
        RuleFrame("masthead-rule", Rect(left, top + height + 2, right - left, 3), weight=2.0),
        BoxFrame("masthead-band", Rect(left, top + height + 8, right - left, 18), fill=blue),
        text(
            "masthead-line",
            Rect(left, top + height + 8, right - left, 18),
            "masthead-line",
            vertical_align="center",
        ),
        *footer("front"),
    ]
    story("running-head", "Running head", ("{{title}} · {{weekday}}, {{date}}", "running-head"))
    story("running-section", "Running head: section and page", ("{{section}} · Page {{page}}", "running-section"))
    inside = Page.from_preset("inside", size, grid=ColumnGrid(columns, gutter), baseline_grid=10.5, name="inside")
    split = left + (right - left) * 0.6
    inside.frames = [
        text("running-head", Rect(left, top, split - left, 16), "running-head"),
        text("running-section", Rect(split, top, right - split, 16), "running-section"),
        RuleFrame("inside-head-rule", Rect(left, top + 18, right - left, 2), weight=1.0, color=blue),
        *footer("inside"),
    ]
    edition.masters = [front, inside]
    for number, master in ((1, "front"), (2, "inside")):
        edition.pages.append(
            Page.from_preset(f"p{number}", size, grid=ColumnGrid(columns, gutter), baseline_grid=10.5, master=master)
        )
    return edition


def main() -> None:
    folder = Path(sys.argv[1]) if len(sys.argv) > 1 else HERE
    for name in TEMPLATES:
        path = folder / f"{name}.epd"
        save_edition(build_template(name), path)
        print(f"wrote {path}")


if __name__ == "__main__":
    main()
