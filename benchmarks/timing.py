"""Timing helper shared by the benchmarks."""

from __future__ import annotations

import statistics
import time


def median_time(function, repeat: int = 5) -> float:
    """The median of `repeat` timings of `function()`, in seconds."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        function()
        times.append(time.perf_counter() - start)
    return statistics.median(times)
