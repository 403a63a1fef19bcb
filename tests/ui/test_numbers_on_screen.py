"""Numbers one way on screen: readouts, the explorer table, quiz feedback and the forward pass."""

from __future__ import annotations

import math
import re

from textual.widgets import DataTable

from acttutor.app import QuizRequest, StartLesson, StartQuiz, make_app
from acttutor.core.network import Network, default_input, forward
from acttutor.core.network_steps import forward_steps
from acttutor.core.numfmt import MINUS
from acttutor.course.models import Course
from acttutor.screens.explorer import ExplorerScreen
from acttutor.screens.lesson import LessonScreen
from acttutor.widgets.lab import Lab, ProbeReadout

SIZE = (120, 40)
#: Number texts the course no longer writes: e-notation, ASCII minus before a digit.
_OTHER_NOTATION = re.compile(r"\d[eE][+−-]?\d|(?<![\w)])-\d")


async def test_readout_never_rounds_sigmoid_to_one(course, store) -> None:
    app = make_app(course=course, store=store, start=StartLesson("sigmoid"))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, LessonScreen)
        lab = screen.query_one(Lab)
        lab.state = lab.state.set_probe(17.2)
        await pilot.pause()
        readout = str(screen.query_one(ProbeReadout).render())
        assert "f(x) = 1 − 3.389 × 10⁻⁸" in readout
        assert "f′(x) = 3.389 × 10⁻⁸" in readout
        assert not _OTHER_NOTATION.search(readout)


async def test_explorer_table_uses_the_same_format(course, store) -> None:
    app = make_app(course=course, store=store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        app.open_explorer("sigmoid")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ExplorerScreen)
        screen._update(screen.lab().state.set_probe(-17.2))
        await pilot.pause()
        table = screen.query_one(DataTable)
        row = [str(cell) for cell in table.get_row_at(0)]
        assert row[2] == "3.389 × 10⁻⁸"
        assert "at x = " + MINUS + "17.2" in str(screen.query_one("#probe-x").render())


def test_forward_pass_writes_tiny_values_in_the_lessons_notation() -> None:
    net = Network(W1=[[1.0, 0.0], [0.0, 1.0]], b1=[0.0, 0.0], W2=[[-20.0, 0.0]], b2=[0.0],
                  hidden="relu", output="sigmoid")
    x = default_input()
    steps = forward_steps(net, x)
    text = "\n".join(step.numeric for step in steps)
    expected = 1 / (1 + math.exp(40))
    assert float(forward(net, x).yhat[0]) == expected
    assert "4.248 × 10⁻¹⁸" in text
    assert not _OTHER_NOTATION.search(text)


def test_a_tiny_exponent_is_bracketed() -> None:
    net = Network(W1=[[1.0, 0.0], [0.0, 1.0]], b1=[0.0, 0.0], W2=[[-3.0, 1.0]], b2=[0.0],
                  hidden="relu", output="sigmoid")
    steps = forward_steps(net, [1e-6, 1e-6])
    assert "e^(2 × 10⁻⁶)" in steps[-1].numeric


async def test_feedback_writes_one_notation_for_a_tiny_answer(course, store) -> None:
    question = next(q for q in course.questions if q.id == "interview-ten-layers")
    app = make_app(course=Course(course.title, course.lessons, course.banks, (question,)),
                   store=store, start=StartQuiz(QuizRequest(count=1, seed=1)))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press(*"9.53674e-07", "enter")
        await pilot.pause()
        text = "\n".join(s.text for s in app.screen._compositor.render_strips())
        assert "You answered 9.53674e-07  = 9.537 × 10⁻⁷" in text
        assert "Answer: 9.5 × 10⁻⁷" in text
