"""Served mode's first screen: the learner's name picks their own progress store."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Input, Static

from acttutor.app import make_app
from acttutor.screens.home import HomeScreen
from acttutor.screens.learner import LearnerScreen
from tests.ui.waits import start_up_done, wait_until

SIZE = (100, 32)


async def _type_name(pilot, name: str) -> None:
    field = pilot.app.screen.query_one("#learner-name", Input)
    field.value = name
    await pilot.press("enter")
    await pilot.pause()


async def test_a_name_opens_home_with_that_learners_own_store(course, tmp_path: Path) -> None:
    learners = tmp_path / "learners"
    app = make_app(course=course, learners_dir=learners)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, LearnerScreen)
        assert app.screen.focused is app.screen.query_one("#learner-name", Input)
        await pilot.press(*"Ana  Lee")
        await pilot.press("enter")
        await wait_until(pilot, lambda: start_up_done(app), "the learner's store")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        assert sum(isinstance(s, HomeScreen) for s in app.screen_stack) == 1
        assert app.store is not None
        assert app.store.path == learners / "ana lee" / "progress.sqlite3"
        assert app.title == "acttutor · Ana Lee"
        app.mark_lesson_read(course.lessons[0].id)
        assert (learners / "ana lee" / "progress.sqlite3").is_file()


async def test_a_bad_name_is_refused_with_the_reason_and_nothing_is_written(
    course, tmp_path: Path
) -> None:
    learners = tmp_path / "learners"
    app = make_app(course=course, learners_dir=learners)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        for bad, reason in (
            ("", "Type your name"),
            ("../etc", "not '/'"),
            ("[bold]x[/]", "not '['"),
            (".hidden", "dot"),
            ("x" * 41, "40 characters"),
        ):
            await _type_name(pilot, bad)
            assert isinstance(app.screen, LearnerScreen), bad
            problem = str(app.screen.query_one("#learner-problem", Static).render())
            assert reason in problem, (bad, problem)
        assert app.store is None
        assert not learners.exists()


async def test_two_tabs_with_one_name_share_one_history(course, tmp_path: Path) -> None:
    learners = tmp_path / "learners"
    first, second = (make_app(course=course, learners_dir=learners) for _ in range(2))
    async with first.run_test(size=SIZE) as pilot_one, second.run_test(size=SIZE) as pilot_two:
        for pilot, typed in ((pilot_one, "Ana"), (pilot_two, "ana")):
            await pilot.pause()
            await _type_name(pilot, typed)
            await wait_until(pilot, lambda app=pilot.app: start_up_done(app), "the store")
        assert first.store is not None and second.store is not None
        assert first.store.path == second.store.path
        first.store.record_answer("relu-range", "relu", "1", True, 2000)
        second.store.record_answer("relu-dead", "relu", "2", False, 3000)
        for app in (first, second):
            assert {r.question_id for r in app.store.history()} == {"relu-range", "relu-dead"}


def test_learner_screen_snapshot(snap_compare, course, tmp_path: Path) -> None:
    async def refuse_a_path(pilot) -> None:
        await _type_name(pilot, "../notes")

    app = make_app(course=course, learners_dir=tmp_path / "learners")
    assert snap_compare(app, run_before=refuse_a_path, terminal_size=SIZE)
