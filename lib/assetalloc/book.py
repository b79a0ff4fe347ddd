"""Helpers for the book itself (not for the library's users).

:func:`glue` stores a computed number for the prose (``{glue:text}`name:.2%```)
so that no figure the library can compute is typed by hand; :func:`toc_pages`
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
