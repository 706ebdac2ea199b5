"""`festival-server`: checks its configuration, then serves the gateway on uvicorn.

    festival-server --database-url URL [--host H] [--port P] [--workers N]
                    [--watchdog-database-url OWNER_URL]

Start-up refuses, in one line on stderr and a non-zero exit: a malformed URL, a database
that cannot be reached, a login that is not a member of `gateway` (or is a superuser or the
owner: the gateway must be believed only for the device a token proved), a database without
`sp_gateway_device` (run `festival-admin migrate`), Stripe settings for a login that is not a
member of `payments` (its webhook and portal could not record anything), a port already taken.
Logs are JSON lines on stderr, without secrets. SIGTERM (or Ctrl-C) stops accepting
connections and finishes the calls in flight before the pool closes.
"""

from __future__ import annotations

import argparse
import logging
import logging.config
import os
import secrets
import socket
import sys
import threading
from collections.abc import Sequence
from urllib.parse import urlsplit

import psycopg
import uvicorn

from server.attendee_money import PORTAL_SECRET_ENV, SECRET_KEY_ENV, WEBHOOK_SECRET_ENV
from server.gateway import create_app
from server.watchdog import run_watchdog
from sync.backend import POSTGRES_URL_PREFIXES

DATABASE_URL_ENV = "FESTIVAL_SERVER_DATABASE_URL"
POOL_MAX_ENV = "FESTIVAL_SERVER_POOL_MAX"
GRACEFUL_SHUTDOWN_S = 30


class StartupError(Exception):
    """The server cannot start; the message is the one line the operator sees."""


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="festival-server", description="The Festival Kiosk gateway.")
    parser.add_argument("--database-url", required=True,
                        help="PostgreSQL URL of a login that is a member of `gateway` (never the owner)")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8080)
    parser.add_argument("--workers", type=int, default=1, help="server processes (default 1)")
    parser.add_argument("--pool-size", type=int, default=10, help="database connections per worker")
    parser.add_argument("--watchdog-database-url", default=None,
                        help="owner URL: also end device sessions idle in a transaction past the limit")
    parser.add_argument("--watchdog-idle-limit-s", type=float, default=10.0,
                        help="seconds idle in a transaction before a device session is ended")
    parser.add_argument("--watchdog-interval-s", type=float, default=5.0, help="seconds between rounds")
    args = parser.parse_args(argv)
    if not 1 <= args.workers <= 64:
        parser.error("--workers must be 1 to 64")
    if not 1 <= args.pool_size <= 100:
        parser.error("--pool-size must be 1 to 100")
    if not 0 <= args.port <= 65535:
        parser.error("--port must be 0 to 65535")
    return args


def first_line(exc: BaseException) -> str:
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__


def check_database(url: str) -> None:
    """Raise StartupError unless `url` reaches a migrated database as a gateway login."""
    if not url.startswith(POSTGRES_URL_PREFIXES):
        raise StartupError("--database-url must be a postgresql:// URL")
    try:
        urlsplit(url).port  # noqa: B018 - raises ValueError on a bad port
        psycopg.conninfo.conninfo_to_dict(url)
    except (ValueError, psycopg.ProgrammingError) as exc:
        raise StartupError(f"--database-url is not a valid PostgreSQL URL: {first_line(exc)}") from None
    try:
        with psycopg.connect(url, connect_timeout=5, autocommit=True) as conn:
            row = conn.execute(
                "SELECT r.rolsuper, pg_has_role(current_user, 'gateway', 'MEMBER'),"
                " pg_has_role(current_user, 'payments', 'MEMBER'),"
                " to_regprocedure('sp_gateway_device(text)') IS NOT NULL,"
                " coalesce((SELECT pg_has_role(current_user, c.relowner, 'MEMBER') FROM pg_class c"
                "           WHERE c.oid = to_regclass('public.devices')), false)"
                " FROM pg_roles r WHERE r.rolname = current_user"
            ).fetchone()
    except psycopg.Error as exc:
        raise StartupError(f"cannot connect to the database: {first_line(exc)}") from None
    superuser, gateway_member, payments_member, migrated, owner = row
    if superuser or owner:
        raise StartupError("the database login must not be a superuser or the database owner: "
                           "use a login that is a member of `gateway` and `payments`")
    if not gateway_member:
        raise StartupError("the database login is not a member of the role `gateway`")
    if not migrated:
        raise StartupError("the database has no sp_gateway_device: run `festival-admin migrate`")
    stripe_set = [name for name in (WEBHOOK_SECRET_ENV, SECRET_KEY_ENV) if os.environ.get(name)]
    if stripe_set and not payments_member:
        raise StartupError(f"{' and '.join(stripe_set)} set, but the database login is not a member of "
                           "the role `payments`: the Stripe webhook and the portal could not record anything")


def check_port(host: str, port: int) -> None:
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, port))
        except OSError as exc:
            raise StartupError(f"cannot listen on {host}:{port}: {exc.strerror or exc}") from None


def app_from_environment():
    """The application factory each uvicorn worker calls (the URL comes from the parent)."""
    return create_app(os.environ[DATABASE_URL_ENV], pool_max=int(os.environ.get(POOL_MAX_ENV, "10")))


def log_config() -> dict:
    """Every logger (uvicorn's included) as JSON lines on stderr; uvicorn's own access log off
    (ours has the device and no query string)."""
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "formatters": {"json": {"()": "server.access_log.JsonFormatter"}},
        "handlers": {"stderr": {"class": "logging.StreamHandler", "formatter": "json", "stream": "ext://sys.stderr"}},
        "root": {"handlers": ["stderr"], "level": "INFO"},
        "loggers": {
            "uvicorn": {"handlers": [], "level": "INFO", "propagate": True},
            "uvicorn.error": {"handlers": [], "level": "INFO", "propagate": True},
            "uvicorn.access": {"handlers": [], "level": "WARNING", "propagate": False},
            "psycopg.pool": {"level": "WARNING"},
        },
    }


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    try:
        check_database(args.database_url)
        if args.watchdog_database_url:
            from sql.devices import end_idle_device_transactions  # noqa: F401 (import check)

            try:
                with psycopg.connect(args.watchdog_database_url, connect_timeout=5):
                    pass
            except psycopg.Error as exc:
                message = f"cannot connect with --watchdog-database-url: {first_line(exc)}"
                raise StartupError(message) from None
        check_port(args.host, args.port)
    except StartupError as exc:
        print(f"festival-server: {exc}", file=sys.stderr)
        return 2
    os.environ[DATABASE_URL_ENV] = args.database_url
    os.environ[POOL_MAX_ENV] = str(args.pool_size)
    os.environ.setdefault(PORTAL_SECRET_ENV, secrets.token_urlsafe(32))  # one for all workers
    logging.config.dictConfig(log_config())
    stop_watchdog = threading.Event()
    if args.watchdog_database_url:
        threading.Thread(
            target=run_watchdog,
            args=(args.watchdog_database_url, args.watchdog_idle_limit_s, stop_watchdog,
                  args.watchdog_interval_s),
            name="idle-transaction-watchdog",
            daemon=True,
        ).start()
    try:
        uvicorn.run(
            "server.main:app_from_environment",
            factory=True,
            host=args.host,
            port=args.port,
            workers=args.workers,
            log_config=log_config(),
            access_log=False,
            timeout_graceful_shutdown=GRACEFUL_SHUTDOWN_S,
            server_header=False,
        )
    finally:
        stop_watchdog.set()
    return 0


if __name__ == "__main__":
    sys.exit(main())
