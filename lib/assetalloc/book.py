"""Helpers for the book itself (not for the library's users).

:func:`glue` stores a computed number for the prose (``{glue:text}`name:.2%```)
so that no figure the library can compute is typed by hand; :func:`dollar_amount`
writes a large dollar figure in words ("$30.2 trillion"); :func:`toc_pages`
lists the pages of the built site (for its tests and benchmarks).
"""

from __future__ import annotations

import math
import numbers
from os import PathLike
from pathlib import Path
from typing import Any

import numpy as np


def _plain(value: Any) -> Any:
    """numpy scalars as Python numbers: their text form must parse as a number."""
    if isinstance(value, np.generic):
        return value.item()
    return value


def glue(name: str, value: Any) -> None:
    """Store ``value`` under ``name`` for the chapter's text, without displaying it.

    Parameters
    ----------
    name : str
        The key used in ``{glue:text}`` roles.
    value : number or str
        A finite number (numpy scalars are converted to Python numbers) or a string.
    """
    from myst_nb import glue as myst_glue

    if not isinstance(name, str):
        raise TypeError(f"name must be a string (got {type(name).__name__})")
    plain = _plain(value)
    if not isinstance(plain, (numbers.Real, str)) or isinstance(plain, bool):
        raise TypeError(f"value for {name!r} must be a real number or a string (got {type(value).__name__})")
    if isinstance(plain, numbers.Real) and not math.isfinite(plain):
        raise ValueError(f"value for {name!r} must be finite (got {plain})")
    myst_glue(name, plain, display=False)


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
    if isinstance(amount, (bool, np.bool_)) or not isinstance(_plain(amount), numbers.Real):
        raise TypeError(f"amount must be a real number (got {type(amount).__name__})")
    value = float(_plain(amount))
    if not math.isfinite(value):
        raise ValueError(f"amount must be finite (got {value})")
    if isinstance(significant, (bool, np.bool_)) or not isinstance(_plain(significant), numbers.Integral):
        raise TypeError(f"significant must be an integer (got {significant!r})")
    if significant < 1:
        raise ValueError(f"significant must be >= 1 (got {significant})")
    sign = "-" if value < 0 else ""
    size = abs(value)
    for scale, word in DOLLAR_SCALES:
        if size >= scale:
            return f"{sign}${float(f'{size / scale:.{significant}g}'):g} {word}"
    return f"{sign}${size:,.0f}"


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
