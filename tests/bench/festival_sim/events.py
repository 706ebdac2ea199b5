"""Per-process event logs of the simulation: JSON lines, flushed twice a second.

Each worker process generation writes its own file (taps, status samples, errors), the
orchestrator writes one for the faults it caused. A SIGKILL loses at most the last half
second of events: they feed figures, never the invariants, which read outboxes and the
database. Every event carries `ts`, absolute Unix time in seconds.
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from pathlib import Path


class EventLog:
    """Thread-safe append-only JSONL writer; `emit` from any thread, a daemon thread flushes."""

    def __init__(self, path: Path, flush_interval_s: float = 0.5) -> None:
        self.path = path
        self._file = path.open("a", encoding="utf-8")
        self._lock = threading.Lock()
        self._buffer: list[str] = []
        self._stop = threading.Event()
        self._interval = flush_interval_s
        self._thread = threading.Thread(target=self._run, name="event-log", daemon=True)
        self._thread.start()

    def emit(self, name: str, /, **fields: object) -> None:
        line = json.dumps({"e": name, "ts": round(time.time(), 4), **fields}, default=str)
        with self._lock:
            self._buffer.append(line)

    def flush(self) -> None:
        with self._lock:
            lines, self._buffer = self._buffer, []
            if lines:
                self._file.write("\n".join(lines) + "\n")
                self._file.flush()

    def _run(self) -> None:
        while not self._stop.wait(self._interval):
            self.flush()

    def close(self) -> None:
        self._stop.set()
        self._thread.join(2)
        self.flush()
        self._file.close()


def read_events(paths: list[Path]) -> Iterator[dict]:
    """Every event of the given files; a line cut short by a SIGKILL is skipped."""
    for path in paths:
        with path.open(encoding="utf-8") as handle:
            for line in handle:
                try:
                    yield json.loads(line)
                except json.JSONDecodeError:
                    continue
