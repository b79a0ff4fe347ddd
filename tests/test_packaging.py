"""The two ways to install the book declare the same dependencies; a reader's install needs no book builder."""

from __future__ import annotations

import json
import re
import sys
import tomllib
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
#: Conda-only entries of environment.yml that have no pip counterpart.
CONDA_ONLY = {"python", "pip"}


def _normalise(requirement: str) -> tuple[str, str]:
    name, spec = re.match(r"^\s*([A-Za-z0-9_.\-]+)\s*(.*)$", requirement).groups()
    return name.lower().replace("_", "-"), spec.replace(" ", "")


def test_environment_yml_matches_pyproject() -> None:
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text())
    extras = pyproject["project"]["optional-dependencies"]
    declared = dict(_normalise(item) for item in [*pyproject["project"]["dependencies"], *extras["book"], *extras["lab"]])
    environment = yaml.safe_load((ROOT / "environment.yml").read_text())
    conda = dict(
        _normalise(item.replace("=", "==", 1) if re.match(r"^[\w\-]+=[^=]", item) else item)
        for item in environment["dependencies"]
        if isinstance(item, str)
    )
    conda = {name: spec for name, spec in conda.items() if name not in CONDA_ONLY}
    assert conda == declared


def test_environment_installs_the_library_itself() -> None:
    environment = yaml.safe_load((ROOT / "environment.yml").read_text())
    pip_items = next(item["pip"] for item in environment["dependencies"] if isinstance(item, dict))
    assert "-e ." in pip_items


def test_package_data_ships_every_dataset() -> None:
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text())
    patterns = pyproject["tool"]["setuptools"]["package-data"]["assetalloc"]
    data_files = {path.suffix for path in (ROOT / "lib" / "assetalloc" / "data").iterdir()}
    assert {f"data/*{suffix}" for suffix in data_files} <= set(patterns)


def test_the_library_alone_needs_no_book_builder() -> None:
    """A notebook's set-up cell installs the run-time dependencies only: no Sphinx, no Jupyter Book."""
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text())
    runtime = {_normalise(item)[0] for item in pyproject["project"]["dependencies"]}
    book = {_normalise(item)[0] for item in pyproject["project"]["optional-dependencies"]["book"]}
    builders = {"jupyter-book", "myst-nb", "sphinx-exercise", "latex2mathml"}
    assert builders <= book and not builders & runtime


def test_the_python_check_points_every_set_up_cell_at_its_archive() -> None:
    """make pythons installs the library as each launch notebook's first cell does, from a local archive."""
    sys.path.insert(0, str(ROOT / "tools"))
    import check_pythons  # tools/ is not a package

    notebooks = [path for folder in check_pythons.NOTEBOOK_FOLDERS for path in sorted(folder.glob("*.ipynb"))]
    assert len(notebooks) >= 16
    for path in notebooks:
        setup = "".join(json.loads(path.read_text())["cells"][0]["source"])
        local = check_pythons.pointed_at(setup, "file:///tmp/asset-allocation-main.zip")
        assert "github.com" in setup and "github.com" not in local, path.name
        assert '"assetalloc @ file:///tmp/asset-allocation-main.zip"]' in local, path.name
