"""Widgets of chapter 3, Emerging markets (and the chapter's one static chart).

Three equity indices seen from Japan in yen: domestic (TOPIX), foreign
developed (MSCI Kokusai) and emerging (MSCI EM). Every number drawn comes
from :mod:`assetalloc.optimise`, :mod:`assetalloc.risk` or
:mod:`assetalloc.sensitivity`; the chapter passes the source's inputs
(:func:`source_inputs`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import ClassVar

import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.lines import Line2D

from assetalloc import data, optimise, risk, sensitivity, style
from assetalloc.book import signed_number
from assetalloc.charts import Chart
from assetalloc.compare import in_library_units
from assetalloc.style import COLOURS, OKABE_ITO, new_figure, percent_axis, styled
from assetalloc.widgets.base import (
    FigureWidget,
    clearest_legend_place,
    slider,
    snapped_limit,
)

#: The three assets, in the order of every vector and matrix of this chapter.
NAMES = ("Domestic stocks", "Foreign developed stocks", "Emerging stocks")
#: Their colours (by role, as in every chapter).
ASSET_COLOURS = (COLOURS["domestic_stocks"], COLOURS["foreign_stocks"], COLOURS["emerging_stocks"])
#: Position of emerging stocks.
EMERGING = 2
#: Points on each drawn efficient frontier.
FRONTIER_POINTS = 40
#: The three allocation rules compared by the fragility widget and chart, with their colours.
METHODS = {
    "Plain optimum": OKABE_ITO["blue"],
    "With a weight limit": OKABE_ITO["bluish_green"],
    "Resampled": OKABE_ITO["reddish_purple"],
}
#: Range of the optimum widget's slider for the expected return of emerging stocks (decimal): the source's
#: tables use 6 %, 8 % and 10 %, and the frontier panel's vertical axis spans just this range.
EMERGING_RETURN_RANGE = (0.05, 0.10)
#: The optimum widget's legend entry for a frontier that is a single point (no curve is drawn).
ONE_POINT_FRONTIER = "Efficient frontier: one point, the optimum"
#: What the frontier-shape widget's legend adds to the chosen frontier's name when it is a single point.
ONE_POINT_CHOSEN = "a single point: the minimum-\nvariance portfolio (ringed)"
#: A ring marker: drawn over the assets' squares, it leaves an asset that a marked portfolio holds alone in view.
RING = {"marker": "o", "linestyle": "None", "markerfacecolor": "none", "markersize": 14, "markeredgewidth": 2.0}
#: Simulated histories behind each resampled portfolio in the widget (the chapter's chart uses 200).
WIDGET_DRAWS = 100
#: Top of the fragility widget's weight axis: room above 100% for its legend and its note.
FRAGILITY_AXIS_TOP = 1.35
#: Points between the fragility widget's legend and the note under it.
IDLE_NOTE_GAP = 5.0
#: Resampled portfolios the fragility widget keeps (by expected returns), so moving the weight limit solves none again.
RESAMPLED_KEPT = 64
#: First and last month of the source's Pattern 2 data (monthly yen returns).
SOURCE_PERIOD = ("1999-02", "2009-07")
#: What the simulated-data label of this chapter's figures adds: the resampled results.
SIMULATED_DETAIL = "resampled histories"
#: The label put on every figure that shows resampled results.
SIMULATED_LABEL = f"{style.SIMULATED_LABEL}: {SIMULATED_DETAIL}"


def source_inputs() -> dict:
    """The source's Pattern 2 inputs (monthly yen returns, Feb 1999 - Jul 2009), in DECIMALS.

    Returns
    -------
    dict
        ``volatilities`` (shape (3,)), ``correlation`` (3 x 3), ``covariance``
        (3 x 3, decimal, annualised) and ``expected_returns`` of Table 4
        (domestic and foreign 6 %, emerging 8 %), in the order of :data:`NAMES`.
    """
    printed = in_library_units(data.reported_figures("yamazaki2009"))
    volatilities = printed[["pattern2_risk_domestic", "pattern2_risk_foreign", "pattern2_risk_emerging"]].to_numpy()
    rho_df = printed["pattern2_correlation_domestic_foreign"]
    rho_de = printed["pattern2_correlation_domestic_emerging"]
    rho_fe = printed["pattern2_correlation_foreign_emerging"]
    correlation = np.array([[1.0, rho_df, rho_de], [rho_df, 1.0, rho_fe], [rho_de, rho_fe, 1.0]])
    stocks = printed["table3_expected_return"]
    return {
        "volatilities": volatilities,
        "correlation": correlation,
        "covariance": risk.covariance_from_correlation(volatilities, correlation),
        "expected_returns": np.array([stocks, stocks, printed["table4_expected_return_emerging"]]),
    }


def source_months() -> int:
    """Number of monthly returns in :data:`SOURCE_PERIOD`, counting both ends (126)."""
    return len(pd.period_range(*SOURCE_PERIOD, freq="M"))


def _frontier_axes(ax: Axes, volatilities: Sequence[float], expected_returns: Sequence[float]) -> list:
    """Label a risk/return plane and mark the three assets on it; returns the asset markers."""
    markers = [
        ax.plot([volatilities[i]], [expected_returns[i]], "s", color=ASSET_COLOURS[i], markersize=7, label=name)[0]
        for i, name in enumerate(NAMES)
    ]
    ax.set_xlabel("Risk (standard deviation a year)")
    ax.set_ylabel("Expected return a year")
    percent_axis(ax, "x")
    percent_axis(ax, "y", decimals=1)
    return markers


def _draw_as_dot(lines: Sequence[Line2D], one_point: bool) -> None:
    """Draw a frontier (and its legend key) as a dot when it is one point, else as a line."""
    for line in lines:
        line.set_marker("o" if one_point else "None")
        line.set_linestyle("None" if one_point else "-")


class EmergingOptimumExplorer(FigureWidget):
    """The optimal mix of the three equity indices for a chosen EM expected return and risk aversion.

    Left: the optimal weights (bars). Right: the long-only efficient frontier
    of the three indices, the three indices themselves and the optimum on the
    frontier. Domestic and foreign developed stocks keep their expected
    returns.

    Parameters
    ----------
    expected_returns : sequence of 3 floats
        Expected returns (decimal, annualised); the emerging one is the slider's start.
    covariance : array_like, shape (3, 3)
        Covariance matrix (decimal, annualised).
    risk_aversion : float
        Starting risk aversion (decimal units, no-1/2 convention).
    """

    description = "Optimal weights of domestic, foreign developed and emerging stocks, and the optimum on the efficient frontier."
    static_controls = ("risk_aversion",)  # offered on the static site (widgets.frames)

    def __init__(self, expected_returns: Sequence[float], covariance: np.ndarray, risk_aversion: float) -> None:
        self.expected_returns = np.asarray(expected_returns, dtype=float)
        self.covariance = np.asarray(covariance, dtype=float)
        self.volatilities = risk.volatilities(self.covariance)
        controls = {
            "emerging_return": slider("Expected return of emerging stocks", float(self.expected_returns[EMERGING]),
                                      EMERGING_RETURN_RANGE[0], EMERGING_RETURN_RANGE[1], 0.0025, ".2%"),
            "risk_aversion": slider("Risk aversion (decimal units)", risk_aversion, 0.1, 5.0, 0.01, ".2f"),
        }
        figure, (self.ax_weights, self.ax_frontier) = new_figure(8.5, 3.9, ncols=2)
        self.bars = self.ax_weights.bar(["Domestic", "Foreign\ndeveloped", "Emerging"], [0.0] * 3, color=ASSET_COLOURS)
        self.bar_labels = [self.ax_weights.text(i, 0.0, "", ha="center", va="bottom") for i in range(3)]
        self.ax_weights.set_ylim(0.0, 1.12)
        self.ax_weights.set_title("Optimal weights")
        percent_axis(self.ax_weights, "y")
        (self.frontier_line,) = self.ax_frontier.plot([], [], color=COLOURS["portfolio"], label="Efficient frontier")
        self.asset_markers = _frontier_axes(self.ax_frontier, self.volatilities, self.expected_returns)
        # A ring over the assets' squares: an optimum that is one asset alone leaves that asset's square in view.
        (self.optimum_point,) = self.ax_frontier.plot([], [], color=COLOURS["highlight"], label="Optimum", **RING)
        self.ax_frontier.set_xlim(0.12, 0.30)
        # Room for the slider's whole range (the axes are kept as pixels, so they cannot follow it).
        self.ax_frontier.set_ylim(EMERGING_RETURN_RANGE[0] - 0.0025, EMERGING_RETURN_RANGE[1] + 0.005)
        legend = self.ax_frontier.legend(loc="upper left", fontsize=8)
        # The frontier's entry in the legend: a dot, not a line, and its own name when the frontier is one point.
        entry = self.ax_frontier.get_legend_handles_labels()[0].index(self.frontier_line)
        self.frontier_key, self.frontier_text = legend.legend_handles[entry], legend.get_texts()[entry]
        self.summary = figure.suptitle("", fontsize=10)
        dynamic = [*self.bars, *self.bar_labels, self.frontier_line, self.asset_markers[EMERGING], self.optimum_point,
                   legend, self.summary]
        super().__init__(controls, figure, dynamic)

    def inputs(self, emerging_return: float) -> np.ndarray:
        """The expected returns with the emerging one replaced (decimal)."""
        mu = self.expected_returns.copy()
        mu[EMERGING] = emerging_return
        return mu

    def update(self, emerging_return: float, risk_aversion: float) -> None:
        mu = self.inputs(emerging_return)
        weights = optimise.mean_variance_weights(mu, self.covariance, risk_aversion)
        frontier = optimise.efficient_frontier(mu, self.covariance, FRONTIER_POINTS)
        volatility = risk.portfolio_volatility(weights, self.covariance)
        expected = risk.portfolio_return(weights, mu)
        for bar, label, weight in zip(self.bars, self.bar_labels, weights):
            bar.set_height(weight)
            label.set_position((label.get_position()[0], weight))
            label.set_text(f"{weight:.1%}")
        self.frontier_line.set_data(frontier.volatilities, frontier.returns)
        # No mix beats the lowest-risk one on return: the frontier is that one point, which is then the optimum.
        one_point = len(frontier.returns) == 1
        self.frontier_text.set_text(ONE_POINT_FRONTIER if one_point else "Efficient frontier")
        _draw_as_dot((self.frontier_line, self.frontier_key), one_point)
        self.asset_markers[EMERGING].set_ydata([emerging_return])
        self.optimum_point.set_data([volatility], [expected])
        self.summary.set_text(
            f"Risk aversion {risk_aversion:.2f} ({optimise.risk_aversion_to_percent(risk_aversion):.4f} in percent "
            f"units): expected return {expected:.2%}, risk {volatility:.2%}"
        )


class FrontierShapeExplorer(FigureWidget):
    """How the efficient frontier of the three indices changes with EM's risk and correlations.

    The dashed curve is the frontier with the source's inputs; the solid
    curve the frontier with the sliders' risk of emerging stocks and their
    correlations with the two developed markets. The point is the
    minimum-variance portfolio. Correlations that cannot go together (a
    matrix that is not positive semidefinite) show a message.

    The sliders start at the source's inputs unless a start is given; a
    static page shows only the starting state, so give it one that differs
    from the source's (the two curves then both show).

    Parameters
    ----------
    expected_returns : sequence of 3 floats
        Expected returns (decimal, annualised), fixed.
    volatilities : sequence of 3 floats
        Risks (decimal, annualised); the emerging one is the slider's start.
    correlation : array_like, shape (3, 3)
        Correlation matrix: the source's, drawn dashed.
    start_volatility, start_correlation_foreign, start_correlation_domestic : float, optional
        The sliders' starting risk of emerging stocks (decimal) and its
        correlations with foreign developed and domestic stocks; by default
        the source's (``volatilities[2]``, ``correlation[1, 2]``,
        ``correlation[0, 2]``).
    """

    problem_words: ClassVar[Mapping[str, str]] = {
        "correlation must be positive semidefinite": (
            "no three markets can move with these correlations at once (a mix of them would have a negative "
            "variance): try other values of the two correlations."),
    }

    description = "The efficient frontier of the three equity indices for a chosen risk of emerging stocks and correlations."
    static_controls = ("emerging_volatility",)  # offered on the static site (widgets.frames)

    def __init__(
        self,
        expected_returns: Sequence[float],
        volatilities: Sequence[float],
        correlation: np.ndarray,
        start_volatility: float | None = None,
        start_correlation_foreign: float | None = None,
        start_correlation_domestic: float | None = None,
    ) -> None:
        self.expected_returns = np.asarray(expected_returns, dtype=float)
        self.volatilities = np.asarray(volatilities, dtype=float)
        self.correlation = np.asarray(correlation, dtype=float)
        starts = [
            float(default if start is None else start)
            for start, default in [
                (start_volatility, self.volatilities[EMERGING]),
                (start_correlation_foreign, self.correlation[1, 2]),
                (start_correlation_domestic, self.correlation[0, 2]),
            ]
        ]
        controls = {
            "emerging_volatility": slider("Risk of emerging stocks", starts[0], 0.10, 0.45, 0.0025, ".2%"),
            "correlation_foreign": slider("Correlation emerging / foreign", starts[1], -0.5, 1.0, 0.01, ".2f"),
            "correlation_domestic": slider("Correlation emerging / domestic", starts[2], -0.5, 1.0, 0.01, ".2f"),
        }
        figure, (ax,) = new_figure(7.0, 4.0)
        self.ax = ax
        source = optimise.efficient_frontier(
            self.expected_returns, risk.covariance_from_correlation(self.volatilities, self.correlation), FRONTIER_POINTS
        )
        self.source_points = np.column_stack([source.volatilities, source.returns])
        ax.plot(source.volatilities, source.returns, "--", color=COLOURS["reference"], label="Source's inputs")
        (self.frontier_line,) = ax.plot([], [], color=COLOURS["portfolio"], label=self.chosen_label(*starts))
        self.asset_markers = _frontier_axes(ax, self.volatilities, self.expected_returns)
        # A ring over the assets' squares: a minimum-variance portfolio that is one asset alone leaves it in view.
        (self.minimum_point,) = ax.plot([], [], color=COLOURS["highlight"], label="Minimum-variance portfolio", **RING)
        ax.set_xlim(*self.risk_range(starts[0], None))
        ax.set_ylim(0.05, self.expected_returns.max() * 1.1)
        self.legend = legend = ax.legend(loc="lower right", fontsize=8)  # redrawn at every move: placed clear of the data
        entry = ax.get_legend_handles_labels()[0].index(self.frontier_line)
        # The chosen frontier's entry, renamed at every update; a dot, not a line, when the frontier is one point.
        self.chosen_key, self.chosen_text = legend.legend_handles[entry], legend.get_texts()[entry]
        self.summary = ax.set_title("")
        dynamic = [self.frontier_line, self.minimum_point, self.asset_markers[EMERGING], legend, self.summary]
        super().__init__(controls, figure, dynamic)
        self.refresh()  # the first render laid out the axes: the legend's place is measured on them from now on

    @staticmethod
    def risk_range(emerging_volatility: float, lowest_risk: float | None) -> tuple[float, float]:
        """The horizontal axis: from the least risky point drawn to the riskiest asset, with a margin.

        Both ends are snapped to round steps (:func:`snapped_limit`), so the axis, and the kept background
        of the partial redraw, changes only when a point leaves the step.
        """
        low = 0.12 if lowest_risk is None else min(0.12, snapped_limit(max(lowest_risk - 0.01, 0.0), toward_zero=True))
        return max(low, 0.0), snapped_limit(max(0.30, emerging_volatility + 0.02))

    @staticmethod
    def chosen_label(emerging_volatility: float, correlation_foreign: float, correlation_domestic: float,
                     one_point: bool = False) -> str:
        """The legend's name of the solid curve: the settings it is drawn for (and what it is, when one point)."""
        return (f"Chosen: emerging risk {emerging_volatility:.1%},\ncorrelations {signed_number(correlation_foreign)} "
                f"with foreign,\n{signed_number(correlation_domestic)} with domestic"
                + (f";\n{ONE_POINT_CHOSEN}" if one_point else ""))

    def covariance(self, emerging_volatility: float, correlation_foreign: float, correlation_domestic: float) -> np.ndarray:
        """The covariance matrix for these settings (ValueError if the correlations cannot go together)."""
        volatilities = self.volatilities.copy()
        volatilities[EMERGING] = emerging_volatility
        correlation = self.correlation.copy()
        correlation[1, 2] = correlation[2, 1] = correlation_foreign
        correlation[0, 2] = correlation[2, 0] = correlation_domestic
        return risk.covariance_from_correlation(volatilities, correlation)

    def update(self, emerging_volatility: float, correlation_foreign: float, correlation_domestic: float) -> None:
        covariance = self.covariance(emerging_volatility, correlation_foreign, correlation_domestic)
        frontier = optimise.efficient_frontier(self.expected_returns, covariance, FRONTIER_POINTS)
        self.frontier_line.set_data(frontier.volatilities, frontier.returns)
        # Emerging stocks alone have both the least risk and the most return: the frontier is that one point.
        one_point = len(frontier.returns) == 1
        self.chosen_text.set_text(
            self.chosen_label(emerging_volatility, correlation_foreign, correlation_domestic, one_point))
        _draw_as_dot((self.frontier_line, self.chosen_key), one_point)
        self.ax.set_xlim(*self.risk_range(emerging_volatility, float(np.min(frontier.volatilities))))
        self.minimum_point.set_data(frontier.volatilities[:1], frontier.returns[:1])
        self.asset_markers[EMERGING].set_xdata([emerging_volatility])
        assets = np.column_stack([[marker.get_xdata()[0] for marker in self.asset_markers], self.expected_returns])
        drawn = np.vstack([self.source_points, np.column_stack([frontier.volatilities, frontier.returns]), assets])
        self.legend.set_loc(clearest_legend_place(self.ax, legend=self.legend, points=drawn))
        weights = frontier.weights[0]
        self.summary.set_text(
            f"Minimum-variance portfolio: risk {frontier.volatilities[0]:.2%}\n"
            f"{weights[0]:.0%} domestic / {weights[1]:.0%} foreign / {weights[2]:.0%} emerging"
        )

    def state_summary(self) -> str:
        """The title as drawn, then the correlations used where they differ from the source's ("" with no answer).

        The static page's frames, which move only the risk of emerging stocks, state it in their alt text.
        """
        summary, values = super().state_summary(), self.values()
        sources = {"correlation_foreign": ("foreign developed", self.correlation[1, 2]),
                   "correlation_domestic": ("domestic", self.correlation[0, 2])}
        used = [f"{signed_number(values[name])} with {market} stocks (the source's {signed_number(source)})"
                for name, (market, source) in sources.items() if signed_number(values[name]) != signed_number(source)]
        return f"{summary}; correlations of emerging stocks: {', '.join(used)}" if summary and used else summary


class FragilityExplorer(FigureWidget):
    """Perturb the expected returns and compare three allocation rules.

    The rules: the plain mean-variance optimum; the same with an upper limit
    on the weight of emerging stocks; and the resampled portfolio
    (:func:`assetalloc.sensitivity.resampled_weights`, simulated histories as
    long as the source's). Bars: each rule's weights for the sliders'
    expected returns; black ticks: its weights for the source's Table 4
    inputs. The title gives the share of the portfolio each rule trades
    (:func:`assetalloc.sensitivity.weight_change`) between the two; the
    legend gives the number of simulated histories behind the resampled bars.
    The sliders start at ``start_returns`` (by default the source's inputs, a
    state in which nothing has moved; a static page shows only the starting
    state, so give it a perturbation worth seeing).

    Parameters
    ----------
    expected_returns : sequence of 3 floats
        The source's expected returns (decimal, annualised): the sliders' starts and the reference.
    covariance : array_like, shape (3, 3)
        Covariance matrix (decimal, annualised).
    risk_aversion : float
        Risk aversion (decimal units), fixed.
    n_observations : int
        Months of history behind the inputs (the resampling's history length).
    emerging_limit : float
        Starting upper limit on the weight of emerging stocks (decimal).
    n_draws : int
        Simulated histories per resampled portfolio.
    seed : int
        Seed of the resampling (the same shocks at every slider position).
    start_returns : sequence of 3 floats, optional
        The expected-return sliders' starting values (decimal); by default ``expected_returns``.
    """

    description = "Weights of three allocation rules when the expected returns are perturbed, against their weights at the source's inputs."
    static_controls = ("emerging_limit",)  # offered on the static site (widgets.frames)

    def __init__(
        self,
        expected_returns: Sequence[float],
        covariance: np.ndarray,
        risk_aversion: float,
        n_observations: int,
        emerging_limit: float = 0.15,
        n_draws: int = WIDGET_DRAWS,
        seed: int = 2009,
        start_returns: Sequence[float] | None = None,
    ) -> None:
        self.expected_returns = np.asarray(expected_returns, dtype=float)
        self.covariance = np.asarray(covariance, dtype=float)
        self.risk_aversion = risk_aversion
        self.n_observations = n_observations
        self.n_draws = n_draws
        self.seed = seed
        starts = self.expected_returns if start_returns is None else np.asarray(start_returns, dtype=float)
        if starts.shape != (3,):
            raise ValueError(f"start_returns must hold 3 expected returns (got shape {starts.shape})")
        controls = {
            "domestic_return": slider("Expected return: domestic", float(starts[0]), 0.03, 0.12, 0.0025, ".2%"),
            "foreign_return": slider("Expected return: foreign", float(starts[1]), 0.03, 0.12, 0.0025, ".2%"),
            "emerging_return": slider("Expected return: emerging", float(starts[2]), 0.03, 0.12, 0.0025, ".2%"),
            "emerging_limit": slider("Limit on emerging weight", emerging_limit, 0.0, 1.0, 0.01, ".0%"),
        }
        self._resampled: dict[tuple[float, ...], np.ndarray] = {}  # by expected returns: the limit's slider needs none again
        self.reference = {"Resampled": self.resampled(self.expected_returns)}
        figure, (ax,) = new_figure(8.0, 4.0)
        self.ax = ax
        positions = np.arange(3)
        width = 0.26
        self.bars = {}
        self.ticks = {}
        for k, (method, colour) in enumerate(METHODS.items()):
            x = positions + (k - 1) * width
            label = f"{method} ({n_draws} histories)" if method == "Resampled" else method
            self.bars[method] = ax.bar(x, [0.0] * 3, width=width * 0.95, color=colour, label=label)
            (self.ticks[method],) = ax.plot(x, [0.0] * 3, linestyle="none", marker="_", markersize=16,
                                            markeredgewidth=2.5, color=COLOURS["portfolio"])
        self.ticks["Plain optimum"].set_label("At the source's inputs")
        ax.set_xticks(positions, ["Domestic", "Foreign developed", "Emerging"])
        ax.set_ylim(0.0, FRAGILITY_AXIS_TOP)  # room above 100% for the legend and the note
        ax.set_ylabel("Weight")
        percent_axis(ax, "y")
        ax.set_yticks(np.linspace(0.0, 1.0, 6))  # weights: no tick above 100%
        legend = ax.legend(loc="upper left", fontsize=8, ncols=2)
        style.mark_simulated(ax, SIMULATED_DETAIL)
        self.summary = ax.set_title("", fontsize=10)
        # Just under the legend, clear of its border and over the bars: says when the weight limit binds
        # nowhere (its slider then does nothing).
        self.idle_note = ax.annotate("", (0.0, 0.0), xycoords=legend, xytext=(0.0, -IDLE_NOTE_GAP),
                                     textcoords="offset points", ha="left", va="top", fontsize=8.5, style="italic")
        dynamic = [*(bar for bars in self.bars.values() for bar in bars), *self.ticks.values(), self.summary,
                   self.idle_note]
        super().__init__(controls, figure, dynamic)

    def resampled(self, expected_returns: np.ndarray) -> np.ndarray:
        """The resampled portfolio (no weight limit) for these expected returns, with the widget's draws and seed.

        It does not depend on the weight limit: kept for the last :data:`RESAMPLED_KEPT` expected returns.
        """
        key = tuple(np.asarray(expected_returns, dtype=float).tolist())
        if key not in self._resampled:
            if len(self._resampled) >= RESAMPLED_KEPT:
                del self._resampled[next(iter(self._resampled))]
            self._resampled[key] = sensitivity.resampled_weights(
                expected_returns, self.covariance, self.risk_aversion, self.n_observations, self.n_draws, seed=self.seed,
            ).weights
        return self._resampled[key]

    @staticmethod
    def limits(emerging_limit: float) -> np.ndarray:
        """Upper bounds on the weights: only emerging stocks are limited."""
        return np.array([1.0, 1.0, emerging_limit])

    def portfolios(self, expected_returns: np.ndarray, emerging_limit: float) -> dict[str, np.ndarray]:
        """Each rule's weights for these expected returns (decimal)."""
        return {
            "Plain optimum": optimise.mean_variance_weights(expected_returns, self.covariance, self.risk_aversion),
            "With a weight limit": optimise.mean_variance_weights(
                expected_returns, self.covariance, self.risk_aversion, upper=self.limits(emerging_limit)
            ),
            "Resampled": self.resampled(expected_returns),
        }

    def references(self, emerging_limit: float) -> dict[str, np.ndarray]:
        """Each rule's weights at the source's expected returns (the resampled one computed once)."""
        return {
            "Plain optimum": optimise.mean_variance_weights(self.expected_returns, self.covariance, self.risk_aversion),
            "With a weight limit": optimise.mean_variance_weights(
                self.expected_returns, self.covariance, self.risk_aversion, upper=self.limits(emerging_limit)
            ),
            "Resampled": self.reference["Resampled"],
        }

    def update(self, domestic_return: float, foreign_return: float, emerging_return: float, emerging_limit: float) -> None:
        mu = np.array([domestic_return, foreign_return, emerging_return])
        current = self.portfolios(mu, emerging_limit)
        reference = self.references(emerging_limit)
        for method in METHODS:
            for bar, weight in zip(self.bars[method], current[method]):
                bar.set_height(weight)
            self.ticks[method].set_ydata(reference[method])
        unlimited = current["Plain optimum"][EMERGING], reference["Plain optimum"][EMERGING]
        self.idle_note.set_text(
            "" if max(unlimited) > emerging_limit else
            f"No effect now: the plain optimum holds {unlimited[0]:.1%} in emerging stocks ({unlimited[1]:.1%} at\n"
            f"the source's inputs), under the {emerging_limit:.0%} limit: move the limit below {max(unlimited):.1%}"
        )
        changes = {method: sensitivity.weight_change(reference[method], current[method]) for method in METHODS}
        self.summary.set_text(
            "Share of the portfolio traded to go from the source's returns to the returns set:\n"
            + ", ".join(f"{method.lower()} {change:.1%}" if method != "Resampled" else f"{method.lower()} about {change:.0%}"
                        for method, change in changes.items())
        )


@styled
def weight_response_chart(
    values: np.ndarray, responses: Mapping[str, np.ndarray], asset: int = EMERGING, title: str = ""
) -> Chart:
    """A static chart: the weight of one asset under each rule as its expected return moves.

    Parameters
    ----------
    values : numpy.ndarray, shape (k,)
        The asset's expected returns (decimal), the horizontal axis.
    responses : mapping of str to numpy.ndarray, shape (k, n)
        Each rule's weights, from :func:`assetalloc.sensitivity.weight_response`;
        keys are drawn in the colours of :data:`METHODS`. A key "Resampled"
        adds the simulated-data label.
    asset : int
        Which asset's weight to draw.
    title : str
        Figure title.

    Returns
    -------
    Chart
    """
    figure, (ax,) = new_figure(7.0, 3.8)
    for method, weights in responses.items():
        # Where two rules agree their lines overlap: the plain optimum is drawn wide underneath, the others
        # narrower and dashed on top, so both stay visible.
        line = {"linewidth": 4.0, "alpha": 0.6} if method == "Plain optimum" else {"linewidth": 1.6, "linestyle": "--"}
        ax.plot(values, np.asarray(weights)[:, asset], color=METHODS[method], label=method, marker="o", markersize=3,
                **line)
    name = NAMES[asset].lower()
    ax.set_xlabel(f"Expected return of {name}")
    ax.set_ylabel(f"Weight of {name}")
    percent_axis(ax, "x", decimals=1)
    percent_axis(ax, "y")
    ax.set_ylim(0.0, 1.0)
    ax.legend(loc="upper left")
    if "Resampled" in responses:
        style.mark_simulated(ax, SIMULATED_DETAIL)
    ax.set_title(title)
    return Chart(figure, f"Weight of {name} against its expected return under {len(responses)} allocation rules. {title}".strip())


#: Line styles of the frontiers in :func:`frontier_shapes_chart`, the source's first (dashed, as in the widget).
#: (The first lower one is drawn black, as the widget's solid curve; none takes an asset's colour.)
FRONTIER_SHAPE_STYLES = (("--", COLOURS["reference"]), ("-", COLOURS["portfolio"]), ("-", OKABE_ITO["bluish_green"]),
                         ("-", OKABE_ITO["sky_blue"]))


@styled
def frontier_shapes_chart(
    expected_returns: Sequence[float],
    volatilities: Sequence[float],
    correlation: np.ndarray,
    correlations_foreign: Sequence[float],
    title: str = "",
) -> Chart:
    """A static chart: the efficient frontier of the three indices at several EM / foreign correlations.

    The small-multiples view of :class:`FrontierShapeExplorer` for a page
    without sliders: one frontier
    (:func:`assetalloc.optimise.efficient_frontier`) with the source's inputs,
    dashed, and one per value of ``correlations_foreign``, each with its
    minimum-variance portfolio marked (the source's as a ring, so that a dot
    at the same portfolio shows inside it); the other inputs stay the
    source's.

    Parameters
    ----------
    expected_returns : sequence of 3 floats
        Expected returns (decimal, annualised).
    volatilities : sequence of 3 floats
        Risks (decimal, annualised).
    correlation : array_like, shape (3, 3)
        The source's correlation matrix.
    correlations_foreign : sequence of float
        Up to three other correlations of emerging with foreign developed stocks.
    title : str
        Figure title.

    Returns
    -------
    Chart

    Raises
    ------
    ValueError
        If more than three correlations are given, or one of them cannot go
        with the other two correlations (the matrix is not positive semidefinite).
    """
    mu = np.asarray(expected_returns, dtype=float)
    vols = np.asarray(volatilities, dtype=float)
    source = np.asarray(correlation, dtype=float)
    others = [float(value) for value in correlations_foreign]
    if len(others) > len(FRONTIER_SHAPE_STYLES) - 1:
        raise ValueError(f"correlations_foreign must hold at most {len(FRONTIER_SHAPE_STYLES) - 1} values "
                         f"(got {len(others)})")
    figure, (ax,) = new_figure(7.0, 4.0)
    for k, ((linestyle, colour), rho) in enumerate(zip(FRONTIER_SHAPE_STYLES, [float(source[1, 2]), *others])):
        matrix = source.copy()
        matrix[1, 2] = matrix[2, 1] = rho
        frontier = optimise.efficient_frontier(mu, risk.covariance_from_correlation(vols, matrix), FRONTIER_POINTS)
        label = f"Correlation {rho:.2f}" + (" (source)" if rho == source[1, 2] else "")
        ax.plot(frontier.volatilities, frontier.returns, linestyle, color=colour, label=label)
        # The source's minimum-variance dot is a wide ring, so a lower correlation's dot at the same
        # portfolio shows inside it instead of hiding it.
        dot = {"markersize": 11, "markerfacecolor": "none", "markeredgewidth": 1.8} if k == 0 else {"markersize": 6}
        ax.plot(frontier.volatilities[:1], frontier.returns[:1], "o", color=colour, **dot)
    _frontier_axes(ax, vols, mu)
    ax.set_xlim(0.12, 0.30)
    ax.legend(loc="lower right", fontsize=8, title="Emerging / foreign developed", title_fontsize=8)
    ax.set_title(title)
    names = ", ".join(f"{rho:.2f}" for rho in others)
    return Chart(figure, f"Efficient frontiers of the three indices at emerging / foreign developed correlations of "
                         f"{source[1, 2]:.2f} (the source's) and {names}. {title}".strip())


#: The frontier widget's starting correlation of emerging with foreign developed stocks, lower than the
#: source's 0.8769 so that the static page shows two frontiers (about that of Japanese and foreign
#: developed stocks, 0.6023).
FRONTIER_START_CORRELATION = 0.60
#: A still lower correlation drawn beside it by the chapter's static frontier chart (about the 0.27 of
#: Japanese and foreign developed stocks in GPIF's 1973-2007 data, chapter 1).
FRONTIER_LOWEST_CORRELATION = 0.30
#: How far the fragility widget's starting expected return of emerging stocks lies above the source's
#: Table 4 input: one point, the change the chapter discusses (8 % -> 9 %).
FRAGILITY_START_SHIFT = 0.01


def fragility_start(expected_returns: Sequence[float]) -> np.ndarray:
    """The fragility widget's starting expected returns: the emerging one raised by :data:`FRAGILITY_START_SHIFT`."""
    start = np.array(expected_returns, dtype=float)
    start[EMERGING] += FRAGILITY_START_SHIFT
    return start


def default_widgets() -> dict[str, FigureWidget]:
    """The chapter's three widgets in their default state, built from the source's Pattern 2 inputs.

    The risk aversion is the one implied by the source's Table 4 (emerging
    stocks at 13.51 % when their expected return is 8 %), recovered with
    :func:`assetalloc.sensitivity.implied_risk_aversion`; the history is the
    source's February 1999 - July 2009, 126 months. The frontier widget starts
    at :data:`FRONTIER_START_CORRELATION`, the fragility widget one point
    above the source's expected return of emerging stocks (:func:`fragility_start`),
    as in the chapter.
    """
    inputs = source_inputs()
    printed = in_library_units(data.reported_figures("yamazaki2009"))
    risk_aversion = sensitivity.implied_risk_aversion(
        inputs["expected_returns"], inputs["covariance"], EMERGING, printed["table4_weight_emerging"]
    )
    return {
        "optimum": EmergingOptimumExplorer(inputs["expected_returns"], inputs["covariance"], risk_aversion),
        "frontier": FrontierShapeExplorer(inputs["expected_returns"], inputs["volatilities"], inputs["correlation"],
                                          start_correlation_foreign=FRONTIER_START_CORRELATION),
        "fragility": FragilityExplorer(inputs["expected_returns"], inputs["covariance"], risk_aversion,
                                       n_observations=source_months(),
                                       start_returns=fragility_start(inputs["expected_returns"])),
    }

