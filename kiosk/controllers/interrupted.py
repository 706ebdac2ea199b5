"""Sales and recharges interrupted by a crash or a closed window, and how they ended (Qt-free).

A money request whose answer nobody saw on screen (not accepted offline, not answered live)
and which was captured before this kiosk session began was interrupted: the window closed or
the kiosk died while it was in flight. After a restart, sync sends it again with the same id;
the bartender must be told how it ended. `interrupted_requests()` picks them from
`KioskSync.outbox_entries()`; `Interrupted.outcome` says where each one stands.
"""

from __future__ import annotations

import enum
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from kiosk.controllers.shift_report import (
    ORDER_KIND,
    RECHARGE_KIND,
    order_total_cents,
    payload_value,
    recharge_amount_cents,
)

MONEY_KINDS = (ORDER_KIND, RECHARGE_KIND)


class InterruptedOutcome(enum.Enum):
    SENDING = "sending"  # still queued: sync keeps sending it (same id, never twice)
    DONE = "done"  # the backend booked it
    REFUSED = "refused"  # the backend refused it: nothing was charged
    VOIDED = "voided"  # voided on this kiosk (or by a supervisor)


@dataclass(frozen=True)
class Interrupted:
    request_id: uuid.UUID
    kind: str
    card_uid: str
    amount_cents: int
    captured_at: datetime | None
    outcome: InterruptedOutcome
    error_code: str | None


def _outcome(state: str) -> InterruptedOutcome:
    if state == "done":
        return InterruptedOutcome.DONE
    if state in ("rejected", "conflict"):
        return InterruptedOutcome.REFUSED
    if state == "voided":
        return InterruptedOutcome.VOIDED
    return InterruptedOutcome.SENDING


def interrupted_requests(entries: Iterable[Any], session_started_at: datetime) -> list[Interrupted]:
    """Money requests of an earlier session whose answer was never shown, oldest first: still
    queued, or settled since this session began (sync may answer before the screen asks)."""
    found = []
    for e in entries:
        if e.kind not in MONEY_KINDS or e.offline or getattr(e, "answered_live", False):
            continue
        captured = e.captured_at
        if captured is None or captured >= session_started_at:
            continue
        updated = getattr(e, "updated_at", None)
        queued = e.state in ("pending", "in_flight")
        if not queued and (updated is None or updated < session_started_at):
            continue  # settled in an earlier session: already told, or long past
        amount = order_total_cents(e, {}) if e.kind == ORDER_KIND else recharge_amount_cents(e)
        found.append(Interrupted(
            request_id=e.request_id, kind=e.kind, card_uid=str(getattr(e, "card_uid", None)
                                                     or payload_value(e.payload or {}, "card_uid", "")
                                                     or ""),
            amount_cents=amount, captured_at=captured, outcome=_outcome(e.state),
            error_code=e.error_code,
        ))
    found.sort(key=lambda i: i.captured_at.timestamp() if i.captured_at else 0.0)
    return found
