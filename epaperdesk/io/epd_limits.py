"""What an .epd file may hold, in one place: every limit is checked while the file is read,
before the work it would cost is done, and an edition over one is refused with a message
naming the member or field, the limit and how far over. The README's "Limits" table is
this list. The numbers are far beyond a real newspaper (a 96-page broadsheet with 2,000
photos, 300,000 words) and low enough that a hostile file cannot hold the machine."""

from __future__ import annotations

from epaperdesk.model import story

# the container
MAX_FILE_BYTES = 4 * 1024**3  # the .epd file itself
MAX_MEMBERS = 5_000  # zip members
MAX_TOTAL_BYTES = 2 * 1024**3  # decompressed, all members together
MAX_DOCUMENT_BYTES = 16 * 1024**2  # document.json, decompressed (the sample's two pages: 100 KB)
MAX_JSON_OBJECTS = 1_000_000  # objects in document.json, counted as it is parsed

# numbers
MAX_NUMBER = 1_000_000.0  # any decimal number (points, percent, tracking …), either sign
MAX_WHOLE_NUMBER = 2**31 - 1  # any whole number, either sign

# text
MAX_STORY_CHARACTERS = story.MAX_STORY_CHARACTERS  # one story (edits refuse to make it longer)
MAX_TEXT_CHARACTERS = 5_000_000  # all stories together (a 96-page broadsheet: about 1,000,000)
MAX_STRING_CHARACTERS = 100_000  # any other string: names, titles, words, the text a correction marked
MAX_VARIABLES = 10_000  # {{variables}} in one story

# counts
MAX_PAGES = 1_000
MAX_MASTERS = 200
MAX_FRAMES = 10_000  # on all pages and masters (a 96-page edition of 100 frames a page: 9,600)
MAX_STORIES = 20_000
MAX_STYLES = 5_000  # paragraph and character styles, each
MAX_SWATCHES = 5_000
MAX_LIST_ITEMS = 200_000  # any other list: dictionary words, corrections, span intervals …


def over(count: float, limit: float) -> str:
    """How far over a limit a count is, for messages: "120,000 (limit 50,000)"."""
    return f"{count:,.0f} (limit {limit:,.0f})"
