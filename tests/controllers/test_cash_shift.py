"""The cash-shift screens' state (kiosk.controllers.cash_shift) and the shift report's cash
shifts: a float by amount or by count, a drawer count with its running total, the slip's rows,
and each shift's expected, counted and difference in the kiosk's shift report."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime

import pytest

from kiosk.controllers.cash_shift import DrawerCount, FloatEntry, FloatMode, slip_rows, write_slip_csv
from sync.cash_shift import CashCount, CloseOutcome
from sync.denominations import EUR_DENOMINATIONS, denominations_from
from sync.ids import new_request_id
from sync.outbox import CLOSE_CASH_SHIFT, OPEN_CASH_SHIFT, RECHARGE, Outbox
from sync.result import BackendResult
from sync.shift_report import compute_shift_report, report_rows
from sync.store import LocalStore

CASHIER = "staff-cashier-1"


def test_a_drawer_count_types_counts_per_denomination_and_totals_exactly():
    count = DrawerCount(EUR_DENOMINATIONS)
    assert count.notes == (50000, 20000, 10000, 5000, 2000, 1000, 500)
    assert count.coins == (200, 100, 50, 20, 10, 5, 2, 1)
    count.select(5000)
    for digit in "12":
        count.press_digit(digit)
    count.select(1)
    count.press_digit("7")
    count.press_digit("0")
    count.backspace()
    assert count.add(2, 1) and not count.add(5, -1)  # never below zero
    assert count.total_cents == 12 * 5000 + 7 + 2
    count.select(10)
    assert [count.press_digit(d) for d in "999999"] == [True] * 5 + [False]
    assert count.counts[10] == 99999  # five digits at most
    assert not count.select(300) and not count.press_digit("x")


def test_a_float_is_a_quick_amount_typed_whole_units_or_a_count():
    entry = FloatEntry(EUR_DENOMINATIONS)
    assert entry.set_quick_amount(15000) and entry.amount_cents == 15000
    entry.clear()
    assert not entry.press_digit("0") and entry.press_digit("8") and entry.amount_cents == 800
    entry.set_mode(FloatMode.COUNT)
    entry.count.add(2000, 2)
    assert entry.amount_cents == 4000 and entry.problem() is None
    entry.count.select(50000)
    for digit in "201":
        entry.count.press_digit(digit)
    assert entry.problem() == "too_much"  # beyond the server's cap


def test_denominations_from_the_server_are_cleaned_and_default_to_the_euro_set():
    assert denominations_from([100, 5, 100, 0, -5, True, "20", 2000]) == (2000, 100, 5)
    assert denominations_from(None) == EUR_DENOMINATIONS
    assert denominations_from([]) == EUR_DENOMINATIONS


def test_the_close_out_slip_lists_the_figures_and_the_count():
    count = CashCount.checked({5000: 2, 50: 3}, EUR_DENOMINATIONS)
    outcome = CloseOutcome.from_answer({
        "shift_id": "s1", "staff_id": CASHIER, "opening_float_cents": 10000, "cash_recharges_cents": 500,
        "card_recharges_cents": 2000, "cash_voided_cents": 0, "moved_to_safe_cents": 0,
        "moved_from_safe_cents": 0, "expected_cash_cents": 10500, "counted_cash_cents": 10150,
        "difference_cents": -350, "verified": True}, count)
    rows = {key: (count_, cents) for _s, key, _l, count_, cents in slip_rows(outcome, {})}
    assert rows["difference_cents"] == (0, -350) and rows["5000"] == (2, 10000) and rows["50"] == (3, 150)
    stream = io.StringIO()
    labels = {"difference_cents": "Difference (counted - expected)"}  # the screen's words
    write_slip_csv(outcome, labels, "kiosk-checkpoint-1", "EUR", stream, datetime(2026, 7, 4, tzinfo=UTC))
    lines = list(csv.reader(io.StringIO(stream.getvalue())))
    assert lines[1] == ["section", "key", "label", "count", "amount_cents", "amount"]
    assert ["drawer", "difference_cents", "Difference (counted - expected)", "0", "-350", "-3.50"] in lines
    assert ["drawer", "expected_cash_cents", "expected_cash_cents", "0", "10500", "105.00"] in lines


@pytest.fixture
def outbox(tmp_path):
    store = LocalStore(tmp_path / "store.sqlite3").open()
    yield Outbox(store)
    store.close()


def _row(outbox, kind, payload, amount, answer=None, card=None):
    rid = new_request_id()
    entry = outbox.enqueue(kind, {"p_client_request_id": str(rid), "p_staff_id": CASHIER, **payload},
                           request_id=rid, captured_at=datetime.now(UTC), amount_cents=amount,
                           staff_id=CASHIER, card_uid=card)
    if answer is not None:
        with outbox.store.write() as conn:
            conn.exec_driver_sql("UPDATE outbox SET state = 'in_flight' WHERE seq = ?", (entry.seq,))
        outbox.close([(entry, BackendResult(ok=True, data={"success": True, **answer}))])
    return entry


def test_the_shift_report_lists_each_shift_with_expected_counted_and_difference(outbox):
    first = _row(outbox, OPEN_CASH_SHIFT, {"p_opening_float_cents": 10000}, 10000, {})
    _row(outbox, RECHARGE, {"p_amount_cents": 2000, "p_payment_method": "cash"}, 2000,
         {"card_uid": "04DE0000000001"}, card="04DE0000000001")
    _row(outbox, CLOSE_CASH_SHIFT, {"p_counted_cash_cents": 11900}, 11900,
         {"shift_id": str(first.request_id), "staff_id": CASHIER, "opening_float_cents": 10000,
          "expected_cash_cents": 12000, "counted_cash_cents": 11900, "difference_cents": -100})
    second = _row(outbox, OPEN_CASH_SHIFT, {"p_opening_float_cents": 5000}, 5000)  # queued
    _row(outbox, RECHARGE, {"p_amount_cents": 700, "p_payment_method": "cash"}, 700, card="04DE0000000002")
    report = compute_shift_report(outbox.entries(), device_id="kiosk-checkpoint-1")
    closed, still_open = report.cash_shifts
    assert (closed.shift_id, closed.expected_cash_cents, closed.counted_cash_cents, closed.difference_cents,
            closed.confirmed) == (str(first.request_id), 12000, 11900, -100, True)
    assert (still_open.shift_id, still_open.expected_cash_cents, still_open.counted_cash_cents,
            still_open.confirmed) == (str(second.request_id), 5700, None, False)
    keys = {key: cents for section, key, _l, _c, cents in report_rows(report) if section == "cash_shift"}
    assert keys[f"{first.request_id}:difference"] == -100 and f"{second.request_id}:counted" not in keys
