"""The supervisor screen's Outbox tab: the views (To review, Queued, Rejected, Voided, Done,
All) with their counts, the table of the view's requests (`OutboxTableModel`), and what a
supervisor does with one: void it with a reason (asking first when money goes back), resend
or settle a conflict, retry the queue now.

The rows and the void rules come from the shared `SupervisorController`; `KioskSync` calls
run off the GUI thread through the screen's `OpRunner`. The tab says what happened through
`say` and asks the screen for a reload (`reload_wanted`); a void's outcome goes to the screen
(`void_ended`), which shows it once the reload that includes it is in. GUI thread.
"""

from __future__ import annotations

import logging
import uuid
from typing import Any, ClassVar

from PySide6.QtCore import QT_TRANSLATE_NOOP, QTimer, Signal, Slot
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QMessageBox, QPushButton, QVBoxLayout, QWidget

from kiosk.controllers.supervisor import (
    VOID_REASONS,
    OutboxView,
    SupervisorController,
    SupervisorVoid,
    VoidOutcome,
    VoidOutcomeCode,
    VoidProblem,
    VoidReason,
)
from kiosk.money import format_cents
from kiosk.ops import OpRunner
from kiosk.ui import wording
from kiosk.ui.supervisor.models import OutboxTableModel, table_view
from sync import outbox
from sync.port import KioskPort

log = logging.getLogger(__name__)

CONFIRM_VOID_ABOVE_CENTS = 0  # every reversal of money asks first
VIEW_ORDER = (OutboxView.CONFLICTS, OutboxView.QUEUED, OutboxView.REJECTED,
              OutboxView.VOIDED, OutboxView.DONE, OutboxView.ALL)


class OutboxTab(QWidget):
    """The outbox of this device, a view at a time, and the void / resend / settle actions."""

    say = Signal(str, bool)  # a message for the screen's message line; True: an error
    reload_wanted = Signal()  # the outbox changed (or may have): read it again
    void_ended = Signal(object)  # VoidOutcome, already said; the screen reloads, then emits it

    REASON_WORDS: ClassVar[dict[VoidReason, str]] = {
        VoidReason.CUSTOMER_CHANGED_MIND: QT_TRANSLATE_NOOP("OutboxTab", "Customer changed their mind"),
        VoidReason.WRONG_AMOUNT: QT_TRANSLATE_NOOP("OutboxTab", "Wrong amount"),
        VoidReason.WRONG_CARD: QT_TRANSLATE_NOOP("OutboxTab", "Wrong card"),
        VoidReason.STAFF_ERROR: QT_TRANSLATE_NOOP("OutboxTab", "Staff error"),
        VoidReason.TEST_TRANSACTION: QT_TRANSLATE_NOOP("OutboxTab", "Test transaction"),
    }

    def __init__(self, controller: SupervisorController, sync: KioskPort, runner: OpRunner,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.controller = controller
        self.sync = sync
        self.runner = runner
        # asks before a reversal; returns True to go ahead. None: the dialog (never a bound
        # method stored on self: the cycle would leave the tab to the cyclic collector)
        self.confirm: Any = None
        self._view = OutboxView.QUEUED
        self._rendering = False

        self.view_buttons: dict[OutboxView, QPushButton] = {}
        views = QHBoxLayout()
        for view in VIEW_ORDER:
            button = QPushButton()
            button.setCheckable(True)
            button.setProperty("role", "category")
            button.clicked.connect(lambda _checked=False, v=view: self.show_view(v))
            self.view_buttons[view] = button
            views.addWidget(button)
        self.retry_button = QPushButton(self.tr("Retry now"))
        views.addStretch(1)
        views.addWidget(self.retry_button)

        self.model = OutboxTableModel(controller.currency, self)
        self.table = table_view(self.model, stretch=OutboxTableModel.STRETCH)
        self.table.setObjectName("outboxTable")
        self.table.selectionModel().selectionChanged.connect(self._selection_changed)

        self.reason_combo = QComboBox()
        self.reason_combo.setEditable(True)
        self.reason_combo.addItems([self.tr(self.REASON_WORDS[r]) for r in VOID_REASONS])
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

        layout = QVBoxLayout(self)
        layout.addLayout(views)
        layout.addWidget(self.table, 1)
        layout.addLayout(void_row)
        self.retry_button.clicked.connect(self.retry_now)
        self.void_button.clicked.connect(self.void_selected)
        self.resend_button.clicked.connect(self.resend_selected)
        self.settle_button.clicked.connect(self.settle_selected)

    # -- the view ------------------------------------------------------------------------
    def show_view(self, view: OutboxView) -> None:
        self._view = view
        self.render()

    @property
    def view(self) -> OutboxView:
        return self._view

    def render(self) -> None:
        """Show the controller's rows of the current view, keeping the selection (by request
        id) and the scroll position."""
        labels = {
            OutboxView.CONFLICTS: self.tr("To review"),
            OutboxView.QUEUED: self.tr("Queued"), OutboxView.REJECTED: self.tr("Rejected"),
            OutboxView.VOIDED: self.tr("Voided"), OutboxView.DONE: self.tr("Done"),
            OutboxView.ALL: self.tr("All"),
        }
        counts = self.controller.counts()
        for view, button in self.view_buttons.items():
            button.setText(wording.fill(self.tr("%1 (%2)"), labels[view], counts[view]))
            button.setChecked(view is self._view)
        selected = self.controller.selected
        scroll = self.table.verticalScrollBar().value()
        self._rendering = True
        try:
            self.model.set_rows(self.controller.rows(self._view))
            index = self.model.find(selected.request_id) if selected is not None else -1
            current = self._selected_model_row()
            if index < 0:
                self.table.clearSelection()
            elif current != index:
                self.table.selectRow(index)
        finally:
            self._rendering = False
        self.table.verticalScrollBar().setValue(scroll)
        self._selection_changed()

    def _selected_model_row(self) -> int:
        rows = self.table.selectionModel().selectedRows()
        return rows[0].row() if rows else -1

    @Slot()
    def _selection_changed(self, *_args: Any) -> None:
        if self._rendering:
            return
        index = self._selected_model_row()
        self.controller.select(self.model.row_at(index).request_id if index >= 0 else None)
        self.void_button.setEnabled(self.controller.can_void)
        selected = self.controller.selected
        conflict = selected is not None and selected.conflict and selected.kind != outbox.VOID
        self.resend_button.setEnabled(conflict)
        self.settle_button.setEnabled(conflict)

    def select_request(self, request_id: Any) -> bool:
        """Select the row of `request_id` in the current view; False if it is not shown."""
        try:
            key = request_id if isinstance(request_id, uuid.UUID) else uuid.UUID(str(request_id))
        except ValueError:
            return False
        index = self.model.find(key)
        if index < 0:
            return False
        self.table.selectRow(index)
        return True

    # -- retry ---------------------------------------------------------------------------
    @Slot()
    def retry_now(self) -> None:
        self.retry_button.setEnabled(False)
        self.say.emit(self.tr("Sending the queue…"), False)
        self.runner.run(self.sync.retry_now, self._retried, self._retry_failed)

    def _retried(self, _value: Any) -> None:
        self.retry_button.setEnabled(True)
        self.say.emit(self.tr("Queue sent again; the list shows the latest state."), False)
        QTimer.singleShot(500, self._reload)

    def _retry_failed(self, error: BaseException) -> None:
        self.retry_button.setEnabled(True)
        self.say.emit(wording.fill(self.tr("Retry failed: %1"), error), True)

    @Slot()
    def _reload(self) -> None:
        self.reload_wanted.emit()

    # -- void ----------------------------------------------------------------------------
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
            self.say.emit(self.problem_text(
                VoidProblem.NOTHING_SELECTED if row is None else VoidProblem.NOT_VOIDABLE), True)
            return
        if not " ".join(self.reason_combo.currentText().split()):
            self.say.emit(self.problem_text(VoidProblem.NO_REASON), True)
            return
        amount = row.amount_cents
        if row.kind == outbox.VOID and amount is not None:
            amount = -amount
        if amount is not None and abs(amount) > CONFIRM_VOID_ABOVE_CENTS:
            question = wording.fill(self.tr("Reverse %1 on card %2? The money goes back."),
                                    format_cents(abs(amount), self.controller.currency), row.card_uid)
            if not (self.confirm or self._confirm_dialog)(question):
                self.say.emit(self.tr("Nothing was voided."), False)
                return
        command = self.controller.void_command(self.reason_combo.currentText())
        if isinstance(command, VoidProblem):
            self.say.emit(self.problem_text(command), True)
            return
        self.void_button.setEnabled(False)
        self.say.emit(self.tr("Voiding…"), False)
        sync = self.sync
        self.runner.run(lambda: _run_void(sync, command), self._void_finished, self._void_failed)

    def _void_finished(self, result: Any) -> None:
        self._after_void(self.controller.void_finished(result))

    def _void_failed(self, error: BaseException) -> None:
        log.warning("void failed", exc_info=error)
        self._after_void(self.controller.void_failed(error))

    def _after_void(self, outcome: VoidOutcome) -> None:
        if outcome.ok:
            self.reason_combo.setEditText("")
        self.say.emit(self.outcome_text(outcome), not outcome.ok)
        self.void_button.setEnabled(self.controller.can_void)
        self.void_ended.emit(outcome)

    def outcome_text(self, outcome: VoidOutcome) -> str:
        """How a void ended, in words."""
        code = outcome.code
        if code is VoidOutcomeCode.REVERSED:
            return self.tr("Reversed: the money went back to the card.")
        if code is VoidOutcomeCode.TOMBSTONE:
            return self.tr("Voided: the request never reached the backend and never will.")
        if code is VoidOutcomeCode.NOTHING_TO_REVERSE:
            return self.tr("Voided: the backend had refused it, nothing to reverse.")
        if code is VoidOutcomeCode.QUEUED:
            return self.tr("Voided on this kiosk; the backend will be told as soon as it can be "
                           "reached.")
        if outcome.ok:
            return self.tr("Voided.")
        return wording.fill(self.tr("Not voided: %1"), outcome.detail)

    def problem_text(self, problem: VoidProblem) -> str:
        return {
            VoidProblem.NOTHING_SELECTED: self.tr("Select a request to void first."),
            VoidProblem.NOT_VOIDABLE: self.tr("This request cannot be voided."),
            VoidProblem.NO_REASON: self.tr("Give a reason for the void."),
            VoidProblem.REASON_TOO_LONG: self.tr("The reason is too long."),
            VoidProblem.BUSY: self.tr("A void is already being sent."),
        }[problem]

    # -- conflicts (issue 10: refusals nobody saw, to resend once the cause is fixed, or settle)
    @Slot()
    def resend_selected(self) -> None:
        row = self.controller.selected
        if row is None or not row.conflict:
            self.say.emit(self.tr("Select a request to review first."), True)
            return
        sync, request_id, staff_id = self.sync, row.request_id, self.controller.staff_id
        self.say.emit(self.tr("Sending again…"), False)
        self.runner.run(lambda: sync.resend_conflict(request_id, staff_id),
                        self._resent, self._conflict_failed)

    @Slot()
    def settle_selected(self) -> None:
        row = self.controller.selected
        if row is None or not row.conflict:
            self.say.emit(self.tr("Select a request to review first."), True)
            return
        reason = " ".join(self.reason_combo.currentText().split())
        if not reason:
            self.say.emit(self.tr("Give a reason for settling it."), True)
            return
        sync, request_id, staff_id = self.sync, row.request_id, self.controller.staff_id
        self.say.emit(self.tr("Settling…"), False)
        self.runner.run(lambda: sync.settle_conflict(request_id, staff_id, reason),
                        self._settled, self._conflict_failed)

    def _resent(self, result: Any) -> None:
        self._conflict_done(result, self.tr("Sent again."))

    def _settled(self, result: Any) -> None:
        self._conflict_done(result, self.tr("Settled."))

    def _conflict_done(self, result: Any, text: str) -> None:
        if getattr(result, "ok", True) is False:
            words = wording.reason_words(getattr(result, "error_code", None))
            self.say.emit(wording.fill(self.tr("Not done: %1"),
                                       words or getattr(result, "message", "")), True)
        else:
            self.reason_combo.setEditText("")
            self.say.emit(text, False)
        self.reload_wanted.emit()

    def _conflict_failed(self, error: BaseException) -> None:
        log.warning("conflict action failed", exc_info=error)
        self.say.emit(wording.fill(self.tr("Not done: %1"), error), True)
        self.reload_wanted.emit()


def _run_void(sync: KioskPort, command: SupervisorVoid) -> Any:
    """Worker thread: the void the controller checked."""
    return sync.void_request(command.request_id, command.staff_id, command.reason)
