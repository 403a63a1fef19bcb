"""Textual's Header and Footer on every screen: each screen's main keys first, labelled with what
they do now, all visible at 80×24; and the size notice from the very start."""

from __future__ import annotations

from textual.screen import Screen
from textual.widgets import Footer, Header, Input

from acttutor.app import (
    QuizRequest,
    StartForward,
    StartHome,
    StartLesson,
    StartQuiz,
    make_app,
)
from acttutor.screens.explorer import ExplorerScreen
from acttutor.screens.forward import ForwardScreen
from acttutor.screens.home import HomeScreen
from acttutor.screens.lesson import LessonScreen
from acttutor.screens.quiz import QuizScreen
from acttutor.screens.stats import StatsScreen
from acttutor.screens.too_small import TooSmallScreen

NARROW = (80, 24)


def labels(footer_keys, screen: Screen[object]) -> dict[str, str]:
    """Shown key -> label, for the keys whose key and label are wholly on screen."""
    return {key.shown: key.label for key in footer_keys(screen) if key.visible}


async def test_every_screen_has_a_header_and_its_main_keys_visible_at_80_columns(
    course, store, footer_keys
) -> None:
    main_keys = {
        HomeScreen: {"⏎": "open", "e": "explorer", "f": "forward pass", "t": "quiz", "q": "quit",
                     "?": "keys"},
        LessonScreen: {"←": "probe", "→": "probe", "t": "quiz", "a": "activation", "0": "reset",
                       "−": "slope −", "+": "slope +", "esc": "back", "?": "keys"},
        ForwardScreen: {"b": "backward", "e": "edit", "p": "predict", "←": "step",
                        "→": "step", "r": "restart", "n": "no activation", "esc": "back"},
        ExplorerScreen: {"←": "probe", "→": "probe", "0": "reset", "esc": "back"},
        StatsScreen: {"esc": "back", "?": "keys"},
    }
    app = make_app(course=course, store=store)
    async with app.run_test(size=NARROW) as pilot:
        await pilot.pause()
        seen: dict[type[Screen[object]], dict[str, str]] = {}
        for keys in ((), ("enter",), ("escape", "f"), ("escape", "e"), ("escape", "s")):
            for key in keys:
                await pilot.press(key)
            if not keys:
                await app.workers.wait_for_complete()
            await pilot.pause()
            await pilot.pause()
            screen = app.screen
            if isinstance(screen, LessonScreen):
                assert screen.lesson_id == course.lessons[0].id
                await pilot.press("escape")
                await app.workers.wait_for_complete()
                await pilot.pause()
                outline = app.screen.query_one("#outline")
                outline.highlighted = next(
                    i for i, lesson in enumerate(course.lessons)
                    if lesson.id == "leaky-relu-family"
                )
                await pilot.press("enter")
                await pilot.pause()
                await pilot.pause()
                screen = app.screen
            assert screen.query_one(Header) and screen.query_one(Footer)
            seen[type(screen)] = labels(footer_keys, screen)
        for screen_type, expected in main_keys.items():
            shown = seen[screen_type]
            missing = {k: v for k, v in expected.items() if shown.get(k) != v}
            assert not missing, f"{screen_type.__name__}: {missing} not visible in {shown}"


async def test_main_keys_come_first(course, store, footer_keys) -> None:
    app = make_app(course=course, store=store, start=StartLesson("leaky-relu-family"))
    async with app.run_test(size=NARROW) as pilot:
        await pilot.pause()
        order = [key.label for key in footer_keys(app.screen)]
        assert order[:5] == ["probe", "probe", "quiz", "activation", "reset"]
        assert order.index("back") > order.index("slope +")


async def test_quiz_footer_at_80_columns_shows_submit_and_leave(course, store, footer_keys) -> None:
    app = make_app(course=course, store=store, start=StartQuiz(QuizRequest(count=2, seed=1)))
    async with app.run_test(size=NARROW) as pilot:
        await pilot.pause()
        await pilot.pause()
        assert isinstance(app.screen, QuizScreen)
        shown = labels(footer_keys, app.screen)
        assert shown.get("esc") == "leave quiz"
        assert "submit" in shown.values()


async def test_parameter_keys_name_the_selected_parameter(course, store, footer_keys) -> None:
    app = make_app(course=course, store=store, start=StartLesson("leaky-relu-family"))
    async with app.run_test(size=NARROW) as pilot:
        await pilot.pause()
        shown = labels(footer_keys, app.screen)
        assert shown["−"] == "slope −" and shown["+"] == "slope +"
        assert "p" not in shown  # leaky ReLU has one parameter: nothing to switch to
        await pilot.press("a")  # PReLU: its weight a
        await pilot.pause()
        assert labels(footer_keys, app.screen)["+"] == "weight +"
        await pilot.press("a")  # RReLU: lower and upper
        await pilot.pause()
        shown = labels(footer_keys, app.screen)
        assert shown["−"] == "lower −" and shown["p"] == "next param"
        await pilot.press("p")
        await pilot.pause()
        assert labels(footer_keys, app.screen)["−"] == "upper −"
        # The key still does what its label says: upper goes down by one step.
        before = dict(app.screen.lab().state.slot.params)["upper"]
        await pilot.press("minus")
        await pilot.pause()
        assert dict(app.screen.lab().state.slot.params)["upper"] < before


async def test_the_derivative_key_says_whether_it_hides_or_shows(course, store) -> None:
    app = make_app(course=course, store=store, start=StartLesson("sigmoid"))
    async with app.run_test(size=NARROW) as pilot:
        await pilot.pause()

        def d_label() -> str:
            return app.screen.active_bindings["d"].binding.description

        assert d_label() == "hide f′"
        await pilot.press("d")
        await pilot.pause()
        assert d_label() == "show f′" and not app.screen.lab().state.show_derivative


async def test_a_lesson_without_parameters_has_no_parameter_keys(
    course, store, footer_keys
) -> None:
    app = make_app(course=course, store=store, start=StartLesson("sigmoid"))
    async with app.run_test(size=NARROW) as pilot:
        await pilot.pause()
        shown = labels(footer_keys, app.screen)
        assert "−" not in shown and "+" not in shown and "p" not in shown
        before = app.screen.lab().state
        await pilot.press("plus")  # still a key: the panel says why nothing changes
        await pilot.pause()
        assert app.screen.lab().state.slot == before.slot


async def test_forward_switches_say_what_they_do_now(course, store, footer_keys) -> None:
    app = make_app(course=course, store=store, start=StartForward())
    async with app.run_test(size=NARROW) as pilot:
        await pilot.pause()
        shown = labels(footer_keys, app.screen)
        assert shown["n"] == "no activation" and shown["b"] == "backward"
        await pilot.press("n")
        await pilot.pause()
        shown = labels(footer_keys, app.screen)
        assert shown["n"] == "with activation" and "b" not in shown
        await pilot.press("n", "b")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ForwardScreen) and screen.backward
        assert labels(footer_keys, screen)["b"] == "forward only"
        await pilot.press("p")  # predict mode: the cursor goes to the prediction field
        await pilot.pause()
        await pilot.press("escape")  # leaves the field; the keys are keys again
        await pilot.pause()
        assert screen.predicting and labels(footer_keys, screen)["p"] == "stop predicting"


async def test_the_editor_shows_enter_and_escape_while_typing(course, store, footer_keys) -> None:
    app = make_app(course=course, store=store, start=StartForward())
    async with app.run_test(size=NARROW) as pilot:
        await pilot.pause()
        await pilot.press("e")
        await pilot.pause()
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ForwardScreen) and screen.editing
        assert isinstance(screen.focused, Input)
        shown = labels(footer_keys, screen)
        assert shown.get("⏎") == "apply" and shown.get("esc") == "close editor"
        assert "b" not in shown and "n" not in shown  # typed into the field, not keys now
        # Enter applies the fields (a changed x), Escape after that goes back.
        field = screen.focused
        field.value = "1, 1"
        await pilot.press("enter")
        await pilot.pause()
        assert not screen.editing and list(screen.x) == [1.0, 1.0]
        assert labels(footer_keys, screen).get("esc") == "back"
        await pilot.press("e")
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is screen and not screen.editing


async def test_a_small_terminal_shows_the_size_notice_from_the_start(course, store) -> None:
    app = make_app(course=course, store=store, start=StartHome())
    async with app.run_test(size=(50, 14)) as pilot:
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(app.screen, TooSmallScreen)
        assert "50×14" in str(app.screen.query_one("#too-small-text").render())
        await pilot.resize_terminal(100, 30)
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)


async def test_a_direct_start_in_a_small_terminal_shows_the_notice_over_the_room(
    course, store
) -> None:
    app = make_app(course=course, store=store, start=StartLesson("relu"))
    async with app.run_test(size=(50, 14)) as pilot:
        await pilot.pause()
        await pilot.pause()
        assert isinstance(app.screen, TooSmallScreen)
        await pilot.resize_terminal(100, 30)
        await pilot.pause()
        assert isinstance(app.screen, LessonScreen) and app.screen.lesson_id == "relu"
