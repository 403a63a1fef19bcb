"""The command line in Korean: `--lang ko`, ACTTUTOR_LANG and a Korean locale give Korean output
with no English sentence left; English stays as it was; columns line up in terminal cells."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from datetime import datetime, timezone

import pytest
from rich.cells import cell_len

from acttutor.cli import main
from acttutor.commands.stats import format_text
from acttutor.core.i18n import use_language
from acttutor.progress.records import LessonStats, Stats


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    try:
        code = main(list(argv))
    except SystemExit as exit_:  # --help and argparse errors
        code = int(exit_.code or 0)
    out, err = capsys.readouterr()
    return code, out, err


def has_hangul(text: str) -> bool:
    return any("\uac00" <= ch <= "\ud7a3" for ch in text)


def assert_no_english(text: str, words: list[str]) -> None:
    present = [word for word in words if word in text]
    assert not present, f"English left in the Korean output: {present}\n{text}"


FORWARD_ENGLISH = ["Network", "inputs", "hidden units", "Forward pass", "Multiply", "Add b1",
                   "Apply", "inactive", "Backward pass", "Gradient", "Loss", "local derivative",
                   "cross-entropy", "computed from", "No activation", "Merge", "row 1"]
HELP_ENGLISH = ["usage:", "options:", "positional arguments", "show this help", "examples:",
                "example:", "default", "commands:", "output format", "the tutor"]


def test_forward_in_korean(capsys) -> None:
    code, out, _err = run(capsys, "--lang", "ko", "forward", "--target", "1", "--detail",
                          "--collapse")
    assert code == 0
    assert "순전파" in out and "역전파" in out and "비활성" in out and "지역 미분" in out
    assert "ŷ = σ(6) ≈ 0.9975" in out  # formulas and numbers stay as they are
    assert_no_english(out, FORWARD_ENGLISH)


def test_forward_in_english_counts_singular_and_plural(capsys) -> None:
    code, out, _err = run(capsys, "forward", "--x", "2", "--w1", "1;1", "--b1", "0,0")
    assert code == 0
    assert out.splitlines()[0] == (
        "Network: 1 input → 2 hidden units (ReLU) → 1 output (sigmoid)"
    )
    assert "Forward pass" in out and "  1. Multiply by W₁: W₁·x" in out


def test_forward_flags_on_a_saturated_unit_are_korean(capsys) -> None:
    code, out, _err = run(capsys, "--lang", "ko", "forward", "--hidden", "sigmoid",
                          "--x", "20,0")
    assert code == 0
    assert "포화되었습니다" in out
    assert_no_english(out, ["saturated", "almost no gradient"])


def test_stats_in_korean(capsys) -> None:
    code, out, _err = run(capsys, "--lang", "ko", "stats")
    assert code == 0
    assert "아직 답변이 없습니다" in out and "읽은 레슨" in out and "학습 기록" in out
    assert_no_english(out, ["No answers", "Lessons read", "Progress in", "opens the tutor"])


def test_stats_columns_line_up_in_cells_with_korean_titles() -> None:
    use_language("ko")
    stats = Stats(
        answers=5, correct=3, due=1, streak_days=2,
        per_lesson={
            "sigmoid": LessonStats(answers=3, correct=2),
            "relu": LessonStats(answers=2, correct=1),
        },
        best_scores={"sigmoid": 1.0},
        lessons_read={},
        last_activity=datetime(2026, 11, 29, 12, 0, tzinfo=timezone.utc),
    )
    text = format_text(stats, {"sigmoid": "시그모이드 함수", "relu": "ReLU"})
    lines = text.splitlines()
    assert "답변" in lines[0] and "2일" in text
    summary = lines[:5]
    # the values of the summary start in the same cell
    starts = {cell_len(re.match(r"^(.*?\S)\s{2,}", line).group(0)) for line in summary}
    assert len(starts) == 1, summary
    table = lines[lines.index(next(line for line in lines if line.startswith("레슨 "))):]
    header, rule, *rows = table
    assert cell_len(rule) == cell_len(header)
    # the right-aligned number columns end in the same cell on every row
    assert {cell_len(line) for line in [header, *rows]} == {cell_len(header)}, table
    assert rows[0].startswith("시그모이드 함수") and rows[1].startswith("ReLU ")
    assert rows[0].split()[-4:] == ["3", "2", "67%", "100%"]


def test_check_lines_in_korean(capsys, tmp_path) -> None:
    # The reason itself ("a file, not a folder") comes from the course loader.
    (tmp_path / "course.yaml").write_text("title: x\n", encoding="utf-8")
    code, _out, err = run(capsys, "--lang", "ko", "check", str(tmp_path / "course.yaml"))
    assert code == 2
    assert err.startswith("acttutor check: 오류: ")
    assert "(course.yaml, lessons/, quizzes/가 들어 있는 폴더를 지정하십시오)" in err
    assert_no_english(err, ["error", "give the folder"])


def test_plot_legend_in_korean(capsys) -> None:
    code, out, _err = run(capsys, "--lang", "ko", "plot", "relu", "--width", "40",
                          "--height", "10")
    assert code == 0
    assert "f′(x), 점선" in out
    assert_no_english(out, ["dotted"])


def test_table_in_korean(capsys) -> None:
    code, out, _err = run(capsys, "--lang", "ko", "table", "softmax", "--x", "0", "1")
    assert code == 0
    assert "야코비 행렬" in out
    assert_no_english(out, ["\nJacobian"])
    code, _out, err = run(capsys, "--lang", "ko", "table", "relu", "--x", "1", "--num", "3")
    assert code == 2 and "--num은 --x가 아니라 --range와 함께 씁니다" in err


def test_table_columns_are_measured_in_cells() -> None:
    from acttutor.commands.table import format_table

    text = format_table(
        {"activation": "relu", "params": {}, "points": [
            {"x": -1.0, "value": 0.0, "derivative": 0.0},
            {"x": 123456.0, "value": 123456.0, "derivative": 1.0},
        ]}, "text")
    rows = text.splitlines()[1:]
    widths = {cell_len(row) for row in rows}
    assert len(widths) == 1, rows


def test_list_is_the_same_in_both_languages(capsys) -> None:
    _code, english, _err = run(capsys, "list")
    _code, korean, _err = run(capsys, "--lang", "ko", "list")
    assert korean == english  # names and formulas stay as they are
    starts = {re.match(r"\S+\s+", line).end() for line in english.splitlines()}
    assert len(starts) == 1


@pytest.mark.parametrize("command", [[], ["forward"], ["stats"], ["check"], ["plot"], ["table"],
                                     ["list"], ["serve"], ["lesson"], ["quiz"],
                                     ["export"], ["export", "anki"]])
def test_help_in_korean(capsys, command: list[str]) -> None:
    code, out, _err = run(capsys, "--lang", "ko", *command, "--help")
    assert code == 0
    assert out.startswith("사용법: acttutor") and "옵션:" in out
    assert "이 도움말을 보여 주고 끝냅니다" in out
    assert_no_english(out, HELP_ENGLISH)


@pytest.mark.parametrize("columns", [60, 80])
def test_korean_help_fits_the_terminal_in_cells(capsys, monkeypatch, columns: int) -> None:
    monkeypatch.setenv("COLUMNS", str(columns))
    for command in (["forward"], ["table"], ["serve"], ["export", "json"]):
        _code, out, _err = run(capsys, "--lang", "ko", *command, "--help")
        # the option list (not the examples, which are laid out by hand)
        options = out[out.index("옵션:"):].split("\n\n")[0].splitlines()
        assert max(cell_len(line) for line in options) <= columns, options
        # help texts start in one column, counted in cells
        starts = {cell_len(line) - cell_len(line.lstrip()) for line in options[1:]
                  if line.startswith("   ")}
        assert len(starts) == 1, options


def test_help_in_english_keeps_argparse_words(capsys) -> None:
    code, out, _err = run(capsys, "stats", "--help")
    assert code == 0
    assert out.startswith("usage: acttutor stats") and "options:" in out
    assert "show this help message and exit" in out and "output format (default: text)" in out


@pytest.mark.parametrize(("argv", "expected"), [
    (["stats", "--format", "xml"],
     "acttutor stats: 오류: 인수 --format: 잘못된 선택: 'xml' (다음 중에서 고르십시오"),
    (["table", "relu"], "acttutor table: 오류: 인수 --x --range 중 하나가 필요합니다"),
    (["plot"], "acttutor plot: 오류: 다음 인수가 필요합니다: name"),
    (["list", "--bogus"], "acttutor: 오류: 알 수 없는 인수: --bogus"),
    (["table", "relu", "--range", "1"],
     "acttutor table: 오류: 인수 --range: 인수가 2개 필요합니다"),
])
def test_argparse_errors_in_korean(capsys, argv: list[str], expected: str) -> None:
    code, _out, err = run(capsys, "--lang", "ko", *argv)
    assert code == 2
    assert err.startswith("사용법: ")
    assert expected.split("(")[0] in err.splitlines()[-1], err


def test_unknown_language_is_one_line_and_exit_2(capsys) -> None:
    code, out, err = run(capsys, "--lang", "fr", "list")
    assert code == 2 and out == ""
    assert err == "acttutor: error: --lang must be one of en, ko, not 'fr'\n"


def _subprocess(env_changes: dict[str, str], *argv: str) -> str:
    env = {k: v for k, v in os.environ.items()
           if k not in ("ACTTUTOR_LANG", "LC_ALL", "LC_MESSAGES", "LANGUAGE", "LANG")}
    env.update(env_changes)
    result = subprocess.run([sys.executable, "-m", "acttutor", *argv], capture_output=True,
                            text=True, env=env, encoding="utf-8", check=True)
    return result.stdout


@pytest.mark.parametrize("environment", [{"LANG": "ko_KR.UTF-8"}, {"ACTTUTOR_LANG": "ko"},
                                         {"LC_ALL": "ko_KR.UTF-8", "LANG": "en_US.UTF-8"}])
def test_the_locale_chooses_korean(environment: dict[str, str]) -> None:
    out = _subprocess(environment, "forward", "--target", "1")
    assert "순전파" in out and "역전파" in out
    assert_no_english(out, FORWARD_ENGLISH)
    help_text = _subprocess(environment, "--help")
    assert help_text.startswith("사용법:") and has_hangul(help_text)
    assert_no_english(help_text, HELP_ENGLISH)


def test_english_under_the_c_locale_is_unchanged(capsys) -> None:
    out = _subprocess({"LANG": "C"}, "forward", "--target", "1")
    _code, in_process, _err = run(capsys, "forward", "--target", "1")
    assert out == in_process
    assert out.startswith("Network: 2 inputs → 2 hidden units (ReLU) → 1 output (sigmoid)\n")
    assert "\nForward pass\n" in out
    assert "\nBackward pass (binary cross-entropy, target t = [1])\n" in out
    assert not has_hangul(out)


@pytest.mark.parametrize(("argv", "korean", "english"), [
    (["plot", "relux"], "알 수 없는 활성화 함수 'relux'입니다", "unknown activation"),
    (["plot", "relu", "--param", "x=1"], "파라미터 'x'이(가) 없습니다", "has no parameter"),
    (["table", "elu", "--x", "1", "--param", "alpha=abc"], "수여야 합니다", "must be a number"),
    (["forward", "--x", "abc"], "'abc'은(는) 수가 아닙니다", "is not a number"),
    (["forward", "--x", "1/0,2"], "0으로 나눌 수 없습니다", "Division by zero"),
    (["forward", "--x", "1,2,3"], "x는 항목 3개인데 W1은 열 2개입니다", "has 3 entries"),
    (["forward", "--w1", "1,2;3"], "모든 행의 항목 수가 같아야 합니다", "every row needs"),
    (["forward", "--output", "softmax"], "출력 유닛이 2개 이상 필요합니다", "needs at least"),
])
def test_input_mistakes_are_one_korean_line(capsys, argv, korean: str, english: str) -> None:
    code, out, err = run(capsys, "--lang", "ko", *argv)
    assert code == 2 and out == ""
    assert err.count("\n") == 1 and korean in err and "오류" in err, err
    assert english not in err
    _code, _out, english_err = run(capsys, *argv)
    assert english in english_err
