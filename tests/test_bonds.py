"""Bond price, duration and convexity: known answers, identities, validation."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from assetalloc import bonds
from hypothesis import given, settings
from hypothesis import strategies as st

yields = st.floats(0.0, 0.15)
coupons = st.floats(0.0, 0.12)
maturities = st.integers(1, 40)


def test_par_bond_and_zero_coupon_known_answers() -> None:
    assert bonds.bond_price(0.05, 0.05, 7) == pytest.approx(1.0, abs=1e-14)
    assert bonds.bond_price(0.05, 0.0, 10) == pytest.approx(1.05**-10, rel=1e-14)
    # A zero-coupon bond's Macaulay duration is its maturity; modified divides by 1 + y.
    assert bonds.modified_duration(0.05, 0.0, 10) == pytest.approx(10 / 1.05, rel=1e-14)
    assert bonds.convexity(0.05, 0.0, 10) == pytest.approx(10 * 11 / 1.05**2, rel=1e-14)


def test_textbook_coupon_bond() -> None:
    # 3-year 10% annual bond at 8%: price 105.154, Macaulay duration 2.7424 years.
    price = bonds.bond_price(0.08, 0.10, 3)
    assert price == pytest.approx(1.05154, abs=1e-5)
    assert bonds.modified_duration(0.08, 0.10, 3) * 1.08 == pytest.approx(2.7424, abs=1e-4)


def test_vectorised_over_yields() -> None:
    grid = np.array([0.01, 0.03, 0.05])
    np.testing.assert_allclose(bonds.bond_price(grid, 0.03, 5), [bonds.bond_price(y, 0.03, 5) for y in grid])


@settings(max_examples=60, deadline=None)
@given(yields, coupons, maturities)
def test_duration_and_convexity_are_the_derivatives(y: float, c: float, t: int) -> None:
    h = 1e-5
    price = bonds.bond_price(y, c, t)
    up, down = bonds.bond_price(y + h, c, t), bonds.bond_price(y - h, c, t)
    assert -(up - down) / (2 * h) / price == pytest.approx(bonds.modified_duration(y, c, t), rel=1e-6)
    assert (up - 2 * price + down) / h**2 / price == pytest.approx(bonds.convexity(y, c, t), rel=1e-4)


@settings(max_examples=60, deadline=None)
@given(yields, coupons, maturities, st.floats(-0.03, 0.03))
def test_estimates_bracket_the_exact_change(y: float, c: float, t: int, dy: float) -> None:
    row = bonds.price_change(y, c, t, dy).iloc[0]
    # Price is convex in yield: the tangent (duration) line lies below the exact change.
    assert row["exact"] >= row["duration"] - 1e-12
    # Adding convexity is closer than duration alone.
    assert abs(row["exact"] - row["duration_convexity"]) <= abs(row["exact"] - row["duration"]) + 1e-12


@settings(max_examples=40, deadline=None)
@given(yields, coupons, maturities)
def test_duration_at_most_maturity_and_price_falls_with_yield(y: float, c: float, t: int) -> None:
    assert bonds.modified_duration(y, c, t) <= t / (1 + y) + 1e-12
    assert bonds.bond_price(y + 0.01, c, t) < bonds.bond_price(y, c, t)


def test_price_change_table() -> None:
    table = bonds.price_change(0.045, 0.045, 10, [-0.01, 0.0, 0.01])
    assert list(table.columns) == ["exact", "duration", "duration_convexity"]
    np.testing.assert_allclose(table.loc[0.0].to_numpy(), 0.0, atol=1e-15)
    assert table.loc[0.01, "exact"] == pytest.approx(bonds.bond_price(0.055, 0.045, 10) - 1.0, rel=1e-12)


@pytest.mark.parametrize(
    ("call", "error", "name"),
    [
        (lambda: bonds.bond_price(-1.0, 0.05, 10), ValueError, "yield_"),
        (lambda: bonds.bond_price("5%", 0.05, 10), TypeError, "yield_"),
        (lambda: bonds.bond_price(0.05, -0.01, 10), ValueError, "coupon_rate"),
        (lambda: bonds.bond_price(0.05, 0.05, 0), ValueError, "maturity"),
        (lambda: bonds.bond_price(0.05, 0.05, 2.5), TypeError, "maturity"),
        (lambda: bonds.modified_duration(0.05, np.nan, 3), ValueError, "coupon_rate"),
        (lambda: bonds.price_change(0.01, 0.05, 10, -1.5), ValueError, "shock"),
        (lambda: bonds.price_change(0.01, 0.05, 10, [[0.01]]), ValueError, "shock"),
    ],
)
def test_validation_names_the_argument(call, error: type, name: str) -> None:
    with pytest.raises(error, match=name):
        call()


def test_semiannual_coupons_known_answers() -> None:
    # A 10-year par bond at 4.6 %: semiannual coupons give a longer duration and a smaller convexity.
    assert bonds.bond_price(0.046, 0.046, 10, frequency=2) == pytest.approx(1.0, abs=1e-13)
    assert bonds.modified_duration(0.046, 0.046, 10, frequency=2) == pytest.approx(7.9439, abs=1e-4)
    assert bonds.convexity(0.046, 0.046, 10, frequency=2) == pytest.approx(75.684, abs=1e-3)
    assert bonds.modified_duration(0.046, 0.046, 10) == pytest.approx(7.8740, abs=1e-4)
    # A zero-coupon bond: Macaulay duration is the maturity whatever the frequency; D = T / (1 + y/2).
    assert bonds.modified_duration(0.05, 0.0, 10, frequency=2) == pytest.approx(10 / 1.025, rel=1e-14)
    assert bonds.convexity(0.05, 0.0, 10, frequency=2) == pytest.approx(10 * 10.5 / 1.025**2, rel=1e-14)
    table = bonds.price_change(0.046, 0.046, 10, 0.01, frequency=2)
    assert table.loc[0.01, "exact"] == pytest.approx(bonds.bond_price(0.056, 0.046, 10, 2) - 1.0, rel=1e-12)


@settings(max_examples=40, deadline=None)
@given(yields, coupons, maturities, st.sampled_from([2, 4, 12]))
def test_duration_and_convexity_are_the_derivatives_at_any_frequency(y: float, c: float, t: int, f: int) -> None:
    h = 1e-5
    price = bonds.bond_price(y, c, t, f)
    up, down = bonds.bond_price(y + h, c, t, f), bonds.bond_price(y - h, c, t, f)
    assert -(up - down) / (2 * h) / price == pytest.approx(bonds.modified_duration(y, c, t, f), rel=1e-6)
    assert (up - 2 * price + down) / h**2 / price == pytest.approx(bonds.convexity(y, c, t, f), rel=1e-4)


def test_implied_yield_change_known_answers() -> None:
    # A month's carry at 4.8 % is 0.4 %; with a 0.7 % loss the yield rose (0.4 + 0.7) / 6 % = 0.1833 points.
    assert bonds.implied_yield_change(-0.007, 0.048, 6.0, 1 / 12) == pytest.approx(0.011 / 6, rel=1e-12)
    # Earning exactly the carry means no yield change; ignoring carry (zero yield) gives -r / D.
    assert bonds.implied_yield_change(0.004, 0.048, 6.0, 1 / 12) == pytest.approx(0.0, abs=1e-15)
    assert bonds.implied_yield_change(-0.007, 0.0, 7.0, 1 / 12) == pytest.approx(0.001, rel=1e-12)
    # Round trip with the first-order price change of a yield shock.
    dy = 0.002
    r = 0.046 / 12 - 7.5 * dy
    assert bonds.implied_yield_change(r, 0.046, 7.5, 1 / 12) == pytest.approx(dy, rel=1e-12)


def test_implied_yield_volatility_known_answers() -> None:
    assert bonds.implied_yield_volatility(0.05, 8.0) == pytest.approx(0.00625, rel=1e-15)
    assert bonds.implied_yield_volatility(0.0, 8.0) == 0.0


@pytest.mark.parametrize(
    ("call", "error", "name"),
    [
        (lambda: bonds.bond_price(0.05, 0.05, 10, frequency=0), ValueError, "frequency"),
        (lambda: bonds.bond_price(0.05, 0.05, 10, frequency=2.5), TypeError, "frequency"),
        (lambda: bonds.implied_yield_change(-0.007, 0.046, 0.0, 1 / 12), ValueError, "duration"),
        (lambda: bonds.implied_yield_change(-0.007, 0.046, 6.0, 0.0), ValueError, "years"),
        (lambda: bonds.implied_yield_change(-1.5, 0.046, 6.0, 1 / 12), ValueError, "period_return"),
        (lambda: bonds.implied_yield_volatility(-0.05, 8.0), ValueError, "price_volatility"),
    ],
)
def test_new_arguments_are_validated(call, error: type, name: str) -> None:
    with pytest.raises(error, match=name):
        call()


def test_bond_return_approximation_against_exact_repricing():
    """Carry - D dy + C dy^2 / 2 of a 20-year par bond agrees with repricing it exactly (bonds.bond_price)."""

    for before, after in [(0.06, 0.065), (0.08, 0.075), (0.045, 0.0452)]:
        out = bonds.bond_returns_from_yields(pd.Series([before, after]), 20, 2, 12)
        exact = bonds.bond_price(after, before, 20, 2) - 1.0 + before / 12
        # the error is third order in the change: under 0.01 % of wealth for a move of half a point
        assert out["return"].iloc[0] == pytest.approx(exact, abs=1e-4 * (abs(after - before) / 0.005) ** 3 + 1e-12)
        assert out["duration"].iloc[0] == pytest.approx(bonds.modified_duration(before, before, 20, 2))
        # duration alone is a worse approximation than duration and convexity
        first_order = before / 12 - out["duration"].iloc[0] * (after - before)
        assert abs(first_order - exact) >= abs(out["return"].iloc[0] - exact)


def test_bond_returns_known_answers():
    # no change in yield: the month's carry, y / 12
    out = bonds.bond_returns_from_yields(pd.Series([0.06, 0.06, 0.06]), 20, 2, 12)
    np.testing.assert_allclose(out["return"], [0.005, 0.005])
    # a zero-coupon-like check of the sign: a rise in yield loses money beyond the carry
    up = bonds.bond_returns_from_yields(pd.Series([0.05, 0.06]), 10, 1, 12)
    assert up["return"].iloc[0] < 0.05 / 12
    assert list(up.columns) == ["carry", "duration", "yield_change", "price_change", "return"]
    with pytest.raises(ValueError, match="yields"):
        bonds.bond_returns_from_yields(pd.Series([0.05, -0.01]))
    with pytest.raises(ValueError, match="yields"):
        bonds.bond_returns_from_yields(pd.Series([0.05]))


def test_bond_returns_use_each_periods_par_bond():
    """Every row's duration and convexity are those of a par bond at the previous period's yield."""
    yields = pd.Series([0.02, 0.031, 0.045, 0.12, 0.118])
    out = bonds.bond_returns_from_yields(yields, 30, 2, 12)
    previous = yields.to_numpy()[:-1]
    np.testing.assert_allclose(out["duration"], [bonds.modified_duration(y, y, 30, 2) for y in previous], rtol=1e-14)
    curvature = np.array([bonds.convexity(y, y, 30, 2) for y in previous])
    np.testing.assert_allclose(out["price_change"], -out["duration"] * out["yield_change"]
                               + curvature * out["yield_change"] ** 2 / 2, rtol=1e-13)
    with pytest.raises(ValueError, match="cash flows"):
        bonds.bond_returns_from_yields(pd.Series(np.full(bonds.MAX_CASH_FLOWS // 100 + 2, 0.05)), 100, 1)
