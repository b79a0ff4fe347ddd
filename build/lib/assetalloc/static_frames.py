"""The built book's side of precomputed frames: a myst-nb plugin that makes a widget move on a static page.

A widget displayed while the book is built carries a frames entry
(:mod:`assetalloc.widgets.frames`). This plugin, registered under the entry point group
``myst_nb.mime_renderers`` in ``pyproject.toml``, turns it into docutils nodes:

- in the HTML build, every frame as an image (real files that Sphinx copies into ``_images``),
  only the widget's first state shown and loaded with the page, the others ``loading="lazy"``
  and hidden, plus one native ``<input type="range">`` per offered control, labelled like the
  live control, its value shown as text and given as ``aria-valuetext``. The controls stay
  hidden until ``_static/frames.js`` (added to such pages only) shows them and, on the first
  focus or touch of a control, loads the widget's other frames;
- in the single-page build that ``make pdf`` prints, a strip of :data:`STRIP_FRAMES` frames
  (both ends of the first control, the widget's first state and one more between), each
  captioned with its state.

Other builders never choose the entry (its priority is set for these two only), so they keep
the widget's still ``image/png``.
"""

from __future__ import annotations

import hashlib
import html
import itertools
import json
import math
from binascii import a2b_base64
from typing import Any

from docutils import nodes
from myst_nb._compat import get_env_app
from myst_nb.core.render import MimeData, NbElementRenderer

from assetalloc.widgets.frames import FRAMES_MIME

__all__ = ["SCRIPT", "STRIP_FRAMES", "FramesRenderer", "strip_indexes"]

#: The script that moves the frames (in the book's static folder, ``book/_static``).
SCRIPT = "frames.js"
#: Frames printed per widget in the single-page build.
STRIP_FRAMES = 4


def strip_indexes(count: int, start: int, frames: int = STRIP_FRAMES) -> list[int]:
    """Which of ``count`` positions the printed strip shows: both ends, ``start``, then the middles of the widest gaps.

    Parameters
    ----------
    count : int
        Positions of the control (at least 1).
    start : int
        The index of the widget's first state (0 <= start < count).
    frames : int
        Positions shown at most.

    Returns
    -------
    list of int
        Distinct indexes in increasing order, ``min(count, frames)`` of them.

    Raises
    ------
    ValueError
        If ``count`` is below 1, ``start`` is outside ``[0, count)`` or ``frames`` is below 3.
    """
    if count < 1 or not 0 <= start < count or frames < 3:
        raise ValueError(f"need count >= 1, 0 <= start < count and frames >= 3 (got {count}, {start}, {frames})")
    chosen = {0, start, count - 1}
    while len(chosen) < min(count, frames):
        ordered = sorted(chosen)
        low, high = max(itertools.pairwise(ordered), key=lambda gap: gap[1] - gap[0])
        chosen.add((low + high) // 2)
    return sorted(chosen)


def _strides(controls: list[dict[str, Any]]) -> list[int]:
    """How far apart in the frame list one step of each control is (the last control changes fastest)."""
    return [math.prod(len(later["values"]) for later in controls[i + 1:]) for i in range(len(controls))]


def _state(controls: list[dict[str, Any]], positions: list[int]) -> str:
    """The controls at these positions in words: "Correlation: 0.27; Horizon (years): 10"."""
    return "; ".join(f"{control['label']}: {control['texts'][position]}" for control, position in zip(controls, positions))


def _frame_image(renderer: NbElementRenderer, frame: dict[str, str], classes: list[str]) -> nodes.image:
    """One frame as an image node, its PNG written where myst-nb writes a notebook's images (named by its hash)."""
    png = a2b_base64(frame["png"])
    uri = renderer.write_file([f"{hashlib.sha256(png).hexdigest()}.png"], png, overwrite=False, exists_ok=True)
    return nodes.image(uri=uri, alt=frame["alt"], classes=classes)


def _control_html(key: str, index: int, control: dict[str, Any], stride: int) -> str:
    """A labelled native range input over a control's positions, with its value as text."""
    ident, text = f"{key}-{index}", control["texts"][control["start"]]
    texts = html.escape(json.dumps(control["texts"]), quote=True)
    return (
        f'<div class="assetalloc-frames-control"><label for="{ident}">{html.escape(control["label"])}</label>'
        f'<input type="range" class="assetalloc-frames-input" id="{ident}" min="0" '
        f'max="{len(control["values"]) - 1}" step="1" value="{control["start"]}" '
        f'aria-valuetext="{html.escape(text, quote=True)}" data-stride="{stride}" data-texts="{texts}">'
        f'<span class="assetalloc-frames-value" aria-hidden="true">{html.escape(text)}</span></div>'
    )


def _page_nodes(renderer: NbElementRenderer, entry: dict[str, Any], key: str, alt: str) -> list[nodes.Element]:
    """The HTML page's nodes: the hidden controls, then every frame (the first state shown, the others lazy)."""
    controls, strides = entry["controls"], _strides(entry["controls"])
    start = sum(control["start"] * stride for control, stride in zip(controls, strides))
    inputs = "".join(_control_html(key, i, control, stride) for i, (control, stride) in enumerate(zip(controls, strides)))
    pictures = nodes.container(classes=["assetalloc-frames-pictures"])
    for index, frame in enumerate(entry["frames"]):
        shown = index == start
        # The chapter's own alt text describes the first state (the still); it gains the controls' values and the result.
        chapter_alt = f"{alt} {_state(controls, [control['start'] for control in controls])}. {frame['result']}".strip()
        image = _frame_image(renderer, {**frame, "alt": chapter_alt if shown and alt else frame["alt"]},
                             ["assetalloc-frame", "assetalloc-frame-shown"] if shown else ["assetalloc-frame"])
        if not shown:
            image["loading"] = "lazy"
        pictures += image
    renderer.add_js_file("assetalloc-frames", SCRIPT, {"defer": "defer"})
    box = nodes.container(classes=["assetalloc-frames"])
    box += nodes.raw(text=f'<div class="assetalloc-frames-controls" hidden>{inputs}</div>', format="html")
    box += pictures
    return [box]


def _strip_nodes(renderer: NbElementRenderer, entry: dict[str, Any]) -> list[nodes.Element]:
    """The printed strip: frames along the first control, the others at their first state, each captioned."""
    controls, strides = entry["controls"], _strides(entry["controls"])
    rest = sum(control["start"] * stride for control, stride in zip(controls[1:], strides[1:]))
    first = controls[0]
    strip = nodes.container(classes=["assetalloc-frames-strip"])
    for position in strip_indexes(len(first["values"]), first["start"]):
        frame = entry["frames"][position * strides[0] + rest]
        cell = nodes.container(classes=["assetalloc-frames-strip-frame"])
        cell += _frame_image(renderer, frame, ["assetalloc-frame"])
        cell += nodes.paragraph(text=_state(controls, [position, *(control["start"] for control in controls[1:])]),
                                classes=["assetalloc-frames-caption"])
        strip += cell
    return [strip]


class FramesRenderer:
    """The myst-nb mime renderer of :data:`~assetalloc.widgets.frames.FRAMES_MIME` (see the module's docstring).

    The frames rank before ``image/png`` (which ``_config.yml`` puts first, at 0) in the HTML and
    single-page builds only.
    """

    mime_priority_overrides = (("html", FRAMES_MIME, -1), ("singlehtml", FRAMES_MIME, -1))

    @staticmethod
    def handle_mime(renderer: NbElementRenderer, data: MimeData, inline: bool) -> list[nodes.Element] | None:
        """The nodes of a frames entry (None, so that myst-nb goes on, for any other output)."""
        if data.mime_type != FRAMES_MIME or inline:
            return None
        entry = data.content if isinstance(data.content, dict) else json.loads(data.string)  # nbformat keeps JSON as a dict
        if get_env_app(renderer.renderer.sphinx_env).builder.name == "singlehtml":
            return _strip_nodes(renderer, entry)
        options = renderer.renderer.get_cell_level_config("render_image_options", data.cell_metadata, line=data.line)
        key = "frames-" + hashlib.sha256(json.dumps(entry, sort_keys=True).encode("utf-8")).hexdigest()[:12]
        return _page_nodes(renderer, entry, key, options.get("alt", ""))
