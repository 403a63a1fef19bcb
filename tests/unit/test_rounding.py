"""Grading "give d decimals": the exact value and both of its roundings are right, nothing looser.

The seed sweep draws 1,000 exercises from every generated question of the built-in course and
checks them against roundings computed independently with :mod:`decimal` on the exact float64
value the engine returns.
"""

from __future__ import annotations

import random
from decimal import ROUND_HALF_EVEN, ROUND_HALF_UP, Decimal
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from acttutor.core.rounding import accepts, asked_decimals, round_half_away, rounding_keys
from acttutor.course.loader import load_course
from acttutor.course.models import (
    GeneratedQuestion,
    GeneratedTemplate,
    LocalText,
    NumericQuestion,
)
from acttutor.course.quiz import QuizItem, correct_answer, grade_item

DRAWS = 1000


def decimal_roundings(exact: float, decimals: int) -> set[str]:
    """``exact`` (its binary value, exactly) rounded half up and half to even, as text."""
    quantum = Decimal(1).scaleb(-decimals)
    return {
        format(Decimal(exact).quantize(quantum, rounding=mode), "f")
        for mode in (ROUND_HALF_UP, ROUND_HALF_EVEN)
    }


@pytest.fixture(scope="module")
def generators() -> list[GeneratedQuestion]:
    found = [q for q in load_course().questions if isinstance(q, GeneratedQuestion)]
    assert len(found) >= 10, "the built-in course should hold generated questions"
    return found


def test_every_generator_accepts_both_roundings_and_the_exact_value(generators) -> None:
    ties = 0
    for question in generators:
        decimals = question.template.decimals
        unit = 10.0**-decimals
        rng = random.Random(f"sweep-{question.id}")
        for _ in range(DRAWS):
            item = QuizItem(question, question.instantiate(rng))
            exact = item.instance.exact
            keys = decimal_roundings(exact, decimals)
            ties += len(keys) > 1
            for text in (*keys, repr(exact)):
                assert grade_item(item, text).correct, (question.id, item.instance.x, text)
            shown = correct_answer(item).en.replace("\u2212", "-")
            assert grade_item(item, shown).correct, (question.id, item.instance.x, shown)
            # Too loose is wrong as well: a value that rounds to neither key is refused.
            low, high = min(map(float, keys)), max(map(float, keys))
            for text in (f"{low - unit:.{decimals}f}", f"{high + unit:.{decimals}f}",
                         repr(low - 0.6 * unit), repr(high + 0.6 * unit)):
                assert not grade_item(item, text).correct, (question.id, item.instance.x, text)
    assert ties > 0, "the sweep should meet exact ties (PReLU, RReLU, softsign′ have them)"


def test_the_reported_prelu_tie_takes_both_roundings(generators) -> None:
    prelu = next(q for q in generators if q.template.activation == "prelu")
    rng_values = {q_x for q_x in prelu.template.xs()}
    assert -1.25 in rng_values
    from acttutor.course.models import NumericInstance

    item = QuizItem(prelu, NumericInstance(prelu, -1.25))
    assert item.instance.exact == -0.3125
    for text in ("-0.313", "-0.312", "−0.3125", "-5/16"):
        assert grade_item(item, text).correct, text
    for text in ("-0.311", "-0.314", "-0.3", "-0.3136"):
        assert not grade_item(item, text).correct, text
    assert correct_answer(item).en == "\u22120.313"


def numeric(answer: float, tolerance: float) -> NumericQuestion:
    return NumericQuestion(
        id="n", lesson="l", section="intro", prompt=LocalText.of("σ(2)? Give 3 decimals."),
        explanation=LocalText.of("because"), bank="b", path=Path("b.yaml"), line=1,
        answer=answer, tolerance=tolerance,
    )


def test_a_numeric_question_asking_decimals_is_not_too_loose() -> None:
    sigma2 = 1 / (1 + 2.718281828459045**-2)  # 0.880797...
    item = QuizItem(numeric(sigma2, 0.0005))
    for text in ("0.881", "0.8808", "1/(1+e^-2)"):
        assert grade_item(item, text).correct, text
    for text in ("0.880", "0.882", "0.88"):
        assert not grade_item(item, text).correct, text
    assert correct_answer(item).en == "0.881"
    tie = QuizItem(numeric(0.0625, 0.0005))
    assert grade_item(tie, "0.063").correct and grade_item(tie, "0.062").correct
    assert not grade_item(tie, "0.061").correct


def test_a_free_tolerance_stays_absolute() -> None:
    item = QuizItem(numeric(0.0, 0.001))
    assert asked_decimals(0.001) is None
    assert grade_item(item, "0.001").correct and not grade_item(item, "0.002").correct


@given(
    exact=st.floats(min_value=-1e6, max_value=1e6, allow_nan=False),
    decimals=st.integers(min_value=0, max_value=6),
)
def test_keys_are_the_decimal_roundings_and_accepted(exact: float, decimals: int) -> None:
    keys = rounding_keys(exact, decimals)
    expected = {float(text) for text in decimal_roundings(exact, decimals)}
    assert expected <= set(keys)
    assert round_half_away(exact, decimals) == keys[0]
    assert accepts(exact, exact, decimals)
    for key in keys:
        assert accepts(key, exact, decimals)


@given(
    exact=st.floats(min_value=-1e4, max_value=1e4, allow_nan=False),
    value=st.floats(min_value=-1e4, max_value=1e4, allow_nan=False),
    decimals=st.integers(min_value=0, max_value=5),
)
def test_an_accepted_value_rounds_to_a_key(exact: float, value: float, decimals: int) -> None:
    if not accepts(value, exact, decimals):
        return
    keys = set(rounding_keys(exact, decimals))
    rounded = {float(text) for text in decimal_roundings(value, decimals)}
    unit = 10.0**-decimals
    # Either way of rounding the answer gives a key (up to float noise at the half-unit edge).
    assert any(abs(r - k) < 1e-9 * max(1.0, abs(k)) or abs(value - k) <= 0.5 * unit * (1 + 1e-6)
               for r in rounded for k in keys)
    assert min(abs(value - k) for k in keys) <= 0.5 * unit * (1 + 1e-6) + 1e-12


def test_template_xs_are_all_gradable() -> None:
    template = GeneratedTemplate("softsign", "derivative", -4.0, 4.0, 0.5, {}, 3)
    assert template.compute(3.0) == 0.0625
    assert rounding_keys(0.0625, 3) == (0.063, 0.062)


def test_a_float_a_hair_below_a_written_tie_takes_both_neighbours() -> None:
    # 0.044715 (GELU's constant) is stored as 0.04471499999…: rounding the written tie gives
    # 0.04472, rounding the stored value gives 0.04471; both are right, nothing else is.
    assert set(rounding_keys(0.044715, 5)) == {0.04472, 0.04471}
    assert rounding_keys(0.044715, 5)[0] == 0.04472
    assert not accepts(0.04470, 0.044715, 5)
