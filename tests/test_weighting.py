"""assetalloc.weighting: the source's 2010 table recomputed, invariants of every weighting rule, validation."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from assetalloc import data, weighting
from assetalloc.compare import compare_with_source, in_library_units
from hypothesis import given
from hypothesis import strategies as st

LABELS = ["a", "b", "c", "d", "e"]
sizes_strategy = st.lists(st.floats(0.0, 1e6), min_size=5, max_size=5).filter(lambda xs: sum(xs) > 1e-3)


def as_series(values: list[float]) -> pd.Series:
    return pd.Series(values, index=LABELS[: len(values)])


# --- Known answers: the source's table -------------------------------------------------------

@pytest.fixture(scope="module")
def table() -> pd.DataFrame:
    regions = data.regional_shares_2010(include_sub_regions=True)
    return weighting.share_comparison(regions["gdp_share"], regions["cap_share"])


def test_the_source_differences_and_ratios_are_reproduced(table: pd.DataFrame) -> None:
    reported = data.reported_figures("bito2010")
    computed = {f"table_difference_{region}": table.loc[region, "difference"] for region in table.index}
    computed["maturity_cap_to_gdp_united_states"] = table.loc["united_states", "cap_to_gdp"]
    computed["maturity_cap_to_gdp_emerging_markets"] = table.loc["emerging_markets", "cap_to_gdp"]
    comparison = compare_with_source(reported, computed)
    assert (comparison["status"] == "agrees").all(), comparison


def test_known_values_of_the_2010_table(table: pd.DataFrame) -> None:
    assert table.loc["united_states", "cap_to_gdp"] == pytest.approx(41.3 / 26.4)
    assert table.loc["emerging_markets", "cap_to_gdp"] == pytest.approx(13.7 / 31.9)
    assert table.loc["emerging_markets", "difference"] == pytest.approx(-0.182)
    assert table.loc["north_america", "difference"] == pytest.approx(0.168)


def test_em_weight_about_13_percent_is_a_loose_rounding_of_the_table(table: pd.DataFrame) -> None:
    """The text's "about 13%" does not agree at its own precision with the table's 13.7%: the book says so."""
    reported = data.reported_figures("bito2010")
    comparison = compare_with_source(
        reported,
        {
            "maturity_weight_emerging_cap": table.loc["emerging_markets", "cap_share"],
            "maturity_weight_emerging_gdp": table.loc["emerging_markets", "gdp_share"],
        },
    )
    assert comparison["status"].tolist() == ["differs", "agrees"]


def test_japan_1988_was_more_than_twice_overweight() -> None:
    printed = in_library_units(data.reported_figures("bito2010"))
    ratio = weighting.cap_to_gdp_ratio({"japan": printed["japan_1988_cap_share"]}, {"japan": printed["japan_1988_gdp_share"]})
    assert ratio["japan"] == pytest.approx(40.8 / 19.3)
    assert ratio["japan"] > printed["japan_1988_cap_to_gdp"]


def test_regional_shares_2010_are_decimals_and_top_level_excludes_the_us() -> None:
    top = data.regional_shares_2010()
    assert "united_states" not in top.index and len(top) == 5
    assert top["gdp_share"].sum() == pytest.approx(0.998)
    assert top["cap_share"].sum() == pytest.approx(0.996)
    assert data.regional_shares_2010(True).loc["united_states", "cap_share"] == pytest.approx(0.413)


def test_normalised_comparison_is_in_weights(table: pd.DataFrame) -> None:
    top = data.regional_shares_2010()
    normalised = weighting.share_comparison(top["gdp_share"], top["cap_share"], normalise=True)
    assert normalised["gdp_share"].sum() == pytest.approx(1.0)
    assert normalised["cap_share"].sum() == pytest.approx(1.0)
    assert normalised["difference"].sum() == pytest.approx(0.0, abs=1e-12)
    assert normalised.loc["emerging_markets", "gdp_share"] == pytest.approx(0.319 / 0.998)


def test_equal_and_blend_known_answers() -> None:
    assert weighting.equal_weights(["x", "y", "z", "w"]).tolist() == [0.25] * 4
    blended = weighting.blend_weights({"us": 3.0, "em": 1.0}, {"us": 1.0, "em": 3.0}, 0.25)
    assert blended.tolist() == pytest.approx([0.625, 0.375])
    assert weighting.active_weights(blended, {"us": 0.75, "em": 0.25}).tolist() == pytest.approx([-0.125, 0.125])


# --- Invariants --------------------------------------------------------------------------------

@given(sizes_strategy, st.floats(1e-3, 1e3))
def test_weights_sum_to_one_and_ignore_the_unit(sizes: list[float], scale: float) -> None:
    weights = weighting.weights_from_sizes(as_series(sizes))
    assert weights.sum() == pytest.approx(1.0)
    assert (weights >= 0).all()
    np.testing.assert_allclose(weighting.weights_from_sizes(as_series(sizes) * scale), weights, atol=1e-12)


@given(sizes_strategy, sizes_strategy, st.floats(0.0, 1.0))
def test_blend_is_a_straight_line_between_the_two_rules(first: list[float], second: list[float], blend: float) -> None:
    w_first = weighting.weights_from_sizes(as_series(first))
    w_second = weighting.weights_from_sizes(as_series(second))
    blended = weighting.blend_weights(as_series(first), as_series(second), blend)
    assert blended.sum() == pytest.approx(1.0)
    np.testing.assert_allclose(blended, (1 - blend) * w_first + blend * w_second, atol=1e-12)
    active = weighting.active_weights(blended, w_first)
    assert active.sum() == pytest.approx(0.0, abs=1e-9)
    np.testing.assert_allclose(active, blend * (w_second - w_first), atol=1e-12)


def test_blend_endpoints_are_the_two_rules() -> None:
    cap, gdp = as_series([5, 1, 1, 1, 2]), as_series([1, 1, 1, 1, 1])
    np.testing.assert_allclose(weighting.blend_weights(cap, gdp, 0.0), weighting.weights_from_sizes(cap))
    np.testing.assert_allclose(weighting.blend_weights(cap, gdp, 1.0), weighting.equal_weights(cap))


def test_labels_are_aligned_not_positional() -> None:
    first = pd.Series({"us": 3.0, "em": 1.0})
    reordered = pd.Series({"em": 1.0, "us": 1.0})
    assert weighting.blend_weights(first, reordered, 1.0)["us"] == pytest.approx(0.5)
    assert weighting.cap_to_gdp_ratio(first, pd.Series({"em": 2.0, "us": 1.5})).tolist() == [2.0, 0.5]


@given(sizes_strategy, sizes_strategy)
def test_ratio_above_one_exactly_when_the_difference_is_positive(gdp: list[float], cap: list[float]) -> None:
    gdp = [g + 1.0 for g in gdp]  # GDP shares must be > 0
    table = weighting.share_comparison(as_series(gdp), as_series(cap))
    assert ((table["cap_to_gdp"] > 1) == (table["difference"] > 0)).all()


# --- Validation: messages name the argument ------------------------------------------------------

@pytest.mark.parametrize(
    ("call", "error", "message"),
    [
        (lambda: weighting.weights_from_sizes({"a": -1.0, "b": 2.0}), ValueError, "sizes must be non-negative"),
        (lambda: weighting.weights_from_sizes({"a": 0.0, "b": 0.0}), ValueError, "sizes must not all be zero"),
        (lambda: weighting.weights_from_sizes([1.0, 2.0]), TypeError, "sizes must be a pandas Series"),
        (lambda: weighting.weights_from_sizes({"a": float("nan")}), ValueError, "sizes must be non-negative and finite"),
        (lambda: weighting.blend_weights({"a": 1.0}, {"a": 1.0}, 1.5), ValueError, r"blend must be in \[0, 1\]"),
        (lambda: weighting.blend_weights({"a": 1.0}, {"a": 1.0}, -0.1), ValueError, r"blend must be in \[0, 1\]"),
        (lambda: weighting.blend_weights({"a": 1.0}, {"a": 1.0}, "half"), TypeError, "blend must be a real number"),
        (lambda: weighting.blend_weights({"a": 1.0}, {"b": 1.0}, 0.5), ValueError, "first and second must have the same labels"),
        (lambda: weighting.blend_weights({"a": 0.0}, {"a": 1.0}, 0.5), ValueError, "first must not all be zero"),
        (lambda: weighting.active_weights({"a": 0.5, "b": 0.4}, {"a": 0.5, "b": 0.5}), ValueError, "weights must sum to 1"),
        (lambda: weighting.active_weights({"a": 0.5, "b": 0.5}, {"a": 0.2, "b": 0.5}), ValueError, "benchmark must sum to 1"),
        (lambda: weighting.active_weights({"a": 0.5, "b": 0.5}, {"a": 0.5, "c": 0.5}), ValueError, "weights and benchmark must have the same labels"),
        (lambda: weighting.cap_to_gdp_ratio({"a": 1.0}, {"a": 0.0}), ValueError, "gdp_share must be > 0"),
        (lambda: weighting.cap_to_gdp_ratio({"a": 1.0}, {"b": 1.0}), ValueError, "cap_share and gdp_share must have the same labels"),
        (lambda: weighting.cap_to_gdp_ratio({"a": 1.0}, {"a": 5e-324}), ValueError, "gdp_share must be large enough for a finite ratio"),
        (lambda: weighting.share_comparison({"a": 1.0}, {"a": 1.0}, normalise="yes"), TypeError, "normalise must be"),
        (lambda: weighting.share_comparison({"a": 1.0}, {"a": -1.0}), ValueError, "cap_share must be non-negative"),
        (lambda: weighting.equal_weights([]), ValueError, "labels must not be empty"),
        (lambda: weighting.equal_weights(["a", "a"]), ValueError, "labels must not repeat"),
        (lambda: weighting.equal_weights("abc"), TypeError, "labels must be a sequence"),
        (lambda: data.regional_shares_2010("yes"), TypeError, "include_sub_regions must be"),
        (lambda: weighting.exclude_and_renormalise({"a": 1.0, "b": 1.0}, 1), TypeError, "exclude must be a label"),
        (lambda: weighting.exclude_and_renormalise({"a": 1.0, "b": 1.0}, "c"), ValueError, "exclude must be one of the labels"),
        (lambda: weighting.exclude_and_renormalise({"a": 1.0, "b": 0.0}, "a"), ValueError, "sizes must have a positive total once"),
        (lambda: weighting.exclude_and_renormalise({"a": 1.0}, "a"), ValueError, "sizes must have a positive total once"),
        (lambda: weighting.exclude_and_renormalise({"a": -1.0, "b": 2.0}, "a"), ValueError, "sizes must be non-negative"),
    ],
)
def test_bad_input_names_the_argument(call, error, message) -> None:
    with pytest.raises(error, match=message):
        call()


def test_repeated_labels_are_refused() -> None:
    with pytest.raises(ValueError, match="sizes must have unique labels"):
        weighting.weights_from_sizes(pd.Series([1.0, 2.0], index=["a", "a"]))


def test_active_weights_of_each_row_of_a_frame():
    """A frame of portfolios (one per row, e.g. a backtest's targets) gives one row of active weights each."""
    portfolios = pd.DataFrame({"us": [0.5, 0.7], "em": [0.5, 0.3]}, index=["2001", "2002"])
    active = weighting.active_weights(portfolios, {"us": 0.6, "em": 0.4})
    assert isinstance(active, pd.DataFrame) and list(active.index) == ["2001", "2002"]
    np.testing.assert_allclose(active.to_numpy(), [[-0.1, 0.1], [0.1, -0.1]])
    with pytest.raises(ValueError, match="weights must sum to 1"):
        weighting.active_weights(pd.DataFrame({"us": [0.5], "em": [0.6]}), {"us": 0.6, "em": 0.4})
    with pytest.raises(ValueError, match="weights must hold at least one portfolio"):
        weighting.active_weights(pd.DataFrame(columns=["us", "em"]), {"us": 0.6, "em": 0.4})


def test_exclude_and_renormalise_known_answers() -> None:
    """Leaving one market out rescales the others to sum to 1, keeping their proportions."""
    weights = weighting.exclude_and_renormalise({"us": 60.0, "japan": 20.0, "em": 20.0}, "japan")
    assert list(weights.index) == ["us", "em"]
    np.testing.assert_allclose(weights.to_numpy(), [0.75, 0.25])
    shares = data.regional_shares_2010()
    foreign = weighting.exclude_and_renormalise(shares["cap_share"], "japan")
    # 2010 table, capitalisation: 99.6 printed in all, Japan 8.6, North America 45.8.
    assert foreign["north_america"] == pytest.approx(45.8 / (99.6 - 8.6))
    assert foreign.sum() == pytest.approx(1.0)
    assert "japan" not in foreign.index


@given(st.lists(st.floats(0.01, 100.0), min_size=5, max_size=5), st.integers(0, 4))
def test_exclude_and_renormalise_keeps_the_others_proportions(sizes: list[float], position: int) -> None:
    series = as_series(sizes)
    dropped = series.index[position % len(series)]
    weights = weighting.exclude_and_renormalise(series, dropped)
    rest = series.drop(dropped)
    np.testing.assert_allclose(weights.to_numpy(), (rest / rest.sum()).to_numpy())
    np.testing.assert_allclose(weights.sum(), 1.0)


def test_repeated_labels_are_refused_not_multiplied():
    """A repeated label used to pass the label check and then multiply rows in ``.loc`` (2 x 2 = 4 rows each)."""
    repeated = pd.Series([0.5, 0.5], index=["a", "a"])
    with pytest.raises(ValueError, match=r"weights labels must be unique \(repeated: \['a'\]\)"):
        weighting.active_weights(repeated, repeated)
    with pytest.raises(ValueError, match=r"benchmark labels must be unique \(repeated: \['a'\]\)"):
        weighting.active_weights(pd.Series({"a": 0.5, "b": 0.5}), pd.Series([0.5, 0.5], index=["a", "a"]))
    with pytest.raises(ValueError, match=r"shares labels must be unique \(repeated: \['a'\]\)"):
        weighting.share_differences(repeated, repeated)
    with pytest.raises(ValueError, match=r"reference labels must be unique \(repeated: \['a'\]\)"):
        weighting.share_differences(pd.Series({"a": 1.0, "b": 2.0}), pd.Series([1.0, 2.0], index=["a", "a"]))
    with pytest.raises(ValueError, match="weights labels must be unique"):
        weighting.active_weights(pd.DataFrame([[0.5, 0.5]], columns=["a", "a"]), repeated)


def test_weights_from_sizes_row_by_row():
    sizes = pd.DataFrame({"a": [30.0, 1.0], "b": [10.0, 3.0]}, index=[2000, 2001])
    weights = weighting.weights_from_sizes(sizes)
    pd.testing.assert_frame_equal(weights, pd.DataFrame({"a": [0.75, 0.25], "b": [0.25, 0.75]}, index=[2000, 2001]))
    for row in sizes.index:
        pd.testing.assert_series_equal(weights.loc[row], weighting.weights_from_sizes(sizes.loc[row]), check_names=False)
    with pytest.raises(ValueError, match="sizes must be not all zero in any row"):
        weighting.weights_from_sizes(pd.DataFrame({"a": [1.0, 0.0], "b": [1.0, 0.0]}))
    with pytest.raises(ValueError, match="sizes must be non-negative"):
        weighting.weights_from_sizes(pd.DataFrame({"a": [1.0, -1.0], "b": [1.0, 2.0]}))
    with pytest.raises(ValueError, match="sizes must have unique labels"):
        weighting.weights_from_sizes(pd.DataFrame([[1.0, 2.0]], columns=["a", "a"]))
