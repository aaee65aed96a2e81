"""Desktop integration files, `make install-desktop`, and the PyInstaller bundle."""

import configparser
import io
import os
import shutil
import subprocess
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path

import pytest

from epaperdesk.io.epd import MIMETYPE, edition_to_bytes

ROOT = Path(__file__).resolve().parent.parent
PACKAGING = ROOT / "packaging"
METAINFO = PACKAGING / "io.github.epaperdesk.EpaperDesk.metainfo.xml"


def desktop_entry() -> configparser.SectionProxy:
    parser = configparser.ConfigParser(interpolation=None, strict=True)
    parser.optionxform = str
    parser.read(PACKAGING / "epaperdesk.desktop", encoding="utf-8")
    return parser["Desktop Entry"]


def validator(command: str, package: str) -> str:
    """The validator's path; scripts/setup.sh installs it, so a missing one fails the test
    rather than passing it unvalidated."""
    path = shutil.which(command)
    assert path, f"{command} is missing: scripts/setup.sh installs it (the {package} package)"
    return path


def test_desktop_file():
    entry = desktop_entry()
    assert entry["Type"] == "Application" and entry["Name"] == "EpaperDesk"
    assert entry["Exec"] == "epaperdesk %f" and entry["Icon"] == "epaperdesk"
    assert "application/x-epaperdesk;" in entry["MimeType"]
    assert entry["Categories"].endswith(";") and "Publishing" in entry["Categories"]
    validate = validator("desktop-file-validate", "desktop-file-utils")
    result = subprocess.run([validate, str(PACKAGING / "epaperdesk.desktop")], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_appstream_metainfo():
    root = ET.parse(METAINFO).getroot()
    assert root.tag == "component" and root.get("type") == "desktop-application"
    assert root.findtext("id") == "io.github.epaperdesk.EpaperDesk"
    assert root.find("launchable").text == "epaperdesk.desktop"
    assert root.find("provides/mediatype").text == "application/x-epaperdesk"
    appstreamcli = validator("appstreamcli", "appstream")
    result = subprocess.run([appstreamcli, "validate", "--no-net", str(METAINFO)], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_mime_type_recognises_our_files(small_edition):
    ns = {"m": "http://www.freedesktop.org/standards/shared-mime-info"}
    mime = ET.parse(PACKAGING / "epaperdesk-mime.xml").getroot().find("m:mime-type", ns)
    assert mime.get("type") == MIMETYPE
    assert mime.find("m:glob", ns).get("pattern") == "*.epd"
    match = mime.find("m:magic/m:match", ns)
    data = edition_to_bytes(small_edition)
    offset, value = int(match.get("offset")), match.get("value").encode()
    assert data[offset : offset + len(value)] == value, "the magic finds the stored mimetype member"
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert archive.namelist()[0] == "mimetype"


def test_icon_is_a_square_svg():
    root = ET.parse(PACKAGING / "epaperdesk.svg").getroot()
    assert root.tag.endswith("svg") and root.get("viewBox") == "0 0 128 128"


def test_install_desktop_for_the_user(tmp_path):
    env = {**os.environ, "XDG_DATA_HOME": str(tmp_path)}
    result = subprocess.run(
        ["make", "-s", "install-desktop"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=600
    )
    assert result.returncode == 0, result.stdout + result.stderr
    installed = (tmp_path / "applications" / "epaperdesk.desktop").read_text()
    assert f"Exec={ROOT}/.venv/bin/epaperdesk %f" in installed
    assert (tmp_path / "icons" / "hicolor" / "scalable" / "apps" / "epaperdesk.svg").exists()
    assert (tmp_path / "mime" / "packages" / "epaperdesk.xml").exists()
    assert (tmp_path / "metainfo" / METAINFO.name).exists()


@pytest.mark.slow
def test_bundle_builds_and_exports(tmp_path, sample_path):
    result = subprocess.run(["make", "-s", "dist"], cwd=ROOT, capture_output=True, text=True, timeout=1800)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    bundled = ROOT / "dist" / "epaperdesk" / "epaperdesk"
    out = tmp_path / "bundle.pdf"
    result = subprocess.run(
        [str(bundled), "export", str(sample_path), "-o", str(out)], capture_output=True, text=True, timeout=300
    )
    assert result.returncode == 0, result.stderr
    assert out.read_bytes().startswith(b"%PDF-")
    assert (ROOT / "dist" / "epaperdesk" / "_internal" / "resources" / "samples" / "meridian-weekly.epd").exists()
