"""Capped exponential backoff for reopening a lost reader (plain Python)."""

from __future__ import annotations


class Backoff:
    """Delays of ``initial_s``, doubling up to ``max_s``; ``reset`` after a success."""

    def __init__(self, initial_s: float = 0.5, max_s: float = 5.0) -> None:
        if not 0 < initial_s <= max_s:
            raise ValueError(f"backoff needs 0 < initial_s <= max_s, got {initial_s}, {max_s}")
        self.initial_s = initial_s
        self.max_s = max_s
        self._next = initial_s

    def next_delay(self) -> float:
        delay = self._next
        self._next = min(self._next * 2, self.max_s)
        return delay

    def reset(self) -> None:
        self._next = self.initial_s
