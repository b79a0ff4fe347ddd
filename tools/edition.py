"""Write the Jupyter Book configuration and table of contents of one edition of the book.

Both editions come from the same sources (``_config.yml``, ``_toc.yml`` and ``book/``):

- ``teacher``: everything: worked solutions under every exercise and the teaching guide.
- ``student``: no solutions (sphinx-exercise's ``hide_solutions``) and none of the pages
  listed in ``TEACHER_ONLY_PAGES``; its launch buttons open the notebooks without solutions
  (``student/book/*.ipynb``, written by ``export_notebooks.py``).

The written files go to ``--out``; the Makefile then builds with
``jupyter-book build . --config OUT/_config.yml --toc OUT/_toc.yml``. Every edition
shares one execution cache (``_build/.jupyter_cache``): the chapters run once.

``--jupyterhub-url`` adds a JupyterHub launch button (nbgitpuller) for a class server;
the repository it pulls from is ``repository.url`` in ``_config.yml``.

After the build, ``--finish SITE`` prepares the pages' downloads (``SITE/_sources``): each
chapter's executed notebook gets the set-up cell that installs the library where it is missing
(see ``export_notebooks.py``), loses the widgets' precomputed frames (a running notebook draws
its own pictures) and gets its prose's numbers stored where jupyterlab-myst keeps them (each
Markdown cell's ``user_expressions``), so JupyterLab shows them before the cells run; in the
student edition the solutions are taken out of the downloadable sources too.

Usage: ``python tools/edition.py {teacher,student} --out DIR [--jupyterhub-url URL]``
       ``python tools/edition.py {teacher,student} --finish SITE``
"""

from __future__ import annotations

import argparse
import copy
import json
from pathlib import Path
from typing import Any

import nbformat
import yaml
from assetalloc.widgets.frames import FRAMES_MIME
from export_notebooks import (
    STUDENT_DIR,
    TEACHER_ONLY_PAGES,
    setup_source,
    without_solutions,
)
from glued_text import EVAL, glued_parts
from myst_nb.core.variables import format_plain_text

REPO = Path(__file__).resolve().parents[1]
#: The editions. The teacher edition is _config.yml as it is; the student edition replaces the
#: substitution ``edition`` (what the introduction page says the reader is reading).
EDITIONS = ("teacher", "student")
STUDENT_EDITION = (
    "the student edition: the exercises have no solutions printed; "
    "check numerical answers with the checkers in a running notebook"
)
EXECUTION_CACHE = REPO / "_build" / ".jupyter_cache"


def edition_config(
    config: dict[str, Any], edition: str, jupyterhub_url: str = "", execution_cache: Path = EXECUTION_CACHE
) -> dict[str, Any]:
    """The book's configuration for ``edition`` (a new dict; ``config`` is left as it is).

    ``execution_cache`` is where the executed chapters are kept: the shared cache unless a
    build must run every chapter afresh (the reproducibility test).
    """
    if edition not in EDITIONS:
        raise ValueError(f"edition must be one of {sorted(EDITIONS)} (got {edition!r})")
    result = copy.deepcopy(config)
    result.setdefault("execute", {})["cache"] = str(Path(execution_cache).resolve())
    # Jupyter Book resolves local extensions' folders from the configuration file's folder.
    extensions = result.get("sphinx", {}).get("local_extensions") or {}
    for name, folder in extensions.items():
        extensions[name] = str((REPO / folder).resolve())
    result.setdefault("sphinx", {}).setdefault("config", {})["hide_solutions"] = edition == "student"
    if edition == "student":
        result["title"] = f"{config['title']} (student edition)"
        # The launch buttons open STUDENT_DIR/book/<chapter>.ipynb: the notebooks without solutions.
        result.setdefault("repository", {})["path_to_book"] = STUDENT_DIR
        result.setdefault("parse", {}).setdefault("myst_substitutions", {})["edition"] = STUDENT_EDITION
    if jupyterhub_url:
        result.setdefault("launch_buttons", {})["jupyterhub_url"] = jupyterhub_url
    return result


def edition_toc(toc: dict[str, Any], edition: str) -> dict[str, Any]:
    """The table of contents of ``edition``: the student edition leaves out teacher-only pages."""
    if edition not in EDITIONS:
        raise ValueError(f"edition must be one of {sorted(EDITIONS)} (got {edition!r})")
    result = copy.deepcopy(toc)
    if edition == "student":
        for part in result.get("parts", []):
            part["chapters"] = [entry for entry in part["chapters"] if entry.get("file") not in TEACHER_ONLY_PAGES]
        result["parts"] = [part for part in result.get("parts", []) if part["chapters"]]
    return result


def prose_numbers(source: str, glued: dict[str, Any]) -> list[dict[str, Any]]:
    """The ``user_expressions`` of a Markdown cell: each ``{eval}`glued(...)``` with its text.

    As jupyterlab-myst stores them after running the cell; ``glued`` is the page's glue data
    (myst-nb's ``<page>.glue.json``, key to output), formatted as the built page shows it.
    """
    stored = []
    for expression in EVAL.findall(source):
        parts = glued_parts(expression)
        if parts is None:
            raise ValueError(f"not a glued value: {{eval}}`{expression}`")
        key, spec = parts
        if key not in glued:
            raise ValueError(f"nothing is glued under {key!r} on this page: {{eval}}`{expression}`")
        text = format_plain_text(glued[key]["data"]["text/plain"], spec or "")
        stored.append({"expression": expression,
                       "result": {"status": "ok", "data": {"text/plain": text}, "metadata": {}}})
    return stored


def finish_downloads(site: Path, edition: str) -> None:
    """Prepare the downloadable sources of a built ``site`` (its ``_sources`` folder) for ``edition``.

    Every notebook gets the set-up cell first (unless it has it), loses the widgets' frames (outputs
    of type ``FRAMES_MIME``) and gets its prose's numbers (see :func:`prose_numbers`); the student
    edition's markdown sources and notebooks lose their solutions.
    """
    if edition not in EDITIONS:
        raise ValueError(f"edition must be one of {sorted(EDITIONS)} (got {edition!r})")
    setup = setup_source()
    for path in sorted((site / "_sources").rglob("*.ipynb")):
        notebook = nbformat.read(path, as_version=4)
        if not notebook.cells or notebook.cells[0].source != setup:
            notebook.cells.insert(0, nbformat.v4.new_code_cell(setup, metadata={"tags": ["remove-cell"]}))
        glue_file = (site.parent / "jupyter_execute" / path.relative_to(site / "_sources")).with_suffix(".glue.json")
        glued = json.loads(glue_file.read_text(encoding="utf-8")) if glue_file.exists() else {}
        for cell in notebook.cells:
            for output in cell.get("outputs", []):
                output.get("data", {}).pop(FRAMES_MIME, None)
            if cell.cell_type != "markdown":
                continue
            if edition == "student":
                cell.source = without_solutions(cell.source)
            numbers = prose_numbers(cell.source, glued)
            if numbers:
                cell.metadata["user_expressions"] = numbers
        nbformat.write(notebook, path)
    if edition == "student":
        for path in sorted((site / "_sources").rglob("*.md")):
            path.write_text(without_solutions(path.read_text(encoding="utf-8")), encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("edition", choices=EDITIONS)
    action = parser.add_mutually_exclusive_group(required=True)
    action.add_argument("--out", type=Path, help="folder for _config.yml and _toc.yml (before the build)")
    action.add_argument("--finish", type=Path, help="the built site, whose downloads to prepare (after the build)")
    parser.add_argument("--jupyterhub-url", default="", help="a class JupyterHub for the launch button")
    parser.add_argument("--execution-cache", type=Path, default=EXECUTION_CACHE, help="the execution cache to use")
    arguments = parser.parse_args()
    if arguments.finish:
        finish_downloads(arguments.finish, arguments.edition)
        return
    config = yaml.safe_load((REPO / "_config.yml").read_text(encoding="utf-8"))
    toc = yaml.safe_load((REPO / "_toc.yml").read_text(encoding="utf-8"))
    arguments.out.mkdir(parents=True, exist_ok=True)
    for name, content in (
        ("_config.yml", edition_config(config, arguments.edition, arguments.jupyterhub_url, arguments.execution_cache)),
        ("_toc.yml", edition_toc(toc, arguments.edition)),
    ):
        (arguments.out / name).write_text(yaml.safe_dump(content, sort_keys=False, allow_unicode=True), encoding="utf-8")


if __name__ == "__main__":
    main()
