"""Offline decisions: plain functions of the cached config, the cached card and what this
kiosk already accepted offline."""

from __future__ import annotations

import pytest

from sync.card_cache import CachedCard
from sync.config import DeviceConfig
from sync.offline import OfflinePolicy, decide_offline_order, decide_offline_recharge, euros
from sync.outbox import OfflineExposure


def config_json(role: str = "bar", card_limit: int = 3000, device_limit: int = 50000) -> dict:
    device = {"device_id": f"kiosk-{role}-1", "role": role, "enabled": True}
    device["point_of_sale_id" if role == "bar" else "checkpoint_id"] = "bar-main" if role == "bar" else "cp-1"
    return {
        "success": True,
        "device": device,
        "event": {
            "currency": "EUR",
            "max_balance_cents": 50000,
            "offline_card_limit_cents": card_limit,
            "offline_device_limit_cents": device_limit,
        },
        "products": [
            {"product_id": "beer", "name": "Beer", "price_cents": 500, "category": "drinks", "kind": "sale"},
            {
                "product_id": "cup-return",
                "name": "Cup",
                "price_cents": -100,
                "category": "cups",
                "kind": "return",
            },
        ],
        "staff": [{"staff_id": "s1", "name": "Sam", "role": "bar", "pin_hash": "x", "card_uid": None}],
        "config_version": "v1",
    }


BAR = DeviceConfig.from_response(config_json())
CHECKPOINT = DeviceConfig.from_response(config_json("checkpoint"))
NOTHING = OfflineExposure()


def cached(balance: int, status: str = "active") -> CachedCard:
    return CachedCard("04DE0000000001", status, balance, None, 0.0)


def beers(n: int) -> tuple[list[dict], int]:
    return [{"product_id": "beer", "quantity": n}], 500 * n


def test_a_known_card_within_balance_and_limits_is_accepted():
    items, total = beers(2)
    decision = decide_offline_order(BAR, cached(2000), items, total, "s1", NOTHING, cache_age_s=0.0)
    assert decision.accepted and decision.rule == "accepted"


@pytest.mark.parametrize(
    ("card", "rule"),
    [(None, "card_unknown"), (cached(2000, "blocked"), "card_blocked")],
)
def test_unknown_or_blocked_cards_are_refused(card, rule):
    items, total = beers(1)
    decision = decide_offline_order(BAR, card, items, total, "s1", NOTHING, cache_age_s=0.0)
    assert not decision.accepted and decision.rule == rule and decision.reason


def test_the_balance_counts_what_this_kiosk_already_sold_offline():
    items, total = beers(2)  # 1000
    already = OfflineExposure(card_debits_cents=1500, device_debits_cents=1500)
    short = decide_offline_order(BAR, cached(2499), items, total, "s1", already, cache_age_s=0.0)
    assert not short.accepted and short.rule == "insufficient_funds" and "9.99" in short.reason
    assert decide_offline_order(BAR, cached(2500), items, total, "s1", already, cache_age_s=0.0).accepted


def test_the_per_card_offline_limit_caps_offline_sales_even_with_a_large_balance():
    items, total = beers(2)
    within = OfflineExposure(card_debits_cents=2000, device_debits_cents=2000)
    beyond = OfflineExposure(card_debits_cents=2500, device_debits_cents=2500)
    assert decide_offline_order(BAR, cached(40000), items, total, "s1", within, cache_age_s=0.0).accepted
    decision = decide_offline_order(BAR, cached(40000), items, total, "s1", beyond, cache_age_s=0.0)
    assert decision.rule == "card_limit" and "30.00" in decision.reason


def test_the_per_device_offline_limit_caps_the_kiosk():
    items, total = beers(1)
    config = DeviceConfig.from_response(config_json(device_limit=10000))
    within, beyond = OfflineExposure(0, 0, 9500), OfflineExposure(0, 0, 9600)
    assert decide_offline_order(config, cached(2000), items, total, "s1", within, cache_age_s=0.0).accepted
    decision = decide_offline_order(config, cached(2000), items, total, "s1", beyond, cache_age_s=0.0)
    assert decision.rule == "device_limit"


def test_a_credit_needs_a_known_unblocked_card():
    items = [{"product_id": "cup-return", "quantity": 3}]
    assert decide_offline_order(BAR, cached(0), items, -300, "s1", NOTHING, cache_age_s=0.0).accepted
    assert not decide_offline_order(BAR, None, items, -300, "s1", NOTHING, cache_age_s=0.0).accepted
    blocked = decide_offline_order(BAR, cached(0, "blocked"), items, -300, "s1", NOTHING, cache_age_s=0.0)
    assert blocked.rule == "card_blocked"


def test_cup_returns_use_up_the_per_card_cap_like_debits():
    items = [{"product_id": "cup-return", "quantity": 3}]
    within = OfflineExposure(card_debits_cents=2000, card_credits_cents=700)
    beyond = OfflineExposure(card_debits_cents=2000, card_credits_cents=701)
    assert decide_offline_order(BAR, cached(0), items, -300, "s1", within, cache_age_s=0.0).accepted
    decision = decide_offline_order(BAR, cached(0), items, -300, "s1", beyond, cache_age_s=0.0)
    assert decision.rule == "card_limit" and decision.details == {"used_cents": 2701, "limit_cents": 3000}


def test_cup_returns_use_up_the_per_device_cap_like_debits():
    config = DeviceConfig.from_response(config_json(device_limit=10000))
    items = [{"product_id": "cup-return", "quantity": 1}]
    beyond = OfflineExposure(device_debits_cents=5000, device_credits_cents=4901)
    assert decide_offline_order(
        config, cached(0), items, -100, "s1", OfflineExposure(0, 0, 5000, 4900), cache_age_s=0.0
    ).accepted
    assert (
        decide_offline_order(config, cached(0), items, -100, "s1", beyond, cache_age_s=0.0).rule
        == "device_limit"
    )


def test_debits_count_the_credits_already_taken_against_the_caps():
    items, total = beers(1)
    credits = OfflineExposure(card_credits_cents=2600, device_credits_cents=2600)
    assert (
        decide_offline_order(BAR, cached(2000), items, total, "s1", credits, cache_age_s=0.0).rule
        == "card_limit"
    )


def test_no_offline_credit_takes_the_balance_above_the_maximum():
    items = [{"product_id": "cup-return", "quantity": 2}]
    assert decide_offline_order(BAR, cached(49800), items, -200, "s1", NOTHING, cache_age_s=0.0).accepted
    decision = decide_offline_order(BAR, cached(49900), items, -200, "s1", NOTHING, cache_age_s=0.0)
    assert decision.rule == "balance_limit" and decision.details["max_balance_cents"] == 50000
    pending = OfflineExposure(card_credits_cents=100)
    assert (
        decide_offline_order(BAR, cached(49800), items, -200, "s1", pending, cache_age_s=0.0).rule
        == "balance_limit"
    )


def test_offline_recharges_use_up_the_per_card_and_per_device_caps():
    policy = OfflinePolicy()
    assert decide_offline_recharge(
        CHECKPOINT, cached(0), 3000, "cash", "s1", NOTHING, policy, cache_age_s=0.0
    ).accepted
    over = decide_offline_recharge(
        CHECKPOINT, cached(0), 3001, "cash", "s1", NOTHING, policy, cache_age_s=0.0
    )
    assert over.rule == "card_limit"
    config = DeviceConfig.from_response(config_json("checkpoint", device_limit=5000))
    busy = OfflineExposure(device_debits_cents=0, device_credits_cents=4000)
    assert (
        decide_offline_recharge(config, cached(0), 1001, "cash", "s1", busy, policy, cache_age_s=0.0).rule
        == "device_limit"
    )


@pytest.mark.parametrize("age", [None, 21600.5, 90_000.0])
def test_a_stale_or_never_loaded_card_cache_sells_nothing_offline(age):
    items, total = beers(1)
    decision = decide_offline_order(BAR, cached(2000), items, total, "s1", NOTHING, cache_age_s=age)
    assert (decision.accepted, decision.rule) == (False, "cache_stale")
    assert decision.details == {"age_s": None if age is None else int(age), "max_age_s": 21600}
    recharge = decide_offline_recharge(
        CHECKPOINT, cached(0), 100, "cash", "s1", NOTHING, OfflinePolicy(), cache_age_s=age
    )
    assert recharge.rule == "cache_stale"


def test_the_cache_age_limit_comes_from_the_event():
    payload = config_json()
    payload["event"]["offline_cache_max_age_s"] = 600
    config = DeviceConfig.from_response(payload)
    items, total = beers(1)
    assert decide_offline_order(config, cached(2000), items, total, "s1", NOTHING, cache_age_s=599).accepted
    assert (
        decide_offline_order(config, cached(2000), items, total, "s1", NOTHING, cache_age_s=601).rule
        == "cache_stale"
    )


@pytest.mark.parametrize(
    ("items", "total", "rule"),
    [
        ([{"product_id": "mystery", "quantity": 1}], 100, "unknown_product"),
        ([{"product_id": "beer", "quantity": 1}], 450, "price_mismatch"),
    ],
)
def test_orders_must_match_the_cached_products_and_prices(items, total, rule):
    assert decide_offline_order(BAR, cached(2000), items, total, "s1", NOTHING, cache_age_s=0.0).rule == rule


def test_device_checks_come_first():
    items, total = beers(1)
    assert (
        decide_offline_order(None, cached(2000), items, total, "s1", NOTHING, cache_age_s=0.0).rule
        == "no_config"
    )
    assert (
        decide_offline_order(CHECKPOINT, cached(2000), items, total, "s1", NOTHING, cache_age_s=0.0).rule
        == "wrong_role"
    )
    assert (
        decide_offline_order(BAR, cached(2000), items, total, "intruder", NOTHING, cache_age_s=0.0).rule
        == "unknown_staff"
    )


def test_offline_recharges_only_for_the_allowed_methods():
    policy = OfflinePolicy(cash_recharge=True, card_recharge=False)
    assert decide_offline_recharge(
        CHECKPOINT, cached(0), 2000, "cash", "s1", NOTHING, policy, cache_age_s=0.0
    ).accepted
    decision = decide_offline_recharge(
        CHECKPOINT, cached(0), 2000, "card", "s1", NOTHING, policy, cache_age_s=0.0
    )
    assert decision.rule == "method_online_only"
    card_too = OfflinePolicy(cash_recharge=True, card_recharge=True)
    assert decide_offline_recharge(
        CHECKPOINT, cached(0), 2000, "card", "s1", NOTHING, card_too, cache_age_s=0.0
    ).accepted
    no_cash = OfflinePolicy(cash_recharge=False)
    assert not decide_offline_recharge(
        CHECKPOINT, cached(0), 2000, "cash", "s1", NOTHING, no_cash, cache_age_s=0.0
    ).accepted


def test_offline_recharges_respect_the_maximum_balance_with_pending_recharges():
    policy = OfflinePolicy()
    config_payload = config_json("checkpoint", card_limit=50000)
    CHECKPOINT = DeviceConfig.from_response(config_payload)  # noqa: N806 (caps out of the way)
    pending = OfflineExposure(card_credits_cents=10000)
    assert decide_offline_recharge(
        CHECKPOINT, cached(30000), 10000, "cash", "s1", pending, policy, cache_age_s=0.0
    ).accepted
    decision = decide_offline_recharge(
        CHECKPOINT, cached(30000), 10001, "cash", "s1", pending, policy, cache_age_s=0.0
    )
    assert decision.rule == "balance_limit"


def test_offline_recharges_need_a_known_active_card():
    policy = OfflinePolicy()
    unknown = decide_offline_recharge(CHECKPOINT, None, 100, "cash", "s1", NOTHING, policy, cache_age_s=0.0)
    assert unknown.rule == "card_unknown"
    blocked = decide_offline_recharge(
        CHECKPOINT, cached(0, "blocked"), 100, "cash", "s1", NOTHING, policy, cache_age_s=0.0
    )
    assert blocked.rule == "card_blocked"


def test_euros_formats_cents_without_floats():
    assert [euros(0), euros(5), euros(1234), euros(-150)] == ["0.00", "0.05", "12.34", "-1.50"]
