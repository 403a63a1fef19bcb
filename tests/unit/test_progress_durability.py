"""Answers survive SIGKILL, and two processes writing at once lose and corrupt nothing."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from acttutor.progress.paths import STORE_FILENAME
from acttutor.progress.store import ProgressStore

TOOL = Path(__file__).resolve().parents[1] / "progress_tools" / "record_answers.py"

pytestmark = pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL")


def start_recorder(data: Path, *args: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, str(TOOL), str(data), *args],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )


def read_commits(proc: subprocess.Popen[str], n: int, start: int = 1) -> None:
    """Block until the recorder has announced answers `start`..`n` as committed."""
    assert proc.stdout is not None
    for expected in range(start, n + 1):
        line = proc.stdout.readline()
        assert line == f"committed {expected}\n", (line, proc.stderr.read() if proc.stderr else "")


def kill(proc: subprocess.Popen[str]) -> None:
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait(timeout=30)
    assert proc.returncode == -signal.SIGKILL
    for stream in (proc.stdin, proc.stdout, proc.stderr):
        if stream is not None:
            stream.close()


def integrity(path: Path) -> str:
    conn = sqlite3.connect(path)
    try:
        return str(conn.execute("PRAGMA integrity_check").fetchone()[0])
    finally:
        conn.close()


def test_sigkill_after_n_answers_finds_exactly_n(tmp_path: Path) -> None:
    n = 7
    proc = start_recorder(tmp_path, "--step")
    assert proc.stdin is not None
    read_commits(proc, 1)
    for _ in range(n - 1):  # let one more answer through per line, like a learner pressing Enter
        proc.stdin.write("next\n")
        proc.stdin.flush()
    read_commits(proc, n, start=2)
    kill(proc)  # the recorder sits waiting for the next answer
    with ProgressStore.open(tmp_path) as store:
        assert store.saving and store.notices == []
        history = store.history()
        assert [a.question_id for a in reversed(history)] == [f"q-{i}" for i in range(n)]
        assert store.stats().answers == n
        assert len(store.cards()) == n  # each card was committed with its answer
        (session,) = store.sessions()
        assert session.answers == n and session.finished_at is None
    assert integrity(tmp_path / STORE_FILENAME) == "ok"


def test_sigkill_while_writing_keeps_every_announced_answer(tmp_path: Path) -> None:
    n = 25
    proc = start_recorder(tmp_path, "--count", "0")  # writes as fast as it can until killed
    read_commits(proc, n)
    kill(proc)
    with ProgressStore.open(tmp_path) as store:
        assert store.saving and store.notices == []
        stored = {a.question_id for a in store.history()}
        assert {f"q-{i}" for i in range(n)} <= stored  # nothing announced is lost
        assert len(stored) >= n
        assert set(store.cards()) == stored
    assert integrity(tmp_path / STORE_FILENAME) == "ok"


def test_two_processes_writing_at_once(tmp_path: Path) -> None:
    count = 40
    first = start_recorder(tmp_path, "--count", str(count), "--prefix", "a")
    second = start_recorder(tmp_path, "--count", str(count), "--prefix", "b")
    for proc in (first, second):
        out, err = proc.communicate(timeout=120)
        assert proc.returncode == 0, err
        assert out.splitlines()[-1] == f"committed {count}"
    with ProgressStore.open(tmp_path) as store:
        ids = {a.question_id for a in store.history()}
        assert ids == {f"{p}-{i}" for p in "ab" for i in range(count)}
        assert len(store.sessions()) == 2
    assert integrity(tmp_path / STORE_FILENAME) == "ok"
