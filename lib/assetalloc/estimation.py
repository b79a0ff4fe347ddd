"""Risk estimates from a history of returns.

Inputs are periodic simple returns in decimals (0.01 is 1% in one period),
one column per asset; outputs are annualised by the square-root-of-time rule
(variance scales with the number of periods in a year), which assumes returns
are independent from one period to the next.
"""

from __future__ import annotations

import pandas as pd

from assetalloc import _validation as check
from assetalloc import risk


def _returns_frame(returns: pd.DataFrame) -> pd.DataFrame:
    if not isinstance(returns, pd.DataFrame):
        raise TypeError(f"returns must be a pandas DataFrame with one column per asset (got {type(returns).__name__})")
    if returns.shape[0] < 2 or returns.shape[1] < 1:
        raise ValueError(f"returns must have at least two periods and one asset (got shape {returns.shape})")
    values = check.as_float_or_array("returns", returns)  # real numbers, finite
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
    covariance = annualised_covariance(returns, periods_per_year)
    return pd.Series(risk.volatilities(covariance), index=covariance.index)


def correlation(returns: pd.DataFrame) -> pd.DataFrame:
    """Correlation matrix of periodic returns (no units; the period does not matter)."""
    return _returns_frame(returns).corr()
