"""The tap commands the bar and checkpoint controllers share: look the card up, or ignore the
tap and only log it. Plain data; each controller adds its own submit command."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class LookupCard:
    """Command: fetch the card's balance and recent transactions."""

    card_uid: str


@dataclass(frozen=True)
class IgnoreTap:
    """Command: do nothing with this tap but log it (scan status "duplicate" or "ignored_busy")."""

    card_uid: str
    scan_status: str

    @classmethod
    def while_busy(cls, card_uid: str, processing_uid: str | None) -> IgnoreTap:
        """A tap while a request is in flight: the same card again is a duplicate, another
        card is ignored because the screen is busy."""
        return cls(card_uid, "duplicate" if card_uid == processing_uid else "ignored_busy")
