"""Timing of chapter 6's computations (assetalloc.capstone) with the chapter's assumptions.

Times, with timeit (several repeats; median and best per call):

* ``capstone_assumptions``: the six-asset assumption set built from the cited data
  (GPIF 2008/2004 base, hedged foreign bonds, emerging stocks), uncached: what a move of an
  assumption control to a new position costs (the data are read once per session);
* ``build_allocation`` for a full set of choices (GDP blend, emerging markets, foreign
  bonds half hedged, a contraction tilt);
* one ``allocation_summary`` (weights, frontier of 40 points, the efficient portfolio with
  the same return, risk contributions, tracking error), as the dashboard computes it on
  each move of a choice (the frontier of an assumption set is computed once and reused);
* the same after a move of an assumption control: a new assumption set and its frontier.

Targets: assumptions under 20 ms (a new lever position on the dashboard),
weights under 10 ms, one summary under 60 ms in either case (a
dashboard move's model must leave time for the figure within the 150 ms widget budget
where the machine allows; the four-panel figure itself is timed by bench_widgets).

Run ``python benchmarks/bench_capstone.py``; ``main()`` returns the rows as dicts.
"""

from __future__ import annotations

from assetalloc import capstone
from assetalloc.capstone import Choices, Investor
from timing import print_cases, timed_cases

ASSUMPTIONS_TARGET_MS = 20.0
WEIGHTS_TARGET_MS = 10.0
SUMMARY_TARGET_MS = 60.0


def main() -> list[dict]:
    """Run the timings and return one dict per case (times in milliseconds)."""
    assumptions = capstone.capstone_assumptions()
    choices = Choices(stock_share=0.6, blend=0.5, include_emerging=True, foreign_bond_share=0.5,
                      hedge_ratio=0.5, regime="contraction", tilt_size=1.0)
    investor = Investor()
    levers = capstone.lever_defaults()

    def uncached_assumptions() -> capstone.Assumptions:
        return capstone._capstone_assumptions.__wrapped__(*levers)

    cases = [
        ("capstone_assumptions, 6 assets, uncached", uncached_assumptions, ASSUMPTIONS_TARGET_MS),
        ("build_allocation, all choices", lambda: capstone.build_allocation(choices), WEIGHTS_TARGET_MS),
        (f"allocation_summary, {capstone.FRONTIER_POINTS}-point frontier",
         lambda: capstone.allocation_summary(choices, investor, assumptions), SUMMARY_TARGET_MS),
        ("allocation_summary, new assumptions and frontier",
         lambda: capstone.allocation_summary(choices, investor, uncached_assumptions()), SUMMARY_TARGET_MS),
    ]
    return timed_cases(cases)


if __name__ == "__main__":
    print_cases(main())
