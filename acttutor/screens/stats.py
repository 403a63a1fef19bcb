"""The stats screen: answers, accuracy per lesson, cards due and the day streak."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import DataTable, Footer, Header, Static

from acttutor.screens.base import BACK, RoomScreen
from acttutor.screens.results import accuracy_bar


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
        table.add_columns("lesson", "answers", "correct", "accuracy", "")
        if stats is None or stats.answers == 0:
            summary.update(
                Content("No answers yet. Take a quiz (t on the home screen) and come back here.")
            )
        else:
            summary.update(
                Content.assemble(
                    (f"{stats.answers}", "bold"), " answers   ",
                    (f"{stats.accuracy:.0%}", "bold"), " correct   ",
                    (f"{stats.due}", "bold"), " due for review   ",
                    (f"{stats.streak_days}", "bold"), " day streak   ",
                    (f"{len(stats.lessons_read)}", "bold"), " lessons read",
                )
            )
        course = tutor.course
        lessons = course.lessons if course is not None else ()
        titles = {lesson.id: tutor.text(lesson.title) for lesson in lessons}
        per_lesson = stats.per_lesson if stats is not None else {}
        for lesson_id, title in titles.items():
            row = per_lesson.get(lesson_id)
            if row is None or row.answers == 0:
                table.add_row(title, "0", "0", "—", "")
            else:
                table.add_row(
                    title, str(row.answers), str(row.correct), f"{row.accuracy:.0%}",
                    accuracy_bar(row.accuracy),
                )
        for notice in tutor.take_store_notices():
            self.notify(notice, severity="warning", timeout=10)
