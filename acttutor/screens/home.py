"""The home screen: the course outline with each lesson's status, and the tutor's other rooms."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import Footer, Header, OptionList, Static
from textual.widgets.option_list import Option

from acttutor.core.numfmt import plural
from acttutor.screens.base import TutorScreen

if TYPE_CHECKING:
    from acttutor.app import ActTutorApp

#: Entries below the lessons: option id -> label.
ROOMS = (
    ("room:explorer", "Explorer", "overlay activations and compare them at any x"),
    ("room:forward", "Forward pass", "step through the worked 2-layer network, forward and back"),
    ("room:quiz", "Quiz", "ten questions from the whole course"),
    ("room:review", "Review due", "the questions spaced repetition says are due"),
    ("room:stats", "Stats", "answers, accuracy per lesson, streak"),
)


@dataclass(frozen=True)
class LessonRow:
    """What the outline shows for one lesson."""

    number: int
    lesson_id: str
    title: str
    summary: str
    status: str


class Outline(OptionList):
    """The course outline: arrows or j/k move, Enter opens."""

    BINDINGS = [
        Binding("enter", "select", "open"),
        Binding("j", "cursor_down", "Down", show=False),
        Binding("k", "cursor_up", "Up", show=False),
    ]


class HomeScreen(TutorScreen):
    """The course outline with lesson status, then Explorer, Forward pass, Quiz, Review, Stats."""

    DEFAULT_CSS = """
    #home {
        padding: 0 2;
    }

    #home-title {
        height: auto;
        padding: 1 0;
    }

    #outline {
        height: 1fr;
        border: round $primary-muted;
    }


    #home-detail {
        height: 2;
        color: $text-muted;
        padding: 0 1;
    }
    """

    BINDINGS = [
        Binding("enter", "open", "open", show=False, priority=False),
        Binding("e", "room('explorer')", "explorer"),
        Binding("f", "room('forward')", "forward pass"),
        Binding("t", "room('quiz')", "quiz"),
        Binding("r", "room('review')", "review"),
        Binding("s", "room('stats')", "stats"),
        Binding("q", "app.quit", "quit"),
    ]

    def compose(self) -> ComposeResult:
        """Header, the course title and outline with a detail line, Footer."""
        yield Header()
        with Vertical(id="home"):
            if self.tutor.course is None:
                yield Static("Loading the course…", id="home-title")
            else:
                yield Static(self._title(), id="home-title")
                yield Outline(*self._options(), id="outline")
            # Without a course yet, the outline is mounted here once it is loaded
            # (refresh_outline).
            yield Static("", id="home-detail")
        yield Footer()

    def on_mount(self) -> None:
        """Put the cursor on the first entry of the outline (when the course is loaded)."""
        outlines = self.query(Outline)
        if outlines:
            self._outline_shown(outlines.first())

    def _title(self) -> Content:
        course = self.tutor.course
        assert course is not None
        return Content.assemble(
            (self.tutor.text(course.title), "bold"),
            (f"   {plural(len(course.lessons), 'lesson', 'lessons')}", "dim"),
        )

    def on_screen_resume(self) -> None:
        """Statuses change after reading a lesson or taking a quiz."""
        if self.tutor.course is not None:
            self.refresh_outline()

    def refresh_outline(self) -> None:
        """Rebuild the outline from the course and the progress store (keeps the highlight)."""
        self.query_one("#home-title", Static).update(self._title())
        options = self._options()
        existing = self.query(Outline)
        if existing:
            outline = existing.first()
            highlighted = outline.highlighted
            outline.clear_options()
            outline.add_options(options)
            outline.highlighted = highlighted if highlighted is not None else 0
        else:
            outline = Outline(*options, id="outline")
            self.query_one("#home", Vertical).mount(outline, before="#home-detail")
            self.call_after_refresh(self._outline_shown, outline)

    def _options(self) -> list[Option | None]:
        """The outline's entries: the lessons with their status, a line, the rooms."""
        tutor = self.tutor
        rows = lesson_rows(tutor)
        options: list[Option | None] = []
        width = max((len(row.title) for row in rows), default=0)
        for row in rows:
            prompt = Content.assemble(
                (f"{row.number:>2}. ", "dim"),
                (row.title.ljust(width), "bold"),
                ("   ", ""),
                (row.status, _status_style(row.status)),
            )
            options.append(Option(prompt, id=f"lesson:{row.lesson_id}"))
        options.append(None)
        due = tutor.due_count()
        for option_id, label, hint in ROOMS:
            shown = f"{label} ({due})" if option_id == "room:review" else label
            prompt = Content.assemble(("   ", ""), (shown, "bold"), (f"  — {hint}", "dim"))
            options.append(Option(prompt, id=option_id))
        return options

    def _outline_shown(self, outline: Outline) -> None:
        outline.highlighted = 0
        outline.focus()

    @on(OptionList.OptionHighlighted)
    def _show_detail(self, event: OptionList.OptionHighlighted) -> None:
        detail = ""
        option_id = event.option.id or ""
        course = self.tutor.course
        if option_id.startswith("lesson:") and course is not None:
            lesson = course.lesson(option_id.split(":", 1)[1])
            detail = self.tutor.text(lesson.summary)
        self.query_one("#home-detail", Static).update(Content(detail))

    @on(OptionList.OptionSelected)
    def _open_option(self, event: OptionList.OptionSelected) -> None:
        self._open(event.option.id or "")

    def action_open(self) -> None:
        """Open the highlighted entry."""
        outline = self.query_one(Outline)
        if outline.highlighted is not None:
            self._open(outline.get_option_at_index(outline.highlighted).id or "")

    def action_room(self, room: str) -> None:
        """Open one of the rooms below the lessons."""
        self._open(f"room:{room}")

    def _open(self, option_id: str) -> None:
        kind, _, key = option_id.partition(":")
        if self.tutor.course is None:
            return
        if kind == "lesson":
            self.tutor.open_lesson(key)
        elif kind == "room":
            self.tutor.open_room(key)


def lesson_rows(tutor: ActTutorApp) -> list[LessonRow]:
    """Outline rows with status: new, read, or how many of its questions the learner knows.

    A question counts as known when its latest answer was right, so one lucky answer in a
    lesson of twelve questions reads "1/12 known", not "best 100%".
    """
    course = tutor.course
    assert course is not None
    read = tutor.lessons_read()
    known = tutor.lesson_known()
    rows = []
    for number, lesson in enumerate(course.lessons, start=1):
        if lesson.id in known:
            right, total = known[lesson.id]
            status = f"{right}/{total} known"
        elif lesson.id in read:
            status = "read"
        else:
            status = "new"
        title = tutor.text(lesson.title)
        rows.append(LessonRow(number, lesson.id, title, tutor.text(lesson.summary), status))
    return rows


def _status_style(status: str) -> str:
    if status == "new":
        return "$text-accent"
    if status == "read":
        return "$text-success"
    return "$text-warning"
