"""Builders of outbox entries shaped like sync's OutboxEntry, for the supervisor controllers' tests."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta

SHIFT_START = datetime(2026, 7, 4, 18, 0, tzinfo=UTC)


@dataclass(frozen=True)
class Entry:
    request_id: uuid.UUID
    kind: str
    payload: dict
    state: str
    offline: bool = False
    captured_at: datetime = SHIFT_START
    updated_at: datetime = SHIFT_START
    response: dict | None = None
    error_code: str | None = None
    age_s: float = 0.0
    target_request_id: uuid.UUID | None = None
    maybe_sent: bool = False
    answered_live: bool = False
    last_error: str | None = None


def _money_entry(rid: uuid.UUID, kind: str, payload: dict, state: str, offline: bool, minute: int,
                 response: dict | None, error_code: str | None, *, success: dict) -> Entry:
    """A bar order or recharge row captured `minute` minutes into the shift; a done row keeps
    `success` as its answer unless another response is given."""
    if response is None and state == "done":
        response = success
    return Entry(rid, kind, payload, state, offline,
                 SHIFT_START + timedelta(minutes=minute), response=response,
                 error_code=error_code)


def order(items, total, *, state="done", minute=0, staff="staff-bar-1", card="04DE0000000001",
          offline=False, response=None, error_code=None) -> Entry:
    rid = uuid.uuid4()
    payload = {
        "p_client_request_id": str(rid), "p_card_uid": card,
        "p_items": [{"product_id": p, "quantity": q} for p, q in items],
        "p_expected_total_cents": total, "p_point_of_sale_id": "bar-main",
        "p_device_id": "kiosk-bar-1", "p_staff_id": staff,
    }
    return _money_entry(rid, "bar_order", payload, state, offline, minute, response, error_code,
                        success={"success": True, "total_cents": total, "card_uid": card})


def recharge(amount, method, *, state="done", minute=0, staff="staff-cashier-1",
             card="04DE0000000002", offline=False, response=None, error_code=None) -> Entry:
    rid = uuid.uuid4()
    payload = {
        "p_client_request_id": str(rid), "p_card_uid": card, "p_amount_cents": amount,
        "p_payment_method": method, "p_checkpoint_id": "checkpoint-1",
        "p_device_id": "kiosk-checkpoint-1", "p_staff_id": staff,
    }
    return _money_entry(rid, "recharge", payload, state, offline, minute, response, error_code,
                        success={"success": True, "amount_cents": amount, "card_uid": card})


def void(target: Entry, *, state="done", minute=0, staff="staff-super-1",
         reason="Wrong amount") -> Entry:
    payload = {
        "p_client_request_id": str(target.request_id), "p_device_id": "kiosk-bar-1",
        "p_staff_id": staff, "p_reason": reason,
    }
    return Entry(uuid.uuid4(), "void", payload, state,
                 captured_at=SHIFT_START + timedelta(minutes=minute),
                 response={"success": True} if state == "done" else None,
                 target_request_id=target.request_id)


def voided(target: Entry) -> Entry:
    """The target row as sync leaves it once a void of it succeeded: state voided, answer kept."""
    return replace(target, state="voided")


def refused_offline_but_booked(items, total, *, minute=0) -> tuple[Entry, Entry]:
    """Issue 11 item 1 as sync leaves it: the online attempt timed out (maybe sent), the sale
    was refused offline and voided here, and its automatic void was refused by the backend,
    which had booked the sale. Returns (the sale row, its refused void row)."""
    sale = replace(
        order(items, total, minute=minute, state="voided"),
        error_code="OFFLINE_REFUSED", maybe_sent=True,
        last_error="offline limit per card reached: 30.00 already taken offline",
    )
    refused = replace(
        void(sale, state="rejected", staff="staff-bar-1", minute=minute,
             reason="refused offline after the online attempt got no answer"),
        response={"success": False, "error_code": "UNAUTHORIZED",
                  "message": "only a supervisor may void"},
        error_code="UNAUTHORIZED",
    )
    return sale, refused
