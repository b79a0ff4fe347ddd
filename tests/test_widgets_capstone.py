"""Chapter 6 widget: every control through its range, figure data equal to the model's output.

The sweeps themselves (``sweep_controls``, ``random_moves``) are fixtures in
conftest.py shared by every chapter's widget tests; this file says what the
dashboard must draw.
"""

from __future__ import annotations

import base64

import numpy as np
import pytest
from assetalloc import capstone, tactical
from assetalloc.capstone import Choices, Investor
from assetalloc.style import figure_png
from assetalloc.widgets.base import FigureWidget
from assetalloc.widgets.capstone import (
    TEXT_ROWS,
    AllocationDashboard,
    default_widgets,
    key_figure_labels,
    key_figure_values,
)
from conftest import assert_same_picture, widget_sweep_tests

ASSUMPTIONS = capstone.capstone_assumptions()


@pytest.fixture(scope="module")
def chapter_widgets() -> dict[str, FigureWidget]:
    return default_widgets()


def expected_summary(widget: AllocationDashboard) -> capstone.AllocationSummary:
    """The summary computed straight from the library for the widget's control values."""
    v = widget.values()
    choices = Choices(stock_share=v["stock_share"], blend=v["blend"], include_emerging=v["include_emerging"] == 1,
                      foreign_bond_share=v["foreign_bond_share"], hedge_ratio=v["hedge_ratio"],
                      regime=tactical.REGIMES[v["regime"] - 1], tilt_size=v["tilt_size"])
    base = widget.investor
    investor = Investor(loss_limit=base.loss_limit, horizon_years=v["horizon_years"],
                        yen_liabilities=base.yen_liabilities, k=base.k)
    return capstone.allocation_summary(choices, investor, ASSUMPTIONS)


def check_dashboard(widget: AllocationDashboard) -> None:
    try:
        s = expected_summary(widget)
    except ValueError as error:
        assert widget.problem == str(error)
        assert widget._message.get_visible()
        return
    assert widget.problem is None
    np.testing.assert_allclose(widget.frontier_line.get_xdata(), s.frontier.volatilities, rtol=1e-12)
    np.testing.assert_allclose(widget.frontier_line.get_ydata(), s.frontier.returns, rtol=1e-12)
    np.testing.assert_allclose(widget.portfolio_point.get_xydata(), [[s.volatility, s.expected_return]], rtol=1e-12)
    np.testing.assert_allclose(widget.efficient_point.get_xydata(), [[s.efficient_volatility, s.expected_return]],
                               rtol=1e-9)
    np.testing.assert_allclose(widget.benchmark_point.get_xydata(),
                               [[s.benchmark_volatility, s.benchmark_expected_return]], rtol=1e-12)
    np.testing.assert_allclose([bar.get_height() for bar in widget.weight_bars], s.weights, rtol=1e-12, atol=1e-15)
    np.testing.assert_allclose([bar.get_height() for bar in widget.benchmark_bars], s.benchmark, rtol=1e-12)
    np.testing.assert_allclose([bar.get_height() for bar in widget.risk_bars], s.risk_contributions,
                               rtol=1e-9, atol=1e-12)
    values = [text.get_text() for text in widget.value_texts]
    assert values == ["\n".join(key_figure_values(s)[:TEXT_ROWS]), "\n".join(key_figure_values(s)[TEXT_ROWS:])]
    for figure in (f"{s.tracking_error:.2%}", f"¥{s.max_investment:,.0f}", f"{s.volatility:.2%}"):
        assert figure in "\n".join(values)
    # the portfolio never beats the frontier
    assert s.efficient_volatility <= s.volatility + 1e-9


test_every_control_through_its_range, test_random_sequences_of_moves_never_raise = widget_sweep_tests(
    [("dashboard", check_dashboard)], widgets="chapter_widgets"
)


def test_summary_is_the_current_state(chapter_widgets):
    widget = chapter_widgets["dashboard"]
    widget.controls["hedge_ratio"].value = 0.5
    widget.controls["foreign_bond_share"].value = 0.4
    summary = widget.summary()
    assert summary.choices.hedge_ratio == 0.5 and summary.choices.foreign_bond_share == 0.4
    assert summary.volatility == expected_summary(widget).volatility
    assert capstone.to_markdown(summary).startswith("# My allocation")


def test_a_state_without_a_loss_shows_the_message():
    widget = AllocationDashboard(capstone.capstone_assumptions(), Choices(), Investor(k=0.5))
    widget.controls["stock_share"].value = 0.0  # bonds only: 0.5-sigma bad year still gains
    assert widget.problem is not None and "volatility" in widget.problem
    assert widget._message.get_visible()
    assert_same_picture(widget.image.value, figure_png(widget.figure))  # the message is drawn over the kept pixels
    widget.controls["stock_share"].value = 1.0
    assert widget.problem is None


def test_default_widgets_render_png(chapter_widgets):
    assert set(chapter_widgets) == {"dashboard"}
    for widget in chapter_widgets.values():
        bundle = widget._repr_mimebundle_()
        assert base64.b64decode(bundle["image/png"]).startswith(b"\x89PNG")
        assert widget.description and bundle["text/plain"] == widget.description


def test_key_figures_have_a_name_each_and_only_values_change():
    summary = capstone.allocation_summary(Choices(), Investor(horizon_years=7, k=2.0, loss_limit=2e6), ASSUMPTIONS)
    labels, values = key_figure_labels(summary.investor), key_figure_values(summary)
    assert len(labels) == len(values) == 12
    assert "2-sigma bad year" in labels and "Invest at most, to lose at most ¥2,000,000" in labels
    row = dict(zip(labels, values))
    assert row["Tracking error vs 60/40"] == f"{summary.tracking_error:.2%}"
    assert row["Bad outcome over the horizon"].endswith("in 7 years")
    assert row["Tilt"] == "none"


def test_the_dashboard_redraws_only_what_changes(chapter_widgets):
    widget = chapter_widgets["dashboard"]
    redrawn = widget.partial_redraw.redrawn
    kept = [widget.ax_bars.xaxis, widget.ax_frontier.yaxis, widget.ax_frontier.get_legend(), widget.ax_text.title]
    assert not any(artist is other for artist in redrawn for other in kept)
    assert widget.portfolio_point in redrawn and widget.value_texts[0] in redrawn
