"""The bytes of a clip (copied frames, see model/clipboard.py) on the system clipboard.

A clip is a whole, sound edition of one page, so it travels as a small .epd: the same
container, written by io/epd.py and read back with all its limits and validation. Whatever
reaches us under our clipboard type may come from another program or a damaged clipboard, so
it is read exactly as a hostile file would be, and refused with a ClipError naming the problem.
"""

from __future__ import annotations

from epaperdesk.io.epd import EpdError, edition_from_bytes, edition_to_bytes
from epaperdesk.model.edition import Edition
from epaperdesk.model.validate import find_problems

MAX_CLIP_BYTES = 200 * 1024**2  # copied frames with their photos, as the clipboard holds them
LABEL = "the clipboard's frames"


class ClipError(EpdError):
    """Copied frames that cannot be put on or taken from the clipboard; the message says why."""


def clip_to_bytes(clip: Edition) -> bytes:
    """The clipboard bytes of a clip (ClipError when it is not sound or too large)."""
    _check_clip(clip)
    data = edition_to_bytes(clip)
    if len(data) > MAX_CLIP_BYTES:
        raise ClipError(
            f"the copied frames take {len(data) / 2**20:.0f} MB with their photos and fonts, "
            f"more than the {MAX_CLIP_BYTES // 2**20} MB the clipboard takes: copy fewer frames"
        )
    return data


def clip_from_bytes(data: bytes) -> Edition:
    """The clip held in clipboard bytes, validated as a file is (ClipError when it is not)."""
    if not isinstance(data, bytes | bytearray | memoryview):
        raise ClipError(f"{LABEL}: not bytes but {type(data).__name__}")
    if len(data) == 0:
        raise ClipError(f"{LABEL}: the clipboard holds no data")
    if len(data) > MAX_CLIP_BYTES:
        raise ClipError(f"{LABEL}: {len(data) / 2**20:.0f} MB, more than the {MAX_CLIP_BYTES // 2**20} MB allowed")
    try:
        clip = edition_from_bytes(bytes(data), LABEL)
    except EpdError as error:
        raise ClipError(str(error)) from None
    _check_clip(clip)
    return clip


def _check_clip(clip: Edition) -> None:
    if len(clip.pages) != 1 or clip.masters:
        raise ClipError(f"{LABEL}: a clip holds one page, not {len(clip.pages)} (and no master pages)")
    problems = find_problems(clip)
    if problems:
        raise ClipError(f"{LABEL}: {problems[0]}")
