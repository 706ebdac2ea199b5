"""The checkpoint screen: tap a card to see its balance, status and recent transactions; enter
an amount (quick amounts or keypad), choose cash or card, confirm, see the new balance.
Supervisors also get "Block card" / "Unblock card" and "Void last recharge". The cashier's
drawer cash (expected so far, "not yet confirmed" while queued) and "Close shift" sit on top of
the card panel; why an amount cannot be sent shows right above the Recharge button.

Thin: CheckpointController decides; this widget renders and runs sync calls off the GUI
thread. Keyboard: digits type the amount, Backspace deletes, Delete clears, C / K choose cash /
card, Enter confirms, Esc cancels or dismisses.
"""

from __future__ import annotations

import logging
from functools import partial
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QButtonGroup, QFrame, QHBoxLayout, QSizePolicy, QVBoxLayout, QWidget

from kiosk.controllers.checkpoint import (
    QUICK_AMOUNTS_CENTS,
    AmountProblem,
    CheckpointController,
    CheckpointState,
    IgnoreTap,
    LookupCard,
    Refused,
    SubmitRecharge,
)
from kiosk.money import format_whole
from kiosk.ops import OpRunner
from kiosk.settings import Settings
from kiosk.sounds import SoundPlayer
from kiosk.ui.result_overlay import describe_recent
from kiosk.ui.tap_screen import TapScreen
from kiosk.ui.widgets import (
    Keypad,
    armed_banner,
    fit_text_width,
    role_label,
    set_style_property,
    touch_button,
)
from kiosk.ui.wording import fill
from sync.cash_shift import ShiftFigures
from sync.config import DeviceConfig, StaffMember
from sync.port import KioskPort
from sync.service import CardInfo, SubmitResult

log = logging.getLogger(__name__)


class CheckpointScreen(TapScreen):
    """Recharge cards at a checkpoint. Construct with the sync facade (or a fake), the device
    config, an OpRunner and the settings; taps come in through handle_tap()."""

    screen_name = "checkpoint"
    close_shift_requested = Signal()
    money_changed = Signal()  # a recharge or a void went through or was queued: drawer cash moved

    def __init__(
        self,
        sync: KioskPort,
        config: DeviceConfig,
        ops: OpRunner,
        settings: Settings,
        sounds: SoundPlayer | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(sync, ops, settings, config.event.currency, sounds, parent)
        self.setObjectName("checkpointScreen")
        self.controller = CheckpointController(config.event)

        outer = QHBoxLayout(self)
        outer.setContentsMargins(16, 8, 16, 8)
        outer.setSpacing(16)

        # left: the card
        self.card_panel = QFrame()
        self.card_panel.setProperty("role", "panel")
        card = QVBoxLayout(self.card_panel)
        card.setContentsMargins(20, 20, 20, 20)
        card.setSpacing(12)
        # the cashier's cash shift: running drawer cash and "Close shift" (kiosk.ui.cash_shift_flow)
        self.shift_row = QFrame()
        self.shift_row.setObjectName("shiftRow")
        shift = QHBoxLayout(self.shift_row)
        shift.setContentsMargins(0, 0, 0, 0)
        self.shift_label = role_label("", "muted")
        self.shift_label.setObjectName("drawerCash")
        self.shift_label.setWordWrap(True)
        shift.addWidget(self.shift_label, 1)
        self.close_shift_button = touch_button(self.tr("Close shift"), "nav")
        self.close_shift_button.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Preferred)
        self.close_shift_button.clicked.connect(self.close_shift_requested)
        shift.addWidget(self.close_shift_button)
        self.shift_row.hide()
        card.addWidget(self.shift_row)
        self.card_title = role_label("", "heading")
        self.card_title.setWordWrap(True)
        card.addWidget(self.card_title)
        self.balance_label = role_label("", "big-balance")
        card.addWidget(self.balance_label)
        self.card_status_label = role_label("", "card-status")
        self.card_status_label.setWordWrap(True)
        card.addWidget(self.card_status_label)
        self.recent_label = role_label("", "recent")
        self.recent_label.setTextFormat(Qt.TextFormat.PlainText)
        self.recent_label.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        card.addWidget(self.recent_label, 1)
        self.supervisor_row = QHBoxLayout()
        self.block_button = touch_button("", "danger")
        self.block_button.clicked.connect(self.toggle_block)
        self.void_button = touch_button(self.tr("Void last recharge"), "quiet")
        self.void_button.clicked.connect(self.void_last)
        self.supervisor_row.addWidget(self.block_button)
        self.supervisor_row.addWidget(self.void_button)
        card.addLayout(self.supervisor_row)
        outer.addWidget(self.card_panel, 5)

        # right: the amount
        amount_panel = QFrame()
        amount_panel.setProperty("role", "panel")
        amount = QVBoxLayout(amount_panel)
        amount.setContentsMargins(14, 12, 14, 12)
        amount.setSpacing(8)
        heading = QHBoxLayout()
        heading.addWidget(role_label(self.tr("Recharge"), "heading"), 0, Qt.AlignmentFlag.AlignTop)
        self.amount_label = role_label("", "amount-entry")
        self.amount_label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        heading.addWidget(self.amount_label, 1)
        amount.addLayout(heading)
        self.limit_label = role_label("", "muted")
        self.limit_label.setAlignment(Qt.AlignmentFlag.AlignRight)
        amount.addWidget(self.limit_label)
        pad_row = QHBoxLayout()
        pad_row.setSpacing(10)
        self.keypad = Keypad(self)
        self.keypad.digit_pressed.connect(self.press_digit)
        self.keypad.backspace_pressed.connect(self.backspace)
        self.keypad.clear_pressed.connect(self.clear_amount)
        pad_row.addWidget(self.keypad, 3)
        quick = QVBoxLayout()
        quick.setSpacing(10)
        self.quick_buttons: list = []
        for cents in QUICK_AMOUNTS_CENTS:
            button = touch_button(format_whole(cents, self.currency), "quick")
            button.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
            label = format_whole(cents, self.currency)
            button.setAccessibleName(fill(self.tr("Quick amount %1"), label))
            button.clicked.connect(partial(self.quick_amount, cents))
            quick.addWidget(button)
            self.quick_buttons.append(button)
        pad_row.addLayout(quick, 1)
        amount.addLayout(pad_row, 1)
        methods = QHBoxLayout()
        self.method_group = QButtonGroup(self)
        self.cash_button = touch_button(self.tr("Cash"))
        self.card_button = touch_button(self.tr("Card payment"))
        for method, button in (("cash", self.cash_button), ("card", self.card_button)):
            button.setCheckable(True)
            button.clicked.connect(partial(self.choose_method, method))
            self.method_group.addButton(button)
            methods.addWidget(button)
        # the payment method sits with the card, so the amount pad fits a 1024×600 panel
        self.method_label = role_label(self.tr("Paid with"), "muted")
        card.insertWidget(card.count() - 1, self.method_label)
        card.insertLayout(card.count() - 1, methods)
        self.armed_frame, self.armed_label = armed_banner()
        buttons = QHBoxLayout()  # armed: "tap card to recharge €X" takes the confirm button's place
        self.cancel_button = touch_button(self.tr("Cancel"), "danger")
        self.cancel_button.clicked.connect(self.cancel)
        self.confirm_button = touch_button("", "primary")
        self.confirm_button.clicked.connect(self.confirm)
        buttons.addWidget(self.cancel_button, 0)
        buttons.addWidget(self.confirm_button, 2)
        buttons.addWidget(self.armed_frame, 2)
        # why an amount cannot be sent ("Too much: ...") sits right above the button that was
        # pressed, not across the screen (issue 11 item 7)
        amount.addWidget(self.notice)
        amount.addLayout(buttons)
        outer.addWidget(amount_panel, 4)
        self.refresh()

    def set_staff(self, staff: StaffMember | None) -> None:
        super().set_staff(staff)
        self.controller.staff_role = staff.role if staff else "cashier"
        self.refresh()

    def set_config(self, config: DeviceConfig) -> None:
        self.controller.event = config.event
        self.refresh()

    def reset_session(self) -> bool:
        if not self.controller.reset():
            return False
        self._clear_timer.stop()
        self.overlay.hide()
        self.overlay.result = None
        self.refresh()
        return True

    # -- intents -------------------------------------------------------------------------------

    def _after_edit(self, changed: bool) -> None:
        if changed and self.overlay.result is not None:
            self.overlay.hide()
            self.overlay.result = None
        self.refresh()

    def press_digit(self, digit: str) -> None:
        self._after_edit(self.controller.press_digit(digit))

    def backspace(self) -> None:
        self._after_edit(self.controller.backspace())

    def clear_amount(self) -> None:
        self._after_edit(self.controller.clear_amount())

    def quick_amount(self, cents: int) -> None:
        self._after_edit(self.controller.set_quick_amount(cents))

    def choose_method(self, method: str) -> None:
        if method == "card" and not self._card_allowed():
            self.refresh()
            return
        self.controller.set_method(method)
        self.refresh()

    def set_online(self, online: bool) -> None:
        """The sync status changed: card payments need the backend unless sync may take them
        offline (the kiosk's offline policy), so offline the button says why it is off."""
        self._online = bool(online)
        if not self._card_allowed() and self.controller.method == "card":
            self.controller.set_method("cash")
        self.refresh()

    def _card_allowed(self) -> bool:
        if getattr(self, "_online", True):
            return True
        return self.sync.offline_policy.allows("card")

    def cancel(self) -> None:
        if not self.controller.disarm():
            self.controller.forget_card()
            self.controller.clear_amount()
        self.refresh()

    def confirm(self) -> None:
        self.overlay.hide()
        self.overlay.result = None
        command = self.controller.confirm()
        if isinstance(command, Refused):
            self.show_notice(self._problem_text(command))
        elif isinstance(command, SubmitRecharge):
            self._send(command)
        self.refresh()

    def _problem_text(self, refused: Refused) -> str:
        problem = refused.problem
        if problem is AmountProblem.EMPTY:
            return self.tr("Enter an amount first")
        if problem is AmountProblem.ABOVE_MAX_BALANCE:
            return fill(self.tr("Too much: this card can take at most %1"),
                        self._money(refused.limit_cents or 0))
        if problem is AmountProblem.CARD_BLOCKED:
            return self.tr("This card is blocked: no recharge")
        if problem is AmountProblem.NO_METHOD:
            return self.tr("Choose cash or card payment")
        return self.tr("Please wait…")

    def toggle_block(self) -> None:
        command = self.controller.block_toggle()
        if command is None:
            return
        sync, staff_id = self.sync, self.staff_id
        reason = "lost card (checkpoint)" if command.status == "blocked" else "card found (checkpoint)"
        busy = self.tr("Blocking card…") if command.status == "blocked" else self.tr("Unblocking card…")
        self.run_request(
            busy,
            lambda: sync.set_card_status(command.card_uid, command.status, staff_id, reason),
            partial(self._status_set, command.card_uid, command.status),
            self._failed,
        )
        self.refresh()

    def void_last(self) -> None:
        command = self.controller.void_last()
        if command is None:
            return
        sync, staff_id = self.sync, self.staff_id
        self.run_request(
            self.tr("Voiding…"),
            lambda: sync.void_request(command.request_id, staff_id, "voided at checkpoint"),
            partial(self._voided, command.request_id),
            self._failed,
        )
        self.refresh()

    # -- taps ----------------------------------------------------------------------------------

    def is_busy(self) -> bool:
        return self.controller.state in (CheckpointState.PROCESSING, CheckpointState.LOADING)

    def handle_tap(self, card_uid: str) -> None:
        command = self.controller.tap(card_uid)
        if isinstance(command, IgnoreTap):
            self.log_scan(card_uid, command.scan_status)
            return
        if isinstance(command, SubmitRecharge):
            self._send(command)
        elif isinstance(command, LookupCard):
            self.look_up_card(command.card_uid)
        self.refresh()

    def _send(self, command: SubmitRecharge) -> None:
        sync, staff_id = self.sync, self.staff_id
        self.run_request(
            fill(self.tr("Recharging %1…"), self._money(command.amount_cents)),
            lambda: sync.submit_recharge(command.card_uid, command.amount_cents, command.method, staff_id),
            self._recharge_done,
            self._failed,
        )

    def _lookup_done(self, info: CardInfo) -> None:
        self.controller.lookup_finished(info)
        self.log_scan(info.card_uid, "blocked" if info.status == "blocked" else "success")
        self.hide_overlay()
        if self.sounds is not None:
            self.sounds.play("tap")
        self.refresh()

    def _recharge_done(self, result: SubmitResult) -> None:
        uid = self.controller.processing_card
        shown = self.controller.recharge_finished(result)
        self.log_scan(uid, shown.scan_status, result.request_id)
        self.show_result(shown, self.controller.result_serial)
        self.refresh()
        self.money_changed.emit()

    def set_shift(self, shift: ShiftFigures | None, *, enabled: bool = True) -> None:
        """Show the cashier's drawer: expected cash so far, marked while not yet confirmed."""
        self.shift_row.setVisible(enabled and shift is not None)
        if shift is None:
            self.shift_label.setText("")
            return
        text = fill(self.tr("Drawer %1"), self._money(shift.expected_cash_cents))
        if not shift.confirmed:
            text += " · " + self.tr("not yet confirmed")
        self.shift_label.setText(text)
        set_style_property(self.shift_label, "health", "none" if shift.confirmed else "bad")

    def _status_set(self, card_uid: str, status: str, answer: Any) -> None:
        if getattr(answer, "ok", False):
            shown = self.controller.card_status_changed(card_uid, status)
        else:
            shown = self.controller.action_rejected(answer.error_code, answer.message)
        self.show_result(shown, self.controller.result_serial)
        self.refresh()

    def _voided(self, request_id: Any, answer: Any) -> None:
        if getattr(answer, "ok", False):
            shown = self.controller.voided(request_id)
            self.money_changed.emit()
        else:
            shown = self.controller.action_rejected(answer.error_code, answer.message)
        self.show_result(shown, self.controller.result_serial)
        self.refresh()

    def _failed(self, error: BaseException) -> None:
        log.error("checkpoint request failed", exc_info=error)
        shown = self.controller.failed(error)
        self.show_result(shown, self.controller.result_serial)
        self.refresh()

    # -- rendering -------------------------------------------------------------------------------

    def refresh(self) -> None:
        c = self.controller
        info = c.card
        if info is None:
            self.card_title.setText(
                self.tr("Reading card…") if c.state is CheckpointState.LOADING else self.tr("Tap a card")
            )
            self.balance_label.setText("")
            self.card_status_label.setText(
                self.tr("Its balance, status and last transactions appear here.")
                if c.state is not CheckpointState.LOADING else ""
            )
            set_style_property(self.card_status_label, "health", "none")
            self.recent_label.setText("")
        else:
            self.card_title.setText(fill(self.tr("Card %1"), info.card_uid))
            self.balance_label.setText(self._money(info.balance_cents))
            status = self.tr("Active") if info.status == "active" else self.tr("BLOCKED")
            if info.from_cache:
                status += " · " + self.tr("last known balance (offline)")
            self.card_status_label.setText(status)
            set_style_property(self.card_status_label, "health", "good" if info.status == "active" else "bad")
            recent = describe_recent(tuple(info.recent or ()), self.currency)
            if not recent and info.from_cache:
                # the offline card list has balances, not the card's history
                empty = self.tr("History not available offline")
            else:
                empty = self.tr("No transactions yet")
            self.recent_label.setText(recent or empty)
        supervisor = c.is_supervisor
        self.block_button.setVisible(supervisor and info is not None)
        if info is not None:
            self.block_button.setText(
                self.tr("Unblock card") if info.status == "blocked" else self.tr("Block lost card")
            )
        self.void_button.setVisible(supervisor and c.last_request_id is not None)

        self.amount_label.setText(self._money(c.amount_cents))
        headroom = c.headroom_cents()
        limit = headroom if headroom is not None else c.event.max_balance_cents
        self.limit_label.setText(fill(self.tr("Maximum %1"), self._money(limit)))
        self.cash_button.setChecked(c.method == "cash")
        self.card_button.setChecked(c.method == "card")
        card_ok = self._card_allowed()
        self.card_button.setEnabled(card_ok)
        self.card_button.setText(self.tr("Card payment") if card_ok
                                 else self.tr("Card: needs network"))
        self.card_button.setToolTip("" if card_ok else self.tr(
            "No network: card payments cannot be checked now. Take cash."))
        armed = c.state is CheckpointState.ARMED
        self.armed_frame.setVisible(armed)
        if armed:
            self.armed_label.setText(
                fill(self.tr("Tap card to recharge %1"), self._money(c.amount_cents))
            )
        busy = self.is_busy()
        self.confirm_button.setVisible(not armed)
        self.confirm_button.setEnabled(not busy and c.amount_cents > 0)
        self.confirm_button.setText(
            fill(self.tr("Recharge %1"), self._money(c.amount_cents))
            if c.amount_cents else self.tr("Recharge")
        )
        fit_text_width(self.confirm_button)
        self.cancel_button.setEnabled(not busy and (armed or info is not None or c.amount_cents > 0))

    def keyPressEvent(self, event) -> None:
        if self.overlay.result is not None:
            super().keyPressEvent(event)
            return
        key, text = event.key(), event.text()
        if text and text in "0123456789":
            self.press_digit(text)
        elif key == Qt.Key.Key_Backspace:
            self.backspace()
        elif key == Qt.Key.Key_Delete:
            self.clear_amount()
        elif key == Qt.Key.Key_C:
            self.choose_method("cash")
        elif key == Qt.Key.Key_K:
            self.choose_method("card")
        elif key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.confirm()
        elif key == Qt.Key.Key_Escape:
            self.cancel()
        else:
            super().keyPressEvent(event)
