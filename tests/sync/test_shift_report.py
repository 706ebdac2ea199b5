"""Shift report: confirmed sales by product, recharges by method, voids, cash in the drawer, CSV."""

from __future__ import annotations

import csv
import io
from datetime import timedelta

from sync.shift_report import compute_shift_report, report_rows, write_csv
from tests.sync.outbox_builders import SHIFT_START, order, recharge, void, voided


class P:
    """A product row of the device config (product_id, name, price_cents)."""

    def __init__(self, product_id, name, price_cents):
        self.product_id, self.name, self.price_cents = product_id, name, price_cents


PRODUCTS = [P("beer", "Beer", 500), P("soft", "Soft drink", 300),
            P("cup-deposit", "Cup deposit", 100), P("cup-return", "Cup return", -100)]


def report(entries, **kw):
    return compute_shift_report(entries, device_id="kiosk-bar-1", products=PRODUCTS, **kw)


def test_confirmed_orders_are_summed_by_product_with_config_names_and_prices():
    r = report([
        order([("beer", 2), ("cup-deposit", 2)], 1200),
        order([("soft", 1), ("beer", 1), ("cup-return", 1)], 700),
    ])
    assert [(p.product_id, p.name, p.quantity, p.total_cents) for p in r.products] == [
        ("beer", "Beer", 3, 1500), ("soft", "Soft drink", 1, 300),
        ("cup-deposit", "Cup deposit", 2, 200), ("cup-return", "Cup return", 1, -100),
    ]
    assert (r.orders_count, r.orders_total_cents) == (2, 1900)


def test_order_total_is_the_backends_not_the_kiosks():
    entry = order([("beer", 1)], 500, response={"success": True, "total_cents": 550})
    assert report([entry]).orders_total_cents == 550


def test_recharges_by_method_and_cash_expected_is_cash_minus_cash_voids():
    cash1, cash2 = recharge(2000, "cash"), recharge(5000, "cash")
    entries = [cash1, voided(cash2), recharge(1000, "card"), void(cash2)]
    r = report(entries)
    assert [(m.method, m.count, m.total_cents) for m in r.recharges] == [
        ("cash", 1, 2000), ("card", 1, 1000)]
    assert r.cash_recharges_cents == 7000
    assert r.cash_voids_cents == 5000
    assert r.cash_expected_cents == 2000


def test_a_voided_order_leaves_the_product_lines_and_is_listed_as_a_void():
    kept, sale = order([("beer", 1)], 500), order([("soft", 2)], 600)
    r = report([kept, voided(sale), void(sale)])
    assert [p.product_id for p in r.products] == ["beer"]
    assert (r.voided_orders_count, r.voided_orders_cents) == (1, 600)
    assert r.orders_total_cents == 500


def test_only_done_rows_count_queued_rejected_and_locally_voided_are_apart():
    queued_cash = recharge(2000, "cash", state="pending", offline=True)
    entries = [
        order([("beer", 1)], 500, state="pending"),
        queued_cash,
        recharge(1000, "card", state="in_flight"),
        order([("beer", 4)], 2000, state="rejected", error_code="INSUFFICIENT_FUNDS",
              response={"success": False, "error_code": "INSUFFICIENT_FUNDS"}),
        recharge(3000, "cash", state="voided"),
        void(queued_cash, state="pending"),
        voided(recharge(4000, "cash", state="pending")),
    ]
    r = report(entries)
    assert r.products == () and r.orders_count == 0 and r.recharges == ()
    assert (r.queued_count, r.queued_cash_cents) == (3, 2000)
    assert r.voided_recharges == ()
    assert r.rejected_count == 1
    assert r.cash_expected_cents == 0


def test_offline_then_confirmed_counts_and_is_flagged():
    r = report([order([("beer", 1)], 500, offline=True), order([("beer", 1)], 500)])
    assert r.orders_count == 2 and r.offline_count == 1


def test_since_and_staff_narrow_the_report_to_one_shift_and_person():
    entries = [
        recharge(1000, "cash", minute=-30),
        recharge(2000, "cash", minute=10, staff="staff-cashier-1"),
        recharge(4000, "cash", minute=20, staff="staff-cashier-2"),
    ]
    assert report(entries, since=SHIFT_START).cash_expected_cents == 6000
    assert report(entries, since=SHIFT_START, staff_id="staff-cashier-2").cash_expected_cents == 4000
    assert report(entries, since=SHIFT_START + timedelta(hours=1)).recharges == ()


def test_unknown_product_is_listed_under_its_id():
    r = report([order([("mystery", 1)], 0)])
    assert [(p.product_id, p.name) for p in r.products] == [("mystery", "mystery")]


def test_csv_has_a_header_and_one_row_per_figure_with_cents_and_decimal():
    cash = recharge(2500, "cash")
    r = report([order([("beer", 2)], 1000), voided(cash), recharge(1000, "card"), void(cash)])
    buffer = io.StringIO()
    write_csv(r, buffer)
    rows = list(csv.reader(io.StringIO(buffer.getvalue())))
    assert rows[0][:2] == ["# device", "kiosk-bar-1"]
    assert rows[1] == ["section", "key", "label", "count", "amount_cents", "amount"]
    body = {(row[0], row[1]): row for row in rows[2:]}
    assert body[("product", "beer")][3:] == ["2", "1000", "10.00"]
    assert body[("recharge", "card")][3:] == ["1", "1000", "10.00"]
    assert body[("void", "cash")][3:] == ["1", "2500", "25.00"]
    assert body[("drawer", "cash_expected")][4:] == ["0", "0.00"]
    assert len(rows) == 2 + len(report_rows(r))


def test_negative_amounts_are_written_with_a_minus_sign():
    buffer = io.StringIO()
    write_csv(report([order([("cup-return", 3)], -300)]), buffer)
    assert "product,cup-return,Cup return,3,-300,-3.00" in buffer.getvalue()


def test_a_tombstoned_request_that_was_never_confirmed_counts_nowhere():
    never_sent = recharge(2000, "cash", state="pending")
    r = report([voided(never_sent), void(never_sent)])
    assert r.recharges == () and r.voided_recharges == () and r.cash_expected_cents == 0
