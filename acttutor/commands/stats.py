"""``acttutor stats``: answers, accuracy per lesson, cards due, streak and lessons read."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterable, Mapping
from datetime import datetime
from typing import TYPE_CHECKING, Any

from acttutor.core.text import CONTROL_CHARACTERS, neutralise

if TYPE_CHECKING:
    from acttutor.progress.records import Stats


STATS_WAIT_S = 2.0
"""How long `stats` waits for a store another program holds before reporting what it can read."""


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the ``stats`` subcommand."""
    parser = subparsers.add_parser(
        "stats",
        help="show your progress: answers, accuracy per lesson, cards due, streak",
        description=(
            "Show your progress: answers given, accuracy per lesson, questions due for review,\n"
            "your streak of days and the lessons you have read."
        ),
        epilog="examples:\n  acttutor stats\n  acttutor stats --format json",
    )
    parser.add_argument("--format", choices=("text", "json"), default="text",
                        help="output format (default: text)")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """Print the statistics of the progress store; returns the exit status (0; 1 when the store
    is held by another program so that nothing of it can be read)."""
    # Imported here: every command builds the parser, and SQLite is not needed to start the tutor.
    from acttutor.progress.paths import data_dir
    from acttutor.progress.store import ProgressStore

    store = ProgressStore.open(data_dir(getattr(args, "data_dir", None)), wait=STATS_WAIT_S)
    try:
        stats = store.stats()
    finally:
        store.close()
    if store.pending and not store.read_file:
        print(f"acttutor stats: {store.path} is held by another program and can't be read;"
              " try again once it is closed.", file=sys.stderr)
        return 1
    if store.pending:
        print(f"acttutor stats: {store.path} is held by another program; showing what could be"
              " read (answers saved since it was last checkpointed may be missing).",
              file=sys.stderr)
    else:
        for notice in store.notices:
            print(f"acttutor stats: {notice}", file=sys.stderr)
    if getattr(args, "format", "text") == "json":
        payload: dict[str, Any] = {**stats.to_dict(), "store": str(store.path)}
        # JSON escapes C0 controls itself; DEL, C1 and bidi controls become \u escapes too.
        text = json.dumps(payload, indent=2, ensure_ascii=False)
        print(CONTROL_CHARACTERS.sub(lambda m: f"\\u{ord(m.group()):04x}", text))
        return 0
    titles = lesson_titles(getattr(args, "content", None))
    print(format_text(stats, titles, store_location=str(store.path)))
    return 0


def lesson_titles(content: Iterable[str] | None = None) -> dict[str, str]:
    """Lesson id -> English title in course order, or {} when the course can't be loaded.

    Titles are a nicety: stats must work from the progress file alone, so any failure to load the
    course (missing loader, invalid content) just means ids are shown.
    """
    try:
        from acttutor.course.loader import load_course

        course = load_course(list(content or []))
    except Exception:  # titles are optional (see docstring)
        return {}
    lessons = getattr(course, "lessons", ())
    if isinstance(lessons, Mapping):
        lessons = lessons.values()
    titles: dict[str, str] = {}
    try:
        for lesson in lessons:
            lesson_id = getattr(lesson, "id", None)
            title = _english(getattr(lesson, "title", None))
            if isinstance(lesson_id, str):
                titles[lesson_id] = title or lesson_id
    except Exception:  # an unexpected course shape: fall back to ids
        return {}
    return titles


def _english(text: object) -> str | None:
    """A plain string, or the English entry of a translatable text."""
    if isinstance(text, str):
        return text
    if isinstance(text, Mapping):
        value = text.get("en")
        return value if isinstance(value, str) else None
    for attr in ("en", "default", "text"):
        value = getattr(text, attr, None)
        if isinstance(value, str):
            return value
    return None


def _percent(value: float) -> str:
    from acttutor.core.numfmt import format_percent

    return format_percent(value)


def _when(moment: datetime | None) -> str:
    return moment.strftime("%Y-%m-%d %H:%M UTC") if moment else "never"


def format_text(stats: Stats, titles: Mapping[str, str], *, store_location: str = "") -> str:
    """The human-readable report: a summary block and a per-lesson table."""
    lines: list[str] = []
    if store_location:
        lines.append(f"Progress in {store_location}")
        lines.append("")
    read = len(stats.lessons_read)
    read_text = f"{read} of {len(titles)}" if titles else str(read)
    if stats.answers == 0:
        lines.append("No answers yet. Start a quiz with `acttutor quiz`")
        lines.append("(or `acttutor quiz --lesson ID` for one lesson; `acttutor` opens the tutor).")
        lines.append(f"Lessons read: {read_text}")
        return "\n".join(lines)
    from acttutor.core.numfmt import plural

    summary = [
        ("Answers", f"{stats.answers} ({stats.correct} right, {_percent(stats.accuracy)})"),
        ("Due now", f"{stats.due}" + ("  (acttutor quiz --review)" if stats.due else "")),
        ("Streak", plural(stats.streak_days, "day", "days")),
        ("Lessons read", read_text),
        ("Last activity", _when(stats.last_activity)),
    ]
    width = max(len(label) for label, _ in summary)
    lines.extend(f"{label:<{width}}  {value}" for label, value in summary)
    lines.append("")

    order = [lesson for lesson in titles if lesson in stats.per_lesson]
    order += [lesson for lesson in stats.per_lesson if lesson not in titles]
    # Ids and titles come from content files and the store: never let a control character through.
    names = {lesson: neutralise(titles.get(lesson, lesson)) for lesson in order}
    name_width = max(len("Lesson"), *(len(name) for name in names.values()))
    header = (
        f"{'Lesson':<{name_width}}  {'Answers':>7}  {'Right':>5}  {'Accuracy':>8}  {'Best quiz':>9}"
    )
    lines.append(header)
    lines.append("-" * len(header))
    for lesson in order:
        row = stats.per_lesson[lesson]
        best = stats.best_scores.get(lesson)
        lines.append(
            f"{names[lesson]:<{name_width}}  {row.answers:>7}  {row.correct:>5}"
            f"  {_percent(row.accuracy):>8}  {(_percent(best) if best is not None else '-'):>9}"
        )
    return "\n".join(lines)
