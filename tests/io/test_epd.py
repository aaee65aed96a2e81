"""The .epd container: lossless round trip, atomic save, and every rejection of bad input."""

import copy
import hashlib
import io
import json
import os
import zipfile

import pytest
from PIL import Image

from epaperdesk import atomic
from epaperdesk.io import epd
from epaperdesk.io.epd import EpdError, SaveError, edition_from_bytes, edition_to_bytes, load_edition, save_edition
from epaperdesk.io.images import read_image
from epaperdesk.io.schema import SCHEMA_VERSION, edition_to_document
from epaperdesk.model import ImageFrame
from tests.typeset.test_edition_fonts import edition_with_house_font, house_font


def png_bytes(size=(8, 6), colour=(200, 30, 30)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, colour).save(buffer, "PNG")
    return buffer.getvalue()


@pytest.fixture
def edition_with_image(small_edition):
    asset = read_image(png_bytes(), "test")
    small_edition.images[asset.name] = asset
    frame = small_edition.frame_by_id("i1")
    assert isinstance(frame, ImageFrame)
    frame.image = asset.name
    return small_edition


def container(members: dict[str, bytes], order=None) -> bytes:
    """A zip with exactly these members (in this order)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name in order or members:
            archive.writestr(name, members[name])
    return buffer.getvalue()


def members_of(edition) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(edition_to_bytes(edition))) as archive:
        return {info.filename: archive.read(info) for info in archive.infolist()}


def with_document(edition, change) -> bytes:
    """The edition's container with document.json changed by `change(document)`."""
    members = members_of(edition)
    document = json.loads(members["document.json"])
    change(document)
    members["document.json"] = json.dumps(document).encode()
    return container(members)


# -- round trip ---------------------------------------------------------------------------


def test_save_load_round_trip_is_lossless(tmp_path, edition_with_image):
    path = tmp_path / "page.epd"
    save_edition(edition_with_image, path)
    loaded = load_edition(path)
    assert loaded == edition_with_image


def test_save_load_save_gives_identical_bytes(tmp_path, edition_with_image):
    first, second = tmp_path / "a.epd", tmp_path / "b.epd"
    save_edition(edition_with_image, first)
    save_edition(load_edition(first), second)
    assert first.read_bytes() == second.read_bytes()


def test_sample_round_trips_byte_for_byte(tmp_path, sample_path):
    copy_path = tmp_path / "sample.epd"
    save_edition(load_edition(sample_path), copy_path)
    assert copy_path.read_bytes() == sample_path.read_bytes()


def test_container_layout(edition_with_image):
    with zipfile.ZipFile(io.BytesIO(edition_to_bytes(edition_with_image))) as archive:
        names = archive.namelist()
        assert names[0] == "mimetype" and archive.getinfo("mimetype").compress_type == zipfile.ZIP_STORED
        assert names[1] == "document.json"
        assert all(n.startswith("images/") for n in names[2:]) and len(names) == 3
        assert {info.date_time for info in archive.infolist()} == {(1980, 1, 1, 0, 0, 0)}
        document = json.loads(archive.read("document.json"))
    assert document["format"] == "epaperdesk-edition" and document["version"] == SCHEMA_VERSION


def test_original_image_bytes_are_kept(edition_with_image):
    data = png_bytes()
    name = next(iter(edition_with_image.images))
    assert members_of(edition_with_image)["images/" + name] == data


# -- atomic save ----------------------------------------------------------------------------


def test_save_keeps_the_previous_version_as_backup(tmp_path, small_edition):
    path = tmp_path / "page.epd"
    save_edition(small_edition, path)
    old = path.read_bytes()
    small_edition.title = "Changed"
    save_edition(small_edition, path)
    assert (tmp_path / "page.epd.bak").read_bytes() == old
    assert load_edition(path).title == "Changed"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["page.epd", "page.epd.bak"]


def test_failed_save_leaves_the_old_file_intact(tmp_path, small_edition, monkeypatch):
    path = tmp_path / "page.epd"
    save_edition(small_edition, path)
    old = path.read_bytes()

    def no_space(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(epd.os, "replace", no_space)
    small_edition.title = "Changed"
    with pytest.raises(SaveError, match="No space left on device.*previous file is unchanged"):
        save_edition(small_edition, path)
    assert path.read_bytes() == old
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")] == []


@pytest.mark.skipif(os.geteuid() == 0, reason="root can write into read-only folders")
def test_save_into_read_only_folder_says_so(tmp_path, small_edition):
    folder = tmp_path / "ro"
    folder.mkdir()
    folder.chmod(0o555)
    try:
        with pytest.raises(SaveError, match="Permission denied"):
            save_edition(small_edition, folder / "page.epd")
    finally:
        folder.chmod(0o755)


def test_save_refused_by_the_folder_says_so(tmp_path, small_edition, monkeypatch):
    """A read-only folder, simulated (the test may run as root, who can write anywhere)."""
    path = tmp_path / "page.epd"
    save_edition(small_edition, path)
    old = path.read_bytes()

    def read_only(*args, **kwargs):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(atomic.tempfile, "mkstemp", read_only)  # the temporary is made by epaperdesk.atomic
    with pytest.raises(SaveError, match="Permission denied; the previous file is unchanged"):
        save_edition(small_edition, path)
    assert path.read_bytes() == old


def test_save_to_missing_folder_says_so(tmp_path, small_edition):
    with pytest.raises(SaveError, match="No such file or directory"):
        save_edition(small_edition, tmp_path / "gone" / "page.epd")


# -- rejections: each with its own malformed file --------------------------------------------


def rejects(data: bytes, message: str) -> None:
    with pytest.raises(EpdError, match=message):
        edition_from_bytes(data, "bad.epd")


def test_rejects_a_file_that_is_not_a_zip():
    rejects(b"%PDF-1.7 not an edition", "not a zip container")


def test_rejects_missing_document(small_edition):
    members = members_of(small_edition)
    del members["document.json"]
    rejects(container(members), "document.json is missing")


def test_rejects_invalid_json(small_edition):
    members = members_of(small_edition)
    members["document.json"] = b'{"format": "epaperdesk-edition", '
    rejects(container(members), "not valid JSON")


def test_rejects_a_newer_schema_version(small_edition):
    data = with_document(small_edition, lambda d: d.update(version=SCHEMA_VERSION + 1))
    rejects(data, f"schema version {SCHEMA_VERSION + 1} is newer than this EpaperDesk supports")


def test_rejects_another_format(small_edition):
    rejects(with_document(small_edition, lambda d: d.update(format="something-else")), "format is 'something-else'")


def test_rejects_wrong_types_naming_the_field(small_edition):
    def change(d):
        d["edition"]["pages"][0]["frames"][0]["columns"] = "two"

    rejects(with_document(small_edition, change), r"edition\.pages\[0\]\.frames\[0\]\.columns: expected a whole number")


def test_rejects_bad_rectangles(small_edition):
    def change(d):
        d["edition"]["pages"][1]["frames"][0]["rect"] = [0, 0, -5, 10]

    rejects(with_document(small_edition, change), r"edition\.pages\[1\]\.frames\[0\]\.rect: .*must not be negative")


def test_rejects_missing_fields_naming_them(small_edition):
    def change(d):
        del d["edition"]["stories"][1]["text"]

    rejects(with_document(small_edition, change), r"edition\.stories\[1\]: missing field text")


def test_rejects_unknown_fields(small_edition):
    rejects(with_document(small_edition, lambda d: d["edition"].update(colour="red")), "edition: unknown field colour")


def test_rejects_a_thread_to_a_missing_frame(small_edition):
    def change(d):
        d["edition"]["pages"][0]["frames"][1]["next_frame_id"] = "nowhere"

    rejects(with_document(small_edition, change), "threads to missing frame 'nowhere'")


def test_rejects_a_story_reference_that_dangles(small_edition):
    def change(d):
        d["edition"]["pages"][1]["frames"][1]["story_id"] = "ghost"

    rejects(with_document(small_edition, change), "missing story 'ghost'")


def test_rejects_an_image_not_in_the_container(edition_with_image):
    members = members_of(edition_with_image)
    image = next(n for n in members if n.startswith("images/"))
    del members[image]
    rejects(container(members), "is not in the container")


def test_rejects_a_frame_showing_an_image_the_edition_lacks(small_edition):
    def change(d):
        d["edition"]["pages"][0]["frames"][2]["image"] = "0" * 64 + ".png"

    rejects(with_document(small_edition, change), "which is not in the edition")


def test_rejects_images_that_fail_to_decode(edition_with_image):
    members = members_of(edition_with_image)
    image = next(n for n in members if n.startswith("images/"))
    members[image] = members[image][:40]  # truncated PNG
    rejects(container(members), "is damaged or not a picture|does not match")


def test_rejects_an_image_whose_content_does_not_match_its_name(edition_with_image):
    members = members_of(edition_with_image)
    image = next(n for n in members if n.startswith("images/"))
    members[image] = png_bytes(colour=(0, 0, 255))
    rejects(container(members), "does not match its content")


@pytest.mark.parametrize(
    "name, message",
    [
        ("images/../../etc/passwd", r"points outside the container \(\.\.\)"),
        ("/etc/passwd", "has an absolute path"),
        ("images\\evil.png", "has a backslash"),
        ("C:/windows/evil.png", "has an absolute path"),
        ("notes.txt", "does not belong in an edition"),
    ],
)
def test_rejects_bad_member_names(small_edition, name, message):
    members = members_of(small_edition)
    members[name] = b"x"
    rejects(container(members), message)


def test_rejects_too_many_members(small_edition, monkeypatch):
    monkeypatch.setattr(epd, "MAX_MEMBERS", 10)
    members = members_of(small_edition)
    for i in range(10):
        members[f"images/{i:064x}.png"] = b"x"
    rejects(container(members), "more than the 10 allowed")


def test_rejects_too_many_decompressed_bytes_counting_itself(small_edition, monkeypatch):
    members = members_of(small_edition)
    size = len(members["document.json"])
    monkeypatch.setattr(epd, "MAX_TOTAL_BYTES", size // 2)
    rejects(container(members), "more bytes than allowed")


def test_rejects_a_zip_bomb_document(small_edition, monkeypatch):
    """A small compressed member that inflates hugely is stopped while reading."""
    monkeypatch.setattr(epd, "MAX_DOCUMENT_BYTES", 1_000_000)
    members = members_of(small_edition)
    members["document.json"] = b" " * 50_000_000
    data = container(members)
    assert len(data) < 200_000
    rejects(data, "decompresses to more than 1,000,000 bytes")


def test_rejects_lying_size_headers(small_edition, monkeypatch):
    """Headers claiming a small size do not let more bytes through."""
    monkeypatch.setattr(epd, "MAX_DOCUMENT_BYTES", 100_000)
    members = members_of(small_edition)
    members["document.json"] = members["document.json"] + b" " * 500_000
    data = bytearray(container(members))
    # rewrite the uncompressed size in the central directory to a small number
    central = data.rfind(b"PK\x01\x02")
    data[central + 24 : central + 28] = (1000).to_bytes(4, "little")
    with pytest.raises(EpdError):
        edition_from_bytes(bytes(data), "bad.epd")


def test_rejects_duplicate_members(small_edition):
    members = members_of(small_edition)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in members.items():
            archive.writestr(name, data)
        with pytest.warns(UserWarning):
            archive.writestr("document.json", members["document.json"])
    rejects(buffer.getvalue(), "appears twice")


def test_rejects_deeply_nested_json(small_edition):
    members = members_of(small_edition)
    members["document.json"] = b"[" * 100_000 + b"]" * 100_000
    rejects(container(members), "nested too deeply|expected an object")


def test_rejects_inconsistent_stories(small_edition):
    def change(d):
        d["edition"]["stories"][0]["paragraph_styles"] = ["body"]

    rejects(with_document(small_edition, change), r"edition\.stories\[0\]: story 's1' has 3 paragraphs but 1")


def test_rejects_wrong_mimetype(small_edition):
    members = members_of(small_edition)
    members["mimetype"] = b"application/zip"
    rejects(container(members), "mimetype is")


def test_load_reports_unreadable_files(tmp_path):
    with pytest.raises(EpdError, match="cannot be read"):
        load_edition(tmp_path / "missing.epd")


def test_document_is_plain_json_data(small_edition):
    document = edition_to_document(small_edition)
    assert json.loads(json.dumps(document)) == document
    assert copy.deepcopy(small_edition) == small_edition


def test_loader_rejects_missing_damaged_and_mislabelled_fonts():
    edition = edition_with_house_font()
    parts = members_of(edition)
    font_member = next(n for n in parts if n.startswith("fonts/"))
    missing = dict(parts)
    del missing[font_member]
    with pytest.raises(EpdError, match="is not in the container"):
        edition_from_bytes(container(missing))
    damaged = dict(parts)
    damaged[font_member] = parts[font_member][:200]
    with pytest.raises(EpdError, match="does not match its content"):
        edition_from_bytes(container(damaged))
    other = house_font("Other Sans")
    renamed = dict(parts)
    del renamed[font_member]
    name = hashlib.sha256(other).hexdigest() + ".ttf"
    renamed["fonts/" + name] = other
    renamed["document.json"] = parts["document.json"].replace(font_member[6:].encode(), name.encode())
    with pytest.raises(EpdError, match="is Other Sans 700, not what the document says"):
        edition_from_bytes(container(renamed))
    garbage = b"not a font at all" * 10
    gname = hashlib.sha256(garbage).hexdigest() + ".ttf"
    junk = dict(parts)
    del junk[font_member]
    junk["fonts/" + gname] = garbage
    junk["document.json"] = parts["document.json"].replace(font_member[6:].encode(), gname.encode())
    with pytest.raises(EpdError, match="cannot be read as a font"):
        edition_from_bytes(container(junk))
