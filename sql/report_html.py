"""The operator report as one self-contained HTML page: the tables of sql/report.py and
matplotlib charts embedded as PNG data URIs (sales per hour, sales per point of sale, the
float over the night), laid out to print on A4. No script, no external resource."""

from __future__ import annotations

import base64
import html
import io
from datetime import UTC

import matplotlib

matplotlib.use("Agg")  # no display: render to memory only
import matplotlib.dates as mdates
import matplotlib.pyplot as plt

from sql.report import Report, Table, _cell, _euro, _range_text, header_of

STYLE = """
@page { size: A4; margin: 14mm 12mm; }
* { box-sizing: border-box; }
body { font-family: "DejaVu Sans", Arial, sans-serif; font-size: 10pt; color: #1d1d1f; margin: 0 auto;
       max-width: 186mm; padding: 8mm 0; }
h1 { font-size: 17pt; margin: 0 0 2mm; }
h2 { font-size: 11.5pt; margin: 6mm 0 1.5mm; border-bottom: 1.5px solid #2b6cb0; padding-bottom: 1mm; }
.range { color: #555; margin-bottom: 4mm; }
.cards { display: grid; grid-template-columns: repeat(4, 1fr); gap: 3mm; margin: 3mm 0 2mm; }
.card { border: 1px solid #cfd8e3; border-radius: 2mm; padding: 2.5mm 3mm; background: #f5f8fc; }
.card .label { font-size: 8pt; color: #555; text-transform: uppercase; letter-spacing: .03em; }
.card .value { font-size: 14pt; font-weight: bold; margin-top: 1mm; }
table { border-collapse: collapse; width: 100%; font-size: 8.8pt; page-break-inside: avoid; }
th, td { padding: 1mm 2mm; border-bottom: 1px solid #e2e8f0; text-align: left; }
th { background: #edf2f7; font-weight: 600; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
tr.total td { font-weight: bold; border-top: 1.5px solid #4a5568; border-bottom: none; }
.note { color: #666; font-style: italic; margin: 1mm 0; }
.chart { width: 100%; margin: 2mm 0; page-break-inside: avoid; }
section { page-break-inside: avoid; }
.footer { color: #777; font-size: 8pt; margin-top: 6mm; }
"""


def _png(figure: plt.Figure) -> str:
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=150, bbox_inches="tight")
    plt.close(figure)
    return "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode()


def _hour_chart(table: Table, title: str, column: str, colour: str) -> str | None:
    if not table.rows:
        return None
    hours = [row[0] for row in table.rows]
    values = [row[table.columns.index(column)] / 100 for row in table.rows]
    figure, axes = plt.subplots(figsize=(7.2, 2.4))
    axes.bar(hours, values, width=1 / 24 * 0.8, color=colour, align="edge")
    _hour_axis(axes)
    axes.set_title(title, fontsize=10, loc="left")
    axes.grid(axis="y", alpha=0.3)
    return _png(figure)


def _float_chart(report: Report) -> str | None:
    if not report.float_series:
        return None
    hours = [report.start or report.float_series[0][0], *[h for h, _ in report.float_series]]
    values = [report.totals["float_at_start_cents"] / 100, *[v / 100 for _, v in report.float_series]]
    figure, axes = plt.subplots(figsize=(7.2, 2.4))
    axes.step(hours, values, where="post", color="#2f855a", linewidth=2)
    axes.fill_between(hours, values, step="post", alpha=0.15, color="#2f855a")
    _hour_axis(axes)
    axes.set_title("The float: what the festival owes its attendees", fontsize=10, loc="left")
    axes.grid(axis="y", alpha=0.3)
    return _png(figure)


def _bar_chart(table: Table, label_column: str, value_column: str, title: str, colour: str) -> str | None:
    if not table.rows:
        return None
    labels = [str(r[table.columns.index(label_column)]) for r in table.rows][:12]
    values = [r[table.columns.index(value_column)] / 100 for r in table.rows][:12]
    figure, axes = plt.subplots(figsize=(7.2, 0.35 * len(labels) + 0.9))
    axes.barh(labels[::-1], values[::-1], color=colour)
    axes.set_title(title, fontsize=10, loc="left")
    axes.grid(axis="x", alpha=0.3)
    for side in ("top", "right"):
        axes.spines[side].set_visible(False)
    return _png(figure)


def _hour_axis(axes: plt.Axes) -> None:
    axes.xaxis.set_major_formatter(mdates.DateFormatter("%H:%M", tz=UTC))
    for side in ("top", "right"):
        axes.spines[side].set_visible(False)
    axes.tick_params(labelsize=8)


def _table_html(table: Table) -> str:
    numeric = [
        bool(table.rows)
        and all(
            (isinstance(r[i], int | float) and not isinstance(r[i], bool)) or r[i] is None for r in table.rows
        )
        for i in range(len(table.columns))
    ]
    head = "".join(
        f'<th class="{"num" if n else ""}">{html.escape(header_of(c))}</th>'
        for c, n in zip(table.columns, numeric, strict=True)
    )
    body = []
    for row in table.rows:
        body.append(
            "<tr>"
            + "".join(
                f'<td class="{"num" if n else ""}">{html.escape(_cell(v, c))}</td>'
                for v, c, n in zip(row, table.columns, numeric, strict=True)
            )
            + "</tr>"
        )
    if not table.rows:
        body.append(f'<tr><td colspan="{len(table.columns)}" class="note">none</td></tr>')
    if table.total:
        body.append(
            '<tr class="total">'
            + "".join(
                f'<td class="{"num" if n else ""}">{html.escape(_cell(v, c))}</td>'
                for v, c, n in zip(table.total, table.columns, numeric, strict=True)
            )
            + "</tr>"
        )
    return f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>"


def render_html(report: Report) -> str:
    totals = report.totals
    cards = [
        ("Float at the end", totals["float_at_end_cents"]),
        ("Net sales", totals["net_sales_cents"]),
        ("Net recharges", totals["net_recharges_cents"]),
        ("Voided", totals["voided_cents"]),
    ]
    charts = {
        "sales_by_hour": _hour_chart(report.table("sales_by_hour"), "Sales per hour", "net_cents", "#2b6cb0"),
        "sales_by_point_of_sale": _bar_chart(
            report.table("sales_by_point_of_sale"),
            "point_of_sale",
            "net_cents",
            "Net sales per point of sale",
            "#2b6cb0",
        ),
        "sales_by_product": _bar_chart(
            report.table("sales_by_product"), "name", "net_cents", "Net sales per product", "#805ad5"
        ),
        "float_by_hour": _float_chart(report),
    }
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        "<title>Festival report</title>",
        f"<style>{STYLE}</style></head><body>",
        "<h1>Festival report</h1>",
        f'<div class="range">{html.escape(_range_text(report))}</div>',
        '<div class="cards">',
        *[
            f'<div class="card"><div class="label">{html.escape(label)}</div>'
            f'<div class="value">{html.escape(_euro(value))}</div></div>'
            for label, value in cards
        ],
        "</div>",
    ]
    for table in report.tables:
        parts.append(f'<section id="{table.key}"><h2>{html.escape(table.title)}</h2>')
        if table.note:
            parts.append(f'<p class="note">{html.escape(table.note)}</p>')
        chart = charts.get(table.key)
        if chart:
            parts.append(f'<img class="chart" alt="{html.escape(table.title)}" src="{chart}">')
        if table.rows or table.total:
            parts.append(_table_html(table))
        parts.append("</section>")
    stamp = report.generated_at.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S")
    parts.append(
        f'<p class="footer">Generated {stamp} UTC by festival-admin report from the ledger;'
        " every breakdown adds up to its total.</p></body></html>"
    )
    return "\n".join(parts)
