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
instead, and the artists the widget updates are hidden meanwhile, so that no
number of an earlier state is shown as if it were this one's.
"""

from __future__ import annotations

import base64
import contextlib
import functools
import html
import textwrap
import unicodedata
from abc import ABC, abstractmethod
from collections.abc import Callable, Iterator, Mapping, Sequence
from typing import Any, ClassVar

import ipywidgets as widgets
import numpy as np
from matplotlib.artist import Artist
from matplotlib.axes import Axes
from matplotlib.collections import PolyCollection
from matplotlib.figure import Figure
from matplotlib.legend import Legend
from matplotlib.text import Text

from assetalloc import _validation as check
from assetalloc.book import MINUS
from assetalloc.style import (
    COLOURS,
    agg_canvas,
    book_style,
    canvas_png,
    draw_figure,
    live_png,
)

#: Slider settings shared by all widgets: the label at its own width, no readout (each slider has a
#: box where its value is shown and can be typed: :func:`typed_value`), update on release.
CONTROL_STYLE = {"description_width": "initial"}
#: Pixels a slider's label may take per character (generously: a label must not eat the track), and the
#: track's width: the slider is as wide as both, so its track is at least :data:`TRACK_PX` wide.
LABEL_PX_PER_CHARACTER, TRACK_PX = 7.5, 170
#: Width of the box beside each slider that shows its value and takes a typed one.
VALUE_BOX_WIDTH = "92px"


def _slider_layout(description: str) -> widgets.Layout:
    """A slider as wide as its label plus a track of :data:`TRACK_PX` pixels."""
    return widgets.Layout(width=f"{round(LABEL_PX_PER_CHARACTER * len(description)) + TRACK_PX}px")


def slider(
    description: str, value: float, minimum: float, maximum: float, step: float, readout: str = ".2f"
) -> widgets.FloatSlider:
    """A float slider in the book's style (updates when released; ``readout`` formats its value box)."""
    return widgets.FloatSlider(
        value=value, min=minimum, max=maximum, step=step, description=description, readout=False,
        readout_format=readout, continuous_update=False, style=CONTROL_STYLE, layout=_slider_layout(description),
    )


def int_slider(description: str, value: int, minimum: int, maximum: int, step: int = 1) -> widgets.IntSlider:
    """An integer slider in the book's style (updates when released)."""
    return widgets.IntSlider(
        value=value, min=minimum, max=maximum, step=step, description=description, readout=False,
        continuous_update=False, style=CONTROL_STYLE, layout=_slider_layout(description),
    )


def shown_value(control: widgets.IntSlider | widgets.FloatSlider, value: float | None = None) -> str:
    """A slider's value (or ``value``, a position of it) as its box shows it: ``30%``, ``1,000,000``, ``0.50``.

    The slider's ``readout_format`` is used; the static page's frames label their positions with it too.
    """
    return _formatted(control.value if value is None else value, control.readout_format)


def _formatted(value: float, readout_format: str) -> str:
    """``value`` in ``readout_format`` with a true minus sign ("−2%"), none for a value that rounds to zero ("0%")."""
    text = format(value, readout_format)
    if not text.startswith("-"):
        return text
    return text[1:] if not any(digit in text for digit in "123456789") else MINUS + text[1:]


def _read_as(value: float, readout_format: str) -> str:
    """A typed value as it was understood, in full: ``150%`` for 1.5 on a percent slider, else as its box shows it."""
    if readout_format.endswith("%"):
        return f"{value * 100.0:.12g}%".replace("-", MINUS)
    return _formatted(value, readout_format)


def on_slider_step(control: widgets.IntSlider | widgets.FloatSlider, value: float) -> float:
    """The position of a slider's steps nearest to ``value`` (``min + k * step``, within its range).

    A typed value is moved there, so that the figure is drawn for the value the slider and its box show.
    """
    steps = round((value - control.min) / control.step)
    nearest = float(f"{control.min + steps * control.step:.12g}")  # no 0.30000000000000004
    return min(max(nearest, control.min), control.max)


def typed_value(text: str, readout_format: str, bounds: tuple[float, float] | None = None) -> float:
    """The number a person typed into a slider's value box, in the slider's units.

    A slider whose values show as percent (``readout_format`` ending in ``%``) takes percent:
    ``30%``, ``30`` and ``0.5%`` are 0.30, 0.30 and 0.005. A bare number between -1 and 1
    (other than 0) could mean 30% (the library's decimals, for ``0.3``) or 0.3%: when only one of
    the two lies within ``bounds`` (the slider's range), that one is meant (``0.3`` on a slider from
    −2% to 6% is 0.3%); otherwise it is refused and the person is asked to add the sign. Any other slider takes a number as its box shows it, and a
    number with a percent sign as hundredths: on a 0-1 blend, ``0.5`` and ``50%`` are both 0.5 (a bare
    number there is never a percent, so nothing is ambiguous). Thousands separators, a yen sign, spaces, a typographic
    minus (−) and the full-width forms a Japanese keyboard types (``３０％``, ``￥１，５００，０００``)
    are allowed.

    Parameters
    ----------
    text : str
        What was typed.
    readout_format : str
        The slider's format (a Python format spec, as ``ipywidgets`` sliders take).
    bounds : (float, float), optional
        The slider's smallest and largest values (its units): settles a bare number under 1 on a percent
        slider when only one of its readings lies between them.

    Returns
    -------
    float
        The value, in the slider's units (decimal for a percent slider).

    Raises
    ------
    TypeError
        If ``text`` or ``readout_format`` is not a string.
    ValueError
        If ``text`` is not a finite number (with or without a percent sign), or is a bare number between -1
        and 1 for a percent slider with both readings, or neither, within ``bounds``.
    """
    check.as_string("text", text)
    check.as_string("readout_format", readout_format)
    percent = readout_format.endswith("%")
    cleaned = "".join(unicodedata.normalize("NFKC", text).split())
    cleaned = cleaned.replace(",", "").replace("¥", "").replace("−", "-")
    signed_percent = cleaned.endswith("%")
    number = float("nan")
    if "_" not in cleaned:
        try:
            number = float(cleaned[:-1] if signed_percent else cleaned)
        except ValueError:
            pass
    if not np.isfinite(number):
        unit = "a number in percent (30 or 30%)" if percent else "a number"
        raise ValueError(f"{text.strip()!r} is not a number; type {unit}")
    if percent and not signed_percent and 0.0 < abs(number) < 1.0:
        readings = [number, number / 100.0]  # the library's decimal (0.3 is 30%), or percent (0.3%)
        inside = [] if bounds is None else [value for value in readings if bounds[0] <= value <= bounds[1]]
        if len(inside) != 1:
            a, b = (_read_as(value, readout_format) for value in readings)
            if bounds is not None and not inside:  # neither reading fits: nothing to ask
                raise ValueError(f"neither {a} nor {b} is on the slider")
            raise ValueError(f"which do you mean, {a} or {b}? Type it with the % sign")
        return inside[0] + 0.0
    value = number / 100.0 if percent or signed_percent else number
    return value + 0.0  # no negative zero


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


#: Inches of room the layout leaves beside each axes of a figure whose tick labels grow with the controls.
GROWING_TICKS_PAD = 0.2


def room_for_growing_ticks(figure: Figure) -> None:
    """Leave room beside the axes for tick labels wider than the first render's ("−150%" after "−40%").

    A widget's layout is computed once, at its first render, then kept (see :class:`FigureWidget`);
    a widget whose axis limits follow its controls calls this before that render, so that wider tick
    labels later are not cut at the figure's edge.
    """
    figure.get_layout_engine().set(w_pad=GROWING_TICKS_PAD)


#: The places a legend kept clear of the data may take (matplotlib's names), preferred in this order on a tie.
LEGEND_PLACES = ("upper left", "upper right", "lower left", "lower right", "upper center", "lower center",
                 "center left", "center right", "center")


#: Pixels a legend keeps from the data at least (:func:`top_with_room_for_legend` makes room for it).
LEGEND_CLEARANCE_PX = 6.0
#: Most of an axes' height :func:`top_with_room_for_legend` keeps for a legend (the data keep the rest).
MAX_LEGEND_SHARE = 0.75


def _legend_pad(legend: Legend, renderer: Any) -> float:
    """Pixels between a legend placed by ``loc`` and the axes' frame (its ``borderaxespad``)."""
    return legend.borderaxespad * renderer.points_to_pixels(legend.get_texts()[0].get_fontsize())


def top_with_room_for_legend(ax: Axes, legend: Legend, data_top: float, factor: float) -> float:
    """The top of a y-axis from 0 showing data up to ``data_top`` (> 0): ``factor`` times it, or higher where
    the legend would not fit above the data with :data:`LEGEND_CLEARANCE_PX` to spare.

    With this top, a legend in an upper place always keeps clear of the data, whatever their shape
    (a curve along the top of the axes, say); :func:`clearest_legend_place` then finds a place at
    least as clear. The axes' height is their last render's (the layout a widget keeps).
    """
    renderer = agg_canvas(ax.figure).get_renderer()
    needed = legend.get_window_extent(renderer).height + _legend_pad(legend, renderer) + LEGEND_CLEARANCE_PX
    share = min(needed / ax.bbox.height, MAX_LEGEND_SHARE)  # of the axes' height, kept for the legend
    return max(factor * data_top, data_top / (1.0 - share))


def legend_rooms(ax: Axes, legend: Legend, points: np.ndarray, places: Sequence[str] = LEGEND_PLACES) -> dict[str, float]:
    """The room a legend would keep from the data at each place: pixels from its box to the nearest point.

    Measured on the axes as they are (call it after their limits are set; their size is their last
    render's, the layout a widget keeps from its first render on).

    Parameters
    ----------
    ax : matplotlib.axes.Axes
    legend : matplotlib.legend.Legend
        The axes' legend (its size does not depend on its place).
    points : array_like, shape (n, 2)
        The data's points (data units): a curve's vertices, drawn markers.
    places : sequence of str
        Candidate places, in matplotlib's names (``"upper left"`` ...).

    Returns
    -------
    dict of str to float
        By place: the pixels from the box to the nearest point, or, where the box covers points,
        minus how many it covers.
    """
    renderer = agg_canvas(ax.figure).get_renderer()
    box, frame, pad = legend.get_window_extent(renderer), ax.bbox, _legend_pad(legend, renderer)
    x, y = ax.transData.transform(np.asarray(points, dtype=float)).T

    def room(place: str) -> float:
        vertical, _, horizontal = place.partition(" ")
        left = {"left": frame.x0 + pad, "right": frame.x1 - pad - box.width}.get(
            horizontal, frame.x0 + (frame.width - box.width) / 2.0)
        bottom = {"upper": frame.y1 - pad - box.height, "lower": frame.y0 + pad}.get(
            vertical, frame.y0 + (frame.height - box.height) / 2.0)
        dx = np.maximum(np.maximum(left - x, x - (left + box.width)), 0.0)
        dy = np.maximum(np.maximum(bottom - y, y - (bottom + box.height)), 0.0)
        distances = np.hypot(dx, dy)
        covered = int(np.sum(distances == 0.0))
        return float(np.min(distances)) if covered == 0 else -covered

    return {place: room(place) for place in places}


def clearest_legend_place(ax: Axes, legend: Legend, points: np.ndarray, places: Sequence[str] = LEGEND_PLACES) -> str:
    """The place among ``places`` where a legend keeps the most room between its box and the data.

    Matplotlib's ``"best"`` only avoids covering the data, and may leave a curve a few pixels from the
    legend's frame; this measures the room at each place (:func:`legend_rooms`, same arguments) and
    returns the farthest from the nearest point (the first such place on a tie); when every place
    covers some points, the place that covers the fewest.
    """
    rooms = legend_rooms(ax, legend, points, places)
    return max(places, key=rooms.__getitem__)  # max keeps the first of equals


#: How many backgrounds a partial redraw keeps (each is the figure's pixels: about 1.3 MB at 800 x 400).
BACKGROUNDS_KEPT = 4


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


def _lay_out(figure: Figure) -> None:
    """Place the axes as the figure's first drawing would (its layout engine on its Agg canvas), without drawing.

    As ``Figure.draw`` does: only a figure with axes is laid out, and a layout the engine cannot make
    (a ValueError) leaves the axes where they are.
    """
    engine = figure.get_layout_engine()
    if figure.axes and engine is not None:
        agg_canvas(figure)  # the renderer whose text measures the drawing will use
        with contextlib.suppress(ValueError):
            engine.execute(figure)


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

    The background depends on each axes' view limits and the figure's size: the last
    :data:`BACKGROUNDS_KEPT` backgrounds are kept by those, so a control moved back and forth
    across a snapped limit (:func:`snapped_limit`) draws each background once. A widget's
    ``update`` must change no other artist than those it names.

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
        self._backgrounds: dict[tuple, Any] = {}  # by _key(), oldest first

    def _key(self) -> tuple:
        """What the background depends on besides its artists: each axes' view limits, the figure's size."""
        return (*(tuple(ax.viewLim.bounds) for ax in self.figure.axes), tuple(self.figure.bbox.bounds))

    def png(self) -> bytes:
        """The figure as a live picture's PNG (:func:`~assetalloc.style.live_png`): the kept background, then the
        redrawn artists drawn over it."""
        self.draw()
        return live_png(self.canvas)

    def draw(self) -> None:
        """Draw the figure on its canvas: the kept background, then the redrawn artists over it."""
        key = self._key()
        background = self._backgrounds.pop(key, None)
        if background is None:
            shown = [artist.get_visible() for artist in self._figure_own]
            for artist in self._figure_own:
                artist.set_visible(False)
            try:
                self.canvas.draw()  # not saving: the animated artists are left out
            finally:
                for artist, visible in zip(self._figure_own, shown):
                    artist.set_visible(visible)
            background = self.canvas.copy_from_bbox(self.figure.bbox)
            if len(self._backgrounds) >= BACKGROUNDS_KEPT:
                del self._backgrounds[next(iter(self._backgrounds))]
        else:
            self.canvas.restore_region(background)
        self._backgrounds[key] = background  # now the newest
        renderer = self.canvas.get_renderer()
        for artist in self.redrawn:
            artist.draw(renderer)


def _joint(before: str, line: str) -> str:
    """What joins two lines of a figure's text into one: a line that ends with a mark (",", ":", ";", ".") runs on;
    a line that starts with a capital starts a sentence; any other is a clause of the same sentence."""
    if before.endswith((",", ":", ";", ".")):
        return " "
    return ". " if line[:1].isupper() else "; "


def _hide(artist: Artist) -> Callable[[], None]:
    """Hide an artist; the function returned shows it as it was.

    An axes' title is made transparent instead of invisible: matplotlib measures an invisible
    title as if it had no height and would move it up, out of the figure, at the next full draw.
    """
    axes = artist.axes
    if axes is not None and artist in (axes.title, axes._left_title, axes._right_title):
        alpha = artist.get_alpha()
        artist.set_alpha(0.0)
        return lambda: artist.set_alpha(alpha)
    visible = artist.get_visible()
    artist.set_visible(False)
    return lambda: artist.set_visible(visible)


class BarSeries:
    """One series of bars drawn as one artist: a single draw call for all its bars.

    A widget that redraws many bars at every move draws each matplotlib ``Rectangle`` with its
    own call (about 0.3 ms each); the bars of a series as one ``PolyCollection`` take one.

    Parameters
    ----------
    ax : matplotlib.axes.Axes
    positions : array_like, shape (n,)
        Centre of each bar on the x axis (data units).
    width : float
        Width of every bar (data units).
    label : str
        The series' name in the legend.
    facecolor, edgecolor : colour
    linewidth : float
        Edge width (points).
    """

    def __init__(self, ax: Axes, positions: Sequence[float], width: float, label: str, facecolor: Any,
                 edgecolor: Any, linewidth: float = 0.0) -> None:
        self.left = np.asarray(positions, dtype=float) - width / 2.0
        self.width = width
        self.heights = np.zeros(self.left.size)
        self.artist = PolyCollection(self._corners(), closed=True, label=label, facecolors=facecolor,
                                     edgecolors=edgecolor, linewidths=linewidth)
        ax.add_collection(self.artist, autolim=False)

    def _corners(self) -> np.ndarray:
        left, right, zero = self.left, self.left + self.width, np.zeros(self.left.size)
        return np.stack([np.column_stack(corner) for corner in
                         ((left, zero), (left, self.heights), (right, self.heights), (right, zero))], axis=1)

    def set_heights(self, heights: Sequence[float]) -> None:
        """Set every bar's height (data units; negative bars point down)."""
        self.heights = np.asarray(heights, dtype=float).copy()
        self.artist.set_verts(self._corners())


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
    #: Plain words for the model's messages a student meets with these controls, by the message's start
    #: (the model names its arguments, which the student does not see); :attr:`problem` keeps the model's.
    problem_words: ClassVar[Mapping[str, str]] = {}
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
        width_px, height_px = (int(size * figure.dpi) for size in figure.get_size_inches())
        # Its size in pixels as the img's attributes: the page knows the picture's box before any PNG
        # arrives, and a new picture (same size) leaves the page's layout as it is.
        self.image = widgets.Image(format="png", width=str(width_px), height=str(height_px),
                                   layout=widgets.Layout(width="100%", max_width=f"{width_px}px", height="auto"))
        self.value_boxes = {
            name: widgets.Text(value=shown_value(control), continuous_update=False, tooltip=f"{control.description}: type a value",
                               layout=widgets.Layout(width=VALUE_BOX_WIDTH))
            for name, control in self.controls.items()
        }
        self.typing_note = widgets.HTML("")
        boxes: list[widgets.Widget] = []
        for title, names in rows.items():
            if title:
                boxes.append(widgets.HTML(f"<strong>{title}</strong>"))
            pairs = [widgets.HBox([self.controls[name], self.value_boxes[name]]) for name in names]
            boxes.append(widgets.HBox(pairs, layout=widgets.Layout(flex_flow="row wrap")))
        self.view = widgets.VBox([*boxes, self.typing_note, self.image])
        for name, control in self.controls.items():
            control.observe(self._on_change, names="value")
            self.value_boxes[name].observe(functools.partial(self._on_typed, name), names="value")
        self.partial_redraw: PartialRedraw | None = None
        self._sending = True  # a move sends its picture to the page (see drawing_only)
        self._dynamic = list(dynamic_artists)
        self._shown_again: list[Callable[[], None]] = []  # while a state has no answer: undo each hiding
        if dynamic_artists:
            with book_style():  # the axes placed without drawing: the first drawing is the partial redraw's below
                self._recompute()
                _lay_out(figure)
        else:
            self.refresh()  # the first render places the axes
        # Keep the first layout, so that later renders draw once, not twice.
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
            self._recompute()
            if self._sending:
                self.image.value = self.png()
            elif self.partial_redraw is None:
                draw_figure(self.figure)
            else:
                self.partial_redraw.draw()

    def _recompute(self) -> None:
        """Set the figure's artists for the current control values, or show why these values have no answer."""
        for show_again in self._shown_again:
            show_again()
        self._shown_again = []
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
        if self.problem is not None:  # no number of an earlier state stays beside the message
            self._shown_again = [_hide(artist) for artist in self._dynamic]

    @contextlib.contextmanager
    def drawing_only(self) -> Iterator[None]:
        """Within it, a move redraws the figure on its canvas but does not send the page a new picture.

        For pictures taken from the canvas (the static site's frames, :mod:`assetalloc.widgets.frames`):
        the live picture's PNG would be made for nothing. Set the controls back before leaving it, so
        that the picture shown is the state the controls show.
        """
        self._sending = False
        try:
            yield
        finally:
            self._sending = True

    def png(self) -> bytes:
        """The figure as a live picture's PNG (:func:`~assetalloc.style.live_png`), redrawn in part when the
        widget names its dynamic artists. A kept picture (the page's, a frame) is :func:`~assetalloc.style.canvas_png`'s."""
        if self.partial_redraw is None:
            return live_png(draw_figure(self.figure))
        return self.partial_redraw.png()

    def _on_change(self, _change: Mapping[str, Any]) -> None:
        # The picture first: its message reaches the page before the boxes' updates, which the page
        # would otherwise lay out before it shows the picture.
        self.refresh()
        self.typing_note.value = ""  # a note on an earlier typed value no longer applies
        for name, control in self.controls.items():
            self.value_boxes[name].value = shown_value(control)

    def _on_typed(self, name: str, change: Mapping[str, Any]) -> None:
        """Set the slider to the value typed in its box, or say why not and show its value again."""
        control, text = self.controls[name], change["new"]
        if text == shown_value(control):
            return
        low, high = _formatted(control.min, control.readout_format), _formatted(control.max, control.readout_format)
        slider_range = f"the slider '{control.description}' goes from {low} to {high}"
        try:
            value = typed_value(text, control.readout_format, (control.min, control.max))
        except ValueError as error:  # not a number, or a bare 0.3 that could be 30% or 0.3%: the range helps
            return self._refuse(name, f"{error}; {slider_range}")
        if isinstance(control, widgets.IntSlider):
            if value != round(value):
                return self._refuse(name, f"the slider '{control.description}' takes whole numbers (got {text.strip()!r})")
            value = round(value)
        if not control.min <= value <= control.max:
            return self._refuse(name, f"{slider_range}, and {text.strip()!r} reads as "
                                      f"{_read_as(value, control.readout_format)}, outside that range")
        on_step = on_slider_step(control, value)
        control.value = round(on_step) if isinstance(control, widgets.IntSlider) else on_step
        self.value_boxes[name].value = shown_value(control)  # also when the value did not change
        if on_step != value:
            step = _formatted(control.step, control.readout_format)
            self.typing_note.value = html.escape(f"Set to {shown_value(control)}: the slider moves in steps of {step}.")

    def _refuse(self, name: str, reason: str) -> None:
        """Say under the sliders why a typed value was not set, and show the slider's value in its box again."""
        self.typing_note.value = html.escape(f"Not set: {reason}.")
        self.value_boxes[name].value = shown_value(self.controls[name])

    def state_summary(self) -> str:
        """What the figure shows in the current state, in one line: its ``summary`` text, as drawn (lines joined).

        A widget that states its result in one text artist names it ``summary`` (a title, say); a widget
        whose figure says it otherwise overrides this. "" when there is none, or while a state has no
        answer (the summary is hidden; the message on the figure says why). The static page's frames
        use it in their alt text (:mod:`assetalloc.widgets.frames`).
        """
        summary = getattr(self, "summary", None)
        if not isinstance(summary, Text) or not summary.get_visible() or summary.get_alpha() == 0.0:
            return ""
        lines = [" ".join(line.split()) for line in summary.get_text().splitlines() if line.strip()]
        return "".join(line if i == 0 else _joint(lines[i - 1], line) + line for i, line in enumerate(lines))

    def _explain(self, problem: str) -> str:
        """The message shown on the figure: the widget's plain words for a known problem, else the model's."""
        plain = next((words for start, words in self.problem_words.items() if problem.startswith(start)), problem)
        return "No answer for these settings:\n" + textwrap.fill(plain, 60)

    def _repr_mimebundle_(self, **kwargs: Any) -> dict[str, Any]:
        bundle = self.view._repr_mimebundle_(**kwargs)
        kept = canvas_png(agg_canvas(self.figure))  # the pixels shown, compressed as a kept picture
        bundle["image/png"] = base64.b64encode(kept).decode("ascii")
        bundle["text/plain"] = self.description or type(self).__name__
        from assetalloc.widgets import (
            frames,  # here: frames reads this module's controls
        )

        bundle.update(frames.bundle_entry(self))  # only when the book's build asks for frames
        return bundle
