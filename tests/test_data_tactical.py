"""The datasets of chapter 5: what Invesco's note says, the book's tilt table, US real GDP."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from assetalloc import data, tactical


def test_regime_table_is_exhibit_1a():
    table = data.load("invesco2025_regimes").set_index("region")
    assert list(table.index) == ["global", "us", "developed_ex_us", "europe", "uk", "japan", "emerging",
                                 "china", "emerging_ex_china"]
    above = table.index[table["level"] == "above_trend"].tolist()
    assert above == ["japan", "emerging_ex_china"]
    assert table.loc[above, "regime"].eq("slowdown").all()
    assert table.drop(above)["regime"].eq("contraction").all()
    # the direction is printed for the global row only
    assert table["direction"].ne("").sum() == 1 and table.loc["global", "direction"] == "deteriorating"
    assert table.loc["global", "regime_as_printed"] == "後退期"
    assert table.loc["japan", "level_as_printed"] == "長期トレンドを上回る"


def test_printed_labels_match_their_english_labels():
    table = data.load("invesco2025_regimes")
    labels = {"長期トレンドを下回る": "below_trend", "長期トレンドを上回る": "above_trend",
              "後退期": "contraction", "減速期": "slowdown"}
    assert (table["level_as_printed"].map(labels) == table["level"]).all()
    assert (table["regime_as_printed"].map(labels) == table["regime"]).all()


def test_positioning_has_directions_and_no_sizes():
    table = data.load("invesco2025_positioning").set_index("item")
    assert table.loc["equities_vs_bonds", "position"] == "underweight"
    assert table.loc["credit_risk", "position"] == "underweight"
    assert table.loc["duration", "position"] == "overweight"
    assert table.loc["inflation_linked_bonds", "position"] == "overweight"
    assert table.loc["us_dollar", "position"] == "underweight"
    assert table.loc["us_equities", "change"] == "reduced"
    assert not any(ch.isdigit() for ch in table[["position", "versus", "change"]].to_csv(index=False))


def test_regime_tilts_table_is_labelled_as_the_books_assumption():
    info = data.dataset_info("tactical_regime_tilts")
    assert "not Invesco" in info["title"] and info["kind"] == "assumptions"
    raw = data.load("tactical_regime_tilts").set_index("regime")
    np.testing.assert_allclose(tactical.regime_tilts().to_numpy(), raw.loc[list(tactical.REGIMES)].to_numpy() / 100)


def test_us_macro_quarterly():
    frame = data.load("us_macro_quarterly")
    assert len(frame) == 203
    assert frame["quarter"].iloc[0].strftime("%Y-%m") == "1959-01"
    assert frame["quarter"].iloc[-1].strftime("%Y-%m") == "2009-07"
    assert frame["real_gdp"].iloc[0] == pytest.approx(2710.349)
    assert frame["real_gdp"].iloc[-1] == pytest.approx(12990.341)
    gaps = frame["quarter"].diff().dropna().dt.days
    assert gaps.between(89, 92).all()
    assert "public domain" in data.dataset_info("us_macro_quarterly")["licence"].lower()


def test_a_row_tilt_that_does_not_sum_to_zero_is_caught(tmp_path):
    info = data.dataset_info("tactical_regime_tilts")
    path = tmp_path / info["file"]
    path.write_text("regime,equities,bonds\nrecovery,10,-5\nexpansion,5,-5\nslowdown,-5,5\ncontraction,-10,10\n")
    with pytest.raises(ValueError, match="do not sum to 0"):
        data.load_file(path, info)


def test_positioning_records_the_currency_preferences():
    table = data.load("invesco2025_positioning").set_index("item")
    developed = table.loc["eur_gbp_nok_sek_sgd"]
    assert developed["position"] == "preferred" and developed["sleeve"] == "currency"
    assert all(code in developed["versus"] for code in ("CHF", "JPY", "AUD", "CAD"))
    emerging = table.loc["cop_brl_inr_idr_mxn"]
    assert all(code in emerging["versus"] for code in ("KRW", "TWD", "PHP", "CNY"))


def test_moodys_aaa_monthly():
    yields = data.moodys_aaa_monthly()
    assert len(yields) == 612 and yields.index.freqstr == "MS"
    assert yields.index[0] == pd.Timestamp("1959-01-01") and yields.index[-1] == pd.Timestamp("2009-12-01")
    assert yields.iloc[0] == pytest.approx(0.0412) and yields.iloc[-1] == pytest.approx(0.0526)
    assert yields.max() == pytest.approx(0.1549)  # September 1981
    info = data.dataset_info("moodys_aaa_monthly")
    assert info["bibkey"] == "fred_aaa" and "NCSA" in info["licence"]


def test_tactical_catalog_names_public_sources_only():
    text = (data.DATA_DIR / "catalog_tactical.toml").read_text()
    for phrase in ("course file", "Course file", "sources/", "search tool", "author of chapter"):
        assert phrase not in text
