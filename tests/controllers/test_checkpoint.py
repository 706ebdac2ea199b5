"""The checkpoint controller: card lookup, amount entry, limits before sending, recharge,
supervisor actions."""

from __future__ import annotations

import uuid

from kiosk.controllers.checkpoint import (
    AmountProblem,
    CheckpointController,
    CheckpointState,
    IgnoreTap,
    LookupCard,
    Refused,
    SetCardStatus,
    SubmitRecharge,
    VoidLastRecharge,
)
from kiosk.controllers.results import ResultKind, Tone
from sync.errors import CardUnknown
from sync.service import CardInfo, Outcome
from tests.ui.fakes import make_config, submit_result

CARD = "04DE0000000001"
EVENT = make_config("checkpoint").event  # max balance 50000


def with_card(balance: int = 2000, status: str = "active", role: str = "cashier") -> CheckpointController:
    c = CheckpointController(EVENT, role)
    assert c.tap(CARD) == LookupCard(CARD)
    c.lookup_finished(CardInfo(CARD, status, balance, [], False))
    return c


def test_tap_reads_the_card_and_shows_it():
    c = with_card(1500)
    assert c.state is CheckpointState.CARD
    assert c.card.balance_cents == 1500


def test_keypad_digits_are_whole_euros_and_quick_amounts_replace_them():
    c = with_card()
    for d in "25":
        c.press_digit(d)
    assert c.amount_cents == 2500
    c.backspace()
    assert c.amount_cents == 200
    c.set_quick_amount(5000)
    assert c.amount_cents == 5000
    assert not c.press_digit("x")
    c.clear_amount()
    assert c.amount_cents == 0


def test_leading_zero_and_too_many_digits_are_ignored():
    c = with_card()
    assert not c.press_digit("0")
    for d in "123456":
        c.press_digit(d)
    assert c.digits == "12345"


def test_confirm_with_card_sends_the_recharge_with_method():
    c = with_card()
    c.set_quick_amount(2000)
    c.set_method("card")
    assert c.confirm() == SubmitRecharge(CARD, 2000, "card")
    assert c.state is CheckpointState.PROCESSING


def test_empty_amount_is_refused_before_sending():
    c = with_card()
    assert c.confirm() == Refused(AmountProblem.EMPTY)


def test_amount_beyond_the_maximum_balance_is_refused_with_the_headroom():
    c = with_card(balance=45000)
    c.set_quick_amount(10000)
    assert c.confirm() == Refused(AmountProblem.ABOVE_MAX_BALANCE, 5000)
    c.set_quick_amount(5000)
    assert isinstance(c.confirm(), SubmitRecharge)


def test_blocked_card_cannot_be_recharged():
    c = with_card(status="blocked")
    c.set_quick_amount(1000)
    assert c.confirm() == Refused(AmountProblem.CARD_BLOCKED)


def test_amount_first_arms_and_next_tap_recharges():
    c = CheckpointController(EVENT)
    c.set_quick_amount(1000)
    assert c.confirm() is None
    assert c.state is CheckpointState.ARMED
    assert c.tap(CARD) == SubmitRecharge(CARD, 1000, "cash")


def test_unarmed_amount_without_card_still_checks_the_event_maximum():
    c = CheckpointController(EVENT)
    for d in "600":
        c.press_digit(d)
    assert c.confirm() == Refused(AmountProblem.ABOVE_MAX_BALANCE, 50000)


def test_taps_during_loading_or_processing_are_ignored():
    c = CheckpointController(EVENT)
    c.tap(CARD)
    assert c.tap(CARD) == IgnoreTap(CARD, "duplicate")
    c.lookup_finished(CardInfo(CARD, "active", 0, [], False))
    c.set_quick_amount(1000)
    c.confirm()
    assert c.tap("04DE0000000002") == IgnoreTap("04DE0000000002", "ignored_busy")


def test_recharged_result_shows_new_balance_and_resets_amount():
    c = with_card(1000)
    c.set_quick_amount(2000)
    c.confirm()
    rid = uuid.uuid4()
    shown = c.recharge_finished(submit_result(Outcome.COMPLETED, new_balance=3000, request_id=rid))
    assert (shown.tone, shown.kind, shown.new_balance_cents, shown.amount_cents) == (
        Tone.SUCCESS, ResultKind.RECHARGED, 3000, 2000
    )
    assert c.amount_cents == 0 and c.last_request_id == rid
    assert c.clear_result(c.result_serial) and c.state is CheckpointState.IDLE


def test_rejected_recharge_keeps_the_amount():
    c = with_card(1000)
    c.set_quick_amount(2000)
    c.confirm()
    shown = c.recharge_finished(submit_result(Outcome.REJECTED, error_code="BALANCE_LIMIT_EXCEEDED"))
    assert shown.tone is Tone.ERROR and c.amount_cents == 2000


def test_unknown_card_on_lookup_is_a_red_result():
    c = CheckpointController(EVENT)
    c.tap(CARD)
    shown = c.lookup_failed(CardUnknown("unknown"))
    assert shown.scan_status == "unknown_card" and c.state is CheckpointState.RESULT


def test_only_supervisors_block_and_void():
    cashier = with_card()
    assert cashier.block_toggle() is None
    supervisor = with_card(role="supervisor")
    assert supervisor.block_toggle() == SetCardStatus(CARD, "blocked")
    shown = supervisor.card_status_changed(CARD, "blocked")
    assert shown.kind is ResultKind.CARD_STATUS_SET and supervisor.card.status == "blocked"


def test_supervisor_voids_the_last_recharge():
    c = with_card(role="supervisor")
    c.set_quick_amount(1000)
    c.confirm()
    rid = uuid.uuid4()
    c.recharge_finished(submit_result(Outcome.COMPLETED, new_balance=3000, request_id=rid))
    assert c.void_last() == VoidLastRecharge(rid)
    assert c.voided(rid).kind is ResultKind.VOIDED
    assert c.last_request_id is None


def test_payment_method_goes_back_to_cash_after_every_recharge():
    """Issue 11 item 7: "Card payment" must not stay selected for the next attendee."""
    c = with_card()
    c.set_quick_amount(2000)
    c.set_method("card")
    c.confirm()
    c.recharge_finished(submit_result(Outcome.COMPLETED, new_balance=4000))
    assert c.method == "cash"
