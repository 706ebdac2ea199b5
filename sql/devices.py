"""Device credentials: enrol (create or rotate), revoke, list, and the idle-transaction
watchdog. Used by `festival-admin devices …`, `festival-admin watchdog`, the demo and the
tests, always through the database owner's connection.

A device connecting directly has its own PostgreSQL login role, a member of `kiosk` only,
named on its `devices` row; a device behind the gateway has a bearer token whose SHA-256
is on its row. Enrolling again replaces the credential: the old password or token stops
working and the device's open connections are ended. The login's password is sent to the
server as a SCRAM verifier, so it never appears in the server's statement log.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import re
import secrets
from dataclasses import dataclass
from datetime import datetime

import psycopg
from psycopg import sql

# Limits every device login gets, so that one login cannot starve the others (DESIGN, trust).
CONNECTION_LIMIT = 8
STATEMENT_TIMEOUT = "15s"
IDLE_IN_TRANSACTION_TIMEOUT = "10s"
TEMP_FILE_LIMIT = "16MB"
SCRAM_ITERATIONS = 4096


class DeviceAdminError(Exception):
    """A device command cannot be carried out; the message says why."""


@dataclass(frozen=True)
class Credential:
    device_id: str
    kind: str  # "postgres" | "gateway"
    secret: str  # the login's password or the bearer token: shown once, never stored
    login_role: str | None = None
    warnings: tuple[str, ...] = ()


def login_role_for(device_id: str) -> str:
    """A PostgreSQL role name for a device id: readable, unique (a digest of the exact id),
    within the 63-byte limit."""
    readable = re.sub(r"[^a-z0-9_]", "_", device_id.lower())[:40]
    digest = hashlib.sha256(device_id.encode()).hexdigest()[:8]
    return f"dev_{readable}_{digest}"


def scram_verifier(password: str, iterations: int = SCRAM_ITERATIONS) -> str:
    """The SCRAM-SHA-256 verifier PostgreSQL stores for a password (RFC 5802/7677)."""
    salt = secrets.token_bytes(16)
    salted = hashlib.pbkdf2_hmac("sha256", password.encode(), salt, iterations)
    client_key = hmac.new(salted, b"Client Key", "sha256").digest()
    stored_key = hashlib.sha256(client_key).digest()
    server_key = hmac.new(salted, b"Server Key", "sha256").digest()
    b64 = base64.b64encode
    return (
        f"SCRAM-SHA-256${iterations}:{b64(salt).decode()}$"
        f"{b64(stored_key).decode()}:{b64(server_key).decode()}"
    )


def token_digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _device_row(conn: psycopg.Connection, device_id: str) -> tuple:
    row = conn.execute(
        "SELECT device_id, login_role, enabled FROM devices WHERE device_id = %s FOR UPDATE",
        (device_id,),
    ).fetchone()
    if row is None:
        known = [r[0] for r in conn.execute("SELECT device_id FROM devices ORDER BY 1")]
        raise DeviceAdminError(
            f"no device {device_id!r}; known devices: {', '.join(known) or 'none'} "
            "(add it to the event file and run `festival-admin event apply`)"
        )
    return row


def terminate_sessions(conn: psycopg.Connection, login_role: str) -> int:
    """End every open connection of a login; returns how many were ended."""
    rows = conn.execute(
        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
        " WHERE usename = %s AND pid <> pg_backend_pid()",
        (login_role,),
    ).fetchall()
    return sum(1 for (ended,) in rows if ended)


def _role_exists(conn: psycopg.Connection, role: str) -> bool:
    return conn.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", (role,)).fetchone() is not None


def _apply_limits(conn: psycopg.Connection, role: str) -> list[str]:
    """Per-login limits; temp_file_limit needs a superuser (or GRANT SET ON PARAMETER)."""
    ident = sql.Identifier(role)
    conn.execute(sql.SQL("ALTER ROLE {} CONNECTION LIMIT {}").format(ident, sql.Literal(CONNECTION_LIMIT)))
    for name, value in (
        ("statement_timeout", STATEMENT_TIMEOUT),
        ("idle_in_transaction_session_timeout", IDLE_IN_TRANSACTION_TIMEOUT),
    ):
        statement = sql.SQL("ALTER ROLE {} SET {} = {}")
        conn.execute(statement.format(ident, sql.Identifier(name), sql.Literal(value)))
    warnings = []
    conn.execute("SAVEPOINT temp_limit")
    try:
        statement = sql.SQL("ALTER ROLE {} SET temp_file_limit = {}")
        conn.execute(statement.format(ident, sql.Literal(TEMP_FILE_LIMIT)))
    except psycopg.errors.InsufficientPrivilege:
        conn.execute("ROLLBACK TO SAVEPOINT temp_limit")
        warnings.append(
            f"temp_file_limit not set on {role}: it needs a superuser "
            "(or GRANT SET ON PARAMETER temp_file_limit TO the owner)"
        )
    conn.execute("RELEASE SAVEPOINT temp_limit")
    return warnings


def enrol_postgres(conn: psycopg.Connection, device_id: str, password: str | None = None) -> Credential:
    """Create or rotate the device's own login role with a new random password; ends the
    login's open connections. `conn` must not be in autocommit mode: everything is one
    transaction, committed by the caller."""
    _, old_role, _ = _device_row(conn, device_id)
    role = old_role or login_role_for(device_id)
    password = password or secrets.token_urlsafe(24)
    ident = sql.Identifier(role)
    verifier = sql.Literal(scram_verifier(password))
    if _role_exists(conn, role):
        conn.execute(sql.SQL("ALTER ROLE {} LOGIN PASSWORD {}").format(ident, verifier))
    else:
        conn.execute(sql.SQL("CREATE ROLE {} LOGIN PASSWORD {} IN ROLE kiosk").format(ident, verifier))
    conn.execute(sql.SQL("GRANT kiosk TO {}").format(ident))
    warnings = _apply_limits(conn, role)
    conn.execute(
        "UPDATE devices SET login_role = %s, token_sha256 = NULL, credential_kind = 'postgres',"
        " credential_issued_at = now(), revoked_at = NULL, enabled = true WHERE device_id = %s",
        (role, device_id),
    )
    terminate_sessions(conn, role)
    return Credential(device_id, "postgres", password, role, tuple(warnings))


def enrol_gateway(conn: psycopg.Connection, device_id: str, token: str | None = None) -> Credential:
    """Issue a new bearer token for the gateway (only its SHA-256 is stored); a login role the
    device had is disabled and its connections ended."""
    _, old_role, _ = _device_row(conn, device_id)
    token = token or secrets.token_urlsafe(32)
    if old_role and _role_exists(conn, old_role):
        conn.execute(sql.SQL("ALTER ROLE {} NOLOGIN PASSWORD NULL").format(sql.Identifier(old_role)))
        terminate_sessions(conn, old_role)
    conn.execute(
        "UPDATE devices SET token_sha256 = %s, credential_kind = 'gateway', credential_issued_at = now(),"
        " revoked_at = NULL, enabled = true WHERE device_id = %s",
        (token_digest(token), device_id),
    )
    return Credential(device_id, "gateway", token, old_role)


def revoke(conn: psycopg.Connection, device_id: str) -> int:
    """At once: the login cannot connect, its connections are ended, the token is dead, the
    device is disabled and its staff sessions end. Returns how many connections were ended."""
    _, role, _ = _device_row(conn, device_id)
    ended = 0
    if role and _role_exists(conn, role):
        conn.execute(sql.SQL("ALTER ROLE {} NOLOGIN PASSWORD NULL").format(sql.Identifier(role)))
        ended = terminate_sessions(conn, role)
    conn.execute(
        "UPDATE devices SET enabled = false, token_sha256 = NULL, revoked_at = now() WHERE device_id = %s",
        (device_id,),
    )
    conn.execute(
        "UPDATE staff_sessions SET ended_at = now(), end_reason = 'revoked'"
        " WHERE device_id = %s AND ended_at IS NULL",
        (device_id,),
    )
    return ended


@dataclass(frozen=True)
class DeviceListing:
    device_id: str
    name: str
    role: str
    assignment: str | None
    enabled: bool
    credential_kind: str | None
    credential_issued_at: datetime | None
    last_seen_at: datetime | None
    connections: int


def list_devices(conn: psycopg.Connection) -> list[DeviceListing]:
    rows = conn.execute(
        """
        SELECT d.device_id, d.name, d.role, coalesce(d.point_of_sale_id, d.checkpoint_id),
               d.enabled, d.credential_kind, d.credential_issued_at,
               greatest(d.last_seen_at, (SELECT max(a.backend_start) FROM pg_stat_activity a
                                          WHERE a.usename = d.login_role)),
               (SELECT count(*) FROM pg_stat_activity a WHERE a.usename = d.login_role)
          FROM devices d ORDER BY d.device_id
        """
    ).fetchall()
    return [DeviceListing(*row) for row in rows]


def end_idle_device_transactions(conn: psycopg.Connection, idle_limit_s: float) -> list[tuple[str, int]]:
    """The watchdog's round: end every device session idle in a transaction longer than
    `idle_limit_s` (a session can lift its own idle_in_transaction_session_timeout).
    Returns (login, pid) of each session ended."""
    rows = conn.execute(
        """
        SELECT a.usename, a.pid, pg_terminate_backend(a.pid)
          FROM pg_stat_activity a
         WHERE a.state IN ('idle in transaction', 'idle in transaction (aborted)')
           AND a.state_change < clock_timestamp() - make_interval(secs => %s)
           AND a.pid <> pg_backend_pid()
           AND (pg_has_role(a.usesysid, 'kiosk', 'MEMBER') AND NOT a.usesysid IN
                (SELECT oid FROM pg_roles WHERE rolsuper))
        """,
        (idle_limit_s,),
    ).fetchall()
    return [(user, pid) for user, pid, ended in rows if ended]
