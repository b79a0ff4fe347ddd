"""Mean-variance optimisation: exact, long-only by default, with per-asset bounds.

Conventions
-----------
* Everything is in decimals, annualised: an expected return of 0.06 is 6 % a
  year, a covariance entry of 0.04 is 0.2 squared.
* Utility has **no 1/2** in front of the variance (the source's convention)::

      U(w) = mu'w - risk_aversion * w' Sigma w

  The source states the risk aversion in percent units (``U% = mu% - lambda% *
  var(%^2)``); convert with :func:`risk_aversion_to_decimal`. Textbooks often
  write ``U = mu'w - (A / 2) w' Sigma w``; the same investor has ``A = 2 *
  risk_aversion`` (:func:`risk_aversion_to_textbook`).
* Constraints: weights sum to 1 and ``lower <= w <= upper`` (scalars apply to
  every asset; the default 0 and 1 mean long-only).

Every solve is exact (KKT conditions met to rounding, about 1e-15; see
:func:`kkt_residual`), computed by the active-set method of
:mod:`assetalloc._qp`, also for singular covariance matrices (correlations of
+-1, riskless assets). One numerical limit: expected returns that differ by a
minute amount (below about 1e-9 of their spread) without being equal make the
return constraint of :func:`target_return_weights` and
:func:`efficient_frontier` ill-conditioned; the solver may then raise
RuntimeError rather than return weights that miss the constraints.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from assetalloc._qp import solve_qp
from assetalloc._tolerances import BOUND_TOL, FLAT_TOL, RETURN_TOL, WEIGHT_SUM_TOL
from assetalloc._validation import (
    aligned,
    as_asset,
    as_bounds,
    as_covariance,
    as_float,
    as_int_at_least,
    as_nonnegative_vector,
    as_positive,
    as_vector,
    as_weights,
    labelled,
    require,
)

__all__ = [
    "Frontier",
    "break_even_return",
    "efficient_frontier",
    "implied_returns",
    "kkt_residual",
    "marginal_utilities",
    "mean_variance_weights",
    "minimum_variance_weights",
    "risk_aversion_sweep",
    "risk_aversion_to_decimal",
    "risk_aversion_to_percent",
    "risk_aversion_to_textbook",
    "target_return_weights",
]

#: Most halvings :func:`kkt_residual` makes of its bracket for the budget multiplier; it
#: stops earlier, when the bracket is two adjacent floats (about 60 halvings in practice).
KKT_BISECTION_STEPS = 2_000
#: Most points :func:`efficient_frontier` computes (each is one quadratic programme).
MAX_FRONTIER_POINTS = 10_000
#: Most assets for which a stack of problems is solved by trying every pattern of bounds
#: (3**n patterns at most: 81 for 4 assets), not one problem at a time.
MAX_ENUMERATED_ASSETS = 4
#: Most stretches of the path of optima followed for a frontier (each is one solve).
MAX_STRETCHES = 200
#: How far past a stretch's end (relative, and absolute in 1 / risk aversion) the next one is solved.
STRETCH_STEP = 1e-9
#: A bound's multiplier counts as of the right sign down to minus this fraction of the gradient's scale.
MULTIPLIER_TOL = 1e-12


def risk_aversion_to_decimal(risk_aversion_percent: float) -> float:
    """Convert a risk aversion stated in percent units to decimal units.

    The source writes utility in percent, ``U% = mu% - lambda% * var(%^2)``.
    With ``mu% = 100 mu`` and ``var(%^2) = 10_000 var``, dividing by 100 gives
    ``U = mu - (100 lambda%) var``: the decimal risk aversion is 100 times the
    percent one.

    Parameters
    ----------
    risk_aversion_percent : float
        Risk aversion in percent units (> 0), e.g. 0.015.

    Returns
    -------
    float
        Risk aversion for decimal, annualised returns and variances.

    Examples
    --------
    >>> risk_aversion_to_decimal(0.015)
    1.5
    """
    return 100.0 * as_positive("risk_aversion_percent", risk_aversion_percent)


def risk_aversion_to_percent(risk_aversion: float) -> float:
    """Convert a decimal-units risk aversion to the source's percent units.

    The inverse of :func:`risk_aversion_to_decimal`.

    Examples
    --------
    >>> risk_aversion_to_percent(1.5)
    0.015
    """
    return as_positive("risk_aversion", risk_aversion) / 100.0


def risk_aversion_to_textbook(risk_aversion: float) -> float:
    """The textbook coefficient ``A`` of the same investor: ``A = 2 * risk_aversion``.

    This library writes utility without a 1/2, ``U = mu'w - risk_aversion *
    w' Sigma w``; many textbooks write ``U = mu'w - (A / 2) w' Sigma w``. The
    two rank portfolios alike when ``A / 2 = risk_aversion``.

    Parameters
    ----------
    risk_aversion : float
        Risk aversion in this library's decimal units (> 0), e.g. 1.5.

    Returns
    -------
    float
        The textbook coefficient ``A`` (decimal units, with the 1/2).

    Examples
    --------
    >>> risk_aversion_to_textbook(1.5)
    3.0
    """
    return 2.0 * as_positive("risk_aversion", risk_aversion)


def mean_variance_weights(
    expected_returns: Any,
    covariance: Any,
    risk_aversion: float,
    lower: Any = 0.0,
    upper: Any = 1.0,
) -> np.ndarray:
    """Weights maximising ``mu'w - risk_aversion * w' Sigma w`` (no 1/2).

    Subject to ``sum(w) = 1`` and ``lower <= w <= upper``.

    Parameters
    ----------
    expected_returns : array_like, shape (n,)
        Expected returns, decimal, annualised.
    covariance : array_like, shape (n, n)
        Covariance matrix, decimal, annualised (PSD; may be singular).
    risk_aversion : float
        Risk aversion in decimal units, > 0 (see :func:`risk_aversion_to_decimal`).
    lower, upper : float or array_like, shape (n,)
        Bounds on each weight (decimal). Default long-only: 0 and 1.

    Returns
    -------
    numpy.ndarray, shape (n,)
        The optimal weights (decimal, sum to 1). If several portfolios are
        optimal (a singular covariance) one of them is returned.

    Examples
    --------
    >>> from assetalloc.risk import covariance_from_correlation
    >>> cov = covariance_from_correlation([0.2215, 0.1959], [[1, 0.27], [0.27, 1]])
    >>> mean_variance_weights([0.06, 0.06], cov, risk_aversion=1.5).round(3)
    array([0.417, 0.583])
    """
    labels, mu, cov, lo, hi = _problem(expected_returns, covariance, lower, upper)
    return labelled(_mean_variance(mu, cov, as_positive("risk_aversion", risk_aversion), lo, hi), labels)


def implied_returns(weights: Any, covariance: Any, risk_aversion: float, constant: float = 0.0) -> np.ndarray | pd.Series:
    """Reverse optimisation: the expected returns for which ``weights`` is the optimum.

    :func:`mean_variance_weights` maximises ``U(w) = mu'w - risk_aversion * w' Sigma w``
    subject to ``sum(w) = 1``. With a multiplier ``nu`` for the budget, the
    first-order condition of an optimum whose weights are all inside their
    bounds is, asset by asset::

        mu - 2 * risk_aversion * Sigma w - nu = 0,   so   mu = 2 * risk_aversion * Sigma w + nu.

    The budget constraint leaves ``nu`` free: adding the same constant to every
    expected return adds it to the return of every fully invested portfolio,
    so the optimum does not move. Only differences between the implied returns
    are pinned down by the weights; ``constant`` (the ``nu`` above) sets their
    level. This is the reverse optimisation behind the Black-Litterman model
    (Black and Litterman 1992), written in this book's convention (no 1/2; with
    a 1/2 in the utility the factor 2 disappears).

    An asset with weight 0 gets the highest expected return at which the
    optimiser still leaves it out (its break-even return): any lower one gives
    the same optimum.

    Parameters
    ----------
    weights : array_like or pandas.Series, shape (n,)
        The portfolio taken as optimal (decimal, sums to 1), e.g. market-value weights.
    covariance : array_like, shape (n, n)
        Covariance matrix, decimal, annualised.
    risk_aversion : float
        Risk aversion in decimal units, > 0 (see :func:`risk_aversion_to_decimal`).
    constant : float
        The return added to every asset (decimal, annualised); default 0, which
        gives ``2 * risk_aversion * Sigma w`` alone.

    Returns
    -------
    numpy.ndarray or pandas.Series, shape (n,)
        Implied expected returns, decimal, annualised (a Series with the
        weights' labels if ``weights`` is a Series). Whenever the weights are
        inside the bounds, ``mean_variance_weights(implied, covariance,
        risk_aversion)`` returns ``weights``.

    Examples
    --------
    >>> cov = [[0.04, 0.0], [0.0, 0.01]]
    >>> implied_returns([0.25, 0.75], cov, 2.0).round(4)
    array([0.04, 0.03])
    >>> mean_variance_weights(implied_returns([0.25, 0.75], cov, 2.0, constant=0.05), cov, 2.0).round(6)
    array([0.25, 0.75])
    """
    labels, (weights, covariance) = aligned(("weights", weights), ("covariance", covariance), matrices=("covariance",))
    w = as_weights("weights", weights)
    if w.ndim != 1:
        raise ValueError(f"weights must be 1-D, one portfolio (got shape {w.shape})")
    cov = as_covariance("covariance", covariance, w.size)
    lam = as_positive("risk_aversion", risk_aversion)
    level = as_float("constant", constant)
    implied = labelled(2.0 * lam * (cov @ w) + level, labels)
    if labels is not None:
        implied.name = "implied_return"
    return implied


def minimum_variance_weights(covariance: Any, lower: Any = 0.0, upper: Any = 1.0) -> np.ndarray:
    """Weights with the smallest variance ``w' Sigma w`` within the bounds.

    Parameters
    ----------
    covariance : array_like, shape (n, n)
        Covariance matrix, decimal, annualised.
    lower, upper : float or array_like, shape (n,)
        Bounds on each weight (decimal). Default long-only: 0 and 1.

    Returns
    -------
    numpy.ndarray, shape (n,)
        Weights (decimal, sum to 1); one of them if the minimum is not unique.

    Examples
    --------
    >>> minimum_variance_weights([[0.04, 0.0], [0.0, 0.01]]).round(3)
    array([0.2, 0.8])
    """
    labels, (covariance, lower, upper) = aligned(
        ("covariance", covariance), ("lower", lower), ("upper", upper), matrices=("covariance",)
    )
    cov = as_covariance("covariance", covariance)
    lo, hi = as_bounds(lower, upper, cov.shape[0])
    return labelled(_minimum_variance(cov, lo, hi), labels)


def target_return_weights(
    expected_returns: Any,
    covariance: Any,
    target_return: float,
    lower: Any = 0.0,
    upper: Any = 1.0,
) -> np.ndarray:
    """Minimum-variance weights with expected return ``mu'w = target_return``.

    Parameters
    ----------
    expected_returns : array_like, shape (n,)
        Expected returns, decimal, annualised.
    covariance : array_like, shape (n, n)
        Covariance matrix, decimal, annualised.
    target_return : float
        Required expected return, decimal, annualised.
    lower, upper : float or array_like, shape (n,)
        Bounds on each weight (decimal). Default long-only: 0 and 1.

    Returns
    -------
    numpy.ndarray, shape (n,)
        Weights (decimal, sum to 1).

    Raises
    ------
    ValueError
        If no portfolio within the bounds has that expected return; the
        message gives the reachable range.

    Examples
    --------
    >>> target_return_weights([0.02, 0.08], [[0.01, 0.0], [0.0, 0.04]], 0.05).round(3)
    array([0.5, 0.5])
    """
    labels, mu, cov, lo, hi = _problem(expected_returns, covariance, lower, upper)
    target = as_float("target_return", target_return)
    lowest, highest = _extreme_portfolio(mu, lo, hi, highest=False), _extreme_portfolio(mu, lo, hi)
    r_low, r_high = mu @ lowest, mu @ highest
    tol = RETURN_TOL * max(1.0, abs(r_low), abs(r_high))
    if not r_low - tol <= target <= r_high + tol:
        raise ValueError(
            f"target_return must be between {r_low:.6g} and {r_high:.6g}, the expected "
            f"returns reachable within the bounds (got {target:.6g})"
        )
    target = min(max(target, r_low), r_high)
    start = _towards(lowest, r_low, highest, r_high, target)
    return labelled(_target_solve(mu, cov, target, lo, hi, start), labels)


@dataclass(frozen=True)
class Frontier:
    """Points of the efficient frontier, ordered by increasing expected return.

    Attributes
    ----------
    returns : numpy.ndarray, shape (k,)
        Expected returns, decimal, annualised (strictly increasing).
    volatilities : numpy.ndarray, shape (k,)
        Volatilities, decimal, annualised (non-decreasing).
    weights : numpy.ndarray, shape (k, n)
        The portfolio at each point (rows sum to 1).
    """

    returns: np.ndarray
    volatilities: np.ndarray
    weights: np.ndarray

    def __post_init__(self) -> None:
        points = as_vector("returns", self.returns).size
        as_nonnegative_vector("volatilities", self.volatilities, points)
        weights = as_weights("weights", self.weights)
        if weights.ndim != 2 or weights.shape[0] != points:
            raise ValueError(f"weights must have one row per point, shape ({points}, n) (got {weights.shape})")


def efficient_frontier(
    expected_returns: Any,
    covariance: Any,
    n_points: int = 100,
    lower: Any = 0.0,
    upper: Any = 1.0,
) -> Frontier:
    """The efficient frontier within the bounds, from minimum variance to maximum return.

    The targets are ``n_points`` equally spaced expected returns from that of
    the minimum-variance portfolio (the highest-return one if several have the
    minimum variance) to the highest reachable return; each point is the
    minimum-variance portfolio for its target. With a positive definite
    covariance the points are read off the path of optima of
    :func:`mean_variance_weights` as risk aversion falls (one solve for each
    stretch where the same assets sit at their bounds; between a stretch's
    ends the weights are exact straight-line mixes); otherwise each point is
    solved, warm-started from the previous one.

    Parameters
    ----------
    expected_returns : array_like, shape (n,)
        Expected returns, decimal, annualised.
    covariance : array_like, shape (n, n)
        Covariance matrix, decimal, annualised.
    n_points : int
        Number of points, >= 2.
    lower, upper : float or array_like, shape (n,)
        Bounds on each weight (decimal). Default long-only: 0 and 1.

    Returns
    -------
    Frontier
        ``returns`` and ``volatilities`` (decimal, annualised) and ``weights``.
        If the minimum-variance portfolio already has the highest reachable
        return (e.g. all expected returns are equal) the frontier is that one
        portfolio: a single point.

    Examples
    --------
    >>> f = efficient_frontier([0.02, 0.08], [[0.01, 0.0], [0.0, 0.04]], n_points=3)
    >>> f.returns.round(3), f.volatilities.round(4)
    (array([0.032, 0.056, 0.08 ]), array([0.0894, 0.1265, 0.2   ]))
    """
    labels, mu, cov, lo, hi = _problem(expected_returns, covariance, lower, upper)
    points = as_int_at_least("n_points", n_points, 2)
    if points > MAX_FRONTIER_POINTS:
        raise ValueError(f"n_points must be at most {MAX_FRONTIER_POINTS:,} (got {points:,})")
    start = _highest_return_with_same_risk(mu, cov, _minimum_variance(cov, lo, hi), lo, hi)
    top = _extreme_portfolio(mu, lo, hi)
    r_start, r_top = mu @ start, mu @ top
    if r_top - r_start <= RETURN_TOL * max(1.0, abs(r_top)):
        targets, weights = np.array([r_start]), start[None, :]
    else:
        targets = np.linspace(r_start, r_top, points)
        weights = _frontier_by_path(mu, cov, lo, hi, targets)
        if weights is None:  # a singular covariance, or a path not followed to the top: one solve a point
            weights = np.empty((points, mu.size))
            weights[0] = start
            for k in range(1, points):
                previous = weights[k - 1]
                guess = _towards(previous, targets[k - 1], top, r_top, targets[k])
                weights[k] = _target_solve(mu, cov, targets[k], lo, hi, guess)
    variances = np.maximum(np.einsum("ki,ij,kj->k", weights, cov, weights), 0.0)
    return Frontier(returns=targets, volatilities=np.sqrt(variances), weights=labelled(weights, labels))


def kkt_residual(
    weights: Any,
    expected_returns: Any,
    covariance: Any,
    risk_aversion: float,
    lower: Any = 0.0,
    upper: Any = 1.0,
) -> float:
    """Largest violation of the KKT conditions of :func:`mean_variance_weights` at ``weights``.

    The problem is ``min f(w) = risk_aversion * w' Sigma w - mu'w`` subject to
    ``sum(w) = 1`` (multiplier ``nu``) and ``lower <= w <= upper``. With the
    reduced gradient ``s = grad f(w) + nu`` each asset needs either ``s_i = 0``
    (stationarity), or ``s_i > 0`` at its lower bound, or ``s_i < 0`` at its
    upper bound (right-signed bound multiplier, complementarity). Asset ``i``
    contributes ``|s_i| * min(1, d_i)``, where ``d_i`` is its distance to the
    bound the sign of ``s_i`` calls for: zero when that bound is active, the
    plain stationarity violation ``|s_i|`` when it is far. ``nu`` is chosen
    exactly to minimise the largest contribution. The result is the maximum of
    that and the primal violations ``|sum(w) - 1|`` and the bound excesses.
    Units: those of the utility (decimal, annualised return).

    Parameters
    ----------
    weights : array_like, shape (n,)
        The point to check (decimal; need not be feasible).
    expected_returns, covariance, risk_aversion, lower, upper
        As for :func:`mean_variance_weights`.

    Returns
    -------
    float
        0 at an exact optimum; our solutions give about 1e-15.

    Examples
    --------
    >>> cov = [[0.04, 0.0], [0.0, 0.01]]
    >>> w = mean_variance_weights([0.06, 0.05], cov, 2.0)
    >>> kkt_residual(w, [0.06, 0.05], cov, 2.0) < 1e-12
    True
    """
    _, (weights, expected_returns, covariance, lower, upper) = _aligned_problem(
        expected_returns, covariance, lower, upper, ("weights", weights)
    )
    mu, cov, lo, hi = _validated_problem(expected_returns, covariance, lower, upper)
    w = as_vector("weights", weights, mu.size)
    lam = as_positive("risk_aversion", risk_aversion)
    gradient = 2.0 * lam * (cov @ w) - mu
    # Asset i's contribution is max(a_i (nu - t_i), b_i (t_i - nu)): increasing in nu
    # with slope a_i when s_i > 0 and decreasing with slope b_i when s_i < 0.
    t = -gradient
    a = np.minimum(1.0, np.maximum(w - lo, 0.0))
    b = np.minimum(1.0, np.maximum(hi - w, 0.0))
    primal = max(abs(w.sum() - 1.0), np.max(lo - w, initial=0.0), np.max(w - hi, initial=0.0))
    return float(max(_smallest_largest_violation(t, a, b), primal))


# --------------------------------------------------------------------------- internals


def _smallest_largest_violation(t: np.ndarray, a: np.ndarray, b: np.ndarray) -> float:
    """``min over nu of max_i max(a_i (nu - t_i), b_i (t_i - nu))`` (all ``a``, ``b`` >= 0).

    The largest rising line ``R(nu)`` is non-decreasing and the largest falling
    line ``F(nu)`` non-increasing, so ``R - F`` changes sign once in
    ``[min t, max t]`` and the minimum of ``max(R, F)`` is where they meet.
    Bisection on ``nu`` finds it to the last bit of a float in a fixed number
    of O(n) steps: O(n) time and memory (not the O(n^3) of trying every kink
    and crossing).
    """

    def rising(nu: float) -> float:
        return float(np.max(a * (nu - t)))

    def falling(nu: float) -> float:
        return float(np.max(b * (t - nu)))

    low, high = float(t.min()), float(t.max())
    for _ in range(KKT_BISECTION_STEPS):
        middle = 0.5 * (low + high)
        if middle in (low, high):
            break
        if rising(middle) < falling(middle):
            low = middle
        else:
            high = middle
    return min(max(rising(nu), falling(nu), 0.0) for nu in (low, high))



def _problem(
    expected_returns: Any, covariance: Any, lower: Any, upper: Any
) -> tuple[pd.Index | None, np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Asset labels (None if no argument has any) and validated (mu, covariance, lower, upper).

    Labelled arguments are aligned on the labels of the first labelled one, or refused.
    """
    labels, (expected_returns, covariance, lower, upper) = _aligned_problem(
        expected_returns, covariance, lower, upper
    )
    return (labels, *_validated_problem(expected_returns, covariance, lower, upper))


def _validated_problem(
    expected_returns: Any, covariance: Any, lower: Any, upper: Any
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """(mu, covariance, lower, upper) validated, of arguments already on one order of labels."""
    mu = as_vector("expected_returns", expected_returns)
    cov = as_covariance("covariance", covariance, mu.size)
    lo, hi = as_bounds(lower, upper, mu.size)
    return mu, cov, lo, hi


def _aligned_problem(
    expected_returns: Any, covariance: Any, lower: Any, upper: Any, *first: tuple[str, Any]
) -> tuple[pd.Index | None, list[Any]]:
    """The arguments of a problem on one order of asset labels (any ``(name, value)`` in ``first`` first)."""
    return aligned(
        *first, ("expected_returns", expected_returns), ("covariance", covariance), ("lower", lower), ("upper", upper),
        matrices=("covariance",),
    )


def _budget(n: int) -> tuple[np.ndarray, np.ndarray]:
    """The constraint sum(w) = 1 as (A, b)."""
    return np.ones((1, n)), np.ones(1)


def _solve(
    H: np.ndarray,
    c: np.ndarray,
    equalities: tuple[np.ndarray, np.ndarray],
    lo: np.ndarray,
    hi: np.ndarray,
    start: np.ndarray,
) -> np.ndarray:
    """Weights minimising ``1/2 w'Hw + c'w`` under the equalities and bounds, from ``start``."""
    return solve_qp(H, c, *equalities, lo, hi, start).x


def _budget_start(lo: np.ndarray, hi: np.ndarray) -> np.ndarray:
    """A fully invested point of the box: each weight the same fraction of its range."""
    room = (hi - lo).sum()
    fraction = 0.0 if room == 0 else min(max((1.0 - lo.sum()) / room, 0.0), 1.0)
    return lo + fraction * (hi - lo)


def _mean_variance(mu: np.ndarray, cov: np.ndarray, lam: float, lo: np.ndarray, hi: np.ndarray) -> np.ndarray:
    """The core of :func:`mean_variance_weights`, for inputs already validated."""
    return _solve(2.0 * lam * cov, -mu, _budget(mu.size), lo, hi, _budget_start(lo, hi))


def _mean_variance_many(means: np.ndarray, covariances: np.ndarray, lam: float, lo: np.ndarray,
                        hi: np.ndarray) -> np.ndarray:
    """:func:`_mean_variance` for a stack of problems with the same bounds: shape (d, n) -> (d, n).

    With few assets (at most :data:`MAX_ENUMERATED_ASSETS`), every way the assets can sit at their
    bounds or between them is tried for all problems at once: for each, the first-order conditions
    with the budget are one linear system (the equality-constrained optimum of the free assets),
    and the pattern whose solution is inside the bounds with multipliers of the right sign is the
    optimum (a convex problem has no other point that meets them). The active-set solver, one
    problem at a time, answers where no pattern fits (a singular system) and for more assets.
    """
    d, n = means.shape
    weights = np.full((d, n), np.nan)
    if n <= MAX_ENUMERATED_ASSETS:
        scale = max(1.0, float(np.abs(means).max()), 2.0 * lam * float(np.abs(covariances).max()))
        for pattern in _bound_patterns(lo, hi):
            unsolved = np.isnan(weights[:, 0])
            if not unsolved.any():
                break
            weights[unsolved] = _pattern_optimum(means[unsolved], covariances[unsolved], lam, lo, hi, pattern, scale)
    for k in np.flatnonzero(np.isnan(weights[:, 0])):
        weights[k] = _mean_variance(means[k], covariances[k], lam, lo, hi)
    return weights


class _OptimumPath:
    """The optimum of validated inputs as a function of ``t = 1 / lambda`` (the path along the frontier).

    Solves are warm-started from the last optimum and kept by ``t``: the scan and the bracket
    ask for the same points again.
    """

    def __init__(self, mu: np.ndarray, cov: np.ndarray, lo: np.ndarray, hi: np.ndarray) -> None:
        self.mu, self.cov, self.lo, self.hi = mu, cov, lo, hi
        self.budget = _budget(mu.size)
        self.last = _budget_start(lo, hi)
        self.solved: dict[float, np.ndarray] = {}

    def weights(self, t: float) -> np.ndarray:
        """The optimum at risk aversion ``1 / t``, solved as :func:`mean_variance_weights` does (``t = 0``:
        the minimum-variance portfolio)."""
        if t not in self.solved:
            H, c = (2.0 * self.cov, np.zeros(self.mu.size)) if t == 0 else (2.0 / t * self.cov, -self.mu)
            self.last = _solve(H, c, self.budget, self.lo, self.hi, self.last)
            self.solved[t] = self.last
        return self.solved[t]

    def slope(self, w: np.ndarray) -> np.ndarray | None:
        """d(weights)/dt on the stretch of the path through ``w`` (None if its free assets do not fix it).

        On a stretch the assets strictly inside their bounds are free and the others stay put; the
        first-order conditions ``2 Sigma_FF w_F - t mu_F + gamma 1 = 0`` and ``1'w = 1`` are linear
        in ``t``, so ``(dw_F, dgamma)`` solves ``[[2 Sigma_FF, 1], [1', 0]] x = [mu_F, 0]``.
        """
        free = (w > self.lo + BOUND_TOL) & (w < self.hi - BOUND_TOL)
        size = int(free.sum())
        try:
            solution = np.linalg.solve(_with_budget(2.0 * self.cov[np.ix_(free, free)]), np.append(self.mu[free], 0.0))
        except np.linalg.LinAlgError:  # a riskless combination of the free assets: no single stretch
            return None
        slope = np.zeros_like(w)
        slope[free] = solution[:size]
        return slope if np.isfinite(slope).all() else None

    def stretch(self, t: float, top: float = np.inf) -> tuple[float, np.ndarray] | None:
        """Where the stretch of the path through ``t`` ends, going up in ``t`` (at most ``top``), and the
        weights there (None if its free assets do not fix it).

        It ends where a free asset reaches a bound, or where an asset at a bound would leave it:
        where the multiplier of its bound, ``2 (Sigma w)_j - t mu_j + gamma`` (the gradient of
        ``w' Sigma w - t mu'w`` plus the budget's multiplier), reaches 0. Along the stretch the
        weights move by :meth:`slope` and every multiplier is linear in ``t`` too.
        """
        w = self.weights(t)
        slope = self.slope(w)
        if slope is None:
            return None
        free = (w > self.lo + BOUND_TOL) & (w < self.hi - BOUND_TOL)
        gradient, gradient_slope = 2.0 * self.cov @ w - t * self.mu, 2.0 * self.cov @ slope - self.mu
        gamma, gamma_slope = -gradient[free].mean(), -gradient_slope[free].mean()
        multiplier, multiplier_slope = gradient + gamma, gradient_slope + gamma_slope
        at_lo, at_hi = ~free & (w <= self.lo + BOUND_TOL), ~free & (w >= self.hi - BOUND_TOL)
        with np.errstate(divide="ignore", invalid="ignore"):
            steps = np.concatenate([
                np.where(free & (slope < 0), (self.lo - w) / slope, np.inf),
                np.where(free & (slope > 0), (self.hi - w) / slope, np.inf),
                np.where(at_lo & ~at_hi & (multiplier_slope < 0), -multiplier / multiplier_slope, np.inf),
                np.where(at_hi & ~at_lo & (multiplier_slope > 0), -multiplier / multiplier_slope, np.inf),
            ])
        end = min(t + max(float(steps.min()), 0.0), top)
        return end, (w if end == np.inf else w + slope * (end - t))

def _frontier_by_path(mu: np.ndarray, cov: np.ndarray, lo: np.ndarray, hi: np.ndarray,
                      targets: np.ndarray) -> np.ndarray | None:
    """The frontier's weights at ``targets`` (ascending returns from the minimum-variance portfolio's to
    the highest), from the corners of the path of optima; None if the path cannot answer.

    Each minimum-variance portfolio for a return on the efficient frontier is the optimum of
    :func:`mean_variance_weights` for some risk aversion, and along each stretch of that path (see
    :class:`_OptimumPath`) weights and return move linearly together: between the two ends of a
    stretch, the weights for a return are the straight-line mix of theirs. So one solve per stretch
    (a handful) replaces one per point. It needs a positive definite covariance (one optimum for each
    risk aversion) and a path that reaches the highest return within :data:`MAX_STRETCHES` stretches.
    """
    eigenvalues = np.linalg.eigvalsh(cov)
    if eigenvalues[0] <= FLAT_TOL * max(eigenvalues[-1], 0.0):
        return None
    path, t = _OptimumPath(mu, cov, lo, hi), 0.0
    corners, tol = [path.weights(t)], RETURN_TOL * max(1.0, abs(targets[-1]))
    for _ in range(MAX_STRETCHES):
        stretch = path.stretch(t)
        if stretch is None:  # no free asset: at a corner of the box, the end if it has the highest return
            if corners[-1] @ mu >= targets[-1] - tol:
                break
            return None
        end, corner = stretch
        if end == np.inf:  # nothing moves any more (no free asset can reach a bound)
            break
        corners.append(corner)
        if corner @ mu >= targets[-1] - tol:  # the highest return: the frontier ends here
            break
        t = end * (1.0 + STRETCH_STEP) + STRETCH_STEP  # just past the corner: the next stretch
        corners.append(path.weights(t))
    else:
        return None
    corners = np.array(corners)
    returns = np.maximum.accumulate(corners @ mu)  # ascending along the path (but for rounding)
    if abs(returns[0] - targets[0]) > tol or returns[-1] < targets[-1] - tol:
        return None
    after = np.clip(np.searchsorted(returns, targets), 1, len(corners) - 1)
    span = returns[after] - returns[after - 1]
    share = np.divide(targets - returns[after - 1], span, out=np.ones_like(targets), where=span > 0)
    share = np.clip(share, 0.0, 1.0)[:, None]
    return np.clip((1.0 - share) * corners[after - 1] + share * corners[after], lo, hi)


def _with_budget(hessian: np.ndarray) -> np.ndarray:
    """The first-order conditions' matrix of the free assets with the budget: ``[[H, 1], [1', 0]]``.

    ``hessian``: shape (..., m, m), one block per problem; the result has shape (..., m + 1, m + 1).
    """
    m = hessian.shape[-1]
    system = np.zeros((*hessian.shape[:-2], m + 1, m + 1))
    system[..., :m, :m] = hessian
    system[..., :m, m] = system[..., m, :m] = 1.0
    return system


def _bound_patterns(lo: np.ndarray, hi: np.ndarray) -> list[np.ndarray]:
    """Every assignment of each asset to its lower bound (-1), between its bounds (0) or its upper
    bound (1) that can sum to 1 (pinned assets, ``lo == hi``, only at their bound), fewest bounds first."""
    choices = [(-1,) if low == high else (0, -1, 1) for low, high in zip(lo, hi)]
    patterns = []
    for pattern in itertools.product(*choices):
        pattern = np.array(pattern)
        fixed = np.where(pattern == -1, lo, hi)[pattern != 0].sum()
        free = pattern == 0
        if lo[free].sum() + fixed <= 1.0 + WEIGHT_SUM_TOL and hi[free].sum() + fixed >= 1.0 - WEIGHT_SUM_TOL:
            patterns.append(pattern)
    return sorted(patterns, key=lambda pattern: int(np.count_nonzero(pattern)))


def _pattern_optimum(means: np.ndarray, covariances: np.ndarray, lam: float, lo: np.ndarray, hi: np.ndarray,
                     pattern: np.ndarray, scale: float) -> np.ndarray:
    """The optimum of each problem if ``pattern`` (see :func:`_bound_patterns`) is its active set, else NaN.

    ``scale`` is the size of the gradient's terms, for the multipliers' tolerance.
    """
    d, n = means.shape
    free, fixed = pattern == 0, pattern != 0
    w = np.tile(np.where(pattern == 1, hi, lo), (d, 1))
    m = int(free.sum())
    hessians = 2.0 * lam * covariances
    if m:
        system = _with_budget(hessians[:, free][:, :, free])
        rhs = np.empty((d, m + 1))
        rhs[:, :m] = means[:, free] - np.einsum("dij,dj->di", hessians[:, free][:, :, fixed], w[:, fixed])
        rhs[:, m] = 1.0 - w[:, fixed].sum(axis=1)
        try:
            solution = np.linalg.solve(system, rhs[..., None])[..., 0]
        except np.linalg.LinAlgError:  # one singular system: leave these problems to the active-set solver
            return np.full((d, n), np.nan)
        w[:, free] = solution[:, :m]
        budget_multiplier = solution[:, m]
    else:
        if abs(w[0].sum() - 1.0) > WEIGHT_SUM_TOL:
            return np.full((d, n), np.nan)
        budget_multiplier = None
    # Multipliers of the bounds: the gradient of lam w'Cw - mu'w plus the budget's (>= 0 at a lower
    # bound, <= 0 at an upper one). A vertex (no free asset) leaves the budget's multiplier open:
    # it fits when some value puts every lower-bound gradient above every upper-bound one.
    gradient = np.einsum("dij,dj->di", hessians, w) - means
    tol = MULTIPLIER_TOL * scale
    at_lo, at_hi = (pattern == -1) & (lo < hi), pattern == 1  # a pinned asset's multiplier has either sign
    if budget_multiplier is None:
        low_needed = (-gradient[:, at_lo]).max(axis=1, initial=-np.inf)
        high_allowed = (-gradient[:, at_hi]).min(axis=1, initial=np.inf)
        fits = low_needed <= high_allowed + tol
    else:
        multipliers = gradient + budget_multiplier[:, None]
        fits = np.all(multipliers[:, at_lo] >= -tol, axis=1) & np.all(multipliers[:, at_hi] <= tol, axis=1)
        inside = np.all((w[:, free] >= lo[free] - BOUND_TOL) & (w[:, free] <= hi[free] + BOUND_TOL), axis=1)
        fits &= inside & np.isfinite(w).all(axis=1)
    w[~fits] = np.nan
    return np.clip(w, lo, hi)


def _minimum_variance(cov: np.ndarray, lo: np.ndarray, hi: np.ndarray) -> np.ndarray:
    """Fully invested weights of least variance within the bounds."""
    n = cov.shape[0]
    return _solve(2.0 * cov, np.zeros(n), _budget(n), lo, hi, _budget_start(lo, hi))


def _target_solve(
    mu: np.ndarray,
    cov: np.ndarray,
    target: float,
    lo: np.ndarray,
    hi: np.ndarray,
    start: np.ndarray,
) -> np.ndarray:
    """Minimum variance with sum(w) = 1 and mu'w = target, from a feasible start."""
    equalities = (np.vstack([np.ones(mu.size), mu]), np.array([1.0, target]))
    return _solve(2.0 * cov, np.zeros(mu.size), equalities, lo, hi, start)


def _extreme_portfolio(
    mu: np.ndarray, lo: np.ndarray, hi: np.ndarray, highest: bool = True
) -> np.ndarray:
    """The fully invested portfolio of the box with the highest (or lowest) return.

    Greedy and exact (a fractional knapsack): start at the lower bounds and
    fill the best assets up to their upper bounds until fully invested.
    """
    order = np.argsort(-mu if highest else mu, kind="stable")
    room = (hi - lo)[order]
    before = np.cumsum(room) - room
    w = lo.copy()
    w[order] += np.clip(1.0 - lo.sum() - before, 0.0, room)
    return w


def _towards(
    start: np.ndarray, r_start: float, end: np.ndarray, r_end: float, target: float
) -> np.ndarray:
    """The point on the segment start -> end whose return is ``target``.

    Feasible whenever both ends are (the feasible set is convex); where the two
    ends hold the same weight the point holds it exactly, so bounds active at
    ``start`` stay active (this is what warm-starts the frontier).
    """
    span = r_end - r_start
    fraction = 0.0 if span <= 0 else min(max((target - r_start) / span, 0.0), 1.0)
    return start + fraction * (end - start)


def _highest_return_with_same_risk(
    mu: np.ndarray, cov: np.ndarray, w: np.ndarray, lo: np.ndarray, hi: np.ndarray
) -> np.ndarray:
    """The highest-return portfolio among those with the same (minimum) variance as ``w``.

    If ``w`` minimises the convex quadratic ``v' Sigma v`` over the feasible set,
    the other minimisers are the feasible ``v`` that differ from ``w`` only along
    the null space of ``Sigma``: ``E'(v - w) = 0`` for the eigenvectors ``E`` of
    ``Sigma`` with a nonzero eigenvalue (above :data:`FLAT_TOL` of the largest).
    Maximising ``mu'v`` over them is a linear programme (``H = 0``). With a
    nonsingular covariance (every eigenvalue curved) the only such portfolio
    is ``w`` itself, returned without solving anything.
    """
    values, vectors = np.linalg.eigh(cov)
    is_curved = values > FLAT_TOL * max(values[-1], 0.0)
    if is_curved.all():
        return w
    curved = vectors[:, is_curved]
    equalities = (np.vstack([np.ones(mu.size), curved.T]), np.concatenate([[1.0], curved.T @ w]))
    return _solve(np.zeros_like(cov), -mu, equalities, lo, hi, w)


# --------------------------------------------------------------------------- risk aversion sweeps and break-even returns
# (Added for chapter 2, Foreign bonds.)


def risk_aversion_sweep(
    expected_returns: Any,
    covariance: Any,
    risk_aversions: Any,
    lower: Any = 0.0,
    upper: Any = 1.0,
) -> pd.DataFrame:
    """The optimal weights of :func:`mean_variance_weights` for each risk aversion (exact).

    Parameters
    ----------
    expected_returns : array_like or pandas.Series, shape (n,)
        Expected returns, decimal, annualised. A Series' labels name the columns.
    covariance : array_like, shape (n, n)
        Covariance matrix, decimal, annualised.
    risk_aversions : array_like, shape (k,)
        Risk aversions in decimal units, each > 0 (see :func:`risk_aversion_to_decimal`).
    lower, upper : float or array_like, shape (n,)
        Bounds on each weight (decimal). Default long-only: 0 and 1.

    Returns
    -------
    pandas.DataFrame
        One row per risk aversion (index ``risk_aversion``, in the given order),
        one column per asset; each row sums to 1.

    Examples
    --------
    >>> sweep = risk_aversion_sweep([0.02, 0.08], [[0.01, 0.0], [0.0, 0.04]], [0.5, 5.0])
    >>> sweep.round(3).to_numpy().tolist()
    [[0.0, 1.0], [0.68, 0.32]]
    """
    labels, mu, cov, lo, hi = _problem(expected_returns, covariance, lower, upper)
    lambdas = as_vector("risk_aversions", risk_aversions)
    require("risk_aversions", lambdas, lambdas > 0, "> 0")
    start = _budget_start(lo, hi)
    rows = []
    for lam in lambdas:
        start = _solve(2.0 * lam * cov, -mu, _budget(mu.size), lo, hi, start)
        rows.append(start)
    return pd.DataFrame(rows, index=pd.Index(lambdas, name="risk_aversion"), columns=labels)


def break_even_return(
    expected_returns: Any,
    covariance: Any,
    risk_aversion: float,
    asset: Any,
    lower: Any = 0.0,
    upper: Any = 1.0,
) -> float:
    """The expected return at which ``asset`` starts to enter the optimum of :func:`mean_variance_weights`.

    Computed exactly from the KKT conditions. Solve the problem with the
    asset held at 0; call ``w`` that optimum. The marginal utility of asset
    ``j`` there is ``g_j = mu_j - 2 risk_aversion (Sigma w)_j``. Every asset
    held above its lower bound has ``g_j`` at least the budget multiplier
    ``nu`` (equal to it if it is strictly inside its bounds), so the largest
    multiplier consistent with ``w`` is ``nu = min g_j`` over those assets.
    Leaving the asset out stays optimal as long as its own marginal utility
    ``mu_i - 2 risk_aversion (Sigma w)_i`` is at most ``nu``: the break-even
    expected return is ``nu + 2 risk_aversion (Sigma w)_i``. Below it the
    optimal weight is 0; above it, positive (for a positive definite
    covariance). The answer does not depend on the asset's own expected
    return, which may be anything.

    Parameters
    ----------
    expected_returns : array_like or pandas.Series, shape (n,)
        Expected returns, decimal, annualised.
    covariance : array_like, shape (n, n)
        Covariance matrix, decimal, annualised.
    risk_aversion : float
        Risk aversion in decimal units, > 0.
    asset : int or label
        The asset's label when the inputs are labelled (pandas), otherwise its
        integer position.
    lower, upper : float or array_like, shape (n,)
        Bounds on each weight (decimal). The asset's lower bound must be 0 and
        its upper bound positive, and the others must admit a full portfolio
        without it.

    Returns
    -------
    float
        The break-even expected return, decimal, annualised.

    Examples
    --------
    >>> cov = [[0.01, 0.0], [0.0, 0.04]]
    >>> # without asset 1 everything is in asset 0, whose marginal utility is 0.02 - 2 * 2 * 0.01
    >>> round(break_even_return([0.02, 0.0], cov, 2.0, asset=1), 4)
    -0.02
    """
    labels, mu, cov, lo, hi = _problem(expected_returns, covariance, lower, upper)
    lam = as_positive("risk_aversion", risk_aversion)
    i = as_asset("asset", asset, labels, mu.size)
    if lo[i] != 0.0 or hi[i] <= 0.0:
        raise ValueError(
            f"asset must have lower bound 0 and a positive upper bound (got {lo[i]:.6g} and {hi[i]:.6g})"
        )
    if hi.sum() - hi[i] < 1.0 - WEIGHT_SUM_TOL:
        raise ValueError("asset cannot be left out: the other assets' upper bounds sum to less than 1")
    return _break_even_return(mu, cov, lam, i, lo, hi)


def _break_even_return(mu: np.ndarray, cov: np.ndarray, lam: float, i: int, lo: np.ndarray, hi: np.ndarray) -> float:
    """:func:`break_even_return` of validated inputs (``lo[i] == 0``, the others' ``hi`` summing to >= 1)."""
    without = hi.copy()
    without[i] = 0.0
    w = _solve(2.0 * lam * cov, -mu, _budget(mu.size), lo, without, _budget_start(lo, without))
    marginal = mu - 2.0 * lam * (cov @ w)
    held = w > lo + BOUND_TOL
    held[i] = False
    if not held.any():
        raise ValueError(
            "lower and upper leave asset no room: every other asset is held at its lower bound, so no "
            "return of asset can make it enter (the budget cannot be rearranged)"
        )
    multiplier = marginal[held].min()
    return float(multiplier + 2.0 * lam * (cov @ w)[i])


def marginal_utilities(weights: Any, expected_returns: Any, covariance: Any, risk_aversion: float) -> np.ndarray:
    """What a little more of each asset adds to utility: ``mu_i - 2 risk_aversion (Sigma w)_i``.

    ``(Sigma w)_i`` is asset ``i``'s covariance with the portfolio. At the
    optimum of :func:`mean_variance_weights` every asset held strictly inside
    its bounds has the same marginal utility, and an asset left at 0 has no
    more than they do; raising its expected return by the gap makes it enter
    (the by-hand route to :func:`break_even_return`).

    Parameters
    ----------
    weights : array_like, shape (n,)
        Portfolio weights (decimal, summing to 1).
    expected_returns : array_like, shape (n,)
        Expected returns, decimal, annualised.
    covariance : array_like, shape (n, n)
        Covariance matrix, decimal, annualised.
    risk_aversion : float
        Risk aversion in decimal units, > 0.

    Returns
    -------
    numpy.ndarray, shape (n,)
        Marginal utilities, decimal a year (units of expected return).

    Examples
    --------
    >>> marginal_utilities([1.0, 0.0], [0.02, 0.0], [[0.01, 0.0], [0.0, 0.04]], 2.0).round(4)
    array([-0.02,  0.  ])
    """
    labels, (weights, expected_returns, covariance, _, _) = _aligned_problem(
        expected_returns, covariance, 0.0, 1.0, ("weights", weights)
    )
    mu, cov, _, _ = _validated_problem(expected_returns, covariance, 0.0, 1.0)
    w = as_weights("weights", as_vector("weights", weights, mu.size), mu.size)
    lam = as_positive("risk_aversion", risk_aversion)
    return labelled(mu - 2.0 * lam * (cov @ w), labels)

