"""Text drawn from kept glyph images: the same pixels as matplotlib's own Agg renderer.

Every widget's picture is also compared with matplotlib's own render after its sweeps
(``conftest.stock_png``); these tests cover the kinds of text the widgets may not.
"""

from __future__ import annotations

import io

import numpy as np
import pytest
from assetalloc import text_cache
from assetalloc.style import agg_canvas, book_style
from assetalloc.text_cache import BookCanvas, CachedTextRenderer
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure


def _text_figure(shift: float = 0.0) -> Figure:
    """Text of every kind a chart uses: sizes, weights, styles, angles, lines, signs, yen, math, no anti-aliasing."""
    with book_style():
        figure = Figure(figsize=(4.0, 3.0), dpi=100)
        ax = figure.add_subplot()
        ax.set_title("Risk and return −2.5% ¥1,000,000")
        ax.set_xlabel("Risk (standard deviation a year)")
        ax.tick_params(axis="x", labelrotation=20)
        ax.text(0.1 + shift, 0.8, "Two lines\nof text", fontsize=7.5, style="italic")
        ax.text(0.6 + shift, 0.8, "(f)", style="italic")  # glyphs that share pixels
        ax.text(0.5 + shift, 0.5, "Rotated 33°", rotation=33, weight="bold")
        ax.text(0.2 + shift, 0.3, "No anti-aliasing", antialiased=False)
        ax.text(0.2 + shift, 0.15, r"$\sigma_p^2 = w^\top \Sigma w$")
        ax.legend(handles=ax.plot([0, 1], [0, 1], label="Efficient frontier"), loc="lower right")
        figure.suptitle("λ = 20.0: foreign bonds earn +6.00%", fontsize=10)
    return figure


def _pixels(figure: Figure, canvas_type: type[FigureCanvasAgg]) -> np.ndarray:
    canvas = canvas_type(figure)
    figure.savefig(io.BytesIO(), format="raw", dpi=figure.dpi)
    return np.asarray(canvas.buffer_rgba()).copy()


def test_the_book_canvas_draws_text_from_kept_glyphs():
    canvas = agg_canvas(Figure())
    assert isinstance(canvas, BookCanvas)
    assert isinstance(canvas.get_renderer(), CachedTextRenderer)
    assert text_cache.SUPPORTED, "this matplotlib lacks the internals the glyph store needs: text is slow again"


@pytest.mark.parametrize("shift", [0.0, 0.00123, 0.0371])  # pen positions within a pixel that differ
def test_same_pixels_as_matplotlib_first_time_and_from_the_store(shift):
    text_cache.clear()
    stock = _pixels(_text_figure(shift), FigureCanvasAgg)
    first = _pixels(_text_figure(shift), BookCanvas)  # every glyph rendered and kept
    again = _pixels(_text_figure(shift), BookCanvas)  # every glyph from the store, each string in one piece
    np.testing.assert_array_equal(first, stock)
    np.testing.assert_array_equal(again, stock)
    joined = list(text_cache._strings.values())
    assert any(string is not None for string in joined)  # strings drawn in one piece
    assert any(string is None for string in joined)  # and strings whose glyphs share pixels, glyph by glyph


def test_a_glyph_kept_at_one_place_is_drawn_right_at_another():
    text_cache.clear()
    _pixels(_text_figure(0.0), BookCanvas)
    kept = len(text_cache._glyphs)
    moved = _text_figure(0.25)  # whole texts move by many pixels: same positions within a pixel for some
    np.testing.assert_array_equal(_pixels(moved, BookCanvas), _pixels(moved, FigureCanvasAgg))
    assert 0 < kept <= len(text_cache._glyphs)


def test_a_full_store_starts_again(monkeypatch):
    text_cache.clear()
    monkeypatch.setattr(text_cache, "MAX_ENTRIES", 5)
    figure = _text_figure()
    np.testing.assert_array_equal(_pixels(figure, BookCanvas), _pixels(figure, FigureCanvasAgg))
    assert len(text_cache._glyphs) <= 5 and len(text_cache._layouts) <= 5


def test_without_the_internals_matplotlib_draws_the_text(monkeypatch):
    text_cache.clear()
    monkeypatch.setattr(text_cache, "SUPPORTED", False)
    figure = _text_figure()
    np.testing.assert_array_equal(_pixels(figure, BookCanvas), _pixels(figure, FigureCanvasAgg))
    assert not text_cache._glyphs and not text_cache._layouts


@pytest.mark.parametrize("dpi", [72, 100, 144])
def test_kept_line_metrics_lay_text_out_as_matplotlib_does(dpi: float) -> None:
    # Matplotlib lays text out with the line metrics the renderer gives (kept by font) or, from a
    # stock renderer, read from the font each time: the same floats either way, every line in place.
    text_cache.clear()
    with book_style():
        figure = Figure(dpi=dpi)
        texts = [figure.text(0.1, 0.5, "Two lines\nof text, −2.5%", fontsize=size, style=style, weight=weight,
                             linespacing=spacing)
                 for size, style, weight, spacing in ((7.5, "italic", "normal", 1.2), (9.5, "normal", "bold", 1.45),
                                                      (12, "normal", "normal", "normal"))]
        for text in texts:
            kept = text._get_layout(CachedTextRenderer(400, 300, dpi))
            stock = text._get_layout(FigureCanvasAgg(figure).get_renderer())
            assert repr(kept) == repr(stock)
    assert len(text_cache._font_heights) == 3  # matplotlib asked the renderer, once for each font
