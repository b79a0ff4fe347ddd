"""Widgets of chapter 5, Tactical allocation.

Each widget takes its data as arguments (the chapter passes the cited
datasets) and calls :mod:`assetalloc.tactical` for every number it draws.
"""

from __future__ import annotations

import matplotlib.dates as mdates
import numpy as np
import pandas as pd
from matplotlib.patches import Rectangle

from assetalloc import backtest, bonds, charts, data, estimation, risk, tactical
from assetalloc.book import signed_number
from assetalloc.style import (
    COLOURS,
    OKABE_ITO,
    new_figure,
    percent_axis,
    points_axis,
    styled,
)
from assetalloc.widgets.base import FigureWidget, int_slider, slider, snapped_limit

#: The chapter's benchmark: 60 % equities (MSCI ACWI in the source), 40 % bonds.
BENCHMARK = pd.Series({"equities": 0.6, "bonds": 0.4})
#: Years to maturity of the par bond whose approximate return stands in for bonds (Moody's Aaa yield).
BOND_MATURITY = 20
#: Points on the tracking-error curve of :class:`TrackingErrorBudget`.
TILT_GRID_POINTS = 61
#: Largest equity tilt the tracking-error widget offers (decimal).
MAX_TILT = 0.3
#: Axis room beyond the largest tilt in the tracking-error budget widget: bars (legend above them) and curve (whole points).
BAR_AXIS_ROOM, CURVE_AXIS_ROOM = 1.5, 1.1
#: Colour of each regime (Okabe-Ito), used by every chart of the chapter.
REGIME_COLOURS = {
    "recovery": OKABE_ITO["sky_blue"],
    "expansion": OKABE_ITO["bluish_green"],
    "slowdown": OKABE_ITO["orange"],
    "contraction": OKABE_ITO["vermillion"],
}
#: How strongly the regime colours are painted (bands of the history chart, quadrants of the grid).
REGIME_ALPHA = 0.35


def _tilt_grid() -> np.ndarray:
    """Rows of active weights (x, -x) for x from -MAX_TILT to MAX_TILT: every two-asset tilt."""
    first = np.linspace(-MAX_TILT, MAX_TILT, TILT_GRID_POINTS)
    return np.column_stack([first, -first])


def chapter_inputs() -> dict:
    """The chapter's real data: the GDP growth indicator and quarterly returns.

    Returns
    -------
    dict
        ``indicator``: annual growth of US real GDP (decimal, quarterly, 1960Q1-2009Q3);
        ``returns``: quarterly returns of US stocks (``equities``, Ken French's market) and
        of a 20-year par bond at Moody's Aaa corporate yield (``bonds``, approximated by
        :func:`assetalloc.bonds.bond_returns_from_yields`), decimal, 1959Q2-2009Q4;
        ``sample``: the same returns over the indicator's quarters (for risk estimates);
        ``bond_approximation``: the monthly carry, duration and price change behind ``bonds``.
    """
    gdp = data.load("us_macro_quarterly").set_index("quarter")["real_gdp"]
    indicator = tactical.annual_growth(gdp, 4)
    approximation = bonds.bond_returns_from_yields(data.moodys_aaa_monthly(), BOND_MATURITY, 2, 12)
    monthly = pd.concat(
        [data.us_equity_monthly()["market"].rename("equities"), approximation["return"].rename("bonds")],
        axis=1, join="inner",
    )
    returns = tactical.quarterly_returns(monthly)
    return {
        "indicator": indicator,
        "returns": returns,
        "sample": returns.loc[returns.index.intersection(indicator.index)],
        "bond_approximation": approximation,
    }


@styled
def regime_history_chart(classified: pd.DataFrame, title: str = "") -> charts.Chart:
    """A static chart of a classified indicator: the indicator, its trend, and each date's regime as a band.

    Parameters
    ----------
    classified : pandas.DataFrame
        :func:`assetalloc.tactical.classify_regimes` output (dates as index).
    title : str
        Figure title.

    Returns
    -------
    assetalloc.charts.Chart
    """
    if not isinstance(classified, pd.DataFrame) or not {"indicator", "trend", "regime"} <= set(classified.columns):
        raise TypeError("classified must be the DataFrame returned by tactical.classify_regimes")
    figure, (ax,) = new_figure(8.0, 4.0)
    dates = classified.index
    ends = [*dates[1:], dates[-1] + (dates[-1] - dates[-2])]
    runs = (classified["regime"] != classified["regime"].shift()).cumsum()
    labelled: set[str] = set()
    for _, run in classified.groupby(runs):
        name = run["regime"].iloc[0]
        ax.axvspan(run.index[0], ends[dates.get_loc(run.index[-1])], color=REGIME_COLOURS[name], alpha=REGIME_ALPHA,
                   linewidth=0, label=None if name in labelled else name.capitalize())
        labelled.add(name)
    ax.plot(dates, classified["indicator"], color=COLOURS["portfolio"], linewidth=1.5, label="Annual growth")
    ax.plot(dates, classified["trend"], color=COLOURS["portfolio"], linestyle="--", linewidth=1.2, label="Trend")
    ax.axhline(0.0, color=COLOURS["reference"], linewidth=0.8)
    percent_axis(ax, "y")
    ax.set_ylabel("Real GDP growth over a year")
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.08), ncols=6, fontsize=8)
    ax.set_title(title)
    return charts.Chart(figure, f"The indicator, its trailing trend and the regime of each date. {title}".strip())


class RegimeQuadrant(FigureWidget):
    """The regime grid: pick a growth level and direction, see the regime and the tilted portfolio.

    Left: the four quadrants (level against trend across, direction up),
    the chosen point and, as grey dots, the real quarters of the chapter's
    indicator. Right: the benchmark's weights and the tilted portfolio's.

    Parameters
    ----------
    benchmark : pandas.Series
        Benchmark weights by asset (decimal, sum 1).
    tilts : pandas.DataFrame
        Active weights by regime (decimal), as :func:`assetalloc.tactical.regime_tilts`.
    level, direction : float
        Starting growth level (indicator minus trend) and direction (its change), decimal.
    history : pandas.DataFrame or None
        :func:`assetalloc.tactical.classify_regimes` output to show as dots.
    """

    description = "The regime grid with the chosen growth level and direction, and the benchmark against the tilted portfolio."
    static_controls = ("level",)  # offered on the static site (widgets.frames)

    def __init__(self, benchmark: pd.Series, tilts: pd.DataFrame, level: float = -0.01, direction: float = -0.005,
                 history: pd.DataFrame | None = None) -> None:
        self.benchmark, self.tilts = benchmark, tilts
        controls = {
            "level": slider("Growth minus trend", level, -0.06, 0.06, 0.0025, ".2%"),
            "direction": slider("Change of that gap", direction, -0.04, 0.04, 0.0025, ".2%"),
            "scale": slider("Tilt size (× the book's table)", 1.0, 0.0, 3.0, 0.1, ".1f"),
        }
        figure, (self.ax_grid, self.ax_weights) = new_figure(8.0, 3.8, ncols=2)
        ax = self.ax_grid
        # The grid is drawn in percentage points (a gap and a change of a gap), wide enough for every dot and slider value.
        levels = [0.06] if history is None else [0.06, *np.abs(history["level"].dropna())]
        directions = [0.04] if history is None else [0.04, *np.abs(history["direction"].dropna())]
        half_x = float(np.ceil(100.0 * max(levels) + 1e-9))
        half_y = float(np.ceil(100.0 * max(directions) + 1e-9))
        corners = {"expansion": (1, 1), "slowdown": (1, -1), "recovery": (-1, 1), "contraction": (-1, -1)}
        for name, (x, y) in corners.items():
            # the same colour and strength as the bands of regime_history_chart
            ax.add_patch(Rectangle((min(0.0, half_x * x), min(0.0, half_y * y)), half_x, half_y,
                                   facecolor=REGIME_COLOURS[name], alpha=REGIME_ALPHA, linewidth=0, zorder=0))
            ax.text(0.92 * half_x * x, 0.92 * half_y * y, name.capitalize(), ha="right" if x > 0 else "left",
                    va="top" if y > 0 else "bottom", fontsize=10, color="black")
        ax.axhline(0.0, color=COLOURS["reference"], linewidth=0.8)
        ax.axvline(0.0, color=COLOURS["reference"], linewidth=0.8)
        if history is not None:
            ax.plot(100.0 * history["level"], 100.0 * history["direction"], ".", color=COLOURS["reference"],
                    markersize=3, alpha=0.6)
            ax.set_title(f"Grey dots: all {len(history)} US quarters {history.index[0]:%Y}-{history.index[-1]:%Y}",
                         fontsize=9)
        (self.point,) = ax.plot([], [], "o", color=COLOURS["highlight"], markersize=10)
        ax.set_xlim(-half_x, half_x)
        ax.set_ylim(-half_y, half_y)
        ax.set_xlabel("Level: growth minus its trend (percentage points)")
        ax.set_ylabel("Direction: change of the gap (percentage points)")
        for which in ("x", "y"):
            points_axis(ax, which)
        positions = np.arange(len(benchmark))
        self.benchmark_bars = self.ax_weights.bar(positions - 0.2, benchmark.to_numpy(), width=0.4,
                                                  color=COLOURS["reference"], label="Benchmark")
        self.portfolio_bars = self.ax_weights.bar(positions + 0.2, benchmark.to_numpy(), width=0.4,
                                                  color=OKABE_ITO["blue"], label="Tilted")
        self.labels = [self.ax_weights.text(p + 0.2, 0.0, "", ha="center", va="bottom") for p in positions]
        self.ax_weights.set_xticks(positions, [str(a).capitalize() for a in benchmark.index])
        self.ax_weights.set_ylim(0.0, 1.0)
        percent_axis(self.ax_weights, "y")
        self.ax_weights.legend(loc="upper right")
        self.summary = self.ax_weights.set_title("")
        super().__init__(controls, figure, [self.point, *self.portfolio_bars, *self.labels, self.summary])

    def update(self, level: float, direction: float, scale: float) -> None:
        name = tactical.regime(level, direction)
        weights = tactical.regime_portfolio(name, self.benchmark, self.tilts, scale)
        self.point.set_data([100.0 * level], [100.0 * direction])  # percentage points, as the grid
        for bar, label, value in zip(self.portfolio_bars, self.labels, weights):
            bar.set_height(value)
            label.set_position((label.get_position()[0], value))
            label.set_text(f"{value:.0%}")
        self.summary.set_text(f"Regime: {name}")


class TrackingErrorBudget(FigureWidget):
    """An equity tilt, its ex-ante tracking error, and the tilt scaled to fit a budget.

    Left: the active weights of the chosen tilt and of the tilt scaled to the
    budget. Right: tracking error against the size of the equity tilt, the
    budget as a horizontal line, and both tilts as points.

    Parameters
    ----------
    benchmark : pandas.Series
        Two assets' benchmark weights (decimal, sum 1); the tilt buys the first and sells the second.
    volatilities : pair of float
        Annual risks of the two assets (decimal).
    correlation : float
        Correlation of their returns.
    tilt : float
        Starting active weight of the first asset (decimal).
    budget : float
        Starting tracking-error budget (decimal a year).
    """

    description = "Active weights of an equity tilt before and after scaling to a tracking-error budget, and tracking error against tilt size."
    static_controls = ("budget",)  # offered on the static site (widgets.frames)

    def __init__(self, benchmark: pd.Series, volatilities: tuple[float, float], correlation: float,
                 tilt: float = -0.1, budget: float = 0.01) -> None:
        self.assets = benchmark.index
        first = str(self.assets[0])
        controls = {
            "tilt": slider(f"Active weight of {first}", tilt, -MAX_TILT, MAX_TILT, 0.01, ".0%"),
            "budget": slider("Tracking-error budget", budget, 0.0, 0.05, 0.0025, ".2%"),
            "volatility_1": slider(f"Risk of {first}", volatilities[0], 0.02, 0.30, 0.005, ".1%"),
            "volatility_2": slider(f"Risk of {self.assets[1]}", volatilities[1], 0.0, 0.15, 0.0025, ".2%"),
            "correlation": slider("Correlation", correlation, -0.9, 0.9, 0.05, ".2f"),
        }
        figure, (self.ax_active, self.ax_curve) = new_figure(8.0, 3.8, ncols=2)
        positions = np.arange(len(self.assets))
        self.chosen_bars = self.ax_active.bar(positions - 0.2, [0.0, 0.0], width=0.4, color=COLOURS["reference"],
                                              label="Chosen tilt")
        self.scaled_bars = self.ax_active.bar(positions + 0.2, [0.0, 0.0], width=0.4, color=COLOURS["highlight"],
                                              label="Within the budget")
        self.ax_active.axhline(0.0, color="black", linewidth=0.8)
        self.ax_active.set_xticks(positions, [str(a).capitalize() for a in self.assets])
        # Active weights are drawn in percentage points (a difference of two weights), not in percent.
        # Room above the largest bar for the legend (bars reach 100 * MAX_TILT at most).
        self.ax_active.set_ylim(-100.0 * MAX_TILT * BAR_AXIS_ROOM, 100.0 * MAX_TILT * BAR_AXIS_ROOM)
        self.ax_active.set_ylabel("Active weight (percentage points)")
        points_axis(self.ax_active, "y")
        self.ax_active.legend(loc="upper right", fontsize=8)
        (self.curve,) = self.ax_curve.plot([], [], color=COLOURS["portfolio"], label="Tracking error")
        self.budget_line = self.ax_curve.axhline(budget, color=COLOURS["highlight"], linestyle="--", label="Budget")
        # Unclipped: a point at zero tracking error sits on the axis, drawn whole.
        (self.chosen_point,) = self.ax_curve.plot([], [], "o", color=COLOURS["reference"], markersize=8, clip_on=False)
        (self.scaled_point,) = self.ax_curve.plot([], [], "o", color=COLOURS["highlight"], markersize=8, clip_on=False)
        self.ax_curve.set_xlim(-100.0 * MAX_TILT * CURVE_AXIS_ROOM, 100.0 * MAX_TILT * CURVE_AXIS_ROOM)
        self.ax_curve.set_xlabel(f"Active weight of {first} (percentage points)")
        self.ax_curve.set_ylabel("Tracking error a year")
        points_axis(self.ax_curve, "x")
        percent_axis(self.ax_curve, "y", decimals=1)
        self.ax_curve.legend(loc="upper center", fontsize=8)
        self.summary = figure.suptitle("", fontsize=10)
        dynamic = [*self.chosen_bars, *self.scaled_bars, self.curve, self.budget_line, self.chosen_point,
                   self.scaled_point, self.summary]
        super().__init__(controls, figure, dynamic)

    def model(self, tilt: float, budget: float, volatility_1: float, volatility_2: float,
              correlation: float) -> dict:
        """The library's answers for these settings: the curve, both tilts and their tracking errors."""
        covariance = risk.two_asset_covariance(volatility_1, volatility_2, correlation)
        chosen = np.array([tilt, -tilt])
        scaled = tactical.scale_to_tracking_error(chosen, covariance, budget)
        return {
            "curve": risk.tracking_error(_tilt_grid(), covariance),
            "chosen": chosen,
            "scaled": scaled,
            "chosen_te": risk.tracking_error(chosen, covariance),
            "scaled_te": risk.tracking_error(scaled, covariance),
        }

    def update(self, tilt: float, budget: float, volatility_1: float, volatility_2: float, correlation: float) -> None:
        answer = self.model(tilt, budget, volatility_1, volatility_2, correlation)
        for bars, values in ((self.chosen_bars, answer["chosen"]), (self.scaled_bars, answer["scaled"])):
            for bar, value in zip(bars, values):
                bar.set_height(100.0 * value)  # percentage points
        self.curve.set_data(100.0 * _tilt_grid()[:, 0], answer["curve"])
        self.budget_line.set_ydata([budget, budget])
        self.chosen_point.set_data([100.0 * answer["chosen"][0]], [answer["chosen_te"]])
        self.scaled_point.set_data([100.0 * answer["scaled"][0]], [answer["scaled_te"]])
        # Snapped to round steps: the axis, and the partial redraw's kept background, change only when the curve outgrows one.
        self.ax_curve.set_ylim(0.0, snapped_limit(max(answer["curve"].max(), budget) * 1.1 + 1e-4))
        kept = f"{signed_number(100.0 * answer['scaled'][0], 1, plus=True)} pp in {self.assets[0]}"
        if answer["scaled_te"] < answer["chosen_te"]:
            outcome = f"over the budget, scaled down to {answer['scaled_te']:.2%} with {kept}"
        else:
            outcome = f"within the {budget:.2%} budget, kept as chosen: {kept}"
        self.summary.set_text(f"Tracking error {answer['chosen_te']:.2%} a year; {outcome}")


#: The backtest's y limits move in steps of this much relative wealth, so that they, and the
#: figure's kept background, change only when the data cross a step.
RELATIVE_STEP = 0.25
#: The transaction cost the chapter charges, per unit bought or sold (decimal: 0.1 %).
COST = 0.001


def _widened(low: float, high: float, step: float) -> tuple[float, float]:
    """``(low, high)`` widened outward to whole multiples of ``step`` (axis limits)."""
    return float(np.floor(low / step) * step), float(np.ceil(high / step) * step)


class RegimeBacktestExplorer(FigureWidget):
    """Wealth of the regime-tilted portfolio relative to the static benchmark, with hit rate, information ratio and costs.

    Every setting of the trend window is run over the same quarters: from the
    first quarter the longest window offered can trade (a longer window
    needs more history before its first signal) to the end of the data.

    Parameters
    ----------
    indicator : pandas.Series
        The growth indicator (decimal), dated like ``returns``.
    returns : pandas.DataFrame
        Returns per period (decimal), columns the benchmark's assets.
    benchmark : pandas.Series
        Benchmark weights (decimal, sum 1).
    tilts : pandas.DataFrame
        Active weights by regime (decimal).
    window : int
        Starting trend window (periods), within the slider's range (12 to 52).
    periods : int
        Horizon of the direction signal (periods), fixed.
    lag : int
        Periods between the data and the trade, fixed.
    cost : float
        Transaction cost per unit traded (decimal), fixed.
    """

    description = ("Wealth of the regime-tilted 60/40 divided by the static 60/40's over the chosen trend window and "
                   "tilt size, with hit rate, information ratio, turnover and costs.")
    static_controls = ("window",)  # offered on the static site (widgets.frames)

    def __init__(self, indicator: pd.Series, returns: pd.DataFrame, benchmark: pd.Series, tilts: pd.DataFrame,
                 window: int = tactical.TREND_WINDOW, periods: int = tactical.DIRECTION_PERIODS, lag: int = 2,
                 cost: float = COST) -> None:
        self.inputs = {"indicator": indicator, "returns": returns, "benchmark": benchmark, "tilts": tilts,
                       "periods": periods, "lag": lag, "cost": cost}
        controls = {
            "window": int_slider("Trend window (quarters)", window, 12, 52, 4),
            "scale": slider("Tilt size (× the book's table)", 1.0, 0.1, 3.0, 0.1, ".1f"),
        }
        # One start for every setting: the first quarter the longest window can trade.
        dates = self.model(controls["window"].max, 1.0).static.wealth.index
        self.inputs["returns"] = returns.loc[dates[0]:]
        figure, (self.ax,) = new_figure(8.0, 3.8)
        start = self.inputs["returns"].index[:1]
        (self.relative_line,) = self.ax.plot(start, [1.0], color=COLOURS["portfolio"])
        self.ax.axhline(1.0, color=COLOURS["reference"], linewidth=0.8)
        self.ax.set_ylabel("Tilted wealth / static wealth")
        self.summary = self.ax.text(0.02, 0.04, "", transform=self.ax.transAxes, fontsize=8,
                                    bbox={"facecolor": "white", "edgecolor": COLOURS["reference"]})
        self.ax.xaxis.set_major_locator(mdates.YearLocator(5))
        self.ax.xaxis.set_major_formatter(mdates.DateFormatter("%Y"))
        self.ax.set_xlim(dates[0], dates[-1])
        super().__init__(controls, figure, [self.relative_line, self.ax.title, self.summary])

    def model(self, window: int, scale: float) -> tactical.TacticalBacktest:
        """The library's backtest for these settings (:func:`assetalloc.tactical.regime_backtest`)."""
        i = self.inputs
        return tactical.regime_backtest(i["indicator"], i["returns"], i["benchmark"], i["tilts"], window,
                                        i["periods"], scale, i["lag"], cost=i["cost"])

    def update(self, window: int, scale: float) -> None:
        result = self.model(window, scale)
        self.relative_line.set_data(result.relative_wealth.index, result.relative_wealth.to_numpy())
        self.ax.set_ylim(*_widened(min(result.relative_wealth.min(), 1.0) - 0.1,
                                   max(result.relative_wealth.max(), 1.0) + 0.05, RELATIVE_STEP))
        tilted, static = result.tilted.summary(), result.static.summary()
        dates = result.static.wealth.index
        self.ax.set_title(f"US stocks and Aaa bonds, {dates[0]:%Y}-{dates[-1]:%Y}: relative wealth (above 1: timing helped)",
                          fontsize=10)
        self.summary.set_text(
            f"Hit rate {result.hit_rate:.0%} of quarters; information ratio "
            f"{signed_number(backtest.information_ratio(result.tilted, result.static), 2)}\n"
            f"Return a year: tilted {tilted['annualised_return']:.2%}, static {static['annualised_return']:.2%}\n"
            f"Turnover a year: tilted {tilted['turnover_per_year']:.0%}, static {static['turnover_per_year']:.0%}; "
            f"costs a year {tilted['costs_per_year']:.2%} and {static['costs_per_year']:.2%}"
        )


def default_widgets() -> dict[str, FigureWidget]:
    """The chapter's three widgets in their default state, built from the cited data.

    Inputs: the book's regime -> tilt table (``tactical_regime_tilts``), US real
    GDP (statsmodels' macrodata), US stock returns (Ken French's data), the
    approximate return of a 20-year bond at Moody's Aaa yield, and their covariance. Used by the tests and the latency benchmark.
    """
    inputs = chapter_inputs()
    tilts = tactical.regime_tilts()
    history = tactical.classify_regimes(inputs["indicator"], 40, 2)
    volatilities = tuple(estimation.annualised_volatility(inputs["sample"], periods_per_year=4))
    correlation = float(estimation.correlation(inputs["sample"]).loc["equities", "bonds"])
    return {
        "quadrant": RegimeQuadrant(BENCHMARK, tilts, history=history),
        "budget": TrackingErrorBudget(BENCHMARK, volatilities, correlation),
        "backtest": RegimeBacktestExplorer(inputs["indicator"], inputs["returns"], BENCHMARK, tilts),
    }
