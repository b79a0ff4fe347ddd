"""The whole book builds with warnings as errors, every chapter runs, and no page shows an error.

The build itself (``make html``, i.e. ``jupyter-book build . -W -n --keep-going``) runs once,
in the ``built_site`` fixture, which fails if the command does.
"""

from __future__ import annotations

import base64
import hashlib
import pickle
from pathlib import Path, PurePosixPath

import nbformat
import pytest
from bs4 import BeautifulSoup
from conftest import load_tool
from jupyter_cache import get_cache
from myst_nb.sphinx_ import NbMetadataCollector

pytestmark = pytest.mark.build

REPO = Path(__file__).resolve().parents[1]
#: Where Jupyter Book keeps the executed notebooks (execute.cache is unset in _config.yml).
JUPYTER_CACHE = REPO / "_build" / ".jupyter_cache"
#: Sphinx's saved state of the build, including myst-nb's record of each page's execution.
SPHINX_ENVIRONMENT = REPO / "_build" / ".doctrees" / "environment.pickle"
#: Mime type of a live ipywidget: a static page cannot show it.
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
#: Cell tags with which myst-nb leaves a cell's outputs off the page.
HIDDEN_OUTPUT_TAGS = {"remove-output", "remove-cell"}


def source_of(page: str) -> Path:
    """The MyST markdown source of a built page (``book/intro.html`` -> ``book/intro.md``)."""
    return REPO / PurePosixPath(page).with_suffix(".md")


def notebook_of(page: str) -> nbformat.NotebookNode | None:
    """The page's source read as myst-nb reads it, or None if it is plain markdown or has no code."""
    return load_tool("export_notebooks").read_chapter(source_of(page))


def pages_with_code(toc_pages: list[str]) -> list[str]:
    return [page for page in toc_pages if notebook_of(page) is not None]


@pytest.fixture(scope="module")
def executed_notebooks(built_site: Path, toc_pages: list[str]) -> dict[str, nbformat.NotebookNode]:
    """Each TOC page with code: its notebook with the outputs of its execution, from the jupyter cache."""
    cache = get_cache(str(JUPYTER_CACHE))
    executed, missing = {}, []
    for page in pages_with_code(toc_pages):
        try:
            _, executed[page] = cache.merge_match_into_notebook(notebook_of(page))
        except KeyError:
            missing.append(page)
    if missing:
        pytest.fail(
            f"the outputs of {missing} are not in {JUPYTER_CACHE}, so they cannot be checked; the build"
            " re-runs only changed sources: if the cache was deleted on its own, delete _build and rebuild"
        )
    return executed


def page_html(built_site: Path, page: str) -> BeautifulSoup:
    return BeautifulSoup((built_site / page).read_text(encoding="utf-8"), "html.parser")


def test_every_toc_page_is_built(built_site: Path, toc_pages: list[str]) -> None:
    missing = [page for page in toc_pages if not (built_site / page).is_file()]
    assert not missing, f"TOC pages with no HTML in {built_site}: {missing}"


def test_every_chapter_with_code_was_executed(built_site: Path, toc_pages: list[str]) -> None:
    """myst-nb records in Sphinx's environment how each page it rendered was executed."""
    with SPHINX_ENVIRONMENT.open("rb") as file:
        environment = pickle.load(file)
    with_code = pages_with_code(toc_pages)
    assert with_code, "no page of the TOC has code cells: nothing was executed"
    problems = []
    for page in with_code:
        record = NbMetadataCollector.get_exec_data(environment, page.removesuffix(".html"))
        if record is None:
            problems.append(f"{page}: not executed")
        elif not record["succeeded"]:
            problems.append(f"{page}: execution failed ({record['error']})")
    assert not problems, f"chapters rendered without a successful execution: {problems}"
    failure_logs = sorted(str(log.relative_to(built_site)) for log in built_site.glob("reports/**/*.err.log"))
    assert not failure_logs, f"execution failure logs in the built site: {failure_logs}"


def shown_outputs(notebook: nbformat.NotebookNode):
    """(cell index, output) for every output that myst-nb puts on the page."""
    for index, cell in enumerate(notebook.cells):
        if cell.cell_type == "code" and not HIDDEN_OUTPUT_TAGS & set(cell.metadata.get("tags", [])):
            for output in cell.get("outputs", []):
                yield index, output


def test_every_widget_output_carries_a_static_image(executed_notebooks: dict[str, nbformat.NotebookNode]) -> None:
    """A widget is blank on the static site unless its output also holds an image/png."""
    blank = [
        f"{page}: cell {index}"
        for page, notebook in executed_notebooks.items()
        for index, output in shown_outputs(notebook)
        if WIDGET_VIEW in output.get("data", {}) and "image/png" not in output["data"]
    ]
    assert not blank, f"widget outputs with no image/png fallback: {blank}"


def test_every_png_output_is_an_image_in_its_cell_output(
    built_site: Path, executed_notebooks: dict[str, nbformat.NotebookNode]
) -> None:
    """myst-nb names each image file by the SHA-256 of its bytes: every PNG must be in an <img>."""
    missing = []
    for page, notebook in executed_notebooks.items():
        shown = {PurePosixPath(img["src"]).name for img in page_html(built_site, page).select(".cell_output img")}
        for index, output in shown_outputs(notebook):
            png = output.get("data", {}).get("image/png")
            if png is not None:
                name = hashlib.sha256(base64.b64decode(png)).hexdigest() + ".png"
                if name not in shown:
                    missing.append(f"{page}: cell {index} ({name})")
    assert not missing, f"image/png outputs not shown as an <img> in a cell output: {missing}"


def test_no_page_shows_error_output(built_site: Path, toc_pages: list[str]) -> None:
    problems = []
    for page in toc_pages:
        html = page_html(built_site, page)
        blocks = html.select(".output.traceback, .output.stderr")
        problems += [f"{page}: {' '.join(block['class'])}: {block.get_text()[:200]!r}" for block in blocks]
        article = html.select_one("article.bd-article")
        if "Traceback (most recent call last)" in article.get_text():
            problems.append(f"{page}: a Python traceback in the text")
    assert not problems, "error output on the built pages:\n" + "\n".join(problems)
