"""The supervisor screen's state: the outbox, the scan log and the shift report (Qt-free).

The screen fetches outbox and scan entries from `KioskSync` off the GUI thread and hands
them here; this controller turns them into rows to show, decides which requests may be
voided and with which reason, and says how a void ended (a `VoidOutcomeCode` and values: the
screen words it). It never calls the backend: `void_command()` returns a `SupervisorVoid` for
the screen to run (`KioskSync.void_request`). `ReloadPlan` coalesces the screen's reloads.
No words for people here: codes and values, worded by the screen and its table models.
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


class VoidReason(enum.StrEnum):
    """The reasons offered for a void (the screen words them; a supervisor may type another)."""

    CUSTOMER_CHANGED_MIND = "customer_changed_mind"
    WRONG_AMOUNT = "wrong_amount"
    WRONG_CARD = "wrong_card"
    STAFF_ERROR = "staff_error"
    TEST_TRANSACTION = "test_transaction"


VOID_REASONS = tuple(VoidReason)  # in the order offered
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
class RowSummary:
    """What a row is about, as data for the table model to word: a sale's items, a recharge's
    method, or for a void what its target shows (or, when the target is not in the outbox,
    the last characters of its request id)."""

    items: tuple[tuple[int, str], ...] = ()  # a sale: (quantity, product name)
    method: str = ""  # a recharge: "cash" | "card" | ...
    void_of: RowSummary | None = None  # a void whose target is listed: the target's summary
    target_tail: str = ""  # a void whose target is not listed: its id's last 8 characters
    is_void: bool = False


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
    summary: RowSummary  # worded by the screen: "2× beer, 1× cup-deposit" / "cash" / "void of …"
    error_code: str | None
    reason: str  # the backend's message for a rejection, or the void reason
    offline: bool
    staff_id: str
    voidable: bool
    conflict: bool = False  # a refusal nobody saw live (offline sale already served, void refused)
    offline_rule: str | None = None  # why sync refused it offline, if it did


@dataclass(frozen=True)
class ScanRow:
    scan_id: uuid.UUID | None
    scanned_at: datetime | None
    card_uid: str
    status: str
    screen: str
    request_id: uuid.UUID | None
    uploaded: bool


class VoidOutcomeCode(enum.Enum):
    """How a void ended, for the screen to word."""

    REVERSED = "reversed"  # the money went back to the card
    TOMBSTONE = "tombstone"  # never reached the backend and never will
    NOTHING_TO_REVERSE = "nothing_to_reverse"  # the backend had refused it
    VOIDED = "voided"  # done, with an outcome the kiosk does not know
    QUEUED = "queued"  # voided here; the backend is told when it can be reached
    REFUSED = "refused"  # the backend said no: `detail` is its message (or the error code)
    FAILED = "failed"  # could not be run: `detail` is the error


@dataclass(frozen=True)
class VoidOutcome:
    ok: bool
    request_id: uuid.UUID
    code: VoidOutcomeCode
    error_code: str | None = None
    detail: str = ""  # the backend's message or the error's text (REFUSED, FAILED)


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
        summaries: dict[uuid.UUID, RowSummary] = {}
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
             summaries: dict[uuid.UUID, RowSummary], amounts: dict[uuid.UUID, int | None],
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
            summary = RowSummary(items=tuple((qty, self.product_names.get(pid, pid))
                                             for pid, qty in e.items))
        elif e.kind == RECHARGE:
            amount = recharge_amount_cents(e)
            summary = RowSummary(method=recharge_method(e))
        else:
            target = e.void_target
            # a void gives back what its target took: the target's amount, other sign
            target_amount = amounts.get(target) if target is not None else None
            amount = -target_amount if target_amount is not None else None
            summary = RowSummary(
                is_void=True,
                void_of=summaries.get(target) if target is not None else None,
                target_tail=str(target)[-8:] if target is not None and target not in summaries
                else "")
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
            outcome = str((result.data or {}).get("outcome"))
            code = {
                "reversed": VoidOutcomeCode.REVERSED,
                "tombstone": VoidOutcomeCode.TOMBSTONE,
                "nothing_to_reverse": VoidOutcomeCode.NOTHING_TO_REVERSE,
            }.get(outcome, VoidOutcomeCode.VOIDED)
            return VoidOutcome(True, request_id, code)
        if result.retryable:
            # sync voided it here and queued the void: it is sent when the backend is back
            return VoidOutcome(True, request_id, VoidOutcomeCode.QUEUED, result.error_code)
        return VoidOutcome(False, request_id, VoidOutcomeCode.REFUSED, result.error_code,
                           result.message or str(result.error_code))

    def void_failed(self, error: BaseException) -> VoidOutcome:
        """The void could not be run at all (an exception in the worker)."""
        request_id = self._void_in_flight
        self._void_in_flight = None
        assert request_id is not None, "void_failed without void_command"
        return VoidOutcome(False, request_id, VoidOutcomeCode.FAILED, "CLIENT_ERROR",
                           str(error) or type(error).__name__)

    # -- scan log ------------------------------------------------------------------------
    def set_scans(self, entries: Iterable[Any]) -> None:
        self._scans = sorted(
            (
                ScanRow(
                    scan_id=getattr(s, "scan_id", None),
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


# -- reloading ----------------------------------------------------------------------------
@dataclass(frozen=True)
class Load:
    """A reload for the screen to run off the GUI thread: read `limit` outbox rows (and the
    scan log). `full`: the whole outbox, for the report."""

    seq: int
    full: bool
    limit: int


@dataclass(frozen=True)
class Shown:
    """What the screen does once a load's rows are shown: recompute the report (the whole
    outbox is at hand), emit a void's outcome (the reload that includes it is shown), start
    the next load (refreshes were asked for while this one ran)."""

    report: bool
    void_outcome: VoidOutcome | None
    next_load: Load | None


class ReloadPlan:
    """Coalesces the supervisor screen's reloads: one at a time; the refreshes asked for while
    one runs become one more load right after it (a full one if any of them wanted every row);
    a void's outcome waits for the first reload started after the void ended. Plain Python:
    the screen starts the loads it is given and renders what `loaded` says."""

    def __init__(self, table_limit: int, report_limit: int) -> None:
        self.table_limit = table_limit  # newest rows read for the tables
        self.report_limit = report_limit  # the whole outbox of a shift, for the report
        self._wanted = 0  # refreshes asked for
        self._loaded = 0  # the last one whose data is shown
        self._loading = False
        self._want_full = False  # a refresh asked for while loading wants every row
        self._full_loaded = False  # the rows shown are the whole outbox, not the newest
        self._void_outcome: VoidOutcome | None = None
        self._void_seq = 0

    @property
    def loading(self) -> bool:
        return self._loading

    @property
    def has_loaded(self) -> bool:
        """A load has been shown at least once."""
        return self._loaded > 0

    @property
    def full_loaded(self) -> bool:
        """The rows last shown are the whole outbox (the report may be computed from them)."""
        return self._full_loaded

    def ask(self, full: bool) -> Load | None:
        """A refresh is wanted: the load to start now, or None if one runs (it is done after)."""
        self._wanted += 1
        self._want_full = self._want_full or full
        if self._loading:
            return None
        return self._start()

    def _start(self) -> Load:
        self._loading = True
        full, self._want_full = self._want_full, False
        return Load(self._wanted, full, self.report_limit if full else self.table_limit)

    def loaded(self, load: Load, rows_read: int) -> Shown:
        """`load` came back with `rows_read` outbox rows and the screen showed them."""
        self._loading = False
        self._full_loaded = load.full or rows_read < self.table_limit
        self._loaded = load.seq
        outcome = None
        if self._void_outcome is not None and load.seq >= self._void_seq:
            outcome, self._void_outcome = self._void_outcome, None
        next_load = self._start() if self._wanted > load.seq else None
        return Shown(self._full_loaded, outcome, next_load)

    def failed(self) -> None:
        """The load failed: nothing more until the next refresh is asked for."""
        self._loading = False

    def void_done(self, outcome: VoidOutcome, full: bool) -> Load | None:
        """A void ended: its outcome is given back by the `loaded` of the reload asked for
        here (or of the one after the load running now). Returns the load to start, if any."""
        self._void_outcome = outcome
        load = self.ask(full)
        self._void_seq = self._wanted
        return load
