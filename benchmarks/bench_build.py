"""Build time of the book: a clean build (execution cache emptied), a cached rebuild, and the
execution time of each chapter in the clean build (as the execution cache records it); then a
rebuild after a prose edit in one chapter (its file touched: re-read, its cells found in the
execution cache) and the student edition built after the teacher one (sharing its cache).

Uses the Makefile's own build commands (make html, make student). Targets: clean build under
90 s, cached rebuild under 15 s, prose edit under 20 s, student edition under 25 s on the 2-core
reference machine.

One build executes each chapter once, and on a shared machine one run can take a second or more
longer than the next. So chapter 3 is also executed alone, :data:`CHAPTER_RUNS` times, as the build
executes it (jupyter-cache's executor, a new kernel each time, in the chapter's folder, with the
static pages' frames): the median of those runs is the figure for its target of 8 s.

Run: .venv/bin/python benchmarks/bench_build.py
"""

from __future__ import annotations

import os
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
EXECUTION_CACHE = ROOT / "_build" / ".jupyter_cache"


#: The chapter whose prose is "edited" (touched) for the rebuild after a prose edit, and which is also run alone.
EDITED_CHAPTER = ROOT / "book" / "03_emerging_markets.md"
#: Runs of that chapter alone.
CHAPTER_RUNS = 5
#: Its target: execution in under 8 s (median of the runs).
CHAPTER_TARGET_S = 8.0


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


def _executions_alone(chapter: Path, runs: int) -> list[float]:
    """Seconds to execute ``chapter`` alone, ``runs`` times, as the build does (a new kernel each time,
    kernel start included, with the frames the build asks for)."""
    import jupytext
    from assetalloc.widgets.frames import FRAMES_ENV
    from jupyter_cache.executors.utils import single_nb_execution

    asked = os.environ.get(FRAMES_ENV)
    os.environ[FRAMES_ENV] = "1"  # the kernel inherits it, as the build's kernels inherit it from make
    try:
        seconds = []
        for _ in range(runs):
            result = single_nb_execution(jupytext.read(chapter), cwd=str(chapter.parent), timeout=300,
                                         allow_errors=False)
            if result.err is not None:
                raise result.err
            seconds.append(result.time)
        return seconds
    finally:
        if asked is None:
            del os.environ[FRAMES_ENV]
        else:
            os.environ[FRAMES_ENV] = asked


def main() -> list[dict]:
    shutil.rmtree(ROOT / "_build", ignore_errors=True)
    clean = _timed_build()
    per_chapter = _execution_seconds()
    cached = _timed_build()
    EDITED_CHAPTER.touch()
    edited = _timed_build()
    student = _timed_build("student")
    alone = _executions_alone(EDITED_CHAPTER, CHAPTER_RUNS)
    return [
        {"benchmark": "book build, clean", "seconds": clean, "target_s": 90.0},
        *per_chapter,
        {"benchmark": "book build, cached, nothing changed", "seconds": cached, "target_s": 15.0},
        {"benchmark": "book build, prose edit in chapter 3", "seconds": edited, "target_s": 20.0},
        {"benchmark": "student edition after the teacher one", "seconds": student, "target_s": 25.0},
        {"benchmark": f"chapter 3 alone, median of {CHAPTER_RUNS} runs", "seconds": statistics.median(alone),
         "target_s": CHAPTER_TARGET_S},
        {"benchmark": "  its slowest run (all: " + ", ".join(f"{run:.1f}" for run in alone) + " s)",
         "seconds": max(alone), "target_s": None},
    ]


if __name__ == "__main__":
    for row in main():
        target = f"   (target < {row['target_s']:.0f} s)" if row["target_s"] else ""
        print(f"{row['benchmark']:<40} {row['seconds']:6.1f} s{target}")
