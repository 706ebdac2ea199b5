"""The supervisor screen's state: the outbox, the scan log and the shift report (Qt-free).

The screen fetches outbox and scan entries from `KioskSync` off the GUI thread and hands
them here; this controller turns them into rows to show, decides which requests may be
voided and with which reason, and words the outcome of a void. It never calls the backend:
`void_command()` returns a `SupervisorVoid` for the screen to run (`KioskSync.void_request`).
"""

from __future__ import annotations

import enum
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sync.outbox import (
    BAR_ORDER,
    DONE,
    QUEUED_STATES,
    RECHARGE,
    REFUSED_STATES,
    SETTLED,
    VOID,
    VOIDABLE_KINDS,
    VOIDED,
    OutboxEntry,
)
from sync.shift_report import (
    ShiftReport,
    compute_shift_report,
    order_total_cents,
    recharge_amount_cents,
    recharge_method,
    reversal_refused_ids,
    reversed_by_backend_ids,
)

VOID_REASONS = (
    "Customer changed their mind",
    "Wrong amount",
    "Wrong card",
    "Staff error",
    "Test transaction",
)
MAX_REASON_LENGTH = 200


class OutboxView(enum.Enum):
    """The outbox tabs: what a supervisor looks for."""

    CONFLICTS = "conflicts"  # refusals nobody saw: the status bar's count, to resend or settle
    QUEUED = "queued"  # pending and in flight
    REJECTED = "rejected"
    VOIDED = "voided"  # voided locally, or confirmed and later reversed
    DONE = "done"
    ALL = "all"


class VoidProblem(enum.Enum):
    NOTHING_SELECTED = "nothing_selected"
    NOT_VOIDABLE = "not_voidable"  # a void itself, rejected, or already voided
    NO_REASON = "no_reason"
    REASON_TOO_LONG = "reason_too_long"
    BUSY = "busy"


@dataclass(frozen=True)
class SupervisorVoid:
    """Command for the screen: run `sync.void_request(request_id, staff_id, reason)`."""

    request_id: uuid.UUID
    staff_id: str
    reason: str


@dataclass(frozen=True)
class OutboxRow:
    """One outbox entry as the supervisor sees it."""

    request_id: uuid.UUID
    kind: str  # "bar_order" | "recharge" | "void"
    state: str  # sync's state, or REVERSED / REVERSAL_REFUSED (below)
    captured_at: datetime | None
    age_s: float | None
    card_uid: str
    amount_cents: int | None  # order total or recharge amount; None for a void
    summary: str  # "2× beer, 1× cup-deposit" / "cash" / "void of 0190…"
    error_code: str | None
    reason: str  # the backend's message for a rejection, or the void reason
    offline: bool
    staff_id: str
    voidable: bool
    conflict: bool = False  # a refusal nobody saw live (offline sale already served, void refused)
    offline_rule: str | None = None  # why sync refused it offline, if it did


@dataclass(frozen=True)
class ScanRow:
    scanned_at: datetime | None
    card_uid: str
    status: str
    screen: str
    request_id: uuid.UUID | None
    uploaded: bool


@dataclass(frozen=True)
class VoidOutcome:
    ok: bool
    request_id: uuid.UUID
    message: str
    error_code: str | None = None


def _in_view(row: OutboxRow, view: OutboxView) -> bool:
    if view is OutboxView.ALL:
        return True
    if view is OutboxView.QUEUED:
        return row.state in QUEUED_STATES
    if view is OutboxView.CONFLICTS:
        return row.conflict
    if view is OutboxView.VOIDED:
        return row.state in (VOIDED, REVERSED, SETTLED) or (
            row.kind == VOID and row.state not in REFUSED_STATES)
    if view is OutboxView.REJECTED:
        return row.state in (*REFUSED_STATES, REVERSAL_REFUSED)
    return row.state == view.value and row.kind != VOID


# The two states a row shows beyond sync's own, drawn from several rows:
# a confirmed sale or recharge that a void undid later (OutboxEntry.reversed, or a done void
# of it, or a void the backend answered "reversed")
REVERSED = "reversed"
# a sale refused offline after its online attempt may have reached the backend, whose
# automatic void was refused: the backend may well have booked it. A supervisor can reverse it.
REVERSAL_REFUSED = "reversal_refused"


def _offline_rule(entry: OutboxEntry) -> str | None:
    response = entry.response or {}
    rule = response.get("offline_rule") if isinstance(response, dict) else None
    return rule if isinstance(rule, str) else None


class SupervisorController:
    """State of one supervisor session on one device."""

    def __init__(self, device_id: str, staff_id: str, currency: str = "EUR",
                 product_names: dict[str, str] | None = None) -> None:
        self.product_names = dict(product_names or {})
        self.device_id = device_id
        self.staff_id = staff_id
        self.currency = currency
        self._rows: list[OutboxRow] = []
        self._scans: list[ScanRow] = []
        self._entries: list[OutboxEntry] = []
        self._backend_reversed: set[uuid.UUID] = set()
        self._selected: uuid.UUID | None = None
        self._void_in_flight: uuid.UUID | None = None

    # -- outbox -------------------------------------------------------------------------
    def set_outbox(self, entries: Iterable[OutboxEntry]) -> None:
        """Replace the outbox rows with fresh `KioskSync.outbox_entries()` (newest first)."""
        self._entries = list(entries)
        reversed_ids = {
            target for e in self._entries
            if e.kind == VOID and e.state == DONE and (target := e.void_target)
        }
        voiding_ids = {
            target for e in self._entries
            if e.kind == VOID and e.queued and (target := e.void_target)
        }
        refused_ids = reversal_refused_ids(self._entries)
        self._backend_reversed = reversed_by_backend_ids(self._entries)
        summaries: dict[uuid.UUID, str] = {}
        amounts: dict[uuid.UUID, int | None] = {}
        rows = []
        for e in sorted(self._entries, key=lambda e: e.kind == VOID):  # targets first
            row = self._row(e, reversed_ids, voiding_ids, summaries, amounts, refused_ids)
            summaries[row.request_id] = row.summary
            amounts[row.request_id] = row.amount_cents
            rows.append(row)
        rows.sort(key=lambda r: r.captured_at.timestamp() if r.captured_at else 0.0,
                  reverse=True)
        self._rows = rows
        if self._selected is not None and self.row(self._selected) is None:
            self._selected = None

    def _row(self, e: OutboxEntry, reversed_ids: set[uuid.UUID], voiding_ids: set[uuid.UUID],
             summaries: dict[uuid.UUID, str], amounts: dict[uuid.UUID, int | None],
             refused_ids: set[uuid.UUID]) -> OutboxRow:
        response = e.response or {}
        state = e.state
        if e.kind != VOID and e.confirmed and (
                e.request_id in reversed_ids or e.state == VOIDED):
            state = REVERSED
        elif e.kind != VOID and e.request_id in self._backend_reversed:
            state = REVERSED  # booked despite the local refusal, then reversed by a void
        elif (e.kind != VOID and e.state == VOIDED and e.maybe_sent
              and e.request_id in refused_ids):
            state = REVERSAL_REFUSED
        if e.kind == BAR_ORDER:
            amount: int | None = order_total_cents(e, {})
            summary = ", ".join(f"{qty}× {self.product_names.get(pid, pid)}"
                                for pid, qty in e.items)
        elif e.kind == RECHARGE:
            amount = recharge_amount_cents(e)
            summary = recharge_method(e)
        else:
            target = e.void_target
            # a void gives back what its target took: the target's amount, other sign
            target_amount = amounts.get(target) if target is not None else None
            amount = -target_amount if target_amount is not None else None
            if target in summaries:
                summary = f"void of {summaries[target]}"
            else:
                summary = f"void of …{str(target)[-8:]}" if target else "void"
        reason = response.get("message", "") if e.refused else ""
        if not reason and state == REVERSAL_REFUSED:
            reason = e.last_error or ""
        if e.kind == VOID and not e.refused:
            reason = str(e.arg("reason", "") or "")
        voidable = (
            # sync's voidable rows unless another row shows a void undid them, and the sales
            # whose reversal was refused
            ((e.voidable and state != REVERSED)
             or (e.kind in VOIDABLE_KINDS and state == REVERSAL_REFUSED))
            and e.request_id not in voiding_ids
        ) or (
            # a refused void: voiding it voids its target again, as this supervisor
            e.kind == VOID and e.refused and e.void_target in refused_ids
        )
        return OutboxRow(
            request_id=e.request_id,
            kind=e.kind,
            state=state,
            captured_at=e.captured_at,
            age_s=e.age_s,
            card_uid=str(e.arg("card_uid", "") or e.card_uid or ""),
            amount_cents=amount,
            summary=summary,
            error_code=e.error_code,
            reason=reason or "",
            offline=bool(e.offline),
            staff_id=str(e.arg("staff_id", "") or ""),
            voidable=voidable,
            conflict=e.is_conflict,
            offline_rule=_offline_rule(e),
        )

    def rows(self, view: OutboxView = OutboxView.ALL) -> list[OutboxRow]:
        return [r for r in self._rows if _in_view(r, view)]

    def counts(self) -> dict[OutboxView, int]:
        return {view: len(self.rows(view)) for view in OutboxView}

    def row(self, request_id: uuid.UUID) -> OutboxRow | None:
        return next((r for r in self._rows if r.request_id == request_id), None)

    # -- selection and voiding -----------------------------------------------------------
    def select(self, request_id: uuid.UUID | None) -> OutboxRow | None:
        self._selected = request_id
        return self.selected

    @property
    def selected(self) -> OutboxRow | None:
        return self.row(self._selected) if self._selected is not None else None

    @property
    def can_void(self) -> bool:
        row = self.selected
        return row is not None and row.voidable and self._void_in_flight is None

    @property
    def void_in_flight(self) -> bool:
        return self._void_in_flight is not None

    def void_command(self, reason: str) -> SupervisorVoid | VoidProblem:
        """Check the selected request and the reason; returns the command or the problem."""
        if self._void_in_flight is not None:
            return VoidProblem.BUSY
        row = self.selected
        if row is None:
            return VoidProblem.NOTHING_SELECTED
        if not row.voidable:
            return VoidProblem.NOT_VOIDABLE
        reason = " ".join(reason.split())
        if not reason:
            return VoidProblem.NO_REASON
        if len(reason) > MAX_REASON_LENGTH:
            return VoidProblem.REASON_TOO_LONG
        self._void_in_flight = row.request_id
        return SupervisorVoid(row.request_id, self.staff_id, reason)

    def void_finished(self, result: Any) -> VoidOutcome:
        """The screen ran the SupervisorVoid; `result` is sync's BackendResult."""
        request_id = self._void_in_flight
        self._void_in_flight = None
        assert request_id is not None, "void_finished without void_command"
        if result.ok:
            outcome = (result.data or {}).get("outcome")
            message = {
                "reversed": "Reversed: the money went back to the card.",
                "tombstone": "Voided: the request never reached the backend and never will.",
                "nothing_to_reverse": "Voided: the backend had refused it, nothing to reverse.",
            }.get(str(outcome), "Voided.")
            return VoidOutcome(True, request_id, message)
        if result.retryable:
            # sync voided it here and queued the void: it is sent when the backend is back
            return VoidOutcome(True, request_id, "Voided on this kiosk; the backend will be "
                               "told as soon as it can be reached.", result.error_code)
        return VoidOutcome(False, request_id, result.message or str(result.error_code),
                           result.error_code)

    def void_failed(self, error: BaseException) -> VoidOutcome:
        """The void could not be run at all (an exception in the worker)."""
        request_id = self._void_in_flight
        self._void_in_flight = None
        assert request_id is not None, "void_failed without void_command"
        return VoidOutcome(False, request_id, str(error) or type(error).__name__, "CLIENT_ERROR")

    # -- scan log ------------------------------------------------------------------------
    def set_scans(self, entries: Iterable[Any]) -> None:
        self._scans = sorted(
            (
                ScanRow(
                    scanned_at=s.scanned_at,
                    card_uid=s.card_uid or "",
                    status=s.status,
                    screen=s.screen or "",
                    request_id=s.request_id,
                    uploaded=bool(s.uploaded),
                )
                for s in entries
            ),
            key=lambda s: s.scanned_at.timestamp() if s.scanned_at else 0.0,
            reverse=True,
        )

    def scans(self) -> list[ScanRow]:
        return list(self._scans)

    # -- shift report --------------------------------------------------------------------
    def shift_report(
        self,
        products: Sequence[Any] = (),
        *,
        since: datetime | None = None,
        staff_id: str | None = None,
        now: datetime | None = None,
    ) -> ShiftReport:
        """The device's shift report from the outbox entries last given to `set_outbox`."""
        return compute_shift_report(
            self._entries, device_id=self.device_id, products=products,
            currency=self.currency, since=since, staff_id=staff_id, now=now,
        )
