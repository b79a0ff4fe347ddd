"""The teaching guide names real widgets and real sliders: a renamed widget or control fails here.

Each lesson plan's timed table says which widget to show (its class name, in backticks) and
which slider to move (the control's label, in bold). Every such name must exist in the
library's widgets, and every bold label in a row must be a control of a widget of that row.
"""

from __future__ import annotations

import re

import pytest
from assetalloc.widgets.base import FigureWidget
from conftest import REPO, chapter_widget_modules, widgets_to_look_at

GUIDE = REPO / "book" / "teaching_guide.md"
CLASS_NAME = re.compile(r"`([A-Z][A-Za-z]+)`")
BOLD = re.compile(r"\*\*([^*]+)\*\*")


@pytest.fixture(scope="module")
def widgets() -> dict[str, FigureWidget]:
    """Every chapter's default widgets, by class name."""
    return {type(widget).__name__: widget for module in chapter_widget_modules()
            for widget in widgets_to_look_at(module).values()}


def plan_rows() -> list[str]:
    """The rows of the lesson plans' timed tables (minutes | activity | what to show)."""
    return [line for line in GUIDE.read_text(encoding="utf-8").splitlines()
            if re.match(r"\|\s*\d+\s*[-–]\s*\d+\s*\|", line)]


def test_every_lesson_plan_has_a_timed_table():
    text = GUIDE.read_text(encoding="utf-8")
    chapters = re.findall(r"\{doc\}`(0\d_[a-z_]+)`", text)
    assert {"01_diversification", "02_foreign_bonds", "03_emerging_markets", "04_gdp_weighting",
            "05_tactical_allocation", "06_capstone"} <= set(chapters)
    assert len(plan_rows()) >= 6 * 5


def test_every_widget_the_guide_names_exists(widgets):
    named = {name for row in plan_rows() for name in CLASS_NAME.findall(row)}
    assert len(named) >= 10
    missing = sorted(named - set(widgets))
    assert not missing, f"the teaching guide names widgets that do not exist: {missing}"


def test_every_slider_the_guide_names_is_a_control_of_a_widget_in_its_row(widgets):
    checked = 0
    for row in plan_rows():
        labels = {control.description for name in CLASS_NAME.findall(row) if name in widgets
                  for control in widgets[name].controls.values()}
        for bold in BOLD.findall(row):
            if not labels or bold.endswith(("…", "...")):
                continue  # a row with no widget, or a pattern standing for several sliders
            assert bold in labels, f"teaching guide: no control labelled {bold!r} in {CLASS_NAME.findall(row)}"
            checked += 1
    assert checked >= 20
