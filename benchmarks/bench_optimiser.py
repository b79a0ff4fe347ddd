"""Timing of the exact mean-variance optimiser (assetalloc.optimise).

Times, with timeit (several repeats; median and best per call):

* one ``mean_variance_weights`` solve for 5 and for 12 assets,
* one ``minimum_variance_weights`` solve for 12 assets,
* a 100-point ``efficient_frontier`` for 12 assets,

each through the public function (input validation included), and the same
single solves with quadprog (the solver call alone, constraint matrices built
beforehand) for the ratio; the quadprog columns are skipped, with a message,
if it is not installed. Targets: a solve under 1 ms, a frontier under 50 ms.

The first row measures numpy's per-call overhead (``a + 1`` on a small
array), to compare machines: it is about 0.3 us on an idle desktop, and the
optimiser's time scales with it, being a few hundred small numpy calls.

Run ``python benchmarks/bench_optimiser.py``; ``main()`` returns the rows as dicts.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
from assetalloc import optimise, risk
from timing import time_us

SOLVE_TARGET_US = 1_000.0
FRONTIER_TARGET_US = 50_000.0


def problem(n_assets: int) -> tuple[np.ndarray, np.ndarray]:
    """Expected returns and covariance (decimal, annualised) of a reproducible n-asset universe."""
    rng = np.random.default_rng(2009)
    factors = rng.normal(size=(12, 3))
    gram = factors @ factors.T + np.diag(rng.uniform(0.5, 1.5, 12))
    scale = np.sqrt(np.diag(gram))
    corr = gram / np.outer(scale, scale)
    vols = rng.uniform(0.05, 0.30, 12)
    mu = 0.01 + 0.3 * vols + rng.normal(scale=0.01, size=12)
    cov = risk.covariance_from_correlation(vols, corr)
    return mu[:n_assets], cov[:n_assets, :n_assets]


def quadprog_solver() -> Callable[[np.ndarray, np.ndarray], Callable[[], object]] | None:
    """A factory of quadprog calls for ``min 1/2 x'Gx - a'x``, long-only and fully invested."""
    try:
        import quadprog
    except ImportError:
        return None

    def make(G: np.ndarray, a: np.ndarray) -> Callable[[], object]:
        n = a.size
        constraints = np.hstack([np.ones((n, 1)), np.eye(n), -np.eye(n)])
        rhs = np.concatenate([[1.0], np.zeros(n), -np.ones(n)])
        return lambda: quadprog.solve_qp(G, a, constraints, rhs, 1)

    return make


def main() -> list[dict]:
    """Run the timings, print a table and return one dict per row (times in microseconds)."""
    risk_aversion = 2.0
    mu5, cov5 = problem(5)
    mu12, cov12 = problem(12)
    small = np.ones(12)
    cases = [
        ("numpy call overhead (a + 1)", lambda: small + 1, None, None),
        ("mean_variance_weights, 5 assets",
         lambda: optimise.mean_variance_weights(mu5, cov5, risk_aversion),
         SOLVE_TARGET_US, (2 * risk_aversion * cov5, mu5)),
        ("mean_variance_weights, 12 assets",
         lambda: optimise.mean_variance_weights(mu12, cov12, risk_aversion),
         SOLVE_TARGET_US, (2 * risk_aversion * cov12, mu12)),
        ("minimum_variance_weights, 12 assets",
         lambda: optimise.minimum_variance_weights(cov12),
         SOLVE_TARGET_US, (2 * cov12, np.zeros(12))),
        ("efficient_frontier, 100 points, 12 assets",
         lambda: optimise.efficient_frontier(mu12, cov12, 100),
         FRONTIER_TARGET_US, None),
    ]
    make_quadprog = quadprog_solver()
    if make_quadprog is None:
        print("quadprog is not installed: its columns are skipped (pip install quadprog).")
    rows = []
    for name, call, target, reference in cases:
        median, best = time_us(call)
        row = {"name": name, "median_us": median, "best_us": best, "target_us": target,
               "meets_target": None if target is None else median < target,
               "quadprog_median_us": None, "quadprog_best_us": None, "ratio_to_quadprog": None}
        if make_quadprog is not None and reference is not None:
            qp_median, qp_best = time_us(make_quadprog(*reference))
            row.update(quadprog_median_us=qp_median, quadprog_best_us=qp_best,
                       ratio_to_quadprog=median / qp_median)
        rows.append(row)
    print_table(rows)
    return rows


def print_table(rows: list[dict]) -> None:
    def us(value: float | None) -> str:
        if value is None:
            return "-"
        return f"{value / 1000:.2f} ms" if value >= 1000 else f"{value:.1f} us"

    header = f"{'':44} {'median':>10} {'best':>10} {'target':>9} {'quadprog':>10} {'ratio':>6}"
    print(header)
    print("-" * len(header))
    for row in rows:
        ratio = "-" if row["ratio_to_quadprog"] is None else f"{row['ratio_to_quadprog']:.1f}x"
        verdict = "" if row["meets_target"] is None else ("  ok" if row["meets_target"] else "  SLOW")
        print(
            f"{row['name']:44} {us(row['median_us']):>10} {us(row['best_us']):>10} "
            f"{us(row['target_us']):>9} {us(row['quadprog_median_us']):>10} {ratio:>6}{verdict}"
        )


if __name__ == "__main__":
    main()
