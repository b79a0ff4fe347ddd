"""Every tick label of the book's figures prints its tick's exact value.

A fixed number of decimals once printed a 2.5% tick as "2%". These tests draw
every widget of every chapter in its default state and every static chart the
chapters show, read back each labelled tick, and compare the label with the
tick's position.
"""

from __future__ import annotations

import re

import matplotlib as mpl
import numpy as np
import pandas as pd
import pytest
from assetalloc import (
    assumptions,
    data,
    estimation,
    optimise,
    sensitivity,
    style,
    tactical,
    weighting,
)
from assetalloc.widgets.diversification import (
    correlation_curves_chart,
    rolling_correlation_chart,
)
from assetalloc.widgets.emerging_markets import (
    EMERGING,
    frontier_shapes_chart,
    source_inputs,
    weight_response_chart,
)
from assetalloc.widgets.foreign_bonds import allocation_area_chart
from assetalloc.widgets.gdp_weighting import share_comparison_chart
from assetalloc.widgets.tactical import chapter_inputs, regime_history_chart
from conftest import REPO, chapter_widget_modules, widgets_to_look_at
from hypothesis import given, settings
from hypothesis import strategies as st
from matplotlib.axis import Axis
from matplotlib.figure import Figure

NUMBER = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)$")


def label_value(text: str) -> float | None:
    """The number a tick label prints (percent labels as decimals), or None for a label that is not a number."""
    plain = text.replace("\u2212", "-").replace(",", "").replace("¥", "").replace("$", "").strip()
    percent = plain.endswith("%")
    plain = plain.removesuffix("%").strip()
    if not NUMBER.match(plain):
        return None
    return float(plain) / 100.0 if percent else float(plain)


def axis_mismatches(axis: Axis, where: str) -> list[str]:
    """Labelled major ticks of a drawn axis whose label is a number other than the tick's position.

    Date axes are left out: their labels ("1970") are calendar dates, not the tick's number.
    """
    if type(axis.get_major_formatter()).__module__ == "matplotlib.dates":
        return []
    low, high = sorted(axis.get_view_interval())
    problems = []
    for tick in axis.get_major_ticks():
        location, text = tick.get_loc(), tick.label1.get_text()
        if not tick.label1.get_visible() or not text or not low - 1e-12 <= location <= high + 1e-12:
            continue
        value = label_value(text)
        if value is not None and abs(value - location) > 1e-9 * max(1.0, abs(location)):
            problems.append(f"{where}: tick at {location!r} labelled {text!r}")
    return problems


def tick_label_mismatches(figure: Figure) -> list[str]:
    """Every labelled tick of every axes of a figure whose number differs from its position."""
    style.agg_canvas(figure).draw()
    problems = []
    for index, ax in enumerate(figure.axes):
        title = ax.get_title() or f"axes {index}"
        for name, axis in (("x", ax.xaxis), ("y", ax.yaxis)):
            problems += axis_mismatches(axis, f"{title!r} {name}-axis")
    return problems


def test_label_value_reads_the_forms_the_book_prints() -> None:
    assert label_value("2.5%") == pytest.approx(0.025)
    assert label_value("\u22127.5%") == pytest.approx(-0.075)
    assert label_value("1,000,000") == 1_000_000
    assert label_value("¥2.6") == 2.6
    assert label_value("Domestic stocks") is None


def test_a_wrong_label_is_found() -> None:
    """The checker is not blind: a fixed 0-decimal formatter on 2.5% steps is caught."""
    figure, (ax,) = style.new_figure()
    ax.plot([0.0, 0.1], [-0.075, 0.05])
    ax.yaxis.set_major_locator(mpl.ticker.MultipleLocator(0.025))
    ax.yaxis.set_major_formatter(mpl.ticker.PercentFormatter(xmax=1.0, decimals=0))
    assert any("labelled '2%'" in problem for problem in tick_label_mismatches(figure))


@settings(max_examples=30, deadline=None)  # each example draws a figure
@given(
    low=st.floats(-0.5, 0.5),
    width=st.floats(1e-4, 2.0),
    minimum_decimals=st.integers(0, 2),
)
def test_percent_axis_labels_every_tick_exactly(low: float, width: float, minimum_decimals: int) -> None:
    figure, (ax,) = style.new_figure()
    ax.set_ylim(low, low + width)
    ax.set_xlim(low, low + width)
    style.percent_axis(ax, "y", decimals=minimum_decimals)
    style.percent_axis(ax, "x", decimals=minimum_decimals)
    assert tick_label_mismatches(figure) == []
    labels = [tick.label1.get_text() for tick in ax.yaxis.get_major_ticks() if tick.label1.get_text()]
    assert all(len(label.split(".")[-1].removesuffix("%")) >= minimum_decimals for label in labels if "." in label)


def test_two_and_a_half_percent_steps_print_one_decimal() -> None:
    figure, (ax,) = style.new_figure()
    ax.set_ylim(-0.08, 0.05)
    style.percent_axis(ax, "y")
    ax.yaxis.set_major_locator(mpl.ticker.MultipleLocator(0.025))  # a chart that insists on 2.5% steps
    style.agg_canvas(figure).draw()
    labels = [tick.label1.get_text() for tick in ax.yaxis.get_major_ticks()]
    assert "2.5%" in labels and "\u22127.5%" in labels and "5.0%" in labels


def default_widget_cases() -> list[tuple[str, str]]:
    return [(module, name) for module in chapter_widget_modules() for name in widgets_to_look_at(module)]


@pytest.mark.parametrize(("module_name", "name"), default_widget_cases(), ids=lambda value: str(value))
def test_every_widgets_default_figure_prints_exact_ticks(module_name: str, name: str) -> None:
    assert tick_label_mismatches(widgets_to_look_at(module_name)[name].figure) == []


def _correlation_curves_chart():
    return correlation_curves_chart((0.2215, 0.1959), [1.0, 0.6, 0.27, 0.0, -1.0], title="Chapter 1")


def _rolling_correlation_chart():
    size = data.us_equity_monthly()[["small", "large"]]
    return rolling_correlation_chart(estimation.rolling_correlation(size, window=60), title="Chapter 1")


def _allocation_chart(inputs: tuple[pd.Series, pd.DataFrame], title: str):
    expected, covariance = inputs
    lambdas = np.geomspace(0.1, 30.0, 60)
    sweep = optimise.risk_aversion_sweep(expected, covariance, lambdas)
    break_even = pd.Series(
        [optimise.break_even_return(expected, covariance, lam, "foreign_bonds") for lam in lambdas], index=lambdas
    )
    return allocation_area_chart(sweep, break_even, expected["foreign_bonds"], marked_risk_aversion=1.5, title=title)


def _table2_chart():
    return _allocation_chart(
        assumptions.table2_inputs(), "The source's Table 2 inputs (dotted line: the source's risk aversion)"
    )


def _gpif_2014_chart():
    return _allocation_chart(assumptions.gpif_2014_inputs(), "GPIF's 2014 assumptions with the 2004 correlations")


def _weight_response_chart():
    inputs = source_inputs()
    mu, covariance = inputs["expected_returns"], inputs["covariance"]
    implied = sensitivity.implied_risk_aversion(mu, covariance, EMERGING, 0.1351)  # table 4's weight
    values = np.linspace(0.05, 0.11, 25)
    rule = lambda m: optimise.mean_variance_weights(m, covariance, implied)
    return weight_response_chart(values, {"Plain optimum": sensitivity.weight_response(rule, mu, EMERGING, values)})


def _frontier_shapes_chart():
    inputs = source_inputs()
    return frontier_shapes_chart(inputs["expected_returns"], inputs["volatilities"], inputs["correlation"], [0.6, 0.3])


def _share_chart():
    regions = data.regional_shares_2010()
    table = weighting.share_comparison(regions["gdp_share"], regions["cap_share"])
    return share_comparison_chart(table, regions["name"], title="2010")


def _regime_chart():
    return regime_history_chart(tactical.classify_regimes(chapter_inputs()["indicator"], 40, 2))


#: Every static chart function the chapters call, drawn with the chapters' inputs.
STATIC_CHARTS = {
    "correlation_curves_chart": _correlation_curves_chart,
    "rolling_correlation_chart": _rolling_correlation_chart,
    "allocation_area_chart (table 2)": _table2_chart,
    "allocation_area_chart (GPIF 2014)": _gpif_2014_chart,
    "weight_response_chart": _weight_response_chart,
    "frontier_shapes_chart": _frontier_shapes_chart,
    "share_comparison_chart": _share_chart,
    "regime_history_chart": _regime_chart,
}


@pytest.mark.parametrize("name", list(STATIC_CHARTS))
def test_every_static_chart_prints_exact_ticks(name: str) -> None:
    assert tick_label_mismatches(STATIC_CHARTS[name]().figure) == []


def test_every_chart_function_the_chapters_call_is_checked() -> None:
    called = set()
    for page in sorted((REPO / "book").glob("*.md")):
        called |= set(re.findall(r"\b(\w+_chart)\(", page.read_text(encoding="utf-8")))
    checked = {name.split()[0] for name in STATIC_CHARTS}
    assert called <= checked, f"charts the chapters draw but this file does not check: {called - checked}"
