"""Figures (a measurement against its budget), small statistics and the printed table."""

from __future__ import annotations

import math
import statistics
from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class Figure:
    """One measured figure: what, how much, the budget, whether it holds, and how it was taken."""

    name: str
    measured: str
    budget: str
    passed: bool
    detail: str = ""


def median(values: Sequence[float]) -> float:
    """The median (the mean of the middle two for an even count)."""
    return statistics.median(values)


def percentile(values: Sequence[float], fraction: float) -> float:
    """The nearest-rank percentile: the smallest value with at least ``fraction`` of the values at
    or below it (p95 of 200 samples is the 190th smallest)."""
    ordered = sorted(values)
    rank = max(1, math.ceil(fraction * len(ordered)))
    return ordered[rank - 1]


def ms(seconds: float) -> str:
    """Seconds as milliseconds for the table: ``412 ms``, ``3.1 ms``."""
    value = seconds * 1000
    return f"{value:.0f} ms" if value >= 100 else f"{value:.1f} ms"


def render_table(figures: Sequence[Figure]) -> str:
    """The figures as a plain-text table with a header row, then each figure's method notes."""
    header = ("#", "figure", "measured", "budget", "result")
    rows = [
        (str(i), f.name, f.measured, f.budget, "PASS" if f.passed else "FAIL")
        for i, f in enumerate(figures, start=1)
    ]
    widths = [max(len(row[c]) for row in [header, *rows]) for c in range(len(header))]

    def line(cells: Sequence[str]) -> str:
        padded = (cell.ljust(width) for cell, width in zip(cells, widths, strict=True))
        return "  ".join(padded).rstrip()

    out = [line(header), line(["-" * w for w in widths]), *(line(row) for row in rows)]
    return "\n".join(out)
