"""Risk estimates from return histories: known answers and bad input."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from assetalloc import data, estimation
from assetalloc.compare import in_library_units

#: The source's printed figures (yamazaki2009), in decimals.
PRINTED = in_library_units(data.reported_figures("yamazaki2009"))


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


def monthly_frame(values: dict, start: str = "2000-01-01") -> pd.DataFrame:
    length = len(next(iter(values.values())))
    return pd.DataFrame(values, index=pd.date_range(start, periods=length, freq="MS"))


def test_annualised_mean_is_twelve_times_the_monthly_mean() -> None:
    returns = pd.DataFrame({"a": [0.01, 0.03, -0.01], "b": [0.0, 0.0, 0.03]})
    np.testing.assert_allclose(estimation.annualised_mean(returns), [0.12, 0.12])
    np.testing.assert_allclose(estimation.annualised_mean(returns, periods_per_year=1), [0.01, 0.01])


def test_calendar_year_returns_compound_complete_years_only() -> None:
    returns = monthly_frame({"a": [0.01] * 12 + [0.02] * 12 + [0.5] * 3}, start="1999-01-01")
    annual = estimation.calendar_year_returns(returns)
    assert list(annual.index) == [1999, 2000]
    assert annual.index.name == "year"
    assert annual.loc[1999, "a"] == pytest.approx(1.01**12 - 1)
    assert annual.loc[2000, "a"] == pytest.approx(1.02**12 - 1)
    # A year that starts in March is not complete either.
    late = monthly_frame({"a": [0.01] * 22}, start="1999-03-01")
    assert list(estimation.calendar_year_returns(late).index) == [2000]


def test_calendar_year_returns_of_the_us_market() -> None:
    from assetalloc import data

    annual = estimation.calendar_year_returns(data.us_equity_monthly()[["market"]])
    assert (annual.index[0], annual.index[-1], len(annual)) == (1949, 2016, 68)
    threshold, worst = estimation.bad_years(annual["market"], 2.0)
    assert threshold == pytest.approx(-0.2219, abs=1e-4)
    assert list(worst.index) == [1974, 2008]


def test_calendar_year_returns_bad_input() -> None:
    with pytest.raises(TypeError, match="returns"):
        estimation.calendar_year_returns(pd.DataFrame({"a": [0.1, 0.2]}))
    with pytest.raises(ValueError, match="returns"):
        estimation.calendar_year_returns(monthly_frame({"a": [0.01] * 6}))


def test_rolling_correlation_known_answer() -> None:
    frame = pd.DataFrame({"a": [1.0, 2.0, 3.0, 4.0, 5.0], "b": [2.0, 4.0, 6.0, 5.0, 4.0]})
    result = estimation.rolling_correlation(frame, window=3)
    assert list(result.index) == [2, 3, 4]
    np.testing.assert_allclose(result.to_numpy(), [1.0, frame.iloc[1:4].corr().iloc[0, 1], -1.0])
    full = estimation.rolling_correlation(frame, window=5)
    assert full.iloc[0] == pytest.approx(estimation.correlation(frame).iloc[0, 1])


@pytest.mark.parametrize(
    ("frame", "window", "match"),
    [
        (pd.DataFrame({"a": [0.1, 0.2, 0.3, 0.4]}), 3, "two columns"),
        (pd.DataFrame({"a": [0.1, 0.2, 0.3], "b": [0.3, 0.1, 0.2]}), 4, "window"),
        (pd.DataFrame({"a": [0.1, 0.2, 0.3], "b": [0.3, 0.1, 0.2]}), 2, "window"),
    ],
)
def test_rolling_correlation_bad_input(frame, window, match) -> None:
    with pytest.raises(ValueError, match=match):
        estimation.rolling_correlation(frame, window=window)


def test_bad_years_known_answer() -> None:
    returns = pd.Series([0.1] * 9 + [-0.5], index=range(2000, 2010))
    threshold, worst = estimation.bad_years(returns, k=2.0)
    assert threshold == pytest.approx(returns.mean() - 2 * returns.std(ddof=1))
    assert worst.to_dict() == {2009: -0.5}
    assert estimation.bad_years(returns, k=3.0)[1].empty
    with pytest.raises(TypeError, match="returns"):
        estimation.bad_years([0.1, 0.2], k=2.0)
    with pytest.raises(ValueError, match="k"):
        estimation.bad_years(returns, k=0.0)


def test_growth_and_compound_return_known_answer() -> None:
    returns = pd.DataFrame({"a": [0.5, -0.5], "b": [0.1, 0.1]})
    np.testing.assert_allclose(estimation.growth_of_one(returns), [0.75, 1.21])
    np.testing.assert_allclose(estimation.compound_annual_return(returns), [np.sqrt(0.75) - 1.0, 0.1])
    # Two months of 1% compound to 2.01% in two months: 12.68% a year.
    monthly = pd.DataFrame({"a": [0.01, 0.01]})
    assert estimation.compound_annual_return(monthly, periods_per_year=12)["a"] == pytest.approx(1.01**12 - 1.0)


def test_compound_return_is_below_the_arithmetic_mean() -> None:
    from assetalloc import data

    annual = estimation.calendar_year_returns(data.us_equity_monthly()[["market", "small", "large"]])
    geometric = estimation.compound_annual_return(annual)
    arithmetic = estimation.annualised_mean(annual, periods_per_year=1)
    assert (geometric < arithmetic).all()
    growth = estimation.growth_of_one(annual)
    np.testing.assert_allclose((1.0 + geometric) ** len(annual), growth)


def test_compound_return_rejects_a_total_loss() -> None:
    with pytest.raises(ValueError, match="returns"):
        estimation.compound_annual_return(pd.DataFrame({"a": [0.1, -1.0]}))
    with pytest.raises(ValueError, match="returns"):
        estimation.growth_of_one(pd.DataFrame({"a": [0.1, -1.5]}))


def test_mean_difference_t_statistic_known_answer() -> None:
    frame = pd.DataFrame({"a": [0.10, 0.20, 0.30], "b": [0.05, 0.10, 0.15]})
    result = estimation.mean_difference_t_statistic(frame)
    # differences 0.05, 0.10, 0.15: mean 0.10, sd 0.05, standard error 0.05 / sqrt(3)
    assert result["difference"] == pytest.approx(0.10)
    assert result["standard_error"] == pytest.approx(0.05 / np.sqrt(3.0))
    assert result["t_statistic"] == pytest.approx(2.0 * np.sqrt(3.0))
    with pytest.raises(ValueError, match="returns"):
        estimation.mean_difference_t_statistic(pd.DataFrame({"a": [0.1, 0.2], "b": [0.0, 0.1]}))
    with pytest.raises(ValueError, match="returns"):
        estimation.mean_difference_t_statistic(frame.assign(c=0.0))


def test_volatility_standard_error_known_answer() -> None:
    assert estimation.volatility_standard_error(0.20, 51) == pytest.approx(0.02)
    with pytest.raises(ValueError, match="n_periods"):
        estimation.volatility_standard_error(0.20, 1)


def test_standard_error_of_the_emerging_mean_is_large() -> None:
    error = estimation.standard_error_of_mean(PRINTED["pattern2_risk_emerging"], 126)
    assert error == pytest.approx(0.2705 / np.sqrt(10.5))
    assert error > 4 * (PRINTED["table4_expected_return_emerging"] - PRINTED["table3_expected_return"])
    np.testing.assert_allclose(estimation.standard_error_of_mean([0.2, 0.1], 48, periods_per_year=4), [0.0577350, 0.0288675],
                               rtol=1e-6)
    with pytest.raises(ValueError, match="volatility"):
        estimation.standard_error_of_mean(-0.1, 12)
    with pytest.raises(ValueError, match="n_observations"):
        estimation.standard_error_of_mean(0.1, 0)


def test_standard_error_of_a_difference_of_means() -> None:
    # Known answers: independent equal risks give sqrt(2) times one mean's error; perfect correlation gives 0;
    # perfect negative correlation adds the risks.
    one = estimation.standard_error_of_mean(0.2, 120)
    assert estimation.mean_difference_standard_error(0.2, 0.2, 0.0, 120) == pytest.approx(np.sqrt(2) * one)
    assert estimation.mean_difference_standard_error(0.2, 0.2, 1.0, 120) == pytest.approx(0.0, abs=1e-15)
    assert estimation.mean_difference_standard_error(0.2, 0.1, -1.0, 48, periods_per_year=4) == pytest.approx(0.3 / np.sqrt(12))
    assert estimation.mean_difference_standard_error(0.3, 0.0, 0.4, 120) == pytest.approx(0.3 / np.sqrt(10))
    # The source's emerging minus foreign developed: sqrt(0.2705^2 + 0.2033^2 - 2 0.8769 0.2705 0.2033) / sqrt(10.5).
    sigma_e, sigma_f, rho = PRINTED["pattern2_risk_emerging"], PRINTED["pattern2_risk_foreign"], PRINTED["pattern2_correlation_foreign_emerging"]
    expected = np.sqrt(sigma_e**2 + sigma_f**2 - 2 * rho * sigma_e * sigma_f) / np.sqrt(10.5)
    assert estimation.mean_difference_standard_error(sigma_e, sigma_f, rho, 126) == pytest.approx(expected)
    assert estimation.mean_difference_standard_error(sigma_e, sigma_f, rho, 126) == pytest.approx(0.0426, abs=5e-5)
    # Symmetric in the two assets.
    assert estimation.mean_difference_standard_error(0.1, 0.3, 0.2, 60) == pytest.approx(
        estimation.mean_difference_standard_error(0.3, 0.1, 0.2, 60))
    with pytest.raises(ValueError, match="volatility_1"):
        estimation.mean_difference_standard_error(-0.1, 0.2, 0.5, 12)
    with pytest.raises(ValueError, match="correlation"):
        estimation.mean_difference_standard_error(0.1, 0.2, 1.5, 12)
    with pytest.raises(TypeError, match="correlation"):
        estimation.mean_difference_standard_error(0.1, 0.2, "0.5", 12)
    with pytest.raises(ValueError, match="n_observations"):
        estimation.mean_difference_standard_error(0.1, 0.2, 0.5, 0)


def test_docstring_examples_run() -> None:
    import doctest

    assert doctest.testmod(estimation, raise_on_error=False).failed == 0
