"""``acttutor stats``: answers, accuracy per lesson, cards due, streak and lessons read."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterable, Mapping
from datetime import datetime
from typing import TYPE_CHECKING, Any

from acttutor.core.i18n import _, current_language, ngettext
from acttutor.core.text import CONTROL_CHARACTERS, neutralise

if TYPE_CHECKING:
    from acttutor.progress.records import Stats


STATS_WAIT_S = 2.0
"""How long `stats` waits for a store another program holds before reporting what it can read."""


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the ``stats`` subcommand."""
    parser = subparsers.add_parser(
        "stats",
        help=_("show your progress: answers, accuracy per lesson, cards due, streak"),
        description=_(
            "Show your progress: answers given, accuracy per lesson, questions due for review,\n"
            "your streak of days and the lessons you have read."
        ),
        epilog=_("examples:") + "\n  acttutor stats\n  acttutor stats --format json",
    )
    parser.add_argument("--format", choices=("text", "json"), default="text",
                        help=_("output format (default: text)"))
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
        print(_("acttutor stats: {path} is held by another program and can't be read;"
                " try again once it is closed.").format(path=store.path), file=sys.stderr)
        return 1
    if store.pending:
        print(_("acttutor stats: {path} is held by another program; showing what could be"
                " read (answers saved since it was last checkpointed may be missing).")
              .format(path=store.path), file=sys.stderr)
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
    """Lesson id -> title (in the current language where translated) in course order, or {}
    when the course can't be loaded.

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
            title = _in_language(getattr(lesson, "title", None), current_language())
            if isinstance(lesson_id, str):
                titles[lesson_id] = title or lesson_id
    except Exception:  # an unexpected course shape: fall back to ids
        return {}
    return titles


def _in_language(text: object, lang: str = "en") -> str | None:
    """A plain string, or a translatable text's entry in ``lang`` (English when untranslated)."""
    if isinstance(text, str):
        return text
    if isinstance(text, Mapping):
        value = text.get(lang) or text.get("en")
        return value if isinstance(value, str) else None
    getter = getattr(text, "get", None)
    if callable(getter):
        value = getter(lang)
        if isinstance(value, str) and value:
            return value
    for attr in ("en", "default", "text"):
        value = getattr(text, attr, None)
        if isinstance(value, str):
            return value
    return None


def _percent(value: float) -> str:
    from acttutor.core.numfmt import format_percent

    return format_percent(value)


def _when(moment: datetime | None) -> str:
    return moment.strftime("%Y-%m-%d %H:%M UTC") if moment else _("never")


def _ljust(text: str, width: int) -> str:
    """``text`` padded on the right to ``width`` terminal cells (Hangul is two cells wide)."""
    from rich.cells import cell_len

    return text + " " * max(0, width - cell_len(text))


def _rjust(text: str, width: int) -> str:
    """``text`` padded on the left to ``width`` terminal cells."""
    from rich.cells import cell_len

    return " " * max(0, width - cell_len(text)) + text


def format_text(stats: Stats, titles: Mapping[str, str], *, store_location: str = "") -> str:
    """The human-readable report: a summary block and a per-lesson table, in the current
    language, with columns measured in terminal cells."""
    from rich.cells import cell_len

    lines: list[str] = []
    if store_location:
        lines.append(_("Progress in {path}").format(path=store_location))
        lines.append("")
    read = len(stats.lessons_read)
    read_text = (_("{read} of {total}").format(read=read, total=len(titles)) if titles
                 else str(read))
    if stats.answers == 0:
        lines.append(_("No answers yet. Start a quiz with `acttutor quiz`"))
        lines.append(_("(or `acttutor quiz --lesson ID` for one lesson; "
                       "`acttutor` opens the tutor)."))
        lines.append(_("Lessons read: {read}").format(read=read_text))
        return "\n".join(lines)
    summary = [
        (_("Answers"), _("{answers} ({correct} right, {percent})").format(
            answers=stats.answers, correct=stats.correct, percent=_percent(stats.accuracy))),
        (_("Due now"), f"{stats.due}" + ("  (acttutor quiz --review)" if stats.due else "")),
        (_("Streak"), ngettext("{n} day", "{n} days", stats.streak_days)
         .format(n=stats.streak_days)),
        (_("Lessons read"), read_text),
        (_("Last activity"), _when(stats.last_activity)),
    ]
    width = max(cell_len(label) for label, _value in summary)
    lines.extend(f"{_ljust(label, width)}  {value}" for label, value in summary)
    lines.append("")

    order = [lesson for lesson in titles if lesson in stats.per_lesson]
    order += [lesson for lesson in stats.per_lesson if lesson not in titles]
    # Ids and titles come from content files and the store: never let a control character through.
    names = {lesson: neutralise(titles.get(lesson, lesson)) for lesson in order}
    heads = [_("Lesson"), _("Answers"), _("Right"), _("Accuracy"), _("Best quiz")]
    rows = []
    for lesson in order:
        row = stats.per_lesson[lesson]
        best = stats.best_scores.get(lesson)
        rows.append([names[lesson], str(row.answers), str(row.correct), _percent(row.accuracy),
                     _percent(best) if best is not None else "-"])
    widths = [max(cell_len(cells[i]) for cells in [heads, *rows]) for i in range(len(heads))]

    def line(cells: list[str]) -> str:
        first = _ljust(cells[0], widths[0])
        rest = (_rjust(cell, w) for cell, w in zip(cells[1:], widths[1:], strict=True))
        return "  ".join([first, *rest]).rstrip()

    header = line(heads)
    lines.append(header)
    lines.append("-" * cell_len(header))
    lines.extend(line(cells) for cells in rows)
    return "\n".join(lines)
