"""The learner's progress: a SQLite file that keeps every answer and never crashes the app.

`ProgressStore.open(...)` always returns a usable store:

- every write is its own transaction, committed before the call returns (WAL mode,
  `synchronous=FULL`), so killing the process loses nothing already answered;
- two app instances may share the file (`busy_timeout`, `BEGIN IMMEDIATE` for writes);
- a damaged or unreadable file is moved aside as `progress.sqlite3.corrupt-YYYYmmdd-HHMMSS` (with
  its -wal/-shm), never deleted, and a fresh store starts;
- when the file can't be written (read-only directory, full disk, locked, newer schema) the store
  copies what it can read into memory and goes on there for the rest of the session.

Either way `store.notices` holds one learner-facing line per event, for the UI or the CLI to show.
The schema is versioned with `PRAGMA user_version`; `MIGRATIONS` are applied in order.
"""

from __future__ import annotations

import errno
import functools
import os
import sqlite3
import threading
from collections.abc import Callable, Iterable, Sequence
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from acttutor.progress.paths import store_path
from acttutor.progress.scheduler import (
    DEFAULT_EXPECTED_MS,
    RATING_NAMES,
    end_of_local_day,
    rating_for,
    review,
    to_utc,
)

if TYPE_CHECKING:
    from acttutor.progress.records import (
        AnswerRecord,
        CardInfo,
        LessonReadInfo,
        ReviewResult,
        SessionSummary,
        Stats,
    )

T = TypeVar("T")

Connector = Callable[[Path], sqlite3.Connection]
"""Opens the store file; injectable so tests can simulate a read-only or full disk."""

BUSY_TIMEOUT_MS = 5_000
"""How long a write waits for another acttutor instance holding the write lock."""

MIGRATIONS: tuple[tuple[str, ...], ...] = (
    # version 1
    (
        """CREATE TABLE sessions (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            kind TEXT NOT NULL,
            lessons TEXT NOT NULL DEFAULT '[]',
            started_at TEXT NOT NULL,
            finished_at TEXT,
            answers INTEGER,
            correct INTEGER
        )""",
        """CREATE TABLE answers (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            question_id TEXT NOT NULL,
            lesson_id TEXT NOT NULL,
            answer_text TEXT NOT NULL,
            correct INTEGER NOT NULL CHECK (correct IN (0, 1)),
            response_ms INTEGER NOT NULL,
            rating INTEGER NOT NULL,
            answered_at TEXT NOT NULL,
            session_id INTEGER
        )""",
        "CREATE INDEX answers_by_session ON answers (session_id)",
        "CREATE INDEX answers_by_lesson ON answers (lesson_id)",
        "CREATE INDEX answers_by_question ON answers (question_id)",
        """CREATE TABLE lessons_read (
            lesson_id TEXT PRIMARY KEY,
            first_read_at TEXT NOT NULL,
            last_read_at TEXT NOT NULL,
            times INTEGER NOT NULL
        )""",
        """CREATE TABLE cards (
            question_id TEXT PRIMARY KEY,
            lesson_id TEXT NOT NULL,
            card TEXT NOT NULL,
            due TEXT NOT NULL,
            last_review TEXT,
            state INTEGER NOT NULL,
            reviews INTEGER NOT NULL
        )""",
        "CREATE INDEX cards_by_due ON cards (due)",
    ),
)
"""Schema migrations: entry i (0-based) brings the file to `user_version` i + 1. Append only."""

# SQLite primary result codes (sqlite3.Error.sqlite_errorcode & 0xFF).
_SQLITE_PERM, _SQLITE_BUSY, _SQLITE_LOCKED, _SQLITE_READONLY = 3, 5, 6, 8
_SQLITE_IOERR, _SQLITE_CORRUPT, _SQLITE_FULL, _SQLITE_CANTOPEN = 10, 11, 13, 14
_SQLITE_PROTOCOL, _SQLITE_NOLFS, _SQLITE_AUTH, _SQLITE_NOTADB = 15, 22, 23, 26
_DAMAGED_CODES = {_SQLITE_CORRUPT, _SQLITE_NOTADB}
_UNSAVABLE_CODES = {
    _SQLITE_PERM, _SQLITE_BUSY, _SQLITE_LOCKED, _SQLITE_READONLY, _SQLITE_IOERR, _SQLITE_FULL,
    _SQLITE_CANTOPEN, _SQLITE_PROTOCOL, _SQLITE_NOLFS, _SQLITE_AUTH,
}
_KEPT_IN_MEMORY = "Answers this session are kept in memory only."
_DAMAGED_NOTICE = (
    "Your progress file was damaged; it was moved to {moved} and a fresh one started."
)
_UNREADABLE_NOTICE = (
    "Your progress file couldn't be read; it was moved to {moved} and a fresh one started."
)
_SQLITE_HEADER = b"SQLite format 3\x00"


# ---------------------------------------------------------------------------------------------
# Internal exceptions and helpers


class _Damaged(Exception):
    """The file is not a usable acttutor store (corrupt, truncated, foreign schema)."""


class _NewerSchema(Exception):
    """The file was written by a newer acttutor (user_version beyond our migrations)."""


def _iso(moment: datetime) -> str:
    """Fixed-width UTC ISO 8601, so that text order is time order in SQL."""
    return to_utc(moment).isoformat(timespec="microseconds")


def _parse(text: str) -> datetime:
    return to_utc(datetime.fromisoformat(text))


def _parse_opt(text: str | None) -> datetime | None:
    return _parse(text) if text else None


def _primary_code(exc: BaseException) -> int | None:
    code = getattr(exc, "sqlite_errorcode", None)
    return code & 0xFF if isinstance(code, int) else None


def _classify(exc: BaseException) -> str:
    """Return "damaged", "unsavable" or "bug" for an error raised while using the file."""
    if isinstance(exc, OSError):
        return "unsavable"
    if isinstance(exc, (sqlite3.ProgrammingError, sqlite3.InterfaceError, sqlite3.IntegrityError)):
        return "bug"
    code = _primary_code(exc)
    if code in _DAMAGED_CODES:
        return "damaged"
    if code in _UNSAVABLE_CODES:
        return "unsavable"
    if code is None and isinstance(exc, sqlite3.DatabaseError):
        text = str(exc).lower()
        if "not a database" in text or "malformed" in text:
            return "damaged"
        if any(s in text for s in ("readonly", "read-only", "disk", "unable to open", "locked")):
            return "unsavable"
    return "bug"


def _rollback(conn: sqlite3.Connection) -> None:
    try:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
    except sqlite3.Error:
        pass


def _close_quietly(conn: sqlite3.Connection | None) -> None:
    if conn is None:
        return
    try:
        conn.close()
    except sqlite3.Error:
        pass


def _user_version(conn: sqlite3.Connection) -> int:
    return int(conn.execute("PRAGMA user_version").fetchone()[0])


def migrate(conn: sqlite3.Connection, migrations: Sequence[Sequence[str]] | None = None) -> int:
    """Bring `conn`'s schema up to date; return the resulting `user_version`.

    Each migration runs in its own `BEGIN IMMEDIATE` transaction together with its
    `PRAGMA user_version = N`, and is skipped when the file is already at N or later, so running
    this twice, or from two processes at once, applies every step exactly once.
    """
    steps = MIGRATIONS if migrations is None else migrations
    for version, statements in enumerate(steps, start=1):
        if _user_version(conn) >= version:
            continue
        conn.execute("BEGIN IMMEDIATE")
        try:
            if _user_version(conn) < version:
                for statement in statements:
                    conn.execute(statement)
                conn.execute(f"PRAGMA user_version = {version}")
            conn.execute("COMMIT")
        except BaseException:
            _rollback(conn)
            raise
    return _user_version(conn)


@functools.cache
def _expected_columns(migrations: tuple[tuple[str, ...], ...]) -> dict[str, frozenset[str]]:
    """The tables and columns the migrations create, found by running them on a scratch DB."""
    scratch = sqlite3.connect(":memory:", isolation_level=None)
    try:
        migrate(scratch, migrations)
        tables = [
            row[0]
            for row in scratch.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
            )
        ]
        return {
            table: frozenset(row[1] for row in scratch.execute(f"PRAGMA table_info({table})"))
            for table in tables
        }
    finally:
        scratch.close()


def _check_schema(conn: sqlite3.Connection) -> None:
    """Raise _Damaged unless every expected table has (at least) every expected column."""
    for table, columns in _expected_columns(tuple(tuple(m) for m in MIGRATIONS)).items():
        present = {row[1] for row in conn.execute(f"PRAGMA table_info({table})")}
        if not columns <= present:
            raise _Damaged(f"table {table} lacks {sorted(columns - present)}")


def _rebuild_at_our_schema(copy: sqlite3.Connection) -> sqlite3.Connection:
    """Move a newer-schema copy's rows into a fresh DB at our schema (our columns only).

    A newer acttutor may have added columns we would not fill in; writing to its schema could
    then fail, so the session runs on our own schema with the rows we understand.
    """
    fresh = _memory_connection()
    migrate(fresh)
    for table, columns in _expected_columns(tuple(tuple(m) for m in MIGRATIONS)).items():
        names = ", ".join(sorted(columns))
        marks = ", ".join("?" for _ in columns)
        try:
            rows = copy.execute(f"SELECT {names} FROM {table}").fetchall()
            fresh.executemany(f"INSERT INTO {table} ({names}) VALUES ({marks})", rows)
        except sqlite3.Error:
            continue  # a table the newer schema reshaped: start it empty
    _close_quietly(copy)
    return fresh


def default_connect(path: Path) -> sqlite3.Connection:
    """Open the store file the normal way (read-write, created if missing)."""
    return sqlite3.connect(
        str(path), timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None, check_same_thread=False
    )


def _memory_connection() -> sqlite3.Connection:
    return sqlite3.connect(":memory:", isolation_level=None, check_same_thread=False)


# ---------------------------------------------------------------------------------------------
# The store


class ProgressStore:
    """Answers, lessons read, sessions and spaced-repetition cards of one learner.

    Create it with `ProgressStore.open(...)`. Methods are thread-safe. A method never raises for
    a problem of the learner's disk or file; such problems end up in `notices` and `saving`.
    """

    def __init__(
        self, path: Path, connect: Connector, clock: Callable[[], datetime] | None
    ) -> None:
        """Use `ProgressStore.open`; this only sets fields."""
        self.path = path
        """The store file (`<data dir>/progress.sqlite3`)."""
        self.notices: list[str] = []
        """Learner-facing lines about damage, moves and saving problems, oldest first."""
        self._connect = connect
        self._clock = clock or (lambda: datetime.now(timezone.utc))
        self._conn: sqlite3.Connection | None = None
        self._on_disk = False
        self._recovered_midway = False
        self._notices_taken = 0
        self._lock = threading.RLock()

    # -- opening -------------------------------------------------------------------------------

    @classmethod
    def open(
        cls,
        location: Path | str | None = None,
        *,
        connect: Connector | None = None,
        clock: Callable[[], datetime] | None = None,
    ) -> ProgressStore:
        """Open (or create) the store; never raises for the learner's environment.

        `location` is a data directory (the file is `progress.sqlite3` in it), a path ending in
        `.sqlite3`, or None for the default data directory (`paths.data_dir()`). `connect` opens
        the file (tests inject read-only or size-limited connections). `clock` returns the current
        time (UTC) for every method whose `now` is not given.
        """
        store = cls(store_path(location), connect or default_connect, clock)
        with store._lock:
            store._open_file()
        return store

    def _open_file(self) -> None:
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            self._use_memory(self._unsaved_notice(exc), copy_from_file=False)
            return
        if self._is_unreadable():
            self._move_aside_and_restart(_UNREADABLE_NOTICE)
            return
        if self._has_foreign_header():
            self._move_aside_and_restart(_DAMAGED_NOTICE)
            return
        conn: sqlite3.Connection | None = None
        try:
            conn = self._connect(self.path)
            conn.isolation_level = None
            self._prepare(conn)
        except _Damaged:
            self._move_aside_and_restart(_DAMAGED_NOTICE, still_open=conn)
            return
        except _NewerSchema:
            self._use_memory(
                f"Your progress file {self.path} was written by a newer version of acttutor;"
                f" this version leaves it untouched. {_KEPT_IN_MEMORY}",
                source=conn,
            )
            _close_quietly(conn)
            return
        except (sqlite3.Error, OSError) as exc:
            kind = _classify(exc)
            if kind == "bug":
                _close_quietly(conn)
                raise
            if kind == "damaged":
                self._move_aside_and_restart(_DAMAGED_NOTICE, still_open=conn)
                return
            self._use_memory(self._unsaved_notice(exc), source=conn)
            _close_quietly(conn)
            return
        self._conn = conn
        self._on_disk = True

    def _has_foreign_header(self) -> bool:
        """True when the file is non-empty and does not start like an SQLite database.

        Checked before SQLite sees the file: on closing a connection to a file it can't use,
        SQLite deletes the -wal beside it, which must be kept with the damaged file.
        """
        try:
            with self.path.open("rb") as handle:
                head = handle.read(len(_SQLITE_HEADER))
        except FileNotFoundError:
            return False
        except OSError:
            return False  # let SQLite report it, so it is classified like any other error
        return bool(head) and head != _SQLITE_HEADER

    def _is_unreadable(self) -> bool:
        """True when something exists at the store path that we cannot read as a file."""
        if not os.path.lexists(self.path):
            return False
        if not self.path.is_file():
            return True
        return not os.access(self.path, os.R_OK)

    @staticmethod
    def _prepare(conn: sqlite3.Connection) -> None:
        """Set the pragmas, verify the file and bring its schema up to date."""
        conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        conn.execute("PRAGMA journal_mode = WAL").fetchone()
        # FULL also syncs the WAL on each commit: an answer survives a power cut, not only a kill.
        conn.execute("PRAGMA synchronous = FULL")
        check = conn.execute("PRAGMA quick_check(1)").fetchone()
        if check is None or check[0] != "ok":
            raise _Damaged(f"quick_check: {check}")
        version = _user_version(conn)
        if version > len(MIGRATIONS):
            raise _NewerSchema(str(version))
        if version == 0:
            tables = conn.execute(
                "SELECT count(*) FROM sqlite_master WHERE name NOT LIKE 'sqlite_%'"
            ).fetchone()[0]
            if tables:
                raise _Damaged("a SQLite file that acttutor did not write")
        version = migrate(conn)
        _check_schema(conn)
        # Probe for write access now, so the learner hears about a read-only file at start-up
        # rather than after the first answer. Rolled back: the file is left as it was.
        conn.execute("BEGIN IMMEDIATE")
        try:
            conn.execute(f"PRAGMA user_version = {version}")
        finally:
            _rollback(conn)

    def _move_aside_and_restart(
        self, notice_template: str, *, still_open: sqlite3.Connection | None = None
    ) -> None:
        """Rename the damaged file (and its -wal/-shm) out of the way, then open a fresh one.

        `still_open` is closed only after the rename: closing it first would let SQLite
        checkpoint and delete the -wal that belongs with the damaged file.
        """
        stamp = self._clock().astimezone().strftime("%Y%m%d-%H%M%S")
        target = self.path.with_name(f"{self.path.name}.corrupt-{stamp}")
        n = 2
        while os.path.lexists(target):
            target = self.path.with_name(f"{self.path.name}.corrupt-{stamp}-{n}")
            n += 1
        try:
            self.path.rename(target)
            for suffix in ("-wal", "-shm"):
                side = self.path.with_name(self.path.name + suffix)
                if os.path.lexists(side):
                    side.rename(target.with_name(target.name + suffix))
        except OSError as exc:
            _close_quietly(still_open)
            self._use_memory(
                f"Your progress file {self.path} is damaged and couldn't be moved aside"
                f" ({exc.strerror or exc}). {_KEPT_IN_MEMORY}",
                copy_from_file=False,
            )
            return
        _close_quietly(still_open)
        self.notices.append(notice_template.format(moved=target))
        conn: sqlite3.Connection | None = None
        try:
            conn = self._connect(self.path)
            conn.isolation_level = None
            self._prepare(conn)
        except (sqlite3.Error, OSError, _Damaged, _NewerSchema) as exc:
            if isinstance(exc, sqlite3.Error) and _classify(exc) == "bug":
                _close_quietly(conn)
                raise
            _close_quietly(conn)
            self._use_memory(self._unsaved_notice(exc), copy_from_file=False)
            return
        self._conn = conn
        self._on_disk = True

    # -- falling back to memory ----------------------------------------------------------------

    def _unsaved_notice(self, exc: BaseException) -> str:
        """The learner-facing line for an error that stops saving."""
        where = self.path.parent
        code = _primary_code(exc)
        err = exc.errno if isinstance(exc, OSError) else None
        if isinstance(exc, (NotADirectoryError, FileExistsError)):
            return f"Progress can't be saved: {where} is not a directory. {_KEPT_IN_MEMORY}"
        if code == _SQLITE_FULL or err in (errno.ENOSPC, getattr(errno, "EDQUOT", -1)):
            return f"Progress can't be saved: the disk holding {where} is full. {_KEPT_IN_MEMORY}"
        if code in (_SQLITE_BUSY, _SQLITE_LOCKED):
            return (
                f"Progress can't be saved: {self.path} is locked by another program."
                f" {_KEPT_IN_MEMORY}"
            )
        if code in (_SQLITE_READONLY, _SQLITE_PERM, _SQLITE_CANTOPEN) or err in (
            errno.EACCES,
            errno.EPERM,
            errno.EROFS,
        ):
            if self.path.exists() and os.access(where, os.W_OK) and not os.access(
                self.path, os.W_OK
            ):
                return f"Progress can't be saved: {self.path} is read-only. {_KEPT_IN_MEMORY}"
            return f"Progress can't be saved: {where} is read-only. {_KEPT_IN_MEMORY}"
        return f"Progress can't be saved to {self.path} ({exc}). {_KEPT_IN_MEMORY}"

    def _use_memory(
        self,
        notice: str,
        *,
        source: sqlite3.Connection | None = None,
        copy_from_file: bool = True,
    ) -> None:
        """Go on in memory, starting from what `source` or the file still shows, if anything."""
        self.notices.append(notice)
        memory = _memory_connection()
        copied = False
        candidates: list[Callable[[], sqlite3.Connection]] = []
        if source is not None:
            candidates.append(lambda: source)
        if copy_from_file and self.path.is_file():
            uri = self.path.resolve().as_uri()
            # In a read-only directory even mode=ro fails on a WAL file (it needs the -shm);
            # immutable=1 still reads the main file.
            for query in ("?mode=ro", "?immutable=1"):
                candidates.append(
                    functools.partial(sqlite3.connect, uri + query, uri=True, isolation_level=None)
                )
        for make in candidates:
            src: sqlite3.Connection | None = None
            try:
                src = make()
                _rollback(src)
                src.backup(memory)
                copied = self._memory_is_usable(memory)
            except (sqlite3.Error, OSError):
                copied = False
            finally:
                if src is not None and src is not source:
                    _close_quietly(src)
            if copied and _user_version(memory) > len(MIGRATIONS):
                memory = _rebuild_at_our_schema(memory)
            if copied:
                break
            _close_quietly(memory)
            memory = _memory_connection()
        if not copied:
            migrate(memory)
        old, self._conn = self._conn, memory
        self._on_disk = False
        _close_quietly(old)

    @staticmethod
    def _memory_is_usable(memory: sqlite3.Connection) -> bool:
        """Bring a copied database up to our schema; False if it can't serve as a store."""
        try:
            check = memory.execute("PRAGMA quick_check(1)").fetchone()
            if check is None or check[0] != "ok":
                return False
            version = _user_version(memory)
            if version == 0 and memory.execute(
                "SELECT count(*) FROM sqlite_master WHERE name NOT LIKE 'sqlite_%'"
            ).fetchone()[0]:
                return False
            if version <= len(MIGRATIONS):
                migrate(memory)
            _check_schema(memory)
        except (sqlite3.Error, _Damaged):
            return False
        return True

    # -- running statements --------------------------------------------------------------------

    def _run(self, op: Callable[[sqlite3.Connection], T], *, write: bool) -> T:
        """Run `op` in one transaction; on a disk problem, recover and run it again."""
        with self._lock:
            while True:
                conn = self._conn
                if conn is None:
                    raise sqlite3.ProgrammingError("the progress store is closed")
                try:
                    conn.execute("BEGIN IMMEDIATE" if write else "BEGIN")
                    try:
                        result = op(conn)
                        conn.execute("COMMIT")
                    except BaseException:
                        _rollback(conn)
                        raise
                    return result
                except (sqlite3.Error, OSError) as exc:
                    kind = _classify(exc)
                    if kind == "bug" or not self._on_disk:
                        raise
                    if kind == "damaged" and not self._recovered_midway:
                        self._recovered_midway = True
                        self._conn = None
                        self._on_disk = False
                        self._move_aside_and_restart(_DAMAGED_NOTICE, still_open=conn)
                    elif kind == "damaged":
                        self._use_memory(self._unsaved_notice(exc), copy_from_file=False)
                    else:
                        self._use_memory(self._unsaved_notice(exc), source=conn)

    def _now(self, now: datetime | None) -> datetime:
        return to_utc(now if now is not None else self._clock())

    # -- public state --------------------------------------------------------------------------

    @property
    def saving(self) -> bool:
        """True while answers are written to the file; False once they are kept in memory."""
        return self._on_disk

    def take_notices(self) -> list[str]:
        """Return the notices added since the last call (for the UI to show once)."""
        with self._lock:
            fresh = self.notices[self._notices_taken :]
            self._notices_taken = len(self.notices)
            return fresh

    def close(self) -> None:
        """Close the file (a later call to any other method raises ProgrammingError)."""
        with self._lock:
            _close_quietly(self._conn)
            self._conn = None

    def __enter__(self) -> ProgressStore:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    # -- writing -------------------------------------------------------------------------------

    def record_answer(
        self,
        question_id: str,
        lesson_id: str,
        answer_text: str,
        correct: bool,
        response_ms: int,
        *,
        rating: int | None = None,
        expected_ms: int | None = None,
        session_id: int | None = None,
        now: datetime | None = None,
    ) -> ReviewResult:
        """Store one answer and review the question's FSRS card, in one committed transaction.

        `rating` (1-4 or an `fsrs.Rating`) defaults to `scheduler.rating_for(correct,
        response_ms, expected_ms)`, with `expected_ms` defaulting to 15 s; pass
        `expected_ms=scheduler.expected_ms_for(...)` for a better judgement of "fast".
        """
        when = self._now(now)
        response_ms = max(0, int(response_ms))
        answer_text = "" if answer_text is None else str(answer_text)
        if rating is None:
            rating = rating_for(correct, response_ms, expected_ms or DEFAULT_EXPECTED_MS)
        rating = int(rating)
        if rating not in RATING_NAMES:
            raise ValueError(f"rating must be 1-4 (Again, Hard, Good, Easy), not {rating}")

        def op(conn: sqlite3.Connection) -> ReviewResult:
            from acttutor.progress.records import ReviewResult

            row = conn.execute(
                "SELECT card FROM cards WHERE question_id = ?", (question_id,)
            ).fetchone()
            update = review(row[0] if row else None, rating, when, response_ms=response_ms)
            cursor = conn.execute(
                "INSERT INTO answers (question_id, lesson_id, answer_text, correct, response_ms,"
                " rating, answered_at, session_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    question_id,
                    lesson_id,
                    answer_text,
                    int(bool(correct)),
                    response_ms,
                    rating,
                    _iso(when),
                    session_id,
                ),
            )
            conn.execute(
                "INSERT INTO cards (question_id, lesson_id, card, due, last_review, state, reviews)"
                " VALUES (?, ?, ?, ?, ?, ?, 1) ON CONFLICT (question_id) DO UPDATE SET"
                " lesson_id = excluded.lesson_id, card = excluded.card, due = excluded.due,"
                " last_review = excluded.last_review, state = excluded.state,"
                " reviews = cards.reviews + 1",
                (
                    question_id,
                    lesson_id,
                    update.card_json,
                    _iso(update.due),
                    _iso(update.last_review),
                    update.state,
                ),
            )
            return ReviewResult(
                answer_id=int(cursor.lastrowid or 0),
                question_id=question_id,
                lesson_id=lesson_id,
                correct=bool(correct),
                rating=rating,
                due=update.due,
                saved=self._on_disk,
            )

        return self._run(op, write=True)

    def mark_lesson_read(self, lesson_id: str, *, now: datetime | None = None) -> None:
        """Record that the learner opened `lesson_id` (counts the times)."""
        stamp = _iso(self._now(now))

        def op(conn: sqlite3.Connection) -> None:
            conn.execute(
                "INSERT INTO lessons_read (lesson_id, first_read_at, last_read_at, times)"
                " VALUES (?, ?, ?, 1) ON CONFLICT (lesson_id) DO UPDATE SET"
                " last_read_at = excluded.last_read_at, times = lessons_read.times + 1",
                (lesson_id, stamp, stamp),
            )

        self._run(op, write=True)

    def start_session(
        self, kind: str = "quiz", lessons: Iterable[str] = (), *, now: datetime | None = None
    ) -> int:
        """Start a session ("quiz", "review", "mistakes", ...) over `lessons`; return its id."""
        stamp = _iso(self._now(now))
        import json

        lesson_list = json.dumps(list(lessons))

        def op(conn: sqlite3.Connection) -> int:
            cursor = conn.execute(
                "INSERT INTO sessions (kind, lessons, started_at) VALUES (?, ?, ?)",
                (kind, lesson_list, stamp),
            )
            return int(cursor.lastrowid or 0)

        return self._run(op, write=True)

    def finish_session(
        self, session_id: int, *, now: datetime | None = None
    ) -> SessionSummary | None:
        """Mark the session finished, store its totals and return its summary (None if unknown)."""
        stamp = _iso(self._now(now))

        def op(conn: sqlite3.Connection) -> None:
            conn.execute(
                "UPDATE sessions SET finished_at = ?,"
                " answers = (SELECT count(*) FROM answers WHERE session_id = sessions.id),"
                " correct = (SELECT coalesce(sum(correct), 0) FROM answers"
                "            WHERE session_id = sessions.id)"
                " WHERE id = ?",
                (stamp, session_id),
            )

        self._run(op, write=True)
        return self.session(session_id)

    # -- reading -------------------------------------------------------------------------------

    def lessons_read(self) -> dict[str, LessonReadInfo]:
        """Every lesson opened at least once, in the order first read."""
        return self._run(_lessons_read, write=False)

    def best_scores(self, kinds: Sequence[str] = ("quiz",)) -> dict[str, float]:
        """Best accuracy (0.0-1.0) per lesson over finished sessions of the given kinds.

        A session's score for a lesson is its share of right answers to that lesson's questions
        in that session; "review" and "mistakes" sessions don't count by default because they
        ask a hand-picked subset.
        """
        kinds = tuple(kinds)

        def op(conn: sqlite3.Connection) -> dict[str, float]:
            return _best_scores(conn, kinds)

        return self._run(op, write=False)

    def latest_correct(self) -> dict[str, bool]:
        """Whether the latest answer to each answered question was right (question id -> bool)."""

        def op(conn: sqlite3.Connection) -> dict[str, bool]:
            rows = conn.execute(
                "SELECT question_id, correct FROM answers"
                " WHERE id IN (SELECT max(id) FROM answers GROUP BY question_id)"
            )
            return {row[0]: bool(row[1]) for row in rows}

        return self._run(op, write=False)

    def due_question_ids(
        self,
        now: datetime | None = None,
        *,
        question_ids: Iterable[str] | None = None,
        limit: int | None = None,
    ) -> list[str]:
        """Questions due by the end of `now`'s local day, most overdue first.

        `question_ids` restricts the answer to those questions (pass the course's ids so that
        questions removed from the course are not asked). Only questions answered at least once
        have a card; new questions are never "due".
        """
        day_end = _iso(end_of_local_day(self._now(now)))
        wanted = None if question_ids is None else set(question_ids)

        def op(conn: sqlite3.Connection) -> list[str]:
            rows = conn.execute(
                "SELECT question_id FROM cards WHERE due < ? ORDER BY due, question_id",
                (day_end,),
            )
            due = [row[0] for row in rows if wanted is None or row[0] in wanted]
            return due if limit is None else due[: max(0, limit)]

        return self._run(op, write=False)

    def due_count(
        self, question_ids: Iterable[str] | None = None, now: datetime | None = None
    ) -> int:
        """How many questions are due (see `due_question_ids`)."""
        return len(self.due_question_ids(now, question_ids=question_ids))

    def cards(self) -> dict[str, CardInfo]:
        """Every question's card (questions answered at least once), soonest due first."""
        return self._run(_cards, write=False)

    def last_reviews(self) -> dict[str, datetime | None]:
        """When each answered question was last reviewed (what a quiz plan orders by)."""

        def op(conn: sqlite3.Connection) -> dict[str, datetime | None]:
            rows = conn.execute("SELECT question_id, last_review FROM cards")
            return {row[0]: _parse_opt(row[1]) for row in rows}

        return self._run(op, write=False)

    def mistakes(self, session_id: int) -> list[str]:
        """Questions answered wrongly in the session, each once, in the order first missed."""

        def op(conn: sqlite3.Connection) -> list[str]:
            rows = conn.execute(
                "SELECT question_id FROM answers WHERE session_id = ? AND correct = 0"
                " GROUP BY question_id ORDER BY min(id)",
                (session_id,),
            )
            return [row[0] for row in rows]

        return self._run(op, write=False)

    def history(
        self,
        limit: int | None = None,
        *,
        session_id: int | None = None,
        lesson_id: str | None = None,
        question_id: str | None = None,
    ) -> list[AnswerRecord]:
        """Stored answers, newest first, optionally filtered and limited."""
        clauses: list[str] = []
        params: list[object] = []
        for column, value in (
            ("session_id", session_id),
            ("lesson_id", lesson_id),
            ("question_id", question_id),
        ):
            if value is not None:
                clauses.append(f"{column} = ?")
                params.append(value)
        sql = (
            "SELECT id, question_id, lesson_id, answer_text, correct, response_ms, rating,"
            " answered_at, session_id FROM answers"
        )
        if clauses:
            sql += " WHERE " + " AND ".join(clauses)
        sql += " ORDER BY id DESC"
        if limit is not None:
            sql += " LIMIT ?"
            params.append(max(0, int(limit)))

        def op(conn: sqlite3.Connection) -> list[AnswerRecord]:
            from acttutor.progress.records import AnswerRecord

            return [
                AnswerRecord(
                    id=row[0],
                    question_id=row[1],
                    lesson_id=row[2],
                    answer_text=row[3],
                    correct=bool(row[4]),
                    response_ms=row[5],
                    rating=row[6],
                    answered_at=_parse(row[7]),
                    session_id=row[8],
                )
                for row in conn.execute(sql, params)
            ]

        return self._run(op, write=False)

    def session(self, session_id: int) -> SessionSummary | None:
        """One session with its per-lesson results, or None if there is no such session."""

        def op(conn: sqlite3.Connection) -> SessionSummary | None:
            found = _sessions(conn, "WHERE id = ?", (session_id,))
            return found[0] if found else None

        return self._run(op, write=False)

    def sessions(self, limit: int | None = None) -> list[SessionSummary]:
        """Sessions, newest first."""
        tail = "ORDER BY id DESC" + (" LIMIT ?" if limit is not None else "")
        params: tuple[object, ...] = (max(0, int(limit)),) if limit is not None else ()

        def op(conn: sqlite3.Connection) -> list[SessionSummary]:
            return _sessions(conn, tail, params)

        return self._run(op, write=False)

    def stats(self, now: datetime | None = None) -> Stats:
        """Totals for `acttutor stats` (one consistent snapshot)."""
        moment = self._now(now)
        day_end = _iso(end_of_local_day(moment))

        def op(conn: sqlite3.Connection) -> Stats:
            from acttutor.progress.records import LessonStats, Stats

            per_lesson = {
                row[0]: LessonStats(answers=row[1], correct=row[2])
                for row in conn.execute(
                    "SELECT lesson_id, count(*), sum(correct) FROM answers"
                    " GROUP BY lesson_id ORDER BY min(id)"
                )
            }
            due = conn.execute("SELECT count(*) FROM cards WHERE due < ?", (day_end,)).fetchone()
            days = [
                row[0]
                for row in conn.execute(
                    "SELECT DISTINCT substr(answered_at, 1, 10) FROM answers ORDER BY 1 DESC"
                )
            ]
            last = conn.execute(
                "SELECT max(t) FROM (SELECT max(answered_at) AS t FROM answers"
                " UNION ALL SELECT max(last_read_at) FROM lessons_read)"
            ).fetchone()[0]
            return Stats(
                answers=sum(s.answers for s in per_lesson.values()),
                correct=sum(s.correct for s in per_lesson.values()),
                per_lesson=per_lesson,
                due=int(due[0]),
                streak_days=_streak(days, moment),
                last_activity=_parse_opt(last),
                lessons_read=_lessons_read(conn),
                best_scores=_best_scores(conn, ("quiz",)),
            )

        return self._run(op, write=False)


# ---------------------------------------------------------------------------------------------
# Queries shared by several methods


def _lessons_read(conn: sqlite3.Connection) -> dict[str, LessonReadInfo]:
    from acttutor.progress.records import LessonReadInfo

    return {
        row[0]: LessonReadInfo(
            lesson_id=row[0],
            first_read_at=_parse(row[1]),
            last_read_at=_parse(row[2]),
            times=row[3],
        )
        for row in conn.execute(
            "SELECT lesson_id, first_read_at, last_read_at, times FROM lessons_read"
            " ORDER BY first_read_at, lesson_id"
        )
    }


def _best_scores(conn: sqlite3.Connection, kinds: tuple[str, ...]) -> dict[str, float]:
    if not kinds:
        return {}
    marks = ", ".join("?" for _ in kinds)
    rows = conn.execute(
        "SELECT lesson_id, max(score) FROM ("
        "  SELECT a.lesson_id AS lesson_id, avg(a.correct) AS score"
        "  FROM answers AS a JOIN sessions AS s ON s.id = a.session_id"
        f"  WHERE s.finished_at IS NOT NULL AND s.kind IN ({marks})"
        "  GROUP BY a.session_id, a.lesson_id"
        ") GROUP BY lesson_id ORDER BY lesson_id",
        kinds,
    )
    return {row[0]: float(row[1]) for row in rows}


def _cards(conn: sqlite3.Connection) -> dict[str, CardInfo]:
    from acttutor.progress.records import CardInfo

    return {
        row[0]: CardInfo(
            question_id=row[0],
            lesson_id=row[1],
            due=_parse(row[2]),
            last_review=_parse_opt(row[3]),
            state=row[4],
            reviews=row[5],
        )
        for row in conn.execute(
            "SELECT question_id, lesson_id, due, last_review, state, reviews FROM cards"
            " ORDER BY due, question_id"
        )
    }


def _sessions(
    conn: sqlite3.Connection, tail: str, params: Sequence[object]
) -> list[SessionSummary]:
    import json

    from acttutor.progress.records import LessonStats, SessionSummary

    rows = conn.execute(
        "SELECT id, kind, lessons, started_at, finished_at FROM sessions " + tail, params
    ).fetchall()
    result = []
    for row in rows:
        per_lesson = {
            lesson: LessonStats(answers=n, correct=right)
            for lesson, n, right in conn.execute(
                "SELECT lesson_id, count(*), sum(correct) FROM answers WHERE session_id = ?"
                " GROUP BY lesson_id ORDER BY min(id)",
                (row[0],),
            )
        }
        try:
            lessons = tuple(str(x) for x in json.loads(row[2]))
        except (ValueError, TypeError):
            lessons = ()
        result.append(
            SessionSummary(
                id=row[0],
                kind=row[1],
                lessons=lessons,
                started_at=_parse(row[3]),
                finished_at=_parse_opt(row[4]),
                answers=sum(s.answers for s in per_lesson.values()),
                correct=sum(s.correct for s in per_lesson.values()),
                per_lesson=per_lesson,
            )
        )
    return result


def _streak(days_desc: Sequence[str], now: datetime) -> int:
    """Consecutive UTC days (newest first, "YYYY-MM-DD") ending today or yesterday."""
    today = to_utc(now).date()
    expected = today
    streak = 0
    for text in days_desc:
        try:
            day = datetime.strptime(text, "%Y-%m-%d").date()
        except ValueError:
            continue
        if day > today:
            continue  # answers stamped in the future (clock changes) don't break a streak
        if streak == 0 and day == today - timedelta(days=1):
            expected = day
        if day != expected:
            break
        streak += 1
        expected = day - timedelta(days=1)
    return streak
