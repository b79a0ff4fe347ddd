"""Widget latency as a student sees it: input event to new figure painted, in JupyterLab in Chromium.

Starts JupyterLab on ``book/`` (``tools/lab_driver.py``) with its settings as a student has them
(cells out of view are not rendered: JupyterLab's default windowing), opens each chapter's notebook, runs all
its cells, then moves every control of every widget by keyboard (focus the slider's handle,
ArrowRight/ArrowLeft ``--moves`` times each way, starting towards the side with room) and by mouse
(drag the handle one way and back; every control, or the first of each widget with ``--quick``).
Each move is timed in the page: a capture-phase keydown or mouseup stamps the input; a change of
the widget image's src, then ``img.decode()`` and the next animation frame stamp the paint. The
image's SHA-256 before and after tells whether the figure changed (a move that changes nothing,
say a control with no effect in the current state, is counted apart, not timed; so is a key
press at the end of a slider's range, which moves nothing).

The time is split in stages that add up to it (``lab_driver.Move``): to the kernel (page,
websocket, server), kernel (busy to image message sent, by the kernel's clock: model and PNG),
delivery (that message to the new src: server, websocket, widget model, blob), decode, paint. ``bench_widgets.py`` measures the model and PNG alone in Python.

Exits non-zero if a page shows an error output (traceback, stderr, a widget that failed to
display) or the browser logs a console error. Without JupyterLab (the ``lab`` extra) or
/usr/bin/chromium it prints why and measures nothing. The machine's load average is printed with
each chapter: other work on the machine slows every stage.

Run: PYTHONPATH=lib .venv/bin/python benchmarks/bench_lab_latency.py [--chapters 01,06] [--moves N] [--quick]
"""

from __future__ import annotations

import argparse
import importlib
import inspect
import os
import pkgutil
import re
import statistics
import sys
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import assetalloc.widgets
from assetalloc.widgets.base import FigureWidget
from playwright.sync_api import Browser, Page, sync_playwright

ROOT = Path(__file__).resolve().parents[1]
BOOK = ROOT / "book"
sys.path.insert(0, str(ROOT / "tools"))
import lab_driver  # tools/ is not a package

#: Key presses each way per control (full run, and --quick).
MOVES, QUICK_MOVES = 3, 1
#: Seconds a move may take before it counts as no change.
TIMEOUT_S = 6.0
#: The stages of a move, as Move attributes, in order.
STAGES = ("to_kernel_ms", "kernel_ms", "delivery_ms", "decode_ms", "paint_ms")


@dataclass
class WidgetResult:
    """Every timed move of one widget, by control label."""

    chapter: str
    name: str
    moves: dict[str, list[lab_driver.Move]] = field(default_factory=dict)


@dataclass
class ChapterResult:
    """One chapter: Run All time, errors on the page, load average, its widgets' moves."""

    chapter: str
    run_all_s: float
    errors: list[str]
    load: float
    widgets: list[WidgetResult]


def widget_classes() -> set[str]:
    """The names of every FigureWidget subclass in assetalloc.widgets."""
    names = set()
    for info in pkgutil.iter_modules(assetalloc.widgets.__path__):
        module = importlib.import_module(f"assetalloc.widgets.{info.name}")
        names |= {name for name, obj in inspect.getmembers(module, inspect.isclass)
                  if issubclass(obj, FigureWidget) and obj is not FigureWidget}
    return names


def widget_name(source: str, known: set[str], index: int) -> str:
    """The widget class a cell builds (the first known class called in its source)."""
    called = [name for name in re.findall(r"\b([A-Z]\w*)\(", source) if name in known]
    return called[0] if called else f"widget {index}"


def towards_room(slider: lab_driver.Slider) -> int:
    """+1 if the slider has more room to the right of its value (or as much), else -1."""
    state = slider.state()
    return 1 if state["max"] - state["value"] >= state["value"] - state["min"] else -1


def key_plan(slider: lab_driver.Slider, moves: int) -> list[str]:
    """``moves`` presses towards the side with more room, then as many back."""
    first, back = ("ArrowRight", "ArrowLeft") if towards_room(slider) > 0 else ("ArrowLeft", "ArrowRight")
    return [first] * moves + [back] * moves


def drag_plan(slider: lab_driver.Slider) -> list[float]:
    """A drag a quarter of the track (4 to 40 px) towards the side with more room, then back."""
    dx = towards_room(slider) * min(40.0, max(4.0, slider.track_px / 4))
    return [dx, -dx]


def sweep_widget(page: Page, widget: lab_driver.LabWidget, name: str, chapter: str, moves: int,
                 drag_all: bool) -> WidgetResult:
    """Move every control of a widget by keyboard, and by drag (all controls, or the first)."""
    result = WidgetResult(chapter, name)
    for number, slider in enumerate(widget.sliders):
        timed = [lab_driver.press_key(page, widget, slider, key, TIMEOUT_S) for key in key_plan(slider, moves)]
        if drag_all or number == 0:
            timed += [lab_driver.drag(page, widget, slider, dx, TIMEOUT_S) for dx in drag_plan(slider)]
        result.moves[slider.label] = timed
    return result


def bench_chapter(browser: Browser, server: lab_driver.LabServer, notebook: str, moves: int,
                  drag_all: bool, known: set[str]) -> ChapterResult:
    """Open one chapter, run it, sweep its widgets; errors are read after the moves too."""
    opened = lab_driver.open_notebook(browser, server, notebook)
    page = opened.page
    run_all_s = lab_driver.run_all(page)
    chapter = notebook.split("_")[0]
    widgets = [sweep_widget(page, widget, widget_name(widget.cell_source, known, widget.index), chapter, moves,
                            drag_all)
               for widget in lab_driver.find_widgets(page)]
    errors = lab_driver.error_outputs(page) + opened.console_errors
    lab_driver.shut_down(page)
    return ChapterResult(chapter, run_all_s, errors, os.getloadavg()[0], widgets)


def summary(label: str, moves: list[lab_driver.Move]) -> dict:
    """Median and worst latency of the moves that changed the figure and their stages' medians; moves of the
    slider that left the figure as it was (unchanged), and inputs that did not move it (no_op), counted."""
    changed = [move for move in moves if move.changed]
    latencies = [move.latency_ms for move in changed]
    row = {"benchmark": label, "median_ms": statistics.median(latencies) if latencies else float("nan"),
           "worst_ms": max(latencies) if latencies else float("nan"), "moves": len(changed),
           "unchanged": sum(move.moved and not move.changed for move in moves),
           "no_op": sum(not move.moved for move in moves)}
    for stage in STAGES:
        values = [value for value in (getattr(move, stage) for move in changed) if value is not None]
        row[stage] = statistics.median(values) if values else float("nan")
    sizes = [move.png_bytes for move in changed]
    row["png_kb"] = statistics.median(sizes) / 1024 if sizes else float("nan")
    return row


def rows_for(chapters: list[ChapterResult]) -> tuple[list[dict], list[dict]]:
    """Rows per widget (plus a total row), and rows per control."""
    widget_rows, control_rows, every = [], [], []
    for chapter in chapters:
        for widget in chapter.widgets:
            moves = [move for timed in widget.moves.values() for move in timed]
            every += moves
            widget_rows.append(summary(f"lab latency: {widget.chapter} {widget.name}", moves)
                               | {"load": chapter.load, "errors": len(chapter.errors)})
            control_rows += [summary(f"{widget.chapter} {widget.name}: {label}", timed)
                             for label, timed in widget.moves.items()]
    total = summary("lab latency: all widgets", every) | {
        "load": os.getloadavg()[0], "errors": sum(len(chapter.errors) for chapter in chapters)}
    return widget_rows + [total], control_rows


def print_table(title: str, rows: list[dict]) -> None:
    """One line per row: median and worst, moves, the median of each stage, the PNG size."""
    print(f"\n{title}")
    print(f"{'':<62} {'median':>7} {'worst':>7} {'moves':>5} {'same':>4} {'noop':>4} | {'to kern':>7} {'kernel':>7} "
          f"{'deliver':>7} {'decode':>6} {'paint':>6} {'PNG KB':>6}")
    for row in rows:
        print(f"{row['benchmark'][:62]:<62} {row['median_ms']:>7.0f} {row['worst_ms']:>7.0f} {row['moves']:>5} "
              f"{row['unchanged']:>4} {row['no_op']:>4} | " + " ".join(f"{row[stage]:>{7 if i < 3 else 6}.0f}"
                                                     for i, stage in enumerate(STAGES))
              + f" {row['png_kb']:>6.1f}")


def parse(argv: Sequence[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--chapters", default="", help="comma-separated chapter numbers, e.g. 01,06 (default: all)")
    parser.add_argument("--moves", type=int, default=None, help=f"key presses each way per control (default {MOVES})")
    parser.add_argument("--quick", action="store_true",
                        help=f"{QUICK_MOVES} press each way, and a drag of the first control of each widget only")
    return parser.parse_args(list(argv))


def notebooks(chapters: str) -> list[str]:
    """The chapters' notebooks in book/ (all numbered ones, or those named)."""
    wanted = {number.strip().zfill(2) for number in chapters.split(",") if number.strip()}
    found = sorted(path.name for path in BOOK.glob("[0-9][0-9]_*.ipynb"))
    return [name for name in found if not wanted or name[:2] in wanted]


def main(argv: Sequence[str] = ()) -> list[dict]:
    """Measure, print the tables, and return one row per widget plus a total (empty if Lab can't run)."""
    options = parse(argv)
    reason = lab_driver.missing()
    if reason:
        print(f"skipped: {reason}")
        return []
    moves = options.moves or (QUICK_MOVES if options.quick else MOVES)
    known = widget_classes()
    chapters = []
    pythonpath = os.pathsep.join(filter(None, [str(ROOT / "lib"), os.environ.get("PYTHONPATH")]))
    with lab_driver.lab_server(BOOK, env={"PYTHONPATH": pythonpath}) as server, sync_playwright() as playwright:
        browser = lab_driver.launch_chromium(playwright)
        for notebook in notebooks(options.chapters):
            load_before = os.getloadavg()[0]
            chapter = bench_chapter(browser, server, notebook, moves, not options.quick, known)
            print(f"{notebook}: Run All {chapter.run_all_s:.1f} s, {len(chapter.widgets)} widgets, "
                  f"load {load_before:.2f} -> {chapter.load:.2f}, errors {len(chapter.errors)}", flush=True)
            for error in chapter.errors:
                print(f"   error: {error}")
            chapters.append(chapter)
        browser.close()
    widget_rows, control_rows = rows_for(chapters)
    print_table("per control (ms)", control_rows)
    print_table("per widget (ms)", widget_rows)
    return widget_rows


if __name__ == "__main__":
    results = main(sys.argv[1:])
    sys.exit(1 if any(row["errors"] for row in results) else 0)
