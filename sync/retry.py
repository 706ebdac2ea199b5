"""Narrow retries: capped exponential backoff with full jitter, only for transient codes.

Only NETWORK_ERROR, DATABASE_BUSY and SERVER_ERROR are retried; every other answer is final.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from dataclasses import dataclass

from sync.result import BackendResult


@dataclass(frozen=True)
class RetryPolicy:
    """Delay before attempt n+1 is uniform in [0, min(cap_s, base_s * multiplier**n)]."""

    base_s: float = 0.05
    cap_s: float = 2.0
    multiplier: float = 2.0
    max_attempts: int | None = 3

    def ceiling(self, failures: int) -> float:
        """The upper bound of the delay after `failures` consecutive failures (>= 1)."""
        exponent = max(failures - 1, 0)
        return min(self.cap_s, self.base_s * self.multiplier ** min(exponent, 60))

    def delay(self, failures: int, rng: random.Random | None = None) -> float:
        """A jittered delay after `failures` consecutive failures."""
        ceiling = self.ceiling(failures)
        return (rng or random).uniform(0.0, ceiling) if ceiling > 0 else 0.0


def call_with_retries(
    attempt: Callable[[float], BackendResult],
    policy: RetryPolicy,
    deadline: float,
    *,
    sleep: Callable[[float], None] = time.sleep,
) -> BackendResult:
    """Run `attempt(remaining_s)` until it gives a final answer, attempts run out, or the
    monotonic `deadline` passes. Returns the last result; `request_sent` is true if any
    attempt may have reached the server."""
    failures = 0
    sent = False
    while True:
        remaining = deadline - time.monotonic()
        result = attempt(max(remaining, 0.001))
        sent = sent or result.request_sent
        if not result.retryable:
            return result
        failures += 1
        if policy.max_attempts is not None and failures >= policy.max_attempts:
            break
        pause = policy.delay(failures)
        if time.monotonic() + pause >= deadline:
            break
        sleep(pause)
    if sent == result.request_sent:
        return result
    return BackendResult.failure(
        result.error_code or "NETWORK_ERROR", result.message, data=result.data, request_sent=sent
    )
