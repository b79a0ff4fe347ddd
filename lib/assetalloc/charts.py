"""Static charts of the book (figures with no controls), in the book's style."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from matplotlib.colors import LinearSegmentedColormap
from matplotlib.figure import Figure

from assetalloc import _validation as check
from assetalloc.style import OKABE_ITO, figure_png, new_figure, styled

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


@styled
def correlation_heatmap(correlation: pd.DataFrame, title: str = "") -> Chart:
    """A labelled heat map of a correlation matrix, each cell printed to two decimals.

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
    labels = [str(label).replace("_", " ") for label in correlation.columns]
    size = 1.0 + 0.55 * len(labels)
    figure, (ax,) = new_figure(size + 1.5, size)
    image = ax.imshow(matrix, cmap=SEQUENTIAL, vmin=min(0.0, matrix.min()), vmax=1.0)
    ax.grid(False)
    ax.set_xticks(np.arange(len(labels)), labels, rotation=45, ha="right")
    ax.set_yticks(np.arange(len(labels)), labels)
    for (row, column), value in np.ndenumerate(matrix):
        ax.text(column, row, f"{value:.2f}", ha="center", va="center", fontsize=7,
                color="white" if value > 0.7 else "black")
    figure.colorbar(image, ax=ax, shrink=0.8, label="Correlation")
    ax.set_title(title)
    return Chart(figure, f"Heat map of the correlations between {len(labels)} assets. {title}".strip())
