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
# Kiosk-side only: the local store lost data it had (see StoreDamaged).
STORE_DAMAGED = "STORE_DAMAGED"

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


class StoreDamaged(StoreError):  # noqa: N818 (name fixed by the sync API)
    """The local store existed but is missing, empty, foreign or shorter than it was (a lost
    or garbled write-ahead log): the kiosk must stop rather than start afresh over unsent
    sales. `path` is the store file, `detail` what was found, `kept_copy` where a copy of
    the files as found was put (None when nothing had to be opened to see the damage)."""

    def __init__(self, path: object, detail: str, kept_copy: object | None = None) -> None:
        self.path = path
        self.detail = detail
        self.kept_copy = kept_copy
        kept = f" A copy of the files as found is in {kept_copy}." if kept_copy else ""
        super().__init__(
            f"The kiosk's local store {path} is damaged ({detail}). Do not delete it: it may "
            f"hold sales that were not sent yet.{kept} To recover: stop the kiosk, export what "
            "is readable for a supervisor with `festival-kiosk --export-outbox FILE.csv` (plus "
            "--config FILE if this kiosk uses one), move the store's files aside, and start "
            "the kiosk again.",
            STORE_DAMAGED,
        )


class InvalidInputError(SyncError, ValueError):
    """A caller passed a value the kiosk must never send (nothing was written or sent)."""

    error_code = INVALID_REQUEST
