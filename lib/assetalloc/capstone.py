"""The capstone model: an investor, a set of assumptions, the reader's choices, and every figure of the dashboard.

The reader describes an investor (:class:`Investor`), makes a few choices
(:class:`Choices`: how much in stocks, which weighting rule across regions,
emerging markets in or out, how much of the bonds abroad and how much of that
hedged, an optional tactical tilt), and :func:`allocation_summary` returns
everything the book's dashboard shows, computed by the rest of the library:
expected return and risk (:mod:`assetalloc.risk`), the loss budget
(:func:`assetalloc.risk.max_investment_for_loss`), the efficient frontier
and the portfolio's distance from it (:mod:`assetalloc.optimise`), risk
contributions, and tracking error against a 60/40 benchmark. :func:`to_csv`
and :func:`to_markdown` turn a summary into a small text file to hand in.

Units: weights, returns, volatilities and correlations are DECIMALS,
annualised (0.054 is 5.4 % a year); money (the loss limit, the largest
investment) is in yen.

The assumption set (:func:`capstone_assumptions`)
---------------------------------------------------
One covariance matrix over six assets, built from ONE base source plus two
stated extensions, so that every figure of the dashboard rests on the same
numbers:

1. **Base, four GPIF asset classes** (domestic and foreign bonds, domestic
   and foreign stocks): GPIF's 2008 expected returns and risks (data
   1973-2007) with GPIF's 2004 correlations, the domestic-foreign stock
   correlation replaced by the 0.27 the source article prints for GPIF's
   2008 data: the covariance of chapter 2
   (:func:`assetalloc.assumptions.table2_inputs`), which
   reproduces chapter 1's 40/60 risk of 16.52 %.
2. **Hedged foreign bonds**: a hedge removes the currency part of a foreign
   bond's yen return. The unhedged risk is split into a local-bond part,
   ASSUMED as risky as domestic bonds, and an uncorrelated currency part
   (chapter 2's split), so the hedged variance is the share
   ``a = sigma_domestic_bonds**2 / sigma_foreign_bonds**2`` of the
   unhedged one. Its co-movements are modelled as
   ``hedged = a * unhedged + u`` with ``u`` independent of every asset and of
   variance ``a (1 - a) sigma_foreign_bonds**2``: every correlation of the
   hedged bond is ``sqrt(a)`` times the unhedged bond's. The matrix stays
   positive semidefinite by construction. Under uncovered interest parity
   (chapter 2) the hedged bond's expected return equals the unhedged one's.
   Limitation: the hedged bond's correlation with domestic bonds inherits
   the unhedged bond's (slightly negative) one, lower than one would expect
   of two government bond markets.
3. **Emerging stocks** (chapter 3's data, monthly yen returns 1999-2009):
   risk 27.05 %; expected return = foreign stocks' plus the 2-point premium of
   the source's Table 4. Their correlations come from a regression on
   domestic and foreign stocks estimated on the source's Pattern 2
   correlations (standardised slopes ``beta = R_ss^-1 r``) and applied to
   the base correlations: ``corr(EM, X) = beta' corr(stocks, X)`` for every
   asset X, the rest of the emerging risk independent of everything. Pasting
   the Pattern 2 correlations (0.68 and 0.88) next to GPIF's 0.27 instead
   gives a nearly singular matrix (smallest eigenvalue about 0.004 against
   0.17), which would make the optimiser's answers erratic, and still says
   nothing about emerging stocks and bonds; the regression answers both.
"""

from __future__ import annotations

import functools
import io
from dataclasses import asdict, dataclass

import numpy as np
import pandas as pd

from assetalloc import data, optimise, risk, tactical, weighting
from assetalloc._validation import (
    as_covariance,
    as_flag,
    as_float,
    as_fraction,
    as_instance,
    as_int_at_least,
    as_labelled_vector,
    as_nonnegative,
    as_positive,
    as_string,
    as_weights,
    require,
    same_labels,
)
from assetalloc.assumptions import table2_inputs
from assetalloc.compare import in_library_units

__all__ = [
    "ASSETS",
    "ASSET_NAMES",
    "BENCHMARK_CHOICES",
    "AllocationSummary",
    "Assumptions",
    "Choices",
    "Investor",
    "allocation_summary",
    "build_allocation",
    "capstone_assumptions",
    "currency_split",
    "key_figures",
    "region_sizes",
    "to_csv",
    "to_markdown",
]

#: The six assets of the capstone, bonds first, in the order of every result.
ASSETS = (
    "domestic_bonds", "foreign_bonds", "foreign_bonds_hedged",
    "domestic_stocks", "foreign_stocks", "emerging_stocks",
)
#: Display names of :data:`ASSETS`.
ASSET_NAMES = {
    "domestic_bonds": "Domestic bonds",
    "foreign_bonds": "Foreign bonds, unhedged",
    "foreign_bonds_hedged": "Foreign bonds, hedged",
    "domestic_stocks": "Domestic stocks",
    "foreign_stocks": "Foreign developed stocks",
    "emerging_stocks": "Emerging stocks",
}
#: Regions of the 2010 table (bito2010) that make up each stock asset.
_REGIONS = {
    "domestic_stocks": ("japan",),
    "foreign_stocks": ("north_america", "developed_europe", "asia_pacific_ex_japan"),
    "emerging_stocks": ("emerging_markets",),
}
#: Points on the efficient frontier of a summary.
FRONTIER_POINTS = 40


# --------------------------------------------------------------------------- the investor and the choices


def _by_asset(name: str, x: pd.Series, *, ordered: bool, total: float | None = None) -> None:
    """Check a Series of finite numbers labelled by :data:`ASSETS` (in that order if ``ordered``).

    ``total``: the values must sum to it (1 for weights, 0 for active weights).
    """
    as_instance(name, x, pd.Series, "a pandas Series labelled by asset")
    labels, values = as_labelled_vector(name, x)
    same_labels(name, labels, "ASSETS", ASSETS, ordered=ordered)
    if total is not None:
        as_weights(name, values, total=total)


@dataclass(frozen=True)
class Investor:
    """A yen-based investor.

    Attributes
    ----------
    loss_limit : float
        The most the investor can afford to lose in a bad year, in yen (> 0).
    horizon_years : int
        Years until the money is needed (>= 1).
    yen_liabilities : float
        Share of the investor's future spending in yen, decimal in [0, 1]
        (1 for a household that will spend everything in Japan).
    k : float
        Size of the bad year in standard deviations below the expected
        return (> 0); the source's 2.
    """

    loss_limit: float = 1_000_000.0
    horizon_years: int = 10
    yen_liabilities: float = 1.0
    k: float = 2.0

    def __post_init__(self) -> None:
        object.__setattr__(self, "loss_limit", as_positive("loss_limit", self.loss_limit))
        object.__setattr__(self, "horizon_years", int(as_int_at_least("horizon_years", self.horizon_years, 1)))
        object.__setattr__(self, "yen_liabilities", as_fraction("yen_liabilities", self.yen_liabilities))
        object.__setattr__(self, "k", as_positive("k", self.k))


@dataclass(frozen=True)
class Choices:
    """The reader's allocation choices.

    Attributes
    ----------
    stock_share : float
        Share of stocks before any tilt, decimal in [0, 1]; the rest is bonds.
    blend : float
        Weighting rule across stock regions, in [0, 1]: 0 capitalisation
        weights (MSCI ACWI shares, 2010), 1 GDP weights, between a blend
        (:func:`assetalloc.weighting.blend_weights`).
    include_emerging : bool
        Whether emerging stocks are held (if not, their size is set to 0).
    foreign_bond_share : float
        Share of the bonds held abroad, decimal in [0, 1].
    hedge_ratio : float
        Share of the foreign bonds hedged against the yen, decimal in [0, 1].
    regime : str or None
        A macro regime of :data:`assetalloc.tactical.REGIMES` whose tilt
        (:func:`assetalloc.tactical.regime_tilts`) is applied to the stock and
        bond shares, or None for no tilt.
    tilt_size : float
        Share of the regime's tilt applied, decimal in [0, 1] (0: no tilt).
    """

    stock_share: float = 0.5
    blend: float = 0.0
    include_emerging: bool = True
    foreign_bond_share: float = 0.0
    hedge_ratio: float = 0.0
    regime: str | None = None
    tilt_size: float = 0.0

    def __post_init__(self) -> None:
        for name in ("stock_share", "blend", "foreign_bond_share", "hedge_ratio", "tilt_size"):
            object.__setattr__(self, name, as_fraction(name, getattr(self, name)))
        object.__setattr__(self, "include_emerging", as_flag("include_emerging", self.include_emerging))
        if self.regime is not None and self.regime not in tactical.REGIMES:
            raise ValueError(f"regime must be None or one of {tactical.REGIMES} (got {self.regime!r})")


#: The 60/40 benchmark as choices: 60 % stocks by capitalisation (emerging
#: included), 40 % foreign bonds fully hedged, no tilt. The yen investor's
#: reading of chapter 5's reference portfolio (60 % MSCI ACWI, 40 % Bloomberg
#: Global Aggregate hedged), the yen part of the bond index left out.
BENCHMARK_CHOICES = Choices(stock_share=0.6, blend=0.0, include_emerging=True, foreign_bond_share=1.0, hedge_ratio=1.0)


# --------------------------------------------------------------------------- assumptions


@dataclass(frozen=True)
class Assumptions:
    """Expected returns and covariance of :data:`ASSETS` (DECIMAL, annualised), labelled.

    Attributes
    ----------
    expected_returns : pandas.Series
        Finite, labelled by :data:`ASSETS` (any order).
    covariance : pandas.DataFrame
        A valid covariance matrix (symmetric, positive semidefinite) with the
        same labels, in the same order, on both axes.

    Raises
    ------
    TypeError, ValueError
        Naming the attribute that is not as described.
    """

    expected_returns: pd.Series
    covariance: pd.DataFrame

    def __post_init__(self) -> None:
        _by_asset("expected_returns", self.expected_returns, ordered=False)
        as_instance("covariance", self.covariance, pd.DataFrame, "a pandas DataFrame labelled by asset")
        same_labels("covariance", self.covariance.index, "ASSETS", ASSETS)
        if not self.covariance.columns.equals(self.covariance.index):
            raise ValueError("covariance must have the same labels, in the same order, on both axes")
        as_covariance("covariance", self.covariance)

    @property
    def volatilities(self) -> pd.Series:
        """Each asset's risk (decimal, annualised)."""
        return pd.Series(risk.volatilities(self.covariance), index=self.covariance.index)

    @property
    def correlation(self) -> pd.DataFrame:
        """The correlation matrix implied by the covariance."""
        index = self.covariance.index
        return pd.DataFrame(risk.correlation_from_covariance(self.covariance), index=index, columns=index)


def currency_split() -> pd.Series:
    """The split of foreign bonds' yen risk behind the hedged asset (DECIMAL, annualised).

    Returns
    -------
    pandas.Series
        ``unhedged`` (GPIF 2008 foreign-bond risk), ``local`` (ASSUMED equal to
        GPIF 2008 domestic-bond risk), ``currency`` (``sqrt(unhedged**2 -
        local**2)``, uncorrelated with the local part), ``variance_share``
        ``a = local**2 / unhedged**2`` and ``correlation_scale`` ``sqrt(a)``: the
        factor from the unhedged bond's correlations to the hedged bond's.
    """
    gpif = data.gpif_2008_assumptions()["volatility"]
    unhedged, local = gpif["foreign_bonds"], gpif["domestic_bonds"]
    share = (local / unhedged) ** 2
    return pd.Series({"unhedged": unhedged, "local": local, "currency": unhedged * np.sqrt(1.0 - share),
                      "variance_share": share, "correlation_scale": np.sqrt(share)})


def capstone_assumptions() -> Assumptions:
    """The capstone's expected returns and covariance over :data:`ASSETS` (see the module docstring).

    Returns
    -------
    Assumptions
        Built from GPIF 2008/2004 (base), the source article's 0.27, Table 4
        premium and Pattern 2 data (yamazaki2009), with the stated extensions
        for hedged foreign bonds and emerging stocks.
    """
    printed = in_library_units(data.reported_figures("yamazaki2009"))
    gpif = data.gpif_2008_assumptions()
    _, base_covariance = table2_inputs()
    base = list(data.ASSETS)
    base_vols = pd.Series(risk.volatilities(base_covariance.loc[base, base]), index=base)
    correlation = pd.DataFrame(np.eye(len(ASSETS)), index=list(ASSETS), columns=list(ASSETS))
    correlation.loc[base, base] = risk.correlation_from_covariance(base_covariance.loc[base, base])
    # Hedged foreign bonds: every correlation sqrt(a) times the unhedged bond's (module docstring, 2).
    split = currency_split()
    hedged = correlation.loc["foreign_bonds", base] * split["correlation_scale"]
    correlation.loc["foreign_bonds_hedged", base] = hedged
    correlation.loc[base, "foreign_bonds_hedged"] = hedged
    # Emerging stocks: standardised regression on domestic and foreign stocks (module docstring, 3).
    rho = printed["pattern2_correlation_domestic_foreign"]
    slopes = np.linalg.solve(
        [[1.0, rho], [rho, 1.0]],
        [printed["pattern2_correlation_domestic_emerging"], printed["pattern2_correlation_foreign_emerging"]],
    )
    others = list(ASSETS[:-1])
    emerging = pd.Series(slopes, index=["domestic_stocks", "foreign_stocks"]) @ correlation.loc[
        ["domestic_stocks", "foreign_stocks"], others]
    correlation.loc["emerging_stocks", others] = emerging
    correlation.loc[others, "emerging_stocks"] = emerging
    vols = pd.Series({**base_vols, "foreign_bonds_hedged": split["local"],
                      "emerging_stocks": printed["pattern2_risk_emerging"]}).loc[list(ASSETS)]
    covariance = risk.covariance_from_correlation(vols.to_numpy(), correlation.to_numpy())
    expected = gpif["expected_return"].to_dict()
    expected["foreign_bonds_hedged"] = expected["foreign_bonds"]  # uncovered parity: same expected return
    expected["emerging_stocks"] = expected["foreign_stocks"] + printed["table4_emerging_premium"]
    return Assumptions(
        expected_returns=pd.Series(expected).loc[list(ASSETS)],
        covariance=pd.DataFrame(covariance, index=list(ASSETS), columns=list(ASSETS)),
    )


# --------------------------------------------------------------------------- from choices to weights


def region_sizes() -> pd.DataFrame:
    """Capitalisation and GDP sizes of the three stock assets (DECIMAL shares of the world, 2010).

    Sums of the source's regions (bito2010): Japan; North America, developed
    Europe and Asia-Pacific ex Japan (foreign developed); emerging markets.

    Returns
    -------
    pandas.DataFrame
        Index ``domestic_stocks``, ``foreign_stocks``, ``emerging_stocks``;
        columns ``cap_share`` and ``gdp_share`` (decimal). A new copy on each call.
    """
    return _region_sizes().copy()


@functools.cache
def _region_sizes() -> pd.DataFrame:
    """The table of :func:`region_sizes`, read once (callers get copies)."""
    shares = weighting.regional_shares_2010()[["cap_share", "gdp_share"]]
    return pd.DataFrame({asset: shares.loc[list(regions)].sum() for asset, regions in _REGIONS.items()}).T


def build_allocation(choices: Choices) -> pd.Series:
    """The portfolio weights the reader's choices give.

    Steps, each by an existing function:

    1. stocks / bonds = ``stock_share`` / ``1 - stock_share``, then the
       regime's tilt times ``tilt_size`` (:func:`assetalloc.tactical.apply_tilt`,
       which scales the tilt down if it would push a share outside [0, 1]);
    2. the stock share split across regions by capitalisation, GDP or a blend
       (:func:`assetalloc.weighting.blend_weights`; emerging markets' sizes
       set to 0 if they are left out);
    3. the bond share split into domestic and foreign, the foreign part into
       hedged and unhedged.

    Parameters
    ----------
    choices : Choices

    Returns
    -------
    pandas.Series
        Weights by :data:`ASSETS` (decimal, sum 1, each in [0, 1]).
    """
    if not isinstance(choices, Choices):
        raise TypeError(f"choices must be a Choices (got {type(choices).__name__})")
    sleeves = pd.Series({"equities": choices.stock_share, "bonds": 1.0 - choices.stock_share})
    if choices.regime is not None and choices.tilt_size > 0:
        sleeves = tactical.apply_tilt(sleeves, _regime_tilts().loc[choices.regime] * choices.tilt_size)
    sizes = region_sizes()
    if not choices.include_emerging:
        sizes.loc["emerging_stocks"] = 0.0
    stocks = weighting.blend_weights(sizes["cap_share"], sizes["gdp_share"], choices.blend) * sleeves["equities"]
    foreign = choices.foreign_bond_share * sleeves["bonds"]
    bonds = pd.Series({
        "domestic_bonds": sleeves["bonds"] - foreign,
        "foreign_bonds": foreign * (1.0 - choices.hedge_ratio),
        "foreign_bonds_hedged": foreign * choices.hedge_ratio,
    })
    return pd.concat([bonds, stocks]).loc[list(ASSETS)]


@functools.cache
def _regime_tilts() -> pd.DataFrame:
    """:func:`assetalloc.tactical.regime_tilts`, read once (not modified by its callers)."""
    return tactical.regime_tilts()


@functools.cache
def _benchmark_weights() -> pd.Series:
    """The weights of :data:`BENCHMARK_CHOICES`, computed once (callers get copies)."""
    return build_allocation(BENCHMARK_CHOICES)


def _allowed_upper(choices: Choices) -> np.ndarray:
    """Upper bounds for the frontier: 0 for emerging stocks if the reader left them out, else 1."""
    return np.array([0.0 if asset == "emerging_stocks" and not choices.include_emerging else 1.0 for asset in ASSETS])


# --------------------------------------------------------------------------- the summary


@dataclass(frozen=True)
class AllocationSummary:
    """Every figure of the dashboard for one investor and one set of choices.

    Attributes
    ----------
    investor, choices
        The inputs.
    weights, benchmark : pandas.Series
        The portfolio's and the 60/40 benchmark's weights by :data:`ASSETS` (decimal, sum 1).
    expected_return, volatility : float
        The portfolio's (decimal, annualised).
    benchmark_expected_return, benchmark_volatility : float
        The benchmark's (decimal, annualised).
    worst_case_return : float
        The portfolio's return in a k-sigma bad year (decimal).
    max_investment : float
        The largest amount whose bad-year loss stays within the loss limit (yen, > 0).
    horizon_worst_case_return : float
        The k-sigma bad outcome of the cumulative return over the horizon,
        ``T mu - k sqrt(T) sigma`` (decimal; independent years, simple sum).
    frontier : assetalloc.optimise.Frontier
        The efficient frontier of the assets the reader allows (long-only).
    efficient_weights : pandas.Series
        The least risky portfolio of those assets with the same expected return (decimal, sum 1).
    efficient_volatility : float
        Its risk (decimal); ``volatility - efficient_volatility`` is the risk
        the portfolio takes beyond the frontier.
    risk_contributions : pandas.Series
        Each asset's share of the portfolio's variance (decimal, sum 1).
    active_weights : pandas.Series
        Portfolio minus benchmark (decimal, sum 0).
    tracking_error : float
        Ex-ante tracking error against the benchmark (decimal a year).
    foreign_currency_exposure : float
        Share of the portfolio in unhedged foreign-currency assets (decimal in [0, 1]).
    currency_mismatch : float
        That exposure minus the investor's foreign-currency spending share
        (decimal in [-1, 1]; positive: more currency risk than the spending needs).

    Every Series is labelled by :data:`ASSETS`, in that order; a value that
    breaks a rule above (a sum, a sign, a range, finiteness) raises a
    ValueError or TypeError naming the attribute.
    """

    investor: Investor
    choices: Choices
    weights: pd.Series
    benchmark: pd.Series
    expected_return: float
    volatility: float
    benchmark_expected_return: float
    benchmark_volatility: float
    worst_case_return: float
    max_investment: float
    horizon_worst_case_return: float
    frontier: optimise.Frontier
    efficient_weights: pd.Series
    efficient_volatility: float
    risk_contributions: pd.Series
    active_weights: pd.Series
    tracking_error: float
    foreign_currency_exposure: float
    currency_mismatch: float

    def __post_init__(self) -> None:
        as_instance("investor", self.investor, Investor, "an Investor")
        as_instance("choices", self.choices, Choices, "a Choices")
        as_instance("frontier", self.frontier, optimise.Frontier, "an assetalloc.optimise.Frontier")
        for name, total in (("weights", 1.0), ("benchmark", 1.0), ("efficient_weights", 1.0),
                            ("risk_contributions", 1.0), ("active_weights", 0.0)):
            _by_asset(name, getattr(self, name), ordered=True, total=total)
        for name in ("expected_return", "benchmark_expected_return", "worst_case_return", "horizon_worst_case_return"):
            as_float(name, getattr(self, name))
        for name in ("volatility", "benchmark_volatility", "efficient_volatility", "tracking_error"):
            as_nonnegative(name, getattr(self, name))
        as_positive("max_investment", self.max_investment)
        as_fraction("foreign_currency_exposure", self.foreign_currency_exposure)
        mismatch = as_float("currency_mismatch", self.currency_mismatch)
        require("currency_mismatch", np.float64(mismatch), -1.0 <= mismatch <= 1.0, "in [-1, 1]")

    @property
    def excess_volatility(self) -> float:
        """Risk taken beyond the efficient frontier at the same expected return (decimal, >= 0)."""
        return max(self.volatility - self.efficient_volatility, 0.0)


def allocation_summary(choices: Choices, investor: Investor, assumptions: Assumptions | None = None) -> AllocationSummary:
    """Every figure of the dashboard for these choices and this investor.

    Parameters
    ----------
    choices : Choices
    investor : Investor
    assumptions : Assumptions, optional
        Default :func:`capstone_assumptions`.

    Returns
    -------
    AllocationSummary

    Raises
    ------
    ValueError
        If the portfolio's bad year makes no loss (``k * volatility <=
        expected_return``), so there is no loss to budget.
    """
    if not isinstance(investor, Investor):
        raise TypeError(f"investor must be an Investor (got {type(investor).__name__})")
    if assumptions is None:
        assumptions = capstone_assumptions()
    if not isinstance(assumptions, Assumptions):
        raise TypeError(f"assumptions must be an Assumptions (got {type(assumptions).__name__})")
    mu, cov = assumptions.expected_returns.loc[list(ASSETS)], assumptions.covariance.loc[list(ASSETS), list(ASSETS)]
    weights, benchmark = build_allocation(choices), _benchmark_weights().copy()
    expected, volatility = risk.portfolio_return(weights, mu), risk.portfolio_volatility(weights, cov)
    upper = _allowed_upper(choices)
    efficient = optimise.target_return_weights(mu, cov, expected, upper=upper)
    active = weighting.active_weights(weights, benchmark)
    horizon = investor.horizon_years
    unhedged_foreign = weights.drop(["domestic_bonds", "foreign_bonds_hedged", "domestic_stocks"]).sum()
    return AllocationSummary(
        investor=investor,
        choices=choices,
        weights=weights,
        benchmark=benchmark,
        expected_return=expected,
        volatility=volatility,
        benchmark_expected_return=risk.portfolio_return(benchmark, mu),
        benchmark_volatility=risk.portfolio_volatility(benchmark, cov),
        worst_case_return=risk.worst_case_return(expected, volatility, investor.k),
        max_investment=risk.max_investment_for_loss(investor.loss_limit, expected, volatility, investor.k),
        horizon_worst_case_return=risk.worst_case_return(horizon * expected, np.sqrt(horizon) * volatility, investor.k),
        frontier=optimise.efficient_frontier(mu, cov, FRONTIER_POINTS, upper=upper),
        efficient_weights=pd.Series(efficient, index=list(ASSETS)),
        efficient_volatility=risk.portfolio_volatility(efficient, cov),
        risk_contributions=pd.Series(risk.risk_contributions(weights, cov), index=list(ASSETS)),
        active_weights=active,
        tracking_error=risk.tracking_error(active, cov),
        foreign_currency_exposure=float(unhedged_foreign),
        currency_mismatch=float(unhedged_foreign - (1.0 - investor.yen_liabilities)),
    )


# --------------------------------------------------------------------------- export


def key_figures(summary: AllocationSummary) -> pd.DataFrame:
    """The headline figures of a summary as a table: one row per figure.

    Returns
    -------
    pandas.DataFrame
        Index ``key``; columns ``description``, ``value`` (decimal for
        percentages, yen for yen) and ``unit`` ("decimal", "yen", "years", "ratio").
    """
    if not isinstance(summary, AllocationSummary):
        raise TypeError(f"summary must be an AllocationSummary (got {type(summary).__name__})")
    s, inv = summary, summary.investor
    rows = [
        ("expected_return", "Expected return a year", s.expected_return, "decimal"),
        ("volatility", "Risk (standard deviation) a year", s.volatility, "decimal"),
        ("worst_case_return", f"Return in a {inv.k:g}-sigma bad year", s.worst_case_return, "decimal"),
        ("loss_limit", "Loss the investor can afford in a bad year", inv.loss_limit, "yen"),
        ("max_investment", "Largest investment within that loss", s.max_investment, "yen"),
        ("horizon_years", "Horizon", float(inv.horizon_years), "years"),
        ("horizon_worst_case_return", f"{inv.k:g}-sigma bad outcome over the horizon (cumulative)",
         s.horizon_worst_case_return, "decimal"),
        ("efficient_volatility", "Risk of the efficient portfolio with the same expected return",
         s.efficient_volatility, "decimal"),
        ("excess_volatility", "Risk taken beyond the efficient frontier", s.excess_volatility, "decimal"),
        ("benchmark_expected_return", "60/40 benchmark: expected return", s.benchmark_expected_return, "decimal"),
        ("benchmark_volatility", "60/40 benchmark: risk", s.benchmark_volatility, "decimal"),
        ("tracking_error", "Tracking error against the 60/40 benchmark", s.tracking_error, "decimal"),
        ("foreign_currency_exposure", "Unhedged foreign-currency share", s.foreign_currency_exposure, "decimal"),
        ("yen_liabilities", "Share of future spending in yen", inv.yen_liabilities, "decimal"),
        ("currency_mismatch", "Currency exposure minus foreign-currency spending", s.currency_mismatch, "decimal"),
    ]
    return pd.DataFrame(rows, columns=["key", "description", "value", "unit"]).set_index("key")


def _weights_table(summary: AllocationSummary) -> pd.DataFrame:
    return pd.DataFrame({
        "asset": [ASSET_NAMES[asset] for asset in ASSETS],
        "weight": summary.weights.to_numpy(),
        "benchmark": summary.benchmark.to_numpy(),
        "risk_contribution": summary.risk_contributions.to_numpy(),
    }, index=pd.Index(list(ASSETS), name="key"))


def _choices_table(summary: AllocationSummary) -> pd.Series:
    return pd.Series({name: ("none" if value is None else value) for name, value in asdict(summary.choices).items()})


def to_csv(summary: AllocationSummary) -> str:
    """The summary as CSV text: the choices, the weights and the key figures.

    Columns ``section`` (choice, weight, figure), ``key``, ``description``,
    ``value`` (full precision, decimals and yen as in :func:`key_figures`),
    ``unit``. Weights rows also carry ``benchmark`` and ``risk_contribution``.

    Examples
    --------
    >>> text = to_csv(allocation_summary(Choices(), Investor()))
    >>> text.splitlines()[0]
    'section,key,description,value,unit,benchmark,risk_contribution'
    """
    figures = key_figures(summary)
    weights = _weights_table(summary)
    choices = _choices_table(summary)
    table = pd.concat([
        pd.DataFrame({"section": "choice", "key": choices.index, "description": choices.index,
                      "value": choices.to_numpy(), "unit": ""}),
        pd.DataFrame({"section": "weight", "key": weights.index, "description": weights["asset"].to_numpy(),
                      "value": weights["weight"].to_numpy(), "unit": "decimal",
                      "benchmark": weights["benchmark"].to_numpy(),
                      "risk_contribution": weights["risk_contribution"].to_numpy()}),
        pd.DataFrame({"section": "figure", "key": figures.index, "description": figures["description"].to_numpy(),
                      "value": figures["value"].to_numpy(), "unit": figures["unit"].to_numpy()}),
    ], ignore_index=True)
    buffer = io.StringIO()
    table.to_csv(buffer, index=False, lineterminator="\n")
    return buffer.getvalue()


def _markdown_table(header: list[str], rows: list[list[str]]) -> str:
    """A GitHub-flavoured markdown table; columns after the first right-aligned."""
    cells = [header, *rows]
    widths = [max(len(row[i]) for row in cells) for i in range(len(header))]
    rule = ["-" * widths[0]] + ["-" * (w - 1) + ":" for w in widths[1:]]

    def line(row: list[str]) -> str:
        return "| " + " | ".join(c.ljust(w) if i == 0 else c.rjust(w) for i, (c, w) in enumerate(zip(row, widths))) + " |"

    return "\n".join([line(header), "| " + " | ".join(rule) + " |", *(line(row) for row in rows)])


def _format(value: float, unit: str) -> str:
    if unit == "decimal":
        return f"{value:.2%}"
    if unit == "yen":
        return f"¥{value:,.0f}"
    return f"{value:g}"


def to_markdown(summary: AllocationSummary, title: str = "My allocation") -> str:
    """The summary as a short Markdown document: choices, weights and key figures (percent, yen).

    No dependency beyond the standard library: the tables are written here.

    Parameters
    ----------
    summary : AllocationSummary
    title : str
        The document's heading.
    """
    as_string("title", title)
    figures = key_figures(summary)
    weights = _weights_table(summary)
    choices = _choices_table(summary)
    parts = [
        f"# {title}",
        "## Choices",
        _markdown_table(["choice", "value"], [[key, str(value)] for key, value in choices.items()]),
        "## Weights",
        _markdown_table(
            ["asset", "weight", "60/40 benchmark", "risk contribution"],
            [[row.asset, f"{row.weight:.1%}", f"{row.benchmark:.1%}", f"{row.risk_contribution:.1%}"]
             for row in weights.itertuples()],
        ),
        "## Key figures",
        _markdown_table(["figure", "value"],
                        [[row.description, _format(row.value, row.unit)] for row in figures.itertuples()]),
        "Returns and risks are annualised, in yen; assumptions as in the course's capstone chapter.",
    ]
    return "\n\n".join(parts) + "\n"
