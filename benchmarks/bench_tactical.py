"""Timing of chapter 5's computations (assetalloc.tactical) on the chapter's real data.

Times, with timeit (several repeats; median and best per call):

* ``classify_regimes`` over the full US GDP growth series (1960Q1-2009Q3, 199 quarters),
  trend window 40, direction over 2 quarters;
* one ``regime_backtest`` (classification, targets, two runs of the chapter 4 engine,
  hit rate) over 1970-2009, as the backtest widget computes it on each move.

Targets: classification under 5 ms, one backtest under 50 ms (a widget move's
model must leave time for the figure within the 150 ms widget budget).

Run ``python benchmarks/bench_tactical.py``; ``main()`` returns the rows as dicts.
"""

from __future__ import annotations

from assetalloc import tactical
from assetalloc.widgets.tactical import BENCHMARK, chapter_inputs
from timing import print_cases, timed_cases

CLASSIFY_TARGET_MS = 5.0
BACKTEST_TARGET_MS = 50.0


def main() -> list[dict]:
    """Run the timings and return one dict per case (times in milliseconds)."""
    inputs = chapter_inputs()
    tilts = tactical.regime_tilts()
    cases = [
        (f"classify_regimes, {len(inputs['indicator'])} quarters",
         lambda: tactical.classify_regimes(inputs["indicator"], 40, 2), CLASSIFY_TARGET_MS),
        ("regime_backtest, 1970-2009 quarterly",
         lambda: tactical.regime_backtest(inputs["indicator"], inputs["returns"], BENCHMARK, tilts, 40, 2, 1.0, 2),
         BACKTEST_TARGET_MS),
    ]
    return timed_cases(cases)


if __name__ == "__main__":
    print_cases(main())
