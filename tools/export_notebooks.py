"""Write each chapter as a Jupyter notebook (``book/<chapter>.ipynb``) for the launch buttons.

The chapters are MyST markdown notebooks (``book/*.md``); Binder, Colab and a class JupyterHub
open ``.ipynb`` files from the repository, and the book's launch buttons point at
``book/<chapter>.ipynb`` when that file exists. This script writes those files, without outputs,
from the markdown sources (read exactly as myst-nb reads them when it builds the site), and puts
one set-up cell first: outside the course's own environment it installs the library from
``repository.url`` in ``_config.yml``, so a fork's notebooks install the fork's library.

Run ``make notebooks`` after editing a chapter; ``tests/test_notebooks.py`` fails while a
notebook is out of date. Usage: ``python tools/export_notebooks.py [--check]``.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import nbformat
import yaml
from myst_nb.core.config import NbParserConfig
from myst_nb.core.read import create_nb_reader
from myst_parser.config.main import MdParserConfig

REPO = Path(__file__).resolve().parents[1]
BOOK = REPO / "book"

SETUP_CELL = '''\
# Set-up: outside the course's own environment (Colab, Binder, a class JupyterHub), install the
# course's library, assetalloc, from the book's repository. Where it is installed this does nothing.
import importlib
import importlib.util
import subprocess
import sys

if importlib.util.find_spec("assetalloc") is None:
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "--quiet", "assetalloc @ git+{url}@{branch}"],
        check=True,
    )
    importlib.invalidate_caches()'''


def repository() -> tuple[str, str]:
    """The repository URL and branch the launch buttons use (``repository`` in _config.yml)."""
    config = yaml.safe_load((REPO / "_config.yml").read_text(encoding="utf-8"))
    return config["repository"]["url"], config["repository"].get("branch", "main")


def read_chapter(path: Path) -> nbformat.NotebookNode | None:
    """A MyST markdown notebook as myst-nb reads it; None for a page with no code cells."""
    text = path.read_text(encoding="utf-8")
    reader = create_nb_reader(str(path), MdParserConfig(), NbParserConfig(), text)
    if reader is None:
        return None
    notebook = reader.read(text)
    return notebook if any(cell.cell_type == "code" for cell in notebook.cells) else None


def chapter_notebook(path: Path, url: str, branch: str) -> nbformat.NotebookNode | None:
    """The notebook written for ``path``: the set-up cell, then the chapter's cells, no outputs."""
    chapter = read_chapter(path)
    if chapter is None:
        return None
    setup = nbformat.v4.new_code_cell(SETUP_CELL.format(url=url, branch=branch), metadata={"tags": ["remove-cell"]})
    notebook = nbformat.v4.new_notebook(metadata={
        "kernelspec": chapter.metadata.get("kernelspec", {"name": "python3", "display_name": "Python 3", "language": "python"}),
        "language_info": {"name": "python"},
    })
    notebook.cells = [setup, *chapter.cells]
    for number, cell in enumerate(notebook.cells):
        cell.id = f"cell-{number:03d}"  # stable ids: the files change only when a chapter does
        cell.metadata.pop("id", None)
    nbformat.validate(notebook)
    return notebook


def expected_notebooks() -> dict[Path, str]:
    """Each chapter's notebook path and its text, as ``make notebooks`` writes them."""
    url, branch = repository()
    result = {}
    for path in sorted(BOOK.glob("*.md")):
        notebook = chapter_notebook(path, url, branch)
        if notebook is not None:
            result[path.with_suffix(".ipynb")] = nbformat.writes(notebook) + "\n"
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true", help="only report notebooks that are out of date")
    arguments = parser.parse_args()
    expected = expected_notebooks()
    stale = [path for path, text in expected.items() if not path.exists() or path.read_text(encoding="utf-8") != text]
    orphans = [path for path in BOOK.glob("*.ipynb") if path not in expected]
    if arguments.check:
        for path in [*stale, *orphans]:
            print(f"out of date: {path.relative_to(REPO)} (run `make notebooks`)")
        return 1 if stale or orphans else 0
    for path in stale:
        path.write_text(expected[path], encoding="utf-8")
        print(f"wrote {path.relative_to(REPO)}")
    for path in orphans:
        path.unlink()
        print(f"removed {path.relative_to(REPO)} (no chapter)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
