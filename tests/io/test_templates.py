"""Templates: the shipped ones are built from their script and make sound editions; a user's
template is saved in the user's folder and wins over a shipped one of the same name."""

import importlib.util
from pathlib import Path

import pytest

from epaperdesk.io.epd import edition_to_bytes, load_edition
from epaperdesk.io.templates import TemplateError, list_templates, load_template, save_template
from epaperdesk.model.new_edition import EditionSetup, new_edition
from epaperdesk.model.page_setup import geometry_of
from epaperdesk.model.validate import find_problems

ROOT = Path(__file__).resolve().parents[2]


def builder():
    spec = importlib.util.spec_from_file_location("build_templates", ROOT / "resources/templates/build_templates.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize("name", ["tabloid", "broadsheet"])
def test_shipped_templates_are_built_from_their_sources(name):
    path = list_templates()[name]
    assert edition_to_bytes(builder().build_template(name)) == path.read_bytes(), (
        f"{path} is out of date: run .venv/bin/python resources/templates/build_templates.py"
    )
    template = load_template(name)
    wanted = {
        "body",
        "first",
        "headline",
        "kicker",
        "deck",
        "byline",
        "source",
        "caption",
        "credit",
        "qa-question",
        "qa-answer",
        "subhead",
        "brief",
        "pull-quote",
        "jump",
        "jump-from",
    }
    assert wanted <= set(template.paragraph_styles)
    assert template.paragraph_styles["first"].based_on == "body"
    assert {m.name for m in template.masters} == {"front", "inside"}
    edition = new_edition(EditionSetup(geometry_of(template.pages[0]), 4, title="Test"), template)
    assert find_problems(edition) == []


def test_a_user_template_wins_and_keeps_no_page_content(sample_path):
    edition = load_edition(sample_path)
    path = save_template(edition, "tabloid")
    assert list_templates()["tabloid"] == path
    template = load_template("tabloid")
    assert all(page.frames == [] for page in template.pages)
    assert "lead" not in template.stories and "footer" in template.stories
    assert template.images == {}
    with pytest.raises(TemplateError, match="cannot name a template"):
        save_template(edition, "../escape")
    with pytest.raises(TemplateError, match="no template"):
        load_template("nothing-like-this")
