"""PDF export benchmarks: the renderer against ReportLab drawing the same positioned words
directly, the whole `epaperdesk export` process against importing ReportLab, and a 16-page
edition exported one process after another and with a process pool."""

from __future__ import annotations

import dataclasses
import io
import os
import subprocess
import sys
import tempfile
from pathlib import Path

from reportlab.pdfgen.canvas import Canvas

from benchmarks.timing import median_time
from epaperdesk.export import PdfOptions, export_pdf
from epaperdesk.export.finish import finish_pdf
from epaperdesk.export.print_pdf import render_document
from epaperdesk.io.epd import load_edition, save_edition
from epaperdesk.model.pages import duplicate_page
from epaperdesk.render.pdf import font_name
from epaperdesk.typeset.displaylist import GlyphRun
from epaperdesk.typeset.fonts import find_face
from epaperdesk.typeset.layout import Typesetter


def _direct_reportlab(runs: list[GlyphRun], width: float, height: float) -> bytes:
    """The baseline: the same words at the same places, drawn straight with ReportLab."""
    buffer = io.BytesIO()
    canvas = Canvas(
        buffer, pagesize=(width, height), invariant=1, initialFontName=font_name(find_face("Source Serif Pro").path)
    )
    for run in runs:
        canvas.setFont(font_name(run.font), run.size)
        canvas.drawString(run.x, height - run.baseline, run.text)
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def sixteen_pages(sample_path: Path, folder: Path) -> Path:
    """The sample made sixteen pages long (copies of page 1 with their own stories)."""
    edition = load_edition(sample_path)
    while len(edition.pages) < 16:
        edit, _ = duplicate_page(edition, edition.pages[0].id)
        edit.apply(edition)
    path = folder / "sixteen.epd"
    save_edition(edition, path)
    return path


def bench_export(sample_path: Path) -> dict:
    results: dict[str, float] = {}
    edition = load_edition(sample_path)
    layout = Typesetter().layout(edition)
    page = layout.pages[0]
    options = PdfOptions()
    runs = page.glyph_runs()
    render_document(edition, [page], [1], options, None)  # fonts registered, profile loaded
    direct = median_time(lambda: _direct_reportlab(runs, page.width, page.height))
    words_only = dataclasses.replace(page, items=tuple(runs))
    text_only = median_time(
        lambda: render_document(edition, [words_only], [1], PdfOptions(colour="rgb", marks=False), None)
    )
    drawn = median_time(lambda: render_document(edition, [page], [1], PdfOptions(colour="rgb", marks=False), None))
    full = median_time(
        lambda: finish_pdf(
            render_document(edition, [page], [1], options, None),
            title="t",
            moment=__import__("datetime").datetime(2026, 1, 1, tzinfo=__import__("datetime").timezone.utc),
            pdfx="none",
            profile=None,
        )
    )
    results["glyph runs on the page"] = len(runs)
    results["direct ReportLab words (ms)"] = direct * 1000
    results["renderer, the same words only (ms)"] = text_only * 1000
    results["renderer words / direct ReportLab"] = text_only / direct
    results["renderer, whole page, RGB, no marks (ms)"] = drawn * 1000
    results["whole page / direct ReportLab words"] = drawn / direct
    results["CMYK page with marks, finished (ms)"] = full * 1000
    results["CMYK finished / direct ReportLab"] = full / direct

    with tempfile.TemporaryDirectory() as folder:
        folder = Path(folder)
        env = dict(os.environ)
        command = [sys.executable, "-m", "epaperdesk", "export", str(sample_path), "-o", str(folder / "cli.pdf")]
        whole = median_time(lambda: subprocess.run(command, check=True, capture_output=True, env=env), 3)
        bare = median_time(
            lambda: subprocess.run([sys.executable, "-c", "import reportlab.pdfgen.canvas"], check=True, env=env), 3
        )
        results["epaperdesk export process (ms)"] = whole * 1000
        results["python -c 'import reportlab' (ms)"] = bare * 1000
        results["export process / import reportlab"] = whole / bare

        source = sixteen_pages(sample_path, folder)
        pages4 = median_time(
            lambda: export_pdf(source, folder / "four-%d.pdf", PdfOptions(split=True, pages=(1, 2, 3, 4))), 1
        )
        sequential = median_time(lambda: export_pdf(source, folder / "seq-%d.pdf", PdfOptions(split=True)), 1)
        cores = os.cpu_count() or 1
        parallel = median_time(lambda: export_pdf(source, folder / "par-%d.pdf", PdfOptions(split=True), jobs=cores), 1)
        results["4 pages sequential (s)"] = pages4
        results["16 pages sequential (s)"] = sequential
        results["16 / 4 pages time (linear = 4.0)"] = sequential / pages4
        results[f"16 pages, {cores} processes (s)"] = parallel
        results["process pool speed-up"] = sequential / parallel
    return results
