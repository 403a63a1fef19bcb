"""The checker: the valid fixture loads; every bad-content fixture is reported at its path:line."""

from __future__ import annotations

from pathlib import Path

import pytest
from content_helpers import BAD, VALID, build_course

from acttutor.course.checker import CheckReport, check_roots
from acttutor.course.loader import MAX_FILE_BYTES, ContentError, load_roots
from acttutor.course.models import (
    ChoiceQuestion,
    GeneratedQuestion,
    MultiQuestion,
    NumericQuestion,
    PlotQuestion,
    TrueFalseQuestion,
)

BAD_CASES = sorted(p.name for p in BAD.iterdir() if p.is_dir())


def _expected(case: str) -> list[tuple[str, list[str]]]:
    """EXPECT lines ``path:line: phrase ... phrase`` -> [(path:line, [phrases])]."""
    out = []
    for line in (BAD / case / "EXPECT").read_text(encoding="utf-8").splitlines():
        if line.strip():
            where, _, phrases = line.partition(": ")
            out.append((where, phrases.split(" ... ")))
    return out


def test_valid_fixture_loads_with_every_question_type() -> None:
    result = load_roots([VALID])
    assert result.problems == []
    course = result.course
    assert course is not None
    assert [lesson.id for lesson in course.lessons] == ["basics", "shapes"]
    assert result.summary == "ok: 2 lessons, 10 questions in 2 banks"
    kinds = {type(q) for q in course.questions}
    assert kinds == {ChoiceQuestion, MultiQuestion, TrueFalseQuestion, NumericQuestion,
                     PlotQuestion, GeneratedQuestion}
    assert course.title.get("ko") == "작은 시험 과정"


def test_valid_fixture_models_hold_the_file_values() -> None:
    course = load_roots([VALID]).course
    assert course is not None
    basics = course.lesson("basics")
    assert basics.activations == ("sigmoid", "leaky_relu")
    assert basics.params == {"leaky_relu": {"negative_slope": 0.1}}
    assert basics.section_ids == ("intro", "range", "vanishing-gradients")
    assert basics.section("range").title == "Range and the 0.5 threshold"
    assert basics.section("range").line == 12
    assert "## not a heading" in basics.section("range").body
    assert basics.title.get("ko") == "기초"
    assert basics.translations["ko"].section("vanishing-gradients").title == "기울기 소실"

    first = course.question("basics-range")
    assert isinstance(first, ChoiceQuestion)
    assert first.answer == 0  # the file says 1: answers are stored 0-based
    assert first.choices[1].feedback is not None
    assert first.prompt.get("ko") == "시그모이드의 출력 범위는?"
    assert first.line == 5 and first.bank == "basics" and first.tags == ("range",)

    multi = course.question("basics-saturating")
    assert isinstance(multi, MultiQuestion) and multi.answers == frozenset({0, 1})
    tf = course.question("basics-zero-centred")
    assert isinstance(tf, TrueFalseQuestion) and tf.answer is False
    assert str(tf.feedback[True]).startswith("Its outputs")
    numeric = course.question("basics-sigmoid-at-zero")
    assert isinstance(numeric, NumericQuestion) and numeric.answer == 0.5
    assert numeric.check is not None and numeric.check.of == "value"
    plot = course.question("shapes-which-curve")
    assert isinstance(plot, PlotQuestion)
    assert plot.plot.x_range == (-4.0, 4.0) and plot.choices[plot.answer] == "elu"
    generated = course.question("shapes-sigmoid-derivative")
    assert isinstance(generated, GeneratedQuestion) and generated.lesson == "basics"
    assert [q.id for q in course.questions_for("shapes")] == [
        "shapes-which-curve", "shapes-elu-value"]


@pytest.mark.parametrize("case", BAD_CASES)
def test_bad_fixture_is_reported_at_its_path_and_line(case: str, tmp_path: Path) -> None:
    root = build_course(tmp_path, BAD / case)
    report = check_roots([root])
    expected = _expected(case)
    got = [(f"{p.path}:{p.line}", p.message) for p in report.problems]
    assert len(got) == len(expected), "\n".join(str(p) for p in report.problems)
    for where, phrases in expected:
        messages = [message for loc, message in got if loc == where]
        assert messages, f"nothing reported at {where}; got:\n" + "\n".join(
            str(p) for p in report.problems)
        assert any(all(ph in m for ph in phrases) for m in messages), (where, phrases, messages)
    assert not report.ok
    assert report.summary.endswith("file" if len({p.path for p in report.problems}) == 1
                                   else "files")


def test_every_problem_is_reported_at_once(tmp_path: Path) -> None:
    cases = ("unknown-type", "course-missing", "raw-html", "translation-id-differs")
    root = build_course(tmp_path, *(BAD / case for case in cases))
    report = check_roots([root])
    locations = {f"{p.path}:{p.line}" for p in report.problems}
    assert {"course/course.yaml:1", "course/quizzes/extra.yaml:6", "course/lessons/shapes.md:9",
            "course/lessons/basics.ko.md:2"} <= locations


def test_oversized_file_is_refused_without_reading_it(tmp_path: Path) -> None:
    root = build_course(tmp_path)
    big = root / "quizzes" / "big.yaml"
    big.write_bytes(b"#" * (MAX_FILE_BYTES + 1))
    report = check_roots([root])
    assert [str(p) for p in report.problems] == [
        "course/quizzes/big.yaml:1: file is 4.0 MiB; the limit is 4 MiB (split it)"]


def test_file_of_exactly_the_limit_is_read(tmp_path: Path) -> None:
    root = build_course(tmp_path)
    text = "format_version: 1\nbank: padded\nlesson: basics\nquestions:\n"
    (root / "quizzes" / "padded.yaml").write_text(
        text + "#" * (MAX_FILE_BYTES - len(text) - 1) + "\n", encoding="utf-8")
    report = check_roots([root])
    assert [str(p) for p in report.problems] == [
        "course/quizzes/padded.yaml:4: questions: the list is empty"]


def test_duplicate_lesson_across_roots_names_the_other_file(tmp_path: Path) -> None:
    main = build_course(tmp_path)
    extra = tmp_path / "mine"
    (extra / "lessons").mkdir(parents=True)
    (extra / "lessons" / "basics.md").write_text(
        "---\nid: basics\ntitle: Again\nsummary: s\nactivations: [relu]\n---\nText.\n",
        encoding="utf-8")
    report = check_roots([main, extra])
    assert [str(p) for p in report.problems] == [
        "mine/lessons/basics.md:2: duplicate lesson id 'basics' (also in course/lessons/basics.md)"]


def test_extra_root_adds_lessons_and_banks_after_the_main_course(tmp_path: Path) -> None:
    main = build_course(tmp_path)
    extra = tmp_path / "mine"
    (extra / "lessons").mkdir(parents=True)
    (extra / "quizzes").mkdir()
    (extra / "lessons" / "zeta.md").write_text(
        "---\nid: zeta\ntitle: Zeta\nsummary: s\nactivations: [relu]\n---\n## Part {#part}\nx\n",
        encoding="utf-8")
    (extra / "lessons" / "alpha.md").write_text(
        "---\nid: alpha\ntitle: Alpha\nsummary: s\nactivations: [tanh]\n---\nText.\n",
        encoding="utf-8")
    (extra / "quizzes" / "mine.yaml").write_text(
        "format_version: 1\nbank: mine\nlesson: basics\nquestions:\n"
        "  - {id: mine-1, type: truefalse, section: range, prompt: P, answer: true, "
        "explanation: E}\n"
        "  - {id: mine-2, type: truefalse, lesson: zeta, section: part, prompt: P, "
        "answer: false, explanation: E}\n",
        encoding="utf-8")
    result = load_roots([main, extra])
    assert result.problems == []
    assert result.course is not None
    assert [lesson.id for lesson in result.course.lessons] == ["basics", "shapes", "alpha", "zeta"]
    assert [q.id for q in result.course.questions_for("zeta")] == ["mine-2"]


def test_missing_root_folder_is_a_problem_not_a_crash(tmp_path: Path) -> None:
    report = check_roots([tmp_path / "nowhere"])
    assert len(report.problems) == 1
    assert report.problems[0].path == "nowhere"
    assert "content folder not found" in report.problems[0].message


def test_load_course_raises_content_error_with_the_report(tmp_path: Path) -> None:
    from acttutor.course.loader import load_course

    extra = tmp_path / "mine"
    (extra / "quizzes").mkdir(parents=True)
    (extra / "quizzes" / "q.yaml").write_text(
        "format_version: 1\nbank: mine\nlesson: no-such-lesson\nquestions:\n"
        "  - {id: mine-1, type: truefalse, section: intro, prompt: P, answer: true, "
        "explanation: E}\n", encoding="utf-8")
    with pytest.raises(ContentError) as info:
        load_course([extra])
    assert info.value.problems[0].path == "mine/quizzes/q.yaml"
    assert info.value.problems[0].line == 3
    assert info.value.report().splitlines()[-1] == "1 problem in 1 file"


def test_report_lines_end_with_the_summary() -> None:
    report = CheckReport(problems=[], lessons=2, questions=10, banks=2, files=7)
    assert report.ok
    assert report.lines() == ["ok: 2 lessons, 10 questions in 2 banks"]


def test_check_tolerances_accept_the_shown_decimals(valid_course: Path) -> None:
    bank = valid_course / "quizzes" / "facts.yaml"
    bank.write_text(
        "format_version: 1\nbank: facts\nlesson: basics\nquestions:\n"
        "  - id: f-choice-rounded\n    type: choice\n    section: range\n    prompt: σ(1)?\n"
        "    choices: ['≈ 0.731', '0.5']\n    answer: 1\n"
        "    check: {activation: sigmoid, x: 1}\n    explanation: E\n"
        "  - id: f-choice-expression\n    type: choice\n    section: range\n    prompt: σ(0)?\n"
        "    choices: ['1/2', '1/3']\n    answer: 1\n"
        "    check: {activation: sigmoid, x: 0}\n    explanation: E\n"
        "  - id: f-numeric-gelu\n    type: numeric\n    section: range\n    prompt: gelu(1)?\n"
        "    answer: 0.8412\n    tolerance: 0.0001\n"
        "    check: {activation: gelu, params: {approximate: tanh}, x: 1}\n    explanation: E\n"
        "  - id: f-choice-too-coarse\n    type: choice\n    section: range\n    prompt: σ(1)?\n"
        "    choices: ['0.73', '0.5']\n    answer: 1\n"
        "    check: {activation: sigmoid, x: 1.1}\n    explanation: E\n",
        encoding="utf-8")
    report = check_roots([valid_course])
    assert [f"{p.path}:{p.line}" for p in report.problems] == ["course/quizzes/facts.yaml:35"]
    assert "sigmoid(1.1) = 0.750" in report.problems[0].message


def test_the_built_in_course_is_valid() -> None:
    from acttutor.course.paths import builtin_content_root

    report = check_roots([builtin_content_root()])
    assert report.problems == [], "\n".join(report.lines())
    assert report.lessons >= 15 and report.questions >= 180


def test_the_authoring_guide_examples_are_valid(tmp_path: Path) -> None:
    import re

    guide = (Path(__file__).resolve().parents[2] / "content" / "README.md").read_text(
        encoding="utf-8")
    blocks = re.findall(r"```yaml\n(  - id: .*?)```", guide, flags=re.S)
    assert len(blocks) == 6  # one full example per question type
    root = tmp_path / "guide"
    (root / "lessons").mkdir(parents=True)
    (root / "quizzes").mkdir()
    (root / "course.yaml").write_text("format_version: 1\ntitle: Guide\nlessons: [guide]\n",
                                      encoding="utf-8")
    sections = "".join(f"## {name} {{#{name}}}\n\nText.\n\n" for name in
                       ("range", "drawbacks", "vanishing", "elu"))
    (root / "lessons" / "guide.md").write_text(
        "---\nid: guide\ntitle: Guide\nsummary: s\nactivations: [sigmoid]\n---\n" + sections,
        encoding="utf-8")
    (root / "quizzes" / "guide.yaml").write_text(
        "format_version: 1\nbank: guide\nlesson: guide\nquestions:\n" + "".join(blocks),
        encoding="utf-8")
    report = check_roots([root])
    assert report.problems == [], "\n".join(report.lines())
    assert report.questions == 6


def test_a_broken_question_still_has_its_section_checked(tmp_path: Path) -> None:
    root = build_course(tmp_path)
    (root / "quizzes" / "extra.yaml").write_text(
        "format_version: 1\nbank: extra\nlesson: basics\nquestions:\n"
        "  - id: extra-both-wrong\n    type: choice\n    section: nowhere\n"
        "    prompt: Pick one\n    choices: [a, b]\n    answer: 3\n    explanation: e\n",
        encoding="utf-8",
    )
    lines = [str(p) for p in check_roots([root]).problems]
    assert any("extra.yaml:7:" in line and "no section 'nowhere'" in line for line in lines)
    assert any("extra.yaml:10:" in line and "out of range" in line for line in lines)
