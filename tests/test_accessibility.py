"""Accessibility of the built site and of the widgets behind its figures.

- axe-core (the copy bundled by the test-only package ``axe-playwright-python``) audits every
  page of the table of contents in headless Chromium, with folded parts (solutions, hidden
  cells) opened: no violation of impact serious or critical is allowed. In the light colour
  scheme every rule axe runs by default is on, and its experimental rules too; the dark scheme
  is audited again with the rules that depend on colours. Of the syntax-highlighted words of
  code cells, the contrast of one of each look is checked (``CONTRAST_ONCE_PER_LOOK``).
- Every image in a page's main content has alt text that says something (not empty, not a
  file name).
- Every widget of every chapter (``default_widgets()`` of each module under
  ``assetalloc.widgets``, discovered, not listed) is driven by standard ipywidgets sliders,
  which are keyboard operable, each with a visible label; the static site's range inputs take
  the labels of the sliders each widget offers it (``static_controls``), within the frame budget.
- Every colour drawn in those widgets' figures comes from the one palette of
  :mod:`assetalloc.style` (or is a neutral: black, white or a grey).

The browser tests use the built site of the session (``make html``, through the fixtures of
conftest.py); the audit runs in the background as soon as the site is built. Without
/usr/bin/chromium they are skipped, except in CI, where they fail.
"""

from __future__ import annotations

import contextlib
import math
import re
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from queue import Empty, Queue

import ipywidgets
import matplotlib as mpl
import numpy as np
import pytest
from assetalloc.style import COLOURS, OKABE_ITO
from assetalloc.widgets import frames
from assetalloc.widgets.base import FigureWidget
from axe_playwright_python.base import AXE_SCRIPT
from conftest import (
    CHROMIUM,
    CHROMIUM_ARGS,
    Builds,
    chapter_widget_modules,
    require_chromium,
    site_task,
    widgets_to_look_at,
)
from matplotlib.artist import Artist
from matplotlib.collections import Collection
from matplotlib.figure import Figure
from matplotlib.image import AxesImage
from matplotlib.legend import Legend
from matplotlib.lines import Line2D
from matplotlib.patches import Patch
from matplotlib.text import Text
from playwright.sync_api import Page, sync_playwright

#: Impacts that fail the audit (axe's scale: minor, moderate, serious, critical).
BLOCKING_IMPACTS = {"serious", "critical"}
COLOUR_SCHEMES = ("light", "dark")
#: Browsers auditing side by side.
WORKERS = 2

#: Opens every folded part of the article, then waits for the unfolding to finish.
EXPAND_ALL = """async () => {
    document.querySelectorAll("details").forEach((details) => { details.open = true; });
    document.querySelectorAll(".toggle-hidden button.toggle-button").forEach((button) => button.click());
    await Promise.all(document.getAnimations().map((animation) => animation.finished));
}"""

#: axe-core's violations for the whole document, for the rules named in ``options``.
AXE_RUN = """(options) => axe.run(document, {resultTypes: ["violations"], ...options}).then((results) => results.violations.map(
    (rule) => ({id: rule.id, impact: rule.impact, help: rule.help, targets: rule.nodes.map((node) => node.target.join(" "))})
))"""

#: The syntax-highlighted words of the code cells (Pygments' spans): thousands on a chapter page.
CODE_TOKENS = "div.highlight pre span"
#: Marks a code token that looks exactly like an earlier one of the page.
SAME_LOOK = "data-same-look"

#: Has axe's colour-contrast rule check one code token of each look, not every one of them.
#:
#: A text's contrast is decided by its colour, size, weight and shadow, the backgrounds, opacities
#: and blending of the element and of every element around it, and whether it is drawn inside its
#: code box or cut off by its edge (axe then cannot tell the background). Tokens alike in all of
#: these get the same answer, so only the first of each look is checked: a chapter page has about
#: 60 looks among 4,000 tokens, which took two thirds of the audit. Every other rule, and the
#: contrast of all the page's other text, is checked everywhere. Takes the tokens' selector and the
#: mark's attribute; returns the number of looks and of tokens.
CONTRAST_ONCE_PER_LOOK = """([tokens, mark]) => {
    const look = (token) => {
        const style = getComputedStyle(token);
        const around = [];
        for (let node = token; node; node = node.parentElement) {
            const outer = getComputedStyle(node);
            around.push([outer.backgroundColor, outer.backgroundImage, outer.opacity, outer.mixBlendMode, outer.filter]);
        }
        const box = token.getBoundingClientRect(), code = token.closest("pre").getBoundingClientRect();
        const inside = box.left >= code.left && box.right <= code.right && box.top >= code.top && box.bottom <= code.bottom;
        return JSON.stringify([style.color, style.fontSize, style.fontWeight, style.textShadow,
                               token.textContent.trim() !== "", inside, around]);
    };
    const looks = new Set(), all = document.querySelectorAll(tokens);
    for (const token of all) {
        const key = look(token);
        if (looks.has(key)) token.setAttribute(mark, ""); else looks.add(key);
    }
    axe.configure({rules: [{id: "color-contrast", selector: `*:not([${mark}])`}]});
    return [looks.size, all.length];
}"""

#: Every rule axe runs by default, plus its experimental ones (among them
#: label-content-name-mismatch, WCAG 2.5.3 "label in name", and td-has-header).
EVERY_RULE = """() => ({rules: Object.fromEntries(axe.getRules(["experimental"]).map((rule) => [rule.ruleId, {enabled: true}]))})"""

#: The rules whose answer depends on the colours: all the dark scheme can change on the same
#: page (its structure is the light scheme's, audited with every rule).
COLOUR_RULES = """() => ({runOnly: {type: "rule", values: ["color-contrast", "link-in-text-block"]}})"""

#: Every <img> of the page's main content with its alt attribute (null when there is none).
ARTICLE_IMAGES = """() => [...document.querySelectorAll("main article img")].map(
    (img) => ({src: img.getAttribute("src"), alt: img.getAttribute("alt")})
)"""


# --- the built pages in the browser ------------------------------------------------------


@dataclass
class Audit:
    """What one page showed axe and the reader, in one colour scheme."""

    status: int | None = None
    violations: list[dict] = field(default_factory=list)
    images: list[dict] = field(default_factory=list)


def audit_pages(site_url: str, tasks: Queue, results: dict[tuple[str, str], Audit]) -> None:
    """Audit (path, scheme) tasks from the queue until it is empty, in this thread's own Chromium.

    A page is typeset and unfolded first. The light scheme is audited with every rule, the
    dark one with the colour rules.
    """
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            while True:
                try:
                    path, scheme = tasks.get_nowait()
                except Empty:
                    return
                context = browser.new_context(viewport={"width": 1280, "height": 900}, color_scheme=scheme)
                context.set_default_timeout(30_000)
                page = context.new_page()
                response = page.goto(f"{site_url}/{path}", wait_until="load")
                audit = results[path, scheme] = Audit(status=response.status if response else None)
                if audit.status == 200:  # else test_axe_audited_every_page_in_both_schemes reports it
                    page.evaluate(EXPAND_ALL)
                    page.evaluate(AXE_SCRIPT)
                    page.evaluate(CONTRAST_ONCE_PER_LOOK, [CODE_TOKENS, SAME_LOOK])
                    options = page.evaluate(EVERY_RULE if scheme == "light" else COLOUR_RULES)
                    audit.violations = page.evaluate(AXE_RUN, options)
                    audit.images = page.evaluate(ARTICLE_IMAGES)
                context.close()
        finally:
            browser.close()


def audit_site(site_url: str, toc_pages: list[str]) -> dict[tuple[str, str], Audit]:
    """Every TOC page in each colour scheme, by (path, scheme).

    axe's colour-contrast rule takes seconds on a chapter page, so two threads share the
    pages, each with its own Playwright and Chromium (Playwright's sync API is not shared
    between threads).
    """
    tasks: Queue = Queue()
    for scheme in COLOUR_SCHEMES:
        for path in toc_pages:
            tasks.put((path, scheme))
    results: dict[tuple[str, str], Audit] = {}
    with ThreadPoolExecutor(max_workers=WORKERS) as pool:
        for worker in [pool.submit(audit_pages, site_url, tasks, results) for _ in range(WORKERS)]:
            worker.result()  # re-raises a worker's failure
    return results


#: The audit takes minutes: it runs in the background as soon as the session's build is made
#: (conftest.py), while the library tests run.
site_task("axe audits", "audits", audit_site)


@pytest.fixture(scope="module")
def audits(built_site: Path, builds: Builds) -> dict[tuple[str, str], Audit]:
    """Every TOC page of the session's build in each colour scheme, by (path, scheme): ``audit_site``."""
    require_chromium("the accessibility tests")
    return builds.result("axe audits")


@pytest.mark.browser
def test_axe_finds_no_serious_or_critical_violation(audits: dict[tuple[str, str], Audit]) -> None:
    problems = [
        f"{path} ({scheme} mode): {rule['id']} [{rule['impact']}] {rule['help']}\n    "
        + "\n    ".join(rule["targets"][:10])
        for (path, scheme), audit in audits.items()
        for rule in audit.violations
        if rule["impact"] in BLOCKING_IMPACTS
    ]
    assert not problems, "axe-core violations of impact serious or critical:\n" + "\n".join(problems)


@pytest.mark.browser
def test_axe_audited_every_page_in_both_schemes(audits: dict[tuple[str, str], Audit], toc_pages: list[str]) -> None:
    assert set(audits) == {(path, scheme) for path in toc_pages for scheme in COLOUR_SCHEMES}
    unserved = sorted({f"{path}: HTTP {audit.status}" for (path, _), audit in audits.items() if audit.status != 200})
    assert not unserved, "pages not served, so not audited:\n" + "\n".join(unserved)


@contextlib.contextmanager
def planted_page(html: str) -> Iterator[Page]:
    """A page of Chromium showing ``html``, with axe injected."""
    require_chromium("the accessibility tests")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            page = browser.new_page()
            page.set_content(html)
            page.evaluate(AXE_SCRIPT)
            yield page
        finally:
            browser.close()


@pytest.mark.browser
def test_axe_reports_a_planted_violation() -> None:
    """The audit's own set-up (axe injected, rules chosen, results read) finds an image without alt text."""
    with planted_page('<html lang="en"><body><main><img src="chart.png"></main></body></html>') as page:
        violations = page.evaluate(AXE_RUN, page.evaluate(EVERY_RULE))
    assert {"id": "image-alt", "impact": "critical"}.items() <= next(
        (rule for rule in violations if rule["id"] == "image-alt"), {}
    ).items()


#: A code cell as the site has it: 300 dark words, then two pale ones (too little contrast, alike).
PLANTED_CODE = ('<html lang="en"><body><main><div class="highlight"><pre>'
                + '<span class="n">ok</span>\n' * 300
                + '<span class="c1" style="color: #ccc">pale</span> <span class="c2" style="color: #ccc">pale</span>'
                + '</pre></div></main></body></html>')


@pytest.mark.browser
def test_contrast_is_checked_once_for_each_look_of_code() -> None:
    """A pale word after hundreds of dark ones is found; a second one just like it is not checked again."""
    with planted_page(PLANTED_CODE) as page:
        looks, tokens = page.evaluate(CONTRAST_ONCE_PER_LOOK, [CODE_TOKENS, SAME_LOOK])
        violations = page.evaluate(AXE_RUN, page.evaluate(EVERY_RULE))
        marked = page.eval_on_selector_all(f"[{SAME_LOOK}]", "(tokens) => tokens.map((token) => token.className)")
    assert (looks, tokens) == (2, 302)
    assert marked == ["n"] * 299 + ["c2"]
    contrast = next((rule for rule in violations if rule["id"] == "color-contrast"), {})
    assert contrast.get("impact") == "serious" and contrast["targets"] == [".c1"]


IMAGE_FILE = re.compile(r"\.(png|jpe?g|gif|svg|webp)$", re.IGNORECASE)
HASH = re.compile(r"[0-9a-f]{16,}", re.IGNORECASE)


def alt_problem(src: str, alt: str | None) -> str | None:
    """Why an image's alt text tells a reader nothing, or None when it says something."""
    if alt is None:
        return "no alt attribute"
    text = alt.strip()
    if not text:
        return "empty alt text"
    name = PurePosixPath(src.split("?")[0]).name
    if IMAGE_FILE.search(text) or HASH.fullmatch(text) or text in {name, PurePosixPath(name).stem}:
        return f"alt text is a file name: {text!r}"
    return None


@pytest.mark.parametrize(
    ("src", "alt", "bad"),
    [
        ("../_images/ab12.png", "Risk falling with the number of holdings.", False),
        ("../_images/ab12.png", None, True),
        ("../_images/ab12.png", "  ", True),
        ("../_images/ab12.png", "ab12", True),
        ("../_images/ab12.png", "figure_1.PNG", True),
        ("../_images/x.png", "9ffc9c24a89995cb37b889b82d5fe68f", True),
    ],
)
def test_alt_problem_tells_file_names_from_descriptions(src: str, alt: str | None, bad: bool) -> None:
    assert (alt_problem(src, alt) is not None) is bad


@pytest.mark.browser
def test_every_article_image_has_meaningful_alt_text(
    audits: dict[tuple[str, str], Audit], toc_pages: list[str]
) -> None:
    images = {path: audits[path, COLOUR_SCHEMES[0]].images for path in toc_pages}
    assert any(images.values()), "no <img> found in any page's main content: the selector is stale"
    problems = [
        f"{path}: {image['src']}: {problem}"
        for path, found in images.items()
        for image in found
        if (problem := alt_problem(image["src"], image["alt"]))
    ]
    assert not problems, "images without meaningful alt text:\n" + "\n".join(problems)


# --- the widgets behind the figures -------------------------------------------------------


MODULES = chapter_widget_modules()


def test_chapters_provide_widgets() -> None:
    assert MODULES, "no module under assetalloc.widgets provides default_widgets()"


@pytest.fixture(params=MODULES)
def chapter_widgets(request: pytest.FixtureRequest) -> dict[str, FigureWidget]:
    """A chapter's default widgets, shared with other tests that look (the two that change one put it back)."""
    widgets = widgets_to_look_at(request.param)
    assert widgets, f"{request.param}.default_widgets() returned no widget"
    return widgets


def control_problems(widget: FigureWidget) -> list[str]:
    """What keeps a widget's controls from being reached by keyboard and named by a screen reader."""
    problems = []
    if not widget.controls:
        problems.append("no controls")
    views = set(map(id, descendants(widget.view)))
    labels = [str(control.description).strip() for control in widget.controls.values()]
    for name, control in widget.controls.items():
        if type(control) not in (ipywidgets.FloatSlider, ipywidgets.IntSlider):
            problems.append(f"{name}: {type(control).__name__} is not a standard FloatSlider or IntSlider")
        if not str(control.description).strip():
            problems.append(f"{name}: no description (the slider has no label)")
        if control.disabled:
            problems.append(f"{name}: disabled")
        if id(control) not in views:
            problems.append(f"{name}: not shown in the widget's view")
    if len(set(labels)) < len(labels):
        problems.append(f"two controls share a label: {labels}")
    return problems


def descendants(view: ipywidgets.Widget) -> Iterator[ipywidgets.Widget]:
    yield view
    for child in getattr(view, "children", ()):
        yield from descendants(child)


def test_every_widget_has_labelled_keyboard_operable_sliders(chapter_widgets: dict[str, FigureWidget]) -> None:
    problems = [f"{name}: {problem}" for name, widget in chapter_widgets.items() for problem in control_problems(widget)]
    assert not problems, "controls that are not labelled standard sliders:\n" + "\n".join(problems)


def test_every_widget_offers_the_static_site_a_labelled_slider_within_budget(
    chapter_widgets: dict[str, FigureWidget],
) -> None:
    """The controls a widget's frames step through (the static page's range inputs take their labels)."""
    problems = []
    for name, widget in chapter_widgets.items():
        if not widget.static_controls or not set(widget.static_controls) <= set(widget.controls):
            problems.append(f"{name}: static controls {widget.static_controls} are not among {list(widget.controls)}")
            continue
        positions = frames.offered_positions(widget)
        if math.prod(map(len, positions)) > frames.FRAMES_PER_WIDGET or min(map(len, positions)) < 3:
            problems.append(f"{name}: {[len(found) for found in positions]} positions")
    assert not problems, "widgets the static site cannot move:\n" + "\n".join(problems)


def test_control_problems_sees_a_missing_label_and_a_foreign_control(chapter_widgets: dict[str, FigureWidget]) -> None:
    widget = next(iter(chapter_widgets.values()))
    control = next(iter(widget.controls.values()))
    original = control.description
    control.description = ""
    try:
        assert any("no description" in problem for problem in control_problems(widget))
    finally:
        control.description = original
    widget.controls["extra"] = ipywidgets.Dropdown(options=["a"], description="Extra")
    try:
        problems = control_problems(widget)
        assert any("not a standard" in problem for problem in problems)
        assert any("not shown" in problem for problem in problems)
    finally:
        del widget.controls["extra"]


#: The palette: every colour of assetalloc.style.
PALETTE = {mpl.colors.to_hex(colour).upper() for colour in [*OKABE_ITO.values(), *COLOURS.values()]}


def is_neutral(rgba: tuple[float, float, float, float]) -> bool:
    """Black, white and the greys between (axes, ticks, grid, legend frames): they carry no hue to confuse."""
    return max(rgba[:3]) - min(rgba[:3]) < 1 / 255


def drawn_colours(artist: Artist) -> Iterator[tuple[str, np.ndarray]]:
    """Every colour an artist paints, as (what, colour); parts it does not paint (no line, no fill) are left out."""
    if isinstance(artist, Line2D):
        if artist.get_linestyle() not in ("None", "", " ") and artist.get_linewidth() > 0:
            yield "line", artist.get_color()
        if artist.get_marker() not in ("None", "", " ", None):
            yield "marker face", artist.get_markerfacecolor()
            yield "marker edge", artist.get_markeredgecolor()
    elif isinstance(artist, Patch):
        if artist.get_fill():
            yield "face", artist.get_facecolor()
        if artist.get_linewidth() > 0:
            yield "edge", artist.get_edgecolor()
    elif isinstance(artist, Collection):
        yield from (("face", colour) for colour in artist.get_facecolors())
        if np.any(np.asarray(artist.get_linewidths()) > 0):
            yield from (("edge", colour) for colour in artist.get_edgecolors())
    elif isinstance(artist, Text) and artist.get_text().strip():
        yield "text", artist.get_color()
        if (box := artist.get_bbox_patch()) is not None:
            yield from (("text box " + what, colour) for what, colour in drawn_colours(box))
    elif isinstance(artist, AxesImage):
        yield from (("image", colour) for colour in np.unique(artist.to_rgba(artist.get_array()).reshape(-1, 4), axis=0))


def visible_artists(artist: Artist) -> Iterator[Artist]:
    """The artist and its children, skipping whatever is hidden (with everything inside it)."""
    if not artist.get_visible():
        return
    yield artist
    hidden_frame = artist.legendPatch if isinstance(artist, Legend) and not artist.get_frame_on() else None
    for child in artist.get_children():
        if child is not hidden_frame:  # a legend without a frame never draws its frame patch
            yield from visible_artists(child)


def off_palette(figure: Figure) -> list[str]:
    """Every colour drawn in the figure that is neither in the palette nor one of its neutrals."""
    figure.canvas.draw()  # colours mapped from data are set when drawn
    found = set()
    for artist in visible_artists(figure):
        for what, colour in drawn_colours(artist):
            rgba = mpl.colors.to_rgba(colour)
            hex_colour = mpl.colors.to_hex(rgba).upper()
            if rgba[3] > 0 and hex_colour not in PALETTE and not is_neutral(rgba):
                found.add(f"{type(artist).__name__} {artist.get_label() or ''} {what}: {hex_colour}".replace("  ", " "))
    return sorted(found)


def test_every_colour_drawn_comes_from_the_palette(chapter_widgets: dict[str, FigureWidget]) -> None:
    problems = [f"{name}: {problem}" for name, widget in chapter_widgets.items() for problem in off_palette(widget.figure)]
    assert not problems, "colours outside assetalloc.style's palette:\n" + "\n".join(problems)


def test_off_palette_sees_a_colour_from_outside(chapter_widgets: dict[str, FigureWidget]) -> None:
    widget = next(iter(chapter_widgets.values()))
    ax = widget.figure.axes[0]
    (stray,) = ax.plot([0, 1], [0, 1], color="#123456")
    try:
        assert any("#123456" in problem for problem in off_palette(widget.figure))
    finally:
        stray.remove()
    assert not any("#123456" in problem for problem in off_palette(widget.figure))
