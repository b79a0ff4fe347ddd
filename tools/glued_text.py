"""A Sphinx extension: the prose's numbers, written as ``{eval}`glued("key", "spec")```, answered at build time.

The chapters write each computed number in their prose as a MyST ``{eval}`` expression over
:func:`assetalloc.book.glued`, for example ``{eval}`glued("risk_40_60", ".2%")```. In JupyterLab
the jupyterlab-myst extension evaluates it in the running kernel (after the cells have run). The
book is built with myst-nb's execution cache, where ``{eval}`` has no kernel to ask; this extension
answers those expressions from the values the chapter glued (the notebook's cached outputs),
exactly as myst-nb's ``{glue:text}`key:spec``` role writes them, so the pages keep the cache.

Only that one expression form is answered; any other ``{eval}`` is a warning (the build runs with
warnings as errors). It relies on two parts of myst-nb that are not its documented interface (the
``{glue:text}`` role class and the ``eval`` role's name), so pyproject.toml pins myst-nb's minor
version and ``tests/test_glued_text.py`` checks this module against the installed myst-nb.

Listed under ``sphinx.local_extensions`` in ``_config.yml``, after ``myst_nb``.
"""

from __future__ import annotations

import re
from typing import Any

from docutils import nodes
from myst_nb.ext.glue.roles import PasteTextRole
from myst_nb.ext.glue.utils import glue_warning
from sphinx.application import Sphinx

#: The one expression answered: ``glued("key")`` or ``glued("key", "spec")``, double quotes, no escapes.
GLUED = re.compile(r'glued\("(?P<key>[A-Za-z0-9_]+)"(?:, "(?P<spec>[^"\\]*)")?\)')


#: An ``{eval}`` role in MyST text: its expression.
EVAL = re.compile(r"\{eval\}`([^`]*)`")


def glued_parts(expression: str) -> tuple[str, str | None] | None:
    """The key and format spec (None if none) of a ``glued(...)`` expression; None if it is not one."""
    match = GLUED.fullmatch(expression.strip())
    return None if match is None else (match["key"], match["spec"])


def glue_text(expression: str) -> str | None:
    """The ``{glue:text}`` content (``key`` or ``key:spec``) that answers ``expression``; None if it is not a glued one."""
    parts = glued_parts(expression)
    if parts is None:
        return None
    key, spec = parts
    return key if spec is None else f"{key}:{spec}"


class GluedEvalRole(PasteTextRole):
    """``{eval}`glued("key", "spec")``` answered as ``{glue:text}`key:spec``` (same node, same text)."""

    def run(self) -> tuple[list[nodes.Node], list[nodes.system_message]]:
        content = glue_text(self.text)
        if content is None:
            message = f'only {{eval}}`glued("key", "spec")` can be answered without a kernel (got {self.text!r})'
            return [], [glue_warning(message, self.document, self.line)]
        self.text = content
        return super().run()


def setup(app: Sphinx) -> dict[str, Any]:
    app.setup_extension("myst_nb")  # myst-nb registers its own eval role first; this one replaces it
    app.add_role("eval", GluedEvalRole(), override=True)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
