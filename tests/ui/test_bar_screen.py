"""Bar screen (pytest-qt, offscreen, FakeSync): order, charge, one tap → one request with the
staff id, full-screen results, busy taps ignored but logged, keyboard operation."""

from __future__ import annotations

import threading

import pytest
from PySide6.QtCore import Qt

from kiosk.controllers.bar import BarState
from kiosk.controllers.results import Tone
from kiosk.ops import OpRunner
from kiosk.settings import Settings
from kiosk.ui.bar_screen import BarScreen
from sync.service import Outcome
from tests.ui.fakes import DEMO_PRODUCTS, FakeSync, make_config, submit_result

CARD = "04DE0000000001"
BROKE = "04DE0000000081"


@pytest.fixture
def sync():
    return FakeSync(config=make_config("bar"), balances={CARD: 2000, BROKE: 0})


@pytest.fixture
def screen(qtbot, sync):
    ops = OpRunner()
    widget = BarScreen(sync, sync.config, ops, Settings(result_clear_s=0.5, request_timeout_s=1.0))
    widget.set_staff(sync.config.staff[0])
    qtbot.addWidget(widget)
    widget.resize(1280, 720)
    widget.show()
    yield widget
    if sync.gate is not None:
        sync.gate.set()
    ops.wait_for_done(5000)


def click(qtbot, button):
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def build_order(qtbot, screen, *product_ids):
    for pid in product_ids:
        click(qtbot, screen.product_buttons[pid])


def charge_and_tap(qtbot, screen, card_uid):
    """Arm the order, tap the card, and wait until its result is on screen."""
    screen.charge()
    with qtbot.waitSignal(screen.result_shown):
        screen.handle_tap(card_uid)


def test_touching_products_builds_the_order_and_its_total(qtbot, screen):
    build_order(qtbot, screen, "beer", "beer", "cup-deposit")
    assert screen.total_label.text() == "€11.00"
    assert screen.charge_button.text() == "Charge €11.00"
    assert screen.line_rows["beer"].quantity.text() == "×2"


def test_line_buttons_change_quantities(qtbot, screen):
    build_order(qtbot, screen, "beer", "water")
    click(qtbot, screen.line_rows["beer"].plus)
    click(qtbot, screen.line_rows["water"].minus)
    assert screen.total_label.text() == "€10.00"
    click(qtbot, screen.line_rows["beer"].remove)
    assert screen.line_rows == {} and screen.total_label.text() == "€0.00"


def test_charge_then_tap_pays_with_the_staff_id_and_shows_the_new_balance(qtbot, screen, sync):
    build_order(qtbot, screen, "beer", "beer")
    click(qtbot, screen.charge_button)
    assert screen.armed_label.text() == "Tap card to pay €10.00"
    with qtbot.waitSignal(screen.result_shown) as shown:
        screen.handle_tap(CARD)
    assert shown.args[0].tone is Tone.SUCCESS
    assert screen.overlay.title.text() == "Paid"
    assert screen.overlay.figure.text() == "New balance €10.00"
    [call] = sync.calls_named("submit_order")
    assert call.args == (CARD, [{"product_id": "beer", "quantity": 2}], 1000)
    assert call.staff_id == "staff-bar-1"
    qtbot.waitUntil(lambda: any(s[1] == "success" for s in sync.scans))
    assert sync.scans[-1][:3] == (CARD, "success", "bar") and sync.scans[-1][3] is not None
    assert screen.line_rows == {}


def test_second_tap_during_processing_does_nothing_but_is_logged(qtbot, screen, sync):
    sync.gate = threading.Event()
    build_order(qtbot, screen, "beer")
    screen.charge()
    screen.handle_tap(CARD)
    assert screen.overlay.busy
    screen.handle_tap(CARD)
    screen.handle_tap("04DE0000000002")
    qtbot.waitUntil(lambda: len(sync.scans) == 2)
    assert sorted(s[1] for s in sync.scans) == ["duplicate", "ignored_busy"]
    with qtbot.waitSignal(screen.result_shown):
        sync.gate.set()
    assert len(sync.calls_named("submit_order")) == 1


def test_reader_duplicate_event_is_logged_not_acted_upon(qtbot, screen, sync):
    build_order(qtbot, screen, "beer")
    screen.charge()
    screen.handle_duplicate(CARD)
    qtbot.waitUntil(lambda: sync.scans == [(CARD, "duplicate", "bar", None)])
    assert sync.calls == [] and screen.controller.state is BarState.ARMED


def test_insufficient_funds_is_red_with_the_balance(qtbot, screen, sync):
    sync.balances[BROKE] = 200
    build_order(qtbot, screen, "cocktail")
    charge_and_tap(qtbot, screen, BROKE)
    assert screen.overlay.tone() is Tone.ERROR
    assert screen.overlay.title.text() == "Insufficient funds"
    assert screen.overlay.figure.text() == "Balance €2.00"
    assert screen.total_label.text() == "€9.00"


def test_blocked_and_unknown_cards_are_named_and_logged(qtbot, screen, sync):
    sync.blocked.add(CARD)
    build_order(qtbot, screen, "beer")
    charge_and_tap(qtbot, screen, CARD)
    assert screen.overlay.title.text() == "Card blocked"
    screen.clear_result(None)
    charge_and_tap(qtbot, screen, "04C0FFEE000001")
    assert screen.overlay.title.text() == "Unknown card"
    qtbot.waitUntil(lambda: [s[1] for s in sync.scans] == ["blocked", "unknown_card"])


def test_offline_accepted_is_amber(qtbot, screen, sync):
    sync.next_results.append(submit_result(Outcome.OFFLINE_ACCEPTED))
    build_order(qtbot, screen, "beer")
    charge_and_tap(qtbot, screen, CARD)
    assert screen.overlay.tone() is Tone.OFFLINE
    assert screen.overlay.title.text() == "Accepted offline — queued"


def test_offline_refused_shows_the_reason_in_words(qtbot, screen, sync):
    sync.next_results.append(
        submit_result(
            Outcome.OFFLINE_REFUSED, error_code="OFFLINE_REFUSED", offline_rule="card_limit",
            message="offline limit per card reached: 30.00 already taken offline",
        )
    )
    build_order(qtbot, screen, "beer")
    charge_and_tap(qtbot, screen, CARD)
    assert screen.overlay.title.text() == "Not accepted offline"
    assert screen.overlay.detail.text() == (
        "Offline limit per card reached. Try again when the network is back.")


@pytest.mark.parametrize(("rule", "title", "detail"), [
    ("insufficient_funds", "Insufficient funds",
     "Not enough on the card's last known balance. Try another card, or recharge at a checkpoint."),
    ("card_blocked", "Card blocked", "Keep the card and call a supervisor."),
    ("some_new_rule", "Not accepted offline",
     "Not accepted offline. Try again when the network is back."),
])
def test_offline_refusals_read_like_the_online_ones(qtbot, screen, sync, rule, title, detail):
    """Issue 11 item 11: no raw sync text ("insufficient funds: last known balance 10.00")."""
    sync.next_results.append(submit_result(
        Outcome.OFFLINE_REFUSED, error_code="OFFLINE_REFUSED", offline_rule=rule,
        message="insufficient funds: last known balance 10.00"))
    build_order(qtbot, screen, "beer")
    charge_and_tap(qtbot, screen, CARD)
    assert (screen.overlay.title.text(), screen.overlay.detail.text()) == (title, detail)
    assert "10.00" not in screen.overlay.detail.text()


def test_tap_without_order_shows_balance_and_recent_transactions(qtbot, screen):
    with qtbot.waitSignal(screen.result_shown):
        screen.handle_tap(CARD)
    assert screen.overlay.title.text() == "Balance"
    assert screen.overlay.figure.text() == "€20.00"
    assert "recharge" in screen.overlay.recent.text()


def test_result_clears_by_itself(qtbot, screen):
    with qtbot.waitSignal(screen.result_shown):
        screen.handle_tap(CARD)
    qtbot.waitUntil(lambda: not screen.overlay.isVisible(), timeout=3000)
    assert screen.controller.state is BarState.IDLE


def test_touching_the_result_dismisses_it(qtbot, screen):
    with qtbot.waitSignal(screen.result_shown):
        screen.handle_tap(CARD)
    qtbot.mouseClick(screen.overlay, Qt.MouseButton.LeftButton)
    assert not screen.overlay.isVisible() and screen.controller.state is BarState.IDLE


def test_unexpected_error_is_shown_calmly(qtbot, screen, sync):
    sync.next_results.append(RuntimeError("database file is locked"))
    build_order(qtbot, screen, "beer")
    charge_and_tap(qtbot, screen, CARD)
    assert screen.overlay.title.text() == "Something went wrong"
    assert screen.total_label.text() == "€5.00"


def test_price_mismatch_refreshes_the_price_list(qtbot, screen, sync):
    sync.next_results.append(submit_result(Outcome.REJECTED, error_code="PRICE_MISMATCH"))
    build_order(qtbot, screen, "beer")
    charge_and_tap(qtbot, screen, CARD)
    assert screen.overlay.title.text() == "Prices have changed"
    qtbot.waitUntil(lambda: bool(sync.calls_named("refresh_config")))


def test_read_error_asks_to_tap_again_and_is_logged(qtbot, screen, sync):
    screen.handle_read_error("card moved away")
    assert screen.notice.isVisible() and "tap again" in screen.notice.text()
    qtbot.waitUntil(lambda: sync.scans == [(None, "read_error", "bar", None)])


def test_keyboard_adds_products_charges_and_cancels(qtbot, screen):
    qtbot.keyClick(screen, Qt.Key.Key_1)
    qtbot.keyClick(screen, Qt.Key.Key_1)
    qtbot.keyClick(screen, Qt.Key.Key_3)
    assert screen.total_label.text() == "€12.00"
    qtbot.keyClick(screen, Qt.Key.Key_Backspace)
    assert screen.total_label.text() == "€10.00"
    qtbot.keyClick(screen, Qt.Key.Key_Return)
    assert screen.controller.state is BarState.ARMED
    qtbot.keyClick(screen, Qt.Key.Key_Escape)
    assert screen.controller.state is BarState.IDLE
    qtbot.keyClick(screen, Qt.Key.Key_Delete)
    assert screen.line_rows == {}


def test_cup_return_alone_is_a_credit(qtbot, screen, sync):
    build_order(qtbot, screen, "cup-return", "cup-return")
    screen.charge()
    assert screen.armed_label.text() == "Tap card to credit €2.00"
    with qtbot.waitSignal(screen.result_shown):
        screen.handle_tap(CARD)
    assert sync.balances[CARD] == 2200
    # issue 11 item 10: a credit reads as a credit on the result too
    assert screen.overlay.title.text() == "Credited"
    assert screen.overlay.detail.text() == "€2.00 credited to the card"
    assert "paid" not in screen.overlay.detail.text() and "−" not in screen.overlay.detail.text()


def test_recent_transactions_call_a_cup_return_a_credit():
    from kiosk.ui.result_overlay import describe_recent

    text = describe_recent(({"kind": "order", "amount_cents": 100},
                            {"kind": "order", "amount_cents": -500}))
    first, second = text.splitlines()
    assert "credit" in first and "+€1.00" in first
    assert "sale" in second and "order" not in text


def test_categories_switch_the_product_grid(qtbot, sync):
    products = [
        {"product_id": "beer", "name": "Beer", "price_cents": 500, "category": "alcohol", "kind": "sale"},
        {"product_id": "water", "name": "Water", "price_cents": 200, "category": "soft", "kind": "sale"},
        {"product_id": "cup-deposit", "name": "Cup", "price_cents": 100, "category": "cups",
         "kind": "deposit"},
    ]
    config = make_config("bar", products)
    widget = BarScreen(sync, config, OpRunner(), Settings())
    qtbot.addWidget(widget)
    assert [b.text() for b in widget.category_group.buttons()] == ["Alcohol", "Soft"]
    assert set(widget.product_buttons) == {"beer", "cup-deposit"}
    qtbot.mouseClick(widget.category_group.buttons()[1], Qt.MouseButton.LeftButton)
    assert set(widget.product_buttons) == {"water", "cup-deposit"}
    qtbot.keyClick(widget, Qt.Key.Key_1)  # 1 = first product of the category shown
    assert widget.total_label.text() == "€2.00"


def test_new_prices_rebuild_the_grid_and_keep_what_is_still_sold(qtbot, screen):
    build_order(qtbot, screen, "beer", "wine")
    cheaper = [dict(p, price_cents=400) if p["product_id"] == "beer" else p
               for p in DEMO_PRODUCTS if p["product_id"] != "wine"]
    screen.set_config(make_config("bar", cheaper))
    assert screen.product_buttons["beer"].price_label.text() == "€4.00"
    assert "wine" not in screen.product_buttons
    assert screen.total_label.text() == "€4.00"


class StepClock:
    """The screen's clock, moved by hand."""

    def __init__(self) -> None:
        self.now = 5000.0

    def __call__(self) -> float:
        return self.now


def test_a_touch_just_after_the_result_clears_does_not_reach_the_grid(qtbot, screen, sync):
    """Issue 11 item 4: the touch meant to dismiss must not add a Cocktail."""
    clock = StepClock()
    screen.clock = clock
    build_order(qtbot, screen, "beer")
    charge_and_tap(qtbot, screen, CARD)
    qtbot.waitUntil(lambda: not screen.overlay.isVisible(), timeout=3000)  # auto-clear
    click(qtbot, screen.product_buttons["cocktail"])
    assert screen.controller.lines == []
    clock.now += 1.0  # after the grace period, touches work again
    click(qtbot, screen.product_buttons["cocktail"])
    assert [line.product.product_id for line in screen.controller.lines] == ["cocktail"]


def test_a_second_press_on_charge_within_the_bounce_window_does_not_cancel(qtbot, screen, sync):
    """Issue 11 item 5: Cancel appears under the finger where Charge was."""
    clock = StepClock()
    screen.clock = clock
    build_order(qtbot, screen, "beer")
    click(qtbot, screen.charge_button)
    clock.now += 0.3
    click(qtbot, screen.cancel_button)
    assert screen.controller.state is BarState.ARMED
    with qtbot.waitSignal(screen.result_shown):
        screen.handle_tap(CARD)
    assert sync.balances[CARD] == 1500  # the tap paid
    build_order(qtbot, screen, "beer")
    click(qtbot, screen.charge_button)
    clock.now += 1.0
    click(qtbot, screen.cancel_button)  # a deliberate cancel still works
    assert screen.controller.state is BarState.IDLE


def test_after_insufficient_funds_the_order_stays_armed_for_another_card(qtbot, screen, sync):
    """Issue 11 item 16: a friend's card tapped next pays, and the scan log says what happened."""
    build_order(qtbot, screen, "beer")
    charge_and_tap(qtbot, screen, BROKE)
    assert screen.overlay.result.error_code == "INSUFFICIENT_FUNDS"
    qtbot.waitUntil(lambda: (BROKE, "insufficient_funds", "bar") in [s[:3] for s in sync.scans])
    qtbot.waitUntil(lambda: not screen.overlay.isVisible(), timeout=3000)
    assert screen.controller.state is BarState.ARMED
    assert screen.armed_frame.isVisible() and "another card" in screen.armed_label.text()
    with qtbot.waitSignal(screen.result_shown):
        screen.handle_tap(CARD)
    assert sync.balances[CARD] == 1500 and screen.controller.lines == []


def test_a_friend_tapping_while_the_refusal_shows_pays_at_once(qtbot, screen, sync):
    build_order(qtbot, screen, "beer")
    charge_and_tap(qtbot, screen, BROKE)
    with qtbot.waitSignal(screen.result_shown):
        screen.handle_tap(CARD)
    assert sync.balances[CARD] == 1500
