"""Output: the print PDF, the proof PDF (proof_pdf), the e-paper edition (epaper), and preflight
before an export (preflight: the rules, and `export_verdict`, which decides whether it goes ahead)."""

from epaperdesk.export.options import OptionError, PdfOptions
from epaperdesk.export.print_pdf import ExportError, export_pdf

__all__ = ["ExportError", "OptionError", "PdfOptions", "export_pdf"]
