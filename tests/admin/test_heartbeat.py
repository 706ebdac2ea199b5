"""sp_device_heartbeat from a device's own login, its checks, and the fleet facts it feeds."""

from __future__ import annotations

import psycopg
import pytest
from psycopg.types.json import Jsonb

from sql.fleet import device_heartbeats, heartbeat_columns

STATUS = {"app_version": "0.1.0", "outbox_pending": 3, "oldest_pending_at": "2026-07-01T21:00:00Z",
          "conflicts": 1, "reader_state": "connected", "staff_id": "staff-bar-1"}


def beat(url: str, device_id: str, status: object) -> dict:
    with psycopg.connect(url, autocommit=True) as conn:
        return conn.execute("SELECT sp_device_heartbeat(%s, %s)", (device_id, Jsonb(status))).fetchone()[0]


def test_a_kiosk_heartbeat_is_kept_as_the_last_one_of_its_device(db, kiosk_url):
    assert beat(kiosk_url, "kiosk-bar-1", STATUS)["success"]
    drained = {**STATUS, "outbox_pending": 0, "oldest_pending_at": None}
    assert beat(kiosk_url, "kiosk-bar-1", drained)["success"]
    beats = {b.device_id: b for b in device_heartbeats(db)}
    bar, checkpoint = beats["kiosk-bar-1"], beats["kiosk-checkpoint-1"]
    assert (bar.app_version, bar.outbox_pending, bar.oldest_pending_at, bar.conflicts, bar.reader_state,
            bar.staff_id) == ("0.1.0", 0, None, 1, "connected", "staff-bar-1")
    assert not bar.silent and checkpoint.silent and checkpoint.received_at is None
    assert heartbeat_columns(checkpoint)["heartbeat"] == "never SILENT"
    assert heartbeat_columns(bar)["logged in"] == "staff-bar-1"
    db.execute("UPDATE device_heartbeats SET received_at = now() - interval '6 minutes'")
    bar = next(b for b in device_heartbeats(db) if b.device_id == "kiosk-bar-1")
    assert bar.silent and heartbeat_columns(bar)["heartbeat"].endswith("SILENT")
    assert db.execute("SELECT last_seen_at IS NOT NULL FROM devices WHERE device_id = 'kiosk-bar-1'"
                      ).fetchone() == (True,)


@pytest.mark.parametrize(("status", "message"), [
    ([], "p_status must be a JSON object"),
    ({"outbox_pending": -1}, "outbox_pending must be a whole number"),
    ({"outbox_pending": 1.5}, "outbox_pending must be a whole number"),
    ({"conflicts": "3"}, "conflicts must be a whole number"),
    ({"app_version": 7}, "app_version must be a string"),
    ({"reader_state": "x" * 65}, "reader_state must be at most 64 characters"),
    ({"oldest_pending_at": "yesterday"}, "oldest_pending_at must be an ISO 8601 time"),
    ({"junk": "x" * 5000}, "p_status must be at most 4 kB"),
])
def test_a_bad_heartbeat_is_answered_with_a_code_and_stores_nothing(db, kiosk_url, status, message):
    answer = beat(kiosk_url, "kiosk-bar-1", status)
    assert answer["error_code"] == "INVALID_REQUEST" and message in answer["message"]
    assert db.execute("SELECT count(*) FROM device_heartbeats").fetchone() == (0,)


def test_an_unknown_or_disabled_device_is_unauthorized(db, db_url):
    assert beat(db_url, "kiosk-nobody", STATUS)["error_code"] == "UNAUTHORIZED"
    db.execute("UPDATE devices SET enabled = false WHERE device_id = 'kiosk-bar-1'")
    assert beat(db_url, "kiosk-bar-1", STATUS)["error_code"] == "UNAUTHORIZED"
    assert db.execute("SELECT count(*) FROM device_heartbeats").fetchone() == (0,)


def test_only_kiosk_members_may_call_it(payments_url):
    with psycopg.connect(payments_url) as conn, pytest.raises(psycopg.errors.InsufficientPrivilege):
        conn.execute("SELECT sp_device_heartbeat('kiosk-bar-1', '{}')")


def test_a_kiosk_cannot_report_for_another_device_or_as_no_device(db, kiosk_url, shared_kiosk_url):
    assert beat(kiosk_url, "kiosk-checkpoint-1", STATUS)["error_code"] == "UNAUTHORIZED"
    assert beat(shared_kiosk_url, "kiosk-bar-1", STATUS)["error_code"] == "UNAUTHORIZED"
    assert db.execute("SELECT count(*) FROM device_heartbeats").fetchone() == (0,)
