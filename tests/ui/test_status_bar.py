"""Status bar (pytest-qt, offscreen): sync reports from a worker thread reach the labels
through the bridge's signal; offline, queue age, reader state, staff and clock."""

from __future__ import annotations

import threading
from datetime import datetime

from kiosk.controllers.status import StatusModel
from kiosk.nfc.events import ReaderState, ReaderStatus
from kiosk.ui.status_bar import StatusBar, SyncStatusBridge
from sync.service import SyncStatus
from tests.ui.fakes import FakeClock


def make_bar(qtbot, clock):
    bar = StatusBar(StatusModel("kiosk-bar-1", clock, lambda: datetime(2026, 7, 1, 1, 5)))
    qtbot.addWidget(bar)
    return bar


def test_sync_status_from_a_worker_thread_updates_the_gui(qtbot):
    bar = make_bar(qtbot, FakeClock())
    bridge = SyncStatusBridge()
    bridge.changed.connect(bar.update_sync)
    status = SyncStatus(online=False, pending_count=3, oldest_pending_age_s=150.0, last_success_at=None,
                        rejected_count=0)
    worker = threading.Thread(target=bridge.publish, args=(status,))
    worker.start()
    worker.join()
    qtbot.waitUntil(lambda: bar.connection.text() == "● OFFLINE")
    assert bar.queue.text() == "Queued: 3 · oldest 2 min"
    assert bar.connection.property("health") == "bad"


def test_queue_age_grows_between_reports(qtbot):
    clock = FakeClock()
    bar = make_bar(qtbot, clock)
    bar.update_sync(SyncStatus(True, 1, 30.0, None, 0))
    assert bar.queue.text() == "Queued: 1 · oldest 30 s"
    clock.advance(3600)
    bar.refresh()
    assert bar.queue.text() == "Queued: 1 · oldest 1 h"
    assert bar.queue.property("health") == "bad"


def test_empty_queue_and_rejections(qtbot):
    bar = make_bar(qtbot, FakeClock())
    bar.update_sync(SyncStatus(True, 0, None, None, 2))
    assert bar.connection.text() == "● Online"
    assert bar.queue.text() == "Queue empty · 2 to review"  # the supervisor tab of that name


def test_reader_device_staff_and_clock(qtbot):
    bar = make_bar(qtbot, FakeClock())
    bar.update_reader(ReaderStatus(ReaderState.LOST, "usb", "unplugged"))
    bar.set_staff("Bea Bar")
    assert bar.reader.text() == "Reader lost: reconnecting" and bar.reader.toolTip() == "unplugged"
    assert (bar.device.text(), bar.staff.text(), bar.clock.text()) == ("kiosk-bar-1", "Bea Bar", "01:05")


def test_closed_bridge_ignores_late_reports(qtbot):
    bar = make_bar(qtbot, FakeClock())
    bridge = SyncStatusBridge()
    bridge.changed.connect(bar.update_sync)
    bridge.close()
    with qtbot.assertNotEmitted(bridge.changed):
        bridge.publish(SyncStatus(False, 0, None, None, 0))
    assert bar.connection.text() == "● Connecting…"


class LaterSyncStatus:
    """SyncStatus as issue 10 extends it (conflict_count, the card cache's age)."""

    def __init__(self, **extra) -> None:
        self.online, self.pending_count, self.oldest_pending_age_s = True, 0, None
        self.last_success_at, self.rejected_count = None, 0
        self.conflict_count, self.card_cache_age_s, self.card_cache_max_age_s = 0, None, None
        self.__dict__.update(extra)


def test_insecure_backend_is_marked_permanently(qtbot):
    """Issue 10 item 4: insecure_backend = true shows on the status bar at all times."""
    bar = make_bar(qtbot, FakeClock())
    bar.show()
    assert not bar.insecure.isVisible()
    bar.set_insecure_backend(True)
    bar.update_sync(SyncStatus(True, 0, None, None, 0))
    bar.refresh()
    assert bar.insecure.isVisible() and bar.insecure.text() == "⚠ Insecure connection"
    assert bar.insecure.property("health") == "bad"


def test_card_cache_age_shows_once_past_half_of_the_maximum(qtbot):
    """Issue 10 item 6."""
    clock = FakeClock()
    bar = make_bar(qtbot, clock)
    bar.show()
    bar.update_sync(LaterSyncStatus(card_cache_age_s=1000.0, card_cache_max_age_s=3600))
    assert not bar.cache.isVisible()
    clock.advance(900)  # 1900 s: past half of an hour
    bar.refresh()
    assert bar.cache.isVisible() and bar.cache.text() == "Card list 31 min old"
    assert bar.cache.property("health") == "warn"
    clock.advance(1800)
    bar.refresh()
    assert bar.cache.property("health") == "bad"


def test_conflict_count_is_what_the_status_bar_counts(qtbot):
    bar = make_bar(qtbot, FakeClock())
    bar.update_sync(LaterSyncStatus(rejected_count=2, conflict_count=2))  # sync fills both
    assert bar.queue.text() == "Queue empty · 2 to review"


def test_a_server_that_answers_wrongly_is_its_own_state(qtbot):
    """Not "Online" (a 401 or a forged answer is no answer) and not "OFFLINE" (something did
    answer): its own words, red, the reason in the tooltip; a good answer clears it."""
    bar = make_bar(qtbot, FakeClock())
    reason = "the backend refused this device's credential (HTTP 401): bad token"
    bar.update_sync(SyncStatus(False, 1, 5.0, None, 0, untrusted_reason=reason))
    assert bar.connection.text() == "● Server answers wrongly"
    assert bar.connection.property("health") == "bad"
    assert reason in bar.connection.toolTip()
    bar.update_sync(SyncStatus(True, 0, None, None, 0))
    assert bar.connection.text() == "● Online"
    assert "HTTP 401" not in bar.connection.toolTip()
