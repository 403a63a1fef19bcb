"""acttutor's benchmark suite: start-up, first question, redraw latency, content scale, memory.

Run it with ``uv run python -m benchmarks`` (``--quick`` for fewer repetitions). It is not part of
the test run: tests assert behaviour, this suite measures time and memory against budgets, prints
one table and exits 1 when a budget fails. See :mod:`benchmarks.__main__`.
"""

from __future__ import annotations
