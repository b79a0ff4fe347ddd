"""The launch notebooks as a student runs them, on every Python the course supports (3.11 to 3.13).

For each supported version found on this machine (``pythonX.Y`` on the PATH, or under pyenv's
versions), a new virtual environment gets only a kernel and a notebook runner (ipykernel,
nbclient): not the library, not the book's builder. Every launch notebook of both editions
(``book/*.ipynb``, ``student/book/*.ipynb``) then runs there, as on Colab: the first notebook's
set-up cell finds no library and installs it with pip, with only its run-time dependencies, from a
zip archive of the repository laid out as GitHub's (here made from the files git tracks, in place
of the GitHub address the cell names); the notebooks after it find the library installed. A cell
error fails the check, and so does finding none of the versions. A version this machine does not have
is reported and not checked: no registry the course's CI reaches offers the interpreter itself.

Run: ``make pythons`` (or ``.venv/bin/python tools/check_pythons.py [--versions 3.12,3.13]``).
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
#: The Python versions the course supports (pyproject.toml's classifiers).
VERSIONS = ("3.11", "3.12", "3.13")
#: The launch notebooks of the two editions (``make notebooks`` writes them).
NOTEBOOK_FOLDERS = (REPO / "book", REPO / "student" / "book")
#: What the environment gets besides the library the set-up cell installs.
RUNNER = ("ipykernel", "nbclient")
#: What precedes the archive's address in the set-up cell's pip requirement (tools/export_notebooks.py).
ARCHIVE_MARK = "assetalloc @ "
#: Seconds a notebook may take to run.
NOTEBOOK_TIMEOUT_S = 600


def interpreter(version: str) -> Path | None:
    """The executable of a Python of this version (``X.Y``) that runs, or None: the PATH's ``pythonX.Y`` first, then pyenv's."""
    pyenv = Path(os.environ.get("PYENV_ROOT", Path.home() / ".pyenv")) / "versions"
    candidates = [shutil.which(f"python{version}"), *sorted(pyenv.glob(f"{version}.*/bin/python{version}"), reverse=True)]
    for candidate in filter(None, candidates):
        result = subprocess.run([candidate, "-c", "import sys; print('%d.%d' % sys.version_info[:2], sys.executable)"],
                                check=False, capture_output=True, text=True)
        found, _, executable = result.stdout.strip().partition(" ")
        if result.returncode == 0 and found == version:  # pyenv's shims answer for other versions, or fail
            return Path(executable)
    return None


def repository_archive(folder: Path) -> Path:
    """A zip of the files git tracks, under one top folder as in GitHub's archives (pip builds the library from it)."""
    tracked = subprocess.run(["git", "ls-files", "-z"], cwd=REPO, capture_output=True, check=True).stdout.split(b"\0")
    archive = folder / "asset-allocation-main.zip"
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as zipped:
        for name in filter(None, (item.decode() for item in tracked)):
            if (REPO / name).is_file():
                zipped.write(REPO / name, f"asset-allocation-main/{name}")
    return archive


def pointed_at(setup: str, archive: str) -> str:
    """The set-up cell's source with the archive pip installs the library from replaced by ``archive``."""
    start, end = setup.index(ARCHIVE_MARK) + len(ARCHIVE_MARK), setup.index('"]', setup.index(ARCHIVE_MARK))
    return setup[:start] + archive + setup[end:]


def run_notebooks(archive: str, notebooks: list[str]) -> int:
    """Run each notebook in this interpreter's kernel, its set-up cell pointed at ``archive``; the count of failures.

    Runs inside the new environment (``--run``): only nbclient and what it needs are imported.
    """
    import nbformat
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError

    failures = 0
    for path in notebooks:
        notebook = nbformat.read(path, as_version=4)
        notebook.cells[0].source = pointed_at(notebook.cells[0].source, archive)
        started = time.perf_counter()
        try:
            NotebookClient(notebook, timeout=NOTEBOOK_TIMEOUT_S, kernel_name="python3",
                           resources={"metadata": {"path": str(Path(path).parent)}}).execute()
        except CellExecutionError as error:
            failures += 1
            print(f"  FAILED {path}:\n{error}", flush=True)
            continue
        print(f"  ran {Path(path).relative_to(REPO)} in {time.perf_counter() - started:.1f} s", flush=True)
    return failures


def check(version: str, python: Path, archive: Path, scratch: Path) -> bool:
    """A new environment of ``python`` with the runner only; every launch notebook run in it. True if all ran."""
    environment = scratch / f"python{version}"
    subprocess.run([str(python), "-m", "venv", str(environment)], check=True)
    pip = [str(environment / "bin" / "python"), "-m", "pip", "install", "--quiet", "--disable-pip-version-check"]
    subprocess.run([*pip, *RUNNER], check=True)
    notebooks = sorted(str(path) for folder in NOTEBOOK_FOLDERS for path in folder.glob("*.ipynb"))
    print(f"Python {version} ({python}): {len(notebooks)} notebooks", flush=True)
    result = subprocess.run([str(environment / "bin" / "python"), __file__, "--run", archive.as_uri(), *notebooks],
                            check=False)
    return result.returncode == 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--versions", default=",".join(VERSIONS), help="comma-separated, e.g. 3.12,3.13")
    parser.add_argument("--run", nargs="+", metavar=("ARCHIVE", "NOTEBOOK"), help=argparse.SUPPRESS)
    arguments = parser.parse_args()
    if arguments.run:
        return 1 if run_notebooks(arguments.run[0], arguments.run[1:]) else 0
    failed, missing = [], []
    with tempfile.TemporaryDirectory(prefix="check-pythons-") as folder:
        scratch = Path(folder)
        archive = repository_archive(scratch)
        for version in arguments.versions.split(","):
            python = interpreter(version)
            if python is None:
                missing.append(version)
                print(f"Python {version}: not found on this machine (pythonX.Y on the PATH, or pyenv's)", flush=True)
            elif not check(version, python, archive, scratch):
                failed.append(version)
    if failed:
        print(f"Notebooks failed on Python {', '.join(failed)}")
    if missing:
        print(f"Not checked, no interpreter on this machine: Python {', '.join(missing)}")
    checked = len(arguments.versions.split(",")) - len(missing)
    if not checked:
        print("No supported Python found: nothing was checked")
    return 1 if failed or not checked else 0


if __name__ == "__main__":
    sys.exit(main())
