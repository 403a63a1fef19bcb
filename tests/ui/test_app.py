"""The tutor app through Textual's pilot: home, lessons, the lab, explorer, palette, sizes."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import DataTable, OptionList

from acttutor.app import StartLesson, StartupError, make_app
from acttutor.core.activations import get_activation
from acttutor.screens.explorer import ExplorerScreen
from acttutor.screens.home import HomeScreen
from acttutor.screens.lesson import LessonScreen, LessonSection
from acttutor.screens.stats import StatsScreen
from acttutor.screens.too_small import TooSmallScreen
from acttutor.widgets.activation_plot import ActivationPlot
from acttutor.widgets.lab import Lab, ParamPanel, ProbeReadout, fmt
from tests.ui.waits import start_up_done, wait_until

SIZE = (100, 32)


def _screen_text(app) -> str:
    """Everything on screen as plain text."""
    return "\n".join(strip.text for strip in app.screen._compositor.render_strips())


def plain(widget) -> str:
    """What a Static-like widget shows, as plain text."""
    return str(widget.render())


async def test_home_lists_every_lesson_in_order_with_status(course, store) -> None:
    app = make_app(course=course, store=store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        outline = app.screen.query_one(OptionList)
        ids = [outline.get_option_at_index(i).id for i in range(outline.option_count)]
        lesson_ids = [i for i in ids if i and i.startswith("lesson:")]
        assert lesson_ids == [f"lesson:{lesson.id}" for lesson in course.lessons]
        assert {"room:explorer", "room:forward", "room:quiz", "room:review", "room:stats"} <= set(
            ids
        )
        first = str(outline.get_option_at_index(0).prompt)
        assert "new" in first


async def test_home_to_lesson_and_back_marks_it_read(course, store) -> None:
    app = make_app(course=course, store=store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("j", "j", "enter")
        await pilot.pause()
        assert isinstance(app.screen, LessonScreen)
        assert app.screen.lesson_id == course.lessons[2].id
        assert course.lessons[2].id in store.lessons_read()
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        prompt = str(app.screen.query_one(OptionList).get_option_at_index(2).prompt)
        assert "read" in prompt


async def test_make_app_loads_the_course_when_not_given(store) -> None:
    app = make_app(store=store)
    async with app.run_test(size=SIZE) as pilot:
        # The loader starts after the first paint: wait for it to have run, not for the
        # workers that happen to exist yet (none, on a loaded machine).
        await wait_until(pilot, lambda: start_up_done(app), "the course loader")
        await pilot.pause()
        assert app.course is not None
        assert app.screen.query_one(OptionList).option_count > 15


async def test_lesson_command_opens_the_lesson_directly(course, store) -> None:
    app = make_app(course=course, store=store, start=StartLesson("relu"))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, LessonScreen) and app.screen.lesson_id == "relu"


async def test_unknown_lesson_exits_with_a_suggestion(course, store) -> None:
    app = make_app(course=course, store=store, start=StartLesson("rleu"))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
    assert app.return_code == 2


async def test_parameter_keys_change_the_plotted_data(course, store) -> None:
    app = make_app(course=course, store=store, start=StartLesson("leaky-relu-family"))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        plot = app.screen.query_one(ActivationPlot)
        before = plot.curves[0]
        slope = before.params["negative_slope"]
        await pilot.press("plus")
        await pilot.pause()
        after = plot.curves[0]
        assert after.params["negative_slope"] == pytest.approx(slope + 0.05)
        negative = after.x < 0
        assert (after.value[negative] < before.value[negative]).all()
        # 0.15 → 0.1 → 0.05 → 0.01 (PyTorch's default, which the lesson asks for) → 0.
        await pilot.press("minus", "minus", "minus")
        await pilot.pause()
        assert plot.curves[0].params["negative_slope"] == pytest.approx(0.01)
        await pilot.press("minus", "minus")
        await pilot.pause()
        assert plot.curves[0].params["negative_slope"] == 0.0  # clamped at the range's end
        assert "lower limit" in plain(app.screen.query_one(ParamPanel))


async def test_next_activation_and_next_parameter(course, store) -> None:
    app = make_app(course=course, store=store, start=StartLesson("leaky-relu-family"))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        lab = app.screen.query_one(Lab)
        names = [slot.name for slot in lab.state.slots]
        await pilot.press("a")
        await pilot.pause()
        assert app.screen.query_one(ActivationPlot).curves[0].activation.name == names[1]
        await pilot.press("a")  # the third: rrelu, with two parameters
        await pilot.pause()
        assert lab.state.slot.name == "rrelu"
        await pilot.press("p", "plus")
        await pilot.pause()
        assert lab.state.slot.param_dict["upper"] == pytest.approx(0.35)  # the next step of 0.05


async def test_probe_readout_equals_the_engine(course, store) -> None:
    app = make_app(course=course, store=store, start=StartLesson("sigmoid"))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("right", "right", "right", "shift+left")
        await pilot.pause()
        state = app.screen.query_one(Lab).state
        x = state.probe_x
        sigmoid = get_activation("sigmoid")
        text = plain(app.screen.query_one(ProbeReadout))
        assert f"x = {fmt(x)}" in text
        assert f"f(x) = {fmt(float(sigmoid.value(x)))}" in text
        assert f"f′(x) = {fmt(float(sigmoid.derivative(x)))}" in text


async def test_saturation_is_reported_where_the_gradient_vanishes(course, store) -> None:
    app = make_app(course=course, store=store, start=StartLesson("sigmoid"))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press(*["shift+right"] * 5)
        await pilot.pause()
        assert "saturated" in plain(app.screen.query_one(ProbeReadout))
        curve = app.screen.query_one(ActivationPlot).curves[0]
        spans = curve.saturated_spans()
        assert spans and spans[0][0] == curve.x[0] and spans[-1][1] == curve.x[-1]


async def test_toggle_derivative_and_zoom(course, store) -> None:
    app = make_app(course=course, store=store, start=StartLesson("relu"))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        plot = app.screen.query_one(ActivationPlot)
        width = plot.spec.x_range[1] - plot.spec.x_range[0]
        await pilot.press("d", "i")
        await pilot.pause()
        assert plot.spec.show_derivative is False
        assert plot.spec.x_range[1] - plot.spec.x_range[0] == pytest.approx(width / 2)
        await pilot.press("o", "o")
        await pilot.pause()
        assert plot.spec.x_range[1] - plot.spec.x_range[0] == pytest.approx(width * 2)


async def test_explorer_overlays_activations_with_a_table(course, store) -> None:
    app = make_app(course=course, store=store)
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.press("e")
        await pilot.pause()
        assert isinstance(app.screen, ExplorerScreen)
        plot = app.screen.query_one(ActivationPlot)
        assert [c.activation.name for c in plot.curves] == ["relu", "gelu", "sigmoid"]
        table = app.screen.query_one(DataTable)
        assert table.row_count == 3
        await pilot.press("2", "plus")
        await pilot.pause()
        assert plot.curves[1].params["approximate"] == "tanh"
        row = table.get_row_at(1)
        x = app.screen.query_one(Lab).state.probe_x
        expected = get_activation("gelu").value(x, approximate="tanh")
        assert row[2] == fmt(float(expected))


async def test_palette_opens_a_lesson(course, store) -> None:
    app = make_app(course=course, store=store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"Open lesson: Softplus")
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, LessonScreen)
        assert app.screen.lesson_id == "softplus"


async def test_palette_plots_an_activation_in_the_explorer(course, store) -> None:
    app = make_app(course=course, store=store)
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.press("ctrl+p")
        await pilot.press(*"Plot: Mish")
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ExplorerScreen)
        assert app.screen.query_one(ActivationPlot).curves[0].activation.name == "mish"


async def test_stats_screen_without_answers(course, store) -> None:
    app = make_app(course=course, store=store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("s")
        await pilot.pause()
        assert isinstance(app.screen, StatsScreen)
        assert app.screen.query_one(DataTable).row_count == len(course.lessons)


async def test_every_lesson_opens_and_plays_at_80x24(course, store) -> None:
    await _open_lessons(course, store, (80, 24), [lesson.id for lesson in course.lessons])


@pytest.mark.parametrize("size", [(60, 20), (200, 60)])
async def test_small_and_large_terminals_do_not_crash(course, store, size) -> None:
    await _open_lessons(course, store, size, ["softmax", "elu-family"])
    app = make_app(course=course, store=store)
    async with app.run_test(size=size) as pilot:
        await pilot.press("e", "right", "plus", "escape", "s", "escape")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)


async def _open_lessons(course, store, size, lesson_ids) -> None:
    app = make_app(course=course, store=store)
    async with app.run_test(size=size) as pilot:
        for lesson_id in lesson_ids:
            lesson = course.lesson(lesson_id)
            app.open_lesson(lesson.id)
            await pilot.pause()
            plot = app.screen.query_one(ActivationPlot)
            assert plot.curves, lesson.id
            await pilot.press("right", "plus", "d", "d")
            await pilot.press("escape")
            await pilot.pause()
        assert isinstance(app.screen, HomeScreen)


async def test_resize_redraws_and_too_small_shows_a_notice(course, store) -> None:
    app = make_app(course=course, store=store, start=StartLesson("tanh"))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        plot = app.screen.query_one(ActivationPlot)
        before = len(plot.curves[0].x)
        await pilot.resize_terminal(160, 40)
        await pilot.pause()
        assert len(plot.curves[0].x) > before
        await pilot.resize_terminal(40, 12)
        await pilot.pause()
        assert isinstance(app.screen, TooSmallScreen)
        assert "40×12" in plain(app.screen.query_one("#too-small-text"))
        await pilot.resize_terminal(100, 30)
        await pilot.pause()
        assert isinstance(app.screen, LessonScreen)


async def test_content_text_is_never_parsed_as_markup(tmp_path: Path, store) -> None:
    root = tmp_path / "extra"
    (root / "lessons").mkdir(parents=True)
    (root / "lessons" / "markup-trap.md").write_text(
        "---\nid: markup-trap\ntitle: \"Brackets [bold] stay [/]\"\n"
        "summary: \"Ranges like [0, 1] are text.\"\nactivations: [sigmoid]\n---\n"
        "Intro with [bold]not bold[/] and [0, 1].\n\n## Range {#range}\n\nσ maps into [0, 1].\n",
        encoding="utf-8",
    )
    app = make_app(content_roots=[root], store=store, start=StartLesson("markup-trap"))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        title = plain(app.screen.query_one("#lesson-title"))
        assert title == "Brackets [bold] stay [/]"
        intro = app.screen.query(LessonSection).first()
        assert "[bold]not bold[/]" in intro.source and "[0, 1]" in intro.source
        assert "[bold]not bold[/]" in _screen_text(app)


def test_invalid_learner_content_refuses_to_start(tmp_path: Path) -> None:
    root = tmp_path / "bad"
    (root / "lessons").mkdir(parents=True)
    (root / "lessons" / "broken.md").write_text("---\nid: [unclosed\n---\n", encoding="utf-8")
    with pytest.raises(StartupError) as info:
        make_app(content_roots=[root])
    assert "broken.md:" in str(info.value)
    assert info.value.exit_code == 1


async def test_a_translated_lesson_is_shown_in_the_chosen_language(course, store) -> None:
    app = make_app(course=course, store=store, lang="ko", start=StartLesson("sigmoid"))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        translation = course.lesson("sigmoid").translations["ko"]
        assert plain(app.screen.query_one("#lesson-title")) == translation.title
        sources = [s.source for s in app.screen.query(LessonSection)]
        assert any(translation.sections[0].body.strip()[:20] in src for src in sources)


async def test_question_mark_toggles_the_keys_of_the_current_screen(course, store) -> None:
    app = make_app(course=course, store=store, start=StartLesson("elu-family"))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("question_mark")
        await pilot.pause()
        assert app.screen.query("HelpPanel")
        await pilot.press("question_mark")
        await pilot.pause()
        assert not app.screen.query("HelpPanel")


async def test_light_theme_redraws_the_chart(course, store) -> None:
    app = make_app(course=course, store=store, start=StartLesson("softplus"))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        app.theme = "textual-light"
        await pilot.press("plus")
        await pilot.pause()
        plot = app.screen.query_one(ActivationPlot)
        assert plot.curves[0].params["beta"] == 1.25
        assert plot.render_line(1).text.strip()
