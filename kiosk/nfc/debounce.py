"""Debounce: a second sighting of the same card within a window is a duplicate (plain Python).

The window slides: every sighting, duplicate or not, restarts it, so a card held on a reader
that keeps re-reading it never fires again until it has been away for the whole window.
"""

from __future__ import annotations

import math

DEFAULT_WINDOW_S = 1.5


class Debouncer:
    """Tells whether a uid was already seen less than ``window_s`` seconds ago."""

    def __init__(self, window_s: float = DEFAULT_WINDOW_S) -> None:
        if not isinstance(window_s, int | float) or not math.isfinite(window_s) or window_s < 0:
            raise ValueError(f"debounce window must be a number of seconds >= 0, got {window_s!r}")
        self.window_s = float(window_s)
        self._last_seen: dict[str, float] = {}

    def is_duplicate(self, uid: str, now_monotonic: float) -> bool:
        """True if ``uid`` was seen within the window before ``now_monotonic``; records it."""
        self._forget_older_than(now_monotonic - self.window_s)
        previous = self._last_seen.get(uid)
        self._last_seen[uid] = now_monotonic
        return previous is not None and now_monotonic - previous < self.window_s

    def _forget_older_than(self, horizon: float) -> None:
        stale = [uid for uid, seen in self._last_seen.items() if seen <= horizon]
        for uid in stale:
            del self._last_seen[uid]
