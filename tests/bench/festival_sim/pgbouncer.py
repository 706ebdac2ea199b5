"""A private PgBouncer in transaction-pooling mode on 127.0.0.1, started by the simulation.

Uses Debian's `pgbouncer` binary; installs nothing. When it is missing, `find_pgbouncer()`
returns None and `INSTALL_HINT` says how to get it. PgBouncer refuses to run as root, so as
root it runs as the same unprivileged user as sql/cluster.py's server. Behind transaction
pooling a client must not use server-side prepared statements (psycopg: prepare_threshold=None).
"""

from __future__ import annotations

import contextlib
import os
import pwd
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from sql.cluster import UNPRIVILEGED_USER, free_port

INSTALL_HINT = "pgbouncer is not installed: `apt-get install -y pgbouncer` (Debian/Ubuntu), then run again"


def find_pgbouncer() -> Path | None:
    for candidate in (shutil.which("pgbouncer"), "/usr/sbin/pgbouncer", "/usr/bin/pgbouncer"):
        if candidate and Path(candidate).is_file() and os.access(candidate, os.X_OK):
            return Path(candidate)
    return None


class PgBouncerError(RuntimeError):
    """PgBouncer did not start; the message holds the tail of its log."""


@dataclass
class PgBouncer:
    """PgBouncer forwarding database `dbname` to a PostgreSQL at 127.0.0.1:`upstream_port`."""

    upstream_port: int
    dbname: str
    users: list[str]
    pool_size: int = 40
    max_client_conn: int = 2000
    binary: Path | None = field(default_factory=find_pgbouncer)
    port: int = field(default_factory=free_port)
    root: Path = field(default_factory=lambda: Path(tempfile.mkdtemp(prefix="festival-pgbouncer-")))
    process: subprocess.Popen | None = None

    @property
    def log_file(self) -> Path:
        return self.root / "pgbouncer.log"

    def url(self, user: str) -> str:
        return f"postgresql://{user}@127.0.0.1:{self.port}/{self.dbname}"

    def _write_config(self) -> Path:
        auth = self.root / "users.txt"
        auth.write_text("".join(f'"{u}" ""\n' for u in self.users))
        ini = self.root / "pgbouncer.ini"
        ini.write_text(
            "[databases]\n"
            f"{self.dbname} = host=127.0.0.1 port={self.upstream_port} dbname={self.dbname}\n"
            "[pgbouncer]\n"
            "listen_addr = 127.0.0.1\n"
            f"listen_port = {self.port}\n"
            "unix_socket_dir =\n"
            "auth_type = trust\n"
            f"auth_file = {auth}\n"
            "pool_mode = transaction\n"
            f"default_pool_size = {self.pool_size}\n"
            "reserve_pool_size = 5\n"
            f"max_client_conn = {self.max_client_conn}\n"
            f"max_db_connections = {self.pool_size + 5}\n"
            "server_reset_query =\n"
            "server_check_delay = 1\n"
            "server_login_retry = 1\n"
            "ignore_startup_parameters = extra_float_digits,options,statement_timeout\n"
            f"logfile = {self.log_file}\n"
            f"pidfile = {self.root / 'pgbouncer.pid'}\n"
            "log_connections = 0\n"
            "log_disconnections = 0\n"
        )
        return ini

    def start(self, timeout_s: float = 15.0) -> PgBouncer:
        if self.binary is None:
            raise PgBouncerError(INSTALL_HINT)
        ini = self._write_config()
        kwargs: dict = {}
        if os.geteuid() == 0:
            entry = pwd.getpwnam(UNPRIVILEGED_USER)
            for path in (self.root, *self.root.iterdir()):
                os.chown(path, entry.pw_uid, entry.pw_gid)
            kwargs = {"user": entry.pw_uid, "group": entry.pw_gid, "extra_groups": []}
        self.process = subprocess.Popen(
            [str(self.binary), str(ini)],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            cwd=self.root,
            start_new_session=True,
            **kwargs,
        )
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise PgBouncerError(f"pgbouncer exited with {self.process.returncode}: {self.log_tail()}")
            with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", self.port), 0.2):
                return self
            time.sleep(0.1)
        self.stop()
        raise PgBouncerError(f"pgbouncer did not listen on port {self.port}: {self.log_tail()}")

    def log_tail(self, lines: int = 20) -> str:
        with contextlib.suppress(OSError):
            return "\n".join(self.log_file.read_text(errors="replace").splitlines()[-lines:])
        return "(no log)"

    def log_problems(self) -> list[str]:
        """Lines of its log at WARNING level or worse (the run must have none from clients)."""
        with contextlib.suppress(OSError):
            return [
                line
                for line in self.log_file.read_text(errors="replace").splitlines()
                if " WARNING " in line or " ERROR " in line or " FATAL " in line
            ]
        return []

    def stop(self) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        self.process.send_signal(signal.SIGTERM)  # pgbouncer: SIGTERM = immediate shutdown
        try:
            self.process.wait(5)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(5)

    def destroy(self) -> None:
        self.stop()
        shutil.rmtree(self.root, ignore_errors=True)
