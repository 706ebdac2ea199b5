"""Void from the supervisor screen against the real test PostgreSQL: a sale that was sent is
reversed in the ledger; a sale still queued is voided here and tombstoned on the server."""

from __future__ import annotations

import time

import pytest

from kiosk.controllers.supervisor import OutboxView
from sync.backend import make_backend
from sync.replay import RetryPolicy
from sync.service import KioskSync, Outcome
from tests.sync.tcp_proxy import TcpProxy
from tests.ui.supervisor_screens import supervisor_screen_opener

CARD = "04DE0000000007"  # demo card: active, 2000 cents
FAST_REPLAY = RetryPolicy(base_s=0.05, cap_s=0.3, max_attempts=None)



@pytest.fixture
def proxy(pg_cluster):
    tcp_proxy = TcpProxy("127.0.0.1", pg_cluster.port).start()
    yield tcp_proxy
    tcp_proxy.stop()


@pytest.fixture
def bar_sync(tmp_path):
    made = []

    def make(url):
        backend = make_backend(url, timeout_s=2.0)
        sync = KioskSync(backend, tmp_path / "outbox.sqlite3", "kiosk-bar-1", request_timeout_s=1.0,
                         replay_policy=FAST_REPLAY, replay_idle_poll_s=0.2)
        made.append((sync, backend))
        sync.start()
        sync.refresh_config()
        return sync

    yield make
    for sync, backend in made:
        sync.stop()
        backend.close()


@pytest.fixture
def open_screen(qtbot):
    yield from supervisor_screen_opener(qtbot, load_timeout_ms=5000, done_timeout_ms=5000)


def balance(db, card=CARD):
    return db.execute("SELECT balance_cents FROM cards WHERE card_uid = %s", (card,)).fetchone()[0]


def void_from_screen(qtbot, screen, request_id, view, reason="Customer changed their mind"):
    screen.outbox_tab.show_view(view)
    assert screen.outbox_tab.select_request(request_id), f"{request_id} not in {view}"
    screen.outbox_tab.reason_combo.setEditText(reason)
    with qtbot.waitSignal(screen.void_done, timeout=10000) as signal:
        screen.outbox_tab.void_button.click()
    return signal.args[0]


def test_void_of_a_sent_sale_reverses_it_in_the_ledger(qtbot, kiosk_url, db, bar_sync,
                                                       open_screen):
    sync = bar_sync(kiosk_url)
    sale = sync.submit_order(CARD, [{"product_id": "beer", "quantity": 2}], 1000, "staff-bar-1")
    assert sale.outcome is Outcome.COMPLETED and balance(db) == 1000

    screen = open_screen(sync)
    outcome = void_from_screen(qtbot, screen, sale.request_id, OutboxView.DONE)

    assert outcome.ok, outcome.detail
    assert screen.message_label.text().startswith("Reversed")
    assert balance(db) == 2000
    entries = db.execute(
        "SELECT kind, amount_cents, new_balance_cents FROM ledger WHERE card_uid = %s "
        "AND client_request_id = %s ORDER BY entry_id", (CARD, sale.request_id)).fetchall()
    assert entries == [("order", -1000, 1000), ("void", 1000, 2000)]
    voids = db.execute("SELECT outcome, staff_id, reason FROM voids WHERE target_request_id = %s",
                       (sale.request_id,)).fetchall()
    assert voids == [("reversed", "staff-super-1", "Customer changed their mind")]
    assert screen.controller.row(sale.request_id).state == "reversed"
    assert screen.report.orders_count == 0 and screen.report.voided_orders_count == 1


def test_void_of_a_queued_sale_tombstones_it_and_it_never_charges(qtbot, kiosk_url, db, proxy,
                                                                  bar_sync, open_screen):
    sync = bar_sync(proxy.url_for(kiosk_url))
    sync.refresh_cards()  # the offline card cache, so the kiosk may sell offline
    proxy.set_mode("refuse")
    sale = sync.submit_order(CARD, [{"product_id": "wine", "quantity": 1}], 600, "staff-bar-1")
    assert sale.outcome is Outcome.OFFLINE_ACCEPTED

    screen = open_screen(sync)
    assert [r.request_id for r in screen.controller.rows(OutboxView.QUEUED)] == [sale.request_id]
    outcome = void_from_screen(qtbot, screen, sale.request_id, OutboxView.QUEUED)
    assert outcome.ok, outcome.detail
    assert "as soon as it can be reached" in screen.message_label.text()
    assert screen.controller.row(sale.request_id).state == "voided"

    proxy.set_mode("pass")
    sync.retry_now()
    deadline = time.monotonic() + 15
    while not db.execute("SELECT 1 FROM voids WHERE target_request_id = %s",
                         (sale.request_id,)).fetchone():
        assert time.monotonic() < deadline, "the queued void never reached the backend"
        time.sleep(0.05)
    assert db.execute("SELECT outcome FROM voids WHERE target_request_id = %s",
                      (sale.request_id,)).fetchone()[0] == "tombstone"
    time.sleep(0.5)  # give a (wrong) late send of the voided sale every chance to arrive
    assert db.execute("SELECT count(*) FROM ledger WHERE client_request_id = %s",
                      (sale.request_id,)).fetchone()[0] == 0
    assert balance(db) == 2000
    screen.refresh()
    qtbot.waitUntil(lambda: not screen.is_loading, timeout=5000)
    assert screen.report.queued_count == 0 and screen.report.orders_count == 0
