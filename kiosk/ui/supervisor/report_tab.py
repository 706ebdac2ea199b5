"""The supervisor screen's Shift report tab: the period, the report as HTML (sales by product,
recharges by method, voids, the cash drawer, each cashier's shift at a checkpoint), and one
touch to export it as CSV, save it as PDF or print it (no typing: files are named after the
device and the time, in `export_dir`).

The figures come from `sync.shift_report` through the screen (which reads the whole outbox
first); this tab words and writes them. GUI thread.
"""

from __future__ import annotations

import html
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import ClassVar

from PySide6.QtCore import QT_TRANSLATE_NOOP, Signal, Slot
from PySide6.QtGui import QPageLayout, QPageSize, QTextDocument
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QPushButton, QTextBrowser, QVBoxLayout, QWidget

from kiosk.money import format_cents
from kiosk.ui import wording
from kiosk.ui.print_dialog import PrintDialog
from kiosk.ui.printing import write_pdf
from sync.shift_report import CashShiftLine, ShiftReport, write_csv

# Report periods: label, hours back (None = everything in the outbox)
REPORT_PERIODS: tuple[tuple[str, int | None], ...] = (
    (QT_TRANSLATE_NOOP("ReportTab", "Last 8 hours"), 8),
    (QT_TRANSLATE_NOOP("ReportTab", "Last 12 hours"), 12),
    (QT_TRANSLATE_NOOP("ReportTab", "Last 24 hours"), 24),
    (QT_TRANSLATE_NOOP("ReportTab", "Whole outbox"), None),
)
DEFAULT_PERIOD_HOURS = 12


def _local_datetime(when: datetime) -> str:
    return when.astimezone().strftime("%Y-%m-%d %H:%M")


class ReportTab(QWidget):
    """The shift report shown, and its CSV, PDF and printed copies."""

    say = Signal(str, bool)  # a message for the screen's message line; True: an error
    period_changed = Signal()  # the screen recomputes the report

    METHOD_WORDS: ClassVar[dict[str, str]] = {  # payment methods, as the report names them
        "cash": QT_TRANSLATE_NOOP("ReportTab", "cash"),
        "card": QT_TRANSLATE_NOOP("ReportTab", "card"),
    }

    def __init__(self, device_id: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.device_id = device_id
        # where "Export CSV" and "Save PDF" write, without a keyboard (tests set their own)
        self.export_dir = Path.home() / "festival-reports"
        self._report: ShiftReport | None = None

        self.period_combo = QComboBox()
        for label, hours in REPORT_PERIODS:
            self.period_combo.addItem(self.tr(label), hours)
        self.period_combo.setCurrentIndex(self.period_combo.findData(DEFAULT_PERIOD_HOURS))
        self.export_button = QPushButton(self.tr("Export CSV"))
        self.print_button = QPushButton(self.tr("Print…"))
        self.pdf_button = QPushButton(self.tr("Save PDF"))
        row = QHBoxLayout()
        row.addWidget(QLabel(self.tr("Period")))
        row.addWidget(self.period_combo)
        row.addStretch(1)
        for button in (self.export_button, self.print_button, self.pdf_button):
            button.setEnabled(False)  # until the report has been computed
            row.addWidget(button)
        self.report_view = QTextBrowser()
        self.report_view.setObjectName("shiftReport")
        layout = QVBoxLayout(self)
        layout.addLayout(row)
        layout.addWidget(self.report_view, 1)
        self.period_combo.currentIndexChanged.connect(self._period_changed)
        self.export_button.clicked.connect(self._ask_export_csv)
        self.print_button.clicked.connect(self._ask_print)
        self.pdf_button.clicked.connect(self._ask_pdf)

    @Slot(int)
    def _period_changed(self, _index: int) -> None:
        self.period_changed.emit()

    def report_since(self, now: datetime | None = None) -> datetime | None:
        hours = self.period_combo.currentData()
        if hours is None:
            return None
        return (now or datetime.now(UTC)) - timedelta(hours=int(hours))

    def show_report(self, report: ShiftReport) -> None:
        self._report = report
        self.report_view.setHtml(self.report_html(report))
        for button in (self.export_button, self.print_button, self.pdf_button):
            button.setEnabled(True)

    @property
    def report(self) -> ShiftReport | None:
        """The report shown (None until the whole outbox has been read once)."""
        return self._report

    # -- the report in words -----------------------------------------------------------------
    def method_text(self, method: str) -> str:
        words = self.METHOD_WORDS.get(method)
        return self.tr(words) if words else method

    def _html_table(self, title: str, header: tuple[str, ...], rows: list[tuple[str, ...]]) -> str:
        none = self.tr("none")
        head = "".join(f"<th align='left'>{html.escape(h)}</th>" for h in header)
        body = "".join(
            "<tr>" + "".join(
                f"<td align='{'right' if i else 'left'}'>{cell}</td>"
                for i, cell in enumerate(row)
            ) + "</tr>" for row in rows
        ) or f"<tr><td colspan='{len(header)}'>{html.escape(none)}</td></tr>"
        return (f"<h3>{html.escape(title)}</h3><table width='100%' cellspacing='0' "
                f"cellpadding='4' border='1'><tr>{head}</tr>{body}</table>")

    def _counted(self, shift: CashShiftLine, money: Callable[[int], str]) -> str:
        if shift.counted_cash_cents is None:
            return html.escape(self.tr("open"))
        return money(shift.counted_cash_cents)

    def report_html(self, report: ShiftReport) -> str:
        def money(cents: int) -> str:
            return html.escape(format_cents(cents, report.currency))

        period = (wording.fill(self.tr("since %1"), _local_datetime(report.since)) if report.since
                  else self.tr("whole outbox"))
        # words outside the f-strings below: lupdate cannot see a tr() inside one
        title = wording.fill(self.tr("Shift report — %1"), report.device_id)
        printed = wording.fill(self.tr("%1 · printed %2"), period, _local_datetime(report.generated_at))
        orders = wording.fill(self.tr("Orders: %1 · total %2"), report.orders_count,
                              format_cents(report.orders_total_cents, report.currency))
        expected = self.tr("Cash expected in the drawer")
        parts = [
            f"<h2>{html.escape(title)}</h2>",
            f"<p>{html.escape(printed)}</p>",
            self._html_table(
                self.tr("Sales by product"), (self.tr("Product"), self.tr("Qty"), self.tr("Total")),
                [(html.escape(p.name), str(p.quantity), money(p.total_cents)) for p in report.products]),
            f"<p>{html.escape(orders)}</p>",
            self._html_table(
                self.tr("Recharges by payment method"),
                (self.tr("Method"), self.tr("Count"), self.tr("Total")),
                [(html.escape(self.method_text(m.method)), str(m.count), money(m.total_cents))
                 for m in report.recharges]),
            self._html_table(
                self.tr("Voids"), (self.tr("What"), self.tr("Count"), self.tr("Total")),
                [(html.escape(self.tr("Sales")), str(report.voided_orders_count),
                  money(report.voided_orders_cents))]
                + [(html.escape(wording.fill(self.tr("%1 recharges"), self.method_text(m.method))),
                    str(m.count), money(m.total_cents)) for m in report.voided_recharges]),
            self._html_table(self.tr("Cash drawer"), (self.tr("Item"), self.tr("Amount")), [
                (html.escape(self.tr("Cash recharges")), money(report.cash_recharges_cents)),
                (html.escape(self.tr("Cash voids")), money(-report.cash_voids_cents)),
                (f"<b>{html.escape(expected)}</b>",
                 f"<b>{money(report.cash_expected_cents)}</b>"),
            ]),
        ]
        if report.cash_shifts:  # checkpoints: each cashier's drawer
            not_confirmed = " " + html.escape(self.tr("(not yet confirmed)"))
            parts.append(self._html_table(
                self.tr("Cash shifts"),
                (self.tr("Cashier"), self.tr("Float"), self.tr("Expected"), self.tr("Counted"),
                 self.tr("Difference")),
                [(html.escape(c.staff_id), money(c.opening_float_cents), money(c.expected_cash_cents),
                  self._counted(c, money),
                  (money(c.difference_cents) if c.difference_cents is not None else "")
                  + ("" if c.confirmed else not_confirmed))
                 for c in report.cash_shifts]))
        notes = []
        if report.queued_count:
            notes.append(wording.fill(self.tr("%1 requests still queued (cash %2), not counted above."),
                                      report.queued_count,
                                      format_cents(report.queued_cash_cents, report.currency)))
        if report.rejected_count:
            notes.append(wording.fill(self.tr("%1 requests rejected by the backend."),
                                      report.rejected_count))
        if report.offline_count:
            notes.append(wording.fill(self.tr("%1 confirmed requests were first accepted offline."),
                                      report.offline_count))
        parts.extend(f"<p>{html.escape(n)}</p>" for n in notes)
        return "\n".join(parts)

    # -- copies ----------------------------------------------------------------------------
    def _shown_report(self) -> ShiftReport:
        if self._report is None:
            raise OSError("the shift report is still being computed")
        return self._report

    def export_csv(self, path: Path) -> Path:
        """Write the shift report shown as CSV to `path`."""
        report = self._shown_report()
        path = Path(path)
        with path.open("w", encoding="utf-8", newline="") as stream:
            write_csv(report, stream)
        return path

    def print_to_pdf(self, path: Path) -> Path:
        """Render the shift report shown to a PDF file (also the offscreen test of printing)."""
        return write_pdf(self.report_html(self._shown_report()), path)

    def _document(self) -> QTextDocument:
        document = QTextDocument()
        document.setHtml(self.report_html(self._shown_report()))
        return document

    def _export_path(self, suffix: str) -> Path:
        """A file in `export_dir` named after the device and the time: no typing needed."""
        name = f"shift-{self.device_id}-{datetime.now():%Y%m%d-%H%M%S}.{suffix}"
        return Path(self.export_dir) / name

    def _ask_export_csv(self) -> None:
        self._write_file(self.export_csv, self._export_path("csv"))

    def _ask_pdf(self) -> None:
        self._write_file(self.print_to_pdf, self._export_path("pdf"))

    def _write_file(self, writer: Callable[[Path], Path], path: Path) -> None:
        try:
            Path(path).parent.mkdir(parents=True, exist_ok=True)
            writer(Path(path))
        except OSError as exc:
            self.say.emit(wording.fill(self.tr("Could not write %1: %2"), path, exc.strerror or exc),
                          True)
        else:
            self.say.emit(wording.fill(self.tr("Saved %1"), path), False)

    def _ask_print(self) -> None:
        dialog = self.make_print_dialog()
        accepted = dialog.exec() == PrintDialog.DialogCode.Accepted
        if accepted:
            printer = dialog.printer()
            printer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
            printer.setPageOrientation(QPageLayout.Orientation.Portrait)
            self._document().print_(printer)
            self.say.emit(wording.fill(self.tr("Sent to the printer %1."), dialog.printer_name()), False)
        elif dialog.wants_pdf:
            self._ask_pdf()

    def make_print_dialog(self, printers: list[str] | None = None) -> PrintDialog:
        """The touch print dialog (printers: the names to offer; None: the system's)."""
        return PrintDialog(self, printers)
