"""Chapter 2's datasets: they load and validate, hold what their sources print, and their loaders reshape correctly."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from assetalloc import data
from assetalloc.assumptions import gpif_2014_inputs, gpif_policy_weights, table2_inputs
from assetalloc.compare import UNIT_FACTORS, in_library_units

NAMES = ["gpif_2014_assumptions", "gpif_policy_weights", "wmax2025_reported"]


@pytest.mark.parametrize("name", NAMES)
def test_loads_and_is_described(name: str) -> None:
    frame = data.load(name)
    info = data.dataset_info(name)
    assert len(frame) > 0 and info["chapter"] == ["2 Foreign bonds"]
    assert "SECONDARY" in info["source"] + info["note"]


def test_gpif_2014_figures_as_quoted() -> None:
    frame = data.load("gpif_2014_assumptions").set_index("asset")
    assert frame["expected_return"].to_dict() == {
        "domestic_bonds": 2.0, "domestic_stocks": 5.2, "foreign_bonds": 3.5, "foreign_stocks": 6.2,
    }
    assert frame["volatility"].to_dict() == {
        "domestic_bonds": 4.7, "domestic_stocks": 25.1, "foreign_bonds": 12.6, "foreign_stocks": 27.3,
    }
    assert "NOT found" in data.dataset_info("gpif_2014_assumptions")["note"]


def test_policy_weights() -> None:
    weights = gpif_policy_weights()
    assert list(weights.columns) == ["2004", "2014", "2020"]
    np.testing.assert_allclose(weights.sum(), 1.0)
    assert weights.loc[list(data.ASSETS), "2014"].tolist() == [0.35, 0.25, 0.15, 0.25]
    assert weights.loc[list(data.ASSETS), "2020"].tolist() == [0.25, 0.25, 0.25, 0.25]


def test_wmax_figures_as_printed() -> None:
    reported = data.reported_figures("wmax2025").set_index("key")
    assert set(reported["unit"]) <= set(UNIT_FACTORS)
    expected = {
        "marketable_debt_nov2025": 30.2e12, "marketable_debt_change_month": 0.7, "marketable_debt_multiple_since_2018": 2,
        "total_debt_2025": 38.4e12, "debt_limit_2025": 41.1e12, "deficit_fy2025": 1.78e12,
        "interest_cost_fy2025": 1.2e12, "tariff_revenue_low": 0.3e12, "tariff_revenue_high": 0.4e12,
        "yield_10y_2025_05_22": 4.6, "us_bond_market_may2025": -0.7, "pimco_income_2025": 10.4,
        "pimco_total_return_2025": 9.1, "bloomberg_us_aggregate_2025": 7.2,
        "pimco_income_3y": 8.4, "pimco_income_5y": 4.1, "pimco_income_10y": 5.0,
    }
    for key, value in expected.items():
        assert reported.loc[key, "value"] == pytest.approx(value, rel=1e-12), key
    assert reported.loc["yield_10y_2025_05_22", "qualifier"] == "more than"
    library = in_library_units(data.reported_figures("wmax2025"))
    assert library["yield_10y_2025_05_22"] == pytest.approx(0.046)
    assert library["total_debt_2025"] == 38.4e12


def test_table2_inputs() -> None:
    mu, cov = table2_inputs()
    assert mu.to_dict() == {"domestic_bonds": 0.01, "domestic_stocks": 0.06, "foreign_bonds": 0.01, "foreign_stocks": 0.06}
    vols = np.sqrt(np.diag(cov))
    np.testing.assert_allclose(vols, [0.054, 0.2215, 0.1325, 0.1959], rtol=1e-12)
    correlation = cov / np.outer(vols, vols)
    assert correlation.loc["domestic_stocks", "foreign_stocks"] == pytest.approx(0.27)
    assert correlation.loc["domestic_bonds", "foreign_bonds"] == pytest.approx(-0.05)
    # The shipped 2004 matrix itself is untouched.
    assert data.gpif_2004_correlations().loc["domestic_stocks", "foreign_stocks"] == pytest.approx(0.25)


def test_gpif_2014_inputs() -> None:
    mu, cov = gpif_2014_inputs()
    np.testing.assert_allclose(mu, [0.02, 0.052, 0.035, 0.062])
    np.testing.assert_allclose(np.sqrt(np.diag(cov)), [0.047, 0.251, 0.126, 0.273])
    assert isinstance(cov, pd.DataFrame) and list(cov.index) == list(data.ASSETS)


def test_gpif_2008_inputs_and_table2_correlations() -> None:
    from assetalloc.assumptions import gpif_2008_inputs, table2_correlations

    mu, cov = gpif_2008_inputs()
    np.testing.assert_allclose(mu.to_numpy(), [0.028, 0.053, 0.034, 0.060])
    pd.testing.assert_frame_equal(cov, table2_inputs()[1])
    corr = table2_correlations()
    assert corr.loc["domestic_stocks", "foreign_stocks"] == corr.loc["foreign_stocks", "domestic_stocks"] == 0.27
    assert corr.loc["foreign_bonds", "foreign_stocks"] == 0.55
    np.testing.assert_allclose(np.diag(corr), 1.0)


def test_dollar_amounts_in_words() -> None:
    from assetalloc.book import dollar_amount

    assert dollar_amount(30.2e12) == "$30.2 trillion"
    assert dollar_amount(1.78e12) == "$1.78 trillion"
    assert dollar_amount(0.3e12) == "$300 billion"
    assert dollar_amount(2.7e12) == "$2.7 trillion"
    assert dollar_amount(-4e9) == "\u2212$4 billion"
    assert dollar_amount(1250.0) == "$1,250"
    with pytest.raises(ValueError, match="amount"):
        dollar_amount(float("nan"))
    with pytest.raises(TypeError, match="amount"):
        dollar_amount("30.2e12")


def test_signed_numbers_use_a_true_minus() -> None:
    from assetalloc.book import MINUS, signed_number, signed_percent

    assert MINUS == "\u2212"
    assert signed_percent(-0.088) == "\u22128.8%"
    assert signed_percent(-0.0175, 2) == "\u22121.75%"
    assert signed_percent(0.0284, 2) == "2.84%"
    assert signed_percent(0.005, 1, plus=True) == "+0.5%"
    assert signed_percent(-0.0004, 1) == "0.0%"  # rounds to zero: no sign
    assert signed_number(-0.2) == "\u22120.20"
    assert signed_number(-100.0, 0, plus=True) == "\u2212100"
    assert signed_number(50.0, 0, plus=True) == "+50"
    assert "-" not in signed_percent(-0.5) + signed_number(-3.0)
    with pytest.raises(ValueError, match="value"):
        signed_percent(float("inf"))
    with pytest.raises(TypeError, match="value"):
        signed_number("1")
    with pytest.raises(ValueError, match="decimals"):
        signed_percent(0.1, -1)
    with pytest.raises(TypeError, match="plus"):
        signed_number(0.1, 2, plus=1)
