"""Fixtures shared by the build and browser tests: the built site, a local server, the TOC."""

from __future__ import annotations

import functools
import http.server
import re
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from sphinx_external_toc.parsing import parse_toc_yaml

REPO = Path(__file__).resolve().parents[1]
#: Jupyter Book colours its log even when it is not a terminal.
ANSI_ESCAPE = re.compile(r"\x1b\[[0-9;]*m")


@pytest.fixture(scope="session")
def built_site() -> Path:
    """Build the book once per session with the Makefile's command; the path of _build/html.

    The build runs every chapter through the jupyter cache (``_build/.jupyter_cache``),
    so a second session only re-runs what changed.
    """
    # The directory of this interpreter, not its resolved target: a venv's bin/ holds jupyter-book.
    bin_dir = Path(sys.executable).parent
    result = subprocess.run(
        ["make", "html", f"BIN={bin_dir}"],
        cwd=REPO, capture_output=True, text=True, check=False,
    )
    log = ANSI_ESCAPE.sub("", result.stdout + result.stderr).splitlines()
    # Show the log from the first warning or error (the cause), else its end.
    first = next((i for i, line in enumerate(log) if "WARNING:" in line or "ERROR:" in line), max(len(log) - 80, 0))
    assert result.returncode == 0, (
        f"`make html BIN={bin_dir}` failed with exit code {result.returncode}:\n" + "\n".join(log[first:first + 150])
    )
    return REPO / "_build" / "html"


@pytest.fixture(scope="session")
def site_url(built_site: Path) -> Iterator[str]:
    """The built site served on 127.0.0.1 at a free port, as ``http://127.0.0.1:PORT``."""

    class QuietHandler(http.server.SimpleHTTPRequestHandler):
        def log_message(self, format, *args):  # noqa: A002 (the standard library's name)
            pass

    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(QuietHandler, directory=str(built_site))
    )
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()
    thread.join()


@pytest.fixture(scope="session")
def toc_pages() -> list[str]:
    """Every page of _toc.yml as an HTML path relative to the site, root first, in reading order."""
    site_map = parse_toc_yaml(REPO / "_toc.yml")

    def walk(docname: str):
        yield f"{docname}.html"
        for child in site_map[docname].child_files():
            yield from walk(child)

    return list(walk(site_map.root.docname))
