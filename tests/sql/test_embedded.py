"""The embedded server starts, is reused, stops with its last user, and survives SIGKILL."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import psutil
import psycopg
import pytest

from sql.embedded import postmaster_pid, prune_stale_handles, start_demo_server, start_server
from tests.sql.postgres_processes import wait_postgres_gone


@pytest.fixture
def pgdata(tmp_path_factory: pytest.TempPathFactory) -> Path:
    import tempfile

    # not under pytest's 0700 tmp dir: the unprivileged server user must reach it
    return Path(tempfile.mkdtemp(prefix="festival-embedded-")) / "pg"


def _start_in_child_and_kill(pgdata: Path) -> int:
    """Start the server from a child process, SIGKILL the child; return the server's pid."""
    script = textwrap.dedent(
        f"""
        import sys, time
        from pathlib import Path
        from sql.embedded import start_server
        start_server(Path({str(pgdata)!r}))
        print("ready", flush=True)
        time.sleep(120)
        """
    )
    child = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True)
    try:
        assert child.stdout.readline().strip() == "ready"
        child.send_signal(signal.SIGKILL)
        child.wait(10)
    finally:
        child.kill()
    server_pid = postmaster_pid(pgdata)
    assert server_pid is not None and psutil.pid_exists(server_pid)  # still running, orphaned
    return server_pid


def test_a_killed_user_does_not_keep_the_server_alive_forever(pgdata: Path) -> None:
    """A process killed with SIGKILL leaves its handle behind; the next run prunes it and stops the server."""
    server_pid = _start_in_child_and_kill(pgdata)
    server = start_server(pgdata)
    assert postmaster_pid(pgdata) == server_pid  # reused, not a second server
    with psycopg.connect(server.get_uri()) as conn:
        assert conn.execute("SELECT 1").fetchone() == (1,)
    server.cleanup()
    assert wait_postgres_gone(server_pid, timeout_s=15), "the last live user left, so the server must stop"


def test_a_demo_killed_together_with_its_server_starts_again(pgdata: Path) -> None:
    """kill -9 of the app and of the postmaster: the next start recovers and serves queries."""
    server_pid = _start_in_child_and_kill(pgdata)
    os.kill(server_pid, signal.SIGKILL)
    assert wait_postgres_gone(server_pid, timeout_s=15)
    server = start_server(pgdata)
    try:
        new_pid = postmaster_pid(pgdata)
        assert new_pid != server_pid
        with psycopg.connect(server.get_uri()) as conn:
            assert conn.execute("SELECT 1").fetchone() == (1,)
    finally:
        server.cleanup()
    assert wait_postgres_gone(new_pid, timeout_s=15)


def test_prune_stale_handles_keeps_live_pids(tmp_path: Path) -> None:
    """Only pids of processes that no longer exist are pruned."""
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    (tmp_path / ".handle_pids.json").write_text(f"[{os.getpid()}, {dead.pid}]")
    assert prune_stale_handles(tmp_path) == [dead.pid]
    assert (tmp_path / ".handle_pids.json").read_text() == f"[{os.getpid()}]"


def test_demo_server_is_migrated_seeded_and_restartable(pgdata: Path) -> None:
    """start_demo_server loads the demo set; a second start reuses it without duplicating data."""
    first = start_demo_server(pgdata)
    try:
        with psycopg.connect(first.kiosk_url) as conn:
            answer = conn.execute("SELECT sp_card_status('04DE0000000001')").fetchone()[0]
        assert answer["success"] is True and answer["balance_cents"] == 2000
        second = start_demo_server(pgdata)
        with psycopg.connect(second.admin_url) as conn:
            assert conn.execute("SELECT count(*) FROM cards").fetchone()[0] == 100
    finally:
        first.stop()


def test_a_demo_database_from_other_migrations_is_recreated(pgdata: Path) -> None:
    """A demo database whose applied migration no longer matches its file is replaced, not a dead end."""
    first = start_demo_server(pgdata)
    try:
        with psycopg.connect(first.admin_url, autocommit=True) as conn:
            conn.execute("UPDATE festival_migration_checksum SET sha256 = 'changed'")
            conn.execute("UPDATE cards SET balance_cents = 1 WHERE card_uid = '04DE0000000001'")
        again = start_demo_server(pgdata)
        with psycopg.connect(again.kiosk_url) as conn:
            answer = conn.execute("SELECT sp_card_status('04DE0000000001')").fetchone()[0]
        assert answer["balance_cents"] == 2000
    finally:
        first.stop()
