"""The timer every benchmark uses: timeit, several repeats, median and best per call."""

from __future__ import annotations

import statistics
import timeit
from collections.abc import Callable

#: Repeats of timeit's automatically sized loop.
REPEATS = 7


def time_us(call: Callable[[], object], repeats: int = REPEATS) -> tuple[float, float]:
    """Median and best time per call, in microseconds."""
    timer = timeit.Timer(call)
    number, _ = timer.autorange()
    per_call = [total / number * 1e6 for total in timer.repeat(repeat=repeats, number=number)]
    return statistics.median(per_call), min(per_call)


def time_ms(call: Callable[[], object], repeats: int = REPEATS) -> tuple[float, float]:
    """Median and best time per call, in milliseconds."""
    median, best = time_us(call, repeats)
    return median / 1e3, best / 1e3
