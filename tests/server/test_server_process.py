"""festival-server as a process: one-line start-up errors with a non-zero exit, several
workers, and a graceful SIGTERM that finishes the calls in flight."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import threading
import time

import httpx
import psycopg
import pytest

from sql.cluster import free_port
from tests.server.conftest import BAR_DEVICE
from tests.server.gateway_process import GatewayProcess, festival_server_command


def run_server(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    environment = {**os.environ, **(env or {})}
    return subprocess.run([*festival_server_command(), *args], capture_output=True, text=True, timeout=60,
                          env=environment)


def assert_refused(done: subprocess.CompletedProcess, words: str) -> None:
    assert done.returncode != 0
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("festival-server: ") and words in lines[0], done.stderr


def test_a_malformed_database_url_is_refused_in_one_line():
    assert_refused(run_server("--database-url", "mysql://x"), "postgresql://")
    assert_refused(run_server("--database-url", "postgresql://u@h:notaport/db"), "not a valid")
    assert_refused(run_server("--database-url", "postgresql://u@h/db?no_such_option=1"), "not a valid")


def test_an_unreachable_database_is_refused_in_one_line():
    done = run_server("--database-url", f"postgresql://gateway_app:x@127.0.0.1:{free_port()}/x")
    assert_refused(done, "cannot connect to the database")


def test_the_owner_and_logins_outside_gateway_are_refused(db_url, shared_kiosk_url, gateway_url):
    assert_refused(run_server("--database-url", db_url), "superuser or the database owner")
    assert_refused(run_server("--database-url", shared_kiosk_url), "not a member of the role `gateway`")
    wrong_password = gateway_url.replace("test-password", "wrong")
    assert_refused(run_server("--database-url", wrong_password), "cannot connect to the database")


def test_stripe_settings_for_a_login_outside_payments_are_refused(db, gateway_url):
    login = "gateway_without_payments"
    db.execute(f"CREATE ROLE {login} LOGIN PASSWORD 'pw' IN ROLE gateway")
    try:
        url = gateway_url.replace("gateway_app:test-password", f"{login}:pw")
        done = run_server("--database-url", url, env={"STRIPE_WEBHOOK_SECRET": "whsec_test"})
        assert_refused(done, "STRIPE_WEBHOOK_SECRET set, but the database login is not a member of "
                             "the role `payments`")
    finally:
        db.execute(f"DROP ROLE {login}")


def test_a_port_already_taken_is_refused_in_one_line(gateway_url):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        done = run_server("--database-url", gateway_url, "--port", str(port))
    assert_refused(done, f"cannot listen on 127.0.0.1:{port}")


def test_several_workers_serve_side_by_side(gateway_url, bar_token):
    server = GatewayProcess(gateway_url, workers=2).start()
    try:
        with httpx.Client(timeout=10) as client:
            answers = [
                client.post(f"{server.base_url}/sp_device_config", json={"p_device_id": BAR_DEVICE},
                            headers={"Authorization": f"Bearer {bar_token}"})
                for _ in range(10)
            ]
        assert [a.status_code for a in answers] == [200] * 10
    finally:
        assert server.stop() == 0
        server.close()


@pytest.fixture
def slow_heartbeat(db):
    db.execute(
        "CREATE OR REPLACE FUNCTION sp_device_heartbeat(p_device_id text, p_status jsonb) RETURNS jsonb"
        " LANGUAGE sql AS $$ SELECT pg_sleep(2); SELECT jsonb_build_object('success', true) $$"
    )
    db.execute("GRANT EXECUTE ON FUNCTION sp_device_heartbeat(text, jsonb) TO kiosk")


def test_sigterm_finishes_the_calls_in_flight_then_exits(gateway, bar_token, slow_heartbeat):
    answers: list[httpx.Response] = []

    def call() -> None:
        answers.append(httpx.post(
            f"{gateway.base_url}/sp_device_heartbeat", json={"p_device_id": BAR_DEVICE, "p_status": {}},
            headers={"Authorization": f"Bearer {bar_token}"}, timeout=15,
        ))

    caller = threading.Thread(target=call)
    caller.start()
    time.sleep(0.7)  # the call is running in the database
    gateway.process.send_signal(signal.SIGTERM)
    time.sleep(0.3)
    with pytest.raises(httpx.TransportError):  # no new connections while it drains
        httpx.get(f"http://127.0.0.1:{gateway.port}/healthz", timeout=2)
    caller.join(15)
    assert [a.status_code for a in answers] == [200] and answers[0].json() == {"success": True}
    # uvicorn ends by re-raising the signal it handled: "terminated by SIGTERM", after the drain
    assert gateway.process.wait(15) in (0, -signal.SIGTERM)
    assert "Traceback" not in gateway.log_text()


def test_the_watchdog_ends_a_device_session_idle_in_a_transaction(gateway_url, db_url, kiosk_url, db):
    server = GatewayProcess(gateway_url, extra_args=(
        "--watchdog-database-url", db_url, "--watchdog-idle-limit-s", "1", "--watchdog-interval-s", "0.5",
    )).start()
    try:
        holder = psycopg.connect(kiosk_url)
        holder.execute("SET idle_in_transaction_session_timeout = 0")  # lifts its own limit
        holder.execute("SELECT 1")  # a transaction left open
        pid = holder.info.backend_pid
        deadline = time.monotonic() + 15
        while db.execute("SELECT 1 FROM pg_stat_activity WHERE pid = %s", (pid,)).fetchone():
            assert time.monotonic() < deadline, "the watchdog did not end the idle transaction"
            time.sleep(0.2)
        with pytest.raises(psycopg.OperationalError):
            holder.execute("SELECT 1")
        holder.close()
        assert "ended a device session idle in a transaction" in server.log_text()
    finally:
        server.close()
