"""The built-in course tells the truth and gives nothing away.

- A numeric question that asks for d decimals grades to d decimals: its tolerance is half a unit
  of the d-th decimal, and the engine's exact value and both of its roundings are accepted.
- No prompt answers another question: a prompt never states another question's keyed number
  ("σ(2) ≈ 0.8808" beside "what is σ(2)?"), its correct choice text, or a correct formula with a
  number put in ("−log σ(0)" beside "BCE for t = 1 is …"), since any quiz may hold both.
"""

from __future__ import annotations

import functools
import re

import numpy as np
import pytest

from acttutor.core.activations import get_activation
from acttutor.core.numparse import NumberParseError, parse_number
from acttutor.core.rounding import half_unit, rounding_keys
from acttutor.course.loader import load_course
from acttutor.course.models import (
    ChoiceQuestion,
    Course,
    MultiQuestion,
    NumericQuestion,
    Question,
    grade,
)

WORDS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5}
ASKED = re.compile(r"\b(\d|one|two|three|four|five) decimals?\b", re.IGNORECASE)
NUMBER = re.compile(r"[−-]?\d+(?:\.\d+)?")


@pytest.fixture(scope="module")
def course() -> Course:
    return load_course()


def asked(question: Question) -> int | None:
    """The decimals the English prompt asks for, if it asks."""
    m = ASKED.search(question.prompt.en)
    if m is None:
        return None
    word = m.group(1).lower()
    return int(word) if word.isdigit() else WORDS[word]


def engine_value(question: NumericQuestion | ChoiceQuestion) -> float:
    check = question.check
    assert check is not None
    act = get_activation(check.activation)
    fn = act.value if check.of == "value" else act.derivative
    out = fn(np.atleast_1d(np.array(check.x, dtype=np.float64)), **act.resolve_params(check.params))
    return float(out[check.index if check.index is not None else 0])


def test_numeric_questions_grade_to_the_decimals_they_ask_for(course) -> None:
    asking = [q for q in course.questions if isinstance(q, NumericQuestion) and asked(q)]
    assert len(asking) >= 25
    for question in asking:
        decimals = asked(question)
        assert question.tolerance == pytest.approx(half_unit(decimals)), question.id
        exact = engine_value(question) if question.check is not None else question.answer
        for key in (*rounding_keys(exact, decimals), exact):
            assert grade(question, f"{key:.{decimals + 3}f}"), (question.id, key)
        unit = 10.0**-decimals
        low, high = min(rounding_keys(exact, decimals)), max(rounding_keys(exact, decimals))
        assert not grade(question, low - unit) and not grade(question, high + unit), question.id


def test_numeric_checks_hold_at_the_precision_shown(course) -> None:
    """A free-tolerance answer is near-exact: the engine's value is within its tolerance."""
    for question in course.questions:
        if isinstance(question, NumericQuestion) and question.check is not None:
            assert grade(question, engine_value(question)), question.id


# --------------------------------------------------------------------------- give-aways


def stated_numbers(prompt: str) -> list[tuple[str, float]]:
    """Numbers a prompt states as values: not the argument of a call like σ(2) or tanh(−0.5)."""
    found = []
    for m in NUMBER.finditer(prompt):
        before, after = prompt[: m.start()], prompt[m.end():]
        if before.endswith("(") and after.startswith(")") and re.search(r"[\w′]\($", before):
            continue
        if before.endswith(("x = ", "x=", "z = ", "at x ")):
            continue  # an input, not a result
        text = m.group().replace("−", "-")
        found.append((text, float(text)))
    return found


def significant(text: str) -> int:
    digits = text.lstrip("-").replace(".", "").lstrip("0").rstrip("0")
    return len(digits)


def keyed_number(question: Question) -> float | None:
    """The number a question's key states, when it is a number."""
    if isinstance(question, NumericQuestion):
        return question.answer
    if isinstance(question, ChoiceQuestion):
        text = question.choices[question.answer].text.en.strip().lstrip("≈~ ")
        try:
            return parse_number(text)
        except NumberParseError:
            return None
    return None


def answers_it(number: str, value: float, other: Question) -> bool:
    if isinstance(other, NumericQuestion):
        return bool(grade(other, value))
    key = keyed_number(other)
    if key is None or key == 0:
        return False
    decimals = len(number.partition(".")[2])
    return abs(value - key) <= half_unit(decimals) * (1 + 1e-9)


VARIABLE = re.compile(r"\((−?)([xz])\)")
BARE_CALL = re.compile(r"\w+\(−?[xz]\)")


@functools.lru_cache(maxsize=None)
def formula_pattern(text: str) -> re.Pattern[str] | None:
    """A correct choice that is a formula in x or z, as a pattern that also finds it with a number
    put in ("−log σ(z)" finds "−log σ(6)"); a bare call such as "softplus(−z)" must match as
    written, since "softplus(2)" merely names the function. None for non-formulas."""
    if not VARIABLE.search(text):
        return None
    if BARE_CALL.fullmatch(text):
        return re.compile(re.escape(text))
    parts, pos = [], 0
    for m in VARIABLE.finditer(text):
        parts += [re.escape(text[pos:m.start()]), r"\(" + m.group(1) + r"[\w.]+\)"]
        pos = m.end()
    parts.append(re.escape(text[pos:]))
    return re.compile("".join(parts))


def right_texts(question: Question) -> list[str]:
    if isinstance(question, ChoiceQuestion):
        return [question.choices[question.answer].text.en]
    if isinstance(question, MultiQuestion):
        return [question.choices[i].text.en for i in sorted(question.answers)]
    return []


def giveaways(course: Course) -> list[str]:
    found = []
    questions = course.questions
    for question in questions:
        prompt = question.prompt.en  # and its hint: both are on screen before answering
        if isinstance(question, NumericQuestion) and question.hint is not None:
            prompt += "\n" + question.hint.en
        numbers = [(t, v) for t, v in stated_numbers(prompt) if significant(t) >= 2]
        for other in questions:
            if other is question:
                continue
            own = other.prompt.en.replace("−", "-")
            for text, value in numbers:
                if keyed_number(other) is None or text in own:
                    continue  # the other question states the number itself
                if answers_it(text, value, other):
                    found.append(f"{question.id} states {text}, the answer of {other.id}")
            for right in right_texts(other):
                if isinstance(other, ChoiceQuestion) and len(right) >= 12 and right in prompt:
                    if right not in other.prompt.en:
                        found.append(f"{question.id} states {right!r}, the answer of {other.id}")
                        continue
                pattern = formula_pattern(right)
                if pattern and pattern.search(prompt) and not pattern.search(other.prompt.en):
                    found.append(f"{question.id} states {right!r}, the answer of {other.id}")
    return found


def test_no_prompt_answers_another_question(course) -> None:
    assert giveaways(course) == []


def test_the_giveaway_finder_catches_the_known_kinds(course) -> None:
    """The finder is not blind: σ(2) ≈ 0.8808 stated beside "compute σ(2)" is caught."""
    from dataclasses import replace

    from acttutor.course.models import LocalText

    probe = next(q for q in course.questions if q.id == "sigmoid-cross-entropy-loss-at-zero")
    leaky = replace(probe, id="probe", prompt=LocalText.of("Given σ(2) ≈ 0.8808, what is σ′(2)?"))
    found = giveaways(Course(course.title, course.lessons, course.banks,
                             (*course.questions, leaky)))
    assert "probe states 0.8808, the answer of sigmoid-value-at-2" in found
    bce = replace(probe, id="bce", prompt=LocalText.of("What is the loss −log σ(0)?"))
    found = giveaways(Course(course.title, course.lessons, course.banks,
                             (*course.questions, bce)))
    assert "bce states '−log σ(z)', the answer of sigmoid-cross-entropy-t1-form" in found


def test_one_notation_for_the_loss_and_the_pre_activation() -> None:
    """The loss is L everywhere (the engine's and the forward-pass screen's symbol; J is the
    softmax Jacobian); the forward-pass lesson calls pre-activations z, as earlier lessons do."""
    from acttutor.course.paths import builtin_content_root

    root = builtin_content_root()
    for path in sorted([*root.glob("lessons/*.md"), *root.glob("quizzes/*.yaml")]):
        text = path.read_text(encoding="utf-8")
        assert "∂J" not in text and "∇w J" not in text, path.name
    forward = (root / "lessons" / "forward-pass.md").read_text(encoding="utf-8")
    assert "z₁ = W₁x + b₁" in forward and "a = W₁x" not in forward
    assert "∂L/∂a" not in forward
