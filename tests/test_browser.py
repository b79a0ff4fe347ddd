"""The built site in headless Chromium: every TOC page loads offline, cleanly, with its figures and math.

Each page is opened once (``visits``); the tests then check what was recorded. A full-page
screenshot of each page (JPEG) goes to ``_build/screenshots/`` for people to look at.

Without /usr/bin/chromium these tests are skipped, except in CI (the CI variable is set),
where they fail.
"""

from __future__ import annotations

import contextlib
import importlib
import re
import socket
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from conftest import CHROMIUM, CHROMIUM_ARGS, REPO, Builds, require_chromium, site_task
from playwright.sync_api import Browser, BrowserContext, Page, sync_playwright

pytestmark = pytest.mark.browser

#: JPEG quality of the pages' screenshots (a third faster to write than PNG on a long page).
SCREENSHOT_QUALITY = 85
#: Page text that should have been typeset: \( \[ $$ or an inline $\command.
RAW_MATH = re.compile(r"\\\(|\\\[|\$\$|\$\\[A-Za-z]")

#: Opens every collapsed part of the article (details, toggled admonitions such as solutions).
EXPAND_ALL = """() => {
    document.querySelectorAll("details").forEach((details) => { details.open = true; });
    document.querySelectorAll(".toggle-hidden button.toggle-button").forEach((button) => button.click());
}"""

#: Every <img> of the article: visible on the page and decoded. A widget's frames other than the one
#: shown are left out: hidden, they load only when a reader first touches the widget's controls.
ARTICLE_IMAGES = """async () => {
    const images = [...document.querySelectorAll("article.bd-article img")]
        .filter((img) => !img.matches(".assetalloc-frame:not(.assetalloc-frame-shown)"));
    await Promise.all(images.map((img) => img.decode().catch(() => null)));
    await Promise.all(document.getAnimations().map((animation) => animation.finished));  // unfolding fades in
    return images.map((img) => {
        const box = img.getBoundingClientRect();
        return {
            src: img.getAttribute("src"),
            in_cell_output: img.closest(".cell_output") !== null,
            visible: img.checkVisibility({checkOpacity: true, checkVisibilityCSS: true})
                && box.width > 0 && box.height > 0,
            decoded: img.complete && img.naturalWidth > 0,
        };
    });
}"""

#: The article's math as the browser lays it out: formulas not drawn as MathML, and the prose outside code.
#: Drawn means a <math> element of the MathML namespace with a box, and each fraction's numerator
#: above its denominator (a browser without MathML would run them together on one line).
ARTICLE_MATH = """() => {
    const article = document.querySelector("article.bd-article");
    const drawn = (node) => {
        const math = node.querySelector("math");
        if (!math || !(math instanceof MathMLElement)) { return false; }
        const box = math.getBoundingClientRect();
        const stacked = [...math.querySelectorAll("mfrac")].every((fraction) => {
            const [top, bottom] = [...fraction.children].map((part) => part.getBoundingClientRect());
            return top.bottom <= bottom.top + 1;
        });
        return box.width > 0 && box.height > 0 && stacked;
    };
    const prose = article.cloneNode(true);
    prose.querySelectorAll("pre, code, script, style, math").forEach((node) => node.remove());
    return {
        formulas: article.querySelectorAll(".math").length,
        untypeset: [...article.querySelectorAll(".math")].filter((node) => !drawn(node))
                       .map((node) => node.textContent.slice(0, 80)),
        prose: prose.textContent,
    };
}"""


@dataclass
class Visit:
    """What one page did while it loaded in the browser."""

    status: int | None = None
    errors: list[str] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)
    images: list[dict] = field(default_factory=list)
    formulas: int = 0
    untypeset_math: list[str] = field(default_factory=list)
    prose: str = ""
    widget_views: int = 0


@contextlib.contextmanager
def offline_browser() -> Iterator[Browser]:
    """A headless Chromium unable to reach anything but 127.0.0.1.

    Every other address goes through a proxy port that refuses connections, so a request that
    leaves the site fails at once (and is still seen by the tests). Intercepting requests with
    Playwright's routing instead would stop Chromium asking for the favicon, hiding its 404.
    """
    with socket.socket() as refusing, sync_playwright() as playwright:
        refusing.bind(("127.0.0.1", 0))  # bound, never listening: connections to it are refused
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=CHROMIUM_ARGS,
            proxy={"server": f"http://127.0.0.1:{refusing.getsockname()[1]}", "bypass": "127.0.0.1"},
        )
        try:
            yield browser
        finally:
            browser.close()


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    """One offline headless Chromium for the module's tests."""
    require_chromium("the browser tests")
    with offline_browser() as browser:
        yield browser


def new_context(browser: Browser) -> BrowserContext:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.set_default_timeout(10_000)  # a static page on localhost: a missing element is not coming
    return context


@pytest.fixture
def context(browser: Browser) -> Iterator[BrowserContext]:
    context = new_context(browser)
    yield context
    context.close()


def watch(page: Page, visit: Visit) -> None:
    """Record the page's console errors, uncaught exceptions and requests into ``visit``."""
    page.on("console", lambda message: message.type == "error" and visit.errors.append(message.text))
    page.on("pageerror", lambda error: visit.errors.append(f"uncaught: {error}"))
    page.on("request", lambda request: visit.requests.append(request.url))


def visit_pages(site_url: str, toc_pages: list[str]) -> dict[str, Visit]:
    """Open every TOC page once, each as a first-time visitor (a fresh context), and record what happened."""
    screenshots = REPO / "_build" / "screenshots"
    screenshots.mkdir(exist_ok=True)
    results = {}
    with offline_browser() as browser:
        for path in toc_pages:
            visit = results[path] = Visit()
            context = new_context(browser)
            page = context.new_page()
            watch(page, visit)
            response = page.goto(f"{site_url}/{path}", wait_until="networkidle")
            visit.status = response.status if response else None
            if visit.status == 200:  # else test_every_page_loads reports it; there is no article to look at
                math = page.evaluate(ARTICLE_MATH)
                visit.formulas, visit.untypeset_math, visit.prose = math["formulas"], math["untypeset"], math["prose"]
                # The page as a reader first sees it (typeset, folded parts still folded).
                page.screenshot(path=screenshots / (path.removesuffix(".html").replace("/", "__") + ".jpg"),
                                full_page=True, quality=SCREENSHOT_QUALITY)
                page.evaluate(EXPAND_ALL)
                visit.images = page.evaluate(ARTICLE_IMAGES)
                visit.widget_views = page.locator('script[type="application/vnd.jupyter.widget-view+json"]').count()
            context.close()
    return results


#: The visits run in the background as soon as the session's build is made (conftest.py).
site_task("page visits", "visits", visit_pages)


@pytest.fixture(scope="module")
def visits(built_site: Path, builds: Builds) -> dict[str, Visit]:
    """Every TOC page of the session's build, opened once: ``visit_pages``."""
    require_chromium("the browser tests")
    return builds.result("page visits")


def problems_by_page(visits: dict[str, Visit], find: Callable[[Visit], list]) -> dict[str, list]:
    """``find(visit)`` for every page, keeping the pages where it found something."""
    return {page: found for page, visit in visits.items() if (found := find(visit))}


def report(heading: str, problems: dict[str, list]) -> str:
    return heading + "\n" + "\n".join(f"{page}:\n  " + "\n  ".join(map(str, items)) for page, items in problems.items())


def test_every_page_loads(visits: dict[str, Visit]) -> None:
    problems = problems_by_page(visits, lambda visit: [f"HTTP {visit.status}"] if visit.status != 200 else [])
    assert not problems, report("pages not served with HTTP 200:", problems)


def test_no_console_errors_or_uncaught_exceptions(visits: dict[str, Visit]) -> None:
    problems = problems_by_page(visits, lambda visit: visit.errors)
    assert not problems, report("console errors and uncaught exceptions:", problems)


def test_no_request_leaves_the_site(visits: dict[str, Visit], site_url: str) -> None:
    problems = problems_by_page(visits, lambda visit: [url for url in visit.requests if not url.startswith(f"{site_url}/")])
    assert not problems, report(f"requests outside {site_url}:", problems)


def test_every_article_image_is_visible_and_decoded(visits: dict[str, Visit]) -> None:
    problems = problems_by_page(
        visits, lambda visit: [image for image in visit.images if not (image["visible"] and image["decoded"])]
    )
    assert not problems, report("images not visible or not decoded:", problems)


#: ``from assetalloc.widgets.<module> import <names>`` in a page's source.
WIDGET_IMPORT = re.compile(r"from assetalloc\.widgets\.(\w+) import (?:\(([^)]*)\)|([\w ,]+))")


def shows_widgets(page: str) -> bool:
    """Whether a page's source builds one of the library's widgets (not just reads a constant of their modules)."""
    from assetalloc.widgets.base import FigureWidget

    source = (Path(__file__).resolve().parents[1] / Path(page).with_suffix(".md")).read_text(encoding="utf-8")
    for module_name, *lists in WIDGET_IMPORT.findall(source):
        module = importlib.import_module(f"assetalloc.widgets.{module_name}")
        for name in (part.split(" as ")[0].strip() for part in "".join(lists).split(",")):
            value = getattr(module, name, None) if name else None
            if isinstance(value, type) and issubclass(value, FigureWidget) and f"{name}(" in source:
                return True
    return False


def widget_problems(visit: Visit) -> list[str]:
    problems = []
    if visit.widget_views:
        problems.append(f"{visit.widget_views} live widget views (blank without JavaScript)")
    if not any(image["in_cell_output"] for image in visit.images):
        problems.append("no <img> in any cell output")
    return problems


def test_widgets_are_shown_as_images(visits: dict[str, Visit]) -> None:
    """A page that displays widgets shows their figures as <img> in cell outputs, never as blank views."""
    widget_pages = {page: visit for page, visit in visits.items() if shows_widgets(page)}
    assert len(widget_pages) >= 6, f"only {sorted(widget_pages)} display widgets"
    problems = problems_by_page(widget_pages, widget_problems)
    assert not problems, report("widgets not shown as images:", problems)


def test_math_is_typeset(visits: dict[str, Visit]) -> None:
    """Every formula is drawn by the browser as MathML (typeset at build time, no MathJax), no TeX is left in the text."""
    assert sum(visit.formulas for visit in visits.values()) >= 80  # the chapters' formulas were found
    problems = problems_by_page(
        visits,
        lambda visit: [f"not typeset: {text!r}" for text in visit.untypeset_math]
        + [f"raw TeX in the text: {match!r}" for match in RAW_MATH.findall(visit.prose)],
    )
    assert not problems, report("math not drawn as MathML:", problems)


def title_of(page: Page) -> str:
    """The page's first heading without its permalink sign."""
    return page.locator("article.bd-article h1").first.evaluate(
        "(h1) => [...h1.childNodes].filter((node) => !node.classList?.contains('headerlink'))"
        ".map((node) => node.textContent).join('').trim()"
    )


def test_search_finds_a_page_by_its_title(context: BrowserContext, site_url: str, toc_pages: list[str]) -> None:
    """The theme's search button opens the search box, and searching a page's title lists that page."""
    target = toc_pages[-1]
    page = context.new_page()
    visit = Visit()
    watch(page, visit)
    page.goto(f"{site_url}/{target}")
    title = re.sub(r"^[\d.]+\s*", "", title_of(page))  # without a section number
    page.goto(f"{site_url}/{toc_pages[0]}")
    page.locator(".search-button__button").first.click()
    search_box = page.locator("#pst-search-dialog input[name=q]")
    search_box.fill(title)
    search_box.press("Enter")
    page.wait_for_url(re.compile(r"/search\.html\?q="))
    results = page.locator("#search-results ul.search li a")
    results.first.wait_for()
    links = [href.split("?")[0].split("#")[0] for href in results.evaluate_all("(links) => links.map((a) => a.href)")]
    assert f"{site_url}/{target}" in links, f"searching {title!r} did not list {target}: {links}"
    assert not visit.errors, f"console errors while searching: {visit.errors}"
    assert all(url.startswith(f"{site_url}/") for url in visit.requests), f"requests outside the site: {visit.requests}"


def test_navigation_follows_the_toc(context: BrowserContext, site_url: str, toc_pages: list[str]) -> None:
    """The sidebar links every TOC page, and the "next" links walk the TOC in order."""
    page = context.new_page()
    page.goto(f"{site_url}/{toc_pages[0]}")
    sidebar = {
        href.split("#")[0] for href in page.locator("nav.bd-docs-nav a.reference.internal").evaluate_all(
            "(links) => links.map((a) => a.href)"
        )
    }
    missing = [path for path in toc_pages if f"{site_url}/{path}" not in sidebar]
    assert not missing, f"TOC pages missing from the sidebar: {missing}"

    walked = [page.url]
    while page.locator("a.right-next").count():
        with page.expect_navigation():
            page.locator("a.right-next").click()
        walked.append(page.url)
    assert walked == [f"{site_url}/{path}" for path in toc_pages], f"'next' links walk {walked}"
