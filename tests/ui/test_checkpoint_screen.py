"""Checkpoint screen (pytest-qt, offscreen, FakeSync): read a card, quick amounts and keypad,
cash or card, limits checked before sending, result with the new balance, supervisor actions."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from kiosk.controllers.checkpoint import CheckpointState
from kiosk.controllers.results import Tone
from kiosk.ops import OpRunner
from kiosk.settings import Settings
from kiosk.ui.checkpoint_screen import CheckpointScreen
from tests.ui.fakes import FakeSync, make_config

CARD = "04DE0000000001"


@pytest.fixture
def sync():
    return FakeSync(config=make_config("checkpoint"), balances={CARD: 2000, "04DE0000000091": 1000},
                    blocked={"04DE0000000091"})


def make_screen(qtbot, sync, staff_index=0):
    ops = OpRunner()
    widget = CheckpointScreen(sync, sync.config, ops, Settings(result_clear_s=0.5))
    widget.set_staff(sync.config.staff[staff_index])
    qtbot.addWidget(widget)
    widget.resize(1280, 720)
    widget.show()
    return widget, ops


@pytest.fixture
def screen(qtbot, sync):
    widget, ops = make_screen(qtbot, sync)
    yield widget
    ops.wait_for_done(5000)


def click(qtbot, button):
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def read_card(qtbot, screen, uid=CARD):
    screen.handle_tap(uid)
    qtbot.waitUntil(lambda: screen.controller.state is not CheckpointState.LOADING)


def test_tap_shows_balance_status_and_recent(qtbot, screen):
    read_card(qtbot, screen)
    assert screen.card_title.text() == f"Card {CARD}"
    assert screen.balance_label.text() == "€20.00"
    assert screen.card_status_label.text() == "Active"
    assert "recharge" in screen.recent_label.text()
    assert screen.limit_label.text() == "Maximum €480.00"


def test_quick_amount_cash_confirm_recharges_and_shows_new_balance(qtbot, screen, sync):
    read_card(qtbot, screen)
    click(qtbot, screen.quick_buttons[1])  # €20
    assert screen.confirm_button.text() == "Recharge €20.00"
    with qtbot.waitSignal(screen.result_shown) as shown:
        click(qtbot, screen.confirm_button)
    assert shown.args[0].tone is Tone.SUCCESS
    assert screen.overlay.title.text() == "Recharged €20.00"
    assert screen.overlay.figure.text() == "New balance €40.00"
    [call] = sync.calls_named("submit_recharge")
    assert call.args == (CARD, 2000, "cash") and call.staff_id == "staff-cashier-1"
    qtbot.waitUntil(lambda: any(s[1] == "success" and s[3] is not None for s in sync.scans))


def test_keypad_amount_and_card_payment(qtbot, screen, sync):
    read_card(qtbot, screen)
    for digit in "35":
        click(qtbot, screen.keypad.buttons[digit])
    click(qtbot, screen.card_button)
    assert screen.amount_label.text() == "€35.00"
    with qtbot.waitSignal(screen.result_shown):
        click(qtbot, screen.confirm_button)
    assert sync.calls_named("submit_recharge")[0].args == (CARD, 3500, "card")


def test_amount_above_the_maximum_balance_is_refused_before_sending(qtbot, screen, sync):
    sync.balances[CARD] = 48000
    read_card(qtbot, screen)
    click(qtbot, screen.quick_buttons[2])  # €50
    click(qtbot, screen.confirm_button)
    assert screen.notice.text() == "Too much: this card can take at most €20.00"
    assert sync.calls_named("submit_recharge") == []


def test_blocked_card_is_shown_and_not_recharged(qtbot, screen, sync):
    read_card(qtbot, screen, "04DE0000000091")
    assert screen.card_status_label.text() == "BLOCKED"
    click(qtbot, screen.quick_buttons[0])
    click(qtbot, screen.confirm_button)
    assert screen.notice.text() == "This card is blocked: no recharge"
    assert sync.calls_named("submit_recharge") == []


def test_amount_first_then_tap_recharges(qtbot, screen, sync):
    click(qtbot, screen.quick_buttons[0])
    click(qtbot, screen.confirm_button)
    assert screen.armed_frame.isVisible()
    assert screen.armed_label.text() == "Tap card to recharge €10.00"
    with qtbot.waitSignal(screen.result_shown):
        screen.handle_tap(CARD)
    assert sync.balances[CARD] == 3000


def test_unknown_card_is_a_red_result(qtbot, screen, sync):
    with qtbot.waitSignal(screen.result_shown):
        screen.handle_tap("04C0FFEE000001")
    assert screen.overlay.title.text() == "Unknown card"
    qtbot.waitUntil(lambda: bool(sync.scans) and sync.scans[-1][1] == "unknown_card")


def test_keyboard_amount_method_and_confirm(qtbot, screen, sync):
    read_card(qtbot, screen)
    qtbot.keyClicks(screen, "15")
    qtbot.keyClick(screen, Qt.Key.Key_K)
    assert screen.card_button.isChecked()
    with qtbot.waitSignal(screen.result_shown):
        qtbot.keyClick(screen, Qt.Key.Key_Return)
    assert sync.calls_named("submit_recharge")[0].args == (CARD, 1500, "card")


def test_cashier_sees_no_supervisor_actions(qtbot, screen):
    read_card(qtbot, screen)
    assert not screen.block_button.isVisible() and not screen.void_button.isVisible()


def test_supervisor_blocks_a_lost_card(qtbot, sync):
    screen, ops = make_screen(qtbot, sync, staff_index=1)
    read_card(qtbot, screen)
    assert screen.block_button.isVisible() and screen.block_button.text() == "Block lost card"
    with qtbot.waitSignal(screen.result_shown):
        click(qtbot, screen.block_button)
    assert screen.overlay.title.text() == "Card blocked"
    [call] = sync.calls_named("set_card_status")
    assert call.args[:2] == (CARD, "blocked") and call.staff_id == "staff-super-1"
    ops.wait_for_done(5000)


def test_supervisor_voids_the_last_recharge(qtbot, sync):
    screen, ops = make_screen(qtbot, sync, staff_index=1)
    read_card(qtbot, screen)
    click(qtbot, screen.quick_buttons[0])
    with qtbot.waitSignal(screen.result_shown) as recharged:
        click(qtbot, screen.confirm_button)
    screen.clear_result(None)
    assert screen.void_button.isVisible()
    with qtbot.waitSignal(screen.result_shown):
        click(qtbot, screen.void_button)
    assert screen.overlay.title.text() == "Request voided"
    [call] = sync.calls_named("void_request")
    assert call.args[0] == recharged.args[0].request_id and call.staff_id == "staff-super-1"
    ops.wait_for_done(5000)


def test_offline_card_payment_is_disabled_with_the_reason(qtbot, screen, sync):
    """Issue 11 item 7: offline, card payment could be chosen and was refused only after the
    customer probably paid."""
    click(qtbot, screen.card_button)
    assert screen.controller.method == "card"
    screen.set_online(False)
    assert not screen.card_button.isEnabled()
    assert screen.card_button.text() == "Card: needs network"
    assert screen.controller.method == "cash"
    screen.choose_method("card")
    assert screen.controller.method == "cash"
    screen.set_online(True)
    assert screen.card_button.isEnabled() and screen.card_button.text() == "Card payment"


def test_offline_history_does_not_claim_there_are_no_transactions(qtbot, screen, sync):
    """Issue 11 item 7: offline, history said "No transactions yet" although there were some."""
    from sync.service import CardInfo

    screen.controller.tap(CARD)
    screen._lookup_done(CardInfo(CARD, "active", 2000, [], True))
    assert screen.recent_label.text() == "History not available offline"
