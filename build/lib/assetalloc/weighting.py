"""Weights from a size measure: market capitalisation, GDP, equal, or a blend.

An index weights each market by some measure of its size: its stock-market
value (capitalisation weighting), its economy (GDP weighting) or nothing at
all (equal weighting). Every such rule is the same computation: divide each
market's size by the total. This module does that, blends two rules, and
measures a portfolio against a benchmark (active weights) and one size
measure against another (cap-to-GDP ratios, the differences of shares).

Units: sizes are in any common unit (percent of the world, dollars, yen);
weights and active weights are DECIMALS summing to 1 and 0 respectively.
Labelled inputs (a pandas Series or a dict ``{label: value}``) keep their
labels; two labelled inputs must carry the same labels.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from assetalloc import _validation as check

__all__ = [
    "active_weights",
    "blend_weights",
    "cap_to_gdp_ratio",
    "equal_weights",
    "exclude_and_renormalise",
    "share_comparison",
    "share_differences",
    "weights_from_sizes",
]


def _sizes(name: str, sizes: Any) -> pd.Series:
    """Non-negative labelled sizes with a positive total."""
    labels, values = check.as_labelled_vector(name, sizes, nonnegative=True)
    if not labels.is_unique:
        raise ValueError(f"{name} must have unique labels (repeated: {list(labels[labels.duplicated()])})")
    if values.sum() <= 0:
        raise ValueError(f"{name} must not all be zero: weights need a positive total size")
    return pd.Series(values, index=labels, dtype=float)


def _size_table(name: str, sizes: pd.DataFrame) -> pd.DataFrame:
    """Non-negative sizes, one set per row, with unique column labels and a positive total in each row."""
    values = check.as_float_or_array(name, sizes, nonnegative=True)
    values = np.atleast_2d(values)
    if not sizes.columns.is_unique:
        raise ValueError(f"{name} must have unique labels (repeated: {list(sizes.columns[sizes.columns.duplicated()])})")
    check.require(name, values.sum(axis=1), values.sum(axis=1) > 0, "not all zero in any row: weights need a positive total size")
    return pd.DataFrame(values, index=sizes.index, columns=sizes.columns)


def weights_from_sizes(sizes: Any) -> pd.Series:
    """Weights proportional to a size measure: ``w_i = s_i / sum(s)``.

    Capitalisation weighting passes market values, GDP weighting passes GDP
    (or GDP shares), and any other measure (population, revenue) works alike.

    Parameters
    ----------
    sizes : pandas.Series, mapping of label to float, or pandas.DataFrame
        Non-negative sizes in any common unit, not all zero; a DataFrame
        holds one set of sizes per row (for example market values by date).

    Returns
    -------
    pandas.Series or pandas.DataFrame
        Weights (decimal), same labels, summing to 1 (each row, for a DataFrame).

    Examples
    --------
    >>> weights_from_sizes({"a": 30.0, "b": 10.0}).tolist()
    [0.75, 0.25]
    """
    if isinstance(sizes, pd.DataFrame):
        table = _size_table("sizes", sizes)
        return table.div(table.sum(axis=1), axis=0)
    values = _sizes("sizes", sizes)
    return values / values.sum()


def equal_weights(labels: Any) -> pd.Series:
    """The same weight, ``1/N``, for each of ``N`` labels.

    Parameters
    ----------
    labels : sequence of hashable, or a pandas Series / Index (its labels are used)
        The markets, at least one, without repeats.

    Returns
    -------
    pandas.Series
        Weights (decimal) summing to 1.
    """
    if isinstance(labels, pd.Series):
        labels = labels.index
    if isinstance(labels, (str, bytes)) or not hasattr(labels, "__len__"):
        raise TypeError(f"labels must be a sequence of labels (got {type(labels).__name__})")
    index = pd.Index(labels)
    if len(index) == 0:
        raise ValueError("labels must not be empty")
    if not index.is_unique:
        raise ValueError(f"labels must not repeat (repeated: {list(index[index.duplicated()])})")
    return pd.Series(1.0 / len(index), index=index)


def exclude_and_renormalise(sizes: Any, exclude: str) -> pd.Series:
    """Weights of the other markets when one is left out: ``w_i = s_i / sum(s_j, j != excluded)``.

    A yen-based investor who holds Japanese stocks for other reasons splits
    only the foreign part by a rule: leave Japan out of the world's sizes and
    weight the rest so that they sum to 1 again.

    Parameters
    ----------
    sizes : pandas.Series or mapping of label to float
        Non-negative sizes in any common unit (percent of the world,
        dollars), not all zero, over labels that include ``exclude``.
    exclude : str
        The label to leave out (for example ``"japan"``); the others must
        still have a positive total.

    Returns
    -------
    pandas.Series
        Weights (decimal) of the remaining labels, in their order, summing to 1.

    Examples
    --------
    >>> exclude_and_renormalise({"us": 60.0, "japan": 20.0, "em": 20.0}, "japan").tolist()
    [0.75, 0.25]
    """
    values = _sizes("sizes", sizes)
    if not isinstance(exclude, str):
        raise TypeError(f"exclude must be a label (str) of sizes (got {type(exclude).__name__})")
    if exclude not in values.index:
        raise ValueError(f"exclude must be one of the labels of sizes {list(values.index)} (got {exclude!r})")
    rest = values.drop(exclude)
    if rest.empty or rest.sum() <= 0:
        raise ValueError(f"sizes must have a positive total once {exclude!r} is left out")
    return rest / rest.sum()


def blend_weights(first: Any, second: Any, blend: float) -> pd.Series:
    """A mix of two weighting rules: ``(1 - blend) * w_first + blend * w_second``.

    Each input is first normalised with :func:`weights_from_sizes`, so sizes
    in different units (market values in dollars, GDP in percent) can be
    blended directly.

    Parameters
    ----------
    first, second : pandas.Series or mapping of label to float
        Two size measures over the same labels (non-negative, not all zero).
    blend : float
        Weight of the second rule, in [0, 1]: 0 gives the first rule's
        weights, 1 the second's.

    Returns
    -------
    pandas.Series
        Weights (decimal) in the labels' order of ``first``, summing to 1.

    Examples
    --------
    Halfway between capitalisation and GDP weights:

    >>> blend_weights({"us": 60.0, "em": 40.0}, {"us": 40.0, "em": 60.0}, 0.5).tolist()
    [0.5, 0.5]
    """
    first_sizes = _sizes("first", first)
    second_sizes = _sizes("second", second)
    check.same_labels("first", first_sizes.index, "second", second_sizes.index)
    share = check.as_fraction("blend", blend)
    first_weights = first_sizes / first_sizes.sum()
    second_weights = (second_sizes / second_sizes.sum()).loc[first_sizes.index]
    return (1.0 - share) * first_weights + share * second_weights


def share_differences(shares: Any, reference: Any) -> pd.Series:
    """Each label's share minus the reference share: the source's column (B) - (A).

    No normalisation: the shares are compared as given (percent stays
    percent), as a printed table does.

    Parameters
    ----------
    shares, reference : pandas.Series or mapping of label to float
        Two sets of finite numbers over the same labels.

    Returns
    -------
    pandas.Series
        ``shares - reference`` in the labels' order of ``shares``, same units.
    """
    labels, values = check.as_labelled_vector("shares", shares)
    reference_labels, reference_values = check.as_labelled_vector("reference", reference)
    first = pd.Series(values, index=labels)
    second = pd.Series(reference_values, index=reference_labels)
    check.same_labels("shares", first.index, "reference", second.index)
    return first - second.loc[labels]


def active_weights(weights: Any, benchmark: Any) -> pd.Series | pd.DataFrame:
    """A portfolio's weights minus its benchmark's: the active weights.

    A positive active weight is an overweight, a negative one an
    underweight; they sum to 0 because both portfolios are fully invested.

    Parameters
    ----------
    weights : pandas.Series, mapping of label to float, or pandas.DataFrame
        Weights (decimal) summing to 1; a DataFrame holds one portfolio per
        row (for example a backtest's target weights by date).
    benchmark : pandas.Series or mapping of label to float
        Benchmark weights (decimal, sum 1) over the same labels.

    Returns
    -------
    pandas.Series or pandas.DataFrame
        Active weights (decimal) in the labels' order of ``weights``, summing
        to 0 (each row, for a DataFrame).

    Examples
    --------
    >>> active_weights({"us": 0.3, "em": 0.7}, {"us": 0.6, "em": 0.4}).round(2).tolist()
    [-0.3, 0.3]
    """
    if isinstance(weights, pd.DataFrame):
        if weights.empty:
            raise ValueError("weights must hold at least one portfolio (got an empty DataFrame)")
        return weights.apply(active_weights, axis=1, benchmark=benchmark)
    labels, values = check.as_labelled_vector("weights", weights)
    benchmark_labels, benchmark_values = check.as_labelled_vector("benchmark", benchmark)
    check.as_weights("weights", values)
    check.as_weights("benchmark", benchmark_values)
    check.same_labels("weights", labels, "benchmark", benchmark_labels)
    return share_differences(pd.Series(values, index=labels), pd.Series(benchmark_values, index=benchmark_labels))


def cap_to_gdp_ratio(cap_share: Any, gdp_share: Any) -> pd.Series:
    """Each market's share of world capitalisation divided by its share of world GDP.

    Above 1 the stock market is large for its economy (a mature, open market
    with many listed companies, or an expensive one); below 1 it is small
    (much of the economy unlisted or state-owned, or a cheap market).

    Parameters
    ----------
    cap_share, gdp_share : pandas.Series or mapping of label to float
        Shares over the same labels, in the same units (both percent or both
        decimals); capitalisation shares non-negative, GDP shares > 0.

    Returns
    -------
    pandas.Series
        The ratios (no unit), in the labels' order of ``cap_share``.

    Examples
    --------
    The United States in 2010 (41.3 % of MSCI ACWI, 26.4 % of world GDP):

    >>> round(float(cap_to_gdp_ratio({"us": 41.3}, {"us": 26.4})["us"]), 2)
    1.56
    """
    labels, cap = check.as_labelled_vector("cap_share", cap_share, nonnegative=True)
    gdp_labels, gdp = check.as_labelled_vector("gdp_share", gdp_share, nonnegative=True)
    check.require("gdp_share", gdp, gdp > 0, "> 0 for a ratio to exist")
    numerator, denominator = pd.Series(cap, index=labels), pd.Series(gdp, index=gdp_labels)
    check.same_labels("cap_share", numerator.index, "gdp_share", denominator.index)
    ratio = numerator / denominator.loc[labels]
    check.require("gdp_share", denominator.loc[labels].to_numpy(), np.isfinite(ratio.to_numpy()), "large enough for a finite ratio")
    return ratio


def share_comparison(gdp_share: Any, cap_share: Any, *, normalise: bool = False) -> pd.DataFrame:
    """The source's table: GDP share, capitalisation share, difference and cap-to-GDP ratio.

    Parameters
    ----------
    gdp_share, cap_share : pandas.Series or mapping of label to float
        Shares by region over the same labels, in the same units
        (non-negative; GDP shares > 0).
    normalise : bool
        False compares the shares as given (as the source prints them, which
        need not sum to 100 %); True first rescales each column to weights
        summing to 1 (:func:`weights_from_sizes`), so the result is in
        DECIMALS and the differences are active weights.

    Returns
    -------
    pandas.DataFrame
        Indexed by region, columns ``gdp_share``, ``cap_share``,
        ``difference`` (cap minus GDP, the source's (B) - (A)) and
        ``cap_to_gdp`` (no unit).
    """
    normalise = check.as_flag("normalise", normalise)
    gdp, cap = _sizes("gdp_share", gdp_share), _sizes("cap_share", cap_share)
    check.same_labels("cap_share", cap.index, "gdp_share", gdp.index)
    gdp = gdp.loc[cap.index]
    if normalise:
        gdp, cap = weights_from_sizes(gdp), weights_from_sizes(cap)
    return pd.DataFrame(
        {
            "gdp_share": gdp,
            "cap_share": cap,
            "difference": share_differences(cap, gdp),
            "cap_to_gdp": cap_to_gdp_ratio(cap, gdp),
        }
    )
