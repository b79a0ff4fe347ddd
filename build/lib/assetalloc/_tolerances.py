"""Every numerical tolerance of the library's checks and of its optimiser, in one place.

Each is a pure number (no unit) used as the module that imports it says. Most
are relative: they are multiplied by the scale of what they compare (the
largest entry of a matrix, the largest eigenvalue, the gradient), so a monthly
covariance of 1e-6 is held to the same standard as a yearly one; where one is
absolute, the comment says so. The printed-figure comparisons of
:mod:`assetalloc.compare` and :mod:`assetalloc.exercises` round to the source's
decimals instead and keep their own margins.
"""

from __future__ import annotations

# --------------------------------------------------------------------------- inputs (_validation)

#: Weights (and bounds) must sum to their total within this (absolute; 2x for active weights).
WEIGHT_SUM_TOL = 1e-8
#: Symmetry, unit diagonal, entries in [-1, 1] and positive semidefiniteness of a matrix,
#: relative to its largest absolute entry.
MATRIX_TOL = 1e-10

# --------------------------------------------------------------------------- portfolios (risk, optimise, tactical)

#: A portfolio whose variance is below this fraction of the largest variance its
#: weights could have (all correlations 1) counts as riskless.
ZERO_VARIANCE_TOL = 1e-12
#: Returns closer than this, relative to max(1, |return|), count as equal: a target return
#: is reachable, a frontier has length, a portfolio's period return differs from its benchmark's.
RETURN_TOL = 1e-12
#: Covariance eigenvalues below this fraction of the largest count as exactly zero
#: (directions of no risk) when looking for the efficient minimum-variance portfolio.
FLAT_TOL = 1e-12
#: A weight within this of a bound (absolute) is at the bound: held above its lower bound
#: only beyond it, inside its bounds unless it is out by more.
BOUND_TOL = 1e-12

# --------------------------------------------------------------------------- implied risk aversion (sensitivity)

#: Bisection stops when the bracket's ends differ by this fraction.
RELATIVE_TOL = 1e-13
#: Weights closer than this to the target (absolute) count as equal to it.
WEIGHT_TOL = 1e-10

# --------------------------------------------------------------------------- the quadratic-programme solver (_qp)

#: Equality residual accepted for a starting point, relative to ``max(1, |b|)``.
FEASIBILITY_TOL = 1e-8
#: Relative size below which a singular value of the equality rows counts as zero.
RANK_TOL = 1e-10
#: Relative size (to the norm of H) below which an eigenvalue counts as zero curvature.
CURVATURE_TOL = 1e-12
#: Relative size (to the gradient scale) of a multiplier or slope that counts as nonzero.
GRADIENT_TOL = 1e-13
#: Step components this small (relative to the step or the box) are ignored in the ratio test.
STEP_TOL = 1e-12
#: A KKT solution longer than this many box diameters means a singular system.
HUGE_STEP = 1e8
#: A blocking step component at least this large (relative to the step) cannot make
#: the working set dependent, so the rank need not be checked.
COMPONENT_TOL = 1e-6
#: Equality residual (relative to max(1, |b|)) accepted for the point the crash guesses.
CRASH_TOL = 1e-12
#: Relative accuracy required of the identity g'p = -p'Hp for a directly solved step.
IDENTITY_TOL = 1e-6
