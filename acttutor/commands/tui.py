"""The commands that open the tutor: no command (home), ``lesson ID`` and ``quiz``."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from acttutor.core.i18n import _

if TYPE_CHECKING:
    from acttutor.app import StartRequest


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add ``lesson`` and ``quiz``."""
    lesson = subparsers.add_parser(
        "lesson",
        help=_("open one lesson in the tutor"),
        description=_("Open the tutor straight at one lesson."),
        epilog=_("example: {command}").format(command="acttutor lesson sigmoid"),
    )
    lesson.add_argument("lesson_id", metavar="ID", help=_("lesson id, e.g. relu"))
    lesson.set_defaults(run=run_lesson)

    quiz = subparsers.add_parser(
        "quiz",
        help=_("start a quiz in the tutor"),
        description=_("Open the tutor straight in a quiz."),
        epilog=_("example: {command}").format(
            command="acttutor quiz --lesson sigmoid --lesson tanh --count 10 --seed 7"),
    )
    quiz.add_argument("--lesson", action="append", dest="lessons", metavar="ID",
                      help=_("only questions of this lesson (repeatable)"))
    quiz.add_argument("--count", type=int, metavar="N", default=10,
                      help=_("number of questions (default 10)"))
    quiz.add_argument("--seed", type=int, metavar="S",
                      help=_("seed for question order and generated values (reproducible quizzes)"))
    quiz.add_argument("--review", action="store_true",
                      help=_("ask the questions that are due for review first"))
    quiz.set_defaults(run=run_quiz)


def _launch(args: argparse.Namespace, start: StartRequest, command: str) -> int:
    from acttutor.app import StartupError, make_app

    lang = str(args.lang)  # en or ko, resolved and checked by the CLI
    try:
        app = make_app(
            content_roots=[Path(p) for p in args.content],
            data_dir=Path(args.data_dir) if args.data_dir else None,
            start=start,
            lang=lang,
        )
    except StartupError as exc:
        print(str(exc), file=sys.stderr)
        return exc.exit_code
    app.run()
    return int(app.return_code or 0)


def run_home(args: argparse.Namespace) -> int:
    """Open the tutor's home screen."""
    from acttutor.app import StartHome

    return _launch(args, StartHome(), "")


def run_lesson(args: argparse.Namespace) -> int:
    """Open one lesson."""
    from acttutor.app import StartLesson

    return _launch(args, StartLesson(args.lesson_id), "lesson")


def run_quiz(args: argparse.Namespace) -> int:
    """Open a quiz."""
    from acttutor.commands.common import fail

    if args.count is not None and not 1 <= args.count <= 500:
        return fail("quiz", _("--count must be from 1 to 500"))
    from acttutor.app import QuizRequest, StartQuiz

    request = QuizRequest(
        lessons=tuple(args.lessons or ()), count=args.count, seed=args.seed,
        review=bool(args.review),
    )
    return _launch(args, StartQuiz(request), "quiz")
