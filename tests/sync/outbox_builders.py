"""Builders of sync's OutboxEntry rows as sync leaves them, for the shift report's, the
supervisor's and the screens' tests."""

from __future__ import annotations

import itertools
import uuid
from dataclasses import replace
from datetime import UTC, datetime, timedelta

from sync.outbox import KIND_FUNCTIONS, OutboxEntry

SHIFT_START = datetime(2026, 7, 4, 18, 0, tzinfo=UTC)
_SEQ = itertools.count(1)


def _entry(request_id: uuid.UUID, kind: str, payload: dict, state: str, offline: bool = False,
          captured_at: datetime = SHIFT_START, *, response: dict | None = None,
          error_code: str | None = None, target_request_id: uuid.UUID | None = None,
          amount_cents: int = 0) -> OutboxEntry:
    """A row of `kind` with its payload; card and staff columns as sync fills them."""
    return OutboxEntry(
        seq=next(_SEQ), request_id=request_id, kind=kind, function=KIND_FUNCTIONS[kind],
        payload=payload, state=state, offline=offline, captured_at=captured_at,
        updated_at=SHIFT_START, response=response, error_code=error_code, age_s=0.0,
        card_uid=payload.get("p_card_uid"), amount_cents=amount_cents,
        target_request_id=target_request_id, staff_id=payload.get("p_staff_id"), attempts=0,
        maybe_sent=False, last_error=None,
    )


def _money_entry(rid: uuid.UUID, kind: str, payload: dict, state: str, offline: bool, minute: int,
                 response: dict | None, error_code: str | None, *, success: dict,
                 amount: int) -> OutboxEntry:
    """A bar order or recharge row captured `minute` minutes into the shift; a done row keeps
    `success` as its answer unless another response is given."""
    if response is None and state == "done":
        response = success
    return _entry(rid, kind, payload, state, offline,
                 SHIFT_START + timedelta(minutes=minute), response=response,
                 error_code=error_code, amount_cents=amount)


def order(items, total, *, state="done", minute=0, staff="staff-bar-1", card="04DE0000000001",
          offline=False, response=None, error_code=None) -> OutboxEntry:
    rid = uuid.uuid4()
    payload = {
        "p_client_request_id": str(rid), "p_card_uid": card,
        "p_items": [{"product_id": p, "quantity": q} for p, q in items],
        "p_expected_total_cents": total, "p_point_of_sale_id": "bar-main",
        "p_device_id": "kiosk-bar-1", "p_staff_id": staff,
    }
    return _money_entry(rid, "bar_order", payload, state, offline, minute, response, error_code,
                        success={"success": True, "total_cents": total, "card_uid": card},
                        amount=total)


def recharge(amount, method, *, state="done", minute=0, staff="staff-cashier-1",
             card="04DE0000000002", offline=False, response=None, error_code=None) -> OutboxEntry:
    rid = uuid.uuid4()
    payload = {
        "p_client_request_id": str(rid), "p_card_uid": card, "p_amount_cents": amount,
        "p_payment_method": method, "p_checkpoint_id": "checkpoint-1",
        "p_device_id": "kiosk-checkpoint-1", "p_staff_id": staff,
    }
    return _money_entry(rid, "recharge", payload, state, offline, minute, response, error_code,
                        success={"success": True, "amount_cents": amount, "card_uid": card},
                        amount=amount)


def void(target: OutboxEntry, *, state="done", minute=0, staff="staff-super-1",
         reason="Wrong amount") -> OutboxEntry:
    payload = {
        "p_client_request_id": str(target.request_id), "p_device_id": "kiosk-bar-1",
        "p_staff_id": staff, "p_reason": reason,
    }
    return _entry(uuid.uuid4(), "void", payload, state,
                 captured_at=SHIFT_START + timedelta(minutes=minute),
                 response={"success": True} if state == "done" else None,
                 target_request_id=target.request_id)


def voided(target: OutboxEntry) -> OutboxEntry:
    """The target row as sync leaves it once a void of it succeeded: state voided, answer kept."""
    return replace(target, state="voided")


def refused_offline_but_booked(items, total, *, minute=0) -> tuple[OutboxEntry, OutboxEntry]:
    """Issue 11 item 1 as sync leaves it: the online attempt timed out (maybe sent), the sale
    was refused offline and voided here, and its automatic void was refused by the backend,
    which had booked the sale: a refusal nobody saw live, so a conflict. Returns (the sale
    row, its refused void row)."""
    sale = replace(
        order(items, total, minute=minute, state="voided"),
        error_code="OFFLINE_REFUSED", maybe_sent=True,
        last_error="offline limit per card reached: 30.00 already taken offline",
    )
    refused = replace(
        void(sale, state="conflict", staff="staff-bar-1", minute=minute,
             reason="refused offline after the online attempt got no answer"),
        response={"success": False, "error_code": "UNAUTHORIZED",
                  "message": "only a supervisor may void"},
        error_code="UNAUTHORIZED",
    )
    return sale, refused
