"""The bar controller: order building, arming, one tap → one request, results, busy taps."""

from __future__ import annotations

from kiosk.controllers.bar import (
    MAX_QUANTITY,
    BarController,
    BarState,
    IgnoreTap,
    LookupCard,
    SubmitOrder,
)
from kiosk.controllers.results import ResultKind, Tone
from sync.errors import BackendUnavailable, CardUnknown, ConfigUnavailable
from sync.service import CardInfo, Outcome
from tests.ui.fakes import make_config, submit_result

CARD = "04DE0000000001"


def controller() -> BarController:
    return BarController(make_config().products)


def tapped_order(product_id: str, quantity: int = 1) -> BarController:
    """A controller with `quantity` × `product_id` armed and CARD tapped: its request is in flight."""
    c = controller()
    c.add(product_id, quantity)
    c.arm()
    c.tap(CARD)
    return c


def test_order_total_is_the_sum_of_lines_in_integer_cents():
    c = controller()
    c.add("beer")
    c.add("beer")
    c.add("cup-deposit", 2)
    assert c.total_cents == 2 * 500 + 2 * 100
    assert [(line.product.product_id, line.quantity) for line in c.lines] == [("beer", 2), ("cup-deposit", 2)]


def test_cup_return_makes_a_negative_line_and_may_make_a_credit():
    c = controller()
    c.add("cup-return", 3)
    assert c.total_cents == -300


def test_plus_minus_remove_and_clear_edit_the_order():
    c = controller()
    c.add("beer", 2)
    c.add("water")
    assert c.decrement("beer")
    assert c.item_count == 2
    assert c.decrement("beer")
    assert [line.product.product_id for line in c.lines] == ["water"]
    assert c.remove("water")
    assert c.lines == []
    c.add("soft")
    assert c.clear()
    assert c.total_cents == 0


def test_unknown_product_and_quantity_beyond_limit_are_refused():
    c = controller()
    assert not c.add("champagne")
    assert c.add("beer", MAX_QUANTITY)
    assert not c.add("beer")
    assert c.item_count == MAX_QUANTITY


def test_categories_hide_cups_which_get_their_own_buttons():
    c = controller()
    assert c.categories() == ["drinks"]
    assert [p.product_id for p in c.cup_products()] == ["cup-deposit", "cup-return"]
    assert "cup-return" not in [p.product_id for p in c.products_in("drinks")]


def test_empty_order_cannot_be_armed():
    c = controller()
    assert not c.arm()
    assert c.state is BarState.IDLE


def test_armed_tap_submits_the_order_once_with_the_expected_total():
    c = controller()
    c.add("beer", 2)
    assert c.arm()
    command = c.tap(CARD)
    assert command == SubmitOrder(CARD, [{"product_id": "beer", "quantity": 2}], 1000)
    assert c.state is BarState.PROCESSING


def test_second_tap_while_processing_does_nothing_but_is_reported():
    c = tapped_order("beer")
    assert c.tap(CARD) == IgnoreTap(CARD, "duplicate")
    assert c.tap("04DE0000000002") == IgnoreTap("04DE0000000002", "ignored_busy")
    assert c.state is BarState.PROCESSING


def test_order_cannot_change_while_a_payment_is_in_flight():
    c = tapped_order("beer")
    assert not c.add("water")
    assert not c.clear()
    assert c.total_cents == 500


def test_paid_result_is_green_with_new_balance_and_clears_the_order():
    c = tapped_order("beer")
    shown = c.order_finished(submit_result(Outcome.COMPLETED, new_balance=1500, previous_balance=2000))
    assert (shown.tone, shown.kind, shown.new_balance_cents, shown.amount_cents) == (
        Tone.SUCCESS, ResultKind.PAID, 1500, 500
    )
    assert shown.card_uid == CARD
    assert shown.scan_status == "success"
    assert c.lines == [] and c.state is BarState.RESULT


def test_insufficient_funds_is_red_with_the_balance_and_keeps_the_order():
    c = tapped_order("cocktail", 3)
    shown = c.order_finished(
        submit_result(Outcome.REJECTED, error_code="INSUFFICIENT_FUNDS", data={"balance_cents": 200})
    )
    assert (shown.tone, shown.error_code, shown.balance_cents) == (Tone.ERROR, "INSUFFICIENT_FUNDS", 200)
    assert c.total_cents == 2700


def test_blocked_and_unknown_cards_map_to_scan_statuses():
    for code, status in (("CARD_BLOCKED", "blocked"), ("CARD_NOT_FOUND", "unknown_card")):
        c = tapped_order("beer")
        shown = c.order_finished(submit_result(Outcome.REJECTED, error_code=code))
        assert shown.scan_status == status


def test_offline_accepted_is_amber_and_clears_the_order():
    c = tapped_order("beer")
    shown = c.order_finished(submit_result(Outcome.OFFLINE_ACCEPTED, new_balance=1500))
    assert (shown.tone, shown.kind) == (Tone.OFFLINE, ResultKind.OFFLINE_ACCEPTED)
    assert c.lines == []


def test_offline_refused_is_red_and_keeps_the_order():
    c = tapped_order("cocktail", 4)
    shown = c.order_finished(
        submit_result(Outcome.OFFLINE_REFUSED, error_code="OFFLINE_REFUSED", message="offline limit")
    )
    assert (shown.tone, shown.kind) == (Tone.ERROR, ResultKind.OFFLINE_REFUSED)
    assert shown.message == "offline limit"
    assert c.total_cents == 3600


def test_tap_without_armed_order_looks_up_the_balance():
    c = controller()
    assert c.tap(CARD) == LookupCard(CARD)
    shown = c.lookup_finished(CardInfo(CARD, "active", 1234, [{"kind": "order"}], False))
    assert (shown.kind, shown.tone, shown.balance_cents) == (ResultKind.BALANCE, Tone.INFO, 1234)


def test_balance_of_a_blocked_card_is_shown_red():
    c = controller()
    c.tap(CARD)
    shown = c.lookup_finished(CardInfo(CARD, "blocked", 1000, [], False))
    assert shown.tone is Tone.ERROR and shown.scan_status == "blocked"


def test_unknown_card_and_no_network_on_lookup():
    c = controller()
    c.tap(CARD)
    assert c.lookup_failed(CardUnknown("nope")).scan_status == "unknown_card"
    c.clear_result()
    c.tap(CARD)
    shown = c.lookup_failed(BackendUnavailable("offline"))
    assert shown.kind is ResultKind.LOOKUP_FAILED and shown.error_code == "NETWORK_ERROR"


def test_next_tap_clears_the_result_and_is_handled():
    c = tapped_order("beer")
    c.order_finished(submit_result(Outcome.COMPLETED, new_balance=1500))
    assert c.tap(CARD) == LookupCard(CARD)


def test_stale_auto_clear_does_not_clear_a_newer_result():
    c = controller()
    c.tap(CARD)
    c.lookup_finished(CardInfo(CARD, "active", 100, [], False))
    old = c.result_serial
    c.tap(CARD)
    c.lookup_finished(CardInfo(CARD, "active", 100, [], False))
    assert not c.clear_result(old)
    assert c.clear_result(c.result_serial)
    assert c.state is BarState.IDLE


def test_editing_an_armed_order_disarms_it():
    c = controller()
    c.add("beer")
    c.arm()
    c.add("water")
    assert c.state is BarState.IDLE
    assert c.tap(CARD) == LookupCard(CARD)


def test_unexpected_error_is_a_calm_red_result_and_keeps_the_order():
    c = tapped_order("beer")
    shown = c.failed(RuntimeError("disk full"))
    assert shown.kind is ResultKind.FAILED and c.total_cents == 500


def test_price_change_drops_vanished_products():
    c = controller()
    c.add("beer")
    c.add("wine")
    c.set_products([p for p in make_config().products if p.product_id != "wine"])
    assert [line.product.product_id for line in c.lines] == ["beer"]


def test_a_sync_error_with_a_contract_code_is_shown_by_its_code():
    c = tapped_order("beer")
    shown = c.failed(ConfigUnavailable("the backend refused this device", "UNAUTHORIZED"))
    assert (shown.kind, shown.error_code) == (ResultKind.REJECTED, "UNAUTHORIZED")
