"""The .epd limits (io/epd_limits.py): each hostile value is refused while the file is read,
with a message naming the field, the limit and how far over — never a traceback, never the
work the value would cost."""

import io
import json
import os
import zipfile

import pytest

from epaperdesk.io.epd import EpdError, edition_from_bytes, edition_to_bytes, load_edition
from epaperdesk.io.epd_limits import MAX_FRAMES, MAX_STORY_CHARACTERS, MAX_VARIABLES
from epaperdesk.model.styles import JumpSettings


def rezip(data: bytes, change) -> bytes:
    """The container with its document.json changed by `change(document)` (raw JSON text
    when `change` returns a string)."""
    source = zipfile.ZipFile(io.BytesIO(data))
    document = json.loads(source.read("document.json"))
    changed = change(document)
    text = changed if isinstance(changed, str) else json.dumps(document)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            body = text.encode("utf-8") if info.filename == "document.json" else source.read(info)
            target.writestr(info, body)
    return out.getvalue()


@pytest.fixture
def sample_bytes(sample_path):
    return sample_path.read_bytes()


def first_text_frame(document):
    return next(f for p in document["edition"]["pages"] for f in p["frames"] if f["kind"] == "text")


def refused(data: bytes) -> str:
    with pytest.raises(EpdError) as caught:
        edition_from_bytes(data, "hostile.epd")
    message = str(caught.value)
    assert "the file is damaged (" not in message, "an error of ours, not a wrapped exception"
    return message


@pytest.mark.parametrize("value", [1e308, -1.0, float("nan"), float("inf")])
def test_insets_out_of_range(sample_bytes, value):
    def change(document):
        first_text_frame(document)["insets"]["top"] = value

    message = refused(rezip(sample_bytes, change))
    assert "insets" in message or "top inset" in message


def test_huge_whole_numbers(sample_bytes):
    text = rezip(sample_bytes, lambda d: None)
    data = zipfile.ZipFile(io.BytesIO(text)).read("document.json").decode()
    hostile = data.replace('"volume": 1', '"volume": 1' + "0" * 5000, 1)
    assert "number that is too long" in refused(rezip(sample_bytes, lambda d: hostile))

    def big(document):
        document["edition"]["volume"] = 2**40

    message = refused(rezip(sample_bytes, big))
    assert "edition.volume" in message and "out of range" in message


def test_a_lone_surrogate_is_refused_not_saved_later(sample_bytes):
    def change(document):
        document["edition"]["title"] = "Meridian \ud800"

    message = refused(rezip(sample_bytes, change))
    assert "edition.title" in message and "lone surrogate" in message and "U+D800" in message


def test_a_story_too_long_and_too_many_variables(sample_bytes):
    def long_story(document):
        story = document["edition"]["stories"][0]
        story["text"] = "x" * (MAX_STORY_CHARACTERS + 1)

    message = refused(rezip(sample_bytes, long_story))
    assert "too long" in message and f"{MAX_STORY_CHARACTERS:,}" in message

    def variables(document):
        story = document["edition"]["stories"][0]
        story["text"] = "{{page}}" * (MAX_VARIABLES + 1)

    assert "too many text variables" in refused(rezip(sample_bytes, variables))


def test_too_many_frames_before_any_is_read(sample_bytes):
    def change(document):
        frame = first_text_frame(document)
        document["edition"]["pages"][0]["frames"] = [frame] * (MAX_FRAMES + 1)

    message = refused(rezip(sample_bytes, change))
    assert "too many frames" in message and f"(limit {MAX_FRAMES:,})" in message


@pytest.mark.parametrize("wording", ["See page {page:>2000000000}", "See {page.__class__}", "{page} {0}", "{page}}"])
def test_jump_wording_takes_only_page(sample_bytes, wording):
    def change(document):
        document["edition"]["jumps"]["see"] = wording

    assert "may use only {page}" in refused(rezip(sample_bytes, change))


def test_jump_wording_is_replaced_not_formatted():
    settings = JumpSettings(see="See page {page} ({page})")
    assert settings.wording("see", 12) == "See page 12 (12)"


def test_a_fifo_is_refused_without_waiting(tmp_path):
    fifo = tmp_path / "edition.epd"
    os.mkfifo(fifo)
    with pytest.raises(EpdError, match="not a regular file"):
        load_edition(fifo)


def test_too_many_json_objects(sample_bytes, monkeypatch):
    from epaperdesk.io import epd

    monkeypatch.setattr(epd, "MAX_JSON_OBJECTS", 100)
    assert "more than 100 objects" in refused(sample_bytes)


def test_the_sample_is_within_every_limit(sample_bytes):
    edition = edition_from_bytes(sample_bytes)
    assert edition_from_bytes(edition_to_bytes(edition)) == edition


def test_typing_cannot_make_a_story_the_file_would_refuse(small_edition):
    from epaperdesk.model.edits import EditError, splice_text
    from epaperdesk.model.story import MAX_STORY_CHARACTERS

    story = small_edition.stories["s1"]
    room = MAX_STORY_CHARACTERS - len(story.text)
    splice_text(small_edition, "s1", 0, 0, "x" * room).apply(small_edition)  # up to the limit: fine
    with pytest.raises(EditError, match="split it into stories"):
        splice_text(small_edition, "s1", 0, 0, "y").apply(small_edition)
    assert len(story.text) == MAX_STORY_CHARACTERS
    splice_text(small_edition, "s1", 0, 1, "").apply(small_edition)  # shortening is always allowed
