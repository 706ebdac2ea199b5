"""Who may do what: devices (known, enabled, assigned) and staff roles, per operation."""

from __future__ import annotations

import uuid

import pytest

from tests.sql.contract import (
    assert_failure,
    balance,
    bar_order,
    call,
    card,
    items,
    open_shift,
    recharge,
    recorded_outcome,
    void,
)


def test_unknown_device_is_unauthorized(db):
    assert_failure(bar_order(db, card(1), items(("beer", 1)), p_device_id="kiosk-x"), "UNAUTHORIZED")
    assert_failure(recharge(db, card(1), 100, p_device_id="kiosk-x"), "UNAUTHORIZED")
    assert balance(db, card(1)) == 2000


def test_disabled_device_is_unauthorized(db):
    db.execute("UPDATE devices SET enabled = false WHERE device_id = 'kiosk-bar-1'")
    assert_failure(bar_order(db, card(1), items(("beer", 1))), "UNAUTHORIZED")
    assert balance(db, card(1)) == 2000


def test_device_not_assigned_to_that_point_of_sale_is_unauthorized(db):
    db.execute("INSERT INTO points_of_sale VALUES ('bar-vip', 'VIP bar')")
    db.execute(
        "INSERT INTO products (point_of_sale_id, product_id, name, price_cents)"
        " VALUES ('bar-vip', 'beer', 'Beer', 700)"
    )
    answer = bar_order(db, card(1), items(("beer", 1)), total=700, p_point_of_sale_id="bar-vip")
    assert_failure(answer, "UNAUTHORIZED")


def test_checkpoint_device_may_not_sell_and_bar_device_may_not_recharge(db):
    assert_failure(bar_order(db, card(1), items(("beer", 1)), p_device_id="kiosk-checkpoint-1"),
                   "UNAUTHORIZED")
    assert_failure(recharge(db, card(1), 100, p_device_id="kiosk-bar-1"), "UNAUTHORIZED")


def test_device_not_assigned_to_that_checkpoint_is_unauthorized(db):
    db.execute("INSERT INTO checkpoints VALUES ('checkpoint-2', 'Gate 2')")
    assert_failure(recharge(db, card(1), 100, p_checkpoint_id="checkpoint-2"), "UNAUTHORIZED")


@pytest.mark.parametrize(("staff_id", "allowed"), [
    ("staff-bar-1", True), ("staff-super-1", True), ("staff-cashier-1", False), ("nobody", False),
])
def test_bar_orders_need_bar_staff_or_a_supervisor(db, staff_id, allowed):
    answer = bar_order(db, card(1), items(("beer", 1)), p_staff_id=staff_id)
    if allowed:
        assert answer["success"] is True
    else:
        assert_failure(answer, "UNAUTHORIZED")


@pytest.mark.parametrize(("staff_id", "allowed"), [
    ("staff-cashier-1", True), ("staff-super-1", True), ("staff-bar-1", False), ("nobody", False),
])
def test_recharges_need_a_cashier_or_a_supervisor(db, staff_id, allowed):
    if allowed:
        open_shift(db, staff_id=staff_id)
    answer = recharge(db, card(1), 100, p_staff_id=staff_id)
    if allowed:
        assert answer["success"] is True
    else:
        assert_failure(answer, "UNAUTHORIZED")


def test_an_admin_may_sell_and_recharge(db):
    db.execute(
        "INSERT INTO staff (staff_id, name, role, pin_hash)"
        " SELECT 'staff-admin-1', 'Admin', 'admin', pin_hash FROM staff WHERE staff_id = 'staff-bar-1'"
    )
    assert bar_order(db, card(1), items(("beer", 1)), p_staff_id="staff-admin-1")["success"]
    open_shift(db, staff_id="staff-admin-1")
    assert recharge(db, card(1), 100, p_staff_id="staff-admin-1")["success"]


def test_disabled_staff_is_unauthorized(db):
    db.execute("UPDATE staff SET enabled = false WHERE staff_id = 'staff-bar-1'")
    assert_failure(bar_order(db, card(1), items(("beer", 1))), "UNAUTHORIZED")


def test_unauthorized_is_not_recorded_so_the_request_succeeds_once_fixed(db):
    request_id = uuid.uuid4()
    db.execute("UPDATE devices SET enabled = false WHERE device_id = 'kiosk-bar-1'")
    assert_failure(bar_order(db, card(1), items(("beer", 1)), request_id=request_id), "UNAUTHORIZED")
    assert recorded_outcome(db, request_id) is None
    db.execute("UPDATE devices SET enabled = true WHERE device_id = 'kiosk-bar-1'")
    assert bar_order(db, card(1), items(("beer", 1)), request_id=request_id)["success"] is True


def test_a_recorded_outcome_is_replayed_even_after_the_device_was_disabled(db):
    request_id = uuid.uuid4()
    first = bar_order(db, card(1), items(("beer", 1)), request_id=request_id)
    db.execute("UPDATE devices SET enabled = false WHERE device_id = 'kiosk-bar-1'")
    assert bar_order(db, card(1), items(("beer", 1)), request_id=request_id) == {
        **first, "replayed": True}


def test_voiding_another_devices_request_and_card_status_need_a_verified_supervisor(db):
    request_id = uuid.uuid4()
    bar_order(db, card(1), items(("beer", 1)), request_id=request_id)
    # the cashier's checkpoint is not the sale's device: no self-void there
    assert_failure(void(db, request_id, p_device_id="kiosk-checkpoint-1", p_staff_id="staff-cashier-1"),
                   "UNAUTHORIZED")
    assert_failure(void(db, request_id, p_device_id="kiosk-x", login=False), "UNAUTHORIZED")
    # a supervisor who never logged in on the checkpoint has no verified session there
    assert_failure(void(db, request_id, p_device_id="kiosk-checkpoint-1", login=False), "UNAUTHORIZED")
    status = {"p_card_uid": card(1), "p_status": "blocked", "p_device_id": "kiosk-bar-1",
              "p_reason": "lost"}
    assert_failure(call(db, "sp_set_card_status", **status, p_staff_id="staff-bar-1"),
                   "UNAUTHORIZED")
    assert_failure(call(db, "sp_set_card_status", **status, p_staff_id="staff-super-1"),
                   "UNAUTHORIZED")  # a supervisor, but not logged in through the server
    assert balance(db, card(1)) == 1500
    assert db.execute("SELECT status FROM cards WHERE card_uid = %s", (card(1),)).fetchone() == (
        "active",)


def test_device_config_and_card_cache_refuse_unknown_and_disabled_devices(db):
    db.execute("UPDATE devices SET enabled = false WHERE device_id = 'kiosk-bar-1'")
    for device in ("kiosk-bar-1", "kiosk-unknown"):
        config = call(db, "sp_device_config", p_device_id=device)
        assert_failure(config, "UNAUTHORIZED")
        assert "staff" not in config and "products" not in config
        assert_failure(call(db, "sp_cards_changed_since", p_device_id=device, p_since=None),
                       "UNAUTHORIZED")
        assert_failure(call(db, "sp_log_nfc_scans", p_device_id=device, p_scans=[]),
                       "UNAUTHORIZED")
