"""The home screen: the course outline with each lesson's status, and the tutor's other rooms."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from rich.cells import cell_len, set_cell_size
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import Footer, Header, OptionList, Static
from textual.widgets.option_list import Option

from acttutor.core.i18n import N_, _
from acttutor.core.numfmt import plural
from acttutor.screens.base import TutorScreen

if TYPE_CHECKING:
    from acttutor.app import ActTutorApp

#: Entries below the lessons: option id, label, hint (translated where shown).
ROOMS = (
    ("room:explorer", N_("Explorer"), N_("overlay activations and compare them at any x")),
    ("room:forward", N_("Forward pass"),
     N_("step through the worked 2-layer network, forward and back")),
    ("room:quiz", N_("Quiz"), N_("ten questions from the whole course")),
    ("room:review", N_("Review due"), N_("the questions spaced repetition says are due")),
    ("room:stats", N_("Stats"), N_("answers, accuracy per lesson, streak")),
)


@dataclass(frozen=True)
class LessonRow:
    """What the outline shows for one lesson."""

    number: int
    lesson_id: str
    title: str
    summary: str
    status: str
    """The status as shown, in the learner's language."""
    kind: str = "known"
    """``new``, ``read`` or ``known`` (the status's colour)."""


class Outline(OptionList):
    """The course outline: arrows or j/k move, Enter opens."""

    BINDINGS = [
        Binding("enter", "select", N_("open")),
        Binding("j", "cursor_down", N_("Down"), show=False),
        Binding("k", "cursor_up", N_("Up"), show=False),
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
        Binding("enter", "open", N_("open"), show=False, priority=False),
        Binding("e", "room('explorer')", N_("explorer")),
        Binding("f", "room('forward')", N_("forward pass")),
        Binding("t", "room('quiz')", N_("quiz")),
        Binding("r", "room('review')", N_("review")),
        Binding("s", "room('stats')", N_("stats")),
        Binding("q", "app.quit", N_("quit")),
    ]

    def compose(self) -> ComposeResult:
        """Header, the course title and outline with a detail line, Footer."""
        yield Header()
        with Vertical(id="home"):
            if self.tutor.course is None:
                yield Static(_("Loading the course…"), id="home-title")
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
        # Cells, not characters: a Hangul title is twice as wide as its length.
        width = max((cell_len(row.title) for row in rows), default=0)
        for row in rows:
            prompt = Content.assemble(
                (f"{row.number:>2}. ", "dim"),
                (set_cell_size(row.title, width), "bold"),
                ("   ", ""),
                (row.status, _status_style(row.kind)),
            )
            options.append(Option(prompt, id=f"lesson:{row.lesson_id}"))
        options.append(None)
        due = tutor.due_count()
        for option_id, label, hint in ROOMS:
            shown = _(label) + (f" ({due})" if option_id == "room:review" else "")
            prompt = Content.assemble(("   ", ""), (shown, "bold"), ("  — " + _(hint), "dim"))
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
        kind, _colon, key = option_id.partition(":")
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
            kind, status = "known", _("{right}/{total} known").format(right=right, total=total)
        elif lesson.id in read:
            kind, status = "read", _("read")
        else:
            kind, status = "new", _("new")
        title = tutor.text(lesson.title)
        rows.append(LessonRow(number, lesson.id, title, tutor.text(lesson.summary), status, kind))
    return rows


def _status_style(kind: str) -> str:
    if kind == "new":
        return "$text-accent"
    if kind == "read":
        return "$text-success"
    return "$text-warning"
