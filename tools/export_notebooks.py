"""Write each chapter as a Jupyter notebook for the launch buttons, in both editions.

The chapters are MyST markdown notebooks (``book/*.md``); Binder, Colab and a class JupyterHub
open ``.ipynb`` files from the repository. The teacher edition's launch buttons open
``book/<chapter>.ipynb``; the student edition's open ``student/book/<chapter>.ipynb``, the same
notebooks with every worked solution taken out and without the teacher-only pages
(``tools/edition.py`` points that edition's buttons there). This script writes those files,
without outputs, from the markdown sources (read exactly as myst-nb reads them when it builds the
site), and puts one set-up cell first: outside the course's own environment it installs the
library from an archive of ``repository.url`` in ``_config.yml`` (no git needed), so a fork's
notebooks install the fork's library.

Run ``make notebooks`` after editing a chapter; ``tests/test_notebooks.py`` fails while a
notebook is out of date. Usage: ``python tools/export_notebooks.py [--check]``.
"""

from __future__ import annotations

import argparse
import re
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
    if sys.version_info < (3, 11):
        raise RuntimeError("The course's library needs Python 3.11 or newer: " + sys.version.split()[0] + " is too old.")
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "--quiet", "assetalloc @ {archive}"],
        check=True,
    )
    importlib.invalidate_caches()'''
#: Where the student edition's notebooks go (its launch buttons' ``path_to_book``).
STUDENT_DIR = "student"
#: Pages only the teacher edition has (TOC entries, as in _toc.yml).
TEACHER_ONLY_PAGES = frozenset({"book/teaching_guide"})
#: A sphinx-exercise solution in MyST: from its opening colon fence to the closing fence of as many colons.
SOLUTION = re.compile(r"^(?P<fence>:{3,})\{solution\}.*?^(?P=fence)[ \t]*\n?", re.MULTILINE | re.DOTALL)


def without_solutions(text: str) -> str:
    """MyST text with every ``{solution}`` directive taken out."""
    return SOLUTION.sub("", text)


def archive_url(url: str, branch: str) -> str:
    """The zip archive of ``branch`` of the GitHub repository at ``url`` (pip installs it without git)."""
    return f"{url.rstrip('/')}/archive/refs/heads/{branch}.zip"


def setup_source() -> str:
    """The set-up cell's code for this repository (``repository`` in _config.yml)."""
    return SETUP_CELL.format(archive=archive_url(*repository()))


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


def chapter_notebook(path: Path, setup: str, student: bool = False) -> nbformat.NotebookNode | None:
    """The notebook written for ``path``: the set-up cell, then the chapter's cells, no outputs.

    ``student``: the student edition's notebook, with no worked solutions.
    """
    chapter = read_chapter(path)
    if chapter is None:
        return None
    setup_cell = nbformat.v4.new_code_cell(setup, metadata={"tags": ["remove-cell"]})
    notebook = nbformat.v4.new_notebook(metadata={
        "kernelspec": chapter.metadata.get("kernelspec", {"name": "python3", "display_name": "Python 3", "language": "python"}),
        "language_info": {"name": "python"},
    })
    notebook.cells = [setup_cell, *chapter.cells]
    for number, cell in enumerate(notebook.cells):
        cell.id = f"cell-{number:03d}"  # stable ids: the files change only when a chapter does
        cell.metadata.pop("id", None)
        if student and cell.cell_type == "markdown":
            cell.source = without_solutions(cell.source)
    nbformat.validate(notebook)
    return notebook


def expected_notebooks() -> dict[Path, str]:
    """Each notebook path of both editions and its text, as ``make notebooks`` writes them."""
    setup = setup_source()
    result = {}
    for path in sorted(BOOK.glob("*.md")):
        page = f"{BOOK.name}/{path.stem}"
        editions = [(path.with_suffix(".ipynb"), False)]
        if page not in TEACHER_ONLY_PAGES:
            editions.append((REPO / STUDENT_DIR / page, True))
        for target, student in editions:
            notebook = chapter_notebook(path, setup, student)
            if notebook is not None:
                result[target.with_suffix(".ipynb")] = nbformat.writes(notebook) + "\n"
    return result


def written_notebooks() -> list[Path]:
    """The notebooks now in the repository, in both editions' folders."""
    return sorted([*BOOK.glob("*.ipynb"), *(REPO / STUDENT_DIR / BOOK.name).glob("*.ipynb")])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true", help="only report notebooks that are out of date")
    arguments = parser.parse_args()
    expected = expected_notebooks()
    stale = [path for path, text in expected.items() if not path.exists() or path.read_text(encoding="utf-8") != text]
    orphans = [path for path in written_notebooks() if path not in expected]
    if arguments.check:
        for path in [*stale, *orphans]:
            print(f"out of date: {path.relative_to(REPO)} (run `make notebooks`)")
        return 1 if stale or orphans else 0
    for path in stale:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(expected[path], encoding="utf-8")
        print(f"wrote {path.relative_to(REPO)}")
    for path in orphans:
        path.unlink()
        print(f"removed {path.relative_to(REPO)} (no chapter)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
