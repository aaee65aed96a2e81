"""The e-paper edition: the article package validates and its text is the stories' text,
bookmarks for pages and articles, jump links to the right pages, page images."""

import json

import jsonschema
import pikepdf
import pytest
from PIL import Image

from epaperdesk.export.epaper import export_epaper, role_of
from epaperdesk.io.epd import load_edition
from epaperdesk.model.edits import MovePage
from epaperdesk.resources import resource
from epaperdesk.typeset.variables import page_values, resolve


@pytest.fixture(scope="module")
def exported(sample_path, tmp_path_factory):
    folder = tmp_path_factory.mktemp("epaper")
    edition = load_edition(sample_path)
    result = export_epaper(edition, folder, (1000, 400))
    return edition, result, json.loads(result.package.read_text(encoding="utf-8"))


def test_the_package_validates_against_the_shipped_schema(exported):
    _, _, package = exported
    schema = json.loads(resource("epaper", "article-package.schema.json").read_text(encoding="utf-8"))
    jsonschema.validate(package, schema)
    assert package["edition"]["language"] == "en-GB" and package["edition"]["page_count"] == 2


def test_article_text_is_the_stories_text(exported):
    edition, _, package = exported
    ids = [a["id"] for a in package["articles"]]
    assert {"lead", "soil", "interview", "harbour", "letters"} <= set(ids)
    assert not {"masthead", "footer", "folio", "lead-caption", "interview-quote", "house-ad"} & set(ids)
    for article in package["articles"]:
        story = edition.stories[article["id"]]
        values = dict(page_values(edition, 0))
        expected = [
            resolve(story.text[a:b].replace("\u00ad", ""), values)
            for a, b, style in story.paragraphs()
            if story.text[a:b].strip() and role_of(style) != "furniture"
        ]
        assert article["text"] == "\n".join(expected)
        assert [p["text"] for p in article["paragraphs"]] == expected
    lead = next(a for a in package["articles"] if a["id"] == "lead")
    assert lead["headline"].startswith("Kestrel survey charts") and lead["kicker"] == "Astronomy"
    assert lead["byline"].startswith("By Tomas Lindqvist")
    assert [p["role"] for p in lead["paragraphs"][:4]] == ["kicker", "headline", "deck", "byline"]
    (photo,) = lead["photos"]
    assert photo["credit"] == "(PHOTO: HALDEN RIDGE OBSERVATORY / KSS)" and photo["alt"] and photo["caption"]
    interview = next(a for a in package["articles"] if a["id"] == "interview")
    assert interview["pages"] == [1, 2] and {f["page"] for f in interview["fragments"]} == {1, 2}
    assert {p["role"] for p in interview["paragraphs"]} >= {"question", "answer"}


def test_jump_links_point_to_the_right_pages(exported):
    _, result, package = exported
    interview = next(a for a in package["articles"] if a["id"] == "interview")
    assert [(j["kind"], j["page"], j["to_page"]) for j in interview["jumps"]] == [("see", 1, 2), ("continued", 2, 1)]
    with pikepdf.open(result.pdf) as pdf:
        pages = [p.obj.objgen for p in pdf.pages]
        links = [
            (i + 1, a.A.D[0].objgen, str(a.Contents))
            for i, p in enumerate(pdf.pages)
            for a in p.obj.get("/Annots", [])
            if a.Subtype == pikepdf.Name.Link
        ]
        assert links == [(1, pages[1], "See page 2"), (2, pages[0], "Continued from page 1")]
        assert str(pdf.Root.Lang) == "en-GB"
        with pdf.open_outline() as outline:
            titles = [(item.title, [c.title for c in item.children]) for item in outline.root]
        assert titles[0][0] == "Page 1: Front page" and titles[1][0] == "Page 2: Science & society"
        assert any(t.startswith("Kestrel survey") for t in titles[0][1])
        assert any(t.startswith("Listening to the harbour") for t in titles[1][1])


def test_page_images_at_the_chosen_widths(exported):
    _, result, package = exported
    assert package["pages"][0]["images"] == {"1000": "pages/page-1-1000.jpg", "400": "pages/page-1-400.jpg"}
    for path in result.page_images:
        with Image.open(path) as image:
            assert image.width in (1000, 400)


def test_jump_links_follow_reordered_pages(sample_path, tmp_path):
    edition = load_edition(sample_path)
    MovePage(1, 0).apply(edition)
    result = export_epaper(edition, tmp_path, (300,))
    package = json.loads(result.package.read_text(encoding="utf-8"))
    interview = next(a for a in package["articles"] if a["id"] == "interview")
    assert sorted((j["kind"], j["page"], j["to_page"]) for j in interview["jumps"]) == [
        ("continued", 1, 2),
        ("see", 2, 1),
    ]


def test_command_line_epaper(sample_path, tmp_path, capsys):
    from epaperdesk.cli import main

    assert (
        main(
            ["export", str(sample_path), "--epaper", str(tmp_path / "out"), "--widths", "500", "--image-format", "png"]
        )
        == 0
    )
    assert (tmp_path / "out" / "pages" / "page-2-500.png").exists()
    assert (tmp_path / "out" / "articles.json").exists()


def test_fragments_index_the_articles_own_text_and_captions_have_a_place(exported):
    """Fragment offsets were story offsets and drifted past soft hyphens (end 4620 in a text of
    4618 characters); captions had no rectangle."""
    edition, _, package = exported
    for article in package["articles"]:
        text = article["text"]
        for fragment in article["fragments"]:
            assert 0 <= fragment["start"] <= fragment["end"] <= len(text)
        if article["fragments"]:
            first = min(article["fragments"], key=lambda f: f["start"])
            assert text[first["start"] :].startswith(text.lstrip()[:20])  # it starts where the text does
    photos = [p for a in package["articles"] for p in a["photos"]]
    assert any("caption_rect" in p for p in photos)
    for photo in photos:
        if "caption_rect" in photo:
            x, y, w, h = photo["rect"]
            cx, cy, cw, ch = photo["caption_rect"]
            assert cy >= y + h - 0.5 or cy + ch <= y + 0.5 or cx >= x + w - 0.5  # beside the photo, not on it
