"""The one number format: significant digits, notation, minus sign, no false whole numbers."""

from __future__ import annotations

import math
import re

from hypothesis import given
from hypothesis import strategies as st

from acttutor.core.numfmt import (
    MINUS,
    format_decimals,
    format_number,
    format_percent,
    is_shown_exactly,
    plural,
)

#: A number as format_number writes it (decimal, scientific, or whole number ± gap).
_PLAIN = r"−?\d+(\.\d+)?"
_SCIENTIFIC = r"−?\d(\.\d+)? × 10⁻?[⁰¹²³⁴⁵⁶⁷⁸⁹]+"
_NUMBER = re.compile(rf"^(({_SCIENTIFIC})|({_PLAIN}( [+−] ({_SCIENTIFIC}|{_PLAIN}))?))$")


def test_sigmoid_of_large_input_is_not_shown_as_one() -> None:
    value = 1 / (1 + math.exp(-17.2))
    assert value != 1
    assert format_number(value) == "1 − 3.389 × 10⁻⁸"


def test_small_values_use_the_lessons_scientific_notation() -> None:
    assert format_number(9.53674e-07) == "9.537 × 10⁻⁷"
    assert format_number(-2.5e-5) == "−2.5 × 10⁻⁵"
    assert format_number(12345.6) == "1.235 × 10⁴"


def test_everyday_values_are_plain_decimals() -> None:
    assert format_number(0.9975273768433653) == "0.9975"
    assert format_number(-0.0024726231566347743) == "−0.002473"
    assert format_number(6.0) == "6"
    assert format_number(-0.0) == "0"
    assert format_number(0.1 + 0.2) == "0.3"


def test_decimals_and_percent() -> None:
    assert format_decimals(0.25, 3) == "0.250"
    assert format_decimals(-0.0001, 3) == "0.000"
    assert format_decimals(-1.5, 1) == "−1.5"
    assert format_percent(0.996) == "99%"
    assert format_percent(0.004) == "1%"
    assert format_percent(1.0) == "100%"
    assert format_percent(0.5) == "50%"


def test_plural() -> None:
    assert plural(1, "question", "questions") == "1 question"
    assert plural(0, "question", "questions") == "0 questions"
    assert plural(3, "question", "questions") == "3 questions"


def test_exactness() -> None:
    assert is_shown_exactly(0.1 + 0.2)
    assert not is_shown_exactly(1 / (1 + math.exp(-6)))


finite = st.floats(allow_nan=False, allow_infinity=False)


@given(finite)
def test_no_false_whole_number(value: float) -> None:
    text = format_number(value)
    if text in ("0", "1", MINUS + "1") or re.fullmatch(r"−?\d+", text):
        assert value.is_integer()
        assert float(text.replace(MINUS, "-")) == value


@given(finite)
def test_one_notation_and_one_minus_sign(value: float) -> None:
    text = format_number(value)
    assert "-" not in text
    assert "e" not in text
    assert _NUMBER.match(text), text
    assert text.startswith(MINUS) == (value < 0 and text != "0")


@given(finite, st.integers(min_value=1, max_value=8))
def test_bounded_length(value: float, digits: int) -> None:
    assert len(format_number(value, digits)) <= 2 * digits + 24


@given(st.floats(min_value=-1e6, max_value=1e6, allow_nan=False))
def test_value_reads_back_to_its_significant_digits(value: float) -> None:
    text = format_number(value).replace(MINUS, "-")
    if "×" in text or " " in text:
        return
    assert math.isclose(float(text), value, rel_tol=1e-3, abs_tol=0)
