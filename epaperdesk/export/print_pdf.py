"""Print PDF export: lay out the edition, draw the chosen pages with bleed, marks and boxes,
finish the file (subset tags, PDF/X), and write it atomically."""

from __future__ import annotations

import datetime
import io
import os
from collections.abc import Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import replace
from functools import partial
from pathlib import Path
from typing import BinaryIO

from reportlab.pdfgen.canvas import Canvas

from epaperdesk.atomic import Writer, write_atomic
from epaperdesk.export.finish import write_finished_pdf
from epaperdesk.export.marks import draw_marks
from epaperdesk.export.options import OptionError, PdfOptions
from epaperdesk.io.epd import EpdError, load_edition
from epaperdesk.model.edition import Edition
from epaperdesk.render.colour import (
    OUTPUT_SPACES,
    ColourError,
    check_output_profile,
    default_cmyk_profile,
    load_profile,
)
from epaperdesk.render.pdf import PdfPageRenderer, font_name
from epaperdesk.typeset.displaylist import PageDisplayList
from epaperdesk.typeset.fonts import find_face
from epaperdesk.typeset.layout import EditionLayout, Typesetter


class ExportError(Exception):
    """The export failed; no output file was written or changed."""


def _moment(edition: Edition, options: PdfOptions) -> datetime.datetime:
    if options.date is not None:
        return options.date if options.date.tzinfo else options.date.replace(tzinfo=datetime.UTC)
    return datetime.datetime.combine(edition.date, datetime.time(0, 0), datetime.UTC)


def _profile(options: PdfOptions) -> tuple[Path | None, tuple[bytes, str] | None]:
    if options.colour != "cmyk" and options.pdfx == "none":
        return None, None
    try:
        path = options.icc_profile or default_cmyk_profile()
        if options.icc_profile is not None:
            check_output_profile(path, options.colour if options.colour in OUTPUT_SPACES else "cmyk")
        _, data, description = load_profile(path)
    except ColourError as error:
        if options.pdfx == "none" and options.icc_profile is None:
            return None, None  # CMYK vectors need no profile; RGB images will say so if present
        raise ExportError(str(error)) from None
    return path, (data, description)


def render_document(
    edition: Edition, pages: list[PageDisplayList], numbers: list[int], options: PdfOptions, profile_path: Path | None
) -> bytes:
    """ReportLab's PDF of the given display lists (not yet finished)."""
    buffer = io.BytesIO()
    canvas = Canvas(
        buffer,
        invariant=1,
        pageCompression=1,
        initialFontName=font_name(find_face("Source Serif Pro").path),
        initialFontSize=10,
    )
    renderer = PdfPageRenderer(canvas, options.colour, edition.images, profile_path, options.ink_limit)
    moment = _moment(edition, options)
    for number, page in zip(numbers, pages):
        bleed = page.bleed if options.bleed is None else options.bleed
        slug = options.slug if options.marks else 0.0
        margin = bleed + slug
        width, height = page.width + 2 * margin, page.height + 2 * margin
        canvas.setPageSize((width, height))
        canvas.setTrimBox((margin, margin, margin + page.width, margin + page.height))
        canvas.setBleedBox((margin - bleed, margin - bleed, margin + page.width + bleed, margin + page.height + bleed))
        canvas.setCropBox((0, 0, width, height))
        renderer.draw(page, margin, margin)
        if options.marks:
            info = (
                f"{edition.title} {edition.volume_and_number} · {edition.date.isoformat()} · page {number} · "
                f"{options.colour.upper()}{' · ' + options.pdfx.upper() if options.pdfx != 'none' else ''} · "
                f"exported {moment.strftime('%Y-%m-%d %H:%M')} UTC"
            )
            draw_marks(canvas, (margin, margin, page.width, page.height), bleed, slug, info)
        canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def write_output(path: Path, data: bytes | Writer) -> Path:
    """Replace the file at `path` whole with `data` (bytes, or a function writing to a binary
    file); an ExportError names the file and the reason when that fails (the old file, if any,
    is then left as it was)."""
    try:
        return write_atomic(path, data)
    except OSError as error:
        raise ExportError(f"cannot write {path}: {error.strerror or error}") from None


def page_file(output: Path, number: int) -> Path:
    """The file of page `number` in a one-file-per-page export."""
    name = output.name
    if "%d" in name:
        return output.with_name(name.replace("%d", str(number)))
    return output.with_name(f"{output.stem}-{number}{output.suffix}")


def export_pdf(
    source: Edition | str | os.PathLike[str],
    output: str | os.PathLike[str],
    options: PdfOptions | None = None,
    *,
    typesetter: Typesetter | None = None,
    jobs: int = 1,
) -> list[Path]:
    """Export `source` (an edition or an .epd path) as a print PDF at `output`. Returns the
    files written. With options.split, one file per page (jobs > 1 exports them in parallel
    processes). Raises ExportError, naming the problem; an existing output file is only ever
    replaced whole."""
    output = Path(output)
    options = options or PdfOptions()
    with _export_errors(output):
        edition = source if isinstance(source, Edition) else load_edition(source)
        numbers = _page_numbers(edition, options)
        if not output.parent.exists():
            raise ExportError(f"the folder {output.parent} does not exist")
        profile_path, profile = _profile(options)
        if options.split and jobs > 1 and not isinstance(source, Edition) and len(numbers) > 1:
            return _export_parallel(Path(source), output, options, numbers, jobs)
        layout = (typesetter or Typesetter()).layout(edition, {edition.pages[n - 1].id for n in numbers})
        groups = [[n] for n in numbers] if options.split else [numbers]
        written = []
        for done, group in enumerate(groups, start=1):
            raw = _render_group(edition, layout, group, options, profile_path)
            target = page_file(output, group[0]) if options.split else output
            written.append(
                write_output(target, partial(_finish, raw=raw, edition=edition, options=options, profile=profile))
            )
            if callable(options.progress):
                options.progress(done, len(groups))
        return written


def finished_document(edition: Edition, options: PdfOptions, typesetter: Typesetter | None = None) -> bytes:
    """The finished PDF of the options' pages as one document, in memory: for exports that
    work on it further (the proof PDF, the e-paper edition) before writing their file."""
    with _export_errors(None):
        numbers = _page_numbers(edition, options)
        profile_path, profile = _profile(options)
        layout = (typesetter or Typesetter()).layout(edition, {edition.pages[n - 1].id for n in numbers})
        out = io.BytesIO()
        _finish(out, _render_group(edition, layout, numbers, options, profile_path), edition, options, profile)
        return out.getvalue()


def _page_numbers(edition: Edition, options: PdfOptions) -> list[int]:
    numbers = list(options.pages or range(1, len(edition.pages) + 1))
    if not numbers:
        raise ExportError("the edition has no pages")
    if any(n < 1 or n > len(edition.pages) for n in numbers):
        raise ExportError(f"the edition has {len(edition.pages)} pages; cannot export {numbers}")
    return numbers


def _render_group(
    edition: Edition, layout: EditionLayout, numbers: Sequence[int], options: PdfOptions, profile_path: Path | None
) -> bytes:
    pages = []
    for n in numbers:
        display = layout.pages[n - 1]
        if display is None:
            raise ExportError(f"page {n} was not laid out")
        pages.append(display)
    return render_document(edition, pages, list(numbers), options, profile_path)


def _finish(
    handle: BinaryIO, raw: bytes, edition: Edition, options: PdfOptions, profile: tuple[bytes, str] | None
) -> None:
    title = f"{edition.title} {edition.volume_and_number} {edition.date.isoformat()}"
    write_finished_pdf(handle, raw, title=title, moment=_moment(edition, options), pdfx=options.pdfx, profile=profile)


@contextmanager
def _export_errors(output: Path | None) -> Iterator[None]:
    """Every failure of an export as an ExportError naming the problem."""
    try:
        yield
    except ExportError:
        raise
    except (OptionError, ColourError, EpdError) as error:
        raise ExportError(str(error)) from None
    except OSError as error:
        what = f"cannot write {output}" if output is not None else "export failed"
        raise ExportError(f"{what}: {error.strerror or error}") from None
    except Exception as error:
        raise ExportError(f"export failed: {type(error).__name__}: {error}") from error


def _export_group(args: tuple[Path, Path, PdfOptions, tuple[int, ...]]) -> list[Path]:
    source, output, options, numbers = args
    return export_pdf(source, output, replace(options, pages=numbers, split=True, progress=None))


def _export_parallel(source: Path, output: Path, options: PdfOptions, numbers: list[int], jobs: int) -> list[Path]:
    """Pages in `jobs` processes; each loads the edition once and sets only what its pages need."""
    jobs = min(jobs, len(numbers))
    groups = [tuple(numbers[i::jobs]) for i in range(jobs)]
    by_page: dict[int, Path] = {}
    with ProcessPoolExecutor(max_workers=jobs) as pool:
        for group, paths in zip(groups, pool.map(_export_group, [(source, output, options, g) for g in groups])):
            by_page.update(zip(group, paths))
            if callable(options.progress):
                options.progress(len(by_page), len(numbers))
    return [by_page[n] for n in numbers]
