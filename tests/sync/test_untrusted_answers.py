"""Answers the kiosk cannot check close nothing: behind a misbehaving HTTP server (a broken
proxy, a captive portal, a forged server) a live sale and the queued offline sales all stay
pending, and each reaches the real backend exactly once when it comes back."""

from __future__ import annotations

import time

import psycopg
import pytest

from sync.rest_backend import RestBackend
from sync.service import Outcome
from tests.sync.helpers import (
    BAR_DEVICE,
    BAR_STAFF,
    balance,
    card,
    order,
    queue_offline_sale,
    ready,
    wait_until,
)
from tests.sync.misbehaving_http import MODES, MisbehavingServer, wait_for_calls

REQUEST_TIMEOUT_S = 2.0
MARGIN_S = 1.5  # thread scheduling on a loaded 2-core machine; a correctness bound, not a benchmark


@pytest.fixture
def misbehaving(gateway):
    server = MisbehavingServer(gateway.base_url).start()
    yield server
    server.stop()


def orders_of(db, request_ids: list[str]) -> dict[str, int]:
    rows = db.execute(
        "SELECT client_request_id::text, count(*) FROM orders WHERE client_request_id = ANY(%s::uuid[])"
        " GROUP BY 1",
        (request_ids,),
    ).fetchall()
    return dict(rows)


@pytest.mark.parametrize("mode", MODES)
def test_a_misbehaving_server_closes_no_sale_and_nothing_is_lost(
    mode, misbehaving, gateway_tokens, make_sync, db
):
    backend = RestBackend(misbehaving.base_url, gateway_tokens[BAR_DEVICE], timeout_s=REQUEST_TIMEOUT_S)
    sync = make_sync(backend, request_timeout_s=REQUEST_TIMEOUT_S)
    ready(sync)  # through the proxy mode: configuration and card cache from the real gateway
    misbehaving.mode = mode
    water, water_total = order(("water", 1))
    queued = [queue_offline_sale(sync, card(n), water, water_total) for n in (21, 22, 23)]

    started = time.monotonic()
    live = sync.submit_order(card(24), *order(("beer", 1)), BAR_STAFF)
    elapsed = time.monotonic() - started
    assert live.outcome is Outcome.OFFLINE_ACCEPTED, live
    assert elapsed < REQUEST_TIMEOUT_S + MARGIN_S, f"the live sale took {elapsed:.1f} s"

    wait_for_calls(misbehaving, mode, at_least=4)  # the replay worker met it too
    request_ids = [*queued, str(live.request_id)]
    states = {str(e.request_id): e.state for e in sync.outbox.entries()}
    assert all(states[r] in ("pending", "in_flight") for r in request_ids), states
    assert sync.status().pending_count == 4
    assert orders_of(db, request_ids) == {}
    assert [balance(db, card(n)) for n in (21, 22, 23, 24)] == [2000] * 4

    misbehaving.mode = "proxy"  # the real backend is back
    wait_until(lambda: sync.status().pending_count == 0, timeout_s=30, what="the queue to drain")
    assert orders_of(db, request_ids) == dict.fromkeys(request_ids, 1)
    assert [balance(db, card(n)) for n in (21, 22, 23, 24)] == [1800, 1800, 1800, 1500]
    assert {sync.outbox.get(live.request_id).state} == {"done"}


@pytest.mark.parametrize("mode", ["slow_drip", "slow_headers"])
def test_a_slow_drip_ends_within_the_call_deadline(misbehaving, gateway_tokens, mode):
    """httpx's timeouts apply to each read: without the transport's deadline, a server that
    sends a byte of its headers every half second holds the call for ever."""
    misbehaving.mode = mode
    backend = RestBackend(misbehaving.base_url, gateway_tokens[BAR_DEVICE], timeout_s=10.0)
    started = time.monotonic()
    result = backend.call("sp_card_status", {"p_card_uid": card(1)}, timeout_s=1.5)
    elapsed = time.monotonic() - started
    assert result.error_code == "NETWORK_ERROR" and result.retryable
    assert "1.5 s" in result.message
    assert elapsed < 1.5 + 0.75, f"the call took {elapsed:.2f} s"
    backend.close()


def test_revoking_the_token_while_selling_sends_the_kiosk_offline_with_its_queue_intact(
    gateway, gateway_tokens, make_sync, db_url, db, store_path
):
    from sql.devices import revoke
    from tests.server.gateway_process import enrol_gateway_token

    backend = RestBackend(gateway.base_url, gateway_tokens[BAR_DEVICE], timeout_s=REQUEST_TIMEOUT_S)
    sync = make_sync(backend, request_timeout_s=REQUEST_TIMEOUT_S)
    ready(sync)
    beer, beer_total = order(("beer", 1))
    assert sync.submit_order(card(31), beer, beer_total, BAR_STAFF).outcome is Outcome.COMPLETED

    with psycopg.connect(db_url) as conn:
        revoke(conn, BAR_DEVICE)
    after = [sync.submit_order(card(n), beer, beer_total, BAR_STAFF) for n in (32, 33)]
    assert [r.outcome for r in after] == [Outcome.OFFLINE_ACCEPTED] * 2
    wait_until(lambda: sum(e["status"] == 401 for e in gateway.access_log()) >= 3, what="replays meeting 401")
    pending = sync.outbox.entries(["pending", "in_flight"])
    assert sorted(str(e.request_id) for e in pending) == sorted(str(r.request_id) for r in after)
    assert "credential" in (pending[0].last_error or "")
    assert [balance(db, card(n)) for n in (31, 32, 33)] == [1500, 2000, 2000]
    sync.stop()
    backend.close()

    # re-enrolled (a new token): the same store sends its queue, once
    new_token = enrol_gateway_token(db_url, BAR_DEVICE)  # enables the device again
    fresh = RestBackend(gateway.base_url, new_token, timeout_s=REQUEST_TIMEOUT_S)
    again = make_sync(fresh, path=store_path)
    wait_until(lambda: again.status().pending_count == 0, timeout_s=30, what="the queue to drain")
    assert orders_of(db, [str(r.request_id) for r in after]) == {str(r.request_id): 1 for r in after}
    assert [balance(db, card(n)) for n in (31, 32, 33)] == [1500, 1500, 1500]
    fresh.close()


@pytest.mark.parametrize("mode", ["status_401", "forged_success", "html", "redirect_302"])
def test_a_server_that_answers_wrongly_is_neither_online_nor_offline(
    mode, misbehaving, gateway_tokens, make_sync
):
    """A 401, a forged or unbelievable answer reached *a* server but not the backend: the
    status says so (not "online", which only a contract answer earns) and why; the real
    backend's next answer makes it online again."""
    backend = RestBackend(misbehaving.base_url, gateway_tokens[BAR_DEVICE], timeout_s=REQUEST_TIMEOUT_S)
    sync = make_sync(backend, request_timeout_s=REQUEST_TIMEOUT_S)
    ready(sync)
    assert sync.status().online and not sync.status().server_untrusted
    misbehaving.mode = mode
    live = sync.submit_order(card(25), *order(("water", 1)), BAR_STAFF)
    assert live.outcome is Outcome.OFFLINE_ACCEPTED, live
    status = sync.status()
    assert not status.online and status.server_untrusted, status
    assert status.untrusted_reason and "network" not in status.untrusted_reason.lower()

    misbehaving.mode = "proxy"
    wait_until(lambda: sync.status().pending_count == 0, timeout_s=30, what="the queue to drain")
    # the sender closes the answered rows, then records the answer in the status: wait for both
    wait_until(lambda: sync.status().online, timeout_s=5, what="the status to hear the real backend")
    status = sync.status()
    assert status.online and status.untrusted_reason is None, status
