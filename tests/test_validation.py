"""Bad inputs at every public boundary: a ValueError or TypeError that names the argument.

Each case calls a public function of assetalloc.risk or assetalloc.optimise
with one bad argument and checks the exception type and the exact message
(it names the argument and says what is wrong). The property-based fuzz of
every public function of every module is in test_bad_inputs.py.
"""

import math

import numpy as np
import pandas as pd
import pytest
from assetalloc import _validation, losses, optimise, risk
from assetalloc._tolerances import MATRIX_TOL
from hypothesis import given, settings
from hypothesis import strategies as st

VOLS = [0.1803, 0.1911, 0.2705]
CORR = [[1.0, 0.6023, 0.6782], [0.6023, 1.0, 0.8769], [0.6782, 0.8769, 1.0]]
COV = risk.covariance_from_correlation(VOLS, CORR)
MU = [0.05, 0.06, 0.08]
W = [0.5, 0.35, 0.15]


def not_psd():
    corr = np.array([[1, 0.9, -0.9], [0.9, 1, 0.9], [-0.9, 0.9, 1.0]])
    return corr * 0.04


CASES = [
    # covariance_from_correlation
    (risk.covariance_from_correlation, ([0.2, -0.1], np.eye(2)), ValueError,
     r"volatilities must be non-negative and finite \(got -0.1 at position 1\)"),
    (risk.covariance_from_correlation, ([0.2, math.nan], np.eye(2)), ValueError,
     r"volatilities must be non-negative and finite \(got nan at position 1\)"),
    (risk.covariance_from_correlation, ([0.2, math.inf], np.eye(2)), ValueError, "volatilities"),
    (risk.covariance_from_correlation, ([], np.eye(2)), ValueError, "volatilities must not be empty"),
    (risk.covariance_from_correlation, ("0.2", np.eye(2)), TypeError, "volatilities"),
    (risk.covariance_from_correlation, ([True, False], np.eye(2)), TypeError, "volatilities"),
    (risk.covariance_from_correlation, ([0.2, 0.1], np.eye(3)), ValueError,
     r"correlation must have shape \(2, 2\)"),
    (risk.covariance_from_correlation, ([0.2, 0.1], [[1, 0.5, 0]]), ValueError,
     "correlation must be a square matrix"),
    (risk.covariance_from_correlation, ([0.2, 0.1], [[1, 0.5], [0.4, 1]]), ValueError,
     "correlation must be symmetric"),
    (risk.covariance_from_correlation, ([0.2, 0.1], [[1, 0.5], [0.5, 0.9]]), ValueError,
     r"correlation diagonal must be 1 \(got 0.9 at position 1\)"),
    (risk.covariance_from_correlation, ([0.2, 0.1], [[1, 1.2], [1.2, 1]]), ValueError,
     r"correlation entries must be in \[-1, 1\] \(got 1.2 at position \(0, 1\)\)"),
    (risk.covariance_from_correlation, (VOLS, not_psd() / 0.04), ValueError,
     "correlation must be positive semidefinite"),
    (risk.covariance_from_correlation, ([0.2, 0.1], [[1, math.nan], [math.nan, 1]]), ValueError,
     "correlation must be finite"),
    # correlation_from_covariance
    (risk.correlation_from_covariance, ([[0.04, 0.0], [0.0, 0.0]],), ValueError,
     r"covariance diagonal must be > 0 for correlations to exist \(got 0 at position 1\)"),
    (risk.correlation_from_covariance, (not_psd(),), ValueError,
     "covariance must be positive semidefinite"),
    (risk.correlation_from_covariance, ([0.04, 0.01],), ValueError, "covariance must be 2-D"),
    # portfolio_return / variance / volatility
    (risk.portfolio_return, ([0.5, 0.4, 0.0], MU), ValueError, r"weights must sum to 1 \(got 0.9\)"),
    (risk.portfolio_return, ([0.5, 0.5], MU), ValueError, "weights must have 3 entries"),
    (risk.portfolio_return, ([[0.5, 0.5, 0.0], [0.5, 0.4, 0.0]], MU), ValueError,
     r"weights must sum to 1 in every row \(got 0.9 in row 1\)"),
    (risk.portfolio_return, (W, [0.05, math.nan, 0.08]), ValueError,
     "expected_returns must be finite"),
    (risk.portfolio_return, (np.full((2, 2, 3), 1 / 3), MU), ValueError, "weights must be 1-D or 2-D"),
    (risk.portfolio_variance, (W, COV[:2, :2]), ValueError, "weights must have 2 entries"),
    (risk.portfolio_variance, (W, not_psd()), ValueError, "covariance must be positive semidefinite"),
    (risk.portfolio_volatility, (["a", "b", "c"], COV), TypeError, "weights"),
    (risk.portfolio_volatility, (W, "covariance"), TypeError, "covariance"),
    (risk.portfolio_volatility, (W, None), TypeError, "covariance"),
    # risk decomposition
    (risk.risk_contributions, ([0.5, 0.5, 0.5], COV), ValueError, "weights must sum to 1"),
    (risk.risk_contributions, ([0.0, 1.0], np.diag([0.04, 0.0])), ValueError,
     "weights give a portfolio with zero variance"),
    (risk.diversification_ratio, ([1.0, 0.0], np.diag([0.0, 0.04])), ValueError,
     "weights give a portfolio with zero variance"),
    (risk.effective_number_of_holdings, ([],), ValueError, "weights must not be empty"),
    (risk.effective_number_of_holdings, (0.5,), ValueError, "weights must be 1-D or 2-D"),
    # averages
    (risk.average_variance_and_covariance, ([[0.04]],), ValueError,
     "covariance must be at least 2 x 2"),
    (risk.equal_weight_portfolio_variance, (0, 0.04, 0.01), ValueError,
     r"n_assets must be an integer >= 1 \(got 0\)"),
    (risk.equal_weight_portfolio_variance, (2.5, 0.04, 0.01), TypeError, "n_assets must be an integer"),
    (risk.equal_weight_portfolio_variance, (True, 0.04, 0.01), TypeError, "n_assets"),
    (risk.equal_weight_portfolio_variance, ([1, 0, 3], 0.04, 0.01), ValueError,
     r"n_assets must be an integer >= 1 \(got 0 at position 1\)"),
    (risk.equal_weight_portfolio_variance, (np.array([1.0, 2.0]), 0.04, 0.01), TypeError,
     "n_assets must contain integers"),
    (risk.equal_weight_portfolio_variance, (3, -0.04, 0.01), ValueError,
     r"average_variance must be >= 0 \(got -0.04\)"),
    (risk.equal_weight_portfolio_variance, (3, 0.04, math.nan), ValueError,
     "average_covariance must be finite"),
    # worst case and loss budgets
    (losses.worst_case_return, (0.06, -0.2), ValueError, "volatility must be non-negative"),
    (losses.worst_case_return, (0.06, 0.2, 0), ValueError, r"k must be > 0 \(got 0\)"),
    (losses.worst_case_return, ("6%", 0.2), TypeError, "expected_return"),
    (losses.worst_case_return, (0.06, [0.2, math.nan]), ValueError, "volatility must be non-negative"),
    (losses.max_investment_for_loss, (0, 0.06, 0.2), ValueError, r"loss_limit must be > 0 \(got 0\)"),
    (losses.max_investment_for_loss, (1e6, 0.06, 0.02), ValueError,
     r"volatility must be > expected_return / k = 0.03 for a bad year to lose money \(got 0.02\)"),
    (losses.max_investment_for_loss, (1e6, 0.06, [0.2, 0.03]), ValueError,
     r"volatility must be > .* \(got 0.03 at position 1\)"),
    (losses.loss_budget, (0.06, [0.2, 0.1], 1e6), TypeError,
     "volatilities must be a pandas Series or a dict"),
    (losses.loss_budget, (0.06, {}, 1e6), ValueError, "volatilities must not be empty"),
    (losses.loss_budget, (0.06, {"a": 0.2, "b": 0.02}, 1e6), ValueError,
     r"volatilities must be > expected_return / k"),
    (losses.loss_budget, (0.06, {"a": "high"}, 1e6), TypeError, "volatilities"),
    (losses.loss_budget, (0.06, pd.Series({"a": 0.2}), -5), ValueError, "loss_limit must be > 0"),
    # optimise: units
    (optimise.risk_aversion_to_decimal, (0,), ValueError, r"risk_aversion_percent must be > 0 \(got 0\)"),
    (optimise.risk_aversion_to_percent, (-1.5,), ValueError, r"risk_aversion must be > 0 \(got -1.5\)"),
    # optimise: mean-variance
    (optimise.mean_variance_weights, (MU, COV, 0), ValueError, r"risk_aversion must be > 0 \(got 0\)"),
    (optimise.mean_variance_weights, (MU, COV, -2.0), ValueError, "risk_aversion must be > 0"),
    (optimise.mean_variance_weights, (MU, COV, math.nan), ValueError, "risk_aversion must be finite"),
    (optimise.mean_variance_weights, (MU, COV, True), TypeError, "risk_aversion must be a number"),
    (optimise.mean_variance_weights, (MU, COV, "2"), TypeError, "risk_aversion must be a real number"),
    (optimise.mean_variance_weights, (MU, COV[:2, :2], 2.0), ValueError,
     r"covariance must have shape \(3, 3\)"),
    (optimise.mean_variance_weights, ([], COV, 2.0), ValueError, "expected_returns must not be empty"),
    (optimise.mean_variance_weights, (MU, not_psd(), 2.0), ValueError,
     "covariance must be positive semidefinite"),
    (optimise.mean_variance_weights, (MU, COV, 2.0, 0.0, 0.3), ValueError,
     r"bounds are infeasible: the upper bounds sum to 0.9 < 1"),
    (optimise.mean_variance_weights, (MU, COV, 2.0, 0.4, 1.0), ValueError,
     r"bounds are infeasible: the lower bounds sum to 1.2 > 1"),
    (optimise.mean_variance_weights, (MU, COV, 2.0, [0, 0.5, 0], [1, 0.4, 1]), ValueError,
     r"bounds are infeasible: lower > upper at position 1 \(0.5 > 0.4\)"),
    (optimise.mean_variance_weights, (MU, COV, 2.0, [0, 0], 1.0), ValueError,
     "lower must have 3 entries"),
    (optimise.mean_variance_weights, (MU, COV, 2.0, 0.0, math.inf), ValueError, "upper must be finite"),
    (optimise.mean_variance_weights, (MU, COV, 2.0, 0.0, "1"), TypeError, "upper"),
    # optimise: minimum variance, target return, frontier, KKT
    (optimise.minimum_variance_weights, ([[0.04, 0.0]],), ValueError, "covariance must be a square"),
    (optimise.minimum_variance_weights, (COV, 0.0, [0.2, 0.2, 0.2]), ValueError,
     "bounds are infeasible"),
    (optimise.target_return_weights, (MU, COV, 0.09), ValueError,
     (r"target_return must be between 0.05 and 0.08, the expected returns reachable within "
     r"the bounds \(got 0.09\)")),
    (optimise.target_return_weights, (MU, COV, "0.06"), TypeError, "target_return"),
    (optimise.target_return_weights, (MU, COV, math.inf), ValueError, "target_return must be finite"),
    (optimise.efficient_frontier, (MU, COV, 1), ValueError, r"n_points must be an integer >= 2 \(got 1\)"),
    (optimise.efficient_frontier, (MU, COV, 10.0), TypeError, "n_points must be an integer"),
    (optimise.kkt_residual, ([0.5, 0.5], MU, COV, 2.0), ValueError, "weights must have 3 entries"),
    (optimise.kkt_residual, (W, MU, COV, 0.0), ValueError, "risk_aversion must be > 0"),
]


@pytest.mark.parametrize(("function", "args", "error", "match"), CASES)
def test_bad_input_is_named(function, args, error, match):
    with pytest.raises(error, match=match):
        function(*args)


# --------------------------------------------------------------------------- helpers


def test_validation_helpers_return_clean_arrays():
    assert _validation.as_float("x", np.float32(0.5)) == 0.5
    assert _validation.as_int_at_least("n", np.int64(3), 1) == 3
    np.testing.assert_array_equal(_validation.as_int_at_least("n", [1, 2], 1), [1, 2])
    assert _validation.as_float_or_array("v", np.array(0.2)) == 0.2
    weights = _validation.as_weights("w", pd.Series([0.25, 0.75], index=["a", "b"]))
    assert isinstance(weights, np.ndarray) and weights.dtype == float
    active = _validation.as_weights("tilt", [0.1, -0.1], total=0.0)
    np.testing.assert_array_equal(active, [0.1, -0.1])
    lower, upper = _validation.as_bounds(0.0, [0.5, 0.6], 2)
    np.testing.assert_array_equal(lower, [0.0, 0.0])
    np.testing.assert_array_equal(upper, [0.5, 0.6])
    labels, _values = _validation.as_labelled_vector("v", {"a": 1.0, "b": 2.0})
    assert list(labels) == ["a", "b"]


def test_matrices_come_back_exactly_symmetric():
    nearly = np.array([[1.0, 0.3], [0.3 + 1e-12, 1.0]])
    corr = _validation.as_correlation("c", nearly)
    np.testing.assert_array_equal(corr, corr.T)
    cov = _validation.as_covariance("c", nearly * 0.04)
    np.testing.assert_array_equal(cov, cov.T)


def test_weights_sum_tolerance_is_1e_8():
    _validation.as_weights("w", [0.5, 0.5 + 0.9e-8])
    with pytest.raises(ValueError, match="w must sum to 1"):
        _validation.as_weights("w", [0.5, 0.5 + 1.1e-8])


def test_returns_helper_refuses_a_loss_of_everything():
    assert _validation.as_returns("r", -0.5) == -0.5
    np.testing.assert_array_equal(_validation.as_returns("r", pd.DataFrame({"a": [0.1, -0.2]})), [[0.1], [-0.2]])
    for bad in (-1.0, [0.1, -1.5], pd.DataFrame({"a": [0.1, -1.0]})):
        with pytest.raises(ValueError, match=r"r must be > -1 \(a loss of 100 % or more\)"):
            _validation.as_returns("r", bad)
    with pytest.raises(ValueError, match="r must be finite"):
        _validation.as_returns("r", [0.1, float("nan")])


def test_same_labels_refuses_repeats_and_differences():
    _validation.same_labels("a", ["x", "y"], "b", ["y", "x"])
    with pytest.raises(ValueError, match="a and b must have the same labels, in the same order"):
        _validation.same_labels("a", ["x", "y"], "b", ["y", "x"], ordered=True)
    with pytest.raises(ValueError, match=r"a labels must be unique \(repeated: \['x'\]\)"):
        _validation.same_labels("a", ["x", "x"], "b", ["x", "x"])
    with pytest.raises(ValueError, match=r"b labels must be unique"):
        _validation.same_labels("a", ["x", "y"], "b", ["x", "y", "y"])
    with pytest.raises(ValueError, match=r"a and b must have the same labels \(got \['x'\] and \['y'\]\)"):
        _validation.same_labels("a", ["x"], "b", ["y"])


def test_series_helper_keeps_labels_and_name():
    series = _validation.as_series("s", pd.Series([1, 2], index=["a", "b"], name="n"), above=0.0)
    pd.testing.assert_series_equal(series, pd.Series([1.0, 2.0], index=["a", "b"], name="n"))
    with pytest.raises(TypeError, match="s must be a pandas Series"):
        _validation.as_series("s", [1.0])
    with pytest.raises(ValueError, match="s must be > 0"):
        _validation.as_series("s", pd.Series([1.0, 0.0]), above=0.0)
    with pytest.raises(ValueError, match="s must be non-negative"):
        _validation.as_series("s", pd.Series([1.0, -1.0]), nonnegative=True)


@pytest.mark.parametrize("scale", [1e-11, 1e-6, 1.0, 1e8])
def test_positive_semidefinite_check_is_relative_to_the_matrix_scale(scale):
    # The audit's indefinite "correlation" (smallest eigenvalue -0.8) is refused at every scale,
    # a valid one accepted, and the borderline sits at MATRIX_TOL times the largest entry.
    indefinite = np.array([[1, 0.9, -0.9], [0.9, 1, 0.9], [-0.9, 0.9, 1]]) * scale
    with pytest.raises(ValueError, match="covariance must be positive semidefinite"):
        _validation.as_covariance("covariance", indefinite)
    _validation.as_covariance("covariance", COV * scale)
    vectors = np.linalg.qr(np.random.default_rng(3).normal(size=(3, 3)))[0]
    largest = np.abs(vectors @ np.diag([1.0, 0.5, 0.0]) @ vectors.T).max()
    for factor, accepted in ((-0.5, True), (-2.0, False)):
        matrix = vectors @ np.diag([1.0, 0.5, factor * MATRIX_TOL * largest]) @ vectors.T * scale
        assert _validation.is_positive_semidefinite((matrix + matrix.T) / 2) is accepted


@settings(max_examples=60, deadline=None)
@given(st.integers(2, 8), st.integers(0, 2**32 - 1), st.floats(-1e-8, 1e-8))
def test_cholesky_test_agrees_with_the_eigenvalues(n, seed, shift):
    rng = np.random.default_rng(seed)
    factors = rng.normal(size=(n, n - 1))
    matrix = factors @ factors.T + shift * np.eye(n)
    tol = _validation._matrix_tol(matrix)
    smallest = np.linalg.eigvalsh(matrix)[0]
    if abs(smallest + tol) > 1e-3 * tol:  # away from the borderline, where rounding decides
        assert _validation.is_positive_semidefinite(matrix) is bool(smallest >= -tol)
