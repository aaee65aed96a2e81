"""EpaperDesk: a desktop application for making newspaper pages."""

__version__ = "0.1.0"
