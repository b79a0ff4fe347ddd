"""Text drawn from kept glyph images: the same pixels as matplotlib's Agg renderer, several times faster.

Matplotlib (3.11) draws a string by shaping it into glyphs (HarfBuzz, through ``FT2Font._layout``)
and then rasterising every glyph with FreeType at its sub-pixel position. A widget redraws the same
labels, titles, legends and digits at every move, so both steps repeat work whose answer is known:

- the shaping of a string depends only on the string, the font and its size (and the resolution,
  the hinting, the font features and the language): it is kept by those;
- a glyph's image depends only on the glyph, the font, its size, the angle, the anti-aliasing and the
  position of the pen *within* a pixel (FreeType works in 1/64 pixel): moving the pen by whole
  pixels moves the same image by whole pixels. The image is kept by those, with its offset from the
  pen's whole-pixel position.

:class:`CachedTextRenderer` is matplotlib's ``RendererAgg`` with ``draw_text`` answered from those two
stores; each glyph image is then composited by the same Agg call in the same order as matplotlib does,
so the pixels are identical (the tests compare both renderers on every widget's figure). Mathematical
text, TeX, and a matplotlib whose internals differ from these (checked once, at import) are drawn by
matplotlib itself.

:class:`BookCanvas` is the Agg canvas that uses this renderer.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np
from matplotlib.backends import backend_agg
from matplotlib.backends.backend_agg import (
    FigureCanvasAgg,
    RendererAgg,
    get_hinting_flag,
)
from matplotlib.font_manager import fontManager, get_font
from matplotlib.ft2font import FT2Font

__all__ = ["SUPPORTED", "BookCanvas", "CachedTextRenderer", "clear"]

#: Whether this matplotlib has the internals the stores need (else text is drawn by matplotlib itself).
SUPPORTED = all(hasattr(FT2Font, name) for name in ("_layout", "_render_glyph", "_set_transform")) and hasattr(
    RendererAgg, "_draw_text_glyphs_and_boxes") and hasattr(backend_agg, "RenderMode")

#: Most entries each store keeps; a full store is emptied and starts again (a widget uses a few thousand).
MAX_ENTRIES = 50_000

#: Shaped strings: (string, font properties, resolution, hinting, features, language) -> glyphs,
#: each (font, size in points, glyph index, x, y) with x and y the pen's offset in pixels.
_layouts: dict[tuple, tuple[tuple[Any, float, int, float, float], ...]] = {}
#: Glyph images: (font, size, resolution, glyph, angle, anti-aliased, hinting, x and y within a pixel
#: in 1/64) -> (image, left and top offsets from the pen's whole pixel).
_glyphs: dict[tuple, tuple[np.ndarray, int, int]] = {}


#: Strings drawn at a place: (glyphs, x, y, angle, anti-aliased, hinting, resolution, canvas height) ->
#: (image of all its glyphs, left column, row below) or None (glyphs that share a pixel: drawn one by one).
_strings: dict[tuple, tuple[np.ndarray, int, int] | None] = {}
#: Most strings kept (their images are small; a widget redraws a few hundred).
MAX_STRINGS = 5_000
#: Line metrics of fonts: (font properties, resolution) -> (ascent, descent, line gap) in pixels.
_font_heights: dict[tuple, tuple[float | None, float | None, float | None]] = {}


def clear() -> None:
    """Empty the stores (they refill as text is drawn)."""
    _layouts.clear()
    _glyphs.clear()
    _strings.clear()
    _font_heights.clear()


def _font_height_metrics(prop: Any, dpi: float) -> tuple[float | None, float | None, float | None]:
    """(ascent, descent, line gap) of the font ``prop`` finds, in pixels at ``dpi`` (see
    ``CachedTextRenderer._get_font_height_metrics``)."""
    font = get_font(fontManager._find_fonts_by_props(prop))
    for table_name, gap, ascent, descent in (("OS/2", "sTypoLineGap", "sTypoAscender", "sTypoDescender"),
                                             ("hhea", "lineGap", "ascent", "descent")):
        table = font.get_sfnt_table(table_name)
        if table is not None:
            # In matplotlib's order of operations: the same floats, so the same pixels.
            scale = 1 / font.get_sfnt_table("head")["unitsPerEm"] * prop.get_size_in_points() * dpi / 72
            return table[ascent] * scale, -table[descent] * scale, table[gap] * scale
    return None, None, None


def _bounded(store: dict) -> dict:
    if len(store) >= MAX_ENTRIES:
        store.clear()
    return store


class CachedTextRenderer(RendererAgg):
    """Matplotlib's Agg renderer with plain (not mathematical) text drawn from kept shapes and glyph images."""

    def _get_font_height_metrics(self, prop: Any) -> tuple[float | None, float | None, float | None]:
        """A font's line metrics in pixels, kept by font and resolution: (ascent, descent, line gap).

        Matplotlib's text layout asks a renderer for these if it can answer (else it reads the
        font's tables itself at every layout, a legend's several times a draw): from the OS/2
        table's typographic values if the font has one, else from its hhea table, scaled from font
        units to pixels; (None, None, None) if it has neither (matplotlib then measures "lp").
        """
        key = (prop, self.dpi)
        metrics = _font_heights.get(key)
        if metrics is None:
            metrics = _font_height_metrics(prop, self.dpi)
            _bounded(_font_heights)[key] = metrics
        return metrics

    def draw_text(self, gc: Any, x: float, y: float, s: str, prop: Any, angle: float, ismath: Any = False,
                  mtext: Any = None) -> None:
        if ismath or not SUPPORTED:
            return super().draw_text(gc, x, y, s, prop, angle, ismath=ismath, mtext=mtext)
        hinting = get_hinting_flag()
        features = mtext.get_fontfeatures() if mtext is not None else None
        language = mtext.get_language() if mtext is not None else None
        key = (s, prop, self.dpi, hinting, None if features is None else tuple(features), language)
        glyphs = _layouts.get(key)
        if glyphs is None:
            font = self._prepare_font(prop)
            size = prop.get_size_in_points()
            items = font._layout(s, flags=hinting, features=features, language=language)
            glyphs = tuple((item.ft_object, size, item.glyph_index, item.x, item.y) for item in items)
            _bounded(_layouts)[key] = glyphs
        self._draw_glyphs(gc, x, y, angle, hinting, glyphs)

    def _draw_glyphs(self, gc: Any, x: float, y: float, angle: float, hinting: int,
                     glyphs: tuple[tuple[Any, float, int, float, float], ...]) -> None:
        """Each glyph's image at its place: ``RendererAgg._draw_text_glyphs_and_boxes`` with stores.

        A string drawn again at the same place is one image (its glyphs' images side by side), composited
        by one Agg call instead of one a glyph: the same pixels, as long as no two glyphs cover the same
        pixel (each pixel is then blended once, by one glyph's coverage); a string whose glyphs touch
        the same pixel is drawn glyph by glyph, in order, as matplotlib does.
        """
        antialiased = gc.get_antialiased()
        key = (glyphs, x, y, angle, antialiased, hinting, self.dpi, int(self.height))
        joined = _strings.get(key, False)
        if joined is False:
            placed = self._placed_glyphs(x, y, angle, antialiased, hinting, glyphs)
            joined = _joined(placed)
            if len(_strings) >= MAX_STRINGS:
                _strings.clear()
            _strings[key] = joined
            if joined is None:
                for image, left, bottom in placed:
                    self._renderer.draw_text_image(image, left, bottom, 0, gc)
                return
        if joined is not None:
            image, left, bottom = joined
            self._renderer.draw_text_image(image, left, bottom, 0, gc)
            return
        for image, left, bottom in self._placed_glyphs(x, y, angle, antialiased, hinting, glyphs):
            self._renderer.draw_text_image(image, left, bottom, 0, gc)

    def _placed_glyphs(self, x: float, y: float, angle: float, antialiased: bool, hinting: int,
                       glyphs: tuple[tuple[Any, float, int, float, float], ...]) -> list[tuple[np.ndarray, int, int]]:
        """Each glyph's image with the canvas column of its left edge and the row below its bottom."""
        cos, sin = math.cos(math.radians(angle)), math.sin(math.radians(angle))
        height = int(self.height)
        placed = []
        for font, size, glyph_index, dx, dy in glyphs:
            # The pen in FreeType's 1/64 pixel, y upwards (as matplotlib computes it).
            pen_x = round(0x40 * (x + dx * cos - dy * sin))
            pen_y = round(0x40 * (self.height - y + dx * sin + dy * cos))
            key = (font, size, self.dpi, glyph_index, angle, antialiased, hinting, pen_x & 0x3F, pen_y & 0x3F)
            kept = _glyphs.get(key)
            if kept is None:
                kept = self._render_glyph(font, size, glyph_index, cos, sin, antialiased, hinting, pen_x, pen_y)
                _bounded(_glyphs)[key] = kept
            image, left, top = kept
            placed.append((image, left + (pen_x >> 6), height - (top + (pen_y >> 6)) + image.shape[0]))
        return placed

    def _render_glyph(self, font: Any, size: float, glyph_index: int, cos: float, sin: float, antialiased: bool,
                      hinting: int, pen_x: int, pen_y: int) -> tuple[np.ndarray, int, int]:
        """One glyph's image by FreeType, with its offsets from the pen's whole pixel."""
        font.set_size(size, self.dpi)
        font._set_transform((0x10000 * np.array([[cos, -sin], [sin, cos]])).round().astype(int), [pen_x, pen_y])
        mode = backend_agg.RenderMode.NORMAL if antialiased else backend_agg.RenderMode.MONO
        bitmap = font._render_glyph(glyph_index, hinting, mode)
        image = np.array(bitmap.buffer)
        if not antialiased:
            image *= 0xFF
        return image, bitmap.left - (pen_x >> 6), bitmap.top - (pen_y >> 6)


def _joined(placed: list[tuple[np.ndarray, int, int]]) -> tuple[np.ndarray, int, int] | None:
    """The glyph images of a string as one image (with its left column and the row below it), or None
    if two of them cover the same pixel (or there is nothing to draw)."""
    placed = [(image, left, bottom) for image, left, bottom in placed if image.size]
    if not placed:
        return None
    left = min(left for _, left, _ in placed)
    right = max(left + image.shape[1] for image, left, _ in placed)
    top = min(bottom - image.shape[0] for image, _, bottom in placed)
    bottom = max(bottom for _, _, bottom in placed)
    joined = np.zeros((bottom - top, right - left), dtype=np.uint8)
    covered = np.zeros(joined.shape, dtype=bool)
    for image, x, y in placed:
        rows = slice(y - image.shape[0] - top, y - top)
        columns = slice(x - left, x - left + image.shape[1])
        ink = image > 0
        if (covered[rows, columns] & ink).any():
            return None
        covered[rows, columns] |= ink
        joined[rows, columns] += image
    return joined, left, bottom


class BookCanvas(FigureCanvasAgg):
    """An Agg canvas whose renderer is :class:`CachedTextRenderer` (kept between draws at the same size)."""

    def get_renderer(self) -> RendererAgg:
        width, height = self.get_width_height(physical=True)
        key = width, height, self.figure.dpi
        if self._lastKey != key:
            self.renderer = CachedTextRenderer(width, height, self.figure.dpi)
            self._lastKey = key
        return self.renderer
