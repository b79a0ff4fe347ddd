"""Put the library's computed figures beside the figures a source prints.

A source prints rounded numbers ("16.52%", "about ¥2.61M", "more than
¥60,000"). :func:`compare_with_source` converts the library's decimals into
the source's units, rounds them as the source did, and says whether the two
agree at the source's precision, so that a chapter can show both and explain
any difference instead of typing the source's number.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Mapping, Sequence
from decimal import Decimal
from typing import Any

import numpy as np
import pandas as pd

from assetalloc import _validation as check
from assetalloc.book import MINUS

__all__ = [
    "AGREES",
    "DIFFERS",
    "QUALIFIERS",
    "REPORTED_COLUMNS",
    "SOURCE_INPUT",
    "STATUSES",
    "UNIT_FACTORS",
    "WITHIN_INPUT_ROUNDING",
    "agrees_with_source",
    "compare_with_source",
    "in_library_units",
    "printed_precision",
    "range_under_input_rounding",
    "reported_table",
]

#: Factor from the library's units to the unit a source prints.
#: (A risk aversion printed for returns in percent, "1/percent", is 100 times larger in decimals.)
UNIT_FACTORS: dict[str, float] = {
    "percent": 100.0, "1/percent": 0.01, "yen": 1.0, "usd": 1.0, "ratio": 1.0, "count": 1.0, "years": 1.0,
    "calendar_year": 1.0,
}

#: How a source's qualifier is checked against the computed value.
QUALIFIERS = ("", "about", "more than", "less than", "at most")
#: Columns a table of printed figures must have (``qualifier`` is optional).
REPORTED_COLUMNS = ("key", "description", "value", "unit", "where")


def printed_precision(value: float) -> float:
    """The place of the last significant digit of a printed number.

    ``16.52 -> 0.01``, ``-38.3 -> 0.1``, ``2610000 -> 10000`` (printed as
    "about ¥2.61M"), ``60000 -> 10000``, ``66 -> 1``.
    """
    number = check.as_float("value", value)
    if number == 0.0:
        return 1.0
    exponent = Decimal(repr(number)).normalize().as_tuple().exponent
    return float(10.0 ** int(exponent))


def _agrees(computed: float, printed: float, qualifier: str) -> bool:
    if qualifier == "more than":
        return computed > printed
    if qualifier == "less than":
        return computed < printed
    if qualifier == "at most":
        return computed <= printed
    half_step = printed_precision(printed) / 2.0
    return abs(computed - printed) <= half_step * (1.0 + 1e-9)


def _format(value: float, unit: str, precision: float) -> str:
    decimals = max(0, -int(np.floor(np.log10(precision) + 1e-12)))
    text = f"{value:.0f}" if unit == "calendar_year" else f"{value:,.{decimals}f}".replace("-", MINUS)
    return {"percent": f"{text}%", "yen": f"¥{text}", "usd": f"${text}"}.get(unit, text)


def _qualifier(row: pd.Series, key: str) -> str:
    qualifier = "" if pd.isna(row.get("qualifier", "")) else str(row.get("qualifier", ""))
    if qualifier not in QUALIFIERS:
        raise ValueError(f"reported has qualifier {qualifier!r} for {key!r}; known: {QUALIFIERS}")
    return qualifier


def _unit(row: pd.Series, key: str) -> str:
    unit = str(row["unit"])
    if unit not in UNIT_FACTORS:
        raise ValueError(f"reported has unit {unit!r} for {key!r}; known units: {sorted(UNIT_FACTORS)}")
    return unit


def _as_printed(row: pd.Series, key: str) -> str:
    printed = float(row["value"])
    unit = _unit(row, key)
    return " ".join(filter(None, [_qualifier(row, key), _format(printed, unit, printed_precision(printed))]))


def _reported_rows(reported: pd.DataFrame) -> pd.DataFrame:
    if not isinstance(reported, pd.DataFrame):
        raise TypeError(f"reported must be a pandas DataFrame (got {type(reported).__name__})")
    missing = [column for column in REPORTED_COLUMNS if column not in reported.columns]
    if missing:
        raise ValueError(f"reported lacks the columns {missing} (see data.reported_figures)")
    if not reported["key"].is_unique:
        repeated = list(reported["key"][reported["key"].duplicated()])
        raise ValueError(f"reported must have unique keys (repeated: {repeated})")
    check.as_vector("reported value", reported["value"])
    rows = reported.set_index("key")
    for key, row in rows.iterrows():
        _unit(row, key)
        _qualifier(row, key)
    return rows


def in_library_units(reported: pd.DataFrame) -> pd.Series:
    """A source's printed figures converted to the library's units, by key.

    Percentages become decimals (``16.52 -> 0.1652``); yen, counts and
    ratios are unchanged. Use it when a printed figure is an input to a
    computation (the source's correlation, its expected return).
    """
    rows = _reported_rows(reported)
    factors = [UNIT_FACTORS[_unit(row, key)] for key, row in rows.iterrows()]
    return rows["value"].astype(float) / np.asarray(factors)


def reported_table(reported: pd.DataFrame) -> pd.DataFrame:
    """A source's figures as printed, for display (description, figure, where).

    Parameters
    ----------
    reported : pandas.DataFrame
        From :func:`assetalloc.data.reported_figures`.
    """
    rows = _reported_rows(reported)
    return pd.DataFrame(
        {
            "figure": [_as_printed(row, key) for key, row in rows.iterrows()],
            "where in the source": rows["where"].to_numpy(),
        },
        index=pd.Index(rows["description"].to_numpy(), name="description"),
    )


#: The states a row of :func:`compare_with_source` can be in, in the words the table prints.
AGREES = "agrees"
WITHIN_INPUT_ROUNDING = "within input rounding"
SOURCE_INPUT = "input (the source's own figure)"
DIFFERS = "differs"
STATUSES = (AGREES, WITHIN_INPUT_ROUNDING, SOURCE_INPUT, DIFFERS)


def _printed_interval(printed: float, qualifier: str) -> tuple[float, float]:
    """The values (in the source's units) that the source would print as ``printed``."""
    if qualifier == "more than":
        return printed, np.inf
    if qualifier in ("less than", "at most"):
        return -np.inf, printed
    half_step = printed_precision(printed) / 2.0
    return printed - half_step, printed + half_step


def _rounding_ranges(rows: pd.DataFrame, rounding_ranges: Mapping[str, tuple[float, float]] | None) -> dict:
    if rounding_ranges is None:
        return {}
    if not isinstance(rounding_ranges, Mapping):
        raise TypeError(f"rounding_ranges must be a mapping of key -> (low, high) (got {type(rounding_ranges).__name__})")
    ranges = {}
    for key, bounds in rounding_ranges.items():
        if key not in rows.index:
            raise ValueError(f"rounding_ranges has a key the source does not print: {key!r}")
        pair = check.as_vector(f"rounding_ranges[{key!r}]", bounds)
        if pair.shape != (2,) or not pair[0] <= pair[1]:
            raise ValueError(f"rounding_ranges[{key!r}] must be (low, high) with low <= high (got {bounds!r})")
        ranges[key] = (float(pair[0]), float(pair[1]))
    return ranges


def _status(key: str, in_source_units: float, printed: float, qualifier: str, factor: float,
            inputs: frozenset, ranges: dict) -> str:
    if key in inputs:
        return SOURCE_INPUT
    if _agrees(in_source_units, printed, qualifier):
        return AGREES
    if key in ranges:
        low, high = (bound * factor for bound in ranges[key])
        printed_low, printed_high = _printed_interval(printed, qualifier)
        if low <= printed_high * (1.0 + 1e-12) and printed_low <= high * (1.0 + 1e-12):
            return WITHIN_INPUT_ROUNDING
    return DIFFERS


def compare_with_source(
    reported: pd.DataFrame,
    computed: Mapping[str, float],
    inputs: Sequence[str] = (),
    rounding_ranges: Mapping[str, tuple[float, float]] | None = None,
) -> pd.DataFrame:
    """A table of a source's figures beside the library's, with the state of each row.

    Parameters
    ----------
    reported : pandas.DataFrame
        Figures as printed, from :func:`assetalloc.data.reported_figures`
        (columns ``key``, ``description``, ``value``, ``unit``, ``qualifier``).
    computed : mapping of str to float
        The library's values by ``key``, in the library's units (decimals
        for percentages, yen for yen).
    inputs : sequence of str
        Keys whose "computed" value is the source's own figure used as an
        input (a risk the source states and the book takes over): shown,
        but marked as an input, never as a check that agrees.
    rounding_ranges : mapping of str to (float, float), optional
        For a key whose value is computed from rounded printed inputs, the
        lowest and highest value those inputs allow, in the library's units
        (from :func:`range_under_input_rounding`).

    Returns
    -------
    pandas.DataFrame
        Indexed by description, columns ``source`` (as printed), ``computed``
        (rounded one digit finer than the source) and ``status``, one of
        :data:`STATUSES`: "agrees" (the computed value rounds to the printed
        one, or satisfies the source's "more than"/"less than"); "within
        input rounding" (it does not, but some value in its rounding range
        would print as the source's figure); "input (the source's own
        figure)"; "differs".

    Raises
    ------
    TypeError, ValueError
        Naming the argument that is not as described.
    """
    rows = _reported_rows(reported)
    if not isinstance(computed, Mapping):
        raise TypeError(f"computed must be a mapping of key -> value (got {type(computed).__name__})")
    if not computed:
        raise ValueError("computed must hold at least one value")
    missing = [key for key in computed if key not in rows.index]
    if missing:
        raise ValueError(f"computed has keys the source does not print: {missing}")
    if isinstance(inputs, str) or not isinstance(inputs, Sequence):
        raise TypeError(f"inputs must be a sequence of printed keys (got {type(inputs).__name__})")
    not_computed = [key for key in inputs if key not in computed]
    if not_computed:
        raise ValueError(f"inputs has keys that computed does not hold: {not_computed}")
    ranges = _rounding_ranges(rows, rounding_ranges)
    table = []
    for key, value in computed.items():
        row = rows.loc[key]
        unit, qualifier = _unit(row, key), _qualifier(row, key)
        printed, factor = float(row["value"]), UNIT_FACTORS[unit]
        in_source_units = check.as_float(f"computed[{key!r}]", value) * factor
        table.append(
            {
                "figure": row["description"],
                "source": _as_printed(row, key),
                "computed": _format(in_source_units, unit, printed_precision(printed) / 10.0),
                "status": _status(key, in_source_units, printed, qualifier, factor, frozenset(inputs), ranges),
            }
        )
    return pd.DataFrame(table).set_index("figure")


def agrees_with_source(reported: pd.DataFrame, key: str, values: Any) -> np.ndarray:
    """Whether each value prints as the source's figure ``key``: the "agrees" of
    :func:`compare_with_source`, for many values at once (say, every mix of a grid).

    Parameters
    ----------
    reported : pandas.DataFrame
        Figures as printed, from :func:`assetalloc.data.reported_figures`.
    key : str
        A figure the source prints.
    values : array_like, shape (n,)
        Computed values in the library's units (decimals for percentages, yen for yen).

    Returns
    -------
    numpy.ndarray of bool, shape (n,)
        True where the value rounds to the printed figure (or meets its "more than", "less than", "at most").

    Raises
    ------
    TypeError, ValueError
        Naming the argument that is not as described.
    """
    rows = _reported_rows(reported)
    if not isinstance(key, str):
        raise TypeError(f"key must be a string (got {type(key).__name__})")
    if key not in rows.index:
        raise ValueError(f"key must be a figure the source prints (got {key!r})")
    computed = check.as_vector("values", values)
    row = rows.loc[key]
    printed, qualifier, factor = float(row["value"]), _qualifier(row, key), UNIT_FACTORS[_unit(row, key)]
    agrees = np.vectorize(lambda value: _agrees(value * factor, printed, qualifier), otypes=[bool])
    return agrees(computed)


def range_under_input_rounding(
    reported: pd.DataFrame, keys: Sequence[str], function: Callable[..., float]
) -> tuple[float, float]:
    """Lowest and highest result when each printed input moves within its rounding.

    A source prints its inputs rounded (a risk of "18.03%" is anything from
    18.025% to 18.035%). When a recomputed figure differs from the printed
    one, this says whether rounding of the inputs alone can explain it.

    Parameters
    ----------
    reported : pandas.DataFrame
        Figures as printed, from :func:`assetalloc.data.reported_figures`.
    keys : sequence of str
        The printed inputs, in the order ``function`` takes them.
    function : callable
        Takes the inputs in the library's units (positional, in ``keys``
        order) and returns a number.

    Returns
    -------
    (float, float)
        The lowest and highest value of ``function`` over the corners of the
        box of rounding intervals: the exact range when ``function`` is
        monotone in each input over that small box, as portfolio risk is.
    """
    rows = _reported_rows(reported)
    if isinstance(keys, str) or not isinstance(keys, Sequence):
        raise TypeError(f"keys must be a sequence of printed keys (got {type(keys).__name__})")
    if not callable(function):
        raise TypeError(f"function must be callable (got {type(function).__name__})")
    if len(keys) == 0:
        raise ValueError("keys must name at least one printed input")
    unknown = [key for key in keys if key not in rows.index]
    if unknown:
        raise ValueError(f"keys has figures the source does not print: {unknown}")
    centres = in_library_units(reported)
    intervals = []
    for key in keys:
        half_step = printed_precision(float(rows.loc[key, "value"])) / 2.0 / UNIT_FACTORS[_unit(rows.loc[key], key)]
        intervals.append((centres[key] - half_step, centres[key] + half_step))
    values = np.array([float(function(*corner)) for corner in itertools.product(*intervals)])
    check.require("function's values", values, np.isfinite(values), "finite")
    return float(values.min()), float(values.max())
