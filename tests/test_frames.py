"""Precomputed frames: the positions a static page offers, the frames entry, and the printed strip.

The frames of the built site are tested in the browser by test_static_frames.py.
"""

from __future__ import annotations

import base64
import math

import ipywidgets
import numpy as np
import pytest
from assetalloc import data
from assetalloc.static_frames import strip_indexes
from assetalloc.style import agg_canvas, canvas_png
from assetalloc.widgets import diversification, frames
from assetalloc.widgets.base import FigureWidget, int_slider, shown_value, slider
from assetalloc.widgets.diversification import LossBudgetCalculator
from assetalloc.widgets.foreign_bonds import YieldShockExplorer
from assetalloc.widgets.gdp_weighting import BlendExplorer
from conftest import assert_shows_full_render, stock_png
from hypothesis import given
from hypothesis import strategies as st


@given(
    low=st.integers(-50, 50), steps=st.integers(1, 400), start=st.floats(0, 1),
    step=st.sampled_from([0.001, 0.0025, 0.01, 0.05, 0.1, 1.0, 25.0]), budget=st.integers(3, 30),
)
def test_static_positions_keep_the_ends_and_the_start_within_budget(
    low: int, steps: int, start: float, step: float, budget: int
) -> None:
    minimum, maximum = low * step, (low + steps) * step
    control = slider("x", minimum + round(start * steps) * step, minimum, maximum, step)
    value = control.value  # (clamped to the range by the slider)
    positions = frames.static_positions(control, budget)
    assert len(positions) <= budget
    assert positions == sorted(set(positions))
    assert value in positions  # exactly: the first frame is the widget as displayed
    assert math.isclose(positions[0], minimum, abs_tol=step / 100)
    assert math.isclose(positions[-1], maximum, abs_tol=step / 100)
    for position in positions:  # on the slider's own steps
        assert math.isclose((position - minimum) / step, round((position - minimum) / step), abs_tol=1e-6)
    # Even over the range: the gaps between the positions, the start left out where it is not a cut, differ by
    # one step at most (counted from the start value, the first and last gaps were shorter than the others).
    cuts = [position for position in positions if position != value]
    assert any(max(gaps) - min(gaps) <= step * 1.001 for gaps in (np.diff(positions), np.diff(cuts)) if len(gaps))


def test_static_positions_use_every_step_when_they_fit_and_round_even_strides_otherwise() -> None:
    assert frames.static_positions(int_slider("Window", 20, 12, 52, 4)) == list(range(12, 53, 4))
    assert frames.static_positions(slider("Blend", 0.5, 0.0, 1.0, 0.05)) == pytest.approx([i / 20 for i in range(21)])
    correlation = frames.static_positions(slider("Correlation", 0.3389, -1.0, 1.0, 0.01))
    assert correlation == pytest.approx(sorted([0.3389, *(j / 10 for j in range(-10, 11))]))  # 0.1 apart, the start added
    risk_aversion = frames.static_positions(slider("Risk aversion", 0.75, 0.1, 5.0, 0.01))  # 490 steps: 14 parts of 0.35
    assert risk_aversion == pytest.approx([0.1 + 0.35 * j for j in range(15)][:2] + [0.75] + [0.1 + 0.35 * j for j in range(2, 15)])
    years = frames.static_positions(int_slider("Years", 10, 1, 30))  # 29 steps, a prime: parts of 1 or 2 years
    assert years[0] == 1 and years[-1] == 30 and 10 in years and set(np.diff(years)) == {1, 2} and len(years) <= 25


def test_static_positions_refuse_other_controls_and_tiny_budgets() -> None:
    with pytest.raises(TypeError, match="IntSlider or FloatSlider"):
        frames.static_positions(ipywidgets.Dropdown(options=["a"]))
    with pytest.raises(ValueError, match="budget"):
        frames.static_positions(slider("x", 0.5, 0.0, 1.0, 0.1), 2)


def test_a_position_is_labelled_as_the_value_box_shows_it() -> None:
    assert shown_value(slider("Weight", 0.4, 0.0, 1.0, 0.01, ".0%"), 0.35) == "35%"
    assert shown_value(slider("Limit", 1e6, 1e5, 1e7, 1e5, ",.0f"), 2.5e6) == "2,500,000"
    assert shown_value(int_slider("Years", 10, 1, 30), 7) == "7"


@pytest.fixture()
def blend() -> BlendExplorer:
    shares = data.regional_shares_2010()
    return BlendExplorer(shares["gdp_share"], shares["cap_share"], shares["name"])


def test_no_frames_unless_the_build_asks(blend: BlendExplorer, monkeypatch: pytest.MonkeyPatch) -> None:
    for value in ("", "0"):
        monkeypatch.setenv(frames.FRAMES_ENV, value)
        assert frames.FRAMES_MIME not in blend._repr_mimebundle_()
    monkeypatch.delenv(frames.FRAMES_ENV)
    assert frames.FRAMES_MIME not in blend._repr_mimebundle_()
    monkeypatch.setattr(frames, "POSITIONS_PER_CONTROL", 3)
    monkeypatch.setenv(frames.FRAMES_ENV, "1")
    assert len(blend._repr_mimebundle_()[frames.FRAMES_MIME]["frames"]) == 3


def frames_checked(widget: FigureWidget) -> dict:
    """The frames entry of a widget, checked: the widget is left as it was, and each frame is its live render."""
    before, picture = widget.values(), widget.image.value
    entry = frames.frames_entry(widget)
    assert widget.values() == before and widget.image.value == picture
    (control,) = entry["controls"]
    assert control["label"] == widget.controls[control["name"]].description
    # Kept pictures: the same pixels give the same bytes, so equal bytes mean a full render's pixels exactly.
    assert base64.b64decode(entry["frames"][control["start"]]["png"]) == stock_png(widget.figure)  # as shown
    assert len(entry["frames"]) == len(control["values"]) == len(control["texts"])
    for index, (value, text, frame) in enumerate(zip(control["values"], control["texts"], entry["frames"])):
        assert f"{control['label']}: {text}" in frame["alt"] and widget.description in frame["alt"]
        assert frame["result"] and frame["alt"].endswith(frame["result"])  # what the picture shows, not only the state
        if index in {0, len(control["values"]) // 2, len(control["values"]) - 1}:  # a sample: both ends, the middle
            widget.controls[control["name"]].value = value
            assert frame["result"] == f"{widget.state_summary()}."  # the widget's own line, as drawn
            assert_shows_full_render(widget)  # the live widget's picture ...
            assert base64.b64decode(frame["png"]) == stock_png(widget.figure)  # ... a full render's, as kept
    return entry


def test_frames_are_the_live_widgets_pictures(blend: BlendExplorer, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(frames, "POSITIONS_PER_CONTROL", 5)
    entry = frames_checked(blend)
    assert entry["controls"][0]["texts"] == ["0%", "25%", "50%", "75%", "100%"]
    assert len({frame["result"] for frame in entry["frames"]}) == 5  # each picture's own result
    assert entry["frames"][0]["result"] == (
        "0% GDP / 100% capitalisation: no active weight (the blend holds capitalisation weights).")


def test_a_state_with_no_answer_says_so_in_its_alt_text(monkeypatch: pytest.MonkeyPatch) -> None:
    widget = LossBudgetCalculator((0.2215, 0.2), 0.3, weight=0.4, expected_return=0.12, k=2.0, loss_limit=1e6)
    monkeypatch.setattr(frames, "POSITIONS_PER_CONTROL", 3)
    first, _, last = frames.frames_entry(widget)["frames"]  # k at 0.5: no loss in a bad year; at 3.0: an answer
    assert first["result"].startswith("No answer for these settings: with this expected return, even a bad year")
    assert last["result"].startswith("Mix 40% / 60% against domestic stocks only:") and "No answer" not in last["result"]


def yield_shock() -> YieldShockExplorer:
    """The chapter's bond at a 10-year maturity (an integer slider from 1 to 30)."""
    return YieldShockExplorer(yield_=0.045, coupon_rate=0.045, maturity=10, shock=0.005, frequency=2)


def test_frames_of_an_integer_slider(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(frames, "POSITIONS_PER_CONTROL", 4)
    widget = yield_shock()
    entry = frames_checked(widget)
    assert entry["controls"][0]["values"] == [1, 10, 15, 30]


def test_two_controls_stay_within_the_frame_budget(monkeypatch: pytest.MonkeyPatch) -> None:
    widget = yield_shock()
    monkeypatch.setattr(widget, "static_controls", ("maturity", "shock_bp"))
    positions = frames.offered_positions(widget)
    assert math.prod(map(len, positions)) <= frames.FRAMES_PER_WIDGET
    assert len(positions[0]) > 3 and len(positions[1]) > 3


def test_a_widget_must_name_its_own_controls(blend: BlendExplorer, monkeypatch: pytest.MonkeyPatch) -> None:
    for names in ((), ("no_such_control",)):
        monkeypatch.setattr(blend, "static_controls", names)
        with pytest.raises(ValueError, match="static_controls"):
            frames.frames_entry(blend)


@pytest.mark.parametrize(
    ("count", "start", "expected"),
    [(21, 10, [0, 5, 10, 20]), (21, 0, [0, 5, 10, 20]), (2, 0, [0, 1]), (1, 0, [0]), (11, 7, [0, 3, 7, 10])],
)
def test_the_printed_strip_shows_both_ends_and_the_start(count: int, start: int, expected: list[int]) -> None:
    assert strip_indexes(count, start) == expected


def test_the_printed_strip_refuses_a_start_outside_the_positions() -> None:
    with pytest.raises(ValueError, match="start"):
        strip_indexes(5, 5)


def test_while_frames_are_taken_a_move_draws_but_sends_no_picture() -> None:
    # Frames come from the canvas: the live picture (a PNG sent to the page) is not made for them.
    widget = diversification.default_widgets()["two_asset"]
    control = widget.controls[widget.static_controls[0]]
    shown = widget.image.value
    with widget.drawing_only():
        control.value = control.max
        assert widget.image.value == shown  # nothing sent ...
        drawn = canvas_png(agg_canvas(widget.figure))
        assert drawn == stock_png(widget.figure)  # ... but the canvas shows the new state
    control.value = control.min
    assert widget.image.value != shown  # sent again once outside
    assert_shows_full_render(widget)
