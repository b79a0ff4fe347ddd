"""Bond arithmetic: price from yield, modified duration, convexity, and what a yield shock does.

Conventions
-----------
* Coupons ``frequency`` times a year (1, the default: annual, as for many
  euro and yen bonds; 2: semiannual, as US Treasuries pay), a whole number of
  years to maturity, priced on a coupon date (no accrued interest), per 1 of
  face value (so a price of 0.95 is 95 % of par). The yield is compounded at
  the coupon frequency (a semiannual yield of 0.046 discounts by 1.023 every
  half year), the convention of each market's quoted yields.
* Yields, coupon rates and yield shocks are **decimals** a year (0.046 is 4.6 %;
  a shock of 0.01 is a rise of 100 basis points). Price changes are decimal
  fractions of the starting price (-0.07 is a fall of 7 %).
* ``yield_`` may be a number or an array (one price per yield); coupon and
  maturity are scalars.

A yield shock ``dy`` changes the price by exactly ``P(y + dy) / P(y) - 1``. The
first-order (duration) estimate is ``-D dy`` and the second-order estimate adds
convexity, ``-D dy + C dy**2 / 2``, with ``D`` the modified duration and ``C``
the convexity. Duration is in years and convexity in years squared, whatever
the frequency.

Two helpers read duration the other way round: :func:`implied_yield_change`
turns a period's return into the yield change it suggests (allowing for the
period's income), and :func:`implied_yield_volatility` turns a bond's price
risk into the yield volatility behind it.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from assetalloc._validation import (
    as_float,
    as_float_or_array,
    as_int_at_least,
    as_positive,
    as_returns,
    as_series,
    plain,
    require,
)

#: Most coupon payments a bond may have (maturity x frequency): a 100-year bond paying
#: monthly has 1,200; the limit keeps a mistyped maturity from filling the memory.
MAX_PAYMENTS = 100_000
#: Most cash flows :func:`bond_returns_from_yields` discounts at once (periods x payments):
#: 10 million floats are 80 MB; a monthly century of 30-year semiannual bonds needs 72,000.
MAX_CASH_FLOWS = 10_000_000

__all__ = [
    "bond_price",
    "bond_returns_from_yields",
    "convexity",
    "implied_yield_change",
    "implied_yield_volatility",
    "modified_duration",
    "price_change",
]


def _inputs(yield_: Any, coupon_rate: Any, maturity: Any, frequency: Any) -> tuple[Any, float, np.ndarray, int]:
    """Validated (yield, coupon, payment times in years, frequency)."""
    y = as_float_or_array("yield_", yield_)
    require("yield_", np.asarray(y), np.asarray(y) > -1.0, "> -1 (a yield of -100 % or less has no price)")
    coupon = as_float("coupon_rate", coupon_rate)
    require("coupon_rate", np.float64(coupon), coupon >= 0.0, ">= 0")
    times, per_year = _schedule(maturity, frequency)
    return y, coupon, times, per_year


def _schedule(maturity: Any, frequency: Any) -> tuple[np.ndarray, int]:
    """Validated payment times in years (``1/f, 2/f, ..., maturity``) and the frequency ``f``."""
    years = as_int_at_least("maturity", maturity, 1)
    if not isinstance(years, int):
        raise TypeError(f"maturity must be one integer number of years (got {maturity!r})")
    per_year = as_int_at_least("frequency", frequency, 1)
    if not isinstance(per_year, int):
        raise TypeError(f"frequency must be one integer number of coupons a year (got {frequency!r})")
    if years * per_year > MAX_PAYMENTS:
        raise ValueError(
            f"maturity x frequency must be at most {MAX_PAYMENTS:,} coupon payments (got {years:,} x {per_year:,})"
        )
    return np.arange(1, years * per_year + 1, dtype=float) / per_year, per_year


def _cash_flows(coupon: Any, times: np.ndarray, frequency: int) -> np.ndarray:
    """Cash flow at each payment time per 1 of face value: the coupon's share, plus the face value at the end.

    One row of flows per coupon rate if ``coupon`` is an array.
    """
    flows = np.multiply.outer(np.asarray(coupon, dtype=float) / frequency, np.ones(times.size))
    flows[..., -1] += 1.0
    return flows


def _moments(yield_: Any, coupon_rate: Any, maturity: Any, frequency: Any) -> tuple[Any, Any, Any, Any, Any]:
    """(yield, price, sum of t * PV, sum of t (t + 1/f) * PV, 1 + y/f) over the cash flows (t in years)."""
    y, coupon, times, per_year = _inputs(yield_, coupon_rate, maturity, frequency)
    price, weighted, curved, growth = _finite_discounted("yield_", y, coupon, times, per_year)
    return y, plain(price), plain(weighted), plain(curved), plain(growth)


def _finite_discounted(
    name: str, y: Any, coupon: float, times: np.ndarray, per_year: int
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """:func:`_discounted`, refused (naming ``name``) where a yield is so low that its sums overflow."""
    price, weighted, curved, growth = _discounted(y, coupon, times, per_year)
    require(
        name, np.asarray(y), np.isfinite(price) & np.isfinite(curved),
        "far enough above -100 % for the bond's discounted cash flows to stay finite",
    )
    return price, weighted, curved, growth


def _discounted(
    y: Any, coupon: Any, times: np.ndarray, per_year: int
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Price, sum of t * PV, sum of t (t + 1/f) * PV and 1 + y/f for validated inputs (one per yield).

    ``coupon`` is one rate for every yield or one per yield; overflow gives inf, for the caller to refuse.
    """
    flows = _cash_flows(coupon, times, per_year)
    growth = 1.0 + np.asarray(y, dtype=float) / per_year
    with np.errstate(over="ignore", invalid="ignore"):
        discount = growth[..., None] ** -(times * per_year)
        present = flows * discount
        price = present.sum(axis=-1)
        weighted = (times * present).sum(axis=-1)
        curved = (times * (times + 1.0 / per_year) * present).sum(axis=-1)
    return price, weighted, curved, growth


def _duration(price: Any, weighted: Any, growth: Any) -> Any:
    """Modified duration (years) from the sums of :func:`_discounted`."""
    return weighted / price / growth


def _convexity(price: Any, curved: Any, growth: Any) -> Any:
    """Convexity (years squared) from the sums of :func:`_discounted`."""
    return curved / price / growth**2


def bond_price(yield_: Any, coupon_rate: float, maturity: int, frequency: int = 1) -> float | np.ndarray:
    """Price of a bond per 1 of face value.

    ``P = sum_k (c/f) / (1 + y/f)**k + 1 / (1 + y/f)**(f T)`` for k = 1 .. f T,
    with ``f`` coupons a year (``f = 1``: ``sum_t c / (1 + y)**t + 1 / (1 + y)**T``).

    Parameters
    ----------
    yield_ : float or array_like
        Yield to maturity, decimal a year (> -1).
    coupon_rate : float
        Annual coupon as a decimal of face value (>= 0), e.g. 0.04.
    maturity : int
        Years to maturity (>= 1).
    frequency : int
        Coupons a year (>= 1): 1 annual (default), 2 semiannual (US Treasuries).

    Returns
    -------
    float or numpy.ndarray
        Price per 1 of face value (1.0 = par), one per yield.

    Examples
    --------
    >>> round(bond_price(0.04, 0.04, 10), 12)  # coupon = yield: priced at par
    1.0
    >>> round(bond_price(0.05, 0.0, 10), 4)
    0.6139
    >>> round(bond_price(0.046, 0.046, 10, frequency=2), 12)  # semiannual coupon = yield: par
    1.0
    """
    _, price, _, _, _ = _moments(yield_, coupon_rate, maturity, frequency)
    return price


def modified_duration(yield_: Any, coupon_rate: float, maturity: int, frequency: int = 1) -> float | np.ndarray:
    """Modified duration: the fall in price, as a fraction of price, per unit rise in yield.

    ``D = (sum_t t PV_t / P) / (1 + y/f)``, the Macaulay duration (the
    present-value-weighted average time of the cash flows, in years) divided
    by ``1 + y/f`` (``1 + y`` for annual coupons). A duration of 7 means a rise in yield of 0.01 (one
    percentage point) lowers the price by about 7 %.

    Parameters
    ----------
    yield_, coupon_rate, maturity, frequency
        As for :func:`bond_price` (decimals a year; years; coupons a year).

    Returns
    -------
    float or numpy.ndarray
        Modified duration, in years.

    Examples
    --------
    >>> round(modified_duration(0.05, 0.0, 10), 4)  # a zero-coupon bond: T / (1 + y)
    9.5238
    """
    _, price, weighted, _, growth = _moments(yield_, coupon_rate, maturity, frequency)
    return _duration(price, weighted, growth)


def convexity(yield_: Any, coupon_rate: float, maturity: int, frequency: int = 1) -> float | np.ndarray:
    """Convexity: the curvature of price in yield, ``(d2P / dy2) / P``.

    ``C = sum_t t (t + 1/f) PV_t / (P (1 + y/f)**2)`` (t in years; for annual
    coupons ``sum_t t (t + 1) PV_t / (P (1 + y)**2)``). It is positive for every
    bond with fixed cash flows, so prices fall less and rise more than the
    duration estimate says.

    Parameters
    ----------
    yield_, coupon_rate, maturity, frequency
        As for :func:`bond_price` (decimals a year; years; coupons a year).

    Returns
    -------
    float or numpy.ndarray
        Convexity, in years squared.

    Examples
    --------
    >>> round(convexity(0.05, 0.0, 10), 2)  # T (T + 1) / (1 + y)**2
    99.77
    """
    _, price, _, curved, growth = _moments(yield_, coupon_rate, maturity, frequency)
    return _convexity(price, curved, growth)


def price_change(yield_: float, coupon_rate: float, maturity: int, shock: Any, frequency: int = 1) -> pd.DataFrame:
    """Relative price change after a yield shock: exact, and its first- and second-order estimates.

    Parameters
    ----------
    yield_ : float
        Starting yield, decimal a year (> -1).
    coupon_rate : float
        Annual coupon, decimal of face value.
    maturity : int
        Years to maturity (>= 1).
    shock : float or array_like
        Change in yield, decimal (0.01 = +100 basis points); the new yield
        must stay above -1.
    frequency : int
        Coupons a year (>= 1), as for :func:`bond_price`.

    Returns
    -------
    pandas.DataFrame
        One row per shock (index ``shock``), columns ``exact``
        (``P(y + dy) / P(y) - 1``), ``duration`` (``-D dy``) and
        ``duration_convexity`` (``-D dy + C dy**2 / 2``): decimal fractions of
        the starting price.

    Examples
    --------
    >>> price_change(0.05, 0.0, 10, 0.01).loc[0.01].round(4).to_dict()
    {'exact': -0.0904, 'duration': -0.0952, 'duration_convexity': -0.0902}
    """
    dy = np.atleast_1d(np.asarray(as_float_or_array("shock", shock), dtype=float))
    if dy.ndim != 1:
        raise ValueError(f"shock must be a number or a 1-D array (got shape {dy.shape})")
    start, coupon, times, per_year = _inputs(as_float("yield_", yield_), coupon_rate, maturity, frequency)
    require("shock", dy, start + dy > -1.0, "such that the new yield stays above -1")
    price, weighted, curved, growth = _finite_discounted("yield_", start, coupon, times, per_year)
    shocked, _, _, _ = _finite_discounted("shock", start + dy, coupon, times, per_year)
    duration = _duration(price, weighted, growth)
    first_order = -duration * dy
    return pd.DataFrame(
        {
            "exact": shocked / price - 1.0,
            "duration": first_order,
            "duration_convexity": first_order + 0.5 * _convexity(price, curved, growth) * dy**2,
        },
        index=pd.Index(dy, name="shock"),
    )


def implied_yield_change(period_return: float, yield_: float, duration: float, years: float) -> float:
    """The change in yield that a bond portfolio's return over a period suggests, allowing for its income.

    Over a short period a bond earns about its yield pro rata (the carry,
    ``y * years``) plus the duration effect of the yield change, ``-D dy``:
    ``r ~ y * years - D dy``. Solved for the yield change:
    ``dy ~ (y * years - r) / D``. First order: convexity and changes in the
    shape of the curve are left out.

    Parameters
    ----------
    period_return : float
        Return over the period, decimal (-0.007 is a loss of 0.7 %; > -1).
    yield_ : float
        The portfolio's yield at the start, decimal a year (> -1).
    duration : float
        The portfolio's modified duration, years (> 0).
    years : float
        Length of the period in years (> 0), e.g. 1/12 for a month.

    Returns
    -------
    float
        Change in yield, decimal (0.0018 is a rise of 0.18 percentage points,
        18 basis points).

    Examples
    --------
    >>> round(implied_yield_change(-0.007, 0.048, 6.0, 1 / 12), 5)  # a month's carry of 0.4 % plus the 0.7 % loss
    0.00183
    """
    r = as_returns("period_return", as_float("period_return", period_return))
    y = as_float("yield_", yield_)
    require("yield_", np.float64(y), y > -1.0, "> -1 (a yield of -100 % or less has no price)")
    d = as_positive("duration", duration)
    t = as_positive("years", years)
    return (y * t - r) / d


def implied_yield_volatility(price_volatility: float, duration: float) -> float:
    """The yield volatility behind a bond's price risk, to first order: ``sigma_y ~ sigma_P / D``.

    A yield change ``dy`` moves the price by about ``-D dy``, so a price risk
    ``sigma_P`` comes from yields whose changes have a standard deviation of
    about ``sigma_P / D``.

    Parameters
    ----------
    price_volatility : float
        Risk of the bond's price return (standard deviation), decimal a year (>= 0).
    duration : float
        Modified duration, years (> 0).

    Returns
    -------
    float
        Standard deviation of yearly yield changes, decimal (0.0063 is 0.63
        percentage points, 63 basis points, a year).

    Examples
    --------
    >>> implied_yield_volatility(0.05, 8.0)
    0.00625
    """
    sigma = as_float("price_volatility", price_volatility)
    require("price_volatility", np.float64(sigma), sigma >= 0.0, ">= 0")
    return sigma / as_positive("duration", duration)


def bond_returns_from_yields(yields: pd.Series, maturity: int = 20, frequency: int = 2,
                             periods_per_year: int = 12) -> pd.DataFrame:
    """Approximate returns of a bond index from a history of its yield (decimal per period).

    Each period a par bond (coupon = yield) of ``maturity`` years is held: it
    earns its yield for the period (the carry, ``y_prev / periods_per_year``)
    and its price moves with the change of yield, to second order:

    ``r_t = y_{t-1} / p - D_{t-1} * (y_t - y_{t-1}) + C_{t-1} * (y_t - y_{t-1})**2 / 2``,

    with ``D`` the modified duration and ``C`` the convexity of that par bond
    at last period's yield (:func:`modified_duration`, :func:`convexity`). It
    is an approximation: the bond is re-bought at par every period, it does
    not age, and every move of the quoted yield is treated as a move of the
    yield of one bond.

    Parameters
    ----------
    yields : pandas.Series
        Yields to maturity in time order, decimal a year (> 0), one per period
        (e.g. Moody's Aaa corporate bond yield, monthly).
    maturity : int
        Years to maturity of the par bond (>= 1).
    frequency : int
        Coupons a year (>= 1); 2 for US bonds.
    periods_per_year : int
        12 for monthly yields.

    Returns
    -------
    pandas.DataFrame
        Indexed like ``yields`` without its first date; columns ``carry``
        (decimal per period), ``duration`` (years), ``yield_change`` (decimal),
        ``price_change`` (decimal, ``-D dy + C dy**2 / 2``) and ``return``
        (carry + price change, decimal per period).

    Examples
    --------
    >>> out = bond_returns_from_yields(pd.Series([0.06, 0.06]), 20, 2, 12)
    >>> round(float(out["return"].iloc[0]), 12)  # no change in yield: the carry alone
    0.005
    """
    series = as_series("yields", yields, above=0.0)
    if len(series) < 2:
        raise ValueError(f"yields must have at least 2 observations (got {len(series)})")
    times, per_coupon = _schedule(maturity, frequency)
    per_year = as_int_at_least("periods_per_year", periods_per_year, 1)
    if (len(series) - 1) * times.size > MAX_CASH_FLOWS:
        raise ValueError(
            f"yields x maturity x frequency must be at most {MAX_CASH_FLOWS:,} cash flows to discount "
            f"(got {len(series) - 1:,} periods x {times.size:,} payments)"
        )
    previous = series.to_numpy()[:-1]
    change = np.diff(series.to_numpy())
    price, weighted, curved, growth = _discounted(previous, previous, times, per_coupon)
    duration = _duration(price, weighted, growth)
    carry = previous / per_year
    price_move = -duration * change + 0.5 * _convexity(price, curved, growth) * change**2
    return pd.DataFrame(
        {"carry": carry, "duration": duration, "yield_change": change, "price_change": price_move,
         "return": carry + price_move},
        index=series.index[1:],
    )
