"""The launch buttons' notebooks (book/*.ipynb) are the chapters as they are now.

Binder, Colab and JupyterHub open ``book/<chapter>.ipynb``; ``make notebooks`` writes them from
the MyST chapters. A chapter edited without ``make notebooks`` fails here.
"""

from __future__ import annotations

import nbformat
import yaml
from conftest import REPO, load_tool

export = load_tool("export_notebooks")


def test_every_notebook_is_up_to_date_and_every_chapter_has_one():
    expected = export.expected_notebooks()
    assert len(expected) >= 6
    stale = [path.name for path, text in expected.items()
             if not path.exists() or path.read_text(encoding="utf-8") != text]
    orphans = [path.name for path in (REPO / "book").glob("*.ipynb") if path not in expected]
    assert not stale and not orphans, f"run `make notebooks`: out of date {stale}, without a chapter {orphans}"


def test_notebooks_install_the_library_from_the_configured_repository():
    config = yaml.safe_load((REPO / "_config.yml").read_text(encoding="utf-8"))
    url, branch = config["repository"]["url"], config["repository"]["branch"]
    for path in sorted((REPO / "book").glob("*.ipynb")):
        notebook = nbformat.read(path, as_version=4)
        nbformat.validate(notebook)
        first = notebook.cells[0]
        assert first.cell_type == "code" and f"git+{url}@{branch}" in first.source, path.name
        assert all(not cell.get("outputs") for cell in notebook.cells if cell.cell_type == "code"), path.name


def test_a_notebook_has_the_chapter_s_cells_in_order():
    source = REPO / "book" / "01_diversification.md"
    chapter = export.read_chapter(source)
    notebook = nbformat.read(source.with_suffix(".ipynb"), as_version=4)
    assert [cell.source for cell in notebook.cells[1:]] == [cell.source for cell in chapter.cells]
    assert [cell.cell_type for cell in notebook.cells[1:]] == [cell.cell_type for cell in chapter.cells]


def test_the_set_up_cell_is_valid_python():
    compile(export.SETUP_CELL.format(url="https://example.org/r", branch="main"), "setup", "exec")
