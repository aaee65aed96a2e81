"""Reading image files into ImageAssets: the original bytes kept untouched, named by
content hash, checked by decoding them completely, with what the file says about itself
(resolution, EXIF orientation, IPTC/XMP caption and credit)."""

from __future__ import annotations

import hashlib
import io
import re
import warnings
from pathlib import Path

from PIL import Image, ImageFile, IptcImagePlugin

from epaperdesk.io.files import read_limited
from epaperdesk.model.edition import ImageAsset

MEDIA_TYPES = {
    "JPEG": ("image/jpeg", ".jpg"),
    "PNG": ("image/png", ".png"),
    "TIFF": ("image/tiff", ".tif"),
    "WEBP": ("image/webp", ".webp"),
}
EXTENSIONS = tuple(sorted({ext for _, ext in MEDIA_TYPES.values()} | {".jpeg", ".tiff"}))
# 150 million pixels is a 15,000 x 10,000 scan, far beyond any newspaper photo; more is a
# mistake or a decompression bomb, refused from the header before anything is decoded.
MAX_PIXELS = 150_000_000
MAX_FILE_BYTES = 400 * 1024 * 1024
# The orientations that swap width and height (EXIF 5–8 turn the picture by 90 degrees).
_TRANSPOSED = {5, 6, 7, 8}


class ImageError(Exception):
    """An image that cannot be used; the message says which and why."""


def asset_name(data: bytes, extension: str) -> str:
    """The content-hash name an image is stored under."""
    return hashlib.sha256(data).hexdigest() + extension


def read_image_file(path: str | Path, source: str = "") -> ImageAsset:
    """Read and check an image file the user places (the message names the file)."""
    path = Path(path)
    return read_image(read_limited(path, MAX_FILE_BYTES, ImageError), source, path.name)


def read_image(data: bytes, source: str = "", label: str = "image") -> ImageAsset:
    """Identify and fully decode `data` (JPEG, PNG, TIFF or WebP) and return it as an asset."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)  # our own limit applies
            with Image.open(io.BytesIO(data)) as image:
                kind = image.format
                width, height = image.size
                if kind not in MEDIA_TYPES:
                    raise ImageError(
                        f"{label} is {kind or 'of an unknown type'}; JPEG, PNG, TIFF and WebP pictures can be placed"
                    )
                _check_size(label, width, height)
                if getattr(image, "n_frames", 1) > 1 and kind == "TIFF":
                    image.seek(0)
                orientation = _orientation(image)
                ppi = _ppi(image)
                caption, credit = _embedded_caption(image)
                image.load()
    except ImageError:
        raise
    except Image.DecompressionBombError as error:
        pixels = re.search(r"\((\d+) pixels\)", str(error))
        count = f"{int(pixels.group(1)):,} pixels" if pixels else "too many pixels"
        raise ImageError(
            f"{label} has {count}, more than the {MAX_PIXELS:,} allowed "
            "(a decompression bomb or an oversized scan): scale it down first"
        ) from None
    except Exception as error:  # Pillow raises many types for damaged files
        raise ImageError(f"{label} is damaged or not a picture: {error}") from None
    if orientation in _TRANSPOSED:
        width, height = height, width
    media_type, extension = MEDIA_TYPES[kind]
    return ImageAsset(
        asset_name(data, extension),
        media_type,
        width,
        height,
        data,
        source,
        ppi=ppi,
        orientation=orientation,
        caption=caption,
        credit=credit,
    )


def _check_size(label: str, width: int, height: int) -> None:
    if width <= 0 or height <= 0:
        raise ImageError(f"{label} has no pixels ({width} x {height})")
    if width * height > MAX_PIXELS:
        raise ImageError(
            f"{label} is {width:,} x {height:,} pixels ({width * height / 1e6:.0f} million), more than "
            f"the {MAX_PIXELS / 1e6:.0f} million allowed (a decompression bomb or an oversized scan): "
            "scale it down first"
        )


def _orientation(image: Image.Image) -> int:
    try:
        value = image.getexif().get(0x0112, 1)
    except Exception:
        return 1
    return value if isinstance(value, int) and 1 <= value <= 8 else 1


def _ppi(image: Image.Image) -> float:
    dpi = image.info.get("dpi")
    try:
        x = float(dpi[0]) if dpi else 0.0
    except (TypeError, ValueError, IndexError):
        x = 0.0
    return x if 20.0 <= x <= 10000.0 else 72.0  # nonsense values (0, 1, 65535) mean "unknown"


def _embedded_caption(image: ImageFile.ImageFile) -> tuple[str, str]:
    """Caption and credit written into the file by a photographer or agency: IPTC
    (2:120 caption, 2:110 credit, 2:80 by-line) first, XMP (dc:description,
    photoshop:Credit) when IPTC has none."""
    caption = credit = ""
    try:
        iptc = IptcImagePlugin.getiptcinfo(image) or {}
    except Exception:
        iptc = {}
    caption = _iptc_text(iptc.get((2, 120)))
    credit = _iptc_text(iptc.get((2, 110))) or _iptc_text(iptc.get((2, 80)))
    if not (caption and credit):
        xmp = _xmp_packet(image)
        if xmp:
            caption = caption or _xmp_field(xmp, "dc:description")
            credit = credit or _xmp_field(xmp, "photoshop:Credit") or _xmp_field(xmp, "dc:creator")
    return caption[:4000], credit[:500]


def _iptc_text(value: object) -> str:
    if isinstance(value, list):
        value = value[0] if value else b""
    if not isinstance(value, bytes):
        return ""
    for encoding in ("utf-8", "latin-1"):
        try:
            return " ".join(value.decode(encoding).split())
        except UnicodeDecodeError:
            continue
    return ""


def _xmp_packet(image: Image.Image) -> str:
    raw = image.info.get("xmp") or image.info.get("XML:com.adobe.xmp") or b""
    if isinstance(raw, bytes):
        raw = raw.decode("utf-8", "replace")
    if not isinstance(raw, str) or len(raw) > 2_000_000 or "<!DOCTYPE" in raw or "<!ENTITY" in raw:
        return ""  # no entity tricks: XMP never needs a DOCTYPE
    return raw


_XML_ESCAPES = {"&lt;": "<", "&gt;": ">", "&quot;": '"', "&apos;": "'", "&amp;": "&"}


def _xmp_field(xmp: str, name: str) -> str:
    """The first text value of an XMP property, in attribute form or as (alt/seq) elements.
    Read with a pattern, not an XML parser: the packet is untrusted and only one value is
    wanted."""
    attribute = re.search(rf'{re.escape(name)}="([^"]*)"', xmp)
    if attribute:
        text = attribute.group(1)
    else:
        element = re.search(rf"<{re.escape(name)}\b[^>]*>(.*?)</{re.escape(name)}>", xmp, re.S)
        if not element:
            return ""
        inner = element.group(1)
        item = re.search(r"<rdf:li\b[^>]*>(.*?)</rdf:li>", inner, re.S)
        text = item.group(1) if item else inner
        if "<" in text:
            return ""
    text = re.sub(r"&(lt|gt|quot|apos|amp);", lambda m: _XML_ESCAPES[m.group(0)], text)
    return " ".join(text.split())


def decode_oriented(asset: ImageAsset) -> Image.Image:
    """The asset's pixels as they are displayed (EXIF orientation applied)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", Image.DecompressionBombWarning)
        image = Image.open(io.BytesIO(asset.data))
        image.load()
    return orient(image, asset.orientation)


def orient(image: Image.Image, orientation: int) -> Image.Image:
    """Turn decoded pixels the way an EXIF orientation value says."""
    method = {
        2: Image.Transpose.FLIP_LEFT_RIGHT,
        3: Image.Transpose.ROTATE_180,
        4: Image.Transpose.FLIP_TOP_BOTTOM,
        5: Image.Transpose.TRANSPOSE,
        6: Image.Transpose.ROTATE_270,
        7: Image.Transpose.TRANSVERSE,
        8: Image.Transpose.ROTATE_90,
    }.get(orientation)
    return image.transpose(method) if method is not None else image
