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
    assert "Pages: 1" in result.stdout
    assert "Editor's Pick: Varga-Holm interview" in result.stdout
    assert "interview-head → interview-body" in result.stdout
    assert "Total words: 2," in result.stdout


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
    result = subprocess.run([sys.executable, "-m", "epaperdesk", str(sample_path)], capture_output=True, text=True,
                            timeout=60, env=env)
    assert result.returncode == 1
    assert "no display found" in result.stderr and "--screenshot" in result.stderr
