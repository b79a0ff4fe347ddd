"""The loss budget: how bad a bad year is, how much to invest, and what a longer horizon changes.

Chapter 1's investor names a *loss limit*, the most money they can lose in a
bad year without changing their life. With a portfolio's expected return and
risk, a *bad year* is ``k`` standard deviations below the expected return
(:func:`worst_case_return`, the source's k = 2), and the *loss budget* is the
largest investment whose bad-year loss stays within the limit
(:func:`max_investment_for_loss`, :func:`loss_budget` for several portfolios).

Over a horizon of ``T`` independent years (returns added, not compounded)
the cumulative return has mean ``T mu`` and standard deviation ``sqrt(T)
sigma``: the chance of ending with a loss falls with ``T``
(:func:`loss_probability`), while the gap between the expected outcome and a
bad one, ``k sqrt(T) sigma``, grows (:func:`horizon_outcomes`). A long horizon
does not make a risky portfolio safe (Samuelson 1963, 1969; Bodie 1995).

Units: returns and volatilities are DECIMALS a year (0.2215 is 22.15 % a
year); money (loss limits, investments) in any currency unit, e.g. yen;
horizons in years.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import pandas as pd

from assetalloc._validation import (
    as_float,
    as_float_or_array,
    as_int_at_least,
    as_label,
    as_labelled_vector,
    as_nonnegative,
    as_positive,
    require,
)

__all__ = [
    "bad_year_probability",
    "break_even_horizon",
    "horizon_outcomes",
    "loss_budget",
    "loss_probability",
    "max_investment_for_loss",
    "worst_case_return",
]

#: Longest horizon :func:`horizon_outcomes` and :func:`loss_probability` accept (years).
MAX_HORIZON_YEARS = 200


def worst_case_return(
    expected_return: float, volatility: Any, k: float = 2.0
) -> float | np.ndarray:
    """The return of a bad year, ``expected_return - k * volatility`` (decimal, annualised).

    With k = 2 and normal returns, a year at least this bad comes with
    probability :func:`bad_year_probability` (2) = 2.3 %, about one year in 44.

    Parameters
    ----------
    expected_return : float
        Expected return, decimal, annualised.
    volatility : float or array_like
        Volatility (or several), decimal, annualised, >= 0.
    k : float
        Number of standard deviations (> 0).

    Returns
    -------
    float or numpy.ndarray
        Shaped like ``volatility``.

    Examples
    --------
    The source's domestic stocks: 6 % expected return, 22.15 % volatility.

    >>> round(worst_case_return(0.06, 0.2215), 4)
    -0.383
    """
    mu = as_float("expected_return", expected_return)
    vol = as_float_or_array("volatility", volatility, nonnegative=True)
    return _worst_case(mu, vol, as_positive("k", k))


def bad_year_probability(k: float = 2.0) -> float:
    """Probability that a normally distributed return falls more than ``k`` standard deviations below its mean.

    ``P(Z < -k) = erfc(k / sqrt(2)) / 2`` for a standard normal ``Z``: the
    chance of a year worse than :func:`worst_case_return`. The bad-year return
    is then a one-sided value at risk at the confidence level ``1 - p``
    (97.7 % for k = 2). Real returns have fatter tails than the normal, so
    real crashes come more often than this.

    Parameters
    ----------
    k : float
        Number of standard deviations below the mean (finite; a negative k
        asks for the chance of falling below a level *above* the mean).

    Returns
    -------
    float
        A probability (decimal, per year if the returns are annual).

    Examples
    --------
    >>> round(bad_year_probability(2.0), 5)
    0.02275
    >>> round(1 / bad_year_probability(2.0))
    44
    >>> bad_year_probability(0.0)
    0.5
    """
    sigmas = as_float("k", k)
    return float(_normal_tail(sigmas))


def break_even_horizon(expected_return: float, volatility: float, k: float = 2.0) -> float:
    """Years after which the k-sigma bad outcome of the cumulative return is no longer a loss.

    Over ``T`` independent years the cumulative return has mean ``T * mu`` and
    standard deviation ``sqrt(T) * sigma`` (simple sums), so its bad outcome
    ``T * mu - k * sqrt(T) * sigma`` (:func:`worst_case_return` of those) is
    zero at ``T = (k * sigma / mu) ** 2`` and positive after.

    Parameters
    ----------
    expected_return : float
        Expected return, decimal a year, > 0 (otherwise the bad outcome stays a loss).
    volatility : float
        Volatility, decimal a year, >= 0.
    k : float
        Number of standard deviations (> 0).

    Returns
    -------
    float
        The horizon, in years (not rounded).

    Examples
    --------
    >>> round(break_even_horizon(0.06, 0.2215), 1)
    54.5
    """
    mu = as_positive("expected_return", expected_return)
    sigma = as_nonnegative("volatility", volatility)
    return float((as_positive("k", k) * sigma / mu) ** 2)


def max_investment_for_loss(
    loss_limit: float, expected_return: float, volatility: Any, k: float = 2.0
) -> float | np.ndarray:
    """The largest amount whose k-sigma bad-year loss stays within ``loss_limit``.

    ``loss_limit / (k * volatility - expected_return)``.

    Parameters
    ----------
    loss_limit : float
        The most money one can afford to lose in a bad year (> 0), e.g. 1_000_000 yen.
    expected_return : float
        Expected return, decimal, annualised.
    volatility : float or array_like
        Volatility (or several), decimal, annualised, >= 0.
    k : float
        Number of standard deviations (> 0).

    Returns
    -------
    float or numpy.ndarray
        Amount of money (the unit of ``loss_limit``), shaped like ``volatility``.

    Raises
    ------
    ValueError
        Naming ``volatility`` if ``k * volatility <= expected_return``: even a
        bad year makes no loss, so there is no loss to budget.

    Examples
    --------
    >>> round(max_investment_for_loss(1_000_000, 0.06, 0.2215))
    2610966
    """
    limit = as_positive("loss_limit", loss_limit)
    mu = as_float("expected_return", expected_return)
    vol = as_float_or_array("volatility", volatility, nonnegative=True)
    return _max_investment(limit, mu, vol, as_positive("k", k), "volatility")


def loss_budget(
    expected_return: float, volatilities: Any, loss_limit: float, k: float = 2.0, baseline: Any = None
) -> pd.DataFrame:
    """How much to invest in each candidate portfolio for a given bad-year loss limit.

    Parameters
    ----------
    expected_return : float
        Expected return shared by the portfolios, decimal, annualised.
    volatilities : pandas.Series or dict
        Volatility of each portfolio (decimal, annualised, >= 0), labelled by name.
    loss_limit : float
        The most money one can afford to lose in a bad year (> 0).
    k : float
        Number of standard deviations (> 0).
    baseline : label, optional
        A portfolio to compare the others with; adds the columns
        ``extra_investment`` and ``extra_expected_gain`` (money, and money per
        year, relative to the baseline's row).

    Returns
    -------
    pandas.DataFrame
        Indexed by portfolio name, with columns ``volatility`` and
        ``worst_case_return`` (decimal, annualised), ``max_investment`` (money)
        and ``expected_gain`` (``max_investment * expected_return``, money per year).

    Examples
    --------
    >>> table = loss_budget(0.06, {"domestic": 0.2215, "40/60": 0.1652}, 1_000_000)
    >>> table["max_investment"].round(-3)
    domestic    2611000.0
    40/60       3698000.0
    Name: max_investment, dtype: float64
    """
    mu = as_float("expected_return", expected_return)
    names, vols = as_labelled_vector("volatilities", volatilities, nonnegative=True)
    limit = as_positive("loss_limit", loss_limit)
    sigmas = as_positive("k", k)
    invest = _max_investment(limit, mu, vols, sigmas, "volatilities")
    table = pd.DataFrame(
        {
            "volatility": vols,
            "worst_case_return": _worst_case(mu, vols, sigmas),
            "max_investment": invest,
            "expected_gain": invest * mu,
        },
        index=names,
    )
    if baseline is None:
        return table
    as_label("baseline", baseline, table.index)
    reference = table.loc[baseline]
    return table.assign(
        extra_investment=table["max_investment"] - reference["max_investment"],
        extra_expected_gain=table["expected_gain"] - reference["expected_gain"],
    )

def loss_probability(expected_return: float, volatility: float, years: Any = 1) -> float | np.ndarray:
    """Chance that the cumulative return over ``years`` independent years is a loss (decimal).

    The cumulative return (a simple sum of yearly returns, normally
    distributed) has mean ``T mu`` and standard deviation ``sqrt(T) sigma``,
    so ``P(loss) = Phi(-sqrt(T) mu / sigma)``: it falls with the horizon when
    ``mu > 0``. That is not the same as less risk: the spread of outcomes,
    ``sqrt(T) sigma``, grows (:func:`horizon_outcomes`).

    Parameters
    ----------
    expected_return : float
        Expected return, decimal a year.
    volatility : float
        Volatility, decimal a year, > 0.
    years : int or array_like of int
        Horizon(s), in years, each in [1, :data:`MAX_HORIZON_YEARS`].

    Returns
    -------
    float or numpy.ndarray
        Probability (decimal), shaped like ``years``.

    Examples
    --------
    >>> round(loss_probability(0.06, 0.2215, 1), 4)
    0.3932
    >>> round(loss_probability(0.06, 0.2215, 25), 4)
    0.0878
    """
    mu = as_float("expected_return", expected_return)
    sigma = as_positive("volatility", volatility)
    horizons = _horizons(years)
    return _loss_probability(mu, sigma, horizons)


def horizon_outcomes(expected_return: float, volatility: float, years: Any, k: float = 2.0) -> pd.DataFrame:
    """What a longer horizon changes: chance of a loss, expected and bad outcomes, and the gap between them.

    Independent years, returns added (not compounded), normal: over ``T``
    years the cumulative return has mean ``T mu`` and standard deviation
    ``sqrt(T) sigma``.

    Parameters
    ----------
    expected_return : float
        Expected return, decimal a year.
    volatility : float
        Volatility, decimal a year, > 0.
    years : int or array_like of int
        Horizon(s), in years, each in [1, :data:`MAX_HORIZON_YEARS`]; one dimension.
    k : float
        Size of the bad outcome in standard deviations of the cumulative return (> 0).

    Returns
    -------
    pandas.DataFrame
        Indexed by ``years``; columns ``loss_probability`` (decimal),
        ``expected`` (``T mu``), ``bad_outcome`` (``T mu - k sqrt(T) sigma``)
        and ``shortfall`` (``k sqrt(T) sigma``, how far the bad outcome falls
        short of the expected one), all decimal returns over the whole horizon.

    Examples
    --------
    >>> table = horizon_outcomes(0.06, 0.2215, [1, 25])
    >>> table["shortfall"].round(4).tolist()
    [0.443, 2.215]
    """
    mu = as_float("expected_return", expected_return)
    sigma = as_positive("volatility", volatility)
    horizons = _horizons(years)
    if horizons.ndim > 1:
        raise ValueError(f"years must be one horizon or a list of horizons (got an array of shape {horizons.shape})")
    horizons = np.atleast_1d(horizons)
    return pd.DataFrame(_horizon_outcomes(mu, sigma, horizons, as_positive("k", k)),
                        index=pd.Index(horizons.astype(int), name="years"))


# --------------------------------------------------------------------------- internals


def _horizon_outcomes(mu: float, sigma: float, horizons: np.ndarray, k: float) -> dict[str, np.ndarray]:
    """The columns of :func:`horizon_outcomes` for checked inputs (``horizons`` a 1-d float array)."""
    spread = np.sqrt(horizons) * sigma
    return {
        "loss_probability": np.atleast_1d(_loss_probability(mu, sigma, horizons)),
        "expected": horizons * mu,
        "bad_outcome": _worst_case(horizons * mu, spread, k),
        "shortfall": k * spread,
    }


def _worst_case(mu: float, vol: float | np.ndarray, k: float) -> float | np.ndarray:
    return mu - k * vol


def _max_investment(
    limit: float, mu: float, vol: float | np.ndarray, k: float, name: str
) -> float | np.ndarray:
    """``limit / (k vol - mu)``; ValueError naming the volatility argument if a bad year gains."""
    loss_rate = -_worst_case(mu, vol, k)
    require(
        name,
        vol,
        loss_rate > 0,
        f"> expected_return / k = {mu / k:.6g} for a bad year to lose money",
    )
    return limit / loss_rate

def _horizons(years: Any) -> np.ndarray:
    """Whole years in [1, MAX_HORIZON_YEARS] as floats (a scalar stays 0-d, a list 1-d)."""
    horizons = as_int_at_least("years", years, 1)
    require("years", np.asarray(horizons), np.asarray(horizons) <= MAX_HORIZON_YEARS, f"at most {MAX_HORIZON_YEARS}")
    return np.asarray(horizons, dtype=float)


def _loss_probability(mu: float, sigma: float, horizons: np.ndarray) -> float | np.ndarray:
    """``P(Z < -sqrt(T) mu / sigma)``: the chance that a cumulative return over ``T`` years is a loss."""
    probability = _normal_tail(np.sqrt(horizons) * mu / sigma)
    return float(probability) if np.ndim(probability) == 0 else probability


def _normal_tail(z: float | np.ndarray) -> np.ndarray:
    """``P(Z < -z)`` for a standard normal ``Z``, ``erfc(z / sqrt(2)) / 2``, elementwise."""
    return 0.5 * np.vectorize(math.erfc)(np.asarray(z, dtype=float) / math.sqrt(2.0))
