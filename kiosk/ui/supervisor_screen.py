"""The supervisor screen: this device's outbox, its scan log and its shift report.

Tabs: Outbox (queued, rejected with reason, voided, done; retry now; void the selected
request with a reason), Scan log, Shift report (CSV export, print or PDF). Thin: rows, void
rules and the report figures come from `SupervisorController`; every `KioskSync` call runs
off the GUI thread through `OpRunner`. Emits `closed` (back to selling) and
`setup_requested` (open the setup wizard).
"""

from __future__ import annotations

import html
import logging
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, QTimer, Signal, Slot
from PySide6.QtGui import QKeySequence, QPageLayout, QPageSize, QShortcut, QTextDocument
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from kiosk.controllers.supervisor import (
    REVERSAL_REFUSED,
    REVERSED,
    VOID_REASONS,
    OutboxRow,
    OutboxView,
    SupervisorController,
    SupervisorVoid,
    VoidOutcome,
    VoidProblem,
)
from kiosk.money import format_cents
from kiosk.ops import OpRunner
from kiosk.ui import wording
from kiosk.ui.admin_style import ADMIN_QSS
from kiosk.ui.print_dialog import PrintDialog
from kiosk.ui.widgets import set_style_property
from sync import outbox
from sync.port import KioskPort
from sync.shift_report import CashShiftLine, ShiftReport, write_csv

log = logging.getLogger(__name__)

REFRESH_INTERVAL_MS = 5000
TABLE_ENTRY_LIMIT = 1_000  # newest outbox rows read for the tables (every few seconds)
REPORT_ENTRY_LIMIT = 100_000  # the whole outbox of a shift, read when the report is shown
REPORT_TAB = 2
OUTBOX_COLUMNS = ("Time", "Type", "Card", "Amount", "State", "Details", "Reason")
OUTBOX_STRETCH = (5, 6)  # Details and Reason share the width left; full text in the tooltip
SCAN_COLUMNS = ("Time", "Card", "Status", "Screen", "Uploaded")
# Report periods: label, hours back (None = everything in the outbox)
REPORT_PERIODS: tuple[tuple[str, int | None], ...] = (
    ("Last 8 hours", 8), ("Last 12 hours", 12), ("Last 24 hours", 24), ("Whole outbox", None),
)
DEFAULT_PERIOD_HOURS = 12
CONFIRM_VOID_ABOVE_CENTS = 0  # every reversal of money asks first


def _local_time(when: datetime | None) -> str:
    if when is None:
        return ""
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return when.astimezone().strftime("%H:%M:%S")


def _local_datetime(when: datetime) -> str:
    return when.astimezone().strftime("%Y-%m-%d %H:%M")


class SupervisorScreen(QWidget):
    """Outbox, scan log and shift report of this device. Lives in the GUI thread."""

    closed = Signal()
    setup_requested = Signal()
    void_done = Signal(object)  # VoidOutcome, after the outbox was reloaded
    refreshed = Signal()  # outbox and scans reloaded
    report_ready = Signal(object)  # ShiftReport, computed from the whole outbox

    def __init__(
        self,
        sync: KioskPort,
        staff_id: str,
        parent: QWidget | None = None,
        *,
        runner: OpRunner | None = None,
        device_id: str | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("supervisorScreen")
        self.setStyleSheet(ADMIN_QSS)
        self.sync = sync
        self.runner = runner or OpRunner(self)
        config = sync.config
        device = device_id or sync.device_id
        currency = config.event.currency if config is not None else "EUR"
        names = {p.product_id: p.name for p in config.products} if config is not None else {}
        self.controller = SupervisorController(device, staff_id, currency, names)
        # where "Export CSV" and "Save PDF" write, without a keyboard (tests set their own)
        self.export_dir = Path.home() / "festival-reports"
        # asks before a reversal; returns True to go ahead. None: the dialog (never a bound
        # method stored on self: the cycle would leave the screen to the cyclic collector)
        self.confirm: Any = None
        self._view = OutboxView.QUEUED
        self._loading = False
        self._wanted_seq = 0  # refreshes asked for
        self._loaded_seq = 0  # the last one whose data is shown
        self._void_outcome: VoidOutcome | None = None  # emitted once the outbox is reloaded
        self._void_seq = 0
        self._want_full = False  # a refresh asked for while loading wants every row
        self._full_loaded = False  # the controller holds the whole outbox, not the newest rows
        self._report: ShiftReport | None = None

        title = QLabel(self.tr("Supervisor — %s") % device)
        title.setProperty("role", "heading")
        title.setWordWrap(True)  # a long device id wraps instead of squeezing the buttons
        self.refresh_button = QPushButton(self.tr("Refresh"))
        self.setup_button = QPushButton(self.tr("Setup…"))
        self.close_button = QPushButton(self.tr("Back to selling"))
        self.close_button.setProperty("role", "primary")
        for button in (self.refresh_button, self.setup_button):
            button.setProperty("role", "quiet")
        header = QHBoxLayout()
        header.addWidget(title, 1)
        header.addWidget(self.refresh_button)
        header.addWidget(self.setup_button)
        header.addWidget(self.close_button)

        self.tabs = QTabWidget()
        self.tabs.setObjectName("supervisorTabs")
        self.tabs.addTab(self._build_outbox_tab(), self.tr("Outbox"))
        self.tabs.addTab(self._build_scan_tab(), self.tr("Scan log"))
        self.tabs.addTab(self._build_report_tab(), self.tr("Shift report"))
        self.cash_tab = None  # checkpoints: open shifts, cash moves, closing for someone
        if config is not None and config.role == "checkpoint" and sync.cash_shifts:
            from kiosk.ui.cash_shifts_tab import CashShiftsTab

            self.cash_tab = CashShiftsTab(sync, staff_id, self.runner, config.event.cash_denominations,
                                          currency)
            self.tabs.addTab(self.cash_tab, self.tr("Cash shifts"))
            self.cash_tab.refresh()

        self.message_label = QLabel()
        self.message_label.setObjectName("supervisorMessage")
        self.message_label.setWordWrap(True)

        layout = QVBoxLayout(self)
        layout.addLayout(header)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.message_label)

        self.refresh_button.clicked.connect(self.refresh)
        self.setup_button.clicked.connect(self.setup_requested)
        self.close_button.clicked.connect(self.closed)
        QShortcut(QKeySequence(Qt.Key.Key_Escape), self, self.closed.emit)
        QShortcut(QKeySequence(QKeySequence.StandardKey.Refresh), self, self.refresh)
        self.tabs.currentChanged.connect(self._tab_changed)

        self._timer = QTimer(self)
        self._timer.setInterval(REFRESH_INTERVAL_MS)
        self._timer.timeout.connect(self.refresh)
        self._render_outbox()
        self.refresh()

    # -- construction --------------------------------------------------------------------
    def _build_outbox_tab(self) -> QWidget:
        tab = QWidget()
        self.view_buttons: dict[OutboxView, QPushButton] = {}
        views = QHBoxLayout()
        for view in (OutboxView.CONFLICTS, OutboxView.QUEUED, OutboxView.REJECTED,
                     OutboxView.VOIDED, OutboxView.DONE, OutboxView.ALL):
            button = QPushButton()
            button.setCheckable(True)
            button.setProperty("role", "category")
            button.clicked.connect(lambda _checked=False, v=view: self.show_view(v))
            self.view_buttons[view] = button
            views.addWidget(button)
        self.retry_button = QPushButton(self.tr("Retry now"))
        views.addStretch(1)
        views.addWidget(self.retry_button)

        self.outbox_table = self._table(OUTBOX_COLUMNS, stretch=OUTBOX_STRETCH)
        self.outbox_table.setObjectName("outboxTable")
        self.outbox_table.itemSelectionChanged.connect(self._selection_changed)

        self.reason_combo = QComboBox()
        self.reason_combo.setEditable(True)
        self.reason_combo.addItems([self.tr(r) for r in VOID_REASONS])
        self.reason_combo.setEditText("")
        self.reason_combo.lineEdit().setPlaceholderText(self.tr("Reason for the void"))
        self.reason_combo.setObjectName("voidReason")
        self.void_button = QPushButton(self.tr("Void selected"))
        self.void_button.setProperty("role", "danger")
        self.void_button.setObjectName("voidButton")
        self.resend_button = QPushButton(self.tr("Send again"))
        self.resend_button.setObjectName("resendConflict")
        self.settle_button = QPushButton(self.tr("Settle"))
        self.settle_button.setObjectName("settleConflict")
        self.settle_button.setToolTip(self.tr("Close it for good, with the reason above"))
        void_row = QHBoxLayout()
        void_row.addWidget(self.reason_combo, 1)
        void_row.addWidget(self.resend_button)
        void_row.addWidget(self.settle_button)
        void_row.addWidget(self.void_button)
        self.resend_button.clicked.connect(self.resend_selected)
        self.settle_button.clicked.connect(self.settle_selected)

        layout = QVBoxLayout(tab)
        layout.addLayout(views)
        layout.addWidget(self.outbox_table, 1)
        layout.addLayout(void_row)
        self.retry_button.clicked.connect(self.retry_now)
        self.void_button.clicked.connect(self.void_selected)
        return tab

    def _build_scan_tab(self) -> QWidget:
        tab = QWidget()
        self.scan_table = self._table(SCAN_COLUMNS)
        self.scan_table.setObjectName("scanTable")
        layout = QVBoxLayout(tab)
        layout.addWidget(self.scan_table)
        return tab

    def _build_report_tab(self) -> QWidget:
        tab = QWidget()
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
        layout = QVBoxLayout(tab)
        layout.addLayout(row)
        layout.addWidget(self.report_view, 1)
        self.period_combo.currentIndexChanged.connect(self.refresh_report)
        self.export_button.clicked.connect(self._ask_export_csv)
        self.print_button.clicked.connect(self._ask_print)
        self.pdf_button.clicked.connect(self._ask_pdf)
        return tab

    def _table(self, columns: tuple[str, ...], stretch: tuple[int, ...] = ()) -> QTableWidget:
        table = QTableWidget(0, len(columns))
        table.setHorizontalHeaderLabels([self.tr(c) for c in columns])
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        table.verticalHeader().setVisible(False)
        table.setAlternatingRowColors(True)
        table.setWordWrap(False)
        table.setTextElideMode(Qt.TextElideMode.ElideRight)
        table.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        header = table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        for column in stretch:
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Stretch)
        header.setStretchLastSection(not stretch)
        return table

    # -- life cycle ----------------------------------------------------------------------
    def showEvent(self, event: Any) -> None:
        super().showEvent(event)
        self._timer.start()

    def hideEvent(self, event: Any) -> None:
        self._timer.stop()
        super().hideEvent(event)

    # -- loading -------------------------------------------------------------------------
    @Slot()
    def refresh(self, full: bool | None = None) -> None:
        """Reload the outbox and the scan log off the GUI thread: the newest rows for the
        tables, or (`full`, the default while the report tab is shown) every row, for the
        report. A refresh asked for while one runs is done right after it."""
        if full is None:
            full = self.tabs.currentIndex() == REPORT_TAB
        self._wanted_seq += 1
        self._want_full = self._want_full or full
        if self._loading:
            return
        self._loading = True
        seq, full, self._want_full = self._wanted_seq, self._want_full, False
        sync = self.sync
        limit = REPORT_ENTRY_LIMIT if full else TABLE_ENTRY_LIMIT

        def load() -> tuple[int, bool, list[Any], list[Any]]:
            return seq, full, sync.outbox_entries(None, limit), sync.scan_entries()

        self.runner.run(load, self._loaded, self._load_failed)

    @property
    def is_loading(self) -> bool:
        return self._loading

    @property
    def has_loaded(self) -> bool:
        """The outbox has been read at least once."""
        return self._loaded_seq > 0

    def _loaded(self, loaded: tuple[int, bool, list[Any], list[Any]]) -> None:
        self._loading = False
        seq, full, entries, scans = loaded
        self.controller.set_outbox(entries)
        self.controller.set_scans(scans)
        self._render_outbox()
        self._render_scans()
        self._full_loaded = full or len(entries) < TABLE_ENTRY_LIMIT
        if self._full_loaded:
            self.refresh_report()
        self._loaded_seq = seq
        if self._void_outcome is not None and seq >= self._void_seq:
            outcome, self._void_outcome = self._void_outcome, None
            self.void_done.emit(outcome)
        self.refreshed.emit()
        if self._wanted_seq > seq:
            self._wanted_seq -= 1  # refresh() counts itself again
            self.refresh(self._want_full)

    def _load_failed(self, error: BaseException) -> None:
        self._loading = False
        log.error("could not read the outbox", exc_info=error)
        self.show_message(self.tr("Could not read the outbox: %s") % error, error=True)

    # -- outbox --------------------------------------------------------------------------
    def show_view(self, view: OutboxView) -> None:
        self._view = view
        self._render_outbox()

    def _render_outbox(self) -> None:
        labels = {
            OutboxView.CONFLICTS: self.tr("To review"),
            OutboxView.QUEUED: self.tr("Queued"), OutboxView.REJECTED: self.tr("Rejected"),
            OutboxView.VOIDED: self.tr("Voided"), OutboxView.DONE: self.tr("Done"),
            OutboxView.ALL: self.tr("All"),
        }
        counts = self.controller.counts()
        for view, button in self.view_buttons.items():
            button.setText(f"{labels[view]} ({counts[view]})")
            button.setChecked(view is self._view)
        selected = self.controller.selected
        rows = self.controller.rows(self._view)
        table = self.outbox_table
        table.blockSignals(True)
        table.setRowCount(len(rows))
        for index, row in enumerate(rows):
            self._fill_outbox_row(index, row)
        table.blockSignals(False)
        table.clearSelection()
        if selected is not None:
            for index, row in enumerate(rows):
                if row.request_id == selected.request_id:
                    table.selectRow(index)
                    break
        self._selection_changed()

    def _fill_outbox_row(self, index: int, row: OutboxRow) -> None:
        kinds = {outbox.BAR_ORDER: self.tr("Sale"), outbox.RECHARGE: self.tr("Recharge"),
                 outbox.VOID: self.tr("Void")}
        states = {outbox.PENDING: self.tr("queued"), outbox.IN_FLIGHT: self.tr("sending"),
                  outbox.DONE: self.tr("done"), outbox.REJECTED: self.tr("rejected"),
                  outbox.VOIDED: self.tr("voided (never sent)"),
                  REVERSED: self.tr("reversed"),
                  outbox.CONFLICT: self.tr("to review"),
                  outbox.SETTLED: self.tr("settled by a supervisor"),
                  REVERSAL_REFUSED: self.tr("booked? reversal refused")}
        signed = row.kind == outbox.VOID
        amount = ("" if row.amount_cents is None
                  else format_cents(row.amount_cents, self.controller.currency, signed=signed))
        state = states.get(row.state, row.state)
        if row.offline and row.state in (*outbox.QUEUED_STATES, outbox.DONE):
            state += self.tr(" · offline")
        reason, full_reason = self._reason_text(row)
        values = (_local_time(row.captured_at), kinds.get(row.kind, row.kind), row.card_uid,
                  amount, state, row.summary, reason)
        for column, value in enumerate(values):
            item = QTableWidgetItem(value)
            if column == 3:
                item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            item.setData(Qt.ItemDataRole.UserRole, str(row.request_id))
            tip = full_reason if column == 6 else value
            item.setToolTip(tip if column in OUTBOX_STRETCH and tip else str(row.request_id))
            self.outbox_table.setItem(index, column, item)

    def _reason_text(self, row: OutboxRow) -> tuple[str, str]:
        """(the reason in words for the table, the full text with the backend's message for
        the tooltip and the details line). Never a raw code."""
        if row.kind == outbox.VOID and row.state not in outbox.REFUSED_STATES:
            return row.reason, row.reason  # the supervisor's own words
        if row.state == REVERSAL_REFUSED:
            words = self.tr("Refused offline, but the backend may have booked it: reverse it.")
        else:
            words = wording.reason_words(row.error_code, row.offline_rule)
        if not words:
            return "", row.reason
        detail = f"{words}\n{row.reason}" if row.reason and row.reason != words else words
        return words, detail

    @Slot()
    def _selection_changed(self) -> None:
        items = self.outbox_table.selectedItems()
        if items:
            self.controller.select(uuid.UUID(items[0].data(Qt.ItemDataRole.UserRole)))
        else:
            self.controller.select(None)
        self.void_button.setEnabled(self.controller.can_void)
        selected = self.controller.selected
        conflict = selected is not None and selected.conflict and selected.kind != outbox.VOID
        self.resend_button.setEnabled(conflict)
        self.settle_button.setEnabled(conflict)

    def select_request(self, request_id: Any) -> bool:
        """Select the row of `request_id` in the current view; False if it is not shown."""
        for index in range(self.outbox_table.rowCount()):
            item = self.outbox_table.item(index, 0)
            if item.data(Qt.ItemDataRole.UserRole) == str(request_id):
                self.outbox_table.selectRow(index)
                return True
        return False

    @Slot()
    def retry_now(self) -> None:
        self.retry_button.setEnabled(False)
        self.show_message(self.tr("Sending the queue…"))
        self.runner.run(self.sync.retry_now, self._retried, self._retry_failed)

    def _retried(self, _value: Any) -> None:
        self.retry_button.setEnabled(True)
        self.show_message(self.tr("Queue sent again; the list shows the latest state."))
        QTimer.singleShot(500, self.refresh)

    def _retry_failed(self, error: BaseException) -> None:
        self.retry_button.setEnabled(True)
        self.show_message(self.tr("Retry failed: %s") % error, error=True)

    def _confirm_dialog(self, text: str) -> bool:
        answer = QMessageBox.question(
            self, self.tr("Confirm"), text,
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Cancel,
        )
        return answer == QMessageBox.StandardButton.Yes

    @Slot()
    def void_selected(self) -> None:
        row = self.controller.selected
        if row is None or not row.voidable:
            self.show_message(self._problem_text(
                VoidProblem.NOTHING_SELECTED if row is None else VoidProblem.NOT_VOIDABLE), error=True)
            return
        if not " ".join(self.reason_combo.currentText().split()):
            self.show_message(self._problem_text(VoidProblem.NO_REASON), error=True)
            return
        amount = row.amount_cents
        if row.kind == outbox.VOID and amount is not None:
            amount = -amount
        if amount is not None and abs(amount) > CONFIRM_VOID_ABOVE_CENTS:
            question = self.tr("Reverse %1 on card %2? The money goes back.").replace(
                "%1", format_cents(abs(amount), self.controller.currency)).replace("%2", row.card_uid)
            if not (self.confirm or self._confirm_dialog)(question):
                self.show_message(self.tr("Nothing was voided."))
                return
        command = self.controller.void_command(self.reason_combo.currentText())
        if isinstance(command, VoidProblem):
            self.show_message(self._problem_text(command), error=True)
            return
        self.void_button.setEnabled(False)
        self.show_message(self.tr("Voiding…"))
        self.runner.run(lambda: self._run_void(command), self._void_finished, self._void_failed)

    def _run_void(self, command: SupervisorVoid) -> Any:
        """Worker thread."""
        return self.sync.void_request(command.request_id, command.staff_id, command.reason)

    def _void_finished(self, result: Any) -> None:
        self._after_void(self.controller.void_finished(result))

    def _void_failed(self, error: BaseException) -> None:
        log.warning("void failed", exc_info=error)
        self._after_void(self.controller.void_failed(error))

    def _after_void(self, outcome: VoidOutcome) -> None:
        if outcome.ok:
            self.reason_combo.setEditText("")
            self.show_message(self.tr(outcome.message))
        else:
            self.show_message(self.tr("Not voided: %s") % outcome.message, error=True)
        self.void_button.setEnabled(self.controller.can_void)
        self._void_outcome = outcome
        self.refresh()
        self._void_seq = self._wanted_seq

    # -- conflicts (issue 10: refusals nobody saw, to resend once the cause is fixed, or settle)
    @Slot()
    def resend_selected(self) -> None:
        row = self.controller.selected
        if row is None or not row.conflict:
            self.show_message(self.tr("Select a request to review first."), error=True)
            return
        sync, request_id, staff_id = self.sync, row.request_id, self.controller.staff_id
        self.show_message(self.tr("Sending again…"))
        self.runner.run(lambda: sync.resend_conflict(request_id, staff_id),
                        lambda result: self._conflict_done(result, self.tr("Sent again.")),
                        self._conflict_failed)

    @Slot()
    def settle_selected(self) -> None:
        row = self.controller.selected
        if row is None or not row.conflict:
            self.show_message(self.tr("Select a request to review first."), error=True)
            return
        reason = " ".join(self.reason_combo.currentText().split())
        if not reason:
            self.show_message(self.tr("Give a reason for settling it."), error=True)
            return
        sync, request_id, staff_id = self.sync, row.request_id, self.controller.staff_id
        self.show_message(self.tr("Settling…"))
        self.runner.run(lambda: sync.settle_conflict(request_id, staff_id, reason),
                        lambda result: self._conflict_done(result, self.tr("Settled.")),
                        self._conflict_failed)

    def _conflict_done(self, result: Any, text: str) -> None:
        if getattr(result, "ok", True) is False:
            words = wording.reason_words(getattr(result, "error_code", None))
            self.show_message(self.tr("Not done: %s") % (words or getattr(result, "message", "")),
                              error=True)
        else:
            self.reason_combo.setEditText("")
            self.show_message(text)
        self.refresh()

    def _conflict_failed(self, error: BaseException) -> None:
        log.warning("conflict action failed", exc_info=error)
        self.show_message(self.tr("Not done: %s") % error, error=True)
        self.refresh()

    def _problem_text(self, problem: VoidProblem) -> str:
        return {
            VoidProblem.NOTHING_SELECTED: self.tr("Select a request to void first."),
            VoidProblem.NOT_VOIDABLE: self.tr("This request cannot be voided."),
            VoidProblem.NO_REASON: self.tr("Give a reason for the void."),
            VoidProblem.REASON_TOO_LONG: self.tr("The reason is too long."),
            VoidProblem.BUSY: self.tr("A void is already being sent."),
        }[problem]

    # -- scan log ------------------------------------------------------------------------
    def _render_scans(self) -> None:
        scans = self.controller.scans()
        table = self.scan_table
        table.setRowCount(len(scans))
        for index, scan in enumerate(scans):
            values = (_local_time(scan.scanned_at), scan.card_uid or "—",
                      wording.scan_status(scan.status),
                      scan.screen, self.tr("yes") if scan.uploaded else self.tr("not yet"))
            for column, value in enumerate(values):
                table.setItem(index, column, QTableWidgetItem(value))

    # -- shift report --------------------------------------------------------------------
    def report_since(self, now: datetime | None = None) -> datetime | None:
        hours = self.period_combo.currentData()
        if hours is None:
            return None
        return (now or datetime.now(UTC)) - timedelta(hours=int(hours))

    @Slot()
    @Slot(int)
    def refresh_report(self, _period_index: int = -1) -> None:
        """Recompute the report from the whole outbox (read first if only the newest rows
        are at hand)."""
        if not self._full_loaded:
            self.refresh(full=True)
            return
        config = self.sync.config
        products = config.products if config is not None else ()
        self._report = self.controller.shift_report(products, since=self.report_since())
        self.report_view.setHtml(self.report_html(self._report))
        for button in (self.export_button, self.print_button, self.pdf_button):
            button.setEnabled(True)
        self.report_ready.emit(self._report)

    @property
    def report(self) -> ShiftReport | None:
        """The report shown (None until the whole outbox has been read once)."""
        return self._report

    def report_html(self, report: ShiftReport) -> str:
        def money(cents: int) -> str:
            return html.escape(format_cents(cents, report.currency))

        def table(title: str, header: tuple[str, ...], rows: list[tuple[str, ...]]) -> str:
            head = "".join(f"<th align='left'>{html.escape(h)}</th>" for h in header)
            body = "".join(
                "<tr>" + "".join(
                    f"<td align='{'right' if i else 'left'}'>{cell}</td>"
                    for i, cell in enumerate(row)
                ) + "</tr>" for row in rows
            ) or f"<tr><td colspan='{len(header)}'>{html.escape(self.tr('none'))}</td></tr>"
            return (f"<h3>{html.escape(title)}</h3><table width='100%' cellspacing='0' "
                    f"cellpadding='4' border='1'><tr>{head}</tr>{body}</table>")

        tr = self.tr
        period = (tr("since %s") % _local_datetime(report.since) if report.since
                  else tr("whole outbox"))
        parts = [
            f"<h2>{html.escape(tr('Shift report'))} — {html.escape(report.device_id)}</h2>",
            f"<p>{html.escape(period)} · {html.escape(tr('printed'))} "
            f"{html.escape(_local_datetime(report.generated_at))}</p>",
            table(tr("Sales by product"), (tr("Product"), tr("Qty"), tr("Total")),
                  [(html.escape(p.name), str(p.quantity), money(p.total_cents))
                   for p in report.products]),
            f"<p>{html.escape(tr('Orders'))}: {report.orders_count} · "
            f"{html.escape(tr('total'))} {money(report.orders_total_cents)}</p>",
            table(tr("Recharges by payment method"), (tr("Method"), tr("Count"), tr("Total")),
                  [(html.escape(tr(m.method)), str(m.count), money(m.total_cents))
                   for m in report.recharges]),
            table(tr("Voids"), (tr("What"), tr("Count"), tr("Total")),
                  [(html.escape(tr("Sales")), str(report.voided_orders_count),
                    money(report.voided_orders_cents))]
                  + [(html.escape(tr("%s recharges") % tr(m.method)), str(m.count),
                      money(m.total_cents)) for m in report.voided_recharges]),
            table(tr("Cash drawer"), (tr("Item"), tr("Amount")), [
                (html.escape(tr("Cash recharges")), money(report.cash_recharges_cents)),
                (html.escape(tr("Cash voids")), money(-report.cash_voids_cents)),
                (f"<b>{html.escape(tr('Cash expected in the drawer'))}</b>",
                 f"<b>{money(report.cash_expected_cents)}</b>"),
            ]),
        ]
        def counted(c: CashShiftLine) -> str:
            return money(c.counted_cash_cents) if c.counted_cash_cents is not None else tr("open")

        if report.cash_shifts:  # checkpoints: each cashier's drawer
            parts.append(table(
                tr("Cash shifts"),
                (tr("Cashier"), tr("Float"), tr("Expected"), tr("Counted"), tr("Difference")),
                [(html.escape(c.staff_id), money(c.opening_float_cents), money(c.expected_cash_cents),
                  counted(c),
                  (money(c.difference_cents) if c.difference_cents is not None else "")
                  + ("" if c.confirmed else " " + html.escape(tr("(not yet confirmed)"))))
                 for c in report.cash_shifts]))
        notes = []
        if report.queued_count:
            notes.append(tr("%d requests still queued (cash %s), not counted above.")
                         % (report.queued_count, format_cents(report.queued_cash_cents,
                                                               report.currency)))
        if report.rejected_count:
            notes.append(tr("%d requests rejected by the backend.") % report.rejected_count)
        if report.offline_count:
            notes.append(tr("%d confirmed requests were first accepted offline.")
                         % report.offline_count)
        parts.extend(f"<p>{html.escape(n)}</p>" for n in notes)
        return "\n".join(parts)

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
        from PySide6.QtPrintSupport import QPrinter

        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(str(path))
        printer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
        printer.setPageOrientation(QPageLayout.Orientation.Portrait)
        self._document().print_(printer)
        return Path(path)

    def _document(self) -> QTextDocument:
        document = QTextDocument()
        document.setHtml(self.report_html(self._shown_report()))
        return document

    def _export_path(self, suffix: str) -> Path:
        """A file in `export_dir` named after the device and the time: no typing needed."""
        name = f"shift-{self.controller.device_id}-{datetime.now():%Y%m%d-%H%M%S}.{suffix}"
        return Path(self.export_dir) / name

    def _ask_export_csv(self) -> None:
        self._write_file(self.export_csv, self._export_path("csv"))

    def _ask_pdf(self) -> None:
        self._write_file(self.print_to_pdf, self._export_path("pdf"))

    def _write_file(self, writer: Any, path: Path) -> None:
        try:
            Path(path).parent.mkdir(parents=True, exist_ok=True)
            writer(Path(path))
        except OSError as exc:
            self.show_message(self.tr("Could not write %s: %s") % (path, exc.strerror or exc),
                              error=True)
        else:
            self.show_message(self.tr("Saved %s") % path)

    def _ask_print(self) -> None:
        dialog = self.make_print_dialog()
        accepted = dialog.exec() == PrintDialog.DialogCode.Accepted
        if accepted:
            printer = dialog.printer()
            printer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
            printer.setPageOrientation(QPageLayout.Orientation.Portrait)
            self._document().print_(printer)
            self.show_message(self.tr("Sent to the printer %s.") % dialog.printer_name())
        elif dialog.wants_pdf:
            self._ask_pdf()

    def make_print_dialog(self, printers: list[str] | None = None) -> PrintDialog:
        """The touch print dialog (printers: the names to offer; None: the system's)."""
        return PrintDialog(self, printers)

    # -- misc ----------------------------------------------------------------------------
    @Slot(int)
    def _tab_changed(self, index: int) -> None:
        if index == REPORT_TAB:
            self.refresh(full=True)

    def show_message(self, text: str, *, error: bool = False) -> None:
        tone = "error" if error else "busy"
        set_style_property(self.message_label, "tone", tone)
        self.message_label.setText(text)
