"""The one mechanism behind every widget in the book.

A widget is a set of ipywidgets controls and one matplotlib figure. The
figure's artists are created once; moving a control calls the model
functions of the library and updates those artists in place, then the figure
is rendered to PNG into an ``ipywidgets.Image``.

Displayed in Jupyter, the widget is live. Its ``_repr_mimebundle_`` also
carries an ``image/png`` of the current figure, so a static page (the built
book, which prefers ``image/png`` through ``nb_mime_priority_overrides`` in
``_config.yml``) shows the real default-state picture with no JavaScript.

A widget never raises because of the position of its controls: a state the
model cannot answer (it raises ``ValueError``, or the optimiser's documented
``RuntimeError`` for nearly tied returns) shows its message on the figure
instead.
"""

from __future__ import annotations

import base64
import textwrap
from abc import ABC, abstractmethod
from collections.abc import Mapping
from typing import Any

import ipywidgets as widgets
import numpy as np
from matplotlib.figure import Figure

from assetalloc.style import COLOURS, book_style, figure_png

#: Slider settings shared by all widgets: full-width labels, update on release.
CONTROL_STYLE = {"description_width": "initial"}
CONTROL_LAYOUT = {"width": "340px"}


def slider(
    description: str, value: float, minimum: float, maximum: float, step: float, readout: str = ".2f"
) -> widgets.FloatSlider:
    """A float slider in the book's style (updates when released)."""
    return widgets.FloatSlider(
        value=value, min=minimum, max=maximum, step=step, description=description,
        readout_format=readout, continuous_update=False, style=CONTROL_STYLE,
        layout=widgets.Layout(**CONTROL_LAYOUT),
    )


def int_slider(description: str, value: int, minimum: int, maximum: int, step: int = 1) -> widgets.IntSlider:
    """An integer slider in the book's style (updates when released)."""
    return widgets.IntSlider(
        value=value, min=minimum, max=maximum, step=step, description=description,
        continuous_update=False, style=CONTROL_STYLE, layout=widgets.Layout(**CONTROL_LAYOUT),
    )


def control_positions(control: widgets.ValueWidget, points: int = 9) -> list[Any]:
    """Positions that exercise a control: both extremes, then ``points`` through its range.

    Used by the widget tests and the latency benchmark.
    """
    if isinstance(control, widgets.IntSlider):
        sweep = np.unique(np.linspace(control.min, control.max, points).round().astype(int)).tolist()
    elif isinstance(control, widgets.FloatSlider):
        sweep = np.linspace(control.min, control.max, points).tolist()
    else:
        raise TypeError(f"control must be an IntSlider or FloatSlider (got {type(control).__name__})")
    return [control.min, control.max, *sweep]


class FigureWidget(ABC):
    """Controls plus one figure, updated in place.

    Subclasses create their controls and the figure's artists in ``__init__``
    (then call ``super().__init__``) and implement :meth:`update`, which
    takes the controls' values as keyword arguments, calls the library's model
    functions and sets the artists' data. ``update`` holds no arithmetic of
    its own beyond choosing what to draw.

    Attributes
    ----------
    controls : dict of str to ipywidgets.ValueWidget
        The controls by name (the keyword arguments of ``update``).
    figure : matplotlib.figure.Figure
        The figure; its artists are created once.
    problem : str or None
        The model's message when the current state has no answer, else None.
    """

    #: One sentence describing the figure, used as its plain-text form.
    description: str = ""

    def __init__(self, controls: Mapping[str, widgets.ValueWidget], figure: Figure) -> None:
        self.controls = dict(controls)
        self.figure = figure
        self.problem: str | None = None
        self._message = figure.text(
            0.5, 0.5, "", ha="center", va="center", fontsize=11, color=COLOURS["portfolio"],
            bbox={"boxstyle": "round", "facecolor": "white", "edgecolor": COLOURS["highlight"]},
            visible=False, zorder=10,
        )
        width_px = int(figure.get_figwidth() * figure.dpi)
        self.image = widgets.Image(format="png", layout=widgets.Layout(width="100%", max_width=f"{width_px}px"))
        self.view = widgets.VBox(
            [widgets.HBox(list(self.controls.values()), layout=widgets.Layout(flex_flow="row wrap")), self.image]
        )
        for control in self.controls.values():
            control.observe(self._on_change, names="value")
        self.refresh()
        # The first render placed the axes; keep that layout so later renders draw once, not twice.
        figure.set_layout_engine(None)

    def values(self) -> dict[str, Any]:
        """The current value of every control, by name."""
        return {name: control.value for name, control in self.controls.items()}

    @abstractmethod
    def update(self, **values: Any) -> None:
        """Set the figure's artists from the model's output for these control values."""

    def refresh(self) -> None:
        """Recompute from the current control values and re-render the figure."""
        with book_style():
            try:
                self.update(**self.values())
            except ValueError as error:
                self.problem = str(error)
            except RuntimeError as error:  # the optimiser's documented numerical limit (near-tied returns)
                self.problem = f"the solver could not answer: {error}"
            else:
                self.problem = None
            self._message.set_text("" if self.problem is None else self._explain(self.problem))
            self._message.set_visible(self.problem is not None)
            self.image.value = self.png()

    def png(self) -> bytes:
        """The figure as PNG bytes."""
        return figure_png(self.figure)

    def _on_change(self, _change: Mapping[str, Any]) -> None:
        self.refresh()

    @staticmethod
    def _explain(problem: str) -> str:
        return "No answer for these settings:\n" + textwrap.fill(problem, 60)

    def _repr_mimebundle_(self, **kwargs: Any) -> dict[str, Any]:
        bundle = self.view._repr_mimebundle_(**kwargs)
        bundle["image/png"] = base64.b64encode(self.image.value).decode("ascii")
        bundle["text/plain"] = self.description or type(self).__name__
        return bundle
