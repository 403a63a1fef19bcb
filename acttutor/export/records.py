"""Every question of the course as a plain record (dicts, lists, str, numbers, bools), answers
included: what ``acttutor export json`` writes and what ``export anki`` turns into cards.

Texts are in one language (``lang``, English where not translated) and are exactly as written
in the content files: whoever shows them escapes them for their medium. The schema is
documented in content/README.md ("Exporting the questions").
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from acttutor.course.models import (
    ChoiceQuestion,
    Course,
    GeneratedQuestion,
    Lesson,
    LocalText,
    MultiQuestion,
    NumericInstance,
    NumericQuestion,
    PlotQuestion,
    Question,
    TrueFalseQuestion,
)

FORMAT = "acttutor-questions"
FORMAT_VERSION = 1
DEFAULT_DRAWS = 3
"""Fixed draws exported for each generated question unless ``--generated`` says otherwise."""
MAX_DRAWS = 50


def draws(question: GeneratedQuestion, count: int) -> tuple[NumericInstance, ...]:
    """``count`` different exercises of a generated question (fewer when its grid is smaller),
    in x order; the same every time (the draw is seeded with the question's id)."""
    xs = question.template.xs()
    picked = random.Random(f"acttutor-export:{question.id}").sample(
        range(len(xs)), min(count, len(xs))
    )
    return tuple(NumericInstance(question, xs[k]) for k in sorted(picked))


def source(question: Question, roots: Sequence[Path]) -> str:
    """``quizzes/relu.yaml:12``: where the question is written, inside its content folder."""
    for root in roots:
        try:
            return f"{question.path.relative_to(root).as_posix()}:{question.line}"
        except ValueError:
            continue
    return f"{question.path.name}:{question.line}"


def _text(value: LocalText | None, lang: str) -> str | None:
    return None if value is None else value.get(lang)


def _activation_name(name: str) -> str:
    from acttutor.core.activations import get_activation

    return get_activation(name).display


def question_record(
    question: Question, *, lang: str = "en", roots: Sequence[Path] = (),
    generated: int = DEFAULT_DRAWS,
) -> dict[str, Any]:
    """One question with its answer; see content/README.md for every key."""
    record: dict[str, Any] = {
        "id": question.id,
        "type": question.type,
        "lesson": question.lesson,
        "section": question.section,
        "prompt": question.prompt.get(lang),
        "explanation": question.explanation.get(lang),
        "tags": list(question.tags),
        "source": source(question, roots),
    }
    if isinstance(question, ChoiceQuestion):
        record["choices"] = [
            {"text": c.text.get(lang), "correct": i == question.answer,
             "feedback": _text(c.feedback, lang)}
            for i, c in enumerate(question.choices)
        ]
    elif isinstance(question, MultiQuestion):
        record["choices"] = [
            {"text": c.text.get(lang), "correct": i in question.answers,
             "feedback": _text(c.feedback, lang)}
            for i, c in enumerate(question.choices)
        ]
    elif isinstance(question, TrueFalseQuestion):
        record["answer"] = question.answer
        record["feedback"] = {
            "true": _text(question.feedback.get(True), lang),
            "false": _text(question.feedback.get(False), lang),
        }
    elif isinstance(question, NumericQuestion):
        record["answer"] = question.answer
        record["tolerance"] = question.tolerance
        record["unit"] = _text(question.unit, lang)
        record["hint"] = _text(question.hint, lang)
    elif isinstance(question, PlotQuestion):
        spec = question.plot
        record["plot"] = {
            "activation": spec.activation, "of": spec.of, "params": dict(spec.params),
            "x_range": list(spec.x_range),
        }
        record["choices"] = [
            {"text": _activation_name(name), "activation": name, "correct": i == question.answer}
            for i, name in enumerate(question.choices)
        ]
    elif isinstance(question, GeneratedQuestion):
        template = question.template
        record["template"] = {
            "activation": template.activation, "of": template.of,
            "params": dict(template.params), "x_min": template.x_min, "x_max": template.x_max,
            "x_step": template.x_step, "decimals": template.decimals,
            "tolerance": template.tolerance,
        }
        record["draws"] = [
            {"x": draw.x, "prompt": draw.prompt.get(lang), "answer": draw.answer,
             "explanation": draw.explanation.get(lang)}
            for draw in draws(question, generated)
        ]
    return record


def lessons_to_export(course: Course, lesson_ids: Sequence[str] = ()) -> tuple[Lesson, ...]:
    """The chosen lessons in course order (all when none is named); KeyError for an unknown id."""
    for lesson_id in lesson_ids:
        course.lesson(lesson_id)
    chosen = set(lesson_ids)
    return tuple(lesson for lesson in course.lessons if not chosen or lesson.id in chosen)


def course_record(
    course: Course, *, lessons: Sequence[str] = (), lang: str = "en",
    generated: int = DEFAULT_DRAWS,
) -> dict[str, Any]:
    """The course (or the chosen lessons) with every question and its answer."""
    return {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "course": course.title.get(lang),
        "lang": lang,
        "lessons": [
            {
                "id": lesson.id,
                "title": lesson.title.get(lang),
                "questions": [
                    question_record(q, lang=lang, roots=course.roots, generated=generated)
                    for q in course.questions_for(lesson.id)
                ],
            }
            for lesson in lessons_to_export(course, lessons)
        ],
    }
