"""The progress store: answers, cards, sessions, lessons read, stats, migrations, two instances."""

from __future__ import annotations

import os
import sqlite3
import time
from collections.abc import Iterator
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from acttutor.progress import store as store_module
from acttutor.progress.paths import ENV_VAR, STORE_FILENAME, data_dir, store_path
from acttutor.progress.store import MIGRATIONS, ProgressStore, migrate

T0 = datetime(2025, 3, 10, 12, 7, tzinfo=timezone.utc)  # minute 7: never next to a local midnight
DAY = timedelta(days=1)


@pytest.fixture
def store(tmp_path: Path) -> Iterator[ProgressStore]:
    opened = ProgressStore.open(tmp_path / "data", clock=lambda: T0)
    yield opened
    opened.close()


def raw(path: Path) -> sqlite3.Connection:
    """A plain connection to look at the file behind the store's back."""
    return sqlite3.connect(path)


# -- paths ----------------------------------------------------------------------------------------


def test_data_dir_precedence(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(ENV_VAR, str(tmp_path / "from-env"))
    assert data_dir(tmp_path / "from-cli") == tmp_path / "from-cli"
    assert data_dir() == tmp_path / "from-env"
    monkeypatch.setenv(ENV_VAR, "")
    home = Path(os.environ["HOME"])
    monkeypatch.setenv("XDG_DATA_HOME", str(home / "xdg"))
    assert data_dir() == home / "xdg" / "acttutor"


def test_store_path_accepts_a_dir_or_a_file(tmp_path: Path) -> None:
    assert store_path(tmp_path) == tmp_path / STORE_FILENAME
    assert store_path(tmp_path / "new-dir") == tmp_path / "new-dir" / STORE_FILENAME
    assert store_path(tmp_path / "mine.sqlite3") == tmp_path / "mine.sqlite3"


def test_open_creates_the_directory_and_a_wal_file(tmp_path: Path) -> None:
    with ProgressStore.open(tmp_path / "a" / "b") as opened:
        assert opened.path == tmp_path / "a" / "b" / STORE_FILENAME
        assert opened.saving and opened.notices == []
    conn = raw(opened.path)
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert conn.execute("PRAGMA user_version").fetchone()[0] == len(MIGRATIONS)


# -- answers and cards ----------------------------------------------------------------------------


def test_record_answer_is_read_back_after_reopening(tmp_path: Path) -> None:
    with ProgressStore.open(tmp_path) as first:
        result = first.record_answer(
            "sig-range", "sigmoid", "(0, 1)", True, 7_000, rating=3, now=T0
        )
        assert result.saved and result.rating == 3 and result.rating_name == "Good"
        assert result.due == T0 + 2 * DAY
    with ProgressStore.open(tmp_path) as second:
        (answer,) = second.history()
        assert (answer.question_id, answer.lesson_id, answer.answer_text) == (
            "sig-range", "sigmoid", "(0, 1)"
        )
        assert answer.correct is True and answer.response_ms == 7_000 and answer.rating == 3
        assert answer.answered_at == T0 and answer.session_id is None
        card = second.cards()["sig-range"]
        assert card.due == T0 + 2 * DAY and card.reviews == 1 and card.state_name == "Review"


def test_rating_defaults_to_the_answer_and_its_speed(store: ProgressStore) -> None:
    assert store.record_answer("q1", "l", "x", False, 3_000).rating_name == "Again"
    assert store.record_answer("q2", "l", "x", True, 3_000, expected_ms=10_000).rating_name == (
        "Easy"
    )
    assert store.record_answer("q3", "l", "x", True, 8_000, expected_ms=10_000).rating_name == (
        "Good"
    )
    assert store.record_answer("q4", "l", "x", True, 30_000, expected_ms=10_000).rating_name == (
        "Hard"
    )


def test_a_bad_rating_is_a_programming_error(store: ProgressStore) -> None:
    with pytest.raises(ValueError, match="rating must be 1-4"):
        store.record_answer("q", "l", "x", True, 1, rating=7)
    assert store.history() == []


def test_card_is_updated_in_the_same_transaction(store: ProgressStore) -> None:
    store.record_answer("q", "l", "a", True, 5_000, rating=3, now=T0)
    first_due = store.cards()["q"].due
    store.record_answer("q", "l", "b", True, 5_000, rating=3, now=first_due)
    card = store.cards()["q"]
    assert card.reviews == 2 and card.due > first_due + DAY
    assert store.last_reviews() == {"q": card.last_review} and card.last_review == first_due


def test_due_ids_most_overdue_first_with_injected_now(store: ProgressStore) -> None:
    store.record_answer("wrong-early", "l", "x", False, 1, now=T0)  # due T0 + 1 day
    store.record_answer("easy", "l", "x", True, 1, rating=4, now=T0)  # due T0 + 8 days
    store.record_answer("wrong-late", "l", "x", False, 1, now=T0 + timedelta(hours=1))
    assert store.due_question_ids(now=T0 + timedelta(minutes=1)) == []
    tomorrow = T0 + DAY + timedelta(hours=2)
    assert store.due_question_ids(now=tomorrow) == ["wrong-early", "wrong-late"]
    assert store.due_count(now=tomorrow) == 2
    later = T0 + 9 * DAY
    assert store.due_question_ids(now=later) == ["wrong-early", "wrong-late", "easy"]
    assert store.due_question_ids(now=later, limit=1) == ["wrong-early"]
    # Questions no longer in the course are left out when the course's ids are given.
    assert store.due_question_ids(now=later, question_ids={"easy", "other"}) == ["easy"]
    assert store.due_count(["wrong-late", "easy"], now=later) == 2


def test_a_card_is_due_all_of_its_due_day(
    store: ProgressStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TZ", "KST-9")
    time.tzset()
    try:
        evening = datetime(2025, 3, 10, 9, 0, tzinfo=timezone.utc)  # 18:00 in Seoul
        store.record_answer("q", "l", "x", False, 1, now=evening)  # due 18:00 tomorrow
        next_morning = evening + timedelta(hours=14)  # 08:00 in Seoul
        assert store.due_question_ids(now=next_morning) == ["q"]
        assert store.due_question_ids(now=evening + timedelta(hours=1)) == []
    finally:
        monkeypatch.undo()
        time.tzset()


# -- sessions -------------------------------------------------------------------------------------


def test_sessions_mistakes_and_best_scores(store: ProgressStore) -> None:
    first = store.start_session("quiz", ["sigmoid", "relu"], now=T0)
    store.record_answer("s1", "sigmoid", "1", True, 1, session_id=first)
    store.record_answer("s2", "sigmoid", "2", False, 1, session_id=first)
    store.record_answer("r1", "relu", "3", False, 1, session_id=first)
    store.record_answer("s2", "sigmoid", "4", False, 1, session_id=first)
    summary = store.finish_session(first, now=T0 + timedelta(minutes=5))
    assert summary is not None
    assert (summary.kind, summary.lessons, summary.answers, summary.correct) == (
        "quiz", ("sigmoid", "relu"), 4, 1
    )
    assert summary.finished_at == T0 + timedelta(minutes=5)
    assert summary.per_lesson["sigmoid"].answers == 3
    assert summary.per_lesson["relu"].accuracy == 0.0
    assert store.mistakes(first) == ["s2", "r1"]

    second = store.start_session("quiz", ["sigmoid"])
    store.record_answer("s1", "sigmoid", "1", True, 1, session_id=second)
    store.record_answer("s2", "sigmoid", "2", True, 1, session_id=second)
    store.finish_session(second)
    unfinished = store.start_session("quiz", ["relu"])
    store.record_answer("r1", "relu", "3", True, 1, session_id=unfinished)
    review = store.start_session("mistakes", ["relu"])
    store.record_answer("r1", "relu", "3", True, 1, session_id=review)
    store.finish_session(review)

    assert store.best_scores() == {"sigmoid": 1.0, "relu": 0.0}
    assert store.best_scores(kinds=("quiz", "mistakes")) == {"sigmoid": 1.0, "relu": 1.0}
    assert [s.id for s in store.sessions()] == [review, unfinished, second, first]
    assert store.session(unfinished).finished_at is None  # type: ignore[union-attr]
    assert store.session(9999) is None
    assert store.finish_session(9999) is None
    assert [a.answer_text for a in store.history(session_id=first)] == ["4", "3", "2", "1"]
    assert len(store.history(limit=2)) == 2
    assert {a.question_id for a in store.history(lesson_id="relu")} == {"r1"}


# -- lessons read and stats -----------------------------------------------------------------------


def test_lessons_read_counts_visits(store: ProgressStore) -> None:
    store.mark_lesson_read("sigmoid", now=T0)
    store.mark_lesson_read("relu", now=T0 + timedelta(minutes=1))
    store.mark_lesson_read("sigmoid", now=T0 + timedelta(minutes=2))
    read = store.lessons_read()
    assert list(read) == ["sigmoid", "relu"]
    assert read["sigmoid"].times == 2
    assert read["sigmoid"].first_read_at == T0
    assert read["sigmoid"].last_read_at == T0 + timedelta(minutes=2)


def test_stats_totals_streak_and_due(store: ProgressStore) -> None:
    empty = store.stats(now=T0)
    assert (empty.answers, empty.correct, empty.accuracy, empty.streak_days) == (0, 0, 0.0, 0)
    assert empty.last_activity is None and empty.per_lesson == {}

    for days_ago in (4, 2, 1, 0):
        moment = T0 - days_ago * DAY
        store.record_answer(f"q{days_ago}", "sigmoid", "x", days_ago % 2 == 0, 1, now=moment)
    store.record_answer("r", "relu", "x", True, 1, now=T0)
    store.mark_lesson_read("relu", now=T0 + timedelta(minutes=3))

    stats = store.stats(now=T0)
    assert (stats.answers, stats.correct) == (5, 4)
    assert stats.accuracy == pytest.approx(0.8)
    assert stats.per_lesson["sigmoid"].answers == 4
    assert stats.per_lesson["sigmoid"].correct == 3
    assert stats.per_lesson["relu"].accuracy == 1.0
    assert stats.streak_days == 3  # today, yesterday, the day before; not 4 days ago
    assert store.stats(now=T0 + DAY).streak_days == 3  # nothing yet today: the streak holds
    assert store.stats(now=T0 + 2 * DAY).streak_days == 0
    assert stats.last_activity == T0 + timedelta(minutes=3)
    assert set(stats.lessons_read) == {"relu"}
    assert stats.due == 1  # q1 (answered wrong yesterday) is due today
    assert store.stats(now=T0 + 30 * DAY).due == 5
    data = stats.to_dict()
    assert data["answers"] == 5
    assert data["per_lesson"]["sigmoid"] == {"answers": 4, "correct": 3, "accuracy": 0.75}
    assert data["lessons_read"]["relu"]["times"] == 1


# -- schema and migrations ------------------------------------------------------------------------


def test_migrations_run_in_order_once_and_v1_files_upgrade(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with ProgressStore.open(tmp_path) as v1:
        v1.record_answer("q", "l", "x", True, 1, now=T0)
    v2 = (
        "ALTER TABLE answers ADD COLUMN hint_used INTEGER NOT NULL DEFAULT 0",
        "CREATE TABLE notes (id INTEGER PRIMARY KEY, text TEXT NOT NULL)",
    )
    v3 = ("INSERT INTO notes (text) VALUES ('v3 ran after v2')",)
    monkeypatch.setattr(store_module, "MIGRATIONS", (*MIGRATIONS, v2, v3))
    with ProgressStore.open(tmp_path) as upgraded:
        assert upgraded.saving and upgraded.notices == []
        assert upgraded.stats().answers == 1
        upgraded.record_answer("q2", "l", "x", True, 1, now=T0)
    with ProgressStore.open(tmp_path) as again:  # running them again changes nothing
        assert again.stats().answers == 2
    conn = raw(tmp_path / STORE_FILENAME)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == len(MIGRATIONS) + 2
    assert conn.execute("SELECT text FROM notes").fetchall() == [("v3 ran after v2",)]
    assert conn.execute("SELECT sum(hint_used) FROM answers").fetchone()[0] == 0
    assert migrate(conn, store_module.MIGRATIONS) == len(MIGRATIONS) + 2
    assert conn.execute("SELECT count(*) FROM notes").fetchone()[0] == 1


def test_a_failing_migration_leaves_the_file_at_the_previous_version(tmp_path: Path) -> None:
    conn = sqlite3.connect(tmp_path / "x.sqlite3", isolation_level=None)
    broken = (("CREATE TABLE a (x)",), ("CREATE TABLE b (y)", "CREATE TABLE a (z)"))
    with pytest.raises(sqlite3.OperationalError):
        migrate(conn, broken)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == 1
    tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    assert tables == {"a"}


# -- two instances at once ------------------------------------------------------------------------


def test_two_stores_on_one_file_interleave_safely(tmp_path: Path) -> None:
    first = ProgressStore.open(tmp_path)
    second = ProgressStore.open(tmp_path)
    try:
        session_a = first.start_session("quiz", ["a"])
        session_b = second.start_session("quiz", ["b"])
        assert session_a != session_b
        for i in range(10):
            first.record_answer(f"a{i}", "a", "x", True, 1, session_id=session_a)
            second.record_answer(f"b{i}", "b", "x", i % 2 == 0, 1, session_id=session_b)
            second.mark_lesson_read("b")
        first.record_answer("shared", "a", "x", True, 1, rating=3, now=T0)
        second.record_answer("shared", "a", "x", True, 1, rating=3, now=T0 + 2 * DAY)
        for view in (first, second):
            stats = view.stats()
            assert stats.answers == 22
            assert stats.per_lesson["b"].correct == 5
            assert view.lessons_read()["b"].times == 10
            assert view.cards()["shared"].reviews == 2
        assert first.notices == second.notices == []
    finally:
        first.close()
        second.close()
    conn = raw(tmp_path / STORE_FILENAME)
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert conn.execute("SELECT count(*) FROM answers").fetchone()[0] == 22
