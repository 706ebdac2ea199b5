"""The checkpoint screen's state machine: read a card, choose an amount and method, recharge.

States: IDLE (waiting for a card) → LOADING (reading its balance) → CARD (balance shown,
amount being entered) → PROCESSING (one recharge in flight) → RESULT → IDLE. An amount may
also be confirmed before any card is read: then the screen is ARMED ("tap card to recharge
€X") and the next tap sends the recharge. Amounts are checked here against the event's
maximum balance before sending, and again by the backend. Supervisors may also block or
unblock the card shown and void the last recharge.
"""

from __future__ import annotations

import enum
import uuid
from dataclasses import dataclass, replace

from kiosk.controllers.results import (
    ResultKind,
    TapResult,
    Tone,
    result_from_exception,
    result_from_lookup_error,
    result_from_submit,
)
from kiosk.controllers.tap_commands import IgnoreTap, LookupCard
from sync.config import SUPERVISOR_ROLE, EventSettings
from sync.service import CardInfo, SubmitResult
from sync.validation import PAYMENT_METHODS

QUICK_AMOUNTS_CENTS = (1000, 2000, 5000)
MAX_AMOUNT_DIGITS = 5  # whole currency units typed on the keypad


class CheckpointState(enum.Enum):
    IDLE = "idle"
    LOADING = "loading"
    CARD = "card"
    ARMED = "armed"
    PROCESSING = "processing"
    RESULT = "result"


class AmountProblem(enum.Enum):
    """Why an amount cannot be sent (the screen words it)."""

    EMPTY = "empty"
    ABOVE_MAX_BALANCE = "above_max_balance"  # the card would exceed the event's maximum
    CARD_BLOCKED = "card_blocked"
    NO_METHOD = "no_method"
    BUSY = "busy"


@dataclass(frozen=True)
class SubmitRecharge:
    card_uid: str
    amount_cents: int
    method: str


@dataclass(frozen=True)
class SetCardStatus:
    card_uid: str
    status: str  # "active" | "blocked"


@dataclass(frozen=True)
class VoidLastRecharge:
    """Command for the screen: void the last recharge made on this screen (supervisor)."""

    request_id: uuid.UUID


@dataclass(frozen=True)
class Refused:
    """Command: nothing to send; tell the cashier why."""

    problem: AmountProblem
    limit_cents: int | None = None


TapCommand = LookupCard | SubmitRecharge | IgnoreTap


class CheckpointController:
    """Card, amount, method and tap handling for one checkpoint. Plain Python, GUI thread only."""

    def __init__(self, event: EventSettings, staff_role: str = "cashier") -> None:
        self.event = event
        self.staff_role = staff_role
        self.state = CheckpointState.IDLE
        self.card: CardInfo | None = None
        self.digits = ""
        self.method: str | None = "cash"
        self.result: TapResult | None = None
        self.result_serial = 0
        self.last_request_id: uuid.UUID | None = None  # the last recharge that went through
        self._processing_uid: str | None = None
        self._processing_amount = 0

    # -- amount and method -------------------------------------------------------------------

    @property
    def amount_cents(self) -> int:
        return int(self.digits) * 100 if self.digits else 0

    def _editable(self) -> bool:
        if self.state is CheckpointState.RESULT:
            self._leave_result()
        if self.state is CheckpointState.ARMED:
            self.state = CheckpointState.IDLE  # editing the amount disarms
        return self.state in (CheckpointState.IDLE, CheckpointState.CARD, CheckpointState.LOADING)

    def press_digit(self, digit: str) -> bool:
        if len(digit) != 1 or digit not in "0123456789" or not self._editable():
            return False
        if len(self.digits) >= MAX_AMOUNT_DIGITS or (digit == "0" and not self.digits):
            return False
        self.digits += digit
        return True

    def backspace(self) -> bool:
        if not self._editable() or not self.digits:
            return False
        self.digits = self.digits[:-1]
        return True

    def clear_amount(self) -> bool:
        if not self._editable():
            return False
        self.digits = ""
        return True

    def set_quick_amount(self, cents: int) -> bool:
        if cents <= 0 or cents % 100 or not self._editable():
            return False
        self.digits = str(cents // 100)
        return True

    def set_method(self, method: str) -> bool:
        if method not in PAYMENT_METHODS or self.state is CheckpointState.PROCESSING:
            return False
        self.method = method
        return True

    def headroom_cents(self) -> int | None:
        """How much more the shown card can take before the event's maximum balance."""
        if self.card is None:
            return None
        return max(0, self.event.max_balance_cents - self.card.balance_cents)

    def check_amount(self) -> Refused | None:
        """Why the current amount cannot be sent, or None if it can."""
        amount = self.amount_cents
        if self.state is CheckpointState.PROCESSING:
            return Refused(AmountProblem.BUSY)
        if amount <= 0:
            return Refused(AmountProblem.EMPTY)
        if self.method not in PAYMENT_METHODS:
            return Refused(AmountProblem.NO_METHOD)
        if self.card is not None and self.card.status != "active":
            return Refused(AmountProblem.CARD_BLOCKED)
        headroom = self.headroom_cents()
        limit = headroom if headroom is not None else self.event.max_balance_cents
        if amount > limit:
            return Refused(AmountProblem.ABOVE_MAX_BALANCE, limit)
        return None

    def confirm(self) -> SubmitRecharge | Refused | None:
        """"Confirm": recharge the shown card now, or arm for the next tap (returns None)."""
        if self.state is CheckpointState.RESULT:
            self._leave_result()
        problem = self.check_amount()
        if problem is not None:
            return problem
        if self.state is CheckpointState.CARD and self.card is not None:
            return self._start_recharge(self.card.card_uid)
        if self.state in (CheckpointState.IDLE, CheckpointState.ARMED):
            self.state = CheckpointState.ARMED
            return None
        return Refused(AmountProblem.BUSY)  # LOADING: wait for the card's balance first

    def disarm(self) -> bool:
        if self.state is not CheckpointState.ARMED:
            return False
        self.state = CheckpointState.IDLE
        return True

    # -- taps --------------------------------------------------------------------------------

    def tap(self, card_uid: str) -> TapCommand:
        if self.state in (CheckpointState.PROCESSING, CheckpointState.LOADING):
            return IgnoreTap.while_busy(card_uid, self._processing_uid)
        if self.state is CheckpointState.RESULT:
            self._leave_result()
        if self.state is CheckpointState.ARMED:
            return self._start_recharge(card_uid)
        self.card = None
        self.state = CheckpointState.LOADING
        self._processing_uid = card_uid
        return LookupCard(card_uid)

    def _start_recharge(self, card_uid: str) -> SubmitRecharge:
        self.state = CheckpointState.PROCESSING
        self._processing_uid = card_uid
        self._processing_amount = self.amount_cents
        return SubmitRecharge(card_uid, self.amount_cents, self.method or "cash")

    @property
    def processing_card(self) -> str | None:
        busy = self.state in (CheckpointState.PROCESSING, CheckpointState.LOADING)
        return self._processing_uid if busy else None

    # -- outcomes ----------------------------------------------------------------------------

    def lookup_finished(self, info: CardInfo) -> None:
        """The card's balance arrived: show it and let the cashier enter an amount."""
        if self.state is not CheckpointState.LOADING:
            return
        self.card = info
        self.state = CheckpointState.CARD
        self._processing_uid = None

    def lookup_failed(self, error: BaseException) -> TapResult:
        return self._show(result_from_lookup_error(self._processing_uid or "", error))

    def recharge_finished(self, result: SubmitResult) -> TapResult:
        shown = result_from_submit(
            result, success_kind=ResultKind.RECHARGED, amount_cents=self._processing_amount
        )
        if shown.card_uid is None:
            shown = replace(shown, card_uid=self._processing_uid)
        if shown.kind in (ResultKind.RECHARGED, ResultKind.OFFLINE_ACCEPTED):
            self.digits = ""
            self.method = "cash"  # the next attendee pays cash unless the cashier says otherwise
            self.last_request_id = result.request_id
            if self.card is not None and shown.new_balance_cents is not None:
                self.card = replace(self.card, balance_cents=shown.new_balance_cents)
        return self._show(shown)

    def failed(self, error: BaseException) -> TapResult:
        return self._show(result_from_exception(error, self._processing_uid))

    def _show(self, shown: TapResult) -> TapResult:
        self.state = CheckpointState.RESULT
        self.result = shown
        self.result_serial += 1
        self._processing_uid = None
        return shown

    def clear_result(self, serial: int | None = None) -> bool:
        if self.state is not CheckpointState.RESULT or (serial is not None and serial != self.result_serial):
            return False
        self._leave_result()
        return True

    def _leave_result(self) -> None:
        """After a result the checkpoint is ready for the next attendee."""
        self.state = CheckpointState.IDLE
        self.result = None
        self.card = None

    def reset(self) -> bool:
        """Log-out: forget the card, the amount, the method and any result (not while a
        request is in flight). False if busy."""
        if self.state in (CheckpointState.PROCESSING, CheckpointState.LOADING):
            return False
        self._leave_result()
        self.digits = ""
        self.method = "cash"
        return True

    def forget_card(self) -> bool:
        if self.state is not CheckpointState.CARD:
            return False
        self.card = None
        self.state = CheckpointState.IDLE
        return True

    # -- supervisor actions ------------------------------------------------------------------

    @property
    def is_supervisor(self) -> bool:
        return self.staff_role == SUPERVISOR_ROLE

    def block_toggle(self) -> SetCardStatus | None:
        """Supervisor: block the shown card, or unblock it if it is blocked."""
        if not self.is_supervisor or self.state is not CheckpointState.CARD or self.card is None:
            return None
        new_status = "active" if self.card.status == "blocked" else "blocked"
        self.state = CheckpointState.PROCESSING
        self._processing_uid = self.card.card_uid
        return SetCardStatus(self.card.card_uid, new_status)

    def card_status_changed(self, card_uid: str, status: str) -> TapResult:
        if self.card is not None and self.card.card_uid == card_uid:
            self.card = replace(self.card, status=status)
        shown = TapResult(Tone.SUCCESS, ResultKind.CARD_STATUS_SET, card_uid=card_uid, card_status=status)
        return self._show(shown)

    def void_last(self) -> VoidLastRecharge | None:
        """Supervisor: void the last recharge made on this screen."""
        if not self.is_supervisor or self.last_request_id is None:
            return None
        if self.state in (CheckpointState.PROCESSING, CheckpointState.LOADING):
            return None
        self.state = CheckpointState.PROCESSING
        self._processing_uid = None
        return VoidLastRecharge(self.last_request_id)

    def voided(self, request_id: uuid.UUID) -> TapResult:
        if self.last_request_id == request_id:
            self.last_request_id = None
        return self._show(
            TapResult(tone=Tone.SUCCESS, kind=ResultKind.VOIDED, request_id=request_id)
        )

    def action_rejected(self, error_code: str | None, message: str) -> TapResult:
        """A supervisor action was refused by the backend."""
        return self._show(
            TapResult(tone=Tone.ERROR, kind=ResultKind.REJECTED, error_code=error_code, message=message)
        )
