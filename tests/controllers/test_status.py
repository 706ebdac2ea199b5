"""The status model: online/offline, queue count and ageing oldest request, reader health."""

from __future__ import annotations

from datetime import datetime

from kiosk.controllers.status import Health, StatusModel, age_parts
from kiosk.nfc.events import ReaderState, ReaderStatus
from sync.status import SyncStatus
from tests.ui.fakes import FakeClock


def status(online=True, pending=0, oldest=None, rejected=0) -> SyncStatus:
    return SyncStatus(online=online, pending_count=pending, oldest_pending_age_s=oldest,
                      last_success_at=None, rejected_count=rejected, conflict_count=rejected)


def model(clock: FakeClock) -> StatusModel:
    return StatusModel("kiosk-bar-1", clock, lambda: datetime(2026, 7, 1, 23, 41))


def test_nothing_known_yet_is_unknown_not_green():
    view = model(FakeClock()).view()
    assert view.online is None and view.connection_health is Health.UNKNOWN
    assert view.reader_health is Health.UNKNOWN


def test_offline_is_bad_and_queue_age_keeps_growing_between_reports():
    clock = FakeClock()
    m = model(clock)
    m.update_sync(status(online=False, pending=3, oldest=100.0))
    assert m.view().connection_health is Health.BAD
    assert m.view().queue_health is Health.GOOD
    clock.advance(30)
    view = m.view()
    assert view.oldest_pending_age_s == 130.0 and view.queue_health is Health.WARN
    clock.advance(900)
    assert m.view().queue_health is Health.BAD


def test_rejected_requests_need_a_supervisor():
    m = model(FakeClock())
    m.update_sync(status(rejected=1))
    assert m.view().queue_health is Health.BAD


def test_reader_states_map_to_health():
    m = model(FakeClock())
    m.update_reader(ReaderStatus(ReaderState.CONNECTED, "sim", "ok"))
    assert m.view().reader_health is Health.GOOD
    m.update_reader(ReaderStatus(ReaderState.LOST, "usb", "unplugged"))
    view = m.view()
    assert view.reader_health is Health.BAD and view.reader_reason == "unplugged"


def test_age_parts():
    assert age_parts(42) == (42, "s")
    assert age_parts(150) == (2, "min")
    assert age_parts(7300) == (2, "h")
    assert age_parts(-5) == (0, "s")
