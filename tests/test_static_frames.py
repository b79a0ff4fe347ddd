"""Widgets that move on the built site: every widget's precomputed frames, in the HTML and in Chromium.

- In the built pages (no browser): every widget a chapter displays is a frames widget on its
  page, with one labelled range input per offered control, one frame per position, only the
  first frame loaded with the page (the others ``loading="lazy"``), every frame file in
  ``_images``, within the budget (200 frames, 2 MB per widget); the script only on such pages.
- In headless Chromium (a site task, run in the background once the site is built), over
  http and from ``file://`` (and one page under a strict content security policy, which lets
  no inline script run): only the first frames load with the page; every static control,
  moved with the keyboard (Home, End, an arrow) and with the mouse (a click on its track),
  shows another picture whose alt text states the control's new value; printed, a page shows
  each widget's current picture and its controls' values, and no range input; no console error and no request outside the site.

The frames themselves are the live widget's pictures: tests/test_frames.py compares them.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

import nbformat
import pytest
from assetalloc.static_frames import SCRIPT
from assetalloc.widgets.frames import FRAMES_MIME, FRAMES_PER_WIDGET
from bs4 import BeautifulSoup
from conftest import REPO, Builds, require_chromium, site_task
from playwright.sync_api import Route
from test_browser import Visit, new_context, offline_browser, watch

WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
#: Bytes of frames per widget at most.
FRAME_BYTES_PER_WIDGET = 2_000_000
#: A strict content security policy: scripts and styles from the site's own files only, no inline script.
STRICT_POLICY = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:"

#: The state of one frames widget: each input's value and value text, the frame shown (its
#: source, alt text, whether decoded) and the frame the inputs ask for.
WIDGET_STATE = """(widget) => {
    const inputs = [...widget.querySelectorAll("input.assetalloc-frames-input")];
    const frames = [...widget.querySelectorAll("img.assetalloc-frame")];
    const wanted = inputs.reduce((sum, input) => sum + Number(input.value) * Number(input.dataset.stride), 0);
    const shown = widget.querySelectorAll("img.assetalloc-frame-shown");
    return {
        values: inputs.map((input) => Number(input.value)),
        valuetexts: inputs.map((input) => input.getAttribute("aria-valuetext")),
        texts: inputs.map((input) => input.parentElement.querySelector(".assetalloc-frames-value").textContent),
        shown: shown.length === 1 ? shown[0].getAttribute("src") : null,
        wanted: frames[wanted].getAttribute("src"),
        alt: shown.length === 1 ? shown[0].alt : "",
        decoded: shown.length === 1 && shown[0].complete && shown[0].naturalWidth > 0,
        visible: shown.length === 1 && shown[0].checkVisibility() && inputs.every((input) => input.checkVisibility()),
    };
}"""

#: What each frames widget of a page shows when printed: whether any of its range inputs, the values
#: printed (and the values its inputs are at), and the frames on paper.
PRINTED = """(widgets) => widgets.map((widget) => ({
    controls: [...widget.querySelectorAll("input.assetalloc-frames-input")].some((input) => input.checkVisibility()),
    values: [...widget.querySelectorAll(".assetalloc-frames-value")].filter((value) => value.checkVisibility())
        .map((value) => value.textContent),
    set: [...widget.querySelectorAll("input.assetalloc-frames-input")]
        .map((input) => JSON.parse(input.dataset.texts)[Number(input.value)]),
    pictures: [...widget.querySelectorAll("img.assetalloc-frame")].filter((img) => img.checkVisibility())
        .map((img) => img.getAttribute("src")),
    shown: widget.querySelector("img.assetalloc-frame-shown").getAttribute("src"),
}))"""

#: Whether the frame a widget's inputs ask for is shown and decoded.
SHOWS_WANTED = f"""(widget) => {{ const state = ({WIDGET_STATE})(widget); return state.shown === state.wanted && state.decoded; }}"""


@dataclass
class Move:
    """One move of one static control and what the widget showed after it."""

    control: str
    #: The control's place among the widget's inputs.
    index: int
    how: str
    state: dict


@dataclass
class FramesVisit:
    """One page with frames, opened in Chromium: what loaded with it, then every control moved."""

    visit: Visit = field(default_factory=Visit)
    #: Frames the page asked for before any control was touched, and the frames first shown.
    loaded_at_start: list[str] = field(default_factory=list)
    first_frames: list[str] = field(default_factory=list)
    moves: list[Move] = field(default_factory=list)
    #: Each widget as printed after the moves (:data:`PRINTED`).
    printed: list[dict] = field(default_factory=list)


def frame_pages(site: Path, toc_pages: list[str]) -> list[str]:
    """The TOC pages of a built site that hold frames widgets."""
    return [path for path in toc_pages if "assetalloc-frames-input" in (site / path).read_text(encoding="utf-8")]


def move_every_control(page, record: FramesVisit) -> None:
    """Move every static control of the page with the keyboard (Home, End, ArrowLeft, Home), then click the middle of its track."""
    for widget in page.locator(".assetalloc-frames").all():
        handle = widget.element_handle()
        for index, input_ in enumerate(widget.locator("input.assetalloc-frames-input").all()):
            label = widget.locator(f'label[for="{input_.get_attribute("id")}"]').inner_text()
            input_.focus()
            for key in ("Home", "End", "ArrowLeft", "Home", "click"):
                if key == "click":
                    box = input_.bounding_box()
                    page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
                else:
                    input_.press(key)
                page.wait_for_function(f"(widget) => ({SHOWS_WANTED})(widget)", arg=handle)
                record.moves.append(Move(label, index, key, widget.evaluate(WIDGET_STATE)))


def with_policy(route: Route) -> None:
    """Serve a response with :data:`STRICT_POLICY` as its content security policy."""
    response = route.fetch()
    route.fulfill(response=response, headers={**response.headers, "content-security-policy": STRICT_POLICY})


def visit_frame_pages(base: str, pages: list[str], strict: bool = False) -> dict[str, FramesVisit]:
    """Open each page (as a first-time visitor), record what loads, then move every static control.

    ``strict``: every response carries :data:`STRICT_POLICY` (no inline script runs).
    """
    results = {}
    with offline_browser() as browser:
        for path in pages:
            record = results[path] = FramesVisit()
            context = new_context(browser)
            if strict:
                context.route("**/*", with_policy)
            page = context.new_page()
            watch(page, record.visit)
            page.goto(f"{base}/{path}", wait_until="load")
            page.wait_for_timeout(300)  # time for any eager image request to start
            frames = set(page.locator("img.assetalloc-frame").evaluate_all("(images) => images.map((img) => img.src)"))
            record.loaded_at_start = [url for url in record.visit.requests if url in frames]
            record.first_frames = page.locator("img.assetalloc-frame-shown").evaluate_all(
                "(images) => images.map((img) => img.src)")
            move_every_control(page, record)
            page.emulate_media(media="print")
            record.printed = page.locator(".assetalloc-frames").evaluate_all(PRINTED)
            context.close()
    return results


def visit_over_both(site_url: str, toc_pages: list[str]) -> dict[tuple[str, str], FramesVisit]:
    """Every page with frames, served over http and opened from file://, by (scheme, page); and the
    first of them served under a strict content security policy (scheme "csp")."""
    site = REPO / "_build" / "html"
    pages = frame_pages(site, toc_pages)
    results = {}
    for scheme, base, visited in (("http", site_url, pages), ("file", site.resolve().as_uri(), pages),
                                  ("csp", site_url, pages[:1])):
        found = visit_frame_pages(base, visited, strict=scheme == "csp")
        results.update({(scheme, path): record for path, record in found.items()})
    return results


site_task("frame moves", "frame_visits", visit_over_both)


@pytest.fixture(scope="module")
def frame_visits(built_site: Path, builds: Builds) -> dict[tuple[str, str], FramesVisit]:
    require_chromium("the browser tests")
    return builds.result("frame moves")


# --------------------------------------------------------------------------- the built pages


def displayed_widgets(page: str) -> tuple[int, int]:
    """How many widgets the executed chapter displays, and how many of them carry frames."""
    notebook = REPO / "_build" / "jupyter_execute" / Path(page).with_suffix(".ipynb")
    if not notebook.exists():
        return 0, 0
    outputs = [output.get("data", {}) for cell in nbformat.read(notebook, as_version=4).cells
               for output in cell.get("outputs", [])]
    return sum(WIDGET_VIEW in data for data in outputs), sum(FRAMES_MIME in data for data in outputs)


def widget_problems(site: Path, soup: BeautifulSoup, widget) -> list[str]:
    """What is wrong with one frames widget of a built page (an empty list when nothing is)."""
    problems = []
    frames = widget.select("img.assetalloc-frame")
    inputs = widget.select("input.assetalloc-frames-input[type=range]")
    shown = [img for img in frames if "assetalloc-frame-shown" in img["class"]]
    positions = 1
    for input_ in inputs:
        texts = json.loads(input_["data-texts"])
        positions *= len(texts)
        if not soup.select(f'label[for="{input_["id"]}"]') or input_["aria-valuetext"] != texts[int(input_["value"])]:
            problems.append(f"input {input_['id']}: no label, or aria-valuetext is not its value's text")
    if not inputs or positions != len(frames):
        problems.append(f"{len(inputs)} inputs with {positions} positions for {len(frames)} frames")
    if len(shown) != 1 or shown[0].get("loading") == "lazy" or any(img.get("loading") != "lazy" for img in frames
                                                                   if img not in shown):
        problems.append("not exactly one frame shown and loaded with the page, the others lazy")
    files = [site / "book" / img["src"] for img in frames]
    if not all(file.is_file() for file in files):
        problems.append("frame files missing from _images")
    elif len(frames) > FRAMES_PER_WIDGET or sum(file.stat().st_size for file in files) > FRAME_BYTES_PER_WIDGET:
        problems.append(f"{len(frames)} frames, {sum(file.stat().st_size for file in files)} bytes: over budget")
    if any(not img.get("alt", "").strip() for img in frames):
        problems.append("a frame without alt text")
    return problems


@pytest.mark.build
def test_every_displayed_widget_moves_on_its_page(built_site: Path, toc_pages: list[str]) -> None:
    problems, widgets = [], 0
    for path in toc_pages:
        soup = BeautifulSoup((built_site / path).read_text(encoding="utf-8"), "html.parser")
        found = soup.select(".assetalloc-frames")
        displayed, with_frames = displayed_widgets(path)
        widgets += len(found)
        if not len(found) == displayed == with_frames:
            problems.append(f"{path}: {displayed} widgets displayed, {with_frames} with frames, {len(found)} on the page")
        scripts = [script["src"] for script in soup.select("script[src]") if SCRIPT in script["src"]]
        if len(scripts) != (1 if found else 0):
            problems.append(f"{path}: {len(scripts)} {SCRIPT} scripts for {len(found)} frames widgets")
        problems += [f"{path}: {problem}" for widget in found for problem in widget_problems(built_site, soup, widget)]
    assert widgets, "no frames widget on any page"
    assert not problems, "\n".join(problems)


# --------------------------------------------------------------------------- in the browser


@pytest.mark.browser
def test_frames_were_moved_on_every_page_over_http_and_from_files(
    frame_visits: dict[tuple[str, str], FramesVisit], built_site: Path, toc_pages: list[str]
) -> None:
    pages = frame_pages(built_site, toc_pages)
    assert pages and set(frame_visits) == {
        *((scheme, path) for scheme in ("http", "file") for path in pages), ("csp", pages[0])}


@pytest.mark.browser
def test_only_the_first_frames_load_with_the_page(frame_visits: dict[tuple[str, str], FramesVisit]) -> None:
    problems = {key: sorted(set(found.loaded_at_start) - set(found.first_frames))
                for key, found in frame_visits.items()}
    assert all(found.first_frames for found in frame_visits.values())
    assert not any(problems.values()), f"frames loaded before any control was touched: {problems}"


@pytest.mark.browser
def test_every_static_control_moves_by_keyboard_and_mouse(frame_visits: dict[tuple[str, str], FramesVisit]) -> None:
    problems = []
    for (scheme, path), found in frame_visits.items():
        assert found.moves, f"{scheme} {path}: no control was moved"
        by_control: dict[str, list[Move]] = {}
        for move in found.moves:
            by_control.setdefault(move.control, []).append(move)
            state = move.state
            if not (state["visible"] and state["decoded"] and state["valuetexts"] == state["texts"]
                    and f"{move.control}: {state['valuetexts'][move.index]}" in state["alt"]):
                problems.append(f"{scheme} {path}: {move.control} after {move.how}: {state}")
        for control, moves in by_control.items():
            # Two positions may draw the same picture (a limit that does not bind), never both ends.
            home, end, left, _, click = (move.state["values"][moves[0].index] for move in moves)
            if moves[0].state["shown"] == moves[1].state["shown"] or len({home, end, left, click}) < 4:
                problems.append(f"{scheme} {path}: {control}: the picture did not change with the control")
    assert not problems, "static controls that do not move their picture:\n" + "\n".join(problems)


@pytest.mark.browser
def test_moving_frames_logs_no_error_and_stays_on_the_site(
    frame_visits: dict[tuple[str, str], FramesVisit], site_url: str
) -> None:
    site = (REPO / "_build" / "html").resolve().as_uri()
    # Under the strict policy the theme's own inline scripts and handlers are refused, and log errors
    # of their own: there, what counts is that the frames move (the test above) and stay on the site.
    problems = {f"{scheme} {path}": (found.visit.errors if scheme != "csp" else [])
                + [url for url in found.visit.requests if not url.startswith((f"{site_url}/", f"{site}/", "data:"))]
                for (scheme, path), found in frame_visits.items()}
    assert not any(problems.values()), f"console errors or requests outside the site: {problems}"


@pytest.mark.browser
def test_a_printed_page_shows_the_current_picture_and_values_without_controls(
    frame_visits: dict[tuple[str, str], FramesVisit],
) -> None:
    problems = [f"{scheme} {path}: {widget}" for (scheme, path), found in frame_visits.items()
                for widget in found.printed
                if widget["controls"] or widget["pictures"] != [widget["shown"]] or widget["values"] != widget["set"]]
    assert all(found.printed for found in frame_visits.values())
    assert not problems, "printed with slider chrome, or not with the picture and values shown:\n" + "\n".join(problems)
