"""Run every benchmark (each benchmarks/bench_*.py with a main()) and print one table: make bench.

The clean build runs first, so that the page-weight benchmark measures a fresh site.
"""

from __future__ import annotations

import importlib
from pathlib import Path

FIRST = "bench_build"


def _modules() -> list[str]:
    names = sorted(path.stem for path in Path(__file__).parent.glob("bench_*.py"))
    return [FIRST] + [name for name in names if name != FIRST]


if __name__ == "__main__":
    for name in _modules():
        print(f"== {name}")
        for row in importlib.import_module(name).main():
            print("   " + "   ".join(f"{key}={value:.3f}" if isinstance(value, float) else f"{key}={value}"
                                      for key, value in row.items()))
