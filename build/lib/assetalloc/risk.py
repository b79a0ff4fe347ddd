"""Portfolio risk: covariance, volatility, risk contributions, diversification (loss budgets: :mod:`assetalloc.losses`).

Units: every return, volatility, variance and covariance is a **decimal,
annualised** number (0.2215 is a volatility of 22.15 % a year, 0.06 an expected
return of 6 % a year). Money amounts (loss limits, investments) are in any
currency unit, e.g. yen.

Weights may be one portfolio, shape ``(n,)``, or several, shape ``(m, n)`` (one
per row); functions of weights then return a float or an array ``(m,)``. Each
portfolio's weights must sum to 1 within 1e-8.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from assetalloc._tolerances import ZERO_VARIANCE_TOL
from assetalloc._validation import (
    aligned,
    as_correlation,
    as_covariance,
    as_float,
    as_int_at_least,
    as_nonnegative,
    as_nonnegative_vector,
    as_returns,
    as_vector,
    as_weights,
    labelled,
    plain,
    require,
)

__all__ = [
    "average_correlation",
    "average_variance_and_covariance",
    "compounded_volatility",
    "correlation_from_covariance",
    "covariance_from_correlation",
    "diversification_floor",
    "diversification_ratio",
    "effective_number_of_holdings",
    "equal_weight_portfolio_variance",
    "equal_weight_portfolio_volatility",
    "equal_weight_subset_volatilities",
    "equivalent_correlation",
    "portfolio_return",
    "portfolio_variance",
    "portfolio_volatility",
    "risk_contributions",
    "tracking_error",
    "two_asset_covariance",
    "two_asset_minimum_variance_weight",
    "volatilities",
]

#: Largest universe for :func:`equal_weight_subset_volatilities` (2**16 subsets).
MAX_SUBSET_ASSETS = 16


def covariance_from_correlation(volatilities: Any, correlation: Any) -> np.ndarray | pd.DataFrame:
    """Covariance matrix ``Sigma = D C D`` with ``D = diag(volatilities)``.

    Parameters
    ----------
    volatilities : array_like, shape (n,)
        Volatilities, decimal, annualised; non-negative and finite.
    correlation : array_like, shape (n, n)
        A valid correlation matrix (symmetric, unit diagonal, entries in
        [-1, 1], positive semidefinite).

    Returns
    -------
    numpy.ndarray or pandas.DataFrame, shape (n, n)
        A DataFrame with assets as rows and columns if an input is labelled;
        Covariance matrix, decimal, annualised (exactly symmetric).

    Examples
    --------
    >>> covariance_from_correlation([0.2215, 0.1959], [[1, 0.27], [0.27, 1]]).round(6)
    array([[0.049062, 0.011716],
           [0.011716, 0.038377]])
    """
    labels, (volatilities, correlation) = aligned(
        ("volatilities", volatilities), ("correlation", correlation), matrices=("correlation",)
    )
    vols = as_nonnegative_vector("volatilities", volatilities)
    corr = as_correlation("correlation", correlation, vols.size)
    return labelled(corr * np.outer(vols, vols), labels, square=True)


def two_asset_covariance(volatility_1: float, volatility_2: float, correlation: float) -> np.ndarray:
    """Covariance matrix of two assets from their volatilities and one correlation.

    Parameters
    ----------
    volatility_1, volatility_2 : float
        Volatilities, decimal, annualised (>= 0).
    correlation : float
        Correlation of the two returns, in [-1, 1].

    Returns
    -------
    numpy.ndarray, shape (2, 2)
        Covariance matrix, decimal, annualised.

    Examples
    --------
    >>> two_asset_covariance(0.2, 0.1, 0.5)
    array([[0.04, 0.01],
           [0.01, 0.01]])
    """
    rho = as_float("correlation", correlation)
    if not -1.0 <= rho <= 1.0:
        raise ValueError(f"correlation must be in [-1, 1] (got {rho})")
    vols = [as_nonnegative("volatility_1", volatility_1), as_nonnegative("volatility_2", volatility_2)]
    return covariance_from_correlation(vols, [[1.0, rho], [rho, 1.0]])


def two_asset_minimum_variance_weight(volatility_1: float, volatility_2: float, correlation: float) -> float:
    """Weight of the first of two assets in their minimum-variance mix, by the closed formula.

    ``w* = (s2**2 - rho s1 s2) / (s1**2 + s2**2 - 2 rho s1 s2)``, found by
    setting the derivative of the two-asset variance with respect to ``w`` to
    zero. The formula has no bounds: a result below 0 or above 1 means the
    lowest-risk mix sells one asset short (a long-only investor then holds
    only the other). With long-only bounds that are not binding it equals
    :func:`assetalloc.optimise.minimum_variance_weights`.

    Parameters
    ----------
    volatility_1, volatility_2 : float
        Volatilities, decimal, annualised (>= 0).
    correlation : float
        Correlation of the two returns, in [-1, 1].

    Returns
    -------
    float
        Weight of the first asset (decimal); the second holds ``1 - w*``.

    Raises
    ------
    ValueError
        Naming ``correlation`` when every mix has the same variance (equal
        volatilities and correlation 1, or both volatilities zero): there is
        no single minimum.

    Examples
    --------
    The source's table 1 inputs (domestic 22.15 %, foreign 19.59 %, correlation 0.27):

    >>> round(two_asset_minimum_variance_weight(0.2215, 0.1959, 0.27), 4)
    0.4165

    With correlation -1 the minimum has no risk at all, at ``s2 / (s1 + s2)``:

    >>> round(two_asset_minimum_variance_weight(0.2215, 0.1959, -1.0), 4)
    0.4693
    """
    covariance = two_asset_covariance(volatility_1, volatility_2, correlation)
    (variance_1, cross), (_, variance_2) = covariance
    denominator = variance_1 + variance_2 - 2.0 * cross
    scale = max(variance_1, variance_2)
    if denominator <= ZERO_VARIANCE_TOL * scale or scale == 0.0:
        raise ValueError(
            "correlation is 1 with equal volatilities (or both volatilities are 0): every mix has the same "
            "variance, so there is no single minimum-variance weight"
        )
    return float((variance_2 - cross) / denominator)


def average_correlation(covariance: Any) -> float:
    """Mean of the pairwise correlations implied by a covariance matrix (off-diagonal entries).

    Parameters
    ----------
    covariance : array_like, shape (n, n), n >= 2
        Covariance matrix, decimal, annualised; every variance > 0.

    Examples
    --------
    >>> round(average_correlation([[0.04, 0.01], [0.01, 0.01]]), 6)
    0.5
    """
    correlation = _correlation(as_covariance("covariance", covariance))
    n = correlation.shape[0]
    if n < 2:
        raise ValueError(f"covariance must be at least 2 x 2 to have correlations (got {n} x {n})")
    return float((correlation.sum() - n) / (n * (n - 1)))


def volatilities(covariance: Any) -> np.ndarray | pd.Series:
    """Each asset's volatility, the square root of the covariance matrix's diagonal.

    Parameters
    ----------
    covariance : array_like, shape (n, n)
        Covariance matrix, decimal, annualised.

    Returns
    -------
    numpy.ndarray or pandas.Series, shape (n,)
        A Series by asset if ``covariance`` is a labelled DataFrame;
        Volatilities, decimal, annualised.

    Examples
    --------
    >>> volatilities([[0.04, 0.01], [0.01, 0.0225]])
    array([0.2 , 0.15])
    """
    return labelled(_volatilities(as_covariance("covariance", covariance)), _asset_labels(covariance))


def correlation_from_covariance(covariance: Any) -> np.ndarray | pd.DataFrame:
    """Correlation matrix ``C = D^-1 Sigma D^-1`` from a covariance matrix.

    Parameters
    ----------
    covariance : array_like, shape (n, n)
        Covariance matrix, decimal, annualised; every variance must be > 0.

    Returns
    -------
    numpy.ndarray or pandas.DataFrame, shape (n, n)
        Correlations (unit diagonal, entries in [-1, 1]); a DataFrame with the
        covariance's labels if it is labelled.

    Examples
    --------
    >>> correlation_from_covariance([[0.04, 0.006], [0.006, 0.01]])
    array([[1. , 0.3],
           [0.3, 1. ]])
    """
    return labelled(_correlation(as_covariance("covariance", covariance)), _asset_labels(covariance), square=True)


def portfolio_return(weights: Any, expected_returns: Any) -> float | np.ndarray:
    """Expected portfolio return ``w' mu`` (decimal, annualised).

    Parameters
    ----------
    weights : array_like, shape (n,) or (m, n)
        Portfolio weights (decimal), each portfolio summing to 1.
    expected_returns : array_like, shape (n,)
        Expected returns, decimal, annualised.

    Returns
    -------
    float or numpy.ndarray, shape (m,)

    Examples
    --------
    >>> round(portfolio_return([0.4, 0.6], [0.05, 0.07]), 6)
    0.062
    """
    _, (weights, expected_returns) = aligned(("weights", weights), ("expected_returns", expected_returns))
    mu = as_vector("expected_returns", expected_returns)
    w = as_weights("weights", weights, mu.size)
    return plain(w @ mu)


def portfolio_variance(weights: Any, covariance: Any) -> float | np.ndarray:
    """Portfolio variance ``w' Sigma w`` (decimal, annualised).

    Tiny negative values from rounding (a PSD matrix within tolerance) are
    returned as 0.

    Parameters
    ----------
    weights : array_like, shape (n,) or (m, n)
        Portfolio weights (decimal), each portfolio summing to 1.
    covariance : array_like, shape (n, n)
        Covariance matrix, decimal, annualised.

    Returns
    -------
    float or numpy.ndarray, shape (m,)

    Examples
    --------
    >>> round(portfolio_variance([0.5, 0.5], [[0.04, 0.0], [0.0, 0.04]]), 6)
    0.02
    """
    _, w, cov = _weights_and_covariance(weights, covariance)
    return plain(_variance(w, cov))


def portfolio_volatility(weights: Any, covariance: Any) -> float | np.ndarray:
    """Portfolio volatility ``sqrt(w' Sigma w)`` (decimal, annualised).

    Parameters
    ----------
    weights : array_like, shape (n,) or (m, n)
        Portfolio weights (decimal), each portfolio summing to 1.
    covariance : array_like, shape (n, n)
        Covariance matrix, decimal, annualised.

    Returns
    -------
    float or numpy.ndarray, shape (m,)

    Examples
    --------
    The source's 40/60 domestic/foreign stock portfolio:

    >>> cov = covariance_from_correlation([0.2215, 0.1959], [[1, 0.27], [0.27, 1]])
    >>> round(portfolio_volatility([0.4, 0.6], cov), 4)
    0.1652
    """
    _, w, cov = _weights_and_covariance(weights, covariance)
    return plain(np.sqrt(_variance(w, cov)))


def risk_contributions(weights: Any, covariance: Any) -> np.ndarray | pd.Series | pd.DataFrame:
    """Each asset's share of portfolio variance, ``w_i (Sigma w)_i / (w' Sigma w)``.

    The shares sum to 1 (a negative share means the asset hedges the others).

    Parameters
    ----------
    weights : array_like, shape (n,) or (m, n)
        Portfolio weights (decimal), each portfolio summing to 1.
    covariance : array_like, shape (n, n)
        Covariance matrix, decimal, annualised.

    Returns
    -------
    numpy.ndarray, pandas.Series or pandas.DataFrame, shape (n,) or (m, n)
        Fractions of variance (decimal); labelled by asset (a Series, or a
        DataFrame with asset columns) if an input is labelled.

    Raises
    ------
    ValueError
        If a portfolio has zero variance (the shares are undefined).

    Examples
    --------
    >>> risk_contributions([0.5, 0.5], [[0.04, 0.0], [0.0, 0.01]])
    array([0.8, 0.2])
    """
    labels, w, cov = _weights_and_covariance(weights, covariance)
    return labelled(_risk_contributions(w, cov), labels)


def diversification_ratio(weights: Any, covariance: Any) -> float | np.ndarray:
    """Weighted average volatility over portfolio volatility, ``(sum w_i sigma_i) / sigma_p``.

    At least 1 for long-only weights (equal to 1 when all correlations are 1).

    Parameters
    ----------
    weights : array_like, shape (n,) or (m, n)
        Portfolio weights (decimal), each portfolio summing to 1.
    covariance : array_like, shape (n, n)
        Covariance matrix, decimal, annualised.

    Returns
    -------
    float or numpy.ndarray, shape (m,)
        The ratio (dimensionless).

    Raises
    ------
    ValueError
        If a portfolio has zero variance.

    Examples
    --------
    >>> round(diversification_ratio([0.5, 0.5], [[0.04, 0.0], [0.0, 0.04]]), 4)
    1.4142
    """
    _, w, cov = _weights_and_covariance(weights, covariance)
    variance = _risky_variance(w, cov, "the diversification ratio")
    return plain(w @ _volatilities(cov) / np.sqrt(variance))


def effective_number_of_holdings(weights: Any) -> float | np.ndarray:
    """Inverse Herfindahl index ``1 / sum w_i^2``.

    Between 1 and n for long-only weights; n for equal weights.

    Parameters
    ----------
    weights : array_like, shape (n,) or (m, n)
        Portfolio weights (decimal), each portfolio summing to 1.

    Returns
    -------
    float or numpy.ndarray, shape (m,)

    Examples
    --------
    >>> effective_number_of_holdings([0.25, 0.25, 0.25, 0.25])
    4.0
    """
    w = as_weights("weights", weights)
    return plain(1.0 / (w * w).sum(axis=-1))


def average_variance_and_covariance(covariance: Any) -> tuple[float, float]:
    """Mean of the variances (diagonal) and of the covariances (off-diagonal entries).

    Parameters
    ----------
    covariance : array_like, shape (n, n), n >= 2
        Covariance matrix, decimal, annualised.

    Returns
    -------
    (float, float)
        Average variance and average covariance (decimal, annualised).

    Examples
    --------
    >>> avg_var, avg_cov = average_variance_and_covariance([[0.04, 0.01], [0.01, 0.02]])
    >>> round(avg_var, 6), round(avg_cov, 6)
    (0.03, 0.01)
    """
    cov = as_covariance("covariance", covariance)
    n = cov.shape[0]
    if n < 2:
        raise ValueError(f"covariance must be at least 2 x 2 to have covariances (got {n} x {n})")
    trace = float(np.trace(cov))
    return trace / n, (float(cov.sum()) - trace) / (n * (n - 1))


def equivalent_correlation(covariance: Any) -> float:
    """The one correlation that makes the law of diversification exact: ``avg_cov / avg_var``.

    With ``sigma = sqrt(avg_var)`` and this correlation, the law of
    :func:`equal_weight_portfolio_volatility` gives exactly the average
    variance of every equal-weight portfolio of N of the assets
    (:func:`equal_weight_portfolio_variance` with the universe's averages), and
    :func:`diversification_floor` gives ``sqrt(avg_cov)``. It differs a little
    from :func:`average_correlation` (the plain mean of the pairwise
    correlations) when the assets' risks differ.

    Parameters
    ----------
    covariance : array_like, shape (n, n), n >= 2
        Covariance matrix, decimal, annualised; average variance > 0 and
        average covariance >= 0 (the law's floor needs a non-negative one).

    Returns
    -------
    float
        A correlation in [0, 1] (dimensionless).

    Examples
    --------
    >>> round(equivalent_correlation([[0.04, 0.01], [0.01, 0.01]]), 6)
    0.4
    """
    average_variance, average_covariance = average_variance_and_covariance(covariance)
    if average_variance <= 0.0:
        raise ValueError("covariance must have a positive average variance")
    if average_covariance < 0.0:
        raise ValueError(
            f"covariance must have a non-negative average covariance (got {average_covariance:.6g}): "
            "a negative one cannot hold for every number of holdings"
        )
    return float(min(average_covariance / average_variance, 1.0))


def equal_weight_portfolio_variance(
    n_assets: Any, average_variance: float, average_covariance: float
) -> float | np.ndarray:
    """Variance of an equally weighted portfolio of N assets, ``avg_var / N + (1 - 1/N) avg_cov``.

    Exactly the average, over all N-asset subsets of a universe, of the
    equal-weight subset variance, when the averages are the universe's. As N
    grows it falls towards the average covariance: the risk diversification
    cannot remove.

    Parameters
    ----------
    n_assets : int or array_like of int
        Number of assets N (>= 1); an array gives one result per entry.
    average_variance : float
        Average variance, decimal, annualised (>= 0).
    average_covariance : float
        Average covariance, decimal, annualised.

    Returns
    -------
    float or numpy.ndarray
        Variance (decimal, annualised), shaped like ``n_assets``.

    Examples
    --------
    >>> equal_weight_portfolio_variance([1, 2, 4], 0.04, 0.01)
    array([0.04  , 0.025 , 0.0175])
    """
    n = as_int_at_least("n_assets", n_assets, 1)
    var = as_nonnegative("average_variance", average_variance)
    cov = as_float("average_covariance", average_covariance)
    if cov > var:
        raise ValueError(
            f"average_covariance must be <= average_variance ({var:.6g}): no valid covariance matrix "
            f"has a larger average covariance than variance (got {cov:.6g})"
        )
    most = int(np.max(n))
    if most > 1 and cov < -var / (most - 1):
        raise ValueError(
            f"average_covariance must be >= -average_variance / (n_assets - 1) = {-var / (most - 1):.6g} "
            f"for n_assets = {most}: below it the equally weighted portfolio's variance would be negative "
            f"(got {cov:.6g})"
        )
    return plain(np.asarray(var / n + (1.0 - 1.0 / n) * cov))


def equal_weight_portfolio_volatility(
    n_assets: Any, average_volatility: float, average_correlation: float
) -> float | np.ndarray:
    """Volatility of N equally weighted assets that share one volatility and one pairwise correlation.

    ``average_volatility * sqrt(1/N + (1 - 1/N) * average_correlation)``: the
    law of :func:`equal_weight_portfolio_variance` for a market where every
    asset has volatility sigma and every pair correlation rho.

    Parameters
    ----------
    n_assets : int or array_like of int
        Number of assets N (>= 1).
    average_volatility : float
        Volatility of one asset, decimal, annualised (>= 0).
    average_correlation : float
        Correlation of every pair, in [0, 1] (a negative average correlation
        cannot hold for every N).

    Returns
    -------
    float or numpy.ndarray
        Volatility, decimal, annualised, shaped like ``n_assets``.

    Examples
    --------
    >>> equal_weight_portfolio_volatility([1, 4], 0.2, 0.0)
    array([0.2, 0.1])
    """
    vol = as_nonnegative("average_volatility", average_volatility)
    rho = _common_correlation(average_correlation)
    return np.sqrt(equal_weight_portfolio_variance(n_assets, vol**2, rho * vol**2))


def diversification_floor(average_volatility: float, average_correlation: float) -> float:
    """The volatility no number of equally weighted holdings goes below: ``sigma * sqrt(rho)``.

    The limit of :func:`equal_weight_portfolio_volatility` as N grows: the
    systematic risk that all holdings share.

    Parameters
    ----------
    average_volatility : float
        Volatility of one asset, decimal, annualised (>= 0).
    average_correlation : float
        Correlation of every pair, in [0, 1].

    Examples
    --------
    >>> round(diversification_floor(0.3, 0.25), 6)
    0.15
    """
    vol = as_nonnegative("average_volatility", average_volatility)
    return float(vol * np.sqrt(_common_correlation(average_correlation)))


def equal_weight_subset_volatilities(covariance: Any) -> pd.DataFrame:
    """Volatility of every equally weighted portfolio of N of the assets, summarised by N.

    For each N from 1 to n, all ``n choose N`` subsets are formed; the mean,
    minimum and maximum of their equal-weight volatilities are returned. The
    mean of their *variances* equals :func:`equal_weight_portfolio_variance`
    with the universe's averages exactly.

    Parameters
    ----------
    covariance : array_like, shape (n, n), 1 <= n <= 16
        Covariance matrix, decimal, annualised.

    Returns
    -------
    pandas.DataFrame
        Index ``holdings`` (1..n); columns ``mean``, ``min``, ``max`` (decimal,
        annualised volatility) and ``mean_variance``.
    """
    cov = as_covariance("covariance", covariance)
    n = cov.shape[0]
    if n > MAX_SUBSET_ASSETS:
        raise ValueError(f"covariance has {n} assets; at most {MAX_SUBSET_ASSETS} (2**n subsets are formed)")
    members = (np.arange(1, 2**n)[:, None] >> np.arange(n)) & 1
    sizes = members.sum(axis=1)
    variances = _variance(members / sizes[:, None], cov)
    table = pd.DataFrame({"holdings": sizes, "volatility": np.sqrt(variances), "variance": variances})
    summary = table.groupby("holdings").agg(
        mean=("volatility", "mean"), min=("volatility", "min"), max=("volatility", "max"),
        mean_variance=("variance", "mean"),
    )
    return summary


def tracking_error(active: Any, covariance: Any) -> float | np.ndarray:
    """Ex-ante tracking error ``sqrt(a' Sigma a)`` of active weights (decimal, annualised).

    The standard deviation of the portfolio's return minus the benchmark's, if
    the covariance matrix is right.

    Parameters
    ----------
    active : array_like, shape (n,) or (m, n)
        Active weights (decimal), each row summing to 0.
    covariance : array_like, shape (n, n)
        Covariance matrix of the assets' returns, decimal, annualised.

    Returns
    -------
    float or numpy.ndarray, shape (m,)

    Examples
    --------
    >>> round(tracking_error([0.1, -0.1], [[0.04, 0.0], [0.0, 0.0025]]), 6)
    0.020616
    """
    _, a, cov = _weights_and_covariance(active, covariance, name="active", total=0.0)
    return plain(np.sqrt(_variance(a, cov)))




def compounded_volatility(mean: float, volatility: float, periods: int = 12) -> float:
    """Standard deviation of the compound return over ``periods`` independent periods (decimal).

    If each period's simple return has mean ``mu`` and standard deviation
    ``sigma`` and the periods are independent and identically distributed,
    the compound return ``prod(1 + r) - 1`` has variance
    ``(sigma**2 + (1 + mu)**2)**n - (1 + mu)**(2 n)`` (exact; no normality
    needed). It is above ``sigma * sqrt(n)``, the square-root-of-time rule,
    because compounding multiplies the periods' returns instead of adding
    them: the rule is exact only for returns that add, such as log returns.

    Parameters
    ----------
    mean : float
        Mean simple return of one period (decimal, > -1).
    volatility : float
        Standard deviation of one period's return (decimal, >= 0).
    periods : int
        Number of periods compounded (>= 1), e.g. 12 months in a year.

    Returns
    -------
    float
        Standard deviation of the compound return over all periods (decimal).

    Examples
    --------
    >>> round(compounded_volatility(0.0, 0.1, 1), 6)
    0.1
    >>> round(compounded_volatility(0.0, 0.1, 2), 6)
    0.141774
    """
    mu = as_returns("mean", as_float("mean", mean))
    sigma = as_nonnegative("volatility", volatility)
    n = int(as_int_at_least("periods", periods, 1))
    gross = 1.0 + mu
    variance = (sigma**2 + gross**2) ** n - gross ** (2 * n)
    return float(np.sqrt(max(variance, 0.0)))





# --------------------------------------------------------------------------- internals


def _weights_and_covariance(
    weights: Any, covariance: Any, name: str = "weights", total: float = 1.0
) -> tuple[pd.Index | None, np.ndarray, np.ndarray]:
    """Asset labels (None if neither argument has any), weights and covariance, validated and aligned."""
    labels, (weights, covariance) = aligned((name, weights), ("covariance", covariance), matrices=("covariance",))
    cov = as_covariance("covariance", covariance)
    return labels, as_weights(name, weights, cov.shape[0], total=total), cov


def _asset_labels(covariance: Any) -> pd.Index | None:
    """A covariance's asset labels (its rows, checked equal to its columns), or None."""
    return aligned(("covariance", covariance), matrices=("covariance",))[0]


def _variance(w: np.ndarray, cov: np.ndarray) -> np.ndarray:
    return np.maximum(((w @ cov) * w).sum(axis=-1), 0.0)


def _risk_contributions(w: np.ndarray, cov: np.ndarray) -> np.ndarray:
    """``w_i (Sigma w)_i / (w' Sigma w)`` for validated weights (one portfolio or rows); ValueError if riskless."""
    variance = _risky_variance(w, cov, "risk contributions")
    return w * (w @ cov) / variance[..., None]


def _correlation(cov: np.ndarray) -> np.ndarray:
    """Correlations of a validated covariance; every variance must be > 0."""
    variances = np.diag(cov)
    require("covariance diagonal", variances, variances > 0, "> 0 for correlations to exist")
    vols = np.sqrt(variances)
    corr = np.clip(cov / np.outer(vols, vols), -1.0, 1.0)
    np.fill_diagonal(corr, 1.0)
    return corr


def _volatilities(cov: np.ndarray) -> np.ndarray:
    return np.sqrt(np.maximum(np.diag(cov), 0.0))


def _risky_variance(w: np.ndarray, cov: np.ndarray, what: str) -> np.ndarray:
    """Portfolio variance, or ValueError if a portfolio is riskless (``what`` is undefined)."""
    variance = _variance(w, cov)
    ceiling = (np.abs(w) @ _volatilities(cov)) ** 2
    riskless = np.atleast_1d(variance <= ZERO_VARIANCE_TOL * ceiling)
    if riskless.any():
        where = "" if w.ndim == 1 else f" (row {int(np.argmax(riskless))})"
        raise ValueError(
            f"weights give a portfolio with zero variance{where}, so {what} is undefined"
        )
    return variance


def _common_correlation(average_correlation: float) -> float:
    rho = as_float("average_correlation", average_correlation)
    if not 0.0 <= rho <= 1.0:
        raise ValueError(f"average_correlation must be in [0, 1] (got {rho})")
    return rho

