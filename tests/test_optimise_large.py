"""The optimiser at the sizes the library accepts, not only the course's n <= 12.

Degenerate and ill-conditioned problems with 50 and 200 assets: exactly
singular (factor) covariances, near-singular ones, correlations of +1 and -1,
riskless assets; long-only, capped (no weight above 2/n), short (down to -1/n)
and partly pinned bounds. Every solution must be feasible and satisfy the KKT
conditions (:func:`assetalloc.optimise.kkt_residual`); where the problem is
positive definite, it must also equal quadprog's (an independent dual method).
"""

import numpy as np
import pytest
from assetalloc import optimise, risk
from test_optimise import KINDS, assert_feasible, random_correlation

quadprog = pytest.importorskip("quadprog")

BOUND_KINDS = ("long_only", "capped", "short", "pinned")
#: Every kind of covariance with every kind of bounds at n = 50; at n = 200 every kind long-only and
#: the full-rank and singular kinds with every bound (the larger singular cases take seconds each).
MEAN_VARIANCE_CASES = (
    [(50, kind, bounds) for kind in KINDS for bounds in BOUND_KINDS]
    + [(200, kind, "long_only") for kind in KINDS]
    + [(200, kind, bounds) for kind in ("full", "singular") for bounds in BOUND_KINDS[1:]]
)
FRONTIER_CASES = [(50, "full"), (50, "singular"), (200, "full"), (200, "perfect")]


def large_problem(n: int, kind: str, bounds: str):
    rng = np.random.default_rng(1000 * n + 10 * KINDS.index(kind) + BOUND_KINDS.index(bounds))
    vols = rng.uniform(0.05, 0.35, n)
    if kind == "zero_volatility":
        vols[rng.integers(n)] = 0.0
    cov = risk.covariance_from_correlation(vols, random_correlation(rng, n, kind))
    mu = rng.uniform(-0.02, 0.12, n)
    lower, upper = np.zeros(n), np.ones(n)
    if bounds == "capped":
        upper = np.full(n, 2.0 / n)
    elif bounds == "short":
        lower = np.full(n, -1.0 / n)
    elif bounds == "pinned":
        pinned = rng.random(n) < 0.2
        lower[pinned] = upper[pinned] = 0.5 / n
    return mu, cov, lower, upper


def quadprog_mean_variance(mu, cov, lam, lower, upper):
    """The positive definite problem solved directly by quadprog (pinned weights as equalities)."""
    n = mu.size
    identity = np.eye(n)
    pinned = lower == upper
    equalities = np.vstack([np.ones((1, n)), identity[pinned]])
    constraints = np.vstack([equalities, identity[~pinned], -identity[~pinned]]).T
    rhs = np.concatenate([[1.0], lower[pinned], lower[~pinned], -upper[~pinned]])
    return quadprog.solve_qp(2 * lam * cov, mu, constraints, rhs, len(equalities))[0]


@pytest.mark.parametrize(("n", "kind", "bounds"), MEAN_VARIANCE_CASES)
def test_large_mean_variance_is_optimal(n, kind, bounds):
    mu, cov, lower, upper = large_problem(n, kind, bounds)
    lam = 2.0
    w = optimise.mean_variance_weights(mu, cov, lam, lower, upper)
    assert_feasible(w, lower, upper)
    assert optimise.kkt_residual(w, mu, cov, lam, lower, upper) < 1e-10
    if kind == "full":
        np.testing.assert_allclose(w, quadprog_mean_variance(mu, cov, lam, lower, upper), atol=1e-8)


@pytest.mark.parametrize(("n", "kind"), FRONTIER_CASES)
def test_large_minimum_variance_and_frontier(n, kind):
    mu, cov, lower, upper = large_problem(n, kind, "capped")
    w = optimise.minimum_variance_weights(cov, lower, upper)
    assert_feasible(w, lower, upper)
    frontier = optimise.efficient_frontier(mu, cov, 5, lower, upper)
    assert frontier.volatilities[0] == pytest.approx(risk.portfolio_volatility(w, cov), abs=1e-9)
    assert np.all(np.diff(frontier.returns) > 0) and np.all(np.diff(frontier.volatilities) >= -1e-12)
    for target, weights in zip(frontier.returns, frontier.weights):
        assert_feasible(weights, lower, upper)
        assert weights @ mu == pytest.approx(target, abs=1e-10)
