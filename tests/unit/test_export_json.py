"""``acttutor export json``: every question with its answer, in the schema of content/README.md."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from acttutor.cli import main
from acttutor.course.loader import load_course
from acttutor.course.models import (
    ChoiceQuestion,
    GeneratedQuestion,
    MultiQuestion,
    NumericInstance,
    NumericQuestion,
    PlotQuestion,
    TrueFalseQuestion,
    grade,
)

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "content" / "valid"
COMMON_KEYS = {"id", "type", "lesson", "section", "prompt", "explanation", "tags", "source"}


@pytest.fixture(scope="module")
def course():
    return load_course()


def export_json(capsys, *args: str) -> dict:
    assert main(["export", "json", "-", *args]) == 0
    return json.loads(capsys.readouterr().out)


def test_every_question_with_an_answer_that_grades_right(capsys, course) -> None:
    data = export_json(capsys)
    assert data["format"] == "acttutor-questions" and data["format_version"] == 1
    assert data["course"] == course.title.en and data["lang"] == "en"
    assert [lesson["id"] for lesson in data["lessons"]] == [lesson.id for lesson in course.lessons]
    records = [q for lesson in data["lessons"] for q in lesson["questions"]]
    assert sorted(r["id"] for r in records) == sorted(q.id for q in course.questions)
    for record in records:
        question = course.question(record["id"])
        assert COMMON_KEYS <= set(record), record["id"]
        assert record["type"] == question.type
        assert record["source"] == f"{question.path.relative_to(course.roots[0]).as_posix()}" \
                                   f":{question.line}"
        if isinstance(question, (ChoiceQuestion, PlotQuestion)):
            (right,) = [i for i, c in enumerate(record["choices"]) if c["correct"]]
            assert grade(question, right)
        elif isinstance(question, MultiQuestion):
            right = [i for i, c in enumerate(record["choices"]) if c["correct"]]
            assert grade(question, right)
        elif isinstance(question, TrueFalseQuestion):
            assert grade(question, record["answer"])
        elif isinstance(question, NumericQuestion):
            assert grade(question, record["answer"])
            assert record["tolerance"] == question.tolerance
        elif isinstance(question, GeneratedQuestion):
            assert record["template"]["activation"] == question.template.activation
            assert len(record["draws"]) == 3
            for draw in record["draws"]:
                assert grade(NumericInstance(question, draw["x"]), draw["answer"])
                assert "{x}" not in draw["prompt"]


def test_draws_are_fixed_and_lessons_filter(capsys) -> None:
    first = export_json(capsys, "--lesson", "elu-family", "--generated", "5")
    second = export_json(capsys, "--lesson", "elu-family", "--generated", "5")
    assert first == second
    assert [lesson["id"] for lesson in first["lessons"]] == ["elu-family"]
    generated = [q for q in first["lessons"][0]["questions"] if q["type"] == "generated"]
    assert generated
    for record in generated:
        xs = [draw["x"] for draw in record["draws"]]
        assert len(xs) == 5 and xs == sorted(set(xs))


def test_korean_text_where_translated(capsys) -> None:
    data = export_json(capsys, "--content", str(FIXTURE), "--lesson", "basics", "--lang", "ko")
    assert data["lang"] == "ko"
    prompts = {q["id"]: q["prompt"] for q in data["lessons"][0]["questions"]}
    assert prompts["basics-range"] == "시그모이드의 출력 범위는?"


def test_a_file_is_written_whole(tmp_path: Path, capsys) -> None:
    target = tmp_path / "questions.json"
    assert main(["export", "json", str(target), "--lesson", "relu"]) == 0
    data = json.loads(target.read_text(encoding="utf-8"))
    assert [lesson["id"] for lesson in data["lessons"]] == ["relu"]
    assert "questions in 1 lesson\n" in capsys.readouterr().err
    assert [p.name for p in tmp_path.iterdir()] == ["questions.json"]  # no temporary left


def test_unknown_lesson_is_one_line_and_exit_2(capsys) -> None:
    assert main(["export", "json", "-", "--lesson", "nope"]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.startswith("acttutor export json: error: no lesson 'nope'.")
