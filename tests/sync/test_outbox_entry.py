"""What an outbox row means: OutboxEntry's accessors, on built rows and on rows as the real
Outbox stores and answers them."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

import pytest

from sync.outbox import BAR_ORDER, RECHARGE, VOID, Outbox, OutboxEntry
from sync.result import BackendResult
from sync.store import LocalStore
from tests.sync.outbox_builders import order, recharge, void, voided


def test_states_read_as_queued_refused_confirmed_and_reversed() -> None:
    sale = order([("beer", 2)], 1000)
    assert sale.confirmed and not sale.queued and not sale.refused and not sale.reversed
    for state in ("pending", "in_flight"):
        queued = replace(sale, state=state, response=None)
        assert queued.queued and not queued.confirmed and not queued.refused
    for state in ("rejected", "conflict"):
        refused = replace(sale, state=state, response={"success": False})
        assert refused.refused and not refused.confirmed and not refused.queued
    undone = voided(sale)  # confirmed, then a void reversed it: voided, answer kept
    assert undone.reversed and undone.confirmed
    never_sent = replace(sale, state="voided", response=None)
    assert not never_sent.reversed and not never_sent.confirmed
    refused_then_voided = replace(sale, state="voided", response={"success": False})
    assert not refused_then_voided.reversed and not refused_then_voided.confirmed


def test_only_queued_or_done_sales_and_recharges_are_voidable() -> None:
    sale, topup = order([("beer", 1)], 500), recharge(2000, "cash")
    assert sale.voidable and topup.voidable
    assert replace(sale, state="pending").voidable and replace(topup, state="in_flight").voidable
    for state in ("rejected", "conflict", "voided", "settled"):
        assert not replace(sale, state=state).voidable
    assert not void(sale).voidable
    assert not replace(void(sale), state="pending").voidable


def test_a_void_names_its_target_by_column_else_by_its_argument() -> None:
    sale = order([("beer", 1)], 500)
    row = void(sale)
    assert row.void_target == sale.request_id
    by_argument = replace(row, target_request_id=None)
    assert by_argument.void_target == sale.request_id
    assert replace(by_argument, payload={"p_client_request_id": "not-a-uuid"}).void_target is None
    assert replace(by_argument, payload={}).void_target is None


def test_items_total_and_method_read_the_payload_and_prefer_the_answer() -> None:
    sale = order([("beer", 2), ("cup-deposit", 2)], 1200)
    assert sale.items == (("beer", 2), ("cup-deposit", 2))
    assert sale.total_cents == 1200
    # the backend's total wins over the kiosk's expected one
    assert replace(sale, response={"success": True, "total_cents": 1100}).total_cents == 1100
    queued = replace(sale, state="pending", response=None)
    assert queued.total_cents == 1200
    # a boolean is no amount; a missing expected total is unknown
    assert replace(queued, response={"total_cents": True}).total_cents == 1200
    assert replace(queued, payload={"p_items": []}).total_cents is None
    assert replace(queued, payload={"p_items": "garbage"}).items == ()
    assert replace(queued, payload={"p_items": [{"product_id": "beer"}, 7]}).items == (("beer", 0),)

    topup = recharge(2000, "card")
    assert topup.method == "card" and topup.total_cents == 2000 and topup.items == ()
    assert replace(topup, response={"success": True, "amount_cents": 1500}).total_cents == 1500
    assert replace(topup, payload={}, response=None).total_cents is None
    assert replace(topup, payload={"p_payment_method": 3}).method is None
    assert void(topup).total_cents is None and sale.method is None


def test_arg_reads_the_stored_p_name_only() -> None:
    sale = order([("beer", 1)], 500, staff="staff-bar-9")
    assert sale.arg("staff_id") == "staff-bar-9"
    assert sale.arg("p_staff_id") is None
    assert replace(sale, payload={"staff_id": "x"}).arg("staff_id", "none") == "none"


SUCCESS = BackendResult(ok=True, data={"success": True, "total_cents": 700})


@pytest.fixture
def outbox(store_path: Path) -> Iterator[Outbox]:
    store = LocalStore(store_path).open()
    yield Outbox(store)
    store.close()


def _enqueue(outbox: Outbox, kind: str, payload: dict[str, object],
             target_request_id: uuid.UUID | None = None) -> OutboxEntry:
    rid = uuid.uuid4()
    return outbox.enqueue(kind, {"p_client_request_id": str(rid), **payload}, request_id=rid,
                          captured_at=datetime.now(UTC), target_request_id=target_request_id)


def test_rows_the_outbox_stores_and_answers_read_the_same(outbox: Outbox) -> None:
    sale = _enqueue(outbox, BAR_ORDER, {"p_items": [{"product_id": "beer", "quantity": 1}],
                                        "p_expected_total_cents": 500})
    topup = _enqueue(outbox, RECHARGE, {"p_amount_cents": 2000, "p_payment_method": "cash"})
    assert sale.queued and sale.voidable and sale.total_cents == 500 and sale.items == (("beer", 1),)
    assert topup.method == "cash" and topup.total_cents == 2000
    outbox.close([(row, SUCCESS) for row in outbox.claim_next(2)])
    stored = outbox.get(sale.request_id)
    assert stored is not None and stored.confirmed and stored.total_cents == 700

    undo = _enqueue(outbox, VOID, {}, target_request_id=sale.request_id)
    assert undo.void_target == sale.request_id and not undo.voidable
    outbox.close([(row, BackendResult(ok=True, data={"success": True, "outcome": "reversed"}))
                  for row in outbox.claim_next(1)])
    reversed_sale = outbox.get(sale.request_id)
    assert reversed_sale is not None and reversed_sale.state == "voided"
    assert reversed_sale.reversed and reversed_sale.confirmed and not reversed_sale.voidable
