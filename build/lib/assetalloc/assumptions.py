"""The assumption sets the chapters optimise with, assembled from the cited datasets, in DECIMALS.

Each function reads shipped, validated data (:mod:`assetalloc.data`) and returns expected
returns and a covariance matrix (or policy weights) labelled by :data:`assetalloc.data.ASSETS`.
Where a source leaves an input out, the docstring says which one was ASSUMED and why; the
chapters say so too. Used by chapter 2 (foreign bonds), its widgets and the capstone.
"""

from __future__ import annotations

import pandas as pd

from assetalloc import data, risk
from assetalloc.compare import in_library_units

__all__ = ["gpif_2008_inputs", "gpif_2014_inputs", "gpif_policy_weights", "table2_correlations", "table2_inputs"]


def table2_inputs() -> tuple[pd.Series, pd.DataFrame]:
    """Expected returns and covariance for the source's Table 2, in DECIMALS.

    Expected returns: the source's own, stocks 6 % and bonds 1 %, domestic and
    foreign alike (yamazaki2009). Risks: GPIF's 2008 verification (data
    1973-2007), whose foreign-bond risk of 13.25 % is the one the source uses.
    Correlations: the source does not print them; GPIF's 2004 matrix, with the
    domestic-foreign stock correlation replaced by the 0.27 the source prints
    for GPIF's 2008 data. These are ASSUMED inputs: the chapter says so.

    Returns
    -------
    (pandas.Series, pandas.DataFrame)
        Expected returns and covariance, labelled by :data:`assetalloc.data.ASSETS`.
    """
    printed = in_library_units(data.reported_figures("yamazaki2009"))
    stocks, bonds_ = printed["table2_expected_return_stocks"], printed["table2_expected_return_bonds"]
    expected = pd.Series(
        {"domestic_bonds": bonds_, "domestic_stocks": stocks, "foreign_bonds": bonds_, "foreign_stocks": stocks}
    )
    volatilities = data.gpif_2008_assumptions()["volatility"]
    return expected, _covariance(volatilities, table2_correlations())


def table2_correlations() -> pd.DataFrame:
    """The ASSUMED correlation matrix of the Table 2 inputs.

    GPIF's 2004 matrix, with the domestic-foreign stock correlation replaced
    by the 0.27 the source prints for GPIF's 2008 data (yamazaki2009). The
    source prints no other correlation: the rest are this book's assumption.

    Returns
    -------
    pandas.DataFrame
        Correlations, labelled by :data:`assetalloc.data.ASSETS` on both axes.
    """
    printed = in_library_units(data.reported_figures("yamazaki2009"))
    correlation = data.gpif_2004_correlations().loc[list(data.ASSETS), list(data.ASSETS)]
    rho = printed["table1_correlation_domestic_foreign"]
    correlation.loc["domestic_stocks", "foreign_stocks"] = correlation.loc["foreign_stocks", "domestic_stocks"] = rho
    return correlation


def gpif_2008_inputs() -> tuple[pd.Series, pd.DataFrame]:
    """GPIF's own 2008 expected returns with the Table 2 risks and correlations, in DECIMALS.

    The same covariance as :func:`table2_inputs` (GPIF 2008 risks, the
    ASSUMED correlations of :func:`table2_correlations`), but GPIF's 2008
    nominal expected returns instead of the source's 6 % and 1 %.

    Returns
    -------
    (pandas.Series, pandas.DataFrame)
        Expected returns and covariance, labelled by :data:`assetalloc.data.ASSETS`.
    """
    assumptions = data.gpif_2008_assumptions()
    _, covariance = table2_inputs()
    return assumptions["expected_return"].loc[list(data.ASSETS)], covariance


def gpif_2014_inputs() -> tuple[pd.Series, pd.DataFrame]:
    """GPIF's 2014 nominal expected returns and risks, with GPIF's 2004 correlations, in DECIMALS.

    GPIF's own 2014 correlation matrix was not found: the 2004 one is ASSUMED
    (see ``data.dataset_info("gpif_2014_assumptions")``).

    Returns
    -------
    (pandas.Series, pandas.DataFrame)
        Expected returns and covariance, labelled by :data:`assetalloc.data.ASSETS`.
    """
    assumptions = data._from_percent(data.load("gpif_2014_assumptions").set_index("asset").loc[list(data.ASSETS)])
    return assumptions["expected_return"], _covariance(assumptions["volatility"], data.gpif_2004_correlations())


def gpif_policy_weights() -> pd.DataFrame:
    """GPIF's policy portfolios of 2004, 2014 and 2020 as DECIMAL weights.

    Index: the four asset classes of :data:`assetalloc.data.ASSETS` and
    ``short_term``; columns ``2004``, ``2014``, ``2020``; each column sums to 1.
    """
    weights = data._from_percent(data.load("gpif_policy_weights").set_index("asset"))
    weights.columns = [column.removeprefix("weight_") for column in weights.columns]
    return weights


def _covariance(volatilities: pd.Series, correlation: pd.DataFrame) -> pd.DataFrame:
    assets = list(data.ASSETS)
    matrix = risk.covariance_from_correlation(volatilities.loc[assets], correlation.loc[assets, assets])
    return pd.DataFrame(matrix, index=assets, columns=assets)
