"""Figure 5: peak memory (resident set size) of a headless session that opens every lesson once.

The session runs in its own fresh interpreter (:mod:`benchmarks.lessons_child`), which reports its
own peak RSS: on Linux the kernel's high-water mark for that program (``VmHWM``). The child's
``ru_maxrss`` seen by this process (``wait4``) is also read, and the figure uses it only where
``VmHWM`` is missing: ``ru_maxrss`` includes the memory the child shared with this process when it
was forked, which after the content-scale benchmark can be more than the session itself.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

from benchmarks.figures import Figure

CHILD = Path(__file__).with_name("lessons_child.py")
REPO = Path(__file__).resolve().parent.parent
BUDGET_MIB = 120.0


@dataclass(frozen=True)
class PeakMemory:
    """Peak RSS of the session in MiB and the number of lessons it opened."""

    mib: float
    lessons: int


def measure() -> PeakMemory:
    """Run the session once and read its peak RSS."""
    with tempfile.TemporaryDirectory(prefix="acttutor-bench-") as tmp:
        env = {**os.environ, "ACTTUTOR_DATA_DIR": tmp}
        out_path, err_path = Path(tmp) / "stdout", Path(tmp) / "stderr"
        with out_path.open("wb") as out_file, err_path.open("wb") as err_file:
            proc = subprocess.Popen(
                [sys.executable, str(CHILD)], stdout=out_file, stderr=err_file, env=env, cwd=REPO,
            )
            # wait4 rather than Popen.wait: it also returns the child's own resource usage.
            _, status, usage = os.wait4(proc.pid, 0)
            proc.returncode = os.waitstatus_to_exitcode(status)
        out = out_path.read_text(errors="replace")
        err = err_path.read_text(errors="replace")
    lessons = 0
    kib = float(usage.ru_maxrss if sys.platform != "darwin" else usage.ru_maxrss / 1024)
    for line in out.splitlines():
        if line.startswith("LESSONS "):
            lessons = int(line.split()[1])
        elif line.startswith("PEAK_RSS_KIB "):
            kib = float(line.split()[1])
    if proc.returncode != 0 or lessons == 0:
        raise RuntimeError(f"lesson session failed (exit {proc.returncode}):\n{err[-2000:]}")
    return PeakMemory(kib / 1024, lessons)


def figures(peak: PeakMemory) -> list[Figure]:
    """Figure 5."""
    return [Figure(
        f"peak RSS, session opening all {peak.lessons} lessons",
        f"{peak.mib:.1f} MiB",
        f"≤ {BUDGET_MIB:.0f} MiB",
        peak.mib <= BUDGET_MIB,
    )]
