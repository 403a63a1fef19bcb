"""``acttutor check [DIR]``: problems as path:line on stdout, exit 0 / 1 / 2."""

from __future__ import annotations

import argparse
from pathlib import Path

import pytest
from content_helpers import BAD, build_course

from acttutor.commands import check


def _run(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="acttutor")
    parser.add_argument("--content", action="append", default=[])
    subparsers = parser.add_subparsers()
    check.register(subparsers)
    args = parser.parse_args(argv)
    return args.run(args)


def test_valid_course_exits_0_with_the_summary(tmp_path: Path, capsys) -> None:
    root = build_course(tmp_path)
    assert _run(["check", str(root)]) == 0
    out, err = capsys.readouterr()
    assert out == "ok: 2 lessons, 10 questions in 2 banks\n" and err == ""


def test_problems_exit_1_one_line_each_then_the_summary(tmp_path: Path, capsys) -> None:
    root = build_course(tmp_path, BAD / "multi-answers", BAD / "raw-html")
    assert _run(["check", str(root)]) == 1
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith("course/lessons/shapes.md:9: raw HTML")
    assert lines[1].startswith("course/quizzes/extra.yaml:12: answers: 4 is out of range")
    assert lines[2].startswith("course/quizzes/extra.yaml:13: answers: 1 is listed twice")
    assert lines[3:] == ["3 problems in 2 files"]


def test_missing_dir_is_a_usage_error(tmp_path: Path, capsys) -> None:
    assert _run(["check", str(tmp_path / "nope")]) == 2
    out, err = capsys.readouterr()
    assert out == ""
    assert err.strip() == f"acttutor check: error: {tmp_path / 'nope'}: no such folder"


def test_a_file_instead_of_a_dir_is_a_usage_error(tmp_path: Path, capsys) -> None:
    path = tmp_path / "file.yaml"
    path.write_text("x: 1\n", encoding="utf-8")
    assert _run(["check", str(path)]) == 2
    assert "not a folder" in capsys.readouterr().err


def test_dir_without_a_course_title_is_checked_on_top_of_the_built_in_course(
    tmp_path: Path, capsys
) -> None:
    mine = tmp_path / "mine"
    (mine / "quizzes").mkdir(parents=True)
    (mine / "quizzes" / "extra.yaml").write_text(
        "format_version: 1\nbank: mine-extra\nlesson: sigmoid\nquestions:\n"
        "  - {id: mine-extra-1, type: truefalse, section: nowhere, prompt: P, answer: true,"
        " explanation: E}\n", encoding="utf-8")
    assert _run(["check", str(mine)]) == 1
    out = capsys.readouterr().out.splitlines()
    assert out[0].startswith("mine/quizzes/extra.yaml:5: section: lesson 'sigmoid' has no "
                             "section 'nowhere'")


def test_without_dir_the_built_in_course_and_content_roots_are_checked(
    tmp_path: Path, capsys
) -> None:
    mine = tmp_path / "mine"
    (mine / "quizzes").mkdir(parents=True)
    (mine / "quizzes" / "broken.yaml").write_text("questions: [\n", encoding="utf-8")
    assert _run(["--content", str(mine), "check"]) == 1
    out = capsys.readouterr().out.splitlines()
    assert out[0].startswith("mine/quizzes/broken.yaml:") and "YAML syntax error" in out[0]
    assert _run(["--content", str(tmp_path / "gone"), "check"]) == 2


def test_help_describes_the_command(capsys) -> None:
    with pytest.raises(SystemExit):
        _run(["check", "--help"])
    assert "validate" in capsys.readouterr().out.lower()
