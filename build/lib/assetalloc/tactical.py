"""Tactical allocation: macro regimes, tilts against a benchmark, tracking error.

A tactical view moves a portfolio away from its strategic benchmark for a few
months to a few years. This module turns a macro indicator into one of four
regimes, a regime into a tilt, and a tilt into a portfolio that stays within
limits and within a tracking-error budget.

The regime grid (Invesco Solutions' framework, see the book's chapter 5)
------------------------------------------------------------------------
Two signals of an indicator of growth:

- **level**: the indicator minus its trend. The trend is a *trailing* moving
  average of the last ``window`` observations, the current one included: it
  uses no data after the date it is computed for (a one-sided filter, no
  look-ahead). Above trend when the level is > 0.
- **direction**: the change of the level over the last ``periods``
  observations. Improving when it is > 0.

=================  ===============  ===============
                   improving        deteriorating
=================  ===============  ===============
above trend        expansion        slowdown
below trend        recovery         contraction
=================  ===============  ===============

A signal exactly at 0 counts as below trend or deteriorating.

Units: weights, tilts, active weights, tracking errors and tracking-error
budgets are decimals (0.05 is 5 percentage points, or 5 % a year for a
tracking error); covariances are decimal, annualised.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from assetalloc import backtest, data, risk
from assetalloc._tolerances import BOUND_TOL, RETURN_TOL
from assetalloc._validation import (
    as_bounds,
    as_covariance,
    as_float_or_array,
    as_fraction,
    as_int_at_least,
    as_label,
    as_labelled_vector,
    as_nonnegative,
    as_returns,
    as_series,
    as_weights,
    require,
    same_labels,
)

__all__ = [
    "DIRECTION_PERIODS",
    "REGIMES",
    "TREND_WINDOW",
    "TacticalBacktest",
    "annual_growth",
    "apply_tilt",
    "autocorrelation",
    "averaged_random_walk",
    "classify_regimes",
    "hit_rate",
    "quarterly_returns",
    "regime",
    "regime_backtest",
    "regime_portfolio",
    "regime_targets",
    "regime_tilts",
    "root_mean_square_tracking_error",
    "scale_to_tracking_error",
    "tilt_fraction",
]

#: The four regimes, in the order of the business cycle.
REGIMES = ("recovery", "expansion", "slowdown", "contraction")
#: The book's classifier of US history: a trailing trend of 40 quarters (ten years) and a
#: direction read over 2 quarters (the chapter, its widgets and the teaching guide use these).
TREND_WINDOW = 40
DIRECTION_PERIODS = 2


# --------------------------------------------------------------------------- regimes


def annual_growth(levels: pd.Series, periods_per_year: int = 4) -> pd.Series:
    """Growth over the past year, ``levels[t] / levels[t - periods_per_year] - 1`` (decimal).

    Parameters
    ----------
    levels : pandas.Series
        A positive level series in time order (e.g. quarterly real GDP).
    periods_per_year : int
        Observations per year: 4 for quarterly, 12 for monthly.

    Returns
    -------
    pandas.Series
        Annual growth, decimal; the first ``periods_per_year`` dates (no year
        of history yet) are dropped.

    Examples
    --------
    >>> annual_growth(pd.Series([100.0, 101, 102, 103, 110]), 4).round(4).tolist()
    [0.1]
    """
    series = as_series("levels", levels)
    if (series <= 0).any():
        raise ValueError(f"levels must be > 0 (got {series.min():.6g})")
    lag = as_int_at_least("periods_per_year", periods_per_year, 1)
    if len(series) <= lag:
        raise ValueError(f"levels must have more than periods_per_year = {lag} observations (got {len(series)})")
    return (series / series.shift(lag) - 1.0).iloc[lag:]


def regime(level: Any, direction: Any) -> str | np.ndarray:
    """The regime for a level (indicator minus trend) and a direction (change of the level).

    Parameters
    ----------
    level : float or array_like
        Indicator minus its trend; > 0 is above trend.
    direction : float or array_like
        Change of the level; > 0 is improving. Same shape as ``level``.

    Returns
    -------
    str or numpy.ndarray of str
        One of :data:`REGIMES` for each pair.

    Examples
    --------
    >>> regime(0.01, -0.002)
    'slowdown'
    >>> regime([-0.01, 0.02], [0.003, 0.001]).tolist()
    ['recovery', 'expansion']
    """
    lev = as_float_or_array("level", level)
    direc = as_float_or_array("direction", direction)
    if np.shape(lev) != np.shape(direc):
        raise ValueError(f"level and direction must have the same shape (got {np.shape(lev)} and {np.shape(direc)})")
    above, improving = np.asarray(lev) > 0, np.asarray(direc) > 0
    names = np.where(above, np.where(improving, "expansion", "slowdown"),
                     np.where(improving, "recovery", "contraction"))
    return str(names) if names.ndim == 0 else names


def classify_regimes(indicator: pd.Series, window: int, periods: int = 1) -> pd.DataFrame:
    """Classify every date of an indicator into a regime, with no look-ahead.

    Parameters
    ----------
    indicator : pandas.Series
        The growth indicator in time order (e.g. :func:`annual_growth` of real GDP, decimal).
    window : int
        Observations in the trailing moving average that is the trend (>= 2).
    periods : int
        Observations over which the direction is measured (>= 1).

    Returns
    -------
    pandas.DataFrame
        Indexed like ``indicator``, from the first date with ``window + periods - 1``
        earlier observations; columns ``indicator``, ``trend`` (trailing mean),
        ``level`` (indicator - trend), ``direction`` (change of ``level`` over
        ``periods`` observations) and ``regime`` (one of :data:`REGIMES`).
        Every value at a date uses only the indicator up to that date.
    """
    series = as_series("indicator", indicator)
    span = as_int_at_least("window", window, 2)
    lag = as_int_at_least("periods", periods, 1)
    if len(series) < span + lag:
        raise ValueError(
            f"indicator must have at least window + periods = {span + lag} observations (got {len(series)})"
        )
    trend = series.rolling(span).mean()
    level = series - trend
    direction = level.diff(lag)
    table = pd.DataFrame(
        {"indicator": series, "trend": trend, "level": level, "direction": direction}
    ).iloc[span + lag - 1:]
    table["regime"] = regime(table["level"].to_numpy(), table["direction"].to_numpy())
    return table


# --------------------------------------------------------------------------- tilts


def regime_tilts() -> pd.DataFrame:
    """The book's illustrative regime -> tilt mapping for a 60/40 portfolio, in DECIMALS.

    Read from the dataset ``tactical_regime_tilts`` (an assumption of the book,
    not Invesco's: see ``data.dataset_info("tactical_regime_tilts")``).

    Returns
    -------
    pandas.DataFrame
        Index: :data:`REGIMES`; columns ``equities`` and ``bonds``: the active
        weight added to the benchmark in each regime (decimal; each row sums to 0).
    """
    table = data.load("tactical_regime_tilts").set_index("regime")
    return data._from_percent(table.loc[list(REGIMES)])


def _aligned(benchmark: Any, tilt: Any) -> tuple[pd.Index, np.ndarray, np.ndarray]:
    """Benchmark weights (sum 1) and the tilt (sum 0) on the benchmark's labels."""
    labels, weights = as_labelled_vector("benchmark", benchmark)
    weights = as_weights("benchmark", weights)
    tilt_labels, tilt_values = as_labelled_vector("tilt", tilt)
    same_labels("tilt", tilt_labels, "benchmark", labels)
    return labels, weights, as_weights("tilt", pd.Series(tilt_values, index=tilt_labels).loc[labels].to_numpy(), total=0.0)


def _fraction(weights: np.ndarray, tilt: np.ndarray, lower: Any, upper: Any) -> float:
    lo, hi = as_bounds(lower, upper, weights.size)
    outside = (weights < lo - BOUND_TOL) | (weights > hi + BOUND_TOL)
    if outside.any():
        i = int(np.argmax(outside))
        raise ValueError(f"benchmark must lie within the bounds (weight {weights[i]:.6g} at position {i})")
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        room = np.where(tilt > 0, (hi - weights) / tilt, np.where(tilt < 0, (lo - weights) / tilt, np.inf))
    return float(min(1.0, max(0.0, room.min())))


def tilt_fraction(benchmark: Any, tilt: Any, lower: Any = 0.0, upper: Any = 1.0) -> float:
    """The largest share of a tilt, in [0, 1], that keeps every weight within its bounds.

    Parameters
    ----------
    benchmark : pandas.Series or dict
        Benchmark weights by asset (decimal, sum 1), within the bounds.
    tilt : pandas.Series or dict
        Active weights to add, by the same assets (decimal, sum 0).
    lower, upper : float or array_like
        Per-asset bounds on the tilted weights (decimal), scalars or one per
        asset in the benchmark's order.

    Returns
    -------
    float
        1 if the whole tilt fits, else the fraction ``f`` for which
        ``benchmark + f * tilt`` just reaches a bound.

    Examples
    --------
    >>> tilt_fraction({"equities": 0.6, "bonds": 0.4}, {"equities": 0.5, "bonds": -0.5})
    0.8
    """
    _, weights, active = _aligned(benchmark, tilt)
    return _fraction(weights, active, lower, upper)


def apply_tilt(benchmark: Any, tilt: Any, lower: Any = 0.0, upper: Any = 1.0) -> pd.Series:
    """The benchmark plus a tilt, the tilt scaled down if needed to keep every weight in bounds.

    Scaling the whole tilt (rather than clipping single weights) keeps the
    portfolio fully invested and the view's proportions intact.

    Parameters
    ----------
    benchmark, tilt, lower, upper
        As in :func:`tilt_fraction`.

    Returns
    -------
    pandas.Series
        Tilted weights by the benchmark's assets (decimal, sum 1, within bounds).

    Examples
    --------
    >>> apply_tilt({"equities": 0.6, "bonds": 0.4}, {"equities": -0.1, "bonds": 0.1}).round(2).tolist()
    [0.5, 0.5]
    """
    labels, weights, active = _aligned(benchmark, tilt)
    return pd.Series(weights + _fraction(weights, active, lower, upper) * active, index=labels)


# --------------------------------------------------------------------------- tracking error


def scale_to_tracking_error(active: Any, covariance: Any, budget: float) -> np.ndarray:
    """Active weights scaled down, if needed, so that their tracking error fits a budget.

    Parameters
    ----------
    active : array_like, shape (n,)
        Active weights (decimal, sum 0).
    covariance : array_like, shape (n, n)
        Covariance matrix, decimal, annualised.
    budget : float
        Largest tracking error allowed (decimal a year, >= 0).

    Returns
    -------
    numpy.ndarray, shape (n,)
        ``active * min(1, budget / risk.tracking_error(active))``: unchanged when the
        tracking error is within the budget, otherwise scaled so that it equals it.
        Tracking error is proportional to the size of the active weights, so
        scaling keeps the view's proportions.

    Examples
    --------
    >>> scale_to_tracking_error([0.1, -0.1], [[0.04, 0.0], [0.0, 0.0]], 0.01).round(3).tolist()
    [0.05, -0.05]
    """
    cov = as_covariance("covariance", covariance)
    a = as_weights("active", active, cov.shape[0], total=0.0)
    if a.ndim != 1:
        raise ValueError(f"active must be 1-D (got shape {a.shape})")
    limit = as_nonnegative("budget", budget)
    current = risk.tracking_error(a, cov)
    return a if current <= limit else a * (limit / current)


def root_mean_square_tracking_error(active: Any, covariance: Any) -> float:
    """Root-mean-square ex-ante tracking error of several sets of active weights (decimal a year).

    ``sqrt(mean_t(a_t' Sigma a_t))``: the square root of the average ex-ante
    variance. This, not the mean of the tracking errors, is what a realised
    tracking error over the same periods should be compared with, because
    variances (not standard deviations) add up over time.

    Parameters
    ----------
    active : array_like, shape (n,) or (m, n)
        Active weights (decimal), one row per period, each row summing to 0.
    covariance : array_like, shape (n, n)
        Covariance matrix, decimal, annualised.

    Returns
    -------
    float
        Tracking error, decimal a year.

    Examples
    --------
    >>> round(root_mean_square_tracking_error([[0.1, -0.1], [0.0, 0.0]], [[0.04, 0.0], [0.0, 0.0]]), 6)
    0.014142
    """
    errors = np.atleast_1d(risk.tracking_error(active, covariance))
    return float(np.sqrt(np.mean(errors**2)))


# --------------------------------------------------------------------------- backtest


def autocorrelation(values: pd.Series, lag: int = 1) -> float:
    """Correlation of a series with itself ``lag`` periods earlier.

    Near 0 for independent changes; positive when a move tends to be followed
    by a move the same way, as in a series of monthly averages of daily data.

    Parameters
    ----------
    values : pandas.Series
        Observations in time order (e.g. monthly returns, decimal); at least
        ``lag + 2`` of them, not all equal.
    lag : int
        Periods between the two copies (>= 1).

    Returns
    -------
    float
        The correlation, in [-1, 1].

    Examples
    --------
    >>> round(autocorrelation(pd.Series([1.0, -1.0, 1.0, -1.0, 1.0])), 12)  # alternating
    -1.0
    """
    series = as_series("values", values)
    periods = as_int_at_least("lag", lag, 1)
    if len(series) < periods + 2:
        raise ValueError(f"values must have at least lag + 2 = {periods + 2} observations (got {len(series)})")
    now, before = series.to_numpy()[periods:], series.to_numpy()[:-periods]
    if np.ptp(now) == 0.0 or np.ptp(before) == 0.0:
        raise ValueError("values must not be constant over the periods compared (the correlation is undefined)")
    return float(np.corrcoef(now, before)[0, 1])


def averaged_random_walk(days: int, periods: int = 1) -> pd.Series:
    """What averaging alone does to the changes of a random walk.

    A series that moves by independent steps each day (a random walk) is
    recorded as the average of each block of ``days`` days (e.g. a monthly
    average of daily yields). The changes from one average to the next are
    then correlated, and smaller than the changes between the blocks' last
    days, although nothing but the averaging links them
    (for ``days = n``: autocorrelation ``(n**2 - 1) / (2 * (2 * n**2 + 1))``,
    about 0.25 for large ``n``).

    Parameters
    ----------
    days : int
        Daily values in each average (>= 1); about 21 trading days a month.
    periods : int
        Averages between the two compared (>= 1): the horizon of the change,
        e.g. 3 monthly averages for a quarter.

    Returns
    -------
    pandas.Series
        ``autocorrelation``: correlation of one change between consecutive
        averages with the next (no unit); ``volatility_ratio``: standard
        deviation of the change over ``periods`` averages divided by that of
        the change between end-of-block values over the same span (no unit,
        1 for ``days = 1``).

    Examples
    --------
    >>> out = averaged_random_walk(2)
    >>> round(float(out["autocorrelation"]), 12), round(float(out["volatility_ratio"]) ** 2, 12)
    (0.166666666667, 0.75)
    """
    n = as_int_at_least("days", days, 1)
    k = as_int_at_least("periods", periods, 1)
    squared = float(n) * float(n)
    return pd.Series({
        "autocorrelation": (squared - 1.0) / (2.0 * (2.0 * squared + 1.0)),
        # variance of the change of the averages: k*n - (n**2 - 1) / (3n) daily steps, against k*n
        "volatility_ratio": float(np.sqrt(1.0 - (squared - 1.0) / (3.0 * k * squared))),
    })


def quarterly_returns(monthly: pd.DataFrame) -> pd.DataFrame:
    """Monthly simple returns compounded into calendar quarters (decimal per quarter).

    Parameters
    ----------
    monthly : pandas.DataFrame
        Simple returns per month (decimal), indexed by month-start dates, one
        column per asset; only complete quarters (three months) are kept.

    Returns
    -------
    pandas.DataFrame
        ``prod(1 + r) - 1`` over each quarter, indexed by the quarter's first
        month (January, April, July, October).
    """
    if not isinstance(monthly, pd.DataFrame) or not isinstance(monthly.index, pd.DatetimeIndex):
        raise TypeError(f"monthly must be a pandas DataFrame indexed by dates (got {type(monthly).__name__})")
    values = as_returns("monthly", monthly)
    frame = pd.DataFrame(values, index=monthly.index, columns=monthly.columns)
    grouped = (1.0 + frame).resample("QS")
    complete = grouped.count().min(axis=1) == 3
    return (grouped.prod() - 1.0)[complete]


def _tilts(tilts: Any) -> pd.DataFrame:
    if not isinstance(tilts, pd.DataFrame):
        raise TypeError(f"tilts must be a pandas DataFrame, regimes by assets (got {type(tilts).__name__})")
    as_float_or_array("tilts", tilts)  # real numbers, finite
    return tilts


def regime_targets(regimes: pd.Series, benchmark: pd.Series, tilts: pd.DataFrame, scale: float = 1.0,
                   lower: Any = 0.0, upper: Any = 1.0) -> pd.DataFrame:
    """Target weights for each date: the benchmark tilted by that date's regime.

    Parameters
    ----------
    regimes : pandas.Series
        One of :data:`REGIMES` per date (e.g. ``classify_regimes(...)["regime"]``).
    benchmark : pandas.Series
        Benchmark weights by asset (decimal, sum 1).
    tilts : pandas.DataFrame
        Active weights by regime (rows) and asset (columns), decimal, rows summing
        to 0 (e.g. :func:`regime_tilts`).
    scale : float
        Multiplier of every tilt (>= 0): 0 is the benchmark, 2 doubles the tilts.
    lower, upper : float or array_like
        Bounds on the tilted weights, as in :func:`apply_tilt`.

    Returns
    -------
    pandas.DataFrame
        Weights (decimal, rows summing to 1), indexed like ``regimes``, columns
        the benchmark's assets. Row ``t`` uses the regime of date ``t``: lag it
        (:func:`assetalloc.backtest.lagged`) before trading on it.
    """
    if not isinstance(regimes, pd.Series):
        raise TypeError(f"regimes must be a pandas Series (got {type(regimes).__name__})")
    _tilts(tilts)
    unknown = sorted(set(regimes) - set(tilts.index))
    if unknown:
        raise ValueError(f"regimes must all have a row in tilts (no row for {unknown})")
    portfolios = {name: regime_portfolio(name, benchmark, tilts, scale, lower, upper) for name in set(regimes)}
    by_regime = pd.DataFrame(portfolios).T  # one row a regime, columns the benchmark's assets
    return pd.DataFrame(by_regime.loc[regimes.to_numpy()].to_numpy(), index=regimes.index, columns=by_regime.columns)


def regime_portfolio(name: str, benchmark: pd.Series, tilts: pd.DataFrame, scale: float = 1.0,
                     lower: Any = 0.0, upper: Any = 1.0) -> pd.Series:
    """The benchmark tilted for one regime: ``apply_tilt(benchmark, scale * tilts.loc[name])``.

    Parameters
    ----------
    name : str
        A regime, a row of ``tilts`` (one of :data:`REGIMES` for :func:`regime_tilts`).
    benchmark, tilts, scale, lower, upper
        As in :func:`regime_targets`.

    Returns
    -------
    pandas.Series
        Weights by the benchmark's assets (decimal, sum 1, within bounds).

    Examples
    --------
    >>> tilts = pd.DataFrame({"equities": [0.1], "bonds": [-0.1]}, index=["expansion"])
    >>> regime_portfolio("expansion", pd.Series({"equities": 0.6, "bonds": 0.4}), tilts, 2.0).round(2).tolist()
    [0.8, 0.2]
    """
    as_label("name", name, _tilts(tilts).index, what="a row of tilts")
    size = as_nonnegative("scale", scale)
    return apply_tilt(benchmark, size * tilts.loc[name], lower, upper)


def hit_rate(returns: pd.Series, benchmark_returns: pd.Series) -> float:
    """Share of the periods with a different return in which a portfolio beat its benchmark.

    Periods where the two returns are equal (within :data:`RETURN_TOL` = 1e-12: no active position)
    are left out.

    Parameters
    ----------
    returns, benchmark_returns : pandas.Series
        Returns per period (decimal) on the same dates.

    Returns
    -------
    float
        A fraction in [0, 1].

    Examples
    --------
    >>> hit_rate(pd.Series([0.02, 0.01, 0.0]), pd.Series([0.01, 0.02, 0.0]))
    0.5
    """
    mine, theirs = as_series("returns", returns), as_series("benchmark_returns", benchmark_returns)
    if not mine.index.equals(theirs.index):
        raise ValueError("returns and benchmark_returns must have the same dates")
    active = mine - theirs
    differ = active.abs() > RETURN_TOL
    if not differ.any():
        raise ValueError("returns never differ from benchmark_returns, so the hit rate is undefined")
    return float((active[differ] > 0).mean())


@dataclass(frozen=True)
class TacticalBacktest:
    """What :func:`regime_backtest` returns.

    Attributes
    ----------
    tilted : assetalloc.backtest.BacktestResult
        The regime-tilted portfolio.
    static : assetalloc.backtest.BacktestResult
        The benchmark, rebalanced to its fixed weights every period.
    regimes : pandas.DataFrame
        :func:`classify_regimes` on the backtest's dates.
    targets : pandas.DataFrame
        The tilted portfolio's target weights each period, after the lag.
    hit_rate : float
        :func:`hit_rate` of the tilted portfolio against the static one.
    relative_wealth : pandas.Series
        Tilted wealth divided by static wealth each period (above 1: the tilts added value).
    """

    tilted: backtest.BacktestResult
    static: backtest.BacktestResult
    regimes: pd.DataFrame
    targets: pd.DataFrame
    hit_rate: float
    relative_wealth: pd.Series

    def __post_init__(self) -> None:
        for name in ("tilted", "static"):
            if not isinstance(getattr(self, name), backtest.BacktestResult):
                raise TypeError(f"{name} must be a BacktestResult (got {type(getattr(self, name)).__name__})")
        for name in ("regimes", "targets"):
            if not isinstance(getattr(self, name), pd.DataFrame):
                raise TypeError(f"{name} must be a pandas DataFrame (got {type(getattr(self, name)).__name__})")
        as_weights("targets", self.targets)
        as_fraction("hit_rate", self.hit_rate)
        wealth = as_series("relative_wealth", self.relative_wealth).to_numpy()
        require("relative_wealth", wealth, wealth > 0.0, "> 0")


def regime_backtest(indicator: pd.Series, returns: pd.DataFrame, benchmark: pd.Series, tilts: pd.DataFrame,
                    window: int, periods: int = 1, scale: float = 1.0, lag: int = 2,
                    periods_per_year: int = 4, cost: float = 0.0) -> TacticalBacktest:
    """Backtest a regime-tilted portfolio against its static benchmark (:func:`assetalloc.backtest.run_backtest`).

    Each period the indicator is classified (:func:`classify_regimes`), the
    regime chooses a tilt (:func:`regime_targets`, bounds 0 and 1), and the
    portfolio trades to it ``lag`` periods later; both portfolios rebalance
    every period and pay ``cost`` on every unit traded. The backtest starts
    at the first period with a regime ``lag`` periods old (no period trades
    on a regime from before the data start); pass ``returns`` from a later
    date to start every setting on the same date.

    Parameters
    ----------
    indicator : pandas.Series
        The growth indicator, dated like ``returns`` (e.g. quarterly annual GDP growth).
    returns : pandas.DataFrame
        Simple returns per period (decimal), columns the benchmark's assets.
    benchmark : pandas.Series
        Benchmark weights (decimal, sum 1).
    tilts : pandas.DataFrame
        Active weights by regime (decimal), as :func:`regime_tilts`.
    window, periods : int
        Trend window and direction horizon, as in :func:`classify_regimes`.
    scale : float
        Multiplier of the tilts (>= 0).
    lag : int
        Periods between the date a regime describes and the first period
        traded on it (>= 1). With quarterly GDP, 1 trades on the first day
        after the quarter, about a month before the first estimate is
        published (look-ahead); 2 is the smallest lag that waits for it.
    periods_per_year : int
        4 for quarterly data.
    cost : float
        Transaction cost per unit traded, bought or sold (decimal, in [0, 1)),
        as in :func:`assetalloc.backtest.run_backtest`.

    Returns
    -------
    TacticalBacktest
        Over the dates where both the regime and the returns exist.
    """
    delay = as_int_at_least("lag", lag, 1)
    regimes = classify_regimes(indicator, window, periods)
    if not isinstance(returns, pd.DataFrame):
        raise TypeError(f"returns must be a pandas DataFrame (got {type(returns).__name__})")
    as_returns("returns", returns)
    # Row t trades on the regime of the date ``delay`` rows earlier; the first ``delay`` dates have none.
    held = regime_targets(regimes["regime"], benchmark, tilts, scale).shift(delay).iloc[delay:]
    dates = held.index.intersection(returns.index)
    if len(dates) < 2:
        raise ValueError(f"returns and the lagged regimes share {len(dates)} dates: too few for lag = {delay}")
    regimes, period_returns, targets = regimes.loc[dates], returns.loc[dates], held.loc[dates]
    tilted = backtest.run_backtest(period_returns, targets, every=1, cost=cost, periods_per_year=periods_per_year)
    static = backtest.run_backtest(period_returns, benchmark, every=1, cost=cost, periods_per_year=periods_per_year)
    return TacticalBacktest(tilted, static, regimes, targets, hit_rate(tilted.returns, static.returns),
                            (tilted.wealth / static.wealth).rename("relative_wealth"))
