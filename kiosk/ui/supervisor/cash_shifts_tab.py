"""The supervisor's "Cash shifts" tab (checkpoints): every shift open on this device, a cash
move between a drawer and the safe (amount, direction, reason), and the close of a shift for a
cashier who left (a count by notes and coins and a reason; sp_close_cash_shift's p_shift_id).
The count covers the whole window (`CountOverlay`): under the supervisor screen's own header it
would not fit a 1024×600 panel.

The list is worked out from this kiosk's outbox (sync.cash_shift.open_shifts) off the GUI
thread; requests go through KioskSync.move_cash / close_cash_shift. GUI thread.
"""

from __future__ import annotations

import logging
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from kiosk.money import format_cents
from kiosk.ops import OpRunner
from kiosk.ui import wording
from kiosk.ui.cash_shift_screens import CountScreen
from sync.cash_shift import FROM_SAFE, TO_SAFE, ShiftFigures, open_shifts, parse_amount_cents
from sync.port import KioskPort
from sync.service import Outcome

log = logging.getLogger(__name__)

COLUMNS = (
    QT_TRANSLATE_NOOP("CashShiftsTab", "Cashier"),
    QT_TRANSLATE_NOOP("CashShiftsTab", "Opened"),
    QT_TRANSLATE_NOOP("CashShiftsTab", "Float"),
    QT_TRANSLATE_NOOP("CashShiftsTab", "Expected cash"),
    QT_TRANSLATE_NOOP("CashShiftsTab", "Confirmed"),
)


class CountOverlay(QDialog):
    """The count screen over the whole top-level window, as the cashier's own count is."""

    def __init__(self, count_screen: CountScreen, parent: QWidget) -> None:
        super().__init__(parent, Qt.WindowType.FramelessWindowHint | Qt.WindowType.Dialog)
        self.setObjectName("countOverlay")
        self.setModal(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(count_screen)

    def show_over_window(self) -> None:
        self.setGeometry(self.parentWidget().window().geometry())  # its client area, on screen
        self.show()
        self.raise_()


class CashShiftsTab(QWidget):
    """Open shifts, cash moves and closing a shift for someone else."""

    changed = Signal()  # a move or a close was recorded (or queued)

    def __init__(self, sync: KioskPort, staff_id: str, runner: OpRunner, denominations: tuple[int, ...],
                 currency: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("cashShiftsTab")
        self.sync = sync
        self.staff_id = staff_id
        self.runner = runner
        self.currency = currency
        self.shifts: list[ShiftFigures] = []
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        page = layout
        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setHorizontalHeaderLabels([self.tr(c) for c in COLUMNS])
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.table.setMinimumHeight(64)  # a header and a row; more scroll (1024×600 under the header)
        page.addWidget(self.table, 1)
        self.empty_label = QLabel(self.tr("No cash shift is open on this device."))
        self.empty_label.hide()
        page.addWidget(self.empty_label)
        move = QHBoxLayout()
        self.amount_edit = QLineEdit()
        self.amount_edit.setPlaceholderText(self.tr("Amount, e.g. 500"))
        self.direction_box = QComboBox()
        self.direction_box.addItem(self.tr("Drawer → safe"), TO_SAFE)
        self.direction_box.addItem(self.tr("Safe → drawer"), FROM_SAFE)
        self.move_reason_edit = QLineEdit()
        self.move_reason_edit.setPlaceholderText(self.tr("Reason, e.g. too much cash in the drawer"))
        self.move_button = QPushButton(self.tr("Record cash move"))
        self.move_button.clicked.connect(self.record_move)
        for widget, stretch in ((self.amount_edit, 1), (self.direction_box, 1), (self.move_reason_edit, 2),
                                (self.move_button, 0)):
            move.addWidget(widget, stretch)
        page.addLayout(move)
        close = QHBoxLayout()
        self.close_reason_edit = QLineEdit()
        self.close_reason_edit.setPlaceholderText(self.tr("Why you close it, e.g. cashier went home"))
        self.close_for_button = QPushButton(self.tr("Close selected shift…"))
        self.close_for_button.clicked.connect(self.begin_close)
        close.addWidget(self.close_reason_edit, 1)
        close.addWidget(self.close_for_button)
        page.addLayout(close)
        self.message = QLabel()
        self.message.setObjectName("cashShiftMessage")
        self.message.setWordWrap(True)
        page.addWidget(self.message)

        self.count_screen = CountScreen(denominations, currency)
        self.count_screen.counted.connect(self._close_counted)
        self.count_overlay = CountOverlay(self.count_screen, self)
        self.count_screen.back_requested.connect(self.count_overlay.hide)
        self._closing: ShiftFigures | None = None

    # -- the list --------------------------------------------------------------------------

    def refresh(self) -> None:
        sync = self.sync
        self.runner.run(lambda: open_shifts(sync.cash_shift_entries()), self._show, self._failed)

    def _show(self, shifts: list[ShiftFigures]) -> None:
        self.shifts = shifts
        self.table.setRowCount(len(shifts))
        for row, shift in enumerate(shifts):
            opened = shift.opened_at
            opened_text = opened.astimezone().strftime("%H:%M") if hasattr(opened, "astimezone") else str(
                opened or "")[11:16]
            values = (shift.staff_id, opened_text, format_cents(shift.opening_float_cents, self.currency),
                      format_cents(shift.expected_cash_cents, self.currency),
                      self.tr("yes") if shift.confirmed else self.tr("not yet"))
            for column, value in enumerate(values):
                self.table.setItem(row, column, QTableWidgetItem(value))
        if shifts and not self.table.selectedItems():
            self.table.selectRow(0)
        self.empty_label.setVisible(not shifts)  # apart from the message: a result stays readable

    def selected(self) -> ShiftFigures | None:
        rows = {index.row() for index in self.table.selectedIndexes()}
        return self.shifts[min(rows)] if rows and min(rows) < len(self.shifts) else None

    def say(self, text: str) -> None:
        self.message.setText(text)

    # -- a cash move -----------------------------------------------------------------------

    def record_move(self) -> None:
        shift = self.selected()
        amount = parse_amount_cents(self.amount_edit.text())
        reason = self.move_reason_edit.text().strip()
        if shift is None:
            self.say(self.tr("Select the shift whose drawer the cash moves from or to."))
            return
        if amount is None:
            self.say(self.tr("Type the amount, e.g. 500 or 12.50."))
            return
        if not reason:
            self.say(self.tr("A cash move needs a reason."))
            return
        direction = self.direction_box.currentData()
        sync, staff = self.sync, self.staff_id
        self.move_button.setEnabled(False)
        self.runner.run(lambda: sync.move_cash(staff, shift.shift_id, amount, direction, reason),
                        self._moved, self._failed)

    def _moved(self, result: Any) -> None:
        self.move_button.setEnabled(True)
        if result.outcome is Outcome.COMPLETED:
            expected = format_cents(int(result.data.get("expected_cash_cents") or 0), self.currency)
            self.say(wording.fill(self.tr("Cash move recorded: expected cash in that drawer is now %1."),
                                  expected))
        elif result.outcome is Outcome.OFFLINE_ACCEPTED:
            self.say(self.tr("Cash move queued: it is sent when the network is back."))
        else:
            self.say(wording.fill(self.tr("Cash move refused: %1"), result.message or str(result.error_code)))
            return
        self.amount_edit.clear()
        self.move_reason_edit.clear()
        self.refresh()
        self.changed.emit()

    # -- closing for a cashier who left ----------------------------------------------------

    def begin_close(self) -> None:
        shift = self.selected()
        if shift is None:
            self.say(self.tr("Select the shift to close."))
            return
        if not self.close_reason_edit.text().strip():
            self.say(self.tr("Closing someone else's shift needs a reason."))
            return
        self._closing = shift
        self.count_screen.start(for_logout=False,
                                title=wording.fill(self.tr("Count %1's drawer"), shift.staff_id))
        self.count_overlay.show_over_window()

    def _close_counted(self, counts: dict) -> None:
        shift, reason = self._closing, self.close_reason_edit.text().strip()
        if shift is None:
            return
        sync, staff = self.sync, self.staff_id
        self.runner.run(
            lambda: sync.close_cash_shift(staff, counts, shift_id=shift.shift_id, reason=reason),
            self._closed, self._close_failed)

    def _closed(self, result: Any) -> None:
        if result.outcome is Outcome.COMPLETED:
            data = result.data
            self.say(wording.fill(
                self.tr("Shift of %1 closed: expected %2, counted %3, difference %4."),
                str(data.get("staff_id") or ""),
                format_cents(int(data.get("expected_cash_cents") or 0), self.currency),
                format_cents(int(data.get("counted_cash_cents") or 0), self.currency),
                format_cents(int(data.get("difference_cents") or 0), self.currency)))
        elif result.outcome is Outcome.OFFLINE_ACCEPTED:
            self.say(self.tr("The close is queued: it is sent when the network is back."))
        else:
            self.count_screen.show_problem(wording.fill(self.tr("The shift could not be closed: %1"),
                                                        result.message or str(result.error_code)))
            return
        self._closing = None
        self.close_reason_edit.clear()
        self.count_overlay.hide()
        self.refresh()
        self.changed.emit()

    def _close_failed(self, error: BaseException) -> None:
        log.error("closing a cash shift failed", exc_info=error)
        self.count_screen.show_problem(str(error))

    def _failed(self, error: BaseException) -> None:
        log.error("cash shift request failed", exc_info=error)
        self.move_button.setEnabled(True)
        self.say(str(error))
