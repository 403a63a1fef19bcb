"""No give-aways: before a question is answered, the quiz screen never names where it comes from.

A section title often *is* the answer ("The gradient is σ(z) − t", "SiLU and Swish"), so the
walk asks every question of the built-in course in one quiz and, before answering each, reads
all the text on the screen: apart from the prompt and the options, neither the lesson's nor the
section's title may appear. After answering, the origin is shown with the feedback.
"""

from __future__ import annotations

from test_quiz import keys_for, plain, started
from textual.widgets import OptionList, Static

from acttutor.app import QuizRequest, StartQuiz, make_app
from acttutor.course.models import Course
from acttutor.course.quiz import choice_texts
from acttutor.screens.quiz import QuizScreen

SIZE = (120, 40)


def section_title(course: Course, lesson_id: str, section_id: str) -> str:
    for section in course.lesson(lesson_id).sections:
        if section.id == section_id:
            return section.title
    raise AssertionError(f"{lesson_id} has no section {section_id}")


def screen_text(screen: QuizScreen) -> str:
    """Every text the screen shows: titles, every Static, every option."""
    parts = [str(screen.title or ""), str(screen.sub_title or ""), str(screen.app.title or ""),
             str(screen.app.sub_title or "")]
    for widget in screen.query("*"):
        if isinstance(widget, Static):
            parts.append(plain(widget))
        elif isinstance(widget, OptionList):
            parts.extend(str(widget.get_option_at_index(i).prompt)
                         for i in range(widget.option_count))
    return "\n".join(parts)


async def test_no_question_shows_its_lesson_or_section_before_it_is_answered(course) -> None:
    count = len(course.questions)
    app = make_app(course=course, start=StartQuiz(QuizRequest(count=count, seed=7)))
    checked = 0
    async with app.run_test(size=SIZE) as pilot:
        screen = await started(pilot)
        assert len(screen.plan) == count
        for index in range(count):
            if index:  # asked in turn, as Enter after an answer would (answering costs time)
                screen.index = index
                await screen._show_question()
                await pilot.pause()
            item = screen.item
            assert screen.phase == "asking"
            lesson_title = course.lesson(item.lesson).title.en
            title = section_title(course, item.lesson, item.section)
            shown = screen_text(screen)
            # The prompt and the options may mention a topic by name; nothing else may.
            for own in (item.prompt.en, *(t.en for t in choice_texts(item))):
                shown = shown.replace(own, "")
            for name in (lesson_title, title):
                if name:
                    assert name.lower() not in shown.lower(), (item.id, name, shown)
            assert "›" not in shown, (item.id, shown)
            checked += 1
    assert checked == count


async def test_the_origin_is_shown_once_answered(course) -> None:
    app = make_app(course=course, start=StartQuiz(QuizRequest(count=3, seed=2)))
    async with app.run_test(size=SIZE) as pilot:
        screen = await started(pilot)
        for _ in range(3):
            item = screen.item
            lesson_title = course.lesson(item.lesson).title.en
            title = section_title(course, item.lesson, item.section)
            assert lesson_title not in plain(screen.query_one(".q-meta"))
            await pilot.press(*keys_for(item, True))
            await pilot.pause()
            feedback = " ".join(plain(screen.query_one("#q-feedback")).split())
            where = f"{lesson_title} › {title}" if title else lesson_title
            assert f"From: {where}" in feedback, (item.id, feedback)
            await pilot.press("enter")
            await pilot.pause()
