"""The datasets shipped with assetalloc: find them, describe them, load them validated.

Each dataset is a small CSV file in the package folder ``data/`` with an entry in
``data/catalog.toml`` recording its source, date, units, licence and the chapters that use
it, and listing its columns (name, type, unit) and the checks its values must pass.
:func:`load` checks the file against that entry on every load and raises :class:`ValueError`,
naming the file and what is wrong, when they disagree. A later chapter adds a dataset by
adding a CSV file and a catalog entry; no code changes (the catalog's header lists the fields).

Units: :func:`load` and :func:`load_file` return the values in the units of the file (each
column's ``unit`` in :func:`dataset_info`). The named loaders at the end return what the
chapters compute with; where the file stores percent they return DECIMALS (0.2215 for
22.15 %), and this module is the one place where percent becomes decimal: ``_from_percent``,
which the other modules call too when they read a file that stores percent.
"""

from __future__ import annotations

import copy
import functools
import tomllib
from collections.abc import Mapping
from os import PathLike
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from assetalloc._tolerances import MATRIX_TOL
from assetalloc._validation import UnknownLabelError, as_flag

__all__ = [
    "ASSETS",
    "US_INDUSTRIES",
    "dataset_info",
    "dataset_table",
    "gpif_2004_assumptions",
    "gpif_2004_correlations",
    "gpif_2008_assumptions",
    "list_datasets",
    "load",
    "load_file",
    "moodys_aaa_monthly",
    "regional_shares_2010",
    "reported_figures",
    "us_equity_monthly",
]

DATA_DIR = Path(__file__).with_name("data")
#: The catalog: ``catalog.toml`` and one ``catalog_<chapter>.toml`` per later chapter, read as one.
CATALOGS = "catalog*.toml"

#: The four GPIF asset classes, in the order of the named loaders' rows and columns.
ASSETS = ("domestic_bonds", "domestic_stocks", "foreign_bonds", "foreign_stocks")
#: The 12 Ken French industries, columns of :func:`us_equity_monthly` (a list, to index with).
US_INDUSTRIES = ["consumer_nondurables", "consumer_durables", "manufacturing", "energy", "chemicals",
                 "business_equipment", "telecoms", "utilities", "retail", "health", "finance", "other"]

_REQUIRED = ("file", "title", "kind", "bibkey", "source", "date", "retrieved",
             "units", "licence", "chapter", "note", "columns")
_DATE_FORMATS = {"month": "%Y-%m", "date": "%Y-%m-%d"}
_TYPES = {"str", "float", *_DATE_FORMATS}
# Column options and the column types each applies to.
_OPTIONS = {
    "name": _TYPES, "type": _TYPES, "unit": _TYPES, "description": _TYPES,
    "nullable": _TYPES, "unique": _TYPES,
    "min": {"float"}, "max": {"float"}, "allowed": {"str"},
    "increasing": {"float", *_DATE_FORMATS}, "consecutive": {"month"},
}
_CHECKS = {"rows", "sums", "correlation"}
_SHOWN = 5  # offending lines named in a message


# --- The catalog ---------------------------------------------------------------------------

@functools.cache
def _catalog() -> dict[str, dict]:
    catalog: dict[str, dict] = {}
    for path in sorted(DATA_DIR.glob(CATALOGS)):
        with path.open("rb") as f:
            part = tomllib.load(f)
        for name, entry in part.items():
            if name in catalog:
                raise ValueError(f"{path}: dataset '{name}' is already described in another catalog file")
            missing = [field for field in _REQUIRED if field not in entry]
            if missing:
                raise ValueError(f"{path}: dataset '{name}' lacks {', '.join(missing)}")
            catalog[name] = entry
    return catalog


def _entry(name: str) -> dict:
    _require_text("name", name)
    try:
        return _catalog()[name]
    except KeyError:
        raise UnknownLabelError(f"no dataset {name!r}: name must be one of {list_datasets()}") from None


def _require_text(name: str, value: object) -> None:
    if not isinstance(value, str):
        raise TypeError(f"{name} must be a string (got {type(value).__name__})")


def list_datasets() -> list[str]:
    """The names of the shipped datasets, sorted."""
    return sorted(_catalog())


def dataset_info(name: str) -> dict:
    """The catalog entry of dataset ``name`` (a copy), with its ``name`` added.

    Keys: file, title, kind, bibkey, source, url (if any), date, retrieved, units, licence,
    chapter, note, columns (list of dicts with name, type, unit, ...) and checks (if any).
    """
    return copy.deepcopy(_entry(name)) | {"name": name}


def dataset_table() -> pd.DataFrame:
    """One row per shipped dataset with what a reader must know about it (the data appendix).

    Returns
    -------
    pandas.DataFrame
        Indexed by dataset name (sorted), columns ``title``, ``kind``, ``bibkey``, ``source``,
        ``url`` ("" if none), ``date``, ``retrieved``, ``units``, ``licence``, ``chapters``
        (tuple of the chapters using it, e.g. ``("1 Diversification",)``), ``note``, ``file``
        and ``columns`` (tuple of "name (unit)" strings).
    """
    rows = {}
    for name in list_datasets():
        entry = _entry(name)
        rows[name] = {
            **{field: entry[field] for field in ("title", "kind", "bibkey", "source", "date", "retrieved",
                                                 "units", "licence", "note", "file")},
            "url": entry.get("url", ""),
            "chapters": tuple(entry["chapter"]),
            "columns": tuple(f"{column['name']} ({column['unit']})" if column["unit"] else column["name"]
                             for column in entry["columns"]),
        }
    return pd.DataFrame.from_dict(rows, orient="index").rename_axis("dataset")


# --- Loading and validating ----------------------------------------------------------------

def load(name: str) -> pd.DataFrame:
    """Dataset ``name``, validated against its catalog entry (see :func:`load_file`).

    Values are in the units of the file, exactly as stored: percent stays percent (see each
    column's ``unit`` in :func:`dataset_info`). Month and date columns become datetime64
    (a month as its first day); text columns stay text.
    """
    info = _entry(name)
    return load_file(DATA_DIR / info["file"], info)


def load_file(path: str | PathLike, info: dict) -> pd.DataFrame:
    """Read the CSV file at ``path`` and validate it against the catalog entry ``info``.

    Checks that the file exists and is CSV, that its columns are exactly ``info["columns"]``
    in order, that every value parses as its column's type, that no cell is empty unless the
    column is ``nullable``, and every column and table check of the entry (ranges, allowed
    values, uniqueness, strictly increasing and gap-free months, row counts, sums,
    correlation pairs). Raises ValueError naming the file, the column and the file's line
    numbers. Units are those of the file, as in :func:`load`.
    """
    if not isinstance(path, (str, PathLike)):
        raise TypeError(f"path must be a str or a path (got {type(path).__name__})")
    if not isinstance(info, Mapping):
        raise TypeError(f"info must be a catalog entry, a dict (got {type(info).__name__})")
    if "columns" not in info:
        raise ValueError("info must have columns (a catalog entry, see dataset_info)")
    if not isinstance(info["columns"], list):
        raise TypeError(f"info columns must be a list (got {type(info['columns']).__name__})")
    path = Path(path)
    _check_entry(path, info)
    if not path.is_file():
        raise ValueError(f"{path}: file not found (path must name an existing file)")
    try:
        raw = pd.read_csv(path, dtype=str, keep_default_na=False, skip_blank_lines=False)
    except (pd.errors.ParserError, pd.errors.EmptyDataError, UnicodeDecodeError) as err:
        raise ValueError(f"{path}: not a readable CSV file: {str(err).strip()}") from err
    expected, found = [column["name"] for column in info["columns"]], list(raw.columns)
    if found != expected:
        missing = [name for name in expected if name not in found]
        extra = [name for name in found if name not in expected]
        raise ValueError(f"{path}: the columns differ from the catalog's: missing {missing}, "
                         f"not in the catalog {extra}" + ("" if missing or extra else ", order differs"))
    raw = raw.fillna("")  # short lines leave cells missing
    problems: list[str] = []
    frame = pd.DataFrame({spec["name"]: _parse(raw[spec["name"]], spec, problems)
                          for spec in info["columns"]})
    if not problems:
        for spec in info["columns"]:
            _check_column(frame[spec["name"]], spec, problems)
        _check_table(frame, info.get("checks", {}), problems)
    if problems:
        raise ValueError(f"{path}: " + "; ".join(problems))
    return frame


def _check_entry(path: Path, info: dict) -> None:
    """Catch mistakes in a catalog entry (a mistyped option would silently check nothing)."""
    for spec in info["columns"]:
        kind = spec.get("type")
        if kind not in _TYPES or "name" not in spec or "unit" not in spec:
            raise ValueError(f"{path}: catalog column {spec}: needs a name, a unit and a type in {sorted(_TYPES)}")
        for option in spec:
            if kind not in _OPTIONS.get(option, ()):
                raise ValueError(f"{path}: catalog column '{spec['name']}': option '{option}' is unknown or not for a {kind} column")
    unknown = set(info.get("checks", {})) - _CHECKS
    if unknown:
        raise ValueError(f"{path}: catalog checks {sorted(unknown)} are unknown; known: {sorted(_CHECKS)}")
    for rule in info.get("checks", {}).get("sums", []):
        if rule.get("per") not in ("row", "column"):
            raise ValueError(f"{path}: catalog sum check {rule}: per must be 'row' or 'column'")


def _lines(mask) -> str:
    """The file's line numbers (header = line 1) of the rows where ``mask`` holds."""
    lines = [str(i + 2) for i in np.flatnonzero(np.asarray(mask))]
    more = f" and {len(lines) - _SHOWN} more" if len(lines) > _SHOWN else ""
    return ("line " if len(lines) == 1 else "lines ") + ", ".join(lines[:_SHOWN]) + more


def _parse(values: pd.Series, spec: dict, problems: list[str]) -> pd.Series:
    name, kind = spec["name"], spec["type"]
    empty = values.str.strip() == ""
    if empty.any() and not spec.get("nullable", False):
        problems.append(f"column '{name}': empty cell on {_lines(empty)}")
    if kind == "str":
        return values
    if kind == "float":
        parsed = pd.to_numeric(values.mask(empty), errors="coerce").astype(float)
        bad = ~empty & ~np.isfinite(parsed)
        what = "not a finite number"
    else:
        parsed = pd.to_datetime(values.mask(empty), format=_DATE_FORMATS[kind], errors="coerce")
        bad = ~empty & parsed.isna()
        what = f"not a {kind} ({_DATE_FORMATS[kind]})"
    if bad.any():
        problems.append(f"column '{name}': {what}: {values[bad].iloc[0]!r} on {_lines(bad)}")
    return parsed


def _check_column(column: pd.Series, spec: dict, problems: list[str]) -> None:
    name = spec["name"]
    if "min" in spec and (low := column < spec["min"]).any():
        problems.append(f"column '{name}': below the minimum {spec['min']} on {_lines(low)}")
    if "max" in spec and (high := column > spec["max"]).any():
        problems.append(f"column '{name}': above the maximum {spec['max']} on {_lines(high)}")
    if "allowed" in spec and (other := ~column.isin(spec["allowed"]) & _filled(column)).any():
        problems.append(f"column '{name}': {column[other].iloc[0]!r} is not one of {spec['allowed']} ({_lines(other)})")
    if spec.get("unique") and (repeated := column.duplicated() & column.notna()).any():
        value = column[repeated].iloc[0]
        shown = value.date() if isinstance(value, pd.Timestamp) else value
        problems.append(f"column '{name}': repeated value {shown} on {_lines(repeated)}")
    if spec.get("increasing"):
        values = column.to_numpy()
        back = np.r_[False, values[1:] <= values[:-1]]
        if back.any():
            problems.append(f"column '{name}': not strictly increasing on {_lines(back)}")
    if spec.get("consecutive"):
        months = column.dt.year * 12 + column.dt.month
        gap = months.diff().fillna(1) != 1
        if gap.any():
            problems.append(f"column '{name}': not one month after the line before on {_lines(gap)}")


def _filled(column: pd.Series) -> pd.Series:
    """Cells that hold a value: missing values are judged by ``nullable`` alone."""
    return column.notna() & (column.astype(str).str.strip() != "")


def _check_table(frame: pd.DataFrame, checks: dict, problems: list[str]) -> None:
    if "rows" in checks:
        low, high = checks["rows"]
        if not low <= len(frame) <= high:
            problems.append(f"{len(frame)} rows, expected {low} to {high}")
    for rule in checks.get("sums", []):
        columns, total, tolerance = rule["columns"], rule["total"], rule["tolerance"]
        if rule["per"] == "row":
            off = (frame[columns].sum(axis=1) - total).abs() > tolerance
            if off.any():
                problems.append(f"columns {columns} do not sum to {total} on {_lines(off)}")
        else:
            sums = frame[columns].sum()
            off = sums[(sums - total).abs() > tolerance]
            if len(off):
                problems.append(f"column totals {off.to_dict()} differ from {total}")
    if "correlation" in checks:
        problems.extend(_correlation_matrix(frame, checks["correlation"])[1])


def _correlation_matrix(frame: pd.DataFrame, spec: dict) -> tuple[pd.DataFrame, list[str]]:
    """The full matrix from a long-form lower triangle, and what is wrong with the triangle."""
    first, second, value = frame[spec["first"]], frame[spec["second"]], frame[spec["value"]]
    assets = list(dict.fromkeys([*second, *first]))
    matrix = pd.DataFrame(np.eye(len(assets)), index=assets, columns=assets)
    problems, seen = [], {}
    for line, a, b, r in zip(range(2, len(frame) + 2), first, second, value):
        pair = frozenset((a, b))
        if a == b:
            problems.append(f"line {line}: correlation of {a} with itself (the diagonal is 1, not stored)")
        elif pair in seen:
            problems.append(f"line {line}: the pair {a}, {b} is already on line {seen[pair]}")
        else:
            seen[pair] = line
            matrix.loc[a, b] = matrix.loc[b, a] = r
    pairs = len(assets) * (len(assets) - 1) // 2
    if len(seen) < pairs:
        problems.append(f"pairs missing: {pairs - len(seen)} of the {pairs} pairs of {assets}")
    elif not problems and (smallest := np.linalg.eigvalsh(matrix.to_numpy()).min()) < -MATRIX_TOL:
        problems.append(f"the correlation matrix is not positive semidefinite (smallest eigenvalue {smallest:.3g})")
    return matrix, problems


# --- Named loaders for the chapters (DECIMAL units) ----------------------------------------

#: Percent in one: 22.15 % is 22.15 / PERCENT = 0.2215 as a decimal.
PERCENT = 100.0


def _from_percent(values: Any) -> Any:
    """Percent (22.15, or a Series/DataFrame of them) as decimals (0.2215): ``values / 100``.

    The one conversion from percent to decimal, for every value read from a file that stores
    percent (or percentage points), in this module and in the others.

    >>> _from_percent(12.5)
    0.125
    """
    return values / PERCENT

def _assumptions(name: str) -> pd.DataFrame:
    frame = load(name).set_index("asset").loc[list(ASSETS), ["expected_return", "volatility"]]
    return _from_percent(frame)  # percent per year -> decimal per year


def gpif_2008_assumptions() -> pd.DataFrame:
    """GPIF's 2008 verification (data 1973-2007): expected return and risk, in DECIMALS.

    Index: :data:`ASSETS` (domestic_bonds, domestic_stocks, foreign_bonds, foreign_stocks);
    columns ``expected_return`` and ``volatility`` (one standard deviation), annualised, in
    decimals (0.2215 for 22.15 %). Short-term assets are left out: their risk is not known
    (``load("gpif_2008_assumptions")`` has their expected return). A secondary quotation:
    see ``dataset_info("gpif_2008_assumptions")``.
    """
    return _assumptions("gpif_2008_assumptions")


def gpif_2004_assumptions() -> pd.DataFrame:
    """GPIF's 2004 policy asset mix: expected return and risk, in DECIMALS.

    Same layout as :func:`gpif_2008_assumptions`; goes with :func:`gpif_2004_correlations`.
    """
    return _assumptions("gpif_2004_assumptions")


def gpif_2004_correlations() -> pd.DataFrame:
    """GPIF's 2004 correlation matrix: full, symmetric, unit diagonal, labelled by :data:`ASSETS`."""
    name = "gpif_2004_correlations"
    matrix, _ = _correlation_matrix(load(name), _entry(name)["checks"]["correlation"])
    return matrix.loc[list(ASSETS), list(ASSETS)]


def reported_figures(source: str) -> pd.DataFrame:
    """The figures the source with bibliography key ``source`` prints, to show beside ours.

    One row per figure; columns ``key`` (stable identifier), ``description`` (English),
    ``value`` (as printed, in ``unit``: "percent" stays percent, "yen" is yen),
    ``unit``, ``qualifier`` ("", "about", "more than", "at most") and ``where`` (table or
    paragraph of the source). Every dataset of kind reported_figures is one source (see list_datasets).
    """
    _require_text("source", source)
    names = [name for name, entry in _catalog().items()
             if entry["kind"] == "reported_figures" and entry["bibkey"] == source]
    if not names:
        known = sorted(entry["bibkey"] for entry in _catalog().values() if entry["kind"] == "reported_figures")
        raise UnknownLabelError(f"no reported figures for source {source!r}; sources with figures: {known}")
    return load(names[0])


def us_equity_monthly() -> pd.DataFrame:
    """US stock returns from Ken French's data library, monthly 1949-01 to 2017-03, DECIMAL per month.

    Index: DatetimeIndex ``date`` of month starts, frequency "MS", no gaps. Columns: the 12
    industries of :data:`US_INDUSTRIES` (consumer_nondurables, consumer_durables,
    manufacturing, energy, chemicals, business_equipment, telecoms, utilities, retail, health,
    finance, other), ``market``
    (MktRF + RF), ``rf`` (one-month T-bill), ``smb`` (size factor) and the size portfolios
    ``small`` and ``large`` (how they were formed: ``dataset_info("us_equity_monthly")``).
    The file already stores decimals, so nothing is converted.
    """
    frame = load("us_equity_monthly")
    frame.index = pd.DatetimeIndex(frame.pop("date"), freq="MS", name="date")
    return frame


def moodys_aaa_monthly() -> pd.Series:
    """Moody's seasoned Aaa corporate bond yield, monthly 1959-01 to 2009-12, DECIMAL a year.

    Index: DatetimeIndex ``month`` of month starts, frequency "MS", no gaps. The file stores
    percent a year (4.12); this returns decimals (0.0412), one value per month
    (source and transformation: ``dataset_info("moodys_aaa_monthly")``).
    """
    frame = load("moodys_aaa_monthly")
    return pd.Series(_from_percent(frame["aaa_yield"].to_numpy()),
                     index=pd.DatetimeIndex(frame["month"], freq="MS", name="month"), name="aaa_yield")


def regional_shares_2010(include_sub_regions: bool = False) -> pd.DataFrame:
    """The source's 2010 table (bito2010) in DECIMALS: GDP and MSCI ACWI shares by region.

    Parameters
    ----------
    include_sub_regions : bool
        False (default) gives the five top-level regions, which do not
        overlap; True adds the United States, part of North America.

    Returns
    -------
    pandas.DataFrame
        Indexed by region key (``north_america``, ``developed_europe``,
        ``japan``, ``asia_pacific_ex_japan``, ``emerging_markets``, and
        ``united_states`` if asked), columns ``name``, ``gdp_share`` and
        ``cap_share`` as printed but in decimals (0.319 for 31.9 %): the top
        level sums to 0.998 and 0.996, not exactly 1.
    """
    include_sub_regions = as_flag("include_sub_regions", include_sub_regions)
    table = load("bito2010_regional_shares").set_index("region")
    if not include_sub_regions:
        table = table[table["part_of"].fillna("").str.strip() == ""]
    shares = _from_percent(table[["gdp_share", "cap_share"]])
    return pd.concat([table[["name"]], shares], axis=1)

