"""The page canvas: the scene (pages and frame contents drawn from the display lists), the
view (zoom, hit testing, selection, input), the tools and gestures that turn input into model
edits, and the overlays drawn over the pages."""

from epaperdesk.ui.canvas.scene import PAGE_GAP, CanvasScene
from epaperdesk.ui.canvas.view import CANVAS_KEYS, CanvasView

__all__ = ["CANVAS_KEYS", "PAGE_GAP", "CanvasScene", "CanvasView"]
