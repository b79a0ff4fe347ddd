"""Static charts of the book (figures with no controls), in the book's style."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from matplotlib.colors import LinearSegmentedColormap
from matplotlib.figure import Figure

from assetalloc import _validation as check
from assetalloc.style import OKABE_ITO, figure_png, new_figure, styled

__all__ = [
    "HEATMAP_CELL_INCHES",
    "HEATMAP_MARGIN_INCHES",
    "SEQUENTIAL",
    "Chart",
    "correlation_heatmap",
]

#: A one-hue sequential colour map (white to the palette's blue): readable in grey and for every colour vision.
SEQUENTIAL = LinearSegmentedColormap.from_list("assetalloc_blues", ["#FFFFFF", OKABE_ITO["blue"]])


@dataclass(frozen=True)
class Chart:
    """A finished static figure; notebooks and the built pages show it as a PNG.

    Attributes
    ----------
    figure : matplotlib.figure.Figure
        The figure (not attached to pyplot, so it is never shown twice).
    description : str
        One sentence describing it, its plain-text form.

    Raises
    ------
    TypeError
        If ``figure`` is not a matplotlib Figure or ``description`` not a string.
    """

    figure: Figure
    description: str

    def __post_init__(self) -> None:
        check.as_instance("figure", self.figure, Figure, "a matplotlib Figure")
        check.as_string("description", self.description)

    def _repr_png_(self) -> bytes:
        return figure_png(self.figure)

    def __repr__(self) -> str:
        return self.description


#: Cell size of a heat map, in inches: large for a few assets, smaller for many (the figure stays page-sized).
HEATMAP_CELL_INCHES = (0.55, 1.1)
#: Width in inches of everything beside the cells of a heat map (row labels and colour bar).
HEATMAP_MARGIN_INCHES = 2.6


def _relative_luminance(rgba: tuple[float, ...]) -> float:
    """WCAG relative luminance of an sRGB colour (0 black, 1 white)."""
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in rgba[:3]]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def _readable_text_colour(rgba: tuple[float, ...]) -> str:
    """Black or white, whichever contrasts more with a cell of colour ``rgba`` (WCAG contrast ratio).

    Parameters
    ----------
    rgba : tuple of float
        The cell's colour, components in [0, 1] (as a matplotlib colour map returns it).

    Returns
    -------
    str
        ``"black"`` or ``"white"``.

    Examples
    --------
    >>> _readable_text_colour((1.0, 1.0, 1.0, 1.0)), _readable_text_colour((0.0, 0.447, 0.698, 1.0))
    ('black', 'white')
    """
    values = check.as_vector("rgba", rgba)
    if values.size not in (3, 4) or not ((values >= 0.0) & (values <= 1.0)).all():
        raise ValueError(f"rgba must hold 3 or 4 components in [0, 1] (got {values.tolist()})")
    luminance = _relative_luminance(tuple(values))
    on_white = 1.05 / (luminance + 0.05)
    on_black = (luminance + 0.05) / 0.05
    return "white" if on_white > on_black else "black"


@styled
def correlation_heatmap(correlation: pd.DataFrame, title: str = "") -> Chart:
    """A labelled heat map of a correlation matrix, each cell printed to two decimals.

    The figure sizes itself to the number of assets: large cells with
    horizontal labels for a few assets, smaller cells with slanted labels for
    many. Each number is printed in black or white, whichever contrasts more
    with its cell.

    Parameters
    ----------
    correlation : pandas.DataFrame
        A valid correlation matrix labelled by asset (rows and columns alike).
    title : str
        Figure title.

    Returns
    -------
    Chart
    """
    check.as_instance("correlation", correlation, pd.DataFrame, "a labelled pandas DataFrame")
    check.as_string("title", title)
    matrix = check.as_correlation("correlation", correlation.to_numpy(dtype=float), correlation.shape[0])
    n = len(correlation.columns)
    few = n <= 4
    labels = [str(label).replace("_", " ") for label in correlation.columns]
    column_labels = [label.replace(" ", "\n") for label in labels] if few else labels
    low, high = HEATMAP_CELL_INCHES
    cell = float(np.clip(4.4 / n, low, high))
    height = 1.4 + cell * n + (0.3 if title else 0.0)
    figure, (ax,) = new_figure(HEATMAP_MARGIN_INCHES + cell * n, height)
    norm_low = min(0.0, float(matrix.min()))
    image = ax.imshow(matrix, cmap=SEQUENTIAL, vmin=norm_low, vmax=1.0)
    ax.grid(False)
    if few:
        ax.set_xticks(np.arange(n), column_labels)
    else:
        ax.set_xticks(np.arange(n), column_labels, rotation=45, ha="right", rotation_mode="anchor")
    ax.set_yticks(np.arange(n), labels)
    ax.tick_params(length=0)
    fontsize = 11 if few else 8.5
    for (row, column), value in np.ndenumerate(matrix):
        colour = _readable_text_colour(SEQUENTIAL((value - norm_low) / (1.0 - norm_low)))
        ax.text(column, row, f"{value:.2f}", ha="center", va="center", fontsize=fontsize, color=colour)
    figure.colorbar(image, ax=ax, shrink=0.8, label="Correlation")
    ax.set_title(title)
    return Chart(figure, f"Heat map of the correlations between {n} assets. {title}".strip())
