"""The learner's progress: a SQLite file that keeps every answer and never crashes the app.

`ProgressStore.open(...)` always returns a usable store:

- every write is its own transaction, committed before the call returns (WAL mode,
  `synchronous=FULL`), so killing the process loses nothing already answered;
- several app instances may share the file (`busy_timeout`, `BEGIN IMMEDIATE` for writes); opening
  retries within a bound (`OPEN_WAIT_S`) when another instance is creating or switching the file;
- when the file stays held by another program (locked) past that bound, each answer is appended
  to `progress.sqlite3.pending.jsonl` beside it (one JSON line per event, fsync'ed) and merged into
  the file at the next open; every event has a unique id, so none is ever counted twice;
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
import json
import os
import random
import sqlite3
import threading
import time
import uuid
from collections.abc import Callable, Iterable, Sequence
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from acttutor.progress.paths import store_path
from acttutor.progress.scheduler import (
    DEFAULT_EXPECTED_MS,
    RATING_NAMES,
    CardUpdate,
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

OPEN_WAIT_S = 5.0
"""How long opening the file keeps retrying while another program holds it (then: pending file)."""

OPEN_ATTEMPT_MS = 250
"""How long one attempt at opening waits for a lock before letting go and trying again."""

COPY_WAIT_S = 1.0
"""How long copying a held file into memory may wait for its lock before giving up."""

PENDING_SUFFIX = ".pending.jsonl"
"""Suffix of the append-only file beside the store that keeps answers while the store is held."""

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
    # version 2: unique ids, so that merging the pending file never counts an event twice
    (
        "ALTER TABLE answers ADD COLUMN uid TEXT",
        "CREATE UNIQUE INDEX answers_by_uid ON answers (uid)",
        "ALTER TABLE sessions ADD COLUMN uid TEXT",
        "CREATE UNIQUE INDEX sessions_by_uid ON sessions (uid)",
        """CREATE TABLE merged_events (
            uid TEXT PRIMARY KEY,
            merged_at TEXT NOT NULL
        )""",
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


class _OpenFailed(Exception):
    """Opening failed with `args == (error, connection or None)`."""


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


def _is_busy(exc: BaseException) -> bool:
    """True for "another connection holds the file" (SQLITE_BUSY / SQLITE_LOCKED)."""
    code = _primary_code(exc)
    if code is not None:
        return code in (_SQLITE_BUSY, _SQLITE_LOCKED)
    return isinstance(exc, sqlite3.OperationalError) and "locked" in str(exc).lower()


class _CopyGaveUp(Exception):
    """Copying a held file into memory waited past `COPY_WAIT_S`."""


def _bounded_backup(source: sqlite3.Connection, target: sqlite3.Connection) -> None:
    """`source.backup(target)` that gives up after `COPY_WAIT_S` of waiting for a lock.

    `Connection.backup` alone retries a busy or locked source for ever, which is what made
    `acttutor stats` hang on a store another program held with an exclusive lock.
    """
    deadline = time.monotonic() + COPY_WAIT_S

    def progress(status: int, remaining: int, total: int) -> None:
        if status in (_SQLITE_BUSY, _SQLITE_LOCKED) and time.monotonic() > deadline:
            raise _CopyGaveUp

    source.backup(target, progress=progress, sleep=0.05)


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


def _check_schema(
    conn: sqlite3.Connection, migrations: Sequence[Sequence[str]] = MIGRATIONS
) -> None:
    """Raise _Damaged unless every table `migrations` create has (at least) their columns."""
    for table, columns in _expected_columns(tuple(tuple(m) for m in migrations)).items():
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
        self._wait = OPEN_WAIT_S
        self._pending = False
        self._read_file = True
        self._session_uids: dict[int, str] = {}
        self.waiting_answers = 0
        """Answers kept in the pending file, not yet in the store (shown on the quiz screen)."""

    # -- opening -------------------------------------------------------------------------------

    @classmethod
    def open(
        cls,
        location: Path | str | None = None,
        *,
        connect: Connector | None = None,
        clock: Callable[[], datetime] | None = None,
        wait: float | None = None,
    ) -> ProgressStore:
        """Open (or create) the store; never raises for the learner's environment.

        `location` is a data directory (the file is `progress.sqlite3` in it), a path ending in
        `.sqlite3`, or None for the default data directory (`paths.data_dir()`). `connect` opens
        the file (tests inject read-only or size-limited connections). `clock` returns the current
        time (UTC) for every method whose `now` is not given. `wait` bounds, in seconds, how long
        opening retries while another program holds the file (default `OPEN_WAIT_S`).
        """
        store = cls(store_path(location), connect or default_connect, clock)
        if wait is not None:
            store._wait = max(0.0, wait)
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
            conn = self._connect_prepared()
        except _Damaged as exc:
            self._move_aside_and_restart(_DAMAGED_NOTICE, still_open=exc.args[-1])
            return
        except _NewerSchema as exc:
            conn = exc.args[-1]
            self._use_memory(
                f"Your progress file {self.path} was written by a newer version of acttutor;"
                f" this version leaves it untouched. {_KEPT_IN_MEMORY}",
                source=conn,
            )
            _close_quietly(conn)
            return
        except _OpenFailed as failure:
            cause, conn = failure.args
            kind = _classify(cause)
            if kind == "bug":
                _close_quietly(conn)
                raise cause from None
            if kind == "damaged":
                self._move_aside_and_restart(_DAMAGED_NOTICE, still_open=conn)
                return
            if _is_busy(cause):
                self._use_pending(source=conn)
            else:
                self._use_memory(self._unsaved_notice(cause), source=conn)
            _close_quietly(conn)
            return
        self._conn = conn
        self._on_disk = True
        self._merge_pending(conn)

    def _connect_prepared(self) -> sqlite3.Connection:
        """Connect and `_prepare`, retrying while another program holds the file.

        Four tutors creating a new store at the same instant meet SQLITE_BUSY where SQLite does not
        wait (switching to WAL, a lock upgrade that could deadlock), or wait for each other while
        each holds a shared lock: so each attempt waits at most `OPEN_ATTEMPT_MS`, lets go of
        every lock, and attempts go on, after a short random pause, until `self._wait` seconds
        have passed. Raises `_Damaged(conn)`, `_NewerSchema(conn)` or
        `_OpenFailed(error, conn)`.
        """
        deadline = time.monotonic() + self._wait
        while True:
            conn: sqlite3.Connection | None = None
            try:
                conn = self._connect(self.path)
                conn.isolation_level = None
                left_ms = int(max(0.0, deadline - time.monotonic()) * 1000)
                self._prepare(conn, busy_ms=min(OPEN_ATTEMPT_MS, max(left_ms, 10)))
                conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
                return conn
            except (_Damaged, _NewerSchema) as exc:
                raise type(exc)(*exc.args, conn) from None
            except (sqlite3.Error, OSError) as exc:
                if _is_busy(exc) and time.monotonic() < deadline:
                    _close_quietly(conn)
                    time.sleep(random.uniform(0.01, 0.08))
                    continue
                raise _OpenFailed(exc, conn) from exc

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
    def _prepare(conn: sqlite3.Connection, busy_ms: int = BUSY_TIMEOUT_MS) -> None:
        """Set the pragmas, verify the file and bring its schema up to date."""
        conn.execute(f"PRAGMA busy_timeout = {int(busy_ms)}")
        conn.execute("PRAGMA journal_mode = WAL").fetchone()
        # FULL also syncs the WAL on each commit: an answer survives a power cut, not only a kill.
        conn.execute("PRAGMA synchronous = FULL")
        # One read transaction, one snapshot: another tutor creating the file at this instant
        # must not be seen half-way (version 0 read before its migration commits, its tables
        # after), which looked like a foreign file and moved a good store aside.
        conn.execute("BEGIN")
        try:
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
            else:
                _check_schema(conn, MIGRATIONS[:version])  # before migrating builds on it
        finally:
            _rollback(conn)
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
                    functools.partial(
                        sqlite3.connect, uri + query, uri=True, isolation_level=None,
                        timeout=COPY_WAIT_S,
                    )
                )
        for make in candidates:
            src: sqlite3.Connection | None = None
            try:
                src = make()
                _rollback(src)
                _bounded_backup(src, memory)
                copied = self._memory_is_usable(memory)
            except (sqlite3.Error, OSError, _CopyGaveUp):
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
        self._read_file = copied or not os.path.lexists(self.path)
        old, self._conn = self._conn, memory
        self._on_disk = False
        _close_quietly(old)

    # -- the pending file: answers kept beside a store another program holds ---------------------

    @property
    def pending_path(self) -> Path:
        """The append-only file beside the store (`progress.sqlite3.pending.jsonl`)."""
        return self.path.with_name(self.path.name + PENDING_SUFFIX)

    def _use_pending(self, *, source: sqlite3.Connection | None) -> None:
        """The file stays held by another program: go on in memory, keep answers in the
        pending file, and show the answers earlier sessions left there too."""
        self._use_memory(
            f"Your progress file {self.path} is held by another program. Answers are kept in"
            f" {self.pending_path.name} beside it and added to your progress the next time"
            " acttutor opens it.",
            source=source,
        )
        self._pending = True
        conn = self._conn
        assert conn is not None
        for _source, events in self._pending_batches(take=False):
            self.waiting_answers += self._apply_batch(conn, events)

    def _append_pending(self, event: dict[str, Any]) -> bool:
        """Append one event to the pending file and fsync it; False if that is impossible."""
        data = (json.dumps(event, ensure_ascii=False, separators=(",", ":")) + "\n").encode()
        path = self.pending_path
        flags = os.O_WRONLY | os.O_APPEND | os.O_CREAT | getattr(os, "O_CLOEXEC", 0)
        try:
            for _ in range(5):
                created = not os.path.lexists(path)
                fd = os.open(path, flags | getattr(os, "O_NOFOLLOW", 0), 0o600)
                try:
                    _lock_file(fd, exclusive=True)
                    # A merge may have renamed the file away between our open and our lock:
                    # write only to the file that still has the pending name.
                    try:
                        if os.stat(path, follow_symlinks=False).st_ino != os.fstat(fd).st_ino:
                            continue
                    except FileNotFoundError:
                        continue
                    view = memoryview(data)
                    while view:
                        view = view[os.write(fd, view) :]
                    os.fsync(fd)
                finally:
                    os.close(fd)  # closing releases the lock
                if created:
                    _fsync_directory(path.parent)
                return True
        except OSError:
            pass
        return False

    def _pending_batches(self, *, take: bool) -> Iterable[tuple[Path, list[dict[str, Any]]]]:
        """The events of each pending file, oldest file first.

        With `take`, the pending file is first renamed to a `.merging-…` name of its own (new
        answers then start a new pending file) and each file is yielded for merging; the caller
        deletes it once merged. Files a merge left behind (a crash after the rename) come first.
        """
        folder = self.path.parent
        prefix = self.pending_path.name + ".merging-"
        try:
            leftovers = sorted(p for p in folder.iterdir() if p.name.startswith(prefix))
        except OSError:
            leftovers = []
        sources: list[Path] = list(leftovers)
        if take:
            claimed = folder / f"{prefix}{os.getpid()}-{uuid.uuid4().hex[:8]}"
            try:
                os.rename(self.pending_path, claimed)
                sources.append(claimed)
            except OSError:
                pass
        elif os.path.lexists(self.pending_path):
            sources.append(self.pending_path)
        for source in sources:
            events = _read_events(source)
            if events is not None:
                yield source, events

    def _merge_pending(self, conn: sqlite3.Connection) -> None:
        """Add the answers kept in pending files to the store, then delete those files."""
        for source, events in self._pending_batches(take=True):
            try:
                conn.execute("BEGIN IMMEDIATE")
                try:
                    self._apply_batch(conn, events)
                    conn.execute("COMMIT")
                except BaseException:
                    _rollback(conn)
                    raise
            except sqlite3.Error:
                continue  # kept for the next open (merging is idempotent)
            try:
                source.unlink()
            except OSError:
                pass

    def _apply_batch(self, conn: sqlite3.Connection, events: list[dict[str, Any]]) -> int:
        """Apply pending events inside the caller's transaction; return the answers added.

        Each event runs in a savepoint: one malformed line is skipped, not half applied.
        """
        added = 0
        for event in events:
            conn.execute("SAVEPOINT pending_event")
            try:
                added += _apply_event(conn, event)
                conn.execute("RELEASE pending_event")
            except (KeyError, TypeError, ValueError, sqlite3.IntegrityError):
                conn.execute("ROLLBACK TO pending_event")
                conn.execute("RELEASE pending_event")
        return added

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

    def _run(
        self,
        op: Callable[[sqlite3.Connection], T],
        *,
        write: bool,
        event: dict[str, Any] | None = None,
    ) -> T:
        """Run `op` in one transaction; on a disk problem, recover and run it again.

        `event` describes a write for the pending file: while the store is held by another
        program, it is appended there (fsync'ed) before `op` runs on the in-memory copy.
        """
        with self._lock:
            appended = False
            while True:
                conn = self._conn
                if conn is None:
                    raise sqlite3.ProgrammingError("the progress store is closed")
                if event is not None and self._pending and not appended:
                    appended = self._append_pending(event)
                    if not appended:
                        self._pending = False
                        self.notices.append(
                            f"Answers can't be kept in {self.pending_path} either."
                            f" {_KEPT_IN_MEMORY}"
                        )
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
                    elif _is_busy(exc):
                        self._use_pending(source=conn)
                    else:
                        self._use_memory(self._unsaved_notice(exc), source=conn)

    def _now(self, now: datetime | None) -> datetime:
        return to_utc(now if now is not None else self._clock())

    # -- public state --------------------------------------------------------------------------

    @property
    def saving(self) -> bool:
        """True while answers are written to the file; False once they are kept in memory."""
        return self._on_disk

    @property
    def pending(self) -> bool:
        """True while the file is held by another program and answers go to `pending_path`."""
        return self._pending

    @property
    def read_file(self) -> bool:
        """False when the file exists but nothing of it could be read (held with an exclusive
        lock): then what the store reports misses everything saved before."""
        return self._on_disk or self._read_file

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

        event: dict[str, Any] = {
            "kind": "answer",
            "uid": uuid.uuid4().hex,
            "question_id": question_id,
            "lesson_id": lesson_id,
            "answer_text": answer_text,
            "correct": bool(correct),
            "response_ms": response_ms,
            "rating": rating,
            "answered_at": _iso(when),
            "session": self._session_uids.get(session_id) if session_id is not None else None,
        }

        def op(conn: sqlite3.Connection) -> ReviewResult:
            from acttutor.progress.records import ReviewResult

            answer_id, update = _insert_answer(conn, event, session_id)
            return ReviewResult(
                answer_id=answer_id,
                question_id=question_id,
                lesson_id=lesson_id,
                correct=bool(correct),
                rating=rating,
                due=update.due,
                saved=self._on_disk,
                waiting=self._pending,
            )

        result = self._run(op, write=True, event=event)
        if result.waiting:
            self.waiting_answers += 1
        return result

    def mark_lesson_read(self, lesson_id: str, *, now: datetime | None = None) -> None:
        """Record that the learner opened `lesson_id` (counts the times)."""
        event = {
            "kind": "lesson_read", "uid": uuid.uuid4().hex, "lesson_id": lesson_id,
            "at": _iso(self._now(now)),
        }
        self._run(lambda conn: _mark_read(conn, event), write=True, event=event)

    def start_session(
        self, kind: str = "quiz", lessons: Iterable[str] = (), *, now: datetime | None = None
    ) -> int:
        """Start a session ("quiz", "review", "mistakes", ...) over `lessons`; return its id."""
        event: dict[str, Any] = {
            "kind": "session", "uid": uuid.uuid4().hex, "session_kind": kind,
            "lessons": [str(lesson) for lesson in lessons], "started_at": _iso(self._now(now)),
        }
        session_id = self._run(lambda conn: _insert_session(conn, event), write=True, event=event)
        self._session_uids[session_id] = event["uid"]
        return session_id

    def finish_session(
        self, session_id: int, *, now: datetime | None = None
    ) -> SessionSummary | None:
        """Mark the session finished, store its totals and return its summary (None if unknown)."""
        event: dict[str, Any] = {
            "kind": "finish", "uid": uuid.uuid4().hex,
            "session": self._session_uids.get(session_id), "finished_at": _iso(self._now(now)),
        }
        self._run(
            lambda conn: _finish_session(conn, session_id, event["finished_at"]),
            write=True,
            event=event if event["session"] else None,
        )
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
# Writes, shared by the methods and by merging the pending file


def _insert_answer(
    conn: sqlite3.Connection, event: dict[str, Any], session_id: int | None
) -> tuple[int, CardUpdate]:
    """Insert the answer `event` describes and review its question's card."""
    question_id, lesson_id = str(event["question_id"]), str(event["lesson_id"])
    when = _parse(str(event["answered_at"]))
    rating, response_ms = int(event["rating"]), max(0, int(event["response_ms"]))
    if rating not in RATING_NAMES:
        raise ValueError(f"rating {rating}")
    row = conn.execute("SELECT card FROM cards WHERE question_id = ?", (question_id,)).fetchone()
    update = review(row[0] if row else None, rating, when, response_ms=response_ms)
    cursor = conn.execute(
        "INSERT INTO answers (question_id, lesson_id, answer_text, correct, response_ms,"
        " rating, answered_at, session_id, uid) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (
            question_id, lesson_id, str(event["answer_text"]), int(bool(event["correct"])),
            response_ms, rating, _iso(when), session_id, str(event["uid"]),
        ),
    )
    conn.execute(
        "INSERT INTO cards (question_id, lesson_id, card, due, last_review, state, reviews)"
        " VALUES (?, ?, ?, ?, ?, ?, 1) ON CONFLICT (question_id) DO UPDATE SET"
        " lesson_id = excluded.lesson_id, card = excluded.card, due = excluded.due,"
        " last_review = excluded.last_review, state = excluded.state,"
        " reviews = cards.reviews + 1",
        (
            question_id, lesson_id, update.card_json, _iso(update.due),
            _iso(update.last_review), update.state,
        ),
    )
    return int(cursor.lastrowid or 0), update


def _mark_read(conn: sqlite3.Connection, event: dict[str, Any]) -> None:
    stamp = _iso(_parse(str(event["at"])))
    conn.execute(
        "INSERT INTO lessons_read (lesson_id, first_read_at, last_read_at, times)"
        " VALUES (?, ?, ?, 1) ON CONFLICT (lesson_id) DO UPDATE SET"
        " last_read_at = max(lessons_read.last_read_at, excluded.last_read_at),"
        " first_read_at = min(lessons_read.first_read_at, excluded.first_read_at),"
        " times = lessons_read.times + 1",
        (str(event["lesson_id"]), stamp, stamp),
    )


def _insert_session(conn: sqlite3.Connection, event: dict[str, Any]) -> int:
    lessons = event["lessons"]
    if not isinstance(lessons, list):
        raise TypeError("lessons")
    cursor = conn.execute(
        "INSERT INTO sessions (kind, lessons, started_at, uid) VALUES (?, ?, ?, ?)",
        (
            str(event["session_kind"]), json.dumps([str(x) for x in lessons]),
            _iso(_parse(str(event["started_at"]))), str(event["uid"]),
        ),
    )
    return int(cursor.lastrowid or 0)


def _finish_session(conn: sqlite3.Connection, session_id: int, finished_at: str) -> None:
    conn.execute(
        "UPDATE sessions SET finished_at = ?,"
        " answers = (SELECT count(*) FROM answers WHERE session_id = sessions.id),"
        " correct = (SELECT coalesce(sum(correct), 0) FROM answers"
        "            WHERE session_id = sessions.id)"
        " WHERE id = ?",
        (_iso(_parse(finished_at)), session_id),
    )


def _session_by_uid(conn: sqlite3.Connection, uid: object) -> int | None:
    if not isinstance(uid, str):
        return None
    row = conn.execute("SELECT id FROM sessions WHERE uid = ?", (uid,)).fetchone()
    return int(row[0]) if row else None


def _apply_event(conn: sqlite3.Connection, event: dict[str, Any]) -> int:
    """Apply one pending event unless it was applied before; return 1 for a new answer.

    Every event's uid goes into `merged_events` with it, so merging a file twice (a crash between
    the commit and deleting the file, two tutors merging at once) changes nothing the second time.
    """
    uid = str(event["uid"])
    kind = event["kind"]
    if kind == "answer" and conn.execute(
        "SELECT 1 FROM answers WHERE uid = ?", (uid,)
    ).fetchone():
        return 0
    claimed = conn.execute(
        "INSERT INTO merged_events (uid, merged_at) VALUES (?, ?) ON CONFLICT (uid) DO NOTHING",
        (uid, _iso(datetime.now(timezone.utc))),
    )
    if claimed.rowcount == 0:
        return 0
    if kind == "answer":
        _insert_answer(conn, event, _session_by_uid(conn, event.get("session")))
        return 1
    if kind == "lesson_read":
        _mark_read(conn, event)
    elif kind == "session":
        if _session_by_uid(conn, uid) is None:
            _insert_session(conn, event)
    elif kind == "finish":
        session_id = _session_by_uid(conn, event.get("session"))
        if session_id is not None:
            _finish_session(conn, session_id, str(event["finished_at"]))
    else:
        raise ValueError(f"unknown event kind {kind!r}")
    return 0


# ---------------------------------------------------------------------------------------------
# The pending file

_MAX_PENDING_LINE = 1 << 16
"""Longer lines of a pending file are skipped (no answer comes near it)."""


def _read_events(path: Path) -> list[dict[str, Any]] | None:
    """The events of a pending file, read under its lock (None if it can't be read).

    A line that is not a JSON object (cut short by a crash mid-write, or damaged) is skipped.
    """
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_NOFOLLOW", 0))
    except OSError:
        return None
    try:
        _lock_file(fd, exclusive=False)
        with os.fdopen(os.dup(fd), "rb") as handle:
            lines = handle.read().split(b"\n")
    except OSError:
        return None
    finally:
        os.close(fd)
    events = []
    for line in lines:
        if not line.strip() or len(line) > _MAX_PENDING_LINE:
            continue
        try:
            event = json.loads(line)
        except ValueError:
            continue
        if isinstance(event, dict) and "uid" in event and "kind" in event:
            events.append(event)
    return events


def _lock_file(fd: int, *, exclusive: bool) -> None:
    """Wait for an advisory lock on `fd` (released when it is closed); a no-op without fcntl."""
    try:
        import fcntl
    except ImportError:  # Windows: appends of one line each are not interleaved there either
        return
    fcntl.flock(fd, fcntl.LOCK_EX if exclusive else fcntl.LOCK_SH)


def _fsync_directory(folder: Path) -> None:
    """Make a newly created file's name durable too (best effort; not possible everywhere)."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


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
