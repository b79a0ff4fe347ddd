"""Tests of assetalloc.losses: what a longer horizon changes (chance of a loss, the gap to a bad outcome).

Known answers are computed here with the standard library (``math.erfc`` for
the normal distribution), from the source's domestic stocks (Yamazaki 2009,
GPIF 1973-2007 data): 6 % expected return, 22.15 % risk. All numbers are
decimals; horizons in years.
"""

from __future__ import annotations

import doctest
import math

import numpy as np
import pandas as pd
import pytest
from assetalloc import losses
from hypothesis import given, settings
from hypothesis import strategies as st

MU, SIGMA = 0.06, 0.2215
PROPERTY = settings(max_examples=30, deadline=None)

returns = st.floats(-0.2, 0.3, allow_nan=False)
positive_returns = st.floats(1e-4, 0.3, allow_nan=False)
risks = st.floats(0.01, 0.6, allow_nan=False)
horizons = st.integers(1, losses.MAX_HORIZON_YEARS)
sigmas = st.floats(0.5, 4.0, allow_nan=False)


def phi_below(z: float) -> float:
    """P(Z < z) for a standard normal Z, by the complementary error function."""
    return 0.5 * math.erfc(-z / math.sqrt(2.0))


def loss_chance(mu: float, sigma: float, years: int) -> float:
    """P(T mu + sqrt(T) sigma Z < 0) = Phi(-sqrt(T) mu / sigma), written out here."""
    return phi_below(-math.sqrt(years) * mu / sigma)


# --------------------------------------------------------------------------- known answers


# Phi(-sqrt(T) 0.06 / 0.2215): T = 1, z = 0.2709, 0.39324; T = 25, z = 1.3544, 0.087804 (NOT the
# 0.0877 of the loss_probability docstring: see test_docstring_examples).
@pytest.mark.parametrize(("years", "rounded"), [(1, 0.3932), (25, 0.0878)])
def test_loss_probability_known_answers(years, rounded):
    expected = 0.5 * math.erfc(math.sqrt(years) * MU / SIGMA / math.sqrt(2.0))
    assert round(expected, 4) == rounded
    assert losses.loss_probability(MU, SIGMA, years) == pytest.approx(expected, rel=1e-12)


def test_loss_probability_default_is_one_year_and_a_float():
    result = losses.loss_probability(MU, SIGMA)
    assert isinstance(result, float)
    assert result == pytest.approx(loss_chance(MU, SIGMA, 1), rel=1e-12)


def test_loss_probability_of_several_horizons_is_an_array_shaped_like_years():
    years = [1, 5, 10, 25, 200]
    result = losses.loss_probability(MU, SIGMA, years)
    assert isinstance(result, np.ndarray) and result.shape == (5,)
    np.testing.assert_allclose(result, [loss_chance(MU, SIGMA, t) for t in years], rtol=1e-12)
    np.testing.assert_allclose(losses.loss_probability(MU, SIGMA, np.array(years)), result, rtol=0)


def test_zero_and_negative_expected_returns():
    assert losses.loss_probability(0.0, SIGMA, 30) == 0.5  # a fair coin at any horizon
    # with a negative expected return a loss becomes MORE likely with time
    assert losses.loss_probability(-0.02, 0.1, 1) < losses.loss_probability(-0.02, 0.1, 50)


def test_horizon_outcomes_known_answers():
    table = losses.horizon_outcomes(MU, SIGMA, [1, 10, 25])
    assert list(table.columns) == ["loss_probability", "expected", "bad_outcome", "shortfall"]
    assert table.index.name == "years" and table.index.tolist() == [1, 10, 25]
    assert pd.api.types.is_integer_dtype(table.index)
    for t in (1, 10, 25):
        row = table.loc[t]
        assert row["loss_probability"] == pytest.approx(loss_chance(MU, SIGMA, t), rel=1e-12)
        assert row["expected"] == pytest.approx(t * MU, rel=1e-12)
        assert row["shortfall"] == pytest.approx(2 * math.sqrt(t) * SIGMA, rel=1e-12)
        assert row["bad_outcome"] == pytest.approx(t * MU - 2 * math.sqrt(t) * SIGMA, rel=1e-12)
    # the docstring's figures: 2 x 22.15 % = 44.3 % over a year, 5 x that over 25 years
    assert table.loc[1, "shortfall"] == pytest.approx(0.443)
    assert table.loc[25, "shortfall"] == pytest.approx(2.215)
    assert table.loc[1, "loss_probability"] == pytest.approx(losses.loss_probability(MU, SIGMA, 1), rel=1e-15)


def test_horizon_outcomes_agree_with_the_one_year_functions():
    row = losses.horizon_outcomes(MU, SIGMA, [1], k=2.0).iloc[0]
    assert row["bad_outcome"] == pytest.approx(losses.worst_case_return(MU, SIGMA, 2.0), rel=1e-12)
    assert row["loss_probability"] == pytest.approx(phi_below(-MU / SIGMA), rel=1e-12)


def test_bad_outcome_stops_being_a_loss_at_the_break_even_horizon():
    horizon = losses.break_even_horizon(MU, SIGMA)  # (2 x 0.2215 / 0.06)^2 = 54.5 years
    assert horizon == pytest.approx((2 * SIGMA / MU) ** 2)
    table = losses.horizon_outcomes(MU, SIGMA, [math.floor(horizon), math.ceil(horizon)])
    assert table["bad_outcome"].iloc[0] < 0 < table["bad_outcome"].iloc[1]


def test_the_longest_horizon_is_accepted():
    assert losses.MAX_HORIZON_YEARS == 200
    table = losses.horizon_outcomes(MU, SIGMA, [losses.MAX_HORIZON_YEARS])
    assert table.loc[200, "shortfall"] == pytest.approx(2 * math.sqrt(200) * SIGMA)


# --------------------------------------------------------------------------- properties


@PROPERTY
@given(positive_returns, risks, st.lists(horizons, min_size=2, max_size=8, unique=True))
def test_loss_probability_falls_with_the_horizon_when_the_expected_return_is_positive(mu, sigma, years):
    years = sorted(years)
    probabilities = losses.loss_probability(mu, sigma, years)
    assert np.all(np.diff(probabilities) <= 0)
    assert np.all((probabilities >= 0) & (probabilities <= 0.5))
    np.testing.assert_allclose(probabilities, [loss_chance(mu, sigma, t) for t in years], rtol=1e-9, atol=1e-300)


@PROPERTY
@given(returns, risks, st.lists(horizons, min_size=1, max_size=8, unique=True), sigmas)
def test_shortfall_is_k_sqrt_t_sigma_and_grows(mu, sigma, years, k):
    years = sorted(years)
    table = losses.horizon_outcomes(mu, sigma, years, k=k)
    np.testing.assert_allclose(table["shortfall"], k * np.sqrt(years) * sigma, rtol=1e-12)
    np.testing.assert_allclose(table["expected"] - table["bad_outcome"], table["shortfall"], rtol=1e-9, atol=1e-15)
    np.testing.assert_allclose(table["expected"], np.array(years) * mu, rtol=1e-12, atol=1e-15)
    assert np.all(np.diff(table["shortfall"].to_numpy()) > 0)
    # loss_probability is the same figure either way
    np.testing.assert_allclose(table["loss_probability"], losses.loss_probability(mu, sigma, years), rtol=0)


@PROPERTY
@given(returns, risks, horizons)
def test_loss_probability_is_a_probability(mu, sigma, years):
    p = losses.loss_probability(mu, sigma, years)
    assert 0.0 <= p <= 1.0
    # and the complement of the chance of a gain: Phi(-z) + Phi(z) = 1
    gain = phi_below(math.sqrt(years) * mu / sigma)
    assert p + gain == pytest.approx(1.0, abs=1e-12)


# --------------------------------------------------------------------------- bad inputs


@pytest.mark.parametrize("function", [losses.loss_probability, losses.horizon_outcomes])
@pytest.mark.parametrize(("years", "error"), [
    (0, ValueError), (201, ValueError), (2.5, TypeError), (True, TypeError), ([1, 0], ValueError),
    ([1, 201], ValueError), ([1, 2.5], TypeError), ([], ValueError), (None, TypeError), ("10", TypeError),
])
def test_bad_years_name_years(function, years, error):
    if function is losses.horizon_outcomes and np.ndim(years) == 0:
        years = [years]  # horizon_outcomes takes a list of horizons: the bad one inside a list
    with pytest.raises(error, match=r"\byears\b"):
        function(MU, SIGMA, years)


@pytest.mark.parametrize("function", [losses.loss_probability, losses.horizon_outcomes])
@pytest.mark.parametrize(("name", "value", "error"), [
    ("volatility", 0.0, ValueError), ("volatility", -0.1, ValueError), ("volatility", math.nan, ValueError),
    ("expected_return", math.inf, ValueError), ("expected_return", "6%", TypeError),
])
def test_bad_return_or_risk_names_it(function, name, value, error):
    kwargs = {"expected_return": MU, "volatility": SIGMA, "years": [10], name: value}
    with pytest.raises(error, match=rf"\b{name}\b"):
        function(**kwargs)


@pytest.mark.parametrize("k", [0.0, -2.0, math.nan])
def test_bad_k_names_k(k):
    with pytest.raises(ValueError, match=r"\bk\b"):
        losses.horizon_outcomes(MU, SIGMA, [10], k=k)


def test_a_single_horizon_is_one_row_or_an_error_naming_years():
    try:
        table = losses.horizon_outcomes(MU, SIGMA, 10)
    except (TypeError, ValueError) as error:
        assert "years" in str(error)
    else:
        assert table.index.tolist() == [10]


def test_two_dimensional_years_name_years():
    with pytest.raises(ValueError, match=r"\byears\b"):
        losses.horizon_outcomes(MU, SIGMA, [[1, 2], [3, 4]])


def test_docstring_examples():
    assert doctest.testmod(losses, raise_on_error=False).failed == 0
