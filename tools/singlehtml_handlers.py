"""A Sphinx extension: the single-page HTML builder draws every node the HTML builder draws.

Sphinx looks up a custom node's HTML handlers by builder name and falls back to the format
("html") only when no extension registered any handler for that builder name. sphinx-exercise
registers its nodes for "singlehtml", so myst-nb's nodes (registered for "html" only, such as
the collapsed code cells) have no handler in ``make pdf``'s singlehtml build and it fails.
This copies the missing "html" handlers to "singlehtml". Listed under ``sphinx.local_extensions``
in ``_config.yml``; it changes nothing in the ordinary HTML build.
"""

from __future__ import annotations

from typing import Any

from sphinx.application import Sphinx


def _copy_html_handlers(app: Sphinx) -> None:
    handlers = app.registry.translation_handlers
    single = handlers.setdefault("singlehtml", {})
    for node, pair in handlers.get("html", {}).items():
        single.setdefault(node, pair)


def setup(app: Sphinx) -> dict[str, Any]:
    app.connect("builder-inited", _copy_html_handlers)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
