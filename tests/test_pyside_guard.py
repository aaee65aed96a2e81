"""Guard against the PySide6 6.12.0 crash: on CPython 3.11 every call of a C++ method that
returns void dropped one reference to None, and after a few thousand calls the interpreter
aborted with "Fatal Python error: none_dealloc". pyproject.toml keeps PySide6 below 6.12;
this test fails if an upgrade brings the bug back."""

import subprocess
import sys
import textwrap

CALLS = 100_000

PROBE = textwrap.dedent(
    f"""
    import sys
    from PySide6.QtCore import QPointF, QRectF
    point, rect = QPointF(), QRectF()
    before = sys.getrefcount(None)
    for i in range({CALLS}):
        point.setX(float(i))       # void QPointF::setX(qreal)
        rect.setWidth(float(i))    # void QRectF::setWidth(qreal)
    after = sys.getrefcount(None)
    print(before, after)
    """
)


def test_void_calls_do_not_leak_references_to_none():
    result = subprocess.run([sys.executable, "-c", PROBE], capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, f"the probe crashed ({result.returncode}): {result.stderr[-2000:]}"
    before, after = map(int, result.stdout.split())
    # 200,000 void calls: a per-call leak shows as a fall of thousands; allow a little noise
    assert after >= before - 10, f"sys.getrefcount(None) fell from {before} to {after}"


def test_installed_pyside_is_in_the_pinned_range():
    from PySide6 import __version_info__

    assert (6, 9) <= tuple(__version_info__[:2]) < (6, 12)
