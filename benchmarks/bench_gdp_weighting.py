"""Timing of the backtest engine (assetalloc.backtest) on a chapter-sized problem.

Times one ``run_backtest`` call through the public function (validation
included) on 20 years of monthly returns for 5 regions, rebalanced monthly and
annually, with GDP-weighted targets from the chapter's simulated world
(``assetalloc.scenarios.bubble_scenario``), and the scenario generator itself.
Target: a backtest under 10 ms, so that the bubble widget (three backtests per
move) stays within the widgets' latency budget.

Run ``python benchmarks/bench_gdp_weighting.py``; ``main()`` returns the rows as dicts.
"""

from __future__ import annotations

from assetalloc import backtest, scenarios
from timing import time_ms

BACKTEST_TARGET_MS = 10.0
YEARS = 20


def main() -> list[dict]:
    world = scenarios.bubble_scenario(years=YEARS, rise_years=4, fall_years=10)
    targets = world.gdp_weights(lag=3)
    rows = []
    for label, every in (("monthly", 1), ("annual", 12)):
        median, best = time_ms(lambda every=every: backtest.run_backtest(world.returns, targets, every=every, cost=0.002))
        rows.append({"benchmark": f"backtest {YEARS}y monthly x 5 regions, {label} rebalancing",
                     "median_ms": median, "best_ms": best, "target_ms": BACKTEST_TARGET_MS})
    median, best = time_ms(lambda: scenarios.bubble_scenario(years=YEARS, rise_years=4, fall_years=10))
    rows.append({"benchmark": f"bubble_scenario {YEARS}y monthly x 5 regions",
                 "median_ms": median, "best_ms": best, "target_ms": BACKTEST_TARGET_MS})
    return rows


if __name__ == "__main__":
    for row in main():
        print(f"{row['benchmark']:<58} median {row['median_ms']:7.3f} ms   best {row['best_ms']:7.3f} ms"
              f"   (target < {row['target_ms']:.0f} ms)")
