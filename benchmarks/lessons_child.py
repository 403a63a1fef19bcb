"""Child process of the memory benchmark: a headless session that opens every lesson once.

Run as ``python benchmarks/lessons_child.py`` by :mod:`benchmarks.memory` with a temporary
``ACTTUTOR_DATA_DIR``. It builds the app with ``make_app(...)`` as the ``acttutor`` command does
(the course and the progress store load in the app's own worker), runs it headless at 120×40,
waits for the course, then opens each lesson of the course in turn from the home screen, lets it
paint, presses → and + once (the probe moves and a parameter changes, if the activation has
one), and goes back with Escape. It prints ``LESSONS n`` (lessons opened) and ``PEAK_RSS_KIB k``,
its own peak resident set size (see :func:`peak_rss_kib`).
"""

from __future__ import annotations

import asyncio
import sys

SIZE = (120, 40)


async def _session() -> int:
    from acttutor.app import make_app

    app = make_app()
    opened = 0
    async with app.run_test(size=SIZE) as pilot:
        for _ in range(3000):
            if app.course is not None and app.store is not None:
                break
            await pilot.pause(0.01)
        if app.course is None:
            raise SystemExit("the course never loaded")
        await pilot.pause()
        from acttutor.screens.home import HomeScreen
        from acttutor.screens.lesson import LessonScreen

        for lesson in app.course.lessons:
            app.open_lesson(lesson.id)
            await pilot.pause()
            if not isinstance(app.screen, LessonScreen):
                raise SystemExit(f"lesson {lesson.id} did not open")
            await pilot.press("right", "plus")
            await pilot.pause()
            await pilot.press("escape")
            await pilot.pause()
            if not isinstance(app.screen, HomeScreen):
                raise SystemExit(f"escape from lesson {lesson.id} did not return home")
            opened += 1
    return opened


def peak_rss_kib() -> int:
    """This process's peak resident set size in KiB.

    Linux: ``VmHWM`` from /proc/self/status, which belongs to this program alone (``exec``
    starts it afresh). ``ru_maxrss`` would also count the spawning process's memory at fork time.
    Elsewhere: ``ru_maxrss`` (bytes on macOS).
    """
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except OSError:
        pass
    import resource

    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak // 1024 if sys.platform == "darwin" else peak


def main() -> int:
    """Run the session; report how many lessons it opened and the peak RSS."""
    opened = asyncio.run(_session())
    print(f"LESSONS {opened}", flush=True)
    print(f"PEAK_RSS_KIB {peak_rss_kib()}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
