"""Risk estimates from return histories: known answers and bad input."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from assetalloc import estimation


def test_known_answer_monthly_to_annual() -> None:
    returns = pd.DataFrame({"a": [0.01, -0.01] * 6, "b": [0.02, -0.02] * 6})
    monthly_sd = returns.std(ddof=1)
    np.testing.assert_allclose(estimation.annualised_volatility(returns), monthly_sd * np.sqrt(12))
    covariance = estimation.annualised_covariance(returns)
    assert covariance.loc["a", "b"] == pytest.approx(12 * returns.cov().loc["a", "b"])
    assert estimation.correlation(returns).loc["a", "b"] == pytest.approx(1.0)


def test_periods_per_year_scales_variance() -> None:
    returns = pd.DataFrame(np.random.default_rng(0).normal(0, 0.01, size=(260, 3)))
    daily = estimation.annualised_covariance(returns, periods_per_year=252)
    weekly = estimation.annualised_covariance(returns, periods_per_year=52)
    np.testing.assert_allclose(daily / weekly, 252 / 52)


@pytest.mark.parametrize(
    ("returns", "error", "match"),
    [
        (np.zeros((5, 2)), TypeError, "returns"),
        (pd.DataFrame({"a": [0.1]}), ValueError, "returns"),
        (pd.DataFrame({"a": [0.1, np.nan, 0.2]}), ValueError, "returns"),
        (pd.DataFrame({"a": [0.1, np.inf, 0.2]}), ValueError, "returns"),
    ],
)
def test_bad_returns(returns, error, match) -> None:
    with pytest.raises(error, match=match):
        estimation.annualised_volatility(returns)


def test_bad_periods_per_year() -> None:
    with pytest.raises((ValueError, TypeError), match="periods_per_year"):
        estimation.annualised_covariance(pd.DataFrame({"a": [0.1, 0.2]}), periods_per_year=0)
