"""A worker thread that runs one task periodically (background upkeep of the caches and the
scan log); a failed round is logged and simply tried again next time."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable

log = logging.getLogger(__name__)


class PeriodicWorker:
    """Calls `task()` every `interval_s` (sooner after `wake()`) on its own daemon thread,
    named `name`; start(), wake() and stop() may be called from any thread."""

    def __init__(self, name: str, task: Callable[[], None], interval_s: float) -> None:
        self.name = name
        self.task = task
        self.interval_s = interval_s
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self.rounds = 0  # completed rounds (successful or not)

    def start(self) -> None:
        if self._thread is not None:
            raise RuntimeError(f"{self.name} is already started")
        self._thread = threading.Thread(target=self._run, name=self.name, daemon=True)
        self._thread.start()

    def wake(self) -> None:
        self._wake.set()

    def stop(self, timeout_s: float = 1.0) -> bool:
        self._stop.set()
        self._wake.set()
        if self._thread is None:
            return True
        self._thread.join(timeout_s)
        return not self._thread.is_alive()

    def _run(self) -> None:
        while not self._stop.is_set():
            try:
                self.task()
            except Exception:
                log.exception("%s: round failed", self.name)
            self.rounds += 1
            self._wake.wait(self.interval_s)
            self._wake.clear()
