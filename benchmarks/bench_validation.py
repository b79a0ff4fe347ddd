"""Cost of the library's input validation and of its optimiser, against plain numpy and quadprog.

Times, with timeit (median and best per call, see ``timing.time_us``), BLAS
single-threaded (``OMP_NUM_THREADS`` and ``OPENBLAS_NUM_THREADS`` set to 1
before numpy is imported, so that the ratios do not depend on the core count):

1. validation: ``_validation.as_covariance`` alone, ``risk.portfolio_volatility(w, cov)``
   and plain numpy ``np.sqrt(w @ cov @ w)`` at 12, 500 and 2000 assets (2000 only
   when one library call takes under ``LARGE_LIMIT_S``), with the ratio library/numpy;
2. the optimiser: ``optimise.mean_variance_weights`` against quadprog's ``solve_qp``
   (its constraint matrices built inside the timed call) on long-only, fully
   invested problems of 3, 12, 50 and 200 assets, with the ratio and the largest
   weight difference between the two (skipped, with a message, without quadprog);
3. ``optimise.kkt_residual`` at the optimum: time and peak traced memory
   (tracemalloc, one call) at 50, 200 and 400 assets;
4. chapter 3: the wall time of one execution of ``book/03_emerging_markets.ipynb``
   with nbclient (the kernel inherits the single-threaded setting).

``--quick`` runs a short version: 3 repeats, no 2000-asset case, the optimiser
up to 50 assets, ``kkt_residual`` at 50 and 200, and no notebook.

Run ``python benchmarks/bench_validation.py [--quick]``; ``main()`` returns the rows as dicts.
"""

from __future__ import annotations

import os

for _variable in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS"):
    os.environ[_variable] = "1"

import argparse
import time
import tracemalloc
from pathlib import Path

import numpy as np
from assetalloc import _validation, optimise, risk
from timing import REPEATS, print_table, problem, quadprog_call, time_us, us

CHAPTER = Path(__file__).resolve().parents[1] / "book" / "03_emerging_markets.ipynb"
#: The largest validation case is timed only if one library call stays under this.
LARGE_LIMIT_S = 2.0
RISK_AVERSION = 2.0
QUICK_REPEATS = 3


def validation_rows(sizes: list[int], large: int | None, repeats: int) -> list[dict]:
    rows = []
    for n in sizes + ([large] if large else []):
        _, cov = problem(n)
        w = np.full(n, 1.0 / n)
        if n == large:
            start = time.perf_counter()
            risk.portfolio_volatility(w, cov)
            once = time.perf_counter() - start
            if once > LARGE_LIMIT_S:
                print(f"{n} assets skipped: one portfolio_volatility call took {once:.2f} s "
                      f"(limit {LARGE_LIMIT_S} s)")
                continue
        numpy_median, numpy_best = time_us(lambda w=w, cov=cov: np.sqrt(w @ cov @ w), repeats)
        for name, call in (
            ("as_covariance", lambda cov=cov: _validation.as_covariance("covariance", cov)),
            ("portfolio_volatility", lambda w=w, cov=cov: risk.portfolio_volatility(w, cov)),
        ):
            median, best = time_us(call, repeats)
            rows.append({"section": "validation", "name": f"{name}, {n} assets", "median_us": median,
                         "best_us": best, "numpy_median_us": numpy_median, "numpy_best_us": numpy_best,
                         "ratio_to_numpy": median / numpy_median})
    return rows


def optimiser_rows(sizes: list[int], repeats: int) -> list[dict]:
    rows = []
    for n in sizes:
        mu, cov = problem(n)
        median, best = time_us(lambda mu=mu, cov=cov: optimise.mean_variance_weights(mu, cov, RISK_AVERSION), repeats)
        row = {"section": "optimiser", "name": f"mean_variance_weights, {n} assets", "median_us": median,
               "best_us": best, "quadprog_median_us": None, "quadprog_best_us": None,
               "ratio_to_quadprog": None, "max_weight_difference": None}
        qp = quadprog_call(2 * RISK_AVERSION * cov, mu)
        if qp is not None:
            qp_median, qp_best = time_us(qp, repeats)
            difference = float(np.abs(optimise.mean_variance_weights(mu, cov, RISK_AVERSION) - qp()).max())
            row.update(quadprog_median_us=qp_median, quadprog_best_us=qp_best,
                       ratio_to_quadprog=median / qp_median, max_weight_difference=difference)
        rows.append(row)
    return rows


def kkt_rows(sizes: list[int], repeats: int) -> list[dict]:
    rows = []
    for n in sizes:
        mu, cov = problem(n)
        w = optimise.mean_variance_weights(mu, cov, RISK_AVERSION)
        median, best = time_us(lambda w=w, mu=mu, cov=cov: optimise.kkt_residual(w, mu, cov, RISK_AVERSION),
                               repeats)
        tracemalloc.start()
        residual = optimise.kkt_residual(w, mu, cov, RISK_AVERSION)
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        rows.append({"section": "kkt", "name": f"kkt_residual, {n} assets", "median_us": median,
                     "best_us": best, "peak_kib": peak / 1024, "residual": residual})
    return rows


def chapter_row() -> dict:
    """One execution of chapter 3's notebook with nbclient, wall time (kernel start included)."""
    import nbformat
    from nbclient import NotebookClient

    notebook = nbformat.read(CHAPTER, as_version=4)
    start = time.perf_counter()
    NotebookClient(notebook, timeout=600, kernel_name="python3",
                   resources={"metadata": {"path": str(CHAPTER.parent)}}).execute()
    seconds = time.perf_counter() - start
    return {"section": "chapter", "name": f"execute {CHAPTER.name} (nbclient)", "seconds": seconds}


def main(quick: bool = False) -> list[dict]:
    """Run the timings, print the tables and return one dict per row (times in microseconds)."""
    repeats = QUICK_REPEATS if quick else REPEATS
    print(f"BLAS threads: OMP_NUM_THREADS={os.environ['OMP_NUM_THREADS']}, "
          f"OPENBLAS_NUM_THREADS={os.environ['OPENBLAS_NUM_THREADS']}; {repeats} repeats"
          + (" (--quick)" if quick else ""))
    rows = validation_rows([12, 500], None if quick else 2000, repeats)
    print_validation(rows)
    optimiser = optimiser_rows([3, 12, 50] if quick else [3, 12, 50, 200], repeats)
    if optimiser[0]["quadprog_median_us"] is None:
        print("quadprog is not installed: its columns are skipped (pip install quadprog).")
    print_optimiser(optimiser)
    kkt = kkt_rows([50, 200] if quick else [50, 200, 400], repeats)
    print_kkt(kkt)
    rows += optimiser + kkt
    if quick:
        print(f"\n{CHAPTER.name}: not executed (--quick)")
    else:
        chapter = chapter_row()
        print(f"\n{chapter['name']:44} {chapter['seconds']:8.1f} s wall")
        rows.append(chapter)
    return rows


def print_validation(rows: list[dict]) -> None:
    print_table(rows, [
        ("median", 10, lambda row: us(row["median_us"])),
        ("best", 10, lambda row: us(row["best_us"])),
        ("numpy", 10, lambda row: us(row["numpy_median_us"])),
        ("ratio", 7, lambda row: f"{row['ratio_to_numpy']:.1f}x"),
    ], "numpy: np.sqrt(w @ cov @ w), median")


def print_optimiser(rows: list[dict]) -> None:
    print_table(rows, [
        ("median", 10, lambda row: us(row["median_us"])),
        ("best", 10, lambda row: us(row["best_us"])),
        ("quadprog", 10, lambda row: us(row["quadprog_median_us"])),
        ("qp best", 10, lambda row: us(row["quadprog_best_us"])),
        ("ratio", 7, lambda row: "-" if row["ratio_to_quadprog"] is None else f"{row['ratio_to_quadprog']:.2g}x"),
        ("max |dw|", 9,
         lambda row: "-" if row["max_weight_difference"] is None else f"{row['max_weight_difference']:.1e}"),
    ], "quadprog: solve_qp with its constraint matrices built in the call, median")


def print_kkt(rows: list[dict]) -> None:
    print_table(rows, [
        ("median", 10, lambda row: us(row["median_us"])),
        ("best", 10, lambda row: us(row["best_us"])),
        ("peak", 11, lambda row: f"{row['peak_kib']:.0f} KiB"),
        ("residual", 9, lambda row: f"{row['residual']:.1e}"),
    ], "peak: tracemalloc's peak over one call")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="a short run: fewer repeats and sizes, no notebook")
    main(parser.parse_args().quick)
