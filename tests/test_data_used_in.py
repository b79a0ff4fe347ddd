"""The data appendix's "Used in" field is what the chapters really load.

Each chapter's notebook (``book/NN_*.ipynb``, kept in step with its ``.md``) is run with ``assetalloc.data.load`` wrapped to record the datasets
it reads, directly or through any library module or widget; every named loader and
``reported_figures`` go through ``load``. The catalog's ``chapter`` list of each dataset must
name exactly the chapters that loaded it. Slow (it runs every chapter), so marked ``build``.
"""

from __future__ import annotations

import json
from pathlib import Path

import nbformat
import pytest
from assetalloc import data
from nbclient import NotebookClient

BOOK = Path(__file__).resolve().parents[1] / "book"
CHAPTERS = sorted(BOOK.glob("0*_*.ipynb"))

RECORD = """\
import assetalloc.data as _catalog_data
_datasets_loaded = set()
_load_unrecorded = _catalog_data.load
def _load_recorded(name):
    _datasets_loaded.add(name)
    return _load_unrecorded(name)
_catalog_data.load = _load_recorded
"""
REPORT = "import json; print(json.dumps(sorted(_datasets_loaded)))"


def datasets_loaded(chapter: Path) -> set[str]:
    """The datasets that running ``chapter`` loads."""
    notebook = nbformat.read(chapter, as_version=4)
    notebook.cells.insert(0, nbformat.v4.new_code_cell(RECORD))
    notebook.cells.append(nbformat.v4.new_code_cell(REPORT))
    NotebookClient(notebook, timeout=600, kernel_name="python3",
                   resources={"metadata": {"path": str(BOOK)}}).execute()
    text = "".join(output.get("text", "") for output in notebook.cells[-1].outputs)
    return set(json.loads(text))


@pytest.mark.build
def test_used_in_names_the_chapters_that_load_each_dataset() -> None:
    loaded = {chapter.stem.split("_")[0].lstrip("0"): datasets_loaded(chapter) for chapter in CHAPTERS}
    table = data.dataset_table()
    catalog = {name: {chapter.split()[0] for chapter in row.chapters}
               for name, row in table.iterrows()}
    actual = {name: {number for number, names in loaded.items() if name in names} for name in table.index}
    assert {name: sorted(chapters) for name, chapters in catalog.items()} == \
        {name: sorted(chapters) for name, chapters in actual.items()}
