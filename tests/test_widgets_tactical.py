"""Chapter 5 widgets: every control through its range, figure data equal to the model's output.

The sweeps themselves (``sweep_controls``, ``random_moves``) are fixtures in
conftest.py shared by every chapter's widget tests; this file says what each
widget must draw.
"""

from __future__ import annotations

import base64

import matplotlib.dates as mdates
import numpy as np
import pandas as pd
import pytest
from assetalloc import backtest, risk, tactical
from assetalloc.book import signed_number
from assetalloc.widgets.base import FigureWidget
from assetalloc.widgets.tactical import (
    BENCHMARK,
    MAX_TILT,
    TILT_GRID_POINTS,
    RegimeBacktestExplorer,
    RegimeQuadrant,
    TrackingErrorBudget,
    chapter_inputs,
    default_widgets,
    regime_history_chart,
)
from conftest import widget_sweep_tests


@pytest.fixture(scope="module")
def chapter_widgets() -> dict[str, FigureWidget]:
    return default_widgets()


def check_quadrant(widget: RegimeQuadrant) -> None:
    values = widget.values()
    name = tactical.regime(values["level"], values["direction"])
    expected = tactical.regime_portfolio(name, widget.benchmark, widget.tilts, values["scale"])
    assert widget.problem is None
    np.testing.assert_allclose([bar.get_height() for bar in widget.portfolio_bars], expected.to_numpy(), rtol=1e-12)
    np.testing.assert_allclose([bar.get_height() for bar in widget.benchmark_bars], BENCHMARK.to_numpy())
    np.testing.assert_allclose(widget.point.get_xdata(), [100 * values["level"]])  # drawn in percentage points
    np.testing.assert_allclose(widget.point.get_ydata(), [100 * values["direction"]])
    assert name in widget.summary.get_text()


def check_budget(widget: TrackingErrorBudget) -> None:
    values = widget.values()
    covariance = risk.two_asset_covariance(values["volatility_1"], values["volatility_2"], values["correlation"])
    chosen = np.array([values["tilt"], -values["tilt"]])
    scaled = tactical.scale_to_tracking_error(chosen, covariance, values["budget"])
    assert widget.problem is None
    # active weights are drawn in percentage points
    np.testing.assert_allclose([bar.get_height() for bar in widget.chosen_bars], 100 * chosen, rtol=1e-12)
    np.testing.assert_allclose([bar.get_height() for bar in widget.scaled_bars], 100 * scaled, rtol=1e-12, atol=1e-13)
    grid = np.linspace(-MAX_TILT, MAX_TILT, TILT_GRID_POINTS)
    np.testing.assert_allclose(widget.curve.get_xdata(), 100 * grid)
    np.testing.assert_allclose(widget.curve.get_ydata(), risk.tracking_error(np.column_stack([grid, -grid]), covariance))
    np.testing.assert_allclose(widget.scaled_point.get_xdata(), [100 * scaled[0]], rtol=1e-12, atol=1e-13)
    np.testing.assert_allclose(widget.scaled_point.get_ydata(), [risk.tracking_error(scaled, covariance)], atol=1e-15)
    assert f"{signed_number(100 * scaled[0], 1, plus=True)} pp in" in widget.summary.get_text()
    # The title says "scaled" only when the tilt was scaled down.
    was_scaled = risk.tracking_error(scaled, covariance) < risk.tracking_error(chosen, covariance)
    assert ("scaled down" in widget.summary.get_text()) == was_scaled
    assert ("within the" in widget.summary.get_text()) == (not was_scaled)
    # the scaled tilt fits the budget
    assert widget.scaled_point.get_ydata()[0] <= values["budget"] + 1e-12


def check_backtest(widget: RegimeBacktestExplorer) -> None:
    values = widget.values()
    try:
        expected = widget.model(**values)
    except ValueError as error:
        assert widget.problem == str(error)
        assert widget._message.get_visible()
        return
    assert widget.problem is None
    np.testing.assert_allclose(widget.relative_line.get_ydata(), expected.relative_wealth.to_numpy(), rtol=1e-12)
    assert f"Hit rate {expected.hit_rate:.0%}" in widget.summary.get_text()
    ratio = signed_number(backtest.information_ratio(expected.tilted, expected.static), 2)
    assert f"information ratio {ratio}" in widget.summary.get_text()
    # every setting runs over the same quarters, and the axis starts where they start
    longest = widget.model(widget.controls["window"].max, 1.0).static.wealth.index
    assert expected.static.wealth.index.equals(longest)
    assert mdates.num2date(widget.ax.get_xlim()[0]).date() == longest[0].date()


test_every_control_through_its_range, test_random_sequences_of_moves_never_raise = widget_sweep_tests(
    [("quadrant", check_quadrant), ("budget", check_budget)], widgets="chapter_widgets"
)


def test_backtest_sweep(sweep_controls):
    inputs = chapter_inputs()
    widget = RegimeBacktestExplorer(inputs["indicator"], inputs["returns"], BENCHMARK, tactical.regime_tilts())
    sweep_controls(widget, check_backtest)


def test_backtest_random_moves(chapter_widgets, random_moves):
    random_moves(chapter_widgets["backtest"], check_backtest)


def test_quadrant_regions_give_each_regime(chapter_widgets):
    widget = chapter_widgets["quadrant"]
    for level, direction, name in [(0.02, 0.01, "expansion"), (0.02, -0.01, "slowdown"),
                                   (-0.02, 0.01, "recovery"), (-0.02, -0.01, "contraction")]:
        widget.controls["level"].value = level
        widget.controls["direction"].value = direction
        assert widget.summary.get_text() == f"Regime: {name}"


def test_default_widgets_render_png(chapter_widgets):
    assert set(chapter_widgets) == {"quadrant", "budget", "backtest"}
    for widget in chapter_widgets.values():
        bundle = widget._repr_mimebundle_()
        assert base64.b64decode(bundle["image/png"]).startswith(b"\x89PNG")
        assert widget.description and bundle["text/plain"] == widget.description


def test_regime_history_chart():
    inputs = chapter_inputs()
    chart = regime_history_chart(tactical.classify_regimes(inputs["indicator"], 40, 2), "title")
    assert chart._repr_png_().startswith(b"\x89PNG")
    with pytest.raises(TypeError, match="classified"):
        regime_history_chart(pd.DataFrame({"x": [1]}))


def test_quadrant_tints_are_the_history_chart_colours(chapter_widgets):
    """Each quadrant is painted in its regime's colour, as strongly as the history chart's bands."""
    from assetalloc.widgets.tactical import REGIME_ALPHA, REGIME_COLOURS
    from matplotlib.colors import to_rgba

    widget = chapter_widgets["quadrant"]
    patches = [p for p in widget.ax_grid.patches]
    colours = {tuple(np.round(p.get_facecolor(), 6)) for p in patches}
    for name, colour in REGIME_COLOURS.items():
        assert tuple(np.round(to_rgba(colour, REGIME_ALPHA), 6)) in colours, name
    assert len(colours) >= 4


def test_quadrant_legend_matches_the_bars(chapter_widgets):
    widget = chapter_widgets["quadrant"]
    handles, labels = widget.ax_weights.get_legend_handles_labels()
    legend = dict(zip(labels, handles))
    assert {bar.get_facecolor() for bar in widget.portfolio_bars} == {legend["Tilted"].patches[0].get_facecolor()}
    assert {bar.get_facecolor() for bar in widget.benchmark_bars} == {legend["Benchmark"].patches[0].get_facecolor()}


def test_quadrant_shows_every_quarter(chapter_widgets):
    """The axes are widened from the data, so no quarter of the history falls off the grid."""
    widget = chapter_widgets["quadrant"]
    dots = widget.ax_grid.lines[2]  # after the two reference lines
    x, y = np.asarray(dots.get_xdata()), np.asarray(dots.get_ydata())
    low_x, high_x = widget.ax_grid.get_xlim()
    low_y, high_y = widget.ax_grid.get_ylim()
    assert len(x) > 100
    assert np.all((x > low_x) & (x < high_x) & (y > low_y) & (y < high_y))
    assert str(len(x)) in widget.ax_grid.get_title()
