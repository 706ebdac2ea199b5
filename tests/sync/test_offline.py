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
        "event": {"currency": "EUR", "max_balance_cents": 50000, "offline_card_limit_cents": card_limit,
                  "offline_device_limit_cents": device_limit},
        "products": [
            {"product_id": "beer", "name": "Beer", "price_cents": 500, "category": "drinks", "kind": "sale"},
            {"product_id": "cup-return", "name": "Cup", "price_cents": -100, "category": "cups",
             "kind": "return"},
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
    decision = decide_offline_order(BAR, cached(2000), items, total, "s1", NOTHING)
    assert decision.accepted and decision.rule == "accepted"


@pytest.mark.parametrize(
    ("card", "rule"),
    [(None, "card_unknown"), (cached(2000, "blocked"), "card_blocked")],
)
def test_unknown_or_blocked_cards_are_refused(card, rule):
    items, total = beers(1)
    decision = decide_offline_order(BAR, card, items, total, "s1", NOTHING)
    assert not decision.accepted and decision.rule == rule and decision.reason


def test_the_balance_counts_what_this_kiosk_already_sold_offline():
    items, total = beers(2)  # 1000
    already = OfflineExposure(card_debits_cents=1500, device_debits_cents=1500)
    short = decide_offline_order(BAR, cached(2499), items, total, "s1", already)
    assert not short.accepted and short.rule == "insufficient_funds" and "9.99" in short.reason
    assert decide_offline_order(BAR, cached(2500), items, total, "s1", already).accepted


def test_the_per_card_offline_limit_caps_offline_sales_even_with_a_large_balance():
    items, total = beers(2)
    within = OfflineExposure(card_debits_cents=2000, device_debits_cents=2000)
    beyond = OfflineExposure(card_debits_cents=2500, device_debits_cents=2500)
    assert decide_offline_order(BAR, cached(40000), items, total, "s1", within).accepted
    decision = decide_offline_order(BAR, cached(40000), items, total, "s1", beyond)
    assert decision.rule == "card_limit" and "30.00" in decision.reason


def test_the_per_device_offline_limit_caps_the_kiosk():
    items, total = beers(1)
    config = DeviceConfig.from_response(config_json(device_limit=10000))
    within, beyond = OfflineExposure(0, 0, 9500), OfflineExposure(0, 0, 9600)
    assert decide_offline_order(config, cached(2000), items, total, "s1", within).accepted
    decision = decide_offline_order(config, cached(2000), items, total, "s1", beyond)
    assert decision.rule == "device_limit"


def test_a_credit_needs_only_a_known_unblocked_card():
    items = [{"product_id": "cup-return", "quantity": 3}]
    full = OfflineExposure(card_debits_cents=3000, device_debits_cents=50000)
    assert decide_offline_order(BAR, cached(0), items, -300, "s1", full).accepted
    assert not decide_offline_order(BAR, None, items, -300, "s1", full).accepted


@pytest.mark.parametrize(
    ("items", "total", "rule"),
    [
        ([{"product_id": "mystery", "quantity": 1}], 100, "unknown_product"),
        ([{"product_id": "beer", "quantity": 1}], 450, "price_mismatch"),
    ],
)
def test_orders_must_match_the_cached_products_and_prices(items, total, rule):
    assert decide_offline_order(BAR, cached(2000), items, total, "s1", NOTHING).rule == rule


def test_device_checks_come_first():
    items, total = beers(1)
    assert decide_offline_order(None, cached(2000), items, total, "s1", NOTHING).rule == "no_config"
    assert decide_offline_order(CHECKPOINT, cached(2000), items, total, "s1", NOTHING).rule == "wrong_role"
    assert decide_offline_order(BAR, cached(2000), items, total, "intruder", NOTHING).rule == "unknown_staff"


def test_offline_recharges_only_for_the_allowed_methods():
    policy = OfflinePolicy(cash_recharge=True, card_recharge=False)
    assert decide_offline_recharge(CHECKPOINT, cached(0), 2000, "cash", "s1", NOTHING, policy).accepted
    decision = decide_offline_recharge(CHECKPOINT, cached(0), 2000, "card", "s1", NOTHING, policy)
    assert decision.rule == "method_online_only"
    card_too = OfflinePolicy(cash_recharge=True, card_recharge=True)
    assert decide_offline_recharge(CHECKPOINT, cached(0), 2000, "card", "s1", NOTHING, card_too).accepted
    no_cash = OfflinePolicy(cash_recharge=False)
    assert not decide_offline_recharge(CHECKPOINT, cached(0), 2000, "cash", "s1", NOTHING, no_cash).accepted


def test_offline_recharges_respect_the_maximum_balance_with_pending_recharges():
    policy = OfflinePolicy()
    pending = OfflineExposure(card_credits_cents=10000)
    assert decide_offline_recharge(CHECKPOINT, cached(30000), 10000, "cash", "s1", pending, policy).accepted
    decision = decide_offline_recharge(CHECKPOINT, cached(30000), 10001, "cash", "s1", pending, policy)
    assert decision.rule == "balance_limit"


def test_offline_recharges_need_a_known_active_card():
    policy = OfflinePolicy()
    unknown = decide_offline_recharge(CHECKPOINT, None, 100, "cash", "s1", NOTHING, policy)
    assert unknown.rule == "card_unknown"
    blocked = decide_offline_recharge(CHECKPOINT, cached(0, "blocked"), 100, "cash", "s1", NOTHING, policy)
    assert blocked.rule == "card_blocked"


def test_euros_formats_cents_without_floats():
    assert [euros(0), euros(5), euros(1234), euros(-150)] == ["0.00", "0.05", "12.34", "-1.50"]
