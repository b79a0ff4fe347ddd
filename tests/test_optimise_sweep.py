"""Risk-aversion sweeps and break-even returns: the source's Table 2 result, KKT checks, validation."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from assetalloc import data, optimise
from assetalloc.assumptions import gpif_2014_inputs, table2_inputs
from assetalloc.compare import in_library_units
from hypothesis import given, settings
from hypothesis import strategies as st

LAMBDAS = np.geomspace(0.1, 30.0, 50)


@pytest.fixture(scope="module")
def table2() -> tuple[pd.Series, pd.DataFrame]:
    return table2_inputs()


def test_sweep_rows_are_the_optimiser_and_sum_to_one(table2) -> None:
    mu, cov = table2
    sweep = optimise.risk_aversion_sweep(mu, cov, LAMBDAS)
    assert list(sweep.columns) == list(mu.index) and sweep.index.name == "risk_aversion"
    np.testing.assert_allclose(sweep.sum(axis=1), 1.0, atol=1e-12)
    for lam in LAMBDAS[::7]:
        np.testing.assert_allclose(sweep.loc[lam], optimise.mean_variance_weights(mu, cov, lam), atol=1e-12)
        assert optimise.kkt_residual(sweep.loc[lam], mu, cov, lam) < 1e-12


def test_table2_domestic_bonds_enter_foreign_bonds_do_not(table2) -> None:
    """The source: at its risk aversion (0.015 per percent) domestic bonds are held, foreign bonds are not,
    and that stays so over a wide range of risk aversion."""
    mu, cov = table2
    lam = in_library_units(data.reported_figures("yamazaki2009"))["table2_risk_aversion"]
    assert lam == optimise.risk_aversion_to_decimal(0.015) == 1.5
    weights = pd.Series(optimise.mean_variance_weights(mu, cov, lam), index=mu.index)
    assert weights["domestic_bonds"] > 0.2
    assert weights["foreign_bonds"] == 0.0
    sweep = optimise.risk_aversion_sweep(mu, cov, np.geomspace(1.2, 5.0, 20))
    assert (sweep["foreign_bonds"] == 0.0).all() and (sweep["domestic_bonds"] > 0).all()


def test_weights_move_towards_bonds_as_risk_aversion_rises(table2) -> None:
    mu, cov = table2
    sweep = optimise.risk_aversion_sweep(mu, cov, LAMBDAS)
    stocks = sweep["domestic_stocks"] + sweep["foreign_stocks"]
    assert (np.diff(stocks.to_numpy()) <= 1e-12).all()


@pytest.mark.parametrize("lam", [0.5, 1.5, 3.0, 10.0, 25.0])
@pytest.mark.parametrize("inputs", [table2_inputs, gpif_2014_inputs], ids=["table2", "gpif2014"])
def test_break_even_against_the_optimiser(inputs, lam: float) -> None:
    mu, cov = inputs()
    be = optimise.break_even_return(mu, cov, lam, "foreign_bonds")
    below, above = mu.copy(), mu.copy()
    below["foreign_bonds"], above["foreign_bonds"] = be - 1e-6, be + 1e-4
    assert optimise.mean_variance_weights(below, cov, lam)["foreign_bonds"] == 0.0
    assert optimise.mean_variance_weights(above, cov, lam)["foreign_bonds"] > 0.0
    # The asset's own expected return does not matter.
    other = mu.copy()
    other["foreign_bonds"] = 0.5
    assert optimise.break_even_return(other, cov, lam, "foreign_bonds") == pytest.approx(be, abs=1e-14)


def test_break_even_known_answer() -> None:
    # Uncorrelated asset entering a one-asset portfolio: break-even = mu_0 - 2 lam var_0.
    assert optimise.break_even_return([0.02, 0.0], [[0.01, 0.0], [0.0, 0.04]], 2.0, 1) == pytest.approx(-0.02)


@settings(max_examples=30, deadline=None)
@given(st.integers(0, 10_000), st.floats(0.2, 20.0))
def test_break_even_random_problems(seed: int, lam: float) -> None:
    rng = np.random.default_rng(seed)
    n = 4
    factors = rng.normal(size=(n, n))
    cov = factors @ factors.T * 0.01 + np.eye(n) * 0.002
    mu = rng.uniform(0.0, 0.08, n)
    be = optimise.break_even_return(mu, cov, lam, 0)
    below, above = mu.copy(), mu.copy()
    below[0], above[0] = be - 1e-7, be + 1e-5
    assert optimise.mean_variance_weights(below, cov, lam)[0] == 0.0
    assert optimise.mean_variance_weights(above, cov, lam)[0] > 0.0


@pytest.mark.parametrize(
    ("call", "error", "name"),
    [
        (lambda: optimise.risk_aversion_sweep([0.01, 0.02], np.eye(2) * 0.01, [1.0, -1.0]), ValueError, "risk_aversions"),
        (lambda: optimise.risk_aversion_sweep([0.01, 0.02], np.eye(2) * 0.01, []), ValueError, "risk_aversions"),
        (lambda: optimise.risk_aversion_sweep([0.01, 0.02], np.eye(3), [1.0]), ValueError, "covariance"),
        (lambda: optimise.break_even_return([0.01, 0.02], np.eye(2) * 0.01, 0.0, 1), ValueError, "risk_aversion"),
        (lambda: optimise.break_even_return([0.01, 0.02], np.eye(2) * 0.01, 1.0, 2), ValueError, "asset"),
        (lambda: optimise.break_even_return([0.01, 0.02], np.eye(2) * 0.01, 1.0, "x"), TypeError, "asset"),
        (lambda: optimise.break_even_return(pd.Series({"a": 0.01, "b": 0.02}), np.eye(2) * 0.01, 1.0, "c"), ValueError, "asset"),
        (lambda: optimise.break_even_return([0.01, 0.02], np.eye(2) * 0.01, 1.0, 1, lower=[0.0, 0.1]), ValueError, "asset"),
        (lambda: optimise.break_even_return([0.01, 0.02], np.eye(2) * 0.01, 1.0, 1, upper=[0.5, 1.0]), ValueError, "asset"),
    ],
)
def test_validation_names_the_argument(call, error: type, name: str) -> None:
    with pytest.raises(error, match=name):
        call()


def test_break_even_by_hand_from_marginal_utilities(table2) -> None:
    # At lambda = 3 the optimum holds domestic bonds; foreign bonds enter when their return makes up
    # the gap between domestic bonds' marginal utility and their own: the by-hand route of exercise 2.1.
    mu, cov = table2
    weights = optimise.mean_variance_weights(mu, cov, 3.0)
    g = optimise.marginal_utilities(weights, mu, cov, 3.0)
    assert weights["domestic_bonds"] > 0 and weights["foreign_bonds"] == 0
    by_hand = mu["foreign_bonds"] + g["domestic_bonds"] - g["foreign_bonds"]
    assert by_hand == pytest.approx(optimise.break_even_return(mu, cov, 3.0, "foreign_bonds"), abs=1e-14)
    # Every asset held has the same marginal utility.
    held = weights > 1e-12
    assert np.ptp(g[held]) < 1e-14
