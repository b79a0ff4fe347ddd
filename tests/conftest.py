"""Shared fixtures: the built site, a local server and the TOC (build and browser tests),
and the control sweeps every chapter's widget tests use."""

from __future__ import annotations

import os

# One BLAS thread in the tests and in every kernel and build they start, set before numpy loads it.
# On a machine of two shared cores OpenBLAS's threads wait for each other: the optimiser's singular
# 200-asset cases (tests/test_optimise_large.py) took 150 s with its default threads and 7 s with one.
for _variable in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS"):
    os.environ.setdefault(_variable, "1")

import contextlib
import functools
import importlib
import io
import json
import pkgutil
import re
import signal
import subprocess
import sys
import threading
from collections.abc import Callable, Iterator
from concurrent.futures import Future, wait
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Any

import assetalloc.widgets
import ipywidgets
import numpy as np
import PIL.Image
import pytest
from assetalloc.book import toc_pages as toc_pages_of
from assetalloc.style import agg_canvas, canvas_png, draw_figure, live_png
from assetalloc.widgets.base import FigureWidget, control_positions, shown_value
from assetalloc.widgets.frames import FRAMES_ENV
from hypothesis import given, settings
from hypothesis import strategies as st
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

REPO = Path(__file__).resolve().parents[1]
#: Debian's Chromium, which the browser, accessibility and PDF tests drive. ``ASSETALLOC_CHROMIUM``
#: names another path for the tests to look for (``/nonexistent`` shows what a machine without it does).
CHROMIUM = Path(os.environ.get("ASSETALLOC_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]
#: Jupyter Book colours its log even when it is not a terminal.
ANSI_ESCAPE = re.compile(r"\x1b\[[0-9;]*m")


def pixels(png: bytes) -> np.ndarray:
    """The RGBA pixels of PNG bytes."""
    return np.asarray(PIL.Image.open(io.BytesIO(png)).convert("RGBA"))


def stock_png(figure: Figure) -> bytes:
    """The figure rendered whole by matplotlib's own Agg canvas (text drawn by matplotlib), as a kept PNG.

    The reference for a kept picture (the page's, a frame): the widget's canvas, its partial redraw and
    its kept glyph images (``assetalloc.text_cache``) must all leave the picture unchanged.
    """
    return canvas_png(_stock_canvas(figure))


def _stock_canvas(figure: Figure) -> FigureCanvasAgg:
    """A new matplotlib Agg canvas with the figure drawn whole on it (the figure keeps its own canvas)."""
    canvas = figure.canvas
    stock = FigureCanvasAgg(figure)  # becomes the figure's canvas until restored
    try:
        figure.savefig(io.BytesIO(), format="raw", dpi=figure.dpi)
        return stock
    finally:
        figure.set_canvas(canvas)


def canvas_pixels(canvas: FigureCanvasAgg) -> np.ndarray:
    """A copy of the RGBA pixels an Agg canvas last drew (height x width x 4)."""
    return np.asarray(canvas.get_renderer().buffer_rgba()).copy()


def assert_drawn_as_full_render(canvas: FigureCanvasAgg, picture: bytes, full: Callable[[], np.ndarray]) -> None:
    """``picture`` is the canvas's pixels as a live PNG, and those pixels are ``full()``'s, exactly.

    The strict check of a partial redraw (and of kept glyph images): it compares the drawn pixels, before
    any encoding (which rounds some colours), with a full render's; ``full`` runs after they are copied.
    """
    assert picture == live_png(canvas), "the picture sent is not the canvas's pixels"
    drawn = canvas_pixels(canvas)
    reference = full()
    assert drawn.shape == reference.shape
    assert (drawn == reference).all(), f"{int((drawn != reference).any(axis=2).sum())} pixels differ from a full render"


def assert_shows_full_render(widget: FigureWidget, stock: bool = True) -> None:
    """The widget's picture is its canvas, and the canvas a full render's: matplotlib's own (``stock``) or the
    widget's canvas drawing every artist (faster)."""
    canvas = widget.partial_redraw.canvas if widget.partial_redraw is not None else agg_canvas(widget.figure)
    full = (lambda: canvas_pixels(_stock_canvas(widget.figure))) if stock else (
        lambda: canvas_pixels(draw_figure(widget.figure)))
    assert_drawn_as_full_render(canvas, widget.image.value, full)


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


def chapter_widget_modules() -> list[str]:
    """Every module under assetalloc.widgets that provides ``default_widgets()`` (discovered, not listed)."""
    names = [info.name for info in pkgutil.iter_modules(assetalloc.widgets.__path__)
             if hasattr(importlib.import_module(f"assetalloc.widgets.{info.name}"), "default_widgets")]
    return sorted(names)


@functools.cache
def widgets_to_look_at(module: str) -> dict[str, FigureWidget]:
    """``default_widgets()`` of ``assetalloc.widgets.<module>``, built once per session and shared by
    the tests that only look at them (labels, colours, ticks, names). A test that moves a control,
    or changes anything it does not put back, builds its own."""
    return importlib.import_module(f"assetalloc.widgets.{module}").default_widgets()


def load_tool(name: str) -> ModuleType:
    """A script of ``tools/`` imported as a module (the scripts import each other by name)."""
    tools = str(REPO / "tools")
    if tools not in sys.path:
        sys.path.insert(0, tools)
    return importlib.import_module(name)


def make_command(target: str, **variables: str) -> list[str]:
    """``make TARGET`` with this interpreter's environment (``BIN``) and ``NAME=VALUE`` variables."""
    # The directory of this interpreter, not its resolved target: a venv's bin/ holds jupyter-book.
    bin_dir = Path(sys.executable).parent
    return ["make", target, f"BIN={bin_dir}", *(f"{name}={value}" for name, value in variables.items())]


def check_log(command: list[str], returncode: int, output: str) -> None:
    """Fail with the log's cause (from its first warning or error, else its end) unless the command succeeded."""
    log = ANSI_ESCAPE.sub("", output).splitlines()
    first = next((i for i, line in enumerate(log) if "WARNING:" in line or "ERROR:" in line), max(len(log) - 80, 0))
    assert returncode == 0, (
        f"`{' '.join(command)}` failed with exit code {returncode}:\n" + "\n".join(log[first:first + 150])
    )


#: Commands under way (run_logged), stopped if the session ends before they do.
RUNNING: set[subprocess.Popen] = set()


def run_logged(command: list[str], env: dict[str, str] | None = None) -> tuple[int, str]:
    """Run ``command`` in the repository (in its own process group); its exit code and its output."""
    process = subprocess.Popen(command, cwd=REPO, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                               text=True, start_new_session=True)
    RUNNING.add(process)
    try:
        output, _ = process.communicate()
    finally:
        RUNNING.discard(process)
    return process.returncode, output


def stop_running() -> None:
    """Stop every command still under way, with the processes it started."""
    for process in list(RUNNING):
        try:
            os.killpg(process.pid, signal.SIGTERM)
        except ProcessLookupError:
            pass
        process.wait()


def run_make(target: str, **variables: str) -> None:
    """Run ``make TARGET`` with this interpreter's environment (``BIN``); fail the test with the log's cause."""
    command = make_command(target, **variables)
    check_log(command, *run_logged(command))


# --------------------------------------------------------------------------- the session's builds
#
# Every build the tests look at is made once per session, in the background from the first test
# on: the library and widget tests (which need no build) run first, on one core, while the builds
# (and the browser work on the built site, see site_task) use the other, at a lower priority
# (give_way_to_the_tests); the tests that need a build are moved to the end
# (pytest_collection_modifyitems). The fixtures below wait for their build and fail with its log
# if it failed. pytest-xdist is not used: it would build once per worker.

#: The class server the student edition is built with (its JupyterHub launch buttons are tested).
HUB = "https://hub.example.edu"

#: Written into the clean rebuild's IPython start-up folder: each kernel records the datasets
#: its notebook loads (``assetalloc.data.load`` wrapped before the first cell, as every named
#: loader and ``reported_figures`` go through it) and the cells it runs, which name the chapter.
#: One JSON file per kernel, rewritten after each cell, in ``ASSETALLOC_DATASET_LOG``.
RECORD_DATASET_LOADS = """\
def _record_dataset_loads():
    import json, os
    from pathlib import Path
    import assetalloc.data
    record = {"cells": [], "loaded": []}
    path = Path(os.environ["ASSETALLOC_DATASET_LOG"]) / f"kernel-{os.getpid()}.json"
    load = assetalloc.data.load
    def save(*_):
        path.write_text(json.dumps(record), encoding="utf-8")
    def recorded_load(name):
        if name not in record["loaded"]:
            record["loaded"].append(name)
        return load(name)
    def pre_run_cell(info):
        record["cells"].append(info.raw_cell)
    assetalloc.data.load = recorded_load
    get_ipython().events.register("pre_run_cell", pre_run_cell)
    get_ipython().events.register("post_run_cell", save)
_record_dataset_loads()
del _record_dataset_loads
"""


@dataclass(frozen=True)
class SiteTask:
    """Work on the built teacher site that a test module hands to the background (``site_task``)."""

    #: The fixture through which the module's tests wait for the result.
    fixture: str
    #: ``run(site_url, toc_pages)``, with the site served.
    run: Callable[[str, list[str]], Any]
    #: Whether it drives Chromium (then it starts only where Chromium is).
    chromium: bool = True


#: Background work on the built site, by name, registered by test modules when they are imported.
SITE_TASKS: dict[str, SiteTask] = {}


def site_task(name: str, fixture: str, run: Callable[[str, list[str]], Any]) -> None:
    """Have ``run(site_url, toc_pages)`` done in the background as soon as the teacher build is,
    if a selected test uses ``fixture``; ``builds.result(name)`` waits for its result.

    For the browser audits, which take minutes of Chromium: they then run while the library tests do.
    """
    SITE_TASKS[name] = SiteTask(fixture, run)


@dataclass(frozen=True)
class CleanBuild:
    """The book built again from scratch (a new execution cache, a new output folder)."""

    html: Path
    execution_cache: Path
    #: One JSON file per kernel: {"cells": [source run, ...], "loaded": [dataset, ...]}.
    dataset_log: Path


def clean_build(work: Path) -> CleanBuild:
    """The teacher edition built from scratch into ``work``, every kernel recording the datasets it loads.

    Its widgets take no frames (as in live Jupyter; the Makefile's builds take them): the frames
    cost a fifth of the chapters' run, and test_reproducible.py's comparison of the two builds then
    also shows that taking them changes no number in the prose or the tables.
    """
    ipython_dir, dataset_log = work / "ipython", work / "dataset_loads"
    (ipython_dir / "profile_default" / "startup").mkdir(parents=True)
    (ipython_dir / "profile_default" / "startup" / "00-record-dataset-loads.py").write_text(RECORD_DATASET_LOADS)
    dataset_log.mkdir()
    env = {**os.environ, "IPYTHONDIR": str(ipython_dir), "ASSETALLOC_DATASET_LOG": str(dataset_log), FRAMES_ENV: "0"}
    bin_dir = Path(sys.executable).parent
    edition_command = [sys.executable, str(REPO / "tools" / "edition.py"), "teacher", "--out", str(work / "config"),
                       "--execution-cache", str(work / "jupyter_cache")]
    check_log(edition_command, *run_logged(edition_command))
    command = [str(bin_dir / "jupyter-book"), "build", ".", "--config", str(work / "config" / "_config.yml"),
               "--toc", str(work / "config" / "_toc.yml"), "--path-output", str(work), "-W", "-n", "--keep-going"]
    returncode, output = run_logged(command, env)
    assert returncode == 0, ANSI_ESCAPE.sub("", output)[-5000:]
    return CleanBuild(work / "_build" / "html", work / "jupyter_cache", dataset_log)


#: Prints a PDF's text (NFKC, white space runs as one space) and its number of embedded images as
#: JSON: the image objects each page draws, directly or through its forms (as Chromium embeds a
#: picture; pypdf's ``page.images`` also parses every page's drawing for inline images, 100 times slower).
READ_PDF = """
import json, sys, unicodedata
from pypdf import PdfReader

def images(resources, forms_seen):
    found = 0
    for reference in (resources or {}).get("/XObject", {}).values():
        xobject = reference.get_object()
        if xobject.get("/Subtype") == "/Image":
            found += 1
        elif xobject.get("/Subtype") == "/Form" and id(xobject) not in forms_seen:
            forms_seen.add(id(xobject))
            found += images(xobject.get("/Resources"), forms_seen)
    return found

reader = PdfReader(sys.argv[1])
text = unicodedata.normalize("NFKC", "\\n".join(page.extract_text() for page in reader.pages))
json.dump({"text": " ".join(text.split()),
           "images": sum(images(page.get("/Resources"), set()) for page in reader.pages)}, sys.stdout)
"""


@dataclass(frozen=True)
class PrintedBook:
    """A PDF of the book (``make pdf``) and what it prints, read as soon as it is made (:meth:`read`)."""

    edition: str
    path: Path
    #: Every page's text, NFKC-normalised, runs of white space as one space.
    text: str
    #: Images embedded, over all pages.
    images: int

    @classmethod
    def read(cls, edition: str, path: Path) -> PrintedBook:
        """Read in a process of its own: a build's thread reading it would hold the interpreter the tests run in."""
        result = subprocess.run([sys.executable, "-c", READ_PDF, str(path)], capture_output=True, text=True, check=False)
        assert result.returncode == 0, f"reading {path} failed:\n{result.stderr[-3000:]}"
        return cls(edition, path, **json.loads(result.stdout))


#: The builds' and browsers' niceness: the tests (one thread, the session's longest path) come first
#: when both want a core, and the builds (three chains) take what the tests leave.
BACKGROUND_NICENESS = 10


def give_way_to_the_tests() -> None:
    """Lower the calling build thread's priority, and so that of every process it starts.

    On Linux a thread's niceness is its own (the tests' thread keeps its priority) and a process
    started from the thread inherits it (make, jupyter-book and its kernels, Playwright's driver
    and its Chromium). Elsewhere it is the whole process's, so nothing is changed there.
    """
    if sys.platform == "linux":
        os.setpriority(os.PRIO_PROCESS, 0, BACKGROUND_NICENESS)


class Builds:
    """The session's builds by name, each made once; ``result(name)`` waits for one (and re-raises its failure).

    Three chains run in background threads: ``teacher`` (``make html``), then ``student``, then
    the PDFs (they share the teacher build's execution cache, and Make's edition folders); once
    the teacher build is made, the site tasks (browser visits, axe audit) one after the other;
    and, also once it is made, ``clean``, a second build from scratch, independent of the first.
    """

    SITE_CHAIN = ("teacher", "student", "pdf-teacher", "pdf-student")

    def __init__(self, work: Callable[[], Path]) -> None:
        self.work = work
        self.futures: dict[str, Future] = {}
        self.lock = threading.Lock()
        self.servers = contextlib.ExitStack()
        self.url: str | None = None

    def site_url(self) -> str:
        """The teacher build served on 127.0.0.1, once for the session (tests and site tasks see one address)."""
        site = self.result("teacher")
        with self.lock:
            if self.url is None:
                self.url = self.servers.enter_context(served(site))
            return self.url

    def close(self) -> None:
        stop_running()  # a build no test waited for (the session stopped early)
        self.servers.close()

    def make(self, name: str) -> Any:
        if name == "teacher":
            run_make("html")
            return REPO / "_build" / "html"
        if name == "student":
            run_make("student", JUPYTERHUB_URL=HUB)
            return REPO / "_build" / "student" / "_build" / "html"
        if name.startswith("pdf-"):
            edition = name.removeprefix("pdf-")
            run_make("pdf", EDITION=edition)
            return PrintedBook.read(edition, REPO / "_build" / "pdf" / f"asset-allocation-{edition}.pdf")
        if name == "clean":
            return clean_build(self.work())
        if name in SITE_TASKS:
            return SITE_TASKS[name].run(self.site_url(), toc_pages_of(REPO / "_toc.yml"))
        raise ValueError(f"no build named {name!r}")

    def run_chain(self, names: list[str]) -> None:
        failure: BaseException | None = None
        give_way_to_the_tests()
        self.after_teacher(names[0])
        for name in names:
            future = self.futures[name]
            if failure is not None:  # a later build of the chain needs the earlier ones
                future.set_exception(failure)
                continue
            try:
                future.set_result(self.make(name))
            except BaseException as error:  # noqa: BLE001 - handed to the tests that wait for it
                failure = error
                future.set_exception(error)

    def start(self, names: set[str]) -> None:
        """Start the chains that make ``names`` (a PDF, the student edition or a site task brings the teacher build).

        The clean build and each site task wait for the teacher build to end (the site tasks need
        it; the clean build leaves it the cores to itself, as most tests wait for it).
        """
        site = [name for name in self.SITE_CHAIN if name in names]
        tasks = [name for name in SITE_TASKS if name in names]  # in the order the modules registered them
        if (tasks or site) and "teacher" not in site:
            site.insert(0, "teacher")
        with self.lock:
            site = [name for name in site if name not in self.futures]
            for name in site:
                self.futures[name] = Future()
        # The site tasks one after the other: Chromium under less contention, within its timeouts.
        chains = [site, tasks, ["clean"] if "clean" in names else []]
        for chain in chains[1:]:
            with self.lock:
                chain[:] = [name for name in chain if name not in self.futures]
                for name in chain:
                    self.futures[name] = Future()
        for chain in chains:
            if chain:
                threading.Thread(target=self.run_chain, args=(chain,), name=f"build {chain[0]}", daemon=True).start()

    def after_teacher(self, name: str) -> None:
        """Wait for the teacher build to end, whatever its outcome (a site task then fails with it)."""
        if name != "teacher" and "teacher" in self.futures:
            wait([self.futures["teacher"]])

    def result(self, name: str) -> Any:
        if name not in self.futures:  # not foreseen at collection: built now
            self.start({name})
        return self.futures[name].result()


def builds_needed(item: pytest.Item) -> set[str]:
    """The builds a collected test waits for, through its fixtures."""
    names = set(getattr(item, "fixturenames", ()))
    needed = set()
    if "built_site" in names:
        needed.add("teacher")
    if "student_site" in names:
        needed.add("student")
    if "clean_build_of_the_book" in names:
        needed.add("clean")
    if "printed_book" in names and CHROMIUM.exists():  # without Chromium the PDF tests skip or fail at once
        needed.add(f"pdf-{item.callspec.params['printed_book']}")
    needed |= {name for name, task in SITE_TASKS.items()
               if task.fixture in names and (CHROMIUM.exists() or not task.chromium)}
    return needed


#: The order the tests that need builds run in, by the last build they need (as the chains finish);
#: the site tasks (run after the teacher build) rank with the clean build.
BUILD_ORDER = ["teacher", "clean", "student", "pdf-teacher", "pdf-student"]


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Tests that need no build first (while the builds run), then the others as their builds finish."""
    def rank(item: pytest.Item) -> int:
        return max((1 + BUILD_ORDER.index(name if name in BUILD_ORDER else "clean") for name in builds_needed(item)),
                   default=0)

    items.sort(key=rank)  # stable: within a rank, files and tests keep their order


@pytest.fixture(scope="session")
def builds(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Builds]:
    builds = Builds(lambda: tmp_path_factory.mktemp("clean_build"))
    yield builds
    builds.close()


@pytest.fixture(scope="session", autouse=True)
def start_builds(request: pytest.FixtureRequest, builds: Builds) -> None:
    """Start, at the first test, every build that a selected test will wait for."""
    builds.start(set().union(*(builds_needed(item) for item in request.session.items)))


@pytest.fixture(scope="session")
def built_site(builds: Builds) -> Path:
    """The book (the teacher edition) built once per session with the Makefile; the path of _build/html.

    The build runs every chapter through the jupyter cache (``_build/.jupyter_cache``),
    so a second session only re-runs what changed.
    """
    return builds.result("teacher")


@pytest.fixture(scope="session")
def student_site(built_site: Path, builds: Builds) -> Path:
    """The student edition, built after the teacher edition (sharing its execution cache), with a hub button."""
    return builds.result("student")


@pytest.fixture(scope="session")
def printed_book(request: pytest.FixtureRequest, built_site: Path, builds: Builds) -> PrintedBook:
    """The PDF of the edition ``request.param`` (``make pdf EDITION=...``), read; parametrise it indirectly."""
    require_chromium("the printed-book tests")
    return builds.result(f"pdf-{request.param}")


@pytest.fixture(scope="session")
def clean_build_of_the_book(builds: Builds) -> CleanBuild:
    """The book built a second time from scratch: a new execution cache, a new output folder."""
    return builds.result("clean")


def served(directory: Path) -> contextlib.AbstractContextManager[str]:
    """``directory`` served on 127.0.0.1 at a free port, as ``http://127.0.0.1:PORT`` (the PDF printer's server)."""
    return load_tool("print_pdf").served(directory)


@pytest.fixture(scope="session")
def site_url(built_site: Path, builds: Builds) -> str:
    """The built site served on 127.0.0.1 at a free port, as ``http://127.0.0.1:PORT`` (the site tasks' address too)."""
    return builds.site_url()


@pytest.fixture(scope="session")
def toc_pages() -> list[str]:
    """Every page of _toc.yml as an HTML path relative to the site, root first, in reading order."""
    return toc_pages_of(REPO / "_toc.yml")


# The builds run beside the tests (above), so a test's time varies with what they are doing:
# Hypothesis's default deadline (200 ms per example) would fail a property for being slow, not
# wrong. Tests that set their own deadline keep it.
settings.register_profile("assetalloc", deadline=None)
settings.load_profile("assetalloc")


#: Positions visited between (and including) the two extremes of each slider: the quartiles of
#: its range (the random sequences below try any position in between).
SWEEP_POINTS = 5
#: Random sequences of control moves tried per widget.
RANDOM_SEQUENCES = 15


#: The moves of a control's sweep after which a partially redrawn widget's picture is compared
#: with a full render: to the minimum and the maximum (the first two positions of
#: ``control_positions``), and to the middle of the range (the middle of the sweep after them).
PIXEL_CHECKS = ("minimum", "maximum", "middle")


def pixel_checks(positions: int) -> set[int]:
    """The indexes, among a control's ``positions`` moves, after which the picture is compared."""
    return {0, 1, 2 + (positions - 2) // 2}


@pytest.fixture()
def sweep_controls() -> Callable[[FigureWidget, Callable[[FigureWidget], None]], None]:
    """Move every control of a widget to both extremes and through its range, checking after each move.

    ``check(widget)`` asserts that the drawn data equal the model's output for
    ``widget.values()`` (or that a state with no answer shows its message).
    The sweep also asserts that the control's value box shows its value, and that the figure is updated in place: the same
    figure and the same artists before and after; and, for a widget that
    redraws its figure in part, that the picture shown is the full render's (matplotlib's own at the
    first check, the widget's canvas's after), pixel for pixel, after each control's moves to its minimum, to its maximum
    and to the middle of its range (``PIXEL_CHECKS``: a full render costs several
    times a move, and a control that changes an artist the partial redraw keeps
    shows it at any of them).
    """

    def run(widget: FigureWidget, check: Callable[[FigureWidget], None]) -> None:
        figure, artists = widget.figure, [list(ax.get_children()) for ax in widget.figure.axes]
        check(widget)
        moves = pictures = 0
        for name, control in widget.controls.items():
            positions = control_positions(control, SWEEP_POINTS)
            for index, value in enumerate(positions):
                control.value = value
                check(widget)
                assert widget.value_boxes[name].value == shown_value(control)
                if widget.partial_redraw is not None and index in pixel_checks(len(positions)):
                    # Against matplotlib's own render once a sweep (the kept glyphs are also tested
                    # alone, test_text_cache.py), then against the widget's full render (faster).
                    assert_shows_full_render(widget, stock=pictures == 0)
                    pictures += 1
                moves += 1
        assert moves >= len(widget.controls) * SWEEP_POINTS
        assert widget.partial_redraw is None or pictures == len(widget.controls) * len(PIXEL_CHECKS)
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
