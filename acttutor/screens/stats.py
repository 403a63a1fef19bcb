"""The stats screen: answers, accuracy per lesson, cards due and the day streak."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import DataTable, Footer, Header, Static

from acttutor.core.numfmt import format_percent, plural
from acttutor.screens.base import BACK, RoomScreen
from acttutor.widgets.accuracy import accuracy_bar

#: Cells of a full accuracy bar in the table: one per 10 %, so 50 % and 100 % differ by five.
STATS_BAR_WIDTH = 10


class StatsScreen(RoomScreen):
    """Progress at a glance."""

    DEFAULT_CSS = """
    #stats {
        padding: 1 2;
    }

    #stats-summary {
        height: auto;
        margin-bottom: 1;
    }
    """

    BINDINGS = [BACK]

    def compose(self) -> ComposeResult:
        """Summary line and the per-lesson table."""
        self.title = "Stats"
        yield Header()
        with Vertical(id="stats"):
            yield Static(id="stats-summary")
            yield DataTable(id="stats-table", cursor_type="row", zebra_stripes=True)
        yield Footer()

    def on_mount(self) -> None:
        """Fill in the numbers from the progress store."""
        tutor = self.tutor
        stats = tutor.stats()
        summary = self.query_one("#stats-summary", Static)
        table = self.query_one(DataTable)
        table.add_columns("lesson", "right", "accuracy")
        table.add_column("", width=STATS_BAR_WIDTH)
        if stats is None or stats.answers == 0:
            summary.update(
                Content("No answers yet. Take a quiz (t on the home screen) and come back here.")
            )
        else:
            summary.update(
                Content.assemble(
                    (plural(stats.answers, "answer", "answers"), "bold"), "   ",
                    (format_percent(stats.accuracy), "bold"), " correct   ",
                    (f"{stats.due}", "bold"), " due for review   ",
                    (plural(stats.streak_days, "day", "days"), "bold"), " streak   ",
                    (plural(len(stats.lessons_read), "lesson", "lessons"), "bold"), " read",
                )
            )
        course = tutor.course
        lessons = course.lessons if course is not None else ()
        titles = {lesson.id: tutor.text(lesson.title) for lesson in lessons}
        per_lesson = stats.per_lesson if stats is not None else {}
        for lesson_id, title in titles.items():
            row = per_lesson.get(lesson_id)
            if row is None or row.answers == 0:
                table.add_row(title, "—", "—", "")
            else:
                table.add_row(
                    title, f"{row.correct}/{row.answers}", format_percent(row.accuracy),
                    accuracy_bar(row.accuracy, STATS_BAR_WIDTH),
                )
        for notice in tutor.take_store_notices():
            self.notify(notice, severity="warning", timeout=10)
