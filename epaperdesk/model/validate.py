"""Consistency checks over a whole edition: every reference resolves, threads are chains.

Each check is a small generator of problem messages; `find_problems` runs them in order.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field

from epaperdesk.model.edition import LANGUAGES, Edition
from epaperdesk.model.frames import BoxFrame, Frame, ImageFrame, RuleFrame, TextFrame
from epaperdesk.model.overrides import character_style, is_local, paragraph_style
from epaperdesk.model.page import Page
from epaperdesk.model.styles import CharacterStyle, ParagraphStyle

Problems = Iterator[str]


def find_problems(edition: Edition) -> list[str]:
    """Every broken reference or inconsistency, each named; empty when the edition is sound."""
    return [problem for check in CHECKS for problem in check(edition)]


def _language(edition: Edition) -> Problems:
    if edition.language not in LANGUAGES:
        yield f"edition language {edition.language!r} is not one of {LANGUAGES}"


def _page_ids(edition: Edition) -> Problems:
    page_ids: set[str] = set()
    for page in edition.pages:
        if page.id in page_ids:
            yield f"page id {page.id!r} is used twice"
        page_ids.add(page.id)


def _masters(edition: Edition) -> Problems:
    page_ids = {page.id for page in edition.pages}
    master_ids: set[str] = set()
    for master in edition.masters:
        if master.id in page_ids or master.id in master_ids:
            yield f"master page id {master.id!r} is used twice"
        master_ids.add(master.id)
        if master.master is not None:
            yield f"master page {master.id!r} cannot itself use a master"
        for frame in master.frames:
            if isinstance(frame, TextFrame) and frame.next_frame_id is not None:
                yield f"frame {frame.id!r} on master page {master.id!r} cannot be threaded"


def _page_sizes(edition: Edition) -> Problems:
    sizes = {(round(p.width, 3), round(p.height, 3)) for p in [*edition.pages, *edition.masters]}
    if len(sizes) > 1:
        yield "the pages of an edition must all have the same size"


def _pages_use_masters(edition: Edition) -> Problems:
    for page in edition.pages:
        if page.master is None:
            if page.hidden_master_frames:
                yield f"page {page.id!r} overrides master items but uses no master"
            continue
        master = edition.master_of(page)
        if master is None:
            yield f"page {page.id!r} uses missing master page {page.master!r}"
            continue
        own = {f.id for f in master.frames}
        for hidden in page.hidden_master_frames:
            if hidden not in own:
                yield f"page {page.id!r} overrides {hidden!r}, which is not an item of master {master.id!r}"


def _frame_ids(edition: Edition) -> Problems:
    seen: set[str] = set()
    for _page, frame in edition.all_frames():
        if frame.id in seen:
            yield f"frame id {frame.id!r} is used twice"
        seen.add(frame.id)


@dataclass
class _Threads:
    """What the frame checks learn while walking the frames: who follows whom, which frame
    heads each story's thread."""

    frame_by_id: dict[str, Frame]
    predecessors: dict[str, str] = field(default_factory=dict)
    story_heads: dict[str, str] = field(default_factory=dict)


def _frames(edition: Edition) -> Problems:
    """Each frame's references (per kind of frame), then thread loops."""
    frames = edition.all_frames()
    threads = _Threads({frame.id: frame for _page, frame in frames})
    for page, frame in frames:
        yield from _frame_references(edition, page, frame, threads)
    loop_members = _loop_members(threads.frame_by_id)
    if loop_members:
        yield f"frames {sorted(loop_members)} form a thread loop"


def _frame_references(edition: Edition, page: Page, frame: Frame, threads: _Threads) -> Problems:
    where = f"frame {frame.id!r} on page {page.id!r}"
    if isinstance(frame, TextFrame):
        yield from _text_frame_story(edition, where, frame, threads)
        yield from _text_frame_thread(where, frame, threads)
    elif isinstance(frame, ImageFrame):
        yield from _image_frame(edition, where, frame)
    elif isinstance(frame, RuleFrame):
        if frame.color not in edition.swatches:
            yield f"{where} uses missing swatch {frame.color!r}"
    elif isinstance(frame, BoxFrame):
        for colour in (frame.fill, frame.stroke):
            if colour is not None and colour not in edition.swatches:
                yield f"{where} uses missing swatch {colour!r}"


def _text_frame_story(edition: Edition, where: str, frame: TextFrame, threads: _Threads) -> Problems:
    story_id = frame.story_id
    if story_id is None:
        return
    if story_id not in edition.stories:
        yield f"{where} refers to missing story {story_id!r}"
    elif story_id in threads.story_heads:
        yield f"story {story_id!r} is placed in two threads ({threads.story_heads[story_id]!r} and {frame.id!r})"
    else:
        threads.story_heads[story_id] = frame.id


def _text_frame_thread(where: str, frame: TextFrame, threads: _Threads) -> Problems:
    next_id = frame.next_frame_id
    if next_id is None:
        return
    target = threads.frame_by_id.get(next_id)
    if target is None:
        yield f"{where} threads to missing frame {next_id!r}"
    elif not isinstance(target, TextFrame):
        yield f"{where} threads to {next_id!r}, which is not a text frame"
    elif next_id in threads.predecessors:
        yield f"frame {next_id!r} follows both {threads.predecessors[next_id]!r} and {frame.id!r}"
    else:
        threads.predecessors[next_id] = frame.id
        if target.story_id is not None:
            yield f"frame {target.id!r} continues a thread but names story {target.story_id!r} itself"


def _image_frame(edition: Edition, where: str, frame: ImageFrame) -> Problems:
    if frame.image is not None and frame.image not in edition.images:
        yield f"{where} shows image {frame.image!r}, which is not in the edition"
    if frame.caption_story_id is not None and frame.caption_story_id not in edition.stories:
        yield f"{where} has missing caption story {frame.caption_story_id!r}"


def _stories(edition: Edition) -> Problems:
    for story_id, story in edition.stories.items():
        if story.id != story_id:
            yield f"story stored as {story_id!r} has id {story.id!r}"
        if story.language not in LANGUAGES:
            yield f"story {story_id!r} language {story.language!r} is not one of {LANGUAGES}"
        for name in sorted(set(story.paragraph_styles)):
            if paragraph_style(edition.paragraph_styles, name) is None:
                yield f"story {story_id!r} uses missing paragraph style {name!r}"
        for name in sorted(story.spans):
            if character_style(edition.character_styles, name) is None:
                yield f"story {story_id!r} uses missing character style {name!r}"


def _corrections(edition: Edition) -> Problems:
    for correction_id, correction in edition.corrections.items():
        if correction.id != correction_id:
            yield f"correction stored as {correction_id!r} has id {correction.id!r}"
        story = edition.stories.get(correction.story_id)
        if story is None:
            yield f"correction {correction_id!r} marks missing story {correction.story_id!r}"
        elif correction_id not in story.anchors:
            yield f"correction {correction_id!r} has no anchor in story {correction.story_id!r}"


def _anchors(edition: Edition) -> Problems:
    for story_id, story in edition.stories.items():
        for correction_id in story.anchors:
            correction = edition.corrections.get(correction_id)
            if correction is None or correction.story_id != story_id:
                yield f"story {story_id!r} anchors unknown correction {correction_id!r}"


def _based_on(kind: str, styles: Mapping[str, ParagraphStyle | CharacterStyle]) -> Problems:
    """Every based-on link names a style of the table, and no chain of them loops."""
    for name, style in styles.items():
        seen = [name]
        current: ParagraphStyle | CharacterStyle | None = style
        while current is not None and current.based_on is not None:
            if current.based_on not in styles:
                yield f"{kind} style {current.name!r} is based on missing style {current.based_on!r}"
                break
            if current.based_on in seen:
                yield f"{kind} style {name!r} is based on itself ({' → '.join(seen + [current.based_on])})"
                break
            seen.append(current.based_on)
            current = styles[current.based_on]


def _paragraph_styles(edition: Edition) -> Problems:
    for name, style in edition.paragraph_styles.items():
        if style.name != name:
            yield f"paragraph style stored as {name!r} is named {style.name!r}"
        if style.color not in edition.swatches:
            yield f"paragraph style {name!r} uses missing swatch {style.color!r}"
        if style.next_style is not None and style.next_style not in edition.paragraph_styles:
            yield f"paragraph style {name!r} is followed by missing style {style.next_style!r}"
    yield from _based_on("paragraph", edition.paragraph_styles)


def _character_styles(edition: Edition) -> Problems:
    for name, style in edition.character_styles.items():
        if style.name != name:
            yield f"character style stored as {name!r} is named {style.name!r}"
        if is_local(name):
            yield f"character style {name!r}: names starting with 'local:' are kept for local formatting"
        if style.color is not None and style.color not in edition.swatches:
            yield f"character style {name!r} uses missing swatch {style.color!r}"
    yield from _based_on("character", edition.character_styles)


def _swatch_names(edition: Edition) -> Problems:
    for name, swatch in edition.swatches.items():
        if swatch.name != name:
            yield f"swatch stored as {name!r} is named {swatch.name!r}"
        if swatch.base is not None:
            base = edition.swatches.get(swatch.base)
            if base is None:
                yield f"swatch {name!r} is a tint of missing swatch {swatch.base!r}"
            elif base.base is not None:
                yield f"swatch {name!r} is a tint of another tint ({swatch.base!r})"
    for required in ("Black", "Paper"):
        if required not in edition.swatches:
            yield f"the edition has no swatch {required!r}"


def _image_names(edition: Edition) -> Problems:
    for name, asset in edition.images.items():
        if asset.name != name:
            yield f"image stored as {name!r} is named {asset.name!r}"


def _hyphenation_exceptions(edition: Edition) -> Problems:
    for word, breaks in edition.hyphenation_exceptions.items():
        if breaks is not None and breaks.replace("-", "") != word:
            yield f"hyphenation exception {breaks!r} does not spell {word!r}"


CHECKS: tuple[Callable[[Edition], Problems], ...] = (
    _language,
    _page_ids,
    _masters,
    _page_sizes,
    _pages_use_masters,
    _frame_ids,
    _frames,
    _stories,
    _corrections,
    _anchors,
    _paragraph_styles,
    _character_styles,
    _swatch_names,
    _image_names,
    _hyphenation_exceptions,
)


def _loop_members(frame_by_id: dict[str, Frame]) -> list[str]:
    """The frames that lie on a thread loop, found in one walk of each thread (each frame is
    visited once: a thread of 10,000 frames is not walked 10,000 times)."""
    state: dict[str, int] = {}  # 1: on the walk being made, 2: done
    members: list[str] = []
    for start in frame_by_id:
        path: list[str] = []
        current: str | None = start
        while current is not None and state.get(current) is None:
            state[current] = 1
            path.append(current)
            frame = frame_by_id.get(current)
            current = frame.next_frame_id if isinstance(frame, TextFrame) else None
        if current is not None and state.get(current) == 1:  # back onto this walk: a loop
            members.extend(path[path.index(current) :])
        for frame_id in path:
            state[frame_id] = 2
    return members
