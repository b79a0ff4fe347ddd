"""Widgets that move on the static site (precomputed frames): what they cost and how fast they answer.

- Page weight at load of every chapter page (bench_pages' measure), with the frames; given a
  site built without frames (``--before SITE``), also before, and the budget: +10%.
- Frames and bytes per widget on the built site (budget: 200 frames and 2 MB).
- The static slider's response in headless Chromium: from the key press (keydown) to the
  first animation frame after the new picture is shown, for every position of every static
  control, once its frames are loaded (the first focus loads them); the first move right after
  that focus is reported apart. Budget: 50 ms.
- Build time: the frames' share (every chapter widget's frames computed, as the build does,
  from ``default_widgets()``), and with ``--clean-build`` a clean build (bench_build's measure,
  target 90 s).

Run: .venv/bin/python benchmarks/bench_frames.py [--before SITE] [--clean-build]   (build first: make html)
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

import bench_pages
from assetalloc.book import toc_pages
from assetalloc.widgets.frames import FRAMES_PER_WIDGET, frames_entry
from bs4 import BeautifulSoup
from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parents[1]
SITE = ROOT / "_build" / "html"
sys.path.insert(0, str(ROOT / "tools"))
from print_pdf import served

RESPONSE_TARGET_MS = 50.0
WIDGET_TARGET_MB = 2.0
WEIGHT_GROWTH = 1.10

#: In the page: time every key press on a widget's first input to the first animation frame after
#: its new picture is shown (window.frameTimes, in ms).
TIME_MOVES = """(widget) => {
    window.frameTimes = [];
    const input = widget.querySelector("input.assetalloc-frames-input");
    let pressed = 0;
    input.addEventListener("keydown", () => { pressed = performance.now(); }, {capture: true});
    new MutationObserver(() => {
        const since = pressed;
        requestAnimationFrame(() => window.frameTimes.push(performance.now() - since));
    }).observe(widget, {subtree: true, attributeFilter: ["class"]});
}"""


def frame_widgets(site: Path) -> list[tuple[str, str, list[Path]]]:
    """Every frames widget of the built site: (page, first control's label, frame files)."""
    found = []
    for path in toc_pages(ROOT / "_toc.yml"):
        page = site / path
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        for widget in soup.select(".assetalloc-frames"):
            label = widget.select_one("label").get_text()
            found.append((path, label, [page.parent / img["src"] for img in widget.select("img.assetalloc-frame")]))
    return found


def responses(site: Path) -> list[dict]:
    """The static slider's response (ms) for each widget's first control, from a served site in Chromium."""
    rows = []
    with served(site) as origin, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=bench_pages.CHROMIUM_ARGS)
        for path in sorted({path for path, _, _ in frame_widgets(site)}):
            page = browser.new_page(viewport={"width": 1280, "height": 900})
            page.goto(f"{origin}/{path}", wait_until="networkidle")
            for widget in page.locator(".assetalloc-frames").all():
                input_ = widget.locator("input.assetalloc-frames-input").first
                widget.evaluate(TIME_MOVES)
                at_start = input_.input_value() == "0"
                input_.focus()
                input_.press("End" if at_start else "Home")  # the first move: its frames are still loading
                page.wait_for_function("() => window.frameTimes.length >= 1")
                page.wait_for_load_state("networkidle")
                positions = int(input_.get_attribute("max"))
                for _ in range(positions):
                    input_.press("ArrowLeft" if at_start else "ArrowRight")
                page.wait_for_function(f"() => window.frameTimes.length >= {positions + 1}")
                first, *warm = page.evaluate("() => window.frameTimes")
                rows.append({"benchmark": f"static slider response: {path} {widget.locator('label').first.inner_text()}",
                             "median_ms": statistics.median(warm), "max_ms": max(warm), "first_move_ms": first,
                             "target_ms": RESPONSE_TARGET_MS})
            page.close()
        browser.close()
    return rows


def frame_build_seconds() -> list[dict]:
    """The time the build spends on frames: every chapter widget's frames (``default_widgets()``)."""
    sys.path.insert(0, str(ROOT / "benchmarks"))
    from bench_widgets import chapter_widgets

    rows = []
    for name, widget in chapter_widgets().items():
        start = time.perf_counter()
        entry = frames_entry(widget)
        rows.append({"benchmark": f"frames computed: {name}", "seconds": time.perf_counter() - start,
                     "frames": len(entry["frames"])})
    rows.append({"benchmark": "frames computed: all widgets", "seconds": sum(row["seconds"] for row in rows),
                 "frames": sum(row["frames"] for row in rows)})
    return rows


def main(site: Path = SITE, before: Path | None = None, clean_build: bool = False) -> list[dict]:
    rows = []
    if clean_build:
        import bench_build

        rows += [row for row in bench_build.main() if "executing" not in row["benchmark"]]
    weights = {row["benchmark"]: row for row in bench_pages.main(site)}
    earlier = {row["benchmark"]: row for row in bench_pages.main(before)} if before else {}
    for name, row in weights.items():
        if "/book/0" not in f"/{name.split(': ')[1]}":
            continue  # chapter pages only
        was = earlier.get(name, {}).get("megabytes")
        rows.append({"benchmark": name, "megabytes": row["megabytes"], "before_mb": was,
                     "target_mb": None if was is None else was * WEIGHT_GROWTH})
    for path, label, files in frame_widgets(site):
        rows.append({"benchmark": f"frames: {path} {label}", "frames": len(files),
                     "megabytes": sum(file.stat().st_size for file in files) / 1e6,
                     "target": f"<= {FRAMES_PER_WIDGET} frames, <= {WIDGET_TARGET_MB} MB"})
    rows += responses(site)
    rows += frame_build_seconds()
    return rows


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--site", type=Path, default=SITE, help="the built site (default _build/html)")
    parser.add_argument("--before", type=Path, help="the same site built without frames, for the page weights before")
    parser.add_argument("--clean-build", action="store_true", help="also time a clean build (make html)")
    arguments = parser.parse_args()
    for row in main(arguments.site, arguments.before, arguments.clean_build):
        print("   ".join(f"{key}={value:.3f}" if isinstance(value, float) else f"{key}={value}" for key, value in row.items()))
