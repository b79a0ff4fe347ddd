"""Chapter 1 widgets: every control through its range, figure data equal to the model's output.

The sweeps themselves (``sweep_controls``, ``random_moves``) are fixtures in
conftest.py shared by every chapter's widget tests; this file says what each
widget must draw.
"""

from __future__ import annotations

import base64
import re
from collections.abc import Callable

import numpy as np
import pytest
from assetalloc import risk
from assetalloc.widgets.base import LEGEND_CLEARANCE_PX, FigureWidget
from assetalloc.widgets.diversification import (
    WEIGHT_GRID_POINTS,
    HoldingsRiskExplorer,
    LossBudgetCalculator,
    TwoAssetRiskExplorer,
    default_widgets,
)
from conftest import (
    assert_shows_full_render,
    stock_png,
    widget_sweep_tests,
)


def two_asset_model(weight: float, correlation: float, volatility_1: float, volatility_2: float) -> dict:
    grid = np.column_stack([np.linspace(0, 1, WEIGHT_GRID_POINTS), 1 - np.linspace(0, 1, WEIGHT_GRID_POINTS)])
    covariance = risk.two_asset_covariance(volatility_1, volatility_2, correlation)
    return {
        "curve": risk.portfolio_volatility(grid, covariance),
        "average": risk.portfolio_volatility(grid, risk.two_asset_covariance(volatility_1, volatility_2, 1.0)),
        "chosen": risk.portfolio_volatility([weight, 1 - weight], covariance),
    }


@pytest.fixture()
def chapter_widgets() -> dict[str, FigureWidget]:
    return default_widgets()


@pytest.fixture()
def two_asset(chapter_widgets: dict[str, FigureWidget]) -> TwoAssetRiskExplorer:
    return chapter_widgets["two_asset"]


@pytest.fixture()
def loss_budget(chapter_widgets: dict[str, FigureWidget]) -> LossBudgetCalculator:
    return chapter_widgets["loss_budget"]


@pytest.fixture()
def holdings(chapter_widgets: dict[str, FigureWidget]) -> HoldingsRiskExplorer:
    return chapter_widgets["holdings"]


#: Pixels at least between the two-asset widget's legend and its curves' vertices and point, in every state
#: (at correlation −1 with equal risks the V of the curve leaves no place wider), and where there is room.
LEGEND_ROOM_PX, LEGEND_ROOM_WITH_SPACE_PX = LEGEND_CLEARANCE_PX, 20.0


def legend_room(widget: TwoAssetRiskExplorer) -> float:
    """Pixels between the legend's frame and the nearest vertex of the curves or the chosen point."""
    legend = widget.ax.get_legend().get_window_extent(widget.figure.canvas.get_renderer())
    lines = (widget.portfolio_line, widget.no_diversification_line, widget.chosen_point)
    x, y = widget.ax.transData.transform(np.vstack([np.column_stack([line.get_xdata(), line.get_ydata()])
                                                    for line in lines])).T
    dx = np.maximum(np.maximum(legend.x0 - x, x - legend.x1), 0.0)
    dy = np.maximum(np.maximum(legend.y0 - y, y - legend.y1), 0.0)
    return float(np.min(np.hypot(dx, dy)))


def check_two_asset(widget: TwoAssetRiskExplorer) -> None:
    expected = two_asset_model(**widget.values())
    np.testing.assert_allclose(widget.portfolio_line.get_ydata(), expected["curve"], rtol=1e-12)
    np.testing.assert_allclose(widget.no_diversification_line.get_ydata(), expected["average"], rtol=1e-12)
    np.testing.assert_allclose(widget.chosen_point.get_ydata(), [expected["chosen"]], rtol=1e-12)
    np.testing.assert_allclose(widget.chosen_point.get_xdata(), [widget.values()["weight"]])
    # The legend keeps clear of every curve and point (at correlation 1 both curves are one line across the axes).
    assert legend_room(widget) >= LEGEND_ROOM_PX


def test_the_legend_finds_room_when_the_curves_fill_the_axes() -> None:
    widget = default_widgets()["two_asset"]
    for name, value in (("volatility_1", 0.4), ("volatility_2", 0.4), ("correlation", -0.87), ("weight", 0.0)):
        widget.controls[name].value = value  # the line of no diversification along the top, a deep V below it
    assert legend_room(widget) >= LEGEND_ROOM_PX
    assert widget.ax.get_ylim()[1] > 0.4 * 1.25  # room made above the data


def test_the_legend_keeps_its_distance_from_a_line_across_the_axes() -> None:
    widget = default_widgets()["two_asset"]
    widget.controls["correlation"].value = 1.0  # both curves one line, from one risk to the other
    assert legend_room(widget) >= LEGEND_ROOM_WITH_SPACE_PX


def check_loss_budget(widget: LossBudgetCalculator) -> None:
    try:
        expected = widget.budget(**widget.values())
    except ValueError as error:
        assert widget.problem == str(error)
        assert widget._message.get_visible()
        return
    assert widget.problem is None
    heights = [bar.get_height() for bar in widget.return_bars]
    np.testing.assert_allclose(heights, expected["worst_case_return"].to_numpy(), rtol=1e-12)
    heights = [bar.get_height() for bar in widget.investment_bars]
    np.testing.assert_allclose(heights, expected["max_investment"].to_numpy() / 1e6, rtol=1e-12)
    # Each difference once, by its word ("2.50 million yen more", "0.40 ... less"), not also by a sign.
    extra = expected.loc["Mix", "extra_investment"] / 1e6
    invested = f"{abs(extra):.2f} million yen {'less' if extra < 0 else 'more'} invested"
    assert invested in widget.summary.get_text() and not any(sign in widget.summary.get_text() for sign in "+-\u2212")


def check_holdings(widget: HoldingsRiskExplorer) -> None:
    values = widget.values()
    n = np.arange(1, values["max_holdings"] + 1)
    expected = risk.equal_weight_portfolio_volatility(n, values["average_volatility"], values["average_correlation"])
    np.testing.assert_array_equal(widget.curve.get_xdata(), n)
    np.testing.assert_allclose(widget.curve.get_ydata(), expected, rtol=1e-12)
    floor = risk.diversification_floor(values["average_volatility"], values["average_correlation"])
    np.testing.assert_allclose(widget.floor.get_ydata(), [floor, floor], rtol=1e-12)
    if widget.beyond_label is not None and widget.beyond_label.get_visible():
        # The note on hypothetical holdings stays inside the axes, clear of the floor line and of the curve.
        note = widget.beyond_label.get_window_extent(widget.figure.canvas.get_renderer())
        assert note.y0 >= widget.ax.bbox.y0
        floor_y = widget.ax.transData.transform((0.0, floor))[1]
        assert not note.y0 - 1.0 <= floor_y <= note.y1 + 1.0
        curve = widget.ax.transData.transform(np.column_stack([n, expected]))
        under = curve[(curve[:, 0] >= note.x0) & (curve[:, 0] <= note.x1), 1]
        assert not np.any((under >= note.y0 - 1.0) & (under <= note.y1 + 1.0))


CASES: list[tuple[str, Callable]] = [
    ("two_asset", check_two_asset),
    ("loss_budget", check_loss_budget),
    ("holdings", check_holdings),
]


test_every_control_through_its_range, test_random_sequences_of_moves_never_raise = widget_sweep_tests(CASES)


def test_loss_budget_shows_a_message_when_there_is_no_loss(loss_budget: LossBudgetCalculator) -> None:
    loss_budget.controls["k"].value = loss_budget.controls["k"].min
    loss_budget.controls["expected_return"].value = loss_budget.controls["expected_return"].max
    loss_budget.controls["weight"].value = 0.5
    assert loss_budget.problem is not None and "lose money" in loss_budget.problem
    assert "No answer" in loss_budget._message.get_text()
    message = " ".join(loss_budget._message.get_text().split())  # as read, whatever the line breaks
    assert "would not lose money" in message  # the widget's plain words, not the model's
    assert "expected_return / k" not in message
    # Plain words for the sigma multiple: the slider's own, never the model's letter k.
    assert "standard deviations of a bad year" in message and not re.search(r"\bk\b", message)
    assert not any(bar.get_visible() for bar in loss_budget.investment_bars)
    assert not loss_budget.summary.get_visible() or loss_budget.summary.get_alpha() == 0.0
    loss_budget.controls["expected_return"].value = 0.06
    assert loss_budget.problem is None and not loss_budget._message.get_visible()
    assert loss_budget.summary.get_visible() and loss_budget.summary.get_alpha() != 0.0
    assert all(bar.get_visible() for bar in loss_budget.investment_bars)


def test_static_page_gets_the_current_figure_and_jupyter_the_live_widget(two_asset: TwoAssetRiskExplorer) -> None:
    before = two_asset._repr_mimebundle_()
    assert "application/vnd.jupyter.widget-view+json" in before
    assert base64.b64decode(before["image/png"]).startswith(b"\x89PNG")
    assert before["text/plain"] == two_asset.description
    two_asset.controls["correlation"].value = -1.0
    after = two_asset._repr_mimebundle_()
    assert after["image/png"] != before["image/png"]
    assert base64.b64decode(after["image/png"]) == stock_png(two_asset.figure)  # the state shown live, kept (same bytes)
    assert_shows_full_render(two_asset)  # ... kept smaller
    assert len(base64.b64decode(after["image/png"])) < len(two_asset.image.value)


def test_widgets_draw_in_the_book_palette(two_asset: TwoAssetRiskExplorer) -> None:
    from assetalloc.style import COLOURS, OKABE_ITO
    from matplotlib.colors import to_hex

    allowed = set(OKABE_ITO.values()) | set(COLOURS.values())
    for line in two_asset.ax.get_lines():
        assert to_hex(line.get_color()).upper() in {colour.upper() for colour in allowed}


def test_a_solver_failure_is_shown_not_raised(two_asset: TwoAssetRiskExplorer, monkeypatch: pytest.MonkeyPatch) -> None:
    def fail(**values: object) -> None:
        raise RuntimeError("ill-conditioned")

    monkeypatch.setattr(two_asset, "update", fail)
    two_asset.controls["weight"].value = 0.5
    assert two_asset.problem == "the solver could not answer: ill-conditioned"
    assert two_asset._message.get_visible()


def test_holdings_curve_is_the_exact_law_through_the_all_industries_dot(holdings: HoldingsRiskExplorer) -> None:
    subsets = holdings.subset_risks
    everything = subsets.index.max()
    curve = dict(zip(holdings.curve.get_xdata(), holdings.curve.get_ydata()))
    assert curve[everything] == pytest.approx(subsets.loc[everything, "mean"], rel=1e-9)
    # The floor is the square root of the average covariance, the text's number.
    floor = holdings.floor.get_ydata()[0]
    assert floor ** 2 == pytest.approx(
        holdings.values()["average_volatility"] ** 2 * holdings.values()["average_correlation"], rel=1e-9
    )


def test_loss_budget_shows_both_markets_and_the_mix_with_a_rounded_gain(loss_budget: LossBudgetCalculator) -> None:
    assert len(loss_budget.return_bars) == 3
    heights = [bar.get_height() for bar in loss_budget.return_bars]
    assert heights[2] > max(heights[:2])  # the mix's bad year is the mildest
    title = loss_budget.summary.get_text()
    assert "about 65,000 yen a year more" in title and "65,245" not in title
    assert all(label.get_text().startswith("\u2212") for label in loss_budget.return_labels)
