"""Importing copy: text, Markdown and Word, style mapping, house clean-up, hostile files."""

import io
import re
import zipfile

import docx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

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


# -- Word files read part by part, within limits ---------------------------------------------------

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
PACKAGE_RELS = (
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="r1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"'
    ' Target="{main}"/></Relationships>'
)
STYLES_RELS = (
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="s1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles"'
    ' Target="styles.xml"/></Relationships>'
)
STYLES = (
    f'<w:styles xmlns:w="{W}">'
    '<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/></w:style>'
    '<w:style w:type="paragraph" w:styleId="Heading1"><w:name w:val="heading 1"/></w:style>'
    '<w:style w:type="character" w:styleId="Strong"><w:name w:val="Strong"/></w:style>'
    "</w:styles>"
)


def handmade_docx(body: str, main: str = "word/document.xml", changes: dict | None = None) -> bytes:
    """A Word file written member by member: `body` inside <w:body>, the styles above;
    `changes` replaces members by name (None leaves one out)."""
    folder, _, name = main.rpartition("/")
    parts: dict[str, bytes | str] = {
        "[Content_Types].xml": '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>',
        "_rels/.rels": PACKAGE_RELS.format(main=main),
        main: f'<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="{W}"><w:body>{body}</w:body></w:document>',
        f"{folder}/_rels/{name}.rels": STYLES_RELS,
        f"{folder}/styles.xml": STYLES,
    }
    parts.update(changes or {})
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for path, data in parts.items():
            if data is not None:
                archive.writestr(path, data)
    return buffer.getvalue()


def paragraph(text: str, style: str = "") -> str:
    style_xml = f'<w:pPr><w:pStyle w:val="{style}"/></w:pPr>' if style else ""
    return f"<w:p>{style_xml}<w:r><w:t>{text}</w:t></w:r></w:p>"


def texts(data: bytes) -> list[str]:
    return [p.text for p in read_docx_copy(data, "story.docx").paragraphs]


def test_an_upper_case_extension_is_read_as_word(tmp_path):
    copy = read_copy(word_file(tmp_path / "STORY.DOCX"))
    assert copy.paragraphs[0].text == "Rovers find ice under the dunes"


def test_what_word_shows_comes_across_and_what_it_hides_does_not():
    body = (
        '<w:p><w:r><w:t xml:space="preserve">Read </w:t></w:r>'
        '<w:hyperlink r:id="x" xmlns:r="urn:r"><w:r><w:t>the link</w:t></w:r></w:hyperlink>'
        '<w:ins w:id="1"><w:r><w:t xml:space="preserve"> now</w:t></w:r></w:ins>'
        '<w:del w:id="2"><w:r><w:delText> never</w:delText><w:tab/></w:r></w:del>'
        "<w:r><w:pict><w:txbxContent><w:p><w:r><w:t>BOX</w:t></w:r></w:p></w:txbxContent></w:pict></w:r>"
        "<w:r><w:tab/><w:t>and</w:t><w:br/><w:t>on</w:t><w:noBreakHyphen/><w:t>line</w:t></w:r></w:p>"
        f"<w:sdt><w:sdtPr/><w:sdtContent>{paragraph('In a content control')}</w:sdtContent></w:sdt>"
        f"<w:tbl><w:tr><w:tc>{paragraph('In a table')}</w:tc></w:tr></w:tbl>"
    )
    copy = read_docx_copy(handmade_docx(body), "story.docx")
    assert [p.text for p in copy.paragraphs] == ["Read the link now and on-line", "In a content control"]
    assert copy.notes == ["1 table left out", "pictures left out (place them as photos)"]


def test_styles_and_run_formatting_come_from_the_styles_part():
    body = (
        paragraph("Headline", "Heading1")
        + paragraph("Unknown style", "NoSuchStyle")
        + '<w:p><w:r><w:rPr><w:rStyle w:val="Strong"/></w:rPr><w:t>strong</w:t></w:r>'
        '<w:r><w:rPr><w:b w:val="0"/><w:i/><w:smallCaps w:val="true"/></w:rPr><w:t xml:space="preserve"> plain</w:t></w:r></w:p>'
    )
    copy = read_docx_copy(handmade_docx(body), "story.docx")
    assert [p.source_style for p in copy.paragraphs] == ["Heading 1", "Normal", "Normal"]
    assert copy.paragraphs[2].runs == [("strong", frozenset({"bold"})), (" plain", frozenset({"italic", "small-caps"}))]


def test_the_main_document_is_the_one_the_relationships_name():
    data = handmade_docx(paragraph("From document2"), main="word/document2.xml")
    assert texts(data) == ["From document2"]
    with pytest.raises(CopyError, match="no word/document.xml"):
        texts(handmade_docx(paragraph("x"), changes={"_rels/.rels": None}))


def test_media_members_are_never_unpacked(tmp_path, monkeypatch):
    document = docx.Document()
    document.add_paragraph("Words only.")
    picture = io.BytesIO()
    from PIL import Image

    Image.new("RGB", (8, 8), "blue").save(picture, "PNG")
    document.add_picture(picture)
    path = tmp_path / "with-picture.docx"
    document.save(path)
    opened = []
    real_open = zipfile.ZipFile.open

    def spy(archive, name, *args, **kwargs):
        opened.append(getattr(name, "filename", name))
        return real_open(archive, name, *args, **kwargs)

    monkeypatch.setattr(zipfile.ZipFile, "open", spy)
    copy = read_copy(path)
    assert [p.text for p in copy.paragraphs] == ["Words only."]
    assert "word/document.xml" in opened and not [name for name in opened if not name.endswith((".xml", ".rels"))]


@pytest.mark.parametrize(
    "encoding", ["UTF-8", "UTF-16", "UTF-16LE", "UTF-16BE", "ISO-8859-1", "windows-1252", "no declaration, UTF-16"]
)
def test_a_doctype_is_refused_whatever_the_encoding(encoding):
    declared = encoding.split(",")[0]
    declaration = "" if declared == "no declaration" else f'<?xml version="1.0" encoding="{declared}"?>'
    xml = (
        f'{declaration}<!DOCTYPE w:document [<!ENTITY e "PWNED">]>'
        f'<w:document xmlns:w="{W}"><w:body>{paragraph("&e;")}</w:body></w:document>'
    )
    codec = {"UTF-16LE": "utf-16-le", "UTF-16BE": "utf-16-be"}.get(
        declared, "utf-16" if "UTF-16" in encoding else declared
    )
    raw = xml.encode(codec)
    if declared in ("UTF-16LE", "UTF-16BE"):
        raw = "\ufeff".encode(codec) + raw  # a byte-order mark, as Word would write it
    with pytest.raises(CopyError, match=r"story\.docx: word/document\.xml declares a DOCTYPE"):
        read_docx_copy(handmade_docx("", changes={"word/document.xml": raw}), "story.docx")


@pytest.mark.parametrize(
    "raw,message",
    [
        (b"<w:document", "is not well-formed XML (unclosed token, line 1)"),
        ('<?xml version="1.0" encoding="UTF-32"?><x/>'.encode("utf-32"), "is not well-formed XML"),
        (b'<?xml version="1.0" encoding="shift_jis"?><x/>', "is in an encoding that cannot be read (multi-byte"),
        (b'<?xml version="1.0" encoding="x-unknown"?><x/>', "is in an encoding that cannot be read (unknown encoding"),
        (
            b'<?xml version="1.0" encoding="base64"?><x/>',
            "is in an encoding that cannot be read ('base64' is not a text",
        ),
    ],
)
def test_xml_that_expat_cannot_read_is_refused_not_skipped(raw, message):
    for member in ("word/document.xml", "customXml/item9.xml"):
        with pytest.raises(CopyError, match=re.escape(f"story.docx: {member} {message}")):
            read_docx_copy(handmade_docx(paragraph("x"), changes={member: raw}), "story.docx")


def test_parts_named_twice_and_unusual_packing_are_refused():
    twice = io.BytesIO()
    with zipfile.ZipFile(twice, "w") as archive:
        for path in ("word/document.xml", "WORD/Document.xml"):
            archive.writestr(path, "<x/>")
    with pytest.raises(CopyError, match="appears twice"):
        read_docx_copy(twice.getvalue(), "twice.docx")
    packed = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(handmade_docx(paragraph("x")))) as source, zipfile.ZipFile(packed, "w") as target:
        for item in source.infolist():
            target.writestr(item.filename, source.read(item), zipfile.ZIP_BZIP2)
    with pytest.raises(CopyError, match="packed in a way Word never uses"):
        read_docx_copy(packed.getvalue(), "bz2.docx")


@pytest.mark.parametrize(
    "limit,value,body,message",
    [
        ("MAX_COPY_PARAGRAPHS", 3, paragraph("x") * 4, "word/document.xml holds more than 3 paragraphs"),
        ("MAX_COPY_CHARACTERS", 10, paragraph("x" * 11), "word/document.xml takes the document over 10 characters"),
        ("MAX_DOCX_ELEMENTS", 30, paragraph("x") * 10, "takes the document over 30 XML elements"),
        ("MAX_DOCX_DEPTH", 5, "<w:sdt>" * 4 + "</w:sdt>" * 4, "nests XML elements more than 5 deep"),
        (
            "MAX_DOCX_XML_BYTES",
            1000,
            paragraph("x" * 1000),
            "member 'word/document.xml' decompresses to more than 1,000",
        ),
        ("MAX_DOCX_UNPACKED", 1000, paragraph("x" * 500), "decompresses to more bytes than allowed (1,000)"),
        ("MAX_DOCX_MEMBERS", 4, "", "holds 5 parts or more, more than the 4 allowed"),
    ],
)
def test_each_word_limit_names_the_file_the_part_and_the_limit(monkeypatch, limit, value, body, message):
    monkeypatch.setattr(f"epaperdesk.io.importers.{limit}", value)
    with pytest.raises(CopyError, match=re.escape(message)) as refused:
        read_docx_copy(handmade_docx(body), "story.docx")
    assert str(refused.value).startswith("story.docx")


def test_text_and_markdown_limits(monkeypatch):
    monkeypatch.setattr("epaperdesk.io.importers.MAX_COPY_PARAGRAPHS", 2)
    with pytest.raises(CopyError, match="notes.txt holds more than 2 paragraphs"):
        read_text_copy(b"a\nb\nc", "notes.txt")
    with pytest.raises(CopyError, match="notes.md holds more than 2 paragraphs"):
        read_markdown_copy(b"a\n\nb\n\nc", "notes.md")
    assert len(read_text_copy(b"a\n\n\n\nb", "notes.txt").paragraphs) == 2  # blank blocks are not paragraphs
    monkeypatch.setattr("epaperdesk.io.importers.MAX_COPY_CHARACTERS", 5)
    with pytest.raises(CopyError, match="notes.txt holds 6 characters, more than the 5 allowed"):
        read_text_copy(b"abcdef", "notes.txt")
    monkeypatch.setattr("epaperdesk.io.importers.MAX_MARKDOWN_CHARACTERS", 5)
    with pytest.raises(CopyError, match="notes.md holds 6 characters, more than the 5 allowed"):
        read_markdown_copy(b"abcdef", "notes.md")


def test_many_runs_of_one_style_join_in_linear_time():
    """Every run of a long paragraph joins the one before it (the pieces are joined once)."""
    body = "<w:p>" + "<w:r><w:rPr><w:b/></w:rPr><w:t>ab</w:t></w:r>" * 20_000 + "</w:p>"
    [only] = read_docx_copy(handmade_docx(body), "story.docx").paragraphs
    assert only.runs == [("ab" * 20_000, frozenset({"bold"}))]


# -- fuzzed Word files ------------------------------------------------------------------------------


FUZZ_BASE = handmade_docx(
    paragraph("Fuzzed headline", "Heading1")
    + '<w:p><w:r><w:t xml:space="preserve">Body with </w:t></w:r><w:r><w:rPr><w:b/></w:rPr><w:t>bold</w:t></w:r>'
    '<w:hyperlink r:id="x" xmlns:r="urn:r"><w:r><w:t>link</w:t></w:r></w:hyperlink></w:p>'
    f"<w:sdt><w:sdtContent>{paragraph('In a control')}</w:sdtContent></w:sdt>"
    f"<w:tbl><w:tr><w:tc>{paragraph('cell')}</w:tc></w:tr></w:tbl>",
    changes={"customXml/item1.xml": '<?xml version="1.0"?><x>nobody reads this</x>', "word/media/a.png": b"\x89PNG"},
)
with zipfile.ZipFile(io.BytesIO(FUZZ_BASE)) as _archive:
    FUZZ_MEMBERS = {name: _archive.read(name) for name in _archive.namelist()}
SNIPPETS = [
    '<!DOCTYPE w:document [<!ENTITY e "PWNED">]>',
    '<!ENTITY e "PWNED">',
    "&e;",
    '<!DOCTYPE x SYSTEM "file:///etc/passwd">',
    "<w:p>",
    "</w:p>",
    "<w:p><w:r><w:t>",
    "</w:t></w:r>",
    '<w:pStyle w:val="Heading1"/>',
    "<w:hyperlink><w:r><w:t>link</w:t></w:r></w:hyperlink>",
    '<?xml version="1.0" encoding="UTF-16"?>',
    '<?xml version="1.0" encoding="x-unknown"?>',
    "<![CDATA[",
    "]]>",
    "<!--",
    "\x00",
    "\ufeff",
    "&#0;",
    "&#xD800;",
    "<w:sdt><w:sdtContent>",
]
ZIP_SIGNATURES = (b"PK\x03\x04", b"PK\x01\x02", b"PK\x05\x06")
ZIP_OFFSETS = sorted(
    at + field
    for signature in ZIP_SIGNATURES
    for at in range(len(FUZZ_BASE))
    if FUZZ_BASE.startswith(signature, at)
    for field in (4, 6, 8, 10, 14, 18, 20, 22, 24, 26, 28, 30, 32, 34, 42)
    if at + field < len(FUZZ_BASE)
)


def check_docx(data: bytes) -> None:
    """Refused with a CopyError naming the file, or read; an entity is never expanded."""
    try:
        copy = read_docx_copy(data, "fuzzed.docx")
    except CopyError as error:
        assert str(error).startswith("fuzzed.docx")
        return
    assert not any("PWNED" in p.text for p in copy.paragraphs)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(sorted(n for n in FUZZ_MEMBERS if n.endswith((".xml", ".rels")))), st.data())
def test_word_files_with_mutated_xml(member, data):
    """Snippets (declarations, entities, unbalanced tags, encodings) pushed into an XML
    member, which may then be re-encoded as UTF-16."""
    xml = FUZZ_MEMBERS[member].decode("utf-8")
    for _ in range(data.draw(st.integers(1, 3))):
        at = data.draw(st.integers(0, len(xml)))
        snippet = data.draw(st.sampled_from(SNIPPETS) | st.text(max_size=12))
        xml = xml[:at] + snippet + xml[at:]
    encoding = data.draw(st.sampled_from(["utf-8", "utf-16", "latin-1"]))
    members = dict(FUZZ_MEMBERS)
    members[member] = xml.encode(encoding, "replace")
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in members.items():
            archive.writestr(name, content)
    check_docx(buffer.getvalue())


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_word_files_with_a_mutated_zip_structure(data):
    """Header fields of the zip (sizes, offsets, methods, flags, name lengths) overwritten
    with extreme values, other bytes changed, or the file cut short."""
    source = bytearray(FUZZ_BASE)
    kind = data.draw(st.sampled_from(["fields", "bytes", "cut"]))
    if kind == "cut":
        check_docx(bytes(source[: data.draw(st.integers(0, len(source)))]))
        return
    for _ in range(data.draw(st.integers(1, 4))):
        if kind == "fields":
            at = data.draw(st.sampled_from(ZIP_OFFSETS))
            value = data.draw(st.sampled_from([b"\x00\x00", b"\xff\xff", b"\xff\xff\xff\xff", b"\x0c\x00", b"\x01"]))
        else:
            at = data.draw(st.integers(0, len(source) - 1))
            value = bytes([data.draw(st.integers(0, 255))])
        source[at : at + len(value)] = value
    check_docx(bytes(source))
