"""The scan log: every tap logged locally, uploaded in batches, pruned after retention."""

from __future__ import annotations

import pytest

from sync.pg_backend import PostgresBackend
from sync.scan_log import ScanLog
from sync.store import LocalStore
from tests.sync.helpers import card


@pytest.fixture
def kiosk(make_sync, kiosk_url):
    backend = PostgresBackend(kiosk_url)
    sync = make_sync(backend, start=False, upkeep_interval_s=3600)
    sync.open()
    yield sync
    backend.close()


def test_taps_are_logged_with_their_context(kiosk):
    from sync.ids import new_request_id

    request_id = new_request_id()
    scan_id = kiosk.log_scan(card(1), "success", "bar", request_id)
    kiosk.log_scan(None, "read_error", "bar")
    garbled = kiosk.log_scan("zz:not-hex", "read_error", "checkpoint")
    newest, middle, oldest = kiosk.scan_entries()
    assert oldest.scan_id == scan_id and oldest.card_uid == card(1) and oldest.status == "success"
    assert oldest.request_id == request_id and oldest.screen == "bar"
    assert middle.card_uid is None and newest.scan_id == garbled and newest.card_uid is None
    assert not any(e.uploaded for e in (newest, middle, oldest))
    with pytest.raises(ValueError, match="lowercase word"):
        kiosk.log_scan(card(1), "Bad Status!", "bar")


def test_scans_are_uploaded_in_batches_once(kiosk, db):
    for i in range(25):
        kiosk.log_scan(card(1 + i % 5), "success", "bar")
    kiosk.log_scan(None, "read_error", "bar")
    assert kiosk.upload_scans(batch_size=10) == 26
    assert kiosk.upload_scans(batch_size=10) == 0  # nothing left: nothing sent twice
    stored = db.execute("SELECT count(*), count(card_uid) FROM nfc_scans WHERE device_id = 'kiosk-bar-1'")
    assert stored.fetchone() == (26, 25)
    context = db.execute("SELECT context FROM nfc_scans WHERE card_uid IS NULL").fetchone()[0]
    assert context["screen"] == "bar"
    assert all(e.uploaded for e in kiosk.scan_entries())


def test_a_resent_batch_inserts_nothing_twice(kiosk, db):
    kiosk.log_scan(card(2), "duplicate", "bar")
    batch = [scan for _, scan in kiosk.scans.pending_upload(10)]
    args = {"p_device_id": "kiosk-bar-1", "p_scans": batch}
    assert kiosk.backend.call("sp_log_nfc_scans", args).data["inserted"] == 1
    assert kiosk.upload_scans() == 1
    assert db.execute("SELECT count(*) FROM nfc_scans").fetchone()[0] == 1


def test_uploaded_scans_are_pruned_after_the_retention_period(store_path):
    now = [1_000_000.0]
    store = LocalStore(store_path).open()
    log = ScanLog(store, clock=lambda: now[0])
    log.append(card(1), "success", "bar")
    log.append(card(2), "success", "bar")
    seq_first = log.pending_upload(1)[0][0]
    log.mark_uploaded([seq_first])
    now[0] += 8 * 86400
    assert log.prune(7 * 86400) == 1  # the unsent one stays, however old
    assert log.count() == (1, 1)
    store.close()
