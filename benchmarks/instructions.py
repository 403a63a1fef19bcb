"""Figures 1 and 2 counted in instructions instead of time (``--instructions``; needs valgrind).

A shared machine's speed drifts by ±15 % between runs, which is as large as the margins the
start-up budgets leave. The number of instructions a process executes up to its first painted
frame does not drift: this runs each kind of start once under ``valgrind --tool=callgrind``
(after a plain warm-up run that writes the bytecode cache, as in
:mod:`benchmarks.startup`) and compares the counts with the minimal app's. The children, their
environment and the frame they wait for are exactly those of :mod:`benchmarks.startup`; the quiz
runs use seeds 1–3 (a choice, a choice and a generated question first) and report their median.
Instruction counts are not time (a cache miss costs more than an addition), but on one machine
their ratios track the time ratios closely and repeat to within a fraction of a percent.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from benchmarks.figures import Figure, median
from benchmarks.startup import (
    CHILD,
    FIRST_BUDGET,
    HOME_BUDGET,
    QUIZ_BUDGET,
    REPO,
    child_environments,
)

TIMEOUT = 600.0
_COLLECTED = re.compile(rb"Collected\s*:\s*(\d+)")


def available() -> bool:
    """True when valgrind is installed."""
    return shutil.which("valgrind") is not None


def count(args: list[str], env: dict[str, str], *, warm_up: bool = True) -> int:
    """Instructions a child executes until it reports its target frame (after a warm-up run
    that writes the bytecode cache, unless they are warm already)."""
    command = [sys.executable, str(CHILD), *args]
    if warm_up:
        subprocess.run(command, env=env, cwd=REPO, capture_output=True, timeout=TIMEOUT,
                       check=True)
    result = subprocess.run(
        ["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null", *command],
        env=env, cwd=REPO, capture_output=True, timeout=TIMEOUT,
    )
    found = _COLLECTED.search(result.stderr)
    if result.returncode != 0 or found is None:
        tail = result.stderr.decode(errors="replace")[-1500:]
        raise RuntimeError(f"valgrind run of {' '.join(args)} failed:\n{tail}")
    return int(found.group(1))


def measure() -> dict[str, int]:
    """Instruction counts: minimal, home, quiz (median over seeds 1–3), and a first start (home
    with empty data and cache folders: no warm-up run)."""
    with tempfile.TemporaryDirectory(prefix="acttutor-bench-") as tmp:
        envs = child_environments(Path(tmp))
        minimal = count(["minimal"], envs["minimal"])
        home = count(["acttutor", "home"], envs["home"])
        quiz = int(median([
            count(["acttutor", "question", "quiz", "--seed", str(seed)], envs["quiz"],
                  warm_up=seed == 1)
            for seed in (1, 2, 3)
        ]))
        first = count(["acttutor", "home"], envs["first"], warm_up=False)
    return {"minimal": minimal, "home": home, "quiz": quiz, "first": first}


def figures(counts: dict[str, int]) -> list[Figure]:
    """Figures 1 and 2 as instruction ratios, against the same budgets."""
    base = counts["minimal"]
    home, quiz, first = (counts[kind] / base for kind in ("home", "quiz", "first"))
    return [
        Figure(
            "start-up → home's lesson list (instructions)",
            f"{counts['home'] / 1e9:.3f} G = {home:.2f}× minimal ({base / 1e9:.3f} G)",
            f"≤ {HOME_BUDGET}× minimal",
            home <= HOME_BUDGET,
            "valgrind callgrind, one run each after a warm-up run",
        ),
        Figure(
            "acttutor quiz → 1st question (instructions)",
            f"{counts['quiz'] / 1e9:.3f} G = {quiz:.2f}× minimal",
            f"≤ {QUIZ_BUDGET}× minimal",
            quiz <= QUIZ_BUDGET,
            "median of seeds 1–3",
        ),
        Figure(
            "first start → home's lesson list (instructions)",
            f"{counts['first'] / 1e9:.3f} G = {first:.2f}× minimal",
            f"≤ {FIRST_BUDGET}× minimal",
            first <= FIRST_BUDGET,
            "empty data and cache folders, no warm-up run",
        ),
    ]
