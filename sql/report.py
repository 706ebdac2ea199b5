"""`festival-admin report [--from T] [--to T] [--format text|csv|html] [--out PATH]`: the
operator's report over a time range, computed from the ledger (sql/report.sql) so that every
breakdown adds up to its total: sales per point of sale, product and hour; recharges per
method and checkpoint; cash shifts (float, cash, card, moves, expected, counted,
difference); voids and self-voids per staff member; offline sales, overdrafts and declined
requests; the float (what the festival owes its attendees) and how it moved; devices.

`build_report(conn, start, end)` returns a `Report` of plain tables; `text` and `csv` are
rendered here, `html` by sql/report_html.py.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import psycopg

QUERIES_FILE = Path(__file__).with_name("report.sql")


def load_queries(path: Path = QUERIES_FILE) -> dict[str, str]:
    """The named queries of report.sql ("-- name: x" starts each)."""
    queries: dict[str, str] = {}
    name = None
    for line in path.read_text().splitlines():
        match = re.match(r"^-- name: (\w+)\s*$", line)
        if match:
            name = match.group(1)
            queries[name] = ""
        elif name is not None:
            queries[name] += line + "\n"
    return {k: v.strip().rstrip(";") for k, v in queries.items()}


@dataclass(frozen=True)
class Table:
    key: str  # the CSV file's name
    title: str
    columns: tuple[str, ...]
    rows: list[tuple]
    total: tuple | None = None  # the total row, from the ledger, not from the rows
    note: str = ""

    def column(self, name: str) -> list[Any]:
        index = self.columns.index(name)
        return [row[index] for row in self.rows]


@dataclass
class Report:
    start: datetime | None
    end: datetime
    generated_at: datetime
    totals: dict[str, int]
    tables: list[Table] = field(default_factory=list)
    float_series: list[tuple[datetime, int]] = field(default_factory=list)  # (hour end, float)

    def table(self, key: str) -> Table:
        return next(t for t in self.tables if t.key == key)


def build_report(
    conn: psycopg.Connection, start: datetime | None = None, end: datetime | None = None
) -> Report:
    """Every table of the report for [start, end) (start open when None, end defaults to now),
    read in one REPEATABLE READ snapshot so that the tables agree with each other."""
    queries = load_queries()
    conn.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
    (now,) = conn.execute("SELECT now()").fetchone()
    end = end or now
    params = {"from": start, "to": end}

    def rows(name: str) -> list[tuple]:
        return conn.execute(queries[name], params).fetchall()

    def value(name: str) -> int:
        return int(conn.execute(queries[name], params).fetchone()[0])

    by_kind = {kind: (entries, amount) for kind, entries, amount in rows("money_by_kind")}
    float_before, float_until = value("float_before"), value("float_until")
    sales_pos = rows("sales_by_point_of_sale")
    # the totals, straight from the ledger by kind
    order_debits = int(conn.execute(queries["total_of_kind"], {**params, "kind": "order"}).fetchone()[0])
    void_of_orders = value("voids_of_orders")
    void_of_recharges = value("voids_of_recharges")
    totals = {
        "float_at_start_cents": float_before,
        "float_at_end_cents": float_until,
        "net_change_cents": sum(amount for _, amount in by_kind.values()),
        "net_sales_cents": -(order_debits + void_of_orders),
        "net_recharges_cents": by_kind.get("recharge", (0, 0))[1] + void_of_recharges,
        "voided_cents": by_kind.get("void", (0, 0))[1],
        "transfers_cents": by_kind.get("transfer", (0, 0))[1],
        "initial_cents": by_kind.get("initial", (0, 0))[1],
    }
    report = Report(start, end, now, totals)
    summary_rows = [(kind, entries, amount) for kind, (entries, amount) in sorted(by_kind.items())]
    report.tables.append(
        Table(
            "ledger_by_kind",
            "Money moved, by kind (credits > 0, debits < 0)",
            ("kind", "entries", "amount_cents"),
            summary_rows,
            ("total", sum(e for _, e, _ in summary_rows), totals["net_change_cents"]),
            f"float {_euro(float_before)} at the start, {_euro(float_until)} at the end",
        )
    )
    report.tables.append(
        Table(
            "sales_by_point_of_sale",
            "Sales per point of sale",
            ("point_of_sale", "orders", "gross_cents", "voided_orders", "voided_cents", "net_cents"),
            sales_pos,
            ("total", *_sums(sales_pos, 1, 2, 3, 4), totals["net_sales_cents"]),
        )
    )
    products = rows("sales_by_product")
    report.tables.append(
        Table(
            "sales_by_product",
            "Sales per product (net of voids; returns are negative)",
            ("product", "name", "quantity", "net_cents"),
            products,
            ("total", "", *_sums(products, 2), totals["net_sales_cents"]),
        )
    )
    hours = rows("sales_by_hour")
    report.tables.append(
        Table(
            "sales_by_hour",
            "Sales per hour (UTC)",
            ("hour", "orders", "net_cents"),
            hours,
            ("total", *_sums(hours, 1), totals["net_sales_cents"]),
        )
    )
    recharges = rows("recharges_by_method")
    report.tables.append(
        Table(
            "recharges",
            "Recharges per method and checkpoint",
            ("method", "checkpoint", "recharges", "gross_cents", "voided", "voided_cents", "net_cents"),
            recharges,
            ("total", "", *_sums(recharges, 2, 3, 4, 5), totals["net_recharges_cents"]),
        )
    )
    report.tables.append(
        _cash_shifts(
            rows("cash_shifts"),
            conn.execute(queries["cash_shift_ledger"], params).fetchone(),
            conn.execute(queries["shiftless_cash"], params).fetchone(),
        )
    )
    voids = rows("voids_by_staff")
    report.tables.append(
        Table(
            "voids_by_staff",
            "Voids and self-voids per staff member",
            ("staff", "voids", "self_voids", "nothing_reversed", "amount_cents"),
            voids,
            ("total", *_sums(voids, 1, 2, 3), totals["voided_cents"]),
        )
    )
    offline = rows("offline_sales")
    report.tables.append(
        Table(
            "offline_sales",
            "Offline sales per device",
            ("device", "orders", "amount_cents", "overdrafts"),
            offline,
            ("total", *_sums(offline, 1, 2, 3)),
        )
    )
    overdrafts = rows("overdrafts_outstanding")
    report.tables.append(
        Table(
            "overdrafts",
            "Overdrafts outstanding now (settle at a checkpoint)",
            ("card", "balance_cents", "since"),
            overdrafts,
            ("total", *_sums(overdrafts, 1), ""),
        )
    )
    declines = rows("declines")
    report.tables.append(
        Table(
            "declines",
            "Declined requests (an offline one is a conflict on its kiosk)",
            ("operation", "error_code", "requests"),
            declines,
            ("total", "", *_sums(declines, 2)),
        )
    )
    float_rows, running = [], float_before
    for hour, change in rows("float_by_hour"):
        running += change
        float_rows.append((hour, change, running))
        report.float_series.append((hour, running))
    report.tables.append(
        Table(
            "float_by_hour",
            "The float (all card balances) hour by hour",
            ("hour", "change_cents", "float_cents"),
            float_rows,
            ("total", totals["net_change_cents"], float_until),
        )
    )
    report.tables.append(
        Table(
            "devices",
            "Devices",
            (
                "device",
                "role",
                "place",
                "enabled",
                "money_rows",
                "last_heartbeat",
                "app_version",
                "outbox_pending",
                "conflicts",
            ),
            rows("devices"),
        )
    )
    conn.rollback()
    return report


def _sums(rows: list[tuple], *columns: int) -> tuple[int, ...]:
    """The sums of these columns over the rows, for a table's total row."""
    return tuple(sum(r[column] for r in rows) for column in columns)


def _cash_shifts(rows: list[tuple], ledger: tuple, shiftless: tuple) -> Table:
    """The cash shifts opened in the range: the cash and card totals come from the ledger
    (the check of the rows), the other totals add the rows up; a note counts the cash
    recharges that belong to no shift."""
    columns = ("shift", "device", "cashier", "opened", "closed", "float_cents", "cash_cents", "card_cents",
               "moves_cents", "expected_cents", "counted_cents", "difference_cents", "verified",
               "difference_at_close_cents")

    def total(name: str) -> int:
        return sum(r[columns.index(name)] or 0 for r in rows)

    cash, card = (int(v) for v in ledger)
    closed = [r for r in rows if r[columns.index("closed")] is not None]
    note = f"{len(rows)} shift(s), {len(closed)} closed"
    if cash != total("cash_cents") or card != total("card_cents"):
        note += f"; THE LEDGER DISAGREES: cash {_euro(cash)}, card {_euro(card)}"
    count, amount = shiftless
    if count:
        note += f"; {count} cash recharge(s) of {_euro(amount)} belong to no shift (see `review`)"
    return Table(
        "cash_shifts",
        "Cash shifts (expected = float + cash + moves; difference = counted - expected)",
        columns,
        rows,
        ("total", "", "", "", "", total("float_cents"), cash, card, total("moves_cents"),
         total("expected_cents"), total("counted_cents"), total("difference_cents"), "", ""),
        note,
    )


def _euro(cents: int) -> str:
    cents = int(cents)
    sign = "-" if cents < 0 else ""
    return f"{sign}{abs(cents) // 100:,}.{abs(cents) % 100:02d}"


def _cell(value: Any, column: str) -> str:
    if value is None:
        return "-"
    if isinstance(value, datetime):
        return value.astimezone(UTC).strftime("%Y-%m-%d %H:%M")
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, int) and column.endswith("_cents"):
        return _euro(value)
    return str(value)


def header_of(column: str) -> str:
    return (
        column.removesuffix("_cents").replace("_", " ")
        if column.endswith("_cents")
        else column.replace("_", " ")
    )


def _range_text(report: Report) -> str:
    start = _cell(report.start, "") if report.start else "the beginning"
    return f"from {start} to {_cell(report.end, '')} (UTC)"


def render_text(report: Report) -> str:
    out = [
        f"Festival report {_range_text(report)}, amounts in the event's currency",
        f"float at the end {_euro(report.totals['float_at_end_cents'])}"
        f" (at the start {_euro(report.totals['float_at_start_cents'])});"
        f" net sales {_euro(report.totals['net_sales_cents'])};"
        f" net recharges {_euro(report.totals['net_recharges_cents'])}",
        "",
    ]
    for table in report.tables:
        out.append(table.title)
        out.append("=" * len(table.title))
        if table.note:
            out.append(table.note)
        if table.rows or table.total:
            cells = [[_cell(v, c) for v, c in zip(row, table.columns, strict=True)] for row in table.rows]
            total = (
                [_cell(v, c) for v, c in zip(table.total, table.columns, strict=True)]
                if table.total
                else None
            )
            headers = [header_of(c) for c in table.columns]
            widths = [
                max(len(x) for x in col)
                for col in zip(headers, *cells, *([total] if total else []), strict=True)
            ]
            numeric = [
                all(isinstance(r[i], int | float) or r[i] is None for r in table.rows) and bool(table.rows)
                for i in range(len(table.columns))
            ]

            def line(values: list[str], widths: list[int] = widths, numeric: list[bool] = numeric) -> str:
                return "  ".join(
                    v.rjust(w) if n else v.ljust(w) for v, w, n in zip(values, widths, numeric, strict=True)
                ).rstrip()

            out.append(line(headers))
            out.extend(line(row) for row in cells)
            if not cells:
                out.append("(none)")
            if total:
                out.append(line(["-" * w for w in widths]))
                out.append(line(total))
        out.append("")
    return "\n".join(out)


def write_csv(report: Report, folder: Path) -> list[Path]:
    """One CSV file per table (amounts in cents), plus totals.csv."""
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for table in [
        *report.tables,
        Table("totals", "Totals", ("figure", "value"), list(report.totals.items())),
    ]:
        path = folder / f"{table.key}.csv"
        with path.open("w", newline="", encoding="utf-8") as handle:
            writer = csv.writer(handle)
            writer.writerow(table.columns)
            for row in table.rows:
                writer.writerow([v.isoformat() if isinstance(v, datetime) else v for v in row])
            if table.total:
                writer.writerow(table.total)
        written.append(path)
    return written


# ---------------------------------------------------------------- command line


def register(sub: Any) -> None:
    """`festival-admin report`."""
    p = sub.add_parser("report", help="the operator's report over a time range")
    p.add_argument("--from", dest="start", type=_timestamp, help="start (ISO 8601 with offset), included")
    p.add_argument(
        "--to", dest="end", type=_timestamp, help="end (ISO 8601 with offset), excluded; default now"
    )
    p.add_argument("--format", choices=("text", "csv", "html"), default="text")
    p.add_argument(
        "--out", type=Path, help="file (text, html) or folder (csv); text defaults to the terminal"
    )
    p.add_argument("--database-url", required=True, help="postgresql://user@host:port/dbname")
    p.set_defaults(func=_cmd_report)


def _timestamp(value: str) -> datetime:
    import argparse

    try:
        moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"{value!r} is not an ISO 8601 time") from exc
    if moment.tzinfo is None:
        raise argparse.ArgumentTypeError(f"{value!r} needs its UTC offset, e.g. 2026-07-01T18:00:00Z")
    return moment


def _cmd_report(args: Any) -> None:
    from sql.admin import AdminError

    if args.start and args.end and args.end <= args.start:
        raise AdminError("--to must be after --from")
    if args.format in ("csv", "html") and args.out is None:
        raise AdminError(
            f"--format {args.format} needs --out ({'a folder' if args.format == 'csv' else 'a file'})"
        )
    with psycopg.connect(args.database_url) as conn:
        report = build_report(conn, args.start, args.end)
    try:
        if args.format == "text":
            text = render_text(report)
            if args.out:
                args.out.write_text(text, encoding="utf-8")
                print(f"wrote {args.out}")
            else:
                print(text)
        elif args.format == "csv":
            written = write_csv(report, args.out)
            print(f"wrote {len(written)} CSV files to {args.out}")
        else:
            from sql.report_html import render_html

            args.out.write_text(render_html(report), encoding="utf-8")
            print(f"wrote {args.out}")
    except OSError as exc:
        raise AdminError(f"cannot write {args.out}: {exc}") from exc
