"""Currency returns, hedging, interest parity and fees."""

from __future__ import annotations

import numpy as np
import pytest
from assetalloc import currency, data, risk
from assetalloc.compare import in_library_units
from hypothesis import given, settings
from hypothesis import strategies as st

rates = st.floats(-0.01, 0.10)
returns = st.floats(-0.5, 0.5)


def test_known_answers() -> None:
    assert currency.unhedged_return(0.03, -0.10) == pytest.approx(-0.07)
    assert currency.unhedged_return(0.03, -0.10, exact=True) == pytest.approx(1.03 * 0.9 - 1)
    assert currency.hedged_return(0.045, 0.005, 0.04) == pytest.approx(0.01)
    assert currency.hedged_return(0.045, 0.005, 0.04, exact=True) == pytest.approx(1.045 * 1.005 / 1.04 - 1)
    assert currency.forward_rate(150.0, 0.005, 0.04) == pytest.approx(150 * 1.005 / 1.04)
    assert currency.forward_rate(150.0, 0.005, 0.04, years=2) == pytest.approx(150 * (1.005 / 1.04) ** 2)
    assert currency.parity_currency_return(0.005, 0.04) == pytest.approx(-0.035)


def test_source_fee_drag() -> None:
    """Source: foreign bonds 1.5 % at most before fees, fees above 1 %: under 0.5 % left, below its 1 %."""
    printed = in_library_units(data.reported_figures("yamazaki2009"))
    left = currency.net_of_fee(printed["pattern1_foreign_bonds_return_before_fees"], printed["pattern1_foreign_bond_fund_fee"])
    assert left == pytest.approx(0.005)
    assert left < printed["table2_expected_return_bonds"]
    assert currency.net_of_fee(0.015, 0.01, exact=True) == pytest.approx(1.015 * 0.99 - 1)


@settings(max_examples=60, deadline=None)
@given(returns, rates, rates)
def test_covered_parity_hedge_equals_exchanging_at_the_forward(r: float, home: float, away: float) -> None:
    spot = 150.0
    forward = currency.forward_rate(spot, home, away)
    # Invest 1 yen abroad, convert the proceeds back at the forward rate.
    through_forward = (1 + r) * forward / spot - 1
    assert currency.hedged_return(r, home, away, exact=True) == pytest.approx(through_forward, rel=1e-12, abs=1e-12)
    # Under uncovered parity the unhedged expected return equals the hedged one.
    expected_fx = currency.parity_currency_return(home, away, exact=True)
    assert currency.unhedged_return(r, expected_fx, exact=True) == pytest.approx(through_forward, abs=1e-12)


@settings(max_examples=60, deadline=None)
@given(st.floats(0, 0.3), st.sampled_from([0.0, 0.05, 0.1, 0.2]) | st.floats(0.001, 0.3), st.floats(-1, 1))
def test_unhedged_risk_is_the_two_asset_sum(local: float, fx: float, rho: float) -> None:
    hedged, unhedged = currency.hedged_unhedged_risk(local, fx, rho)
    assert hedged == local
    covariance = risk.two_asset_covariance(local, fx, rho)
    # Compared as variances: near a correlation of -1 the square root magnifies rounding in the sum.
    assert unhedged**2 == pytest.approx(max(covariance.sum(), 0.0), abs=1e-12)
    # Hedging lowers risk exactly when rho > -fx / (2 local).
    if local > 0 and fx > 0 and abs(rho + fx / (2 * local)) > 1e-9:
        assert (unhedged > hedged) == (rho > -fx / (2 * local))


def test_hedging_threshold_correlation() -> None:
    # Known answers: -ss / (2 sl).
    assert currency.hedging_threshold_correlation(0.05, 0.12) == pytest.approx(-1.2)
    assert currency.hedging_threshold_correlation(0.10, 0.05) == pytest.approx(-0.25)
    np.testing.assert_allclose(currency.hedging_threshold_correlation(0.05, [0.0, 0.05]), [0.0, -0.5])
    # At the threshold the hedged and unhedged risks are equal.
    rho = currency.hedging_threshold_correlation(0.10, 0.05)
    hedged, unhedged = currency.hedged_unhedged_risk(0.10, 0.05, rho)
    assert unhedged == pytest.approx(hedged, abs=1e-12)
    with pytest.raises(ValueError, match="local_volatility"):
        currency.hedging_threshold_correlation(0.0, 0.1)
    with pytest.raises(ValueError, match="currency_volatility"):
        currency.hedging_threshold_correlation(0.1, -0.1)


def test_vectorised_risk() -> None:
    hedged, unhedged = currency.hedged_unhedged_risk(0.05, [0.0, 0.12], 0.0)
    np.testing.assert_allclose(hedged, [0.05, 0.05])
    np.testing.assert_allclose(unhedged, [0.05, 0.13])


@pytest.mark.parametrize(
    ("call", "error", "name"),
    [
        (lambda: currency.unhedged_return(-1.2, 0.0), ValueError, "local_return"),
        (lambda: currency.unhedged_return(0.0, None), TypeError, "currency_return"),
        (lambda: currency.unhedged_return(0.0, 0.0, exact="yes"), TypeError, "exact"),
        (lambda: currency.hedged_return(0.0, np.inf, 0.0), ValueError, "domestic_rate"),
        (lambda: currency.forward_rate(0.0, 0.0, 0.0), ValueError, "spot"),
        (lambda: currency.forward_rate(150.0, 0.0, -1.0), ValueError, "foreign_rate"),
        (lambda: currency.forward_rate(150.0, 0.0, 0.0, years=0), ValueError, "years"),
        (lambda: currency.hedged_unhedged_risk(-0.1, 0.1, 0.0), ValueError, "local_volatility"),
        (lambda: currency.hedged_unhedged_risk(0.1, 0.1, 1.5), ValueError, "correlation"),
        (lambda: currency.net_of_fee(0.02, 1.0), ValueError, "annual_fee"),
        (lambda: currency.net_of_fee(0.02, -0.01), ValueError, "annual_fee"),
    ],
)
def test_validation_names_the_argument(call, error: type, name: str) -> None:
    with pytest.raises(error, match=name):
        call()
