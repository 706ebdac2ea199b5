"""Error codes of the backend contract and the exceptions the sync package raises.

The codes are the ones listed in DESIGN.md. Only NETWORK_ERROR, DATABASE_BUSY and
SERVER_ERROR are retryable: every other code is a final answer about the request.
"""

from __future__ import annotations

INVALID_REQUEST = "INVALID_REQUEST"
CARD_NOT_FOUND = "CARD_NOT_FOUND"
CARD_BLOCKED = "CARD_BLOCKED"
INSUFFICIENT_FUNDS = "INSUFFICIENT_FUNDS"
PRODUCT_NOT_FOUND = "PRODUCT_NOT_FOUND"
PRICE_MISMATCH = "PRICE_MISMATCH"
AMOUNT_OUT_OF_RANGE = "AMOUNT_OUT_OF_RANGE"
BALANCE_LIMIT_EXCEEDED = "BALANCE_LIMIT_EXCEEDED"
UNAUTHORIZED = "UNAUTHORIZED"
IDEMPOTENCY_CONFLICT = "IDEMPOTENCY_CONFLICT"
REQUEST_VOIDED = "REQUEST_VOIDED"

NETWORK_ERROR = "NETWORK_ERROR"
DATABASE_BUSY = "DATABASE_BUSY"
SERVER_ERROR = "SERVER_ERROR"

# Kiosk-side only: the sale was refused by the offline rules (never a backend answer).
OFFLINE_REFUSED = "OFFLINE_REFUSED"

RETRYABLE_CODES = frozenset({NETWORK_ERROR, DATABASE_BUSY, SERVER_ERROR})
BUSY_SQLSTATES = frozenset({"40001", "40P01", "55P03"})


def is_retryable(error_code: str | None) -> bool:
    """True for the transient codes a client may retry with the same request id."""
    return error_code in RETRYABLE_CODES


class SyncError(Exception):
    """Base class of the sync package's errors; `str(exc)` is a message for people."""

    error_code: str | None = None

    def __init__(self, message: str, error_code: str | None = None) -> None:
        super().__init__(message)
        if error_code is not None:
            self.error_code = error_code

    @property
    def message(self) -> str:
        return str(self)


class ConfigUnavailable(SyncError):  # noqa: N818 (name fixed by the sync API)
    """No device configuration: the backend is unreachable and none is cached, or it refused."""


class CardUnknown(SyncError):  # noqa: N818 (name fixed by the sync API)
    """The backend (or, offline, the card cache) does not know this card."""

    error_code = CARD_NOT_FOUND


class BackendUnavailable(SyncError):  # noqa: N818 (name fixed by the sync API)
    """The backend could not be reached in time and the local caches cannot answer."""

    error_code = NETWORK_ERROR


class StoreError(SyncError):
    """The local store cannot be used (damaged file, newer schema, unwritable location)."""


class InvalidInputError(SyncError, ValueError):
    """A caller passed a value the kiosk must never send (nothing was written or sent)."""

    error_code = INVALID_REQUEST
