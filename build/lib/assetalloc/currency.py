"""Foreign assets seen from home: currency returns, hedging, interest parity and fees.

Conventions
-----------
* The investor is yen-based: "domestic" is the home currency (yen), "foreign"
  the currency of the asset. A currency return is the change in the price of
  one unit of foreign currency in yen (+0.05: the foreign currency rose 5 %
  against the yen).
* Returns, interest rates, volatilities and fees are **decimals a year**
  (0.02 is 2 %). Exchange rates are home-currency units per foreign unit
  (yen per dollar).
* Each return function has an approximate form (the sum used in the text)
  and, with ``exact=True``, the exact compounded form.

Covered interest parity makes a one-year forward rate
``F = S (1 + i_home) / (1 + i_foreign)``: locking in the exchange rate gives
the foreign asset's local return plus (about) the difference between the two
short rates, whatever the currency then does. The hedge pays away the part of
a high foreign yield that is a high foreign short rate; the foreign term
spread (yield minus short rate) is kept, so a hedged foreign bond earns about
what a domestic bond earns only if the two yield curves are equally steep. Uncovered parity, the working assumption that the unhedged
currency return is on average that same difference, says the unhedged
foreign bond earns the same in expectation but carries the currency's risk.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from assetalloc._tolerances import MATRIX_TOL
from assetalloc._validation import (
    as_flag,
    as_float_or_array,
    as_positive,
    as_returns,
    broadcastable,
    plain,
    require,
)

__all__ = [
    "forward_rate",
    "hedged_return",
    "hedged_unhedged_risk",
    "hedging_threshold_correlation",
    "net_of_fee",
    "parity_currency_return",
    "unhedged_return",
]


def unhedged_return(local_return: Any, currency_return: Any, exact: bool = False) -> float | np.ndarray:
    """Home-currency return of an unhedged foreign asset.

    Approximate: ``r + s``. Exact: ``(1 + r)(1 + s) - 1``; the two differ by
    the cross term ``r s``.

    Parameters
    ----------
    local_return : float or array_like
        The asset's return in its own currency, decimal.
    currency_return : float or array_like
        Change in the yen price of the foreign currency, decimal.
    exact : bool
        Compound exactly instead of adding.

    Returns
    -------
    float or numpy.ndarray
        Return in yen, decimal.

    Examples
    --------
    >>> unhedged_return(0.03, -0.10)
    -0.07
    >>> round(unhedged_return(0.03, -0.10, exact=True), 4)
    -0.073
    """
    r = as_returns("local_return", local_return)
    s = as_returns("currency_return", currency_return)
    broadcastable(("local_return", r), ("currency_return", s))
    return _unhedged(r, s, as_flag("exact", exact))


def hedged_return(
    local_return: Any, domestic_rate: Any, foreign_rate: Any, exact: bool = False
) -> float | np.ndarray:
    """Home-currency return of a foreign asset hedged with a one-year forward.

    Approximate: ``r + (i_home - i_foreign)``. Exact (the whole value hedged
    at the covered-parity forward rate): ``(1 + r)(1 + i_home) / (1 + i_foreign) - 1``.
    With home rates below foreign ones, as for a yen investor in dollars,
    the difference is negative: the hedge gives away the part of the foreign
    asset's extra yield that comes from the higher foreign short rate. A
    hedged foreign bond keeps its own term spread (yield minus short rate), so
    it earns about what a domestic bond earns only if the two yield curves are
    equally steep.
    Under uncovered parity the unhedged investor expects to lose the same
    difference through the currency, so relative to staying unhedged the
    hedge costs nothing in expectation; it removes the currency risk. In
    practice a failure of covered parity (the cross-currency basis) adds to
    the hedger's cost; it is not modelled here.

    Parameters
    ----------
    local_return : float or array_like
        The asset's return in its own currency, decimal.
    domestic_rate, foreign_rate : float or array_like
        One-year short-term interest rates at home and abroad, decimal.
    exact : bool
        Compound exactly instead of adding.

    Returns
    -------
    float or numpy.ndarray
        Return in yen, decimal.

    Examples
    --------
    >>> round(hedged_return(0.045, 0.005, 0.04), 4)
    0.01
    """
    r = as_returns("local_return", local_return)
    home = as_returns("domestic_rate", domestic_rate)
    away = as_returns("foreign_rate", foreign_rate)
    broadcastable(("local_return", r), ("domestic_rate", home), ("foreign_rate", away))
    compound = as_flag("exact", exact)
    # The forward locks in the currency move that covered parity prices in: the forward premium.
    return _unhedged(r, _parity(home, away, compound), compound)


def forward_rate(spot: float, domestic_rate: Any, foreign_rate: Any, years: float = 1.0) -> float | np.ndarray:
    """Forward exchange rate under covered interest parity.

    ``F = S ((1 + i_home) / (1 + i_foreign)) ** years``: the rate at which
    exchanging money later gives the same as depositing it at home or abroad.

    Parameters
    ----------
    spot : float
        Spot rate, home-currency units per foreign unit (> 0), e.g. yen per dollar.
    domestic_rate, foreign_rate : float or array_like
        Annual interest rates for the period, decimal.
    years : float
        Length of the contract in years (> 0).

    Returns
    -------
    float or numpy.ndarray
        Forward rate in the spot's units.

    Examples
    --------
    >>> round(forward_rate(150.0, 0.005, 0.04), 2)
    144.95
    """
    s = as_positive("spot", spot)
    home = as_returns("domestic_rate", domestic_rate)
    away = as_returns("foreign_rate", foreign_rate)
    broadcastable(("domestic_rate", home), ("foreign_rate", away))
    t = as_positive("years", years)
    with np.errstate(over="ignore", under="ignore"):
        forward = s * np.power((1.0 + np.asarray(home)) / (1.0 + np.asarray(away)), t)
    if not np.all(np.isfinite(forward) & (np.asarray(forward) > 0)):
        raise ValueError(f"years must be short enough for the forward rate to stay finite and positive (got {t:.6g})")
    return plain(forward)


def parity_currency_return(domestic_rate: Any, foreign_rate: Any, exact: bool = False) -> float | np.ndarray:
    """Expected currency return under uncovered interest parity (a working assumption).

    If the foreign currency is expected to move by just the interest
    differential, ``i_home - i_foreign`` (exactly ``(1 + i_home) / (1 + i_foreign) - 1``,
    the forward premium), a high-rate currency is expected to fall against a
    low-rate one by as much as its extra interest, and an unhedged foreign bond
    is expected to earn what a hedged one earns.

    Parameters
    ----------
    domestic_rate, foreign_rate : float or array_like
        One-year short-term interest rates at home and abroad, decimal.
    exact : bool
        Use the exact ratio instead of the difference.

    Returns
    -------
    float or numpy.ndarray
        Expected change of the yen price of the foreign currency, decimal a year.

    Examples
    --------
    >>> round(parity_currency_return(0.005, 0.04), 4)
    -0.035
    """
    home = as_returns("domestic_rate", domestic_rate)
    away = as_returns("foreign_rate", foreign_rate)
    broadcastable(("domestic_rate", home), ("foreign_rate", away))
    return _parity(home, away, as_flag("exact", exact))


def hedged_unhedged_risk(
    local_volatility: Any, currency_volatility: Any, correlation: Any
) -> tuple[float | np.ndarray, float | np.ndarray]:
    """Risk of a foreign asset hedged and unhedged (approximate, additive returns).

    Hedged, only the local return is uncertain: its volatility. Unhedged,
    the yen return is about local plus currency return, so its volatility is
    ``sqrt(sl**2 + ss**2 + 2 rho sl ss)``. Hedging lowers risk unless the
    correlation is below ``-ss / (2 sl)``, where the currency offsets so much
    of the local risk that removing it adds risk.

    Parameters
    ----------
    local_volatility : float or array_like
        Volatility of the local return, decimal a year (>= 0).
    currency_volatility : float or array_like
        Volatility of the currency return, decimal a year (>= 0).
    correlation : float or array_like
        Correlation of local and currency returns, in [-1, 1].

    Returns
    -------
    (hedged, unhedged)
        Volatilities, decimal a year.

    Examples
    --------
    >>> hedged, unhedged = hedged_unhedged_risk(0.05, 0.10, 0.0)
    >>> hedged, round(unhedged, 4)
    (0.05, 0.1118)
    """
    local = as_float_or_array("local_volatility", local_volatility, nonnegative=True)
    fx = as_float_or_array("currency_volatility", currency_volatility, nonnegative=True)
    rho = as_float_or_array("correlation", correlation)
    require("correlation", np.asarray(rho), np.abs(np.asarray(rho)) <= 1.0 + MATRIX_TOL, "in [-1, 1]")
    rho = np.clip(rho, -1.0, 1.0)
    broadcastable(("local_volatility", local), ("currency_volatility", fx), ("correlation", rho))
    unhedged = np.sqrt(np.maximum(local**2 + fx**2 + 2.0 * rho * local * fx, 0.0))
    if np.ndim(unhedged) == 0:
        return float(local), float(unhedged)
    return np.broadcast_to(local, unhedged.shape).astype(float), unhedged


def hedging_threshold_correlation(local_volatility: Any, currency_volatility: Any) -> float | np.ndarray:
    """The correlation of local and currency returns below which hedging ADDS risk.

    With the additive model of :func:`hedged_unhedged_risk`, the unhedged
    variance ``sl**2 + ss**2 + 2 rho sl ss`` exceeds the hedged ``sl**2``
    exactly when ``rho > -ss / (2 sl)``. A threshold below -1 means no
    correlation can make hedging add risk: hedging always lowers it.

    Parameters
    ----------
    local_volatility : float or array_like
        Volatility of the local return, decimal a year (> 0).
    currency_volatility : float or array_like
        Volatility of the currency return, decimal a year (>= 0).

    Returns
    -------
    float or numpy.ndarray
        ``-currency_volatility / (2 * local_volatility)`` (a correlation; may be below -1).

    Examples
    --------
    >>> hedging_threshold_correlation(0.05, 0.12)
    -1.2
    >>> hedging_threshold_correlation(0.10, 0.05)
    -0.25
    """
    local = as_float_or_array("local_volatility", local_volatility, nonnegative=True)
    require("local_volatility", np.asarray(local), np.asarray(local) > 0.0, "> 0")
    fx = as_float_or_array("currency_volatility", currency_volatility, nonnegative=True)
    broadcastable(("local_volatility", local), ("currency_volatility", fx))
    threshold = -np.asarray(fx) / (2.0 * np.asarray(local))
    return plain(threshold)


def net_of_fee(expected_return: Any, annual_fee: Any, exact: bool = False) -> float | np.ndarray:
    """Expected return left after an annual fee charged on the assets (e.g. a fund's trust fee).

    Approximate: ``r - f``. Exact, with the fee taken from the year-end
    value: ``(1 + r)(1 - f) - 1``.

    Parameters
    ----------
    expected_return : float or array_like
        Expected return before the fee, decimal a year.
    annual_fee : float or array_like
        Fee as a decimal of assets a year, in [0, 1).
    exact : bool
        Compound exactly instead of subtracting.

    Returns
    -------
    float or numpy.ndarray
        Expected return after the fee, decimal a year.

    Examples
    --------
    >>> round(net_of_fee(0.015, 0.011), 4)
    0.004
    """
    r = as_returns("expected_return", expected_return)
    fee = as_float_or_array("annual_fee", annual_fee)
    require("annual_fee", np.asarray(fee), (np.asarray(fee) >= 0.0) & (np.asarray(fee) < 1.0), "in [0, 1)")
    broadcastable(("expected_return", r), ("annual_fee", fee))
    return (1.0 + r) * (1.0 - fee) - 1.0 if as_flag("exact", exact) else r - fee


def _unhedged(r: Any, s: Any, exact: bool) -> float | np.ndarray:
    """Home-currency return of local return ``r`` and currency return ``s`` (validated, broadcastable)."""
    return (1.0 + r) * (1.0 + s) - 1.0 if exact else r + s


def _parity(home: Any, away: Any, exact: bool) -> float | np.ndarray:
    """The currency return covered parity prices in for short rates ``home`` and ``away`` (validated)."""
    return (1.0 + home) / (1.0 + away) - 1.0 if exact else home - away
