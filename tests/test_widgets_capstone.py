"""Chapter 6 widget: every control through its range, figure data equal to the model's output.

The sweeps themselves (``sweep_controls``, ``random_moves``) are fixtures in
conftest.py shared by every chapter's widget tests; this file says what the
dashboard must draw.
"""

from __future__ import annotations

import base64
import re

import ipywidgets as widgets
import numpy as np
import pytest
from assetalloc import capstone, tactical
from assetalloc.capstone import Choices, Investor
from assetalloc.widgets.base import FigureWidget
from assetalloc.widgets.capstone import (
    CHOICE_LABELS,
    GROUPS,
    TEXT_ROWS,
    AllocationDashboard,
    default_widgets,
    idle_note,
    key_figure_labels,
    key_figure_values,
)
from conftest import assert_shows_full_render, widget_sweep_tests


@pytest.fixture(scope="module")
def chapter_widgets() -> dict[str, FigureWidget]:
    return default_widgets()


def expected_inputs(widget: AllocationDashboard) -> tuple[Choices, Investor, capstone.Assumptions]:
    """The choices, investor and assumptions straight from the library for the widget's control values."""
    v = widget.values()
    choices = Choices(stock_share=v["stock_share"], home_share=v["home_share"], blend=v["blend"],
                      include_emerging=v["include_emerging"] == 1, foreign_bond_share=v["foreign_bond_share"],
                      hedge_ratio=v["hedge_ratio"],
                      regime=None if v["regime"] == 0 else tactical.REGIMES[v["regime"] - 1],
                      tilt_size=v["tilt_size"])
    investor = Investor(loss_limit=v["loss_limit"], horizon_years=v["horizon_years"],
                        yen_liabilities=v["yen_liabilities"], k=widget.investor.k)
    assumptions = capstone.capstone_assumptions(
        emerging_premium=v["emerging_premium"], unhedged_premium=v["unhedged_premium"], hedged_premium=v["hedged_premium"],
        hedged_domestic_correlation=v["hedged_domestic_correlation"], domestic_stock_return=v["domestic_stock_return"])
    return choices, investor, assumptions


def check_dashboard(widget: AllocationDashboard) -> None:
    try:
        choices, investor, assumptions = expected_inputs(widget)
        s = capstone.allocation_summary(choices, investor, assumptions)
    except ValueError as error:
        assert widget.problem == str(error)
        assert widget._message.get_visible()
        return
    assert widget.problem is None
    np.testing.assert_allclose([point.get_xydata()[0] for point in widget.asset_points],
                               np.column_stack([assumptions.volatilities, assumptions.expected_returns]), rtol=1e-12)
    np.testing.assert_allclose(widget.frontier_line.get_xdata(), s.frontier.volatilities, rtol=1e-12)
    np.testing.assert_allclose(widget.frontier_line.get_ydata(), s.frontier.returns, rtol=1e-12)
    np.testing.assert_allclose(widget.portfolio_point.get_xydata(), [[s.volatility, s.expected_return]], rtol=1e-12)
    np.testing.assert_allclose(widget.efficient_point.get_xydata(), [[s.efficient_volatility, s.expected_return]],
                               rtol=1e-9)
    np.testing.assert_allclose(widget.benchmark_point.get_xydata(),
                               [[s.benchmark_volatility, s.benchmark_expected_return]], rtol=1e-12)
    for bars, expected in ((widget.benchmark_bars, s.benchmark), (widget.efficient_bars, s.efficient_weights),
                           (widget.weight_bars, s.weights), (widget.risk_bars, s.risk_contributions)):
        np.testing.assert_allclose(bars.heights, expected, rtol=1e-9, atol=1e-12)
    values = [text.get_text() for text in widget.value_texts]
    assert values == ["\n".join(key_figure_values(s)[:TEXT_ROWS]), "\n".join(key_figure_values(s)[TEXT_ROWS:])]
    for figure in (f"{s.tracking_error:.2%}", f"¥{s.max_investment:,.0f}", f"{s.volatility:.2%}",
                   f"{s.horizon_loss_probability:.1%} in {investor.horizon_years} years"):
        assert figure in "\n".join(values)
    assert widget.idle_text.get_text() == idle_note(choices)
    # The one-line summary (the static page's alt text) names every key figure with its value, as the panel shows it.
    line = widget.state_summary()
    assert widget.labels == key_figure_labels(widget.investor.k)
    for label, value in zip(widget.labels, key_figure_values(s)):
        assert f"{label.strip()}: {value}" in line
    figures = line.partition(" No effect now:")[0]  # the note after them names controls, as their labels do
    assert not re.search("; [A-Z]", figures)  # a figure a sentence; a detail of one, in lower case, after a semicolon
    # the portfolio never beats the frontier
    assert s.efficient_volatility <= s.volatility + 1e-9


test_every_control_through_its_range, test_random_sequences_of_moves_never_raise = widget_sweep_tests(
    [("dashboard", check_dashboard)], widgets="chapter_widgets"
)


def test_controls_come_in_three_titled_rows(chapter_widgets):
    widget = chapter_widgets["dashboard"]
    titles = [child.value for child in widget.view.children if isinstance(child, widgets.HTML) and child.value]
    assert titles == [f"<strong>{title}</strong>" for title in GROUPS]
    rows = [child for child in widget.view.children if isinstance(child, widgets.HBox)]
    assert [[list(pair.children) for pair in row.children] for row in rows] == [
        [[widget.controls[name], widget.value_boxes[name]] for name in names] for names in GROUPS.values()]


def test_the_default_state_says_which_controls_do_nothing(chapter_widgets):
    widget = default_widgets()["dashboard"]
    note = widget.idle_text.get_text()
    assert CHOICE_LABELS["hedge_ratio"] in note and "no bonds abroad" in note
    assert CHOICE_LABELS["tilt_size"] in note and "no regime" in note
    widget.controls["foreign_bond_share"].value = 0.5
    widget.controls["regime"].value = 4
    assert widget.idle_text.get_text() == ""


def test_summary_is_the_current_state(chapter_widgets):
    widget = chapter_widgets["dashboard"]
    widget.controls["hedge_ratio"].value = 0.5
    widget.controls["foreign_bond_share"].value = 0.4
    widget.controls["emerging_premium"].value = 0.0
    summary = widget.summary()
    assert summary.choices.hedge_ratio == 0.5 and summary.choices.foreign_bond_share == 0.4
    choices, investor, assumptions = expected_inputs(widget)
    assert summary.volatility == capstone.allocation_summary(choices, investor, assumptions).volatility
    assert widget.assumptions().expected_returns["emerging_stocks"] == pytest.approx(
        assumptions.expected_returns["foreign_stocks"])
    assert capstone.to_markdown(summary).startswith("# My allocation")


def test_a_card_starts_the_dashboard_with_its_investor_and_beliefs():
    for card in capstone.investor_cards():
        widget = AllocationDashboard(Choices(), card.investor, card.levers)
        values = widget.values()
        assert values["loss_limit"] == card.investor.loss_limit
        assert values["horizon_years"] == card.investor.horizon_years
        assert values["yen_liabilities"] == card.investor.yen_liabilities
        for name, value in card.levers.items():
            assert values[name] == pytest.approx(value)
        assert widget.problem is None


def test_bad_starting_levers_are_refused_by_name():
    with pytest.raises(ValueError, match="hedged_domestic_correlation"):
        AllocationDashboard(levers={"hedged_domestic_correlation": 2.0})
    with pytest.raises(TypeError, match="unknown_lever"):
        AllocationDashboard(levers={"unknown_lever": 0.0})


def test_a_state_without_a_loss_shows_the_message():
    widget = AllocationDashboard(Choices(), Investor(k=0.5))
    widget.controls["stock_share"].value = 0.0  # bonds only: 0.5-sigma bad year still gains
    assert widget.problem is not None and "volatility" in widget.problem
    assert widget._message.get_visible()
    assert_shows_full_render(widget)  # the message is drawn over the kept pixels
    widget.controls["stock_share"].value = 1.0
    assert widget.problem is None


def test_default_widgets_render_png(chapter_widgets):
    assert set(chapter_widgets) == {"dashboard"}
    for widget in chapter_widgets.values():
        bundle = widget._repr_mimebundle_()
        assert base64.b64decode(bundle["image/png"]).startswith(b"\x89PNG")
        assert widget.description and bundle["text/plain"] == widget.description


def test_key_figures_have_a_name_each():
    summary = capstone.allocation_summary(Choices(regime="contraction"), Investor(horizon_years=7, loss_limit=2e6))
    values, labels = key_figure_values(summary), key_figure_labels(summary.investor.k)
    assert len(labels) == len(values) == 13
    row = dict(zip(labels, values))
    assert row["Tracking error vs 60/40"] == f"{summary.tracking_error:.2%}"
    assert row["Loss budget (invest at most)"] == f"¥{summary.max_investment:,.0f}"
    assert row["Chance of a loss over the horizon"].endswith("in 7 years")
    assert row["Tilt"] == "contraction: stocks \u221210.00 points"  # a true minus
    # The bad year in words, with the investor's k; the shortfall in percent of the money, as the chapter says.
    assert labels[2] == f"Bad year ({summary.investor.k:g} standard deviations below expected)"
    assert row["  its shortfall below the expected"] == f"{100 * summary.horizon_shortfall:.1f}% of the money"
    assert key_figure_labels(1.0)[2] == "Bad year (1 standard deviation below expected)"
    scaled = capstone.allocation_summary(Choices(stock_share=0.95, regime="recovery"), Investor())
    assert dict(zip(labels, key_figure_values(scaled)))["Tilt"] == "recovery: stocks +5.00 points"
    no_room = capstone.allocation_summary(Choices(stock_share=1.0, regime="recovery"), Investor())
    assert dict(zip(labels, key_figure_values(no_room)))["Tilt"] == "none (recovery: no room to tilt)"
    no_tilt = capstone.allocation_summary(Choices(regime="contraction", tilt_size=0.0), Investor())
    assert dict(zip(labels, key_figure_values(no_tilt)))["Tilt"] == "none"


def test_the_dashboard_redraws_only_what_changes(chapter_widgets):
    widget = chapter_widgets["dashboard"]
    redrawn = widget.partial_redraw.redrawn
    kept = [widget.ax_bars.xaxis, widget.ax_frontier.yaxis, widget.ax_frontier.get_legend(), widget.ax_text.title,
            *widget.ax_frontier.artists]  # the assets' legend
    assert not any(artist is other for artist in redrawn for other in kept)
    assert widget.portfolio_point in redrawn and widget.value_texts[0] in redrawn and widget.asset_points[0] in redrawn
