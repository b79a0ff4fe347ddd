"""Chapter 3 widgets: every control through its range, figure data equal to the library's output."""

from __future__ import annotations

import base64
from collections.abc import Callable

import numpy as np
import pytest
from assetalloc import optimise, risk, sensitivity
from assetalloc.style import COLOURS, OKABE_ITO
from assetalloc.widgets.base import FigureWidget
from assetalloc.widgets.emerging_markets import (
    ASSET_COLOURS,
    EMERGING,
    FRAGILITY_START_SHIFT,
    FRONTIER_POINTS,
    FRONTIER_START_CORRELATION,
    METHODS,
    ONE_POINT_CHOSEN,
    ONE_POINT_FRONTIER,
    SIMULATED_LABEL,
    WIDGET_DRAWS,
    EmergingOptimumExplorer,
    FragilityExplorer,
    FrontierShapeExplorer,
    default_widgets,
    fragility_start,
    frontier_shapes_chart,
    source_inputs,
    source_months,
    weight_response_chart,
)
from conftest import pixels, widget_sweep_tests
from matplotlib.axes import Axes
from matplotlib.colors import to_hex, to_rgb
from matplotlib.lines import Line2D

#: Fewer resampling draws than the chapter's widget, to keep the sweeps fast (what is drawn is the same code).
TEST_DRAWS = 20


def widgets() -> dict[str, FigureWidget]:
    """The chapter's widgets, the fragility widget with :data:`TEST_DRAWS` draws."""
    found = default_widgets()
    fragility = found["fragility"]
    found["fragility"] = FragilityExplorer(
        fragility.expected_returns, fragility.covariance, fragility.risk_aversion, fragility.n_observations,
        n_draws=TEST_DRAWS,
    )
    return found


@pytest.fixture(scope="module")
def module_widgets() -> dict[str, FigureWidget]:
    """One set of widgets for the tests that only read them or check after every move (their checks
    depend only on the current control values, so the order of the tests does not matter)."""
    return widgets()


@pytest.fixture(scope="module")
def default_set() -> dict[str, FigureWidget]:
    """The chapter's widgets exactly as default_widgets() builds them (each test moves a different one)."""
    return default_widgets()


def check_optimum(widget: EmergingOptimumExplorer) -> None:
    values = widget.values()
    mu = widget.inputs(values["emerging_return"])
    assert mu[EMERGING] == values["emerging_return"]
    weights = optimise.mean_variance_weights(mu, widget.covariance, values["risk_aversion"])
    frontier = optimise.efficient_frontier(mu, widget.covariance, FRONTIER_POINTS)
    np.testing.assert_allclose([bar.get_height() for bar in widget.bars], weights, rtol=1e-12, atol=1e-15)
    np.testing.assert_allclose(widget.frontier_line.get_xdata(), frontier.volatilities, rtol=1e-12)
    np.testing.assert_allclose(widget.frontier_line.get_ydata(), frontier.returns, rtol=1e-12)
    np.testing.assert_allclose(widget.optimum_point.get_xdata(), [risk.portfolio_volatility(weights, widget.covariance)])
    np.testing.assert_allclose(widget.optimum_point.get_ydata(), [risk.portfolio_return(weights, mu)])
    # A frontier of one point (no mix beats the lowest-risk one on return) is a dot named for what it is, not a curve.
    one_point = len(frontier.returns) == 1
    assert widget.frontier_text.get_text() == (ONE_POINT_FRONTIER if one_point else "Efficient frontier")
    assert (widget.frontier_line.get_linestyle() == "None") == one_point == (widget.frontier_key.get_linestyle() == "None")
    assert widget.problem is None


def check_frontier(widget: FrontierShapeExplorer) -> None:
    values = widget.values()
    try:
        covariance = widget.covariance(**values)
    except ValueError as error:
        assert widget.problem == str(error) and "correlation" in widget.problem
        assert widget._message.get_visible()
        return
    frontier = optimise.efficient_frontier(widget.expected_returns, covariance, FRONTIER_POINTS)
    assert widget.problem is None
    np.testing.assert_allclose(widget.frontier_line.get_xdata(), frontier.volatilities, rtol=1e-12)
    np.testing.assert_allclose(widget.frontier_line.get_ydata(), frontier.returns, rtol=1e-12)
    np.testing.assert_allclose(widget.minimum_point.get_xdata(), frontier.volatilities[:1], rtol=1e-12)
    np.testing.assert_allclose(widget.asset_markers[EMERGING].get_xdata(), [values["emerging_volatility"]])
    # A frontier of one point is a dot, and its legend entry says what it is.
    one_point = len(frontier.returns) == 1
    assert widget.chosen_text.get_text().endswith(ONE_POINT_CHOSEN) == one_point
    assert (widget.frontier_line.get_linestyle() == "None") == one_point == (widget.chosen_key.get_linestyle() == "None")


def check_fragility(widget: FragilityExplorer) -> None:
    title = widget.summary.get_window_extent(widget.figure.canvas.get_renderer())
    assert widget.figure.bbox.x0 <= title.x0 and title.x1 <= widget.figure.bbox.x1  # the whole title in the picture
    values = widget.values()
    mu = np.array([values["domestic_return"], values["foreign_return"], values["emerging_return"]])
    upper = [1.0, 1.0, values["emerging_limit"]]
    expected = {
        "Plain optimum": optimise.mean_variance_weights(mu, widget.covariance, widget.risk_aversion),
        "With a weight limit": optimise.mean_variance_weights(mu, widget.covariance, widget.risk_aversion, upper=upper),
        "Resampled": sensitivity.resampled_weights(
            mu, widget.covariance, widget.risk_aversion, widget.n_observations, widget.n_draws, seed=widget.seed
        ).weights,
    }
    assert widget.problem is None
    for method in METHODS:
        np.testing.assert_allclose([bar.get_height() for bar in widget.bars[method]], expected[method],
                                   rtol=1e-12, atol=1e-15)
    limited = [bar.get_height() for bar in widget.bars["With a weight limit"]]
    assert limited[EMERGING] <= values["emerging_limit"] + 1e-12
    reference = optimise.mean_variance_weights(widget.expected_returns, widget.covariance, widget.risk_aversion)
    np.testing.assert_allclose(widget.ticks["Plain optimum"].get_ydata(), reference, rtol=1e-12, atol=1e-15)
    if widget.idle_note.get_text():
        # The note has room: a few pixels clear of the legend's border, and above every bar (weights reach 100%).
        renderer = widget.figure.canvas.get_renderer()
        note, legend = widget.idle_note.get_window_extent(renderer), widget.ax.get_legend().get_window_extent(renderer)
        assert not note.expanded(1.0, 1.0).padded(3.0).overlaps(legend)
        assert note.y0 > widget.ax.transData.transform((0.0, 1.0))[1]


CASES: list[tuple[str, Callable]] = [
    ("optimum", check_optimum),
    ("frontier", check_frontier),
    ("fragility", check_fragility),
]


test_every_control_through_its_range, test_random_sequences_of_moves_never_raise = widget_sweep_tests(CASES, widgets="module_widgets")


def test_default_state_reproduces_table4(default_set: dict[str, FigureWidget]) -> None:
    widget = default_set["optimum"]
    heights = [bar.get_height() for bar in widget.bars]
    assert heights[EMERGING] == pytest.approx(0.1351, abs=1e-9)
    assert widget.values()["risk_aversion"] == pytest.approx(0.75, abs=5e-5)


def test_frontier_shows_a_message_for_impossible_correlations(default_set: dict[str, FigureWidget]) -> None:
    widget = default_set["frontier"]
    widget.controls["correlation_foreign"].value = -0.5
    assert widget.problem is not None and "positive semidefinite" in widget.problem
    assert "No answer" in widget._message.get_text()
    widget.controls["correlation_foreign"].value = FRONTIER_START_CORRELATION
    assert widget.problem is None and not widget._message.get_visible()


def test_fragility_starts_one_point_above_the_source_and_reports_trading(
    default_set: dict[str, FigureWidget],
) -> None:
    widget = default_set["fragility"]
    assert widget.n_draws == WIDGET_DRAWS
    values = widget.values()
    assert values["emerging_return"] == pytest.approx(widget.expected_returns[EMERGING] + FRAGILITY_START_SHIFT)
    np.testing.assert_allclose(fragility_start(widget.expected_returns), [0.06, 0.06, 0.09])
    plain = optimise.mean_variance_weights(widget.expected_returns, widget.covariance, widget.risk_aversion)
    moved = optimise.mean_variance_weights(fragility_start(widget.expected_returns), widget.covariance,
                                           widget.risk_aversion)
    assert f"plain optimum {sensitivity.weight_change(plain, moved):.1%}" in widget.summary.get_text()
    assert "plain optimum 0%" not in widget.summary.get_text()
    # Traded between which two states, in plain words: the source's returns and the sliders' (any of them).
    assert widget.summary.get_text().startswith(
        "Share of the portfolio traded to go from the source's returns to the returns set:\n")
    assert f"Resampled ({WIDGET_DRAWS} histories)" in [text.get_text() for text in widget.ax.get_legend().get_texts()]
    widget.controls["emerging_return"].value = float(widget.expected_returns[EMERGING])
    assert "plain optimum 0.0%" in widget.summary.get_text()
    assert any(SIMULATED_LABEL == text.get_text() for text in widget.ax.texts)


def test_frontier_starts_away_from_the_source_so_both_curves_show(default_set: dict[str, FigureWidget]) -> None:
    widget = default_set["frontier"]
    assert widget.values()["correlation_foreign"] == FRONTIER_START_CORRELATION != widget.correlation[1, 2]
    dashed, solid = widget.ax.get_lines()[0], widget.frontier_line
    assert dashed.get_linestyle() == "--"
    assert not np.allclose(solid.get_xdata()[:5], dashed.get_xdata()[:5])
    assert FrontierShapeExplorer(widget.expected_returns, widget.volatilities, widget.correlation).values()[
        "correlation_foreign"] == widget.correlation[1, 2]


def test_source_inputs_and_history_length() -> None:
    inputs = source_inputs()
    np.testing.assert_allclose(inputs["volatilities"], [0.1803, 0.1911, 0.2705])
    assert inputs["correlation"][1, 2] == 0.8769
    np.testing.assert_allclose(inputs["expected_returns"], [0.06, 0.06, 0.08])
    assert source_months() == 126


def assert_emerging_square_in_view(widget: FigureWidget, ax: Axes, point: Line2D) -> None:
    """The picture's pixels at ``point`` (a portfolio of emerging stocks alone) show their square's colour,
    and its ring (the point's marker) shows around it."""
    picture = pixels(widget.png())[..., :3].astype(float)
    x, y = ax.transData.transform((point.get_xdata()[0], point.get_ydata()[0]))
    row, column = picture.shape[0] - round(y), round(x)  # image rows count from the top
    centre = picture[row - 2:row + 3, column - 2:column + 3]
    assert np.all(np.abs(centre - 255 * np.array(to_rgb(ASSET_COLOURS[EMERGING]))) < 10)
    radius = round(point.get_markersize() / 2 * widget.figure.dpi / 72)  # points to pixels
    ring = picture[row, column + radius - 1:column + radius + 2]
    assert np.any(np.all(np.abs(ring - 255 * np.array(to_rgb(point.get_color()))) < 40, axis=-1))


def test_the_optimum_leaves_the_asset_it_holds_in_view(module_widgets: dict[str, FigureWidget]) -> None:
    widget = module_widgets["optimum"]
    widget.controls["emerging_return"].value = 0.08
    widget.controls["risk_aversion"].value = 0.2  # the optimum is emerging stocks alone, on their square
    assert widget.bars[EMERGING].get_height() == pytest.approx(1.0)
    assert_emerging_square_in_view(widget, widget.ax_frontier, widget.optimum_point)


def test_a_one_point_frontier_is_named_and_leaves_the_asset_in_view(default_set: dict[str, FigureWidget]) -> None:
    widget = default_set["frontier"]
    widget.controls["emerging_volatility"].value = 0.10  # emerging stocks alone: least risk and most return
    assert len(widget.frontier_line.get_xdata()) == 1 and widget.chosen_text.get_text().endswith(ONE_POINT_CHOSEN)
    assert_emerging_square_in_view(widget, widget.ax, widget.minimum_point)
    # The static page moves only the risk: its alt text says the correlation used, not the source's.
    assert widget.state_summary().endswith(
        f"; correlations of emerging stocks: {FRONTIER_START_CORRELATION:.2f} with foreign developed stocks "
        f"(the source's {widget.correlation[1, 2]:.2f})")
    widget.controls["emerging_volatility"].value = float(widget.volatilities[EMERGING])  # as the other tests found it


def test_static_page_gets_the_current_figure(module_widgets: dict[str, FigureWidget]) -> None:
    widget = module_widgets["optimum"]
    bundle = widget._repr_mimebundle_()
    assert base64.b64decode(bundle["image/png"]).startswith(b"\x89PNG")
    assert bundle["text/plain"] == widget.description


def test_widgets_and_chart_draw_in_the_book_palette(module_widgets: dict[str, FigureWidget]) -> None:
    allowed = {colour.upper() for colour in set(OKABE_ITO.values()) | set(COLOURS.values())}
    chart = weight_response_chart(np.array([0.06, 0.08]), {"Plain optimum": np.array([[0.5, 0.5, 0.0], [0.4, 0.3, 0.3]])})
    axes = [ax for widget in module_widgets.values() for ax in widget.figure.axes] + chart.figure.axes
    for ax in axes:
        for line in ax.get_lines():
            assert to_hex(line.get_color()).upper() in allowed
        for patch in ax.patches:
            assert to_hex(patch.get_facecolor()).upper() in allowed


def test_response_chart_draws_the_given_weights_and_labels_simulated_data() -> None:
    values = np.array([0.06, 0.08, 0.10])
    plain = np.array([[0.57, 0.43, 0.0], [0.56, 0.31, 0.13], [0.34, 0.0, 0.66]])
    chart = weight_response_chart(values, {"Plain optimum": plain, "Resampled": plain[::-1]})
    (ax,) = chart.figure.axes
    np.testing.assert_array_equal(ax.get_lines()[0].get_ydata(), plain[:, EMERGING])
    assert any(text.get_text() == SIMULATED_LABEL for text in ax.texts)
    assert chart._repr_png_().startswith(b"\x89PNG")


def test_frontier_shapes_chart_draws_the_library_frontiers() -> None:
    inputs = source_inputs()
    chart = frontier_shapes_chart(inputs["expected_returns"], inputs["volatilities"], inputs["correlation"], [0.6, 0.3])
    (ax,) = chart.figure.axes
    curves = [line for line in ax.get_lines() if len(line.get_xdata()) > 1]
    assert len(curves) == 3 and curves[0].get_linestyle() == "--"
    for line, rho in zip(curves, [0.8769, 0.6, 0.3]):
        correlation = inputs["correlation"].copy()
        correlation[1, 2] = correlation[2, 1] = rho
        frontier = optimise.efficient_frontier(
            inputs["expected_returns"], risk.covariance_from_correlation(inputs["volatilities"], correlation), FRONTIER_POINTS
        )
        np.testing.assert_allclose(line.get_xdata(), frontier.volatilities, rtol=1e-12)
    allowed = {colour.upper() for colour in set(OKABE_ITO.values()) | set(COLOURS.values())}
    assert all(to_hex(line.get_color()).upper() in allowed for line in ax.get_lines())
    assert "0.88 (the source's)" in chart.description
    assert chart._repr_png_().startswith(b"\x89PNG")
    with pytest.raises(ValueError, match="correlations_foreign"):
        frontier_shapes_chart(inputs["expected_returns"], inputs["volatilities"], inputs["correlation"], [0.1, 0.2, 0.3, 0.4])
    with pytest.raises(ValueError, match="correlation"):
        frontier_shapes_chart(inputs["expected_returns"], inputs["volatilities"], inputs["correlation"], [-0.5])


def test_fragility_says_when_its_weight_limit_changes_nothing(default_set: dict[str, FigureWidget]) -> None:
    widget = default_set["fragility"]
    source = widget.expected_returns
    for name, value in zip(("domestic_return", "foreign_return", "emerging_return"), source):
        widget.controls[name].value = float(value)
    plain = optimise.mean_variance_weights(source, widget.covariance, widget.risk_aversion)[EMERGING]
    widget.controls["emerging_limit"].value = round(plain + 0.02, 2)  # above the optimum's weight: binds nowhere
    assert widget.idle_note.get_text().startswith(f"No effect now: the plain optimum holds {plain:.1%}")
    before = widget.bars["With a weight limit"][EMERGING].get_height()
    widget.controls["emerging_limit"].value = 0.9
    assert widget.bars["With a weight limit"][EMERGING].get_height() == pytest.approx(before)  # indeed nothing moved
    widget.controls["emerging_limit"].value = round(plain - 0.03, 2)  # below it: binds, the note goes
    assert widget.idle_note.get_text() == ""
