"""Hostile input: mutated containers and documents either load or raise EpdError —
never another exception. What loads is a valid edition and lays out.

The work per case is bounded by what the loader enforces (member, byte and nesting limits,
tested in test_epd.py) and by the typesetter's own limits (test_hostile_layout.py), not by a
clock: how long fuzzed files take to load is measured in benchmarks/hostile.py."""

import io
import json
import zipfile

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from epaperdesk.io import schema
from epaperdesk.io.epd import EpdError, edition_from_bytes, edition_to_bytes
from epaperdesk.model.validate import find_problems
from epaperdesk.typeset.layout import Typesetter
from tests.conftest import make_small_edition

SMALL = edition_to_bytes(make_small_edition())


def load_or_reject(data: bytes) -> None:
    """A mutated file is refused with EpdError, or it loads as a valid edition that lays out."""
    try:
        edition = edition_from_bytes(data, "fuzz.epd")
    except EpdError as error:
        assert str(error).startswith("fuzz.epd: ")
        return
    assert find_problems(edition) == []
    layout = Typesetter().layout(edition)
    assert len(layout.pages) == len(edition.pages)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(st.integers(0, len(SMALL) - 1), st.integers(0, 255)), min_size=1, max_size=8))
def test_byte_mutations_of_a_container(flips):
    data = bytearray(SMALL)
    for position, value in flips:
        data[position] = value
    load_or_reject(bytes(data))


@settings(max_examples=80, deadline=None)
@given(st.integers(0, len(SMALL)))
def test_truncated_containers(length):
    load_or_reject(SMALL[:length])


JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers(-(10**6), 10**6) | st.floats(allow_nan=True) | st.text(max_size=8),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children, max_size=4),
    max_leaves=12,
)


def document_paths(value, path=()):
    yield path
    if isinstance(value, dict):
        for key, child in value.items():
            yield from document_paths(child, path + (key,))
    elif isinstance(value, list):
        for index, child in enumerate(value):
            yield from document_paths(child, path + (index,))


DOCUMENT = schema.edition_to_document(make_small_edition())
PATHS = [p for p in document_paths(DOCUMENT) if p]


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(PATHS), JSON_VALUES)
def test_any_field_replaced_by_any_json_value(path, value):
    document = json.loads(json.dumps(DOCUMENT))
    target = document
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = value
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("document.json", json.dumps(document))
    load_or_reject(buffer.getvalue())
