"""Navigation without traps: rereading a question's lesson, no quiz in a quiz, one explorer,
and Escape back to where the learner came from."""

from __future__ import annotations

from acttutor.app import QuizRequest, StartLesson, StartQuiz, make_app
from acttutor.course.models import Course
from acttutor.screens.explorer import ExplorerScreen
from acttutor.screens.home import HomeScreen
from acttutor.screens.lesson import LessonScreen
from acttutor.screens.quiz import QuizScreen
from acttutor.widgets.lab import Lab

SIZE = (100, 32)


def _only(course: Course, question_id: str) -> Course:
    question = next(q for q in course.questions if q.id == question_id)
    return Course(course.title, course.lessons, course.banks, (question,))


async def test_home_lesson_escape_returns_home(course, store) -> None:
    app = make_app(course=course, store=store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        home = app.screen
        assert isinstance(home, HomeScreen)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, LessonScreen)
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is home


async def test_reread_charts_the_questions_activation_and_has_no_quiz(course, store) -> None:
    # elu-family-celu-slope asks about CELU with α = 2; the lesson's first chart is ELU.
    app = make_app(course=_only(course, "elu-family-celu-slope"), store=store,
                   start=StartQuiz(QuizRequest(count=1, seed=1)))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        quiz = app.screen
        assert isinstance(quiz, QuizScreen)
        await pilot.press(*"0.607", "enter", "l")
        await pilot.pause()
        lesson = app.screen
        assert isinstance(lesson, LessonScreen)
        slot = lesson.query_one(Lab).state.slot
        assert slot.name == "celu"
        assert slot.param_dict["alpha"] == 2
        depth = len(app.screen_stack)
        await pilot.press("t")
        await pilot.pause()
        assert app.screen is lesson and len(app.screen_stack) == depth
        assert lesson.check_action("quiz", ()) is None  # shown disabled in the key bar
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is quiz
        assert quiz.phase == "feedback" and quiz.index == 0


async def test_a_lesson_opened_from_home_still_offers_its_quiz(course, store) -> None:
    app = make_app(course=course, store=store, start=StartLesson("elu-family"))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        lesson = app.screen
        assert isinstance(lesson, LessonScreen)
        assert lesson.query_one(Lab).state.slot.name == "elu"
        await pilot.press("t")
        await pilot.pause()
        assert isinstance(app.screen, QuizScreen)


async def _plot_from_palette(pilot, name: str) -> None:
    await pilot.press("ctrl+p")
    await pilot.pause()
    await pilot.press(*f"Plot: {name}")
    await pilot.pause()
    await pilot.press("enter")
    await pilot.pause()


async def test_palette_plot_twice_reuses_one_explorer(course, store) -> None:
    app = make_app(course=course, store=store)
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause()
        home = app.screen
        await _plot_from_palette(pilot, "Mish")
        explorer = app.screen
        assert isinstance(explorer, ExplorerScreen)
        await _plot_from_palette(pilot, "Softplus")
        assert app.screen is explorer
        assert sum(isinstance(s, ExplorerScreen) for s in app.screen_stack) == 1
        assert explorer.query_one(Lab).state.slots[0].name == "softplus"
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is home


async def test_palette_plot_goes_back_to_the_explorer_under_a_lesson(course, store) -> None:
    app = make_app(course=course, store=store)
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause()
        home = app.screen
        await _plot_from_palette(pilot, "Mish")
        explorer = app.screen
        app.open_lesson("softplus")
        await pilot.pause()
        assert isinstance(app.screen, LessonScreen)
        await _plot_from_palette(pilot, "ReLU")
        assert app.screen is explorer
        assert sum(isinstance(s, ExplorerScreen) for s in app.screen_stack) == 1
        assert explorer.query_one(Lab).state.slots[0].name == "relu"
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is home


async def test_palette_plot_never_closes_a_quiz(course, store) -> None:
    app = make_app(course=course, store=store)
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause()
        await _plot_from_palette(pilot, "Mish")
        app.open_quiz(count=2, seed=1)
        await pilot.pause()
        quiz = app.screen
        assert isinstance(quiz, QuizScreen)
        await _plot_from_palette(pilot, "ReLU")
        assert isinstance(app.screen, ExplorerScreen)
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is quiz
