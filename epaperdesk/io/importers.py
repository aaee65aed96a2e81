"""Importing copy: plain text, Markdown and Word (DOCX) files into paragraphs of styled
runs, and from there into a story fragment with house paragraph styles.

Every source names its paragraph styles the way Word does ("Normal", "Heading 1", "Title",
"Quote", "List Paragraph", …; Markdown headings become "Heading N"); a style mapping, which
the user can edit, turns those names into the edition's house styles. Bold, italic and
small caps come across as the character styles "bold", "italic" and "small-caps".
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from epaperdesk.io.files import ReadBudget, read_limited
from epaperdesk.model.cleanup import CleanupOptions, clean_runs
from epaperdesk.model.edition import Edition
from epaperdesk.model.edits import AddStory, CompositeEdit, Edit, EditError, SetParagraphStyle, SpliceText
from epaperdesk.model.story import Fragment, Story

if TYPE_CHECKING:
    from markdown_it.token import Token

MAX_COPY_BYTES = 50 * 1024 * 1024  # a whole edition's copy is a few hundred kilobytes
MAX_DOCX_MEMBERS = 5000
MAX_DOCX_UNPACKED = 300 * 1024 * 1024
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
    if re.search(r"\n[ \t]*\n", text):
        blocks = re.split(r"\n[ \t]*\n", text)
    else:
        blocks = text.split("\n")
    paragraphs = [ImportedParagraph("Normal", _plain_runs(block)) for block in blocks]
    return ImportedCopy([p for p in paragraphs if p.runs])


def read_markdown_copy(data: bytes, label: str = "markdown") -> ImportedCopy:
    """Markdown (CommonMark): headings, paragraphs, block quotes, list items; **bold**,
    *italic* and `code` (as plain text); links keep their text."""
    from markdown_it import MarkdownIt

    text = _decode(data, label)
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
            style = "Normal"
    return ImportedCopy([p for p in paragraphs if p.runs], sorted(set(notes)))


def _inline_runs(children: list[Token]) -> list[Run]:
    runs: list[Run] = []
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
            _append_run(runs, child.content, styles)
        elif kind in ("softbreak", "hardbreak"):
            _append_run(runs, " ", frozenset(n for n, on in (("bold", bold), ("italic", italic)) if on))
        elif kind == "image":
            _append_run(runs, child.content or "", frozenset())
    return _tidy_runs(runs)


def _append_run(runs: list[Run], text: str, styles: frozenset[str]) -> None:
    text = text.replace("\n", " ").replace("\t", " ").replace("\u2029", " ")
    if not text:
        return
    if runs and runs[-1][1] == styles:
        runs[-1] = (runs[-1][0] + text, styles)
    else:
        runs.append((text, styles))


def _tidy_runs(runs: list[Run]) -> list[Run]:
    """Collapse whitespace across runs and trim the paragraph's ends."""
    result: list[Run] = []
    for text, styles in runs:
        text = re.sub(r"\s+", " ", text)
        if result and result[-1][0].endswith(" ") and text.startswith(" "):
            text = text[1:]
        if text:
            _append_run(result, text, styles)
    if result:
        result[0] = (result[0][0].lstrip(), result[0][1])
        result[-1] = (result[-1][0].rstrip(), result[-1][1])
    return [(t, s) for t, s in result if t]


def read_docx_copy(data: bytes, label: str = "document") -> ImportedCopy:
    """A Word document: its body paragraphs with their style names and bold, italic and
    small caps runs. The zip is checked first: too many or too large members, and any XML
    that declares a DOCTYPE or entities, are refused before python-docx sees the file."""
    _check_docx_container(data, label)
    try:
        import docx  # python-docx

        document = docx.Document(io.BytesIO(data))
    except CopyError:
        raise
    except Exception as error:
        raise CopyError(f"{label} is not a readable Word document: {error}") from None
    paragraphs: list[ImportedParagraph] = []
    for paragraph in document.paragraphs:
        try:
            style = paragraph.style.name if paragraph.style is not None else "Normal"
        except Exception:
            style = "Normal"
        runs: list[Run] = []
        for run in paragraph.runs:
            names = set()
            character_style = ""
            try:
                character_style = run.style.name if run.style is not None else ""
            except Exception:
                pass
            if run.bold or character_style in ("Strong",):
                names.add("bold")
            if run.italic or character_style in ("Emphasis",):
                names.add("italic")
            if run.font.small_caps:
                names.add("small-caps")
            _append_run(runs, run.text, frozenset(names))
        paragraphs.append(ImportedParagraph(style or "Normal", _tidy_runs(runs)))
    notes = []
    if document.tables:
        notes.append(f"{len(document.tables)} table{'s' if len(document.tables) > 1 else ''} left out")
    if document.inline_shapes:
        notes.append("pictures left out (place them as photos)")
    return ImportedCopy([p for p in paragraphs if p.runs], notes)


def _check_docx_container(data: bytes, label: str) -> None:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile:
        raise CopyError(f"{label} is not a Word document (.docx files are zip containers; this one is not)") from None
    with archive:
        members = archive.infolist()
        if len(members) > MAX_DOCX_MEMBERS:
            raise CopyError(f"{label} holds {len(members)} parts, more than the {MAX_DOCX_MEMBERS} allowed")
        if "word/document.xml" not in {m.filename for m in members}:
            raise CopyError(f"{label} is a zip file but not a Word document (it has no word/document.xml)")
        budget = ReadBudget(MAX_DOCX_UNPACKED, CopyError)
        for member in members:
            if not member.filename.endswith((".xml", ".rels")):
                continue
            try:
                xml = budget.read(archive, member, MAX_DOCX_UNPACKED)
            except CopyError as error:
                raise CopyError(f"{label}: {error} (a zip bomb?)") from None
            except Exception as error:
                raise CopyError(f"{label}: {member.filename} cannot be unpacked: {error}") from None
            if b"<!DOCTYPE" in xml or b"<!ENTITY" in xml:
                raise CopyError(
                    f"{label}: {member.filename} declares a DOCTYPE or entities, which Word "
                    "never writes; the file is refused (external-entity attack)"
                )


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
