"""The results screen: score, time taken, accuracy per lesson as bars, and retrying mistakes."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.widgets import Footer, Header, Static

from acttutor.core.numfmt import format_percent, plural
from acttutor.course.quiz import LessonTally, retry_plan, tally
from acttutor.screens.base import RoomScreen
from acttutor.widgets.accuracy import BAR_WIDTH, accuracy_bar, accuracy_style

if TYPE_CHECKING:
    from acttutor.app import QuizRequest
    from acttutor.course.quiz import QuizResult


#: The lesson-title column is never narrower than this (titles are cut with … below it).
MIN_TITLE_WIDTH = 16
#: Cells of a bar row beside the title: padding, the bar, "12/20" and " 100%".
_ROW_EXTRA = 4 + 1 + BAR_WIDTH + 1 + 5 + 6 + 2


def format_duration(seconds: float) -> str:
    """``42 s``, ``3 min 12 s``, ``1 h 05 min``."""
    total = max(0, int(round(seconds)))
    hours, rest = divmod(total, 3600)
    minutes, secs = divmod(rest, 60)
    if hours:
        return f"{hours} h {minutes:02d} min"
    if minutes:
        return f"{minutes} min {secs} s"
    return f"{secs} s"


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _clip(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


class ResultsScreen(RoomScreen):
    """How the quiz went; m retries the mistakes, Enter or Escape goes back."""

    CSS_PATH = "results.tcss"

    BINDINGS = [
        Binding("m", "mistakes", "review mistakes"),
        Binding("enter", "back", "done"),
        Binding("escape", "back", "back", show=False),
    ]

    def __init__(self, request: QuizRequest, result: QuizResult) -> None:
        super().__init__()
        self.request = request
        self.result = result

    def compose(self) -> ComposeResult:
        """Title bar, score, per-lesson bars, what next, key bar."""
        yield Header()
        with VerticalScroll(id="results"):
            yield Static(self._score(), id="results-score")
            yield Static(Content.styled("Accuracy per lesson", "bold"), classes="results-head")
            yield Static(self._bars(), id="results-bars")
            if self.result.mistakes:
                yield Static(Content.styled("To look at again", "bold"), classes="results-head")
                yield Static(self._missed(), id="results-missed")
            yield Static(self._next_steps(), id="results-next")
        yield Footer()

    def on_mount(self) -> None:
        """Title the screen after the kind of session."""
        kind = self.result.plan.kind
        self.title = {"review": "Review results", "mistakes": "Mistakes reviewed"}.get(
            kind, "Quiz results"
        )

    def tallies(self) -> tuple[LessonTally, ...]:
        """Right answers per lesson, in course order."""
        course = self.tutor.course
        order = [lesson.id for lesson in course.lessons] if course is not None else []
        return tally(self.result.outcomes, order)

    def _score(self) -> Content:
        result = self.result
        answered = len(result.outcomes)
        right = result.correct
        accuracy = right / answered if answered else 0.0
        cheer = (
            "Perfect!" if answered and right == answered
            else "Well done." if accuracy >= 0.8
            else "Good effort." if accuracy >= 0.5
            else "Keep going: press m to try the ones you missed again, l on a question "
            "rereads its lesson."
        )
        if not answered:
            cheer = "No answers in this session."
        return Content.assemble(
            (f"{right} / {answered}", f"bold {accuracy_style(accuracy)}"),
            (" right", "bold"),
            (f"   {format_percent(accuracy)}", accuracy_style(accuracy)),
            ("   in ", "dim"), (format_duration(result.seconds), "bold"),
            "\n",
            (cheer, "italic"),
        )

    def on_resize(self, event: events.Resize) -> None:
        """Lesson titles and prompts take the width there is."""
        self.query_one("#results-bars", Static).update(self._bars())
        if self.result.mistakes:
            self.query_one("#results-missed", Static).update(self._missed())

    def _bars(self) -> Content:
        tutor = self.tutor
        course = tutor.course
        rows = []
        for row in self.tallies():
            title = row.lesson
            if course is not None and course.has_lesson(row.lesson):
                title = tutor.text(course.lesson(row.lesson).title)
            rows.append((title, row))
        room = max(self.app.size.width - _ROW_EXTRA, MIN_TITLE_WIDTH)
        width = min(max((len(title) for title, _ in rows), default=0), room)
        lines = []
        for title, row in rows:
            lines.append(
                Content.assemble(
                    (_clip(title, width).ljust(width), ""), " ",
                    accuracy_bar(row.accuracy), " ",
                    (f"{row.correct}/{row.answered}".rjust(5), "bold"),
                    (f" {format_percent(row.accuracy):>5}", accuracy_style(row.accuracy)),
                )
            )
        if not lines:
            return Content.styled("No answers in this session.", "dim")
        return Content("\n").join(lines)

    def _missed(self) -> Content:
        tutor = self.tutor
        course = tutor.course
        room = self.app.size.width - 8  # the screen's padding and the scroll bar
        lines = []
        for item in self.result.mistakes:
            title = item.lesson
            if course is not None and course.has_lesson(item.lesson):
                title = tutor.text(course.lesson(item.lesson).title)
            title = _clip(title, max(room // 3, MIN_TITLE_WIDTH))
            prompt = _clip(_one_line(item.prompt.get(tutor.lang)), max(room - len(title) - 6, 30))
            lines.append(
                Content.assemble(("✗ ", "$text-error"), prompt, (f"  · {title}", "dim"))
            )
        return Content("\n").join(lines)

    def _next_steps(self) -> Content:
        wrong = len(self.result.mistakes)
        if wrong:
            return Content.assemble(
                (" m ", "bold reverse"),
                f" review the {plural(wrong, 'mistake', 'mistakes')}     ",
                (" enter ", "bold reverse"), " done",
            )
        return Content.assemble((" enter ", "bold reverse"), " done")

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Offer "review mistakes" only when there are some."""
        if action == "mistakes":
            return bool(self.result.mistakes)
        return True

    def action_mistakes(self) -> None:
        """Start a quiz of only the questions answered wrongly (a "mistakes" session)."""
        mistakes = self.result.mistakes
        if not mistakes:
            return
        self.tutor.retry_quiz(self.request, retry_plan(mistakes, self.request.seed))
