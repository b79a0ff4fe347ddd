"""The data layer: every shipped dataset loads and validates, the named loaders return what
the chapters need in decimals, and a corrupted file raises a ValueError naming the file."""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from assetalloc import data
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

REFERENCES = Path(__file__).resolve().parents[1] / "book" / "references.bib"
INDUSTRIES = ["consumer_nondurables", "consumer_durables", "manufacturing", "energy", "chemicals",
              "business_equipment", "telecoms", "utilities", "retail", "health", "finance", "other"]


# --- The catalog and the shipped files -----------------------------------------------------

@pytest.mark.parametrize("name", data.list_datasets())
def test_every_dataset_loads_and_validates(name):
    frame = data.load(name)
    info = data.dataset_info(name)
    assert list(frame.columns) == [column["name"] for column in info["columns"]]
    assert len(frame) > 0


@pytest.mark.parametrize("name", data.list_datasets())
def test_catalog_entry_records_source_date_units_licence_chapter(name):
    info = data.dataset_info(name)
    assert info["name"] == name
    for field in ("title", "source", "date", "retrieved", "units", "licence", "note"):
        assert isinstance(info[field], str) and info[field].strip(), field
    assert info["chapter"] and all(isinstance(chapter, str) for chapter in info["chapter"])
    assert all("unit" in column for column in info["columns"])
    assert (data.DATA_DIR / info["file"]).is_file()
    assert re.search(rf"@\w+{{{re.escape(info['bibkey'])},", REFERENCES.read_text()), info["bibkey"]


def test_every_csv_in_the_data_folder_is_catalogued():
    files = {data.dataset_info(name)["file"] for name in data.list_datasets()}
    assert files == {path.name for path in data.DATA_DIR.glob("*.csv")}


def test_unknown_names_raise_key_error():
    with pytest.raises(KeyError, match="no dataset"):
        data.load("no_such_dataset")
    with pytest.raises(KeyError, match="yamazaki2009"):
        data.reported_figures("no_such_source")


def test_dataset_info_is_a_copy():
    data.dataset_info("gpif_2008_assumptions")["columns"].clear()
    assert data.dataset_info("gpif_2008_assumptions")["columns"]


# --- Reported figures ----------------------------------------------------------------------

CHAPTER_1_FIGURES = {  # key: (value as printed, unit, qualifier)
    "table1_risk_domestic": (22.15, "percent", ""),
    "table1_risk_foreign": (19.59, "percent", ""),
    "table1_correlation_domestic_foreign": (0.27, "ratio", ""),
    "table1_risk_40_60": (16.52, "percent", ""),
    "table1_risk_50_50": (16.65, "percent", ""),
    "table1_risk_30_70": (16.78, "percent", ""),
    "loss_expected_return": (6, "percent", ""),
    "loss_sigma_multiple": (2, "ratio", ""),
    "loss_domestic_only": (-38.3, "percent", ""),
    "loss_40_60": (-27.04, "percent", ""),
    "loss_limit": (1_000_000, "yen", ""),
    "max_investment_domestic": (2.61e6, "yen", "about"),
    "max_investment_40_60": (3.70e6, "yen", "about"),
    "investment_difference": (1.09e6, "yen", ""),
    "expected_gain_difference": (60_000, "yen", "more than"),
}

RUSSELL_FIGURES = {
    "q3_2024_return_russell2000": (9, "percent", "more than"),
    "q3_2024_return_russell1000": (6, "percent", ""),
    "q4_2024_return_russell1000": (2.7, "percent", ""),
    "q4_2024_return_russell2000": (0.3, "percent", ""),
    "russell2000_domestic_revenue_share": (80, "percent", "about"),
    "jul_2024_return_russell2000": (11, "percent", "more than"),
    "jul_2024_sessions": (5, "count", ""),
    "russell_us_launch_year": (1984, "calendar_year", ""),
    "russell_us_assets_benchmarked": (10e12, "usd", "more than"),
}


@pytest.mark.parametrize("source, expected", [("yamazaki2009", CHAPTER_1_FIGURES),
                                              ("ftserussell2025", RUSSELL_FIGURES)])
def test_reported_figures_hold_the_keys_the_chapters_use(source, expected):
    figures = data.reported_figures(source).set_index("key")
    for key, (value, unit, qualifier) in expected.items():
        assert figures.loc[key, "value"] == pytest.approx(value), key
        assert (figures.loc[key, "unit"], figures.loc[key, "qualifier"]) == (unit, qualifier), key


def test_yamazaki_figures_of_chapters_2_and_3():
    figures = data.reported_figures("yamazaki2009").set_index("key")["value"]
    assert figures["table2_risk_aversion"] == 0.015
    assert figures["table2_risk_foreign_bonds"] == 13.25
    assert figures[["pattern2_risk_domestic", "pattern2_risk_foreign", "pattern2_risk_emerging"]].tolist() == [18.03, 19.11, 27.05]
    assert figures["table3_weight_domestic"] + figures["table3_weight_foreign"] == 100
    assert figures[["table4_weight_emerging", "table5_weight_emerging", "table5_risk", "table6_risk_50_35_15"]].tolist() == [13.51, 66, 22.4, 17.62]


def test_the_source_article_is_arithmetically_consistent():
    """The loss-budget example follows from Table 1's figures, as the article says."""
    f = data.reported_figures("yamazaki2009").set_index("key")["value"]
    assert f["loss_expected_return"] - f["loss_sigma_multiple"] * f["table1_risk_domestic"] == pytest.approx(f["loss_domestic_only"])
    assert f["loss_expected_return"] - f["loss_sigma_multiple"] * f["table1_risk_40_60"] == pytest.approx(f["loss_40_60"])
    assert f["loss_limit"] / (-f["loss_domestic_only"] / 100) == pytest.approx(f["max_investment_domestic"], rel=0.01)
    assert f["loss_limit"] / (-f["loss_40_60"] / 100) == pytest.approx(f["max_investment_40_60"], rel=0.01)
    assert f["max_investment_40_60"] - f["max_investment_domestic"] == pytest.approx(f["investment_difference"])
    assert f["investment_difference"] * f["loss_expected_return"] / 100 > f["expected_gain_difference"]


def test_reported_figure_files_share_one_layout_and_key_scheme():
    reported = [name for name in data.list_datasets() if data.dataset_info(name)["kind"] == "reported_figures"]
    assert {"yamazaki2009", "ftserussell2025"} <= {data.dataset_info(name)["bibkey"] for name in reported}
    bibkeys = [data.dataset_info(name)["bibkey"] for name in reported]
    assert len(set(bibkeys)) == len(bibkeys)
    for name in reported:
        frame = data.load(name)
        assert list(frame.columns) == ["key", "description", "value", "unit", "qualifier", "where"]
        assert all(re.fullmatch(r"[a-z][a-z0-9]*(_[a-z0-9]+)*", key) for key in frame["key"])
        assert frame["key"].is_unique


# --- Named loaders -------------------------------------------------------------------------

def test_gpif_2008_assumptions_in_decimals():
    table = data.gpif_2008_assumptions()
    assert list(table.index) == list(data.ASSETS)
    assert list(table.columns) == ["expected_return", "volatility"]
    assert table.loc["domestic_stocks"].tolist() == pytest.approx([0.053, 0.2215])
    assert table.loc["foreign_stocks"].tolist() == pytest.approx([0.06, 0.1959])
    assert table["volatility"].tolist() == pytest.approx([0.054, 0.2215, 0.1325, 0.1959])
    assert table.notna().all().all()
    raw = data.load("gpif_2008_assumptions").set_index("asset")
    assert raw.loc["short_term", "expected_return"] == 2.10 and np.isnan(raw.loc["short_term", "volatility"])


def test_gpif_2008_risks_match_the_source_article():
    table = data.gpif_2008_assumptions()
    figures = data.reported_figures("yamazaki2009").set_index("key")["value"]
    assert table.loc["domestic_stocks", "volatility"] * 100 == pytest.approx(figures["table1_risk_domestic"])
    assert table.loc["foreign_stocks", "volatility"] * 100 == pytest.approx(figures["table1_risk_foreign"])
    assert table.loc["foreign_bonds", "volatility"] * 100 == pytest.approx(figures["table2_risk_foreign_bonds"])


def test_gpif_2004_assumptions_in_decimals():
    table = data.gpif_2004_assumptions()
    assert list(table.index) == list(data.ASSETS)
    assert table["expected_return"].tolist() == pytest.approx([0.030, 0.048, 0.035, 0.050])
    assert table["volatility"].tolist() == pytest.approx([0.0543, 0.2257, 0.1363, 0.1950])


def test_gpif_2004_correlations_full_symmetric_unit_diagonal_psd():
    matrix = data.gpif_2004_correlations()
    assert list(matrix.index) == list(matrix.columns) == list(data.ASSETS)
    values = matrix.to_numpy()
    np.testing.assert_array_equal(values, values.T)
    np.testing.assert_array_equal(np.diag(values), 1.0)
    assert np.linalg.eigvalsh(values).min() > 0
    assert matrix.loc["domestic_stocks", "domestic_bonds"] == 0.22
    assert matrix.loc["foreign_bonds", "domestic_bonds"] == -0.05
    assert matrix.loc["domestic_stocks", "foreign_bonds"] == 0.29
    assert matrix.loc["domestic_bonds", "foreign_stocks"] == -0.01
    assert matrix.loc["foreign_stocks", "domestic_stocks"] == 0.25
    assert matrix.loc["foreign_bonds", "foreign_stocks"] == 0.55


def test_us_equity_monthly():
    frame = data.us_equity_monthly()
    assert isinstance(frame.index, pd.DatetimeIndex)
    assert frame.index.is_monotonic_increasing and frame.index.is_unique
    assert frame.index.freqstr == "MS"
    pd.testing.assert_index_equal(frame.index, pd.date_range("1949-01-01", "2017-03-01", freq="MS", name="date"),
                                  exact=False)
    assert data.US_INDUSTRIES == INDUSTRIES
    assert list(frame.columns) == [*data.US_INDUSTRIES, "market", "rf", "smb", "small", "large"]
    assert frame.notna().all().all()
    assert (frame.abs() < 0.6).all().all()
    assert (frame["rf"] >= 0).all()
    assert frame.round(4).equals(frame)  # four decimals, as in the source
    # Plausible history: the market beat T-bills by some 0.5 % a month; October 1987.
    assert 0.003 < (frame["market"] - frame["rf"]).mean() < 0.01
    assert frame.loc["1987-10-01", "market"] < -0.2


# --- Corrupted copies raise ValueError naming the file ------------------------------------

def _corrupt(tmp_path, name, edit):
    """Write dataset ``name`` with its lines passed through ``edit`` and load it."""
    info = data.dataset_info(name)
    lines = (data.DATA_DIR / info["file"]).read_text().splitlines()
    path = tmp_path / info["file"]
    path.write_text("\n".join(edit(lines)) + "\n")
    return lambda: data.load_file(path, info), path


def _set_cell(line_no, column, value):
    def edit(lines):
        cells = lines[line_no - 1].split(",")
        cells[column] = value
        lines[line_no - 1] = ",".join(cells)
        return lines
    return edit


def _swap(a, b):
    def edit(lines):
        lines[a - 1], lines[b - 1] = lines[b - 1], lines[a - 1]
        return lines
    return edit


CORRUPTIONS = [
    ("missing column", "us_equity_monthly", lambda lines: [line.rsplit(",", 1)[0] for line in lines],
     "the columns differ from the catalog's: missing ['large'], not in the catalog []"),
    ("columns swapped", "gpif_2004_assumptions", lambda lines: [",".join(line.split(",")[::-1]) for line in lines],
     "order differs"),
    ("empty cell", "us_equity_monthly", _set_cell(10, 3, ""), "column 'manufacturing': empty cell on line 10"),
    ("NaN", "us_equity_monthly", _set_cell(10, 3, "NaN"), "column 'manufacturing': not a finite number: 'NaN' on line 10"),
    ("non-numeric", "us_equity_monthly", _set_cell(12, 5, "0.01x"), "column 'chemicals': not a finite number: '0.01x' on line 12"),
    ("bad month", "us_equity_monthly", _set_cell(12, 0, "1949-13"), "column 'date': not a month"),
    ("duplicated date", "us_equity_monthly", _set_cell(11, 0, "1949-09"), "column 'date': repeated value"),
    ("unsorted dates", "us_equity_monthly", _swap(10, 11), "column 'date': not strictly increasing on line 11"),
    ("missing month", "us_equity_monthly", lambda lines: lines[:9] + lines[10:],
     "column 'date': not one month after the line before on line 10"),
    ("return out of range", "us_equity_monthly", _set_cell(20, 4, "0.75"), "column 'energy': above the maximum 0.6 on line 20"),
    ("truncated", "us_equity_monthly", lambda lines: lines[:100], "99 rows, expected 819 to 819"),
    ("extra field", "gpif_2008_assumptions", lambda lines: [*lines[:2], lines[2] + ",9", *lines[3:]],
     "not a readable CSV file"),
    ("empty file", "gpif_2008_assumptions", lambda lines: [], "not a readable CSV file"),
    ("unknown asset", "gpif_2008_assumptions", _set_cell(3, 0, "stocks"), "column 'asset': 'stocks' is not one of"),
    ("negative risk", "gpif_2008_assumptions", _set_cell(3, 2, "-22.15"), "column 'volatility': below the minimum"),
    ("missing expected return", "gpif_2008_assumptions", _set_cell(6, 1, ""), "column 'expected_return': empty cell"),
    ("correlation out of range", "gpif_2004_correlations", _set_cell(7, 2, "1.55"),
     "column 'correlation': above the maximum 1.0 on line 7"),
    ("correlation with itself", "gpif_2004_correlations", _set_cell(3, 0, "domestic_bonds"),
     "correlation of domestic_bonds with itself"),
    ("correlation pair repeated", "gpif_2004_correlations", _set_cell(4, 1, "domestic_bonds"),
     "the pair foreign_bonds, domestic_bonds is already on line 3"),
    ("correlation pair missing", "gpif_2004_correlations", lambda lines: lines[:-1], "pairs missing: 1 of the 6"),
    ("reported unit unknown", "yamazaki2009_reported", lambda lines: [lines[0], lines[1].replace(",years,", ",yrs,"), *lines[2:]],
     "column 'unit': 'yrs' is not one of"),
    ("reported key twice", "yamazaki2009_reported", lambda lines: [*lines, lines[5]], "column 'key': repeated value"),
    ("reported value non-numeric", "russell_2024_reported", lambda lines: [*lines[:2], lines[2].replace(",6,", ",six,"), *lines[3:]],
     "column 'value': not a finite number: 'six' on line 3"),
]


@pytest.mark.parametrize("what, name, edit, message", CORRUPTIONS, ids=[c[0] for c in CORRUPTIONS])
def test_corrupted_file_raises_value_error_naming_file(tmp_path, what, name, edit, message):
    load, path = _corrupt(tmp_path, name, edit)
    with pytest.raises(ValueError) as caught:
        load()
    assert str(path) in str(caught.value)
    assert message in str(caught.value)


def test_correlation_matrix_must_be_positive_semidefinite(tmp_path):
    info = data.dataset_info("gpif_2004_correlations")
    path = tmp_path / "not_psd.csv"
    path.write_text("asset_1,asset_2,correlation\n"
                    "domestic_stocks,domestic_bonds,0.9\n"
                    "foreign_bonds,domestic_bonds,0.9\n"
                    "foreign_bonds,domestic_stocks,-0.9\n")
    info["checks"]["rows"] = [3, 3]
    with pytest.raises(ValueError, match=rf"{re.escape(str(path))}: the correlation matrix is not positive semidefinite"):
        data.load_file(path, info)


def test_missing_file_is_named(tmp_path):
    path = tmp_path / "gone.csv"
    with pytest.raises(ValueError, match=rf"{re.escape(str(path))}: file not found"):
        data.load_file(path, data.dataset_info("gpif_2008_assumptions"))


def test_a_mistyped_catalog_option_is_caught(tmp_path):
    info = data.dataset_info("gpif_2008_assumptions")
    info["columns"][2]["nulable"] = True
    with pytest.raises(ValueError, match="option 'nulable' is unknown"):
        data.load_file(data.DATA_DIR / info["file"], info)
    info = data.dataset_info("gpif_2008_assumptions")
    info["checks"]["row"] = [5, 5]
    with pytest.raises(ValueError, match=r"checks \['row'\] are unknown"):
        data.load_file(data.DATA_DIR / info["file"], info)
    info = data.dataset_info("gpif_2008_assumptions")
    info["checks"]["sums"] = [{"columns": ["expected_return"], "total": 100.0, "tolerance": 0.01, "per": "rows"}]
    with pytest.raises(ValueError, match="per must be 'row' or 'column'"):
        data.load_file(data.DATA_DIR / info["file"], info)


# Checks that no shipped dataset uses yet, for the datasets of later chapters.
WEIGHTS_INFO = {
    "columns": [
        {"name": "day", "type": "date", "unit": "", "increasing": True},
        {"name": "stocks", "type": "float", "unit": "percent"},
        {"name": "bonds", "type": "float", "unit": "percent"},
    ],
    "checks": {"sums": [{"columns": ["stocks", "bonds"], "total": 100.0, "tolerance": 0.01, "per": "row"},
                        {"columns": ["bonds"], "total": 100.0, "tolerance": 0.01, "per": "column"}]},
}


def test_dates_and_sums(tmp_path):
    path = tmp_path / "weights.csv"
    path.write_text("day,stocks,bonds\n2020-01-31,60,40\n2020-02-29,40,60\n")
    frame = data.load_file(path, WEIGHTS_INFO)
    assert frame["day"].tolist() == [pd.Timestamp("2020-01-31"), pd.Timestamp("2020-02-29")]
    path.write_text("day,stocks,bonds\n2020-01-31,60,40\n2020-02-30,40,61\n")
    with pytest.raises(ValueError, match="column 'day': not a date"):
        data.load_file(path, WEIGHTS_INFO)
    path.write_text("day,stocks,bonds\n2020-01-31,60,40\n2020-02-29,40,61\n")
    with pytest.raises(ValueError) as caught:
        data.load_file(path, WEIGHTS_INFO)
    assert "columns ['stocks', 'bonds'] do not sum to 100.0 on line 3" in str(caught.value)
    assert "column totals {'bonds': 101.0} differ from 100.0" in str(caught.value)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(row=st.integers(0, 818), column=st.integers(1, 17), junk=st.sampled_from(["", "n/a", "1.2.3", "inf", "-"]))
def test_any_bad_cell_is_found_on_its_line(tmp_path, row, column, junk):
    load, path = _corrupt(tmp_path, "us_equity_monthly", _set_cell(row + 2, column, junk))
    with pytest.raises(ValueError, match=rf"{re.escape(str(path))}: column '\w+': .* line {row + 2}\b"):
        load()


def test_regional_shares_2010_load_and_empty_cells_skip_the_allowed_check() -> None:
    shares = data.load("bito2010_regional_shares").set_index("region")
    assert shares.loc["emerging_markets", "gdp_share"] == 31.9
    assert shares.loc["united_states", "part_of"] == "north_america"
    assert shares.loc["japan", "part_of"] in ("", None) or pd.isna(shares.loc["japan", "part_of"])
