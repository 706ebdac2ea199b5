"""A typed view of sp_device_config's answer: device, event settings, products, staff.

The kiosk caches the raw JSON locally (see sync.config_cache) and parses it with
`DeviceConfig.from_response`, which raises ValueError with a clear message for an answer that
does not follow the contract.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from sync.denominations import EUR_DENOMINATIONS, denominations_from

ROLES = ("bar", "checkpoint")
OFFLINE_LOGIN_ROLES = ("bar", "cashier")
SUPERVISOR_ROLE = "supervisor"  # sees the supervisor screen, may void others' requests
PRODUCT_KINDS = ("sale", "deposit", "return")


def _field(data: Mapping[str, Any], name: str, kind: type | tuple[type, ...], where: str) -> Any:
    if name not in data:
        raise ValueError(f"device configuration: {where} has no {name!r}")
    value = data[name]
    if isinstance(value, bool) and kind is int:
        raise ValueError(f"device configuration: {where}.{name} must be an integer, not {value!r}")
    if not isinstance(value, kind):
        raise ValueError(f"device configuration: {where}.{name} has the wrong type: {value!r}")
    return value


def _optional_str(data: Mapping[str, Any], name: str) -> str | None:
    value = data.get(name)
    return None if value is None else str(value)


@dataclass(frozen=True)
class Product:
    product_id: str
    name: str
    price_cents: int
    category: str
    kind: str  # sale | deposit | return

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Product:
        where = f"product {data.get('product_id', '?')!r}"
        kind = str(data.get("kind") or "sale")
        if kind not in PRODUCT_KINDS:
            raise ValueError(f"device configuration: {where} has unknown kind {kind!r}")
        return cls(
            product_id=_field(data, "product_id", str, where),
            name=_field(data, "name", str, where),
            price_cents=_field(data, "price_cents", int, where),
            category=str(data.get("category") or ""),
            kind=kind,
        )


@dataclass(frozen=True)
class StaffMember:
    staff_id: str
    name: str
    role: str
    pin_hash: str  # "" when the server sends none (supervisors, admins: online login only)
    card_uid: str | None

    @property
    def may_log_in_offline(self) -> bool:
        """Bar staff and cashiers with a PIN hash on this device (DESIGN, Staff)."""
        return self.role in OFFLINE_LOGIN_ROLES and bool(self.pin_hash)

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> StaffMember:
        where = f"staff {data.get('staff_id', '?')!r}"
        return cls(
            staff_id=_field(data, "staff_id", str, where),
            name=_field(data, "name", str, where),
            role=_field(data, "role", str, where),
            pin_hash=str(data.get("pin_hash") or ""),
            card_uid=_optional_str(data, "card_uid"),
        )


DEFAULT_OFFLINE_CACHE_MAX_AGE_S = 21600  # DESIGN: the event's default
DEFAULT_SELF_VOID_WINDOW_S = 1800


def _optional_int(data: Mapping[str, Any], name: str, default: int) -> int:
    if data.get(name) is None:
        return default
    value = _field(data, name, int, "event")
    if value <= 0:
        raise ValueError(f"device configuration: event.{name} must be positive, not {value!r}")
    return value


@dataclass(frozen=True)
class EventSettings:
    currency: str
    max_balance_cents: int
    offline_card_limit_cents: int
    offline_device_limit_cents: int
    offline_cache_max_age_s: int = DEFAULT_OFFLINE_CACHE_MAX_AGE_S
    self_void_window_s: int = DEFAULT_SELF_VOID_WINDOW_S
    # the notes and coins of the currency in cents, largest first (the euro set by default)
    cash_denominations: tuple[int, ...] = EUR_DENOMINATIONS

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> EventSettings:
        return cls(
            currency=_field(data, "currency", str, "event"),
            max_balance_cents=_field(data, "max_balance_cents", int, "event"),
            offline_card_limit_cents=_field(data, "offline_card_limit_cents", int, "event"),
            offline_device_limit_cents=_field(data, "offline_device_limit_cents", int, "event"),
            offline_cache_max_age_s=_optional_int(
                data, "offline_cache_max_age_s", DEFAULT_OFFLINE_CACHE_MAX_AGE_S
            ),
            self_void_window_s=_optional_int(data, "self_void_window_s", DEFAULT_SELF_VOID_WINDOW_S),
            cash_denominations=denominations_from(data.get("cash_denominations")),
        )


@dataclass(frozen=True)
class DeviceConfig:
    device_id: str
    role: str  # bar | checkpoint
    point_of_sale_id: str | None
    checkpoint_id: str | None
    enabled: bool
    event: EventSettings
    products: tuple[Product, ...]
    staff: tuple[StaffMember, ...]
    config_version: str

    @classmethod
    def from_response(cls, data: Mapping[str, Any]) -> DeviceConfig:
        """Parse sp_device_config's successful answer; ValueError if it breaks the contract."""
        if not isinstance(data, Mapping):
            raise ValueError(f"device configuration must be a JSON object, not {type(data).__name__}")
        device = _field(data, "device", Mapping, "answer")
        role = _field(device, "role", str, "device")
        if role not in ROLES:
            raise ValueError(
                f"device configuration: unknown device role {role!r} (expected bar or checkpoint)"
            )
        products = _field(data, "products", list, "answer") if "products" in data else []
        staff = _field(data, "staff", list, "answer") if "staff" in data else []
        config = cls(
            device_id=_field(device, "device_id", str, "device"),
            role=role,
            point_of_sale_id=_optional_str(device, "point_of_sale_id"),
            checkpoint_id=_optional_str(device, "checkpoint_id"),
            enabled=bool(device.get("enabled", True)),
            event=EventSettings.from_json(_field(data, "event", Mapping, "answer")),
            products=tuple(Product.from_json(p) for p in products),
            staff=tuple(StaffMember.from_json(s) for s in staff),
            config_version=str(data.get("config_version", "")),
        )
        if role == "bar" and not config.point_of_sale_id:
            raise ValueError("device configuration: a bar device needs a point_of_sale_id")
        if role == "checkpoint" and not config.checkpoint_id:
            raise ValueError("device configuration: a checkpoint device needs a checkpoint_id")
        return config

    def product(self, product_id: str) -> Product | None:
        return next((p for p in self.products if p.product_id == product_id), None)

    def staff_member(self, staff_id: str) -> StaffMember | None:
        return next((s for s in self.staff if s.staff_id == staff_id), None)
