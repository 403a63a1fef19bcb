"""Regenerate the README's screenshots from the app itself: ``uv run python -m tools.screenshots``.

Each picture is an SVG that Textual saves from a headless run (the same pilot the UI tests use),
with a fresh progress store in a temporary folder, so the pictures show what a new learner sees
and stay true as the screens change. They are written to ``docs/screenshots/``.
"""

from __future__ import annotations

import argparse
import asyncio
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from acttutor.app import (
    QuizRequest,
    StartForward,
    StartHome,
    StartLesson,
    StartQuiz,
    StartRequest,
    make_app,
)
from acttutor.course.loader import load_course
from acttutor.progress import ProgressStore

OUT = Path(__file__).resolve().parent.parent / "docs" / "screenshots"


@dataclass(frozen=True)
class Shot:
    """One picture: where the tutor starts, the keys pressed, the terminal size."""

    name: str
    start: StartRequest
    keys: Sequence[str] = ()
    size: tuple[int, int] = (120, 36)
    lang: str = "en"
    title: str = field(default="")


SHOTS = (
    Shot("home", StartHome(), title="Home: the lessons, the explorer, the forward pass, the quiz"),
    Shot(
        "lesson", StartLesson("leaky-relu-family"), ("left",) * 6 + ("plus",),
        title="A lesson beside its chart, with the x probe and the parameter panel",
    ),
    Shot(
        "explorer", StartHome(), ("e", "left", "left", "left", "left"),
        title="The explorer: three activations overlaid, compared at the probe",
    ),
    Shot(
        "forward", StartForward(), ("space",) * 5 + ("b",) + ("space",) * 3,
        title="The worked forward pass, with the backward pass switched on",
    ),
    Shot(
        "quiz", StartQuiz(QuizRequest(lessons=("sigmoid",), count=5, seed=3)), ("1", "enter"),
        title="A quiz question after answering: the verdict, the explanation, the next review",
    ),
    Shot("home-ko", StartHome(), lang="ko", title="홈 화면 (한국어)"),
    Shot("lesson-ko", StartLesson("sigmoid"), ("right", "right"), lang="ko",
         title="시그모이드 레슨 (한국어)"),
)


async def take(shot: Shot, data: Path) -> Path:
    """Run the tutor headless for ``shot`` and save its screen as an SVG."""
    course = load_course()
    with ProgressStore.open(data / shot.name) as store:
        app = make_app(course=course, store=store, start=shot.start, lang=shot.lang)
        async with app.run_test(size=shot.size) as pilot:
            await pilot.pause()
            await app.workers.wait_for_complete()
            for key in shot.keys:
                await pilot.press(key)
                await pilot.pause()
                await app.workers.wait_for_complete()
            await pilot.pause()
            OUT.mkdir(parents=True, exist_ok=True)
            path = OUT / f"{shot.name}.svg"
            app.save_screenshot(filename=path.name, path=str(OUT))
    return path


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("names", nargs="*", help="only these shots (default: all)")
    args = parser.parse_args(argv)
    chosen = [s for s in SHOTS if not args.names or s.name in args.names]
    with tempfile.TemporaryDirectory() as folder:
        for shot in chosen:
            path = asyncio.run(take(shot, Path(folder)))
            print(f"{path.relative_to(OUT.parent.parent)}  {shot.title}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
