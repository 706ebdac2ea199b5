"""Checks of what the UI passes in, before anything is written or sent: a bad value gets a
clear InvalidInputError error and nothing is lost or queued."""

from __future__ import annotations

import re
from typing import Any

from sync.errors import InvalidInputError

HEX = re.compile(r"^[0-9A-F]+$")
SEPARATORS = re.compile(r"[\s:\-]")
MAX_ORDER_LINES = 50
MAX_QUANTITY = 99
MAX_ABS_CENTS = 100_000_000  # a million euros: anything beyond is a typo or an attack
PAYMENT_METHODS = ("cash", "card")
CARD_STATUSES = ("active", "blocked")


def card_uid(value: Any) -> str:
    """The canonical card UID: uppercase hex, no separators, 4 to 10 bytes."""
    if not isinstance(value, str):
        raise InvalidInputError(f"a card UID must be text, not {type(value).__name__}")
    uid = SEPARATORS.sub("", value).upper()
    if not uid or not HEX.match(uid) or len(uid) % 2 or not 8 <= len(uid) <= 20:
        raise InvalidInputError(f"not a card UID (expected 4 to 10 bytes in hex): {value!r}")
    return uid


def cents(value: Any, what: str, *, positive: bool = False) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise InvalidInputError(f"{what} must be a whole number of cents, not {value!r}")
    if abs(value) > MAX_ABS_CENTS:
        raise InvalidInputError(f"{what} is out of range: {value} cents")
    if positive and value <= 0:
        raise InvalidInputError(f"{what} must be more than zero, not {value} cents")
    return value


def text_id(value: Any, what: str) -> str:
    if not isinstance(value, str) or not value.strip() or len(value) > 200:
        raise InvalidInputError(f"{what} must be a non-empty identifier, not {value!r}")
    return value.strip()


def order_items(items: Any) -> list[dict]:
    """[{"product_id": str, "quantity": 1..99}, ...], 1 to 50 lines, normalised."""
    if not isinstance(items, list | tuple) or not items:
        raise InvalidInputError("an order needs at least one line")
    if len(items) > MAX_ORDER_LINES:
        raise InvalidInputError(f"an order has at most {MAX_ORDER_LINES} lines, not {len(items)}")
    lines = []
    for number, line in enumerate(items, start=1):
        if not isinstance(line, dict):
            raise InvalidInputError(f"order line {number} must be an object, not {line!r}")
        product_id = line.get("product_id")
        quantity = line.get("quantity")
        if not isinstance(product_id, str) or not product_id.strip():
            raise InvalidInputError(f"order line {number} has no product_id")
        if isinstance(quantity, bool) or not isinstance(quantity, int) or not 1 <= quantity <= MAX_QUANTITY:
            raise InvalidInputError(
                f"order line {number}: quantity must be 1 to {MAX_QUANTITY}, not {quantity!r}"
            )
        lines.append({"product_id": product_id.strip(), "quantity": quantity})
    return lines


def payment_method(value: Any) -> str:
    if value not in PAYMENT_METHODS:
        raise InvalidInputError(f"payment method must be one of {PAYMENT_METHODS}, not {value!r}")
    return value


def card_status(value: Any) -> str:
    if value not in CARD_STATUSES:
        raise InvalidInputError(f"card status must be one of {CARD_STATUSES}, not {value!r}")
    return value
