"""A kiosk told to stop by the system (SIGTERM) or by Ctrl-C (SIGINT) exits cleanly and takes
its embedded server down with it, instead of dying and leaving the server behind."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import psutil
import pytest

from sql.embedded import postmaster_pid
from tests.sql.postgres_processes import wait_postgres_gone


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT])
def test_demo_exits_cleanly_on_a_termination_signal(signum: int) -> None:
    demo_dir = Path(tempfile.mkdtemp(prefix="festival-demo-signal-"))
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    child = subprocess.Popen(
        [sys.executable, "-m", "kiosk.main", "--demo", "--demo-dir", str(demo_dir)],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env=env,
    )
    try:
        deadline = time.monotonic() + 90
        for line in child.stdout:
            if " ready (" in line or time.monotonic() > deadline:
                break
        server_pid = postmaster_pid(demo_dir / "embedded-pg")
        assert server_pid is not None and psutil.pid_exists(server_pid)
        child.send_signal(signum)
        assert child.wait(30) == 0
    finally:
        child.kill()
    assert wait_postgres_gone(server_pid), "embedded server left running"
