"""The quiz screen: one question at a time, instant feedback, every answer stored as it is given.

Keys: 1–9 pick an option (toggle one in "select all"), t/f answer true/false, Enter submits and
then moves on, l rereads the linked lesson section (Escape there comes back here), Escape leaves.
The plan (which questions, in what order) comes from :mod:`acttutor.course.quiz`; answers go to the
progress store the moment they are graded, so leaving or killing the app loses nothing answered.
"""

from __future__ import annotations

import time
from collections.abc import Mapping
from dataclasses import replace
from typing import TYPE_CHECKING, Literal

from textual import events, on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.widget import Widget
from textual.widgets import Footer, Header, Static

from acttutor.core.numfmt import plural
from acttutor.course.models import TrueFalseQuestion
from acttutor.course.quiz import (
    Outcome,
    QuizItem,
    QuizPlan,
    QuizResult,
    Response,
    choice_texts,
    grade_item,
    plan_quiz,
)
from acttutor.screens.base import RoomScreen
from acttutor.widgets.question_view import QuestionView

if TYPE_CHECKING:
    from acttutor.app import QuizRequest

Phase = Literal["loading", "empty", "asking", "feedback", "done"]

#: Below this many rows the plot of a plot question is drawn shorter (the ``-short`` class).
SHORT_HEIGHT = 28

#: What a session of each kind is called in the header.
KIND_TITLES = {"quiz": "Quiz", "review": "Review", "mistakes": "Review mistakes"}


#: The unfilled part of the progress bar: a faded line.
UNFILLED_STYLE = "$foreground 30%"


class QuizStatus(Widget):
    """``Question 3 of 10  ━━━━━━━━━━━━━━  ✓ 2   ✗ 0``: position, answered share, score."""

    DEFAULT_CSS = """
    QuizStatus {
        height: 1;
        margin: 1 2 0 2;
    }
    """

    position = 0
    """The question being asked, 1-based."""
    total = 0
    answered = 0
    right = 0

    def show(self, position: int, total: int, answered: int, right: int) -> None:
        """Update every number at once (one repaint)."""
        self.position, self.total, self.answered, self.right = position, total, answered, right
        self.refresh()

    def render(self) -> Content:
        """The position, a bar of the answered share filling the middle, the score."""
        where = Content.assemble(("Question ", "dim"), (f"{self.position}", "bold"),
                                 (f" of {self.total}", "dim"), "  ")
        score = Content.assemble("  ", ("✓ ", "$text-success"), (f"{self.right}", "bold"),
                                 ("   ✗ ", "$text-error"),
                                 (f"{self.answered - self.right}", "bold"))
        width = max(self.size.width - where.cell_length - score.cell_length, 0)
        done = round(width * self.answered / self.total) if self.total else 0
        # "$text-disabled" resolves to plain white in Content; a faded foreground does not.
        bar = Content.assemble(("━" * done, "$accent"), ("─" * (width - done), UNFILLED_STYLE))
        return Content.assemble(where, bar, score)


class QuizScreen(RoomScreen):
    """Ask the plan's questions one by one; show the results at the end."""

    DEFAULT_CSS = """
    #quiz-body {
        height: 1fr;
        padding: 1 2 0 2;
    }

    #quiz-body:focus {
        background-tint: $foreground 0%;
    }

    QuizScreen.-short #q-plot {
        height: 10;
    }

    #quiz-store-marker {
        height: auto;
        margin: 0 2;
        color: $text-warning;
        display: none;
    }

    #quiz-store-marker.-shown {
        display: block;
    }

    #quiz-empty {
        height: auto;
        padding: 1 2;
        border: round $primary-muted;
    }
    """

    BINDINGS = [
        Binding("1", "pick(0)", "pick", key_display="1-9"),
        *[Binding(str(n), f"pick({n - 1})", show=False) for n in range(2, 10)],
        Binding("t", "truth(True)", "true"),
        Binding("f", "truth(False)", "false"),
        Binding("enter", "submit", "submit"),
        Binding("enter", "next", "next"),
        Binding("enter", "finish", "see results"),
        Binding("enter", "normal_quiz", "take a normal quiz"),
        Binding("l", "reread", "reread lesson"),
        Binding("escape", "leave", "leave quiz"),
        Binding("escape", "back", "back"),
    ]

    def __init__(self, request: QuizRequest, *, plan: QuizPlan | None = None) -> None:
        """Start the quiz ``request`` asks for, or ask the questions of a ready ``plan``."""
        super().__init__()
        self.request = request
        self.plan: QuizPlan | None = plan
        self.phase: Phase = "loading"
        self.index = 0
        self.outcomes: list[Outcome] = []
        self.session_id: int | None = None
        self._started_at = 0.0
        self._shown_at = 0.0

    # -- layout -----------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        """Title bar, status line with the progress bar, the question, key bar."""
        yield Header()
        yield QuizStatus(id="quiz-status")
        yield Static(id="quiz-store-marker")
        yield VerticalScroll(id="quiz-body")
        yield Footer()

    def on_resize(self, event: events.Resize) -> None:
        """Short layouts (TutorScreen's handler, called too, handles narrow ones)."""
        self.set_class(event.size.height < SHORT_HEIGHT, "-short")

    async def on_mount(self) -> None:
        """Plan the quiz (unless given one) and ask the first question."""
        if self.plan is None:
            self.plan = self._make_plan(review=self.request.review)
        self.title = KIND_TITLES.get(self.plan.kind, "Quiz")
        if not self.plan.items:
            await self._show_empty(self._no_questions_text())
        elif self.plan.kind == "review" and self.plan.due == 0:
            await self._show_empty(self._nothing_due_text())
        else:
            await self._start()

    def _make_plan(self, *, review: bool) -> QuizPlan:
        tutor = self.tutor
        course = tutor.course
        assert course is not None  # the app opens quizzes only once the course is loaded
        store = tutor.store
        request = self.request
        wanted = set(request.lessons)
        pool_ids = [q.id for q in course.questions if not wanted or q.lesson in wanted]
        due_ids = store.due_question_ids(question_ids=pool_ids) if review and store else []
        last_seen = store.last_reviews() if store is not None else {}
        return plan_quiz(
            course.questions,
            count=request.count,
            seed=request.seed,
            lessons=request.lessons,
            due_ids=due_ids,
            last_seen=last_seen,
            review=review,
        )

    # -- the empty states -------------------------------------------------------------------

    def _no_questions_text(self) -> Content:
        names = ", ".join(self.request.lessons) or "the course"
        return Content.assemble(
            ("No questions to ask", "bold"),
            f"\n\nThere are no quiz questions for {names} yet.\n\n",
            ("escape", "bold reverse"), " go back",
        )

    def _nothing_due_text(self) -> Content:
        store = self.tutor.store
        cards = store.cards() if store is not None else {}
        if cards:
            soonest = min(card.due for card in cards.values())
            when = f"The next question comes due {_when(soonest)}."
        else:
            when = "Questions come due once you have answered them in a quiz."
        return Content.assemble(
            ("Nothing is due for review right now.", "bold $text-success"),
            f"\n\n{when}\n\n",
            (" enter ", "bold reverse"), " take a normal quiz instead     ",
            (" escape ", "bold reverse"), " go back",
        )

    async def _show_empty(self, message: Content) -> None:
        self.phase = "empty"
        body = self.query_one("#quiz-body", VerticalScroll)
        await body.remove_children()
        await body.mount(Static(message, id="quiz-empty"))
        self.query_one("#quiz-status").display = False
        self.refresh_bindings()

    # -- asking -----------------------------------------------------------------------------

    async def _start(self) -> None:
        plan = self.plan
        assert plan is not None
        self.title = KIND_TITLES.get(plan.kind, "Quiz")
        self.sub_title = plural(len(plan), "question", "questions") + (
            f", {plan.due} due" if plan.due else ""
        )
        self.query_one("#quiz-status").display = True
        self._started_at = time.monotonic()
        self.index = 0
        await self._show_question()
        # Recorded once the question is on screen: the write waits for the disk (fsync).
        self.call_after_refresh(self._open_session)
        self.call_after_refresh(self._warm_engine)

    def _open_session(self) -> None:
        """Start the session in the progress store (once; every answer refers to it)."""
        store = self.tutor.store
        plan = self.plan
        if store is None or plan is None or self.session_id is not None:
            return
        self.session_id = store.start_session(plan.kind, plan.lessons)
        self._show_notices()

    @work(thread=True, exclusive=True, group="warm-engine", exit_on_error=False)
    def _warm_engine(self) -> None:
        """Import numpy and the curve sampler while the learner reads the first question.

        The first question is painted without them (a generated exercise computes its answer
        only when graded); this way grading it does not wait for the import.
        """
        import numpy  # noqa: F401

        import acttutor.core.curves  # noqa: F401

    @property
    def item(self) -> QuizItem:
        """The question being asked."""
        assert self.plan is not None
        return self.plan.items[self.index]

    @property
    def view(self) -> QuestionView:
        """The current question's view."""
        return self.query_one(QuestionView)

    async def _show_question(self) -> None:
        item = self.item
        body = self.query_one("#quiz-body", VerticalScroll)
        last = self.index + 1 == len(self.plan or ())
        view = QuestionView(item, lang=self.tutor.lang, where=self._where(item),
                            next_label="see the results" if last else "next question")
        with self.app.batch_update():
            await body.remove_children()
            await body.mount(view)
            body.scroll_home(animate=False)
            self.phase = "asking"
            self._update_status()
            self.refresh_bindings()
        self._shown_at = time.monotonic()

    def _where(self, item: QuizItem) -> str:
        """"Lesson title › section title" of the item."""
        tutor = self.tutor
        course = tutor.course
        if course is None or not course.has_lesson(item.lesson):
            return item.lesson
        lesson = course.lesson(item.lesson)
        title = tutor.text(lesson.title)
        for section in tutor.lesson_sections(lesson):
            if section.id == item.section and section.title:
                return f"{title} › {section.title}"
        return title

    def _update_status(self) -> None:
        plan = self.plan
        assert plan is not None
        answered = len(self.outcomes)
        right = sum(o.verdict.correct for o in self.outcomes)
        self.query_one(QuizStatus).show(self.index + 1, len(plan), answered, right)

    # -- keys -------------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Offer each key only when it does something (the footer follows)."""
        phase = self.phase
        if action == "pick":
            return phase == "asking" and bool(choice_texts(self.item))
        if action == "truth":
            return phase == "asking" and isinstance(self.item.question, TrueFalseQuestion)
        if action == "submit":
            return phase == "asking"
        if action == "reread":
            return phase == "feedback"
        if action in ("next", "finish"):
            last = self.plan is not None and self.index + 1 >= len(self.plan)
            return phase == "feedback" and last == (action == "finish")
        if action == "leave":
            return phase in ("asking", "feedback")
        if action == "normal_quiz":
            return phase == "empty" and self.plan is not None and self.plan.kind == "review"
        return True

    def action_pick(self, index: int) -> None:
        """Pick option ``index`` (0-based)."""
        if not self.view.pick(index):
            self.app.bell()

    def action_truth(self, value: bool) -> None:
        """Pick True or False."""
        self.view.pick(0 if value else 1)

    def action_submit(self) -> None:
        """Submit the current response."""
        self.view.submit()

    async def action_next(self) -> None:
        """The next question, or the results after the last one."""
        assert self.plan is not None
        if self.index + 1 < len(self.plan):
            self.index += 1
            await self._show_question()
        else:
            self._finish()

    def action_finish(self) -> None:
        """After the last answer: the results."""
        self._finish()

    def action_reread(self) -> None:
        """Open the lesson section this question comes from; Escape there returns here."""
        item = self.item
        self.tutor.open_lesson(item.lesson, item.section, chart=question_chart(item),
                               from_quiz=True)

    async def action_normal_quiz(self) -> None:
        """Nothing was due: take a normal quiz instead."""
        self.request = replace(self.request, review=False)
        self.plan = self._make_plan(review=False)
        if not self.plan.items:
            await self._show_empty(self._no_questions_text())
            return
        await self._start()

    def action_leave(self) -> None:
        """Leave the quiz; every answer given so far is already stored."""
        if self.outcomes:
            count = len(self.outcomes)
            store = self.tutor.store
            saved = store is not None and store.saving
            waiting = store is not None and store.pending
            where = ("saved" if saved else "kept beside your progress file until it is free"
                     if waiting else "kept for this session only")
            self.notify(f"Quiz left after {plural(count, 'answer', 'answers')}; they are {where}.",
                        timeout=4)
        self.phase = "done"
        self.dismiss()

    # -- answering --------------------------------------------------------------------------

    @on(QuestionView.Submitted)
    def _answered(self, event: QuestionView.Submitted) -> None:
        event.stop()
        if self.phase != "asking":
            return
        self._grade(event.view, event.response)

    def _grade(self, view: QuestionView, response: Response) -> None:
        from acttutor.core.numparse import NumberParseError

        item = view.item
        try:
            verdict = grade_item(item, response)
        except NumberParseError as exc:
            view.show_input_hint(str(exc))
            return
        response_ms = int(round((time.monotonic() - self._shown_at) * 1000))
        schedule = self._record(item, verdict.answer_text, verdict.correct, response_ms)
        self.outcomes.append(Outcome(item, verdict, response_ms))
        self.phase = "feedback"
        view.show_verdict(verdict, schedule)
        body = self.query_one("#quiz-body", VerticalScroll)
        body.focus()
        self._update_status()
        self.refresh_bindings()

    def _record(self, item: QuizItem, answer_text: str, correct: bool, response_ms: int) -> str:
        """Store the answer now (committed before this returns); say when it comes back."""
        store = self.tutor.store
        if store is None:
            return ""
        from acttutor.progress import expected_ms_for

        lang = self.tutor.lang
        expected = expected_ms_for(
            item.type,
            len(item.prompt.get(lang)),
            extra_text_length=sum(len(text.get(lang)) for text in choice_texts(item)),
        )
        self._open_session()
        result = store.record_answer(
            item.id, item.lesson, answer_text, correct, response_ms,
            expected_ms=expected, session_id=self.session_id,
        )
        self._show_notices()
        if result.saved:
            return f"back for review {_when(result.due)}"
        if result.waiting:  # no review date is promised before it is in the store
            return "kept beside your progress file; review date set once it is free"
        return "not saved: kept for this session only"

    def _show_notices(self) -> None:
        for notice in self.tutor.take_store_notices():
            self.notify(notice, severity="warning", timeout=12)
        self._update_store_marker()

    def _update_store_marker(self) -> None:
        """A lasting line while answers are not in the progress file (not a fading toast)."""
        store = self.tutor.store
        marker = self.query_one("#quiz-store-marker", Static)
        text = ""
        if store is not None and store.pending:
            count = store.waiting_answers
            # The notice (a toast) names the pending file; this line stays while it matters.
            text = (
                f"⚠ {count} answer{'s' * (count != 1)} not yet in your progress: its file is"
                " in use by another program"
            )
        elif store is not None and not store.saving:
            text = "⚠ Not saving: answers are kept for this session only."
        marker.update(text)
        marker.set_class(bool(text), "-shown")

    # -- the end ----------------------------------------------------------------------------

    def _finish(self) -> None:
        assert self.plan is not None
        store = self.tutor.store
        if store is not None and self.session_id is not None:
            store.finish_session(self.session_id)
            self._show_notices()
        self.phase = "done"
        result = QuizResult(
            self.plan, tuple(self.outcomes), time.monotonic() - self._started_at, self.session_id
        )
        self.tutor.show_results(self.request, result)


def question_chart(item: QuizItem) -> tuple[str, Mapping[str, object]] | None:
    """The activation and parameters a question is about (its plot, check or template)."""
    question = item.question
    spec = getattr(question, "plot", None) or getattr(question, "check", None)
    spec = spec or getattr(question, "template", None)
    if spec is None:
        return None
    return spec.activation, dict(spec.params)


def _when(moment: object) -> str:
    """"later today", "tomorrow", "in 3 days" for a UTC datetime."""
    from datetime import datetime, timezone

    if not isinstance(moment, datetime):
        return "soon"
    now = datetime.now(timezone.utc).astimezone()
    local = moment.astimezone()
    days = (local.date() - now.date()).days
    if days <= 0:
        return "later today"
    if days == 1:
        return "tomorrow"
    return f"in {days} days"
