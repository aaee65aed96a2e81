"""Screen proxies of placed pictures: upright as the camera's EXIF orientation says, RGB for
a CMYK file."""

import io

from PIL import Image

from epaperdesk.io.images import read_image
from epaperdesk.render.proxy import proxy_bytes
from tests.io.test_images import cmyk_jpeg, turned_jpeg


def test_the_proxy_of_a_turned_photo_is_upright():
    proxy = Image.open(io.BytesIO(proxy_bytes(read_image(turned_jpeg(), label="turned.jpg"))))
    assert proxy.size == (100, 300)
    red, green, blue = proxy.convert("RGB").getpixel((50, 20))  # red is now at the top
    assert red > 200 and green < 60 and blue < 60


def test_the_proxy_of_a_cmyk_jpeg_is_rgb():
    proxy = Image.open(io.BytesIO(proxy_bytes(read_image(cmyk_jpeg(), label="cmyk.jpg")))).convert("RGB")
    red, green, blue = proxy.getpixel((60, 40))
    assert red > 180 and green < 90 and blue < 90  # a press red, not inverted
