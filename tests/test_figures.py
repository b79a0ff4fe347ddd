"""The figure style, static charts and the glue helper for the chapters."""

from __future__ import annotations

import io
import time
from concurrent.futures import ThreadPoolExecutor

import numpy as np
import pandas as pd
import PIL.Image
import pytest
from assetalloc import charts, style
from assetalloc.book import glue
from matplotlib.colors import to_hex
from matplotlib.figure import Figure


def test_palette_is_okabe_ito_and_every_role_uses_it() -> None:
    assert len(style.OKABE_ITO) == 8
    allowed = {colour.upper() for colour in style.OKABE_ITO.values()} | {style.COLOURS["reference"].upper()}
    assert {colour.upper() for colour in style.COLOURS.values()} <= allowed
    cycle = [to_hex(item["color"]).upper() for item in style.RC_PARAMS["axes.prop_cycle"]]
    assert set(cycle) == {colour.upper() for colour in style.OKABE_ITO.values()}


def test_new_figure_is_styled_and_renders_png() -> None:
    figure, axes = style.new_figure(4, 3, ncols=2)
    assert len(axes) == 2
    assert not axes[0].spines["top"].get_visible()
    assert style.figure_png(figure).startswith(b"\x89PNG")


def _canvas_of(rgba: np.ndarray):
    """An Agg canvas whose pixels are ``rgba`` (height x width x 4, uint8)."""
    figure = Figure(figsize=(rgba.shape[1] / 100, rgba.shape[0] / 100), dpi=100)
    canvas = style.draw_figure(figure)
    np.asarray(canvas.get_renderer().buffer_rgba())[...] = rgba
    return canvas


def _decoded(png: bytes) -> np.ndarray:
    return np.asarray(PIL.Image.open(io.BytesIO(png)).convert("RGBA"))


def test_a_live_picture_keeps_up_to_256_colours_exactly_and_maps_rarer_ones_to_the_nearest() -> None:
    rng = np.random.default_rng(7)
    few = rng.integers(0, 256, size=(200, 3))  # 200 colours: every pixel exact
    rgba = np.concatenate([few[rng.integers(0, 200, size=(40, 60))], np.full((40, 60, 1), 255)], axis=2).astype(np.uint8)
    assert (_decoded(style.live_png(_canvas_of(rgba))) == rgba).all()
    many = rgba.copy()  # 300 colours: the 200 drawn most often, then 100 drawn 4 times each
    flat = many.reshape(-1, 4)
    common, rare = rng.integers(0, 256, size=(200, 3)), rng.integers(0, 256, size=(100, 3))
    flat[:, :3] = common[np.arange(flat.shape[0]) % 200]
    flat[:400, :3] = np.repeat(rare, 4, axis=0)
    shown = _decoded(style.live_png(_canvas_of(many))).reshape(-1, 4)[:, :3].astype(int)
    palette = np.unique(shown, axis=0)
    assert len(palette) == style.PALETTE_SIZE
    assert (shown[400:] == flat[400:, :3]).all()  # the most frequent colours, exactly
    drawn = flat[:400, :3].astype(int)
    nearest = ((drawn[:, None, :] - palette[None, :, :]) ** 2).sum(axis=2).min(axis=1)
    assert (((shown[:400] - drawn) ** 2).sum(axis=1) == nearest).all()  # any other, as its nearest in the palette
    kept_rare = (shown[:400] == drawn).all(axis=1).sum() // 4  # the places spread among the 108 rarer colours
    assert style.SPREAD_SLOTS - 8 <= kept_rare <= style.SPREAD_SLOTS
    assert style.live_png(_canvas_of(many)) == style.live_png(_canvas_of(many))  # the same pixels, the same bytes
    assert not style._colour_slots().any()  # the colour table is left clear for the next picture


def test_a_live_picture_with_transparency_or_too_many_colours_is_the_octrees() -> None:
    transparent = np.zeros((20, 30, 4), dtype=np.uint8)
    transparent[..., 3] = 128
    colourful = np.full((30, 40, 4), 255, dtype=np.uint8)
    colourful.reshape(-1, 4)[: style.MAX_LIVE_COLOURS + 1, 0] = np.arange(style.MAX_LIVE_COLOURS + 1) % 256
    colourful.reshape(-1, 4)[: style.MAX_LIVE_COLOURS + 1, 1] = np.arange(style.MAX_LIVE_COLOURS + 1) // 256
    for rgba in (transparent, colourful):
        canvas = _canvas_of(rgba)
        assert style.live_png(canvas) == style.canvas_png(canvas, style.LIVE_COMPRESSION)


def test_a_picture_compressed_later_is_the_pixels_shown_when_it_was_asked_for() -> None:
    rng = np.random.default_rng(11)
    first, second = (np.concatenate([rng.integers(0, 256, size=(30, 40, 3)), np.full((30, 40, 1), 255)], axis=2)
                     .astype(np.uint8) for _ in range(2))
    canvas = _canvas_of(first)
    expected = style.canvas_png(canvas)
    with ThreadPoolExecutor(max_workers=1) as encoder:
        encoder.submit(time.sleep, 0.2)  # the encoder is busy: the picture is compressed after the canvas changes
        later = style.canvas_png_later(canvas, encoder)
        np.asarray(canvas.get_renderer().buffer_rgba())[...] = second
        assert later.result() == expected
    assert style.canvas_png(canvas) != expected  # the canvas did change


def test_correlation_heatmap_prints_every_cell() -> None:
    correlation = pd.DataFrame([[1.0, 0.3], [0.3, 1.0]], index=["a_b", "c"], columns=["a_b", "c"])
    chart = charts.correlation_heatmap(correlation, title="Two assets")
    texts = [text.get_text() for text in chart.figure.axes[0].texts]
    assert texts.count("0.30") == 2 and texts.count("1.00") == 2
    assert [label.get_text() for label in chart.figure.axes[0].get_yticklabels()] == ["a b", "c"]
    # A few assets: horizontal column labels, wrapped word by word.
    assert [label.get_text() for label in chart.figure.axes[0].get_xticklabels()] == ["a\nb", "c"]
    assert chart._repr_png_().startswith(b"\x89PNG")
    assert "Two assets" in repr(chart)


def test_correlation_heatmap_numbers_contrast_with_their_cells_and_the_figure_fits_the_matrix() -> None:
    from matplotlib.colors import to_rgba

    def contrast(first, second) -> float:
        darker, lighter = sorted((charts._relative_luminance(to_rgba(first)), charts._relative_luminance(to_rgba(second))))
        return (lighter + 0.05) / (darker + 0.05)  # the WCAG contrast ratio

    names = [f"asset_{i}" for i in range(12)]
    rng = np.random.default_rng(1)
    factors = rng.normal(size=(12, 2)) + 1.0
    covariance = factors @ factors.T + np.eye(12)
    scale = np.sqrt(np.diag(covariance))
    correlation = pd.DataFrame(covariance / np.outer(scale, scale), index=names, columns=names)
    big = charts.correlation_heatmap(correlation)
    ax = big.figure.axes[0]
    image = ax.get_images()[0]
    for text in ax.texts:
        row, column = (round(v) for v in (text.get_position()[1], text.get_position()[0]))
        cell = image.cmap(image.norm(correlation.iloc[row, column]))
        assert contrast(text.get_color(), cell) >= 4.5, (text.get_text(), text.get_color())
    small = charts.correlation_heatmap(correlation.iloc[:3, :3])
    big_width, small_width = big.figure.get_size_inches()[0], small.figure.get_size_inches()[0]
    assert small_width < big_width
    assert small_width / 3 > big_width / 12  # bigger cells for fewer assets
    assert small.figure.get_size_inches()[0] >= 4.5  # not a postage stamp


def test_correlation_heatmap_rejects_bad_input() -> None:
    with pytest.raises(TypeError, match="correlation"):
        charts.correlation_heatmap(np.eye(2))
    with pytest.raises(ValueError, match="correlation"):
        charts.correlation_heatmap(pd.DataFrame([[1.0, 1.5], [1.5, 1.0]]))


def test_glue_accepts_numpy_scalars_and_rejects_other_types() -> None:
    glue("a_number", np.float64(0.25))
    glue("a_string", "March 2017")
    with pytest.raises(TypeError, match="a_list"):
        glue("a_list", [1, 2])
    with pytest.raises(TypeError, match="a_bool"):
        glue("a_bool", True)
