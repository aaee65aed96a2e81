"""The e-paper edition: for readers on screens, written into one folder.

- edition.pdf: the pages in RGB, no marks, with bookmarks for every page and article, link
  annotations on the jump lines (a tap on "See page 2" goes to page 2), the document's
  language and metadata;
- pages/page-N-W.jpg (or .png): each page as an image W pixels wide, for the web and
  messaging apps;
- photos/: the articles' pictures in RGB;
- articles.json: every article's headline, kicker, deck, byline, paragraphs with their roles
  (the story's own text: hyphenated line breaks never were in it), photos with caption,
  credit and alt text, where every piece of it stands on which page (hotspots) and its jump
  links; checked against resources/epaper/article-package.schema.json before it is written.
"""

from __future__ import annotations

import io
import json
import os
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jsonschema
import pikepdf
import pypdfium2

from epaperdesk.export.options import PdfOptions
from epaperdesk.export.print_pdf import ExportError, finished_document, write_output
from epaperdesk.model.edition import Edition
from epaperdesk.model.frames import ImageFrame, TextFrame
from epaperdesk.model.photos import caption_parts
from epaperdesk.model.story import Story
from epaperdesk.render.colour import ColourError, image_for_output
from epaperdesk.resources import resource
from epaperdesk.typeset.displaylist import LineRecord
from epaperdesk.typeset.layout import EditionLayout, Typesetter
from epaperdesk.typeset.variables import page_values, resolve

ROLES = {
    "kicker": "kicker",
    "deck": "deck",
    "byline": "byline",
    "source": "source",
    "caption": "caption",
    "credit": "credit",
    "qa-question": "question",
    "qa-answer": "answer",
    "brief-head": "subhead",
    "pull-quote": "pull-quote",
    "pull-quote-credit": "pull-quote",
}
DEFAULT_WIDTHS = (1200, 600)


FURNITURE = ("masthead", "footer", "folio", "running-", "ad-", "jump")


def role_of(style: str) -> str:
    """A paragraph's role for a web reader, from its paragraph style's name ("furniture":
    mastheads, running heads, footers, folios, advertisements — not an article's)."""
    if style.startswith(FURNITURE):
        return "furniture"
    if style.startswith("headline"):
        return "headline"
    return ROLES.get(style, "body")


@dataclass
class EpaperResult:
    folder: Path
    pdf: Path
    package: Path
    page_images: list[Path]
    articles: int


def _language_tag(language: str) -> str:
    return language.replace("_", "-")


def _article_stories(edition: Edition) -> list[Story]:
    """Stories set in page frames that are articles: not captions, not pull quotes alone, not
    master-page furniture."""
    captions = {f.caption_story_id for _, f in edition.all_frames() if isinstance(f, ImageFrame) and f.caption_story_id}
    placed = [f.story_id for _, f in edition.frames() if isinstance(f, TextFrame) and f.story_id]
    result = []
    for story_id in dict.fromkeys(placed):
        story = edition.stories.get(story_id)
        if story is None or story_id in captions:
            continue
        roles = {role_of(s) for s in story.paragraph_styles}
        if roles <= {"pull-quote", "furniture"} or not story.text.strip():
            continue
        result.append(story)
    return result


def _clean(text: str, values: dict[str, str]) -> str:
    return resolve(text.replace("\u00ad", ""), values)


def text_offset(story: Story, values: dict[str, str]) -> Callable[[int], int]:
    """A story offset turned into an offset into the article's `text` (its read paragraphs,
    cleaned — soft hyphens out, variables set — and joined by newlines): the fragments'
    start and end index the package's own text. An offset in a paragraph that is not read
    goes to where the next read one starts."""
    starts: list[tuple[int, int, int]] = []  # story start, story end, text start of each read paragraph
    position = 0
    for start, end, style in story.paragraphs():
        if story.text[start:end].strip() and role_of(style) != "furniture":
            starts.append((start, end, position))
            position += len(_clean(story.text[start:end], values)) + 1
    total = max(0, position - 1)

    def offset(story_offset: int) -> int:
        for start, end, text_start in starts:
            if story_offset <= end:
                inside = max(0, story_offset - start)
                return min(total, text_start + len(_clean(story.text[start : start + inside], values)))
        return total

    return offset


def article_text(story: Story, values: dict[str, str]) -> list[tuple[str, str]]:
    """(role, text) of every paragraph, as a reader reads them."""
    return [
        (role_of(style), _clean(story.text[start:end], values))
        for start, end, style in story.paragraphs()
        if story.text[start:end].strip() and role_of(style) != "furniture"
    ]


def build_package(
    edition: Edition,
    layout: EditionLayout,
    pdf_name: str,
    page_images: dict[int, dict[str, str]],
    photo_files: dict[str, str],
) -> dict:
    page_number = {page.id: i + 1 for i, page in enumerate(edition.pages)}
    stories = _article_stories(edition)
    owners = photo_owners(edition, stories)
    articles = []
    for story in stories:
        frames = edition.story_frames(story.id)
        head_page = edition.find_frame(frames[0].id)[0]
        values = dict(page_values(edition, edition.pages.index(head_page)))
        paragraphs = article_text(story, values)
        in_text = text_offset(story, values)

        def first(role: str, paragraphs: list = paragraphs) -> str:
            return next((text for r, text in paragraphs if r == role), "")

        fragments = []
        pages_of_story: list[int] = []
        for number, display in enumerate(layout.pages, start=1):
            if display is None:
                continue
            by_frame: dict[str, list[LineRecord]] = {}
            for line in display.lines:
                if line.story_id == story.id:
                    by_frame.setdefault(line.frame_id, []).append(line)
            for frame_id, lines in by_frame.items():
                runs = [r for r in display.glyph_runs() if r.story_id == story.id and r.frame_id == frame_id]
                left = min(line.x for line in lines)
                right = max(line.x + line.measure for line in lines)
                top = min(r.baseline - r.size * 0.8 for r in runs) if runs else min(line.baseline for line in lines)
                bottom = max(r.baseline + r.size * 0.25 for r in runs) if runs else max(line.baseline for line in lines)
                fragments.append(
                    {
                        "page": number,
                        "frame": frame_id,
                        "rect": [round(left, 2), round(top, 2), round(right - left, 2), round(bottom - top, 2)],
                        "start": in_text(min(line.start for line in lines)),
                        "end": in_text(max(line.end for line in lines)),
                    }
                )
                if number not in pages_of_story:
                    pages_of_story.append(number)
        jumps = []
        for number, display in enumerate(layout.pages, start=1):
            for jump in display.jumps if display else ():
                if jump.story_id == story.id:
                    r = jump.rect
                    jumps.append(
                        {
                            "kind": jump.kind,
                            "page": number,
                            "to_page": jump.page,
                            "text": jump.text,
                            "rect": [round(r.x, 2), round(r.y, 2), round(r.width, 2), round(r.height, 2)],
                        }
                    )
        photos = []
        for photo_page, frame in edition.frames():
            if not isinstance(frame, ImageFrame) or owners.get(frame.id) != story.id:
                continue
            caption, credit = caption_parts(edition, frame)
            photo = {
                "file": photo_files.get(frame.image or "", ""),
                "caption": _clean(caption, values),
                "credit": _clean(credit, values),
                "alt": frame.alt_text,
                "page": page_number[photo_page.id],
                "rect": [round(v, 2) for v in (frame.rect.x, frame.rect.y, frame.rect.width, frame.rect.height)],
            }
            caption_frame = edition.caption_frame(frame)
            if caption_frame is not None and caption_frame in photo_page.frames:
                r = caption_frame.rect
                photo["caption_rect"] = [round(v, 2) for v in (r.x, r.y, r.width, r.height)]
            photos.append(photo)
        headline = first("headline") or first("subhead") or story.name or story.id
        source = first("source")
        articles.append(
            {
                "id": story.id,
                "headline": headline,
                "kicker": first("kicker"),
                "deck": first("deck"),
                "byline": first("byline") or (source if source.startswith("Source") else ""),
                "pages": pages_of_story,
                "paragraphs": [{"role": r, "text": t} for r, t in paragraphs],
                "text": "\n".join(t for _, t in paragraphs),
                "photos": photos,
                "fragments": fragments,
                "jumps": jumps,
            }
        )
    return {
        "format": "epaperdesk-articles",
        "version": 1,
        "edition": {
            "title": edition.title,
            "volume": edition.volume,
            "number": edition.number,
            "issue": edition.volume_and_number,
            "date": edition.date.isoformat(),
            "language": _language_tag(edition.language),
            "pdf": pdf_name,
            "page_count": len(edition.pages),
        },
        "pages": [
            {
                "number": i + 1,
                "section": page.section,
                "width": round(page.width, 2),
                "height": round(page.height, 2),
                "images": page_images.get(i + 1, {}),
            }
            for i, page in enumerate(edition.pages)
        ],
        "articles": articles,
    }


def photo_owners(edition: Edition, stories: list[Story]) -> dict[str, str]:
    """Photo frame id → the article it belongs to: the one whose frames' area on the photo's
    page covers most of it (at least a third)."""
    owners: dict[str, str] = {}
    for page in edition.pages:
        areas = []
        for story in stories:
            own = [f for f in edition.story_frames(story.id) if f in page.frames]
            if own:
                areas.append(
                    (
                        story.id,
                        min(f.rect.left for f in own),
                        min(f.rect.top for f in own),
                        max(f.rect.right for f in own),
                        max(f.rect.bottom for f in own),
                    )
                )
        for frame in page.frames:
            if not (isinstance(frame, ImageFrame) and frame.image):
                continue
            r = frame.rect
            best, best_area = None, r.width * r.height / 3
            for story_id, left, top, right, bottom in areas:
                area = max(0.0, min(right, r.right) - max(left, r.left)) * max(
                    0.0, min(bottom, r.bottom) - max(top, r.top)
                )
                if area > best_area:
                    best, best_area = story_id, area
            if best is not None:
                owners[frame.id] = best
    return owners


def validate_package(package: dict) -> None:
    """Raise ExportError naming the first place where the package breaks its schema."""
    schema = json.loads(resource("epaper", "article-package.schema.json").read_text(encoding="utf-8"))
    try:
        jsonschema.validate(package, schema, format_checker=jsonschema.FormatChecker())
    except jsonschema.ValidationError as error:
        where = "/".join(str(p) for p in error.absolute_path) or "the package"
        raise ExportError(f"the article package does not match its schema at {where}: {error.message}") from None


def _finish_pdf(path: Path, plain: bytes, edition: Edition, layout: EditionLayout, package: dict[str, Any]) -> None:
    """Write the e-paper PDF at `path`: the plain RGB PDF with bookmarks for pages and
    articles, links on jump lines, language and metadata."""
    with pikepdf.open(io.BytesIO(plain)) as pdf:
        pdf.Root.Lang = pikepdf.String(_language_tag(edition.language))
        title = f"{edition.title} {edition.volume_and_number} — {edition.date.isoformat()}"
        pdf.docinfo["/Title"] = title
        pdf.docinfo["/Subject"] = "E-paper edition"
        with pdf.open_metadata(set_pikepdf_as_editor=False) as meta:
            meta["dc:title"] = title
            meta["dc:language"] = [_language_tag(edition.language)]
            meta["dc:description"] = "E-paper edition"
        heights = [page.height for page in edition.pages]
        with pdf.open_outline() as outline:
            outline.root.clear()
            for index, page in enumerate(edition.pages):
                label = f"Page {index + 1}" + (f": {page.section}" if page.section else "")
                item = pikepdf.OutlineItem(label, index)
                for article in package["articles"]:
                    spots = [f for f in article["fragments"] if f["page"] == index + 1]
                    if spots:
                        x, y = spots[0]["rect"][0], spots[0]["rect"][1]
                        item.children.append(
                            pikepdf.OutlineItem(
                                article["headline"][:120],
                                index,
                                pikepdf.PageLocation.XYZ,
                                left=x,
                                top=heights[index] - y + 12,
                            )
                        )
                outline.root.append(item)
        for index, display in enumerate(layout.pages):
            for jump in display.jumps if display else ():
                if not 1 <= jump.page <= len(pdf.pages):
                    continue
                r = jump.rect
                height = heights[index]
                target = pdf.pages[jump.page - 1].obj
                link = pdf.make_indirect(
                    pikepdf.Dictionary(
                        Type=pikepdf.Name.Annot,
                        Subtype=pikepdf.Name.Link,
                        Rect=[r.x, height - r.bottom, r.right, height - r.top],
                        Border=[0, 0, 0],
                        A=pikepdf.Dictionary(S=pikepdf.Name.GoTo, D=pikepdf.Array([target, pikepdf.Name.Fit])),
                        Contents=pikepdf.String(jump.text),
                    )
                )
                annotated = pdf.pages[index].obj
                if "/Annots" not in annotated:
                    annotated.Annots = pikepdf.Array()
                annotated.Annots.append(link)
        write_output(path, lambda handle: pdf.save(handle, deterministic_id=True))


def export_epaper(
    edition: Edition,
    folder: str | os.PathLike,
    widths: tuple[int, ...] = DEFAULT_WIDTHS,
    image_format: str = "jpeg",
    typesetter: Typesetter | None = None,
) -> EpaperResult:
    folder = Path(folder)
    if image_format not in ("jpeg", "png"):
        raise ExportError(f"page images are jpeg or png, not {image_format!r}")
    if not widths or any(not 100 <= w <= 8000 for w in widths):
        raise ExportError("page image widths must be 100–8000 pixels")
    try:
        (folder / "pages").mkdir(parents=True, exist_ok=True)
        (folder / "photos").mkdir(exist_ok=True)
    except OSError as error:
        raise ExportError(f"cannot make the e-paper folder {folder}: {error.strerror or error}") from None
    typesetter = typesetter or Typesetter()
    layout = typesetter.layout(edition)
    pdf_path = folder / "edition.pdf"
    plain = finished_document(edition, PdfOptions(colour="rgb", marks=False, bleed=0.0), typesetter)
    photo_files = _write_photos(edition, folder)
    images, written = _write_page_images(plain, edition, folder, widths, image_format)
    package = build_package(edition, layout, pdf_path.name, images, photo_files)
    validate_package(package)
    _finish_pdf(pdf_path, plain, edition, layout, package)
    write_output(folder / "articles.json", json.dumps(package, ensure_ascii=False, indent=1).encode("utf-8"))
    return EpaperResult(folder, pdf_path, folder / "articles.json", written, len(package["articles"]))


EPAPER_PHOTO_PIXELS = 2048  # the longest side of an article photo on screen


def _write_photos(edition: Edition, folder: Path) -> dict[str, str]:
    """The articles' pictures in RGB under photos/: image name → file (relative to `folder`)."""
    photo_files: dict[str, str] = {}
    for _, frame in edition.frames():
        if isinstance(frame, ImageFrame) and frame.image and frame.image not in photo_files:
            asset = edition.images.get(frame.image)
            if asset is None:
                continue
            try:
                data, kind = image_for_output(asset, "rgb", None, longest=EPAPER_PHOTO_PIXELS)
            except ColourError as error:
                raise ExportError(str(error)) from None
            name = f"photos/{asset.name.rsplit('.', 1)[0][:16]}.{'jpg' if kind == 'jpeg' else 'png'}"
            write_output(folder / name, data)
            photo_files[frame.image] = name
    return photo_files


def _write_page_images(
    pdf: bytes, edition: Edition, folder: Path, widths: tuple[int, ...], image_format: str
) -> tuple[dict[int, dict[str, str]], list[Path]]:
    """Every page of `pdf` as an image of each width under pages/: (page number → width →
    file relative to `folder`, the files written)."""
    images: dict[int, dict[str, str]] = {}
    written: list[Path] = []
    document = pypdfium2.PdfDocument(pdf)
    try:
        for index, page in enumerate(edition.pages):
            rendered_page = document[index]
            for width in widths:
                bitmap = rendered_page.render(scale=width / page.width, draw_annots=False)
                picture = bitmap.to_pil().convert("RGB")
                name = f"pages/page-{index + 1}-{width}.{'jpg' if image_format == 'jpeg' else 'png'}"
                buffer = io.BytesIO()
                if image_format == "jpeg":
                    picture.save(buffer, "JPEG", quality=85, optimize=True, progressive=True)
                else:
                    picture.save(buffer, "PNG", optimize=True)
                write_output(folder / name, buffer.getvalue())
                images.setdefault(index + 1, {})[str(width)] = name
                written.append(folder / name)
    finally:
        document.close()
    return images, written


def parse_widths(text: str) -> tuple[int, ...]:
    try:
        widths = tuple(int(w) for w in re.split(r"[,\s]+", text.strip()) if w)
    except ValueError:
        raise ExportError(f"widths {text!r} are not whole numbers like 1200,600") from None
    return widths
