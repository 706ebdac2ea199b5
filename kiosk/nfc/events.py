"""What a card reader reports: taps, removals, read errors and reader status (plain Python).

Every event carries the reader it came from and two clocks: ``monotonic`` for measuring
(debounce windows, latencies) and ``wall_time`` (timezone-aware UTC) for logs and the scan log.
"""

from __future__ import annotations

import enum
import re
import time
from dataclasses import dataclass
from datetime import UTC, datetime

_UID_SEPARATORS = re.compile(r"[\s:\-]")
_HEX_UID = re.compile(r"[0-9A-F]+")
UID_MIN_BYTES = 4
UID_MAX_BYTES = 10


def normalize_uid(text: str) -> str:
    """Return a card uid as uppercase hex without separators ("04:a1:b2" -> "04A1B2...").

    Accepts 4 to 10 bytes (8 to 20 hex digits; ISO 14443 uids are 4, 7 or 10 bytes, a FeliCa
    IDm is 8). Raises ValueError with a human message for anything else.
    """
    if not isinstance(text, str):
        raise ValueError(f"a card uid must be text, got {type(text).__name__}")
    uid = _UID_SEPARATORS.sub("", text).upper()
    if not uid or not _HEX_UID.fullmatch(uid):
        raise ValueError(f"{text!r} is not a card uid (expected hex digits like 04A1B2C3D4E5F6)")
    if len(uid) % 2:
        raise ValueError(f"{text!r} has an odd number of hex digits; a uid is whole bytes")
    if not UID_MIN_BYTES <= len(uid) // 2 <= UID_MAX_BYTES:
        raise ValueError(
            f"{text!r} is {len(uid) // 2} bytes; a card uid is {UID_MIN_BYTES} to "
            f"{UID_MAX_BYTES} bytes"
        )
    return uid


def wall_now() -> datetime:
    """The current wall-clock time, timezone-aware UTC."""
    return datetime.now(UTC)


@dataclass(frozen=True)
class CardTap:
    """A card was presented to a reader (not yet debounced)."""

    uid: str
    technology: str | None
    product: str | None
    reader: str
    monotonic: float
    wall_time: datetime
    ndef_records: tuple[str, ...] = ()

    @classmethod
    def now(
        cls,
        uid: str,
        reader: str,
        technology: str | None = None,
        product: str | None = None,
        ndef_records: tuple[str, ...] = (),
    ) -> CardTap:
        """A tap stamped with the current monotonic and wall-clock time."""
        return cls(uid, technology, product, reader, time.monotonic(), wall_now(), ndef_records)


@dataclass(frozen=True)
class CardRemoved:
    """The card that tapped left the reader's field (readers that can tell only)."""

    uid: str
    reader: str
    monotonic: float
    wall_time: datetime

    @classmethod
    def now(cls, uid: str, reader: str) -> CardRemoved:
        return cls(uid, reader, time.monotonic(), wall_now())


class ReaderState(enum.Enum):
    """Where a reader stands; every change comes with a human reason."""

    CONNECTED = "connected"  # open and waiting for cards
    SEARCHING = "searching"  # looking for the reader (first open)
    LOST = "lost"  # it was open and went away; retrying
    NOT_FOUND = "not found"  # no usable reader on the configured path; retrying


@dataclass(frozen=True)
class ReaderStatus:
    state: ReaderState
    reader: str
    reason: str


@dataclass(frozen=True)
class ReadError:
    """A card was seen but could not be read; the attendee should tap again."""

    reader: str
    message: str
    monotonic: float
    wall_time: datetime
    uid: str | None = None

    @classmethod
    def now(cls, reader: str, message: str, uid: str | None = None) -> ReadError:
        return cls(reader, message, time.monotonic(), wall_now(), uid)
