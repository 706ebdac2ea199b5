"""Network faults between the kiosk and PostgreSQL, through a TCP proxy: answers lost after
the commit, a blackholed network, delays, and the backend coming back."""

from __future__ import annotations

import time

import pytest

from sync.service import Outcome
from tests.conftest import BAR_DEVICE, device_login
from tests.sync.helpers import BAR_STAFF, SUPERVISOR, balance, card, order, ready, wait_until

pytestmark = pytest.mark.slow


def orders_for(db, request_id) -> int:
    return db.execute(
        "SELECT count(*) FROM orders WHERE client_request_id = %s", (request_id,)
    ).fetchone()[0]


@pytest.fixture
def kiosk(make_sync, proxied):
    sync = make_sync(proxied, request_timeout_s=2.0)
    ready(sync)
    return sync


def test_an_answer_lost_after_commit_is_replayed_and_charged_once(kiosk, proxy, db):
    items, total = order(("beer", 2))
    proxy.set_mode("cut_response")
    result = kiosk.submit_order(card(30), items, total, BAR_STAFF)
    assert result.outcome is Outcome.OFFLINE_ACCEPTED  # no answer: decided offline
    assert proxy.stats.cut_responses >= 1
    assert orders_for(db, result.request_id) == 1  # ... but the server had executed it
    row = kiosk.outbox.get(result.request_id)
    assert row.offline and row.maybe_sent

    proxy.set_mode("pass")
    wait_until(lambda: kiosk.outbox.get(result.request_id).state == "done", what="the replay")
    replay = kiosk.outbox.get(result.request_id).response
    assert replay["replayed"] is True
    assert balance(db, card(30)) == 2000 - total
    assert orders_for(db, result.request_id) == 1


def test_a_lost_answer_refused_offline_is_reversed_by_the_kiosks_own_void(kiosk, proxy, db):
    """The sale may have been charged but the customer was refused: the kiosk queues a void of
    its own request, which the server accepts without a supervisor (a self-void within the
    window), so the customer is not charged and nothing is left for a supervisor."""
    with kiosk.store.write() as conn:  # a card the offline cache does not know yet
        conn.exec_driver_sql(f"DELETE FROM cards WHERE card_uid = '{card(31)}'")
    items, total = order(("wine", 1))
    proxy.set_mode("cut_response")
    result = kiosk.submit_order(card(31), items, total, BAR_STAFF)
    assert result.outcome is Outcome.OFFLINE_REFUSED and result.offline_rule == "card_unknown"
    assert orders_for(db, result.request_id) == 1 and balance(db, card(31)) == 2000 - total
    original = kiosk.outbox.get(result.request_id)
    assert original.state == "voided" and original.maybe_sent

    proxy.set_mode("pass")
    wait_until(lambda: kiosk.status().pending_count == 0, what="the automatic void")
    (auto_void,) = kiosk.outbox_entries(["done"], limit=1)
    assert auto_void.kind == "void" and auto_void.target_request_id == result.request_id
    assert auto_void.response["outcome"] == "reversed" and balance(db, card(31)) == 2000
    assert kiosk.status().conflict_count == 0


def test_a_lost_answer_refused_offline_is_voided_automatically_for_a_supervisor(kiosk, proxy, db):
    with kiosk.store.write() as conn:
        conn.exec_driver_sql(f"DELETE FROM cards WHERE card_uid = '{card(32)}'")
    items, total = order(("cocktail", 1))
    proxy.set_mode("cut_response")
    result = kiosk.submit_order(card(32), items, total, SUPERVISOR)
    assert result.outcome is Outcome.OFFLINE_REFUSED
    proxy.set_mode("pass")
    wait_until(lambda: kiosk.status().pending_count == 0, what="the automatic void")
    assert balance(db, card(32)) == 2000
    assert db.execute(
        "SELECT outcome FROM voids WHERE target_request_id = %s", (result.request_id,)
    ).fetchone()[0] == "reversed"


def test_a_blackholed_network_gives_up_within_the_timeout_and_drains_when_back(kiosk, proxy, db):
    items, total = order(("water", 2))
    warm = kiosk.submit_order(card(33), items, total, BAR_STAFF)
    assert warm.outcome is Outcome.COMPLETED
    proxy.set_mode("blackhole")
    started = time.monotonic()
    result = kiosk.submit_order(card(33), items, total, BAR_STAFF)
    elapsed = time.monotonic() - started
    assert elapsed < kiosk.request_timeout_s + 1.0, f"gave up after {elapsed:.1f} s"
    assert result.outcome is Outcome.OFFLINE_ACCEPTED
    assert kiosk.outbox.get(result.request_id).state in ("pending", "in_flight")
    assert not kiosk.status().online

    proxy.set_mode("pass")
    wait_until(lambda: kiosk.status().pending_count == 0, timeout_s=20, what="the queue to drain")
    assert kiosk.outbox.get(result.request_id).state == "done"
    assert balance(db, card(33)) == 2000 - 2 * total
    assert orders_for(db, result.request_id) == 1


def test_a_slow_network_still_answers_within_the_timeout(kiosk, proxy, db):
    proxy.set_mode("delay", delay_s=0.2)
    result = kiosk.submit_order(card(34), *order(("soft", 1)), BAR_STAFF)
    assert result.outcome is Outcome.COMPLETED and balance(db, card(34)) == 1700


def test_an_answer_slower_than_the_timeout_is_decided_offline_and_charged_once(kiosk, proxy, db):
    proxy.set_mode("delay", delay_s=2.5)
    result = kiosk.submit_order(card(35), *order(("beer", 1)), BAR_STAFF)
    assert result.outcome is Outcome.OFFLINE_ACCEPTED
    proxy.set_mode("pass")
    wait_until(lambda: kiosk.status().pending_count == 0, timeout_s=20, what="the queue to drain")
    assert balance(db, card(35)) == 1500 and orders_for(db, result.request_id) == 1


def test_a_dropped_connection_is_replaced_by_itself(kiosk, db):
    assert kiosk.submit_order(card(36), *order(("soft", 1)), BAR_STAFF).outcome is Outcome.COMPLETED
    db.execute(
        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE usename = %s",
        (device_login(BAR_DEVICE),),
    )
    result = kiosk.submit_order(card(36), *order(("soft", 1)), BAR_STAFF)
    assert result.outcome is Outcome.COMPLETED and balance(db, card(36)) == 1400


def test_a_connection_cut_after_sending_is_reported_as_maybe_sent(proxied, proxy, db):
    """The backend retries a dead idle connection once; when the retry cannot even connect,
    the result must still say the first attempt may have reached the server."""
    assert proxied.call("sp_card_status", {"p_card_uid": card(37)}).ok  # an idle connection
    proxy.set_mode("cut_response")
    result = proxied.call("sp_card_status", {"p_card_uid": card(37)})
    assert result.error_code == "NETWORK_ERROR" and result.request_sent is True
    proxy.set_mode("refuse")
    cold = proxied.call("sp_card_status", {"p_card_uid": card(37)})
    assert cold.error_code == "NETWORK_ERROR" and cold.request_sent is False
