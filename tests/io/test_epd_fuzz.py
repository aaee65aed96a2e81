"""Hostile input: mutated documents either load or are refused with EpdError — never another
exception, and never an EpdError that only wraps an unexpected one.

The mutations work on the decoded document.json: any field (or key) replaced by any JSON value
— including the ones that cost: 1e308, -1e308, NaN, Infinity, 1e400, huge and 5,000-digit
whole numbers, long strings, lone surrogates, str.format traps, deep lists, long lists — or
removed, duplicated or renamed; then the document is written out and zipped properly, so
every case reaches the JSON parser and the schema instead of stopping at the zip checksum.
What loads must be a valid edition that lays out, each case within a few seconds.

edition_from_bytes turns "anything else a hostile file provokes" into EpdError("… the file is
damaged (TypeName: …)"); such an error is a bug that was hidden, not a refusal, and fails here
(the outer EpdError's __context__ is the exception it wrapped)."""

import datetime
import io
import json
import math
import re
import signal
import zipfile
from contextlib import contextmanager

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PIL import Image

from epaperdesk.geometry import Rect
from epaperdesk.io import schema
from epaperdesk.io.epd import EpdError, edition_from_bytes, edition_to_bytes
from epaperdesk.io.images import ImageError, read_image
from epaperdesk.io.schema import SchemaError
from epaperdesk.model import ImageFrame, Page, TextFrame
from epaperdesk.model.corrections import Correction
from epaperdesk.model.validate import find_problems
from epaperdesk.typeset.layout import Typesetter
from tests.conftest import make_small_edition

SECONDS_PER_CASE = 5
# what edition_from_bytes may legitimately turn into an EpdError (its own checks, the schema's,
# the pictures', the zip module's); anything else under an EpdError was wrapped blindly
EXPECTED_CAUSES = (EpdError, SchemaError, ImageError, zipfile.BadZipFile)
WRAPPED = re.compile(r"damaged \((\w+): ")


def fuzz_edition():
    """The small edition with a picture, a master page, a correction and a character span:
    every part of the schema has something to mutate."""
    edition = make_small_edition()
    buffer = io.BytesIO()
    Image.new("RGB", (2, 2), (200, 40, 40)).save(buffer, "PNG")
    picture = read_image(buffer.getvalue(), "fuzz")
    edition.images = {picture.name: picture}
    photo = edition.pages[0].frames[2]
    assert isinstance(photo, ImageFrame)
    photo.image = picture.name
    master = Page.from_preset("m1", "tabloid", name="front")
    master.frames = [TextFrame("mt1", Rect(34, 1000, 300, 40))]
    edition.masters = [master]
    edition.pages[1].master = "m1"
    edition.dictionary_words = ["Meridian"]
    edition.hyphenation_exceptions = {"newspaper": "news-pa-per"}
    story = edition.stories["s2"]
    story.anchors = {"c1": (0, 7)}
    edition.corrections = {
        "c1": Correction("c1", "s2", "query", "Which one?", "Proofreader", "2026-03-05T10:00:00+00:00")
    }
    edition.date = datetime.date(2026, 3, 5)
    assert find_problems(edition) == []
    return edition


EDITION = fuzz_edition()
SMALL = edition_to_bytes(EDITION)
DOCUMENT = schema.edition_to_document(EDITION)
IMAGE_MEMBERS = {"images/" + name: asset.data for name, asset in EDITION.images.items()}


class Raw:
    """JSON text written as is where a value stands (what json.dumps cannot write: 5,000-digit
    numbers, 1e400, nesting deeper than the encoder's recursion)."""

    def __init__(self, text: str) -> None:
        self.text = text

    def __repr__(self) -> str:
        return f"Raw({self.text[:40]!r}{'…' if len(self.text) > 40 else ''} {len(self.text):,} chars)"


HOSTILE = [
    1e308, -1e308, math.nan, math.inf, -math.inf, 5e-324, -0.0, 1e-308, 2**31, -(2**31) - 1, 2**53 + 1, 2**63,
    -(2**64), 10**30, 10**4000, "\ud800", "a\udfffb", "x" * 100_000, "word " * 20_000, "{page:>2000000000}",
    "{page.__class__}", "{page}" * 1000, "{{page}}" * 20_000, "../x", "/etc/passwd", "\x00", "", " ", "\u202e",
    "images/../x", [], {}, [0] * 50_000, ["x"] * 50_000, list(range(1000)), [[[[[[[[[[0]]]]]]]]]], {"": None},
    Raw("9" * 5000), Raw("-" + "9" * 5000), Raw("1e400"), Raw("-1e400"), Raw("1" + "0" * 400 + ".5"),
    Raw("[" * 900 + "]" * 900), Raw("[" * 100_000 + "]" * 100_000), Raw('{"a":' * 900 + "0" + "}" * 900),
]  # fmt: skip
JSON_SCALARS = (
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=True, allow_infinity=True)
    | st.text(st.characters(exclude_categories=()), max_size=12)  # (lone surrogates included)
    | st.sampled_from(HOSTILE)
)
JSON_VALUES = st.recursive(
    JSON_SCALARS,
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children, max_size=4),
    max_leaves=8,
)


def document_paths(value, path=()):
    yield path
    if isinstance(value, dict):
        for key, child in value.items():
            yield from document_paths(child, path + (key,))
    elif isinstance(value, list):
        for index, child in enumerate(value):
            yield from document_paths(child, path + (index,))


PATHS = [p for p in document_paths(DOCUMENT) if p]
OPERATIONS = ("replace", "replace", "replace", "delete", "rename", "duplicate", "add")


def mutate(document, path, operation, value, repeat=2):
    """Apply one mutation at `path` (a field or list item) in place."""
    parent = document
    for key in path[:-1]:
        parent = parent[key]
    key = path[-1]
    if operation == "replace":
        parent[key] = value
    elif operation == "delete":
        del parent[key]
    elif operation == "rename" and isinstance(parent, dict):
        parent[value if isinstance(value, str) else json.dumps(value, default=repr)] = parent.pop(key)
    elif operation == "duplicate" and isinstance(parent, list):
        parent[key + 1 : key + 1] = [json.loads(json.dumps(parent[key]))] * repeat
    elif operation == "add" and isinstance(parent[key], dict):
        parent[key]["unexpected" if not isinstance(value, str) else value] = value
    elif operation == "add" and isinstance(parent[key], list):
        parent[key].append(value)
    else:
        parent[key] = value


def to_json(document) -> bytes:
    """The document as JSON text (NaN and Infinity as Python writes them, lone surrogates as
    escapes, Raw values spliced in)."""
    raws = []

    def place(value):
        if isinstance(value, Raw):
            raws.append(value.text)
            return f"@@RAW{len(raws) - 1}@@"
        if isinstance(value, dict):
            return {k: place(v) for k, v in value.items()}
        if isinstance(value, list):
            return [place(v) for v in value]
        return value

    text = json.dumps(place(document), ensure_ascii=True, allow_nan=True)
    for index, raw in enumerate(raws):
        text = text.replace(f'"@@RAW{index}@@"', raw)
    return text.encode("ascii")


def container(document_json: bytes) -> bytes:
    """A properly zipped .epd with this document.json and the fuzz edition's pictures."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("mimetype", "application/x-epaperdesk")
        archive.writestr("document.json", document_json, zipfile.ZIP_DEFLATED)
        for name, data in IMAGE_MEMBERS.items():
            archive.writestr(name, data)
    return buffer.getvalue()


@contextmanager
def time_limit(seconds: int, what: str):
    def expired(signum, frame):
        raise TimeoutError(f"{what} took more than {seconds} s")

    previous = signal.signal(signal.SIGALRM, expired)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def load_or_reject(data: bytes) -> str:
    """A mutated file is refused with an EpdError of our own making, or it loads as a valid
    edition that lays out; returns "loaded" or the refusal's message."""
    with time_limit(SECONDS_PER_CASE, "loading and laying out one mutated file"):
        try:
            edition = edition_from_bytes(data, "fuzz.epd")
        except EpdError as error:
            message = str(error)
            assert message.startswith("fuzz.epd: ")
            cause = error.__context__
            assert cause is None or isinstance(cause, EXPECTED_CAUSES), (
                f"an unexpected {type(cause).__name__} was wrapped into an EpdError: {message[:300]}"
            )
            wrapped = WRAPPED.search(message)
            assert not wrapped, f"an unexpected {wrapped.group(1)} was wrapped into an EpdError: {message[:300]}"
            return message
        assert find_problems(edition) == []
        layout = Typesetter().layout(edition)
        assert len(layout.pages) == len(edition.pages)
        return "loaded"


def fresh_document():
    return json.loads(json.dumps(DOCUMENT))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(
    st.lists(
        st.tuples(st.sampled_from(PATHS), st.sampled_from(OPERATIONS), JSON_VALUES, st.sampled_from([2, 50, 2_000])),
        min_size=1,
        max_size=3,
    )
)
def test_any_field_replaced_by_any_json_value(mutations):
    document = fresh_document()
    for path, operation, value, repeat in mutations:
        try:
            mutate(document, path, operation, value, repeat)
        except (KeyError, IndexError, TypeError):
            continue  # an earlier mutation took the place away
    load_or_reject(container(to_json(document)))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(st.floats(0, 1, exclude_max=True), st.integers(0, 255)), min_size=1, max_size=8))
def test_byte_mutations_of_document_json(flips):
    """Bytes of the decoded document.json changed, then zipped properly (the checksum is
    right, so the parser sees them)."""
    data = bytearray(to_json(DOCUMENT))
    for where, value in flips:
        data[int(where * len(data))] = value
    load_or_reject(container(bytes(data)))


@settings(max_examples=40, deadline=None)
@given(st.integers(0, len(SMALL)))
def test_truncated_containers(length):
    load_or_reject(SMALL[:length])


CONTAINER_ERRORS = ("zip", "container", "not valid JSON", "not UTF-8", "nested too deeply", "member")


def test_every_field_meets_a_hostile_value():
    """Deterministic: each field of the document, in turn, replaced by the next hostile value.
    Almost every case gets past the container and the JSON parser to the schema."""
    reached = 0
    for index, path in enumerate(PATHS):
        document = fresh_document()
        mutate(document, path, "replace", HOSTILE[index % len(HOSTILE)])
        outcome = load_or_reject(container(to_json(document)))
        reached += not any(word in outcome for word in CONTAINER_ERRORS)
    assert reached >= 0.9 * len(PATHS), f"only {reached} of {len(PATHS)} cases reached the schema"


@pytest.mark.parametrize("value", HOSTILE, ids=lambda value: repr(value)[:24])
def test_hostile_values_in_a_frame_and_a_story(value):
    """Each hostile value in the places that cost most when they load: a text frame's rectangle
    and insets, a paragraph style's size, a story's text, the jump wording."""
    for path in (
        ("edition", "pages", 0, "frames", 0, "rect", 2),
        ("edition", "pages", 0, "frames", 0, "insets", "top"),
        ("edition", "pages", 0, "frames", 0, "columns"),
        ("edition", "paragraph_styles", 0, "size"),
        ("edition", "stories", 0, "text"),
        ("edition", "jumps", "see"),
    ):
        document = fresh_document()
        mutate(document, path, "replace", value)
        load_or_reject(container(to_json(document)))
