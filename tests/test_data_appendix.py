"""The data appendix (book/data.md, written from the catalogs) names only public sources and loses no text.

Every text field of every catalog is Markdown on the appendix page. A placeholder such as
<section> outside a code span is read there as an HTML tag and vanishes, so the catalogs write
it in backticks. Likewise a pair of dollar signs is read as inline math, an asterisk or an
underscore around a word as emphasis, and ``--`` becomes an en dash (so a command copied from
the page fails): outside code spans the catalogs write "USD 213 billion", not a dollar sign, and
put keys, patterns and commands in backticks. And the provenance a reader sees must be a public source: nothing about how
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
#: What Markdown would turn into math, emphasis or an en dash: a dollar sign, an asterisk, an
#: underscore that opens or closes a word (not one inside snake_case) and a double hyphen.
MARKUP = re.compile(r"\$|\*|(?<![\w\\])_(?=\w)|(?<=\w)_(?!\w)|--")


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
    """What is wrong with one piece of appendix text: internal references, swallowed tags and
    characters Markdown would read as math, emphasis or an en dash."""
    found = [word for word in INTERNAL if word in text.lower()]
    prose = CODE_SPAN.sub("", text)
    found += TAG.findall(prose)
    found += MARKUP.findall(prose)
    return found


@pytest.mark.parametrize("text", ["size ($213 billion)", "the keys loss_*, max_investment_*", "S3V*, S*M*",
                                  "a _word_ in italics", "pip download --no-deps x"])
def test_markup_outside_code_is_caught(text: str) -> None:
    assert problems(text)


@pytest.mark.parametrize("text", ["size (USD 213 billion)", "the keys `loss_*`, `max_investment_*`",
                                  "`S3V*`, `S*M*`", "table1_risk_40_60 and gpif_2004_assumptions()",
                                  "`pip download --no-deps x`"])
def test_markup_in_code_or_snake_case_passes(text: str) -> None:
    assert problems(text) == []


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
    bad = {f"{name}.{field}": found for name in names for field in fields
           if (found := problems(str(table.loc[name, field])))}
    assert bad == {}


@pytest.mark.build
def test_built_data_page_has_no_math_or_emphasis_in_the_catalog_text(built_site: Path) -> None:
    """On the session's built page, the catalog text has no math and no emphasis: the page's own
    prose uses neither, so any ``<math>``, MathJax span or ``<em>`` came from a note."""
    html = (built_site / "book" / "data.html").read_text(encoding="utf-8")
    body = html[html.index("datasets-at-a-glance"):]
    assert re.findall(r"<math|class=\"math|<em>", body) == []
