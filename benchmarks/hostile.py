"""Hostile input, timed. The tests check that extreme layouts, fuzzed .epd files and fuzzed
images are handled completely and within the limits the code enforces (the item count above
which a paragraph is set first fit, the pixel limit read from a picture's header, the
container's member and byte budgets); they never time it. Here is how long it takes, as ratios
against a baseline timed in the same run:

- hostile layouts: extreme sizes, leadings, columns, frames and tracking (the ranges of
  tests/typeset/test_hostile_layout.py, drawn with a fixed seed) and one paragraph too long
  for total fit, each laid out once, against laying out the sample edition once;
- fuzzed editions: a small edition's container with bytes changed or cut short (as in
  tests/io/test_epd_fuzz.py), loaded and, where it loads, laid out, against loading and
  laying out the intact container;
- fuzzed images: a JPEG and a PNG with bytes changed or cut short, and a 400-megapixel
  decompression bomb, read, against reading the intact picture.
"""

from __future__ import annotations

import io
import random
import time
from collections.abc import Callable
from pathlib import Path

from PIL import Image

from benchmarks.timing import median_time
from epaperdesk.geometry import Rect
from epaperdesk.io.epd import EpdError, edition_from_bytes, edition_to_bytes, load_edition
from epaperdesk.io.images import ImageError, read_image
from epaperdesk.model import Edition, Page, ParagraphStyle, Story, TextFrame
from epaperdesk.model.styles import HyphenationSettings, JustificationSettings
from epaperdesk.typeset.layout import Typesetter

SEED = 2026
LAYOUT_CASES = 30
EPD_CASES = 150
IMAGE_CASES = 150


def timed(function: Callable[[], object]) -> float:
    start = time.perf_counter()
    function()
    return time.perf_counter() - start


def hostile_edition(rng: random.Random, words: int | None = None) -> Edition:
    """One story of "hyphenation" repeated, with extreme values drawn from the ranges the
    hostile-layout test uses."""
    style = ParagraphStyle(
        "body",
        size=rng.uniform(1, 1000),
        leading=rng.uniform(1, 2000),
        tracking=rng.uniform(-300, 1000),
        alignment=rng.choice(["justify", "left", "center", "right"]),
        hyphenation=HyphenationSettings(min_word_length=3),
        justification=JustificationSettings(word_space_max=rng.uniform(100, 400)),
    )
    count = rng.randint(0, 3000) if words is None else words
    edition = Edition(paragraph_styles={"body": style})
    edition.stories["s"] = Story("s", " ".join(["hyphenation"] * count), ["body"])
    page = Page("p", 20000, 20000)
    frame = Rect(0, 0, rng.uniform(1, 20000), rng.uniform(1, 20000))
    page.frames = [TextFrame("f", frame, story_id="s", columns=rng.randint(1, 40), gutter=9.0)]
    edition.pages = [page]
    return edition


def huge_paragraph_edition() -> Edition:
    """4,000 words in one paragraph: more items than the total-fit breaker is given."""
    edition = Edition(paragraph_styles={"body": ParagraphStyle("body")})
    edition.stories["s"] = Story("s", " ".join(["hyphenation"] * 4000), ["body"])
    page = Page("p", 800, 1200)
    page.frames = [TextFrame("f", Rect(50, 50, 700, 1100), story_id="s", columns=5)]
    edition.pages = [page]
    return edition


def small_edition() -> Edition:
    edition = Edition(
        title="Fuzz Weekly",
        paragraph_styles={
            "body": ParagraphStyle("body"),
            "headline": ParagraphStyle("headline", weight=700, size=24, leading=26, alignment="left"),
        },
    )
    edition.stories["s1"] = Story("s1", "Headline\nFirst paragraph of text.\nSecond one.", ["headline", "body", "body"])
    page = Page.from_preset("p1", "tabloid")
    page.frames = [TextFrame("t1", Rect(34, 34, 300, 400), story_id="s1", columns=2)]
    edition.pages = [page]
    return edition


def load_or_reject(data: bytes) -> None:
    try:
        edition = edition_from_bytes(data, "fuzz.epd")
    except EpdError:
        return
    Typesetter().layout(edition)


def read_or_reject(data: bytes) -> None:
    try:
        read_image(data, "", "fuzzed image")
    except ImageError:
        pass


def mutations(rng: random.Random, data: bytes, cases: int) -> list[bytes]:
    """Two thirds with one to eight bytes changed, one third cut short."""
    found = []
    for i in range(cases):
        if i % 3 == 2:
            found.append(data[: rng.randint(0, len(data))])
            continue
        changed = bytearray(data)
        for _ in range(rng.randint(1, 8)):
            changed[rng.randrange(len(changed))] = rng.randrange(256)
        found.append(bytes(changed))
    return found


def encoded(kind: str, colour: tuple[int, int, int]) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (64, 48), colour).save(buffer, kind)
    return buffer.getvalue()


def bench_hostile(sample_path: Path) -> dict:
    rng = random.Random(SEED)
    results: dict[str, float] = {}

    sample = load_edition(sample_path)
    sample_layout = median_time(lambda: Typesetter().layout(sample), 5)
    layouts = [hostile_edition(rng) for _ in range(LAYOUT_CASES)]
    hostile = [timed(lambda edition=edition: Typesetter().layout(edition)) for edition in layouts]
    huge_edition = huge_paragraph_edition()
    huge = median_time(lambda: Typesetter().layout(huge_edition), 3)
    results["sample layout baseline (ms)"] = sample_layout * 1000
    results[f"hostile layouts, worst of {LAYOUT_CASES} (ms)"] = max(hostile) * 1000
    results["hostile layout worst / sample"] = max(hostile) / sample_layout
    results["hostile layout median / sample"] = sorted(hostile)[len(hostile) // 2] / sample_layout
    results["4,000-word paragraph / sample"] = huge / sample_layout

    container = edition_to_bytes(small_edition())
    intact = median_time(lambda: load_or_reject(container), 5)
    fuzzed = [timed(lambda data=data: load_or_reject(data)) for data in mutations(rng, container, EPD_CASES)]
    results["intact .epd load + layout (ms)"] = intact * 1000
    results[f"fuzzed .epd, worst of {EPD_CASES} / intact"] = max(fuzzed) / intact
    results["fuzzed .epd, median / intact"] = sorted(fuzzed)[len(fuzzed) // 2] / intact

    for kind, colour in (("JPEG", (30, 90, 200)), ("PNG", (200, 90, 30))):
        picture = encoded(kind, colour)
        base = median_time(lambda picture=picture: read_image(picture, "", "intact"), 5)
        times = [timed(lambda data=data: read_or_reject(data)) for data in mutations(rng, picture, IMAGE_CASES)]
        results[f"intact {kind} read (ms)"] = base * 1000
        results[f"fuzzed {kind}, worst of {IMAGE_CASES} / intact"] = max(times) / base
    bomb_buffer = io.BytesIO()
    Image.new("1", (20000, 20000)).save(bomb_buffer, "PNG")  # 400 megapixels, a few kB
    bomb = bomb_buffer.getvalue()
    refusal = median_time(lambda: read_or_reject(bomb), 5)
    results["400 Mpx bomb refused / intact PNG"] = refusal / base
    return results
