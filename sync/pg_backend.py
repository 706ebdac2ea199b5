"""Backend transport 1: the contract functions called directly with psycopg 3.

Each call runs `SELECT fn(p_name => %(p_name)s, ...)` in autocommit mode on a reused
connection. Timeouts make a dead network visible in seconds: a connect timeout, a
server-side statement timeout, TCP keepalives and TCP_USER_TIMEOUT, and a client-side
deadline on every wait for the server (a blackholed connection never answers, and TCP cannot
tell). Broken connections are dropped and the next call reconnects. `call_many` sends a
batch in pipeline mode: one round trip for the whole batch.
"""

from __future__ import annotations

import functools
import logging
import math
import threading
import time
from collections.abc import Sequence
from typing import Any

import psycopg
from psycopg.pq import TransactionStatus
from psycopg.types.json import Jsonb

from sync.errors import BUSY_SQLSTATES, DATABASE_BUSY, NETWORK_ERROR, SERVER_ERROR
from sync.result import BackendResult, check_call_names, result_from_json

log = logging.getLogger(__name__)


class DeadlineConnection(psycopg.Connection):
    """A psycopg connection whose every wait for the server ends at `deadline`
    (a `time.monotonic()` value), raising an OperationalError when it passes."""

    deadline: float | None = None

    def wait(self, gen: Any, interval: float = 0.1, timeout: float | None = None) -> Any:
        if self.deadline is not None:
            remaining = max(self.deadline - time.monotonic(), 0.0)
            timeout = remaining if timeout is None else min(timeout, remaining)
        return super().wait(gen, interval=interval, timeout=timeout)


@functools.lru_cache(maxsize=256)
def call_statement(function: str, names: tuple[str, ...]) -> str:
    """`SELECT function(name => %(name)s, ...)`; the names are checked against the contract's
    patterns (sp_... and p_...), so they need no quoting."""
    check_call_names(function, names)
    return f"SELECT {function}({', '.join(f'{name} => %({name})s' for name in names)})"


def build_call(function: str, args: dict) -> tuple[str, dict[str, Any]]:
    """The statement and its parameters (dicts and lists go as jsonb)."""
    params = {name: Jsonb(value) if isinstance(value, dict | list) else value for name, value in args.items()}
    return call_statement(function, tuple(args)), params


def result_from_exception(exc: BaseException, *, request_sent: bool) -> BackendResult:
    """Map a psycopg exception to a contract error code."""
    sqlstate = getattr(exc, "sqlstate", None)
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    if sqlstate in BUSY_SQLSTATES:
        return BackendResult.failure(DATABASE_BUSY, f"the database is busy: {text}")
    if sqlstate == "57014":
        return BackendResult.failure(NETWORK_ERROR, f"the backend did not answer in time: {text}")
    if sqlstate == "42501":
        # a grant gap (a migration in progress, a role being re-enrolled) is not a refusal of
        # the request: it stays pending and is sent again
        return BackendResult.failure(SERVER_ERROR, f"permission denied by the database (42501): {text}")
    if sqlstate is not None and sqlstate.startswith("22"):
        # PostgreSQL could not cast an argument before the function ran: an SQL error, not
        # the contract's INVALID_REQUEST answer, so the row is kept (and shown), never closed
        return BackendResult.failure(
            SERVER_ERROR, f"the database could not read the arguments ({sqlstate}): {text}"
        )
    if isinstance(exc, psycopg.OperationalError) and (sqlstate is None or sqlstate.startswith("08")):
        return BackendResult.failure(
            NETWORK_ERROR, f"the backend cannot be reached: {text}", request_sent=request_sent
        )
    return BackendResult.failure(SERVER_ERROR, f"the backend failed: {text}")


def is_connection_failure(exc: BaseException) -> bool:
    """True when the connection itself failed (lost, timed out), not one SQL statement."""
    if not isinstance(exc, psycopg.OperationalError):
        return False
    sqlstate = getattr(exc, "sqlstate", None)
    return sqlstate is None or sqlstate.startswith("08")


class PostgresBackend:
    """Calls the contract functions over psycopg; thread-safe (each caller takes its own
    connection from a small stack of idle ones)."""

    def __init__(
        self,
        url: str,
        *,
        timeout_s: float = 5.0,
        connect_timeout_s: float = 3.0,
        statement_timeout_s: float | None = 10.0,
        keepalive_idle_s: int = 5,
        keepalive_interval_s: int = 2,
        keepalive_count: int = 3,
        prepare_threshold: int | None = 5,
        max_idle_connections: int = 4,
        application_name: str = "festival-kiosk",
    ) -> None:
        self.url = url
        self.timeout_s = timeout_s
        self.connect_timeout_s = connect_timeout_s
        self.prepare_threshold = prepare_threshold
        self.max_idle_connections = max_idle_connections
        self._connect_kwargs: dict[str, Any] = {
            "keepalives": 1,
            "keepalives_idle": keepalive_idle_s,
            "keepalives_interval": keepalive_interval_s,
            "keepalives_count": keepalive_count,
            "tcp_user_timeout": int(1000 * keepalive_interval_s * keepalive_count + 1000 * keepalive_idle_s),
            "application_name": application_name,
        }
        if statement_timeout_s is not None:
            # Not through PgBouncer (it rejects `options`): set it on the role there instead.
            # The server's own keepalives too: a batch cut off before its final Sync leaves
            # its implicit transaction (and the card rows it locked) open until the server
            # notices the dead client, which by default takes about two hours. Behind
            # PgBouncer a dead client makes PgBouncer close the server connection instead.
            self._connect_kwargs["options"] = (
                f"-c statement_timeout={int(statement_timeout_s * 1000)}"
                f" -c tcp_keepalives_idle={keepalive_idle_s}"
                f" -c tcp_keepalives_interval={keepalive_interval_s}"
                f" -c tcp_keepalives_count={keepalive_count}"
            )
        self._idle: list[DeadlineConnection] = []
        self._lock = threading.Lock()
        self._closed = False

    def __repr__(self) -> str:
        return f"PostgresBackend({psycopg.conninfo.make_conninfo(self.url, password=None)!r})"

    # -- connections ---------------------------------------------------------------------

    def _connect(self, deadline: float) -> DeadlineConnection:
        # libpq counts whole seconds, at least 2: a cold connection to a blackholed server may
        # take up to 2 s even when less time remains before the deadline.
        remaining = deadline - time.monotonic()
        connect_timeout = max(2, math.ceil(min(self.connect_timeout_s, max(remaining, 0.0))))
        conn = DeadlineConnection.connect(
            self.url,
            autocommit=True,
            prepare_threshold=self.prepare_threshold,
            connect_timeout=connect_timeout,
            **self._connect_kwargs,
        )
        return conn

    def _take_idle(self) -> DeadlineConnection | None:
        with self._lock:
            if self._closed:
                raise RuntimeError("this backend is closed")
            while self._idle:
                conn = self._idle.pop()
                if not conn.closed and not conn.broken:
                    return conn
                conn.close()
        return None

    def _give_back(self, conn: DeadlineConnection) -> None:
        conn.deadline = None
        healthy = (
            not conn.closed
            and not conn.broken
            and conn.info.transaction_status == TransactionStatus.IDLE
        )
        with self._lock:
            if healthy and not self._closed and len(self._idle) < self.max_idle_connections:
                self._idle.append(conn)
                return
        conn.close()

    def close(self) -> None:
        """Close the idle connections; calls after this raise RuntimeError."""
        with self._lock:
            self._closed = True
            idle, self._idle = self._idle, []
        for conn in idle:
            conn.close()

    # -- calls ----------------------------------------------------------------------------

    def call(self, function: str, args: dict, *, timeout_s: float | None = None) -> BackendResult:
        return self.call_many([(function, args)], timeout_s=timeout_s)[0]

    def call_many(
        self, calls: Sequence[tuple[str, dict]], *, timeout_s: float | None = None
    ) -> list[BackendResult]:
        """Run the calls in order in one pipeline (one round trip, one implicit transaction).

        If any statement fails with an SQL error the whole batch is rolled back by the server,
        and the calls are repeated one by one so each gets its own answer."""
        if not calls:
            return []
        prepared = [build_call(function, args) for function, args in calls]
        budget = self.timeout_s if timeout_s is None else timeout_s
        deadline = time.monotonic() + budget
        maybe_sent = False  # whether an earlier attempt may have reached the server
        for attempt in range(2):
            conn = self._take_idle()
            reused = conn is not None
            try:
                if conn is None:
                    conn = self._connect(deadline)
            except psycopg.Error as exc:
                failure = result_from_exception(exc, request_sent=maybe_sent)
                return [failure] * len(calls)
            conn.deadline = deadline
            try:
                rows = self._execute(conn, prepared)
            except psycopg.Error as exc:
                if not is_connection_failure(exc):
                    return self._after_sql_error(conn, exc, calls, deadline)
                conn.close()
                maybe_sent = True
                if time.monotonic() >= deadline:
                    failure = BackendResult.failure(
                        NETWORK_ERROR, f"no answer from the backend within {budget:.1f} s"
                    )
                    return [failure] * len(calls)
                if reused and attempt == 0:
                    # The idle connection had died (server restart, network change).
                    # Resending is safe: the request ids make every call idempotent.
                    log.info("connection lost (%s), reconnecting", exc)
                    continue
                return [result_from_exception(exc, request_sent=True)] * len(calls)
            self._give_back(conn)
            return [
                result_from_json(row[0] if row else None, function, args)
                for row, (function, args) in zip(rows, calls, strict=True)
            ]
        raise AssertionError("unreachable")

    def _after_sql_error(
        self,
        conn: DeadlineConnection,
        exc: psycopg.Error,
        calls: Sequence[tuple[str, dict]],
        deadline: float,
    ) -> list[BackendResult]:
        """One statement failed with an SQL error: for a single call that is its answer; a
        batch (rolled back as a whole) is sent again one call at a time."""
        self._give_back(conn)
        if len(calls) == 1:
            return [result_from_exception(exc, request_sent=True)]
        log.warning("batch of %d failed (%s); sending one by one", len(calls), exc)
        return [
            self.call(f, a, timeout_s=max(deadline - time.monotonic(), 0.001)) for f, a in calls
        ]

    @staticmethod
    def _execute(conn: DeadlineConnection, prepared: list[tuple[str, dict]]) -> list[Any]:
        if len(prepared) == 1:
            query, params = prepared[0]
            return [conn.execute(query, params).fetchone()]
        cursors = []
        with conn.pipeline():
            for query, params in prepared:
                cursors.append(conn.execute(query, params))
        return [cur.fetchone() for cur in cursors]
