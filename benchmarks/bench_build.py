"""Build time of the book: a clean build (execution cache emptied), a cached rebuild, and the
execution time of each chapter in the clean build (as the execution cache records it); then a
rebuild after a prose edit in one chapter (its file touched: re-read, its cells found in the
execution cache) and the student edition built after the teacher one (sharing its cache).

Uses the Makefile's own build commands (make html, make student). Targets: clean build under
90 s, cached rebuild under 15 s, prose edit under 20 s, student edition under 25 s on the 2-core
reference machine.

Run: .venv/bin/python benchmarks/bench_build.py
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
EXECUTION_CACHE = ROOT / "_build" / ".jupyter_cache"


#: The chapter whose prose is "edited" (touched) for the rebuild after a prose edit.
EDITED_CHAPTER = ROOT / "book" / "03_emerging_markets.md"


def _timed_build(target: str = "html") -> float:
    start = time.perf_counter()
    subprocess.run(
        ["make", "-s", target, f"BIN={Path(sys.executable).parent}"],
        cwd=ROOT, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    return time.perf_counter() - start


def _execution_seconds() -> list[dict]:
    """Each page's execution time in the last build that ran it, from the execution cache."""
    from jupyter_cache import get_cache

    records = get_cache(str(EXECUTION_CACHE)).list_cache_records()
    return [
        {"benchmark": f"  executing {Path(record.uri).name}", "seconds": record.data["execution_seconds"], "target_s": None}
        for record in sorted(records, key=lambda record: record.uri)
    ]


def main() -> list[dict]:
    shutil.rmtree(ROOT / "_build", ignore_errors=True)
    clean = _timed_build()
    per_chapter = _execution_seconds()
    cached = _timed_build()
    EDITED_CHAPTER.touch()
    edited = _timed_build()
    student = _timed_build("student")
    return [
        {"benchmark": "book build, clean", "seconds": clean, "target_s": 90.0},
        *per_chapter,
        {"benchmark": "book build, cached, nothing changed", "seconds": cached, "target_s": 15.0},
        {"benchmark": "book build, prose edit in chapter 3", "seconds": edited, "target_s": 20.0},
        {"benchmark": "student edition after the teacher one", "seconds": student, "target_s": 25.0},
    ]


if __name__ == "__main__":
    for row in main():
        target = f"   (target < {row['target_s']:.0f} s)" if row["target_s"] else ""
        print(f"{row['benchmark']:<40} {row['seconds']:6.1f} s{target}")
