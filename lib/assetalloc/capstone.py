"""The capstone model: an investor, a set of assumptions, the reader's choices, and every figure of the dashboard.

The reader describes an investor (:class:`Investor`), makes a few choices
(:class:`Choices`: how much in stocks, how much of the stocks at home, which
weighting rule for the foreign part, emerging markets in or out, how much of
the bonds abroad and how much of that hedged, an optional tactical tilt), and
:func:`allocation_summary` returns everything the book's dashboard shows,
computed by the rest of the library: expected return and risk
(:mod:`assetalloc.risk`), the loss budget and what the horizon changes
(:mod:`assetalloc.losses`), the efficient frontier, the efficient portfolio
with the same expected return and the distance from it
(:mod:`assetalloc.optimise`), risk contributions, and tracking error against
a 60/40 benchmark. :func:`to_csv` and :func:`to_markdown` turn a summary into
a small text file to hand in.

Units: weights, returns, volatilities and correlations are DECIMALS,
annualised (0.054 is 5.4 % a year); money (the loss limit, the largest
investment) is in yen; horizons in years.

The assumption set (:func:`capstone_assumptions`)
---------------------------------------------------
One covariance matrix over six assets, built from ONE base source plus two
stated extensions, so that every figure of the dashboard rests on the same
numbers. Five inputs are arguments (levers), because they are the ones worth
questioning.

1. **Base, four GPIF asset classes** (domestic and foreign bonds, domestic
   and foreign stocks): GPIF's 2008 expected returns and risks (data
   1973-2007) with GPIF's 2004 correlations, the domestic-foreign stock
   correlation replaced by the 0.27 the source article prints for GPIF's
   2008 data: the covariance of chapter 2
   (:func:`assetalloc.assumptions.table2_inputs`), which reproduces chapter
   1's 40/60 risk of 16.52 %. Lever: ``domestic_stock_return`` (GPIF's 5.3 %).
2. **Hedged foreign bonds.** A hedge swaps the foreign short rate for the yen
   one (covered interest parity), so a hedged foreign bond earns the yen
   short rate plus the foreign term premium, and a Japanese bond the yen
   short rate plus the Japanese one. The expected return is therefore
   domestic bonds' plus ``hedged_premium`` (the difference of the two term
   premia; default 0: equal term premia). Unhedged foreign bonds expect
   domestic bonds' plus ``unhedged_premium`` (default GPIF's 0.6 points;
   0 is the source's and chapter 2's uncovered parity). GPIF's 0.6 points of extra return on unhedged foreign bonds is
   read as pay for currency risk, which the hedge gives up. Risk: the
   unhedged bond's yen risk is split into a local-bond part, ASSUMED as risky
   as domestic bonds, and a currency part uncorrelated with it (chapter 2's
   split); the hedged bond is the local part. Correlations: a standardised
   regression on domestic and unhedged foreign bonds with target
   correlations ``hedged_domestic_correlation`` (default
   :data:`HEDGED_DOMESTIC_CORRELATION`) and ``sqrt(a)``, ``a = sigma_domestic
   **2 / sigma_foreign**2`` (what the uncorrelated split implies), the rest
   independent of everything.
3. **Emerging stocks** (chapter 3's data, monthly yen returns 1999-2009):
   risk 27.05 %; expected return = foreign stocks' plus ``emerging_premium``
   (the 2 points of the source's Table 4). Correlations: a standardised
   regression on domestic and foreign stocks with the source's Pattern 2
   correlations (slopes ``beta = R_ss^-1 r``), applied to the base
   correlations: ``corr(EM, X) = beta' corr(stocks, X)`` for every asset X,
   the rest of the emerging risk independent of everything. Pasting the
   Pattern 2 correlations (0.68 and 0.88) next to GPIF's 0.27 instead gives
   a nearly singular matrix.

Each regression adds a variable whose explained share of variance is at
most 1, so the matrix is positive semidefinite by construction; a
``hedged_domestic_correlation`` that no such variable can have is refused.
"""

from __future__ import annotations

import copy
import functools
import io
from dataclasses import asdict, dataclass, field, replace

import numpy as np
import pandas as pd

from assetalloc import data, losses, optimise, risk, tactical, weighting
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
    "HEDGED_DOMESTIC_CORRELATION",
    "HEDGED_PREMIUM",
    "AllocationSummary",
    "Assumptions",
    "Choices",
    "Investor",
    "InvestorCard",
    "allocation_summary",
    "applied_tilt",
    "assumption_table",
    "benchmark_choices",
    "build_allocation",
    "capstone_assumptions",
    "currency_split",
    "idle_choices",
    "investor_cards",
    "key_figures",
    "lever_defaults",
    "region_sizes",
    "to_csv",
    "to_markdown",
]

#: The six assets of the capstone, bonds first, in the order of every result.
ASSETS = (
    "domestic_bonds", "foreign_bonds", "foreign_bonds_hedged",
    "domestic_stocks", "foreign_stocks", "emerging_stocks",
)
#: :data:`ASSETS` as the index of every Series of a summary (an Index is immutable: one serves them all).
_ASSET_INDEX = pd.Index(ASSETS)
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
_FOREIGN_STOCKS = ["foreign_stocks", "emerging_stocks"]
#: Points on the efficient frontier of a summary.
FRONTIER_POINTS = 40
#: A share of stocks or bonds at most this small (rounding left over by a tilt) counts as none.
IDLE_TOL = 1e-12
#: Expected return of hedged foreign bonds over domestic bonds (decimal a year): 0, equal term
#: premia at home and abroad, so that under covered interest parity the hedged bond expects what a
#: Japanese bond expects.
HEDGED_PREMIUM = 0.0
#: Correlation of hedged foreign bonds with domestic bonds: the book's round figure for two
#: developed government bond markets without their currencies, positive and well below 1
#: (hunter_simon2004 find such correlations, falling for Japan in 1992-2002). No source of the
#: course prints a figure for it; it is a lever of :func:`capstone_assumptions`.
HEDGED_DOMESTIC_CORRELATION = 0.5


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
        The most the investor can afford to lose in a bad year, in yen (> 0):
        with a portfolio's bad year it sets the loss budget, the most the
        investor should put in (:func:`assetalloc.losses.max_investment_for_loss`).
    horizon_years : int
        Years until the money is needed (>= 1, at most
        :data:`assetalloc.losses.MAX_HORIZON_YEARS`).
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
        years = int(as_int_at_least("horizon_years", self.horizon_years, 1))
        require("horizon_years", np.float64(years), years <= losses.MAX_HORIZON_YEARS,
                f"at most {losses.MAX_HORIZON_YEARS}")
        object.__setattr__(self, "horizon_years", years)
        object.__setattr__(self, "yen_liabilities", as_fraction("yen_liabilities", self.yen_liabilities))
        object.__setattr__(self, "k", as_positive("k", self.k))


@dataclass(frozen=True)
class Choices:
    """The reader's allocation choices.

    Attributes
    ----------
    stock_share : float
        Share of stocks before any tilt, decimal in [0, 1]; the rest is bonds.
    home_share : float
        Share of the stocks held at home (Japanese stocks), decimal in [0, 1].
        Default 0.4: the source's 40:60 split for a yen investor (chapter 1).
    blend : float
        Weighting rule for the foreign stocks (the world outside Japan), in
        [0, 1]: 0 capitalisation weights (MSCI ACWI shares, 2010), 1 GDP
        weights, between a blend (:func:`assetalloc.weighting.blend_weights`).
    include_emerging : bool
        Whether emerging stocks are held (if not, the foreign part is all developed).
    foreign_bond_share : float
        Share of the bonds held abroad, decimal in [0, 1].
    hedge_ratio : float
        Share of the foreign bonds hedged against the yen, decimal in [0, 1].
    regime : str or None
        A macro regime of :data:`assetalloc.tactical.REGIMES` whose tilt
        (:func:`assetalloc.tactical.regime_tilts`) is applied to the stock and
        bond shares, or None for no tilt.
    tilt_size : float
        Share of the regime's tilt applied, decimal in [0, 1] (1: the whole
        table's tilt; no effect without a regime).
    """

    stock_share: float = 0.5
    home_share: float = 0.4
    blend: float = 0.0
    include_emerging: bool = True
    foreign_bond_share: float = 0.0
    hedge_ratio: float = 0.0
    regime: str | None = None
    tilt_size: float = 1.0

    def __post_init__(self) -> None:
        for name in ("stock_share", "home_share", "blend", "foreign_bond_share", "hedge_ratio", "tilt_size"):
            object.__setattr__(self, name, as_fraction(name, getattr(self, name)))
        object.__setattr__(self, "include_emerging", as_flag("include_emerging", self.include_emerging))
        if self.regime is not None and self.regime not in tactical.REGIMES:
            raise ValueError(f"regime must be None or one of {tactical.REGIMES} (got {self.regime!r})")


def benchmark_choices() -> Choices:
    """The 60/40 benchmark as choices.

    60 % stocks by world capitalisation (Japan at its share of MSCI ACWI,
    emerging markets included), 40 % foreign bonds fully hedged, no tilt: the
    yen investor's reading of chapter 5's reference portfolio (60 % MSCI ACWI,
    40 % Bloomberg Global Aggregate hedged), the yen part of the bond index
    left out.
    """
    return _benchmark_choices()


@functools.cache
def _benchmark_choices() -> Choices:
    home = float(weighting.weights_from_sizes(region_sizes()["cap_share"])["domestic_stocks"])
    return Choices(stock_share=0.6, home_share=home, blend=0.0, include_emerging=True,
                   foreign_bond_share=1.0, hedge_ratio=1.0)


@dataclass(frozen=True)
class InvestorCard:
    """An investor for the capstone's classroom task: a person, the dashboard's investor and their beliefs.

    Attributes
    ----------
    name : str
        Who they are, in a few words.
    age : int
        Age in years.
    situation : str
        One or two sentences: work, what the money is for.
    savings : float
        Money they could invest, in yen (> 0): to compare with the loss budget.
    investor : Investor
        Loss limit (yen), horizon (years), share of spending in yen, k.
    beliefs : str
        What they believe about markets, in their words.
    levers : dict of str to float
        Those beliefs as arguments of :func:`capstone_assumptions` (empty: the book's defaults).
    """

    name: str
    age: int
    situation: str
    savings: float
    investor: Investor
    beliefs: str
    levers: dict[str, float] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for name in ("name", "situation", "beliefs"):
            as_string(name, getattr(self, name))
        object.__setattr__(self, "age", int(as_int_at_least("age", self.age, 0)))
        object.__setattr__(self, "savings", as_positive("savings", self.savings))
        as_instance("investor", self.investor, Investor, "an Investor")
        as_instance("levers", self.levers, dict, "a dict of capstone_assumptions arguments")
        unknown = set(self.levers) - set(_lever_defaults().index)
        if unknown:
            raise ValueError(f"levers must name arguments of capstone_assumptions "
                             f"{list(_lever_defaults().index)} (got {sorted(unknown)})")
        try:
            capstone_assumptions(**self.levers)  # each value a number in its range
        except (TypeError, ValueError) as error:
            raise type(error)(f"levers: {error}") from None


def investor_cards() -> list[InvestorCard]:
    """Four investors for the capstone's group task (invented people, round numbers)."""
    return [
        InvestorCard(
            "Aoi, a software engineer in Osaka", 28,
            "A steady salary; saves for retirement and will spend it in Japan.",
            3_000_000, Investor(loss_limit=1_500_000, horizon_years=35, yen_liabilities=1.0),
            "Market prices are mostly right; I do not want to bet against them.",
        ),
        InvestorCard(
            "Mei, a freelance designer in Fukuoka", 35,
            "An income that rises and falls with the economy; part of the savings is for a flat in ten years.",
            5_000_000, Investor(loss_limit=500_000, horizon_years=10, yen_liabilities=1.0),
            "Emerging markets are talked up; I do not believe they will pay more than developed ones.",
            {"emerging_premium": 0.0},
        ),
        InvestorCard(
            "The Kimuras, a family in Yokohama", 45,
            "Two salaries; in twelve years part of the money pays for a child's studies in the United States.",
            12_000_000, Investor(loss_limit=2_000_000, horizon_years=12, yen_liabilities=0.7),
            "Japanese companies have changed; I expect Japanese stocks to do as well as foreign ones.",
            {"domestic_stock_return": 0.06},
        ),
        InvestorCard(
            "The Satos, a retired couple in Sendai", 67,
            "Pensions cover most spending; from five years on, the savings top them up, all in yen.",
            30_000_000, Investor(loss_limit=3_000_000, horizon_years=5, yen_liabilities=1.0),
            "Bonds abroad are as safe as Japanese ones once the currency is hedged.",
            {"hedged_domestic_correlation": 0.8},
        ),
    ]


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
        GPIF 2008 domestic-bond risk: the hedged bond's risk), ``currency``
        (``sqrt(unhedged**2 - local**2)``, uncorrelated with the local part),
        ``variance_share`` ``a = local**2 / unhedged**2`` and
        ``correlation_scale`` ``sqrt(a)``: the hedged bond's correlation with
        the unhedged one.
    """
    return _currency_split().copy()


@functools.cache
def _currency_split() -> pd.Series:
    """:func:`currency_split`, computed once (callers do not modify it): the dashboard asks at every
    move of an assumption."""
    gpif = data.gpif_2008_assumptions()["volatility"]
    unhedged, local = gpif["foreign_bonds"], gpif["domestic_bonds"]
    share = (local / unhedged) ** 2
    return pd.Series({"unhedged": unhedged, "local": local, "currency": unhedged * np.sqrt(1.0 - share),
                      "variance_share": share, "correlation_scale": np.sqrt(share)})


def lever_defaults() -> pd.Series:
    """The default of each argument of :func:`capstone_assumptions` (DECIMAL), with where it comes from.

    Returns
    -------
    pandas.Series
        ``emerging_premium`` (the source's Table 4: 2 points), ``unhedged_premium``
        (GPIF 2008: foreign minus domestic bonds, 0.6 points), ``hedged_premium``
        (:data:`HEDGED_PREMIUM`), ``hedged_domestic_correlation``
        (:data:`HEDGED_DOMESTIC_CORRELATION`), ``domestic_stock_return`` (GPIF 2008).
    """
    return _lever_defaults().copy()


@functools.cache
def _lever_defaults() -> pd.Series:
    """The table of :func:`lever_defaults`, read once (callers get copies)."""
    printed = _printed()
    gpif = data.gpif_2008_assumptions()["expected_return"]
    return pd.Series({
        "emerging_premium": printed["table4_emerging_premium"],
        "unhedged_premium": float(gpif["foreign_bonds"] - gpif["domestic_bonds"]),
        "hedged_premium": HEDGED_PREMIUM,
        "hedged_domestic_correlation": HEDGED_DOMESTIC_CORRELATION,
        "domestic_stock_return": float(gpif["domestic_stocks"]),
    })


def capstone_assumptions(
    *,
    emerging_premium: float | None = None,
    unhedged_premium: float | None = None,
    hedged_premium: float | None = None,
    hedged_domestic_correlation: float | None = None,
    domestic_stock_return: float | None = None,
) -> Assumptions:
    """The capstone's expected returns and covariance over :data:`ASSETS` (see the module docstring).

    Parameters
    ----------
    emerging_premium : float, optional
        Expected return of emerging over foreign developed stocks (decimal a
        year, in [-0.2, 0.2]). Default: the source's Table 4, 0.02.
    unhedged_premium : float, optional
        Expected return of unhedged foreign bonds over domestic bonds (decimal a
        year, in [-0.1, 0.1]). Default: GPIF 2008's, 0.006; 0 is uncovered
        interest parity with equal term premia, the view of chapter 2 and the source.
    hedged_premium : float, optional
        Expected return of hedged foreign bonds over domestic bonds (decimal a
        year, in [-0.1, 0.1]). Default :data:`HEDGED_PREMIUM` (0).
    hedged_domestic_correlation : float, optional
        Correlation of hedged foreign bonds with domestic bonds, in [-1, 1]
        and within what the other correlations allow. Default
        :data:`HEDGED_DOMESTIC_CORRELATION`.
    domestic_stock_return : float, optional
        Expected return of Japanese stocks (decimal a year, in [-0.5, 0.5]).
        Default: GPIF 2008, 0.053.

    Returns
    -------
    Assumptions
        Built from GPIF 2008/2004 (base), the source article's 0.27, Table 4
        premium and Pattern 2 data (yamazaki2009), with the stated extensions
        for hedged foreign bonds and emerging stocks.

    Raises
    ------
    ValueError
        Naming the argument out of its range, or ``hedged_domestic_correlation``
        if no variable can have that correlation given the others.

    Examples
    --------
    >>> base = capstone_assumptions()
    >>> round(float(base.correlation.loc["foreign_bonds_hedged", "domestic_bonds"]), 2)
    0.5
    >>> sceptic = capstone_assumptions(emerging_premium=0.0)
    >>> round(float(sceptic.expected_returns["emerging_stocks"] - sceptic.expected_returns["foreign_stocks"]), 12)
    0.0
    """
    defaults = _lever_defaults()
    levers = {
        "emerging_premium": (emerging_premium, 0.2),
        "unhedged_premium": (unhedged_premium, 0.1),
        "hedged_premium": (hedged_premium, 0.1),
        "hedged_domestic_correlation": (hedged_domestic_correlation, 1.0),
        "domestic_stock_return": (domestic_stock_return, 0.5),
    }
    values = []
    for name, (value, bound) in levers.items():
        x = defaults[name] if value is None else as_float(name, value)
        require(name, np.float64(x), -bound <= x <= bound, f"in [{-bound:g}, {bound:g}]")
        values.append(float(x))
    return copy.deepcopy(_capstone_assumptions(*values))  # the caller's own: a change to it stays with it


@functools.lru_cache(maxsize=64)
def _capstone_assumptions(emerging_premium: float, unhedged_premium: float, hedged_premium: float,
                          hedged_domestic_correlation: float, domestic_stock_return: float) -> Assumptions:
    """:func:`capstone_assumptions` for checked levers (cached: the dashboard asks again on every move; never
    handed out, only copies of it)."""
    printed, base_correlation, vols, base_returns = _printed(), *_base_inputs()
    correlation = base_correlation.to_numpy(copy=True)
    split = _currency_split()
    _add_by_regression(correlation, "foreign_bonds_hedged", {"domestic_bonds": hedged_domestic_correlation,
                                                             "foreign_bonds": split["correlation_scale"]},
                       f"hedged_domestic_correlation = {hedged_domestic_correlation:g}")
    _add_by_regression(correlation, "emerging_stocks", {
        "domestic_stocks": printed["pattern2_correlation_domestic_emerging"],
        "foreign_stocks": printed["pattern2_correlation_foreign_emerging"],
    }, "the Pattern 2 correlations of emerging stocks", regressor_correlation=printed["pattern2_correlation_domestic_foreign"])
    covariance = risk.covariance_from_correlation(vols.to_numpy(), correlation)
    expected = base_returns.to_dict()
    expected["domestic_stocks"] = domestic_stock_return
    expected["foreign_bonds"] = expected["domestic_bonds"] + unhedged_premium
    expected["foreign_bonds_hedged"] = expected["domestic_bonds"] + hedged_premium
    expected["emerging_stocks"] = expected["foreign_stocks"] + emerging_premium
    return Assumptions(
        expected_returns=pd.Series([expected[asset] for asset in ASSETS], index=_ASSET_INDEX),
        covariance=pd.DataFrame(covariance, index=_ASSET_INDEX, columns=_ASSET_INDEX),
    )


@functools.cache
def _base_inputs() -> tuple[pd.DataFrame, pd.Series, pd.Series]:
    """What no lever changes, read once (not modified by callers): the correlation matrix with the
    four GPIF assets filled in (identity elsewhere), every asset's risk, the GPIF 2008 expected returns."""
    printed = _printed()
    _, base_covariance = table2_inputs()
    base = list(data.ASSETS)
    base_vols = pd.Series(risk.volatilities(base_covariance.loc[base, base]), index=base)
    correlation = pd.DataFrame(np.eye(len(ASSETS)), index=list(ASSETS), columns=list(ASSETS))
    correlation.loc[base, base] = risk.correlation_from_covariance(base_covariance.loc[base, base])
    vols = pd.Series({**base_vols, "foreign_bonds_hedged": _currency_split()["local"],
                      "emerging_stocks": printed["pattern2_risk_emerging"]}).loc[list(ASSETS)]
    return correlation, vols, data.gpif_2008_assumptions()["expected_return"]


def _add_by_regression(correlation: np.ndarray, asset: str, targets: dict[str, float], what: str,
                       regressor_correlation: float | None = None) -> None:
    """Fill ``asset``'s correlations in place: a standardised regression on the two assets of ``targets``.

    ``correlation`` is over :data:`ASSETS`, in that order. ``targets`` gives ``asset``'s correlation
    with each of two regressors, measured where the regressors correlate ``regressor_correlation``
    (default: as in ``correlation``). The slopes ``beta = R^-1 r`` are applied to ``correlation``'s
    rows of the regressors for every other asset; the rest of ``asset``'s variance is independent of
    everything. ValueError naming ``what`` if the regressors cannot explain that much (``beta' R beta > 1``).
    """
    regressors = [ASSETS.index(name) for name in targets]
    rho = correlation[regressors[0], regressors[1]] if regressor_correlation is None else regressor_correlation
    r = np.array(list(targets.values()))
    slopes = np.linalg.solve([[1.0, rho], [rho, 1.0]], r)
    explained = float(slopes @ r)
    if explained > 1.0 + 1e-12:
        raise ValueError(f"{what} cannot hold together with the other correlations: {asset} would be more "
                         f"than fully explained by {list(targets)} (R^2 = {explained:.3f} > 1)")
    position = ASSETS.index(asset)
    others = [i for i in range(len(ASSETS)) if i != position]
    row = slopes @ correlation[np.ix_(regressors, others)]
    correlation[position, others] = row
    correlation[others, position] = row


@functools.cache
def _printed() -> pd.Series:
    """The source article's printed figures in library units (decimals), read once."""
    return in_library_units(data.reported_figures("yamazaki2009"))


def assumption_table(assumptions: Assumptions | None = None) -> pd.DataFrame:
    """Every input of an assumption set, one row each, with where it comes from.

    Parameters
    ----------
    assumptions : Assumptions, optional
        Default :func:`capstone_assumptions` with its defaults.

    Returns
    -------
    pandas.DataFrame
        Index ``key``; columns ``description``, ``value`` (decimal), ``source``
        (a short citation, or "assumed" with the reason) and ``lever`` (the
        argument of :func:`capstone_assumptions` that sets it, or "").
    """
    a = capstone_assumptions() if assumptions is None else as_instance("assumptions", assumptions, Assumptions,
                                                                       "an Assumptions")
    mu, vols, corr = a.expected_returns, a.volatilities, a.correlation
    gpif2008, gpif2004, source = "GPIF (2008)", "GPIF (2004)", "Yamazaki (2009)"
    rows = [
        ("return_domestic_bonds", "Expected return: domestic bonds", mu["domestic_bonds"], gpif2008, ""),
        ("return_foreign_bonds", "Expected return: foreign bonds, unhedged", mu["foreign_bonds"],
         f"domestic bonds' plus the premium ({gpif2008}: 0.6 points)", "unhedged_premium"),
        ("return_foreign_bonds_hedged", "Expected return: foreign bonds, hedged", mu["foreign_bonds_hedged"],
         "domestic bonds' plus the premium (covered interest parity; the premium is the difference of term premia)",
         "hedged_premium"),
        ("return_domestic_stocks", "Expected return: domestic stocks", mu["domestic_stocks"], gpif2008,
         "domestic_stock_return"),
        ("return_foreign_stocks", "Expected return: foreign developed stocks", mu["foreign_stocks"], gpif2008, ""),
        ("return_emerging_stocks", "Expected return: emerging stocks", mu["emerging_stocks"],
         f"foreign stocks' plus the premium ({source}, Table 4: 2 points)", "emerging_premium"),
        ("risk_domestic_bonds", "Risk: domestic bonds", vols["domestic_bonds"], gpif2008, ""),
        ("risk_foreign_bonds", "Risk: foreign bonds, unhedged", vols["foreign_bonds"], gpif2008, ""),
        ("risk_foreign_bonds_hedged", "Risk: foreign bonds, hedged", vols["foreign_bonds_hedged"],
         "assumed equal to domestic bonds' (the local part of chapter 2's split)", ""),
        ("risk_domestic_stocks", "Risk: domestic stocks", vols["domestic_stocks"], gpif2008, ""),
        ("risk_foreign_stocks", "Risk: foreign developed stocks", vols["foreign_stocks"], gpif2008, ""),
        ("risk_emerging_stocks", "Risk: emerging stocks", vols["emerging_stocks"], f"{source}, 1999-2009 data", ""),
        ("correlation_base", "Correlations among the four GPIF assets", np.nan,
         f"{gpif2004}; domestic-foreign stocks {corr.loc['domestic_stocks', 'foreign_stocks']:.2f} from {source}", ""),
        ("correlation_hedged_domestic_bonds", "Correlation: hedged foreign bonds with domestic bonds",
         corr.loc["foreign_bonds_hedged", "domestic_bonds"], "assumed (no source of the course prints it)",
         "hedged_domestic_correlation"),
        ("correlation_hedged_unhedged", "Correlation: hedged with unhedged foreign bonds",
         corr.loc["foreign_bonds_hedged", "foreign_bonds"], "implied by the split (local and currency parts uncorrelated)", ""),
        ("correlation_emerging_domestic", "Correlation: emerging with domestic stocks",
         corr.loc["emerging_stocks", "domestic_stocks"], f"regression on {source}'s 1999-2009 correlations", ""),
        ("correlation_emerging_foreign", "Correlation: emerging with foreign developed stocks",
         corr.loc["emerging_stocks", "foreign_stocks"], f"regression on {source}'s 1999-2009 correlations", ""),
    ]
    return pd.DataFrame(rows, columns=["key", "description", "value", "source", "lever"]).set_index("key")


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
    shares = data.regional_shares_2010()[["cap_share", "gdp_share"]]
    return pd.DataFrame({asset: shares.loc[list(regions)].sum() for asset, regions in _REGIONS.items()}).T


def _sleeves(choices: Choices) -> tuple[float, float]:
    """Stocks and bonds (decimal) after the regime's tilt times ``tilt_size``, scaled down as a whole if it
    would push a share outside [0, 1] (the arithmetic of :func:`assetalloc.tactical.apply_tilt`)."""
    sleeves = np.array([choices.stock_share, 1.0 - choices.stock_share])
    if choices.regime is not None and choices.tilt_size > 0:
        tilt = _regime_tilt_rows()[choices.regime] * choices.tilt_size
        sleeves = sleeves + tactical._fraction(sleeves, tilt, 0.0, 1.0) * tilt
    return float(sleeves[0]), float(sleeves[1])


@functools.cache
def _foreign_sizes(include_emerging: bool) -> tuple[np.ndarray, np.ndarray]:
    """Capitalisation and GDP sizes of foreign developed and emerging stocks (emerging 0 if left out)."""
    sizes = _region_sizes().loc[_FOREIGN_STOCKS].to_numpy() * np.array([[1.0], [float(include_emerging)]])
    sizes.setflags(write=False)  # shared by every call
    return sizes[:, 0], sizes[:, 1]


def _allocation(choices: Choices) -> np.ndarray:
    """The core of :func:`build_allocation`: the weights in the order of :data:`ASSETS`."""
    equities, bonds = _sleeves(choices)
    foreign = weighting._blend(*_foreign_sizes(choices.include_emerging), choices.blend) * (1.0 - choices.home_share)
    abroad = choices.foreign_bond_share * bonds
    by_asset = {
        "domestic_bonds": bonds - abroad,
        "foreign_bonds": abroad * (1.0 - choices.hedge_ratio),
        "foreign_bonds_hedged": abroad * choices.hedge_ratio,
        "domestic_stocks": choices.home_share * equities,
        "foreign_stocks": foreign[0] * equities,
        "emerging_stocks": foreign[1] * equities,
    }
    return np.array([by_asset[asset] for asset in ASSETS])


def build_allocation(choices: Choices) -> pd.Series:
    """The portfolio weights the reader's choices give.

    Steps, each by an existing function:

    1. stocks / bonds = ``stock_share`` / ``1 - stock_share``, then the
       regime's tilt times ``tilt_size`` (:func:`assetalloc.tactical.apply_tilt`,
       which scales the tilt down if it would push a share outside [0, 1]);
    2. the stocks split into ``home_share`` at home and the rest abroad; the
       foreign part (the world outside Japan) split between developed and
       emerging markets by capitalisation, GDP or a blend
       (:func:`assetalloc.weighting.blend_weights`; all developed if emerging
       markets are left out);
    3. the bonds split into domestic and foreign, the foreign part into
       hedged and unhedged.

    Parameters
    ----------
    choices : Choices

    Returns
    -------
    pandas.Series
        Weights by :data:`ASSETS` (decimal, sum 1, each in [0, 1]).
    """
    as_instance("choices", choices, Choices, "a Choices")
    return pd.Series(_allocation(choices), index=_ASSET_INDEX)


def idle_choices(choices: Choices) -> dict[str, str]:
    """The choices that change nothing in this state, each with the reason.

    A choice is idle when moving it alone, to any value, leaves every weight of
    :func:`build_allocation` as it is (shares below :data:`IDLE_TOL` count as none).

    Parameters
    ----------
    choices : Choices

    Returns
    -------
    dict of str to str
        Attribute name of :class:`Choices` -> why moving it alone changes no
        weight (for example ``hedge_ratio``: "no bonds abroad"), in the order
        of the attributes. Empty when every choice matters.

    Examples
    --------
    >>> idle_choices(Choices())
    {'hedge_ratio': 'no bonds abroad', 'tilt_size': 'no regime chosen'}
    """
    as_instance("choices", choices, Choices, "a Choices")
    equities, bonds = _sleeves(choices)
    idle: dict[str, str] = {}
    if equities <= IDLE_TOL:
        idle.update(home_share="no stocks", blend="no stocks", include_emerging="no stocks")
    elif choices.home_share == 1:
        idle.update(blend="no foreign stocks", include_emerging="no foreign stocks")
    elif not choices.include_emerging:
        idle["blend"] = "no emerging stocks: every rule gives the same foreign stocks"
    if bonds <= IDLE_TOL:
        idle.update(foreign_bond_share="no bonds", hedge_ratio="no bonds")
    elif choices.foreign_bond_share == 0:
        idle["hedge_ratio"] = "no bonds abroad"
    if choices.tilt_size == 0:
        idle["regime"] = "tilt size 0"
    if choices.regime is None:
        idle["tilt_size"] = "no regime chosen"
    elif _sleeves(replace(choices, tilt_size=1.0))[0] == choices.stock_share:  # scaled to nothing at any size
        idle["tilt_size"] = "no room to tilt: stocks already at the tilt's limit of 0% or 100%"
    order = list(asdict(choices))
    return dict(sorted(idle.items(), key=lambda item: order.index(item[0])))


def applied_tilt(choices: Choices) -> float:
    """The change of the stock share that the regime's tilt makes, after any scaling (DECIMAL).

    The tilt is the regime's row of :func:`assetalloc.tactical.regime_tilts` times
    ``tilt_size``, scaled down as a whole if it would push a share outside [0, 1]
    (:func:`assetalloc.tactical.apply_tilt`); 0 without a regime.

    Examples
    --------
    >>> applied_tilt(Choices(stock_share=0.5, regime="contraction"))
    -0.1
    >>> round(applied_tilt(Choices(stock_share=0.95, regime="recovery")), 12)
    0.05
    """
    as_instance("choices", choices, Choices, "a Choices")
    return round(_sleeves(choices)[0] - choices.stock_share, 15) + 0.0


@functools.cache
def _regime_tilt_rows() -> dict[str, np.ndarray]:
    """Each regime's tilt of :func:`assetalloc.tactical.regime_tilts` as [stocks, bonds] (decimal), read once."""
    return {regime: row.to_numpy() for regime, row in tactical.regime_tilts()[["equities", "bonds"]].iterrows()}


@functools.cache
def _benchmark_weights() -> pd.Series:
    """The weights of :func:`benchmark_choices`, computed once (callers get copies)."""
    return build_allocation(benchmark_choices())


def _frontier(assumptions: Assumptions, upper: np.ndarray) -> optimise.Frontier:
    """The efficient frontier of these assumptions within ``upper`` (a copy: callers may change it).

    The frontier depends on the choices only through the bounds, so a dashboard move that keeps
    them and the assumptions reuses it (:func:`_frontier_of`, keyed by the numbers themselves).
    """
    mu, cov = _asset_arrays(assumptions)
    return copy.deepcopy(_frontier_of(mu.tobytes(), cov.tobytes(), np.asarray(upper, dtype=float).tobytes()))


@functools.lru_cache(maxsize=64)
def _frontier_of(returns: bytes, covariance: bytes, upper: bytes) -> optimise.Frontier:
    """The frontier of :func:`_frontier` for these arrays of :data:`ASSETS` (float64 bytes, so that it is cached
    by their values)."""
    shape = (len(ASSETS), len(ASSETS))
    return optimise.efficient_frontier(
        pd.Series(np.frombuffer(returns), index=_ASSET_INDEX),
        pd.DataFrame(np.frombuffer(covariance).reshape(shape), index=_ASSET_INDEX, columns=_ASSET_INDEX),
        FRONTIER_POINTS, upper=np.frombuffer(upper))


def _asset_arrays(assumptions: Assumptions) -> tuple[np.ndarray, np.ndarray]:
    """Expected returns and covariance in the order of :data:`ASSETS`, read from the assumption set now."""
    returns, covariance = assumptions.expected_returns, assumptions.covariance
    if not returns.index.equals(_ASSET_INDEX):  # any order is allowed; capstone_assumptions' is ASSETS'
        returns = returns.loc[list(ASSETS)]
    if not covariance.index.equals(_ASSET_INDEX):
        covariance = covariance.loc[list(ASSETS), list(ASSETS)]
    mu, cov = returns.to_numpy(dtype=float), covariance.to_numpy(dtype=float)
    # Validated when the set was made; a value changed in place since is checked here for what can go unseen.
    for name, values in (("expected_returns", mu), ("covariance", cov)):
        if not np.isfinite(values).all():
            raise ValueError(f"assumptions.{name} must be finite (got {values[~np.isfinite(values)][0]!r})")
    return mu, cov


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
        The loss budget: the largest amount whose bad-year loss stays within
        the loss limit (yen, > 0).
    horizon_loss_probability : float
        Chance that the cumulative return over the horizon is a loss (decimal;
        independent normal years, returns added).
    horizon_worst_case_return : float
        The k-sigma bad outcome of the cumulative return over the horizon,
        ``T mu - k sqrt(T) sigma`` (decimal).
    horizon_shortfall : float
        How far that bad outcome falls below the expected one, ``k sqrt(T)
        sigma`` (decimal): it grows with the horizon.
    frontier : assetalloc.optimise.Frontier
        The efficient frontier of the assets the reader allows (long-only).
    efficient_weights : pandas.Series
        The least risky portfolio of those assets with the same expected return (decimal, sum 1).
    efficient_volatility : float
        Its risk (decimal); ``volatility - efficient_volatility`` is the risk
        the portfolio takes beyond the frontier, under these assumptions.
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
    horizon_loss_probability: float
    horizon_worst_case_return: float
    horizon_shortfall: float
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
        for name in ("volatility", "benchmark_volatility", "efficient_volatility", "tracking_error",
                     "horizon_shortfall"):
            as_nonnegative(name, getattr(self, name))
        as_positive("max_investment", self.max_investment)
        for name in ("foreign_currency_exposure", "horizon_loss_probability"):
            as_fraction(name, getattr(self, name))
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
    as_instance("investor", investor, Investor, "an Investor")
    if assumptions is None:
        assumptions = capstone_assumptions()
    as_instance("assumptions", assumptions, Assumptions, "an Assumptions")
    # Every input is validated once (the Assumptions, the choices); from here on the library's cores.
    as_instance("choices", choices, Choices, "a Choices")
    mu, cov = _asset_arrays(assumptions)
    w, benchmark = _allocation(choices), _benchmark_weights().copy()
    b = benchmark.to_numpy()
    expected, volatility = float(w @ mu), float(np.sqrt(risk._variance(w, cov)))
    upper = _allowed_upper(choices)
    efficient = optimise._target_weights(mu, cov, expected, np.zeros(len(ASSETS)), upper)
    active = w - b
    k, horizon = investor.k, investor.horizon_years
    budget = float(losses._max_investment(investor.loss_limit, expected, volatility, k, "volatility"))
    if volatility == 0:  # reached only with a negative expected return: no spread of outcomes to describe
        raise ValueError("volatility must be > 0 for the chances of the horizon (got a riskless portfolio)")
    outcome = {name: float(values[0]) for name, values in
               losses._horizon_outcomes(expected, volatility, np.array([float(horizon)]), k).items()}
    # a share in [0, 1]: clipped so that rounding (1 + 2e-16 for an all-foreign portfolio) is not refused
    unhedged_foreign = min(max(float(w @ np.isin(ASSETS, ["foreign_bonds", "foreign_stocks", "emerging_stocks"])), 0.0), 1.0)
    return AllocationSummary(
        investor=investor,
        choices=choices,
        weights=pd.Series(w, index=_ASSET_INDEX),
        benchmark=benchmark,
        expected_return=expected,
        volatility=volatility,
        benchmark_expected_return=float(b @ mu),
        benchmark_volatility=float(np.sqrt(risk._variance(b, cov))),
        worst_case_return=float(losses._worst_case(expected, volatility, k)),
        max_investment=budget,
        horizon_loss_probability=outcome["loss_probability"],
        horizon_worst_case_return=outcome["bad_outcome"],
        horizon_shortfall=outcome["shortfall"],
        frontier=_frontier(assumptions, upper),
        efficient_weights=pd.Series(efficient, index=_ASSET_INDEX),
        efficient_volatility=float(np.sqrt(risk._variance(efficient, cov))),
        risk_contributions=pd.Series(risk._risk_contributions(w, cov), index=_ASSET_INDEX),
        active_weights=pd.Series(active, index=_ASSET_INDEX),
        tracking_error=float(np.sqrt(risk._variance(active, cov))),
        foreign_currency_exposure=unhedged_foreign,
        currency_mismatch=round(unhedged_foreign - (1.0 - investor.yen_liabilities), 12) + 0.0,  # no -0 from noise
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
        ("loss_limit", "Loss limit: the most the investor can lose in a bad year", inv.loss_limit, "yen"),
        ("max_investment", "Loss budget: the largest investment within that loss", s.max_investment, "yen"),
        ("horizon_years", "Horizon", float(inv.horizon_years), "years"),
        ("horizon_loss_probability", "Chance of a loss over the horizon (cumulative)",
         s.horizon_loss_probability, "decimal"),
        ("horizon_worst_case_return", f"{inv.k:g}-sigma bad outcome over the horizon (cumulative)",
         s.horizon_worst_case_return, "decimal"),
        ("horizon_shortfall", "How far that bad outcome falls below the expected one", s.horizon_shortfall, "decimal"),
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
        "efficient": summary.efficient_weights.to_numpy(),
        "risk_contribution": summary.risk_contributions.to_numpy(),
    }, index=pd.Index(list(ASSETS), name="key"))


def _choices_table(summary: AllocationSummary) -> pd.DataFrame:
    """The choices as the portfolio uses them: value, and why a choice has no effect ("" if it has)."""
    choices = asdict(summary.choices)
    idle = idle_choices(summary.choices)
    if "regime" in idle or choices["regime"] is None:
        choices["regime"] = "none"
    return pd.DataFrame({"value": pd.Series(choices, dtype=object),
                         "note": pd.Series({name: f"no effect: {idle[name]}" if name in idle else ""
                                            for name in choices})})


def to_csv(summary: AllocationSummary) -> str:
    """The summary as CSV text: the choices, the weights and the key figures.

    Columns ``section`` (choice, weight, figure), ``key``, ``description``,
    ``value`` (full precision, decimals and yen as in :func:`key_figures`),
    ``unit``. Weights rows also carry ``benchmark``, ``efficient`` (the efficient portfolio with the same expected return) and ``risk_contribution``.

    Examples
    --------
    >>> text = to_csv(allocation_summary(Choices(), Investor()))
    >>> text.splitlines()[0]
    'section,key,description,value,unit,benchmark,efficient,risk_contribution'
    """
    figures = key_figures(summary)
    weights = _weights_table(summary)
    choices = _choices_table(summary)
    table = pd.concat([
        pd.DataFrame({"section": "choice", "key": choices.index,
                      "description": [f"{name} ({note})" if note else name for name, note in choices["note"].items()],
                      "value": choices["value"].to_numpy(), "unit": ""}),
        pd.DataFrame({"section": "weight", "key": weights.index, "description": weights["asset"].to_numpy(),
                      "value": weights["weight"].to_numpy(), "unit": "decimal",
                      "benchmark": weights["benchmark"].to_numpy(),
                      "efficient": weights["efficient"].to_numpy(),
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
    if unit == "years":
        return f"{value:g} years"
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
        _markdown_table(["choice", "value", "note"],
                        [[key, str(row.value), row.note] for key, row in choices.iterrows()]),
        "## Weights",
        _markdown_table(
            ["asset", "weight", "60/40 benchmark", "efficient, same return", "risk contribution"],
            [[row.asset, f"{row.weight:.1%}", f"{row.benchmark:.1%}", f"{row.efficient:.1%}",
              f"{row.risk_contribution:.1%}"]
             for row in weights.itertuples()],
        ),
        "## Key figures",
        _markdown_table(["figure", "value"],
                        [[row.description, _format(row.value, row.unit)] for row in figures.itertuples()]),
        "Returns and risks are annualised, in yen; assumptions as in the course's capstone chapter.",
    ]
    return "\n\n".join(parts) + "\n"
