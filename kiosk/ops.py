"""The one way to run work off the GUI thread (Anki's QueryOp, made small).

`OpRunner.run(fn, on_success, on_failure)` runs `fn()` on a worker thread of the runner's
QThreadPool and delivers its return value (or exception) to the callbacks on the GUI thread.
`fn` must never touch a widget. The worker emits the runner's `_finished` signal; the runner
lives in the GUI thread and the signal is connected to the runner's own slot, so Qt queues
the delivery onto the GUI thread (a bare lambda connected to a worker's signal could run in
the worker). No QObject is created per op: nothing can be deleted under a pending delivery.
"""

from __future__ import annotations

import itertools
import logging
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QThreadPool, Signal, Slot

log = logging.getLogger(__name__)

SuccessCallback = Callable[[Any], None]
FailureCallback = Callable[[BaseException], None]


def _execute(fn: Callable[[], Any], op_id: int, deliver: Callable[[object], None]) -> None:
    """Runs on a pool thread: call fn, then hand the outcome to the runner's signal."""
    try:
        outcome = (op_id, True, fn())
    except BaseException as exc:  # every failure is delivered, none is lost
        outcome = (op_id, False, exc)
    try:
        deliver(outcome)
    except RuntimeError:  # the runner was deleted: the window closed while we worked
        log.debug("op %s finished after its runner was deleted; outcome dropped", op_id)


class OpRunner(QObject):
    """Runs plain functions off the GUI thread; create it and call run() on the GUI thread."""

    _finished = Signal(object)  # (op_id, ok, value or exception)

    def __init__(self, parent: QObject | None = None, max_threads: int = 4) -> None:
        super().__init__(parent)
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(max_threads)
        self._callbacks: dict[int, tuple[SuccessCallback | None, FailureCallback | None]] = {}
        self._ids = itertools.count(1)
        self._finished.connect(self._deliver)

    def run(
        self,
        fn: Callable[[], Any],
        on_success: SuccessCallback | None = None,
        on_failure: FailureCallback | None = None,
    ) -> None:
        """Run fn() on a worker thread; call on_success(value) or on_failure(exc) on the GUI thread.

        Without on_failure, an exception is logged and re-raised on the GUI thread, where the
        global exception hook turns it into a calm message.
        """
        op_id = next(self._ids)
        self._callbacks[op_id] = (on_success, on_failure)
        deliver = self._finished.emit
        self._pool.start(lambda: _execute(fn, op_id, deliver))

    @Slot(object)
    def _deliver(self, outcome: object) -> None:
        op_id, ok, payload = outcome  # type: ignore[misc]
        on_success, on_failure = self._callbacks.pop(op_id, (None, None))
        if ok:
            if on_success is not None:
                on_success(payload)
        elif on_failure is not None:
            on_failure(payload)
        else:
            log.error("background operation failed", exc_info=payload)
            raise payload  # reaches the global exception hook

    @property
    def pending_count(self) -> int:
        """Ops started whose outcome has not been delivered yet."""
        return len(self._callbacks)

    def wait_for_done(self, timeout_ms: int = -1) -> bool:
        """Block until the worker threads are idle (outcomes are still delivered by the event loop)."""
        return self._pool.waitForDone(timeout_ms)
