"""Source figures beside computed ones: precision, units, qualifiers."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from assetalloc import compare, data
from assetalloc.compare import (
    AGREES,
    DIFFERS,
    SOURCE_INPUT,
    STATUSES,
    WITHIN_INPUT_ROUNDING,
    compare_with_source,
    in_library_units,
    printed_precision,
    range_under_input_rounding,
    reported_table,
)


@pytest.mark.parametrize(
    ("printed", "precision"),
    [(16.52, 0.01), (-38.3, 0.1), (2_610_000, 10_000), (60_000, 10_000), (66, 1), (0.6023, 0.0001), (0, 1)],
)
def test_printed_precision(printed: float, precision: float) -> None:
    assert printed_precision(printed) == pytest.approx(precision)


def reported(value: float, unit: str, qualifier: str = "") -> pd.DataFrame:
    return pd.DataFrame(
        [{"key": "x", "description": "a figure", "value": value, "unit": unit, "qualifier": qualifier, "where": "p. 1"}]
    )


@pytest.mark.parametrize(
    ("value", "unit", "qualifier", "computed", "agrees"),
    [
        (16.52, "percent", "", 0.165194, True),
        (16.52, "percent", "", 0.165251, False),
        (2_610_000, "yen", "about", 2_610_966, True),
        (2_610_000, "yen", "about", 2_616_000, False),
        (60_000, "yen", "more than", 65_235, True),
        (60_000, "yen", "more than", 59_999, False),
        (1.0, "percent", "less than", 0.009, True),
    ],
)
def test_agreement_at_the_source_precision(value, unit, qualifier, computed, agrees) -> None:
    table = compare_with_source(reported(value, unit, qualifier), {"x": computed})
    assert table.loc["a figure", "status"] == (AGREES if agrees else DIFFERS)


def test_a_difference_that_input_rounding_explains_says_so() -> None:
    """Table 3's 50:50 risk: 16.623% against a printed 16.63%; rounded inputs allow 16.618-16.628%."""
    printed = reported(16.63, "percent")
    explained = compare_with_source(printed, {"x": 0.166232}, rounding_ranges={"x": (0.166180, 0.166280)})
    assert explained.loc["a figure", "status"] == WITHIN_INPUT_ROUNDING
    too_far = compare_with_source(printed, {"x": 0.166232}, rounding_ranges={"x": (0.166180, 0.166240)})
    assert too_far.loc["a figure", "status"] == DIFFERS
    agreeing = compare_with_source(printed, {"x": 0.16631}, rounding_ranges={"x": (0.1662, 0.1664)})
    assert agreeing.loc["a figure", "status"] == AGREES


def test_an_input_is_marked_as_an_input_not_as_a_check() -> None:
    table = compare_with_source(reported(22.15, "percent"), {"x": 0.2215}, inputs=["x"])
    assert table.loc["a figure", "status"] == SOURCE_INPUT
    assert set(table["status"]) <= set(STATUSES)


def test_table_shows_both_figures_in_the_source_units() -> None:
    table = compare_with_source(reported(16.52, "percent"), {"x": 0.1651944})
    assert table.loc["a figure", "source"] == "16.52%"
    assert table.loc["a figure", "computed"] == "16.519%"


def test_negative_figures_print_a_true_minus_sign() -> None:
    table = compare_with_source(reported(-38.3, "percent"), {"x": -0.383})
    assert table.loc["a figure", "source"] == "\u221238.3%"
    assert table.loc["a figure", "computed"] == "\u221238.30%"


def test_in_library_units_converts_percent_only() -> None:
    inputs = in_library_units(data.reported_figures("yamazaki2009"))
    assert inputs["table1_risk_40_60"] == pytest.approx(0.1652)
    assert inputs["table1_correlation_domestic_foreign"] == pytest.approx(0.27)
    assert inputs["loss_limit"] == pytest.approx(1_000_000)


def test_every_reported_figure_has_a_known_unit_and_qualifier() -> None:
    for source in ("yamazaki2009", "ftserussell2025"):
        table = reported_table(data.reported_figures(source))
        assert len(table) == len(data.reported_figures(source))


def test_bad_input_names_the_argument() -> None:
    with pytest.raises(ValueError, match="computed"):
        compare_with_source(reported(16.52, "percent"), {"not_printed": 0.1})
    with pytest.raises(ValueError, match="unit"):
        compare_with_source(reported(16.52, "furlongs"), {"x": 0.1})
    with pytest.raises(TypeError, match="reported"):
        compare_with_source([1, 2], {"x": 0.1})
    with pytest.raises(ValueError, match="computed"):
        compare_with_source(reported(16.52, "percent"), {"x": float("nan")})
    with pytest.raises(ValueError, match="inputs"):
        compare_with_source(reported(16.52, "percent"), {"x": 0.1}, inputs=["y"])
    with pytest.raises(ValueError, match="rounding_ranges"):
        compare_with_source(reported(16.52, "percent"), {"x": 0.1}, rounding_ranges={"x": (0.2, 0.1)})


def test_range_under_input_rounding_brackets_the_printed_result() -> None:
    reported_figures = data.reported_figures("yamazaki2009")

    def half_half(first: float, second: float, rho: float) -> float:
        from assetalloc import risk

        return risk.portfolio_volatility([0.5, 0.5], risk.two_asset_covariance(first, second, rho))

    keys = ["pattern2_risk_domestic", "pattern2_risk_foreign", "pattern2_correlation_domestic_foreign"]
    low, high = range_under_input_rounding(reported_figures, keys, half_half)
    centre = half_half(0.1803, 0.1911, 0.6023)
    assert low < centre < high
    assert high - low < 0.0002
    assert low <= 0.16625 <= high  # the printed 16.63% is reachable by rounding the inputs


def test_range_under_input_rounding_rejects_unknown_keys() -> None:
    with pytest.raises(ValueError, match="keys"):
        range_under_input_rounding(data.reported_figures("yamazaki2009"), ["nope"], lambda x: x)
    with pytest.raises(ValueError, match="keys"):
        range_under_input_rounding(data.reported_figures("yamazaki2009"), [], lambda: 0.0)


def test_agrees_with_source_is_compare_with_sources_agrees_for_many_values() -> None:
    reported = data.reported_figures("yamazaki2009")
    key = "table6_risk_50_35_15"
    printed = in_library_units(reported)[key]
    values = printed + np.linspace(-0.0002, 0.0002, 41)  # across both rounding edges of 17.67 %
    agrees = compare.agrees_with_source(reported, key, values)
    statuses = [compare_with_source(reported, {key: value})["status"].iloc[0] for value in values]
    np.testing.assert_array_equal(agrees, [status == "agrees" for status in statuses])
    assert agrees.any() and not agrees.all()
