"""Figure 3: redraw latency in the explorer at 120×40 — key press → the changed widgets repainted.

In-process and headless (``App.run_test(size=(120, 40))``), in the explorer with three activations
overlaid (leaky ReLU, GELU, sigmoid: six curves drawn by plotext; the keys change leaky ReLU's
``negative_slope``), the app built by ``make_app`` with the built-in course and a fresh progress
store in a temporary folder. Two series of key presses, each timed on its own:

- parameter change: ``+`` ``+`` ``+`` ``+`` ``+`` ``−`` ``−`` ``−`` ``−`` ``−`` repeated (the
  slope moves up and down by its step; it never sticks at a bound);
- probe move: ``→`` ×10 then ``←`` ×10, repeated.

One press is timed from the moment its key event is dispatched (the first message pump to process
the ``Key`` event, the app, seen through ``run_test``'s ``message_hook``) to the end of the screen
update that paints the last of the widgets that change — for a parameter change the chart and the
parameter panel, for a probe move the chart (its probe marker) and the readings table. A widget
counts as repainted when the compositor has asked it for its lines (``render_lines``, which it
does only for widgets whose region is being repainted) after the key was dispatched, and an
update ends when ``App._display`` returns. Headless, Textual skips turning an update into terminal
bytes; the hook does that work (``render_segments``) inside the timed span, as a real terminal run
would. The pilot's own waits (``pilot.press`` waits for idle, then ``pilot.pause()`` before the
next press) come after the timed span ends and are not counted. 20 unmeasured presses of each kind
warm up first.
"""

from __future__ import annotations

import asyncio
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from benchmarks.figures import Figure, median, ms, percentile

FIRST = "leaky_relu"
SIZE = (120, 40)
BUDGET_PARAM_P95 = 0.050
BUDGET_PROBE_P95 = 0.016
PARAM_CYCLE = ["plus"] * 5 + ["minus"] * 5
PROBE_CYCLE = ["right"] * 10 + ["left"] * 10


@dataclass(frozen=True)
class Latencies:
    """Seconds from key dispatch to the end of the paint, one per press."""

    param: tuple[float, ...]
    probe: tuple[float, ...]
    param_cpu: tuple[float, ...] = ()
    """CPU seconds of this process over the same spans (steadier than wall time under load)."""
    probe_cpu: tuple[float, ...] = ()


class _Stopwatch:
    """Timestamps a key's dispatch and the end of the update that repaints the watched widgets."""

    def __init__(self) -> None:
        self.key: Any = None
        self.started = 0.0
        self.started_cpu = 0.0
        self.elapsed_cpu = 0.0
        self.waiting: set[Any] = set()
        self.watched: set[Any] = set()
        self.elapsed: float | None = None

    def arm(self, watched: set[Any]) -> None:
        self.key = None
        self.started = 0.0
        self.watched = watched
        self.waiting = set(watched)
        self.elapsed = None

    def on_message(self, message: Any) -> None:
        from textual import events

        if isinstance(message, events.Key) and self.key is None and self.watched:
            self.key = message
            self.started = time.perf_counter()
            self.started_cpu = time.process_time()

    def rendered(self, widget: Any) -> None:
        if self.key is not None:
            self.waiting.discard(widget)

    def displayed(self) -> None:
        if self.key is not None and not self.waiting and self.elapsed is None:
            self.elapsed = time.perf_counter() - self.started
            self.elapsed_cpu = time.process_time() - self.started_cpu


def _watch_render(widget: Any, stopwatch: _Stopwatch) -> None:
    original: Callable[[Any], Any] = widget.render_lines

    def render_lines(crop: Any) -> Any:
        result = original(crop)
        stopwatch.rendered(widget)
        return result

    widget.render_lines = render_lines


def _watch_display(app: Any, stopwatch: _Stopwatch) -> None:
    from textual._compositor import CompositorUpdate

    original = app._display

    def display(screen: Any, renderable: Any) -> None:
        original(screen, renderable)
        if renderable is None or app._batch_count:
            return
        if isinstance(renderable, CompositorUpdate):
            renderable.render_segments(app.console)
        else:
            app.console._render_buffer(app.console.render(renderable))
        stopwatch.displayed()

    app._display = display


async def _measure(presses: int, data_dir: Path) -> Latencies:
    from textual.widgets import DataTable

    from acttutor.app import make_app
    from acttutor.course.loader import load_course
    from acttutor.progress import ProgressStore
    from acttutor.screens.explorer import ExplorerScreen
    from acttutor.widgets.activation_plot import ActivationPlot
    from acttutor.widgets.lab import ParamPanel

    course = load_course()
    store = ProgressStore.open(data_dir)
    stopwatch = _Stopwatch()
    app = make_app(course=course, store=store)
    try:
        async with app.run_test(size=SIZE, message_hook=stopwatch.on_message) as pilot:
            await pilot.pause()
            app.open_explorer(FIRST)
            for _ in range(200):
                if isinstance(app.screen, ExplorerScreen):
                    break
                await pilot.pause(0.01)
            screen = app.screen
            if not isinstance(screen, ExplorerScreen):
                raise RuntimeError("the explorer did not open")
            await pilot.pause()
            chart = screen.query_one(ActivationPlot)
            panel = screen.query_one(ParamPanel)
            readout = screen.query_one(DataTable)
            for widget in (chart, panel, readout):
                _watch_render(widget, stopwatch)
            _watch_display(app, stopwatch)

            async def series(
                cycle: list[str], watched: set[Any], count: int, cpu: list[float]
            ) -> list[float]:
                out = []
                for i in range(count):
                    stopwatch.arm(watched)
                    await pilot.press(cycle[i % len(cycle)])
                    for _ in range(500):
                        if stopwatch.elapsed is not None:
                            break
                        await pilot.pause(0.002)
                    if stopwatch.elapsed is None:
                        raise RuntimeError(f"key {cycle[i % len(cycle)]!r} was never repainted")
                    out.append(stopwatch.elapsed)
                    cpu.append(stopwatch.elapsed_cpu)
                    stopwatch.arm(set())
                    await pilot.pause()
                return out

            warm: list[float] = []
            param_cpu: list[float] = []
            probe_cpu: list[float] = []
            await series(PARAM_CYCLE, {chart, panel}, 20, warm)
            param = await series(PARAM_CYCLE, {chart, panel}, presses, param_cpu)
            await series(PROBE_CYCLE, {chart, readout}, 20, warm)
            probe = await series(PROBE_CYCLE, {chart, readout}, presses, probe_cpu)
    finally:
        store.close()
    return Latencies(tuple(param), tuple(probe), tuple(param_cpu), tuple(probe_cpu))


def measure(presses: int = 200) -> Latencies:
    """``presses`` timed parameter changes and as many probe moves."""
    with tempfile.TemporaryDirectory(prefix="acttutor-bench-") as tmp:
        return asyncio.run(_measure(presses, Path(tmp)))


def figures(lat: Latencies) -> list[Figure]:
    """Figure 3, one row per key kind: median and p95 against the p95 budget."""
    out = []
    for name, values, cpu, budget in (
        ("param change → chart", lat.param, lat.param_cpu, BUDGET_PARAM_P95),
        ("probe move → readout", lat.probe, lat.probe_cpu, BUDGET_PROBE_P95),
    ):
        p95 = percentile(values, 0.95)
        cpu_text = (f"; CPU median {ms(median(cpu))}, p95 {ms(percentile(cpu, 0.95))}"
                    if cpu else "")
        out.append(Figure(
            f"explorer redraw 120×40, 3 activations: {name}",
            f"median {ms(median(values))}, p95 {ms(p95)} ({len(values)} keys){cpu_text}",
            f"p95 ≤ {budget * 1000:.0f} ms",
            p95 <= budget,
        ))
    return out
