"""Bond arithmetic: price from yield, modified duration, convexity, and what a yield shock does.

Conventions
-----------
* Annual coupons, a whole number of years to maturity, priced on a coupon date
  (no accrued interest), per 1 of face value (so a price of 0.95 is 95 % of par).
* Yields, coupon rates and yield shocks are **decimals** a year (0.046 is 4.6 %;
  a shock of 0.01 is a rise of 100 basis points). Price changes are decimal
  fractions of the starting price (-0.07 is a fall of 7 %).
* ``yield_`` may be a number or an array (one price per yield); coupon and
  maturity are scalars.

A yield shock ``dy`` changes the price by exactly ``P(y + dy) / P(y) - 1``. The
first-order (duration) estimate is ``-D dy`` and the second-order estimate adds
convexity, ``-D dy + C dy**2 / 2``, with ``D`` the modified duration and ``C``
the convexity.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from assetalloc._validation import as_float, as_float_or_array, as_int_at_least, require

__all__ = ["bond_price", "convexity", "modified_duration", "price_change"]


def _inputs(yield_: Any, coupon_rate: Any, maturity: Any) -> tuple[Any, float, np.ndarray]:
    """Validated (yield, coupon, payment times 1..maturity)."""
    y = as_float_or_array("yield_", yield_)
    require("yield_", np.asarray(y), np.asarray(y) > -1.0, "> -1 (a yield of -100 % or less has no price)")
    coupon = as_float("coupon_rate", coupon_rate)
    require("coupon_rate", np.float64(coupon), coupon >= 0.0, ">= 0")
    years = as_int_at_least("maturity", maturity, 1)
    if not isinstance(years, int):
        raise TypeError(f"maturity must be one integer number of years (got {maturity!r})")
    return y, coupon, np.arange(1, years + 1, dtype=float)


def _cash_flows(coupon: float, times: np.ndarray) -> np.ndarray:
    """Cash flow at each payment time per 1 of face value: the coupon, plus the face value at the end."""
    flows = np.full(times.size, coupon)
    flows[-1] += 1.0
    return flows


def _moments(yield_: Any, coupon_rate: Any, maturity: Any) -> tuple[Any, Any, Any, Any]:
    """(yield, price, sum of t * PV, sum of t (t + 1) * PV) over the cash flows."""
    y, coupon, times = _inputs(yield_, coupon_rate, maturity)
    flows = _cash_flows(coupon, times)
    discount = (1.0 + np.asarray(y, dtype=float)[..., None]) ** -times
    present = flows * discount
    price = present.sum(axis=-1)
    weighted = (times * present).sum(axis=-1)
    curved = (times * (times + 1.0) * present).sum(axis=-1)
    return y, _plain(price), _plain(weighted), _plain(curved)


def _plain(values: np.ndarray) -> float | np.ndarray:
    return float(values) if np.ndim(values) == 0 else values


def bond_price(yield_: Any, coupon_rate: float, maturity: int) -> float | np.ndarray:
    """Price of a bond with annual coupons, per 1 of face value.

    ``P = sum_t c / (1 + y)**t + 1 / (1 + y)**T`` for t = 1 .. T.

    Parameters
    ----------
    yield_ : float or array_like
        Yield to maturity, decimal a year (> -1).
    coupon_rate : float
        Annual coupon as a decimal of face value (>= 0), e.g. 0.04.
    maturity : int
        Years to maturity (>= 1).

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
    """
    _, price, _, _ = _moments(yield_, coupon_rate, maturity)
    return price


def modified_duration(yield_: Any, coupon_rate: float, maturity: int) -> float | np.ndarray:
    """Modified duration: the fall in price, as a fraction of price, per unit rise in yield.

    ``D = (sum_t t PV_t / P) / (1 + y)``, the Macaulay duration (the
    present-value-weighted average time of the cash flows, in years) divided
    by ``1 + y``. A duration of 7 means a rise in yield of 0.01 (one
    percentage point) lowers the price by about 7 %.

    Parameters
    ----------
    yield_, coupon_rate, maturity
        As for :func:`bond_price` (decimals a year; years).

    Returns
    -------
    float or numpy.ndarray
        Modified duration, in years.

    Examples
    --------
    >>> round(modified_duration(0.05, 0.0, 10), 4)  # a zero-coupon bond: T / (1 + y)
    9.5238
    """
    y, price, weighted, _ = _moments(yield_, coupon_rate, maturity)
    return weighted / price / (1.0 + y)


def convexity(yield_: Any, coupon_rate: float, maturity: int) -> float | np.ndarray:
    """Convexity: the curvature of price in yield, ``(d2P / dy2) / P``.

    ``C = sum_t t (t + 1) PV_t / (P (1 + y)**2)``. It is positive for every
    bond with fixed cash flows, so prices fall less and rise more than the
    duration estimate says.

    Parameters
    ----------
    yield_, coupon_rate, maturity
        As for :func:`bond_price` (decimals a year; years).

    Returns
    -------
    float or numpy.ndarray
        Convexity, in years squared.

    Examples
    --------
    >>> round(convexity(0.05, 0.0, 10), 2)  # T (T + 1) / (1 + y)**2
    99.77
    """
    y, price, _, curved = _moments(yield_, coupon_rate, maturity)
    return curved / price / (1.0 + y) ** 2


def price_change(yield_: float, coupon_rate: float, maturity: int, shock: Any) -> pd.DataFrame:
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
    start = as_float("yield_", yield_)
    require("yield_", np.float64(start), start > -1.0, "> -1 (a yield of -100 % or less has no price)")
    dy = np.atleast_1d(np.asarray(as_float_or_array("shock", shock), dtype=float))
    if dy.ndim != 1:
        raise ValueError(f"shock must be a number or a 1-D array (got shape {dy.shape})")
    require("shock", dy, start + dy > -1.0, "such that the new yield stays above -1")
    price = bond_price(start, coupon_rate, maturity)
    duration = modified_duration(start, coupon_rate, maturity)
    curvature = convexity(start, coupon_rate, maturity)
    first_order = -duration * dy
    return pd.DataFrame(
        {
            "exact": np.atleast_1d(bond_price(start + dy, coupon_rate, maturity)) / price - 1.0,
            "duration": first_order,
            "duration_convexity": first_order + 0.5 * curvature * dy**2,
        },
        index=pd.Index(dy, name="shock"),
    )
