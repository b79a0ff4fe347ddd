"""assetalloc: the computing library behind the open course on asset allocation.

Modules, one per concept:

- :mod:`assetalloc.risk` -- covariance, portfolio risk, risk contributions, tracking error
- :mod:`assetalloc.losses` -- the loss budget: bad years, how much to invest, what a longer horizon changes
- :mod:`assetalloc.optimise` -- exact mean-variance optimisation, the efficient frontier, risk-aversion sweeps
- :mod:`assetalloc.sensitivity` -- implied risk aversion, how fragile an optimum is, resampling
- :mod:`assetalloc.estimation` -- risk estimates from return histories, and how precisely a history measures a mean
- :mod:`assetalloc.bonds` -- bond prices, duration and convexity, a bond index's returns from its yields
- :mod:`assetalloc.currency` -- hedged and unhedged returns, interest parity, fees
- :mod:`assetalloc.weighting` -- weights from size measures (cap, GDP, equal, blends), active weights
- :mod:`assetalloc.backtest` -- rebalancing to target weights, turnover and costs
- :mod:`assetalloc.scenarios` -- simulated markets (a stylised bubble)
- :mod:`assetalloc.tactical` -- macro regimes, tilts against a benchmark, tracking-error budgets
- :mod:`assetalloc.data` -- the small cited datasets shipped with the package, and the published inputs read from them
- :mod:`assetalloc.assumptions` -- the assumption sets the chapters optimise with, built from those datasets
- :mod:`assetalloc.capstone` -- the capstone's investor, choices and dashboard figures
- :mod:`assetalloc.compare` -- a source's printed figures beside the library's
- :mod:`assetalloc.exercises` -- checkers that give feedback on an exercise's answer without showing it
- :mod:`assetalloc.style`, :mod:`assetalloc.charts` -- one figure style and colour-blind-safe palette
- :mod:`assetalloc.widgets` -- the interactive figures of the chapters
- :mod:`assetalloc.book` -- helpers for the book itself (glue, table of contents)

Units: returns and risks are annualised decimals inside the library (0.2215 is 22.15%).
"""

__version__ = "0.1.0"
