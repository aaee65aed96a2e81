"""Screen proxies of placed images: the pictures decoded once, turned the way EXIF says,
converted to RGB (CMYK through the press profile) and scaled down to screen size, kept in
the user's cache folder by content hash so that opening the edition again is instant.
The original bytes stay in the edition untouched; only the PDF export reads them."""

from __future__ import annotations

import io
from pathlib import Path

import platformdirs
from PIL import Image

from epaperdesk.atomic import write_atomic
from epaperdesk.io.images import decode_reduced
from epaperdesk.model.edition import ImageAsset
from epaperdesk.render.colour import cmyk_to_rgb

PROXY_MAX_PIXELS = 2000  # the longer side of a proxy: sharp at 200 % on a broadsheet photo


def proxy_folder() -> Path:
    return Path(platformdirs.user_cache_dir("epaperdesk")) / "proxies"


def proxy_bytes(asset: ImageAsset, longest: int = PROXY_MAX_PIXELS) -> bytes | None:
    """PNG or JPEG bytes of the asset's screen proxy (None when it cannot be decoded)."""
    path = proxy_folder() / f"{asset.name}.{longest}"
    for suffix in (".jpg", ".png"):
        try:
            data = (path.with_suffix(path.suffix + suffix)).read_bytes()
            if data[:2] == b"\xff\xd8" and data[-2:] == b"\xff\xd9" or data[:8] == b"\x89PNG\r\n\x1a\n":
                return data
        except OSError:
            pass
    try:
        image = decode_reduced(asset, longest)  # (a big JPEG is decoded at 1/2 to 1/8 scale)
    except Exception:
        return None
    alpha = image.mode in ("RGBA", "LA", "PA") or (image.mode == "P" and "transparency" in image.info)
    if image.mode == "CMYK":
        image = cmyk_to_rgb(image)
    elif image.mode not in ("RGB", "L"):
        image = image.convert("RGBA" if alpha else "RGB")
    image.thumbnail((longest, longest), Image.Resampling.LANCZOS)
    out = io.BytesIO()
    if alpha:
        image.save(out, "PNG")
        suffix = ".png"
    else:
        image.save(out, "JPEG", quality=88)
        suffix = ".jpg"
    data = out.getvalue()
    try:
        target = path.with_suffix(path.suffix + suffix)
        target.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(target, data, sync=False)  # a cache: a proxy lost in a power cut is made again
    except OSError:
        pass  # a cache that cannot be written is only slower
    return data
