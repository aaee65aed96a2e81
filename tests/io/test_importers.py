"""Importing copy: text, Markdown and Word, style mapping, house clean-up, hostile files."""

import io
import zipfile

import docx
import pytest

from epaperdesk.io.importers import (
    CopyError,
    ImportOptions,
    copy_to_fragment,
    import_edit,
    read_copy,
    read_docx_copy,
    read_markdown_copy,
    read_text_copy,
)
from epaperdesk.model.styles import ParagraphStyle

HOUSE = {"body", "first", "headline", "deck", "kicker", "caption"}


def word_file(path):
    document = docx.Document()
    document.add_heading("Rovers find ice under the dunes", level=1)
    document.add_heading("A second look at old radar data", level=2)
    paragraph = document.add_paragraph("The team ")
    paragraph.add_run("confirmed").bold = True
    paragraph.add_run(" the find in ")
    paragraph.add_run("Nature Astronomy").italic = True
    paragraph.add_run(".")
    document.add_paragraph('It\'s the "biggest" deposit -- so far.')
    document.save(path)
    return path


def test_docx_keeps_bold_and_italic_and_maps_headings(tmp_path):
    copy = read_copy(word_file(tmp_path / "story.docx"))
    assert [p.source_style for p in copy.paragraphs] == ["Heading 1", "Heading 2", "Normal", "Normal"]
    fragment, styles = copy_to_fragment(copy, ImportOptions(), HOUSE)
    assert styles == ["headline", "deck", "first", "body"]
    text = fragment.text
    assert text.split("\n")[2] == "The team confirmed the find in Nature Astronomy."
    spans = {(name, text[s:e]) for name, s, e in fragment.spans}
    assert spans == {("bold", "confirmed"), ("italic", "Nature Astronomy")}
    assert text.split("\n")[3] == "It\u2019s the \u201cbiggest\u201d deposit \u2014 so far."


def test_the_user_mapping_wins(tmp_path):
    copy = read_copy(word_file(tmp_path / "story.docx"))
    options = ImportOptions(
        style_map={"Heading 1": "kicker", "Heading 2": "headline", "Normal": "body"}, first_paragraph_style=None
    )
    _, styles = copy_to_fragment(copy, options, HOUSE)
    assert styles == ["kicker", "headline", "body", "body"]


def test_a_docx_with_a_doctype_is_refused(tmp_path):
    path = word_file(tmp_path / "story.docx")
    source = zipfile.ZipFile(path)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for item in source.infolist():
            data = source.read(item)
            if item.filename == "word/document.xml":
                data = data.replace(b"?>", b'?><!DOCTYPE w [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>', 1)
            target.writestr(item, data)
    with pytest.raises(CopyError, match="DOCTYPE"):
        read_docx_copy(out.getvalue(), "evil.docx")


def test_broken_and_oversized_files_get_a_clear_error(tmp_path, monkeypatch):
    (tmp_path / "broken.docx").write_bytes(b"PK\x03\x04 this is not really a zip")
    with pytest.raises(CopyError, match="broken.docx is not a Word document"):
        read_copy(tmp_path / "broken.docx")
    plain_zip = io.BytesIO()
    with zipfile.ZipFile(plain_zip, "w") as archive:
        archive.writestr("hello.txt", "hi")
    (tmp_path / "other.docx").write_bytes(plain_zip.getvalue())
    with pytest.raises(CopyError, match="no word/document.xml"):
        read_copy(tmp_path / "other.docx")
    (tmp_path / "big.txt").write_text("word " * 100)
    monkeypatch.setattr("epaperdesk.io.importers.MAX_COPY_BYTES", 100)
    with pytest.raises(CopyError, match="big.txt is 0 MB, more than"):
        read_copy(tmp_path / "big.txt")
    with pytest.raises(CopyError, match="binary"):
        read_text_copy(b"\x00\x01\x02", "photo.txt")
    with pytest.raises(CopyError, match="can be imported from"):
        read_copy(tmp_path / "story.pdf")


def test_markdown_headings_emphasis_and_lists():
    copy = read_markdown_copy(
        b"# Headline here\n\n## Deck\n\nFirst *graf* with **bold** text\nwrapped.\n\n- a list item\n\n> quoted\n"
    )
    assert [p.source_style for p in copy.paragraphs] == ["Heading 1", "Heading 2", "Normal", "List Paragraph", "Quote"]
    fragment, styles = copy_to_fragment(copy, ImportOptions(), HOUSE)
    assert fragment.text.split("\n")[2] == "First graf with bold text wrapped."
    assert {(n, fragment.text[s:e]) for n, s, e in fragment.spans} == {("italic", "graf"), ("bold", "bold")}
    assert styles[:3] == ["headline", "deck", "first"]


def test_plain_text_paragraphs_by_blank_lines_or_lines():
    assert [p.text for p in read_text_copy(b"One line\ncontinues.\n\nSecond.").paragraphs] == [
        "One line continues.",
        "Second.",
    ]
    assert [p.text for p in read_text_copy(b"A\r\nB\r\nC").paragraphs] == ["A", "B", "C"]
    assert read_text_copy("Caf\u00e9".encode("cp1252")).paragraphs[0].text == "Caf\u00e9"


def test_import_into_new_existing_and_at_cursor(small_edition):
    edition = small_edition
    for name in ("headline", "first"):
        edition.paragraph_styles[name] = ParagraphStyle(name)
    copy = read_markdown_copy(b"# Title\n\nBody **one**.\n\nBody two.")
    edit, story_id = import_edit(edition, copy, ImportOptions(), "new", name="wire")
    edit.apply(edition)
    story = edition.stories[story_id]
    assert story.text == "Title\nBody one.\nBody two." and story.paragraph_styles == ["headline", "first", "body"]
    assert story.spans == {"bold": [(11, 14)]}
    target = next(iter(s for s in edition.stories if s != story_id))
    edit, _ = import_edit(edition, copy, ImportOptions(), "replace", target)
    before = edition.stories[target].text
    edit.apply(edition)
    assert edition.stories[target].text == story.text
    assert edition.stories[target].paragraph_styles == ["headline", "first", "body"]
    edit.inverse().apply(edition)
    assert edition.stories[target].text == before
    edit, _ = import_edit(
        edition, read_text_copy(b"inserted words "), ImportOptions(cleanup=None), "insert", target, 0, 0
    )
    edit.apply(edition)
    assert edition.stories[target].text == "inserted words" + before
