"""Sends outbox rows to the backend, in order per card, and records the answers.

Cards are spread over `lanes` (by a stable hash of the card UID); each lane has one sender at
a time (a lock), so a card's requests are never in flight twice nor out of order. The replay
worker drains each lane's oldest pending rows in batches, the lanes in parallel (the server
works on several at once); an interactive submit sends its own row right after the older
pending rows of the same card. Final answers close rows (and update the card cache in the same
local transaction); transient failures put rows back to pending, with their ids unchanged.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass

from sync.backend import Backend
from sync.card_cache import CardCache
from sync.errors import NETWORK_ERROR
from sync.outbox import Outbox, OutboxEntry, card_lane
from sync.result import BackendResult
from sync.retry import RetryPolicy, call_with_retries
from sync.status import StatusBoard

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class DrainReport:
    sent: int = 0
    answered: int = 0
    failure: BackendResult | None = None  # the transient failure that stopped the batch


class OutboxSender:
    """Runs on the calling thread: the replay worker's, or a UI worker thread's for an
    interactive submit. Thread-safe."""

    def __init__(
        self,
        backend: Backend,
        outbox: Outbox,
        cards: CardCache,
        status: StatusBoard,
        *,
        batch_size: int = 200,
        lanes: int = 2,
    ) -> None:
        if not 1 <= lanes <= 16:
            raise ValueError(f"lanes must be 1 to 16, not {lanes}")
        self.backend = backend
        self.outbox = outbox
        self.cards = cards
        self.status = status
        self.batch_size = batch_size
        self.lanes = lanes
        self._locks = [threading.Lock() for _ in range(lanes)]

    def lane_of(self, card_uid: str | None) -> int:
        return card_lane(card_uid) % self.lanes

    def _send(self, entries: Sequence[OutboxEntry], timeout_s: float) -> list[BackendResult]:
        calls = [(e.function, e.send_args()) for e in entries]
        results = self.backend.call_many(calls, timeout_s=timeout_s)
        if len(results) != len(entries):  # a transport bug must not lose rows
            raise RuntimeError(f"backend answered {len(results)} of {len(entries)} calls")
        return results

    def _record(self, outcomes: Sequence[tuple[OutboxEntry, BackendResult]], *, live: bool = False) -> None:
        self.outbox.close(
            outcomes,
            on_closed=lambda conn, answered: self.cards.learn_many(
                conn, [(e.card_uid, r) for e, r in answered]
            ),
            live=live,
        )
        if outcomes:
            self.status.record(outcomes[-1][1])

    def drain_batch(self, timeout_s: float, lane: int = 0) -> DrainReport:
        """Send the oldest pending rows of `lane` (one batch) and record their answers."""
        with self._locks[lane]:
            entries = self.outbox.claim_next(self.batch_size, lane, self.lanes)
            if not entries:
                return DrainReport()
            try:
                results = self._send(entries, timeout_s)
            except Exception as exc:
                log.exception("sending a batch failed")
                failed = BackendResult.failure(NETWORK_ERROR, f"sending failed: {exc}")
                results = [failed] * len(entries)
            self._record(list(zip(entries, results, strict=True)))
        failure = next((r for r in results if r.retryable), None)
        return DrainReport(sent=len(entries), answered=sum(r.answered for r in results), failure=failure)

    def send_owned(self, entry: OutboxEntry, deadline: float, policy: RetryPolicy) -> BackendResult:
        """Send `entry`, which the caller enqueued in_flight (so nobody else sends it), right
        after the older pending rows of the same card; retry transient failures per `policy`
        until `deadline` (monotonic).

        A final answer closes `entry`. On a transient failure `entry` stays in_flight and the
        caller must resolve it (Outbox.release or Outbox.void_locally) — so the offline decision
        is taken before any other sender can pick the row up."""
        lock = self._locks[self.lane_of(entry.card_uid)]
        if not lock.acquire(timeout=max(deadline - time.monotonic(), 0.0)):
            result = BackendResult.failure(
                NETWORK_ERROR, "the queue is still being sent: no answer in time", request_sent=False
            )
            self.status.changed()
            return result
        earlier: list[OutboxEntry] = []
        unresolved: list[tuple[OutboxEntry, BackendResult]] = []

        def attempt(remaining: float) -> BackendResult:
            nonlocal earlier, unresolved
            batch = [*earlier, entry]
            try:
                results = self._send(batch, remaining)
            except Exception as exc:
                log.exception("sending a request failed")
                results = [BackendResult.failure(NETWORK_ERROR, f"sending failed: {exc}")] * len(batch)
            outcomes = list(zip(earlier, results[:-1], strict=True))
            self._record([(e, r) for e, r in outcomes if not r.retryable])
            unresolved = [(e, r) for e, r in outcomes if r.retryable]
            earlier = [e for e, _ in unresolved]
            if results[-1].retryable:
                self.status.record(results[-1])
            return results[-1]

        try:
            earlier = self.outbox.claim_earlier_of_card(entry.card_uid, entry.seq)
            own = call_with_retries(attempt, policy, deadline)
            if not own.retryable:
                self._record([(entry, own)], live=True)
            self._record(unresolved)  # the card's earlier rows go back to pending
        finally:
            lock.release()
        return own
