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

from sync.outbox import BAR_ORDER, DONE, RECHARGE, REFUSED_STATES, VOIDED, OutboxEntry
from sync.shift_report import order_total_cents, recharge_amount_cents

MONEY_KINDS = (BAR_ORDER, RECHARGE)


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
    if state == DONE:
        return InterruptedOutcome.DONE
    if state in REFUSED_STATES:
        return InterruptedOutcome.REFUSED
    if state == VOIDED:
        return InterruptedOutcome.VOIDED
    return InterruptedOutcome.SENDING


def interrupted_requests(entries: Iterable[OutboxEntry], session_started_at: datetime) -> list[Interrupted]:
    """Money requests of an earlier session whose answer was never shown, oldest first: still
    queued, or settled since this session began (sync may answer before the screen asks)."""
    found = []
    for e in entries:
        if e.kind not in MONEY_KINDS or e.offline or e.answered_live:
            continue
        captured = e.captured_at
        if captured is None or captured >= session_started_at:
            continue
        if not e.queued and e.updated_at < session_started_at:
            continue  # settled in an earlier session: already told, or long past
        amount = order_total_cents(e, {}) if e.kind == BAR_ORDER else recharge_amount_cents(e)
        found.append(Interrupted(
            request_id=e.request_id, kind=e.kind, card_uid=str(e.card_uid or e.arg("card_uid", "") or ""),
            amount_cents=amount, captured_at=captured, outcome=_outcome(e.state),
            error_code=e.error_code,
        ))
    found.sort(key=lambda i: i.captured_at.timestamp() if i.captured_at else 0.0)
    return found
