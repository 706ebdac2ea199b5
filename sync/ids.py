"""Identifiers made on the kiosk: UUIDv7 request ids and scan ids.

UUIDv7 starts with a millisecond timestamp, so ids sort by creation time and index well on
the server; the random tail makes two kiosks' ids collide with negligible probability.
"""

from __future__ import annotations

import uuid

import uuid6


def new_request_id() -> uuid.UUID:
    """A fresh UUIDv7 for one order, recharge or void (a plain `uuid.UUID`)."""
    return uuid.UUID(int=uuid6.uuid7().int)


def new_scan_id() -> uuid.UUID:
    """A fresh UUIDv7 for one entry of the scan log."""
    return uuid.UUID(int=uuid6.uuid7().int)


def parse_request_id(value: uuid.UUID | str) -> uuid.UUID:
    """A request id from a UUID or its text; ValueError with a clear message otherwise."""
    if isinstance(value, uuid.UUID):
        return value
    try:
        return uuid.UUID(str(value))
    except (ValueError, AttributeError, TypeError):
        raise ValueError(f"not a request id (expected a UUID): {value!r}") from None
