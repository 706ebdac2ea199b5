"""KioskSync's offline behaviour against the real test database behind a TCP proxy: once the
backend is known unreachable a sale decides at once and a background probe finds the backend
again; a stale card cache sells nothing offline and says so on the status; offline credits
count against the caps; a tap's scan is written with its request."""

from __future__ import annotations

import time

import pytest

from sync.errors import InvalidInputError
from sync.pg_backend import PostgresBackend
from sync.service import Outcome
from tests.sync.helpers import BAR_STAFF, CASHIER, CHECKPOINT_DEVICE, card, order, ready, wait_until


def timed(call):
    t0 = time.monotonic()
    result = call()
    return result, time.monotonic() - t0


def test_once_known_offline_a_sale_decides_at_once_instead_of_waiting_the_timeout(make_sync, proxied, proxy):
    sync = make_sync(proxied, request_timeout_s=1.5)
    ready(sync)
    proxy.set_mode("blackhole")  # a dead router: every call waits its whole deadline
    items, total = order(("water", 1))
    first, first_s = timed(lambda: sync.submit_order(card(40), items, total, BAR_STAFF))
    assert first.outcome is Outcome.OFFLINE_ACCEPTED and first_s >= 1.0
    assert not sync.status().online and sync.known_unreachable()
    for n in range(41, 44):
        result, seconds = timed(lambda n=n: sync.submit_order(card(n), items, total, BAR_STAFF))
        assert result.outcome is Outcome.OFFLINE_ACCEPTED
        assert seconds < 0.5, f"a known-offline sale took {seconds:.2f} s (timeout 1.5 s)"
    proxy.set_mode("pass")
    wait_until(lambda: sync.status().online and sync.status().pending_count == 0, what="the queue to drain")
    online, _ = timed(lambda: sync.submit_order(card(44), items, total, BAR_STAFF))
    assert online.outcome is Outcome.COMPLETED


def test_with_an_empty_queue_the_probe_finds_the_backend_back(make_sync, proxied, proxy):
    sync = make_sync(proxied)
    ready(sync)
    proxy.set_mode("refuse")
    assert sync.refresh_cards() is None  # a call that finds the backend unreachable
    assert sync.status().pending_count == 0
    assert sync.known_unreachable()
    proxy.set_mode("pass")
    # the upkeep worker is idle for an hour in these tests: only the replay worker's probe can tell
    wait_until(lambda: sync.status().online, what="the probe to reach the backend")
    assert not sync.known_unreachable()
    items, total = order(("water", 1))
    assert sync.submit_order(card(45), items, total, BAR_STAFF).outcome is Outcome.COMPLETED


def age_cache(sync, seconds: float) -> None:
    with sync.store.write() as conn:
        conn.exec_driver_sql(
            "UPDATE settings SET value = ? WHERE key = 'cards_refreshed_at'", (repr(time.time() - seconds),)
        )


def test_a_stale_card_cache_sells_nothing_offline_and_the_status_shows_its_age(make_sync, proxied, proxy):
    sync = make_sync(proxied)
    ready(sync)
    status = sync.status()
    assert status.card_cache_max_age_s == 21600 and 0 <= status.card_cache_age_s < 60
    assert not status.card_cache_age_notable and not status.card_cache_stale
    age_cache(sync, 11_000)
    assert sync.status().card_cache_age_notable and not sync.status().card_cache_stale
    age_cache(sync, 30 * 86_400)
    assert sync.status().card_cache_stale
    proxy.set_mode("refuse")
    items, total = order(("beer", 1))
    refused = sync.submit_order(card(46), items, total, BAR_STAFF)
    assert refused.outcome is Outcome.OFFLINE_REFUSED and refused.offline_rule == "cache_stale"
    assert (
        refused.offline_details["max_age_s"] == 21600 and refused.offline_details["age_s"] >= 30 * 86_400 - 5
    )
    assert sync.outbox.get(refused.request_id).state == "voided"
    proxy.set_mode("pass")
    wait_until(lambda: sync.status().online, what="the probe")
    assert sync.refresh_cards() is not None  # a successful refresh makes the cache young again
    assert sync.status().card_cache_age_s < 60 and not sync.status().card_cache_stale


def test_offline_cup_returns_count_against_the_per_card_cap(make_sync, proxied, proxy):
    sync = make_sync(proxied)
    ready(sync)
    proxy.set_mode("refuse")
    beers, beer_total = order(("beer", 4))  # 2000 of the 3000 per-card cap
    assert sync.submit_order(card(47), beers, beer_total, BAR_STAFF).outcome is Outcome.OFFLINE_ACCEPTED
    cups, cups_total = order(("cup-return", 10))  # -1000 takes the cap to 3000
    assert sync.submit_order(card(47), cups, cups_total, BAR_STAFF).outcome is Outcome.OFFLINE_ACCEPTED
    one, one_total = order(("cup-return", 1))
    refused = sync.submit_order(card(47), one, one_total, BAR_STAFF)
    assert refused.outcome is Outcome.OFFLINE_REFUSED and refused.offline_rule == "card_limit"


def test_an_offline_recharge_may_not_pass_the_maximum_balance(make_sync, checkpoint_url):
    backend = PostgresBackend(checkpoint_url, timeout_s=2.0)
    sync = make_sync(backend, CHECKPOINT_DEVICE)
    ready(sync)
    with sync.store.write() as conn:  # the cache says the card is nearly full
        conn.exec_driver_sql("UPDATE cards SET balance_cents = 48500 WHERE card_uid = ?", (card(48),))
    sync.known_unreachable = lambda: True  # decide offline without waiting for a network fault
    refused = sync.submit_recharge(card(48), 2000, "cash", CASHIER)
    assert refused.outcome is Outcome.OFFLINE_REFUSED and refused.offline_rule == "balance_limit"
    assert sync.submit_recharge(card(48), 1500, "cash", CASHIER).outcome is Outcome.OFFLINE_ACCEPTED
    backend.close()


def test_a_taps_scan_is_written_with_its_request_and_follows_the_outcome(make_sync, pg):
    sync = make_sync(pg)
    ready(sync)
    items, total = order(("soft", 1))
    done = sync.submit_order(card(49), items, total, BAR_STAFF, scan_screen="bar")
    short = sync.submit_order(card(85), items, total, BAR_STAFF, scan_screen="bar")  # holds 0
    scans = {s.request_id: s for s in sync.scan_entries()}
    assert done.scan_id is not None and scans[done.request_id].scan_id == done.scan_id
    assert (scans[done.request_id].status, scans[done.request_id].screen) == ("success", "bar")
    assert scans[short.request_id].status == "insufficient_funds"


def test_a_scan_that_cannot_be_written_leaves_no_request_behind(make_sync, pg, monkeypatch):
    sync = make_sync(pg)
    ready(sync)
    before = len(sync.outbox_entries())

    def broken(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(sync.scans, "append", broken)
    items, total = order(("soft", 1))
    with pytest.raises(RuntimeError, match="disk full"):
        sync.submit_order(card(50), items, total, BAR_STAFF, scan_screen="bar")
    assert len(sync.outbox_entries()) == before  # one transaction: no request without its scan
    with pytest.raises(InvalidInputError, match="screen must be text"):
        sync.submit_order(card(50), items, total, BAR_STAFF, scan_screen=7)
