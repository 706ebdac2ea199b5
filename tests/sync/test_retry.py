"""Narrow retries: only transient codes, capped exponential backoff with jitter, deadlines."""

from __future__ import annotations

import random
import time

from sync.result import BackendResult
from sync.retry import RetryPolicy, call_with_retries

BUSY = BackendResult.failure("DATABASE_BUSY", "busy")
DOWN = BackendResult.failure("NETWORK_ERROR", "down", request_sent=False)
OK = BackendResult(ok=True, data={"success": True})
REFUSED = BackendResult.failure("INSUFFICIENT_FUNDS", "no money")


def scripted(*results: BackendResult):
    calls = []

    def attempt(remaining: float) -> BackendResult:
        calls.append(remaining)
        return results[min(len(calls) - 1, len(results) - 1)]

    return attempt, calls


def test_delays_grow_exponentially_up_to_the_cap_with_jitter():
    policy = RetryPolicy(base_s=0.1, cap_s=1.0, multiplier=2.0)
    assert [policy.ceiling(n) for n in range(1, 7)] == [0.1, 0.2, 0.4, 0.8, 1.0, 1.0]
    rng = random.Random(7)
    delays = [policy.delay(4, rng) for _ in range(200)]
    assert all(0 <= d <= 0.8 for d in delays) and len(set(delays)) > 100


def test_a_business_answer_is_never_retried():
    attempt, calls = scripted(REFUSED)
    assert call_with_retries(attempt, RetryPolicy(), time.monotonic() + 5, sleep=lambda s: None) is REFUSED
    assert len(calls) == 1


def test_transient_failures_are_retried_until_an_answer():
    attempt, calls = scripted(BUSY, DOWN, OK)
    policy = RetryPolicy(max_attempts=5)
    result = call_with_retries(attempt, policy, time.monotonic() + 5, sleep=lambda s: None)
    assert result is OK and len(calls) == 3


def test_retries_stop_after_max_attempts_and_remember_a_possible_send():
    attempt, calls = scripted(BUSY, DOWN, DOWN)
    policy = RetryPolicy(max_attempts=3)
    result = call_with_retries(attempt, policy, time.monotonic() + 5, sleep=lambda s: None)
    assert len(calls) == 3 and result.error_code == "NETWORK_ERROR"
    assert result.request_sent is True  # the first attempt may have reached the server


def test_retries_stop_at_the_deadline():
    attempt, calls = scripted(DOWN)
    policy = RetryPolicy(base_s=10.0, cap_s=10.0, max_attempts=None)
    result = call_with_retries(attempt, policy, time.monotonic() + 0.5, sleep=lambda s: None)
    assert result.retryable and len(calls) < 50
