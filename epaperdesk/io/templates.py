"""Templates to start an edition from: the shipped ones (resources/templates) and the user's
own (~/.local/share/epaperdesk/templates), a user's template winning over a shipped one of
the same name. A template is an ordinary .epd: its styles, swatches, fonts, house settings
and master pages are what a new edition takes from it."""

from __future__ import annotations

import copy
import os
import re
from pathlib import Path

import platformdirs

from epaperdesk.io.epd import EpdError, SaveError, load_edition, save_edition
from epaperdesk.model.edition import Edition
from epaperdesk.model.frames import ImageFrame, TextFrame
from epaperdesk.resources import resource

SUFFIX = ".epd"
_NAME = re.compile(r"^[\w][\w .,'()-]{0,79}$")


class TemplateError(Exception):
    """A template that cannot be found, read or saved; the message says which and why."""


def user_templates_folder() -> Path:
    return Path(platformdirs.user_data_dir("epaperdesk")) / "templates"


def shipped_templates_folder() -> Path:
    return resource("templates")


def list_templates() -> dict[str, Path]:
    """Template name → file, shipped ones first, then the user's (which win)."""
    found: dict[str, Path] = {}
    for folder in (shipped_templates_folder(), user_templates_folder()):
        try:
            entries = sorted(folder.iterdir())
        except OSError:
            continue
        for path in entries:
            if path.suffix == SUFFIX and path.is_file():
                found[path.stem] = path
    return found


def load_template(name_or_path: str | os.PathLike[str]) -> Edition:
    """A template by name ("tabloid") or by path."""
    templates = list_templates()
    text = str(name_or_path)
    path = templates.get(text) or Path(text)
    if not path.exists():
        known = ", ".join(templates) or "none"
        raise TemplateError(f"no template {text!r} (templates: {known})")
    try:
        return load_edition(path)
    except EpdError as error:
        raise TemplateError(f"template {path.name} cannot be opened: {error}") from None


def save_template(edition: Edition, name: str) -> Path:
    """Keep an edition as a user template (its pages' own frames and stories are left out:
    a template carries the house style and the master pages)."""
    name = name.strip()
    if not _NAME.match(name):
        raise TemplateError(f"{name!r} cannot name a template: use letters, digits, spaces and - . , ' ( )")
    folder = user_templates_folder()
    try:
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / f"{name}{SUFFIX}"
        save_edition(template_of(edition), path)
    except (OSError, SaveError) as error:
        raise TemplateError(f"cannot save the template {name!r}: {error}") from None
    return path


def template_of(edition: Edition) -> Edition:
    """What a template keeps of an edition: everything but its pages' content."""
    kept = copy.deepcopy(edition)
    master_stories = {
        frame.story_id
        for master in kept.masters
        for frame in master.frames
        if isinstance(frame, TextFrame) and frame.story_id is not None
    }
    kept.stories = {k: v for k, v in kept.stories.items() if k in master_stories}
    for story in kept.stories.values():
        story.anchors = {}
    kept.corrections = {}
    master_images = {frame.image for master in kept.masters for frame in master.frames if isinstance(frame, ImageFrame)}
    kept.images = {k: v for k, v in kept.images.items() if k in master_images}
    for page in kept.pages:
        page.frames = []
        page.hidden_master_frames = ()
        page.guides = ()
    kept.pages = kept.pages[:2]
    return kept
