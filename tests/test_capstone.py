"""assetalloc.capstone: the assumption set and its levers, choices -> weights, idle choices, the summary, export.

Known answers are computed here with numpy and the standard library from the
cited inputs (GPIF 2008 returns and risks, GPIF 2004 correlations, the source
article's printed figures via ``compare.in_library_units``, the 2010 regional
shares), never by calling the function under test; invariants are checked
with hypothesis; every public function names the bad argument.
"""

from __future__ import annotations

import dataclasses
import doctest
import io
import math
import re

import numpy as np
import pandas as pd
import pytest
from assetalloc import capstone, currency, data, optimise, risk, tactical
from assetalloc.assumptions import table2_inputs
from assetalloc.capstone import ASSETS, Choices, Investor
from assetalloc.compare import in_library_units
from hypothesis import given, settings
from hypothesis import strategies as st

PRINTED = in_library_units(data.reported_figures("yamazaki2009"))
GPIF = data.gpif_2008_assumptions()
BASE = list(data.ASSETS)
STOCKS = ["domestic_stocks", "foreign_stocks", "emerging_stocks"]
BONDS = ["domestic_bonds", "foreign_bonds", "foreign_bonds_hedged"]
ASSUMPTIONS = capstone.capstone_assumptions()
LEVERS = ("emerging_premium", "unhedged_premium", "hedged_premium", "hedged_domestic_correlation",
          "domestic_stock_return")
FRACTIONS = ("stock_share", "home_share", "blend", "foreign_bond_share", "hedge_ratio", "tilt_size")

fraction = st.floats(0.0, 1.0, allow_nan=False)
# idle states need the ends; sizes below 1e-9 are left out (a tilt below float resolution)
edgy_fraction = st.one_of(st.sampled_from([0.0, 1.0]), st.floats(1e-9, 1.0))
choices_strategy = st.builds(
    Choices, stock_share=fraction, home_share=fraction, blend=fraction, include_emerging=st.booleans(),
    foreign_bond_share=fraction, hedge_ratio=fraction,
    regime=st.sampled_from([None, *tactical.REGIMES]), tilt_size=fraction,
)
grid_fraction = st.sampled_from([0.0, 0.25, 0.5, 0.8, 1.0])  # no values too small to move a weight by 1e-12
grid_choices = st.builds(
    Choices, stock_share=grid_fraction, home_share=grid_fraction, blend=grid_fraction,
    include_emerging=st.booleans(), foreign_bond_share=grid_fraction, hedge_ratio=grid_fraction,
    regime=st.sampled_from([None, *tactical.REGIMES]), tilt_size=grid_fraction,
)
edgy_choices = st.builds(
    Choices, stock_share=edgy_fraction, home_share=edgy_fraction, blend=edgy_fraction,
    include_emerging=st.booleans(), foreign_bond_share=edgy_fraction, hedge_ratio=edgy_fraction,
    regime=st.sampled_from([None, *tactical.REGIMES]), tilt_size=edgy_fraction,
)


@pytest.fixture(scope="module")
def assumptions() -> capstone.Assumptions:
    return ASSUMPTIONS


# --- Independent constructions from the cited inputs ------------------------------------------

def base_correlation() -> pd.DataFrame:
    """GPIF 2004 correlations with the domestic-foreign stock entry replaced by the printed 0.27."""
    corr = data.gpif_2004_correlations().loc[BASE, BASE].copy()
    rho = PRINTED["table1_correlation_domestic_foreign"]
    corr.loc["domestic_stocks", "foreign_stocks"] = corr.loc["foreign_stocks", "domestic_stocks"] = rho
    return corr


def variance_share() -> float:
    """a = sigma_domestic_bonds^2 / sigma_foreign_bonds^2 (GPIF 2008)."""
    vol = GPIF["volatility"]
    return float(vol["domestic_bonds"] ** 2 / vol["foreign_bonds"] ** 2)


def hedged_row(target: float) -> pd.Series:
    """Hedged bonds' correlations: a standardised regression on domestic and unhedged foreign bonds."""
    corr = base_correlation()
    regressors = ["domestic_bonds", "foreign_bonds"]
    slopes = np.linalg.solve(corr.loc[regressors, regressors].to_numpy(), [target, math.sqrt(variance_share())])
    return pd.Series(slopes @ corr.loc[regressors, BASE].to_numpy(), index=BASE)


def hedged_correlation_bounds() -> tuple[float, float]:
    """The correlations with domestic bonds a hedged bond can have: R^2 = r' R^-1 r <= 1, solved for r_1.

    With r = (c, s) and R = [[1, rho], [rho, 1]]: c = rho s +- sqrt((1 - rho^2)(1 - s^2)).
    """
    rho = base_correlation().loc["domestic_bonds", "foreign_bonds"]
    s = math.sqrt(variance_share())
    half = math.sqrt((1 - rho**2) * (1 - s**2))
    return rho * s - half, rho * s + half


def ex_japan_shares(column: str) -> pd.Series:
    """Each region's share of the world outside Japan (2010 cap or GDP), computed here."""
    shares = data.regional_shares_2010()[column].drop("japan")
    return shares / shares.sum()


def dominated_pairs(a: capstone.Assumptions) -> set[tuple[str, str]]:
    """(better, worse): strictly higher expected return and no more risk."""
    mu, vol = a.expected_returns, a.volatilities
    return {(i, j) for i in ASSETS for j in ASSETS
            if i != j and mu[i] > mu[j] + 1e-12 and vol[i] <= vol[j] + 1e-12}


# --- The assumption set --------------------------------------------------------------------

def test_base_block_is_chapter_2s_covariance_and_gpif_2008_returns(assumptions):
    _, base = table2_inputs()
    np.testing.assert_allclose(assumptions.covariance.loc[BASE, BASE], base.loc[BASE, BASE], rtol=1e-12)
    np.testing.assert_allclose(assumptions.expected_returns.loc[BASE], GPIF["expected_return"].loc[BASE])
    np.testing.assert_allclose(assumptions.volatilities.loc[BASE], GPIF["volatility"].loc[BASE], rtol=1e-12)
    np.testing.assert_allclose(assumptions.correlation.loc[BASE, BASE], base_correlation(), atol=1e-12)


def test_reproduces_the_sources_40_60_risk(assumptions):
    weights = pd.Series(0.0, index=list(ASSETS))
    weights[["domestic_stocks", "foreign_stocks"]] = [0.4, 0.6]
    volatility = risk.portfolio_volatility(weights, assumptions.covariance)
    assert volatility == pytest.approx(PRINTED["table1_risk_40_60"], abs=0.00005)


def test_lever_defaults_are_the_cited_inputs():
    defaults = capstone.lever_defaults()
    assert tuple(defaults.index) == LEVERS
    assert defaults["emerging_premium"] == pytest.approx(0.02) == PRINTED["table4_emerging_premium"]
    assert defaults["hedged_premium"] == 0.0
    assert defaults["unhedged_premium"] == pytest.approx(
        GPIF.loc["foreign_bonds", "expected_return"] - GPIF.loc["domestic_bonds", "expected_return"])
    assert defaults["hedged_domestic_correlation"] == 0.5
    assert defaults["domestic_stock_return"] == pytest.approx(0.053) == GPIF.loc["domestic_stocks", "expected_return"]
    # the defaults are what capstone_assumptions uses when a lever is left out
    explicit = capstone.capstone_assumptions(**defaults.to_dict())
    pd.testing.assert_series_equal(explicit.expected_returns, ASSUMPTIONS.expected_returns)
    pd.testing.assert_frame_equal(explicit.covariance, ASSUMPTIONS.covariance)
    none = capstone.capstone_assumptions(**dict.fromkeys(LEVERS))
    pd.testing.assert_frame_equal(none.covariance, ASSUMPTIONS.covariance)


def test_levers_are_keyword_only():
    with pytest.raises(TypeError):
        capstone.capstone_assumptions(0.02)


@pytest.mark.parametrize("premium", [None, -0.01, 0.0, 0.006, 0.1])
def test_hedged_bond_expects_domestic_bonds_plus_the_premium(premium):
    a = capstone.capstone_assumptions(hedged_premium=premium)
    expected = GPIF.loc["domestic_bonds", "expected_return"] + (0.0 if premium is None else premium)
    assert a.expected_returns["foreign_bonds_hedged"] == pytest.approx(expected, abs=1e-15)
    # no other expected return moves, and the covariance does not depend on the premium
    others = [x for x in ASSETS if x != "foreign_bonds_hedged"]
    pd.testing.assert_series_equal(a.expected_returns[others], ASSUMPTIONS.expected_returns[others])
    pd.testing.assert_frame_equal(a.covariance, ASSUMPTIONS.covariance)


@pytest.mark.parametrize("premium", [-0.01, 0.0, 0.006, 0.02])
def test_unhedged_bond_expects_domestic_bonds_plus_its_premium(premium):
    a = capstone.capstone_assumptions(unhedged_premium=premium)
    expected = GPIF.loc["domestic_bonds", "expected_return"] + premium
    assert a.expected_returns["foreign_bonds"] == pytest.approx(expected, abs=1e-15)
    others = [x for x in ASSETS if x != "foreign_bonds"]
    pd.testing.assert_series_equal(a.expected_returns[others], ASSUMPTIONS.expected_returns[others])
    pd.testing.assert_frame_equal(a.covariance, ASSUMPTIONS.covariance)


def test_hedged_bond_is_as_risky_as_domestic_bonds(assumptions):
    vol = GPIF["volatility"]
    assert assumptions.volatilities["foreign_bonds_hedged"] == pytest.approx(vol["domestic_bonds"], rel=1e-12)
    split = capstone.currency_split()
    assert split["local"] == vol["domestic_bonds"] and split["unhedged"] == vol["foreign_bonds"]
    assert split["variance_share"] == pytest.approx(variance_share(), rel=1e-12)
    # local and currency parts, uncorrelated, add back up to the unhedged risk
    _, unhedged = currency.hedged_unhedged_risk(split["local"], split["currency"], 0.0)
    assert unhedged == pytest.approx(vol["foreign_bonds"], rel=1e-12)
    assert round(split["currency"], 4) == 0.121  # sqrt(13.25^2 - 5.40^2) = 12.10 %


@pytest.mark.parametrize("target", [None, -0.5, 0.0, 0.3, 0.8])
def test_hedged_bond_correlations(target):
    a = capstone.capstone_assumptions(hedged_domestic_correlation=target)
    corr = a.correlation
    lever = 0.5 if target is None else target
    assert corr.loc["foreign_bonds_hedged", "domestic_bonds"] == pytest.approx(lever, abs=1e-12)
    assert corr.loc["foreign_bonds_hedged", "foreign_bonds"] == pytest.approx(math.sqrt(variance_share()), abs=1e-12)
    np.testing.assert_allclose(corr.loc["foreign_bonds_hedged", BASE], hedged_row(lever), atol=1e-12)
    # the lever moves only the hedged bond's row and column
    others = [x for x in ASSETS if x != "foreign_bonds_hedged"]
    np.testing.assert_allclose(a.covariance.loc[others, others], ASSUMPTIONS.covariance.loc[others, others], atol=1e-15)
    pd.testing.assert_series_equal(a.expected_returns, ASSUMPTIONS.expected_returns)


@pytest.mark.parametrize("target", [None, -0.5, 0.3, 0.8])
def test_currency_part_is_uncorrelated_with_the_hedged_part(target):
    cov = capstone.capstone_assumptions(hedged_domestic_correlation=target).covariance
    hedged, unhedged = "foreign_bonds_hedged", "foreign_bonds"
    # currency part = unhedged - hedged; cov(currency, hedged) = cov(unhedged, hedged) - var(hedged)
    assert cov.loc[unhedged, hedged] - cov.loc[hedged, hedged] == pytest.approx(0.0, abs=1e-15)
    currency_variance = cov.loc[unhedged, unhedged] - 2 * cov.loc[unhedged, hedged] + cov.loc[hedged, hedged]
    vol = GPIF["volatility"]
    assert currency_variance == pytest.approx(vol["foreign_bonds"] ** 2 - vol["domestic_bonds"] ** 2, rel=1e-12)


def test_matrix_is_positive_semidefinite_over_a_grid_of_levers():
    low, high = hedged_correlation_bounds()
    grid = [{"hedged_domestic_correlation": float(target)} for target in np.linspace(low + 1e-6, high - 1e-6, 9)]
    grid += [{"hedged_domestic_correlation": high - 1e-6, "hedged_premium": 0.1, "emerging_premium": -0.2,
              "domestic_stock_return": 0.5},
             {"hedged_domestic_correlation": low + 1e-6, "hedged_premium": -0.1, "emerging_premium": 0.2,
              "domestic_stock_return": -0.5}]
    for levers in grid:
        a = capstone.capstone_assumptions(**levers)
        cov = a.covariance.to_numpy()
        np.testing.assert_array_equal(cov, cov.T)
        assert np.linalg.eigvalsh(cov).min() >= -1e-12, levers
        assert np.all(np.abs(a.correlation.to_numpy()) <= 1 + 1e-12), levers


def test_feasible_correlations_end_where_the_regression_would_explain_more_than_everything():
    low, high = hedged_correlation_bounds()  # about -0.93 and 0.89
    assert -0.94 < low < -0.92 and 0.88 < high < 0.90
    for inside in (low + 1e-4, high - 1e-4):
        capstone.capstone_assumptions(hedged_domestic_correlation=inside)
    for outside in (low - 1e-4, high + 1e-4, 0.99, -0.99, 1.0):
        with pytest.raises(ValueError, match="hedged_domestic_correlation"):
            capstone.capstone_assumptions(hedged_domestic_correlation=outside)


@pytest.mark.parametrize(("name", "value"), [
    ("emerging_premium", 0.21), ("emerging_premium", -0.21), ("hedged_premium", 0.11), ("hedged_premium", -0.11),
    ("hedged_domestic_correlation", 1.01), ("hedged_domestic_correlation", -1.5),
    ("domestic_stock_return", 0.51), ("domestic_stock_return", -0.6),
    *((name, math.nan) for name in LEVERS), *((name, math.inf) for name in LEVERS),
])
def test_out_of_range_levers_name_the_lever(name, value):
    with pytest.raises(ValueError, match=name):
        capstone.capstone_assumptions(**{name: value})


@pytest.mark.parametrize("name", LEVERS)
@pytest.mark.parametrize("value", [True, "0.02", [0.02]])
def test_levers_of_the_wrong_type_name_the_lever(name, value):
    with pytest.raises(TypeError, match=name):
        capstone.capstone_assumptions(**{name: value})


@pytest.mark.parametrize("value", [0.04, 0.06, 0.08])
def test_domestic_stock_return_moves_only_domestic_stocks(value):
    a = capstone.capstone_assumptions(domestic_stock_return=value)
    assert a.expected_returns["domestic_stocks"] == value
    others = [x for x in ASSETS if x != "domestic_stocks"]
    pd.testing.assert_series_equal(a.expected_returns[others], ASSUMPTIONS.expected_returns[others])
    pd.testing.assert_frame_equal(a.covariance, ASSUMPTIONS.covariance)


@pytest.mark.parametrize("premium", [None, 0.0, -0.01, 0.05])
def test_emerging_stocks(premium):
    a = capstone.capstone_assumptions(emerging_premium=premium)
    mu, vols, corr = a.expected_returns, a.volatilities, a.correlation
    lever = PRINTED["table4_emerging_premium"] if premium is None else premium
    assert mu["emerging_stocks"] == pytest.approx(GPIF.loc["foreign_stocks", "expected_return"] + lever)
    if premium is None:
        assert mu["emerging_stocks"] == pytest.approx(PRINTED["table4_expected_return_emerging"])  # the source's 8 %
    assert vols["emerging_stocks"] == pytest.approx(PRINTED["pattern2_risk_emerging"])
    pd.testing.assert_frame_equal(a.covariance, ASSUMPTIONS.covariance)
    # slopes of the Pattern 2 regression, applied to the base correlations
    rho = PRINTED["pattern2_correlation_domestic_foreign"]
    slopes = np.linalg.solve([[1, rho], [rho, 1]], [PRINTED["pattern2_correlation_domestic_emerging"],
                                                    PRINTED["pattern2_correlation_foreign_emerging"]])
    stocks = ["domestic_stocks", "foreign_stocks"]
    for asset in ASSETS[:-1]:
        assert corr.loc["emerging_stocks", asset] == pytest.approx(slopes @ corr.loc[stocks, asset].to_numpy())


def test_covariance_is_positive_definite_and_symmetric(assumptions):
    cov = assumptions.covariance.to_numpy()
    np.testing.assert_array_equal(cov, cov.T)
    assert np.linalg.eigvalsh(assumptions.correlation.to_numpy()).min() > 0.1
    assert list(assumptions.covariance.index) == list(ASSETS) == list(assumptions.expected_returns.index)


# --- No free lunch ---------------------------------------------------------------------------

#: (better, worse) pairs allowed: a strictly higher expected return with no more risk, and why.
ALLOWED_DOMINANCE = {
    # GPIF 2008's own inputs: foreign stocks 6.0 % at 19.59 % risk, Japanese stocks 5.3 % at 22.15 %.
    ("foreign_stocks", "domestic_stocks"): "GPIF 2008's own inputs",
}


def test_no_asset_dominates_another_beyond_the_stated_exceptions(assumptions):
    assert dominated_pairs(assumptions) == set(ALLOWED_DOMINANCE)


def test_the_dominance_check_can_fail():
    """GPIF's 0.6-point unhedged premium handed to the hedged bond: hedged bonds dominate domestic bonds."""
    premium = GPIF.loc["foreign_bonds", "expected_return"] - GPIF.loc["domestic_bonds", "expected_return"]
    assert premium == pytest.approx(0.006)
    pairs = dominated_pairs(capstone.capstone_assumptions(hedged_premium=0.006))
    assert ("foreign_bonds_hedged", "domestic_bonds") in pairs
    assert pairs - set(ALLOWED_DOMINANCE) == {("foreign_bonds_hedged", "domestic_bonds")}


# --- The assumption table ------------------------------------------------------------------

@pytest.mark.parametrize("levers", [{}, {"emerging_premium": 0.0, "hedged_domestic_correlation": 0.8},
                                    {"hedged_premium": 0.003, "domestic_stock_return": 0.06},
                                    {"unhedged_premium": 0.0}])
def test_assumption_table_shows_the_assumptions_in_use(levers):
    a = capstone.capstone_assumptions(**levers)
    table = capstone.assumption_table(a)
    assert list(table.columns) == ["description", "value", "source", "lever"]
    mu, vols, corr = a.expected_returns, a.volatilities, a.correlation
    for asset in ASSETS:
        assert table.loc[f"return_{asset}", "value"] == pytest.approx(mu[asset], abs=1e-15)
        assert table.loc[f"risk_{asset}", "value"] == pytest.approx(vols[asset], abs=1e-15)
    assert table.loc["correlation_hedged_domestic_bonds", "value"] == pytest.approx(
        levers.get("hedged_domestic_correlation", 0.5), abs=1e-12)
    assert table.loc["correlation_hedged_unhedged", "value"] == pytest.approx(math.sqrt(variance_share()), abs=1e-12)
    assert table.loc["correlation_emerging_foreign", "value"] == pytest.approx(
        corr.loc["emerging_stocks", "foreign_stocks"])
    assert (table["source"].str.len() > 0).all()
    assert set(table["lever"]) - {""} == set(LEVERS)
    # each lever's row shows what the lever set, computed here from GPIF 2008 and the lever
    defaults = {"emerging_premium": 0.02, "unhedged_premium": 0.006, "hedged_premium": 0.0,
                "hedged_domestic_correlation": 0.5, "domestic_stock_return": 0.053}
    used = {**defaults, **levers}
    gpif = GPIF["expected_return"]
    by_lever = {
        "hedged_premium": gpif["domestic_bonds"] + used["hedged_premium"],
        "unhedged_premium": gpif["domestic_bonds"] + used["unhedged_premium"],
        "domestic_stock_return": used["domestic_stock_return"],
        "emerging_premium": gpif["foreign_stocks"] + used["emerging_premium"],
        "hedged_domestic_correlation": used["hedged_domestic_correlation"],
    }
    rows = table[table["lever"] != ""]
    assert len(rows) == len(LEVERS)
    for key, row in rows.iterrows():
        assert row["value"] == pytest.approx(by_lever[row["lever"]], abs=1e-12), key


def test_assumption_table_defaults_to_the_default_assumptions():
    pd.testing.assert_frame_equal(capstone.assumption_table(), capstone.assumption_table(ASSUMPTIONS))
    with pytest.raises(TypeError, match="assumptions"):
        capstone.assumption_table("gpif")


# --- Choices -> weights --------------------------------------------------------------------

def test_region_sizes_sum_the_sources_regions():
    sizes = capstone.region_sizes()
    shares = data.regional_shares_2010()
    assert sizes.loc["foreign_stocks", "cap_share"] == pytest.approx(0.458 + 0.261 + 0.054)
    assert sizes.loc["emerging_stocks", "gdp_share"] == pytest.approx(0.319)
    np.testing.assert_allclose(sizes.sum(), shares[["cap_share", "gdp_share"]].sum())


def test_default_choices_known_answer():
    choices = Choices()
    assert (choices.stock_share, choices.home_share, choices.tilt_size) == (0.5, 0.4, 1.0)
    weights = capstone.build_allocation(choices)
    cap = ex_japan_shares("cap_share")
    assert weights["domestic_bonds"] == 0.5
    assert weights["domestic_stocks"] == pytest.approx(0.5 * 0.4)
    assert weights["emerging_stocks"] == pytest.approx(0.5 * 0.6 * cap["emerging_markets"])  # 0.3 x 0.137 / 0.910
    assert weights["emerging_stocks"] == pytest.approx(0.3 * 0.137 / 0.910)
    assert weights["foreign_stocks"] == pytest.approx(0.5 * 0.6 * (1 - cap["emerging_markets"]))
    assert weights[["foreign_bonds", "foreign_bonds_hedged"]].sum() == 0.0


@pytest.mark.parametrize(("home", "printed"), [
    (0.4, "table1_risk_40_60"), (0.5, "table1_risk_50_50"), (0.3, "table1_risk_30_70"),
])
def test_the_sources_home_splits_can_be_built(home, printed, assumptions):
    choices = Choices(stock_share=1.0, home_share=home, include_emerging=False)
    weights = capstone.build_allocation(choices)
    expected = pd.Series(0.0, index=list(ASSETS))
    expected[["domestic_stocks", "foreign_stocks"]] = [home, 1 - home]
    np.testing.assert_allclose(weights, expected, atol=1e-15)
    # the risk, by hand from GPIF 2008's risks and the printed 0.27, and by the summary
    s_d, s_f = GPIF.loc["domestic_stocks", "volatility"], GPIF.loc["foreign_stocks", "volatility"]
    rho = PRINTED["table1_correlation_domestic_foreign"]
    by_hand = math.sqrt(home**2 * s_d**2 + (1 - home) ** 2 * s_f**2 + 2 * home * (1 - home) * rho * s_d * s_f)
    assert by_hand == pytest.approx(PRINTED[printed], abs=0.00005)
    summary = capstone.allocation_summary(choices, Investor(), assumptions)
    assert summary.volatility == pytest.approx(PRINTED[printed], abs=0.00005)
    assert summary.volatility == pytest.approx(by_hand, rel=1e-12)


def test_blend_ends_are_ex_japan_cap_and_gdp_shares():
    cap, gdp = ex_japan_shares("cap_share"), ex_japan_shares("gdp_share")
    for blend, shares in ((0.0, cap), (1.0, gdp)):
        weights = capstone.build_allocation(Choices(stock_share=1.0, home_share=0.4, blend=blend))
        foreign = weights[["foreign_stocks", "emerging_stocks"]]
        assert foreign.sum() == pytest.approx(0.6)
        assert foreign["emerging_stocks"] / foreign.sum() == pytest.approx(shares["emerging_markets"], rel=1e-12)
    assert cap["emerging_markets"] == pytest.approx(0.137 / 0.910)
    assert gdp["emerging_markets"] == pytest.approx(0.319 / 0.911)


@settings(max_examples=30, deadline=None)
@given(fraction, fraction, fraction, st.booleans())
def test_blend_applies_to_the_foreign_part_only(stock_share, home_share, blend, include_emerging):
    choices = Choices(stock_share=stock_share, home_share=home_share, blend=blend, include_emerging=include_emerging)
    weights = capstone.build_allocation(choices)
    assert weights["domestic_stocks"] == pytest.approx(home_share * stock_share, abs=1e-15)
    foreign = weights[["foreign_stocks", "emerging_stocks"]].sum()
    assert foreign == pytest.approx((1 - home_share) * stock_share, abs=1e-15)
    # the EM share of the foreign part moves linearly from the ex-Japan cap share to the ex-Japan GDP share
    em = ex_japan_shares("cap_share")["emerging_markets"] * (1 - blend) + ex_japan_shares("gdp_share")[
        "emerging_markets"] * blend
    expected_em = em * foreign if include_emerging else 0.0
    assert weights["emerging_stocks"] == pytest.approx(expected_em, abs=1e-15)
    # the domestic weight does not depend on the blend
    other = capstone.build_allocation(dataclasses.replace(choices, blend=1.0 - blend))
    assert other["domestic_stocks"] == weights["domestic_stocks"]


def test_benchmark_is_60_40_cap_weighted_with_japan_at_its_world_share():
    assert not hasattr(capstone, "BENCHMARK_CHOICES")
    caps = data.regional_shares_2010()["cap_share"]
    japan = caps["japan"] / caps.sum()  # 0.086 / 0.996
    bench_choices = capstone.benchmark_choices()
    assert bench_choices.home_share == pytest.approx(japan, rel=1e-12)
    assert (bench_choices.stock_share, bench_choices.blend, bench_choices.include_emerging) == (0.6, 0.0, True)
    assert (bench_choices.foreign_bond_share, bench_choices.hedge_ratio, bench_choices.regime) == (1.0, 1.0, None)
    bench = capstone.build_allocation(bench_choices)
    assert bench["foreign_bonds_hedged"] == pytest.approx(0.4)
    assert bench[["domestic_bonds", "foreign_bonds"]].sum() == 0.0
    assert bench["domestic_stocks"] == pytest.approx(0.6 * 0.086 / 0.996)
    assert bench["emerging_stocks"] == pytest.approx(0.6 * 0.137 / 0.996)
    assert bench["foreign_stocks"] == pytest.approx(0.6 * (0.458 + 0.261 + 0.054) / 0.996)
    summary = capstone.allocation_summary(Choices(), Investor(), ASSUMPTIONS)
    np.testing.assert_allclose(summary.benchmark, bench, rtol=1e-15)


def test_tilt_moves_stocks_and_is_scaled_at_the_bounds():
    tilted = capstone.build_allocation(Choices(stock_share=0.6, regime="contraction", tilt_size=1.0))
    assert tilted[STOCKS].sum() == pytest.approx(0.6 + tactical.regime_tilts().loc["contraction", "equities"])
    assert capstone.build_allocation(Choices(stock_share=0.6, regime="contraction")).equals(tilted)  # default 1
    half = capstone.build_allocation(Choices(stock_share=0.6, regime="contraction", tilt_size=0.5))
    assert half[STOCKS].sum() == pytest.approx(0.6 + 0.5 * tactical.regime_tilts().loc["contraction", "equities"])
    # all in stocks already: a tilt towards stocks has no room and is scaled to nothing
    full = capstone.build_allocation(Choices(stock_share=1.0, regime="recovery", tilt_size=1.0))
    assert full[STOCKS].sum() == pytest.approx(1.0)


@settings(max_examples=30, deadline=None)
@given(choices_strategy)
def test_weights_are_a_long_only_portfolio(choices):
    weights = capstone.build_allocation(choices)
    assert list(weights.index) == list(ASSETS)
    assert weights.sum() == pytest.approx(1.0, abs=1e-12)
    assert (weights >= -1e-15).all() and (weights <= 1 + 1e-12).all()
    if not choices.include_emerging:
        assert weights["emerging_stocks"] == 0.0
    stocks = weights[STOCKS].sum()
    if choices.regime is None or choices.tilt_size == 0:
        assert stocks == pytest.approx(choices.stock_share)
    assert weights["domestic_stocks"] == pytest.approx(choices.home_share * stocks, abs=1e-12)
    bonds = weights[BONDS].sum()
    foreign = weights[["foreign_bonds", "foreign_bonds_hedged"]].sum()
    assert foreign == pytest.approx(choices.foreign_bond_share * bonds, abs=1e-12)
    assert weights["foreign_bonds_hedged"] == pytest.approx(choices.hedge_ratio * foreign, abs=1e-12)


# --- Idle choices --------------------------------------------------------------------------

SCALED_AWAY = "no room to tilt: stocks already at the tilt's limit of 0% or 100%"


@pytest.mark.parametrize(("choices", "expected"), [
    (Choices(regime="expansion", foreign_bond_share=0.5), {}),
    (Choices(stock_share=0.0, foreign_bond_share=0.5), {
        "home_share": "no stocks", "blend": "no stocks", "include_emerging": "no stocks",
        "tilt_size": "no regime chosen"}),
    (Choices(home_share=1.0, foreign_bond_share=0.5, regime="slowdown"), {
        "blend": "no foreign stocks", "include_emerging": "no foreign stocks"}),
    (Choices(include_emerging=False, foreign_bond_share=0.5, regime="slowdown"), {
        "blend": "no emerging stocks: every rule gives the same foreign stocks"}),
    (Choices(stock_share=1.0, foreign_bond_share=0.5), {
        "foreign_bond_share": "no bonds", "hedge_ratio": "no bonds", "tilt_size": "no regime chosen"}),
    # a tilt that empties the bonds
    (Choices(stock_share=0.95, foreign_bond_share=0.5, regime="recovery"), {
        "foreign_bond_share": "no bonds", "hedge_ratio": "no bonds"}),
    (Choices(regime="slowdown"), {"hedge_ratio": "no bonds abroad"}),
    (Choices(foreign_bond_share=0.5), {"tilt_size": "no regime chosen"}),
    (Choices(foreign_bond_share=0.5, regime="recovery", tilt_size=0.0), {"regime": "tilt size 0"}),
    (Choices(stock_share=0.0, foreign_bond_share=0.5, regime="contraction"), {
        "home_share": "no stocks", "blend": "no stocks", "include_emerging": "no stocks",
        "tilt_size": SCALED_AWAY}),
    # a tilt that empties the stocks: the stock choices are idle, the tilt is not
    (Choices(stock_share=0.05, foreign_bond_share=0.5, regime="contraction"), {
        "home_share": "no stocks", "blend": "no stocks", "include_emerging": "no stocks"}),
], ids=["none", "no-stocks", "home-1", "em-out", "no-bonds", "tilt-empties-bonds", "no-bonds-abroad", "no-regime", "tilt-0",
        "tilt-scaled-away", "tilt-empties-stocks"])
def test_idle_choices_reasons(choices, expected):
    idle = capstone.idle_choices(choices)
    assert idle == expected
    order = [f.name for f in dataclasses.fields(Choices)]
    assert list(idle) == sorted(idle, key=order.index)  # in the order of the attributes


def test_idle_choices_needs_choices():
    with pytest.raises(TypeError, match="choices"):
        capstone.idle_choices({"stock_share": 0.5})


def alternatives(choices: Choices, name: str) -> list:
    """Other values of one choice: the ends and a middle value of a fraction, the other flag, every regime."""
    current = getattr(choices, name)
    if name == "include_emerging":
        values = [not current]
    elif name == "regime":
        values = [None, *tactical.REGIMES]
    else:
        values = [0.0, 0.37, 1.0]
    return [v for v in values if v != current]


def changes(choices: Choices, name: str, value, before: pd.Series | None = None) -> float:
    """Largest weight change from moving ``name`` alone to ``value`` (``before``: the weights of ``choices``)."""
    before = capstone.build_allocation(choices) if before is None else before
    after = capstone.build_allocation(dataclasses.replace(choices, **{name: value}))
    return float((after - before).abs().max())


@settings(max_examples=30, deadline=None)
@given(edgy_choices)
def test_a_choice_listed_idle_is_idle(choices):
    before = capstone.build_allocation(choices)
    for name, reason in capstone.idle_choices(choices).items():
        for value in alternatives(choices, name):
            assert changes(choices, name, value, before) <= 1e-12, (name, reason, value)


@settings(max_examples=30, deadline=None)
@given(grid_choices)
def test_a_choice_not_listed_matters(choices):
    weights = capstone.build_allocation(choices)
    idle = capstone.idle_choices(choices)
    for name in (f.name for f in dataclasses.fields(Choices)):
        if name in idle:
            continue
        assert any(changes(choices, name, value, weights) > 1e-12 for value in alternatives(choices, name)), name


def test_regime_scaled_to_nothing_is_not_idle_for_the_opposite_regime():
    choices = Choices(stock_share=1.0, regime="recovery")  # all in stocks: recovery's +10 % has no room
    assert changes(choices, "regime", "contraction") > 0.09  # contraction moves 10 % into bonds
    assert "regime" not in capstone.idle_choices(choices)


def test_regime_with_tilt_size_0_is_idle_even_without_a_regime():
    choices = Choices(regime=None, tilt_size=0.0)
    assert max(changes(choices, "regime", value) for value in tactical.REGIMES) == 0.0
    assert "regime" in capstone.idle_choices(choices)


def test_tilt_size_is_idle_when_every_size_is_scaled_to_nothing():
    choices = Choices(stock_share=0.0, regime="slowdown", tilt_size=0.0)
    assert max(changes(choices, "tilt_size", value) for value in (0.25, 0.5, 1.0)) == 0.0
    assert "tilt_size" in capstone.idle_choices(choices)


def test_a_tiny_tilt_size_is_not_idle():
    choices = Choices(stock_share=0.5, regime="recovery", tilt_size=1e-20)
    assert changes(choices, "tilt_size", 0.37) > 0.03
    assert "tilt_size" not in capstone.idle_choices(choices)


def test_a_tilt_that_empties_the_stocks_makes_the_stock_choices_idle():
    choices = Choices(stock_share=0.09, regime="contraction", tilt_size=1.0)  # 9 % - 10 % tilt, scaled to 9 %
    assert capstone.build_allocation(choices)[STOCKS].sum() == pytest.approx(0.0, abs=1e-15)
    assert {"home_share", "blend", "include_emerging"} <= set(capstone.idle_choices(choices))


@pytest.mark.parametrize(("choices", "expected"), [
    (Choices(), 0.0),
    (Choices(regime="contraction"), -0.10),
    (Choices(regime="contraction", tilt_size=0.5), -0.05),
    (Choices(stock_share=0.95, regime="recovery"), 0.05),  # +10 % scaled to the room left
    (Choices(stock_share=1.0, regime="recovery"), 0.0),  # no room
    (Choices(stock_share=0.0, regime="recovery"), 0.10),
])
def test_applied_tilt_is_the_change_of_the_stock_share(choices, expected):
    tilt = capstone.applied_tilt(choices)
    assert tilt == pytest.approx(expected, abs=1e-12)
    weights = capstone.build_allocation(choices)
    assert weights[STOCKS].sum() == pytest.approx(choices.stock_share + tilt, abs=1e-12)


# --- The summary ---------------------------------------------------------------------------

def test_summary_known_answers(assumptions):
    choices, investor = Choices(stock_share=0.6, foreign_bond_share=0.5, hedge_ratio=1.0), Investor()
    s = capstone.allocation_summary(choices, investor, assumptions)
    mu, cov = assumptions.expected_returns.to_numpy(), assumptions.covariance.to_numpy()
    w = s.weights.to_numpy()
    expected, vol = float(w @ mu), float(np.sqrt(w @ cov @ w))
    assert s.expected_return == pytest.approx(expected)
    assert s.volatility == pytest.approx(vol)
    assert s.worst_case_return == pytest.approx(expected - 2 * vol)
    assert s.max_investment == pytest.approx(1_000_000 / (2 * vol - expected))
    t = 10
    assert s.horizon_worst_case_return == pytest.approx(t * expected - 2 * math.sqrt(t) * vol)
    assert s.horizon_loss_probability == pytest.approx(0.5 * math.erfc(math.sqrt(t) * expected / vol / math.sqrt(2)))
    assert s.horizon_shortfall == pytest.approx(2 * math.sqrt(t) * vol)
    assert s.risk_contributions.sum() == pytest.approx(1.0)
    active = w - s.benchmark.to_numpy()
    assert s.tracking_error == pytest.approx(np.sqrt(active @ cov @ active))
    assert s.foreign_currency_exposure == pytest.approx(s.weights[["foreign_stocks", "emerging_stocks"]].sum())
    assert s.currency_mismatch == s.foreign_currency_exposure  # all spending in yen
    assert s.efficient_weights.sum() == pytest.approx(1.0)


@pytest.mark.parametrize(("years", "k"), [(1, 2.0), (25, 2.0), (40, 1.5)])
def test_summary_horizon_figures_by_hand(years, k, assumptions):
    s = capstone.allocation_summary(Choices(), Investor(horizon_years=years, k=k), assumptions)
    z = math.sqrt(years) * s.expected_return / s.volatility
    assert s.horizon_loss_probability == pytest.approx(0.5 * math.erfc(z / math.sqrt(2)), rel=1e-12)
    assert s.horizon_shortfall == pytest.approx(k * math.sqrt(years) * s.volatility, rel=1e-12)
    assert s.horizon_worst_case_return == pytest.approx(years * s.expected_return - s.horizon_shortfall, rel=1e-12)


def test_a_longer_horizon_lowers_the_chance_of_a_loss_but_widens_the_shortfall(assumptions):
    summaries = [capstone.allocation_summary(Choices(), Investor(horizon_years=t), assumptions) for t in range(1, 41)]
    assert summaries[0].expected_return > 0
    probability = np.array([s.horizon_loss_probability for s in summaries])
    shortfall = np.array([s.horizon_shortfall for s in summaries])
    assert np.all(np.diff(probability) < 0)
    assert np.all(np.diff(shortfall) > 0)


def test_summary_of_the_benchmark_has_no_tracking_error(assumptions):
    s = capstone.allocation_summary(capstone.benchmark_choices(), Investor(), assumptions)
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
    frontier = s.frontier
    if frontier.returns.size > 1 and frontier.returns[0] <= s.expected_return <= frontier.returns[-1]:
        assert np.interp(s.expected_return, frontier.returns, frontier.volatilities) <= s.volatility + 1e-3
    assert s.currency_mismatch == pytest.approx(s.foreign_currency_exposure - (1 - yen))


def test_hedging_lowers_risk_and_gives_up_gpifs_unhedged_premium(assumptions):
    unhedged = capstone.allocation_summary(Choices(foreign_bond_share=1.0), Investor(), assumptions)
    hedged = capstone.allocation_summary(Choices(foreign_bond_share=1.0, hedge_ratio=1.0), Investor(), assumptions)
    gap = GPIF.loc["foreign_bonds", "expected_return"] - GPIF.loc["domestic_bonds", "expected_return"]  # 0.6 points
    assert unhedged.expected_return - hedged.expected_return == pytest.approx(0.5 * gap)  # half the portfolio in bonds
    assert hedged.volatility < unhedged.volatility
    assert hedged.foreign_currency_exposure < unhedged.foreign_currency_exposure
    # with GPIF's premium handed to the hedged bond, hedging costs nothing
    with_premium = capstone.capstone_assumptions(hedged_premium=gap)
    priced = capstone.allocation_summary(Choices(foreign_bond_share=1.0, hedge_ratio=1.0), Investor(), with_premium)
    assert priced.expected_return == pytest.approx(unhedged.expected_return)


def test_no_loss_to_budget_names_the_argument(assumptions):
    with pytest.raises(ValueError, match="volatility"):
        capstone.allocation_summary(Choices(), Investor(k=0.1), assumptions)


# --- Investor cards ------------------------------------------------------------------------

def test_investor_cards():
    cards = capstone.investor_cards()
    assert 3 <= len(cards) <= 5
    assert len({card.name for card in cards}) == len(cards)
    for card in cards:
        assert isinstance(card, capstone.InvestorCard)
        assert isinstance(card.investor, Investor)
        assert card.name and card.situation and card.beliefs and 18 <= card.age <= 100
        assert set(card.levers) <= set(LEVERS)
        a = capstone.capstone_assumptions(**card.levers)
        for lever, value in card.levers.items():  # each belief moves its lever away from the default
            assert value != capstone.lever_defaults()[lever]
        assert dominated_pairs(a) <= set(ALLOWED_DOMINANCE), card.name  # no card hands out a free lunch
        s = capstone.allocation_summary(Choices(), card.investor, a)
        assert s.max_investment > 0 and 0 <= s.horizon_loss_probability <= 1


def test_investor_cards_are_fresh_copies():
    first = capstone.investor_cards()
    first[0].levers["emerging_premium"] = 0.5
    assert "emerging_premium" not in capstone.investor_cards()[0].levers


# --- Export --------------------------------------------------------------------------------

def read_back(summary: capstone.AllocationSummary) -> pd.DataFrame:
    return pd.read_csv(io.StringIO(capstone.to_csv(summary)))


def test_csv_round_trip(assumptions):
    s = capstone.allocation_summary(Choices(regime="slowdown", tilt_size=0.5), Investor(), assumptions)
    table = read_back(s)
    assert list(table.columns) == ["section", "key", "description", "value", "unit", "benchmark", "efficient",
                                   "risk_contribution"]
    figures = table[table.section == "figure"].set_index("key")["value"].astype(float)
    expected = capstone.key_figures(s)["value"]
    np.testing.assert_allclose(figures.loc[expected.index], expected, rtol=1e-12)
    for key in ("horizon_loss_probability", "horizon_shortfall"):
        assert figures[key] == pytest.approx(getattr(s, key), rel=1e-12)
    weights = table[table.section == "weight"].set_index("key").loc[list(ASSETS)]
    np.testing.assert_allclose(weights["value"].astype(float), s.weights, rtol=1e-12, atol=1e-17)
    np.testing.assert_allclose(weights["benchmark"], s.benchmark, rtol=1e-12, atol=1e-17)
    np.testing.assert_allclose(weights["efficient"], s.efficient_weights, rtol=1e-12, atol=1e-17)
    np.testing.assert_allclose(weights["risk_contribution"], s.risk_contributions, rtol=1e-12, atol=1e-17)
    choices = table[table.section == "choice"].set_index("key")["value"]
    assert choices["regime"] == "slowdown"
    assert float(choices["home_share"]) == 0.4


@pytest.mark.parametrize("choices", [Choices(), Choices(regime="recovery", tilt_size=0.0)], ids=["no-regime", "tilt-0"])
def test_exports_say_none_for_no_regime_and_note_idle_choices(choices, assumptions):
    s = capstone.allocation_summary(choices, Investor(), assumptions)
    idle = capstone.idle_choices(choices)
    assert idle
    table = read_back(s)
    rows = table[table.section == "choice"].set_index("key")
    assert rows.loc["regime", "value"] == "none"
    for name, reason in idle.items():
        assert f"no effect: {reason}" in rows.loc[name, "description"]
    busy = [name for name in rows.index if name not in idle]
    assert not rows.loc[busy, "description"].str.contains("no effect").any()
    text = capstone.to_markdown(s)
    regime_row = next(line for line in text.splitlines() if line.startswith("| regime "))
    assert regime_row.split("|")[2].strip() == "none"
    for reason in idle.values():
        assert f"no effect: {reason}" in text


def test_markdown(assumptions):
    s = capstone.allocation_summary(Choices(), Investor(), assumptions)
    text = capstone.to_markdown(s, title="Hand-in")
    assert text.startswith("# Hand-in\n")
    tables = [line for line in text.splitlines() if line.startswith("|")]
    n_choices = len(dataclasses.fields(Choices))
    assert len(tables) == (2 + n_choices) + (2 + len(ASSETS)) + (2 + len(capstone.key_figures(s)))
    for block in text.split("\n\n"):
        lines = [line for line in block.splitlines() if line.startswith("|")]
        assert len({line.count("|") for line in lines}) <= 1
        assert len({len(line) for line in lines}) <= 1  # columns aligned
    assert f"{s.volatility:.2%}" in text
    assert f"¥{s.max_investment:,.0f}" in text
    assert f"{s.horizon_loss_probability:.2%}" in text and f"{s.horizon_shortfall:.2%}" in text
    assert re.search(r"\| Horizon +\| +10 years \|", text)
    assert "efficient, same return" in text
    for asset in ASSETS:
        assert f"{s.efficient_weights[asset]:.1%}" in text


# --- Validation ----------------------------------------------------------------------------

@pytest.mark.parametrize("name", FRACTIONS)
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
    ("horizon_years", 201, ValueError), ("horizon_years", 2.5, TypeError),
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


def test_docstring_examples():
    assert doctest.testmod(capstone, raise_on_error=False).failed == 0


def test_an_all_foreign_portfolio_is_summarised_on_every_slider_step():
    """Every stock abroad and every bond abroad unhedged: the unhedged share is 1 up to rounding, never refused."""
    steps = np.linspace(0.0, 1.0, 21)
    for stock_share in steps[1::2]:
        for blend in steps:
            for regime in (None, "recovery"):
                choices = Choices(stock_share=stock_share, home_share=0.0, blend=blend, foreign_bond_share=1.0,
                                  hedge_ratio=0.0, regime=regime)
                summary = capstone.allocation_summary(choices, Investor(), ASSUMPTIONS)
                assert summary.foreign_currency_exposure == pytest.approx(1.0, abs=1e-12)
                assert 0.0 <= summary.foreign_currency_exposure <= 1.0


def test_an_assumption_set_changed_in_place_is_read_as_it_is_now_and_changes_no_other() -> None:
    assumptions = capstone.capstone_assumptions()
    before = capstone.allocation_summary(Choices(), Investor(), assumptions)
    assumptions.expected_returns["domestic_stocks"] += 0.04
    assumptions.covariance.loc["domestic_bonds", "domestic_bonds"] *= 4.0
    after = capstone.allocation_summary(Choices(), Investor(), assumptions)
    weights = after.weights.to_numpy()
    assert after.expected_return == pytest.approx(before.expected_return + 0.04 * weights[ASSETS.index("domestic_stocks")])
    assert after.volatility > before.volatility
    assert not np.allclose(after.frontier.volatilities, before.frontier.volatilities)
    fresh = capstone.allocation_summary(Choices(), Investor(), capstone.capstone_assumptions())
    assert fresh.expected_return == before.expected_return and fresh.volatility == before.volatility


def test_an_assumption_set_given_a_missing_value_in_place_is_refused_by_name() -> None:
    assumptions = capstone.capstone_assumptions()
    assumptions.expected_returns["foreign_stocks"] = np.nan
    with pytest.raises(ValueError, match="expected_returns must be finite"):
        capstone.allocation_summary(Choices(), Investor(), assumptions)
