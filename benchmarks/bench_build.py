"""Build time of the book: a clean build (execution cache emptied) and a cached rebuild.

Uses the Makefile's own build command (make html). Targets: clean build under
90 s, cached rebuild under 15 s on the 2-core reference machine.

Run: .venv/bin/python benchmarks/bench_build.py
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _timed_build() -> float:
    start = time.perf_counter()
    subprocess.run(
        ["make", "-s", "html", f"BIN={Path(sys.executable).parent}"],
        cwd=ROOT, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    return time.perf_counter() - start


def main() -> list[dict]:
    shutil.rmtree(ROOT / "_build", ignore_errors=True)
    clean = _timed_build()
    cached = _timed_build()
    return [
        {"benchmark": "book build, clean", "seconds": clean, "target_s": 90.0},
        {"benchmark": "book build, cached, nothing changed", "seconds": cached, "target_s": 15.0},
    ]


if __name__ == "__main__":
    for row in main():
        print(f"{row['benchmark']:<40} {row['seconds']:6.1f} s   (target < {row['target_s']:.0f} s)")
