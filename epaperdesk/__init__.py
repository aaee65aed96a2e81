"""EpaperDesk: a desktop application for making newspaper pages."""

__version__ = "0.1.0"


def __getattr__(name: str):
    """`epaperdesk.export_pdf(...)` for scripts, imported on first use (it loads ReportLab)."""
    if name == "export_pdf":
        from epaperdesk.export.print_pdf import export_pdf

        return export_pdf
    raise AttributeError(f"module 'epaperdesk' has no attribute {name!r}")
