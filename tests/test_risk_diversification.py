"""Chapter 1 additions to risk: two-asset covariance, the 1/N law, subsets, the loss-budget baseline."""

from __future__ import annotations

import itertools

import numpy as np
import pandas as pd
import pytest
from assetalloc import losses, risk


def test_two_asset_covariance_reproduces_table_1() -> None:
    covariance = risk.two_asset_covariance(0.2215, 0.1959, 0.27)
    assert round(risk.portfolio_volatility([0.4, 0.6], covariance), 4) == 0.1652
    np.testing.assert_allclose(covariance, risk.covariance_from_correlation([0.2215, 0.1959], [[1, 0.27], [0.27, 1]]))


def test_average_correlation_of_a_known_matrix() -> None:
    correlation = np.array([[1, 0.2, 0.4], [0.2, 1, 0.6], [0.4, 0.6, 1]])
    covariance = risk.covariance_from_correlation([0.1, 0.2, 0.3], correlation)
    assert risk.average_correlation(covariance) == pytest.approx(0.4)


def test_equal_weight_volatility_matches_the_full_covariance_matrix() -> None:
    n, sigma, rho = 7, 0.3, 0.25
    correlation = np.full((n, n), rho) + (1 - rho) * np.eye(n)
    covariance = risk.covariance_from_correlation(np.full(n, sigma), correlation)
    exact = risk.portfolio_volatility(np.full(n, 1 / n), covariance)
    assert risk.equal_weight_portfolio_volatility(n, sigma, rho) == pytest.approx(exact)
    assert risk.diversification_floor(sigma, rho) == pytest.approx(0.15)
    many = risk.equal_weight_portfolio_volatility(np.array([10**6]), sigma, rho)[0]
    assert many == pytest.approx(0.15, abs=1e-6)


def test_subset_volatilities_by_brute_force() -> None:
    rng = np.random.default_rng(7)
    factors = rng.normal(size=(5, 8))
    covariance = factors @ factors.T / 40
    table = risk.equal_weight_subset_volatilities(covariance)
    for size in range(1, 6):
        vols = [
            risk.portfolio_volatility(np.full(size, 1 / size), covariance[np.ix_(subset, subset)])
            for subset in itertools.combinations(range(5), size)
        ]
        assert table.loc[size, "mean"] == pytest.approx(np.mean(vols))
        assert table.loc[size, "min"] == pytest.approx(min(vols))
        assert table.loc[size, "max"] == pytest.approx(max(vols))
    averages = risk.average_variance_and_covariance(covariance)
    law = risk.equal_weight_portfolio_variance(np.arange(1, 6), *averages)
    np.testing.assert_allclose(table["mean_variance"].to_numpy(), law, rtol=1e-12)


def test_loss_budget_against_a_baseline_reproduces_the_source() -> None:
    table = losses.loss_budget(0.06, pd.Series({"domestic": 0.2215, "mix": 0.1652}), 1_000_000, baseline="domestic")
    assert round(table.loc["mix", "extra_investment"], -4) == 1_090_000
    assert table.loc["mix", "extra_expected_gain"] > 60_000
    assert table.loc["domestic", "extra_investment"] == 0


@pytest.mark.parametrize(
    ("call", "name"),
    [
        (lambda: risk.two_asset_covariance(0.2, 0.1, 1.2), "correlation"),
        (lambda: risk.two_asset_covariance(-0.2, 0.1, 0.5), "volatility_1"),
        (lambda: risk.two_asset_covariance(0.2, float("nan"), 0.5), "volatility_2"),
        (lambda: risk.average_correlation([[0.04]]), "covariance"),
        (lambda: risk.equal_weight_portfolio_volatility(3, 0.2, -0.1), "average_correlation"),
        (lambda: risk.equal_weight_portfolio_volatility(0, 0.2, 0.1), "n_assets"),
        (lambda: risk.diversification_floor(-0.2, 0.1), "average_volatility"),
        (lambda: risk.equal_weight_subset_volatilities(np.eye(17)), "covariance"),
        (lambda: losses.loss_budget(0.06, {"a": 0.2}, 1e6, baseline="b"), "baseline"),
    ],
)
def test_bad_input_names_the_argument(call, name: str) -> None:
    with pytest.raises((ValueError, TypeError), match=name):
        call()


def test_volatilities_are_the_square_roots_of_the_diagonal() -> None:
    np.testing.assert_allclose(risk.volatilities(risk.two_asset_covariance(0.2215, 0.1959, 0.27)), [0.2215, 0.1959])
    with pytest.raises(ValueError, match="covariance"):
        risk.volatilities([[0.04, 0.01], [0.02, 0.04]])


def test_break_even_horizon_is_where_the_bad_cumulative_outcome_reaches_zero() -> None:
    years = losses.break_even_horizon(0.06, 0.2215, 2.0)
    assert years == pytest.approx((2 * 0.2215 / 0.06) ** 2)
    assert losses.worst_case_return(years * 0.06, np.sqrt(years) * 0.2215, 2.0) == pytest.approx(0.0, abs=1e-12)
    assert losses.worst_case_return(1.1 * years * 0.06, np.sqrt(1.1 * years) * 0.2215, 2.0) > 0
    with pytest.raises(ValueError, match="expected_return must be > 0"):
        losses.break_even_horizon(0.0, 0.2, 2.0)


def test_two_asset_minimum_variance_weight_matches_the_optimiser() -> None:
    from assetalloc import optimise

    for volatilities, rho in [((0.2215, 0.1959), 0.27), ((0.1803, 0.1911), 0.6023), ((0.3, 0.1), -0.5)]:
        formula = risk.two_asset_minimum_variance_weight(*volatilities, rho)
        solver = optimise.minimum_variance_weights(risk.two_asset_covariance(*volatilities, rho))[0]
        assert formula == pytest.approx(solver, abs=1e-6)
    assert risk.two_asset_minimum_variance_weight(0.2215, 0.1959, 0.27) == pytest.approx(0.416530, abs=1e-6)
    assert risk.two_asset_minimum_variance_weight(0.1803, 0.1911, 0.6023) == pytest.approx(0.57287, abs=1e-5)


def test_two_asset_minimum_variance_weight_known_cases() -> None:
    # Equal risks: half and half, whatever the correlation below 1.
    assert risk.two_asset_minimum_variance_weight(0.2, 0.2, 0.3) == pytest.approx(0.5)
    # Correlation -1: zero risk at s2 / (s1 + s2).
    weight = risk.two_asset_minimum_variance_weight(0.3, 0.1, -1.0)
    assert weight == pytest.approx(0.25)
    assert risk.portfolio_volatility([weight, 1 - weight], risk.two_asset_covariance(0.3, 0.1, -1.0)) == pytest.approx(0.0, abs=1e-7)
    # Correlation 1, unequal risks: the formula asks for a short position in the riskier asset.
    assert risk.two_asset_minimum_variance_weight(0.3, 0.1, 1.0) == pytest.approx(-0.5)
    # A riskless first asset gets everything.
    assert risk.two_asset_minimum_variance_weight(0.0, 0.2, 0.0) == pytest.approx(1.0)


@pytest.mark.parametrize(("volatilities", "rho"), [((0.2, 0.2), 1.0), ((0.0, 0.0), 0.3)])
def test_two_asset_minimum_variance_weight_without_a_single_minimum(volatilities, rho) -> None:
    with pytest.raises(ValueError, match="correlation"):
        risk.two_asset_minimum_variance_weight(*volatilities, rho)


def test_bad_year_probability_known_values() -> None:
    assert losses.bad_year_probability(2.0) == pytest.approx(0.0227501319, rel=1e-8)
    assert losses.bad_year_probability(1.0) == pytest.approx(0.1586552539, rel=1e-8)
    assert losses.bad_year_probability(0.0) == 0.5
    assert losses.bad_year_probability(-2.0) == pytest.approx(1 - 0.0227501319, rel=1e-8)
    assert round(1 / losses.bad_year_probability(2.0)) == 44
    with pytest.raises(TypeError, match="k"):
        losses.bad_year_probability("2")
    with pytest.raises(ValueError, match="k"):
        losses.bad_year_probability(float("nan"))


def test_equivalent_correlation_makes_the_law_exact() -> None:
    rng = np.random.default_rng(3)
    factors = rng.normal(size=(6, 3)) + 1.0
    covariance = factors @ factors.T / 20 + np.diag(rng.uniform(0.01, 0.05, 6))
    average_variance, average_covariance = risk.average_variance_and_covariance(covariance)
    rho = risk.equivalent_correlation(covariance)
    assert rho == pytest.approx(average_covariance / average_variance)
    sigma = np.sqrt(average_variance)
    n = np.arange(1, 7)
    np.testing.assert_allclose(
        risk.equal_weight_portfolio_volatility(n, sigma, rho) ** 2,
        risk.equal_weight_portfolio_variance(n, average_variance, average_covariance),
    )
    assert risk.diversification_floor(sigma, rho) == pytest.approx(np.sqrt(average_covariance))
    # All of them: the exact portfolio variance.
    assert risk.equal_weight_portfolio_volatility(6, sigma, rho) == pytest.approx(
        risk.portfolio_volatility(np.full(6, 1 / 6), covariance)
    )


def test_equivalent_correlation_rejects_a_negative_average_covariance() -> None:
    with pytest.raises(ValueError, match="covariance"):
        risk.equivalent_correlation([[0.04, -0.01], [-0.01, 0.04]])


def test_compounded_volatility_known_answers() -> None:
    # One period: the period's own risk.
    assert risk.compounded_volatility(0.01, 0.04, 1) == pytest.approx(0.04)
    # Two periods, mean 0, sd 0.1: Var[(1+a)(1+b)] = (0.01 + 1)^2 - 1 = 0.0201.
    assert risk.compounded_volatility(0.0, 0.1, 2) == pytest.approx(np.sqrt(0.0201))
    # No risk: no spread, whatever the mean.
    assert risk.compounded_volatility(0.02, 0.0, 12) == pytest.approx(0.0, abs=1e-12)
    # Compounding widens the spread beyond the square-root-of-time rule.
    assert risk.compounded_volatility(0.01, 0.04, 12) > 0.04 * np.sqrt(12)


def test_compounded_volatility_matches_simulation() -> None:
    rng = np.random.default_rng(3)
    months = rng.normal(0.01, 0.04, (200_000, 12))
    simulated = np.prod(1.0 + months, axis=1).std()
    assert risk.compounded_volatility(0.01, 0.04, 12) == pytest.approx(simulated, rel=0.01)


def test_compounded_volatility_bad_input() -> None:
    with pytest.raises(ValueError, match="mean"):
        risk.compounded_volatility(-1.0, 0.04, 12)
    with pytest.raises(ValueError, match="periods"):
        risk.compounded_volatility(0.01, 0.04, 0)
