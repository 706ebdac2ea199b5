"""The write-ahead outbox: every money request is committed here before it is sent.

A row holds the request's kind, its full named arguments (JSON, without p_offline), its id,
when it was captured, and whether it was accepted offline. States:

    pending -> in_flight -> done        (success; response kept)
                         -> rejected    (a final refusal shown live to whoever asked)
                         -> conflict    (a final refusal nobody saw live: an offline-accepted
                                         sale or recharge replayed later, a replay after a
                                         crash, an automatic void; kept for a supervisor)
                         -> pending     (transient failure: sent again later, same id)
    conflict -> pending                 (resent by a supervisor after the cause was fixed,
                                         with the same request id)
    conflict -> settled                 (settled by a supervisor, with who and why)
    pending -> voided                   (voided by a supervisor, or refused offline)
    done    -> voided                   (a later void reversed it on the server)

Every conflict, resend and settlement is appended to the row's `audit` (JSON list).

Rows left in_flight by a crash go back to pending at start-up. Rows are sent in `seq` order.
"""

from __future__ import annotations

import json
import time
import uuid
import zlib
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, TypeGuard

from sqlalchemy import Connection, text

from sync.errors import REQUEST_VOIDED
from sync.result import BackendResult
from sync.store import LocalStore

PENDING = "pending"
IN_FLIGHT = "in_flight"
DONE = "done"
REJECTED = "rejected"
VOIDED = "voided"
CONFLICT = "conflict"
SETTLED = "settled"
STATES = (PENDING, IN_FLIGHT, DONE, REJECTED, VOIDED, CONFLICT, SETTLED)
QUEUED_STATES = (PENDING, IN_FLIGHT)  # waiting for their answer
REFUSED_STATES = (REJECTED, CONFLICT)  # a final refusal, seen live or not

BAR_ORDER = "bar_order"
RECHARGE = "recharge"
VOID = "void"
OPEN_CASH_SHIFT = "open_cash_shift"
CLOSE_CASH_SHIFT = "close_cash_shift"
MOVE_CASH = "move_cash"
KIND_FUNCTIONS = {
    BAR_ORDER: "sp_process_bar_order",
    RECHARGE: "sp_process_checkpoint_recharge",
    VOID: "sp_void_request",
    OPEN_CASH_SHIFT: "sp_open_cash_shift",
    CLOSE_CASH_SHIFT: "sp_close_cash_shift",
    MOVE_CASH: "sp_move_cash",
}
# Cash-shift requests are barriers in the queue: one is sent only when every older row has
# its answer, and no younger row is sent before it has its own (an open must reach the
# server before the recharges of its shift, a close after them; the lanes would otherwise
# send them in any order). See Outbox.claim_next.
SHIFT_KINDS = (OPEN_CASH_SHIFT, CLOSE_CASH_SHIFT, MOVE_CASH)
# kinds whose function takes no p_offline argument
_NO_OFFLINE_ARG = (VOID, MOVE_CASH)
# what a supervisor may void: a sale or recharge not yet refused, voided or reversed
VOIDABLE_KINDS = (BAR_ORDER, RECHARGE)
VOIDABLE_STATES = (PENDING, IN_FLIGHT, DONE)

LANE_SLOTS = 16  # rows carry their card's slot; n replay lanes take slots modulo n


def card_lane(card_uid: str | None) -> int:
    """A stable slot (0..15) for a card: all rows of one card share it, so a replay lane that
    owns the slot sends that card's requests in order."""
    return zlib.crc32(card_uid.encode()) % LANE_SLOTS if card_uid else 0


_COLUMNS = (
    "seq, request_id, kind, function, payload, card_uid, amount_cents, target_request_id, "
    "staff_id, state, offline, maybe_sent, attempts, answered_live, captured_at, created_at, updated_at, "
    "response, error_code, last_error, settled_by, settled_reason, settled_at, audit"
)


@dataclass(frozen=True)
class OutboxEntry:
    """One outbox row as the UI and the sender see it."""

    seq: int
    request_id: uuid.UUID
    kind: str  # bar_order | recharge | void | open_cash_shift | close_cash_shift | move_cash
    function: str
    payload: dict
    state: str  # pending | in_flight | done | rejected | voided
    offline: bool
    captured_at: datetime
    updated_at: datetime
    response: dict | None
    error_code: str | None
    age_s: float
    card_uid: str | None
    amount_cents: int
    target_request_id: uuid.UUID | None
    staff_id: str | None
    attempts: int
    maybe_sent: bool
    last_error: str | None
    answered_live: bool = False  # the answer was shown to whoever made the request
    settled_by: str | None = None  # the supervisor who settled a conflict
    settled_reason: str | None = None
    settled_at: datetime | None = None
    audit: tuple[dict, ...] = ()  # conflicts, resends, settlements: {"at", "event", ...}

    def send_args(self) -> dict:
        """The named arguments to send: the stored payload, plus p_offline for the calls that
        take it."""
        if self.kind in _NO_OFFLINE_ARG:
            return dict(self.payload)
        return {**self.payload, "p_offline": self.offline}

    # -- what the row means: the one reading of states and payloads -------------------------

    def arg(self, name: str, default: object = None) -> object:
        """The request's argument `name` as stored in the payload (`p_<name>`)."""
        return self.payload.get(f"p_{name}", default)

    @property
    def queued(self) -> bool:
        """Waiting for its answer: pending or in flight."""
        return self.state in QUEUED_STATES

    @property
    def refused(self) -> bool:
        """Finally refused by the backend (rejected live, or a conflict)."""
        return self.state in REFUSED_STATES

    @property
    def reversed(self) -> bool:
        """The backend applied it and a later void undid it: sync marks such a row voided but
        keeps the successful answer."""
        return self.state == VOIDED and self.response is not None and self.response.get("success") is True

    @property
    def confirmed(self) -> bool:
        """The backend applied this request: done, or done and later reversed."""
        return self.state == DONE or self.reversed

    @property
    def voidable(self) -> bool:
        """A sale or recharge that is queued or done (not a void, not refused or voided)."""
        return self.kind in VOIDABLE_KINDS and self.state in VOIDABLE_STATES

    @property
    def void_target(self) -> uuid.UUID | None:
        """For a void row, the request it voids (`target_request_id`, else its
        `p_client_request_id`; None when that is missing or not a UUID)."""
        if self.target_request_id is not None:
            return self.target_request_id
        raw = self.arg("client_request_id")
        try:
            return uuid.UUID(str(raw)) if raw else None
        except ValueError:
            return None

    @property
    def items(self) -> tuple[tuple[str, int], ...]:
        """A bar order's lines as (product_id, quantity); () for any other row."""
        raw = self.arg("items")
        if not isinstance(raw, list):
            return ()
        return tuple(
            (str(line.get("product_id")), int(line.get("quantity", 0)))
            for line in raw if isinstance(line, dict)
        )

    @property
    def total_cents(self) -> int | None:
        """The money a sale or recharge moves: the backend's figure from its answer (an order's
        `total_cents`, a recharge's `amount_cents`), else the kiosk's own (the order's expected
        total, the recharge's amount); None for other kinds or when neither is known."""
        if self.kind == BAR_ORDER:
            answered, own = "total_cents", "expected_total_cents"
        elif self.kind == RECHARGE:
            answered, own = "amount_cents", "amount_cents"
        else:
            return None
        value = (self.response or {}).get(answered)
        if _is_cents(value):
            return value
        value = self.arg(own)
        return value if _is_cents(value) else None

    @property
    def method(self) -> str | None:
        """A recharge's payment method ("cash" | "card"), None if it names none."""
        value = self.arg("payment_method")
        return value if isinstance(value, str) else None

    @property
    def is_conflict(self) -> bool:
        """A refusal nobody saw when it happened, which a supervisor must look at: an
        offline-accepted sale the backend refused, a refused automatic void, a request
        replayed after a crash. (A refusal answered live was shown on the screen at once.)"""
        return self.state == CONFLICT


def _is_cents(value: object) -> TypeGuard[int]:
    """A whole number of cents (JSON booleans are not)."""
    return isinstance(value, int) and not isinstance(value, bool)


@dataclass(frozen=True)
class OfflineExposure:
    """What this kiosk accepted offline and the server has not confirmed yet (cents).

    Debits are positive order totals; credits are cup returns (the absolute value of negative
    order totals) and recharges. The offline caps count both (DESIGN: debits and credits
    alike), so `card_total_cents` / `device_total_cents` add them by absolute amount."""

    card_debits_cents: int = 0
    card_credits_cents: int = 0
    device_debits_cents: int = 0
    device_credits_cents: int = 0

    @property
    def card_total_cents(self) -> int:
        return self.card_debits_cents + self.card_credits_cents

    @property
    def device_total_cents(self) -> int:
        return self.device_debits_cents + self.device_credits_cents


def _entry(row: Any, now: float) -> OutboxEntry:
    return OutboxEntry(
        seq=row.seq,
        request_id=uuid.UUID(row.request_id),
        kind=row.kind,
        function=row.function,
        payload=json.loads(row.payload),
        state=row.state,
        offline=bool(row.offline),
        captured_at=datetime.fromisoformat(row.captured_at),
        updated_at=datetime.fromtimestamp(row.updated_at, UTC),
        response=json.loads(row.response) if row.response is not None else None,
        error_code=row.error_code,
        age_s=max(now - row.created_at, 0.0),
        card_uid=row.card_uid,
        amount_cents=row.amount_cents,
        target_request_id=uuid.UUID(row.target_request_id) if row.target_request_id else None,
        staff_id=row.staff_id,
        attempts=row.attempts,
        maybe_sent=bool(row.maybe_sent),
        last_error=row.last_error,
        answered_live=bool(row.answered_live),
        settled_by=row.settled_by,
        settled_reason=row.settled_reason,
        settled_at=datetime.fromtimestamp(row.settled_at, UTC) if row.settled_at is not None else None,
        audit=tuple(json.loads(row.audit or "[]")),
    )


def state_after(result: BackendResult, *, live: bool = False, voided_here: bool = False) -> str:
    """The state a row takes after this answer. `live`: the answer is being shown to whoever
    made the request (a refusal is then a plain rejection); otherwise a refusal is a conflict.
    REQUEST_VOIDED closes the row as voided when this kiosk queued the void itself
    (`voided_here`); voided elsewhere, nobody here knew: a conflict."""
    if result.ok:
        return DONE
    if result.retryable:
        return PENDING
    if result.error_code == REQUEST_VOIDED and (voided_here or live):
        return VOIDED
    return REJECTED if live else CONFLICT


ClosedHook = Callable[[Connection, list[tuple[OutboxEntry, BackendResult]]], None]

# Hot statements, parsed once.
_CLOSE = text(
    "UPDATE outbox SET "
    "state = CASE WHEN state = 'in_flight' THEN :state ELSE state END, "
    "maybe_sent = maybe_sent | :sent, updated_at = :now, "
    "response = CASE WHEN :answered THEN :response ELSE response END, "
    "error_code = CASE WHEN :answered THEN :code ELSE error_code END, "
    "last_error = :last_error, "
    "answered_live = CASE WHEN :answered AND :live THEN 1 ELSE answered_live END, "
    "audit = CASE WHEN state = 'in_flight' AND :state = 'conflict' "
    "  THEN json_insert(audit, '$[#]', json(:event)) ELSE audit END "
    "WHERE seq = :seq"
)
_VOIDED_HERE = text(
    "SELECT EXISTS (SELECT 1 FROM outbox WHERE kind = 'void' AND target_request_id = :target)"
)
_SETTLE_VOID_TARGET = text(
    "UPDATE outbox SET state = 'voided', updated_at = :now "
    "WHERE request_id = :target AND state IN ('done', 'pending', 'rejected', 'conflict')"
)
# earlier voids of the same target that the backend refused are settled by this one
_SETTLE_REFUSED_VOIDS = text(
    "UPDATE outbox SET state = 'voided', updated_at = :now "
    "WHERE target_request_id = :target AND kind = 'void' AND state IN ('rejected', 'conflict') "
    "AND seq <> :seq"
)
_ENQUEUE = text(
    "INSERT INTO outbox (request_id, kind, function, payload, card_uid, amount_cents, lane, "
    "target_request_id, staff_id, state, offline, captured_at, created_at, updated_at) "
    "VALUES (:request_id, :kind, :function, :payload, :card_uid, :amount_cents, :lane, :target, "
    ":staff_id, :state, :offline, :captured_at, :now, :now) RETURNING seq"
)
_SHIFT_KIND_LIST = "(" + ", ".join(f"'{kind}'" for kind in SHIFT_KINDS) + ")"
_OLDEST_BARRIER_SQL = text(
    f"SELECT min(seq) FROM outbox WHERE kind IN {_SHIFT_KIND_LIST} AND state IN ('pending', 'in_flight')"
)
_UNANSWERED_BEFORE_SQL = text(
    "SELECT EXISTS (SELECT 1 FROM outbox WHERE state IN ('pending', 'in_flight') AND seq < :seq)"
)
_COUNTS = text(
    "SELECT "
    "(SELECT count(*) FROM outbox WHERE state IN ('pending', 'in_flight')), "
    "(SELECT min(created_at) FROM outbox WHERE state IN ('pending', 'in_flight')), "
    "(SELECT count(*) FROM outbox WHERE state = 'conflict')"
)


class Outbox:
    """The outbox table's operations; thread-safe through LocalStore."""

    def __init__(self, store: LocalStore, clock: Callable[[], float] = time.time) -> None:
        self.store = store
        self.clock = clock

    # -- writing -----------------------------------------------------------------------------

    def enqueue(
        self,
        kind: str,
        payload: dict,
        *,
        request_id: uuid.UUID,
        captured_at: datetime,
        card_uid: str | None = None,
        amount_cents: int = 0,
        staff_id: str | None = None,
        target_request_id: uuid.UUID | None = None,
        offline: bool = False,
        in_flight: bool = False,
        conn: Connection | None = None,
    ) -> OutboxEntry:
        """Commit a new row (or add it to `conn`'s transaction) and return it.

        `in_flight=True` creates it already claimed by the caller, who is about to send it
        and must resolve it (close, release or void); the replay worker leaves it alone."""
        if kind not in KIND_FUNCTIONS:
            raise ValueError(f"unknown outbox kind {kind!r}")
        if "p_offline" in payload:
            raise ValueError("p_offline is not part of the stored payload")
        now = self.clock()
        stored_payload = json.dumps(payload, separators=(",", ":"))
        state = IN_FLIGHT if in_flight else PENDING
        params = {
            "request_id": str(request_id),
            "kind": kind,
            "function": KIND_FUNCTIONS[kind],
            "payload": stored_payload,
            "card_uid": card_uid,
            "amount_cents": amount_cents,
            "lane": card_lane(card_uid),
            "target": str(target_request_id) if target_request_id else None,
            "staff_id": staff_id,
            "offline": int(offline),
            "captured_at": captured_at.isoformat(),
            "now": now,
            "state": state,
        }
        if conn is not None:
            seq = conn.execute(_ENQUEUE, params).scalar_one()
            self.store.note_sequence(conn, seq)
        else:
            with self.store.write() as own:
                seq = own.execute(_ENQUEUE, params).scalar_one()
                self.store.note_sequence(own, seq)
        return OutboxEntry(
            seq=seq,
            request_id=request_id,
            kind=kind,
            function=KIND_FUNCTIONS[kind],
            payload=json.loads(stored_payload),  # the stored form, not the caller's objects
            state=state,
            offline=offline,
            captured_at=captured_at,
            updated_at=datetime.fromtimestamp(now, UTC),
            response=None,
            error_code=None,
            age_s=0.0,
            card_uid=card_uid,
            amount_cents=amount_cents,
            target_request_id=target_request_id,
            staff_id=staff_id,
            attempts=0,
            maybe_sent=False,
            last_error=None,
        )

    def reset_in_flight(self) -> int:
        """At start-up: rows a crash left in flight go back to pending (they may have been
        sent, so they are marked maybe_sent). Returns how many. A cash-shift row replays as
        offline: the server then dates it by its capture time, not by the replay's."""
        with self.store.write() as conn:
            result = conn.execute(
                text(
                    "UPDATE outbox SET state = 'pending', maybe_sent = 1, updated_at = :now, "
                    f"offline = CASE WHEN kind IN {_SHIFT_KIND_LIST} THEN 1 ELSE offline END, "
                    "last_error = 'interrupted while in flight' WHERE state = 'in_flight'"
                ),
                {"now": self.clock()},
            )
            return result.rowcount

    def claim_next(self, limit: int, lane: int = 0, lanes: int = 1) -> list[OutboxEntry]:
        """Move the oldest `limit` pending rows of replay lane `lane` (of `lanes`) to in_flight
        and return them in order.

        Cash-shift rows (SHIFT_KINDS) are barriers across all lanes: rows younger than the
        oldest unanswered one wait for its answer, and it is claimed only once no older row
        is pending or in flight."""
        params = {"limit": limit, "lane": lane, "lanes": lanes}
        plain = ("seq IN (SELECT seq FROM outbox WHERE state = 'pending' AND lane % :lanes = :lane "
                 "ORDER BY seq LIMIT :limit)")

        def where(conn: Connection) -> str:
            # looked up in the claim's own write transaction (indexed): no row enqueued after
            # a barrier can slip into this batch
            barrier = conn.execute(_OLDEST_BARRIER_SQL).scalar_one_or_none()
            if barrier is None:
                return plain
            params["barrier"] = barrier
            older = conn.execute(_UNANSWERED_BEFORE_SQL, {"seq": barrier}).scalar_one()
            if older:  # the barrier waits; only rows older than it may go
                return plain.replace("ORDER BY", "AND seq < :barrier ORDER BY")
            return plain.replace("ORDER BY", "AND seq <= :barrier ORDER BY")

        return self._claim(where, params)

    def unanswered_barrier_before(self, seq: int) -> OutboxEntry | None:
        """The oldest cash-shift row older than row `seq` still waiting for its answer (pending
        or in flight), or None: a request after it must not be sent before it."""
        return self._oldest_unanswered_before(seq, f"kind IN {_SHIFT_KIND_LIST} AND ")

    def unanswered_before(self, seq: int) -> OutboxEntry | None:
        """The oldest row older than row `seq` still waiting for its answer, or None."""
        return self._oldest_unanswered_before(seq, "")

    def _oldest_unanswered_before(self, seq: int, kind_filter: str) -> OutboxEntry | None:
        """The oldest row older than `seq`, pending or in flight, of the kinds `kind_filter`
        (a condition ending in AND, or "" for every kind) keeps; None when there is none."""
        now = self.clock()
        with self.store.read() as conn:
            row = conn.execute(
                text(
                    f"SELECT {_COLUMNS} FROM outbox WHERE {kind_filter}state IN ('pending', 'in_flight') "
                    "AND seq < :seq ORDER BY seq LIMIT 1"
                ),
                {"seq": seq},
            ).one_or_none()
        return _entry(row, now) if row is not None else None

    def claim_earlier_of_card(self, card_uid: str | None, seq: int) -> list[OutboxEntry]:
        """Move the pending rows of `card_uid` older than row `seq` to in_flight, in order."""
        if card_uid is None:
            return []
        return self._claim("card_uid = :card AND seq < :seq", {"card": card_uid, "seq": seq})

    def _claim(self, where: str | Callable[[Connection], str], params: dict) -> list[OutboxEntry]:
        now = self.clock()
        with self.store.write() as conn:
            condition = where(conn) if callable(where) else where
            rows = conn.execute(
                text(
                    "UPDATE outbox SET state = 'in_flight', attempts = attempts + 1, "
                    f"updated_at = :now WHERE state = 'pending' AND {condition} RETURNING {_COLUMNS}"
                ),
                {**params, "now": now},
            ).all()
        return sorted((_entry(row, now) for row in rows), key=lambda e: e.seq)

    def close(
        self,
        outcomes: Sequence[tuple[OutboxEntry, BackendResult]],
        on_closed: ClosedHook | None = None,
        *,
        live: bool = False,
    ) -> None:
        """Record the answers of in-flight rows in one transaction.

        A row that was voided meanwhile keeps its voided state (the answer is still stored).
        A transient failure puts the row back to pending. `live=True`: the answers are being
        shown to whoever made the requests. `on_closed(conn, answered)` runs in the same
        transaction with the rows that got an answer."""
        if not outcomes:
            return
        now = self.clock()
        voided = [e for e, r in outcomes if r.error_code == REQUEST_VOIDED and not live]
        voided_here: set[int] = set()
        if voided:
            with self.store.read() as conn:
                for entry in voided:
                    if conn.execute(_VOIDED_HERE, {"target": str(entry.request_id)}).scalar_one():
                        voided_here.add(entry.seq)
        rows = []
        for entry, result in outcomes:
            answered = result.answered
            state = state_after(result, live=live, voided_here=entry.seq in voided_here)
            event = {"at": datetime.fromtimestamp(now, UTC).isoformat(), "event": "conflict",
                     "error_code": result.error_code, "message": result.message}
            rows.append(
                {
                    "event": json.dumps(event, separators=(",", ":")),
                    "state": state,
                    "sent": int(result.request_sent),
                    "now": now,
                    "answered": answered,
                    "response": json.dumps(result.data, separators=(",", ":")) if answered else None,
                    "code": result.error_code,
                    "last_error": None if answered else f"{result.error_code}: {result.message}",
                    "live": live,
                    "seq": entry.seq,
                }
            )
        with_answers = [(entry, result) for entry, result in outcomes if result.answered]
        with self.store.write() as conn:
            conn.execute(_CLOSE, rows)
            for entry, result in with_answers:
                if entry.kind == VOID and result.ok and entry.target_request_id is not None:
                    target = {"now": now, "target": str(entry.target_request_id), "seq": entry.seq}
                    conn.execute(_SETTLE_VOID_TARGET, target)
                    conn.execute(_SETTLE_REFUSED_VOIDS, target)
            if on_closed is not None and with_answers:
                on_closed(conn, with_answers)

    def release(self, entry: OutboxEntry, result: BackendResult, *, offline: bool) -> None:
        """Put in-flight row `entry` back to pending after a transient failure; `offline=True`
        records that the sale was accepted offline (it is replayed with p_offline = true)."""
        with self.store.write() as conn:
            conn.execute(
                text(
                    "UPDATE outbox SET state = 'pending', offline = max(offline, :offline), "
                    "maybe_sent = maybe_sent | :sent, last_error = :err, updated_at = :now "
                    "WHERE seq = :seq AND state = 'in_flight'"
                ),
                {
                    "offline": int(offline),
                    "sent": int(result.request_sent),
                    "err": f"{result.error_code}: {result.message}",
                    "now": self.clock(),
                    "seq": entry.seq,
                },
            )

    def void_locally(
        self,
        seq: int,
        error_code: str,
        reason: str,
        *,
        maybe_sent: bool = False,
        conn: Connection | None = None,
    ) -> bool:
        """Row `seq` must never be sent again (pending or in flight): state voided with the
        reason. Returns False if it had already left those states."""
        sql = text(
            "UPDATE outbox SET state = 'voided', error_code = :code, last_error = :reason, "
            "maybe_sent = maybe_sent | :sent, updated_at = :now "
            "WHERE seq = :seq AND state IN ('pending', 'in_flight')"
        )
        params = {
            "code": error_code,
            "reason": reason,
            "sent": int(maybe_sent),
            "now": self.clock(),
            "seq": seq,
        }
        if conn is not None:
            return conn.execute(sql, params).rowcount == 1
        with self.store.write() as own:
            return own.execute(sql, params).rowcount == 1

    def prune(self, older_than_s: float) -> int:
        """Delete done and voided rows older than `older_than_s` (rejected rows stay)."""
        with self.store.write() as conn:
            return conn.execute(
                text("DELETE FROM outbox WHERE state IN ('done', 'voided') AND updated_at < :cutoff"),
                {"cutoff": self.clock() - older_than_s},
            ).rowcount

    # -- reading -----------------------------------------------------------------------------

    def get(self, request_id: uuid.UUID) -> OutboxEntry | None:
        now = self.clock()
        with self.store.read() as conn:
            row = conn.execute(
                text(f"SELECT {_COLUMNS} FROM outbox WHERE request_id = :id"), {"id": str(request_id)}
            ).one_or_none()
        return _entry(row, now) if row is not None else None

    def entries(self, states: Iterable[str] | None = None, limit: int = 500) -> list[OutboxEntry]:
        """Rows newest first, optionally only in the given states."""
        wanted = list(states) if states is not None else list(STATES)
        unknown = set(wanted) - set(STATES)
        if unknown:
            raise ValueError(f"unknown outbox states {sorted(unknown)}; known: {STATES}")
        marks = ", ".join(f":s{i}" for i in range(len(wanted))) or "NULL"
        now = self.clock()
        with self.store.read() as conn:
            rows = conn.execute(
                text(
                    f"SELECT {_COLUMNS} FROM outbox WHERE state IN ({marks}) "
                    "ORDER BY seq DESC LIMIT :limit"
                ),
                {**{f"s{i}": s for i, s in enumerate(wanted)}, "limit": limit},
            ).all()
        return [_entry(row, now) for row in rows]

    def counts(self) -> tuple[int, float | None, int]:
        """(pending count incl. in flight, age in seconds of the oldest of them, conflicts: rejected
        rows whose refusal nobody saw live)."""
        with self.store.read() as conn:
            row = conn.execute(_COUNTS).one()
        oldest = None if row[1] is None else max(self.clock() - row[1], 0.0)
        return int(row[0]), oldest, int(row[2])

    def has_pending(self) -> bool:
        with self.store.read() as conn:
            sql = text("SELECT EXISTS (SELECT 1 FROM outbox WHERE state = 'pending')")
            return conn.execute(sql).scalar_one() == 1

    def offline_exposure(self, card_uid: str | None) -> OfflineExposure:
        """Offline-accepted amounts not yet confirmed by the server, for a card and the device:
        debits (positive order totals) and credits (cup returns by absolute amount, and
        recharges) apart."""
        with self.store.read() as conn:
            row = conn.execute(
                text(
                    "SELECT "
                    "coalesce(sum(CASE WHEN kind = 'bar_order' AND amount_cents > 0 "
                    "  AND card_uid = :card THEN amount_cents END), 0), "
                    "coalesce(sum(CASE WHEN (kind = 'recharge' OR amount_cents < 0) "
                    "  AND card_uid = :card THEN abs(amount_cents) END), 0), "
                    "coalesce(sum(CASE WHEN kind = 'bar_order' AND amount_cents > 0 "
                    "  THEN amount_cents END), 0), "
                    "coalesce(sum(CASE WHEN kind = 'recharge' OR amount_cents < 0 "
                    "  THEN abs(amount_cents) END), 0) "
                    "FROM outbox WHERE offline = 1 AND state IN ('pending', 'in_flight') "
                    "AND kind IN ('bar_order', 'recharge')"
                ),
                {"card": card_uid},
            ).one()
        return OfflineExposure(int(row[0]), int(row[1]), int(row[2]), int(row[3]))

    # -- conflicts ---------------------------------------------------------------------------

    def _audit_event(self, event: str, **fields: object) -> str:
        body = {"at": datetime.fromtimestamp(self.clock(), UTC).isoformat(), "event": event, **fields}
        return json.dumps(body, separators=(",", ":"))

    def resend_conflict(self, request_id: uuid.UUID, staff_id: str | None = None) -> OutboxEntry:
        """Put conflict row `request_id` back to pending, with the same request id, to be sent
        again (after the cause was fixed). ValueError if it is not a conflict."""
        with self.store.write() as conn:
            done = conn.execute(
                text(
                    "UPDATE outbox SET state = 'pending', response = NULL, error_code = NULL, "
                    "last_error = 'resent after a conflict', updated_at = :now, "
                    "audit = json_insert(audit, '$[#]', json(:event)) "
                    "WHERE request_id = :id AND state = 'conflict'"
                ),
                {
                    "now": self.clock(),
                    "event": self._audit_event("resent", staff_id=staff_id),
                    "id": str(request_id),
                },
            ).rowcount
        return self._changed_conflict(request_id, done)

    def settle_conflict(self, request_id: uuid.UUID, staff_id: str, reason: str) -> OutboxEntry:
        """Close conflict row `request_id` for good as settled by supervisor `staff_id` with
        `reason` (e.g. "paid in cash"). ValueError if it is not a conflict."""
        now = self.clock()
        with self.store.write() as conn:
            done = conn.execute(
                text(
                    "UPDATE outbox SET state = 'settled', settled_by = :staff, "
                    "settled_reason = :reason, settled_at = :now, updated_at = :now, "
                    "audit = json_insert(audit, '$[#]', json(:event)) "
                    "WHERE request_id = :id AND state = 'conflict'"
                ),
                {
                    "staff": staff_id,
                    "reason": reason,
                    "now": now,
                    "event": self._audit_event("settled", staff_id=staff_id, reason=reason),
                    "id": str(request_id),
                },
            ).rowcount
        return self._changed_conflict(request_id, done)

    def _changed_conflict(self, request_id: uuid.UUID, done: int) -> OutboxEntry:
        entry = self.get(request_id)
        if entry is None:
            raise ValueError(f"no request {request_id} in this kiosk's outbox")
        if not done:
            raise ValueError(f"request {request_id} is {entry.state}, not a conflict")
        return entry
