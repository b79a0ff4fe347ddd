"""The one mechanism behind every widget in the book.

A widget is a set of ipywidgets controls and one matplotlib figure. The
figure's artists are created once; moving a control calls the model
functions of the library and updates those artists in place, then the figure
is rendered to PNG into an ``ipywidgets.Image``.

A widget may name the artists its ``update`` changes (``dynamic_artists``).
Its figure is then redrawn in part (:class:`PartialRedraw`): what is drawn
before them never changes and is kept as pixels, and only they and what is
drawn after them are drawn again. The picture is the same, pixel for pixel, as
a full render (the widget tests compare the two after every move).

Displayed in Jupyter, the widget is live. Its ``_repr_mimebundle_`` also
carries an ``image/png`` of the current figure, so a static page (the built
book, which prefers ``image/png`` through ``nb_mime_priority_overrides`` in
``_config.yml``) shows the real default-state picture with no JavaScript. When the
book's build asks for it, the bundle also carries precomputed frames of the controls the
widget names in ``static_controls`` (:mod:`assetalloc.widgets.frames`), which let the
static page move those controls.

A widget never raises because of the position of its controls: a state the
model cannot answer (it raises ``ValueError``, or the optimiser's documented
``RuntimeError`` for nearly tied returns) shows its message on the figure
instead.
"""

from __future__ import annotations

import base64
import textwrap
from abc import ABC, abstractmethod
from collections.abc import Mapping, Sequence
from typing import Any

import ipywidgets as widgets
import numpy as np
from matplotlib.artist import Artist
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from assetalloc.style import COLOURS, agg_canvas, book_style, canvas_png, figure_png
from assetalloc.widgets import frames

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


#: The round numbers, within each power of ten, that a snapped axis limit may take (:func:`snapped_limit`).
LIMIT_STEPS = (1.0, 1.5, 2.0, 3.0, 4.0, 5.0, 6.0, 8.0, 10.0)


def snapped_limit(value: float, toward_zero: bool = False) -> float:
    """The round number of :data:`LIMIT_STEPS` (times a power of ten) at least as far from zero as ``value``.

    With ``toward_zero``, the round number at most as far from zero as ``value`` instead (for a lower
    limit above zero). An axis limit that follows the controls is snapped to a few such steps so that
    it, and the partial redraw's kept background, changes only when the data outgrow the step.
    """
    if value == 0.0 or not np.isfinite(value):
        return float(value)
    size = abs(float(value))
    power = 10.0 ** np.floor(np.log10(size))
    if toward_zero:
        step = next(step for step in reversed(LIMIT_STEPS) if step * power <= size * (1.0 + 1e-12))
    else:
        step = next(step for step in LIMIT_STEPS if step * power >= size * (1.0 - 1e-12))
    return float(np.copysign(float(f"{step * power:.12g}"), value))


def draw_order(parent: Figure | Axes) -> list[Artist]:
    """The children of a figure or an axes in the order matplotlib draws them (by zorder, stable).

    The background patch, drawn first, is left out; so are an axes' spines and axis when its
    frame or axis is switched off, as ``Axes.draw`` does.
    """
    children = [child for child in parent.get_children() if child is not parent.patch]
    if isinstance(parent, Axes):
        hidden = {*(parent.spines.values() if not (parent.axison and parent.get_frame_on()) else ()),
                  *((parent.xaxis, parent.yaxis) if not parent.axison else ())}
        children = [child for child in children if child not in hidden]
    return sorted(children, key=lambda child: child.get_zorder())


def _from_first_of(order: list[Artist], changing: set[Artist]) -> list[Artist]:
    """The artists of ``order`` from the first one in ``changing`` to the end (none if none is)."""
    first = next((i for i, artist in enumerate(order) if artist in changing), len(order))
    return order[first:]


class PartialRedraw:
    """Render a figure again by drawing only the artists that change, over kept pixels.

    Matplotlib draws each axes' artists in zorder, then the figure's own (such as a message
    over everything). Within each axes, everything drawn before the first changing artist is
    the *background*: drawn once without the others, and kept as pixels. The axes' redrawn
    artists are marked animated, which an ordinary draw leaves out (a full render, saving the
    figure, still draws them); the figure's own are hidden for that one draw instead, since
    matplotlib never draws an animated artist of the figure itself. Every later render restores those pixels and draws the *redrawn* artists: from the
    first changing artist of each axes to its last, in the same order, then the figure's own
    from its first changing one. The result equals a full render as long as nothing one axes
    redraws overlaps what a later axes keeps (true of side-by-side panels; the widget sweep
    tests compare the two renders pixel for pixel after every move).

    The background is drawn again whenever an axes' view limits or the figure's size change.
    A widget's ``update`` must change no other artist than those it names.

    Parameters
    ----------
    figure : matplotlib.figure.Figure
        A figure whose layout is final (no layout engine left to move the axes).
    changing : sequence of matplotlib.artist.Artist
        Every artist the widget's ``update`` changes, each a child of one of the figure's
        axes or of the figure itself.

    Raises
    ------
    ValueError
        If an artist of ``changing`` is not a child of the figure or of one of its axes.
    """

    def __init__(self, figure: Figure, changing: Sequence[Artist]) -> None:
        orders = [draw_order(ax) for ax in figure.axes]
        own_order = draw_order(figure)
        unknown = set(changing).difference(*orders, own_order)  # artists hash and compare by identity
        if unknown:
            raise ValueError(f"changing must hold only the figure's artists (got {unknown.pop()!r})")
        self.figure, self.canvas = figure, agg_canvas(figure)
        axes_redrawn, self._figure_own = [], _from_first_of(own_order, set(changing))
        for order in orders:
            axes_redrawn += _from_first_of(order, set(changing))
        for artist in axes_redrawn:
            artist.set_animated(True)
        self.redrawn: list[Artist] = [*axes_redrawn, *self._figure_own]
        self._background: Any = None
        self._background_key: tuple = ()

    def _key(self) -> tuple:
        """What the background depends on besides its artists: each axes' view limits, the figure's size."""
        return (*(tuple(ax.viewLim.bounds) for ax in self.figure.axes), tuple(self.figure.bbox.bounds))

    def png(self) -> bytes:
        """The figure as PNG bytes: the kept background, then the redrawn artists drawn over it."""
        key = self._key()
        if self._background is None or key != self._background_key:
            shown = [artist.get_visible() for artist in self._figure_own]
            for artist in self._figure_own:
                artist.set_visible(False)
            try:
                self.canvas.draw()  # not saving: the animated artists are left out
            finally:
                for artist, visible in zip(self._figure_own, shown):
                    artist.set_visible(visible)
            self._background, self._background_key = self.canvas.copy_from_bbox(self.figure.bbox), key
        else:
            self.canvas.restore_region(self._background)
        renderer = self.canvas.get_renderer()
        for artist in self.redrawn:
            artist.draw(renderer)
        return canvas_png(self.canvas)


class FigureWidget(ABC):
    """Controls plus one figure, updated in place.

    Subclasses create their controls and the figure's artists in ``__init__``
    (then call ``super().__init__``) and implement :meth:`update`, which
    takes the controls' values as keyword arguments, calls the library's model
    functions and sets the artists' data. ``update`` holds no arithmetic of
    its own beyond choosing what to draw.

    Parameters ``groups`` (optional): titled rows of controls, title -> control names, every
    control in exactly one row (default: one untitled row).

    Attributes
    ----------
    controls : dict of str to ipywidgets.ValueWidget
        The controls by name (the keyword arguments of ``update``).
    figure : matplotlib.figure.Figure
        The figure; its artists are created once.
    partial_redraw : PartialRedraw or None
        How the figure is redrawn in part, when the widget names the artists its ``update``
        changes (``dynamic_artists``); None: every render draws the whole figure.
    problem : str or None
        The model's message when the current state has no answer, else None.
    """

    #: One sentence describing the figure, used as its plain-text form.
    description: str = ""
    #: The controls (by name) the built book's static page offers, as precomputed frames (:mod:`.frames`).
    static_controls: tuple[str, ...] = ()

    def __init__(self, controls: Mapping[str, widgets.ValueWidget], figure: Figure,
                 dynamic_artists: Sequence[Artist] = (), groups: Mapping[str, Sequence[str]] | None = None) -> None:
        self.controls = dict(controls)
        self.figure = figure
        rows = {"": list(self.controls)} if groups is None else {title: list(names) for title, names in groups.items()}
        grouped = [name for names in rows.values() for name in names]
        if sorted(grouped) != sorted(self.controls):
            raise ValueError(f"groups must name every control once (got {grouped}, controls {list(self.controls)})")
        self.problem: str | None = None
        self._message = figure.text(
            0.5, 0.5, "", ha="center", va="center", fontsize=11, color=COLOURS["portfolio"],
            bbox={"boxstyle": "round", "facecolor": "white", "edgecolor": COLOURS["highlight"]},
            visible=False, zorder=10,
        )
        width_px = int(figure.get_figwidth() * figure.dpi)
        self.image = widgets.Image(format="png", layout=widgets.Layout(width="100%", max_width=f"{width_px}px"))
        boxes: list[widgets.Widget] = []
        for title, names in rows.items():
            if title:
                boxes.append(widgets.HTML(f"<strong>{title}</strong>"))
            boxes.append(widgets.HBox([self.controls[name] for name in names], layout=widgets.Layout(flex_flow="row wrap")))
        self.view = widgets.VBox([*boxes, self.image])
        for control in self.controls.values():
            control.observe(self._on_change, names="value")
        self.partial_redraw: PartialRedraw | None = None
        self.refresh()
        # The first render placed the axes; keep that layout so later renders draw once, not twice.
        figure.set_layout_engine(None)
        if dynamic_artists:
            self.partial_redraw = PartialRedraw(figure, [*dynamic_artists, self._message])
            self.image.value = self.png()  # draws the background now, not on the reader's first move

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
        """The figure as PNG bytes (redrawn in part when the widget names its dynamic artists)."""
        return figure_png(self.figure) if self.partial_redraw is None else self.partial_redraw.png()

    def _on_change(self, _change: Mapping[str, Any]) -> None:
        self.refresh()

    @staticmethod
    def _explain(problem: str) -> str:
        return "No answer for these settings:\n" + textwrap.fill(problem, 60)

    def _repr_mimebundle_(self, **kwargs: Any) -> dict[str, Any]:
        bundle = self.view._repr_mimebundle_(**kwargs)
        bundle["image/png"] = base64.b64encode(self.image.value).decode("ascii")
        bundle["text/plain"] = self.description or type(self).__name__
        bundle.update(frames.bundle_entry(self))  # only when the book's build asks for frames
        return bundle
