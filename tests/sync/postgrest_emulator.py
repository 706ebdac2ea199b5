"""A PostgREST stand-in for tests: an httpx transport handler that executes each
`POST /rest/v1/rpc/{function}` as `SELECT function(name => value, ...)` on the real test
database, and answers as PostgREST does (the function's JSON, or PostgREST's error body with
its HTTP status for the SQLSTATE)."""

from __future__ import annotations

import json
import threading

import httpx
import psycopg
from psycopg import sql
from psycopg.types.json import Jsonb

RPC_PREFIX = "/rest/v1/rpc/"


def postgrest_status(sqlstate: str) -> int:
    """PostgREST's HTTP status for an SQLSTATE (docs.postgrest.org, "Errors")."""
    if sqlstate.startswith("08"):
        return 503
    if sqlstate == "42501":
        return 403
    if sqlstate == "42883":
        return 404
    if sqlstate in ("23503", "23505"):
        return 409
    if sqlstate.startswith(("22", "23", "42")) or sqlstate == "P0001":
        return 400
    return 500


class PostgrestEmulator:
    """Call the instance with an httpx.Request; thread-safe (one connection, a lock)."""

    def __init__(self, database_url: str, api_key: str) -> None:
        self.database_url = database_url
        self.api_key = api_key
        self.calls: list[str] = []
        self._conn: psycopg.Connection | None = None
        self._lock = threading.Lock()

    def close(self) -> None:
        if self._conn is not None:
            self._conn.close()

    def __call__(self, request: httpx.Request) -> httpx.Response:
        if request.method != "POST" or not request.url.path.startswith(RPC_PREFIX):
            return httpx.Response(404, json={"code": "PGRST125", "message": "Invalid path"})
        if request.headers.get("apikey") != self.api_key or request.headers.get(
            "authorization"
        ) != f"Bearer {self.api_key}":
            return httpx.Response(401, json={"code": "PGRST301", "message": "JWT invalid"})
        function = request.url.path[len(RPC_PREFIX) :]
        try:
            args = json.loads(request.content or b"{}")
        except json.JSONDecodeError as exc:
            return httpx.Response(400, json={"code": "PGRST102", "message": f"Invalid body: {exc}"})
        if not isinstance(args, dict):
            return httpx.Response(400, json={"code": "PGRST102", "message": "body must be an object"})
        query = sql.SQL("SELECT {}({})").format(
            sql.Identifier(function),
            sql.SQL(", ").join(
                sql.SQL("{} => {}").format(sql.Identifier(k), sql.Placeholder(k)) for k in args
            ),
        )
        params = {k: Jsonb(v) if isinstance(v, dict | list) else v for k, v in args.items()}
        self.calls.append(function)
        with self._lock:
            try:
                if self._conn is None or self._conn.closed:
                    self._conn = psycopg.connect(self.database_url, autocommit=True)
                row = self._conn.execute(query, params).fetchone()
            except psycopg.OperationalError as exc:
                if exc.sqlstate is None:
                    return httpx.Response(503, json={"code": "PGRST001", "message": str(exc)})
                return self._error(exc)
            except psycopg.Error as exc:
                return self._error(exc)
        return httpx.Response(200, json=row[0] if row else None)

    @staticmethod
    def _error(exc: psycopg.Error) -> httpx.Response:
        sqlstate = exc.sqlstate or "XX000"
        return httpx.Response(
            postgrest_status(sqlstate),
            json={"code": sqlstate, "message": str(exc).splitlines()[0], "details": None, "hint": None},
        )
