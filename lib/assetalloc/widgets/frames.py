"""Precomputed frames: the pictures that let a widget move on the static site.

A widget names the controls the built book offers (``FigureWidget.static_controls``). When the
book is built (the Makefile sets :data:`FRAMES_ENV`), the widget's MIME bundle gains a frames
entry (:data:`FRAMES_MIME`): the widget is stepped through every combination of those controls'
positions (:func:`static_positions`, even over the slider's range, within a budget) by moving the
controls themselves, so each frame is the PNG the live widget shows in that state, pixel for
pixel. The widget is then put back as it was. The book's page turns the entry into images and
range inputs (:mod:`assetalloc.static_frames`); in Jupyter, without the variable, nothing is
computed.

The entry is JSON::

    {"controls": [{"name", "label", "values", "texts", "start"}, ...],
     "frames": [{"png": base64 PNG, "alt": text, "result": text}, ...]}

with one frame per combination of the controls' positions, the last control changing fastest,
``start`` the index of each control's position when the widget was displayed, and each frame's
``result`` what its picture shows (the widget's :meth:`~assetalloc.widgets.base.FigureWidget.state_summary`
and any message on the figure), which its ``alt`` states after the widget's description and the controls' values.
"""

from __future__ import annotations

import base64
import itertools
import math
import os
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import ipywidgets as widgets

from assetalloc.style import agg_canvas, canvas_png_later
from assetalloc.widgets.base import FigureWidget, shown_value

#: The MIME type of the frames entry.
FRAMES_MIME = "application/vnd.assetalloc.frames+json"
#: The environment variable that asks for the frames entry (any value but "" or "0").
FRAMES_ENV = "ASSETALLOC_FRAMES"
#: Positions offered per control at most.
POSITIONS_PER_CONTROL = 25
#: Round strides (in the slider's steps), preferred when one divides the slider's range.
STRIDES = (1, 2, 4, 5, 10, 20, 25, 40, 50, 100, 200, 250, 500, 1000)
#: Frames per widget at most (the product of its controls' positions).
FRAMES_PER_WIDGET = 200


def frames_requested() -> bool:
    """Whether the environment asks for frames (:data:`FRAMES_ENV` set to anything but "" or "0")."""
    return os.environ.get(FRAMES_ENV, "") not in ("", "0")


def static_positions(control: widgets.ValueWidget, budget: int = POSITIONS_PER_CONTROL) -> list[float]:
    """The positions of a slider the static page offers: even over its range, with its ends and its current value.

    The range is cut into ``n`` equal parts on the slider's own steps, ``n`` as large as keeps the
    positions (the ``n + 1`` cuts and the current value) within ``budget``. An exact cut is preferred
    when it gives at least half as many parts (and more than one): a stride of :data:`STRIDES` steps
    that divides the range, else any stride that divides it. When none does, the parts are as even as the steps allow
    (they differ by one step at most). The current value is added where it falls between two cuts.

    Parameters
    ----------
    control : ipywidgets.IntSlider or ipywidgets.FloatSlider
        The slider, at its starting value (in the slider's own units).
    budget : int
        Positions at most (at least 3).

    Returns
    -------
    list of float or int
        The positions in increasing order, each on the slider's steps (ints for an IntSlider) except the
        current value, which is kept exactly (the page's first frame is the widget as displayed).

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
    # parts + 1 cuts at least: no more than budget - 1 parts can fit
    fitting = [parts for parts in range(1, min(steps, budget - 1) + 1) if len(_grid(control, steps, parts)) <= budget]
    most = max(fitting)  # one part (both ends and the current value) is always within a budget of 3
    dividing = [parts for parts in fitting if parts > 1 and steps % parts == 0 and 2 * parts >= most]
    round_strides = [parts for parts in dividing if steps // parts in STRIDES]
    parts = max(round_strides or dividing or [most])
    return _grid(control, steps, parts)


def _grid(control: widgets.IntSlider | widgets.FloatSlider, steps: int, parts: int) -> list[float]:
    """Both ends of the slider and ``parts - 1`` cuts evenly between them on its steps, with its current value."""
    digits = max(0, -math.floor(math.log10(control.step))) + 2
    cuts = [round(control.min + round(j * steps / parts) * control.step, digits) + 0.0 for j in range(parts + 1)]  # no -0.0
    positions: dict[float, float] = {}
    for value in (control.value, *cuts):  # the current value exactly, the rest rounded
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


def _result(widget: FigureWidget) -> str:
    """What the picture shows in the current state: the widget's own summary line and any message, as drawn."""
    lines = [widget.state_summary()]
    if widget.problem is not None:
        lines.append(" ".join(widget._message.get_text().split()))
    return " ".join(line if line.endswith(".") else f"{line}." for line in lines if line)


def _alt_text(widget: FigureWidget, result: str) -> str:
    """The picture's alt text in the current state: what it shows, the static controls' values, its result."""
    state = "; ".join(f"{widget.controls[name].description}: {shown_value(widget.controls[name])}"
                      for name in widget.static_controls)
    return f"{widget.description} {state}. {result}".strip()


def frames_entry(widget: FigureWidget) -> dict[str, Any]:
    """The frames entry of a widget (see the module's docstring), the widget left as it was.

    Each state is reached by setting the controls' values, which redraws the widget through its own
    observers (``refresh``); the frame is then the picture the widget shows (as a kept PNG, compressed
    more than a live move's, on a second thread while the next state is drawn).

    Raises
    ------
    ValueError
        If the widget names no static control, or one that is not among its controls.
    """
    _check_static_controls(widget)
    controls = [widget.controls[name] for name in widget.static_controls]
    start = [control.value for control in controls]
    positions = _offered_positions(widget)
    taken = []
    # The frames are taken from the canvas (no live picture is made); each is compressed while the next is drawn.
    with widget.drawing_only(), ThreadPoolExecutor(max_workers=1) as encoder:
        try:
            for state in itertools.product(*positions):
                for control, value in zip(controls, state):
                    control.value = value
                result = _result(widget)
                kept = canvas_png_later(agg_canvas(widget.figure), encoder)  # the pixels drawn, as a kept picture
                taken.append((kept, _alt_text(widget, result), result))
        finally:
            for control, value in zip(controls, start):
                control.value = value
        frames = [{"png": base64.b64encode(kept.result()).decode("ascii"), "alt": alt, "result": result}
                  for kept, alt, result in taken]
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
