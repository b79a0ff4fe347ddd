"""Widget update latency: one control move, model and figure (PNG) included.

Every control of every widget is swept through its range (both extremes and
nine positions between); each move is timed end to end, from setting the
control's value to the new PNG being ready. Target: under 150 ms median.

Run: .venv/bin/python benchmarks/bench_widgets.py
"""

from __future__ import annotations

import importlib
import pkgutil
import statistics
import time

import assetalloc.widgets
from assetalloc.widgets.base import FigureWidget, control_positions

TARGET_MS = 150.0


def chapter_widgets() -> dict[str, FigureWidget]:
    """Every chapter's widgets: each module of assetalloc.widgets with a default_widgets()."""
    found = {}
    for module_info in pkgutil.iter_modules(assetalloc.widgets.__path__):
        module = importlib.import_module(f"assetalloc.widgets.{module_info.name}")
        if hasattr(module, "default_widgets"):
            found |= {f"{module_info.name}.{name}": widget for name, widget in module.default_widgets().items()}
    return found


def main() -> list[dict]:
    results = []
    for name, widget in chapter_widgets().items():
        timings = []
        for control in widget.controls.values():
            for value in control_positions(control):
                start = time.perf_counter()
                control.value = value
                timings.append((time.perf_counter() - start) * 1e3)
        results.append(
            {
                "benchmark": f"widget update: {name}",
                "median_ms": statistics.median(timings),
                "worst_ms": max(timings),
                "moves": len(timings),
                "target_ms": TARGET_MS,
            }
        )
    return results


if __name__ == "__main__":
    for row in main():
        print(f"{row['benchmark']:<32} median {row['median_ms']:7.1f} ms   worst {row['worst_ms']:7.1f} ms"
              f"   ({row['moves']} moves, target < {row['target_ms']:.0f} ms median)")
