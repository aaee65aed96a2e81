"""Importing copy: plain text, Markdown and Word (DOCX) files into paragraphs of styled
runs, and from there into a story fragment with house paragraph styles.

Every source names its paragraph styles the way Word does ("Normal", "Heading 1", "Title",
"Quote", "List Paragraph", …; Markdown headings become "Heading N"); a style mapping, which
the user can edit, turns those names into the edition's house styles. Bold, italic and
small caps come across as the character styles "bold", "italic" and "small-caps".
"""

from __future__ import annotations

import io
import posixpath
import re
import struct
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import unquote
from xml.parsers import expat

from epaperdesk.io.files import ReadBudget, read_limited
from epaperdesk.model.cleanup import CleanupOptions, clean_runs
from epaperdesk.model.edition import Edition
from epaperdesk.model.edits import AddStory, CompositeEdit, Edit, EditError, SetParagraphStyle, SpliceText
from epaperdesk.model.story import MAX_STORY_CHARACTERS, Fragment, Story

if TYPE_CHECKING:
    from markdown_it.token import Token

# -- limits (the README's table of copy limits is this list) -----------------------------------
MAX_COPY_BYTES = 50 * 1024 * 1024  # the file; a whole edition's copy is a few hundred kilobytes
# Imported copy lands in one story, so it may hold what one story may (model/story.py's
# MAX_STORY_CHARACTERS): a long feature is 20,000 characters in 40 paragraphs.
MAX_COPY_CHARACTERS = MAX_STORY_CHARACTERS
MAX_COPY_PARAGRAPHS = 50_000
# Markdown is parsed whole into tokens of some 500 bytes each; at this size the worst case
# (a paragraph or list item every few characters) takes about 3 s and 150 MB.
MAX_MARKDOWN_CHARACTERS = 200_000  # some 35,000 words
MAX_DOCX_MEMBERS = 5_000  # zip members, counted before the zip's directory is parsed
# XML, unpacked: a 300-page document.xml is 10 MB; expat takes about a second for 32 MB of comment
MAX_DOCX_XML_BYTES = 32 * 1024 * 1024  # one XML member
MAX_DOCX_UNPACKED = 64 * 1024 * 1024  # all XML members together; pictures and media are never unpacked
MAX_DOCX_ELEMENTS = 1_000_000  # XML elements in all members together (Word writes some 15 a paragraph)
MAX_DOCX_DEPTH = 256  # elements inside one another (Word nests tables in tables a few levels)
FORMATS = {".txt": "text", ".text": "text", ".md": "markdown", ".markdown": "markdown", ".docx": "docx"}

# Word's style names (and Markdown's, named the same way) → house paragraph styles.
DEFAULT_STYLE_MAP = {
    "Title": "headline",
    "Heading 1": "headline",
    "Heading 2": "deck",
    "Heading 3": "kicker",
    "Subtitle": "deck",
    "Normal": "body",
    "Body Text": "body",
    "Body Text First Indent": "body",
    "Quote": "body",
    "Intense Quote": "pull-quote",
    "List Paragraph": "body",
    "Caption": "caption",
}


class CopyError(Exception):
    """A file that cannot be imported as copy; the message names it and says why."""


Run = tuple[str, frozenset[str]]


@dataclass
class ImportedParagraph:
    source_style: str
    runs: list[Run] = field(default_factory=list)

    @property
    def text(self) -> str:
        return "".join(text for text, _ in self.runs)


@dataclass
class ImportedCopy:
    paragraphs: list[ImportedParagraph]
    notes: list[str] = field(default_factory=list)  # what did not come across (tables, pictures)

    def source_styles(self) -> list[str]:
        return list(dict.fromkeys(p.source_style for p in self.paragraphs))


# -- reading -----------------------------------------------------------------------------------


def read_copy(path: str | Path) -> ImportedCopy:
    """Read a text, Markdown or DOCX file (chosen by its extension)."""
    path = Path(path)
    kind = FORMATS.get(path.suffix.lower())
    if kind is None:
        raise CopyError(f"{path.name}: copy can be imported from {', '.join(sorted(FORMATS))} files")
    data = read_limited(path, MAX_COPY_BYTES, CopyError, " for copy")
    reader = {"text": read_text_copy, "markdown": read_markdown_copy, "docx": read_docx_copy}[kind]
    return reader(data, path.name)


def _decode(data: bytes, label: str) -> str:
    if b"\x00" in data[:4096]:
        raise CopyError(f"{label} is not a text file (it holds binary data)")
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return data.decode("latin-1")


def _plain_runs(text: str) -> list[Run]:
    text = " ".join(text.split())
    return [(text, frozenset())] if text else []


def read_text_copy(data: bytes, label: str = "text") -> ImportedCopy:
    """Plain text: paragraphs separated by blank lines (lines inside one are joined), or,
    when the file has no blank lines, one paragraph a line."""
    text = _decode(data, label).replace("\r\n", "\n").replace("\r", "\n")
    _check_characters(text, MAX_COPY_CHARACTERS, label)
    if re.search(r"\n[ \t]*\n", text):
        blocks = re.split(r"\n[ \t]*\n", text)
    else:
        blocks = text.split("\n")
    paragraphs = []
    for block in blocks:
        runs = _plain_runs(block)
        if runs:
            paragraphs.append(ImportedParagraph("Normal", runs))
            _check_paragraphs(len(paragraphs), label)
    return ImportedCopy(paragraphs)


def _check_characters(text: str, limit: int, label: str) -> None:
    if len(text) > limit:
        raise CopyError(f"{label} holds {len(text):,} characters, more than the {limit:,} allowed: import it in parts")


def _check_paragraphs(count: int, label: str) -> None:
    if count > MAX_COPY_PARAGRAPHS:
        raise CopyError(f"{label} holds more than {MAX_COPY_PARAGRAPHS:,} paragraphs (the limit): import it in parts")


def read_markdown_copy(data: bytes, label: str = "markdown") -> ImportedCopy:
    """Markdown (CommonMark): headings, paragraphs, block quotes, list items; **bold**,
    *italic* and `code` (as plain text); links keep their text."""
    from markdown_it import MarkdownIt

    text = _decode(data, label)
    _check_characters(text, MAX_MARKDOWN_CHARACTERS, label)
    try:
        tokens = MarkdownIt("commonmark").parse(text)
    except Exception as error:  # markdown-it is forgiving; anything else is a bug in the file
        raise CopyError(f"{label} cannot be read as Markdown: {error}") from None
    paragraphs: list[ImportedParagraph] = []
    notes: list[str] = []
    style = "Normal"
    quote_depth = list_depth = 0
    for token in tokens:
        if token.type == "heading_open":
            style = f"Heading {token.tag[1:]}"
        elif token.type == "blockquote_open":
            quote_depth += 1
        elif token.type == "blockquote_close":
            quote_depth -= 1
        elif token.type in ("bullet_list_open", "ordered_list_open"):
            list_depth += 1
        elif token.type in ("bullet_list_close", "ordered_list_close"):
            list_depth -= 1
        elif token.type in ("fence", "code_block"):
            paragraphs.append(ImportedParagraph("Normal", _plain_runs(token.content)))
        elif token.type == "html_block":
            notes.append("HTML blocks were left out")
        elif token.type == "inline":
            name = (
                style
                if style.startswith("Heading")
                else "Quote"
                if quote_depth
                else "List Paragraph"
                if list_depth
                else "Normal"
            )
            paragraphs.append(ImportedParagraph(name, _inline_runs(token.children or [])))
            _check_paragraphs(len(paragraphs), label)
            style = "Normal"
    return ImportedCopy([p for p in paragraphs if p.runs], sorted(set(notes)))


def _inline_runs(children: list[Token]) -> list[Run]:
    runs = _Runs()
    bold = italic = 0
    for child in children:
        kind = child.type
        if kind == "strong_open":
            bold += 1
        elif kind == "strong_close":
            bold -= 1
        elif kind == "em_open":
            italic += 1
        elif kind == "em_close":
            italic -= 1
        elif kind in ("text", "code_inline"):
            styles = frozenset(n for n, on in (("bold", bold), ("italic", italic)) if on)
            runs.add(child.content, styles)
        elif kind in ("softbreak", "hardbreak"):
            runs.add(" ", frozenset(n for n, on in (("bold", bold), ("italic", italic)) if on))
        elif kind == "image":
            runs.add(child.content or "", frozenset())
    return _tidy_runs(runs.runs())


class _Runs:
    """Runs being built: text that follows text of the same styles joins its run. The
    pieces are joined once at the end, so the time stays linear however many there are."""

    def __init__(self) -> None:
        self.pieces: list[list[str]] = []
        self.styles: list[frozenset[str]] = []

    def add(self, text: str, styles: frozenset[str]) -> None:
        text = text.replace("\n", " ").replace("\t", " ").replace("\u2029", " ")
        if not text:
            return
        if self.styles and self.styles[-1] == styles:
            self.pieces[-1].append(text)
        else:
            self.pieces.append([text])
            self.styles.append(styles)

    def ends_with_space(self) -> bool:
        return bool(self.pieces) and self.pieces[-1][-1].endswith(" ")

    def runs(self) -> list[Run]:
        return [("".join(pieces), styles) for pieces, styles in zip(self.pieces, self.styles)]


def _tidy_runs(runs: list[Run]) -> list[Run]:
    """Collapse whitespace across runs and trim the paragraph's ends."""
    tidy = _Runs()
    for text, styles in runs:
        text = re.sub(r"\s+", " ", text)
        if tidy.ends_with_space() and text.startswith(" "):
            text = text[1:]
        tidy.add(text, styles)
    result = tidy.runs()
    if result:
        result[0] = (result[0][0].lstrip(), result[0][1])
        result[-1] = (result[-1][0].rstrip(), result[-1][1])
    return [(t, s) for t, s in result if t]


def read_docx_copy(data: bytes, label: str = "document") -> ImportedCopy:
    """A Word document: its body paragraphs with their style names and bold, italic and
    small caps runs. Read by our own streaming parser, never by handing the file to a
    library whole: the zip's member count is checked before its directory is parsed, every
    XML member is read within a byte budget counted as it is unpacked, through an expat
    parser that refuses any DOCTYPE or entity declaration whatever the encoding, with
    elements, characters and paragraphs counted as they come; pictures and other media are
    never unpacked."""
    archive = _open_docx(data, label)
    try:
        with archive:
            return _DocxPackage(archive).read()
    except CopyError as error:
        raise CopyError(f"{label}: {error}") from None


def _open_docx(data: bytes, label: str) -> zipfile.ZipFile:
    """The zip, once its member count is known to be within MAX_DOCX_MEMBERS: every entry
    of a zip's central directory starts with the signature counted here, so zipfile cannot
    list more entries than this count, and the count costs one pass over the bytes."""
    listed = data.count(b"PK\x01\x02")
    if listed > MAX_DOCX_MEMBERS:
        raise CopyError(f"{label} holds {listed:,} parts or more, more than the {MAX_DOCX_MEMBERS:,} allowed")
    try:
        return zipfile.ZipFile(io.BytesIO(data))
    except Exception:  # zipfile raises many types for a damaged directory
        raise CopyError(f"{label} is not a Word document (.docx files are zip containers; this one is not)") from None


# WordprocessingML as Word writes it (transitional) and as ISO strict; the package's relationships.
_W = (
    "http://schemas.openxmlformats.org/wordprocessingml/2006/main",
    "http://purl.oclc.org/ooxml/wordprocessingml/main",
)
_RELATIONSHIP = "http://schemas.openxmlformats.org/package/2006/relationships Relationship"
_MC_FALLBACK = "http://schemas.openxmlformats.org/markup-compatibility/2006 Fallback"
_ON_OFF_FALSE = {"0", "false", "off"}
# python-docx's names for the built-in styles Word stores in lower case
_STYLE_ALIASES = {"caption": "Caption", "footer": "Footer", "header": "Header"} | {
    f"heading {n}": f"Heading {n}" for n in range(1, 10)
}


def _w_local(name: str) -> str:
    """The local name of a WordprocessingML element or attribute ("" for other namespaces)."""
    uri, _, local = name.rpartition(" ")
    return local if uri in _W else ""


def _w_attribute(attributes: dict[str, str], local: str) -> str | None:
    for uri in _W:
        value = attributes.get(f"{uri} {local}")
        if value is not None:
            return value
    return None


def _on(attributes: dict[str, str]) -> bool:
    """A WordprocessingML on/off property (<w:b/>, <w:b w:val="false"/> …)."""
    value = _w_attribute(attributes, "val")
    return value is None or value.lower() not in _ON_OFF_FALSE


class _XmlHandler:
    """What a parser does with a member's elements and text (here: nothing)."""

    def start(self, name: str, attributes: dict[str, str]) -> None:
        """An element opens."""

    def end(self, name: str) -> None:
        """An element closes."""

    def text(self, data: str) -> None:
        """Character data."""


class _XmlTally:
    """Elements and characters of all XML members together, and the depth of the open
    elements, each refused over its limit."""

    def __init__(self) -> None:
        self.elements = 0
        self.characters = 0
        self.depth = 0

    def open_element(self, member: str) -> None:
        self.elements += 1
        self.depth += 1
        if self.elements > MAX_DOCX_ELEMENTS:
            raise CopyError(f"{member} takes the document over {MAX_DOCX_ELEMENTS:,} XML elements (the limit)")
        if self.depth > MAX_DOCX_DEPTH:
            raise CopyError(f"{member} nests XML elements more than {MAX_DOCX_DEPTH:,} deep (the limit)")

    def close_element(self) -> None:
        self.depth -= 1

    def count_characters(self, member: str, count: int) -> None:
        self.characters += count
        if self.characters > MAX_COPY_CHARACTERS:
            raise CopyError(f"{member} takes the document over {MAX_COPY_CHARACTERS:,} characters of text (the limit)")


def _refuse_doctype(member: str) -> CopyError:
    return CopyError(
        f"{member} declares a DOCTYPE or entities, which Word never writes; the file is refused "
        "(an entity-expansion or external-entity attack)"
    )


def _hardened_parser(member: str, handler: _XmlHandler, tally: _XmlTally) -> expat.XMLParserType:
    """An expat parser (it reads the encoding from the BOM or the XML declaration) that
    refuses a DOCTYPE or entity declaration as soon as it starts and counts every element
    and character."""
    parser = expat.ParserCreate(namespace_separator=" ")
    parser.buffer_text = True
    parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)

    def refuse(*_: object) -> None:
        raise _refuse_doctype(member)

    def start(name: str, attributes: dict[str, str]) -> None:
        tally.open_element(member)
        handler.start(name, attributes)

    def end(name: str) -> None:
        tally.close_element()
        handler.end(name)

    def text(data: str) -> None:
        tally.count_characters(member, len(data))
        handler.text(data)

    parser.StartDoctypeDeclHandler = refuse
    parser.EntityDeclHandler = refuse
    parser.StartElementHandler = start
    parser.EndElementHandler = end
    parser.CharacterDataHandler = text
    return parser


class _RootReached(Exception):
    """The prolog of a member has been read."""


class _Prolog(_XmlHandler):
    """Reads a member up to its root element and stops there."""

    def start(self, name: str, attributes: dict[str, str]) -> None:
        raise _RootReached


class _Relationships(_XmlHandler):
    """The relationships of a part (a .rels member): (type, target) pairs, targets resolved."""

    def __init__(self, source_folder: str) -> None:
        self.folder = source_folder
        self.found: list[tuple[str, str]] = []

    def start(self, name: str, attributes: dict[str, str]) -> None:
        if name == _RELATIONSHIP and attributes.get("TargetMode", "Internal") != "External":
            target = unquote(attributes.get("Target", ""))
            path = target.lstrip("/") if target.startswith("/") else posixpath.join(self.folder, target)
            self.found.append((attributes.get("Type", ""), posixpath.normpath(path)))

    def target(self, kind: str) -> str | None:
        """The first target of a relationship type, by its last word ("officeDocument")."""
        return next((target for rel_type, target in self.found if rel_type.endswith("/" + kind)), None)


class _Styles(_XmlHandler):
    """Style names by type and id, and each type's default, from the styles part."""

    def __init__(self) -> None:
        self.names: dict[tuple[str, str], str] = {}
        self.defaults: dict[str, str] = {}
        self.current: tuple[str, str, bool] | None = None
        self.name = ""

    def start(self, name: str, attributes: dict[str, str]) -> None:
        local = _w_local(name)
        if local == "style":
            default = (_w_attribute(attributes, "default") or "").lower() in ("1", "true", "on")
            style_type = _w_attribute(attributes, "type") or "paragraph"
            self.current = (style_type, _w_attribute(attributes, "styleId") or "", default)
            self.name = ""
        elif local == "name" and self.current is not None:
            value = _w_attribute(attributes, "val") or ""
            self.name = _STYLE_ALIASES.get(value, value)[:200]

    def end(self, name: str) -> None:
        if self.current is not None and _w_local(name) == "style":
            style_type, style_id, default = self.current
            self.names.setdefault((style_type, style_id), self.name)
            if default:
                self.defaults[style_type] = self.name  # the last default counts, as in Word
            self.current = None

    def lookup(self, style_type: str, style_id: str | None) -> str:
        """A style's name; the type's default when the id is missing or of another type."""
        found = self.names.get((style_type, style_id)) if style_id else None
        return found if found is not None else self.defaults.get(style_type, "")


@dataclass(slots=True)
class _Element:
    """An open element of the main document and what it means to the reader."""

    name: str
    block: bool  # its children are body-level blocks (w:body, w:sdtContent …)
    skips: bool  # no copy is read inside it (a table cell's or text box's paragraph, deleted text …)
    role: str = ""  # "paragraph", "run" or "text" when it is the one being read


@dataclass(slots=True)
class _RunRead:
    parts: list[str] = field(default_factory=list)
    style_id: str | None = None
    bold: bool = False
    italic: bool = False
    small_caps: bool = False


_BLOCK_CONTAINERS = {"body", "sdt", "sdtContent", "customXml"}
_SKIPPED = {"del", "moveFrom", "tbl", "txbxContent", "rt", "delText", "instrText"}
_RUN_TEXT = {"tab": "\t", "ptab": "\t", "cr": "\n", "noBreakHyphen": "-"}


class _Body(_XmlHandler):
    """The main document's body paragraphs (not those in tables, text boxes or deleted
    text) as ImportedParagraphs, with the paragraph limit applied as they open."""

    def __init__(self, member: str, styles: _Styles) -> None:
        self.member = member
        self.styles = styles
        self.stack: list[_Element] = []
        self.skip = 0
        self.count = 0
        self.paragraphs: list[ImportedParagraph] = []
        self.style_id: str | None = None
        self.runs: _Runs | None = None
        self.run: _RunRead | None = None
        self.in_text = False
        self.tables = 0
        self.pictures = False

    def start(self, name: str, attributes: dict[str, str]) -> None:
        local = _w_local(name)
        parent_block = bool(self.stack) and self.stack[-1].block
        role = ""
        if local == "p":
            role = self._open_paragraph(parent_block)
        elif self.skip == 0 and self.runs is not None:
            role = self._open_inline(local, attributes)
        self.tables += int(local == "tbl" and parent_block)
        self.pictures = self.pictures or local in ("drawing", "pict")
        skips = local in _SKIPPED or name == _MC_FALLBACK or (local == "p" and not role)
        self.skip += skips
        self.stack.append(_Element(name, local == "body" or (parent_block and local in _BLOCK_CONTAINERS), skips, role))

    def _open_paragraph(self, body_level: bool) -> str:
        self.count += 1
        if self.count > MAX_COPY_PARAGRAPHS:
            raise CopyError(f"{self.member} holds more than {MAX_COPY_PARAGRAPHS:,} paragraphs (the limit)")
        if not body_level or self.skip or self.runs is not None:
            return ""
        self.runs, self.style_id = _Runs(), None
        return "paragraph"

    def _open_inline(self, local: str, attributes: dict[str, str]) -> str:
        parent = _w_local(self.stack[-1].name)
        grandparent = self.stack[-2] if len(self.stack) > 1 else None
        if local == "r" and self.run is None:
            self.run = _RunRead()
            return "run"
        if local == "pStyle" and parent == "pPr" and grandparent is not None and grandparent.role == "paragraph":
            self.style_id = _w_attribute(attributes, "val")
        elif self.run is not None and parent == "rPr" and grandparent is not None and grandparent.role == "run":
            self._run_property(local, attributes)
        elif self.run is not None and self.stack[-1].role == "run":
            return self._run_content(local, attributes)
        return ""

    def _run_property(self, local: str, attributes: dict[str, str]) -> None:
        assert self.run is not None
        if local == "rStyle":
            self.run.style_id = _w_attribute(attributes, "val")
        elif local == "b":
            self.run.bold = _on(attributes)
        elif local == "i":
            self.run.italic = _on(attributes)
        elif local == "smallCaps":
            self.run.small_caps = _on(attributes)

    def _run_content(self, local: str, attributes: dict[str, str]) -> str:
        """A run's text (w:t) and what Word shows as characters (tabs, line breaks, hyphens)."""
        assert self.run is not None
        if local == "t":
            self.in_text = True
            return "text"
        if local == "br" and (_w_attribute(attributes, "type") or "textWrapping") == "textWrapping":
            self.run.parts.append("\n")
        self.run.parts.append(_RUN_TEXT.get(local, ""))
        return ""

    def end(self, name: str) -> None:
        closed = self.stack.pop()
        self.skip -= closed.skips
        if closed.role == "text":
            self.in_text = False
        elif closed.role == "run":
            self._close_run()
        elif closed.role == "paragraph":
            self._close_paragraph()

    def text(self, data: str) -> None:
        if self.in_text and self.run is not None:
            self.run.parts.append(data)

    def _close_run(self) -> None:
        run, self.run = self.run, None
        if run is None or self.runs is None:
            return
        character_style = self.styles.lookup("character", run.style_id)
        names = {
            name
            for name, on in (
                ("bold", run.bold or character_style == "Strong"),
                ("italic", run.italic or character_style == "Emphasis"),
                ("small-caps", run.small_caps),
            )
            if on
        }
        self.runs.add("".join(run.parts), frozenset(names))

    def _close_paragraph(self) -> None:
        runs, self.runs = self.runs or _Runs(), None
        style = self.styles.lookup("paragraph", self.style_id) or "Normal"
        paragraph = ImportedParagraph(style, _tidy_runs(runs.runs()))
        if paragraph.runs:
            self.paragraphs.append(paragraph)

    def notes(self) -> list[str]:
        """What did not come across."""
        found = []
        if self.tables:
            found.append(f"{self.tables} table{'s' if self.tables > 1 else ''} left out")
        if self.pictures:
            found.append("pictures left out (place them as photos)")
        return found


class _DocxPackage:
    """A .docx zip read part by part: the package relationships lead to the main document,
    its relationships to the styles; every other XML member is still checked; media and
    other binary members are never unpacked."""

    def __init__(self, archive: zipfile.ZipFile) -> None:
        self.archive = archive
        self.members = self._members_by_name()
        self.budget = ReadBudget(MAX_DOCX_UNPACKED, CopyError)
        self.tally = _XmlTally()
        self.parsed: set[str] = set()

    def _members_by_name(self) -> dict[str, zipfile.ZipInfo]:
        """The members by lower-case name (part names are not case-sensitive); a name
        given twice is refused, since two readers could pick different ones."""
        found: dict[str, zipfile.ZipInfo] = {}
        for info in self.archive.infolist():
            key = info.filename.lower()
            if key in found:
                raise CopyError(f"the part {info.filename!r} appears twice")
            found[key] = info
        return found

    def read(self) -> ImportedCopy:
        main = self._main_document()
        styles = _Styles()
        styles_part = self._relationships_of(main).target("styles")
        if styles_part is not None and styles_part.lower() in self.members:
            self.parse(styles_part, styles)
        body = _Body(self.members[main.lower()].filename, styles)
        self.parse(main, body)
        self._check_other_xml()
        return ImportedCopy(body.paragraphs, body.notes())

    def _main_document(self) -> str:
        main = self._relationships_of("").target("officeDocument") if "_rels/.rels" in self.members else None
        if main is None or main.lower() not in self.members:
            raise CopyError("it is a zip file but not a Word document (it has no word/document.xml)")
        return main

    def _relationships_of(self, part: str) -> _Relationships:
        folder, _, name = part.rpartition("/")
        rels = posixpath.join(folder, "_rels", f"{name}.rels")
        found = _Relationships(folder)
        if rels.lower() in self.members:
            self.parse(rels, found)
        return found

    def _check_other_xml(self) -> None:
        """Every XML member nobody needs, whatever the case of its extension, is read up to
        its root element: a DOCTYPE can stand only before it, so none escapes the check,
        and the rest of the member is never unpacked."""
        for key, info in self.members.items():
            if key.endswith((".xml", ".rels")) and key not in self.parsed:
                self.parse(info.filename, _Prolog())

    def parse(self, name: str, handler: _XmlHandler) -> None:
        """Stream one member through a hardened parser, counted against the budgets."""
        info = self.members[name.lower()]
        if info.filename.lower() in self.parsed:
            return
        self.parsed.add(info.filename.lower())
        if info.flag_bits & 0x1 or info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
            raise CopyError(f"{info.filename} is encrypted or packed in a way Word never uses")
        parser = _hardened_parser(info.filename, handler, self.tally)
        chunks = self.budget.chunks(self.archive, info, MAX_DOCX_XML_BYTES)
        try:
            _feed(parser, chunks, info.filename)
        except _RootReached:
            return
        except expat.ExpatError as error:
            reason = expat.ErrorString(error.code) if error.code else str(error)
            raise CopyError(f"{info.filename} is not well-formed XML ({reason}, line {error.lineno})") from None
        except (zipfile.BadZipFile, zlib.error, struct.error, EOFError, OSError, RuntimeError, ValueError) as error:
            raise CopyError(f"{info.filename} cannot be unpacked: {error}") from None
        finally:
            chunks.close()  # a member read only in part is closed now, not when collected


def _feed(parser: expat.XMLParserType, chunks: Iterator[bytes], member: str) -> None:
    """Give the parser a member in pieces that grow with what it has read: expat 2.5 scans
    a token cut by a piece boundary again from its start at every piece, so pieces of one
    size would cost time quadratic in the longest token (a comment of 32 MB); growing
    pieces keep it linear, at the cost of holding up to half the member at once."""
    pending: list[bytes] = []
    waiting = fed = 0
    for chunk in chunks:
        pending.append(chunk)
        waiting += len(chunk)
        if waiting >= max(1 << 16, fed):
            _parse_piece(parser, b"".join(pending), False, member)
            fed, pending, waiting = fed + waiting, [], 0
    _parse_piece(parser, b"".join(pending), True, member)


def _parse_piece(parser: expat.XMLParserType, piece: bytes, final: bool, member: str) -> None:
    try:
        parser.Parse(piece, final)
    except (LookupError, ValueError) as error:  # an encoding expat cannot use: the codec says why
        raise CopyError(f"{member} is in an encoding that cannot be read ({error})") from None


# -- into a story ------------------------------------------------------------------------------


@dataclass(frozen=True)
class ImportOptions:
    style_map: dict[str, str] = field(default_factory=lambda: dict(DEFAULT_STYLE_MAP))
    cleanup: CleanupOptions | None = field(default_factory=CleanupOptions)
    first_paragraph_style: str | None = "first"  # the first body paragraph after a heading


def house_styles(copy: ImportedCopy, options: ImportOptions, available: set[str], fallback: str = "body") -> list[str]:
    """The house paragraph style of every imported paragraph."""
    result = []
    previous_heading = True
    for paragraph in copy.paragraphs:
        name = options.style_map.get(paragraph.source_style)
        if name is None and paragraph.source_style.startswith("Heading"):
            name = options.style_map.get("Heading 3")
        name = name if name in available else fallback
        is_heading = paragraph.source_style.startswith(("Heading", "Title", "Subtitle"))
        if (
            not is_heading
            and previous_heading
            and name == fallback
            and options.first_paragraph_style
            and options.first_paragraph_style in available
        ):
            name = options.first_paragraph_style
        previous_heading = is_heading
        result.append(name)
    return result


def copy_to_fragment(
    copy: ImportedCopy, options: ImportOptions, available: set[str], fallback: str = "body"
) -> tuple[Fragment, list[str]]:
    """The text as a fragment (paragraphs joined by marks) and the house style of every
    paragraph (one more than the fragment's marks: the last paragraph has no mark)."""
    styles = house_styles(copy, options, available, fallback)
    texts: list[str] = []
    spans: list[tuple[str, int, int]] = []
    offset = 0
    for paragraph in copy.paragraphs:
        runs = clean_runs(paragraph.runs, options.cleanup) if options.cleanup else paragraph.runs
        text = ""
        for run_text, names in runs:
            for name in sorted(names):
                spans.append((name, offset + len(text), offset + len(text) + len(run_text)))
            text += run_text
        texts.append(text)
        offset += len(text) + 1
    merged: dict[str, list[tuple[int, int]]] = {}
    for name, start, end in sorted(spans):
        intervals = merged.setdefault(name, [])
        if intervals and start <= intervals[-1][1]:
            intervals[-1] = (intervals[-1][0], max(end, intervals[-1][1]))
        else:
            intervals.append((start, end))
    flat = tuple(sorted((name, s, e) for name, intervals in merged.items() for s, e in intervals))
    fragment = Fragment("\n".join(texts), tuple(styles[:-1]), flat)
    return fragment, styles


def import_edit(
    edition: Edition,
    copy: ImportedCopy,
    options: ImportOptions,
    target: str,
    story_id: str | None = None,
    start: int = 0,
    end: int = 0,
    name: str = "",
) -> tuple[Edit, str]:
    """The edit that brings imported copy into the edition, and the story it lands in.
    target "new": a new story (named `name`); "replace": in place of all of `story_id`;
    "insert": in place of [start, end) of `story_id` (the last imported paragraph runs on
    into the paragraph at the cursor)."""
    available = set(edition.paragraph_styles)
    fragment, styles = copy_to_fragment(copy, options, available)
    known = set(edition.character_styles)
    if any(span[0] not in known for span in fragment.spans):
        fragment = Fragment(fragment.text, fragment.paragraph_styles, tuple(s for s in fragment.spans if s[0] in known))
    if target == "new":
        new_id = edition.new_id("story")
        spans: dict[str, list[tuple[int, int]]] = {}
        for span_name, s, e in fragment.spans:
            spans.setdefault(span_name, []).append((s, e))
        new_story = Story(new_id, fragment.text, list(styles), spans, edition.language, name or new_id)
        return AddStory(new_story), new_id
    story = edition.stories.get(story_id or "")
    if story is None:
        raise EditError(f"there is no story {story_id!r} to import into")
    if target == "replace":
        edits: list[Edit] = [SpliceText(story.id, 0, story.fragment(0, len(story.text)), fragment)]
        if story.paragraph_styles[-1] != styles[-1]:
            edits.append(SetParagraphStyle(story.id, len(styles) - 1, story.paragraph_styles[-1], styles[-1]))
        return CompositeEdit(tuple(edits), "Import copy"), story.id
    if target == "insert":
        if not 0 <= start <= end <= len(story.text):
            raise EditError(f"the place {start}–{end} is outside story {story.id!r}")
        return SpliceText(story.id, start, story.fragment(start, end), fragment), story.id
    raise EditError(f"unknown import target {target!r}")
