"""Preflight: every rule catches a page made to break it; the sample is clean under the
newsprint profile; profiles are data that can be copied and edited."""

import copy
import dataclasses
import io

import pytest
from PIL import Image

from epaperdesk.export.preflight import (
    ProfileError,
    list_profiles,
    load_profile,
    parse_profile,
    run_preflight,
    save_user_profile,
)
from epaperdesk.geometry import Rect
from epaperdesk.io.epd import load_edition
from epaperdesk.io.images import read_image
from epaperdesk.model.correcting import mark_correction
from epaperdesk.model.edits import resize_frame, splice_text
from epaperdesk.model.frames import BoxFrame, ImageFrame, RuleFrame, TextFrame
from epaperdesk.model.styles import Swatch
from epaperdesk.typeset.layout import Typesetter


@pytest.fixture(scope="module")
def base(sample_path):
    return load_edition(sample_path)


@pytest.fixture
def edition(base):
    return copy.deepcopy(base)


def rules_hit(edition, profile="newsprint"):
    findings = run_preflight(edition, Typesetter().layout(edition), load_profile(profile))
    return {f.rule for f in findings if f.severity in ("error", "warning")}, findings


def test_the_sample_is_clean_under_newsprint(base):
    hit, findings = rules_hit(copy.deepcopy(base))
    assert hit == set()
    assert {f.rule for f in findings} == {"rgb-images"}  # information: RGB photos are separated at export


def test_magazine_wants_more_resolution(base):
    hit, findings = rules_hit(copy.deepcopy(base), "magazine")
    assert hit == {"image-resolution"}


def page1(edition):
    return edition.pages[0]


def png(size, colour, mode="RGB"):
    buffer = io.BytesIO()
    Image.new(mode, size, colour).save(buffer, "PNG" if mode != "CMYK" else "JPEG")
    return read_image(buffer.getvalue(), label="test")


BREAKERS = {
    "image-resolution": lambda e: resize_frame(e, "soil-photo", 700, 476).apply(e),
    "total-ink": lambda e: (
        e.swatches.__setitem__("Rich Black", Swatch("Rich Black", 80, 80, 80, 100, "#000000")),
        page1(e).frames.append(BoxFrame("inky", Rect(300, 300, 50, 50), fill="Rich Black")),
    ),
    "type-size": lambda e: e.paragraph_styles.__setitem__(
        "caption", dataclasses.replace(e.paragraph_styles["caption"], size=5)
    ),
    "rule-weight": lambda e: page1(e).frames.append(RuleFrame("hairline", Rect(300, 700, 100, 1), weight=0.2)),
    "cmyk-only": lambda e: (
        e.swatches.__setitem__("Pantone 286", Swatch("Pantone 286", 100, 66, 0, 2, "#0033a0", spot=True)),
        page1(e).frames.append(BoxFrame("spot", Rect(300, 300, 50, 50), fill="Pantone 286")),
    ),
    "overset": lambda e: resize_frame(e, "soil-body", e.frame_by_id("soil-body").rect.width, 100).apply(e),
    "empty-frames": lambda e: page1(e).frames.append(ImageFrame("empty", Rect(300, 300, 50, 50))),
    "missing-fonts": lambda e: e.paragraph_styles.__setitem__(
        "caption", dataclasses.replace(e.paragraph_styles["caption"], font_family="Nowhere Grotesk")
    ),
    "safety-margin": lambda e: page1(e).frames.append(
        TextFrame("edge", Rect(2, 400, 100, 40), story_id=_new_story(e, "Too close to the edge"))
    ),
    "bleed": lambda e: page1(e).frames.append(BoxFrame("short", Rect(-2, 400, 100, 40), fill="Black", tint=20)),
    "open-corrections": lambda e: mark_correction(e, "lead", 0, 5, "query", "Sure?", "Ann").apply(e),
    "unknown-words": lambda e: splice_text(e, "lead", e.stories["lead"].text.index("Twelve"), 0, "Xyzzyq ").apply(e),
    "jump-lines": lambda e: splice_text(e, "briefs", len(e.stories["briefs"].text), 0, " See page 4.").apply(e),
    "house-credit": lambda e: splice_text(e, "soil-caption", len(e.stories["soil-caption"].text) - 1, 1, "").apply(e),
    "house-byline": lambda e: splice_text(e, "lead", e.stories["lead"].text.index("By Tomas"), 3, "").apply(e),
    "qa-speaker-bold": lambda e: e.stories["interview"].spans.pop("qa-speaker"),
    "typewriter-characters": lambda e: splice_text(e, "briefs", 0, 0, '"Quoted"  text ').apply(e),
}


def _new_story(edition, text):
    from epaperdesk.model.story import Story

    edition.stories["edge-story"] = Story("edge-story", text, ["body"])
    return "edge-story"


@pytest.mark.parametrize("rule", sorted(BREAKERS))
def test_every_rule_catches_a_page_made_to_break_it(rule, edition):
    BREAKERS[rule](edition)
    hit, findings = rules_hit(edition)
    assert rule in hit, [f.message for f in findings]
    finding = next(f for f in findings if f.rule == rule)
    assert finding.message and (finding.page or rule in ("cmyk-only", "missing-fonts"))


def test_an_unreadable_image_and_rgb_information(edition):
    asset = edition.images[edition.frame_by_id("soil-photo").image]
    edition.images[asset.name] = dataclasses.replace(asset, data=b"broken")
    hit, findings = rules_hit(edition)
    assert "missing-images" in hit


def test_bad_breaks_are_reported(edition, monkeypatch):
    import epaperdesk.export.preflight as preflight
    from epaperdesk.proof.breaks import BadBreak

    monkeypatch.setattr(
        preflight,
        "find_bad_breaks",
        lambda e, layout: [BadBreak("ladder", "warning", "lead", 0, 5, 1, "lead-body-1", "3 hyphens in a row")],
    )
    hit, _ = rules_hit(edition)
    assert "bad-breaks" in hit


def test_profiles_are_data_that_can_be_copied_and_edited(tmp_path, edition, monkeypatch):
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path))  # the user's own folder, for this test only
    assert {"newsprint", "magazine"} <= set(list_profiles())
    profile = load_profile("newsprint")
    profile.rules["image-resolution"]["min_ppi"] = 400
    profile.name = "Our newsprint"
    path = save_user_profile(profile, "newsprint")
    assert list_profiles()["newsprint"] == path  # the user's copy wins
    hit, _ = rules_hit(edition)
    assert "image-resolution" in hit
    with pytest.raises(ProfileError, match="unknown rule 'colour-of-the-day'"):
        parse_profile('{"name": "x", "rules": {"colour-of-the-day": {"severity": "error"}}}')
    with pytest.raises(ProfileError, match="bad pattern"):
        parse_profile('{"name": "x", "rules": {"house-credit": {"severity": "error", "pattern": "("}}}')
    with pytest.raises(ProfileError, match="no preflight profile 'tabloid-glossy'"):
        load_profile("tabloid-glossy")


def test_check_and_export_obey_the_profile(sample_path, tmp_path, capsys):
    from epaperdesk.cli import main
    from epaperdesk.io.epd import save_edition

    assert main(["check", str(sample_path), "--preflight", "newsprint"]) == 0
    assert "Preflight: 3 infos" in capsys.readouterr().out
    edition = load_edition(sample_path)
    resize_frame(edition, "soil-body", edition.frame_by_id("soil-body").rect.width, 100).apply(edition)
    bad = tmp_path / "bad.epd"
    save_edition(edition, bad)
    assert main(["check", str(bad), "--preflight", "newsprint"]) == 1
    assert main(["export", str(bad), "-o", str(tmp_path / "out.pdf"), "--preflight", "newsprint"]) == 1
    assert "export refused by the Newsprint profile" in capsys.readouterr().err
    assert not (tmp_path / "out.pdf").exists()
    assert main(["export", str(sample_path), "-o", str(tmp_path / "ok.pdf"), "--preflight", "newsprint"]) == 0


# -- the registry of rules -------------------------------------------------------------------------


def test_the_registry_and_the_shipped_profiles_agree():
    import json

    from epaperdesk.export.preflight import REGISTRY, RULES, shipped_profiles_folder

    shipped = sorted(shipped_profiles_folder().glob("*.json"))
    assert {p.stem for p in shipped} >= {"newsprint", "magazine"}
    for path in shipped:
        rules = json.loads(path.read_text(encoding="utf-8"))["rules"]
        missing = set(rules) - set(REGISTRY)
        assert not missing, f"{path.name} names rules without a function: {sorted(missing)}"
        parse_profile(path.read_text(encoding="utf-8"), path)  # and the profile loads
    for rule_id, rule in REGISTRY.items():
        assert rule.id == rule_id and callable(rule.check)
        assert rule.title.strip(), f"rule {rule_id} has no title"
        assert rule.default_severity in ("error", "warning", "info")
    assert RULES == {rule_id: rule.title for rule_id, rule in REGISTRY.items()}
    # every registered rule is used by some shipped profile (no dead rule functions)
    used = set().union(*(json.loads(p.read_text(encoding="utf-8"))["rules"] for p in shipped))
    assert set(REGISTRY) == used


def test_a_rule_id_is_registered_once():
    from epaperdesk.export.preflight import preflight_rule

    with pytest.raises(ValueError, match="registered twice"):
        preflight_rule("overset", "Overset again")(lambda ctx: [])


def test_only_the_rules_the_profile_turns_on_run(edition, monkeypatch):
    import epaperdesk.export.preflight as preflight

    BREAKERS["overset"](edition)
    BREAKERS["jump-lines"](edition)
    calls = []
    monkeypatch.setattr(preflight, "find_bad_breaks", lambda e, layout: calls.append("bad-breaks") or [])

    def no_checker():
        raise AssertionError("the spell checker is made only for the unknown-words rule")

    monkeypatch.setattr(preflight, "SpellChecker", no_checker)
    profile = load_profile("newsprint")
    profile.rules["overset"]["enabled"] = False
    del profile.rules["unknown-words"]
    profile.rules["bad-breaks"]["enabled"] = False
    del profile.rules["jump-lines"]["severity"]  # jump lines default to errors
    findings = run_preflight(edition, Typesetter().layout(edition), profile)
    rules = {f.rule for f in findings}
    assert "overset" not in rules and "unknown-words" not in rules and calls == []
    assert {f.severity for f in findings if f.rule == "jump-lines"} == {"error"}


def test_findings_come_errors_first_then_by_page(edition):
    for rule in ("overset", "typewriter-characters", "rule-weight", "cmyk-only"):
        BREAKERS[rule](edition)
    _, findings = rules_hit(edition)
    order = {"error": 0, "warning": 1, "info": 2}
    keys = [(order[f.severity], f.page or 10**6, f.rule) for f in findings]
    assert keys == sorted(keys)
    assert {"overset", "typewriter-characters", "rule-weight", "cmyk-only"} <= {f.rule for f in findings}


def test_a_profile_that_cannot_be_saved_says_where_and_why(tmp_path, monkeypatch):
    from epaperdesk.export.preflight import user_profiles_folder

    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path))
    (user_profiles_folder() / "blocked.json").mkdir(parents=True)  # a folder in the way of the file
    with pytest.raises(ProfileError, match=r"cannot write .*blocked\.json"):
        save_user_profile(load_profile("newsprint"), "blocked")
    path = save_user_profile(load_profile("newsprint"), "ours")
    assert parse_profile(path.read_text(encoding="utf-8")).name == "Newsprint"
    assert sorted(p.name for p in path.parent.iterdir()) == ["blocked.json", "ours.json"]  # no temporary left


def test_export_with_a_warning_profile_lists_errors_and_warnings_and_goes_on(sample_path, tmp_path, capsys):
    import json

    from epaperdesk.cli import main
    from epaperdesk.io.epd import save_edition

    edition = load_edition(sample_path)
    BREAKERS["overset"](edition)
    BREAKERS["typewriter-characters"](edition)
    bad = tmp_path / "bad.epd"
    save_edition(edition, bad)
    lenient = json.loads(load_profile("newsprint").to_json())
    lenient.update(name="Lenient", on_error="warn")
    profile = tmp_path / "lenient.json"
    profile.write_text(json.dumps(lenient), encoding="utf-8")

    assert main(["export", str(bad), "-o", str(tmp_path / "out.pdf"), "--preflight", "newsprint"]) == 1
    err = capsys.readouterr().err
    assert "Errors (1):" in err and "Warnings (1):" in err and "lines overset (page 1)" in err
    assert "export refused by the Newsprint profile: 1 error and 1 warning" in err
    assert not (tmp_path / "out.pdf").exists()

    assert main(["export", str(bad), "-o", str(tmp_path / "out.pdf"), "--preflight", str(profile)]) == 0
    captured = capsys.readouterr()
    assert "exporting despite 1 error and 1 warning" in captured.err
    assert captured.out.strip() == str(tmp_path / "out.pdf") and (tmp_path / "out.pdf").exists()

    assert main(["export", str(bad), "-o", str(tmp_path / "x.pdf"), "--preflight", "tabloid-glossy"]) == 1
    assert "export failed: no preflight profile 'tabloid-glossy'" in capsys.readouterr().err
