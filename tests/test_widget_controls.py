"""The widgets' controls: sliders whose track a hand can use, values typed as a person types them, round limits."""

from __future__ import annotations

import math

import pytest
from assetalloc.widgets import base
from assetalloc.widgets.base import (
    LIMIT_STEPS,
    int_slider,
    shown_value,
    slider,
    snapped_limit,
    typed_value,
)
from assetalloc.widgets.diversification import default_widgets
from hypothesis import given, settings
from hypothesis import strategies as st


@pytest.mark.parametrize(
    ("text", "readout_format", "expected"),
    [
        ("30%", ".0%", 0.30), ("30", ".0%", 0.30), ("0.3%", ".1%", 0.003), (" 2.5 % ", ".1%", 0.025),
        ("３０％", ".0%", 0.30), ("￥１，５００，０００", ",.0f", 1_500_000.0), ("-0", ".0%", 0.0), ("0", ".0%", 0.0),
        ("−2.5%", ".2%", -0.025), ("-400", "d", -400.0), ("¥1,500,000", ",.0f", 1_500_000.0),
        ("1 500 000", ",.0f", 1_500_000.0), ("0.5", ".2f", 0.5), ("1e-2", ".2f", 0.01),
        ("50%", ".2f", 0.5), ("５０％", ".2f", 0.5), ("-25 %", ".2f", -0.25),  # a 0-1 blend: 50% is 0.5
    ],
)
def test_typed_values_mean_what_a_person_means(text, readout_format, expected):
    assert typed_value(text, readout_format) == pytest.approx(expected, rel=1e-12)


@pytest.mark.parametrize(("text", "readout_format"), [("", ".0%"), ("abc", ".2f"), ("%", ".2f"), ("nan", ".0%"),
                                                      ("inf", ",.0f"), ("1,2.3.4", ".2f"), ("%", ".0%"), ("1_0", ".2f")])
def test_what_is_not_a_number_is_refused_by_name(text, readout_format):
    with pytest.raises(ValueError, match="is not a number; type"):
        typed_value(text, readout_format)


@pytest.mark.parametrize("text", ["0.3", "-0.05", ".5"])
def test_a_bare_number_under_one_on_a_percent_slider_is_asked_about(text):
    """0.3 could be the library's decimal (30%) or 0.3%: the person is asked to add the sign."""
    with pytest.raises(ValueError, match=r"which do you mean, .*% or .*%\? Type it with the % sign"):
        typed_value(text, ".0%")
    with pytest.raises(ValueError, match="which do you mean"):
        typed_value(text, ".0%", (-1.0, 1.0))  # both readings on the slider: still asked
    with pytest.raises(ValueError, match="neither .* nor .* is on the slider"):
        typed_value(text, ".0%", (2.0, 3.0))  # neither reading on it: nothing to ask
    assert typed_value(text, ".2f") == float(text)  # on a slider that is not in percent it is just a number


@pytest.mark.parametrize(("text", "bounds", "expected"), [("0.3", (-0.02, 0.06), 0.003), ("-0.5", (-0.01, 0.02), -0.005),
                                                          ("0.4", (0.2, 0.5), 0.4)])
def test_a_bare_number_under_one_with_one_reading_on_the_slider_means_that_one(text, bounds, expected):
    """On a slider from −2% to 6%, 0.3 cannot be 30%: it is 0.3%."""
    assert typed_value(text, ".1%", bounds) == pytest.approx(expected, rel=1e-12)


@pytest.mark.parametrize(("text", "readout_format", "name"), [(0.3, ".0%", "text"), ("30", None, "readout_format")])
def test_a_value_that_is_not_a_string_is_refused_by_name(text, readout_format, name):
    with pytest.raises(TypeError, match=name):
        typed_value(text, readout_format)


@settings(max_examples=60, deadline=None)
@given(st.floats(-1e6, 1e6, allow_nan=False), st.sampled_from([".0%", ".1%", ".2%", ".2f", ".1f", ",.0f", ".4f", "d"]))
def test_typing_back_what_a_box_shows_shows_the_same(value, readout_format):
    value = round(value) if readout_format == "d" else value
    shown = base._formatted(value, readout_format)
    typed = typed_value(shown, readout_format)
    assert base._formatted(round(typed) if readout_format == "d" else typed, readout_format) == shown


def test_every_slider_track_has_room_beside_its_label():
    for control in (slider("Unhedged foreign bonds: premium over Japanese", 0.0, -0.01, 0.02, 0.001, ".1%"),
                    int_slider("Regime (0 none, 1 recovery ... 4 contraction)", 0, 0, 4)):
        width = int(control.layout.width.removesuffix("px"))
        assert width >= base.LABEL_PX_PER_CHARACTER * len(control.description) + base.TRACK_PX
        assert control.readout is False  # the value box beside it shows the value


def test_a_widget_takes_typed_values_and_says_why_it_refuses_one():
    widget = default_widgets()["loss_budget"]
    boxes, controls = widget.value_boxes, widget.controls
    assert all(boxes[name].value == shown_value(control) for name, control in controls.items())
    boxes["loss_limit"].value = "¥1,500,000"
    assert controls["loss_limit"].value == 1_500_000 and boxes["loss_limit"].value == "1,500,000"
    boxes["weight"].value = "30%"
    assert controls["weight"].value == pytest.approx(0.30) and widget.typing_note.value == ""
    slider_range = "the slider &#x27;Mix: weight of domestic stocks&#x27; goes from 0% to 100%"
    for text, reason in [("3000", "goes from 0% to 100%, and &#x27;3000&#x27; reads as 3000%, outside that range"),
                         ("150", "reads as 150%"), ("-5", "reads as \u22125%"),
                         ("thirty", f"&#x27;thirty&#x27; is not a number; type a number in percent (30 or 30%); {slider_range}"),
                         ("0.3", f"which do you mean, 30% or 0.3%? Type it with the % sign; {slider_range}")]:
        boxes["weight"].value = text
        assert controls["weight"].value == pytest.approx(0.30) and boxes["weight"].value == "30%"
        assert reason in widget.typing_note.value
    controls["weight"].value = 0.55  # a slider move shows in its box and clears the note
    assert boxes["weight"].value == "55%" and widget.typing_note.value == ""
    boxes["weight"].value = "40.4"  # off the slider's 1% steps: set to the nearest step, and said so
    assert controls["weight"].value == pytest.approx(0.40) and boxes["weight"].value == "40%"
    assert "steps of 1%" in widget.typing_note.value
    boxes["loss_limit"].value = "1,500,000"  # the value it has, typed another way: the box shows it as always
    boxes["loss_limit"].value = "¥1,500,000"
    assert boxes["loss_limit"].value == "1,500,000"


def test_an_integer_slider_refuses_a_fraction():
    from assetalloc.widgets.foreign_bonds import default_widgets as foreign_bond_widgets

    widget = foreign_bond_widgets()["yield_shock"]
    widget.value_boxes["maturity"].value = "7.5"
    assert "whole numbers" in widget.typing_note.value and widget.controls["maturity"].value != 7.5
    widget.value_boxes["maturity"].value = "7"
    assert widget.controls["maturity"].value == 7 and widget.typing_note.value == ""
    widget.value_boxes["maturity"].value = "31"  # out of range: said plainly, in the slider's own numbers
    assert ("the slider &#x27;Years to maturity&#x27; goes from 1 to 30, and &#x27;31&#x27; reads as 31, outside that range"
            in widget.typing_note.value)


def test_a_typed_value_between_steps_is_moved_and_said_so():
    from assetalloc.widgets.gdp_weighting import default_widgets as gdp_widgets

    widget = gdp_widgets()["blend"]  # 0% to 100% in steps of 5%
    widget.value_boxes["blend"].value = "1"
    assert widget.controls["blend"].value == 0.0 and widget.value_boxes["blend"].value == "0%"
    assert widget.typing_note.value == "Set to 0%: the slider moves in steps of 5%."


def test_a_negative_value_shows_with_a_true_minus():
    assert shown_value(slider("Emerging premium", -0.015, -0.02, 0.06, 0.005, ".1%")) == "\u22121.5%"
    assert shown_value(slider("Correlation", -0.004, -1.0, 1.0, 0.01, ".2f")) == "0.00"  # rounds to zero: no sign


@settings(max_examples=60, deadline=None)
@given(st.floats(1e-9, 1e9, allow_nan=False), st.booleans(), st.booleans())
def test_snapped_limits_are_round_and_on_the_right_side(value, negative, toward_zero):
    value = -value if negative else value
    limit = snapped_limit(value, toward_zero=toward_zero)
    assert math.copysign(1.0, limit) == math.copysign(1.0, value)
    farther = abs(limit) >= abs(value) * (1 - 1e-12)
    assert farther != toward_zero or math.isclose(abs(limit), abs(value), rel_tol=1e-12)
    mantissa = abs(limit) / 10.0 ** math.floor(math.log10(abs(limit)) + 1e-12)
    assert any(math.isclose(mantissa, step, rel_tol=1e-9) for step in LIMIT_STEPS)
