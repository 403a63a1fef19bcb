"""SVG snapshots of the key screens in Korean (issue 15): home, a lesson, a quiz question with its
feedback, the results and the forward pass.

After an intended change, update them with
``uv run pytest -n0 tests/ui/test_korean_snapshots.py --snapshot-update`` and look at the SVGs.
"""

from __future__ import annotations

import pytest

import acttutor.screens.quiz as quiz_screen
from acttutor.app import QuizRequest, StartForward, StartLesson, StartQuiz, make_app
from acttutor.core.i18n import ngettext, use_language
from acttutor.course.models import Course
from acttutor.course.quiz import plan_quiz

SIZE = (100, 32)


@pytest.fixture(autouse=True)
def english_afterwards():
    """Each snapshot builds a Korean tutor; the next test starts in English again."""
    yield
    use_language("en")


@pytest.fixture
def fixed_clock(monkeypatch):
    """The quiz's clock and review dates fixed: every answer comes back "in 3 days" and a quiz
    takes 95 s, so the feedback and the results look the same on every run."""

    class Clock:
        now = 1000.0

        @classmethod
        def monotonic(cls) -> float:
            cls.now += 95.0 / 4  # start, shown, answered, finished: 95 s in all
            return cls.now

    monkeypatch.setattr(quiz_screen, "time", Clock)
    monkeypatch.setattr(quiz_screen, "_when", lambda moment: ngettext(
        "in {n} day", "in {n} days", 3).format(n=3))


def test_home_snapshot_ko(snap_compare, course, store) -> None:
    assert snap_compare(make_app(course=course, store=store, lang="ko"), terminal_size=SIZE)


def test_lesson_snapshot_ko(snap_compare, course, store) -> None:
    app = make_app(course=course, store=store, start=StartLesson("sigmoid"), lang="ko")
    assert snap_compare(app, press=["right", "right"], terminal_size=SIZE)


def _two_questions(course: Course) -> tuple[Course, int, int]:
    """sigmoid-range (asked first) and another question; the wrong option with a note."""
    question = course.question("sigmoid-range")
    wrong = next(i for i, c in enumerate(question.choices) if i != question.answer and c.feedback)
    small = Course(course.title, course.lessons, course.banks, (question, course.questions[0]))
    seed = next(s for s in range(50) if plan_quiz(small.questions, count=2, seed=s).items[0].id
                == question.id)
    return small, seed, wrong


def test_quiz_feedback_snapshot_ko(snap_compare, course, store, fixed_clock) -> None:
    small, seed, wrong = _two_questions(course)
    app = make_app(course=small, store=store, start=StartQuiz(QuizRequest(count=2, seed=seed)),
                   lang="ko")
    assert snap_compare(app, press=["_", str(wrong + 1), "enter"], terminal_size=SIZE)


def test_results_snapshot_ko(snap_compare, course, store, fixed_clock) -> None:
    small, seed, wrong = _two_questions(course)
    app = make_app(course=small, store=store, start=StartQuiz(QuizRequest(count=2, seed=seed)),
                   lang="ko")

    async def answer_both(pilot) -> None:
        await pilot.pause()
        await pilot.press(str(wrong + 1), "enter", "enter")
        await pilot.pause()
        item = pilot.app.screen.item
        await pilot.press(*keys_right(item), "enter")
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()

    assert snap_compare(app, run_before=answer_both, terminal_size=SIZE)


def keys_right(item) -> list[str]:
    """The keys that answer the second question rightly."""
    q = item.question
    if q.type in ("choice", "plot"):
        return [str(q.answer + 1), "enter"]
    if q.type == "truefalse":
        return ["t" if q.answer else "f", "enter"]
    if q.type == "multi":
        return [*(str(i + 1) for i in sorted(q.answers)), "enter"]
    return [*str(q.answer), "enter"]


def test_forward_snapshot_ko(snap_compare, course, store) -> None:
    app = make_app(course=course, store=store, start=StartForward(), lang="ko")
    assert snap_compare(app, press=["right", "right", "right", "b"], terminal_size=SIZE)
