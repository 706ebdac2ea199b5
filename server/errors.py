"""How the gateway answers when it cannot return a function's JSON: PostgREST-like error
bodies (`{"code", "message", "details", "hint"}`) and the HTTP status for each SQL error.

A kiosk treats every one of these as a non-answer (its row stays pending), so the statuses
only need to be honest: busy or unreachable database 503, permission 403, timeout 504,
unknown function 404, unreadable arguments 400, anything else 500.
"""

from __future__ import annotations

import psycopg
from starlette.responses import JSONResponse

BUSY_SQLSTATES = frozenset({"40001", "40P01", "55P03"})
# the arguments cannot be read as the function's parameters
ARGUMENT_SQLSTATES = frozenset({"42804", "42P18", "42725", "42601"})


def error_response(
    status: int, code: str, message: str, headers: dict[str, str] | None = None
) -> JSONResponse:
    return JSONResponse(
        {"code": code, "message": message, "details": None, "hint": None}, status_code=status, headers=headers
    )


def is_connection_failure(exc: BaseException) -> bool:
    """The connection itself failed (lost, server restarting), not one statement."""
    if not isinstance(exc, psycopg.OperationalError):
        return False
    sqlstate = exc.sqlstate
    return sqlstate is None or sqlstate.startswith(("08", "57P"))


def status_for(exc: psycopg.Error) -> tuple[int, str, str]:
    """(HTTP status, code, message) for an SQL error or a lost connection."""
    sqlstate = exc.sqlstate or ""
    diag = getattr(exc, "diag", None)
    primary = (diag.message_primary if diag is not None else None) or str(exc).strip().splitlines()[0:1]
    message = primary if isinstance(primary, str) else (primary[0] if primary else type(exc).__name__)
    if is_connection_failure(exc):
        return 503, sqlstate or "08006", f"the gateway lost its database connection: {message}"
    if sqlstate in BUSY_SQLSTATES:
        return 503, sqlstate, f"the database is busy: {message}"
    if sqlstate.startswith("53"):
        return 503, sqlstate, f"the database is out of resources: {message}"
    if sqlstate == "42501":
        return 403, sqlstate, f"permission denied: {message}"
    if sqlstate == "57014":
        return 504, sqlstate, f"the database did not answer in time: {message}"
    if sqlstate == "42883":
        return 404, sqlstate, f"no such function with these arguments: {message}"
    if sqlstate.startswith("22") or sqlstate in ARGUMENT_SQLSTATES:
        return 400, sqlstate, f"the arguments cannot be read: {message}"
    return 500, sqlstate or "XX000", f"the function failed: {message}"
