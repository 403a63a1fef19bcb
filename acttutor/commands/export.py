"""``acttutor export anki FILE.apkg`` and ``acttutor export json FILE``: the course's questions
with their answers, as an Anki deck or as JSON for teachers and other tools."""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from acttutor.commands.common import fail
from acttutor.core.i18n import _, ngettext

if TYPE_CHECKING:
    from acttutor.course.models import Course

COMMAND = "export"


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add ``export`` with its two formats, ``anki`` and ``json``."""
    from acttutor.export.records import DEFAULT_DRAWS, MAX_DRAWS

    parser = subparsers.add_parser(
        COMMAND,
        help=_("write the questions with their answers as an Anki deck or as JSON"),
        description=_("Write the course's questions with their answers, for Anki or other "
                      "tools."),
        epilog=(
            _("examples:") + "\n"
            "  acttutor export anki activations.apkg\n"
            "  acttutor export anki relu.apkg --lesson relu --lesson elu-family --generated 5\n"
            "  acttutor export json questions.json --lang ko\n"
            "  acttutor export json - | jq '.lessons[].questions | length'"
        ),
    )
    formats = parser.add_subparsers(title=_("formats"), metavar="FORMAT", required=True)
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--lesson", action="append", dest="lessons", metavar="ID",
                        help=_("only this lesson's questions (repeatable; default: every lesson)"))
    common.add_argument("--generated", type=int, metavar="N", default=DEFAULT_DRAWS,
                        help=_("fixed draws of each generated question, 0-{most} "
                               "(default {default}; the same draws every time)")
                        .format(most=MAX_DRAWS, default=DEFAULT_DRAWS))
    parents = [common]  # the global options come with every command's parser (CommandParser)
    anki = formats.add_parser(
        "anki", parents=parents, help=_("an Anki deck (.apkg), one sub-deck per lesson"),
        description=_(
            "Write an Anki deck: 'acttutor::<lesson title>' per lesson, one note per question\n"
            "(one per fixed draw of a generated question). Ids come from the question ids,\n"
            "so importing a newer export updates the notes instead of adding copies."
        ),
    )
    anki.add_argument("file", metavar="FILE.apkg", help=_("the deck file to write"))
    anki.set_defaults(run=run_anki)
    as_json = formats.add_parser(
        "json", parents=parents, help=_("JSON: every question with its answer (schema in "
                                        "content/README.md)"),
        description=_("Write every question with its answer as JSON (schema: "
                      "content/README.md)."),
    )
    as_json.add_argument("file", metavar="FILE", help=_("the file to write, or - for stdout"))
    as_json.set_defaults(run=run_json)


def _load(args: argparse.Namespace, command: str) -> Course | int:
    """The course, or an exit status after a one-line message."""
    from acttutor.export.records import MAX_DRAWS

    if not 0 <= args.generated <= MAX_DRAWS:
        return fail(command, _("--generated must be from 0 to {most}").format(most=MAX_DRAWS))
    for text in args.content:
        if not Path(text).expanduser().is_dir():
            return fail(command, _("--content {folder}: no such folder").format(folder=text))
    from acttutor.course.loader import load_course
    from acttutor.course.problems import ContentError

    try:
        course = load_course([Path(p).expanduser() for p in args.content])
    except ContentError as exc:
        print(exc.report(), file=sys.stderr)
        return 1
    for lesson_id in args.lessons or ():
        if not course.has_lesson(lesson_id):
            import difflib

            ids = [lesson.id for lesson in course.lessons]
            close = difflib.get_close_matches(lesson_id, ids, n=1)
            hint = " " + _("Did you mean {lesson}?").format(lesson=close[0]) if close else ""
            return fail(command, _("no lesson {lesson}.{hint} Lessons: {lessons}").format(
                lesson=repr(lesson_id), hint=hint, lessons=", ".join(ids)))
    return course


def _write_atomically(target: Path, write: Callable[[Path], object]) -> str | None:
    """Write through a temporary file beside ``target``; None, or what went wrong."""
    folder = target.parent
    if not folder.is_dir():
        return _("{file}: the folder {folder} does not exist").format(file=target, folder=folder)
    try:
        handle, temporary = tempfile.mkstemp(prefix=f".{target.name}.", dir=folder)
        os.close(handle)
    except OSError as exc:
        return _("{file}: cannot write in {folder} ({reason})").format(
            file=target, folder=folder, reason=exc.strerror or exc)
    try:
        write(Path(temporary))
        os.replace(temporary, target)
    except OSError as exc:
        return _("{file}: cannot be written ({reason})").format(
            file=target, reason=exc.strerror or exc)
    finally:
        if os.path.exists(temporary):
            os.unlink(temporary)
    return None


def run_anki(args: argparse.Namespace) -> int:
    """Write the Anki deck; say how many notes went where."""
    command = f"{COMMAND} anki"
    target = Path(args.file).expanduser()
    if target.suffix.lower() != ".apkg":
        return fail(command, _("{file}: Anki imports .apkg files; name it e.g. deck.apkg")
                    .format(file=args.file))
    course = _load(args, command)
    if isinstance(course, int):
        return course
    from acttutor.export.anki import build_package

    package = build_package(course, lessons=args.lessons or (), lang=args.lang,
                            generated=args.generated)
    problem = _write_atomically(target, lambda path: package.write_to_file(str(path)))
    if problem is not None:
        return fail(command, problem)
    notes = sum(len(deck.notes) for deck in package.decks)
    lessons = sum(1 for deck in package.decks if deck.notes)
    print(_("wrote {file}: {notes} in {decks}").format(
        file=target,
        notes=ngettext("{n} note", "{n} notes", notes).format(n=notes),
        decks=ngettext("{n} lesson deck", "{n} lesson decks", lessons).format(n=lessons)))
    return 0


def run_json(args: argparse.Namespace) -> int:
    """Write the questions as JSON to a file or stdout."""
    command = f"{COMMAND} json"
    course = _load(args, command)
    if isinstance(course, int):
        return course
    from acttutor.export.records import course_record

    record = course_record(course, lessons=args.lessons or (), lang=args.lang,
                           generated=args.generated)
    text = json.dumps(record, ensure_ascii=False, indent=2) + "\n"
    if args.file == "-":
        sys.stdout.write(text)
        return 0
    target = Path(args.file).expanduser()
    problem = _write_atomically(target, lambda path: path.write_text(text, encoding="utf-8"))
    if problem is not None:
        return fail(command, problem)
    count = sum(len(lesson["questions"]) for lesson in record["lessons"])
    lessons = len(record["lessons"])
    print(_("wrote {file}: {questions} in {lessons}").format(
        file=target,
        questions=ngettext("{n} question", "{n} questions", count).format(n=count),
        lessons=ngettext("{n} lesson", "{n} lessons", lessons).format(n=lessons)),
        file=sys.stderr)
    return 0
