"""Files: the .epd container and its schema, image reading."""

from epaperdesk.io.epd import EpdError, SaveError, load_edition, save_edition

__all__ = ["EpdError", "SaveError", "load_edition", "save_edition"]
