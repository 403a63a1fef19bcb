"""The tables of numbers in the lessons agree with the activation engine.

Quiz questions state their facts with ``check:``; lessons cannot, so this test reads the value
tables of the built-in lessons and recomputes every cell. Each cell must equal the engine's value
rounded to the decimals the cell shows (either rounding of a tie is fine).
"""

from __future__ import annotations

import re

import numpy as np
import pytest

from acttutor.core.activations import get_activation
from acttutor.core.rounding import accepts
from acttutor.course.paths import builtin_content_root

LESSONS = builtin_content_root() / "lessons"
NAMES = {
    "Sigmoid": "sigmoid", "Tanh": "tanh", "ReLU": "relu", "Leaky ReLU": "leaky_relu",
    "ELU": "elu", "Softplus": "softplus", "GELU": "gelu", "SiLU": "silu",
}


def number(cell: str) -> tuple[float, int]:
    """A table cell's value and the decimals it shows."""
    text = cell.strip().replace("−", "-")
    decimals = len(text.partition(".")[2])
    return float(text), decimals


def rows(lesson: str, header: str) -> list[list[str]]:
    """The body rows of the first table whose header row starts with ``header``."""
    lines = (LESSONS / f"{lesson}.md").read_text(encoding="utf-8").splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith(header))
    body = []
    for line in lines[start + 2:]:
        if not line.startswith("|"):
            break
        body.append([cell.strip() for cell in line.strip("|").split("|")])
    assert body, f"{lesson}: the table {header!r} has no rows"
    return body


def engine(name: str, x: float, of: str = "value") -> float:
    act = get_activation(name)
    fn = act.value if of == "value" else act.derivative
    return float(fn(np.array([x]), **act.resolve_params({}))[0])


def assert_cell(cell: str, name: str, x: float, of: str = "value") -> None:
    shown, decimals = number(cell)
    exact = engine(name, x, of)
    assert accepts(shown, exact, decimals), f"{name} {of} at {x}: lesson {cell}, engine {exact}"


def test_comparison_numbers_table() -> None:
    table = rows("comparison", "| Activation | f(−2)")
    assert len(table) == len(NAMES)
    for name, *cells in table:
        act = NAMES[name]
        for cell, (x, of) in zip(cells, ((-2, "value"), (-2, "derivative"), (2, "value"),
                                         (2, "derivative")), strict=True):
            assert_cell(cell, act, x, of)


def test_sigmoid_derivative_table() -> None:
    for x, value, slope in rows("sigmoid", "| x | σ(x) | σ′(x) |"):
        assert_cell(value, "sigmoid", float(x))
        assert_cell(slope, "sigmoid", float(x), "derivative")


@pytest.mark.parametrize(("lesson", "header", "name", "of"), [
    ("tanh", "| x | 0 | 0.5 |", "tanh", "value"),
    ("tanh", "| x | 0 | 1 | 2 | 3 |", "tanh", "derivative"),
    ("softplus", "| x | −2 | 0 | 2 |", "softplus", "value"),
])
def test_row_tables(lesson: str, header: str, name: str, of: str) -> None:
    """Tables laid out as a row of x values and a row of results."""
    lines = (LESSONS / f"{lesson}.md").read_text(encoding="utf-8").splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith(header))
    xs = [float(c.replace("−", "-")) for c in lines[start].strip("|").split("|")[1:]]
    values = [c.strip() for c in lines[start + 2].strip("|").split("|")[1:]]
    assert len(xs) == len(values)
    for x, cell in zip(xs, values, strict=True):
        assert_cell(cell, name, x, of)


def test_softmax_worked_probabilities() -> None:
    text = (LESSONS / "softmax.md").read_text(encoding="utf-8")
    shown = [float(v) for v in re.findall(r"≈ (0\.\d{3}) \|", text)]
    logits = np.array([2.0, 1.0, 0.1])
    probabilities = np.exp(logits) / np.exp(logits).sum()
    assert len(shown) == 3
    for cell, exact in zip(shown, probabilities, strict=True):
        assert accepts(cell, float(exact), 3), (cell, exact)
