"""The prose's numbers: ``{eval}`glued("key", "spec")``` in the chapters, answered in Jupyter by
``assetalloc.book.glued`` and on the site by ``tools/glued_text.py``, both as myst-nb's
``{glue:text}`` writes them."""

from __future__ import annotations

import re
import sys
import tomllib
from importlib.metadata import version

import pytest
from assetalloc import book
from conftest import REPO, load_tool
from myst_nb.core.variables import format_plain_text
from packaging.requirements import Requirement

glued_text = load_tool("glued_text")

EVAL = glued_text.EVAL
CHAPTERS = sorted((REPO / "book").glob("*.md"))


def test_every_eval_in_the_book_is_a_glued_value_the_build_can_answer():
    expressions = {path.name: EVAL.findall(path.read_text(encoding="utf-8")) for path in CHAPTERS}
    assert sum(map(len, expressions.values())) > 500
    unanswered = {name: [e for e in found if glued_text.glue_text(e) is None] for name, found in expressions.items()}
    assert not any(unanswered.values()), unanswered
    left = [path.name for path in CHAPTERS if "{glue:" in path.read_text(encoding="utf-8")]
    assert not left, f"{{glue:...}} roles show raw in Jupyter: {left}"


@pytest.mark.parametrize(("expression", "content"), [
    ('glued("risk_40_60", ".2%")', "risk_40_60:.2%"),
    ('glued("us_first_year")', "us_first_year"),
    ('glued("budget", ",.0f")', "budget:,.0f"),
    ('glued("risk_40_60", ".2%") * 2', None),
    ("glued('risk_40_60')", None),
    ("risk_40_60", None),
])
def test_only_the_glued_form_is_answered_at_build_time(expression, content):
    assert glued_text.glue_text(expression) == content


def test_the_installed_myst_nb_is_the_pinned_minor_version():
    """tools/glued_text.py subclasses myst-nb's {glue:text} role: pyproject pins the minor version it was written for."""
    pyproject = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
    pins = [Requirement(item) for item in pyproject["project"]["optional-dependencies"]["book"]]
    pin = next(requirement for requirement in pins if requirement.name == "myst-nb")
    assert version("myst-nb") in pin.specifier
    assert pin.specifier.contains("1.4.99") and not pin.specifier.contains("1.5.0")


@pytest.mark.parametrize("value", [0.16523, 0.0, -0.0812, 1_234_567.891, 42, 2017, "March 2017", "a 'quoted' word"])
def test_glued_writes_a_value_as_the_site_does(value):
    book.glue("test_value", value)
    specs = {spec for path in CHAPTERS for spec in re.findall(r'glued\("[^"]+", "([^"]*)"\)', path.read_text("utf-8"))}
    for spec in sorted(specs | {""}):
        if isinstance(value, str) and spec not in ("", "s"):
            continue
        site = format_plain_text(repr(value), spec)
        assert book.glued("test_value", spec) == site, spec


def test_glued_text_shows_without_quotes_in_jupyter():
    book.glue("test_share", 0.25)
    shown = book.glued("test_share", ".0%")
    assert shown == "25%" and repr(shown) == "25%" and isinstance(shown, str)


def test_glue_publishes_what_myst_nb_glue_publishes(monkeypatch):
    """The build reads glue's outputs as myst-nb's own glue makes them (made without importing it)."""
    from myst_nb import glue as myst_glue

    shown = []
    for display in ("IPython.display.display", "myst_nb.ext.glue.ipy_display"):
        monkeypatch.setattr(display, lambda *args, **kwargs: shown.append((args, kwargs)))
    for value in (0.1235, "March", 1500000):
        book.glue("test_same", value)
        myst_glue("test_same", value, display=False)
        assert shown[-2] == shown[-1], value


def test_glue_works_without_myst_nb(monkeypatch):
    """A reader's kernel has only the run-time dependencies: glue keeps the value for glued."""
    monkeypatch.setitem(sys.modules, "myst_nb", None)  # import myst_nb now raises ImportError
    book.glue("test_alone", 1500000.0)
    assert book.glued("test_alone", ",.0f") == "1,500,000"


def test_glued_names_what_is_missing_or_wrong():
    with pytest.raises(ValueError, match="name 'never_glued'"):
        book.glued("never_glued")
    book.glue("test_word", "March")
    with pytest.raises(ValueError, match="spec '.2%'"):
        book.glued("test_word", ".2%")
