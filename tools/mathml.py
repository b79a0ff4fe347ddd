"""A Sphinx extension: the book's math typeset at build time as MathML, with no JavaScript.

Browsers draw MathML themselves (Chromium since version 109, Firefox, Safari), and screen
readers read it, so the pages need no MathJax: about 0.8 MB less for every page with a formula.
The TeX of each ``$...$`` and ``$$...$$`` is converted by ``latex2mathml`` when the page is
written. TeX it cannot convert faithfully (a command it does not know, an alignment ``&``) is a
Sphinx warning naming the page, so the build (run with warnings as errors) stops rather than
showing a wrong formula.

Selected in ``_config.yml`` by ``html_math_renderer: mathml`` and listed under
``sphinx.local_extensions``.
"""

from __future__ import annotations

import re
from html import escape
from typing import Any

from docutils import nodes
from latex2mathml.converter import convert
from sphinx.application import Sphinx
from sphinx.locale import _
from sphinx.util import logging
from sphinx.util.math import get_node_equation_number
from sphinx.writers.html5 import HTML5Translator

logger = logging.getLogger(__name__)

#: What latex2mathml leaves in its output when it does not understand the TeX: an unknown
#: command kept as text (``<mi>\foo</mi>``) or an alignment point kept as a character.
NOT_CONVERTED = re.compile(r">\\[A-Za-z]+<|<mi>&</mi>|<mi>&amp;</mi>")
#: A capital Greek letter (U+0391 to U+03A9) as latex2mathml writes it. MathML slants every
#: one-letter identifier; TeX sets capital Greek upright (the covariance matrix Sigma, Delta).
CAPITAL_GREEK = re.compile(r"<mi>(&#x003(?:9[1-9A-F]|A[0-9]);)</mi>")


def to_mathml(latex: str, display: str, node: nodes.Element) -> str:
    """``latex`` as a ``<math>`` element (``display`` "inline" or "block"); a warning if it cannot be.

    On a warning the TeX itself is shown, escaped, so that a build without ``-W`` still shows
    something readable.
    """
    try:
        mathml = convert(latex, display=display)
    except Exception as error:  # noqa: BLE001 (latex2mathml's errors share no base class beyond Exception)
        logger.warning("cannot typeset this math as MathML (%s): %s", type(error).__name__, latex, location=node)
        return escape(latex)
    unknown = NOT_CONVERTED.search(mathml)
    if unknown:
        logger.warning("cannot typeset this math as MathML (%s is not supported): %s",
                       unknown.group(0).strip("<>"), latex, location=node)
        return escape(latex)
    return CAPITAL_GREEK.sub(r'<mi mathvariant="normal">\1</mi>', mathml)


def visit_inline(self: HTML5Translator, node: nodes.math) -> None:
    self.body.append(self.starttag(node, "span", "", CLASS="math notranslate"))
    self.body.append(to_mathml(node.astext(), "inline", node) + "</span>")
    raise nodes.SkipNode


def visit_block(self: HTML5Translator, node: nodes.math_block) -> None:
    """A display formula: one ``<math display="block">`` per blank-line-separated equation, numbered if labelled."""
    self.body.append(self.starttag(node, "div", CLASS="math notranslate"))
    if node.get("number"):
        number = get_node_equation_number(self, node)
        self.body.append(f'<span class="eqno">({number})')
        self.add_permalink_ref(node, _("Link to this equation"))
        self.body.append("</span>")
    equations = [part for part in node.astext().split("\n\n") if part.strip()]
    self.body.extend(to_mathml(equation, "block", node) for equation in equations)
    self.body.append("</div>\n")
    raise nodes.SkipNode


def setup(app: Sphinx) -> dict[str, Any]:
    app.add_html_math_renderer("mathml", (visit_inline, None), (visit_block, None))
    return {"parallel_read_safe": True, "parallel_write_safe": True}
