"""The document schema's versions: migrations run in order up to the current version."""

import json

from epaperdesk.io import schema
from epaperdesk.model.styles import StoryFit


def test_a_version_1_file_is_migrated(small_edition):
    document = schema.edition_to_document(small_edition)
    document["version"] = 1
    del document["edition"]["copyfit"]
    for story in document["edition"]["stories"]:
        del story["fit"]
    migrated = schema.migrate(json.loads(json.dumps(document)))
    assert migrated["version"] == schema.SCHEMA_VERSION
    edition = schema.document_to_edition(migrated, lambda e, p: None, lambda e, p: None)
    assert all(s.fit == StoryFit() for s in edition.stories.values())


def test_migrations_run_in_order(small_edition, monkeypatch):
    """A version-1 document passes through every registered migration up to the current one."""
    calls = []

    def one_to_two(document):
        calls.append(document["version"])
        document["edition"]["title"] += " (migrated)"
        return document

    monkeypatch.setattr(schema, "SCHEMA_VERSION", 2)
    monkeypatch.setitem(schema.MIGRATIONS, 1, one_to_two)
    document = json.loads(json.dumps(schema.edition_to_document(small_edition)))
    document["version"] = 1
    migrated = schema.migrate(document)
    assert calls == [1] and migrated["version"] == 2
    assert migrated["edition"]["title"] == "Test Weekly (migrated)"
