"""An exact primal active-set solver for small convex quadratic programmes.

Solves ::

    minimise    1/2 x'Hx + c'x
    subject to  A_eq x = b_eq,   lower <= x <= upper

with ``H`` symmetric positive SEMIdefinite (it may be singular) and finite
bounds, so the feasible set is bounded and an optimum always exists.

Method (Nocedal & Wright, *Numerical Optimization*, ch. 16.5, extended to a
singular ``H``): a *working set* of bounds is held at their values; the
other variables are free. Each iteration minimises the objective over the
free variables subject to the equalities, exactly, by one LU solve of the
working set's KKT system, and

* steps to that minimiser, or as far as the first bound that blocks the way,
  which then joins the working set;
* at a minimiser computes the multipliers of the held bounds: if all have the
  right sign the KKT conditions hold and the point is optimal, otherwise the
  most wrongly signed bound is released.

When the KKT system is singular (``H`` has a direction of zero curvature
along the face: correlations of +-1, riskless assets, H = 0) the step comes
from the eigendecomposition of the reduced Hessian ``Z'HZ``, ``Z`` a basis of
the null space of the free equality columns. If the reduced gradient has a
component along a zero-curvature eigenvector the subproblem is unbounded
below, and the step follows that descent direction of zero curvature until
the first bound blocks it (one always does: the bounds are finite);
otherwise it goes to the minimiser (pseudo-inverse on the curved
eigenvectors).

Before the iterations a *crash* guesses the working set (repeatedly holding
the variables the free minimiser pushes out of the box), so that a solve
usually takes a few iterations rather than one per active bound. Variables
with ``lower == upper`` are eliminated first and redundant equality rows
dropped. Rounding in degenerate problems is guarded against: the working set
is kept independent of the equality rows (so multipliers are unique), a
release that rounding immediately undoes is refused, and the result is
checked against the equalities.

The module is deliberately generic (no finance): later chapters reuse it for
weight limits, group constraints and tracking-error budgets.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

from assetalloc._tolerances import (
    COMPONENT_TOL,
    CRASH_TOL,
    CURVATURE_TOL,
    FEASIBILITY_TOL,
    GRADIENT_TOL,
    HUGE_STEP,
    IDENTITY_TOL,
    RANK_TOL,
    STEP_TOL,
)


class QPSolution(NamedTuple):
    """The optimum ``x`` and the number of active-set iterations used."""

    x: np.ndarray
    iterations: int


def solve_qp(
    H: np.ndarray,
    c: np.ndarray,
    A_eq: np.ndarray,
    b_eq: np.ndarray,
    lower: np.ndarray,
    upper: np.ndarray,
    x0: np.ndarray | None = None,
) -> QPSolution:
    """Minimise ``1/2 x'Hx + c'x`` s.t. ``A_eq x = b_eq``, ``lower <= x <= upper``.

    Parameters
    ----------
    H : (n, n) symmetric positive semidefinite array (may be singular).
    c : (n,) array.
    A_eq : (m, n) array, m >= 0 (rows may be linearly dependent).
    b_eq : (m,) array.
    lower, upper : (n,) finite arrays with ``lower <= upper``.
    x0 : (n,) array, optional
        A feasible starting point (equalities and bounds met within
        :data:`FEASIBILITY_TOL`; it is clipped into the bounds). Bounds that
        ``x0`` meets exactly start in the working set, so a previous solution
        makes a warm start. Without ``x0`` a phase-1 problem (least squares of
        the equality residual over the box, solved by the same method) finds one.

    Returns
    -------
    QPSolution
        ``x`` inside the bounds (exactly) and the iteration count.

    Raises
    ------
    ValueError
        If the constraints have no feasible point, or ``x0`` is not feasible.
    RuntimeError
        If the iteration cap is reached or the result misses the equalities by
        more than :data:`FEASIBILITY_TOL` (safeguards; neither should happen).
    """
    pinned = lower == upper
    free = ~pinned
    x = lower.copy()
    b_free = b_eq - A_eq[:, pinned] @ lower[pinned]
    A_rows, b_rows = _independent_rows(A_eq[:, free], b_free)
    lo, hi = lower[free], upper[free]
    if x0 is None:
        start = _phase_one(A_rows, b_rows, lo, hi)
    else:
        residual = np.abs(A_eq @ x0 - b_eq).max(initial=0.0)
        outside = np.maximum(lower - x0, x0 - upper).max(initial=0.0)
        if max(residual, outside) > FEASIBILITY_TOL * max(1.0, np.abs(b_eq).max(initial=0.0)):
            raise ValueError(
                f"x0 is not feasible (equality residual {residual:.3g}, "
                f"largest bound violation {outside:.3g})"
            )
        start = np.clip(x0, lower, upper)[free]
    H_free = H[free][:, free]
    c_free = c[free] + H[free][:, pinned] @ lower[pinned]
    x[free], iterations = _active_set(H_free, c_free, A_rows, b_rows, lo, hi, start)
    x = np.clip(x, lower, upper)
    residual = np.abs(A_eq @ x - b_eq).max(initial=0.0)
    if residual > FEASIBILITY_TOL * max(1.0, np.abs(b_eq).max(initial=0.0)):  # never expected
        raise RuntimeError(
            f"active-set QP solver lost feasibility (equality residual {residual:.3g})"
        )
    return QPSolution(x, iterations)


def _independent_rows(A: np.ndarray, b: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Orthonormal rows spanning the rows of A, and the matching right-hand side.

    Raises ValueError if ``A x = b`` is inconsistent.
    """
    if A.shape[0] == 0 or A.shape[1] == 0:
        rank, U, s, Vt = 0, np.zeros((A.shape[0], 0)), np.zeros(0), np.zeros((0, A.shape[1]))
    else:
        U, s, Vt = np.linalg.svd(A, full_matrices=False)
        rank = int(np.count_nonzero(s > RANK_TOL * s[0]))
    U, s, Vt = U[:, :rank], s[:rank], Vt[:rank]
    unexplained = b - U @ (U.T @ b)
    if np.abs(unexplained).max(initial=0.0) > FEASIBILITY_TOL * max(1.0, np.abs(b).max()):
        raise ValueError("the equality constraints are inconsistent: no point satisfies them")
    return Vt, (U.T @ b) / s


def _phase_one(A: np.ndarray, b: np.ndarray, lo: np.ndarray, hi: np.ndarray) -> np.ndarray:
    """A point of the box with ``A x = b``: minimise ``1/2 |Ax - b|^2`` over the box."""
    empty = np.zeros((0, lo.size))
    x, _ = _active_set(A.T @ A, -A.T @ b, empty, np.zeros(0), lo, hi, (lo + hi) / 2)
    if np.abs(A @ x - b).max(initial=0.0) > FEASIBILITY_TOL * max(1.0, np.abs(b).max()):
        raise ValueError(
            "the constraints are infeasible: no point within the bounds meets the equalities"
        )
    return x


class _Face:
    """The free variables' share of the equality rows: null-space basis and multipliers."""

    def __init__(self, A_free: np.ndarray) -> None:
        m, n_free = A_free.shape
        if m == 0 or n_free == 0:
            U, s, Vt = np.zeros((m, 0)), np.zeros(0), np.eye(n_free)
        else:
            U, s, Vt = np.linalg.svd(A_free, full_matrices=True)
        rank = int(np.count_nonzero(s > RANK_TOL))
        self.Z = Vt[rank:].T
        self._U, self._s, self._V = U[:, :rank], s[:rank], Vt[:rank]

    def multipliers(self, g_free: np.ndarray) -> np.ndarray:
        """Least-squares ``nu`` for the stationarity condition ``g_free + A_free' nu = 0``."""
        return -(self._U @ ((self._V @ g_free) / self._s))


def _active_set(
    H: np.ndarray,
    c: np.ndarray,
    A: np.ndarray,
    b: np.ndarray,
    lo: np.ndarray,
    hi: np.ndarray,
    x: np.ndarray,
) -> tuple[np.ndarray, int]:
    """The active-set iterations from the feasible point ``x`` (A has orthonormal rows)."""
    n, m = x.size, A.shape[0]
    x = x.copy()
    state = np.zeros(n, dtype=np.int8)  # -1: held at lower, +1: held at upper, 0: free
    state[x == lo] = -1
    state[x == hi] = 1
    _free_until_independent(A, state)

    h_norm = float(np.abs(H).sum(axis=1).max(initial=0.0))
    diameter = float((hi - lo).max(initial=0.0))
    x_norm = float(np.maximum(np.abs(lo), np.abs(hi)).max(initial=0.0))
    gradient_scale = float(np.abs(c).max(initial=0.0)) + h_norm * x_norm
    tolerances = (CURVATURE_TOL * h_norm, GRADIENT_TOL * gradient_scale)

    # Equality multipliers, known once x minimises the objective on the working set.
    nu = _crash(H, c, A, b, lo, hi, x, state, diameter)
    # A release is refused when the very next step pushes the released variable
    # straight back out of its box: in exact arithmetic that cannot happen, so its
    # multiplier's sign was rounding noise. Refusals last until x moves.
    refused = np.zeros(n, dtype=bool)
    released, released_state, nu_before = -1, 0, None
    max_iterations = 20 * (n + m) + 100
    for iteration in range(1, max_iterations + 1):
        index = np.flatnonzero(state == 0)
        g = H @ x + c
        if nu is not None:
            # Reduced costs: a held bound's multiplier has the wrong sign when
            # moving off it (inwards) would lower the objective.
            wrong_sign = np.where(refused, -np.inf, (g + A.T @ nu) * state)
            j = int(np.argmax(wrong_sign)) if n else 0
            if n == 0 or wrong_sign[j] <= tolerances[1]:
                return x, iteration
            released, released_state, nu_before = j, state[j], nu
            state[j] = 0
            nu = None
            continue
        A_free = A.take(index, axis=1)
        H_free = H.take(index, axis=0).take(index, axis=1)
        step, nu_step, unbounded = _subproblem(
            H_free, g.take(index), A_free, diameter, tolerances
        )
        alpha, k = _step_length(
            x.take(index), step, lo.take(index), hi.take(index), diameter, A_free
        )
        if alpha == 0.0 and index[k] == released:
            state[released] = released_state
            refused[released] = True
            nu = nu_before
        elif unbounded or alpha < 1.0:
            x[index] += alpha * step
            j = index[k]
            state[j] = -1 if step[k] < 0 else 1
            x[j] = lo[j] if step[k] < 0 else hi[j]
        else:
            x[index] += step
            nu = nu_step
        if alpha > 0.0:
            refused[:] = False
        released = -1
    raise RuntimeError(f"active-set QP solver did not converge in {max_iterations} iterations")


def _crash(
    H: np.ndarray,
    c: np.ndarray,
    A: np.ndarray,
    b: np.ndarray,
    lo: np.ndarray,
    hi: np.ndarray,
    x: np.ndarray,
    state: np.ndarray,
    diameter: float,
) -> np.ndarray | None:
    """Guess the working set before the exact iterations; updates ``x`` and ``state`` in place.

    Minimise on the free variables with the held ones at their bounds; if the
    minimiser leaves the box, hold every variable below its lower bound (or,
    if none is, every one above its upper bound) and repeat. A minimiser inside
    the box is feasible and stationary on its working set, usually optimal or
    nearly: the iterations then only verify or repair the guess, instead of
    discovering the bounds one at a time. Returns the equality multipliers, or
    None with ``x`` and ``state`` untouched if a system is singular or the
    guess is not a usable working set.
    """
    guess = state.copy()
    for _ in range(x.size + 1):
        free = guess == 0
        held = np.where(guess < 0, lo, hi)
        held[free] = 0.0
        index = np.flatnonzero(free)
        solved = _solve_kkt(
            H.take(index, axis=0).take(index, axis=1),
            (H @ held + c).take(index),
            A.take(index, axis=1),
            b - A @ held,
            diameter + float(np.abs(held).max(initial=0.0)),
        )
        if solved is None:
            return None
        y = held
        y[index] = solved[0]
        below, above = free & (y < lo), free & (y > hi)
        if not (below.any() or above.any()):
            # Usable only as a proper working set: independent, and y feasible.
            residual = np.abs(A @ y - b).max(initial=0.0)
            tolerance = CRASH_TOL * max(1.0, np.abs(b).max(initial=0.0))
            if residual > tolerance or not _full_row_rank(A.take(index, axis=1)):
                return None
            x[:] = y
            state[:] = guess
            return solved[1]
        if below.any():
            guess[below] = -1
        else:
            guess[above] = 1
    return None


def _free_until_independent(A: np.ndarray, state: np.ndarray) -> None:
    """Release held bounds (in order) until the free columns of A have full row rank."""
    m = A.shape[0]
    basis = np.zeros((m, 0))
    for j in [*np.flatnonzero(state == 0), *np.flatnonzero(state != 0)]:
        if basis.shape[1] == m:
            return
        column = A[:, j] - basis @ (basis.T @ A[:, j])
        size = np.linalg.norm(column)
        if size > RANK_TOL:
            basis = np.column_stack([basis, column / size])
            state[j] = 0


def _subproblem(
    H: np.ndarray,
    g: np.ndarray,
    A: np.ndarray,
    diameter: float,
    tolerances: tuple[float, float],
) -> tuple[np.ndarray, np.ndarray | None, bool]:
    """Step on the free variables for ``min g'p + 1/2 p'Hp`` s.t. ``A p = 0``.

    Returns ``(p, nu, unbounded)``: ``nu`` are the equality multipliers at the
    point ``x + p`` (None for an unbounded ray). The KKT system is solved
    directly; if it is singular (a zero-curvature direction) the
    eigen-decomposition in :func:`_singular_step` decides.
    """
    solved = _solve_kkt(H, g, A, np.zeros(A.shape[0]), diameter)
    if solved is None:
        return _singular_step(H, g, A, tolerances)
    return solved[0], solved[1], False


def _solve_kkt(
    H: np.ndarray, g: np.ndarray, A: np.ndarray, r: np.ndarray, diameter: float
) -> tuple[np.ndarray, np.ndarray] | None:
    """``(p, nu)`` minimising ``g'p + 1/2 p'Hp`` s.t. ``A p = r``; None if the system is singular.

    One LU solve of the KKT system ``[[H, A'], [A, 0]] [p; nu] = [-g; r]``.
    A singular system (a zero-curvature direction) shows as a huge or
    non-finite solution, or as one whose arbitrary component along the flat
    direction breaks the identity ``g'p + p'Hp + nu'r = 0`` that every
    minimiser satisfies (it may even point uphill).
    """
    n_free, m = g.size, A.shape[0]
    kkt = np.zeros((n_free + m, n_free + m))
    kkt[:n_free, :n_free] = H
    kkt[:n_free, n_free:] = A.T
    kkt[n_free:, :n_free] = A
    try:
        solution = np.linalg.solve(kkt, np.concatenate([-g, r]))
    except np.linalg.LinAlgError:
        return None
    step, nu = solution[:n_free], solution[n_free:]
    if n_free == m:  # A is square and nonsingular: p = A^-1 r, whatever the rounding says
        return (np.zeros(n_free) if not r.any() else step), nu
    slope, curvature, shift = g @ step, step @ H @ step, nu @ r
    if not (
        np.abs(step).max(initial=0.0) <= HUGE_STEP * diameter
        and abs(slope + curvature + shift)
        <= IDENTITY_TOL * (abs(slope) + abs(curvature) + abs(shift))
    ):
        return None
    return step, nu


def _singular_step(
    H: np.ndarray, g: np.ndarray, A: np.ndarray, tolerances: tuple[float, float]
) -> tuple[np.ndarray, np.ndarray | None, bool]:
    """:func:`_subproblem` through the null space ``Z`` of ``A`` and the eigenvectors of ``Z'HZ``.

    If the reduced gradient has a component along zero-curvature eigenvectors
    the subproblem is unbounded below: the descent direction of zero curvature
    is returned (with ``unbounded=True``). Otherwise the minimiser, from the
    pseudo-inverse on the positive-curvature eigenvectors.
    """
    curvature_tol, gradient_tol = tolerances
    face = _Face(A)
    Z = face.Z
    if Z.shape[1] == 0:
        return np.zeros(g.size), face.multipliers(g), False
    values, vectors = np.linalg.eigh(Z.T @ H @ Z)
    slope = vectors.T @ (Z.T @ g)
    flat = values <= curvature_tol
    if flat.any() and np.abs(slope[flat]).max() > gradient_tol:
        ray = -(Z @ (vectors[:, flat] @ slope[flat]))
        return ray / np.abs(ray).max(), None, True
    curved = ~flat
    step = -(Z @ (vectors[:, curved] @ (slope[curved] / values[curved])))
    return step, face.multipliers(g + H @ step), False


def _step_length(
    x: np.ndarray,
    step: np.ndarray,
    lo: np.ndarray,
    hi: np.ndarray,
    diameter: float,
    A: np.ndarray,
) -> tuple[float, int]:
    """:func:`_ratio_test`, never blocking on a bound that would make the working set dependent.

    In exact arithmetic a blocking variable always leaves the other free columns
    of ``A`` with full row rank; when rounding makes a tiny component block
    instead, that component is dropped from ``step`` (in place) and the test rerun.
    """
    while True:
        alpha, k = _ratio_test(x, step, lo, hi, diameter)
        if alpha == np.inf or _independent_without(A, k, step):
            return alpha, k
        step[k] = 0.0


def _independent_without(A: np.ndarray, k: int, step: np.ndarray) -> bool:
    """Whether the columns of A other than k still have full row rank."""
    if A.shape[0] == 0 or abs(step[k]) >= COMPONENT_TOL * np.abs(step).max():
        return True  # a substantial component of a null-space step cannot break the rank
    return _full_row_rank(np.delete(A, k, axis=1))


def _full_row_rank(A: np.ndarray) -> bool:
    """Whether A (a subset of columns of orthonormal rows) has full row rank, up to RANK_TOL."""
    m, n = A.shape
    return m == 0 or (n >= m and np.linalg.svd(A, compute_uv=False)[-1] > RANK_TOL)


def _ratio_test(
    x: np.ndarray, step: np.ndarray, lo: np.ndarray, hi: np.ndarray, diameter: float
) -> tuple[float, int]:
    """Largest ``alpha`` with ``lo <= x + alpha * step <= hi`` and the blocking position.

    Step components below ``STEP_TOL`` times the larger of the step and the box
    diameter are rounding noise (e.g. a step that is zero in exact arithmetic)
    and cannot block.
    """
    if not x.size:
        return np.inf, 0
    significant = np.abs(step) > STEP_TOL * max(float(np.abs(step).max()), diameter)
    bound = np.where(step < 0, lo, hi)
    room = np.divide(bound - x, step, out=np.full(x.size, np.inf), where=significant)
    k = int(np.argmin(room))
    return max(float(room[k]), 0.0), k
