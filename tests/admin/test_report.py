"""`festival-admin report`: after a night of traffic through the real functions, every
breakdown adds up to its total, and every total agrees with the ledger, the orders and the
cards, each checked independently in SQL; text, CSV and an HTML page that a real headless
Chromium renders (its screenshot goes to docs/ when REPORT_SCREENSHOT names a file)."""

from __future__ import annotations

import csv
import os
import shutil
import subprocess
from datetime import timedelta
from pathlib import Path

import psycopg
import pytest

from sql.admin import main
from sql.report import build_report
from sql.report_html import render_html
from tests.admin.workload import festival_night
from tests.sql.contract import ledger_mismatches


@pytest.fixture
def night(db_url, kiosk_url, checkpoint_url):
    return festival_night(kiosk_url, checkpoint_url, db_url, hours=4)


def one(db, query: str, *params: object) -> int:
    return int(db.execute(query, params).fetchone()[0] or 0)


def test_every_breakdown_adds_up_to_its_total_and_to_the_ledger(db, db_url, night):
    assert night.orders > 100 and night.offline_orders > 5 and night.voids > night.self_voids >= 3
    with psycopg.connect(db_url) as conn:
        report = build_report(conn)
        assert ledger_mismatches(conn) == []
    totals = report.totals

    net_sales = totals["net_sales_cents"]
    assert net_sales == one(db, "SELECT sum(total_cents) FROM orders WHERE voided_at IS NULL")
    for key in ("sales_by_point_of_sale", "sales_by_product", "sales_by_hour"):
        table = report.table(key)
        assert sum(table.column("net_cents")) == net_sales == table.total[-1], key
    assert len(report.table("sales_by_hour").rows) == 4
    pos = report.table("sales_by_point_of_sale")
    assert sum(pos.column("orders")) == one(db, "SELECT count(*) FROM orders")
    assert sum(pos.column("gross_cents")) == one(db, "SELECT sum(total_cents) FROM orders")
    quantities = dict(
        db.execute(
            "SELECT l.product_id, sum(l.quantity) FROM order_lines l JOIN orders o USING (order_id)"
            " WHERE o.voided_at IS NULL GROUP BY 1"
        ).fetchall()
    )
    products = report.table("sales_by_product")
    assert {r[0]: r[2] for r in products.rows if r[2]} == {k: v for k, v in quantities.items() if v}

    recharges = report.table("recharges")
    assert (
        sum(recharges.column("net_cents"))
        == totals["net_recharges_cents"]
        == one(db, "SELECT sum(amount_cents) FROM recharges WHERE voided_at IS NULL")
    )
    assert {r[0] for r in recharges.rows} == {"card", "cash", "stripe"}

    shifts = report.table("cash_shifts")
    assert len(shifts.rows) == night.shifts == 4 == one(db, "SELECT count(*) FROM cash_shifts")
    # the cash and card columns add up to the ledger's money of the shifts' recharges
    assert sum(shifts.column("cash_cents")) == shifts.total[6] == one(
        db, "SELECT sum(amount_cents) FROM recharges WHERE payment_method = 'cash' AND voided_at IS NULL")
    assert sum(shifts.column("card_cents")) == shifts.total[7] == one(
        db, "SELECT sum(amount_cents) FROM recharges WHERE payment_method = 'card'")
    for row in shifts.rows:  # expected = float + cash + moves; honest counts: no difference
        values = dict(zip(shifts.columns, row, strict=True))
        assert values["expected_cents"] == (
            values["float_cents"] + values["cash_cents"] + values["moves_cents"])
        assert values["counted_cents"] == values["expected_cents"] and values["difference_cents"] == 0
        assert values["verified"] is True  # the cashier's session was verified, open and close online
        assert values["closed"] > values["opened"]
    assert "THE LEDGER DISAGREES" not in shifts.note and "belong to no shift" not in shifts.note

    voids = report.table("voids_by_staff")
    assert sum(voids.column("voids")) == one(db, "SELECT count(*) FROM voids") == night.voids
    assert sum(voids.column("self_voids")) == one(db, "SELECT count(*) FROM voids WHERE self_void")
    assert (
        sum(voids.column("amount_cents"))
        == totals["voided_cents"]
        == one(db, "SELECT sum(amount_cents) FROM ledger WHERE kind = 'void'")
    )

    offline = report.table("offline_sales")
    assert sum(offline.column("orders")) == one(db, "SELECT count(*) FROM orders WHERE offline")
    assert sum(offline.column("overdrafts")) == one(db, "SELECT count(*) FROM orders WHERE overdraft")
    overdrafts = report.table("overdrafts")
    assert sum(overdrafts.column("balance_cents")) == one(
        db, "SELECT sum(balance_cents) FROM cards WHERE balance_cents < 0"
    )
    declines = report.table("declines")
    assert (
        sum(declines.column("requests"))
        == one(db, "SELECT count(*) FROM idempotency_records WHERE NOT succeeded")
        == night.declines
    )

    kinds = report.table("ledger_by_kind")
    float_table = report.table("float_by_hour")
    assert totals["float_at_end_cents"] == one(db, "SELECT sum(balance_cents) FROM cards")
    assert totals["float_at_start_cents"] == 0
    assert (
        sum(kinds.column("amount_cents"))
        == totals["net_change_cents"]
        == sum(float_table.column("change_cents"))
        == totals["float_at_end_cents"] - totals["float_at_start_cents"]
    )
    assert float_table.rows[-1][2] == totals["float_at_end_cents"]
    assert (
        totals["transfers_cents"] == 0
        and dict(zip(kinds.column("kind"), kinds.column("entries"), strict=True))["transfer"] == 2
    )
    # the ledger's kinds decompose the night exactly: sales out, recharges in, voids, transfers
    assert totals["net_change_cents"] == (
        totals["initial_cents"] + totals["net_recharges_cents"] - net_sales + totals["transfers_cents"]
    )


def test_a_time_range_takes_only_its_hours_and_keeps_the_float_continuous(db, db_url, night):
    (first_hour,) = db.execute("SELECT date_trunc('hour', min(received_at)) FROM orders").fetchone()
    start, end = first_hour + timedelta(hours=1), first_hour + timedelta(hours=3)
    with psycopg.connect(db_url) as conn:
        report = build_report(conn, start, end)
    in_range = one(
        db,
        "SELECT sum(-amount_cents) FROM ledger WHERE kind IN ('order', 'void')"
        " AND order_id IS NOT NULL AND received_at >= %s AND received_at < %s",
        start,
        end,
    )
    assert (
        report.totals["net_sales_cents"] == in_range == sum(report.table("sales_by_hour").column("net_cents"))
    )
    assert len(report.table("sales_by_hour").rows) == 2
    assert report.totals["float_at_start_cents"] == one(
        db, "SELECT sum(amount_cents) FROM ledger WHERE received_at < %s", start
    )
    assert (
        report.totals["float_at_start_cents"] + report.totals["net_change_cents"]
        == report.totals["float_at_end_cents"]
    )


def test_text_and_csv_formats_carry_the_same_totals(db_url, night, tmp_path, capsys):
    assert main(["report", "--database-url", db_url]) == 0
    text = capsys.readouterr().out
    with psycopg.connect(db_url) as conn:
        report = build_report(conn)
    net = report.totals["net_sales_cents"]
    assert "Sales per point of sale" in text and f"{net // 100:,}.{net % 100:02d}" in text
    assert main(["report", "--format", "csv", "--out", str(tmp_path / "csv"), "--database-url", db_url]) == 0
    assert "CSV files" in capsys.readouterr().out
    with (tmp_path / "csv" / "sales_by_point_of_sale.csv").open() as handle:
        rows = list(csv.reader(handle))
    assert rows[0] == ["point_of_sale", "orders", "gross_cents", "voided_orders", "voided_cents", "net_cents"]
    assert rows[-1][0] == "total" and int(rows[-1][-1]) == net
    assert sum(int(r[-1]) for r in rows[1:-1]) == net
    assert {p.name for p in (tmp_path / "csv").iterdir()} >= {
        "totals.csv",
        "float_by_hour.csv",
        "voids_by_staff.csv",
        "cash_shifts.csv",
    }


def test_bad_report_arguments_are_clear_errors(db_url, capsys):
    assert main(["report", "--format", "csv", "--database-url", db_url]) == 1
    assert "--format csv needs --out" in capsys.readouterr().err
    assert (
        main(
            [
                "report",
                "--from",
                "2026-07-02T00:00:00Z",
                "--to",
                "2026-07-01T00:00:00Z",
                "--database-url",
                db_url,
            ]
        )
        == 1
    )
    assert "--to must be after --from" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        main(["report", "--from", "yesterday", "--database-url", db_url])


CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


@pytest.mark.skipif(CHROMIUM is None, reason="Debian's chromium package is not installed")
def test_the_html_report_renders_in_a_real_headless_chromium(db_url, night, tmp_path):
    with psycopg.connect(db_url) as conn:
        report = build_report(conn)
    page = render_html(report)
    assert "<script" not in page and "http://" not in page and "https://" not in page
    assert page.count("data:image/png;base64,") == 4
    path = tmp_path / "report.html"
    path.write_text(page, encoding="utf-8")
    flags = [
        CHROMIUM,
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--no-first-run",
        f"--user-data-dir={tmp_path / 'profile'}",
        "--enable-logging=stderr",
        "--v=0",
        "--hide-scrollbars",
    ]
    shot = tmp_path / "report.png"
    done = subprocess.run(
        [*flags, f"--screenshot={shot}", "--window-size=900,2400", path.as_uri()],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert shot.stat().st_size > 50_000
    assert "CONSOLE" not in done.stderr and "Failed to load" not in done.stderr
    dom = subprocess.run([*flags, "--dump-dom", path.as_uri()], capture_output=True, text=True, timeout=120)
    assert dom.returncode == 0 and "<h1>Festival report</h1>" in dom.stdout
    assert dom.stdout.count("<section") == len(report.tables) == 12
    pdf = tmp_path / "report.pdf"
    printed = subprocess.run(
        [*flags, f"--print-to-pdf={pdf}", "--no-pdf-header-footer", path.as_uri()],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert printed.returncode == 0 and pdf.read_bytes().startswith(b"%PDF")
    if os.environ.get("REPORT_SCREENSHOT"):
        shutil.copy(shot, Path(os.environ["REPORT_SCREENSHOT"]))
