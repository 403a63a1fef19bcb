"""The quiz through Textual's pilot: every question type right and wrong, hints, the lesson link,
results and mistakes, review mode, leaving mid-quiz. Answers are checked in the progress store."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from textual.widgets import Header

from acttutor.app import QuizRequest, StartQuiz, make_app
from acttutor.course.models import Course, Question
from acttutor.course.quiz import QuizItem, answer_decimals, correct_answer, plan_quiz
from acttutor.progress import ProgressStore
from acttutor.screens.home import HomeScreen
from acttutor.screens.lesson import LessonScreen
from acttutor.screens.quiz import QuizScreen, QuizStatus
from acttutor.screens.results import ResultsScreen
from acttutor.widgets.activation_plot import DERIVATIVE_MARKER
from acttutor.widgets.mystery_plot import MysteryPlot
from tests.ui.waits import wait_until

SIZE = (100, 32)
TYPES = ("choice", "multi", "truefalse", "numeric", "plot", "generated")


def plain(widget) -> str:
    """What a Static-like widget shows, as plain text."""
    return str(widget.render())


def only(course: Course, *questions: Question) -> Course:
    """The built-in course's lessons with just these questions."""
    return Course(course.title, course.lessons, course.banks, tuple(questions))


def first_of(course: Course, qtype: str, test: Callable[[Question], bool] = lambda q: True):
    """The first question of a type (that passes ``test``)."""
    return next(q for q in course.questions if q.type == qtype and test(q))


def quiz_app(course: Course, store: ProgressStore, **request):
    """The tutor started straight in a quiz, as ``acttutor quiz`` does."""
    return make_app(course=course, store=store,
                    start=StartQuiz(QuizRequest(**{"count": 10, "seed": 1, **request})))


async def started(pilot) -> QuizScreen:
    """Wait for the quiz screen to show its first question (or its empty state)."""

    def shown() -> bool:
        screen = pilot.app.screen
        return isinstance(screen, QuizScreen) and screen.phase != "loading"

    await wait_until(pilot, shown, "the quiz's first question")
    await pilot.pause()
    screen = pilot.app.screen
    assert isinstance(screen, QuizScreen)
    return screen


def wrong_choice(q: Question) -> int:
    """A wrong option of a choice or plot question, one with a feedback note when there is one."""
    wrong = [i for i in range(len(q.choices)) if i != q.answer]
    with_note = [i for i in wrong if q.type == "choice" and q.choices[i].feedback is not None]
    return (with_note or wrong)[0]


def has_notes(q: Question) -> bool:
    """A question whose wrong answer (as keys_for gives it) shows a misconception note."""
    if q.type == "choice":
        return q.choices[wrong_choice(q)].feedback is not None
    if q.type == "truefalse":
        return (not q.answer) in q.feedback
    return True


def expected_note(q: Question) -> str | None:
    """The note a wrong answer from keys_for shows, if any."""
    note = None
    if q.type == "choice":
        note = q.choices[wrong_choice(q)].feedback
    elif q.type == "truefalse":
        note = q.feedback.get(not q.answer)
    return note.en if note is not None else None


def seed_asking(*questions: Question) -> int:
    """A seed whose quiz over exactly these questions asks them in this order."""
    ids = [q.id for q in questions]
    return next(
        seed for seed in range(200)
        if [i.id for i in plan_quiz(questions, count=len(ids), seed=seed).items] == ids
    )


def keys_for(item: QuizItem, right: bool) -> list[str]:
    """The key presses that answer ``item`` rightly or wrongly, ending with Enter."""
    q = item.question
    if q.type in ("choice", "plot"):
        return [str((q.answer if right else wrong_choice(q)) + 1), "enter"]
    if q.type == "multi":
        picks = set(q.answers)
        if not right:
            picks.add(next(i for i in range(len(q.choices)) if i not in q.answers))
        return [str(i + 1) for i in sorted(picks)] + ["enter"]
    if q.type == "truefalse":
        return ["t" if q.answer == right else "f", "enter"]
    target = item.instance if item.instance is not None else q
    value = target.answer if right else target.answer + 100 * target.tolerance + 1
    return [*f"{value:.{answer_decimals(item) + 1}f}", "enter"]


@pytest.mark.parametrize("qtype", TYPES)
async def test_every_type_answered_right_then_wrong_through_keys(course, store, qtype) -> None:
    # The second question, answered wrongly, shows a misconception note where its type has one.
    first = first_of(course, qtype)
    second = first_of(course, qtype, lambda q: q is not first and has_notes(q))
    app = quiz_app(only(course, first, second), store, seed=seed_asking(first, second))
    async with app.run_test(size=SIZE) as pilot:
        screen = await started(pilot)
        for number, right in ((1, True), (2, False)):
            item = screen.item
            assert screen.phase == "asking"
            await pilot.press(*keys_for(item, right))
            await pilot.pause()
            # Recorded the moment it was graded, in this session.
            latest = store.history(limit=1)[0]
            assert (latest.question_id, latest.correct) == (item.id, right)
            assert latest.session_id == screen.session_id is not None
            assert len(store.history()) == number
            assert screen.phase == "feedback"
            feedback = screen.query_one("#q-feedback")
            assert feedback.has_class("-right" if right else "-wrong")
            text = " ".join(plain(feedback).split())
            assert ("Right!" in text) is right
            assert ("Not quite" in text) is not right
            assert " ".join(item.explanation.en.split()[:4]) in text
            if not right and qtype == "multi":
                numbers = ", ".join(str(i + 1) for i in sorted(item.question.answers))
                assert f"Answer: {numbers}" in text
            elif not right:
                assert " ".join(correct_answer(item).en.split()) in text
            if not right and qtype in ("choice", "truefalse"):
                note = expected_note(item.question)
                assert " ".join(note.split()[:5]) in text
            if item.type in ("choice", "plot", "truefalse"):
                assert "your answer" in plain(screen.query_one(".q-recap"))
            assert screen.query_one(QuizStatus).answered == number
            await pilot.press("enter")
            await pilot.pause()
        assert isinstance(app.screen, ResultsScreen)


async def test_unparsable_numbers_get_a_hint_and_are_not_recorded(course, store) -> None:
    question = first_of(course, "numeric")
    app = quiz_app(only(course, question), store)
    async with app.run_test(size=SIZE) as pilot:
        screen = await started(pilot)
        hint = screen.query_one("#q-input-hint")
        await pilot.press("a", "b", "c", "enter")
        await pilot.pause()
        assert "not a number" in plain(hint)
        assert hint.has_class("-problem")
        for _ in range(3):
            await pilot.press("backspace")
        await pilot.press("1", "/", "0", "enter")
        await pilot.pause()
        assert "Division by zero" in plain(hint)
        for _ in range(3):
            await pilot.press("backspace")
        await pilot.press("enter")
        await pilot.pause()
        assert "Type a number" in plain(hint)
        assert store.history() == []
        assert screen.phase == "asking"
        assert screen.query_one(QuizStatus).answered == 0
        await pilot.press(*keys_for(screen.item, True))
        await pilot.pause()
        assert [h.correct for h in store.history()] == [True]


async def test_multi_needs_a_tick_before_it_is_submitted(course, store) -> None:
    question = first_of(course, "multi")
    app = quiz_app(only(course, question), store)
    async with app.run_test(size=SIZE) as pilot:
        screen = await started(pilot)
        await pilot.press("enter")
        await pilot.pause()
        assert store.history() == [] and screen.phase == "asking"
        first = min(question.answers)
        await pilot.press(str(first + 1), str(first + 1))  # tick and untick
        await pilot.press("down", "space")  # Space ticks the highlighted option
        await pilot.pause()
        ticked = screen.query_one("#q-answer").selected
        assert ticked == {screen.query_one("#q-answer").highlighted}


async def test_lesson_link_opens_the_section_and_escape_returns_to_the_question(
    course, store
) -> None:
    questions = [first_of(course, "choice"), first_of(course, "truefalse")]
    app = quiz_app(only(course, *questions), store, seed=3)
    async with app.run_test(size=SIZE) as pilot:
        screen = await started(pilot)
        item = screen.item
        await pilot.press("l")  # not offered before answering
        await pilot.pause()
        assert app.screen is screen
        await pilot.press(*keys_for(item, False))
        await pilot.press("l")
        await pilot.pause()
        lesson = app.screen
        assert isinstance(lesson, LessonScreen)
        assert (lesson.lesson_id, lesson.section) == (item.lesson, item.section)
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is screen
        assert screen.item is item and screen.phase == "feedback"
        assert screen.query_one("#q-feedback").has_class("-wrong")
        await pilot.press("enter")
        await pilot.pause()
        assert screen.index == 1 and screen.phase == "asking"
        assert len(store.history()) == 1


async def test_results_show_the_score_and_mistakes_retry_only_the_wrong_ones(
    course, store
) -> None:
    questions = [q for q in course.questions if q.type == "choice"][:3]
    app = quiz_app(only(course, *questions), store, seed=5)
    async with app.run_test(size=SIZE) as pilot:
        screen = await started(pilot)
        wrong_ids = []
        for n in range(3):
            right = n == 0
            if not right:
                wrong_ids.append(screen.item.id)
            await pilot.press(*keys_for(screen.item, right))
            await pilot.press("enter")
            await pilot.pause()
        results = app.screen
        assert isinstance(results, ResultsScreen)
        score = plain(results.query_one("#results-score"))
        assert "1 / 3" in score and "33%" in score
        bars = plain(results.query_one("#results-bars"))
        for lesson_id in {q.lesson for q in questions}:
            assert course.lesson(lesson_id).title.en[:20] in bars
        summary = store.session(screen.session_id)
        assert summary.finished_at is not None and summary.answers == 3 and summary.correct == 1
        assert store.mistakes(screen.session_id) == wrong_ids

        await pilot.press("m")
        await pilot.pause()
        await pilot.pause()
        retry = app.screen
        assert isinstance(retry, QuizScreen) and retry is not screen
        assert retry.plan.kind == "mistakes"
        assert [i.id for i in retry.plan.items] == wrong_ids
        for _ in wrong_ids:
            await pilot.press(*keys_for(retry.item, True))
            await pilot.press("enter")
            await pilot.pause()
        assert isinstance(app.screen, ResultsScreen)
        assert "2 / 2" in plain(app.screen.query_one("#results-score"))
        assert store.session(retry.session_id).kind == "mistakes"
        await pilot.press("m")  # nothing to retry now
        await pilot.pause()
        assert isinstance(app.screen, ResultsScreen)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)


async def test_review_asks_due_questions_first(course, tmp_path: Path) -> None:
    questions = [q for q in course.questions if q.type in ("choice", "truefalse")][:8]
    day0 = datetime(2026, 3, 2, 12, tzinfo=timezone.utc)
    earlier = ProgressStore.open(tmp_path, clock=lambda: day0)
    for question, correct in ((questions[5], False), (questions[2], True)):
        earlier.record_answer(question.id, question.lesson, "1", correct, 4000)
    earlier.close()
    later = ProgressStore.open(tmp_path, clock=lambda: day0 + timedelta(days=30))
    due = later.due_question_ids(question_ids=[q.id for q in questions])
    assert set(due) == {questions[5].id, questions[2].id}
    app = quiz_app(only(course, *questions), later, review=True, count=5)
    async with app.run_test(size=SIZE) as pilot:
        screen = await started(pilot)
        assert screen.plan.kind == "review"
        assert [i.id for i in screen.plan.items[:2]] == due
        assert [i.due for i in screen.plan.items] == [True, True, False, False, False]
        assert "due for review" in plain(screen.query_one(".q-meta"))
        await pilot.press(*keys_for(screen.item, True))
        await pilot.pause()
    assert later.session(screen.session_id).kind == "review"
    later.close()


async def test_review_with_nothing_due_offers_a_normal_quiz(course, store) -> None:
    questions = [first_of(course, "choice"), first_of(course, "truefalse")]
    app = quiz_app(only(course, *questions), store, review=True)
    async with app.run_test(size=SIZE) as pilot:
        screen = await started(pilot)
        assert screen.phase == "empty"
        assert not screen.query("QuestionView")
        assert "Nothing is due for review" in plain(screen.query_one("#quiz-empty"))
        assert store.sessions() == []
        await pilot.press("enter")
        await pilot.pause()
        assert screen.phase == "asking" and screen.plan.kind == "quiz"
        assert len(screen.plan) == 2


async def test_leaving_mid_quiz_keeps_the_answers(course, store) -> None:
    questions = [q for q in course.questions if q.type == "choice"][:3]
    app = make_app(course=only(course, *questions), store=store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        app.open_quiz(seed=2)
        screen = await started(pilot)
        await pilot.press(*keys_for(screen.item, True), "enter")
        await pilot.press(*keys_for(screen.item, False))
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
    assert [h.correct for h in reversed(store.history())] == [True, False]
    assert store.session(screen.session_id).finished_at is None


async def test_plot_question_draws_the_curve_without_naming_it(course, store) -> None:
    question = first_of(course, "plot", lambda q: q.plot.of == "derivative")
    app = quiz_app(only(course, question), store)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await started(pilot)
        plot = screen.query_one(MysteryPlot)
        # numpy and plotext load in a worker; the chart is mounted, then drawn at a repaint.
        await wait_until(pilot, lambda: plot.chart is not None and plot.chart.build_count >= 1,
                         "the chart drawn by plotext")
        assert plot.chart is not None
        shown = plain(plot.chart)
        assert "f′(x)" in shown
        assert [s.marker for s in plot.chart.series] == [DERIVATIVE_MARKER]  # f′ alone
        from acttutor.core.activations import get_activation

        answer = get_activation(question.choices[question.answer])
        assert answer.name not in shown and answer.display not in shown
        await pilot.press(*keys_for(screen.item, True))
        await pilot.pause()
        await pilot.pause()
        body = screen.query_one("#quiz-body")
        feedback = screen.query_one("#q-feedback")
        # Scrolled so the verdict is on screen, even at 80×24.
        assert feedback.region.y < body.region.bottom
        assert feedback.region.height > 0


async def test_clicking_an_option_answers_it(course, store) -> None:
    question = first_of(course, "choice", lambda q: all(len(c.text.en) < 60 for c in q.choices))
    app = quiz_app(only(course, question), store)
    async with app.run_test(size=SIZE) as pilot:
        screen = await started(pilot)
        assert await pilot.click("#q-answer", offset=(6, question.answer))
        await pilot.pause()
        assert [(h.question_id, h.correct) for h in store.history()] == [(question.id, True)]
        assert screen.phase == "feedback"


async def test_enter_without_a_pick_and_a_lesson_without_questions(course, store) -> None:
    question = first_of(course, "choice")
    app = quiz_app(only(course, question), store)
    async with app.run_test(size=SIZE) as pilot:
        screen = await started(pilot)
        await pilot.press("enter", "9", "enter")  # nothing picked; there is no option 9
        await pilot.pause()
        assert store.history() == [] and screen.phase == "asking"
    app = quiz_app(only(course), store)
    async with app.run_test(size=SIZE) as pilot:
        screen = await started(pilot)
        assert screen.phase == "empty"
        assert "No questions to ask" in plain(screen.query_one("#quiz-empty"))
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)


async def test_quiz_goes_on_when_progress_cannot_be_saved(course, tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the data folder should be")
    store = ProgressStore.open(blocker / "data")
    assert not store.saving
    question = first_of(course, "choice")
    app = quiz_app(only(course, question), store)
    async with app.run_test(size=SIZE) as pilot:
        screen = await started(pilot)
        await pilot.press(*keys_for(screen.item, True))
        await pilot.pause()
        assert screen.query_one("#q-feedback").has_class("-right")
        assert [h.correct for h in store.history()] == [True]
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ResultsScreen)


async def test_the_footer_follows_the_phase_and_a_click_presses_the_key(
    course, store, footer_keys
) -> None:
    question = first_of(course, "choice")
    app = quiz_app(only(course, question), store)
    async with app.run_test(size=SIZE) as pilot:
        screen = await started(pilot)
        asking = [key.label for key in footer_keys(screen)]
        assert "submit" in asking and "next question" not in asking
        assert str(screen.query_one(Header).screen_title) == "Quiz"
        await pilot.press(str(question.answer + 1), "enter")
        await pilot.pause()
        assert screen.phase == "feedback"
        done = [key.label for key in footer_keys(screen)]
        assert "see results" in done and "submit" not in done
        # Clicking "esc leave quiz" in the Footer leaves, as pressing escape does.
        leave = next(k for k in screen.query("FooterKey") if k.description == "leave quiz")
        assert await pilot.click(leave)
        await pilot.pause()
        assert not isinstance(app.screen, QuizScreen)
