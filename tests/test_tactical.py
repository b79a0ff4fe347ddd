"""assetalloc.tactical: regimes, tilts within bounds, tracking error and the regime backtest.

Known answers come from the regime grid and Invesco's table of 31 January 2025
(invesco2025); invariants are checked with hypothesis; every public function
names the bad argument in its error message.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from assetalloc import backtest, bonds, data, risk, tactical, weighting
from hypothesis import given, settings
from hypothesis import strategies as st

BENCHMARK = pd.Series({"equities": 0.6, "bonds": 0.4})
COVARIANCE = risk.two_asset_covariance(0.16, 0.04, 0.1)
finite = st.floats(-1.0, 1.0, allow_nan=False)
nonzero = finite.filter(lambda x: abs(x) > 1e-9)


# --- The regime grid -----------------------------------------------------------------------

@pytest.mark.parametrize(
    ("level", "direction", "expected"),
    [(0.01, 0.01, "expansion"), (0.01, -0.01, "slowdown"), (-0.01, 0.01, "recovery"),
     (-0.01, -0.01, "contraction"), (0.0, 0.01, "recovery"), (0.01, 0.0, "slowdown")],
)
def test_regime_grid(level, direction, expected):
    assert tactical.regime(level, direction) == expected


def test_regime_reproduces_invescos_table_with_the_global_direction():
    table = data.load("invesco2025_regimes")
    direction = -1.0 if table.loc[table.region == "global", "direction"].item() == "deteriorating" else 1.0
    level = np.where(table["level"] == "above_trend", 1.0, -1.0)
    assert tactical.regime(level, np.full(len(table), direction)).tolist() == table["regime"].tolist()


@given(nonzero, nonzero)
def test_regime_flips_with_the_signs(level, direction):
    name = tactical.regime(level, direction)
    assert (name in ("expansion", "slowdown")) == (level > 0)
    assert (name in ("expansion", "recovery")) == (direction > 0)


def test_regime_rejects_mismatched_shapes():
    with pytest.raises(ValueError, match="level and direction"):
        tactical.regime([0.1, 0.2], [0.1])
    with pytest.raises(TypeError, match="level"):
        tactical.regime("high", 0.1)


# --- Growth and classification -------------------------------------------------------------

def test_annual_growth_known_answer():
    growth = tactical.annual_growth(pd.Series([100.0, 101.0, 102.0, 103.0, 110.0, 111.1]), 4)
    np.testing.assert_allclose(growth.to_numpy(), [0.10, 0.10])
    assert list(growth.index) == [4, 5]


def test_annual_growth_validation():
    with pytest.raises(ValueError, match="levels must be > 0"):
        tactical.annual_growth(pd.Series([1.0, -1.0, 2.0]), 1)
    with pytest.raises(TypeError, match="levels"):
        tactical.annual_growth([1.0, 2.0], 1)
    with pytest.raises(ValueError, match="periods_per_year"):
        tactical.annual_growth(pd.Series([1.0, 2.0]), 4)


def test_classify_regimes_known_answer():
    indicator = pd.Series([1.0, 1.0, 2.0, 4.0, 1.0])
    table = tactical.classify_regimes(indicator, window=2, periods=1)
    # trend = [nan, 1, 1.5, 3, 2.5]; level = [nan, 0, 0.5, 1, -1.5]; direction from index 2.
    np.testing.assert_allclose(table["trend"], [1.5, 3.0, 2.5])
    np.testing.assert_allclose(table["level"], [0.5, 1.0, -1.5])
    np.testing.assert_allclose(table["direction"], [0.5, 0.5, -2.5])
    assert table["regime"].tolist() == ["expansion", "expansion", "contraction"]


@settings(max_examples=30, deadline=None)
@given(st.lists(st.floats(-0.1, 0.1, allow_nan=False), min_size=12, max_size=40), st.integers(2, 6),
       st.integers(1, 3), st.integers(0, 11))
def test_classification_has_no_look_ahead(values, window, periods, cut):
    """Changing the future never changes the regimes already computed."""
    indicator = pd.Series(values)
    full = tactical.classify_regimes(indicator, window, periods)
    changed = indicator.copy()
    changed.iloc[len(values) - 1 - cut:] += 1.0
    shifted = tactical.classify_regimes(changed, window, periods)
    before = full.index[full.index < len(values) - 1 - cut]
    pd.testing.assert_series_equal(full.loc[before, "regime"], shifted.loc[before, "regime"])


def test_classify_regimes_validation():
    with pytest.raises(ValueError, match="window"):
        tactical.classify_regimes(pd.Series(np.ones(10)), window=1)
    with pytest.raises(ValueError, match="indicator must have at least"):
        tactical.classify_regimes(pd.Series(np.ones(3)), window=3, periods=1)
    with pytest.raises(ValueError, match="indicator"):
        tactical.classify_regimes(pd.Series([1.0, np.nan, 2.0, 3.0]), window=2)


def test_classifier_on_us_gdp_finds_the_2008_recession():
    gdp = data.load("us_macro_quarterly").set_index("quarter")["real_gdp"]
    table = tactical.classify_regimes(tactical.annual_growth(gdp), 40, 2)
    assert table.loc["2008-10-01", "regime"] == "contraction"
    assert set(table["regime"]) == set(tactical.REGIMES)


# --- Tilts ---------------------------------------------------------------------------------

def test_regime_tilts_are_decimal_and_sum_to_zero():
    tilts = tactical.regime_tilts()
    assert list(tilts.index) == list(tactical.REGIMES)
    np.testing.assert_allclose(tilts.sum(axis=1), 0.0, atol=1e-12)
    assert tilts.loc["contraction", "equities"] == pytest.approx(-0.10)


def test_apply_tilt_known_answers():
    tilt = {"equities": -0.1, "bonds": 0.1}
    np.testing.assert_allclose(tactical.apply_tilt(BENCHMARK, tilt), [0.5, 0.5])
    lower, upper = BENCHMARK - 0.05, BENCHMARK + 0.05
    assert tactical.tilt_fraction(BENCHMARK, tilt, lower, upper) == pytest.approx(0.5)
    np.testing.assert_allclose(tactical.apply_tilt(BENCHMARK, tilt, lower, upper), [0.55, 0.45])
    # labels are matched, not positions
    np.testing.assert_allclose(tactical.apply_tilt(BENCHMARK, {"bonds": 0.1, "equities": -0.1}), [0.5, 0.5])


@given(st.floats(0.05, 0.95), st.floats(-2.0, 2.0, allow_nan=False), st.floats(0.0, 0.3), st.floats(0.0, 0.3))
def test_apply_tilt_stays_within_bounds_and_fully_invested(weight, size, below, above):
    benchmark = pd.Series({"a": weight, "b": 1.0 - weight})
    lower, upper = benchmark - below, benchmark + above
    tilted = tactical.apply_tilt(benchmark, {"a": size, "b": -size}, lower.clip(0), upper.clip(upper=1))
    assert tilted.sum() == pytest.approx(1.0)
    assert (tilted >= lower.clip(0) - 1e-12).all() and (tilted <= upper.clip(upper=1) + 1e-12).all()
    # the tilt keeps its direction
    assert np.sign(tilted["a"] - weight) in (0.0, np.sign(size))


def test_tilt_validation_names_the_argument():
    with pytest.raises(ValueError, match="tilt must sum to 0"):
        tactical.apply_tilt(BENCHMARK, {"equities": 0.1, "bonds": 0.0})
    with pytest.raises(ValueError, match="benchmark must sum to 1"):
        tactical.apply_tilt(pd.Series({"equities": 0.6, "bonds": 0.3}), {"equities": 0.1, "bonds": -0.1})
    with pytest.raises(ValueError, match="tilt and benchmark must have the same labels"):
        tactical.apply_tilt(BENCHMARK, {"stocks": 0.1, "bonds": -0.1})
    with pytest.raises(ValueError, match="benchmark must lie within the bounds"):
        tactical.apply_tilt(BENCHMARK, {"equities": 0.1, "bonds": -0.1}, 0.0, 0.5)
    with pytest.raises(ValueError, match="bounds are infeasible"):
        tactical.apply_tilt(BENCHMARK, {"equities": 0.1, "bonds": -0.1}, 0.7, 1.0)
    with pytest.raises(TypeError, match="tilt"):
        tactical.apply_tilt(BENCHMARK, [0.1, -0.1])


def test_regime_portfolio_and_targets():
    tilts = tactical.regime_tilts()
    np.testing.assert_allclose(tactical.regime_portfolio("recovery", BENCHMARK, tilts, 2.0), [0.8, 0.2])
    targets = tactical.regime_targets(pd.Series(["expansion", "contraction"], index=[3, 4]), BENCHMARK, tilts)
    np.testing.assert_allclose(targets.to_numpy(), [[0.65, 0.35], [0.5, 0.5]])
    assert list(targets.index) == [3, 4]
    with pytest.raises(ValueError, match="name must be a row of tilts"):
        tactical.regime_portfolio("boom", BENCHMARK, tilts)
    with pytest.raises(ValueError, match="regimes must all have a row in tilts"):
        tactical.regime_targets(pd.Series(["boom"]), BENCHMARK, tilts)
    with pytest.raises(ValueError, match="scale"):
        tactical.regime_portfolio("recovery", BENCHMARK, tilts, -1.0)


# --- Active weights and tracking error -----------------------------------------------------

def test_active_weights_and_tracking_error_known_answer():
    active = weighting.active_weights({"a": 0.5, "b": 0.5}, {"a": 0.6, "b": 0.4})
    np.testing.assert_allclose(active, [-0.1, 0.1])
    covariance = [[0.04, 0.0], [0.0, 0.0025]]
    assert risk.tracking_error(active, covariance) == pytest.approx(np.sqrt(0.01 * 0.04 + 0.01 * 0.0025))


@given(st.floats(-0.5, 0.5, allow_nan=False), st.floats(0.0, 3.0))
def test_tracking_error_is_proportional_to_the_tilt(size, factor):
    active = np.array([size, -size])
    assert risk.tracking_error(factor * active, COVARIANCE) == pytest.approx(
        factor * risk.tracking_error(active, COVARIANCE), abs=1e-12)


def test_tracking_error_equals_the_volatility_of_the_return_difference():
    """a' Sigma a is the variance of (portfolio - benchmark) returns: check on simulated returns."""
    rng = np.random.default_rng(5)
    returns = rng.multivariate_normal([0.0, 0.0], COVARIANCE, size=200_000)
    active = np.array([0.15, -0.15])
    assert np.std(returns @ active) == pytest.approx(risk.tracking_error(active, COVARIANCE), rel=0.01)


def test_tracking_error_validation():
    with pytest.raises(ValueError, match="active must sum to 0"):
        risk.tracking_error([0.6, 0.4], COVARIANCE)
    with pytest.raises(ValueError, match="covariance"):
        risk.tracking_error([0.1, -0.1], [[0.04, 0.1], [0.0, 0.01]])


def test_scale_to_tracking_error_known_answer():
    scaled = tactical.scale_to_tracking_error([0.1, -0.1], [[0.04, 0.0], [0.0, 0.0]], 0.01)
    np.testing.assert_allclose(scaled, [0.05, -0.05])
    unchanged = tactical.scale_to_tracking_error([0.01, -0.01], [[0.04, 0.0], [0.0, 0.0]], 0.01)
    np.testing.assert_allclose(unchanged, [0.01, -0.01])


@given(st.floats(-0.5, 0.5, allow_nan=False), st.floats(0.0, 0.05))
def test_scaled_tilt_fits_the_budget(size, budget):
    active = np.array([size, -size])
    scaled = tactical.scale_to_tracking_error(active, COVARIANCE, budget)
    te = risk.tracking_error(scaled, COVARIANCE)
    assert te <= budget + 1e-12
    assert te == pytest.approx(min(budget, risk.tracking_error(active, COVARIANCE)), abs=1e-12)


def test_scale_validation():
    with pytest.raises(ValueError, match="budget"):
        tactical.scale_to_tracking_error([0.1, -0.1], COVARIANCE, -0.01)


# --- Backtest ------------------------------------------------------------------------------

def test_quarterly_returns_compound_three_months():
    index = pd.date_range("2000-01-01", periods=7, freq="MS")
    monthly = pd.DataFrame({"a": [0.1, 0.0, -0.1, 0.01, 0.01, 0.01, 0.5]}, index=index)
    quarterly = tactical.quarterly_returns(monthly)
    np.testing.assert_allclose(quarterly["a"], [1.1 * 0.9 - 1, 1.01**3 - 1])
    assert list(quarterly.index) == list(pd.to_datetime(["2000-01-01", "2000-04-01"]))
    with pytest.raises(TypeError, match="monthly"):
        tactical.quarterly_returns(monthly.reset_index(drop=True))


def test_hit_rate_known_answer_and_validation():
    assert tactical.hit_rate(pd.Series([0.02, 0.01, 0.0]), pd.Series([0.01, 0.02, 0.0])) == 0.5
    with pytest.raises(ValueError, match="never differ"):
        tactical.hit_rate(pd.Series([0.01]), pd.Series([0.01]))
    with pytest.raises(ValueError, match="same dates"):
        tactical.hit_rate(pd.Series([0.01], index=[1]), pd.Series([0.02], index=[2]))


def _toy_backtest_inputs():
    dates = pd.date_range("1990-01-01", periods=12, freq="QS")
    indicator = pd.Series([0.0, 0.0, 0.0, 1.0, 2.0, 3.0, 2.0, 1.0, 0.0, -1.0, 0.0, 1.0], index=dates)
    returns = pd.DataFrame({"equities": np.linspace(-0.05, 0.06, 12), "bonds": 0.01}, index=dates)
    return indicator, returns


def test_regime_backtest_uses_the_engine_and_lags_the_signal():
    indicator, returns = _toy_backtest_inputs()
    tilts = tactical.regime_tilts()
    result = tactical.regime_backtest(indicator, returns, BENCHMARK, tilts, window=2, periods=1, lag=2)
    regimes = tactical.classify_regimes(indicator, 2, 1)
    expected = tactical.regime_targets(regimes["regime"], BENCHMARK, tilts).shift(2).iloc[2:]
    pd.testing.assert_frame_equal(result.targets, expected)
    direct = backtest.run_backtest(returns.loc[expected.index], expected, every=1, periods_per_year=4)
    pd.testing.assert_series_equal(result.tilted.wealth, direct.wealth)
    pd.testing.assert_series_equal(result.relative_wealth, (direct.wealth / result.static.wealth).rename("relative_wealth"))


def test_regime_backtest_with_zero_scale_has_no_hit_rate():
    """With no tilt the two portfolios are the same: the hit rate, and so the backtest, has no answer."""
    indicator, returns = _toy_backtest_inputs()
    with pytest.raises(ValueError, match="never differ"):
        tactical.regime_backtest(indicator, returns, BENCHMARK, tactical.regime_tilts(), 2, 1, scale=0.0, lag=1)


def test_regime_backtest_validation():
    indicator, returns = _toy_backtest_inputs()
    with pytest.raises(ValueError, match="lag"):
        tactical.regime_backtest(indicator, returns, BENCHMARK, tactical.regime_tilts(), 2, 1, lag=0)
    with pytest.raises(ValueError, match="too few"):
        tactical.regime_backtest(indicator, returns.iloc[:3], BENCHMARK, tactical.regime_tilts(), 2, 1, lag=2)
    with pytest.raises(TypeError, match="returns"):
        tactical.regime_backtest(indicator, returns.to_numpy(), BENCHMARK, tactical.regime_tilts(), 2, 1)


# --------------------------------------------------------------------------- the bond leg and the verdict


def test_a_par_bonds_price_change_known_answers():
    # chapter 5's bond sentence: a 10-year annual par bond at 5 %: D = 7.7217 years; a rise of 1 point
    # reprices it at 0.92640
    duration, curvature = bonds.modified_duration(0.05, 0.05, 10, 1), bonds.convexity(0.05, 0.05, 10, 1)
    out = bonds.price_change(0.05, 0.05, 10, 0.01).iloc[0]
    assert duration == pytest.approx(7.7217, abs=1e-4)
    assert out["exact"] == pytest.approx(0.926399 - 1.0, abs=1e-6)
    assert out["duration"] == pytest.approx(-duration * 0.01)
    assert out["duration_convexity"] == pytest.approx(out["duration"] + 0.5 * curvature * 1e-4)
    # convexity brings the estimate closer to the exact loss, and both are smaller than the first-order one
    assert abs(out["duration_convexity"] - out["exact"]) < abs(out["duration"] - out["exact"])
    assert out["duration"] < out["exact"]
    # no move, no change
    flat = bonds.price_change(0.05, 0.05, 20, 0.0, frequency=2).iloc[0]
    assert flat["exact"] == pytest.approx(0.0, abs=1e-12) and flat["duration_convexity"] == 0.0
    with pytest.raises(ValueError, match="yield_"):
        bonds.price_change(-1.0, 0.05, 20, 0.01)


def test_autocorrelation_known_answers():
    assert tactical.autocorrelation(pd.Series([1.0, -1.0, 1.0, -1.0, 1.0])) == pytest.approx(-1.0)
    assert tactical.autocorrelation(pd.Series([1.0, 2.0, 3.0, 4.0])) == pytest.approx(1.0)
    # lag 2 of an alternating series: the same sign two steps apart
    assert tactical.autocorrelation(pd.Series([1.0, -1.0, 1.0, -1.0, 1.0, -1.0]), 2) == pytest.approx(1.0)
    # monthly averages of a random walk's daily levels: changes correlated about 0.25 (Working 1960)
    rng = np.random.default_rng(0)
    daily = np.cumsum(rng.standard_normal(21 * 4000))
    averaged = pd.Series(daily.reshape(4000, 21).mean(axis=1)).diff().dropna()
    assert tactical.autocorrelation(averaged) == pytest.approx(0.25, abs=0.04)
    with pytest.raises(ValueError, match="values"):
        tactical.autocorrelation(pd.Series([1.0, 1.0, 1.0]))
    with pytest.raises(ValueError, match="values"):
        tactical.autocorrelation(pd.Series([1.0, 2.0]))


def test_root_mean_square_tracking_error():
    cov = np.array([[0.04, 0.0], [0.0, 0.0]])
    # tracking errors 2 % and 0 %: mean 1 %, root mean square sqrt(2) %
    active = np.array([[0.1, -0.1], [0.0, 0.0]])
    assert tactical.root_mean_square_tracking_error(active, cov) == pytest.approx(np.sqrt(0.0002))
    assert tactical.root_mean_square_tracking_error([0.1, -0.1], cov) == pytest.approx(0.02)


def test_regime_backtest_charges_costs_and_never_trades_before_its_first_signal():
    indicator, returns = _toy_backtest_inputs()
    tilts = tactical.regime_tilts()
    free = tactical.regime_backtest(indicator, returns, BENCHMARK, tilts, 2, 1, lag=2)
    paid = tactical.regime_backtest(indicator, returns, BENCHMARK, tilts, 2, 1, lag=2, cost=0.001)
    np.testing.assert_allclose(paid.tilted.costs, 0.002 * paid.tilted.turnover)
    assert paid.tilted.wealth.iloc[-1] < free.tilted.wealth.iloc[-1]
    regimes = tactical.classify_regimes(indicator, 2, 1)
    # the first quarter traded is two after the first classified one
    assert free.targets.index[0] == regimes.index[2]
    # a later start (returns cut) keeps the same signals
    later = tactical.regime_backtest(indicator, returns.loc[regimes.index[4]:], BENCHMARK, tilts, 2, 1, lag=2)
    pd.testing.assert_frame_equal(later.targets, free.targets.loc[regimes.index[4]:])


def test_averaged_random_walk_known_answers():
    one = tactical.averaged_random_walk(1)
    assert one["autocorrelation"] == 0.0 and one["volatility_ratio"] == 1.0  # no averaging, no effect
    two = tactical.averaged_random_walk(2)
    assert two["autocorrelation"] == pytest.approx(1.0 / 6.0)  # (4 - 1) / (2 * 9)
    assert two["volatility_ratio"] == pytest.approx(np.sqrt(0.75))
    assert tactical.averaged_random_walk(10_000)["autocorrelation"] == pytest.approx(0.25, abs=1e-8)
    assert tactical.averaged_random_walk(10_000)["volatility_ratio"] == pytest.approx(np.sqrt(2.0 / 3.0), abs=1e-8)
    assert tactical.averaged_random_walk(10_000, 3)["volatility_ratio"] == pytest.approx(np.sqrt(8.0 / 9.0), abs=1e-8)
    # against a simulated random walk averaged over blocks of 21 days
    rng = np.random.default_rng(1)
    walk = np.cumsum(rng.standard_normal(21 * 40_000))
    changes = np.diff(walk.reshape(-1, 21).mean(axis=1))
    ends = np.diff(walk[20::21])
    out = tactical.averaged_random_walk(21)
    assert np.corrcoef(changes[1:], changes[:-1])[0, 1] == pytest.approx(out["autocorrelation"], abs=0.02)
    assert changes.std() / ends.std() == pytest.approx(out["volatility_ratio"], abs=0.02)
    with pytest.raises(ValueError, match="days"):
        tactical.averaged_random_walk(0)
    with pytest.raises(ValueError, match="periods"):
        tactical.averaged_random_walk(21, 0)
