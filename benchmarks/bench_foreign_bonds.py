"""Timing of chapter 2's computations (assetalloc.optimise additions, assetalloc.bonds).

Times, with timeit (several repeats; median and best per call), on the source's
Table 2 inputs (four asset classes, :func:`assetalloc.assumptions.table2_inputs`):

* a 50-point ``risk_aversion_sweep`` (risk aversion 0.1 to 30, log-spaced),
* one ``break_even_return`` of foreign bonds at the source's risk aversion,
* one ``bonds.price_change`` over the 81 shocks the yield-shock widget draws.

Targets: the sweep under 50 ms (a widget redraw budget), a break-even under 1 ms.
Run ``python benchmarks/bench_foreign_bonds.py``; ``main()`` returns the rows as dicts.
"""

from __future__ import annotations

import numpy as np
from assetalloc import bonds, optimise
from assetalloc.assumptions import table2_inputs
from assetalloc.widgets.foreign_bonds import SHOCK_GRID
from timing import time_us

SWEEP_POINTS = 50
SWEEP_TARGET_US = 50_000.0
BREAK_EVEN_TARGET_US = 1_000.0


def main() -> list[dict]:
    """One row per timed call: name, median and best time (microseconds), target, whether it is met."""
    expected, covariance = table2_inputs()
    lambdas = np.geomspace(0.1, 30.0, SWEEP_POINTS)
    cases = [
        (f"risk_aversion_sweep, {SWEEP_POINTS} points, 4 assets",
         lambda: optimise.risk_aversion_sweep(expected, covariance, lambdas), SWEEP_TARGET_US),
        ("break_even_return, 4 assets",
         lambda: optimise.break_even_return(expected, covariance, 1.5, "foreign_bonds"), BREAK_EVEN_TARGET_US),
        (f"bonds.price_change, {SHOCK_GRID.size} shocks, 10 years",
         lambda: bonds.price_change(0.045, 0.045, 10, SHOCK_GRID), None),
    ]
    rows = []
    for name, call, target in cases:
        median, best = time_us(call)
        rows.append({"benchmark": name, "median_us": median, "best_us": best,
                     "target_us": target if target is not None else float("nan"),
                     "meets_target": True if target is None else median <= target})
    return rows


if __name__ == "__main__":
    print(f"{'benchmark':48s} {'median us':>11s} {'best us':>11s} {'target us':>11s}  ok")
    for row in main():
        print(f"{row['benchmark']:48s} {row['median_us']:11.1f} {row['best_us']:11.1f} {row['target_us']:11.0f}  {row['meets_target']}")
