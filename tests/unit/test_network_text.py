"""Numbers, vectors and matrices for the network stepper: compact output, forgiving input."""

from __future__ import annotations

import numpy as np
import pytest

from acttutor.core.network import (
    NetworkError,
    format_array,
    format_number,
    is_exact,
    parse_matrix,
    parse_vector,
)


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (6.0, "6"),
        (-3.0, "−3"),
        (-0.0, "0"),
        (0.0, "0"),
        (0.9975273768433653, "0.9975"),
        (-0.0024726231566347743, "−0.002473"),
        (1.5, "1.5"),
        (12.3456, "12.35"),
        (12345.67, "1.235 × 10⁴"),
        (0.1, "0.1"),
        (1.5e-7, "1.5 × 10⁻⁷"),
        (1e20, "1 × 10²⁰"),
        (float("nan"), "NaN"),
        (float("-inf"), "−∞"),
    ],
)
def test_format_number(value: float, text: str) -> None:
    assert format_number(value) == text


def test_format_arrays_and_exactness() -> None:
    assert format_array([2.0, -3.0]) == "[2, −3]"
    assert format_array([[1, -2], [1, 5]]) == "[[1, −2], [1, 5]]"
    assert format_array(np.array(0.25)) == "0.25"
    assert is_exact([2.0, 0.5])
    assert not is_exact([1 / 3])
    assert is_exact([0.1 + 0.2])  # float noise is not rounding: 0.1 + 0.2 = 0.3
    assert not is_exact([0.9975273768433653])


@pytest.mark.parametrize(
    "text", ["2,0", "2, 0", " 2 , 0 ", "2 0", "[2, 0]", "2,−0", "4/2, 0*5", "2\t0"]
)
def test_parse_vector_accepts_common_forms(text: str) -> None:
    assert parse_vector(text, "x").tolist() == [2.0, 0.0]


def test_parse_vector_uses_the_answer_syntax() -> None:
    values = parse_vector("1/4, −3, e^-1, 1 / 2", "x")
    np.testing.assert_allclose(values, [0.25, -3.0, np.exp(-1), 0.5], rtol=1e-15)


@pytest.mark.parametrize(
    "text",
    ["1,-2;1,5", "1, -2; 1, 5", "[[1, -2], [1, 5]]", "[1,-2],[1,5]", "1 −2\n1 5", "1,-2;1,5;"],
)
def test_parse_matrix_accepts_common_forms(text: str) -> None:
    assert parse_matrix(text, "W1").tolist() == [[1.0, -2.0], [1.0, 5.0]]


def test_single_row_matrix() -> None:
    assert parse_matrix("1,3", "W2").tolist() == [[1.0, 3.0]]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("1,abc", "x entry 2: 'abc' is not a number"),
        ("1,,2", "x entry 2 is empty"),
        ("", "x is empty"),
        ("1/0, 1", "x entry 1: '1/0': Division by zero"),
        ("1e400", "x entry 1"),
        ("nan", "x entry 1"),
        ("inf", "x entry 1"),
        ("2e6", "too large"),
        ("1;2", "not a matrix"),
        (",".join("1" * 9), "x has 9 entries; at most 8"),
    ],
)
def test_parse_vector_errors_name_the_entry(text: str, message: str) -> None:
    with pytest.raises(NetworkError) as info:
        parse_vector(text, "x")
    assert message in str(info.value)
    assert info.value.field == "x"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("1,2;3,x", "W1 row 2, column 2: 'x' is not a number"),
        ("1,2;3", "W1 row 2 has 1 entry but row 1 has 2 entries"),
        ("1,2;;3,4", "W1 row 2 is empty"),
        ("", "W1 is empty"),
        (";".join(["1"] * 9), "W1 has 9 rows; at most 8"),
        (",".join(["1"] * 9), "W1 row 1 has 9 columns; at most 8"),
    ],
)
def test_parse_matrix_errors_name_row_and_column(text: str, message: str) -> None:
    with pytest.raises(NetworkError) as info:
        parse_matrix(text, "W1")
    assert message in str(info.value)
