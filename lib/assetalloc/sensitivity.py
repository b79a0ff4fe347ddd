"""How the mean-variance optimum depends on its inputs, and one remedy for its fragility.

* :func:`implied_risk_aversion` runs the optimiser backwards: the risk aversion
  at which the optimum holds a given weight of one asset (how chapter 3
  recovers the coefficient its source uses but never prints).
* :func:`weight_response` and :func:`weight_change` show the fragility: the
  optimal weights as one expected return moves, and how much of the portfolio
  a change of inputs turns over.
* :func:`correlation_grid` checks a conclusion against ASSUMED correlations:
  the break-even return and the optimal weight of one asset as two of its
  correlations move over ranges.
* :func:`resampled_weights` is the remedy of resampled efficiency (Michaud):
  average the optimal weights over many sets of inputs that the same history
  could just as well have produced.

Conventions are those of :mod:`assetalloc.optimise`: decimals, annualised,
utility ``U(w) = mu'w - risk_aversion * w' Sigma w`` (no 1/2), weights summing
to 1 within per-asset bounds ``lower <= w <= upper``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from assetalloc import optimise
from assetalloc._tolerances import RELATIVE_TOL, WEIGHT_TOL
from assetalloc._validation import (
    aligned,
    as_asset,
    as_correlation,
    as_float,
    as_int_at_least,
    as_nonnegative_vector,
    as_positive,
    as_vector,
    as_weights,
    is_positive_semidefinite,
    labelled,
    plain,
)

__all__ = [
    "RISK_AVERSION_RANGE",
    "ResampledPortfolio",
    "correlation_grid",
    "implied_risk_aversion",
    "resampled_weights",
    "weight_change",
    "weight_response",
]

#: Risk aversions (decimal units) searched by :func:`implied_risk_aversion`: from a
#: near risk-neutral 0.001 to a near minimum-variance 1000.
RISK_AVERSION_RANGE = (1e-3, 1e3)
#: Grid points per factor of 10 of risk aversion when bracketing a root.
GRID_PER_DECADE = 20
#: Steps at most when narrowing the bracket of an implied risk aversion (a bisection alone
#: needs about 45 to narrow one grid step to :data:`RELATIVE_TOL`).
MAX_BRACKET_STEPS = 200
#: Grid points this fraction short of a stretch's computed end are still visited (its rounding).
STRETCH_MARGIN = 1e-9
#: Work limit of :func:`resampled_weights`: simulated returns (draws x observations x
#: assets) held in memory at once; 20 million floats are 160 MB.
MAX_SIMULATED_RETURNS = 20_000_000


def implied_risk_aversion(
    expected_returns: Any,
    covariance: Any,
    asset: int,
    target_weight: float,
    lower: Any = 0.0,
    upper: Any = 1.0,
) -> float:
    """The risk aversion at which the optimum holds ``target_weight`` of ``asset``.

    The optimiser :func:`assetalloc.optimise.mean_variance_weights` run
    backwards. As the risk aversion ``lambda`` falls from
    :data:`RISK_AVERSION_RANGE`'s top (close to the minimum-variance
    portfolio) to its bottom (close to the highest-return portfolio), the
    optimum moves along the efficient frontier. On each stretch of the path
    where the same assets sit at their bounds, the weights are linear in
    ``1 / lambda`` and so each weight is **monotone in lambda piecewise**;
    where an asset reaches or leaves a bound the direction may change, so a
    weight need not be monotone over the whole range.

    The root is bracketed on a grid of :data:`GRID_PER_DECADE` risk aversions
    per decade, scanned downwards from the top until the weight reaches the
    target; grid points on a stretch that does not reach it are skipped, and on
    a stretch that does, the point where its line meets the target is tried
    first (the answer if the optimum there is on that line at the target).
    Inside the bracket the search uses that piecewise linearity: from a
    point where ``asset`` is free of its bounds, the weight's slope in ``1 /
    lambda`` on that stretch (a linear system over the free assets) gives the
    point where the stretch would reach the target; if the optimum there is
    still on that stretch, that point is the answer, exact to rounding.
    Otherwise it narrows the bracket, as a bisection step does when the slope
    leads outside it (at most :data:`MAX_BRACKET_STEPS` steps; the bracket's
    ends then differ by a fraction :data:`RELATIVE_TOL`).

    Parameters
    ----------
    expected_returns : array_like, shape (n,)
        Expected returns, decimal, annualised.
    covariance : array_like, shape (n, n)
        Covariance matrix, decimal, annualised.
    asset : int
        Position of the asset in ``expected_returns`` (0-based).
    target_weight : float
        The weight of ``asset`` to hold (decimal), within its bounds.
    lower, upper : float or array_like, shape (n,)
        Bounds on each weight (decimal). Default long-only: 0 and 1.

    Returns
    -------
    float
        Risk aversion in decimal units (convert with
        :func:`assetalloc.optimise.risk_aversion_to_percent`). The largest one in
        the range at which the optimum holds ``target_weight`` -- the most
        cautious investor who holds it -- except when the optimum holds it all
        the way up to the top of the range (a target of 0 for an asset outside
        the minimum-variance portfolio): then the smallest risk aversion of that
        stretch, the threshold at which the asset starts to move.

    Raises
    ------
    ValueError
        If no risk aversion in the range gives ``target_weight`` (the message
        names target_weight and gives the weights the scan reached), or if every
        risk aversion gives it (the weight does not depend on risk aversion, so
        none is implied).

    Notes
    -----
    A turn of the weight narrower than one grid step (a factor of about 1.12)
    is not seen by the scan; targets inside such a turn may be reported as
    unreachable.

    Examples
    --------
    >>> cov = [[0.04, 0.0], [0.0, 0.09]]
    >>> lam = implied_risk_aversion([0.05, 0.08], cov, asset=1, target_weight=0.5)
    >>> round(lam, 6)
    0.6
    >>> optimise.mean_variance_weights([0.05, 0.08], cov, lam).round(6)
    array([0.5, 0.5])
    """
    labels, mu, cov, lo, hi = optimise._problem(expected_returns, covariance, lower, upper)
    index = as_asset("asset", asset, labels, mu.size)
    target = as_float("target_weight", target_weight)
    if not lo[index] <= target <= hi[index]:
        raise ValueError(
            f"target_weight must lie within the bounds of asset {index}, "
            f"[{lo[index]:.6g}, {hi[index]:.6g}] (got {target:.6g})"
        )

    path = optimise._OptimumPath(mu, cov, lo, hi)

    def gap(t: float) -> float:
        difference = path.weights(t)[index] - target
        return 0.0 if abs(difference) <= WEIGHT_TOL else float(difference)

    bottom, top = np.log10(RISK_AVERSION_RANGE)
    grid = 1.0 / np.logspace(top, bottom, round((top - bottom) * GRID_PER_DECADE) + 1)  # 1 / lambda, ascending
    gaps, scanned, reached_on_stretches = [gap(grid[0])], [grid[0]], []
    held_from_top = gaps[0] == 0.0
    k = 1
    while k < grid.size:  # down in risk aversion until the weight reaches the target
        # Grid points on the same stretch as the last one, where the weight is linear and does not
        # reach the target (or, held from the top, stays held), are skipped.
        stretch = path.stretch(scanned[-1], 1.0 / RISK_AVERSION_RANGE[0])
        line_gap = np.nan if stretch is None else stretch[1][index] - target
        if abs(line_gap) <= WEIGHT_TOL if held_from_top else line_gap * gaps[0] > 0.0:
            reached_on_stretches.append(stretch[1][index])
            k = max(k, int(np.searchsorted(grid, stretch[0] * (1.0 - STRETCH_MARGIN))))
            if k >= grid.size:
                continue  # to the end of the range without reaching it
        elif not held_from_top and line_gap * gaps[0] < 0.0:
            # The weight reaches the target on this stretch: where its line says, if the optimum there confirms it.
            found = _slope_guess(path, index, target, scanned[-1])
            if found is not None and scanned[-1] < found[0] <= stretch[0]:
                crossing, line = found
                if _on_line_at_target(path.weights(crossing), line, index, target):
                    return float(1.0 / crossing)
        gaps.append(gap(grid[k]))
        scanned.append(grid[k])
        k += 1
        if (gaps[-1] != 0.0) if held_from_top else (np.sign(gaps[-1]) != np.sign(gaps[0])):
            break
    else:
        reached = np.array([*(np.array(gaps) + target), *reached_on_stretches])
        if held_from_top:
            raise ValueError(
                f"target_weight {target:.6g} is held at every risk aversion from {1 / grid[-1]:.3g} to "
                f"{1 / grid[0]:.3g}: the weight of asset {index} does not depend on risk aversion, "
                "so no risk aversion is implied"
            )
        raise ValueError(
            f"target_weight {target:.6g} is not reached: between risk aversions {1 / grid[-1]:.3g} and "
            f"{1 / grid[0]:.3g} the optimal weight of asset {index} runs from "
            f"{reached.min():.6g} to {reached.max():.6g}"
        )
    if held_from_top:
        # Held from the top down: the last t that holds it, where the optimum starts to move away from it.
        low, _ = _boundary(path, index, target, scanned[-2], scanned[-1], lambda g: g == 0.0)
        return float(1.0 / low)
    # The first t that reaches it (crosses to the other side, or holds it): the most cautious investor's.
    side = np.sign(gaps[0])
    _, high = _boundary(path, index, target, scanned[-2], scanned[-1], lambda g: g * side > 0.0)
    return float(1.0 / high)


def weight_response(
    allocate: Callable[[np.ndarray], Any],
    expected_returns: Any,
    asset: int,
    values: Any,
) -> np.ndarray:
    """The weights an allocation rule chooses as one expected return moves.

    Parameters
    ----------
    allocate : callable
        The rule: takes expected returns (decimal, annualised, shape (n,)) and
        returns weights (shape (n,), summing to 1), e.g.
        ``lambda mu: optimise.mean_variance_weights(mu, cov, 0.75)``.
    expected_returns : array_like, shape (n,)
        The other assets' expected returns (decimal, annualised); the entry of
        ``asset`` is replaced by each of ``values``.
    asset : int
        Position of the expected return that moves (0-based).
    values : array_like, shape (k,)
        The expected returns to give ``asset`` (decimal, annualised).

    Returns
    -------
    numpy.ndarray, shape (k, n)
        Row ``j`` holds the weights for ``values[j]``.

    Examples
    --------
    >>> cov = [[0.04, 0.0], [0.0, 0.04]]
    >>> rule = lambda mu: optimise.mean_variance_weights(mu, cov, 2.0)
    >>> weight_response(rule, [0.05, 0.05], asset=1, values=[0.05, 0.09]).round(3)
    array([[0.5  , 0.5  ],
           [0.375, 0.625]])
    """
    if not callable(allocate):
        raise TypeError(f"allocate must be callable (got {type(allocate).__name__})")
    mu = as_vector("expected_returns", expected_returns)
    index = as_asset("asset", asset, aligned(("expected_returns", expected_returns))[0], mu.size)
    moves = as_vector("values", values)
    rows = []
    for value in moves:
        shifted = mu.copy()
        shifted[index] = value
        rows.append(as_weights("allocate's weights", allocate(shifted), mu.size))
    return np.vstack(rows)


def weight_change(weights_before: Any, weights_after: Any) -> float | np.ndarray:
    """The share of a portfolio that must be traded to move between two sets of weights.

    Half the sum of the absolute changes: what is sold equals what is bought,
    so 0 means no change and 1 means a completely different portfolio.

    Parameters
    ----------
    weights_before : array_like, shape (n,)
        Starting weights (decimal, sum to 1).
    weights_after : array_like, shape (n,) or (m, n)
        New weights, one portfolio or one per row (decimal, each sums to 1).

    Returns
    -------
    float or numpy.ndarray, shape (m,)
        Decimal share of the portfolio, in [0, 1].

    Examples
    --------
    >>> weight_change([0.5, 0.5, 0.0], [0.3, 0.5, 0.2])
    0.2
    """
    before = as_weights("weights_before", weights_before)
    if before.ndim != 1:
        raise ValueError(f"weights_before must be 1-D, one portfolio (got shape {before.shape})")
    after = as_weights("weights_after", weights_after, before.size)
    change = 0.5 * np.abs(after - before).sum(axis=-1)
    return plain(change)


@dataclass(frozen=True)
class ResampledPortfolio:
    """The result of :func:`resampled_weights`.

    Attributes
    ----------
    weights : numpy.ndarray or pandas.Series, shape (n,)
        The resampled portfolio: the average of ``draws`` (decimal, sums to 1,
        within the bounds, since an average of portfolios within them is).
        A Series by asset when the inputs are labelled.
    draws : numpy.ndarray or pandas.DataFrame, shape (n_draws, n)
        The optimal weights for each simulated set of inputs (a DataFrame
        with asset columns when the inputs are labelled).
    """

    weights: np.ndarray | pd.Series
    draws: np.ndarray | pd.DataFrame

    def __post_init__(self) -> None:
        weights = as_weights("weights", self.weights)
        if weights.ndim != 1:
            raise ValueError(f"weights must be 1-D, one portfolio (got shape {weights.shape})")
        draws = as_weights("draws", self.draws, weights.size)
        if draws.ndim != 2:
            raise ValueError(f"draws must be 2-D, one portfolio per row (got shape {draws.shape})")

    @property
    def standard_errors(self) -> np.ndarray:
        """Monte Carlo standard error of each average weight (decimal), shape (n,).

        The draws' standard deviation (``ddof=1``) over the square root of the
        number of draws: how much :attr:`weights` would move with another seed.
        It shrinks as ``1 / sqrt(n_draws)``. NaN for a single draw.
        """
        draws = np.asarray(self.draws, dtype=float)
        if draws.shape[0] < 2:
            return np.full(draws.shape[1], np.nan)
        return draws.std(axis=0, ddof=1) / np.sqrt(draws.shape[0])


def resampled_weights(
    expected_returns: Any,
    covariance: Any,
    risk_aversion: float,
    n_observations: int,
    n_draws: int = 200,
    periods_per_year: int = 12,
    seed: int = 0,
    lower: Any = 0.0,
    upper: Any = 1.0,
) -> ResampledPortfolio:
    """Resampled efficiency: the optimal weights averaged over re-estimated inputs.

    The inputs are treated as estimates from ``n_observations`` returns of
    ``1 / periods_per_year`` of a year each (126 months for February 1999 to
    July 2009). Each draw simulates such a history from a normal distribution
    with the given expected returns and covariance (``mu / periods_per_year``
    and ``covariance / periods_per_year`` per period), re-estimates both from
    it (sample mean and sample covariance, annualised), and solves
    :func:`assetalloc.optimise.mean_variance_weights` with them. The average of
    the draws' optimal weights is the resampled portfolio (Michaud 1998).

    The same ``seed`` gives the same standard-normal shocks whatever the
    inputs, so that results for nearby inputs differ only because the inputs
    do (common random numbers): curves of resampled weights are smooth.

    Parameters
    ----------
    expected_returns : array_like, shape (n,)
        Expected returns, decimal, annualised.
    covariance : array_like, shape (n, n)
        Covariance matrix, decimal, annualised.
    risk_aversion : float
        Risk aversion in decimal units, > 0.
    n_observations : int
        Length of the history the inputs are estimated from, in periods (>= 2).
    n_draws : int
        Number of simulated histories (>= 1).
    periods_per_year : int
        Periods in a year (12 for monthly data).
    seed : int
        Seed of the random-number generator (numpy ``default_rng``).
    lower, upper : float or array_like, shape (n,)
        Bounds on each weight (decimal). Default long-only: 0 and 1.

    Returns
    -------
    ResampledPortfolio
        The average weights and every draw's weights.

    Examples
    --------
    >>> cov = [[0.04, 0.0], [0.0, 0.04]]
    >>> result = resampled_weights([0.05, 0.06], cov, 2.0, n_observations=120, n_draws=50)
    >>> result.draws.shape, bool(abs(result.weights.sum() - 1) < 1e-12)
    ((50, 2), True)
    """
    labels, mu, cov, lo, hi = optimise._problem(expected_returns, covariance, lower, upper)
    lam = as_positive("risk_aversion", risk_aversion)
    observations = as_int_at_least("n_observations", n_observations, 2)
    draws = as_int_at_least("n_draws", n_draws, 1)
    if draws * observations * mu.size > MAX_SIMULATED_RETURNS:
        raise ValueError(
            f"n_draws x n_observations x assets must be at most {MAX_SIMULATED_RETURNS:,} simulated returns "
            f"(got {draws:,} x {observations:,} x {mu.size}): use fewer draws or observations"
        )
    periods = as_int_at_least("periods_per_year", periods_per_year, 1)
    seed_value = as_int_at_least("seed", seed, 0)

    values, vectors = np.linalg.eigh(cov / periods)
    root = vectors * np.sqrt(np.clip(values, 0.0, None))  # root @ root.T = cov / periods
    shocks = np.random.default_rng(seed_value).standard_normal((draws, observations, mu.size))
    histories = mu / periods + shocks @ root.T
    means = histories.mean(axis=1) * periods
    centred = histories - histories.mean(axis=1, keepdims=True)
    covariances = np.einsum("dti,dtj->dij", centred, centred) * (periods / (observations - 1))
    weights = optimise._mean_variance_many(means, covariances, lam, lo, hi)  # sample covariances: PSD
    return ResampledPortfolio(weights=labelled(weights.mean(axis=0), labels), draws=labelled(weights, labels))


# --------------------------------------------------------------------------- internals


def _slope_guess(path: optimise._OptimumPath, index: int, target: float,
                 end: float) -> tuple[float, np.ndarray] | None:
    """Where the line of the stretch of the path through ``end`` puts the weight of ``index`` at ``target``:
    ``(t, the weights on that line at t)``; None if the stretch has no slope, or the weight does not move on it."""
    w = path.weights(end)
    slope = path.slope(w)
    if slope is None or slope[index] == 0.0:
        return None
    t = end + (target - w[index]) / slope[index]
    return t, w + slope * (t - end)


def _on_line_at_target(weights: np.ndarray, line: np.ndarray, index: int, target: float) -> bool:
    """Whether an optimum is the stretch's line (within :data:`WEIGHT_TOL`) and holds ``target`` of ``index``."""
    return bool(np.abs(weights - line).max() <= WEIGHT_TOL and abs(weights[index] - target) <= WEIGHT_TOL)


def _boundary(path: optimise._OptimumPath, index: int, target: float, low: float, high: float,
              low_side: Callable[[float], bool]) -> tuple[float, float]:
    """Where the weight of ``index`` passes from ``low``'s side of ``target`` to ``high``'s (``low < high`` in t).

    ``low_side`` tells from the weight minus the target (0 within :data:`WEIGHT_TOL`) whether a
    point is on ``low``'s side. Returns ``(t, t)`` when a stretch's slope reaches the target at
    a point that is on that stretch (the exact boundary); else the final bracket, its ends
    within a fraction :data:`RELATIVE_TOL` (after :data:`MAX_BRACKET_STEPS` steps at most).
    """
    bisect_next = False
    for _ in range(MAX_BRACKET_STEPS):
        if high / low - 1.0 <= RELATIVE_TOL:
            break
        guess, line = None, None
        if not bisect_next:
            for end in (high, low):
                found = _slope_guess(path, index, target, end)
                if found is not None and low < found[0] < high:
                    guess, line = found
                    break
        middle = float(np.sqrt(low * high))
        t = middle if guess is None else guess
        w = path.weights(t)
        if line is not None and _on_line_at_target(w, line, index, target):
            return t, t  # on the stretch the slope came from, at the target: the boundary itself
        gap = 0.0 if abs(w[index] - target) <= WEIGHT_TOL else float(w[index] - target)
        width = np.log(high / low)
        if low_side(gap):
            low = t
        else:
            high = t
        # A slope step that does not halve the bracket (a kink in it) is followed by a bisection step.
        bisect_next = guess is not None and np.log(high / low) > width / 2
    return low, high


def correlation_grid(
    expected_returns: Any,
    volatilities: Any,
    correlation: Any,
    asset: int,
    first_partner: int,
    first_values: Any,
    second_partner: int,
    second_values: Any,
    risk_aversion: float,
) -> pd.DataFrame:
    """Break-even return and optimal weight of ``asset`` as two of its correlations move.

    For every pair of values, the correlation of ``asset`` with
    ``first_partner`` is set to the first value and its correlation with
    ``second_partner`` to the second (both entries of the symmetric matrix),
    the covariance is rebuilt from ``volatilities``, and the asset's
    break-even expected return (:func:`assetalloc.optimise.break_even_return`)
    and its weight in the long-only optimum
    (:func:`assetalloc.optimise.mean_variance_weights`) are computed.

    Parameters
    ----------
    expected_returns : array_like, shape (n,)
        Expected returns, decimal, annualised.
    volatilities : array_like, shape (n,)
        Risks (standard deviations), decimal, annualised (>= 0).
    correlation : array_like, shape (n, n)
        The base correlation matrix; its other entries stay as they are.
    asset : int
        Position of the asset whose correlations move (0-based).
    first_partner, second_partner : int
        Positions of the two other assets (distinct, and not ``asset``).
    first_values, second_values : array_like
        Correlations to try with each partner, each in [-1, 1]; every
        combination must give a valid (positive semidefinite) correlation matrix.
    risk_aversion : float
        Risk aversion in decimal units (> 0).

    Returns
    -------
    pandas.DataFrame
        One row per combination, indexed by (``first``, ``second``) correlation
        values in the given order, with columns ``break_even`` (decimal a
        year) and ``weight`` (decimal).

    Examples
    --------
    >>> grid = correlation_grid([0.02, 0.06, 0.01], [0.05, 0.2, 0.13], [[1, 0.2, 0], [0.2, 1, 0.5], [0, 0.5, 1]],
    ...                         asset=2, first_partner=1, first_values=[0.3, 0.6], second_partner=0,
    ...                         second_values=[0.0], risk_aversion=1.5)
    >>> grid["weight"].tolist()
    [0.0, 0.0]
    """
    labels, (expected_returns, volatilities, correlation) = aligned(
        ("expected_returns", expected_returns), ("volatilities", volatilities), ("correlation", correlation),
        matrices=("correlation",),
    )
    mu = as_vector("expected_returns", expected_returns)
    sigma = as_nonnegative_vector("volatilities", volatilities, mu.size)
    base = as_correlation("correlation", correlation, mu.size)
    i = as_asset("asset", asset, labels, mu.size)
    partners = []
    for name, value in (("first_partner", first_partner), ("second_partner", second_partner)):
        j = as_asset(name, value, labels, mu.size)
        if j == i or j in partners:
            raise ValueError(f"{name} must differ from asset and from the other partner (got {j})")
        partners.append(j)
    grids = []
    for name, values in (("first_values", first_values), ("second_values", second_values)):
        grid = as_vector(name, values)
        if np.any(np.abs(grid) > 1.0):
            raise ValueError(f"{name} must be correlations in [-1, 1]")
        grids.append(grid)
    lam = as_positive("risk_aversion", risk_aversion)
    rows, index = [], []
    for a in grids[0]:
        for b in grids[1]:
            matrix = base.copy()
            for j, value in zip(partners, (a, b)):
                matrix[i, j] = matrix[j, i] = value
            if not is_positive_semidefinite(matrix):
                raise ValueError(
                    f"first_values and second_values: the pair ({a:.6g}, {b:.6g}) does not give a valid "
                    "(positive semidefinite) correlation matrix"
                )
            cov = sigma[:, None] * matrix * sigma[None, :]
            weight = optimise._mean_variance(mu, cov, lam, np.zeros(mu.size), np.ones(mu.size))[i]  # checked above
            rows.append((optimise._break_even_return(mu, cov, lam, i, np.zeros(mu.size), np.ones(mu.size)), float(weight)))
            index.append((float(a), float(b)))
    return pd.DataFrame(
        rows, columns=["break_even", "weight"], index=pd.MultiIndex.from_tuples(index, names=["first", "second"])
    )
