"""The edition: the whole document — its pages, stories, styles, swatches, images and
house dictionary."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from epaperdesk.model.corrections import Correction
from epaperdesk.model.frames import Frame, ImageFrame, TextFrame
from epaperdesk.model.page import Page
from epaperdesk.model.story import Story
from epaperdesk.model.styles import (
    BUILTIN_CHARACTER_STYLES,
    BUILTIN_SWATCHES,
    CharacterStyle,
    CopyfitLimits,
    JumpSettings,
    ParagraphStyle,
    Swatch,
)

LANGUAGES = ("en_US", "en_GB")


@dataclass(frozen=True)
class ImageAsset:
    """An image's original bytes, kept untouched, with what was read from them."""

    name: str  # content hash plus extension, unique in the edition
    media_type: str  # "image/jpeg" or "image/png"
    width: int  # pixels
    height: int
    data: bytes = field(repr=False)
    source: str = ""  # where it came from and under which licence
    # Read from the bytes each time they are read (not stored in document.json):
    ppi: float = 72.0  # the file's own resolution (72 when it names none)
    orientation: int = 1  # EXIF orientation; width and height are already as displayed
    caption: str = ""  # IPTC/XMP caption embedded by the photographer or agency
    credit: str = ""  # IPTC/XMP credit line


@dataclass(frozen=True)
class FontAsset:
    """A TrueType file the user added to the edition, kept byte for byte."""

    name: str  # content hash plus ".ttf"
    family: str
    weight: int
    italic: bool
    data: bytes = field(repr=False)


@dataclass
class Edition:
    title: str = "Untitled"
    volume: int = 1
    number: int = 1
    date: datetime.date = field(default_factory=lambda: datetime.date(2026, 1, 1))
    edition_line: str = ""
    language: str = "en_US"
    facing_pages: bool = False  # even pages are left-hand pages: their inside margin is on the right
    pages: list[Page] = field(default_factory=list)
    stories: dict[str, Story] = field(default_factory=dict)
    paragraph_styles: dict[str, ParagraphStyle] = field(default_factory=lambda: {"body": ParagraphStyle("body")})
    character_styles: dict[str, CharacterStyle] = field(
        default_factory=lambda: {s.name: s for s in BUILTIN_CHARACTER_STYLES}
    )
    swatches: dict[str, Swatch] = field(default_factory=lambda: {s.name: s for s in BUILTIN_SWATCHES})
    images: dict[str, ImageAsset] = field(default_factory=dict)
    fonts: dict[str, FontAsset] = field(default_factory=dict)
    dictionary_words: list[str] = field(default_factory=list)
    hyphenation_exceptions: dict[str, str | None] = field(default_factory=dict)
    copyfit: CopyfitLimits = field(default_factory=CopyfitLimits)
    ignored_words: list[str] = field(default_factory=list)  # spelling: "ignore all" for this edition
    masters: list[Page] = field(default_factory=list)  # master pages: items shown on every page using them
    jumps: JumpSettings = field(default_factory=JumpSettings)
    corrections: dict[str, Correction] = field(default_factory=dict)

    @property
    def volume_and_number(self) -> str:
        """The masthead form, for example "VOL.1-NO.25"."""
        return f"VOL.{self.volume}-NO.{self.number}"

    # -- finding things ------------------------------------------------------------------

    def page_by_id(self, page_id: str) -> Page:
        """A page or a master page."""
        for page in self.pages:
            if page.id == page_id:
                return page
        for page in self.masters:
            if page.id == page_id:
                return page
        raise KeyError(f"no page {page_id!r}")

    def master_of(self, page: Page) -> Page | None:
        for master in self.masters:
            if master.id == page.master:
                return master
        return None

    def placed_frames(self, page: Page) -> list[tuple[str, Frame, bool]]:
        """What stands on a page, bottom to top: its master's items (each with the id it is
        drawn under on this page, "PAGE~FRAME"), then the page's own frames."""
        result: list[tuple[str, Frame, bool]] = []
        master = self.master_of(page) if page.master else None
        if master is not None:
            hidden = set(page.hidden_master_frames)
            result.extend((f"{page.id}~{frame.id}", frame, True) for frame in master.frames if frame.id not in hidden)
        result.extend((frame.id, frame, False) for frame in page.frames)
        return result

    def master_frames(self) -> list[tuple[Page, Frame]]:
        return [(master, frame) for master in self.masters for frame in master.frames]

    def all_frames(self) -> list[tuple[Page, Frame]]:
        """The frames of pages and of master pages."""
        return self.frames() + self.master_frames()

    def page_index(self, page_id: str) -> int:
        for index, page in enumerate(self.pages):
            if page.id == page_id:
                return index
        raise KeyError(f"no page {page_id!r}")

    def frames(self) -> list[tuple[Page, Frame]]:
        """Every frame with its page, pages in order, frames in stacking order."""
        return [(page, frame) for page in self.pages for frame in page.frames]

    def find_frame(self, frame_id: str) -> tuple[Page, Frame]:
        for page in self.pages:
            for frame in page.frames:
                if frame.id == frame_id:
                    return page, frame
        for page in self.masters:
            for frame in page.frames:
                if frame.id == frame_id:
                    return page, frame
        raise KeyError(f"no frame {frame_id!r}")

    def frame_by_id(self, frame_id: str) -> Frame:
        return self.find_frame(frame_id)[1]

    def previous_in_thread(self, frame_id: str) -> TextFrame | None:
        for _, frame in self.frames():
            if isinstance(frame, TextFrame) and frame.next_frame_id == frame_id:
                return frame
        return None

    def thread_head(self, frame: TextFrame) -> TextFrame:
        """The first frame of the thread a text frame is in (the one naming the story)."""
        head, seen = frame, set()
        while head.story_id is None and head.id not in seen:
            seen.add(head.id)
            previous = self.previous_in_thread(head.id)
            if previous is None:
                break
            head = previous
        return head

    def thread(self, head_id: str) -> list[TextFrame]:
        """The frames of a thread, from `head_id` along the next links."""
        frames: list[TextFrame] = []
        seen: set[str] = set()
        frame_id: str | None = head_id
        while frame_id is not None:
            if frame_id in seen:
                raise ValueError(f"the thread from frame {head_id!r} is a loop")
            seen.add(frame_id)
            frame = self.frame_by_id(frame_id)
            if not isinstance(frame, TextFrame):
                raise ValueError(f"frame {frame_id!r} in a thread is not a text frame")
            frames.append(frame)
            frame_id = frame.next_frame_id
        return frames

    def story_frames(self, story_id: str) -> list[TextFrame]:
        """The frames a story flows through (empty if it is placed nowhere); a story on a
        master page: its master frame."""
        for _, frame in self.all_frames():
            if isinstance(frame, TextFrame) and frame.story_id == story_id:
                return self.thread(frame.id)
        return []

    def caption_frame(self, image_frame: ImageFrame) -> TextFrame | None:
        """The text frame that shows a photo's caption (it moves with the photo)."""
        if image_frame.caption_story_id is None:
            return None
        for _, frame in self.all_frames():
            if isinstance(frame, TextFrame) and frame.story_id == image_frame.caption_story_id:
                return frame
        return None

    def photo_of_caption(self, text_frame_id: str) -> ImageFrame | None:
        """The photo whose caption a text frame shows."""
        frame = self.frame_by_id(text_frame_id)
        story_id = getattr(frame, "story_id", None)
        if story_id is None:
            return None
        for _, other in self.frames():
            if isinstance(other, ImageFrame) and other.caption_story_id == story_id:
                return other
        return None

    def caption_of(self, image_frame: ImageFrame) -> Story | None:
        if image_frame.caption_story_id is None:
            return None
        return self.stories.get(image_frame.caption_story_id)

    def new_id(self, prefix: str) -> str:
        """An id with `prefix` not yet used by any page, frame or story."""
        used = (
            {p.id for p in self.pages}
            | {p.id for p in self.masters}
            | {f.id for _, f in self.all_frames()}
            | set(self.stories)
        )
        n = 1
        while f"{prefix}{n}" in used:
            n += 1
        return f"{prefix}{n}"

    def total_words(self) -> int:
        return sum(story.word_count() for story in self.stories.values())
