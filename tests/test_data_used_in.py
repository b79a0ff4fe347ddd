"""The data appendix's "Used in" field is what the chapters really load.

Every numbered chapter is run in the session's second build from scratch (conftest.py's
``clean_build_of_the_book``, the build test_reproducible.py compares), whose kernels each wrap
``assetalloc.data.load`` before the first cell to record the datasets the chapter reads,
directly or through any library module or widget (every named loader and ``reported_figures``
go through ``load``), and the cells it runs, which tell which chapter the kernel ran. The
catalog's ``chapter`` list of each dataset must name exactly the chapters that loaded it. The
chapters run as the book builds them, from their MyST sources (the launch buttons' notebooks
hold the same cells: test_notebooks.py). Slow (it needs that build), so marked ``build``.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from assetalloc import data
from conftest import CleanBuild, load_tool

BOOK = Path(__file__).resolve().parents[1] / "book"
CHAPTERS = sorted(BOOK.glob("0*_*.md"))


def code_cells(chapter: Path) -> list[str]:
    """The code a chapter runs, cell by cell, as myst-nb reads it."""
    notebook = load_tool("export_notebooks").read_chapter(chapter)
    return [cell.source.strip() for cell in notebook.cells if cell.cell_type == "code"] if notebook else []


def datasets_loaded(build: CleanBuild) -> dict[str, set[str]]:
    """The datasets each chapter (by file name) loaded in ``build``: the kernel that ran its cells, in order."""
    kernels = [json.loads(path.read_text(encoding="utf-8")) for path in sorted(build.dataset_log.glob("*.json"))]
    loaded, unknown = {}, []
    for kernel in kernels:
        cells = [cell.strip() for cell in kernel["cells"]]
        ran = [chapter.name for chapter in CHAPTERS if code_cells(chapter) == cells]
        if ran:
            assert len(ran) == 1 and ran[0] not in loaded, f"two kernels ran {ran}"
            loaded[ran[0]] = set(kernel["loaded"])
        else:
            unknown.append(cells[:1])
    missing = [chapter.name for chapter in CHAPTERS if chapter.name not in loaded]
    assert not missing, f"no kernel of the build ran every cell of {missing} (kernels of other pages: {unknown})"
    return loaded


@pytest.mark.build
def test_used_in_names_the_chapters_that_load_each_dataset(clean_build_of_the_book: CleanBuild) -> None:
    assert len(CHAPTERS) >= 6 and all(code_cells(chapter) for chapter in CHAPTERS)
    by_file = datasets_loaded(clean_build_of_the_book)
    loaded = {name.split("_")[0].lstrip("0"): datasets for name, datasets in by_file.items()}
    assert any(loaded.values()), "no chapter loaded any dataset: the recording is broken"
    table = data.dataset_table()
    catalog = {name: {chapter.split()[0] for chapter in row.chapters}
               for name, row in table.iterrows()}
    actual = {name: {number for number, names in loaded.items() if name in names} for name in table.index}
    assert {name: sorted(chapters) for name, chapters in catalog.items()} == \
        {name: sorted(chapters) for name, chapters in actual.items()}
