"""Edits: every change to an edition is an object with `apply` and an exact `inverse`.

Undo/redo, autosave and the canvas all see the model change through edits only. Edits refer
to pages, frames and stories by id and keep copies of what they add or remove, so an edit
list stays valid whatever happens to the objects afterwards. `apply` checks that the model is
in the state the edit expects and raises EditError (changing nothing) when it is not.
"""

from __future__ import annotations

import copy
import dataclasses
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from epaperdesk.geometry import Rect
from epaperdesk.model.corrections import Correction
from epaperdesk.model.edition import LANGUAGES, Edition, FontAsset, ImageAsset
from epaperdesk.model.frames import Frame, TextFrame
from epaperdesk.model.overrides import character_style, paragraph_style
from epaperdesk.model.page import Guide, Page
from epaperdesk.model.story import MAX_STORY_CHARACTERS, STORY_STATUSES, Fragment, Story
from epaperdesk.model.styles import CopyfitLimits, JumpSettings, StoryFit
from epaperdesk.model.validate import find_problems


class EditError(Exception):
    """An edit does not fit the model it is applied to; the model is unchanged."""


class Edit:
    @property
    def label(self) -> str:
        """What the undo menu calls the edit (subclasses name themselves)."""
        return "Edit"

    def apply(self, edition: Edition) -> None:
        raise NotImplementedError

    def inverse(self) -> Edit:
        raise NotImplementedError


def _keep_sound(edition: Edition, undo: Callable[[], object]) -> None:
    """After an edit that brings in new references (a frame, a page, a frame's story or
    image), check the whole edition; if anything dangles, take the change back and refuse."""
    problems = find_problems(edition)
    if problems:
        undo()
        raise EditError(problems[0])


def _story(edition: Edition, story_id: str) -> Story:
    try:
        return edition.stories[story_id]
    except KeyError:
        raise EditError(f"no story {story_id!r}") from None


def _frame(edition: Edition, frame_id: str) -> Frame:
    try:
        return edition.frame_by_id(frame_id)
    except KeyError:
        raise EditError(f"no frame {frame_id!r}") from None


def _page(edition: Edition, page_id: str) -> Page:
    try:
        return edition.page_by_id(page_id)
    except KeyError:
        raise EditError(f"no page {page_id!r}") from None


# -- text ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class SpliceText(Edit):
    """Replace `removed` at `position` of a story by `inserted` (QTextDocument's contentsChange)."""

    story_id: str
    position: int
    removed: Fragment
    inserted: Fragment
    label = "Typing"

    def apply(self, edition: Edition) -> None:
        story = _story(edition, self.story_id)
        end = self.position + len(self.removed.text)
        if not 0 <= self.position <= end <= len(story.text):
            raise EditError(f"splice at {self.position} is outside story {self.story_id!r}")
        # anchors are not compared: the splice moves whatever marks are there now (the
        # removed fragment records them so that the inverse puts them back)
        if story.fragment(self.position, end).without_anchors() != self.removed.without_anchors():
            raise EditError(f"story {self.story_id!r} does not hold the text this splice removes")
        length = len(story.text) - len(self.removed.text) + len(self.inserted.text)
        if length > MAX_STORY_CHARACTERS and length > len(story.text):
            raise EditError(
                f"story {self.story_id!r} would hold {length:,} characters, more than the {MAX_STORY_CHARACTERS:,} "
                "a story may hold: split it into stories"
            )
        for name in self.inserted.paragraph_styles:
            if paragraph_style(edition.paragraph_styles, name) is None:
                raise EditError(f"no paragraph style {name!r}")
        for name, _, _ in self.inserted.spans:
            if character_style(edition.character_styles, name) is None:
                raise EditError(f"no character style {name!r}")
        story.replace(self.position, len(self.removed.text), self.inserted)

    def inverse(self) -> SpliceText:
        return SpliceText(self.story_id, self.position, self.inserted, self.removed)


def splice_text(
    edition: Edition,
    story_id: str,
    position: int,
    length: int,
    inserted: Fragment | str,
    paragraph_style: str | None = None,
) -> SpliceText:
    """The splice that replaces `length` characters at `position` by `inserted`.

    Plain text gets the character styles of the character before the position (typing
    continues the formatting) and, for new paragraph marks, `paragraph_style` or the style of
    the paragraph it is typed into.
    """
    story = _story(edition, story_id)
    if not 0 <= position <= position + length <= len(story.text):
        raise EditError(f"range {position}–{position + length} is outside story {story_id!r}")
    removed = story.fragment(position, position + length)
    if isinstance(inserted, str):
        style = paragraph_style or story.paragraph_styles[story.paragraph_index_at(position)]
        inherited = story.styles_at(position - 1) if position > 0 else set()
        spans = tuple((name, 0, len(inserted)) for name in sorted(inherited)) if inserted else ()
        inserted = Fragment(inserted, (style,) * inserted.count("\n"), spans)
    return SpliceText(story_id, position, removed, inserted)


def format_text(edition: Edition, story_id: str, start: int, end: int, style: str, on: bool = True) -> SpliceText:
    """The splice that sets (or clears) character style `style` on [start, end) (correction
    anchors on the text stay where they are)."""
    story = _story(edition, story_id)
    removed = story.fragment(start, end)
    others = [span for span in removed.spans if span[0] != style]
    spans = others + ([(style, 0, end - start)] if on and end > start else [])
    inserted = Fragment(removed.text, removed.paragraph_styles, tuple(sorted(spans)), removed.anchors)
    return SpliceText(story_id, start, removed, inserted)


@dataclass(frozen=True)
class SetParagraphStyle(Edit):
    story_id: str
    paragraph: int
    old: str
    new: str
    label = "Paragraph style"

    def apply(self, edition: Edition) -> None:
        story = _story(edition, self.story_id)
        if not 0 <= self.paragraph < len(story.paragraph_styles):
            raise EditError(f"story {self.story_id!r} has no paragraph {self.paragraph}")
        if story.paragraph_styles[self.paragraph] != self.old:
            raise EditError(f"paragraph {self.paragraph} of {self.story_id!r} is not in style {self.old!r}")
        if paragraph_style(edition.paragraph_styles, self.new) is None:
            raise EditError(f"no paragraph style {self.new!r}")
        story.paragraph_styles[self.paragraph] = self.new

    def inverse(self) -> SetParagraphStyle:
        return SetParagraphStyle(self.story_id, self.paragraph, self.new, self.old)


@dataclass(frozen=True)
class AddStory(Edit):
    story: Story
    label = "New story"

    def apply(self, edition: Edition) -> None:
        if self.story.id in edition.stories:
            raise EditError(f"story {self.story.id!r} exists already")
        if len(self.story.text) > MAX_STORY_CHARACTERS:
            raise EditError(
                f"the new story holds {len(self.story.text):,} characters, more than the {MAX_STORY_CHARACTERS:,} "
                "a story may hold: split the copy into stories"
            )
        edition.stories[self.story.id] = copy.deepcopy(self.story)

    def inverse(self) -> RemoveStory:
        return RemoveStory(self.story)


@dataclass(frozen=True)
class RemoveStory(Edit):
    story: Story
    label = "Delete story"

    def apply(self, edition: Edition) -> None:
        if edition.stories.get(self.story.id) != self.story:
            raise EditError(f"story {self.story.id!r} is not as this edit expects")
        for _, frame in edition.all_frames():
            if (
                getattr(frame, "story_id", None) == self.story.id
                or getattr(frame, "caption_story_id", None) == self.story.id
            ):
                raise EditError(f"story {self.story.id!r} is still placed in frame {frame.id!r}")
        del edition.stories[self.story.id]

    def inverse(self) -> AddStory:
        return AddStory(self.story)


_STORY_PROPERTIES = {"name": str, "language": str, "fit": StoryFit, "status": str, "assignee": str}


@dataclass(frozen=True)
class SetStoryProperty(Edit):
    """Change a story's name, language or copyfit adjustment."""

    story_id: str
    name: str
    old: Any
    new: Any

    @property
    def label(self) -> str:
        return {
            "fit": "Fit story",
            "language": "Story language",
            "name": "Rename story",
            "status": "Story status",
            "assignee": "Assign story",
        }.get(self.name, "Story")

    def apply(self, edition: Edition) -> None:
        story = _story(edition, self.story_id)
        kind = _STORY_PROPERTIES.get(self.name)
        if kind is None:
            raise EditError(f"{self.name!r} is not a story property that can be set")
        if not isinstance(self.new, kind):
            raise EditError(f"story {self.name} must be a {kind.__name__}")
        if self.name == "facing_pages" and not isinstance(self.new, bool):
            raise EditError("facing pages is on or off")
        if self.name == "language" and self.new not in LANGUAGES:
            raise EditError(f"language {self.new!r} is not one of {LANGUAGES}")
        if self.name == "status" and self.new not in STORY_STATUSES:
            raise EditError(f"status {self.new!r} is not one of {', '.join(STORY_STATUSES)}")
        if getattr(story, self.name) != self.old:
            raise EditError(f"story {self.story_id!r} {self.name} is not {self.old!r}")
        setattr(story, self.name, self.new)

    def inverse(self) -> SetStoryProperty:
        return SetStoryProperty(self.story_id, self.name, self.new, self.old)


# -- corrections ----------------------------------------------------------------------------


@dataclass(frozen=True)
class AddCorrection(Edit):
    """Mark a correction on story range [start, end) (an empty range: a point)."""

    correction: Correction
    start: int
    end: int
    label = "Mark correction"

    def apply(self, edition: Edition) -> None:
        story = _story(edition, self.correction.story_id)
        if self.correction.id in edition.corrections or self.correction.id in story.anchors:
            raise EditError(f"correction {self.correction.id!r} exists already")
        if not 0 <= self.start <= self.end <= len(story.text):
            raise EditError(f"range {self.start}–{self.end} is outside story {story.id!r}")
        edition.corrections[self.correction.id] = self.correction
        story.anchors[self.correction.id] = (self.start, self.end)

    def inverse(self) -> RemoveCorrection:
        return RemoveCorrection(self.correction, self.start, self.end)


@dataclass(frozen=True)
class RemoveCorrection(Edit):
    correction: Correction
    start: int
    end: int
    label = "Remove correction"

    def apply(self, edition: Edition) -> None:
        story = _story(edition, self.correction.story_id)
        if edition.corrections.get(self.correction.id) != self.correction:
            raise EditError(f"correction {self.correction.id!r} is not as this edit expects")
        if story.anchors.get(self.correction.id) != (self.start, self.end):
            raise EditError(f"correction {self.correction.id!r} is not where this edit expects it")
        del edition.corrections[self.correction.id]
        del story.anchors[self.correction.id]

    def inverse(self) -> AddCorrection:
        return AddCorrection(self.correction, self.start, self.end)


def remove_correction(edition: Edition, correction_id: str) -> RemoveCorrection:
    correction = edition.corrections.get(correction_id)
    if correction is None:
        raise EditError(f"no correction {correction_id!r}")
    start, end = _story(edition, correction.story_id).anchors[correction_id]
    return RemoveCorrection(correction, start, end)


@dataclass(frozen=True)
class SetCorrection(Edit):
    """Change a correction's status, text or replies (its story and anchor stay)."""

    old: Correction
    new: Correction
    label = "Correction"

    def apply(self, edition: Edition) -> None:
        if self.old.id != self.new.id or self.old.story_id != self.new.story_id:
            raise EditError("a correction keeps its id and story")
        if edition.corrections.get(self.old.id) != self.old:
            raise EditError(f"correction {self.old.id!r} is not as this edit expects")
        edition.corrections[self.new.id] = self.new

    def inverse(self) -> SetCorrection:
        return SetCorrection(self.new, self.old)


# -- images -------------------------------------------------------------------------------


@dataclass(frozen=True)
class AddImage(Edit):
    """Bring an image's original bytes into the edition (placing it is a frame property)."""

    asset: ImageAsset
    label = "Add image"

    def apply(self, edition: Edition) -> None:
        if self.asset.name in edition.images:
            raise EditError(f"image {self.asset.name!r} is in the edition already")
        edition.images[self.asset.name] = self.asset

    def inverse(self) -> RemoveImage:
        return RemoveImage(self.asset)


@dataclass(frozen=True)
class RemoveImage(Edit):
    asset: ImageAsset
    label = "Remove image"

    def apply(self, edition: Edition) -> None:
        if edition.images.get(self.asset.name) is not self.asset and edition.images.get(self.asset.name) != self.asset:
            raise EditError(f"image {self.asset.name!r} is not as this edit expects")
        for _, frame in edition.all_frames():
            if getattr(frame, "image", None) == self.asset.name:
                raise EditError(f"image {self.asset.name!r} is still placed in frame {frame.id!r}")
        del edition.images[self.asset.name]

    def inverse(self) -> AddImage:
        return AddImage(self.asset)


@dataclass(frozen=True)
class AddFont(Edit):
    """Bring a TrueType file into the edition (styles name its family, weight and slope)."""

    font: FontAsset
    label = "Add font"

    def apply(self, edition: Edition) -> None:
        if self.font.name in edition.fonts:
            raise EditError(f"the font {self.font.family} is in the edition already")
        same = [f for f in edition.fonts.values() if (f.family, f.weight, f.italic) == self._face()]
        if same:
            raise EditError(f"the edition has {self.font.family} in this weight and slope already ({same[0].name})")
        edition.fonts[self.font.name] = self.font

    def _face(self) -> tuple[str, int, bool]:
        return self.font.family, self.font.weight, self.font.italic

    def inverse(self) -> RemoveFont:
        return RemoveFont(self.font)


@dataclass(frozen=True)
class RemoveFont(Edit):
    font: FontAsset
    label = "Remove font"

    def apply(self, edition: Edition) -> None:
        if edition.fonts.get(self.font.name) != self.font:
            raise EditError(f"font {self.font.name!r} is not as this edit expects")
        del edition.fonts[self.font.name]

    def inverse(self) -> AddFont:
        return AddFont(self.font)


# -- frames -------------------------------------------------------------------------------


@dataclass(frozen=True)
class AddFrame(Edit):
    page_id: str
    index: int
    frame: Frame
    label = "New frame"

    def apply(self, edition: Edition) -> None:
        page = _page(edition, self.page_id)
        if any(f.id == self.frame.id for _, f in edition.all_frames()):
            raise EditError(f"frame {self.frame.id!r} exists already")
        if not 0 <= self.index <= len(page.frames):
            raise EditError(f"page {self.page_id!r} has no place {self.index} for a frame")
        page.frames.insert(self.index, copy.deepcopy(self.frame))
        _keep_sound(edition, lambda: page.frames.pop(self.index))

    def inverse(self) -> RemoveFrame:
        return RemoveFrame(self.page_id, self.index, self.frame)


@dataclass(frozen=True)
class RemoveFrame(Edit):
    """Remove a frame that no thread runs through (see remove_frame for the repairs)."""

    page_id: str
    index: int
    frame: Frame
    label = "Delete frame"

    def apply(self, edition: Edition) -> None:
        page = _page(edition, self.page_id)
        if not 0 <= self.index < len(page.frames) or page.frames[self.index] != self.frame:
            raise EditError(f"frame {self.frame.id!r} is not where this edit expects it")
        if isinstance(self.frame, TextFrame) and (
            self.frame.next_frame_id is not None or edition.previous_in_thread(self.frame.id) is not None
        ):
            raise EditError(f"frame {self.frame.id!r} is threaded; unlink it first")
        del page.frames[self.index]

    def inverse(self) -> AddFrame:
        return AddFrame(self.page_id, self.index, self.frame)


@dataclass(frozen=True)
class SetFrameRect(Edit):
    """Move and/or resize a frame."""

    frame_id: str
    old: Rect
    new: Rect

    @property
    def label(self) -> str:
        same_size = (self.old.width, self.old.height) == (self.new.width, self.new.height)
        return "Move frame" if same_size else "Resize frame"

    def apply(self, edition: Edition) -> None:
        frame = _frame(edition, self.frame_id)
        if frame.rect != self.old:
            raise EditError(f"frame {self.frame_id!r} is not where this edit expects it")
        frame.rect = self.new

    def inverse(self) -> SetFrameRect:
        return SetFrameRect(self.frame_id, self.new, self.old)


def move_frame(edition: Edition, frame_id: str, dx: float, dy: float) -> SetFrameRect:
    rect = _frame(edition, frame_id).rect
    return SetFrameRect(frame_id, rect, rect.moved(dx, dy))


def resize_frame(edition: Edition, frame_id: str, width: float, height: float) -> SetFrameRect:
    rect = _frame(edition, frame_id).rect
    try:
        new = rect.resized(width, height)
    except ValueError as error:
        raise EditError(str(error)) from None
    return SetFrameRect(frame_id, rect, new)


_FIXED_FRAME_FIELDS = {"id", "rect", "next_frame_id"}


@dataclass(frozen=True)
class SetFrameProperty(Edit):
    """Change one property of a frame (columns, gutter, fit, wrap, story, …)."""

    frame_id: str
    name: str
    old: Any
    new: Any
    label = "Frame property"

    def apply(self, edition: Edition) -> None:
        frame = _frame(edition, self.frame_id)
        names = {f.name for f in dataclasses.fields(frame)}
        if self.name not in names or self.name in _FIXED_FRAME_FIELDS:
            raise EditError(f"{self.name!r} is not a property that can be set on frame {self.frame_id!r}")
        if getattr(frame, self.name) != self.old:
            raise EditError(f"frame {self.frame_id!r} {self.name} is not {self.old!r}")
        try:
            dataclasses.replace(frame, **{self.name: self.new})  # runs the frame's own checks
        except (ValueError, TypeError) as error:
            raise EditError(str(error)) from None
        setattr(frame, self.name, copy.deepcopy(self.new))
        _keep_sound(edition, lambda: setattr(frame, self.name, self.old))

    def inverse(self) -> SetFrameProperty:
        return SetFrameProperty(self.frame_id, self.name, self.new, self.old)


@dataclass(frozen=True)
class SetThreadLink(Edit):
    """Set which frame a text frame's story continues in (None ends the thread there)."""

    frame_id: str
    old_next: str | None
    new_next: str | None

    @property
    def label(self) -> str:
        return "Unthread frames" if self.new_next is None else "Thread frames"

    def apply(self, edition: Edition) -> None:
        frame = _frame(edition, self.frame_id)
        if not isinstance(frame, TextFrame):
            raise EditError(f"frame {self.frame_id!r} is not a text frame")
        if frame.next_frame_id != self.old_next:
            raise EditError(f"frame {self.frame_id!r} does not continue in {self.old_next!r}")
        if self.new_next is not None:
            target = _frame(edition, self.new_next)
            if not isinstance(target, TextFrame):
                raise EditError(f"frame {self.new_next!r} is not a text frame")
            if target.story_id is not None:
                raise EditError(f"frame {self.new_next!r} holds a story of its own")
            previous = edition.previous_in_thread(self.new_next)
            if previous is not None and previous.id != self.frame_id:
                raise EditError(f"frame {self.new_next!r} already continues frame {previous.id!r}")
            if self.frame_id in {f.id for f in edition.thread(self.new_next)}:
                raise EditError(f"linking {self.frame_id!r} to {self.new_next!r} would make a loop")
        frame.next_frame_id = self.new_next

    def inverse(self) -> SetThreadLink:
        return SetThreadLink(self.frame_id, self.new_next, self.old_next)


def link_frames(edition: Edition, frame_id: str, next_id: str) -> SetThreadLink:
    frame = _frame(edition, frame_id)
    if not isinstance(frame, TextFrame):
        raise EditError(f"frame {frame_id!r} is not a text frame")
    if frame.next_frame_id is not None:
        raise EditError(f"frame {frame_id!r} already continues in {frame.next_frame_id!r}")
    return SetThreadLink(frame_id, None, next_id)


def unlink_frames(edition: Edition, frame_id: str) -> SetThreadLink:
    frame = _frame(edition, frame_id)
    if not isinstance(frame, TextFrame):
        raise EditError(f"frame {frame_id!r} is not a text frame")
    return SetThreadLink(frame_id, frame.next_frame_id, None)


def remove_frame(edition: Edition, frame_id: str) -> CompositeEdit:
    """Delete a frame; a thread through it is joined around it, so no text is lost
    (what no longer fits becomes overset)."""
    page, frame = _find(edition, frame_id)
    index = page.frames.index(frame)
    steps: list[Edit] = []
    if isinstance(frame, TextFrame):
        previous = edition.previous_in_thread(frame_id)
        following = frame.next_frame_id
        story_moves = previous is None and following is not None and frame.story_id is not None
        if following is not None:
            steps.append(SetThreadLink(frame_id, following, None))
        if previous is not None:
            steps.append(SetThreadLink(previous.id, frame_id, following))
        if story_moves and following is not None:  # (story_moves implies a following frame)
            steps.append(SetFrameProperty(frame_id, "story_id", frame.story_id, None))
            steps.append(SetFrameProperty(following, "story_id", None, frame.story_id))
        frame = dataclasses.replace(frame, next_frame_id=None, story_id=None if story_moves else frame.story_id)
    steps.append(RemoveFrame(page.id, index, copy.deepcopy(frame)))
    return CompositeEdit(tuple(steps), "Delete frame")


def _find(edition: Edition, frame_id: str) -> tuple[Page, Frame]:
    try:
        return edition.find_frame(frame_id)
    except KeyError:
        raise EditError(f"no frame {frame_id!r}") from None


@dataclass(frozen=True)
class ReorderFrame(Edit):
    """Change a frame's place in its page's stacking order (0 = at the back)."""

    page_id: str
    old_index: int
    new_index: int

    @property
    def label(self) -> str:
        return "Bring forward" if self.new_index > self.old_index else "Send backward"

    def apply(self, edition: Edition) -> None:
        page = _page(edition, self.page_id)
        count = len(page.frames)
        if not (0 <= self.old_index < count and 0 <= self.new_index < count):
            raise EditError(f"page {self.page_id!r} has no frame place {self.old_index} or {self.new_index}")
        page.frames.insert(self.new_index, page.frames.pop(self.old_index))

    def inverse(self) -> ReorderFrame:
        return ReorderFrame(self.page_id, self.new_index, self.old_index)


@dataclass(frozen=True)
class SetGuides(Edit):
    """Replace a page's ruler guides."""

    page_id: str
    old: tuple[Guide, ...]
    new: tuple[Guide, ...]
    label = "Guides"

    def apply(self, edition: Edition) -> None:
        page = _page(edition, self.page_id)
        if tuple(page.guides) != tuple(self.old):
            raise EditError(f"page {self.page_id!r} guides are not as this edit expects")
        page.guides = tuple(self.new)

    def inverse(self) -> SetGuides:
        return SetGuides(self.page_id, self.new, self.old)


# -- styles and edition fields --------------------------------------------------------------

_STYLE_TABLES = {"paragraph": "paragraph_styles", "character": "character_styles", "swatch": "swatches"}


@dataclass(frozen=True)
class SetStyle(Edit):
    """Add (old None), remove (new None) or change a paragraph style, character style or swatch."""

    kind: str
    name: str
    old: Any
    new: Any
    label = "Change style"

    def apply(self, edition: Edition) -> None:
        if self.kind not in _STYLE_TABLES:
            raise EditError(f"unknown style kind {self.kind!r}")
        table = getattr(edition, _STYLE_TABLES[self.kind])
        if table.get(self.name) != self.old:
            raise EditError(f"{self.kind} style {self.name!r} is not as this edit expects")
        if self.new is None:
            del table[self.name]
        else:
            if self.new.name != self.name:
                raise EditError(f"style {self.new.name!r} cannot be stored as {self.name!r}")
            table[self.name] = self.new

    def inverse(self) -> SetStyle:
        return SetStyle(self.kind, self.name, self.new, self.old)


_EDITION_FIELDS = {
    "facing_pages",
    "title",
    "volume",
    "number",
    "date",
    "edition_line",
    "language",
    "copyfit",
    "dictionary_words",
    "ignored_words",
    "hyphenation_exceptions",
    "jumps",
}


@dataclass(frozen=True)
class SetEditionField(Edit):
    name: str
    old: Any
    new: Any
    label = "Edition settings"

    def apply(self, edition: Edition) -> None:
        if self.name not in _EDITION_FIELDS:
            raise EditError(f"{self.name!r} is not an edition setting")
        if getattr(edition, self.name) != self.old:
            raise EditError(f"edition {self.name} is not {self.old!r}")
        if self.name == "language" and self.new not in LANGUAGES:
            raise EditError(f"language {self.new!r} is not one of {LANGUAGES}")
        if self.name == "copyfit" and not isinstance(self.new, CopyfitLimits):
            raise EditError("copyfit limits must be CopyfitLimits")
        if self.name == "jumps" and not isinstance(self.new, JumpSettings):
            raise EditError("jump settings must be JumpSettings")
        if self.name in ("dictionary_words", "ignored_words") and not (
            isinstance(self.new, list) and all(isinstance(w, str) and w for w in self.new)
        ):
            raise EditError(f"{self.name} must be a list of words")
        if self.name == "hyphenation_exceptions":
            if not isinstance(self.new, dict) or any(
                not isinstance(w, str) or (b is not None and (not isinstance(b, str) or b.replace("-", "") != w))
                for w, b in self.new.items()
            ):
                raise EditError("hyphenation exceptions map words to their hyphenated form (or none)")
        setattr(edition, self.name, copy.deepcopy(self.new))

    def inverse(self) -> SetEditionField:
        return SetEditionField(self.name, self.new, self.old)


# -- pages ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class AddPage(Edit):
    index: int
    page: Page
    label = "New page"

    def apply(self, edition: Edition) -> None:
        if not 0 <= self.index <= len(edition.pages):
            raise EditError(f"the edition has no place {self.index} for a page")
        if any(p.id == self.page.id for p in edition.pages):
            raise EditError(f"page {self.page.id!r} exists already")
        existing = {f.id for _, f in edition.all_frames()}
        if any(f.id in existing for f in self.page.frames):
            raise EditError(f"page {self.page.id!r} brings frame ids the edition uses already")
        edition.pages.insert(self.index, copy.deepcopy(self.page))
        _keep_sound(edition, lambda: edition.pages.pop(self.index))

    def inverse(self) -> RemovePage:
        return RemovePage(self.index, self.page)


@dataclass(frozen=True)
class RemovePage(Edit):
    """Remove a page no thread enters or leaves (see remove_page for the repairs)."""

    index: int
    page: Page
    label = "Delete page"

    def apply(self, edition: Edition) -> None:
        if not 0 <= self.index < len(edition.pages) or edition.pages[self.index] != self.page:
            raise EditError(f"page {self.page.id!r} is not where this edit expects it")
        inside = {f.id for f in self.page.frames}
        for _, frame in edition.frames():
            if (
                isinstance(frame, TextFrame)
                and (frame.id in inside) != (frame.next_frame_id in inside)
                and frame.next_frame_id is not None
            ):
                raise EditError(f"a thread crosses page {self.page.id!r} at frame {frame.id!r}; unlink it first")
        del edition.pages[self.index]

    def inverse(self) -> AddPage:
        return AddPage(self.index, self.page)


@dataclass(frozen=True)
class MovePage(Edit):
    old_index: int
    new_index: int
    label = "Move page"

    def apply(self, edition: Edition) -> None:
        count = len(edition.pages)
        if not (0 <= self.old_index < count and 0 <= self.new_index < count):
            raise EditError(f"cannot move page {self.old_index + 1} to {self.new_index + 1} of {count}")
        edition.pages.insert(self.new_index, edition.pages.pop(self.old_index))

    def inverse(self) -> MovePage:
        return MovePage(self.new_index, self.old_index)


_PAGE_PROPERTIES = {"master": (str, type(None)), "hidden_master_frames": (tuple,), "section": (str,), "name": (str,)}


@dataclass(frozen=True)
class SetPageProperty(Edit):
    """Change a page's master, overridden master items, section, or a master's name."""

    page_id: str
    name: str
    old: Any
    new: Any

    @property
    def label(self) -> str:
        return {
            "master": "Apply master",
            "hidden_master_frames": "Override master item",
            "section": "Section",
            "name": "Rename master",
        }.get(self.name, "Page")

    def apply(self, edition: Edition) -> None:
        page = _page(edition, self.page_id)
        kinds = _PAGE_PROPERTIES.get(self.name)
        if kinds is None or not isinstance(self.new, kinds):
            raise EditError(f"{self.name!r} cannot be set to {self.new!r} on a page")
        if getattr(page, self.name) != self.old:
            raise EditError(f"page {self.page_id!r} {self.name} is not {self.old!r}")
        setattr(page, self.name, self.new)
        _keep_sound(edition, lambda: setattr(page, self.name, self.old))

    def inverse(self) -> SetPageProperty:
        return SetPageProperty(self.page_id, self.name, self.new, self.old)


@dataclass(frozen=True)
class AddMaster(Edit):
    index: int
    page: Page
    label = "New master page"

    def apply(self, edition: Edition) -> None:
        if not 0 <= self.index <= len(edition.masters):
            raise EditError(f"the edition has no place {self.index} for a master page")
        used = {p.id for p in edition.pages} | {p.id for p in edition.masters} | {f.id for _, f in edition.all_frames()}
        if self.page.id in used or any(f.id in used for f in self.page.frames):
            raise EditError(f"master page {self.page.id!r} brings ids the edition uses already")
        edition.masters.insert(self.index, copy.deepcopy(self.page))
        _keep_sound(edition, lambda: edition.masters.pop(self.index))

    def inverse(self) -> RemoveMaster:
        return RemoveMaster(self.index, self.page)


@dataclass(frozen=True)
class RemoveMaster(Edit):
    index: int
    page: Page
    label = "Delete master page"

    def apply(self, edition: Edition) -> None:
        if not 0 <= self.index < len(edition.masters) or edition.masters[self.index] != self.page:
            raise EditError(f"master page {self.page.id!r} is not where this edit expects it")
        users = [p.id for p in edition.pages if p.master == self.page.id]
        if users:
            raise EditError(f"master page {self.page.name or self.page.id!r} is used by page(s) {', '.join(users)}")
        del edition.masters[self.index]

    def inverse(self) -> AddMaster:
        return AddMaster(self.index, self.page)


def remove_page(edition: Edition, page_id: str) -> CompositeEdit:
    """Delete a page. Threads through its frames are joined around them, so their stories
    stay in the edition (overset if no frame is left)."""
    page = _page(edition, page_id)
    steps: list[Edit] = []
    done: list[CompositeEdit] = []
    try:
        # each frame's repair is planned on the edition as the ones before left it, then taken back
        for frame in list(page.frames):
            if isinstance(frame, TextFrame):
                step = remove_frame(edition, frame.id)
                step.apply(edition)
                done.append(step)
                steps.extend(step.edits)
        index = edition.page_index(page_id)
        steps.append(RemovePage(index, copy.deepcopy(edition.pages[index])))
    finally:
        for undone in reversed(done):
            undone.inverse().apply(edition)
    return CompositeEdit(tuple(steps), "Delete page")


# -- grouping ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class CompositeEdit(Edit):
    """Several edits as one undoable step; all or nothing."""

    edits: tuple[Edit, ...]
    label: str = "Edit"

    def apply(self, edition: Edition) -> None:
        done: list[Edit] = []
        try:
            for edit in self.edits:
                edit.apply(edition)
                done.append(edit)
        except Exception:
            for edit in reversed(done):
                edit.inverse().apply(edition)
            raise

    def inverse(self) -> CompositeEdit:
        return CompositeEdit(tuple(edit.inverse() for edit in reversed(self.edits)), self.label)
