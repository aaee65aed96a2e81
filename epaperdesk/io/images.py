"""Reading image files into ImageAssets: the original bytes kept untouched, named by
content hash, checked by decoding them completely."""

from __future__ import annotations

import hashlib
import io
import warnings

from PIL import Image

from epaperdesk.model.edition import ImageAsset

MEDIA_TYPES = {"JPEG": ("image/jpeg", ".jpg"), "PNG": ("image/png", ".png")}
MAX_PIXELS = 250_000_000  # a 16,000 x 15,000 scan; more is a mistake or an attack


class ImageError(Exception):
    """An image that cannot be used; the message says why."""


def asset_name(data: bytes, extension: str) -> str:
    """The content-hash name an image is stored under."""
    return hashlib.sha256(data).hexdigest() + extension


def read_image(data: bytes, source: str = "", label: str = "image") -> ImageAsset:
    """Identify and fully decode `data` (JPEG or PNG) and return it as an asset."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as image:
                kind = image.format
                width, height = image.size
                if kind not in MEDIA_TYPES:
                    raise ImageError(f"{label} is {kind or 'of an unknown type'}; only JPEG and PNG are supported")
                if width * height > MAX_PIXELS:
                    raise ImageError(f"{label} is {width} x {height} pixels, more than the {MAX_PIXELS:,} allowed")
                image.load()
    except ImageError:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise ImageError(f"{label} is too large to decode safely") from None
    except Exception as error:  # Pillow raises many types for damaged files
        raise ImageError(f"{label} cannot be decoded: {error}") from None
    media_type, extension = MEDIA_TYPES[kind]
    return ImageAsset(asset_name(data, extension), media_type, width, height, data, source)
