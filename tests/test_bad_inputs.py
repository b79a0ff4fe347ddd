"""Bad input at every public boundary of the library: a named ValueError or TypeError, never a wrong number.

Structure
---------
1. ``VALID_CALLS``: one valid keyword call of every public function and class of
   every module in ``MODULES``; each argument carries its *kind* (a covariance
   matrix, a vector of risks, weights, a count, a flag, ...).
2. ``test_every_public_function_has_a_valid_call`` discovers the public
   functions by introspection and fails if one has no entry (or an entry that
   misses one of its parameters). Adding a module means adding it to
   ``MODULES`` and one entry per function to ``VALID_CALLS``.
3. ``test_bad_value_raises_only_a_named_value_or_type_error``: hypothesis swaps
   one argument of a valid call for a bad value drawn from its kind's
   strategies; only ValueError or TypeError may come out, and the message must
   name the argument.
4. ``test_bad_value_is_rejected``: the bad values that can only give a wrong
   number (NaN, inf, negative risks, matrices that are not correlation or
   covariance matrices, weights not summing to one, out-of-range scalars, wrong
   types, ...) must raise, with the same type and naming rules.

A bad value that only breaks agreement with another argument (a vector one
entry too long, a Series with a label the other Series lacks) may be reported
under that other argument's name: its category is in ``MISMATCH``.
"""

from __future__ import annotations

import inspect
import math
import re
from collections.abc import Callable
from concurrent.futures import Executor, ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest
from assetalloc import (
    _validation,
    assumptions,
    backtest,
    bonds,
    book,
    capstone,
    charts,
    compare,
    currency,
    data,
    estimation,
    exercises,
    losses,
    optimise,
    risk,
    scenarios,
    sensitivity,
    style,
    tactical,
    weighting,
)
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

REPO = Path(__file__).resolve().parents[1]

MODULES = [
    risk, optimise, sensitivity, estimation, bonds, currency, weighting, backtest,
    scenarios, tactical, data, compare, charts, book, style, capstone, exercises, assumptions, losses,
]

#: Public functions that take no data argument, so there is nothing to feed them.
EXEMPT = {
    data.list_datasets,  # no parameters: the names in the catalog
    data.dataset_table,  # no parameters: the catalog as a table
    data.gpif_2008_assumptions,  # no parameters: a shipped, validated dataset
    data.gpif_2004_assumptions,  # no parameters: a shipped, validated dataset
    data.gpif_2004_correlations,  # no parameters: a shipped, validated dataset
    data.us_equity_monthly,  # no parameters: a shipped, validated dataset
    data.moodys_aaa_monthly,  # no parameters: a shipped, validated dataset
    tactical.regime_tilts,  # no parameters: a shipped, validated dataset
    style.book_style,  # a context manager with no parameters
    capstone.currency_split,  # no parameters: built from a shipped, validated dataset
    capstone.benchmark_choices,  # no parameters: the 60/40 benchmark from a shipped, validated dataset
    capstone.lever_defaults,  # no parameters: the levers' defaults from shipped, validated datasets
    capstone.investor_cards,  # no parameters: the book's fixed investor cards
    capstone.region_sizes,  # no parameters: built from a shipped, validated dataset
    assumptions.table2_inputs,  # no parameters: built from shipped, validated datasets
    assumptions.gpif_2014_inputs,  # no parameters: built from shipped, validated datasets
    assumptions.gpif_2008_inputs,  # no parameters: built from shipped, validated datasets
    assumptions.table2_correlations,  # no parameters: built from shipped, validated datasets
    assumptions.gpif_policy_weights,  # no parameters: a shipped, validated dataset
}

#: Bad-value categories that only break agreement with another argument.
MISMATCH = {"length", "labels", "misaligned"}

#: Derandomised, so that a run is repeatable.
FUZZ = settings(max_examples=8, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
MUST = settings(max_examples=4, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])


# --------------------------------------------------------------------------- kinds of argument


@dataclass(frozen=True)
class Kind:
    """What an argument is: a function from its valid value to strategies of bad values.

    ``bad(valid)`` maps a category (``"nan"``, ``"length"``, ...) to a strategy
    of bad values. Every category must be rejected except those in ``may``
    (which must only fail in the right way if they fail).
    """

    bad: Callable[[Any], dict[str, st.SearchStrategy]]
    may: frozenset[str] = frozenset()
    family: str = ""  # "vector" or "matrix": may also come as a pandas Series or DataFrame
    position: bool = False  # an asset's position: its label instead when the data are labelled


def _kind(
    bad: Callable[[Any], dict[str, st.SearchStrategy]], *may: str, family: str = "", position: bool = False
) -> Kind:
    return Kind(bad, frozenset(may), family, position)


def must_categories(kind: Kind, valid: Any) -> list[str]:
    return [name for name in kind.bad(valid) if name not in kind.may]


JUNK = [None, "abc", b"abc", object(), 1 + 2j]
BOOLS = st.sampled_from([True, False, np.bool_(True)])


def real(low: float | None = None, high: float | None = None, *, open_low: bool = False,
         open_high: bool = False, array: bool = False, none_ok: bool = False) -> Kind:
    """A finite number in [low, high] (ends open if asked); ``array``: or an array of them; or None if ``none_ok``."""

    def bad(valid: Any) -> dict[str, st.SearchStrategy]:
        out = {
            "nan": st.sampled_from([math.nan, np.float64("nan")]),
            "inf": st.sampled_from([math.inf, -math.inf]),
            "bool": BOOLS,
            "type": st.sampled_from([x for x in JUNK if not (none_ok and x is None)]),
        }
        below, above = [], []
        if low is not None:
            below.append(st.floats(max_value=low, exclude_max=not open_low, allow_nan=False,
                                   allow_infinity=False, min_value=low - 1e6))
        if high is not None:
            above.append(st.floats(min_value=high, exclude_min=not open_high, allow_nan=False,
                                   allow_infinity=False, max_value=high + 1e6))
        if below or above:
            out["range"] = st.one_of(*below, *above)
        if array:
            out["array_nan"] = st.integers(1, 4).map(lambda n: [0.0] * (n - 1) + [math.nan])
            out["empty"] = st.sampled_from([[], np.array([])])
            out["ndim"] = st.just(np.zeros((2, 2, 2)))
            out["array_text"] = st.sampled_from([["0.1", "0.2"], np.array(["a", "b"])])
            out["array_bool"] = st.just([True, False])
            if "range" in out:
                out["array_range"] = out["range"].map(lambda v: [_inside(low, high), v])
        else:
            out["sequence"] = st.just([valid])
        return out

    return _kind(bad)


def _inside(low: float | None, high: float | None) -> float:
    """A number inside [low, high] (for arrays with one bad entry)."""
    if low is not None and high is not None:
        return (low + high) / 2
    if low is not None:
        return low + 1.0
    if high is not None:
        return high - 1.0
    return 0.0


def count(minimum: int, *, none_ok: bool = False, above: int | None = None, most: int | None = None) -> Kind:
    """An integer >= minimum (below ``above`` if given: a position among ``above`` assets; or None).

    ``most``: also at most this (a bounded count, such as a horizon in years).
    """

    def bad(valid: Any) -> dict[str, st.SearchStrategy]:
        out = {
            "below": st.integers(minimum - 1000, minimum - 1),
            "float": st.sampled_from([float(valid), 2.5]),
            "nan": st.just(math.nan),
            "bool": BOOLS,
            "type": st.sampled_from(["3", b"3", object(), 1 + 2j] + ([] if none_ok else [None])),
        }
        if above is not None:
            out["range"] = st.integers(above, above + 1000)
        if most is not None:
            out["range"] = st.integers(most + 1, most + 1000)
        return out

    return _kind(bad, position=above is not None)


def counts(minimum: int, *, most: int | None = None) -> Kind:
    """A non-empty list (or 1-D array) of integers, each in [minimum, most]."""

    def bad(valid: Any) -> dict[str, st.SearchStrategy]:
        base = [int(v) for v in valid]

        def with_entry(value: st.SearchStrategy) -> st.SearchStrategy:
            return st.tuples(st.integers(0, len(base) - 1), value, st.sampled_from(["list", "array"])).map(
                lambda t: _container(base[: t[0]] + [t[1]] + base[t[0] + 1:], t[2]))

        out = {
            "below": with_entry(st.integers(minimum - 1000, minimum - 1)),
            "float": with_entry(st.just(2.5)),
            "nan": with_entry(st.just(math.nan)),
            "bool": st.just([True] * len(base)),
            "type": st.sampled_from([None, "3", b"3", object(), 1 + 2j, ["1", "2"]]),
            "empty": st.sampled_from([[], np.array([], dtype=int)]),
        }
        if most is not None:
            out["range"] = with_entry(st.integers(most + 1, most + 1000))
        return out

    return _kind(bad)


def flag() -> Kind:
    """True or False, nothing else."""
    return _kind(lambda valid: {"type": st.sampled_from([1, 0, 1.0, "True", None, math.nan])})


def _container(values: list, how: str, labels: list | None = None) -> Any:
    if how == "list":
        return list(values)
    if how == "array":
        return np.array(values, dtype=object if any(isinstance(v, str) or v is None for v in values) else None)
    return pd.Series(values, index=labels)


CONTAINERS = st.sampled_from(["list", "array", "series"])


def vector(*, nonnegative: bool = False, total: float | None = None, tied: bool = True,
           rows_ok: bool = False) -> Kind:
    """A 1-D array of finite floats (>= 0: ``nonnegative``; summing to ``total``: weights).

    ``tied``: its length must agree with another argument. ``rows_ok``: a 2-D
    array (one vector per row) is also valid.
    """

    def bad(valid: Any) -> dict[str, st.SearchStrategy]:
        base = [float(v) for v in np.asarray(valid, dtype=float).ravel()][: np.shape(valid)[-1]]
        n = len(base)

        def with_entry(value: st.SearchStrategy) -> st.SearchStrategy:
            return st.tuples(st.integers(0, n - 1), value, CONTAINERS).map(
                lambda t: _container(base[: t[0]] + [t[1]] + base[t[0] + 1:], t[2]))

        out = {
            "nan": with_entry(st.just(math.nan)),
            "inf": with_entry(st.sampled_from([math.inf, -math.inf])),
            "text": st.one_of(with_entry(st.just("0.1")), st.just("abc"), st.just(b"abc")),
            "none": st.one_of(st.just(None), with_entry(st.none())),
            "bool": st.just([True] + [False] * (n - 1)),
            "empty": st.sampled_from([[], np.array([]), pd.Series([], dtype=float)]),
            "ragged": st.just([[1.0, 2.0], [3.0]]),
            "ndim": st.just(np.zeros((2, 2, n))),
            "complex": st.sampled_from([np.array(base, dtype=complex) + 1j, 1 + 2j]),
            "object": st.sampled_from([object(), {}, pd.DataFrame({"x": ["a"] * n})]),
        }
        if not rows_ok:
            out["ndim"] = st.sampled_from([np.zeros((2, 2, n)), np.tile(base, (2, 1)), base[0]])
        if tied:
            out["length"] = st.sampled_from([base[:-1] or [], base + [0.0]]).filter(len)
            if n == 1:
                out["length"] = st.just(base + [0.0])
        if nonnegative:
            out["negative"] = with_entry(st.floats(-1e3, -1e-6))
        if total is not None:
            out["sum"] = st.tuples(st.integers(0, n - 1), st.floats(1e-6, 10.0), st.booleans()).map(
                lambda t: [v + (t[1] if t[2] else -t[1]) * (i == t[0]) for i, v in enumerate(base)])
        return out

    # A Series whose labels run the other way: positional arguments use its order, which
    # may be what the caller meant, so it need not be rejected (only properly, if at all).
    def misaligned(valid: Any) -> st.SearchStrategy:
        n = np.shape(valid)[-1]
        return st.just(pd.Series(np.asarray(valid, dtype=float).reshape(-1, n)[0],
                                 index=[f"asset {i}" for i in reversed(range(n))]))

    return _kind(lambda valid: {**bad(valid), "misaligned": misaligned(valid)}, "misaligned", family="vector")


def matrix(*, correlation: bool = False, tied: bool = True) -> Kind:
    """A covariance (or correlation) matrix: square, finite, symmetric, PSD (unit diagonal)."""

    def bad(valid: Any) -> dict[str, st.SearchStrategy]:
        m = np.asarray(valid, dtype=float)
        n = m.shape[0]
        off = [(i, j) for i in range(n) for j in range(n) if i != j]

        def symmetric_entry(value: st.SearchStrategy, diagonal: bool = False) -> st.SearchStrategy:
            cells = [(i, i) for i in range(n)] if diagonal else off + [(i, i) for i in range(n)]

            def put(t: tuple) -> np.ndarray:
                (i, j), v = t
                out = m.copy()
                out[i, j] = out[j, i] = v
                return out

            return st.tuples(st.sampled_from(cells), value).map(put)

        def asymmetric(t: tuple) -> np.ndarray:
            (i, j), delta = t
            out = m.copy()
            out[i, j] += delta
            return out

        scale = float(np.abs(m).max())
        out = {
            "nan": symmetric_entry(st.just(math.nan)),
            "inf": symmetric_entry(st.sampled_from([math.inf, -math.inf])),
            "asymmetric": st.tuples(st.sampled_from(off), st.floats(1e-6, 0.5).map(lambda d: -d * scale
                                                                                   if correlation else d * scale)).map(asymmetric),
            "not_psd": st.floats(1e-4, 1.0).map(lambda depth: _not_psd(m, depth, correlation)),
            "empty": st.sampled_from([[[]], np.empty((0, 0)), []]),
            "shape": st.sampled_from([m[:, :-1], np.diag(m), np.zeros((2, n, n))]),
            "text": st.sampled_from(["abc", np.full((n, n), "a"), pd.DataFrame(np.full((n, n), "a"))]),
            "none": st.just(None),
            "bool": st.just(np.eye(n, dtype=bool)),
        }
        if tied:
            out["length"] = st.sampled_from([m[:-1, :-1], np.eye(n + 1) * (1.0 if correlation else scale)])
        if correlation:
            out["diagonal"] = symmetric_entry(st.floats(0.0, 0.99).map(lambda v: v), diagonal=True)
            out["entries"] = symmetric_entry(st.floats(1.001, 10.0))
        else:
            out["negative"] = symmetric_entry(st.floats(-1.0, -1e-4), diagonal=True)
        return out

    return _kind(bad, family="matrix")


def _not_psd(m: np.ndarray, depth: float, correlation: bool) -> np.ndarray:
    """Symmetric and finite (unit diagonal, entries in [-1, 1] for a correlation) but not PSD."""
    n = m.shape[0]
    if correlation:
        assert n >= 3, "a 2 x 2 correlation matrix with entries in [-1, 1] is always PSD"
        rho = -(1.0 / (n - 1)) - depth * (1 - 1 / (n - 1))  # all off-diagonals below -1/(n-1)
        out = np.full((n, n), rho)
        np.fill_diagonal(out, 1.0)
        return out
    values, vectors = np.linalg.eigh(m)
    values[0] = -depth * values[-1]
    return (vectors * values) @ vectors.T


def labelled_matrix() -> Kind:
    """A covariance matrix as a pandas DataFrame labelled alike on both axes.

    The bad values of :func:`matrix` keep the valid labels where they are square
    of the right size (and stay plain arrays otherwise); a plain array and a
    renamed label are bad too.
    """

    def relabel(bad: Any, valid: pd.DataFrame) -> Any:
        if isinstance(bad, np.ndarray) and bad.shape == valid.shape:
            return pd.DataFrame(bad, index=valid.index, columns=valid.columns)
        return bad

    def bad(valid: pd.DataFrame) -> dict[str, st.SearchStrategy]:
        out = {name: strategy.map(lambda m: relabel(m, valid)) for name, strategy in matrix().bad(valid).items()}
        out["type"] = st.just(valid.to_numpy())
        out["labels"] = st.integers(0, len(valid) - 1).map(
            lambda i: valid.rename(index={valid.index[i]: "no such label"}, columns={valid.columns[i]: "no such label"}))
        return out

    return _kind(bad)


def labelled(*, nonnegative: bool = False, total: float | None = None, tied: bool = True,
             series_only: bool = False) -> Kind:
    """A pandas Series (or dict) of label -> finite number."""

    def bad(valid: Any) -> dict[str, st.SearchStrategy]:
        series = pd.Series(valid, dtype=float)
        n = len(series)

        def with_entry(value: st.SearchStrategy) -> st.SearchStrategy:
            def put(t: tuple) -> pd.Series:
                out = series.copy()
                out.iloc[t[0]] = t[1]
                return out

            return st.tuples(st.integers(0, n - 1), value).map(put)

        out = {
            "nan": with_entry(st.just(math.nan)),
            "inf": with_entry(st.sampled_from([math.inf, -math.inf])),
            "type": st.sampled_from([list(series), series.to_numpy(), None, "abc", series.to_frame()]),
            "empty": st.sampled_from([pd.Series([], dtype=float)] + ([] if series_only else [{}])),
            "text": st.just(pd.Series(["a"] * n, index=series.index)),
            "bool": st.just(pd.Series([True] * n, index=series.index)),
        }
        if tied:
            out["labels"] = st.integers(0, n - 1).map(
                lambda i: series.rename(index={series.index[i]: "no such label"}))
        if nonnegative:
            out["negative"] = with_entry(st.floats(-1e3, -1e-6))
        if total is not None:
            out["sum"] = st.floats(1e-6, 0.5).map(lambda d: series + np.r_[d, np.zeros(n - 1)])
        return out

    return _kind(bad)


def frame(*, above: float | None = None, columns: list[str] | None = None, dates: bool = False) -> Kind:
    """A pandas DataFrame of finite numbers (each > ``above`` if given)."""

    def bad(valid: pd.DataFrame) -> dict[str, st.SearchStrategy]:
        numeric = [c for c in valid.columns if pd.api.types.is_numeric_dtype(valid[c])]

        def cell(value: st.SearchStrategy) -> st.SearchStrategy:
            def put(t: tuple) -> pd.DataFrame:
                out = valid.copy()
                out.iloc[t[0], out.columns.get_loc(t[1])] = t[2]
                return out

            return st.tuples(st.integers(0, len(valid) - 1), st.sampled_from(numeric), value).map(put)

        out = {
            "nan": cell(st.just(math.nan)),
            "inf": cell(st.sampled_from([math.inf, -math.inf])),
            "type": st.sampled_from([valid.to_numpy(), None, "abc", valid.iloc[:, 0].to_list()]),
            "empty": st.just(valid.iloc[:0]),
            "text": st.just(valid.assign(**{numeric[0]: "a"})),
        }
        if above is not None:
            out["range"] = cell(st.floats(above - 10, above))
        if columns:
            out["columns"] = st.sampled_from(columns).map(lambda c: valid.drop(columns=c))
        return out

    return _kind(bad)


def series(*, positive: bool = False, tied: bool = False) -> Kind:
    """A pandas Series of finite numbers (> 0: ``positive``)."""

    def bad(valid: pd.Series) -> dict[str, st.SearchStrategy]:
        def entry(value: st.SearchStrategy) -> st.SearchStrategy:
            def put(t: tuple) -> pd.Series:
                out = valid.astype(float)
                out.iloc[t[0]] = t[1]
                return out

            return st.tuples(st.integers(0, len(valid) - 1), value).map(put)

        out = {
            "nan": entry(st.just(math.nan)),
            "inf": entry(st.sampled_from([math.inf, -math.inf])),
            "type": st.sampled_from([valid.to_list(), valid.to_numpy(), None, "abc", valid.to_frame()]),
            "empty": st.just(valid.iloc[:0]),
            "text": st.just(valid.astype(str)),
        }
        if positive:
            out["range"] = entry(st.floats(-1e3, 0.0))
        if tied:
            out["labels"] = st.just(valid.set_axis(range(1000, 1000 + len(valid))))
        return out

    return _kind(bad)


def text(choices: bool = False, none_ok: bool = False) -> Kind:
    """A string (one of a known set of names if ``choices``; or None if ``none_ok``)."""

    def bad(valid: Any) -> dict[str, st.SearchStrategy]:
        out = {"type": st.sampled_from([1, 1.5, b"abc", ["a"], object()] + ([] if none_ok else [None]))}
        if choices:
            out["unknown"] = st.sampled_from(["no such name", "", valid.upper() + "?"])
        return out

    return _kind(bad)


def instance(*types: type, none_ok: bool = False) -> Kind:
    """An object of one of ``types`` (or None if ``none_ok``)."""
    junk = [x for x in [1, 1.5, "abc", [1.0], object(), pd.DataFrame()] + ([] if none_ok else [None])
            if not isinstance(x, types)]
    return _kind(lambda valid: {"type": st.sampled_from(junk)})


def function_kind() -> Kind:
    return _kind(lambda valid: {"type": st.sampled_from([None, 1, "abc", [len]])})


def path_kind() -> Kind:
    """A path to an existing file."""
    return _kind(lambda valid: {
        "type": st.sampled_from([None, 1, 1.5, ["a"], object()]),
        "missing": st.just(REPO / "no such file.csv"),
    })


def reported_kind() -> Kind:
    """A table of a source's printed figures (:func:`assetalloc.data.reported_figures`)."""

    def bad(valid: pd.DataFrame) -> dict[str, st.SearchStrategy]:
        def cell(column: str, value: Any) -> pd.DataFrame:
            out = valid.copy()
            out[column] = out[column].astype(object)
            out.loc[out.index[0], column] = value
            return out

        return {
            "type": st.sampled_from([None, "abc", valid.to_numpy(), valid.to_dict()]),
            "columns": st.sampled_from(["key", "value", "unit", "description"]).map(
                lambda c: valid.drop(columns=c)),
            "nan": st.just(cell("value", math.nan)),
            "inf": st.just(cell("value", math.inf)),
            "text": st.just(cell("value", "twelve")),
            "unit": st.just(cell("unit", "furlongs")),
            "duplicate": st.just(pd.concat([valid, valid.iloc[:1]])),
        }

    return _kind(bad)


def mapping_kind() -> Kind:
    """``computed`` of :func:`compare.compare_with_source`: printed key -> finite number."""
    return _kind(lambda valid: {
        "type": st.sampled_from([None, "abc", [0.1], 0.1]),
        "unknown": st.just({"no such key": 0.1}),
        "nan": st.just({key: math.nan for key in valid}),
        "inf": st.just({key: math.inf for key in valid}),
        "text": st.just({key: "0.1" for key in valid}),
        "bool": st.just({key: True for key in valid}),
        "empty": st.just({}),
    })


def keys_kind() -> Kind:
    """``keys`` of :func:`compare.range_under_input_rounding`: printed keys."""
    return _kind(lambda valid: {
        "type": st.sampled_from([None, 1, object()]),
        "unknown": st.just(["no such key"]),
        "empty": st.sampled_from([[], ()]),
    })


def seeds_kind() -> Kind:
    return _kind(lambda valid: {
        "type": st.sampled_from([None, 1, "abc", [1.5], ["1"], [True]]),
        "below": st.just([-1]),
        "empty": st.just([]),
    })


def anything_glued() -> Kind:
    """A value to glue into prose: a finite real number or a string."""
    return _kind(lambda valid: {
        "type": st.sampled_from([None, [1.0], object(), True, 1 + 2j, np.array([1.0, 2.0])]),
        "nan": st.sampled_from([math.nan, np.float64("nan")]),
        "inf": st.sampled_from([math.inf, -np.inf]),
    })


def levers_kind() -> Kind:
    """``levers`` of :class:`capstone.InvestorCard`: arguments of :func:`capstone.capstone_assumptions`."""
    return _kind(lambda valid: {
        "type": st.sampled_from([None, "abc", [0.1], 0.1]),
        "unknown": st.just({"no such lever": 0.1}),
        "range": st.just({"emerging_premium": 0.5}),
        "nan": st.just({key: math.nan for key in valid}),
        "text": st.just({key: "0.1" for key in valid}),
    })


@dataclass(frozen=True)
class Arg:
    """A valid value of an argument and its kind."""

    value: Any
    kind: Kind


# --------------------------------------------------------------------------- valid data

VOLS = [0.1803, 0.1911, 0.2705]
CORR = [[1.0, 0.6023, 0.6782], [0.6023, 1.0, 0.8769], [0.6782, 0.8769, 1.0]]
COV = risk.covariance_from_correlation(VOLS, CORR)
MU = [0.05, 0.06, 0.08]
W = [0.5, 0.35, 0.15]
ACTIVE = [0.05, -0.02, -0.03]
SIZES = {"a": 1.0, "b": 2.0, "c": 3.0}
LABELLED_W = pd.Series({"a": 0.5, "b": 0.3, "c": 0.2})

_RNG = np.random.default_rng(7)
RETURNS = pd.DataFrame(_RNG.normal(0.01, 0.03, (24, 3)), columns=["a", "b", "c"])
TARGETS = LABELLED_W

QUARTERS = pd.date_range("1990-01-01", periods=12, freq="QS")
INDICATOR = pd.Series([0.0, 0.0, 0.0, 1.0, 2.0, 3.0, 2.0, 1.0, 0.0, -1.0, 0.0, 1.0], index=QUARTERS)
Q_RETURNS = pd.DataFrame({"equities": np.linspace(-0.05, 0.06, 12), "bonds": 0.01}, index=QUARTERS)
BENCHMARK = pd.Series({"equities": 0.6, "bonds": 0.4})
TILT = pd.Series({"equities": 0.1, "bonds": -0.1})
TILTS = tactical.regime_tilts()
REGIMES = tactical.classify_regimes(INDICATOR, 2, 1)["regime"]
MONTHLY = pd.DataFrame({"a": np.linspace(-0.02, 0.03, 12), "b": 0.01},
                       index=pd.date_range("2000-01-01", periods=12, freq="MS"))
LEVELS = pd.Series(np.linspace(100.0, 130.0, 12), index=QUARTERS)

SMALL_WORLD = {"years": 3, "start_year": 0, "rise_years": 1, "fall_years": 1}
RESULT = backtest.run_backtest(RETURNS, TARGETS, every=3)
BENCHMARK_RESULT = backtest.run_backtest(RETURNS, pd.Series({"a": 0.2, "b": 0.3, "c": 0.5}), every=3)
FRONTIER = optimise.efficient_frontier(MU, COV, 5)
RESAMPLED = sensitivity.resampled_weights(MU, COV, 2.0, 24, n_draws=3)
SCENARIO = scenarios.bubble_scenario(**SMALL_WORLD)
TACTICAL = tactical.regime_backtest(INDICATOR, Q_RETURNS, BENCHMARK, TILTS, window=2)

DATASET = "gpif_2004_correlations"
REPORTED = data.reported_figures("yamazaki2009")
REPORTED_KEY = "table1_risk_domestic"
ROUNDING_KEYS = ["pattern2_risk_domestic", "pattern2_risk_foreign"]

_FIGURE, (_AXES,) = style.new_figure()
_ENCODER = ThreadPoolExecutor(max_workers=1)  # for style.canvas_png_later
ASSUMPTIONS = capstone.capstone_assumptions()
SUMMARY = capstone.allocation_summary(capstone.Choices(), capstone.Investor())
HEATMAP = charts.correlation_heatmap(data.gpif_2004_correlations())

# --------------------------------------------------------------------------- kinds used below

EXPECTED_RETURNS = vector()
FIRST_EXPECTED_RETURNS = vector(tied=True)
COVARIANCE = matrix()
CORRELATION = matrix(correlation=True)
WEIGHTS = vector(total=1.0, rows_ok=True)
RISKS = vector(nonnegative=True)
NUMBER = real()
RISK_SCALAR = real(0.0, array=True)  # a volatility (or several): >= 0
POSITIVE = real(0.0, open_low=True)
NONNEGATIVE = real(0.0)
UNIT_INTERVAL = real(0.0, 1.0)
RATE = real(-1.0, open_low=True, array=True)  # a return or interest rate: > -1
BOUND = real(array=True)
FLAG = flag()
#: A value glued for book.glued's valid call (glued reads what glue stored in this session).
GLUED_NAME = "bad_inputs_share"
book.glue(GLUED_NAME, 0.25)


def bounds() -> dict[str, Arg]:
    """Long-only bounds: a lower bound above 1 or an upper bound below 0 crosses the other."""
    return {"lower": Arg(0.0, real(high=1.0, array=True)), "upper": Arg(1.0, real(low=0.0, array=True))}


VALID_CALLS: dict[Callable, dict[str, Arg]] = {
    # ----------------------------------------------------------------- risk
    risk.covariance_from_correlation: {"volatilities": Arg(VOLS, RISKS), "correlation": Arg(CORR, CORRELATION)},
    risk.two_asset_covariance: {
        "volatility_1": Arg(0.2, NONNEGATIVE), "volatility_2": Arg(0.15, NONNEGATIVE),
        "correlation": Arg(0.3, real(-1.0, 1.0)),
    },
    risk.two_asset_minimum_variance_weight: {
        "volatility_1": Arg(0.2, NONNEGATIVE), "volatility_2": Arg(0.15, NONNEGATIVE),
        "correlation": Arg(0.3, real(-1.0, 1.0)),
    },
    risk.equivalent_correlation: {"covariance": Arg(COV, matrix(tied=False))},
    losses.bad_year_probability: {"k": Arg(2.0, NUMBER)},
    risk.compounded_volatility: {
        "mean": Arg(0.01, real(-1.0, open_low=True)), "volatility": Arg(0.04, NONNEGATIVE), "periods": Arg(12, count(1)),
    },
    risk.average_correlation: {"covariance": Arg(COV, matrix(tied=False))},
    risk.volatilities: {"covariance": Arg(COV, matrix(tied=False))},
    risk.correlation_from_covariance: {"covariance": Arg(COV, matrix(tied=False))},
    risk.portfolio_return: {"weights": Arg(W, WEIGHTS), "expected_returns": Arg(MU, EXPECTED_RETURNS)},
    risk.portfolio_variance: {"weights": Arg(W, WEIGHTS), "covariance": Arg(COV, COVARIANCE)},
    risk.portfolio_volatility: {"weights": Arg(W, WEIGHTS), "covariance": Arg(COV, COVARIANCE)},
    risk.risk_contributions: {"weights": Arg(W, WEIGHTS), "covariance": Arg(COV, COVARIANCE)},
    risk.diversification_ratio: {"weights": Arg(W, WEIGHTS), "covariance": Arg(COV, COVARIANCE)},
    risk.effective_number_of_holdings: {"weights": Arg(W, vector(total=1.0, tied=False, rows_ok=True))},
    risk.average_variance_and_covariance: {"covariance": Arg(COV, matrix(tied=False))},
    risk.equal_weight_portfolio_variance: {
        "n_assets": Arg(5, count(1)), "average_variance": Arg(0.04, NONNEGATIVE),
        "average_covariance": Arg(0.01, NUMBER),
    },
    risk.equal_weight_portfolio_volatility: {
        "n_assets": Arg(5, count(1)), "average_volatility": Arg(0.2, NONNEGATIVE),
        "average_correlation": Arg(0.3, real(-1.0, 1.0)),
    },
    risk.diversification_floor: {
        "average_volatility": Arg(0.2, NONNEGATIVE), "average_correlation": Arg(0.3, real(-1.0, 1.0)),
    },
    risk.equal_weight_subset_volatilities: {"covariance": Arg(COV, matrix(tied=False))},
    risk.tracking_error: {"active": Arg(ACTIVE, vector(total=0.0, rows_ok=True)), "covariance": Arg(COV, COVARIANCE)},
    losses.worst_case_return: {
        "expected_return": Arg(0.06, NUMBER), "volatility": Arg(0.2, RISK_SCALAR), "k": Arg(2.0, POSITIVE),
    },
    losses.break_even_horizon: {
        "expected_return": Arg(0.06, POSITIVE), "volatility": Arg(0.2, NONNEGATIVE), "k": Arg(2.0, POSITIVE),
    },
    losses.max_investment_for_loss: {
        "loss_limit": Arg(1e6, POSITIVE), "expected_return": Arg(0.06, NUMBER),
        "volatility": Arg(0.2, RISK_SCALAR), "k": Arg(2.0, POSITIVE),
    },
    losses.loss_probability: {
        "expected_return": Arg(0.06, NUMBER), "volatility": Arg(0.2215, POSITIVE),
        "years": Arg(25, count(1, most=losses.MAX_HORIZON_YEARS)),
    },
    losses.horizon_outcomes: {
        "expected_return": Arg(0.06, NUMBER), "volatility": Arg(0.2215, POSITIVE),
        "years": Arg([1, 10, 25], counts(1, most=losses.MAX_HORIZON_YEARS)), "k": Arg(2.0, POSITIVE),
    },
    losses.loss_budget: {
        "expected_return": Arg(0.06, NUMBER), "volatilities": Arg({"a": 0.2, "b": 0.1}, labelled(nonnegative=True, tied=False)),
        "loss_limit": Arg(1e6, POSITIVE), "k": Arg(2.0, POSITIVE),
        "baseline": Arg("a", text(choices=True, none_ok=True)),
    },
    # ----------------------------------------------------------------- optimise
    optimise.risk_aversion_to_decimal: {"risk_aversion_percent": Arg(150.0, POSITIVE)},
    optimise.risk_aversion_to_percent: {"risk_aversion": Arg(1.5, POSITIVE)},
    optimise.risk_aversion_to_textbook: {"risk_aversion": Arg(1.5, POSITIVE)},
    optimise.mean_variance_weights: {
        "expected_returns": Arg(MU, EXPECTED_RETURNS), "covariance": Arg(COV, COVARIANCE),
        "risk_aversion": Arg(2.0, POSITIVE), **bounds(),
    },
    optimise.minimum_variance_weights: {"covariance": Arg(COV, matrix(tied=False)), **bounds()},
    optimise.target_return_weights: {
        "expected_returns": Arg(MU, EXPECTED_RETURNS), "covariance": Arg(COV, COVARIANCE),
        "target_return": Arg(0.06, real(0.05, 0.08, open_low=True, open_high=True)), **bounds(),
    },
    optimise.Frontier: {
        "returns": Arg(FRONTIER.returns, vector()), "volatilities": Arg(FRONTIER.volatilities, vector(nonnegative=True)),
        "weights": Arg(FRONTIER.weights, instance(np.ndarray)),
    },
    optimise.efficient_frontier: {
        "expected_returns": Arg(MU, EXPECTED_RETURNS), "covariance": Arg(COV, COVARIANCE),
        "n_points": Arg(5, count(2)), **bounds(),
    },
    optimise.kkt_residual: {  # weights off the budget are a KKT violation, not an error
        "weights": Arg(W, vector()), "expected_returns": Arg(MU, EXPECTED_RETURNS),
        "covariance": Arg(COV, COVARIANCE), "risk_aversion": Arg(2.0, POSITIVE), **bounds(),
    },
    optimise.risk_aversion_sweep: {
        "expected_returns": Arg(MU, EXPECTED_RETURNS), "covariance": Arg(COV, COVARIANCE),
        "risk_aversions": Arg([1.0, 2.0], vector(tied=False)), **bounds(),
    },
    optimise.marginal_utilities: {
        "weights": Arg(W, vector(total=1.0)), "expected_returns": Arg(MU, EXPECTED_RETURNS),
        "covariance": Arg(COV, COVARIANCE), "risk_aversion": Arg(2.0, POSITIVE),
    },
    optimise.break_even_return: {
        "expected_returns": Arg(MU, EXPECTED_RETURNS), "covariance": Arg(COV, COVARIANCE),
        "risk_aversion": Arg(2.0, POSITIVE), "asset": Arg(1, count(0, above=3)), **bounds(),
    },
    optimise.implied_returns: {
        "weights": Arg(W, vector(total=1.0)), "covariance": Arg(COV, COVARIANCE),
        "risk_aversion": Arg(2.0, POSITIVE), "constant": Arg(0.0, NUMBER),
    },
    # ----------------------------------------------------------------- sensitivity
    sensitivity.correlation_grid: {
        "expected_returns": Arg(MU, EXPECTED_RETURNS), "volatilities": Arg(VOLS, RISKS),
        "correlation": Arg(CORR, CORRELATION), "asset": Arg(2, count(0, above=3)),
        "first_partner": Arg(1, count(0, above=3)), "first_values": Arg([0.7, 0.8], vector(tied=False)),
        "second_partner": Arg(0, count(0, above=3)), "second_values": Arg([0.6], vector(tied=False)),
        "risk_aversion": Arg(2.0, POSITIVE),
    },
    sensitivity.implied_risk_aversion: {
        "expected_returns": Arg([0.05, 0.08], EXPECTED_RETURNS), "covariance": Arg([[0.04, 0.0], [0.0, 0.09]], COVARIANCE),
        "asset": Arg(1, count(0, above=2)), "target_weight": Arg(0.5, UNIT_INTERVAL), **bounds(),
    },
    sensitivity.weight_response: {
        "allocate": Arg(lambda mu: optimise.mean_variance_weights(mu, COV, 2.0), function_kind()),
        "expected_returns": Arg(MU, vector(tied=False)), "asset": Arg(1, count(0, above=3)),
        "values": Arg([0.05, 0.07], vector(tied=False)),
    },
    sensitivity.weight_change: {
        "weights_before": Arg(W, vector(total=1.0)), "weights_after": Arg([0.3, 0.3, 0.4], WEIGHTS),
    },
    sensitivity.ResampledPortfolio: {
        "weights": Arg(RESAMPLED.weights, vector(total=1.0)), "draws": Arg(RESAMPLED.draws, instance(np.ndarray)),
    },
    sensitivity.resampled_weights: {
        "expected_returns": Arg(MU, EXPECTED_RETURNS), "covariance": Arg(COV, COVARIANCE),
        "risk_aversion": Arg(2.0, POSITIVE), "n_observations": Arg(24, count(2)), "n_draws": Arg(2, count(1)),
        "periods_per_year": Arg(12, count(1)), "seed": Arg(0, count(0)), **bounds(),
    },
    # ----------------------------------------------------------------- estimation
    estimation.standard_error_of_mean: {
        "volatility": Arg(0.2, RISK_SCALAR), "n_observations": Arg(120, count(1)), "periods_per_year": Arg(12, count(1)),
    },
    estimation.mean_difference_standard_error: {
        "volatility_1": Arg(0.27, NONNEGATIVE), "volatility_2": Arg(0.2, NONNEGATIVE),
        "correlation": Arg(0.88, real(-1.0, 1.0)), "n_observations": Arg(126, count(1)),
        "periods_per_year": Arg(12, count(1)),
    },
    estimation.annualised_covariance: {"returns": Arg(RETURNS, frame()), "periods_per_year": Arg(12, count(1))},
    estimation.annualised_volatility: {"returns": Arg(RETURNS, frame()), "periods_per_year": Arg(12, count(1))},
    estimation.correlation: {"returns": Arg(RETURNS, frame())},
    estimation.annualised_mean: {"returns": Arg(RETURNS, frame()), "periods_per_year": Arg(12, count(1))},
    estimation.calendar_year_returns: {"returns": Arg(MONTHLY, frame()), "periods_per_year": Arg(12, count(1))},
    estimation.rolling_correlation: {"returns": Arg(RETURNS[["a", "b"]], frame()), "window": Arg(6, count(3))},
    estimation.bad_years: {"returns": Arg(RETURNS["a"], series()), "k": Arg(2.0, POSITIVE)},
    estimation.growth_of_one: {"returns": Arg(RETURNS, frame(above=-1.0))},
    estimation.compound_annual_return: {
        "returns": Arg(RETURNS, frame(above=-1.0)), "periods_per_year": Arg(12, count(1)),
    },
    estimation.mean_difference_t_statistic: {"returns": Arg(RETURNS[["a", "b"]], frame())},
    estimation.volatility_standard_error: {"volatility": Arg(0.2, NONNEGATIVE), "n_periods": Arg(30, count(2))},
    # ----------------------------------------------------------------- bonds
    bonds.bond_price: {
        "yield_": Arg(0.04, RATE), "coupon_rate": Arg(0.03, NONNEGATIVE), "maturity": Arg(10, count(1)),
        "frequency": Arg(2, count(1)),
    },
    bonds.modified_duration: {
        "yield_": Arg(0.04, RATE), "coupon_rate": Arg(0.03, NONNEGATIVE), "maturity": Arg(10, count(1)),
        "frequency": Arg(2, count(1)),
    },
    bonds.convexity: {
        "yield_": Arg(0.04, RATE), "coupon_rate": Arg(0.03, NONNEGATIVE), "maturity": Arg(10, count(1)),
        "frequency": Arg(2, count(1)),
    },
    bonds.price_change: {
        "yield_": Arg(0.04, real(-1.0, open_low=True)), "coupon_rate": Arg(0.03, NONNEGATIVE),
        "maturity": Arg(10, count(1)), "shock": Arg([-0.01, 0.01], real(-1.04, open_low=True, array=True)),
        "frequency": Arg(2, count(1)),
    },
    bonds.implied_yield_change: {
        "period_return": Arg(-0.007, real(-1.0, open_low=True)), "yield_": Arg(0.046, real(-1.0, open_low=True)),
        "duration": Arg(6.0, POSITIVE), "years": Arg(1 / 12, POSITIVE),
    },
    bonds.implied_yield_volatility: {"price_volatility": Arg(0.05, NONNEGATIVE), "duration": Arg(8.0, POSITIVE)},
    # ----------------------------------------------------------------- currency
    currency.unhedged_return: {"local_return": Arg(0.05, RATE), "currency_return": Arg(-0.02, RATE), "exact": Arg(False, FLAG)},
    currency.hedged_return: {
        "local_return": Arg(0.05, RATE), "domestic_rate": Arg(0.001, RATE), "foreign_rate": Arg(0.03, RATE),
        "exact": Arg(True, FLAG),
    },
    currency.forward_rate: {
        "spot": Arg(150.0, POSITIVE), "domestic_rate": Arg(0.001, RATE), "foreign_rate": Arg(0.03, RATE),
        "years": Arg(1.0, POSITIVE),
    },
    currency.parity_currency_return: {"domestic_rate": Arg(0.001, RATE), "foreign_rate": Arg(0.03, RATE), "exact": Arg(False, FLAG)},
    currency.hedged_unhedged_risk: {
        "local_volatility": Arg(0.15, RISK_SCALAR), "currency_volatility": Arg(0.1, RISK_SCALAR),
        "correlation": Arg(0.3, real(-1.0, 1.0, array=True)),
    },
    currency.hedging_threshold_correlation: {
        "local_volatility": Arg(0.05, real(0.0, open_low=True, array=True)), "currency_volatility": Arg(0.12, RISK_SCALAR),
    },
    currency.net_of_fee: {
        "expected_return": Arg(0.05, RATE), "annual_fee": Arg(0.01, real(0.0, 1.0, open_high=True, array=True)),
        "exact": Arg(False, FLAG),
    },
    # ----------------------------------------------------------------- weighting
    weighting.weights_from_sizes: {"sizes": Arg(SIZES, labelled(nonnegative=True, tied=False))},
    weighting.equal_weights: {"labels": Arg(["a", "b"], _kind(lambda v: {
        "type": st.sampled_from([None, "ab", 3, object()]), "empty": st.sampled_from([[], ()]),
        "duplicate": st.just(["a", "a"])}))},
    weighting.blend_weights: {
        "first": Arg(SIZES, labelled(nonnegative=True)), "second": Arg({"a": 3.0, "b": 2.0, "c": 1.0}, labelled(nonnegative=True)),
        "blend": Arg(0.5, UNIT_INTERVAL),
    },
    weighting.share_differences: {"shares": Arg(LABELLED_W, labelled()), "reference": Arg(SIZES, labelled())},
    weighting.active_weights: {
        "weights": Arg(LABELLED_W, labelled(total=1.0)), "benchmark": Arg({"a": 0.2, "b": 0.3, "c": 0.5}, labelled(total=1.0)),
    },
    weighting.cap_to_gdp_ratio: {
        "cap_share": Arg(LABELLED_W, labelled(nonnegative=True)), "gdp_share": Arg({"a": 0.2, "b": 0.3, "c": 0.5}, labelled(nonnegative=True)),
    },
    weighting.share_comparison: {
        "gdp_share": Arg(LABELLED_W, labelled(nonnegative=True)), "cap_share": Arg({"a": 0.2, "b": 0.3, "c": 0.5}, labelled(nonnegative=True)),
        "normalise": Arg(True, FLAG),
    },
    data.regional_shares_2010: {"include_sub_regions": Arg(False, FLAG)},
    weighting.exclude_and_renormalise: {
        "sizes": Arg(SIZES, labelled(nonnegative=True, tied=False)), "exclude": Arg("a", text(choices=True)),
    },
    # ----------------------------------------------------------------- backtest
    backtest.BacktestResult: {
        "wealth": Arg(RESULT.wealth, series(positive=True)), "returns": Arg(RESULT.returns, series()),
        "weights": Arg(RESULT.weights, frame()), "turnover": Arg(RESULT.turnover, series()),
        "costs": Arg(RESULT.costs, series()), "periods_per_year": Arg(12, count(1)),
    },
    backtest.run_backtest: {
        "returns": Arg(RETURNS, frame(above=-1.0)), "targets": Arg(TARGETS, labelled(total=1.0, series_only=True)),
        "every": Arg(3, count(1, none_ok=True)), "cost": Arg(0.001, real(0.0, 1.0, open_high=True)),
        "periods_per_year": Arg(12, count(1)),
    },
    backtest.summary_statistics: {"returns": Arg(RESULT.returns, series()), "periods_per_year": Arg(12, count(1))},
    backtest.realised_tracking_error: {
        "result": Arg(RESULT, instance(backtest.BacktestResult)), "benchmark": Arg(BENCHMARK_RESULT, instance(backtest.BacktestResult)),
    },
    backtest.active_return: {
        "result": Arg(RESULT, instance(backtest.BacktestResult)), "benchmark": Arg(BENCHMARK_RESULT, instance(backtest.BacktestResult)),
    },
    backtest.information_ratio: {
        "result": Arg(RESULT, instance(backtest.BacktestResult)), "benchmark": Arg(BENCHMARK_RESULT, instance(backtest.BacktestResult)),
    },
    backtest.average_active_weights: {
        "weights": Arg(RESULT.weights, frame()), "benchmark": Arg(LABELLED_W, labelled(total=1.0)),
    },
    backtest.relative_rise: {
        "wealth": Arg(RESULT.wealth, series(positive=True)), "benchmark_wealth": Arg(BENCHMARK_RESULT.wealth, series(positive=True)),
    },
    backtest.lagged: {"targets": Arg(SCENARIO.gdp_weights(), frame()), "periods": Arg(1, count(0))},
    # ----------------------------------------------------------------- scenarios
    scenarios.BubbleScenario: {
        "returns": Arg(SCENARIO.returns, frame(above=-1.0)), "gdp": Arg(SCENARIO.gdp, frame()), "cap": Arg(SCENARIO.cap, frame()),
        "bubble_market": Arg("Japan", text(choices=True)), "periods_per_year": Arg(12, count(1)),
    },
    scenarios.bubble_scenario: {
        "peak_multiple": Arg(3.0, real(1.0)), "rise_years": Arg(1, count(1)), "fall_years": Arg(1, count(1)),
        "start_year": Arg(0, count(0)), "years": Arg(3, count(2)), "world": Arg(scenarios.STYLISED_WORLD, frame(
            columns=["gdp_share", "gdp_growth", "cap_to_gdp"])),
        "bubble_market": Arg("Japan", text(choices=True)), "volatility": Arg(0.15, NONNEGATIVE),
        "correlation": Arg(0.5, UNIT_INTERVAL), "persistence": Arg(0.9, real(0.0, 1.0, open_high=True)),
        "periods_per_year": Arg(4, count(1)), "seed": Arg(1, count(0)),
    },
    scenarios.gdp_over_cap: {
        "seeds": Arg([1, 2], seeds_kind()), "every": Arg(3, count(1, none_ok=True)),
        "cost": Arg(0.001, real(0.0, 1.0, open_high=True)), "gdp_lag": Arg(1, count(0)),
    },
    scenarios.gdp_relative_rise: {
        "seeds": Arg([1, 2], seeds_kind()), "every": Arg(3, count(1, none_ok=True)),
        "cost": Arg(0.001, real(0.0, 1.0, open_high=True)), "gdp_lag": Arg(1, count(0)),
    },
    # ----------------------------------------------------------------- tactical
    tactical.annual_growth: {"levels": Arg(LEVELS, series(positive=True)), "periods_per_year": Arg(4, count(1))},
    tactical.regime: {"level": Arg(0.5, real(array=True)), "direction": Arg(-0.2, real(array=True))},
    tactical.classify_regimes: {"indicator": Arg(INDICATOR, series()), "window": Arg(2, count(2)), "periods": Arg(1, count(1))},
    tactical.tilt_fraction: {
        "benchmark": Arg(BENCHMARK, labelled(total=1.0)), "tilt": Arg(TILT, labelled(total=0.0)), **bounds(),
    },
    tactical.apply_tilt: {
        "benchmark": Arg(BENCHMARK, labelled(total=1.0)), "tilt": Arg(TILT, labelled(total=0.0)), **bounds(),
    },
    tactical.scale_to_tracking_error: {
        "active": Arg(ACTIVE, vector(total=0.0)), "covariance": Arg(COV, COVARIANCE), "budget": Arg(0.01, NONNEGATIVE),
    },
    tactical.quarterly_returns: {"monthly": Arg(MONTHLY, frame(above=-1.0))},
    tactical.regime_targets: {
        "regimes": Arg(REGIMES, instance(pd.Series)), "benchmark": Arg(BENCHMARK, labelled(total=1.0)),
        "tilts": Arg(TILTS, frame()), "scale": Arg(1.0, NONNEGATIVE), **bounds(),
    },
    tactical.regime_portfolio: {
        "name": Arg("expansion", text(choices=True)), "benchmark": Arg(BENCHMARK, labelled(total=1.0)),
        "tilts": Arg(TILTS, frame()), "scale": Arg(1.0, NONNEGATIVE), **bounds(),
    },
    tactical.hit_rate: {
        "returns": Arg(TACTICAL.tilted.returns, series(tied=True)),
        "benchmark_returns": Arg(TACTICAL.static.returns, series(tied=True)),
    },
    tactical.TacticalBacktest: {
        "tilted": Arg(TACTICAL.tilted, instance(backtest.BacktestResult)),
        "static": Arg(TACTICAL.static, instance(backtest.BacktestResult)),
        "regimes": Arg(TACTICAL.regimes, instance(pd.DataFrame)), "targets": Arg(TACTICAL.targets, frame()),
        "hit_rate": Arg(TACTICAL.hit_rate, UNIT_INTERVAL), "relative_wealth": Arg(TACTICAL.relative_wealth, series(positive=True)),
    },
    tactical.regime_backtest: {
        "indicator": Arg(INDICATOR, series()), "returns": Arg(Q_RETURNS, frame(above=-1.0)),
        "benchmark": Arg(BENCHMARK, labelled(total=1.0)), "tilts": Arg(TILTS, frame()),
        "window": Arg(2, count(2)), "periods": Arg(1, count(1)), "scale": Arg(1.0, NONNEGATIVE),
        "lag": Arg(1, count(1)), "periods_per_year": Arg(4, count(1)),
        "cost": Arg(0.001, real(0.0, 1.0, open_high=True)),
    },
    bonds.bond_returns_from_yields: {
        "yields": Arg(pd.Series([0.05, 0.052, 0.049, 0.05]), series(positive=True)), "maturity": Arg(20, count(1)),
        "frequency": Arg(2, count(1)), "periods_per_year": Arg(12, count(1)),
    },
    tactical.autocorrelation: {
        "values": Arg(pd.Series([0.01, -0.02, 0.03, 0.0, 0.01]), series()), "lag": Arg(1, count(1)),
    },
    tactical.averaged_random_walk: {"days": Arg(21, count(1)), "periods": Arg(3, count(1))},
    tactical.root_mean_square_tracking_error: {
        "active": Arg(ACTIVE, vector(total=0.0, rows_ok=True)), "covariance": Arg(COV, COVARIANCE),
    },
    # ----------------------------------------------------------------- data
    data.dataset_info: {"name": Arg(DATASET, text(choices=True))},
    data.load: {"name": Arg(DATASET, text(choices=True))},
    data.load_file: {
        "path": Arg(data.DATA_DIR / data.dataset_info(DATASET)["file"], path_kind()),
        "info": Arg(data.dataset_info(DATASET), _kind(lambda v: {
            "type": st.sampled_from([None, "abc", [1]]), "empty": st.just({}),
            "columns": st.just({k: x for k, x in v.items() if k != "columns"})})),
    },
    data.reported_figures: {"source": Arg("yamazaki2009", text(choices=True))},
    # ----------------------------------------------------------------- compare
    compare.printed_precision: {"value": Arg(16.52, NUMBER)},
    compare.in_library_units: {"reported": Arg(REPORTED, reported_kind())},
    compare.reported_table: {"reported": Arg(REPORTED, reported_kind())},
    compare.compare_with_source: {
        "reported": Arg(REPORTED, reported_kind()), "computed": Arg({REPORTED_KEY: 0.2215}, mapping_kind()),
        "inputs": Arg((), _kind(lambda valid: {
            "type": st.sampled_from([None, 1, "abc"]), "unknown": st.just(["no such key"]),
        })),
        "rounding_ranges": Arg(None, _kind(lambda valid: {
            "type": st.sampled_from([1, "abc", [0.1]]), "unknown": st.just({"no such key": (0.1, 0.2)}),
            "order": st.just({REPORTED_KEY: (0.3, 0.2)}), "nan": st.just({REPORTED_KEY: (math.nan, 0.2)}),
            "shape": st.just({REPORTED_KEY: (0.1, 0.2, 0.3)}),
        })),
    },
    compare.agrees_with_source: {
        "reported": Arg(REPORTED, reported_kind()), "key": Arg(REPORTED_KEY, text(choices=True)),
        "values": Arg([0.2215, 0.3], vector(tied=False)),
    },
    compare.range_under_input_rounding: {
        "reported": Arg(REPORTED, reported_kind()), "keys": Arg(ROUNDING_KEYS, keys_kind()),
        "function": Arg(lambda a, b: a + b, function_kind()),
    },
    # ----------------------------------------------------------------- charts
    charts.Chart: {"figure": Arg(HEATMAP.figure, instance(Figure)), "description": Arg("A heat map.", text())},
    charts.correlation_heatmap: {
        "correlation": Arg(data.gpif_2004_correlations(), _kind(lambda v: {
            "type": st.sampled_from([None, v.to_numpy(), "abc"]),
            "not_psd": st.just(pd.DataFrame(_not_psd(v.to_numpy(), 0.5, True), index=v.index, columns=v.columns)),
            "nan": st.just(v.mask(~np.eye(len(v), dtype=bool), math.nan)),
            "diagonal": st.just(v * 0.5)})),
        "title": Arg("GPIF 2004", text()),
    },
    # ----------------------------------------------------------------- book
    book.glue: {"name": Arg("x", text()), "value": Arg(0.5, anything_glued())},
    book.glued: {"name": Arg(GLUED_NAME, text(choices=True)), "spec": Arg(".1%", text())},
    book.dollar_amount: {"amount": Arg(30.2e12, real()), "significant": Arg(3, count(1))},
    book.signed_percent: {"value": Arg(-0.088, real()), "decimals": Arg(1, count(0)), "plus": Arg(False, FLAG)},
    book.signed_number: {"value": Arg(-0.2, real()), "decimals": Arg(2, count(0)), "plus": Arg(False, FLAG)},
    book.toc_pages: {"toc": Arg(REPO / "_toc.yml", path_kind())},
    # ----------------------------------------------------------------- style
    style.styled: {"function": Arg(lambda: None, function_kind())},
    style.new_figure: {"width": Arg(4.0, POSITIVE), "height": Arg(3.0, POSITIVE), "ncols": Arg(1, count(1))},
    style.figure_png: {"figure": Arg(_FIGURE, instance(Figure)), "compress_level": Arg(6, count(0, most=9))},
    style.agg_canvas: {"figure": Arg(_FIGURE, instance(Figure))},
    style.draw_figure: {"figure": Arg(_FIGURE, instance(Figure))},
    style.canvas_png: {"canvas": Arg(style.agg_canvas(_FIGURE), instance(FigureCanvasAgg)),
                       "compress_level": Arg(1, count(0, most=9))},
    style.canvas_png_later: {"canvas": Arg(style.agg_canvas(_FIGURE), instance(FigureCanvasAgg)),
                             "encoder": Arg(_ENCODER, instance(Executor)), "compress_level": Arg(1, count(0, most=9))},
    style.live_png: {"canvas": Arg(style.agg_canvas(_FIGURE), instance(FigureCanvasAgg))},
    style.percent_axis: {"ax": Arg(_AXES, instance(Axes)), "which": Arg("y", text(choices=True)), "decimals": Arg(0, count(0))},
    style.points_axis: {"ax": Arg(_AXES, instance(Axes)), "which": Arg("y", text(choices=True))},
    style.mark_simulated: {"target": Arg(_AXES, instance(Axes, Figure)), "detail": Arg("seed 1", text())},
    # ----------------------------------------------------------------- capstone
    capstone.Investor: {
        "loss_limit": Arg(1e6, POSITIVE), "horizon_years": Arg(10, count(1, most=losses.MAX_HORIZON_YEARS)),
        "yen_liabilities": Arg(0.8, UNIT_INTERVAL), "k": Arg(2.0, POSITIVE),
    },
    capstone.Choices: {
        "stock_share": Arg(0.5, UNIT_INTERVAL), "home_share": Arg(0.4, UNIT_INTERVAL),
        "blend": Arg(0.3, UNIT_INTERVAL), "include_emerging": Arg(True, FLAG),
        "foreign_bond_share": Arg(0.5, UNIT_INTERVAL), "hedge_ratio": Arg(0.5, UNIT_INTERVAL),
        "regime": Arg("expansion", text(choices=True, none_ok=True)), "tilt_size": Arg(0.5, UNIT_INTERVAL),
    },
    capstone.InvestorCard: {
        "name": Arg("Aoi", text()), "age": Arg(28, count(0)), "situation": Arg("Saves for retirement.", text()),
        "savings": Arg(3e6, POSITIVE), "investor": Arg(capstone.Investor(), instance(capstone.Investor)), "beliefs": Arg("Prices are right.", text()),
        "levers": Arg({"emerging_premium": 0.0}, levers_kind()),
    },
    capstone.Assumptions: {
        "expected_returns": Arg(ASSUMPTIONS.expected_returns, labelled(series_only=True)),
        "covariance": Arg(ASSUMPTIONS.covariance, labelled_matrix()),
    },
    capstone.capstone_assumptions: {  # each lever: a bounded real, or None for its default
        "emerging_premium": Arg(0.01, real(-0.2, 0.2, none_ok=True)),
        "unhedged_premium": Arg(0.004, real(-0.1, 0.1, none_ok=True)),
        "hedged_premium": Arg(0.002, real(-0.1, 0.1, none_ok=True)),
        "hedged_domestic_correlation": Arg(0.6, real(-1.0, 1.0, none_ok=True)),
        "domestic_stock_return": Arg(0.06, real(-0.5, 0.5, none_ok=True)),
    },
    capstone.applied_tilt: {"choices": Arg(capstone.Choices(), instance(capstone.Choices))},
    capstone.assumption_table: {"assumptions": Arg(ASSUMPTIONS, instance(capstone.Assumptions, none_ok=True))},
    capstone.build_allocation: {"choices": Arg(capstone.Choices(), instance(capstone.Choices))},
    capstone.idle_choices: {"choices": Arg(capstone.Choices(), instance(capstone.Choices))},
    capstone.allocation_summary: {
        "choices": Arg(capstone.Choices(), instance(capstone.Choices)),
        "investor": Arg(capstone.Investor(), instance(capstone.Investor)),
        "assumptions": Arg(ASSUMPTIONS, instance(capstone.Assumptions, none_ok=True)),
    },
    capstone.AllocationSummary: {
        "investor": Arg(SUMMARY.investor, instance(capstone.Investor)),
        "choices": Arg(SUMMARY.choices, instance(capstone.Choices)),
        "weights": Arg(SUMMARY.weights, labelled(total=1.0, series_only=True)),
        "benchmark": Arg(SUMMARY.benchmark, labelled(total=1.0, series_only=True)),
        "expected_return": Arg(SUMMARY.expected_return, NUMBER),
        "volatility": Arg(SUMMARY.volatility, NONNEGATIVE),
        "benchmark_expected_return": Arg(SUMMARY.benchmark_expected_return, NUMBER),
        "benchmark_volatility": Arg(SUMMARY.benchmark_volatility, NONNEGATIVE),
        "worst_case_return": Arg(SUMMARY.worst_case_return, NUMBER),
        "max_investment": Arg(SUMMARY.max_investment, POSITIVE),
        "horizon_loss_probability": Arg(SUMMARY.horizon_loss_probability, UNIT_INTERVAL),
        "horizon_worst_case_return": Arg(SUMMARY.horizon_worst_case_return, NUMBER),
        "horizon_shortfall": Arg(SUMMARY.horizon_shortfall, NONNEGATIVE),
        "frontier": Arg(SUMMARY.frontier, instance(optimise.Frontier)),
        "efficient_weights": Arg(SUMMARY.efficient_weights, labelled(total=1.0, series_only=True)),
        "efficient_volatility": Arg(SUMMARY.efficient_volatility, NONNEGATIVE),
        "risk_contributions": Arg(SUMMARY.risk_contributions, labelled(total=1.0, series_only=True)),
        "active_weights": Arg(SUMMARY.active_weights, labelled(total=0.0, series_only=True)),
        "tracking_error": Arg(SUMMARY.tracking_error, NONNEGATIVE),
        "foreign_currency_exposure": Arg(SUMMARY.foreign_currency_exposure, UNIT_INTERVAL),
        "currency_mismatch": Arg(SUMMARY.currency_mismatch, real(-1.0, 1.0)),
    },
    capstone.key_figures: {"summary": Arg(SUMMARY, instance(capstone.AllocationSummary))},
    capstone.to_csv: {"summary": Arg(SUMMARY, instance(capstone.AllocationSummary))},
    capstone.to_markdown: {"summary": Arg(SUMMARY, instance(capstone.AllocationSummary)), "title": Arg("Mine", text())},
    # ----------------------------------------------------------------- exercises
    exercises.reveals: {"text": Arg("about 17.2%", text()), "value": Arg(0.172, NUMBER)},
    exercises.Feedback: {"verdict": Arg("right", text(choices=True)), "message": Arg("Well done.", text())},
    exercises.Checker: {
        "expected": Arg(0.172, NUMBER), "tolerance": Arg(0.0005, POSITIVE),
        "close": Arg(0.005, real(0.0005, open_low=True, none_ok=True)), "hint": Arg("Square the weights.", text()),
        "unit": Arg("decimal", text(choices=True)),
    },
}

# scenarios.gdp_over_cap passes **settings on to bubble_scenario: keep its worlds small.
GDP_OVER_CAP_SETTINGS = {**SMALL_WORLD, "periods_per_year": 4}


def call(function: Callable, kwargs: dict[str, Any]) -> Any:
    if function in (scenarios.gdp_over_cap, scenarios.gdp_relative_rise):
        return function(**kwargs, **GDP_OVER_CAP_SETTINGS)
    return function(**kwargs)


def valid_kwargs(function: Callable) -> dict[str, Any]:
    return {name: arg.value for name, arg in VALID_CALLS[function].items()}


def public_callables() -> list[Callable]:
    found = []
    for module in MODULES:
        for name, obj in vars(module).items():
            if name.startswith("_") or not (inspect.isfunction(obj) or inspect.isclass(obj)):
                continue
            if obj.__module__ == module.__name__:
                found.append(obj)
    return found


def label(value: Any) -> str:
    return getattr(value, "__qualname__", None) and f"{value.__module__.rsplit('.', 1)[-1]}.{value.__qualname__}" or str(value)


CASES = [
    pytest.param(function, name, id=f"{label(function)}-{name}")
    for function, arguments in VALID_CALLS.items()
    for name in arguments
]



# --------------------------------------------------------------------------- 2. completeness


def test_every_public_function_has_a_valid_call():
    missing = [label(f) for f in public_callables() if f not in VALID_CALLS and f not in EXEMPT]
    assert not missing, f"public functions with no entry in VALID_CALLS (or EXEMPT): {missing}"


def test_each_valid_call_names_every_parameter_and_works():
    for function, arguments in VALID_CALLS.items():
        parameters = [
            p.name for p in inspect.signature(function).parameters.values()
            if p.kind not in (p.VAR_POSITIONAL, p.VAR_KEYWORD)
        ]
        assert sorted(arguments) == sorted(parameters), label(function)
        call(function, valid_kwargs(function))


def test_exempt_functions_take_no_data():
    for function in EXEMPT:
        assert not inspect.signature(function).parameters, label(function)


# --------------------------------------------------------------------------- 3. only named ValueError/TypeError


def named(name: str, message: str) -> bool:
    return re.search(rf"(?<!\w){re.escape(name)}(?!\w)", message) is not None


def check_error(function: Callable, name: str, category: str, bad: Any, error: Exception) -> None:
    where = f"{label(function)}({name}={bad!r:.200}) [{category}]"
    assert isinstance(error, (ValueError, TypeError)), f"{where} raised {type(error).__name__}: {error}"
    names = list(VALID_CALLS[function]) if category in MISMATCH else [name]
    assert any(named(n, str(error)) for n in names), f"{where}: the message does not name {name}: {error}"


@pytest.mark.parametrize(("function", "name"), CASES)
@FUZZ
@given(draw=st.data())
def test_bad_value_raises_only_a_named_value_or_type_error(function, name, draw):
    arg = VALID_CALLS[function][name]
    strategies = arg.kind.bad(arg.value)
    category = draw.draw(st.sampled_from(sorted(strategies)), label="category")
    bad = draw.draw(strategies[category], label="bad value")
    kwargs = dict(valid_kwargs(function), **{name: bad})
    try:
        call(function, kwargs)
    except Exception as error:  # noqa: BLE001 (the test is about which exceptions escape)
        check_error(function, name, category, bad, error)


# --------------------------------------------------------------------------- 4. never a silent wrong number


@pytest.mark.parametrize(("function", "name"), CASES)
@MUST
@given(draw=st.data())
def test_bad_value_is_rejected(function, name, draw):
    arg = VALID_CALLS[function][name]
    strategies = arg.kind.bad(arg.value)
    for category in must_categories(arg.kind, arg.value):
        bad = draw.draw(strategies[category], label=category)
        kwargs = dict(valid_kwargs(function), **{name: bad})
        try:
            result = call(function, kwargs)
        except Exception as error:  # noqa: BLE001
            check_error(function, name, category, bad, error)
        else:
            pytest.fail(f"{label(function)}({name}={bad!r:.200}) [{category}] returned {result!r:.200}")


# --------------------------------------------------------------------------- mixed pandas and numpy


#: Vector arguments that are not one number per asset (the values an asset's input is set to).
NOT_BY_ASSET = {"values", "first_values", "second_values"}


def asset_label(position: int) -> str:
    """The label :func:`as_pandas` gives the asset at ``position``: a, b, c, ..."""
    return chr(ord("a") + position)


def as_pandas(arg: Arg) -> Any:
    """A vector or matrix argument as a labelled pandas object (labels a, b, c, ...)."""
    values = np.asarray(arg.value, dtype=float)
    labels = [asset_label(i) for i in range(values.shape[-1])]
    if values.ndim == 1:
        return pd.Series(values, index=labels)
    return pd.DataFrame(values, index=labels if arg.kind.family == "matrix" else None, columns=labels)


MIXED = [
    pytest.param(function, id=label(function)) for function, arguments in VALID_CALLS.items()
    if any(arg.kind.family for arg in arguments.values())
]


def same(first: Any, second: Any) -> None:
    if isinstance(first, (pd.Series, pd.DataFrame)):
        np.testing.assert_allclose(first.to_numpy(dtype=float), np.asarray(second, dtype=float), rtol=0, atol=0)
    elif hasattr(first, "__dataclass_fields__"):
        for name in first.__dataclass_fields__:
            same(getattr(first, name), getattr(second, name))
    elif isinstance(first, tuple):
        for a, b in zip(first, second, strict=True):
            same(a, b)
    else:
        np.testing.assert_array_equal(first, second)


@pytest.mark.parametrize("function", MIXED)
@settings(max_examples=6, deadline=None, derandomize=True)
@given(as_series=st.lists(st.booleans(), min_size=6, max_size=6))
def test_pandas_and_numpy_inputs_give_the_same_numbers(function, as_series):
    """Any mix of lists, arrays, Series and DataFrames for the array arguments: the same result
    (an asset is named by its label once any argument is labelled)."""
    arguments = VALID_CALLS[function]
    plain = call(function, {name: (np.asarray(arg.value, dtype=float) if arg.kind.family else arg.value)
                            for name, arg in arguments.items()})
    switches = iter(as_series)
    mixed = {name: (as_pandas(arg) if arg.kind.family and next(switches, False) else arg.value)
             for name, arg in arguments.items()}
    if any(isinstance(mixed[name], (pd.Series, pd.DataFrame)) for name in arguments if name not in NOT_BY_ASSET):
        mixed = {name: (asset_label(mixed[name]) if arg.kind.position else mixed[name]) for name, arg in arguments.items()}
    same(call(function, mixed), plain)


# --------------------------------------------------------------------------- the label helper


def test_an_unknown_label_is_a_value_error_and_a_key_error_that_names_the_argument():
    with pytest.raises(ValueError, match=r"baseline must be one of \['a', 'b'\] \(got 'c'\)") as caught:
        _validation.as_label("baseline", "c", pd.Index(["a", "b"]))
    assert isinstance(caught.value, KeyError)
    assert str(caught.value) == "baseline must be one of ['a', 'b'] (got 'c')"  # not quoted like a KeyError
    with pytest.raises(TypeError, match="name must be a label, a row of tilts"):
        _validation.as_label("name", ["a"], ["a", "b"], what="a row of tilts")
    assert _validation.as_label("asset", 2, range(3)) == 2


def test_the_object_helpers_return_their_argument_or_name_it_in_a_type_error():
    assert _validation.as_string("title", "x") == "x"
    assert _validation.as_instance("ax", _AXES, Axes, "a matplotlib Axes") is _AXES
    assert _validation.as_callable("function", len) is len
    with pytest.raises(TypeError, match=r"^title must be a string \(got bytes\)$"):
        _validation.as_string("title", b"x")
    with pytest.raises(TypeError, match=r"^target must be a matplotlib Axes or Figure \(got int\)$"):
        _validation.as_instance("target", 1, (Axes, Figure), "a matplotlib Axes or Figure")
    with pytest.raises(TypeError, match=r"^function must be callable \(got str\)$"):
        _validation.as_callable("function", "len")


def test_unknown_dataset_names_are_named_value_errors():
    for function, argument in ((data.load, "name"), (data.dataset_info, "name"), (data.reported_figures, "source")):
        with pytest.raises(ValueError, match=rf"{argument}|source"):
            function("no such dataset")
        with pytest.raises(TypeError, match=rf"{argument} must be a string"):
            function(None)
