"""Tests of assetalloc.optimise and the active-set solver behind it.

The optimiser is checked against an independent solver, quadprog
(Goldfarb-Idnani dual method), on hundreds of random problems: well
conditioned, near-singular and exactly singular covariances (rank-deficient,
correlations of +1 and -1, zero-volatility assets), and long-only, wide,
tight and partly pinned bounds. quadprog needs a positive definite matrix,
so the reference solves the proximal-point sequence
``x_{k+1} = argmin f(x) + eps/2 |x - x_k|^2``, which converges to an exact
optimum of the possibly singular problem.
"""

import doctest

import numpy as np
import pandas as pd
import pytest
from assetalloc import _qp, optimise, risk

quadprog = pytest.importorskip("quadprog")

N_RANDOM = 300
#: Proximal weight of the reference solver, relative to the largest entry of H.
EPS = 1e-4
KINDS = ["full", "near_singular", "singular", "perfect", "zero_volatility"]
BOUNDS = ["long_only", "wide", "tight", "pinned"]


# --------------------------------------------------------------------------- problems


def random_correlation(rng, n, kind):
    """A valid correlation matrix of the given kind."""
    if kind in ("singular", "near_singular"):
        factors = rng.normal(size=(n, int(rng.integers(1, n))))
    else:
        factors = rng.normal(size=(n, n + 2))
    if kind == "perfect" and n >= 2:
        factors[1] = factors[0]  # correlation +1
        if n >= 3:
            factors[2] = -factors[0]  # correlation -1
    gram = factors @ factors.T
    if kind == "near_singular":
        gram += 1e-9 * np.trace(gram) / n * np.eye(n)
    scale = np.sqrt(np.diag(gram))
    corr = np.clip(gram / np.outer(scale, scale), -1, 1)
    np.fill_diagonal(corr, 1.0)
    return corr


def random_bounds(rng, n, kind):
    """Bounds around a random fully invested point, so they are always feasible."""
    if kind == "long_only":
        return np.zeros(n), np.ones(n)
    point = rng.dirichlet(np.ones(n))
    if kind == "wide":
        point = point + rng.normal(scale=0.1, size=n)
        point += (1 - point.sum()) / n
        return point - rng.uniform(0, 0.4, n), point + rng.uniform(0, 0.4, n)
    width = 0.02 if kind == "tight" else 0.3
    lower, upper = point - rng.uniform(0, width, n), point + rng.uniform(0, width, n)
    if kind == "pinned":
        pinned = rng.random(n) < 0.3
        lower[pinned] = upper[pinned] = point[pinned]
    return lower, upper


def random_problem(seed):
    rng = np.random.default_rng(seed)
    n = int(rng.integers(2, 13))
    kind = KINDS[seed % len(KINDS)]
    vols = rng.uniform(0.05, 0.35, n)
    if kind == "zero_volatility":
        vols[rng.integers(n)] = 0.0
    cov = risk.covariance_from_correlation(vols, random_correlation(rng, n, kind))
    mu = rng.uniform(-0.02, 0.12, n)
    lower, upper = random_bounds(rng, n, BOUNDS[(seed // len(KINDS)) % len(BOUNDS)])
    risk_aversion = 10 ** rng.uniform(-1, 2)
    return rng, mu, cov, risk_aversion, lower, upper


def reference_qp(H, c, A, b, lower, upper):
    """min 1/2 x'Hx + c'x s.t. Ax = b, lower <= x <= upper, with quadprog (proximal point)."""
    n = c.size
    pinned = lower == upper
    if pinned.all():  # nothing to choose (quadprog refuses the redundant equalities)
        return lower.copy()
    identity = np.eye(n)
    equalities = np.vstack([A, identity[pinned]])
    constraints = np.vstack([equalities, identity[~pinned], -identity[~pinned]]).T
    rhs = np.concatenate([b, lower[pinned], lower[~pinned], -upper[~pinned]])
    eps = EPS * max(np.abs(H).max(), 1e-6)
    x = np.clip(np.full(n, 1 / n), lower, upper)
    for _ in range(2000):
        G, a = H + eps * identity, -c + eps * x
        nxt = quadprog.solve_qp(G, a, constraints, rhs, len(equalities))[0]
        if np.abs(nxt - x).max() < 1e-14:
            return nxt
        x = nxt
    return x


def objective(H, c):
    return lambda x: 0.5 * x @ H @ x + c @ x


def budget_null_space_min_eigenvalue(cov, lower, upper):
    """Smallest curvature of the variance over fully invested directions among the free assets."""
    free = lower < upper
    k = int(free.sum())
    if k < 2:
        return np.inf
    basis = np.linalg.svd(np.ones((1, k)))[2][1:].T
    sub = cov[np.ix_(free, free)]
    return np.linalg.eigvalsh(basis.T @ sub @ basis)[0] / max(np.abs(sub).max(), 1e-300)


def assert_feasible(w, lower, upper):
    assert abs(w.sum() - 1) < 1e-10
    assert np.all(w >= lower) and np.all(w <= upper)


# --------------------------------------------------------------------------- random comparisons


@pytest.mark.parametrize("seed", range(N_RANDOM))
def test_mean_variance_matches_quadprog(seed):
    _, mu, cov, lam, lower, upper = random_problem(seed)
    w = optimise.mean_variance_weights(mu, cov, lam, lower, upper)
    assert_feasible(w, lower, upper)
    assert optimise.kkt_residual(w, mu, cov, lam, lower, upper) < 1e-8
    H, c = 2 * lam * cov, -mu
    ref = reference_qp(H, c, np.ones((1, mu.size)), np.ones(1), lower, upper)
    f = objective(H, c)
    assert f(w) == pytest.approx(f(ref), abs=1e-9)
    if budget_null_space_min_eigenvalue(cov, lower, upper) > 1e-4:
        np.testing.assert_allclose(w, ref, atol=1e-6)


@pytest.mark.parametrize("seed", range(N_RANDOM, N_RANDOM + 100))
def test_minimum_variance_matches_quadprog(seed):
    _, mu, cov, _, lower, upper = random_problem(seed)
    w = optimise.minimum_variance_weights(cov, lower, upper)
    assert_feasible(w, lower, upper)
    ref = reference_qp(2 * cov, np.zeros(mu.size), np.ones((1, mu.size)), np.ones(1), lower, upper)
    assert w @ cov @ w == pytest.approx(ref @ cov @ ref, abs=1e-9)
    if budget_null_space_min_eigenvalue(cov, lower, upper) > 1e-4:
        np.testing.assert_allclose(w, ref, atol=1e-6)


@pytest.mark.parametrize("seed", range(N_RANDOM + 100, N_RANDOM + 200))
def test_target_return_matches_quadprog(seed):
    rng, mu, cov, _, lower, upper = random_problem(seed)
    low = mu @ optimise._extreme_portfolio(mu, lower, upper, highest=False)
    high = mu @ optimise._extreme_portfolio(mu, lower, upper)
    target = low + (high - low) * rng.uniform(0.02, 0.98)
    w = optimise.target_return_weights(mu, cov, target, lower, upper)
    assert_feasible(w, lower, upper)
    assert w @ mu == pytest.approx(target, abs=1e-10)
    A, b = np.vstack([np.ones(mu.size), mu]), np.array([1.0, target])
    ref = reference_qp(2 * cov, np.zeros(mu.size), A, b, lower, upper)
    assert w @ cov @ w == pytest.approx(ref @ cov @ ref, abs=1e-9)


@pytest.mark.parametrize("seed", range(20))
def test_efficient_frontier_points_are_optimal(seed):
    _, mu, cov, _, lower, upper = random_problem(seed)
    frontier = optimise.efficient_frontier(mu, cov, 12, lower, upper)
    assert np.all(np.diff(frontier.returns) > 0)
    assert np.all(np.diff(frontier.volatilities) >= -1e-9)
    for target, vol, w in zip(frontier.returns, frontier.volatilities, frontier.weights):
        assert_feasible(w, lower, upper)
        assert w @ mu == pytest.approx(target, abs=1e-10)
        cold = optimise.target_return_weights(mu, cov, target, lower, upper)
        assert vol**2 == pytest.approx(cold @ cov @ cold, abs=1e-10)


# --------------------------------------------------------------------------- source example


VOLS_2 = [0.1803, 0.1911, 0.2705]
CORR_2 = [[1.0, 0.6023, 0.6782], [0.6023, 1.0, 0.8769], [0.6782, 0.8769, 1.0]]


@pytest.mark.parametrize("risk_tolerance", [1.0, 10.0, 100.0])
def test_source_three_assets_with_equal_expected_returns(risk_tolerance):
    cov = risk.covariance_from_correlation(VOLS_2, CORR_2)
    mu = np.full(3, 0.06)
    w = optimise.mean_variance_weights(mu, cov, risk_aversion=1 / risk_tolerance)
    np.testing.assert_allclose(w.round(2), [0.57, 0.43, 0.0])
    assert round(risk.portfolio_volatility(w, cov), 4) == 0.1658
    np.testing.assert_allclose(w, optimise.minimum_variance_weights(cov), atol=1e-12)


def test_risk_aversion_units():
    assert optimise.risk_aversion_to_decimal(0.015) == pytest.approx(1.5)
    assert optimise.risk_aversion_to_percent(1.5) == pytest.approx(0.015)
    assert optimise.risk_aversion_to_percent(optimise.risk_aversion_to_decimal(0.0237)) == (
        pytest.approx(0.0237)
    )


def test_percent_and_decimal_utilities_agree():
    """U% = mu% - lambda% var(%^2) is 100 times U = mu - lambda var."""
    mu, var, lam_percent = 0.06, 0.2215**2, 0.015
    utility_percent = 100 * mu - lam_percent * (100**2 * var)
    utility = mu - optimise.risk_aversion_to_decimal(lam_percent) * var
    assert utility_percent == pytest.approx(100 * utility)


# --------------------------------------------------------------------------- singular cases


def test_identical_assets_choose_the_better_return():
    corr = [[1, 1, 0], [1, 1, 0], [0, 0, 1]]
    cov = risk.covariance_from_correlation([0.2, 0.2, 0.1], corr)
    mu = np.array([0.05, 0.07, 0.02])
    w = optimise.mean_variance_weights(mu, cov, 0.5)
    assert w[0] == pytest.approx(0.0, abs=1e-12)
    assert optimise.kkt_residual(w, mu, cov, 0.5) < 1e-12


def test_perfect_hedge_reaches_zero_variance():
    cov = risk.covariance_from_correlation([0.2, 0.1], [[1, -1], [-1, 1]])
    w = optimise.minimum_variance_weights(cov)
    np.testing.assert_allclose(w, [1 / 3, 2 / 3], atol=1e-12)
    assert w @ cov @ w == pytest.approx(0.0, abs=1e-15)


def test_zero_volatility_asset_takes_everything_at_minimum_variance():
    cov = risk.covariance_from_correlation([0.2, 0.0, 0.15], np.eye(3))
    np.testing.assert_allclose(optimise.minimum_variance_weights(cov), [0, 1, 0], atol=1e-12)


def test_all_zero_covariance_is_a_linear_programme():
    mu = np.array([0.03, 0.05, 0.04])
    w = optimise.mean_variance_weights(mu, np.zeros((3, 3)), 1.0, upper=0.6)
    np.testing.assert_allclose(w, [0.0, 0.6, 0.4], atol=1e-12)


def test_frontier_starts_at_the_best_of_several_minimum_variance_portfolios():
    # Assets 0 and 1 are the same risk; every split between them has the minimum
    # variance, and the efficient one holds only the better asset 1.
    corr = [[1, 1, 0.2], [1, 1, 0.2], [0.2, 0.2, 1]]
    cov = risk.covariance_from_correlation([0.2, 0.2, 0.3], corr)
    mu = np.array([0.04, 0.06, 0.08])
    frontier = optimise.efficient_frontier(mu, cov, 5)
    minimum = optimise.minimum_variance_weights(cov)
    assert frontier.volatilities[0] ** 2 == pytest.approx(minimum @ cov @ minimum, abs=1e-14)
    assert frontier.weights[0][0] == pytest.approx(0.0, abs=1e-12)


def test_frontier_start_needs_no_linear_programme_when_the_covariance_is_nonsingular(monkeypatch):
    # With every direction risky the minimum-variance portfolio is unique: it is its own best-return twin.
    cov = risk.covariance_from_correlation(VOLS_2, CORR_2)
    minimum = optimise.minimum_variance_weights(cov)
    lo, hi = np.zeros(3), np.ones(3)

    def no_solve(*args, **kwargs):
        raise AssertionError("the linear programme ran for a nonsingular covariance")

    monkeypatch.setattr(optimise, "_solve", no_solve)
    assert optimise._highest_return_with_same_risk(np.array([0.04, 0.06, 0.08]), cov, minimum, lo, hi) is minimum


def test_frontier_collapses_to_one_point_when_returns_are_equal():
    cov = risk.covariance_from_correlation(VOLS_2, CORR_2)
    frontier = optimise.efficient_frontier(np.full(3, 0.06), cov, 50)
    assert frontier.weights.shape == (1, 3)
    minimum = optimise.minimum_variance_weights(cov)
    np.testing.assert_allclose(frontier.weights[0], minimum, atol=1e-12)


def test_frontier_ends_at_the_highest_reachable_return():
    mu = np.array([0.02, 0.05, 0.09])
    cov = risk.covariance_from_correlation([0.05, 0.15, 0.25], np.eye(3))
    frontier = optimise.efficient_frontier(mu, cov, 100, upper=0.5)
    assert frontier.returns.shape == (100,)
    assert frontier.returns[-1] == pytest.approx(0.5 * 0.09 + 0.5 * 0.05)
    np.testing.assert_allclose(frontier.weights[-1], [0, 0.5, 0.5], atol=1e-12)


# --------------------------------------------------------------------------- targets and KKT


def test_target_return_at_the_ends_of_the_range():
    mu = np.array([0.02, 0.05, 0.09])
    cov = risk.covariance_from_correlation([0.05, 0.15, 0.25], np.eye(3))
    np.testing.assert_allclose(optimise.target_return_weights(mu, cov, 0.09), [0, 0, 1], atol=1e-12)
    np.testing.assert_allclose(optimise.target_return_weights(mu, cov, 0.02), [1, 0, 0], atol=1e-12)


def test_unreachable_target_return_reports_the_range():
    mu = np.array([0.02, 0.05, 0.09])
    cov = np.diag([0.01, 0.02, 0.04])
    with pytest.raises(ValueError, match=r"target_return must be between 0.02 and 0.09.*got 0.1\)"):
        optimise.target_return_weights(mu, cov, 0.10)
    with pytest.raises(ValueError, match=r"between 0.036 and 0.071"):
        optimise.target_return_weights(mu, cov, 0.08, upper=0.6, lower=0.1)


def test_kkt_residual_detects_non_optimal_and_infeasible_weights():
    cov = risk.covariance_from_correlation(VOLS_2, CORR_2)
    mu = np.array([0.05, 0.06, 0.08])
    best = optimise.mean_variance_weights(mu, cov, 2.0)
    assert optimise.kkt_residual(best, mu, cov, 2.0) < 1e-14
    assert optimise.kkt_residual(np.full(3, 1 / 3), mu, cov, 2.0) > 1e-3
    assert optimise.kkt_residual([0.6, 0.6, -0.2], mu, cov, 2.0) >= 0.2  # below the lower bound
    assert optimise.kkt_residual(best * 1.01, mu, cov, 2.0) >= 0.01 - 1e-12  # not fully invested


def test_kkt_residual_of_an_interior_optimum_is_the_gradient_spread():
    # Unconstrained (wide bounds): the residual is half the spread of the gradient.
    cov = np.diag([0.04, 0.01])
    mu = np.array([0.05, 0.05])
    w = np.array([0.5, 0.5])
    gradient = 2 * 1.0 * cov @ w - mu
    expected = (gradient.max() - gradient.min()) / 2 * 0.5  # times min(1, distance to bound)
    assert optimise.kkt_residual(w, mu, cov, 1.0) == pytest.approx(expected)


# --------------------------------------------------------------------------- the solver itself


def test_solver_handles_several_equalities_and_finds_its_own_start():
    rng = np.random.default_rng(7)
    n = 8
    corr = random_correlation(rng, n, "full")
    cov = risk.covariance_from_correlation(rng.uniform(0.1, 0.3, n), corr)
    groups = np.array([[1, 1, 1, 0, 0, 0, 0, 0], [0, 0, 0, 1, 1, 0, 0, 0]], dtype=float)
    A = np.vstack([np.ones(n), groups, 2 * groups[0]])  # the last row repeats the second
    b = np.array([1.0, 0.4, 0.35, 0.8])
    lower, upper = np.zeros(n), np.full(n, 0.3)
    solution = _qp.solve_qp(2 * cov, np.zeros(n), A, b, lower, upper)
    np.testing.assert_allclose(A @ solution.x, b, atol=1e-12)
    ref = reference_qp(2 * cov, np.zeros(n), A[:3], b[:3], lower, upper)
    assert solution.x @ cov @ solution.x == pytest.approx(ref @ cov @ ref, abs=1e-12)


def test_solver_warm_start_from_the_optimum_needs_no_steps():
    _, mu, cov, lam, lower, upper = random_problem(3)
    H, c, A, b = 2 * lam * cov, -mu, np.ones((1, mu.size)), np.ones(1)
    cold = _qp.solve_qp(H, c, A, b, lower, upper)
    warm = _qp.solve_qp(H, c, A, b, lower, upper, cold.x)
    assert warm.iterations <= 2
    np.testing.assert_allclose(warm.x, cold.x, atol=1e-12)


def test_solver_reports_infeasible_constraints():
    box = np.zeros(3), np.ones(3)
    with pytest.raises(ValueError, match="infeasible"):
        _qp.solve_qp(np.eye(3), np.zeros(3), np.ones((1, 3)), np.array([4.0]), *box)
    with pytest.raises(ValueError, match="inconsistent"):
        _qp.solve_qp(np.eye(3), np.zeros(3), np.ones((2, 3)), np.array([1.0, 2.0]), *box)
    with pytest.raises(ValueError, match="x0 is not feasible"):
        _qp.solve_qp(np.eye(3), np.zeros(3), np.ones((1, 3)), np.ones(1), *box, np.zeros(3))


def test_docstring_examples():
    assert doctest.testmod(optimise, raise_on_error=False).failed == 0


# --------------------------------------------------------------------------- reverse optimisation


def test_implied_returns_known_answer_and_the_free_constant():
    cov = np.array([[0.04, 0.01], [0.01, 0.09]])
    # 2 * 1.5 * Sigma w with w = (0.6, 0.4): Sigma w = (0.028, 0.042).
    np.testing.assert_allclose(optimise.implied_returns([0.6, 0.4], cov, 1.5), [0.084, 0.126])
    np.testing.assert_allclose(optimise.implied_returns([0.6, 0.4], cov, 1.5, constant=-0.05), [0.034, 0.076])
    labelled = optimise.implied_returns(pd.Series({"a": 0.6, "b": 0.4}), cov, 1.5)
    assert list(labelled.index) == ["a", "b"]
    np.testing.assert_allclose(labelled.to_numpy(), [0.084, 0.126])


@pytest.mark.parametrize("seed", range(40))
def test_implied_returns_make_interior_weights_optimal(seed):
    rng = np.random.default_rng(seed)
    n = int(rng.integers(2, 7))
    factors = rng.normal(size=(n, n + 2))
    cov = factors @ factors.T / (n + 2) * 0.04
    weights = rng.dirichlet(np.ones(n))
    weights = 0.05 / n + (1 - 0.05) * weights  # every weight inside (0, 1)
    lam = float(rng.uniform(0.2, 10.0))
    constant = float(rng.uniform(-0.05, 0.1))
    implied = optimise.implied_returns(weights, cov, lam, constant)
    np.testing.assert_allclose(optimise.mean_variance_weights(implied, cov, lam), weights, atol=1e-9)
    assert optimise.kkt_residual(weights, implied, cov, lam) < 1e-12


def test_implied_returns_of_a_zero_weight_are_its_break_even():
    cov = risk.covariance_from_correlation([0.1803, 0.1911, 0.2705], [[1, 0.6023, 0.6782], [0.6023, 1, 0.8769], [0.6782, 0.8769, 1]])
    minimum = optimise.minimum_variance_weights(cov)
    assert minimum[2] == 0.0
    implied = optimise.implied_returns(minimum, cov, 0.75, constant=0.06 - 2 * 0.75 * (cov @ minimum)[0])
    assert implied[0] == pytest.approx(0.06) and implied[1] == pytest.approx(0.06)
    assert implied[2] == pytest.approx(optimise.break_even_return([0.06, 0.06, 0.0], cov, 0.75, 2), abs=1e-12)


@pytest.mark.parametrize(
    ("kwargs", "error", "name"),
    [
        ({"weights": [0.5, 0.6]}, ValueError, "weights"),
        ({"weights": [[0.5, 0.5], [0.5, 0.5]]}, ValueError, "weights"),
        ({"covariance": [[0.04, 0.0], [0.0, -0.01]]}, ValueError, "covariance"),
        ({"covariance": np.eye(3)}, ValueError, "covariance"),
        ({"risk_aversion": 0.0}, ValueError, "risk_aversion"),
        ({"constant": float("nan")}, ValueError, "constant"),
        ({"constant": "0.05"}, TypeError, "constant"),
    ],
)
def test_implied_returns_validates(kwargs, error, name):
    arguments = {"weights": [0.5, 0.5], "covariance": [[0.04, 0.0], [0.0, 0.09]], "risk_aversion": 1.0} | kwargs
    with pytest.raises(error, match=name):
        optimise.implied_returns(**arguments)


def test_textbook_risk_aversion_has_the_half() -> None:
    # U = mu - lam var ranks portfolios as U = mu - (A/2) var with A = 2 lam: Table 2's 1.5 is a textbook A of 3.
    assert optimise.risk_aversion_to_textbook(1.5) == 3.0
    with pytest.raises(ValueError, match="risk_aversion"):
        optimise.risk_aversion_to_textbook(0.0)


@pytest.mark.parametrize("assets", [1, 2, 3, 4, 5])
@pytest.mark.parametrize("bounds", ["long-only", "capped", "wide", "pinned", "riskless asset"])
def test_a_stack_of_problems_gets_the_optimum_of_each(assets: int, bounds: str) -> None:
    # Resampling solves hundreds of small problems: up to 4 assets by trying every pattern of bounds
    # at once, else (and for singular systems) one at a time. Both must give the active-set optimum.
    rng = np.random.default_rng(assets)
    factors = rng.normal(size=(40, assets, assets + 2))
    covariances = factors @ factors.transpose(0, 2, 1) * 0.01
    means = rng.normal(0.05, 0.04, size=(40, assets))
    lo, hi = np.zeros(assets), np.ones(assets)
    if bounds == "capped":
        hi[:] = max(0.4, 1.0 / assets)
    elif bounds == "wide":
        lo[:], hi[:] = -0.5, 1.5
    elif bounds == "pinned" and assets > 1:
        lo[0] = hi[0] = 0.2
    elif bounds == "riskless asset":
        covariances[:, 0, :] = covariances[:, :, 0] = 0.0
    for lam in (0.05, 1.0, 30.0):
        stacked = optimise._mean_variance_many(means, covariances, lam, lo, hi)
        one_by_one = np.vstack([optimise._mean_variance(m, c, lam, lo, hi) for m, c in zip(means, covariances)])
        np.testing.assert_allclose(stacked, one_by_one, atol=1e-10)


@pytest.mark.parametrize("seed", range(12))
def test_the_frontier_from_the_path_of_optima_is_the_frontier_point_by_point(seed: int) -> None:
    # The frontier is read off the corners of the path of optima (a solve per stretch), not solved
    # point by point: each point must still be the minimum-variance portfolio for its return.
    rng = np.random.default_rng(seed)
    n = 3 + seed % 5
    factors = rng.normal(size=(n, n + 3))
    cov = factors @ factors.T * 0.01
    mu = rng.normal(0.05, 0.03, n)
    mu[1] = mu[0] if seed % 4 == 0 else mu[1]  # tied returns: a flat last stretch
    lo, hi = (np.zeros(n), np.full(n, 0.45)) if seed % 3 == 1 else (np.full(n, -0.2), np.full(n, 1.2))
    solves = []
    solve = optimise._solve
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(optimise, "_solve", lambda *args: solves.append(1) or solve(*args))
        frontier = optimise.efficient_frontier(mu, cov, 60, lo, hi)
    assert len(solves) <= 2 * n + 10  # one a stretch (and the ends), not one a point
    lowest, highest = optimise._extreme_portfolio(mu, lo, hi, highest=False), optimise._extreme_portfolio(mu, lo, hi)
    for target, weights in zip(frontier.returns, np.asarray(frontier.weights)):
        start = optimise._towards(lowest, float(mu @ lowest), highest, float(mu @ highest), target)  # feasible
        np.testing.assert_allclose(weights, optimise._target_solve(mu, cov, target, lo, hi, start), atol=1e-9)
