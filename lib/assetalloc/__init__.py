"""assetalloc: the computing library behind the open course on asset allocation.

Modules, one per concept:

- :mod:`assetalloc.risk` -- covariance, portfolio risk, risk contributions, loss budgets
- :mod:`assetalloc.optimise` -- exact long-only mean-variance optimisation and the efficient frontier
- :mod:`assetalloc.data` -- the small cited datasets shipped with the package
- :mod:`assetalloc.style` -- the one figure style and colour-blind-safe palette
- :mod:`assetalloc.widgets` -- the interactive figures of the chapters

Units: returns and risks are annualised decimals inside the library (0.2215 is 22.15%).
"""

__version__ = "0.1.0"
