"""Every library name a chapter uses is public: listed in its module's ``__all__``, which names only what exists.

The widget modules (``assetalloc.widgets``) are left out: they are the chapters' figures, not the
library's interface.
"""

from __future__ import annotations

import importlib
import re
from pathlib import Path

import pytest

BOOK = Path(__file__).resolve().parents[1] / "book"
LIBRARY = Path(__file__).resolve().parents[1] / "lib" / "assetalloc"
#: ``from assetalloc import a, b`` and ``from assetalloc.module import (x, y)``.
MODULE_IMPORT = re.compile(r"^from assetalloc import (?:\(([^)]*)\)|([^(\n]+))$", re.MULTILINE)
NAME_IMPORT = re.compile(r"^from assetalloc\.(\w+) import (?:\(([^)]*)\)|([^(\n]+))$", re.MULTILINE)


def _names(listed: str) -> list[str]:
    return [name for name in re.split(r"[,\s]+", listed) if name]


def used_names(text: str) -> set[tuple[str, str]]:
    """(module, name) for every ``module.name`` and ``from assetalloc.module import name`` in a chapter."""
    used = set()
    for match in MODULE_IMPORT.finditer(text):
        for module in _names(match.group(1) or match.group(2)):
            used |= {(module, name) for name in re.findall(rf"(?<![\w.]){module}\.(\w+)", text)}
    for match in NAME_IMPORT.finditer(text):
        used |= {(match.group(1), name) for name in _names(match.group(2) or match.group(3))}
    return {(module, name) for module, name in used if module != "widgets"}


def test_the_pattern_finds_module_and_name_imports() -> None:
    text = "from assetalloc import risk, data\nfrom assetalloc.book import (\n    glue,\n    signed_number,\n)\n" \
           "x = risk.portfolio_volatility(w, data.load('a'))\n"
    assert used_names(text) == {("risk", "portfolio_volatility"), ("data", "load"), ("book", "glue"),
                                ("book", "signed_number")}


@pytest.mark.parametrize("chapter", sorted(BOOK.glob("*.md")), ids=lambda path: path.name)
def test_every_library_name_a_chapter_uses_is_in_all(chapter: Path) -> None:
    missing = sorted(
        f"{module}.{name}" for module, name in used_names(chapter.read_text(encoding="utf-8"))
        if name not in importlib.import_module(f"assetalloc.{module}").__all__
    )
    assert not missing, f"{chapter.name} uses names missing from their module's __all__: {missing}"


@pytest.mark.parametrize("path", sorted(LIBRARY.glob("[!_]*.py")), ids=lambda path: path.name)
def test_all_names_only_what_exists(path: Path) -> None:
    module = importlib.import_module(f"assetalloc.{path.stem}")
    assert [name for name in module.__all__ if not hasattr(module, name)] == []
