"""Rate limit of card-code lookups per client address: a sliding window in memory.

Each festival-server process keeps its own window (the server is otherwise stateless), so
behind N processes a client gets at most N times the limit; the codes' entropy is sized for
that (docs/decisions/023-attendee-money.md). Runs on the event loop (no locking needed)."""

from __future__ import annotations

import ipaddress
import time
from collections import OrderedDict, deque
from collections.abc import Callable


class RateLimiter:
    """At most `limit` attempts per `window_s` seconds for each key; remembers `max_keys`."""

    def __init__(self, limit: int, window_s: float, *, max_keys: int = 100_000,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.limit = limit
        self.window_s = window_s
        self.max_keys = max_keys
        self.clock = clock
        self._attempts: OrderedDict[str, deque[float]] = OrderedDict()

    def retry_after(self, key: str) -> float:
        """0 when `key` may try now (the attempt is counted), else the seconds to wait."""
        now = self.clock()
        attempts = self._attempts.get(key)
        if attempts is None:
            attempts = self._attempts[key] = deque()
            while len(self._attempts) > self.max_keys:
                self._attempts.popitem(last=False)
        else:
            self._attempts.move_to_end(key)
        while attempts and attempts[0] <= now - self.window_s:
            attempts.popleft()
        if len(attempts) >= self.limit:
            return attempts[0] + self.window_s - now
        attempts.append(now)
        return 0.0


def client_key(address: str | None) -> str:
    """The key a client is limited by: its IPv4 address, or its IPv6 /64 (one subscriber's
    prefix: cycling through its addresses must not reset the window)."""
    if not address:
        return "unknown"
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return address[:64]
    mapped = getattr(ip, "ipv4_mapped", None)
    if mapped is not None:
        return str(mapped)
    if ip.version == 6:
        return str(ipaddress.ip_network(f"{ip}/64", strict=False))
    return str(ip)
