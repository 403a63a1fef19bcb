"""Results and stats that mean something: readable bars, whole titles, a lesson status that is
not one lucky answer, plurals, named keys, an unfilled progress bar, a labelled diagram with
gradients, headings that do not look like links."""

from __future__ import annotations

from rich.console import Console

from acttutor.app import QuizRequest, StartLesson, StartQuiz, make_app
from acttutor.core.network import default_input, default_network, default_target, forward
from acttutor.core.network_steps import FORWARD_KEYS
from acttutor.course.models import Course
from acttutor.screens.home import HomeScreen, lesson_rows
from acttutor.screens.lesson import LessonMarkdown
from acttutor.screens.quiz import QuizScreen, QuizStatus
from acttutor.screens.results import ResultsScreen
from acttutor.screens.stats import StatsScreen
from acttutor.widgets.accuracy import accuracy_bar
from acttutor.widgets.network_view import DiagramState, network_diagram


def _screen_text(app) -> str:
    return "\n".join(strip.text for strip in app.screen._compositor.render_strips())


def _only(course: Course, *question_ids: str) -> Course:
    questions = tuple(q for q in course.questions if q.id in question_ids)
    return Course(course.title, course.lessons, course.banks, questions)


def _bar_cells(line: str) -> tuple[int, int]:
    """(filled, empty) cells of the accuracy bar on one line of the screen."""
    return line.count("█"), line.count("░")


def test_bars_tell_half_from_all() -> None:
    half, full = accuracy_bar(0.5).plain, accuracy_bar(1.0).plain
    assert len(half) >= 10 and len(full) >= 10
    assert half.count("█") <= len(half) // 2 + 1 and full.count("█") == len(full)


def _long_titled(course: Course) -> tuple[str, str]:
    """A choice question from the lesson with the longest title (over 30 characters)."""
    lesson = max(course.lessons, key=lambda lesson: len(lesson.title.en))
    assert len(lesson.title.en) > 30
    question = next(q for q in course.questions if q.lesson == lesson.id and q.type == "choice")
    return lesson.title.en, question.id


async def test_results_show_whole_titles_and_name_the_keys(course, store) -> None:
    title, question_id = _long_titled(course)
    app = make_app(course=_only(course, question_id), store=store,
                   start=StartQuiz(QuizRequest(count=1, seed=1)))
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause()
        quiz = app.screen
        assert isinstance(quiz, QuizScreen)
        assert quiz.sub_title == "1 question"
        wrong = next(i for i in range(len(quiz.item.question.choices))
                     if i != quiz.item.question.answer)
        await pilot.press(str(wrong + 1), "enter", "enter")
        await pilot.pause()
        assert isinstance(app.screen, ResultsScreen)
        text = _screen_text(app)
        assert title in text
        assert "review the 1 mistake " in text
        assert "press m" in str(app.screen.query_one("#results-score").render())
        row = next(line for line in text.splitlines() if title in line)
        assert sum(_bar_cells(row)) >= 10


async def test_stats_bars_are_ten_cells_or_more(course, store) -> None:
    ids = [q.id for q in course.questions if q.lesson == "relu"][:2]
    store.record_answer(ids[0], "relu", "1", True, 3000)
    store.record_answer(ids[1], "relu", "2", False, 3000)
    app = make_app(course=course, store=store)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        app.push_screen(StatsScreen())
        await pilot.pause()
        row = next(line for line in _screen_text(app).splitlines() if "ReLU, the" in line)
        filled, empty = _bar_cells(row)
        assert filled + empty >= 10 and filled == empty
        assert "50%" in row


async def test_home_status_counts_known_questions_not_one_lucky_answer(course, store) -> None:
    lesson_questions = [q.id for q in course.questions if q.lesson == "relu"]
    assert len(lesson_questions) > 2
    store.record_answer(lesson_questions[0], "relu", "1", True, 3000)
    app = make_app(course=course, store=store)
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        status = {row.lesson_id: row.status for row in lesson_rows(app)}
        assert status["relu"] == f"1/{len(lesson_questions)} known"
        assert "100%" not in _screen_text(app)
        # A later wrong answer to the same question un-knows it.
        store.record_answer(lesson_questions[0], "relu", "2", False, 3000)
        status = {row.lesson_id: row.status for row in lesson_rows(app)}
        assert status["relu"] == f"0/{len(lesson_questions)} known"


async def test_quiz_bar_starts_unfilled(course, store) -> None:
    app = make_app(course=course, store=store, start=StartQuiz(QuizRequest(count=3, seed=1)))
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.pause()
        status = app.screen.query_one(QuizStatus)
        shown = str(status.render())
        assert "━" not in shown and "─" * 10 in shown
        strip = next(s for s in app.screen._compositor.render_strips() if "─" * 10 in s.text)
        line = next(seg for seg in strip if "─" * 10 in seg.text)
        text = next(seg for seg in strip if "of 3" in seg.text)
        faded, normal = line.style.color.triplet, text.style.color.triplet
        assert sum(faded) < 0.6 * sum(normal)  # the unfilled part is not drawn in full white
        status.show(2, 3, 1, 1)
        shown = str(status.render())
        assert "━" in shown and "─" in shown


def test_diagram_labels_the_unit_column_and_shows_gradients() -> None:
    from acttutor.core.network import gradients

    net, x = default_network(), default_input()
    grads = gradients(net, x, default_target())
    dz1 = tuple(float(v) for v in grads.dz1)
    dz2 = tuple(float(v) for v in grads.dz2)
    state = DiagramState(
        net, forward(net, x), frozenset({*FORWARD_KEYS, "dz2"}),
        gradients={"dz1": dz1, "dz2": dz2},
    )
    lines = network_diagram(state).plain.splitlines()
    header = lines[1].split("│")
    assert header[1].split()[0] == "unit" and header[2].split()[0] == "unit"
    assert "∂L/∂z₂" in header[2] and "∂L/∂z₁" in header[1]  # the lessons' notation
    unit1 = lines[2].split("│")
    assert unit1[2].split()[-1] == "−0.002473"  # ∂L/∂z2 revealed
    assert unit1[1].split()[-1] == "·"  # ∂L/∂z1 not yet


def test_lesson_headings_are_not_underlined() -> None:
    markdown = LessonMarkdown("## The derivative\n\nText with a [link](http://example.org).")
    console = Console(width=60, record=True, color_system="truecolor")
    segments = list(console.render(markdown))
    heading = [s for s in segments if "derivative" in s.text]
    assert heading and all(s.style is None or not s.style.underline for s in heading)
    assert all(s.style is None or s.style.bold for s in heading if s.text.strip())


async def test_lesson_screen_headings_are_not_underlined(course, store) -> None:
    lesson = course.lesson("relu")
    title = next(s.title for s in lesson.sections if s.title)
    app = make_app(course=course, store=store, start=StartLesson("relu"))
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        strips = [s for s in app.screen._compositor.render_strips() if title in s.text]
        assert strips
        heading = [seg for seg in strips[0] if seg.text.strip() and seg.text.strip() in title]
        assert heading and not any(seg.style and seg.style.underline for seg in heading)
