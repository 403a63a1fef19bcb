"""No answer is lost under contention (issue 12, item 5).

Several tutors opening a brand-new data folder at the same instant all save every answer; a store
another program holds with an exclusive lock keeps answers in the pending file beside it, merged
once at the next open; `stats` on a held store answers instead of waiting for ever.
"""

from __future__ import annotations

import json
import shutil
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from acttutor.progress import store as store_module
from acttutor.progress.paths import STORE_FILENAME
from acttutor.progress.store import PENDING_SUFFIX, ProgressStore

TOOL = Path(__file__).resolve().parents[1] / "progress_tools" / "record_answers.py"
HANG_GUARD_S = 120
"""A subprocess still running after this long is hung (a guard, not a timing assertion)."""


def answers_on_disk(path: Path) -> list[str]:
    conn = sqlite3.connect(path)
    try:
        return [row[0] for row in conn.execute("SELECT question_id FROM answers ORDER BY id")]
    finally:
        conn.close()


@pytest.fixture
def held(tmp_path: Path) -> Iterator[sqlite3.Connection]:
    """A store with two answers, held by another connection with an exclusive lock."""
    with ProgressStore.open(tmp_path) as store:
        for i in range(2):
            store.record_answer(f"before-{i}", "relu", "x", True, 1_000)
    holder = sqlite3.connect(tmp_path / STORE_FILENAME, isolation_level=None)
    holder.execute("PRAGMA locking_mode = EXCLUSIVE")
    holder.execute("BEGIN EXCLUSIVE")
    holder.execute("UPDATE lessons_read SET times = times")  # takes the lock
    holder.execute("COMMIT")  # in exclusive locking mode the lock stays after the commit
    yield holder
    holder.close()


def release(holder: sqlite3.Connection) -> None:
    holder.execute("PRAGMA locking_mode = NORMAL")
    holder.execute("SELECT count(*) FROM answers").fetchone()  # the next access drops the lock
    holder.close()


def test_four_tutors_opening_a_new_folder_at_once_keep_every_answer(tmp_path: Path) -> None:
    rounds, count, names = 16, 3, "abcd"  # the old code lost answers in about 1 round in 5
    procs = [
        subprocess.Popen(
            [sys.executable, str(TOOL), str(tmp_path), "--together", str(rounds),
             "--count", str(count), "--prefix", name],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        )
        for name in names
    ]
    try:
        for round_index in range(rounds):
            for proc in procs:  # release all four at once
                assert proc.stdin is not None
                proc.stdin.write("go\n")
            for proc in procs:
                assert proc.stdin is not None
                proc.stdin.flush()
            for proc in procs:
                assert proc.stdout is not None
                line = proc.stdout.readline()
                assert line.startswith(f"round {round_index} "), (line, proc.stderr.read())
        for proc in procs:
            _, err = proc.communicate(timeout=HANG_GUARD_S)
            assert proc.returncode == 0, err
    finally:
        for proc in procs:
            if proc.poll() is None:
                proc.kill()
                proc.wait()
    for round_index in range(rounds):
        folder = tmp_path / f"round-{round_index}"
        with ProgressStore.open(folder) as store:  # merges anything left pending
            ids = sorted(a.question_id for a in store.history())
            assert ids == sorted(f"{n}-{i}" for n in names for i in range(count)), round_index
            assert store.saving and len(store.sessions()) == len(names)
        assert not list(folder.glob(f"*{PENDING_SUFFIX}*"))
        assert not list(folder.glob("*corrupt*")), round_index  # no good store moved aside


class _CreatedMeanwhile(sqlite3.Connection):
    """A connection to a brand-new store that lets another tutor create the store (tables,
    `user_version`) right after it read the version: the instant the race above hits."""

    interleaved = False

    def execute(self, sql: str, *args: object) -> sqlite3.Cursor:  # type: ignore[override]
        cursor = super().execute(sql, *args)
        if sql.strip() == "PRAGMA user_version" and not _CreatedMeanwhile.interleaved:
            _CreatedMeanwhile.interleaved = True
            row = cursor.fetchone()
            cursor.close()  # the version is read; now the other tutor creates the store
            with ProgressStore.open(self.folder) as other:
                other.record_answer("other-0", "relu", "x", True, 1_000)
            return super().execute("SELECT ?", row)  # the version as it was read
        return cursor


def test_a_store_created_by_another_tutor_while_opening_is_not_taken_for_damaged(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Reading the version, then the tables, as separate snapshots saw version 0 with tables:
    "a SQLite file acttutor did not write", so the new store (and every answer the other
    tutors then wrote to it) was moved aside as damaged."""
    monkeypatch.setattr(_CreatedMeanwhile, "interleaved", False)

    def connect(path: Path) -> sqlite3.Connection:
        conn = sqlite3.connect(path, isolation_level=None, factory=_CreatedMeanwhile)
        conn.folder = path.parent  # type: ignore[attr-defined]
        return conn

    with ProgressStore.open(tmp_path, connect=connect) as store:
        assert _CreatedMeanwhile.interleaved
        assert store.saving and store.notices == []
        store.record_answer("mine-0", "relu", "x", True, 1_000)
    assert not list(tmp_path.glob("*corrupt*"))
    assert sorted(answers_on_disk(tmp_path / STORE_FILENAME)) == ["mine-0", "other-0"]


def test_answers_to_a_held_store_wait_beside_it_and_merge_once(
    tmp_path: Path, held: sqlite3.Connection
) -> None:
    with ProgressStore.open(tmp_path, wait=0.2) as store:
        assert store.pending and not store.saving
        assert any("held by another program" in notice for notice in store.notices)
        session = store.start_session("quiz", ["relu"])
        results = [
            store.record_answer(f"while-held-{i}", "relu", "x", i != 1, 1_000, session_id=session)
            for i in range(3)
        ]
        store.mark_lesson_read("relu")
        store.finish_session(session)
        assert all(r.waiting and not r.saved for r in results)
        assert store.waiting_answers == 3
        assert store.mistakes(session) == ["while-held-1"]
        pending = store.pending_path
    lines = [json.loads(line) for line in pending.read_text().splitlines()]
    assert [e["kind"] for e in lines] == ["session", "answer", "answer", "answer", "lesson_read",
                                          "finish"]
    kept = tmp_path / "copy-of-pending"
    shutil.copy(pending, kept)
    release(held)
    assert answers_on_disk(tmp_path / STORE_FILENAME) == ["before-0", "before-1"]

    with ProgressStore.open(tmp_path) as store:  # the next open merges
        assert store.saving and not store.pending and store.notices == []
        assert [a.question_id for a in reversed(store.history())] == [
            "before-0", "before-1", "while-held-0", "while-held-1", "while-held-2"
        ]
        (summary,) = [s for s in store.sessions() if s.kind == "quiz"]
        assert summary.answers == 3 and summary.correct == 2 and summary.finished_at
        assert store.lessons_read()["relu"].times == 1
        assert set(store.cards()) >= {"while-held-0", "while-held-1", "while-held-2"}
    assert not pending.exists()

    # A merge that crashed after its commit leaves its claimed file: merging it again adds nothing.
    shutil.copy(kept, pending.with_name(pending.name + ".merging-1-leftover"))
    shutil.copy(kept, pending)
    with ProgressStore.open(tmp_path) as store:
        assert store.stats().answers == 5
        assert len(store.sessions()) == 1 and store.lessons_read()["relu"].times == 1
    assert not list(tmp_path.glob(f"*{PENDING_SUFFIX}*"))


def test_a_store_held_mid_session_sends_answers_to_the_pending_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(store_module, "BUSY_TIMEOUT_MS", 100)
    with ProgressStore.open(tmp_path) as store:
        session = store.start_session("quiz", ["relu"])
        assert store.record_answer("first", "relu", "x", True, 1, session_id=session).saved
        holder = sqlite3.connect(tmp_path / STORE_FILENAME, isolation_level=None)
        holder.execute("BEGIN IMMEDIATE")  # another program keeps the write lock
        result = store.record_answer("second", "relu", "x", False, 1, session_id=session)
        assert result.waiting and store.pending
        assert store.stats().answers == 2  # the session still sees both
        holder.execute("ROLLBACK")
        holder.close()
    with ProgressStore.open(tmp_path) as store:
        (summary,) = store.sessions()
        assert [a.question_id for a in reversed(store.history())] == ["first", "second"]
        assert store.history()[0].session_id == summary.id


def test_stats_on_a_held_store_answers_instead_of_hanging(
    tmp_path: Path, held: sqlite3.Connection
) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "acttutor", "--data-dir", str(tmp_path), "stats"],
        capture_output=True, text=True, timeout=HANG_GUARD_S,
    )
    assert done.returncode in (0, 1)
    assert "Traceback" not in done.stderr
    (line,) = done.stderr.strip().splitlines()
    assert line.startswith("acttutor stats: ") and "held by another program" in line


def test_a_torn_or_damaged_pending_line_is_skipped_and_the_rest_merged(tmp_path: Path) -> None:
    ProgressStore.open(tmp_path).close()
    good = {
        "kind": "answer", "uid": "u1", "question_id": "q", "lesson_id": "relu",
        "answer_text": "x", "correct": True, "response_ms": 900, "rating": 3,
        "answered_at": "2025-03-10T12:07:00.000000+00:00", "session": None,
    }
    bad_rating = {**good, "uid": "u2", "rating": 9}
    missing_field = {"kind": "answer", "uid": "u3"}
    lines = [json.dumps(good), "not json at all", json.dumps(bad_rating),
             json.dumps(missing_field), json.dumps([1, 2]), '{"kind": "answer", "uid": "u4", "qu']
    pending = tmp_path / (STORE_FILENAME + PENDING_SUFFIX)
    pending.write_text("\n".join(lines))  # the last line was cut short by a crash
    with ProgressStore.open(tmp_path) as store:
        assert [a.question_id for a in store.history()] == ["q"]
        assert store.cards()["q"].reviews == 1
    assert not pending.exists()
