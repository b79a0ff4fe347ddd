"""Shared fixtures: the built site, a local server and the TOC (build and browser tests),
and the control sweeps every chapter's widget tests use."""

from __future__ import annotations

import functools
import http.server
import importlib
import io
import os
import re
import subprocess
import sys
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from types import ModuleType

import ipywidgets
import numpy as np
import PIL.Image
import pytest
from assetalloc.book import toc_pages as toc_pages_of
from assetalloc.style import figure_png
from assetalloc.widgets.base import FigureWidget, control_positions
from hypothesis import given, settings
from hypothesis import strategies as st

REPO = Path(__file__).resolve().parents[1]
#: Debian's Chromium, which the browser, accessibility and PDF tests drive.
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]
#: Jupyter Book colours its log even when it is not a terminal.
ANSI_ESCAPE = re.compile(r"\x1b\[[0-9;]*m")


def pixels(png: bytes) -> np.ndarray:
    """The RGBA pixels of PNG bytes."""
    return np.asarray(PIL.Image.open(io.BytesIO(png)).convert("RGBA"))


def assert_same_picture(shown: bytes, full: bytes) -> None:
    """Two PNGs show the same picture, pixel for pixel (a widget's partial redraw and a full render)."""
    a, b = pixels(shown), pixels(full)
    assert a.shape == b.shape
    assert (a == b).all(), f"{int((a != b).any(axis=2).sum())} pixels differ from a full render"


#: For a test whose fixtures are costly (a build): skip before they run when Chromium is missing outside CI.
needs_chromium = pytest.mark.skipif(
    not CHROMIUM.exists() and "CI" not in os.environ,
    reason=f"{CHROMIUM} is missing: install Debian's chromium (apt-get install chromium) to run this test",
)


def require_chromium(what: str) -> None:
    """Skip the calling test without /usr/bin/chromium, except in CI (the CI variable is set), where it fails.

    ``what`` names the tests in the message ("the browser tests").
    """
    if not CHROMIUM.exists():
        message = f"{CHROMIUM} is missing: install Debian's chromium (apt-get install chromium)"
        if "CI" in os.environ:
            pytest.fail(f"{message}; {what} cannot be skipped in CI")
        pytest.skip(f"{message} to run {what}")


def load_tool(name: str) -> ModuleType:
    """A script of ``tools/`` imported as a module (the scripts import each other by name)."""
    tools = str(REPO / "tools")
    if tools not in sys.path:
        sys.path.insert(0, tools)
    return importlib.import_module(name)


def run_make(target: str, **variables: str) -> None:
    """Run ``make TARGET`` with this interpreter's environment (``BIN``); fail the test with the log's cause."""
    # The directory of this interpreter, not its resolved target: a venv's bin/ holds jupyter-book.
    bin_dir = Path(sys.executable).parent
    command = ["make", target, f"BIN={bin_dir}", *(f"{name}={value}" for name, value in variables.items())]
    result = subprocess.run(command, cwd=REPO, capture_output=True, text=True, check=False)
    log = ANSI_ESCAPE.sub("", result.stdout + result.stderr).splitlines()
    # Show the log from the first warning or error (the cause), else its end.
    first = next((i for i, line in enumerate(log) if "WARNING:" in line or "ERROR:" in line), max(len(log) - 80, 0))
    assert result.returncode == 0, (
        f"`{' '.join(command)}` failed with exit code {result.returncode}:\n" + "\n".join(log[first:first + 150])
    )


@pytest.fixture(scope="session")
def built_site() -> Path:
    """Build the book (the teacher edition) once per session with the Makefile; the path of _build/html.

    The build runs every chapter through the jupyter cache (``_build/.jupyter_cache``),
    so a second session only re-runs what changed.
    """
    run_make("html")
    return REPO / "_build" / "html"


@pytest.fixture(scope="session")
def site_url(built_site: Path) -> Iterator[str]:
    """The built site served on 127.0.0.1 at a free port, as ``http://127.0.0.1:PORT``."""

    class QuietHandler(http.server.SimpleHTTPRequestHandler):
        def log_message(self, format, *args):
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
    return toc_pages_of(REPO / "_toc.yml")


#: Positions visited between (and including) the two extremes of each slider.
SWEEP_POINTS = 9
#: Random sequences of control moves tried per widget.
RANDOM_SEQUENCES = 15


@pytest.fixture()
def sweep_controls() -> Callable[[FigureWidget, Callable[[FigureWidget], None]], None]:
    """Move every control of a widget to both extremes and through its range, checking after each move.

    ``check(widget)`` asserts that the drawn data equal the model's output for
    ``widget.values()`` (or that a state with no answer shows its message).
    The sweep also asserts that the figure is updated in place: the same
    figure and the same artists before and after; and, for a widget that
    redraws its figure in part, that the picture shown is the full render's,
    pixel for pixel, after every move.
    """

    def run(widget: FigureWidget, check: Callable[[FigureWidget], None]) -> None:
        figure, artists = widget.figure, [list(ax.get_children()) for ax in widget.figure.axes]
        check(widget)
        moves = 0
        for control in widget.controls.values():
            for value in control_positions(control, SWEEP_POINTS):
                control.value = value
                check(widget)
                if widget.partial_redraw is not None:
                    assert_same_picture(widget.image.value, figure_png(widget.figure))
                moves += 1
        assert moves >= len(widget.controls) * SWEEP_POINTS
        assert widget.figure is figure
        assert [list(ax.get_children()) for ax in widget.figure.axes] == artists

    return run


@pytest.fixture()
def random_moves() -> Callable[[FigureWidget, Callable[[FigureWidget], None]], None]:
    """Drive a widget through random sequences of control positions; ``check`` after every move."""

    def run(widget: FigureWidget, check: Callable[[FigureWidget], None]) -> None:
        controls = list(widget.controls.values())

        @settings(max_examples=RANDOM_SEQUENCES, deadline=None)
        @given(st.lists(st.tuples(st.sampled_from(range(len(controls))), st.floats(0, 1)), min_size=1, max_size=4))
        def moves(sequence: list[tuple[int, float]]) -> None:
            for index, fraction in sequence:
                control = controls[index]
                value = control.min + fraction * (control.max - control.min)
                control.value = round(value) if isinstance(control, ipywidgets.IntSlider) else value
                check(widget)

        moves()

    return run


def widget_sweep_tests(
    cases: list[tuple[str, Callable[[FigureWidget], None]]], widgets: str | None = None
) -> tuple[Callable, Callable]:
    """The two sweep tests every chapter's widgets get, parametrised over ``cases``.

    Assign them at module level in a test file::

        test_every_control_through_its_range, test_random_sequences_of_moves_never_raise = widget_sweep_tests(CASES)

    Parameters
    ----------
    cases : list of (name, check)
        ``check(widget)`` asserts the drawn data equal the model's output.
    widgets : str, optional
        A fixture returning the widgets as a dict by name; without it each name is a fixture.
    """
    ids = [name for name, _ in cases]

    def widget(request: pytest.FixtureRequest, name: str) -> FigureWidget:
        return request.getfixturevalue(name) if widgets is None else request.getfixturevalue(widgets)[name]

    @pytest.mark.parametrize(("name", "check"), cases, ids=ids)
    def test_every_control_through_its_range(
        name: str, check: Callable, request: pytest.FixtureRequest, sweep_controls: Callable
    ) -> None:
        sweep_controls(widget(request, name), check)

    @pytest.mark.parametrize(("name", "check"), cases, ids=ids)
    def test_random_sequences_of_moves_never_raise(
        name: str, check: Callable, request: pytest.FixtureRequest, random_moves: Callable
    ) -> None:
        random_moves(widget(request, name), check)

    return test_every_control_through_its_range, test_random_sequences_of_moves_never_raise
