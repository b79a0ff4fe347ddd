"""The two editions, the launch buttons and the printable book.

The teacher edition (``make html`` = ``make teacher``) has every worked solution and the
teaching guide; the student edition (``make student``) has neither, not even in the pages'
downloadable sources. Every chapter page offers its notebook (.ipynb) and launch buttons for
Binder, Colab and, when a class server is given, JupyterHub, all built from ``repository.url``.
``make pdf`` prints an edition to one PDF with every chapter and its figures.
"""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path, PurePosixPath
from urllib.parse import parse_qs, urlparse

import nbformat
import pytest
import yaml
from assetalloc.static_frames import strip_indexes
from assetalloc.widgets.frames import FRAMES_MIME
from bs4 import BeautifulSoup, Tag
from conftest import HUB, REPO, PrintedBook, load_tool, needs_chromium

edition = load_tool("edition")
export = load_tool("export_notebooks")
CONFIG = yaml.safe_load((REPO / "_config.yml").read_text(encoding="utf-8"))
TOC = yaml.safe_load((REPO / "_toc.yml").read_text(encoding="utf-8"))


# --------------------------------------------------------------------------- what is a solution


def solutions_in(source: Path) -> list[str]:
    """The MyST text of every ``{solution}`` directive in a chapter source."""
    return [match.group(0) for match in export.SOLUTION.finditer(source.read_text(encoding="utf-8"))]


def signature(solution: str) -> str:
    """The longest run of plain words in a solution: text that must appear on its page.

    Roles, math and directive options are dropped; the run stops at any character that
    Sphinx may typeset differently (quotes, dashes, markup).
    """
    body = "\n".join(line for line in solution.splitlines()[1:-1] if not line.startswith(":"))
    body = re.sub(r"\{[a-z:]+\}`[^`]*`|`[^`]*`|\$\$.*?\$\$|\$[^$]*\$", "|", body, flags=re.DOTALL)
    runs = [" ".join(run.split()) for run in re.split(r"[^A-Za-z0-9 ,;\n]", body)]
    best = max(runs, key=lambda run: len(run.split()))
    assert len(best.split()) >= 4, f"no plain sentence to look for in solution:\n{solution}"
    return best


def page_text(html: Path) -> str:
    soup = BeautifulSoup(html.read_text(encoding="utf-8"), "html.parser")
    return " ".join(unicodedata.normalize("NFKC", soup.get_text(" ")).split())


CHAPTER_SOURCES = sorted(path for path in (REPO / "book").glob("*.md") if solutions_in(path))


def test_every_chapter_has_solutions_to_look_for():
    assert len(CHAPTER_SOURCES) >= 5
    for source in CHAPTER_SOURCES:
        for solution in solutions_in(source):
            signature(solution)


# --------------------------------------------------------------------------- the edition tool


def test_student_config_hides_solutions_and_keeps_everything_else():
    student = edition.edition_config(CONFIG, "student")
    assert student["sphinx"]["config"]["hide_solutions"] is True
    assert "student edition" in student["title"]
    assert student["parse"]["myst_substitutions"]["edition"] == edition.STUDENT_EDITION
    # The same repository; the launch buttons open the notebooks without solutions.
    assert student["repository"] == {**CONFIG["repository"], "path_to_book": export.STUDENT_DIR}
    assert student["sphinx"]["config"]["extensions"] == CONFIG["sphinx"]["config"]["extensions"]
    teacher = edition.edition_config(CONFIG, "teacher")
    assert teacher["sphinx"]["config"]["hide_solutions"] is False
    assert teacher["title"] == CONFIG["title"]
    assert teacher["repository"] == CONFIG["repository"]
    assert "hide_solutions" not in CONFIG["sphinx"]["config"]  # the source is left as it is


def test_editions_share_one_execution_cache_and_resolve_local_extensions():
    for name in edition.EDITIONS:
        config = edition.edition_config(CONFIG, name)
        assert config["execute"]["cache"] == str(REPO / "_build" / ".jupyter_cache")
        for folder in config["sphinx"]["local_extensions"].values():
            assert Path(folder).is_absolute() and Path(folder).is_dir()


def test_jupyterhub_url_is_added_only_when_given():
    assert edition.edition_config(CONFIG, "student", HUB)["launch_buttons"]["jupyterhub_url"] == HUB
    assert edition.edition_config(CONFIG, "student")["launch_buttons"]["jupyterhub_url"] == CONFIG["launch_buttons"]["jupyterhub_url"]


def test_student_toc_leaves_out_teacher_only_pages_and_nothing_else():
    def files(toc):
        return [entry["file"] for part in toc["parts"] for entry in part["chapters"]]

    assert edition.TEACHER_ONLY_PAGES <= set(files(TOC)), "a teacher-only page is not in _toc.yml"
    assert files(edition.edition_toc(TOC, "teacher")) == files(TOC)
    assert files(edition.edition_toc(TOC, "student")) == [f for f in files(TOC) if f not in edition.TEACHER_ONLY_PAGES]


@pytest.mark.parametrize("function", [edition.edition_config, edition.edition_toc])
def test_unknown_edition_is_refused(function):
    with pytest.raises(ValueError, match="edition must be one of"):
        function({}, "principal")


def test_without_solutions_removes_each_solution_directive_whole():
    text = "Before.\n\n:::{solution} ex-a\n:class: dropdown\n\nAnswer **one**.\n:::\n\nBetween.\n\n" \
           "::::{solution} ex-b\n:::{note}\nnested\n:::\n::::\nAfter.\n"
    assert edition.without_solutions(text) == "Before.\n\n\nBetween.\n\nAfter.\n"
    for source in CHAPTER_SOURCES:
        stripped = edition.without_solutions(source.read_text(encoding="utf-8"))
        assert "{solution}" not in stripped
        assert stripped.count("{exercise}") == source.read_text(encoding="utf-8").count("{exercise}")


# --------------------------------------------------------------------------- the built editions


# built_site (make html) and student_site (make student JUPYTERHUB_URL=HUB, after the teacher
# edition, sharing its execution cache) are the session's builds, in conftest.py.


def chapter_pages(site: Path) -> dict[Path, Path]:
    return {source: site / "book" / f"{source.stem}.html" for source in CHAPTER_SOURCES}


@pytest.mark.build
def test_teacher_edition_has_every_solution(built_site: Path):
    for source, page in chapter_pages(built_site).items():
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        solutions = solutions_in(source)
        assert len(soup.select("div.solution")) == len(solutions), page.name
        text = page_text(page)
        for solution in solutions:
            assert signature(solution) in text, f"{page.name} lacks the solution {solution[:60]!r}"


@pytest.mark.build
def test_teacher_edition_has_the_teaching_guide(built_site: Path):
    for page in edition.TEACHER_ONLY_PAGES:
        assert (built_site / f"{page}.html").is_file()


@pytest.mark.build
def test_student_edition_has_no_solution_anywhere(student_site: Path):
    signatures = [signature(solution) for source in CHAPTER_SOURCES for solution in solutions_in(source)]
    pages = sorted(student_site.rglob("*.html"))
    assert len(pages) >= len(CHAPTER_SOURCES)
    for page in pages:
        assert not BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser").select("div.solution"), page
        text = page_text(page)
        leaked = [s for s in signatures if s in text]
        assert not leaked, f"{page.relative_to(student_site)} shows solution text: {leaked[:3]}"
    downloads = [*student_site.glob("_sources/**/*.md"), *student_site.glob("_sources/**/*.ipynb")]
    assert downloads
    for path in downloads:
        text = " ".join(unicodedata.normalize("NFKC", path.read_text(encoding="utf-8")).split())
        assert "{solution}" not in text, path
        assert not [s for s in signatures if s in text], f"{path.relative_to(student_site)} holds solution text"
    search_index = (student_site / "searchindex.js").read_text(encoding="utf-8")
    assert "solution" not in search_index.lower().replace("solutions", "")  # no solution titles indexed


@pytest.mark.build
def test_student_edition_leaves_out_teacher_pages_and_says_which_edition_it_is(student_site: Path):
    for page in edition.TEACHER_ONLY_PAGES:
        assert not (student_site / f"{page}.html").exists()
    intro = page_text(student_site / "book" / "intro.html")
    assert " ".join(edition.STUDENT_EDITION.split()) in intro
    assert "(student edition)" in page_text(student_site / "book" / "01_diversification.html")


# --------------------------------------------------------------------------- launch buttons and downloads


def launch_links(page: Path) -> dict[str, str]:
    soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
    return {a.get_text(strip=True): a["href"] for a in soup.select("a[href]")
            if a.get_text(strip=True) in {"Binder", "Colab", "JupyterHub", ".ipynb"}}


@pytest.mark.build
def test_every_chapter_page_launches_its_notebook_from_the_repository(built_site: Path):
    repo_url, branch = CONFIG["repository"]["url"], CONFIG["repository"]["branch"]
    org_repo = urlparse(repo_url).path.strip("/")
    for source, page in chapter_pages(built_site).items():
        notebook = f"book/{source.stem}.ipynb"
        assert (REPO / notebook).is_file(), f"{notebook} is missing: run make notebooks"
        links = launch_links(page)
        assert links["Binder"] == f"{CONFIG['launch_buttons']['binderhub_url']}/v2/gh/{org_repo}/{branch}?urlpath=lab/tree/{notebook}"
        assert links["Colab"] == f"{CONFIG['launch_buttons']['colab_url']}/github/{org_repo}/blob/{branch}/{notebook}"


@pytest.mark.build
def test_student_edition_launches_notebooks_without_solutions(student_site: Path):
    """The student edition's Binder and Colab open student/book/<chapter>.ipynb: no worked solution there."""
    repo_url, branch = CONFIG["repository"]["url"], CONFIG["repository"]["branch"]
    org_repo = urlparse(repo_url).path.strip("/")
    signatures = [signature(solution) for source in CHAPTER_SOURCES for solution in solutions_in(source)]
    for source, page in chapter_pages(student_site).items():
        notebook = f"{export.STUDENT_DIR}/book/{source.stem}.ipynb"
        links = launch_links(page)
        assert links["Binder"].endswith(f"/{branch}?urlpath=lab/tree/{notebook}")
        assert links["Colab"] == f"{CONFIG['launch_buttons']['colab_url']}/github/{org_repo}/blob/{branch}/{notebook}"
        text = " ".join((REPO / notebook).read_text(encoding="utf-8").split())
        assert "{solution}" not in text and not [s for s in signatures if s in text], notebook
        assert "{solution}" in (REPO / "book" / f"{source.stem}.ipynb").read_text(encoding="utf-8")


@pytest.mark.build
def test_jupyterhub_button_pulls_the_repository_with_nbgitpuller(student_site: Path):
    repo_url, branch = CONFIG["repository"]["url"], CONFIG["repository"]["branch"]
    for source, page in chapter_pages(student_site).items():
        link = urlparse(launch_links(page)["JupyterHub"])
        assert f"{link.scheme}://{link.netloc}" == HUB and link.path == "/hub/user-redirect/git-pull"
        query = parse_qs(link.query)
        assert query["repo"] == [repo_url] and query["branch"] == [branch]
        assert query["urlpath"][0].endswith(f"book/{source.stem}.ipynb")


@pytest.mark.build
def test_every_chapter_page_offers_its_executed_notebook_with_the_set_up_cell(built_site: Path):
    """... and with the prose's numbers stored as jupyterlab-myst stores them: the page's numbers, in order."""
    setup = export.setup_source()
    for page in chapter_pages(built_site).values():
        href = launch_links(page)[".ipynb"]
        notebook = nbformat.read(page.parent / PurePosixPath(href), as_version=4)
        assert notebook.cells[0].source == setup
        stored = [expression["result"]["data"]["text/plain"] for cell in notebook.cells if cell.cell_type == "markdown"
                  for expression in cell.metadata.get("user_expressions", [])]
        shown = [span.get_text() for span in BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser").select(".pasted-text")]
        assert stored == shown and shown, f"{href}: the stored numbers are not the page's"
        code = [cell for cell in notebook.cells[1:] if cell.cell_type == "code"]
        assert any(output.get("data", {}).get("image/png") for cell in code for output in cell.outputs), (
            f"{href} has no figure: it should be the executed notebook"
        )
        assert not any(FRAMES_MIME in output.get("data", {}) for cell in code for output in cell.outputs), (
            f"{href} carries the widgets' precomputed frames: a running notebook draws its own"
        )


# --------------------------------------------------------------------------- the printable book


def heading_and_figures(page: Path) -> tuple[str, int]:
    """A built page's title (without its number) and how many figures it shows.

    A widget whose frames move on the page counts as one figure per distinct picture of its printed strip.
    """
    soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
    for decoration in soup.select("h1 .section-number, h1 a.headerlink"):
        decoration.decompose()
    stills = len(soup.select("main img[src*='_images/']:not(.assetalloc-frame)"))
    strips = sum(len(strip_pictures(widget)) for widget in soup.select("main .assetalloc-frames"))
    return " ".join(soup.h1.get_text(" ").split()), stills + strips


def strip_pictures(widget: Tag) -> set[str]:
    """The distinct pictures the printed strip of a frames widget of the site shows (along its first control)."""
    frames = [img["src"] for img in widget.select("img.assetalloc-frame")]
    inputs = widget.select("input.assetalloc-frames-input")
    rest = sum(int(found["value"]) * int(found["data-stride"]) for found in inputs[1:])
    first, stride = inputs[0], int(inputs[0]["data-stride"])
    return {frames[position * stride + rest] for position in strip_indexes(int(first["max"]) + 1, int(first["value"]))}


@pytest.mark.build
@needs_chromium
@pytest.mark.parametrize("printed_book", edition.EDITIONS, indirect=True)
def test_printable_book_has_every_chapter_and_its_figures(built_site: Path, printed_book: PrintedBook):
    """``printed_book``: ``make pdf EDITION=name``, made and read once per session (conftest.py)."""
    name, text = printed_book.edition, printed_book.text
    toc = edition.edition_toc(TOC, name)
    files = [toc["root"], *(entry["file"] for part in toc["parts"] for entry in part["chapters"])]
    figures = 0
    for file in files:
        title, shown = heading_and_figures(built_site / f"{file}.html")
        assert title in text, f"the {name} PDF lacks the page {title!r}"
        figures += shown
    assert figures > 0 and printed_book.images >= figures, (
        f"{printed_book.images} images embedded in the {name} PDF for {figures} figures"
    )
    signatures = [signature(solution) for source in CHAPTER_SOURCES for solution in solutions_in(source)]
    present = [s for s in signatures if s in text]
    if name == "teacher":
        assert len(present) == len(signatures), f"the teacher PDF lacks solutions: {set(signatures) - set(present)}"
    else:
        assert not present, f"the student PDF prints solutions: {present[:3]}"
