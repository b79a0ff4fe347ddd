"""The widget of chapter 6, Capstone: one dashboard of the reader's allocation.

Every number it draws comes from :func:`assetalloc.capstone.allocation_summary`.
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np
from matplotlib.figure import Figure
from matplotlib.legend import Legend
from matplotlib.text import Text

from assetalloc import capstone, data, tactical
from assetalloc.capstone import ASSETS, Assumptions, Choices, Investor
from assetalloc.compare import in_library_units
from assetalloc.style import COLOURS, OKABE_ITO, percent_axis, styled
from assetalloc.widgets.base import FigureWidget, int_slider, slider

#: Colour of each asset (by role, as in every chapter); hedged foreign bonds share the unhedged colour, lighter.
ASSET_COLOURS = {
    "domestic_bonds": COLOURS["domestic_bonds"],
    "foreign_bonds": COLOURS["foreign_bonds"],
    "foreign_bonds_hedged": COLOURS["foreign_bonds"],
    "domestic_stocks": COLOURS["domestic_stocks"],
    "foreign_stocks": COLOURS["foreign_stocks"],
    "emerging_stocks": COLOURS["emerging_stocks"],
}
#: Short bar labels of :data:`assetalloc.capstone.ASSETS`.
SHORT_NAMES = ("Dom.\nbonds", "For.\nbonds", "For. bonds\nhedged", "Dom.\nstocks", "For.\nstocks", "EM\nstocks")
#: Opacity of the hedged foreign bonds' bars (the unhedged ones are opaque, same colour).
HEDGED_ALPHA = 0.5
#: Width of each of the three bars per asset (benchmark weight, weight, share of risk).
BAR_WIDTH = 0.27
#: Rows of key figures in the text panel's left column (the rest go right).
TEXT_ROWS = 6
#: Where each column of the text panel starts and where its values end (right-aligned), in axes fractions.
TEXT_COLUMNS = ((0.0, 0.46), (0.52, 0.98))
#: The zorder of the titles, legends and labels that never change: under the data, above the grid.
#: They sit apart from the data, so they look the same, and are kept as pixels between renders
#: (the partial redraw of :class:`~assetalloc.widgets.base.FigureWidget` keeps what is drawn first).
LABELS_ZORDER = 0.9
#: Axis limits of the risk/return panel (decimal).
RISK_LIMITS, RETURN_LIMITS = (0.0, 0.29), (0.02, 0.085)


def _choices(stock_share: float, blend: float, include_emerging: int, foreign_bond_share: float,
             hedge_ratio: float, regime: int, tilt_size: float) -> Choices:
    """The controls' values as :class:`~assetalloc.capstone.Choices` (regime 1-4 in the order of REGIMES)."""
    return Choices(stock_share=stock_share, blend=blend, include_emerging=bool(include_emerging),
                   foreign_bond_share=foreign_bond_share, hedge_ratio=hedge_ratio,
                   regime=tactical.REGIMES[regime - 1], tilt_size=tilt_size)


class AllocationDashboard(FigureWidget):
    """The reader's allocation in one figure.

    Top left: the efficient frontier of the allowed assets, each asset, the
    portfolio, the efficient portfolio with the same expected return and the
    60/40 benchmark. Top right: the benchmark's weights, the portfolio's
    weights and each asset's share of the portfolio's risk. Bottom: the key
    figures (loss budget, tracking error, currency exposure).

    Parameters
    ----------
    assumptions : assetalloc.capstone.Assumptions
        Expected returns and covariance (:func:`assetalloc.capstone.capstone_assumptions`).
    choices : assetalloc.capstone.Choices
        Starting choices (a regime of None starts the regime control at its first regime).
    investor : assetalloc.capstone.Investor
        The investor: the horizon is a control (starting at the investor's),
        the loss limit, ``k`` and share of spending in yen are kept.
    """

    description = ("A dashboard of the chosen allocation: efficient frontier with the portfolio and the 60/40 benchmark, "
                   "weights, risk contributions and the key figures.")

    @styled  # the book's style for every artist, as the other widgets' figures (new_figure)
    def __init__(self, assumptions: Assumptions, choices: Choices | None = None, investor: Investor | None = None) -> None:
        self.assumptions = assumptions
        choices = Choices() if choices is None else choices
        investor = Investor() if investor is None else investor
        self.investor = investor
        regime = 1 if choices.regime is None else tactical.REGIMES.index(choices.regime) + 1
        controls = {
            "stock_share": slider("Stocks (before tilt)", choices.stock_share, 0.0, 1.0, 0.05, ".0%"),
            "blend": slider("Weighting: 0 cap, 1 GDP", choices.blend, 0.0, 1.0, 0.05, ".2f"),
            "include_emerging": int_slider("Emerging stocks (0 out, 1 in)", int(choices.include_emerging), 0, 1),
            "foreign_bond_share": slider("Bonds held abroad", choices.foreign_bond_share, 0.0, 1.0, 0.05, ".0%"),
            "hedge_ratio": slider("Foreign bonds hedged", choices.hedge_ratio, 0.0, 1.0, 0.05, ".0%"),
            "regime": int_slider("Regime (1 recovery ... 4 contraction)", regime, 1, len(tactical.REGIMES)),
            "tilt_size": slider("Tilt size (0 none)", choices.tilt_size, 0.0, 1.0, 0.05, ".2f"),
            "horizon_years": int_slider("Horizon (years)", investor.horizon_years, 1, 40),
        }
        figure = Figure(figsize=(9.6, 6.0), layout="constrained")
        grid = figure.add_gridspec(2, 2, height_ratios=[2.3, 1.0])
        self.ax_frontier, self.ax_bars = figure.add_subplot(grid[0, 0]), figure.add_subplot(grid[0, 1])
        self.ax_text = figure.add_subplot(grid[1, :])
        self._frontier_panel(assumptions)
        positions = np.arange(len(ASSETS))
        colours = [ASSET_COLOURS[asset] for asset in ASSETS]
        alphas = [HEDGED_ALPHA if asset == "foreign_bonds_hedged" else 1.0 for asset in ASSETS]
        ax, zeros = self.ax_bars, np.zeros(len(ASSETS))
        self.benchmark_bars = ax.bar(positions - BAR_WIDTH, zeros, width=BAR_WIDTH, color=COLOURS["reference"],
                                     label="60/40 benchmark: weight")
        self.weight_bars = ax.bar(positions, zeros, width=BAR_WIDTH, color=colours, label="Your weight")
        self.risk_bars = ax.bar(positions + BAR_WIDTH, zeros, width=BAR_WIDTH, facecolor="white", edgecolor=colours,
                                linewidth=1.5, label="Your share of risk")
        for bar, alpha in zip([*self.weight_bars, *self.risk_bars], alphas * 2):
            bar.set_alpha(alpha)
        self.weight_labels = [ax.text(p, 0.0, "", ha="center", va="bottom", fontsize=7) for p in positions]
        ax.axhline(0.0, color=COLOURS["reference"], linewidth=0.8)
        ax.set_xticks(positions, SHORT_NAMES, fontsize=8)
        ax.set_ylim(-0.1, 1.35)  # room for the legend above a 100% bar and its label
        ax.set_yticks(np.linspace(0.0, 1.0, 6))
        ax.set_title("Weights and shares of risk (variance)")
        ax.legend(loc="upper left", fontsize=8)
        percent_axis(ax, "y")
        self.ax_text.set_axis_off()
        self.ax_text.set_title("Key figures", loc="left")
        labels = key_figure_labels(investor)
        rows = (slice(0, TEXT_ROWS), slice(TEXT_ROWS, None))
        self.value_texts = []
        for (start, end), row in zip(TEXT_COLUMNS, rows):
            self._key_figures_text(start, "left", "\n".join(labels[row]))
            self.value_texts.append(self._key_figures_text(end, "right", ""))
        dynamic = [self.frontier_line, self.benchmark_point, self.efficient_point, self.portfolio_point,
                   *self.benchmark_bars, *self.weight_bars, *self.risk_bars, *self.weight_labels,
                   *self.value_texts]
        for ax in figure.axes:
            for child in ax.get_children():
                if isinstance(child, Text | Legend) and child not in dynamic:
                    child.set_zorder(LABELS_ZORDER)
        super().__init__(controls, figure, dynamic)

    def _key_figures_text(self, x: float, align: str, text: str) -> Text:
        """One column of labels or values in the text panel (one key figure a line)."""
        return self.ax_text.text(x, 1.0, text, ha=align, va="top", fontsize=10, linespacing=1.5,
                                 transform=self.ax_text.transAxes)

    def _frontier_panel(self, assumptions: Assumptions) -> None:
        ax = self.ax_frontier
        vols, mu = assumptions.volatilities.loc[list(ASSETS)], assumptions.expected_returns.loc[list(ASSETS)]
        for asset in ASSETS:
            ax.plot(vols[asset], mu[asset], "s", color=ASSET_COLOURS[asset], markersize=6,
                    markerfacecolor="white" if asset == "foreign_bonds_hedged" else ASSET_COLOURS[asset])
            right = asset == "emerging_stocks"
            ax.annotate(SHORT_NAMES[ASSETS.index(asset)].replace("\n", " "), (vols[asset], mu[asset]),
                        textcoords="offset points", xytext=(-5 if right else 5, -9 if asset == "foreign_bonds" else 3),
                        ha="right" if right else "left", fontsize=7)
        (self.frontier_line,) = ax.plot([], [], color=COLOURS["portfolio"], linewidth=1.5, label="Efficient frontier")
        (self.benchmark_point,) = ax.plot([], [], "D", color=COLOURS["reference"], markersize=8, label="60/40 benchmark")
        (self.efficient_point,) = ax.plot([], [], "o", color=OKABE_ITO["bluish_green"], markersize=8,
                                          markerfacecolor="white", markeredgewidth=2, label="Efficient, same return")
        (self.portfolio_point,) = ax.plot([], [], "*", color=COLOURS["highlight"], markersize=15, label="Your portfolio")
        ax.set_xlim(*RISK_LIMITS)
        ax.set_ylim(*RETURN_LIMITS)
        ax.set_xlabel("Risk (standard deviation a year)")
        ax.set_ylabel("Expected return a year")
        percent_axis(ax, "x")
        percent_axis(ax, "y")
        ax.legend(loc="lower right", fontsize=8)
        ax.set_title("Risk and return")

    def model(self, stock_share: float, blend: float, include_emerging: int, foreign_bond_share: float,
              hedge_ratio: float, regime: int, tilt_size: float, horizon_years: int) -> capstone.AllocationSummary:
        """The summary for these control values (:func:`assetalloc.capstone.allocation_summary`)."""
        choices = _choices(stock_share, blend, include_emerging, foreign_bond_share, hedge_ratio, regime, tilt_size)
        investor = replace(self.investor, horizon_years=horizon_years)
        return capstone.allocation_summary(choices, investor, self.assumptions)

    def summary(self) -> capstone.AllocationSummary:
        """The summary of the current state: pass it to :func:`assetalloc.capstone.to_markdown` or ``to_csv``."""
        return self.model(**self.values())

    def update(self, **values: float) -> None:
        summary = self.model(**values)
        self.frontier_line.set_data(summary.frontier.volatilities, summary.frontier.returns)
        self.portfolio_point.set_data([summary.volatility], [summary.expected_return])
        self.efficient_point.set_data([summary.efficient_volatility], [summary.expected_return])
        self.benchmark_point.set_data([summary.benchmark_volatility], [summary.benchmark_expected_return])
        for bar, label, value in zip(self.weight_bars, self.weight_labels, summary.weights):
            bar.set_height(value)
            label.set_position((label.get_position()[0], value))
            label.set_text(f"{value:.0%}")
        for bars, heights in ((self.benchmark_bars, summary.benchmark), (self.risk_bars, summary.risk_contributions)):
            for bar, value in zip(bars, heights):
                bar.set_height(value)
        values = key_figure_values(summary)
        self.value_texts[0].set_text("\n".join(values[:TEXT_ROWS]))
        self.value_texts[1].set_text("\n".join(values[TEXT_ROWS:]))


def key_figure_labels(investor: Investor) -> list[str]:
    """The names of the dashboard's key figures, one per row (they depend on the investor, not the choices)."""
    return [
        "Tilt",
        "Expected return a year",
        "Risk (standard deviation a year)",
        f"{investor.k:g}-sigma bad year",
        f"Invest at most, to lose at most ¥{investor.loss_limit:,.0f}",
        "Bad outcome over the horizon",
        "Risk beyond the frontier",
        "60/40 benchmark: expected return",
        "60/40 benchmark: risk",
        "Tracking error vs 60/40",
        "Unhedged foreign currency",
        "  minus non-yen spending",
    ]


def key_figure_values(summary: capstone.AllocationSummary) -> list[str]:
    """The values of the dashboard's key figures, in the order of :func:`key_figure_labels`, in percent and yen."""
    figures = capstone.key_figures(summary)["value"]
    choices = summary.choices
    tilt = "none" if choices.regime is None or choices.tilt_size == 0 else f"{choices.regime}, size {choices.tilt_size:.2f}"
    return [
        tilt,
        f"{figures['expected_return']:.2%}",
        f"{figures['volatility']:.2%}",
        f"{figures['worst_case_return']:.2%}",
        f"¥{figures['max_investment']:,.0f}",
        f"{figures['horizon_worst_case_return']:.2%} in {summary.investor.horizon_years} years",
        f"{figures['excess_volatility']:.2%}",
        f"{figures['benchmark_expected_return']:.2%}",
        f"{figures['benchmark_volatility']:.2%}",
        f"{figures['tracking_error']:.2%}",
        f"{figures['foreign_currency_exposure']:.0%}",
        f"{figures['currency_mismatch']:+.0%}",
    ]


def default_widgets() -> dict[str, FigureWidget]:
    """The chapter's dashboard in its default state, built from the cited data.

    ``dashboard``: :func:`assetalloc.capstone.capstone_assumptions`; half in
    stocks by capitalisation with emerging markets, bonds at home, no tilt;
    the source's loss limit of 1,000,000 yen and 2-sigma bad year, a 10-year
    horizon, all spending in yen.
    """
    printed = in_library_units(data.reported_figures("yamazaki2009"))
    investor = Investor(loss_limit=printed["loss_budget"], horizon_years=10, k=printed["loss_sigma_multiple"])
    return {"dashboard": AllocationDashboard(capstone.capstone_assumptions(), Choices(), investor)}
