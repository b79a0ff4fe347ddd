"""assetalloc.backtest and assetalloc.scenarios: known answers, invariants, validation."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from assetalloc import backtest, scenarios
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

ASSETS = ["a", "b", "c"]
returns_strategy = arrays(float, st.tuples(st.integers(2, 30), st.just(3)), elements=st.floats(-0.5, 0.5))
weights_strategy = st.lists(st.floats(0.01, 1.0), min_size=3, max_size=3).map(
    lambda xs: pd.Series(np.array(xs) / sum(xs), index=ASSETS)
)


def frame(values) -> pd.DataFrame:
    values = np.asarray(values, dtype=float)
    return pd.DataFrame(values, columns=ASSETS[: values.shape[1]])


# --- Known answers ------------------------------------------------------------------------------

def test_the_exercise_drift_turnover_and_cost() -> None:
    """60/40; stocks +20 %, bonds -5 %: the stock weight drifts to 0.72 / 1.10; selling back is the turnover."""
    returns = pd.DataFrame({"stocks": [0.20, 0.0], "bonds": [-0.05, 0.0]})
    result = backtest.run_backtest(returns, pd.Series({"stocks": 0.6, "bonds": 0.4}), every=1, cost=0.003)
    drifted = 0.72 / 1.10
    assert result.turnover.tolist() == pytest.approx([0.0, drifted - 0.6])
    assert result.costs.iloc[1] == pytest.approx(0.003 * 2 * (drifted - 0.6))
    assert result.wealth.iloc[0] == pytest.approx(1.10)
    assert result.wealth.iloc[1] == pytest.approx(1.10 * (1 - result.costs.iloc[1]))
    assert result.weights.iloc[1].tolist() == pytest.approx([0.6, 0.4])
    held = backtest.run_backtest(returns, pd.Series({"stocks": 0.6, "bonds": 0.4}), every=None)
    assert held.weights.loc[1, "stocks"] == pytest.approx(drifted)


def test_buy_and_hold_is_the_weighted_average_of_the_assets_wealth() -> None:
    rng = np.random.default_rng(0)
    returns = frame(rng.normal(0.01, 0.05, size=(40, 3)))
    start = pd.Series([0.2, 0.3, 0.5], index=ASSETS)
    result = backtest.run_backtest(returns, start, every=None, cost=0.01)
    assert result.wealth.iloc[-1] == pytest.approx((start * (1 + returns).prod()).sum())
    assert result.turnover.sum() == 0.0 and result.costs.sum() == 0.0


def test_rebalancing_every_period_earns_the_weighted_average_return() -> None:
    rng = np.random.default_rng(1)
    returns = frame(rng.normal(0.01, 0.05, size=(24, 3)))
    target = pd.Series([0.5, 0.25, 0.25], index=ASSETS)
    result = backtest.run_backtest(returns, target, every=1)
    np.testing.assert_allclose(result.returns, returns.to_numpy() @ target.to_numpy(), atol=1e-12)


def test_rebalancing_dates_are_every_k_periods() -> None:
    returns = frame(np.tile([0.1, -0.1, 0.0], (12, 1)))
    result = backtest.run_backtest(returns, pd.Series(1 / 3, index=ASSETS), every=4)
    assert np.flatnonzero(result.turnover.to_numpy() > 0).tolist() == [4, 8]


def test_targets_table_is_followed_row_by_row() -> None:
    returns = frame(np.zeros((3, 2)))
    targets = pd.DataFrame({"a": [1.0, 0.0, 0.5], "b": [0.0, 1.0, 0.5]})
    result = backtest.run_backtest(returns, targets, every=1)
    assert result.weights["a"].tolist() == [1.0, 0.0, 0.5]
    assert result.turnover.tolist() == [0.0, 1.0, 0.5]


def test_summary_statistics_known_answer() -> None:
    returns = pd.Series([0.02, -0.01] * 6)
    stats = backtest.summary_statistics(returns, periods_per_year=12)
    assert stats["annualised_return"] == pytest.approx((1.02 * 0.99) ** 6 - 1)
    assert stats["annualised_risk"] == pytest.approx(returns.std(ddof=1) * np.sqrt(12))
    assert stats["return_to_risk"] == pytest.approx(stats["annualised_return"] / stats["annualised_risk"])


def test_relative_rise_is_the_ratio_of_gains() -> None:
    assert backtest.relative_rise(pd.Series([1.0, 1.85]), pd.Series([1.0, 1.5])) == pytest.approx(1.7)


def test_lagged_delays_targets() -> None:
    targets = pd.DataFrame({"a": [1.0, 0.0, 0.5], "b": [0.0, 1.0, 0.5]})
    assert backtest.lagged(targets, 1)["a"].tolist() == [1.0, 1.0, 0.0]
    pd.testing.assert_frame_equal(backtest.lagged(targets, 0), targets)


# --- Invariants -----------------------------------------------------------------------------------

@settings(max_examples=60)
@given(returns_strategy, weights_strategy, st.one_of(st.none(), st.integers(1, 6)), st.floats(0.0, 0.05))
def test_accounting_invariants(values, target, every, cost) -> None:
    result = backtest.run_backtest(frame(values), target, every=every, cost=cost)
    assert (result.wealth > 0).all()
    np.testing.assert_allclose(result.weights.sum(axis=1), 1.0, atol=1e-9)
    assert ((result.turnover >= 0) & (result.turnover <= 1 + 1e-12)).all()
    np.testing.assert_allclose(result.costs, 2 * cost * result.turnover, atol=1e-15)
    np.testing.assert_allclose(result.wealth, np.cumprod(1 + result.returns), rtol=1e-12)
    free = backtest.run_backtest(frame(values), target, every=every, cost=0.0)
    assert (result.wealth <= free.wealth * (1 + 1e-12)).all()
    np.testing.assert_allclose(result.turnover, free.turnover, atol=1e-12)


def test_cap_weighting_never_trades_in_a_scenario() -> None:
    world = scenarios.bubble_scenario(years=10, rise_years=2, fall_years=3)
    result = backtest.run_backtest(world.returns, world.cap_weights(), every=1, cost=0.01)
    assert result.turnover.max() < 1e-12
    np.testing.assert_allclose(result.weights, world.cap_weights(), atol=1e-12)


# --- Scenarios -------------------------------------------------------------------------------------

def test_bubble_without_noise_peaks_at_the_chosen_multiple() -> None:
    world = scenarios.bubble_scenario(peak_multiple=3.0, rise_years=4, fall_years=10, start_year=1, volatility=0.0)
    ratio = world.cap["Japan"] / world.gdp["Japan"]
    start = scenarios.STYLISED_WORLD.loc["Japan", "cap_to_gdp"]
    assert ratio.iloc[0] == pytest.approx(start)
    assert ratio.max() == pytest.approx(3.0 * start)
    assert ratio.idxmax() == 5 * 12  # the peak: start year 1 + 4 years of rise
    assert ratio.iloc[-1] == pytest.approx(start)  # back to fair value after the fall
    others = world.cap.drop(columns="Japan") / world.gdp.drop(columns="Japan")
    np.testing.assert_allclose(others, np.broadcast_to(others.iloc[0], others.shape))


def test_scenario_is_reproducible_and_seeded() -> None:
    first, again = scenarios.bubble_scenario(seed=7), scenarios.bubble_scenario(seed=7)
    pd.testing.assert_frame_equal(first.returns, again.returns)
    assert not first.returns.equals(scenarios.bubble_scenario(seed=8).returns)


def test_scenario_weights_and_gdp_lag() -> None:
    world = scenarios.bubble_scenario(years=5, rise_years=1, fall_years=1)
    np.testing.assert_allclose(world.gdp_weights().sum(axis=1), 1.0)
    np.testing.assert_allclose(world.cap_weights().sum(axis=1), 1.0)
    late = world.gdp_weights(3)
    pd.testing.assert_series_equal(late.iloc[10], world.gdp_weights().iloc[7], check_names=False)
    assert world.equal_weights().tolist() == [0.2] * 5


# --- Validation ------------------------------------------------------------------------------------

GOOD = frame([[0.01, 0.02, 0.0], [0.0, -0.01, 0.02]])
TARGET = pd.Series(1 / 3, index=ASSETS)


@pytest.mark.parametrize(
    ("call", "error", "message"),
    [
        (lambda: backtest.run_backtest(GOOD.to_numpy(), TARGET), TypeError, "returns must be a pandas DataFrame"),
        (lambda: backtest.run_backtest(GOOD - 2, TARGET), ValueError, r"returns must be > -1 \(a loss of 100 % or more\)"),
        (lambda: backtest.run_backtest(GOOD, TARGET * 2), ValueError, "targets must sum to 1"),
        (lambda: backtest.run_backtest(GOOD, TARGET.rename({"c": "z"})), ValueError, "targets and returns must have the same labels"),
        (lambda: backtest.run_backtest(GOOD, [0.5, 0.5, 0.0]), TypeError, "targets must be a pandas Series or DataFrame"),
        (lambda: backtest.run_backtest(GOOD, pd.DataFrame([TARGET] * 2, index=[5, 6])), ValueError, "targets must have the same index"),
        (lambda: backtest.run_backtest(GOOD, TARGET, every=0), ValueError, "every must be an integer >= 1"),
        (lambda: backtest.run_backtest(GOOD, TARGET, every=1.5), TypeError, "every must be an integer"),
        (lambda: backtest.run_backtest(GOOD, TARGET, cost=-0.01), ValueError, "cost must be >= 0"),
        (lambda: backtest.run_backtest(GOOD, TARGET, cost=1.0), ValueError, "cost must be below 1"),
        (lambda: backtest.run_backtest(GOOD, TARGET, periods_per_year=0), ValueError, "periods_per_year must be"),
        (lambda: backtest.summary_statistics(pd.Series([0.01, 0.01])), ValueError, "returns must vary"),
        (lambda: backtest.summary_statistics(pd.Series([0.01])), ValueError, "returns must hold at least two periods"),
        (lambda: backtest.summary_statistics([0.01, 0.02]), TypeError, "returns must be a pandas Series"),
        (lambda: backtest.relative_rise(pd.Series([1.0, 2.0]), pd.Series([1.0, 0.9])), ValueError, "benchmark_wealth must be above 1"),
        (lambda: backtest.relative_rise([1.0, 2.0], pd.Series([1.0, 2.0])), TypeError, "wealth must be a pandas Series"),
        (lambda: backtest.lagged(TARGET, 1), TypeError, "targets must be a pandas DataFrame"),
        (lambda: backtest.lagged(pd.DataFrame([TARGET]), -1), ValueError, "periods must be an integer >= 0"),
        (lambda: scenarios.bubble_scenario(peak_multiple=0.5), ValueError, "peak_multiple must be >= 1"),
        (lambda: scenarios.bubble_scenario(rise_years=0), ValueError, "rise_years must be an integer >= 1"),
        (lambda: scenarios.bubble_scenario(years=5), ValueError, "years must cover the whole bubble"),
        (lambda: scenarios.bubble_scenario(bubble_market="Mars"), ValueError, "bubble_market must be a region"),
        (lambda: scenarios.bubble_scenario(correlation=1.5), ValueError, r"correlation must be in \[0, 1\]"),
        (lambda: scenarios.bubble_scenario(persistence=1.0), ValueError, r"persistence must be in \[0, 1\)"),
        (lambda: scenarios.bubble_scenario(volatility=-0.1), ValueError, "volatility must be >= 0"),
        (lambda: scenarios.bubble_scenario(world=scenarios.STYLISED_WORLD.drop(columns="cap_to_gdp")), ValueError, "world lacks"),
        (lambda: scenarios.bubble_scenario(world=scenarios.STYLISED_WORLD.assign(gdp_share=0.0)), ValueError, "world gdp_share must be > 0"),
    ],
)
def test_bad_input_names_the_argument(call, error, message) -> None:
    with pytest.raises(error, match=message):
        call()


def test_realised_tracking_error_is_the_annualised_spread_of_return_differences() -> None:
    from assetalloc import estimation

    rng = np.random.default_rng(3)
    returns = pd.DataFrame(rng.normal(0.005, 0.04, size=(60, 2)), columns=["a", "b"])
    tilted = backtest.run_backtest(returns, pd.Series({"a": 0.7, "b": 0.3}))
    static = backtest.run_backtest(returns, pd.Series({"a": 0.6, "b": 0.4}))
    expected = estimation.annualised_volatility((tilted.returns - static.returns).to_frame("x"), 12)["x"]
    assert backtest.realised_tracking_error(tilted, static) == pytest.approx(expected)
    assert backtest.realised_tracking_error(static, static) == 0.0
    with pytest.raises(TypeError, match="benchmark"):
        backtest.realised_tracking_error(tilted, static.returns)
    shorter = backtest.run_backtest(returns.iloc[:30], pd.Series({"a": 0.6, "b": 0.4}))
    with pytest.raises(ValueError, match="benchmark"):
        backtest.realised_tracking_error(tilted, shorter)


def test_gdp_over_cap_matches_one_backtest_per_rule_and_seed() -> None:
    from assetalloc import backtest

    world_settings = {"years": 6, "rise_years": 2, "fall_years": 2}
    extra = scenarios.gdp_over_cap([1, 2], every=12, cost=0.002, gdp_lag=3, **world_settings)
    assert list(extra.index) == [1, 2]
    world = scenarios.bubble_scenario(seed=2, **world_settings)
    cap = backtest.run_backtest(world.returns, world.cap_weights(), every=12, cost=0.002).wealth.iloc[-1]
    gdp = backtest.run_backtest(world.returns, world.gdp_weights(3), every=12, cost=0.002).wealth.iloc[-1]
    assert extra.loc[2] == pytest.approx(gdp / cap - 1)
    with pytest.raises(ValueError, match="seeds"):
        scenarios.gdp_over_cap([], every=12, cost=0.0, gdp_lag=0)
    with pytest.raises(TypeError, match="seed"):
        scenarios.gdp_over_cap([1], every=12, cost=0.0, gdp_lag=0, seed=3)


def test_gdp_relative_rise_matches_one_backtest_per_rule_and_seed() -> None:
    from assetalloc import backtest

    world_settings = {"years": 6, "rise_years": 2, "fall_years": 2, "start_year": 1}
    rises = scenarios.gdp_relative_rise([1, 2], every=60, cost=0.002, gdp_lag=3, **world_settings)
    assert list(rises.index) == [1, 2]
    world = scenarios.bubble_scenario(seed=2, **world_settings)
    cap = backtest.run_backtest(world.returns, world.cap_weights(), every=60, cost=0.002).wealth
    gdp = backtest.run_backtest(world.returns, world.gdp_weights(3), every=60, cost=0.002).wealth
    assert rises.loc[2] == pytest.approx((gdp.iloc[-1] - 1) / (cap.iloc[-1] - 1))
    with pytest.raises(ValueError, match="seeds"):
        scenarios.gdp_relative_rise([], every=12, cost=0.0, gdp_lag=0)
    with pytest.raises(TypeError, match="seed"):
        scenarios.gdp_relative_rise([1], every=12, cost=0.0, gdp_lag=0, seed=3)


def test_five_yearly_edge_is_bubble_timing_not_luck() -> None:
    """Over the chapter's seeds, rebalancing every 60 months leads only when its first trade meets the peak."""
    seeds = range(1980, 2000)
    on_peak = {every: scenarios.gdp_relative_rise(seeds, every=every, cost=0.002, gdp_lag=3).median() for every in (12, 60)}
    later = {every: scenarios.gdp_relative_rise(seeds, every=every, cost=0.002, gdp_lag=3, start_year=3).median()
             for every in (12, 60)}
    assert on_peak[60] > on_peak[12] + 0.05  # bubble from year 1 to 5: month 60 is its peak
    assert later[60] < later[12]  # bubble peaking in year 7: the edge is gone


def test_active_return_information_ratio_and_average_active_weights() -> None:
    up = backtest.run_backtest(pd.DataFrame({"a": [0.03, 0.01]}), pd.Series({"a": 1.0}), periods_per_year=1)
    flat = backtest.run_backtest(pd.DataFrame({"a": [0.0, 0.0]}), pd.Series({"a": 1.0}), periods_per_year=1)
    assert backtest.active_return(up, flat) == pytest.approx(0.02)
    # active returns 3 % and 1 %: standard deviation sqrt(2) %, ratio 2 / sqrt(2)
    assert backtest.information_ratio(up, flat) == pytest.approx(np.sqrt(2.0))
    quarterly = backtest.run_backtest(pd.DataFrame({"a": [0.01, 0.03]}), pd.Series({"a": 1.0}), periods_per_year=4)
    with pytest.raises(ValueError, match="same periods"):
        backtest.information_ratio(quarterly, flat)
    with pytest.raises(ValueError, match="undefined"):
        backtest.information_ratio(flat, flat)
    held = pd.DataFrame({"equities": [0.5, 0.6, 0.55], "bonds": [0.5, 0.4, 0.45]})
    average = backtest.average_active_weights(held, pd.Series({"bonds": 0.4, "equities": 0.6}))
    assert average.to_dict() == pytest.approx({"equities": -0.05, "bonds": 0.05})
    with pytest.raises(ValueError, match="benchmark"):
        backtest.average_active_weights(held, pd.Series({"equities": 0.6, "cash": 0.4}))
    with pytest.raises(TypeError, match="weights"):
        backtest.average_active_weights(held.to_numpy(), pd.Series({"bonds": 0.4, "equities": 0.6}))


def _period_by_period(values: np.ndarray, target: np.ndarray, every: int | None, rate: float) -> tuple:
    """The backtest's definition, one period at a time (the reference for the stretch-at-once core)."""
    periods, assets = values.shape
    held, net = np.empty((periods, assets)), np.empty(periods)
    turnover, costs = np.zeros(periods), np.zeros(periods)
    weights = target[0].copy()
    for t in range(periods):
        if every is not None and t > 0 and t % every == 0:
            traded = np.abs(target[t] - weights).sum()
            turnover[t], costs[t] = traded / 2.0, rate * traded
            weights = target[t].copy()
        held[t] = weights
        gross = 1.0 + values[t] @ weights
        net[t] = (1.0 - costs[t]) * gross - 1.0
        weights = weights * (1.0 + values[t]) / gross
    return held, net, turnover, costs


@pytest.mark.parametrize("every", [None, 1, 3, 12, 50])
@pytest.mark.parametrize("seed", [0, 1])
def test_stretches_at_once_hold_what_period_by_period_holds(every: int | None, seed: int) -> None:
    rng = np.random.default_rng(seed)
    index = pd.RangeIndex(40)
    returns = pd.DataFrame(rng.normal(0.005, 0.05, (40, 3)), index=index, columns=["a", "b", "c"])
    targets = pd.DataFrame(rng.dirichlet(np.ones(3), 40), index=index, columns=returns.columns)
    result = backtest.run_backtest(returns, targets, every=every, cost=0.002)
    expected = _period_by_period(returns.to_numpy(), targets.to_numpy(), every, 0.002)
    for got, want in zip((result.weights, result.returns, result.turnover, result.costs), expected):
        np.testing.assert_allclose(np.asarray(got), want, rtol=1e-12, atol=1e-15)
