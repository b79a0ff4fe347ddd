"""Widgets of chapter 1, Diversification.

Each widget takes its data as arguments (the chapter passes the cited
datasets) and calls :mod:`assetalloc.risk` for every number it draws.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import ClassVar

import numpy as np
import pandas as pd
from matplotlib.ticker import MaxNLocator

from assetalloc import data, estimation, losses, risk
from assetalloc.book import signed_number, signed_percent
from assetalloc.charts import Chart
from assetalloc.compare import in_library_units
from assetalloc.style import COLOURS, OKABE_ITO, new_figure, percent_axis, styled
from assetalloc.widgets.base import (
    LEGEND_CLEARANCE_PX,
    FigureWidget,
    clearest_legend_place,
    int_slider,
    legend_rooms,
    room_for_growing_ticks,
    slider,
    snapped_limit,
    top_with_room_for_legend,
)

#: Number of points on weight curves (0%, 1%, ..., 100%).
WEIGHT_GRID_POINTS = 101
#: The holdings widget's note on hypothetical holdings: its font size, its height (two lines) and its gap
#: from the line it sits by, in points.
BEYOND_NOTE_FONTSIZE = 8
BEYOND_NOTE_POINTS, BEYOND_NOTE_GAP = 2 * 1.2 * BEYOND_NOTE_FONTSIZE + 2.0, 3.0


def _weight_grid() -> np.ndarray:
    """Rows (w, 1 - w) for w from 0 to 1: every mix of two assets."""
    first = np.linspace(0.0, 1.0, WEIGHT_GRID_POINTS)
    return np.column_stack([first, 1.0 - first])


class TwoAssetRiskExplorer(FigureWidget):
    """Portfolio risk of two assets against the weight of the first.

    Controls: the first asset's weight, the correlation and the two risks.
    The figure shows the portfolio's risk for every mix (solid), the risk
    with no diversification benefit (correlation 1, dashed: the weighted
    average of the two risks) and the chosen mix.

    Parameters
    ----------
    volatilities : pair of float
        Annual risks of the two assets (decimal).
    correlation : float
        Correlation of their returns.
    weight : float
        Starting weight of the first asset (decimal).
    names : pair of str
        Asset names for the labels.
    """

    description = "Portfolio risk against the weight of the first asset, for the chosen correlation."
    static_controls = ("correlation",)  # offered on the static site (widgets.frames)

    def __init__(
        self,
        volatilities: Sequence[float],
        correlation: float,
        weight: float,
        names: Sequence[str] = ("Domestic stocks", "Foreign stocks"),
    ) -> None:
        self.names = tuple(names)
        controls = {
            "weight": slider(f"Weight of {self.names[0].lower()}", weight, 0.0, 1.0, 0.01, ".0%"),
            "correlation": slider("Correlation", correlation, -1.0, 1.0, 0.01, ".2f"),
            "volatility_1": slider(f"Risk of {self.names[0].lower()}", volatilities[0], 0.01, 0.40, 0.0025, ".2%"),
            "volatility_2": slider(f"Risk of {self.names[1].lower()}", volatilities[1], 0.01, 0.40, 0.0025, ".2%"),
        }
        figure, (ax,) = new_figure(7.0, 3.8)
        self.ax = ax
        (self.no_diversification_line,) = ax.plot(
            [], [], linestyle="--", color=COLOURS["reference"], label="No diversification (correlation 1)"
        )
        (self.portfolio_line,) = ax.plot([], [], color=COLOURS["portfolio"], label="Portfolio risk")
        # Unclipped: the chosen mix at 0% or 100% sits on the frame, drawn whole.
        (self.chosen_point,) = ax.plot([], [], "o", color=COLOURS["highlight"], markersize=8, label="Chosen mix",
                                       clip_on=False)
        self.summary = ax.set_title("", fontsize=10)  # above the axes: the curve never runs through it
        ax.set_xlabel(f"Weight of {self.names[0].lower()} (rest in {self.names[1].lower()})")
        ax.set_ylabel("Risk (standard deviation a year)")
        ax.set_xlim(0.0, 1.0)
        percent_axis(ax, "x")
        percent_axis(ax, "y")
        self.legend = ax.legend(loc="upper left")  # redrawn at every move: placed clear of the curves (update)
        super().__init__(controls, figure, [self.no_diversification_line, self.portfolio_line, self.chosen_point, self.summary])
        self.refresh()  # the first render laid out the axes: the legend's place is measured on them from now on

    def update(self, weight: float, correlation: float, volatility_1: float, volatility_2: float) -> None:
        grid = _weight_grid()
        covariance = risk.two_asset_covariance(volatility_1, volatility_2, correlation)
        undiversified = risk.two_asset_covariance(volatility_1, volatility_2, 1.0)
        curve = risk.portfolio_volatility(grid, covariance)
        average = risk.portfolio_volatility(grid, undiversified)
        chosen = [weight, 1.0 - weight]
        chosen_risk = risk.portfolio_volatility(chosen, covariance)
        self.portfolio_line.set_data(grid[:, 0], curve)
        self.no_diversification_line.set_data(grid[:, 0], average)
        self.chosen_point.set_data([weight], [chosen_risk])
        self.summary.set_text(
            f"{weight:.0%} / {1 - weight:.0%}: risk {chosen_risk:.2%}, "
            f"against {risk.portfolio_volatility(chosen, undiversified):.2%} with no diversification"
        )
        highest = max(volatility_1, volatility_2)
        self.ax.set_ylim(0.0, snapped_limit(highest * 1.25))
        drawn = np.vstack([np.column_stack([grid[:, 0], curve]), np.column_stack([grid[:, 0], average]),
                           [[weight, chosen_risk]]])
        if max(legend_rooms(self.ax, self.legend, drawn).values()) < LEGEND_CLEARANCE_PX:  # no place clear of the data
            self.ax.set_ylim(0.0, snapped_limit(top_with_room_for_legend(self.ax, self.legend, highest, 1.25)))
        self.legend.set_loc(clearest_legend_place(self.ax, self.legend, drawn))


class LossBudgetCalculator(FigureWidget):
    """How much can be invested if a bad year may cost at most a given amount.

    A bad year is the expected return minus ``k`` standard deviations. The
    figure compares holding the first asset alone with the chosen two-asset
    mix: the bad-year return (left) and the largest investment whose bad-year
    loss stays within the loss limit (right): the loss budget.

    Parameters
    ----------
    volatilities : pair of float
        Annual risks of the two assets (decimal).
    correlation : float
        Correlation of their returns.
    weight : float
        Starting weight of the first asset in the mix (decimal).
    expected_return : float
        Expected annual return of both assets (decimal).
    k : float
        How many standard deviations below the expected return a bad year is.
    loss_limit : float
        The loss limit in yen: the most a bad year may cost.
    names : pair of str
        Asset names for the labels.
    """

    problem_words: ClassVar[Mapping[str, str]] = {
        "volatilities must be > expected_return / k": (
            "with this expected return, even a bad year would not lose money, so there is no largest investment: "
            "lower the expected return or raise the standard deviations of a bad year."),
    }

    description = "Bad-year return and largest investment within a loss limit (the loss budget): one asset alone against a mix."
    static_controls = ("k",)  # offered on the static site (widgets.frames)

    def __init__(
        self,
        volatilities: Sequence[float],
        correlation: float,
        weight: float,
        expected_return: float,
        k: float,
        loss_limit: float,
        names: Sequence[str] = ("Domestic stocks", "Foreign stocks"),
    ) -> None:
        self.names = tuple(names)
        self.volatilities = tuple(volatilities)
        self.correlation = correlation
        self.baseline = f"{self.names[0]} only"
        self.alternative = f"{self.names[1]} only"
        controls = {
            "weight": slider(f"Mix: weight of {self.names[0].lower()}", weight, 0.0, 1.0, 0.01, ".0%"),
            "expected_return": slider("Expected return", expected_return, 0.0, 0.12, 0.005, ".1%"),
            "k": slider("Bad year: standard deviations", k, 0.5, 3.0, 0.1, ".1f"),
            "loss_limit": slider("Loss limit (yen)", loss_limit, 100_000.0, 5_000_000.0, 100_000.0, ",.0f"),
        }
        figure, (self.ax_return, self.ax_investment) = new_figure(8.0, 3.8, ncols=2)
        room_for_growing_ticks(figure)  # "−100%" on the return axis
        labels = [self.baseline.replace(" ", "\n", 1), self.alternative.replace(" ", "\n", 1), "Mix"]
        colours = [COLOURS["domestic_stocks"], COLOURS["foreign_stocks"], COLOURS["portfolio"]]
        self.return_bars = self.ax_return.bar(labels, [0.0] * 3, color=colours)
        self.investment_bars = self.ax_investment.bar(labels, [0.0] * 3, color=colours)
        self.ax_return.set_title("Bad-year return")
        self.ax_investment.set_title("Largest investment (million yen)")
        percent_axis(self.ax_return, "y")
        # Under the bars: kept with the background, not redrawn over the next panel's top tick label.
        self.ax_return.axhline(0.0, color=COLOURS["reference"], linewidth=0.8, zorder=0.9)
        self.return_labels = [self.ax_return.text(i, 0.0, "", ha="center", va="top") for i in range(3)]
        self.investment_labels = [self.ax_investment.text(i, 0.0, "", ha="center", va="bottom") for i in range(3)]
        self.summary = figure.suptitle("", fontsize=10)
        dynamic = [*self.return_bars, *self.investment_bars, *self.return_labels, *self.investment_labels, self.summary]
        super().__init__(controls, figure, dynamic)

    def budget(self, weight: float, expected_return: float, k: float, loss_limit: float) -> pd.DataFrame:
        """The model's answer for these settings (:func:`assetalloc.losses.loss_budget`)."""
        covariance = risk.two_asset_covariance(*self.volatilities, self.correlation)
        volatilities = pd.Series(
            {
                self.baseline: self.volatilities[0],
                self.alternative: self.volatilities[1],
                "Mix": risk.portfolio_volatility([weight, 1.0 - weight], covariance),
            }
        )
        return losses.loss_budget(expected_return, volatilities, loss_limit, k, baseline=self.baseline)

    def update(self, weight: float, expected_return: float, k: float, loss_limit: float) -> None:
        table = self.budget(weight, expected_return, k, loss_limit)
        millions = table["max_investment"] / 1e6
        bottom = snapped_limit(min(table["worst_case_return"].min() * 1.35, -0.05))
        self.ax_return.set_ylim(bottom, 0.0)
        self.ax_investment.set_ylim(0.0, snapped_limit(millions.max() * 1.25))
        gap = 0.02 * -bottom  # the label sits just below the bar's end, clear of its edge
        for bar, label, value in zip(self.return_bars, self.return_labels, table["worst_case_return"]):
            bar.set_height(value)
            label.set_position((label.get_position()[0], value - gap))
            label.set_text(signed_percent(value, 2))
        for bar, label, value in zip(self.investment_bars, self.investment_labels, millions):
            bar.set_height(value)
            label.set_position((label.get_position()[0], value))
            label.set_text(f"{value:.2f}")
        mix = table.loc["Mix"]
        extra, gain = float(mix["extra_investment"]) / 1e6, round(float(mix["extra_expected_gain"]), -3)
        self.summary.set_text(
            f"Mix {weight:.0%} / {1 - weight:.0%} against {self.baseline.lower()}: "
            f"{abs(extra):.2f} million yen {_more_or_less(extra)} invested,\n"
            f"about {abs(gain):,.0f} yen a year {_more_or_less(gain)} expected gain"
        )


def _more_or_less(difference: float) -> str:
    """The word for a difference's sign, its size written without one: "more" (or for none), else "less"."""
    return "less" if difference < 0.0 else "more"


class HoldingsRiskExplorer(FigureWidget):
    """Risk of an equally weighted portfolio against the number of holdings.

    The curve is the law of diversification: portfolio variance equals the
    average variance divided by ``N`` plus the average covariance times
    ``1 - 1/N``. As ``N`` grows, risk falls towards the square root of the
    average covariance, the part no diversification removes. Real data (when
    given) are shown as the average and range of the risk of every equally
    weighted portfolio of ``N`` of the assets.

    Parameters
    ----------
    average_volatility : float
        Starting average risk of one holding (decimal).
    average_correlation : float
        Starting average correlation between two holdings. For real data, pass
        :func:`assetalloc.risk.equivalent_correlation` of their covariance
        matrix (with ``average_volatility`` the square root of the average
        variance): the curve is then the exact law for those assets, its floor
        the square root of their average covariance.
    max_holdings : int
        Starting right end of the horizontal axis.
    subset_risks : pandas.DataFrame, optional
        Real-data risks by number of holdings (index ``N``; columns ``mean``,
        ``min``, ``max``), from :func:`assetalloc.risk.equal_weight_subset_volatilities`.
    data_label : str
        Legend label of the real data.
    """

    description = "Risk of an equally weighted portfolio against the number of holdings, with its floor."
    static_controls = ("average_correlation",)  # offered on the static site (widgets.frames)

    def __init__(
        self,
        average_volatility: float,
        average_correlation: float,
        max_holdings: int = 30,
        subset_risks: pd.DataFrame | None = None,
        data_label: str = "Real data",
    ) -> None:
        controls = {
            "average_volatility": slider("Average risk of one holding", average_volatility, 0.05, 0.60, 0.01, ".0%"),
            "average_correlation": slider("Average correlation", average_correlation, 0.0, 1.0, 0.01, ".2f"),
            "max_holdings": int_slider("Largest number of holdings", max_holdings, 2, 100),
        }
        figure, (ax,) = new_figure(7.0, 3.8)
        room_for_growing_ticks(figure)  # "100%" on the risk axis, "100" holdings at the right edge
        self.ax = ax
        ax.xaxis.set_major_locator(MaxNLocator(integer=True))  # whole holdings only
        (self.curve,) = ax.plot([], [], color=COLOURS["portfolio"], label="Equally weighted portfolio")
        self.floor = ax.axhline(0.0, linestyle="--", color=COLOURS["reference"], label="Floor for average holdings (systematic risk)")
        self.subset_risks = subset_risks
        self.data_holdings: int | None = None
        self.beyond_label = None
        if subset_risks is not None:
            ax.fill_between(
                subset_risks.index, subset_risks["min"], subset_risks["max"], color=COLOURS["data"], alpha=0.25,
                label=f"{data_label}: range over all subsets",
            )
            ax.plot(subset_risks.index, subset_risks["mean"], "o", color=COLOURS["data"], label=f"{data_label}: average")
            # Beyond the data the curve describes hypothetical average holdings, not real ones.
            self.data_holdings = int(max(subset_risks.index))
            ax.axvspan(self.data_holdings + 0.5, 10_000.0, color=COLOURS["reference"], alpha=0.15, linewidth=0)
            self.beyond_label = ax.annotate(
                f"beyond the {self.data_holdings} {data_label}:\nhypothetical average holdings",
                (self.data_holdings + 1.0, 0.0), xytext=(0.0, 0.0), textcoords="offset points", fontsize=BEYOND_NOTE_FONTSIZE,
                color=COLOURS["reference"],
            )
        self.summary = ax.set_title("")
        ax.set_xlabel("Number of holdings, equally weighted")
        ax.set_ylabel("Risk (standard deviation a year)")
        percent_axis(ax, "y")
        ax.legend(loc="upper right")
        dynamic = [self.curve, self.floor, self.summary, *([self.beyond_label] if self.beyond_label is not None else [])]
        super().__init__(controls, figure, dynamic)

    def update(self, average_volatility: float, average_correlation: float, max_holdings: int) -> None:
        holdings = np.arange(1, max_holdings + 1)
        curve = risk.equal_weight_portfolio_volatility(holdings, average_volatility, average_correlation)
        floor = risk.diversification_floor(average_volatility, average_correlation)
        self.curve.set_data(holdings, curve)
        self.floor.set_ydata([floor, floor])
        self.ax.set_xlim(0.5, max_holdings + 0.5)
        top = average_volatility if self.subset_risks is None else max(average_volatility, self.subset_risks["max"].max())
        self.ax.set_ylim(0.0, snapped_limit(top * 1.45))
        if self.beyond_label is not None:
            self._place_beyond_label(floor, curve[min(self.data_holdings, max_holdings - 1)])
            self.beyond_label.set_visible(max_holdings > self.data_holdings + 3)
        if self.data_holdings is not None and max_holdings > self.data_holdings:
            what = f"{max_holdings} holdings (hypothetical beyond {self.data_holdings})"
        else:
            what = f"{max_holdings} holdings"
        self.summary.set_text(f"{what}: risk {curve[-1]:.1%}; floor {floor:.1%}")

    def _place_beyond_label(self, floor: float, first_hypothetical: float) -> None:
        """Put the note on the hypothetical holdings under the floor line, or over the curve if there is no room.

        Under the line nothing else is drawn, when the note's height fits between the line and the axis;
        otherwise it goes just above the floor and the curve at the first hypothetical holding (the curve
        falls with the number of holdings, so it stays under the note).
        """
        axis_bottom = self.ax.transData.transform((0.0, self.ax.get_ylim()[0]))[1]
        floor_points = (self.ax.transData.transform((0.0, floor))[1] - axis_bottom) * 72.0 / self.figure.dpi
        fits_under = floor_points >= BEYOND_NOTE_POINTS + 2 * BEYOND_NOTE_GAP
        self.beyond_label.xy = (self.data_holdings + 1.0, floor if fits_under else max(floor, first_hypothetical))
        self.beyond_label.xyann = (0.0, -BEYOND_NOTE_GAP if fits_under else BEYOND_NOTE_GAP)
        self.beyond_label.set_verticalalignment("top" if fits_under else "bottom")


# --------------------------------------------------------------------------- static figures


@styled
def correlation_curves_chart(
    volatilities: Sequence[float],
    correlations: Sequence[float],
    names: Sequence[str] = ("Domestic stocks", "Foreign stocks"),
    title: str = "",
    source_correlation: float | None = None,
) -> Chart:
    """Portfolio risk of two assets against the first's weight, one curve per correlation.

    The static companion of :class:`TwoAssetRiskExplorer`: what its
    correlation slider shows, side by side. Each curve's lowest point is
    marked at the weight of
    :func:`assetalloc.risk.two_asset_minimum_variance_weight` (clipped to
    0-100%, the long-only range).

    Parameters
    ----------
    volatilities : pair of float
        Annual risks of the two assets (decimal, > 0).
    correlations : sequence of float
        Correlations to draw, each in [-1, 1] (at most 7).
    names : pair of str
        Asset names for the labels.
    title : str
        Figure title.
    source_correlation : float, optional
        One of ``correlations``: its curve is drawn thicker and labelled as
        the source's.

    Returns
    -------
    Chart
    """
    first, second = (float(v) for v in volatilities)
    rhos = [float(rho) for rho in correlations]
    if not 1 <= len(rhos) <= 7:
        raise ValueError(f"correlations must hold 1 to 7 values (got {len(rhos)})")
    if source_correlation is not None and float(source_correlation) not in rhos:
        raise ValueError(f"source_correlation must be one of correlations (got {source_correlation})")
    grid = _weight_grid()
    colours = [OKABE_ITO[name] for name in ("black", "blue", "bluish_green", "orange", "vermillion", "sky_blue",
                                            "reddish_purple")]
    figure, (ax,) = new_figure(7.0, 3.8)
    for rho, colour in zip(sorted(rhos, reverse=True), colours):
        covariance = risk.two_asset_covariance(first, second, rho)
        curve = risk.portfolio_volatility(grid, covariance)
        style = "--" if rho == 1.0 else "-"
        label = f"correlation {signed_number(rho, 2, plus=True)}"
        is_source = source_correlation is not None and rho == float(source_correlation)
        if is_source:
            label += " (the source's)"
        ax.plot(grid[:, 0], curve, color=colour, linestyle=style, linewidth=2.6 if is_source else 1.5, label=label)
        if first != second or rho < 1.0:
            best = min(max(risk.two_asset_minimum_variance_weight(first, second, rho), 0.0), 1.0)
            # Unclipped, so that a lowest point on the frame (an end of the range, or zero risk) shows whole.
            ax.plot([best], [risk.portfolio_volatility([best, 1.0 - best], covariance)], "o", color=colour,
                    markersize=6, clip_on=False, zorder=5)
    ax.set_xlim(0.0, 1.0)
    ax.set_ylim(0.0, max(first, second) * 1.15)
    ax.set_xlabel(f"Weight of {names[0].lower()} (rest in {names[1].lower()})")
    ax.set_ylabel("Risk (standard deviation a year)")
    percent_axis(ax, "x")
    percent_axis(ax, "y")
    ax.legend(loc="center left", bbox_to_anchor=(1.0, 0.5))
    ax.set_title(title)
    description = f"Risk of every mix of {names[0].lower()} and {names[1].lower()} for correlations {rhos}. {title}"
    return Chart(figure, description.strip())


@styled
def rolling_correlation_chart(correlation: pd.Series, title: str = "") -> Chart:
    """A correlation measured over a moving window, drawn through time.

    Parameters
    ----------
    correlation : pandas.Series
        From :func:`assetalloc.estimation.rolling_correlation`, indexed by date.
    title : str
        Figure title.

    Returns
    -------
    Chart
    """
    if not isinstance(correlation, pd.Series) or not isinstance(correlation.index, pd.DatetimeIndex):
        raise TypeError("correlation must be a pandas Series indexed by dates")
    figure, (ax,) = new_figure(7.0, 3.2)
    ax.plot(correlation.index, correlation.to_numpy(), color=COLOURS["portfolio"], linewidth=1.5)
    lowest, highest = correlation.idxmin(), correlation.idxmax()
    for when in (lowest, highest):
        value = float(correlation.loc[when])
        ax.plot([when], [value], "o", color=COLOURS["highlight"], markersize=6)
        ax.annotate(f"{value:.2f} ({when:%b %Y})", (when, value), textcoords="offset points",
                    xytext=(6, -12 if when == lowest else 6), fontsize=9)
    ax.set_ylim(0.0, 1.0)
    ax.set_ylabel("Correlation")
    ax.set_title(title)
    return Chart(figure, f"A correlation measured over a moving window, {correlation.index[0]:%Y}-{correlation.index[-1]:%Y}. {title}".strip())


def default_widgets() -> dict[str, FigureWidget]:
    """The chapter's three widgets in their default state, built from the cited data.

    Inputs: GPIF's 2008 risks for domestic and foreign stocks, the source's
    correlation (0.27) and loss-budget assumptions (:mod:`assetalloc.data`),
    and the real risks of portfolios of US industries (Ken French's data).
    Used by the tests and the latency benchmark; the chapter builds the same
    widgets step by step.
    """
    gpif = data.gpif_2008_assumptions()
    inputs = in_library_units(data.reported_figures("yamazaki2009"))
    volatilities = (gpif.loc["domestic_stocks", "volatility"], gpif.loc["foreign_stocks", "volatility"])
    correlation = inputs["table1_correlation_domestic_foreign"]
    industry_covariance = estimation.annualised_covariance(data.us_equity_monthly()[data.US_INDUSTRIES])
    average_variance, _ = risk.average_variance_and_covariance(industry_covariance)
    return {
        "two_asset": TwoAssetRiskExplorer(volatilities, correlation, weight=0.4),
        "loss_budget": LossBudgetCalculator(
            volatilities, correlation, weight=0.4, expected_return=inputs["loss_expected_return"],
            k=inputs["loss_sigma_multiple"], loss_limit=inputs["loss_limit"],
        ),
        "holdings": HoldingsRiskExplorer(
            float(np.sqrt(average_variance)), risk.equivalent_correlation(industry_covariance),
            subset_risks=risk.equal_weight_subset_volatilities(industry_covariance), data_label="US industries",
        ),
    }
