"""Hostile input: mutated containers and documents either load or raise EpdError —
never another exception, never a hang."""

import io
import json
import time
import zipfile

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from epaperdesk.io import schema
from epaperdesk.io.epd import EpdError, edition_from_bytes, edition_to_bytes
from epaperdesk.typeset.layout import Typesetter
from tests.conftest import make_small_edition

SMALL = edition_to_bytes(make_small_edition())


def load_or_reject(data: bytes) -> None:
    """A mutated file is refused with EpdError, or it loads and lays out in bounded time."""
    try:
        edition = edition_from_bytes(data, "fuzz.epd")
    except EpdError as error:
        assert str(error).startswith("fuzz.epd: ")
        return
    start = time.perf_counter()
    Typesetter().layout(edition)
    assert time.perf_counter() - start < 20.0


@settings(max_examples=150, deadline=2000, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(st.integers(0, len(SMALL) - 1), st.integers(0, 255)), min_size=1, max_size=8))
def test_byte_mutations_of_a_container(flips):
    data = bytearray(SMALL)
    for position, value in flips:
        data[position] = value
    load_or_reject(bytes(data))


@settings(max_examples=80, deadline=2000)
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


@settings(max_examples=200, deadline=2000, suppress_health_check=[HealthCheck.too_slow])
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


def test_migrations_run_in_order(monkeypatch):
    """A version-1 document passes through every registered migration up to the current one."""
    calls = []

    def one_to_two(document):
        calls.append(document["version"])
        document["edition"]["title"] += " (migrated)"
        return document

    monkeypatch.setattr(schema, "SCHEMA_VERSION", 2)
    monkeypatch.setitem(schema.MIGRATIONS, 1, one_to_two)
    document = json.loads(json.dumps(DOCUMENT))
    document["version"] = 1
    migrated = schema.migrate(document)
    assert calls == [1] and migrated["version"] == 2
    assert migrated["edition"]["title"] == "Test Weekly (migrated)"
