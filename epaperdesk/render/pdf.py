"""Draw a display list with ReportLab. Only draws: every position, letter spacing and glyph
scale comes from the display list; nothing here measures or breaks text."""

from __future__ import annotations

import hashlib
import io
from pathlib import Path

from reportlab import rl_config
from reportlab.lib.colors import CMYKColor, CMYKColorSep, Color
from reportlab.lib.rl_accel import fp_str
from reportlab.lib.utils import ImageReader
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas

from epaperdesk.io.images import pixels_needed
from epaperdesk.model.edition import ImageAsset
from epaperdesk.model.styles import Swatch
from epaperdesk.render.colour import image_for_output, swatch_components
from epaperdesk.typeset.displaylist import BoxItem, GlyphRun, ImageItem, PageDisplayList, RuleItem

rl_config.useA85 = 0  # binary streams: smaller files, and a JPEG stays byte for byte the same JPEG

_registered: dict[Path, str] = {}


def font_name(path: Path) -> str:
    """The ReportLab name of a font file, registered on first use (the same file the
    typesetter measured)."""
    name = _registered.get(path)
    if name is None:
        # named by content, not by where it is installed: the same document gives the same
        # PDF bytes from a virtual environment and from the bundle
        digest = hashlib.sha256(Path(path).read_bytes()).hexdigest()[:8]
        name = f"EPD-{path.stem}-{digest}"
        pdfmetrics.registerFont(TTFont(name, str(path)))
        _registered[path] = name
    return name


def registration_colour() -> CMYKColorSep:
    """The colour of marks: on every separation (/Separation /All)."""
    return CMYKColorSep(1, 1, 1, 1, spotName="All", density=1)


class PdfPageRenderer:
    """Draws display lists on a ReportLab canvas, the page's top-left trim corner at
    (`origin_x`, `origin_y` + page height) in PDF coordinates (y up)."""

    def __init__(
        self,
        canvas: Canvas,
        mode: str,
        images: dict[str, ImageAsset],
        cmyk_profile: Path | None = None,
        ink_limit: float | None = None,
    ) -> None:
        self.canvas = canvas
        self.mode = mode
        self.images = images
        self.cmyk_profile = cmyk_profile
        self.ink_limit = ink_limit  # total ink (%) images converted to CMYK are held to
        self._image_cache: dict[tuple[str, int | None], tuple[bytes, str]] = {}

    def colour(self, swatch: Swatch, tint: float = 100.0):
        """A ReportLab colour for a swatch in the output mode (spot colours stay spot in CMYK)."""
        values = swatch_components(swatch, 100.0 if swatch.spot else tint, self.mode)
        if self.mode == "cmyk":
            if swatch.spot:
                return CMYKColorSep(*values, spotName=swatch.name.replace(" ", "_"), density=tint / 100.0)
            return CMYKColor(*values)
        if self.mode == "gray":
            return Color(values[0], values[0], values[0])
        return Color(*values)

    def _set_fill(self, swatch: Swatch, tint: float = 100.0) -> None:
        if self.mode == "gray":
            self.canvas.setFillGray(swatch_components(swatch, tint, "gray")[0])
        else:
            self.canvas.setFillColor(self.colour(swatch, tint))

    def _set_stroke(self, swatch: Swatch, tint: float = 100.0) -> None:
        if self.mode == "gray":
            self.canvas.setStrokeGray(swatch_components(swatch, tint, "gray")[0])
        else:
            self.canvas.setStrokeColor(self.colour(swatch, tint))

    def draw(self, page: PageDisplayList, origin_x: float, origin_y: float) -> None:
        c = self.canvas
        top = origin_y + page.height  # PDF y of the page's top edge
        current_fill = None
        items = page.items
        # Tc and Tz belong to the graphics state and outlive a text object: write them only
        # when they change (saveState/restoreState around images and marks keeps this true)
        state = {"Tc": 0.0, "Tz": 100.0}
        for index, item in enumerate(items):
            if isinstance(item, GlyphRun):
                if current_fill is not item.color:
                    self._set_fill(item.color)
                    current_fill = item.color
                following = items[index + 1] if index + 1 < len(items) else None
                # a word space that follows is written too (it draws nothing: the next run has
                # its own position) so that text extraction and search see two words
                spaced = (
                    isinstance(following, GlyphRun)
                    and following.story_id == item.story_id
                    and following.baseline == item.baseline
                    and following.start > item.end
                )
                self._text(
                    item, origin_x + item.x, top - item.baseline, item.text + " " if spaced else item.text, state
                )
            elif isinstance(item, BoxItem):
                r = item.rect
                if item.fill is not None:
                    self._set_fill(item.fill, item.tint)
                    current_fill = None
                if item.stroke is not None and item.stroke_weight > 0:
                    self._set_stroke(item.stroke)
                    c.setLineWidth(item.stroke_weight)
                c.rect(
                    origin_x + r.x,
                    top - r.bottom,
                    r.width,
                    r.height,
                    fill=int(item.fill is not None),
                    stroke=int(item.stroke is not None and item.stroke_weight > 0),
                )
            elif isinstance(item, RuleItem):
                self._set_stroke(item.color, item.tint)
                c.setLineWidth(item.weight)
                c.setLineCap(1 if item.round_cap else 0)
                c.setDash(list(item.dash) if item.dash else [], 0)
                c.line(origin_x + item.x1, top - item.y1, origin_x + item.x2, top - item.y2)
                if item.dash:
                    c.setDash([], 0)
            elif isinstance(item, ImageItem):
                self._draw_image(item, origin_x, top)

    def _text(self, run: GlyphRun, x: float, y: float, text: str, state: dict) -> None:
        """One text object for one run: font, spacing, scale and position as the layout says."""
        c = self.canvas
        font = pdfmetrics.getFont(font_name(run.font))
        size = fp_str(run.size)
        spacing = run.letter_spacing / run.h_scale  # PDF scales Tc by Tz: divide it out
        scale = run.h_scale * 100.0
        code = ["BT"]
        if spacing != state["Tc"]:
            code.append(f"{fp_str(spacing)} Tc")
            state["Tc"] = spacing
        if scale != state["Tz"]:
            code.append(f"{fp_str(scale)} Tz")
            state["Tz"] = scale
        code.append(f"1 0 0 1 {fp_str(x)} {fp_str(y)} Tm")
        doc = c._doc
        for subset, chunk in font.splitString(text, doc):
            code.append(f"{font.getSubsetInternalName(subset, doc)} {size} Tf ({c._escape(chunk)}) Tj")
        code.append("ET")
        c.addLiteral(" ".join(code))

    def _draw_image(self, item: ImageItem, origin_x: float, top: float) -> None:
        asset = self.images.get(item.image)
        if asset is None:
            return
        longest = _print_pixels(asset.width, asset.height, item.placed.width, item.placed.height)
        data = self._image_cache.get((item.image, longest))
        if data is None:
            data = image_for_output(asset, self.mode, self.cmyk_profile, self.ink_limit, longest)
            self._image_cache[(item.image, longest)] = data
        c = self.canvas
        c.saveState()
        clip = item.clip
        path = c.beginPath()
        path.rect(origin_x + clip.x, top - clip.bottom, clip.width, clip.height)
        c.clipPath(path, stroke=0, fill=0)
        p = item.placed
        c.drawImage(ImageReader(io.BytesIO(data[0])), origin_x + p.x, top - p.bottom, p.width, p.height)
        c.restoreState()


PRINT_PPI = 300.0  # a picture with more than DOWNSAMPLE_ABOVE ppi where it is placed is sent at this
DOWNSAMPLE_ABOVE = 450.0


def _print_pixels(pixel_width: int, pixel_height: int, placed_width: float, placed_height: float) -> int | None:
    """The longest side a picture is sent to print at: None (as it is) up to 450 ppi where it
    is placed; a picture with more pixels than that is decoded reduced to 300 ppi, as
    press PDF presets downsample, so a 144-megapixel photo in a small frame never costs
    gigabytes at export."""
    longest_placed = max(placed_width, placed_height, 1.0)
    ppi = max(pixel_width, pixel_height) / (longest_placed / 72.0)
    if ppi <= DOWNSAMPLE_ABOVE:
        return None
    return pixels_needed(placed_width, placed_height, PRINT_PPI)
