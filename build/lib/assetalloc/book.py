"""Helpers for the book itself (not for the library's users).

:func:`glue` stores a computed number for the prose and :func:`glued` writes it there
(``{eval}`glued("name", ".2%")```), so that no figure the library can compute is typed
by hand; :func:`dollar_amount`
writes a large dollar figure in words ("$30.2 trillion"); :func:`signed_percent`
and :func:`signed_number` write a negative number with a true minus sign (U+2212),
not a hyphen; :func:`toc_pages` lists the pages of the built site (for its tests
and benchmarks).
"""

from __future__ import annotations

import importlib.util
import math
import numbers
from os import PathLike
from pathlib import Path
from typing import Any

import numpy as np

from assetalloc import _validation as check

__all__ = [
    "DOLLAR_SCALES",
    "MINUS",
    "dollar_amount",
    "glue",
    "glued",
    "signed_number",
    "signed_percent",
    "toc_pages",
]

#: The minus sign of typeset text (U+2212), which a hyphen-minus only imitates.
MINUS = "\u2212"


def _plain(value: Any) -> Any:
    """numpy scalars as Python numbers: their text form must parse as a number."""
    if isinstance(value, np.generic):
        return value.item()
    return value


#: Every value glued in this Python session, by name: what :func:`glued` formats.
_GLUED: dict[str, float | int | str] = {}


def glue(name: str, value: Any) -> None:
    """Store ``value`` under ``name`` for the chapter's text, without displaying it.

    The value is kept for :func:`glued`, which the prose calls (in Jupyter with jupyterlab-myst).
    When the book is built (myst-nb installed) it is also glued into the notebook's outputs,
    where the site's build reads it.

    Parameters
    ----------
    name : str
        The key the prose uses: ``{eval}`glued("name", ".2%")```.
    value : number or str
        A finite number (numpy scalars are converted to Python numbers) or a string.
    """
    if not isinstance(name, str):
        raise TypeError(f"name must be a string (got {type(name).__name__})")
    plain = _plain(value)
    if not isinstance(plain, (numbers.Real, str)) or isinstance(plain, bool):
        raise TypeError(f"value for {name!r} must be a real number or a string (got {type(value).__name__})")
    if isinstance(plain, numbers.Real) and not math.isfinite(plain):
        raise ValueError(f"value for {name!r} must be finite (got {plain})")
    _GLUED[name] = plain
    if importlib.util.find_spec("myst_nb") is None:  # a reader's kernel: only the run-time dependencies
        return
    _publish_glue(name, plain)


#: The prefix of a glued output's media types, in myst-nb's glue format.
GLUE_PREFIX = "application/papermill.record/"


def _publish_glue(name: str, value: Any) -> None:
    """Display ``value`` as an output that myst-nb's build glues under ``name`` (hidden in Jupyter).

    The output myst-nb's own ``glue(name, value, display=False)`` makes: the value's display
    data under :data:`GLUE_PREFIX` with ``scrapbook`` metadata. Made here, with IPython alone,
    because importing myst-nb's glue imports nbformat and its schema validators (seconds of a
    chapter's run); a test checks the two outputs are the same.
    """
    from IPython.core.formatters import format_display_data
    from IPython.display import display

    bundle, metadata = format_display_data(value)
    metadata["scrapbook"] = {"name": name, "mime_prefix": GLUE_PREFIX}
    display({GLUE_PREFIX + kind: data for kind, data in bundle.items()}, raw=True, metadata=metadata)


class _GluedText(str):
    """Text that shows as itself, without quotes, where Jupyter shows an expression's value."""

    def __repr__(self) -> str:
        return str(self)


def glued(name: str, spec: str = "") -> _GluedText:
    """A value stored by :func:`glue`, as the prose shows it: ``glued("risk_40_60", ".2%") -> "16.52%"``.

    Formatted as myst-nb formats ``{glue:text}`name:spec``` (the site's build answers the same
    expression that way, ``tools/glued_text.py``): the type letter at the end of ``spec`` makes
    the value a string (``s``), an integer (``d``, ``x``...) or a float (``f``, ``%``...) first.

    Parameters
    ----------
    name : str
        A name already glued in this session (run the chapter's cells first).
    spec : str
        A format specification (``".2%"``, ``",.0f"``); empty for the value as it is.

    Returns
    -------
    str
        The formatted text (a ``str``).
    """
    name = check.as_string("name", name)
    spec = check.as_string("spec", spec)
    if name not in _GLUED:
        raise ValueError(f"name {name!r} has nothing glued under it: run the chapter's code cells first")
    try:
        return _GluedText(_formatted(_GLUED[name], spec))
    except ValueError as error:
        raise ValueError(f"spec {spec!r} cannot format the value of {name!r}: {error}") from None


def _formatted(value: float | str, spec: str) -> str:
    if spec == "":
        return str(value)
    kind = spec[-1]
    if kind == "s":
        value = str(value)
    elif kind in "bcdoxX":
        value = int(value)
    elif kind in "eEfFgGn%":
        value = float(value)
    return format(value, spec)


#: Scales for :func:`dollar_amount`, largest first.
DOLLAR_SCALES = ((1e12, "trillion"), (1e9, "billion"), (1e6, "million"))


def dollar_amount(amount: float, significant: int = 3) -> str:
    """A dollar figure as a reader says it: ``30_200_000_000_000 -> "$30.2 trillion"``.

    Parameters
    ----------
    amount : float
        US dollars (finite, may be negative).
    significant : int
        Significant digits kept (>= 1); trailing zeros are dropped.

    Returns
    -------
    str
        ``"$30.2 trillion"``, ``"$300 billion"``; amounts below a million in full (``"$1,250"``).

    Examples
    --------
    >>> dollar_amount(30.2e12), dollar_amount(1.78e12), dollar_amount(3e11), dollar_amount(1250.0)
    ('$30.2 trillion', '$1.78 trillion', '$300 billion', '$1,250')
    """
    value = check.as_float("amount", amount)
    significant = check.as_int_at_least("significant", significant, 1)
    sign = MINUS if value < 0 else ""
    size = abs(value)
    for scale, word in DOLLAR_SCALES:
        if size >= scale:
            return f"{sign}${float(f'{size / scale:.{significant}g}'):g} {word}"
    return f"{sign}${size:,.0f}"


def _signed(value: Any, decimals: Any, plus: Any, kind: str) -> str:
    number = check.as_float("value", value)
    decimals = check.as_int_at_least("decimals", decimals, 0)
    plus = check.as_flag("plus", plus)
    text = format(number, f"{'+' if plus else ''}.{int(decimals)}{kind}")
    if text.lstrip("+-").strip("0.%") == "":  # rounds to zero: no sign at all, not "-0.0%"
        text = text.lstrip("+-")
    return text.replace("-", MINUS)


def signed_percent(value: float, decimals: int = 1, plus: bool = False) -> str:
    """A decimal fraction as a percentage, negatives with a true minus sign: ``-0.088 -> "\u22128.8%"``.

    Parameters
    ----------
    value : float
        The number as a decimal (-0.088 for -8.8 %); finite.
    decimals : int
        Digits after the decimal point of the percentage (>= 0).
    plus : bool
        Also write a plus sign in front of a positive number (for changes).

    Returns
    -------
    str
        ``format(value, ".{decimals}%")`` with the hyphen-minus replaced by U+2212;
        a value that rounds to zero gets no sign.

    Examples
    --------
    >>> signed_percent(-0.088) == "\u22128.8%", signed_percent(0.0284, 2), signed_percent(0.005, 1, plus=True)
    (True, '2.84%', '+0.5%')
    """
    return _signed(value, decimals, plus, "%")


def signed_number(value: float, decimals: int = 2, plus: bool = False) -> str:
    """A number with fixed decimals, negatives with a true minus sign: ``-0.2 -> "\u22120.20"``.

    Parameters
    ----------
    value : float
        Any finite number, in the unit the text gives it (a correlation, basis points, ...).
    decimals : int
        Digits after the decimal point (>= 0).
    plus : bool
        Also write a plus sign in front of a positive number.

    Returns
    -------
    str
        ``format(value, ".{decimals}f")`` with the hyphen-minus replaced by U+2212;
        a value that rounds to zero gets no sign.

    Examples
    --------
    >>> signed_number(-0.2) == "\u22120.20", signed_number(100.0, 0, plus=True)
    (True, '+100')
    """
    return _signed(value, decimals, plus, "f")


def toc_pages(toc: str | Path) -> list[str]:
    """Every page of a Jupyter Book table of contents as an HTML path, root first, in reading order.

    Parameters
    ----------
    toc : str or pathlib.Path
        The ``_toc.yml`` file.
    """
    from sphinx_external_toc.parsing import parse_toc_yaml

    if not isinstance(toc, (str, PathLike)):
        raise TypeError(f"toc must be a str or a path (got {type(toc).__name__})")
    if not Path(toc).is_file():
        raise ValueError(f"toc must name an existing file (got {str(toc)!r})")
    site_map = parse_toc_yaml(Path(toc))

    def walk(docname: str) -> list[str]:
        return [f"{docname}.html"] + [page for child in site_map[docname].child_files() for page in walk(child)]

    return walk(site_map.root.docname)
