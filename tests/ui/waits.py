"""Waiting in UI tests for what the app does, never for a length of time.

A loaded machine runs the app's workers and refreshes late: a test that pauses once and then
looks fails there. `wait_until` lets the app run (its workers to the end, its messages until
idle) until a condition holds; the only clock is a generous hang guard.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any

import pytest
from textual.worker import WorkerState

HANG_GUARD_S = 120.0
"""A wait still unmet after this long is a hang (a safety net, never what a test asserts)."""


async def wait_until(pilot: Any, condition: Callable[[], bool], what: str) -> None:
    """Run the app until `condition()` holds; fail naming `what` if it hangs instead.

    While workers run, waits for them to finish (a worker's result often arrives through
    `call_from_thread`); otherwise waits for the app to process its messages and go idle.
    """
    loop = asyncio.get_running_loop()
    deadline = loop.time() + HANG_GUARD_S
    while not condition():
        left = deadline - loop.time()
        if left <= 0:
            pytest.fail(f"still waiting for {what} after {HANG_GUARD_S:g} s (hang guard)")
        running = [w for w in pilot.app.workers if w.state == WorkerState.RUNNING]
        if running:
            waits = [asyncio.ensure_future(w.wait()) for w in running]
            done, _ = await asyncio.wait(waits, timeout=left)
            for finished in done:
                finished.result()  # a worker that failed fails the test with its error
        await pilot.pause()


def start_up_done(app: Any) -> bool:
    """The course and the progress store are there and the loader worker has finished
    (it hands over to the UI through `call_from_thread`, so its work on screen is done too)."""
    return (
        app.course is not None
        and app.store is not None
        and not any(w.group == "load" for w in app.workers)
    )
