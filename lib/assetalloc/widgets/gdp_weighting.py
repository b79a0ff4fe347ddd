"""Widgets and the static chart of chapter 4, GDP weighting.

Each widget takes its data as arguments (the chapter passes the cited 2010
table, :func:`assetalloc.data.regional_shares_2010`) and calls
:mod:`assetalloc.weighting`, :mod:`assetalloc.scenarios` and
:mod:`assetalloc.backtest` for every number it draws. Figures built on
:func:`assetalloc.scenarios.bubble_scenario` carry the label "Simulated data"
(:func:`mark_simulated`).
"""

from __future__ import annotations

import textwrap
from collections.abc import Mapping
from typing import ClassVar

import numpy as np
import pandas as pd
from matplotlib.ticker import FormatStrFormatter, LogLocator, NullFormatter

from assetalloc import backtest, data, scenarios, weighting
from assetalloc.book import signed_percent
from assetalloc.charts import Chart
from assetalloc.style import (
    COLOURS,
    OKABE_ITO,
    mark_simulated,
    new_figure,
    percent_axis,
    points_axis,
    styled,
)
from assetalloc.widgets.base import (
    FigureWidget,
    int_slider,
    room_for_growing_ticks,
    slider,
    snapped_limit,
)

#: Colours of the three weighting rules, the same in every figure of the chapter.
RULE_COLOURS = {"cap": OKABE_ITO["blue"], "gdp": OKABE_ITO["orange"], "equal": OKABE_ITO["bluish_green"],
                "blend": COLOURS["portfolio"]}
RULE_NAMES = {"cap": "Capitalisation", "gdp": "GDP", "equal": "Equal", "blend": "Blend"}

#: Top of the cap/GDP ratio axis of ShareTableExplorer: larger ratios run off the chart (the title states them).
RATIO_AXIS_MAX = 50.0
#: Height at which a larger ratio's bar is drawn: past the axis top, so the same picture as its own height, which
#: matplotlib cannot place when it is astronomically large (a GDP share next to zero: the bar would vanish).
RATIO_BAR_MAX = 2 * RATIO_AXIS_MAX
#: Ratios from this size are written with three significant figures (in powers of ten), not two decimals.
RATIO_TEXT_HUGE = 1e6


def _ratio_text(ratio: float) -> str:
    """A cap/GDP ratio as the share table's title writes it: two decimals, or three significant figures
    from :data:`RATIO_TEXT_HUGE` (a 309-digit number would run off the figure)."""
    return f"{ratio:.3g}" if ratio >= RATIO_TEXT_HUGE else f"{ratio:.2f}"


def _short(name: object) -> str:
    """A region's name without its parenthesis ("Asia-Pacific ex Japan (Singapore, ...)" -> "Asia-Pacific ex Japan")."""
    return str(name).split(" (")[0]


def _labels(names: pd.Series) -> list[str]:
    """Short axis labels from region names, wrapped on two lines."""
    return [textwrap.fill(_short(name), 12) for name in names]


@styled
def share_comparison_chart(shares: pd.DataFrame, names: pd.Series, title: str) -> Chart:
    """Bars of GDP share and capitalisation share by region, each pair labelled with cap/GDP.

    Parameters
    ----------
    shares : pandas.DataFrame
        From :func:`assetalloc.weighting.share_comparison` (decimals), indexed by region.
    names : pandas.Series
        Display names by region.
    title : str
        Figure title (say where the data come from).
    """
    if not isinstance(shares, pd.DataFrame) or not {"gdp_share", "cap_share", "cap_to_gdp"} <= set(shares.columns):
        raise TypeError("shares must be a DataFrame from weighting.share_comparison")
    figure, (ax,) = new_figure(7.5, 3.8)
    x = np.arange(len(shares))
    ax.bar(x - 0.2, shares["gdp_share"], 0.4, color=RULE_COLOURS["gdp"], label="Share of world real GDP")
    ax.bar(x + 0.2, shares["cap_share"], 0.4, color=RULE_COLOURS["cap"], label="Share of MSCI ACWI (capitalisation)")
    for position, (top, ratio) in enumerate(zip(shares[["gdp_share", "cap_share"]].max(axis=1), shares["cap_to_gdp"])):
        ax.text(position, top + 0.01, f"cap/GDP {ratio:.2f}", ha="center", va="bottom", fontsize=9)
    ax.set_xticks(x, _labels(names.loc[shares.index]))
    ax.set_ylim(0.0, float(shares[["gdp_share", "cap_share"]].max().max()) * 1.2)
    percent_axis(ax, "y")
    ax.set_ylabel("Share of the world")
    ax.legend(loc="upper center")
    ax.set_title(title)
    description = "Bar chart of each region's share of world GDP beside its share of world stock-market value, with the ratio of the two."
    return Chart(figure, description)


class BlendExplorer(FigureWidget):
    """Regional weights between capitalisation and GDP weighting, and the active weights that result.

    Left: the weights of each region under capitalisation weighting, GDP
    weighting and the chosen blend. Right: the blend's active weights against
    the capitalisation-weighted benchmark.

    Parameters
    ----------
    gdp_share, cap_share : pandas.Series
        Sizes by region (any common unit; normalised by the library).
    names : pandas.Series
        Display names by region.
    blend : float
        Starting share of GDP weighting in the blend, in [0, 1].
    """

    description = "Regional weights under capitalisation, GDP and blended weighting, and the blend's active weights."
    static_controls = ("blend",)  # offered on the static site (widgets.frames)

    def __init__(self, gdp_share: pd.Series, cap_share: pd.Series, names: pd.Series, blend: float = 0.5) -> None:
        self.gdp_share, self.cap_share = gdp_share, cap_share
        self.cap_weights = weighting.weights_from_sizes(cap_share)
        self.short_names = {region: _short(names[region]) for region in self.cap_weights.index}
        self.gdp_weights = weighting.weights_from_sizes(gdp_share).loc[self.cap_weights.index]
        controls = {"blend": slider("Share of GDP weighting", blend, 0.0, 1.0, 0.05, ".0%")}
        figure, (self.ax_weights, self.ax_active) = new_figure(8.0, 3.8, ncols=2)
        x = np.arange(len(self.cap_weights))
        labels = _labels(names.loc[self.cap_weights.index])
        self.ax_weights.bar(x - 0.27, self.cap_weights, 0.27, color=RULE_COLOURS["cap"], label="Capitalisation")
        self.ax_weights.bar(x, self.gdp_weights, 0.27, color=RULE_COLOURS["gdp"], label="GDP")
        self.blend_bars = self.ax_weights.bar(x + 0.27, np.zeros(len(x)), 0.27, color=RULE_COLOURS["blend"], label="Blend")
        self.active_bars = self.ax_active.bar(x, np.zeros(len(x)), 0.6, color=RULE_COLOURS["blend"])
        self.ax_active.axhline(0.0, color=COLOURS["reference"], linewidth=0.8)
        for ax in (self.ax_weights, self.ax_active):
            ax.set_xticks(x, labels, fontsize=8)
            percent_axis(ax, "y")
        top = float(max(self.cap_weights.max(), self.gdp_weights.max()))
        spread = float((self.gdp_weights - self.cap_weights).abs().max())
        self.ax_weights.set_ylim(0.0, top * 1.25)
        self.ax_active.set_ylim(-spread * 1.2, spread * 1.2)
        self.ax_weights.set_title("Weights")
        self.ax_active.set_title("Active weights: blend minus cap")
        self.ax_weights.legend(loc="upper right")
        self.summary = figure.suptitle("", fontsize=10)
        super().__init__(controls, figure, [*self.blend_bars, *self.active_bars, self.summary])

    def weights(self, blend: float) -> tuple[pd.Series, pd.Series]:
        """The blend's weights and its active weights against capitalisation weights (library calls)."""
        blended = weighting.blend_weights(self.cap_share, self.gdp_share, blend)
        return blended, weighting.active_weights(blended, self.cap_weights)

    def update(self, blend: float) -> None:
        blended, active = self.weights(blend)
        for bar, value in zip(self.blend_bars, blended.loc[self.cap_weights.index]):
            bar.set_height(value)
        for bar, value in zip(self.active_bars, active.loc[self.cap_weights.index]):
            bar.set_height(value)
        largest = active.abs().idxmax()
        shown = signed_percent(active[largest], 1, plus=True)
        self.summary.set_text(
            f"{blend:.0%} GDP / {1 - blend:.0%} capitalisation: "
            + (f"largest active weight {shown} ({self.short_names[largest]})" if shown != signed_percent(0.0, 1)
               else "no active weight (the blend holds capitalisation weights)")
        )


class BubbleSimulator(FigureWidget):
    """Wealth and the bubble market's weight under capitalisation, GDP and equal weighting (SIMULATED).

    A stylised world (:func:`assetalloc.scenarios.bubble_scenario`) in which
    one market's price runs ahead of its GDP and falls back. Each rule is
    backtested (:func:`assetalloc.backtest.run_backtest`) with the chosen
    rebalancing interval. Left: wealth per 1 invested. Right: the weight of
    the bubble market held under each rule.

    Parameters
    ----------
    peak_multiple : float
        Starting size of the bubble (market value over fair value at the peak).
    rise_years, fall_years : int
        Starting lengths of the bubble's rise and fall.
    start_year : int
        Starting number of years before the bubble begins (a bubble that would
        not end within the simulated years shows a message instead).
    every : int
        Starting rebalancing interval, in months.
    cost : float
        Transaction cost per unit traded (decimal; fixed).
    seed : int
        Seed of the simulated noise (fixed).
    gdp_lag : int
        Months by which GDP figures are late (fixed).
    """

    problem_words: ClassVar[Mapping[str, str]] = {
        "years must cover the whole bubble": (
            "the bubble does not fit in the simulated years: shorten the years before it, of rise or of fall."),
    }

    description = "Simulated data: wealth and the bubble market's weight under capitalisation, GDP and equal weighting."
    RULES = ("cap", "gdp", "equal")
    static_controls = ("peak_multiple",)  # offered on the static site (widgets.frames)

    def __init__(
        self, peak_multiple: float = 3.0, rise_years: int = 4, fall_years: int = 10, every: int = 12,
        cost: float = 0.002, seed: int = scenarios.DEFAULT_SEED, gdp_lag: int = 3, start_year: int = 1,
    ) -> None:
        self.gdp_lag, self.cost, self.seed = gdp_lag, cost, seed
        controls = {
            "peak_multiple": slider("Bubble size (peak / fair value)", peak_multiple, 1.0, 5.0, 0.25, ".2f"),
            "rise_years": int_slider("Years of rise", rise_years, 1, 8),
            "fall_years": int_slider("Years of fall", fall_years, 1, 15),
            "start_year": int_slider("Years before the bubble", start_year, 0, 10),
            "every": int_slider("Rebalance every ... months", every, 1, 60),
        }
        figure, (self.ax_wealth, self.ax_weight) = new_figure(8.5, 4.0, ncols=2)
        self.wealth_lines = {}
        self.weight_lines = {}
        for rule in self.RULES:
            (self.wealth_lines[rule],) = self.ax_wealth.plot([], [], color=RULE_COLOURS[rule], label=RULE_NAMES[rule])
            (self.weight_lines[rule],) = self.ax_weight.plot([], [], color=RULE_COLOURS[rule], label=RULE_NAMES[rule])
        self.ax_wealth.set_yscale("log")
        self.ax_wealth.yaxis.set_major_locator(LogLocator(base=10.0, subs=(1.0, 2.0, 3.0, 5.0)))
        self.ax_wealth.yaxis.set_major_formatter(FormatStrFormatter("%g"))
        self.ax_wealth.yaxis.set_minor_formatter(NullFormatter())
        self.ax_wealth.set_xlabel("Years")
        self.ax_weight.set_xlabel("Years")
        self.ax_wealth.set_title("Wealth per 1 invested (log scale)")
        self.ax_weight.set_title("Weight of the bubble market")
        percent_axis(self.ax_weight, "y")
        self.ax_wealth.legend(loc="upper left")  # one legend for both panels: the same rules in the same colours
        self.summary = figure.suptitle("", fontsize=10)
        mark_simulated(figure)
        # Says when there is no bubble (size 1), so that the years of rise and fall do nothing.
        self.idle_note = self.ax_weight.text(0.5, 0.03, "", transform=self.ax_weight.transAxes, ha="center", va="bottom",
                                             fontsize=8.5, style="italic",
                                             bbox={"facecolor": "white", "edgecolor": "none", "alpha": 0.9})
        dynamic = [*self.wealth_lines.values(), *self.weight_lines.values(), self.ax_weight.title, self.summary,
                   self.idle_note]
        super().__init__(controls, figure, dynamic)

    def simulate(
        self, peak_multiple: float, rise_years: int, fall_years: int, every: int, start_year: int = 1
    ) -> tuple[scenarios.BubbleScenario, dict[str, backtest.BacktestResult]]:
        """The simulated world and each rule's backtest for these settings (library calls)."""
        world = scenarios.bubble_scenario(peak_multiple, rise_years, fall_years, start_year=start_year, seed=self.seed)
        targets = {"cap": world.cap_weights(), "gdp": world.gdp_weights(self.gdp_lag), "equal": world.equal_weights()}
        return world, {
            rule: backtest.run_backtest(world.returns, targets[rule], every=every, cost=self.cost,
                                        periods_per_year=world.periods_per_year)
            for rule in self.RULES
        }

    def update(self, peak_multiple: float, rise_years: int, fall_years: int, start_year: int, every: int) -> None:
        world, results = self.simulate(peak_multiple, rise_years, fall_years, every, start_year)
        years = (np.arange(len(world.returns)) + 1) / world.periods_per_year
        for rule, result in results.items():
            self.wealth_lines[rule].set_data(years, result.wealth.to_numpy())
            self.weight_lines[rule].set_data(years, result.weights[world.bubble_market].to_numpy())
        wealth = np.concatenate([result.wealth.to_numpy() for result in results.values()])
        peak_weight = max(float(result.weights[world.bubble_market].max()) for result in results.values())
        self.ax_wealth.set_xlim(0.0, years[-1])
        self.ax_weight.set_xlim(0.0, years[-1])
        # Snapped to round steps: the axes, and the partial redraw's kept background, change only when a line outgrows one.
        self.ax_wealth.set_ylim(snapped_limit(wealth.min() * 0.9, toward_zero=True), snapped_limit(wealth.max() * 1.1))
        self.ax_weight.set_ylim(0.0, snapped_limit(peak_weight * 1.15))
        self.ax_weight.set_title(f"Weight of the bubble market ({world.bubble_market})")
        self.idle_note.set_text("No bubble at size 1.00: the years before it, of rise and of fall change nothing"
                                if peak_multiple == 1.0 else "")
        self.idle_note.set_visible(peak_multiple == 1.0)  # no empty white box
        summaries = {rule: result.summary() for rule, result in results.items()}
        rise = self.rise_ratio(results)
        self.summary.set_text(
            "Return/risk: " + ", ".join(f"{RULE_NAMES[rule]} {s['return_to_risk']:.2f}" for rule, s in summaries.items())
            + f"; GDP turnover {summaries['gdp']['turnover_per_year']:.1%} a year\n"
            + ("GDP rose " + f"{rise:.2f}" + " times as much as capitalisation" if rise is not None
               else "Capitalisation weighting did not rise: no ratio of rises")
            + f"; final wealth GDP {results['gdp'].wealth.iloc[-1]:.2f}, capitalisation {results['cap'].wealth.iloc[-1]:.2f}"
        )

    @staticmethod
    def rise_ratio(results: dict[str, backtest.BacktestResult]) -> float | None:
        """GDP weighting's rise over capitalisation weighting's (:func:`assetalloc.backtest.relative_rise`).

        ``None`` when capitalisation weighting ends at or below 1 (no rise to divide by).
        """
        try:
            return backtest.relative_rise(results["gdp"].wealth, results["cap"].wealth)
        except ValueError:  # capitalisation weighting did not rise: nothing to divide by
            return None


class ShareTableExplorer(FigureWidget):
    """The source's comparison for shares you set: differences and cap-to-GDP ratios, renormalised.

    One slider per region for its share of world GDP and one for its share of
    world stock-market value, each from 0 to 100 % (today the United States
    alone is well above half of MSCI ACWI). Both columns are rescaled to sum
    to 100 % (:func:`assetalloc.weighting.share_comparison` with
    ``normalise=True``) before the differences (left) and the cap-to-GDP
    ratios (right) are drawn, so the regions need not cover the world: pass
    the regions without Japan and the bars are those of the foreign part.

    Parameters
    ----------
    shares : pandas.DataFrame
        Starting shares by region (decimal, each in [0, 1]), columns ``gdp_share`` and ``cap_share``.
    names : pandas.Series
        Display names by region.
    caption : str
        What the starting shares are (their source and date): the figure's first line while every slider is
        at its start; once one is moved, the first line says the shares are the reader's.
    """

    problem_words: ClassVar[Mapping[str, str]] = {
        "gdp_share must be > 0": "a region with no GDP has no capitalisation-to-GDP ratio: give every region some GDP.",
        "gdp_share must not all be zero": "the regions' GDP shares are all zero: give some region a GDP share.",
        "cap_share must not all be zero": "the regions' capitalisation shares are all zero: give some region a share.",
    }

    description = "Capitalisation share minus GDP share, and their ratio, by region, for shares set by the reader."

    #: Top of every share slider: a region can be the whole of the world.
    SHARE_MAX = 1.0

    def __init__(self, shares: pd.DataFrame, names: pd.Series, caption: str = "") -> None:
        if not isinstance(shares, pd.DataFrame) or not {"gdp_share", "cap_share"} <= set(shares.columns):
            raise TypeError("shares must be a DataFrame with columns gdp_share and cap_share")
        if not isinstance(caption, str):
            raise TypeError(f"caption must be a str (got {type(caption).__name__})")
        self.regions = list(shares.index)
        self.static_controls = (f"cap_{self.regions[0]}",)  # offered on the static site (widgets.frames)
        self.caption = caption
        self.short_names = short = {region: _short(names[region]) for region in self.regions}
        controls = {}
        for column, label in (("gdp_share", "GDP"), ("cap_share", "Cap")):
            for region in self.regions:
                start = float(np.clip(shares.loc[region, column], 0.0, self.SHARE_MAX))
                controls[f"{label.lower()}_{region}"] = slider(
                    f"{label}: {short[region]}", start, 0.0, self.SHARE_MAX, 0.001, ".1%"
                )
        #: Every slider's starting value, by control name: while all are there, the caption describes the shares.
        self.start_values = {name: control.value for name, control in controls.items()}
        figure, (self.ax_difference, self.ax_ratio) = new_figure(8.5, 4.0, ncols=2)
        x = np.arange(len(self.regions))
        labels = _labels(names.loc[self.regions])
        self.difference_bars = self.ax_difference.bar(x, np.zeros(len(x)), 0.6, color=RULE_COLOURS["cap"])
        self.ratio_bars = self.ax_ratio.bar(x, np.zeros(len(x)), 0.6, color=RULE_COLOURS["gdp"])
        self.ax_difference.axhline(0.0, color=COLOURS["reference"], linewidth=0.8)
        self.ax_ratio.axhline(1.0, color=COLOURS["reference"], linewidth=0.8, linestyle="--")
        for ax in (self.ax_difference, self.ax_ratio):
            ax.set_xticks(x, labels, fontsize=8)
        # A difference of two weights is in percentage points: the bars are drawn as 100 x the difference.
        self.ax_difference.set_ylabel("percentage points")
        points_axis(self.ax_difference, "y")
        self.ax_difference.set_title("Cap weight minus GDP weight")
        self.ax_ratio.set_title("Cap weight / GDP weight (dashed: 1)")
        self.summary = figure.suptitle("", fontsize=10)
        room_for_growing_ticks(figure)  # "0.00" after "0.0" on the ratio axis: clear of the left panel
        super().__init__(controls, figure, [*self.difference_bars, *self.ratio_bars, self.summary])

    def table(self, **values: float) -> pd.DataFrame:
        """The renormalised comparison for these slider values (:func:`assetalloc.weighting.share_comparison`)."""
        gdp = pd.Series({region: values[f"gdp_{region}"] for region in self.regions})
        cap = pd.Series({region: values[f"cap_{region}"] for region in self.regions})
        return weighting.share_comparison(gdp, cap, normalise=True)

    def update(self, **values: float) -> None:
        table = self.table(**values)
        for bar, value in zip(self.difference_bars, table["difference"]):
            bar.set_height(100.0 * value)
        for bar, value in zip(self.ratio_bars, table["cap_to_gdp"]):
            bar.set_height(min(value, RATIO_BAR_MAX))
        spread = float(table["difference"].abs().max())
        # Both axes snap to round steps: they, and the partial redraw's kept background, change only when a bar outgrows one.
        half = snapped_limit(100.0 * (spread * 1.2 + 0.01))
        self.ax_difference.set_ylim(-half, half)
        # A tiny GDP share gives a huge (finite) ratio: the axis stops at RATIO_AXIS_MAX, the title gives the value.
        top = min(max(float(table["cap_to_gdp"].max()) * 1.15, 1.2), RATIO_AXIS_MAX)
        self.ax_ratio.set_ylim(0.0, min(snapped_limit(top), RATIO_AXIS_MAX))
        largest = table["cap_to_gdp"].idxmax()
        shares = self.caption if values == self.start_values else MOVED_SHARES_CAPTION
        self.summary.set_text(
            (f"{shares}\n" if self.caption else "")
            + f"Rescaled to 100%: the largest cap/GDP is {_ratio_text(table.loc[largest, 'cap_to_gdp'])} "
            f"({self.short_names[largest]}), the smallest {_ratio_text(table['cap_to_gdp'].min())}"
        )


#: The caption of the share table's starting state in the chapter: what its shares are.
FOREIGN_2010_CAPTION = "Shares of world GDP and of MSCI ACWI, September 2010 (Bito 2010), of the regions outside Japan"
#: The share table's caption once a slider has left its start: the shares are no longer the caption's.
MOVED_SHARES_CAPTION = "Shares as set (changed from the starting figures)"


def default_widgets() -> dict[str, FigureWidget]:
    """The chapter's three widgets in their default state, built from the cited 2010 table.

    Inputs: the source's GDP and MSCI ACWI shares of the five top-level
    regions, 30 September 2010 (:func:`assetalloc.data.regional_shares_2010`;
    the share table starts from the four regions other than Japan), and the
    default stylised bubble of :func:`assetalloc.scenarios.bubble_scenario`.
    """
    shares = data.regional_shares_2010()
    foreign = shares.drop(index="japan")
    return {
        "blend": BlendExplorer(shares["gdp_share"], shares["cap_share"], shares["name"]),
        "bubble": BubbleSimulator(),
        "share_table": ShareTableExplorer(foreign[["gdp_share", "cap_share"]], foreign["name"], FOREIGN_2010_CAPTION),
    }
