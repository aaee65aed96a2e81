"""The proof PDF: the pages in RGB without marks, with every correction as a standard PDF
comment (see proof/annotations.py), for proofreaders who work in a PDF viewer; and the way
back, importing their comments as typed corrections."""

from __future__ import annotations

import io
import os
from pathlib import Path

import pikepdf

from epaperdesk.export.options import PdfOptions
from epaperdesk.export.print_pdf import ExportError, finished_document, write_output
from epaperdesk.model.edition import Edition
from epaperdesk.proof.annotations import CommentError, ImportResult, annotate_page, place_comments, read_comments
from epaperdesk.typeset.layout import Typesetter


def export_proof(edition: Edition, output: str | os.PathLike[str], typesetter: Typesetter | None = None) -> int:
    """Write the proof PDF; returns how many corrections it carries. An existing file at
    `output` is only ever replaced whole."""
    output = Path(output)
    typesetter = typesetter or Typesetter()
    layout = typesetter.layout(edition)
    plain = finished_document(edition, PdfOptions(colour="rgb", marks=False, bleed=0.0), typesetter)
    try:
        with pikepdf.open(io.BytesIO(plain)) as pdf:
            count = 0
            for page, display in zip(pdf.pages, layout.pages):
                if display is not None:
                    count += annotate_page(pdf, page, display, edition)
            pdf.docinfo["/Title"] = f"{edition.title} {edition.volume_and_number} — proof"
            write_output(output, lambda handle: pdf.save(handle, deterministic_id=True))
    except pikepdf.PdfError as error:
        raise ExportError(f"cannot write the proof {output.name}: {error}") from None
    return count


def import_comments(
    edition: Edition, path: str | os.PathLike[str], typesetter: Typesetter | None = None, author: str = ""
) -> ImportResult:
    """Read a proof PDF's comments and make them corrections (the edit is not applied)."""
    comments, maps = read_comments(Path(path))
    layout = (typesetter or Typesetter()).layout(edition)
    return place_comments(edition, comments, maps, layout.pages, author)


__all__ = ["CommentError", "export_proof", "import_comments"]
