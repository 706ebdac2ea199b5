"""sp_device_config: everything a kiosk needs offline, only for enabled registered devices."""

from __future__ import annotations

import bcrypt

from tests.sql.contract import DEMO_PINS, assert_failure, call


def test_bar_device_gets_its_products_event_and_the_people_who_may_work_there(db):
    config = call(db, "sp_device_config", p_device_id="kiosk-bar-1")
    assert config["success"] is True
    assert config["device"] == {"device_id": "kiosk-bar-1", "name": "Bar kiosk 1", "role": "bar",
                                "point_of_sale_id": "bar-main", "enabled": True}
    event = config["event"]
    assert (event["currency"], event["max_balance_cents"]) == ("EUR", 50_000)
    assert (event["offline_card_limit_cents"], event["offline_device_limit_cents"]) == (3000, 50_000)
    products = {p["product_id"]: (p["price_cents"], p["kind"]) for p in config["products"]}
    assert products == {
        "beer": (500, "sale"), "soft": (300, "sale"), "water": (200, "sale"),
        "wine": (600, "sale"), "cocktail": (900, "sale"),
        "cup-deposit": (100, "deposit"), "cup-return": (-100, "return"),
    }
    assert all(p["name"] and p["category"] for p in config["products"])
    assert {s["staff_id"] for s in config["staff"]} == {"staff-bar-1", "staff-super-1"}
    assert isinstance(config["config_version"], str) and config["config_version"]


def test_pin_hashes_are_bcrypt_and_verify_offline_for_roles_that_may_log_in_offline(db):
    staff = call(db, "sp_device_config", p_device_id="kiosk-checkpoint-1")["staff"]
    assert {s["staff_id"] for s in staff} == {"staff-cashier-1", "staff-super-1"}
    # supervisors and admins never log in offline: their hashes are not sent to devices
    assert [s["pin_hash"] for s in staff if s["role"] == "supervisor"] == [None]
    for person in (s for s in staff if s["role"] == "cashier"):
        pin_hash = person["pin_hash"].encode()
        assert pin_hash.startswith(b"$2a$10$")  # pgcrypto knows only $2a$
        assert bcrypt.checkpw(DEMO_PINS[person["staff_id"]].encode(), pin_hash)
        assert not bcrypt.checkpw(b"0000", pin_hash)


def test_checkpoint_device_gets_its_checkpoint_and_no_products(db):
    config = call(db, "sp_device_config", p_device_id="kiosk-checkpoint-1")
    assert config["device"]["role"] == "checkpoint"
    assert config["device"]["checkpoint_id"] == "checkpoint-1"
    assert "point_of_sale_id" not in config["device"]
    assert config["products"] == []


def test_config_version_changes_exactly_when_the_configuration_changes(db):
    first = call(db, "sp_device_config", p_device_id="kiosk-bar-1")["config_version"]
    assert call(db, "sp_device_config", p_device_id="kiosk-bar-1")["config_version"] == first
    db.execute("UPDATE products SET price_cents = 550 WHERE product_id = 'beer'")
    second = call(db, "sp_device_config", p_device_id="kiosk-bar-1")["config_version"]
    assert second != first
    db.execute("UPDATE staff SET enabled = false WHERE staff_id = 'staff-bar-1'")
    third = call(db, "sp_device_config", p_device_id="kiosk-bar-1")
    assert third["config_version"] not in (first, second)
    assert {s["staff_id"] for s in third["staff"]} == {"staff-super-1"}


def test_malformed_device_ids_are_invalid_requests(db):
    for bad in (None, "", "k" * 65, "k" * 5000):
        assert_failure(call(db, "sp_device_config", p_device_id=bad), "INVALID_REQUEST")
