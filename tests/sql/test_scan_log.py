"""sp_log_nfc_scans: batches are idempotent by scan_id; bad scans are counted, not fatal."""

from __future__ import annotations

import uuid

import psycopg

from tests.sql.contract import assert_failure, call, card


def scans(n: int) -> list[dict]:
    return [
        {"scan_id": str(uuid.uuid4()), "card_uid": card(n % 100 + 1), "status": "success",
         "scanned_at": "2025-07-04T21:15:00.123456+02:00", "context": {"screen": "bar"}}
        for n in range(n)
    ]


def upload(conn: psycopg.Connection, batch, device: str = "kiosk-bar-1") -> dict:
    return call(conn, "sp_log_nfc_scans", p_device_id=device, p_scans=batch)


def test_a_batch_is_stored_once_even_when_sent_again(db):
    batch = scans(25)
    assert upload(db, batch) == {"success": True, "inserted": 25, "duplicates": 0, "rejected": 0,
                                 "rejected_indexes": []}
    assert upload(db, batch)["duplicates"] == 25
    assert upload(db, batch + scans(5))["inserted"] == 5
    assert db.execute("SELECT count(*) FROM nfc_scans").fetchone() == (30,)
    row = db.execute(
        "SELECT device_id, card_uid, status, context FROM nfc_scans WHERE scan_id = %s",
        (batch[0]["scan_id"],),
    ).fetchone()
    assert row == ("kiosk-bar-1", card(1), "success", {"screen": "bar"})


def test_a_failed_read_has_no_card_uid(db):
    scan = {"scan_id": str(uuid.uuid4()), "card_uid": None, "status": "read_error",
            "scanned_at": "2025-07-04T21:15:00Z"}
    assert upload(db, [scan])["inserted"] == 1


def test_the_same_scan_twice_in_one_batch_is_one_row(db):
    batch = scans(1)
    assert upload(db, batch + batch) == {"success": True, "inserted": 1, "duplicates": 1,
                                         "rejected": 0, "rejected_indexes": []}


def test_invalid_scans_are_rejected_by_position_and_the_rest_is_stored(db):
    good = scans(2)
    bad = [
        5,
        "scan",
        {"scan_id": "not-a-uuid", "status": "success", "scanned_at": "2025-07-04T21:15:00Z"},
        {"scan_id": str(uuid.uuid4()), "status": "Success!", "scanned_at": "2025-07-04T21:15:00Z"},
        {"scan_id": str(uuid.uuid4()), "status": "success", "scanned_at": "yesterday"},
        {"scan_id": str(uuid.uuid4()), "status": "success", "scanned_at": "2025-13-45T99:00:00Z"},
        {"scan_id": str(uuid.uuid4()), "status": "success", "scanned_at": "now"},
        {"scan_id": str(uuid.uuid4()), "card_uid": "xyz", "status": "success",
         "scanned_at": "2025-07-04T21:15:00Z"},
        {"scan_id": str(uuid.uuid4()), "status": "success", "scanned_at": "2025-07-04T21:15:00Z",
         "context": "not an object"},
        {"scan_id": str(uuid.uuid4()), "status": "success", "scanned_at": "2025-07-04T21:15:00Z",
         "context": {"big": "x" * 5000}},
    ]
    answer = upload(db, [good[0], *bad, good[1]])
    assert answer["success"] is True
    assert (answer["inserted"], answer["duplicates"], answer["rejected"]) == (2, 0, len(bad))
    assert answer["rejected_indexes"] == list(range(1, len(bad) + 1))


def test_batches_of_the_wrong_shape_are_invalid_requests(db):
    assert_failure(upload(db, {"scan_id": "x"}), "INVALID_REQUEST")
    assert_failure(upload(db, None), "INVALID_REQUEST")
    assert_failure(upload(db, scans(1001)), "INVALID_REQUEST")
    assert upload(db, [])["inserted"] == 0
