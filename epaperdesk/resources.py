"""Where the shipped resources are (preflight profiles, the e-paper schema): the repository's
resources/ folder, or the bundle's when EpaperDesk runs from a PyInstaller build."""

from __future__ import annotations

import os
import sys
from pathlib import Path


def resources_folder() -> Path:
    override = os.environ.get("EPAPERDESK_RESOURCES")
    if override:
        return Path(override)
    bundle = getattr(sys, "_MEIPASS", None)
    if bundle:
        return Path(bundle) / "resources"
    return Path(__file__).resolve().parent.parent / "resources"


def resource(*parts: str) -> Path:
    return resources_folder().joinpath(*parts)
