"""The figure style, static charts and the glue helper for the chapters."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from assetalloc import charts, style
from assetalloc.book import glue
from matplotlib.colors import to_hex


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


def test_correlation_heatmap_prints_every_cell() -> None:
    correlation = pd.DataFrame([[1.0, 0.3], [0.3, 1.0]], index=["a_b", "c"], columns=["a_b", "c"])
    chart = charts.correlation_heatmap(correlation, title="Two assets")
    texts = [text.get_text() for text in chart.figure.axes[0].texts]
    assert texts.count("0.30") == 2 and texts.count("1.00") == 2
    assert [label.get_text() for label in chart.figure.axes[0].get_xticklabels()] == ["a b", "c"]
    assert chart._repr_png_().startswith(b"\x89PNG")
    assert "Two assets" in repr(chart)


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
