"""The checkpoint's cash-shift flow: after a login with no open shift, the float screen before
any recharge; "Close shift" (and log-out with an open shift) through the count screen to the
close result; the running drawer cash shown on the checkpoint screen.

The shift and its figures come from sync.cash_shift.current_shift over the kiosk's own outbox
(read off the GUI thread) and the login answer's "open_cash_shift". Requests go through
KioskSync (open_cash_shift / close_cash_shift), queued when the backend is unreachable.
Lives on the GUI thread; every sync call runs through the window's OpRunner.
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime
from typing import Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QStackedWidget

from kiosk.ops import OpRunner
from kiosk.ui.cash_shift_screens import CloseResultScreen, CountScreen, FloatScreen
from kiosk.ui.wording import fill
from sync.cash_shift import CashCount, CloseOutcome, ServerShift, ShiftFigures, current_shift
from sync.config import DeviceConfig, StaffMember
from sync.port import KioskPort
from sync.service import Outcome

log = logging.getLogger(__name__)


def _why(result: Any) -> str:
    return str(result.message or result.error_code or "")


class CashShiftFlow(QObject):
    """Owns the float, count and result screens (added to the window's stack)."""

    show_main = Signal()  # the checkpoint screen may be shown (a shift is open)
    logout_now = Signal()  # the log-out the count screen stood in front of may go ahead
    shift_changed = Signal(object)  # ShiftFigures | None, for the checkpoint screen
    problem = Signal(str)  # a calm message for the window

    def __init__(self, sync: KioskPort, config: DeviceConfig, ops: OpRunner, stack: QStackedWidget,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.sync = sync
        self.ops = ops
        self.stack = stack
        self.config = config
        denominations = config.event.cash_denominations
        currency = config.event.currency
        self.float_screen = FloatScreen(denominations, currency)
        self.count_screen = CountScreen(denominations, currency)
        self.result_screen = CloseResultScreen(config.device_id, currency)
        for screen in (self.float_screen, self.count_screen, self.result_screen):
            stack.addWidget(screen)
        self.float_screen.float_chosen.connect(self._open)
        self.count_screen.counted.connect(self._close)
        self.count_screen.back_requested.connect(self.show_main)
        self.count_screen.keep_open_requested.connect(self.logout_now)
        self.result_screen.done.connect(self._after_result)
        self.staff: StaffMember | None = None
        self.server_shift: ServerShift | None = None
        self.shift: ShiftFigures | None = None
        self._closing_for_logout = False

    # -- life cycle ------------------------------------------------------------------------

    def start(self, member: StaffMember, server_shift: ServerShift | None) -> None:
        """A login: find the person's open shift; without one, ask for the float first."""
        self.staff = member
        self.server_shift = server_shift
        self.shift = None
        self._closing_for_logout = False
        self.float_screen.reset()
        self.stack.setCurrentWidget(self.float_screen)  # until the outbox says otherwise
        self.refresh(after_login=True)

    def stop(self) -> None:
        self.staff = None
        self.shift = None
        self.server_shift = None
        self.shift_changed.emit(None)

    def owns(self, widget: object) -> bool:
        return widget in (self.float_screen, self.count_screen, self.result_screen)

    def refresh(self, *, after_login: bool = False) -> None:
        """Work the current shift out again (off the GUI thread) and tell the screens."""
        staff = self.staff
        if staff is None:
            return
        sync, server = self.sync, self.server_shift
        self.ops.run(lambda: current_shift(sync.cash_shift_entries(), staff.staff_id, server),
                     lambda shift: self._shift_known(staff, shift, after_login),
                     self._failed)

    def _shift_known(self, staff: StaffMember, shift: ShiftFigures | None, after_login: bool) -> None:
        if self.staff is not staff:
            return  # logged out meanwhile
        self.shift = shift
        self.shift_changed.emit(shift)
        if after_login and shift is not None:
            self.show_main.emit()

    # -- open ------------------------------------------------------------------------------

    def _open(self, float_cents: int) -> None:
        staff = self.staff
        if staff is None:
            return
        sync = self.sync
        self.ops.run(lambda: sync.open_cash_shift(staff.staff_id, float_cents),
                     self._opened, self._open_failed)

    def _opened(self, result: Any) -> None:
        if result.ok or (result.data or {}).get("problem") == "shift_already_open":
            self.refresh()  # the outbox row (queued, done, or the server's shift) says which
            self.show_main.emit()
            return
        text = fill(self.tr("The shift could not be opened: %1"), _why(result))
        self.float_screen.show_problem(text)

    def _open_failed(self, error: BaseException) -> None:
        log.error("opening a cash shift failed", exc_info=error)
        self.float_screen.show_problem(fill(self.tr("The shift could not be opened: %1"), str(error)))

    # -- close -----------------------------------------------------------------------------

    @property
    def has_open_shift(self) -> bool:
        return self.shift is not None

    def begin_close(self, *, for_logout: bool = False) -> None:
        self._closing_for_logout = for_logout
        self.count_screen.start(for_logout=for_logout)
        self.stack.setCurrentWidget(self.count_screen)
        self.count_screen.setFocus()

    def _close(self, counts: dict) -> None:
        staff, before = self.staff, self.shift
        if staff is None:
            return
        try:
            count = CashCount.checked(counts, self.config.event.cash_denominations)
        except Exception as exc:  # InvalidInputError: a count the screen should not allow
            self.count_screen.show_problem(fill(self.tr("This count cannot be used: %1"), exc))
            return
        sync = self.sync

        def close() -> tuple[Any, ShiftFigures | None]:
            # the figures just before the close, for an answer that does not come in time
            figures = current_shift(sync.cash_shift_entries(), staff.staff_id, self.server_shift) or before
            return sync.close_cash_shift(staff.staff_id, dict(count.counts)), figures

        self.ops.run(close, lambda done: self._closed(count, *done), self._close_failed)

    def _closed(self, count: CashCount, result: Any, figures: ShiftFigures | None) -> None:
        if result.outcome is Outcome.COMPLETED:
            outcome = CloseOutcome.from_answer(result.data, count)
        elif result.outcome is Outcome.OFFLINE_ACCEPTED and figures is not None:
            outcome = CloseOutcome.from_figures(figures, count, datetime.now(UTC).isoformat())
        else:
            self.count_screen.show_problem(
                fill(self.tr("The shift could not be closed: %1"), _why(result)))
            return
        self.shift = None
        self.shift_changed.emit(None)
        self.result_screen.show_outcome(outcome)
        self.stack.setCurrentWidget(self.result_screen)

    def _close_failed(self, error: BaseException) -> None:
        log.error("closing a cash shift failed", exc_info=error)
        self.count_screen.show_problem(fill(self.tr("The shift could not be closed: %1"), str(error)))

    def _after_result(self) -> None:
        if self._closing_for_logout:
            self.logout_now.emit()
            return
        self.float_screen.reset()  # a new shift, or "Log out" from the float screen
        self.stack.setCurrentWidget(self.float_screen)

    def _failed(self, error: BaseException) -> None:
        log.error("reading the cash shift failed", exc_info=error)
        self.problem.emit(self.tr("The cash shift could not be read from this kiosk's queue."))
