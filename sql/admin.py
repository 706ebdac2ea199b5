"""Command line of `festival-admin`: migrate, seed the demo set, run the embedded demo server,
and the operators' commands registered by their own modules (devices, watchdog, ...)."""

from __future__ import annotations

import argparse
import signal
import sys
import threading
from collections.abc import Callable

import psycopg

from sql import devices_cli, payouts
from sql.devices import DeviceAdminError
from sql.devices_cli import EnrolError
from sql.migrate import MigrationError, apply_migrations
from sync.backend import POSTGRES_URL_PREFIXES


class AdminError(Exception):
    """A failure to report to the operator in one line, with a non-zero exit."""


def check_url(url: str) -> str:
    """Reject what is not a PostgreSQL URL before trying to connect."""
    if "://" in url and not url.startswith(POSTGRES_URL_PREFIXES):
        raise AdminError(f"bad database URL {url!r}: expected postgresql://user@host:port/dbname")
    try:
        psycopg.conninfo.conninfo_to_dict(url)
    except psycopg.ProgrammingError as exc:
        raise AdminError(f"bad database URL {url!r}: {str(exc).strip()}") from exc
    return url


def check_reachable(url: str) -> None:
    try:
        with psycopg.connect(url, connect_timeout=5):
            pass
    except psycopg.OperationalError as exc:
        detail = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise AdminError(f"cannot reach the database: {detail}") from exc


def cmd_migrate(args: argparse.Namespace) -> None:
    url = check_url(args.database_url)
    check_reachable(url)
    try:
        report = apply_migrations(url)
    except MigrationError as exc:
        raise AdminError(str(exc)) from exc
    if report.applied:
        for mid in report.applied:
            print(f"applied {mid}")
    else:
        print(f"up to date ({len(report.already_applied)} migrations applied)")
    changed = ", ".join(report.functions_changed) or "none changed"
    print(f"functions: {report.functions_total} files applied ({changed})")


def cmd_seed_demo(args: argparse.Namespace) -> None:
    from sql.demo import seed_demo

    url = check_url(args.database_url)
    check_reachable(url)
    counts = seed_demo(url)
    print("demo data set loaded: " + ", ".join(f"{k} {v}" for k, v in counts.items()))


def cmd_demo_server(args: argparse.Namespace) -> None:
    from pathlib import Path

    from sql.embedded import start_demo_server

    server = start_demo_server(Path(args.data_dir) if args.data_dir else None)
    print("embedded PostgreSQL ready, demo data loaded")
    print(f"  admin: {server.admin_url}\n  kiosk: {server.kiosk_url}")
    print("Ctrl-C to stop.", flush=True)
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    try:
        stop.wait()
    except KeyboardInterrupt:
        pass
    finally:
        server.stop()
        print("stopped.")


def _add_database_url(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--database-url", required=True, help="postgresql://user@host:port/dbname")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="festival-admin", description="Festival Kiosk backend administration."
    )
    sub = parser.add_subparsers(dest="command", required=True)
    for name, func, help_text in (
        ("migrate", cmd_migrate, "apply pending migrations from sql/migrations"),
        ("seed-demo", cmd_seed_demo, "load the demo data set (safe to run twice)"),
    ):
        p = sub.add_parser(name, help=help_text)
        p.add_argument("--database-url", required=True, help="postgresql://user@host:port/dbname")
        p.set_defaults(func=func)
    devices_cli.register(sub, _add_database_url)
    payouts.register(sub, _add_database_url)
    p = sub.add_parser("demo-server", help="start the embedded PostgreSQL with the demo data until Ctrl-C")
    p.add_argument("--data-dir", help="where the embedded server keeps its files")
    p.set_defaults(func=cmd_demo_server)
    register_operations(sub)
    return parser


def register_operations(sub: argparse._SubParsersAction) -> None:
    """The operators' commands of issue 13, one module each."""
    from sql import cards_admin, event_file, report, review, staff_admin

    for module in (event_file, staff_admin, cards_admin, report, review):
        module.register(sub)


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    func: Callable[[argparse.Namespace], list[str] | None] = args.func
    try:
        if getattr(args, "database_url", None) and func not in (cmd_migrate, cmd_seed_demo):
            check_reachable(check_url(args.database_url))
        for line in func(args) or ():
            print(line)
    except (AdminError, DeviceAdminError, EnrolError, payouts.PayoutError) as exc:
        print(f"festival-admin: {exc}", file=sys.stderr)
        return 1
    except psycopg.Error as exc:
        detail = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        print(f"festival-admin: the database refused: {detail}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
