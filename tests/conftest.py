"""Shared fixtures: a small edition built in code, and the bundled sample edition."""

from __future__ import annotations

import datetime
import importlib.util
import os
import tempfile
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# caches (edition fonts, converted images) go to a folder of the test run, not the user's
os.environ["XDG_CACHE_HOME"] = tempfile.mkdtemp(prefix="epaperdesk-test-cache-")
os.environ["XDG_CONFIG_HOME"] = tempfile.mkdtemp(prefix="epaperdesk-test-config-")  # QSettings: recent files

from epaperdesk.geometry import Rect
from epaperdesk.model import (
    BoxFrame,
    Edition,
    ImageFrame,
    Page,
    ParagraphStyle,
    Story,
    TextFrame,
)

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "resources" / "samples" / "meridian-weekly.epd"


def make_small_edition() -> Edition:
    """Two pages, a story threaded across both, a second story, a photo and a box."""
    edition = Edition(
        title="Test Weekly",
        volume=2,
        number=7,
        date=datetime.date(2026, 3, 5),
        edition_line="WEEKLY EDITION",
        paragraph_styles={
            "body": ParagraphStyle("body"),
            "headline": ParagraphStyle("headline", weight=700, size=24, leading=26, alignment="left"),
        },
    )
    edition.stories = {
        "s1": Story(
            "s1", "Headline\nFirst paragraph of text.\nSecond one.", ["headline", "body", "body"], {"bold": [(0, 8)]}
        ),
        "s2": Story("s2", "Another story.", ["body"]),
        "cap": Story("cap", "A caption.", ["body"]),
    }
    p1 = Page.from_preset("p1", "tabloid")
    p1.frames = [
        TextFrame("t1", Rect(34, 34, 300, 400), story_id="s1", columns=2, next_frame_id="t2"),
        TextFrame("t2", Rect(340, 34, 300, 400)),
        ImageFrame("i1", Rect(34, 450, 300, 200), caption_story_id="cap"),
        BoxFrame("b1", Rect(0, 1100, 793, 60), fill="Black", tint=20),
    ]
    p2 = Page.from_preset("p2", "tabloid")
    p2.frames = [
        TextFrame("t3", Rect(34, 34, 300, 400)),
        TextFrame("t4", Rect(340, 34, 300, 400), story_id="s2"),
    ]
    edition.pages = [p1, p2]
    edition.stories["s1"].check()
    return edition


@pytest.fixture(autouse=True)
def own_data_folder(tmp_path_factory, monkeypatch):
    """Every test gets its own user data folder (autosave copies live there) and starts from
    default preferences (QSettings caches its file's path, so it is cleared instead)."""
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path_factory.mktemp("data")))
    from PySide6.QtCore import QSettings

    QSettings("EpaperDesk", "EpaperDesk").clear()


@pytest.fixture
def small_edition() -> Edition:
    return make_small_edition()


@pytest.fixture(scope="session")
def sample_path() -> Path:
    return SAMPLE


@pytest.fixture(scope="session")
def build_sample_module():
    """resources/samples/build_sample.py, imported as a module."""
    path = ROOT / "resources" / "samples" / "build_sample.py"
    spec = importlib.util.spec_from_file_location("build_sample", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_teardown(item, nextitem):
    """Let go of a test's fixture values once it is torn down: pytest keeps them on the test
    item for the whole session, so every window (its edition, layout and caches) stayed in
    memory — 12 GB over the GUI tests."""
    yield
    funcargs = getattr(item, "funcargs", None)
    if isinstance(funcargs, dict):
        funcargs.clear()
