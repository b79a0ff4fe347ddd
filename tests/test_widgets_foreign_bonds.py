"""Chapter 2 widgets: every control through its range, figure data equal to the model's output."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pandas as pd
import pytest
from assetalloc import bonds, currency, optimise, risk
from assetalloc.assumptions import table2_inputs
from assetalloc.book import signed_number, signed_percent
from assetalloc.style import agg_canvas
from assetalloc.widgets.base import FigureWidget
from assetalloc.widgets.foreign_bonds import (
    ASSET_NAMES,
    FRONTIER_POINTS,
    SHOCK_GRID,
    AllocationExplorer,
    HedgeExplorer,
    YieldShockExplorer,
    allocation_area_chart,
    default_widgets,
)
from conftest import widget_sweep_tests


@pytest.fixture(scope="module")
def swept_widgets() -> dict[str, FigureWidget]:
    """Built once for the sweeps: each check compares with the widget's current values, whatever they are."""
    return default_widgets()



def check_allocation(widget: AllocationExplorer) -> None:
    values = widget.values()
    expected = widget.expected_returns.copy()
    expected[widget.asset] = currency.net_of_fee(values["asset_return"], values["fee"])
    weights = optimise.mean_variance_weights(expected, widget.covariance, values["risk_aversion"])
    assert widget.problem is None
    np.testing.assert_allclose([bar.get_height() for bar in widget.bars], weights, atol=1e-12)
    frontier = optimise.efficient_frontier(expected, widget.covariance, FRONTIER_POINTS)
    np.testing.assert_allclose(widget.frontier_line.get_xdata(), frontier.volatilities, atol=1e-12)
    np.testing.assert_allclose(widget.frontier_line.get_ydata(), frontier.returns, atol=1e-12)
    np.testing.assert_allclose(widget.asset_points.get_offsets()[:, 1], expected.to_numpy())
    # Each asset dot carries its name, at the dot.
    assert [text.get_text() for text in widget.asset_labels] == [ASSET_NAMES[a] for a in expected.index]
    np.testing.assert_allclose([text.xy for text in widget.asset_labels], widget.asset_points.get_offsets())
    np.testing.assert_allclose(widget.chosen_point.get_xdata(), [risk.portfolio_volatility(weights, widget.covariance)])
    np.testing.assert_allclose(widget.chosen_point.get_ydata(), [risk.portfolio_return(weights, expected)])
    # The legend covers no point of the frontier, no asset, not the optimum, and no asset's name.
    renderer = widget.figure.canvas.get_renderer()
    legend = widget.legend.get_window_extent(renderer)
    drawn = np.vstack([widget.frontier_line.get_xydata(), widget.asset_points.get_offsets(),
                       widget.chosen_point.get_xydata()])
    x, y = widget.ax_frontier.transData.transform(drawn).T
    assert not ((legend.x0 <= x) & (x <= legend.x1) & (legend.y0 <= y) & (y <= legend.y1)).any()
    assert not any(legend.overlaps(label.get_window_extent(renderer)) for label in widget.asset_labels)
    break_even = optimise.break_even_return(expected, widget.covariance, values["risk_aversion"], widget.asset)
    assert signed_percent(break_even, 2) in widget.summary.get_text()


def check_hedge(widget: HedgeExplorer) -> None:
    values = widget.values()
    assert widget.problem is None
    returns = [
        currency.hedged_return(widget.local_return, values["domestic_rate"], values["foreign_rate"]),
        currency.unhedged_return(widget.local_return, values["currency_return"]),
    ]
    risks = currency.hedged_unhedged_risk(values["local_volatility"], values["currency_volatility"], values["correlation"])
    np.testing.assert_allclose([bar.get_height() for bar in widget.return_bars], returns, atol=1e-15)
    np.testing.assert_allclose([bar.get_height() for bar in widget.risk_bars], risks, atol=1e-15)
    # The return axis shows zero and every bar, and goes below zero only when a bar does (no wasted half).
    low, high = widget.ax_return.get_ylim()
    assert low <= min(0.0, *returns) and high >= max(0.0, *returns)
    assert (low < 0.0) == (min(returns) < 0.0) and (high > 0.0) == (max(returns) >= 0.0)
    # The title states the rate gap the hedge locks in, with its sign; minus signs are true minuses.
    gap = currency.parity_currency_return(values["domestic_rate"], values["foreign_rate"])
    assert f"locks in the rate gap, {signed_percent(gap, 2)} a year (yen rate minus foreign rate)" in widget.summary.get_text()
    assert "-" not in widget.summary.get_text() + "".join(label.get_text() for label in widget.return_labels)
    # The one-line summary (the static page's alt text) states both bars of each panel, as drawn, and the title.
    assert widget.state_summary().startswith(
        f"Expected return in yen: hedged {signed_percent(returns[0], 2)}, unhedged {signed_percent(returns[1], 2)}; "
        f"risk: hedged {signed_percent(risks[0], 2)}, unhedged {signed_percent(risks[1], 2)}.")
    assert widget.state_summary().endswith(" ".join(widget.summary.get_text().split()))
    assert_labels_in_view(widget)


def assert_labels_in_view(widget: HedgeExplorer) -> None:
    """Every tick label inside the picture; each bar's label inside its panel and clear of every bar.

    The layout is fixed at the first render, so a tick label that grows later ("−4.0%" after "4.0%")
    must fit in the room kept then.
    """
    renderer = agg_canvas(widget.figure).get_renderer()
    picture = widget.figure.bbox
    for ax in widget.figure.axes:
        for axis in (ax.xaxis, ax.yaxis):
            ticks = axis.get_tightbbox(renderer)  # the tick labels of the current limits
            assert picture.x0 <= ticks.x0 and ticks.x1 <= picture.x1 and picture.y0 <= ticks.y0 and ticks.y1 <= picture.y1
    for ax, bars, labels in ((widget.ax_return, widget.return_bars, widget.return_labels),
                             (widget.ax_risk, widget.risk_bars, widget.risk_labels)):
        for label in labels:
            box = label.get_window_extent(renderer)
            assert ax.bbox.y0 <= box.y0 and box.y1 <= ax.bbox.y1, f"{label.get_text()} leaves its panel"
            assert not any(box.overlaps(bar.get_window_extent(renderer)) for bar in bars), f"{label.get_text()} on a bar"


def check_yield_shock(widget: YieldShockExplorer) -> None:
    values = widget.values()
    assert widget.problem is None
    shock = values["shock_bp"] / 10_000
    f = widget.frequency
    curves = bonds.price_change(values["yield_"], values["coupon_rate"], values["maturity"], SHOCK_GRID, f)
    # The horizontal axis is in percentage points.
    np.testing.assert_allclose(widget.exact_line.get_xdata(), SHOCK_GRID * 100, atol=1e-12)
    np.testing.assert_allclose(widget.exact_line.get_ydata(), curves["exact"], atol=1e-15)
    np.testing.assert_allclose(widget.duration_line.get_ydata(), curves["duration"], atol=1e-15)
    np.testing.assert_allclose(widget.convexity_line.get_ydata(), curves["duration_convexity"], atol=1e-15)
    chosen = bonds.price_change(values["yield_"], values["coupon_rate"], values["maturity"], shock, f).iloc[0]
    np.testing.assert_allclose(widget.chosen_points.get_ydata(), chosen.to_numpy(), atol=1e-15)
    np.testing.assert_allclose(widget.chosen_points.get_xdata(), [shock * 100] * 3)
    assert f"{signed_number(values['shock_bp'], 0, plus=True)} bp" in widget.summary.get_text()


CASES: list[tuple[str, Callable]] = [
    ("allocation", check_allocation),
    ("hedge", check_hedge),
    ("yield_shock", check_yield_shock),
]


test_every_control_through_its_range, test_random_sequences_of_moves_never_raise = widget_sweep_tests(CASES, widgets="swept_widgets")


def test_default_allocation_reproduces_table2() -> None:
    widget = AllocationExplorer(*table2_inputs(), risk_aversion=1.5)
    heights = [bar.get_height() for bar in widget.bars]
    assert heights[0] > 0.2 and heights[2] == 0.0
    # A fee on foreign bonds pushes the break-even return (before fees) up by the fee.
    widget.controls["fee"].value = 0.01
    assert widget.bars[2].get_height() == 0.0


def test_default_hedge_follows_uncovered_parity() -> None:
    widget = default_widgets()["hedge"]  # the chapter's default state
    returns = [bar.get_height() for bar in widget.return_bars]
    assert returns[0] == pytest.approx(returns[1], abs=1e-15)
    risks = [bar.get_height() for bar in widget.risk_bars]
    assert risks[0] < risks[1]


def test_hedge_labels_stay_in_view_at_high_foreign_rates() -> None:
    widget = default_widgets()["hedge"]  # the layout is fixed at the default state: hedged and unhedged +0.50%
    for rate in (0.05, 0.065, 0.08):  # the hedged return goes to −3.00%: "−4.0%" ticks below zero
        widget.controls["foreign_rate"].value = rate
        assert_labels_in_view(widget)


def test_allocation_area_chart() -> None:
    mu, cov = table2_inputs()
    lambdas = np.geomspace(0.2, 20.0, 12)
    sweep = optimise.risk_aversion_sweep(mu, cov, lambdas)
    break_even = pd.Series([optimise.break_even_return(mu, cov, lam, "foreign_bonds") for lam in lambdas], index=lambdas)
    chart = allocation_area_chart(sweep, break_even, mu["foreign_bonds"], 1.5, title="Table 2")
    assert chart._repr_png_().startswith(b"\x89PNG")
    ax_weights, ax_break = chart.figure.axes
    assert len(ax_weights.collections) == 4
    np.testing.assert_allclose(ax_break.get_lines()[0].get_ydata(), break_even.to_numpy())
    with pytest.raises(TypeError, match="sweep"):
        allocation_area_chart(sweep.to_numpy(), break_even, 0.01)
