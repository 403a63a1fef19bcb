"""The forward room's pieces without a running app: tolerance, editor text, diagram layout."""

from __future__ import annotations

import numpy as np
import pytest

from acttutor.core.network import (
    FORWARD_KEYS,
    Network,
    NetworkError,
    default_input,
    default_network,
    forward,
    forward_steps,
    parse_matrix,
    parse_vector,
    worked_pass,
)
from acttutor.widgets.network_editor import entry_text, matrix_text, nonfinite_entry
from acttutor.widgets.network_view import DiagramState, network_diagram, weights_content
from acttutor.widgets.predict import entry_right, judge, placeholder_for
from acttutor.widgets.step_view import collapse_content, history_content, summary_content


@pytest.mark.parametrize(
    ("guess", "truth", "right"),
    [
        (0.9975, 0.9975273768433653, True),
        (0.998, 0.9975273768433653, True),  # three significant digits
        (0.997, 0.9975273768433653, False),  # cut off, not rounded: 0.99753 is 0.998
        (0.99, 0.9975273768433653, False),
        (1.0, 0.9975273768433653, False),
        (-0.00247, -0.0024726231566347743, True),
        (0.0, -0.0024726231566347743, False),  # a small gradient is not zero
        (12.3, 12.34, True),
        (12.4, 12.34, False),
        (0.0, 0.0, True),
        (1e-6, 0.0, False),
        (-2.0, -2.0, True),
    ],
)
def test_a_prediction_must_match_three_significant_digits(guess, truth, right) -> None:
    assert entry_right(guess, truth) is right


def test_judge_reads_expressions_and_names_the_wrong_entries() -> None:
    steps = forward_steps(default_network(), default_input())
    z1, y = steps[1], steps[5]
    assert judge(y, "1/(1+e^-6)").right
    verdict = judge(z1, "1, 2")
    assert not verdict.right and verdict.wrong_entries == (0,)
    with pytest.raises(NetworkError, match="z1 needs 2 numbers, got 3"):
        judge(z1, "1, 2, 3")
    with pytest.raises(NetworkError, match="not a number"):
        judge(z1, "abc, 2")


def test_matrix_steps_are_judged_entry_by_entry() -> None:
    from acttutor.core.network import default_target

    dw1 = next(s for s in worked_pass(default_network(), default_input(), default_target())
               .backward if s.key == "dW1")
    assert judge(dw1, "0, 0; -0.0148, 0").right
    assert judge(dw1, "0, 0; 0, 0").wrong_entries == (2,)
    assert "2×2 matrix" in placeholder_for(dw1)


def test_editor_text_round_trips_at_full_precision() -> None:
    values = np.array([[1.0, -2.0], [0.1234567891, 1e-7]])
    text = matrix_text(values)
    assert text == "1, -2; 0.1234567891, 1e-07"
    assert np.array_equal(parse_matrix(text, "W1"), values)
    assert entry_text(-0.0) == "0"
    assert np.array_equal(parse_vector("2, 0", "x"), [2.0, 0.0])


@pytest.mark.parametrize(
    ("text", "name", "where"),
    [
        ("2, inf", "x", "x entry 2 is 'inf'"),
        ("1, -2; -inf, 5", "W1", "W1 row 2, column 1 is '-inf'"),
        ("NaN 0", "b1", "b1 entry 1 is 'NaN'"),
        ("[1, ∞]", "b2", "b2 entry 2 is '∞'"),
    ],
)
def test_nan_and_inf_are_refused_with_the_reason(text, name, where) -> None:
    message = nonfinite_entry(text, name)
    assert message is not None and message.startswith(where)
    assert "finite" in message


def test_finite_text_is_left_to_the_parser() -> None:
    assert nonfinite_entry("1, -2; 1, 5", "W1") is None
    assert nonfinite_entry("information", "x") is None


def test_diagram_reveals_columns_in_step_order_and_flags_inactive_units() -> None:
    net, x = default_network(), default_input()
    fp = forward(net, x)
    steps = forward_steps(net, x)
    hidden = network_diagram(DiagramState(net, fp)).plain.splitlines()
    assert hidden[0].startswith("input") and "hidden layer · ReLU" in hidden[0]
    assert "0.9975" not in "\n".join(hidden) and " off" not in "\n".join(hidden)
    shown = network_diagram(
        DiagramState(net, fp, frozenset(FORWARD_KEYS[:3]), "h", "W2h", steps[2].flags)
    ).plain.splitlines()
    unit1 = shown[2]
    assert unit1.split("│")[1].split() == ["1", "2", "−1", "0", "off"]
    assert unit1.split("│")[2].split() == ["1", "?", "·", "·"]
    # Separators line up on every row.
    columns = {line.index("│") for line in shown[1:]}
    assert len(columns) == 1


def test_weights_break_between_layers_not_inside_a_matrix() -> None:
    net = Network(
        W1=[[1, 2, 3]] * 4, b1=[0, 1, 2, 3], W2=[[0.5, -1, 1, 2]] * 3, b2=[0, 0, 0],
        hidden="tanh", output="softmax",
    )
    lines = weights_content(net).plain.splitlines()
    assert len(lines) == 2
    assert lines[0].startswith("W₁ = ") and lines[1].startswith("W₂ = ")
    assert weights_content(default_network()).plain.count("\n") == 0


def test_history_marks_the_current_step_and_predictions() -> None:
    from acttutor.widgets.step_view import PredictionMark

    steps = forward_steps(default_network(), default_input())
    marks = {0: PredictionMark("2, 2", True), 1: PredictionMark("x", False)}
    text = history_content(steps, 3, marks)
    lines = text.plain.splitlines()
    assert len(lines) == 3
    assert "✓" in lines[0] and "✗" in lines[1] and lines[2].startswith("▸")
    assert history_content(steps, 0, {}).plain == "No steps yet."


def test_summary_lists_every_gradient() -> None:
    from acttutor.core.network import default_target

    wp = worked_pass(default_network(), default_input(), default_target())
    text = summary_content(wp.summary, wp.gradients).plain
    for name in ("∂L/∂W₁", "∂L/∂b₁", "∂L/∂W₂", "∂L/∂b₂"):
        assert name in text
    assert "L ≈ 0.002476" in text


def test_collapse_view_for_an_identity_network_says_they_agree() -> None:
    net = default_network().with_hidden("identity")
    text = collapse_content(net, default_input()).plain
    assert "[[4, 13]]" in text and "✓" in text
    assert "With " not in text  # nothing to contrast: the network has no activation
