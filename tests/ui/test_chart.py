"""The chart of f and f′: drawn by plotext, legend, colours, ticks, probe overlay, lab notes."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from acttutor.app import StartLesson, make_app
from acttutor.core.activations import get_activation
from acttutor.screens.explorer import ExplorerScreen
from acttutor.widgets.activation_plot import (
    DERIVATIVE_MARKER,
    VALUE_MARKER,
    ActivationPlot,
    ChartLegend,
)
from acttutor.widgets.lab import Lab, ParamPanel

ROOT = Path(__file__).resolve().parents[2]


def plain(widget) -> str:
    return str(widget.render())


async def test_explorer_chart_is_drawn_by_plotext_with_engine_data(course, store) -> None:
    app = make_app(course=course, store=store)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("e")
        await pilot.pause()
        assert isinstance(app.screen, ExplorerScreen)
        plot = app.screen.query_one(ActivationPlot)
        await pilot.pause()
        assert plot.build_count >= 1
        series = plot.series
        assert len(series) == 6  # f and f′ of three activations
        for i, name in enumerate(["relu", "gelu", "sigmoid"]):
            act = get_activation(name)
            f, df = series[2 * i], series[2 * i + 1]
            x = np.array(f.x)
            np.testing.assert_allclose(f.y, act.value(x), atol=1e-12)
            np.testing.assert_allclose(df.y, act.derivative(x), atol=1e-12)
            assert f.marker == VALUE_MARKER and df.marker == DERIVATIVE_MARKER
        colours = [s.colour for s in series]
        assert len(set(colours)) == len(colours)  # one colour per curve
        legend = plain(app.screen.query_one(ChartLegend))
        assert "GELU" in legend and "ReLU" in legend and "·· f′" in legend


async def test_lesson_chart_at_80x24_legend_ticks_and_zero_line(course, store) -> None:
    app = make_app(course=course, store=store, start=StartLesson("leaky-relu-family"))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        plot = app.screen.query_one(ActivationPlot)
        text = plain(plot)
        rows = text.splitlines()
        legend = plain(app.screen.query_one(ChartLegend))
        assert "Leaky ReLU, a = 0.1" in legend
        assert legend not in text  # the legend has its own rows, outside the chart
        layout = plot.chart_layout
        assert layout is not None
        labels = {}
        for row_index, row in enumerate(rows[layout.top:layout.top + layout.height]):
            label = row[:layout.left - 1].strip()
            if label:
                labels[label] = layout.top + row_index
        for label in labels:
            value = float(label.replace("−", "-"))
            assert value * 2 == round(value * 2), label  # round ticks: 0, 0.5, 1 …
        assert "-" not in "".join(labels)
        zero = labels["0"]
        assert rows[zero][layout.left - 1] == "├" and rows[zero][layout.left + layout.width] == "┤"


async def test_probe_move_does_not_rebuild_the_chart(course, store) -> None:
    app = make_app(course=course, store=store, start=StartLesson("sigmoid"))
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        plot = app.screen.query_one(ActivationPlot)
        before = plot.build_count
        shown = plain(plot)
        await pilot.press("right", "right", "right")
        await pilot.pause()
        assert plot.build_count == before
        assert plain(plot) != shown  # the probe marker moved
        await pilot.press("d")
        await pilot.pause()
        assert plot.build_count > before  # a new chart (f′ hidden)


async def test_theme_change_rebuilds(course, store) -> None:
    app = make_app(course=course, store=store, start=StartLesson("sigmoid"))
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        plot = app.screen.query_one(ActivationPlot)
        before = plot.build_count
        app.theme = "textual-light" if app.current_theme.dark else "textual-dark"
        await pilot.pause()
        await pilot.pause()
        assert plot.build_count == before + 1


async def test_notes_say_why_nothing_changed(course, store) -> None:
    app = make_app(course=course, store=store, start=StartLesson("leaky-relu-family"))
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press("p")
        await pilot.pause()
        assert "one parameter" in plain(app.screen.query_one(ParamPanel))
        await pilot.press(*["plus"] * 30)
        await pilot.pause()
        assert "upper limit" in plain(app.screen.query_one(ParamPanel))


async def test_softmax_chart_says_what_it_holds_and_lets_it_change(course, store) -> None:
    app = make_app(course=course, store=store, start=StartLesson("softmax"))
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        lab = app.screen.query_one(Lab)
        panel = plain(app.screen.query_one(ParamPanel))
        assert "Held fixed while the first logit" in panel and "x₂ = 1" in panel
        legend = plain(app.screen.query_one(ChartLegend))
        assert "x₂ = 1" in legend
        before = app.screen.query_one(ActivationPlot).curves[0].value.copy()
        await pilot.press("plus")
        await pilot.pause()
        assert lab.state.slot.context[0] == pytest.approx(1.5)
        after = app.screen.query_one(ActivationPlot).curves[0].value
        assert (after < before).all()  # a larger other logit leaves the first less


def test_no_screen_imports_another_and_no_hand_drawn_braille() -> None:
    screens = ROOT / "acttutor" / "screens"
    for name, other in (("explorer", "lesson"), ("lesson", "explorer")):
        source = (screens / f"{name}.py").read_text(encoding="utf-8")
        assert f"acttutor.screens.{other}" not in source
    for path in (ROOT / "acttutor").rglob("*.py"):
        source = path.read_text(encoding="utf-8")
        assert "0x2800" not in source and "plotext._" not in source, path
        assert "_rgbify_theme" not in source and "_set_size" not in source, path


async def test_explorer_table_spells_out_a_vanishing_gradient(course, store) -> None:
    app = make_app(course=course, store=store)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("e")
        await pilot.pause()
        await pilot.press(*["shift+left"] * 6)
        await pilot.pause()
        table = app.screen.query_one("DataTable")
        cells = [str(c) for r in range(table.row_count) for c in table.get_row_at(r)]
        labels = [str(col.label) for col in table.columns.values()]
        assert "vanishes" in cells and "sat." not in cells
        assert labels[-1] == "gradient"  # "gradient: vanishes", not "sat."
