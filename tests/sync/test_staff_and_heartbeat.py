"""KioskSync.staff_login / staff_logout against the real sp_staff_login, the login
controller's authenticate on top of it, and the heartbeat (harmless where the backend lacks
sp_device_heartbeat or refuses it)."""

from __future__ import annotations

import uuid

import pytest

from kiosk.controllers.login import LoginProblem, VerifyPin, authenticate
from sync.errors import InvalidInputError
from sync.pg_backend import PostgresBackend
from tests.sync.helpers import BAR_STAFF, SUPERVISOR, ready

PINS = {BAR_STAFF: "1234", SUPERVISOR: "999999"}


@pytest.fixture
def pg(kiosk_url):
    backend = PostgresBackend(kiosk_url, timeout_s=5.0)
    yield backend
    backend.close()


def open_sessions(db, staff_id: str) -> int:
    return db.execute(
        "SELECT count(*) FROM staff_sessions WHERE staff_id = %s AND ended_at IS NULL", (staff_id,)
    ).fetchone()[0]


def test_a_server_login_opens_a_session_and_logout_ends_it(make_sync, pg, db):
    sync = make_sync(pg)
    ready(sync)
    result = sync.staff_login(SUPERVISOR, PINS[SUPERVISOR])
    assert result.ok and result.data["role"] == "supervisor"
    uuid.UUID(result.data["session_id"])
    assert open_sessions(db, SUPERVISOR) == 1
    assert sync.heartbeat_status()["staff_id"] == SUPERVISOR
    assert sync.staff_logout(result.data["session_id"]).ok
    assert open_sessions(db, SUPERVISOR) == 0 and sync.heartbeat_status()["staff_id"] is None


def test_wrong_pins_are_refused_then_locked_by_the_server(make_sync, pg):
    sync = make_sync(pg)
    ready(sync)
    codes = [sync.staff_login(BAR_STAFF, "0000").error_code for _ in range(5)]
    assert codes == ["UNAUTHORIZED"] * 5
    locked = sync.staff_login(BAR_STAFF, PINS[BAR_STAFF])  # even the right PIN, now
    assert locked.error_code == "LOGIN_LOCKED" and locked.data["retry_after_s"] > 0
    with pytest.raises(InvalidInputError, match="4 to 12 digits"):
        sync.staff_login(BAR_STAFF, "12ab")


def test_authenticate_through_the_real_server_never_falls_back_after_a_refusal(make_sync, pg, db):
    sync = make_sync(pg)
    ready(sync)
    bar = sync.config.staff_member(BAR_STAFF)
    supervisor = sync.config.staff_member(SUPERVISOR)
    assert supervisor.pin_hash == "" and not supervisor.may_log_in_offline  # the server sends none
    ok = authenticate(sync, VerifyPin((supervisor,), PINS[SUPERVISOR]))
    assert ok.member.staff_id == SUPERVISOR and ok.verified_by_server and ok.session_id
    db.execute("UPDATE staff SET enabled = false WHERE staff_id = %s", (BAR_STAFF,))
    refused = authenticate(sync, VerifyPin((bar,), PINS[BAR_STAFF]))  # the cached hash matches
    assert refused.member is None and refused.problem is LoginProblem.WRONG_PIN


def test_offline_only_bar_staff_and_cashiers_log_in(make_sync, pg):
    sync = make_sync(pg)
    ready(sync)
    sync.known_unreachable = lambda: True
    bar = sync.config.staff_member(BAR_STAFF)
    offline = authenticate(sync, VerifyPin((bar,), PINS[BAR_STAFF]))
    assert offline.member.staff_id == BAR_STAFF and not offline.verified_by_server
    supervisor = sync.config.staff_member(SUPERVISOR)
    refused = authenticate(sync, VerifyPin((supervisor,), PINS[SUPERVISOR]))
    assert refused.problem is LoginProblem.ONLINE_LOGIN_REQUIRED


def test_the_heartbeat_reports_the_queue_and_a_refusal_is_harmless(make_sync, pg):
    sync = make_sync(pg)
    ready(sync)
    sync.note_reader_state("ready")
    sync.note_staff(BAR_STAFF)
    status = sync.heartbeat_status()
    assert status == {"app_version": status["app_version"], "outbox_pending": 0, "oldest_pending_at": None,
                      "conflicts": 0, "reader_state": "ready", "staff_id": BAR_STAFF}  # fmt: skip
    assert status["app_version"]
    result = sync.send_heartbeat()  # answered, or refused by a backend without the function
    assert result.ok or result.error_code is not None
    sync.run_upkeep()  # and the upkeep round goes on around it
    assert sync.status().pending_count == 0
