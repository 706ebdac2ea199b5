"""Fixtures of the portal tests: the local Stripe stand-in and the real festival-server, each
a process on loopback, wired to each other (the server creates Checkout sessions at the
stand-in; the stand-in delivers signed webhooks to the server)."""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from sql.cluster import free_port
from tests.portal.stripe_events import TEST_WEBHOOK_SECRET
from tests.server.gateway_process import GatewayProcess

TEST_STRIPE_KEY = "sk_test_festival_standin"
ROOT = Path(__file__).resolve().parents[2]


class StandinProcess:
    """tests/portal/stripe_standin.py as a subprocess."""

    def __init__(self, webhook_url: str) -> None:
        self.port = free_port()
        self.webhook_url = webhook_url
        fd, name = tempfile.mkstemp(prefix="stripe-standin-", suffix=".log")
        self._log = os.fdopen(fd, "w")
        self.log_path = Path(name)
        self.process: subprocess.Popen | None = None

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self, timeout_s: float = 20.0) -> StandinProcess:
        self.process = subprocess.Popen(
            [sys.executable, "-m", "tests.portal.stripe_standin", "--port", str(self.port),
             "--api-key", TEST_STRIPE_KEY, "--webhook-url", self.webhook_url,
             "--webhook-secret", TEST_WEBHOOK_SECRET],
            cwd=ROOT, stdout=self._log, stderr=self._log)
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"the Stripe stand-in exited:\n{self.log_path.read_text()}")
            try:
                if httpx.get(f"{self.base_url}/healthz", timeout=1).status_code == 200:
                    return self
            except httpx.TransportError:
                pass
            time.sleep(0.05)
        raise RuntimeError("the Stripe stand-in did not start")

    def close(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self._log.close()
        self.log_path.unlink(missing_ok=True)


class PortalServer:
    def __init__(self, server: GatewayProcess, standin: StandinProcess) -> None:
        self.server = server
        self.standin = standin

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.port}"


@pytest.fixture
def portal(gateway_url: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[PortalServer]:
    """festival-server with the webhook secret and the stand-in as Stripe's API."""
    port = free_port()
    standin = StandinProcess(f"http://127.0.0.1:{port}/stripe/webhook").start()
    monkeypatch.setenv("STRIPE_WEBHOOK_SECRET", TEST_WEBHOOK_SECRET)
    monkeypatch.setenv("STRIPE_SECRET_KEY", TEST_STRIPE_KEY)
    monkeypatch.setenv("STRIPE_API_BASE", standin.base_url)
    monkeypatch.setenv("FESTIVAL_PORTAL_URL", f"http://127.0.0.1:{port}")
    server = GatewayProcess(gateway_url, port=port)
    try:
        server.start()
        yield PortalServer(server, standin)
    finally:
        server.close()
        standin.close()
