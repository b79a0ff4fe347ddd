"""assetalloc.capstone: the assumption set, choices -> weights, the summary and its export.

Known answers come from the cited inputs (GPIF 2008, the source article's
Tables 1 and 4 and Pattern 2 data, the 2010 regional shares); invariants are
checked with hypothesis; every public function names the bad argument.
"""

from __future__ import annotations

import io

import numpy as np
import pandas as pd
import pytest
from assetalloc import capstone, currency, data, optimise, risk, tactical, weighting
from assetalloc.assumptions import table2_inputs
from assetalloc.capstone import ASSETS, Choices, Investor
from assetalloc.compare import in_library_units
from hypothesis import given, settings
from hypothesis import strategies as st

PRINTED = in_library_units(data.reported_figures("yamazaki2009"))
BASE = list(data.ASSETS)
ASSUMPTIONS = capstone.capstone_assumptions()
fraction = st.floats(0.0, 1.0, allow_nan=False)
choices_strategy = st.builds(
    Choices, stock_share=fraction, blend=fraction, include_emerging=st.booleans(),
    foreign_bond_share=fraction, hedge_ratio=fraction,
    regime=st.sampled_from([None, *tactical.REGIMES]), tilt_size=fraction,
)


@pytest.fixture(scope="module")
def assumptions() -> capstone.Assumptions:
    return ASSUMPTIONS


# --- The assumption set --------------------------------------------------------------------

def test_base_block_is_chapter_2s_covariance_and_gpif_2008_returns(assumptions):
    _, base = table2_inputs()
    np.testing.assert_allclose(assumptions.covariance.loc[BASE, BASE], base.loc[BASE, BASE], rtol=1e-12)
    gpif = data.gpif_2008_assumptions()
    np.testing.assert_allclose(assumptions.expected_returns.loc[BASE], gpif["expected_return"].loc[BASE])


def test_reproduces_the_sources_40_60_risk(assumptions):
    weights = pd.Series(0.0, index=list(ASSETS))
    weights[["domestic_stocks", "foreign_stocks"]] = [0.4, 0.6]
    volatility = risk.portfolio_volatility(weights, assumptions.covariance)
    assert volatility == pytest.approx(PRINTED["table1_risk_40_60"], abs=0.00005)


def test_hedged_foreign_bonds(assumptions):
    split = capstone.currency_split()
    gpif = data.gpif_2008_assumptions()["volatility"]
    assert split["local"] == gpif["domestic_bonds"]
    # local and currency parts, uncorrelated, add back up to the unhedged risk
    hedged, unhedged = currency.hedged_unhedged_risk(split["local"], split["currency"], 0.0)
    assert unhedged == pytest.approx(gpif["foreign_bonds"], rel=1e-12)
    assert assumptions.volatilities["foreign_bonds_hedged"] == pytest.approx(hedged)
    assert round(split["currency"], 4) == 0.121  # sqrt(13.25^2 - 5.40^2) = 12.10 %
    corr = assumptions.correlation
    np.testing.assert_allclose(corr.loc["foreign_bonds_hedged", BASE[:2] + BASE[3:]],
                               np.sqrt(split["variance_share"]) * corr.loc["foreign_bonds", BASE[:2] + BASE[3:]])
    assert corr.loc["foreign_bonds_hedged", "foreign_bonds"] == pytest.approx(np.sqrt(split["variance_share"]))
    # uncovered parity: the same expected return hedged or not
    mu = assumptions.expected_returns
    assert mu["foreign_bonds_hedged"] == mu["foreign_bonds"]


def test_emerging_stocks(assumptions):
    mu, vols, corr = assumptions.expected_returns, assumptions.volatilities, assumptions.correlation
    assert mu["emerging_stocks"] == pytest.approx(mu["foreign_stocks"] + PRINTED["table4_emerging_premium"])
    assert mu["emerging_stocks"] == pytest.approx(PRINTED["table4_expected_return_emerging"])  # 6 % + 2 = the source's 8 %
    assert vols["emerging_stocks"] == pytest.approx(PRINTED["pattern2_risk_emerging"])
    # with the Pattern 2 stock correlation, the regression reproduces Pattern 2's EM correlations exactly
    rho = PRINTED["pattern2_correlation_domestic_foreign"]
    slopes = np.linalg.solve([[1, rho], [rho, 1]], [PRINTED["pattern2_correlation_domestic_emerging"],
                                                    PRINTED["pattern2_correlation_foreign_emerging"]])
    np.testing.assert_allclose(np.array([[1, rho], [rho, 1]]) @ slopes,
                               PRINTED[["pattern2_correlation_domestic_emerging",
                                        "pattern2_correlation_foreign_emerging"]].to_numpy())
    stocks = ["domestic_stocks", "foreign_stocks"]
    for asset in ASSETS[:-1]:
        assert corr.loc["emerging_stocks", asset] == pytest.approx(slopes @ corr.loc[stocks, asset].to_numpy())


def test_covariance_is_positive_definite_and_symmetric(assumptions):
    cov = assumptions.covariance.to_numpy()
    np.testing.assert_array_equal(cov, cov.T)
    assert np.linalg.eigvalsh(assumptions.correlation.to_numpy()).min() > 0.1
    assert list(assumptions.covariance.index) == list(ASSETS) == list(assumptions.expected_returns.index)


def test_region_sizes_sum_the_sources_regions():
    sizes = capstone.region_sizes()
    shares = weighting.regional_shares_2010()
    assert sizes.loc["foreign_stocks", "cap_share"] == pytest.approx(0.458 + 0.261 + 0.054)
    assert sizes.loc["emerging_stocks", "gdp_share"] == pytest.approx(0.319)
    np.testing.assert_allclose(sizes.sum(), shares[["cap_share", "gdp_share"]].sum())


# --- Choices -> weights --------------------------------------------------------------------

def test_default_choices_known_answer():
    weights = capstone.build_allocation(Choices())
    sizes = capstone.region_sizes()["cap_share"]
    assert weights["domestic_bonds"] == 0.5
    assert weights["domestic_stocks"] == pytest.approx(0.5 * 0.086 / sizes.sum())
    assert weights[["foreign_bonds", "foreign_bonds_hedged"]].sum() == 0.0


def test_benchmark_is_60_40_cap_weighted_and_hedged():
    bench = capstone.build_allocation(capstone.BENCHMARK_CHOICES)
    assert bench["foreign_bonds_hedged"] == pytest.approx(0.4)
    assert bench[["domestic_stocks", "foreign_stocks", "emerging_stocks"]].sum() == pytest.approx(0.6)
    np.testing.assert_allclose(bench[["domestic_stocks", "foreign_stocks", "emerging_stocks"]] / 0.6,
                               weighting.weights_from_sizes(capstone.region_sizes()["cap_share"]))


def test_tilt_moves_stocks_and_is_scaled_at_the_bounds():
    tilted = capstone.build_allocation(Choices(stock_share=0.6, regime="contraction", tilt_size=1.0))
    stocks = ["domestic_stocks", "foreign_stocks", "emerging_stocks"]
    assert tilted[stocks].sum() == pytest.approx(0.6 + tactical.regime_tilts().loc["contraction", "equities"])
    half = capstone.build_allocation(Choices(stock_share=0.6, regime="contraction", tilt_size=0.5))
    assert half[stocks].sum() == pytest.approx(0.6 + 0.5 * tactical.regime_tilts().loc["contraction", "equities"])
    # all in stocks already: a tilt towards stocks has no room and is scaled to nothing
    full = capstone.build_allocation(Choices(stock_share=1.0, regime="recovery", tilt_size=1.0))
    assert full[stocks].sum() == pytest.approx(1.0)


@settings(max_examples=60, deadline=None)
@given(choices_strategy)
def test_weights_are_a_long_only_portfolio(choices):
    weights = capstone.build_allocation(choices)
    assert list(weights.index) == list(ASSETS)
    assert weights.sum() == pytest.approx(1.0, abs=1e-12)
    assert (weights >= -1e-15).all() and (weights <= 1 + 1e-12).all()
    if not choices.include_emerging:
        assert weights["emerging_stocks"] == 0.0
    if choices.regime is None or choices.tilt_size == 0:
        assert weights[["domestic_stocks", "foreign_stocks", "emerging_stocks"]].sum() == pytest.approx(choices.stock_share)
    bonds = weights[["domestic_bonds", "foreign_bonds", "foreign_bonds_hedged"]].sum()
    foreign = weights[["foreign_bonds", "foreign_bonds_hedged"]].sum()
    assert foreign == pytest.approx(choices.foreign_bond_share * bonds, abs=1e-12)
    assert weights["foreign_bonds_hedged"] == pytest.approx(choices.hedge_ratio * foreign, abs=1e-12)


@settings(max_examples=30, deadline=None)
@given(fraction, fraction)
def test_blend_moves_stock_weights_between_cap_and_gdp(stock_share, blend):
    weights = capstone.build_allocation(Choices(stock_share=stock_share, blend=blend))
    sizes = capstone.region_sizes()
    expected = weighting.blend_weights(sizes["cap_share"], sizes["gdp_share"], blend) * stock_share
    np.testing.assert_allclose(weights[expected.index], expected, atol=1e-15)


# --- The summary ---------------------------------------------------------------------------

def test_summary_known_answers(assumptions):
    choices, investor = Choices(stock_share=0.6, foreign_bond_share=0.5, hedge_ratio=1.0), Investor()
    s = capstone.allocation_summary(choices, investor, assumptions)
    mu, cov = assumptions.expected_returns, assumptions.covariance
    assert s.expected_return == pytest.approx(float(s.weights @ mu))
    assert s.volatility == pytest.approx(np.sqrt(s.weights @ cov @ s.weights))
    assert s.worst_case_return == pytest.approx(s.expected_return - 2 * s.volatility)
    assert s.max_investment == pytest.approx(1_000_000 / (2 * s.volatility - s.expected_return))
    assert s.horizon_worst_case_return == pytest.approx(10 * s.expected_return - 2 * np.sqrt(10) * s.volatility)
    assert s.risk_contributions.sum() == pytest.approx(1.0)
    assert s.tracking_error == pytest.approx(np.sqrt((s.weights - s.benchmark) @ cov @ (s.weights - s.benchmark)))
    assert s.foreign_currency_exposure == pytest.approx(s.weights[["foreign_stocks", "emerging_stocks"]].sum())
    assert s.currency_mismatch == s.foreign_currency_exposure  # all spending in yen


def test_summary_of_the_benchmark_has_no_tracking_error(assumptions):
    s = capstone.allocation_summary(capstone.BENCHMARK_CHOICES, Investor(), assumptions)
    assert s.tracking_error == pytest.approx(0.0, abs=1e-12)
    assert s.expected_return == s.benchmark_expected_return


def test_summary_uses_the_default_assumptions(assumptions):
    first = capstone.allocation_summary(Choices(), Investor())
    second = capstone.allocation_summary(Choices(), Investor(), assumptions)
    assert first.volatility == second.volatility


@settings(max_examples=25, deadline=None)
@given(choices_strategy, st.floats(0.0, 1.0))
def test_the_frontier_is_never_beaten(choices, yen):
    s = capstone.allocation_summary(choices, Investor(yen_liabilities=yen), ASSUMPTIONS)
    assert s.efficient_volatility <= s.volatility + 1e-9
    assert s.excess_volatility >= 0.0
    assert risk.portfolio_return(s.efficient_weights, ASSUMPTIONS.expected_returns) == pytest.approx(s.expected_return)
    if not choices.include_emerging:
        assert s.efficient_weights["emerging_stocks"] == pytest.approx(0.0, abs=1e-12)
        assert np.allclose(s.frontier.weights["emerging_stocks"], 0.0, atol=1e-12)
    # the frontier's risk at the portfolio's return (interpolated) is no more than the portfolio's
    frontier = s.frontier
    if frontier.returns.size > 1 and frontier.returns[0] <= s.expected_return <= frontier.returns[-1]:
        assert np.interp(s.expected_return, frontier.returns, frontier.volatilities) <= s.volatility + 1e-3
    assert s.currency_mismatch == pytest.approx(s.foreign_currency_exposure - (1 - yen))


def test_hedging_lowers_risk_but_not_return(assumptions):
    unhedged = capstone.allocation_summary(Choices(foreign_bond_share=1.0), Investor(), assumptions)
    hedged = capstone.allocation_summary(Choices(foreign_bond_share=1.0, hedge_ratio=1.0), Investor(), assumptions)
    assert hedged.expected_return == pytest.approx(unhedged.expected_return)
    assert hedged.volatility < unhedged.volatility
    assert hedged.foreign_currency_exposure < unhedged.foreign_currency_exposure


def test_no_loss_to_budget_names_the_argument(assumptions):
    with pytest.raises(ValueError, match="volatility"):
        capstone.allocation_summary(Choices(), Investor(k=0.1), assumptions)


# --- Export --------------------------------------------------------------------------------

def test_csv_round_trip(assumptions):
    s = capstone.allocation_summary(Choices(regime="slowdown", tilt_size=0.5), Investor(), assumptions)
    table = pd.read_csv(io.StringIO(capstone.to_csv(s)))
    figures = table[table.section == "figure"].set_index("key")["value"].astype(float)
    expected = capstone.key_figures(s)["value"]
    np.testing.assert_allclose(figures.loc[expected.index], expected, rtol=1e-12)
    weights = table[table.section == "weight"].set_index("key")
    np.testing.assert_allclose(weights["value"].astype(float).loc[list(ASSETS)], s.weights, rtol=1e-12)
    np.testing.assert_allclose(weights["risk_contribution"].loc[list(ASSETS)], s.risk_contributions, rtol=1e-12)
    choices = table[table.section == "choice"].set_index("key")["value"]
    assert choices["regime"] == "slowdown"


def test_markdown(assumptions):
    s = capstone.allocation_summary(Choices(), Investor(), assumptions)
    text = capstone.to_markdown(s, title="Hand-in")
    assert text.startswith("# Hand-in\n")
    tables = [line for line in text.splitlines() if line.startswith("|")]
    assert len(tables) == (2 + 7) + (2 + len(ASSETS)) + (2 + len(capstone.key_figures(s)))
    for block in text.split("\n\n"):
        lines = [line for line in block.splitlines() if line.startswith("|")]
        assert len({line.count("|") for line in lines}) <= 1
        assert len({len(line) for line in lines}) <= 1  # columns aligned
    assert f"{s.volatility:.2%}" in text
    assert f"¥{s.max_investment:,.0f}" in text
    assert "| regime             |  none |" in text


# --- Validation ----------------------------------------------------------------------------

@pytest.mark.parametrize("name", ["stock_share", "blend", "foreign_bond_share", "hedge_ratio", "tilt_size"])
@pytest.mark.parametrize("value", [-0.1, 1.1, float("nan")])
def test_choices_fractions_name_the_argument(name, value):
    with pytest.raises(ValueError, match=name):
        Choices(**{name: value})


def test_choices_other_arguments():
    with pytest.raises(TypeError, match="include_emerging"):
        Choices(include_emerging=1)
    with pytest.raises(ValueError, match="regime"):
        Choices(regime="boom")
    with pytest.raises(TypeError, match="choices"):
        capstone.build_allocation({"stock_share": 0.5})


@pytest.mark.parametrize(("name", "value", "error"), [
    ("loss_limit", 0.0, ValueError), ("loss_limit", "a lot", TypeError), ("horizon_years", 0, ValueError),
    ("yen_liabilities", 1.5, ValueError), ("k", -2.0, ValueError),
])
def test_investor_names_the_argument(name, value, error):
    with pytest.raises(error, match=name):
        Investor(**{name: value})


def test_summary_and_export_check_types(assumptions):
    with pytest.raises(TypeError, match="investor"):
        capstone.allocation_summary(Choices(), "me", assumptions)
    with pytest.raises(TypeError, match="assumptions"):
        capstone.allocation_summary(Choices(), Investor(), "gpif")
    with pytest.raises(TypeError, match="summary"):
        capstone.key_figures(None)
    with pytest.raises(TypeError, match="summary"):
        capstone.to_markdown(None)


def test_frontier_is_the_optimisers(assumptions):
    s = capstone.allocation_summary(Choices(include_emerging=False), Investor(), assumptions)
    upper = np.array([1, 1, 1, 1, 1, 0.0])
    expected = optimise.efficient_frontier(assumptions.expected_returns, assumptions.covariance,
                                           capstone.FRONTIER_POINTS, upper=upper)
    np.testing.assert_allclose(s.frontier.volatilities, expected.volatilities)
