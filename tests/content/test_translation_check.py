"""``acttutor check --require-lang ko``: every untranslated lesson and text, as path:line."""

from __future__ import annotations

import argparse
from pathlib import Path

import pytest
from content_helpers import build_course

from acttutor.commands import check
from acttutor.course.loader import load_roots
from acttutor.course.texts import is_language_neutral, neutral_names

NAMES = neutral_names()


def _run(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="acttutor")
    parser.add_argument("--content", action="append", default=[])
    subparsers = parser.add_subparsers()
    check.register(subparsers)
    args = parser.parse_args(argv)
    return args.run(args)


@pytest.mark.parametrize("text", [
    # texts of the built-in course that stay as they are in every language
    "[0, ∞)", "(−1, 1)", "0.25", "−2.5", "PReLU", "Leaky ReLU", "Softmax", "clamp_min(x, 0)",
    "σ(x) · (1 − σ(x))", "ReLU, max(0, x)", "tanh(x) = 2σ(2x) − 1", "1 − ELU(x)²", "eˣ",
    "(W₂W₁)x + (b₁ + b₂)", "√(2 / (fan_in + fan_out))", "Var(W) = 2 / fan_in.",
    "−σ(z) · log σ(z)", "selu → 1", "4^10 = 1048576", "{f}({x}) = {answer}.",
    "`torch.nn.functional.relu`", "(xW + b) ⊙ σ(xV + c)", "[NaN, 0]", "[inf, 0]", "GLU",
])
def test_formulas_numbers_code_and_names_need_no_translation(text: str) -> None:
    assert is_language_neutral(text, NAMES)


@pytest.mark.parametrize("text", [
    # English words beside the formulas and names: a Korean learner needs these translated
    "Leaky ReLU, slope 0.1", "What is σ′(0)?", "That is tanh's range.", "x > 0 only",
    "Its outputs are all positive, centred on 0.5.", "Compute {f}({x}) for {name}{params}.",
    "ReLU and ELU", "the `relu` call", "None", "Softplus, the smooth ReLU", "It is GLU",
    "Activation functions, from the step to GELU",
])
def test_texts_with_english_words_need_a_translation(text: str) -> None:
    assert not is_language_neutral(text, NAMES)


def test_require_lang_names_each_untranslated_lesson_and_text(tmp_path: Path) -> None:
    root = build_course(tmp_path)
    bank = root / "quizzes" / "basics.yaml"
    text = bank.read_text(encoding="utf-8")
    # translate everything in the first question but the explanation
    text = text.replace("feedback: That is tanh's range.",
                        "feedback: {en: That is tanh's range., ko: tanh의 범위입니다.}")
    bank.write_text(text, encoding="utf-8")
    (root / "lessons" / "basics.ko.md").write_text(
        (root / "lessons" / "basics.ko.md").read_text(encoding="utf-8").replace(
            "summary: 두 절로 보는 시그모이드와 ReLU.\n", ""), encoding="utf-8")
    result = load_roots([root], require_lang="ko")
    lines = [str(p) for p in result.problems]
    assert lines[:4] == [
        "course/lessons/basics.md:4: summary has no Korean (ko) translation "
        "(add summary: to lessons/basics.ko.md)",
        "course/lessons/shapes.md:1: lesson 'shapes' has no Korean (ko) translation "
        "(add lessons/shapes.ko.md)",
        "course/quizzes/basics.yaml:15: explanation has no Korean (ko) translation",
        "course/quizzes/basics.yaml:21: prompt has no Korean (ko) translation",
    ]
    # the first question's prompt (en+ko) and its neutral choices are not reported
    assert not any(line.startswith(("course/quizzes/basics.yaml:8:",
                                    "course/quizzes/basics.yaml:10:")) for line in lines)
    assert "course/quizzes/basics.yaml:41: feedback.true has no Korean (ko) translation" in lines
    assert "course/quizzes/basics.yaml:50: hint has no Korean (ko) translation" in lines
    # generated templates and their explanation: the English prompt is reported
    assert "course/quizzes/shapes.yaml:18: prompt has no Korean (ko) translation" in lines
    assert "course/quizzes/shapes.yaml:24: explanation has no Korean (ko) translation" not in lines
    # the course title has Korean in the fixture
    assert not any(line.startswith("course/course.yaml") for line in lines)


def test_without_require_lang_translations_are_not_mentioned(tmp_path: Path, capsys) -> None:
    root = build_course(tmp_path)
    assert _run(["check", str(root)]) == 0
    assert "translation" not in capsys.readouterr().out


def test_require_lang_makes_them_problems_exit_1(tmp_path: Path, capsys) -> None:
    root = build_course(tmp_path)
    assert _run(["check", str(root), "--require-lang", "ko"]) == 1
    out = capsys.readouterr().out.splitlines()
    assert "course/lessons/shapes.md:1: lesson 'shapes' has no Korean (ko) translation " \
           "(add lessons/shapes.ko.md)" in out
    assert out[-1].endswith("problems in 3 files")


def test_english_is_always_complete(tmp_path: Path, capsys) -> None:
    root = build_course(tmp_path)
    assert _run(["check", str(root), "--require-lang", "en"]) == 0
    assert capsys.readouterr().out == "ok: 2 lessons, 10 questions in 2 banks\n"


def test_require_lang_wants_a_language_code(tmp_path: Path, capsys) -> None:
    root = build_course(tmp_path)
    assert _run(["check", str(root), "--require-lang", "Korean"]) == 2
    assert "give a 2-letter language code like ko" in capsys.readouterr().err


def test_check_speaks_korean_under_lang_ko(tmp_path: Path, capsys) -> None:
    from acttutor.core.i18n import use_language

    root = build_course(tmp_path)
    use_language("ko")
    try:
        assert _run(["check", str(root)]) == 0
        assert _run(["check", str(root), "--require-lang", "ko"]) == 1
    finally:
        use_language("en")
    out = capsys.readouterr().out.splitlines()
    assert out[0] == "정상: 레슨 2개, 문제 은행 2개에 문제 10개"
    assert ("course/lessons/shapes.md:1: 레슨 'shapes'에 한국어(ko) 번역이 없습니다 "
            "(lessons/shapes.ko.md를 추가하십시오)") in out
    assert "course/quizzes/basics.yaml:21: prompt에 한국어(ko) 번역이 없습니다" in out
    assert out[-1] == "파일 3개에서 문제점 17개"
