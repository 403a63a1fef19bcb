"""The store never crashes: damaged files are moved aside, unwritable ones kept in memory."""

from __future__ import annotations

import json
import os
import re
import shutil
import sqlite3
import stat
import subprocess
import sys
from datetime import datetime, timezone
from pathlib import Path

import pytest

from acttutor.progress.paths import STORE_FILENAME
from acttutor.progress.store import ProgressStore, default_connect

T0 = datetime(2025, 3, 10, 12, 7, tzinfo=timezone.utc)
TOOL = Path(__file__).resolve().parents[1] / "progress_tools" / "record_answers.py"
IS_ROOT = hasattr(os, "geteuid") and os.geteuid() == 0


def seed(location: Path, answers: int = 2) -> Path:
    """A store with `answers` saved answers; returns the file."""
    with ProgressStore.open(location) as store:
        for i in range(answers):
            store.record_answer(f"seed-{i}", "sigmoid", "x", True, 1_000, now=T0)
        return store.path


def answers_on_disk(path: Path) -> int:
    conn = sqlite3.connect(path)
    try:
        return int(conn.execute("SELECT count(*) FROM answers").fetchone()[0])
    finally:
        conn.close()


def moved_path(notice: str) -> Path:
    match = re.search(r"moved to (.+?) and a fresh one started", notice)
    assert match, notice
    return Path(match.group(1))


# -- damaged files --------------------------------------------------------------------------------


def test_garbage_file_is_moved_aside_with_its_wal_and_a_fresh_store_starts(tmp_path: Path) -> None:
    db = tmp_path / STORE_FILENAME
    garbage = b"this is not a database\x00\xff" * 200
    db.write_bytes(garbage)
    (tmp_path / (STORE_FILENAME + "-wal")).write_bytes(b"wal bytes")
    with ProgressStore.open(tmp_path, clock=lambda: T0) as store:
        assert store.saving
        (notice,) = store.notices
        assert notice.startswith("Your progress file was damaged; it was moved to ")
        moved = moved_path(notice)
        assert moved.parent == tmp_path
        assert re.fullmatch(re.escape(STORE_FILENAME) + r"\.corrupt-\d{8}-\d{6}", moved.name)
        assert moved.read_bytes() == garbage
        assert Path(str(moved) + "-wal").read_bytes() == b"wal bytes"
        assert store.record_answer("q", "l", "x", True, 1).saved
    assert answers_on_disk(db) == 1
    # A second damaged file the same second gets its own name; nothing is overwritten.
    db.write_bytes(b"more garbage" * 100)
    with ProgressStore.open(tmp_path, clock=lambda: T0) as store:
        second = moved_path(store.notices[0])
        assert second != moved and second.read_bytes() == b"more garbage" * 100
        assert moved.read_bytes() == garbage


def test_truncated_file_is_moved_aside(tmp_path: Path) -> None:
    db = seed(tmp_path, answers=300)
    conn = sqlite3.connect(db)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    size = db.stat().st_size
    with db.open("r+b") as handle:
        handle.truncate(size // 2)
    cut = db.read_bytes()
    with ProgressStore.open(tmp_path) as store:
        assert store.saving and store.stats().answers == 0
        assert moved_path(store.notices[0]).read_bytes() == cut


def test_damaged_file_keeps_its_wal_with_committed_answers(tmp_path: Path) -> None:
    source = tmp_path / "source"
    db = seed(source, answers=50)
    writer = sqlite3.connect(db, isolation_level=None)
    writer.execute("PRAGMA wal_autocheckpoint = 0")
    writer.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    writer.execute("UPDATE answers SET answer_text = 'in the wal only'")
    wal = Path(str(db) + "-wal")
    main_bytes, wal_bytes = db.read_bytes(), wal.read_bytes()
    writer.close()
    assert len(wal_bytes) > 0
    broken = tmp_path / "broken"
    broken.mkdir()
    (broken / STORE_FILENAME).write_bytes(main_bytes[: len(main_bytes) // 2])
    (broken / (STORE_FILENAME + "-wal")).write_bytes(wal_bytes)
    with ProgressStore.open(broken) as store:
        moved = moved_path(store.notices[0])
        assert store.saving and store.stats().answers == 0
    assert Path(str(moved) + "-wal").read_bytes() == wal_bytes


def test_a_foreign_sqlite_file_is_not_mistaken_for_progress(tmp_path: Path) -> None:
    db = tmp_path / STORE_FILENAME
    conn = sqlite3.connect(db)
    conn.execute("CREATE TABLE recipes (name TEXT)")
    conn.commit()
    conn.close()
    with ProgressStore.open(tmp_path) as store:
        assert store.saving
        moved = moved_path(store.notices[0])
    conn = sqlite3.connect(moved)
    assert conn.execute("SELECT name FROM sqlite_master").fetchall() == [("recipes",)]


def test_our_version_but_missing_columns_is_damage(tmp_path: Path) -> None:
    db = tmp_path / STORE_FILENAME
    conn = sqlite3.connect(db)
    conn.execute("CREATE TABLE answers (id INTEGER PRIMARY KEY)")
    conn.execute("PRAGMA user_version = 1")
    conn.commit()
    conn.close()
    with ProgressStore.open(tmp_path) as store:
        assert store.saving and "damaged" in store.notices[0]
        assert store.record_answer("q", "l", "x", True, 1).saved


def test_something_unreadable_at_the_path_is_moved_aside(tmp_path: Path) -> None:
    (tmp_path / STORE_FILENAME).mkdir()  # a directory where the file should be
    (tmp_path / STORE_FILENAME / "keep.txt").write_text("mine")
    with ProgressStore.open(tmp_path) as store:
        assert store.saving
        (notice,) = store.notices
        assert notice.startswith("Your progress file couldn't be read; it was moved to ")
        assert (moved_path(notice) / "keep.txt").read_text() == "mine"
        assert store.record_answer("q", "l", "x", True, 1).saved


def test_a_file_from_a_newer_acttutor_is_left_untouched(tmp_path: Path) -> None:
    db = seed(tmp_path)
    conn = sqlite3.connect(db)
    conn.execute("ALTER TABLE answers ADD COLUMN confidence INTEGER NOT NULL DEFAULT 3")
    conn.execute("PRAGMA user_version = 99")
    conn.commit()
    conn.close()
    with ProgressStore.open(tmp_path) as store:
        assert not store.saving
        assert "newer version of acttutor" in store.notices[0]
        assert store.stats().answers == 2  # what it already knew is still shown
        result = store.record_answer("q", "l", "x", True, 1)
        assert not result.saved and store.stats().answers == 3
    conn = sqlite3.connect(db)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == 99
    assert answers_on_disk(db) == 2


# -- read-only ---------------------------------------------------------------------------------


def read_only_connect(path: Path) -> sqlite3.Connection:
    """Open the file as a read-only medium would: every write fails with SQLITE_READONLY."""
    return sqlite3.connect(
        f"{path.resolve().as_uri()}?mode=ro", uri=True, isolation_level=None,
        check_same_thread=False,
    )


def test_read_only_file_keeps_answers_in_memory(tmp_path: Path) -> None:
    db = seed(tmp_path)
    with ProgressStore.open(tmp_path, connect=read_only_connect) as store:
        assert not store.saving
        assert store.notices == [
            f"Progress can't be saved: {tmp_path} is read-only."
            " Answers this session are kept in memory only."
        ]
        assert store.take_notices() == store.notices and store.take_notices() == []
        assert store.stats().answers == 2  # earlier answers are still shown
        session = store.start_session("quiz", ["sigmoid"])
        result = store.record_answer("new", "sigmoid", "x", False, 1, session_id=session)
        assert not result.saved
        store.mark_lesson_read("sigmoid")
        assert store.stats().answers == 3
        assert store.mistakes(session) == ["new"]
        assert "new" in store.due_question_ids(now=datetime.now(timezone.utc).replace(year=2100))
        assert store.lessons_read()["sigmoid"].times == 1
        assert len(store.notices) == 1  # told once, not on every answer
    assert answers_on_disk(db) == 2


def test_read_only_and_missing_file_starts_empty_in_memory(tmp_path: Path) -> None:
    with ProgressStore.open(tmp_path, connect=read_only_connect) as store:
        assert not store.saving and "is read-only" in store.notices[0]
        assert store.record_answer("q", "l", "x", True, 1).saved is False
        assert store.stats().answers == 1
    assert not (tmp_path / STORE_FILENAME).exists()


@pytest.mark.skipif(IS_ROOT or not hasattr(os, "geteuid"), reason="root ignores permissions")
def test_read_only_directory_by_permissions(tmp_path: Path) -> None:
    seed(tmp_path / "data")
    (tmp_path / "data").chmod(0o500)
    try:
        with ProgressStore.open(tmp_path / "data") as store:
            assert not store.saving and "is read-only" in store.notices[0]
            assert store.stats().answers == 2
            assert not store.record_answer("q", "l", "x", True, 1).saved
            assert store.stats().answers == 3
    finally:
        (tmp_path / "data").chmod(0o700)


@pytest.mark.skipif(
    not IS_ROOT or shutil.which("setpriv") is None, reason="needs root and setpriv"
)
def test_read_only_directory_for_a_process_without_override_rights(tmp_path: Path) -> None:
    """As root, chmod blocks nothing: drop the capabilities that bypass permissions, then try."""
    data = tmp_path / "data"
    seed(data)
    data.chmod(0o555)
    try:
        done = subprocess.run(
            [
                "setpriv", "--bounding-set", "-dac_override,-dac_read_search,-fowner",
                sys.executable, str(TOOL), str(data), "--probe",
            ],
            capture_output=True, text=True, timeout=60,
        )
        if done.returncode != 0 and "setpriv" in done.stderr:
            pytest.skip(f"setpriv can't drop capabilities here: {done.stderr.strip()[-200:]}")
        assert done.returncode == 0, done.stderr
        report = json.loads(done.stdout)
        assert report["saving_at_open"] is False
        assert report["answers_before"] == 2 and report["answers_after"] == 3
        assert report["saved"] is False
        assert report["notices"] == [
            f"Progress can't be saved: {data} is read-only."
            " Answers this session are kept in memory only."
        ]
    finally:
        data.chmod(0o755)
    assert answers_on_disk(data / STORE_FILENAME) == 2


def test_data_dir_that_is_a_file_keeps_answers_in_memory(tmp_path: Path) -> None:
    blocker = tmp_path / "data"
    blocker.write_text("not a directory")
    with ProgressStore.open(blocker / "inner") as store:
        assert not store.saving
        assert store.notices == [
            f"Progress can't be saved: {blocker / 'inner'} is not a directory."
            " Answers this session are kept in memory only."
        ]
        assert not store.record_answer("q", "l", "x", True, 1).saved
        assert store.stats().answers == 1
    assert blocker.read_text() == "not a directory"


# -- full disk ------------------------------------------------------------------------------------


def test_full_disk_mid_session_goes_on_in_memory(tmp_path: Path) -> None:
    seed(tmp_path)

    def full_disk_connect(path: Path) -> sqlite3.Connection:
        conn = default_connect(path)
        pages = conn.execute("PRAGMA page_count").fetchone()[0]
        conn.execute(f"PRAGMA max_page_count = {pages}")  # the file may not grow any more
        return conn

    with ProgressStore.open(tmp_path, connect=full_disk_connect) as store:
        assert store.saving and store.notices == []
        saved = 0
        for i in range(400):
            result = store.record_answer(f"q{i}", "relu", "x" * 200, i % 2 == 0, 1_000)
            if not result.saved:
                break
            saved += 1
        else:
            pytest.fail("the size limit never filled the file")
        assert not store.saving
        assert store.notices == [
            f"Progress can't be saved: the disk holding {tmp_path} is full."
            " Answers this session are kept in memory only."
        ]
        for j in range(3):  # the session goes on
            assert not store.record_answer(f"later{j}", "relu", "x", True, 1).saved
        assert store.stats().answers == 2 + saved + 1 + 3
        assert store.stats().per_lesson["relu"].answers == saved + 4
    # Everything committed before the disk filled is in the file, and the file is sound.
    assert answers_on_disk(tmp_path / STORE_FILENAME) == 2 + saved
    conn = sqlite3.connect(tmp_path / STORE_FILENAME)
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def test_permission_errors_from_the_filesystem_are_caught(tmp_path: Path) -> None:
    def refusing_connect(path: Path) -> sqlite3.Connection:
        raise PermissionError(13, "Permission denied", str(path))

    with ProgressStore.open(tmp_path, connect=refusing_connect) as store:
        assert not store.saving and "is read-only" in store.notices[0]
        assert not store.record_answer("q", "l", "x", True, 1).saved


def test_store_file_permissions_untouched_by_recovery(tmp_path: Path) -> None:
    db = seed(tmp_path)
    mode = stat.S_IMODE(db.stat().st_mode)
    with ProgressStore.open(tmp_path, connect=read_only_connect) as store:
        store.record_answer("q", "l", "x", True, 1)
    assert stat.S_IMODE(db.stat().st_mode) == mode and db.exists()


# -- trouble that starts after the file was opened ------------------------------------------


class FlakyConnection(sqlite3.Connection):
    """A real connection that fails the next answer insert with a chosen SQLite error."""

    fail_with: tuple[str, int] | None = None

    def execute(self, sql: str, *args: object) -> sqlite3.Cursor:  # type: ignore[override]
        if self.fail_with and sql.startswith("INSERT INTO answers"):
            message, code = self.fail_with
            type(self).fail_with = None
            error = sqlite3.DatabaseError(message)
            error.sqlite_errorcode = code  # type: ignore[attr-defined]
            raise error
        return super().execute(sql, *args)


def flaky_connect(path: Path) -> sqlite3.Connection:
    return sqlite3.connect(
        path, isolation_level=None, check_same_thread=False, factory=FlakyConnection
    )


def test_damage_found_mid_session_moves_the_file_and_saves_the_answer(tmp_path: Path) -> None:
    db = seed(tmp_path)
    with ProgressStore.open(tmp_path, connect=flaky_connect) as store:
        assert store.saving
        FlakyConnection.fail_with = ("database disk image is malformed", 11)
        result = store.record_answer("q", "l", "x", True, 1)
        assert result.saved and store.saving
        moved = moved_path(store.notices[0])
        assert answers_on_disk(moved) == 2  # the old answers are kept in the moved file
    assert answers_on_disk(db) == 1  # the fresh file holds the answer that met the damage


def test_io_error_mid_session_goes_on_in_memory(tmp_path: Path) -> None:
    db = seed(tmp_path)
    with ProgressStore.open(tmp_path, connect=flaky_connect) as store:
        FlakyConnection.fail_with = ("disk I/O error", 10)
        result = store.record_answer("q", "l", "x", True, 1)
        assert not result.saved and not store.saving
        assert store.notices == [
            f"Progress can't be saved to {db} (disk I/O error)."
            " Answers this session are kept in memory only."
        ]
        assert store.stats().answers == 3
    assert answers_on_disk(db) == 2


def test_our_own_bugs_still_raise(tmp_path: Path) -> None:
    store = ProgressStore.open(tmp_path)
    store.close()
    with pytest.raises(sqlite3.ProgrammingError):
        store.record_answer("q", "l", "x", True, 1)
