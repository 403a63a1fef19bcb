"""``uv run python -m benchmarks [--quick]``: measure all five figures and print one table.

1. start-up → home painted, against a minimal Textual app (≤ 1.3×), and a first start with
   no progress store yet (≤ 2×);
2. ``acttutor quiz`` → first question painted, against the same minimal app (≤ 1.5×);
3. redraw latency in the explorer at 120×40 with three activations: parameter change (p95 ≤ 50 ms)
   and probe move (p95 ≤ 16 ms);
4. content scale: check and load of the built-in course and generated 1k/10k/50k-question
   courses (linear growth, 10k checked in ≤ 3 s), and a lesson at the size limits;
5. peak RSS of a session that opens every lesson once (≤ 120 MiB).

How each figure is taken is described in its module (``benchmarks/startup.py``, ``redraw.py``,
``content_scale.py``, ``memory.py``) and summarised under the table. The exit status is 0 when
every budget holds and 1 when any fails.
"""

from __future__ import annotations

import argparse
import os
import platform
import sys
import time
from importlib.metadata import version

from benchmarks import content_scale, instructions, memory, redraw, startup
from benchmarks.figures import Figure, render_table

METHOD = """\
How the figures are taken (details in each module's docstring):
  1-2  A fresh `python` process per run (the venv's interpreter) runs `acttutor.cli.main(...)`
       exactly as the `acttutor` command does, headless at 120x40, with temporary XDG data and
       cache folders (the warm-up run writes the bytecode cache, as a learner's first start does);
       the minimal app (Header, one Static, Footer) goes through the same harness. Time from
       spawn to the first frame that shows the target (home screen; quiz screen with the
       question's prompt and answer widget on screen), with that frame turned into terminal
       output. Runs alternate minimal / home / quiz / first start; the budget compares medians
       ("per round": the median of each round's own ratio, where a shared machine's drift
       cancels).
  3    In-process, headless 120x40, the explorer with leaky ReLU, GELU and sigmoid. From the
       key event's dispatch to the end of the screen update that repaints the chart and the
       parameter panel (parameter) or the chart's probe rows and the readings table (probe),
       frame rendered to terminal output included;
       the pilot's waits between presses are outside the timed span.
  4    In-process after a warm-up load: check = check_roots (acttutor check, every rule and
       check: fact), load = load_course / load_roots (reading the files, as every start
       does). Medians.
  5    Peak RSS (the kernel's VmHWM) of a fresh process running the app headless that opens
       each lesson from home, moves the probe, changes a parameter and goes back."""


def main(argv: list[str] | None = None) -> int:
    """Run every benchmark, print the table; exit 1 when a budget fails."""
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks", description="acttutor's benchmark suite (see module doc).",
    )
    parser.add_argument("--quick", action="store_true",
                        help="fewer repetitions (10 start-up rounds, 60 key presses, 1 repeat)")
    parser.add_argument("--instructions", action="store_true",
                        help="only figures 1 and 2, as valgrind instruction counts (no timing "
                        "noise; about 2 minutes)")
    args = parser.parse_args(argv)
    if args.instructions:
        return _instructions_only()
    rounds, presses, repeats = (10, 60, 1) if args.quick else (31, 200, 3)

    began = time.perf_counter()
    figures: list[Figure] = []
    print("measuring start-up ...", file=sys.stderr, flush=True)
    figures += startup.figures(startup.measure(rounds))
    print("measuring redraw latency ...", file=sys.stderr, flush=True)
    figures += redraw.figures(redraw.measure(presses))
    print("measuring peak memory ...", file=sys.stderr, flush=True)
    memory_figures = memory.figures(memory.measure())
    print("measuring content scale ...", file=sys.stderr, flush=True)
    figures += content_scale.figures(content_scale.measure(repeats))
    figures += memory_figures

    load = ", ".join(f"{x:.2f}" for x in os.getloadavg()) if hasattr(os, "getloadavg") else "?"
    print(
        f"acttutor benchmarks{' (--quick)' if args.quick else ''}: {os.cpu_count()} cores, "
        f"Python {platform.python_version()}, Textual {version('textual')}, "
        f"{platform.system()} {platform.machine()}, load average {load}, "
        f"took {time.perf_counter() - began:.0f} s"
    )
    print()
    print(render_table(figures))
    print()
    print(METHOD)
    failed = [f.name for f in figures if not f.passed]
    print()
    print(f"FAILED: {', '.join(failed)}" if failed else "All budgets hold.")
    return 1 if failed else 0


def _instructions_only() -> int:
    """Figures 1 and 2 in instructions (benchmarks/instructions.py)."""
    if not instructions.available():
        print("--instructions needs valgrind (e.g. apt install valgrind)", file=sys.stderr)
        return 2
    print("counting instructions (valgrind) ...", file=sys.stderr, flush=True)
    figures = instructions.figures(instructions.measure())
    print(render_table(figures))
    failed = [f.name for f in figures if not f.passed]
    print()
    print(f"FAILED: {', '.join(failed)}" if failed else "All budgets hold.")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
