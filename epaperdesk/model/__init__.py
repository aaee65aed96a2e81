"""The document model: edition, pages, frames, stories, styles, and the edits that change them.

Pure Python with lengths in points; imports neither Qt nor ReportLab.
"""

from epaperdesk.model.edition import Edition, FontAsset, ImageAsset
from epaperdesk.model.frames import BoxFrame, Frame, ImageFrame, Insets, RuleFrame, TextFrame
from epaperdesk.model.page import PAGE_PRESETS, ColumnGrid, Guide, Margins, Page, page_size
from epaperdesk.model.story import Fragment, Story
from epaperdesk.model.styles import (
    CharacterStyle,
    CopyfitLimits,
    HyphenationSettings,
    JustificationSettings,
    ParagraphStyle,
    StoryFit,
    Swatch,
)

__all__ = [
    "BoxFrame",
    "CharacterStyle",
    "ColumnGrid",
    "CopyfitLimits",
    "Edition",
    "FontAsset",
    "Fragment",
    "Guide",
    "Frame",
    "HyphenationSettings",
    "ImageAsset",
    "ImageFrame",
    "Insets",
    "JustificationSettings",
    "Margins",
    "Page",
    "PAGE_PRESETS",
    "page_size",
    "ParagraphStyle",
    "RuleFrame",
    "Story",
    "StoryFit",
    "Swatch",
    "TextFrame",
]
