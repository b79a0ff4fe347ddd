"""Property tests (hypothesis) of assetalloc.risk and assetalloc.optimise.

Random covariance matrices come from a seed (numpy) plus a structural choice
(full rank, rank-deficient, a perfectly correlated pair); weights and bounds
are drawn by hypothesis. All numbers are decimals, annualised.
"""

import itertools

import numpy as np
from assetalloc import optimise, risk
from hypothesis import given, settings
from hypothesis import strategies as st

SETTINGS = settings(max_examples=60, deadline=None)


@st.composite
def covariances(draw, min_n=2, max_n=6):
    """A valid covariance matrix (possibly singular) of 2..6 assets."""
    n = draw(st.integers(min_n, max_n))
    rng = np.random.default_rng(draw(st.integers(0, 2**32 - 1)))
    rank = draw(st.sampled_from([n + 2, max(1, n - 1), 1]))
    factors = rng.normal(size=(n, rank))
    if draw(st.booleans()):
        factors[1] = factors[0] * draw(st.sampled_from([1.0, -1.0]))  # correlation +1 or -1
    gram = factors @ factors.T
    scale = np.sqrt(np.diag(gram))
    corr = np.clip(gram / np.outer(scale, scale), -1, 1)
    np.fill_diagonal(corr, 1.0)
    vols = rng.uniform(0.0 if draw(st.booleans()) else 0.05, 0.4, n)
    return risk.covariance_from_correlation(vols, corr)


def long_only_weights(n):
    """Long-only weights summing to 1 (some may be exactly 0)."""
    parts = st.lists(st.floats(0.0, 1.0), min_size=n, max_size=n).filter(lambda p: sum(p) > 0.01)
    return parts.map(lambda p: np.array(p) / sum(p))


@st.composite
def covariance_and_weights(draw):
    cov = draw(covariances())
    return cov, draw(long_only_weights(cov.shape[0]))


@st.composite
def problems(draw):
    """(mu, covariance, risk_aversion, lower, upper) with feasible bounds."""
    cov = draw(covariances(max_n=5))
    n = cov.shape[0]
    mu = np.array(draw(st.lists(st.floats(-0.05, 0.15), min_size=n, max_size=n)))
    risk_aversion = draw(st.floats(0.05, 50.0))
    if draw(st.booleans()):
        return mu, cov, risk_aversion, 0.0, 1.0
    point = draw(long_only_weights(n))
    below = np.array(draw(st.lists(st.floats(0.0, 0.3), min_size=n, max_size=n)))
    above = np.array(draw(st.lists(st.floats(0.0, 0.3), min_size=n, max_size=n)))
    return mu, cov, risk_aversion, np.maximum(point - below, 0.0), np.minimum(point + above, 1.0)


def vertices(lower, upper):
    """Every vertex of {w : sum(w) = 1, lower <= w <= upper}: all weights but one at a bound."""
    n = lower.size
    found = []
    for free in range(n):
        others = [i for i in range(n) if i != free]
        for pattern in itertools.product([0, 1], repeat=n - 1):
            w = lower.copy()
            for i, at_upper in zip(others, pattern):
                w[i] = upper[i] if at_upper else lower[i]
            w[free] = 1.0 - w[others].sum()
            if lower[free] - 1e-12 <= w[free] <= upper[free] + 1e-12:
                found.append(w)
    return np.array(found)


def utility(w, mu, cov, risk_aversion):
    return w @ mu - risk_aversion * (w @ cov @ w)


# --------------------------------------------------------------------------- risk


@SETTINGS
@given(covariance_and_weights())
def test_volatility_never_exceeds_the_weighted_average_volatility(case):
    cov, w = case
    vols = np.sqrt(np.diag(cov))
    assert risk.portfolio_volatility(w, cov) <= w @ vols + 1e-12


@SETTINGS
@given(covariance_and_weights())
def test_diversification_ratio_is_at_least_one(case):
    cov, w = case
    if risk.portfolio_variance(w, cov) > 1e-10:
        assert risk.diversification_ratio(w, cov) >= 1 - 1e-9


@SETTINGS
@given(covariance_and_weights())
def test_risk_contributions_sum_to_one(case):
    cov, w = case
    if risk.portfolio_variance(w, cov) > 1e-10:
        assert abs(risk.risk_contributions(w, cov).sum() - 1) < 1e-9


@SETTINGS
@given(st.integers(1, 12).flatmap(long_only_weights))
def test_effective_number_is_between_one_and_n(w):
    effective = risk.effective_number_of_holdings(w)
    assert 1 - 1e-12 <= effective <= w.size + 1e-9


@SETTINGS
@given(covariances(min_n=2, max_n=7), st.data())
def test_equal_weight_variance_is_the_average_over_subsets(cov, data):
    """avg_var/k + (1 - 1/k) avg_cov is the mean equal-weight variance over all k-subsets."""
    n = cov.shape[0]
    k = data.draw(st.integers(1, n))
    average_variance, average_covariance = risk.average_variance_and_covariance(cov)
    subsets = [list(s) for s in itertools.combinations(range(n), k)]
    mean = np.mean([cov[np.ix_(s, s)].sum() / k**2 for s in subsets])
    formula = risk.equal_weight_portfolio_variance(k, average_variance, average_covariance)
    assert abs(formula - mean) < 1e-14


# --------------------------------------------------------------------------- optimiser


@SETTINGS
@given(problems(), st.integers(0, 2**32 - 1))
def test_no_feasible_portfolio_beats_the_optimum(problem, seed):
    mu, cov, risk_aversion, lower, upper = problem
    n = mu.size
    lo, hi = np.broadcast_to(lower, n).astype(float), np.broadcast_to(upper, n).astype(float)
    w = optimise.mean_variance_weights(mu, cov, risk_aversion, lower, upper)
    assert abs(w.sum() - 1) < 1e-10
    assert np.all(w >= lo) and np.all(w <= hi)
    corners = vertices(lo, hi)
    mixes = np.random.default_rng(seed).dirichlet(np.ones(len(corners)), size=50) @ corners
    best = utility(w, mu, cov, risk_aversion)
    for candidate in np.vstack([corners, mixes]):
        assert utility(candidate, mu, cov, risk_aversion) <= best + 1e-10


@SETTINGS
@given(problems())
def test_optimum_satisfies_kkt(problem):
    mu, cov, risk_aversion, lower, upper = problem
    w = optimise.mean_variance_weights(mu, cov, risk_aversion, lower, upper)
    assert optimise.kkt_residual(w, mu, cov, risk_aversion, lower, upper) < 1e-10


@settings(max_examples=40, deadline=None)
@given(problems())
def test_frontier_is_monotone(problem):
    mu, cov, _, lower, upper = problem
    frontier = optimise.efficient_frontier(mu, cov, 25, lower, upper)
    assert np.all(np.diff(frontier.returns) > 0)
    variances = frontier.volatilities**2
    assert np.all(np.diff(variances) >= -1e-12 * max(1.0, variances.max()))
    np.testing.assert_allclose(frontier.weights @ mu, frontier.returns, atol=1e-10)
