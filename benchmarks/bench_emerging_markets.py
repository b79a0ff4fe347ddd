"""Timing of chapter 3's computations (assetalloc.sensitivity) on the source's Pattern 2 inputs.

Times, with timeit (median and best per call, see ``timing.time_us``):

* ``implied_risk_aversion``: recovering Table 4's risk aversion (a scan down
  the grid until the weight reaches the target, then the exact point on that
  stretch of the path),
* ``resampled_weights`` with 200 and with 100 draws of 126 months (the
  chapter's and the widget's setting),
* ``weight_response`` of the plain optimum over 25 expected returns,
* one ``mean_variance_weights`` solve, the unit everything above is made of.

Targets: an implied risk aversion under 200 ms, a 200-draw resampling under
250 ms (both several times the unit solve count).

Run ``python benchmarks/bench_emerging_markets.py``; ``main()`` returns the rows as dicts.
"""

from __future__ import annotations

import numpy as np
from assetalloc import data, optimise, sensitivity
from assetalloc.compare import in_library_units
from assetalloc.widgets.emerging_markets import (
    EMERGING,
    WIDGET_DRAWS,
    source_inputs,
    source_months,
)
from timing import time_us

IMPLIED_TARGET_US = 200_000.0
RESAMPLE_TARGET_US = 250_000.0
CHAPTER_DRAWS = 200


def main() -> list[dict]:
    """Run the timings, print a table and return one dict per row (times in microseconds)."""
    inputs = source_inputs()
    mu, cov = inputs["expected_returns"], inputs["covariance"]
    target = in_library_units(data.reported_figures("yamazaki2009"))["table4_weight_emerging"]
    risk_aversion = sensitivity.implied_risk_aversion(mu, cov, EMERGING, target)
    months = source_months()
    values = np.linspace(0.05, 0.11, 25)
    cases = [
        ("mean_variance_weights, 3 assets (unit)", lambda: optimise.mean_variance_weights(mu, cov, risk_aversion), None),
        ("implied_risk_aversion, Table 4",
         lambda: sensitivity.implied_risk_aversion(mu, cov, EMERGING, target), IMPLIED_TARGET_US),
        (f"resampled_weights, {CHAPTER_DRAWS} draws x {months} months",
         lambda: sensitivity.resampled_weights(mu, cov, risk_aversion, months, CHAPTER_DRAWS), RESAMPLE_TARGET_US),
        (f"resampled_weights, {WIDGET_DRAWS} draws (widget)",
         lambda: sensitivity.resampled_weights(mu, cov, risk_aversion, months, WIDGET_DRAWS), None),
        (f"weight_response, plain optimum, {values.size} values",
         lambda: sensitivity.weight_response(
             lambda m: optimise.mean_variance_weights(m, cov, risk_aversion), mu, EMERGING, values), None),
    ]
    rows = []
    for name, call, target_us in cases:
        median, best = time_us(call)
        rows.append({"name": name, "median_us": median, "best_us": best, "target_us": target_us,
                     "meets_target": None if target_us is None else median < target_us})
    print_table(rows)
    return rows


def print_table(rows: list[dict]) -> None:
    def ms(value: float | None) -> str:
        return "-" if value is None else f"{value / 1000:.2f} ms"

    header = f"{'':48} {'median':>10} {'best':>10} {'target':>10}"
    print(header)
    print("-" * len(header))
    for row in rows:
        verdict = "" if row["meets_target"] is None else ("  ok" if row["meets_target"] else "  SLOW")
        print(f"{row['name']:48} {ms(row['median_us']):>10} {ms(row['best_us']):>10} {ms(row['target_us']):>10}{verdict}")


if __name__ == "__main__":
    main()
