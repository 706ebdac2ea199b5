"""The replay worker: drains the outbox into the backend, oldest first, with the original ids.

While the backend is unreachable it backs off (capped exponential backoff with jitter) and
probes again; `wake()` (a submit that reached the backend, a supervisor's "retry now")
makes it try at once.
"""

from __future__ import annotations

import logging
import threading

from sync.retry import RetryPolicy
from sync.sender import OutboxSender

log = logging.getLogger(__name__)

REPLAY_POLICY = RetryPolicy(base_s=0.5, cap_s=15.0, max_attempts=None)


class ReplayWorker:
    """Runs on its own daemon thread, "sync-replay"; start(), wake() and stop() may be
    called from any thread."""

    def __init__(
        self,
        sender: OutboxSender,
        *,
        policy: RetryPolicy = REPLAY_POLICY,
        idle_poll_s: float = 5.0,
        call_timeout_s: float = 10.0,
    ) -> None:
        self.sender = sender
        self.policy = policy
        self.idle_poll_s = idle_poll_s
        self.call_timeout_s = call_timeout_s
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self.failures = 0

    def start(self) -> None:
        if self._thread is not None:
            raise RuntimeError("the replay worker is already started")
        self._thread = threading.Thread(target=self._run, name="sync-replay", daemon=True)
        self._thread.start()

    def wake(self) -> None:
        self._wake.set()

    def stop(self, timeout_s: float = 1.0) -> bool:
        """Ask the thread to stop and wait up to `timeout_s`; True if it has ended."""
        self._stop.set()
        self._wake.set()
        if self._thread is None:
            return True
        self._thread.join(timeout_s)
        return not self._thread.is_alive()

    def _pause(self, seconds: float) -> None:
        self._wake.wait(seconds)
        self._wake.clear()

    def _run(self) -> None:
        while not self._stop.is_set():
            try:
                report = self.sender.drain_batch(self.call_timeout_s)
            except Exception:
                log.exception("replay round failed")
                self.failures += 1
                self._pause(self.policy.delay(self.failures))
                continue
            if report.failure is not None:
                self.failures += 1
                delay = self.policy.delay(self.failures)
                log.info("backend unreachable (%s); next try in %.1f s", report.failure.message, delay)
                self._pause(delay)
            elif report.sent == 0:
                self.failures = 0
                self._pause(self.idle_poll_s)
            else:
                self.failures = 0
