"""Run every benchmark and print one table (make bench)."""

from __future__ import annotations

import bench_build
import bench_optimiser
import bench_widgets

if __name__ == "__main__":
    for module in (bench_optimiser, bench_widgets, bench_build):
        print(f"== {module.__name__}")
        for row in module.main():
            print("   " + "   ".join(f"{key}={value:.3f}" if isinstance(value, float) else f"{key}={value}"
                                      for key, value in row.items()))
