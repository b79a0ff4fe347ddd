"""The math extension (tools/mathml.py): TeX written into the pages as MathML, bad TeX a warning.

Each test builds a two-paragraph Sphinx project with the extension, as the book does.
"""

from __future__ import annotations

import io
from pathlib import Path

from conftest import REPO
from sphinx.application import Sphinx

PAGE = r"""
Formulas
========

Inline :math:`\sigma_p^2 = w^\top \Sigma w` in a sentence.

.. math::
   :label: budget

   I_{\max} = \frac{B}{k\,\sigma - \mu}

.. math::

   a = b

   c = \sqrt{d}

See :eq:`budget`.
"""


def build(tmp_path: Path, page: str) -> tuple[str, str]:
    """Build ``page`` as index.rst to HTML; return the page's HTML and Sphinx's warnings."""
    source, output = tmp_path / "source", tmp_path / "html"
    source.mkdir()
    (source / "conf.py").write_text(
        f"import sys\nsys.path.insert(0, {str(REPO / 'tools')!r})\n"
        "extensions = ['mathml']\nhtml_math_renderer = 'mathml'\n"
    )
    (source / "index.rst").write_text(page)
    warnings = io.StringIO()
    app = Sphinx(source, source, output, tmp_path / "doctrees", "html", status=None, warning=warnings,
                 freshenv=True)
    app.build()
    return (output / "index.html").read_text(encoding="utf-8"), warnings.getvalue()


def test_math_is_written_as_mathml_with_no_script(tmp_path: Path) -> None:
    html, warnings = build(tmp_path, PAGE)
    assert warnings == ""
    assert html.count('display="inline"') == 1 and html.count('display="block"') == 3  # two equations in one block
    assert "<msubsup><mi>&#x003C3;</mi><mi>p</mi><mn>2</mn></msubsup>" in html  # sigma_p squared
    assert "<mfrac>" in html and "<msqrt>" in html
    assert '<mi mathvariant="normal">&#x003A3;</mi>' in html  # capital Sigma upright, as in TeX
    assert 'class="eqno">(1)' in html and 'href="#equation-budget"' in html  # numbered, and the reference links it
    assert "mathjax" not in html.lower()
    assert "\\frac" not in html and "\\sigma" not in html


def test_tex_it_cannot_convert_is_a_warning_naming_it(tmp_path: Path) -> None:
    html, warnings = build(tmp_path, "Bad\n===\n\n:math:`\\foo x` and :math:`x^`\n")
    assert warnings.count("cannot typeset this math as MathML") == 2
    assert "\\foo" in warnings and "x^" in warnings and "index.rst" in warnings
    assert "\\foo x" in html  # shown as escaped TeX, never as a wrong formula
