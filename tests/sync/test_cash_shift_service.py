"""Cash shifts through the real KioskSync against the real test database (issue 12): open,
recharges and close online with exact figures; offline open, recharges and close replayed in
order across the replay lanes (the recharges land in the shift, the close counts them); an
online cash recharge right after a queued open waits for it instead of being refused; the
login answer's open shift; a supervisor's move and close for a cashier who left."""

from __future__ import annotations

import uuid

import psycopg
import pytest

from sync.cash_shift import ServerShift, current_shift
from sync.errors import InvalidInputError
from sync.outbox import card_lane
from sync.pg_backend import PostgresBackend
from sync.service import Outcome
from tests.sql.contract import count_drawer
from tests.sync.helpers import CASHIER, CHECKPOINT_DEVICE, SUPERVISOR, card, wait_until


@pytest.fixture
def checkpoint(make_sync, checkpoint_url):
    backend = PostgresBackend(checkpoint_url, timeout_s=5.0)
    sync = make_sync(backend, CHECKPOINT_DEVICE, replay_lanes=2)
    sync.refresh_config()
    yield sync
    backend.close()


@pytest.fixture
def offline_checkpoint(make_sync, proxy, checkpoint_url):
    backend = PostgresBackend(proxy.url_for(checkpoint_url), timeout_s=2.0)
    sync = make_sync(backend, CHECKPOINT_DEVICE, replay_lanes=2, request_timeout_s=1.0)
    sync.refresh_config()
    assert sync.refresh_cards() is not None  # the offline card cache, filled while online
    yield sync, proxy
    backend.close()


def shift_row(db: psycopg.Connection, shift_id: str) -> tuple:
    return db.execute(
        "SELECT staff_id, opening_float_cents, open_verified, closed_at IS NOT NULL, counted_cash_cents "
        "FROM cash_shifts WHERE shift_id = %s", (shift_id,)).fetchone()


def recharge_shifts(db: psycopg.Connection, request_ids) -> list:
    sql = "SELECT shift_id::text FROM recharges WHERE client_request_id = %s"
    return [db.execute(sql, (rid,)).fetchone()[0] for rid in request_ids]


def test_open_recharge_and_close_online_give_expected_counted_difference(db, checkpoint):
    sync = checkpoint
    assert sync.config.event.cash_denominations[0] == 50000  # from sp_device_config
    login = sync.staff_login(CASHIER, "234567")  # a server-verified session: a verified shift
    assert login.ok and login.data["open_cash_shift"] is None
    opened = sync.open_cash_shift(CASHIER, 10000)
    assert opened.outcome is Outcome.COMPLETED, opened
    shift_id = str(opened.request_id)
    assert opened.data["shift_id"] == shift_id and opened.data["verified"] is True
    cash = [sync.submit_recharge(card(n), 1000 + n, "cash", CASHIER) for n in (1, 2, 3)]
    by_card = sync.submit_recharge(card(4), 2500, "card", CASHIER)
    assert all(r.outcome is Outcome.COMPLETED for r in [*cash, by_card])
    figures = current_shift(sync.cash_shift_entries(), CASHIER)
    assert figures.shift_id == shift_id and figures.confirmed
    assert figures.expected_cash_cents == 10000 + 3006 and figures.card_recharges_cents == 2500
    closed = sync.close_cash_shift(CASHIER, {10000: 1, 2000: 1, 1000: 1, 5: 1})  # 5 cents short
    assert closed.outcome is Outcome.COMPLETED, closed
    data = closed.data
    assert (data["expected_cash_cents"], data["counted_cash_cents"], data["difference_cents"]) == (
        13006, 13005, -1)
    assert data["card_recharges_cents"] == 2500 and data["shift_id"] == shift_id
    assert shift_row(db, shift_id) == (CASHIER, 10000, True, True, 13005)
    assert current_shift(sync.cash_shift_entries(), CASHIER) is None
    again = sync.close_cash_shift(CASHIER, {10000: 1})
    assert again.outcome is Outcome.REJECTED and again.data["problem"] == "no_open_shift"


def test_without_a_shift_a_cash_recharge_is_refused_and_shift_already_open_is_adopted(db, checkpoint):
    sync = checkpoint
    refused = sync.submit_recharge(card(5), 1000, "cash", CASHIER)
    assert refused.outcome is Outcome.REJECTED and refused.message == "open a cash shift first"
    first = sync.open_cash_shift(CASHIER, 5000)
    second = sync.open_cash_shift(CASHIER, 9900)  # e.g. logged in again and asked for a float
    assert second.outcome is Outcome.REJECTED and second.data["problem"] == "shift_already_open"
    shift = current_shift(sync.cash_shift_entries(), CASHIER)
    assert shift.shift_id == str(first.request_id) and shift.opening_float_cents == 5000
    login = sync.staff_login(CASHIER, "234567")
    server = ServerShift.from_json(login.data.get("open_cash_shift"))
    assert server is not None and server.shift_id == str(first.request_id)


def test_offline_open_recharges_and_close_replay_in_order_across_the_lanes(db, offline_checkpoint):
    sync, proxy = offline_checkpoint
    cards = [card(n) for n in range(10, 30)]
    lanes = {card_lane(c) % 2 for c in cards}
    assert lanes == {0, 1}  # recharges in both replay lanes
    proxy.set_mode("refuse")
    opened = sync.open_cash_shift(CASHIER, 20000)
    assert opened.outcome is Outcome.OFFLINE_ACCEPTED
    recharges = [sync.submit_recharge(c, 500, "cash", CASHIER) for c in cards[:6]]
    assert all(r.outcome is Outcome.OFFLINE_ACCEPTED for r in recharges), recharges
    shown = current_shift(sync.cash_shift_entries(), CASHIER)
    assert shown.expected_cash_cents == 23000 and not shown.confirmed and shown.open_queued
    closed = sync.close_cash_shift(CASHIER, count_drawer(23000))
    assert closed.outcome is Outcome.OFFLINE_ACCEPTED
    proxy.set_mode("pass")
    sync.retry_now()
    wait_until(lambda: sync.status().pending_count == 0, 20, "the queue drained")
    shift_id = str(opened.request_id)
    assert shift_row(db, shift_id) == (CASHIER, 20000, False, True, 23000)  # replayed: unverified
    assert recharge_shifts(db, [r.request_id for r in recharges]) == [shift_id] * 6
    close = sync.outbox.get(closed.request_id)
    assert close.state == "done" and close.response["difference_cents"] == 0
    assert close.response["expected_cash_cents"] == 23000


def test_an_online_cash_recharge_after_a_queued_open_waits_for_it(db, offline_checkpoint):
    sync, proxy = offline_checkpoint
    proxy.set_mode("refuse")
    opened = sync.open_cash_shift(CASHIER, 0)
    assert opened.outcome is Outcome.OFFLINE_ACCEPTED
    proxy.set_mode("pass")
    sync._status.record(sync.probe())  # the network is back: the kiosk knows
    recharged = sync.submit_recharge(card(40), 700, "cash", CASHIER)
    # the open was sent first, so the recharge was not refused "open a cash shift first"
    assert recharged.outcome is Outcome.COMPLETED, recharged
    assert recharge_shifts(db, [recharged.request_id]) == [str(opened.request_id)]


def test_a_supervisor_moves_cash_and_closes_the_shift_of_a_cashier_who_left(db, checkpoint):
    sync = checkpoint
    opened = sync.open_cash_shift(CASHIER, 10000)
    sync.submit_recharge(card(50), 5000, "cash", CASHIER)
    assert sync.staff_login(SUPERVISOR, "999999").ok
    shift_id = str(opened.request_id)
    moved = sync.move_cash(SUPERVISOR, shift_id, 12000, "to_safe", "safe drop")
    assert moved.outcome is Outcome.COMPLETED and moved.data["expected_cash_cents"] == 3000
    too_much = sync.move_cash(SUPERVISOR, shift_id, 5000, "to_safe", "again")
    assert too_much.outcome is Outcome.REJECTED and too_much.error_code == "AMOUNT_OUT_OF_RANGE"
    with pytest.raises(InvalidInputError):
        sync.close_cash_shift(SUPERVISOR, {2000: 1}, shift_id=shift_id)  # no reason
    closed = sync.close_cash_shift(SUPERVISOR, {2000: 1, 1000: 1}, shift_id=shift_id,
                                   reason="cashier went home")
    assert closed.outcome is Outcome.COMPLETED, closed
    assert (closed.data["staff_id"], closed.data["closed_by"], closed.data["difference_cents"]) == (
        CASHIER, SUPERVISOR, 0)
    assert shift_row(db, shift_id)[3] is True


def test_bad_counts_and_floats_are_refused_before_anything_is_queued(checkpoint):
    sync = checkpoint
    for bad in ({300: 1}, {5000: -1}, {5000: 2.5}, {"5000": 1}):
        with pytest.raises(InvalidInputError):
            sync.close_cash_shift(CASHIER, bad)
    for bad_float in (-1, 10_000_001, 1.5, True):
        with pytest.raises(InvalidInputError):
            sync.open_cash_shift(CASHIER, bad_float)
    with pytest.raises(InvalidInputError):
        sync.move_cash(SUPERVISOR, uuid.uuid4(), 100, "sideways", "x")
    assert sync.outbox_entries() == []


def test_open_recharge_and_close_through_either_transport(db, make_sync, checkpoint_backend, transport):
    """The three shift calls pass the gateway's allow-list and the answer checks on REST too."""
    sync = make_sync(checkpoint_backend, CHECKPOINT_DEVICE)
    sync.refresh_config()
    opened = sync.open_cash_shift(CASHIER, 2000)
    assert opened.outcome is Outcome.COMPLETED, opened
    assert sync.submit_recharge(card(60), 1000, "cash", CASHIER).outcome is Outcome.COMPLETED
    assert sync.staff_login(SUPERVISOR, "999999").ok
    moved = sync.move_cash(SUPERVISOR, opened.request_id, 500, "to_safe", "safe drop")
    assert moved.outcome is Outcome.COMPLETED and moved.data["expected_cash_cents"] == 2500, moved
    closed = sync.close_cash_shift(CASHIER, {2000: 1, 500: 1})
    assert closed.outcome is Outcome.COMPLETED, closed
    assert (closed.data["expected_cash_cents"], closed.data["difference_cents"]) == (2500, 0)
