"""Colour for output: swatches in CMYK, grey or RGB, and images converted through ICC
profiles (Pillow's ImageCms) when the output colour space differs from the image's."""

from __future__ import annotations

import hashlib
import io
from functools import lru_cache
from pathlib import Path

import platformdirs
from PIL import Image, ImageCms, ImageMath

from epaperdesk.atomic import write_atomic
from epaperdesk.io.images import decode_oriented, decode_reduced
from epaperdesk.model.edition import ImageAsset
from epaperdesk.model.styles import Swatch

COLOUR_MODES = ("cmyk", "gray", "rgb")
# Installed by the set-up from Debian's scribus-data: basICColor ISO Coated v2 (zlib licence).
DEFAULT_CMYK_PROFILES = (
    Path("/usr/share/scribus/profiles/ISOcoated_v2_300_bas.icc"),
    Path("/usr/share/color/icc/ISOcoated_v2_300_bas.icc"),
)


class ColourError(Exception):
    """A colour profile or image conversion problem; the message says which and why."""


def default_cmyk_profile() -> Path:
    for path in DEFAULT_CMYK_PROFILES:
        if path.is_file():
            return path
    raise ColourError(
        "no CMYK output profile found (looked for basICColor ISO Coated v2 from the scribus-data package); "
        "run the set-up again or pass an ICC profile"
    )


@lru_cache(maxsize=8)
def load_profile(path: Path) -> tuple[ImageCms.ImageCmsProfile, bytes, str]:
    """The profile, its bytes (for the PDF/X OutputIntent) and its description."""
    try:
        data = Path(path).read_bytes()
        profile = ImageCms.ImageCmsProfile(io.BytesIO(data))
        description = ImageCms.getProfileDescription(profile).strip() or Path(path).stem
        colour_space = profile.profile.xcolor_space.strip()
    except (OSError, ImageCms.PyCMSError) as error:
        raise ColourError(f"{Path(path).name} is not a usable ICC profile: {error}") from None
    return profile, data, f"{description}|{colour_space}"


OUTPUT_SPACES = {"cmyk": "CMYK", "gray": "GRAY"}


def check_output_profile(path: Path, mode: str) -> None:
    """A profile given for print output must describe a press: an output (printer) profile
    in the output's colour space — CMYK, or grey for grey output. An RGB, Lab or display
    profile would become a wrong output intent (or fail at the first photo), so it is
    refused in words."""
    profile, _, description = load_profile(path)
    name = description.split("|", 1)[0]
    device = profile.profile.device_class.strip()
    space = profile.profile.xcolor_space.strip()
    wanted = OUTPUT_SPACES.get(mode, "CMYK")
    if device != "prtr":
        kinds = {
            "mntr": "a display",
            "scnr": "an input (scanner or camera)",
            "spac": "a colour space",
            "abst": "an abstract",
        }
        kind = kinds.get(device, f"a {device!r}")
        raise ColourError(f"{Path(path).name} ({name}) is {kind} profile, not a printing condition's output profile")
    if space != wanted:
        raise ColourError(f"{Path(path).name} ({name}) is a {space} output profile; {mode} output needs a {wanted} one")


def swatch_components(swatch: Swatch, tint: float, mode: str) -> tuple[float, ...]:
    """Colour values 0–1 for `mode`: (c, m, y, k), (grey,) or (r, g, b), at `tint` %."""
    t = tint / 100.0
    c, m, y, k = (v / 100.0 * t for v in (swatch.cyan, swatch.magenta, swatch.yellow, swatch.black))
    if mode == "cmyk":
        return (c, m, y, k)
    if mode == "gray":
        ink = min(1.0, 0.3 * c + 0.59 * m + 0.11 * y + k)
        return (1.0 - ink,)
    r, g, b = (int(swatch.rgb[i : i + 2], 16) / 255.0 for i in (1, 3, 5))
    return tuple(1.0 - t * (1.0 - v) for v in (r, g, b))


_converted: dict[tuple[str, str, Path | None, float | None, int | None], tuple[bytes, str]] = {}


def image_for_output(
    asset: ImageAsset, mode: str, cmyk_profile: Path | None, ink_limit: float | None = None, longest: int | None = None
) -> tuple[bytes, str]:
    """Image data to embed and its kind ("jpeg" or "png"): the original bytes when the
    image is already in the output colour space (and, given `longest`, no bigger than that
    many pixels a side), otherwise a converted JPEG decoded no larger than `longest` (kept for
    the next export: assets are named by content, so the key is exact)."""
    if longest is not None and max(asset.width, asset.height) <= longest:
        longest = None  # the picture is no bigger than needed: as it is
    key = (asset.name, mode, cmyk_profile, ink_limit, longest)
    found = _converted.get(key)
    if found is None:
        if len(_converted) > 64:
            _converted.clear()
        found = _converted[key] = _cached_on_disk(asset, mode, cmyk_profile, ink_limit, longest)
    return found


def _cached_on_disk(
    asset: ImageAsset, mode: str, cmyk_profile: Path | None, ink_limit: float | None = None, longest: int | None = None
) -> tuple[bytes, str]:
    """Conversions are kept in the user's cache folder, named by the image's content hash,
    the mode and the profile's hash: the next export of the page skips the conversion."""
    profile_tag = "none"
    if mode == "cmyk":
        try:
            profile_tag = hashlib.sha256(load_profile(cmyk_profile or default_cmyk_profile())[1]).hexdigest()[:16]
        except ColourError:
            profile_tag = "none"
    path = (
        Path(platformdirs.user_cache_dir("epaperdesk"))
        / "converted"
        / f"{asset.name}.{mode}.{profile_tag}{f'.tac{ink_limit:g}' if ink_limit else ''}{f'.px{longest}' if longest else ''}.jpg"
    )
    try:
        data = path.read_bytes()
        if data[:2] == b"\xff\xd8" and data[-2:] == b"\xff\xd9":  # a whole JPEG, not a torn file
            return data, "jpeg"
    except OSError:
        pass
    result = _convert(asset, mode, cmyk_profile, ink_limit, longest)
    if result[0] is not asset.data:  # a conversion: kept for the next export
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            write_atomic(path, result[0], sync=False)  # a cache: a file lost in a power cut is made again
        except OSError:
            pass  # a cache that cannot be written is only slower
    return result


def _convert(
    asset: ImageAsset, mode: str, cmyk_profile: Path | None, ink_limit: float | None = None, longest: int | None = None
) -> tuple[bytes, str]:
    """The original bytes when they can go into the PDF as they are (a JPEG or PNG the
    right way up, already in the output colour space); otherwise the pixels turned the way
    EXIF says, converted, and written as a JPEG (PNG when transparency must survive)."""
    try:
        with Image.open(io.BytesIO(asset.data)) as opened:
            image_mode = opened.mode
            target = {"cmyk": "CMYK", "gray": "L", "rgb": "RGB"}[mode]
            passes = asset.media_type in ("image/jpeg", "image/png") and asset.orientation == 1 and longest is None
            if passes and (
                image_mode == target
                or (mode == "rgb" and image_mode in ("RGB", "L"))
                or (mode == "cmyk" and image_mode == "L")
            ):
                return asset.data, "jpeg" if asset.media_type == "image/jpeg" else "png"
        image = decode_oriented(asset) if longest is None else decode_reduced(asset, longest)
        keep_alpha = (
            mode == "rgb"
            and image.mode in ("RGBA", "LA", "PA")
            or (mode == "rgb" and image.mode == "P" and "transparency" in image.info)
        )
        if image.mode not in ("RGB", "CMYK", "L"):
            image = image.convert("RGBA" if keep_alpha else "RGB")
        converted: Image.Image
        if mode == "cmyk":
            if image.mode == "CMYK":
                converted = image
            elif image.mode == "L":
                converted = image
            else:
                profile, _, _ = load_profile(cmyk_profile or default_cmyk_profile())
                converted = _profile_to_profile(image.convert("RGB"), _srgb(), profile, "CMYK")
                if ink_limit:
                    converted = limit_ink(converted, ink_limit)
        elif mode == "gray":
            converted = image.convert("RGB").convert("L") if image.mode == "CMYK" else image.convert("L")
        else:
            converted = image if keep_alpha else cmyk_to_rgb(image) if image.mode == "CMYK" else image.convert("RGB")
        out = io.BytesIO()
        if keep_alpha and converted.mode == "RGBA":
            converted.save(out, "PNG", optimize=True)
            return out.getvalue(), "png"
        converted.save(out, "JPEG", quality=92, optimize=True)
        return out.getvalue(), "jpeg"
    except ColourError:
        raise
    except Exception as error:
        raise ColourError(f"image {asset.name[:12]}… cannot be converted for {mode} output: {error}") from None


INK_HEADROOM = 8.0  # % kept below the limit: JPEG ringing in the converted image adds a few


def limit_ink(image: Image.Image, limit: float) -> Image.Image:
    """Hold a CMYK image's total ink to `limit` % by taking the excess out of cyan, magenta and
    yellow in proportion (black stays: it carries the detail), as a press separation does."""
    cap = max(0.0, limit - INK_HEADROOM) / 100 * 255
    c, m, y, k = (band.convert("F") for band in image.split())
    colour = ImageMath.lambda_eval(lambda a: a["c"] + a["m"] + a["y"], c=c, m=m, y=y)
    factor = ImageMath.lambda_eval(
        lambda a: a["min"](a["max"](a["k"] * -1.0 + cap, 0.0) / a["max"](a["colour"], 0.001), 1.0), k=k, colour=colour
    )
    scaled = [ImageMath.lambda_eval(lambda a: a["v"] * a["f"], v=band, f=factor).convert("L") for band in (c, m, y)]
    return Image.merge("CMYK", (*scaled, k.convert("L")))


def cmyk_to_rgb(image: Image.Image) -> Image.Image:
    """CMYK pixels for a screen: through the press profile to sRGB when there is one (so a
    CMYK photo looks as it will print), otherwise Pillow's plain formula."""
    try:
        profile, _, _ = load_profile(default_cmyk_profile())
        return _profile_to_profile(image, profile, _srgb(), "RGB")
    except (ColourError, ImageCms.PyCMSError, OSError, ValueError):
        return image.convert("RGB")


def _srgb() -> ImageCms.ImageCmsProfile:
    return ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB"))


def _profile_to_profile(
    image: Image.Image, source: ImageCms.ImageCmsProfile, target: ImageCms.ImageCmsProfile, mode: str
) -> Image.Image:
    """`image` converted from one ICC profile to another (perceptual intent), as a new image."""
    converted = ImageCms.profileToProfile(
        image, source, target, outputMode=mode, renderingIntent=ImageCms.Intent.PERCEPTUAL
    )
    if converted is None:  # only ever None for an in-place conversion, which is not asked for
        raise ColourError("the colour conversion returned no image")
    return converted


@lru_cache(maxsize=4)
def _cmyk_to_screen(path: Path) -> ImageCms.ImageCmsTransform:
    """The press profile → sRGB transform the swatch previews use (perceptual, as the proxies)."""
    profile, _, _ = load_profile(path)
    return ImageCms.buildTransform(profile, _srgb(), "CMYK", "RGB", renderingIntent=ImageCms.Intent.PERCEPTUAL)


@lru_cache(maxsize=4096)
def preview_rgb(cyan: float, magenta: float, yellow: float, black: float) -> str:
    """The screen colour ("#rrggbb") of a CMYK colour given in %: through the press profile the
    screen proxies use (how it will look printed), otherwise the plain formula."""
    values = tuple(round(min(100.0, max(0.0, v)) * 2.55) for v in (cyan, magenta, yellow, black))
    try:
        transform = _cmyk_to_screen(default_cmyk_profile())
        converted = ImageCms.applyTransform(Image.new("CMYK", (1, 1), values), transform)
        if converted is None:
            raise ColourError("the colour conversion returned no image")
        pixel = converted.getpixel((0, 0))
        if not isinstance(pixel, tuple):
            raise ColourError("the colour conversion returned no RGB pixel")
        red, green, blue = (int(v) for v in pixel[:3])
    except (ColourError, ImageCms.PyCMSError, OSError, ValueError):
        c, m, y, k = (v / 255 for v in values)
        red, green, blue = (round(255 * (1 - channel) * (1 - k)) for channel in (c, m, y))
    return f"#{red:02x}{green:02x}{blue:02x}"
