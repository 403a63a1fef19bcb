"""Tests for acttutor.core.numparse: the learner's answer syntax, parsed without eval."""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from acttutor.core.numparse import EXAMPLE_HINT, NumberParseError, parse_number


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("0.25", 0.25),
        ("1/4", 0.25),
        (".25", 0.25),
        ("2.5e-1", 0.25),
        ("2.5E-1", 0.25),
        ("25e-2", 0.25),
        ("1e3", 1000.0),
        ("3.", 3.0),
        ("e^-1", math.exp(-1)),
        ("e**-1", math.exp(-1)),
        ("exp(-1)", math.exp(-1)),
        ("1/(1+e^-6)", 1 / (1 + math.exp(-6))),
        ("2^3^2", 512.0),
        ("(2^3)^2", 64.0),
        ("-2^2", -4.0),
        ("(-2)^2", 4.0),
        ("2^-2", 0.25),
        ("-1/4", -0.25),
        ("--1", 1.0),
        ("+5", 5.0),
        ("2*-3", -6.0),
        ("1 - 2 - 3", -4.0),
        ("8 / 4 / 2", 1.0),
        ("1 + 2 * 3", 7.0),
        ("(1 + 2) * 3", 9.0),
        ("\u22121", -1.0),
        ("\u22120.5", -0.5),
        ("2 \u00d7 3", 6.0),
        ("6 \u00f7 4", 1.5),
        ("  0.25\t\n", 0.25),
        ("pi", math.pi),
        ("PI/2", math.pi / 2),
        ("\u03c0", math.pi),
        ("e", math.e),
        ("ln(e^2)", 2.0),
        ("log(1)", 0.0),
        ("sqrt(16)", 4.0),
        ("sqrt(2)^2", 2.0000000000000004),
        ("(-8)^3", -512.0),
        ("1e-400", 0.0),
    ],
)
def test_parses_valid_expressions(text: str, expected: float) -> None:
    assert parse_number(text) == pytest.approx(expected, rel=1e-15, abs=0)


def test_negative_zero_keeps_its_sign() -> None:
    value = parse_number("-0")
    assert value == 0.0
    assert math.copysign(1.0, value) == -1.0


def test_result_is_always_a_python_float() -> None:
    assert type(parse_number("3")) is float


@pytest.mark.parametrize(
    ("text", "phrase"),
    [
        ("", EXAMPLE_HINT),
        ("   ", EXAMPLE_HINT),
        ("abc", "'abc' is not a number"),
        ("x", "'x' is not a number"),
        ("1/0", "Division by zero"),
        ("1/(2-2)", "Division by zero"),
        ("0^-1", "Division by zero"),
        ("1e400", "too large"),
        ("10^400", "too large"),
        ("exp(1000)", "too large"),
        ("1e308*10", "too large"),
        ("(1", "Missing ')'"),
        ("1)", "without a matching '('"),
        ("()", "missing"),
        ("1+", "ends too early"),
        ("*2", "missing"),
        ("sqrt(-1)", "sqrt of a negative number"),
        ("ln(0)", "only defined for positive numbers"),
        ("log(-2)", "only defined for positive numbers"),
        ("(-8)^(1/3)", "not a real number"),
        ("sqrt 2", "parentheses"),
        ("2pi", "put an operator"),
        ("2e", "put an operator"),
        ("1..2", "put an operator"),
        ("1,5", "',' cannot be part of a number"),
        ("\u00b2", "cannot be part of a number"),
        ("(" * 150 + "1" + ")" * 150, "nested too deeply"),
        ("-" * 150 + "1", "nested too deeply"),
        ("1" * 2000, "too long"),
        ("__import__('os')", "cannot be part of a number"),
    ],
)
def test_rejects_bad_input_with_a_learner_facing_message(text: str, phrase: str) -> None:
    with pytest.raises(NumberParseError) as info:
        parse_number(text)
    assert phrase in str(info.value)


def test_error_is_a_value_error_with_a_position() -> None:
    with pytest.raises(ValueError):
        parse_number("abc")
    with pytest.raises(NumberParseError) as info:
        parse_number("1 + foo")
    assert info.value.position == 4


def test_non_string_input_is_rejected() -> None:
    with pytest.raises(NumberParseError):
        parse_number(0.5)  # type: ignore[arg-type]


@given(st.floats(allow_nan=False, allow_infinity=False))
def test_str_of_any_finite_float_round_trips(value: float) -> None:
    parsed = parse_number(str(value))
    assert parsed == value
    assert math.copysign(1.0, parsed) == math.copysign(1.0, value)


@given(st.floats(allow_nan=False, allow_infinity=False))
def test_repr_with_unicode_minus_round_trips(value: float) -> None:
    assert parse_number(repr(value).replace("-", "\u2212")) == value


@given(st.text(max_size=40))
def test_arbitrary_text_gives_a_float_or_a_parse_error(text: str) -> None:
    try:
        value = parse_number(text)
    except NumberParseError as error:
        assert str(error)
    else:
        assert math.isfinite(value)


@given(
    st.recursive(
        st.sampled_from(["1", "2", "0.5", "e", "pi", "3e-2"]),
        lambda inner: st.one_of(
            st.tuples(inner, st.sampled_from(["+", "-", "*", "/", "^"]), inner).map(
                lambda t: f"({t[0]}){t[1]}({t[2]})"
            ),
            inner.map(lambda s: f"-({s})"),
            inner.map(lambda s: f"exp({s})"),
        ),
        max_leaves=8,
    )
)
def test_generated_expressions_never_escape_as_other_errors(text: str) -> None:
    try:
        value = parse_number(text)
    except NumberParseError:
        return
    assert math.isfinite(value)
