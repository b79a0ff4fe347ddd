"""The datasets of chapter 4 (catalog_gdp.toml): the 2010 table and the source's printed figures."""

from __future__ import annotations

import re

import pandas as pd
import pytest
from assetalloc import data
from assetalloc.compare import UNIT_FACTORS, reported_table

BITO_FIGURES = {  # key: (value as printed, unit, qualifier)
    "intro_cap_share_united_states": (41.3, "percent", ""),
    "table_difference_north_america": (16.8, "percent", ""),
    "table_difference_united_states": (14.9, "percent", ""),
    "table_difference_developed_europe": (-1.6, "percent", ""),
    "table_difference_japan": (-0.1, "percent", ""),
    "table_difference_asia_pacific_ex_japan": (2.9, "percent", ""),
    "table_difference_emerging_markets": (-18.2, "percent", ""),
    "japan_1988_cap_share": (40.8, "percent", ""),
    "japan_1988_gdp_share": (19.3, "percent", ""),
    "japan_1988_cap_to_gdp": (2, "ratio", "more than"),
    "performance_start_year": (1988, "calendar_year", ""),
    "performance_end_year": (2009, "calendar_year", ""),
    "performance_relative_rise_acwi": (1.7, "ratio", ""),
    "performance_relative_rise_emerging": (2.6, "ratio", ""),
    "performance_return_to_risk_acwi_gdp": (0.45, "ratio", ""),
    "performance_return_to_risk_acwi": (0.3, "ratio", ""),
    "performance_return_to_risk_emerging_gdp": (0.52, "ratio", ""),
    "performance_return_to_risk_emerging": (0.39, "ratio", ""),
    "maturity_cap_to_gdp_united_states": (1.6, "ratio", ""),
    "maturity_cap_to_gdp_emerging_markets": (0.4, "ratio", ""),
    "maturity_weight_emerging_cap": (13, "percent", "about"),
    "maturity_weight_emerging_gdp": (30, "percent", "more than"),
}


@pytest.fixture(scope="module")
def figures() -> pd.DataFrame:
    return data.reported_figures("bito2010").set_index("key")


def test_every_printed_figure_is_stored_exactly(figures: pd.DataFrame) -> None:
    assert set(figures.index) == set(BITO_FIGURES)
    for key, (value, unit, qualifier) in BITO_FIGURES.items():
        assert figures.loc[key, "value"] == pytest.approx(value), key
        assert (figures.loc[key, "unit"], figures.loc[key, "qualifier"]) == (unit, qualifier), key


def test_units_are_known_to_compare_and_keys_follow_the_scheme(figures: pd.DataFrame) -> None:
    assert set(figures["unit"]) <= set(UNIT_FACTORS)
    assert all(re.fullmatch(r"[a-z][a-z0-9]*(_[a-z0-9]+)*", key) for key in figures.index)
    assert len(reported_table(figures.reset_index())) == len(BITO_FIGURES)


def test_the_article_is_arithmetically_consistent(figures: pd.DataFrame) -> None:
    """The printed differences are the table's (B) - (A); the quoted figures come from the table."""
    shares = data.load("bito2010_regional_shares").set_index("region")
    for region in shares.index:
        difference = shares.loc[region, "cap_share"] - shares.loc[region, "gdp_share"]
        assert difference == pytest.approx(figures.loc[f"table_difference_{region}", "value"], abs=1e-9), region
    assert figures.loc["intro_cap_share_united_states", "value"] == shares.loc["united_states", "cap_share"]
    assert figures.loc["japan_1988_cap_share", "value"] / figures.loc["japan_1988_gdp_share", "value"] > 2
    assert figures.loc["performance_return_to_risk_acwi_gdp", "value"] > figures.loc["performance_return_to_risk_acwi", "value"]


def test_regional_shares_table_as_printed() -> None:
    shares = data.load("bito2010_regional_shares").set_index("region")
    top = shares[shares["part_of"].fillna("") == ""]
    assert len(shares) == 6 and len(top) == 5
    assert top["gdp_share"].sum() == pytest.approx(99.8)
    assert top["cap_share"].sum() == pytest.approx(99.6)
    assert shares.loc["united_states", "gdp_share"] < shares.loc["north_america", "gdp_share"]


def test_catalog_entries_of_the_chapter() -> None:
    info = data.dataset_info("bito2010_reported")
    assert (info["kind"], info["bibkey"]) == ("reported_figures", "bito2010")
    assert "4 GDP weighting" in info["chapter"]
    assert "4 GDP weighting" in data.dataset_info("bito2010_regional_shares")["chapter"]
