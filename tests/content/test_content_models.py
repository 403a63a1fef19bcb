"""Models: generated exercises, grading, and a light import for the app's start path."""

from __future__ import annotations

import math
import random
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from content_helpers import VALID

from acttutor.core.activations import get_activation
from acttutor.core.numparse import NumberParseError
from acttutor.course.loader import load_roots
from acttutor.course.models import (
    Choice,
    ChoiceQuestion,
    Course,
    GeneratedQuestion,
    GeneratedTemplate,
    LocalText,
    MultiQuestion,
    NumericInstance,
    NumericQuestion,
    PlotQuestion,
    PlotSpec,
    TrueFalseQuestion,
    format_number,
    grade,
)
from acttutor.course.paths import builtin_content_root


@pytest.fixture(scope="module")
def course() -> Course:
    result = load_roots([VALID])
    assert result.course is not None, result.problems
    return result.course


def _common(**extra: object) -> dict[str, object]:
    text = LocalText.of("t")
    return {"id": "q", "lesson": "l", "section": "s", "prompt": text, "explanation": text,
            "bank": "b", "path": Path("b.yaml"), "line": 1, **extra}


def test_local_text_falls_back_to_english() -> None:
    text = LocalText({"en": "Hello", "ko": "안녕"})
    assert text.get() == "Hello" and text.get("ko") == "안녕" and text.get("fr") == "Hello"
    assert str(text) == "Hello" and text.languages == ("en", "ko")
    assert hash(text) == hash(LocalText({"ko": "안녕", "en": "Hello"}))


def test_generated_instances_are_reproducible_and_on_the_grid(course: Course) -> None:
    question = course.question("shapes-sigmoid-derivative")
    assert isinstance(question, GeneratedQuestion)
    first = [question.instantiate(random.Random(7)) for _ in range(3)]
    assert first[0] == first[1] == first[2]
    xs = question.template.xs()
    assert xs == (-2.0, -1.5, -1.0, -0.5, 0.0, 0.5, 1.0, 1.5, 2.0)
    seen = {question.instantiate(random.Random(seed)).x for seed in range(200)}
    assert seen == set(xs)


def test_generated_answer_is_the_engine_value_rounded(course: Course) -> None:
    question = course.question("shapes-elu-value")
    assert isinstance(question, GeneratedQuestion)
    elu = get_activation("elu")
    for seed in range(20):
        instance = question.instantiate(random.Random(seed))
        exact = float(elu.value(np.array([instance.x]), alpha=1.5)[0])
        assert instance.answer == round(exact, 2)
        assert instance.tolerance == pytest.approx(0.005, abs=1e-8)
        assert grade(instance, exact)  # the unrounded value is within tolerance
        assert grade(instance, format_number(instance.answer, 2))


def test_generated_placeholders_are_filled_in_every_language(course: Course) -> None:
    question = course.question("shapes-elu-value")
    assert isinstance(question, GeneratedQuestion)
    rng = random.Random(1)
    instance = question.instantiate(rng)
    x = format_number(instance.x)
    assert instance.prompt.get("en") == f"Compute f({x}) for ELU with α=1.5."
    assert instance.prompt.get("ko") == f"ELU (α=1.5)의 f({x})를 구하세요."
    assert instance.explanation.get("en") == f"f({x}) = {format_number(instance.answer, 2)}"
    derivative = course.question("shapes-sigmoid-derivative")
    assert isinstance(derivative, GeneratedQuestion)
    shown = derivative.instantiate(rng).prompt.get()
    assert "f′(" in shown and "Give 3 decimals." in shown and "{" not in shown


def test_template_grid_includes_max_despite_float_steps() -> None:
    template = GeneratedTemplate("tanh", "value", 0.0, 0.3, 0.1, {}, 2)
    assert template.xs() == (0.0, 0.1, 0.2, 0.3)


def test_format_number() -> None:
    assert format_number(-2.0) == "\u22122"
    assert format_number(0.5) == "0.5"
    assert format_number(0.25, 3) == "0.250"
    assert format_number(-0.0001, 2) == "0.00"
    assert format_number(-0.0) == "0"


def test_grade_choice_multi_truefalse_plot() -> None:
    choices = (Choice(LocalText.of("a")), Choice(LocalText.of("b")), Choice(LocalText.of("c")))
    choice = ChoiceQuestion(**_common(), choices=choices, answer=1)
    assert grade(choice, 1) and not grade(choice, 0) and not grade(choice, True)
    multi = MultiQuestion(**_common(), choices=choices, answers=frozenset({0, 2}))
    assert grade(multi, [2, 0]) and grade(multi, {0, 2})
    assert not grade(multi, [0]) and not grade(multi, [0, 1, 2]) and not grade(multi, "02")
    tf = TrueFalseQuestion(**_common(), answer=False)
    assert grade(tf, False) and not grade(tf, True) and not grade(tf, 0)
    plot = PlotQuestion(**_common(), plot=PlotSpec("elu", {}, "value", (-4.0, 4.0)),
                        choices=("relu", "elu"), answer=1)
    assert grade(plot, 1) and not grade(plot, 0)


def test_grade_numeric_accepts_the_answer_syntax() -> None:
    numeric = NumericQuestion(**_common(), answer=0.25, tolerance=0.001)
    for response in ("0.25", "1/4", ".25", "2.5e-1", "0.2505", 0.25, 0.2509):
        assert grade(numeric, response), response
    for response in ("0.26", -0.25, math.inf, math.nan):
        assert not grade(numeric, response), response
    with pytest.raises(NumberParseError):
        grade(numeric, "a quarter")
    template = GeneratedTemplate("hardtanh", "value", -1.0, -1.0, 1.0, {}, 1)
    instance = NumericInstance(GeneratedQuestion(**_common(), template=template), -1.0)
    assert instance.answer == -1.0 and instance.tolerance == pytest.approx(0.05)
    assert grade(instance, "\u22121.04") and not grade(instance, "-1.06")


def test_grade_refuses_a_template() -> None:
    template = GeneratedTemplate("tanh", "value", 0.0, 1.0, 0.5, {}, 2)
    question = GeneratedQuestion(**_common(), template=template)
    with pytest.raises(TypeError):
        grade(question, 0.5)


def test_course_lookups(course: Course) -> None:
    assert course.lesson("shapes").title.get() == "Shapes"
    assert course.has_lesson("basics") and not course.has_lesson("nope")
    with pytest.raises(KeyError):
        course.lesson("nope")
    with pytest.raises(KeyError):
        course.question("nope")
    assert course.questions_for("nope") == ()
    assert len(course.questions_for("basics")) == 8
    with pytest.raises(KeyError):
        course.lesson("basics").section("nope")


def test_models_import_pulls_in_neither_yaml_nor_numpy() -> None:
    code = ("import sys, acttutor.course.models; "
            "print(sorted(m for m in ('yaml', 'numpy') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True)
    assert out.stdout.strip() == "[]"


def test_builtin_content_root_is_the_checkout_s_content_folder() -> None:
    root = builtin_content_root()
    assert (root / "course.yaml").is_file()
    assert root == Path(__file__).resolve().parents[2] / "content"
