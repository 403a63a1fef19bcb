"""Child process of the start-up benchmarks: start one app headless, report its first paint.

Run as ``python benchmarks/first_paint_child.py KIND [ARGS...]`` by :mod:`benchmarks.startup`,
once per measured run, in a fresh interpreter. KIND is

- ``minimal``: a Textual app with a ``Header``, a ``Footer`` and one ``Static``, the baseline;
- ``acttutor``: the ``acttutor`` command itself, ``acttutor.cli.main(ARGS)`` — argument parsing,
  ``make_app(...)`` and ``app.run()`` exactly as the installed command does them;
  ARGS ``[]`` opens home, ``["quiz", ...]`` starts a quiz.

The two differ only in what they run: both go through the same two hooks installed here on
``textual.app.App`` before anything else happens.

- ``App.run`` runs headless at 120×40 (no terminal is needed, so the figure is not a terminal's).
- ``App._display`` is where a screen hands a finished frame (a compositor update) to the driver.
  Headless, Textual skips turning the frame into terminal bytes; the hook does that step anyway
  (``render_segments``), so the measured time includes producing the frame as a real terminal run
  would. When the frame just produced is the one the run waits for, the hook writes ``PAINTED``
  on stdout and ends the process at once (``os._exit``: tear-down is not part of the figure).

What "the frame the run waits for" is, per target:

- ``minimal``: the first frame of a screen holding the ``Static`` and the Footer's keys;
- ``home``: the first frame of acttutor's ``HomeScreen`` with its lesson list on screen (the
  course is loaded, from the compiled cache or, on a first start, from the content files);
- ``question``: the first frame of the ``QuizScreen`` in which the question's prompt and its answer
  widget have a place on screen (they are in the compositor's map of the frame just rendered).

The parent process times from just before spawning this process to the moment it reads the
``PAINTED`` line.
"""

from __future__ import annotations

import os
import sys
from typing import Any

MARKER = b"PAINTED\n"
SIZE = (120, 40)


def _frame_text(app: Any, renderable: Any) -> str:
    """The text a terminal would receive for a frame (the step ``App._display`` skips headless)."""
    from textual._compositor import CompositorUpdate

    if isinstance(renderable, CompositorUpdate):
        return renderable.render_segments(app.console)
    segments = app.console.render(renderable)
    return app.console._render_buffer(segments)


def _is_target(target: str, app: Any, screen: Any) -> bool:
    if screen is not app.screen:
        return False
    visible = screen._compositor.visible_widgets
    if target == "minimal":
        from textual.widgets import Static

        statics = screen.query(Static)
        return bool(statics) and statics.first() in visible and _footer_keys_shown(screen)
    name = type(screen).__name__
    if target == "home":
        if name != "HomeScreen":
            return False
        outline = screen.query("#outline")
        return (bool(outline) and outline.first() in visible
                and outline.first().option_count > 0 and _footer_keys_shown(screen))
    if target == "question":
        if name != "QuizScreen" or getattr(screen, "phase", None) != "asking":
            return False
        parts = [*screen.query(".q-prompt"), *screen.query("#q-answer")]
        return len(parts) == 2 and all(part in visible for part in parts)
    raise SystemExit(f"unknown target {target!r}")


def _footer_keys_shown(screen: Any) -> bool:
    """The screen's Footer has composed its keys (it does so after the first refresh)."""
    return any(True for _ in screen.query("Footer FooterKey"))


def install_hooks(target: str) -> None:
    """Run every app headless and stop the process right after the target frame is produced."""
    from textual.app import App

    original_run = App.run
    original_display = App._display

    def run(self: App[Any], *args: Any, **kwargs: Any) -> Any:
        kwargs["headless"] = True
        kwargs["size"] = SIZE
        return original_run(self, *args, **kwargs)

    def display(self: App[Any], screen: Any, renderable: Any) -> None:
        original_display(self, screen, renderable)
        if renderable is None or self._batch_count:
            return
        _frame_text(self, renderable)
        if _is_target(target, self, screen):
            os.write(1, MARKER)
            os._exit(0)

    App.run = run  # type: ignore[method-assign]
    App._display = display  # type: ignore[method-assign]


def main(argv: list[str]) -> int:
    """``minimal`` or ``acttutor TARGET [ARGS...]``."""
    kind = argv[0]
    if kind == "minimal":
        install_hooks("minimal")
        from textual.app import App, ComposeResult
        from textual.widgets import Footer, Header, Static

        class MinimalApp(App[None]):
            BINDINGS = [("q", "quit", "quit")]

            def compose(self) -> ComposeResult:
                yield Header()
                yield Static("Hello from a minimal Textual app.")
                yield Footer()

        MinimalApp().run()
    elif kind == "acttutor":
        install_hooks(argv[1])
        from acttutor.cli import main as acttutor_main

        acttutor_main(argv[2:])
    else:
        raise SystemExit(f"unknown kind {kind!r}")
    # The app exited without ever producing the frame: the parent sees no marker.
    return 3


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
