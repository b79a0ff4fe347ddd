"""Chapter 4 widgets: every control through its range, figure data equal to the library's output."""

from __future__ import annotations

import base64
import dataclasses
import warnings
from collections.abc import Callable

import numpy as np
import pandas as pd
import pytest
from assetalloc import backtest, data, scenarios, weighting
from assetalloc.style import COLOURS, OKABE_ITO, SIMULATED_LABEL
from assetalloc.widgets.gdp_weighting import (
    FOREIGN_2010_CAPTION,
    MOVED_SHARES_CAPTION,
    RATIO_AXIS_MAX,
    RATIO_BAR_MAX,
    RULE_COLOURS,
    BlendExplorer,
    BubbleSimulator,
    ShareTableExplorer,
    default_widgets,
    share_comparison_chart,
)
from conftest import pixels, widget_sweep_tests
from matplotlib.colors import to_hex

# Each fixture builds one widget as default_widgets() does (building all three for every test is slow).
SHARES = data.regional_shares_2010()
FOREIGN = SHARES.drop(index="japan")


@pytest.fixture()
def blend() -> BlendExplorer:
    return BlendExplorer(SHARES["gdp_share"], SHARES["cap_share"], SHARES["name"])


@pytest.fixture()
def bubble() -> BubbleSimulator:
    return BubbleSimulator()


@pytest.fixture()
def share_table() -> ShareTableExplorer:
    return ShareTableExplorer(FOREIGN[["gdp_share", "cap_share"]], FOREIGN["name"], FOREIGN_2010_CAPTION)


def check_blend(widget: BlendExplorer) -> None:
    b = widget.values()["blend"]
    shares = data.regional_shares_2010()
    expected = weighting.blend_weights(shares["cap_share"], shares["gdp_share"], b)
    cap = weighting.weights_from_sizes(shares["cap_share"])
    active = weighting.active_weights(expected, cap)
    np.testing.assert_allclose([bar.get_height() for bar in widget.blend_bars], expected.to_numpy(), rtol=1e-12)
    np.testing.assert_allclose([bar.get_height() for bar in widget.active_bars], active.to_numpy(), atol=1e-15)
    # The largest active weight as drawn, or, when every one rounds to zero, that there is none (not "+0.0%").
    largest = f"{active.abs().max():.1%}"
    assert (largest in widget.summary.get_text()) != (largest == "0.0%")
    assert ("no active weight" in widget.summary.get_text()) == (largest == "0.0%")
    assert widget.problem is None


def check_bubble(widget: BubbleSimulator) -> None:
    v = widget.values()
    try:
        world = scenarios.bubble_scenario(v["peak_multiple"], v["rise_years"], v["fall_years"],
                                          start_year=v["start_year"], seed=widget.seed)
    except ValueError as error:
        assert widget.problem == str(error)
        assert widget._message.get_visible()
        return
    targets = {"cap": world.cap_weights(), "gdp": world.gdp_weights(widget.gdp_lag), "equal": world.equal_weights()}
    for rule, target in targets.items():
        result = backtest.run_backtest(world.returns, target, every=v["every"], cost=widget.cost)
        np.testing.assert_allclose(widget.wealth_lines[rule].get_ydata(), result.wealth, rtol=1e-12)
        np.testing.assert_allclose(widget.weight_lines[rule].get_ydata(), result.weights["Japan"], rtol=1e-12)
    assert widget.problem is None


def check_share_table(widget: ShareTableExplorer) -> None:
    values = widget.values()
    gdp = pd.Series({region: values[f"gdp_{region}"] for region in widget.regions})
    cap = pd.Series({region: values[f"cap_{region}"] for region in widget.regions})
    try:
        expected = weighting.share_comparison(gdp, cap, normalise=True)
    except ValueError as error:
        assert widget.problem == str(error)
        assert widget._message.get_visible()
        return
    assert widget.problem is None
    np.testing.assert_allclose([bar.get_height() for bar in widget.difference_bars], 100 * expected["difference"], atol=1e-13)
    # A ratio past the axis top is drawn at RATIO_BAR_MAX: off the chart either way.
    np.testing.assert_allclose([bar.get_height() for bar in widget.ratio_bars],
                               np.minimum(expected["cap_to_gdp"], RATIO_BAR_MAX), rtol=1e-12)
    # The caption describes the shares only while they are the starting ones; moved, it says they are the reader's.
    first_line = widget.summary.get_text().split("\n")[0]
    assert first_line == (widget.caption if values == widget.start_values else MOVED_SHARES_CAPTION)
    # One line (the static page's alt text): the caption's sentence, then the ratios' ("Rescaled ..."), not "; Rescaled".
    assert f"{first_line.rstrip('.')}. Rescaled to 100%: " in widget.state_summary()


CASES: list[tuple[str, Callable]] = [
    ("blend", check_blend),
    ("bubble", check_bubble),
    ("share_table", check_share_table),
]


test_every_control_through_its_range, test_random_sequences_of_moves_never_raise = widget_sweep_tests(CASES)


def test_default_share_table_is_the_2010_table_without_japan_renormalised(share_table: ShareTableExplorer) -> None:
    """The still shows the foreign part: the 2010 table without Japan, each column rescaled to 100%."""
    assert "japan" not in share_table.regions
    gdp = weighting.exclude_and_renormalise(SHARES["gdp_share"], "japan")
    cap = weighting.exclude_and_renormalise(SHARES["cap_share"], "japan")
    np.testing.assert_allclose([bar.get_height() for bar in share_table.difference_bars], 100 * (cap - gdp).to_numpy(), atol=1e-13)
    np.testing.assert_allclose([bar.get_height() for bar in share_table.ratio_bars], (cap / gdp).to_numpy())
    assert share_table.ratio_bars[-1].get_height() == pytest.approx(13.7 / 31.9 * (99.8 - 8.7) / (99.6 - 8.6))
    assert share_table.summary.get_text().startswith(FOREIGN_2010_CAPTION)


def test_share_sliders_reach_todays_shares(share_table: ShareTableExplorer) -> None:
    """Every share slider runs from 0 to 100%: North America at about two-thirds of the index can be entered."""
    assert all(control.min == 0.0 and control.max == 1.0 for control in share_table.controls.values())
    share_table.controls["cap_north_america"].value = 0.66
    assert share_table.controls["cap_north_america"].value == pytest.approx(0.66)
    assert share_table.problem is None
    check_share_table(share_table)
    for control in share_table.controls.values():
        control.value = 1.0
    assert share_table.problem is None
    check_share_table(share_table)


def test_a_region_with_no_gdp_shows_a_message(share_table: ShareTableExplorer) -> None:
    share_table.controls["gdp_emerging_markets"].value = 0.0
    assert share_table.problem is not None and "gdp_share must be > 0" in share_table.problem
    assert "No answer" in share_table._message.get_text()
    share_table.controls["gdp_emerging_markets"].value = 0.319
    assert share_table.problem is None and not share_table._message.get_visible()


def test_share_table_refuses_a_table_without_its_columns() -> None:
    with pytest.raises(TypeError, match="shares must be"):
        ShareTableExplorer(SHARES[["gdp_share"]], SHARES["name"])
    with pytest.raises(TypeError, match="caption must be"):
        ShareTableExplorer(FOREIGN[["gdp_share", "cap_share"]], FOREIGN["name"], caption=1)


def test_blend_ends_are_the_two_rules(blend: BlendExplorer) -> None:
    blend.controls["blend"].value = 0.0
    assert max(abs(bar.get_height()) for bar in blend.active_bars) < 1e-15
    blend.controls["blend"].value = 1.0
    np.testing.assert_allclose([bar.get_height() for bar in blend.blend_bars], blend.gdp_weights)


def test_simulated_figures_say_so(bubble: BubbleSimulator) -> None:
    texts = [text.get_text() for text in bubble.figure.texts]
    assert SIMULATED_LABEL in texts
    assert "Simulated data" in bubble.description


def test_cap_weighting_beats_nothing_by_construction_only_the_bubble_weight_differs(bubble: BubbleSimulator) -> None:
    """Under cap weighting the bubble market's weight peaks far above its GDP-weighted weight (defaults)."""
    cap_peak = bubble.weight_lines["cap"].get_ydata().max()
    gdp_peak = bubble.weight_lines["gdp"].get_ydata().max()
    assert cap_peak > 1.5 * gdp_peak
    bubble.controls["peak_multiple"].value = 1.0
    assert bubble.weight_lines["cap"].get_ydata().max() < cap_peak


def test_moving_the_bubble_later_moves_its_peak(bubble: BubbleSimulator) -> None:
    """Years before the bubble reach the library's scenario; a bubble too late for the run shows a message."""
    before = bubble.weight_lines["cap"].get_ydata().copy()
    bubble.controls["start_year"].value = 3
    assert bubble.problem is None
    assert not np.allclose(bubble.weight_lines["cap"].get_ydata(), before)
    check_bubble(bubble)
    bubble.controls["start_year"].value = 10
    bubble.controls["fall_years"].value = 15  # 10 + 4 + 15 > 25 years: a message, not an error
    assert bubble.problem is not None and "years must cover the whole bubble" in bubble.problem
    check_bubble(bubble)


def test_static_page_gets_the_current_figure(bubble: BubbleSimulator) -> None:
    before = bubble._repr_mimebundle_()
    assert base64.b64decode(before["image/png"]).startswith(b"\x89PNG")
    bubble.controls["every"].value = 1
    assert bubble._repr_mimebundle_()["image/png"] != before["image/png"]


def test_share_comparison_chart_draws_the_table() -> None:
    regions = data.regional_shares_2010()
    table = weighting.share_comparison(regions["gdp_share"], regions["cap_share"])
    chart = share_comparison_chart(table, regions["name"], title="2010")
    ax = chart.figure.axes[0]
    heights = [patch.get_height() for patch in ax.patches]
    np.testing.assert_allclose(heights, [*table["gdp_share"], *table["cap_share"]])
    assert chart._repr_png_().startswith(b"\x89PNG")
    with pytest.raises(TypeError, match="shares must be"):
        share_comparison_chart(regions, regions["name"], title="")


def test_default_widgets_draw_in_the_book_palette() -> None:
    chapter_widgets = default_widgets()
    assert set(chapter_widgets) == {"blend", "bubble", "share_table"}
    assert all(widget.problem is None for widget in chapter_widgets.values())
    allowed = {colour.upper() for colour in set(OKABE_ITO.values()) | set(COLOURS.values())}
    for widget in chapter_widgets.values():
        for ax in widget.figure.axes:
            for artist in [*ax.get_lines(), *ax.patches]:
                colour = artist.get_color() if hasattr(artist, "get_ydata") else artist.get_facecolor()
                assert to_hex(colour).upper() in allowed


def test_a_tiny_gdp_share_keeps_the_ratio_axis_finite(share_table: ShareTableExplorer) -> None:
    """A GDP share next to zero gives a huge but finite ratio: the model answers, the axis stops at its cap."""
    name, control = next((name, control) for name, control in share_table.controls.items() if name.startswith("gdp_"))
    control.value = 2.2e-309  # a value the random sequences once reached
    assert share_table.problem is None
    assert share_table.ax_ratio.get_ylim()[1] == RATIO_AXIS_MAX
    check_share_table(share_table)
    region = name.removeprefix("gdp_")
    assert (f"the largest cap/GDP is 1.42e+308 ({share_table.short_names[region]})"  # not 309 digits
            in share_table.summary.get_text())
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # matplotlib placed every bar: no overflow
        shown = pixels(share_table.png())
    # Its bar runs past the top of the ratio axis, in the GDP colour, as any ratio off the chart does.
    bar = share_table.ratio_bars[share_table.regions.index(region)]
    (left, _), (right, top) = share_table.ax_ratio.transData.transform(
        [(bar.get_x(), 0.0), (bar.get_x() + bar.get_width(), RATIO_AXIS_MAX)])
    row = shown.shape[0] - round(top) + 3  # just under the axis top (the image's rows run down)
    assert to_hex(shown[row, round((left + right) / 2), :3] / 255) == to_hex(RULE_COLOURS["gdp"])


def test_bubble_title_states_the_ratio_of_rises_and_final_wealth(bubble: BubbleSimulator) -> None:
    """The title gives GDP's rise over capitalisation's and both final wealths, as the library computes them."""
    for every in (1, 12, 60):
        bubble.controls["every"].value = every
        _, results = bubble.simulate(3.0, 4, 10, every, 1)
        expected = backtest.relative_rise(results["gdp"].wealth, results["cap"].wealth)
        assert BubbleSimulator.rise_ratio(results) == pytest.approx(expected)
        text = bubble.summary.get_text()
        assert f"GDP rose {expected:.2f} times as much as capitalisation" in text
        assert f"final wealth GDP {results['gdp'].wealth.iloc[-1]:.2f}" in text
        assert f"capitalisation {results['cap'].wealth.iloc[-1]:.2f}" in text


def test_bubble_rise_ratio_is_none_without_a_rise(bubble: BubbleSimulator) -> None:
    """With no rise of capitalisation weighting there is no ratio of rises, and the title says so."""
    _, results = bubble.simulate(3.0, 4, 10, 12, 1)
    flat = {**results, "cap": dataclasses.replace(results["cap"], wealth=results["cap"].wealth * 0.0 + 0.9)}
    assert BubbleSimulator.rise_ratio(flat) is None


def test_bubble_weight_panel_names_the_bubble_market(bubble: BubbleSimulator) -> None:
    assert bubble.ax_weight.get_title() == "Weight of the bubble market (Japan)"
    assert bubble.ax_weight.get_legend() is None  # the wealth panel's legend names the same lines
    assert {text.get_text() for text in bubble.ax_wealth.get_legend().get_texts()} == {"Capitalisation", "GDP", "Equal"}
    assert [line.get_color() for line in bubble.ax_weight.get_lines()] == [line.get_color() for line in
                                                                           bubble.ax_wealth.get_lines()]


def test_bubble_says_when_the_years_of_rise_and_fall_change_nothing(bubble: BubbleSimulator) -> None:
    assert not bubble.idle_note.get_visible()
    bubble.controls["peak_multiple"].value = 1.0
    assert bubble.idle_note.get_visible() and "years before it, of rise and of fall change nothing" in bubble.idle_note.get_text()
    before = bubble.wealth_lines["cap"].get_ydata().copy()
    bubble.controls["rise_years"].value = 7
    bubble.controls["fall_years"].value = 3
    bubble.controls["start_year"].value = 5
    np.testing.assert_array_equal(bubble.wealth_lines["cap"].get_ydata(), before)  # the note is true
    bubble.controls["peak_multiple"].value = 2.0
    assert not bubble.idle_note.get_visible()
