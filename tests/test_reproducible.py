"""Two clean builds show the same numbers on every page.

The session's build (``make html``; clean on a fresh checkout, as in CI) is compared with a
second build that runs every chapter again in a new kernel, with an empty execution cache of
its own, into a temporary folder (made in the background from the start of the session:
conftest.py's ``clean_build_of_the_book``, whose kernels also record the datasets each chapter
loads for test_data_used_in.py). Every glued value in the prose and every table on every page
must be identical: no number depends on the order of execution, a random seed left unset, the
clock or the machine's state. The second build's widgets take no frames (the first one's do, for
the static site), so taking them is shown to change no number either.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from conftest import CleanBuild

pytestmark = pytest.mark.build


def numbers_on(page: Path) -> dict[str, list[str]]:
    """The glued values (``{eval}`glued(...)``` in the prose, in order) and the tables' text of a built page."""
    soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
    main = soup.select_one("main") or soup
    return {
        "glued": [span.get_text() for span in main.select(".pasted-text")],
        "tables": [" ".join(table.get_text(" ").split()) for table in main.select("table")],
    }


@pytest.fixture(scope="module")
def second_build(clean_build_of_the_book: CleanBuild) -> Path:
    """The book built again from scratch (conftest.py): a new execution cache, a new output folder."""
    assert clean_build_of_the_book.execution_cache.is_dir(), "the second build did not use its own execution cache"
    return clean_build_of_the_book.html


def test_two_clean_builds_show_the_same_numbers_on_every_page(built_site: Path, second_build: Path, toc_pages):
    glued = tables = 0
    for page in toc_pages:
        first, second = numbers_on(built_site / page), numbers_on(second_build / page)
        assert first["glued"] == second["glued"], (
            f"{page}: glued values differ: "
            + str([(a, b) for a, b in zip(first["glued"], second["glued"]) if a != b][:5])
        )
        assert first["tables"] == second["tables"], f"{page}: a table differs between the two builds"
        glued += len(first["glued"])
        tables += len(first["tables"])
    assert glued > 300 and tables > 10, f"only {glued} glued values and {tables} tables compared"
