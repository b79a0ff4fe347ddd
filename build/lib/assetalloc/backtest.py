"""Simulate a weighting rule over a history of returns: drift, rebalancing, turnover, costs.

Design: the rule is a DataFrame of TARGET WEIGHTS, one row per period (the
weights to trade to at the start of that period, if it is a rebalancing date)
or one Series (the same target every time). A table rather than a callable,
because a table is plain data: it can be printed, plotted and tested on its
own, the engine stays a short loop with no hidden state, and any rule (cap,
GDP, equal, a tactical tilt from signals) is built by ordinary pandas code
beforehand. The price is that the rule's author must avoid look-ahead: the
row for period ``t`` may only use what was known at the end of period
``t - 1`` (shift a signal by one period; :func:`lagged` does that).

Conventions
-----------
Returns
    Simple returns per period in DECIMALS (0.01 is 1 % in one period), one
    column per asset, each above -1.
Timing
    The portfolio starts at the first row's target (the initial purchase is
    not counted as turnover). At the start of period ``t`` (``t = every,
    2 * every, ...``) it trades from its drifted weights to the target; the
    period's returns then move the weights (drift) until the next rebalance.
Turnover
    ONE-WAY: ``sum(|w_target - w_drifted|) / 2``, the fraction of the
    portfolio sold (equal to the fraction bought when fully invested). 0.1
    means a tenth of the portfolio changed hands.
Transaction cost
    Proportional to the value traded, buys AND sells: a rebalance costs
    ``cost * sum(|Δw|) = 2 * cost * turnover`` of wealth, taken from the
    portfolio before the period's return (the weights stay at the target).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from assetalloc import _validation as check
from assetalloc import estimation, weighting

__all__ = [
    "BacktestResult",
    "active_return",
    "average_active_weights",
    "information_ratio",
    "lagged",
    "realised_tracking_error",
    "relative_rise",
    "run_backtest",
    "summary_statistics",
]


@dataclass(frozen=True)
class BacktestResult:
    """What :func:`run_backtest` returns.

    Attributes
    ----------
    wealth : pandas.Series
        Wealth at the end of each period, per 1 invested at the start (after costs).
    returns : pandas.Series
        The portfolio's return each period, decimal, net of costs.
    weights : pandas.DataFrame
        Weights held during each period (after that period's rebalance, before its returns).
    turnover : pandas.Series
        One-way turnover at the start of each period (0 when not rebalanced), decimal.
    costs : pandas.Series
        Transaction cost each period as a fraction of wealth, decimal.
    periods_per_year : int
        Periods in a year (12 for monthly returns), for annualising.
    """

    wealth: pd.Series
    returns: pd.Series
    weights: pd.DataFrame
    turnover: pd.Series
    costs: pd.Series
    periods_per_year: int

    def __post_init__(self) -> None:
        index = check.as_series("wealth", self.wealth, above=0.0).index
        for name, lowest in (("returns", -1.0), ("turnover", None), ("costs", None)):
            series = check.as_series(name, getattr(self, name), above=lowest, nonnegative=lowest is None)
            if not series.index.equals(index):
                raise ValueError(f"{name} must have the same index (periods) as wealth")
        if not isinstance(self.weights, pd.DataFrame):
            raise TypeError(f"weights must be a pandas DataFrame (got {type(self.weights).__name__})")
        check.as_float_or_array("weights", self.weights)
        if not self.weights.index.equals(index):
            raise ValueError("weights must have the same index (periods) as wealth")
        check.as_int_at_least("periods_per_year", self.periods_per_year, 1)

    def summary(self) -> pd.Series:
        """Annualised statistics: see :func:`summary_statistics`, plus turnover and costs a year."""
        years = len(self.returns) / self.periods_per_year
        return pd.concat(
            [
                summary_statistics(self.returns, self.periods_per_year),
                pd.Series(
                    {
                        "turnover_per_year": float(self.turnover.sum()) / years,
                        "costs_per_year": float(self.costs.sum()) / years,
                    }
                ),
            ]
        )


def _returns(returns: Any) -> pd.DataFrame:
    if not isinstance(returns, pd.DataFrame):
        raise TypeError(f"returns must be a pandas DataFrame, one column per asset (got {type(returns).__name__})")
    values = check.as_returns("returns", returns)
    if not returns.columns.is_unique:
        raise ValueError(f"returns must have unique column labels (got {list(returns.columns)})")
    if isinstance(returns.index, pd.DatetimeIndex) and not returns.index.is_monotonic_increasing:
        raise ValueError("returns must be in date order (its DatetimeIndex is not increasing): compounding follows the rows")
    return pd.DataFrame(values, index=returns.index, columns=returns.columns)


def _targets(targets: Any, returns: pd.DataFrame) -> np.ndarray:
    """Target weights as an array (periods x assets) aligned with the returns."""
    if isinstance(targets, pd.Series):
        check.same_labels("targets", targets.index, "returns", returns.columns)
        row = check.as_weights("targets", targets.loc[returns.columns])
        return np.broadcast_to(row, returns.shape)
    if not isinstance(targets, pd.DataFrame):
        raise TypeError(f"targets must be a pandas Series or DataFrame of weights (got {type(targets).__name__})")
    check.same_labels("targets", targets.columns, "returns", returns.columns)
    if not targets.index.equals(returns.index):
        raise ValueError("targets must have the same index (periods) as returns")
    return check.as_weights("targets", targets[returns.columns])


def _hold(values: np.ndarray, target: np.ndarray, every: int | None,
          rate: float) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Weights held, net returns, one-way turnover and costs per period (see :func:`run_backtest`).

    Between two rebalancing dates the holdings drift with their returns: each asset's value is its
    weight at the last rebalancing times its growth since (a running product over the stretch). All
    stretches have ``every`` periods (the last may be shorter) and start from their target, so they
    are computed together, not period by period.
    """
    periods, assets = values.shape
    length = periods if every is None else every
    stretches = -(-periods // length)
    padded = np.zeros((stretches * length, assets))  # the last stretch filled with returns of 0
    padded[:periods] = values
    starts = np.arange(stretches) * length
    first = target[starts][:, None, :]  # each stretch starts at its target
    after = first * np.cumprod(1.0 + padded.reshape(stretches, length, assets), axis=1)  # value after each period
    before = np.concatenate([first, after[:, :-1]], axis=1)  # ... and at its start
    totals = before.sum(axis=2, keepdims=True)
    drifted = after[:-1, -1] / after[:-1, -1].sum(axis=1, keepdims=True)  # weights at each stretch's end
    turnover, costs = np.zeros(periods), np.zeros(periods)
    traded = np.abs(target[starts[1:]] - drifted).sum(axis=1)
    turnover[starts[1:]], costs[starts[1:]] = traded / 2.0, rate * traded
    gross = (after.sum(axis=2, keepdims=True) / totals).reshape(-1)[:periods]
    held = (before / totals).reshape(-1, assets)[:periods]
    return held, (1.0 - costs) * gross - 1.0, turnover, costs


def run_backtest(
    returns: pd.DataFrame,
    targets: pd.Series | pd.DataFrame,
    every: int | None = 1,
    cost: float = 0.0,
    periods_per_year: int = 12,
) -> BacktestResult:
    """Simulate holding a weighting rule through a history of returns.

    Parameters
    ----------
    returns : pandas.DataFrame
        Simple returns per period (decimal), one column per asset, each > -1.
    targets : pandas.Series or pandas.DataFrame
        Target weights (decimal, each row summing to 1): a Series for a fixed
        target, or a DataFrame with the same index and columns as ``returns``
        (row ``t`` = the target at the start of period ``t``; build it from
        information known before that period).
    every : int or None
        Rebalance every ``every`` periods (1 = every period, 12 = once a year
        with monthly returns); None never rebalances (buy and hold).
    cost : float
        Proportional transaction cost per unit traded (decimal: 0.001 is
        0.1 % of every yen bought or sold), in [0, 1).
    periods_per_year : int
        12 for monthly returns.

    Returns
    -------
    BacktestResult
        Wealth, net returns, weights held, one-way turnover and costs per period.

    Examples
    --------
    Two assets, one doubling: buy and hold ends at 1.5, and drifts to 2/3 in it.

    >>> r = pd.DataFrame({"a": [1.0], "b": [0.0]})
    >>> result = run_backtest(r, pd.Series({"a": 0.5, "b": 0.5}), every=None)
    >>> float(result.wealth.iloc[-1])
    1.5
    """
    frame = _returns(returns)
    target = _targets(targets, frame)
    if every is not None:
        every = check.as_int_at_least("every", every, 1)
    rate = check.as_nonnegative("cost", cost)
    check.require("cost", np.float64(rate), rate < 1.0, "below 1 (a fraction of the value traded)")
    per_year = check.as_int_at_least("periods_per_year", periods_per_year, 1)

    held, net, turnover, costs = _hold(frame.to_numpy(), target, every, rate)
    index = frame.index
    return BacktestResult(
        wealth=pd.Series(np.cumprod(1.0 + net), index=index, name="wealth"),
        returns=pd.Series(net, index=index, name="return"),
        weights=pd.DataFrame(held, index=index, columns=frame.columns),
        turnover=pd.Series(turnover, index=index, name="turnover"),
        costs=pd.Series(costs, index=index, name="cost"),
        periods_per_year=per_year,
    )


def summary_statistics(returns: pd.Series, periods_per_year: int = 12) -> pd.Series:
    """Annualised return, risk and return/risk of a series of periodic returns.

    Parameters
    ----------
    returns : pandas.Series
        Simple returns per period (decimal), at least two, each > -1.
    periods_per_year : int
        12 for monthly returns.

    Returns
    -------
    pandas.Series
        ``annualised_return`` (geometric: the constant yearly return giving
        the same final wealth, decimal), ``annualised_risk`` (standard
        deviation of periodic returns times the square root of
        ``periods_per_year``, decimal; :func:`assetalloc.estimation.annualised_volatility`)
        and ``return_to_risk`` (their ratio, no unit: the source's
        "return/risk", as MSCI computes it from annualised figures).
    """
    if not isinstance(returns, pd.Series):
        raise TypeError(f"returns must be a pandas Series (got {type(returns).__name__})")
    frame = _returns(returns.to_frame())
    per_year = check.as_int_at_least("periods_per_year", periods_per_year, 1)
    if len(frame) < 2:
        raise ValueError(f"returns must hold at least two periods (got {len(frame)})")
    annual_return = float(estimation._compound_annual_return(frame, per_year).iloc[0])
    annual_risk = float(estimation._annualised_volatility(frame, per_year).iloc[0])
    if annual_risk == 0:
        raise ValueError("returns must vary: return/risk is undefined for a riskless series")
    return pd.Series(
        {"annualised_return": annual_return, "annualised_risk": annual_risk, "return_to_risk": annual_return / annual_risk}
    )


def realised_tracking_error(result: BacktestResult, benchmark: BacktestResult) -> float:
    """Annualised standard deviation of a backtest's returns minus a benchmark's (decimal).

    The realised counterpart of the ex-ante tracking error
    (:func:`assetalloc.risk.tracking_error`).

    Parameters
    ----------
    result, benchmark : BacktestResult
        Two backtests over the same periods (same index and ``periods_per_year``).

    Returns
    -------
    float
        Tracking error, decimal a year.
    """
    active = _active_returns(result, benchmark).to_frame("active")
    return float(estimation.annualised_volatility(active, result.periods_per_year)["active"])


def _active_returns(result: BacktestResult, benchmark: BacktestResult) -> pd.Series:
    """Per-period return of ``result`` minus ``benchmark`` (decimal), both validated."""
    for name, value in (("result", result), ("benchmark", benchmark)):
        if not isinstance(value, BacktestResult):
            raise TypeError(f"{name} must be a BacktestResult (got {type(value).__name__})")
    if not result.returns.index.equals(benchmark.returns.index) or result.periods_per_year != benchmark.periods_per_year:
        raise ValueError("benchmark must cover the same periods as result, at the same frequency")
    return result.returns - benchmark.returns


def active_return(result: BacktestResult, benchmark: BacktestResult) -> float:
    """Mean active return a year: the average of (return minus benchmark return) per period, times periods a year.

    An arithmetic average, the numerator of :func:`information_ratio`; it is
    not the difference of the two geometric annualised returns.

    Parameters
    ----------
    result, benchmark : BacktestResult
        As for :func:`realised_tracking_error`.

    Returns
    -------
    float
        Mean active return, decimal a year (-0.001 is 0.1 % a year behind).

    Examples
    --------
    >>> up = run_backtest(pd.DataFrame({"a": [0.02, 0.04]}), pd.Series({"a": 1.0}), periods_per_year=2)
    >>> flat = run_backtest(pd.DataFrame({"a": [0.01, 0.01]}), pd.Series({"a": 1.0}), periods_per_year=2)
    >>> round(active_return(up, flat), 12)
    0.04
    """
    active = _active_returns(result, benchmark)
    return float(active.mean()) * result.periods_per_year


def information_ratio(result: BacktestResult, benchmark: BacktestResult) -> float:
    """Information ratio: mean active return a year over realised tracking error (no unit).

    ``active_return / realised_tracking_error``: how much extra return each unit
    of active risk earned. Negative when the portfolio lagged its benchmark.

    Parameters
    ----------
    result, benchmark : BacktestResult
        Two backtests over the same periods (same index and ``periods_per_year``)
        whose returns differ in at least two periods.

    Returns
    -------
    float
        The ratio (no unit).

    Examples
    --------
    >>> up = run_backtest(pd.DataFrame({"a": [0.03, 0.01]}), pd.Series({"a": 1.0}), periods_per_year=1)
    >>> flat = run_backtest(pd.DataFrame({"a": [0.0, 0.0]}), pd.Series({"a": 1.0}), periods_per_year=1)
    >>> round(information_ratio(up, flat), 6)  # mean 2 %, standard deviation 1.414 %
    1.414214
    """
    mean = active_return(result, benchmark)
    spread = realised_tracking_error(result, benchmark)
    if spread == 0:
        raise ValueError("result's returns never move apart from benchmark's: the information ratio is undefined")
    return mean / spread


def average_active_weights(weights: pd.DataFrame, benchmark: Any) -> pd.Series:
    """Average over the periods of each asset's weight minus its benchmark weight (decimal).

    Parameters
    ----------
    weights : pandas.DataFrame
        Weights held each period (decimal, rows summing to 1), one column per
        asset, e.g. :attr:`BacktestResult.weights` or a tactical rule's targets.
    benchmark : pandas.Series or dict
        Benchmark weights by the same assets (decimal, sum 1).

    Returns
    -------
    pandas.Series
        The mean active weight of each asset (decimal; they sum to 0). A
        negative value is an average underweight.

    Examples
    --------
    >>> held = pd.DataFrame({"equities": [0.5, 0.6, 0.55], "bonds": [0.5, 0.4, 0.45]})
    >>> average_active_weights(held, {"equities": 0.6, "bonds": 0.4}).round(4).tolist()
    [-0.05, 0.05]
    """
    if not isinstance(weights, pd.DataFrame):
        raise TypeError(f"weights must be a pandas DataFrame, one column per asset (got {type(weights).__name__})")
    if weights.empty:
        raise ValueError("weights must have at least one period and one asset (got an empty table)")
    if isinstance(benchmark, Mapping):
        benchmark = pd.Series(benchmark, dtype=float)
    return weighting.active_weights(weights, benchmark).mean(axis=0).rename("average_active_weight")


def relative_rise(wealth: pd.Series, benchmark_wealth: pd.Series) -> float:
    """How many times the benchmark's rise a portfolio rose: ``(W_end - 1) / (B_end - 1)``.

    This is how the source compares the GDP-weighted index with MSCI ACWI
    ("rose 1.7 times as much"): the ratio of the two percentage gains over
    the whole period, both starting from 1.

    Parameters
    ----------
    wealth, benchmark_wealth : pandas.Series
        Wealth paths per 1 invested, every value > 0 (e.g. :attr:`BacktestResult.wealth`); only the last values enter the ratio.

    Returns
    -------
    float
        The ratio of the rises (no unit).
    """
    end = float(check.as_series("wealth", wealth, above=0.0).iloc[-1])
    benchmark_end = float(check.as_series("benchmark_wealth", benchmark_wealth, above=0.0).iloc[-1])
    check.require("benchmark_wealth", np.float64(benchmark_end), benchmark_end > 1.0, "above 1 at the end (a rise) for a ratio of rises")
    return (end - 1.0) / (benchmark_end - 1.0)


def lagged(targets: pd.DataFrame, periods: int = 1) -> pd.DataFrame:
    """Targets known ``periods`` later: each row replaced by the one ``periods`` rows earlier.

    The first rows, with nothing earlier, repeat the first row. Use it to
    model a signal published with a delay (GDP figures come out months
    after the quarter) or to avoid look-ahead.

    Parameters
    ----------
    targets : pandas.DataFrame
        Target weights (decimal), one row per period.
    periods : int
        The delay, in periods (>= 0).

    Returns
    -------
    pandas.DataFrame
        Same index and columns.
    """
    if not isinstance(targets, pd.DataFrame):
        raise TypeError(f"targets must be a pandas DataFrame (got {type(targets).__name__})")
    check.as_weights("targets", targets)
    delay = check.as_int_at_least("periods", periods, 0)
    if delay >= len(targets):
        raise ValueError(
            f"periods must be less than the number of rows of targets ({len(targets)}), or no row is known (got {delay})"
        )
    return targets.shift(delay).bfill() if delay else targets.copy()
