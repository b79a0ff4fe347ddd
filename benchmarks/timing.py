"""The timer every benchmark uses: timeit, several repeats, median and best per call; and the
table of timed cases against their targets that several benchmarks print."""

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


def timed_cases(cases: list[tuple[str, Callable[[], object], float]]) -> list[dict]:
    """Time each (name, call, target in ms) case: one row per case with median, best and target."""
    rows = []
    for name, call, target in cases:
        median, best = time_ms(call)
        rows.append({"case": name, "median_ms": median, "best_ms": best, "target_ms": target,
                     "within_target": median <= target})
    return rows


def print_cases(rows: list[dict]) -> None:
    """Print the rows of :func:`timed_cases` as a table."""
    print(f"{'case':<42} {'median ms':>10} {'best ms':>9} {'target ms':>10}  ok")
    for row in rows:
        print(f"{row['case']:<42} {row['median_ms']:>10.3f} {row['best_ms']:>9.3f} {row['target_ms']:>10.1f}  "
              f"{'yes' if row['within_target'] else 'NO'}")
