"""A ReaderSink that records what a reader reports, for tests that run a reader on a thread."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

from kiosk.nfc.events import CardRemoved, CardTap, ReadError, ReaderState, ReaderStatus


class RecordingSink:
    """Thread-safe record of taps, removals, statuses and read errors, in arrival order."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.events: list[object] = []

    def _add(self, event: object) -> None:
        with self._lock:
            self.events.append(event)

    def on_tap(self, tap: CardTap) -> None:
        self._add(tap)

    def on_status(self, status: ReaderStatus) -> None:
        self._add(status)

    def on_read_error(self, error: ReadError) -> None:
        self._add(error)

    def on_card_removed(self, removed: CardRemoved) -> None:
        self._add(removed)

    def of(self, kind: type) -> list:
        with self._lock:
            return [e for e in self.events if isinstance(e, kind)]

    @property
    def taps(self) -> list[CardTap]:
        return self.of(CardTap)

    @property
    def removals(self) -> list[CardRemoved]:
        return self.of(CardRemoved)

    @property
    def errors(self) -> list[ReadError]:
        return self.of(ReadError)

    @property
    def states(self) -> list[ReaderState]:
        return [s.state for s in self.of(ReaderStatus)]

    def last_status(self) -> ReaderStatus | None:
        statuses = self.of(ReaderStatus)
        return statuses[-1] if statuses else None


def wait_until(predicate: Callable[[], object], timeout_s: float = 5.0, what: str = "") -> None:
    """Poll ``predicate`` until true; fail the test with ``what`` after ``timeout_s``."""
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(0.01)
    raise AssertionError(f"timed out after {timeout_s} s waiting for {what or predicate}")
