"""`acttutor stats`: JSON for scripts, a tidy table for people, friendly when empty."""

from __future__ import annotations

import argparse
import json
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from acttutor.commands import stats as stats_command
from acttutor.progress.paths import STORE_FILENAME
from acttutor.progress.records import LessonStats, Stats
from acttutor.progress.store import ProgressStore


def namespace(data: Path | None, fmt: str = "text") -> argparse.Namespace:
    return argparse.Namespace(data_dir=str(data) if data else None, content=[], format=fmt)


def fill(data: Path) -> None:
    now = datetime.now(timezone.utc)
    with ProgressStore.open(data) as store:
        session = store.start_session("quiz", ["sigmoid", "relu"])
        store.record_answer("s1", "sigmoid", "1", True, 4_000, session_id=session)
        store.record_answer("s2", "sigmoid", "2", False, 4_000, session_id=session)
        store.record_answer("r1", "relu", "0", True, 4_000, session_id=session)
        store.finish_session(session)
        store.record_answer("old", "relu", "x", False, 4_000, now=now - timedelta(days=3))
        store.mark_lesson_read("sigmoid")


def test_json_shape(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    fill(tmp_path)
    assert stats_command.run(namespace(tmp_path, "json")) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["answers"] == 4
    assert data["correct"] == 2
    assert data["accuracy"] == 0.5
    assert data["per_lesson"] == {
        "sigmoid": {"answers": 2, "correct": 1, "accuracy": 0.5},
        "relu": {"answers": 2, "correct": 1, "accuracy": 0.5},
    }
    assert data["due"] == 1  # "old" (wrong 3 days ago); "s2", wrong just now, is due tomorrow
    assert data["streak_days"] == 1
    assert list(data["lessons_read"]) == ["sigmoid"]
    assert data["lessons_read"]["sigmoid"]["times"] == 1
    assert data["best_scores"] == {"sigmoid": 0.5, "relu": 1.0}
    assert data["store"] == str(tmp_path / STORE_FILENAME)
    assert isinstance(data["last_activity"], str)


def test_json_when_empty(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert stats_command.run(namespace(tmp_path, "json")) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["answers"] == 0 and data["per_lesson"] == {} and data["accuracy"] is None
    assert data["due"] == 0 and data["streak_days"] == 0 and data["lessons_read"] == {}


def test_text_table(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    fill(tmp_path)
    assert stats_command.run(namespace(tmp_path)) == 0
    out = capsys.readouterr().out
    assert "Answers        4 (2 right, 50%)" in out
    assert "Streak         1 day" in out
    lines = out.splitlines()
    header = next(i for i, line in enumerate(lines) if line.split()[:1] == ["Lesson"])
    assert lines[header].split() == ["Lesson", "Answers", "Right", "Accuracy", "Best", "quiz"]
    # Rows are named by lesson title (ids when the course can't be loaded); numbers end each row.
    rows = [line.split() for line in lines[header + 2 :] if line.strip()]
    tails = {" ".join(r[:-4]): r[-4:] for r in rows}
    sigmoid = next(k for k in tails if "sigmoid" in k.lower() and "cross" not in k.lower())
    relu = next(k for k in tails if k.lower().startswith(("relu", "the relu")) or k == "relu")
    assert tails[sigmoid] == ["2", "1", "50%", "50%"]
    assert tails[relu] == ["2", "1", "50%", "100%"]


def test_text_when_empty_says_how_to_start(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert stats_command.run(namespace(tmp_path)) == 0
    out = capsys.readouterr().out
    assert "No answers yet" in out and "acttutor quiz" in out


def test_default_data_dir_comes_from_the_environment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("ACTTUTOR_DATA_DIR", str(tmp_path / "env-data"))
    fill(tmp_path / "env-data")
    assert stats_command.run(argparse.Namespace(format="json")) == 0  # no data_dir attribute
    assert json.loads(capsys.readouterr().out)["answers"] == 4


def test_notices_go_to_stderr_and_stats_still_print(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / STORE_FILENAME).write_bytes(b"garbage" * 50)
    assert stats_command.run(namespace(tmp_path, "json")) == 0
    captured = capsys.readouterr()
    assert json.loads(captured.out)["answers"] == 0
    assert "was damaged; it was moved to" in captured.err


def test_titles_are_shown_when_known() -> None:
    now = datetime(2025, 3, 10, 12, 0, tzinfo=timezone.utc)
    report = stats_command.format_text(
        Stats(
            answers=3, correct=2, per_lesson={"relu": LessonStats(3, 2)}, due=1, streak_days=2,
            last_activity=now, lessons_read={}, best_scores={},
        ),
        {"sigmoid": "The sigmoid", "relu": "ReLU: the rectifier"},
    )
    assert "ReLU: the rectifier" in report
    assert "Lessons read   0 of 2" in report
    assert "Due now        1  (acttutor quiz --review)" in report
    assert "2025-03-10 12:00 UTC" in report


def test_register_adds_the_subcommand(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    parser = argparse.ArgumentParser()
    subparsers = parser.add_subparsers()
    stats_command.register(subparsers)
    args = parser.parse_args(["stats", "--format", "json"])
    args.data_dir = str(tmp_path)
    assert args.run(args) == 0
    assert json.loads(capsys.readouterr().out)["answers"] == 0
    with pytest.raises(SystemExit):
        parser.parse_args(["stats", "--format", "xml"])


def test_through_the_cli_with_the_global_data_dir(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from acttutor import cli

    if "stats" not in cli.COMMANDS:
        pytest.skip("stats is not yet registered in acttutor/cli.py")
    fill(tmp_path)
    assert cli.main(["--data-dir", str(tmp_path), "stats", "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out)["answers"] == 4
    assert cli.main(["stats", "--data-dir", str(tmp_path / "other"), "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out)["answers"] == 0
