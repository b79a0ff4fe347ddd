"""The launch buttons' notebooks (book/*.ipynb) are the chapters as they are now.

Binder, Colab and JupyterHub open ``book/<chapter>.ipynb`` (teacher edition) or
``student/book/<chapter>.ipynb`` (student edition, no solutions); ``make notebooks`` writes them from
the MyST chapters. A chapter edited without ``make notebooks`` fails here.
"""

from __future__ import annotations

import asyncio
import shutil
from pathlib import Path

import nbformat
import yaml
from conftest import REPO, load_tool

export = load_tool("export_notebooks")


def test_every_notebook_is_up_to_date_and_every_chapter_has_one():
    expected = export.expected_notebooks()
    assert len(expected) >= 6
    stale = [path.name for path, text in expected.items()
             if not path.exists() or path.read_text(encoding="utf-8") != text]
    orphans = [path.name for path in export.written_notebooks() if path not in expected]
    assert not stale and not orphans, f"run `make notebooks`: out of date {stale}, without a chapter {orphans}"


def test_notebooks_install_the_library_from_an_archive_of_the_configured_repository():
    config = yaml.safe_load((REPO / "_config.yml").read_text(encoding="utf-8"))
    url, branch = config["repository"]["url"], config["repository"]["branch"]
    archive = f"assetalloc @ {url}/archive/refs/heads/{branch}.zip"
    notebooks = export.written_notebooks()
    assert any(path.parent.parent.name == export.STUDENT_DIR for path in notebooks)
    for path in notebooks:
        notebook = nbformat.read(path, as_version=4)
        nbformat.validate(notebook)
        first = notebook.cells[0]
        assert first.cell_type == "code" and archive in first.source and "git+" not in first.source, path.name
        assert all(not cell.get("outputs") for cell in notebook.cells if cell.cell_type == "code"), path.name


def test_a_notebook_has_the_chapter_s_cells_in_order():
    source = REPO / "book" / "01_diversification.md"
    chapter = export.read_chapter(source)
    notebook = nbformat.read(source.with_suffix(".ipynb"), as_version=4)
    assert [cell.source for cell in notebook.cells[1:]] == [cell.source for cell in chapter.cells]
    assert [cell.cell_type for cell in notebook.cells[1:]] == [cell.cell_type for cell in chapter.cells]


def test_the_student_notebooks_are_the_chapters_without_solutions():
    for teacher in sorted((REPO / "book").glob("*.ipynb")):
        student = REPO / export.STUDENT_DIR / "book" / teacher.name
        if f"book/{teacher.stem}" in export.TEACHER_ONLY_PAGES:
            assert not student.exists(), student
            continue
        ours, theirs = nbformat.read(teacher, as_version=4), nbformat.read(student, as_version=4)
        assert [export.without_solutions(cell.source) for cell in ours.cells] == [cell.source for cell in theirs.cells]
        assert "{solution}" not in student.read_text(encoding="utf-8"), student.name


def test_the_set_up_cell_is_valid_python():
    compile(export.setup_source(), "setup", "exec")


CHAPTERS = sorted(path for path in (REPO / "book").glob("*.md") if path.read_text(encoding="utf-8").startswith("---\njupytext:"))


def lab_save(folder: Path, name: str) -> None:
    """Open ``folder/name`` as JupyterLab does (jupytext's contents manager) and save it back as Lab would after Run All.

    Lab writes the running kernel's spec and language, the widgets' state and, with jupyterlab-myst,
    each {eval} value into the notebook it saves.
    """
    from jupyter_server.services.contents.largefilemanager import AsyncLargeFileManager
    from jupytext.async_contentsmanager import (
        build_async_jupytext_contents_manager_class,
    )

    manager = build_async_jupytext_contents_manager_class(AsyncLargeFileManager)(root_dir=str(folder))

    async def open_and_save() -> None:
        notebook = (await manager.get(name, content=True, type="notebook"))["content"]
        notebook.metadata["kernelspec"] = {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"}
        notebook.metadata["language_info"] = {"name": "python", "version": "3.11.7", "mimetype": "text/x-python"}
        notebook.metadata["widgets"] = {"application/vnd.jupyter.widget-state+json": {"state": {}}}
        for cell in notebook.cells:
            if cell.cell_type == "markdown" and "{eval}" in cell.source:
                cell.metadata["user_expressions"] = [{"expression": "glued('x')", "result": {"status": "ok"}}]
            elif cell.cell_type == "code":
                cell.execution_count = 1
        await manager.save({"type": "notebook", "format": "json", "content": notebook}, name)

    asyncio.run(open_and_save())


def test_opening_a_chapter_in_jupyterlab_leaves_it_as_it_is(tmp_path):
    """The chapters are in the form jupytext writes (book/jupytext.toml): Lab's autosave changes nothing."""
    assert len(CHAPTERS) >= 8
    shutil.copy(REPO / "book" / "jupytext.toml", tmp_path)
    for path in CHAPTERS:
        shutil.copy(path, tmp_path)
        lab_save(tmp_path, path.name)
        saved = (tmp_path / path.name).read_text(encoding="utf-8")
        assert saved == path.read_text(encoding="utf-8"), f"saving {path.name} from JupyterLab rewrites it"


def test_the_data_appendix_runs_alone(tmp_path, monkeypatch):
    """data.ipynb opened by itself (Colab, one download): its code needs no other file of the book."""
    notebook = nbformat.read(REPO / export.STUDENT_DIR / "book" / "data.ipynb", as_version=4)
    monkeypatch.chdir(tmp_path)
    namespace: dict = {}
    for cell in notebook.cells:
        if cell.cell_type == "code":
            exec(compile(cell.source, "data.ipynb", "exec"), namespace)  # noqa: S102 (the book's own code)
    assert "{doc}`1 Diversification <01_diversification>`" in namespace["chapter_links"](["1 Diversification"])
