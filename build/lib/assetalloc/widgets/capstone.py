"""The widget of chapter 6, Capstone: one dashboard of the reader's allocation.

Every number it draws comes from :func:`assetalloc.capstone.allocation_summary`,
with the assumptions of :func:`assetalloc.capstone.capstone_assumptions` at the
positions of the assumption controls.
"""

from __future__ import annotations

import textwrap
from collections.abc import Mapping

import numpy as np
from matplotlib.figure import Figure
from matplotlib.legend import Legend
from matplotlib.text import Text

from assetalloc import capstone, data, tactical
from assetalloc.book import signed_number, signed_percent
from assetalloc.capstone import ASSETS, Choices, Investor
from assetalloc.compare import in_library_units
from assetalloc.style import COLOURS, percent_axis, styled
from assetalloc.widgets.base import BarSeries, FigureWidget, int_slider, slider

#: Colour of each asset's marker on the risk/return panel (by role, as in every chapter).
ASSET_COLOURS = {
    "domestic_bonds": COLOURS["domestic_bonds"],
    "foreign_bonds": COLOURS["foreign_bonds"],
    "foreign_bonds_hedged": COLOURS["foreign_bonds"],
    "domestic_stocks": COLOURS["domestic_stocks"],
    "foreign_stocks": COLOURS["foreign_stocks"],
    "emerging_stocks": COLOURS["emerging_stocks"],
}
#: Short labels of :data:`assetalloc.capstone.ASSETS`.
SHORT_NAMES = ("Dom.\nbonds", "For.\nbonds", "For. bonds\nhedged", "Dom.\nstocks", "For.\nstocks", "EM\nstocks")
#: Colour of the efficient portfolio (its point sits on the black frontier; its bars are outlined in black).
EFFICIENT_COLOUR = COLOURS["portfolio"]
#: The four bars per asset, left to right: label and style (each matches its marker on the left panel).
BARS = (
    ("60/40 benchmark: weight", {"facecolor": COLOURS["reference"], "edgecolor": "none"}),
    ("Efficient, same return: weight", {"facecolor": "white", "edgecolor": EFFICIENT_COLOUR, "linewidth": 1.5}),
    ("Your weight", {"facecolor": COLOURS["highlight"], "edgecolor": "none"}),
    ("Your share of risk", {"facecolor": "white", "edgecolor": COLOURS["highlight"], "linewidth": 1.5}),
)
#: Width of each bar.
BAR_WIDTH = 0.2
#: Rows of key figures in the text panel's left column (the rest go right).
TEXT_ROWS = 7
#: Where each column of the text panel starts and where its values end (right-aligned), in axes fractions.
TEXT_COLUMNS = ((0.0, 0.45), (0.55, 1.0))
#: The zorder of the titles, legends and labels that never change: under the data, above the grid.
#: They sit apart from the data, so they look the same, and are kept as pixels between renders
#: (the partial redraw of :class:`~assetalloc.widgets.base.FigureWidget` keeps what is drawn first).
LABELS_ZORDER = 0.9
#: Characters per line of the note naming the controls that have no effect.
IDLE_NOTE_WIDTH = 150
#: Axis limits of the risk/return panel (decimal): room for every asset at any lever position.
RISK_LIMITS, RETURN_LIMITS = (0.0, 0.29), (0.01, 0.125)
#: The assumption controls: label, range and step (decimal), readout format. The range always
#: includes the starting value.
LEVER_CONTROLS = {
    "emerging_premium": ("Emerging premium", -0.02, 0.06, 0.005, ".1%"),
    "unhedged_premium": ("Unhedged foreign bonds: premium over Japanese", -0.01, 0.02, 0.001, ".1%"),
    "hedged_premium": ("Hedged bonds: premium over Japanese", -0.01, 0.01, 0.001, ".1%"),
    "hedged_domestic_correlation": ("Hedged bonds: correlation with Japanese", -0.2, 0.85, 0.05, ".2f"),
    "domestic_stock_return": ("Japanese stocks: expected return", 0.02, 0.08, 0.005, ".1%"),
}
#: Control names by row of the dashboard.
GROUPS = {
    "The investor": ["loss_limit", "horizon_years", "yen_liabilities"],
    "Your choices": ["stock_share", "home_share", "blend", "include_emerging", "foreign_bond_share",
                     "hedge_ratio", "regime", "tilt_size"],
    "Assumptions you may question": list(LEVER_CONTROLS),
}
#: The labels of the controls that are choices (:class:`~assetalloc.capstone.Choices` attributes).
CHOICE_LABELS = {
    "stock_share": "Stocks (before tilt)",
    "home_share": "Japanese share of stocks",
    "blend": "Foreign stocks: 0 cap, 1 GDP weights",
    "include_emerging": "Emerging stocks (0 out, 1 in)",
    "foreign_bond_share": "Bonds held abroad",
    "hedge_ratio": "Foreign bonds hedged",
    "regime": "Regime (0 none, 1 recovery ... 4 contraction)",
    "tilt_size": "Tilt size",
}


def _assumptions(values: Mapping[str, float]) -> capstone.Assumptions:
    """The assumption set at the assumption controls' values (:func:`assetalloc.capstone.capstone_assumptions`)."""
    return capstone.capstone_assumptions(**{name: values[name] for name in GROUPS["Assumptions you may question"]})


def _choices(stock_share: float, home_share: float, blend: float, include_emerging: int, foreign_bond_share: float,
             hedge_ratio: float, regime: int, tilt_size: float) -> Choices:
    """The controls' values as :class:`~assetalloc.capstone.Choices` (regime 0 none, 1-4 in the order of REGIMES)."""
    return Choices(stock_share=stock_share, home_share=home_share, blend=blend,
                   include_emerging=bool(include_emerging), foreign_bond_share=foreign_bond_share,
                   hedge_ratio=hedge_ratio, regime=None if regime == 0 else tactical.REGIMES[regime - 1],
                   tilt_size=tilt_size)


class AllocationDashboard(FigureWidget):
    """The reader's allocation in one figure, with the investor, the choices and the assumptions as controls.

    Top left: the efficient frontier of the allowed assets, each asset, the
    portfolio, the efficient portfolio with the same expected return and the
    60/40 benchmark. Top right: for each asset, the benchmark's weight, the
    efficient portfolio's weight, the portfolio's weight and its share of the
    portfolio's risk. Bottom: the key figures (loss budget, horizon, distance
    from the frontier, tracking error, currency exposure) and the choices that
    have no effect in the current state.

    Parameters
    ----------
    choices : assetalloc.capstone.Choices, optional
        Starting choices (default ``Choices()``).
    investor : assetalloc.capstone.Investor, optional
        Starting investor (default ``Investor()``); its ``k`` is kept, the
        rest are controls.
    levers : mapping of str to float, optional
        Starting values of the arguments of
        :func:`assetalloc.capstone.capstone_assumptions` (default: its defaults).
    """

    description = ("A dashboard of the chosen allocation: efficient frontier with the portfolio, the efficient "
                   "portfolio with the same return and the 60/40 benchmark; weights and risk contributions; "
                   "the key figures.")
    static_controls = ("stock_share",)  # offered on the static site (widgets.frames)

    @styled  # the book's style for every artist, as the other widgets' figures (new_figure)
    def __init__(self, choices: Choices | None = None, investor: Investor | None = None,
                 levers: Mapping[str, float] | None = None) -> None:
        choices = Choices() if choices is None else choices
        investor = Investor() if investor is None else investor
        start = {**capstone.lever_defaults(), **(levers or {})}
        capstone.capstone_assumptions(**start)  # refuse bad starting levers here, with the argument's name
        self.investor = investor
        self.labels = key_figure_labels(investor.k)  # the key figures' names (k has no control)
        regime = 0 if choices.regime is None else tactical.REGIMES.index(choices.regime) + 1
        label = CHOICE_LABELS
        controls = {
            "loss_limit": slider("Loss limit (yen)", investor.loss_limit, min(100_000, investor.loss_limit),
                                 max(10_000_000, investor.loss_limit), 100_000, ",.0f"),
            "horizon_years": int_slider("Horizon (years)", investor.horizon_years, 1, max(40, investor.horizon_years)),
            "yen_liabilities": slider("Spending in yen", investor.yen_liabilities, 0.0, 1.0, 0.05, ".0%"),
            "stock_share": slider(label["stock_share"], choices.stock_share, 0.0, 1.0, 0.05, ".0%"),
            "home_share": slider(label["home_share"], choices.home_share, 0.0, 1.0, 0.05, ".0%"),
            "blend": slider(label["blend"], choices.blend, 0.0, 1.0, 0.05, ".2f"),
            "include_emerging": int_slider(label["include_emerging"], int(choices.include_emerging), 0, 1),
            "foreign_bond_share": slider(label["foreign_bond_share"], choices.foreign_bond_share, 0.0, 1.0, 0.05,
                                         ".0%"),
            "hedge_ratio": slider(label["hedge_ratio"], choices.hedge_ratio, 0.0, 1.0, 0.05, ".0%"),
            "regime": int_slider(label["regime"], regime, 0, len(tactical.REGIMES)),
            "tilt_size": slider(label["tilt_size"], choices.tilt_size, 0.0, 1.0, 0.05, ".0%"),
            **{name: slider(text, start[name], min(low, start[name]), max(high, start[name]), step, readout)
               for name, (text, low, high, step, readout) in LEVER_CONTROLS.items()},
        }
        figure = Figure(figsize=(9.6, 6.6), layout="constrained")
        grid = figure.add_gridspec(2, 2, height_ratios=[2.3, 1.25])
        self.ax_frontier, self.ax_bars = figure.add_subplot(grid[0, 0]), figure.add_subplot(grid[0, 1])
        self.ax_text = figure.add_subplot(grid[1, :])
        self._frontier_panel()
        self._bars_panel()
        self.ax_text.set_axis_off()
        self.ax_text.set_title("Key figures", loc="left")
        rows = (slice(0, TEXT_ROWS), slice(TEXT_ROWS, None))
        self.value_texts = []
        for (start_x, end_x), row in zip(TEXT_COLUMNS, rows):
            self._key_figures_text(start_x, "left", "\n".join(self.labels[row]))
            self.value_texts.append(self._key_figures_text(end_x, "right", ""))
        self.idle_text = self.ax_text.text(0.0, 0.0, "", ha="left", va="bottom", fontsize=8, style="italic",
                                           transform=self.ax_text.transAxes)
        dynamic = [self.frontier_line, self.benchmark_point, self.efficient_point, self.portfolio_point,
                   *self.asset_points, *(bars.artist for bars in self.bars), *self.value_texts, self.idle_text]
        for ax in figure.axes:
            for child in ax.get_children():
                if isinstance(child, Text | Legend) and child not in dynamic:
                    child.set_zorder(LABELS_ZORDER)
        super().__init__(controls, figure, dynamic, groups=GROUPS)

    def _key_figures_text(self, x: float, align: str, text: str) -> Text:
        """One column of labels or values in the text panel (one key figure a line)."""
        return self.ax_text.text(x, 1.0, text, ha=align, va="top", fontsize=9.5, linespacing=1.45,
                                 transform=self.ax_text.transAxes)

    def _frontier_panel(self) -> None:
        ax = self.ax_frontier
        self.asset_points = []
        for asset, name in zip(ASSETS, SHORT_NAMES):
            colour = ASSET_COLOURS[asset]
            hedged = asset == "foreign_bonds_hedged"  # an open, larger square: visible around domestic bonds'
            (point,) = ax.plot([], [], "s", color=colour, markersize=10 if hedged else 6, markeredgewidth=1.5,
                               markerfacecolor="none" if hedged else colour, label=name.replace("\n", " "))
            self.asset_points.append(point)
        # The assets' legend never changes (kept as pixels); their markers move with the assumptions.
        ax.add_artist(ax.legend(handles=self.asset_points, loc="upper left", fontsize=7.5, title="Assets",
                                title_fontsize=7.5))
        (self.frontier_line,) = ax.plot([], [], color=COLOURS["portfolio"], linewidth=1.5, label="Efficient frontier")
        (self.benchmark_point,) = ax.plot([], [], "D", color=COLOURS["reference"], markersize=8, label="60/40 benchmark")
        (self.efficient_point,) = ax.plot([], [], "o", color=EFFICIENT_COLOUR, markersize=8,
                                          markerfacecolor="white", markeredgewidth=2, label="Efficient, same return")
        (self.portfolio_point,) = ax.plot([], [], "*", color=COLOURS["highlight"], markersize=15, label="Your portfolio")
        ax.set_xlim(*RISK_LIMITS)
        ax.set_ylim(*RETURN_LIMITS)
        ax.set_xlabel("Risk (standard deviation a year)")
        ax.set_ylabel("Expected return a year")
        percent_axis(ax, "x")
        percent_axis(ax, "y")
        ax.legend(handles=[self.frontier_line, self.benchmark_point, self.efficient_point, self.portfolio_point],
                  loc="lower right", fontsize=8)
        ax.set_title("Risk and return")
        ax.set_axisbelow(True)  # ticks and grid under the data: kept as pixels by the partial redraw

    def _bars_panel(self) -> None:
        ax, positions = self.ax_bars, np.arange(len(ASSETS))
        self.bars = [BarSeries(ax, positions + (i - 1.5) * BAR_WIDTH, BAR_WIDTH, name, **style)
                     for i, (name, style) in enumerate(BARS)]
        self.benchmark_bars, self.efficient_bars, self.weight_bars, self.risk_bars = self.bars
        ax.axhline(0.0, color=COLOURS["reference"], linewidth=0.8)
        ax.set_xticks(positions, SHORT_NAMES, fontsize=8)
        ax.set_xlim(-0.5, len(ASSETS) - 0.5)
        ax.set_ylim(-0.03, 1.05)
        ax.set_yticks(np.linspace(0.0, 1.0, 6))
        ax.set_title("Weights and shares of risk (variance)")
        ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.16), fontsize=7.5, ncol=2)
        percent_axis(ax, "y")
        ax.set_axisbelow(True)  # ticks and grid under the data: kept as pixels by the partial redraw

    def model(self, **values: float) -> capstone.AllocationSummary:
        """The summary for these control values (:func:`assetalloc.capstone.allocation_summary`)."""
        investor = Investor(loss_limit=values["loss_limit"], horizon_years=values["horizon_years"],
                            yen_liabilities=values["yen_liabilities"], k=self.investor.k)
        choices = _choices(**{name: values[name] for name in GROUPS["Your choices"]})
        return capstone.allocation_summary(choices, investor, _assumptions(values))

    def summary(self) -> capstone.AllocationSummary:
        """The summary of the current state: pass it to :func:`assetalloc.capstone.to_markdown` or ``to_csv``."""
        return self.model(**self.values())

    def assumptions(self) -> capstone.Assumptions:
        """The assumption set at the current positions of the assumption controls."""
        return _assumptions(self.values())

    def update(self, **values: float) -> None:
        summary = self.model(**values)
        assumptions = _assumptions(values)
        vols, mu = assumptions.volatilities, assumptions.expected_returns
        for asset, point in zip(ASSETS, self.asset_points):
            point.set_data([vols[asset]], [mu[asset]])
        self.frontier_line.set_data(summary.frontier.volatilities, summary.frontier.returns)
        self.portfolio_point.set_data([summary.volatility], [summary.expected_return])
        self.efficient_point.set_data([summary.efficient_volatility], [summary.expected_return])
        self.benchmark_point.set_data([summary.benchmark_volatility], [summary.benchmark_expected_return])
        heights = (summary.benchmark, summary.efficient_weights, summary.weights, summary.risk_contributions)
        for bars, values_by_asset in zip(self.bars, heights):
            bars.set_heights(values_by_asset)
        figures = key_figure_values(summary)
        self.value_texts[0].set_text("\n".join(figures[:TEXT_ROWS]))
        self.value_texts[1].set_text("\n".join(figures[TEXT_ROWS:]))
        self.idle_text.set_text(idle_note(summary.choices))


    def state_summary(self) -> str:
        """The key figures as the text panel shows them ("label: value"), then its note on idle controls.

        "" while the state has no answer (the panel is hidden). The static page's frames use it in their alt text.
        """
        if self.problem is not None:
            return ""
        values = "\n".join(text.get_text() for text in self.value_texts).split("\n")
        # A sentence a figure; an indented one (a detail of the figure above it) a clause of that sentence.
        figures = "".join(("" if i == 0 else "; " if label.startswith(" ") else ". ") + f"{label.strip()}: {value}"
                          for i, (label, value) in enumerate(zip(self.labels, values)))
        return " ".join(f"{figures}. {self.idle_text.get_text()}".split())


def key_figure_labels(k: float) -> list[str]:
    """The names of the dashboard's key figures, one per row (:data:`TEXT_ROWS` on the left).

    ``k``: how many standard deviations below the expected return a bad year is (the investor's).
    """
    deviations = "standard deviation" if k == 1 else "standard deviations"
    return [
        "Tilt",
        "Expected return / risk a year",
        f"Bad year ({k:g} {deviations} below expected)",
        "Loss budget (invest at most)",
        "Chance of a loss over the horizon",
        "Bad outcome over the horizon",
        "  its shortfall below the expected",
        "Risk beyond the frontier",
        "  efficient portfolio's risk",
        "60/40 benchmark: return / risk",
        "Tracking error vs 60/40",
        "Unhedged foreign currency",
        "  mismatch (minus spending abroad)",
    ]


def key_figure_values(summary: capstone.AllocationSummary) -> list[str]:
    """The values of the dashboard's key figures, in the order of :func:`key_figure_labels`, in percent and yen.

    The shortfall of the bad outcome below the expected one is in percent of the money invested, as
    the chapter gives it ("107.6% of the money": from +59.0% to −48.6%): it can pass 100% without any
    loss of more than the money.
    """
    figures = capstone.key_figures(summary)["value"]
    choices, investor = summary.choices, summary.investor
    idle = capstone.idle_choices(choices)
    if choices.regime is None or "regime" in idle:
        tilt = "none"
    elif "tilt_size" in idle:
        tilt = f"none ({choices.regime}: no room to tilt)"
    else:
        tilt = f"{choices.regime}: stocks {signed_number(100 * capstone.applied_tilt(choices), 2, plus=True)} points"
    years = f"{investor.horizon_years} years"
    return [
        tilt,
        f"{signed_percent(figures['expected_return'], 2)} / {signed_percent(figures['volatility'], 2)}",
        f"{signed_percent(figures['worst_case_return'], 2)}",
        f"¥{figures['max_investment']:,.0f}",
        f"{signed_percent(figures['horizon_loss_probability'], 1)} in {years}",
        f"{signed_percent(figures['horizon_worst_case_return'], 1, plus=True)} in {years}",
        f"{signed_percent(figures['horizon_shortfall'], 1)} of the money",
        f"{signed_percent(figures['excess_volatility'], 2)}",
        f"{signed_percent(figures['efficient_volatility'], 2)}",
        f"{signed_percent(figures['benchmark_expected_return'], 2)} / {signed_percent(figures['benchmark_volatility'], 2)}",
        f"{signed_percent(figures['tracking_error'], 2)}",
        f"{signed_percent(figures['foreign_currency_exposure'], 1)}",
        f"{signed_percent(figures['currency_mismatch'], 1, plus=True)}",
    ]


def idle_note(choices: Choices) -> str:
    """One line naming the controls that have no effect in this state, and why ("" if none)."""
    idle = capstone.idle_choices(choices)
    if not idle:
        return ""
    return textwrap.fill("No effect now: " + "; ".join(f"{CHOICE_LABELS[name]} ({reason})" for name, reason in idle.items()),
                         IDLE_NOTE_WIDTH)


def default_widgets() -> dict[str, FigureWidget]:
    """The chapter's dashboard in its default state, built from the cited data.

    ``dashboard``: the default :class:`~assetalloc.capstone.Choices` (half in
    stocks, 40 % of them Japanese, the foreign part by capitalisation with
    emerging markets, bonds at home, no tilt); the source's loss limit of
    1,000,000 yen and 2-sigma bad year, a 10-year horizon, all spending in
    yen; the default assumptions.
    """
    printed = in_library_units(data.reported_figures("yamazaki2009"))
    investor = Investor(loss_limit=printed["loss_limit"], horizon_years=10, k=printed["loss_sigma_multiple"])
    return {"dashboard": AllocationDashboard(Choices(), investor)}
