"""Widgets and static figures of chapter 2, Foreign bonds.

The chapter's inputs come from :mod:`assetalloc.assumptions`. Each widget takes its data as
arguments and calls :mod:`assetalloc.optimise`, :mod:`assetalloc.currency` and
:mod:`assetalloc.bonds` for every number it draws.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from assetalloc import bonds, currency, data, optimise, risk
from assetalloc.assumptions import table2_inputs
from assetalloc.book import signed_number, signed_percent
from assetalloc.charts import Chart
from assetalloc.compare import in_library_units
from assetalloc.style import COLOURS, agg_canvas, new_figure, percent_axis, styled
from assetalloc.widgets.base import (
    FigureWidget,
    clearest_legend_place,
    int_slider,
    room_for_growing_ticks,
    slider,
    snapped_limit,
)

#: Display names of the four GPIF asset classes, in the order of :data:`assetalloc.data.ASSETS`.
ASSET_NAMES = {
    "domestic_bonds": "Domestic bonds",
    "domestic_stocks": "Domestic stocks",
    "foreign_bonds": "Foreign bonds",
    "foreign_stocks": "Foreign stocks",
}
#: Points on the efficient frontier drawn by :class:`AllocationExplorer`.
FRONTIER_POINTS = 60
#: The hedge widget's smallest axis extents (decimal): the largest return bar's side of zero, the risk axis.
HEDGE_MIN_RETURN_AXIS, HEDGE_MIN_RISK_AXIS = 0.05, 0.05
#: The smallest depth of the other side of zero, when a bar goes there, as a share of the first side's: room for its label.
HEDGE_SIDE_SHARE = 0.25
#: Room beyond each return bar's end for its label, as a share of the axis' span before snapping (the label
#: is about a tenth of the panel's height, :data:`HEDGE_LABEL_OFFSET` included).
HEDGE_LABEL_ROOM = 0.16
#: Points between a bar's end and its label.
HEDGE_LABEL_OFFSET = 3.0
#: Yield shocks (decimal) on the horizontal axis of :class:`YieldShockExplorer`: -4 to +4 percentage points.
SHOCK_GRID = np.linspace(-0.04, 0.04, 81)
#: Basis points in one unit of a decimal yield (0.0050 = 50 bp), and percentage points in one unit.
BASIS_POINTS, PERCENTAGE_POINTS = 10_000, 100


# --------------------------------------------------------------------------- static figure


@styled
def allocation_area_chart(
    sweep: pd.DataFrame,
    break_even: pd.Series,
    assumed_return: float,
    marked_risk_aversion: float | None = None,
    title: str = "",
) -> Chart:
    """The optimal allocation as risk aversion grows, and the break-even return of one asset.

    Parameters
    ----------
    sweep : pandas.DataFrame
        From :func:`assetalloc.optimise.risk_aversion_sweep`: one row per risk
        aversion (decimal units, increasing), one column per asset (labels of
        :data:`ASSET_NAMES`).
    break_even : pandas.Series
        Break-even expected return of the asset of interest (decimal), indexed
        by the same risk aversions (:func:`assetalloc.optimise.break_even_return`).
    assumed_return : float
        The expected return assumed for that asset (decimal), drawn as a line.
    marked_risk_aversion : float, optional
        A risk aversion to mark with a vertical line (e.g. the source's).
    title : str
        Figure title.

    Returns
    -------
    Chart
    """
    if not isinstance(sweep, pd.DataFrame) or not isinstance(break_even, pd.Series):
        raise TypeError("sweep must be a pandas DataFrame and break_even a pandas Series")
    figure, (ax_weights, ax_break) = new_figure(8.0, 3.6, ncols=2)
    lambdas = sweep.index.to_numpy(dtype=float)
    ax_weights.stackplot(
        lambdas, sweep.to_numpy().T, labels=[ASSET_NAMES[asset] for asset in sweep.columns],
        colors=[COLOURS[asset] for asset in sweep.columns],
    )
    ax_break.plot(break_even.index, break_even.to_numpy(), color=COLOURS["foreign_bonds"], label="Break-even return")
    ax_break.axhline(assumed_return, color=COLOURS["reference"], linestyle="--", label="Assumed return")
    ax_break.axhline(0.0, color=COLOURS["reference"], linewidth=0.8)  # below it: held even at an expected loss
    for ax in (ax_weights, ax_break):
        ax.set_xscale("log")
        ax.set_xlabel("Risk aversion λ (decimal units; log scale)")
        percent_axis(ax, "y")
        if marked_risk_aversion is not None:
            ax.axvline(marked_risk_aversion, color=COLOURS["portfolio"], linewidth=1.0, linestyle=":")
    ax_weights.set_xlim(lambdas.min(), lambdas.max())
    ax_weights.set_ylim(0.0, 1.0)
    ax_weights.set_ylabel("Optimal weight")
    ax_weights.set_title("Optimal allocation")
    ax_weights.legend(loc="upper center", bbox_to_anchor=(0.5, -0.25), ncols=2)
    ax_break.set_ylabel("Expected return a year")
    ax_break.set_title("Break-even return of foreign bonds")
    ax_break.legend(loc="upper center", bbox_to_anchor=(0.5, -0.25), ncols=2)
    if title:
        figure.suptitle(title)
    return Chart(
        figure,
        f"Optimal weights as risk aversion rises, and the expected return foreign bonds would need to enter. {title}".strip(),
    )


# --------------------------------------------------------------------------- widgets


class AllocationExplorer(FigureWidget):
    """The optimal four-asset allocation for a risk aversion and a foreign-bond return net of fees.

    Controls: risk aversion (decimal units), foreign bonds' expected return
    before fees and the fund's annual fee. Left: the optimal weights
    (:func:`assetalloc.optimise.mean_variance_weights`). Right: the efficient
    frontier, the four assets and the chosen optimum. The title gives the
    break-even return of foreign bonds (:func:`assetalloc.optimise.break_even_return`).

    Parameters
    ----------
    expected_returns : pandas.Series
        Expected returns (decimal), labelled by :data:`assetalloc.data.ASSETS`.
    covariance : pandas.DataFrame
        Covariance (decimal), same labels.
    risk_aversion : float
        Starting risk aversion, decimal units.
    fee : float
        Starting annual fee of the foreign-bond fund (decimal).
    asset : str
        The asset whose return and fee the sliders set.
    """

    description = "Optimal allocation of four asset classes and the efficient frontier, for the chosen risk aversion and foreign-bond return."
    static_controls = ("asset_return",)  # offered on the static site (widgets.frames)

    def __init__(
        self,
        expected_returns: pd.Series,
        covariance: pd.DataFrame,
        risk_aversion: float,
        fee: float = 0.0,
        asset: str = "foreign_bonds",
    ) -> None:
        self.expected_returns = expected_returns.copy()
        self.covariance = covariance
        self.asset = asset
        self.volatilities = risk.volatilities(covariance)
        controls = {
            "risk_aversion": slider("Risk aversion λ", risk_aversion, 0.2, 20.0, 0.1, ".1f"),
            "asset_return": slider(
                f"{ASSET_NAMES[asset]}: return before fees", float(expected_returns[asset]), 0.0, 0.08, 0.0025, ".2%"
            ),
            "fee": slider("Annual fee", fee, 0.0, 0.02, 0.001, ".1%"),
        }
        figure, (self.ax_weights, self.ax_frontier) = new_figure(8.0, 3.8, ncols=2)
        labels = [ASSET_NAMES[a] for a in expected_returns.index]
        colours = [COLOURS[a] for a in expected_returns.index]
        self.bars = self.ax_weights.bar(labels, np.zeros(len(labels)), color=colours)
        self.bar_labels = [self.ax_weights.text(i, 0.0, "", ha="center", va="bottom") for i in range(len(labels))]
        self.ax_weights.set_ylim(0.0, 1.12)
        self.ax_weights.tick_params(axis="x", labelrotation=20)
        percent_axis(self.ax_weights, "y")
        self.ax_weights.set_title("Optimal weights")
        (self.frontier_line,) = self.ax_frontier.plot([], [], color=COLOURS["portfolio"], label="Efficient frontier")
        self.asset_points = self.ax_frontier.scatter(
            self.volatilities, np.zeros(len(labels)), c=colours, zorder=3, label="Asset classes"
        )
        # Each dot's name, up and to the left; the riskiest asset's below, clear of its neighbour's.
        riskiest = int(np.argmax(self.volatilities))
        self.asset_labels = [
            self.ax_frontier.annotate(
                label, (float(x), 0.0), xytext=(-4, -6 if i == riskiest else 5), textcoords="offset points",
                ha="right", va="top" if i == riskiest else "bottom", fontsize=8, color=colour,
            )
            for i, (label, x, colour) in enumerate(zip(labels, self.volatilities, colours))
        ]
        (self.chosen_point,) = self.ax_frontier.plot(
            [], [], "D", color=COLOURS["highlight"], markersize=8, label="Optimum"
        )
        self.ax_frontier.set_xlabel("Risk (standard deviation a year)")
        self.ax_frontier.set_ylabel("Expected return a year")
        self.ax_frontier.set_xlim(0.0, self.volatilities.max() * 1.1)
        percent_axis(self.ax_frontier, "x")
        percent_axis(self.ax_frontier, "y", decimals=1)
        self.legend = self.ax_frontier.legend()  # placed at every move where it keeps most room from the data
        self.summary = figure.suptitle("", fontsize=10)
        dynamic = [
            *self.bars, *self.bar_labels, self.frontier_line, self.asset_points, *self.asset_labels,
            self.chosen_point, self.summary,
        ]
        super().__init__(controls, figure, dynamic)

    def inputs(self, asset_return: float, fee: float) -> pd.Series:
        """Expected returns with the chosen asset's return net of the fee (:func:`assetalloc.currency.net_of_fee`)."""
        expected = self.expected_returns.copy()
        expected[self.asset] = currency.net_of_fee(asset_return, fee)
        return expected

    def update(self, risk_aversion: float, asset_return: float, fee: float) -> None:
        expected = self.inputs(asset_return, fee)
        weights = optimise.mean_variance_weights(expected, self.covariance, risk_aversion)
        frontier = optimise.efficient_frontier(expected, self.covariance, FRONTIER_POINTS)
        break_even = optimise.break_even_return(expected, self.covariance, risk_aversion, self.asset)
        for bar, label, weight in zip(self.bars, self.bar_labels, weights):
            bar.set_height(weight)
            label.set_position((label.get_position()[0], weight))
            label.set_text(f"{weight:.0%}")
        self.frontier_line.set_data(frontier.volatilities, frontier.returns)
        self.asset_points.set_offsets(np.column_stack([self.volatilities, expected.to_numpy()]))
        for text, x, y in zip(self.asset_labels, self.volatilities, expected.to_numpy()):
            text.xy = (float(x), float(y))
        self.chosen_point.set_data(
            [risk.portfolio_volatility(weights, self.covariance)], [risk.portfolio_return(weights, expected)]
        )
        # Snapped to round steps: the kept background is drawn again only when the returns outgrow one.
        self.ax_frontier.set_ylim(snapped_limit(min(0.0, expected.min()) - 0.005), snapped_limit(expected.max() + 0.01))
        self.summary.set_text(
            f"λ = {risk_aversion:.1f}: {ASSET_NAMES[self.asset].lower()} earn {signed_percent(expected[self.asset], 2)} "
            f"after fees; they enter the optimum above {signed_percent(break_even, 2)}"
        )
        renderer, to_data = agg_canvas(self.figure).get_renderer(), self.ax_frontier.transData.inverted()
        names = [to_data.transform(label.get_window_extent(renderer).corners()) for label in self.asset_labels]
        drawn = np.vstack([np.column_stack([frontier.volatilities, frontier.returns]),
                           self.asset_points.get_offsets(), self.chosen_point.get_xydata(), *names])
        self.legend.set_loc(clearest_legend_place(self.ax_frontier, self.legend, drawn))


def _return_axis_limits(returns: Sequence[float]) -> tuple[float, float]:
    """The hedge widget's return axis: zero, and each side of it only where a bar goes (decimal).

    The side of the largest bar reaches 1.3 times it (at least :data:`HEDGE_MIN_RETURN_AXIS`); the
    other side, when a bar goes there, at least :data:`HEDGE_SIDE_SHARE` of that. Each side then
    reaches past its longest bar by :data:`HEDGE_LABEL_ROOM` of the span, room for the bar's label
    inside the panel, and both are snapped to round steps (:func:`snapped_limit`), so the kept
    background is seldom redrawn (snapping only widens the axis).
    """
    extent = max(HEDGE_MIN_RETURN_AXIS, 1.3 * max(abs(value) for value in returns))
    least = HEDGE_SIDE_SHARE * extent
    top = max(least, 1.3 * max(returns)) if max(returns) >= 0.0 else 0.0
    bottom = min(-least, 1.3 * min(returns)) if min(returns) < 0.0 else 0.0
    room = HEDGE_LABEL_ROOM * (top - bottom)
    top = snapped_limit(max(top, max(returns) + room)) if top else 0.0
    bottom = snapped_limit(min(bottom, min(returns) - room)) if bottom else 0.0
    return bottom, top


class HedgeExplorer(FigureWidget):
    """Expected return and risk of a foreign bond in yen, hedged and unhedged.

    Hedged: local return plus the short-rate differential
    (:func:`assetalloc.currency.hedged_return`), risk of the local return
    only. Unhedged: local return plus the expected currency return
    (:func:`assetalloc.currency.unhedged_return`), risk including the
    currency's (:func:`assetalloc.currency.hedged_unhedged_risk`).

    Parameters
    ----------
    local_return : float
        Expected return of the bond in its own currency (decimal).
    domestic_rate, foreign_rate : float
        Short-term interest rates at home (yen) and abroad (decimal).
    currency_return : float
        Expected change of the yen price of the foreign currency (decimal).
    local_volatility, currency_volatility : float
        Risks of the local return and of the currency (decimal).
    correlation : float
        Correlation of the local and currency returns.
    """

    description = "Expected return and risk of a foreign bond in yen, hedged against unhedged."
    static_controls = ("foreign_rate",)  # offered on the static site (widgets.frames)

    def __init__(
        self,
        local_return: float,
        domestic_rate: float,
        foreign_rate: float,
        currency_return: float,
        local_volatility: float,
        currency_volatility: float,
        correlation: float,
    ) -> None:
        controls = {
            "domestic_rate": slider("Yen short rate", domestic_rate, -0.01, 0.06, 0.0025, ".2%"),
            "foreign_rate": slider("Foreign short rate", foreign_rate, -0.01, 0.08, 0.0025, ".2%"),
            "currency_return": slider("Expected currency return", currency_return, -0.08, 0.04, 0.0025, ".2%"),
            "local_volatility": slider("Risk of the local return", local_volatility, 0.0, 0.15, 0.0025, ".2%"),
            "currency_volatility": slider("Risk of the currency", currency_volatility, 0.0, 0.20, 0.0025, ".2%"),
            "correlation": slider("Correlation local / currency", correlation, -1.0, 1.0, 0.05, ".2f"),
        }
        self.local_return = local_return
        figure, (self.ax_return, self.ax_risk) = new_figure(7.5, 3.4, ncols=2)
        room_for_growing_ticks(figure)  # "−4.0%" on the return axis, after "4.0%" at the start
        labels = ["Hedged", "Unhedged"]
        colours = [COLOURS["domestic_bonds"], COLOURS["foreign_bonds"]]
        self.return_bars = self.ax_return.bar(labels, [0.0, 0.0], color=colours)
        self.risk_bars = self.ax_risk.bar(labels, [0.0, 0.0], color=colours)
        # Each label a few points beyond its bar's end (above a bar that goes up, below one that goes down).
        self.return_labels, self.risk_labels = (
            [ax.annotate("", (i, 0.0), xytext=(0.0, HEDGE_LABEL_OFFSET), textcoords="offset points", ha="center",
                         va="bottom") for i in range(2)]
            for ax in (self.ax_return, self.ax_risk)
        )
        self.ax_return.axhline(0.0, color=COLOURS["reference"], linewidth=0.8)
        self.ax_return.set_title("Expected return in yen")
        self.ax_risk.set_title("Risk in yen")
        percent_axis(self.ax_return, "y", decimals=1)
        percent_axis(self.ax_risk, "y")
        self.summary = figure.suptitle("", fontsize=10)
        dynamic = [*self.return_bars, *self.risk_bars, *self.return_labels, *self.risk_labels, self.summary]
        super().__init__(controls, figure, dynamic)

    def update(
        self,
        domestic_rate: float,
        foreign_rate: float,
        currency_return: float,
        local_volatility: float,
        currency_volatility: float,
        correlation: float,
    ) -> None:
        returns = [
            currency.hedged_return(self.local_return, domestic_rate, foreign_rate),
            currency.unhedged_return(self.local_return, currency_return),
        ]
        risks = currency.hedged_unhedged_risk(local_volatility, currency_volatility, correlation)
        for bars, labels, values in ((self.return_bars, self.return_labels, returns), (self.risk_bars, self.risk_labels, risks)):
            for bar, label, value in zip(bars, labels, values):
                bar.set_height(value)
                label.xy = (label.xy[0], value)  # at the bar's end, outside it
                label.set_position((0.0, HEDGE_LABEL_OFFSET if value >= 0.0 else -HEDGE_LABEL_OFFSET))
                label.set_verticalalignment("bottom" if value >= 0.0 else "top")
                label.set_text(signed_percent(value, 2))
        self.ax_return.set_ylim(*_return_axis_limits(returns))
        self.ax_risk.set_ylim(0.0, snapped_limit(max(HEDGE_MIN_RISK_AXIS, 1.3 * max(risks))))
        gap = currency.parity_currency_return(domestic_rate, foreign_rate)
        self.summary.set_text(
            f"Local return {signed_percent(self.local_return, 2)}; the hedge locks in the rate gap, "
            f"{signed_percent(gap, 2)} a year (yen rate minus foreign rate)"
        )


    def state_summary(self) -> str:
        """The bars' values as drawn (hedged, then unhedged), then the title on the rate gap."""
        if self.problem is not None:
            return ""
        returns, risks = ([label.get_text() for label in labels] for labels in (self.return_labels, self.risk_labels))
        return (f"Expected return in yen: hedged {returns[0]}, unhedged {returns[1]}; risk: hedged {risks[0]}, "
                f"unhedged {risks[1]}. {super().state_summary()}")


class YieldShockExplorer(FigureWidget):
    """A bond's price change after a yield shock: exact, duration estimate, duration plus convexity.

    Controls: starting yield, coupon, years to maturity and the shock (in
    basis points). The curves show the price change for every shock from -4
    to +4 percentage points, the horizontal axis (:func:`assetalloc.bonds.price_change`);
    the markers show the chosen shock.

    Parameters
    ----------
    yield_ : float
        Starting yield (decimal).
    coupon_rate : float
        Annual coupon (decimal of face value).
    maturity : int
        Years to maturity.
    shock : float
        Starting yield shock (decimal: 0.005 is +50 basis points); the slider moves in steps of 25 bp.
    frequency : int
        Coupons a year (1 annual, 2 semiannual as US Treasuries pay).
    """

    description = "Price change of a bond against the change in its yield: exact, and the duration and duration-plus-convexity estimates."
    static_controls = ("maturity",)  # offered on the static site (widgets.frames)

    def __init__(self, yield_: float, coupon_rate: float, maturity: int, shock: float, frequency: int = 1) -> None:
        self.frequency = frequency
        controls = {
            "yield_": slider("Starting yield", yield_, 0.0, 0.10, 0.0025, ".2%"),
            "coupon_rate": slider("Coupon", coupon_rate, 0.0, 0.10, 0.0025, ".2%"),
            "maturity": int_slider("Years to maturity", maturity, 1, 30),
            "shock_bp": int_slider("Yield shock (bp)", round(shock * BASIS_POINTS), -400, 400, 25),
        }
        figure, (ax,) = new_figure(7.0, 3.8)
        room_for_growing_ticks(figure)  # "−150%" on the price axis
        self.ax = ax
        (self.exact_line,) = ax.plot([], [], color=COLOURS["portfolio"], label="Exact repricing")
        (self.duration_line,) = ax.plot([], [], color=COLOURS["foreign_bonds"], linestyle="--", label="Duration estimate")
        (self.convexity_line,) = ax.plot(
            [], [], color=COLOURS["highlight"], linestyle="-.", label="Duration + convexity"
        )
        # Unclipped: a shock at either end of the axis is drawn whole.
        (self.chosen_points,) = ax.plot([], [], "o", color=COLOURS["data"], markersize=7, label="Chosen shock",
                                        clip_on=False)
        ax.axhline(0.0, color=COLOURS["reference"], linewidth=0.8)
        ax.axvline(0.0, color=COLOURS["reference"], linewidth=0.8)
        ax.set_xlim(SHOCK_GRID[0] * PERCENTAGE_POINTS, SHOCK_GRID[-1] * PERCENTAGE_POINTS)
        ax.set_xlabel("Change in yield (percentage points; 1 point = 100 bp)")
        ax.set_ylabel("Change in price")
        percent_axis(ax, "y")
        ax.legend(loc="upper right")
        self.summary = ax.set_title("")
        dynamic = [self.exact_line, self.duration_line, self.convexity_line, self.chosen_points, self.summary]
        super().__init__(controls, figure, dynamic)

    def update(self, yield_: float, coupon_rate: float, maturity: int, shock_bp: int) -> None:
        shock = shock_bp / BASIS_POINTS
        curves = bonds.price_change(yield_, coupon_rate, maturity, SHOCK_GRID, self.frequency)
        chosen = bonds.price_change(yield_, coupon_rate, maturity, shock, self.frequency).iloc[0]
        grid_points = SHOCK_GRID * PERCENTAGE_POINTS
        self.exact_line.set_data(grid_points, curves["exact"])
        self.duration_line.set_data(grid_points, curves["duration"])
        self.convexity_line.set_data(grid_points, curves["duration_convexity"])
        self.chosen_points.set_data([shock * PERCENTAGE_POINTS] * 3, chosen.to_numpy())
        self.ax.set_ylim(snapped_limit(curves.to_numpy().min() * 1.05 - 0.01), snapped_limit(curves.to_numpy().max() * 1.05 + 0.01))
        coupons = {1: "annual", 2: "semiannual"}.get(self.frequency, f"{self.frequency} a year")
        self.summary.set_text(
            f"Modified duration {bonds.modified_duration(yield_, coupon_rate, maturity, self.frequency):.2f} "
            f"({coupons} coupons)\n{signed_number(shock_bp, 0, plus=True)} bp: price "
            f"{signed_percent(chosen['exact'], 2, plus=True)} (duration {signed_percent(chosen['duration'], 2, plus=True)}, "
            f"with convexity {signed_percent(chosen['duration_convexity'], 2, plus=True)})"
        )


def default_widgets() -> dict[str, FigureWidget]:
    """The chapter's widgets in their default state, built from the cited data.

    ``allocation``: the source's Table 2 inputs (:func:`table2_inputs`) at its
    risk aversion, with no fee. ``hedge``: a foreign bond with a 4 % local
    return, yen and foreign short rates of 0.5 % and 4 % (an illustration
    near 2025's yen and dollar rates, not data), the currency expected to move
    by the rate differential (uncovered parity), and foreign bonds' GPIF 2008
    risk split into local and currency parts as stated in the chapter.
    ``yield_shock``: a 10-year bond with a 4.5 % semiannual coupon at a 4.5 %
    yield and a +50 bp shock.
    """
    expected, covariance = table2_inputs()
    printed = in_library_units(data.reported_figures("yamazaki2009"))
    domestic_rate, foreign_rate = 0.005, 0.04
    return {
        "allocation": AllocationExplorer(expected, covariance, printed["table2_risk_aversion"]),
        "hedge": HedgeExplorer(
            local_return=0.04, domestic_rate=domestic_rate, foreign_rate=foreign_rate,
            currency_return=currency.parity_currency_return(domestic_rate, foreign_rate),
            local_volatility=0.05, currency_volatility=0.12, correlation=0.0,
        ),
        "yield_shock": YieldShockExplorer(yield_=0.045, coupon_rate=0.045, maturity=10, shock=0.005, frequency=2),
    }
