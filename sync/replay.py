"""The replay worker: drains the outbox into the backend, oldest first per card, with the
original ids, one thread per sender lane.

While the backend is unreachable it backs off (capped exponential backoff with jitter) and
probes again; `wake()` (a submit that reached the backend, a supervisor's "retry now")
makes it try at once. With nothing to send while the backend is known unreachable, lane 0
calls `probe()` on the same backoff, so the kiosk learns that the backend is back even when
its queue is empty (interactive sales decide offline at once until then).
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable

from sync.retry import RetryPolicy
from sync.sender import OutboxSender

log = logging.getLogger(__name__)

REPLAY_POLICY = RetryPolicy(base_s=0.5, cap_s=15.0, max_attempts=None)


class ReplayWorker:
    """Runs one daemon thread per sender lane, "sync-replay-<lane>"; start(), wake() and
    stop() may be called from any thread."""

    def __init__(
        self,
        sender: OutboxSender,
        *,
        policy: RetryPolicy = REPLAY_POLICY,
        idle_poll_s: float = 5.0,
        call_timeout_s: float = 10.0,
        probe: Callable[[], object] | None = None,
        unreachable: Callable[[], bool] | None = None,
    ) -> None:
        self.sender = sender
        self.probe = probe
        self.unreachable = unreachable or (lambda: False)
        self.policy = policy
        self.idle_poll_s = idle_poll_s
        self.call_timeout_s = call_timeout_s
        self._wakes = [threading.Event() for _ in range(sender.lanes)]
        self._stop = threading.Event()
        self._threads: list[threading.Thread] = []

    def start(self) -> None:
        if self._threads:
            raise RuntimeError("the replay worker is already started")
        self._threads = [
            threading.Thread(target=self._run, args=(lane,), name=f"sync-replay-{lane}", daemon=True)
            for lane in range(self.sender.lanes)
        ]
        for thread in self._threads:
            thread.start()

    def wake(self) -> None:
        for event in self._wakes:
            event.set()

    def stop(self, timeout_s: float = 1.0) -> bool:
        """Ask the threads to stop and wait up to `timeout_s` in all; True if they have ended."""
        self._stop.set()
        self.wake()
        deadline = time.monotonic() + timeout_s
        for thread in self._threads:
            thread.join(max(deadline - time.monotonic(), 0.0))
        return not self.is_alive()

    def is_alive(self) -> bool:
        return any(thread.is_alive() for thread in self._threads)

    def join(self, timeout_s: float) -> None:
        deadline = time.monotonic() + timeout_s
        for thread in self._threads:
            thread.join(max(deadline - time.monotonic(), 0.0))

    def _pause(self, lane: int, seconds: float) -> None:
        self._wakes[lane].wait(seconds)
        self._wakes[lane].clear()

    def _run(self, lane: int) -> None:
        failures = 0
        while not self._stop.is_set():
            try:
                report = self.sender.drain_batch(self.call_timeout_s, lane)
            except Exception:
                log.exception("replay round failed")
                failures += 1
                self._pause(lane, self.policy.delay(failures))
                continue
            if report.failure is not None:
                failures += 1
                delay = self.policy.delay(failures)
                log.info("backend unreachable (%s); next try in %.1f s", report.failure.message, delay)
                self._pause(lane, delay)
            elif report.sent == 0 and lane == 0 and self.probe is not None and self.unreachable():
                try:
                    self.probe()
                except Exception:
                    log.exception("probing the backend failed")
                failures = failures + 1 if self.unreachable() else 0
                self._pause(lane, self.policy.delay(failures) if failures else 0.0)
            elif report.sent == 0:
                failures = 0
                self._pause(lane, self.idle_poll_s)
            else:
                failures = 0
                # a cash-shift row in this lane may have been waiting for older rows of another
                # lane (or they for it): let the other lanes look again now, not after idling
                for other, event in enumerate(self._wakes):
                    if other != lane:
                        event.set()
