"""The proof PDF: the pages in RGB without marks, with every correction as a standard PDF
comment (see proof/annotations.py), for proofreaders who work in a PDF viewer; and the way
back, importing their comments as typed corrections."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pikepdf

from epaperdesk.export.options import PdfOptions
from epaperdesk.export.print_pdf import ExportError, export_pdf
from epaperdesk.model.edition import Edition
from epaperdesk.proof.annotations import CommentError, ImportResult, annotate_page, place_comments, read_comments
from epaperdesk.typeset.layout import Typesetter


def export_proof(edition: Edition, output: str | os.PathLike, typesetter: Typesetter | None = None) -> int:
    """Write the proof PDF; returns how many corrections it carries."""
    output = Path(output)
    typesetter = typesetter or Typesetter()
    layout = typesetter.layout(edition)
    folder = output.parent if str(output.parent) else Path(".")
    fd, plain = tempfile.mkstemp(prefix=f".{output.name}.", suffix=".pdf", dir=folder)
    os.close(fd)
    try:
        export_pdf(edition, plain, PdfOptions(colour="rgb", marks=False, bleed=0.0), typesetter=typesetter)
        count = 0
        with pikepdf.open(plain) as pdf:
            for page, display in zip(pdf.pages, layout.pages):
                if display is not None:
                    count += annotate_page(pdf, page, display, edition)
            pdf.docinfo["/Title"] = f"{edition.title} {edition.volume_and_number} — proof"
            fd, finished = tempfile.mkstemp(prefix=f".{output.name}.", suffix=".tmp", dir=folder)
            os.close(fd)
            pdf.save(finished, deterministic_id=True)
        os.replace(finished, output)
        return count
    except (pikepdf.PdfError, OSError) as error:
        raise ExportError(f"cannot write the proof {output.name}: {error}") from None
    finally:
        try:
            os.unlink(plain)
        except OSError:
            pass


def import_comments(
    edition: Edition, path: str | os.PathLike, typesetter: Typesetter | None = None, author: str = ""
) -> ImportResult:
    """Read a proof PDF's comments and make them corrections (the edit is not applied)."""
    comments, maps = read_comments(path)
    layout = (typesetter or Typesetter()).layout(edition)
    return place_comments(edition, comments, maps, layout.pages, author)


__all__ = ["CommentError", "export_proof", "import_comments"]
