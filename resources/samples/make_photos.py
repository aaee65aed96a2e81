"""Generate the sample edition's three pictures (run once; the JPEGs are committed).

All are made entirely by this code (no outside material), so they can be shipped under CC0:
a deep sky survey field full of faint galaxies, a fluorescence micrograph of glowing
bacteria on a root, and a month of harbour sound drawn one day to a row (a spectrogram-like
chart). Usage: python make_photos.py [OUTPUT_FOLDER]
"""

from __future__ import annotations

import math
import random
import sys
from pathlib import Path

from PIL import Image, ImageChops, ImageDraw, ImageFilter


def _glow(size: tuple[int, int], draw_shape, blur: float) -> Image.Image:
    layer = Image.new("RGB", size)
    draw_shape(ImageDraw.Draw(layer))
    return layer.filter(ImageFilter.GaussianBlur(blur))


def deep_field(width: int = 1800, height: int = 1190, seed: int = 25) -> Image.Image:
    """A deep survey field: hundreds of small galaxies of many shapes and colours, a few
    foreground stars with diffraction spikes, sky noise."""
    rng = random.Random(seed)
    sky = Image.effect_noise((width, height), 9).point(lambda v: max(0, v - 118) // 2)
    image = Image.merge("RGB", (sky, sky, sky.point(lambda v: v + 3 if v else 2)))
    # faint galaxies: most are small and reddish, some bluer spirals, a few large ones
    for _ in range(900):
        x, y = rng.uniform(0, width), rng.uniform(0, height)
        size = rng.lognormvariate(1.1, 0.55)
        axis = rng.uniform(0.25, 1.0)
        angle = rng.uniform(0, 180)
        warm = rng.random() < 0.7
        brightness = rng.uniform(0.35, 1.0)
        base = (255, 200, 140) if warm else (170, 190, 255)
        colour = tuple(int(c * brightness) for c in base)
        box = int(size * 6) + 8
        stamp = Image.new("RGB", (box * 2, box * 2))
        d = ImageDraw.Draw(stamp)
        r = size * 2.2
        d.ellipse((box - r, box - r * axis, box + r, box + r * axis), fill=tuple(c // 3 for c in colour))
        d.ellipse((box - r / 2.5, box - r * axis / 2.5, box + r / 2.5, box + r * axis / 2.5), fill=colour)
        stamp = stamp.rotate(angle, resample=Image.BICUBIC).filter(ImageFilter.GaussianBlur(max(0.7, size * 0.45)))
        canvas = Image.new("RGB", (width, height))
        canvas.paste(stamp, (int(x) - box, int(y) - box))
        image = ImageChops.add(image, canvas)
    # a handful of large, detailed galaxies with spiral arms
    for _ in range(5):
        cx, cy = rng.uniform(150, width - 150), rng.uniform(150, height - 150)
        angle, axis = rng.uniform(0, 180), rng.uniform(0.45, 0.9)
        box = 140
        stamp = Image.new("RGB", (box * 2, box * 2))
        d = ImageDraw.Draw(stamp)
        for arm in range(2):
            for step in range(160):
                t = step / 160 * 3.2 * math.pi
                radius = 6 + t * 11
                phi = t + arm * math.pi
                px, py = box + radius * math.cos(phi), box + radius * math.sin(phi)
                glow = int(105 * (1 - step / 170))
                d.ellipse((px - 5, py - 5, px + 5, py + 5), fill=(glow // 2, glow // 2 + 10, glow))
        d.ellipse((box - 16, box - 16, box + 16, box + 16), fill=(255, 225, 170))
        stamp = (
            stamp.filter(ImageFilter.GaussianBlur(4))
            .resize((box * 2, int(box * 2 * axis)))
            .rotate(angle, expand=True, resample=Image.BICUBIC)
        )
        canvas = Image.new("RGB", (width, height))
        canvas.paste(stamp, (int(cx) - stamp.width // 2, int(cy) - stamp.height // 2))
        image = ImageChops.add(image, canvas)
    # foreground stars with four diffraction spikes
    for _ in range(9):
        x, y = rng.uniform(0, width), rng.uniform(0, height)
        strength = rng.uniform(0.4, 1.0)
        spike = 20 + 110 * strength

        def star(d: ImageDraw.ImageDraw, x=x, y=y, spike=spike, strength=strength) -> None:
            for k in range(1, 6):  # spikes fade outwards
                reach, fade = spike * k / 5, strength / k
                c = (int(150 * fade), int(145 * fade), int(140 * fade))
                d.line((x - reach, y, x + reach, y), fill=c, width=2)
                d.line((x, y - reach, x, y + reach), fill=c, width=2)
            d.ellipse(
                (x - 7 * strength - 2, y - 7 * strength - 2, x + 7 * strength + 2, y + 7 * strength + 2),
                fill=(255, 255, 255),
            )

        image = ImageChops.add(image, _glow((width, height), star, 2.2))
        image = ImageChops.add(
            image,
            _glow(
                (width, height), lambda d, x=x, y=y: d.ellipse((x - 22, y - 22, x + 22, y + 22), fill=(70, 70, 80)), 14
            ),
        )
    return image


def bacteria_on_root(width: int = 1500, height: int = 1020, seed: int = 7) -> Image.Image:
    """A fluorescence micrograph: a dim blue root surface with bright green rod-shaped cells
    (every size in proportion to the width, drawn for 1000 pixels)."""
    rng = random.Random(seed)
    s = width / 1000
    noise = Image.effect_noise((width, height), 14)
    image = Image.merge(
        "RGB",
        (
            noise.point(lambda v: max(0, v - 120) // 6),
            noise.point(lambda v: max(0, v - 110) // 4),
            noise.point(lambda v: max(0, v - 100) // 3),
        ),
    )

    def root(d: ImageDraw.ImageDraw) -> None:
        for i in range(0, width + int(40 * s), max(1, int(6 * s))):
            top = height * 0.32 + 40 * s * math.sin(i / (210 * s)) + 12 * s * math.sin(i / (37 * s))
            d.line((i, top, i, top + height * 0.42), fill=(10, 22, 60), width=round(7 * s))
            if i % round(48 * s) < max(1, int(6 * s)):  # cell walls of the root epidermis
                d.line((i, top, i + 10 * s, top + height * 0.42), fill=(22, 45, 105), width=round(3 * s))

    image = ImageChops.add(image, _glow((width, height), root, 6 * s))

    def cells(d: ImageDraw.ImageDraw, brightness: float) -> None:
        for _ in range(190):
            cx = rng.uniform(0, width)
            cy = height * 0.35 + 40 * s * math.sin(cx / (210 * s)) + rng.gauss(height * 0.18, height * 0.17)
            length = rng.uniform(14, 30) * s
            angle = rng.uniform(0, math.pi)
            dx, dy = math.cos(angle) * length / 2, math.sin(angle) * length / 2
            g = int(rng.uniform(120, 255) * brightness)
            colour = (g // 5, g, g // 4)
            d.line((cx - dx, cy - dy, cx + dx, cy + dy), fill=colour, width=round(9 * s))
            for ex, ey in ((cx - dx, cy - dy), (cx + dx, cy + dy)):
                d.ellipse((ex - 4.5 * s, ey - 4.5 * s, ex + 4.5 * s, ey + 4.5 * s), fill=colour)

    state = rng.getstate()
    image = ImageChops.add(image, _glow((width, height), lambda d: cells(d, 0.55), 9 * s))
    rng.setstate(state)
    image = ImageChops.add(image, _glow((width, height), lambda d: cells(d, 1.0), 1.6 * s))
    return image


def harbour_month(width: int = 2400, height: int = 1440, seed: int = 11) -> Image.Image:
    """A month of underwater sound, one day to a row, midnight on the left: ferry passages
    morning and afternoon (fewer at weekends), a speckled shrimp chorus at night, bursts of
    pile driving in the third week; coloured like a spectrogram, dark blue to yellow."""
    rng = random.Random(seed)
    days, hours = 30, 24
    row = height / days
    levels = [[0.0] * width for _ in range(days)]
    for day in range(days):
        weekend = day % 7 in (5, 6)
        passages = [rng.uniform(6.0, 6.4) + k * rng.uniform(0.95, 1.05) for k in range(3 if weekend else 4)]
        passages += [rng.uniform(15.0, 15.5) + k * rng.uniform(0.9, 1.1) for k in range(2 if weekend else 4)]
        piling = [rng.uniform(8, 17) for _ in range(40)] if 14 <= day <= 20 and not weekend else []
        # widths in hours; the chart is drawn for 1600 pixels and keeps its look at any width
        for x in range(width):
            hour = x / width * hours
            level = 0.10 + 0.06 * rng.random()
            if hour < 5 or hour > 21.5:
                level += 0.28 * rng.random() ** 4
            for t in passages:
                level += 0.55 * math.exp(-(((hour - t) / 0.18) ** 2))
            for t in piling:
                level += 0.7 * math.exp(-(((hour - t) / 0.025) ** 2))
            levels[day][x] = min(1.0, level * rng.uniform(0.9, 1.1))
    image = Image.new("RGB", (width, height))
    pixels = image.load()
    for y in range(height):
        day = min(days - 1, int(y / row))
        for x in range(width):
            v = levels[day][x]
            pixels[x, y] = (
                int(255 * min(1.0, max(0.0, 1.7 * v - 0.35))),
                int(255 * min(1.0, 1.3 * v**1.3)),
                int(255 * min(1.0, 0.35 + 0.6 * v - 0.5 * max(0.0, v - 0.6))),
            )
    draw = ImageDraw.Draw(image)
    for day in range(1, days):
        draw.line([(0, day * row), (width, day * row)], fill=(5, 10, 30), width=1)
    return image.filter(ImageFilter.GaussianBlur(0.7 * width / 1600))


def main() -> None:
    out = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).parent / "meridian"
    out.mkdir(parents=True, exist_ok=True)
    deep_field().save(out / "deep-field.jpg", quality=88, optimize=True, dpi=(300, 300))
    bacteria_on_root().save(out / "soil-bacteria.jpg", quality=88, optimize=True, dpi=(300, 300))
    harbour_month().save(out / "harbour-sound.jpg", quality=88, optimize=True, dpi=(300, 300))


if __name__ == "__main__":
    main()
