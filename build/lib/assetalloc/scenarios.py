"""Simulated markets for experiments where real data cannot ship: a stylised bubble.

:func:`bubble_scenario` builds a world of regional stock markets whose values
follow their economies, except one: its price runs far ahead of its GDP and
then falls back, a stylised version of Japan from the mid-1980s to 2000. Every
number comes from the parameters and a seeded random-number generator: the
results are SIMULATED DATA and every figure that shows them must say so.

Model (per region ``i``, period ``t``; ``P`` periods a year)::

    GDP[i, t] = gdp_share[i] * (1 + gdp_growth[i]) ** (t / P)
    cap[i, t] = cap_to_gdp[i] * GDP[i, t] * exp(bubble[i, t] + noise[i, t])

``bubble`` is 0 except in the bubble market, where its logarithm rises in a
straight line to ``log(peak_multiple)`` over ``rise_years`` and falls back to
0 over ``fall_years``. ``noise`` is a mean-reverting valuation shock (an AR(1)
with monthly persistence ``persistence``) whose innovations have annualised
standard deviation ``volatility`` and a common correlation ``correlation``
across regions. No shares are issued or bought back, so each market's
return is the change of its capitalisation (a price return, no dividends),
and capitalisation weights drift exactly with prices.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from assetalloc import _validation as check
from assetalloc import weighting
from assetalloc.backtest import lagged, relative_rise, run_backtest

__all__ = ["DEFAULT_SEED", "STYLISED_WORLD", "BubbleScenario", "bubble_scenario", "gdp_over_cap", "gdp_relative_rise"]

#: The seed of the chapter's simulated world (its figure, its simulator and its text).
DEFAULT_SEED = 1985

#: The default stylised world (decimals; NOT real data): GDP share at the start,
#: yearly GDP growth, and stock-market value as a multiple of GDP at the start.
STYLISED_WORLD = pd.DataFrame(
    {
        "gdp_share": [0.33, 0.30, 0.15, 0.03, 0.19],
        "gdp_growth": [0.05, 0.045, 0.03, 0.06, 0.08],
        "cap_to_gdp": [1.2, 0.7, 1.0, 1.2, 0.3],
    },
    index=pd.Index(["North America", "Europe", "Japan", "Asia-Pacific", "Emerging"], name="region"),
)


@dataclass(frozen=True)
class BubbleScenario:
    """A simulated world of regional stock markets (see the module's model).

    Attributes
    ----------
    returns : pandas.DataFrame
        Each market's return per period (decimal), one column per region.
    gdp : pandas.DataFrame
        GDP at the START of each period (in units of world GDP at the start).
    cap : pandas.DataFrame
        Stock-market value at the start of each period (same units).
    bubble_market : str
        The region with the bubble.
    periods_per_year : int
        Periods in a year.
    """

    returns: pd.DataFrame
    gdp: pd.DataFrame
    cap: pd.DataFrame
    bubble_market: str
    periods_per_year: int

    def __post_init__(self) -> None:
        for name in ("returns", "gdp", "cap"):
            table = getattr(self, name)
            if not isinstance(table, pd.DataFrame):
                raise TypeError(f"{name} must be a pandas DataFrame, one column per region (got {type(table).__name__})")
            if name == "returns":
                check.as_returns(name, table)
            else:
                values = check.as_float_or_array(name, table)
                check.require(name, values, values > 0.0, "> 0")
            if not (table.index.equals(self.returns.index) and table.columns.equals(self.returns.columns)):
                raise ValueError(f"{name} must have the same periods and regions as returns")
        check.as_label("bubble_market", self.bubble_market, self.returns.columns)
        check.as_int_at_least("periods_per_year", self.periods_per_year, 1)

    def cap_weights(self) -> pd.DataFrame:
        """Capitalisation weights at the start of each period (decimal): the cap-weighted targets."""
        return weighting.weights_from_sizes(self.cap)

    def gdp_weights(self, lag: int = 0) -> pd.DataFrame:
        """GDP weights (decimal) as known at the start of each period, ``lag`` periods late.

        Real GDP figures are published months after the quarter they
        measure; ``lag`` delays the targets by that many periods
        (:func:`assetalloc.backtest.lagged`).
        """
        return lagged(weighting.weights_from_sizes(self.gdp), lag)

    def equal_weights(self) -> pd.Series:
        """The same weight in every region (decimal)."""
        return weighting.equal_weights(self.returns.columns)


def _bubble_path(periods: int, per_year: int, start: int, rise: int, fall: int, peak: float) -> np.ndarray:
    """Log valuation multiple of the bubble market at the start of each of ``periods + 1`` dates."""
    t = np.arange(periods + 1) / per_year
    up = np.clip((t - start) / rise, 0.0, 1.0)
    down = np.clip((t - start - rise) / fall, 0.0, 1.0)
    return np.log(peak) * (up - down)


def bubble_scenario(
    peak_multiple: float = 3.0,
    rise_years: int = 4,
    fall_years: int = 10,
    start_year: int = 1,
    years: int = 25,
    world: pd.DataFrame = STYLISED_WORLD,
    bubble_market: str = "Japan",
    volatility: float = 0.15,
    correlation: float = 0.5,
    persistence: float = 0.97,
    periods_per_year: int = 12,
    seed: int = DEFAULT_SEED,
) -> BubbleScenario:
    """Simulate regional markets that follow GDP, one with a bubble that inflates and bursts.

    Parameters
    ----------
    peak_multiple : float
        How far the bubble market's value runs ahead of its GDP at the peak,
        as a multiple of its starting cap-to-GDP ratio (>= 1; 1 = no bubble).
    rise_years, fall_years : int
        Years the bubble takes to inflate, and to deflate back to fair value (>= 1).
    start_year : int
        Years before the bubble starts (>= 0).
    years : int
        Length of the simulation; the bubble must end within it.
    world : pandas.DataFrame
        One row per region, columns ``gdp_share`` (decimal, > 0),
        ``gdp_growth`` (decimal a year, > -1) and ``cap_to_gdp`` (> 0).
    bubble_market : str
        The row of ``world`` with the bubble.
    volatility : float
        Annualised standard deviation of each market's valuation shocks (decimal, >= 0).
    correlation : float
        Correlation of the shocks between two markets, in [0, 1].
    persistence : float
        How much of a valuation shock is left a period later, in [0, 1)
        (mean reversion: 0.97 a month halves a shock in about two years).
    periods_per_year : int
        12 for monthly periods.
    seed : int
        Seed of the random-number generator (the same seed, the same world).

    Returns
    -------
    BubbleScenario
        SIMULATED returns, GDP and capitalisation.
    """
    peak = check.as_float("peak_multiple", peak_multiple)
    check.require("peak_multiple", np.float64(peak), peak >= 1.0, ">= 1 (1 means no bubble)")
    rise = check.as_int_at_least("rise_years", rise_years, 1)
    fall = check.as_int_at_least("fall_years", fall_years, 1)
    start = check.as_int_at_least("start_year", start_year, 0)
    length = check.as_int_at_least("years", years, 1)
    if start + rise + fall > length:
        raise ValueError(
            f"years must cover the whole bubble: start_year + rise_years + fall_years = "
            f"{start + rise + fall} > years = {length}"
        )
    if not isinstance(world, pd.DataFrame):
        raise TypeError(f"world must be a pandas DataFrame (got {type(world).__name__})")
    missing = {"gdp_share", "gdp_growth", "cap_to_gdp"} - set(world.columns)
    if missing:
        raise ValueError(f"world lacks the columns {sorted(missing)}")
    gdp_share = check.as_vector("world gdp_share", world["gdp_share"])
    check.require("world gdp_share", gdp_share, gdp_share > 0, "> 0")
    growth = check.as_vector("world gdp_growth", world["gdp_growth"])
    check.require("world gdp_growth", growth, growth > -1, "> -1")
    cap_to_gdp = check.as_vector("world cap_to_gdp", world["cap_to_gdp"])
    check.require("world cap_to_gdp", cap_to_gdp, cap_to_gdp > 0, "> 0")
    check.as_label("bubble_market", bubble_market, world.index, what="a region of world")
    sigma = check.as_nonnegative("volatility", volatility)
    rho = check.as_fraction("correlation", correlation)
    phi = check.as_float("persistence", persistence)
    check.require("persistence", np.float64(phi), 0.0 <= phi < 1.0, "in [0, 1)")
    per_year = check.as_int_at_least("periods_per_year", periods_per_year, 1)
    generator = np.random.default_rng(check.as_int_at_least("seed", seed, 0))

    periods, regions = length * per_year, len(world)
    dates = np.arange(periods + 1)
    gdp = gdp_share / gdp_share.sum() * (1.0 + growth) ** (dates[:, None] / per_year)
    shocks = sigma / np.sqrt(per_year) * (
        np.sqrt(rho) * generator.standard_normal((periods, 1))
        + np.sqrt(1.0 - rho) * generator.standard_normal((periods, regions))
    )
    noise = np.zeros((periods + 1, regions))
    for t in range(periods):
        noise[t + 1] = phi * noise[t] + shocks[t]
    log_valuation = noise
    column = world.index.get_loc(bubble_market)
    log_valuation[:, column] += _bubble_path(periods, per_year, start, rise, fall, peak)
    cap = cap_to_gdp * gdp * np.exp(log_valuation)

    index = pd.RangeIndex(periods, name="period")
    columns = pd.Index(world.index, name="region")
    return BubbleScenario(
        returns=pd.DataFrame(cap[1:] / cap[:-1] - 1.0, index=index, columns=columns),
        gdp=pd.DataFrame(gdp[:-1], index=index, columns=columns),
        cap=pd.DataFrame(cap[:-1], index=index, columns=columns),
        bubble_market=bubble_market,
        periods_per_year=per_year,
    )


def _final_wealth_by_seed(seeds: Any, every: int | None, cost: float, gdp_lag: int,
                         settings: dict[str, Any]) -> dict[int, dict[str, pd.Series]]:
    """Wealth paths of capitalisation and GDP weighting, one simulated world per seed (validated)."""
    if isinstance(seeds, (str, bytes)) or not isinstance(seeds, Iterable):
        raise TypeError(f"seeds must be an iterable of integers (got {type(seeds).__name__})")
    seeds = [check.as_int_at_least("seeds", seed, 0) for seed in seeds]
    if not seeds:
        raise ValueError("seeds must name at least one seed")
    check.as_int_at_least("gdp_lag", gdp_lag, 0)
    if "seed" in settings:
        raise TypeError("settings must not contain seed: pass the seeds as seeds")
    paths = {}
    for seed in seeds:
        world = bubble_scenario(seed=seed, **settings)
        paths[seed] = {
            name: run_backtest(world.returns, targets, every=every, cost=cost,
                               periods_per_year=world.periods_per_year).wealth
            for name, targets in (("cap", world.cap_weights()), ("gdp", world.gdp_weights(gdp_lag)))
        }
    return paths


def gdp_over_cap(seeds: Any, every: int | None, cost: float, gdp_lag: int, **settings: Any) -> pd.Series:
    """Extra final wealth of GDP weighting over capitalisation weighting, one simulated world per seed.

    For each seed, :func:`bubble_scenario` (with ``settings``) is simulated and
    both rules are backtested (:func:`assetalloc.backtest.run_backtest`) with
    the same rebalancing and cost; the result is ``W_gdp / W_cap - 1`` at the end.

    Parameters
    ----------
    seeds : iterable of int
        One simulated world per seed.
    every : int or None
        Rebalance every ``every`` periods (None: never).
    cost : float
        Proportional transaction cost (decimal, per unit traded).
    gdp_lag : int
        Periods by which GDP weights lag the data they use (publication delay).
    **settings
        Passed to :func:`bubble_scenario` (not ``seed``).

    Returns
    -------
    pandas.Series
        Extra final wealth (decimal; 0.25 means 25 % more), indexed by seed.
    """
    paths = _final_wealth_by_seed(seeds, every, cost, gdp_lag, settings)
    extra = {seed: wealth["gdp"].iloc[-1] / wealth["cap"].iloc[-1] - 1.0 for seed, wealth in paths.items()}
    return pd.Series(extra, name="gdp_over_cap").rename_axis("seed")


def gdp_relative_rise(seeds: Any, every: int | None, cost: float, gdp_lag: int, **settings: Any) -> pd.Series:
    """How many times capitalisation weighting's rise GDP weighting rose, one simulated world per seed.

    The source's measure ("rose 1.7 times as much"): for each seed,
    :func:`bubble_scenario` (with ``settings``) is simulated, both rules are
    backtested with the same rebalancing and cost, and the result is
    ``(W_gdp - 1) / (W_cap - 1)`` at the end
    (:func:`assetalloc.backtest.relative_rise`).

    Parameters
    ----------
    seeds, every, cost, gdp_lag, **settings
        As for :func:`gdp_over_cap` (``settings`` may include ``start_year``).

    Returns
    -------
    pandas.Series
        The ratio of the rises (no unit; 1.4 means 40 % more rise), indexed by seed.

    Raises
    ------
    ValueError
        If, for some seed, capitalisation weighting ends at or below 1 (no rise to divide by).
    """
    paths = _final_wealth_by_seed(seeds, every, cost, gdp_lag, settings)
    rises = {seed: relative_rise(wealth["gdp"], wealth["cap"]) for seed, wealth in paths.items()}
    return pd.Series(rises, name="gdp_relative_rise").rename_axis("seed")
