"""The shift report of one device, computed from its local outbox (Qt-free).

Only requests the backend confirmed count (`done`, or reversed later: sync marks those
`voided` but keeps the successful answer). Sales are broken down by product and
recharges by payment method; a confirmed void takes its request out of the sales and
recharge figures and is listed on its own. Cash expected in the drawer is cash recharges
minus cash voids. Requests still queued are shown apart: their cash is in the drawer but
the backend has not confirmed them yet. Exported as CSV with the `csv` module.
"""

from __future__ import annotations

import csv
import uuid
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TextIO

from sync.cash_shift import shift_figures
from sync.config import Product
from sync.outbox import (
    BAR_ORDER,
    CLOSE_CASH_SHIFT,
    DONE,
    OPEN_CASH_SHIFT,
    RECHARGE,
    REJECTED,
    SHIFT_KINDS,
    VOID,
    OutboxEntry,
)
from sync.validation import PAYMENT_METHODS


def reversed_by_backend_ids(entries: Iterable[OutboxEntry]) -> set[uuid.UUID]:
    """Targets of voids the backend answered with "reversed": it had booked them."""
    return {
        target for e in entries
        if e.kind == VOID and e.state == DONE and (target := e.void_target) is not None
        and isinstance(e.response, dict) and e.response.get("outcome") == "reversed"
    }


def reversal_refused_ids(entries: Iterable[OutboxEntry]) -> set[uuid.UUID]:
    """Requests voided on this kiosk that may have reached the backend (`maybe_sent`) and
    whose every void was refused: the backend may have booked them and nothing undid it."""
    refused: set[uuid.UUID] = set()
    settled: set[uuid.UUID] = set()
    for e in entries:
        if e.kind != VOID or (target := e.void_target) is None:
            continue
        if e.refused:
            refused.add(target)
        else:
            settled.add(target)  # done, queued or itself voided: not (or not yet) refused
    return refused - settled


def entry_staff(entry: OutboxEntry) -> str | None:
    """Who made the request (its `p_staff_id`)."""
    staff = entry.arg("staff_id")
    return staff if isinstance(staff, str) else None


def order_total_cents(entry: OutboxEntry, prices: Mapping[str, int]) -> int:
    """The confirmed total of a bar order: the backend's, else the kiosk's expected total,
    else its lines at `prices`."""
    total = entry.total_cents
    if total is not None:
        return total
    return sum(prices.get(pid, 0) * qty for pid, qty in entry.items)


def recharge_amount_cents(entry: OutboxEntry) -> int:
    """A recharge's amount: the backend's, else the one asked for (0 if neither is known)."""
    return entry.total_cents or 0


def recharge_method(entry: OutboxEntry) -> str:
    return entry.method or "?"


@dataclass(frozen=True)
class ProductLine:
    product_id: str
    name: str
    quantity: int
    total_cents: int


@dataclass(frozen=True)
class MethodLine:
    method: str  # "cash" | "card"
    count: int
    total_cents: int


@dataclass(frozen=True)
class CashShiftLine:
    """One cash shift of this device: its cashier, float, expected, counted and difference
    (None while it is open), and whether the server has confirmed those figures."""

    shift_id: str
    staff_id: str
    opened_at: str
    opening_float_cents: int
    expected_cash_cents: int
    counted_cash_cents: int | None
    confirmed: bool

    @property
    def difference_cents(self) -> int | None:
        if self.counted_cash_cents is None:
            return None
        return self.counted_cash_cents - self.expected_cash_cents


@dataclass(frozen=True)
class ShiftReport:
    device_id: str
    currency: str
    generated_at: datetime
    since: datetime | None
    staff_id: str | None
    products: tuple[ProductLine, ...]
    orders_count: int
    orders_total_cents: int
    recharges: tuple[MethodLine, ...]
    voided_orders_count: int
    voided_orders_cents: int
    voided_recharges: tuple[MethodLine, ...]
    queued_count: int
    queued_cash_cents: int
    rejected_count: int
    offline_count: int  # confirmed requests that were first accepted offline
    cash_shifts: tuple[CashShiftLine, ...] = ()  # checkpoints: every shift in the outbox

    def recharge_line(self, method: str) -> MethodLine:
        return next((m for m in self.recharges if m.method == method), MethodLine(method, 0, 0))

    def voided_recharge_line(self, method: str) -> MethodLine:
        return next(
            (m for m in self.voided_recharges if m.method == method), MethodLine(method, 0, 0)
        )

    @property
    def cash_recharges_cents(self) -> int:
        """Confirmed cash recharges, voided ones included (their cash went back out)."""
        return self.recharge_line("cash").total_cents + self.cash_voids_cents

    @property
    def cash_voids_cents(self) -> int:
        return self.voided_recharge_line("cash").total_cents

    @property
    def cash_expected_cents(self) -> int:
        """Cash expected in the drawer: cash recharges − cash voids (confirmed only)."""
        return self.cash_recharges_cents - self.cash_voids_cents

    @property
    def recharges_count(self) -> int:
        return sum(m.count for m in self.recharges)

    @property
    def recharges_total_cents(self) -> int:
        return sum(m.total_cents for m in self.recharges)


def compute_shift_report(
    entries: Iterable[OutboxEntry],
    *,
    device_id: str,
    products: Sequence[Product] = (),
    currency: str = "EUR",
    since: datetime | None = None,
    staff_id: str | None = None,
    now: datetime | None = None,
) -> ShiftReport:
    """Sum the device's outbox entries (sync OutboxEntry) into a shift report.

    `products` (sync.config.Product) gives names and prices per line; `since` and
    `staff_id` narrow the report to one shift or one person.
    """
    names = {p.product_id: p.name for p in products}
    prices = {p.product_id: p.price_cents for p in products}
    selected = [
        e for e in entries
        if (since is None or _captured(e) >= since)
        and (staff_id is None or entry_staff(e) == staff_id)
    ]
    voided_ids = {
        target for e in selected
        if e.kind == VOID and e.state == DONE and (target := e.void_target) is not None
    }
    # Refused offline after an unanswered online attempt, and the automatic void refused: the
    # backend booked it (the report counts what the backend booked), or reversed it later.
    booked_ids = reversal_refused_ids(selected)
    backend_reversed = reversed_by_backend_ids(selected)
    quantities: dict[str, int] = {}
    line_totals: dict[str, int] = {}
    orders_count = orders_total = voided_orders = voided_orders_cents = 0
    recharge_counts: dict[str, list[int]] = {}
    voided_recharges: dict[str, list[int]] = {}
    queued = queued_cash = rejected = offline = 0
    for e in selected:
        if e.kind == VOID:
            continue
        if e.queued:
            queued += 1
            if e.kind == RECHARGE and recharge_method(e) == "cash":
                queued_cash += recharge_amount_cents(e)
            continue
        if e.state == REJECTED:
            rejected += 1
            continue
        booked_anyway = e.request_id in booked_ids and e.maybe_sent
        reversed_anyway = e.request_id in backend_reversed
        if not e.confirmed and not booked_anyway and not reversed_anyway:
            continue  # voided locally before the backend confirmed it: no money moved
        offline += bool(e.offline)
        if e.kind == BAR_ORDER:
            total = order_total_cents(e, prices)
            if e.request_id in voided_ids or reversed_anyway:
                voided_orders += 1
                voided_orders_cents += total
                continue
            orders_count += 1
            orders_total += total
            for pid, qty in e.items:
                quantities[pid] = quantities.get(pid, 0) + qty
                line_totals[pid] = line_totals.get(pid, 0) + qty * prices.get(pid, 0)
        elif e.kind == RECHARGE:
            reversed_ = e.request_id in voided_ids or reversed_anyway
            by_method = voided_recharges if reversed_ else recharge_counts
            slot = by_method.setdefault(recharge_method(e), [0, 0])
            slot[0] += 1
            slot[1] += recharge_amount_cents(e)
    product_order = {p.product_id: i for i, p in enumerate(products)}
    lines = tuple(
        ProductLine(pid, names.get(pid, pid), quantities[pid], line_totals[pid])
        for pid in sorted(quantities, key=lambda p: (product_order.get(p, len(product_order)), p))
    )
    return ShiftReport(
        device_id=device_id,
        currency=currency,
        generated_at=now or datetime.now(UTC),
        since=since,
        staff_id=staff_id,
        products=lines,
        orders_count=orders_count,
        orders_total_cents=orders_total,
        recharges=_method_lines(recharge_counts),
        voided_orders_count=voided_orders,
        voided_orders_cents=voided_orders_cents,
        voided_recharges=_method_lines(voided_recharges),
        queued_count=queued,
        queued_cash_cents=queued_cash,
        rejected_count=rejected,
        offline_count=offline,
        cash_shifts=cash_shift_lines(selected),
    )


def cash_shift_lines(entries: Iterable[OutboxEntry]) -> tuple[CashShiftLine, ...]:
    """The cash shifts opened in these outbox entries, oldest first: a closed one with the
    server's figures from its close answer (or the kiosk's own while the close is queued), an
    open one with the cash expected so far."""
    rows = [e for e in entries if e.kind in (*SHIFT_KINDS, RECHARGE, VOID)]
    if not any(e.kind == OPEN_CASH_SHIFT for e in rows):
        return ()
    rows.sort(key=lambda e: e.seq)
    closes = {}
    for e in rows:
        if e.kind == CLOSE_CASH_SHIFT and e.state == DONE and e.response:
            closes[str(e.response.get("shift_id", "")).lower()] = e
    lines = []
    for e in rows:
        if e.kind != OPEN_CASH_SHIFT or e.staff_id is None:
            continue
        if e.state != DONE and not e.queued:
            continue  # refused: no shift of its own (an adopted one is listed where it was opened)
        shift_id = str(e.request_id)
        close = closes.get(shift_id)
        figures = shift_figures(rows, shift_id, e.staff_id)
        opened = str((e.response or {}).get("opened_at") or e.captured_at.isoformat())
        if close is not None:
            answer = close.response or {}
            lines.append(CashShiftLine(shift_id, str(answer.get("staff_id") or e.staff_id), opened,
                                       int(answer.get("opening_float_cents") or 0),
                                       int(answer.get("expected_cash_cents") or 0),
                                       int(answer.get("counted_cash_cents") or 0), True))
        elif figures is not None:
            counted = None
            if figures.closed:
                queued_close = next((c for c in rows if c.kind == CLOSE_CASH_SHIFT and c.seq > e.seq
                                     and c.staff_id == e.staff_id and c.queued), None)
                counted = queued_close.amount_cents if queued_close is not None else None
            lines.append(CashShiftLine(shift_id, e.staff_id, opened, figures.opening_float_cents,
                                       figures.expected_cash_cents, counted, figures.confirmed))
    return tuple(lines)


def _method_lines(counts: Mapping[str, list[int]]) -> tuple[MethodLine, ...]:
    order = {m: i for i, m in enumerate(PAYMENT_METHODS)}
    return tuple(
        MethodLine(m, counts[m][0], counts[m][1])
        for m in sorted(counts, key=lambda m: (order.get(m, len(order)), m))
    )


def _captured(entry: OutboxEntry) -> datetime:
    when = entry.captured_at
    if isinstance(when, str):
        when = datetime.fromisoformat(when)
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return when


CSV_HEADER = ("section", "key", "label", "count", "amount_cents", "amount")


def report_rows(report: ShiftReport) -> list[tuple[str, str, str, int, int]]:
    """The report as (section, key, label, count, amount_cents) rows: the CSV's body."""
    rows: list[tuple[str, str, str, int, int]] = [
        (
            "product", line.product_id, line.name, line.quantity, line.total_cents
        ) for line in report.products
    ]
    rows.append(("sales", "orders", "Orders", report.orders_count, report.orders_total_cents))
    for line in report.recharges:
        rows.append(("recharge", line.method, f"{line.method} recharges", line.count,
                     line.total_cents))
    rows.append(("void", "orders", "Voided orders", report.voided_orders_count,
                 report.voided_orders_cents))
    for line in report.voided_recharges:
        rows.append(("void", line.method, f"Voided {line.method} recharges", line.count,
                     line.total_cents))
    rows.append(("drawer", "cash_recharges", "Cash recharges", 0, report.cash_recharges_cents))
    rows.append(("drawer", "cash_voids", "Cash voids", 0, report.cash_voids_cents))
    rows.append(("drawer", "cash_expected", "Cash expected in the drawer", 0,
                 report.cash_expected_cents))
    rows.append(("queue", "queued", "Queued, not yet confirmed", report.queued_count,
                 report.queued_cash_cents))
    rows.append(("queue", "rejected", "Rejected by the backend", report.rejected_count, 0))
    rows.append(("queue", "offline", "Confirmed after offline acceptance",
                 report.offline_count, 0))
    for shift in report.cash_shifts:
        rows.append(("cash_shift", f"{shift.shift_id}:float", f"{shift.staff_id} float", 0,
                     shift.opening_float_cents))
        rows.append(("cash_shift", f"{shift.shift_id}:expected", f"{shift.staff_id} expected", 0,
                     shift.expected_cash_cents))
        if shift.counted_cash_cents is not None:
            rows.append(("cash_shift", f"{shift.shift_id}:counted", f"{shift.staff_id} counted", 0,
                         shift.counted_cash_cents))
            rows.append(("cash_shift", f"{shift.shift_id}:difference", f"{shift.staff_id} difference",
                         0, shift.difference_cents or 0))
    return rows


def write_csv(report: ShiftReport, stream: TextIO) -> None:
    """Write the report as CSV (amounts in cents and as decimal currency units)."""
    meta = ("# device", report.device_id, "generated", report.generated_at.isoformat(),
            "currency", report.currency)
    write_report_csv(meta, report_rows(report), stream)


def write_report_csv(
    meta: Iterable[str], rows: Iterable[tuple[str, str, str, int, int]], stream: TextIO
) -> None:
    """A report CSV: one line of `meta`, the header, then (section, key, label, count,
    amount_cents) rows with the amount also in decimal currency units (the shift report and
    the cash close-out slip share it)."""
    writer = csv.writer(stream)
    writer.writerow(tuple(meta))
    writer.writerow(CSV_HEADER)
    for section, key, label, count, cents in rows:
        writer.writerow((section, key, label, count, cents, _decimal(cents)))


def _decimal(cents: int) -> str:
    sign = "-" if cents < 0 else ""
    whole, frac = divmod(abs(cents), 100)
    return f"{sign}{whole}.{frac:02d}"
