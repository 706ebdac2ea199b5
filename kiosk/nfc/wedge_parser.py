"""Recognise a keyboard-wedge card reader's keystroke burst and turn it into a uid (plain Python).

Cheap USB readers type the card uid as keystrokes followed by Enter, a few milliseconds per key.
A person cannot type 8+ characters with every gap under ``max_gap_s`` (default 50 ms, i.e.
20 keys per second), so a burst that fast, of the right length, ending in Enter, is a card;
anything slower is human typing and is left alone.

Formats: ``hex`` (e.g. "04A1B2C3D4E5F6") or ``dec`` (the uid as one decimal number, e.g. the
common 10-digit "0123456789" of a 4-byte uid). ``reversed`` byte order is for readers that
type the uid least significant byte first.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass

HEX_DIGITS = frozenset("0123456789abcdefABCDEF")
DEC_DIGITS = frozenset("0123456789")
DEFAULT_MAX_GAP_S = 0.05
MIN_DEC_DIGITS = 8  # shorter decimal bursts are not taken for a uid
UID_SIZES = (4, 7, 8, 10)  # ISO 14443 single/double/triple size uids, FeliCa IDm


class WedgeFormat(enum.Enum):
    HEX = "hex"
    DEC = "dec"


@dataclass(frozen=True)
class WedgeConfig:
    format: WedgeFormat = WedgeFormat.HEX
    reversed_bytes: bool = False
    max_gap_s: float = DEFAULT_MAX_GAP_S
    min_bytes: int = 4
    max_bytes: int = 10

    def __post_init__(self) -> None:
        if not 0 < self.max_gap_s <= 1:
            raise ValueError(f"max_gap_s must be in (0, 1] seconds, got {self.max_gap_s!r}")
        if not 1 <= self.min_bytes <= self.max_bytes:
            raise ValueError("need 1 <= min_bytes <= max_bytes")

    @property
    def alphabet(self) -> frozenset[str]:
        return HEX_DIGITS if self.format is WedgeFormat.HEX else DEC_DIGITS


class WedgeParser:
    """Feed it keystrokes with their time; it returns a uid when a burst ends in Enter.

    ``feed_char`` returns False when the character cannot be part of a burst (then the burst
    so far, if any, was human typing). ``feed_enter`` returns the uid, or None.
    """

    def __init__(self, config: WedgeConfig | None = None) -> None:
        self.config = config or WedgeConfig()
        self._chars: list[str] = []
        self._last_time: float | None = None

    @property
    def pending(self) -> str:
        """Characters of the burst in progress."""
        return "".join(self._chars)

    def reset(self) -> None:
        self._chars.clear()
        self._last_time = None

    def is_too_late(self, now: float) -> bool:
        """True if a burst is in progress and ``now`` is too long after its last key."""
        return self._last_time is not None and now - self._last_time > self.config.max_gap_s

    def feed_char(self, char: str, now: float) -> bool:
        """Add one typed character; False (and the burst dropped) if it can't belong to one."""
        if len(char) != 1 or char not in self.config.alphabet:
            self.reset()
            return False
        if self.is_too_late(now):
            self.reset()
        self._chars.append(char)
        self._last_time = now
        return True

    def feed_enter(self, now: float) -> str | None:
        """End of a burst: the uid if it was fast and well formed, else None. Always resets."""
        try:
            if not self._chars or self.is_too_late(now):
                return None
            return self.uid_from_text(self.pending)
        finally:
            self.reset()

    def uid_from_text(self, text: str) -> str | None:
        """The uid (uppercase hex) a reader meant by ``text``, or None if it can't be one."""
        config = self.config
        if config.format is WedgeFormat.HEX:
            if len(text) % 2 or not config.min_bytes <= len(text) // 2 <= config.max_bytes:
                return None
            data = bytes.fromhex(text)
        else:
            if len(text) < MIN_DEC_DIGITS:
                return None
            value = int(text)
            needed = (value.bit_length() + 7) // 8
            sizes = [s for s in UID_SIZES if config.min_bytes <= s <= config.max_bytes]
            size = next((s for s in sizes if s >= needed), None)
            if size is None:
                return None
            data = value.to_bytes(size, "big")
        if config.reversed_bytes:
            data = data[::-1]
        return data.hex().upper()


def parse_wedge_spec(spec: str) -> WedgeConfig:
    """``wedge``, ``wedge:hex``, ``wedge:dec``, ``wedge:hex:reversed``, ``wedge:dec:reversed``."""
    parts = spec.split(":")
    if parts[0] != "wedge" or len(parts) > 3:
        raise ValueError(
            f"{spec!r} is not a wedge reader spec (e.g. wedge:hex or wedge:dec:reversed)"
        )
    fmt = WedgeFormat.HEX
    if len(parts) >= 2:
        try:
            fmt = WedgeFormat(parts[1])
        except ValueError:
            raise ValueError(f"{spec!r}: the wedge format must be 'hex' or 'dec'") from None
    reversed_bytes = False
    if len(parts) == 3:
        if parts[2] not in ("reversed", "msb"):
            raise ValueError(f"{spec!r}: the byte order must be 'msb' (default) or 'reversed'")
        reversed_bytes = parts[2] == "reversed"
    return WedgeConfig(format=fmt, reversed_bytes=reversed_bytes)
