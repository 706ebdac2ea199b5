"""The supervisor screen's shell: the title, the tabs (Outbox, Scan log, Shift report, and at
a checkpoint Cash shifts), the message line, and the reloads behind them.

Thin: the rows, the void rules and the report figures come from `SupervisorController`; when
to reload, and when a void's outcome may be shown, from its `ReloadPlan`. This screen starts
the loads the plan gives it (every `KioskSync` call runs off the GUI thread through
`OpRunner`) and hands what comes back to the tabs. Emits `closed` (back to selling) and
`setup_requested` (open the setup wizard).
"""

from __future__ import annotations

import logging
from typing import Any

from PySide6.QtCore import Qt, QTimer, Signal, Slot
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QTabWidget, QVBoxLayout, QWidget

from kiosk.controllers.supervisor import Load, ReloadPlan, SupervisorController, VoidOutcome
from kiosk.ops import OpRunner
from kiosk.ui import wording
from kiosk.ui.admin_style import ADMIN_QSS
from kiosk.ui.print_dialog import PrintDialog
from kiosk.ui.supervisor.outbox_tab import OutboxTab
from kiosk.ui.supervisor.report_tab import ReportTab
from kiosk.ui.supervisor.scan_tab import ScanTab
from kiosk.ui.widgets import set_style_property
from sync.port import KioskPort
from sync.shift_report import ShiftReport

log = logging.getLogger(__name__)

REFRESH_INTERVAL_MS = 5000
TABLE_ENTRY_LIMIT = 1_000  # newest outbox rows read for the tables (every few seconds)
REPORT_ENTRY_LIMIT = 100_000  # the whole outbox of a shift, read when the report is shown
REPORT_TAB = 2


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
        self.plan = ReloadPlan(TABLE_ENTRY_LIMIT, REPORT_ENTRY_LIMIT)

        title = QLabel(wording.fill(self.tr("Supervisor — %1"), device))
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

        self.outbox_tab = OutboxTab(self.controller, sync, self.runner)
        self.scan_tab = ScanTab()
        self.report_tab = ReportTab(device)
        self.tabs = QTabWidget()
        self.tabs.setObjectName("supervisorTabs")
        self.tabs.addTab(self.outbox_tab, self.tr("Outbox"))
        self.tabs.addTab(self.scan_tab, self.tr("Scan log"))
        self.tabs.addTab(self.report_tab, self.tr("Shift report"))
        self.cash_tab = None  # checkpoints: open shifts, cash moves, closing for someone
        if config is not None and config.role == "checkpoint" and sync.cash_shifts:
            from kiosk.ui.supervisor.cash_shifts_tab import CashShiftsTab

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
        for tab in (self.outbox_tab, self.report_tab):
            tab.say.connect(self._say)
        self.outbox_tab.reload_wanted.connect(self.refresh)
        self.outbox_tab.void_ended.connect(self._void_ended)
        self.report_tab.period_changed.connect(self.refresh_report)

        self._timer = QTimer(self)
        self._timer.setInterval(REFRESH_INTERVAL_MS)
        self._timer.timeout.connect(self.refresh)
        self.outbox_tab.render()
        self.refresh()

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
        self._start(self.plan.ask(full))

    def _start(self, load: Load | None) -> None:
        if load is None:
            return
        sync = self.sync

        def read() -> tuple[Load, list[Any], list[Any]]:  # worker thread
            return load, sync.outbox_entries(None, load.limit), sync.scan_entries()

        self.runner.run(read, self._loaded, self._load_failed)

    @property
    def is_loading(self) -> bool:
        return self.plan.loading

    @property
    def has_loaded(self) -> bool:
        """The outbox has been read at least once."""
        return self.plan.has_loaded

    def _loaded(self, loaded: tuple[Load, list[Any], list[Any]]) -> None:
        load, entries, scans = loaded
        self.controller.set_outbox(entries)
        self.controller.set_scans(scans)
        self.outbox_tab.render()
        self.scan_tab.render(self.controller.scans())
        shown = self.plan.loaded(load, len(entries))
        if shown.report:
            self.refresh_report()
        if shown.void_outcome is not None:
            self.void_done.emit(shown.void_outcome)
        self.refreshed.emit()
        self._start(shown.next_load)

    def _load_failed(self, error: BaseException) -> None:
        self.plan.failed()
        log.error("could not read the outbox", exc_info=error)
        self.show_message(wording.fill(self.tr("Could not read the outbox: %1"), error), error=True)

    def _void_ended(self, outcome: VoidOutcome) -> None:
        self._start(self.plan.void_done(outcome, self.tabs.currentIndex() == REPORT_TAB))

    # -- shift report --------------------------------------------------------------------
    @Slot()
    def refresh_report(self) -> None:
        """Recompute the report from the whole outbox (read first if only the newest rows
        are at hand)."""
        if not self.plan.full_loaded:
            self.refresh(full=True)
            return
        config = self.sync.config
        products = config.products if config is not None else ()
        report = self.controller.shift_report(products, since=self.report_tab.report_since())
        self.report_tab.show_report(report)
        self.report_ready.emit(report)

    @property
    def report(self) -> ShiftReport | None:
        """The report shown (None until the whole outbox has been read once)."""
        return self.report_tab.report

    def make_print_dialog(self, printers: list[str] | None = None) -> PrintDialog:
        """The report's touch print dialog (printers: the names to offer; None: the system's)."""
        return self.report_tab.make_print_dialog(printers)

    # -- misc ----------------------------------------------------------------------------
    @Slot(int)
    def _tab_changed(self, index: int) -> None:
        if index == REPORT_TAB:
            self.refresh(full=True)

    @Slot(str, bool)
    def _say(self, text: str, error: bool) -> None:
        self.show_message(text, error=error)

    def show_message(self, text: str, *, error: bool = False) -> None:
        tone = "error" if error else "busy"
        set_style_property(self.message_label, "tone", tone)
        self.message_label.setText(text)
