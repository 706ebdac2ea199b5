"""Offline decisions: may the kiosk accept this sale or recharge without the backend?

Plain functions of the cached device configuration, the cached card, and what this kiosk has
already accepted offline and the server has not confirmed yet (see
docs/decisions/ for the reasoning). A sale is accepted offline only if:

- the device configuration is cached, the device is an enabled bar, the staff member is on
  its staff list, and every product is known with the price the kiosk charged;
- the card is in the cache and not blocked;
- per card: this kiosk's unconfirmed offline sales to the card plus this one stay within
  the event's `offline_card_limit_cents`, and within the card's last known balance (the
  kiosk never knowingly overdraws a card; an overdraft can only come from spending elsewhere
  that the cache could not know about, and is then bounded by the per-card limit);
- per device: all unconfirmed offline sales of this kiosk plus this one stay within
  `offline_device_limit_cents`;
- the card cache is young: refreshed from the backend within the event's
  `offline_cache_max_age_s` (rule "cache_stale" otherwise: a card blocked since then would
  still be served).

Credits count like debits, by absolute amount (DESIGN, trust model): a credit (a total < 0,
e.g. returning cups) and an offline recharge use up the same per-card and per-device caps,
and no credit may take the last known balance (plus this kiosk's unconfirmed credits) above
the event's `max_balance_cents`. A recharge is accepted offline only for the payment
methods allowed offline (cash by default).

Each decision carries a machine-readable `rule` and the figures behind it in `details`
(cents, seconds) so the screens can put it into words.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sync.card_cache import CachedCard
from sync.config import DeviceConfig
from sync.outbox import OfflineExposure


@dataclass(frozen=True)
class OfflinePolicy:
    """Which recharge payment methods may be taken while the backend is unreachable."""

    cash_recharge: bool = True
    card_recharge: bool = False

    def allows(self, method: str) -> bool:
        return (method == "cash" and self.cash_recharge) or (method == "card" and self.card_recharge)


@dataclass(frozen=True)
class OfflineDecision:
    accepted: bool
    reason: str  # a plain sentence for logs (the screens word it from rule and details)
    rule: str  # machine-readable: which rule decided
    details: dict = field(default_factory=dict)  # the figures: cents, seconds

    @classmethod
    def accept(cls) -> OfflineDecision:
        return cls(True, "accepted offline: it will be sent when the backend is reachable", "accepted")

    @classmethod
    def refuse(cls, rule: str, reason: str, **details: object) -> OfflineDecision:
        return cls(False, reason, rule, dict(details))


CACHE_STALE = "cache_stale"


def euros(cents: int) -> str:
    """Cents as a plain amount for messages (e.g. -150 -> "-1.50")."""
    sign = "-" if cents < 0 else ""
    return f"{sign}{abs(cents) // 100}.{abs(cents) % 100:02d}"


def _common_checks(
    config: DeviceConfig | None,
    role: str,
    staff_id: str,
    card: CachedCard | None,
    cache_age_s: float | None,
) -> OfflineDecision | None:
    if config is None:
        return OfflineDecision.refuse("no_config", "no device configuration is cached on this kiosk")
    if not config.enabled:
        return OfflineDecision.refuse("device_disabled", "this device is disabled")
    if config.role != role:
        return OfflineDecision.refuse("wrong_role", f"this device is a {config.role}, not a {role}")
    if config.staff_member(staff_id) is None:
        return OfflineDecision.refuse("unknown_staff", f"staff {staff_id!r} may not work on this device")
    if card is None:
        return OfflineDecision.refuse("card_unknown", "card not known offline")
    max_age = config.event.offline_cache_max_age_s
    if cache_age_s is None or cache_age_s > max_age:
        return OfflineDecision.refuse(
            CACHE_STALE,
            "the offline card list is too old to sell offline "
            + ("(never loaded)" if cache_age_s is None else f"({int(cache_age_s)} s, limit {max_age} s)"),
            age_s=None if cache_age_s is None else int(cache_age_s),
            max_age_s=max_age,
        )
    if card.status != "active":
        return OfflineDecision.refuse("card_blocked", "card blocked")
    return None


def _caps(config: DeviceConfig, card: CachedCard, amount: int, exposure: OfflineExposure, *,
          credit: bool) -> OfflineDecision | None:
    """The per-card and per-device offline caps (debits and credits by absolute amount) and,
    for a credit, the maximum balance."""
    event = config.event
    if exposure.card_total_cents + amount > event.offline_card_limit_cents:
        return OfflineDecision.refuse(
            "card_limit",
            f"offline limit per card reached: {euros(exposure.card_total_cents)} already taken "
            f"offline on this card, limit {euros(event.offline_card_limit_cents)}",
            used_cents=exposure.card_total_cents,
            limit_cents=event.offline_card_limit_cents,
        )
    if exposure.device_total_cents + amount > event.offline_device_limit_cents:
        return OfflineDecision.refuse(
            "device_limit",
            f"offline limit of this kiosk reached ({euros(event.offline_device_limit_cents)}): "
            "wait for the connection to come back",
            used_cents=exposure.device_total_cents,
            limit_cents=event.offline_device_limit_cents,
        )
    if credit:
        projected = card.balance_cents + exposure.card_credits_cents + amount
        if projected > event.max_balance_cents:
            return OfflineDecision.refuse(
                "balance_limit",
                f"the balance would exceed the maximum of {euros(event.max_balance_cents)}",
                balance_cents=card.balance_cents + exposure.card_credits_cents,
                max_balance_cents=event.max_balance_cents,
            )
    return None


def decide_offline_order(
    config: DeviceConfig | None,
    card: CachedCard | None,
    items: list[dict],
    expected_total_cents: int,
    staff_id: str,
    exposure: OfflineExposure,
    *,
    cache_age_s: float | None,
) -> OfflineDecision:
    """May this bar order be served while the backend is unreachable? `cache_age_s`: seconds
    since the card cache was last refreshed (None: never)."""
    refused = _common_checks(config, "bar", staff_id, card, cache_age_s)
    if refused is not None:
        return refused
    assert config is not None and card is not None
    total = 0
    for line in items:
        product = config.product(line["product_id"])
        if product is None:
            return OfflineDecision.refuse(
                "unknown_product", f"product {line['product_id']!r} is not on sale here"
            )
        total += product.price_cents * line["quantity"]
    if total != expected_total_cents:
        return OfflineDecision.refuse(
            "price_mismatch",
            f"the order total {euros(expected_total_cents)} does not match the cached prices "
            f"({euros(total)})",
        )
    if total <= 0:
        refused = _caps(config, card, -total, exposure, credit=True)
        return refused or OfflineDecision.accept()
    available = card.balance_cents - exposure.card_debits_cents
    if total > available:
        return OfflineDecision.refuse(
            "insufficient_funds",
            f"insufficient funds: last known balance {euros(max(available, 0))}",
            balance_cents=max(available, 0),
        )
    return _caps(config, card, total, exposure, credit=False) or OfflineDecision.accept()


def decide_offline_recharge(
    config: DeviceConfig | None,
    card: CachedCard | None,
    amount_cents: int,
    method: str,
    staff_id: str,
    exposure: OfflineExposure,
    policy: OfflinePolicy,
    *,
    cache_age_s: float | None,
) -> OfflineDecision:
    """May this recharge be taken while the backend is unreachable?"""
    if not policy.allows(method):
        return OfflineDecision.refuse(
            "method_online_only", f"{method} recharges need the connection to the backend", method=method
        )
    refused = _common_checks(config, "checkpoint", staff_id, card, cache_age_s)
    if refused is not None:
        return refused
    assert config is not None and card is not None
    if amount_cents <= 0:
        return OfflineDecision.refuse("amount", "the amount must be positive")
    return _caps(config, card, amount_cents, exposure, credit=True) or OfflineDecision.accept()
