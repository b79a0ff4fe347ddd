"""One figure style and one colour-blind-safe palette for every chart in the book.

The palette is Okabe & Ito's eight colours ("Color Universal Design", 2008),
distinguishable under the common forms of colour-vision deficiency. Charts ask
for colours by role (``COLOURS["domestic"]``) so that an asset keeps its
colour from chapter to chapter.
"""

from __future__ import annotations

import functools
import io
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Executor, Future
from contextlib import contextmanager
from typing import ParamSpec, TypeVar

import matplotlib as mpl
import numpy as np
import PIL.Image
from cycler import cycler
from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from assetalloc import _validation as check
from assetalloc.text_cache import BookCanvas

__all__ = [
    "COLOURS",
    "OKABE_ITO",
    "RC_PARAMS",
    "SERIES_ORDER",
    "SIMULATED_LABEL",
    "agg_canvas",
    "book_style",
    "canvas_png",
    "draw_figure",
    "figure_png",
    "live_png",
    "mark_simulated",
    "new_figure",
    "percent_axis",
    "points_axis",
    "styled",
]

#: Okabe-Ito colours, in their published order.
OKABE_ITO: dict[str, str] = {
    "black": "#000000",
    "orange": "#E69F00",
    "sky_blue": "#56B4E9",
    "bluish_green": "#009E73",
    "yellow": "#F0E442",
    "blue": "#0072B2",
    "vermillion": "#D55E00",
    "reddish_purple": "#CC79A7",
}

#: Colours by role. Every chart in the book takes its colours from here.
COLOURS: dict[str, str] = {
    "domestic_stocks": OKABE_ITO["vermillion"],
    "foreign_stocks": OKABE_ITO["blue"],
    "domestic_bonds": OKABE_ITO["bluish_green"],
    "foreign_bonds": OKABE_ITO["sky_blue"],
    "emerging_stocks": OKABE_ITO["orange"],
    "portfolio": OKABE_ITO["black"],
    "reference": "#7F7F7F",
    "highlight": OKABE_ITO["reddish_purple"],
    "data": OKABE_ITO["orange"],
}

#: Order in which series without a role take colours (yellow last: weak on white).
SERIES_ORDER: tuple[str, ...] = (
    "blue", "orange", "bluish_green", "vermillion", "sky_blue", "reddish_purple", "black", "yellow",
)

#: Matplotlib settings shared by all figures.
RC_PARAMS: dict[str, object] = {
    "figure.dpi": 100,
    "savefig.dpi": 100,
    "font.size": 10,
    "axes.titlesize": 11,
    "axes.labelsize": 10,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.grid": True,
    "axes.axisbelow": True,  # grid and ticks under the data (and in a widget's kept background)
    "grid.color": "#DDDDDD",
    "grid.linewidth": 0.6,
    "legend.frameon": False,
    "legend.fontsize": 9,
    "lines.linewidth": 2.0,
    "axes.prop_cycle": cycler(color=[OKABE_ITO[name] for name in SERIES_ORDER]),
}

#: The label every figure of simulated data carries (chapters add what was simulated).
SIMULATED_LABEL = "Simulated data"

P = ParamSpec("P")
R = TypeVar("R")


@contextmanager
def book_style() -> Iterator[None]:
    """Apply the book's matplotlib settings inside a ``with`` block."""
    with mpl.rc_context(RC_PARAMS):
        yield


def styled(function: Callable[P, R]) -> Callable[P, R]:
    """Decorator: run a plotting function inside :func:`book_style`.

    Matplotlib reads its settings when an artist is created, so every function
    that creates or updates artists runs in the style, not only the one that
    creates the figure.

    Raises
    ------
    TypeError
        If ``function`` is not callable.
    """
    check.as_callable("function", function)

    @functools.wraps(function)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        with book_style():
            return function(*args, **kwargs)

    return wrapper


@styled
def new_figure(width: float = 7.0, height: float = 3.6, ncols: int = 1) -> tuple[Figure, list[Axes]]:
    """A figure in the book's style, not attached to pyplot.

    Figures made this way are never shown twice by the notebook's inline
    backend: the widgets render them to PNG themselves.

    Parameters
    ----------
    width, height : float
        Size in inches (at 100 dpi: 700 x 360 pixels by default).
    ncols : int
        Number of side-by-side axes.

    Returns
    -------
    (Figure, list of Axes)

    Raises
    ------
    TypeError, ValueError
        If ``width`` or ``height`` is not a finite number > 0, or ``ncols`` not an integer >= 1.
    """
    size = (check.as_positive("width", width), check.as_positive("height", height))
    figure = Figure(figsize=size, layout="constrained")
    axes = figure.subplots(1, check.as_int_at_least("ncols", ncols, 1), squeeze=False)[0]
    return figure, list(axes)


def agg_canvas(figure: Figure) -> FigureCanvasAgg:
    """The figure's Agg canvas, attached on first use.

    The canvas keeps its renderer between renders (at the same size and resolution), so text
    metrics measured once are reused: a re-render of a widget's figure is faster than with a new
    canvas each time.

    Raises
    ------
    TypeError
        If ``figure`` is not a matplotlib Figure.
    """
    check.as_instance("figure", figure, Figure, "a matplotlib Figure")
    return figure.canvas if isinstance(figure.canvas, FigureCanvasAgg) else BookCanvas(figure)


def figure_png(figure: Figure, compress_level: int = 6) -> bytes:
    """Render a figure to PNG bytes (what both the static pages and the widgets show).

    Every artist is drawn (those a widget's partial redraw marks animated too: the figure is
    rendered as for saving), at the figure's own resolution (``figure.dpi``), on the figure's
    Agg canvas (:func:`agg_canvas`). ``compress_level`` is zlib's, as in :func:`canvas_png`.

    Raises
    ------
    TypeError
        If ``figure`` is not a matplotlib Figure.
    """
    return canvas_png(draw_figure(figure), compress_level)


def draw_figure(figure: Figure) -> FigureCanvasAgg:
    """Draw every artist of a figure on its Agg canvas (:func:`agg_canvas`), as for saving, at the
    figure's resolution; return the canvas (its pixels: ``canvas.buffer_rgba()``).

    Raises
    ------
    TypeError
        If ``figure`` is not a matplotlib Figure.
    """
    canvas = agg_canvas(figure)
    figure.savefig(io.BytesIO(), format="raw", dpi=figure.dpi)  # on this canvas, which keeps the pixels
    return canvas


def canvas_png(canvas: FigureCanvasAgg, compress_level: int = 6) -> bytes:
    """The pixels an Agg canvas last drew, as PNG bytes.

    The PNG holds a palette of at most 256 colours, without dithering: a chart is a few flat
    colours plus the shades of their anti-aliased edges, so it looks the same at about a third of
    the bytes of a full-colour PNG (the weight of the book's pages), and is made as fast (the
    pixels are reduced before being compressed, once).

    ``compress_level`` is zlib's (0-9): the default 6 for pictures that are kept (a page, a
    frame). A live widget's move is encoded by :func:`live_png` instead.

    Raises
    ------
    TypeError
        If ``canvas`` is not a matplotlib Agg canvas.
    """
    _check_canvas_and_level(canvas, compress_level)
    return _palette_png(_canvas_image(canvas), compress_level)


def canvas_png_later(canvas: FigureCanvasAgg, encoder: Executor, compress_level: int = 6) -> Future[bytes]:
    """:func:`canvas_png`'s bytes of the pixels an Agg canvas shows now, made by ``encoder``.

    The pixels are copied at once, so the canvas may draw again while they are compressed. PIL
    reduces and compresses them without holding Python's global interpreter lock, so with a thread
    pool as ``encoder`` the compression of one picture overlaps the drawing of the next on a second
    core (a widget's frames for the static pages are drawn one after another). The same pixels give
    the same bytes as :func:`canvas_png`.

    Raises
    ------
    TypeError
        If ``canvas`` is not a matplotlib Agg canvas, or ``encoder`` not a ``concurrent.futures.Executor``.
    ValueError
        If ``compress_level`` is not an integer from 0 to 9.
    """
    _check_canvas_and_level(canvas, compress_level)
    check.as_instance("encoder", encoder, Executor, "a concurrent.futures Executor")
    return encoder.submit(_palette_png, _canvas_image(canvas).copy(), compress_level)


def _check_canvas_and_level(canvas: FigureCanvasAgg, compress_level: int) -> None:
    check.as_instance("canvas", canvas, FigureCanvasAgg, "a matplotlib Agg canvas")
    if not isinstance(check.as_int_at_least("compress_level", compress_level, 0), int) or compress_level > 9:
        raise ValueError(f"compress_level must be one integer from 0 to 9 (got {compress_level!r})")


def _canvas_image(canvas: FigureCanvasAgg) -> PIL.Image.Image:
    """The pixels an Agg canvas last drew, as an RGBA image over its buffer (not a copy; blank if the canvas
    has not drawn at this size)."""
    width, height = canvas.get_width_height(physical=True)
    return PIL.Image.frombuffer("RGBA", (width, height), canvas.get_renderer().buffer_rgba(), "raw", "RGBA", 0, 1)


def _palette_png(full_colour: PIL.Image.Image, compress_level: int) -> bytes:
    """An RGBA image as a palette PNG of at most :data:`PALETTE_SIZE` colours, without dithering."""
    image = full_colour.quantize(PALETTE_SIZE, method=PIL.Image.Quantize.FASTOCTREE, dither=PIL.Image.Dither.NONE)
    return _png_bytes(image, compress_level)


def _png_bytes(image: PIL.Image.Image, compress_level: int) -> bytes:
    """A PIL image as PNG bytes, zlib at ``compress_level``."""
    output = io.BytesIO()
    image.save(output, format="png", compress_level=compress_level)
    return output.getvalue()


#: Colours a palette PNG holds.
PALETTE_SIZE = 256
#: zlib's level for a live picture: fast rather than small.
LIVE_COMPRESSION = 1
#: Palette places of a live picture given to rare colours far from the frequent ones (the rest: the most frequent).
SPREAD_SLOTS = 64
#: Most colours a live picture keeps its own palette with (most charts have 250-450); a picture with
#: more (gradients, many overlapping lines) is faster through the octree.
MAX_LIVE_COLOURS = 512


@functools.cache
def _colour_slots() -> np.ndarray:
    """A palette index for every 24-bit colour (by ``r | g << 8 | b << 16``): zero but while :func:`live_png` works.

    16 MiB of address space, of which only the pages of colours ever drawn are touched.
    """
    return np.zeros(1 << 24, dtype=np.uint8)


def _squared_distances(points: np.ndarray, centres: np.ndarray) -> np.ndarray:
    """Squared RGB distances of each of ``points`` (k x 3) to each of ``centres`` (m x 3), k x m:
    ``|p|^2 - 2 p.c + |c|^2``, exact in float64 for 8-bit channels."""
    points, centres = points.astype(float), centres.astype(float)
    return (points ** 2).sum(axis=1)[:, None] - 2.0 * (points @ centres.T) + (centres ** 2).sum(axis=1)


def _live_palette_order(colours: np.ndarray) -> np.ndarray:
    """The colours (most frequent first) reordered so that the first :data:`PALETTE_SIZE` make the palette.

    The most frequent colours take all but :data:`SPREAD_SLOTS` places; each of those goes, in turn, to
    the rarer colour farthest from every colour already chosen, so that no rare colour (where a thin
    line crosses a marker, say) is far from its nearest. Unchanged when every colour fits.
    """
    if len(colours) <= PALETTE_SIZE:
        return colours
    frequent, rarer = colours[:PALETTE_SIZE - SPREAD_SLOTS], colours[PALETTE_SIZE - SPREAD_SLOTS:]
    nearest = _squared_distances(rarer, frequent).min(axis=1)  # of each rarer colour to the palette so far
    among = _squared_distances(rarer, rarer)
    picks = []
    for _ in range(SPREAD_SLOTS):
        pick = int(nearest.argmax())  # the first of the farthest: the same pixels, the same palette
        picks.append(pick)
        nearest = np.minimum(nearest, among[:, pick])  # 0 at the pick itself
    others = np.setdiff1d(np.arange(len(rarer)), picks)  # in their order, most frequent first
    return np.concatenate([frequent, rarer[picks], rarer[others]])


def live_png(canvas: FigureCanvasAgg) -> bytes:
    """The pixels an Agg canvas last drew, as the PNG of a live widget's move: made fast, not small.

    A palette PNG of the picture's own colours: every colour exactly when there are at most
    :data:`PALETTE_SIZE`; else the most frequent (ties by colour) and :data:`SPREAD_SLOTS` rarer ones
    spread out among the rest (:func:`_live_palette_order`), every other colour (a few anti-aliased
    pixels) as the nearest of those. For a chart of a few hundred colours, about three quarters of
    the time of :func:`canvas_png`'s octree and closer to the drawn pixels, for a file about a
    quarter larger; compressed at zlib level :data:`LIVE_COMPRESSION`. The same pixels always give the same bytes. A canvas with any
    transparent pixel, or more than :data:`MAX_LIVE_COLOURS` colours, gets :func:`canvas_png`
    (at that level) instead.

    Raises
    ------
    TypeError
        If ``canvas`` is not a matplotlib Agg canvas.
    """
    check.as_instance("canvas", canvas, FigureCanvasAgg, "a matplotlib Agg canvas")
    image = _canvas_image(canvas)
    pixels = canvas.get_renderer().buffer_rgba()  # the buffer under the image, read as 32-bit colours below
    counted = image.getcolors(MAX_LIVE_COLOURS)  # [(count, (r, g, b, a))], one per colour; None if more
    if counted is None:
        return _palette_png(image, LIVE_COMPRESSION)
    counts = np.fromiter((count for count, _ in counted), dtype=np.int64, count=len(counted))
    rgba = np.array([colour for _, colour in counted], dtype=np.int64)
    if (rgba[:, 3] != 255).any():
        return _palette_png(image, LIVE_COMPRESSION)
    colours = _live_palette_order(rgba[np.lexsort((rgba[:, 2], rgba[:, 1], rgba[:, 0], -counts)), :3])
    keys = colours[:, 0] | colours[:, 1] << 8 | colours[:, 2] << 16
    palette, rarer = colours[:PALETTE_SIZE], colours[PALETTE_SIZE:]
    slots = _colour_slots()
    slots[keys[:PALETTE_SIZE]] = np.arange(len(palette), dtype=np.uint8)
    if len(rarer):
        slots[keys[PALETTE_SIZE:]] = _squared_distances(rarer, palette).argmin(axis=1).astype(np.uint8)
    try:
        indices = np.take(slots, np.frombuffer(pixels, dtype="<u4") & 0xFFFFFF)  # RGBA little-endian: r the low byte
    finally:
        slots[keys] = 0
    indexed = PIL.Image.frombuffer("P", image.size, indices.tobytes(), "raw", "P", 0, 1)
    indexed.putpalette(palette.astype(np.uint8).tobytes())
    return _png_bytes(indexed, LIVE_COMPRESSION)


class _ExactPercentFormatter(mpl.ticker.Formatter):
    """Tick labels in percent with as many decimals as the ticks need, and no fewer than ``decimals``.

    A fixed number of decimals misprints ticks: with ticks every 2.5%, zero
    decimals print 2.5% as "2%". This formatter looks at all the ticks of the
    axis and picks the fewest decimals (from ``decimals`` up to 6) that print
    every one of them exactly, so a 2.5% tick reads "2.5%" and its neighbours
    "5.0%", "7.5%".

    Parameters
    ----------
    decimals : int
        The fewest decimals shown after the percentage's point (>= 0).
    """

    MAX_DECIMALS = 6

    def __init__(self, decimals: int = 0) -> None:
        self.minimum_decimals = check.as_int_at_least("decimals", decimals, 0)
        self.decimals = self.minimum_decimals

    @classmethod
    def _decimals_for(cls, percents: np.ndarray, minimum: int) -> int:
        scale = max(1.0, float(np.max(np.abs(percents), initial=0.0)))
        for decimals in range(minimum, cls.MAX_DECIMALS + 1):
            if np.all(np.abs(percents - np.round(percents, decimals)) <= 1e-9 * scale):
                return decimals
        return max(minimum, cls.MAX_DECIMALS)

    def set_locs(self, locs: Sequence[float]) -> None:
        super().set_locs(locs)
        percents = 100.0 * np.asarray(locs, dtype=float)
        self.decimals = self._decimals_for(percents[np.isfinite(percents)], self.minimum_decimals)

    def __call__(self, x: float, pos: int | None = None) -> str:
        decimals = self.decimals if pos is not None else self._decimals_for(np.array([100.0 * x]), self.minimum_decimals)
        return self.fix_minus(f"{100.0 * x:.{decimals}f}%")


def percent_axis(ax: Axes, which: str = "y", decimals: int = 0) -> None:
    """Label an axis that holds decimal values as percentages (0.25 -> 25%).

    Ticks fall on steps of 1, 2, 4 or 5 times a power of ten (no 2.5% steps,
    whose longer labels would not fit the layout computed for the first
    ticks), and each tick is printed exactly: the decimals grow with the
    tick step, see :class:`_ExactPercentFormatter`.

    Parameters
    ----------
    ax : matplotlib.axes.Axes
    which : {"x", "y"}
        The axis to label.
    decimals : int
        The fewest decimals shown after the percentage's point (>= 0).

    Raises
    ------
    TypeError, ValueError
        Naming the argument that is not as described.
    """
    check.as_instance("ax", ax, Axes, "a matplotlib Axes")
    check.as_label("which", which, ("x", "y"))
    axis = ax.yaxis if which == "y" else ax.xaxis
    axis.set_major_locator(mpl.ticker.MaxNLocator(nbins="auto", steps=[1, 2, 4, 5, 10]))
    axis.set_major_formatter(_ExactPercentFormatter(decimals))


def points_axis(ax: Axes, which: str = "y") -> None:
    """Whole-number ticks with a true minus sign, for an axis drawn in percentage points.

    A difference of two weights or two rates (0.05 - 0.02) is 3 percentage
    points, not 3 %: such axes hold 100 x the difference and say so in their
    label; this puts their ticks on whole numbers.

    Parameters
    ----------
    ax : matplotlib.axes.Axes
    which : {"x", "y"}
        The axis to label.
    """
    from assetalloc.book import MINUS

    check.as_instance("ax", ax, Axes, "a matplotlib Axes")
    check.as_label("which", which, ("x", "y"))
    axis = ax.yaxis if which == "y" else ax.xaxis
    axis.set_major_locator(mpl.ticker.MaxNLocator(nbins="auto", steps=[1, 2, 5, 10], integer=True))
    axis.set_major_formatter(mpl.ticker.FuncFormatter(lambda value, _: f"{value:.0f}".replace("-", MINUS)))


def mark_simulated(target: Axes | Figure, detail: str = "") -> str:
    """Write the simulated-data label in the top right corner of an axes or a figure.

    Parameters
    ----------
    target : Axes or Figure
        Where the label goes (an axes for one panel, a figure for all of it).
    detail : str
        What was simulated, appended after a colon ("resampled histories").

    Returns
    -------
    str
        The label written.

    Raises
    ------
    TypeError
        If ``target`` is not an Axes or a Figure, or ``detail`` not a string.
    """
    check.as_instance("target", target, (Axes, Figure), "a matplotlib Axes or Figure")
    check.as_string("detail", detail)
    label = f"{SIMULATED_LABEL}: {detail}" if detail else SIMULATED_LABEL
    transform = target.transAxes if isinstance(target, Axes) else target.transFigure
    target.text(0.99, 0.99, label, transform=transform, ha="right", va="top", fontsize=9,
                fontweight="bold", color=COLOURS["highlight"])
    return label
