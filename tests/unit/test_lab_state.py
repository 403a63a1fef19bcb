"""LabState transitions the chart keys drive: parameter stops, limits, softmax's other logits."""

from __future__ import annotations

import pytest

from acttutor.core.curves import nice_ticks, sample_curve, tick_label
from acttutor.core.lab import LabState


def test_leaky_slope_steps_reach_pytorch_default_and_the_lesson_value() -> None:
    state = LabState.for_activations(["leaky_relu"], {"leaky_relu": {"negative_slope": 0.1}})
    seen = []
    for _ in range(4):
        state = state.adjust_param(-1)
        seen.append(state.slot.param_dict["negative_slope"])
    assert seen == [0.05, 0.01, 0.0, 0.0]
    assert "lower limit" in state.note
    for _ in range(3):
        state = state.adjust_param(1)
    assert state.slot.param_dict["negative_slope"] == pytest.approx(0.1)
    assert state.note == ""


def test_notes_for_keys_that_change_nothing() -> None:
    one = LabState.for_activations(["elu"])
    assert "one parameter" in one.select_param().note
    none = LabState.for_activations(["relu"])
    assert "no parameters" in none.adjust_param(1).note
    hard = LabState.for_activations(["hardtanh"]).select_param()  # max_val
    for _ in range(12):
        hard = hard.adjust_param(-1)
    assert hard.slot.param_dict["max_val"] > hard.slot.param_dict["min_val"]
    assert hard.note  # the engine's rule is named, not silently ignored


def test_softmax_other_logits_are_controls_and_change_the_curve() -> None:
    state = LabState.for_activations(["softmax"])
    assert state.slot.controls == ("x₂", "x₃") and state.slot.context == (1.0, 0.1)
    moved = state.adjust_param(2)
    assert moved.slot.context == (2.0, 0.1)
    act = state.slot.activation
    before = sample_curve(act, {}, (-2, 2), 9, context=state.slot.context)
    after = sample_curve(act, {}, (-2, 2), 9, context=moved.slot.context)
    assert (after.value < before.value).all()
    reading = moved.readings()[0]
    logits = [moved.probe_x, *moved.slot.context]
    assert reading.value == pytest.approx(float(act.value(logits)[0]), rel=1e-12)


def test_ticks_are_round_and_use_the_screen_minus() -> None:
    assert nice_ticks(-0.99, 1.02, 5) == [-0.5, 0.0, 0.5, 1.0]
    assert tick_label(-2.5) == "\u22122.5" and tick_label(0.0) == "0"
    assert all(t == round(t, 10) for t in nice_ticks(-0.3, 0.7, 5))
