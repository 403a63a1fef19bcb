"""Figures 1 and 2: process start → home with its lesson list painted, and → first quiz question
painted; and the very first start (no progress store yet) → home's lesson list.

Every run spawns a fresh interpreter (``sys.executable``, the project's venv) running
:mod:`benchmarks.first_paint_child`, and times from just before the spawn to the moment the child
reports on stdout that the target frame has been produced (see that module for exactly which
frame). Three kinds of run alternate, round by round, in a rotating order so that none always goes
first: the minimal Textual app (``Header``, one ``Static``, ``Footer``), ``acttutor`` (home with
its lesson list), ``acttutor quiz --seed N`` (first question; N = the round number, so the first
question differs from round to round as it does for learners) and ``acttutor`` on a first start.
One warm-up round is run first and discarded (it
compiles bytecode and fills the OS file cache). ``PYTHONDONTWRITEBYTECODE`` is removed from the
children's environment so that the warm-up can write the bytecode cache, as the first run of an
installed command does on a learner's machine; otherwise every run would recompile acttutor's own
modules from source (the third-party packages already have their cache), which no learner
pays. Each kind's figure is the median of its rounds; the budgets compare the medians with the
minimal app's median from the same rounds.

The runs get temporary ``XDG_DATA_HOME`` and ``XDG_CACHE_HOME`` folders (one pair per kind, kept
across its rounds), so acttutor finds its progress store through
platformdirs exactly as on a learner's machine, and every measured run but the first-start kind
is a returning learner's: the store exists and the bytecode cache was written by the warm-up run.
The first-start kind gets new empty folders for every run: the store is created, as on the day a
learner installs the tutor (bytecode is cached, as an installer compiles it).
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from benchmarks.figures import Figure, median, ms

CHILD = Path(__file__).with_name("first_paint_child.py")
REPO = Path(__file__).resolve().parent.parent
TIMEOUT = 60.0

HOME_BUDGET = 1.3
QUIZ_BUDGET = 1.5
FIRST_BUDGET = 2.0


@dataclass(frozen=True)
class StartupRuns:
    """Seconds to the target frame, per kind, in the order measured."""

    minimal: tuple[float, ...]
    home: tuple[float, ...]
    quiz: tuple[float, ...]
    first: tuple[float, ...]


def time_first_paint(args: list[str], env: dict[str, str]) -> float:
    """Spawn the child with ``args``; seconds from spawn to its PAINTED line."""
    start = time.perf_counter()
    proc = subprocess.Popen(
        [sys.executable, str(CHILD), *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        env=env, cwd=REPO,
    )
    assert proc.stdout is not None
    line = proc.stdout.readline()
    elapsed = time.perf_counter() - start
    try:
        _, err = proc.communicate(timeout=TIMEOUT)
    except subprocess.TimeoutExpired:
        proc.kill()
        _, err = proc.communicate()
    if line.strip() != b"PAINTED":
        raise RuntimeError(
            f"first-paint child {' '.join(args)} never painted its target (exit {proc.returncode})"
            f":\n{err.decode(errors='replace')[-2000:]}"
        )
    return elapsed


def child_environments(folder: Path) -> dict[str, dict[str, str]]:
    """Per kind: this environment with its own XDG data and cache folders under ``folder``, and
    without ``PYTHONDONTWRITEBYTECODE`` and acttutor's own path overrides."""
    dropped = {"PYTHONDONTWRITEBYTECODE", "ACTTUTOR_DATA_DIR", "ACTTUTOR_CACHE_DIR"}
    base = {k: v for k, v in os.environ.items() if k not in dropped}
    return {
        kind: {
            **base,
            "XDG_DATA_HOME": str(folder / kind / "data"),
            "XDG_CACHE_HOME": str(folder / kind / "cache"),
        }
        for kind in ("minimal", "home", "quiz", "first")
    }


def measure(rounds: int) -> StartupRuns:
    """``rounds`` alternating runs of each kind (after one discarded warm-up round)."""
    with tempfile.TemporaryDirectory(prefix="acttutor-bench-") as tmp:
        envs = child_environments(Path(tmp))

        def args(kind: str, round_no: int) -> list[str]:
            if kind == "minimal":
                return ["minimal"]
            if kind in ("home", "first"):
                return ["acttutor", "home"]
            return ["acttutor", "question", "quiz", "--seed", str(round_no)]

        def env(kind: str, round_no: int) -> dict[str, str]:
            if kind != "first":
                return envs[kind]
            fresh = Path(tmp) / f"first-{round_no}"
            return {**envs[kind], "XDG_DATA_HOME": str(fresh / "data"),
                    "XDG_CACHE_HOME": str(fresh / "cache")}

        kinds = ["minimal", "home", "quiz", "first"]
        for kind in kinds:
            time_first_paint(args(kind, 0), env(kind, 0))
        times: dict[str, list[float]] = {kind: [] for kind in kinds}
        for round_no in range(1, rounds + 1):
            shift = round_no % len(kinds)
            for kind in kinds[shift:] + kinds[:shift]:
                times[kind].append(time_first_paint(args(kind, round_no), env(kind, round_no)))
    return StartupRuns(*(tuple(times[kind]) for kind in kinds))


def figures(runs: StartupRuns) -> list[Figure]:
    """Figure 1 (home) and figure 2 (first question) against the minimal app."""
    base = median(runs.minimal)
    home = median(runs.home)
    quiz = median(runs.quiz)
    first = median(runs.first)
    n = len(runs.minimal)
    # The same rounds compared pairwise (runs of one round are seconds apart, so a shared
    # machine's drift mostly cancels): shown beside the budgeted ratio of medians.
    home_paired = median([h / m for h, m in zip(runs.home, runs.minimal, strict=True)])
    quiz_paired = median([q / m for q, m in zip(runs.quiz, runs.minimal, strict=True)])
    first_paired = median([f / m for f, m in zip(runs.first, runs.minimal, strict=True)])
    return [
        Figure(
            "start-up → home's lesson list painted",
            f"{ms(home)} = {home / base:.2f}× minimal ({ms(base)}); per round {home_paired:.2f}×",
            f"≤ {HOME_BUDGET}× minimal",
            home <= HOME_BUDGET * base,
            f"median of {n} alternating runs each, fresh process per run",
        ),
        Figure(
            "acttutor quiz → 1st question painted",
            f"{ms(quiz)} = {quiz / base:.2f}× minimal; per round {quiz_paired:.2f}×",
            f"≤ {QUIZ_BUDGET}× minimal",
            quiz <= QUIZ_BUDGET * base,
            f"median of {n} runs, --seed 1..{n}",
        ),
        Figure(
            "first start (no caches) → home's lesson list painted",
            f"{ms(first)} = {first / base:.2f}× minimal; per round {first_paired:.2f}×",
            f"≤ {FIRST_BUDGET}× minimal",
            first <= FIRST_BUDGET * base,
            f"median of {n} runs, new data and cache folders each",
        ),
    ]
