"""Request ids, the typed device configuration and input checks."""

from __future__ import annotations

import uuid

import pytest

from sync import validation
from sync.config import DeviceConfig
from sync.errors import InvalidInputError
from sync.ids import new_request_id, new_scan_id, parse_request_id
from tests.sync.test_offline import config_json


def test_request_ids_are_uuid7_and_sort_by_creation():
    ids = [new_request_id() for _ in range(200)]
    assert all(isinstance(i, uuid.UUID) and i.version == 7 for i in ids)
    assert len(set(ids)) == 200
    assert [i.bytes[:6] for i in ids] == sorted(i.bytes[:6] for i in ids)  # millisecond prefix
    assert new_scan_id().version == 7


def test_parse_request_id_accepts_text_and_refuses_garbage():
    rid = new_request_id()
    assert parse_request_id(str(rid)) == rid and parse_request_id(rid) is rid
    with pytest.raises(ValueError, match="not a request id"):
        parse_request_id("1234")


def test_device_config_parses_the_contract_answer():
    config = DeviceConfig.from_response(config_json())
    assert config.device_id == "kiosk-bar-1" and config.checkpoint_id is None
    assert config.product("beer").price_cents == 500 and config.product("nope") is None


@pytest.mark.parametrize(
    ("broken", "message"),
    [
        (lambda d: d.pop("event"), "no 'event'"),
        (lambda d: d["event"].update(max_balance_cents="50"), "max_balance_cents"),
        (lambda d: d["device"].update(role="spaceship"), "unknown device role"),
        (lambda d: d["device"].pop("point_of_sale_id"), "point_of_sale_id"),
        (lambda d: d["products"][0].update(kind="gift"), "unknown kind"),
    ],
)
def test_device_config_refuses_an_answer_outside_the_contract(broken, message):
    data = config_json()
    broken(data)
    with pytest.raises(ValueError, match=message):
        DeviceConfig.from_response(data)


def test_card_uids_are_normalised_or_refused():
    assert validation.card_uid(" 04:a1:b2:c3:d4:e5:f6 ") == "04A1B2C3D4E5F6"
    for bad in ("", "XYZ", "04A1B", "04" * 11, 1234, None):
        with pytest.raises(InvalidInputError):
            validation.card_uid(bad)


@pytest.mark.parametrize(
    "items",
    [[], [{"product_id": "beer", "quantity": 0}], [{"product_id": "beer", "quantity": True}],
     [{"quantity": 1}], ["beer"], [{"product_id": "beer", "quantity": 1}] * 51, "beer"],
)
def test_order_items_are_checked(items):
    with pytest.raises(InvalidInputError):
        validation.order_items(items)


def test_amounts_are_whole_cents_in_range():
    assert validation.cents(-100, "x") == -100
    for bad in (1.5, "100", True, 10**12):
        with pytest.raises(InvalidInputError):
            validation.cents(bad, "x")
    with pytest.raises(InvalidInputError, match="more than zero"):
        validation.cents(0, "x", positive=True)
