"""Risk estimates from a history of returns, and how precisely a history measures a mean.

Inputs are periodic simple returns in decimals (0.01 is 1% in one period),
one column per asset; outputs are annualised by the square-root-of-time rule
(variance scales with the number of periods in a year), which assumes returns
are independent from one period to the next. :func:`standard_error_of_mean`
and :func:`mean_difference_standard_error` say how little a decade of returns
tells about an expected return, or about the gap between two.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from assetalloc import _validation as check
from assetalloc import risk

__all__ = [
    "annualised_covariance",
    "annualised_mean",
    "annualised_volatility",
    "bad_years",
    "calendar_year_returns",
    "compound_annual_return",
    "correlation",
    "growth_of_one",
    "mean_difference_standard_error",
    "mean_difference_t_statistic",
    "rolling_correlation",
    "standard_error_of_mean",
    "volatility_standard_error",
]


def _returns_frame(returns: pd.DataFrame, *, compounded: bool = False) -> pd.DataFrame:
    """Validated periodic returns: finite real numbers, and each > -1 if they are to be ``compounded``."""
    if not isinstance(returns, pd.DataFrame):
        raise TypeError(f"returns must be a pandas DataFrame with one column per asset (got {type(returns).__name__})")
    if returns.shape[0] < 2 or returns.shape[1] < 1:
        raise ValueError(f"returns must have at least two periods and one asset (got shape {returns.shape})")
    values = check.as_returns("returns", returns) if compounded else check.as_float_or_array("returns", returns)
    return pd.DataFrame(values, index=returns.index, columns=returns.columns)


def annualised_covariance(returns: pd.DataFrame, periods_per_year: int = 12) -> pd.DataFrame:
    """Annualised covariance matrix of periodic returns (decimal squared).

    Parameters
    ----------
    returns : pandas.DataFrame
        Periodic simple returns, decimal; one column per asset.
    periods_per_year : int
        12 for monthly returns, 52 for weekly, 252 for daily.

    Returns
    -------
    pandas.DataFrame
        Covariance matrix labelled by asset, annualised.
    """
    frame = _returns_frame(returns)
    periods = check.as_int_at_least("periods_per_year", periods_per_year, 1)
    return frame.cov(ddof=1) * periods


def annualised_volatility(returns: pd.DataFrame, periods_per_year: int = 12) -> pd.Series:
    """Annualised standard deviation of each column of periodic returns (decimal).

    The square roots of the diagonal of :func:`annualised_covariance`; same parameters.
    """
    frame = _returns_frame(returns)
    periods = check.as_int_at_least("periods_per_year", periods_per_year, 1)
    return _annualised_volatility(frame, periods)


def _annualised_volatility(frame: pd.DataFrame, periods: int) -> pd.Series:
    """:func:`annualised_volatility` of validated returns."""
    covariance = frame.cov(ddof=1) * periods
    return pd.Series(risk._volatilities(covariance.to_numpy()), index=covariance.index)


def annualised_mean(returns: pd.DataFrame, periods_per_year: int = 12) -> pd.Series:
    """Average periodic return of each column times the number of periods in a year (decimal a year).

    The arithmetic annualisation that goes with :func:`annualised_volatility`
    (mean times 12, standard deviation times the square root of 12, for
    monthly returns).

    Parameters
    ----------
    returns : pandas.DataFrame
        Periodic simple returns, decimal; one column per asset.
    periods_per_year : int
        12 for monthly returns, 52 for weekly, 252 for daily, 1 for annual.

    Returns
    -------
    pandas.Series
        Annualised mean return by asset (decimal a year).

    Examples
    --------
    >>> annualised_mean(pd.DataFrame({"a": [0.01, 0.03]})).round(6)
    a    0.24
    dtype: float64
    """
    frame = _returns_frame(returns)
    periods = check.as_int_at_least("periods_per_year", periods_per_year, 1)
    return frame.mean() * periods


def calendar_year_returns(returns: pd.DataFrame, periods_per_year: int = 12) -> pd.DataFrame:
    """Compound periodic returns into the return of each complete calendar year.

    A year's return is ``prod(1 + r) - 1`` over its periods. Years with fewer
    than ``periods_per_year`` observations (a first or last year cut short)
    are left out.

    Parameters
    ----------
    returns : pandas.DataFrame
        Periodic simple returns, decimal, one column per asset, indexed by a
        pandas DatetimeIndex.
    periods_per_year : int
        Observations in a complete year (12 for monthly returns).

    Returns
    -------
    pandas.DataFrame
        Annual simple returns (decimal), indexed by calendar year (int, name
        ``year``), one column per asset.

    Raises
    ------
    ValueError
        Naming ``returns`` if no year is complete.

    Examples
    --------
    >>> monthly = pd.DataFrame({"a": [0.01] * 12}, index=pd.date_range("2000-01-01", periods=12, freq="MS"))
    >>> calendar_year_returns(monthly)["a"].round(6).to_dict()
    {2000: 0.126825}
    """
    frame = _returns_frame(returns)
    periods = check.as_int_at_least("periods_per_year", periods_per_year, 1)
    if not isinstance(frame.index, pd.DatetimeIndex):
        raise TypeError(f"returns must be indexed by dates (a pandas DatetimeIndex; got {type(frame.index).__name__})")
    years = pd.Index(frame.index.year, name="year")
    grouped = (1.0 + frame).groupby(years)
    complete = grouped.size() == periods
    if not complete.any():
        raise ValueError(f"returns must hold at least one complete year of {periods} periods")
    return grouped.prod()[complete.to_numpy()] - 1.0


def rolling_correlation(returns: pd.DataFrame, window: int = 60) -> pd.Series:
    """Correlation of two return series over a moving window of periods.

    Parameters
    ----------
    returns : pandas.DataFrame
        Periodic simple returns, decimal, with exactly two columns.
    window : int
        Periods in each window (>= 3 and at most the number of periods), e.g.
        60 months = 5 years.

    Returns
    -------
    pandas.Series
        One correlation per window, labelled by the window's last period
        (the first ``window - 1`` periods have none and are left out).

    Examples
    --------
    >>> frame = pd.DataFrame({"a": [1.0, 2.0, 3.0, 4.0], "b": [1.0, 2.0, 3.0, 1.0]})
    >>> rolling_correlation(frame, window=3).round(3).tolist()
    [1.0, -0.5]
    """
    frame = _returns_frame(returns)
    if frame.shape[1] != 2:
        raise ValueError(f"returns must have exactly two columns (got {frame.shape[1]})")
    size = check.as_int_at_least("window", window, 3)
    if size > len(frame):
        raise ValueError(f"window must be at most the number of periods, {len(frame)} (got {size})")
    first, second = frame.columns
    return frame[first].rolling(size).corr(frame[second]).iloc[size - 1:].rename("correlation")


def bad_years(returns: pd.Series, k: float = 2.0) -> tuple[float, pd.Series]:
    """The periods whose return fell more than ``k`` sample standard deviations below the sample mean.

    The historical check of a "k-sigma bad year": the threshold is
    ``mean - k * std`` (``ddof=1``) of the same returns. Under normality the
    expected share of such periods is
    :func:`assetalloc.losses.bad_year_probability` (k).

    Parameters
    ----------
    returns : pandas.Series
        Simple returns, decimal (e.g. from :func:`calendar_year_returns`), at
        least two.
    k : float
        Number of standard deviations (> 0).

    Returns
    -------
    (float, pandas.Series)
        The threshold (decimal) and the returns below it, with their labels.

    Examples
    --------
    >>> threshold, worst = bad_years(pd.Series([0.1] * 9 + [-0.5], index=range(2000, 2010)), k=2.0)
    >>> round(threshold, 4), worst.to_dict()
    (-0.3395, {2009: -0.5})
    """
    if not isinstance(returns, pd.Series):
        raise TypeError(f"returns must be a pandas Series (got {type(returns).__name__})")
    values = check.as_vector("returns", returns)
    if values.size < 2:
        raise ValueError(f"returns must hold at least two values (got {values.size})")
    sigmas = check.as_positive("k", k)
    threshold = float(values.mean() - sigmas * values.std(ddof=1))
    clean = pd.Series(values, index=returns.index, name=returns.name)
    return threshold, clean[clean < threshold]


def correlation(returns: pd.DataFrame) -> pd.DataFrame:
    """Correlation matrix of periodic returns (no units; the period does not matter).

    Raises ValueError naming the column when a column never varies: its
    correlation with anything is undefined (0 / 0), not a number to print.
    """
    frame = _returns_frame(returns)
    flat = frame.columns[frame.std(ddof=1).to_numpy() == 0.0]
    if len(flat):
        raise ValueError(
            f"returns must vary in every column to have correlations (constant: {[str(c) for c in flat]})"
        )
    return frame.corr()


def growth_of_one(returns: pd.DataFrame) -> pd.Series:
    """What one unit of money grows to when every periodic return is reinvested (a multiple, no unit).

    ``prod(1 + r)`` over all periods of each column: the end wealth of 1
    yen (or dollar) invested at the start.

    Parameters
    ----------
    returns : pandas.DataFrame
        Periodic simple returns, decimal (each > -1); one column per asset,
        at least two periods.

    Returns
    -------
    pandas.Series
        End wealth per unit invested, by asset.

    Examples
    --------
    >>> float(growth_of_one(pd.DataFrame({"a": [0.5, -0.5]}))["a"])
    0.75
    """
    return _growth_of_one(_returns_frame(returns, compounded=True))


def _growth_of_one(frame: pd.DataFrame) -> pd.Series:
    """:func:`growth_of_one` of validated returns (each > -1)."""
    return (1.0 + frame).prod()


def compound_annual_return(returns: pd.DataFrame, periods_per_year: int = 1) -> pd.Series:
    """Geometric (compound) average return of each column, per year (decimal a year).

    The constant yearly rate that turns one unit into :func:`growth_of_one`
    over the same time: ``growth ** (periods_per_year / n) - 1`` for ``n``
    periods. It is never above the arithmetic mean of
    :func:`annualised_mean` (for annual returns), and the gap grows with
    the spread of the returns.

    Parameters
    ----------
    returns : pandas.DataFrame
        Periodic simple returns, decimal (each > -1); one column per asset,
        at least two periods.
    periods_per_year : int
        1 for annual returns, 12 for monthly.

    Returns
    -------
    pandas.Series
        Compound annual return by asset (decimal a year).

    Examples
    --------
    >>> round(float(compound_annual_return(pd.DataFrame({"a": [0.5, -0.5]}))["a"]), 6)
    -0.133975
    """
    periods = check.as_int_at_least("periods_per_year", periods_per_year, 1)
    return _compound_annual_return(_returns_frame(returns, compounded=True), periods)


def _compound_annual_return(frame: pd.DataFrame, periods: int) -> pd.Series:
    """:func:`compound_annual_return` of validated returns (each > -1)."""
    return _growth_of_one(frame) ** (periods / len(frame)) - 1.0


def mean_difference_t_statistic(returns: pd.DataFrame) -> pd.Series:
    """Average difference between two return series, its standard error and its t-statistic.

    The simple paired test: the differences ``first - second`` period by
    period, their mean, their sample standard deviation (``ddof=1``) over
    the square root of the number of periods, and the ratio of the two. A
    t-statistic below about 2 in size means the average difference cannot
    be told apart from zero at the usual 5% level; the test treats the
    periods as independent.

    Parameters
    ----------
    returns : pandas.DataFrame
        Periodic simple returns, decimal, with exactly two columns and at
        least two periods.

    Returns
    -------
    pandas.Series
        ``difference`` (decimal per period), ``standard_error`` (decimal per
        period) and ``t_statistic`` (no unit).

    Raises
    ------
    ValueError
        Naming ``returns`` if it has not exactly two columns, or if the
        differences do not vary (the standard error would be zero).

    Examples
    --------
    >>> frame = pd.DataFrame({"a": [0.10, 0.20, 0.30], "b": [0.05, 0.10, 0.15]})
    >>> mean_difference_t_statistic(frame).round(4).to_dict()
    {'difference': 0.1, 'standard_error': 0.0289, 't_statistic': 3.4641}
    """
    frame = _returns_frame(returns)
    if frame.shape[1] != 2:
        raise ValueError(f"returns must have exactly two columns (got {frame.shape[1]})")
    first, second = frame.columns
    difference = frame[first] - frame[second]
    spread = float(difference.std(ddof=1))
    if not spread > 0.0:
        raise ValueError("returns must differ by varying amounts (the differences have no spread)")
    standard_error = spread / float(np.sqrt(len(difference)))
    mean = float(difference.mean())
    return pd.Series({"difference": mean, "standard_error": standard_error, "t_statistic": mean / standard_error})


def volatility_standard_error(volatility: float, n_periods: int) -> float:
    """Approximate standard error of a standard deviation measured from ``n_periods`` returns (decimal).

    ``volatility / sqrt(2 (n - 1))``, the large-sample result for normally
    distributed, independent returns: how far a measured risk may lie from
    the true one by chance alone. Fat tails make the true error larger.

    Parameters
    ----------
    volatility : float
        The measured standard deviation (decimal, >= 0), in the unit of the
        periods (e.g. a year for annual returns).
    n_periods : int
        Number of returns it was measured from (>= 2).

    Returns
    -------
    float
        Standard error, in the same unit as ``volatility``.

    Examples
    --------
    >>> round(volatility_standard_error(0.20, 51), 4)
    0.02
    """
    vol = check.as_nonnegative("volatility", volatility)
    n = check.as_int_at_least("n_periods", n_periods, 2)
    return float(vol / np.sqrt(2.0 * (n - 1)))


def standard_error_of_mean(
    volatility: Any, n_observations: int, periods_per_year: int = 12
) -> float | np.ndarray:
    """Standard error of an annualised mean return estimated from a history of returns.

    With ``n_observations`` independent returns of ``1 / periods_per_year`` of a
    year, the sample mean (annualised) has standard deviation
    ``volatility / sqrt(n_observations / periods_per_year)``: it shrinks with the
    length of the history in years, not with how often returns are sampled.

    Parameters
    ----------
    volatility : float or array_like
        Annualised volatility (decimal), >= 0.
    n_observations : int
        Number of returns in the history (>= 1).
    periods_per_year : int
        Returns per year (12 for monthly data).

    Returns
    -------
    float or numpy.ndarray
        Standard error, decimal, annualised.

    Examples
    --------
    >>> round(standard_error_of_mean(0.20, 120), 4)
    0.0632
    """
    vol = check.as_float_or_array("volatility", volatility, nonnegative=True)
    observations = check.as_int_at_least("n_observations", n_observations, 1)
    periods = check.as_int_at_least("periods_per_year", periods_per_year, 1)
    return check.plain(_standard_error_of_mean(vol, observations, periods))


def mean_difference_standard_error(
    volatility_1: float, volatility_2: float, correlation: float, n_observations: int, periods_per_year: int = 12
) -> float:
    """Standard error of the difference between two annualised mean returns estimated from the same history.

    The difference of two assets' returns is a portfolio long one and short
    the other (weights 1 and -1); its volatility,
    ``sqrt(s1**2 + s2**2 - 2 rho s1 s2)``, is that portfolio's
    (:func:`assetalloc.risk.tracking_error`), and its sample mean, like any
    other, has the standard error of :func:`standard_error_of_mean`. Highly
    correlated assets therefore have a much better-measured difference of
    mean returns than either mean alone.

    Parameters
    ----------
    volatility_1, volatility_2 : float
        Annualised volatilities of the two assets (decimal), >= 0.
    correlation : float
        Correlation of the two assets' returns, in [-1, 1].
    n_observations : int
        Number of returns in the common history (>= 1).
    periods_per_year : int
        Returns per year (12 for monthly data).

    Returns
    -------
    float
        Standard error of ``mean_1 - mean_2``, decimal, annualised.

    Examples
    --------
    >>> round(mean_difference_standard_error(0.20, 0.20, 0.5, 120), 4)
    0.0632
    >>> mean_difference_standard_error(0.20, 0.20, 1.0, 120)
    0.0
    """
    covariance = risk.two_asset_covariance(volatility_1, volatility_2, correlation)
    observations = check.as_int_at_least("n_observations", n_observations, 1)
    periods = check.as_int_at_least("periods_per_year", periods_per_year, 1)
    spread = np.sqrt(risk._variance(np.array([1.0, -1.0]), covariance))
    return float(_standard_error_of_mean(spread, observations, periods))


def _standard_error_of_mean(volatility: float | np.ndarray, observations: int, periods: int) -> float | np.ndarray:
    """``volatility / sqrt(observations / periods)`` for validated inputs."""
    return volatility / np.sqrt(observations / periods)
