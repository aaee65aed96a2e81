"""Output: the print PDF (and, later, the proof PDF and the e-paper edition)."""

from epaperdesk.export.options import OptionError, PdfOptions
from epaperdesk.export.print_pdf import ExportError, export_pdf

__all__ = ["ExportError", "OptionError", "PdfOptions", "export_pdf"]
