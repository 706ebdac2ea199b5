"""KioskSync against the real test database: online, offline within and beyond the limits,
replay, cards, voids, status, and concurrent callers."""

from __future__ import annotations

import threading

import pytest

from sync.errors import BackendUnavailable, CardUnknown, ConfigUnavailable, InvalidInputError
from sync.pg_backend import PostgresBackend
from sync.service import Outcome
from tests.sync.helpers import (
    BAR_STAFF,
    CASHIER,
    CHECKPOINT_DEVICE,
    SUPERVISOR,
    balance,
    card,
    order,
    ready,
    wait_until,
)


def test_an_online_order_completes_and_is_recorded(make_sync, pg, db):
    sync = make_sync(pg)
    ready(sync)
    items, total = order(("beer", 2), ("cup-deposit", 2))
    result = sync.submit_order(card(1), items, total, BAR_STAFF)
    assert result.outcome is Outcome.COMPLETED and result.ok
    assert (result.previous_balance_cents, result.new_balance_cents) == (2000, 2000 - total)
    assert balance(db, card(1)) == 2000 - total
    entry = sync.outbox.get(result.request_id)
    assert entry.state == "done" and not entry.offline and entry.answered_live
    assert sync.cards.get(card(1)).balance_cents == 2000 - total
    assert sync.status().pending_count == 0 and sync.status().online


def test_an_online_refusal_is_rejected_with_the_reason_but_is_no_conflict(make_sync, pg):
    sync = make_sync(pg)
    ready(sync)
    items, total = order(("cocktail", 1))
    result = sync.submit_order(card(81), items, total, BAR_STAFF)
    assert result.outcome is Outcome.REJECTED and not result.ok
    assert result.error_code == "INSUFFICIENT_FUNDS" and result.data["balance_cents"] == 0
    assert sync.outbox.get(result.request_id).state == "rejected"
    assert sync.status().rejected_count == 0


def test_offline_sales_within_limits_are_accepted_and_replayed_when_back(make_sync, proxied, proxy, db):
    sync = make_sync(proxied)
    ready(sync)
    proxy.set_mode("refuse")
    items, total = order(("beer", 3))  # 1500 of the card's 2000
    accepted = sync.submit_order(card(7), items, total, BAR_STAFF)
    assert accepted.outcome is Outcome.OFFLINE_ACCEPTED and accepted.ok and accepted.message
    more_items, more_total = order(("beer", 1), ("wine", 1))  # 1100 > 500 left
    refused = sync.submit_order(card(7), more_items, more_total, BAR_STAFF)
    assert refused.outcome is Outcome.OFFLINE_REFUSED and refused.error_code == "OFFLINE_REFUSED"
    assert "insufficient funds" in refused.message
    unknown = sync.submit_order("04FFFFFFFFFFFF", items, total, BAR_STAFF)
    assert unknown.offline_rule == "card_unknown"
    assert not sync.status().online and sync.status().pending_count == 1
    refused_row = sync.outbox.get(refused.request_id)
    assert refused_row.state == "voided" and not refused_row.maybe_sent  # never left the kiosk
    assert sync.outbox.get(accepted.request_id).offline

    proxy.set_mode("pass")
    wait_until(lambda: sync.status().pending_count == 0, what="the queue to drain")
    assert balance(db, card(7)) == 2000 - total
    offline_flag = db.execute(
        "SELECT offline FROM orders WHERE client_request_id = %s", (accepted.request_id,)
    ).fetchone()[0]
    assert offline_flag is True
    assert db.execute(
        "SELECT count(*) FROM orders WHERE client_request_id = %s", (refused.request_id,)
    ).fetchone()[0] == 0
    assert sync.status().online and sync.status().rejected_count == 0


def test_an_offline_sale_the_backend_refuses_becomes_a_conflict(make_sync, proxied, proxy, db):
    sync = make_sync(proxied)
    ready(sync)
    proxy.set_mode("refuse")
    db.execute("UPDATE cards SET status = 'blocked' WHERE card_uid = %s", (card(8),))  # unknown to the cache
    items, total = order(("water", 1))
    accepted = sync.submit_order(card(8), items, total, BAR_STAFF)
    assert accepted.outcome is Outcome.OFFLINE_ACCEPTED
    proxy.set_mode("pass")
    wait_until(lambda: sync.status().rejected_count == 1, what="the conflict")
    row = sync.outbox.get(accepted.request_id)
    assert row.state == "conflict" and row.error_code == "CARD_BLOCKED" and row.is_conflict
    assert sync.cards.get(card(8)).status == "blocked"  # the cache learnt it


def test_offline_recharges_for_cash_only(make_sync, proxy, checkpoint_url, db):
    proxied = PostgresBackend(proxy.url_for(checkpoint_url), timeout_s=2.0, connect_timeout_s=2.0)
    sync = make_sync(proxied, CHECKPOINT_DEVICE)
    ready(sync)
    proxy.set_mode("refuse")
    cash = sync.submit_recharge(card(83), 2000, "cash", CASHIER)
    assert cash.outcome is Outcome.OFFLINE_ACCEPTED
    by_card = sync.submit_recharge(card(83), 2000, "card", CASHIER)
    assert by_card.outcome is Outcome.OFFLINE_REFUSED and by_card.offline_rule == "method_online_only"
    proxy.set_mode("pass")
    wait_until(lambda: sync.status().pending_count == 0, what="the queue to drain")
    assert balance(db, card(83)) == 2000
    proxied.close()


def test_card_info_online_offline_and_unknown(make_sync, proxied, proxy):
    sync = make_sync(proxied)
    ready(sync)
    online = sync.card_info(card(9))
    assert (online.balance_cents, online.status, online.from_cache) == (2000, "active", False)
    assert online.recent and online.recent[0]["kind"] == "initial"
    with pytest.raises(CardUnknown):
        sync.card_info("04FFFFFFFFFFFF")
    proxy.set_mode("refuse")
    items, total = order(("beer", 1))
    assert sync.submit_order(card(9), items, total, BAR_STAFF).outcome is Outcome.OFFLINE_ACCEPTED
    offline = sync.card_info(card(9))
    assert offline.from_cache and offline.balance_cents == 1500  # minus this kiosk's offline sale
    with pytest.raises(BackendUnavailable, match="not in the offline cache"):
        sync.card_info("04EEEEEEEEEEEE")


def test_a_supervisor_blocks_a_card_and_offline_sales_to_it_stop(make_sync, proxied, proxy):
    sync = make_sync(proxied)
    ready(sync)
    assert sync.set_card_status(card(10), "blocked", BAR_STAFF, "lost").error_code == "UNAUTHORIZED"
    # without a session the server verified on this device, not even a supervisor may
    assert sync.set_card_status(card(10), "blocked", SUPERVISOR, "lost").error_code == "UNAUTHORIZED"
    assert sync.staff_login(SUPERVISOR, "999999").ok
    result = sync.set_card_status(card(10), "blocked", SUPERVISOR, "lost card")
    assert result.ok and sync.cards.get(card(10)).status == "blocked"
    proxy.set_mode("refuse")
    items, total = order(("water", 1))
    assert sync.submit_order(card(10), items, total, BAR_STAFF).offline_rule == "card_blocked"


def test_voiding_a_pending_request_offline_leaves_a_tombstone_when_back(make_sync, proxied, proxy, db):
    sync = make_sync(proxied)
    ready(sync)
    proxy.set_mode("refuse")
    items, total = order(("wine", 1))
    sale = sync.submit_order(card(11), items, total, BAR_STAFF)
    assert sale.outcome is Outcome.OFFLINE_ACCEPTED
    queued = sync.void_request(sale.request_id, SUPERVISOR, "customer changed their mind")
    assert queued.retryable and queued.error_code == "NETWORK_ERROR"
    assert sync.outbox.get(sale.request_id).state == "voided"
    proxy.set_mode("pass")
    wait_until(lambda: sync.status().pending_count == 0, what="the void to be sent")
    outcome = db.execute(
        "SELECT outcome FROM voids WHERE target_request_id = %s", (sale.request_id,)
    ).fetchone()[0]
    assert outcome == "tombstone"
    assert balance(db, card(11)) == 2000
    assert [e.state for e in sync.outbox_entries()] == ["done", "voided"]


def test_voiding_a_completed_sale_reverses_it(make_sync, pg, db):
    sync = make_sync(pg)
    ready(sync)
    items, total = order(("cocktail", 1))
    sale = sync.submit_order(card(12), items, total, BAR_STAFF)
    assert balance(db, card(12)) == 2000 - total
    result = sync.void_request(sale.request_id, SUPERVISOR, "wrong drink")
    assert result.ok and result.data["outcome"] == "reversed"
    assert balance(db, card(12)) == 2000
    assert sync.outbox.get(sale.request_id).state == "voided"
    with pytest.raises(InvalidInputError, match="reason"):
        sync.void_request(sale.request_id, SUPERVISOR, " ")


def test_configuration_online_cached_and_missing(make_sync, proxied, proxy, store_path, tmp_path):
    sync = make_sync(proxied)
    assert sync.refresh_config().point_of_sale_id == "bar-main"
    proxy.set_mode("refuse")
    assert sync.refresh_config().device_id == "kiosk-bar-1"  # the cached copy
    fresh = make_sync(proxied, path=tmp_path / "other.sqlite3")
    with pytest.raises(ConfigUnavailable, match="no saved configuration"):
        fresh.refresh_config()
    with pytest.raises(ConfigUnavailable):
        fresh.submit_order(card(1), *order(("beer", 1)), BAR_STAFF)


def test_an_unknown_device_gets_no_configuration_and_loses_its_cache(make_sync, pg, db):
    sync = make_sync(pg)
    sync.refresh_config()
    db.execute("UPDATE devices SET enabled = false WHERE device_id = 'kiosk-bar-1'")
    with pytest.raises(ConfigUnavailable, match="refused this device"):
        sync.refresh_config()
    assert sync.config is None and sync.config_cache.load("kiosk-bar-1") is None


def test_bad_input_is_refused_before_anything_is_written(make_sync, pg):
    sync = make_sync(pg)
    ready(sync)
    with pytest.raises(InvalidInputError):
        sync.submit_order("nope", [{"product_id": "beer", "quantity": 1}], 500, BAR_STAFF)
    with pytest.raises(InvalidInputError):
        sync.submit_order(card(1), [{"product_id": "beer", "quantity": 100}], 500, BAR_STAFF)
    with pytest.raises(InvalidInputError):
        sync.submit_order(card(1), [{"product_id": "beer", "quantity": 1}], 5.0, BAR_STAFF)
    with pytest.raises(ConfigUnavailable, match="configured as a bar"):
        sync.submit_recharge(card(1), 100, "cash", BAR_STAFF)
    assert sync.outbox_entries() == []


def test_status_subscribers_hear_about_offline_queue_and_recovery(make_sync, proxied, proxy):
    sync = make_sync(proxied)
    ready(sync)
    seen = []
    sync.subscribe(seen.append)
    proxy.set_mode("refuse")
    sync.submit_order(card(13), *order(("soft", 1)), BAR_STAFF)
    assert any(not s.online and s.pending_count == 1 for s in seen)
    proxy.set_mode("pass")
    sync.retry_now()
    wait_until(lambda: seen[-1].online and seen[-1].pending_count == 0, what="the recovered status")
    assert seen[-1].last_success_at is not None and seen[-1].oldest_pending_age_s is None


def test_concurrent_callers_and_the_replay_worker_lose_nothing(make_sync, proxied, proxy, db):
    sync = make_sync(proxied)
    ready(sync)
    proxy.set_mode("refuse")
    offline = [sync.submit_order(card(20 + i), *order(("water", 1)), BAR_STAFF) for i in range(10)]
    assert all(r.outcome is Outcome.OFFLINE_ACCEPTED for r in offline)
    proxy.set_mode("pass")
    # known offline, the kiosk decides offline at once until the replay worker reaches the backend
    wait_until(lambda: sync.status().online, what="the replay worker to find the backend back")
    results, errors = [], []

    def worker(first_card: int) -> None:
        try:
            for i in range(15):
                results.append(sync.submit_order(card(first_card + i % 5), *order(("soft", 1)), BAR_STAFF))
        except Exception as exc:  # pragma: no cover - the assertion below reports it
            errors.append(exc)

    threads = [threading.Thread(target=worker, args=(20 + 5 * t,)) for t in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    wait_until(lambda: sync.status().pending_count == 0, what="the queue to drain")
    assert len(results) == 60 and all(r.outcome is Outcome.COMPLETED for r in results)
    charged = db.execute(
        "SELECT coalesce(sum(2000 - balance_cents), 0) FROM cards WHERE card_uid BETWEEN %s AND %s",
        (card(20), card(39)),
    ).fetchone()[0]
    assert charged == 10 * 200 + 60 * 300
    assert db.execute("SELECT count(*) FROM orders").fetchone()[0] == 70


def test_the_rest_transport_works_end_to_end(make_sync, rest_backend, gateway, db):
    sync = make_sync(rest_backend)
    ready(sync)
    result = sync.submit_order(card(14), *order(("beer", 1)), BAR_STAFF)
    assert result.outcome is Outcome.COMPLETED and balance(db, card(14)) == 1500
    assert any(e["path"] == "/rpc/sp_process_bar_order" and e["status"] == 200 for e in gateway.access_log())


def test_stop_ends_the_worker_threads(make_sync, pg):
    sync = make_sync(pg)
    ready(sync)
    sync.stop()  # waits about a second at most; a thread stuck in a call ends after it
    sync.replay.join(10)
    sync.upkeep._thread.join(10)
    assert not sync.replay.is_alive() and not sync.upkeep._thread.is_alive()
