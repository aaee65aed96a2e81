"""Consistency checks over a whole edition: every reference resolves, threads are chains."""

from __future__ import annotations

from epaperdesk.model.edition import LANGUAGES, Edition
from epaperdesk.model.frames import BoxFrame, ImageFrame, RuleFrame, TextFrame


def find_problems(edition: Edition) -> list[str]:
    """Every broken reference or inconsistency, each named; empty when the edition is sound."""
    problems: list[str] = []
    add = problems.append

    if edition.language not in LANGUAGES:
        add(f"edition language {edition.language!r} is not one of {LANGUAGES}")

    page_ids: set[str] = set()
    for page in edition.pages:
        if page.id in page_ids:
            add(f"page id {page.id!r} is used twice")
        page_ids.add(page.id)

    master_ids: set[str] = set()
    for master in edition.masters:
        if master.id in page_ids or master.id in master_ids:
            add(f"master page id {master.id!r} is used twice")
        master_ids.add(master.id)
        if master.master is not None:
            add(f"master page {master.id!r} cannot itself use a master")
        for frame in master.frames:
            if isinstance(frame, TextFrame) and frame.next_frame_id is not None:
                add(f"frame {frame.id!r} on master page {master.id!r} cannot be threaded")
    sizes = {(round(p.width, 3), round(p.height, 3)) for p in [*edition.pages, *edition.masters]}
    if len(sizes) > 1:
        add("the pages of an edition must all have the same size")
    for page in edition.pages:
        if page.master is None:
            if page.hidden_master_frames:
                add(f"page {page.id!r} overrides master items but uses no master")
            continue
        master = edition.master_of(page)
        if master is None:
            add(f"page {page.id!r} uses missing master page {page.master!r}")
            continue
        own = {f.id for f in master.frames}
        for hidden in page.hidden_master_frames:
            if hidden not in own:
                add(f"page {page.id!r} overrides {hidden!r}, which is not an item of master {master.id!r}")

    frames = edition.all_frames()
    frame_by_id = {}
    for _page, frame in frames:
        if frame.id in frame_by_id:
            add(f"frame id {frame.id!r} is used twice")
        frame_by_id[frame.id] = frame

    predecessors: dict[str, str] = {}
    story_heads: dict[str, str] = {}
    for page, frame in frames:
        where = f"frame {frame.id!r} on page {page.id!r}"
        if isinstance(frame, TextFrame):
            if frame.story_id is not None:
                if frame.story_id not in edition.stories:
                    add(f"{where} refers to missing story {frame.story_id!r}")
                elif frame.story_id in story_heads:
                    add(
                        f"story {frame.story_id!r} is placed in two threads ({story_heads[frame.story_id]!r} and {frame.id!r})"
                    )
                else:
                    story_heads[frame.story_id] = frame.id
            if frame.next_frame_id is not None:
                target = frame_by_id.get(frame.next_frame_id)
                if target is None:
                    add(f"{where} threads to missing frame {frame.next_frame_id!r}")
                elif not isinstance(target, TextFrame):
                    add(f"{where} threads to {frame.next_frame_id!r}, which is not a text frame")
                elif frame.next_frame_id in predecessors:
                    add(
                        f"frame {frame.next_frame_id!r} follows both {predecessors[frame.next_frame_id]!r} and {frame.id!r}"
                    )
                else:
                    predecessors[frame.next_frame_id] = frame.id
                    if target.story_id is not None:
                        add(f"frame {target.id!r} continues a thread but names story {target.story_id!r} itself")
        elif isinstance(frame, ImageFrame):
            if frame.image is not None and frame.image not in edition.images:
                add(f"{where} shows image {frame.image!r}, which is not in the edition")
            if frame.caption_story_id is not None and frame.caption_story_id not in edition.stories:
                add(f"{where} has missing caption story {frame.caption_story_id!r}")
        elif isinstance(frame, RuleFrame):
            if frame.color not in edition.swatches:
                add(f"{where} uses missing swatch {frame.color!r}")
        elif isinstance(frame, BoxFrame):
            for colour in (frame.fill, frame.stroke):
                if colour is not None and colour not in edition.swatches:
                    add(f"{where} uses missing swatch {colour!r}")

    loop_members = [fid for fid in predecessors if _in_loop(fid, frame_by_id)]
    if loop_members:
        add(f"frames {sorted(loop_members)} form a thread loop")

    for story_id, story in edition.stories.items():
        if story.id != story_id:
            add(f"story stored as {story_id!r} has id {story.id!r}")
        if story.language not in LANGUAGES:
            add(f"story {story_id!r} language {story.language!r} is not one of {LANGUAGES}")
        for name in sorted(set(story.paragraph_styles)):
            if name not in edition.paragraph_styles:
                add(f"story {story_id!r} uses missing paragraph style {name!r}")
        for name in sorted(story.spans):
            if name not in edition.character_styles:
                add(f"story {story_id!r} uses missing character style {name!r}")

    for correction_id, correction in edition.corrections.items():
        if correction.id != correction_id:
            add(f"correction stored as {correction_id!r} has id {correction.id!r}")
        story = edition.stories.get(correction.story_id)
        if story is None:
            add(f"correction {correction_id!r} marks missing story {correction.story_id!r}")
        elif correction_id not in story.anchors:
            add(f"correction {correction_id!r} has no anchor in story {correction.story_id!r}")
    for story_id, story in edition.stories.items():
        for correction_id in story.anchors:
            correction = edition.corrections.get(correction_id)
            if correction is None or correction.story_id != story_id:
                add(f"story {story_id!r} anchors unknown correction {correction_id!r}")

    for name, style in edition.paragraph_styles.items():
        if style.name != name:
            add(f"paragraph style stored as {name!r} is named {style.name!r}")
        if style.color not in edition.swatches:
            add(f"paragraph style {name!r} uses missing swatch {style.color!r}")
    for name, style in edition.character_styles.items():
        if style.name != name:
            add(f"character style stored as {name!r} is named {style.name!r}")
        if style.color is not None and style.color not in edition.swatches:
            add(f"character style {name!r} uses missing swatch {style.color!r}")
    for name, swatch in edition.swatches.items():
        if swatch.name != name:
            add(f"swatch stored as {name!r} is named {swatch.name!r}")
    for name, asset in edition.images.items():
        if asset.name != name:
            add(f"image stored as {name!r} is named {asset.name!r}")
    for word, breaks in edition.hyphenation_exceptions.items():
        if breaks is not None and breaks.replace("-", "") != word:
            add(f"hyphenation exception {breaks!r} does not spell {word!r}")
    return problems


def _in_loop(frame_id: str, frame_by_id: dict) -> bool:
    seen = set()
    current = frame_by_id.get(frame_id)
    while isinstance(current, TextFrame) and current.next_frame_id is not None:
        if current.next_frame_id == frame_id:
            return True
        if current.id in seen:
            return False
        seen.add(current.id)
        current = frame_by_id.get(current.next_frame_id)
    return False
