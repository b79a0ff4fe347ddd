"""A chapter run as a student runs it: opened as a notebook in a real JupyterLab, in headless Chromium.

JupyterLab serves ``book/`` (``tools/lab_driver.py``); the chapter's ``.md`` opens with the
Notebook viewer (what *Open With → Notebook* does), Run All runs it, and then the prose shows
numbers (jupyterlab-myst evaluates its ``{eval}`` expressions), a slider moves by keyboard and by
drag, and each move redraws the figure. Without Chromium or JupyterLab (the ``lab`` extra) the
test is skipped with a message, except in CI, where it fails.
"""

from __future__ import annotations

import os
import re

import pytest
from conftest import REPO, load_tool, require_chromium

lab_driver = load_tool("lab_driver")

CHAPTER = "01_diversification.md"
#: The Markdown cells as a student reads them (innerText leaves out each cell's hidden editor).
PROSE = "() => [...document.querySelectorAll('.jp-MarkdownCell')].map((node) => node.innerText)"
#: The narrowest slider track a hand can use (pixels).
MIN_TRACK_PX = 120


def require_lab() -> None:
    """Skip (fail in CI) without JupyterLab and jupyterlab-myst, then without Chromium."""
    from jupyter_core.paths import jupyter_path

    reason = lab_driver.missing() if lab_driver.CHROMIUM.exists() else None
    if reason is None and not any(os.path.isdir(os.path.join(path, "jupyterlab-myst")) for path in jupyter_path("labextensions")):
        reason = "jupyterlab-myst is not installed (pip install -e '.[lab]')"
    if reason:
        if "CI" in os.environ:
            pytest.fail(f"{reason}; the JupyterLab test cannot be skipped in CI")
        pytest.skip(f"{reason} to run the JupyterLab test")
    require_chromium("the JupyterLab test")


@pytest.mark.lab
@pytest.mark.browser
def test_a_chapter_opened_as_a_notebook_runs_shows_its_numbers_and_its_sliders_move():
    require_lab()
    from playwright.sync_api import sync_playwright

    expressions = len(re.findall(r"\{eval\}`", (REPO / "book" / CHAPTER).read_text(encoding="utf-8")))
    with lab_driver.lab_server(REPO / "book", env={"PYTHONPATH": str(REPO / "lib")},
                               settings=lab_driver.EVERY_CELL_RENDERED) as server, sync_playwright() as pw:
        browser = lab_driver.launch_chromium(pw)
        opened = lab_driver.open_notebook(browser, server, CHAPTER)
        page = opened.page
        before = " ".join(page.evaluate(PROSE))
        shown = before.count('glued("')  # before Run All the prose shows the expressions as code
        assert shown >= expressions // 2, (shown, expressions)  # (the solutions' are folded away)
        lab_driver.run_all(page)
        assert not lab_driver.error_outputs(page)
        prose = " ".join(page.evaluate(PROSE))
        assert "glued(" not in prose and "{eval}" not in prose, "the prose still shows expressions after Run All"
        assert re.search(r"The 40:60 mix has a risk of \d\d\.\d\d%, well below", prose), "no number in the prose"
        widgets = lab_driver.find_widgets(page)
        assert widgets, "no live widget after Run All"
        widget = widgets[0]
        slider = widget.sliders[0]
        moves = [lab_driver.press_key(page, widget, slider, "ArrowRight"), lab_driver.drag(page, widget, slider, -60)]
        assert all(move.moved and move.changed for move in moves), moves
        # Typed as a person types a percent: "30%" and "25" are 30% and 25%, not 100% and 2500%.
        for text, value in [("30%", 0.30), ("25", 0.25)]:
            move = lab_driver.type_value(page, widget, slider, text)
            assert move.moved and move.changed and slider.state()["value"] == pytest.approx(value), (text, move)
        narrow = [(s.label, s.track_px) for w in widgets for s in w.sliders if s.track_px < MIN_TRACK_PX]
        assert not narrow, f"slider tracks under {MIN_TRACK_PX} px at {lab_driver.VIEWPORT}: {narrow}"
        assert not opened.console_errors, opened.console_errors  # (lab_driver leaves out the glossary's links)
        lab_driver.shut_down(page)
