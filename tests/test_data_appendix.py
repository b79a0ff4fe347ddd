"""The data appendix (book/data.md, written from the catalogs) names only public sources and loses no text.

Every text field of every catalog is Markdown on the appendix page. A placeholder such as
<section> outside a code span is read there as an HTML tag and vanishes, so the catalogs write
it in backticks. And the provenance a reader sees must be a public source: nothing about how
the book was made.
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest
from assetalloc import data

CATALOG_FILES = sorted(data.DATA_DIR.glob(data.CATALOGS))
#: Words that point to the book's making, not to a source a reader can reach.
INTERNAL = ("course file", "course.md", "course brief", "search tool")
#: A word in angle brackets, as in <section>_<quantity>_<subject>: an HTML tag to Markdown.
TAG = re.compile(r"<[A-Za-z][\w-]*>")
CODE_SPAN = re.compile(r"`[^`\n]*`")
#: Cleaned on another branch; the lead flips this after merging it.


def _strings(value) -> list[str]:
    """Every string inside a parsed catalog value (tables, lists and inline tables included)."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [text for item in value.values() for text in _strings(item)]
    if isinstance(value, list):
        return [text for item in value for text in _strings(item)]
    return []


def problems(text: str) -> list[str]:
    """What is wrong with one piece of appendix text: internal references and swallowed tags."""
    found = [word for word in INTERNAL if word in text.lower()]
    found += TAG.findall(CODE_SPAN.sub("", text))
    return found


@pytest.mark.parametrize("catalog", [path.name for path in CATALOG_FILES])
def test_catalog_text_is_public_and_renders(catalog: str) -> None:
    path = data.DATA_DIR / catalog
    raw = path.read_text(encoding="utf-8")
    assert [word for word in INTERNAL if word in raw.lower()] == [], catalog
    entries = tomllib.loads(raw)
    bad = {f"{name}: {text[:60]}": problems(text)
           for name, entry in entries.items() for text in _strings(entry) if problems(text)}
    assert bad == {}


def _datasets_by_catalog() -> dict[str, str]:
    return {name: path.name for path in CATALOG_FILES for name in tomllib.loads(path.read_text(encoding="utf-8"))}


@pytest.mark.parametrize("catalog", [path.name for path in CATALOG_FILES])
def test_rendered_appendix_text_is_public_and_renders(catalog: str) -> None:
    table = data.dataset_table()
    names = [name for name, source in _datasets_by_catalog().items() if source == catalog]
    assert names, catalog
    fields = ["title", "source", "url", "date", "retrieved", "units", "licence", "note"]
    bad = {f"{name}.{field}": problems(str(table.loc[name, field]))
           for name in names for field in fields if problems(str(table.loc[name, field]))}
    assert bad == {}
