import json
import subprocess
import sys

from epaperdesk import __version__
from epaperdesk.cli import main


def run(*args):
    return subprocess.run([sys.executable, "-m", "epaperdesk", *args], capture_output=True, text=True, timeout=120)


def test_version():
    result = run("--version")
    assert result.returncode == 0
    assert result.stdout.strip() == f"EpaperDesk {__version__}"


def test_info_describes_the_sample(sample_path):
    result = run("info", str(sample_path))
    assert result.returncode == 0, result.stderr
    assert "Meridian — VOL.1-NO.25 — 2026-11-26 — WEEKLY EDITION" in result.stdout
    assert "Pages: 2" in result.stdout
    assert "Editor's Pick: Varga-Holm interview" in result.stdout
    assert "interview-head → interview-body → interview-cont" in result.stdout
    assert "Total words: 4," in result.stdout


def test_info_json_counts_add_up(sample_path, capsys):
    assert main(["info", "--json", str(sample_path)]) == 0
    info = json.loads(capsys.readouterr().out)
    assert info["total_words"] == sum(s["words"] for s in info["stories"])
    assert info["pages"][0]["size"] == "broadsheet"
    assert len(info["pages"][0]["frames"]) > 15
    stories = {s["id"]: s for s in info["stories"]}
    assert stories["lead-caption"]["caption_of"] == "lead-photo"
    assert stories["lead"]["frames"] == ["lead-head", "lead-body-1", "lead-body-2"]


def test_info_on_a_bad_file_says_what_is_wrong(tmp_path):
    bad = tmp_path / "broken.epd"
    bad.write_bytes(b"this is not a zip")
    result = run("info", str(bad))
    assert result.returncode == 1
    assert "broken.epd: not an EpaperDesk edition (not a zip container)" in result.stderr
    assert "Traceback" not in result.stderr


def test_help_lists_the_commands():
    result = run("--help")
    assert result.returncode == 0
    assert "info" in result.stdout


def test_the_window_without_a_display_says_so(sample_path):
    import os

    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}
    result = subprocess.run(
        [sys.executable, "-m", "epaperdesk", str(sample_path)], capture_output=True, text=True, timeout=60, env=env
    )
    assert result.returncode == 1
    assert "no display found" in result.stderr and "--screenshot" in result.stderr


def test_check_is_clean_on_the_sample_and_finds_problems(sample_path, tmp_path, capsys):
    from epaperdesk.cli import main
    from epaperdesk.io.epd import load_edition, save_edition
    from epaperdesk.model.correcting import mark_correction
    from epaperdesk.model.edits import splice_text

    assert main(["check", str(sample_path)]) == 0
    assert "clean" in capsys.readouterr().out
    edition = load_edition(sample_path)
    splice_text(edition, "soil", 0, 0, "Teh ").apply(edition)
    mark_correction(edition, "lead", 0, 5, "query", "Is this right?", "Ann", "2026-11-30T10:00:00+00:00").apply(edition)
    path = tmp_path / "bad.epd"
    save_edition(edition, path)
    assert main(["check", str(path)]) == 1
    out = capsys.readouterr().out
    assert "unknown word “Teh”" in out and "open correction c1 by Ann: Query: Is this right?" in out
    assert "page 1" in out
    assert main(["check", str(path), "--json"]) == 1
    data = json.loads(capsys.readouterr().out)
    categories = {f["category"] for f in data["findings"] if f["severity"] == "warning"}
    assert categories == {"spelling", "correction"}
    assert all(f["page"] == 1 for f in data["findings"] if f["severity"] == "warning")


def test_proof_and_import_comments_commands(sample_path, tmp_path, capsys):
    from epaperdesk.cli import main
    from epaperdesk.io.epd import load_edition, save_edition
    from epaperdesk.model.correcting import mark_correction

    edition = load_edition(sample_path)
    mark_correction(edition, "lead", 0, 5, "delete", "", "Ann", "2026-11-30T10:00:00+00:00").apply(edition)
    marked = tmp_path / "marked.epd"
    save_edition(edition, marked)
    proof = tmp_path / "proof.pdf"
    assert main(["proof", str(marked), "-o", str(proof)]) == 0
    assert "1 correction" in capsys.readouterr().out
    clean = tmp_path / "clean.epd"
    save_edition(load_edition(sample_path), clean)
    out_path = tmp_path / "out.epd"
    assert main(["import-comments", str(clean), str(proof), "-o", str(out_path)]) == 0
    assert "added c1: Delete (Ann)" in capsys.readouterr().out
    assert load_edition(out_path).corrections["c1"].kind == "delete"


def test_export_refused_by_preflight_names_errors_and_warnings(sample_path, tmp_path):
    from epaperdesk.io.epd import load_edition, save_edition
    from epaperdesk.model.edits import resize_frame, splice_text

    edition = load_edition(sample_path)
    resize_frame(edition, "soil-body", edition.frame_by_id("soil-body").rect.width, 100).apply(edition)
    splice_text(edition, "briefs", 0, 0, '"Quoted"  text ').apply(edition)
    bad = tmp_path / "bad.epd"
    save_edition(edition, bad)
    out = tmp_path / "out.pdf"
    result = run("export", str(bad), "-o", str(out), "--preflight", "newsprint")
    assert result.returncode == 1
    lines = result.stderr.splitlines()
    assert lines[0] == "epaperdesk: preflight with the Newsprint profile:"
    assert lines[1] == "  Errors (1):" and "lines overset (page 1)" in lines[2]
    assert lines[3] == "  Warnings (1):" and "straight quotes" in lines[4]
    assert lines[-1] == "epaperdesk: export refused by the Newsprint profile: 1 error and 1 warning"
    assert not out.exists() and "Traceback" not in result.stderr


def test_new_edition_from_a_template_then_copy_imported_into_a_frame(tmp_path):
    out = tmp_path / "gazette.epd"
    result = run("new", str(out), "--template", "tabloid", "--pages", "4", "--title", "Harbour Gazette")
    assert result.returncode == 0, result.stderr
    assert "4 pages 280 x 430 mm, 5 columns" in result.stdout and "front, inside" in result.stdout
    from epaperdesk.geometry import Rect
    from epaperdesk.io.epd import load_edition, save_edition
    from epaperdesk.model import TextFrame

    edition = load_edition(out)
    assert edition.title == "Harbour Gazette" and [p.master for p in edition.pages] == ["front"] + ["inside"] * 3
    edition.pages[0].frames.append(TextFrame("wall", Rect(34, 200, 400, 300), columns=3))
    save_edition(edition, out)
    copy = tmp_path / "wall.md"
    copy.write_text("# Harbour wall to be rebuilt\n\nThe council voted on Tuesday.\n\nWork starts in spring.\n")
    result = run("import", str(out), str(copy), "--frame", "wall")
    assert result.returncode == 0, result.stderr
    assert "placed in wall" in result.stdout
    story_id = result.stdout.split(":")[0]
    edition = load_edition(out)
    assert edition.frame_by_id("wall").story_id == story_id
    assert edition.stories[story_id].paragraph_styles[0] == "headline"
    again = run("import", str(out), str(copy), "--frame", "wall")
    assert again.returncode == 1 and "add --replace" in again.stderr


def test_new_refuses_what_cannot_be(tmp_path):
    out = tmp_path / "x.epd"
    assert run("new", str(out), "--columns", "40", "--gutter", "20mm").returncode == 1
    bad = run("new", str(out), "--template", "no-such")
    assert bad.returncode == 1 and "no template 'no-such'" in bad.stderr
    assert not out.exists()
    assert run("new", str(out), "--template", "none", "--size", "a4", "--landscape").returncode == 0
    from epaperdesk.io.epd import load_edition

    page = load_edition(out).pages[0]
    assert page.width > page.height and load_edition(out).masters == []
    assert run("new", str(out)).returncode == 1  # exists: not replaced without --force
