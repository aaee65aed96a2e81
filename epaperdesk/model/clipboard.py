"""Cut, copy, paste and Step and Repeat of frames: what a copy takes along and what a paste
adds, decided here without Qt (ui/clipboard.py only moves the bytes).

A copy makes a *clip*: a small, sound edition of one page (of the source page's size) holding
copies of the frames at their own places — with the caption frames of copied photos — and what
they need to look the same elsewhere: the stories of the copied threads and captions, the
images the frames show, the paragraph and character styles, swatches and fonts those use. The
clip keeps the frames' own ids, so a paste can name its copies after the originals.

Threads: a thread copied whole keeps its links; of a thread copied in part, the copied frames
keep the part of the thread they have (linked in thread order, the story with the head frame);
a copied frame that continues a thread whose head was not copied becomes an empty frame, and
the copy says so in its notes.

A paste is one edit adding everything with fresh ids ("lead-body-2", a copy of that
"lead-body-3": never "x-copy1-copy1"), images only when the edition lacks them (same content
hash, same name), styles and swatches only when it lacks them: a style of the same name that
differs is kept as the edition has it, and the pasted text takes it (a note says so).
"""

from __future__ import annotations

import copy
import dataclasses
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any

from epaperdesk.geometry import Rect
from epaperdesk.model.edition import Edition, FontAsset
from epaperdesk.model.edits import (
    AddFont,
    AddFrame,
    AddImage,
    AddStory,
    CompositeEdit,
    Edit,
    EditError,
    SetStyle,
    SetThreadLink,
)
from epaperdesk.model.frame_edits import DUPLICATE_OFFSET, copy_id, used_ids, with_followers
from epaperdesk.model.frames import BoxFrame, Frame, ImageFrame, RuleFrame, TextFrame
from epaperdesk.model.overrides import OverrideError, is_local, split_local_span, style_name
from epaperdesk.model.page import Page
from epaperdesk.model.story import Story
from epaperdesk.model.style_sheets import inherit, table
from epaperdesk.model.validate import find_problems

PASTE_OFFSET = DUPLICATE_OFFSET  # points right and down: where Paste puts the copies (Paste in Place: 0)
PASTEBOARD = 36.0  # points beyond the page's edges where pasted frames may still stand
MAX_REPEAT = 100  # copies one Step and Repeat makes at most
_MAX_CASCADE = 50  # pastes onto the same place step further, this many steps at most
_NUMBERED_NAME = re.compile(r"^(.*\S) (\d+)$")


# -- copy -------------------------------------------------------------------------------------


def make_clip(edition: Edition, frame_ids: Sequence[str]) -> Edition:
    """The clip of the frames (see copy_frames, which also says what the copy left out)."""
    return copy_frames(edition, frame_ids)[0]


def copy_frames(edition: Edition, frame_ids: Sequence[str]) -> tuple[Edition, list[str]]:
    """The clip of the frames (and the caption frames of the photos among them), and notes
    for the user about what the copy could not take along. EditError when none of the ids
    names a frame."""
    located = _located(edition, with_followers(edition, frame_ids))
    if not located:
        raise EditError("there are no frames to copy")
    chosen = {frame.id for _, frame in located}
    notes: list[str] = []
    frames: list[Frame] = []
    story_ids: list[str] = []
    for _, frame in located:
        clone = copy.deepcopy(frame)
        if isinstance(clone, TextFrame) and isinstance(frame, TextFrame):
            clone = _threaded_copy(edition, frame, chosen, notes)
            if clone.story_id is not None:
                story_ids.append(clone.story_id)
        elif isinstance(clone, ImageFrame) and clone.caption_story_id is not None:
            story_ids.append(clone.caption_story_id)
        frames.append(clone)
    stories = {
        sid: dataclasses.replace(copy.deepcopy(edition.stories[sid]), anchors={})
        for sid in story_ids
        if sid in edition.stories
    }
    clip = _clip_edition(edition, located[0][0], frames, stories)
    problems = find_problems(clip)
    if problems:  # the source edition itself is not sound
        raise EditError(f"cannot copy these frames: {problems[0]}")
    return clip, notes


def _located(edition: Edition, frame_ids: Iterable[str]) -> list[tuple[Page, Frame]]:
    """(page, frame) of the ids that name frames, pages in order, frames in stacking order."""
    wanted = set(frame_ids)
    return [(page, frame) for page in [*edition.pages, *edition.masters] for frame in page.frames if frame.id in wanted]


def _threaded_copy(edition: Edition, frame: TextFrame, chosen: set[str], notes: list[str]) -> TextFrame:
    """A text frame's copy: linked to the next copied frame of its thread, naming the story
    when it is the head; empty when its thread's head is not among the copied frames."""
    head = edition.thread_head(frame)
    if head.id not in chosen:
        if head.story_id is not None:
            story = edition.stories.get(head.story_id)
            name = story.name if story is not None and story.name else head.story_id
            notes.append(
                f"Frame {frame.id} continues the story “{name}”, whose first frame was not copied: its copy is empty."
            )
        return dataclasses.replace(copy.deepcopy(frame), story_id=None, next_frame_id=None)
    thread = [f.id for f in edition.thread(head.id) if f.id in chosen]
    position = thread.index(frame.id)
    following = thread[position + 1] if position + 1 < len(thread) else None
    story_id = frame.story_id if frame.id == head.id else None
    return dataclasses.replace(copy.deepcopy(frame), story_id=story_id, next_frame_id=following)


def _clip_edition(edition: Edition, source: Page, frames: list[Frame], stories: dict[str, Story]) -> Edition:
    page = Page(
        source.id,
        source.width,
        source.height,
        size_preset=source.size_preset,
        margins=source.margins,
        grid=source.grid,
        bleed=source.bleed,
        baseline_grid=source.baseline_grid,
        frames=frames,
    )
    paragraph = _closure(edition.paragraph_styles, _paragraph_names(stories.values()), ("based_on", "next_style"))
    character = _closure(edition.character_styles, _character_names(stories.values()), ("based_on",))
    colours = {"Black", "Paper"} | _frame_colours(frames)
    colours |= {s.color for s in paragraph.values()} | {s.color for s in character.values() if s.color is not None}
    swatches = _closure(edition.swatches, colours, ("base",))
    families = {s.font_family for s in paragraph.values()} | {
        s.font_family for s in character.values() if s.font_family is not None
    }
    families |= _local_families(stories.values())
    images = {f.image for f in frames if isinstance(f, ImageFrame) and f.image is not None}
    return Edition(
        title=edition.title,
        volume=edition.volume,
        number=edition.number,
        date=edition.date,
        edition_line=edition.edition_line,
        language=edition.language,
        pages=[page],
        stories=stories,
        paragraph_styles=paragraph,
        character_styles=character,
        swatches=swatches,
        images={name: edition.images[name] for name in sorted(images) if name in edition.images},
        fonts={name: font for name, font in edition.fonts.items() if font.family in families},
        hyphenation_exceptions=dict(edition.hyphenation_exceptions),  # the copies break lines as the originals
        jumps=edition.jumps,
    )


def _paragraph_names(stories: Iterable[Story]) -> set[str]:
    return {style_name(entry) for story in stories for entry in story.paragraph_styles}


def _character_names(stories: Iterable[Story]) -> set[str]:
    return {name for story in stories for name in story.spans if not is_local(name)}


def _local_families(stories: Iterable[Story]) -> set[str]:
    """Fonts named by local formatting ("local:font_family=…")."""
    families: set[str] = set()
    for name in (n for story in stories for n in story.spans if is_local(n)):
        try:
            field, value = split_local_span(name)
        except OverrideError:
            continue
        if field == "font_family" and isinstance(value, str):
            families.add(value)
    return families


def _frame_colours(frames: Iterable[Frame]) -> set[str]:
    colours: set[str] = set()
    for frame in frames:
        if isinstance(frame, RuleFrame):
            colours.add(frame.color)
        elif isinstance(frame, BoxFrame):
            colours |= {c for c in (frame.fill, frame.stroke) if c is not None}
    return colours


def _closure(styles: Mapping[str, Any], names: Iterable[str], links: tuple[str, ...]) -> dict[str, Any]:
    """The named styles (those the table has) with every style they link to, in table order."""
    wanted: set[str] = set()
    queue = [n for n in names if n in styles]
    while queue:
        name = queue.pop()
        if name in wanted:
            continue
        wanted.add(name)
        for link in links:
            target = getattr(styles[name], link, None)
            if isinstance(target, str) and target in styles and target not in wanted:
                queue.append(target)
    return {name: style for name, style in styles.items() if name in wanted}


# -- paste ------------------------------------------------------------------------------------


def paste_clip(
    edition: Edition, clip: Edition, page_id: str, dx: float = 0.0, dy: float = 0.0, *, clamp: bool = True
) -> tuple[Edit | None, list[str], list[str]]:
    """The edit that pastes a clip's frames onto a page, moved by (dx, dy), with everything
    they need; the pasted frames' ids (in the clip's stacking order, on top of the page's
    frames); notes for the user. The frames keep their places on a page of another size, but
    as a whole they are moved back onto the pasteboard near the page where they would leave
    it (with `clamp` false, EditError instead, when they would not touch the page at all)."""
    try:
        page = edition.page_by_id(page_id)
    except KeyError:
        raise EditError(f"no page {page_id!r} to paste onto") from None
    problems = find_problems(clip)
    if problems:
        raise EditError(f"the copied frames cannot be pasted: {problems[0]}")
    frames = [frame for clip_page in clip.pages for frame in clip_page.frames]
    if not frames:
        return None, [], ["There are no frames to paste."]
    notes: list[str] = []
    shift = _placement(frames, page, dx, dy, clamp, notes)
    taken = used_ids(edition)
    names = _renamed((f.id for f in frames), taken)
    story_names = _renamed(_placed_stories(frames, clip), taken)
    groups = _new_groups(edition, frames, taken)
    on_master = any(page is master for master in edition.masters)
    threaded = not (on_master and _unthread_note(frames, clip, notes))
    edits: list[Edit] = []
    edits += _style_edits(edition, clip, notes)
    edits += _font_edits(edition, clip, notes)
    edits += [
        AddImage(clip.images[name])
        for name in dict.fromkeys(f.image for f in frames if isinstance(f, ImageFrame) and f.image is not None)
        if name not in edition.images
    ]
    edits += [AddStory(_pasted_story(edition, clip.stories[old], new)) for old, new in story_names.items()]
    pasted = [_pasted_frame(f, names, story_names, groups, shift, threaded) for f in frames]
    edits += _frame_additions(page, pasted)
    return CompositeEdit(tuple(edits), "Paste"), [names[f.id] for f in frames], notes


def paste_offset(edition: Edition, clip: Edition, page_id: str, step: float = PASTE_OFFSET) -> float:
    """How far right and down Paste puts the copies on a page: one step, or as many steps as
    it takes for them not to land exactly on frames already there (pasting twice cascades)."""
    try:
        page = edition.page_by_id(page_id)
    except KeyError:
        return step
    there = {_rounded(frame.rect) for frame in page.frames}
    rects = [frame.rect for clip_page in clip.pages for frame in clip_page.frames]
    for n in range(1, _MAX_CASCADE + 1):
        if not any(_rounded(rect.moved(n * step, n * step)) in there for rect in rects):
            return n * step
    return step


def _rounded(rect: Rect) -> tuple[float, float, float, float]:
    return round(rect.x, 2), round(rect.y, 2), round(rect.width, 2), round(rect.height, 2)


def bounds(rects: Iterable[Rect]) -> Rect:
    """The smallest rectangle holding all of them (they must be some)."""
    rects = list(rects)
    left, top = min(r.left for r in rects), min(r.top for r in rects)
    right, bottom = max(r.right for r in rects), max(r.bottom for r in rects)
    return Rect(left, top, right - left, bottom - top)


def _placement(
    frames: Sequence[Frame], page: Page, dx: float, dy: float, clamp: bool, notes: list[str]
) -> tuple[float, float]:
    """The move of the pasted frames: (dx, dy), plus what brings them back near the page."""
    box = bounds(f.rect for f in frames).moved(dx, dy)
    area = Rect(-PASTEBOARD, -PASTEBOARD, page.width + 2 * PASTEBOARD, page.height + 2 * PASTEBOARD)
    if not clamp:
        if not box.intersects(area):
            raise EditError("the copies would stand off the page: make fewer copies or smaller offsets")
        return dx, dy
    ex = _fit(box.left, box.width, area.left, area.right)
    ey = _fit(box.top, box.height, area.top, area.bottom)
    if ex or ey:
        notes.append("The pasted frames were moved to stay on the page.")
    return dx + ex, dy + ey


def _fit(start: float, size: float, low: float, high: float) -> float:
    """The least move along one axis that keeps [start, start + size] inside [low, high]
    (or, when it is larger, covering it)."""
    if size <= high - low:
        return min(max(start, low), high - size) - start
    if start > low:
        return low - start
    if start + size < high:
        return high - (start + size)
    return 0.0


def _renamed(ids: Iterable[str], taken: set[str]) -> dict[str, str]:
    """A fresh id for each (copy_id: the original's name numbered), each added to `taken`."""
    names: dict[str, str] = {}
    for old in ids:
        if old in names:
            continue
        new = copy_id(old, taken)
        taken.add(new)
        names[old] = new
    return names


def _placed_stories(frames: Iterable[Frame], clip: Edition) -> list[str]:
    """The clip's stories the frames show: threads' stories and photos' captions."""
    found: list[str] = []
    for frame in frames:
        story_id = getattr(frame, "story_id", None) or getattr(frame, "caption_story_id", None)
        if isinstance(story_id, str) and story_id in clip.stories and story_id not in found:
            found.append(story_id)
    return found


def _new_groups(edition: Edition, frames: Iterable[Frame], taken: set[str]) -> dict[str, str]:
    """A new group name for each group among the frames: the copies are a group of their own."""
    groups = {frame.group for _, frame in edition.all_frames() if frame.group} | taken
    return _renamed((f.group for f in frames if f.group), groups)


def _unthread_note(frames: Sequence[Frame], clip: Edition, notes: list[str]) -> bool:
    """On a master page frames cannot be threaded: say so when the clip has threads."""
    heads = [f for f in frames if isinstance(f, TextFrame) and f.next_frame_id is not None and f.story_id]
    if any(isinstance(f, TextFrame) and f.next_frame_id is not None for f in frames):
        names = ", ".join(f"“{_story_name(clip, f.story_id)}”" for f in heads if f.story_id)
        shown = f" ({names} shows only in its first frame)" if names else ""
        notes.append(f"Frames on a master page cannot be threaded: the pasted threads are unlinked{shown}.")
        return True
    return False


def _story_name(edition: Edition, story_id: str) -> str:
    story = edition.stories.get(story_id)
    return story.name if story is not None and story.name else story_id


def _pasted_story(edition: Edition, story: Story, new_id: str) -> Story:
    """A copy of a clip's story under a new id (and, when the edition has a story of that name,
    a numbered name), without correction anchors: proof marks stay with the original."""
    names = {s.name for s in edition.stories.values()}
    return dataclasses.replace(copy.deepcopy(story), id=new_id, name=_numbered_name(story.name, names), anchors={})


def _numbered_name(name: str, taken: set[str]) -> str:
    """`name`, or when taken the name numbered ("Lead story" → "Lead story 2" → "Lead story 3")."""
    if not name or name not in taken:
        return name
    match = _NUMBERED_NAME.match(name)
    base = match.group(1) if match else name
    number = 2
    while f"{base} {number}" in taken:
        number += 1
    return f"{base} {number}"


def _pasted_frame(
    frame: Frame,
    names: dict[str, str],
    stories: dict[str, str],
    groups: dict[str, str],
    shift: tuple[float, float],
    threaded: bool,
) -> Frame:
    """A clip's frame as pasted: new id and references, moved, unlocked."""
    changes: dict[str, Any] = {
        "id": names[frame.id],
        "rect": frame.rect.moved(*shift),
        "locked": False,
        "group": groups.get(frame.group, ""),
    }
    if isinstance(frame, TextFrame):
        changes["story_id"] = stories.get(frame.story_id) if frame.story_id is not None else None
        changes["next_frame_id"] = names.get(frame.next_frame_id) if threaded and frame.next_frame_id else None
    elif isinstance(frame, ImageFrame):
        caption = frame.caption_story_id
        changes["caption_story_id"] = stories.get(caption) if caption is not None else None
    try:
        return dataclasses.replace(copy.deepcopy(frame), **changes)
    except ValueError as error:
        raise EditError(f"cannot paste frame {frame.id}: {error}") from None


def _frame_additions(page: Page, frames: list[Frame]) -> list[Edit]:
    """The frames added on top of the page in the given order, then their threads linked (an
    edit adds or removes only frames no thread runs through, so undo unlinks them first)."""
    base = len(page.frames)
    edits: list[Edit] = []
    links: list[Edit] = []
    for number, frame in enumerate(frames):
        if isinstance(frame, TextFrame) and frame.next_frame_id is not None:
            links.append(SetThreadLink(frame.id, None, frame.next_frame_id))
            frame = dataclasses.replace(frame, next_frame_id=None)
        edits.append(AddFrame(page.id, base + number, frame))
    return edits + links


# -- styles, swatches and fonts the paste brings ------------------------------------------------

_KIND_WORDS = {"swatch": ("colour", "colours"), "character": ("character style", "character styles")}


def _style_edits(edition: Edition, clip: Edition, notes: list[str]) -> list[Edit]:
    """Swatches, character and paragraph styles of the clip the edition lacks (each after the
    one it is based on or a tint of); the edition's own style of the same name is kept."""
    edits: list[Edit] = []
    for kind in ("swatch", "character", "paragraph"):
        target: dict[str, Any] = table(edition, kind)
        working = dict(target)
        differing: list[str] = []
        source = table(clip, kind)
        for name in _parents_first(source, "base" if kind == "swatch" else "based_on"):
            style = source[name]
            if name in target:
                if target[name] != style:
                    differing.append(name)
                continue
            if kind != "swatch" and style.based_on is not None and style.based_on in working:
                style = inherit(style, working[style.based_on], kind)  # follows the edition's parent
            working[name] = style
            edits.append(SetStyle(kind, name, None, style))
        if differing:
            notes.append(_differing_note(kind, differing))
    return edits


def _differing_note(kind: str, names: list[str]) -> str:
    single, plural = _KIND_WORDS.get(kind, ("paragraph style", "paragraph styles"))
    listed = ", ".join(f"“{name}”" for name in names)
    what = "frames and text take" if kind == "swatch" else "text takes"
    word = single if len(names) == 1 else plural
    return f"This edition's {word} {listed} differ{'s' if len(names) == 1 else ''} from the copied: the pasted {what} this edition's."


def _parents_first(styles: Mapping[str, Any], link: str) -> list[str]:
    """The table's names, each after the one it links to (based on, tint of)."""
    ordered: list[str] = []
    visiting: set[str] = set()

    def visit(name: str) -> None:
        if name in ordered or name in visiting:
            return
        visiting.add(name)
        parent = getattr(styles[name], link, None)
        if isinstance(parent, str) and parent in styles:
            visit(parent)
        ordered.append(name)

    for name in styles:
        visit(name)
    return ordered


def _font_edits(edition: Edition, clip: Edition, notes: list[str]) -> list[Edit]:
    """The clip's fonts the edition lacks; where it has the same face in another file, its own."""
    faces: dict[tuple[str, int, bool], FontAsset] = {_face(f): f for f in edition.fonts.values()}
    edits: list[Edit] = []
    for name, font in clip.fonts.items():
        if name in edition.fonts:
            continue
        if _face(font) in faces:
            if faces[_face(font)].name != name:
                notes.append(f"This edition has its own {font.family} font file: the pasted text uses it.")
            continue
        faces[_face(font)] = font
        edits.append(AddFont(font))
    return edits


def _face(font: FontAsset) -> tuple[str, int, bool]:
    return font.family, font.weight, font.italic


# -- Step and Repeat -------------------------------------------------------------------------------


def step_and_repeat(
    edition: Edition, frame_ids: Sequence[str], count: int, dx: float, dy: float
) -> tuple[Edit | None, list[str]]:
    """`count` copies of the frames, each (dx, dy) further from the one before, with their
    stories and captions (as copy and paste make them): one edit, and the copies' ids."""
    edit, new_ids, _ = repeat_frames(edition, frame_ids, count, dx, dy)
    return edit, new_ids


def repeat_frames(
    edition: Edition, frame_ids: Sequence[str], count: int, dx: float, dy: float
) -> tuple[Edit | None, list[str], list[str]]:
    """Step and Repeat with the notes for the user (see step_and_repeat)."""
    if not 1 <= count <= MAX_REPEAT:
        raise EditError(f"Step and Repeat makes 1–{MAX_REPEAT} copies, not {count}")
    by_page: dict[str, list[str]] = {}
    for page, frame in _located(edition, frame_ids):
        by_page.setdefault(page.id, []).append(frame.id)
    steps: list[Edit] = []
    new_ids: list[str] = []
    notes: list[str] = []

    def each_copy(apply: Callable[[Edit], None]) -> None:
        for page_id, ids in by_page.items():
            clip, clip_notes = copy_frames(edition, ids)
            notes.extend(clip_notes)
            for number in range(1, count + 1):
                try:
                    edit, pasted, paste_notes = paste_clip(
                        edition, clip, page_id, number * dx, number * dy, clamp=False
                    )
                except EditError as error:
                    raise EditError(f"copy {number}: {error}") from None
                if edit is not None:
                    apply(edit)
                    steps.append(edit)
                    new_ids.extend(pasted)
                    notes.extend(paste_notes)

    _planned(edition, each_copy)
    if not steps:
        return None, [], []
    return CompositeEdit(tuple(steps), "Step and Repeat"), new_ids, list(dict.fromkeys(notes))


def repeat_problems(edition: Edition, frame_ids: Sequence[str], count: int, dx: float, dy: float) -> list[str]:
    """What stops a Step and Repeat, said before it is made (cheap: nothing is applied)."""
    if not 1 <= count <= MAX_REPEAT:
        return [f"Step and Repeat makes 1–{MAX_REPEAT} copies"]
    located = _located(edition, with_followers(edition, frame_ids))
    if not located:
        return ["select the frames to repeat"]
    by_page: dict[int, tuple[Page, list[Rect]]] = {}
    for page, frame in located:
        by_page.setdefault(id(page), (page, []))[1].append(frame.rect)
    for page, rects in by_page.values():
        box = bounds(rects)
        area = Rect(-PASTEBOARD, -PASTEBOARD, page.width + 2 * PASTEBOARD, page.height + 2 * PASTEBOARD)
        for number in range(1, count + 1):
            if not box.moved(number * dx, number * dy).intersects(area):
                return [f"copy {number} would stand off the page: make fewer copies or smaller offsets"]
    return []


def _planned(edition: Edition, plan: Callable[[Callable[[Edit], None]], None]) -> None:
    """Run `plan`, which applies edits one after another (each planned on the edition as the
    ones before left it); then take them all back, whatever happened."""
    done: list[Edit] = []

    def apply(edit: Edit) -> None:
        edit.apply(edition)
        done.append(edit)

    try:
        plan(apply)
    finally:
        for edit in reversed(done):
            edit.inverse().apply(edition)
