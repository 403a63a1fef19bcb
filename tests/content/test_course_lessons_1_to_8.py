"""Curriculum rules for lessons 1-8 of the built-in course (why-activations ... softplus).

The eight lessons and their banks are copied into a temporary content root of their own, so a
problem in another part of the course cannot hide (or cause) a failure here.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from acttutor.course.loader import load_roots
from acttutor.course.models import (
    ChoiceQuestion,
    Course,
    GeneratedQuestion,
    MultiQuestion,
    NumericQuestion,
)
from acttutor.course.paths import builtin_content_root

LESSONS = (
    "why-activations",
    "step-and-identity",
    "sigmoid",
    "tanh",
    "relu",
    "leaky-relu-family",
    "elu-family",
    "softplus",
)
ALL_LESSONS = (
    *LESSONS,
    "sigmoid-cross-entropy",
    "softmax",
    "positive-outputs",
    "modern-activations",
    "initialisation",
    "gated-activations",
    "forward-pass",
    "comparison",
    "interview",
)
# Every plottable activation these lessons teach needs a generated template in its bank.
TEMPLATES = {
    "step-and-identity": {"step", "identity"},
    "sigmoid": {"sigmoid"},
    "tanh": {"tanh"},
    "relu": {"relu", "relu6"},
    "leaky-relu-family": {"leaky_relu", "prelu", "rrelu"},
    "elu-family": {"elu", "selu", "celu"},
    "softplus": {"softplus"},
}


@pytest.fixture(scope="module")
def course(tmp_path_factory: pytest.TempPathFactory) -> Course:
    """Lessons 1-8 loaded from a root that holds only them."""
    source = builtin_content_root()
    root: Path = tmp_path_factory.mktemp("part1")
    (root / "lessons").mkdir()
    (root / "quizzes").mkdir()
    for lesson_id in LESSONS:
        for path in (source / "lessons").glob(f"{lesson_id}.*md"):
            if path.name == f"{lesson_id}.md" or re.fullmatch(rf"{lesson_id}\.[a-z]{{2}}\.md",
                                                               path.name):
                shutil.copy(path, root / "lessons" / path.name)
        shutil.copy(source / "quizzes" / f"{lesson_id}.yaml", root / "quizzes")
    listing = "".join(f"  - {lesson_id}\n" for lesson_id in LESSONS)
    (root / "course.yaml").write_text(
        f"format_version: 1\ntitle: Part one\nlessons:\n{listing}", encoding="utf-8"
    )
    result = load_roots([root])
    assert result.problems == [], "\n".join(str(p) for p in result.problems)
    assert result.course is not None
    return result.course


def test_course_yaml_lists_every_lesson_in_order() -> None:
    text = (builtin_content_root() / "course.yaml").read_text(encoding="utf-8")
    listed = re.findall(r"^  - ([a-z0-9-]+)$", text, flags=re.MULTILINE)
    assert tuple(listed) == ALL_LESSONS


@pytest.mark.parametrize("lesson_id", LESSONS)
def test_lesson_shape(course: Course, lesson_id: str) -> None:
    lesson = course.lesson(lesson_id)
    named = [s for s in lesson.sections if s.id != "intro"]
    assert 4 <= len(named) <= 8  # 8: the ReLU lesson's section on detecting dead units
    words = len(re.findall(r"\S+", lesson.body))
    assert 500 <= words <= 1250, words
    assert lesson.activations, "a lesson plots at least one activation"


@pytest.mark.parametrize("lesson_id", LESSONS)
def test_bank_size_and_type_mix(course: Course, lesson_id: str) -> None:
    questions = course.questions_for(lesson_id)
    assert 12 <= len(questions) <= 20  # room to grow toward issue 14's 260 questions
    assert len({q.type for q in questions}) >= 4
    assert all(q.id.startswith(f"{lesson_id}-") for q in questions)
    section_ids = set(course.lesson(lesson_id).section_ids)
    assert all(q.section in section_ids for q in questions)


@pytest.mark.parametrize("lesson_id", LESSONS)
def test_multi_prompts_say_select_all(course: Course, lesson_id: str) -> None:
    for q in course.questions_for(lesson_id):
        if isinstance(q, MultiQuestion):
            assert "Select all that apply" in q.prompt.en, q.id


@pytest.mark.parametrize(("lesson_id", "names"), sorted(TEMPLATES.items()))
def test_generated_templates_cover_taught_activations(
    course: Course, lesson_id: str, names: set[str]
) -> None:
    covered = {
        q.template.activation
        for q in course.questions_for(lesson_id)
        if isinstance(q, GeneratedQuestion)
    }
    assert names <= covered


@pytest.mark.parametrize("lesson_id", sorted(TEMPLATES))
def test_generated_templates_avoid_kinks(course: Course, lesson_id: str) -> None:
    kinks = {"step": 0.0, "relu": 0.0, "relu6": 6.0, "leaky_relu": 0.0, "prelu": 0.0,
             "rrelu": 0.0}
    for q in course.questions_for(lesson_id):
        if isinstance(q, GeneratedQuestion) and q.template.activation in kinks:
            xs = q.template.xs()
            assert 0.0 not in xs and kinks[q.template.activation] not in xs, q.id


def test_every_numeric_fact_at_a_point_is_checked(course: Course) -> None:
    # Numeric questions without check: weights, sums, products or updates, not f(x).
    unchecked = {
        q.id
        for lesson_id in LESSONS
        for q in course.questions_for(lesson_id)
        if isinstance(q, NumericQuestion) and q.check is None
    }
    assert unchecked == {
        "why-activations-pre-activation",
        "why-activations-collapse-coefficient",
        "sigmoid-vanishing-layers",
        "relu-dying-update",
        "relu-approximation",
        "step-and-identity-perceptron-update",
        "leaky-relu-family-dead-gradient",
    }


def test_numeric_choice_facts_are_checked(course: Course) -> None:
    checked = {
        q.id
        for lesson_id in LESSONS
        for q in course.questions_for(lesson_id)
        if isinstance(q, ChoiceQuestion) and q.check is not None
    }
    assert {"sigmoid-at-zero", "sigmoid-derivative-max", "tanh-slope-origin",
            "relu-derivative-at-zero", "softplus-at-zero"} <= checked


def test_sigmoid_korean_translation(course: Course) -> None:
    lesson = course.lesson("sigmoid")
    korean = lesson.translations["ko"]
    assert {s.id for s in korean.sections} == set(lesson.section_ids)
    assert re.search("[가-힣]", korean.title)
    bilingual = [
        q.id
        for q in course.questions_for("sigmoid")
        if "ko" in q.prompt.languages and "ko" in q.explanation.languages
    ]
    assert len(bilingual) >= 3
