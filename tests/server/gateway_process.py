"""The real `festival-server` as a subprocess on 127.0.0.1 at a free port, for the tests, and
gateway tokens for the demo devices made by the real enrol code (`sql.devices.enrol_gateway`).
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx
import psycopg

from sql.cluster import free_port
from sql.devices import enrol_gateway


def festival_server_command() -> list[str]:
    script = Path(sys.executable).with_name("festival-server")
    return [str(script)] if script.exists() else [sys.executable, "-m", "server.main"]


def enrol_gateway_token(owner_url: str, device_id: str) -> str:
    """A gateway token for `device_id` in the test's own database. The device's login role
    (shared by every test database of the cluster) is unlinked first, so that the enrolment
    does not disable it for the other tests."""
    with psycopg.connect(owner_url) as conn:
        conn.execute("UPDATE devices SET login_role = NULL WHERE device_id = %s", (device_id,))
        credential = enrol_gateway(conn, device_id)
    return credential.secret


class GatewayProcess:
    """`festival-server --database-url URL --port P` started and stopped by a test."""

    def __init__(self, database_url: str, *, port: int | None = None, workers: int = 1,
                 extra_args: tuple[str, ...] = ()) -> None:
        self.database_url = database_url
        self.port = port or free_port()
        self.workers = workers
        self.extra_args = extra_args
        fd, name = tempfile.mkstemp(prefix="festival-server-", suffix=".log")
        self._log = os.fdopen(fd, "w")
        self.log_path = Path(name)
        self.process: subprocess.Popen | None = None

    @property
    def base_url(self) -> str:
        """The RPC base a kiosk is given as its backend_url."""
        return f"http://127.0.0.1:{self.port}/rpc"

    def command(self) -> list[str]:
        return [*festival_server_command(), "--database-url", self.database_url, "--host", "127.0.0.1",
                "--port", str(self.port), "--workers", str(self.workers), *self.extra_args]

    def start(self, timeout_s: float = 30.0) -> GatewayProcess:
        self.process = subprocess.Popen(self.command(), stdout=self._log, stderr=self._log)
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                status = self.process.returncode
                raise RuntimeError(f"festival-server exited with {status}:\n{self.log_text()}")
            try:
                if httpx.get(f"http://127.0.0.1:{self.port}/healthz", timeout=1.0).status_code == 200:
                    return self
            except httpx.TransportError:
                pass
            time.sleep(0.05)
        self.stop()
        raise RuntimeError(f"festival-server did not start within {timeout_s} s:\n{self.log_text()}")

    def stop(self, timeout_s: float = 20.0) -> int | None:
        """SIGTERM (graceful), then SIGKILL if it does not end in time; the exit status."""
        if self.process is None:
            return None
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout_s)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        return self.process.returncode

    def kill(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.kill()
            self.process.wait()

    def log_text(self) -> str:
        self._log.flush()
        return self.log_path.read_text(errors="replace")

    def access_log(self, *, at_least: int = 0, path: str | None = None, timeout_s: float = 5.0) -> list[dict]:
        """The access-log entries written so far (of `path`, if given); with `at_least`, waits
        up to `timeout_s` for that many (a line is written once its response has gone out, so
        it can trail the response)."""
        deadline = time.monotonic() + timeout_s
        while True:
            entries = [e for e in self._access_entries() if path is None or e.get("path") == path]
            if len(entries) >= at_least or time.monotonic() > deadline:
                return entries
            time.sleep(0.02)

    def _access_entries(self) -> list[dict]:
        entries = []
        for line in self.log_text().splitlines():
            try:
                entry = json.loads(line)
            except json.JSONDecodeError:
                continue
            if entry.get("logger") == "festival.access":
                entries.append(entry)
        return entries

    def close(self) -> None:
        self.stop()
        self._log.close()
        self.log_path.unlink(missing_ok=True)
