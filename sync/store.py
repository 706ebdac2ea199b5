"""The kiosk's local store: one SQLite file through SQLAlchemy 2 (Core).

WAL journal, synchronous=FULL (a committed outbox row survives a power cut), foreign keys
on, a schema version in `PRAGMA user_version` with stepwise migrations, and an integrity check
at start-up that stops with a clear message instead of working on a damaged file.

A store that existed never silently starts afresh (see sync.store_marks): next to the file
live a marker (the store's id, written once at creation) and a high-water mark (the last
outbox sequence committed, fsynced after every commit that adds a request). At start-up a
missing, empty, foreign or shortened file, or one whose write-ahead log lost commits, raises
StoreDamaged naming the file and what was found, before anything is written to it.

Writers in this process are serialised by a lock and use BEGIN IMMEDIATE, so a write never
waits on SQLite's busy handler; readers use WAL snapshots and never block writers.
"""

from __future__ import annotations

import contextlib
import logging
import os
import sqlite3
import threading
from collections.abc import Iterator
from pathlib import Path

import platformdirs
from sqlalchemy import Connection, Engine, create_engine, event, text
from sqlalchemy.exc import DBAPIError

from sync.errors import StoreDamaged, StoreError
from sync.store_marks import StoreMarks

try:
    import fcntl
except ImportError:  # pragma: no cover - not on POSIX: no cross-process guard
    fcntl = None  # type: ignore[assignment]

log = logging.getLogger(__name__)

APP_NAME = "festival-kiosk"
STORE_FILE_NAME = "kiosk-store.sqlite3"
APPLICATION_ID = 0x46455354  # "FEST" in PRAGMA application_id: this is a kiosk store

# Each entry migrates the schema from version i to i+1. Never edit an entry once released:
# append a new one.
MIGRATIONS: tuple[tuple[str, ...], ...] = (
    (
        """
        CREATE TABLE outbox (
            seq               INTEGER PRIMARY KEY AUTOINCREMENT,
            request_id        TEXT    NOT NULL UNIQUE,
            kind              TEXT    NOT NULL CHECK (kind IN ('bar_order', 'recharge', 'void')),
            function          TEXT    NOT NULL,
            payload           TEXT    NOT NULL CHECK (json_valid(payload)),
            card_uid          TEXT,
            amount_cents      INTEGER NOT NULL DEFAULT 0,
            lane              INTEGER NOT NULL DEFAULT 0,
            target_request_id TEXT,
            staff_id          TEXT,
            state             TEXT    NOT NULL DEFAULT 'pending'
                CHECK (state IN ('pending', 'in_flight', 'done', 'rejected', 'voided')),
            offline           INTEGER NOT NULL DEFAULT 0 CHECK (offline IN (0, 1)),
            maybe_sent        INTEGER NOT NULL DEFAULT 0 CHECK (maybe_sent IN (0, 1)),
            attempts          INTEGER NOT NULL DEFAULT 0,
            answered_live     INTEGER NOT NULL DEFAULT 0 CHECK (answered_live IN (0, 1)),
            captured_at       TEXT    NOT NULL,
            created_at        REAL    NOT NULL,
            updated_at        REAL    NOT NULL,
            response          TEXT    CHECK (response IS NULL OR json_valid(response)),
            error_code        TEXT,
            last_error        TEXT
        )
        """,
        "CREATE INDEX outbox_by_state ON outbox (state, seq)",
        "CREATE INDEX outbox_by_card ON outbox (card_uid, state)",
        "CREATE INDEX outbox_by_target ON outbox (target_request_id)",
        """
        CREATE TABLE cards (
            card_uid          TEXT    PRIMARY KEY,
            status            TEXT    NOT NULL,
            balance_cents     INTEGER NOT NULL,
            server_updated_at TEXT,
            cached_at         REAL    NOT NULL
        )
        """,
        """
        CREATE TABLE settings (
            key   TEXT PRIMARY KEY,
            value TEXT NOT NULL
        )
        """,
        """
        CREATE TABLE scans (
            seq         INTEGER PRIMARY KEY AUTOINCREMENT,
            scan_id     TEXT    NOT NULL UNIQUE,
            card_uid    TEXT,
            status      TEXT    NOT NULL,
            scanned_at  TEXT    NOT NULL,
            screen      TEXT    NOT NULL,
            request_id  TEXT,
            context     TEXT    NOT NULL DEFAULT '{}' CHECK (json_valid(context)),
            created_at  REAL    NOT NULL,
            uploaded_at REAL
        )
        """,
        "CREATE INDEX scans_not_uploaded ON scans (uploaded_at, seq)",
    ),
    # 2: the `conflict` and `settled` states (a refusal nobody saw live is kept for a
    # supervisor instead of closing the row as rejected), who settled it and why, and an audit
    # trail per row. SQLite cannot change a CHECK constraint, so the table is rebuilt; the
    # AUTOINCREMENT counter is carried over so sequence numbers are never reused.
    (
        """
        CREATE TABLE outbox_v2 (
            seq               INTEGER PRIMARY KEY AUTOINCREMENT,
            request_id        TEXT    NOT NULL UNIQUE,
            kind              TEXT    NOT NULL CHECK (kind IN ('bar_order', 'recharge', 'void')),
            function          TEXT    NOT NULL,
            payload           TEXT    NOT NULL CHECK (json_valid(payload)),
            card_uid          TEXT,
            amount_cents      INTEGER NOT NULL DEFAULT 0,
            lane              INTEGER NOT NULL DEFAULT 0,
            target_request_id TEXT,
            staff_id          TEXT,
            state             TEXT    NOT NULL DEFAULT 'pending'
                CHECK (state IN ('pending', 'in_flight', 'done', 'rejected', 'voided',
                                 'conflict', 'settled')),
            offline           INTEGER NOT NULL DEFAULT 0 CHECK (offline IN (0, 1)),
            maybe_sent        INTEGER NOT NULL DEFAULT 0 CHECK (maybe_sent IN (0, 1)),
            attempts          INTEGER NOT NULL DEFAULT 0,
            answered_live     INTEGER NOT NULL DEFAULT 0 CHECK (answered_live IN (0, 1)),
            captured_at       TEXT    NOT NULL,
            created_at        REAL    NOT NULL,
            updated_at        REAL    NOT NULL,
            response          TEXT    CHECK (response IS NULL OR json_valid(response)),
            error_code        TEXT,
            last_error        TEXT,
            settled_by        TEXT,
            settled_reason    TEXT,
            settled_at        REAL,
            audit             TEXT    NOT NULL DEFAULT '[]' CHECK (json_valid(audit))
        )
        """,
        """
        INSERT INTO outbox_v2 (seq, request_id, kind, function, payload, card_uid, amount_cents,
            lane, target_request_id, staff_id, state, offline, maybe_sent, attempts,
            answered_live, captured_at, created_at, updated_at, response, error_code, last_error)
        SELECT seq, request_id, kind, function, payload, card_uid, amount_cents, lane,
            target_request_id, staff_id,
            CASE WHEN state = 'rejected' AND answered_live = 0 THEN 'conflict' ELSE state END,
            offline, maybe_sent, attempts, answered_live, captured_at, created_at, updated_at,
            response, error_code, last_error
        FROM outbox ORDER BY seq
        """,
        # sqlite_sequence has no key on name: update the row the copy made, or add one
        """
        UPDATE sqlite_sequence
        SET seq = max(seq, coalesce((SELECT seq FROM sqlite_sequence WHERE name = 'outbox'), 0))
        WHERE name = 'outbox_v2'
        """,
        """
        INSERT INTO sqlite_sequence (name, seq)
        SELECT 'outbox_v2', seq FROM sqlite_sequence WHERE name = 'outbox'
        AND NOT EXISTS (SELECT 1 FROM sqlite_sequence WHERE name = 'outbox_v2')
        """,
        "DROP TABLE outbox",
        "ALTER TABLE outbox_v2 RENAME TO outbox",
        "CREATE INDEX outbox_by_state ON outbox (state, seq)",
        "CREATE INDEX outbox_by_card ON outbox (card_uid, state)",
        "CREATE INDEX outbox_by_target ON outbox (target_request_id)",
    ),
    # 3: the cash-shift kinds (open_cash_shift, close_cash_shift, move_cash) go through the
    # outbox too. The same rebuild as in 2 (a CHECK constraint cannot be altered).
    (
        """
        CREATE TABLE outbox_v3 (
            seq               INTEGER PRIMARY KEY AUTOINCREMENT,
            request_id        TEXT    NOT NULL UNIQUE,
            kind              TEXT    NOT NULL CHECK (kind IN ('bar_order', 'recharge', 'void',
                                 'open_cash_shift', 'close_cash_shift', 'move_cash')),
            function          TEXT    NOT NULL,
            payload           TEXT    NOT NULL CHECK (json_valid(payload)),
            card_uid          TEXT,
            amount_cents      INTEGER NOT NULL DEFAULT 0,
            lane              INTEGER NOT NULL DEFAULT 0,
            target_request_id TEXT,
            staff_id          TEXT,
            state             TEXT    NOT NULL DEFAULT 'pending'
                CHECK (state IN ('pending', 'in_flight', 'done', 'rejected', 'voided',
                                 'conflict', 'settled')),
            offline           INTEGER NOT NULL DEFAULT 0 CHECK (offline IN (0, 1)),
            maybe_sent        INTEGER NOT NULL DEFAULT 0 CHECK (maybe_sent IN (0, 1)),
            attempts          INTEGER NOT NULL DEFAULT 0,
            answered_live     INTEGER NOT NULL DEFAULT 0 CHECK (answered_live IN (0, 1)),
            captured_at       TEXT    NOT NULL,
            created_at        REAL    NOT NULL,
            updated_at        REAL    NOT NULL,
            response          TEXT    CHECK (response IS NULL OR json_valid(response)),
            error_code        TEXT,
            last_error        TEXT,
            settled_by        TEXT,
            settled_reason    TEXT,
            settled_at        REAL,
            audit             TEXT    NOT NULL DEFAULT '[]' CHECK (json_valid(audit))
        )
        """,
        """
        INSERT INTO outbox_v3 (seq, request_id, kind, function, payload, card_uid, amount_cents,
            lane, target_request_id, staff_id, state, offline, maybe_sent, attempts,
            answered_live, captured_at, created_at, updated_at, response, error_code, last_error,
            settled_by, settled_reason, settled_at, audit)
        SELECT seq, request_id, kind, function, payload, card_uid, amount_cents, lane,
            target_request_id, staff_id, state, offline, maybe_sent, attempts, answered_live,
            captured_at, created_at, updated_at, response, error_code, last_error,
            settled_by, settled_reason, settled_at, audit
        FROM outbox ORDER BY seq
        """,
        """
        UPDATE sqlite_sequence
        SET seq = max(seq, coalesce((SELECT seq FROM sqlite_sequence WHERE name = 'outbox'), 0))
        WHERE name = 'outbox_v3'
        """,
        """
        INSERT INTO sqlite_sequence (name, seq)
        SELECT 'outbox_v3', seq FROM sqlite_sequence WHERE name = 'outbox'
        AND NOT EXISTS (SELECT 1 FROM sqlite_sequence WHERE name = 'outbox_v3')
        """,
        "DROP TABLE outbox",
        "ALTER TABLE outbox_v3 RENAME TO outbox",
        "CREATE INDEX outbox_by_state ON outbox (state, seq)",
        "CREATE INDEX outbox_by_card ON outbox (card_uid, state)",
        "CREATE INDEX outbox_by_target ON outbox (target_request_id)",
        # the cash-shift barrier's look-ups (unanswered shift rows) must not scan the queue
        "CREATE INDEX outbox_by_kind ON outbox (kind, state, seq)",
    ),
)
SCHEMA_VERSION = len(MIGRATIONS)


def default_store_path() -> Path:
    """Where the store lives unless configured: the user data directory of the kiosk."""
    return platformdirs.user_data_path(APP_NAME, appauthor=False) / STORE_FILE_NAME


def _damaged(path: Path, detail: str) -> StoreDamaged:
    return StoreDamaged(path, detail)


class LocalStore:
    """Opens, checks and migrates the SQLite file; hands out read and write transactions.
    Thread-safe: any thread may call read() and write()."""

    def __init__(
        self,
        path: Path | str | None = None,
        *,
        busy_timeout_s: float = 10.0,
        migrations: tuple[tuple[str, ...], ...] = MIGRATIONS,
    ) -> None:
        self.path = Path(path) if path is not None else default_store_path()
        self.busy_timeout_s = busy_timeout_s
        self.migrations = migrations
        self._engine: Engine | None = None
        self._write_lock = threading.Lock()
        self._lock_fd: int | None = None
        self._marks = StoreMarks(self.path)

    # -- opening ---------------------------------------------------------------------------

    def open(self) -> LocalStore:
        """Create or open the file, check its integrity, migrate it; StoreError if unusable."""
        if self._engine is not None:
            return self
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise StoreError(f"cannot create the directory for the local store {self.path}: {exc}") from exc
        self._take_file_lock()
        try:
            self._marks.check_before_open()
        except StoreError:
            self._release_file_lock()
            raise
        engine = create_engine(
            f"sqlite+pysqlite:///{self.path}",
            connect_args={"check_same_thread": False, "timeout": self.busy_timeout_s},
            pool_size=4,
            max_overflow=8,
        )
        event.listen(engine, "connect", self._on_connect)
        event.listen(engine, "begin", self._on_begin)
        self._engine = engine
        try:
            self._check_integrity()
            self._marks.check_opened(self._read_identity())
            self._migrate()
            self._marks.establish(self._ensure_identity)
        except (DBAPIError, sqlite3.DatabaseError) as exc:
            self.close()
            cause = exc.orig if isinstance(exc, DBAPIError) else exc
            if isinstance(cause, sqlite3.OperationalError) and "unable to open" in str(cause):
                raise StoreError(f"cannot open the local store {self.path}: {cause}") from exc
            raise _damaged(self.path, str(cause)) from exc
        except StoreError:
            self.close()
            raise
        return self

    def _take_file_lock(self) -> None:
        """One kiosk per store: a second opener would reset the first one's in-flight rows."""
        if fcntl is None:
            return
        lock_path = self.path.with_name(self.path.name + ".lock")
        try:
            fd = os.open(lock_path, os.O_RDWR | os.O_CREAT, 0o600)
        except OSError as exc:
            raise StoreError(f"cannot open the local store's lock file {lock_path}: {exc}") from exc
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            os.close(fd)
            raise StoreError(
                f"the local store {self.path} is in use by another kiosk process (or another "
                "KioskSync in this one): one store per kiosk"
            ) from None
        self._lock_fd = fd

    def _release_file_lock(self) -> None:
        if self._lock_fd is not None:
            os.close(self._lock_fd)  # releases the flock
            self._lock_fd = None

    def _read_identity(self) -> tuple[str | None, int]:
        """(the store id recorded in the file, the last outbox sequence ever assigned), read
        without writing anything."""
        with self.read() as conn:
            tables = {
                row[0]
                for row in conn.exec_driver_sql(
                    "SELECT name FROM sqlite_master WHERE type = 'table'"
                ).fetchall()
            }
            store_id = None
            if "store_meta" in tables:
                store_id = conn.exec_driver_sql(
                    "SELECT value FROM store_meta WHERE key = 'store_id'"
                ).scalar_one_or_none()
            last_seq = 0
            if "sqlite_sequence" in tables:
                last_seq = conn.exec_driver_sql(
                    "SELECT coalesce(max(seq), 0) FROM sqlite_sequence WHERE name = 'outbox'"
                ).scalar_one()
        return store_id, int(last_seq)

    def _ensure_identity(self, new_id: str) -> tuple[str, int]:
        """The store id inside the file (recording `new_id` if it has none yet) and its last
        outbox sequence."""
        with self.write() as conn:
            conn.exec_driver_sql(
                "CREATE TABLE IF NOT EXISTS store_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)"
            )
            conn.exec_driver_sql(f"PRAGMA application_id = {APPLICATION_ID}")
            conn.exec_driver_sql(
                "INSERT INTO store_meta (key, value) VALUES ('store_id', ?) ON CONFLICT DO NOTHING",
                (new_id,),
            )
        store_id, last_seq = self._read_identity()
        assert store_id is not None
        return store_id, last_seq

    def note_sequence(self, conn: Connection, seq: int) -> None:
        """Inside a write(): after it commits, the high-water mark moves to `seq` (fsynced),
        so a later start-up can tell if the file lost this commit."""
        conn.info["store_high_water"] = max(int(seq), conn.info.get("store_high_water") or 0)

    @property
    def high_water(self) -> int:
        """The last outbox sequence known to have been committed (from the mark file)."""
        return self._marks.high_water

    @staticmethod
    def _on_connect(dbapi_conn: sqlite3.Connection, _record: object) -> None:
        dbapi_conn.isolation_level = None  # we issue BEGIN ourselves (see _on_begin)
        cursor = dbapi_conn.cursor()
        mode = cursor.execute("PRAGMA journal_mode=WAL").fetchone()[0]
        if str(mode).lower() != "wal":
            log.warning("SQLite refused WAL mode (journal_mode=%s)", mode)
        cursor.execute("PRAGMA synchronous=FULL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.close()

    @staticmethod
    def _on_begin(conn: Connection) -> None:
        mode = conn.get_execution_options().get("sqlite_begin", "DEFERRED")
        conn.exec_driver_sql(f"BEGIN {mode}")

    def _check_integrity(self) -> None:
        with self.read() as conn:
            problems = [row[0] for row in conn.exec_driver_sql("PRAGMA quick_check").fetchall()]
        if problems != ["ok"]:
            raise _damaged(self.path, "; ".join(problems[:5]))

    def _migrate(self) -> None:
        with self.write() as conn:
            version = conn.exec_driver_sql("PRAGMA user_version").scalar_one()
            latest = len(self.migrations)
            if version > latest:
                raise StoreError(
                    f"the local store {self.path} has schema version {version}, newer than this "
                    f"kiosk software understands ({latest}): update the kiosk software"
                )
            for target in range(version + 1, latest + 1):
                for statement in self.migrations[target - 1]:
                    conn.exec_driver_sql(statement)
                conn.exec_driver_sql(f"PRAGMA user_version = {target}")
                log.info("local store %s migrated to schema version %d", self.path, target)

    @property
    def schema_version(self) -> int:
        with self.read() as conn:
            return int(conn.exec_driver_sql("PRAGMA user_version").scalar_one())

    def close(self) -> None:
        if self._engine is not None:
            self._engine.dispose()
            self._engine = None
        self._marks.close()
        self._release_file_lock()

    # -- transactions ------------------------------------------------------------------------

    @property
    def is_open(self) -> bool:
        return self._engine is not None

    @property
    def engine(self) -> Engine:
        if self._engine is None:
            raise StoreError("the local store is not open")
        return self._engine

    @contextlib.contextmanager
    def read(self) -> Iterator[Connection]:
        """A read transaction (a consistent WAL snapshot)."""
        with self.engine.connect() as conn, conn.begin():
            yield conn

    @contextlib.contextmanager
    def write(self) -> Iterator[Connection]:
        """A write transaction, committed (and fsynced) when the block ends without error."""
        with (
            self._write_lock,
            self.engine.connect().execution_options(sqlite_begin="IMMEDIATE") as conn,
        ):
            conn.info["store_high_water"] = None
            with conn.begin():
                yield conn
            mark = conn.info.pop("store_high_water", None)
            if mark is not None:
                self._marks.advance(mark)  # after the commit, still under the write lock

    def execute_read(self, sql: str, params: dict | None = None) -> list:
        """Convenience: rows of one read query."""
        with self.read() as conn:
            return list(conn.execute(text(sql), params or {}).mappings())
