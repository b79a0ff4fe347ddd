"""Timing of the exact mean-variance optimiser (assetalloc.optimise).

Times, with timeit (several repeats; median and best per call):

* one ``mean_variance_weights`` solve for 5 and for 12 assets,
* one ``minimum_variance_weights`` solve for 12 assets,
* a 100-point ``efficient_frontier`` for 12 assets,

each through the public function (input validation included), and the same
single solves with quadprog (``timing.quadprog_call``: its constraint matrices
built inside the call) for the ratio, in the same run; the quadprog columns are
skipped, with a message, if it is not installed. Targets: a solve under 1 ms, a
frontier under 50 ms. The problems are ``timing.problem``'s, as in
``bench_validation.py``.

The first row measures numpy's per-call overhead (``a + 1`` on a small
array), to compare machines: it is about 0.3 us on an idle desktop, and the
optimiser's time scales with it, being a few hundred small numpy calls.

Run ``python benchmarks/bench_optimiser.py``; ``main()`` returns the rows as dicts.
"""

from __future__ import annotations

import numpy as np
from assetalloc import optimise
from timing import print_table, problem, quadprog_call, time_us, us

SOLVE_TARGET_US = 1_000.0
FRONTIER_TARGET_US = 50_000.0
RISK_AVERSION = 2.0


def main() -> list[dict]:
    """Run the timings, print a table and return one dict per row (times in microseconds)."""
    mu5, cov5 = problem(5)
    mu12, cov12 = problem(12)
    small = np.ones(12)
    cases = [
        ("numpy call overhead (a + 1)", lambda: small + 1, None, None),
        ("mean_variance_weights, 5 assets",
         lambda: optimise.mean_variance_weights(mu5, cov5, RISK_AVERSION),
         SOLVE_TARGET_US, quadprog_call(2 * RISK_AVERSION * cov5, mu5)),
        ("mean_variance_weights, 12 assets",
         lambda: optimise.mean_variance_weights(mu12, cov12, RISK_AVERSION),
         SOLVE_TARGET_US, quadprog_call(2 * RISK_AVERSION * cov12, mu12)),
        ("minimum_variance_weights, 12 assets",
         lambda: optimise.minimum_variance_weights(cov12),
         SOLVE_TARGET_US, quadprog_call(2 * cov12, np.zeros(12))),
        ("efficient_frontier, 100 points, 12 assets",
         lambda: optimise.efficient_frontier(mu12, cov12, 100),
         FRONTIER_TARGET_US, None),
    ]
    if quadprog_call(cov5, mu5) is None:
        print("quadprog is not installed: its columns are skipped (pip install quadprog).")
    rows = []
    for name, call, target, reference in cases:
        median, best = time_us(call)
        row = {"name": name, "median_us": median, "best_us": best, "target_us": target,
               "meets_target": None if target is None else median < target,
               "quadprog_median_us": None, "quadprog_best_us": None, "ratio_to_quadprog": None}
        if reference is not None:
            qp_median, qp_best = time_us(reference)
            row.update(quadprog_median_us=qp_median, quadprog_best_us=qp_best,
                       ratio_to_quadprog=median / qp_median)
        rows.append(row)
    print_table(rows, [
        ("median", 10, lambda row: us(row["median_us"])),
        ("best", 10, lambda row: us(row["best_us"])),
        ("target", 9, lambda row: us(row["target_us"])),
        ("quadprog", 10, lambda row: us(row["quadprog_median_us"])),
        ("ratio", 6, lambda row: "-" if row["ratio_to_quadprog"] is None else f"{row['ratio_to_quadprog']:.1f}x"),
        ("", 5, lambda row: "" if row["meets_target"] is None else ("ok" if row["meets_target"] else "SLOW")),
    ])
    return rows


if __name__ == "__main__":
    main()
