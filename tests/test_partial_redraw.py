"""The widgets' partial redraw: the same picture as a full render, whatever changes."""

from __future__ import annotations

import numpy as np
import pytest
from assetalloc.style import draw_figure, new_figure
from assetalloc.widgets.base import BACKGROUNDS_KEPT, PartialRedraw, draw_order
from conftest import assert_drawn_as_full_render, canvas_pixels, pixels


@pytest.fixture()
def scene():
    """Two axes: on the left a fixed line, a changing line and a legend drawn over it; on the right, nothing
    changes but its title; over both, the figure's own title, which changes too."""
    figure, (left, right) = new_figure(6.0, 3.0, ncols=2)
    (fixed,) = left.plot([0, 1], [0, 1], label="fixed")
    (moving,) = left.plot([0, 1], [1, 0], label="moving")
    legend = left.legend(loc="center", frameon=True)  # zorder 5: over the moving line
    right.plot([0, 1], [0.5, 0.5])
    right.set_title("Never changes")
    left.set_title("Changes")
    figure.suptitle("Changes too")
    draw_figure(figure)  # the layout engine places the axes on the first render
    figure.set_layout_engine(None)
    return figure, left, right, fixed, moving, legend


def test_redraws_from_the_first_changing_artist_of_its_axes(scene):
    figure, left, right, fixed, moving, legend = scene
    redraw = PartialRedraw(figure, [moving])
    assert redraw.redrawn[0] is moving
    assert any(artist is legend for artist in redraw.redrawn)  # drawn after the moving line, so again
    assert not any(artist is fixed for artist in redraw.redrawn)  # drawn before it: kept as pixels
    assert not any(artist in right.get_children() for artist in redraw.redrawn)
    assert all(artist.get_animated() for artist in redraw.redrawn if artist in left.get_children())


def test_same_picture_as_a_full_render_after_every_change(scene):
    figure, left, _, _, moving, _ = scene
    redraw = PartialRedraw(figure, [moving, left.title, figure.suptitle("Changes too")])
    for y in np.linspace(-0.5, 1.5, 7):
        moving.set_ydata([y, 1.0 - y])
        left.set_title(f"y = {y:.2f}")  # an axes title (placed when the axes is drawn) changes
        figure.suptitle(f"Moved to {y:.2f}" + ("\nand a second line" if y > 0.5 else ""))  # the figure's own title too
        assert_drawn_as_full_render(redraw.canvas, redraw.png(), lambda: canvas_pixels(draw_figure(figure)))


def test_the_background_is_drawn_again_when_limits_change(scene):
    figure, _, right, _, moving, _ = scene
    redraw = PartialRedraw(figure, [moving])
    before = redraw.png()
    right.set_xlim(0.0, 3.0)  # a static axes changes: its kept pixels are stale
    after = redraw.png()
    assert not (pixels(before) == pixels(after)).all()
    assert_drawn_as_full_render(redraw.canvas, after, lambda: canvas_pixels(draw_figure(figure)))


def test_backgrounds_are_kept_by_limits_and_the_oldest_dropped(scene, monkeypatch):
    figure, _, right, _, moving, _ = scene
    redraw = PartialRedraw(figure, [moving])
    draws = []
    monkeypatch.setattr(redraw.canvas, "draw", lambda draw=redraw.canvas.draw: draws.append(1) or draw())
    limits = [(0.0, float(top)) for top in range(1, BACKGROUNDS_KEPT + 2)]
    for xlim in [*limits[:BACKGROUNDS_KEPT], *limits[:BACKGROUNDS_KEPT]]:  # back to each kept one
        right.set_xlim(*xlim)
        moving.set_ydata([xlim[1], 0.0])
        assert_drawn_as_full_render(redraw.canvas, redraw.png(), lambda: canvas_pixels(draw_figure(figure)))
    assert len(draws) == BACKGROUNDS_KEPT
    right.set_xlim(*limits[-1])  # one more: the least recently used is dropped, not the newest
    redraw.png()
    right.set_xlim(*limits[BACKGROUNDS_KEPT - 1])
    assert_drawn_as_full_render(redraw.canvas, redraw.png(), lambda: canvas_pixels(draw_figure(figure)))
    assert len(draws) == BACKGROUNDS_KEPT + 1
    right.set_xlim(*limits[0])
    assert_drawn_as_full_render(redraw.canvas, redraw.png(), lambda: canvas_pixels(draw_figure(figure)))
    assert len(draws) == BACKGROUNDS_KEPT + 2


def test_rejects_an_artist_of_another_figure(scene):
    figure = scene[0]
    _, (other,) = new_figure()
    (stranger,) = other.plot([0, 1], [0, 1])
    with pytest.raises(ValueError, match="changing"):
        PartialRedraw(figure, [stranger])


def test_draw_order_follows_zorder_and_leaves_out_a_hidden_axis():
    _, (ax,) = new_figure()
    (line,) = ax.plot([0, 1], [0, 1], zorder=4)
    text = ax.text(0.5, 0.5, "label", zorder=0.5)
    order = draw_order(ax)
    assert order.index(text) < order.index(ax.xaxis) < order.index(line)
    assert ax.patch not in order
    ax.set_axis_off()
    assert ax.xaxis not in draw_order(ax) and ax.spines["left"] not in draw_order(ax)
