"""Tests of assetalloc.risk: the source's known answers, shapes and edge cases.

Source: Yamazaki (2009). Data set 1 is GPIF 1973-2007 (domestic and foreign
stocks); data set 2 is 1999-2009 yen returns (TOPIX, MSCI Kokusai, MSCI EM).
All numbers are decimals, annualised.
"""

import doctest
import math

import numpy as np
import pandas as pd
import pytest
from assetalloc import losses, risk

# Data set 1: domestic stocks, foreign stocks.
VOLS_1 = [0.2215, 0.1959]
CORR_1 = [[1.0, 0.27], [0.27, 1.0]]
EXPECTED_RETURN = 0.06

# Data set 2: TOPIX, MSCI Kokusai, MSCI EM.
VOLS_2 = [0.1803, 0.1911, 0.2705]
CORR_2 = [
    [1.0, 0.6023, 0.6782],
    [0.6023, 1.0, 0.8769],
    [0.6782, 0.8769, 1.0],
]


def cov_1():
    return risk.covariance_from_correlation(VOLS_1, CORR_1)


def cov_2():
    return risk.covariance_from_correlation(VOLS_2, CORR_2)


def volatility_by_hand(weights, vols, corr):
    """sqrt(sum_ij w_i w_j rho_ij s_i s_j), written out term by term without numpy."""
    n = len(weights)
    total = 0.0
    for i in range(n):
        for j in range(n):
            total += weights[i] * weights[j] * corr[i][j] * vols[i] * vols[j]
    return math.sqrt(total)


# --------------------------------------------------------------------------- source numbers


@pytest.mark.parametrize(
    ("domestic", "expected"), [(0.4, 0.1652), (0.5, 0.1665), (0.3, 0.1678)]
)
def test_two_stock_portfolio_volatility_matches_source(domestic, expected):
    vol = risk.portfolio_volatility([domestic, 1 - domestic], cov_1())
    assert round(vol, 4) == expected


def test_worst_case_returns_match_source():
    assert round(losses.worst_case_return(EXPECTED_RETURN, 0.2215), 4) == -0.383
    assert round(losses.worst_case_return(EXPECTED_RETURN, 0.1652), 4) == -0.2704
    both = losses.worst_case_return(EXPECTED_RETURN, [0.2215, 0.1652])
    np.testing.assert_allclose(both, [-0.383, -0.2704], atol=1e-12)


def test_max_investment_matches_source():
    domestic = losses.max_investment_for_loss(1_000_000, EXPECTED_RETURN, 0.2215)
    mixed = losses.max_investment_for_loss(1_000_000, EXPECTED_RETURN, 0.1652)
    assert round(domestic) == 2_610_966
    assert round(mixed) == 3_698_225
    assert round(domestic / 1e4) / 100 == 2.61  # million
    assert round(mixed / 1e4) / 100 == 3.70
    extra = mixed - domestic
    assert round(extra / 1e4) / 100 == 1.09
    assert round(extra * EXPECTED_RETURN, -3) == 65_000


def test_max_investment_is_vectorised():
    amounts = losses.max_investment_for_loss(1_000_000, EXPECTED_RETURN, np.array([0.2215, 0.1652]))
    np.testing.assert_allclose(amounts, [1e6 / 0.383, 1e6 / 0.2704])


@pytest.mark.parametrize("as_series", [False, True])
def test_loss_budget_table(as_series):
    vols = {"domestic 100%": 0.2215, "40/60": 0.1652}
    table = losses.loss_budget(EXPECTED_RETURN, pd.Series(vols) if as_series else vols, 1_000_000)
    columns = ["volatility", "worst_case_return", "max_investment", "expected_gain"]
    assert list(table.columns) == columns
    assert list(table.index) == list(vols)
    np.testing.assert_allclose(table["worst_case_return"], [-0.383, -0.2704])
    np.testing.assert_allclose(table["max_investment"], [1e6 / 0.383, 1e6 / 0.2704])
    np.testing.assert_allclose(table["expected_gain"], table["max_investment"] * EXPECTED_RETURN)


def test_second_data_set_fifty_fifty():
    vol = risk.portfolio_volatility([0.5, 0.5, 0.0], cov_2())
    # The source prints 0.1663; the rounded inputs give 0.16623.
    assert vol == pytest.approx(0.1663, abs=1e-4)
    assert vol == pytest.approx(volatility_by_hand([0.5, 0.5, 0.0], VOLS_2, CORR_2), abs=1e-15)


def test_second_data_set_with_emerging_markets():
    weights = [0.5, 0.35, 0.15]
    vol = risk.portfolio_volatility(weights, cov_2())
    assert vol == pytest.approx(volatility_by_hand(weights, VOLS_2, CORR_2), abs=1e-15)
    # The source prints 0.1762 for 50/35/15; the formula with the printed
    # inputs gives 0.1767 (0.1762 is what 35/55/10 gives).
    assert round(vol, 4) == 0.1767


# ------------------------------------------------------------------ covariance and correlation


def test_covariance_from_correlation_is_dcd():
    cov = cov_2()
    expected = np.array(CORR_2) * np.outer(VOLS_2, VOLS_2)
    np.testing.assert_allclose(cov, expected, rtol=1e-15)
    np.testing.assert_array_equal(cov, cov.T)


def test_correlation_round_trip():
    np.testing.assert_allclose(risk.correlation_from_covariance(cov_2()), CORR_2, atol=1e-15)


def test_zero_volatility_asset_has_zero_covariances():
    cov = risk.covariance_from_correlation([0.2, 0.0], [[1, 0.5], [0.5, 1]])
    np.testing.assert_array_equal(cov[1], [0.0, 0.0])


def test_pandas_inputs_are_accepted():
    names = ["jp", "world"]
    vols = pd.Series(VOLS_1, index=names)
    corr = pd.DataFrame(CORR_1, index=names, columns=names)
    cov = risk.covariance_from_correlation(vols, corr)
    weights = pd.Series([0.4, 0.6], index=names)
    assert round(risk.portfolio_volatility(weights, pd.DataFrame(cov)), 4) == 0.1652


# --------------------------------------------------------------------------- shape rule


def test_functions_of_weights_follow_the_shape_rule():
    cov = cov_2()
    mu = [0.05, 0.06, 0.08]
    one = [0.5, 0.35, 0.15]
    many = np.array([one, [1 / 3, 1 / 3, 1 / 3], [1.0, 0.0, 0.0]])
    for function, args in [
        (risk.portfolio_return, (mu,)),
        (risk.portfolio_variance, (cov,)),
        (risk.portfolio_volatility, (cov,)),
        (risk.diversification_ratio, (cov,)),
        (risk.effective_number_of_holdings, ()),
    ]:
        single = function(one, *args)
        rows = function(many, *args)
        assert isinstance(single, float)
        assert rows.shape == (3,)
        assert rows[0] == pytest.approx(single, rel=1e-14)
    assert risk.risk_contributions(one, cov).shape == (3,)
    assert risk.risk_contributions(many, cov).shape == (3, 3)


def test_portfolio_return_and_variance_values():
    assert risk.portfolio_return([0.4, 0.6], [0.05, 0.07]) == pytest.approx(0.062)
    cov = cov_1()
    w = np.array([0.4, 0.6])
    assert risk.portfolio_variance(w, cov) == pytest.approx(w @ cov @ w, rel=1e-15)
    assert risk.portfolio_volatility(w, cov) ** 2 == pytest.approx(w @ cov @ w, rel=1e-14)


# --------------------------------------------------------------------------- risk decomposition


def test_risk_contributions():
    contributions = risk.risk_contributions([0.5, 0.5], [[0.04, 0.0], [0.0, 0.01]])
    np.testing.assert_allclose(contributions, [0.8, 0.2])
    shares = risk.risk_contributions([0.5, 0.35, 0.15], cov_2())
    assert shares.sum() == pytest.approx(1.0, abs=1e-14)


def test_risk_contributions_of_a_hedge_can_be_negative():
    cov = risk.covariance_from_correlation([0.2, 0.1], [[1, -0.9], [-0.9, 1]])
    shares = risk.risk_contributions([0.8, 0.2], cov)
    assert shares[1] < 0 < shares[0]
    assert shares.sum() == pytest.approx(1.0)


def test_zero_variance_portfolio_is_refused():
    # Perfectly negatively correlated assets, weighted to cancel.
    cov = risk.covariance_from_correlation([0.2, 0.1], [[1, -1], [-1, 1]])
    hedge = [1 / 3, 2 / 3]
    assert risk.portfolio_volatility(hedge, cov) == pytest.approx(0.0, abs=1e-9)
    with pytest.raises(ValueError, match="weights give a portfolio with zero variance"):
        risk.risk_contributions(hedge, cov)
    with pytest.raises(ValueError, match="weights give a portfolio with zero variance"):
        risk.diversification_ratio(hedge, cov)
    with pytest.raises(ValueError, match=r"zero variance \(row 1\)"):
        risk.risk_contributions([[0.5, 0.5], hedge], cov)


def test_diversification_ratio():
    assert risk.diversification_ratio([0.5, 0.5], [[0.04, 0.0], [0.0, 0.04]]) == pytest.approx(
        math.sqrt(2)
    )
    perfectly_correlated = risk.covariance_from_correlation([0.2, 0.1], [[1, 1], [1, 1]])
    assert risk.diversification_ratio([0.3, 0.7], perfectly_correlated) == pytest.approx(1.0)
    assert risk.diversification_ratio([0.4, 0.6], cov_1()) > 1


def test_effective_number_of_holdings():
    assert risk.effective_number_of_holdings([0.25] * 4) == pytest.approx(4.0)
    assert risk.effective_number_of_holdings([1.0, 0.0, 0.0]) == 1.0
    assert risk.effective_number_of_holdings([0.5, 0.3, 0.2]) == pytest.approx(1 / 0.38)


# --------------------------------------------------------------------------- averages


def test_average_variance_and_covariance():
    average_variance, average_covariance = risk.average_variance_and_covariance(cov_2())
    cov = cov_2()
    assert average_variance == pytest.approx(np.mean(np.diag(cov)))
    assert average_covariance == pytest.approx(np.mean(cov[~np.eye(3, dtype=bool)]))


def test_equal_weight_portfolio_variance():
    assert risk.equal_weight_portfolio_variance(1, 0.04, 0.01) == pytest.approx(0.04)
    assert risk.equal_weight_portfolio_variance(4, 0.04, 0.01) == pytest.approx(0.0175)
    curve = risk.equal_weight_portfolio_variance(np.arange(1, 1001), 0.04, 0.01)
    assert curve.shape == (1000,)
    assert np.all(np.diff(curve) < 0)
    assert curve[-1] == pytest.approx(0.01, abs=1e-4)  # towards the average covariance


def test_equal_weight_variance_matches_the_equal_weight_portfolio():
    cov = cov_2()
    average_variance, average_covariance = risk.average_variance_and_covariance(cov)
    direct = risk.portfolio_variance(np.full(3, 1 / 3), cov)
    assert risk.equal_weight_portfolio_variance(3, average_variance, average_covariance) == (
        pytest.approx(direct, rel=1e-13)
    )


def test_docstring_examples():
    assert doctest.testmod(risk, raise_on_error=False).failed == 0
