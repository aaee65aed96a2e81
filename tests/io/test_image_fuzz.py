"""Hostile images: mutated and truncated JPEG and PNG files either load or raise ImageError,
each within a time limit, never another exception."""

import io
import time

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PIL import Image

from epaperdesk.io.images import ImageError, read_image


def small_jpeg() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (64, 48), (30, 90, 200)).save(buffer, "JPEG", quality=80)
    return buffer.getvalue()


def small_png() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (64, 48), (200, 90, 30)).save(buffer, "PNG")
    return buffer.getvalue()


SOURCES = [small_jpeg(), small_png()]
LIMIT = 2.0  # seconds per image


def check(data: bytes) -> None:
    start = time.perf_counter()
    try:
        read_image(data, "", "fuzzed image")
    except ImageError as error:
        assert "fuzzed image" in str(error)
    assert time.perf_counter() - start < LIMIT


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from([0, 1]), st.data())
def test_mutated_images(which, data):
    source = bytearray(SOURCES[which])
    for _ in range(data.draw(st.integers(1, 6))):
        source[data.draw(st.integers(0, len(source) - 1))] = data.draw(st.integers(0, 255))
    check(bytes(source))


@settings(max_examples=60, deadline=None)
@given(st.sampled_from([0, 1]), st.integers(0, 2000))
def test_truncated_images(which, length):
    check(SOURCES[which][:length])


def test_decompression_bomb_is_refused():
    buffer = io.BytesIO()
    Image.new("1", (20000, 20000)).save(buffer, "PNG")  # 400 megapixels, a few kB on disk
    start = time.perf_counter()
    try:
        read_image(buffer.getvalue(), "", "bomb")
        raise AssertionError("a 400-megapixel image must be refused")
    except ImageError as error:
        assert "bomb" in str(error)
    assert time.perf_counter() - start < LIMIT
