"""Precomputed frames: the pictures that let a widget move on the static site.

A widget names the controls the built book offers (``FigureWidget.static_controls``). When the
book is built (the Makefile sets :data:`FRAMES_ENV`), the widget's MIME bundle gains a frames
entry (:data:`FRAMES_MIME`): the widget is stepped through every combination of those controls'
positions (:func:`static_positions`, the slider's own steps thinned to a budget) by moving the
controls themselves, so each frame is the PNG the live widget shows in that state, pixel for
pixel. The widget is then put back as it was. The book's page turns the entry into images and
range inputs (:mod:`assetalloc.static_frames`); in Jupyter, without the variable, nothing is
computed.

The entry is JSON::

    {"controls": [{"name", "label", "values", "texts", "start"}, ...],
     "frames": [{"png": base64 PNG, "alt": text}, ...]}

with one frame per combination of the controls' positions, the last control changing fastest,
and ``start`` the index of each control's position when the widget was displayed.
"""

from __future__ import annotations

import base64
import itertools
import math
import os
from typing import Any

import ipywidgets as widgets

from assetalloc.style import agg_canvas, canvas_png
from assetalloc.widgets.base import FigureWidget, shown_value

#: The MIME type of the frames entry.
FRAMES_MIME = "application/vnd.assetalloc.frames+json"
#: The environment variable that asks for the frames entry (any value but "" or "0").
FRAMES_ENV = "ASSETALLOC_FRAMES"
#: Positions offered per control at most.
POSITIONS_PER_CONTROL = 25
#: The strides (in the slider's steps) tried, smallest first, when thinning a slider's steps.
STRIDES = (1, 2, 4, 5, 10, 20, 25, 40, 50, 100, 200, 250, 500, 1000)
#: Frames per widget at most (the product of its controls' positions).
FRAMES_PER_WIDGET = 200


def frames_requested() -> bool:
    """Whether the environment asks for frames (:data:`FRAMES_ENV` set to anything but "" or "0")."""
    return os.environ.get(FRAMES_ENV, "") not in ("", "0")


def static_positions(control: widgets.ValueWidget, budget: int = POSITIONS_PER_CONTROL) -> list[float]:
    """The positions of a slider the static page offers: its own steps, thinned to ``budget``.

    The positions are both ends of the slider and every ``k``-th step counted from its current
    value (which is always one of them), with ``k`` the smallest of :data:`STRIDES` that keeps
    them within ``budget``.

    Parameters
    ----------
    control : ipywidgets.IntSlider or ipywidgets.FloatSlider
        The slider, at its starting value (in the slider's own units).
    budget : int
        Positions at most (at least 3).

    Returns
    -------
    list of float or int
        The positions in increasing order, each rounded to the slider's step (ints for an IntSlider).

    Raises
    ------
    TypeError
        If ``control`` is not an IntSlider or a FloatSlider.
    ValueError
        If ``budget`` is below 3.
    """
    if not isinstance(control, widgets.IntSlider | widgets.FloatSlider):
        raise TypeError(f"control must be an IntSlider or FloatSlider (got {type(control).__name__})")
    if budget < 3:
        raise ValueError(f"budget must be at least 3 (got {budget})")
    return _static_positions(control, budget)


def _static_positions(control: widgets.IntSlider | widgets.FloatSlider, budget: int) -> list[float]:
    steps = max(round((control.max - control.min) / control.step), 1)
    # A stride of every step leaves the current value and the two ends: within any budget of 3.
    return next(positions for stride in (*STRIDES, steps) if len(positions := _grid(control, stride)) <= budget)


def _grid(control: widgets.IntSlider | widgets.FloatSlider, stride: int) -> list[float]:
    """Both ends of the slider and every ``stride``-th step from its current value, in order."""
    spacing = stride * control.step
    below = math.floor((control.value - control.min) / spacing + 1e-9)
    above = math.floor((control.max - control.value) / spacing + 1e-9)
    digits = max(0, -math.floor(math.log10(control.step))) + 2
    # The current value exactly (the page's first frame is the widget as displayed), the rest rounded.
    grid = [round(control.value + j * spacing, digits) + 0.0 for j in range(-below, above + 1) if j]  # + 0.0: no -0.0
    positions: dict[float, float] = {}
    for value in (control.value, control.min, control.max, *grid):
        positions.setdefault(round(value, digits), value)
    ordered = [positions[key] for key in sorted(positions)]
    return [int(value) for value in ordered] if isinstance(control, widgets.IntSlider) else ordered


def offered_positions(widget: FigureWidget) -> list[list[float]]:
    """The positions of each of the widget's static controls, as many as keep their product within budget.

    Each control's list is :func:`static_positions` with the largest budget (up to
    :data:`POSITIONS_PER_CONTROL`) that keeps the number of frames within :data:`FRAMES_PER_WIDGET`.

    Raises
    ------
    ValueError
        If the widget names no static control, or one that is not among its controls.
    """
    _check_static_controls(widget)
    return _offered_positions(widget)


def _check_static_controls(widget: FigureWidget) -> None:
    if not widget.static_controls or not set(widget.static_controls) <= set(widget.controls):
        raise ValueError(f"static_controls must name some of the widget's controls {list(widget.controls)} "
                         f"(got {list(widget.static_controls)})")


def _offered_positions(widget: FigureWidget) -> list[list[float]]:
    budget = POSITIONS_PER_CONTROL
    while True:
        positions = [_static_positions(widget.controls[name], budget) for name in widget.static_controls]
        if math.prod(map(len, positions)) <= FRAMES_PER_WIDGET or budget == 3:
            return positions
        budget -= 1


def _alt_text(widget: FigureWidget) -> str:
    """The picture's alt text in the current state: what it shows, the static controls' values, any message."""
    state = "; ".join(f"{widget.controls[name].description}: {shown_value(widget.controls[name])}"
                      for name in widget.static_controls)
    problem = "" if widget.problem is None else " " + " ".join(widget._message.get_text().split())  # as drawn
    return f"{widget.description} {state}.{problem}"


def frames_entry(widget: FigureWidget) -> dict[str, Any]:
    """The frames entry of a widget (see the module's docstring), the widget left as it was.

    Each state is reached by setting the controls' values, which redraws the widget through its own
    observers (``refresh``); the frame is then the picture the widget shows (as a kept PNG, compressed
    more than a live move's).

    Raises
    ------
    ValueError
        If the widget names no static control, or one that is not among its controls.
    """
    _check_static_controls(widget)
    controls = [widget.controls[name] for name in widget.static_controls]
    start = [control.value for control in controls]
    positions = _offered_positions(widget)
    frames = []
    try:
        for state in itertools.product(*positions):
            for control, value in zip(controls, state):
                control.value = value
            kept = canvas_png(agg_canvas(widget.figure))  # the pixels shown, compressed as a kept picture
            frames.append({"png": base64.b64encode(kept).decode("ascii"), "alt": _alt_text(widget)})
    finally:
        for control, value in zip(controls, start):
            control.value = value
    return {
        "controls": [
            {"name": name, "label": control.description, "values": values,
             "texts": [shown_value(control, value) for value in values], "start": values.index(value)}
            for name, control, values, value in zip(widget.static_controls, controls, positions, start)
        ],
        "frames": frames,
    }


def bundle_entry(widget: FigureWidget) -> dict[str, Any]:
    """``{FRAMES_MIME: frames_entry(widget)}`` when the build asks for frames (:func:`frames_requested`), else ``{}``."""
    return {FRAMES_MIME: frames_entry(widget)} if frames_requested() else {}
