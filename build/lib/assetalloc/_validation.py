"""Input validation shared by every public function of :mod:`assetalloc`.

Each public function validates its arguments once, on entry, with the helpers
below, and then works on clean float arrays. Every helper takes the argument's
``name`` so that its error message names it and says what was wrong, e.g.
``"weights must sum to 1 (got 0.9)"``. Wrong *types* (strings, booleans,
``None``) raise :class:`TypeError`; wrong *values* (NaN, inf, wrong shape,
out of range) raise :class:`ValueError`; a label that is not among the known
ones (a dataset's name, a row of a table) raises :class:`UnknownLabelError`,
a ValueError that is also a KeyError. Nothing else escapes.

Tolerances (defined with every other one in :mod:`assetalloc._tolerances`)
---------------------------------------------------------------------------
WEIGHT_SUM_TOL
    Weights (and bounds) must sum to their total within ``1e-8``.
MATRIX_TOL
    Symmetry, unit diagonal, entries in [-1, 1] and positive semidefiniteness
    (smallest eigenvalue >= -tol) are checked within ``1e-10`` times the
    largest absolute entry of the matrix: the tolerance scales with the matrix,
    so a monthly covariance of 1e-6 is held to the same standard as a yearly one.
    Positive semidefiniteness is tested by a Cholesky factorisation of the
    matrix plus ``tol`` on its diagonal; eigenvalues are computed only when it fails.

Labels
------
Arguments that carry asset labels (a pandas Series, or a DataFrame whose
columns, or rows and columns, are assets) are put on one order of labels by
:func:`aligned` before any number is read by position, or refused with a
ValueError naming both arguments and the labels that differ. A labelled input
gives a labelled output (:func:`labelled`).
"""

from __future__ import annotations

from collections.abc import Collection, Iterator, Mapping
from numbers import Integral, Real
from typing import Any

import numpy as np
import pandas as pd

from assetalloc._tolerances import MATRIX_TOL, WEIGHT_SUM_TOL

#: Largest integer a count, a size or a seed may be (numpy's int64): larger ones overflow floats.
MAX_INT = 2**63 - 1

__all__ = [
    "UnknownLabelError",
    "aligned",
    "as_asset",
    "as_bounds",
    "as_callable",
    "as_correlation",
    "as_covariance",
    "as_flag",
    "as_float",
    "as_float_or_array",
    "as_fraction",
    "as_instance",
    "as_int_at_least",
    "as_label",
    "as_labelled_vector",
    "as_nonnegative",
    "as_nonnegative_vector",
    "as_positive",
    "as_returns",
    "as_series",
    "as_string",
    "as_vector",
    "as_weights",
    "broadcastable",
    "is_positive_semidefinite",
    "labelled",
    "plain",
    "require",
    "same_labels",
]


class UnknownLabelError(KeyError, ValueError):
    """A label (a name, a key) that is not among the known ones.

    A ValueError, like every other bad value, and a KeyError, since it is a
    failed look-up (numpy's ``AxisError`` is a ValueError and an IndexError
    for the same reason). Its message is shown as written (a plain KeyError
    would quote it).
    """

    def __str__(self) -> str:
        return str(self.args[0]) if self.args else ""


# --------------------------------------------------------------------------- scalars


def as_float(name: str, x: Any) -> float:
    """A finite real number.

    Raises TypeError for booleans, strings, ``None`` and other non-numbers,
    ValueError for NaN or infinity. A 0-d numpy array counts as its number.
    """
    x = _unwrap(x)
    if isinstance(x, (bool, np.bool_)):
        raise TypeError(f"{name} must be a number, not a boolean (got {x})")
    if not isinstance(x, Real):
        raise TypeError(f"{name} must be a real number (got {type(x).__name__})")
    value = float(x)
    require(name, np.float64(value), np.isfinite(value), "finite")
    return value


def as_flag(name: str, x: Any) -> bool:
    """True or False (a Python or numpy boolean); TypeError for anything else, 0 and 1 included."""
    if not isinstance(x, (bool, np.bool_)):
        raise TypeError(f"{name} must be True or False (got {x!r})")
    return bool(x)


def as_positive(name: str, x: Any) -> float:
    """A finite number > 0."""
    value = as_float(name, x)
    require(name, np.float64(value), value > 0, "> 0")
    return value


def as_nonnegative(name: str, x: Any) -> float:
    """A finite number >= 0."""
    value = as_float(name, x)
    require(name, np.float64(value), value >= 0, ">= 0")
    return value


def as_fraction(name: str, x: Any) -> float:
    """A finite number in [0, 1] (a share, a probability, a blend)."""
    value = as_float(name, x)
    require(name, np.float64(value), 0.0 <= value <= 1.0, "in [0, 1]")
    return value


def as_int_at_least(name: str, x: Any, minimum: int) -> int | np.ndarray:
    """An integer (or an array of integers, returned as an int array) >= minimum.

    Floats are refused even when integral (``3.0``): counts are integers.
    """
    x = _unwrap(x)
    if isinstance(x, (bool, np.bool_)):
        raise TypeError(f"{name} must be an integer, not a boolean (got {x})")
    if isinstance(x, Integral):
        values: int | np.ndarray = int(x)
    elif _is_scalar(x):
        raise TypeError(f"{name} must be an integer (got {x!r})")
    else:
        values = _shaped(name, x, ndims=(1, 2), dtype=None)
        if values.dtype.kind not in "iu":
            raise TypeError(f"{name} must contain integers (got dtype {values.dtype})")
    require(name, np.asarray(values), np.asarray(values) >= minimum, f"an integer >= {minimum}")
    if np.max(values) > MAX_INT:
        raise ValueError(f"{name} must be at most 2**63 - 1 (got an integer of {len(str(np.max(values)))} digits)")
    return values


def as_label(name: str, x: Any, labels: Any, what: str = "one of") -> Any:
    """One of ``labels`` (e.g. a row of a table): TypeError if unhashable, UnknownLabelError if absent.

    The message reads ``"<name> must be <what> <labels> (got <x>)"``.
    """
    try:
        hash(x)
    except TypeError:
        raise TypeError(f"{name} must be a label, {what} {list(labels)} (got {type(x).__name__})") from None
    if x not in labels:
        raise UnknownLabelError(f"{name} must be {what} {list(labels)} (got {x!r})")
    return x


# --------------------------------------------------------------------------- objects


def as_string(name: str, x: Any) -> str:
    """A string (TypeError for anything else, bytes included)."""
    if not isinstance(x, str):
        raise TypeError(f"{name} must be a string (got {type(x).__name__})")
    return x


def as_instance(name: str, x: Any, types: type | tuple[type, ...], what: str) -> Any:
    """An instance of ``types``; the TypeError reads ``"<name> must be <what> (got <type>)"``.

    ``what`` names the expected type with its article, e.g. ``"a matplotlib Axes"``.
    """
    if not isinstance(x, types):
        raise TypeError(f"{name} must be {what} (got {type(x).__name__})")
    return x


def as_callable(name: str, x: Any) -> Any:
    """A callable (a function, a class, an object with ``__call__``)."""
    if not callable(x):
        raise TypeError(f"{name} must be callable (got {type(x).__name__})")
    return x


# --------------------------------------------------------------------------- arrays


def as_float_or_array(name: str, x: Any, *, nonnegative: bool = False) -> float | np.ndarray:
    """A finite number, or a non-empty 1-D or 2-D array of them, for vectorised arguments.

    A scalar comes back as a float, anything else as a float array.
    """
    if _is_scalar(x):
        value = as_float(name, _unwrap(x))
        _require_finite(name, np.float64(value), nonnegative)
        return value
    values = _shaped(name, x, ndims=(1, 2))
    _require_finite(name, values, nonnegative)
    return values


def as_returns(name: str, x: Any) -> float | np.ndarray:
    """A simple return (decimal), or a 1-D or 2-D array of them (a Series or a DataFrame
    included): finite and above -1, a loss of 100 % or more being impossible.

    A scalar comes back as a float, anything else as a float array (as :func:`as_float_or_array`).
    """
    values = as_float_or_array(name, x)
    require(name, np.asarray(values), np.asarray(values) > -1.0, "> -1 (a loss of 100 % or more)")
    return values


def as_series(name: str, x: Any, *, above: float | None = None, nonnegative: bool = False) -> pd.Series:
    """A pandas Series of finite numbers, as floats with its labels and name kept.

    With ``above`` every value must be > ``above``; with ``nonnegative`` >= 0.
    TypeError for anything but a Series.
    """
    if not isinstance(x, pd.Series):
        raise TypeError(f"{name} must be a pandas Series (got {type(x).__name__})")
    values = as_nonnegative_vector(name, x) if nonnegative else as_vector(name, x)
    if above is not None:
        require(name, values, values > above, f"> {above:g}")
    return pd.Series(values, index=x.index, name=x.name)


def as_vector(name: str, x: Any, length: int | None = None) -> np.ndarray:
    """A non-empty 1-D array of finite floats, of the given length if one is given."""
    values = _shaped(name, x, ndims=(1,), length=length)
    _require_finite(name, values, nonnegative=False)
    return values


def as_nonnegative_vector(name: str, x: Any, length: int | None = None) -> np.ndarray:
    """Like :func:`as_vector`, and every entry >= 0 (e.g. volatilities)."""
    values = _shaped(name, x, ndims=(1,), length=length)
    _require_finite(name, values, nonnegative=True)
    return values


def as_labelled_vector(
    name: str, x: Any, *, nonnegative: bool = False
) -> tuple[pd.Index, np.ndarray]:
    """Labels and values from a pandas Series or a mapping ``{label: value}``."""
    if isinstance(x, Mapping):
        if len(x) == 0:
            raise ValueError(f"{name} must not be empty")
        x = pd.Series(x)
    if not isinstance(x, pd.Series):
        raise TypeError(
            f"{name} must be a pandas Series or a dict of label -> value (got {type(x).__name__})"
        )
    check = as_nonnegative_vector if nonnegative else as_vector
    return x.index, check(name, x)


def broadcastable(*arguments: tuple[str, Any]) -> None:
    """Raise ValueError naming the arguments unless their shapes broadcast together (numpy's rules).

    Each argument is a ``(name, value)`` pair of already validated numbers or arrays.
    """
    shapes = [np.shape(value) for _, value in arguments]
    try:
        np.broadcast_shapes(*shapes)
    except ValueError:
        names = ", ".join(name for name, _ in arguments)
        got = ", ".join(str(shape) for shape in shapes)
        raise ValueError(f"{names} must have shapes that broadcast together (got {got})") from None


def as_weights(name: str, w: Any, n: int | None = None, *, total: float = 1.0) -> np.ndarray:
    """Portfolio weights: shape ``(n,)`` or ``(m, n)`` (one portfolio per row).

    Each portfolio's weights must be finite and sum to ``total`` (1 for a fully
    invested portfolio) within :data:`WEIGHT_SUM_TOL` = 1e-8; active weights
    (``total`` 0, one portfolio minus another) within twice that.
    """
    weights = _shaped(name, w, ndims=(1, 2), length=n)
    _require_finite(name, weights, nonnegative=False)
    sums = weights.sum(axis=-1)
    # Weights summing to 0 are active weights, the difference of two portfolios each within the tolerance.
    tol = 2 * WEIGHT_SUM_TOL if total == 0.0 else WEIGHT_SUM_TOL
    bad = np.atleast_1d(np.abs(sums - total) > tol)
    if bad.any():
        row = int(np.argmax(bad))
        got = f"{np.atleast_1d(sums)[row]:.10g}"
        if weights.ndim == 1:
            raise ValueError(f"{name} must sum to {total:g} (got {got})")
        raise ValueError(f"{name} must sum to {total:g} in every row (got {got} in row {row})")
    return weights


def as_covariance(name: str, c: Any, n: int | None = None) -> np.ndarray:
    """A covariance matrix: square (n x n if n is given), finite, symmetric and PSD.

    Returned exactly symmetric, ``(c + c.T) / 2``.
    """
    _labels_of(name, c, square=True)
    matrix, tol = _square_matrix(name, c, n)
    matrix = _symmetric(name, matrix, tol)
    _require_psd(name, matrix, tol)
    return matrix


def as_correlation(name: str, c: Any, n: int | None = None) -> np.ndarray:
    """A correlation matrix: square, symmetric, unit diagonal, entries in [-1, 1], PSD.

    Returned exactly symmetric with an exact unit diagonal and entries clipped
    to [-1, 1] (they may exceed it by the tolerance).
    """
    _labels_of(name, c, square=True)
    matrix, tol = _square_matrix(name, c, n)
    matrix = _symmetric(name, matrix, tol)
    require(f"{name} diagonal", np.diag(matrix), np.abs(np.diag(matrix) - 1) <= tol, "1")
    require(f"{name} entries", matrix, np.abs(matrix) <= 1 + tol, "in [-1, 1]")
    matrix = np.clip(matrix, -1.0, 1.0)
    np.fill_diagonal(matrix, 1.0)
    _require_psd(name, matrix, tol)
    return matrix


def as_bounds(
    lower: Any, upper: Any, n: int, *, total: float = 1.0
) -> tuple[np.ndarray, np.ndarray]:
    """Per-asset bounds ``lower <= w <= upper`` as two float vectors of length n.

    Each bound may be a scalar (the same for every asset) or a vector. The
    bounds must be finite, ``lower <= upper`` asset by asset, and admit weights
    summing to ``total``: ``sum(lower) <= total <= sum(upper)`` (within
    :data:`WEIGHT_SUM_TOL`), otherwise ValueError ``"bounds are infeasible: ..."``.
    """
    lo = _bound("lower", lower, n)
    hi = _bound("upper", upper, n)
    crossed = lo > hi
    if crossed.any():
        i = int(np.argmax(crossed))
        raise ValueError(
            f"bounds are infeasible: lower > upper at position {i} ({lo[i]:.6g} > {hi[i]:.6g})"
        )
    if lo.sum() > total + WEIGHT_SUM_TOL:
        raise ValueError(
            f"bounds are infeasible: the lower bounds sum to {lo.sum():.10g} > {total:g}"
        )
    if hi.sum() < total - WEIGHT_SUM_TOL:
        raise ValueError(
            f"bounds are infeasible: the upper bounds sum to {hi.sum():.10g} < {total:g}"
        )
    return lo, hi


# --------------------------------------------------------------------------- labels


def aligned(*arguments: tuple[str, Any], matrices: Collection[str] = ()) -> tuple[pd.Index | None, list[Any]]:
    """The arguments on one order of asset labels, and those labels (None if no argument has any).

    Each argument is a ``(name, value)`` pair. A Series is labelled by its
    index; a DataFrame by its columns, or, if its name is in ``matrices`` (a
    covariance or correlation), by its rows, which must equal its columns in
    the same order. Labels must be unique. The first labelled argument sets the
    order; every other labelled argument must carry the same labels and is
    reordered onto them. Arguments without labels (lists, arrays, scalars) come
    back unchanged: their order is the caller's responsibility, as with numpy.

    Raises ValueError ``"<name> labels differ from <first name> labels: ..."``
    naming the labels found in one and not the other.
    """
    reference: tuple[str, pd.Index] | None = None
    values = []
    for name, value in arguments:
        labels = _labels_of(name, value, square=name in matrices)
        if labels is not None:
            if reference is None:
                reference = (name, labels)
            elif not labels.equals(reference[1]):
                first_name, first = reference
                only_here, only_first = labels.difference(first), first.difference(labels)
                if len(only_here) or len(only_first):
                    raise ValueError(
                        f"{name} labels differ from {first_name} labels: "
                        f"{_listed(only_here)} only in {name}, {_listed(only_first)} only in {first_name}"
                    )
                value = _reordered(value, first, square=name in matrices)
        values.append(value)
    return (None if reference is None else reference[1]), values


def same_labels(name: str, labels: Any, other_name: str, other: Any, *, ordered: bool = False) -> None:
    """Refuse two sets of asset labels unless each is unique and they hold the same labels
    (in the same order if ``ordered``).

    For arguments that must be reordered onto each other by label (``.loc``):
    a repeated label would multiply rows, so it is refused first, with
    ``"<name> labels must be unique (repeated: ...)"``; then ValueError
    ``"<name> and <other_name> must have the same labels (got [...] and [...])"``.
    """
    labels, other = pd.Index(labels), pd.Index(other)
    _unique(name, labels)
    _unique(other_name, other)
    same = labels.equals(other) if ordered else (len(labels) == len(other) and set(labels) == set(other))
    if not same:
        order = ", in the same order" if ordered else ""
        raise ValueError(
            f"{name} and {other_name} must have the same labels{order} (got {list(labels)} and {list(other)})"
        )


def labelled(values: Any, labels: pd.Index | None, *, square: bool = False) -> Any:
    """``values`` labelled by asset: a Series (1-D), a DataFrame with asset columns
    (2-D, one row per portfolio) or with assets as rows and columns (``square``).

    With ``labels`` None (no input was labelled) the values come back unchanged.
    """
    if labels is None:
        return values
    if square:
        return pd.DataFrame(values, index=labels, columns=labels)
    if np.ndim(values) == 1:
        return pd.Series(values, index=labels)
    return pd.DataFrame(values, columns=labels)


def as_asset(name: str, asset: Any, labels: pd.Index | None, n: int) -> int:
    """The position of one asset among ``n``.

    With labelled inputs (``labels`` from :func:`aligned`) ``asset`` is a label,
    integers included (an integer label is never read as a position); with
    unlabelled inputs it is an integer position from 0 to n - 1.
    """
    if labels is not None:
        as_label(name, asset, labels, what="one of the assets' labels")
        return int(labels.get_loc(asset))
    position = as_int_at_least(name, asset, 0)
    if not isinstance(position, int):
        raise TypeError(f"{name} must be one integer position (got {asset!r})")
    if position >= n:
        raise ValueError(f"{name} must be a position below {n}, the number of assets (got {position})")
    return position


def _labels_of(name: str, value: Any, square: bool) -> pd.Index | None:
    if isinstance(value, pd.Series):
        labels = value.index
    elif isinstance(value, pd.DataFrame):
        labels = value.columns
        if square and not value.index.equals(labels):
            raise ValueError(
                f"{name} must have the same labels, in the same order, in its rows and its columns "
                f"(rows {_listed(value.index)}, columns {_listed(labels)})"
            )
    else:
        return None
    _unique(name, labels)
    return labels


def _unique(name: str, labels: pd.Index) -> None:
    if labels.has_duplicates:
        raise ValueError(f"{name} labels must be unique (repeated: {_listed(labels[labels.duplicated()].unique())})")


def _reordered(value: pd.Series | pd.DataFrame, labels: pd.Index, square: bool) -> pd.Series | pd.DataFrame:
    if isinstance(value, pd.Series):
        return value.reindex(labels)
    if square:
        return value.loc[labels, labels]
    return value.loc[:, labels]


def _listed(labels: Any) -> str:
    return "[" + ", ".join(repr(label) for label in labels) + "]"


# --------------------------------------------------------------------------- checks


def require(name: str, values: np.ndarray, ok: Any, requirement: str) -> None:
    """Raise ``ValueError("<name> must be <requirement> (got <value> at position <i>)")``.

    ``ok`` is a boolean (array) the shape of ``values``; the first failing
    entry is reported.
    """
    ok = np.asarray(ok)
    if ok.all():
        return
    values = np.asarray(values)
    if values.ndim == 0:
        raise ValueError(f"{name} must be {requirement} (got {float(values):.6g})")
    position = tuple(int(i) for i in np.argwhere(~np.broadcast_to(ok, values.shape))[0])
    where = position[0] if values.ndim == 1 else position
    raise ValueError(
        f"{name} must be {requirement} (got {values[position]:.6g} at position {where})"
    )


def _require_finite(name: str, values: np.ndarray, nonnegative: bool) -> None:
    if nonnegative:
        require(name, values, np.isfinite(values) & (values >= 0), "non-negative and finite")
    else:
        require(name, values, np.isfinite(values), "finite")


def _matrix_tol(matrix: np.ndarray) -> float:
    """:data:`MATRIX_TOL` relative to the matrix's scale (its largest absolute entry; NaN if one is NaN)."""
    return MATRIX_TOL * max(float(matrix.max()), -float(matrix.min()))  # no |matrix| temporary


def _square_matrix(name: str, c: Any, n: int | None) -> tuple[np.ndarray, float]:
    """A finite square float matrix (the caller's own array when it is one: not to be written to) and its tolerance."""
    matrix = _shaped(name, c, ndims=(2,), copy=False)
    rows, cols = matrix.shape
    if rows != cols:
        raise ValueError(f"{name} must be a square matrix (got shape {matrix.shape})")
    if n is not None and rows != n:
        raise ValueError(f"{name} must have shape ({n}, {n}) (got {matrix.shape})")
    tol = _matrix_tol(matrix)
    if not np.isfinite(tol):  # an entry is NaN or infinite: find it for the message
        _require_finite(name, matrix, nonnegative=False)
    return matrix, tol


def _symmetric(name: str, matrix: np.ndarray, tol: float) -> np.ndarray:
    """``(matrix + matrix.T) / 2``, refused if any entry differs from its mirror by more than ``tol``."""
    work = np.subtract(matrix, matrix.T)
    asymmetry = float(np.abs(work, out=work).max())
    if asymmetry > tol:
        raise ValueError(f"{name} must be symmetric (largest asymmetry {asymmetry:.3g})")
    np.add(matrix, matrix.T, out=work)  # one buffer for both: the symmetric result is exact, a + b = b + a
    work *= 0.5
    return work


def _require_psd(name: str, matrix: np.ndarray, tol: float) -> None:
    """Refuse a symmetric matrix unless its smallest eigenvalue is >= -tol (see :func:`is_positive_semidefinite`).

    ``matrix`` must be the caller's own array: its diagonal is shifted during the test and restored.
    """
    if not _is_psd_in_place(matrix, tol):
        smallest = float(np.linalg.eigvalsh(matrix)[0])
        raise ValueError(f"{name} must be positive semidefinite (smallest eigenvalue {smallest:.3g})")


def is_positive_semidefinite(matrix: np.ndarray, tol: float | None = None) -> bool:
    """Whether a symmetric matrix's smallest eigenvalue is >= -tol (default: :func:`_matrix_tol`).

    Tested by a Cholesky factorisation of ``matrix + tol * I``, which succeeds
    exactly when that shifted matrix is positive definite: a third of the
    arithmetic of an eigendecomposition, and several times faster. The
    eigenvalues are computed only when it fails, to decide a borderline case
    (a smallest eigenvalue of exactly ``-tol``) and for the caller's message.
    """
    return _is_psd_in_place(matrix.copy(), _matrix_tol(matrix) if tol is None else tol)


def _is_psd_in_place(matrix: np.ndarray, tol: float) -> bool:
    """:func:`is_positive_semidefinite` without a copy: the diagonal is shifted by ``tol`` and restored exactly."""
    diagonal = matrix.diagonal().copy()
    matrix.flat[:: matrix.shape[0] + 1] += tol
    try:
        np.linalg.cholesky(matrix)
    except np.linalg.LinAlgError:
        matrix.flat[:: matrix.shape[0] + 1] = diagonal
        return bool(np.linalg.eigvalsh(matrix)[0] >= -tol)
    matrix.flat[:: matrix.shape[0] + 1] = diagonal
    return True


def _bound(name: str, x: Any, n: int) -> np.ndarray:
    if _is_scalar(x):
        return np.full(n, as_float(name, _unwrap(x)))
    return as_vector(name, x, n)


# --------------------------------------------------------------------------- conversion


def _shaped(
    name: str,
    x: Any,
    ndims: tuple[int, ...],
    length: int | None = None,
    dtype: type | None = float,
    copy: bool = True,
) -> np.ndarray:
    """A non-empty array with one of the allowed numbers of dimensions.

    ``length`` is the required size of the last axis; with ``copy`` False a float
    array comes back as it is, not copied. Values are not yet checked.
    """
    values = _to_array(name, x, dtype, copy)
    if values.ndim not in ndims:
        allowed = " or ".join(f"{d}-D" for d in ndims)
        raise ValueError(f"{name} must be {allowed} (got shape {values.shape})")
    if values.size == 0:
        raise ValueError(f"{name} must not be empty")
    if length is not None and values.shape[-1] != length:
        raise ValueError(f"{name} must have {length} entries (got {values.shape[-1]})")
    return values


def _to_array(name: str, x: Any, dtype: type | None, copy: bool = True) -> np.ndarray:
    """Numbers from a list, tuple, numpy array or pandas object; types checked, not values."""
    if x is None or isinstance(x, (str, bytes)):
        raise TypeError(f"{name} must be numbers (got {type(x).__name__})")
    if isinstance(x, (pd.Series, pd.DataFrame)):
        for column_dtype in [x.dtype] if isinstance(x, pd.Series) else list(x.dtypes):
            _require_numeric_dtype(name, column_dtype)
        return x.to_numpy(dtype=dtype, na_value=np.nan)
    if isinstance(x, (list, tuple)):
        for item in _leaves(x):
            if isinstance(item, (bool, np.bool_, str, bytes)) or item is None:
                raise TypeError(f"{name} must be numbers (got {item!r})")
    try:
        values = np.asarray(x)
    except ValueError:
        raise ValueError(f"{name} must be a rectangular array of numbers") from None
    _require_numeric_dtype(name, values.dtype)
    return values if dtype is None else values.astype(dtype, copy=copy)


def _require_numeric_dtype(name: str, dtype: Any) -> None:
    if isinstance(dtype, np.dtype) and dtype.kind in "iuf":  # the common case, without pandas' slower checks
        return
    if pd.api.types.is_bool_dtype(dtype):
        raise TypeError(f"{name} must be numbers, not booleans")
    if not pd.api.types.is_numeric_dtype(dtype) or pd.api.types.is_complex_dtype(dtype):
        raise TypeError(f"{name} must be real numbers (got dtype {dtype})")


def _is_scalar(x: Any) -> bool:
    """Anything but a sequence or an array of 1 or more dimensions (np.ndim fails on ragged lists)."""
    if isinstance(x, np.ndarray):
        return x.ndim == 0
    return not isinstance(x, (list, tuple, pd.Series, pd.DataFrame))


def plain(values: Any) -> float | np.ndarray:
    """A result as the caller expects it: a float for one value (0-d), the array for several."""
    return float(values) if np.ndim(values) == 0 else values


def _unwrap(x: Any) -> Any:
    """The scalar inside a 0-d numpy array; anything else unchanged."""
    return x[()] if isinstance(x, np.ndarray) and x.ndim == 0 else x


def _leaves(items: list | tuple) -> Iterator[Any]:
    for item in items:
        if isinstance(item, (list, tuple)):
            yield from _leaves(item)
        else:
            yield item
