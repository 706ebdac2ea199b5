"""Cash shifts on the kiosk, without Qt: denominations, a drawer count, and the current
shift of a cashier with its running drawer cash, worked out from the kiosk's own outbox and
the server's answers.

A shift's id is the request id of its sp_open_cash_shift call, so an offline kiosk knows it
before the server answers. The drawer's expected cash is the opening float + cash recharges
− voided cash recharges + cash moved in from the safe − cash moved to the safe; while any of
those is still waiting for the server (or the open itself is), the figure is "not yet
confirmed". Plain functions of plain data: the screens call them on rows they read off the
GUI thread.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime

from sync.denominations import EUR_DENOMINATIONS, denominations_from, is_coin
from sync.errors import InvalidInputError
from sync.outbox import (
    CLOSE_CASH_SHIFT,
    DONE,
    MOVE_CASH,
    OPEN_CASH_SHIFT,
    RECHARGE,
    REFUSED_STATES,
    SETTLED,
    VOID,
    VOIDED,
    OutboxEntry,
)

MAX_COUNT_PER_DENOMINATION = 100_000  # the server's own cap (AMOUNT_OUT_OF_RANGE beyond)
MAX_FLOAT_CENTS = 10_000_000
TO_SAFE = "to_safe"
FROM_SAFE = "from_safe"
DIRECTIONS = (TO_SAFE, FROM_SAFE)
__all__ = ["EUR_DENOMINATIONS", "denominations_from", "is_coin"]  # re-exported for the screens
SHIFT_ALREADY_OPEN = "shift_already_open"
NO_OPEN_SHIFT = "no_open_shift"


@dataclass(frozen=True)
class CashCount:
    """How many of each note and coin were counted: {denomination_cents: count}."""

    counts: Mapping[int, int] = field(default_factory=dict)

    @classmethod
    def checked(cls, counts: Mapping[int, int], denominations: Iterable[int]) -> CashCount:
        """InvalidInputError unless every key is one of `denominations` and every count a
        whole number 0..MAX_COUNT_PER_DENOMINATION; zero counts are dropped."""
        allowed = set(denominations)
        clean: dict[int, int] = {}
        if not isinstance(counts, Mapping):
            raise InvalidInputError(f"a cash count is a map of denomination to count, not {counts!r}")
        for key, count in counts.items():
            if isinstance(key, bool) or not isinstance(key, int) or key not in allowed:
                raise InvalidInputError(f"{key!r} is not a note or coin of this event's currency")
            whole = isinstance(count, int) and not isinstance(count, bool)
            if not whole or not 0 <= count <= MAX_COUNT_PER_DENOMINATION:
                raise InvalidInputError(
                    f"a count must be a whole number from 0 to {MAX_COUNT_PER_DENOMINATION}, not {count!r}"
                )
            if count:
                clean[key] = count
        return cls(clean)

    @property
    def total_cents(self) -> int:
        return sum(key * count for key, count in self.counts.items())

    def as_payload(self) -> dict[str, int]:
        """p_counted: {"5000": 3, ...} (JSON keys are text), largest first."""
        return {str(key): self.counts[key] for key in sorted(self.counts, reverse=True)}


@dataclass(frozen=True)
class ShiftFigures:
    """One shift's drawer as far as this kiosk knows it (cents)."""

    shift_id: str
    staff_id: str
    opened_at: datetime | str | None
    opening_float_cents: int
    cash_recharges_cents: int = 0
    card_recharges_cents: int = 0
    cash_voided_cents: int = 0
    moved_to_safe_cents: int = 0
    moved_from_safe_cents: int = 0
    confirmed: bool = True  # False: the open, a recharge, a void or a move still waits for the server
    open_queued: bool = False  # the open itself has not reached the server yet
    closed: bool = False  # a close of this shift is in the outbox (queued or answered)
    closing_queued: bool = False  # ... and still waits for the server

    @property
    def expected_cash_cents(self) -> int:
        return (
            self.opening_float_cents
            + self.cash_recharges_cents
            - self.cash_voided_cents
            + self.moved_from_safe_cents
            - self.moved_to_safe_cents
        )


@dataclass(frozen=True)
class ServerShift:
    """A shift the server told about (sp_staff_login's "open_cash_shift", the refusal
    "shift_already_open")."""

    shift_id: str
    opened_at: str | None
    opening_float_cents: int
    verified: bool = True

    @classmethod
    def from_json(cls, data: object) -> ServerShift | None:
        """None unless `data` names a shift with a whole-cent float."""
        if not isinstance(data, Mapping):
            return None
        shift_id = data.get("shift_id")
        opening = data.get("opening_float_cents")
        if (not isinstance(shift_id, str) or not shift_id
                or not isinstance(opening, int) or isinstance(opening, bool)):
            return None
        opened = data.get("opened_at")
        return cls(shift_id.lower(), opened if isinstance(opened, str) else None, opening,
                   data.get("verified") is not False)


def _shift_id_of_close(entry: OutboxEntry) -> str | None:
    named = entry.arg("shift_id")
    if isinstance(named, str):
        return named.lower()
    if entry.response and isinstance(entry.response.get("shift_id"), str):
        return entry.response["shift_id"].lower()
    return None


def current_shift(
    entries: Iterable[OutboxEntry],
    staff_id: str,
    server_shift: ServerShift | None = None,
) -> ShiftFigures | None:
    """The open shift of `staff_id` on this kiosk, with its running drawer figures, or None.

    `entries` are this kiosk's outbox rows (any order). The shift is that person's newest
    open that was not refused (when the server answered "shift_already_open", the server's
    shift it named), unless a close of it follows in the outbox. `server_shift` (the login
    answer's "open_cash_shift") is believed over an answered open of another shift and stands
    in when the outbox knows no open shift; a queued open is newer than anything the server
    knows, so it wins."""
    rows = sorted(entries, key=lambda e: e.seq)
    for entry in reversed(rows):
        if entry.kind != OPEN_CASH_SHIFT or entry.staff_id != staff_id:
            continue
        figures = _figures_of_open(entry)
        if figures is None:
            continue  # refused or voided: look further back
        if server_shift is not None and not figures.open_queued and not _same(
            server_shift.shift_id, figures.shift_id
        ):
            break  # the server knows another shift of this person as open: believe it
        return _with_activity(figures, rows, staff_id, entry.seq)
    if server_shift is None:
        return None
    known = next(
        (e for e in rows if e.kind == OPEN_CASH_SHIFT and _same(server_shift.shift_id, str(e.request_id))),
        None,
    )
    start_seq = known.seq if known is not None else max(
        (e.seq for e in rows if e.kind in (OPEN_CASH_SHIFT, CLOSE_CASH_SHIFT) and e.staff_id == staff_id),
        default=0,
    )
    figures = ShiftFigures(server_shift.shift_id, staff_id, server_shift.opened_at,
                           server_shift.opening_float_cents, confirmed=server_shift.verified)
    return _with_activity(figures, rows, staff_id, start_seq)


def shift_figures(entries: Iterable[OutboxEntry], shift_id: str, staff_id: str) -> ShiftFigures | None:
    """The figures of shift `shift_id` (open or closed) as this kiosk's outbox knows them."""
    rows = sorted(entries, key=lambda e: e.seq)
    for entry in rows:
        if entry.kind == OPEN_CASH_SHIFT and str(entry.request_id) == shift_id.lower():
            figures = _figures_of_open(entry)
            if figures is not None:
                return _with_activity(figures, rows, staff_id, entry.seq, include_closed=True)
    return None


def _figures_of_open(entry: OutboxEntry) -> ShiftFigures | None:
    """The shift an open row stands for: its own (queued or done), the server's when it
    answered shift_already_open, None when it was refused otherwise or voided."""
    opening = entry.arg("opening_float_cents", 0)
    opening = opening if isinstance(opening, int) and not isinstance(opening, bool) else 0
    if entry.queued:
        return ShiftFigures(str(entry.request_id), entry.staff_id or "", entry.captured_at, opening,
                            confirmed=False, open_queued=True)
    if entry.state == DONE:
        response = entry.response or {}
        return ShiftFigures(str(entry.request_id), entry.staff_id or "",
                            response.get("opened_at") or entry.captured_at, opening)
    refused = entry.response if entry.state in (*REFUSED_STATES, SETTLED) else None
    if refused and refused.get("problem") == SHIFT_ALREADY_OPEN:
        adopted = ServerShift.from_json(refused)
        if adopted is not None:
            return ShiftFigures(adopted.shift_id, entry.staff_id or "", adopted.opened_at,
                                adopted.opening_float_cents)
    return None


def _with_activity(
    figures: ShiftFigures,
    rows: list[OutboxEntry],
    staff_id: str,
    start_seq: int,
    *,
    include_closed: bool = False,
) -> ShiftFigures | None:
    """Add this kiosk's recharges, voids and moves of the shift after row `start_seq`."""
    cash = card = voided = to_safe = from_safe = 0
    confirmed = figures.confirmed
    closed = closing_queued = False
    recharges: dict[str, OutboxEntry] = {}
    for entry in rows:
        if entry.seq <= start_seq:
            continue
        if entry.kind == CLOSE_CASH_SHIFT:
            named = _shift_id_of_close(entry)
            mine = named == figures.shift_id.lower() or (
                entry.arg("shift_id") is None and entry.staff_id == staff_id
            )
            refused = entry.state in (*REFUSED_STATES, SETTLED, VOIDED) and not entry.confirmed
            if mine and not refused:
                closed, closing_queued = True, entry.queued
                break
            if mine and entry.response and entry.response.get("problem") == NO_OPEN_SHIFT:
                closed = True
                break
            continue
        if entry.kind == OPEN_CASH_SHIFT and entry.staff_id == staff_id:
            later = _figures_of_open(entry)
            if later is not None and not _same(later.shift_id, figures.shift_id):
                break  # a later shift of the same person begins
        if entry.kind == RECHARGE and entry.staff_id == staff_id:
            if entry.queued or entry.confirmed:
                recharges[str(entry.request_id)] = entry
                method = entry.method
                if method == "cash":
                    cash += entry.amount_cents
                else:
                    card += entry.amount_cents
                if entry.queued:
                    confirmed = False
                if entry.state == VOIDED and entry.response is not None and method == "cash":
                    voided += entry.amount_cents  # reversed on the server after it went through
        elif entry.kind == VOID and entry.target_request_id is not None:
            target = recharges.get(str(entry.target_request_id))
            if target is not None and entry.queued:
                confirmed = False
        elif (entry.kind == MOVE_CASH and _same(entry.arg("shift_id"), figures.shift_id)
              and (entry.queued or entry.state == DONE)):
            if entry.arg("direction") == TO_SAFE:
                to_safe += entry.amount_cents
            else:
                from_safe += entry.amount_cents
            if entry.queued:
                confirmed = False
    if closed and not include_closed:
        return None
    return ShiftFigures(
        shift_id=figures.shift_id,
        staff_id=staff_id,
        opened_at=figures.opened_at,
        opening_float_cents=figures.opening_float_cents,
        cash_recharges_cents=cash,
        card_recharges_cents=card,
        cash_voided_cents=voided,
        moved_to_safe_cents=to_safe,
        moved_from_safe_cents=from_safe,
        confirmed=confirmed and not closing_queued,
        open_queued=figures.open_queued,
        closed=closed,
        closing_queued=closing_queued,
    )


def _same(a: object, b: str) -> bool:
    return isinstance(a, str) and a.strip().lower() == b.strip().lower()


@dataclass(frozen=True)
class CloseOutcome:
    """What a close came to, for the result screen and the slip: the server's figures when it
    answered, else this kiosk's own (confirmed False)."""

    shift_id: str
    staff_id: str
    opening_float_cents: int
    cash_recharges_cents: int
    card_recharges_cents: int
    cash_voided_cents: int
    moved_to_safe_cents: int
    moved_from_safe_cents: int
    expected_cash_cents: int
    counted_cash_cents: int
    counted: Mapping[int, int]
    opened_at: str | None
    closed_at: str | None
    confirmed: bool  # the server answered (False: queued, these are the kiosk's own figures)
    closed_by: str | None = None
    verified: bool = True  # the server's "verified": False for an offline or unverified close

    @property
    def difference_cents(self) -> int:
        return self.counted_cash_cents - self.expected_cash_cents

    @classmethod
    def from_answer(cls, data: Mapping, count: CashCount) -> CloseOutcome:
        def cents(name: str) -> int:
            value = data.get(name)
            return value if isinstance(value, int) and not isinstance(value, bool) else 0

        return cls(
            shift_id=str(data.get("shift_id") or ""),
            staff_id=str(data.get("staff_id") or ""),
            opening_float_cents=cents("opening_float_cents"),
            cash_recharges_cents=cents("cash_recharges_cents"),
            card_recharges_cents=cents("card_recharges_cents"),
            cash_voided_cents=cents("cash_voided_cents"),
            moved_to_safe_cents=cents("moved_to_safe_cents"),
            moved_from_safe_cents=cents("moved_from_safe_cents"),
            expected_cash_cents=cents("expected_cash_cents"),
            counted_cash_cents=cents("counted_cash_cents"),
            counted=dict(count.counts),
            opened_at=data.get("opened_at") if isinstance(data.get("opened_at"), str) else None,
            closed_at=data.get("closed_at") if isinstance(data.get("closed_at"), str) else None,
            confirmed=True,
            closed_by=data.get("closed_by") if isinstance(data.get("closed_by"), str) else None,
            verified=data.get("verified") is not False,
        )

    @classmethod
    def from_figures(cls, figures: ShiftFigures, count: CashCount, closed_at: str | None) -> CloseOutcome:
        opened = figures.opened_at
        return cls(
            shift_id=figures.shift_id,
            staff_id=figures.staff_id,
            opening_float_cents=figures.opening_float_cents,
            cash_recharges_cents=figures.cash_recharges_cents,
            card_recharges_cents=figures.card_recharges_cents,
            cash_voided_cents=figures.cash_voided_cents,
            moved_to_safe_cents=figures.moved_to_safe_cents,
            moved_from_safe_cents=figures.moved_from_safe_cents,
            expected_cash_cents=figures.expected_cash_cents,
            counted_cash_cents=count.total_cents,
            counted=dict(count.counts),
            opened_at=opened.isoformat() if isinstance(opened, datetime) else opened,
            closed_at=closed_at,
            confirmed=False,
        )


def open_shifts(entries: Iterable[OutboxEntry]) -> list[ShiftFigures]:
    """Every shift this kiosk's outbox shows as open (one per person who opened one here),
    oldest first: the supervisor's list of drawers on this device."""
    rows = sorted(entries, key=lambda e: e.seq)
    people = dict.fromkeys(e.staff_id for e in rows if e.kind == OPEN_CASH_SHIFT and e.staff_id)
    shifts = [shift for staff in people if (shift := current_shift(rows, staff)) is not None]
    return sorted(shifts, key=lambda s: str(s.opened_at or ""))


def parse_amount_cents(text: str) -> int | None:
    """A typed amount in currency units ("500", "12.5", "12,50") as cents; None if it is not
    a positive amount with at most two decimals."""
    cleaned = (text or "").strip().replace(",", ".")
    whole, _, frac = cleaned.partition(".")
    if not whole.isdigit() or (frac and (not frac.isdigit() or len(frac) > 2)):
        return None
    cents = int(whole) * 100 + int((frac or "0").ljust(2, "0"))
    return cents if 0 < cents <= MAX_FLOAT_CENTS else None
