"""The timer every benchmark uses: timeit, several repeats, median and best per call; the
table of timed cases against their targets that several benchmarks print; and, for the
optimiser and validation benchmarks, one reproducible problem and quadprog's solve of it."""

from __future__ import annotations

import statistics
import timeit
from collections.abc import Callable

import numpy as np

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


def problem(n_assets: int, seed: int = 2009) -> tuple[np.ndarray, np.ndarray]:
    """Expected returns and a positive definite covariance (decimal, annualised) of n assets.

    Three factors plus idiosyncratic variance, volatilities 5-30%; reproducible.
    """
    rng = np.random.default_rng(seed)
    loadings = rng.normal(size=(n_assets, 3))
    gram = loadings @ loadings.T + np.diag(rng.uniform(0.5, 1.5, n_assets))
    scale = np.sqrt(np.diag(gram))
    vols = rng.uniform(0.05, 0.30, n_assets)
    cov = gram / np.outer(scale, scale) * np.outer(vols, vols)
    mu = 0.01 + 0.3 * vols + rng.normal(scale=0.01, size=n_assets)
    return mu, cov


def quadprog_call(G: np.ndarray, a: np.ndarray) -> Callable[[], np.ndarray] | None:
    """quadprog's ``min 1/2 x'Gx - a'x``, long-only and fully invested, as a call to time (None without quadprog).

    The constraint matrices are built inside the call, as a caller without them would.
    """
    try:
        import quadprog
    except ImportError:
        return None

    def call() -> np.ndarray:
        n = a.size
        constraints = np.hstack([np.ones((n, 1)), np.eye(n), -np.eye(n)])
        rhs = np.concatenate([[1.0], np.zeros(n), -np.ones(n)])
        return quadprog.solve_qp(G, a, constraints, rhs, 1)[0]

    return call


def us(value: float | None) -> str:
    """A time in microseconds as text in us, ms or s ("-" for None)."""
    if value is None:
        return "-"
    if value >= 1e6:
        return f"{value / 1e6:.2f} s"
    return f"{value / 1000:.2f} ms" if value >= 1000 else f"{value:.1f} us"


def print_table(rows: list[dict], columns: list[tuple[str, int, Callable[[dict], str]]], note: str = "") -> None:
    """One table: a name column (``row["name"]``), then each ``(header, width, cell)`` column, then a note."""
    header = f"{'':44} " + " ".join(f"{title:>{width}}" for title, width, _ in columns)
    print("\n" + header + "\n" + "-" * len(header))
    for row in rows:
        print(f"{row['name']:44} " + " ".join(f"{cell(row):>{width}}" for _, width, cell in columns))
    if note:
        print(note)
