"""assetalloc.sensitivity: the implied risk aversion, the fragility of the optimum, resampling.

Known answers come from the source's Pattern 2 (Tables 3-6); properties are
checked with hypothesis; bad input must raise with the argument's name.
"""

from __future__ import annotations

import numpy as np
import pytest
from assetalloc import data, optimise, risk, sensitivity
from assetalloc.compare import compare_with_source, in_library_units
from assetalloc.widgets.emerging_markets import EMERGING, source_inputs
from hypothesis import given, settings
from hypothesis import strategies as st

REPORTED = data.reported_figures("yamazaki2009")
PRINTED = in_library_units(REPORTED)
INPUTS = source_inputs()
COV = INPUTS["covariance"]
MU4 = INPUTS["expected_returns"]  # Table 4: 6 %, 6 %, 8 %
MU5 = np.array([MU4[0], MU4[1], PRINTED["table5_expected_return_emerging"]])


@pytest.fixture(scope="module")
def table4_lambda() -> float:
    return sensitivity.implied_risk_aversion(MU4, COV, EMERGING, PRINTED["table4_weight_emerging"])


# --------------------------------------------------------------------------- known answers


def test_table4_risk_aversion_is_recovered_and_reproduces_the_emerging_weight(table4_lambda: float) -> None:
    weights = optimise.mean_variance_weights(MU4, COV, table4_lambda)
    assert weights[EMERGING] == pytest.approx(0.1351, abs=1e-10)
    # 0.75 in decimal units, 0.0075 in the source's percent units (to four digits).
    assert table4_lambda == pytest.approx(0.75, abs=5e-5)
    assert optimise.risk_aversion_to_percent(table4_lambda) == pytest.approx(0.0075, abs=5e-7)


def test_the_same_risk_aversion_gives_table5_weights_but_not_its_printed_risk(table4_lambda: float) -> None:
    weights = optimise.mean_variance_weights(MU5, COV, table4_lambda)
    table = compare_with_source(
        REPORTED,
        {"table5_weight_emerging": weights[EMERGING], "table5_risk": risk.portfolio_volatility(weights, COV)},
    )
    assert weights[1] == 0.0  # foreign developed stocks drop out, as the source says
    assert table.loc[table.index[0], "status"] == "agrees"
    assert table.loc[table.index[1], "status"] == "differs"  # 22.47 % against the printed 22.4 %
    assert risk.portfolio_volatility(weights, COV) == pytest.approx(0.2247, abs=5e-5)


def test_table3_is_the_minimum_variance_mix_and_pins_no_risk_aversion() -> None:
    equal = np.full(3, PRINTED["table3_expected_return"])
    minimum = optimise.minimum_variance_weights(COV)
    np.testing.assert_allclose(minimum, [0.5729, 0.4271, 0.0], atol=5e-5)
    for risk_aversion in (0.1, 0.75, 10.0):
        np.testing.assert_allclose(optimise.mean_variance_weights(equal, COV, risk_aversion), minimum, atol=1e-9)
    with pytest.raises(ValueError, match="does not depend on risk aversion"):
        sensitivity.implied_risk_aversion(equal, COV, EMERGING, 0.0)


def test_table6_mix_differs_from_the_printed_risk_and_35_55_10_matches() -> None:
    assert risk.portfolio_volatility([0.50, 0.35, 0.15], COV) == pytest.approx(0.1767, abs=5e-5)
    assert risk.portfolio_volatility([0.35, 0.55, 0.10], COV) == pytest.approx(0.1762, abs=5e-5)


# --------------------------------------------------------------------------- implied risk aversion


def test_threshold_when_the_target_is_held_up_to_the_top_of_the_range(table4_lambda: float) -> None:
    threshold = sensitivity.implied_risk_aversion(MU4, COV, EMERGING, 0.0)
    assert threshold > table4_lambda
    assert optimise.mean_variance_weights(MU4, COV, threshold * (1 + 1e-9))[EMERGING] == 0.0
    assert optimise.mean_variance_weights(MU4, COV, threshold * (1 - 1e-6))[EMERGING] > 0.0


def test_all_in_returns_the_largest_risk_aversion_that_holds_it() -> None:
    lam = sensitivity.implied_risk_aversion(MU4, COV, EMERGING, 1.0)
    assert optimise.mean_variance_weights(MU4, COV, lam)[EMERGING] == pytest.approx(1.0, abs=1e-9)
    assert optimise.mean_variance_weights(MU4, COV, lam * (1 + 1e-6))[EMERGING] < 1.0


# Bonds, a balanced fund and stocks, uncorrelated: the middle asset enters, then makes room.
TURN_MU = np.array([0.02, 0.05, 0.08])
TURN_COV = np.diag([0.05, 0.15, 0.25]) ** 2


def test_weight_is_piecewise_monotone_in_risk_aversion() -> None:
    grid = np.logspace(-2, 2, 400)
    emerging = np.array([optimise.mean_variance_weights(MU5, COV, lam)[EMERGING] for lam in grid])
    assert np.all(np.diff(emerging) <= 1e-12)  # monotone over the whole range: falls with risk aversion
    middle = np.array([optimise.mean_variance_weights(TURN_MU, TURN_COV, lam)[1] for lam in grid])
    steps = np.sign(np.round(np.diff(middle), 12))
    steps = steps[steps != 0]
    assert np.count_nonzero(steps[1:] != steps[:-1]) == 1  # rises, then falls: monotone only piecewise


def test_a_target_on_a_turning_weight_returns_the_largest_root() -> None:
    grid = np.logspace(-2, 2, 400)
    middle = np.array([optimise.mean_variance_weights(TURN_MU, TURN_COV, lam)[1] for lam in grid])
    target = 0.5 * (middle.max() + middle[-1])  # reached twice: once each side of the peak
    lam = sensitivity.implied_risk_aversion(TURN_MU, TURN_COV, 1, target)
    assert optimise.mean_variance_weights(TURN_MU, TURN_COV, lam)[1] == pytest.approx(target, abs=1e-9)
    assert lam > grid[np.argmax(middle)]


@settings(max_examples=30, deadline=None)
@given(
    excess=st.floats(0.005, 0.06),
    target=st.floats(0.02, 0.98),
)
def test_implied_risk_aversion_inverts_the_optimiser(excess: float, target: float) -> None:
    mu = np.array([0.06, 0.06, 0.06 + excess])
    try:
        lam = sensitivity.implied_risk_aversion(mu, COV, EMERGING, target)
    except ValueError as error:
        assert "not reached" in str(error) and "target_weight" in str(error)
        return
    assert sensitivity.RISK_AVERSION_RANGE[0] <= lam <= sensitivity.RISK_AVERSION_RANGE[1]
    assert optimise.mean_variance_weights(mu, COV, lam)[EMERGING] == pytest.approx(target, abs=1e-8)


def solves_to_imply(monkeypatch: pytest.MonkeyPatch, target: float) -> int:
    """The optimiser's solves behind the risk aversion implied by chapter 3's inputs and ``target`` (the answer checked)."""
    solves = []
    solve = optimise._solve
    monkeypatch.setattr(optimise, "_solve", lambda *args: solves.append(1) or solve(*args))
    lam = sensitivity.implied_risk_aversion(MU4, COV, EMERGING, target)
    count = len(solves)
    assert optimise.mean_variance_weights(MU4, COV, lam)[EMERGING] == pytest.approx(target, abs=1e-12)
    return count


@pytest.mark.parametrize("target", [PRINTED["table4_weight_emerging"], 0.0, 1.0])
def test_the_path_is_followed_in_a_few_solves(monkeypatch: pytest.MonkeyPatch, target: float) -> None:
    # The weight is linear in 1 / lambda on each stretch of the path: the scan skips the grid points of
    # a stretch that does not reach the target, and a slope step lands on it (the start of a move, a
    # crossing, the top) once bracketed. A grid scan (about 60 solves here) and bisection (45) take ~100.
    assert solves_to_imply(monkeypatch, target) <= 12


@pytest.mark.parametrize("target", [PRINTED["table4_weight_emerging"], 0.05, 0.3])
def test_a_stretch_that_reaches_the_target_is_met_on_its_line(monkeypatch: pytest.MonkeyPatch, target: float) -> None:
    # Three solves: the top of the range, the first grid point past the stretch that holds no emerging
    # stocks, and the point where the next stretch's line meets the target (no grid points stepped to it).
    assert solves_to_imply(monkeypatch, target) == 3


def test_unreachable_target_names_target_weight() -> None:
    with pytest.raises(ValueError, match="target_weight 0.9 is not reached"):
        sensitivity.implied_risk_aversion(MU4, COV, 0, 0.9)


@pytest.mark.parametrize(
    ("kwargs", "error", "name"),
    [
        ({"asset": 3}, ValueError, "asset"),
        ({"asset": -1}, ValueError, "asset"),
        ({"asset": 1.0}, TypeError, "asset"),
        ({"target_weight": 1.2}, ValueError, "target_weight"),
        ({"target_weight": "half"}, TypeError, "target_weight"),
        ({"target_weight": 0.3, "upper": 0.2}, ValueError, "bounds"),
        ({"expected_returns": [0.06, 0.06]}, ValueError, "covariance"),
    ],
)
def test_implied_risk_aversion_validates(kwargs: dict, error: type, name: str) -> None:
    arguments = {"expected_returns": MU4, "covariance": COV, "asset": EMERGING, "target_weight": 0.1} | kwargs
    with pytest.raises(error, match=name):
        sensitivity.implied_risk_aversion(**arguments)


# --------------------------------------------------------------------------- fragility


def test_weight_response_equals_one_solve_per_value(table4_lambda: float) -> None:
    values = np.linspace(0.06, 0.10, 5)
    rule = lambda mu: optimise.mean_variance_weights(mu, COV, table4_lambda)
    response = sensitivity.weight_response(rule, MU4, EMERGING, values)
    for value, row in zip(values, response):
        np.testing.assert_array_equal(row, rule(np.array([0.06, 0.06, value])))
    assert response[-1, EMERGING] == pytest.approx(0.6603, abs=5e-5)


def test_one_point_of_expected_return_moves_much_of_the_plain_optimum(table4_lambda: float) -> None:
    rule = lambda mu: optimise.mean_variance_weights(mu, COV, table4_lambda)
    before, after = sensitivity.weight_response(rule, MU4, EMERGING, [0.08, 0.09])
    assert sensitivity.weight_change(before, after) > 0.3


def test_weight_response_validates() -> None:
    with pytest.raises(TypeError, match="allocate"):
        sensitivity.weight_response("optimiser", MU4, EMERGING, [0.06])
    with pytest.raises(ValueError, match="values"):
        sensitivity.weight_response(lambda mu: mu, MU4, EMERGING, [])
    with pytest.raises(ValueError, match="allocate's weights"):
        sensitivity.weight_response(lambda mu: mu, MU4, EMERGING, [0.06])


@settings(max_examples=50, deadline=None)
@given(st.lists(st.floats(0, 1), min_size=3, max_size=3), st.lists(st.floats(0, 1), min_size=3, max_size=3))
def test_weight_change_is_a_symmetric_share(a: list[float], b: list[float]) -> None:
    x, y = np.array(a) + 1e-3, np.array(b) + 1e-3
    x, y = x / x.sum(), y / y.sum()
    change = sensitivity.weight_change(x, y)
    assert 0.0 <= change <= 1.0 + 1e-12
    assert change == pytest.approx(sensitivity.weight_change(y, x))
    assert sensitivity.weight_change(x, x) == 0.0


def test_weight_change_of_disjoint_portfolios_is_one_and_validates() -> None:
    assert sensitivity.weight_change([1.0, 0.0], [0.0, 1.0]) == 1.0
    np.testing.assert_allclose(sensitivity.weight_change([1.0, 0.0], [[1.0, 0.0], [0.5, 0.5]]), [0.0, 0.5])
    with pytest.raises(ValueError, match="weights_after"):
        sensitivity.weight_change([1.0, 0.0], [0.5, 0.6])


# --------------------------------------------------------------------------- resampling


def test_resampling_is_reproducible_and_averages_its_draws(table4_lambda: float) -> None:
    first = sensitivity.resampled_weights(MU4, COV, table4_lambda, 126, n_draws=40, seed=7)
    again = sensitivity.resampled_weights(MU4, COV, table4_lambda, 126, n_draws=40, seed=7)
    other = sensitivity.resampled_weights(MU4, COV, table4_lambda, 126, n_draws=40, seed=8)
    np.testing.assert_array_equal(first.weights, again.weights)
    assert not np.array_equal(first.weights, other.weights)
    np.testing.assert_allclose(first.weights, first.draws.mean(axis=0))
    assert first.draws.shape == (40, 3)


def test_each_draw_is_the_optimum_of_re_estimated_inputs(table4_lambda: float) -> None:
    # Reconstruct draw 0 by hand from the documented simulation.
    periods, months = 12, 126
    result = sensitivity.resampled_weights(MU4, COV, table4_lambda, months, n_draws=3, seed=11)
    values, vectors = np.linalg.eigh(COV / periods)
    shocks = np.random.default_rng(11).standard_normal((3, months, 3))
    history = MU4 / periods + shocks[0] @ (vectors * np.sqrt(values)).T
    mu_hat = history.mean(axis=0) * periods
    cov_hat = np.cov(history, rowvar=False) * periods
    np.testing.assert_allclose(result.draws[0], optimise.mean_variance_weights(mu_hat, cov_hat, table4_lambda), atol=1e-9)


def test_monte_carlo_standard_errors_of_the_resampled_weights() -> None:
    # Known answer: draws 0/1 in equal numbers have standard deviation sqrt(n / (4 (n - 1))).
    draws = np.array([[1.0, 0.0], [0.0, 1.0]] * 50)
    result = sensitivity.ResampledPortfolio(weights=draws.mean(axis=0), draws=draws)
    np.testing.assert_allclose(result.standard_errors, np.sqrt(100 / (4 * 99)) / 10)
    single = sensitivity.ResampledPortfolio(weights=np.array([0.3, 0.7]), draws=np.array([[0.3, 0.7]]))
    assert np.isnan(single.standard_errors).all()
    # Four times the draws, about half the error.
    few = sensitivity.resampled_weights(MU4, COV, 0.75, 126, n_draws=50, seed=1).standard_errors
    many = sensitivity.resampled_weights(MU4, COV, 0.75, 126, n_draws=200, seed=1).standard_errors
    assert 0.3 < many[EMERGING] / few[EMERGING] < 0.7


def test_long_histories_bring_resampling_back_to_the_plain_optimum(table4_lambda: float) -> None:
    plain = optimise.mean_variance_weights(MU4, COV, table4_lambda)
    short = sensitivity.resampled_weights(MU4, COV, table4_lambda, 126, n_draws=60, seed=3).weights
    long = sensitivity.resampled_weights(MU4, COV, table4_lambda, 126 * 400, n_draws=60, seed=3).weights
    assert sensitivity.weight_change(plain, long) < 0.05 < sensitivity.weight_change(plain, short)


def test_resampling_smooths_the_response(table4_lambda: float) -> None:
    values = [0.08, 0.09]
    plain = sensitivity.weight_response(lambda mu: optimise.mean_variance_weights(mu, COV, table4_lambda), MU4, EMERGING, values)
    resampled = sensitivity.weight_response(
        lambda mu: sensitivity.resampled_weights(mu, COV, table4_lambda, 126, n_draws=60).weights, MU4, EMERGING, values
    )
    assert sensitivity.weight_change(*resampled) < sensitivity.weight_change(*plain) / 3


@settings(max_examples=15, deadline=None)
@given(cap=st.floats(0.0, 1.0), seed=st.integers(0, 2**31))
def test_resampled_weights_are_fully_invested_and_within_the_bounds(cap: float, seed: int) -> None:
    upper = [1.0, 1.0, cap]
    result = sensitivity.resampled_weights(MU4, COV, 0.75, 60, n_draws=10, seed=seed, upper=upper)
    assert result.weights.sum() == pytest.approx(1.0, abs=1e-12)
    assert np.all(result.draws >= -1e-15) and np.all(result.draws[:, EMERGING] <= cap + 1e-15)


@pytest.mark.parametrize(
    ("kwargs", "error", "name"),
    [
        ({"n_observations": 1}, ValueError, "n_observations"),
        ({"n_observations": 12.0}, TypeError, "n_observations"),
        ({"n_draws": 0}, ValueError, "n_draws"),
        ({"periods_per_year": 0}, ValueError, "periods_per_year"),
        ({"seed": -1}, ValueError, "seed"),
        ({"risk_aversion": 0.0}, ValueError, "risk_aversion"),
        ({"covariance": np.eye(2)}, ValueError, "covariance"),
    ],
)
def test_resampled_weights_validates(kwargs: dict, error: type, name: str) -> None:
    arguments = {"expected_returns": MU4, "covariance": COV, "risk_aversion": 0.75, "n_observations": 126} | kwargs
    with pytest.raises(error, match=name):
        sensitivity.resampled_weights(**arguments)


def test_docstring_examples_run() -> None:
    import doctest

    assert doctest.testmod(sensitivity, raise_on_error=False).failed == 0


def test_correlation_grid_known_answers() -> None:
    from assetalloc.assumptions import table2_correlations, table2_inputs

    mu, cov = table2_inputs()
    vols = np.sqrt(np.diag(cov))
    corr = table2_correlations()
    grid = sensitivity.correlation_grid(mu, vols, corr, "foreign_bonds", "foreign_stocks", [0.3, 0.55], "domestic_bonds", [-0.2, -0.05, 0.4], 1.5)
    assert list(grid.index) == [(0.3, -0.2), (0.3, -0.05), (0.3, 0.4), (0.55, -0.2), (0.55, -0.05), (0.55, 0.4)]
    # At the assumed correlations (0.55, -0.05) the grid gives the chapter's break-even.
    assert grid.loc[(0.55, -0.05), "break_even"] == pytest.approx(
        optimise.break_even_return(mu, cov, 1.5, "foreign_bonds"), abs=1e-14
    )
    # Every cell agrees with the optimiser run on the rebuilt covariance.
    matrix = corr.to_numpy().copy()
    matrix[2, 3] = matrix[3, 2] = 0.3
    matrix[2, 0] = matrix[0, 2] = 0.4
    rebuilt = vols[:, None] * matrix * vols[None, :]
    assert grid.loc[(0.3, 0.4), "break_even"] == pytest.approx(
        optimise.break_even_return(mu.to_numpy(), rebuilt, 1.5, 2), abs=1e-14
    )
    # Foreign bonds never enter at the source's risk aversion; the break-even rises with both correlations.
    assert (grid["weight"] == 0.0).all()
    assert grid.loc[(0.3, -0.2), "break_even"] < grid.loc[(0.3, 0.4), "break_even"] < grid.loc[(0.55, 0.4), "break_even"]
    # With an expected return above the break-even, the weight is positive.
    rich = mu.copy()
    rich["foreign_bonds"] = 0.05
    assert sensitivity.correlation_grid(rich, vols, corr, "foreign_bonds", "foreign_stocks", [0.55], "domestic_bonds", [-0.05], 1.5)["weight"].iloc[0] > 0.0


@pytest.mark.parametrize(
    ("kwargs", "name"),
    [
        ({"first_partner": "foreign_bonds"}, "first_partner"),
        ({"second_partner": "foreign_stocks"}, "second_partner"),
        ({"second_partner": 0}, "second_partner"),  # labelled inputs: an asset is named by its label
        ({"first_values": [1.2]}, "first_values"),
        ({"first_values": [0.99], "second_values": [-0.99]}, "first_values"),
    ],
)
def test_correlation_grid_validation(kwargs: dict, name: str) -> None:
    from assetalloc.assumptions import table2_correlations, table2_inputs

    mu, cov = table2_inputs()
    call = {
        "expected_returns": mu, "volatilities": np.sqrt(np.diag(cov)), "correlation": table2_correlations(),
        "asset": "foreign_bonds", "first_partner": "foreign_stocks", "first_values": [0.5],
        "second_partner": "domestic_bonds", "second_values": [0.0],
        "risk_aversion": 1.5,
    } | kwargs
    with pytest.raises(ValueError, match=name):
        sensitivity.correlation_grid(**call)
